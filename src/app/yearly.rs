//! The yearly household callbacks (`Y` / Ctrl-Y; 回访, DOMAIN.md §4: every occupied household
//! once a year): the households still due this year, read by the same code as `residents
//! callbacks` (`Store::yearly_callbacks`), in the background on the desk like the reviews. What
//! is typed filters the list through the directory's lookup (`Store::find_household_rooms`:
//! a room from its start, a phone or its last 4 digits, pinyin initials). Enter opens the
//! callback form of the selected household; saving goes through `Store::record_household_callback`
//! as `residents callback` does. Tab / F5 shows the households already called back this year
//! instead (their last callback's date and result, as `residents callbacks` without `--due`
//! lists them); Enter on one records another callback (a follow-up: the store and the CLI take
//! it, and the household is still counted once).

use super::input::TextInput;
use super::keymap::Mode;
use super::{App, Message};
use crate::domain::residents::yearly::{HouseholdCallback, YearlyRate, YearlyRow, this_year};
use crate::i18n::tui::{T, store_error};
use crate::store::{Access, OpenOptions, PlannerStats, Store, StoreError};
use std::collections::HashSet;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The most rooms a filter asks the directory for (more than any estate holds).
const FILTER_ROOMS: usize = 1_000_000;

/// This year's callbacks as read: the rate, the households still due and those already
/// called back, each in room order.
#[derive(Debug, Clone, PartialEq)]
pub struct DueList {
    pub rate: YearlyRate,
    pub due: Vec<YearlyRow>,
    pub called: Vec<YearlyRow>,
}

impl DueList {
    fn of(year: i32, rows: Vec<YearlyRow>) -> Self {
        let rate = YearlyRate::of(year, &rows);
        let (due, called) = rows.into_iter().partition(YearlyRow::due);
        Self { rate, due, called }
    }

    /// The households of one side: still due, or called back.
    pub fn side(&self, called: bool) -> &[YearlyRow] {
        match called {
            true => &self.called,
            false => &self.due,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Shown {
    /// Being read for the first time.
    Reading,
    Ready(DueList),
    /// The store's words for why it could not be read.
    Failed(String),
}

pub struct Yearly {
    pub shown: Shown,
    /// What is typed: rooms, phones, initials.
    pub filter: TextInput,
    /// Showing the households called back this year (else those still due).
    pub called: bool,
    /// The household to select when the list comes (a restored draft's).
    want: Option<String>,
    /// The rooms the filter finds in the directory (None: no filter).
    matching: Option<HashSet<String>>,
    /// Indexes into the due list of the rows shown.
    pub visible: Vec<usize>,
    /// The selected row among those shown.
    pub selected: usize,
    /// The first row drawn and the rows the last drawing had room for.
    pub view: std::cell::Cell<(usize, usize)>,
    /// A background read under way (the list shown stays until it comes).
    pending: Option<Receiver<Result<DueList, String>>>,
}

impl std::fmt::Debug for Yearly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Yearly")
            .field("shown", &self.shown)
            .field("filter", &self.filter.value())
            .field("called", &self.called)
            .field("selected", &self.selected)
            .finish()
    }
}

impl Yearly {
    pub fn list(&self) -> Option<&DueList> {
        match &self.shown {
            Shown::Ready(l) => Some(l),
            _ => None,
        }
    }

    /// The households of the side shown (due or called back), filter or not.
    pub fn side(&self) -> &[YearlyRow] {
        self.list().map_or(&[][..], |l| l.side(self.called))
    }

    /// The households shown, in order.
    pub fn rows(&self) -> impl Iterator<Item = &YearlyRow> {
        let side = self.side();
        self.visible.iter().filter_map(move |i| side.get(*i))
    }

    pub fn selected_row(&self) -> Option<&YearlyRow> {
        let i = *self.visible.get(self.selected)?;
        self.side().get(i)
    }

    /// The rows shown again after the list or the filter changed; the selection stays on its
    /// household if it is still shown, else at its place (the next one due).
    fn refresh_visible(&mut self, keep: Option<String>) {
        let due = self.side();
        let visible: Vec<usize> = due
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                self.matching
                    .as_ref()
                    .is_none_or(|m| m.contains(&r.household.room))
            })
            .map(|(i, _)| i)
            .collect();
        let at = keep.and_then(|room| visible.iter().position(|i| due[*i].household.room == room));
        self.selected = at.unwrap_or(self.selected.min(visible.len().saturating_sub(1)));
        self.visible = visible;
    }

    fn move_by(&mut self, delta: isize) {
        let last = self.visible.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }
}

