//! Writing records: one IMMEDIATE transaction per user action, an event per change, the record
//! row and the search index updated in the same transaction.

use super::chain::{EventFields, GENESIS, event_hash};
use super::damage::{Damage, Damaged};
use super::{Result, Store, StoreError};
use crate::domain::deadline::escalation_due;
use crate::domain::record::Change;
use crate::domain::time::check_event_time;
use crate::domain::*;
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::repeats::find_repeat;
use super::row::write_row;
// The row's columns and the search text are `row.rs`'s; the rest of the store imports them
// from here.
pub(super) use super::row::{
    Derived, put_row, reindex_all, searchable_text, with_searchable_parts,
};

/// Who did it and when: stamped on every event.
#[derive(Debug, Clone)]
pub struct Stamp<'a> {
    pub operator: &'a str,
    /// When it really happened.
    pub at: DateTime<Utc>,
    /// The desk's clock now (the write time).
    pub now: DateTime<Utc>,
}

pub(super) fn secs(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

pub(super) fn time(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().unwrap_or_default()
}

impl Store {
    pub(super) fn write_tx(&mut self) -> Result<Transaction<'_>> {
        self.require_write()?;
        self.check_file()?;
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Create a record in its own transaction; returns it as stored.
    pub fn add(&mut self, new: NewRecord, stamp: &Stamp<'_>, policy: &Policy) -> Result<Record> {
        self.batch(|w| w.add(new, stamp, policy))
    }

    /// Apply one lifecycle action in its own transaction; refused (nothing written) when it
    /// does not fit.
    pub fn act(
        &mut self,
        id: RecordId,
        action: Action,
        stamp: &Stamp<'_>,
        policy: &Policy,
    ) -> Result<Record> {
        self.batch(|w| w.act(id, action, stamp, policy))
    }

    /// Several writes in one transaction: all of them land or none (bulk loads, `demo`).
    pub fn batch<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let (path, opened) = (self.path.clone(), self.file_id);
        let routes = self.routes.clone();
        let rederive_notice = self.rederive_notice;
        let out = {
            let tx = self.write_tx()?;
            let mut writer = Writer {
                tx,
                search: Default::default(),
                rules_checked: false,
                routes: routes.clone(),
                rederive_notice,
            };
            let out = f(&mut writer)?;
            writer.flush_search()?;
            // Once more with the write lock held, just before the commit: a file removed or
            // replaced meanwhile gets nothing (the transaction rolls back as `writer` drops).
            super::open::check_same_file(&path, opened)?;
            writer.tx.commit()?;
            out
        };
        if self.stats_pending {
            self.update_planner_stats();
        }
        Ok(out)
    }

    /// Record, as an event by the program, every complaint that has become major by staying open
    /// a month. Returns the ids escalated.
    pub fn escalate_due(&mut self, now: DateTime<Utc>, policy: &Policy) -> Result<Vec<RecordId>> {
        if self.read_only.is_some() {
            return Ok(Vec::new());
        }
        let cutoff = now - Duration::days(policy.limits.escalate_to_major_days);
        let candidates: Vec<String> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id FROM records INDEXED BY records_open_due
                 WHERE kind = 'call' AND open = 1 AND category = 'complaint'
                 AND (class IS NULL OR class <> 'major') AND received_at <= ?1",
            )?;
            stmt.query_map([secs(cutoff)], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut done = Vec::new();
        for text in candidates {
            let Some(id) = RecordId::parse(&text) else {
                continue;
            };
            let record = match self.get(id) {
                Ok((record, _)) => record,
                // Not this record's turn: `verify` names it; the others still escalate.
                Err(StoreError::Damaged(_)) => continue,
                Err(e) => return Err(e),
            };
            if !escalation_due(&record, policy, now) {
                continue;
            }
            let stamp = Stamp {
                operator: "dutydesk",
                at: now.max(record.last_event_at),
                now,
            };
            let action = Action::Escalate {
                to: ComplaintClass::Major,
            };
            self.act(id, action, &stamp, policy)?;
            done.push(id);
        }
        Ok(done)
    }

    /// One record with its timeline; `StoreError::Damaged` when its history cannot be read.
    pub fn get(&self, id: RecordId) -> Result<(Record, Vec<Event>)> {
        let (rowid, repeat_of) = locate(&self.conn, id)?.ok_or(StoreError::NotFound(id))?;
        let events = events_of(&self.conn, rowid, &id.to_string())?;
        let mut record = fold_history(id, events.iter().cloned())?;
        record.repeat_of = repeat_of;
        super::links::fill_links(&self.conn, &mut record)?;
        Ok((record, events))
    }
}

/// A record's entry in the search index, waiting for the end of the batch.
struct Indexed {
    text: String,
    kind: RecordKind,
    /// The record is in the index already: its old entry goes first.
    replaces: bool,
}

/// Writes inside one open transaction.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    /// rowid -> what to index: written at the end of the batch, so that FTS5 flushes its
    /// pending terms once per batch, not once per statement.
    search: std::collections::BTreeMap<i64, Indexed>,
    /// The open records' deadline columns follow this batch's rules (`rules::bring_up_to_date`).
    rules_checked: bool,
    /// The notification channels: a write's messages go to the outbox with it.
    routes: std::sync::Arc<crate::domain::notify::Routing>,
    rederive_notice: Option<fn()>,
}

