//! Duty log entries (值班记录): what the guard saw or did, one category each.

use super::handover::Section;
use super::{KindRules, Slug};
use crate::domain::deadline::Deadlines;
use crate::domain::record::{Record, Status};
use crate::domain::report::{CallbackRate, Report, bump};
use crate::domain::rules::Policy;
use serde::{Deserialize, Serialize};

slug_enum!(
    LogCategory {
        Patrol => "patrol",
        Inspection => "inspection",
        KeyLocation => "key_location",
        Incident => "incident",
        Notice => "notice",
        KeysItems => "keys_items",
        Note => "note",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogDetails {
    pub category: LogCategory,
}

impl KindRules for LogDetails {
    fn category_slug(&self) -> &'static str {
        self.category.slug()
    }

    fn opens_as(&self) -> Status {
        Status::Logged
    }

    fn in_handover(&self) -> bool {
        true
    }

    /// A log entry records what happened: nothing is owed on it.
    fn deadlines(&self, _: &Record, _: &Policy, _: &mut Deadlines<'_>) {}

    fn tally(&self, _: &Record, rep: &mut Report) {
        bump(&mut rep.log_by_category, self.category.slug());
    }

    fn callbacks<'a>(&self, _: &Record, _: &'a mut Report) -> Option<&'a mut CallbackRate> {
        None
    }

    /// Log entries are never open.
    fn sections(&self, _: &Record, _: &mut Vec<Section>) {}

    /// Incidents written during the shift are handed over.
    fn shift_sections(&self, record: &Record, out: &mut Vec<Section>) {
        if self.category == LogCategory::Incident && !record.is_voided() {
            out.push(Section::Incidents);
        }
    }
}
