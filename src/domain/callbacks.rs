//! Callbacks (回访, DOMAIN.md §4): which resolved repair owes one — mandatory when the owner
//! was not satisfied, did not rate or did not sign, else picked for the month's sample so that
//! at least `rules.repair_callback_share` of the month's repairs are called back — and the
//! records a callback or a repair call opens (a follow-up, a work order).

use super::action::Action;
use super::error::{Field, Problem, RuleError};
use super::kinds::*;
use super::record::{NewRecord, Record};
use super::rules::Limits;
use super::time::Zone;
use chrono::{DateTime, Duration, Utc};

/// Why a repair's callback is mandatory (§4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mandatory {
    Unsatisfied,
    NotRated,
    NotSigned,
}

impl Mandatory {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Unsatisfied => "unsatisfied",
            Self::NotRated => "not_rated",
            Self::NotSigned => "not_signed",
        }
    }
}

/// Whether a resolved repair owes a callback, and why: what the desk shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackNeed {
    Mandatory(Mandatory),
    Sample,
    None,
}

impl CallbackNeed {
    pub fn owed(self) -> CallbackOwed {
        match self {
            Self::Mandatory(_) => CallbackOwed::Mandatory,
            Self::Sample => CallbackOwed::Sample,
            Self::None => CallbackOwed::NotOwed,
        }
    }

    pub fn reason(self) -> Option<Mandatory> {
        match self {
            Self::Mandatory(why) => Some(why),
            _ => None,
        }
    }
}

/// The callback is mandatory when the owner was not satisfied, did not rate (or the rating
/// was not recorded) or did not sign (or it was not recorded).
pub fn mandatory(signed: Option<bool>, rating: Option<Rating>) -> Option<Mandatory> {
    match rating {
        Some(Rating::Unsatisfied) => Some(Mandatory::Unsatisfied),
        None | Some(Rating::Unrated) => Some(Mandatory::NotRated),
        Some(_) if signed != Some(true) => Some(Mandatory::NotSigned),
        Some(_) => None,
    }
}

/// A month's repairs so far: how many were resolved, how many of those owe a callback.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonthTally {
    pub resolved: u64,
    pub owed: u64,
}

impl MonthTally {
    /// The decision for one more repair resolved in the month: mandatory if it must be;
    /// else picked for the sample when the month's share would otherwise fall below `share`.
    pub fn decide(self, mandatory: bool, share: f64) -> CallbackOwed {
        if mandatory {
            return CallbackOwed::Mandatory;
        }
        if below(self.owed, self.resolved + 1, share) {
            CallbackOwed::Sample
        } else {
            CallbackOwed::NotOwed
        }
    }

    /// The month after one more repair with this decision.
    pub fn count(self, decision: CallbackOwed) -> Self {
        Self {
            resolved: self.resolved + 1,
            owed: self.owed + u64::from(decision != CallbackOwed::NotOwed),
        }
    }

    /// The month's share of repairs owing a callback is at least `share`.
    pub fn keeps(self, share: f64) -> bool {
        !below(self.owed, self.resolved, share)
    }
}

/// `owed / resolved < share`, in whole millionths (no rounding at the edge).
fn below(owed: u64, resolved: u64, share: f64) -> bool {
    let millionths = (share.clamp(0.0, 1.0) * 1_000_000.0).round() as u64;
    owed * 1_000_000 < millionths * resolved
}

