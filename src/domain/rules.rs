//! The one table of time limits (DOMAIN.md §2–§4, DESIGN.md "Default deadline rules").
//! Every number the program uses for a deadline lives here; the config file may override each.

use super::calendar::Calendar;
use super::time::Zone;
use chrono::Duration;
use serde::{Deserialize, Serialize};

/// The revision of the deadline rules in code (not the limits, which the config sets): raised
/// whenever a rule changes which deadlines a record owes, so that a file's deadline columns
/// written by an earlier program are worked out again (`store::rules::fingerprint`) instead of
/// reading as damage. 2: every repair owes its dispatch, an in-home one a proposal (issue 13).
/// 3: a major complaint owes a report upward the day it became major (issue 13 §5).
/// 4: a repair that owed a callback owes its quality follow-up too (issue 13 §2).
pub const RULES_REVISION: u32 = 4;

/// The most inspection rounds a day an area may be expected to have (one every half hour).
pub const MAX_PATROLS_PER_DAY: u32 = 48;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Every repair: work order written in 5 min + engineering notified in 2 (§3).
    pub dispatch_minutes: i64,
    /// Urgent or public-area repair: technician on site in 15 minutes (§3).
    pub arrival_minutes: i64,
    /// The other rule book: every repair (not only urgent and public-area ones) on site within
    /// `arrival_minutes`; a paid one still by its appointment (§3).
    pub arrival_all_repairs: bool,
    /// In-home repair not on the paid list: engineering's proposal to the owner this long
    /// after the order was taken (dispatched) (§3).
    pub propose_minutes: i64,
    /// Quality complaint under the developer's warranty: the developer's supervision
    /// department told this long after the work order (dispatch) (§3).
    pub notify_developer_minutes: i64,
    /// Paid repair by appointment: arrive this long before the appointment (§3).
    pub appointment_lead_minutes: i64,
    /// Ordinary repair resolved within 24 hours (the estate's 24-hour target, §2).
    pub resolution_hours: i64,
    /// Difficult fault or waiting for parts: 48 hours (§3).
    pub difficult_resolution_hours: i64,
    /// Major difficult problem: 72 hours (§3).
    pub major_resolution_hours: i64,
    /// Callback after a repair (§4).
    pub repair_callback_days: i64,
    /// A repair that owed a callback: its quality follow-up (质量回访) window opens this many
    /// days after the resolve ... (§4: one to two months after)
    pub quality_callback_from_days: i64,
    /// ... and is due this many days after it.
    pub quality_callback_to_days: i64,
    /// Callback after a complaint is resolved (§4).
    pub complaint_callback_days: i64,
    /// The share of a month's repairs that owe a callback at least (§4: 30 %): those it must
    /// (owner not satisfied, not rated, not signed) and a sample picked as repairs resolve.
    pub repair_callback_share: f64,
    /// A problem found at a callback: the written notice to the repair staff within (§4).
    pub notice_hours: i64,
    /// An incident's emergency patient: called back within this many days of its close (§4).
    pub medical_callback_days: i64,
    /// Final answer to a complaint at the latest (§2: one week).
    pub complaint_answer_days: i64,
    /// Written complaint: the written reply by the end of the next working day (§2).
    pub written_reply_working_days: i64,
    /// Consultation, help, suggestion, repair call: reply within 24 hours (§2).
    pub enquiry_reply_hours: i64,
    /// An open complaint becomes major after a month (§2).
    pub escalate_to_major_days: i64,
    /// A major incident with casualties, fire, flood, explosion, disaster, violence or crowd
    /// risk: reported upward "at once", within this many minutes (§5).
    pub incident_report_minutes: i64,
    /// Same room, same category within this many days is a repeat (§2, §3).
    pub repeat_window_days: i64,
    /// Around a shift change, this long either side, `handover show` and `sign` mean the
    /// handover from the ending shift to the starting one (DOMAIN.md §7).
    pub handover_window_minutes: i64,
    /// A deadline is "soon" in the last share of its window ...
    pub soon_share: f64,
    /// ... but never less than this many minutes before it.
    pub soon_min_minutes: i64,
    /// Inspection rounds (日常巡检) expected a day in each area and key location (§8: patrols
    /// and supervision rounds twice a day); 0: no rounds expected.
    pub patrols_per_day: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            dispatch_minutes: 7,
            arrival_minutes: 15,
            arrival_all_repairs: false,
            propose_minutes: 15,
            notify_developer_minutes: 5,
            appointment_lead_minutes: 5,
            resolution_hours: 24,
            difficult_resolution_hours: 48,
            major_resolution_hours: 72,
            repair_callback_days: 3,
            quality_callback_from_days: 30,
            quality_callback_to_days: 60,
            complaint_callback_days: 3,
            repair_callback_share: 0.30,
            notice_hours: 24,
            medical_callback_days: 7,
            complaint_answer_days: 7,
            written_reply_working_days: 1,
            enquiry_reply_hours: 24,
            escalate_to_major_days: 30,
            incident_report_minutes: 10,
            repeat_window_days: 30,
            handover_window_minutes: 30,
            soon_share: 0.25,
            soon_min_minutes: 1,
            patrols_per_day: 2,
        }
    }
}

