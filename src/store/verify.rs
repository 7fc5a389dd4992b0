//! `verify`: is the history as the program wrote it?
//!
//! - the chain: every event's hash is recomputed from its stored predecessor hash and its
//!   fields, and each event must name the previous event's hash; the first break is named
//!   precisely (edited, inserted, deleted, reordered);
//! - the records: each record row (what lists and search filter on) must agree with the fold
//!   of its events;
//! - the file: `PRAGMA integrity_check`;
//! - anchors: chain heads kept outside the file (`dutydesk anchor`) must still be in the chain,
//!   so a chain recomputed after tampering is caught too.
//!
//! Everything is read in one read transaction (a consistent snapshot; writers go on).

use super::chain::{EventFields, GENESIS, event_hash, event_hash_in};
use super::records::decode_change;
use super::{Result, Store, StoreError};
use crate::domain::{Event, Record, RecordId, Slug};
use chrono::{TimeZone, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// How far around an event to look for the position it was written at (a reordered event).
const MOVE_WINDOW: i64 = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The event's fields (or its hashes) were changed.
    Edited,
    /// An event that the program did not write was put into the chain.
    Inserted,
    /// One or more events are missing.
    Deleted,
    /// An intact event stands at another place than the one it was written at.
    Reordered,
}

impl BreakKind {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Edited => "edited",
            Self::Inserted => "inserted",
            Self::Deleted => "deleted",
            Self::Reordered => "reordered",
        }
    }
}

/// The first place where the chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    /// The first event (sequence number) that is not as written.
    pub seq: i64,
    /// The record it belongs to, when known.
    pub record: Option<String>,
    pub kind: BreakKind,
    pub detail: String,
}

/// A record row that disagrees with its own history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordMismatch {
    pub record: String,
    pub field: String,
    /// What the row says.
    pub stored: String,
    /// What its events say.
    pub history: String,
}

/// One line of an anchor file: `<RFC 3339 time> <seq> <head hex>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub line: usize,
    pub at: String,
    pub seq: i64,
    pub head: [u8; 32],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnchorMismatch {
    pub line: usize,
    pub seq: i64,
    pub at: String,
    pub detail: String,
}

/// Everything `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub events: i64,
    pub records: i64,
    /// The last event's sequence number and stored hash (0 and zeros when empty).
    pub head_seq: i64,
    pub head: [u8; 32],
    pub first_break: Option<ChainBreak>,
    pub record_mismatch: Option<RecordMismatch>,
    /// How many record rows disagree with their history.
    pub record_mismatches: u64,
    /// `["ok"]` when the file is sound, else SQLite's messages (at most 20).
    pub integrity: Vec<String>,
    /// Which check produced `integrity`: "integrity_check", "quick_check" or "none".
    pub file_check: &'static str,
    pub anchors_checked: usize,
    pub anchor_mismatch: Option<AnchorMismatch>,
    /// How long each part took, in milliseconds: chain, records, integrity.
    pub timings_ms: [u64; 3],
}

impl Report {
    pub fn integrity_ok(&self) -> bool {
        self.integrity.len() == 1 && self.integrity[0] == "ok"
    }

    pub fn ok(&self) -> bool {
        self.first_break.is_none()
            && self.record_mismatch.is_none()
            && self.integrity_ok()
            && self.anchor_mismatch.is_none()
    }
}

/// Which SQLite check of the file to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileCheck {
    None,
    /// `PRAGMA quick_check` of every ordinary table and its indexes: every page and b-tree,
    /// not whether index entries match their rows, nor the full-text index; the events table
    /// is left to the chain walk and the records check, which read all of it.
    Quick,
    /// `PRAGMA integrity_check` of the whole file: also every index entry against its row and
    /// the full-text index. About 8 s of CPU on a million records: too slow for a routine
    /// `verify` there.
    Full,
    /// Full up to `FULL_CHECK_MAX_BYTES` of database file, quick beyond (keeps `verify` within
    /// about 5 s on a million records on two cores).
    Auto,
}

/// Above this file size `FileCheck::Auto` runs `quick_check` (a 3-year desk stays far below).
pub const FULL_CHECK_MAX_BYTES: i64 = 256 * 1024 * 1024;

/// What to check (the chain alone is what `anchor` needs before it writes a head out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checks {
    pub records: bool,
    pub file: FileCheck,
}

