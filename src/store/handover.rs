//! Handover queries: the handover record of a shift change, the last signed one, and what a
//! draft is compiled from.

use super::records::{Stamp, secs};
use super::{ListQuery, Result, Store, StoreError};
use crate::domain::handover::{
    Draft, DraftInputs, HandoverNote, Slot, check_incoming, compile, previous_slot, settled_from,
    sign_target, slot_at,
};
use crate::domain::record::Change;
use crate::domain::shift::{ShiftDef, shift_at};
use crate::domain::text::{MAX_TEXT_CHARS, required_text};
use crate::domain::time::rfc3339;
use crate::domain::*;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use std::collections::BTreeMap;

/// Owned inputs for `handover::compile`.
pub struct Gathered {
    pub open: Vec<Record>,
    /// Open records whose history cannot be read (left out of `open`).
    pub damaged: Vec<super::Damaged>,
    pub created_in_shift: Vec<Record>,
    pub last_signed: Option<Record>,
    pub settled: Vec<(Record, DateTime<Utc>)>,
    pub notes: Vec<HandoverNote>,
    pub actions: BTreeMap<String, i64>,
}

impl Gathered {
    pub fn inputs<'a>(
        &'a self,
        slot: &'a Slot,
        next_shift_end: DateTime<Utc>,
        now: DateTime<Utc>,
        outgoing: &'a str,
    ) -> DraftInputs<'a> {
        DraftInputs {
            slot,
            next_shift_end,
            now,
            outgoing,
            open: &self.open,
            created_in_shift: &self.created_in_shift,
            last_signed: self.last_signed.as_ref(),
            settled: &self.settled,
            notes: self.notes.clone(),
            actions: self.actions.clone(),
        }
    }
}

/// How many events of each action a shift had ([?1, ?2)): the stretch of events of that time.
fn actions_sql(conn: &rusqlite::Connection) -> String {
    format!(
        "SELECT action, count(*) FROM events WHERE {} AND at >= ?1 AND at < ?2 GROUP BY action",
        super::times::span(conn, "seq")
    )
}

/// The records resolved or closed in [?1, ?2), each with the last such moment.
fn settled_sql(conn: &rusqlite::Connection) -> String {
    format!(
        "SELECT r.id, max(e.at), r.rowid, r.repeat_of, r.received_at
           FROM events e JOIN records r ON r.rowid = e.record
          WHERE {} AND e.action IN ('resolve', 'close', 'callback')
            AND e.at >= ?1 AND e.at < ?2
          GROUP BY r.rowid ORDER BY max(e.at), r.rowid",
        super::times::span(conn, "e.seq")
    )
}

/// The last one other than ?3 who wrote in [?1, ?2).
fn outgoing_sql(conn: &rusqlite::Connection) -> String {
    format!(
        "SELECT operator FROM events WHERE {} AND at >= ?1 AND at < ?2 AND operator <> ?3
          ORDER BY seq DESC LIMIT 1",
        super::times::span(conn, "seq")
    )
}

