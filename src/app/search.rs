//! The global search across every kind (`s`, Ctrl-F, F3): the true count of what matches, the
//! hits a page of 50 at a time (PgDn at the end loads the next), and the typed text kept when a
//! hit is opened, for the next search.

use super::input::TextInput;
use crate::domain::Record;
use crate::store::{Cursor, Damaged, ListQuery, Store};
use chrono::{DateTime, Utc};

/// Hits are read this many at a time.
pub const HITS: u32 = 50;

/// The most households of the directory shown above the hits.
pub const HOUSEHOLDS: usize = 3;

#[derive(Debug, Default)]
pub struct Search {
    pub input: TextInput,
    pub hits: Vec<Record>,
    /// Matches whose history cannot be read: named below the hits, never hiding them.
    pub damaged: Vec<Damaged>,
    pub selected: usize,
    /// Households of the residents directory the text finds, masked (shown above the hits,
    /// marked as households; not selectable).
    pub households: Vec<crate::domain::residents::Household>,
    /// How many records match in all, not only the pages read.
    pub total: usize,
    /// Where the next page starts; None when every hit is read.
    next: Option<Cursor>,
}

impl Search {
    fn query(&self, now: DateTime<Utc>) -> ListQuery {
        let mut q = ListQuery::new(now);
        q.text = Some(self.input.value().trim().to_string());
        q.limit = Some(HITS);
        q
    }

    /// Run the query again for what is typed now: the first page and the count.
    pub fn refresh(&mut self, store: &Store, now: DateTime<Utc>) -> crate::store::Result<()> {
        self.hits.clear();
        self.damaged.clear();
        self.households.clear();
        self.total = 0;
        self.next = None;
        if self.input.value().trim().is_empty() {
            self.selected = 0;
            return Ok(());
        }
        // A query over the bound (store::search::check_query) is refused at once; the desk
        // says so and shows no stale hits.
        let q = self.query(now);
        let page = store.list_page(&q).inspect_err(|_| self.selected = 0)?;
        self.total = store.count(&q)?;
        self.next = page.next;
        self.damaged = page.damaged.into_iter().map(|(_, d)| d).collect();
        self.hits = page.records;
        self.selected = self.selected.min(self.hits.len().saturating_sub(1));
        // The directory's households never keep the records from showing.
        self.households = store
            .find_households(self.input.value(), HOUSEHOLDS)
            .unwrap_or_default()
            .iter()
            .map(crate::domain::residents::Household::masked)
            .collect();
        Ok(())
    }

    /// Read the next page of hits, if there is one.
    pub fn load_more(&mut self, store: &Store, now: DateTime<Utc>) -> crate::store::Result<()> {
        let Some(next) = self.next else {
            return Ok(());
        };
        let mut q = self.query(now);
        q.after = Some(next);
        let page = store.list_page(&q)?;
        self.next = page.next;
        self.damaged
            .extend(page.damaged.into_iter().map(|(_, d)| d));
        self.hits.extend(page.records);
        Ok(())
    }

    /// Back to a search left by opening a hit: read again (records may have changed), as far
    /// as the hit that was selected.
    pub fn reopen(&mut self, store: &Store, now: DateTime<Utc>) -> crate::store::Result<()> {
        let selected = self.selected;
        self.refresh(store, now)?;
        while selected >= self.hits.len() && self.next.is_some() {
            self.load_more(store, now)?;
        }
        self.selected = selected.min(self.hits.len().saturating_sub(1));
        Ok(())
    }

    pub fn has_more(&self) -> bool {
        self.next.is_some()
    }

    /// Move the selection; moving past the last hit read loads the next page.
    pub fn move_by(
        &mut self,
        delta: isize,
        store: &Store,
        now: DateTime<Utc>,
    ) -> crate::store::Result<()> {
        let wanted = self.selected.saturating_add_signed(delta);
        if wanted >= self.hits.len() && self.has_more() {
            self.load_more(store, now)?;
        }
        let last = self.hits.len().saturating_sub(1);
        self.selected = wanted.min(last);
        Ok(())
    }

    pub fn selected_hit(&self) -> Option<&Record> {
        self.hits.get(self.selected)
    }
}
