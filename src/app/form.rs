//! Forms: a new record of the current tab, or the details a lifecycle step needs. Fields are
//! checked with the same domain functions the command line uses (`domain::text`, slugs,
//! `parse_time`); an invalid field is marked in place and nothing is written.

use super::actions::ActKind;
use super::input::TextInput;
use super::keys::Key;
use crate::domain::suggest_category;
use crate::domain::text::{
    MAX_SHORT_CHARS, MAX_TEXT_CHARS, optional_text, phone, required_text, room,
};
use crate::domain::time::{Direction, parse_time};
use crate::domain::*;
use crate::i18n::tui::{T, rule_error};
use crate::i18n::{Label, Lang};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FieldId {
    Summary,
    Location,
    Category,
    CallKind,
    Channel,
    Class,
    Name,
    Reporter,
    Room,
    Phone,
    Appointment,
    At,
    To,
    Difficulty,
    CallbackForm,
    Satisfaction,
    Fee,
    Note,
    Watch,
    Reason,
    /// Handover: the incoming person.
    Incoming,
}

impl FieldId {
    pub fn label(self) -> T {
        match self {
            Self::Summary => T::FieldSummary,
            Self::Location => T::FieldLocation,
            Self::Category => T::FieldCategory,
            Self::CallKind => T::FieldCallKind,
            Self::Channel => T::FieldChannel,
            Self::Class => T::FieldClass,
            Self::Name => T::FieldName,
            Self::Reporter => T::FieldReporter,
            Self::Room => T::FieldRoom,
            Self::Phone => T::FieldPhone,
            Self::Appointment => T::FieldAppointment,
            Self::At => T::FieldAt,
            Self::To => T::FieldTo,
            Self::Difficulty => T::FieldDifficulty,
            Self::CallbackForm => T::FieldCallbackForm,
            Self::Satisfaction => T::FieldSatisfaction,
            Self::Fee => T::FieldFee,
            Self::Note => T::FieldNote,
            Self::Watch => T::FieldWatch,
            Self::Reason => T::FieldReason,
            Self::Incoming => T::FieldIncoming,
        }
    }

    /// The field a domain error names (`RuleError::Field { field, .. }`).
    fn from_rule_field(name: &str) -> Option<Self> {
        Some(match name {
            "summary" => Self::Summary,
            "location" => Self::Location,
            "room" => Self::Room,
            "phone" => Self::Phone,
            "name" => Self::Name,
            "reporter" => Self::Reporter,
            "appointment" => Self::Appointment,
            "at" => Self::At,
            "to" => Self::To,
            "fee" => Self::Fee,
            "note" => Self::Note,
            "watch" => Self::Watch,
            "reason" => Self::Reason,
            "by" => Self::Incoming,
            _ => return None,
        })
    }
}

/// The closed sets a choice field cycles through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Choices {
    LogCategory,
    CallKind,
    Channel,
    /// Not classified yet, then the classes.
    ClassOrNone,
    Class,
    RepairCategory,
    Difficulty,
    CallbackForm,
    Satisfaction,
}

impl Choices {
    pub fn count(self) -> usize {
        match self {
            Self::LogCategory => LogCategory::ALL.len(),
            Self::CallKind => CallKind::ALL.len(),
            Self::Channel => Channel::ALL.len(),
            Self::ClassOrNone => ComplaintClass::ALL.len() + 1,
            Self::Class => ComplaintClass::ALL.len(),
            Self::RepairCategory => RepairCategory::ALL.len(),
            Self::Difficulty => Difficulty::ALL.len(),
            Self::CallbackForm => CallbackForm::ALL.len(),
            Self::Satisfaction => Satisfaction::ALL.len(),
        }
    }

    pub fn label(self, i: usize, lang: Lang) -> &'static str {
        match self {
            Self::LogCategory => LogCategory::ALL[i].label(lang),
            Self::CallKind => CallKind::ALL[i].label(lang),
            Self::Channel => Channel::ALL[i].label(lang),
            Self::ClassOrNone if i == 0 => T::ClassNone.s(lang),
            Self::ClassOrNone => ComplaintClass::ALL[i - 1].label(lang),
            Self::Class => ComplaintClass::ALL[i].label(lang),
            Self::RepairCategory => RepairCategory::ALL[i].label(lang),
            Self::Difficulty => Difficulty::ALL[i].label(lang),
            Self::CallbackForm => CallbackForm::ALL[i].label(lang),
            Self::Satisfaction => Satisfaction::ALL[i].label(lang),
        }
    }
}

