//! The complaint analysis of a week, a quarter or a year on the server, per estate and over
//! every estate, as the desk computes it (`domain::report_complaints`, whose rules and types
//! these are): complaints by class and by building, first-reply and resolution times (median:
//! the lower middle one; worst), the share on time, repeats, and the recurring problems (a
//! record and those that repeat it, received in the period) most often first.

use super::report::{LATE, OVERDUE};
pub use crate::domain::report_complaints::ComplaintAnalysis;
use crate::domain::report_complaints::{Recurring, Times};
use postgres::Client;
use std::collections::BTreeMap;
use std::time::SystemTime;

/// The complaints received in [$1, $2) of estate $3 (or all), not voided.
const COMPLAINTS: &str = "r.kind = 'call' AND r.category = 'complaint' AND NOT r.voided
    AND r.received_at >= $1 AND r.received_at < $2 AND ($3::text IS NULL OR r.estate = $3)";

/// The deadlines (`d`, schema 8) of those complaints.
const COMPLAINT_DEADLINES: &str = "d.kind = 'call' AND d.category = 'complaint' AND NOT d.voided
    AND d.received_at >= $1 AND d.received_at < $2 AND ($3::text IS NULL OR d.estate = $3)";

/// A room's building (`3-2-1201` → `3`), `none` without one (`report_complaints::building`).
const BUILDING: &str = "coalesce(nullif(btrim(split_part(room, '-', 1)), ''), 'none')";

/// Whole minutes from `a` to `b`, cut toward zero (chrono's `num_minutes`).
fn minutes(a: &str, b: &str) -> String {
    format!("trunc(extract(epoch FROM ({b} - {a})) / 60)::bigint")
}

/// Per estate (`Some`) and over every estate (`None`).
type PerEstate = BTreeMap<Option<String>, ComplaintAnalysis>;

pub fn analyse(
    client: &mut Client,
    (from, until, now): (SystemTime, SystemTime, SystemTime),
    estate: Option<&str>,
) -> Result<PerEstate, postgres::Error> {
    let mut per = PerEstate::new();
    let params: [&(dyn postgres::types::ToSql + Sync); 4] = [&from, &until, &estate, &now];
    let n = |x: i64| x as usize;
    // Counts by class and by building; the totals and repeats from the class sets.
    for (column, by_class) in [("coalesce(class, 'unclassified')", true), (BUILDING, false)] {
        let rows = client.query(
            &format!(
                "SELECT estate, {column}, count(*), count(*) FILTER (WHERE repeat_of IS NOT NULL)
                   FROM records r WHERE {COMPLAINTS}
                  GROUP BY GROUPING SETS ((estate, 2), (2))"
            ),
            &params[..3],
        )?;
        for r in &rows {
            let a = per.entry(r.get(0)).or_default();
            let (key, count, repeats): (String, i64, i64) = (r.get(1), r.get(2), r.get(3));
            if by_class {
                a.complaints += n(count);
                a.repeats += n(repeats);
                a.by_class.insert(key, n(count));
            } else {
                a.by_building.insert(key, n(count));
            }
        }
    }
    // First reply: when it was done, on time by its deadline; resolution: when the record
    // was resolved, on time by its `reply` deadline. Times and the deadlines' states are each
    // counted from one table (`deadlines` carries its record's kind, category and receipt).
    let first_reply = minutes("d.received_at", "d.done_at");
    let resolution = minutes("r.received_at", "r.resolved_at");
    type Counted = (i64, Option<i64>, Option<i64>, i64, i64);
    let mut first: BTreeMap<Option<String>, Counted> = BTreeMap::new();
    let mut resolved: BTreeMap<Option<String>, Counted> = BTreeMap::new();
    for (deadline, into) in [("first_reply", &mut first), ("reply", &mut resolved)] {
        for r in client.query(
            &format!(
                "SELECT estate, count(m), percentile_disc(0.5) WITHIN GROUP (ORDER BY m), max(m),
                        count(*) FILTER (WHERE d.done_at IS NOT NULL AND NOT {LATE}),
                        count(*) FILTER (WHERE (d.done_at IS NOT NULL AND {LATE})
                                            OR {OVERDUE})
                   FROM (SELECT d.*, {first_reply} AS m FROM deadlines d
                          WHERE {COMPLAINT_DEADLINES} AND d.name = $5) d
                  GROUP BY GROUPING SETS ((estate), ())"
            ),
            &[&from, &until, &estate, &now, &deadline],
        )? {
            into.insert(r.get(0), (r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)));
        }
    }
    for r in client.query(
        &format!(
            "SELECT estate, count(m), percentile_disc(0.5) WITHIN GROUP (ORDER BY m), max(m)
               FROM (SELECT r.estate, {resolution} AS m FROM records r WHERE {COMPLAINTS}) r
              GROUP BY GROUPING SETS ((estate), ())"
        ),
        &params[..3],
    )? {
        let times = resolved.entry(r.get(0)).or_default();
        (times.0, times.1, times.2) = (r.get(1), r.get(2), r.get(3));
    }
    for (to_first, counted) in [(true, first), (false, resolved)] {
        for (estate, (done, median, worst, met, late)) in counted {
            let times = Times {
                done: n(done),
                median_minutes: median,
                worst_minutes: worst,
                on_time_rate: super::report::percent(met, met + late),
            };
            let a = per.entry(estate).or_default();
            if to_first {
                a.first_reply = times;
            } else {
                a.resolution = times;
            }
        }
    }
    for (estate, recurring) in recurring(client, (from, until), estate)? {
        per.entry(Some(estate.clone()))
            .or_default()
            .recurring
            .extend(recurring.iter().cloned());
        per.entry(None).or_default().recurring.extend(recurring);
    }
    for a in per.values_mut() {
        a.recurring
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.first.cmp(&b.first)));
    }
    Ok(per)
}

