//! The daily inspection rounds on the company's server (issue 14 §2, issue 19 §4): every area
//! of an estate's table walked `patrols_per_day` times a local day, counted by the server as
//! the desk counts them (`domain::kinds::inspection::rounds::day`): a voided round does not
//! count, an area's rounds count up to the number expected.
//!
//! The server holds what the desk counted with (schema 6): the estate's area table and rounds
//! a day on its row, sent by every push and written when they changed (`send_table`), and the
//! area a round walked on its record row (`area_of`, written with its row: `catch_up::write_rows`).

use crate::domain::kinds::inspection::rounds::{AreaRounds, DayRounds, KIND};
use crate::domain::{Policy, Record};
use chrono::NaiveDate;
use postgres::Client;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::SystemTime;

/// The estate's area table as this desk has it: slugs in the order walked, the name the
/// config gives each ('' for none), and its rounds a day. The one place the company side reads
/// the table.
pub fn table(policy: &Policy) -> (Vec<String>, Vec<String>, u32) {
    let areas = policy.areas.all();
    (
        areas.iter().map(|a| a.slug.clone()).collect(),
        areas
            .iter()
            .map(|a| a.name.clone().unwrap_or_default())
            .collect(),
        policy.limits.patrols_per_day,
    )
}

/// Write the desk's table on the estate's row if it is not what the server holds (a push
/// after a config change replaces it whole); whether it was written.
pub fn send_table(
    client: &mut Client,
    estate: &str,
    policy: &Policy,
) -> Result<bool, postgres::Error> {
    let (areas, names, per_day) = table(policy);
    let per_day = i32::try_from(per_day).unwrap_or(i32::MAX);
    let written = client.execute(
        "UPDATE estates SET round_areas = $2, round_area_names = $4, patrols_per_day = $3
          WHERE estate = $1
            AND (round_areas IS DISTINCT FROM $2 OR patrols_per_day IS DISTINCT FROM $3
                 OR round_area_names IS DISTINCT FROM $4)",
        &[&estate, &areas, &per_day, &names],
    )?;
    Ok(written == 1)
}

/// The area a round walked (its slug); `None` for a record that is not a round.
pub fn area_of(record: &Record, policy: &Policy) -> Option<String> {
    if record.kind() != KIND {
        return None;
    }
    record
        .rules()
        .json_fields(record, policy.zone)
        .into_iter()
        .find(|(key, _)| *key == "area")
        .and_then(|(_, v)| v.as_str().map(str::to_string))
}

/// The total's rounds: every estate's expected, done and missed summed, and per area (by its
/// slug, in the order first met: estates by name, each in its table's order) the rounds done
/// and expected across the estates that have it. No `patrols_per_day`: each estate has its own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TotalRounds {
    pub date: String,
    pub expected: usize,
    pub done: usize,
    pub missed: usize,
    pub areas: Vec<AreaRounds>,
}

impl TotalRounds {
    fn add(&mut self, day: &DayRounds) {
        self.expected += day.expected;
        self.done += day.done;
        self.missed += day.missed;
        for a in &day.areas {
            match self.areas.iter_mut().find(|t| t.area == a.area) {
                Some(t) => {
                    t.done += a.done;
                    t.expected += a.expected;
                }
                None => self.areas.push(a.clone()),
            }
        }
    }
}

/// A daily report's `rounds`: an estate's day as its desk's `report daily` gives it, `null`
/// for an estate whose desk has not pushed its area table yet (a pusher before schema 6), the
/// total's sums; absent from the other periods.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Rounds {
    #[default]
    NotAsked,
    Unknown,
    Estate(DayRounds),
    Total(TotalRounds),
}

impl Rounds {
    pub fn not_asked(&self) -> bool {
        *self == Rounds::NotAsked
    }

    /// The total of every estate's rounds known.
    pub fn total<'a>(date: NaiveDate, each: impl IntoIterator<Item = &'a Rounds>) -> Rounds {
        let mut total = TotalRounds {
            date: date.to_string(),
            ..TotalRounds::default()
        };
        for r in each {
            if let Rounds::Estate(day) = r {
                total.add(day);
            }
        }
        Rounds::Total(total)
    }
}

/// Per estate (`estate`: one), its rounds of the local day `date`, `[from, until)`: each area
/// of its table with the rounds walked there (not voided, received in the day), up to its
/// rounds a day, counted by the server.
pub fn day(
    client: &mut Client,
    (from, until): (SystemTime, SystemTime),
    date: NaiveDate,
    estate: Option<&str>,
) -> Result<BTreeMap<String, Rounds>, postgres::Error> {
    let rows = client.query(
        "SELECT e.estate, e.patrols_per_day, a.area,
                least(coalesce(w.walked, 0), e.patrols_per_day)::bigint, nullif(a.name, '')
           FROM estates e
           LEFT JOIN LATERAL unnest(e.round_areas, e.round_area_names)
                WITH ORDINALITY AS a(area, name, position) ON true
           LEFT JOIN (SELECT estate, area, count(*) AS walked
                        FROM records
                       WHERE kind = 'inspection' AND NOT voided
                         AND received_at >= $1 AND received_at < $2
                         AND ($3::text IS NULL OR estate = $3)
                       GROUP BY 1, 2) w ON w.estate = e.estate AND w.area = a.area
          WHERE $3::text IS NULL OR e.estate = $3
          ORDER BY e.estate, a.position",
        &[&from, &until, &estate],
    )?;
    let mut per: BTreeMap<String, Rounds> = BTreeMap::new();
    for r in &rows {
        let estate: String = r.get(0);
        let Some(per_day) = r.get::<_, Option<i32>>(1) else {
            per.insert(estate, Rounds::Unknown);
            continue;
        };
        let per_day = per_day.max(0) as u32;
        let entry = per.entry(estate).or_insert_with(|| {
            Rounds::Estate(DayRounds {
                date: date.to_string(),
                patrols_per_day: per_day,
                expected: 0,
                done: 0,
                missed: 0,
                areas: Vec::new(),
            })
        });
        let (Rounds::Estate(day), Some(area)) = (entry, r.get::<_, Option<String>>(2)) else {
            continue;
        };
        let done = r.get::<_, i64>(3).max(0) as usize;
        let expected = per_day as usize;
        day.areas.push(AreaRounds {
            area,
            name: r.get(4),
            done,
            expected,
        });
        day.expected += expected;
        day.done += done;
        day.missed += expected.saturating_sub(done);
    }
    Ok(per)
}
