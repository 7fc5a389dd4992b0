//! Shifts: named start times that divide the day; each runs until the next one starts
//! (so a shift may cross midnight).

use super::time::{Zone, local};
use chrono::{DateTime, Duration, NaiveTime, Utc};

#[derive(Debug, Clone, PartialEq)]
pub struct ShiftDef {
    pub name: String,
    pub start: NaiveTime,
}

/// One concrete shift: its name and when it starts and ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    pub name: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// A shift's start as the config gives it: `HH:MM` from 00:00 to 23:59 (`8:00` too), nothing
/// else (`24:00`, `8am`, `08:00:30` are refused).
pub fn parse_start(text: &str) -> Option<NaiveTime> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let digits = |s: &str, max: usize| {
        (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    if minutes.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(digits(hours, 2)?, digits(minutes, 2)?, 0)
}

/// The shift running at `now`. `defs` must be non-empty; their order does not matter.
pub fn shift_at(defs: &[ShiftDef], now: DateTime<Utc>, zone: Zone) -> Shift {
    let mut defs: Vec<&ShiftDef> = defs.iter().collect();
    defs.sort_by_key(|d| d.start);
    let today = now.with_timezone(&zone).date_naive();
    // Every shift start from yesterday to tomorrow, in order; the last one at or before now wins.
    let starts: Vec<(DateTime<Utc>, &ShiftDef)> = [-1i64, 0, 1]
        .iter()
        .flat_map(|offset| {
            let day = today + Duration::days(*offset);
            defs.iter()
                .filter_map(move |d| local(day.and_time(d.start), zone).map(|t| (t, *d)))
        })
        .collect();
    let index = starts.iter().rposition(|(t, _)| *t <= now).unwrap_or(0);
    let (start, def) = starts[index];
    let end = starts
        .get(index + 1)
        .map(|(t, _)| *t)
        .unwrap_or(start + Duration::days(1));
    Shift {
        name: def.name.clone(),
        start,
        end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs() -> Vec<ShiftDef> {
        vec![
            ShiftDef {
                name: "Night".into(),
                start: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
            },
            ShiftDef {
                name: "Day".into(),
                start: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            },
        ]
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn shift_starts_are_times_of_day() {
        assert_eq!(parse_start("08:00"), NaiveTime::from_hms_opt(8, 0, 0));
        assert_eq!(parse_start("8:00"), NaiveTime::from_hms_opt(8, 0, 0));
        assert_eq!(parse_start("23:59"), NaiveTime::from_hms_opt(23, 59, 0));
        assert_eq!(parse_start("00:00"), Some(NaiveTime::MIN));
        for bad in [
            "24:00", "8am", "08:60", "08:00:00", "", ":", "-1:00", "+8:00", "08:5", "800",
        ] {
            assert_eq!(parse_start(bad), None, "{bad}");
        }
    }

    #[test]
    fn night_shift_crosses_midnight() {
        let zone: Zone = "Asia/Shanghai".parse().unwrap();
        let s = shift_at(&defs(), at("2026-11-25T03:00:00+08:00"), zone);
        assert_eq!(s.name, "Night");
        assert_eq!(s.start, at("2026-11-24T20:00:00+08:00"));
        assert_eq!(s.end, at("2026-11-25T08:00:00+08:00"));
        let s = shift_at(&defs(), at("2026-11-25T08:00:00+08:00"), zone);
        assert_eq!(s.name, "Day");
        assert_eq!(s.end, at("2026-11-25T20:00:00+08:00"));
        let s = shift_at(&defs(), at("2026-11-25T07:59:59+08:00"), zone);
        assert_eq!(s.name, "Night");
    }
}
