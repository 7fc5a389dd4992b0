//! Times as people type them, and the estate's local day.

use super::error::{Field, Problem, RuleError};
use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};
pub use chrono_tz::Tz as Zone;

/// Whether a typed time without a date means the last such time (`--at`) or the next one
/// (an appointment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Past,
    Future,
}

/// The first and last day a time given by people or config may fall on (DESIGN.md), judged
/// in the estate's zone: every id's year, every local day the program works out, lies in it.
pub const FIRST_DAY: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date");
pub const LAST_DAY: NaiveDate = NaiveDate::from_ymd_opt(2099, 12, 31).expect("a valid date");

/// The one range check for days: `text` is what was given, for the message.
pub fn check_day(field: Field, text: &str, day: NaiveDate) -> Result<NaiveDate, RuleError> {
    if (FIRST_DAY..=LAST_DAY).contains(&day) {
        return Ok(day);
    }
    Err(RuleError::field(
        field,
        Problem::OutOfRange(text.trim().to_string()),
    ))
}

/// The one range check for moments: the local day in the estate's zone must be in range.
pub fn check_time(
    field: Field,
    text: &str,
    t: DateTime<Utc>,
    zone: Zone,
) -> Result<DateTime<Utc>, RuleError> {
    check_day(field, text, local_date(t, zone)).map(|_| t)
}

/// Parse RFC 3339, `YYYY-MM-DD HH:MM[:SS]` / `YYYY-MM-DDTHH:MM[:SS]` (local), or `HH:MM`
/// (the most recent such time for `Past`, the next one for `Future`). Anything outside
/// `FIRST_DAY..=LAST_DAY` in the estate's zone is refused.
pub fn parse_time(
    field: Field,
    text: &str,
    zone: Zone,
    now: DateTime<Utc>,
    direction: Direction,
) -> Result<DateTime<Utc>, RuleError> {
    let t = parse_any_time(field, text, zone, now, direction)?;
    check_time(field, text, t, zone)
}

fn parse_any_time(
    field: Field,
    text: &str,
    zone: Zone,
    now: DateTime<Utc>,
    direction: Direction,
) -> Result<DateTime<Utc>, RuleError> {
    let text = text.trim();
    let bad = || RuleError::field(field, Problem::NotTime(text.to_string()));
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        no_leap_second(field, text, t.nanosecond())?;
        return Ok(t.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            no_leap_second(field, text, naive.nanosecond())?;
            return local(naive, zone).ok_or_else(bad);
        }
    }
    for format in ["%H:%M:%S", "%H:%M"] {
        if let Ok(clock) = NaiveTime::parse_from_str(text, format) {
            no_leap_second(field, text, clock.nanosecond())?;
            let today = now.with_timezone(&zone).date_naive();
            let day = match direction {
                Direction::Past => today.pred_opt(),
                Direction::Future => today.succ_opt(),
            };
            let candidate = local(today.and_time(clock), zone).ok_or_else(bad)?;
            return Ok(match direction {
                Direction::Past if candidate > now => {
                    local(day.ok_or_else(bad)?.and_time(clock), zone).ok_or_else(bad)?
                }
                Direction::Future if candidate < now => {
                    local(day.ok_or_else(bad)?.and_time(clock), zone).ok_or_else(bad)?
                }
                _ => candidate,
            });
        }
    }
    Err(bad())
}

/// An RFC 3339 moment and nothing else (`DUTYDESK_NOW`), in range.
pub fn parse_instant(field: Field, text: &str, zone: Zone) -> Result<DateTime<Utc>, RuleError> {
    let t = DateTime::parse_from_rfc3339(text.trim())
        .map_err(|_| RuleError::field(field, Problem::NotRfc3339(text.trim().to_string())))?;
    no_leap_second(field, text.trim(), t.nanosecond())?;
    check_time(field, text, t.with_timezone(&Utc), zone)
}

