//! The periods the reviews cover (DOMAIN.md §8): a day, a week (Monday to Sunday), a month, a
//! quarter, a year; the days of the one a date falls in, and the one before or after it. Pure.

use chrono::{Datelike, Duration, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
}

/// The first day of the month `months` after the one of `first`.
pub fn months_later(first: NaiveDate, months: i32) -> NaiveDate {
    let m0 = first.year() * 12 + first.month0() as i32 + months;
    NaiveDate::from_ymd_opt(m0.div_euclid(12), m0.rem_euclid(12) as u32 + 1, 1)
        .expect("the first of a month exists")
}

impl Span {
    /// First and last day (inclusive) of the period containing `date`.
    pub fn days(self, date: NaiveDate) -> (NaiveDate, NaiveDate) {
        let month = |first: NaiveDate, n: i32| (first, months_later(first, n) - Duration::days(1));
        match self {
            Span::Daily => (date, date),
            Span::Weekly => {
                let monday = date - Duration::days(date.weekday().num_days_from_monday() as i64);
                (monday, monday + Duration::days(6))
            }
            Span::Monthly => month(date.with_day(1).expect("day 1 exists"), 1),
            Span::Quarterly => month(
                NaiveDate::from_ymd_opt(date.year(), date.month0() / 3 * 3 + 1, 1)
                    .expect("a quarter's first day"),
                3,
            ),
            Span::Yearly => month(
                NaiveDate::from_ymd_opt(date.year(), 1, 1).expect("1 January exists"),
                12,
            ),
        }
    }

    /// A day of the period `steps` periods after (or before, negative) the one of `date`.
    pub fn step(self, date: NaiveDate, steps: i32) -> NaiveDate {
        let (first, _) = self.days(date);
        match self {
            Span::Daily => first + Duration::days(steps as i64),
            Span::Weekly => first + Duration::days(7 * steps as i64),
            Span::Monthly => months_later(first, steps),
            Span::Quarterly => months_later(first, 3 * steps),
            Span::Yearly => months_later(first, 12 * steps),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn each_period_holds_its_date_and_steps_whole_periods() {
        // 2026-11-26 is a Thursday.
        assert_eq!(
            Span::Daily.days(d(2026, 11, 26)),
            (d(2026, 11, 26), d(2026, 11, 26))
        );
        assert_eq!(
            Span::Weekly.days(d(2026, 11, 26)),
            (d(2026, 11, 23), d(2026, 11, 29))
        );
        assert_eq!(
            Span::Monthly.days(d(2026, 12, 31)),
            (d(2026, 12, 1), d(2026, 12, 31))
        );
        assert_eq!(
            Span::Quarterly.days(d(2026, 11, 26)),
            (d(2026, 10, 1), d(2026, 12, 31))
        );
        assert_eq!(
            Span::Yearly.days(d(2026, 2, 2)),
            (d(2026, 1, 1), d(2026, 12, 31))
        );
        assert_eq!(Span::Daily.step(d(2026, 3, 1), -1), d(2026, 2, 28));
        assert_eq!(Span::Weekly.step(d(2026, 11, 26), -1), d(2026, 11, 16));
        assert_eq!(Span::Monthly.step(d(2026, 1, 31), -1), d(2025, 12, 1));
        assert_eq!(Span::Monthly.step(d(2026, 12, 5), 1), d(2027, 1, 1));
    }
}
