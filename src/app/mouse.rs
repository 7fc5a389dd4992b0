//! The mouse, when `mouse = true` in the config: the wheel scrolls what is in front (the list,
//! the zoomed detail, the help, the compiled handover, the search's hits), a click on a tab
//! opens it and a click on a row selects it. Where the tabs and rows are is kept from the last
//! drawing (`Clickable`), so the state is driven by tests like keys are.

use super::keymap::Mode;
use super::{App, Tab};
use crate::store::Store;

/// A mouse event as the app sees it (columns and rows from the screen's top left).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mouse {
    pub kind: MouseKind,
    pub x: u16,
    pub y: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    Click,
    WheelUp,
    WheelDown,
}

/// A rectangle of the screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Area {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Area {
    fn contains(self, x: u16, y: u16) -> bool {
        x >= self.x && x < self.x + self.width && y >= self.y && y < self.y + self.height
    }
}

/// Where the last drawing put what a click reaches.
#[derive(Debug, Clone, Default)]
pub struct Clickable {
    /// Each tab's label on the tab bar, with its index in `Tab::all()`.
    pub tabs: Vec<(Area, usize)>,
    /// The rows of the current tab's list (the first shown is the list's `view_top`).
    pub rows: Option<Area>,
}

/// Lines the wheel moves a scrolled view by.
const WHEEL_LINES: isize = 3;

impl App {
    pub(super) fn mouse(&mut self, m: Mouse, store: &Store) {
        let by = match m.kind {
            MouseKind::WheelUp => -WHEEL_LINES,
            MouseKind::WheelDown => WHEEL_LINES,
            MouseKind::Click => return self.click(m.x, m.y, store),
        };
        match self.mode {
            Mode::Help => self.scroll_help(by),
            Mode::Compiled => self.scroll_compiled(by),
            Mode::Search => self.move_hit(by.signum(), store),
            Mode::Yearly => self.move_yearly(by.signum()),
            Mode::List if self.zoom && self.detail.is_some() => self.scroll_detail(by),
            Mode::List => self.move_selection(by.signum(), store),
            _ => {}
        }
    }

    fn click(&mut self, x: u16, y: u16, store: &Store) {
        if self.mode != Mode::List {
            return;
        }
        let clickable = self.clickable.borrow().clone();
        if let Some((_, i)) = clickable.tabs.iter().find(|(a, _)| a.contains(x, y)) {
            self.message = None;
            self.switch_tab(Tab::from_index(*i), store);
            return;
        }
        // The zoomed detail covers the list: its rows are not where they were drawn.
        if let Some(rows) = clickable.rows.filter(|r| !self.zoom && r.contains(x, y)) {
            let index = self.list().view_top.get() + (y - rows.y) as usize;
            let shown = self.list().entries().1.len() + self.list().entries().0;
            if index < shown {
                let now = self.now;
                let r = self.list_mut().select_abs(index, store, now);
                self.report(r);
                self.load_detail(store);
            }
        }
    }
}
