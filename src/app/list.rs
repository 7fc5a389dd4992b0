//! A tab's list: a window of records paged from the store around the selection. The whole
//! table is never loaded; only `WINDOW` records around the cursor are in memory.

use super::input::TextInput;
use crate::domain::{Record, RecordId, RecordKind};
use crate::store::{Cursor, Entry, ListQuery, Order, Store};
use chrono::{DateTime, Utc};
use std::cell::Cell;

/// A window of a list: its records, their places, and whether more follow.
struct Window {
    start: usize,
    rows: Vec<Entry>,
    cursors: Vec<Option<Cursor>>,
    more: bool,
}

/// Records held in memory per list.
pub const WINDOW: usize = 60;
/// Records shown, at most, on the handover tab (overdue first).
const HANDOVER_ROWS: usize = 2000;
/// Newer records counted, at most, above a selection scrolled down (then "999+").
pub const NEW_ABOVE_MAX: usize = 999;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Kind(RecordKind),
    /// Everything open that is overdue, due before the shift ends, or flagged for the next
    /// shift.
    DueBefore(DateTime<Utc>),
}

#[derive(Debug)]
pub struct RecordList {
    pub source: Source,
    /// The filter as typed (`/`); empty: no filter.
    pub filter: TextInput,
    /// Only the records whose callback is owed (the callbacks-due view, `b`).
    pub callbacks_due: bool,
    /// With it, the repairs whose quality follow-up window is open: the window's days after
    /// the resolve (`rules.quality_callback_from_days`, `_to_days`), set as the view opens.
    pub quality_days: Option<(i64, i64)>,
    /// Records in list order; one whose history cannot be read stands in its place as
    /// damaged.
    rows: Vec<Entry>,
    /// Where each row stands in the list, to page on from it without OFFSET (None for the
    /// overdue/soon rows on top and on the handover tab).
    cursors: Vec<Option<Cursor>>,
    /// Absolute index of `rows[0]`.
    start: usize,
    selected: usize,
    /// More records may follow the window.
    more: bool,
    /// First row on screen; kept by the drawing so the selection stays visible.
    pub view_top: Cell<usize>,
    /// Rows on screen at the last draw (for page up/down).
    pub view_rows: Cell<usize>,
    /// The data changed since the window was loaded.
    pub stale: bool,
    /// The last load failed: the list is empty because it could not be read, not because
    /// there is nothing (the desk must not say "Nothing here yet" over records that exist).
    pub load_failed: bool,
    /// The place of the newest record the user has seen on top (the first row with a place),
    /// to count the records that arrived above it since.
    seen_top: Option<Cursor>,
    /// Records that arrived above while the selection was further down (the user looks at
    /// an older record: it stays selected, and the desk says newer ones came).
    new_above: usize,
}

impl RecordList {
    pub fn new(source: Source) -> Self {
        Self {
            source,
            filter: TextInput::default(),
            callbacks_due: false,
            quality_days: None,
            rows: Vec::new(),
            cursors: Vec::new(),
            start: 0,
            selected: 0,
            more: false,
            view_top: Cell::new(0),
            view_rows: Cell::new(10),
            stale: true,
            load_failed: false,
            seen_top: None,
            new_above: 0,
        }
    }

    fn query(&self, now: DateTime<Utc>, offset: usize, limit: usize) -> ListQuery {
        let mut q = ListQuery::new(now);
        q.order = Order::UrgentFirst;
        q.offset = offset as u32;
        q.limit = Some(limit as u32);
        let text = self.filter.value().trim();
        q.text = (!text.is_empty()).then(|| text.to_string());
        q.callbacks_due = self.callbacks_due;
        q.quality_window = self
            .quality_days
            .filter(|_| self.callbacks_due)
            .map(|(from, to)| {
                (
                    now - chrono::Duration::days(to),
                    now - chrono::Duration::days(from),
                )
            });
        match self.source {
            Source::Kind(kind) => q.kind = Some(kind),
            Source::DueBefore(end) => q.due_or_watched_before = Some(end),
        }
        q
    }

