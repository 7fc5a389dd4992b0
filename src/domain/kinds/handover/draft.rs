//! Shift handover (DOMAIN.md §7): which handover is due, and what it must tell the incoming
//! shift, compiled from the records themselves.

use crate::domain::Urgency;
use crate::domain::deadline::{deadlines, next_open, urgency};
use crate::domain::error::{Field, Problem, RuleError};
use crate::domain::kinds::*;
use crate::domain::record::{Record, Status};
use crate::domain::rules::Policy;
use crate::domain::shift::{Shift, ShiftDef, shift_at};
use crate::domain::text::{MAX_SHORT_CHARS, required_text};
use crate::domain::time::rfc3339;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One shift change: the ending shift, the name of the starting one, and the moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub from: Shift,
    pub to: String,
    pub boundary: DateTime<Utc>,
}

/// The handover that `show` and `sign` mean at `now`: within the window after a shift change,
/// the one just made; otherwise the one at the end of the current shift.
pub fn slot_at(defs: &[ShiftDef], now: DateTime<Utc>, policy: &Policy) -> Slot {
    let window = Duration::minutes(policy.limits.handover_window_minutes);
    let current = shift_at(defs, now, policy.zone);
    if now - current.start <= window {
        let previous = shift_at(defs, current.start - Duration::seconds(1), policy.zone);
        Slot {
            from: previous,
            to: current.name,
            boundary: current.start,
        }
    } else {
        let next = shift_at(defs, current.end, policy.zone);
        Slot {
            boundary: current.end,
            from: current,
            to: next.name,
        }
    }
}

/// The shift change before the one `slot_at` gives: the handover that is late if unsigned.
pub fn previous_slot(defs: &[ShiftDef], slot: &Slot, policy: &Policy) -> Slot {
    let previous = shift_at(defs, slot.from.start - Duration::seconds(1), policy.zone);
    Slot {
        from: previous,
        to: slot.from.name.clone(),
        boundary: slot.from.start,
    }
}

/// Where "resolved since the last handover" starts: the last signed shift change, or without
/// one (or one after this slot's shift began) the start of the ending shift.
pub fn settled_from(slot: &Slot, last_signed: Option<DateTime<Utc>>) -> DateTime<Utc> {
    match last_signed {
        Some(b) if b < slot.from.start => b,
        _ => slot.from.start,
    }
}

/// Whether the incoming person may sign this slot's handover now.
pub fn signing_open(slot: &Slot, now: DateTime<Utc>, policy: &Policy) -> bool {
    now >= slot.boundary - Duration::minutes(policy.limits.handover_window_minutes)
}

/// The incoming person's name: required, and not the outgoing operator's.
pub fn check_incoming(by: &str, outgoing: &str) -> Result<String, RuleError> {
    let by = required_text(Field::Incoming, by, MAX_SHORT_CHARS)?;
    if by == outgoing {
        return Err(RuleError::field(
            Field::Incoming,
            Problem::IncomingIsOutgoing(by),
        ));
    }
    Ok(by)
}

/// Which handover `sign`/`refuse` mean at `now`: the current one once its window opens, else
/// the previous one if it is still unsigned (signed late).
pub fn sign_target(
    slot: &Slot,
    unsigned_previous: Option<Slot>,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Result<Slot, RuleError> {
    if signing_open(slot, now, policy) {
        return Ok(slot.clone());
    }
    unsigned_previous.ok_or_else(|| {
        RuleError::field(
            Field::Handover,
            Problem::NotSignableYet {
                at: crate::domain::time::short(slot.boundary, policy.zone),
                minutes: policy.limits.handover_window_minutes,
            },
        )
    })
}

/// A note from the outgoing shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandoverNote {
    pub by: String,
    pub at: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WatchItem {
    pub id: String,
    pub instruction: String,
    pub by: String,
    pub at: String,
}

/// An open item whose deadlines are paused (`domain::pause`): why, and until when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PausedItem {
    pub id: String,
    pub reason: String,
    pub by: String,
    pub at: String,
    /// When it resumes by itself; None: until someone resumes it.
    pub until: Option<String>,
}

/// A record the shift resolved or closed: what it is and what became of it (a repair
/// resolved but still owing its callback says `resolved`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettledItem {
    pub id: String,
    pub kind: String,
    pub summary: String,
    pub status: String,
    /// When it was last resolved or closed within the shift.
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftInfo {
    pub name: String,
    pub start: String,
    pub end: String,
}

