//! Yearly household callbacks (回访, DOMAIN.md §4): every occupied household is called back
//! once a calendar year (回访率 100 %). A callback is an event in the household's history
//! (`callback` on `resident_events`); one that finds nobody (`no_answer`) is a try, and the
//! household stays owed until one reaches it.

use crate::domain::error::Field;
use crate::domain::intake::{self, Entries, FieldSpec, Input, Need, Problems};
use crate::domain::kinds::{self, CallbackForm, Satisfaction};
use crate::domain::text::MAX_TEXT_CHARS;
use crate::domain::time::{Zone, local_date, start_of};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The target: every occupied household, once a year.
pub const YEARLY_TARGET: f64 = 100.0;

/// What a household's callback asks for, in the desk's form order: how it was made, how it
/// went, the owner's words. `residents callback` reads its flags through the same fields.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec::new(
        Field::CallbackForm,
        Input::Choice {
            set: &kinds::CALLBACK_FORMS,
            default: "phone",
        },
        Need::Required,
    ),
    FieldSpec::new(
        Field::Satisfaction,
        Input::Choice {
            set: &kinds::SATISFACTION,
            default: "",
        },
        Need::Required,
    ),
    FieldSpec::new(
        Field::Words,
        Input::Text {
            max: MAX_TEXT_CHARS,
        },
        Need::Optional,
    ),
];

/// This calendar year in the estate's zone: [1 January, next 1 January).
pub fn this_year(now: DateTime<Utc>, zone: Zone) -> (i32, DateTime<Utc>, DateTime<Utc>) {
    let year = local_date(now, zone).year();
    let day = |y| NaiveDate::from_ymd_opt(y, 1, 1).expect("1 January exists");
    (
        year,
        start_of(day(year), zone),
        start_of(day(year + 1), zone),
    )
}

/// One callback of a household, as stored in its event (hashed: its shape never changes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdCallback {
    pub form: CallbackForm,
    /// How it went: the owner's satisfaction, or `no_answer` (a try; still owed).
    pub result: Satisfaction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
}

impl HouseholdCallback {
    /// A callback from what was typed (`FIELDS`); else every refused field, in order.
    pub fn read(e: &Entries, now: DateTime<Utc>, zone: Zone) -> Result<Self, Problems> {
        let p = intake::parse(FIELDS, e, now, zone)?;
        Ok(Self {
            form: p.choice(Field::CallbackForm).expect("a form has a default"),
            result: p.choice(Field::Satisfaction).expect("a result is required"),
            words: p.text(Field::Words),
        })
    }

    /// Whether it reached the household (a try that found nobody does not count).
    pub fn reached(&self) -> bool {
        self.result != Satisfaction::NoAnswer
    }
}

/// A stored callback: when, by whom.
#[derive(Debug, Clone, PartialEq)]
pub struct CallbackMade {
    pub at: DateTime<Utc>,
    pub operator: String,
    pub callback: HouseholdCallback,
}

/// An occupied household and its callbacks this year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearlyRow {
    pub household: super::Household,
    /// This year's callbacks (tries included), oldest first.
    pub made: Vec<CallbackMade>,
}

impl YearlyRow {
    /// The callback that reached the household this year, if any (the first).
    pub fn called(&self) -> Option<&CallbackMade> {
        self.made.iter().find(|m| m.callback.reached())
    }

    /// Still owed its callback this year.
    pub fn due(&self) -> bool {
        self.called().is_none()
    }

    /// The tries that found nobody.
    pub fn tries(&self) -> usize {
        self.made.iter().filter(|m| !m.callback.reached()).count()
    }
}

/// Households called back this year of those occupied.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct YearlyRate {
    pub year: i32,
    pub called: usize,
    pub occupied: usize,
    /// Percent, one decimal; `None` with no occupied household.
    pub rate: Option<f64>,
    pub target: f64,
}

impl YearlyRate {
    pub fn of(year: i32, rows: &[YearlyRow]) -> Self {
        let called = rows.iter().filter(|r| !r.due()).count();
        let occupied = rows.len();
        Self {
            year,
            called,
            occupied,
            rate: (occupied > 0).then(|| (called as f64 * 1000.0 / occupied as f64).round() / 10.0),
            target: YEARLY_TARGET,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn made(result: Satisfaction) -> CallbackMade {
        CallbackMade {
            at: DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap(),
            operator: "王值班".into(),
            callback: HouseholdCallback {
                form: CallbackForm::Phone,
                result,
                words: None,
            },
        }
    }

    #[test]
    fn a_try_that_finds_nobody_leaves_the_household_owed() {
        let mut row = YearlyRow {
            household: Default::default(),
            made: vec![made(Satisfaction::NoAnswer)],
        };
        assert!(row.due());
        assert_eq!(row.tries(), 1);
        row.made.push(made(Satisfaction::Satisfied));
        assert!(!row.due());
        let other = YearlyRow {
            household: Default::default(),
            made: Vec::new(),
        };
        let rate = YearlyRate::of(2026, &[row, other]);
        assert_eq!((rate.called, rate.occupied, rate.rate), (1, 2, Some(50.0)));
        assert_eq!(YearlyRate::of(2026, &[]).rate, None);
    }

    #[test]
    fn a_callback_reads_its_fields_and_names_the_bad_one() {
        let now = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        let zone: Zone = chrono_tz::Asia::Shanghai;
        let mut e = Entries::default();
        e.set(Field::Satisfaction, "no_answer");
        let cb = HouseholdCallback::read(&e, now, zone).unwrap();
        assert_eq!(
            (cb.form, cb.result, cb.words),
            (CallbackForm::Phone, Satisfaction::NoAnswer, None)
        );
        e.set(Field::CallbackForm, "fax");
        e.set(Field::Satisfaction, "happy");
        let fields: Vec<Field> = HouseholdCallback::read(&e, now, zone)
            .unwrap_err()
            .0
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, [Field::CallbackForm, Field::Satisfaction]);
        let mut e = Entries::default();
        e.set(Field::Satisfaction, "satisfied");
        e.set(Field::Words, "x".repeat(MAX_TEXT_CHARS + 1));
        assert!(HouseholdCallback::read(&e, now, zone).is_err());
        e.set(Field::Words, "x".repeat(MAX_TEXT_CHARS));
        assert!(HouseholdCallback::read(&e, now, zone).is_ok());
    }

    #[test]
    fn the_stored_shape_stays_the_same() {
        let cb = HouseholdCallback {
            form: CallbackForm::Visit,
            result: Satisfaction::Satisfied,
            words: Some("很好".into()),
        };
        assert_eq!(
            serde_json::to_string(&cb).unwrap(),
            r#"{"form":"visit","result":"satisfied","words":"很好"}"#
        );
    }
}
