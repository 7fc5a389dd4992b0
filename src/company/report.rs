//! `company report`: the estate reports' main figures per estate and in total, counted by the
//! server over the record rows the desks pushed. Each figure is the desk's own (`domain::report`)
//! for the same period: records received (handovers aside), voided, calls by kind, complaints
//! by class, urgent repairs, incidents, deadlines met / missed / overdue, and the complaint and
//! repair callback rates against their targets.

use super::CompanyError;
use crate::config_company::Company;
use chrono::{DateTime, Utc};
use postgres::Client;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::SystemTime;

/// Met / missed / still open and past due, for one deadline name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Kept {
    pub met: i64,
    pub missed: i64,
    pub open_overdue: i64,
}

/// Callbacks made for the records resolved in the period that owe one, against the target
/// (`domain::report::CallbackRate`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Callbacks {
    pub resolved: i64,
    pub called_back: i64,
    /// Percent, one decimal; None when nothing was resolved.
    pub rate: Option<f64>,
    pub target: f64,
}

impl Callbacks {
    fn new(target: f64) -> Self {
        Self {
            target,
            ..Self::default()
        }
    }

    fn add(&mut self, resolved: i64, called_back: i64) {
        self.resolved += resolved;
        self.called_back += called_back;
        self.rate = (self.resolved > 0)
            .then(|| (self.called_back as f64 * 1000.0 / self.resolved as f64).round() / 10.0);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub records: i64,
    pub voided: i64,
    pub calls_by_kind: BTreeMap<String, i64>,
    pub complaints_by_class: BTreeMap<String, i64>,
    pub urgent_repairs: i64,
    pub incidents: i64,
    pub deadlines: BTreeMap<String, Kept>,
    pub complaint_callbacks: Callbacks,
    pub repair_callbacks: Callbacks,
}

impl Default for Figures {
    fn default() -> Self {
        use crate::domain::report::{COMPLAINT_CALLBACK_TARGET, REPAIR_CALLBACK_TARGET};
        Self {
            records: 0,
            voided: 0,
            calls_by_kind: BTreeMap::new(),
            complaints_by_class: BTreeMap::new(),
            urgent_repairs: 0,
            incidents: 0,
            deadlines: BTreeMap::new(),
            complaint_callbacks: Callbacks::new(COMPLAINT_CALLBACK_TARGET),
            repair_callbacks: Callbacks::new(REPAIR_CALLBACK_TARGET),
        }
    }
}

impl Figures {
    fn add(&mut self, other: &Figures) {
        self.records += other.records;
        self.voided += other.voided;
        self.urgent_repairs += other.urgent_repairs;
        self.incidents += other.incidents;
        for (k, n) in &other.calls_by_kind {
            *self.calls_by_kind.entry(k.clone()).or_default() += n;
        }
        for (k, n) in &other.complaints_by_class {
            *self.complaints_by_class.entry(k.clone()).or_default() += n;
        }
        for (k, d) in &other.deadlines {
            let mine = self.deadlines.entry(k.clone()).or_default();
            mine.met += d.met;
            mine.missed += d.missed;
            mine.open_overdue += d.open_overdue;
        }
        let (c, r) = (&other.complaint_callbacks, &other.repair_callbacks);
        self.complaint_callbacks.add(c.resolved, c.called_back);
        self.repair_callbacks.add(r.resolved, r.called_back);
    }
}

/// Every estate asked (all the server knows, or the one named), and their sum.
pub struct CompanyReport {
    pub estates: Vec<(String, Figures)>,
    pub total: Figures,
}

/// The estates the server holds.
pub fn estates(client: &mut Client, company: &Company) -> Result<Vec<String>, CompanyError> {
    Ok(client
        .query("SELECT estate FROM estates ORDER BY estate", &[])
        .map_err(|e| CompanyError::of(e, &company.url))?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

/// The records a report counts: received in the period, a desk's shift work (not handovers).
const RECEIVED: &str = "received_at >= $1 AND received_at < $2 AND kind <> 'handover'
                        AND ($3::text IS NULL OR estate = $3)";

/// A deadline's state as the desk says it (`Deadline::state`), from its pushed times.
const KEPT: &str = "
    count(*) FILTER (WHERE d->>'done_at' IS NOT NULL
                       AND (d->>'done_at')::timestamptz <= (d->>'due')::timestamptz),
    count(*) FILTER (WHERE d->>'done_at' IS NOT NULL
                       AND (d->>'done_at')::timestamptz > (d->>'due')::timestamptz),
    count(*) FILTER (WHERE d->>'done_at' IS NULL AND (d->>'due')::timestamptz < $4)";

/// The figures of [from, until) as they stand at `now`, for `estate` or every estate.
pub fn report(
    client: &mut Client,
    company: &Company,
    (from, until): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
    estate: Option<&str>,
) -> Result<CompanyReport, CompanyError> {
    let url = &company.url;
    let fail = |e| CompanyError::of(e, url);
    let (from, until, now) = (
        SystemTime::from(from),
        SystemTime::from(until),
        SystemTime::from(now),
    );
    let mut per: BTreeMap<String, Figures> = estates(client, company)?
        .into_iter()
        .filter(|e| estate.is_none_or(|x| x == e))
        .map(|e| (e, Figures::default()))
        .collect();
    let counted = client
        .query(
            &format!(
                "SELECT estate, kind, category, coalesce(class, 'unclassified'), voided, urgent,
                        count(*)
                   FROM records WHERE {RECEIVED}
                  GROUP BY 1, 2, 3, 4, 5, 6"
            ),
            &[&from, &until, &estate],
        )
        .map_err(fail)?;
    for row in &counted {
        let f = per.entry(row.get(0)).or_default();
        let (kind, category, class): (&str, &str, &str) = (row.get(1), row.get(2), row.get(3));
        let (voided, urgent, n): (bool, bool, i64) = (row.get(4), row.get(5), row.get(6));
        f.records += n;
        if voided {
            f.voided += n;
            continue;
        }
        match kind {
            "call" => {
                *f.calls_by_kind.entry(category.to_string()).or_default() += n;
                if category == "complaint" {
                    *f.complaints_by_class.entry(class.to_string()).or_default() += n;
                }
            }
            "repair" if urgent => f.urgent_repairs += n,
            "incident" => f.incidents += n,
            _ => {}
        }
    }
    // The deadlines of the records received, but callbacks: those are counted for the records
    // resolved in the period (as on the desk), quality follow-ups not at all.
    let received = client
        .query(
            &format!(
                "SELECT estate, d->>'name', {KEPT}
                   FROM records, jsonb_array_elements(deadlines) d
                  WHERE {RECEIVED} AND NOT voided
                    AND d->>'name' NOT IN ('callback', 'quality_callback')
                  GROUP BY 1, 2"
            ),
            &[&from, &until, &estate, &now],
        )
        .map_err(fail)?;
    let resolved = client
        .query(
            &format!(
                "SELECT estate, d->>'name', {KEPT}
                   FROM records, jsonb_array_elements(deadlines) d
                  WHERE resolved_at >= $1 AND resolved_at < $2 AND NOT voided
                    AND ($3::text IS NULL OR estate = $3) AND d->>'name' = 'callback'
                  GROUP BY 1, 2"
            ),
            &[&from, &until, &estate, &now],
        )
        .map_err(fail)?;
    for row in received.iter().chain(&resolved) {
        let f = per.entry(row.get(0)).or_default();
        let kept = f.deadlines.entry(row.get(1)).or_default();
        kept.met += row.get::<_, i64>(2);
        kept.missed += row.get::<_, i64>(3);
        kept.open_overdue += row.get::<_, i64>(4);
    }
    let rates = client
        .query(
            "SELECT estate, callback_rate, count(*), count(*) FILTER (WHERE called_back)
               FROM records
              WHERE resolved_at >= $1 AND resolved_at < $2 AND NOT voided
                AND ($3::text IS NULL OR estate = $3) AND callback_rate IS NOT NULL
              GROUP BY 1, 2",
            &[&from, &until, &estate],
        )
        .map_err(fail)?;
    for row in &rates {
        let f = per.entry(row.get(0)).or_default();
        let rate = match row.get::<_, &str>(1) {
            "complaint" => &mut f.complaint_callbacks,
            _ => &mut f.repair_callbacks,
        };
        rate.add(row.get(2), row.get(3));
    }
    let mut total = Figures::default();
    for f in per.values() {
        total.add(f);
    }
    Ok(CompanyReport {
        estates: per.into_iter().collect(),
        total,
    })
}
