//! The desk's sender: a thread of its own, with its own connection, that delivers the outbox
//! while the desk is open (never on the drawing path). It polls twice a second, so that a
//! dispatch's message leaves within a second or so of the write; failed messages wait their
//! backoff. The number of messages failing is shared for the header.

use super::{Channel, deliver};
use crate::store::{Access, OpenOptions, PlannerStats, Store};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// How often the outbox is looked at.
pub const POLL: Duration = Duration::from_millis(500);

/// The ladder is evaluated every this many polls (every 10 s).
pub const LADDER_EVERY: u32 = 20;

/// What the sender needs to evaluate the escalation ladder: the config's routing, the rules
/// and the desk's clock.
pub struct Ladder {
    pub routing: crate::domain::notify::Routing,
    pub policy: crate::domain::rules::Policy,
    pub clock: crate::clock::Clock,
    pub shifts: Vec<crate::domain::shift::ShiftDef>,
}

/// Starts the sender for the database at `path`; the shared count of messages failing
/// (tried, not delivered). None when there are no channels.
pub fn spawn(path: PathBuf, channels: Vec<Channel>, ladder: Ladder) -> Option<Arc<AtomicI64>> {
    if channels.is_empty() {
        return None;
    }
    let failing = Arc::new(AtomicI64::new(0));
    let shared = failing.clone();
    std::thread::Builder::new()
        .name("notify".into())
        .spawn(move || {
            let options = OpenOptions {
                access: Access::ReadWrite,
                create: false,
                planner_stats: PlannerStats::Never,
                busy_timeout: Duration::from_secs(2),
                ..OpenOptions::default()
            };
            let Ok(mut store) = Store::open(&path, options) else {
                return;
            };
            store.set_notify_routes(ladder.routing);
            let mut turn: u32 = 0;
            loop {
                if turn.is_multiple_of(LADDER_EVERY) {
                    let now = ladder.clock.now();
                    let shift =
                        crate::domain::shift::shift_at(&ladder.shifts, now, ladder.policy.zone);
                    let _ = super::escalate(&mut store, &ladder.policy, now, shift.start);
                }
                turn = turn.wrapping_add(1);
                // Errors (a busy file, a closed one) are tried again at the next turn.
                let _ = deliver(&store, &channels, false);
                if let Ok(failed) = store.outbox_failing() {
                    shared.store(failed, Ordering::Relaxed);
                }
                std::thread::sleep(POLL);
            }
        })
        .ok()?;
    Some(failing)
}
