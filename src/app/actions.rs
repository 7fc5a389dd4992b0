//! The lifecycle steps the desk offers on a selected record. Whether one fits is asked of the
//! domain (`Record::apply`), so the TUI never restates a transition rule.

use crate::domain::deadline::{DeadlineName, deadlines};
use crate::domain::*;
use chrono::{DateTime, Utc};

/// The steps are the domain's (`domain::step`: what each asks for, read once for `act` and
/// the desk's forms).
pub use crate::domain::step::Step as ActKind;

impl ActKind {
    /// A representative action of this kind, to ask the domain whether it fits.
    fn sample(self) -> Action {
        match self {
            Self::Dispatch => Action::Dispatch { to: "-".into() },
            Self::Arrive => Action::Arrive,
            Self::Assess => Action::Assess {
                difficulty: Difficulty::Simple,
            },
            Self::Reply => Action::Reply { written: false },
            Self::ReplyWritten => Action::Reply { written: true },
            Self::Resolve => Action::Resolve {
                fee: None,
                signed: None,
                rating: None,
                work: None,
                materials: None,
                result: None,
                callback: None,
            },
            Self::Callback => Action::Callback {
                form: CallbackForm::Phone,
                satisfaction: Satisfaction::Satisfied,
                reached: Some(true),
                words: None,
                signed: None,
                follow_up: None,
                quality: false,
            },
            Self::Classify => Action::Classify {
                class: ComplaintClass::Minor,
            },
            Self::Note => Action::Note { text: "-".into() },
            Self::Watch => Action::Watch {
                instruction: "-".into(),
            },
            Self::Unwatch => Action::Unwatch,
            Self::Void => Action::Void { reason: "-".into() },
            Self::Report => Action::Report {
                to: "-".into(),
                role: "-".into(),
                how: ReportHow::Phone,
                answer: None,
            },
            Self::Close => Action::Close {
                outcome: "-".into(),
                medical_callback: false,
            },
            Self::Propose => Action::Propose { text: "-".into() },
            Self::NotifyDeveloper => Action::NotifyDeveloper,
            Self::WarrantyExplained => Action::WarrantyExplained,
            Self::NotifyHeating => Action::NotifyHeating,
            Self::Used => Action::Used { guard: None },
            Self::Pause => Action::Pause {
                reason: "-".into(),
                until: None,
            },
            Self::Resume => Action::Resume,
            Self::Notice => Action::Notice,
        }
    }

    /// Whether the record accepts this step now.
    pub fn applies(self, record: &Record, policy: &Policy, now: DateTime<Utc>) -> bool {
        if self == Self::ReplyWritten
            && !deadlines(record, policy)
                .iter()
                .any(|d| d.name == DeadlineName::WrittenReply && d.is_open())
        {
            return false;
        }
        let at = now.max(record.last_event_at);
        record.apply(&self.sample(), at, "desk").is_ok()
    }
}
