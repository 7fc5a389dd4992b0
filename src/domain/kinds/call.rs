//! Calls and visits (来电来访): consultations, complaints, repair requests, help, suggestions.

use super::Details;
use super::handover::Section;
use super::{KindRules, Slug};
use crate::domain::columns::{ANY, Col, TabSpec, col};
use crate::domain::deadline::{DeadlineName, Deadlines};
use crate::domain::error::{Field, Problem, RuleError};
use crate::domain::intake::{self, Choices, Entries, FieldSpec, Input, Intake, Need};
use crate::domain::record::{Record, Status};
use crate::domain::report::{CallbackRate, Report, bump};
use crate::domain::rules::Policy;
use crate::domain::time::{end_of_day, local_date};
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

slug_enum!(
    /// 投诉界定: who handles it and how serious it is.
    ComplaintClass {
        Minor => "minor",
        Important => "important",
        Major => "major",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallDetails {
    pub call_kind: CallKind,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<ComplaintClass>,
}

impl KindRules for CallDetails {
    fn category_slug(&self) -> &'static str {
        self.call_kind.slug()
    }

    fn opens_as(&self) -> Status {
        Status::Received
    }

    fn in_handover(&self) -> bool {
        true
    }

    fn deadlines(&self, record: &Record, policy: &Policy, out: &mut Deadlines<'_>) {
        let limits = &policy.limits;
        let received = record.received_at;
        if self.call_kind != CallKind::Complaint {
            out.push(
                DeadlineName::Reply,
                received,
                received + Duration::hours(limits.enquiry_reply_hours),
                record.first_reply_at,
            );
            return;
        }
        let day = local_date(received, policy.zone);
        out.push(
            DeadlineName::FirstReply,
            received,
            end_of_day(day, policy.zone),
            record.first_reply_at,
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
                record.written_reply_at,
            );
        }
        out.push(
            DeadlineName::Reply,
            received,
            received + Duration::days(limits.complaint_answer_days),
            record.resolved_at,
        );
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

    fn tally(&self, record: &Record, rep: &mut Report) {
        bump(&mut rep.calls_by_kind, self.call_kind.slug());
        bump(&mut rep.calls_by_channel, self.channel.slug());
        if let Some(class) = record.class {
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
        self.call_kind == CallKind::Complaint
    }

    fn written_reply_owed(&self) -> bool {
        self.is_complaint() && self.channel.is_written()
    }

    fn class(&self) -> Option<ComplaintClass> {
        self.class
    }

    fn channel(&self) -> Option<Channel> {
        Some(self.channel)
    }
}

/// Whether an unresolved complaint has been open long enough to become major (and is not yet).
/// A complaint that is resolved and only waits for its callback is not "unresolved" (DOMAIN.md
/// §2: "not reasonably resolved within one month").
pub fn escalation_due(record: &Record, policy: &Policy, now: DateTime<Utc>) -> bool {
    record.is_complaint()
        && matches!(record.status, Status::Received | Status::Replied)
        && record.class != Some(ComplaintClass::Major)
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
                set: Choices::CallKind,
                default: "",
            },
            Need::Required,
        ),
        FieldSpec::new(
            Field::Channel,
            Input::Choice {
                set: Choices::Channel,
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
                set: Choices::ClassOrNone,
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
    build: Some(|p| {
        CallDetails {
            call_kind: p.choice(Field::CallKind).expect("a kind has a default"),
            channel: p.choice(Field::Channel).expect("a channel has a default"),
            class: p.choice(Field::Class),
        }
        .into()
    }),
    check: |new, _, _| match &new.details {
        Details::Call(CallDetails {
            call_kind,
            class: Some(_),
            ..
        }) if *call_kind != CallKind::Complaint => Err(RuleError::field(
            Field::Class,
            Problem::OnlyComplaintHasClass,
        )),
        _ => Ok(()),
    },
    suggest: None,
};
