//! The figures of a review period read from the store: what `report` prints and the desk's
//! reviews view draws, computed once here (`domain::report*` on the records of the period).

use super::{Damaged, ListQuery, Result, Store};
use crate::domain::Policy;
use crate::domain::kinds::inspection::rounds;
use crate::domain::report::{HandoverCounts, Report, compile};
use crate::domain::report_complaints::analyse;
use crate::domain::report_daily::{HandoverLine, daily_lists};
use crate::domain::report_period::Span;
use crate::domain::shift::{ShiftDef, shift_at};
use crate::domain::time::{rfc3339, start_of};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

/// A period's report, and the records left out of it because their history cannot be read.
#[derive(Debug, Clone)]
pub struct Figures {
    pub report: Report,
    pub damaged: Vec<Damaged>,
}

impl Store {
    /// The report of the `span` containing `date`, as it stands at `now`.
    pub fn report_figures(
        &self,
        span: Span,
        date: NaiveDate,
        defs: &[ShiftDef],
        policy: &Policy,
        now: DateTime<Utc>,
    ) -> Result<Figures> {
        let zone = policy.zone;
        let (first, last) = span.days(date);
        let (from, until) = (
            start_of(first, zone),
            start_of(last + Duration::days(1), zone),
        );
        let mut q = ListQuery::new(now);
        q.since = Some(from);
        q.until = Some(until);
        q.limit = None;
        let received = self.listed(&q)?;
        // Records received and resolved in the period are folded once.
        let resolved = self.resolved_between_reusing(from, until, &received.records)?;
        let mut damaged = received.damaged.clone();
        let mut note = |more: Vec<Damaged>| {
            for d in more {
                if !damaged.contains(&d) {
                    damaged.push(d);
                }
            }
        };
        note(resolved.damaged.clone());
        let mut report = compile(
            &first.to_string(),
            &last.to_string(),
            &received.records,
            &resolved.records(&received.records),
            policy,
            now,
        );
        let (counts, late_handovers) = self.handover_counts(defs, policy, from, until.min(now))?;
        report.handovers = counts;
        if span == Span::Monthly {
            report.callback_problems = Some(crate::domain::report_followups::callback_problems(
                &received.records,
                policy,
            ));
        }
        if span == Span::Monthly && self.has_directory()? {
            let jan1 = NaiveDate::from_ymd_opt(first.year(), 1, 1).expect("1 January exists");
            let rows = self.yearly_callbacks(start_of(jan1, zone), until)?;
            // An estate without households in its directory has no such figure.
            if !rows.is_empty() {
                report.household_callbacks = Some(
                    crate::domain::residents::yearly::YearlyRate::of(first.year(), &rows),
                );
            }
        }
        if matches!(span, Span::Weekly | Span::Quarterly | Span::Yearly) {
            report.complaint_analysis = Some(analyse(&received.records, policy, now));
        }
        if span == Span::Daily {
            // Deadlines start at most a month and a fortnight before they fall due (a
            // complaint's escalation month, then its answer and callback): only records since
            // then are read.
            let lookback = Duration::days(policy.limits.escalate_to_major_days + 14);
            let candidates = self.due_candidates(from, until, from - lookback)?;
            note(candidates.damaged);
            let mut lists = daily_lists(
                &received.records,
                &candidates.records,
                from,
                until,
                policy,
                now,
            );
            lists.late_handovers = late_handovers;
            let walked = self.rounds_between(from, until, now)?;
            note(walked.damaged);
            lists.rounds = Some(rounds::day(
                &walked.records,
                first,
                policy,
                policy.areas.all(),
            ));
            report.daily = Some(lists);
        }
        Ok(Figures { report, damaged })
    }

    /// Every shift change in [from, until): signed in its window, signed late, or not signed;
    /// and those signed late or not at all.
    fn handover_counts(
        &self,
        defs: &[ShiftDef],
        policy: &Policy,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<(HandoverCounts, Vec<HandoverLine>)> {
        let window = Duration::minutes(policy.limits.handover_window_minutes);
        let mut counts = HandoverCounts::default();
        let mut lines = Vec::new();
        let zone = policy.zone;
        let mut shift = shift_at(defs, from, zone);
        if shift.start < from {
            shift = shift_at(defs, shift.end, zone);
        }
        while shift.start < until {
            counts.shift_changes += 1;
            let handover = self.handover_at(shift.start)?;
            let id = handover.as_ref().map(|h| h.id.to_string());
            let line = |state: &str, at: Option<String>| HandoverLine {
                shift_start: rfc3339(shift.start, zone),
                state: state.to_string(),
                id: id.clone(),
                signed_at: at,
            };
            match handover.and_then(|h| h.signature().cloned()) {
                Some(sig) if sig.at <= shift.start + window => counts.signed_on_time += 1,
                Some(sig) => {
                    counts.signed_late += 1;
                    lines.push(line("late", Some(rfc3339(sig.at, zone))));
                }
                None => {
                    counts.not_signed += 1;
                    lines.push(line("not_signed", None));
                }
            }
            shift = shift_at(defs, shift.end, zone);
        }
        Ok((counts, lines))
    }
}
