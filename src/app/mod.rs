//! The TUI's state and its `update`: events in, state (and store writes) out. No terminal code:
//! the tests drive it with keys and a temporary store. Here the state; `load.rs` reads the
//! store and follows the clock, `update.rs` runs keys and commands, `save.rs` writes forms and
//! keeps drafts.

pub mod actions;
pub mod form;
pub mod input;
pub mod keymap;
pub mod keys;
pub mod keys_config;
pub mod list;
pub mod live;
mod minute;
pub mod mouse;
pub mod reviews;
pub mod search;
pub mod tabs;
pub mod yearly;

mod load;
mod rounds;
mod save;
mod update;

use crate::desk::Desk;
use crate::domain::handover::{Draft, Slot, slot_at};
use crate::domain::shift::Shift;
use crate::domain::{Event as RecordEvent, Record};
use crate::drafts::Drafts;
use crate::i18n::tui::T;
use crate::store::{FileChange, ReadOnlyReason, Store};
use actions::ActKind;
use chrono::{DateTime, Utc};
use form::Form;
use keymap::{Binding, Mode, When};
use list::{RecordList, Source};
use search::Search;
pub use tabs::Tab;

/// The views the desk opens over its tabs (`snapshot --view`): the reviews (Ctrl-T), the
/// yearly household callbacks (Ctrl-Y), tab 4's compiled handover (Ctrl-G).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Reviews,
    Yearly,
    Compiled,
}

impl View {
    pub const ALL: [View; 3] = [View::Reviews, View::Yearly, View::Compiled];

    pub fn name(self) -> &'static str {
        match self {
            View::Reviews => "reviews",
            View::Yearly => "yearly",
            View::Compiled => "compiled",
        }
    }

    /// A view by its name, in any case.
    pub fn parse(text: &str) -> Option<View> {
        let text = text.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|v| v.name() == text)
    }

    /// `reviews, yearly, compiled`: every view's name, for messages.
    pub fn names() -> String {
        Self::ALL.map(View::name).join(", ")
    }
}

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
    /// One list per tab, in the order of `Tab::all()`.
    lists: Vec<RecordList>,
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
    /// Personal data stays masked even to an operator who can write (`snapshot`: a frame that
    /// goes to files and screens elsewhere).
    pub mask_always: bool,
    /// The database path no longer names the file the desk opened: nothing can be saved (shown
    /// until it is back, not as a message that the next key clears).
    pub file_changed: Option<FileChange>,
    /// Messages to the group robots tried and not delivered (the desk's sender thread counts
    /// them); None: no channels.
    pub notify_failing: Option<std::sync::Arc<std::sync::atomic::AtomicI64>>,
    /// The desk's company push (its thread's state); None: no `[company]`, or read only.
    pub company_push: Option<std::sync::Arc<crate::company::background::Shared>>,
    pub mode: Mode,
    /// Where to go back to when the quit question is answered "no".
    back_from_confirm: Mode,
    pub form: Option<Form>,
    pub search: Option<Search>,
    /// Hit rows the search popup showed when last drawn (its page).
    pub search_rows: std::cell::Cell<usize>,
    pub help_scroll: usize,
    /// The steps menu (Ctrl-K): what it offered when opened, and the one chosen.
    pub actions: Vec<&'static keymap::Binding>,
    pub action_selected: usize,
    /// The help's last scroll position and page height, as drawn (scrolling stops at the end).
    pub help_view: std::cell::Cell<(usize, usize)>,
    /// The detail fills the body.
    pub zoom: bool,
    /// The zoomed detail's first line shown.
    pub detail_scroll: usize,
    /// The zoomed detail shows the handover's record (its notes), not the selected one.
    pub reading_handover: bool,
    /// The zoomed detail's last scroll position and page height, as drawn.
    pub detail_view: std::cell::Cell<(usize, usize)>,
    /// The compiled handover's lines while it is read (`Mode::Compiled`), its first line
    /// shown, and its last scroll position and page height as drawn.
    pub compiled: Vec<String>,
    pub compiled_scroll: usize,
    pub compiled_view: std::cell::Cell<(usize, usize)>,
    pub message: Option<Message>,
    /// The key bindings: the keymap with the config's `[keys]` put in.
    pub keymap: keymap::Keymap,
    /// Where the last drawing put the tabs and the list's rows (for the mouse).
    pub clickable: std::cell::RefCell<mouse::Clickable>,
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
    /// The reviews view (Ctrl-T), while it is open.
    pub reviews: Option<reviews::Reviews>,
    /// The reviews' figures are read on a thread of their own (the desk in a terminal); else
    /// at once (tests, `snapshot`).
    pub reviews_in_background: bool,
    /// The yearly household callbacks (Ctrl-Y), while they are open (read in the background
    /// as the reviews are).
    pub yearly: Option<yearly::Yearly>,
    /// Unsaved form text kept on disk as it is typed (none when read-only).
    drafts: Option<Drafts>,
    /// The form as last written to the drafts file.
    drafted: Option<Form>,
    /// The inspection rounds still to walk today and missed yesterday (the duty-log tab's
    /// line), read on every reload and when the local day turns.
    pub rounds: Option<crate::domain::kinds::inspection::rounds::RoundsDue>,
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
        ActKind::Report => T::FormReport,
        ActKind::Close => T::FormClose,
        ActKind::Propose => T::FormPropose,
        ActKind::NotifyDeveloper => T::FormNotifyDeveloper,
        ActKind::WarrantyExplained => T::FormWarrantyExplained,
        ActKind::NotifyHeating => T::FormNotifyHeating,
        ActKind::Used => T::FormUsed,
        ActKind::Pause => T::FormPause,
        ActKind::Resume => T::FormResume,
        ActKind::Notice => T::FormNotice,
    }
}