fn index_of<S: Slug + PartialEq>(value: S) -> usize {
    S::ALL.iter().position(|v| *v == value).unwrap_or(0)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Text(TextInput),
    Choice(Choices, usize),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub id: FieldId,
    pub value: Value,
    pub required: bool,
    /// Why the value was refused, in the interface language.
    pub error: Option<String>,
}

impl Field {
    fn text(id: FieldId, required: bool) -> Self {
        Self {
            id,
            value: Value::Text(TextInput::default()),
            required,
            error: None,
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

    pub fn is_choice(&self) -> bool {
        matches!(self.value, Value::Choice(..))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormKind {
    New(RecordKind),
    Act(ActKind, #[serde(with = "id_text")] RecordId),
    /// A note from the outgoing shift on the current handover.
    HandoverNote,
    /// The incoming person accepts the handover.
    HandoverSign,
    /// The incoming person refuses it, with a reason.
    HandoverRefuse,
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
    New { new: NewRecord, at: DateTime<Utc> },
    Act { id: RecordId, action: Action },
    HandoverNote { text: String },
    HandoverSign { by: String },
    HandoverRefuse { by: String, reason: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A problem that is not one field's (shown at the bottom of the form).
    pub error: Option<String>,
    /// The record an action form is about, as one line (id and summary).
    pub about: Option<String>,
    /// Repair form: the category was set by the suggestion from the words typed.
    pub suggested: bool,
    /// Repair form: the person chose the category; stop suggesting.
    pub category_chosen: bool,
}

impl Form {
    fn with(kind: FormKind, fields: Vec<Field>) -> Self {
        Self {
            kind,
            fields,
            focus: 0,
            error: None,
            about: None,
            suggested: false,
            category_chosen: false,
        }
    }

    /// The new-record form of a kind: every field but the text has a default, and the cursor
    /// starts in the text.
    pub fn new_record(kind: RecordKind) -> Self {
        use FieldId::*;
        let fields = match kind {
            RecordKind::Call => vec![
                Field::text(Summary, true),
                Field::choice(CallKind, Choices::CallKind, 0),
                Field::choice(Channel, Choices::Channel, 0),
                Field::text(Name, false),
                Field::text(Room, false),
                Field::text(Phone, false),
                Field::choice(Class, Choices::ClassOrNone, 0),
                Field::text(At, false),
            ],
            RecordKind::Repair => vec![
                Field::text(Summary, true),
                Field::text(Location, true),
                Field::choice(
                    Category,
                    Choices::RepairCategory,
                    index_of(RepairCategory::General),
                ),
                Field::text(Room, false),
                Field::text(Phone, false),
                Field::text(Reporter, false),
                Field::text(Appointment, true),
                Field::text(At, false),
            ],
            _ => vec![
                Field::text(Summary, true),
                Field::choice(Category, Choices::LogCategory, index_of(LogCategory::Note)),
                Field::text(Location, false),
                Field::text(At, false),
            ],
        };
        let kind = match kind {
            RecordKind::Call | RecordKind::Repair => kind,
            _ => RecordKind::Log,
        };
        Self::with(FormKind::New(kind), fields)
    }

    /// The form of a lifecycle step on `record` (possibly without fields: a confirmation).
    pub fn action(act: ActKind, record: &Record) -> Self {
        use FieldId::*;
        let fields = match act {
            ActKind::Dispatch => vec![Field::text(To, true)],
            ActKind::Assess => vec![Field::choice(Difficulty, Choices::Difficulty, 0)],
            ActKind::Resolve if record.kind() == RecordKind::Repair => {
                vec![Field::text(Fee, false)]
            }
            ActKind::Callback => vec![
                Field::choice(CallbackForm, Choices::CallbackForm, 0),
                Field::choice(Satisfaction, Choices::Satisfaction, 0),
            ],
            ActKind::Classify => {
                let current = record.class().map(index_of).unwrap_or(0);
                vec![Field::choice(Class, Choices::Class, current)]
            }
            ActKind::Note => vec![Field::text(Note, true)],
            ActKind::Watch => vec![Field::text(Watch, true)],
            ActKind::Void => vec![Field::text(Reason, true)],
            ActKind::Arrive
            | ActKind::Reply
            | ActKind::ReplyWritten
            | ActKind::Resolve
            | ActKind::Unwatch => vec![],
        };
        let mut form = Self::with(FormKind::Act(act, record.id), fields);
        form.about = Some(format!("{}  {}", record.id, record.new.summary));
        form
    }

    /// A note for the handover of the current shift change.
    pub fn handover_note() -> Self {
        Self::with(
            FormKind::HandoverNote,
            vec![Field::text(FieldId::Note, true)],
        )
    }

    /// The incoming person signs (or refuses, with a reason) the handover that is due.
    pub fn handover_signature(refuse: bool) -> Self {
        let mut fields = vec![Field::text(FieldId::Incoming, true)];
        if refuse {
            fields.push(Field::text(FieldId::Reason, true));
        }
        let kind = if refuse {
            FormKind::HandoverRefuse
        } else {
            FormKind::HandoverSign
        };
        Self::with(kind, fields)
    }

    pub fn title(&self) -> T {
        match self.kind {
            FormKind::HandoverNote => T::FormHandoverNote,
            FormKind::HandoverSign => T::FormHandoverSign,
            FormKind::HandoverRefuse => T::FormHandoverRefuse,
            FormKind::New(RecordKind::Call) => T::FormNewCall,
            FormKind::New(RecordKind::Repair) => T::FormNewRepair,
            FormKind::New(_) => T::FormNewLog,
            FormKind::Act(act, _) => super::act_title(act),
        }
    }

    fn find(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    fn find_mut(&mut self, id: FieldId) -> Option<&mut Field> {
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
        if let Some(Field {
            value: Value::Choice(_, i),
            ..
        }) = self.find_mut(id)
        {
            *i = index;
        }
    }

    /// Whether a field is shown: the class only for complaints, the appointment only for paid
    /// repairs.
    pub fn visible(&self, id: FieldId) -> bool {
        match (self.kind, id) {
            (FormKind::New(RecordKind::Call), FieldId::Class) => {
                CallKind::ALL[self.choice(FieldId::CallKind)] == CallKind::Complaint
            }
            (FormKind::New(RecordKind::Repair), FieldId::Appointment) => {
                RepairCategory::ALL[self.choice(FieldId::Category)] == RepairCategory::Paid
            }
            _ => true,
        }
    }

    pub fn visible_fields(&self) -> impl Iterator<Item = (usize, &Field)> {
        self.fields
            .iter()
            .enumerate()
            .filter(|(_, f)| self.visible(f.id))
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    pub fn focus_on_choice(&self) -> bool {
        self.focused().is_some_and(Field::is_choice)
    }

    /// Typed text that would be lost.
    pub fn unsaved(&self) -> bool {
        self.fields
            .iter()
            .any(|f| matches!(&f.value, Value::Text(t) if !t.is_empty()))
    }

    pub fn next_field(&mut self, forward: bool) {
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

    /// Cycle the focused choice.
    pub fn cycle(&mut self, forward: bool) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
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
        if let Some(Field {
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

    /// Repair form: suggest the urgent category from the words typed, until the person picks
    /// one.
    fn suggest(&mut self) {
        if self.kind != FormKind::New(RecordKind::Repair) || self.category_chosen {
            return;
        }
        let words = format!(
            "{} {}",
            self.text(FieldId::Summary),
            self.text(FieldId::Location)
        );
        match suggest_category(&words) {
            Some(category) => {
                self.set_choice(FieldId::Category, index_of(category));
                self.suggested = true;
            }
            None if self.suggested => {
                self.set_choice(FieldId::Category, index_of(RepairCategory::General));
                self.suggested = false;
            }
            None => {}
        }
    }

    fn mark(&mut self, id: FieldId, message: String) {
        if let Some(f) = self.find_mut(id) {
            f.error = Some(message);
        }
    }

    fn check<V>(&mut self, id: FieldId, result: Result<V, RuleError>, lang: Lang) -> Option<V> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.mark(id, rule_error(lang, &e));
                None
            }
        }
    }

    /// A refusal from the store after the form looked valid: mark the field it names, or say
    /// it at the bottom of the form.
    pub fn refused(&mut self, error: &RuleError, lang: Lang) {
        let field = match error {
            RuleError::Field { field, .. } => FieldId::from_rule_field(field),
            _ => None,
        };
        match field {
            Some(id) if self.find(id).is_some() && self.visible(id) => {
                self.mark(id, rule_error(lang, error));
                self.focus_first_error();
            }
            _ => self.error = Some(rule_error(lang, error)),
        }
    }

    fn focus_first_error(&mut self) {
        if let Some(i) = self
            .fields
            .iter()
            .position(|f| f.error.is_some() && self.visible(f.id))
        {
            self.focus = i;
        }
    }

    /// Check every field; on success what to write, else the invalid fields are marked (and
    /// the first focused).
    pub fn submit(
        &mut self,
        policy: &Policy,
        now: DateTime<Utc>,
        lang: Lang,
    ) -> Option<Submission> {
        for f in &mut self.fields {
            f.error = None;
        }
        self.error = None;
        let out = self.build(policy, now, lang);
        if out.is_none() {
            self.focus_first_error();
        }
        out
    }

    fn build(&mut self, policy: &Policy, now: DateTime<Utc>, lang: Lang) -> Option<Submission> {
        use FieldId as F;
        let zone = policy.zone;
        let at_text = self.text(F::At).trim().to_string();
        let at = if at_text.is_empty() {
            Ok(now)
        } else {
            parse_time("at", &at_text, zone, now, Direction::Past)
        };
        let short = |form: &Self, id: FieldId, name: &'static str| {
            optional_text(name, Some(form.text(id)), MAX_SHORT_CHARS)
        };
        match self.kind {
            FormKind::New(RecordKind::Call) => {
                let summary = required_text("summary", self.text(F::Summary), MAX_TEXT_CHARS);
                let summary = self.check(F::Summary, summary, lang);
                let name = short(self, F::Name, "name");
                let name = self.check(F::Name, name, lang);
                let r = room(self.text(F::Room));
                let r = self.check(F::Room, r, lang);
                let p = phone(self.text(F::Phone));
                let p = self.check(F::Phone, p, lang);
                let at = self.check(F::At, at, lang);
                let call_kind = CallKind::ALL[self.choice(F::CallKind)];
                let channel = Channel::ALL[self.choice(F::Channel)];
                let class = match self.choice(F::Class) {
                    0 => None,
                    i if call_kind == CallKind::Complaint => Some(ComplaintClass::ALL[i - 1]),
                    _ => None,
                };
                Some(Submission::New {
                    new: NewRecord {
                        details: CallDetails {
                            call_kind,
                            channel,
                            class,
                        }
                        .into(),
                        summary: summary?,
                        room: r?,
                        location: None,
                        phone: p?,
                        name: name?,
                    },
                    at: at?,
                })
            }
            FormKind::New(RecordKind::Repair) => {
                let summary = required_text("summary", self.text(F::Summary), MAX_TEXT_CHARS);
                let summary = self.check(F::Summary, summary, lang);
                let location = required_text("location", self.text(F::Location), MAX_SHORT_CHARS);
                let location = self.check(F::Location, location, lang);
                let r = room(self.text(F::Room));
                let r = self.check(F::Room, r, lang);
                let p = phone(self.text(F::Phone));
                let p = self.check(F::Phone, p, lang);
                let reporter = short(self, F::Reporter, "reporter");
                let reporter = self.check(F::Reporter, reporter, lang);
                let at = self.check(F::At, at, lang);
                let category = RepairCategory::ALL[self.choice(F::Category)];
                let appointment = if category == RepairCategory::Paid {
                    let text = self.text(F::Appointment).trim().to_string();
                    let parsed = if text.is_empty() {
                        Err(RuleError::Field {
                            field: "appointment",
                            problem: "must not be empty".into(),
                        })
                    } else {
                        parse_time("appointment", &text, zone, now, Direction::Future)
                    };
                    Some(self.check(F::Appointment, parsed, lang)?)
                } else {
                    None
                };
                Some(Submission::New {
                    new: NewRecord {
                        details: RepairDetails {
                            category,
                            appointment,
                        }
                        .into(),
                        summary: summary?,
                        room: r?,
                        location: Some(location?),
                        phone: p?,
                        name: reporter?,
                    },
                    at: at?,
                })
            }
            FormKind::New(_) => {
                let summary = required_text("summary", self.text(F::Summary), MAX_TEXT_CHARS);
                let summary = self.check(F::Summary, summary, lang);
                let location = short(self, F::Location, "location");
                let location = self.check(F::Location, location, lang);
                let at = self.check(F::At, at, lang);
                Some(Submission::New {
                    new: NewRecord {
                        details: LogDetails {
                            category: LogCategory::ALL[self.choice(F::Category)],
                        }
                        .into(),
                        summary: summary?,
                        room: None,
                        location: location?,
                        phone: None,
                        name: None,
                    },
                    at: at?,
                })
            }
            FormKind::HandoverSign | FormKind::HandoverRefuse => {
                let by = required_text("by", self.text(F::Incoming), MAX_SHORT_CHARS);
                let by = self.check(F::Incoming, by, lang)?;
                if self.kind == FormKind::HandoverSign {
                    return Some(Submission::HandoverSign { by });
                }
                let reason = required_text("reason", self.text(F::Reason), MAX_TEXT_CHARS);
                Some(Submission::HandoverRefuse {
                    by,
                    reason: self.check(F::Reason, reason, lang)?,
                })
            }
            FormKind::HandoverNote => {
                let text = required_text("note", self.text(F::Note), MAX_TEXT_CHARS);
                Some(Submission::HandoverNote {
                    text: self.check(F::Note, text, lang)?,
                })
            }
            FormKind::Act(act, id) => {
                let action = match act {
                    ActKind::Dispatch => {
                        let to = required_text("to", self.text(F::To), MAX_SHORT_CHARS);
                        Action::Dispatch {
                            to: self.check(F::To, to, lang)?,
                        }
                    }
                    ActKind::Arrive => Action::Arrive,
                    ActKind::Assess => Action::Assess {
                        difficulty: Difficulty::ALL[self.choice(F::Difficulty)],
                    },
                    ActKind::Reply => Action::Reply { written: false },
                    ActKind::ReplyWritten => Action::Reply { written: true },
                    ActKind::Resolve => {
                        let fee = short(self, F::Fee, "fee");
                        Action::Resolve {
                            fee: self.check(F::Fee, fee, lang)?,
                        }
                    }
                    ActKind::Callback => Action::Callback {
                        form: CallbackForm::ALL[self.choice(F::CallbackForm)],
                        satisfaction: Satisfaction::ALL[self.choice(F::Satisfaction)],
                    },
                    ActKind::Classify => Action::Classify {
                        class: ComplaintClass::ALL[self.choice(F::Class)],
                    },
                    ActKind::Note => {
                        let text = required_text("note", self.text(F::Note), MAX_TEXT_CHARS);
                        Action::Note {
                            text: self.check(F::Note, text, lang)?,
                        }
                    }
                    ActKind::Watch => {
                        let text = required_text("watch", self.text(F::Watch), MAX_SHORT_CHARS);
                        Action::Watch {
                            instruction: self.check(F::Watch, text, lang)?,
                        }
                    }
                    ActKind::Unwatch => Action::Unwatch,
                    ActKind::Void => {
                        let reason = required_text("reason", self.text(F::Reason), MAX_TEXT_CHARS);
                        Action::Void {
                            reason: self.check(F::Reason, reason, lang)?,
                        }
                    }
                };
                Some(Submission::Act { id, action })
            }
        }
    }
}
