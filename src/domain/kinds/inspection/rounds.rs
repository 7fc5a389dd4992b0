//! Rounds are expected (DOMAIN.md §8: "patrols and supervision rounds twice a day"; §1: the
//! duty person checks the important locations and records each check): every area of the
//! table (the default areas and the key locations the config adds) is walked
//! `rules.patrols_per_day` times each local day of the estate. Pure: from the rounds given
//! (the store reads the days' rounds, `store::Store::rounds_between`).

use super::InspectionDetails;
use super::areas::AreaSpec;
use crate::domain::kinds::{Details, RecordKind};
use crate::domain::record::Record;
use crate::domain::rules::Policy;
use crate::domain::time::{local_date, start_of};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The kind whose records are the rounds.
pub const KIND: RecordKind = RecordKind::Inspection;

/// The kind whose tab shows the rounds due (the duty log's, where `I` records one).
pub const SHOWN_WITH: RecordKind = RecordKind::Log;

/// One area's rounds in a day: how many were walked (at most the expected number count) of
/// how many expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaRounds {
    pub area: String,
    /// The name the config gives the area (one name, whatever the language), if it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub done: usize,
    pub expected: usize,
}

/// A day's rounds: every area's, and the totals (the daily report's figures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRounds {
    /// The local day, `YYYY-MM-DD`.
    pub date: String,
    pub patrols_per_day: u32,
    pub expected: usize,
    pub done: usize,
    pub missed: usize,
    pub areas: Vec<AreaRounds>,
}

/// What the desk and the handover show: the areas whose rounds are not all done today, and
/// those whose rounds were missed yesterday (each with done / expected).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundsDue {
    /// Today, `YYYY-MM-DD` (the estate's zone).
    pub date: String,
    pub patrols_per_day: u32,
    pub done_today: usize,
    pub expected_today: usize,
    pub due_today: Vec<AreaRounds>,
    pub missed_yesterday: Vec<AreaRounds>,
}

/// The moments to read rounds between for `due` at `now`: the start of yesterday and the
/// start of tomorrow (local days).
pub fn window(now: DateTime<Utc>, policy: &Policy) -> (DateTime<Utc>, DateTime<Utc>) {
    let today = local_date(now, policy.zone);
    (
        start_of(today - Duration::days(1), policy.zone),
        start_of(today + Duration::days(1), policy.zone),
    )
}

/// The round a record is, if it is one that counts (not voided).
fn round(record: &Record) -> Option<&InspectionDetails> {
    match &record.new.details {
        Details::Inspection(d) if !record.is_voided() => Some(d),
        _ => None,
    }
}

/// The rounds of `date` (local day) among `records`, area by area in the table's order.
pub fn day(records: &[Record], date: NaiveDate, policy: &Policy, areas: &[AreaSpec]) -> DayRounds {
    let per_day = policy.limits.patrols_per_day;
    let (from, until) = (
        start_of(date, policy.zone),
        start_of(date + Duration::days(1), policy.zone),
    );
    let areas: Vec<AreaRounds> = areas
        .iter()
        .map(|a| {
            let walked = records
                .iter()
                .filter(|r| (from..until).contains(&r.received_at))
                .filter_map(round)
                .filter(|d| d.area == a.slug)
                .count();
            AreaRounds {
                area: a.slug.clone(),
                name: a.name.clone(),
                done: walked.min(per_day as usize),
                expected: per_day as usize,
            }
        })
        .collect();
    let expected = areas.iter().map(|a| a.expected).sum();
    let done = areas.iter().map(|a| a.done).sum();
    DayRounds {
        date: date.to_string(),
        patrols_per_day: per_day,
        expected,
        done,
        missed: expected - done,
        areas,
    }
}

