//! Checking a form and building what it asks to write: a new record through the one intake
//! (`domain::intake`), a lifecycle step or a handover signature field by field.

use super::{FieldId, Form, FormKind, Submission, Value};
use crate::domain::intake::{self, Entries, Problems};
use crate::domain::text::{MAX_SHORT_CHARS, MAX_TEXT_CHARS, required_text};
use crate::domain::*;
use crate::i18n::Lang;
use crate::i18n::tui::rule_error;
use chrono::{DateTime, Utc};

impl Form {
    fn mark(&mut self, id: FieldId, message: String) {
        if let Some(f) = self.find_mut(id) {
            f.error = Some(message);
        }
    }

    fn check<V>(&mut self, id: FieldId, result: Result<V, RuleError>, lang: Lang) -> Option<V> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.mark(id, self.field_error(lang, &e));
                None
            }
        }
    }

    /// A refusal from the store after the form looked valid: mark the field it names, or say
    /// it at the bottom of the form.
    pub fn refused(&mut self, error: &RuleError, lang: Lang) {
        let field = match error {
            RuleError::Field { field, .. } => Some(*field),
            _ => None,
        };
        match field {
            Some(id) if self.find(id).is_some() && self.visible(id) => {
                self.mark(id, self.field_error(lang, error));
                self.focus_first_error();
            }
            _ => self.error = Some(rule_error(lang, error)),
        }
    }

    /// A refusal for people, naming its field by the label this form gives it (`Form::label`).
    fn field_error(&self, lang: Lang, error: &RuleError) -> String {
        let text = rule_error(lang, error);
        let RuleError::Field { field, .. } = error else {
            return text;
        };
        let (own, here) = (
            crate::i18n::problems::field_label(lang, *field),
            self.label(*field, lang),
        );
        match text.strip_prefix(own) {
            Some(rest) if own != here => format!("{here}{rest}"),
            _ => text,
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
            self.point_checklist();
        }
        out
    }

    /// What is typed and chosen in the fields shown: a hidden field (the appointment of a
    /// repair no longer paid) says nothing.
    fn visible_entries(&self) -> Entries {
        let all = self.entries();
        let mut e = Entries::default();
        for (_, f) in self.visible_fields() {
            e.put(f.id, all.get(f.id));
        }
        e
    }

    /// Every field the intake refused, marked.
    fn refused_all(&mut self, problems: Problems, lang: Lang) {
        for (field, problem) in problems.0 {
            self.refused(&RuleError::field(field, problem), lang);
        }
    }

    fn build(&mut self, policy: &Policy, now: DateTime<Utc>, lang: Lang) -> Option<Submission> {
        use FieldId as F;
        match self.kind {
            FormKind::New(kind) => {
                match intake::new_record(kind, &self.visible_entries(), now, policy) {
                    Ok((new, at)) => Some(Submission::New { new, at }),
                    Err(problems) => {
                        self.refused_all(problems, lang);
                        None
                    }
                }
            }
            FormKind::ShiftSign | FormKind::ShiftRefuse => {
                let by = required_text(F::Incoming, self.text(F::Incoming), MAX_SHORT_CHARS);
                let by = self.check(F::Incoming, by, lang)?;
                if self.kind == FormKind::ShiftSign {
                    return Some(Submission::ShiftSign { by });
                }
                let reason = required_text(F::Reason, self.text(F::Reason), MAX_TEXT_CHARS);
                Some(Submission::ShiftRefuse {
                    by,
                    reason: self.check(F::Reason, reason, lang)?,
                })
            }
            FormKind::ShiftNote => {
                let text = required_text(F::Note, self.text(F::Note), MAX_TEXT_CHARS);
                Some(Submission::ShiftNote {
                    text: self.check(F::Note, text, lang)?,
                })
            }
            FormKind::WorkOrder(call) => {
                let kind = self.kind.writes()?;
                match intake::new_record(kind, &self.visible_entries(), now, policy) {
                    Ok((new, _)) => Some(Submission::WorkOrder { call, new }),
                    Err(problems) => {
                        self.refused_all(problems, lang);
                        None
                    }
                }
            }
            FormKind::FoundRepair(round) => {
                let Some(item) = self.found_item().map(|i| i.key.clone()) else {
                    self.mark(
                        F::Item,
                        rule_error(lang, &RuleError::field(F::Item, Problem::Empty)),
                    );
                    return None;
                };
                let category = match self.find(F::Category).map(|f| &f.value) {
                    Some(Value::Choice(set, i)) => set.slug(*i),
                    _ => "",
                };
                let details = found_details(Some(category), "");
                let details = self.check(F::Category, details, lang);
                let room = crate::domain::text::room(self.text(F::Room));
                let room = self.check(F::Room, room, lang);
                let summary = required_text(F::Summary, self.text(F::Summary), MAX_TEXT_CHARS);
                let summary = self.check(F::Summary, summary, lang);
                Some(Submission::FoundRepair {
                    round,
                    item,
                    details: details?,
                    room: room?,
                    summary: summary?,
                })
            }
            FormKind::HouseholdCallback => {
                let room = self.household.clone()?;
                let read = crate::domain::residents::yearly::HouseholdCallback::read(
                    &self.visible_entries(),
                    now,
                    policy.zone,
                );
                match read {
                    Ok(callback) => Some(Submission::HouseholdCallback { room, callback }),
                    Err(problems) => {
                        self.refused_all(problems, lang);
                        None
                    }
                }
            }
            FormKind::Act(act, id) => match act.action(&self.visible_entries(), now, policy.zone) {
                Ok(action) => Some(Submission::Act { id, action }),
                Err(problems) => {
                    self.refused_all(problems, lang);
                    None
                }
            },
        }
    }
}
