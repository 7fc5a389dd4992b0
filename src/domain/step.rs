//! The lifecycle steps people take on a record, and what each asks for: the `act` subcommands
//! and the desk's action forms read their fields through here (`domain::intake`), so a step's
//! field is parsed and refused in one place. Whether a step fits a record is the record's
//! rules' (`Record::apply`).

use super::action::Action;
use super::error::{Field, Problem, RuleError};
use super::intake::{self, Choices, Entries, FieldSpec, Input, Need, Problems};
use super::kinds::{self, CallbackForm, Satisfaction, YesNo};
use super::text::{MAX_SHORT_CHARS, MAX_TEXT_CHARS};
use super::time::Zone;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Dispatch,
    Arrive,
    Assess,
    Reply,
    ReplyWritten,
    Resolve,
    Callback,
    Classify,
    Note,
    Watch,
    Unwatch,
    Void,
    /// Incident: a report upward.
    Report,
    /// Incident: closed with its outcome.
    Close,
    /// Repairs (issue 13).
    Propose,
    NotifyDeveloper,
    WarrantyExplained,
    NotifyHeating,
    /// Pass: the goods left on it.
    Used,
    /// Stop the deadlines counting, with a reason (and when it resumes by itself).
    Pause,
    Resume,
    /// A callback's follow-up: the written notice went to the repair staff.
    Notice,
}

fn is_visit(e: &Entries) -> bool {
    e.choice::<CallbackForm>(Field::CallbackForm) == Some(CallbackForm::Visit)
}

const fn optional_choice(field: Field, set: Choices) -> FieldSpec {
    FieldSpec::new(field, Input::Choice { set, default: "" }, Need::Optional)
}

const fn optional_text(field: Field) -> FieldSpec {
    FieldSpec::new(
        field,
        Input::Text {
            max: MAX_TEXT_CHARS,
        },
        Need::Optional,
    )
}

const fn choice(field: Field, set: Choices) -> FieldSpec {
    FieldSpec::new(field, Input::Choice { set, default: "" }, Need::Required)
}

const fn text(field: Field, max: usize) -> FieldSpec {
    FieldSpec::new(field, Input::Text { max }, Need::Required)
}