/// At `now`: today's areas with rounds still to walk, and yesterday's with rounds missed.
pub fn due(
    records: &[Record],
    now: DateTime<Utc>,
    policy: &Policy,
    areas: &[AreaSpec],
) -> RoundsDue {
    let today = local_date(now, policy.zone);
    let short = |d: DayRounds| -> Vec<AreaRounds> {
        d.areas
            .into_iter()
            .filter(|a| a.done < a.expected)
            .collect()
    };
    let t = day(records, today, policy, areas);
    let (done_today, expected_today) = (t.done, t.expected);
    RoundsDue {
        date: today.to_string(),
        patrols_per_day: policy.limits.patrols_per_day,
        done_today,
        expected_today,
        due_today: short(t),
        missed_yesterday: short(day(records, today - Duration::days(1), policy, areas)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::Calendar;
    use crate::domain::kinds::inspection::areas;
    use crate::domain::record::NewRecord;
    use crate::domain::rules::Limits;
    use crate::domain::time::parse_zone;

    fn policy(per_day: u32) -> Policy {
        let limits = Limits {
            patrols_per_day: per_day,
            ..Limits::default()
        };
        Policy::new(
            limits,
            Calendar::default(),
            parse_zone("Asia/Shanghai").unwrap(),
        )
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    /// A round of `area` received at `when`.
    fn walked(area: &str, when: &str, n: u32) -> Record {
        let new = NewRecord {
            details: super::super::build(&areas::Areas::default(), area, None),
            summary: "round".into(),
            room: None,
            location: Some("3号楼".into()),
            phone: None,
            name: None,
        };
        let id = crate::domain::RecordId::new(KIND, 2026, n).unwrap();
        Record::created(id, new, at(when), at(when), "王值班")
    }

    fn area_list(list: &[AreaRounds]) -> Vec<(&str, usize)> {
        list.iter().map(|a| (a.area.as_str(), a.done)).collect()
    }

    #[test]
    fn two_rounds_a_day_by_default_from_the_rule_books() {
        assert_eq!(Limits::default().patrols_per_day, 2);
    }

    #[test]
    fn an_area_is_due_until_its_rounds_are_walked_and_extra_rounds_do_not_count_twice() {
        let p = policy(2);
        let table = areas::defaults();
        let now = at("2026-11-25T15:00:00+08:00");
        let mut rounds = vec![walked("rooftop", "2026-11-25T09:00:00+08:00", 1)];
        let d = due(&rounds, now, &p, &table);
        assert_eq!(d.expected_today, 10);
        assert_eq!(d.done_today, 1);
        assert!(area_list(&d.due_today).contains(&("rooftop", 1)));
        // The count limit: the second round of the day completes the area, a third adds nothing.
        rounds.push(walked("rooftop", "2026-11-25T14:00:00+08:00", 2));
        let d = due(&rounds, now, &p, &table);
        assert!(!d.due_today.iter().any(|a| a.area == "rooftop"));
        assert_eq!(d.done_today, 2);
        rounds.push(walked("rooftop", "2026-11-25T14:30:00+08:00", 3));
        let d = due(&rounds, now, &p, &table);
        assert_eq!(d.done_today, 2);
        assert_eq!(d.due_today.len(), 4);
        // Once a day expected: one round is enough.
        let d = due(&rounds[..1], now, &policy(1), &table);
        assert!(!d.due_today.iter().any(|a| a.area == "rooftop"));
    }

    #[test]
    fn a_voided_round_or_an_area_not_in_the_table_counts_for_nothing() {
        let p = policy(1);
        let table = areas::defaults();
        let mut round = walked("lobby", "2026-11-25T09:00:00+08:00", 1);
        round.voided = Some(crate::domain::record::Voided {
            at: round.received_at,
            by: "王值班".into(),
            reason: "记错".into(),
        });
        let d = due(&[round], at("2026-11-25T10:00:00+08:00"), &p, &table);
        assert!(d.due_today.iter().any(|a| a.area == "lobby"));
        assert_eq!(d.done_today, 0);
    }

    #[test]
    fn across_midnight_in_the_estates_zone_today_becomes_yesterday() {
        let p = policy(2);
        let table = areas::defaults();
        // 23:59:59 and 00:00:00 local (15:59:59 and 16:00:00 UTC).
        let rounds = vec![
            walked("rooftop", "2026-11-25T08:00:00+08:00", 1),
            walked("rooftop", "2026-11-25T23:59:59+08:00", 2),
            walked("lobby", "2026-11-26T00:00:00+08:00", 3),
        ];
        let before = due(&rounds, at("2026-11-25T23:59:59+08:00"), &p, &table);
        assert_eq!(before.date, "2026-11-25");
        assert!(!before.due_today.iter().any(|a| a.area == "rooftop"));
        assert_eq!(before.done_today, 2);
        // Yesterday (the 24th) had no rounds at all: every area missed.
        assert_eq!(before.missed_yesterday.len(), 5);
        let midnight = due(&rounds, at("2026-11-26T00:00:00+08:00"), &p, &table);
        assert_eq!(midnight.date, "2026-11-26");
        assert_eq!(midnight.done_today, 1);
        assert!(area_list(&midnight.due_today).contains(&("lobby", 1)));
        assert!(area_list(&midnight.due_today).contains(&("rooftop", 0)));
        // The 25th is yesterday now: the rooftop was walked twice, the others missed.
        assert!(
            !midnight
                .missed_yesterday
                .iter()
                .any(|a| a.area == "rooftop")
        );
        assert_eq!(midnight.missed_yesterday.len(), 4);
        let after = due(&rounds, at("2026-11-26T00:00:01+08:00"), &p, &table);
        assert_eq!(after, midnight);
        // The same instants in UTC fall on other days: the estate's zone decides.
        assert_eq!(
            at("2026-11-25T23:59:59+08:00").date_naive().to_string(),
            "2026-11-25"
        );
        assert_eq!(
            at("2026-11-26T00:00:00+08:00").date_naive().to_string(),
            "2026-11-25"
        );
    }

    #[test]
    fn a_day_counts_expected_done_and_missed() {
        let p = policy(2);
        let table = areas::defaults();
        let rounds = vec![
            walked("rooftop", "2026-11-25T08:00:00+08:00", 1),
            walked("rooftop", "2026-11-25T20:00:00+08:00", 2),
            walked("rooftop", "2026-11-25T21:00:00+08:00", 3),
            walked("elevator", "2026-11-25T09:00:00+08:00", 4),
            walked("elevator", "2026-11-24T23:59:59+08:00", 5),
        ];
        let date = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let d = day(&rounds, date, &p, &table);
        assert_eq!((d.expected, d.done, d.missed), (10, 3, 7));
        assert_eq!(d.areas.len(), 5);
    }
}
