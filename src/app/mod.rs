//! The TUI's state and its `update`: events in, state (and store writes) out. No terminal code:
//! the tests drive it with keys and a temporary store.

pub mod actions;
pub mod form;
pub mod input;
pub mod keymap;
pub mod keys;
pub mod list;
pub mod live;
mod minute;
pub mod search;
pub mod tabs;

use crate::desk::Desk;
use crate::domain::Action;
use crate::domain::Urgency;
use crate::domain::deadline::{deadlines, urgency};
use crate::domain::handover::{Draft, Slot, slot_at};
use crate::domain::shift::Shift;
use crate::domain::{Event as RecordEvent, Record, RecordId, RecordKind};
use crate::drafts::Drafts;
use crate::i18n::action_text;
use crate::i18n::tui::{T, store_error};
use crate::store::{FileChange, ReadOnlyReason, Stamp, Store, StoreError};
use actions::ActKind;
use chrono::{DateTime, Utc};
use form::{Form, FormKind, Submission};
use keymap::{Binding, Cmd, Mode, When};
use keys::{Event, Key};
use list::{RecordList, Source};
use search::Search;
pub use tabs::Tab;

/// The selected record with its timeline.
#[derive(Debug, Clone)]
pub struct Detail {
    pub record: Record,
    pub events: Vec<RecordEvent>,
}

/// A line for the status bar: what just happened, or why it did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub desk: Desk,
    /// The desk's clock when last asked (whole seconds).
    pub now: DateTime<Utc>,
    pub tab: Tab,
    lists: [RecordList; 4],
    pub detail: Option<Detail>,
    /// Open records overdue and soon, across every kind.
    pub attention: (i64, i64),
    /// The shift change the handover panel is about (`slot_at` now), and its record if one
    /// was started.
    pub handover_slot: Slot,
    pub handover: Option<Record>,
    /// The compiled handover draft (loaded while the handover tab is shown).
    pub handover_draft: Option<Draft>,
    /// The previous shift change, if it passed without a signed handover.
    pub unsigned_previous: Option<Slot>,
    pub read_only: Option<ReadOnlyReason>,
    /// The database path no longer names the file the desk opened: nothing can be saved (shown
    /// until it is back, not as a message that the next key clears).
    pub file_changed: Option<FileChange>,
    pub mode: Mode,
    /// Where to go back to when the quit question is answered "no".
    back_from_confirm: Mode,
    pub form: Option<Form>,
    pub search: Option<Search>,
    pub help_scroll: usize,
    /// The detail fills the body.
    pub zoom: bool,
    pub message: Option<Message>,
    pub shift: Shift,
    pub quit: bool,
    dirty: bool,
    bell: bool,
    clear: bool,
    data_version: Option<i64>,
    /// The next moment something on screen changes by itself.
    next_change: Option<DateTime<Utc>>,
    /// The next moment any open record turns soon or overdue (header counts, the bell).
    attention_change: Option<DateTime<Utc>>,
    /// Overdue and soon rows of the handover list, counted when it loads and when any open
    /// record changes state (not on every frame: the list holds up to 2,000 records).
    pub handover_urgency: (usize, usize),
    /// Unsaved form text kept on disk as it is typed (none when read-only).
    drafts: Option<Drafts>,
    /// The form as last written to the drafts file.
    drafted: Option<Form>,
}

/// What the desk says while its database path no longer names the file it opened.
pub fn file_changed_text(change: FileChange) -> T {
    match change {
        FileChange::Removed => T::FileRemovedStatus,
        FileChange::Replaced => T::FileReplacedStatus,
    }
}

pub(crate) fn act_title(act: ActKind) -> T {
    match act {
        ActKind::Dispatch => T::FormDispatch,
        ActKind::Arrive => T::FormArrive,
        ActKind::Assess => T::FormAssess,
        ActKind::Reply => T::FormReply,
        ActKind::ReplyWritten => T::FormReplyWritten,
        ActKind::Resolve => T::FormResolve,
        ActKind::Callback => T::FormCallback,
        ActKind::Classify => T::FormClassify,
        ActKind::Note => T::FormNote,
        ActKind::Watch => T::FormWatch,
        ActKind::Unwatch => T::FormUnwatch,
        ActKind::Void => T::FormVoid,
    }
}