impl App {
    /// The desk as it opens: the first tab, loaded from the store. Load errors become the
    /// status message (the desk still opens).
    pub fn new(desk: Desk, store: &Store) -> Self {
        Self::on_tab(desk, store, Tab::all()[0])
    }

    /// The desk opened on `tab`: only that tab's list is read (the others when shown).
    pub fn on_tab(desk: Desk, store: &Store, tab: Tab) -> Self {
        let now = desk.clock.now();
        let shift = desk.current_shift();
        let handover_slot = slot_at(&desk.shift_defs(), now, &desk.policy);
        let lists = Tab::all()
            .iter()
            .map(|tab| match tab {
                Tab::Kind(kind) => RecordList::new(Source::Kind(*kind)),
                Tab::Shift => RecordList::new(Source::DueBefore(shift.end)),
            })
            .collect();
        let keymap = keys_config::configured(&desk.config.keys);
        let mut app = Self {
            desk,
            now,
            tab,
            lists,
            detail: None,
            attention: (0, 0),
            handover_slot,
            handover: None,
            handover_draft: None,
            unsigned_previous: None,
            read_only: store.read_only().cloned(),
            mask_always: false,
            file_changed: None,
            notify_failing: None,
            company_push: None,
            mode: Mode::List,
            back_from_confirm: Mode::List,
            form: None,
            search: None,
            search_rows: std::cell::Cell::new(10),
            help_scroll: 0,
            actions: Vec::new(),
            action_selected: 0,
            help_view: std::cell::Cell::new((usize::MAX, 10)),
            zoom: false,
            detail_scroll: 0,
            reading_handover: false,
            detail_view: std::cell::Cell::new((usize::MAX, 10)),
            compiled: Vec::new(),
            compiled_scroll: 0,
            compiled_view: std::cell::Cell::new((usize::MAX, 10)),
            message: None,
            keymap,
            clickable: Default::default(),
            shift,
            quit: false,
            dirty: true,
            bell: false,
            clear: false,
            data_version: store.data_version().ok(),
            next_change: None,
            attention_change: None,
            reviews: None,
            reviews_in_background: false,
            yearly: None,
            drafts: None,
            drafted: None,
            rounds: None,
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

    pub fn lang(&self) -> crate::i18n::Lang {
        self.desk.lang
    }

    /// Whether a record's own detail shows personal data whole (a pass's ID number): only to
    /// an operator who can write, never in a `snapshot`.
    pub fn reveals_personal_data(&self) -> bool {
        self.read_only.is_none() && !self.mask_always
    }

    /// A phone number as the desk shows it, in lists, search hits and a record's detail alike:
    /// whole to an operator who can write, masked (`138****8000`) to a read-only one and in a
    /// `snapshot`.
    pub fn shown_phone<'a>(&self, phone: &'a str) -> std::borrow::Cow<'a, str> {
        if self.reveals_personal_data() {
            phone.into()
        } else {
            crate::domain::residents::mask_phone(phone).into()
        }
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

    /// Open a view over the tabs at once, read in the foreground (used by `snapshot --view`):
    /// the reviews on yesterday, the yearly callbacks still due, or tab 4's compiled handover.
    pub fn show_view(&mut self, view: View, store: &Store) {
        self.reviews_in_background = false;
        match view {
            View::Reviews => self.toggle_reviews(store),
            View::Yearly => self.open_yearly(None, store),
            View::Compiled => {
                self.show_tab(Tab::Shift, store);
                self.show_compiled(store);
            }
        }
        self.dirty = true;
    }

    // ----- drawing bookkeeping -------------------------------------------------------------

    /// Draw again: something outside the app's state changed (a background thread's).
    pub fn redraw(&mut self) {
        self.dirty = true;
    }

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
        // Figures being read in the background: look for them again shortly.
        let reading = (self.reviews_pending() || self.yearly_pending()).then_some(self.now);
        [self.next_change, self.attention_change, reading]
            .into_iter()
            .flatten()
            .fold(minute, DateTime::min)
            .min(self.shift.end)
    }

