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

mod anchors;
mod chain;
mod jobs;
mod records;

pub use anchors::{anchor_line, append_anchor, hex, parse_anchors};

use super::chain::GENESIS;
use super::{Result, Store, StoreError};
use anchors::check_anchors;
use chain::padded;
use jobs::{Jobs, Plan, ScanTuning, file_check, file_check_plan, merge_integrity, ms, salvage};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;
use std::time::Instant;

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
