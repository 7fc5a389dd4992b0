//! Forms: a new record of the current tab, or the details a lifecycle step needs. A new
//! record's fields are its kind's (`domain::intake`, the `add` flags) and are read and checked
//! by the same intake as the command line's; an invalid field is marked in place and nothing
//! is written. Checking and building what to write: `submit.rs`.

mod checklist;
mod found;
mod lookup;
mod submit;

pub use checklist::{CheckRow, Checklist};
pub use found::{FoundItem, NoRepair};
pub use lookup::{Lookup, Match};

use super::actions::ActKind;
use super::input::TextInput;
use super::keys::Key;
use crate::domain::intake::{Entries, FieldSpec, Input};
use crate::domain::kinds::inspection::areas::Areas;
use crate::domain::*;
use crate::i18n::Lang;
use crate::i18n::tui::T;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A form's field is a domain field; its label is in `i18n::problems`.
pub use crate::domain::Field as FieldId;

pub use crate::domain::intake::Choices;

fn index_of<S: Slug + PartialEq>(value: S) -> usize {
    S::ALL.iter().position(|v| *v == value).unwrap_or(0)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Text(TextInput),
    Choice(Choices, usize),
    /// Every value of a set to tick (`Input::Checklist`): which are ticked, and the one the
    /// cursor is on.
    Ticks(Choices, Vec<bool>, usize),
    /// An inspection area of the table (its slug), chosen like a choice.
    Area(String),
    /// The chosen area's check items, one a line (`checklist.rs`).
    Checklist(Checklist),
    /// A round's problems that may become a repair, and the one chosen (`found.rs`).
    Found(Vec<FoundItem>, usize),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormField {
    pub id: FieldId,
    pub value: Value,
    pub required: bool,
    /// Why the value was refused, in the interface language.
    pub error: Option<String>,
}

impl FormField {
    fn text(id: FieldId, required: bool) -> Self {
        Self {
            id,
            value: Value::Text(TextInput::default()),
            required,
            error: None,
        }
    }

    fn text_area(id: FieldId, required: bool) -> Self {
        Self {
            value: Value::Text(TextInput::multiline()),
            ..Self::text(id, required)
        }
    }

    fn choice(id: FieldId, choices: Choices, index: usize) -> Self {
        Self {
            id,
            value: Value::Choice(choices, index),
            required: false,
            error: None,
        }
    }

    /// A field as an intake asks it: a choice at its default, else text.
    fn of(spec: &FieldSpec) -> Self {
        match spec.input {
            Input::Choice { set, default } => {
                Self::choice(spec.field, set, set.parse(default).unwrap_or(0))
            }
            // Free text longer than a name is a text area (a note may have lines).
            Input::Text { max } | Input::Lines { max }
                if max > crate::domain::text::MAX_SHORT_CHARS =>
            {
                Self::text_area(spec.field, spec.required())
            }
            Input::Text { .. }
            | Input::Room
            | Input::Phone
            | Input::Count
            | Input::Time(_)
            | Input::IdNumber
            | Input::Lines { .. } => Self::text(spec.field, spec.required()),
            Input::Checklist { set } => Self {
                id: spec.field,
                value: Value::Ticks(set, vec![false; set.count()], 0),
                required: spec.required(),
                error: None,
            },
        }
    }

    pub fn is_choice(&self) -> bool {
        matches!(
            self.value,
            Value::Choice(..) | Value::Area(_) | Value::Found(..)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormKind {
    New(RecordKind),
    Act(ActKind, #[serde(with = "id_text")] RecordId),
    /// A note from the outgoing shift on the current handover (the saved drafts' name kept).
    #[serde(rename = "HandoverNote")]
    ShiftNote,
    /// The incoming person accepts the handover.
    #[serde(rename = "HandoverSign")]
    ShiftSign,
    /// The incoming person refuses it, with a reason.
    #[serde(rename = "HandoverRefuse")]
    ShiftRefuse,
    /// A repair call's work order: the repair form filled from the call (issue 13 §3).
    WorkOrder(#[serde(with = "id_text")] RecordId),
    /// The repair of a problem an inspection round found (issue 14 §2).
    FoundRepair(#[serde(with = "id_text")] RecordId),
    /// The yearly callback of the household in `Form::household`.
    HouseholdCallback,
}

impl FormKind {
    /// The kind of the record the form writes: a new record's, or the kind of the work order
    /// the call becomes (`KindProps::work_order`). None for a step or a shift form.
    pub fn writes(self) -> Option<RecordKind> {
        match self {
            Self::New(kind) => Some(kind),
            Self::WorkOrder(of) => of.kind.props().work_order,
            Self::FoundRepair(of) => of.kind.props().repairs_found,
            _ => None,
        }
    }
}

/// A record id in a saved draft, as its text.
mod id_text {
    use crate::domain::RecordId;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(id: &RecordId, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&id.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RecordId, D::Error> {
        let text = String::deserialize(d)?;
        RecordId::parse(&text).ok_or_else(|| serde::de::Error::custom("not a record id"))
    }
}

/// What a valid form asks to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Submission {
    New {
        new: NewRecord,
        at: DateTime<Utc>,
    },
    Act {
        id: RecordId,
        action: Action,
    },
    ShiftNote {
        text: String,
    },
    ShiftSign {
        by: String,
    },
    ShiftRefuse {
        by: String,
        reason: String,
    },
    /// The repair written from the repair call `call`.
    WorkOrder {
        call: RecordId,
        new: NewRecord,
    },
    /// The repair of the problem found at `item` of the round `round`.
    FoundRepair {
        round: RecordId,
        item: String,
        details: Details,
        room: Option<String>,
        summary: String,
    },
    /// A household's yearly callback (or a try).
    HouseholdCallback {
        room: String,
        callback: crate::domain::residents::yearly::HouseholdCallback,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// A problem that is not one field's (shown at the bottom of the form).
    pub error: Option<String>,
    /// The record an action form is about, as one line (id and summary).
    pub about: Option<String>,
    /// Repair form: the category was set by the suggestion from the words typed.
    pub suggested: bool,
    /// Repair form: the person chose the category; stop suggesting.
    pub category_chosen: bool,
    /// What the directory holds for the focused field's text (not kept in drafts).
    #[serde(skip)]
    pub lookup: Lookup,
    /// The room of the household a yearly callback form is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household: Option<String>,
    /// What the person must read before acting, under `about` (a household's notes before
    /// its callback: 独居老人, lives alone), wrapped; sanitised when drawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

impl Form {
    fn with(kind: FormKind, fields: Vec<FormField>) -> Self {
        Self {
            kind,
            fields,
            focus: 0,
            error: None,
            about: None,
            suggested: false,
            category_chosen: false,
            lookup: Lookup::Nothing,
            household: None,
            notice: None,
        }
    }

    /// The yearly callback of the household of `room` (`about` names it): how, how it went,
    /// the owner's words (`residents::yearly::FIELDS`, as `residents callback` reads them).
    pub fn household_callback(room: &str, about: String, notice: Option<String>) -> Self {
        let fields = crate::domain::residents::yearly::FIELDS
            .iter()
            .map(FormField::of)
            .collect();
        let mut form = Self::with(FormKind::HouseholdCallback, fields);
        form.household = Some(room.to_string());
        form.about = Some(about);
        form.notice = notice;
        form
    }

    /// The new-record form of a kind: its intake's fields in order (the `add` flags); every
    /// field but the text has a default, and the cursor starts in the text.
    /// A round's form walks the checklist of the estate's `areas`.
    pub fn new_record(kind: RecordKind, areas: &Areas) -> Self {
        let mut form = Self::blank(kind);
        form.walk_checklist(areas);
        form
    }

    /// The new-record form of a kind, before a checklist is walked.
    fn blank(kind: RecordKind) -> Self {
        let fields = kind.intake().fields.iter().map(FormField::of).collect();
        Self::with(FormKind::New(kind), fields)
    }

    /// The form of a lifecycle step on `record` (possibly without fields: a confirmation):
    /// the step's fields (`domain::step`); a fee only where the record takes one, the class
    /// starting at the current one.
    pub fn action(act: ActKind, record: &Record, lang: Lang) -> Self {
        // A resolve form shows the completion fields the record takes: a repair's work order,
        // a complaint's result.
        let resolve = |fee: Option<String>, result: Option<String>| Action::Resolve {
            fee,
            signed: None,
            rating: None,
            work: None,
            materials: None,
            result,
            callback: None,
        };
        let fits = |action: Action| record.apply(&action, record.last_event_at, "desk").is_ok();
        let work_order = fits(resolve(Some("-".into()), None));
        let result = fits(resolve(None, Some("-".into())));
        let takes = |field: FieldId| match field {
            FieldId::Fee | FieldId::Work | FieldId::Materials | FieldId::Rating => work_order,
            FieldId::Signed => act != ActKind::Resolve || work_order,
            FieldId::Result => result,
            _ => true,
        };
        let fields = act
            .fields()
            .iter()
            .filter(|spec| takes(spec.field))
            .map(|spec| {
                let mut field = FormField::of(spec);
                if spec.field == FieldId::Class
                    && let Some(class) = record.class()
                    && let Value::Choice(set, i) = &mut field.value
                {
                    *i = set.parse(class.slug()).unwrap_or(0);
                }
                field
            })
            .collect();
        let mut form = Self::with(FormKind::Act(act, record.id), fields);
        let summary = crate::i18n::inspection::summary_text(record, lang);
        form.about = Some(format!("{}  {summary}", record.id));
        form
    }

    /// A repair call's work order: the repair form filled from the call (summary, place,
    /// reporter, phone; the category its words suggest). It is received when the call was, so
    /// it asks no time.
    /// None when no work order is written from a record of the call's kind.
    pub fn work_order(call: &Record) -> Option<Self> {
        let mut form = Self::blank(FormKind::WorkOrder(call.id).writes()?);
        form.kind = FormKind::WorkOrder(call.id);
        let n = &call.new;
        let location = n.location.clone().or_else(|| n.room.clone());
        for (id, value) in [
            (FieldId::Summary, Some(n.summary.clone())),
            (FieldId::Location, location),
            (FieldId::Room, n.room.clone()),
            (FieldId::Phone, n.phone.clone()),
            (FieldId::Reporter, n.name.clone()),
        ] {
            if let (Some(value), Some(field)) = (value, form.find_mut(id)) {
                field.value = Value::Text(TextInput::new(&value));
            }
        }
        if let Some(category) = suggest_category(&n.summary) {
            form.set_choice(FieldId::Category, index_of(category));
            form.suggested = true;
        }
        form.about = Some(format!("{}  {}", call.id, n.summary));
        Some(form)
    }

    /// A note for the handover of the current shift change.
    pub fn handover_note() -> Self {
        Self::with(
            FormKind::ShiftNote,
            vec![FormField::text_area(FieldId::Note, true)],
        )
    }

    /// The incoming person signs (or refuses, with a reason) the handover that is due.
    /// `incoming` prefills the name (the desk's own operator: the incoming person signs from
    /// their own session); `about` names the handover being signed.
    pub fn handover_signature(refuse: bool, incoming: &str, about: String) -> Self {
        let mut name = FormField::text(FieldId::Incoming, true);
        name.value = Value::Text(TextInput::new(incoming));
        let mut fields = vec![name];
        if refuse {
            fields.push(FormField::text(FieldId::Reason, true));
        }
        let kind = if refuse {
            FormKind::ShiftRefuse
        } else {
            FormKind::ShiftSign
        };
        let mut form = Self::with(kind, fields);
        form.about = Some(about);
        form
    }

    pub fn title(&self, lang: Lang) -> &'static str {
        match self.kind {
            FormKind::ShiftNote => T::FormHandoverNote.s(lang),
            FormKind::ShiftSign => T::FormHandoverSign.s(lang),
            FormKind::ShiftRefuse => T::FormHandoverRefuse.s(lang),
            FormKind::New(kind) => crate::i18n::kinds::form_title(kind, lang),
            FormKind::Act(act, _) => super::act_title(act).s(lang),
            FormKind::WorkOrder(_) => T::FormWorkOrder.s(lang),
            FormKind::FoundRepair(_) => T::FormFoundRepair.s(lang),
            FormKind::HouseholdCallback => T::FormYearlyCallback.s(lang),
        }
    }

    /// A field's label on this form: its own (`i18n::problems::field_label`), but a yearly
    /// callback's satisfaction is its result (结果): it offers "no answer" too. The stored
    /// value and the repair callback's label stay as they are.
    pub fn label(&self, id: FieldId, lang: Lang) -> &'static str {
        match (self.kind, id) {
            (FormKind::HouseholdCallback, FieldId::Satisfaction) => T::FieldCallbackResult.s(lang),
            _ => crate::i18n::problems::field_label(lang, id),
        }
    }

    fn find(&self, id: FieldId) -> Option<&FormField> {
        self.fields.iter().find(|f| f.id == id)
    }

    fn find_mut(&mut self, id: FieldId) -> Option<&mut FormField> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    pub fn text(&self, id: FieldId) -> &str {
        match self.find(id).map(|f| &f.value) {
            Some(Value::Text(t)) => t.value(),
            _ => "",
        }
    }

    pub fn choice(&self, id: FieldId) -> usize {
        match self.find(id).map(|f| &f.value) {
            Some(Value::Choice(_, i)) => *i,
            _ => 0,
        }
    }

    fn set_choice(&mut self, id: FieldId, index: usize) {
        if let Some(FormField {
            value: Value::Choice(_, i),
            ..
        }) = self.find_mut(id)
        {
            *i = index;
        }
    }

    /// Whether a field is shown: as the kind's intake asks (the class only for complaints,
    /// the appointment only for paid repairs).
    pub fn visible(&self, id: FieldId) -> bool {
        match self.kind {
            FormKind::New(kind) => kind
                .intake()
                .fields
                .iter()
                .find(|spec| spec.field == id)
                .is_none_or(|spec| spec.applies(&self.entries())),
            FormKind::Act(act, _) => act
                .fields()
                .iter()
                .find(|spec| spec.field == id)
                .is_none_or(|spec| spec.applies(&self.entries())),
            FormKind::ShiftNote
            | FormKind::ShiftSign
            | FormKind::ShiftRefuse
            | FormKind::FoundRepair(_)
            | FormKind::HouseholdCallback => true,
            // Received when the call was: no time of its own.
            FormKind::WorkOrder(_) if id == FieldId::At => false,
            FormKind::WorkOrder(_) => self.kind.writes().is_none_or(|kind| {
                kind.intake()
                    .fields
                    .iter()
                    .find(|spec| spec.field == id)
                    .is_none_or(|spec| spec.applies(&self.entries()))
            }),
        }
    }

    /// What is typed and chosen, by field (blank text and "none" left out).
    pub fn entries(&self) -> Entries {
        let mut e = Entries::default();
        for f in &self.fields {
            match &f.value {
                Value::Text(t) if !t.value().trim().is_empty() => e.set(f.id, t.value()),
                Value::Choice(set, i) if !set.slug(*i).is_empty() => e.set(f.id, set.slug(*i)),
                Value::Ticks(set, ticked, _) if ticked.contains(&true) => {
                    let slugs: Vec<&str> = (0..ticked.len())
                        .filter(|i| ticked[*i])
                        .map(|i| set.slug(i))
                        .collect();
                    e.set(f.id, slugs.join(","));
                }
                Value::Area(slug) => e.set(f.id, slug),
                Value::Checklist(c) if c.unsaved() => e.set(f.id, c.lines()),
                Value::Found(items, at) if *at < items.len() => e.set(f.id, &items[*at].key),
                Value::Text(_)
                | Value::Choice(..)
                | Value::Ticks(..)
                | Value::Checklist(_)
                | Value::Found(..) => {}
            }
        }
        e
    }

    pub fn visible_fields(&self) -> impl Iterator<Item = (usize, &FormField)> {
        self.fields
            .iter()
            .enumerate()
            .filter(|(_, f)| self.visible(f.id))
    }

    pub fn focused(&self) -> Option<&FormField> {
        self.fields.get(self.focus)
    }

    /// The focused field is a choice or ticks (Left/Right move).
    pub fn focus_on_choice(&self) -> bool {
        self.focused()
            .is_some_and(|f| f.is_choice() || matches!(f.value, Value::Ticks(..)))
    }

    pub fn focus_on_ticks(&self) -> bool {
        self.focused()
            .is_some_and(|f| matches!(f.value, Value::Ticks(..)))
    }

    /// Tick (or untick) the value under the cursor of the focused ticks.
    pub fn tick(&mut self) {
        if let Some(FormField {
            value: Value::Ticks(_, ticked, at),
            error,
            ..
        }) = self.fields.get_mut(self.focus)
        {
            if let Some(t) = ticked.get_mut(*at) {
                *t = !*t;
            }
            *error = None;
        }
    }

    /// Typed text that would be lost.
    pub fn unsaved(&self) -> bool {
        self.fields.iter().any(|f| match &f.value {
            Value::Text(t) => !t.is_empty(),
            Value::Checklist(c) => c.unsaved(),
            _ => false,
        })
    }

    pub fn next_field(&mut self, forward: bool) {
        if let Some(Value::Checklist(c)) = self.fields.get_mut(self.focus).map(|f| &mut f.value) {
            c.editing = false;
        }
        let n = self.fields.len();
        if n == 0 {
            return;
        }
        let mut i = self.focus;
        for _ in 0..n {
            i = if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            if self.visible(self.fields[i].id) {
                self.focus = i;
                return;
            }
        }
    }

    /// Cycle the focused choice (an area among the estate's `areas`).
    pub fn cycle(&mut self, forward: bool, areas: &Areas) {
        if self.cycle_found(forward) {
            return;
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        if let Value::Ticks(_, ticked, at) = &mut field.value {
            let n = ticked.len().max(1);
            *at = if forward {
                (*at + 1) % n
            } else {
                (*at + n - 1) % n
            };
            return;
        }
        if let Value::Area(_) = field.value {
            field.error = None;
            self.area_chosen(forward, areas);
            return;
        }
        if let Value::Choice(choices, i) = &mut field.value {
            let n = choices.count();
            *i = if forward {
                (*i + 1) % n
            } else {
                (*i + n - 1) % n
            };
            field.error = None;
            if field.id == FieldId::Category {
                self.category_chosen = true;
                self.suggested = false;
            }
        }
    }

    /// An editing key for the focused text field; false if it was not one.
    pub fn edit(&mut self, key: Key) -> bool {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        if let Value::Checklist(c) = &mut field.value {
            field.error = None;
            return c.edit(key);
        }
        let Value::Text(input) = &mut field.value else {
            return false;
        };
        let before = input.value().to_string();
        if !input.edit(key) {
            return false;
        }
        if input.value() != before {
            field.error = None;
            self.suggest();
        }
        true
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(FormField {
            value: Value::Checklist(c),
            error,
            ..
        }) = self.fields.get_mut(self.focus)
        {
            c.paste(text);
            *error = None;
            return;
        }
        if let Some(FormField {
            value: Value::Text(input),
            error,
            ..
        }) = self.fields.get_mut(self.focus)
        {
            input.insert_str(text);
            *error = None;
            self.suggest();
        }
    }

    /// A kind that suggests its category from the words typed (repairs: the urgent ones)
    /// does so until the person picks one.
    fn suggest(&mut self) {
        let Some(kind) = self.kind.writes() else {
            return;
        };
        let Some(suggest) = kind.intake().suggest else {
            return;
        };
        if self.category_chosen {
            return;
        }
        let words = format!(
            "{} {}",
            self.text(FieldId::Summary),
            self.text(FieldId::Location)
        );
        let Some(Value::Choice(set, _)) = self.find(FieldId::Category).map(|f| f.value.clone())
        else {
            return;
        };
        match suggest(&words) {
            Some(category) => {
                self.set_choice(FieldId::Category, set.parse(category).unwrap_or(0));
                self.suggested = true;
            }
            None if self.suggested => {
                let default = kind
                    .intake()
                    .fields
                    .iter()
                    .find_map(|spec| match spec.input {
                        Input::Choice { default, .. } if spec.field == FieldId::Category => {
                            Some(default)
                        }
                        _ => None,
                    })
                    .unwrap_or("");
                self.set_choice(FieldId::Category, set.parse(default).unwrap_or(0));
                self.suggested = false;
            }
            None => {}
        }
    }
}
