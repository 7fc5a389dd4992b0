//! Calls and visits (来电来访): consultations, complaints, repair requests, help, suggestions.

mod demo;

use super::Details;
use super::handover::Section;
use super::incident::ReportMade;
use super::{Applied, KindDetails, KindRules, KindState, Life, Refused, Slug};
use crate::domain::action::Action;
use crate::domain::columns::{ANY, Col, TabSpec, col};
use crate::domain::deadline::{DeadlineName, Deadlines};
use crate::domain::error::{Field, Problem, RuleError};
use crate::domain::intake::{self, ChoiceSet, Entries, FieldSpec, Input, Intake, Need};
use crate::domain::record::{Record, Status};
use crate::domain::repeats::RepeatBy;
use crate::domain::report::{CallbackRate, Report, bump};
use crate::domain::rules::Policy;
use crate::domain::time::{Zone, end_of_day, local_date, rfc3339};
use crate::domain::view::{Choice, Fact, FactLabel, ShowFacts, Value};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

slug_enum!(
    /// How a call or visit reached the desk (投诉形式).
    Channel {
        Phone => "phone",
        Visit => "visit",
        Letter => "letter",
        Fax => "fax",
        Online => "online",
    }
);

/// How a call reached the desk, as a choice.
pub static CHANNELS: ChoiceSet = ChoiceSet::of::<Channel>("Channel");

impl Channel {
    /// Letters, faxes and online messages are written complaints: they get a written reply.
    pub fn is_written(self) -> bool {
        matches!(self, Self::Letter | Self::Fax | Self::Online)
    }
}

slug_enum!(
    CallKind {
        Consultation => "consultation",
        Complaint => "complaint",
        Repair => "repair",
        Help => "help",
        Suggestion => "suggestion",
    }
);

pub static CALL_KINDS: ChoiceSet = ChoiceSet::of::<CallKind>("CallKind");

slug_enum!(
    /// 投诉界定: who handles it and how serious it is.
    ComplaintClass {
        Minor => "minor",
        Important => "important",
        Major => "major",
    }
);

/// The classes (classifying a complaint).
pub static CLASSES: ChoiceSet = ChoiceSet::of::<ComplaintClass>("Class");
/// Not classified yet, then the classes (a new call).
pub static CLASS_OR_NONE: ChoiceSet = ChoiceSet::or_none::<ComplaintClass>("ClassOrNone");

slug_enum!(
    /// Who handles a complaint, by its class (DOMAIN.md §2): the customer-service manager a
    /// minor one, the service-centre manager an important one; a major one is reported straight
    /// up to higher management.
    Handler {
        CustomerServiceManager => "customer_service_manager",
        ServiceCentreManager => "service_centre_manager",
        ReportedUpward => "reported_upward",
    }
);

pub static HANDLERS: ChoiceSet = ChoiceSet::of::<Handler>("Handler");

