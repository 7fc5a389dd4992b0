//! The desk's own writes as time passes: complaints open a month become major, recorded when
//! the desk first sees them (as the commands do around each command).

use super::App;
use crate::desk::Desk;
use crate::domain::Policy;
use crate::store::Store;
use chrono::{DateTime, Utc};

/// Records the escalations due at `now`; true if any was written. A read-only desk writes
/// nothing (it shows them as major all the same), and a refused write is tried next minute.
fn escalate(store: &mut Store, policy: &Policy, now: DateTime<Utc>) -> bool {
    store.read_only().is_none()
        && store
            .escalate_due(now, policy)
            .is_ok_and(|ids| !ids.is_empty())
}

impl App {
    /// The desk as it opens on `desk`'s clock, after recording the escalations already due.
    pub fn open(desk: Desk, store: &mut Store) -> Self {
        escalate(store, &desk.policy, desk.clock.now());
        let mut app = Self::new(desk, store);
        app.reviews_in_background = true;
        app
    }

    /// The clock moved on to `now`: what `on_time` shows, and once a minute `on_minute`.
    pub fn on_clock(&mut self, now: DateTime<Utc>, store: &mut Store) {
        let minute = self.now.timestamp() / 60;
        self.take_reviews();
        self.take_yearly();
        self.on_time(now, store);
        if self.now.timestamp() / 60 != minute {
            self.on_minute(store);
        }
    }

    /// Once a minute: record the escalations due at the desk's time and show them.
    pub fn on_minute(&mut self, store: &mut Store) {
        if escalate(store, &self.desk.policy, self.now) {
            self.refresh(store);
        }
    }
}
