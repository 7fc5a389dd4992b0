//! Major incidents (重大事项, DOMAIN.md §5): what happened, and the reporting chain — who was
//! told, when, how, and what they answered — until the incident is closed with its outcome.

mod demo;

use super::handover::Section;
use super::{Applied, KindDetails, KindRules, Life, Refused, Slug};
use crate::domain::action::Action;
use crate::domain::columns::TabSpec;
use crate::domain::deadline::{DeadlineName, Deadlines};
use crate::domain::error::Field;
use crate::domain::intake::{self, ChoiceSet, FieldSpec, Input, Intake, Need};
use crate::domain::record::{Record, Status};
use crate::domain::report::{CallbackRate, Report};
use crate::domain::rules::Policy;
use crate::domain::time::{Zone, end_of_day, local_date, rfc3339};
use crate::domain::view::{Choice, Fact, FactLabel, ShowFacts, Value};
use chrono::{DateTime, Days, Duration, Utc};
use serde::{Deserialize, Serialize};

slug_enum!(
    /// What kind of major matter (DOMAIN.md §5).
    IncidentType {
        Casualty => "casualty",
        Fire => "fire",
        Flood => "flood",
        Explosion => "explosion",
        Disaster => "disaster",
        Violence => "violence",
        Crowd => "crowd",
        Government => "government",
        Other => "other",
    }
);

pub static TYPES: ChoiceSet = ChoiceSet::of::<IncidentType>("IncidentType");

impl IncidentType {
    /// Casualties, fire, flood, explosion, disaster, violence or crowd risk: reported at once,
    /// by the fastest way (第一时间用最快的方式); the rest the same day.
    pub fn at_once(self) -> bool {
        !matches!(self, Self::Government | Self::Other)
    }
}

slug_enum!(
    /// How a report upward was made (DOMAIN.md §5: in person, by phone, in writing).
    ReportHow {
        InPerson => "in_person",
        Phone => "phone",
        Written => "written",
    }
);

pub static REPORT_HOW: ChoiceSet = ChoiceSet::of::<ReportHow>("ReportHow");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentDetails {
    #[serde(rename = "type")]
    pub incident_type: IncidentType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub casualties: Option<u32>,
}

impl KindDetails for IncidentDetails {
    type State = IncidentState;
    const PROPS: super::KindProps = super::KindProps {
        owes_callbacks: true,
        daily_incident: true,
        notify_at_once: true,
        shortcut: Some(super::Shortcut::Incident),
        categories: Some(&TYPES),
        ..super::KindProps::NONE
    };

    fn start(&self) -> IncidentState {
        IncidentState {
            details: self.clone(),
            reports: Vec::new(),
            outcome: None,
            medical_callback: false,
        }
    }

    fn category_slug(&self) -> &'static str {
        self.incident_type.slug()
    }
}

/// One report upward: a link of the reporting chain.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportMade {
    pub at: DateTime<Utc>,
    pub to: String,
    pub role: String,
    pub how: ReportHow,
    pub answer: Option<String>,
}

impl ReportMade {
    /// The report as a line of the detail and `show` (an incident's, a major complaint's).
    pub fn fact(&self) -> Fact {
        Fact::new(
            FactLabel::ReportedTo,
            Value::Report {
                at: self.at,
                to: self.to.clone(),
                role: self.role.clone(),
                how: Choice::of(&REPORT_HOW, self.how),
                answer: self.answer.clone(),
            },
        )
    }
}

/// What an incident accumulates: its reports upward, in order, and its outcome once closed.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentState {
    pub details: IncidentDetails,
    pub reports: Vec<ReportMade>,
    pub outcome: Option<String>,
    /// Closed with an emergency patient to call back within a week (§4).
    pub medical_callback: bool,
}

impl IncidentState {
    fn first_report(&self) -> Option<DateTime<Utc>> {
        self.reports.iter().map(|r| r.at).min()
    }

    fn first_written_report(&self) -> Option<DateTime<Utc>> {
        self.reports
            .iter()
            .filter(|r| r.how == ReportHow::Written)
            .map(|r| r.at)
            .min()
    }

    /// The type as shown (not with the urgent mark: that word is the urgent repair's, 急修).
    fn type_value(&self) -> Value {
        Value::Choice(self.category())
    }

    fn chain_facts(&self) -> Vec<Fact> {
        let mut facts = Vec::new();
        if let Some(n) = self.details.casualties {
            facts.push(Fact::new(FactLabel::Casualties, Value::Text(n.to_string())));
        }
        facts.extend(self.reports.iter().map(ReportMade::fact));
        if let Some(outcome) = &self.outcome {
            facts.push(Fact::new(FactLabel::Outcome, Value::Text(outcome.clone())));
        }
        facts
    }
}

