//! Every key binding, declared once as data. The same table answers "what does this key do
//! now" (`lookup`), feeds the status-bar hints (`hints`) and the `?` help (`help`), so a key
//! can never be undocumented.

use super::actions::ActKind;
use super::keys::{Key, KeyCode};
use super::tabs::Tab;
use crate::i18n::Lang;
use crate::i18n::tui::T;
use std::sync::LazyLock;

/// Where the keyboard is: the list, or an input, popup or form in front of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    List,
    Filter,
    Search,
    Form,
    Help,
    ConfirmQuit,
    /// Esc on a form that holds typed text: asked first (an input method's Esc must not lose it).
    ConfirmDiscard,
    /// The menu of every step offered now (Ctrl-K): each reached with arrows and Enter, which
    /// an input method never swallows.
    Actions,
    /// The reviews view (Ctrl-T): the figures of a day, a week or a month.
    Reviews,
    /// The compiled handover in full (tab 4, `V`/^T): what `handover show` prints, scrolled.
    Compiled,
    /// The yearly household callbacks (`Y`/^Y): the occupied households still due, filtered
    /// by what is typed.
    Yearly,
}

impl Mode {
    pub const ALL: &'static [Mode] = &[
        Mode::List,
        Mode::Filter,
        Mode::Search,
        Mode::Form,
        Mode::Help,
        Mode::ConfirmQuit,
        Mode::ConfirmDiscard,
        Mode::Actions,
        Mode::Reviews,
        Mode::Compiled,
        Mode::Yearly,
    ];

    pub fn title(self) -> T {
        match self {
            Mode::List => T::ModeList,
            Mode::Filter => T::ModeFilter,
            Mode::Search => T::ModeSearch,
            Mode::Form => T::ModeForm,
            Mode::Help => T::ModeHelp,
            Mode::ConfirmQuit => T::ModeConfirm,
            Mode::ConfirmDiscard => T::ModeConfirmDiscard,
            Mode::Actions => T::ModeActions,
            Mode::Reviews => T::ModeReviews,
            Mode::Compiled => T::ModeCompiled,
            Mode::Yearly => T::ModeYearly,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    NextTab,
    PrevTab,
    GoTab(usize),
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Zoom,
    New,
    Filter,
    ClearFilter,
    Search,
    Help,
    Quit,
    Redraw,
    Act(ActKind),
    /// The menu of every step offered now.
    Actions,
    /// Filter / search input: keep what was typed and go back to the list (search: open the hit).
    Accept,
    /// Filter / search input: drop it.
    Cancel,
    NextField,
    PrevField,
    Save,
    ChoiceNext,
    ChoicePrev,
    /// Tick the value under the cursor (a pass's phone checks).
    Tick,
    /// A form: fill name, phone and room from the household the directory lookup shows.
    LookupFill,
    /// A form: the next or previous household of the lookup.
    LookupNext,
    LookupPrev,
    CloseHelp,
    ConfirmYes,
    ConfirmNo,
    /// Drop the form and what was typed in it.
    Discard,
    /// Duty-log tab: a new major incident (重大事项).
    NewIncident,
    /// The duty log: a new inspection round (`I`).
    NewInspection,
    /// Handover tab: the incoming person signs, or refuses.
    SignHandover,
    RefuseHandover,
    /// Calls and repairs tabs: only the records whose callback is owed, or all again.
    CallbacksDue,
    /// A repair call: its work order, the repair form filled from the call.
    WorkOrder,
    /// An inspection round: a problem it found becomes a repair.
    FoundRepair,
    /// Handover tab: the handover's notes in full, in the full-size detail.
    ReadHandover,
    /// The zoomed detail: a page back or on, its start, its end.
    DetailPageUp,
    DetailPageDown,
    DetailTop,
    DetailBottom,
    /// An inspection round's checklist: the item's next or previous finding.
    CheckNext,
    CheckPrev,
    /// The checklist: the next or previous item (past the ends, the next or previous field).
    ItemDown,
    ItemUp,
    /// The checklist: edit the item's remark, or finish editing it.
    Remark,
    /// Open (or close) the reviews view.
    Reviews,
    /// The reviews: the period of `reviews::SPANS[i]` (day, week, month), the next kind of
    /// period, the period before or after.
    ReviewSpan(usize),
    ReviewCycle,
    ReviewPrev,
    ReviewNext,
    /// Handover tab: the compiled handover in full (what `handover show` prints).
    ShowCompiled,
    /// Open (or close) the yearly household callbacks.
    Yearly,
    /// The yearly callbacks: record the selected household's (read-only: say why not).
    YearlyRecord,
    /// The yearly callbacks: the households called back this year, or those due again.
    YearlyCalled,
}

/// When a binding is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// The database may be written.
    Writable,
    /// A record is selected.
    Selected,
    /// The selected record accepts this step and the database may be written.
    Can(ActKind),
    /// The list is filtered or zoomed: Esc goes back.
    Narrowed,
    /// The detail fills the body: the page keys scroll it.
    Zoomed,
    /// On the handover tab, a handover started (with its notes).
    HandoverStarted,
    /// The focused form field is a choice.
    OnChoice,
    /// The focused form field is ticks.
    OnTicks,
    /// The focused form field shows households of the directory.
    OnLookup,
    /// On the handover tab, with the database writable.
    OnHandover,
    /// On the duty-log tab, with the database writable.
    OnLog,
    /// On the calls or the repairs tab.
    OnCallsOrRepairs,
    /// The selected record is a repair call that has no work order yet, and the database may
    /// be written.
    RepairCall,
    /// The selected record is an inspection round (the step says why when it takes none:
    /// no problem, each already a repair, read-only).
    OnRound,
    /// The focused form field is a checklist (any item, remark or not).
    OnChecklist,
    /// The checklist's cursor is on an item, not in its remark.
    OnCheckItem,
    /// The checklist's cursor is in an item's remark.
    OnRemark,
    /// On the handover tab (read-only too).
    OnShiftTab,
    /// The yearly callbacks show the households still due.
    YearlyDue,
    /// The yearly callbacks show the households called back this year.
    YearlyCalled,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub mode: Mode,
    pub cmd: Cmd,
    pub keys: &'static [Key],
    /// Short label for the status bar; None: only in the help.
    pub hint: Option<T>,
    /// What it does, for the help.
    pub help: Help,
    pub when: When,
}

