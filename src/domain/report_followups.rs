//! The monthly report's problems found on callbacks (DOMAIN.md §4: a problem found during a
//! callback is sent in writing to the repair staff within 24 hours): every follow-up an
//! unsatisfied callback opened in the month, and what was done about it. Pure: from the
//! records given.

use super::kinds::FollowUpBy;
use super::record::Record;
use super::rules::Policy;
use super::time::rfc3339;
use serde::Serialize;

/// One follow-up opened by an unsatisfied callback.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallbackProblem {
    pub id: String,
    /// The record whose callback found the problem.
    pub of: String,
    pub opened: String,
    pub summary: String,
    pub status: String,
    /// When the written notice reached the repair staff (None: not yet).
    pub noticed: Option<String>,
    pub resolved: Option<String>,
}

/// The follow-ups among `received` (the month's records) that a callback opened, in id order;
/// voided ones left out.
pub fn callback_problems(received: &[Record], policy: &Policy) -> Vec<CallbackProblem> {
    let mut out: Vec<CallbackProblem> = received
        .iter()
        .filter(|r| !r.is_voided())
        .filter_map(|r| match r.follow_up_of {
            Some((of, FollowUpBy::Callback)) => Some(CallbackProblem {
                id: r.id.to_string(),
                of: of.to_string(),
                opened: rfc3339(r.received_at, policy.zone),
                summary: r.new.summary.clone(),
                status: r.status.slug().to_string(),
                noticed: r.noticed_at.map(|t| rfc3339(t, policy.zone)),
                resolved: r.resolved_at.map(|t| rfc3339(t, policy.zone)),
            }),
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}
