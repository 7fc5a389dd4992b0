//! `dutydesk report daily|weekly|monthly` and `dutydesk export`.

use super::CliError;
use super::args::Period;
use super::output::print_json;
use crate::desk::Desk;
use crate::domain::deadline::DeadlineName;
use crate::domain::report::{HandoverCounts, Report, compile};
use crate::domain::report_complaints::{ComplaintAnalysis, analyse};
use crate::domain::report_daily::{DailyLists, HandoverLine, daily_lists};
use crate::domain::shift::shift_at;
use crate::domain::time::{local_date, parse_date, rfc3339, start_of};
use crate::domain::*;
use crate::i18n::report::ReportWord as W;
use crate::i18n::{Label, Lang, fit};
use crate::store::{ListQuery, Store};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;

/// Which period: a day in it (`--date`), or for a quarter or a year, that quarter or year.
#[derive(Debug, Clone, Copy, Default)]
pub struct When<'a> {
    pub date: Option<&'a str>,
    pub quarter: Option<&'a str>,
    pub year: Option<&'a str>,
}

fn bad(field: Field, text: &str, allowed: &str) -> CliError {
    RuleError::field(
        field,
        Problem::NotOneOf {
            text: text.trim().to_string(),
            allowed: allowed.to_string(),
        },
    )
    .into()
}

/// A year of 2000 to 2099 (the range every date of the desk is kept in).
fn parse_year(field: Field, text: &str) -> Result<i32, CliError> {
    match text.trim().parse::<i32>() {
        Ok(y) if (2000..=2099).contains(&y) && text.trim().len() == 4 => Ok(y),
        _ => Err(bad(field, text, "2000 … 2099")),
    }
}

/// The first day of `2026Q4` (Q or q, quarters 1 to 4).
fn parse_quarter(text: &str) -> Result<NaiveDate, CliError> {
    let t = text.trim();
    let allowed = "YYYYQ1 … YYYYQ4, e.g. 2026Q4";
    let Some((y, q)) = t.split_once(['Q', 'q']) else {
        return Err(bad(Field::Quarter, text, allowed));
    };
    let year = parse_year(Field::Quarter, y).map_err(|_| bad(Field::Quarter, text, allowed))?;
    match q {
        "1" | "2" | "3" | "4" => {
            let q: u32 = q.parse().expect("one digit");
            Ok(NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1).expect("a quarter's first day"))
        }
        _ => Err(bad(Field::Quarter, text, allowed)),
    }
}

