//! Reading records: lists, search, counts. Lists are paged; nothing loads a whole table.

use super::batch::Folded;
use super::damage::{Damage, Damaged, Entry, Listed};
use super::list_sql::{as_params, bind, build, words};
use super::records::searchable_text;
use super::records::{events_of, fold_history, secs};
use super::search::{check_query, text_matches};
use super::{Result, Store, StoreError};
use crate::domain::*;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use rusqlite::types::Value;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Newest received first.
    #[default]
    Newest,
    /// Overdue, then soon (each by due time), then the rest newest first.
    UrgentFirst,
}

#[derive(Debug, Clone)]
pub struct ListQuery {
    pub kind: Option<RecordKind>,
    pub open: bool,
    pub overdue: bool,
    pub soon: bool,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Full-text filter (words, room, phone); a query with nothing searchable matches nothing.
    pub text: Option<String>,
    /// None: no limit.
    pub limit: Option<u32>,
    pub offset: u32,
    pub order: Order,
    /// Only open records due before this moment or flagged for the next shift (the handover).
    pub due_or_watched_before: Option<DateTime<Utc>>,
    /// Only records whose callback is owed (resolved, not closed): the desk's callbacks-due
    /// view.
    pub callbacks_due: bool,
    /// With `callbacks_due`: also the repairs resolved in this range whose quality follow-up
    /// is owed (its window is open).
    pub quality_window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Continue after this page end (from `Page::next`) instead of using `offset`.
    pub after: Option<Cursor>,
    /// The rows just before this one (in list order), without OFFSET.
    pub before: Option<Cursor>,
    /// The last rows of the list (the End key), without OFFSET.
    pub tail: bool,
    pub now: DateTime<Utc>,
}

impl ListQuery {
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            kind: None,
            open: false,
            overdue: false,
            soon: false,
            since: None,
            until: None,
            text: None,
            limit: Some(200),
            offset: 0,
            order: Order::Newest,
            after: None,
            before: None,
            tail: false,
            due_or_watched_before: None,
            callbacks_due: false,
            quality_window: None,
            now,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    pub records: i64,
    pub events: i64,
    pub open: i64,
    pub overdue: i64,
    pub soon: i64,
    /// kind -> status -> count
    pub by_kind: BTreeMap<String, BTreeMap<String, i64>>,
    pub file_bytes: i64,
}

/// Where a page ended, to continue from there without OFFSET (which walks every skipped row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub(super) received_at: i64,
    pub(super) rowid: i64,
}

/// One page of a list, and where the next page starts.
#[derive(Debug, Clone)]
pub struct Page {
    /// The records that could be read, in list order.
    pub records: Vec<Record>,
    /// The rows whose history cannot be read, each with its place among all the page's rows
    /// (`Page::into_entries` puts them back there).
    pub damaged: Vec<(usize, Damaged)>,
    /// Each row's place (records and damaged, in list order), to continue from it (None for
    /// the overdue/soon rows on top).
    pub cursors: Vec<Option<Cursor>>,
    /// None when this page was the last.
    pub next: Option<Cursor>,
}

impl Page {
    fn of(folded: Folded, cursors: Vec<Option<Cursor>>, next: Option<Cursor>) -> Self {
        Self {
            records: folded.records,
            damaged: folded.damaged,
            cursors,
            next,
        }
    }

