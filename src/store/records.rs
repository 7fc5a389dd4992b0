//! Writing records: one IMMEDIATE transaction per user action, an event per change, the record
//! row and the search index updated in the same transaction.

use super::chain::{EventFields, GENESIS, event_hash};
use super::damage::{Damage, Damaged};
use super::search::{index_text, phone_tail};
use super::{Result, Store, StoreError};
use crate::domain::deadline::{deadlines, escalation_due, next_open};
use crate::domain::record::Change;
use crate::domain::time::check_event_time;
use crate::domain::*;
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

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
    fn write_tx(&mut self) -> Result<Transaction<'_>> {
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
        let out = {
            let tx = self.write_tx()?;
            let mut writer = Writer {
                tx,
                search: Default::default(),
                rules_checked: false,
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
}

impl Writer<'_> {
    /// Before the first write of the batch: the open records' deadline columns under `policy`.
    fn follow_rules(&mut self, policy: &Policy) -> Result<()> {
        if !self.rules_checked {
            super::rules::bring_up_to_date(&self.tx, policy)?;
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
        crate::domain::intake::check(&new, stamp.at, policy.zone)?;
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
        append_event(
            tx,
            rowid,
            &id,
            &Change::Created(Box::new(record.new.clone())),
            stamp,
        )?;
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
        action: Action,
        stamp: &Stamp<'_>,
        policy: &Policy,
    ) -> Result<Record> {
        self.follow_rules(policy)?;
        let tx = &self.tx;
        let (rowid, record) = load(tx, id)?.ok_or(StoreError::NotFound(id))?;
        check_event_time(stamp.at, stamp.now, Some(record.last_event_at), policy.zone)?;
        let next = record.apply(&action, stamp.at, stamp.operator)?;
        append_event(tx, rowid, &id, &Change::Action(action), stamp)?;
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

/// Fill the search index from every record's history (schema migration 4). A record whose
/// history cannot be read is indexed by its id alone (`verify` names it).
pub(super) fn reindex_all(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    let mut recs = tx.prepare("SELECT rowid, id, kind FROM records ORDER BY rowid")?;
    let mut evs = tx.prepare(
        "SELECT record, seq, at, written_at, operator, action, payload FROM events
         ORDER BY record, seq",
    )?;
    let mut insert = tx.prepare("INSERT INTO search(rowid, body, kind) VALUES (?1, ?2, ?3)")?;
    let mut rows = recs.query([])?;
    let mut events = evs.query([])?;
    let mut pending = events.next()?;
    let mut history: Vec<Event> = Vec::new();
    while let Some(r) = rows.next()? {
        let (rowid, id, kind): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        history.clear();
        let mut readable = true;
        while let Some(e) = pending {
            let record: i64 = e.get(0)?;
            if record > rowid {
                break;
            }
            if record == rowid {
                let change = match (e.get_ref(5)?, e.get_ref(6)?) {
                    (ValueRef::Text(a), ValueRef::Text(p)) => decode_change(a, p),
                    _ => None,
                };
                match change {
                    Some(change) => history.push(Event {
                        seq: e.get(1)?,
                        at: time(e.get(2)?),
                        written_at: time(e.get(3)?),
                        operator: e.get(4)?,
                        change,
                    }),
                    None => readable = false,
                }
            }
            pending = events.next()?;
        }
        let folded = RecordId::parse(&id)
            .filter(|_| readable)
            .and_then(|id| Record::fold(id, history.drain(..)).ok());
        let body = match &folded {
            Some(record) => searchable_text(record),
            None => String::new(),
        };
        insert.execute(params![rowid, body, kind])?;
    }
    Ok(())
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

/// The record row's columns that follow from a record (and the configured deadline rules):
/// written by every write, checked by `verify`, rebuilt by `repair-index`. (`repeat_of` is
/// found among other records: `find_repeat`.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Derived<'r> {
    pub status: &'static str,
    pub open: bool,
    pub voided: bool,
    pub urgent: bool,
    pub updated_at: i64,
    pub category: &'static str,
    pub channel: Option<&'static str>,
    pub class: Option<&'static str>,
    pub room: Option<&'r str>,
    pub assignee: Option<&'r str>,
    pub due_at: Option<i64>,
    pub due_name: Option<&'static str>,
    pub soon_at: Option<i64>,
    pub shift_key: Option<i64>,
    pub watch: bool,
}

impl<'r> Derived<'r> {
    /// Without `policy` the deadline columns are left out (None): for a record that is not
    /// open (nothing reads them then) when only checking.
    pub fn of(record: &'r Record, policy: Option<&Policy>) -> Self {
        let (due_at, due_name, soon_at) = if let Some(policy) = policy {
            let all = deadlines(record, policy);
            let next = next_open(&all);
            let soon_at = all
                .iter()
                .filter(|d| d.is_open())
                .map(|d| d.soon_from)
                .min();
            (
                next.map(|d| secs(d.due)),
                next.map(|d| d.name.slug()),
                soon_at.map(secs),
            )
        } else {
            (None, None, None)
        };
        let n = &record.new;
        let kind = record.rules();
        let (channel, category) = (kind.channel().map(Slug::slug), n.details.category_slug());
        Self {
            status: record.status.slug(),
            open: record.status.is_open(),
            voided: record.is_voided(),
            urgent: record.is_urgent(),
            updated_at: secs(record.last_event_at),
            category,
            channel,
            class: record.class().map(|c| c.slug()),
            room: n.room.as_deref(),
            assignee: record.assignee(),
            due_at,
            due_name,
            soon_at,
            shift_key: kind.shift_key().map(secs),
            watch: record.watch.is_some(),
        }
    }
}

/// Bring the denormalised row and the search index in line with the record's new state.
/// The row keeps only what queries filter and sort on; the text lives in the events (every
/// record shown is folded from them) and the search index. Its `summary`, `location`, `phone`
/// and `name` columns are left empty (schema v1 had them; keeping copies cost ~10% of the file).
fn write_row(
    tx: &Transaction<'_>,
    rowid: i64,
    record: &Record,
    policy: &Policy,
    reindex: bool,
) -> Result<Option<String>> {
    put_row(
        tx,
        rowid,
        &Derived::of(record, Some(policy)),
        record.repeat_of,
    )?;
    Ok(reindex.then(|| searchable_text(record)))
}

pub(super) fn put_row(
    tx: &rusqlite::Connection,
    rowid: i64,
    d: &Derived<'_>,
    repeat_of: Option<RecordId>,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE records SET status = ?2, open = ?3, voided = ?4, urgent = ?5, updated_at = ?6,
            category = ?7, channel = ?8, class = ?9, room = ?10, assignee = ?11,
            repeat_of = ?12, due_at = ?13, due_name = ?14, soon_at = ?15, shift_key = ?16,
            watch = ?17
         WHERE rowid = ?1",
    )?
    .execute(params![
        rowid,
        d.status,
        d.open,
        d.voided,
        d.urgent,
        d.updated_at,
        d.category,
        d.channel,
        d.class,
        d.room,
        d.assignee,
        repeat_of.map(|r| r.to_string()),
        d.due_at,
        d.due_name,
        d.soon_at,
        d.shift_key,
        d.watch,
    ])?;
    Ok(())
}

/// What the search index holds for a record: its text, room, place, phone (and its last four
/// digits), name, technician, notes and void reason. (Its id is found by `records.id`.)
pub(super) fn searchable_text(record: &Record) -> String {
    with_searchable_parts(record, |parts| index_text(&parts.collect::<Vec<_>>()))
}

/// The parts of a record's searchable text, handed to `f` (no copy of the text is made).
pub(super) fn with_searchable_parts<T>(
    record: &Record,
    f: impl FnOnce(&mut dyn Iterator<Item = &str>) -> T,
) -> T {
    let n = &record.new;
    let tail = n.phone.as_deref().and_then(phone_tail).unwrap_or_default();
    let fixed = [
        n.summary.as_str(),
        n.room.as_deref().unwrap_or(""),
        n.location.as_deref().unwrap_or(""),
        n.phone.as_deref().unwrap_or(""),
        &tail,
        n.name.as_deref().unwrap_or(""),
        record.assignee().unwrap_or(""),
    ];
    let mut parts = fixed
        .into_iter()
        .chain(record.notes.iter().map(String::as_str))
        .chain(record.voided.as_ref().map(|v| v.reason.as_str()));
    f(&mut parts)
}

/// The newest earlier record from the same room about the same thing within the repeat window.
fn find_repeat(tx: &Transaction<'_>, record: &Record, policy: &Policy) -> Result<Option<RecordId>> {
    let Some(room) = &record.new.room else {
        return Ok(None);
    };
    if !record.rules().repeats() {
        return Ok(None);
    }
    let since = record.received_at - Duration::days(policy.limits.repeat_window_days);
    let found: Option<String> = tx
        .prepare_cached(
            "SELECT id FROM records WHERE room = ?1 AND kind = ?2 AND category = ?3
               AND received_at >= ?4 AND received_at <= ?5 AND voided = 0
             ORDER BY received_at DESC LIMIT 1",
        )?
        .query_row(
            params![
                room,
                record.kind().slug(),
                record.new.details.category_slug(),
                secs(since),
                secs(record.received_at)
            ],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.as_deref().and_then(RecordId::parse))
}
