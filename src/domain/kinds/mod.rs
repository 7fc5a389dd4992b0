//! The record kinds, one module each, and the slugs of DESIGN.md: the same spelling in flags,
//! JSON and config.
//!
//! `registry!` below is the one list of kinds: it generates `RecordKind` (slug, id prefix) and
//! the stored `Details` whose variants wrap each kind's own details struct. A kind's module
//! owns its details and its slugs; nothing else names a kind's fields.

use super::action::Action;
use super::choice::ChoiceSet;
use super::deadline::Deadlines;
use super::handover::Section;
use super::record::{Record, Refusal, Signature, Status};
use super::report::{CallbackRate, Report};
use super::rules::Policy;
use super::time::Zone;
use super::view::{Choice, Fact, FactLabel, ShowFacts, Value};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A closed set of values with a stable slug each.
pub trait Slug: Sized + Copy + 'static {
    /// Every value, in the order shown to people.
    const ALL: &'static [Self];
    fn slug(self) -> &'static str;

    fn parse_slug(text: &str) -> Option<Self> {
        let wanted = text.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL.iter().copied().find(|v| v.slug() == wanted)
    }

    fn allowed() -> String {
        Self::ALL
            .iter()
            .map(|v| v.slug())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

macro_rules! slug_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $slug:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $slug)] $variant),+
        }
        impl Slug for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn slug(self) -> &'static str {
                match self { $(Self::$variant => $slug),+ }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.slug())
            }
        }
    };
}

mod call;
pub mod demo;
pub mod handover;
mod incident;
pub mod inspection;
mod log;
mod pass;
mod repair;

pub use call::{
    CallDetails, CallKind, CallState, Channel, ComplaintClass, Handler, escalation_due,
    mark_escalated,
};
// The sets the shared lifecycle steps and the report's figures take their values from.
pub use call::{CALL_KINDS, CHANNELS, CLASSES};
pub use handover::{HandoverDetails, HandoverState};
pub use incident::REPORT_HOW;
pub use incident::{IncidentDetails, IncidentState, IncidentType, ReportHow, ReportMade};
pub use inspection::{CheckItem, Finding, InspectionDetails, InspectionState, Outcome};
pub use log::CATEGORIES as LOG_CATEGORIES;
pub use log::{LogCategory, LogDetails, LogState};
pub use pass::{PassDetails, PassState, PhoneCheck, VerifiedBy, id_number};
pub use repair::{CATEGORIES as REPAIR_CATEGORIES, DIFFICULTIES};
pub use repair::{
    Difficulty, RepairCategory, RepairDetails, RepairState, Warranty, found_details,
    suggest_category,
};

/// What `registry!` generates for the demo (`kinds::demo`): `DemoSample`, one random record of
/// any kind before its texts, and the calls into each kind's `DemoKind`, kinds in list order.
macro_rules! demo_dispatch {
    ($($variant:ident($module:ident::$details:ident)),+) => {
        /// One random demo record of some kind, before its texts.
        #[derive(Debug, Clone, Copy)]
        pub enum DemoSample {
            $($variant(<$module::$details as demo::DemoKind>::Sample)),+
        }

        impl DemoSample {
            /// Every kind's random records with their weights, kinds in list order.
            pub fn random() -> Vec<(Self, u32)> {
                let mut all = Vec::new();
                $(all.extend(
                    <$module::$details as demo::DemoKind>::RANDOM
                        .iter()
                        .map(|&(s, w)| (Self::$variant(s), w)),
                );)+
                all
            }

            /// Every kind's daily records (local hour, minute), kinds in list order.
            pub fn daily() -> Vec<(u32, u32, Self)> {
                let mut all = Vec::new();
                $(all.extend(
                    <$module::$details as demo::DemoKind>::DAILY
                        .iter()
                        .map(|&(h, m, s)| (h, m, Self::$variant(s))),
                );)+
                all
            }

            pub fn kind(self) -> RecordKind {
                match self {
                    $(Self::$variant(_) => RecordKind::$variant),+
                }
            }

            /// The `n`th random record of its kind (`DemoKind::vary`).
            // A kind without random records has an empty `Sample`: its arm never runs.
            #[allow(unreachable_code)]
            pub fn vary(self, n: usize, rng: &mut demo::Rng) -> Self {
                match self {
                    $(Self::$variant(s) => Self::$variant(
                        <$module::$details as demo::DemoKind>::vary(s, n, rng),
                    )),+
                }
            }

            /// The new record (`DemoKind::draw`).
            pub fn draw(self, a: &demo::Arrival<'_>, rng: &mut demo::Rng) -> super::NewRecord {
                match self {
                    $(Self::$variant(s) => <$module::$details as demo::DemoKind>::draw(s, a, rng)),+
                }
            }
        }

        /// The rest of a random record's life, by its kind (`DemoKind::life`).
        pub fn demo_life<S: demo::Steps>(r: &mut Record, s: &mut S) -> Result<(), S::Error> {
            match r.new.details.clone() {
                $(Details::$variant(d) => demo::DemoKind::life(&d, r, s)),+
            }
        }
    };
}