    /// How many rows the page holds, damaged ones included.
    pub fn len(&self) -> usize {
        self.records.len() + self.damaged.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every row in list order, a damaged one in its place.
    pub fn into_entries(self) -> Vec<Entry> {
        let mut out = Vec::with_capacity(self.len());
        out.extend(self.entries());
        out
    }

    /// `into_entries` one by one, for a caller that only walks them (an export, `list --json`):
    /// no second vector of the page's records.
    pub fn entries(self) -> impl Iterator<Item = Entry> {
        Folded {
            records: self.records,
            damaged: self.damaged,
        }
        .into_entries()
    }
}

/// Records with a resolve event in [?1, ?2): through `events_resolve` (schema 9), which holds
/// only the resolve events, by time.
const RESOLVED_BETWEEN: &str = "SELECT r.rowid, r.id, r.repeat_of, r.received_at FROM records r
 WHERE r.rowid IN (SELECT DISTINCT record FROM events
                    WHERE action = 'resolve' AND at >= ?1 AND at < ?2)";

/// Open records whose next deadline falls before ?2 (`records_open_due`), and those received in
/// [?3, ?2) with an event at or after ?1 (`records_time`).
const DUE_CANDIDATES: &str = "SELECT rowid, id, repeat_of, received_at FROM records
  INDEXED BY records_open_due WHERE open = 1 AND due_at < ?2
 UNION
 SELECT rowid, id, repeat_of, received_at FROM records
  WHERE received_at >= ?3 AND received_at < ?2 AND updated_at >= ?1";

/// The records resolved in a period (`Store::resolved_between_reusing`): some lent from the
/// records the caller already holds, the others folded here.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Each record in order: Ok(place in the caller's records) or Err(place in `fresh`).
    order: Vec<std::result::Result<usize, usize>>,
    fresh: Vec<Record>,
    /// The rows whose history cannot be read.
    pub damaged: Vec<Damaged>,
}

impl Resolved {
    /// The records resolved, in order, `known` being the records given to
    /// `resolved_between_reusing`.
    pub fn records<'a>(&'a self, known: &'a [Record]) -> Vec<&'a Record> {
        self.order
            .iter()
            .map(|place| match *place {
                Ok(i) => &known[i],
                Err(i) => &self.fresh[i],
            })
            .collect()
    }
}

/// Row id, the id (or the text that is not one), the record it repeats, received_at.
pub(super) type Row = (
    i64,
    std::result::Result<RecordId, String>,
    Option<RecordId>,
    i64,
);

impl Store {
    /// Records matching the query; a `text` with nothing searchable matches nothing. Records
    /// whose history cannot be read are returned apart, by id: they never hide the others.
    pub fn listed(&self, q: &ListQuery) -> Result<Listed> {
        let page = self.list_page(q)?;
        Ok(Listed {
            records: page.records,
            damaged: page.damaged.into_iter().map(|(_, d)| d).collect(),
        })
    }

    /// `listed` for callers that cannot show a damaged row: fails naming the first record
    /// whose history cannot be read (every lookup a person sees uses `listed`).
    pub fn list(&self, q: &ListQuery) -> Result<Vec<Record>> {
        let listed = self.listed(q)?;
        match listed.damaged.into_iter().next() {
            Some(d) => Err(StoreError::Damaged(d)),
            None => Ok(listed.records),
        }
    }

    /// A page of records and the cursor of the next page (set `q.after` to it; no OFFSET).
    pub fn list_page(&self, q: &ListQuery) -> Result<Page> {
        if let Some(text) = words(q) {
            check_query(text)?;
        }
        let Some(built) = build(q, self.old_search) else {
            return Ok(Page::of(Folded::default(), Vec::new(), None));
        };
        let wanted = q.limit.map(|l| l as usize);
        let text = words(q);
        let mut head_rows: Vec<(Row, Entry)> = Vec::new();
        let mut offset = q.offset as usize;
        if !built.attention.is_empty() {
            // The rows on top are few (open records only), read part after part. Only the rows
            // of this page are read in full: skipped ones are counted, and the text is checked
            // on a row only until the page is full.
            let mut on_top = Vec::new();
            for sql in &built.attention {
                on_top.extend(self.rows(sql, &built.params, None)?);
            }
            let mut matched = 0usize;
            for row in on_top {
                if wanted.is_some_and(|w| head_rows.len() == w) {
                    break;
                }
                let record = match text {
                    Some(text) => {
                        let entry = self.folded(&row)?;
                        let matches = match &entry {
                            Entry::Record(record) => text_matches(&searchable_text(record), text),
                            // Its text cannot be read: ask the index whether it matches.
                            Entry::Damaged(_) => self.indexed_match(row.0, &built.params)?,
                        };
                        if !matches {
                            continue;
                        }
                        Some(entry)
                    }
                    None => None,
                };
                matched += 1;
                if matched <= offset {
                    continue;
                }
                let record = match record {
                    Some(record) => record,
                    None => self.folded(&row)?,
                };
                head_rows.push((row, record));
            }
            offset -= matched.min(offset);
        }
        let head = head_rows.len();
        let (mut rows, entries): (Vec<Row>, Vec<Entry>) = head_rows.into_iter().unzip();
        let room = wanted.map(|w| w - rows.len());
        let mut next = None;
        let cursor_of = |row: &Row| Cursor {
            received_at: if text.is_some() { 0 } else { row.3 },
            rowid: row.0,
        };
        if room != Some(0) {
            let limit = room.map(|r| r as i64).unwrap_or(-1);
            let mut rest = self.rows(&built.rest, &built.params, Some((limit, offset as i64)))?;
            if built.backwards {
                rest.reverse();
            } else if room.is_some_and(|r| rest.len() == r)
                && let Some(last) = rest.last()
            {
                next = Some(cursor_of(last));
            }
            rows.extend(rest);
        }
        let cursors = rows
            .iter()
            .enumerate()
            .map(|(i, row)| (i >= head).then(|| cursor_of(row)))
            .collect();
        let mut folded = Folded::with_capacity(rows.len());
        for entry in entries {
            folded.push(entry);
        }
        self.fold_into(&rows[head..], &mut folded)?;
        Ok(Page::of(folded, cursors, next))
    }

