//! Handovers (交接班): the record signed at the end of a shift, and its draft (`draft.rs`).

mod draft;

pub use draft::*;

use super::{Details, KindRules};
use crate::domain::columns::TabSpec;
use crate::domain::deadline::Deadlines;
use crate::domain::intake::Intake;
use crate::domain::record::{Record, Status};
use crate::domain::report::{CallbackRate, Report};
use crate::domain::rules::Policy;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The handover at the end of `from_shift` (which started at `shift_start`) to `to_shift`
/// at `boundary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandoverDetails {
    pub from_shift: String,
    pub to_shift: String,
    pub shift_start: DateTime<Utc>,
    pub boundary: DateTime<Utc>,
}

/// A handover is the shift's summary, not part of its work: no deadlines, figures or sections.
impl KindRules for HandoverDetails {
    fn category_slug(&self) -> &'static str {
        "handover"
    }

    fn opens_as(&self) -> Status {
        Status::Draft
    }

    fn in_handover(&self) -> bool {
        false
    }

    fn deadlines(&self, _: &Record, _: &Policy, _: &mut Deadlines<'_>) {}

    fn tally(&self, _: &Record, _: &mut Report) {}

    fn callbacks<'a>(&self, _: &Record, _: &'a mut Report) -> Option<&'a mut CallbackRate> {
        None
    }

    fn sections(&self, _: &Record, _: &mut Vec<Section>) {}

    fn shift_sections(&self, _: &Record, _: &mut Vec<Section>) {}

    fn shift_key(&self) -> Option<DateTime<Utc>> {
        Some(self.boundary)
    }
}

impl HandoverDetails {
    /// The shift change of a handover record; None for any other record.
    pub fn of(record: &Record) -> Option<&Self> {
        if let Details::Handover(h) = &record.new.details {
            Some(h)
        } else {
            None
        }
    }
}

/// No tab of its own: the desk's handover tab is the shift view, which lists every kind.
pub const TAB: Option<&TabSpec> = None;

/// A handover is not created from entries: signing writes it.
pub static INTAKE: Intake = Intake {
    fields: &[],
    build: None,
    check: crate::domain::intake::no_check,
    suggest: None,
};
