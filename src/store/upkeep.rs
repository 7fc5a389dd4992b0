//! Upkeep a long-running process does while nobody types: keeping the WAL from growing.

use super::Store;
use std::time::Duration;

/// Which checkpoints this quiet spell has had: after half a minute without input a passive
/// one, after five minutes one that truncates the WAL (each once per quiet spell).
#[derive(Debug, Default)]
pub struct Quiet {
    passive_done: bool,
    truncate_done: bool,
}

impl Store {
    /// Called now and then with how long the desk has been `quiet` (no input): checkpoints the
    /// WAL as `Quiet` says; any input (a shorter `quiet`) starts a new spell.
    pub fn upkeep_when_quiet(&self, q: &mut Quiet, quiet: Duration) {
        if quiet < Duration::from_secs(30) {
            *q = Quiet::default();
            return;
        }
        if self.read_only().is_some() || self.wal_bytes() == 0 {
            return;
        }
        if quiet >= Duration::from_secs(300) && !q.truncate_done {
            q.truncate_done = self.checkpoint(true).is_ok();
        } else if !q.passive_done {
            q.passive_done = self.checkpoint(false).is_ok();
        }
    }
}
