//! The lifecycle steps a person can take on a record. Each becomes one event.

use super::ids::RecordId;
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
    /// Done. A repair's work order is completed with what was done, the materials, the fee,
    /// whether the owner signed and how they rated it; a complaint with its result (处理结果).
    /// Every field is left out when not given, so that older events read and hash the same.
    Resolve {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fee: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signed: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rating: Option<Rating>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        work: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        materials: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        result: Option<String>,
        /// A repair: whether a callback is owed, decided by the store as it writes the event
        /// (the month's sample depends on the other repairs). None (older events): owed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        callback: Option<CallbackOwed>,
    },
    /// One callback try (回访). `reached: false` (no answer) keeps the callback owed; older
    /// events have no `reached` and close it whatever they say.
    Callback {
        form: CallbackForm,
        satisfaction: Satisfaction,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reached: Option<bool>,
        /// The owner's words.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        words: Option<String>,
        /// An on-site visit: whether the owner signed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signed: Option<bool>,
        /// Unsatisfied: the follow-up record opened with it (written by the store).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        follow_up: Option<RecordId>,
        /// A repair's quality follow-up (质量回访, one to two months after the resolve), not
        /// its 3-day callback. Stored only when true, so callbacks written before read and
        /// hash the same.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        quality: bool,
    },
    /// A follow-up from a callback: the written notice to the repair staff was sent.
    Notice,
    /// A repair call: its work order (the repair record) was written from it.
    WorkOrder {
        repair: RecordId,
    },
    /// An inspection round: the problem found at `item` became the repair `repair` (written by
    /// the store with the repair's creation).
    FoundProblem {
        item: String,
        repair: RecordId,
    },
    /// Written by the program right after the creation of a record opened from another.
    FollowUpOf {
        of: RecordId,
        by: FollowUpBy,
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
        /// The outgoing operator, when the incoming person signs from their own session
        /// (absent: the operator who wrote the event, as every earlier signature).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outgoing: Option<String>,
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
    /// Incident: closed with its outcome. `medical_callback`: an emergency patient (急救病人)
    /// is to be called back within a week (§4); the incident waits for that callback.
    Close {
        outcome: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        medical_callback: bool,
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
    /// Resolved with nothing but (perhaps) a fee.
    pub fn resolve(fee: Option<String>) -> Self {
        Self::Resolve {
            fee,
            signed: None,
            rating: None,
            work: None,
            materials: None,
            result: None,
            callback: None,
        }
    }

    /// A callback as recorded before tries were told apart: it closes the callback whatever
    /// the satisfaction, and opens no follow-up (the demo's history is written this way).
    pub fn callback_closing(form: CallbackForm, satisfaction: Satisfaction) -> Self {
        Self::Callback {
            form,
            satisfaction,
            reached: None,
            words: None,
            signed: None,
            follow_up: None,
            quality: false,
        }
    }

    /// A callback try as the desk and `act` record it: no answer keeps it owed.
    pub fn callback(form: CallbackForm, satisfaction: Satisfaction) -> Self {
        Self::Callback {
            form,
            satisfaction,
            reached: Some(satisfaction != Satisfaction::NoAnswer),
            words: None,
            signed: None,
            follow_up: None,
            quality: false,
        }
    }

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
            Self::Notice => "notice",
            Self::WorkOrder { .. } => "work_order",
            Self::FollowUpOf { .. } => "follow_up_of",
            Self::FoundProblem { .. } => "found_problem",
        }
    }
}
