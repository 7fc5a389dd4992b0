//! The pieces of `verify` (ranges of events, ranges of records, the file check) and the two
//! connections that take them in turn.

use super::super::{Result, StoreError};
use super::chain::{RecordIds, walk_range};
use super::records::{Context, Repeats, Seen, check_records};
use super::{ChainBreak, FULL_CHECK_MAX_BYTES, FileCheck, RecordMismatch};
use rusqlite::Connection;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// One piece of the check, done by whichever connection is free.
#[derive(Debug, Clone, Copy)]
pub(super) enum Task {
    File(Plan),
    /// Events with sequence numbers in `lo..=hi`.
    Chain(i64, i64),
    /// Records with row ids in `lo..=hi`, and the events that name them.
    Records(i64, i64),
    /// Each stored `repeat_of` names an earlier record of the same room and kind (within the
    /// widest window known, in seconds).
    RepeatsLoose(Option<i64>),
}

/// The tasks, longest first (the file check cannot be split), taken in turn.
pub(super) struct Jobs<'a> {
    pub(super) tasks: Vec<Task>,
    ctx: Context<'a>,
    next: AtomicUsize,
    /// Record ids by row id, loaded by the first chain task.
    ids: OnceLock<Option<RecordIds>>,
    /// Counts the tasks as they are taken, for a progress bar.
    pub(super) progress: Option<&'a crate::progress::Progress>,
}

impl<'a> Jobs<'a> {
    /// At most this many ranges of each kind, whatever gaps the numbers have.
    const CHAIN_RANGES: i64 = 16;
    const RECORD_RANGES: i64 = 48;

    pub(super) fn plan_file_only(file: Option<Plan>, ctx: Context<'a>) -> Self {
        Self::from_tasks(file.map(Task::File).into_iter().collect(), ctx)
    }

    fn from_tasks(tasks: Vec<Task>, ctx: Context<'a>) -> Self {
        Self {
            tasks,
            ctx,
            next: AtomicUsize::new(0),
            ids: OnceLock::new(),
            progress: None,
        }
    }

