//! Callbacks in the store (`domain::callbacks`): the month's repair sample decided inside the
//! write transaction (it depends on the other repairs of the month), and the records a
//! callback or a repair call opens, written in the same transaction as the step that opens
//! them.
//!
//! The month's figures are kept in `meta` (schema 6) under `repair_callbacks:YYYY-MM`, as
//! "resolved owed": counted as repairs resolve, from the month's first resolve by this
//! program on. Repairs resolved before (all owe a callback) are not counted: the month then
//! reads lower than it is and picks more, never fewer.

use super::records::{Stamp, Writer};
use super::{Result, StoreError};
use crate::domain::callbacks::{self, MonthTally};
use crate::domain::*;
use rusqlite::{OptionalExtension, Transaction};

fn key(month: &str) -> String {
    format!("repair_callbacks:{month}")
}

/// The month's repairs so far.
pub(super) fn month(tx: &Transaction<'_>, month: &str) -> Result<MonthTally> {
    let value: Option<String> = tx
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key(month)], |r| r.get(0))
        .optional()?;
    let mut parts = value.as_deref().unwrap_or("").split(' ');
    let mut next = || parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    Ok(MonthTally {
        resolved: next(),
        owed: next(),
    })
}

fn save(tx: &Transaction<'_>, month: &str, tally: MonthTally) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO meta(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key(month), format!("{} {}", tally.resolved, tally.owed)])?;
    Ok(())
}

/// A repair's resolve: decides whether it owes a callback (unless the caller did) and counts
/// it in its month. Call after the record accepted the step, before its event is written.
pub(super) fn decide(
    tx: &Transaction<'_>,
    record: &Record,
    action: &mut Action,
    stamp: &Stamp<'_>,
    policy: &Policy,
) -> Result<()> {
    let Action::Resolve {
        signed,
        rating,
        callback,
        ..
    } = action
    else {
        return Ok(());
    };
    if !record.kind().props().monthly_sample {
        return Ok(());
    }
    let month_key = callbacks::month_key(stamp.at, policy.zone);
    let tally = month(tx, &month_key)?;
    let decision = callback.unwrap_or_else(|| {
        let must = callbacks::mandatory(*signed, *rating).is_some();
        tally.decide(must, policy.limits.repair_callback_share)
    });
    *callback = Some(decision);
    save(tx, &month_key, tally.count(decision))
}

impl Writer<'_> {
    /// A repair call becomes a work order (§3): the repair filled from the call, received when
    /// the call was (the dispatch clock runs from the call), linked both ways; the call's
    /// reply is met by it and the call is done with. Returns the call and the repair.
    pub fn work_order(
        &mut self,
        call: RecordId,
        category: Option<&str>,
        location: Option<String>,
        stamp: &Stamp<'_>,
        policy: &Policy,
    ) -> Result<(Record, Record)> {
        let record = self.get(call)?;
        let new = callbacks::work_order(&record, category, location)?;
        self.work_order_of(call, new, stamp, policy)
    }

    /// `work_order` with the repair as given (the desk's form, filled from the call).
    pub fn work_order_of(
        &mut self,
        call: RecordId,
        new: NewRecord,
        stamp: &Stamp<'_>,
        policy: &Policy,
    ) -> Result<(Record, Record)> {
        let record = self.get(call)?;
        if !record.rules().takes_work_order() {
            return Err(RuleError::field(Field::CallKind, Problem::OnlyRepairCall).into());
        }
        // The call must take it (once, while unanswered) before anything is written.
        let probe = Action::WorkOrder { repair: call };
        record.apply(&probe, stamp.at, stamp.operator)?;
        let at_call = Stamp {
            at: record.received_at,
            ..stamp.clone()
        };
        let repair = self.add(new, &at_call, policy)?;
        let of = Action::FollowUpOf {
            of: call,
            by: FollowUpBy::WorkOrder,
        };
        let repair = self.act(repair.id, of, &at_call, policy)?;
        let action = Action::WorkOrder { repair: repair.id };
        let call = self.act(call, action, stamp, policy)?;
        Ok((call, repair))
    }

    /// An unsatisfied callback: its follow-up, written before the callback that names it.
    pub(super) fn open_follow_up(
        &mut self,
        record: &Record,
        form: CallbackForm,
        stamp: &Stamp<'_>,
        policy: &Policy,
    ) -> Result<Option<RecordId>> {
        let Some(new) = callbacks::follow_up(record, form) else {
            return Ok(None);
        };
        let created = self.add(new, stamp, policy)?;
        let of = Action::FollowUpOf {
            of: record.id,
            by: FollowUpBy::Callback,
        };
        self.act(created.id, of, stamp, policy)?;
        Ok(Some(created.id))
    }

    fn get(&self, id: RecordId) -> Result<Record> {
        self.load(id)?
            .map(|(_, r)| r)
            .ok_or(StoreError::NotFound(id))
    }
}

