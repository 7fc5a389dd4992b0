//! Repairs (报修): the 8 urgent categories of DOMAIN.md §3 and the ordinary ones, and the
//! category suggested from the words a caller used.

mod demo;
mod suggest;

pub use suggest::suggest_category;

use super::Details;
use super::handover::Section;
use super::{Applied, CallbackOwed, KindDetails, KindRules, Life, Rating, Refused, Slug, YesNo};
use crate::domain::action::Action;
use crate::domain::callbacks::{CallbackNeed, Mandatory, mandatory, quality_window};
use crate::domain::columns::{ANY, Col, TabSpec, col};
use crate::domain::deadline::{DeadlineName, Deadlines};
use crate::domain::error::{Field, Problem, RuleError};
use crate::domain::intake::{self, ChoiceSet, Entries, FieldSpec, Input, Intake, Need};
use crate::domain::record::{Record, Status};
use crate::domain::report::{CallbackRate, Report, bump};
use crate::domain::rules::Policy;
use crate::domain::time::Direction;
use crate::domain::time::{Zone, check_appointment, rfc3339};
use crate::domain::view::{Choice, Fact, FactLabel, ShowFacts, Value};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

slug_enum!(
    /// The 8 urgent categories of DOMAIN.md §3, then the two ordinary ones.
    RepairCategory {
        ElevatorEntrapment => "elevator_entrapment",
        StructuralDanger => "structural_danger",
        PowerFault => "power_fault",
        WaterFault => "water_fault",
        HeatingLeak => "heating_leak",
        StairsRailing => "stairs_railing",
        FallingHazard => "falling_hazard",
        OtherDanger => "other_danger",
        General => "general",
        Paid => "paid",
    }
);

pub static CATEGORIES: ChoiceSet = ChoiceSet::of::<RepairCategory>("RepairCategory");

impl RepairCategory {
    pub fn is_urgent(self) -> bool {
        !matches!(self, Self::General | Self::Paid)
    }
}

slug_enum!(
    /// Whether a repair is a quality complaint under the developer's warranty (保修期内质量投诉).
    Warranty {
        No => "no",
        Yes => "yes",
    }
);

/// Yes or not given: on the command line a flag (`--warranty`).
pub static WARRANTY: ChoiceSet = ChoiceSet::of::<Warranty>("Warranty").switch();

slug_enum!(
    Difficulty {
        Simple => "simple",
        Difficult => "difficult",
        Major => "major",
    }
);

pub static DIFFICULTIES: ChoiceSet = ChoiceSet::of::<Difficulty>("Difficulty");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepairDetails {
    pub category: RepairCategory,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<DateTime<Utc>>,
    /// A quality complaint under the developer's warranty: the developer is told too. Left
    /// out of the stored JSON when not, so records written before read and hash the same.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub warranty: bool,
}

/// The details of a repair written from another record (a repair call's work order, a problem
/// an inspection round found): the category named by its slug, else the one `words` suggest,
/// else general. A slug that is no category is refused naming the field.
pub fn found_details(category: Option<&str>, words: &str) -> Result<Details, RuleError> {
    let category = match category.map(str::trim) {
        Some(text) => RepairCategory::parse_slug(text).ok_or_else(|| {
            RuleError::field(
                Field::Category,
                Problem::NotOneOf {
                    text: text.to_string(),
                    allowed: RepairCategory::allowed(),
                },
            )
        })?,
        None => suggest_category(words).unwrap_or(RepairCategory::General),
    };
    Ok(RepairDetails {
        category,
        appointment: None,
        warranty: false,
    }
    .into())
}

impl KindDetails for RepairDetails {
    type State = RepairState;
    const PROPS: super::KindProps = super::KindProps {
        owes_callbacks: true,
        monthly_sample: true,
        quality_follow_up: true,
        categories: Some(&CATEGORIES),
        ..super::KindProps::NONE
    };

