//! Inspection rounds (日常巡检, DOMAIN.md §1): the duty person walks an area (a stairwell, the
//! rooftop, an elevator, a lobby, the grounds, or a key location the estate configured) and
//! records each check item as ok, a problem or not applicable, with a remark. Items not given
//! are "not checked". A problem found becomes a repair in one step (`store::inspections`),
//! linked both ways: `found_in` on the round, `from_inspection` on the repair. The rules give
//! a round no deadline of its own: it is a record of what was found (status `logged`).

pub mod areas;
mod demo;
pub mod rounds;

use super::handover::Section;
use super::{Applied, KindDetails, KindRules, Life, Refused, Slug};
use crate::domain::action::Action;
use crate::domain::deadline::Deadlines;
use crate::domain::error::{Field, Problem, RuleError};
use crate::domain::intake::{self, ChoiceSet, FieldSpec, Input, Intake, Need};
use crate::domain::record::{NewRecord, Record, Status};
use crate::domain::report::{CallbackRate, Report};
use crate::domain::rules::Policy;
use crate::domain::text::{MAX_SHORT_CHARS, MAX_TEXT_CHARS};
use crate::domain::time::Zone;
use crate::domain::view::{Choice, Fact, FactLabel, ShowFacts, Value};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

slug_enum!(
    /// What a check item was found to be.
    Outcome {
        Ok => "ok",
        Problem => "problem",
        Na => "na",
    }
);

slug_enum!(
    /// A round at a glance (the list's category): a problem found, every item ok (or not
    /// applicable), or some items not checked.
    Finding {
        Problem => "problem",
        AllOk => "all_ok",
        Partial => "partial",
    }
);

pub static FINDINGS: ChoiceSet = ChoiceSet::of::<Finding>("Finding");

/// One check item of a round: its key, its name when the config gave one, what was found
/// (none: not checked) and the remark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckItem {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Outcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
}

impl CheckItem {
    /// Whether the item was found to be a problem (one a repair may be opened from).
    pub fn is_problem(&self) -> bool {
        self.result == Some(Outcome::Problem)
    }
}

/// A round as recorded: the area (its slug, and its name when the config gave one) and every
/// item of its checklist, in order. The place (building, floor) is the record's location, the
/// round's note its summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InspectionDetails {
    pub area: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_name: Option<String>,
    pub items: Vec<CheckItem>,
}

impl InspectionDetails {
    pub fn finding(&self) -> Finding {
        if self
            .items
            .iter()
            .any(|i| i.result == Some(Outcome::Problem))
        {
            Finding::Problem
        } else if self.items.iter().all(|i| i.result.is_some()) {
            Finding::AllOk
        } else {
            Finding::Partial
        }
    }

    /// The round in a line, in keys (stored as the summary of a round without a note): each
    /// problem with its remark ("✗ door_opens 门被锁"), else how many items were ok.
    pub fn digest(&self) -> String {
        self.digest_by(|i| i.key.clone(), " ")
    }

    /// `digest` with each item as `name` gives it, its remark after `sep` (the summary shown
    /// to people: "✗ 天台门可开启 (不得上锁): 门被锁").
    pub fn digest_by(&self, name: impl Fn(&CheckItem) -> String, sep: &str) -> String {
        let problems: Vec<String> = self
            .items
            .iter()
            .filter(|i| i.result == Some(Outcome::Problem))
            .map(|i| match &i.remark {
                Some(r) => format!("✗ {}{sep}{r}", name(i)),
                None => format!("✗ {}", name(i)),
            })
            .collect();
        if !problems.is_empty() {
            return problems.join("; ");
        }
        let ok = self.items.iter().filter(|i| i.result.is_some()).count();
        format!("✓ {ok}/{}", self.items.len())
    }

    pub fn item(&self, key: &str) -> Option<&CheckItem> {
        self.items.iter().find(|i| i.key == key)
    }

    /// The area as a fact: the name the config gave it when the round was written (one
    /// name, whatever the language), else a default area's words, else its slug (an area
    /// since removed from the config still reads). Owned text, so nothing is kept for the
    /// life of the process.
    pub fn area_value(&self) -> Value {
        match (&self.area_name, areas::default_slug(&self.area)) {
            (Some(name), _) => Value::Text(name.clone()),
            (None, Some(slug)) => Value::Choice(Choice::Area(slug)),
            (None, None) => Value::Text(self.area.clone()),
        }
    }
}

impl KindDetails for InspectionDetails {
    type State = InspectionState;
    const PROPS: super::KindProps = super::KindProps {
        shortcut: Some(super::Shortcut::Round),
        repairs_found: Some(super::RecordKind::Repair),
        categories: Some(&FINDINGS),
        ..super::KindProps::NONE
    };

    fn summary_when_none(&self) -> Option<String> {
        Some(self.digest())
    }

    fn start(&self) -> InspectionState {
        InspectionState {
            details: self.clone(),
            repairs: Vec::new(),
        }
    }

