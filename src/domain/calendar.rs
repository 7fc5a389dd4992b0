//! Working days: weekends, China's public holidays and make-up working days (调休).
//! 2025 and 2026 are built in from the State Council's notices; the config adds later years.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub working: bool,
    /// The holiday or make-up day's name; None on a plain weekday or weekend.
    pub name: Option<String>,
}

/// A dated entry in the config: `{ date = "2027-01-01", name = "New Year's Day" }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedDay {
    pub date: NaiveDate,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    holidays: BTreeMap<NaiveDate, String>,
    workdays: BTreeMap<NaiveDate, String>,
}

/// (first day, last day, name) of each official holiday.
const HOLIDAYS: &[(&str, &str, &str)] = &[
    // 国务院办公厅关于2025年部分节假日安排的通知
    ("2025-01-01", "2025-01-01", "New Year's Day"),
    ("2025-01-28", "2025-02-04", "Spring Festival"),
    ("2025-04-04", "2025-04-06", "Qingming Festival"),
    ("2025-05-01", "2025-05-05", "Labour Day"),
    ("2025-05-31", "2025-06-02", "Dragon Boat Festival"),
    (
        "2025-10-01",
        "2025-10-08",
        "National Day and Mid-Autumn Festival",
    ),
    // 国务院办公厅关于2026年部分节假日安排的通知
    ("2026-01-01", "2026-01-03", "New Year's Day"),
    ("2026-02-15", "2026-02-23", "Spring Festival"),
    ("2026-04-04", "2026-04-06", "Qingming Festival"),
    ("2026-05-01", "2026-05-05", "Labour Day"),
    ("2026-06-19", "2026-06-21", "Dragon Boat Festival"),
    ("2026-09-25", "2026-09-27", "Mid-Autumn Festival"),
    ("2026-10-01", "2026-10-07", "National Day"),
];

/// Weekend days that are working days (调休上班).
const MAKE_UP_DAYS: &[(&str, &str)] = &[
    ("2025-01-26", "Spring Festival make-up working day"),
    ("2025-02-08", "Spring Festival make-up working day"),
    ("2025-04-27", "Labour Day make-up working day"),
    ("2025-09-28", "National Day make-up working day"),
    ("2025-10-11", "National Day make-up working day"),
    ("2026-01-04", "New Year's Day make-up working day"),
    ("2026-02-14", "Spring Festival make-up working day"),
    ("2026-02-28", "Spring Festival make-up working day"),
    ("2026-05-09", "Labour Day make-up working day"),
    ("2026-09-20", "National Day make-up working day"),
    ("2026-10-10", "National Day make-up working day"),
];

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("built-in calendar dates are valid")
}

impl Default for Calendar {
    fn default() -> Self {
        let mut holidays = BTreeMap::new();
        for (first, last, name) in HOLIDAYS {
            let mut day = date(first);
            while day <= date(last) {
                holidays.insert(day, name.to_string());
                day += Duration::days(1);
            }
        }
        let workdays = MAKE_UP_DAYS
            .iter()
            .map(|(d, name)| (date(d), name.to_string()))
            .collect();
        Self { holidays, workdays }
    }
}

impl Calendar {
    /// The built-in calendar with the config's extra holidays and make-up days on top.
    pub fn with_extra(holidays: &[NamedDay], workdays: &[NamedDay]) -> Self {
        let mut calendar = Self::default();
        for day in holidays {
            calendar.workdays.remove(&day.date);
            calendar.holidays.insert(day.date, day.name.clone());
        }
        for day in workdays {
            calendar.holidays.remove(&day.date);
            calendar.workdays.insert(day.date, day.name.clone());
        }
        calendar
    }

    pub fn is_working(&self, date: NaiveDate) -> bool {
        if self.workdays.contains_key(&date) {
            return true;
        }
        if self.holidays.contains_key(&date) {
            return false;
        }
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
    }

    pub fn day(&self, date: NaiveDate) -> CalendarDay {
        let name = self
            .workdays
            .get(&date)
            .or_else(|| self.holidays.get(&date))
            .cloned();
        CalendarDay {
            date,
            working: self.is_working(date),
            name,
        }
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date + Duration::days(1);
        // A run of non-working days is never longer than a few weeks; the bound is a guard.
        for _ in 0..366 {
            if self.is_working(day) {
                return day;
            }
            day += Duration::days(1);
        }
        day
    }

    /// The years whose official holidays this calendar knows.
    pub fn known_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.holidays.keys().map(|d| d.year()).collect();
        years.dedup();
        years
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekends_holidays_and_make_up_days() {
        let c = Calendar::default();
        assert!(c.is_working(date("2026-11-27"))); // a Friday
        assert!(!c.is_working(date("2026-11-28"))); // a Saturday
        assert!(!c.is_working(date("2026-10-01")));
        assert_eq!(
            c.day(date("2026-10-01")).name.as_deref(),
            Some("National Day")
        );
        assert!(c.is_working(date("2026-10-10"))); // Saturday, make-up day
        assert!(c.is_working(date("2025-01-26"))); // Sunday, make-up day
        assert!(!c.is_working(date("2025-10-08")));
        assert_eq!(c.day(date("2026-11-27")).name, None);
    }

    #[test]
    fn next_working_day_skips_the_golden_week() {
        let c = Calendar::default();
        assert_eq!(c.next_working_day(date("2026-09-30")), date("2026-10-08"));
        assert_eq!(c.next_working_day(date("2026-10-09")), date("2026-10-10"));
        assert_eq!(c.next_working_day(date("2026-11-27")), date("2026-11-30"));
    }

    #[test]
    fn config_days_override_the_built_in_ones() {
        let c = Calendar::with_extra(
            &[NamedDay {
                date: date("2027-01-01"),
                name: "New Year's Day".into(),
            }],
            &[NamedDay {
                date: date("2026-10-07"),
                name: "Local make-up day".into(),
            }],
        );
        assert!(!c.is_working(date("2027-01-01")));
        assert!(c.is_working(date("2026-10-07")));
        assert_eq!(c.known_years(), vec![2025, 2026, 2027]);
    }
}
