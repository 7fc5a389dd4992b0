//! Folding many records at once (a page of a list, an export, a report's period): their events
//! in one statement and the records that repeat them in another, instead of two statements per
//! record. The same records, errors and links as `Store::folded` gives one at a time.

use super::damage::{Damage, Damaged, Entry};
use super::query::Row;
use super::records::{damaged, decode_event, fold_history};
use super::{Result, Store, StoreError};
use crate::domain::*;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// The events of the records whose row ids are in the JSON array ?1, by record, in order
/// (`events_record`, one lookup per record).
pub(super) const EVENTS_OF_MANY: &str =
    "SELECT record, seq, at, written_at, operator, action, payload FROM events
      WHERE record IN (SELECT value FROM json_each(?1)) ORDER BY record, seq";

/// Records folded from one read of their events.
const PART: usize = 1000;

/// A record's events as read, or the sequence number of the first that cannot be read.
type History = (Vec<Event>, Option<i64>);

impl Store {
    /// SQLite's plans for reading many records' events and the records that repeat them, for
    /// tests that guard against a walk of every event or record.
    pub fn explain_batch_reads(&self) -> Result<Vec<String>> {
        let mut plans = Vec::new();
        for (sql, param) in [
            (EVENTS_OF_MANY, "[1,2]"),
            (super::links::REPEATED_BY_MANY, r#"["R-2026-00001"]"#),
        ] {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let details: Vec<String> = stmt
                .query_map([param], |r| r.get::<_, String>(3))?
                .collect::<rusqlite::Result<_>>()?;
            plans.push(details.join("; "));
        }
        Ok(plans)
    }

    /// `folded` of every row, in order: a thousand at a time, so that only one part's events
    /// are held at once.
    pub(super) fn folded_all(&self, rows: &[Row]) -> Result<Vec<Entry>> {
        // Each part's entries go straight into `out`: a record is large, and moving it through
        // a part's own vector first was a twentieth of an export.
        let mut out = Vec::with_capacity(rows.len());
        for part in rows.chunks(PART) {
            self.folded_part(part, &mut out)?;
        }
        Ok(out)
    }

    /// `folded` of every row of `rows`, appended to `out`.
    fn folded_part(&self, rows: &[Row], out: &mut Vec<Entry>) -> Result<()> {
        let distinct = rows.iter().map(|r| r.0).collect::<HashSet<_>>().len() == rows.len();
        if rows.len() < 2 || !distinct {
            for row in rows {
                out.push(self.folded(row)?);
            }
            return Ok(());
        }
        let mut rowids = String::with_capacity(rows.len() * 8 + 2);
        rowids.push('[');
        for (i, row) in rows.iter().enumerate() {
            if i > 0 {
                rowids.push(',');
            }
            write!(rowids, "{}", row.0).expect("writing to a String");
        }
        rowids.push(']');
        let mut histories: HashMap<i64, History> = HashMap::with_capacity(rows.len());
        {
            let mut stmt = self.conn.prepare_cached(EVENTS_OF_MANY)?;
            let mut found = stmt.query([&rowids])?;
            while let Some(r) = found.next()? {
                let (record, seq): (i64, i64) = (r.get(0)?, r.get(1)?);
                let history = histories.entry(record).or_default();
                if history.1.is_some() {
                    continue;
                }
                match decode_event(r, seq, 2) {
                    Some(event) => history.0.push(event),
                    None => history.1 = Some(seq),
                }
            }
        }
        let first = out.len();
        for (rowid, id, repeat_of, _) in rows {
            let id = match id {
                Ok(id) => *id,
                Err(text) => {
                    out.push(Entry::Damaged(Damaged {
                        id: text.clone(),
                        reason: Damage::BadId,
                    }));
                    continue;
                }
            };
            let folded = match histories.remove(rowid).unwrap_or_default() {
                (_, Some(seq)) => Err(damaged(&id.to_string(), Damage::Unreadable(seq))),
                (events, None) => fold_history(id, events),
            };
            out.push(match folded {
                Ok(mut record) => {
                    record.repeat_of = *repeat_of;
                    Entry::Record(record)
                }
                Err(StoreError::Damaged(d)) => Entry::Damaged(d),
                Err(e) => return Err(e),
            });
        }
        let mut records: Vec<&mut Record> = out[first..]
            .iter_mut()
            .filter_map(|e| match e {
                Entry::Record(r) => Some(r),
                Entry::Damaged(_) => None,
            })
            .collect();
        super::links::fill_links_all(&self.conn, &mut records)?;
        Ok(())
    }
}