    pub(super) fn plan(
        conn: &Connection,
        records: bool,
        file: Option<Plan>,
        ctx: Context<'a>,
    ) -> Result<Self> {
        let mut tasks: Vec<Task> = file.map(Task::File).into_iter().collect();
        match ctx.repeats {
            Repeats::Loose(widest) if records => tasks.push(Task::RepeatsLoose(widest)),
            _ => {}
        }
        let (lo, hi): (Option<i64>, Option<i64>) =
            // Two subqueries: each is one step down the b-tree, together they would scan it.
            conn.query_row(
                "SELECT (SELECT min(seq) FROM events), (SELECT max(seq) FROM events)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
        if let (Some(lo), Some(hi)) = (lo, hi) {
            tasks
                .extend(ranges(lo, hi, 50_000, Self::CHAIN_RANGES).map(|(a, b)| Task::Chain(a, b)));
        }
        if records {
            let (lo, hi): (Option<i64>, Option<i64>) = conn.query_row(
                "WITH b(r_lo, r_hi, e_lo, e_hi) AS (SELECT
                     (SELECT min(rowid) FROM records), (SELECT max(rowid) FROM records),
                     (SELECT min(record) FROM events), (SELECT max(record) FROM events))
                 SELECT min(coalesce(r_lo, e_lo), coalesce(e_lo, r_lo)),
                        max(coalesce(r_hi, e_hi), coalesce(e_hi, r_hi)) FROM b",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            // Index entries beyond both ends belong to no record: the ranges cover them too.
            let (lo, hi) = if ctx.index {
                let (i_lo, i_hi): (Option<i64>, Option<i64>) = conn.query_row(
                    "SELECT (SELECT min(id) FROM search_docsize),
                            (SELECT max(id) FROM search_docsize)",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                let either = |a: Option<i64>, b: Option<i64>, f: fn(i64, i64) -> i64| match (a, b) {
                    (Some(a), Some(b)) => Some(f(a, b)),
                    (a, b) => a.or(b),
                };
                (either(lo, i_lo, i64::min), either(hi, i_hi, i64::max))
            } else {
                (lo, hi)
            };
            if let (Some(lo), Some(hi)) = (lo, hi) {
                tasks.extend(
                    ranges(lo, hi, 5_000, Self::RECORD_RANGES).map(|(a, b)| Task::Records(a, b)),
                );
            }
        }
        Ok(Self::from_tasks(tasks, ctx))
    }

    /// Record ids by row id, if a chain task loaded them.
    pub(super) fn ids(&self) -> Option<&RecordIds> {
        self.ids.get().and_then(Option::as_ref)
    }

    /// Take tasks until none is left.
    pub(super) fn work(&self, conn: &Connection) -> Result<Found> {
        let mut found = Found::default();
        while let Some(&task) = self.tasks.get(self.next.fetch_add(1, Ordering::Relaxed)) {
            if let Some(progress) = self.progress {
                progress.advance(1);
            }
            let t = Instant::now();
            match task {
                Task::File(plan) => {
                    found.file = Some(match file_check(conn, plan) {
                        Ok(messages) => messages,
                        Err(e) => {
                            salvage(&mut found.damage, "the file", e)?;
                            Vec::new()
                        }
                    });
                    found.ms[2] += ms(t);
                }
                Task::Chain(lo, hi) => {
                    let mut failed = None;
                    let ids = self
                        .ids
                        .get_or_init(|| RecordIds::load(conn).map_err(|e| failed = Some(e)).ok());
                    if let Some(e) = failed {
                        salvage(&mut found.damage, "the record ids", e)?;
                    }
                    let Some(ids) = ids else {
                        found.ms[0] += ms(t);
                        continue;
                    };
                    match walk_range(conn, ids, lo, hi) {
                        Ok(walk) => {
                            found.events += walk.events;
                            if let Some(b) = walk.first_break {
                                found.note_break(lo, b);
                            }
                        }
                        Err(e) => salvage(&mut found.damage, "the events", e)?,
                    }
                    found.ms[0] += ms(t);
                }
                Task::Records(lo, hi) => {
                    match check_records(conn, lo, hi, self.ctx, &mut found.seen) {
                        Ok((m, n)) => {
                            found.record_mismatches += n;
                            if let Some((key, m)) = m {
                                found.note_mismatch(key, m);
                            }
                        }
                        Err(e) => {
                            // The texts it keeps for the repeat check are missing too.
                            found.records_damaged = true;
                            salvage(&mut found.damage, "the records' history", e)?;
                        }
                    }
                    found.ms[1] += ms(t);
                }
                Task::RepeatsLoose(widest) => {
                    match super::check_repeats_loosely(conn, widest) {
                        Ok((m, n)) => {
                            found.record_mismatches += n;
                            if let Some((key, m)) = m {
                                found.note_mismatch(key, m);
                            }
                        }
                        Err(e) => salvage(&mut found.damage, "the records", e)?,
                    }
                    found.ms[1] += ms(t);
                }
            }
        }
        Ok(found)
    }
}

/// `lo..=hi` cut into ranges of at least `min_width`, at most `max_count` of them.
fn ranges(lo: i64, hi: i64, min_width: i64, max_count: i64) -> impl Iterator<Item = (i64, i64)> {
    let span = (hi as i128 - lo as i128 + 1).max(1);
    let up = |a: i128, b: i128| (a + b - 1) / b;
    let width = up(span, max_count as i128).max(min_width as i128);
    let count = up(span, width);
    (0..count).map(move |i| {
        let a = lo as i128 + i * width;
        let b = (a + width - 1).min(hi as i128);
        (a as i64, b as i64)
    })
}

/// What one connection found; merged with the other's.
#[derive(Default)]
pub(super) struct Found {
    pub(super) events: i64,
    /// The first break of the earliest broken range, with that range's start.
    pub(super) chain_break: Option<(i64, ChainBreak)>,
    pub(super) record: Option<(i64, RecordMismatch)>,
    pub(super) record_mismatches: u64,
    pub(super) file: Option<Vec<String>>,
    pub(super) damage: Vec<String>,
    pub(super) seen: Seen,
    /// A records range could not be read (its texts for the repeat check are not kept).
    pub(super) records_damaged: bool,
    /// Time spent on the chain, the records and the file, summed over both connections.
    pub(super) ms: [u64; 3],
}

impl Found {
    fn note_break(&mut self, range: i64, b: ChainBreak) {
        if self.chain_break.as_ref().is_none_or(|(r, _)| range < *r) {
            self.chain_break = Some((range, b));
        }
    }

    pub(super) fn note_mismatch(&mut self, key: i64, m: RecordMismatch) {
        if self.record.as_ref().is_none_or(|(k, _)| key < *k) {
            self.record = Some((key, m));
        }
    }

    pub(super) fn merge(&mut self, other: Found) {
        self.events += other.events;
        if let Some((range, b)) = other.chain_break {
            self.note_break(range, b);
        }
        if let Some((key, m)) = other.record {
            self.note_mismatch(key, m);
        }
        self.record_mismatches += other.record_mismatches;
        if other.file.is_some() {
            self.file = other.file;
        }
        self.damage.extend(other.damage);
        for (key, (n, max)) in other.seen.serials {
            let mine = self.seen.serials.entry(key).or_default();
            *mine = (mine.0 + n, mine.1.max(max));
        }
        self.seen.repeats.extend(other.seen.repeats);
        self.seen.voided.extend(other.seen.voided);
        self.seen.heads.extend(other.seen.heads);
        self.seen.kept.extend(other.seen.kept);
        self.records_damaged |= other.records_damaged;
        for (mine, theirs) in self.ms.iter_mut().zip(other.ms) {
            *mine += theirs;
        }
    }
}

/// The file check to run, resolved from `FileCheck` (Auto looks at the file's size).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Plan {
    Full,
    Quick,
}

