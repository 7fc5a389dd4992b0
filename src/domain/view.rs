//! What a record shows of its kind, as data without words: each kind's module says which
//! facts it has and in what order; the desk and `show` put them in words (`i18n::facts`).

use super::callbacks::CallbackNeed;
use super::choice::{ChoiceSet, Choices};
use super::kinds::{RecordKind, Slug};
use chrono::{DateTime, Utc};

/// The name of a fact, translated once in `i18n` for the desk and for `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactLabel {
    Category,
    /// A call's kind.
    CallKind,
    Channel,
    Class,
    Appointment,
    Difficulty,
    /// The technician a repair was sent to.
    Technician,
    Fee,
    ShiftChange,
    /// Caller or owner.
    Name,
    /// Who reported a repair.
    Reporter,
    /// A major incident's type.
    IncidentType,
    Casualties,
    /// One report upward of an incident.
    ReportedTo,
    /// What became of a closed incident.
    Outcome,
    /// Engineering's proposal to the owner (a repair in a home).
    Proposal,
    /// A quality complaint under the developer's warranty.
    Warranty,
    /// A heating leak: the heating company asked to help.
    HeatingCompany,
    /// A pass: its owner (the record's name), tenant, how the owner was verified, the mover
    /// and their ID number, the moving time, who confirmed the fees, when the goods left and
    /// the guard.
    Owner,
    Tenant,
    VerifiedBy,
    Mover,
    MoverId,
    MovingAt,
    FeesSettledBy,
    LeftAt,
    Guard,
    /// Who handles a complaint, by its class.
    Handler,
    /// A completed work order: the work done, the materials, the owner's signature and
    /// rating, and whether a callback is owed (and why).
    WorkDone,
    Materials,
    Signed,
    Rating,
    CallbackOwed,
    /// A complaint's result (处理结果).
    Result,
    /// An inspection round's area and each check item.
    Area,
    Check,
}

/// A value from one of the closed sets of the kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Kind(RecordKind),
    /// The `usize`th entry of a set a kind declares (its words: the set's).
    Of(Choices, usize),
    /// A heating leak's heating company, not asked to help yet.
    HeatingToNotify,
    CallbackNeed(CallbackNeed),
    /// A default inspection area (its slug as `kinds::inspection::areas::DEFAULTS` spells it;
    /// a configured area is its kept name, `InspectionDetails::area_value`).
    Area(&'static str),
}

impl Choice {
    /// `value` as an entry of `set`, the set its kind declares for its type.
    pub fn of<S: Slug>(set: &'static ChoiceSet, value: S) -> Self {
        let i = set
            .parse(value.slug())
            .unwrap_or_else(|| panic!("{} is no value of the set {}", value.slug(), set.name));
        Self::Of(set, i)
    }
}

/// A fact's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text as entered (presenters sanitise it).
    Text(String),
    Time(DateTime<Utc>),
    Choice(Choice),
    /// A choice that makes the record urgent (an urgent repair's category): presenters mark it.
    Urgent(Choice),
    /// One report upward of an incident: when, to whom (their role), how, what they answered.
    Report {
        at: DateTime<Utc>,
        to: String,
        role: String,
        /// How it was made (a choice of the incident's set).
        how: Choice,
        answer: Option<String>,
    },
    /// How a pass's owner was verified, and when that asks for checks, each check and
    /// whether it was ticked.
    Verified(Choice, Vec<(Choice, bool)>),
    /// An ID number: masked, and whole only where it may be shown (a pass's own detail to an
    /// operator who can write).
    IdNumber {
        masked: String,
        whole: Option<String>,
    },
    /// A handover's shift change (the time left out where only the shifts are shown).
    ShiftChange {
        from: String,
        to: String,
        at: Option<DateTime<Utc>>,
    },
    /// One check item of an inspection round (of `area`): what was found, the remark, the
    /// repair opened from it.
    Check {
        area: String,
        item: super::kinds::CheckItem,
        repair: Option<super::ids::RecordId>,
    },
}

/// One labelled fact of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub label: FactLabel,
    pub value: Value,
}

impl Fact {
    pub fn new(label: FactLabel, value: Value) -> Self {
        Self { label, value }
    }
}

/// `show`'s facts of a kind: `head` before the common contact lines (room, location, name,
/// phone), `tail` after them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShowFacts {
    pub head: Vec<Fact>,
    pub tail: Vec<Fact>,
}

/// A paper form the office still uses (`show ID --print`), for an 80-column printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperForm {
    /// An item release pass: stub and notice.
    Pass,
    /// A repair's work order, 《日常报修单》: customer service, engineering and finance parts.
    WorkOrder,
    /// A complaint's slip, 《客户投诉处理通知单》.
    ComplaintSlip,
}