impl App {
    /// The desk as it opens: the first tab, loaded from the store. Load errors become the
    /// status message (the desk still opens).
    pub fn new(desk: Desk, store: &Store) -> Self {
        Self::on_tab(desk, store, Tab::Log)
    }

    /// The desk opened on `tab`: only that tab's list is read (the others when shown).
    pub fn on_tab(desk: Desk, store: &Store, tab: Tab) -> Self {
        let now = desk.clock.now();
        let shift = desk.current_shift();
        let handover_slot = slot_at(&desk.shift_defs(), now, &desk.policy);
        let lists = [
            RecordList::new(Source::Kind(RecordKind::Log)),
            RecordList::new(Source::Kind(RecordKind::Call)),
            RecordList::new(Source::Kind(RecordKind::Repair)),
            RecordList::new(Source::DueBefore(shift.end)),
        ];
        let mut app = Self {
            desk,
            now,
            tab,
            lists,
            detail: None,
            attention: (0, 0),
            handover_urgency: (0, 0),
            handover_slot,
            handover: None,
            handover_draft: None,
            unsigned_previous: None,
            read_only: store.read_only().cloned(),
            file_changed: None,
            mode: Mode::List,
            back_from_confirm: Mode::List,
            form: None,
            search: None,
            help_scroll: 0,
            zoom: false,
            message: None,
            shift,
            quit: false,
            dirty: true,
            bell: false,
            clear: false,
            data_version: store.data_version().ok(),
            next_change: None,
            attention_change: None,
            drafts: None,
            drafted: None,
        };
        app.reload(store);
        if app.read_only.is_none() {
            let drafts = Drafts::new(&app.desk.db_path, &app.desk.operator);
            if let Some(form) = drafts.load::<Form>() {
                app.restore_draft(form, store);
            }
            app.drafts = Some(drafts);
        }
        app
    }

