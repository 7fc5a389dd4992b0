//! The open desk's company push: a thread of its own, with its own SQLite connection (read
//! only) and its own PostgreSQL connection per push, so that neither drawing nor a key ever
//! waits for the network. It looks at the desk's last event every few seconds and pushes soon
//! after a write, and at least every minute otherwise; a failure (no server, a lost
//! connection) is tried again after a pause and shown in the header; a refusal (the server's
//! chain and this desk's part: another desk with this estate name, an old backup) is shown as
//! such and not tried again until the desk is restarted.
//!
//! Two desks open on one file each push: the server moves the estate's chain end only from
//! where a batch starts (in the batch's transaction) and stores events once per (estate,
//! seq), so the slower desk's batch changes nothing and its next turn finds nothing to send.

use super::{Break, CompanyError, push};
use crate::config_company::Company;
use crate::domain::Policy;
use crate::store::{Access, OpenOptions, PlannerStats, Store};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::{Duration, Instant};

/// How often the desk's last event is looked at (one indexed read): a write reaches the
/// server within this and a push.
pub const LOOK: Duration = Duration::from_secs(2);

/// Pushed this often even when the desk wrote nothing: the header then says within a minute
/// that the server went away, and a server restored from an older backup is filled again.
pub const EVERY: Duration = Duration::from_secs(60);

/// After a failed push, the next is tried this much later (not at every look: a dead server
/// is not asked every two seconds, nor a timing-out one kept busy).
pub const RETRY: Duration = Duration::from_secs(10);

/// The background push's state, shared with the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushState {
    /// Up to date, or not tried yet.
    Fine,
    /// The last push failed; it is tried again.
    Failing,
    /// The server's chain and this desk's part: not tried again until restart.
    Refused,
}

/// The state as the thread leaves it, read by the header; and whether it changed since the
/// desk last looked (the desk draws again then: nothing else would).
#[derive(Debug, Default)]
pub struct Shared(AtomicU8, AtomicBool);

impl Shared {
    pub fn get(&self) -> PushState {
        match self.0.load(Ordering::Relaxed) {
            1 => PushState::Failing,
            2 => PushState::Refused,
            _ => PushState::Fine,
        }
    }

    /// Whether the state changed since the last call.
    pub fn take_changed(&self) -> bool {
        self.1.swap(false, Ordering::Relaxed)
    }

    fn set(&self, state: PushState) {
        let n = match state {
            PushState::Fine => 0,
            PushState::Failing => 1,
            PushState::Refused => 2,
        };
        if self.0.swap(n, Ordering::Relaxed) != n {
            self.1.store(true, Ordering::Relaxed);
        }
    }
}

/// What one push's outcome means for the thread.
fn state_after(result: &Result<push::Pushed, CompanyError>) -> PushState {
    match result {
        Ok(_) => PushState::Fine,
        // Another desk on this file (or a second push) moved the chain end while this one
        // pushed: the next turn sees where it stands now, and refuses if the chains part.
        Err(CompanyError::Chain(b) | CompanyError::Directory(b)) if b.why == Break::Moved => {
            PushState::Fine
        }
        Err(
            CompanyError::Chain(_)
            | CompanyError::LocalChain { .. }
            | CompanyError::Directory(_)
            | CompanyError::LocalDirectory { .. },
        ) => PushState::Refused,
        Err(_) => PushState::Failing,
    }
}

/// Starts the push for the database at `path`; the shared state for the header.
pub fn spawn(path: PathBuf, company: Company, policy: Policy) -> Option<Arc<Shared>> {
    let shared = Arc::new(Shared::default());
    let state = shared.clone();
    std::thread::Builder::new()
        .name("company-push".into())
        .spawn(move || {
            let options = OpenOptions {
                access: Access::ReadOnly,
                create: false,
                planner_stats: PlannerStats::Never,
                busy_timeout: Duration::from_secs(2),
                ..OpenOptions::default()
            };
            let Ok(store) = Store::open(&path, options) else {
                state.set(PushState::Failing);
                return;
            };
            run(&store, &company, &policy, &state);
        })
        .ok()?;
    Some(shared)
}

fn run(store: &Store, company: &Company, policy: &Policy, state: &Shared) {
    // The last event the server was seen to hold (-1: not asked yet), and the residents
    // directory's last change (a yearly callback writes no event).
    let mut server_last: (i64, i64) = (-1, -1);
    let mut last_try: Option<Instant> = None;
    loop {
        let desk_last = (
            store.last_event().ok().flatten().map_or(0, |(s, _)| s),
            store
                .last_directory_event()
                .ok()
                .flatten()
                .map_or(0, |(s, _)| s),
        );
        let newer = desk_last.0 > server_last.0 || desk_last.1 > server_last.1;
        let due = match (state.get(), last_try) {
            (PushState::Refused, _) => return,
            (_, None) => true,
            (PushState::Failing, Some(t)) => t.elapsed() >= RETRY,
            (PushState::Fine, Some(t)) => newer || t.elapsed() >= EVERY,
        };
        if due {
            last_try = Some(Instant::now());
            let result = push::push(store, company, policy, push::BATCH, None, |_| {});
            if let Ok(done) = &result {
                server_last = (done.last_seq, done.residents.last_seq);
            } else {
                server_last = (-1, -1);
            }
            state.set(state_after(&result));
        }
        std::thread::sleep(LOOK);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::company::ChainBreak;

    fn chain(why: Break) -> Result<push::Pushed, CompanyError> {
        Err(CompanyError::Chain(ChainBreak {
            estate: "e".into(),
            seq: 3,
            why,
        }))
    }

    #[test]
    fn a_chain_that_parts_is_refused_a_moved_end_is_tried_again_a_lost_server_fails() {
        assert_eq!(state_after(&Ok(push::Pushed::default())), PushState::Fine);
        assert_eq!(state_after(&chain(Break::Moved)), PushState::Fine);
        assert_eq!(state_after(&chain(Break::Differs)), PushState::Refused);
        assert_eq!(
            state_after(&chain(Break::Behind { desk_last: 2 })),
            PushState::Refused
        );
        assert_eq!(
            state_after(&Err(CompanyError::LocalChain { seq: 1 })),
            PushState::Refused
        );
        // The residents directory's chain: the same.
        let directory = |why| {
            Err(CompanyError::Directory(ChainBreak {
                estate: "e".into(),
                seq: 3,
                why,
            }))
        };
        assert_eq!(state_after(&directory(Break::Moved)), PushState::Fine);
        assert_eq!(state_after(&directory(Break::Differs)), PushState::Refused);
        assert_eq!(
            state_after(&Err(CompanyError::LocalDirectory { seq: 1 })),
            PushState::Refused
        );
        let lost = Err(CompanyError::Unreachable {
            url: "u".into(),
            why: "w".into(),
        });
        assert_eq!(state_after(&lost), PushState::Failing);
    }

    #[test]
    fn the_shared_state_reads_back_what_was_set() {
        let s = Shared::default();
        assert_eq!(s.get(), PushState::Fine);
        assert!(!s.take_changed());
        for state in [PushState::Failing, PushState::Refused, PushState::Fine] {
            s.set(state);
            assert_eq!(s.get(), state);
            assert!(s.take_changed());
            s.set(state);
            assert!(!s.take_changed(), "set to the same state again");
        }
    }
}