impl Checks {
    /// `verify`: everything, the file check sized to the file.
    pub const ALL: Checks = Checks {
        records: true,
        file: FileCheck::Auto,
    };
    /// `backup`, on its copy: everything, the full integrity_check whatever the size.
    pub const FULL: Checks = Checks {
        records: true,
        file: FileCheck::Full,
    };
    pub const CHAIN: Checks = Checks {
        records: false,
        file: FileCheck::None,
    };
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// Parse an anchor file's text. Blank lines and `#` comments are skipped; a malformed line is
/// an error naming it.
pub fn parse_anchors(text: &str) -> std::result::Result<Vec<Anchor>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = trimmed.split_whitespace().collect();
        let parsed = match parts.as_slice() {
            [at, seq, head] => seq
                .parse::<i64>()
                .ok()
                .filter(|s| *s >= 0)
                .zip(unhex(head))
                .map(|(seq, head)| Anchor {
                    line: line_no,
                    at: (*at).to_string(),
                    seq,
                    head,
                }),
            _ => None,
        };
        match parsed {
            Some(a) => out.push(a),
            None => {
                return Err(format!(
                    "line {line_no} is not '<time> <event number> <64 hex digits>'"
                ));
            }
        }
    }
    Ok(out)
}

/// The line `anchor` appends.
pub fn anchor_line(at_rfc3339: &str, seq: i64, head: &[u8; 32]) -> String {
    format!("{at_rfc3339} {seq} {}", hex(head))
}

impl Store {
    /// The last event's sequence number and hash: the head of the history chain, for anchors
    /// and signed handovers. `(0, [0; 32])` for an empty database.
    pub fn chain_head(&self) -> Result<(i64, [u8; 32])> {
        chain_head(&self.conn)
    }

    /// Check the chain, the records against their history, the file, and the anchors.
    pub fn verify(&self, anchors: &[Anchor], checks: Checks) -> Result<Report> {
        verify_conn(&self.conn, anchors, checks)
    }
}

pub(super) fn chain_head(conn: &Connection) -> Result<(i64, [u8; 32])> {
    let row: Option<(i64, Vec<u8>)> = conn
        .query_row(
            "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        None => (0, GENESIS),
        Some((seq, hash)) => (seq, padded(&hash)),
    })
}

/// The whole check on one connection, inside one read transaction.
pub(super) fn verify_conn(conn: &Connection, anchors: &[Anchor], checks: Checks) -> Result<Report> {
    let _tuned = ScanTuning::apply(conn)?;
    // Deferred: a read snapshot, never the write lock (the connection may default to
    // IMMEDIATE for its writes).
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred)?;
    // A damaged file may fail any of the reads: that is a finding, not a crash of `verify`.
    let mut damage: Vec<String> = Vec::new();
    let (head_seq, head) = match chain_head(&tx) {
        Ok(h) => h,
        Err(e) => {
            salvage(&mut damage, "the chain head", e)?;
            (0, GENESIS)
        }
    };
    let plan = file_check_plan(&tx, checks.file)?;
    let jobs = match Jobs::plan(&tx, checks.records, plan) {
        Ok(jobs) => jobs,
        Err(e) => {
            salvage(&mut damage, "the events", e)?;
            Jobs::plan_file_only(plan)
        }
    };
    // A second connection takes tasks beside this one: two cores, both busy. Events are only
    // ever appended, so its snapshot holds everything this one sees.
    let second = if jobs.tasks.len() > 1 {
        super::open::second_reader(conn).ok()
    } else {
        None
    };
    let mut found = std::thread::scope(|scope| {
        let beside = second.map(|c| {
            let jobs = &jobs;
            scope.spawn(move || {
                let _tuned = ScanTuning::apply(&c)?;
                let tx = Transaction::new_unchecked(&c, TransactionBehavior::Deferred)?;
                let found = jobs.work(&tx)?;
                tx.finish()?;
                Ok::<_, StoreError>(found)
            })
        });
        let mut found = jobs.work(&tx)?;
        if let Some(handle) = beside {
            found.merge(handle.join().expect("the second verify thread")?);
        }
        Ok::<_, StoreError>(found)
    })?;
    damage.append(&mut found.damage);
    let events = if found.chain_break.is_some() {
        tx.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap_or(found.events)
    } else {
        found.events
    };
    let records: i64 = match tx.query_row("SELECT count(*) FROM records", [], |r| r.get(0)) {
        Ok(n) => n,
        Err(e) => {
            salvage(&mut damage, "the records", e.into())?;
            0
        }
    };
    let anchor_mismatch = match check_anchors(&tx, anchors) {
        Ok(m) => m,
        Err(e) => {
            salvage(&mut damage, "the anchored events", e)?;
            None
        }
    };
    // Damage found while reading: say what SQLite finds too, even when no check was asked.
    let mut file = plan;
    if file.is_none() && !damage.is_empty() {
        file = Some(Plan::Quick);
        let t = Instant::now();
        found.file = Some(match file_check(&tx, Plan::Quick) {
            Ok(messages) => messages,
            Err(e) => {
                salvage(&mut damage, "the file", e)?;
                Vec::new()
            }
        });
        found.ms[2] += ms(t);
    }
    let mut integrity = Vec::new();
    merge_integrity(
        &mut integrity,
        &mut damage,
        &mut found.file.take().unwrap_or_default(),
    );
    tx.finish()?;
    Ok(Report {
        events,
        records,
        head_seq,
        head,
        first_break: found.chain_break.map(|(_, b)| b),
        record_mismatch: found.record.map(|(_, m)| m),
        record_mismatches: found.record_mismatches,
        integrity,
        file_check: file.map(Plan::name).unwrap_or("none"),
        anchors_checked: anchors.len(),
        anchor_mismatch,
        timings_ms: found.ms,
    })
}