impl Plan {
    pub(super) fn name(self) -> &'static str {
        match self {
            Plan::Full => "integrity_check",
            Plan::Quick => "quick_check",
        }
    }
}

pub(super) fn file_check_plan(conn: &Connection, check: FileCheck) -> Result<Option<Plan>> {
    Ok(match check {
        FileCheck::None => None,
        FileCheck::Quick => Some(Plan::Quick),
        FileCheck::Full => Some(Plan::Full),
        FileCheck::Auto => {
            let bytes: i64 = conn.query_row(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                [],
                |r| r.get(0),
            )?;
            Some(if bytes <= FULL_CHECK_MAX_BYTES {
                Plan::Full
            } else {
                Plan::Quick
            })
        }
    })
}

pub(super) fn ms(t: Instant) -> u64 {
    t.elapsed().as_millis() as u64
}

/// Findings from reading plus the file check's messages; "ok" only when both are clean.
pub(super) fn merge_integrity(
    into: &mut Vec<String>,
    damage: &mut Vec<String>,
    found: &mut Vec<String>,
) {
    let mut all: Vec<String> = into.drain(..).filter(|m| m != "ok").collect();
    all.append(damage);
    all.extend(found.drain(..).filter(|m| m != "ok"));
    if all.is_empty() {
        all.push("ok".into());
    }
    *into = all;
}

/// A bigger page cache while scanning the whole file; the connection's settings are restored
/// afterwards. No memory-mapped reads: mapping the file counts every page read into the
/// process's resident memory (1.9 GB at a million records), against the 60 MB budget.
pub(super) struct ScanTuning<'a> {
    conn: &'a Connection,
    cache_size: i64,
    mmap_size: i64,
}

impl<'a> ScanTuning<'a> {
    pub(super) fn apply(conn: &'a Connection) -> Result<Self> {
        let cache_size: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let mmap_size: i64 = conn
            .query_row("PRAGMA mmap_size", [], |r| r.get(0))
            .unwrap_or(0);
        // 2 MiB per connection: the scans read each page once, a bigger cache buys nothing.
        conn.execute_batch("PRAGMA cache_size = -2048")?;
        Ok(Self {
            conn,
            cache_size,
            mmap_size,
        })
    }
}

impl Drop for ScanTuning<'_> {
    fn drop(&mut self) {
        let _ = self
            .conn
            .execute_batch(&format!("PRAGMA cache_size = {}", self.cache_size));
        let _ = self
            .conn
            .query_row(&format!("PRAGMA mmap_size = {}", self.mmap_size), [], |r| {
                r.get::<_, i64>(0)
            });
    }
}

/// A read that failed because the file is damaged becomes a finding; other errors pass on.
pub(super) fn salvage(damage: &mut Vec<String>, what: &str, e: StoreError) -> Result<()> {
    match &e {
        StoreError::Sqlite(err)
            if matches!(
                err.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
            ) =>
        {
            // SQLite's own words may name only the table it could not open ("vtable
            // constructor failed: search"): say what that means.
            damage.push(format!("reading {what}: damaged ({err})"));
            Ok(())
        }
        _ => Err(e),
    }
}

/// `integrity_check` of the whole file; or `quick_check` of every ordinary table with its
/// indexes (every page of them and their b-tree structure, not the index-to-row match). The
/// quick form leaves out the full-text index (derived data, and half the time of a whole-file
/// quick_check on a million records), the search for unused pages, and the events table: the
/// chain walk reads every row of it and the records check every entry of its index, so a
/// damaged page there is already an error or a broken hash, and checking its 2/3 of the file
/// a third time would cost more than the rest of `verify` can spare (2 s on a million records).
pub(super) fn file_check(conn: &Connection, plan: Plan) -> Result<Vec<String>> {
    let collect = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    match plan {
        Plan::Full => collect("PRAGMA integrity_check(20)"),
        Plan::Quick => {
            let tables: Vec<String> = conn
                .prepare(
                    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'events'
                     AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut found = Vec::new();
            for table in tables {
                let quoted = table.replace('"', "\"\"");
                found.extend(
                    collect(&format!("PRAGMA quick_check(\"{quoted}\")"))?
                        .into_iter()
                        .filter(|m| m != "ok"),
                );
            }
            if found.is_empty() {
                found.push("ok".into());
            }
            Ok(found)
        }
    }
}