impl Writer<'_> {
    /// Before the first write of the batch: the open records' deadline columns under `policy`.
    fn follow_rules(&mut self, policy: &Policy) -> Result<()> {
        if !self.rules_checked {
            super::rules::bring_up_to_date(&self.tx, policy, self.rederive_notice)?;
            self.rules_checked = true;
        }
        Ok(())
    }

    fn flush_search(&mut self) -> Result<()> {
        let pending = std::mem::take(&mut self.search);
        for (rowid, entry) in &pending {
            if entry.replaces {
                self.tx
                    .prepare_cached("DELETE FROM search WHERE rowid = ?1")?
                    .execute([rowid])?;
            }
        }
        let mut insert = self
            .tx
            .prepare_cached("INSERT INTO search(rowid, body, kind) VALUES (?1, ?2, ?3)")?;
        for (rowid, entry) in &pending {
            insert.execute(params![rowid, entry.text, entry.kind.slug()])?;
        }
        Ok(())
    }

    pub fn add(&mut self, new: NewRecord, stamp: &Stamp<'_>, policy: &Policy) -> Result<Record> {
        check_event_time(stamp.at, stamp.now, None, policy.zone)?;
        // The kind's rules between fields (as `add` and the desk's forms ask them); never on
        // fold, so rows written before a rule stay readable.
        crate::domain::intake::check(&new, stamp.at, policy)?;
        self.follow_rules(policy)?;
        let tx = &self.tx;
        let kind = new.details.kind();
        let year = stamp.at.with_timezone(&policy.zone).year();
        let serial: u32 = tx
            .prepare_cached(
                "INSERT INTO counters(kind, year, last) VALUES (?1, ?2, 1)
             ON CONFLICT(kind, year) DO UPDATE SET last = last + 1 RETURNING last",
            )?
            .query_row(params![kind.slug(), year], |r| r.get(0))?;
        let id = RecordId::new(kind, year, serial)?;
        let mut record = Record::created(id, new, stamp.at, stamp.now, stamp.operator);
        record.repeat_of = find_repeat(tx, &record, policy)?;
        tx.prepare_cached(
            "INSERT INTO records(id, kind, status, open, received_at, written_at, updated_at, summary)
             VALUES (?1, ?2, 'received', 1, ?3, ?4, ?4, '')",
        )?
        .execute(
            params![id.to_string(), kind.slug(), secs(stamp.at), secs(stamp.now)],
        )?;
        let rowid = tx.last_insert_rowid();
        let change = Change::Created(Box::new(record.new.clone()));
        append_event(tx, rowid, &id, &change, stamp)?;
        super::outbox::queue(tx, &change, &record, stamp, policy, &self.routes)?;
        if let Some(text) = write_row(tx, rowid, &record, policy, true)? {
            self.search.insert(
                rowid,
                Indexed {
                    text,
                    kind,
                    replaces: false,
                },
            );
        }
        Ok(record)
    }

    pub fn act(
        &mut self,
        id: RecordId,
        mut action: Action,
        stamp: &Stamp<'_>,
        policy: &Policy,
    ) -> Result<Record> {
        self.follow_rules(policy)?;
        let (rowid, record) = load(&self.tx, id)?.ok_or(StoreError::NotFound(id))?;
        check_event_time(stamp.at, stamp.now, Some(record.last_event_at), policy.zone)?;
        crate::domain::callbacks::check_fields(&record, &action)?;
        crate::domain::callbacks::check_quality(&record, &action, stamp.at, &policy.limits)?;
        if let Some(form) = crate::domain::callbacks::opens_follow_up(&action) {
            // Refused before the follow-up is written.
            record.apply(&action, stamp.at, stamp.operator)?;
            if let Some(new) = self.open_follow_up(&record, form, stamp, policy)?
                && let Action::Callback { follow_up, .. } = &mut action
            {
                *follow_up = Some(new);
            }
        }
        let tx = &self.tx;
        super::callbacks::decide(tx, &record, &mut action, stamp, policy)?;
        let next = record.apply(&action, stamp.at, stamp.operator)?;
        let change = Change::Action(action);
        append_event(tx, rowid, &id, &change, stamp)?;
        super::outbox::queue(tx, &change, &next, stamp, policy, &self.routes)?;
        // Only a technician, a note or a void reason change the searchable text.
        let reindex = next.assignee() != record.assignee()
            || next.notes.len() != record.notes.len()
            || next.voided.is_some() != record.voided.is_some();
        if let Some(text) = write_row(tx, rowid, &next, policy, reindex)? {
            let replaces = self.search.get(&rowid).is_none_or(|e| e.replaces);
            self.search.insert(
                rowid,
                Indexed {
                    text,
                    kind: next.kind(),
                    replaces,
                },
            );
        }
        Ok(next)
    }
}