    fn category_slug(&self) -> &'static str {
        self.finding().slug()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct InspectionState {
    pub details: InspectionDetails,
    /// The repairs opened from the round's problems: the item and the repair.
    pub repairs: Vec<(String, crate::domain::RecordId)>,
}

impl InspectionState {
    fn facts(&self) -> Vec<Fact> {
        let d = &self.details;
        let mut facts = vec![Fact::new(FactLabel::Area, d.area_value())];
        for item in &d.items {
            facts.push(Fact::new(
                FactLabel::Check,
                Value::Check {
                    area: d.area.clone(),
                    item: item.clone(),
                    repair: self
                        .repairs
                        .iter()
                        .filter(|(k, _)| *k == item.key)
                        .map(|(_, id)| *id)
                        .next_back(),
                },
            ));
        }
        facts
    }
}

impl KindRules for InspectionState {
    fn apply(
        &mut self,
        _: &mut Life<'_>,
        action: &Action,
        _: DateTime<Utc>,
        _: &str,
    ) -> Result<Applied, Refused> {
        match action {
            Action::Note { .. } | Action::Void { .. } | Action::Watch { .. } | Action::Unwatch => {
                Ok(Applied::Common)
            }
            // Only a problem found becomes a repair, once per item.
            Action::FoundProblem { item, repair } => {
                let found = self.details.item(item).map(|i| i.result);
                if found != Some(Some(Outcome::Problem))
                    || self.repairs.iter().any(|(k, _)| k == item)
                {
                    return Err(Refused);
                }
                self.repairs.push((item.clone(), *repair));
                Ok(Applied::Done)
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
            | Action::FollowUpOf { .. }
            | Action::Used { .. } => Err(Refused),
        }
    }

    fn opens_as(&self) -> Status {
        Status::Logged
    }

    fn in_handover(&self) -> bool {
        true
    }

    fn category(&self) -> Choice {
        Choice::of(&FINDINGS, self.details.finding())
    }

    fn title(&self) -> Vec<Value> {
        vec![self.details.area_value(), Value::Choice(self.category())]
    }

    fn desk_facts(&self) -> Vec<Fact> {
        self.facts()
    }

    fn show_facts(&self) -> ShowFacts {
        ShowFacts {
            head: Vec::new(),
            tail: self.facts(),
        }
    }

    fn json_fields(&self, _: &Record, _: Zone) -> Vec<(&'static str, serde_json::Value)> {
        let d = &self.details;
        let items: Vec<serde_json::Value> = d
            .items
            .iter()
            .map(|i| {
                serde_json::json!({
                    "key": i.key,
                    "name": crate::i18n::inspection::item_name(&d.area, i, crate::i18n::Lang::En),
                    "result": i.result.map_or("not_checked", |r| r.slug()),
                    "remark": i.remark,
                    "repair": self.repairs.iter().find(|(k, _)| *k == i.key).map(|(_, id)| id.to_string()),
                })
            })
            .collect();
        vec![
            ("area", serde_json::json!(d.area)),
            ("finding", d.finding().slug().into()),
            ("problem", (d.finding() == Finding::Problem).into()),
            ("items", items.into()),
        ]
    }

    /// No deadline: the rules set none on a round (DOMAIN.md §1); its problems' repairs have
    /// theirs.
    fn deadlines(&self, _: &Record, _: &Policy, _: &mut Deadlines<'_>) {}

    fn tally(&self, _: &Record, _: &mut Report) {}

    fn callbacks<'a>(&self, _: &Record, _: &'a mut Report) -> Option<&'a mut CallbackRate> {
        None
    }

    fn sections(&self, _: &Record, _: &mut Vec<Section>) {}

    fn shift_sections(&self, _: &Record, _: &mut Vec<Section>) {}

    fn check_items(&self) -> Vec<super::CheckedItem> {
        let d = &self.details;
        d.items
            .iter()
            .map(|item| super::CheckedItem {
                area: d.area.clone(),
                area_name: d.area_name.clone(),
                item: item.clone(),
                repair: self
                    .repairs
                    .iter()
                    .filter(|(k, _)| *k == item.key)
                    .map(|(_, id)| *id)
                    .next_back(),
            })
            .collect()
    }

    fn summary_in_words(
        &self,
        stored: &str,
        name: &dyn Fn(&str, &CheckItem) -> String,
    ) -> Option<String> {
        let d = &self.details;
        (stored == d.digest()).then(|| d.digest_by(|i| name(&d.area, i), ": "))
    }