impl ComplaintClass {
    pub fn handler(self) -> Handler {
        match self {
            Self::Minor => Handler::CustomerServiceManager,
            Self::Important => Handler::ServiceCentreManager,
            Self::Major => Handler::ReportedUpward,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallDetails {
    pub call_kind: CallKind,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<ComplaintClass>,
}

impl KindDetails for CallDetails {
    type State = CallState;
    const PROPS: super::KindProps = super::KindProps {
        owes_callbacks: true,
        resolve_result: true,
        work_order: Some(super::RecordKind::Repair),
        categories: Some(&CALL_KINDS),
        ..super::KindProps::NONE
    };

    fn start(&self) -> CallState {
        CallState {
            details: self.clone(),
            class: self.class,
            escalated_at: None,
            first_reply_at: None,
            written_reply_at: None,
            major_at: None,
            reports: Vec::new(),
            result: None,
        }
    }

    fn category_slug(&self) -> &'static str {
        self.call_kind.slug()
    }

    /// Complaints repeat (同一问题多次投诉); consultations, help, suggestions and repair calls
    /// do not (a repair call's repeat shows on its work order).
    fn repeat_by(category: &str) -> RepeatBy {
        if category == CallKind::Complaint.slug() {
            RepeatBy::Words
        } else {
            RepeatBy::Never
        }
    }
}

impl CallState {
    /// How it came in, and the complaint's class.
    fn channel_facts(&self) -> Vec<Fact> {
        let mut facts = vec![Fact::new(
            FactLabel::Channel,
            Value::Choice(Choice::of(&CHANNELS, self.details.channel)),
        )];
        if let Some(class) = self.class {
            facts.push(Fact::new(
                FactLabel::Class,
                Value::Choice(Choice::of(&CLASSES, class)),
            ));
        }
        facts
    }

    fn result_fact(&self) -> Option<Fact> {
        let text = self.result.clone()?;
        Some(Fact::new(FactLabel::Result, Value::Text(text)))
    }
}

impl CallDetails {
    fn is_complaint(&self) -> bool {
        self.call_kind == CallKind::Complaint
    }

    fn written_reply_owed(&self) -> bool {
        self.is_complaint() && self.channel.is_written()
    }
}

/// What a call accumulates: its class now, and its replies.
#[derive(Debug, Clone, PartialEq)]
pub struct CallState {
    pub details: CallDetails,
    /// Complaint class now (after classification or escalation).
    pub class: Option<ComplaintClass>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub first_reply_at: Option<DateTime<Utc>>,
    pub written_reply_at: Option<DateTime<Utc>>,
    /// When a complaint became major by classification or escalation (None: major from the
    /// start, or not major).
    pub major_at: Option<DateTime<Utc>>,
    /// A major complaint's reports upward, in order.
    pub reports: Vec<ReportMade>,
    /// What was done about it (处理结果, §2), given at resolve.
    pub result: Option<String>,
}

impl CallState {
    /// Since when a major complaint owes its report upward: when it became major (received,
    /// classified or escalated); None when it is not major.
    fn major_since(&self, received: DateTime<Utc>) -> Option<DateTime<Utc>> {
        (self.class == Some(ComplaintClass::Major)).then(|| self.major_at.unwrap_or(received))
    }

    /// The class set now: major from another class records since when.
    fn set_class(&mut self, class: ComplaintClass, at: DateTime<Utc>) {
        if class == ComplaintClass::Major && self.class != Some(class) {
            self.major_at = Some(at);
        }
        self.class = Some(class);
    }

    /// The handler and the reports upward, for the desk and `show`.
    fn handler_facts(&self) -> Vec<Fact> {
        let mut facts = Vec::new();
        if let Some(class) = self.class {
            facts.push(Fact::new(
                FactLabel::Handler,
                Value::Choice(Choice::of(&HANDLERS, class.handler())),
            ));
        }
        facts.extend(self.reports.iter().map(ReportMade::fact));
        facts
    }
}

impl KindRules for CallState {
    fn apply(
        &mut self,
        life: &mut Life<'_>,
        action: &Action,
        at: DateTime<Utc>,
        _: &str,
    ) -> Result<Applied, Refused> {
        use Status::*;
        let answerable = matches!(*life.status, Received | Replied);
        match action {
            Action::Pause { .. } | Action::Resume => return Ok(Applied::Common),
            Action::Note { .. }
            | Action::Void { .. }
            | Action::Watch { .. }
            | Action::Unwatch
            | Action::Callback { .. }
            | Action::Notice
            | Action::FollowUpOf { .. } => return Ok(Applied::Common),
            Action::Resolve {
                fee,
                signed,
                rating,
                work,
                materials,
                result,
                callback,
            } => {
                // A work order's completion fields are a repair's.
                let repair_only = fee.is_some()
                    || signed.is_some()
                    || rating.is_some()
                    || work.is_some()
                    || materials.is_some()
                    || callback.is_some();
                if !answerable || repair_only {
                    return Err(Refused);
                }
                self.result = result.clone();
                // The final answer is also a reply, if none was recorded before.
                self.first_reply_at.get_or_insert(at);
                if self.written_reply_owed() {
                    self.written_reply_at.get_or_insert(at);
                }
                *life.status = if self.is_complaint() && !life.anonymous {
                    Resolved
                } else {
                    Closed
                };
                *life.resolved_at = Some(at);
            }
            Action::Classify { class } => {
                if !self.is_complaint() || !life.status.is_open() {
                    return Err(Refused);
                }
                self.set_class(*class, at);
            }
            Action::Reply { written } => {
                if !answerable {
                    return Err(Refused);
                }
                self.first_reply_at.get_or_insert(at);
                if *written {
                    self.written_reply_at.get_or_insert(at);
                }
                *life.status = Replied;
            }
            Action::Escalate { to } => {
                if !self.is_complaint() || !life.status.is_open() || self.class == Some(*to) {
                    return Err(Refused);
                }
                self.set_class(*to, at);
                self.escalated_at = Some(at);
            }
            Action::Report {
                to,
                role,
                how,
                answer,
            } => {
                // A major complaint is reported upward (DOMAIN.md §2), while it is open.
                if self.class != Some(ComplaintClass::Major) || !life.status.is_open() {
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
            Action::FoundProblem { .. } => return Err(Refused),
            Action::WorkOrder { .. } => {
                // A repair call becomes a work order once: that answers the caller, and the
                // repair carries the matter on (§3).
                if !answerable || self.details.call_kind != CallKind::Repair {
                    return Err(Refused);
                }
                self.first_reply_at.get_or_insert(at);
                *life.status = Closed;
                *life.resolved_at = Some(at);
            }
            Action::Dispatch { .. }
            | Action::Arrive
            | Action::Assess { .. }
            | Action::Sign { .. }
            | Action::Refuse { .. } => return Err(Refused),
            Action::Close { .. } => return Err(Refused),
            Action::Propose { .. }
            | Action::NotifyDeveloper
            | Action::WarrantyExplained
            | Action::NotifyHeating
            | Action::Used { .. } => {
                return Err(Refused);
            }
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
        Choice::of(&CALL_KINDS, self.details.call_kind)
    }

    fn title(&self) -> Vec<Value> {
        vec![Value::Choice(self.category())]
    }

    fn desk_facts(&self) -> Vec<Fact> {
        let mut facts = self.channel_facts();
        facts.extend(self.handler_facts());
        facts.extend(self.result_fact());
        facts
    }

    fn show_facts(&self) -> ShowFacts {
        let mut head = vec![Fact::new(
            FactLabel::CallKind,
            Value::Choice(self.category()),
        )];
        head.extend(self.channel_facts());
        head.extend(self.handler_facts());
        ShowFacts {
            head,
            tail: self.result_fact().into_iter().collect(),
        }
    }

    fn json_fields(&self, record: &Record, zone: Zone) -> Vec<(&'static str, serde_json::Value)> {
        let time = |t: Option<chrono::DateTime<chrono::Utc>>| -> serde_json::Value {
            t.map(|t| rfc3339(t, zone)).into()
        };
        vec![
            ("call_kind", self.details.call_kind.slug().into()),
            ("channel", self.details.channel.slug().into()),
            ("class", self.class.map(|c| c.slug()).into()),
            ("handler", self.class.map(|c| c.handler().slug()).into()),
            (
                "reports",
                self.reports
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
                    .collect::<Vec<_>>()
                    .into(),
            ),
            ("anonymous", record.is_anonymous().into()),
            ("first_reply_at", time(self.first_reply_at)),
            ("written_reply_at", time(self.written_reply_at)),
            ("resolved_at", time(record.resolved_at)),
            ("result", serde_json::json!(self.result)),
        ]
    }

    fn deadlines(&self, record: &Record, policy: &Policy, out: &mut Deadlines<'_>) {
        let limits = &policy.limits;
        let received = record.received_at;
        if !self.is_complaint() {
            out.push(
                DeadlineName::Reply,
                received,
                received + Duration::hours(limits.enquiry_reply_hours),
                self.first_reply_at,
            );
            return;
        }
        let day = local_date(received, policy.zone);
        out.push(
            DeadlineName::FirstReply,
            received,
            end_of_day(day, policy.zone),
            self.first_reply_at,
        );
        if self.written_reply_owed() {
            let mut day_of_reply = day;
            for _ in 0..limits.written_reply_working_days {
                day_of_reply = policy.calendar.next_working_day(day_of_reply);
            }
            out.push(
                DeadlineName::WrittenReply,
                received,
                end_of_day(day_of_reply, policy.zone),
                self.written_reply_at,
            );
        }
        out.push(
            DeadlineName::Reply,
            received,
            received + Duration::days(limits.complaint_answer_days),
            record.resolved_at,
        );
        // A major complaint is reported straight up (DOMAIN.md §2) the day it became major: not
        // "at once" (that is for casualties, serious loss or crowd risk, DOMAIN.md §5, which an
        // incident records), but like the other major matters, the same day.
        if let Some(since) = self.major_since(received) {
            out.push(
                DeadlineName::Report,
                since,
                end_of_day(local_date(since, policy.zone), policy.zone),
                self.reports
                    .iter()
                    .map(|r| r.at)
                    .filter(|t| *t >= since)
                    .min(),
            );
        }
        if let Some(resolved) = record.resolved_at
            && !record.is_anonymous()
        {
            let due = resolved + Duration::days(limits.complaint_callback_days);
            out.push(
                DeadlineName::Callback,
                resolved,
                due,
                record.callback.as_ref().map(|c| c.at),
            );
        }
    }

    fn tally(&self, _: &Record, rep: &mut Report) {
        bump(&mut rep.calls_by_kind, self.details.call_kind.slug());
        bump(&mut rep.calls_by_channel, self.details.channel.slug());
        if let Some(class) = self.class {
            bump(&mut rep.complaints_by_class, class.slug());
        } else if self.is_complaint() {
            bump(&mut rep.complaints_by_class, "unclassified");
        }
    }

    fn callbacks<'a>(&self, record: &Record, rep: &'a mut Report) -> Option<&'a mut CallbackRate> {
        (self.is_complaint() && !record.is_anonymous()).then_some(&mut rep.complaint_callbacks)
    }

    fn sections(&self, record: &Record, out: &mut Vec<Section>) {
        if self.is_complaint() {
            if record.resolved_at.is_none() {
                out.push(Section::ComplaintsAwaitingReply);
            }
        } else if record.status != Status::Resolved {
            out.push(Section::OtherCalls);
        }
    }

    fn shift_sections(&self, _: &Record, _: &mut Vec<Section>) {}

    fn is_complaint(&self) -> bool {
        self.details.is_complaint()
    }

    fn takes_work_order(&self) -> bool {
        self.details.call_kind == CallKind::Repair
    }

    fn follow_up(&self, r: &Record, form: super::CallbackForm) -> Option<Details> {
        use super::CallbackForm;
        if !self.is_complaint() {
            return None;
        }
        let details = CallDetails {
            call_kind: CallKind::Complaint,
            channel: match form {
                CallbackForm::Phone => Channel::Phone,
                CallbackForm::Visit => Channel::Visit,
                CallbackForm::Letter => Channel::Letter,
            },
            class: r.class().or(self.details.class),
        };
        Some(details.into())
    }

    fn written_reply_owed(&self) -> bool {
        self.details.written_reply_owed()
    }

    fn class(&self) -> Option<ComplaintClass> {
        self.class
    }

    fn escalated_at(&self) -> Option<DateTime<Utc>> {
        self.escalated_at
    }

    fn channel(&self) -> Option<Channel> {
        Some(self.details.channel)
    }

    /// A complaint's slip, 《客户投诉处理通知单》 (§2); other calls have none.
    fn paper_form(&self) -> Option<crate::domain::view::PaperForm> {
        self.is_complaint()
            .then_some(crate::domain::view::PaperForm::ComplaintSlip)
    }
}

/// Whether an unresolved complaint has been open long enough to become major (and is not yet).
/// A complaint that is resolved and only waits for its callback is not "unresolved" (DOMAIN.md
/// §2: "not reasonably resolved within one month").
pub fn escalation_due(record: &Record, policy: &Policy, now: DateTime<Utc>) -> bool {
    record.is_complaint()
        && matches!(record.status, Status::Received | Status::Replied)
        && record.class() != Some(ComplaintClass::Major)
        && now - record.received_at >= Duration::days(policy.limits.escalate_to_major_days)
}

/// The calls tab: `--tab calls` (or `call`), and its list's columns.
pub const TAB: Option<&TabSpec> = Some(&TabSpec {
    name: "calls",
    aliases: &["call"],
    columns: &[
        col(Col::Id, 13, 0, ANY),
        col(Col::TimeShort, 5, 0, 120),
        col(Col::TimeLong, 11, 120, ANY),
        col(Col::Category, 12, 100, ANY),
        col(Col::Channel, 6, 150, ANY),
        col(Col::Place, 9, 0, ANY),
        col(Col::Name, 8, 140, ANY),
        col(Col::Phone, 11, 160, ANY),
        col(Col::Summary, 0, 0, ANY),
        col(Col::Status, 8, 0, ANY),
        col(Col::DueName, 13, 120, ANY),
        col(Col::DueIn, 17, 0, ANY),
    ],
});

fn is_complaint(e: &Entries) -> bool {
    e.choice::<CallKind>(Field::CallKind) == Some(CallKind::Complaint)
}

/// A call or visit at creation: the `add call` flags, the desk's form.
pub static INTAKE: Intake = Intake {
    fields: &[
        intake::SUMMARY,
        FieldSpec::new(
            Field::CallKind,
            Input::Choice {
                set: &CALL_KINDS,
                default: "",
            },
            Need::Required,
        ),
        FieldSpec::new(
            Field::Channel,
            Input::Choice {
                set: &CHANNELS,
                default: "",
            },
            Need::Required,
        ),
        intake::short(Field::Name, Need::Optional),
        intake::ROOM,
        intake::PHONE,
        FieldSpec::new(
            Field::Class,
            Input::Choice {
                set: &CLASS_OR_NONE,
                default: "",
            },
            Need::Only {
                applies: is_complaint,
                required: false,
                otherwise: || Problem::OnlyComplaintHasClass,
            },
        ),
        intake::AT,
    ],
    build: Some(|p, _| {
        CallDetails {
            call_kind: p.choice(Field::CallKind).expect("a kind has a default"),
            channel: p.choice(Field::Channel).expect("a channel has a default"),
            class: p.choice(Field::Class),
        }
        .into()
    }),
    check: |new, _, _| {
        if let Details::Call(CallDetails {
            call_kind,
            class: Some(_),
            ..
        }) = &new.details
            && *call_kind != CallKind::Complaint
        {
            return Err(RuleError::field(
                Field::Class,
                Problem::OnlyComplaintHasClass,
            ));
        }
        Ok(())
    },
    suggest: None,
};

/// Shows a complaint as escalated to major at `at` without recording the event (a lookup's
/// view of a complaint whose month ran out; `deadline::as_of`).
pub fn mark_escalated(record: &mut Record, at: DateTime<Utc>) {
    if let KindState::Call(call) = &mut record.state {
        call.set_class(ComplaintClass::Major, at);
        call.escalated_at = Some(at);
    }
}
