//! `dutydesk demo`: fill an empty database with a realistic, coherent stretch of desk work
//! ending at "now".
//!
//! Everything follows from the clock and the record count: a tiny xorshift generator seeded with
//! a constant makes the same `DUTYDESK_NOW` give the same database (screenshots depend on it).
//! Records are planned first (when each comes in and what it is), sorted by time so that ids
//! grow with time, then written in batches of a few thousand records per transaction. Each
//! record's lifecycle is driven by its own deadlines: most steps land well inside their window,
//! a few are late, and whatever would happen after "now" has not happened yet — so the last
//! hours hold records in every state, some overdue and some about to be. A handful of scripted
//! scenes make sure the desk always shows an entrapment about to miss its dispatch, overdue
//! replies and callbacks, a repeat visit, voided records and an escalated complaint.
//!
//! What a random record of each kind says and how its life runs belong to the kind
//! (`domain::kinds::<kind>::demo`, through `domain::kinds::demo::DemoKind`, with the generator).
//! Here: `plan` decides when each record comes in and what it is, `life` writes a random record
//! and its steps, `scenes` writes the scripted ones, and this file holds the driver: batches,
//! the people on duty and when things are typed in.

mod life;
mod plan;
mod scenes;

use crate::desk::Desk;
use crate::domain::demo::Rng;
use crate::domain::*;
use crate::progress::Progress;
use crate::store::{Stamp, Store, StoreError, Writer};
use chrono::{DateTime, Datelike, Duration, TimeZone, Timelike, Utc};
use plan::{Plan, What};
use std::fmt;
use std::path::PathBuf;

/// Records written per transaction.
const BATCH: usize = 5_000;
/// The default: a few days of one estate's desk.
const DEFAULT_RECORDS: usize = 150;
/// Who is on duty: three on days, three on nights, rotating daily.
const DAY_STAFF: &[&str] = &["王丽", "陈静", "周敏"];
const NIGHT_STAFF: &[&str] = &["李强", "赵磊", "孙浩"];

/// Why the demo refused, or stopped (records of batches already written stay).
#[derive(Debug)]
pub enum DemoError {
    /// The database already holds records: the demo only fills an empty one.
    NotEmpty { path: PathBuf, held: i64 },
    /// The record count asked for is out of range.
    Records(&'static str),
    /// The store refused or failed.
    Store(StoreError),
}

impl fmt::Display for DemoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotEmpty { path, held } => write!(
                f,
                "demo: {} already holds {held} records; the demo only fills an empty database \
                 (choose a new file with --db PATH)",
                path.display()
            ),
            Self::Records(what) => write!(f, "--records: {what}"),
            Self::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for DemoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Store(e) => Some(e),
            _ => None,
        }
    }
}

impl From<StoreError> for DemoError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

/// The `demo` command: fill the store and print how many records were made.
/// Fill the store; refuses a database that already holds records. Returns how many were made.
pub fn fill(store: &mut Store, desk: &Desk, records: Option<usize>) -> Result<usize, DemoError> {
    fill_counted(store, desk, records, &Progress::new())
}

/// `fill`, counting the records written in `progress`.
pub fn fill_counted(
    store: &mut Store,
    desk: &Desk,
    records: Option<usize>,
    progress: &Progress,
) -> Result<usize, DemoError> {
    if let Some(reason) = store.read_only() {
        return Err(StoreError::ReadOnly(reason.clone()).into());
    }
    let now = desk.clock.now();
    let held = store.stats(now)?.records;
    if held > 0 {
        return Err(DemoError::NotEmpty {
            path: store.path().to_path_buf(),
            held,
        });
    }
    let count = records.unwrap_or(DEFAULT_RECORDS);
    if count == 0 {
        return Err(DemoError::Records("give at least 1"));
    }
    if count > 20_000_000 {
        return Err(DemoError::Records("at most 20000000"));
    }
    let mut demo = Demo::new(&desk.policy, now, count);
    let plans = demo.plan(count);
    progress.set_total(plans.len() as u64);
    for chunk in plans.chunks(BATCH) {
        store.batch(|w| {
            for plan in chunk {
                demo.write(w, plan)?;
            }
            Ok(())
        })?;
        progress.advance(chunk.len() as u64);
    }
    Ok(plans.len())
}

struct Demo<'a> {
    policy: &'a Policy,
    now: DateTime<Utc>,
    rng: Rng,
}

fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().unwrap_or_default()
}

impl<'a> Demo<'a> {
    fn new(policy: &'a Policy, now: DateTime<Utc>, count: usize) -> Self {
        Self {
            policy,
            now,
            rng: Rng::new(0xD0_7D35_C0DE_u64 ^ (count as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
        }
    }

    /// The person on duty at `t`: day shift 08:00-20:00, night shift otherwise, rotating daily.
    fn operator(&self, t: DateTime<Utc>) -> &'static str {
        let local = t.with_timezone(&self.policy.zone);
        let day = local.date_naive().num_days_from_ce() as usize;
        if (8..20).contains(&local.hour()) {
            DAY_STAFF[day % DAY_STAFF.len()]
        } else {
            NIGHT_STAFF[(day + 2) % NIGHT_STAFF.len()]
        }
    }

    /// When it was typed in: mostly at once, sometimes a few minutes later.
    fn written(&mut self, t: DateTime<Utc>, first: bool) -> DateTime<Utc> {
        let delay = match self.rng.unit() {
            x if x < (if first { 0.75 } else { 0.88 }) => 0,
            x if x < 0.96 => self.rng.range(60, 600),
            _ => self.rng.range(600, 1800),
        };
        (t + Duration::seconds(delay)).min(self.now)
    }

    fn add(&mut self, w: &mut Writer<'_>, new: NewRecord, t: i64) -> Result<Record, StoreError> {
        let t = at(t).min(self.now);
        let stamp = Stamp {
            operator: self.operator(t),
            at: t,
            now: self.written(t, true),
        };
        w.add(new, &stamp, self.policy)
    }

    /// One step at `t`, unless `t` is still in the future; returns whether it happened.
    fn act(
        &mut self,
        w: &mut Writer<'_>,
        record: &mut Record,
        action: Action,
        t: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        if t > self.now {
            return Ok(false);
        }
        let t = t.max(record.last_event_at);
        let operator = match action {
            Action::Escalate { .. } => "dutydesk",
            _ => self.operator(t),
        };
        let stamp = Stamp {
            operator,
            at: t,
            now: self.written(t, false),
        };
        *record = w.act(record.id, action, &stamp, self.policy)?;
        Ok(true)
    }

    fn write(&mut self, w: &mut Writer<'_>, plan: &Plan) -> Result<(), StoreError> {
        match plan.what {
            What::Random(sample) => self.random(w, plan.at, sample),
            What::Scene(scene) => self.scene(w, scene, plan.at),
        }
    }
}