impl Store {
    /// SQLite's plans for the handover's reads of events by time (a shift's actions, what was
    /// settled since the last handover, who wrote last), for tests that guard against a walk of
    /// every event.
    pub fn explain_handover_reads(&self) -> Result<Vec<String>> {
        let mut plans = Vec::new();
        for sql in [
            actions_sql(&self.conn),
            settled_sql(&self.conn),
            outgoing_sql(&self.conn),
        ] {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let n = stmt.parameter_count();
            let params: Vec<i64> = (0..n as i64).collect();
            let details: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(params), |r| {
                    r.get::<_, String>(3)
                })?
                .collect::<rusqlite::Result<_>>()?;
            plans.push(details.join("; "));
        }
        Ok(plans)
    }

    /// The handover record (draft or signed, not voided) of the shift change at `boundary`.
    pub fn handover_at(&self, boundary: DateTime<Utc>) -> Result<Option<Record>> {
        match self.handover_id_at(boundary)? {
            Some(id) => Ok(Some(self.get(id)?.0)),
            None => Ok(None),
        }
    }

    /// The id of `handover_at`'s record, without reading its history.
    fn handover_id_at(&self, boundary: DateTime<Utc>) -> Result<Option<RecordId>> {
        let id: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM records WHERE shift_key = ?1 AND kind = 'handover' AND voided = 0
                 ORDER BY rowid DESC LIMIT 1",
                [secs(boundary)],
                |r| r.get(0),
            )
            .optional()?;
        Ok(id.as_deref().and_then(RecordId::parse))
    }

    /// The most recently signed handover, not voided.
    pub fn last_signed_handover(&self) -> Result<Option<Record>> {
        let id: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM records WHERE kind = 'handover' AND status = 'signed'
                 ORDER BY shift_key DESC, rowid DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        self.record_by_text(id)
    }

    fn record_by_text(&self, id: Option<String>) -> Result<Option<Record>> {
        match id.as_deref().and_then(RecordId::parse) {
            Some(id) => Ok(Some(self.get(id)?.0)),
            None => Ok(None),
        }
    }

    /// What a draft for `slot` is compiled from.
    pub fn gather_handover(
        &self,
        slot: &Slot,
        now: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Gathered> {
        let mut q = ListQuery::new(now);
        q.open = true;
        q.limit = None;
        // A record whose history cannot be read is left out here; `handover show` names it.
        let listed = self.listed(&q)?;
        let damaged = listed.damaged;
        let open: Vec<Record> = listed
            .records
            .into_iter()
            // Open calls and repairs, incidents, and flagged duty-log entries.
            .filter(|r| r.rules().in_handover())
            .collect();
        let mut q = ListQuery::new(now);
        q.since = Some(slot.from.start);
        q.until = Some(slot.boundary.min(now.max(slot.from.start)));
        q.limit = None;
        let created_in_shift = if slot.from.start < now {
            self.listed(&q)?.records
        } else {
            Vec::new()
        };
        let mut notes = Vec::new();
        if let Some(id) = self.handover_id_at(slot.boundary)? {
            let (_, events) = self.get(id)?;
            for e in events {
                if let Change::Action(Action::Note { text }) = e.change {
                    notes.push(HandoverNote {
                        by: e.operator,
                        at: rfc3339(e.at, policy.zone),
                        text,
                    });
                }
            }
        }
        let mut actions = BTreeMap::new();
        {
            let mut stmt = self.conn.prepare_cached(&actions_sql(&self.conn))?;
            let rows = stmt.query_map([secs(slot.from.start), secs(slot.boundary)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })?;
            for row in rows {
                let (action, n) = row?;
                actions.insert(action, n);
            }
        }
        let last_signed = self.last_signed_handover()?;
        let from = settled_from(
            slot,
            last_signed
                .as_ref()
                .and_then(|h| HandoverDetails::of(h))
                .map(|d| d.boundary),
        );
        let settled = self.settled_between(from, slot.boundary.min(now))?;
        Ok(Gathered {
            open,
            damaged,
            created_in_shift,
            last_signed,
            settled,
            notes,
            actions,
        })
    }

    /// Records resolved or closed (resolve, close, or the callback that closes) between `from`
    /// and `until`, each with the last such moment; one whose history cannot be read is left
    /// out here (`handover show` names it).
    fn settled_between(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<(Record, DateTime<Utc>)>> {
        if from >= until {
            return Ok(Vec::new());
        }
        // The records are folded together, as a list's are (one at a time, they were two
        // fifths of `handover show` on a million records).
        let mut rows = Vec::new();
        let mut times = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(&settled_sql(&self.conn))?;
            let mut found = stmt.query([secs(from), secs(until)])?;
            while let Some(r) = found.next()? {
                let Some(id) = RecordId::parse(&r.get::<_, String>(0)?) else {
                    continue;
                };
                let repeat_of: Option<String> = r.get(3)?;
                rows.push((
                    r.get::<_, i64>(2)?,
                    Ok(id),
                    repeat_of.as_deref().and_then(RecordId::parse),
                    r.get::<_, i64>(4)?,
                ));
                times.push(r.get::<_, i64>(1)?);
            }
        }
        let folded = self.folded_all(&rows)?;
        let mut records = folded.records.into_iter();
        let mut damaged = folded.damaged.iter().map(|(place, _)| *place).peekable();
        let mut out = Vec::new();
        for (place, at) in times.into_iter().enumerate() {
            // A record whose history cannot be read is left out.
            if damaged.next_if_eq(&place).is_some() {
                continue;
            }
            let record = records.next().expect("one record per row not damaged");
            if let Some(at) = DateTime::from_timestamp(at, 0) {
                out.push((record, at));
            }
        }
        Ok(out)
    }

    /// Apply `action` to the handover of `slot`, creating its draft record first if needed,
    /// in one transaction.
    pub fn act_on_handover(
        &mut self,
        slot: &Slot,
        action: Action,
        stamp: &Stamp<'_>,
        policy: &Policy,
    ) -> Result<Record> {
        let existing = self.handover_id_at(slot.boundary)?;
        self.batch(|w| {
            let id = match existing {
                Some(id) => id,
                None => {
                    let summary = format!(
                        "{} → {} {}",
                        slot.from.name,
                        slot.to,
                        crate::domain::time::short(slot.boundary, policy.zone)
                    );
                    let new = NewRecord {
                        details: HandoverDetails {
                            from_shift: slot.from.name.clone(),
                            to_shift: slot.to.clone(),
                            shift_start: slot.from.start,
                            boundary: slot.boundary,
                        }
                        .into(),
                        summary,
                        room: None,
                        location: None,
                        phone: None,
                        name: None,
                    };
                    w.add(new, stamp, policy)?.id
                }
            };
            w.act(id, action, stamp, policy)
        })
        .map_err(|e| match e {
            StoreError::Rule(RuleError::NotAllowed { .. }) => {
                StoreError::Rule(RuleError::field(Field::Handover, Problem::HandoverClosed))
            }
            other => other,
        })
    }

    /// The previous shift change, if its window has passed without a signed handover (and the
    /// file already held events then: a new database owes nothing from before it existed).
    pub fn unsigned_previous(
        &self,
        defs: &[ShiftDef],
        slot: &Slot,
        now: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Option<Slot>> {
        if slot.boundary <= now {
            return Ok(None);
        }
        let previous = previous_slot(defs, slot, policy);
        // A shift change from before the file's first record owes no handover here.
        let first: Option<i64> =
            self.conn
                .query_row("SELECT min(received_at) FROM records", [], |r| r.get(0))?;
        if first.is_none_or(|first| previous.boundary.timestamp() <= first) {
            return Ok(None);
        }
        let signed = self
            .handover_at(previous.boundary)?
            .is_some_and(|h| h.signature().is_some());
        Ok((!signed).then_some(previous))
    }

    /// The handover of `slot` compiled from the records as they stand now.
    pub fn handover_draft(
        &self,
        defs: &[ShiftDef],
        slot: &Slot,
        now: DateTime<Utc>,
        policy: &Policy,
        outgoing: &str,
    ) -> Result<Draft> {
        Ok(self
            .handover_draft_and_damaged(defs, slot, now, policy, outgoing)?
            .0)
    }

    /// `handover_draft`, and the open records it could not read (read once for both).
    pub fn handover_draft_and_damaged(
        &self,
        defs: &[ShiftDef],
        slot: &Slot,
        now: DateTime<Utc>,
        policy: &Policy,
        outgoing: &str,
    ) -> Result<(Draft, Vec<super::Damaged>)> {
        let gathered = self.gather_handover(slot, now, policy)?;
        let next_end = shift_at(defs, slot.boundary, policy.zone).end;
        let mut draft = compile(gathered.inputs(slot, next_end, now, outgoing), policy);
        draft.rounds = Some(self.rounds_due(now, policy)?);
        Ok((draft, gathered.damaged))
    }

    /// The incoming person accepts the handover that is due (`sign_target`): its compiled
    /// content and the chain head are frozen into it. Refused if it is already signed.
    pub fn sign_handover(
        &mut self,
        defs: &[ShiftDef],
        by: &str,
        stamp: &Stamp<'_>,
        policy: &Policy,
    ) -> Result<Record> {
        // The name is checked first (empty, too long) when it is not the operator's own.
        if by.trim() != stamp.operator {
            check_incoming(by, stamp.operator)?;
        }
        let target = self.handover_target(defs, stamp.now, policy)?;
        let outgoing = self.outgoing_for(&target, by, stamp.operator)?;
        let by = check_incoming(by, outgoing.as_deref().unwrap_or(stamp.operator))?;
        if let Some(h) = self.handover_at(target.boundary)?
            && let Some(sig) = h.signature()
        {
            return Err(RuleError::field(
                Field::Handover,
                Problem::AlreadySigned {
                    id: h.id.to_string(),
                    by: crate::domain::text::sanitize_line(&sig.by).into_owned(),
                    at: crate::domain::time::short(sig.at, policy.zone),
                },
            )
            .into());
        }
        let from = outgoing.as_deref().unwrap_or(stamp.operator);
        let mut content = self.handover_draft(defs, &target, stamp.now, policy, from)?;
        let (seq, hash) = self.chain_head()?;
        content.chain_head = Some((seq, super::verify::hex(&hash)));
        let action = Action::Sign {
            by,
            content: serde_json::to_value(&content).expect("drafts serialise"),
            outgoing,
        };
        self.act_on_handover(&target, action, stamp, policy)
    }

    /// The incoming person refuses the handover that is due, with a reason.
    pub fn refuse_handover(
        &mut self,
        defs: &[ShiftDef],
        by: &str,
        reason: &str,
        stamp: &Stamp<'_>,
        policy: &Policy,
    ) -> Result<Record> {
        // The name is checked first (empty, too long) when it is not the operator's own.
        if by.trim() != stamp.operator {
            check_incoming(by, stamp.operator)?;
        }
        let target = self.handover_target(defs, stamp.now, policy)?;
        let outgoing = self.outgoing_for(&target, by, stamp.operator)?;
        let by = check_incoming(by, outgoing.as_deref().unwrap_or(stamp.operator))?;
        let reason = required_text(Field::Reason, reason, MAX_TEXT_CHARS)?;
        self.act_on_handover(&target, Action::Refuse { by, reason }, stamp, policy)
    }

    /// Who hands over when the incoming person `by` signs from their own session (`by` is the
    /// operator): whoever last wrote in the ending shift other than them. None: the operator
    /// is the outgoing one (or no one else wrote, and `check_incoming` refuses).
    fn outgoing_for(&self, slot: &Slot, by: &str, operator: &str) -> Result<Option<String>> {
        if by.trim() != operator {
            return Ok(None);
        }
        Ok(self
            .conn
            .query_row(
                &outgoing_sql(&self.conn),
                rusqlite::params![secs(slot.from.start), secs(slot.boundary), operator],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Which handover `sign`/`refuse` mean now (`sign_target`).
    pub fn handover_target(
        &self,
        defs: &[ShiftDef],
        now: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Slot> {
        let slot = slot_at(defs, now, policy);
        let previous = self.unsigned_previous(defs, &slot, now, policy)?;
        Ok(sign_target(&slot, previous, now, policy)?)
    }

    /// Handovers, newest shift change first.
    pub fn handovers(
        &self,
        since: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Record>> {
        let mut q = ListQuery::new(now);
        q.kind = Some(RecordKind::shift_handover());
        q.since = since;
        q.limit = None;
        let mut all = self.listed(&q)?.records;
        all.sort_by_key(|r| std::cmp::Reverse(r.rules().shift_key().unwrap_or(r.received_at)));
        Ok(all)
    }
}