/// Refuses, naming the field, what a step gives that the record does not take: a work
/// order's completion on a call, a complaint's result on a repair, a callback where none is
/// owed. Everything else is the record's rules' (`Record::apply`).
pub fn check_fields(record: &Record, action: &Action) -> Result<(), RuleError> {
    let not_here = |field| Err(RuleError::field(field, Problem::NotForThisKind));
    match (action, record.kind()) {
        (
            Action::Resolve {
                fee,
                signed,
                rating,
                work,
                materials,
                ..
            },
            k,
        ) if k.props().resolve_result => {
            for (field, given) in [
                (Field::Fee, fee.is_some()),
                (Field::Signed, signed.is_some()),
                (Field::Rating, rating.is_some()),
                (Field::Work, work.is_some()),
                (Field::Materials, materials.is_some()),
            ] {
                if given {
                    return not_here(field);
                }
            }
            Ok(())
        }
        (
            Action::Resolve {
                result: Some(_), ..
            },
            k,
        ) if !k.props().resolve_result => not_here(Field::Result),
        // A quality follow-up: `check_quality`.
        (Action::Callback { quality: true, .. }, k) if !k.props().quality_follow_up => {
            not_here(Field::Quality)
        }
        (Action::Callback { quality: true, .. }, _) => Ok(()),
        // Resolved, and the callback not owed or already made.
        (Action::Callback { .. }, _)
            if record.resolved_at.is_some()
                && !record.is_voided()
                && record.status != super::record::Status::Resolved =>
        {
            Err(RuleError::field(Field::Callback, Problem::NoCallbackOwed))
        }
        _ => Ok(()),
    }
}

/// A repair's quality follow-up window (质量回访, §4: one to two months after): it opens
/// `quality_callback_from_days` after the resolve and is due `quality_callback_to_days` after.
pub fn quality_window(resolved: DateTime<Utc>, limits: &Limits) -> (DateTime<Utc>, DateTime<Utc>) {
    (
        resolved + Duration::days(limits.quality_callback_from_days),
        resolved + Duration::days(limits.quality_callback_to_days),
    )
}

/// A repair whose quality follow-up is owed and not yet made (it owed a callback at its
/// resolve): when it was resolved. None for any other record.
pub fn quality_owed(record: &Record) -> Option<DateTime<Utc>> {
    if record.is_voided() || !record.rules().quality_owed() {
        return None;
    }
    record.resolved_at
}

/// When a repair's quality follow-up was made, if it was.
pub fn quality_made(record: &Record) -> Option<DateTime<Utc>> {
    record.rules().quality_made()
}

/// A quality follow-up at `at` on a repair: refused (naming the field) when none is owed (no
/// callback was owed, not resolved, or already made) or its window has not opened yet.
pub fn check_quality(
    record: &Record,
    action: &Action,
    at: DateTime<Utc>,
    limits: &Limits,
) -> Result<(), RuleError> {
    let Action::Callback { quality: true, .. } = action else {
        return Ok(());
    };
    let Some(resolved) = quality_owed(record) else {
        return Err(RuleError::field(Field::Quality, Problem::NoCallbackOwed));
    };
    if at < quality_window(resolved, limits).0 {
        return Err(RuleError::field(Field::Quality, Problem::QualityNotYet));
    }
    Ok(())
}

/// Whether this callback opens a follow-up: the owner was reached and not satisfied (a
/// callback recorded before tries were told apart opens none).
pub fn opens_follow_up(action: &Action) -> Option<CallbackForm> {
    match action {
        Action::Callback {
            form,
            satisfaction: Satisfaction::Unsatisfied,
            reached: Some(true),
            follow_up: None,
            ..
        } => Some(*form),
        _ => None,
    }
}

/// The month a repair resolved at `at` counts in: the estate's local calendar month, `2026-11`.
pub fn month_key(at: DateTime<Utc>, zone: Zone) -> String {
    at.with_timezone(&zone).format("%Y-%m").to_string()
}

/// The record an unsatisfied callback on `record` opens: a repair for a repair, a complaint
/// (by the callback's form) for a complaint, from the same place and people
/// (`KindRules::follow_up`). None for any other record.
pub fn follow_up(record: &Record, form: CallbackForm) -> Option<NewRecord> {
    let details = record.rules().follow_up(record, form)?;
    Some(NewRecord {
        details,
        ..record.new.clone()
    })
}

