//! Writing: a form saved to the store, and unsaved forms kept as drafts.

use super::form::{Form, FormKind, Submission};
use super::keymap::Mode;
use super::{App, Message, Tab, file_changed_text};
use crate::domain::Action;
use crate::domain::handover::slot_at;
use crate::domain::{Record, RecordId};
use crate::i18n::action_text;
use crate::i18n::tui::{T, store_error};
use crate::store::{Stamp, Store, StoreError};

impl App {
    pub(super) fn save(&mut self, store: &mut Store) {
        let lang = self.lang();
        let (policy, now) = (self.desk.policy.clone(), self.now);
        let Some(form) = &mut self.form else { return };
        let Some(submission) = form.submit(&policy, now, lang) else {
            return;
        };
        if let Submission::HouseholdCallback { room, callback } = submission {
            return self.save_yearly(room, callback, store);
        }
        let done = match &submission {
            Submission::Act { action, .. } => Some(action.clone()),
            Submission::New { .. }
            | Submission::WorkOrder { .. }
            | Submission::FoundRepair { .. }
            | Submission::ShiftNote { .. }
            | Submission::ShiftSign { .. }
            | Submission::ShiftRefuse { .. }
            | Submission::HouseholdCallback { .. } => None,
        };
        let note = match &submission {
            Submission::ShiftNote { .. } => Some(T::NoteAdded.s(lang).to_string()),
            Submission::ShiftSign { by } => Some(format!("{} {by}", T::HandoverSigned.s(lang))),
            Submission::ShiftRefuse { .. } => Some(T::HandoverRefused.s(lang).to_string()),
            Submission::New { .. }
            | Submission::Act { .. }
            | Submission::WorkOrder { .. }
            | Submission::FoundRepair { .. }
            | Submission::HouseholdCallback { .. } => None,
        };
        // A round's problem: the desk stays on the round and says which repair it became.
        let found_in = match &submission {
            Submission::FoundRepair { round, .. } => Some(*round),
            _ => None,
        };
        let stamp = Stamp {
            operator: &self.desk.operator,
            at: now,
            now,
        };
        let defs = self.desk.shift_defs();
        let mut checked = None;
        let result = match submission {
            Submission::New { new, at } => {
                let stamp = Stamp {
                    operator: &self.desk.operator,
                    at,
                    now,
                };
                // A pass against the residents directory: a mismatch marks its field.
                match store.check_against_directory(&new, &form.entries()) {
                    Ok(check) => {
                        checked = check;
                        store.add(new, &stamp, &policy)
                    }
                    Err(e) => Err(e),
                }
            }
            Submission::WorkOrder { call, new } => store
                .batch(|w| w.work_order_of(call, new, &stamp, &policy))
                .map(|(_, repair)| repair),
            Submission::FoundRepair {
                round,
                item,
                details,
                room,
                summary,
            } => store
                .batch(|w| {
                    let found = crate::store::FoundRepair {
                        item: &item,
                        details,
                        room,
                    };
                    w.repair_from_inspection(round, found, |_| summary, &stamp, &policy)
                })
                .map(|(_, repair)| repair),
            Submission::Act { id, action } => {
                // A void or note on a record a wrong clock put in the future is dated at its
                // last event (`domain::time::default_event_time`).
                let last = match action.is_corrective() {
                    true => store.get(id).ok().map(|(r, _)| r.last_event_at),
                    false => None,
                };
                let stamp = Stamp {
                    at: crate::domain::time::default_event_time(true, now, last),
                    ..stamp
                };
                store.act(id, action, &stamp, &policy)
            }
            Submission::ShiftNote { text } => {
                let slot = slot_at(&defs, now, &policy);
                store.act_on_handover(&slot, Action::Note { text }, &stamp, &policy)
            }
            Submission::ShiftSign { by } => store.sign_handover(&defs, &by, &stamp, &policy),
            Submission::ShiftRefuse { by, reason } => {
                store.refuse_handover(&defs, &by, &reason, &stamp, &policy)
            }
            Submission::HouseholdCallback { .. } => unreachable!("saved above"),
        };
        match result {
            Ok(record) if note.is_some() => {
                self.form = None;
                self.mode = Mode::List;
                self.message = Some(Message {
                    text: format!("{}: {}", record.id, note.unwrap_or_default()),
                    error: false,
                });
                self.reload(store);
            }
            Ok(repair) if found_in.is_some() => {
                let round = found_in.unwrap_or(repair.id);
                self.form = None;
                self.mode = Mode::List;
                self.message = Some(Message {
                    text: format!("{round} → {} {}", repair.id, T::FoundRepairSaved.s(lang)),
                    error: false,
                });
                self.reload(store);
                self.show_record(round, store);
            }
            Ok(record) => {
                self.form = None;
                self.mode = Mode::List;
                self.after_write(&record, done.as_ref(), store);
                if let (Some(check), Some(message)) = (&checked, &mut self.message) {
                    message.text.push_str("  ");
                    message
                        .text
                        .push_str(&crate::i18n::residents::directory_check(lang, check));
                }
            }
            Err(StoreError::Rule(e)) => form.refused(&e, lang),
            // The form stays open (and on disk as a draft) whatever the failure.
            Err(StoreError::FileChanged(change, _)) => {
                form.error = Some(file_changed_text(change).s(lang).into());
                self.file_changed = Some(change);
            }
            Err(e) => form.error = Some(store_error(lang, &e)),
        }
    }