impl App {
    /// Open the yearly callbacks, or close them.
    pub(super) fn toggle_yearly(&mut self, store: &Store) {
        if self.yearly.take().is_some() {
            self.mode = Mode::List;
            return;
        }
        self.open_yearly(None, store);
    }

    /// Open the yearly callbacks, on the household of `room` once read (a restored draft's).
    pub(super) fn open_yearly(&mut self, room: Option<String>, store: &Store) {
        self.yearly = Some(Yearly {
            shown: Shown::Reading,
            filter: TextInput::default(),
            called: false,
            want: room,
            matching: None,
            visible: Vec::new(),
            selected: 0,
            view: std::cell::Cell::new((0, 10)),
            pending: None,
        });
        self.mode = Mode::Yearly;
        self.read_yearly(store);
    }

    /// Tab / F5: the households called back this year, or those still due again.
    pub(super) fn toggle_yearly_called(&mut self) {
        if let Some(y) = &mut self.yearly {
            y.called = !y.called;
            y.selected = 0;
            y.view.set((0, y.view.get().1));
            y.refresh_visible(None);
        }
    }

    /// Where a form, a question or the help goes back to: the yearly callbacks, the reviews or
    /// the compiled handover if one is open.
    pub fn back_mode(&self) -> Mode {
        match (&self.yearly, &self.reviews) {
            (Some(_), _) => Mode::Yearly,
            (None, Some(_)) => Mode::Reviews,
            // The compiled handover holds its lines while it is read (emptied when it closes).
            (None, None) if !self.compiled.is_empty() => Mode::Compiled,
            (None, None) => Mode::List,
        }
    }

    /// Read this year's callbacks: in the background on the desk (`reviews_in_background`),
    /// else at once.
    pub(super) fn read_yearly(&mut self, store: &Store) {
        let (now, zone, lang) = (self.now, self.desk.policy.zone, self.lang());
        let path = self.desk.db_path.clone();
        let background = self.reviews_in_background;
        let Some(y) = &mut self.yearly else { return };
        self.dirty = true;
        let read = move |s: &Store| {
            let (year, from, until) = this_year(now, zone);
            s.yearly_callbacks(from, until)
                .map(|rows| DueList::of(year, rows))
                .map_err(|e| store_error(lang, &e))
        };
        if background {
            let (tx, rx) = channel();
            y.pending = Some(rx);
            std::thread::spawn(move || {
                let options = OpenOptions {
                    access: Access::ReadOnly,
                    create: false,
                    planner_stats: PlannerStats::Never,
                    ..OpenOptions::default()
                };
                let result = Store::open(&path, options)
                    .map_err(|e| store_error(lang, &e))
                    .and_then(|s| read(&s));
                // The view may have been closed meanwhile: nobody to tell.
                let _ = tx.send(result);
            });
        } else {
            y.pending = None;
            let result = read(store);
            y.take(result);
        }
    }

    /// Whether the callbacks are being read in the background (the event loop looks again
    /// soon).
    pub fn yearly_pending(&self) -> bool {
        self.yearly.as_ref().is_some_and(|y| y.pending.is_some())
    }

