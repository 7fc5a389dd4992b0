//! When each demo record comes in and what it is: the kinds' daily rhythm (the duty log's
//! rounds), random records of every kind, and the scripted scenes placed relative to "now".

use super::{Demo, at};
use crate::domain::time::{local, local_date};
use crate::domain::*;
use chrono::{NaiveTime, Timelike};

/// Records per day of one estate; more records than this stretch the demo further back...
const PER_DAY: f64 = 45.0;
/// ... up to the three years records are kept (DOMAIN.md §8).
const MAX_DAYS: f64 = 3.0 * 365.0 + 1.0;
/// A scripted record, placed relative to "now", so that the desk always has these to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scene {
    /// Elevator entrapment a few minutes ago, not yet dispatched: dispatch soon.
    Entrapment,
    /// Burst pipe, dispatched: arrival soon.
    BurstPipe,
    /// Public-area repair whose technician has not arrived: overdue.
    GarageLights,
    /// Power fault being worked on, assessed difficult.
    PowerOnSite,
    /// Heating riser leak, technician on site.
    HeatingOnSite,
    /// Ordinary repair open more than 24 h: resolution overdue.
    DrainOverdue,
    /// Resolved more than 3 days ago, no callback yet: overdue.
    CallbackOverdue,
    /// Consultation nearly 24 h old, unanswered: reply soon.
    ConsultationSoon,
    /// Complaint from yesterday afternoon without a first reply: overdue.
    NoFirstReply,
    /// Letter complaint answered by phone but still owed its written reply: overdue.
    LetterNoWrittenReply,
    /// Complaint open more than 30 days: escalated to major.
    Escalated,
    /// A repair, closed ...
    RepeatFirst,
    /// ... and the same fault in the same room again (二次维修).
    RepeatSecond,
    /// A false alarm, voided.
    VoidedFalseAlarm,
    /// A consultation logged twice, voided.
    VoidedDuplicate,
    /// A paid repair with tomorrow's appointment.
    PaidAppointment,
    /// An anonymous complaint: no callback owed.
    Anonymous,
    /// A resolved complaint waiting for its callback.
    ComplaintCallback,
}

impl Scene {
    const ALL: &'static [Scene] = &[
        Self::Entrapment,
        Self::BurstPipe,
        Self::GarageLights,
        Self::PowerOnSite,
        Self::HeatingOnSite,
        Self::DrainOverdue,
        Self::CallbackOverdue,
        Self::ConsultationSoon,
        Self::NoFirstReply,
        Self::LetterNoWrittenReply,
        Self::Escalated,
        Self::RepeatFirst,
        Self::RepeatSecond,
        Self::VoidedFalseAlarm,
        Self::VoidedDuplicate,
        Self::PaidAppointment,
        Self::Anonymous,
        Self::ComplaintCallback,
    ];
}

#[derive(Debug, Clone, Copy)]
pub(super) enum What {
    /// A random record, or one of its kind's daily ones (`domain::kinds::demo`).
    Random(DemoSample),
    Scene(Scene),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    /// When it came in (seconds since the epoch).
    pub(super) at: i64,
    pub(super) what: What,
}

impl Demo<'_> {
    /// When every record comes in, and what it is; sorted by time.
    pub(super) fn plan(&mut self, count: usize) -> Vec<Plan> {
        let now = self.now.timestamp();
        let days = (count as f64 / PER_DAY).clamp(1.0, MAX_DAYS);
        let start = now - (days * 86_400.0) as i64;
        let mut plans = Vec::with_capacity(count);
        if count >= 60 {
            for scene in Scene::ALL {
                plans.push(Plan {
                    at: self.scene_time(*scene),
                    what: What::Scene(*scene),
                });
            }
        }
        // The kinds' daily rhythm (the duty log's rounds), newest days first when there is
        // room for only some.
        let daily = DemoSample::daily();
        let zone = self.policy.zone;
        let budget = (count - plans.len()) / 4;
        let mut day = local_date(self.now, zone);
        let mut scheduled = Vec::new();
        'days: while !daily.is_empty() && scheduled.len() < budget {
            for (hour, minute, sample) in daily.iter().rev() {
                let Some(t) = local(day.and_time(NaiveTime::MIN), zone) else {
                    continue;
                };
                let t = t.timestamp()
                    + i64::from(*hour) * 3600
                    + i64::from(*minute) * 60
                    + self.rng.range(-300, 600);
                if t < start {
                    break 'days;
                }
                if t <= now - 60 && scheduled.len() < budget {
                    scheduled.push(Plan {
                        at: t,
                        what: What::Random(*sample),
                    });
                }
            }
            day = day.pred_opt().expect("a date before");
        }
        plans.extend(scheduled);
        // Everything else comes in at random, less often in the small hours; the first few of
        // each kind may cover all its categories (`DemoKind::vary`).
        let random = DemoSample::random();
        let span = (now - 60 - start).max(1) as u64;
        let mut drawn = [0usize; RecordKind::ALL.len()];
        while plans.len() < count {
            let mut t = start + self.rng.below(span) as i64;
            for _ in 0..2 {
                let hour = at(t).with_timezone(&zone).hour();
                if hour < 7 && self.rng.chance(0.7) {
                    t = start + self.rng.below(span) as i64;
                }
            }
            let sample = self.rng.weighted(&random);
            let kind = sample.kind();
            let n = RecordKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
            let what = What::Random(sample.vary(drawn[n], &mut self.rng));
            drawn[n] += 1;
            plans.push(Plan { at: t, what });
        }
        plans.sort_by_key(|p| p.at);
        plans
    }

    fn scene_time(&mut self, scene: Scene) -> i64 {
        let now = self.now.timestamp();
        let (m, h, d) = (60, 3600, 86_400);
        // Scenes days or hours old need not fall on the minute of "now".
        let jitter = self.rng.range(-25, 25) * 60 + self.rng.range(0, 59);
        match scene {
            Scene::Entrapment => now - 6 * m,
            Scene::BurstPipe => now - 13 * m,
            Scene::GarageLights => now - 50 * m,
            Scene::PowerOnSite => now - 3 * h + jitter,
            Scene::HeatingOnSite => now - 25 * m,
            Scene::DrainOverdue => now - 30 * h + jitter,
            Scene::CallbackOverdue => now - 4 * d + jitter,
            Scene::ConsultationSoon => now - 22 * h + jitter,
            Scene::NoFirstReply => {
                // Yesterday at 16:20 local time.
                let zone = self.policy.zone;
                let yesterday = local_date(self.now, zone).pred_opt().expect("a date");
                local(yesterday.and_hms_opt(16, 20, 0).expect("a time"), zone)
                    .map(|t| t.timestamp())
                    .unwrap_or(now - 20 * h)
            }
            Scene::LetterNoWrittenReply => now - 5 * d + jitter,
            Scene::Escalated => now - 33 * d + jitter,
            Scene::RepeatFirst => now - 6 * d + jitter,
            Scene::RepeatSecond => now - 40 * m,
            Scene::VoidedFalseAlarm => now - 2 * h + jitter,
            Scene::VoidedDuplicate => now - 7 * h + jitter,
            Scene::PaidAppointment => now - 5 * h + jitter,
            Scene::Anonymous => now - 9 * h + jitter,
            Scene::ComplaintCallback => now - 2 * d + jitter,
        }
    }
}