    fn start(&self) -> RepairState {
        RepairState {
            details: self.clone(),
            dispatched_at: None,
            assignee: None,
            arrived_at: None,
            difficulty: None,
            fee: None,
            proposed_at: None,
            proposal: None,
            developer_told_at: None,
            heating_told_at: None,
            done: Completion::default(),
            quality_at: None,
        }
    }

    fn category_slug(&self) -> &'static str {
        self.category.slug()
    }

    /// Every repair: a second visit for the same fault (二次维修); an urgent category is the
    /// same fault by itself, an ordinary one needs shared words.
    fn repeat_by(category: &str) -> crate::domain::repeats::RepeatBy {
        use crate::domain::repeats::RepeatBy;
        match RepairCategory::parse_slug(category) {
            Some(c) if c.is_urgent() => RepeatBy::Category,
            _ => RepeatBy::Words,
        }
    }
}

/// What a repair accumulates: who was sent and when, arrival, difficulty, fee.
#[derive(Debug, Clone, PartialEq)]
pub struct RepairState {
    pub details: RepairDetails,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub assignee: Option<String>,
    pub arrived_at: Option<DateTime<Utc>>,
    pub difficulty: Option<Difficulty>,
    pub fee: Option<String>,
    /// Engineering's proposal to the owner: when first given, and the latest words.
    pub proposed_at: Option<DateTime<Utc>>,
    pub proposal: Option<String>,
    /// Warranty: when the developer's supervision department was told.
    pub developer_told_at: Option<DateTime<Utc>>,
    /// Heating leak: when the heating company was asked to help (§3, urgent repair 5).
    pub heating_told_at: Option<DateTime<Utc>>,
    /// What the completed work order says (§3).
    pub done: Completion,
    /// When the owner was reached for the quality follow-up (质量回访, §4).
    pub quality_at: Option<DateTime<Utc>>,
}

/// A completed work order: the work done, the materials, whether the owner signed and how
/// they rated it, and whether a callback is owed (§3, §4).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Completion {
    pub resolved: bool,
    pub work: Option<String>,
    pub materials: Option<String>,
    pub signed: Option<bool>,
    pub rating: Option<Rating>,
    /// As decided at resolve; None: resolved before the decision was recorded (owed).
    pub callback: Option<CallbackOwed>,
}

impl Completion {
    /// Why a callback is owed, or that none is (`CallbackNeed`).
    pub fn need(&self) -> CallbackNeed {
        match self.callback {
            Some(CallbackOwed::Sample) => CallbackNeed::Sample,
            Some(CallbackOwed::NotOwed) => CallbackNeed::None,
            // Mandatory, or resolved before the decision was recorded: owed, for the reason
            // the work order gives (one without signature or rating is "not rated").
            Some(CallbackOwed::Mandatory) | None => CallbackNeed::Mandatory(
                mandatory(self.signed, self.rating).unwrap_or(Mandatory::NotRated),
            ),
        }
    }
}

impl KindRules for RepairState {
    fn follow_up(&self, _: &Record, _: super::CallbackForm) -> Option<Details> {
        let d = &self.details;
        Some(
            RepairDetails {
                // A paid repair's follow-up is not by appointment: the fault is theirs to fix.
                category: if d.category == RepairCategory::Paid {
                    RepairCategory::General
                } else {
                    d.category
                },
                appointment: None,
                warranty: d.warranty,
            }
            .into(),
        )
    }

    fn quality_owed(&self) -> bool {
        self.quality_at.is_none() && self.done.resolved && self.done.need() != CallbackNeed::None
    }

    fn quality_made(&self) -> Option<DateTime<Utc>> {
        self.quality_at
    }

