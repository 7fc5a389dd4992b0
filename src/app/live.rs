//! When the screen next changes by itself: the clock's minute, a countdown's minute, a deadline
//! turning soon or overdue. The event loop sleeps until then (or until a key or a poll).

use crate::domain::deadline::{Deadline, next_change};
use chrono::{DateTime, Duration, Timelike, Utc};

/// The next instant the header clock (hours and minutes) changes.
pub fn next_minute(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::seconds(60 - i64::from(now.second()))
}

/// The next instant `i18n::countdown` of this due time shows another number of minutes.
/// Time left is rounded down (60k to 60k+59 seconds left say k min, under a minute "<1 min",
/// down to 0), time overdue up (60k+1 to 60(k+1) seconds late say "overdue k+1 min").
pub fn next_countdown_change(due: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let left = (due - now).num_seconds();
    let wait = if left >= 0 {
        left % 60 + 1
    } else {
        60 - (-left - 1) % 60
    };
    now + Duration::seconds(wait)
}

/// The earliest change among these open deadlines: state or countdown.
pub fn next_deadline_change(all: &[Deadline], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let countdowns = all
        .iter()
        .filter(|d| d.is_open())
        .map(|d| next_countdown_change(d.due, now));
    next_change(all, now).into_iter().chain(countdowns).min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, countdown};

    #[test]
    fn countdown_changes_exactly_when_its_text_does() {
        let t0 = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        for offset in -200i64..200 {
            let due = t0 + Duration::seconds(offset);
            let next = next_countdown_change(due, t0);
            let text = |t: DateTime<Utc>| countdown(Lang::En, (due - t).num_seconds());
            assert_ne!(text(next), text(t0), "offset {offset}");
            let mut t = t0 + Duration::seconds(1);
            while t < next {
                assert_eq!(text(t), text(t0), "offset {offset} at {t}");
                t += Duration::seconds(1);
            }
        }
    }
}
