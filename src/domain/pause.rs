//! Pausing a record's deadlines with a reason (issue 13 §3): the one rule every kind that
//! allows it (`KindRules::pausable`) gets.
//!
//! While a record is paused its open deadlines stop counting: each deadline open during a
//! pause has its due (and its "soon" moment) moved later by exactly the time it was paused. A
//! deadline that starts after a pause is not moved by it; one met before a pause stays as it
//! was; one met during a pause is moved by the part of the pause before it was met. Several
//! pauses add up. A pause ends when the record is resumed, or by itself at its `until`,
//! whichever comes first: that end is derived here from the clock, no event is written for it.
//! While a pause lasts, the deadlines it holds show as paused, never soon or overdue.

use super::deadline::Deadline;
use chrono::{DateTime, Duration, Utc};

/// One pause of a record, from its `pause` event to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pause {
    pub at: DateTime<Utc>,
    pub by: String,
    pub reason: String,
    /// When it resumes by itself (`--until`).
    pub until: Option<DateTime<Utc>>,
    /// When it was resumed by hand (a `resume` event).
    pub resumed: Option<DateTime<Utc>>,
}

impl Pause {
    /// When the pause ends: resumed by hand or at `until`, whichever comes first; None while it
    /// lasts with no end set.
    pub fn end(&self) -> Option<DateTime<Utc>> {
        match (self.resumed, self.until) {
            (Some(r), Some(u)) => Some(r.min(u)),
            (r, u) => r.or(u),
        }
    }

    /// Whether the pause holds at `now`: from its start up to (not including) its end.
    pub fn holds(&self, now: DateTime<Utc>) -> bool {
        now >= self.at && self.end().is_none_or(|end| now < end)
    }
}

/// The pause holding at `now`, if any (only the last pause can: a record is paused once at a
/// time).
pub fn current(pauses: &[Pause], now: DateTime<Utc>) -> Option<&Pause> {
    pauses.last().filter(|p| p.holds(now))
}

/// The pause a new `pause` at `at` would overlap (refused: resume first), if any: one that has
/// no end yet, or ends after `at`.
pub fn blocking(pauses: &[Pause], at: DateTime<Utc>) -> Option<&Pause> {
    pauses.last().filter(|p| p.end().is_none_or(|end| at < end))
}

/// How a pause holds a deadline, shown with it while it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Held {
    pub since: DateTime<Utc>,
    /// When it resumes by itself; None: until someone resumes it.
    pub until: Option<DateTime<Utc>>,
}

impl Held {
    pub fn holds(&self, now: DateTime<Utc>) -> bool {
        now >= self.since && self.until.is_none_or(|u| now < u)
    }
}

/// Move `d` by every pause it was open during, and mark the pause that holds it (the last one,
/// while it has not ended, or ends at a known time).
pub fn shift(d: &mut Deadline, pauses: &[Pause]) {
    for p in pauses {
        // The part of the pause during which the deadline was running.
        let from = p.at.max(d.starts);
        let to = match (p.end(), d.done_at) {
            (Some(end), Some(done)) => Some(end.min(done)),
            (end, done) => end.or(done),
        };
        let Some(to) = to else {
            // A pause with no end yet, over an open deadline that started before now: it holds
            // the deadline; its due moves on resume.
            if d.done_at.is_none() {
                d.held = Some(Held {
                    since: from,
                    until: None,
                });
            }
            continue;
        };
        if to <= from {
            continue;
        }
        let paused = to - from;
        d.due += paused;
        d.soon_from += paused;
        if d.done_at.is_none() && p.end() == Some(to) {
            // Shown as paused until it resumes; not "soon" before that.
            d.held = Some(Held {
                since: from,
                until: Some(to),
            });
            d.soon_from = d.soon_from.max(to);
        }
    }
}

