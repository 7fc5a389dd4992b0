//! Deadlines computed from a record and the rules table, and their state at a given moment.

pub use super::kinds::escalation_due;
use super::kinds::*;
use super::record::{Record, Status};
use super::rules::{Limits, Policy};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineName {
    Dispatch,
    Arrival,
    Resolution,
    FirstReply,
    WrittenReply,
    Reply,
    Callback,
    Report,
    WrittenReport,
    /// Repairs (issue 13).
    Propose,
    NotifyDeveloper,
    /// A follow-up from an unsatisfied callback: the written notice to the repair staff (§4).
    Notice,
    /// A repair's quality follow-up (质量回访): a window one to two months after the resolve.
    QualityCallback,
}

impl DeadlineName {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Dispatch => "dispatch",
            Self::Arrival => "arrival",
            Self::Resolution => "resolution",
            Self::FirstReply => "first_reply",
            Self::WrittenReply => "written_reply",
            Self::Reply => "reply",
            Self::Callback => "callback",
            Self::Report => "report",
            Self::WrittenReport => "written_report",
            Self::Propose => "propose",
            Self::NotifyDeveloper => "notify_developer",
            Self::Notice => "notice",
            Self::QualityCallback => "quality_callback",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Dispatch,
            Self::Arrival,
            Self::Resolution,
            Self::FirstReply,
            Self::WrittenReply,
            Self::Reply,
            Self::Callback,
            Self::Report,
            Self::WrittenReport,
            Self::Propose,
            Self::NotifyDeveloper,
            Self::Notice,
            Self::QualityCallback,
        ]
        .into_iter()
        .find(|n| n.slug() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    Met,
    Missed,
    /// Open, held by a pause (`domain::pause`): not counting, never soon or overdue.
    Paused,
    Ok,
    Soon,
    Overdue,
}

impl DeadlineState {
    /// How urgent an open deadline in this state is.
    pub fn urgency(self) -> Urgency {
        match self {
            Self::Overdue => Urgency::Overdue,
            Self::Soon => Urgency::Soon,
            _ => Urgency::Ok,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Soon => "soon",
            Self::Overdue => "overdue",
            Self::Met => "met",
            Self::Missed => "missed",
            Self::Paused => "paused",
        }
    }
}

/// The worst state among a record's open deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    None,
    Ok,
    Soon,
    Overdue,
}

impl Urgency {
    pub fn slug(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Ok => "ok",
            Self::Soon => "soon",
            Self::Overdue => "overdue",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deadline {
    pub name: DeadlineName,
    /// When the clock started (received, resolved, ...).
    pub starts: DateTime<Utc>,
    pub due: DateTime<Utc>,
    /// From this moment on an open deadline is "soon".
    pub soon_from: DateTime<Utc>,
    /// When it was met (or done late); None while open.
    pub done_at: Option<DateTime<Utc>>,
    /// The pause holding it, while that lasts (`domain::pause`).
    pub held: Option<super::pause::Held>,
}

impl Deadline {
    /// Exactly at `due` a deadline is still "soon"; one second later it is overdue.
    /// Done at or before `due` is met; later is missed.
    pub fn state(&self, now: DateTime<Utc>) -> DeadlineState {
        match self.done_at {
            Some(done) if done <= self.due => DeadlineState::Met,
            Some(_) => DeadlineState::Missed,
            None if self.held.is_some_and(|h| h.holds(now)) => DeadlineState::Paused,
            None if now > self.due => DeadlineState::Overdue,
            None if now >= self.soon_from => DeadlineState::Soon,
            None => DeadlineState::Ok,
        }
    }

    pub fn is_open(&self) -> bool {
        self.done_at.is_none()
    }

    /// Its due is known: not held by a pause that has no end set.
    pub fn has_due(&self) -> bool {
        self.held.is_none_or(|h| h.until.is_some())
    }
}

/// Paused deadlines are left out: they are not counting; so is a quality follow-up whose
/// window has not opened (it asks nothing of anyone yet).
pub fn urgency(deadlines: &[Deadline], now: DateTime<Utc>) -> Urgency {
    deadlines
        .iter()
        .filter(|d| d.is_open() && d.state(now) != DeadlineState::Paused)
        .filter(|d| !(d.name == DeadlineName::QualityCallback && now < d.starts))
        .map(|d| d.state(now).urgency())
        .max()
        .unwrap_or(Urgency::None)
}

/// The next open deadline (earliest due), if any. One held by a pause with no end set has no
/// due yet (it moves on resume): it is left out.
pub fn next_open(deadlines: &[Deadline]) -> Option<&Deadline> {
    deadlines
        .iter()
        .filter(|d| d.is_open() && d.has_due())
        .min_by_key(|d| d.due)
}

/// The instant at which any open deadline next changes state after `now`: when the TUI must
/// look again even if nothing else happens.
pub fn next_change(deadlines: &[Deadline], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    deadlines
        .iter()
        .filter(|d| d.is_open() && d.has_due())
        .flat_map(|d| {
            let resumes = d.held.and_then(|h| h.until);
            [
                Some(d.soon_from),
                Some(d.due + Duration::seconds(1)),
                resumes,
            ]
        })
        .flatten()
        .filter(|t| *t > now)
        .min()
}

/// Collects a record's deadlines; the kinds' rules push them (`KindRules::deadlines`).
pub struct Deadlines<'a> {
    limits: &'a Limits,
    list: Vec<Deadline>,
}

impl Deadlines<'_> {
    /// A deadline from `starts` to `due`, "soon" by the rules' lead for its length.
    pub fn push(
        &mut self,
        name: DeadlineName,
        starts: DateTime<Utc>,
        due: DateTime<Utc>,
        done_at: Option<DateTime<Utc>>,
    ) {
        let soon_from = due - self.limits.soon_lead(due - starts);
        self.list.push(Deadline {
            name,
            starts,
            due,
            soon_from,
            done_at,
            held: None,
        });
    }
}

/// Every deadline the rules put on this record. It does not depend on "now": only the states do.
pub fn deadlines(record: &Record, policy: &Policy) -> Vec<Deadline> {
    if record.status == Status::Voided {
        return Vec::new();
    }
    let mut out = Deadlines {
        limits: &policy.limits,
        list: Vec::new(),
    };
    record.rules().deadlines(record, policy, &mut out);
    // A problem found at a callback goes to the repair staff in writing within 24 hours (§4).
    if let Some((_, FollowUpBy::Callback)) = record.follow_up_of {
        let received = record.received_at;
        let due = received + Duration::hours(policy.limits.notice_hours);
        out.push(DeadlineName::Notice, received, due, record.noticed_at);
    }
    if !record.pauses.is_empty() {
        for d in &mut out.list {
            super::pause::shift(d, &record.pauses);
        }
    }
    out.list
}

/// A record as it stands at `now`, for a lookup: a complaint whose escalation is due shows as
/// major (escalated when its month ran out) before a writer has recorded the escalation event.
/// Lookups never write; only writers (add, act, handover, the desk) record it.
pub fn as_of(mut record: Record, policy: &Policy, now: DateTime<Utc>) -> Record {
    if escalation_due(&record, policy, now) {
        let at = record.received_at + Duration::days(policy.limits.escalate_to_major_days);
        mark_escalated(&mut record, at);
    }
    record
}
