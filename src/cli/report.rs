//! `dutydesk report daily|weekly|monthly` and `dutydesk export`.

use super::CliError;
use super::args::Period;
use super::output::print_json;
use crate::desk::Desk;
use crate::domain::deadline::DeadlineName;
use crate::domain::report::{HandoverCounts, Report, compile};
use crate::domain::shift::shift_at;
use crate::domain::time::{local_date, parse_date, start_of};
use crate::domain::*;
use crate::i18n::report::ReportWord as W;
use crate::i18n::{Label, Lang, fit};
use crate::store::{ListQuery, Store};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;

/// First and last day (inclusive) of the period containing `date`.
fn period_days(period: Period, date: NaiveDate) -> (NaiveDate, NaiveDate) {
    match period {
        Period::Daily => (date, date),
        Period::Weekly => {
            let monday = date - Duration::days(date.weekday().num_days_from_monday() as i64);
            (monday, monday + Duration::days(6))
        }
        Period::Monthly => {
            let first = date.with_day(1).expect("day 1 exists");
            let next = if first.month() == 12 {
                NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
            }
            .expect("the first of a month exists");
            (first, next - Duration::days(1))
        }
    }
}

pub fn report(
    store: &Store,
    desk: &Desk,
    period: Period,
    date: Option<&str>,
    json: bool,
) -> Result<(), CliError> {
    let now = desk.clock.now();
    let zone = desk.policy.zone;
    let date = match date {
        Some(d) => parse_date(Field::Date, d)?,
        None => local_date(now, zone) - Duration::days(1),
    };
    let (first, last) = period_days(period, date);
    let (from, until) = (
        start_of(first, zone),
        start_of(last + Duration::days(1), zone),
    );
    let mut q = ListQuery::new(now);
    q.since = Some(from);
    q.until = Some(until);
    q.limit = None;
    // Records whose history cannot be read are left out of the figures and named at the end.
    let received = store.listed(&q)?;
    let resolved = store.resolved_between(from, until)?;
    let mut damaged = received.damaged;
    for d in resolved.damaged {
        if !damaged.contains(&d) {
            damaged.push(d);
        }
    }
    let mut report = compile(
        &first.to_string(),
        &last.to_string(),
        &received.records,
        &resolved.records,
        &desk.policy,
        now,
    );
    report.handovers = handover_counts(store, desk, from, until.min(now))?;
    if json {
        print_json(&serde_json::to_value(&report).expect("reports serialise"));
    } else {
        print_report(desk, &report);
    }
    super::output::damaged_failure(&damaged, desk)
}

/// Every shift change in [from, until): signed in its window, signed late, or not signed.
fn handover_counts(
    store: &Store,
    desk: &Desk,
    from: chrono::DateTime<chrono::Utc>,
    until: chrono::DateTime<chrono::Utc>,
) -> Result<HandoverCounts, CliError> {
    let defs = desk.shift_defs();
    let window = Duration::minutes(desk.policy.limits.handover_window_minutes);
    let mut counts = HandoverCounts::default();
    let mut shift = shift_at(&defs, from, desk.policy.zone);
    if shift.start < from {
        shift = shift_at(&defs, shift.end, desk.policy.zone);
    }
    while shift.start < until {
        counts.shift_changes += 1;
        match store
            .handover_at(shift.start)?
            .and_then(|h| h.signature().cloned())
        {
            Some(sig) if sig.at <= shift.start + window => counts.signed_on_time += 1,
            Some(_) => counts.signed_late += 1,
            None => counts.not_signed += 1,
        }
        shift = shift_at(&defs, shift.end, desk.policy.zone);
    }
    Ok(counts)
}

/// The label of a slug of type `T`, or the slug itself.
fn label_of<T: Slug + Label>(lang: Lang, slug: &str) -> String {
    match T::parse_slug(slug) {
        Some(v) => v.label(lang).to_string(),
        // Complaints not yet classified are counted under this key (`Report`).
        None if slug == "unclassified" => W::Unclassified.s(lang).to_string(),
        None => slug.to_string(),
    }
}

fn counts<T: Slug + Label>(lang: Lang, map: &BTreeMap<String, usize>) -> String {
    if map.is_empty() {
        return "-".to_string();
    }
    map.iter()
        .map(|(k, n)| format!("{} {n}", label_of::<T>(lang, k)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_report(desk: &Desk, r: &Report) {
    let lang = desk.lang;
    let row = |title: &str, value: String| println!("{}{value}", fit(title, 24));
    println!("{} {} ~ {}", W::Report.s(lang), r.from, r.to);
    row(
        W::Records.s(lang),
        format!(
            "{} ({} {}, {} {})",
            r.records,
            W::Voided.s(lang),
            r.voided,
            W::Repeats.s(lang),
            r.repeats
        ),
    );
    row(
        W::DutyLog.s(lang),
        counts::<LogCategory>(lang, &r.log_by_category),
    );
    row(
        W::CallsByKind.s(lang),
        counts::<CallKind>(lang, &r.calls_by_kind),
    );
    row(
        W::CallsByChannel.s(lang),
        counts::<Channel>(lang, &r.calls_by_channel),
    );
    row(
        W::ComplaintsByClass.s(lang),
        counts::<ComplaintClass>(lang, &r.complaints_by_class),
    );
    row(
        W::Repairs.s(lang),
        format!(
            "{} ({} {})",
            counts::<RepairCategory>(lang, &r.repairs_by_category),
            W::Urgent.s(lang),
            r.urgent_repairs
        ),
    );
    println!("{}", W::Deadlines.s(lang));
    for (name, k) in &r.deadlines {
        let title = DeadlineName::parse(name)
            .map(|n| n.label(lang))
            .unwrap_or(name);
        println!(
            "  {}{} / {} / {} / {}",
            fit(title, 22),
            k.met,
            k.missed,
            k.open_overdue,
            k.open
        );
    }
    for (title, c) in [
        (W::ComplaintCallbacks.s(lang), &r.complaint_callbacks),
        (W::RepairCallbacks.s(lang), &r.repair_callbacks),
    ] {
        let rate = c
            .rate
            .map(|x| format!("{x}%"))
            .unwrap_or_else(|| "-".into());
        row(
            title,
            format!(
                "{}/{} = {} ({} {}%; {} {}; {} {})",
                c.called_back,
                c.resolved,
                rate,
                W::Target.s(lang),
                c.target,
                W::Owed.s(lang),
                c.owed,
                W::OnSite.s(lang),
                c.on_site
            ),
        );
    }
    let c = &r.complaint_callbacks;
    row(
        W::SignedVisits.s(lang),
        format!(
            "{}/{} = {} ({} {}%)",
            c.signed_visits,
            c.called_back,
            c.signed_visit_rate
                .map(|x| format!("{x}%"))
                .unwrap_or_else(|| "-".into()),
            W::Target.s(lang),
            crate::domain::report::SIGNED_VISIT_TARGET
        ),
    );
    row(W::QualityCallbacks.s(lang), r.quality_callbacks.to_string());
    row(
        W::Satisfaction.s(lang),
        counts::<Satisfaction>(lang, &r.satisfaction),
    );
    let h = &r.handovers;
    row(
        W::ShiftChanges.s(lang),
        format!(
            "{} ({} {}, {} {}, {} {})",
            h.shift_changes,
            W::SignedOnTime.s(lang),
            h.signed_on_time,
            W::SignedLate.s(lang),
            h.signed_late,
            W::NotSigned.s(lang),
            h.not_signed
        ),
    );
}