    fn search_words(&self) -> Vec<String> {
        let d = &self.details;
        let mut words = vec![d.area.clone()];
        words.extend(d.area_name.clone());
        words.extend(d.items.iter().filter_map(|i| i.remark.clone()));
        words
    }
}

/// The rounds tab (`--tab rounds`, or `inspections`): a person on duty looks for the rounds of
/// today and the ones with a problem, so the finding comes right after the time, then the place;
/// the duty log's list stays the guard's own entries.
pub const TAB: Option<&crate::domain::columns::TabSpec> = {
    use crate::domain::columns::{ANY, Col, TabSpec, col};
    Some(&TabSpec {
        name: "rounds",
        aliases: &["round", "inspections", "inspection"],
        columns: &[
            col(Col::Id, 13, 0, ANY),
            col(Col::TimeShort, 5, 0, 100),
            col(Col::TimeLong, 11, 100, ANY),
            col(Col::Category, 10, 0, ANY),
            col(Col::Location, 10, 0, 120),
            col(Col::Location, 16, 120, ANY),
            col(Col::Summary, 0, 0, ANY),
            col(Col::Status, 8, 0, ANY),
        ],
    })
};

/// A round at creation: `add inspection --area A --location L [--item KEY=RESULT[:REMARK]]…`.
/// The items come one a line (`KEY=ok|problem|na[:remark]`), the command line's repeated
/// `--item` joined.
pub static INTAKE: Intake = Intake {
    fields: &[
        intake::short(Field::Area, Need::Required),
        intake::short(Field::Location, Need::Required),
        FieldSpec::new(
            Field::Item,
            Input::Lines {
                max: MAX_TEXT_CHARS,
            },
            Need::Optional,
        ),
        FieldSpec::new(
            Field::Summary,
            Input::Text {
                max: MAX_TEXT_CHARS,
            },
            Need::Optional,
        ),
        intake::AT,
    ],
    build: Some(|p, policy| {
        build(
            &policy.areas,
            &p.text(Field::Area).unwrap_or_default(),
            p.text(Field::Item).as_deref(),
        )
    }),
    check,
    suggest: None,
};

/// One `KEY=RESULT[:REMARK]` as given (trimmed): the key, the result as typed, the remark.
fn split_item(line: &str) -> (String, String, Option<String>) {
    let (key, rest) = line.split_once('=').unwrap_or((line, ""));
    let (result, remark) = match rest.split_once(':') {
        Some((r, m)) => (r, Some(m.trim().to_string()).filter(|m| !m.is_empty())),
        None => (rest, None),
    };
    (
        key.trim().to_ascii_lowercase().replace('-', "_"),
        result.trim().to_string(),
        remark,
    )
}

/// The round's details: the area's whole checklist (the estate's table), each item with
/// what was given for it; given items the area does not have are kept after them, for
/// `check` to name.
pub fn build(table: &areas::Areas, area: &str, given: Option<&str>) -> crate::domain::Details {
    let slug = area.trim().to_ascii_lowercase().replace('-', "_");
    let spec = table.find(&slug);
    let mut items: Vec<CheckItem> = spec
        .map(|a| {
            a.items
                .iter()
                .map(|i| CheckItem {
                    key: i.key.clone(),
                    name: i.name.clone(),
                    result: None,
                    remark: None,
                })
                .collect()
        })
        .unwrap_or_default();
    for line in given.unwrap_or("").lines().filter(|l| !l.trim().is_empty()) {
        let (key, result, remark) = split_item(line);
        let result = Outcome::parse_slug(&result);
        match items.iter_mut().find(|i| i.key == key) {
            Some(item) => {
                item.result = result;
                item.remark = remark;
            }
            None => items.push(CheckItem {
                key,
                name: None,
                result,
                remark,
            }),
        }
    }
    InspectionDetails {
        area: slug,
        area_name: spec.and_then(|a| a.name.clone()),
        items,
    }
    .into()
}

/// Each given item's form: `KEY=ok|problem|na[:remark]` (the intake reads them before the
/// area is known).
pub fn check_lines(text: &str) -> Result<(), RuleError> {
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (key, result, remark) = split_item(line);
        if !line.contains('=') || !areas::is_key(&key) {
            return Err(RuleError::field(
                Field::Item,
                Problem::NotItem(line.trim().to_string()),
            ));
        }
        if Outcome::parse_slug(&result).is_none() {
            return Err(RuleError::field(
                Field::Item,
                Problem::NotOneOf {
                    text: result,
                    allowed: Outcome::allowed(),
                },
            ));
        }
        if let Some(len) = remark
            .map(|r| r.chars().count())
            .filter(|&n| n > MAX_SHORT_CHARS)
        {
            return Err(RuleError::field(
                Field::Item,
                Problem::TooLong {
                    len,
                    max: MAX_SHORT_CHARS,
                },
            ));
        }
    }
    Ok(())
}

/// The rules a stored round keeps (the store asks them again): a known area, only its items,
/// each given once with a result.
fn check(new: &NewRecord, _: DateTime<Utc>, policy: &Policy) -> Result<(), RuleError> {
    let super::Details::Inspection(d) = &new.details else {
        return Ok(());
    };
    let Some(area) = policy.areas.find(&d.area) else {
        return Err(RuleError::field(
            Field::Area,
            Problem::NotOneOf {
                text: d.area.clone(),
                allowed: policy.areas.slugs(),
            },
        ));
    };
    for (i, item) in d.items.iter().enumerate() {
        if !area.items.iter().any(|s| s.key == item.key)
            || d.items[..i].iter().any(|o| o.key == item.key)
        {
            return Err(RuleError::field(
                Field::Item,
                Problem::NotOneOf {
                    text: item.key.clone(),
                    allowed: area
                        .items
                        .iter()
                        .map(|s| s.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            ));
        }
    }
    Ok(())
}