    fn apply(
        &mut self,
        life: &mut Life<'_>,
        action: &Action,
        at: DateTime<Utc>,
        _: &str,
    ) -> Result<Applied, Refused> {
        use Status::*;
        match action {
            Action::Pause { .. } | Action::Resume => return Ok(Applied::Common),
            // The quality follow-up (§4): owed by a repair that owed a callback, until the
            // owner is reached; separate from the 3-day callback, it moves no status.
            Action::Callback {
                quality: true,
                reached,
                ..
            } => {
                if !self.done.resolved
                    || self.done.need() == CallbackNeed::None
                    || self.quality_at.is_some()
                {
                    return Err(Refused);
                }
                if *reached != Some(false) {
                    self.quality_at = Some(at);
                }
            }
            Action::Note { .. }
            | Action::Void { .. }
            | Action::Watch { .. }
            | Action::Unwatch
            | Action::Callback { .. }
            | Action::Notice
            | Action::FollowUpOf { .. } => return Ok(Applied::Common),
            Action::Dispatch { to } => {
                if !matches!(*life.status, Received | Dispatched) {
                    return Err(Refused);
                }
                self.dispatched_at.get_or_insert(at);
                self.assignee = Some(to.clone());
                *life.status = Dispatched;
            }
            Action::Arrive => {
                if *life.status != Dispatched {
                    return Err(Refused);
                }
                self.arrived_at = Some(at);
                *life.status = OnSite;
            }
            Action::Assess { difficulty } => {
                if *life.status != OnSite {
                    return Err(Refused);
                }
                self.difficulty = Some(*difficulty);
            }
            Action::Resolve {
                fee,
                signed,
                rating,
                work,
                materials,
                result,
                callback,
            } => {
                if *life.status != OnSite || result.is_some() {
                    return Err(Refused);
                }
                self.fee = fee.clone();
                self.done = Completion {
                    resolved: true,
                    work: work.clone(),
                    materials: materials.clone(),
                    signed: *signed,
                    rating: *rating,
                    callback: *callback,
                };
                // No callback owed: the repair is done with (§4: not left to sit overdue).
                *life.status = if self.done.need() == CallbackNeed::None {
                    Closed
                } else {
                    Resolved
                };
                *life.resolved_at = Some(at);
            }
            Action::Propose { text } => {
                // A general repair, once engineering has the order and until it is done.
                if self.details.category != RepairCategory::General
                    || !matches!(*life.status, Dispatched | OnSite)
                {
                    return Err(Refused);
                }
                self.proposed_at.get_or_insert(at);
                self.proposal = Some(text.clone());
            }
            Action::NotifyDeveloper => {
                // After the work order, on a warranty repair.
                if !self.details.warranty || self.dispatched_at.is_none() {
                    return Err(Refused);
                }
                self.developer_told_at.get_or_insert(at);
            }
            Action::NotifyHeating => {
                // A heating leak, once, while it is open (the desk prompts until then).
                if self.details.category != RepairCategory::HeatingLeak
                    || self.heating_told_at.is_some()
                    || !matches!(*life.status, Received | Dispatched | OnSite)
                {
                    return Err(Refused);
                }
                self.heating_told_at = Some(at);
            }
            Action::WarrantyExplained => {
                // An ordinary repair not under warranty, while it is open: nothing else moves.
                if self.details.warranty
                    || self.details.category != RepairCategory::General
                    || !life.status.is_open()
                {
                    return Err(Refused);
                }
            }
            Action::Classify { .. }
            | Action::Reply { .. }
            | Action::Escalate { .. }
            | Action::Sign { .. }
            | Action::Refuse { .. }
            | Action::WorkOrder { .. }
            | Action::FoundProblem { .. } => return Err(Refused),
            Action::Report { .. } | Action::Close { .. } | Action::Used { .. } => {
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
        Choice::of(&CATEGORIES, self.details.category)
    }

    fn title(&self) -> Vec<Value> {
        vec![self.category_value()]
    }

    fn desk_facts(&self) -> Vec<Fact> {
        let mut facts = self.done_facts();
        if self.details.warranty {
            facts.insert(0, self.warranty_fact());
        }
        if let Some(fact) = self.heating_fact() {
            facts.insert(0, fact);
        }
        if let Some(t) = self.details.appointment {
            facts.push(Fact::new(FactLabel::Appointment, Value::Time(t)));
        }
        if let Some(difficulty) = self.difficulty {
            let value = Value::Choice(Choice::of(&DIFFICULTIES, difficulty));
            facts.push(Fact::new(FactLabel::Difficulty, value));
        }
        facts
    }

    fn show_facts(&self) -> ShowFacts {
        let mut head = vec![Fact::new(FactLabel::Category, self.category_value())];
        if self.details.warranty {
            head.push(self.warranty_fact());
        }
        head.extend(self.heating_fact());
        if let Some(t) = self.details.appointment {
            head.push(Fact::new(FactLabel::Appointment, Value::Time(t)));
        }
        ShowFacts {
            head,
            tail: self.done_facts(),
        }
    }

    fn json_fields(&self, record: &Record, zone: Zone) -> Vec<(&'static str, serde_json::Value)> {
        let time =
            |t: Option<DateTime<Utc>>| -> serde_json::Value { t.map(|t| rfc3339(t, zone)).into() };
        let mut extras: Vec<(&'static str, serde_json::Value)> = vec![
            ("appointment", time(self.details.appointment)),
            ("assignee", self.assignee.clone().into()),
            ("dispatched_at", time(self.dispatched_at)),
            ("arrived_at", time(self.arrived_at)),
            ("difficulty", self.difficulty.map(|d| d.slug()).into()),
            ("resolved_at", time(record.resolved_at)),
            ("fee", self.fee.clone().into()),
        ];
        // Only once resolved, so that open repairs read as before.
        if record.resolved_at.is_some() {
            let need = self.done.need();
            extras.extend([
                ("signed", self.done.signed.into()),
                ("rating", self.done.rating.map(|r| r.slug()).into()),
                ("work", self.done.work.clone().into()),
                ("materials", self.done.materials.clone().into()),
                ("callback_owed", need.owed().slug().into()),
                ("callback_reason", need.reason().map(|r| r.slug()).into()),
            ]);
            // Only once made, so that other repairs read as before.
            if let Some(at) = self.quality_at {
                extras.push(("quality_callback_at", rfc3339(at, zone).into()));
            }
        }
        if self.details.category == RepairCategory::HeatingLeak {
            extras.push(("heating_company_told_at", time(self.heating_told_at)));
        }
        if self.details.warranty {
            extras.push(("warranty", true.into()));
            extras.push(("developer_told_at", time(self.developer_told_at)));
        }
        // Only where there is one, so that other repairs read as before.
        if let Some(at) = self.proposed_at {
            extras.push(("proposed_at", rfc3339(at, zone).into()));
            extras.push(("proposal", self.proposal.clone().into()));
        }
        extras
    }

    fn name_field(&self) -> FactLabel {
        FactLabel::Reporter
    }

    fn deadlines(&self, record: &Record, policy: &Policy, out: &mut Deadlines<'_>) {
        let limits = &policy.limits;
        let received = record.received_at;
        let category = self.details.category;
        // Every repair: the work order written in 5 minutes, engineering told in 2 (§3).
        let due = received + Duration::minutes(limits.dispatch_minutes);
        out.push(DeadlineName::Dispatch, received, due, self.dispatched_at);
        let public_area = record.new.room.is_none();
        // Warranty quality complaint: the developer's supervision department told within 5
        // minutes of the work order (§3).
        if self.details.warranty
            && let Some(dispatched) = self.dispatched_at
        {
            let due = dispatched + Duration::minutes(limits.notify_developer_minutes);
            out.push(
                DeadlineName::NotifyDeveloper,
                dispatched,
                due,
                self.developer_told_at,
            );
        }
        // In a home and not on the paid list: engineering proposes a solution to the owner
        // within 15 minutes of taking the order (§3).
        if category == RepairCategory::General
            && !public_area
            && let Some(dispatched) = self.dispatched_at
        {
            let due = dispatched + Duration::minutes(limits.propose_minutes);
            // Resolved without one: the owner has the solution itself (late, if after due).
            let done = self.proposed_at.or(record.resolved_at);
            out.push(DeadlineName::Propose, dispatched, due, done);
        }
        if category == RepairCategory::Paid {
            if let Some(appointment) = self.details.appointment {
                let due = appointment - Duration::minutes(limits.appointment_lead_minutes);
                out.push(
                    DeadlineName::Arrival,
                    received,
                    due.max(received),
                    self.arrived_at,
                );
            }
        } else if category.is_urgent() || public_area || limits.arrival_all_repairs {
            let due = received + Duration::minutes(limits.arrival_minutes);
            out.push(DeadlineName::Arrival, received, due, self.arrived_at);
        }
        let hours = match self.difficulty {
            Some(Difficulty::Difficult) => limits.difficult_resolution_hours,
            Some(Difficulty::Major) => limits.major_resolution_hours,
            Some(Difficulty::Simple) | None => limits.resolution_hours,
        };
        let starts = self
            .details
            .appointment
            .filter(|_| category == RepairCategory::Paid)
            .unwrap_or(received);
        out.push(
            DeadlineName::Resolution,
            starts,
            starts + Duration::hours(hours),
            record.resolved_at,
        );
        if let Some(resolved) = record.resolved_at
            && self.done.need() != CallbackNeed::None
        {
            let due = resolved + Duration::days(limits.repair_callback_days);
            out.push(
                DeadlineName::Callback,
                resolved,
                due,
                record.callback.as_ref().map(|c| c.at),
            );
            // The quality follow-up: a window, not a point (§4).
            let (opens, due) = quality_window(resolved, limits);
            out.push(DeadlineName::QualityCallback, opens, due, self.quality_at);
        }
    }

    fn tally(&self, _: &Record, rep: &mut Report) {
        bump(&mut rep.repairs_by_category, self.details.category.slug());
        if self.details.category.is_urgent() {
            rep.urgent_repairs += 1;
        }
    }

    fn callbacks<'a>(&self, _: &Record, rep: &'a mut Report) -> Option<&'a mut CallbackRate> {
        Some(&mut rep.repair_callbacks)
    }

