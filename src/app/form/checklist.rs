//! An inspection round's checklist in the desk's form (issue 14 §2): the chosen area's check
//! items one a line, each found ok, a problem or not applicable (Space cycles), each with a
//! remark (Enter, or just typing, edits it). Choosing another area lists its items, keeping
//! what was found and typed for every key met so far, so nothing typed is lost. What it holds
//! goes to the one intake as the `add inspection --item KEY=RESULT[:REMARK]` lines.

use super::super::input::TextInput;
use super::super::keys::Key;
use super::{FieldId, Form, FormField, Value};
use crate::domain::kinds::inspection::areas::Areas;
use crate::domain::{Outcome, Slug};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One check item as the form holds it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckRow {
    pub result: Option<Outcome>,
    pub remark: TextInput,
}

impl CheckRow {
    fn is_blank(&self) -> bool {
        self.result.is_none() && self.remark.is_empty()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Checklist {
    /// The area's item keys, in the order they are walked.
    pub keys: Vec<String>,
    /// Each item's name when the config gives one (beside `keys`).
    #[serde(default)]
    pub names: Vec<Option<String>>,
    /// What was found and typed, by key: every key met, in this area or one chosen before.
    pub rows: BTreeMap<String, CheckRow>,
    /// The item the cursor is on.
    pub at: usize,
    /// The remark of the item under the cursor takes the keys.
    pub editing: bool,
}

impl Checklist {
    /// The checklist of `area` (its items from the estate's table), keeping `rows`.
    fn of(areas: &Areas, area: &str, rows: BTreeMap<String, CheckRow>) -> Self {
        let items = areas.find(area).map_or(&[][..], |a| &a.items[..]);
        Self {
            keys: items.iter().map(|i| i.key.clone()).collect(),
            names: items.iter().map(|i| i.name.clone()).collect(),
            rows,
            at: 0,
            editing: false,
        }
    }

    pub fn row(&self, i: usize) -> Option<&CheckRow> {
        self.keys.get(i).and_then(|k| self.rows.get(k))
    }

    fn row_mut(&mut self) -> Option<&mut CheckRow> {
        let key = self.keys.get(self.at)?.clone();
        Some(self.rows.entry(key).or_default())
    }

    /// The next (or previous) finding of the item under the cursor: not checked → ok →
    /// problem → n/a → not checked.
    pub fn cycle(&mut self, forward: bool) {
        let Some(row) = self.row_mut() else {
            return;
        };
        let order = [
            None,
            Some(Outcome::Ok),
            Some(Outcome::Problem),
            Some(Outcome::Na),
        ];
        let i = order.iter().position(|o| *o == row.result).unwrap_or(0);
        let n = order.len();
        row.result = order[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    /// Move the cursor; false when it would leave the list (the form moves to the next or
    /// previous field instead).
    pub fn move_by(&mut self, down: bool) -> bool {
        self.editing = false;
        match down {
            true if self.at + 1 < self.keys.len() => self.at += 1,
            false if self.at > 0 => self.at -= 1,
            _ => return false,
        }
        true
    }

    /// A key for the item's remark: while editing, any editing key; otherwise a character
    /// typed starts the remark with it (typed text is never dropped).
    pub fn edit(&mut self, key: Key) -> bool {
        let editing = self.editing;
        let starts = key.text().is_some();
        if !editing && !starts {
            return false;
        }
        let Some(row) = self.row_mut() else {
            return false;
        };
        let done = row.remark.edit(key);
        if done {
            self.editing = true;
        }
        done
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(row) = self.row_mut() {
            row.remark.insert_str(text);
            self.editing = true;
        }
    }

    /// Anything found or typed (Esc asks before dropping it).
    pub fn unsaved(&self) -> bool {
        self.rows.values().any(|r| !r.is_blank())
    }

    /// The items as the intake reads them, one a line: `KEY=RESULT[:REMARK]` for each item of
    /// the area with a finding or a remark (a remark without a finding is refused by the
    /// intake, naming the item).
    pub fn lines(&self) -> String {
        self.keys
            .iter()
            .filter_map(|k| {
                let row = self.rows.get(k).filter(|r| !r.is_blank())?;
                let result = row.result.map_or("", |r| r.slug());
                let remark = row.remark.value().trim();
                Some(if remark.is_empty() {
                    format!("{k}={result}")
                } else {
                    format!("{k}={result}:{}", remark.replace(['\n', '\r'], " "))
                })
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Form {
    /// A form that asks an area and its items (a round's) walks the checklist: the area is
    /// chosen among the table's, the items listed one a line.
    pub(super) fn walk_checklist(&mut self, areas: &Areas) {
        let has = |f: FieldId| self.fields.iter().any(|x| x.id == f);
        if !has(FieldId::Area) || !has(FieldId::Item) {
            return;
        }
        let Some(first) = areas.all().first().map(|a| a.slug.clone()) else {
            return;
        };
        for field in &mut self.fields {
            match field.id {
                FieldId::Area => field.value = Value::Area(first.clone()),
                FieldId::Item => {
                    field.value = Value::Checklist(Checklist::of(areas, &first, BTreeMap::new()))
                }
                _ => {}
            }
        }
    }

    /// The area chosen in the form, if it asks one from the table.
    pub fn area_slug(&self) -> Option<String> {
        self.fields.iter().find_map(|f| match &f.value {
            Value::Area(slug) => Some(slug.clone()),
            _ => None,
        })
    }

    fn checklist_mut(&mut self) -> Option<&mut Checklist> {
        self.fields.iter_mut().find_map(|f| match &mut f.value {
            Value::Checklist(c) => Some(c),
            _ => None,
        })
    }

    /// The focused field's checklist, if it is one.
    pub fn focused_checklist(&self) -> Option<&Checklist> {
        match self.focused().map(|f| &f.value) {
            Some(Value::Checklist(c)) => Some(c),
            _ => None,
        }
    }

    fn focused_checklist_mut(&mut self) -> Option<&mut Checklist> {
        match self.fields.get_mut(self.focus) {
            Some(FormField {
                value: Value::Checklist(c),
                error,
                ..
            }) => {
                *error = None;
                Some(c)
            }
            _ => None,
        }
    }

    /// The focus is on the checklist, the cursor on an item (not in its remark).
    pub fn on_check_item(&self) -> bool {
        self.focused_checklist().is_some_and(|c| !c.editing)
    }

    /// The focus is in an item's remark.
    pub fn on_remark(&self) -> bool {
        self.focused_checklist().is_some_and(|c| c.editing)
    }

    /// Space / Right / Left on an item: its next or previous finding.
    pub fn cycle_check(&mut self, forward: bool) {
        if let Some(c) = self.focused_checklist_mut() {
            c.cycle(forward);
        }
    }

    /// Enter on an item: edit its remark; Enter in a remark: back to the items.
    pub fn toggle_remark(&mut self) {
        if let Some(c) = self.focused_checklist_mut() {
            c.editing = !c.editing && !c.keys.is_empty();
        }
    }

    /// Up / Down in the checklist: the previous or next item, past the ends the field before
    /// or after it.
    pub fn move_in_checklist(&mut self, down: bool) {
        let moved = self
            .focused_checklist_mut()
            .is_some_and(|c| c.move_by(down));
        if !moved {
            self.next_field(down);
        }
    }

    /// After a refusal: the checklist's cursor on the first item with a remark but no
    /// finding (what the intake refuses), out of its remark.
    pub(super) fn point_checklist(&mut self) {
        if let Some(c) = self.checklist_mut() {
            let first = c.keys.iter().position(|k| {
                c.rows
                    .get(k)
                    .is_some_and(|r| r.result.is_none() && !r.remark.is_empty())
            });
            if let Some(i) = first {
                c.at = i;
                c.editing = false;
            }
        }
    }

    /// Another area chosen: its items listed, what was found and typed kept by key.
    pub(super) fn area_chosen(&mut self, forward: bool, areas: &Areas) {
        let Some(FormField {
            value: Value::Area(slug),
            ..
        }) = self.fields.get_mut(self.focus)
        else {
            return;
        };
        let all = areas.all();
        if all.is_empty() {
            return;
        }
        let i = all.iter().position(|a| a.slug == *slug).unwrap_or(0);
        let n = all.len();
        let next = &all[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        *slug = next.slug.clone();
        let slug = next.slug.clone();
        if let Some(c) = self.checklist_mut() {
            let rows = std::mem::take(&mut c.rows);
            *c = Checklist::of(areas, &slug, rows);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keys::KeyCode;

    fn list(area: &str) -> Checklist {
        Checklist::of(&Areas::default(), area, BTreeMap::new())
    }

    #[test]
    fn space_cycles_ok_problem_na_and_back_to_not_checked() {
        let mut c = list("rooftop");
        let mut seen = Vec::new();
        for _ in 0..4 {
            c.cycle(true);
            seen.push(c.row(0).unwrap().result);
        }
        assert_eq!(
            seen,
            [
                Some(Outcome::Ok),
                Some(Outcome::Problem),
                Some(Outcome::Na),
                None
            ]
        );
        c.cycle(false);
        assert_eq!(c.row(0).unwrap().result, Some(Outcome::Na));
    }

    #[test]
    fn a_typed_character_starts_the_remark_and_the_lines_are_the_intakes() {
        let mut c = list("rooftop");
        c.cycle(true);
        c.cycle(true);
        assert!(c.edit(Key::ch('门')));
        assert!(c.editing);
        assert!(c.edit(Key::ch(' ')));
        assert!(c.edit(Key::ch('锁')));
        assert!(c.move_by(true));
        assert!(!c.editing);
        c.cycle(true);
        assert_eq!(c.lines(), "door_opens=problem:门 锁\nillegal_structures=ok");
        // Space on an item (not editing) is not typed: it cycles (the keymap's).
        assert!(!c.edit(Key::new(KeyCode::Backspace)));
    }

    #[test]
    fn the_cursor_stops_at_the_ends() {
        let mut c = list("elevator");
        assert!(!c.move_by(false));
        assert!(c.move_by(true));
        assert!(c.move_by(true));
        assert!(!c.move_by(true));
        assert_eq!(c.at, 2);
    }
}