impl Step {
    pub const ALL: &'static [Step] = &[
        Self::Dispatch,
        Self::Arrive,
        Self::Assess,
        Self::Propose,
        Self::NotifyDeveloper,
        Self::WarrantyExplained,
        Self::NotifyHeating,
        Self::Notice,
        Self::Reply,
        Self::ReplyWritten,
        Self::Resolve,
        Self::Callback,
        Self::Classify,
        Self::Note,
        Self::Watch,
        Self::Unwatch,
        Self::Pause,
        Self::Resume,
        Self::Void,
        Self::Report,
        Self::Close,
        Self::Used,
    ];

    /// What the step asks for, in the desk's form order.
    pub fn fields(self) -> &'static [FieldSpec] {
        const DISPATCH: &[FieldSpec] = &[intake::short(Field::Technician, Need::Required)];
        const ASSESS: &[FieldSpec] = &[choice(Field::Difficulty, &kinds::DIFFICULTIES)];
        // A repair's completion (work order, §3), or a complaint's result (§2): the desk shows
        // the fields the record takes (`app::form`).
        const RESOLVE: &[FieldSpec] = &[
            optional_text(Field::Work),
            intake::short(Field::Materials, Need::Optional),
            intake::short(Field::Fee, Need::Optional),
            optional_choice(Field::Signed, &kinds::YES_NO),
            optional_choice(Field::Rating, &kinds::RATING),
            optional_text(Field::Result),
        ];
        const CALLBACK: &[FieldSpec] = &[
            choice(Field::CallbackForm, &kinds::CALLBACK_FORMS),
            choice(Field::Satisfaction, &kinds::SATISFACTION),
            optional_text(Field::Words),
            FieldSpec::new(
                Field::Signed,
                Input::Choice {
                    set: &kinds::YES_NO,
                    default: "",
                },
                Need::Only {
                    applies: is_visit,
                    required: false,
                    otherwise: || Problem::OnlyVisitSigned,
                },
            ),
            optional_choice(Field::Quality, &kinds::YES_NO),
        ];
        const CLASSIFY: &[FieldSpec] = &[choice(Field::Class, &kinds::CLASSES)];
        const NOTE: &[FieldSpec] = &[text(Field::Note, MAX_TEXT_CHARS)];
        const WATCH: &[FieldSpec] = &[text(Field::Watch, MAX_SHORT_CHARS)];
        const VOID: &[FieldSpec] = &[text(Field::Reason, MAX_TEXT_CHARS)];
        const REPORT: &[FieldSpec] = &[
            intake::short(Field::ReportTo, Need::Required),
            intake::short(Field::Role, Need::Required),
            choice(Field::How, &kinds::REPORT_HOW),
            FieldSpec::new(
                Field::Answer,
                Input::Text {
                    max: MAX_TEXT_CHARS,
                },
                Need::Optional,
            ),
        ];
        const CLOSE: &[FieldSpec] = &[
            text(Field::Outcome, MAX_TEXT_CHARS),
            optional_choice(Field::MedicalCallback, &kinds::YES_NO),
        ];
        const PROPOSE: &[FieldSpec] = &[text(Field::Proposal, MAX_TEXT_CHARS)];
        const USED: &[FieldSpec] = &[intake::short(Field::Guard, Need::Optional)];
        const PAUSE: &[FieldSpec] = &[
            intake::short(Field::Reason, Need::Required),
            FieldSpec::new(
                Field::PauseUntil,
                Input::Time(super::time::Direction::Future),
                Need::Optional,
            ),
        ];
        match self {
            Self::Dispatch => DISPATCH,
            Self::Assess => ASSESS,
            Self::Resolve => RESOLVE,
            Self::Callback => CALLBACK,
            Self::Classify => CLASSIFY,
            Self::Note => NOTE,
            Self::Watch => WATCH,
            Self::Void => VOID,
            Self::Report => REPORT,
            Self::Close => CLOSE,
            Self::Propose => PROPOSE,
            Self::Used => USED,
            Self::Pause => PAUSE,
            Self::Arrive | Self::Reply | Self::ReplyWritten | Self::Unwatch | Self::Resume => &[],
            Self::NotifyDeveloper | Self::WarrantyExplained | Self::NotifyHeating => &[],
            Self::Notice => &[],
        }
    }

    /// The action from what was typed; else every refused field, in order.
    pub fn action(self, e: &Entries, now: DateTime<Utc>, zone: Zone) -> Result<Action, Problems> {
        let p = intake::parse(self.fields(), e, now, zone)?;
        let text = |field| p.text(field).unwrap_or_default();
        Ok(match self {
            Self::Dispatch => Action::Dispatch {
                to: text(Field::Technician),
            },
            Self::Arrive => Action::Arrive,
            Self::Assess => Action::Assess {
                difficulty: p
                    .choice(Field::Difficulty)
                    .expect("a difficulty has a default"),
            },
            Self::Reply => Action::Reply { written: false },
            Self::ReplyWritten => Action::Reply { written: true },
            Self::Resolve => Action::Resolve {
                fee: p.text(Field::Fee),
                signed: p.choice(Field::Signed).map(|y: YesNo| y == YesNo::Yes),
                rating: p.choice(Field::Rating),
                work: p.text(Field::Work),
                materials: p.text(Field::Materials),
                result: p.text(Field::Result),
                // Decided by the store as it writes (the month's sample).
                callback: None,
            },
            Self::Callback => {
                let satisfaction: Satisfaction = p
                    .choice(Field::Satisfaction)
                    .expect("a satisfaction has a default");
                Action::Callback {
                    form: p.choice(Field::CallbackForm).expect("a form has a default"),
                    satisfaction,
                    reached: Some(satisfaction != Satisfaction::NoAnswer),
                    words: p.text(Field::Words),
                    signed: p.choice(Field::Signed).map(|y: YesNo| y == YesNo::Yes),
                    follow_up: None,
                    quality: p.choice(Field::Quality) == Some(YesNo::Yes),
                }
            }
            Self::Classify => Action::Classify {
                class: p.choice(Field::Class).expect("a class has a default"),
            },
            Self::Note => Action::Note {
                text: text(Field::Note),
            },
            Self::Watch => {
                let instruction = text(Field::Watch);
                if instruction.contains('\n') {
                    return Err(RuleError::field(Field::Watch, Problem::OneLine).into());
                }
                Action::Watch { instruction }
            }
            Self::Unwatch => Action::Unwatch,
            Self::Void => Action::Void {
                reason: text(Field::Reason),
            },
            Self::Report => Action::Report {
                to: text(Field::ReportTo),
                role: text(Field::Role),
                how: p.choice(Field::How).expect("a way has a default"),
                answer: p.text(Field::Answer),
            },
            Self::Close => Action::Close {
                outcome: text(Field::Outcome),
                medical_callback: p.choice(Field::MedicalCallback) == Some(YesNo::Yes),
            },
            Self::Propose => Action::Propose {
                text: text(Field::Proposal),
            },
            Self::NotifyDeveloper => Action::NotifyDeveloper,
            Self::WarrantyExplained => Action::WarrantyExplained,
            Self::NotifyHeating => Action::NotifyHeating,
            Self::Used => Action::Used {
                guard: p.text(Field::Guard),
            },
            Self::Pause => {
                let reason = text(Field::Reason);
                if reason.contains('\n') {
                    return Err(RuleError::field(Field::Reason, Problem::OneLine).into());
                }
                Action::Pause {
                    reason,
                    until: p.time(Field::PauseUntil),
                }
            }
            Self::Resume => Action::Resume,
            Self::Notice => Action::Notice,
        })
    }
}
