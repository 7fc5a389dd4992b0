//! Events in: keys, pastes and the commands they run.

use super::form::Form;
use super::keymap::{Cmd, Mode};
use super::keys::{Event, Key};
use super::search::Search;
use super::{App, Message, Tab, input, keymap};
use crate::i18n::tui::T;
use crate::store::Store;

impl App {
    // ----- events ----------------------------------------------------------------------------

    pub fn handle(&mut self, event: Event, store: &mut Store) {
        self.dirty = true;
        match event {
            Event::Resize(..) => {}
            Event::Paste(text) => self.paste(&text, store),
            Event::Key(key) => self.key(key, store),
            Event::Mouse(m) => self.mouse(m, store),
        }
        self.keep_draft();
        self.recompute_next_change();
    }

    fn paste(&mut self, text: &str, store: &Store) {
        match self.mode {
            Mode::Form => {
                if let Some(form) = &mut self.form {
                    form.paste(text);
                    form.look_up(store, self.now);
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
            Mode::Yearly => {
                if let Some(y) = &mut self.yearly {
                    y.filter.insert_str(text);
                }
                self.refilter_yearly(store);
            }
            _ => {}
        }
    }

    fn key(&mut self, key: Key, store: &mut Store) {
        if self.mode == Mode::List {
            self.message = None;
        }
        let binding = keymap::lookup(self.keymap, self.mode, key, |w| self.offered(w));
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
                let now = self.now;
                if let Some(form) = &mut self.form
                    && form.edit(key)
                {
                    form.look_up(store, now);
                }
            }
            Mode::Yearly => {
                let edited = self.yearly.as_mut().is_some_and(|y| y.filter.edit(key));
                if edited {
                    self.refilter_yearly(store);
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

    pub(super) fn move_selection(&mut self, delta: isize, store: &Store) {
        self.reading_handover = false;
        let now = self.now;
        let r = self.list_mut().move_by(delta, store, now);
        self.report(r);
        self.load_detail(store);
    }

    /// Move the search's selection, reading the next page of hits when it runs past them.
    pub(super) fn move_hit(&mut self, delta: isize, store: &Store) {
        let now = self.now;
        if let Some(search) = &mut self.search {
            let r = search.move_by(delta, store, now);
            self.report(r);
        }
    }

    /// Hits in one page of the search popup, as last drawn.
    fn search_page(&self) -> isize {
        self.search_rows.get().max(2) as isize - 1
    }

    fn page(&self) -> isize {
        self.list().view_rows.get().max(2) as isize - 1
    }

    /// Scroll the help by `by` lines, within what the last drawing showed.
    pub(super) fn scroll_help(&mut self, by: isize) {
        let last = self.help_view.get().0 as isize;
        self.help_scroll = (self.help_scroll as isize + by).clamp(0, last.max(0)) as usize;
    }

    /// The handover's notes in full: its record in the full-size detail, which scrolls (Esc or
    /// Enter: back to the list and the selected record).
    fn read_handover(&mut self, store: &Store) {
        if self.handover.is_none() {
            return;
        }
        self.zoom = true;
        self.reading_handover = true;
        self.load_detail(store);
    }

    /// Scroll the compiled handover by `by` lines, within what the last drawing showed.
    pub(super) fn scroll_compiled(&mut self, by: isize) {
        let last = self.compiled_view.get().0.min(isize::MAX as usize) as isize;
        self.compiled_scroll = (self.compiled_scroll as isize + by).clamp(0, last.max(0)) as usize;
    }

    /// The compiled handover in full: the same compile and the same lines as `handover show`.
    pub(super) fn show_compiled(&mut self, store: &Store) {
        self.load_handover(store);
        let Some(draft) = self.handover_draft.clone() else {
            return;
        };
        let compiled = crate::handover_text::compile(
            store,
            &self.desk,
            self.now,
            &draft,
            self.handover.as_ref(),
            self.unsigned_previous.as_ref(),
        );
        match compiled {
            Ok(c) => {
                self.compiled = c.lines;
                self.compiled_scroll = 0;
                self.mode = Mode::Compiled;
            }
            Err(e) => self.report(Err(e)),
        }
    }

    /// Scroll the zoomed detail by `by` lines, within what the last drawing showed.
    pub(super) fn scroll_detail(&mut self, by: isize) {
        let last = self.detail_view.get().0.min(isize::MAX as usize) as isize;
        self.detail_scroll = (self.detail_scroll as isize + by).clamp(0, last.max(0)) as usize;
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
            (_, Cmd::Reviews) | (Mode::Reviews, Cmd::Cancel) => self.toggle_reviews(store),
            (_, Cmd::ReviewSpan(i)) => {
                let span = super::reviews::SPANS.get(i).copied();
                self.review_period(span, 0, store);
            }
            (_, Cmd::ReviewCycle) => self.review_next_span(store),
            (_, Cmd::ReviewPrev) => self.review_period(None, -1, store),
            (_, Cmd::ReviewNext) => self.review_period(None, 1, store),
            (_, Cmd::Yearly) => self.toggle_yearly(store),
            (Mode::Yearly, Cmd::Cancel) => self.yearly_back(store),
            (_, Cmd::YearlyRecord) => self.open_yearly_form(),
            (_, Cmd::YearlyCalled) => self.toggle_yearly_called(),
            (Mode::Yearly, Cmd::Up) => self.move_yearly(-1),
            (Mode::Yearly, Cmd::Down) => self.move_yearly(1),
            (Mode::Yearly, Cmd::PageUp) => self.move_yearly(-self.yearly_page()),
            (Mode::Yearly, Cmd::PageDown) => self.move_yearly(self.yearly_page()),
            (Mode::Yearly, Cmd::Top) => self.move_yearly(isize::MIN / 2),
            (Mode::Yearly, Cmd::Bottom) => self.move_yearly(isize::MAX / 2),
            (_, Cmd::NextTab) => self.switch_tab(self.tab.next(), store),
            (_, Cmd::PrevTab) => self.switch_tab(self.tab.prev(), store),
            (_, Cmd::GoTab(i)) => self.switch_tab(Tab::from_index(i), store),
            (Mode::Reviews, Cmd::Up) => self.scroll_reviews(-1),
            (Mode::Reviews, Cmd::Down) => self.scroll_reviews(1),
            (Mode::Reviews, Cmd::PageUp) => self.scroll_reviews(-self.reviews_page()),
            (Mode::Reviews, Cmd::PageDown) => self.scroll_reviews(self.reviews_page()),
            (Mode::Reviews, Cmd::Top) => self.scroll_reviews(isize::MIN / 2),
            (Mode::Reviews, Cmd::Bottom) => self.scroll_reviews(isize::MAX / 2),
            (Mode::Help, Cmd::Up) => self.scroll_help(-1),
            (Mode::Help, Cmd::Down) => self.scroll_help(1),
            (Mode::Help, Cmd::PageUp) => self.scroll_help(-(self.help_view.get().1 as isize)),
            (Mode::Help, Cmd::PageDown) => self.scroll_help(self.help_view.get().1 as isize),
            (Mode::Help, Cmd::Top) => self.help_scroll = 0,
            (Mode::Help, Cmd::Bottom) => self.help_scroll = self.help_view.get().0,
            (Mode::Help, Cmd::CloseHelp) => {
                self.mode = self.back_mode();
                self.help_scroll = 0;
            }
            (Mode::Compiled, Cmd::Up) => self.scroll_compiled(-1),
            (Mode::Compiled, Cmd::Down) => self.scroll_compiled(1),
            (Mode::Compiled, Cmd::PageUp) => {
                self.scroll_compiled(-(self.compiled_view.get().1.max(2) as isize - 1))
            }
            (Mode::Compiled, Cmd::PageDown) => {
                self.scroll_compiled(self.compiled_view.get().1.max(2) as isize - 1)
            }
            (Mode::Compiled, Cmd::Top) => self.compiled_scroll = 0,
            (Mode::Compiled, Cmd::Bottom) => {
                self.compiled_scroll = self.compiled_view.get().0.min(1 << 20)
            }
            (Mode::Compiled, Cmd::Cancel) => {
                self.compiled = Vec::new();
                self.mode = Mode::List;
            }
            (_, Cmd::ShowCompiled) => self.show_compiled(store),
            (Mode::Actions, Cmd::Up) => {
                self.action_selected = self.action_selected.saturating_sub(1);
            }
            (Mode::Actions, Cmd::Down) => {
                let last = self.actions.len().saturating_sub(1);
                self.action_selected = (self.action_selected + 1).min(last);
            }
            (Mode::Actions, Cmd::Cancel) => {
                self.actions.clear();
                self.mode = Mode::List;
            }
            (Mode::Actions, Cmd::Accept) => {
                let chosen = self.actions.get(self.action_selected).map(|b| b.cmd);
                self.actions.clear();
                self.mode = Mode::List;
                if let Some(cmd) = chosen {
                    self.run(cmd, store);
                }
            }
            (_, Cmd::Actions) => {
                self.actions = keymap::actions(self.keymap, |w| self.offered(w));
                self.action_selected = 0;
                if self.actions.is_empty() {
                    self.message = Some(Message {
                        text: T::ActionsNone.s(lang).to_string(),
                        error: false,
                    });
                } else {
                    self.mode = Mode::Actions;
                }
            }
            (Mode::Search, Cmd::Up) => self.move_hit(-1, store),
            (Mode::Search, Cmd::Down) => self.move_hit(1, store),
            (Mode::Search, Cmd::PageUp) => self.move_hit(-self.search_page(), store),
            (Mode::Search, Cmd::PageDown) => self.move_hit(self.search_page(), store),
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
            (_, Cmd::Zoom) => {
                self.zoom = !self.zoom;
                self.reading_handover = false;
                self.detail_scroll = 0;
                // Back from the handover's notes: the selected record's detail again.
                self.load_detail(store);
            }
            (_, Cmd::ReadHandover) => self.read_handover(store),
            (_, Cmd::DetailPageUp) => self.scroll_detail(-(self.detail_view.get().1 as isize - 1)),
            (_, Cmd::DetailPageDown) => self.scroll_detail(self.detail_view.get().1 as isize - 1),
            (_, Cmd::DetailTop) => self.detail_scroll = 0,
            (_, Cmd::DetailBottom) => self.detail_scroll = self.detail_view.get().0.min(1 << 20),
            (_, Cmd::New) => {
                self.form = Some(match self.tab.kind() {
                    Some(kind) => Form::new_record(kind, &self.desk.policy.areas),
                    None => Form::handover_note(),
                });
                self.mode = Mode::Form;
            }
            (_, Cmd::NewInspection) => self.open_shortcut(crate::domain::Shortcut::Round),
            (_, Cmd::NewIncident) => self.open_shortcut(crate::domain::Shortcut::Incident),
            (_, Cmd::SignHandover) => self.open_signature(false),
            (_, Cmd::RefuseHandover) => self.open_signature(true),
            (_, Cmd::Filter) => self.mode = Mode::Filter,
            (_, Cmd::WorkOrder) => {
                if let Some(form) = self.selected().and_then(Form::work_order) {
                    self.form = Some(form);
                    self.mode = Mode::Form;
                }
            }
            (_, Cmd::FoundRepair) => self.open_found_repair(),
            (_, Cmd::CallbacksDue) => {
                let l = &self.desk.policy.limits;
                let days = (l.quality_callback_from_days, l.quality_callback_to_days);
                let list = self.list_mut();
                list.callbacks_due = !list.callbacks_due;
                list.quality_days = Some(days);
                self.refilter(store);
            }
            (Mode::Filter, Cmd::Accept) => self.mode = Mode::List,
            (Mode::Filter, Cmd::Cancel) | (_, Cmd::ClearFilter) => {
                self.mode = Mode::List;
                if self.list().filtered() {
                    self.list_mut().filter.clear();
                    self.list_mut().callbacks_due = false;
                    self.refilter(store);
                } else {
                    self.zoom = false;
                    self.reading_handover = false;
                    self.load_detail(store);
                }
            }
            (_, Cmd::Search) => {
                // The last search's text is kept (opening a hit left it): back where it was.
                let now = self.now;
                match &mut self.search {
                    Some(search) => {
                        let r = search.reopen(store, now);
                        self.report(r);
                    }
                    None => self.search = Some(Search::default()),
                }
                self.mode = Mode::Search;
            }
            (_, Cmd::Help) => self.mode = Mode::Help,
            (_, Cmd::Redraw) => self.clear = true,
            (_, Cmd::Act(act)) => {
                if let Some(record) = self.selected() {
                    self.form = Some(Form::action(act, record, lang));
                    self.mode = Mode::Form;
                }
            }
            (_, Cmd::Save) => self.save(store),
            (Mode::Form, Cmd::Cancel) if self.form.as_ref().is_some_and(Form::unsaved) => {
                self.back_from_confirm = Mode::Form;
                self.mode = Mode::ConfirmDiscard;
            }
            (Mode::Form, Cmd::Cancel) | (_, Cmd::Discard) => {
                self.form = None;
                self.mode = self.back_mode();
                self.message = Some(Message {
                    text: T::NothingSaved.s(lang).into(),
                    error: false,
                });
            }
            (_, Cmd::NextField | Cmd::PrevField) => {
                let now = self.now;
                let forward = cmd == Cmd::NextField;
                self.with_form(|f| {
                    f.next_field(forward);
                    f.look_up(store, now);
                });
            }
            (_, Cmd::LookupNext) => self.with_form(|f| {
                f.choose_match(true);
            }),
            (_, Cmd::LookupPrev) => self.with_form(|f| {
                f.choose_match(false);
            }),
            (_, Cmd::LookupFill) => {
                let room = self.form.as_mut().and_then(|f| f.fill_from_lookup());
                if let Some(room) = room {
                    self.message = Some(Message {
                        text: format!("{} {room}", T::FilledFromDirectory.s(lang)),
                        error: false,
                    });
                }
            }
            (_, Cmd::ChoiceNext | Cmd::ChoicePrev) => {
                let areas = self.desk.policy.areas.clone();
                self.with_form(|f| f.cycle(cmd == Cmd::ChoiceNext, &areas))
            }
            (_, Cmd::Tick) => self.with_form(|f| f.tick()),
            (_, Cmd::CheckNext) => self.with_form(|f| f.cycle_check(true)),
            (_, Cmd::CheckPrev) => self.with_form(|f| f.cycle_check(false)),
            (_, Cmd::ItemDown) => self.with_form(|f| f.move_in_checklist(true)),
            (_, Cmd::ItemUp) => self.with_form(|f| f.move_in_checklist(false)),
            (_, Cmd::Remark) => self.with_form(Form::toggle_remark),
            (_, Cmd::Accept | Cmd::Cancel | Cmd::CloseHelp) => self.mode = Mode::List,
        }
    }

    fn with_form(&mut self, f: impl FnOnce(&mut Form)) {
        if let Some(form) = &mut self.form {
            f(form);
        }
    }

    pub(super) fn switch_tab(&mut self, tab: Tab, store: &Store) {
        if self.mode == Mode::Filter {
            self.mode = Mode::List;
        }
        self.tab = tab;
        self.reading_handover = false;
        self.ensure_loaded(store);
        self.load_detail(store);
        if tab == Tab::Shift {
            self.load_handover(store);
        }
    }

    /// Search: show the chosen hit in its own tab (filtered to its id; Esc clears).
    fn open_hit(&mut self, store: &Store) {
        let Some(hit) = self.search.as_ref().and_then(|s| s.selected_hit()) else {
            return;
        };
        let (id, kind) = (hit.id, hit.kind());
        // A kind without a tab handed over until closed (an incident): the handover tab
        // lists it while it is open.
        let handed_over = hit.status.is_open() && hit.rules().handed_over_until_closed();
        // The search is kept for the next `s` (Esc in the search drops it).
        self.mode = Mode::List;
        if let Some(tab) = Tab::of_kind(kind).or(handed_over.then_some(Tab::Shift)) {
            self.tab = tab;
            self.list_mut().filter = input::TextInput::new(&id.to_string());
            self.refilter(store);
            self.list_mut().select_id(id);
            self.load_detail(store);
        }
    }
}

impl App {
    /// A shortcut key (the duty log's `i`, `I`): the form of the kind that declares it.
    fn open_shortcut(&mut self, shortcut: crate::domain::Shortcut) {
        if let Some(kind) = crate::domain::RecordKind::of_shortcut(shortcut) {
            self.form = Some(Form::new_record(kind, &self.desk.policy.areas));
            self.mode = Mode::Form;
        }
    }

    /// F11/F12: the form names the handover it signs (and the other one still pending, if
    /// two are), prefilled with the desk's operator; a handover that cannot be signed now is
    /// refused at once, saying why.
    fn open_signature(&mut self, refuse: bool) {
        use crate::domain::handover::sign_target;
        use crate::i18n::shift_name;
        let lang = self.lang();
        let zone = self.desk.policy.zone;
        let pending = self.unsigned_previous.clone();
        let target = match sign_target(
            &self.handover_slot,
            pending.clone(),
            self.now,
            &self.desk.policy,
        ) {
            Ok(target) => target,
            Err(e) => {
                self.message = Some(Message {
                    text: crate::i18n::problems::rule_error(lang, &e),
                    error: true,
                });
                return;
            }
        };
        let hm = |t: chrono::DateTime<chrono::Utc>| {
            t.with_timezone(&zone).format("%m-%d %H:%M").to_string()
        };
        let name = |s: &crate::domain::handover::Slot| {
            format!(
                "{} → {}  {} → {}",
                shift_name(lang, &s.from.name),
                shift_name(lang, &s.to),
                hm(s.from.start),
                hm(s.boundary)
            )
        };
        let mut about = name(&target);
        if let Some(other) = pending.filter(|p| *p != target) {
            about.push_str(&format!(
                "  ({} {})",
                T::SignAlsoPending.s(lang),
                name(&other)
            ));
        }
        let operator = self.desk.operator.clone();
        self.form = Some(Form::handover_signature(refuse, &operator, about));
        self.mode = Mode::Form;
    }
}