/// Per estate, the recurring problems: the records of the period (not voided) whose kind and
/// category repeat, grouped by the first record their `repeat_of` chain reaches (leaving the
/// period at the earliest one outside it), at least two records in a group. The server selects
/// only the records of a chain (those that repeat one, and those in the period repeated); the
/// chains are followed here, each record once (a walk from every record up its chain in SQL
/// grew with the square of a chain's length: most of a year's report).
fn recurring(
    client: &mut Client,
    (from, until): (SystemTime, SystemTime),
    estate: Option<&str>,
) -> Result<BTreeMap<String, Vec<Recurring>>, postgres::Error> {
    let rows = client.query(
        "WITH p AS MATERIALIZED (
             SELECT estate, id, repeat_of, kind, category, coalesce(room, location, '') AS place
               FROM records
              WHERE received_at >= $1 AND received_at < $2 AND NOT voided AND repeatable
                AND kind <> 'handover' AND ($3::text IS NULL OR estate = $3)
                AND repeat_of IS NOT NULL
         )
         SELECT * FROM p
         UNION
         SELECT r.estate, r.id, r.repeat_of, r.kind, r.category, coalesce(r.room, r.location, '')
           FROM records r JOIN (SELECT DISTINCT estate, repeat_of FROM p) c
                ON r.estate = c.estate AND r.id = c.repeat_of
          WHERE r.received_at >= $1 AND r.received_at < $2 AND NOT r.voided AND r.repeatable
            AND r.kind <> 'handover'",
        &[&from, &until, &estate],
    )?;
    type Row = (Option<String>, String, String, String);
    let mut per: BTreeMap<String, BTreeMap<String, Row>> = BTreeMap::new();
    for r in &rows {
        per.entry(r.get(0))
            .or_default()
            .insert(r.get(1), (r.get(2), r.get(3), r.get(4), r.get(5)));
    }
    Ok(per
        .into_iter()
        .map(|(estate, chained)| (estate, chains(&chained)))
        .collect())
}

/// The groups of `chained` (id → repeat_of, kind, category, place): each record's root is
/// where its `repeat_of` chain leaves `chained` (a record repeating none, or the first id
/// outside), found once per record.
fn chains(chained: &BTreeMap<String, (Option<String>, String, String, String)>) -> Vec<Recurring> {
    let mut root: BTreeMap<&str, String> = BTreeMap::new();
    for start in chained.keys() {
        let mut path: Vec<&str> = Vec::new();
        let mut at: &str = start;
        let found = loop {
            if let Some(r) = root.get(at) {
                break r.clone();
            }
            match chained.get(at) {
                // The chain is finite (a record repeats an older one); a loop stops here.
                Some((Some(earlier), ..)) if path.len() <= chained.len() => {
                    path.push(at);
                    at = earlier;
                }
                _ => break at.to_string(),
            }
        };
        if chained.contains_key(at) {
            path.push(at);
        }
        for id in path {
            root.insert(id, found.clone());
        }
    }
    let mut groups: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (id, first) in &root {
        let ids = groups.entry(first).or_default();
        if ids.is_empty() && !chained.contains_key(first.as_str()) {
            ids.push(first.clone());
        }
        ids.push(id.to_string());
    }
    groups
        .into_iter()
        .filter(|(_, ids)| ids.len() >= 2)
        .map(|(first, mut ids)| {
            ids.sort();
            ids.dedup();
            // The place and problem of the newest record seen (the first may be out of the period).
            let newest = ids
                .iter()
                .rev()
                .find_map(|i| chained.get(i))
                .expect("one in the period");
            Recurring {
                first: first.to_string(),
                kind: newest.1.clone(),
                category: newest.2.clone(),
                place: newest.3.clone(),
                count: ids.len(),
                ids,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(of: Option<&str>) -> (Option<String>, String, String, String) {
        let s = String::from;
        (of.map(s), s("repair"), s("general"), s("3-2-1201"))
    }

    #[test]
    fn a_chain_is_grouped_by_the_record_it_leaves_the_period_at() {
        let mut chained = BTreeMap::new();
        // A long chain in the period: each repeats the one before, the first repeats none.
        for i in 0..500 {
            let of = (i > 0).then(|| format!("R-{:03}", i - 1));
            chained.insert(format!("R-{i:03}"), row(of.as_deref()));
        }
        // Two repeating one received before the period, and one; one repeating none, alone.
        chained.insert("S-1".into(), row(Some("S-0")));
        chained.insert("S-2".into(), row(Some("S-1")));
        chained.insert("T-1".into(), row(Some("T-0")));
        chained.insert("U-1".into(), row(None));
        let mut got = chains(&chained);
        got.sort_by(|a, b| a.first.cmp(&b.first));
        let firsts: Vec<(&str, usize)> = got.iter().map(|r| (r.first.as_str(), r.count)).collect();
        assert_eq!(firsts, vec![("R-000", 500), ("S-0", 3), ("T-0", 2)]);
        assert_eq!(got[1].ids, vec!["S-0", "S-1", "S-2"]);
        assert_eq!(got[0].ids.last().map(String::as_str), Some("R-499"));
    }
}
