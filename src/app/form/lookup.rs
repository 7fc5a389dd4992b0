//! Lookup as you type: in a form's room, phone or name field, the households of the residents
//! directory that match what is typed (a room from its start, a whole phone or its last 4
//! digits, a name or its pinyin initials), each with its room's open matters and its records of
//! the last 90 days. Ctrl-L / F3 fills the form's name, phone and room from the chosen one
//! (Enter keeps meaning "save"). A whole phone the directory does not hold says so.

use super::{FieldId, Form, Value};
use crate::app::input::TextInput;
use crate::domain::residents::{Household, looks_like_initials, phone as parse_phone};
use crate::store::Store;
use chrono::{DateTime, Duration, Utc};

/// The most households a lookup shows.
pub const MAX_MATCHES: usize = 3;

/// How far back a room's records count as recent (the card's window).
pub const RECENT_DAYS: i64 = 90;

/// One household found, with its room's activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// As the directory holds it (what a fill writes into the form).
    pub household: Household,
    /// The room's open records.
    pub open: i64,
    /// The room's records received in the last 90 days.
    pub recent: i64,
}

/// What the focused field's text found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Lookup {
    #[default]
    Nothing,
    /// Households matching the text of `field`; `selected` is the one a fill takes.
    Found {
        field: FieldId,
        matches: Vec<Match>,
        /// More households matched than are shown.
        more: bool,
        selected: usize,
    },
    /// A whole phone number in `field` that no household has.
    NotInDirectory { field: FieldId },
    /// Under a pass's checks: what the directory holds for the form's room to tick against
    /// (family members, employer; whether an ID number is on file, never the number).
    OnFile {
        field: FieldId,
        family: Option<String>,
        employer: Option<String>,
        id_number: bool,
    },
}

impl Lookup {
    /// Whether the lookup is about this field (it is shown under it while it has the focus).
    pub fn about(&self, id: FieldId) -> bool {
        match self {
            Self::Nothing => false,
            Self::Found { field, .. }
            | Self::NotInDirectory { field }
            | Self::OnFile { field, .. } => *field == id,
        }
    }

    /// Rows it takes under its field.
    pub fn rows(&self) -> usize {
        match self {
            Self::Nothing => 0,
            Self::Found { matches, more, .. } => matches.len() + usize::from(*more),
            Self::NotInDirectory { .. } | Self::OnFile { .. } => 1,
        }
    }
}

/// The fields a lookup runs in: a room, a phone, a person's name.
pub fn looks_up(id: FieldId) -> bool {
    matches!(
        id,
        FieldId::Room | FieldId::Phone | FieldId::Name | FieldId::Reporter | FieldId::Owner
    )
}

/// What the text of a field asks the directory, if anything: a phone field only a whole
/// number or its last 4 digits; a name field initials or Chinese; a room field a room start.
fn query(id: FieldId, text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let digits = t.chars().filter(char::is_ascii_digit).count();
    match id {
        FieldId::Phone => (digits == 4 || parse_phone(t).is_ok()).then(|| t.to_string()),
        FieldId::Room => crate::domain::text::room(t)
            .ok()
            .flatten()
            .filter(|_| t.contains('-') || digits >= 3)
            .map(|_| t.to_string()),
        _ => (looks_like_initials(t) && t.len() >= 2 || !t.is_ascii()).then(|| t.to_string()),
    }
}

impl Form {
    /// Look the focused field's text up in the directory (after each edit).
    pub fn look_up(&mut self, store: &Store, now: DateTime<Utc>) {
        self.lookup = Lookup::Nothing;
        let Some(field) = self.focused() else {
            return;
        };
        let id = field.id;
        if matches!(id, FieldId::Checked | FieldId::CallerId) {
            self.lookup = self.on_file(id, store);
            return;
        }
        let Value::Text(input) = &field.value else {
            return;
        };
        if !looks_up(id) {
            return;
        }
        let Some(text) = query(id, input.value()) else {
            return;
        };
        let Ok(found) = store.find_households(&text, MAX_MATCHES + 1) else {
            return;
        };
        if found.is_empty() {
            if id == FieldId::Phone && parse_phone(&text).is_ok() {
                self.lookup = Lookup::NotInDirectory { field: id };
            }
            return;
        }
        let more = found.len() > MAX_MATCHES;
        let since = now - Duration::days(RECENT_DAYS);
        let matches = found
            .into_iter()
            .take(MAX_MATCHES)
            .map(|household| {
                let (open, recent) = store
                    .room_activity(&household.room, since)
                    .unwrap_or((0, 0));
                Match {
                    household,
                    open,
                    recent,
                }
            })
            .collect();
        self.lookup = Lookup::Found {
            field: id,
            matches,
            more,
            selected: 0,
        };
    }

    /// What the directory holds for the form's room, to tick a pass's checks against.
    fn on_file(&self, id: FieldId, store: &Store) -> Lookup {
        let room = crate::domain::text::room(self.text(FieldId::Room))
            .ok()
            .flatten();
        match room.and_then(|r| store.household(&r).ok().flatten()) {
            Some(h) => Lookup::OnFile {
                field: id,
                family: h.family,
                employer: h.employer,
                id_number: h.id_number.is_some(),
            },
            None => Lookup::Nothing,
        }
    }

    /// The lookup's matches shown under the focused field, if any.
    pub fn shown_lookup(&self) -> Option<&Lookup> {
        let id = self.focused()?.id;
        self.lookup.about(id).then_some(&self.lookup)
    }

    /// Choose the next (or previous) match; false if no lookup is shown.
    pub fn choose_match(&mut self, forward: bool) -> bool {
        let id = self.focused().map(|f| f.id);
        match &mut self.lookup {
            Lookup::Found {
                field,
                matches,
                selected,
                ..
            } if Some(*field) == id => {
                let n = matches.len();
                *selected = if forward {
                    (*selected + 1) % n
                } else {
                    (*selected + n - 1) % n
                };
                true
            }
            _ => false,
        }
    }

    /// Fill the name, phone and room from the chosen match: its room, or None if no match is
    /// shown.
    pub fn fill_from_lookup(&mut self) -> Option<String> {
        let Some(Lookup::Found {
            matches, selected, ..
        }) = self.shown_lookup()
        else {
            return None;
        };
        let m = matches[*selected].clone();
        let h = &m.household;
        // The phone the caller gave (whole, or its last 4 digits) if it is the household's.
        let typed: String = self
            .text(FieldId::Phone)
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let given = (!typed.is_empty())
            .then(|| h.all_phones().find(|p| p.ends_with(&typed)))
            .flatten();
        let phone = given.or_else(|| h.all_phones().next()).map(str::to_string);
        let by_tenant = phone.is_some() && phone == h.tenant_phone && h.tenant.is_some();
        let name = if by_tenant {
            h.tenant.clone()
        } else {
            h.owner.clone().or_else(|| h.tenant.clone())
        };
        let name_field = [FieldId::Name, FieldId::Reporter, FieldId::Owner]
            .into_iter()
            .find(|id| self.find(*id).is_some());
        let mut fills = vec![
            (Some(FieldId::Room), Some(h.room.clone())),
            (Some(FieldId::Phone), phone),
        ];
        fills.push((name_field, name));
        for (id, value) in fills {
            if let (Some(id), Some(value)) = (id, value)
                && let Some(f) = self.find_mut(id)
                && let Value::Text(input) = &mut f.value
            {
                *input = TextInput::new(&value);
                f.error = None;
            }
        }
        self.lookup = Lookup::Nothing;
        Some(h.room.clone())
    }
}
