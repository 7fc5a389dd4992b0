//! `repair-index`: everything the desk reads besides the histories (the record rows' columns,
//! which record repeats which, the search index, the id counters) rebuilt from the histories,
//! in one transaction. What `verify` recommends when only those disagree.

use super::damage::Damaged;
use super::records::{Derived, decode_event, fold_history, put_row, searchable_text};
use super::{Result, Store, StoreError};
use crate::domain::{Event, Policy, RecordId, Slug};
use std::collections::BTreeMap;

/// What `repair_index` did.
#[derive(Debug, Clone, Default)]
pub struct Repaired {
    /// Records rebuilt from their histories.
    pub records: u64,
    /// Records that repeat an earlier one.
    pub repeats: u64,
    /// Records whose history cannot be read: left as they were (indexed by nothing but their
    /// kind); `verify` names them.
    pub unreadable: Vec<Damaged>,
    /// Households of the residents directory whose lookup rows were rebuilt.
    pub households: u64,
}

impl Store {
    /// Rebuild the record rows' derived columns, `repeat_of`, the search index and the id
    /// counters from the histories (the deadline columns under `policy`), all or nothing.
    /// Counters never go down: an id once given is never given again.
    pub fn repair_index(&mut self, policy: &Policy) -> Result<Repaired> {
        self.require_write()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut done = Repaired::default();
        // Made afresh: emptying an index that keeps its text would tokenize every entry again.
        tx.execute_batch(super::schema::SEARCH_TABLE)?;
        let mut serials: BTreeMap<(&'static str, i32), u32> = BTreeMap::new();
        {
            let mut recs = tx.prepare("SELECT rowid, id, kind FROM records ORDER BY rowid")?;
            let mut evs = tx.prepare(
                "SELECT record, seq, at, written_at, operator, action, payload FROM events
                 ORDER BY record, seq",
            )?;
            let mut insert =
                tx.prepare("INSERT INTO search(rowid, body, kind) VALUES (?1, ?2, ?3)")?;
            let mut rows = recs.query([])?;
            let mut events = evs.query([])?;
            let mut pending: Option<(i64, i64, Option<Event>)> = next(&mut events)?;
            let mut history: Vec<Event> = Vec::new();
            while let Some(r) = rows.next()? {
                let rowid: i64 = r.get(0)?;
                let id_text: String = r.get::<_, Option<String>>(1)?.unwrap_or_default();
                let kind: String = r.get::<_, Option<String>>(2)?.unwrap_or_default();
                history.clear();
                let mut unreadable = None;
                while let Some((record, seq, event)) = pending.take() {
                    if record > rowid {
                        pending = Some((record, seq, event));
                        break;
                    }
                    if record == rowid {
                        match event {
                            Some(e) => history.push(e),
                            None => unreadable = unreadable.or(Some(seq)),
                        }
                    }
                    pending = next(&mut events)?;
                }
                let folded = match (RecordId::parse(&id_text), unreadable) {
                    (None, _) => Err(super::records::damaged(
                        &id_text,
                        super::damage::Damage::BadId,
                    )),
                    (Some(id), Some(seq)) => Err(super::records::damaged(
                        &id.to_string(),
                        super::damage::Damage::Unreadable(seq),
                    )),
                    (Some(id), None) => fold_history(id, history.drain(..)),
                };
                let record = match folded {
                    Ok(record) => record,
                    Err(StoreError::Damaged(d)) => {
                        insert.execute(rusqlite::params![rowid, "", kind])?;
                        done.unreadable.push(d);
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                let serial = serials
                    .entry((record.id.kind.slug(), record.id.year()))
                    .or_default();
                *serial = (*serial).max(record.id.serial);
                put_row(&tx, rowid, &Derived::of(&record, Some(policy)), None)?;
                insert.execute(rusqlite::params![
                    rowid,
                    searchable_text(&record),
                    record.kind().slug()
                ])?;
                done.records += 1;
            }
        }
        done.repeats = super::repeats::recompute_all(&tx, policy.limits.repeat_window_days)?;
        {
            let mut counter = tx.prepare(
                "INSERT INTO counters(kind, year, last) VALUES (?1, ?2, ?3)
                 ON CONFLICT(kind, year) DO UPDATE SET last = max(last, excluded.last)",
            )?;
            for ((kind, year), last) in &serials {
                counter.execute(rusqlite::params![kind, year, last])?;
            }
        }
        super::rules::stamp_all(&tx, policy)?;
        done.households = super::residents_repair::rebuild_households(&tx)?;
        super::times::rebuild(&tx)?;
        tx.execute_batch(
            "DELETE FROM record_counts;
             INSERT INTO record_counts(kind, status, n)
                  SELECT kind, status, count(*) FROM records GROUP BY kind, status;",
        )?;
        tx.commit()?;
        Ok(done)
    }
}

fn next(rows: &mut rusqlite::Rows<'_>) -> Result<Option<(i64, i64, Option<Event>)>> {
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let seq: i64 = r.get(1)?;
    Ok(Some((r.get(0)?, seq, decode_event(r, seq, 2))))
}