/// The work order (《日常报修单》) written from a repair call: the same summary, room, caller
/// and phone; the category given, else the one its words suggest, else general; the location
/// given, else the call's, else its room. Refused (naming the field) for any other call.
pub fn work_order(
    call: &Record,
    category: Option<&str>,
    location: Option<String>,
) -> Result<NewRecord, RuleError> {
    // The category is read first: a misspelt one is named whatever the call.
    let details = found_details(category, &call.new.summary)?;
    if !call.rules().takes_work_order() {
        return Err(RuleError::field(Field::CallKind, Problem::OnlyRepairCall));
    }
    let n = &call.new;
    let location = location
        .or_else(|| n.location.clone())
        .or_else(|| n.room.clone())
        .ok_or(RuleError::field(Field::Location, Problem::Empty))?;
    Ok(NewRecord {
        details,
        summary: n.summary.clone(),
        room: n.room.clone(),
        location: Some(location),
        phone: n.phone.clone(),
        name: n.name.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mandatory_unless_satisfied_or_neutral_and_signed() {
        use Rating::*;
        assert_eq!(mandatory(None, None), Some(Mandatory::NotRated));
        assert_eq!(
            mandatory(Some(true), Some(Unrated)),
            Some(Mandatory::NotRated)
        );
        assert_eq!(
            mandatory(Some(true), Some(Unsatisfied)),
            Some(Mandatory::Unsatisfied)
        );
        assert_eq!(
            mandatory(Some(false), Some(Satisfied)),
            Some(Mandatory::NotSigned)
        );
        assert_eq!(mandatory(None, Some(Neutral)), Some(Mandatory::NotSigned));
        assert_eq!(mandatory(Some(true), Some(Satisfied)), None);
        assert_eq!(mandatory(Some(true), Some(Neutral)), None);
    }

    #[test]
    fn the_sample_picks_three_in_ten_when_nothing_is_mandatory() {
        let mut month = MonthTally::default();
        let mut picks = Vec::new();
        for _ in 0..10 {
            let d = month.decide(false, 0.30);
            picks.push(d == CallbackOwed::Sample);
            month = month.count(d);
        }
        assert_eq!(
            month,
            MonthTally {
                resolved: 10,
                owed: 3
            }
        );
        // The first of the month is picked (0 of 1 would be below 30 %), then as needed.
        assert!(picks[0]);
        assert_eq!(picks.iter().filter(|p| **p).count(), 3);
    }

    #[test]
    fn mandatory_callbacks_count_towards_the_share() {
        let month = MonthTally {
            resolved: 3,
            owed: 3,
        };
        assert_eq!(month.decide(false, 0.30), CallbackOwed::NotOwed);
        assert_eq!(month.decide(true, 0.30), CallbackOwed::Mandatory);
        assert_eq!(
            MonthTally::default().decide(false, 0.0),
            CallbackOwed::NotOwed
        );
        assert_eq!(
            MonthTally {
                resolved: 5,
                owed: 5
            }
            .decide(false, 1.0),
            CallbackOwed::Sample
        );
    }

    #[test]
    fn the_month_is_the_local_calendar_month() {
        let zone: Zone = "Asia/Shanghai".parse().unwrap();
        let at = "2026-11-30T16:30:00Z".parse().unwrap(); // 00:30 on 1 December there
        assert_eq!(month_key(at, zone), "2026-12");
    }

    proptest! {
        /// Over any month (any mix of mandatory ones, any share), the share of the month's
        /// repairs owing a callback never falls below the share after any resolve.
        #[test]
        fn the_month_never_falls_below_the_share(
            share in 0.0f64..=1.0,
            mandatory in proptest::collection::vec(proptest::bool::weighted(0.3), 1..400),
        ) {
            let mut month = MonthTally::default();
            for m in mandatory {
                month = month.count(month.decide(m, share));
                prop_assert!(month.keeps(share), "{month:?} below {share}");
            }
        }

        /// And it picks no more than it must: without the last sample pick the month would
        /// have been below the share.
        #[test]
        fn the_sample_picks_only_what_the_share_needs(
            share in 0.0f64..=1.0,
            mandatory in proptest::collection::vec(proptest::bool::weighted(0.3), 1..400),
        ) {
            let mut month = MonthTally::default();
            for m in mandatory {
                let d = month.decide(m, share);
                if d == CallbackOwed::Sample {
                    prop_assert!(!month.count(CallbackOwed::NotOwed).keeps(share));
                }
                month = month.count(d);
            }
        }
    }
}
