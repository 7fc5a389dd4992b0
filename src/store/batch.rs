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

/// The events of the records whose row ids are in the JSON array ?1, record after record in
/// the array's order, each in `seq` order (`events_record`, one lookup per record). A join,
/// not `record IN (…)`: SQLite built a sorted temporary table of the list for that, a
/// twentieth of an export.
pub(super) const EVENTS_OF_MANY: &str =
    "SELECT events.record, events.seq, events.at, events.written_at, events.operator,
            events.action, events.payload
       FROM json_each(?1) AS wanted CROSS JOIN events ON events.record = wanted.value";

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
    pub(super) fn folded_all(&self, rows: &[Row]) -> Result<Folded> {
        let mut out = Folded::with_capacity(rows.len());
        self.fold_into(rows, &mut out)?;
        Ok(out)
    }

    /// `folded_all`, appended to `out`.
    pub(super) fn fold_into(&self, rows: &[Row], out: &mut Folded) -> Result<()> {
        // Each part's records go straight into `out`: a record is large, and moving it through
        // a part's own vector, then a vector of entries, was a tenth of an export.
        out.records.reserve(rows.len());
        for part in rows.chunks(PART) {
            self.folded_part(part, out)?;
        }
        Ok(())
    }

    /// `folded` of every row of `rows`, appended to `out`.
    fn folded_part(&self, rows: &[Row], out: &mut Folded) -> Result<()> {
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
                if history.1.is_some_and(|first| first < seq) {
                    continue;
                }
                match decode_event(r, seq, 2) {
                    Some(event) => history.0.push(event),
                    None => history.1 = Some(seq),
                }
            }
        }
        // The join gives each record's events in `seq` order (the index is by record, then
        // row id); should a plan ever give them otherwise, they are put in order here.
        for (events, _) in histories.values_mut() {
            if !events.is_sorted_by_key(|e| e.seq) {
                events.sort_by_key(|e| e.seq);
            }
        }
        let first = out.records.len();
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
            match folded {
                Ok(mut record) => {
                    record.repeat_of = *repeat_of;
                    out.records.push(record);
                }
                Err(StoreError::Damaged(d)) => out.push(Entry::Damaged(d)),
                Err(e) => return Err(e),
            }
        }
        let mut records: Vec<&mut Record> = out.records[first..].iter_mut().collect();
        super::links::fill_links_all(&self.conn, &mut records)?;
        Ok(())
    }
}

/// Rows folded, in order: the records, and each row whose history cannot be read with its
/// place among all the rows (a record is large: it is moved once, into `records`).
#[derive(Debug, Default)]
pub(super) struct Folded {
    pub records: Vec<Record>,
    pub damaged: Vec<(usize, Damaged)>,
}

impl Folded {
    pub fn with_capacity(n: usize) -> Self {
        Self {
            records: Vec::with_capacity(n),
            damaged: Vec::new(),
        }
    }

    /// How many rows, damaged ones included.
    pub fn len(&self) -> usize {
        self.records.len() + self.damaged.len()
    }

    pub fn push(&mut self, entry: Entry) {
        match entry {
            Entry::Record(r) => self.records.push(r),
            Entry::Damaged(d) => {
                let place = self.len();
                self.damaged.push((place, d));
            }
        }
    }

    /// Every row in order, a damaged one in its place.
    pub fn into_entries(self) -> impl Iterator<Item = Entry> {
        let mut records = self.records.into_iter();
        let mut damaged = self.damaged.into_iter().peekable();
        let mut place = 0;
        std::iter::from_fn(move || {
            let entry = match damaged.next_if(|(at, _)| *at == place) {
                Some((_, d)) => Entry::Damaged(d),
                None => match records.next() {
                    Some(r) => Entry::Record(r),
                    None => Entry::Damaged(damaged.next()?.1),
                },
            };
            place += 1;
            Some(entry)
        })
    }
}