impl KindRules for IncidentState {
    fn apply(
        &mut self,
        life: &mut Life<'_>,
        action: &Action,
        at: DateTime<Utc>,
        _: &str,
    ) -> Result<Applied, Refused> {
        match action {
            Action::Note { .. } | Action::Void { .. } | Action::Watch { .. } | Action::Unwatch => {
                return Ok(Applied::Common);
            }
            Action::Report {
                to,
                role,
                how,
                answer,
            } => {
                if !life.status.is_open() {
                    return Err(Refused);
                }
                self.reports.push(ReportMade {
                    at,
                    to: to.clone(),
                    role: role.clone(),
                    how: *how,
                    answer: answer.clone(),
                });
            }
            // Closed with its outcome once it has been reported upward in writing (every
            // incident owes its written report): closing never leaves a report owed.
            Action::Close {
                outcome,
                medical_callback,
            } => {
                if !matches!(*life.status, Status::Received)
                    || self.first_written_report().is_none()
                {
                    return Err(Refused);
                }
                self.outcome = Some(outcome.clone());
                self.medical_callback = *medical_callback;
                // An emergency patient to call back: the incident waits for the callback.
                *life.status = if *medical_callback {
                    Status::Resolved
                } else {
                    Status::Closed
                };
                *life.resolved_at = Some(at);
            }
            // The emergency patient's callback, once closed (the record's own rules).
            Action::Callback { .. } => return Ok(Applied::Common),
            Action::Dispatch { .. }
            | Action::Arrive
            | Action::Assess { .. }
            | Action::Resolve { .. }
            | Action::Classify { .. }
            | Action::Reply { .. }
            | Action::Escalate { .. }
            | Action::Sign { .. }
            | Action::Refuse { .. }
            | Action::Propose { .. }
            | Action::NotifyDeveloper
            | Action::WarrantyExplained
            | Action::Notice
            | Action::WorkOrder { .. }
            | Action::FoundProblem { .. }
            | Action::FollowUpOf { .. }
            | Action::Pause { .. }
            | Action::Resume
            | Action::NotifyHeating
            | Action::Used { .. } => return Err(Refused),
        }
        Ok(Applied::Done)
    }

    fn opens_as(&self) -> Status {
        Status::Received
    }

    fn in_handover(&self) -> bool {
        true
    }

    fn category(&self) -> Choice {
        Choice::of(&TYPES, self.details.incident_type)
    }

    fn title(&self) -> Vec<Value> {
        vec![self.type_value()]
    }

    fn desk_facts(&self) -> Vec<Fact> {
        self.chain_facts()
    }

    fn show_facts(&self) -> ShowFacts {
        ShowFacts {
            head: vec![Fact::new(FactLabel::IncidentType, self.type_value())],
            tail: self.chain_facts(),
        }
    }

    fn json_fields(&self, record: &Record, zone: Zone) -> Vec<(&'static str, serde_json::Value)> {
        let reports: Vec<serde_json::Value> = self
            .reports
            .iter()
            .map(|r| {
                serde_json::json!({
                    "to": r.to,
                    "role": r.role,
                    "how": r.how.slug(),
                    "at": rfc3339(r.at, zone),
                    "answer": r.answer,
                })
            })
            .collect();
        vec![
            ("type", self.details.incident_type.slug().into()),
            ("casualties", serde_json::json!(self.details.casualties)),
            ("reports", reports.into()),
            ("outcome", serde_json::json!(self.outcome)),
            ("medical_callback", serde_json::json!(self.medical_callback)),
            (
                "resolved_at",
                record.resolved_at.map(|t| rfc3339(t, zone)).into(),
            ),
        ]
    }

    /// `report`: at once (default 10 minutes) for casualties, fire, flood, explosion,
    /// disaster, violence and crowd risk; by the end of the day for the rest. Met by the first
    /// report upward. `written_report`: by the end of the next day, met by a written report.
    fn deadlines(&self, record: &Record, policy: &Policy, out: &mut Deadlines<'_>) {
        let received = record.received_at;
        let day = local_date(received, policy.zone);
        let report_due = if self.details.incident_type.at_once() {
            received + Duration::minutes(policy.limits.incident_report_minutes)
        } else {
            end_of_day(day, policy.zone)
        };
        out.push(
            DeadlineName::Report,
            received,
            report_due,
            self.first_report(),
        );
        let next_day = day.checked_add_days(Days::new(1)).unwrap_or(day);
        out.push(
            DeadlineName::WrittenReport,
            received,
            end_of_day(next_day, policy.zone),
            self.first_written_report(),
        );
        if self.medical_callback
            && let Some(closed) = record.resolved_at
        {
            let due = closed + Duration::days(policy.limits.medical_callback_days);
            let done = record.callback.as_ref().map(|c| c.at);
            out.push(DeadlineName::Callback, closed, due, done);
        }
    }

    fn tally(&self, _: &Record, _: &mut Report) {}

    fn callbacks<'a>(&self, _: &Record, _: &'a mut Report) -> Option<&'a mut CallbackRate> {
        None
    }

    /// An open incident is on every handover until it is closed; one waiting only for its
    /// patient's callback is listed with the callbacks due.
    fn sections(&self, record: &Record, out: &mut Vec<Section>) {
        if record.status != Status::Resolved {
            out.push(Section::Incidents);
        }
    }

    /// One closed during the shift it was written in is handed over as the shift's incident.
    fn shift_sections(&self, record: &Record, out: &mut Vec<Section>) {
        if !record.status.is_open() && !record.is_voided() {
            out.push(Section::Incidents);
        }
    }

    fn is_urgent(&self) -> bool {
        self.details.incident_type.at_once()
    }

    fn handed_over_until_closed(&self) -> bool {
        true
    }

    fn name_field(&self) -> FactLabel {
        FactLabel::Reporter
    }
}

/// Incidents have no tab of their own: they are few, and written where the guard keeps the
/// duty log (a key on the log tab); `list incident` and the handover show them.
pub const TAB: Option<&TabSpec> = None;

/// An incident at creation: the `add incident` flags, the desk's form.
pub static INTAKE: Intake = Intake {
    fields: &[
        intake::SUMMARY,
        FieldSpec::new(
            Field::IncidentType,
            Input::Choice {
                set: &TYPES,
                default: "",
            },
            Need::Required,
        ),
        intake::short(Field::Location, Need::Optional),
        FieldSpec::new(Field::Casualties, Input::Count, Need::Optional),
        intake::AT,
    ],
    build: Some(|p, _| {
        IncidentDetails {
            incident_type: p.choice(Field::IncidentType).expect("a type has a default"),
            casualties: p.count(Field::Casualties),
        }
        .into()
    }),
    check: intake::no_check,
    suggest: None,
};