    fn after_write(&mut self, record: &Record, action: Option<&Action>, store: &Store) {
        let lang = self.lang();
        let mut text = match action {
            None => format!("{} {}", record.id, T::Saved.s(lang)),
            Some(a) => format!("{}: {}", record.id, action_text(a, lang)),
        };
        if let Some(earlier) = record.repeat_of {
            text.push_str(&format!("  {} {earlier}", T::RepeatOf.s(lang)));
        }
        self.message = Some(Message { text, error: false });
        self.reload(store);
        self.show_record(record.id, store);
    }

    /// Select a record in the current list, going back to the top of the list if it is not in
    /// the window.
    fn show_record(&mut self, id: RecordId, store: &Store) {
        if !self.list_mut().select_id(id) {
            self.list_mut().reset();
            self.list_mut().stale = true;
            self.ensure_loaded(store);
            self.list_mut().select_id(id);
        }
        self.load_detail(store);
    }

    // ----- drafts ----------------------------------------------------------------------------

    /// A form left unsaved last time (a dropped connection, a crash): open it again.
    pub(super) fn restore_draft(&mut self, form: Form, store: &Store) {
        let tab = match form.kind {
            FormKind::New(kind) => Tab::of_kind(kind),
            FormKind::Act(_, id) | FormKind::WorkOrder(id) | FormKind::FoundRepair(id) => {
                Tab::of_kind(id.kind)
            }
            FormKind::ShiftNote | FormKind::ShiftSign | FormKind::ShiftRefuse => Some(Tab::Shift),
            // Back over the yearly callbacks it was typed in, on its household.
            FormKind::HouseholdCallback => {
                self.open_yearly(form.household.clone(), store);
                None
            }
        };
        if let Some(tab) = tab {
            self.tab = tab;
            self.ensure_loaded(store);
            if let FormKind::Act(_, id) | FormKind::WorkOrder(id) | FormKind::FoundRepair(id) =
                form.kind
            {
                self.show_record(id, store);
            }
            self.load_detail(store);
        }
        self.drafted = Some(form.clone());
        self.form = Some(form);
        self.mode = Mode::Form;
        self.message = Some(Message {
            text: T::DraftRestored.s(self.lang()).into(),
            error: false,
        });
    }

    /// Keep the form's text on disk while it is being typed; forget it once saved or
    /// cancelled. A failed write is said, never fatal.
    pub(super) fn keep_draft(&mut self) {
        let Some(drafts) = &self.drafts else { return };
        let wanted = self.form.as_ref().filter(|f| f.unsaved());
        if wanted == self.drafted.as_ref() {
            return;
        }
        let result = match wanted {
            Some(form) => drafts.save(form),
            None => drafts.clear(),
        };
        self.drafted = wanted.cloned();
        if let Err(e) = result {
            self.message = Some(Message {
                text: format!("{} {e}", T::DraftFailed.s(self.lang())),
                error: true,
            });
        }
    }
}
