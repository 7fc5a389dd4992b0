//! Reading what the desk shows: the lists, the detail, the handover, the attention counts;
//! and following the clock and other processes.

use super::list::Source;
use super::{App, Detail, Message, Tab, live};
use crate::domain::deadline::deadlines;
use crate::domain::handover::slot_at;
use crate::i18n::tui::store_error;
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};

impl App {
    // ----- loading -------------------------------------------------------------------------

    pub(super) fn report(&mut self, result: Result<(), StoreError>) {
        if let Err(e) = result {
            self.message = Some(Message {
                text: store_error(self.lang(), &e),
                error: true,
            });
        }
    }

    pub(super) fn ensure_loaded(&mut self, store: &Store) {
        let now = self.now;
        if self.list().stale {
            let r = self.list_mut().load(store, now);
            self.report(r);
        }
    }

    /// Everything changed (startup, a write, another process): reload what is on screen, mark
    /// the other tabs stale.
    pub(super) fn reload(&mut self, store: &Store) {
        for list in &mut self.lists {
            list.stale = true;
        }
        self.ensure_loaded(store);
        self.refresh_attention(store, false);
        self.load_handover(store);
        self.load_rounds(store);
        self.detail = None;
        self.load_detail(store);
        self.recompute_next_change();
        self.dirty = true;
    }

    /// The coming handover's record, whether the last one is unsigned, and (on the handover
    /// tab only: it reads every open record) the compiled draft.
    pub(super) fn load_handover(&mut self, store: &Store) {
        let defs = self.desk.shift_defs();
        let policy = self.desk.policy.clone();
        let slot = slot_at(&defs, self.now, &policy);
        self.handover_slot = slot.clone();
        let result = (|| -> Result<(), StoreError> {
            self.handover = store.handover_at(slot.boundary)?;
            self.unsigned_previous = store.unsigned_previous(&defs, &slot, self.now, &policy)?;
            self.handover_draft = if self.tab == Tab::Shift {
                Some(store.handover_draft(&defs, &slot, self.now, &policy, &self.desk.operator)?)
            } else {
                None
            };
            Ok(())
        })();
        self.report(result);
    }

    pub(super) fn load_detail(&mut self, store: &Store) {
        // Reading the handover's notes (tab 4, `v`): its record stays in the detail.
        let reading = self.zoom && self.reading_handover;
        let reading = reading
            .then(|| self.handover.as_ref().map(|h| h.id))
            .flatten();
        let Some(id) = reading.or_else(|| self.list().selected_id()) else {
            self.detail = None;
            return;
        };
        if self.detail.as_ref().is_some_and(|d| d.record.id == id) {
            return;
        }
        self.detail_scroll = 0;
        match store.get(id) {
            Ok((record, events)) => self.detail = Some(Detail { record, events }),
            Err(e) => {
                self.detail = None;
                self.report(Err(e));
            }
        }
    }

    /// The overdue/soon counts; rings the bell when time (not an edit) raised them.
    fn refresh_attention(&mut self, store: &Store, by_time: bool) {
        match store.attention(self.now) {
            Ok(counts) => {
                let rose = counts.0 > self.attention.0 || counts.1 > self.attention.1;
                if by_time && rose && self.desk.config.bell {
                    self.bell = true;
                }
                if counts != self.attention {
                    self.dirty = true;
                }
                self.attention = counts;
            }
            Err(e) => self.report(Err(e)),
        }
        match store.next_attention_change(self.now) {
            Ok(t) => self.attention_change = t,
            Err(e) => self.report(Err(e)),
        }
    }

    pub(super) fn recompute_next_change(&mut self) {
        let policy = &self.desk.policy;
        let now = self.now;
        let list = self.list();
        let (start, rows) = list.entries();
        let top = list.view_top.get().max(start);
        let shown = list.view_rows.get().max(1) + 1;
        let from = top - start;
        let visible = rows
            .iter()
            .skip(from)
            .take(shown)
            .filter_map(crate::store::Entry::record);
        let detail = self.detail.as_ref().map(|d| &d.record);
        self.next_change = visible
            .chain(detail)
            .filter_map(|r| live::next_deadline_change(&deadlines(r, policy), now))
            .min();
    }

    // ----- time and other processes ----------------------------------------------------------

    /// The clock moved on. Redraws only if something shown changed; reloads only when a
    /// deadline on screen changed state or the attention counts moved.
    pub fn on_time(&mut self, now: DateTime<Utc>, store: &Store) {
        if now <= self.now {
            return;
        }
        let minute_passed = now >= live::next_minute(self.now);
        let change_due = self.next_change.is_some_and(|t| now >= t)
            || self.attention_change.is_some_and(|t| now >= t);
        self.now = now;
        if now >= self.shift.end {
            self.shift = self.desk.shift_at(now);
            self.lists[Tab::Shift.index()].source = Source::DueBefore(self.shift.end);
            self.lists[Tab::Shift.index()].stale = true;
            self.ensure_loaded(store);
            self.dirty = true;
        }
        // The handover the panel means moves on around each shift change.
        if slot_at(&self.desk.shift_defs(), now, &self.desk.policy) != self.handover_slot {
            self.load_handover(store);
            self.dirty = true;
        }
        if self.rounds_day_turned() {
            self.load_rounds(store);
            self.dirty = true;
        }
        if minute_passed || change_due {
            let before = self.attention;
            self.refresh_attention(store, true);
            if change_due || before != self.attention {
                // Order and colours depend on the time: overdue rows come first.
                self.list_mut().stale = true;
                self.ensure_loaded(store);
                self.detail = None;
                self.load_detail(store);
            }
            self.dirty = true;
        }
        self.recompute_next_change();
    }

    /// This process wrote outside the app (the escalation of old complaints): show it.
    pub fn refresh(&mut self, store: &Store) {
        self.reload(store);
    }

    /// Another process may have written: `PRAGMA data_version` tells cheaply.
    pub fn poll_store(&mut self, store: &Store) {
        self.check_file(store);
        let Ok(version) = store.data_version() else {
            return;
        };
        if self.data_version != Some(version) {
            self.data_version = Some(version);
            self.reload(store);
            // Another desk may have recorded a household's callback.
            if self.yearly.is_some() {
                self.read_yearly(store);
            }
        }
    }

    /// Whether the database path still names the file the desk opened (an `rm`, a restore).
    pub fn check_file(&mut self, store: &Store) {
        let changed = match store.check_file() {
            Err(StoreError::FileChanged(change, _)) => Some(change),
            _ => None,
        };
        if changed != self.file_changed {
            self.file_changed = changed;
            self.dirty = true;
        }
    }
}
