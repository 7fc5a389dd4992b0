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
mod repeats;

pub use anchors::{anchor_line, append_anchor, hex, parse_anchors};

use super::chain::GENESIS;
use super::{Result, Store, StoreError};
use anchors::check_anchors;
use chain::padded;
use jobs::{
    Found, Jobs, Plan, ScanTuning, file_check, file_check_plan, merge_integrity, ms, salvage,
};
use records::{Context, Repeats, SignedHead};
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

/// A signed handover's recorded chain head that the chain no longer holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadMismatch {
    /// The handover that recorded it.
    pub record: String,
    pub seq: i64,
    pub detail: String,
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
    /// Chain heads recorded by signed handovers, checked like anchors (without an outside file).
    pub heads_checked: usize,
    pub head_mismatch: Option<HeadMismatch>,
    /// How long each part took, in milliseconds: chain, records, integrity.
    pub timings_ms: [u64; 3],
    /// Whether the open records' deadline columns were written under the rules `verify` was
    /// given (then their values were compared; otherwise only what holds under any rules).
    /// None when no rules were given.
    pub rules_match: Option<bool>,
    /// Whether every `repeat_of` was compared with the repeat rule (every one was decided
    /// under the window `verify` was given); None when no rules were given.
    pub repeats_compared: Option<bool>,
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
            && self.head_mismatch.is_none()
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

    /// `verify`, and the columns that follow the rules too: each open record's deadline
    /// columns under `policy`, and which record each one repeats (its repeat window).
    pub fn verify_against(
        &self,
        anchors: &[Anchor],
        checks: Checks,
        policy: &crate::domain::Policy,
    ) -> Result<Report> {
        verify_with(&self.conn, anchors, checks, Some(policy), None)
    }

    /// `verify_against`, counting its steps in `progress` as it goes.
    pub fn verify_counted(
        &self,
        anchors: &[Anchor],
        checks: Checks,
        policy: &crate::domain::Policy,
        progress: &crate::progress::Progress,
    ) -> Result<Report> {
        verify_with(&self.conn, anchors, checks, Some(policy), Some(progress))
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
    verify_with(conn, anchors, checks, None, None)
}

fn verify_with(
    conn: &Connection,
    anchors: &[Anchor],
    checks: Checks,
    policy: Option<&crate::domain::Policy>,
    progress: Option<&crate::progress::Progress>,
) -> Result<Report> {
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
    // The search index as schema 4 made it (body and kind); an older one is left to the upgrade.
    let version: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap_or(0);
    let stamp = super::rules::Stamp::read(&tx);
    let rules_match = policy.map(|p| stamp.rules_match(p));
    let repeats = match policy {
        None => Repeats::Unchecked,
        Some(p) if stamp.repeats_match(p.limits.repeat_window_days) => {
            Repeats::Exact(p.limits.repeat_window_days * 86_400)
        }
        Some(_) => Repeats::Loose(
            stamp
                .windows
                .last()
                .filter(|_| !stamp.windows_unknown)
                .map(|days| days * 86_400),
        ),
    };
    let ctx = Context {
        policy,
        rules_match: rules_match.unwrap_or(false),
        repeats,
        index: version >= 4,
        quality: version >= 9,
    };
    let mut jobs = match Jobs::plan(&tx, checks.records, plan, ctx) {
        Ok(jobs) => jobs,
        Err(e) => {
            salvage(&mut damage, "the events", e)?;
            Jobs::plan_file_only(plan, ctx)
        }
    };
    if let Some(progress) = progress {
        // One more step for the checks after the tasks (serials, repeats).
        progress.set_total(jobs.tasks.len() as u64 + 1);
        jobs.progress = Some(progress);
    }
    // A second connection takes tasks beside this one: two cores, both busy. Events are only
    // ever appended, so its snapshot holds everything this one sees.
    let second = if jobs.tasks.len() > 1 {
        super::open::second_reader(conn).ok()
    } else {
        None
    };
    // A third reads the rows the repeat check walks, in the meantime.
    let third = match (repeats, checks.records) {
        (Repeats::Exact(_), true) => super::open::second_reader(conn).ok(),
        _ => None,
    };
    let (mut found, index) = std::thread::scope(|scope| {
        let index = third.map(|c| scope.spawn(move || repeats::prefetch(c)));
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
        let index = index.map(|h| h.join().expect("the repeats index thread"));
        Ok::<_, StoreError>((found, index))
    })?;
    damage.append(&mut found.damage);
    if checks.records {
        let t = Instant::now();
        let derived = check_serials(&tx, &mut found).and_then(|()| match (repeats, jobs.ids()) {
            (Repeats::Exact(window), Some(ids)) => {
                repeats::check_repeats(&tx, &mut found, ids, window, index)
            }
            _ => Ok(()),
        });
        if let Err(e) = derived {
            salvage(&mut damage, "the records", e)?;
        }
        found.ms[1] += ms(t);
    }
    let heads_checked = found.seen.heads.len();
    let head_mismatch = match check_heads(&tx, &found.seen.heads) {
        Ok(m) => m,
        Err(e) => {
            salvage(&mut damage, "the handovers' chain heads", e)?;
            None
        }
    };
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
        heads_checked,
        head_mismatch,
        timings_ms: found.ms,
        rules_match,
        repeats_compared: policy.map(|_| matches!(repeats, Repeats::Exact(_))),
    })
}

/// Every (kind, year) counter must be the highest serial of that kind and year, and every
/// serial up to it taken: ids are taken from the counter in the transaction that writes the
/// record and never reused, and `count` sums the counters for a whole kind.
/// The mismatch field of an id counter that does not follow from the records.
pub const COUNTERS: &str = "counters";
/// The mismatch field of an id counter above every record's serial: ids handed out whose
/// records are gone.
pub const ISSUED_IDS: &str = "issued ids";