    /// The window of records starting at absolute index `start`, and whether more follow.
    fn fetch(
        &self,
        store: &Store,
        now: DateTime<Utc>,
        start: usize,
    ) -> crate::store::Result<Window> {
        match self.source {
            Source::Kind(_) => {
                if let Some(window) = self.fetch_near(store, now, start)? {
                    return Ok(window);
                }
                let mut page = store.list_page(&self.query(now, start, WINDOW))?;
                let more = page.next.is_some() || page.len() == WINDOW;
                Ok(Window {
                    start,
                    cursors: std::mem::take(&mut page.cursors),
                    rows: page.into_entries(),
                    more,
                })
            }
            Source::DueBefore(_) => {
                let rows = store
                    .list_page(&self.query(now, 0, HANDOVER_ROWS))?
                    .into_entries();
                let cursors = vec![None; rows.len()];
                Ok(Window {
                    start: 0,
                    rows,
                    cursors,
                    more: false,
                })
            }
        }
    }

    /// A window next to (or overlapping) the one in memory, read from a neighbouring row's
    /// place instead of with OFFSET, which walks every skipped row (hundreds of milliseconds
    /// deep into a million records). None when no neighbouring place is known.
    fn fetch_near(
        &self,
        store: &Store,
        now: DateTime<Utc>,
        start: usize,
    ) -> crate::store::Result<Option<Window>> {
        let (cur_start, cur_end) = (self.start, self.start + self.rows.len());
        let cursor_at = |abs: usize| -> Option<Cursor> {
            abs.checked_sub(cur_start)
                .and_then(|i| self.cursors.get(i).copied().flatten())
        };
        if start > cur_start && start <= cur_end {
            let Some(after) = cursor_at(start - 1) else {
                return Ok(None);
            };
            let mut q = self.query(now, 0, WINDOW);
            q.after = Some(after);
            let mut page = store.list_page(&q)?;
            let more = page.len() == WINDOW;
            return Ok(Some(Window {
                start,
                cursors: std::mem::take(&mut page.cursors),
                rows: page.into_entries(),
                more,
            }));
        }
        if start < cur_start && cur_start - start <= WINDOW {
            let Some(before) = cursor_at(cur_start) else {
                return Ok(None);
            };
            let wanted = cur_start - start;
            let mut q = self.query(now, 0, wanted);
            q.before = Some(before);
            let mut page = store.list_page(&q)?;
            if page.len() != wanted {
                // Reached the overdue/soon rows on top: read from the start instead.
                return Ok(None);
            }
            let keep = (WINDOW - wanted).min(self.rows.len());
            let mut cursors = std::mem::take(&mut page.cursors);
            let mut rows = page.into_entries();
            rows.extend(self.rows[..keep].iter().cloned());
            cursors.extend(self.cursors[..keep].iter().copied());
            let more = keep < self.rows.len() || self.more;
            return Ok(Some(Window {
                start,
                rows,
                cursors,
                more,
            }));
        }
        Ok(None)
    }

    fn take(&mut self, window: Window) {
        self.start = window.start;
        self.rows = window.rows;
        self.cursors = window.cursors;
        self.more = window.more;
    }

    /// Load (or reload) the window around the selection. On the first row (the user watches
    /// the newest records) the selection stays on the first row, whatever arrived; further
    /// down it stays on its record, the window moving down by the records that arrived above.
    pub fn load(&mut self, store: &Store, now: DateTime<Utc>) -> crate::store::Result<()> {
        let on_top = self.selected == 0;
        let keep = (!on_top)
            .then(|| self.selected_entry().map(Entry::id_text))
            .flatten();
        let mut start = match self.source {
            Source::Kind(_) => self.start,
            Source::DueBefore(_) => 0,
        };
        if on_top {
            start = 0;
        } else if let Some(arrived) = self.count_new_above(store, now)? {
            let moved = arrived.saturating_sub(self.new_above);
            self.new_above = arrived;
            start += moved;
            self.selected += moved;
        }
        // A reload reads the same place afresh (the records there may have changed).
        self.rows.clear();
        self.cursors.clear();
        let window = self.fetch(store, now, start);
        self.load_failed = window.is_err();
        self.take(window?);
        self.stale = false;
        if on_top {
            self.view_top.set(0);
        }
        if let Some(id) = keep
            && let Some(i) = self.rows.iter().position(|r| r.id_text() == id)
        {
            self.selected = self.start + i;
        }
        self.clamp();
        if self.rows.is_empty() && self.start > 0 {
            // The window fell past the end (records left the list): start again at the top.
            self.start = 0;
            self.selected = 0;
            return self.load(store, now);
        }
        self.note_top();
        Ok(())
    }

