//! The lists the 08:30 morning meeting works through (DOMAIN.md §8): every deadline due that day
//! that was missed or is still overdue, what came in that day and is still open, the day's
//! incidents, the shift changes signed late or not at all. Pure: from the records given.

use super::deadline::{DeadlineState, deadlines};
use super::record::Record;
use super::rules::Policy;
use super::time::rfc3339;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// One deadline due in the day and missed (done late) or still overdue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missed {
    pub id: String,
    pub deadline: String,
    pub due: String,
    /// When it was done (late), None while still overdue.
    pub done: Option<String>,
}

/// One incident received in the day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentLine {
    pub id: String,
    pub category: String,
    pub status: String,
    pub summary: String,
}

/// One shift change whose handover was signed late or not at all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandoverLine {
    /// The shift change (when the incoming shift started).
    pub shift_start: String,
    /// `late` or `not_signed`.
    pub state: String,
    /// The handover record, when one was written.
    pub id: Option<String>,
    pub signed_at: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DailyLists {
    pub missed: Vec<Missed>,
    pub still_open: Vec<String>,
    pub incidents: Vec<IncidentLine>,
    pub late_handovers: Vec<HandoverLine>,
    /// The day's inspection rounds: expected, done, missed, by area (issue 14 §2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounds: Option<super::kinds::inspection::rounds::DayRounds>,
}

/// `received`: records received in [from, until); `candidates`: any records that may hold a
/// deadline due in [from, until) (duplicates are ignored). Lists in id/due order.
pub fn daily_lists(
    received: &[Record],
    candidates: &[Record],
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    policy: &Policy,
    now: DateTime<Utc>,
) -> DailyLists {
    let mut out = DailyLists::default();
    let mut seen = std::collections::BTreeSet::new();
    for record in received.iter().chain(candidates) {
        if record.is_voided() || !seen.insert(record.id) {
            continue;
        }
        for d in deadlines(record, policy) {
            if d.due < from || d.due >= until {
                continue;
            }
            if matches!(d.state(now), DeadlineState::Missed | DeadlineState::Overdue) {
                out.missed.push(Missed {
                    id: record.id.to_string(),
                    deadline: d.name.slug().to_string(),
                    due: rfc3339(d.due, policy.zone),
                    done: d.done_at.map(|t| rfc3339(t, policy.zone)),
                });
            }
        }
    }
    out.missed
        .sort_by(|a, b| (&a.due, &a.id, &a.deadline).cmp(&(&b.due, &b.id, &b.deadline)));
    for record in received {
        if record.is_voided() || !(from..until).contains(&record.received_at) {
            continue;
        }
        if record.kind().props().daily_incident {
            out.incidents.push(IncidentLine {
                id: record.id.to_string(),
                category: record.new.details.category_slug().to_string(),
                status: record.status.slug().to_string(),
                summary: record.new.summary.clone(),
            });
        }
        if !record.kind().props().shift_handover && record.status.is_open() {
            out.still_open.push(record.id.to_string());
        }
    }
    out.still_open.sort();
    out.incidents.sort_by(|a, b| a.id.cmp(&b.id));
    out
}