/// The day the period is chosen by: `--quarter` or `--year` (only with their period), else
/// `--date`, else yesterday.
fn period_date(desk: &Desk, period: Period, when: When) -> Result<NaiveDate, CliError> {
    if when.quarter.is_some() && period != Period::Quarterly {
        return Err(bad(
            Field::Quarter,
            when.quarter.unwrap_or(""),
            "report quarterly",
        ));
    }
    if when.year.is_some() && period != Period::Yearly {
        return Err(bad(Field::Year, when.year.unwrap_or(""), "report yearly"));
    }
    if let Some(q) = when.quarter {
        return parse_quarter(q);
    }
    if let Some(y) = when.year {
        let year = parse_year(Field::Year, y)?;
        return Ok(NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January exists"));
    }
    Ok(match when.date {
        Some(d) => parse_date(Field::Date, d)?,
        None => local_date(desk.clock.now(), desk.policy.zone) - Duration::days(1),
    })
}

/// The first day of the month `months` after the one of `first`.
fn months_later(first: NaiveDate, months: u32) -> NaiveDate {
    let m0 = first.year() * 12 + first.month0() as i32 + months as i32;
    NaiveDate::from_ymd_opt(m0.div_euclid(12), m0.rem_euclid(12) as u32 + 1, 1)
        .expect("the first of a month exists")
}

/// First and last day (inclusive) of the period containing `date`.
fn period_days(period: Period, date: NaiveDate) -> (NaiveDate, NaiveDate) {
    match period {
        Period::Quarterly => {
            let first = NaiveDate::from_ymd_opt(date.year(), date.month0() / 3 * 3 + 1, 1)
                .expect("a quarter's first day");
            (first, months_later(first, 3) - Duration::days(1))
        }
        Period::Yearly => {
            let first = NaiveDate::from_ymd_opt(date.year(), 1, 1).expect("1 January exists");
            (first, months_later(first, 12) - Duration::days(1))
        }
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
    when: When,
    json: bool,
) -> Result<(), CliError> {
    let now = desk.clock.now();
    let zone = desk.policy.zone;
    let date = period_date(desk, period, when)?;
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
    let mut damaged = received.damaged.clone();
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
    let (counts, late_handovers) = handover_counts(store, desk, from, until.min(now))?;
    report.handovers = counts;
    if period == Period::Monthly && store.has_directory()? {
        let jan1 = NaiveDate::from_ymd_opt(first.year(), 1, 1).expect("1 January exists");
        let rows = store.yearly_callbacks(start_of(jan1, zone), until)?;
        // An estate without households in its directory has no such figure.
        if !rows.is_empty() {
            report.household_callbacks = Some(crate::domain::residents::yearly::YearlyRate::of(
                first.year(),
                &rows,
            ));
        }
    }
    if matches!(period, Period::Weekly | Period::Quarterly | Period::Yearly) {
        report.complaint_analysis = Some(analyse(&received.records, &desk.policy, now));
    }
    if period == Period::Daily {
        // Deadlines start at most a month and a fortnight before they fall due (a complaint's
        // escalation month, then its answer and callback): only records since then are read.
        let lookback = Duration::days(desk.policy.limits.escalate_to_major_days + 14);
        let candidates = store.due_candidates(from, until, from - lookback)?;
        for d in candidates.damaged {
            if !damaged.contains(&d) {
                damaged.push(d);
            }
        }
        let mut lists = daily_lists(
            &received.records,
            &candidates.records,
            from,
            until,
            &desk.policy,
            now,
        );
        lists.late_handovers = late_handovers;
        report.daily = Some(lists);
    }
    if json {
        print_json(&serde_json::to_value(&report).expect("reports serialise"));
    } else {
        print_report(desk, &report);
    }
    super::output::damaged_failure(&damaged, desk)
}

/// Every shift change in [from, until): signed in its window, signed late, or not signed; and
/// those signed late or not at all.
fn handover_counts(
    store: &Store,
    desk: &Desk,
    from: chrono::DateTime<chrono::Utc>,
    until: chrono::DateTime<chrono::Utc>,
) -> Result<(HandoverCounts, Vec<HandoverLine>), CliError> {
    let defs = desk.shift_defs();
    let window = Duration::minutes(desk.policy.limits.handover_window_minutes);
    let mut counts = HandoverCounts::default();
    let mut lines = Vec::new();
    let zone = desk.policy.zone;
    let mut shift = shift_at(&defs, from, desk.policy.zone);
    if shift.start < from {
        shift = shift_at(&defs, shift.end, desk.policy.zone);
    }
    while shift.start < until {
        counts.shift_changes += 1;
        let handover = store.handover_at(shift.start)?;
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
        shift = shift_at(&defs, shift.end, desk.policy.zone);
    }
    Ok((counts, lines))
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
    if let Some(y) = &r.household_callbacks {
        row(
            crate::i18n::residents::yearly::title(lang),
            crate::i18n::residents::yearly::rate(lang, y),
        );
    }
    if let Some(d) = &r.daily {
        print_daily(desk, d);
    }
    if let Some(c) = &r.complaint_analysis {
        print_complaints(desk, c);
    }
}

/// The complaint analysis of a week, quarter or year: recurring problems first.
fn print_complaints(desk: &Desk, c: &ComplaintAnalysis) {
    use crate::domain::text::sanitize_line;
    let lang = desk.lang;
    let row = |title: &str, value: String| println!("{}{value}", fit(title, 24));
    println!("{}", W::ComplaintAnalysis.s(lang));
    println!("{}", W::Recurring.s(lang));
    if c.recurring.is_empty() {
        println!("  {}", W::NoneListed.s(lang));
    }
    for p in &c.recurring {
        println!(
            "  {} {} {}: {} ({})",
            sanitize_line(&p.place),
            p.count,
            W::Times.s(lang),
            p.ids.join(", "),
            p.category
        );
    }
    row(
        W::Complaints.s(lang),
        format!("{} ({} {})", c.complaints, W::Repeats.s(lang), c.repeats),
    );
    row(
        W::ComplaintsByClass.s(lang),
        counts::<ComplaintClass>(lang, &c.by_class),
    );
    let buildings = c
        .by_building
        .iter()
        .map(|(b, n)| match b.as_str() {
            "none" => format!("{} {n}", W::NoRoom.s(lang)),
            b => match lang {
                Lang::En => format!("{} {} {n}", W::Building.s(lang), sanitize_line(b)),
                Lang::Zh => format!("{}{} {n}", sanitize_line(b), W::Building.s(lang)),
            },
        })
        .collect::<Vec<_>>();
    row(
        W::ByBuilding.s(lang),
        if buildings.is_empty() {
            "-".into()
        } else {
            buildings.join(", ")
        },
    );
    let minutes = |m: Option<i64>| m.map_or("-".into(), |m| format!("{m} {}", W::Minutes.s(lang)));
    for (title, t) in [
        (W::FirstReply.s(lang), &c.first_reply),
        (W::Resolution.s(lang), &c.resolution),
    ] {
        row(
            title,
            format!(
                "{} {}, {} {} ({} {})",
                W::Median.s(lang),
                minutes(t.median_minutes),
                W::Worst.s(lang),
                minutes(t.worst_minutes),
                W::OnTime.s(lang),
                t.on_time_rate.map_or("-".into(), |x| format!("{x}%"))
            ),
        );
    }
}

/// The daily report's lists, for the morning meeting.
fn print_daily(desk: &Desk, d: &DailyLists) {
    use crate::domain::text::sanitize_line;
    let lang = desk.lang;
    let none = || println!("  {}", W::NoneListed.s(lang));
    println!("{}", W::MissedDeadlines.s(lang));
    if d.missed.is_empty() {
        none();
    }
    for m in &d.missed {
        let title = DeadlineName::parse(&m.deadline)
            .map(|n| n.label(lang))
            .unwrap_or(&m.deadline);
        let done = match &m.done {
            Some(at) => format!("{} {at}", W::DoneAt.s(lang)),
            None => W::StillOverdue.s(lang).to_string(),
        };
        println!(
            "  {} {} {} {}, {done}",
            m.id,
            fit(title, 14),
            W::Due.s(lang),
            m.due
        );
    }
    let open = if d.still_open.is_empty() {
        W::NoneListed.s(lang).to_string()
    } else {
        d.still_open.join(", ")
    };
    println!("{}: {open}", W::StillOpen.s(lang));
    println!("{}", W::Incidents.s(lang));
    if d.incidents.is_empty() {
        none();
    }
    for i in &d.incidents {
        let category = label_of::<IncidentType>(lang, &i.category);
        let status = Status::parse(&i.status)
            .map(|x| x.label(lang))
            .unwrap_or(&i.status);
        println!(
            "  {} {category} [{status}] {}",
            i.id,
            sanitize_line(&i.summary)
        );
    }
    println!("{}", W::LateHandovers.s(lang));
    if d.late_handovers.is_empty() {
        none();
    }
    for h in &d.late_handovers {
        let state = match h.signed_at.as_deref() {
            Some(at) => format!("{} {at}", W::SignedLate.s(lang)),
            None => W::NotSigned.s(lang).to_string(),
        };
        let id = h.id.as_deref().unwrap_or("-");
        println!(
            "  {} {} {id}: {state}",
            W::ShiftStart.s(lang),
            h.shift_start
        );
    }
}
