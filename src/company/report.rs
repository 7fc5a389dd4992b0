//! `company report`: the estate reports' main figures per estate and in total, counted by the
//! server over the record rows the desks pushed. Each figure is the desk's own (`domain::report`)
//! for the same period: records received (handovers aside), voided, calls by kind, complaints
//! by class, urgent repairs, incidents, deadlines met / missed / overdue, and the complaint and
//! repair callback rates against their targets, on-site and signed visits, satisfaction,
//! quality follow-ups, handovers; the daily lists (`report_daily`) and the complaint analysis
//! (`report_complaints`).

use super::CompanyError;
use crate::config_company::Company;
use chrono::{DateTime, Utc};
use postgres::Client;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::SystemTime;

/// Met / missed / still open and past due / open and not (yet) past due or paused, for one
/// deadline name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Kept {
    pub met: i64,
    pub missed: i64,
    pub open_overdue: i64,
    pub open: i64,
}

/// Callbacks made for the records resolved in the period that owe one, against the target
/// (`domain::report::CallbackRate`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Callbacks {
    pub resolved: i64,
    pub called_back: i64,
    /// Callbacks made as on-site visits, and of them those the owner signed.
    pub on_site: i64,
    pub signed_visits: i64,
    /// Resolved records that owe a callback (repairs: mandatory or in the sample).
    pub owed: i64,
    /// Percent of the callbacks made that were signed visits (target 40 for complaints).
    pub signed_visit_rate: Option<f64>,
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

    fn add(&mut self, other: &Callbacks) {
        self.resolved += other.resolved;
        self.called_back += other.called_back;
        self.on_site += other.on_site;
        self.signed_visits += other.signed_visits;
        self.owed += other.owed;
        self.rate = percent(self.called_back, self.resolved);
        self.signed_visit_rate = percent(self.signed_visits, self.called_back);
    }
}

/// `part` of `whole` in percent, one decimal, as the desk rounds it.
pub(super) fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// Shift changes a handover was written for in the period (up to now): signed in the
/// window, late, not signed (the server knows the handovers, not the estate's shifts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Handovers {
    pub shift_changes: i64,
    pub signed_on_time: i64,
    pub signed_late: i64,
    pub not_signed: i64,
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
    /// Of the repairs resolved in the period, those whose quality follow-up was made.
    pub quality_callbacks: i64,
    /// The callbacks' results (satisfied, neutral, unsatisfied, no_answer).
    pub satisfaction: BTreeMap<String, i64>,
    pub handovers: Handovers,
    /// Daily: the morning meeting's lists.
    #[serde(flatten)]
    pub daily: Option<super::report_daily::DailyLists>,
    /// Weekly, quarterly, yearly: the complaint analysis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaint_analysis: Option<super::report_complaints::ComplaintAnalysis>,
    /// Monthly: the problems found on callbacks and what was done (the total: every estate's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_problems: Option<Vec<crate::domain::report_followups::CallbackProblem>>,
    /// Daily: the day's inspection rounds (`rounds::Rounds`).
    #[serde(skip_serializing_if = "super::rounds::Rounds::not_asked")]
    pub rounds: super::rounds::Rounds,
    /// Monthly, for an estate with occupied households pushed: those called back in the
    /// month's year by its end (`households`; the total: the sums).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub household_callbacks: Option<crate::domain::residents::yearly::YearlyRate>,
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
            quality_callbacks: 0,
            satisfaction: BTreeMap::new(),
            handovers: Handovers::default(),
            daily: None,
            complaint_analysis: None,
            callback_problems: None,
            rounds: Default::default(),
            household_callbacks: None,
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
            mine.open += d.open;
        }
        self.complaint_callbacks.add(&other.complaint_callbacks);
        self.repair_callbacks.add(&other.repair_callbacks);
        self.quality_callbacks += other.quality_callbacks;
        for (k, n) in &other.satisfaction {
            *self.satisfaction.entry(k.clone()).or_default() += n;
        }
        let (h, o) = (&mut self.handovers, &other.handovers);
        h.shift_changes += o.shift_changes;
        h.signed_on_time += o.signed_on_time;
        h.signed_late += o.signed_late;
        h.not_signed += o.not_signed;
        if let Some(p) = &other.callback_problems {
            self.callback_problems
                .get_or_insert_with(Vec::new)
                .extend(p.iter().cloned());
        }
        if let Some(d) = &other.daily {
            self.daily.get_or_insert_with(Default::default).add(d);
        }
        super::households::add_up(&mut self.household_callbacks, &other.household_callbacks);
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

/// A deadline `d` (a row of `deadlines`, schema 8) done after its due: the desk's own word
/// (to its precision), or for a row folded before schema 3 its times to the second.
pub(super) const LATE: &str = "d.late";

/// A deadline `d` open and past its due at `$4`, not held by a pause then (`Deadline::state`).
pub(super) const OVERDUE: &str = "(d.done_at IS NULL AND d.due < $4
    AND NOT coalesce(d.held_since <= $4
        AND (d.held_until IS NULL OR $4 < d.held_until), false))";