/// A binding's help line: a fixed text, or the name of the tab its number key opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Help {
    Text(T),
    Tab(Tab),
}

impl Help {
    pub fn s(self, lang: Lang) -> &'static str {
        match self {
            Help::Text(t) => t.s(lang),
            Help::Tab(tab) => tab.key_help(lang),
        }
    }
}

const fn b(
    mode: Mode,
    cmd: Cmd,
    keys: &'static [Key],
    hint: Option<T>,
    help: T,
    when: When,
) -> Binding {
    Binding {
        mode,
        cmd,
        keys,
        hint,
        help: Help::Text(help),
        when,
    }
}

const K_UP: Key = Key::new(KeyCode::Up);
const K_DOWN: Key = Key::new(KeyCode::Down);
const K_ENTER: Key = Key::new(KeyCode::Enter);
const K_ESC: Key = Key::new(KeyCode::Esc);
const K_TAB: Key = Key::new(KeyCode::Tab);
const K_BACKTAB: Key = Key::new(KeyCode::BackTab);
const K_QUIT: Key = Key::ctrl('c');

use Mode::*;
use When::*;

/// The keymap. Order matters: it is the order of the status-bar hints (most important first)
/// and of the help. Critical steps also have an F-key or Ctrl key, because a Chinese input
/// method swallows single letters. The number keys of the tabs (one per tab in
/// `Tab::all()`) come after the list's `HEAD`.
pub static BINDINGS: LazyLock<Vec<Binding>> = LazyLock::new(|| {
    let tabs = Tab::all().iter().enumerate().map(|(i, tab)| Binding {
        mode: List,
        cmd: Cmd::GoTab(i),
        keys: std::slice::from_ref(&DIGITS[i]),
        hint: None,
        help: Help::Tab(*tab),
        when: Always,
    });
    HEAD.iter()
        .cloned()
        .chain(tabs)
        .chain(TAIL.iter().cloned())
        .collect()
});

/// A keymap: the table above, or the table with the keys of `[keys]` in the config put in
/// (`keys_config::configured`).
pub type Keymap = &'static [Binding];

/// The table as built in, without the config's keys.
pub fn built_in() -> Keymap {
    BINDINGS.as_slice()
}

/// The keys `1`..`9`: the tabs' number keys.
const DIGITS: [Key; 9] = [
    Key::ch('1'),
    Key::ch('2'),
    Key::ch('3'),
    Key::ch('4'),
    Key::ch('5'),
    Key::ch('6'),
    Key::ch('7'),
    Key::ch('8'),
    Key::ch('9'),
];

