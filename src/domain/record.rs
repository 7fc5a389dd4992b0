//! A record's current state, derived by folding its events in order.

use super::action::Action;
use super::error::RuleError;
use super::ids::RecordId;
use super::kinds::*;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Everything a person enters when creating a record (the payload of its first event).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRecord {
    pub details: Details,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Caller, owner or reporter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// What an event did: created the record, or one lifecycle action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Change {
    Created(Box<NewRecord>),
    Action(Action),
}

impl Change {
    pub fn slug(&self) -> &'static str {
        match self {
            Self::Created(_) => "create",
            Self::Action(a) => a.slug(),
        }
    }
}

/// One line of a record's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub seq: i64,
    /// When it really happened (`--at`); deadlines count from this.
    pub at: DateTime<Utc>,
    /// When it was written to the database.
    pub written_at: DateTime<Utc>,
    pub operator: String,
    pub change: Change,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A duty-log entry: a fact, nothing owed.
    Logged,
    /// A handover being compiled; not yet accepted by the incoming shift.
    Draft,
    /// A handover accepted and frozen.
    Signed,
    Received,
    Dispatched,
    OnSite,
    Replied,
    /// Resolved; a callback is still owed.
    Resolved,
    Closed,
    Voided,
    /// A pass issued, valid at the gate until used or voided.
    Issued,
    /// A pass the goods left on: no longer valid.
    Used,
}

impl Status {
    pub const ALL: &'static [Status] = &[
        Self::Logged,
        Self::Draft,
        Self::Signed,
        Self::Received,
        Self::Dispatched,
        Self::OnSite,
        Self::Replied,
        Self::Resolved,
        Self::Closed,
        Self::Voided,
        Self::Issued,
        Self::Used,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Logged => "logged",
            Self::Draft => "draft",
            Self::Signed => "signed",
            Self::Received => "received",
            Self::Dispatched => "dispatched",
            Self::OnSite => "on_site",
            Self::Replied => "replied",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
            Self::Voided => "voided",
            Self::Issued => "issued",
            Self::Used => "used",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.slug() == text)
    }

    /// Something is still owed on the record.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Self::Logged | Self::Signed | Self::Closed | Self::Voided | Self::Used
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallbackDone {
    pub at: DateTime<Utc>,
    pub form: CallbackForm,
    pub satisfaction: Satisfaction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
    /// An on-site visit: whether the owner signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Watch {
    pub instruction: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    pub by: String,
    pub at: DateTime<Utc>,
    /// The operator who handed over.
    pub outgoing: String,
    pub content: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    pub by: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Voided {
    pub at: DateTime<Utc>,
    pub by: String,
    pub reason: String,
}

/// A record as it stands after all its events.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: RecordId,
    pub new: NewRecord,
    pub received_at: DateTime<Utc>,
    pub written_at: DateTime<Utc>,
    pub created_by: String,
    pub status: Status,
    /// What the record's kind accumulates (a call's class and replies, a repair's technician,
    /// a handover's signature): asked through the accessors below.
    pub state: KindState,
    pub resolved_at: Option<DateTime<Utc>>,
    /// The callback that reached the owner (it meets the callback deadline).
    pub callback: Option<CallbackDone>,
    /// Callback tries that reached nobody (no answer): the callback is still owed.
    pub callback_tries: Vec<CallbackDone>,
    /// Records opened from this one (an unsatisfied callback's follow-up, a repair call's
    /// work order), oldest first.
    pub follow_ups: Vec<RecordId>,
    /// The record this one was opened from, and why.
    pub follow_up_of: Option<(RecordId, FollowUpBy)>,
    /// A follow-up from a callback: when the written notice went to the repair staff.
    pub noticed_at: Option<DateTime<Utc>>,
    pub voided: Option<Voided>,
    pub notes: Vec<String>,
    /// Flagged for the next shift.
    pub watch: Option<Watch>,
    /// Every pause of its deadlines, in order (`domain::pause`).
    pub pauses: Vec<super::pause::Pause>,
    /// An earlier record from the same place about the same problem within the repeat window
    /// (`domain::repeats`).
    pub repeat_of: Option<RecordId>,
    /// Links other records hold to this one, seen from here (`repeated_by`): filled by the
    /// store when it reads a record to show or list (`links`).
    pub linked: Vec<super::links::Link>,
    pub last_event_at: DateTime<Utc>,
}