    /// Take the background read if it has come.
    pub fn take_yearly(&mut self) {
        let Some(y) = &mut self.yearly else { return };
        let Some(rx) = &y.pending else { return };
        match rx.try_recv() {
            Ok(result) => {
                y.pending = None;
                y.take(result);
                self.dirty = true;
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => y.pending = None,
        }
    }

    /// Wait for the background read (tests, `snapshot`).
    pub fn wait_for_yearly(&mut self) {
        self.wait_for_background(Self::yearly_pending, Self::take_yearly);
    }

    /// The filter was edited: ask the directory which rooms it finds.
    pub(super) fn refilter_yearly(&mut self, store: &Store) {
        let Some(y) = &mut self.yearly else { return };
        let keep = y.selected_row().map(|r| r.household.room.clone());
        let text = y.filter.value().trim().to_string();
        let found = match text.is_empty() {
            true => Ok(None),
            false => store
                .find_household_rooms(&text, FILTER_ROOMS)
                .map(|rooms| Some(rooms.into_iter().collect())),
        };
        match found {
            Ok(matching) => {
                y.matching = matching;
                y.refresh_visible(keep);
            }
            Err(e) => self.report(Err(e)),
        }
    }

    pub(super) fn move_yearly(&mut self, delta: isize) {
        if let Some(y) = &mut self.yearly {
            y.move_by(delta);
        }
    }

    /// Rows in a page of the view, as last drawn.
    pub(super) fn yearly_page(&self) -> isize {
        self.yearly
            .as_ref()
            .map_or(10, |y| y.view.get().1.max(2) as isize - 1)
    }

    /// Esc: the filter cleared first, then the view closed.
    pub(super) fn yearly_back(&mut self, store: &Store) {
        let filtered = self
            .yearly
            .as_ref()
            .is_some_and(|y| !y.filter.value().is_empty());
        if filtered {
            if let Some(y) = &mut self.yearly {
                y.filter.clear();
            }
            self.refilter_yearly(store);
        } else {
            self.toggle_yearly(store);
        }
    }

    /// Enter: the callback form of the selected household; a read-only desk says why not.
    pub(super) fn open_yearly_form(&mut self) {
        let lang = self.lang();
        if self.read_only.is_some() {
            self.message = Some(Message {
                text: T::YearlyReadOnly.s(lang).into(),
                error: true,
            });
            return;
        }
        let Some(row) = self.yearly.as_ref().and_then(Yearly::selected_row) else {
            return;
        };
        let h = &row.household;
        let who = h.owner.as_deref().or(h.tenant.as_deref()).unwrap_or("-");
        // The one household the form is about: its number whole to an operator who can write,
        // to be dialled (as its card shows it).
        let phone = h
            .all_phones()
            .next()
            .map(|p| self.shown_phone(p).into_owned())
            .unwrap_or_default();
        // Called back already: this one is a follow-up, and the form says when the first was.
        let earlier = row
            .called()
            .map(|m| {
                let day = m.at.with_timezone(&self.desk.policy.zone).format("%m-%d");
                let words = crate::i18n::residents::yearly::called(
                    lang,
                    &day.to_string(),
                    m.callback.result,
                );
                format!("  · {words}")
            })
            .unwrap_or_default();
        let about =
            crate::domain::text::sanitize_line(&format!("{}  {who}  {phone}{earlier}", h.room))
                .into_owned();
        // Its notes (独居老人: lives alone), read before calling.
        let notice = h
            .notes
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .map(|n| crate::i18n::residents::yearly::notes(lang, n));
        let room = h.room.clone();
        self.form = Some(super::form::Form::household_callback(&room, about, notice));
        self.mode = Mode::Form;
    }

    /// The callback form saved: written as `residents callback` writes it, the list read again
    /// (the household drops off once reached; a try shows on its row) and the count moves.
    pub(super) fn save_yearly(
        &mut self,
        room: String,
        callback: HouseholdCallback,
        store: &mut Store,
    ) {
        let lang = self.lang();
        let result =
            store.record_household_callback(&room, &callback, &self.desk.operator, self.now);
        let Some(form) = &mut self.form else { return };
        match result {
            Ok(true) => {
                self.form = None;
                self.mode = self.back_mode();
                self.message = Some(Message {
                    text: format!(
                        "{room}: {} ({})",
                        T::YearlyRecorded.s(lang),
                        crate::i18n::Label::label(&callback.result, lang)
                    ),
                    error: false,
                });
                self.read_yearly(store);
            }
            Ok(false) => {
                let refusal = crate::store::residents::HouseholdRefusal::NotFound(room);
                form.error = Some(crate::i18n::residents::refusal(lang, &refusal));
            }
            Err(StoreError::FileChanged(change, _)) => {
                form.error = Some(super::file_changed_text(change).s(lang).into());
                self.file_changed = Some(change);
            }
            Err(e) => form.error = Some(store_error(lang, &e)),
        }
    }
}

impl Yearly {
    fn take(&mut self, result: Result<DueList, String>) {
        let want = self.want.take();
        let keep = want
            .clone()
            .or_else(|| self.selected_row().map(|r| r.household.room.clone()));
        match result {
            Ok(list) => {
                // A restored draft's household: on the side that holds it now.
                if let Some(room) = &want {
                    self.called = list.called.iter().any(|r| r.household.room == *room);
                }
                self.shown = Shown::Ready(list);
                self.refresh_visible(keep);
            }
            Err(e) => self.shown = Shown::Failed(e),
        }
    }
}