/// One piece of the check, done by whichever connection is free.
#[derive(Debug, Clone, Copy)]
enum Task {
    File(Plan),
    /// Events with sequence numbers in `lo..=hi`.
    Chain(i64, i64),
    /// Records with row ids in `lo..=hi`, and the events that name them.
    Records(i64, i64),
}

/// The tasks, longest first (the file check cannot be split), taken in turn.
struct Jobs {
    tasks: Vec<Task>,
    next: AtomicUsize,
    /// Record ids by row id, loaded by the first chain task.
    ids: OnceLock<Option<RecordIds>>,
}

impl Jobs {
    /// At most this many ranges of each kind, whatever gaps the numbers have.
    const CHAIN_RANGES: i64 = 16;
    const RECORD_RANGES: i64 = 48;

    fn plan_file_only(file: Option<Plan>) -> Self {
        Self::from_tasks(file.map(Task::File).into_iter().collect())
    }

    fn from_tasks(tasks: Vec<Task>) -> Self {
        Self {
            tasks,
            next: AtomicUsize::new(0),
            ids: OnceLock::new(),
        }
    }

    fn plan(conn: &Connection, records: bool, file: Option<Plan>) -> Result<Self> {
        let mut tasks: Vec<Task> = file.map(Task::File).into_iter().collect();
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
            if let (Some(lo), Some(hi)) = (lo, hi) {
                tasks.extend(
                    ranges(lo, hi, 5_000, Self::RECORD_RANGES).map(|(a, b)| Task::Records(a, b)),
                );
            }
        }
        Ok(Self::from_tasks(tasks))
    }

    /// Take tasks until none is left.
    fn work(&self, conn: &Connection) -> Result<Found> {
        let mut found = Found::default();
        while let Some(&task) = self.tasks.get(self.next.fetch_add(1, Ordering::Relaxed)) {
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
                    match check_records(conn, lo, hi) {
                        Ok((m, n)) => {
                            found.record_mismatches += n;
                            if let Some((key, m)) = m {
                                found.note_mismatch(key, m);
                            }
                        }
                        Err(e) => salvage(&mut found.damage, "the records' history", e)?,
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
struct Found {
    events: i64,
    /// The first break of the earliest broken range, with that range's start.
    chain_break: Option<(i64, ChainBreak)>,
    record: Option<(i64, RecordMismatch)>,
    record_mismatches: u64,
    file: Option<Vec<String>>,
    damage: Vec<String>,
    /// Time spent on the chain, the records and the file, summed over both connections.
    ms: [u64; 3],
}

impl Found {
    fn note_break(&mut self, range: i64, b: ChainBreak) {
        if self.chain_break.as_ref().is_none_or(|(r, _)| range < *r) {
            self.chain_break = Some((range, b));
        }
    }

    fn note_mismatch(&mut self, key: i64, m: RecordMismatch) {
        if self.record.as_ref().is_none_or(|(k, _)| key < *k) {
            self.record = Some((key, m));
        }
    }

    fn merge(&mut self, other: Found) {
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
        for (mine, theirs) in self.ms.iter_mut().zip(other.ms) {
            *mine += theirs;
        }
    }
}

/// The file check to run, resolved from `FileCheck` (Auto looks at the file's size).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    Full,
    Quick,
}

impl Plan {
    fn name(self) -> &'static str {
        match self {
            Plan::Full => "integrity_check",
            Plan::Quick => "quick_check",
        }
    }
}

fn file_check_plan(conn: &Connection, check: FileCheck) -> Result<Option<Plan>> {
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

fn ms(t: Instant) -> u64 {
    t.elapsed().as_millis() as u64
}

/// Findings from reading plus the file check's messages; "ok" only when both are clean.
fn merge_integrity(into: &mut Vec<String>, damage: &mut Vec<String>, found: &mut Vec<String>) {
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
struct ScanTuning<'a> {
    conn: &'a Connection,
    cache_size: i64,
    mmap_size: i64,
}

impl<'a> ScanTuning<'a> {
    fn apply(conn: &'a Connection) -> Result<Self> {
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
fn salvage(damage: &mut Vec<String>, what: &str, e: StoreError) -> Result<()> {
    match &e {
        StoreError::Sqlite(err)
            if matches!(
                err.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
            ) =>
        {
            damage.push(format!("reading {what}: {err}"));
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
fn file_check(conn: &Connection, plan: Plan) -> Result<Vec<String>> {
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

fn check_anchors(conn: &Connection, anchors: &[Anchor]) -> Result<Option<AnchorMismatch>> {
    let mut stmt = conn.prepare("SELECT hash FROM events WHERE seq = ?1")?;
    for a in anchors {
        if a.seq == 0 {
            if a.head != GENESIS {
                return Ok(Some(AnchorMismatch {
                    line: a.line,
                    seq: 0,
                    at: a.at.clone(),
                    detail: "an empty chain's head must be all zeros".into(),
                }));
            }
            continue;
        }
        let stored: Option<Vec<u8>> = stmt
            .query_row([a.seq], |r| r.get::<_, Vec<u8>>(0))
            .optional()?;
        let detail = match stored {
            None => format!(
                "event #{} anchored at {} is no longer in the database (events were deleted)",
                a.seq, a.at
            ),
            Some(h) if h.as_slice() != a.head => format!(
                "the chain at event #{} is not the one anchored at {} (anchored {}, now {}): \
                 the history up to there was rewritten",
                a.seq,
                a.at,
                hex(&a.head),
                hex(&h)
            ),
            Some(_) => continue,
        };
        return Ok(Some(AnchorMismatch {
            line: a.line,
            seq: a.seq,
            at: a.at.clone(),
            detail,
        }));
    }
    Ok(None)
}

/// An event row as read, owned (only kept around a break).
#[derive(Debug, Clone)]
struct EventRow {
    seq: i64,
    record: Option<String>,
    at: Option<i64>,
    written_at: Option<i64>,
    operator: Option<Vec<u8>>,
    action: Option<Vec<u8>>,
    payload: Option<Vec<u8>>,
    prev: Vec<u8>,
    hash: Vec<u8>,
}

impl EventRow {
    fn hash_at(&self, seq: i64) -> Option<[u8; 32]> {
        Some(event_hash(
            &self.prev,
            &EventFields {
                seq,
                record_id: self.record.as_deref()?.as_bytes(),
                at: self.at?,
                written_at: self.written_at?,
                operator: self.operator.as_deref()?,
                action: self.action.as_deref()?,
                payload: self.payload.as_deref()?,
            },
        ))
    }

    fn self_ok(&self) -> bool {
        self.hash_at(self.seq)
            .is_some_and(|h| h.as_slice() == self.hash.as_slice())
    }
}

const EVENT_COLUMNS: &str =
    "seq, record, at, written_at, operator, action, payload, prev_hash, hash";

/// Record row id -> record id text, read once (a join per event costs more than the hashing):
/// all ids in one buffer, and each row id's place in it (about 20 bytes a record).
struct RecordIds {
    text: Vec<u8>,
    places: Places,
}

enum Places {
    /// Indexed by row id; `NONE` where there is no record.
    Dense(Vec<(u32, u32)>),
    Sparse(std::collections::HashMap<i64, (u32, u32)>),
}

impl RecordIds {
    const NONE: (u32, u32) = (u32::MAX, 0);

    fn empty() -> Self {
        Self {
            text: Vec::new(),
            places: Places::Dense(Vec::new()),
        }
    }

    fn load(conn: &Connection) -> Result<Self> {
        let (count, max): (i64, i64) = conn.query_row(
            "SELECT (SELECT count(*) FROM records), (SELECT coalesce(max(rowid), 0) FROM records)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut ids = Self::empty();
        ids.places = if max >= 0 && max <= 2 * count + 1024 {
            Places::Dense(vec![Self::NONE; max as usize + 1])
        } else {
            Places::Sparse(std::collections::HashMap::new())
        };
        let mut stmt = conn.prepare("SELECT rowid, id FROM records")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (Ok(rowid), ValueRef::Text(id)) = (r.get::<_, i64>(0), r.get_ref(1)?) else {
                continue;
            };
            let (Ok(start), Ok(len)) = (u32::try_from(ids.text.len()), u32::try_from(id.len()))
            else {
                continue;
            };
            ids.text.extend_from_slice(id);
            match &mut ids.places {
                Places::Dense(v) => {
                    if let Some(slot) = usize::try_from(rowid).ok().and_then(|i| v.get_mut(i)) {
                        *slot = (start, len);
                    }
                }
                Places::Sparse(m) => {
                    m.insert(rowid, (start, len));
                }
            }
        }
        Ok(ids)
    }

    fn get(&self, rowid: i64) -> Option<&[u8]> {
        let (start, len) = match &self.places {
            Places::Dense(v) => *usize::try_from(rowid).ok().and_then(|i| v.get(i))?,
            Places::Sparse(m) => *m.get(&rowid)?,
        };
        if (start, len) == Self::NONE {
            return None;
        }
        self.text.get(start as usize..start as usize + len as usize)
    }
}

fn owned_row(r: &rusqlite::Row<'_>, ids: &RecordIds) -> rusqlite::Result<EventRow> {
    let bytes = |i: usize| -> rusqlite::Result<Option<Vec<u8>>> {
        Ok(match r.get_ref(i)? {
            ValueRef::Text(t) => Some(t.to_vec()),
            _ => None,
        })
    };
    let int = |i: usize| -> rusqlite::Result<Option<i64>> {
        Ok(match r.get_ref(i)? {
            ValueRef::Integer(n) => Some(n),
            _ => None,
        })
    };
    let blob = |i: usize| -> rusqlite::Result<Vec<u8>> {
        Ok(match r.get_ref(i)? {
            ValueRef::Blob(b) => b.to_vec(),
            _ => Vec::new(),
        })
    };
    let record = match r.get_ref(1)? {
        ValueRef::Integer(rowid) => ids
            .get(rowid)
            .map(|id| String::from_utf8_lossy(id).into_owned()),
        _ => None,
    };
    Ok(EventRow {
        seq: r.get(0)?,
        record,
        at: int(2)?,
        written_at: int(3)?,
        operator: bytes(4)?,
        action: bytes(5)?,
        payload: bytes(6)?,
        prev: blob(7)?,
        hash: blob(8)?,
    })
}

struct RangeWalk {
    events: i64,
    first_break: Option<ChainBreak>,
}

/// The events with sequence numbers in `lo..=hi`, each hashed from borrowed values and linked
/// to the event before it (the one before `lo` for the first); the first break is classified.
fn walk_range(conn: &Connection, ids: &RecordIds, lo: i64, hi: i64) -> Result<RangeWalk> {
    let before: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT seq, hash FROM events WHERE seq < ?1 ORDER BY seq DESC LIMIT 1")?
        .query_row([lo], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (mut prev_seq, mut prev_hash) = match before {
        Some((seq, hash)) => (seq, padded(&hash)),
        None => (0, GENESIS),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq"
    ))?;
    let mut rows = stmt.query([lo, hi])?;
    let mut events = 0i64;
    let mut buf = Vec::with_capacity(1024);
    while let Some(r) = rows.next()? {
        events += 1;
        let seq: i64 = r.get(0)?;
        let text_of = |i: usize| -> rusqlite::Result<Option<&[u8]>> {
            Ok(match r.get_ref(i)? {
                ValueRef::Text(t) => Some(t),
                _ => None,
            })
        };
        let int_of = |i: usize| -> rusqlite::Result<Option<i64>> {
            Ok(match r.get_ref(i)? {
                ValueRef::Integer(n) => Some(n),
                _ => None,
            })
        };
        let blob_of = |i: usize| -> rusqlite::Result<&[u8]> {
            Ok(match r.get_ref(i)? {
                ValueRef::Blob(b) => b,
                _ => &[],
            })
        };
        let stored_prev = blob_of(7)?;
        let stored_hash = blob_of(8)?;
        let record_id = match r.get_ref(1)? {
            ValueRef::Integer(rowid) => ids.get(rowid),
            _ => None,
        };
        let fields = (
            record_id,
            int_of(2)?,
            int_of(3)?,
            text_of(4)?,
            text_of(5)?,
            text_of(6)?,
        );
        let self_ok = match fields {
            (
                Some(record_id),
                Some(at),
                Some(written_at),
                Some(operator),
                Some(action),
                Some(payload),
            ) => {
                event_hash_in(
                    &mut buf,
                    stored_prev,
                    &EventFields {
                        seq,
                        record_id,
                        at,
                        written_at,
                        operator,
                        action,
                        payload,
                    },
                )
                .as_slice()
                    == stored_hash
            }
            _ => false,
        };
        let link_ok = stored_prev == prev_hash.as_slice();
        if self_ok && link_ok && seq == prev_seq + 1 {
            prev_seq = seq;
            prev_hash.copy_from_slice(stored_hash);
            continue;
        }
        let cur = owned_row(r, ids)?;
        drop(rows);
        let next = conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM events WHERE seq > ?1 ORDER BY seq LIMIT 1"
            ))?
            .query_row([cur.seq], |r| owned_row(r, ids))
            .optional()?;
        let found = classify(conn, prev_seq, &prev_hash, &cur, next.as_ref())?;
        return Ok(RangeWalk {
            events,
            first_break: Some(found),
        });
    }
    Ok(RangeWalk {
        events,
        first_break: None,
    })
}

/// A stored hash as 32 bytes (a damaged one padded or cut: it then fails to match).
fn padded(hash: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let n = hash.len().min(32);
    out[..n].copy_from_slice(&hash[..n]);
    out
}

fn record_of(conn: &Connection, seq: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT r.id FROM events e JOIN records r ON r.rowid = e.record WHERE e.seq = ?1",
            [seq],
            |r| r.get(0),
        )
        .optional()?)
}

/// Name what is wrong at the first event that does not fit.
fn classify(
    conn: &Connection,
    prev_seq: i64,
    prev_hash: &[u8; 32],
    cur: &EventRow,
    next: Option<&EventRow>,
) -> Result<ChainBreak> {
    let of = |r: &Option<String>| {
        r.as_deref()
            .map(|id| format!(" (record {id})"))
            .unwrap_or_default()
    };
    let expected = prev_seq + 1;
    if cur.seq > expected {
        let missing = if cur.seq == expected + 1 {
            format!("event #{expected} is missing")
        } else {
            format!("events #{expected} to #{} are missing", cur.seq - 1)
        };
        return Ok(ChainBreak {
            seq: expected,
            record: None,
            kind: BreakKind::Deleted,
            detail: format!(
                "{missing}: deleted behind the program's back (the next event is #{}{})",
                cur.seq,
                of(&cur.record)
            ),
        });
    }
    if cur.seq < expected {
        return Ok(ChainBreak {
            seq: cur.seq,
            record: cur.record.clone(),
            kind: BreakKind::Inserted,
            detail: format!(
                "event #{} stands before the start of the chain: it was inserted",
                cur.seq
            ),
        });
    }
    let self_ok = cur.self_ok();
    let link_ok = cur.prev.as_slice() == prev_hash.as_slice();
    let next_links_over = next.is_some_and(|n| n.prev.as_slice() == prev_hash.as_slice());
    if self_ok {
        // Intact in itself, but it names another predecessor.
        if next_links_over {
            return Ok(ChainBreak {
                seq: cur.seq,
                record: cur.record.clone(),
                kind: BreakKind::Inserted,
                detail: format!(
                    "event #{} does not follow event #{prev_seq}, and event #{} links past it: \
                     it was inserted",
                    cur.seq,
                    cur.seq + 1
                ),
            });
        }
        let earlier: Option<i64> = conn
            .query_row(
                "SELECT seq FROM events WHERE hash = ?1 AND seq < ?2",
                rusqlite::params![cur.prev, prev_seq],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(s) = earlier {
            return Ok(ChainBreak {
                seq: s + 1,
                record: record_of(conn, s + 1)?,
                kind: BreakKind::Inserted,
                detail: format!(
                    "event #{} links to event #{s}: the events #{} to #{prev_seq} between them \
                     were inserted",
                    cur.seq,
                    s + 1
                ),
            });
        }
        return Ok(ChainBreak {
            seq: prev_seq,
            record: record_of(conn, prev_seq)?,
            kind: BreakKind::Edited,
            detail: format!(
                "event #{prev_seq} was changed and its hash recomputed: event #{}{} still links \
                 to the original",
                cur.seq,
                of(&cur.record)
            ),
        });
    }
    // Not intact in itself: was it written at another place?
    let written_at_seq = (cur.seq - MOVE_WINDOW..=cur.seq + MOVE_WINDOW)
        .filter(|s| *s >= 1 && *s != cur.seq)
        .find(|s| {
            cur.hash_at(*s)
                .is_some_and(|h| h.as_slice() == cur.hash.as_slice())
        });
    if let Some(from) = written_at_seq {
        let original_now_at: Option<i64> = conn
            .query_row(
                "SELECT seq FROM events WHERE prev_hash = ?1 AND seq <> ?2 LIMIT 1",
                rusqlite::params![prev_hash.as_slice(), cur.seq],
                |r| r.get(0),
            )
            .optional()?;
        return Ok(match original_now_at {
            Some(at) => ChainBreak {
                seq: cur.seq,
                record: cur.record.clone(),
                kind: BreakKind::Reordered,
                detail: format!(
                    "the event written as #{from} now stands at #{}, and the event written as \
                     #{} stands at #{at}: events were reordered",
                    cur.seq, cur.seq
                ),
            },
            None => ChainBreak {
                seq: cur.seq,
                record: None,
                kind: BreakKind::Deleted,
                detail: format!(
                    "event #{} was deleted and the later events renumbered (the event now at \
                     #{} was written as #{from}{})",
                    cur.seq,
                    cur.seq,
                    of(&cur.record)
                ),
            },
        });
    }
    if cur.record.is_none() {
        return Ok(ChainBreak {
            seq: cur.seq,
            record: None,
            kind: BreakKind::Edited,
            detail: format!(
                "event #{} belongs to no record: its record row was deleted or renumbered",
                cur.seq
            ),
        });
    }
    if !link_ok && (next.is_none() || next_links_over) {
        return Ok(ChainBreak {
            seq: cur.seq,
            record: cur.record.clone(),
            kind: BreakKind::Inserted,
            detail: format!(
                "event #{} was not written by the program (it does not link to event \
                 #{prev_seq} and its hash does not match): it was inserted",
                cur.seq
            ),
        });
    }
    Ok(ChainBreak {
        seq: cur.seq,
        record: cur.record.clone(),
        kind: BreakKind::Edited,
        detail: format!(
            "event #{} was changed behind the program's back: its stored fields no longer give \
             its hash",
            cur.seq
        ),
    })
}

/// Each record row against the fold of its events: a merge of two ordered scans.
/// The records with row ids in `lo..=hi` (and the events that name such a row id).
/// Returns the first mismatch (with its row id, to pick the first over several ranges) and how
/// many records disagree.
fn check_records(
    conn: &Connection,
    lo: i64,
    hi: i64,
) -> Result<(Option<(i64, RecordMismatch)>, u64)> {
    let mut rec_stmt = conn.prepare_cached(
        "SELECT rowid, id, kind, status, open, voided, urgent, received_at, category, channel,
                class, room, assignee
         FROM records WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid",
    )?;
    let mut ev_stmt = conn.prepare_cached(
        "SELECT record, seq, at, written_at, operator, action, payload
         FROM events WHERE record BETWEEN ?1 AND ?2 ORDER BY record, seq",
    )?;
    let mut recs = rec_stmt.query([lo, hi])?;
    let mut evs = ev_stmt.query([lo, hi])?;
    let mut pending = next_event(&mut evs)?;
    let mut first: Option<(i64, RecordMismatch)> = None;
    let mut count = 0u64;
    let mut note = |m: RecordMismatch, first: &mut Option<(i64, RecordMismatch)>, key: i64| {
        count += 1;
        if first.is_none() {
            *first = Some((key, m));
        }
    };
    let mut history: Vec<Event> = Vec::new();
    while let Some(r) = recs.next()? {
        let rowid: i64 = r.get(0)?;
        let id_text = text_of(r.get_ref(1)?);
        let label = || id_text.clone().unwrap_or_else(|| format!("row {rowid}"));
        // Events of records that have no row (belong to nobody).
        while let Some((rec, seq, _)) = &pending {
            if *rec >= rowid {
                break;
            }
            note(
                RecordMismatch {
                    record: format!("row {rec}"),
                    field: "record".into(),
                    stored: "(no record row)".into(),
                    history: format!("event #{seq}"),
                },
                &mut first,
                *rec,
            );
            pending = next_event(&mut evs)?;
        }
        history.clear();
        let mut undecodable: Option<i64> = None;
        while let Some((rec, seq, event)) = pending.take() {
            if rec != rowid {
                pending = Some((rec, seq, event));
                break;
            }
            match event {
                Some(e) => history.push(e),
                None => undecodable = undecodable.or(Some(seq)),
            }
            pending = next_event(&mut evs)?;
        }
        let mismatch = |field: &str, stored: String, from: String| RecordMismatch {
            record: label(),
            field: field.into(),
            stored,
            history: from,
        };
        let Some(id) = id_text.as_deref().and_then(RecordId::parse) else {
            note(
                mismatch(
                    "id",
                    id_text.clone().unwrap_or_default(),
                    "a record id".into(),
                ),
                &mut first,
                rowid,
            );
            continue;
        };
        if id_text.as_deref() != Some(id.to_string().as_str()) {
            note(
                mismatch("id", id_text.clone().unwrap_or_default(), id.to_string()),
                &mut first,
                rowid,
            );
            continue;
        }
        if let Some(seq) = undecodable {
            note(
                mismatch(
                    "history",
                    format!("event #{seq}"),
                    "an event the program can read".into(),
                ),
                &mut first,
                rowid,
            );
            continue;
        }
        if history.is_empty() {
            note(
                mismatch(
                    "history",
                    "(none)".into(),
                    "a record needs the event that created it".into(),
                ),
                &mut first,
                rowid,
            );
            continue;
        }
        let record = match Record::fold(id, history.drain(..)) {
            Ok(record) => record,
            Err(e) => {
                note(
                    mismatch("history", e.to_string(), "a valid history".into()),
                    &mut first,
                    rowid,
                );
                continue;
            }
        };
        if let Some(m) = compare_row(r, &record, &label)? {
            note(m, &mut first, rowid);
        }
    }
    drop(recs);
    while let Some((rec, seq, _)) = pending {
        note(
            RecordMismatch {
                record: format!("row {rec}"),
                field: "record".into(),
                stored: "(no record row)".into(),
                history: format!("event #{seq}"),
            },
            &mut first,
            rec,
        );
        pending = next_event(&mut evs)?;
    }
    Ok((first, count))
}

type PendingEvent = (i64, i64, Option<Event>);

fn next_event(rows: &mut rusqlite::Rows<'_>) -> Result<Option<PendingEvent>> {
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let rec: i64 = r.get(0)?;
    let seq: i64 = r.get(1)?;
    let decoded = (|| -> Option<Event> {
        let at = r.get::<_, i64>(2).ok()?;
        let written_at = r.get::<_, i64>(3).ok()?;
        let operator = text_of(r.get_ref(4).ok()?)?;
        let change = match (r.get_ref(5).ok()?, r.get_ref(6).ok()?) {
            (ValueRef::Text(action), ValueRef::Text(payload)) => decode_change(action, payload)?,
            _ => return None,
        };
        Some(Event {
            seq,
            at: Utc.timestamp_opt(at, 0).single()?,
            written_at: Utc.timestamp_opt(written_at, 0).single()?,
            operator,
            change,
        })
    })();
    Ok(Some((rec, seq, decoded)))
}

fn text_of(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Text(t) => std::str::from_utf8(t).ok().map(str::to_string),
        _ => None,
    }
}

fn shown(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "(none)".into(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => format!("x'{}'", hex(b)),
    }
}

/// The row's denormalised columns that follow from the events alone (not the deadline columns,
/// which follow the configured rules, nor `repeat_of`, found among other records).
fn compare_row(
    r: &rusqlite::Row<'_>,
    record: &Record,
    label: &dyn Fn() -> String,
) -> Result<Option<RecordMismatch>> {
    let n = &record.new;
    let (channel, category) = match &n.details {
        crate::domain::Details::Call { channel, .. } => {
            (Some(channel.slug()), n.details.category_slug())
        }
        other => (None, other.category_slug()),
    };
    let texts: [(usize, &str, Option<&str>); 7] = [
        (2, "kind", Some(record.kind().slug())),
        (3, "status", Some(record.status.slug())),
        (8, "category", Some(category)),
        (9, "channel", channel),
        (10, "class", record.class.map(|c| c.slug())),
        (11, "room", n.room.as_deref()),
        (12, "assignee", record.assignee.as_deref()),
    ];
    for (i, field, want) in texts {
        let v = r.get_ref(i)?;
        let same = match (v, want) {
            (ValueRef::Null, None) => true,
            (ValueRef::Text(t), Some(w)) => t == w.as_bytes(),
            _ => false,
        };
        if !same {
            return Ok(Some(RecordMismatch {
                record: label(),
                field: field.into(),
                stored: shown(v),
                history: want.unwrap_or("(none)").to_string(),
            }));
        }
    }
    let ints: [(usize, &str, i64); 4] = [
        (4, "open", record.status.is_open() as i64),
        (5, "voided", record.is_voided() as i64),
        (6, "urgent", record.is_urgent() as i64),
        (7, "received_at", record.received_at.timestamp()),
    ];
    for (i, field, want) in ints {
        let v = r.get_ref(i)?;
        if !matches!(v, ValueRef::Integer(n) if n == want) {
            return Ok(Some(RecordMismatch {
                record: label(),
                field: field.into(),
                stored: shown(v),
                history: want.to_string(),
            }));
        }
    }
    Ok(None)
}

/// Append `line` to an anchor file, creating it 0600. Refuses the database's own files.
pub fn append_anchor(db: &Path, anchors: &Path, line: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    super::backup::refuse_live_files(db, anchors)?;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .open(anchors)
        .map_err(|e| {
            StoreError::Io(std::io::Error::new(
                e.kind(),
                format!("cannot write the anchor file {}: {e}", anchors.display()),
            ))
        })?;
    file.write_all(format!("{line}\n").as_bytes())?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_lines_round_trip() {
        let head = [0xab; 32];
        let line = anchor_line("2026-11-25T03:00:00+08:00", 42, &head);
        assert_eq!(
            line,
            format!("2026-11-25T03:00:00+08:00 42 {}", "ab".repeat(32))
        );
        let text = format!("# kept on the backup disk\n\n{line}\n  {line}  \n");
        let anchors = parse_anchors(&text).unwrap();
        assert_eq!(anchors.len(), 2);
        assert_eq!(anchors[0].line, 3);
        assert_eq!((anchors[1].seq, anchors[1].head), (42, head));
    }

    #[test]
    fn malformed_anchor_lines_are_named() {
        for bad in [
            "2026 1",
            "2026 x 00",
            "2026 -1 00",
            &format!("t 1 {}", "zz".repeat(32)),
            &format!("t 1 {}", "ab".repeat(31)),
            &format!("t 1 {} extra", "ab".repeat(32)),
        ] {
            let err = parse_anchors(&format!("# c\n{bad}\n")).unwrap_err();
            assert!(err.starts_with("line 2 "), "{bad}: {err}");
        }
        assert_eq!(unhex(&"é".repeat(32)), None);
    }
}