    /// A listed row as its record, or as damaged when its history cannot be read.
    pub(super) fn folded(&self, row: &Row) -> Result<Entry> {
        let (rowid, id, repeat_of, _) = row;
        let id = match id {
            Ok(id) => *id,
            Err(text) => {
                return Ok(Entry::Damaged(Damaged {
                    id: text.clone(),
                    reason: Damage::BadId,
                }));
            }
        };
        let folded = events_of(&self.conn, *rowid, &id.to_string())
            .and_then(|events| fold_history(id, events));
        match folded {
            Ok(mut record) => {
                record.repeat_of = *repeat_of;
                super::links::fill_links(&self.conn, &mut record)?;
                Ok(Entry::Record(record))
            }
            Err(StoreError::Damaged(d)) => Ok(Entry::Damaged(d)),
            Err(e) => Err(e),
        }
    }

    /// Whether the search index matches row `rowid` to the query's text (for a record whose
    /// own text cannot be read).
    fn indexed_match(&self, rowid: i64, params: &[(&'static str, Value)]) -> Result<bool> {
        let Some((_, fts)) = params.iter().find(|(name, _)| *name == ":fts") else {
            return Ok(false);
        };
        let found: Option<i64> = self
            .conn
            .prepare_cached("SELECT rowid FROM search WHERE search MATCH ?1 AND rowid = ?2")?
            .query_row(rusqlite::params![fts, rowid], |r| r.get(0))
            .optional()?;
        Ok(found.is_some())
    }

    /// SQLite's plan for each statement of a list query, for tests that guard against scans.
    pub fn explain_list(&self, q: &ListQuery) -> Result<Vec<String>> {
        let Some(built) = build(q, self.old_search) else {
            return Ok(Vec::new());
        };
        let mut plans = Vec::new();
        for sql in built.attention.iter().chain([&built.rest]) {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let bound = bind(sql, &built.params, Some((-1, 0)));
            let details: Vec<String> = stmt
                .query_map(as_params(&bound).as_slice(), |r| r.get::<_, String>(3))?
                .collect::<rusqlite::Result<_>>()?;
            plans.push(details.join("; "));
        }
        Ok(plans)
    }

    fn rows(
        &self,
        sql: &str,
        params: &[(&'static str, Value)],
        limit_offset: Option<(i64, i64)>,
    ) -> Result<Vec<Row>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let bound = bind(sql, params, limit_offset);
        use rusqlite::types::ValueRef;
        let rows = stmt.query_map(as_params(&bound).as_slice(), |r| {
            // The id as text whatever its type, so that a damaged one is named, not fatal;
            // read in place, a String made only for one that is not an id as written.
            let id = match r.get_ref(1)? {
                ValueRef::Text(t) => {
                    let text = String::from_utf8_lossy(t);
                    RecordId::parse(&text)
                        .filter(|id| id.to_string() == text)
                        .ok_or_else(|| text.into_owned())
                }
                other => Err(format!("{other:?}")),
            };
            let repeat_of = match r.get_ref(2) {
                Ok(ValueRef::Text(t)) => std::str::from_utf8(t).ok().and_then(RecordId::parse),
                _ => None,
            };
            Ok((
                r.get::<_, i64>(0)?,
                id,
                repeat_of,
                r.get::<_, i64>(3).unwrap_or(0),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many records a query matches (ignoring limit, offset and cursor), counted in SQLite.
    pub fn count(&self, q: &ListQuery) -> Result<usize> {
        let mut all = q.clone();
        all.after = None;
        all.before = None;
        all.tail = false;
        // Every record of a kind took the next serial of its year, in the transaction that
        // wrote it: their sum is the count, without walking a third of a million index entries.
        let whole_kind = !(all.open || all.overdue || all.soon)
            && all.since.is_none()
            && all.until.is_none()
            && all.text.is_none()
            && all.due_or_watched_before.is_none();
        if let (Some(kind), true) = (all.kind, whole_kind) {
            let total: i64 = self
                .conn
                .prepare_cached("SELECT coalesce(sum(last), 0) FROM counters WHERE kind = ?1")?
                .query_row([kind.slug()], |r| r.get(0))?;
            return Ok(total as usize);
        }
        let Some(built) = build(&all, self.old_search) else {
            return Ok(0);
        };
        let bound = bind(&built.count, &built.params, None);
        let total: i64 = self
            .conn
            .prepare_cached(&built.count)?
            .query_row(as_params(&bound).as_slice(), |r| r.get(0))?;
        Ok(total as usize)
    }

    /// Records resolved between `from` and `until` (for the callback figures of a report);
    /// those whose history cannot be read apart.
    pub fn resolved_between(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Listed> {
        // `events_resolve` (schema 9) holds only the resolve events, by time: the period's are
        // read, not every event.
        self.folded_rows(RESOLVED_BETWEEN, &[secs(from), secs(until)])
    }

    /// `resolved_between`, taking the records of `known` (already folded, e.g. the period's
    /// received records) as they are: only the others are folded. The records of `known` are
    /// lent, not copied (a copy of each was a twentieth of a monthly report): the records
    /// resolved are those of `known` at the places given, and the fresh ones.
    pub fn resolved_between_reusing(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        known: &[Record],
    ) -> Result<Resolved> {
        let by_id: HashMap<RecordId, usize> =
            known.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let rows = self.selected_rows(RESOLVED_BETWEEN, &[secs(from), secs(until)])?;
        let reused = |row: &Row| row.1.as_ref().ok().and_then(|id| by_id.get(id).copied());
        let fresh: Vec<Row> = rows
            .iter()
            .filter(|r| reused(r).is_none())
            .cloned()
            .collect();
        let mut folded = self.folded_all(&fresh)?.into_entries();
        let mut out = Resolved::default();
        for row in &rows {
            match reused(row) {
                Some(place) => out.order.push(Ok(place)),
                None => match folded.next().expect("one folded entry per fresh row") {
                    Entry::Record(r) => {
                        out.order.push(Err(out.fresh.len()));
                        out.fresh.push(r);
                    }
                    Entry::Damaged(d) => out.damaged.push(d),
                },
            }
        }
        Ok(out)
    }

    /// Records that may hold a deadline due in [from, until) that was missed or is still
    /// overdue (the daily report's `missed`): open ones whose next deadline falls before
    /// `until`, and those received since `since` with an event at or after `from` (a deadline
    /// done late was done after it fell due). Reads only those rows, through the indexes.
    pub fn due_candidates(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<Listed> {
        self.folded_rows(DUE_CANDIDATES, &[secs(from), secs(until), secs(since)])
    }

    /// SQLite's plans for the reads of `report` beyond a list query (`resolved_between`,
    /// `due_candidates`), for tests that guard against scans of every event or record.
    pub fn explain_report_reads(&self) -> Result<Vec<String>> {
        let mut plans = Vec::new();
        for (sql, params) in [
            (RESOLVED_BETWEEN, &[0i64, 1][..]),
            (DUE_CANDIDATES, &[0i64, 1, 0][..]),
        ] {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let details: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(params), |r| {
                    r.get::<_, String>(3)
                })?
                .collect::<rusqlite::Result<_>>()?;
            plans.push(details.join("; "));
        }
        Ok(plans)
    }

    /// The rows `sql` selects (row id, id, repeat_of, received_at), folded; those whose
    /// history cannot be read apart.
    fn folded_rows(&self, sql: &str, params: &[i64]) -> Result<Listed> {
        let rows = self.selected_rows(sql, params)?;
        let folded = self.folded_all(&rows)?;
        Ok(Listed {
            records: folded.records,
            damaged: folded.damaged.into_iter().map(|(_, d)| d).collect(),
        })
    }

    /// The rows `sql` selects: row id, id, repeat_of, received_at.
    fn selected_rows(&self, sql: &str, params: &[i64]) -> Result<Vec<Row>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
                let text: String = r.get(1)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    RecordId::parse(&text).ok_or(text),
                    r.get::<_, Option<String>>(2)?
                        .as_deref()
                        .and_then(RecordId::parse),
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The next moment after `now` at which an open record turns soon or overdue: when the
    /// desk's attention counts change by themselves.
    pub fn next_attention_change(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let next: Option<i64> = self.conn.query_row(
            "SELECT min(t) FROM (
                SELECT soon_at AS t FROM records WHERE open = 1 AND soon_at > ?1
                UNION ALL
                SELECT due_at + 1 FROM records WHERE open = 1 AND due_at + 1 > ?1)",
            [secs(now)],
            |r| r.get(0),
        )?;
        Ok(next.map(super::records::time))
    }

    /// Search every kind, newest first.
    pub fn searched(&self, text: &str, limit: Option<u32>, now: DateTime<Utc>) -> Result<Listed> {
        let mut q = ListQuery::new(now);
        q.text = Some(text.to_string());
        q.limit = limit;
        self.listed(&q)
    }

    /// `searched` for callers that cannot show a damaged row (see `list`).
    pub fn search(
        &self,
        text: &str,
        limit: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Record>> {
        let mut q = ListQuery::new(now);
        q.text = Some(text.to_string());
        q.limit = limit;
        self.list(&q)
    }

    /// Counts of open records needing attention: (overdue, soon).
    pub fn attention(&self, now: DateTime<Utc>) -> Result<(i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT coalesce(sum(due_at < ?1), 0), coalesce(sum(due_at >= ?1), 0)
             FROM records WHERE open = 1 AND soon_at <= ?1",
            [secs(now)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    pub fn stats(&self, now: DateTime<Utc>) -> Result<Stats> {
        let mut by_kind: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
        let mut records = 0;
        {
            // Kept by triggers (schema 11); a file read before its upgrade is counted.
            let counted = self.conn.query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'record_counts'",
                [],
                |r| r.get::<_, i64>(0),
            )? > 0;
            let mut stmt = self.conn.prepare(if counted {
                "SELECT kind, status, n FROM record_counts WHERE n <> 0"
            } else {
                "SELECT kind, status, count(*) FROM records GROUP BY kind, status"
            })?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?;
            for row in rows {
                let (kind, status, n) = row?;
                records += n;
                by_kind.entry(kind).or_default().insert(status, n);
            }
        }
        let events = self
            .conn
            .query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?;
        let open = self
            .conn
            .query_row("SELECT count(*) FROM records WHERE open = 1", [], |r| {
                r.get(0)
            })?;
        let (overdue, soon) = self.attention(now)?;
        let file_bytes = self.conn.query_row(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            [],
            |r| r.get(0),
        )?;
        Ok(Stats {
            records,
            events,
            open,
            overdue,
            soon,
            by_kind,
            file_bytes,
        })
    }
}