/// One line per kind: `Variant(module::Details) = 'prefix', "slug";`. Generates `RecordKind`,
/// `RecordKind::prefix`, the serde-tagged `Details` (stored as `{"kind": slug, ..fields}`),
/// `Details::kind`, `Details::start`, `From<XDetails> for Details` and `KindState` (what a
/// record of each kind accumulates, `KindDetails::State`) with its `rules`: every match
/// over kinds here is exhaustive, so a new line walks the compiler through the rest.
macro_rules! registry {
    ($($variant:ident($module:ident::$details:ident) = $prefix:literal, $slug:literal;)+) => {
        slug_enum!(
            /// What kind of record: the letter in front of its id.
            RecordKind { $($variant => $slug),+ }
        );

        impl RecordKind {
            pub fn prefix(self) -> char {
                match self {
                    $(Self::$variant => $prefix),+
                }
            }

            /// The kind's tab on the desk, if it has one (the desk's tabs follow this list).
            pub fn tab(self) -> Option<&'static crate::domain::columns::TabSpec> {
                match self {
                    $(Self::$variant => $module::TAB),+
                }
            }

            /// How a record of this kind and category (its `category_slug`) repeats an earlier
            /// one (`domain::repeats`; `KindDetails::repeat_by`).
            pub fn repeat_by(self, category: &str) -> super::repeats::RepeatBy {
                match self {
                    $(Self::$variant => <$module::$details as KindDetails>::repeat_by(category)),+
                }
            }

            /// What a new record of this kind asks for (`domain::intake`).
            pub fn intake(self) -> &'static super::intake::Intake {
                match self {
                    $(Self::$variant => &$module::INTAKE),+
                }
            }

            /// What the kind declares about itself (`KindDetails::PROPS`).
            pub fn props(self) -> KindProps {
                match self {
                    $(Self::$variant => <$module::$details as KindDetails>::PROPS),+
                }
            }
        }

        /// What differs between kinds at creation: each kind's own details struct.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind")]
        pub enum Details {
            $(#[serde(rename = $slug)] $variant($module::$details)),+
        }

        impl Details {
            pub fn kind(&self) -> RecordKind {
                match self {
                    $(Self::$variant(_) => RecordKind::$variant),+
                }
            }

            /// The state of a new record with these details.
            pub fn start(&self) -> KindState {
                match self {
                    $(Self::$variant(d) => KindState::$variant(KindDetails::start(d))),+
                }
            }

            /// The one-word category shown in lists: repair category, call kind or log category.
            pub fn category_slug(&self) -> &'static str {
                match self {
                    $(Self::$variant(d) => KindDetails::category_slug(d)),+
                }
            }

            /// The summary a record is given when none was entered (`KindDetails::
            /// summary_when_none`).
            pub fn summary_when_none(&self) -> Option<String> {
                match self {
                    $(Self::$variant(d) => KindDetails::summary_when_none(d)),+
                }
            }
        }

        /// What a record of each kind accumulates over its events (not stored: folded).
        #[derive(Debug, Clone, PartialEq)]
        pub enum KindState {
            $($variant(<$module::$details as KindDetails>::State)),+
        }

        impl KindState {
            /// The rules of this record's kind, on its state.
            pub fn rules(&self) -> &dyn KindRules {
                match self {
                    $(Self::$variant(s) => s),+
                }
            }

            pub fn rules_mut(&mut self) -> &mut dyn KindRules {
                match self {
                    $(Self::$variant(s) => s),+
                }
            }
        }

        $(
            impl From<$module::$details> for Details {
                fn from(d: $module::$details) -> Self {
                    Self::$variant(d)
                }
            }
        )+

        impl Details {
            /// The details of the kind `slug` names, read from `fields` (the details without
            /// their `kind` tag) straight into that kind's struct, as the tagged form reads
            /// them; None when no kind has that slug.
            pub fn deserialize_as<'de, D: serde::Deserializer<'de>>(
                slug: &str,
                fields: D,
            ) -> Option<Result<Self, D::Error>> {
                match slug {
                    $($slug => Some($module::$details::deserialize(fields).map(Self::$variant)),)+
                    _ => None,
                }
            }
        }

        demo_dispatch!($($variant($module::$details)),+);
    };
}