impl super::Store {
    /// The records whose callback is still owed (resolved, not closed), and the repairs whose
    /// quality follow-up window is open at `now` and not yet met, soonest due first, at most
    /// `limit` (None: all): `list --callbacks-due`, the desk's callbacks-due view.
    pub fn callbacks_due(
        &self,
        kind: Option<RecordKind>,
        limit: Option<u32>,
        now: chrono::DateTime<chrono::Utc>,
        limits: &Limits,
    ) -> Result<super::Listed> {
        // Each kind's open records in due order (the open-records index), the resolved ones
        // taken until the limit: a walk of the open records, not of the file.
        let mut stmt = self.conn.prepare_cached(
            "SELECT due_at, rowid, id FROM records INDEXED BY records_open_due
             WHERE kind = ?1 AND open = 1 AND status = 'resolved'
             ORDER BY due_at, rowid LIMIT ?2",
        )?;
        let limit_sql = limit.map_or(-1, i64::from);
        let kinds = match kind {
            Some(kind) => vec![kind],
            None => RecordKind::ALL
                .iter()
                .copied()
                .filter(|k| k.props().owes_callbacks)
                .collect(),
        };
        let mut rows: Vec<(Option<i64>, i64, String)> = Vec::new();
        for kind in kinds {
            let found = stmt
                .query_map(rusqlite::params![kind.slug(), limit_sql], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.extend(found);
        }
        if kind.is_none_or(|k| k.props().quality_follow_up) {
            rows.extend(self.quality_due(now, limits, limit_sql)?);
        }
        rows.sort();
        // A repair owing both its callback and its quality follow-up: once, by the sooner.
        let mut seen = std::collections::HashSet::new();
        rows.retain(|(_, _, id)| seen.insert(id.clone()));
        if let Some(limit) = limit {
            rows.truncate(limit as usize);
        }
        let ids: Vec<String> = rows.into_iter().map(|(_, _, id)| id).collect();
        let mut listed = super::Listed {
            records: Vec::new(),
            damaged: Vec::new(),
        };
        for id in ids.iter().filter_map(|t| RecordId::parse(t)) {
            match self.get(id) {
                Ok((record, _)) => listed.records.push(record),
                Err(StoreError::Damaged(d)) => listed.damaged.push(d),
                Err(e) => return Err(e),
            }
        }
        Ok(listed)
    }

    /// The repairs whose quality follow-up window is open at `now` and not yet met (resolved
    /// between `now` − to_days and `now` − from_days), as (due, rowid, id), soonest due first:
    /// a walk of that window in `records_quality` (schema 9; none on an older file).
    fn quality_due(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        limits: &Limits,
        limit: i64,
    ) -> Result<Vec<(Option<i64>, i64, String)>> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version < 9 {
            return Ok(Vec::new());
        }
        let day = 86_400;
        let now = now.timestamp();
        let (from, to) = (
            limits.quality_callback_from_days * day,
            limits.quality_callback_to_days * day,
        );
        let mut stmt = self.conn.prepare_cached(
            "SELECT quality_from + ?3, rowid, id FROM records INDEXED BY records_quality
             WHERE quality_from BETWEEN ?1 AND ?2 ORDER BY quality_from, rowid LIMIT ?4",
        )?;
        let rows = stmt
            .query_map(rusqlite::params![now - to, now - from, to, limit], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