    fn sections(&self, record: &Record, out: &mut Vec<Section>) {
        if record.status != Status::Resolved {
            out.push(if self.is_urgent() {
                Section::UrgentRepairs
            } else {
                Section::Repairs
            });
        }
    }

    fn shift_sections(&self, _: &Record, _: &mut Vec<Section>) {}

    fn is_urgent(&self) -> bool {
        self.details.category.is_urgent()
    }

    fn assignee(&self) -> Option<&str> {
        self.assignee.as_deref()
    }

    fn difficulty(&self) -> Option<Difficulty> {
        self.difficulty
    }

    fn fee(&self) -> Option<&str> {
        self.fee.as_deref()
    }

    /// The work order, 《日常报修单》 (§3).
    fn paper_form(&self) -> Option<crate::domain::view::PaperForm> {
        Some(crate::domain::view::PaperForm::WorkOrder)
    }
}

impl RepairState {
    /// A heating leak: the heating company is to be asked to help (the desk's prompt), or
    /// when it was.
    fn heating_fact(&self) -> Option<Fact> {
        (self.details.category == RepairCategory::HeatingLeak).then(|| {
            let value = match self.heating_told_at {
                Some(t) => Value::Time(t),
                None => Value::Urgent(Choice::HeatingToNotify),
            };
            Fact::new(FactLabel::HeatingCompany, value)
        })
    }