impl Record {
    /// Every link of this record (DESIGN.md "JSON"): its own (`repeat_of`), then those other
    /// records hold to it (`linked`).
    pub fn links(&self) -> Vec<super::links::Link> {
        use super::links::{Link, LinkRel};
        let own = self.repeat_of.map(|id| Link {
            rel: LinkRel::RepeatOf,
            id,
        });
        let of = self.follow_up_of.map(|(id, by)| Link {
            rel: match by {
                FollowUpBy::Inspection => LinkRel::FromInspection,
                FollowUpBy::Callback | FollowUpBy::WorkOrder => LinkRel::FollowUpOf,
            },
            id,
        });
        // The repairs of a record whose problems become repairs (a round's) were found in it.
        let up = match self.kind().props().repairs_found {
            Some(_) => LinkRel::FoundIn,
            None => LinkRel::FollowUp,
        };
        let ups = self.follow_ups.iter().map(|&id| Link { rel: up, id });
        own.into_iter()
            .chain(of)
            .chain(ups)
            .chain(self.linked.iter().copied())
            .collect()
    }

    /// The records linked to this one as `rel`, as one line ("R-2026-00001, R-2026-00007");
    /// None when there are none.
    pub fn linked_text(&self, rel: super::links::LinkRel) -> Option<String> {
        let ids: Vec<String> = self
            .links()
            .iter()
            .filter(|l| l.rel == rel)
            .map(|l| l.id.to_string())
            .collect();
        (!ids.is_empty()).then(|| ids.join(", "))
    }

    /// The state right after the creating event.
    pub fn created(
        id: RecordId,
        new: NewRecord,
        at: DateTime<Utc>,
        written_at: DateTime<Utc>,
        by: &str,
    ) -> Self {
        let state = new.details.start();
        let status = state.rules().opens_as();
        Self {
            id,
            new,
            received_at: at,
            written_at,
            created_by: by.to_string(),
            status,
            state,
            resolved_at: None,
            callback: None,
            callback_tries: Vec::new(),
            follow_ups: Vec::new(),
            follow_up_of: None,
            noticed_at: None,
            voided: None,
            notes: Vec::new(),
            watch: None,
            pauses: Vec::new(),
            repeat_of: None,
            linked: Vec::new(),
            last_event_at: at,
        }
    }

    pub fn kind(&self) -> RecordKind {
        self.new.details.kind()
    }

    /// The rules of this record's kind.
    pub fn rules(&self) -> &dyn KindRules {
        self.state.rules()
    }

    /// Complaint class now (after classification or escalation).
    pub fn class(&self) -> Option<ComplaintClass> {
        self.rules().class()
    }

    /// When a complaint became major by escalation.
    pub fn escalated_at(&self) -> Option<DateTime<Utc>> {
        self.rules().escalated_at()
    }

    /// The technician a repair was sent to last.
    pub fn assignee(&self) -> Option<&str> {
        self.rules().assignee()
    }

    pub fn difficulty(&self) -> Option<Difficulty> {
        self.rules().difficulty()
    }

    pub fn fee(&self) -> Option<&str> {
        self.rules().fee()
    }

    /// Handover: accepted by the incoming person.
    pub fn signature(&self) -> Option<&Signature> {
        self.rules().signature()
    }

    /// Handover: every refusal so far.
    pub fn refusals(&self) -> &[Refusal] {
        self.rules().refusals()
    }

    pub fn is_urgent(&self) -> bool {
        self.rules().is_urgent()
    }

