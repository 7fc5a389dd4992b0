//! Item release passes (物品放行条, DOMAIN.md §6): goods leave the estate only on a pass, issued
//! once the owner is verified (in person with the ID card, or by phone with the ID number,
//! family members and employer each checked) and finance has confirmed the fees settled. A
//! pass is serially numbered and never torn up: a mistaken one is voided with a reason and
//! kept; a used or voided pass is no longer valid at the gate. The mover's ID number is
//! personal data, shown masked (`id_number::mask`).

mod demo;
mod directory;
pub use crate::domain::idcard as id_number;
pub use directory::against_directory;

use super::handover::Section;
use super::{Applied, KindDetails, KindRules, Life, Refused, Slug};
use crate::domain::action::Action;
use crate::domain::columns::{ANY, Col, TabSpec, col};
use crate::domain::deadline::Deadlines;
use crate::domain::error::{Field, Problem, RuleError};
use crate::domain::intake::{self, ChoiceSet, Entries, FieldSpec, Input, Intake, Need};
use crate::domain::record::{NewRecord, Record, Status};
use crate::domain::report::{CallbackRate, Report};
use crate::domain::rules::Policy;
use crate::domain::text::MAX_TEXT_CHARS;
use crate::domain::time::{Direction, Zone, rfc3339, short};
use crate::domain::view::{Choice, Fact, FactLabel, ShowFacts, Value};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

slug_enum!(
    /// How the owner was verified before the pass was issued.
    VerifiedBy {
        IdCard => "id_card",
        Phone => "phone",
    }
);

slug_enum!(
    /// What is checked when the owner is verified by phone: every one of them (so that a
    /// tenant cannot pass for the owner).
    PhoneCheck {
        IdNumber => "id_number",
        Family => "family",
        Employer => "employer",
    }
);

/// How the owner was verified, "not verified yet" first (the desk's form starts there).
pub static VERIFIED_BY: ChoiceSet = ChoiceSet::or_none::<VerifiedBy>("VerifiedByOrNone");
/// The phone checks, every one to tick.
pub static PHONE_CHECKS: ChoiceSet = ChoiceSet::of::<PhoneCheck>("PhoneCheck");

/// A pass as issued. The owner is the record's name, the room its room, the items (with their
/// quantities) its summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    pub verified_by: VerifiedBy,
    /// By phone: every check, ticked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checked: Vec<PhoneCheck>,
    pub mover: String,
    /// Whole, upper case: never shown whole but to the pass's writer (`id_number::mask`).
    pub mover_id: String,
    pub moving_at: DateTime<Utc>,
    /// Who in finance confirmed the fees settled.
    pub fees_settled_by: String,
}

impl PassDetails {
    /// The mover's ID number as everyone but the pass's writer sees it.
    pub fn masked_id(&self) -> String {
        id_number::mask(&self.mover_id)
    }
}

impl KindDetails for PassDetails {
    type State = PassState;

    fn start(&self) -> PassState {
        PassState {
            details: self.clone(),
            used: None,
        }
    }

    fn category_slug(&self) -> &'static str {
        self.verified_by.slug()
    }
}