/// A deadline's state as the desk says it (`Deadline::state`), from its pushed times.
fn kept() -> String {
    format!(
        "count(*) FILTER (WHERE d.done_at IS NOT NULL AND NOT {LATE}),
         count(*) FILTER (WHERE d.done_at IS NOT NULL AND {LATE}),
         count(*) FILTER (WHERE {OVERDUE}),
         count(*) FILTER (WHERE d.done_at IS NULL AND NOT {OVERDUE})"
    )
}

/// Which report: its period's figures, and the lists or analysis it adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adds {
    Nothing,
    DailyLists,
    ComplaintAnalysis,
    CallbackProblems,
}

/// The figures of [from, until) as they stand at `now`, for `estate` or every estate.
pub fn report(
    client: &mut Client,
    company: &Company,
    (from, until): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
    estate: Option<&str>,
    adds: Adds,
    policy: &crate::domain::Policy,
) -> Result<CompanyReport, CompanyError> {
    let url = &company.url;
    let fail = |e| CompanyError::of(e, url);
    let (from, until, now) = (
        SystemTime::from(from),
        SystemTime::from(until),
        SystemTime::from(now),
    );
    // A period is a small share of the table, stored in runs (each estate's rows are written in
    // time order): read from the time indexes, as on a solid-state disk, rather than the whole
    // table. For this connection only.
    client
        .batch_execute("SET random_page_cost = 1.1")
        .map_err(fail)?;
    let mut total_analysis = None;
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
    let kept = kept();
    // The deadlines of the records received, but callbacks: those are counted for the records
    // resolved in the period (as on the desk), quality follow-ups not at all.
    let received = client
        .query(
            &format!(
                "SELECT estate, name, {kept}
                   FROM deadlines d
                  WHERE {RECEIVED} AND NOT voided
                    AND name NOT IN ('callback', 'quality_callback')
                  GROUP BY 1, 2"
            ),
            &[&from, &until, &estate, &now],
        )
        .map_err(fail)?;
    let resolved = client
        .query(
            &format!(
                "SELECT estate, name, {kept}
                   FROM deadlines d
                  WHERE resolved_at >= $1 AND resolved_at < $2 AND NOT voided
                    AND ($3::text IS NULL OR estate = $3) AND name = 'callback'
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
        kept.open += row.get::<_, i64>(5);
    }
    // The records resolved in the period, one pass: the rate each counts in, its callback's
    // form, signature and result, its quality follow-up, and whether it owes a callback (has
    // a `callback` deadline; a row folded before schema 8: its JSON says).
    let resolved_rows = client
        .query(
            "SELECT estate, callback_rate, satisfaction, count(*),
                    count(*) FILTER (WHERE called_back),
                    count(*) FILTER (WHERE callback_form = 'visit'),
                    count(*) FILTER (WHERE callback_form = 'visit' AND callback_signed),
                    count(*) FILTER (WHERE coalesce(owes_callback,
                                                    deadlines @> '[{\"name\": \"callback\"}]')),
                    count(*) FILTER (WHERE quality_called_back)
               FROM records
              WHERE resolved_at >= $1 AND resolved_at < $2 AND NOT voided
                AND ($3::text IS NULL OR estate = $3)
              GROUP BY 1, 2, 3",
            &[&from, &until, &estate],
        )
        .map_err(fail)?;
    for row in &resolved_rows {
        let f = per.entry(row.get(0)).or_default();
        f.quality_callbacks += row.get::<_, i64>(8);
        let Some(rate) = row.get::<_, Option<&str>>(1) else {
            continue;
        };
        if let Some(result) = row.get::<_, Option<String>>(2) {
            *f.satisfaction.entry(result).or_default() += row.get::<_, i64>(3);
        }
        let rate = match rate {
            "complaint" => &mut f.complaint_callbacks,
            _ => &mut f.repair_callbacks,
        };
        rate.add(&Callbacks {
            resolved: row.get(3),
            called_back: row.get(4),
            on_site: row.get(5),
            signed_visits: row.get(6),
            owed: row.get(7),
            ..Callbacks::default()
        });
    }
    let window = (from, until.min(now));
    for (e, h) in handovers(client, window, estate).map_err(fail)? {
        per.entry(e).or_default().handovers = h;
    }
    match adds {
        Adds::Nothing => {}
        Adds::DailyLists => {
            // As far back as the desk looks for the day's deadlines (`store::report_figures`).
            let lookback = chrono::Duration::days(policy.limits.escalate_to_major_days + 14);
            let day = super::report_daily::Day {
                from,
                until,
                now,
                since: SystemTime::from(DateTime::<Utc>::from(from) - lookback),
                zone: policy.zone,
            };
            for (e, lists) in super::report_daily::lists(client, &day, estate).map_err(fail)? {
                per.entry(e).or_default().daily = Some(lists);
            }
            for f in per.values_mut() {
                f.daily.get_or_insert_with(Default::default);
            }
            rounds_of_the_day(client, (from, until), policy.zone, estate, &mut per)
                .map_err(fail)?;
        }
        Adds::CallbackProblems => {
            for (e, problems) in
                callback_problems(client, (from, until), estate, policy.zone).map_err(fail)?
            {
                per.entry(e).or_default().callback_problems = Some(problems);
            }
            for f in per.values_mut() {
                f.callback_problems.get_or_insert_with(Vec::new);
            }
            let window = (from, until);
            for (e, rate) in
                super::households::rates(client, window, estate, policy.zone).map_err(fail)?
            {
                per.entry(e).or_default().household_callbacks = Some(rate);
            }
        }
        Adds::ComplaintAnalysis => {
            let span = (from, until, now);
            let mut all = super::report_complaints::analyse(client, span, estate).map_err(fail)?;
            for (e, f) in per.iter_mut() {
                f.complaint_analysis = Some(all.remove(&Some(e.clone())).unwrap_or_default());
            }
            total_analysis = Some(all.remove(&None).unwrap_or_default());
        }
    }
    let mut total = Figures::default();
    for f in per.values() {
        total.add(f);
    }
    total.complaint_analysis = total_analysis;
    if adds == Adds::DailyLists {
        let date = crate::domain::time::local_date(DateTime::<Utc>::from(from), policy.zone);
        total.rounds = super::rounds::Rounds::total(date, per.values().map(|f| &f.rounds));
    }
    Ok(CompanyReport {
        estates: per.into_iter().collect(),
        total,
    })
}

/// Each estate's inspection rounds of the day `[from, until)` (`rounds::day`).
fn rounds_of_the_day(
    client: &mut Client,
    (from, until): (SystemTime, SystemTime),
    zone: crate::domain::time::Zone,
    estate: Option<&str>,
    per: &mut BTreeMap<String, Figures>,
) -> Result<(), postgres::Error> {
    let date = crate::domain::time::local_date(DateTime::<Utc>::from(from), zone);
    for (e, rounds) in super::rounds::day(client, (from, until), date, estate)? {
        if let Some(f) = per.get_mut(&e) {
            f.rounds = rounds;
        }
    }
    Ok(())
}

/// Per estate, the follow-ups an unsatisfied callback opened in `[from, until)`, as the desk's
/// monthly report lists them (`domain::report_followups`), in id order.
fn callback_problems(
    client: &mut Client,
    (from, until): (SystemTime, SystemTime),
    estate: Option<&str>,
    zone: crate::domain::time::Zone,
) -> Result<BTreeMap<String, Vec<crate::domain::report_followups::CallbackProblem>>, postgres::Error>
{
    let time = |t: SystemTime| crate::domain::time::rfc3339(DateTime::<Utc>::from(t), zone);
    let mut per: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for r in client.query(
        "SELECT estate, id, follow_up_of, received_at, summary, status, noticed_at, resolved_at
           FROM records
          WHERE follow_up_by = 'callback' AND received_at >= $1 AND received_at < $2
            AND NOT voided AND ($3::text IS NULL OR estate = $3)
          ORDER BY estate, id",
        &[&from, &until, &estate],
    )? {
        per.entry(r.get(0))
            .or_default()
            .push(crate::domain::report_followups::CallbackProblem {
                id: r.get(1),
                of: r.get(2),
                opened: time(r.get(3)),
                summary: r.get(4),
                status: r.get(5),
                noticed: r.get::<_, Option<SystemTime>>(6).map(time),
                resolved: r.get::<_, Option<SystemTime>>(7).map(time),
            });
    }
    Ok(per)
}

/// Per estate, the handovers of the shift changes in `[from, until)`: the last written for each
/// (`store::handover_at`), signed in the window, late, or not.
fn handovers(
    client: &mut Client,
    (from, until): (SystemTime, SystemTime),
    estate: Option<&str>,
) -> Result<Vec<(String, Handovers)>, postgres::Error> {
    Ok(client
        .query(
            "SELECT estate, count(*), count(*) FILTER (WHERE NOT signed_late),
                    count(*) FILTER (WHERE signed_late), count(*) FILTER (WHERE signed_at IS NULL)
               FROM (SELECT DISTINCT ON (estate, shift_start) estate, signed_at, signed_late
                       FROM records
                      WHERE kind = 'handover' AND NOT voided AND shift_start >= $1
                        AND shift_start < $2 AND ($3::text IS NULL OR estate = $3)
                      ORDER BY estate, shift_start, id DESC) h
              GROUP BY estate",
            &[&from, &until, &estate],
        )?
        .iter()
        .map(|r| {
            (
                r.get(0),
                Handovers {
                    shift_changes: r.get(1),
                    signed_on_time: r.get(2),
                    signed_late: r.get(3),
                    not_signed: r.get(4),
                },
            )
        })
        .collect())
}