impl Limits {
    /// A message naming the first limit that makes no sense, if any.
    pub fn check(&self) -> Result<(), String> {
        let positive = [
            ("dispatch_minutes", self.dispatch_minutes),
            ("arrival_minutes", self.arrival_minutes),
            ("propose_minutes", self.propose_minutes),
            ("notify_developer_minutes", self.notify_developer_minutes),
            ("resolution_hours", self.resolution_hours),
            (
                "difficult_resolution_hours",
                self.difficult_resolution_hours,
            ),
            ("major_resolution_hours", self.major_resolution_hours),
            ("repair_callback_days", self.repair_callback_days),
            (
                "quality_callback_from_days",
                self.quality_callback_from_days,
            ),
            ("quality_callback_to_days", self.quality_callback_to_days),
            ("complaint_callback_days", self.complaint_callback_days),
            ("notice_hours", self.notice_hours),
            ("medical_callback_days", self.medical_callback_days),
            ("complaint_answer_days", self.complaint_answer_days),
            (
                "written_reply_working_days",
                self.written_reply_working_days,
            ),
            ("enquiry_reply_hours", self.enquiry_reply_hours),
            ("escalate_to_major_days", self.escalate_to_major_days),
            ("incident_report_minutes", self.incident_report_minutes),
            ("repeat_window_days", self.repeat_window_days),
            ("handover_window_minutes", self.handover_window_minutes),
        ];
        for (name, value) in positive {
            if !(1..=10_000).contains(&value) {
                return Err(format!(
                    "rules.{name} must be between 1 and 10000, not {value}"
                ));
            }
        }
        if !(0..=1440).contains(&self.appointment_lead_minutes)
            || !(0..=1440).contains(&self.soon_min_minutes)
        {
            return Err("rules.appointment_lead_minutes and rules.soon_min_minutes must be between 0 and 1440".into());
        }
        if self.quality_callback_from_days >= self.quality_callback_to_days {
            return Err(format!(
                "rules.quality_callback_from_days ({}) must be less than rules.quality_callback_to_days ({})",
                self.quality_callback_from_days, self.quality_callback_to_days
            ));
        }
        if !(0.0..=1.0).contains(&self.repair_callback_share) {
            return Err(format!(
                "rules.repair_callback_share must be between 0 and 1, not {}",
                self.repair_callback_share
            ));
        }
        if self.patrols_per_day > MAX_PATROLS_PER_DAY {
            return Err(format!(
                "rules.patrols_per_day must be between 0 and {MAX_PATROLS_PER_DAY}, not {}",
                self.patrols_per_day
            ));
        }
        if !(0.0..=1.0).contains(&self.soon_share) {
            return Err(format!(
                "rules.soon_share must be between 0 and 1, not {}",
                self.soon_share
            ));
        }
        Ok(())
    }

    /// How long before `due` a deadline of this `window` turns "soon".
    pub fn soon_lead(&self, window: Duration) -> Duration {
        let share =
            Duration::milliseconds((window.num_milliseconds() as f64 * self.soon_share) as i64);
        share
            .max(Duration::minutes(self.soon_min_minutes))
            .min(window.max(Duration::zero()))
    }
}

/// Everything the deadline rules need besides the record: limits, calendar and the estate's zone.
#[derive(Debug, Clone)]
pub struct Policy {
    pub limits: Limits,
    pub calendar: Calendar,
    pub zone: Zone,
    /// The inspection areas and their check items (the defaults with the config's).
    pub areas: crate::domain::kinds::inspection::areas::Areas,
}

impl Policy {
    /// A policy with the default inspection areas (`with_areas` gives the config's).
    pub fn new(limits: Limits, calendar: Calendar, zone: Zone) -> Self {
        Self {
            limits,
            calendar,
            zone,
            areas: Default::default(),
        }
    }

    pub fn with_areas(self, areas: crate::domain::kinds::inspection::areas::Areas) -> Self {
        Self { areas, ..self }
    }
}