/// chrono reads second 60 as a leap second (`03:00:60` became 03:00:59 and a bit): a time
/// people give has seconds 00 to 59.
fn no_leap_second(field: Field, text: &str, nanosecond: u32) -> Result<(), RuleError> {
    if nanosecond >= 1_000_000_000 {
        return Err(RuleError::field(
            field,
            Problem::LeapSecond(text.to_string()),
        ));
    }
    Ok(())
}

/// Parse a calendar date `YYYY-MM-DD`, in range.
pub fn parse_date(field: Field, text: &str) -> Result<NaiveDate, RuleError> {
    let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| RuleError::field(field, Problem::NotDate(text.trim().to_string())))?;
    check_day(field, text, day)
}

/// A lookup's lower bound: a day (its first instant) or a time, in range.
pub fn parse_day_or_time(
    field: Field,
    text: &str,
    zone: Zone,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, RuleError> {
    if NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").is_ok() {
        return parse_date(field, text).map(|day| start_of(day, zone));
    }
    parse_time(field, text, zone, now, Direction::Past)
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
/// Written digit by digit (chrono's formatter was a twentieth of `list --json`); a year outside
/// 0–9999 or an offset with seconds (a zone's local mean time) goes through chrono, whose text
/// this is otherwise byte for byte.
pub fn rfc3339(t: DateTime<Utc>, zone: Zone) -> String {
    use chrono::Offset;
    let local = t.with_timezone(&zone);
    let offset = local.offset().fix().local_minus_utc();
    let naive = local.naive_local();
    let year = naive.year();
    if !(0..=9999).contains(&year) || offset % 60 != 0 {
        return local.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    }
    let mut out = [0u8; 25];
    let mut put = |at: usize, value: u32, digits: usize| {
        let mut v = value;
        for i in (0..digits).rev() {
            out[at + i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, year as u32, 4);
    put(5, naive.month(), 2);
    put(8, naive.day(), 2);
    put(11, naive.hour(), 2);
    put(14, naive.minute(), 2);
    // A leap second (nanoseconds past a billion) is written as second 60, as chrono does.
    put(17, naive.second() + naive.nanosecond() / 1_000_000_000, 2);
    let minutes = offset.unsigned_abs() / 60;
    put(20, minutes / 60, 2);
    put(23, minutes % 60, 2);
    out[4] = b'-';
    out[7] = b'-';
    out[10] = b'T';
    out[13] = b':';
    out[16] = b':';
    out[19] = if offset < 0 { b'-' } else { b'+' };
    out[22] = b':';
    String::from_utf8(out.to_vec()).expect("digits and signs are ASCII")
}

/// The width `list_time` needs for its full forms; narrower columns get the short forms.
pub const LIST_TIME_WIDTH: usize = 11;

/// When a record came in, as the list shows it in a column `width` wide: `21:10` within the
/// last 24 hours (the evening half of a night shift keeps its hours), `11-24 21:10` within the
/// same year, `2025-12-30` beyond; in a column narrower than 11 (80-column screens: 5) the
/// date alone `11-24` and the year alone `2025`. A time after `now` (from a clock that was
/// wrong) always has its date.
pub fn list_time(t: DateTime<Utc>, now: DateTime<Utc>, zone: Zone, width: usize) -> String {
    let local = t.with_timezone(&zone);
    let age = now - t;
    let full = width >= LIST_TIME_WIDTH;
    let format = if age >= Duration::zero() && age < Duration::hours(24) {
        "%H:%M"
    } else if local.year() == now.with_timezone(&zone).year() || age < Duration::zero() {
        if full { "%m-%d %H:%M" } else { "%m-%d" }
    } else if full {
        "%Y-%m-%d"
    } else {
        "%Y"
    };
    local.format(format).to_string()
}

/// `2026-11-25 03:00` in the zone, for people.
pub fn short(t: DateTime<Utc>, zone: Zone) -> String {
    t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

/// When a step given without `--at` happens: now, except that a corrective step (`void`,
/// `note`) on a record whose last event lies after now — written under a wrong clock — is
/// stamped at that last event, since no time before it may be used: a mistaken record can
/// always be voided. Its `written_at` stays the real now.
pub fn default_event_time(
    corrective: bool,
    now: DateTime<Utc>,
    last_event_at: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    match last_event_at {
        Some(last) if corrective && last > now => last,
        _ => now,
    }
}

/// `--at` must not be in the future nor before the record's previous event. The one time
/// after now that is accepted is the previous event's own (a record a wrong clock put in the
/// future: `default_event_time` stamps corrective steps there).
pub fn check_event_time(
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    previous: Option<DateTime<Utc>>,
    zone: Zone,
) -> Result<(), RuleError> {
    check_time(Field::At, &rfc3339(at, zone), at, zone)?;
    if at > now && previous != Some(at) {
        return Err(RuleError::field(
            Field::At,
            Problem::InFuture {
                at: rfc3339(at, zone),
                now: rfc3339(now, zone),
            },
        ));
    }
    if let Some(previous) = previous
        && at < previous
    {
        return Err(RuleError::field(
            Field::At,
            Problem::BeforePrevious {
                at: rfc3339(at, zone),
                previous: rfc3339(previous, zone),
            },
        ));
    }
    Ok(())
}

/// Why a zone name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneError {
    /// Not a zone name chrono-tz knows.
    Unknown,
    /// A POSIX rule (`CST-8:30`, `CST-8CDT,M4.1.0,M10.1.0`) that is not a whole-hour offset.
    PosixRule,
}

/// A zone as `TZ` or the config names it: an IANA name (`Asia/Shanghai`, `UTC`), glibc's
/// `:Asia/Shanghai`, a path under `zoneinfo/`, or a POSIX offset-only rule in whole hours
/// (`CST-8` is UTC+8, the zone `Etc/GMT-8`: POSIX and `Etc/GMT` share the inverted sign).
/// An empty name is UTC, as for the C library.
pub fn parse_zone(text: &str) -> Result<Zone, ZoneError> {
    let name = text.trim().trim_start_matches(':');
    if name.is_empty() {
        return Ok(chrono_tz::UTC);
    }
    let name = match name.rfind("zoneinfo/") {
        Some(i) if name.starts_with('/') => &name[i + "zoneinfo/".len()..],
        _ => name,
    };
    if let Ok(zone) = name.parse() {
        return Ok(zone);
    }
    match posix_offset(name) {
        Some(Some(hours)) => format!("Etc/GMT{hours:+}")
            .parse()
            .map_err(|_| ZoneError::PosixRule),
        Some(None) => Err(ZoneError::PosixRule),
        None => Err(ZoneError::Unknown),
    }
}

/// A POSIX rule's offset: `Some(Some(h))` for `NAME[+-]h` alone (hours west of UTC, as
/// written), `Some(None)` for any other POSIX-looking rule (minutes, a DST part), `None` when
/// it does not look like one.
fn posix_offset(rule: &str) -> Option<Option<i32>> {
    let rest = if let Some(quoted) = rule.strip_prefix('<') {
        &quoted[quoted.find('>')? + 1..]
    } else {
        let letters = rule.chars().take_while(char::is_ascii_alphabetic).count();
        if letters < 3 {
            return None;
        }
        &rule[letters..]
    };
    let digits = rest.trim_start_matches(['+', '-']);
    if !digits.starts_with(|c: char| c.is_ascii_digit()) || rest.len() - digits.len() > 1 {
        return None;
    }
    let hours_len = digits.chars().take_while(char::is_ascii_digit).count();
    if hours_len == digits.len() && hours_len <= 2 {
        let hours: i32 = digits.parse().ok()?;
        return Some(Some(if rest.starts_with('-') { -hours } else { hours }));
    }
    Some(None)
}

/// An appointment lies in range and not before the record was received.
pub fn check_appointment(
    appointment: DateTime<Utc>,
    received: DateTime<Utc>,
    zone: Zone,
) -> Result<(), RuleError> {
    check_time(
        Field::Appointment,
        &rfc3339(appointment, zone),
        appointment,
        zone,
    )?;
    if appointment < received {
        return Err(RuleError::field(
            Field::Appointment,
            Problem::BeforeReceived {
                at: rfc3339(appointment, zone),
                received: rfc3339(received, zone),
            },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written form is chrono's, to the byte: across zones east and west, half- and
    /// quarter-hour offsets, daylight saving, local mean time (offsets with seconds), the
    /// years 0, 9999 and beyond, and every hour of a few days.
    #[test]
    fn rfc3339_is_chronos_text() {
        let zones: Vec<Zone> = [
            "Asia/Shanghai",
            "UTC",
            "America/St_Johns",
            "Asia/Kathmandu",
            "Europe/London",
            "America/Los_Angeles",
            "Pacific/Chatham",
            "Africa/Monrovia",
        ]
        .iter()
        .map(|n| n.parse().unwrap())
        .collect();
        let mut times: Vec<i64> = vec![
            0,
            -1,
            946_684_799,
            1_764_183_600,
            -62_167_219_200, // 0000-01-01
            -62_167_219_201, // a second before: year -1
            253_402_300_799, // 9999-12-31T23:59:59Z
            253_402_300_800, // 10000
            -2_208_988_800,  // 1900: local mean time in several zones
        ];
        times.extend((0..24 * 9).map(|h| 1_774_000_000 + h * 3_600 + h * 61));
        for zone in &zones {
            for &secs in &times {
                let t = Utc.timestamp_opt(secs, 0).unwrap();
                let chrono = t
                    .with_timezone(zone)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
                assert_eq!(rfc3339(t, *zone), chrono, "{secs} in {zone}");
            }
        }
    }

    #[test]
    fn list_time_at_the_24_hour_and_year_edges() {
        let z = sh();
        let at = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc)
        };
        let now = at("2026-11-25T03:00:00+08:00");
        let both = |t: &str, n| (list_time(at(t), n, z, 11), list_time(at(t), n, z, 5));
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        // Within 24 hours, across midnight: the time alone, at every width.
        assert_eq!(both("2026-11-24T21:10:00+08:00", now), s("21:10", "21:10"));
        assert_eq!(both("2026-11-24T03:00:01+08:00", now), s("03:00", "03:00"));
        assert_eq!(both("2026-11-25T03:00:00+08:00", now), s("03:00", "03:00"));
        // 24 hours or more: the date and time (narrow: the date).
        assert_eq!(
            both("2026-11-24T03:00:00+08:00", now),
            s("11-24 03:00", "11-24")
        );
        assert_eq!(
            both("2026-01-01T00:00:00+08:00", now),
            s("01-01 00:00", "01-01")
        );
        // Last year: the date with its year (narrow: the year), in the estate's zone.
        assert_eq!(
            both("2025-12-31T23:59:00+08:00", now),
            s("2025-12-31", "2025")
        );
        let new_year = at("2027-01-01T00:30:00+08:00");
        assert_eq!(
            both("2026-12-31T23:00:00+08:00", new_year),
            s("23:00", "23:00")
        );
        assert_eq!(
            both("2026-12-30T23:00:00+08:00", new_year),
            s("2026-12-30", "2026")
        );
        // After now (a wrong clock): dated.
        assert_eq!(
            both("2026-11-25T03:05:00+08:00", now),
            s("11-25 03:05", "11-25")
        );
    }

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
        let past = parse_time(Field::At, "23:55", sh(), now(), Direction::Past).unwrap();
        assert_eq!(rfc3339(past, sh()), "2026-11-24T23:55:00+08:00");
        let future = parse_time(Field::At, "02:00", sh(), now(), Direction::Future).unwrap();
        assert_eq!(rfc3339(future, sh()), "2026-11-26T02:00:00+08:00");
        let same = parse_time(Field::At, "02:59", sh(), now(), Direction::Past).unwrap();
        assert_eq!(rfc3339(same, sh()), "2026-11-25T02:59:00+08:00");
    }

    #[test]
    fn full_forms() {
        let t = parse_time(Field::At, "2026-11-25 01:30", sh(), now(), Direction::Past).unwrap();
        assert_eq!(rfc3339(t, sh()), "2026-11-25T01:30:00+08:00");
        let t = parse_time(
            Field::At,
            "2026-11-24T17:30:00Z",
            sh(),
            now(),
            Direction::Past,
        )
        .unwrap();
        assert_eq!(rfc3339(t, sh()), "2026-11-25T01:30:00+08:00");
        assert!(parse_time(Field::At, "yesterday", sh(), now(), Direction::Past).is_err());
        assert!(parse_time(Field::At, "25:00", sh(), now(), Direction::Past).is_err());
    }

    #[test]
    fn times_outside_2000_to_2099_are_refused_at_the_edges() {
        let at = |text| parse_time(Field::At, text, sh(), now(), Direction::Past);
        let appointment =
            |text| parse_time(Field::Appointment, text, sh(), now(), Direction::Future);
        assert!(at("2000-01-01T00:00:00").is_ok());
        assert!(at("2000-01-01 00:00").is_ok());
        assert!(at("2000-01-01T00:00:00-12:00").is_ok());
        assert!(appointment("2099-12-31T23:59:59").is_ok());
        assert!(appointment("2099-12-31T23:59:59+14:00").is_ok());
        for bad in [
            "1999-12-31T23:59:59",
            "1999-12-31 23:59",
            "2000-01-01T00:00:00+14:00",
            "0000-01-01T00:00:00+14:00",
            "0000-01-01 00:00",
            "-0001-01-01T00:00:00Z",
            "10000-01-01T00:00:00Z",
            "+10000-01-01 00:00",
            "2100-01-01T00:00:00",
            "2099-12-31T23:59:59-12:00",
            "2026-11-25T03:00:00+99:00",
            "2026-11-25T03:00:00+24:00",
            "9999-12-31T23:59:59-23:59",
        ] {
            let e = at(bad).expect_err(bad);
            let RuleError::Field { field, .. } = &e else {
                panic!("{bad}: {e}")
            };
            assert_eq!(*field, Field::At, "{bad}");
        }
        let e = at("0000-01-01T00:00:00+14:00").unwrap_err().to_string();
        assert_eq!(
            e,
            "at: 0000-01-01T00:00:00+14:00 is outside 2000-01-01 to 2099-12-31; nothing was written"
        );
        // A clock time that would fall on the other side of the range is refused too.
        let late: DateTime<Utc> = DateTime::parse_from_rfc3339("2099-12-31T23:00:00+08:00")
            .unwrap()
            .into();
        assert!(parse_time(Field::Appointment, "22:00", sh(), late, Direction::Future).is_err());
        let early: DateTime<Utc> = DateTime::parse_from_rfc3339("2000-01-01T01:00:00+08:00")
            .unwrap()
            .into();
        assert!(parse_time(Field::At, "02:00", sh(), early, Direction::Past).is_err());
        assert!(parse_time(Field::At, "00:30", sh(), early, Direction::Past).is_ok());
    }

    #[test]
    fn absurd_strings_are_not_times() {
        for bad in [
            "",
            " ",
            "0",
            "now",
            "2026-13-01",
            "2026-02-30 10:00",
            "99999999999999999999",
            "2026-11-25T03:00:00+08:00junk",
            "\u{1b}]52;c;aGk=\u{7}",
            "２０２６-11-25 03:00",
        ] {
            assert!(
                parse_time(Field::At, bad, sh(), now(), Direction::Past).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn dates_and_instants_are_range_checked() {
        assert!(parse_date(Field::Since, "2000-01-01").is_ok());
        assert!(parse_date(Field::Since, "2099-12-31").is_ok());
        for bad in [
            "1999-12-31",
            "2100-01-01",
            "0000-01-01",
            "-0001-01-01",
            "+10000-01-01",
        ] {
            assert!(parse_date(Field::Since, bad).is_err(), "{bad}");
        }
        assert!(parse_instant(Field::Now, "2026-11-25T03:00:00+08:00", sh()).is_ok());
        assert!(parse_instant(Field::Now, "2026-11-25 03:00", sh()).is_err());
        let e = parse_instant(Field::Now, "0000-01-01T00:00:00Z", sh()).unwrap_err();
        assert!(e.to_string().starts_with("DUTYDESK_NOW: "), "{e}");
        let since = parse_day_or_time(Field::Since, "1999-12-31", sh(), now()).unwrap_err();
        assert!(since.to_string().contains("outside"), "{since}");
        assert!(parse_day_or_time(Field::Since, "2026-11-24", sh(), now()).is_ok());
        assert!(parse_day_or_time(Field::Since, "02:00", sh(), now()).is_ok());
    }

    #[test]
    fn an_appointment_before_the_record_is_refused() {
        let before = now() - Duration::minutes(1);
        let e = check_appointment(before, now(), sh()).unwrap_err();
        assert!(e.to_string().starts_with("appointment: "), "{e}");
        assert!(check_appointment(now(), now(), sh()).is_ok());
        let far: DateTime<Utc> = DateTime::parse_from_rfc3339("2100-01-01T00:00:00+08:00")
            .unwrap()
            .into();
        assert!(check_appointment(far, now(), sh()).is_err());
    }

    #[test]
    fn event_times_out_of_range_are_refused_whoever_writes() {
        let old: DateTime<Utc> = DateTime::parse_from_rfc3339("0000-01-01T00:00:00+14:00")
            .unwrap()
            .into();
        assert!(check_event_time(old, now(), None, sh()).is_err());
    }

    #[test]
    fn zones_by_name_glibc_form_path_and_whole_hour_posix_offset() {
        for (text, name) in [
            ("Asia/Shanghai", "Asia/Shanghai"),
            (":Asia/Shanghai", "Asia/Shanghai"),
            ("/usr/share/zoneinfo/Asia/Shanghai", "Asia/Shanghai"),
            (":/usr/share/zoneinfo/Europe/Paris", "Europe/Paris"),
            ("UTC", "UTC"),
            ("Etc/UTC", "Etc/UTC"),
            ("", "UTC"),
            ("CST-8", "Etc/GMT-8"),
            ("<+08>-8", "Etc/GMT-8"),
            ("EST+5", "Etc/GMT+5"),
            ("JST-9", "Etc/GMT-9"),
            ("UTC0", "Etc/GMT+0"),
        ] {
            assert_eq!(parse_zone(text).map(|z| z.name()), Ok(name), "{text}");
        }
        for (text, why) in [
            ("garbage/zone", ZoneError::Unknown),
            ("Asia/Shangha", ZoneError::Unknown),
            ("8", ZoneError::Unknown),
            ("CST-8:30", ZoneError::PosixRule),
            ("IST-5:30", ZoneError::PosixRule),
            ("CST6CDT,M3.2.0,M11.1.0", ZoneError::PosixRule),
            ("CET-1CEST", ZoneError::PosixRule),
            ("XXX-15", ZoneError::PosixRule),
            ("XXX+13", ZoneError::PosixRule),
        ] {
            assert_eq!(parse_zone(text), Err(why), "{text}");
        }
        // CST-8 is eight hours ahead of UTC, as the C library reads it.
        let zone = parse_zone("CST-8").unwrap();
        assert_eq!(rfc3339(now(), zone), "2026-11-25T03:00:00+08:00");
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