#[rustfmt::skip]
const HEAD: &[Binding] = &[
    // The list.
    b(List, Cmd::New, &[Key::ch('n'), Key::f(2), Key::ctrl('n')], Some(T::HintNew), T::HelpNew, Writable),
    b(List, Cmd::NewIncident, &[Key::ch('i'), Key::ctrl('e')], Some(T::HintIncident), T::HelpIncident, OnLog),
    b(List, Cmd::NewInspection, &[Key::ch('I')], None, T::HelpInspection, OnLog),
    b(List, Cmd::Act(ActKind::Dispatch), &[Key::ch('d'), Key::f(5)], Some(T::HintDispatch), T::HelpDispatch, Can(ActKind::Dispatch)),
    b(List, Cmd::Act(ActKind::Arrive), &[Key::ch('a'), Key::f(6)], Some(T::HintArrive), T::HelpArrive, Can(ActKind::Arrive)),
    b(List, Cmd::Act(ActKind::Assess), &[Key::ch('e')], Some(T::HintAssess), T::HelpAssess, Can(ActKind::Assess)),
    b(List, Cmd::Act(ActKind::Propose), &[Key::ch('p')], Some(T::HintPropose), T::HelpPropose, Can(ActKind::Propose)),
    b(List, Cmd::Act(ActKind::NotifyDeveloper), &[Key::ch('D')], Some(T::HintNotifyDeveloper), T::HelpNotifyDeveloper, Can(ActKind::NotifyDeveloper)),
    b(List, Cmd::Act(ActKind::NotifyHeating), &[Key::ch('T')], Some(T::HintNotifyHeating), T::HelpNotifyHeating, Can(ActKind::NotifyHeating)),
    b(List, Cmd::Act(ActKind::WarrantyExplained), &[Key::ch('W')], None, T::HelpWarrantyExplained, Can(ActKind::WarrantyExplained)),
    b(List, Cmd::WorkOrder, &[Key::ch('O'), Key::ctrl('o')], Some(T::HintWorkOrder), T::HelpWorkOrder, RepairCall),
    b(List, Cmd::FoundRepair, &[Key::ch('O'), Key::ctrl('o')], Some(T::HintFoundRepair), T::HelpFoundRepair, OnRound),
    b(List, Cmd::Act(ActKind::Reply), &[Key::ch('r'), Key::f(7)], Some(T::HintReply), T::HelpReply, Can(ActKind::Reply)),
    b(List, Cmd::Act(ActKind::ReplyWritten), &[Key::ch('w')], Some(T::HintReplyWritten), T::HelpReplyWritten, Can(ActKind::ReplyWritten)),
    b(List, Cmd::Act(ActKind::Resolve), &[Key::ch('f'), Key::f(8)], Some(T::HintResolve), T::HelpResolve, Can(ActKind::Resolve)),
    b(List, Cmd::Act(ActKind::Callback), &[Key::ch('c')], Some(T::HintCallback), T::HelpCallback, Can(ActKind::Callback)),
    b(List, Cmd::Act(ActKind::Notice), &[Key::ch('N')], Some(T::HintNotice), T::HelpNotice, Can(ActKind::Notice)),
    b(List, Cmd::Act(ActKind::Classify), &[Key::ch('l')], Some(T::HintClassify), T::HelpClassify, Can(ActKind::Classify)),
    b(List, Cmd::Act(ActKind::Report), &[Key::ch('u'), Key::ctrl('u')], Some(T::HintReport), T::HelpReport, Can(ActKind::Report)),
    b(List, Cmd::Act(ActKind::Close), &[Key::ch('o')], Some(T::HintCloseIncident), T::HelpCloseIncident, Can(ActKind::Close)),
    b(List, Cmd::Act(ActKind::Used), &[Key::ch('t')], Some(T::HintUsed), T::HelpUsed, Can(ActKind::Used)),
    b(List, Cmd::Act(ActKind::Note), &[Key::ch('m'), Key::f(9)], Some(T::HintNote), T::HelpNote, Can(ActKind::Note)),
    b(List, Cmd::Act(ActKind::Watch), &[Key::ch('h')], Some(T::HintWatch), T::HelpWatch, Can(ActKind::Watch)),
    b(List, Cmd::Act(ActKind::Unwatch), &[Key::ch('H')], Some(T::HintUnwatch), T::HelpUnwatch, Can(ActKind::Unwatch)),
    b(List, Cmd::Act(ActKind::Resume), &[Key::ch('Z'), Key::ctrl('r')], Some(T::HintResume), T::HelpResume, Can(ActKind::Resume)),
    b(List, Cmd::Act(ActKind::Void), &[Key::ch('x')], Some(T::HintVoid), T::HelpVoid, Can(ActKind::Void)),
    b(List, Cmd::SignHandover, &[Key::ch('S'), Key::f(11)], Some(T::HintSign), T::HelpSign, OnHandover),
    b(List, Cmd::RefuseHandover, &[Key::ch('R'), Key::f(12)], Some(T::HintRefuse), T::HelpRefuse, OnHandover),
    b(List, Cmd::ReadHandover, &[Key::ch('v'), Key::ctrl('r')], Some(T::HintReadHandover), T::HelpReadHandover, HandoverStarted),
    b(List, Cmd::ShowCompiled, &[Key::ch('F'), Key::ctrl('g')], Some(T::HintCompiled), T::HelpCompiled, OnShiftTab),
    b(List, Cmd::Filter, &[Key::ch('/'), Key::f(4)], Some(T::HintFilter), T::HelpFilter, Always),
    b(List, Cmd::Search, &[Key::ch('s'), Key::f(3), Key::ctrl('f')], Some(T::HintSearch), T::HelpSearch, Always),
    b(List, Cmd::Actions, &[Key::ctrl('k')], Some(T::HintActions), T::HelpActions, Always),
    // After search: the footer drops what does not fit, and pausing is rarer than finding.
    b(List, Cmd::Act(ActKind::Pause), &[Key::ch('z'), Key::ctrl('p')], Some(T::HintPause), T::HelpPause, Can(ActKind::Pause)),
    b(List, Cmd::CallbacksDue, &[Key::ch('b')], Some(T::HintCallbacksDue), T::HelpCallbacksDue, OnCallsOrRepairs),
    b(List, Cmd::ClearFilter, &[K_ESC], Some(T::HintBack), T::HelpClearFilter, Narrowed),
    b(List, Cmd::Zoom, &[K_ENTER], Some(T::HintZoom), T::HelpZoom, Selected),
    b(List, Cmd::Help, &[Key::ch('?'), Key::f(1)], Some(T::HintHelp), T::HelpHelp, Always),
    b(List, Cmd::Quit, &[Key::ch('q'), Key::f(10), K_QUIT], Some(T::HintQuit), T::HelpQuit, Always),
    b(List, Cmd::NextTab, &[K_TAB], None, T::HelpNextTab, Always),
    b(List, Cmd::PrevTab, &[K_BACKTAB], None, T::HelpPrevTab, Always),
    // Last: the footer shows it only where there is room after the steps.
    b(List, Cmd::Reviews, &[Key::ch('V'), Key::ctrl('t')], Some(T::HintReviews), T::HelpReviews, Always),
    b(List, Cmd::Yearly, &[Key::ch('Y'), Key::ctrl('y')], Some(T::HintYearly), T::HelpYearly, Always),
];