    /// How many records are now above the newest one the user saw on top (None: not known,
    /// or not a list that grows on top).
    fn count_new_above(
        &self,
        store: &Store,
        now: DateTime<Utc>,
    ) -> crate::store::Result<Option<usize>> {
        let (Source::Kind(_), Some(top)) = (self.source, self.seen_top) else {
            return Ok(None);
        };
        let mut q = self.query(now, 0, NEW_ABOVE_MAX);
        q.before = Some(top);
        Ok(Some(store.list_page(&q)?.len()))
    }

    /// On the first row the user sees the newest records: nothing new above any more.
    fn note_top(&mut self) {
        if self.selected != 0 || self.start != 0 {
            return;
        }
        self.new_above = 0;
        self.seen_top = self.cursors.iter().find_map(|c| *c);
    }

    /// Records that arrived above since the user left the top (0 on the top row).
    pub fn new_above(&self) -> usize {
        self.new_above
    }

    fn clamp(&mut self) {
        let last = (self.start + self.rows.len()).saturating_sub(1);
        self.selected = self.selected.clamp(self.start, last.max(self.start));
    }

    /// Move the selection; load another window when it leaves this one.
    pub fn move_by(
        &mut self,
        delta: isize,
        store: &Store,
        now: DateTime<Utc>,
    ) -> crate::store::Result<()> {
        let wanted = self.selected.saturating_add_signed(delta);
        self.select_abs(wanted, store, now)
    }

    pub fn select_abs(
        &mut self,
        wanted: usize,
        store: &Store,
        now: DateTime<Utc>,
    ) -> crate::store::Result<()> {
        let end = self.start + self.rows.len();
        if wanted < self.start || (wanted >= end && self.more) {
            let start = wanted.saturating_sub(WINDOW / 3);
            let window = self.fetch(store, now, start)?;
            if !window.rows.is_empty() {
                self.take(window);
            }
        }
        self.selected = wanted;
        self.clamp();
        self.note_top();
        Ok(())
    }

    /// Select the last record: count the list in SQLite and read its tail, instead of
    /// loading it.
    pub fn select_last(&mut self, store: &Store, now: DateTime<Utc>) -> crate::store::Result<()> {
        if !self.more {
            self.selected = usize::MAX;
            self.clamp();
            return Ok(());
        }
        let total = store.count(&self.query(now, 0, 1))?;
        let mut q = self.query(now, 0, WINDOW);
        q.tail = true;
        let mut page = store.list_page(&q)?;
        if page.is_empty() {
            // Only overdue/soon rows: they are on top, read them from the start.
            return self.select_abs(total.saturating_sub(1), store, now);
        }
        self.take(Window {
            start: total.saturating_sub(page.len()),
            cursors: std::mem::take(&mut page.cursors),
            rows: page.into_entries(),
            more: false,
        });
        self.selected = total.saturating_sub(1);
        self.clamp();
        Ok(())
    }

    pub fn selected_index(&self) -> usize {
        self.selected
    }

    /// The selected row: a record, or one that could not be read.
    pub fn selected_entry(&self) -> Option<&Entry> {
        self.rows.get(self.selected.checked_sub(self.start)?)
    }

    /// The selected record (None on a damaged row).
    pub fn selected_record(&self) -> Option<&Record> {
        self.selected_entry().and_then(Entry::record)
    }

    pub fn selected_id(&self) -> Option<RecordId> {
        self.selected_record().map(|r| r.id)
    }

    /// The rows in memory (a damaged one in its place) and the absolute index of the first.
    pub fn entries(&self) -> (usize, &[Entry]) {
        (self.start, &self.rows)
    }

    /// The readable records in memory (damaged rows left out) and the absolute index of the
    /// first row.
    pub fn window(&self) -> (usize, Vec<&Record>) {
        (
            self.start,
            self.rows.iter().filter_map(Entry::record).collect(),
        )
    }

    /// Select a record by id if it is in the window.
    pub fn select_id(&mut self, id: RecordId) -> bool {
        match self
            .rows
            .iter()
            .position(|r| r.record().is_some_and(|r| r.id == id))
        {
            Some(i) => {
                self.selected = self.start + i;
                self.note_top();
                true
            }
            None => false,
        }
    }

    /// Back to the first record (after a new filter).
    pub fn reset(&mut self) {
        self.start = 0;
        self.selected = 0;
        self.view_top.set(0);
    }

    pub fn filtered(&self) -> bool {
        !self.filter.value().trim().is_empty() || self.callbacks_due
    }
}