    fn warranty_fact(&self) -> Fact {
        Fact::new(
            FactLabel::Warranty,
            Value::Choice(Choice::of(&WARRANTY, Warranty::Yes)),
        )
    }

    /// The category, marked when it makes the repair urgent.
    fn category_value(&self) -> Value {
        if self.details.category.is_urgent() {
            Value::Urgent(self.category())
        } else {
            Value::Choice(self.category())
        }
    }

    /// Who was sent and what it cost.
    fn done_facts(&self) -> Vec<Fact> {
        let mut facts = Vec::new();
        if let Some(to) = &self.assignee {
            facts.push(Fact::new(FactLabel::Technician, Value::Text(to.clone())));
        }
        if let Some(text) = &self.proposal {
            facts.push(Fact::new(FactLabel::Proposal, Value::Text(text.clone())));
        }
        if let Some(fee) = &self.fee {
            facts.push(Fact::new(FactLabel::Fee, Value::Text(fee.clone())));
        }
        let done = &self.done;
        for (label, text) in [
            (FactLabel::WorkDone, &done.work),
            (FactLabel::Materials, &done.materials),
        ] {
            if let Some(text) = text {
                facts.push(Fact::new(label, Value::Text(text.clone())));
            }
        }
        if let Some(signed) = done.signed {
            let yes = if signed { YesNo::Yes } else { YesNo::No };
            facts.push(Fact::new(
                FactLabel::Signed,
                Value::Choice(Choice::of(&super::YES_NO, yes)),
            ));
        }
        if let Some(rating) = done.rating {
            facts.push(Fact::new(
                FactLabel::Rating,
                Value::Choice(Choice::of(&super::RATING, rating)),
            ));
        }
        if done.resolved {
            let need = Value::Choice(Choice::CallbackNeed(done.need()));
            facts.push(Fact::new(FactLabel::CallbackOwed, need));
        }
        facts
    }
}