registry! {
    Log(log::LogDetails) = 'L', "log";
    Call(call::CallDetails) = 'C', "call";
    Repair(repair::RepairDetails) = 'R', "repair";
    Handover(handover::HandoverDetails) = 'H', "handover";
    Incident(incident::IncidentDetails) = 'I', "incident";
    Pass(pass::PassDetails) = 'P', "pass";
    Inspection(inspection::InspectionDetails) = 'N', "inspection";
}

/// A kind's details (what is entered at creation): the state a record of the kind starts in.
pub trait KindDetails {
    type State: KindRules;
    /// What other parts ask about the kind instead of naming it (`RecordKind::props`).
    const PROPS: KindProps = KindProps::NONE;
    fn start(&self) -> Self::State;
    /// The one-word category shown in lists and counted by `stats`.
    fn category_slug(&self) -> &'static str;
    /// How a record of this kind with this category (`category_slug`) is a repeat of an
    /// earlier one from the same place (`domain::repeats`): never, by the category, or by
    /// shared words. Decided from the category alone, so that `verify` and `repair-index`
    /// decide it from the row.
    fn repeat_by(_category: &str) -> super::repeats::RepeatBy {
        super::repeats::RepeatBy::Never
    }
    /// The summary stored when the person entered none (an inspection round: its problems).
    fn summary_when_none(&self) -> Option<String> {
        None
    }
}

/// What a kind declares about itself, asked by the parts outside its module (the callbacks,
/// the daily report, the desk's keys) instead of naming it: `KindDetails::PROPS`, read with
/// `RecordKind::props`. The defaults (`NONE`) are "no".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindProps {
    /// Its resolved records can owe a callback (回访): `list --callbacks-due` lists them, and
    /// its tab offers the callbacks-due view (`b`).
    pub owes_callbacks: bool,
    /// Whether a resolved record owes a callback is decided at its resolve, against the
    /// month's sample (`rules.repair_callback_share`, `store::callbacks::decide`).
    pub monthly_sample: bool,
    /// A resolved record that owed a callback owes a quality follow-up (质量回访) in the window
    /// of `rules.quality_callback_*_days` (`callback --quality`).
    pub quality_follow_up: bool,
    /// Its resolve takes a result (`--result`) and none of a work order's completion (fee,
    /// signed, rating, work, materials); any other kind's resolve takes no result.
    pub resolve_result: bool,
    /// The kind of the work order a record of this kind becomes (`act … work-order`, the
    /// desk's `O`), when its own rules say it may (`KindRules::takes_work_order`).
    pub work_order: Option<RecordKind>,
    /// The kind of the repair a problem found by a record of this kind becomes (`act …
    /// repair`, the desk's `O` on a round), linked both ways: `from_inspection` on the repair,
    /// `found_in` on this record. Its items are `KindRules::check_items`.
    pub repairs_found: Option<RecordKind>,
    /// Listed among the incidents of the daily report.
    pub daily_incident: bool,
    /// The shift handover itself (`handover` commands, the shift-change tab's place): exactly
    /// one kind.
    pub shift_handover: bool,
    /// The desk shortcut that opens a new record's form of this kind from a tab that offers
    /// shortcuts (`offers_shortcuts`): the keymap binds its keys.
    pub shortcut: Option<Shortcut>,
    /// Its tab offers the shortcuts of the other kinds (`shortcut`).
    pub offers_shortcuts: bool,
    /// A new record is told at once to the channels taking `incident` (`domain::notify`), as
    /// is each report upward.
    pub notify_at_once: bool,
    /// The set its `category_slug` is a value of, to name a category known by its slug alone
    /// (a report's recurring problems).
    pub categories: Option<crate::domain::choice::Choices>,
}