#[rustfmt::skip]
const TAIL: &[Binding] = &[
    // The zoomed detail scrolls (before the list's page keys: the first offered wins).
    b(List, Cmd::DetailPageUp, &[Key::new(KeyCode::PageUp)], None, T::HelpDetailPageUp, Zoomed),
    b(List, Cmd::DetailPageDown, &[Key::new(KeyCode::PageDown)], None, T::HelpDetailPageDown, Zoomed),
    b(List, Cmd::DetailTop, &[Key::new(KeyCode::Home), Key::ch('g')], None, T::HelpDetailTop, Zoomed),
    b(List, Cmd::DetailBottom, &[Key::new(KeyCode::End), Key::ch('G')], None, T::HelpDetailBottom, Zoomed),
    b(List, Cmd::Up, &[K_UP, Key::ch('k')], None, T::HelpUp, Always),
    b(List, Cmd::Down, &[K_DOWN, Key::ch('j')], None, T::HelpDown, Always),
    b(List, Cmd::PageUp, &[Key::new(KeyCode::PageUp)], None, T::HelpPageUp, Always),
    b(List, Cmd::PageDown, &[Key::new(KeyCode::PageDown)], None, T::HelpPageDown, Always),
    b(List, Cmd::Top, &[Key::new(KeyCode::Home), Key::ch('g')], None, T::HelpTop, Always),
    b(List, Cmd::Bottom, &[Key::new(KeyCode::End), Key::ch('G')], None, T::HelpBottom, Always),
    b(List, Cmd::Redraw, &[Key::ctrl('l')], None, T::HelpRedraw, Always),
    // Typing a filter.
    b(Filter, Cmd::Accept, &[K_ENTER], Some(T::HintKeepFilter), T::HelpKeepFilter, Always),
    b(Filter, Cmd::Cancel, &[K_ESC], Some(T::HintClear), T::HelpClearFilter, Always),
    b(Filter, Cmd::Up, &[K_UP], None, T::HelpUp, Always),
    b(Filter, Cmd::Down, &[K_DOWN], None, T::HelpDown, Always),
    b(Filter, Cmd::Quit, &[Key::f(10), K_QUIT], Some(T::HintQuit), T::HelpQuit, Always),
    // Searching everything.
    b(Search, Cmd::Accept, &[K_ENTER], Some(T::HintOpen), T::HelpOpenHit, Selected),
    b(Search, Cmd::Cancel, &[K_ESC], Some(T::HintClose), T::HelpCloseSearch, Always),
    b(Search, Cmd::Up, &[K_UP], None, T::HelpHitUp, Always),
    b(Search, Cmd::Down, &[K_DOWN], None, T::HelpHitDown, Always),
    b(Search, Cmd::PageUp, &[Key::new(KeyCode::PageUp)], None, T::HelpPageUp, Always),
    b(Search, Cmd::PageDown, &[Key::new(KeyCode::PageDown)], None, T::HelpSearchPageDown, Always),
    b(Search, Cmd::Quit, &[Key::f(10), K_QUIT], Some(T::HintQuit), T::HelpQuit, Always),
    // An inspection round's checklist (before the form's own keys: the first offered wins).
    b(Form, Cmd::Remark, &[K_ENTER], Some(T::HintRemark), T::HelpRemark, OnCheckItem),
    b(Form, Cmd::Remark, &[K_ENTER], Some(T::HintRemarkDone), T::HelpRemarkDone, OnRemark),
    b(Form, Cmd::CheckNext, &[Key::ch(' '), Key::new(KeyCode::Right)], Some(T::HintCheck), T::HelpCheckNext, OnCheckItem),
    b(Form, Cmd::CheckPrev, &[Key::new(KeyCode::Left)], None, T::HelpCheckPrev, OnCheckItem),
    b(Form, Cmd::ItemDown, &[K_DOWN], None, T::HelpItemDown, OnChecklist),
    b(Form, Cmd::ItemUp, &[K_UP], None, T::HelpItemUp, OnChecklist),
    // A form.
    b(Form, Cmd::Save, &[K_ENTER, Key::f(2)], Some(T::HintSave), T::HelpSave, Always),
    b(Form, Cmd::Cancel, &[K_ESC], Some(T::HintCancel), T::HelpCancel, Always),
    b(Form, Cmd::NextField, &[K_TAB, K_DOWN], Some(T::HintNextField), T::HelpNextField, Always),
    b(Form, Cmd::PrevField, &[K_BACKTAB, K_UP], None, T::HelpPrevField, Always),
    b(Form, Cmd::Tick, &[Key::ch(' ')], Some(T::HintTick), T::HelpTick, OnTicks),
    b(Form, Cmd::LookupFill, &[Key::ctrl('l'), Key::f(3)], Some(T::HintLookupFill), T::HelpLookupFill, OnLookup),
    b(Form, Cmd::LookupNext, &[Key::new(KeyCode::PageDown)], None, T::HelpLookupNext, OnLookup),
    b(Form, Cmd::LookupPrev, &[Key::new(KeyCode::PageUp)], None, T::HelpLookupPrev, OnLookup),
    b(Form, Cmd::ChoiceNext, &[Key::new(KeyCode::Right), Key::ch(' ')], Some(T::HintChoose), T::HelpChoiceNext, OnChoice),
    b(Form, Cmd::ChoicePrev, &[Key::new(KeyCode::Left)], None, T::HelpChoicePrev, OnChoice),
    b(Form, Cmd::Quit, &[Key::f(10), K_QUIT], Some(T::HintQuit), T::HelpQuit, Always),
    // The help.
    b(Help, Cmd::CloseHelp, &[K_ESC, Key::ch('?'), Key::ch('q'), Key::f(1), K_ENTER], Some(T::HintClose), T::HelpCloseHelp, Always),
    b(Help, Cmd::Up, &[K_UP, Key::ch('k')], None, T::HelpScrollUp, Always),
    b(Help, Cmd::Down, &[K_DOWN, Key::ch('j')], None, T::HelpScrollDown, Always),
    b(Help, Cmd::PageUp, &[Key::new(KeyCode::PageUp)], None, T::HelpPageUp, Always),
    b(Help, Cmd::PageDown, &[Key::new(KeyCode::PageDown)], None, T::HelpPageDown, Always),
    b(Help, Cmd::Top, &[Key::new(KeyCode::Home), Key::ch('g')], None, T::HelpHelpTop, Always),
    b(Help, Cmd::Bottom, &[Key::new(KeyCode::End), Key::ch('G')], None, T::HelpHelpBottom, Always),
    // Asking before quitting.
    b(ConfirmQuit, Cmd::ConfirmYes, &[Key::ch('y'), K_ENTER, Key::f(10), K_QUIT], Some(T::HintQuitAnyway), T::HelpQuitAnyway, Always),
    b(ConfirmQuit, Cmd::ConfirmNo, &[Key::ch('n'), K_ESC], Some(T::HintStay), T::HelpStay, Always),
    // Asking before a form with typed text is dropped: only a deliberate key drops it.
    b(ConfirmDiscard, Cmd::Discard, &[Key::ch('y'), Key::ctrl('d')], Some(T::HintDiscard), T::HelpDiscard, Always),
    b(Actions, Cmd::Accept, &[K_ENTER], Some(T::HintRun), T::HelpRunAction, Always),
    b(Actions, Cmd::Cancel, &[K_ESC, Key::ctrl('k')], Some(T::HintClose), T::HelpCloseActions, Always),
    b(Actions, Cmd::Up, &[K_UP], None, T::HelpStepUp, Always),
    b(Actions, Cmd::Down, &[K_DOWN], None, T::HelpStepDown, Always),
    b(Actions, Cmd::Quit, &[Key::f(10), K_QUIT], Some(T::HintQuit), T::HelpQuit, Always),

    b(ConfirmDiscard, Cmd::ConfirmNo, &[Key::ch('n'), K_ESC, K_ENTER], Some(T::HintKeepEditing), T::HelpKeepEditing, Always),
    // The reviews view.
    b(Reviews, Cmd::ReviewSpan(0), &[Key::ch('d'), Key::f(5)], Some(T::HintReviewDaily), T::HelpReviewDaily, Always),
    b(Reviews, Cmd::ReviewSpan(1), &[Key::ch('w'), Key::f(6)], Some(T::HintReviewWeekly), T::HelpReviewWeekly, Always),
    b(Reviews, Cmd::ReviewSpan(2), &[Key::ch('m'), Key::f(7)], Some(T::HintReviewMonthly), T::HelpReviewMonthly, Always),
    b(Reviews, Cmd::ReviewPrev, &[Key::new(KeyCode::Left), Key::ch('[')], Some(T::HintReviewPrev), T::HelpReviewPrev, Always),
    b(Reviews, Cmd::ReviewNext, &[Key::new(KeyCode::Right), Key::ch(']')], Some(T::HintReviewNext), T::HelpReviewNext, Always),
    b(Reviews, Cmd::ReviewCycle, &[K_TAB], None, T::HelpReviewCycle, Always),
    b(Reviews, Cmd::Cancel, &[K_ESC, Key::ch('q'), Key::ch('V'), Key::ctrl('t')], Some(T::HintClose), T::HelpCloseReviews, Always),
    b(Reviews, Cmd::Up, &[K_UP, Key::ch('k')], None, T::HelpReviewUp, Always),
    b(Reviews, Cmd::Down, &[K_DOWN, Key::ch('j')], None, T::HelpReviewDown, Always),
    b(Reviews, Cmd::PageUp, &[Key::new(KeyCode::PageUp)], None, T::HelpReviewPageUp, Always),
    b(Reviews, Cmd::PageDown, &[Key::new(KeyCode::PageDown)], None, T::HelpReviewPageDown, Always),
    b(Reviews, Cmd::Top, &[Key::new(KeyCode::Home), Key::ch('g')], None, T::HelpReviewTop, Always),
    b(Reviews, Cmd::Bottom, &[Key::new(KeyCode::End), Key::ch('G')], None, T::HelpReviewBottom, Always),
    b(Reviews, Cmd::Help, &[Key::ch('?'), Key::f(1)], None, T::HelpHelp, Always),
    b(Reviews, Cmd::Quit, &[Key::f(10), K_QUIT], Some(T::HintQuit), T::HelpQuit, Always),
    // The compiled handover, read in full.
    b(Compiled, Cmd::Cancel, &[K_ESC, Key::ch('q'), K_ENTER, Key::ch('F'), Key::ctrl('g')], Some(T::HintClose), T::HelpCloseCompiled, Always),
    b(Compiled, Cmd::Up, &[K_UP, Key::ch('k')], None, T::HelpScrollUp, Always),
    b(Compiled, Cmd::Down, &[K_DOWN, Key::ch('j')], None, T::HelpScrollDown, Always),
    b(Compiled, Cmd::PageUp, &[Key::new(KeyCode::PageUp)], Some(T::HintPage), T::HelpPageUp, Always),
    b(Compiled, Cmd::PageDown, &[Key::new(KeyCode::PageDown)], None, T::HelpPageDown, Always),
    b(Compiled, Cmd::Top, &[Key::new(KeyCode::Home), Key::ch('g')], None, T::HelpCompiledTop, Always),
    b(Compiled, Cmd::Bottom, &[Key::new(KeyCode::End), Key::ch('G')], None, T::HelpCompiledBottom, Always),
    b(Compiled, Cmd::Help, &[Key::ch('?'), Key::f(1)], Some(T::HintHelp), T::HelpHelp, Always),
    b(Compiled, Cmd::Quit, &[Key::f(10), K_QUIT], Some(T::HintQuit), T::HelpQuit, Always),
    // The yearly household callbacks: what is typed filters the list.
    b(Yearly, Cmd::YearlyRecord, &[K_ENTER, Key::f(2)], Some(T::HintYearlyRecord), T::HelpYearlyRecord, Writable),
    b(Yearly, Cmd::YearlyRecord, &[K_ENTER, Key::f(2)], None, T::HelpYearlyReadOnly, Always),
    b(Yearly, Cmd::YearlyCalled, &[K_TAB, Key::f(5)], Some(T::HintYearlyCalled), T::HelpYearlyCalled, YearlyDue),
    b(Yearly, Cmd::YearlyCalled, &[K_TAB, Key::f(5)], Some(T::HintYearlyDue), T::HelpYearlyDue, When::YearlyCalled),
    b(Yearly, Cmd::Cancel, &[K_ESC], Some(T::HintClose), T::HelpCloseYearly, Always),
    b(Yearly, Cmd::Yearly, &[Key::ctrl('y')], None, T::HelpYearlyClose, Always),
    // `?` is typed into the filter: F1 opens the help, which comes back here.
    b(Yearly, Cmd::Help, &[Key::f(1)], Some(T::HintHelp), T::HelpHelp, Always),
    b(Yearly, Cmd::Up, &[K_UP], None, T::HelpHouseholdUp, Always),
    b(Yearly, Cmd::Down, &[K_DOWN], None, T::HelpHouseholdDown, Always),
    b(Yearly, Cmd::PageUp, &[Key::new(KeyCode::PageUp)], None, T::HelpPageUp, Always),
    b(Yearly, Cmd::PageDown, &[Key::new(KeyCode::PageDown)], None, T::HelpPageDown, Always),
    b(Yearly, Cmd::Top, &[Key::new(KeyCode::Home)], None, T::HelpHouseholdTop, Always),
    b(Yearly, Cmd::Bottom, &[Key::new(KeyCode::End)], None, T::HelpHouseholdBottom, Always),
    b(Yearly, Cmd::Quit, &[Key::f(10), K_QUIT], Some(T::HintQuit), T::HelpQuit, Always),
];

