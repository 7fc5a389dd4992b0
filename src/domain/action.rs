//! The lifecycle steps a person can take on a record. Each becomes one event.

use super::kinds::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Send a technician (again, to reassign).
    Dispatch {
        to: String,
    },
    Arrive,
    Assess {
        difficulty: Difficulty,
    },
    Resolve {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fee: Option<String>,
    },
    Callback {
        form: CallbackForm,
        satisfaction: Satisfaction,
    },
    Classify {
        class: ComplaintClass,
    },
    Reply {
        #[serde(default)]
        written: bool,
    },
    Note {
        text: String,
    },
    Void {
        reason: String,
    },
    /// Recorded by the program itself: a complaint open 30 days becomes major.
    Escalate {
        to: ComplaintClass,
    },
    /// Flag an open item for the next shift, with what to check and by when.
    Watch {
        instruction: String,
    },
    /// Take the watch flag off.
    Unwatch,
    /// Handover: the incoming person accepts; the compiled content is frozen with it.
    Sign {
        by: String,
        content: serde_json::Value,
    },
    /// Incident: a report upward (the reporting chain), to whom, their role, how, and what
    /// they answered.
    Report {
        to: String,
        role: String,
        how: ReportHow,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        answer: Option<String>,
    },
    /// Incident: closed with its outcome.
    Close {
        outcome: String,
    },
    /// Handover: the incoming person refuses, with a reason; the outgoing shift stays
    /// responsible.
    Refuse {
        by: String,
        reason: String,
    },
    /// Repair in a home: engineering's proposed solution, given to the owner (issue 13).
    Propose {
        text: String,
    },
    /// Warranty quality complaint: the developer's supervision department was told.
    NotifyDeveloper,
    /// Quality complaint out of the developer's warranty: the desk explained that to the owner.
    WarrantyExplained,
    /// Heating leak: the heating company was asked to help with the repair.
    NotifyHeating,
    /// Pass: the goods left the estate on it (the guard at the gate, if named).
    Used {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        guard: Option<String>,
    },
    /// Stop the record's open deadlines counting, with a reason; with `until` it resumes by
    /// itself then (`domain::pause`).
    Pause {
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// End the pause: the deadlines count again, moved by the paused time.
    Resume,
}

impl Action {
    /// A step that corrects the record rather than moving it on (`void`, `note`): it must
    /// always be possible, even on a record a wrong clock put in the future
    /// (`time::default_event_time`).
    pub fn is_corrective(&self) -> bool {
        matches!(self, Self::Void { .. } | Self::Note { .. })
    }

    /// The slug used on the command line and in the timeline.
    pub fn slug(&self) -> &'static str {
        match self {
            Self::Dispatch { .. } => "dispatch",
            Self::Arrive => "arrive",
            Self::Assess { .. } => "assess",
            Self::Resolve { .. } => "resolve",
            Self::Callback { .. } => "callback",
            Self::Classify { .. } => "classify",
            Self::Reply { .. } => "reply",
            Self::Note { .. } => "note",
            Self::Void { .. } => "void",
            Self::Escalate { .. } => "escalate",
            Self::Watch { .. } => "watch",
            Self::Unwatch => "unwatch",
            Self::Sign { .. } => "sign",
            Self::Refuse { .. } => "refuse",
            Self::Report { .. } => "report",
            Self::Close { .. } => "close",
            Self::Propose { .. } => "propose",
            Self::NotifyDeveloper => "notify_developer",
            Self::WarrantyExplained => "warranty_explained",
            Self::NotifyHeating => "notify_heating",
            Self::Used { .. } => "used",
            Self::Pause { .. } => "pause",
            Self::Resume => "resume",
        }
    }
}
