//! Deadlines computed from a record and the rules table, and their state at a given moment.

use super::kinds::*;
use super::record::{Record, Status};
use super::rules::Policy;
use super::time::{end_of_day, local_date};
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
}

impl Deadline {
    /// Exactly at `due` a deadline is still "soon"; one second later it is overdue.
    /// Done at or before `due` is met; later is missed.
    pub fn state(&self, now: DateTime<Utc>) -> DeadlineState {
        match self.done_at {
            Some(done) if done <= self.due => DeadlineState::Met,
            Some(_) => DeadlineState::Missed,
            None if now > self.due => DeadlineState::Overdue,
            None if now >= self.soon_from => DeadlineState::Soon,
            None => DeadlineState::Ok,
        }
    }

    pub fn is_open(&self) -> bool {
        self.done_at.is_none()
    }
}

pub fn urgency(deadlines: &[Deadline], now: DateTime<Utc>) -> Urgency {
    deadlines
        .iter()
        .filter(|d| d.is_open())
        .map(|d| d.state(now).urgency())
        .max()
        .unwrap_or(Urgency::None)
}

/// The next open deadline (earliest due), if any.
pub fn next_open(deadlines: &[Deadline]) -> Option<&Deadline> {
    deadlines
        .iter()
        .filter(|d| d.is_open())
        .min_by_key(|d| d.due)
}

/// The instant at which any open deadline next changes state after `now`: when the TUI must
/// look again even if nothing else happens.
pub fn next_change(deadlines: &[Deadline], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    deadlines
        .iter()
        .filter(|d| d.is_open())
        .flat_map(|d| [d.soon_from, d.due + Duration::seconds(1)])
        .filter(|t| *t > now)
        .min()
}

/// Every deadline the rules put on this record. It does not depend on "now": only the states do.
pub fn deadlines(record: &Record, policy: &Policy) -> Vec<Deadline> {
    if record.status == Status::Voided {
        return Vec::new();
    }
    let limits = &policy.limits;
    let received = record.received_at;
    let mut out = Vec::new();
    let mut push = |name, starts: DateTime<Utc>, due: DateTime<Utc>, done_at| {
        let soon_from = due - limits.soon_lead(due - starts);
        out.push(Deadline {
            name,
            starts,
            due,
            soon_from,
            done_at,
        });
    };
    match &record.new.details {
        Details::Log(_) | Details::Handover(_) => {}
        Details::Repair(RepairDetails {
            category,
            appointment,
        }) => {
            if category.is_urgent() {
                let due = received + Duration::minutes(limits.dispatch_minutes);
                push(DeadlineName::Dispatch, received, due, record.dispatched_at);
            }
            let public_area = record.new.room.is_none();
            if *category == RepairCategory::Paid {
                if let Some(appointment) = appointment {
                    let due = *appointment - Duration::minutes(limits.appointment_lead_minutes);
                    push(
                        DeadlineName::Arrival,
                        received,
                        due.max(received),
                        record.arrived_at,
                    );
                }
            } else if category.is_urgent() || public_area {
                let due = received + Duration::minutes(limits.arrival_minutes);
                push(DeadlineName::Arrival, received, due, record.arrived_at);
            }
            let hours = match record.difficulty {
                Some(Difficulty::Difficult) => limits.difficult_resolution_hours,
                Some(Difficulty::Major) => limits.major_resolution_hours,
                _ => limits.resolution_hours,
            };
            let starts = appointment
                .filter(|_| *category == RepairCategory::Paid)
                .unwrap_or(received);
            push(
                DeadlineName::Resolution,
                starts,
                starts + Duration::hours(hours),
                record.resolved_at,
            );
            if let Some(resolved) = record.resolved_at {
                let due = resolved + Duration::days(limits.repair_callback_days);
                push(
                    DeadlineName::Callback,
                    resolved,
                    due,
                    record.callback.as_ref().map(|c| c.at),
                );
            }
        }
        Details::Call(CallDetails { call_kind, .. }) => {
            if *call_kind == CallKind::Complaint {
                let day = local_date(received, policy.zone);
                push(
                    DeadlineName::FirstReply,
                    received,
                    end_of_day(day, policy.zone),
                    record.first_reply_at,
                );
                if record.written_reply_owed() {
                    let mut day_of_reply = day;
                    for _ in 0..limits.written_reply_working_days {
                        day_of_reply = policy.calendar.next_working_day(day_of_reply);
                    }
                    push(
                        DeadlineName::WrittenReply,
                        received,
                        end_of_day(day_of_reply, policy.zone),
                        record.written_reply_at,
                    );
                }
                push(
                    DeadlineName::Reply,
                    received,
                    received + Duration::days(limits.complaint_answer_days),
                    record.resolved_at,
                );
                if let Some(resolved) = record.resolved_at
                    && !record.is_anonymous()
                {
                    let due = resolved + Duration::days(limits.complaint_callback_days);
                    push(
                        DeadlineName::Callback,
                        resolved,
                        due,
                        record.callback.as_ref().map(|c| c.at),
                    );
                }
            } else {
                push(
                    DeadlineName::Reply,
                    received,
                    received + Duration::hours(limits.enquiry_reply_hours),
                    record.first_reply_at,
                );
            }
        }
    }
    out
}

/// Whether an unresolved complaint has been open long enough to become major (and is not yet).
/// A complaint that is resolved and only waits for its callback is not "unresolved" (DOMAIN.md
/// §2: "not reasonably resolved within one month").
pub fn escalation_due(record: &Record, policy: &Policy, now: DateTime<Utc>) -> bool {
    record.is_complaint()
        && matches!(record.status, Status::Received | Status::Replied)
        && record.class != Some(ComplaintClass::Major)
        && now - record.received_at >= Duration::days(policy.limits.escalate_to_major_days)
}

/// A record as it stands at `now`, for a lookup: a complaint whose escalation is due shows as
/// major (escalated when its month ran out) before a writer has recorded the escalation event.
/// Lookups never write; only writers (add, act, handover, the desk) record it.
pub fn as_of(mut record: Record, policy: &Policy, now: DateTime<Utc>) -> Record {
    if escalation_due(&record, policy, now) {
        record.class = Some(ComplaintClass::Major);
        record.escalated_at =
            Some(record.received_at + Duration::days(policy.limits.escalate_to_major_days));
    }
    record
}