/// The binding a key triggers in `mode`, among those `offered` now.
/// Outside text entry, a key a Chinese input method sends in place of an ASCII one (`？` for
/// `?`, `、` for `/`, full-width letters) works as that key.
pub fn lookup(
    map: Keymap,
    mode: Mode,
    key: Key,
    offered: impl Fn(When) -> bool,
) -> Option<&'static Binding> {
    let find = |key: Key| {
        map.iter()
            .filter(|b| b.mode == mode && b.keys.contains(&key))
            .find(|b| offered(b.when))
    };
    let typing = matches!(
        mode,
        Mode::Form | Mode::Filter | Mode::Search | Mode::Yearly
    );
    find(key).or_else(|| match (typing, half_width(key)) {
        (false, Some(ascii)) => find(ascii),
        _ => None,
    })
}

/// The ASCII key an input method's full-width character stands for.
fn half_width(key: Key) -> Option<Key> {
    let KeyCode::Char(c) = key.code else {
        return None;
    };
    let ascii = match c {
        '、' => '/',
        '。' => '.',
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21)?,
        _ => return None,
    };
    Some(Key {
        code: KeyCode::Char(ascii),
        ..key
    })
}

/// The bindings of `mode` offered now that have a status-bar hint, most important first.
pub fn hints(map: Keymap, mode: Mode, offered: impl Fn(When) -> bool) -> Vec<&'static Binding> {
    map.iter()
        .filter(|b| b.mode == mode && b.hint.is_some() && offered(b.when))
        .collect()
}