/// How long a record's pauses held so far in all, at `now` (for the desk's detail).
pub fn total(pauses: &[Pause], now: DateTime<Utc>) -> Duration {
    pauses
        .iter()
        .map(|p| {
            let end = p.end().unwrap_or(now).min(now);
            (end - p.at).max(Duration::zero())
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deadline::DeadlineName;

    fn t(min: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T02:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + Duration::minutes(min)
    }

    fn dl(starts: i64, due: i64, done: Option<i64>) -> Deadline {
        Deadline {
            name: DeadlineName::Dispatch,
            starts: t(starts),
            due: t(due),
            soon_from: t(due - 2),
            done_at: done.map(t),
            held: None,
        }
    }

    fn pause(at: i64, until: Option<i64>, resumed: Option<i64>) -> Pause {
        Pause {
            at: t(at),
            by: "王".into(),
            reason: "业主不在家".into(),
            until: until.map(t),
            resumed: resumed.map(t),
        }
    }

    #[test]
    fn an_open_deadline_moves_by_exactly_the_paused_time() {
        let mut d = dl(0, 15, None);
        shift(&mut d, &[pause(5, None, Some(65))]);
        assert_eq!(d.due, t(75));
        assert_eq!(d.soon_from, t(73));
        assert_eq!(d.held.unwrap().until, Some(t(65)));
    }

    #[test]
    fn several_pauses_add_up() {
        let mut d = dl(0, 15, None);
        shift(
            &mut d,
            &[pause(5, None, Some(10)), pause(12, Some(42), None)],
        );
        assert_eq!(d.due, t(15 + 5 + 30));
    }

    #[test]
    fn a_deadline_starting_after_the_pause_and_one_met_before_it_do_not_move() {
        let mut later = dl(20, 35, None);
        let mut met = dl(0, 15, Some(4));
        let pauses = [pause(5, Some(10), None)];
        shift(&mut later, &pauses);
        shift(&mut met, &pauses);
        assert_eq!((later.due, later.held), (t(35), None));
        assert_eq!((met.due, met.held), (t(15), None));
    }

    #[test]
    fn met_during_the_pause_moves_by_the_part_before_it_was_met() {
        let mut d = dl(0, 15, Some(8));
        shift(&mut d, &[pause(5, Some(60), None)]);
        assert_eq!(d.due, t(18));
        assert_eq!(d.held, None);
    }

    #[test]
    fn a_pause_without_end_holds_the_deadline_and_leaves_its_due() {
        let mut d = dl(0, 15, None);
        shift(&mut d, &[pause(5, None, None)]);
        assert_eq!(d.due, t(15));
        assert_eq!(
            d.held,
            Some(Held {
                since: t(5),
                until: None
            })
        );
    }

    #[test]
    fn resumed_before_until_ends_at_the_resume() {
        let p = pause(5, Some(60), Some(20));
        assert_eq!(p.end(), Some(t(20)));
        let mut d = dl(0, 15, None);
        shift(&mut d, &[p]);
        assert_eq!(d.due, t(30));
    }

    #[test]
    fn until_holds_just_before_and_not_at_or_after() {
        let p = pause(5, Some(60), None);
        let s = Duration::seconds(1);
        assert!(p.holds(t(60) - s));
        assert!(!p.holds(t(60)));
        assert!(!p.holds(t(60) + s));
        assert!(p.holds(t(5)));
        assert!(!p.holds(t(5) - s));
    }

    #[test]
    fn soon_waits_for_the_resume_when_the_deadline_was_soon_at_the_pause() {
        let mut d = dl(0, 6, None);
        // soon from 4; paused at 5 (already soon) for 30 minutes
        shift(&mut d, &[pause(5, Some(35), None)]);
        assert_eq!(d.due, t(36));
        assert_eq!(d.soon_from, t(35));
    }

    #[test]
    fn blocking_is_the_last_pause_until_it_ends() {
        let ps = [pause(5, Some(60), None)];
        assert!(blocking(&ps, t(59)).is_some());
        assert!(blocking(&ps, t(60)).is_none());
        let open = [pause(5, None, None)];
        assert!(blocking(&open, t(500)).is_some());
        assert!(current(&open, t(4)).is_none());
    }
}