/// An event's change from its action column and payload: the action column says which of the
/// two shapes the payload has (parsing it directly avoids serde's untagged trial, which buffers
/// and parses every action twice). None when the payload does not parse.
pub(super) fn decode_change(action: &[u8], payload: &[u8]) -> Option<Change> {
    if action == b"create" {
        super::payload::new_record_of(payload)
            .or_else(|| serde_json::from_slice::<NewRecord>(payload).ok())
            .map(|n| Change::Created(Box::new(n)))
    } else {
        super::payload::action_of(action, payload)
            .or_else(|| serde_json::from_slice::<Action>(payload).ok())
            .map(Change::Action)
    }
}

/// A record's events in order; `StoreError::Damaged` (naming `id`) when one cannot be read.
pub(super) fn events_of(conn: &rusqlite::Connection, rowid: i64, id: &str) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, at, written_at, operator, action, payload FROM events WHERE record = ?1
         ORDER BY seq",
    )?;
    let mut rows = stmt.query([rowid])?;
    let mut events = Vec::new();
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        match decode_event(r, seq, 1) {
            Some(event) => events.push(event),
            None => return Err(damaged(id, Damage::Unreadable(seq))),
        }
    }
    Ok(events)
}

/// An event from the columns `at, written_at, operator, action, payload` starting at `first`;
/// None when any of them is not what the program writes (damage, or a newer version).
pub(super) fn decode_event(r: &rusqlite::Row<'_>, seq: i64, first: usize) -> Option<Event> {
    let int = |i: usize| match r.get_ref(i).ok()? {
        ValueRef::Integer(n) => Some(n),
        _ => None,
    };
    let at = Utc.timestamp_opt(int(first)?, 0).single()?;
    let written_at = Utc.timestamp_opt(int(first + 1)?, 0).single()?;
    let operator = match r.get_ref(first + 2).ok()? {
        ValueRef::Text(t) => std::str::from_utf8(t).ok()?.to_string(),
        _ => return None,
    };
    let change = match (r.get_ref(first + 3).ok()?, r.get_ref(first + 4).ok()?) {
        (ValueRef::Text(action), ValueRef::Text(payload)) => decode_change(action, payload)?,
        _ => return None,
    };
    Some(Event {
        seq,
        at,
        written_at,
        operator,
        change,
    })
}

/// A record rebuilt from its events; `StoreError::Damaged` when they do not make one.
pub(super) fn fold_history(
    id: RecordId,
    events: impl IntoIterator<Item = Event>,
) -> Result<Record> {
    let mut events = events.into_iter().peekable();
    if events.peek().is_none() {
        return Err(damaged(&id.to_string(), Damage::NoHistory));
    }
    Record::fold(id, events).map_err(|e| damaged(&id.to_string(), Damage::Invalid(e.to_string())))
}

pub(super) fn damaged(id: &str, reason: Damage) -> StoreError {
    StoreError::Damaged(Damaged {
        id: id.to_string(),
        reason,
    })
}

/// A record's row id and the earlier record it repeats, by its id.
fn locate(conn: &rusqlite::Connection, id: RecordId) -> Result<Option<(i64, Option<RecordId>)>> {
    Ok(conn
        .prepare_cached("SELECT rowid, repeat_of FROM records WHERE id = ?1")?
        .query_row([id.to_string()], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
        })
        .optional()?
        .map(|(rowid, repeat_of)| (rowid, repeat_of.as_deref().and_then(RecordId::parse))))
}

impl Writer<'_> {
    /// A record as it stands in this transaction, with its row id.
    pub(super) fn load(&self, id: RecordId) -> Result<Option<(i64, Record)>> {
        load(&self.tx, id)
    }
}

fn load(tx: &Transaction<'_>, id: RecordId) -> Result<Option<(i64, Record)>> {
    let Some((rowid, repeat_of)) = locate(tx, id)? else {
        return Ok(None);
    };
    let mut record = fold_history(id, events_of(tx, rowid, &id.to_string())?)?;
    record.repeat_of = repeat_of;
    Ok(Some((rowid, record)))
}

fn append_event(
    tx: &Transaction<'_>,
    rowid: i64,
    id: &RecordId,
    change: &Change,
    stamp: &Stamp<'_>,
) -> Result<()> {
    let (prev_seq, prev_hash): (i64, Vec<u8>) = tx
        .prepare_cached("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_vec()));
    let seq = prev_seq + 1;
    let payload = serde_json::to_string(change).expect("events serialise");
    let id_text = id.to_string();
    let hash = event_hash(
        &prev_hash,
        &EventFields {
            seq,
            record_id: id_text.as_bytes(),
            at: secs(stamp.at),
            written_at: secs(stamp.now),
            operator: stamp.operator.as_bytes(),
            action: change.slug().as_bytes(),
            payload: payload.as_bytes(),
        },
    );
    tx.prepare_cached(
        "INSERT INTO events(seq, record, at, written_at, operator, action, payload, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(
        params![
            seq,
            rowid,
            secs(stamp.at),
            secs(stamp.now),
            stamp.operator,
            change.slug(),
            payload,
            prev_hash,
            hash.to_vec()
        ],
    )?;
    Ok(())
}
