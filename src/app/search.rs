//! The global search across every kind (`s`, Ctrl-F, F3).

use super::input::TextInput;
use crate::domain::Record;
use crate::store::{Damaged, Store};
use chrono::{DateTime, Utc};

/// At most this many hits are shown.
pub const HITS: u32 = 50;

#[derive(Debug, Default)]
pub struct Search {
    pub input: TextInput,
    pub hits: Vec<Record>,
    /// Matches whose history cannot be read: named below the hits, never hiding them.
    pub damaged: Vec<Damaged>,
    pub selected: usize,
}

impl Search {
    /// Run the query again for what is typed now.
    pub fn refresh(&mut self, store: &Store, now: DateTime<Utc>) -> crate::store::Result<()> {
        let text = self.input.value().trim();
        let found = if text.is_empty() {
            Default::default()
        } else {
            // A query over the bound (store::search::check_query) is refused at once; the
            // desk says so and shows no stale hits.
            store.searched(text, Some(HITS), now).inspect_err(|_| {
                self.hits.clear();
                self.damaged.clear();
                self.selected = 0;
            })?
        };
        self.hits = found.records;
        self.damaged = found.damaged;
        self.selected = self.selected.min(self.hits.len().saturating_sub(1));
        Ok(())
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.hits.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    pub fn selected_hit(&self) -> Option<&Record> {
        self.hits.get(self.selected)
    }
}
