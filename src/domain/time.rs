//! Times as people type them, and the estate's local day.

use super::error::RuleError;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
pub use chrono_tz::Tz as Zone;

/// Whether a typed time without a date means the last such time (`--at`) or the next one
/// (an appointment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Past,
    Future,
}

/// Parse RFC 3339, `YYYY-MM-DD HH:MM[:SS]` / `YYYY-MM-DDTHH:MM[:SS]` (local), or `HH:MM`
/// (the most recent such time for `Past`, the next one for `Future`).
pub fn parse_time(
    field: &'static str,
    text: &str,
    zone: Zone,
    now: DateTime<Utc>,
    direction: Direction,
) -> Result<DateTime<Utc>, RuleError> {
    let text = text.trim();
    let bad = || RuleError::Field {
        field,
        problem: format!(
            "'{text}' is not a time; use 2026-11-25T03:00:00+08:00, '2026-11-25 03:00' or 03:00"
        ),
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return local(naive, zone).ok_or_else(bad);
        }
    }
    for format in ["%H:%M:%S", "%H:%M"] {
        if let Ok(clock) = NaiveTime::parse_from_str(text, format) {
            let today = now.with_timezone(&zone).date_naive();
            let candidate = local(today.and_time(clock), zone).ok_or_else(bad)?;
            return Ok(match direction {
                Direction::Past if candidate > now => {
                    local((today - Duration::days(1)).and_time(clock), zone).ok_or_else(bad)?
                }
                Direction::Future if candidate < now => {
                    local((today + Duration::days(1)).and_time(clock), zone).ok_or_else(bad)?
                }
                _ => candidate,
            });
        }
    }
    Err(bad())
}

/// Parse a calendar date `YYYY-MM-DD`.
pub fn parse_date(field: &'static str, text: &str) -> Result<NaiveDate, RuleError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| RuleError::Field {
        field,
        problem: format!("'{}' is not a date; use YYYY-MM-DD", text.trim()),
    })
}

pub fn local(naive: NaiveDateTime, zone: Zone) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The first instant of `date` in the estate's zone.
pub fn start_of(date: NaiveDate, zone: Zone) -> DateTime<Utc> {
    local(date.and_time(NaiveTime::MIN), zone)
        .unwrap_or_else(|| Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)))
}

/// "By the end of the day": the first instant of the next local day.
pub fn end_of_day(date: NaiveDate, zone: Zone) -> DateTime<Utc> {
    start_of(date + Duration::days(1), zone)
}

pub fn local_date(t: DateTime<Utc>, zone: Zone) -> NaiveDate {
    t.with_timezone(&zone).date_naive()
}

/// RFC 3339 with the zone's offset, to the second: the form of every printed time.
pub fn rfc3339(t: DateTime<Utc>, zone: Zone) -> String {
    t.with_timezone(&zone)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// `2026-11-25 03:00` in the zone, for people.
pub fn short(t: DateTime<Utc>, zone: Zone) -> String {
    t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

/// `--at` must not be in the future nor before the record's previous event.
pub fn check_event_time(
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    previous: Option<DateTime<Utc>>,
    zone: Zone,
) -> Result<(), RuleError> {
    if at > now {
        return Err(RuleError::Field {
            field: "at",
            problem: format!(
                "{} is in the future (now is {})",
                rfc3339(at, zone),
                rfc3339(now, zone)
            ),
        });
    }
    if let Some(previous) = previous
        && at < previous
    {
        return Err(RuleError::Field {
            field: "at",
            problem: format!(
                "{} is before the record's previous event at {}",
                rfc3339(at, zone),
                rfc3339(previous, zone)
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh() -> Zone {
        "Asia/Shanghai".parse().unwrap()
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T03:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn clock_times_pick_the_nearest_day() {
        let past = parse_time("at", "23:55", sh(), now(), Direction::Past).unwrap();
        assert_eq!(rfc3339(past, sh()), "2026-11-24T23:55:00+08:00");
        let future = parse_time("at", "02:00", sh(), now(), Direction::Future).unwrap();
        assert_eq!(rfc3339(future, sh()), "2026-11-26T02:00:00+08:00");
        let same = parse_time("at", "02:59", sh(), now(), Direction::Past).unwrap();
        assert_eq!(rfc3339(same, sh()), "2026-11-25T02:59:00+08:00");
    }

    #[test]
    fn full_forms() {
        let t = parse_time("at", "2026-11-25 01:30", sh(), now(), Direction::Past).unwrap();
        assert_eq!(rfc3339(t, sh()), "2026-11-25T01:30:00+08:00");
        let t = parse_time("at", "2026-11-24T17:30:00Z", sh(), now(), Direction::Past).unwrap();
        assert_eq!(rfc3339(t, sh()), "2026-11-25T01:30:00+08:00");
        assert!(parse_time("at", "yesterday", sh(), now(), Direction::Past).is_err());
        assert!(parse_time("at", "25:00", sh(), now(), Direction::Past).is_err());
    }

    #[test]
    fn end_of_day_is_next_local_midnight() {
        let d = local_date(now(), sh());
        assert_eq!(
            rfc3339(end_of_day(d, sh()), sh()),
            "2026-11-26T00:00:00+08:00"
        );
    }
}
