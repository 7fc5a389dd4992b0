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
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.slug() == text)
    }

    /// Something is still owed on the record.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Self::Logged | Self::Signed | Self::Closed | Self::Voided
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallbackDone {
    pub at: DateTime<Utc>,
    pub form: CallbackForm,
    pub satisfaction: Satisfaction,
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
    /// Complaint class now (after classification or escalation).
    pub class: Option<ComplaintClass>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub assignee: Option<String>,
    pub arrived_at: Option<DateTime<Utc>>,
    pub difficulty: Option<Difficulty>,
    pub first_reply_at: Option<DateTime<Utc>>,
    pub written_reply_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub fee: Option<String>,
    pub callback: Option<CallbackDone>,
    pub voided: Option<Voided>,
    pub notes: Vec<String>,
    /// Flagged for the next shift.
    pub watch: Option<Watch>,
    /// Handover: accepted by the incoming person.
    pub signature: Option<Signature>,
    /// Handover: every refusal so far.
    pub refusals: Vec<Refusal>,
    /// An earlier record from the same room about the same thing within the repeat window.
    pub repeat_of: Option<RecordId>,
    pub last_event_at: DateTime<Utc>,
}

impl Record {
    /// The state right after the creating event.
    pub fn created(
        id: RecordId,
        new: NewRecord,
        at: DateTime<Utc>,
        written_at: DateTime<Utc>,
        by: &str,
    ) -> Self {
        let status = new.details.rules().opens_as();
        let class = new.details.rules().class();
        Self {
            id,
            new,
            received_at: at,
            written_at,
            created_by: by.to_string(),
            status,
            class,
            escalated_at: None,
            dispatched_at: None,
            assignee: None,
            arrived_at: None,
            difficulty: None,
            first_reply_at: None,
            written_reply_at: None,
            resolved_at: None,
            fee: None,
            callback: None,
            voided: None,
            notes: Vec::new(),
            watch: None,
            signature: None,
            refusals: Vec::new(),
            repeat_of: None,
            last_event_at: at,
        }
    }

    pub fn kind(&self) -> RecordKind {
        self.new.details.kind()
    }

    /// The rules of this record's kind.
    pub fn rules(&self) -> &dyn KindRules {
        self.new.details.rules()
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
        use Status::*;
        let status = self.status;
        let kind = self.kind();
        let refuse = || RuleError::NotAllowed {
            action: action.slug(),
            kind,
            status,
        };
        if self.status == Voided && !matches!(action, Action::Note { .. }) {
            return Err(refuse());
        }
        // A signed handover never changes; it can only be voided (so that it can be redone).
        if self.status == Signed && !matches!(action, Action::Void { .. }) {
            return Err(refuse());
        }
        let handover = kind == RecordKind::Handover;
        if handover
            && !matches!(
                action,
                Action::Note { .. }
                    | Action::Void { .. }
                    | Action::Sign { .. }
                    | Action::Refuse { .. }
            )
        {
            return Err(refuse());
        }
        match action {
            Action::Note { text } => self.notes.push(text.clone()),
            Action::Void { reason } => {
                self.voided = Some(super::record::Voided {
                    at,
                    by: by.to_string(),
                    reason: reason.clone(),
                });
                self.status = Voided;
            }
            Action::Dispatch { to } => {
                if kind != RecordKind::Repair || !matches!(self.status, Received | Dispatched) {
                    return Err(refuse());
                }
                self.dispatched_at.get_or_insert(at);
                self.assignee = Some(to.clone());
                self.status = Dispatched;
            }
            Action::Arrive => {
                if kind != RecordKind::Repair || self.status != Dispatched {
                    return Err(refuse());
                }
                self.arrived_at = Some(at);
                self.status = OnSite;
            }
            Action::Assess { difficulty } => {
                if kind != RecordKind::Repair || self.status != OnSite {
                    return Err(refuse());
                }
                self.difficulty = Some(*difficulty);
            }
            Action::Resolve { fee } => {
                match kind {
                    RecordKind::Repair if self.status == OnSite => {
                        self.fee = fee.clone();
                        self.status = Resolved;
                    }
                    RecordKind::Call if matches!(self.status, Received | Replied) => {
                        if fee.is_some() {
                            return Err(refuse());
                        }
                        // The final answer is also a reply, if none was recorded before.
                        self.first_reply_at.get_or_insert(at);
                        if self.written_reply_owed() {
                            self.written_reply_at.get_or_insert(at);
                        }
                        self.status = if self.is_complaint() && !self.is_anonymous() {
                            Resolved
                        } else {
                            Closed
                        };
                    }
                    _ => return Err(refuse()),
                }
                self.resolved_at = Some(at);
            }
            Action::Callback { .. } if self.status != Resolved => return Err(refuse()),
            Action::Callback { form, satisfaction } => {
                self.callback = Some(CallbackDone {
                    at,
                    form: *form,
                    satisfaction: *satisfaction,
                });
                self.status = Closed;
            }
            Action::Classify { class } => {
                if !self.is_complaint() || !self.status.is_open() {
                    return Err(refuse());
                }
                self.class = Some(*class);
            }
            Action::Reply { written } => {
                if kind != RecordKind::Call || !matches!(self.status, Received | Replied) {
                    return Err(refuse());
                }
                self.first_reply_at.get_or_insert(at);
                if *written {
                    self.written_reply_at.get_or_insert(at);
                }
                self.status = Replied;
            }
            Action::Watch { instruction } => {
                if handover || !self.status.is_open() {
                    return Err(refuse());
                }
                self.watch = Some(super::record::Watch {
                    instruction: instruction.clone(),
                    by: by.to_string(),
                    at,
                });
            }
            Action::Unwatch => {
                if self.watch.is_none() {
                    return Err(refuse());
                }
                self.watch = None;
            }
            Action::Sign {
                by: incoming,
                content,
            } => {
                if !handover || self.status != Draft {
                    return Err(refuse());
                }
                self.signature = Some(Signature {
                    by: incoming.clone(),
                    at,
                    outgoing: by.to_string(),
                    content: content.clone(),
                });
                self.status = Signed;
            }
            Action::Refuse {
                by: incoming,
                reason,
            } => {
                if !handover || self.status != Draft {
                    return Err(refuse());
                }
                self.refusals.push(Refusal {
                    by: incoming.clone(),
                    at,
                    reason: reason.clone(),
                });
            }
            Action::Escalate { to } => {
                if !self.is_complaint() || !self.status.is_open() || self.class == Some(*to) {
                    return Err(refuse());
                }
                self.class = Some(*to);
                self.escalated_at = Some(at);
            }
        }
        if !self.status.is_open() {
            self.watch = None;
        }
        self.last_event_at = at;
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
