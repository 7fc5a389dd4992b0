//! A problem an inspection round found becomes its repair from the desk (issue 14 §2), as
//! `act N-… repair` does from the command line: the problem chosen among the round's items
//! the round still takes (a problem without its repair: the round's rules say, asked with a
//! sample), the repair's category, the room if the problem is in one, and the summary filled
//! from the item. Saved through the same store call, linked both ways in one transaction.

use super::{FieldId, Form, FormField, FormKind, Value};
use crate::app::input::TextInput;
use crate::domain::*;
use crate::i18n::Lang;
use crate::i18n::inspection::{found_summary, item_name, summary_text};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A problem the form may turn into a repair: the item's key, its name and remark in the
/// desk's language, and the summary it fills in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundItem {
    pub key: String,
    pub name: String,
    pub remark: Option<String>,
    pub summary: String,
}

/// Why no problem of the selected record can become a repair now.
#[derive(Debug, Clone, PartialEq)]
pub enum NoRepair {
    /// It found no problem (or is no round).
    NoProblem,
    /// Every problem it found has its repair already.
    AllRepaired,
    /// Its rules refuse (a voided round): their words.
    Refused(RuleError),
}

impl Form {
    /// The repair form of a problem `round` found, at `at`; the first problem chosen.
    pub fn found_repair(round: &Record, at: DateTime<Utc>, lang: Lang) -> Result<Self, NoRepair> {
        let Some(repair) = round.kind().props().repairs_found else {
            return Err(NoRepair::NoProblem);
        };
        let problems: Vec<CheckedItem> = round
            .rules()
            .check_items()
            .into_iter()
            .filter(|c| c.item.is_problem())
            .collect();
        if problems.is_empty() {
            return Err(NoRepair::NoProblem);
        }
        let at = at.max(round.last_event_at);
        let mut refusal = None;
        let mut items = Vec::new();
        for c in &problems {
            let probe = Action::FoundProblem {
                item: c.item.key.clone(),
                repair: round.id,
            };
            match round.apply(&probe, at, "desk") {
                Ok(_) => items.push(FoundItem {
                    key: c.item.key.clone(),
                    name: item_name(&c.area, &c.item, lang),
                    remark: c.item.remark.clone(),
                    summary: found_summary(c, lang),
                }),
                Err(e) if c.repair.is_none() => {
                    refusal.get_or_insert(e);
                }
                Err(_) => {}
            }
        }
        let Some(first) = items.first() else {
            return Err(refusal.map_or(NoRepair::AllRepaired, NoRepair::Refused));
        };
        let mut summary = FormField::text(FieldId::Summary, true);
        summary.value = Value::Text(TextInput::new(&first.summary));
        let fields = vec![
            FormField {
                id: FieldId::Item,
                value: Value::Found(items, 0),
                required: true,
                error: None,
            },
            // The repair's category as its own form starts it.
            repair
                .intake()
                .fields
                .iter()
                .find(|spec| spec.field == FieldId::Category)
                .map_or_else(|| FormField::text(FieldId::Category, true), FormField::of),
            FormField::text(FieldId::Room, false),
            summary,
        ];
        let mut form = Self::with(FormKind::FoundRepair(round.id), fields);
        form.suggest();
        form.about = Some(format!("{}  {}", round.id, summary_text(round, lang)));
        Ok(form)
    }

    /// The problem chosen, if the form has one.
    pub fn found_item(&self) -> Option<&FoundItem> {
        self.fields.iter().find_map(|f| match &f.value {
            Value::Found(items, at) => items.get(*at),
            _ => None,
        })
    }

    /// ←/→ on the problem: the next or previous one. The summary follows the problem unless
    /// it was edited; the category follows its words unless it was chosen.
    pub(super) fn cycle_found(&mut self, forward: bool) -> bool {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let Value::Found(items, at) = &mut field.value else {
            return false;
        };
        let was = items.get(*at).map(|i| i.summary.clone());
        let n = items.len().max(1);
        *at = if forward {
            (*at + 1) % n
        } else {
            (*at + n - 1) % n
        };
        let now = items.get(*at).map(|i| i.summary.clone());
        field.error = None;
        if let (Some(was), Some(now)) = (was, now)
            && self.text(FieldId::Summary).trim() == was.trim()
            && let Some(FormField {
                value: Value::Text(input),
                ..
            }) = self.find_mut(FieldId::Summary)
        {
            *input = TextInput::new(&now);
        }
        self.suggest();
        true
    }
}