impl KindProps {
    pub const NONE: Self = Self {
        owes_callbacks: false,
        monthly_sample: false,
        quality_follow_up: false,
        resolve_result: false,
        work_order: None,
        repairs_found: None,
        daily_incident: false,
        shift_handover: false,
        shortcut: None,
        offers_shortcuts: false,
        notify_at_once: false,
        categories: None,
    };
}

/// The desk's shortcuts to a new record's form from another kind's tab (the duty log): the
/// keymap binds keys to each (`app/keymap.rs`), a kind declares the one that opens its form
/// (`KindProps::shortcut`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// `i`, Ctrl-E: a major incident (重大事项).
    Incident,
    /// `I`: an inspection round.
    Round,
}

impl RecordKind {
    /// The shift handover's kind (`KindProps::shift_handover`).
    pub fn shift_handover() -> Self {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.props().shift_handover)
            .expect("one kind is the shift handover")
    }

    /// The kind whose form `shortcut` opens, if any declares it.
    pub fn of_shortcut(shortcut: Shortcut) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.props().shortcut == Some(shortcut))
    }
}

/// The common part of a record an action of its kind may change.
pub struct Life<'a> {
    pub status: &'a mut Status,
    pub resolved_at: &'a mut Option<DateTime<Utc>>,
    /// No name and no contact.
    pub anonymous: bool,
}

/// What a kind's rules made of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The kind applied it.
    Done,
    /// An action every kind takes the same way (note, void, watch, unwatch, callback): the
    /// record applies it.
    Common,
}

/// The action does not fit the record's kind or status (`RuleError::NotAllowed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

