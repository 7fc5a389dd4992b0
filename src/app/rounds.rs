//! The inspection rounds the duty-log tab shows (issue 14 §2): read from the store on every
//! reload (a round written here or by another process) and when the estate's day turns.

use super::{App, Tab};
use crate::domain::kinds::inspection::rounds::SHOWN_WITH;
use crate::domain::time::local_date;
use crate::store::Store;

impl App {
    pub(super) fn load_rounds(&mut self, store: &Store) {
        match store.rounds_due(self.now, &self.desk.policy) {
            Ok(due) => self.rounds = Some(due),
            Err(e) => {
                self.rounds = None;
                self.report(Err(e));
            }
        }
    }

    /// The local day is not the one the rounds were read for (midnight passed).
    pub(super) fn rounds_day_turned(&self) -> bool {
        let today = local_date(self.now, self.desk.policy.zone).to_string();
        self.rounds.as_ref().is_some_and(|r| r.date != today)
    }

    /// The tab shows the rounds line: the duty log's, where rounds are recorded.
    pub fn shows_rounds(&self) -> bool {
        self.tab == Tab::Kind(SHOWN_WITH) && self.rounds.is_some()
    }
}
