//! Handovers (交接班): the record signed at the end of a shift, and its draft (`draft.rs`).

mod demo;
mod draft;

pub use draft::*;

use super::{Applied, Details, KindDetails, KindRules, Life, RecordKind, Refused};
use crate::domain::action::Action;
use crate::domain::columns::TabSpec;
use crate::domain::deadline::Deadlines;
use crate::domain::intake::Intake;
use crate::domain::record::{Record, Status};
use crate::domain::record::{Refusal, Signature};
use crate::domain::report::{CallbackRate, Report};
use crate::domain::rules::Policy;
use crate::domain::time::{Zone, rfc3339};
use crate::domain::view::{Choice, Fact, FactLabel, ShowFacts, Value};
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

impl KindDetails for HandoverDetails {
    type State = HandoverState;
    const PROPS: super::KindProps = super::KindProps {
        shift_handover: true,
        ..super::KindProps::NONE
    };

    fn start(&self) -> HandoverState {
        HandoverState {
            details: self.clone(),
            signature: None,
            refusals: Vec::new(),
        }
    }

    fn category_slug(&self) -> &'static str {
        "handover"
    }
}

/// What a handover accumulates: its refusals, then its signature.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoverState {
    pub details: HandoverDetails,
    /// Accepted by the incoming person.
    pub signature: Option<Signature>,
    /// Every refusal so far.
    pub refusals: Vec<Refusal>,
}

/// A handover is the shift's summary, not part of its work: no deadlines, figures or sections.
impl KindRules for HandoverState {
    /// A draft is signed or refused; a note or a void is all else it takes (no watch: it is
    /// what the next shift reads).
    fn apply(
        &mut self,
        life: &mut Life<'_>,
        action: &Action,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<Applied, Refused> {
        match action {
            Action::Note { .. } | Action::Void { .. } => return Ok(Applied::Common),
            Action::Sign {
                by: incoming,
                content,
                outgoing,
            } => {
                if *life.status != Status::Draft {
                    return Err(Refused);
                }
                self.signature = Some(Signature {
                    by: incoming.clone(),
                    at,
                    outgoing: outgoing.clone().unwrap_or_else(|| by.to_string()),
                    content: content.clone(),
                });
                *life.status = Status::Signed;
            }
            Action::Refuse {
                by: incoming,
                reason,
            } => {
                if *life.status != Status::Draft {
                    return Err(Refused);
                }
                self.refusals.push(Refusal {
                    by: incoming.clone(),
                    at,
                    reason: reason.clone(),
                });
            }
            Action::Dispatch { .. }
            | Action::Arrive
            | Action::Assess { .. }
            | Action::Resolve { .. }
            | Action::Callback { .. }
            | Action::Classify { .. }
            | Action::Reply { .. }
            | Action::Escalate { .. }
            | Action::Watch { .. }
            | Action::Unwatch => return Err(Refused),
            Action::Report { .. } | Action::Close { .. } => return Err(Refused),
            Action::Propose { .. }
            | Action::NotifyDeveloper
            | Action::WarrantyExplained
            | Action::Notice
            | Action::WorkOrder { .. }
            | Action::FoundProblem { .. }
            | Action::FollowUpOf { .. }
            | Action::Pause { .. }
            | Action::Resume
            | Action::NotifyHeating
            | Action::Used { .. } => {
                return Err(Refused);
            }
        }
        Ok(Applied::Done)
    }

    fn opens_as(&self) -> Status {
        Status::Draft
    }

    fn in_handover(&self) -> bool {
        false
    }

    /// Listed as what it is.
    fn category(&self) -> Choice {
        Choice::Kind(RecordKind::Handover)
    }

    fn title(&self) -> Vec<Value> {
        vec![self.shift_change(None)]
    }

    fn desk_facts(&self) -> Vec<Fact> {
        Vec::new()
    }

    fn show_facts(&self) -> ShowFacts {
        let at = Some(self.details.boundary);
        ShowFacts {
            head: vec![Fact::new(FactLabel::ShiftChange, self.shift_change(at))],
            tail: Vec::new(),
        }
    }

    fn json_fields(&self, _: &Record, zone: Zone) -> Vec<(&'static str, serde_json::Value)> {
        let d = &self.details;
        vec![
            ("from_shift", serde_json::json!(d.from_shift)),
            ("to_shift", serde_json::json!(d.to_shift)),
            ("shift_start", rfc3339(d.shift_start, zone).into()),
            ("boundary", rfc3339(d.boundary, zone).into()),
            (
                "signature",
                serde_json::json!(self.signature.as_ref().map(|s| serde_json::json!({
                    "by": s.by, "outgoing": s.outgoing, "at": rfc3339(s.at, zone),
                }))),
            ),
            (
                "refusals",
                self.refusals
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "by": r.by, "at": rfc3339(r.at, zone), "reason": r.reason,
                        })
                    })
                    .collect::<Vec<_>>()
                    .into(),
            ),
        ]
    }

    fn deadlines(&self, _: &Record, _: &Policy, _: &mut Deadlines<'_>) {}

    fn tally(&self, _: &Record, _: &mut Report) {}

    fn callbacks<'a>(&self, _: &Record, _: &'a mut Report) -> Option<&'a mut CallbackRate> {
        None
    }

    fn sections(&self, _: &Record, _: &mut Vec<Section>) {}

    fn shift_sections(&self, _: &Record, _: &mut Vec<Section>) {}

    fn shift_key(&self) -> Option<DateTime<Utc>> {
        Some(self.details.boundary)
    }

    fn signature(&self) -> Option<&Signature> {
        self.signature.as_ref()
    }

    fn refusals(&self) -> &[Refusal] {
        &self.refusals
    }
}

impl HandoverState {
    fn shift_change(&self, at: Option<DateTime<Utc>>) -> Value {
        Value::ShiftChange {
            from: self.details.from_shift.clone(),
            to: self.details.to_shift.clone(),
            at,
        }
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
