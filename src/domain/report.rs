//! Review figures for a period (DOMAIN.md §8): the morning meeting's look at yesterday, weekly
//! complaint statistics, the monthly callback report. Pure: computed from the records given.

use super::deadline::{DeadlineName, DeadlineState, deadlines};
use super::kinds::*;
use super::record::Record;
use super::rules::Policy;
use chrono::{DateTime, Timelike, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// Met / missed / still open (and already late) for one deadline name.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Kept {
    pub met: usize,
    pub missed: usize,
    pub open_overdue: usize,
    pub open: usize,
}

impl Kept {
    fn add(&mut self, state: DeadlineState) {
        match state {
            DeadlineState::Met => self.met += 1,
            DeadlineState::Missed => self.missed += 1,
            DeadlineState::Overdue => self.open_overdue += 1,
            DeadlineState::Ok | DeadlineState::Soon | DeadlineState::Paused => self.open += 1,
        }
    }
}

/// Callbacks owed for what was resolved in the period, against the rules' target rate.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CallbackRate {
    pub resolved: usize,
    pub called_back: usize,
    pub on_site: usize,
    /// Resolved records that owe a callback (repairs: mandatory or in the month's sample).
    pub owed: usize,
    /// On-site visits the owner signed (complaints: at least 40 % of the callbacks, §4).
    pub signed_visits: usize,
    /// Percent of the callbacks made that were signed visits, None when none was made.
    pub signed_visit_rate: Option<f64>,
    /// Percent, None when nothing was resolved.
    pub rate: Option<f64>,
    /// The rules' target in percent (complaints 100, repairs 30).
    pub target: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub from: String,
    pub to: String,
    pub records: usize,
    pub voided: usize,
    pub repeats: usize,
    pub log_by_category: BTreeMap<String, usize>,
    pub calls_by_kind: BTreeMap<String, usize>,
    pub calls_by_channel: BTreeMap<String, usize>,
    /// Calls and visits received in each local hour of the day (0 to 23), over the period.
    pub calls_by_hour: [usize; 24],
    pub complaints_by_class: BTreeMap<String, usize>,
    pub repairs_by_category: BTreeMap<String, usize>,
    pub urgent_repairs: usize,
    /// deadline name -> how it was kept, for the records received in the period.
    pub deadlines: BTreeMap<String, Kept>,
    pub complaint_callbacks: CallbackRate,
    pub repair_callbacks: CallbackRate,
    /// Of the repairs resolved in the period, how many have had their quality follow-up
    /// (质量回访, §4) so far.
    pub quality_callbacks: usize,
    pub satisfaction: BTreeMap<String, usize>,
    /// Shift changes in the period, how many were signed, late or not signed at all.
    pub handovers: HandoverCounts,
    /// The daily report's lists (`report_daily`): absent from the other periods.
    #[serde(flatten)]
    pub daily: Option<super::report_daily::DailyLists>,
    /// Weekly, quarterly and yearly: the complaint analysis (`report_complaints`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaint_analysis: Option<super::report_complaints::ComplaintAnalysis>,
    /// Monthly, with a residents directory: the occupied households called back this year by
    /// the month's end (`residents::yearly`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub household_callbacks: Option<super::residents::yearly::YearlyRate>,
    /// Monthly: the problems found on callbacks and what was done (`report_followups`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_problems: Option<Vec<super::report_followups::CallbackProblem>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HandoverCounts {
    pub shift_changes: usize,
    pub signed_on_time: usize,
    pub signed_late: usize,
    pub not_signed: usize,
}

/// Targets from DOMAIN.md §4: every complaint called back, at least 30% of repairs.
pub const COMPLAINT_CALLBACK_TARGET: f64 = 100.0;
pub const REPAIR_CALLBACK_TARGET: f64 = 30.0;
/// At least 40 % of complaint callbacks are on-site visits the owner signed (§4).
pub const SIGNED_VISIT_TARGET: f64 = 40.0;

/// One more under `key`.
pub(crate) fn bump(map: &mut BTreeMap<String, usize>, key: &str) {
    *map.entry(key.to_string()).or_insert(0) += 1;
}

fn rate(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// Figures for the records received in the period (`received`) and the callbacks owed for those
/// resolved in it (`resolved`), as they stand at `now`.
pub fn compile(
    from: &str,
    to: &str,
    received: &[Record],
    resolved: &[&Record],
    policy: &Policy,
    now: DateTime<Utc>,
) -> Report {
    let mut r = Report {
        from: from.to_string(),
        to: to.to_string(),
        complaint_callbacks: CallbackRate {
            target: COMPLAINT_CALLBACK_TARGET,
            ..Default::default()
        },
        repair_callbacks: CallbackRate {
            target: REPAIR_CALLBACK_TARGET,
            ..Default::default()
        },
        ..Default::default()
    };
    for record in received.iter().filter(|x| x.rules().in_handover()) {
        r.records += 1;
        if record.is_voided() {
            r.voided += 1;
            continue;
        }
        if record.repeat_of.is_some() {
            r.repeats += 1;
        }
        record.rules().tally(record, &mut r);
        if record.rules().channel().is_some() {
            r.calls_by_hour[record.received_at.with_timezone(&policy.zone).hour() as usize] += 1;
        }
        for d in deadlines(record, policy) {
            // Callbacks are counted for the records resolved in the period, below; quality
            // follow-ups by `quality_callbacks`.
            if !matches!(
                d.name,
                DeadlineName::Callback | DeadlineName::QualityCallback
            ) {
                r.deadlines
                    .entry(d.name.slug().to_string())
                    .or_default()
                    .add(d.state(now));
            }
        }
    }
    for record in resolved.iter().filter(|x| !x.is_voided()) {
        if crate::domain::callbacks::quality_made(record).is_some() {
            r.quality_callbacks += 1;
        }
        let Some(rate_of) = record.rules().callbacks(record, &mut r) else {
            continue;
        };
        rate_of.resolved += 1;
        if let Some(cb) = &record.callback {
            rate_of.called_back += 1;
            if cb.form == CallbackForm::Visit {
                rate_of.on_site += 1;
                if cb.signed == Some(true) {
                    rate_of.signed_visits += 1;
                }
            }
            bump(&mut r.satisfaction, cb.satisfaction.slug());
        }
        if let Some(d) = deadlines(record, policy)
            .into_iter()
            .find(|d| d.name == DeadlineName::Callback)
        {
            if let Some(rate_of) = record.rules().callbacks(record, &mut r) {
                rate_of.owed += 1;
            }
            r.deadlines
                .entry("callback".to_string())
                .or_default()
                .add(d.state(now));
        }
    }
    for c in [&mut r.complaint_callbacks, &mut r.repair_callbacks] {
        c.rate = rate(c.called_back, c.resolved);
        c.signed_visit_rate = rate(c.signed_visits, c.called_back);
    }
    r
}