/// The rules that differ between kinds: each kind's module implements them on its state
/// (which holds a copy of its details). A method without a default is a question every new
/// kind must answer; the defaults are the "no" that is right for all but one kind.
pub trait KindRules {
    /// Applies a lifecycle action the shared guards (voided, signed) let through. Each kind
    /// names every action: a new action walks the compiler through every kind.
    fn apply(
        &mut self,
        life: &mut Life<'_>,
        action: &Action,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<Applied, Refused>;
    /// The status a new record of this kind opens in.
    fn opens_as(&self) -> Status;
    /// The category shown in lists and titles.
    fn category(&self) -> Choice;
    /// What the desk's title line shows after the kind: category, shift change.
    fn title(&self) -> Vec<Value>;
    /// The kind's facts in the desk's detail pane, after the common ones.
    fn desk_facts(&self) -> Vec<Fact>;
    /// The kind's facts in `show`.
    fn show_facts(&self) -> ShowFacts;
    /// The kind's fields in a record's JSON (DESIGN.md "JSON"), in any order; of a key given
    /// twice, the later value counts. A list, not an object: `list --json` writes a million
    /// records' fields straight out (building a map of each was a twentieth of it).
    fn json_fields(&self, r: &Record, zone: Zone) -> Vec<(&'static str, serde_json::Value)>;
    /// `json_fields` as one JSON object.
    fn json_extras(&self, r: &Record, zone: Zone) -> serde_json::Value {
        serde_json::Value::Object(
            self.json_fields(r, zone)
                .into_iter()
                .map(|(key, value)| (key.to_string(), value))
                .collect(),
        )
    }
    /// Whether this is the shift's work that handovers list and reports count (a handover
    /// itself is not).
    fn in_handover(&self) -> bool;
    /// Every deadline the rules put on a record of this kind (not voided), in order.
    fn deadlines(&self, r: &Record, p: &Policy, out: &mut Deadlines<'_>);
    /// Counts a record received in the report's period (not voided) in the kind's figures.
    fn tally(&self, r: &Record, rep: &mut Report);
    /// The callback rate a record resolved in the report's period counts in, if any.
    fn callbacks<'a>(&self, r: &Record, rep: &'a mut Report) -> Option<&'a mut CallbackRate>;
    /// The kind's own handover sections an open record is listed in.
    fn sections(&self, r: &Record, out: &mut Vec<Section>);
    /// The handover sections a record written during the ending shift is listed in.
    fn shift_sections(&self, r: &Record, out: &mut Vec<Section>);

    /// An urgent repair (DOMAIN.md §3).
    fn is_urgent(&self) -> bool {
        false
    }
    /// A complaint: classed, answered, called back.
    fn is_complaint(&self) -> bool {
        false
    }
    /// A written complaint: it gets a written reply.
    fn written_reply_owed(&self) -> bool {
        false
    }
    /// The complaint class now (after classification or escalation).
    fn class(&self) -> Option<ComplaintClass> {
        None
    }
    /// When a complaint became major by escalation.
    fn escalated_at(&self) -> Option<DateTime<Utc>> {
        None
    }
    /// The technician sent last.
    fn assignee(&self) -> Option<&str> {
        None
    }
    /// The repair's assessed difficulty.
    fn difficulty(&self) -> Option<Difficulty> {
        None
    }
    /// The fee charged for a resolved repair.
    fn fee(&self) -> Option<&str> {
        None
    }
    /// A handover's acceptance by the incoming person.
    fn signature(&self) -> Option<&Signature> {
        None
    }
    /// A handover's refusals so far.
    fn refusals(&self) -> &[Refusal] {
        &[]
    }
    /// How a call or visit reached the desk.
    fn channel(&self) -> Option<Channel> {
        None
    }
    /// The shift change a handover is for: handovers are ordered by it.
    fn shift_key(&self) -> Option<DateTime<Utc>> {
        None
    }
    /// Whether an open record of the kind is on every handover, whatever its deadlines (a
    /// major incident, until it is closed).
    fn handed_over_until_closed(&self) -> bool {
        false
    }
    /// The label of the record's name.
    fn name_field(&self) -> FactLabel {
        FactLabel::Name
    }
    /// `desk_facts` as the record's own detail shows them to an operator who can write
    /// (personal data whole: a pass's ID number).
    fn desk_facts_revealed(&self) -> Vec<Fact> {
        self.desk_facts()
    }
    /// `show_facts` for an operator who can write (`desk_facts_revealed`).
    fn show_facts_revealed(&self) -> ShowFacts {
        self.show_facts()
    }
    /// When goods leave on an issued pass: the handover lists the passes due in the next
    /// shift.
    fn moves_at(&self) -> Option<DateTime<Utc>> {
        None
    }
    /// The check a new record of this kind gets against the residents directory before it
    /// is written, if any (`domain::residents::checked`): a pass's owner and ID number.
    fn directory_check(&self) -> Option<super::residents::checked::DirectoryRule> {
        None
    }
    /// The kind's own words in the search index, besides the common ones (never personal data
    /// whole: a pass's ID number is indexed masked).
    fn search_words(&self) -> Vec<String> {
        Vec::new()
    }
    /// Whether this record may become a work order (of the kind `KindProps::work_order`): a
    /// repair call.
    fn takes_work_order(&self) -> bool {
        false
    }
    /// The details of the record an unsatisfied callback on `r` opens (from the same place
    /// and people), by the callback's form: None when it opens none.
    fn follow_up(&self, _r: &Record, _form: CallbackForm) -> Option<Details> {
        None
    }
    /// Resolved owing a callback, its quality follow-up not yet made (`KindProps::
    /// quality_follow_up`).
    fn quality_owed(&self) -> bool {
        false
    }
    /// When the quality follow-up was made, if it was.
    fn quality_made(&self) -> Option<DateTime<Utc>> {
        None
    }
    /// The paper form `show --print` lays a record of the kind out as, if it has one.
    fn paper_form(&self) -> Option<super::view::PaperForm> {
        None
    }
    /// The check items this record walked (an inspection round's), each with the repair
    /// opened from it: what a problem found may become (`KindProps::repairs_found`).
    fn check_items(&self) -> Vec<CheckedItem> {
        Vec::new()
    }
    /// The summary in the reader's words when `stored` is the one the kind wrote in keys for
    /// a record without its own (`KindDetails::summary_when_none`: a round's problems), `name`
    /// naming each check item of an area; None when a person wrote it. The stored text stays
    /// as it is (append-only): this is for showing.
    fn summary_in_words(
        &self,
        _stored: &str,
        _name: &dyn Fn(&str, &CheckItem) -> String,
    ) -> Option<String> {
        None
    }
}

/// One check item of a record that walks a checklist: its area (slug, and the name the config
/// gave it when the record was written), the item as recorded, the repair opened from it if
/// one was.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedItem {
    pub area: String,
    pub area_name: Option<String>,
    pub item: CheckItem,
    pub repair: Option<super::ids::RecordId>,
}

/// Id prefixes kept for kinds the desk does not record yet (N inspection round): no kind may
/// take them, and an id with one is not a record id.
pub const RESERVED_PREFIXES: &[char] = &[];

impl RecordKind {
    pub fn from_prefix(c: char) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.prefix() == c.to_ascii_uppercase())
    }
}