/// The repairs tab: `--tab repairs` (or `repair`), and its list's columns. Urgent
/// categories carry a `*`.
pub const TAB: Option<&TabSpec> = Some(&TabSpec {
    name: "repairs",
    aliases: &["repair"],
    columns: &[
        col(Col::Id, 13, 0, ANY),
        col(Col::TimeShort, 5, 0, 120),
        col(Col::TimeLong, 11, 120, ANY),
        col(Col::Place, 9, 0, 120),
        col(Col::Place, 14, 120, ANY),
        col(Col::Category, 14, 100, ANY),
        col(Col::Summary, 0, 0, ANY),
        col(Col::Technician, 8, 130, ANY),
        col(Col::Phone, 11, 160, ANY),
        col(Col::Status, 10, 0, ANY),
        col(Col::DueName, 10, 110, ANY),
        col(Col::DueIn, 17, 0, ANY),
    ],
});

fn is_paid(e: &Entries) -> bool {
    e.choice::<RepairCategory>(Field::Category) == Some(RepairCategory::Paid)
}

/// A repair at creation: the `add repair` flags, the desk's form. A paid repair is by
/// appointment, no other is; the appointment is not before the repair was received.
pub static INTAKE: Intake = Intake {
    fields: &[
        intake::SUMMARY,
        intake::short(Field::Location, Need::Required),
        FieldSpec::new(
            Field::Category,
            Input::Choice {
                set: &CATEGORIES,
                default: "general",
            },
            Need::Required,
        ),
        intake::ROOM,
        intake::PHONE,
        intake::short(Field::Reporter, Need::Optional),
        FieldSpec::new(
            Field::Appointment,
            Input::Time(Direction::Future),
            Need::Only {
                applies: is_paid,
                required: true,
                otherwise: || Problem::OnlyPaidHasAppointment,
            },
        ),
        FieldSpec::new(
            Field::Warranty,
            Input::Choice {
                set: &WARRANTY,
                default: "",
            },
            Need::Optional,
        ),
        intake::AT,
    ],
    build: Some(|p, _| {
        RepairDetails {
            category: p.choice(Field::Category).expect("a category has a default"),
            appointment: p.time(Field::Appointment),
            warranty: p.choice(Field::Warranty) == Some(Warranty::Yes),
        }
        .into()
    }),
    check: |new, at, policy| {
        let zone = policy.zone;
        let Details::Repair(RepairDetails {
            category,
            appointment,
            ..
        }) = &new.details
        else {
            return Ok(());
        };
        match (*category == RepairCategory::Paid, appointment) {
            (true, None) => Err(RuleError::field(
                Field::Appointment,
                Problem::PaidNeedsAppointment,
            )),
            (false, Some(_)) => Err(RuleError::field(
                Field::Appointment,
                Problem::OnlyPaidHasAppointment,
            )),
            (_, Some(appointment)) => check_appointment(*appointment, at, zone),
            (false, None) => Ok(()),
        }
    },
    suggest: Some(|words| suggest_category(words).map(Slug::slug)),
};