    /// A form left unsaved last time (a dropped connection, a crash): open it again.
    fn restore_draft(&mut self, form: Form, store: &Store) {
        let tab = match form.kind {
            FormKind::New(kind) => Tab::of_kind(kind),
            FormKind::Act(_, id) => Tab::of_kind(id.kind),
            FormKind::HandoverNote | FormKind::HandoverSign | FormKind::HandoverRefuse => {
                Some(Tab::Handover)
            }
        };
        if let Some(tab) = tab {
            self.tab = tab;
            self.ensure_loaded(store);
            if let FormKind::Act(_, id) = form.kind {
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
    fn keep_draft(&mut self) {
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

    pub fn lang(&self) -> crate::i18n::Lang {
        self.desk.lang
    }

    pub fn list(&self) -> &RecordList {
        &self.lists[self.tab.index()]
    }

    fn list_mut(&mut self) -> &mut RecordList {
        &mut self.lists[self.tab.index()]
    }

    pub fn list_of(&self, tab: Tab) -> &RecordList {
        &self.lists[tab.index()]
    }

    pub fn selected(&self) -> Option<&Record> {
        self.list().selected_record()
    }

    /// Open a tab at once (used by `snapshot --tab`).
    pub fn show_tab(&mut self, tab: Tab, store: &Store) {
        self.tab = tab;
        self.ensure_loaded(store);
        self.load_handover(store);
        self.load_detail(store);
        self.recompute_next_change();
        self.dirty = true;
    }

    // ----- drawing bookkeeping -------------------------------------------------------------

    /// Something visible changed since the last draw; clears the flag.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// Ring the bell now (once per crossing); clears the flag.
    pub fn take_bell(&mut self) -> bool {
        std::mem::take(&mut self.bell)
    }

    /// Clear and repaint the whole screen (Ctrl-L); clears the flag.
    pub fn take_clear(&mut self) -> bool {
        std::mem::take(&mut self.clear)
    }

    /// When to look at the clock again even if no key comes: the next minute of the header
    /// clock, or the next countdown or deadline change on screen.
    pub fn next_wake(&self) -> DateTime<Utc> {
        let minute = live::next_minute(self.now);
        [self.next_change, self.attention_change]
            .into_iter()
            .flatten()
            .fold(minute, DateTime::min)
            .min(self.shift.end)
    }

    /// The key bindings offered now, for the status bar.
    pub fn hints(&self) -> Vec<&'static Binding> {
        keymap::hints(self.mode, |w| self.offered(w))
    }

    pub fn offered(&self, when: When) -> bool {
        let writable = self.read_only.is_none();
        match when {
            When::Always => true,
            When::Writable => writable,
            When::Selected => match self.mode {
                Mode::Search => self
                    .search
                    .as_ref()
                    .is_some_and(|s| s.selected_hit().is_some()),
                _ => self.selected().is_some(),
            },
            When::Can(act) => {
                writable
                    && self
                        .selected()
                        .is_some_and(|r| act.applies(r, &self.desk.policy, self.now))
            }
            When::Narrowed => self.list().filtered() || self.zoom,
            When::OnChoice => self.form.as_ref().is_some_and(Form::focus_on_choice),
            When::OnHandover => writable && self.tab == Tab::Handover,
        }
    }

    // ----- loading -------------------------------------------------------------------------

    fn report(&mut self, result: Result<(), StoreError>) {
        if let Err(e) = result {
            self.message = Some(Message {
                text: store_error(self.lang(), &e),
                error: true,
            });
        }
    }

    fn ensure_loaded(&mut self, store: &Store) {
        let now = self.now;
        if self.list().stale {
            let r = self.list_mut().load(store, now);
            self.report(r);
            self.count_handover_urgency();
        }
    }

    fn count_handover_urgency(&mut self) {
        let policy = &self.desk.policy;
        let (_, rows) = self.lists[Tab::Handover.index()].entries();
        let records = rows.iter().filter_map(crate::store::Entry::record);
        self.handover_urgency = records.fold((0, 0), |(overdue, soon), r| {
            match urgency(&deadlines(r, policy), self.now) {
                Urgency::Overdue => (overdue + 1, soon),
                Urgency::Soon => (overdue, soon + 1),
                _ => (overdue, soon),
            }
        });
    }

    /// Everything changed (startup, a write, another process): reload what is on screen, mark
    /// the other tabs stale.
    fn reload(&mut self, store: &Store) {
        for list in &mut self.lists {
            list.stale = true;
        }
        self.ensure_loaded(store);
        self.refresh_attention(store, false);
        self.load_handover(store);
        self.detail = None;
        self.load_detail(store);
        self.recompute_next_change();
        self.dirty = true;
    }

    /// The coming handover's record, whether the last one is unsigned, and (on the handover
    /// tab only: it reads every open record) the compiled draft.
    fn load_handover(&mut self, store: &Store) {
        let defs = self.desk.shift_defs();
        let policy = self.desk.policy.clone();
        let slot = slot_at(&defs, self.now, &policy);
        self.handover_slot = slot.clone();
        let result = (|| -> Result<(), StoreError> {
            self.handover = store.handover_at(slot.boundary)?;
            self.unsigned_previous = store.unsigned_previous(&defs, &slot, self.now, &policy)?;
            self.handover_draft = if self.tab == Tab::Handover {
                Some(store.handover_draft(&defs, &slot, self.now, &policy, &self.desk.operator)?)
            } else {
                None
            };
            Ok(())
        })();
        self.report(result);
    }

    fn load_detail(&mut self, store: &Store) {
        let Some(id) = self.list().selected_id() else {
            self.detail = None;
            return;
        };
        if self.detail.as_ref().is_some_and(|d| d.record.id == id) {
            return;
        }
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
        self.count_handover_urgency();
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

    fn recompute_next_change(&mut self) {
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
            self.lists[Tab::Handover.index()].source = Source::DueBefore(self.shift.end);
            self.lists[Tab::Handover.index()].stale = true;
            self.ensure_loaded(store);
            self.dirty = true;
        }
        // The handover the panel means moves on around each shift change.
        if slot_at(&self.desk.shift_defs(), now, &self.desk.policy) != self.handover_slot {
            self.load_handover(store);
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

    // ----- events ----------------------------------------------------------------------------

    pub fn handle(&mut self, event: Event, store: &mut Store) {
        self.dirty = true;
        match event {
            Event::Resize(..) => {}
            Event::Paste(text) => self.paste(&text, store),
            Event::Key(key) => self.key(key, store),
        }
        self.keep_draft();
        self.recompute_next_change();
    }

    fn paste(&mut self, text: &str, store: &Store) {
        match self.mode {
            Mode::Form => {
                if let Some(form) = &mut self.form {
                    form.paste(text);
                }
            }
            Mode::Filter => {
                self.list_mut().filter.insert_str(text);
                self.refilter(store);
            }
            Mode::Search => {
                if let Some(search) = &mut self.search {
                    search.input.insert_str(text);
                }
                self.research(store);
            }
            _ => {}
        }
    }

    fn key(&mut self, key: Key, store: &mut Store) {
        if self.mode == Mode::List {
            self.message = None;
        }
        let binding = keymap::lookup(self.mode, key, |w| self.offered(w));
        if let Some(binding) = binding {
            self.run(binding.cmd, store);
            return;
        }
        let mode = self.mode;
        match mode {
            Mode::Filter if self.list_mut().filter.edit(key) => self.refilter(store),
            Mode::Search => {
                let edited = self.search.as_mut().is_some_and(|s| s.input.edit(key));
                if edited {
                    self.research(store);
                }
            }
            Mode::Form => {
                if let Some(form) = &mut self.form {
                    form.edit(key);
                }
            }
            _ => {}
        }
    }

    fn refilter(&mut self, store: &Store) {
        self.list_mut().reset();
        self.list_mut().stale = true;
        self.ensure_loaded(store);
        self.load_detail(store);
    }

    fn research(&mut self, store: &Store) {
        let now = self.now;
        if let Some(search) = &mut self.search {
            search.selected = 0;
            let r = search.refresh(store, now);
            self.report(r);
        }
    }

    fn move_selection(&mut self, delta: isize, store: &Store) {
        let now = self.now;
        let r = self.list_mut().move_by(delta, store, now);
        self.report(r);
        self.load_detail(store);
    }

    fn page(&self) -> isize {
        self.list().view_rows.get().max(2) as isize - 1
    }

    fn run(&mut self, cmd: Cmd, store: &mut Store) {
        let lang = self.lang();
        match (self.mode, cmd) {
            (_, Cmd::Quit) => {
                if self.form.as_ref().is_some_and(Form::unsaved) {
                    self.back_from_confirm = self.mode;
                    self.mode = Mode::ConfirmQuit;
                } else {
                    self.quit = true;
                }
            }
            (_, Cmd::ConfirmYes) => self.quit = true,
            (_, Cmd::ConfirmNo) => self.mode = self.back_from_confirm,
            (_, Cmd::NextTab) => self.switch_tab(self.tab.next(), store),
            (_, Cmd::PrevTab) => self.switch_tab(self.tab.prev(), store),
            (_, Cmd::GoTab(i)) => self.switch_tab(Tab::from_index(i), store),
            (Mode::Help, Cmd::Up) => self.help_scroll = self.help_scroll.saturating_sub(1),
            (Mode::Help, Cmd::Down) => self.help_scroll += 1,
            (Mode::Help, Cmd::CloseHelp) => {
                self.mode = Mode::List;
                self.help_scroll = 0;
            }
            (Mode::Search, Cmd::Up) => {
                if let Some(s) = &mut self.search {
                    s.move_by(-1);
                }
            }
            (Mode::Search, Cmd::Down) => {
                if let Some(s) = &mut self.search {
                    s.move_by(1);
                }
            }
            (Mode::Search, Cmd::Accept) => self.open_hit(store),
            (Mode::Search, Cmd::Cancel) => {
                self.search = None;
                self.mode = Mode::List;
            }
            (_, Cmd::Up) => self.move_selection(-1, store),
            (_, Cmd::Down) => self.move_selection(1, store),
            (_, Cmd::PageUp) => self.move_selection(-self.page(), store),
            (_, Cmd::PageDown) => self.move_selection(self.page(), store),
            (_, Cmd::Top) => {
                let now = self.now;
                let r = self.list_mut().select_abs(0, store, now);
                self.report(r);
                self.load_detail(store);
            }
            (_, Cmd::Bottom) => {
                let now = self.now;
                let r = self.list_mut().select_last(store, now);
                self.report(r);
                self.load_detail(store);
            }
            (_, Cmd::Zoom) => self.zoom = !self.zoom,
            (_, Cmd::New) => {
                self.form = Some(match self.tab.kind() {
                    Some(kind) => Form::new_record(kind),
                    None => Form::handover_note(),
                });
                self.mode = Mode::Form;
            }
            (_, Cmd::SignHandover) => {
                self.form = Some(Form::handover_signature(false));
                self.mode = Mode::Form;
            }
            (_, Cmd::RefuseHandover) => {
                self.form = Some(Form::handover_signature(true));
                self.mode = Mode::Form;
            }
            (_, Cmd::Filter) => self.mode = Mode::Filter,
            (Mode::Filter, Cmd::Accept) => self.mode = Mode::List,
            (Mode::Filter, Cmd::Cancel) | (_, Cmd::ClearFilter) => {
                self.mode = Mode::List;
                if self.list().filtered() {
                    self.list_mut().filter.clear();
                    self.refilter(store);
                } else {
                    self.zoom = false;
                }
            }
            (_, Cmd::Search) => {
                self.search = Some(Search::default());
                self.mode = Mode::Search;
            }
            (_, Cmd::Help) => self.mode = Mode::Help,
            (_, Cmd::Redraw) => self.clear = true,
            (_, Cmd::Act(act)) => {
                if let Some(record) = self.selected() {
                    self.form = Some(Form::action(act, record));
                    self.mode = Mode::Form;
                }
            }
            (_, Cmd::Save) => self.save(store),
            (Mode::Form, Cmd::Cancel) => {
                self.form = None;
                self.mode = Mode::List;
                self.message = Some(Message {
                    text: T::NothingSaved.s(lang).into(),
                    error: false,
                });
            }
            (_, Cmd::NextField) => self.with_form(|f| f.next_field(true)),
            (_, Cmd::PrevField) => self.with_form(|f| f.next_field(false)),
            (_, Cmd::ChoiceNext) => self.with_form(|f| f.cycle(true)),
            (_, Cmd::ChoicePrev) => self.with_form(|f| f.cycle(false)),
            (_, Cmd::Accept | Cmd::Cancel | Cmd::CloseHelp) => self.mode = Mode::List,
        }
    }

    fn with_form(&mut self, f: impl FnOnce(&mut Form)) {
        if let Some(form) = &mut self.form {
            f(form);
        }
    }

    fn switch_tab(&mut self, tab: Tab, store: &Store) {
        if self.mode == Mode::Filter {
            self.mode = Mode::List;
        }
        self.tab = tab;
        self.ensure_loaded(store);
        self.load_detail(store);
        if tab == Tab::Handover {
            self.load_handover(store);
        }
    }

    /// Search: show the chosen hit in its own tab (filtered to its id; Esc clears).
    fn open_hit(&mut self, store: &Store) {
        let Some(hit) = self.search.as_ref().and_then(|s| s.selected_hit()) else {
            return;
        };
        let (id, kind) = (hit.id, hit.kind());
        self.search = None;
        self.mode = Mode::List;
        if let Some(tab) = Tab::of_kind(kind) {
            self.tab = tab;
            self.list_mut().filter = input::TextInput::new(&id.to_string());
            self.refilter(store);
            self.list_mut().select_id(id);
            self.load_detail(store);
        }
    }

    fn save(&mut self, store: &mut Store) {
        let lang = self.lang();
        let (policy, now) = (self.desk.policy.clone(), self.now);
        let Some(form) = &mut self.form else { return };
        let Some(submission) = form.submit(&policy, now, lang) else {
            return;
        };
        let done = match &submission {
            Submission::Act { action, .. } => Some(action.clone()),
            _ => None,
        };
        let note = match &submission {
            Submission::HandoverNote { .. } => Some(T::NoteAdded.s(lang).to_string()),
            Submission::HandoverSign { by } => Some(format!("{} {by}", T::HandoverSigned.s(lang))),
            Submission::HandoverRefuse { .. } => Some(T::HandoverRefused.s(lang).to_string()),
            _ => None,
        };
        let stamp = Stamp {
            operator: &self.desk.operator,
            at: now,
            now,
        };
        let defs = self.desk.shift_defs();
        let result = match submission {
            Submission::New { new, at } => {
                let stamp = Stamp {
                    operator: &self.desk.operator,
                    at,
                    now,
                };
                store.add(new, &stamp, &policy)
            }
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
            Submission::HandoverNote { text } => {
                let slot = slot_at(&defs, now, &policy);
                store.act_on_handover(&slot, Action::Note { text }, &stamp, &policy)
            }
            Submission::HandoverSign { by } => store.sign_handover(&defs, &by, &stamp, &policy),
            Submission::HandoverRefuse { by, reason } => {
                store.refuse_handover(&defs, &by, &reason, &stamp, &policy)
            }
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
            Ok(record) => {
                self.form = None;
                self.mode = Mode::List;
                self.after_write(&record, done.as_ref(), store);
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
}