    /// The key bindings offered now, for the status bar.
    pub fn hints(&self) -> Vec<&'static Binding> {
        keymap::hints(self.keymap, self.mode, |w| self.offered(w))
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
            When::Zoomed => self.zoom && self.detail.is_some(),
            When::HandoverStarted => self.tab == Tab::Shift && self.handover.is_some(),
            When::OnShiftTab => self.tab == Tab::Shift,
            When::OnChoice => self.form.as_ref().is_some_and(Form::focus_on_choice),
            When::OnTicks => self.form.as_ref().is_some_and(Form::focus_on_ticks),
            When::OnLookup => self
                .form
                .as_ref()
                .is_some_and(|f| matches!(f.shown_lookup(), Some(form::Lookup::Found { .. }))),
            When::OnHandover => writable && self.tab == Tab::Shift,
            When::OnLog => writable && self.tab.kind().is_some_and(|k| k.props().offers_shortcuts),
            When::RepairCall => {
                writable
                    && self.selected().is_some_and(|r| {
                        let probe = crate::domain::Action::WorkOrder { repair: r.id };
                        r.apply(&probe, self.now.max(r.last_event_at), "desk")
                            .is_ok()
                    })
            }
            When::OnRound => self
                .selected()
                .is_some_and(|r| r.kind().props().repairs_found.is_some()),
            When::OnChecklist => self
                .form
                .as_ref()
                .is_some_and(|f| f.focused_checklist().is_some()),
            When::OnCheckItem => self.form.as_ref().is_some_and(Form::on_check_item),
            When::OnRemark => self.form.as_ref().is_some_and(Form::on_remark),
            When::OnCallsOrRepairs => self.tab.kind().is_some_and(|k| k.props().owes_callbacks),
            When::YearlyDue => self.yearly.as_ref().is_some_and(|y| !y.called),
            When::YearlyCalled => self.yearly.as_ref().is_some_and(|y| y.called),
        }
    }
}