    pub fn is_complaint(&self) -> bool {
        self.rules().is_complaint()
    }

    /// No name and no contact: kept, but no callback is owed (DOMAIN.md §2, §4).
    pub fn is_anonymous(&self) -> bool {
        self.new.name.is_none() && self.new.phone.is_none()
    }

    pub fn is_voided(&self) -> bool {
        self.voided.is_some()
    }

    /// Check that `action` fits the record's state, and return the state after it.
    pub fn apply(&self, action: &Action, at: DateTime<Utc>, by: &str) -> Result<Record, RuleError> {
        self.clone().applied(action, at, by)
    }

    /// `apply`, taking the record: folding a history needs no copy per event.
    pub fn applied(
        mut self,
        action: &Action,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<Record, RuleError> {
        self.apply_in_place(action, at, by)?;
        Ok(self)
    }

    /// `apply` on the record itself (left as it was when the action does not fit): a fold
    /// moves no record per event.
    fn apply_in_place(
        &mut self,
        action: &Action,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<(), RuleError> {
        let (status, kind) = (self.status, self.kind());
        let refuse = || RuleError::NotAllowed {
            action: action.slug(),
            kind,
            status,
        };
        if status == Status::Voided && !matches!(action, Action::Note { .. }) {
            return Err(refuse());
        }
        // A signed handover never changes; it can only be voided (so that it can be redone).
        if status == Status::Signed && !matches!(action, Action::Void { .. }) {
            return Err(refuse());
        }
        let mut life = Life {
            status: &mut self.status,
            resolved_at: &mut self.resolved_at,
            anonymous: self.new.name.is_none() && self.new.phone.is_none(),
        };
        match self.state.rules_mut().apply(&mut life, action, at, by) {
            Ok(Applied::Done) => {
                if let Action::WorkOrder { repair } | Action::FoundProblem { repair, .. } = action {
                    self.follow_ups.push(*repair);
                }
                // An unsatisfied quality follow-up (the repair's own rules) opens one too.
                if let Action::Callback {
                    follow_up: Some(id),
                    ..
                } = action
                {
                    self.follow_ups.push(*id);
                }
            }
            Ok(Applied::Common) if matches!(action, Action::Pause { .. } | Action::Resume) => {
                if !self.status.is_open() {
                    return Err(refuse());
                }
                self.apply_pause(action, at, by)?;
            }
            Ok(Applied::Common) => self.apply_common(action, at, by).map_err(|_| refuse())?,
            Err(Refused) => return Err(refuse()),
        }
        if !self.status.is_open() && !self.watchable_closed() {
            self.watch = None;
        }
        self.last_event_at = at;
        Ok(())
    }

    /// `pause` and `resume` on an open record whose kind allows them (`domain::pause`).
    fn apply_pause(
        &mut self,
        action: &Action,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<(), RuleError> {
        use super::error::{Field, Problem};
        use super::pause::{Pause, blocking, current};
        match action {
            Action::Pause { reason, until } => {
                if blocking(&self.pauses, at).is_some() {
                    return Err(RuleError::field(Field::Pause, Problem::AlreadyPaused));
                }
                if until.is_some_and(|u| u <= at) {
                    return Err(RuleError::field(
                        Field::PauseUntil,
                        Problem::UntilNotAfterPause,
                    ));
                }
                self.pauses.push(Pause {
                    at,
                    by: by.to_string(),
                    reason: reason.clone(),
                    until: *until,
                    resumed: None,
                });
            }
            _ => {
                if current(&self.pauses, at).is_none() {
                    return Err(RuleError::field(Field::Pause, Problem::NotPaused));
                }
                if let Some(last) = self.pauses.last_mut() {
                    last.resumed = Some(at);
                }
            }
        }
        Ok(())
    }

    /// A duty-log entry owes nothing, yet can be flagged for the next shift (issue 13 §1): the
    /// flag stays until taken off (or the entry is voided).
    pub fn watchable_closed(&self) -> bool {
        self.status == Status::Logged
    }

    /// Open for the lists and the handover: something is owed, or it is flagged for the next
    /// shift (a flagged duty-log entry).
    pub fn is_open_matter(&self) -> bool {
        self.status.is_open() || self.watch.is_some()
    }

    /// The pause holding the record's deadlines at `now`, if any.
    pub fn paused_at(&self, now: DateTime<Utc>) -> Option<&super::pause::Pause> {
        super::pause::current(&self.pauses, now)
    }

    /// The actions every kind takes the same way (`Applied::Common`).
    fn apply_common(
        &mut self,
        action: &Action,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<(), Refused> {
        match action {
            Action::Note { text } => self.notes.push(text.clone()),
            Action::Void { reason } => {
                self.voided = Some(Voided {
                    at,
                    by: by.to_string(),
                    reason: reason.clone(),
                });
                self.status = Status::Voided;
            }
            Action::Callback {
                form,
                satisfaction,
                reached,
                words,
                signed,
                follow_up,
                ..
            } => {
                if self.status != Status::Resolved {
                    return Err(Refused);
                }
                let done = CallbackDone {
                    at,
                    form: *form,
                    satisfaction: *satisfaction,
                    words: words.clone(),
                    signed: *signed,
                };
                // No answer: the callback is still owed, tried again later (§4).
                if *reached == Some(false) {
                    self.callback_tries.push(done);
                } else {
                    self.callback = Some(done);
                    self.follow_ups.extend(*follow_up);
                    self.status = Status::Closed;
                }
            }
            Action::Notice => {
                if !matches!(self.follow_up_of, Some((_, FollowUpBy::Callback)))
                    || self.noticed_at.is_some()
                {
                    return Err(Refused);
                }
                self.noticed_at = Some(at);
            }
            Action::FollowUpOf { of, by } => {
                if self.follow_up_of.is_some() {
                    return Err(Refused);
                }
                self.follow_up_of = Some((*of, *by));
            }
            Action::Watch { instruction } => {
                if !self.status.is_open() && !self.watchable_closed() {
                    return Err(Refused);
                }
                self.watch = Some(Watch {
                    instruction: instruction.clone(),
                    by: by.to_string(),
                    at,
                });
            }
            Action::Unwatch => {
                if self.watch.is_none() {
                    return Err(Refused);
                }
                self.watch = None;
            }
            Action::Dispatch { .. }
            | Action::Arrive
            | Action::Assess { .. }
            | Action::Resolve { .. }
            | Action::Classify { .. }
            | Action::Reply { .. }
            | Action::Escalate { .. }
            | Action::Sign { .. }
            | Action::Refuse { .. }
            | Action::WorkOrder { .. }
            | Action::FoundProblem { .. } => return Err(Refused),
            Action::Report { .. } | Action::Close { .. } | Action::Used { .. } => {
                return Err(Refused);
            }
            Action::Propose { .. }
            | Action::NotifyDeveloper
            | Action::WarrantyExplained
            | Action::NotifyHeating
            | Action::Pause { .. }
            | Action::Resume => {
                return Err(Refused);
            }
        }
        Ok(())
    }

    /// A written complaint (letter, fax, online) owes a written reply.
    pub fn written_reply_owed(&self) -> bool {
        self.rules().written_reply_owed()
    }

    /// Rebuild a record from its events (the first must be the creation).
    pub fn fold(
        id: RecordId,
        events: impl IntoIterator<Item = Event>,
    ) -> Result<Record, RuleError> {
        let mut events = events.into_iter();
        let first = events.next().ok_or(RuleError::Corrupt)?;
        let Change::Created(new) = first.change else {
            return Err(RuleError::Corrupt);
        };
        let mut record = Record::created(id, *new, first.at, first.written_at, &first.operator);
        for event in events {
            let Change::Action(action) = &event.change else {
                return Err(RuleError::Corrupt);
            };
            record.apply_in_place(action, event.at, &event.operator)?;
        }
        Ok(record)
    }
}