/// Every binding of a mode, for the help.
/// The steps the menu (Ctrl-K) offers now: every list binding that starts something for the
/// selected record or tab, in the keymap's order (moving, tabs, filter and the like are not).
pub fn actions(map: Keymap, offered: impl Fn(When) -> bool) -> Vec<&'static Binding> {
    map.iter()
        .filter(|b| b.mode == Mode::List && starts_a_step(b.cmd) && offered(b.when))
        .collect()
}

fn starts_a_step(cmd: Cmd) -> bool {
    matches!(
        cmd,
        Cmd::New
            | Cmd::NewIncident
            | Cmd::NewInspection
            | Cmd::Act(_)
            | Cmd::WorkOrder
            | Cmd::FoundRepair
            | Cmd::SignHandover
            | Cmd::RefuseHandover
            | Cmd::ReadHandover
            | Cmd::ShowCompiled
            | Cmd::CallbacksDue
    )
}

pub fn help(map: Keymap, mode: Mode) -> impl Iterator<Item = &'static Binding> {
    map.iter().filter(move |b| b.mode == mode)
}

/// "n F2 ^N": every key of a binding.
pub fn keys_text(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The moving keys say what they move in each view: records (in urgency order) only in
    /// the record lists; a view's keys are worded apart (in Chinese the tab keys read like
    /// the page keys until they were).
    #[test]
    fn each_view_words_its_moving_keys_for_what_they_move() {
        let moving = [Cmd::Up, Cmd::Down, Cmd::Top, Cmd::Bottom];
        for b in BINDINGS.iter().filter(|b| moving.contains(&b.cmd)) {
            let en = b.help.s(Lang::En);
            let records = matches!(b.mode, Mode::List | Mode::Filter);
            assert_eq!(
                en.contains("record"),
                records,
                "{:?} {:?}: {en}",
                b.mode,
                b.cmd
            );
            let urgent = records && b.cmd == Cmd::Top;
            assert_eq!(
                en.contains("overdue"),
                urgent,
                "{:?} {:?}: {en}",
                b.mode,
                b.cmd
            );
        }
        for mode in Mode::ALL {
            let of: Vec<&Binding> = BINDINGS.iter().filter(|b| b.mode == *mode).collect();
            for (i, a) in of.iter().enumerate() {
                for b in &of[i + 1..] {
                    for lang in [Lang::En, Lang::Zh] {
                        assert!(
                            a.cmd == b.cmd || a.help.s(lang) != b.help.s(lang),
                            "{mode:?}: {:?} and {:?} both read {:?}",
                            a.cmd,
                            b.cmd,
                            a.help.s(lang)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode_under_the_same_condition() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.mode == b.mode && a.when == b.when {
                    for k in a.keys {
                        assert!(!b.keys.contains(k), "{k:?} bound twice in {:?}", a.mode);
                    }
                }
            }
        }
    }

    #[test]
    fn every_write_step_has_a_key_an_input_method_cannot_swallow() {
        for binding in BINDINGS.iter().filter(|b| b.mode == Mode::List) {
            if matches!(
                binding.cmd,
                Cmd::New
                    | Cmd::Act(ActKind::Dispatch | ActKind::Arrive | ActKind::Resolve)
                    | Cmd::Search
                    | Cmd::Quit
            ) {
                assert!(
                    binding
                        .keys
                        .iter()
                        .any(|k| k.ctrl || matches!(k.code, KeyCode::F(_))),
                    "{:?} needs an F-key or Ctrl binding",
                    binding.cmd
                );
            }
        }
    }
}
