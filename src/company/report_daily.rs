//! `company report daily`: the lists the morning meeting works through, per estate, as the
//! desk's `report daily` gives them (`domain::report_daily`): every deadline due that day that
//! was missed or is still overdue, with its record; the ids received that day still open; the
//! day's incidents; the handovers of the day's shift changes signed late or not at all.
//! Selected by the server; only the lines listed come back.

use super::report::{LATE, OVERDUE};
use crate::domain::time::{Zone, rfc3339};
use chrono::{DateTime, Utc};
use postgres::Client;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::SystemTime;

pub use crate::domain::report_daily::{HandoverLine, IncidentLine, Missed};

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DailyLists {
    pub missed: Vec<Missed>,
    pub still_open: Vec<String>,
    /// The desk's `incidents` list (the company's `incidents` is their count).
    #[serde(rename = "daily_incidents")]
    pub incidents: Vec<IncidentLine>,
    pub late_handovers: Vec<HandoverLine>,
}

impl DailyLists {
    /// The total's lists: every estate's lines (each names its record, not its estate).
    pub fn add(&mut self, other: &DailyLists) {
        self.missed.extend(other.missed.iter().cloned());
        self.still_open.extend(other.still_open.iter().cloned());
        self.incidents.extend(other.incidents.iter().cloned());
        self.late_handovers
            .extend(other.late_handovers.iter().cloned());
    }
}

/// The day `[from, until)` as it stands at `now`; deadlines are looked for in the records the
/// desk looks in (`store::due_candidates`): open ones next due before the day ends, those
/// received since `since` and changed since the day began, and the day's own.
pub struct Day {
    pub from: SystemTime,
    pub until: SystemTime,
    pub now: SystemTime,
    pub since: SystemTime,
    pub zone: Zone,
}

fn time(t: SystemTime, zone: Zone) -> String {
    rfc3339(DateTime::<Utc>::from(t), zone)
}

/// A deadline of a record not voided, due in the day, done late or overdue now.
const MISSED: &str = "NOT r.voided AND d.due >= $1 AND d.due < $2
    AND ((d.done_at IS NOT NULL AND {LATE}) OR {OVERDUE})";

pub fn lists(
    client: &mut Client,
    day: &Day,
    estate: Option<&str>,
) -> Result<BTreeMap<String, DailyLists>, postgres::Error> {
    let mut per: BTreeMap<String, DailyLists> = BTreeMap::new();
    let zone = day.zone;
    let missed = MISSED.replace("{LATE}", LATE).replace("{OVERDUE}", OVERDUE);
    let missed = client.query(
        &format!(
            "SELECT r.estate, r.id, d.name, d.due, d.done_at
               FROM records r JOIN deadlines d ON d.estate = r.estate AND d.record_id = r.id
              WHERE r.open AND r.due_at < $2 AND ($3::text IS NULL OR r.estate = $3)
                AND {missed}
             UNION ALL
             SELECT r.estate, r.id, d.name, d.due, d.done_at
               FROM records r JOIN deadlines d ON d.estate = r.estate AND d.record_id = r.id
              WHERE r.updated_at >= $1 AND r.received_at >= $5 AND r.received_at < $2
                AND NOT (r.open AND coalesce(r.due_at < $2, false))
                AND ($3::text IS NULL OR r.estate = $3) AND {missed}"
        ),
        &[&day.from, &day.until, &estate, &day.now, &day.since],
    )?;
    for r in &missed {
        per.entry(r.get(0)).or_default().missed.push(Missed {
            id: r.get(1),
            deadline: r.get(2),
            due: time(r.get(3), zone),
            done: r.get::<_, Option<SystemTime>>(4).map(|t| time(t, zone)),
        });
    }
    let received = client.query(
        "SELECT estate, id, kind, category, status, summary, status_open FROM records
          WHERE received_at >= $1 AND received_at < $2 AND NOT voided
            AND ($3::text IS NULL OR estate = $3)
            AND ((kind <> 'handover' AND status_open) OR kind = 'incident')
          ORDER BY estate, id",
        &[&day.from, &day.until, &estate],
    )?;
    for r in &received {
        let lists = per.entry(r.get(0)).or_default();
        let (id, kind): (String, &str) = (r.get(1), r.get(2));
        if kind == "incident" {
            lists.incidents.push(IncidentLine {
                id: id.clone(),
                category: r.get(3),
                status: r.get(4),
                summary: r.get(5),
            });
        }
        if kind != "handover" && r.get::<_, bool>(6) {
            lists.still_open.push(id);
        }
    }
    let handovers = client.query(
        "SELECT estate, shift_start, id, signed_at
           FROM (SELECT DISTINCT ON (estate, shift_start) estate, shift_start, id, signed_at,
                        signed_late
                   FROM records
                  WHERE kind = 'handover' AND NOT voided AND shift_start >= $1
                    AND shift_start < least($2::timestamptz, $4::timestamptz) AND ($3::text IS NULL OR estate = $3)
                  ORDER BY estate, shift_start, id DESC) h
          WHERE signed_at IS NULL OR signed_late
          ORDER BY estate, shift_start",
        &[&day.from, &day.until, &estate, &day.now],
    )?;
    for r in &handovers {
        let signed: Option<SystemTime> = r.get(3);
        per.entry(r.get(0))
            .or_default()
            .late_handovers
            .push(HandoverLine {
                shift_start: time(r.get(1), zone),
                state: if signed.is_some() {
                    "late"
                } else {
                    "not_signed"
                }
                .to_string(),
                id: Some(r.get(2)),
                signed_at: signed.map(|t| time(t, zone)),
            });
    }
    for lists in per.values_mut() {
        lists
            .missed
            .sort_by(|a, b| (&a.due, &a.id, &a.deadline).cmp(&(&b.due, &b.id, &b.deadline)));
        // Ids of one kind and year sort by number: as the desk sorts them.
        lists.still_open.sort();
    }
    Ok(per)
}