/// When the goods left, and the guard who let them out.
#[derive(Debug, Clone, PartialEq)]
pub struct Used {
    pub at: DateTime<Utc>,
    pub guard: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PassState {
    pub details: PassDetails,
    pub used: Option<Used>,
}

/// How the owner was verified, with each phone check and whether it was ticked when by phone.
pub fn verified_value(by: VerifiedBy, checked: &[PhoneCheck]) -> Value {
    let ticks = match by {
        VerifiedBy::Phone => PhoneCheck::ALL
            .iter()
            .map(|c| (Choice::of(&PHONE_CHECKS, *c), checked.contains(c)))
            .collect(),
        VerifiedBy::IdCard => Vec::new(),
    };
    Value::Verified(Choice::of(&VERIFIED_BY, by), ticks)
}

impl PassState {
    fn facts(&self, reveal_id: bool) -> Vec<Fact> {
        let d = &self.details;
        let mut facts = Vec::new();
        if let Some(tenant) = &d.tenant {
            facts.push(Fact::new(FactLabel::Tenant, Value::Text(tenant.clone())));
        }
        facts.push(Fact::new(
            FactLabel::VerifiedBy,
            verified_value(d.verified_by, &d.checked),
        ));
        facts.push(Fact::new(FactLabel::Mover, Value::Text(d.mover.clone())));
        facts.push(Fact::new(
            FactLabel::MoverId,
            Value::IdNumber {
                masked: d.masked_id(),
                whole: reveal_id.then(|| d.mover_id.clone()),
            },
        ));
        facts.push(Fact::new(FactLabel::MovingAt, Value::Time(d.moving_at)));
        facts.push(Fact::new(
            FactLabel::FeesSettledBy,
            Value::Text(d.fees_settled_by.clone()),
        ));
        if let Some(u) = &self.used {
            facts.push(Fact::new(FactLabel::LeftAt, Value::Time(u.at)));
            if let Some(g) = &u.guard {
                facts.push(Fact::new(FactLabel::Guard, Value::Text(g.clone())));
            }
        }
        facts
    }
}

impl KindRules for PassState {
    fn apply(
        &mut self,
        life: &mut Life<'_>,
        action: &Action,
        at: DateTime<Utc>,
        _: &str,
    ) -> Result<Applied, Refused> {
        match action {
            Action::Note { .. } | Action::Watch { .. } | Action::Unwatch => {
                return Ok(Applied::Common);
            }
            // A used pass is the record that the goods left: it is not voided afterwards.
            Action::Void { .. } => {
                if *life.status != Status::Issued {
                    return Err(Refused);
                }
                return Ok(Applied::Common);
            }
            Action::Used { guard } => {
                if *life.status != Status::Issued {
                    return Err(Refused);
                }
                self.used = Some(Used {
                    at,
                    guard: guard.clone(),
                });
                *life.status = Status::Used;
                *life.resolved_at = Some(at);
            }
            Action::Callback { .. }
            | Action::Dispatch { .. }
            | Action::Arrive
            | Action::Assess { .. }
            | Action::Resolve { .. }
            | Action::Classify { .. }
            | Action::Reply { .. }
            | Action::Escalate { .. }
            | Action::Sign { .. }
            | Action::Refuse { .. }
            | Action::Report { .. }
            | Action::Close { .. }
            | Action::Propose { .. }
            | Action::NotifyDeveloper
            | Action::WarrantyExplained
            | Action::NotifyHeating
            | Action::Pause { .. }
            | Action::Resume
            | Action::Notice
            | Action::WorkOrder { .. }
            | Action::FoundProblem { .. }
            | Action::FollowUpOf { .. } => return Err(Refused),
        }
        Ok(Applied::Done)
    }

    fn opens_as(&self) -> Status {
        Status::Issued
    }

    /// An issued pass is work the next shift must know of (goods will leave on it).
    fn in_handover(&self) -> bool {
        true
    }

    fn category(&self) -> Choice {
        Choice::of(&VERIFIED_BY, self.details.verified_by)
    }

    fn title(&self) -> Vec<Value> {
        vec![Value::Time(self.details.moving_at)]
    }

    fn desk_facts(&self) -> Vec<Fact> {
        self.facts(false)
    }

    fn desk_facts_revealed(&self) -> Vec<Fact> {
        self.facts(true)
    }

    fn show_facts(&self) -> ShowFacts {
        ShowFacts {
            head: Vec::new(),
            tail: self.facts(false),
        }
    }

    fn show_facts_revealed(&self) -> ShowFacts {
        ShowFacts {
            head: Vec::new(),
            tail: self.facts(true),
        }
    }

    /// The ID number masked: JSON goes to scripts and files, never whole.
    fn json_fields(&self, _: &Record, zone: Zone) -> Vec<(&'static str, serde_json::Value)> {
        let d = &self.details;
        vec![
            ("owner_verified_by", d.verified_by.slug().into()),
            (
                "checked",
                serde_json::json!(d.checked.iter().map(|c| c.slug()).collect::<Vec<_>>()),
            ),
            ("tenant", serde_json::json!(d.tenant)),
            ("mover", serde_json::json!(d.mover)),
            ("mover_id", serde_json::json!(d.masked_id())),
            ("moving_at", rfc3339(d.moving_at, zone).into()),
            ("fees_settled_by", serde_json::json!(d.fees_settled_by)),
            (
                "used_at",
                self.used.as_ref().map(|u| rfc3339(u.at, zone)).into(),
            ),
            (
                "guard",
                self.used.as_ref().and_then(|u| u.guard.clone()).into(),
            ),
        ]
    }

    /// No deadline: the rules set none on a pass (DOMAIN.md §6).
    fn deadlines(&self, _: &Record, _: &Policy, _: &mut Deadlines<'_>) {}

    fn tally(&self, _: &Record, _: &mut Report) {}

    fn callbacks<'a>(&self, _: &Record, _: &'a mut Report) -> Option<&'a mut CallbackRate> {
        None
    }

    fn sections(&self, _: &Record, _: &mut Vec<Section>) {}

    fn shift_sections(&self, _: &Record, _: &mut Vec<Section>) {}

    fn moves_at(&self) -> Option<DateTime<Utc>> {
        Some(self.details.moving_at)
    }

    fn directory_check(&self) -> Option<crate::domain::residents::checked::DirectoryRule> {
        Some(against_directory)
    }

    fn search_words(&self) -> Vec<String> {
        let d = &self.details;
        let mut words = vec![d.mover.clone(), d.masked_id()];
        words.extend(d.tenant.clone());
        words
    }

