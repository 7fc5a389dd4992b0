//! The inspection rounds the duty-log tab shows (issue 14 §2): read from the store on every
//! reload (a round written here or by another process) and when the estate's day turns.

use super::form::{Form, NoRepair};
use super::keymap::Mode;
use super::{App, Message, Tab};
use crate::domain::kinds::inspection::rounds::SHOWN_WITH;
use crate::domain::time::local_date;
use crate::i18n::tui::{T, rule_error, store_error};
use crate::store::{Store, StoreError};

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

    /// The repair form of a problem the selected round found (`O`, Ctrl-O); where none can be
    /// written, the status line says why and nothing is opened.
    pub(super) fn open_found_repair(&mut self) {
        let lang = self.lang();
        let Some(round) = self.selected() else { return };
        let opened = match &self.read_only {
            Some(reason) => Err(store_error(lang, &StoreError::ReadOnly(reason.clone()))),
            None => Form::found_repair(round, self.now, lang).map_err(|no| match no {
                NoRepair::NoProblem => T::FoundNoProblem.s(lang).to_string(),
                NoRepair::AllRepaired => T::FoundAllRepaired.s(lang).to_string(),
                NoRepair::Refused(e) => rule_error(lang, &e),
            }),
        };
        match opened {
            Ok(form) => {
                self.form = Some(form);
                self.mode = Mode::Form;
            }
            Err(text) => self.message = Some(Message { text, error: true }),
        }
    }
}
