//! Duty log entries (值班记录): what the guard saw or did, one category each.

mod demo;

use super::handover::Section;
use super::{Applied, KindDetails, KindRules, Life, Refused, Slug};
use crate::domain::action::Action;
use crate::domain::columns::{ANY, Col, TabSpec, col};
use crate::domain::deadline::Deadlines;
use crate::domain::error::Field;
use crate::domain::intake::{self, ChoiceSet, FieldSpec, Input, Intake, Need};
use crate::domain::record::{Record, Status};
use crate::domain::report::{CallbackRate, Report, bump};
use crate::domain::rules::Policy;
use crate::domain::time::Zone;
use crate::domain::view::{Choice, Fact, FactLabel, ShowFacts, Value};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

slug_enum!(
    LogCategory {
        Patrol => "patrol",
        Inspection => "inspection",
        KeyLocation => "key_location",
        Incident => "incident",
        Notice => "notice",
        KeysItems => "keys_items",
        Note => "note",
    }
);

pub static CATEGORIES: ChoiceSet = ChoiceSet::of::<LogCategory>("LogCategory");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogDetails {
    pub category: LogCategory,
}

impl KindDetails for LogDetails {
    type State = LogState;
    const PROPS: super::KindProps = super::KindProps {
        offers_shortcuts: true,
        categories: Some(&CATEGORIES),
        ..super::KindProps::NONE
    };

    fn start(&self) -> LogState {
        LogState {
            details: self.clone(),
        }
    }

    fn category_slug(&self) -> &'static str {
        self.category.slug()
    }
}

/// A log entry accumulates nothing of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct LogState {
    pub details: LogDetails,
}

impl KindRules for LogState {
    /// A log entry is a fact: only the actions every record takes.
    fn apply(
        &mut self,
        _: &mut Life<'_>,
        action: &Action,
        _: DateTime<Utc>,
        _: &str,
    ) -> Result<Applied, Refused> {
        match action {
            Action::Note { .. }
            | Action::Void { .. }
            | Action::Watch { .. }
            | Action::Unwatch
            | Action::Callback { .. } => Ok(Applied::Common),
            Action::Dispatch { .. }
            | Action::Arrive
            | Action::Assess { .. }
            | Action::Resolve { .. }
            | Action::Classify { .. }
            | Action::Reply { .. }
            | Action::Escalate { .. }
            | Action::Sign { .. }
            | Action::Refuse { .. } => Err(Refused),
            Action::Report { .. } | Action::Close { .. } => Err(Refused),
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
        Choice::of(&CATEGORIES, self.details.category)
    }

    fn title(&self) -> Vec<Value> {
        vec![Value::Choice(self.category())]
    }

    fn desk_facts(&self) -> Vec<Fact> {
        Vec::new()
    }

    fn show_facts(&self) -> ShowFacts {
        ShowFacts {
            head: vec![Fact::new(
                FactLabel::Category,
                Value::Choice(self.category()),
            )],
            tail: Vec::new(),
        }
    }

    fn json_fields(&self, _: &Record, _: Zone) -> Vec<(&'static str, serde_json::Value)> {
        Vec::new()
    }

    /// A log entry records what happened: nothing is owed on it.
    fn deadlines(&self, _: &Record, _: &Policy, _: &mut Deadlines<'_>) {}

    fn tally(&self, _: &Record, rep: &mut Report) {
        bump(&mut rep.log_by_category, self.details.category.slug());
    }

    fn callbacks<'a>(&self, _: &Record, _: &'a mut Report) -> Option<&'a mut CallbackRate> {
        None
    }

    /// Log entries are never open.
    fn sections(&self, _: &Record, _: &mut Vec<Section>) {}

    /// Incidents written during the shift are handed over.
    fn shift_sections(&self, record: &Record, out: &mut Vec<Section>) {
        if self.details.category == LogCategory::Incident && !record.is_voided() {
            out.push(Section::Incidents);
        }
    }
}

/// The duty log's tab: `--tab log` (or `logs`, `duty`), and its list's columns.
pub const TAB: Option<&TabSpec> = Some(&TabSpec {
    name: "log",
    aliases: &["logs", "duty"],
    columns: &[
        col(Col::Id, 13, 0, ANY),
        col(Col::TimeShort, 5, 0, 110),
        col(Col::TimeLong, 11, 110, ANY),
        col(Col::Category, 10, 0, 110),
        col(Col::Category, 14, 110, ANY),
        col(Col::Location, 10, 0, 110),
        col(Col::Location, 16, 110, ANY),
        col(Col::Summary, 0, 0, ANY),
        col(Col::By, 10, 110, ANY),
        col(Col::Status, 7, 0, ANY),
    ],
});

/// A log entry at creation: the `add log` flags, the desk's form.
pub static INTAKE: Intake = Intake {
    fields: &[
        intake::SUMMARY,
        FieldSpec::new(
            Field::Category,
            Input::Choice {
                set: &CATEGORIES,
                default: "note",
            },
            Need::Required,
        ),
        intake::short(Field::Location, Need::Optional),
        intake::AT,
    ],
    build: Some(|p, _| {
        LogDetails {
            category: p.choice(Field::Category).expect("a category has a default"),
        }
        .into()
    }),
    check: intake::no_check,
    suggest: None,
};