    fn name_field(&self) -> FactLabel {
        FactLabel::Owner
    }

    fn paper_form(&self) -> Option<crate::domain::view::PaperForm> {
        Some(crate::domain::view::PaperForm::Pass)
    }
}

/// The passes tab: `--tab passes` (or `pass`), and its list's columns: when the goods leave
/// first, when the pass was issued on wide screens.
pub const TAB: Option<&TabSpec> = Some(&TabSpec {
    name: "passes",
    aliases: &["pass"],
    columns: &[
        col(Col::Id, 13, 0, ANY),
        col(Col::MovingAt, 11, 0, ANY),
        col(Col::TimeLong, 11, 120, ANY),
        col(Col::Place, 9, 0, 120),
        col(Col::Place, 14, 120, ANY),
        col(Col::Name, 8, 100, ANY),
        col(Col::Summary, 0, 0, ANY),
        col(Col::Status, 8, 0, ANY),
    ],
});

fn by_phone(e: &Entries) -> bool {
    e.choice::<VerifiedBy>(Field::VerifiedBy) == Some(VerifiedBy::Phone)
}

/// A pass at creation: the `add pass` flags, the desk's form. Every missing item is named at
/// once (`Need::Asked`), the phone checks in place.
pub static INTAKE: Intake = Intake {
    fields: &[
        FieldSpec::new(Field::Room, Input::Room, Need::Asked),
        intake::short(Field::Owner, Need::Asked),
        intake::short(Field::Tenant, Need::Optional),
        FieldSpec::new(
            Field::VerifiedBy,
            Input::Choice {
                set: &VERIFIED_BY,
                default: "",
            },
            Need::Asked,
        ),
        FieldSpec::new(
            Field::Checked,
            Input::Checklist { set: &PHONE_CHECKS },
            Need::Only {
                applies: by_phone,
                required: true,
                otherwise: || Problem::CheckedOnlyByPhone,
            },
        ),
        FieldSpec::new(
            Field::CallerId,
            Input::Text { max: 18 },
            Need::Only {
                applies: by_phone,
                required: false,
                otherwise: || Problem::CheckedOnlyByPhone,
            },
        ),
        intake::short(Field::Mover, Need::Asked),
        FieldSpec::new(Field::MoverId, Input::IdNumber, Need::Asked),
        FieldSpec::new(
            Field::Items,
            Input::Text {
                max: MAX_TEXT_CHARS,
            },
            Need::Asked,
        ),
        FieldSpec::new(Field::MovingAt, Input::Time(Direction::Future), Need::Asked),
        intake::short(Field::FeesSettledBy, Need::Asked),
    ],
    build: Some(|p, _| {
        let verified_by = p
            .choice(Field::VerifiedBy)
            .expect("a pass is built verified");
        PassDetails {
            tenant: p.text(Field::Tenant),
            verified_by,
            checked: if verified_by == VerifiedBy::Phone {
                PhoneCheck::ALL.to_vec()
            } else {
                Vec::new()
            },
            mover: p.text(Field::Mover).unwrap_or_default(),
            mover_id: p.text(Field::MoverId).unwrap_or_default(),
            moving_at: p.time(Field::MovingAt).expect("a pass has its moving time"),
            fees_settled_by: p.text(Field::FeesSettledBy).unwrap_or_default(),
        }
        .into()
    }),
    check,
    suggest: None,
};

/// The rules a stored pass keeps (the store asks them again): verified, every phone check
/// ticked, fees settled, a valid ID number, a moving time not before the pass.
fn check(new: &NewRecord, at: DateTime<Utc>, policy: &Policy) -> Result<(), RuleError> {
    let zone = policy.zone;
    let super::Details::Pass(d) = &new.details else {
        return Ok(());
    };
    if d.verified_by == VerifiedBy::Phone {
        let missing: Vec<Choice> = PhoneCheck::ALL
            .iter()
            .copied()
            .filter(|c| !d.checked.contains(c))
            .map(|c| Choice::of(&PHONE_CHECKS, c))
            .collect();
        if !missing.is_empty() {
            return Err(RuleError::field(
                Field::Checked,
                Problem::NotTicked(missing),
            ));
        }
    }
    if d.fees_settled_by.trim().is_empty() {
        return Err(RuleError::field(Field::FeesSettledBy, Problem::Empty));
    }
    let today = crate::domain::time::local_date(at, zone);
    id_number::validate(&d.mover_id, today)
        .map_err(|f| RuleError::field(Field::MoverId, Problem::IdNumber(f)))?;
    if d.moving_at < at {
        return Err(RuleError::field(
            Field::MovingAt,
            Problem::MovingBeforeIssued {
                at: short(d.moving_at, zone),
                issued: short(at, zone),
            },
        ));
    }
    Ok(())
}
