//! The reviews view (Ctrl-T): the figures of `report daily|weekly|monthly` for a day, a week or
//! a month, read by the same code as the command (`Store::report_figures`). On the desk the
//! figures are read in the background on a connection of their own, so that typing goes on
//! while a big file is read; the view says "reading" until they arrive.

use super::App;
use crate::domain::report_period::Span;
use crate::domain::time::local_date;
use crate::store::report::Figures;
use crate::store::{Access, OpenOptions, PlannerStats, Store};
use chrono::{Duration, NaiveDate};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The periods the view switches between, in the order Tab-like keys cycle them.
pub const SPANS: [Span; 3] = [Span::Daily, Span::Weekly, Span::Monthly];

/// What the view shows now.
#[derive(Debug, Clone)]
pub enum Shown {
    /// Being read (in the background).
    Reading,
    Ready(Box<Figures>),
    /// The store's words for why it could not be read.
    Failed(String),
}

type Answer = (Span, NaiveDate, Result<Figures, String>);

pub struct Reviews {
    pub span: Span,
    /// A day of the period shown.
    pub date: NaiveDate,
    pub shown: Shown,
    /// The first row of the figures and charts drawn (on a screen too small for them all).
    pub scroll: usize,
    /// The last first row and the rows a page holds, as the last drawing found them.
    pub view: std::cell::Cell<(usize, usize)>,
    /// The background read under way, for `span` and `date`.
    pending: Option<Receiver<Answer>>,
}

impl std::fmt::Debug for Reviews {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reviews")
            .field("span", &self.span)
            .field("date", &self.date)
            .field("shown", &self.shown)
            .finish()
    }
}

impl Reviews {
    /// The first (the one before) of the period, and the last day.
    pub fn days(&self) -> (NaiveDate, NaiveDate) {
        self.span.days(self.date)
    }

    pub fn figures(&self) -> Option<&Figures> {
        match &self.shown {
            Shown::Ready(f) => Some(f),
            _ => None,
        }
    }
}

impl App {
    /// Open the reviews on yesterday (the morning meeting's day), or close them.
    pub(super) fn toggle_reviews(&mut self, store: &Store) {
        if self.reviews.take().is_some() {
            self.mode = super::keymap::Mode::List;
            return;
        }
        let yesterday = local_date(self.now, self.desk.policy.zone) - Duration::days(1);
        self.reviews = Some(Reviews {
            span: Span::Daily,
            date: yesterday,
            shown: Shown::Reading,
            scroll: 0,
            view: std::cell::Cell::new((0, 10)),
            pending: None,
        });
        self.mode = super::keymap::Mode::Reviews;
        self.read_reviews(store);
    }

    /// Show another period: `span` (None: the same), `steps` periods on (negative: back); not
    /// past the period that holds today (a later one has nothing to show yet).
    pub(super) fn review_period(&mut self, span: Option<Span>, steps: i32, store: &Store) {
        let today = local_date(self.now, self.desk.policy.zone);
        let Some(r) = &mut self.reviews else { return };
        let span = span.unwrap_or(r.span);
        let mut date = span.step(r.date, steps);
        if span.days(date).0 > today {
            date = span.days(today).0;
        }
        if (span, date) == (r.span, r.date) && !matches!(r.shown, Shown::Failed(_)) {
            return;
        }
        r.span = span;
        r.date = date;
        r.scroll = 0;
        self.read_reviews(store);
    }

    /// Scroll the figures and charts by `by` rows, within what the last drawing showed.
    pub(super) fn scroll_reviews(&mut self, by: isize) {
        let Some(r) = &mut self.reviews else { return };
        let last = r.view.get().0.min(isize::MAX as usize / 2) as isize;
        r.scroll = (r.scroll as isize).saturating_add(by).clamp(0, last.max(0)) as usize;
        self.dirty = true;
    }

    /// Rows a page of the reviews scrolls (one kept in sight), as last drawn.
    pub(super) fn reviews_page(&self) -> isize {
        self.reviews
            .as_ref()
            .map_or(10, |r| r.view.get().1.max(2) as isize - 1)
    }

    /// The next of daily, weekly, monthly.
    pub(super) fn review_next_span(&mut self, store: &Store) {
        let Some(r) = &self.reviews else { return };
        let i = SPANS.iter().position(|s| *s == r.span).unwrap_or(0);
        self.review_period(Some(SPANS[(i + 1) % SPANS.len()]), 0, store);
    }

    /// Read the period's figures: in the background on the desk (`reviews_in_background`),
    /// else at once from `store`.
    fn read_reviews(&mut self, store: &Store) {
        let (defs, policy, now, lang) = (
            self.desk.shift_defs(),
            self.desk.policy.clone(),
            self.now,
            self.lang(),
        );
        let path = self.desk.db_path.clone();
        let background = self.reviews_in_background;
        let Some(r) = &mut self.reviews else { return };
        let (span, date) = (r.span, r.date);
        r.shown = Shown::Reading;
        self.dirty = true;
        if background {
            let (tx, rx) = channel();
            r.pending = Some(rx);
            std::thread::spawn(move || {
                let options = OpenOptions {
                    access: Access::ReadOnly,
                    create: false,
                    planner_stats: PlannerStats::Never,
                    ..OpenOptions::default()
                };
                let result = Store::open(&path, options)
                    .and_then(|s| s.report_figures(span, date, &defs, &policy, now))
                    .map_err(|e| crate::i18n::tui::store_error(lang, &e));
                // The view may have been closed meanwhile: nobody to tell.
                let _ = tx.send((span, date, result));
            });
        } else {
            r.pending = None;
            r.shown = match store.report_figures(span, date, &defs, &policy, now) {
                Ok(f) => Shown::Ready(Box::new(f)),
                Err(e) => Shown::Failed(crate::i18n::tui::store_error(lang, &e)),
            };
        }
    }

    /// Whether figures are being read in the background (the event loop looks again soon).
    pub fn reviews_pending(&self) -> bool {
        self.reviews.as_ref().is_some_and(|r| r.pending.is_some())
    }

    /// Take the background read's figures if they have come (those of a period no longer
    /// shown are dropped).
    pub fn take_reviews(&mut self) {
        let Some(r) = &mut self.reviews else { return };
        let Some(rx) = &r.pending else { return };
        match rx.try_recv() {
            Ok((span, date, result)) => {
                if (span, date) == (r.span, r.date) {
                    r.pending = None;
                    r.shown = match result {
                        Ok(f) => Shown::Ready(Box::new(f)),
                        Err(e) => Shown::Failed(e),
                    };
                    self.dirty = true;
                }
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => r.pending = None,
        }
    }

    /// Take what a background read sends until it has come (at most 30 s): for the tests and
    /// `snapshot`, which draw once, not for the desk's loop.
    pub(super) fn wait_for_background(&mut self, pending: fn(&Self) -> bool, take: fn(&mut Self)) {
        for _ in 0..6000 {
            if !pending(self) {
                return;
            }
            take(self);
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// Wait for the background read (tests, `snapshot`).
    pub fn wait_for_reviews(&mut self) {
        self.wait_for_background(Self::reviews_pending, Self::take_reviews);
    }
}