/// What the handover tells the incoming shift. Frozen into the handover record when signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub shift: ShiftInfo,
    pub to_shift: String,
    pub outgoing: String,
    /// Watched items lead the draft.
    pub watch: Vec<WatchItem>,
    /// Open items paused now, with their reasons (handovers signed before pauses existed
    /// have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paused: Vec<PausedItem>,
    pub overdue: Vec<String>,
    /// Open items with a deadline before the next shift ends.
    pub due_next_shift: Vec<String>,
    pub urgent_repairs: Vec<String>,
    pub repairs: Vec<String>,
    pub complaints_awaiting_reply: Vec<String>,
    pub callbacks_due: Vec<String>,
    pub other_calls: Vec<String>,
    /// Duty-log incidents written during the shift.
    pub incidents: Vec<String>,
    /// Issued passes whose goods leave before the next shift ends (issue 14; absent from
    /// handovers without any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passes: Vec<String>,
    /// Every open item.
    pub open: Vec<String>,
    pub last_handover: Option<String>,
    pub new_since_last: Vec<String>,
    pub closed_since_last: Vec<String>,
    pub still_open: Vec<String>,
    /// What was resolved or closed since the last signed handover (or, without one, in the
    /// shift), up to the shift change (handovers signed before this list existed have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolved_since_last: Vec<SettledItem>,
    pub notes: Vec<HandoverNote>,
    /// What the shift handled: records created per kind, and actions taken.
    pub created: BTreeMap<String, usize>,
    pub actions: BTreeMap<String, i64>,
    /// The history chain's head when signed (seq, hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_head: Option<(i64, String)>,
    /// The inspection rounds not yet walked today and missed yesterday (issue 14 §2;
    /// handovers signed before rounds were expected have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<crate::domain::kinds::inspection::rounds::RoundsDue>,
}

/// A list of the draft that a kind's rules put records in (`KindRules::sections`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    UrgentRepairs,
    Repairs,
    ComplaintsAwaitingReply,
    OtherCalls,
    Incidents,
}

impl Draft {
    /// The list a section's ids go in.
    pub fn list_mut(&mut self, section: Section) -> &mut Vec<String> {
        match section {
            Section::UrgentRepairs => &mut self.urgent_repairs,
            Section::Repairs => &mut self.repairs,
            Section::ComplaintsAwaitingReply => &mut self.complaints_awaiting_reply,
            Section::OtherCalls => &mut self.other_calls,
            Section::Incidents => &mut self.incidents,
        }
    }
}

/// Everything the draft is compiled from; gathered by the store.
pub struct DraftInputs<'a> {
    pub slot: &'a Slot,
    /// The shift after the slot's boundary (for "due before the next shift ends").
    pub next_shift_end: DateTime<Utc>,
    pub now: DateTime<Utc>,
    pub outgoing: &'a str,
    /// Every open call and repair.
    pub open: &'a [Record],
    /// Every record received during the ending shift.
    pub created_in_shift: &'a [Record],
    pub last_signed: Option<&'a Record>,
    /// Records resolved or closed since the last signed handover, with when (`settled_from`).
    pub settled: &'a [(Record, DateTime<Utc>)],
    pub notes: Vec<HandoverNote>,
    /// Action slug -> count, for events during the shift.
    pub actions: BTreeMap<String, i64>,
}

fn ids(records: impl Iterator<Item = impl std::borrow::Borrow<Record>>) -> Vec<String> {
    records.map(|r| r.borrow().id.to_string()).collect()
}