fn check_serials(conn: &Connection, found: &mut Found) -> Result<()> {
    let mut stmt = conn.prepare("SELECT kind, year, last FROM counters")?;
    let mut rows = stmt.query([])?;
    let mut counters = std::collections::BTreeMap::new();
    while let Some(r) = rows.next()? {
        let kind = match r.get_ref(0)? {
            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
            other => format!("{other:?}"),
        };
        counters.insert(
            (kind, r.get::<_, i64>(1).unwrap_or(0) as i32),
            r.get(2).ok(),
        );
    }
    let serials = std::mem::take(&mut found.seen.serials);
    let mut keys: Vec<&(String, i32)> = counters.keys().chain(serials.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let (n, max) = serials.get(key).copied().unwrap_or((0, 0));
        let last: Option<i64> = counters.get(key).copied().flatten();
        // A counter above the highest serial: those ids were handed out, and their records
        // are gone with their whole history (or the counter was edited). Lowering it could
        // give a deleted record's id again, so it is not one `repair-index` may rebuild.
        let (field, stored, history) = match last {
            Some(last) if last == max as i64 && n == max as u64 => continue,
            Some(last) if last == max as i64 => (
                COUNTERS,
                format!("{n} records"),
                format!("{max} records, serials 1 to {max} (records were deleted)"),
            ),
            Some(last) if last > max as i64 => {
                (ISSUED_IDS, format!("last {last}"), format!("last {max}"))
            }
            Some(last) => (COUNTERS, format!("last {last}"), format!("last {max}")),
            None => (COUNTERS, "(no counter)".into(), format!("last {max}")),
        };
        found.record_mismatches += 1;
        found.note_mismatch(
            i64::MAX,
            RecordMismatch {
                record: format!("{} {}", key.0, key.1),
                field: field.into(),
                stored,
                history,
            },
        );
    }
    Ok(())
}

/// `repeat_of` decided under other windows (or the rule before) than the one `verify` has:
/// what holds under any window and either rule. Each stored value names an earlier-written
/// record of the same room (or of some public location, both without a room), kind and
/// category, received before it (within `widest` seconds when every window is known).
/// Returns the first wrong one (by row id) and how many.
pub(super) fn check_repeats_loosely(
    conn: &Connection,
    widest: Option<i64>,
) -> Result<(Option<(i64, RecordMismatch)>, u64)> {
    let mut stmt = conn.prepare(
        "SELECT r.rowid, r.id, r.repeat_of,
                c.rowid IS NOT NULL AND (r.room IS NOT NULL OR r.location IS NOT NULL)
                AND r.kind <> 'log' AND c.room IS r.room AND (r.room IS NOT NULL OR
                c.location IS NOT NULL) AND c.kind = r.kind AND c.category IS r.category
                AND c.received_at <= r.received_at AND c.rowid < r.rowid
                AND (?1 IS NULL OR r.received_at - c.received_at <= ?1)
         FROM records r LEFT JOIN records c ON c.id = r.repeat_of
         WHERE r.repeat_of IS NOT NULL ORDER BY r.rowid",
    )?;
    let mut rows = stmt.query([widest])?;
    let (mut first, mut count) = (None, 0u64);
    while let Some(r) = rows.next()? {
        if r.get::<_, Option<bool>>(3)?.unwrap_or(false) {
            continue;
        }
        count += 1;
        if first.is_none() {
            let rowid: i64 = r.get(0)?;
            let text = |i: usize| match r.get_ref(i) {
                Ok(rusqlite::types::ValueRef::Text(t)) => String::from_utf8_lossy(t).into_owned(),
                _ => format!("row {rowid}"),
            };
            first = Some((
                rowid,
                RecordMismatch {
                    record: text(1),
                    field: "repeat_of".into(),
                    stored: text(2),
                    history: "an earlier record of the same place, kind and category".into(),
                },
            ));
        }
    }
    Ok((first, count))
}

/// Each chain head a signed handover recorded must still be the stored hash at that event,
/// written before the signature: the history up to every signed handover is as it was when
/// the incoming person accepted it.
fn check_heads(conn: &Connection, heads: &[SignedHead]) -> Result<Option<HeadMismatch>> {
    let mut stmt = conn.prepare_cached("SELECT hash FROM events WHERE seq = ?1")?;
    let mut sorted: Vec<&SignedHead> = heads.iter().collect();
    sorted.sort_by_key(|h| h.seq);
    for h in sorted {
        let stored: Option<Vec<u8>> = if h.seq == 0 {
            Some(GENESIS.to_vec())
        } else {
            stmt.query_row([h.seq], |r| r.get(0)).optional()?
        };
        let detail = match stored {
            _ if h.seq >= h.sign_seq => format!(
                "{} records chain head #{} but was signed at event #{}",
                h.record, h.seq, h.sign_seq
            ),
            None => format!(
                "event #{} whose hash {} signed is no longer in the database (events were \
                 deleted)",
                h.seq, h.record
            ),
            Some(hash) if hex(&hash) != h.head => format!(
                "the chain at event #{} is not the one {} signed (signed {}, now {}): the \
                 history up to there was rewritten",
                h.seq,
                h.record,
                h.head,
                hex(&hash)
            ),
            Some(_) => continue,
        };
        return Ok(Some(HeadMismatch {
            record: h.record.clone(),
            seq: h.seq,
            detail,
        }));
    }
    Ok(None)
}