slug_enum!(
    CallbackForm {
        Phone => "phone",
        Visit => "visit",
        Letter => "letter",
    }
);

pub static CALLBACK_FORMS: ChoiceSet = ChoiceSet::of::<CallbackForm>("CallbackForm");

slug_enum!(
    Satisfaction {
        Satisfied => "satisfied",
        Neutral => "neutral",
        Unsatisfied => "unsatisfied",
        NoAnswer => "no_answer",
    }
);

pub static SATISFACTION: ChoiceSet = ChoiceSet::of::<Satisfaction>("Satisfaction");

slug_enum!(
    /// The owner's rating of a finished repair, on the work order (§3); `none`: did not rate.
    Rating {
        Satisfied => "satisfied",
        Neutral => "neutral",
        Unsatisfied => "unsatisfied",
        Unrated => "none",
    }
);

/// Not recorded first, then the values.
pub static RATING: ChoiceSet = ChoiceSet::or_none::<Rating>("Rating");

slug_enum!(
    /// Whether a resolved repair owes a callback, decided as it is resolved (§4): mandatory,
    /// picked for the month's sample, or none.
    CallbackOwed {
        Mandatory => "mandatory",
        Sample => "sample",
        NotOwed => "none",
    }
);

slug_enum!(
    /// A yes or no on a form: the owner signed the work order or the visit's record.
    YesNo {
        Yes => "yes",
        No => "no",
    }
);

/// Not recorded first, then the values.
pub static YES_NO: ChoiceSet = ChoiceSet::or_none::<YesNo>("YesNo");

slug_enum!(
    /// Why a record was opened from another: an unsatisfied callback, or a repair call's work
    /// order.
    FollowUpBy {
        Callback => "callback",
        WorkOrder => "work_order",
        Inspection => "inspection",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_distinct_and_leave_the_reserved_ones_free() {
        let prefixes: Vec<char> = RecordKind::ALL.iter().map(|k| k.prefix()).collect();
        for (i, p) in prefixes.iter().enumerate() {
            assert!(!prefixes[i + 1..].contains(p), "{p} twice");
            assert!(!RESERVED_PREFIXES.contains(p), "{p} is reserved");
        }
        for c in RESERVED_PREFIXES {
            assert_eq!(RecordKind::from_prefix(*c), None);
            assert_eq!(RecordKind::from_prefix(c.to_ascii_lowercase()), None);
        }
    }

    #[test]
    fn one_shift_handover_and_each_shortcut_once() {
        let handovers = RecordKind::ALL.iter().filter(|k| k.props().shift_handover);
        assert_eq!(handovers.count(), 1);
        let shortcuts: Vec<Shortcut> = RecordKind::ALL
            .iter()
            .filter_map(|k| k.props().shortcut)
            .collect();
        for (i, s) in shortcuts.iter().enumerate() {
            assert!(!shortcuts[i + 1..].contains(s), "{s:?} twice");
        }
        assert!(RecordKind::ALL.iter().any(|k| k.props().offers_shortcuts));
    }
}