/// Compile the draft: pure, from what the store gathered.
pub fn compile(inputs: DraftInputs<'_>, policy: &Policy) -> Draft {
    let zone = policy.zone;
    let now = inputs.now;
    let open: Vec<&Record> = inputs
        .open
        .iter()
        .filter(|r| r.rules().in_handover() && r.status.is_open())
        .collect();
    let with = |pred: &dyn Fn(&Record) -> bool| ids(open.iter().copied().filter(|r| pred(r)));
    let due_by = |r: &Record| {
        let all = deadlines(r, policy);
        next_open(&all).map(|d| d.due)
    };
    let worst = |r: &Record| urgency(&deadlines(r, policy), now);
    // Flagged records: the open ones, and flagged duty-log entries (which owe nothing).
    let mut watched: Vec<&Record> = inputs
        .open
        .iter()
        .filter(|r| r.watch.is_some() && !r.is_voided())
        .collect();
    watched.sort_by_key(|r| r.watch.as_ref().map(|w| w.at));
    let last_open: BTreeSet<String> = inputs
        .last_signed
        .and_then(|h| h.signature())
        .and_then(|s| s.content.get("open"))
        .and_then(|v| serde_json::from_value::<Vec<String>>(v.clone()).ok())
        .unwrap_or_default()
        .into_iter()
        .collect();
    let open_now: Vec<String> = ids(open.iter().copied());
    let open_set: BTreeSet<&String> = open_now.iter().collect();
    let mut created = BTreeMap::new();
    for r in inputs.created_in_shift {
        if r.rules().in_handover() {
            *created.entry(r.kind().slug().to_string()).or_insert(0) += 1;
        }
    }
    let mut draft = Draft {
        shift: ShiftInfo {
            name: inputs.slot.from.name.clone(),
            start: rfc3339(inputs.slot.from.start, zone),
            end: rfc3339(inputs.slot.boundary, zone),
        },
        to_shift: inputs.slot.to.clone(),
        outgoing: inputs.outgoing.to_string(),
        watch: watched
            .iter()
            .filter_map(|r| {
                r.watch.as_ref().map(|w| WatchItem {
                    id: r.id.to_string(),
                    instruction: w.instruction.clone(),
                    by: w.by.clone(),
                    at: rfc3339(w.at, zone),
                })
            })
            .collect(),
        paused: open
            .iter()
            .filter_map(|r| {
                r.paused_at(now).map(|p| PausedItem {
                    id: r.id.to_string(),
                    reason: p.reason.clone(),
                    by: p.by.clone(),
                    at: rfc3339(p.at, zone),
                    until: p.until.map(|t| rfc3339(t, zone)),
                })
            })
            .collect(),
        overdue: with(&|r| worst(r) == Urgency::Overdue),
        due_next_shift: with(&|r| {
            worst(r) != Urgency::Overdue && due_by(r).is_some_and(|d| d <= inputs.next_shift_end)
        }),
        urgent_repairs: Vec::new(),
        repairs: Vec::new(),
        complaints_awaiting_reply: Vec::new(),
        callbacks_due: with(&|r| r.status == Status::Resolved),
        other_calls: Vec::new(),
        incidents: Vec::new(),
        passes: with(&|r| {
            r.rules()
                .moves_at()
                .is_some_and(|t| t <= inputs.next_shift_end)
        }),
        last_handover: inputs.last_signed.map(|h| h.id.to_string()),
        new_since_last: open_now
            .iter()
            .filter(|id| !last_open.contains(*id))
            .cloned()
            .collect(),
        closed_since_last: last_open
            .iter()
            .filter(|id| !open_set.contains(id))
            .cloned()
            .collect(),
        still_open: open_now
            .iter()
            .filter(|id| last_open.contains(*id))
            .cloned()
            .collect(),
        resolved_since_last: inputs
            .settled
            .iter()
            .filter(|(r, _)| {
                r.rules().in_handover()
                    && !r.is_voided()
                    && matches!(r.status, Status::Resolved | Status::Closed)
            })
            .map(|(r, at)| SettledItem {
                id: r.id.to_string(),
                kind: r.kind().slug().to_string(),
                summary: r.new.summary.clone(),
                status: r.status.slug().to_string(),
                at: rfc3339(*at, zone),
            })
            .collect(),
        open: open_now.clone(),
        notes: inputs.notes,
        created,
        actions: inputs.actions,
        chain_head: None,
        rounds: None,
    };
    let mut sections = Vec::new();
    for r in &open {
        sections.clear();
        r.rules().sections(r, &mut sections);
        for s in &sections {
            draft.list_mut(*s).push(r.id.to_string());
        }
    }
    for r in inputs.created_in_shift {
        sections.clear();
        r.rules().shift_sections(r, &mut sections);
        for s in &sections {
            draft.list_mut(*s).push(r.id.to_string());
        }
    }
    draft
}

/// What became of an item listed in a signed handover, looked at now.
pub fn fate(record: &Record, policy: &Policy, now: DateTime<Utc>) -> &'static str {
    if record.is_voided() {
        return "voided";
    }
    if !record.status.is_open() {
        return "closed";
    }
    if urgency(&deadlines(record, policy), now) == Urgency::Overdue {
        "overdue"
    } else {
        "open"
    }
}
