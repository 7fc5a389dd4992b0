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
    // First reply: when it was done; resolution: when the record was resolved, on time by
    // its `reply` deadline.
    let first_reply = minutes("r.received_at", "d.done_at");
    let resolution = minutes("r.received_at", "r.resolved_at");
    for (deadline, first) in [("first_reply", true), ("reply", false)] {
        let rows = client.query(
            &format!(
                "SELECT estate, count(m), percentile_disc(0.5) WITHIN GROUP (ORDER BY m), max(m),
                        count(*) FILTER (WHERE d.done_at IS NOT NULL AND NOT {LATE}),
                        count(*) FILTER (WHERE (d.done_at IS NOT NULL AND {LATE})
                                            OR {OVERDUE})
                   FROM (SELECT r.estate, d.due, d.done_at, d.late, d.held_since, d.held_until,
                                CASE WHEN $5 THEN {first_reply} ELSE {resolution} END AS m
                           FROM records r
                           LEFT JOIN deadlines d
                                  ON d.estate = r.estate AND d.record_id = r.id AND d.name = $6
                                 AND d.received_at >= $1 AND d.received_at < $2
                          WHERE {COMPLAINTS}) d
                  GROUP BY GROUPING SETS ((estate), ())"
            ),
            &[&from, &until, &estate, &now, &first, &deadline],
        )?;
        for r in &rows {
            let (met, late): (i64, i64) = (r.get(4), r.get(5));
            let times = Times {
                done: n(r.get(1)),
                median_minutes: r.get(2),
                worst_minutes: r.get(3),
                on_time_rate: super::report::percent(met, met + late),
            };
            let a = per.entry(r.get(0)).or_default();
            if first {
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
/// period at the earliest one outside it), at least two records in a group.
fn recurring(
    client: &mut Client,
    (from, until): (SystemTime, SystemTime),
    estate: Option<&str>,
) -> Result<BTreeMap<String, Vec<Recurring>>, postgres::Error> {
    let rows = client.query(
        "WITH RECURSIVE p AS (
             SELECT estate, id, repeat_of FROM records
              WHERE received_at >= $1 AND received_at < $2 AND NOT voided AND repeatable
                AND kind <> 'handover' AND ($3::text IS NULL OR estate = $3)
         ), walk (estate, id, root, next, steps) AS (
             SELECT estate, id, id, repeat_of, 0 FROM p
             UNION ALL
             SELECT w.estate, w.id, w.next, q.repeat_of, w.steps + 1
               FROM walk w LEFT JOIN p q ON q.estate = w.estate AND q.id = w.next
              WHERE w.next IS NOT NULL AND w.steps <= 100000
         ), groups AS (
             SELECT estate, root, array_agg(id ORDER BY id) AS ids, max(id) AS newest
               FROM walk WHERE next IS NULL GROUP BY estate, root
         )
         SELECT * FROM (
             SELECT g.estate, g.root,
                    CASE WHEN pr.id IS NOT NULL THEN g.ids
                         ELSE ARRAY(SELECT unnest(g.root || g.ids) ORDER BY 1) END AS ids,
                    r.kind, r.category, coalesce(r.room, r.location, '')
               FROM groups g JOIN records r ON r.estate = g.estate AND r.id = g.newest
                    LEFT JOIN p pr ON pr.estate = g.estate AND pr.id = g.root) s
          WHERE cardinality(ids) >= 2",
        &[&from, &until, &estate],
    )?;
    let mut out: BTreeMap<String, Vec<Recurring>> = BTreeMap::new();
    for r in &rows {
        let ids: Vec<String> = r.get(2);
        out.entry(r.get(0)).or_default().push(Recurring {
            first: r.get(1),
            kind: r.get(3),
            category: r.get(4),
            place: r.get(5),
            count: ids.len(),
            ids,
        });
    }
    Ok(out)
}
