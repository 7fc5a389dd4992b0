//! `dutydesk report daily|weekly|monthly` and `dutydesk export`.

use super::CliError;
use super::args::{ExportFormat, Period};
use super::output::{print_json, record_json};
use crate::desk::Desk;
use crate::domain::deadline::DeadlineName;
use crate::domain::report::{HandoverCounts, Report, compile};
use crate::domain::shift::shift_at;
use crate::domain::time::{local_date, parse_date, rfc3339, start_of};
use crate::domain::*;
use crate::i18n::report::ReportWord as W;
use crate::i18n::{Label, Lang, fit};
use crate::store::{Entry, ListQuery, Store};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;
use std::io::Write;

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
    T::parse_slug(slug)
        .map(|v| v.label(lang).to_string())
        .unwrap_or_else(|| slug.to_string())
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

/// CSV cells: quoted, and a leading = + - @ neutralised so a spreadsheet never runs a formula.
fn csv_cell(text: &str) -> String {
    let text = crate::domain::text::sanitize_line(text);
    let guarded = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.into_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

pub fn export(
    store: &Store,
    desk: &Desk,
    kind: Option<&str>,
    since: Option<&str>,
    until: Option<&str>,
    format: ExportFormat,
) -> Result<(), CliError> {
    let now = desk.clock.now();
    let zone = desk.policy.zone;
    let mut q = ListQuery::new(now);
    q.kind = kind.map(super::lookup::kind_arg).transpose()?;
    q.since = since
        .map(|d| parse_date(Field::Since, d).map(|d| start_of(d, zone)))
        .transpose()?;
    q.until = until
        .map(|d| parse_date(Field::Until, d).map(|d| start_of(d, zone)))
        .transpose()?;
    q.limit = Some(1000);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let columns = [
        "id",
        "kind",
        "status",
        "voided",
        "created_at",
        "category",
        "room",
        "location",
        "name",
        "phone",
        "summary",
        "urgency",
        "next_deadline",
        "next_due",
    ];
    match format {
        ExportFormat::Csv => writeln!(out, "{}", columns.join(","))?,
        ExportFormat::Json => write!(out, "[")?,
    }
    let mut first = true;
    let mut damaged = Vec::new();
    loop {
        let page = store.list_page(&q)?;
        let next_page = page.next;
        for entry in page.into_entries() {
            let record = match &entry {
                Entry::Record(record) => record,
                Entry::Damaged(d) => {
                    damaged.push(d.clone());
                    continue;
                }
            };
            let v = record_json(record, desk, now);
            match format {
                ExportFormat::Json => {
                    if !first {
                        write!(out, ",")?;
                    }
                    write!(out, "\n{}", super::output::json_line(&v))?;
                }
                ExportFormat::Csv => {
                    let all = crate::domain::deadline::deadlines(record, &desk.policy);
                    let next = crate::domain::deadline::next_open(&all);
                    let text = |key: &str| match &v[key] {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    let mut cells: Vec<String> =
                        columns[..12].iter().map(|c| csv_cell(&text(c))).collect();
                    cells.push(csv_cell(next.map(|d| d.name.slug()).unwrap_or("")));
                    cells.push(csv_cell(
                        &next.map(|d| rfc3339(d.due, zone)).unwrap_or_default(),
                    ));
                    writeln!(out, "{}", cells.join(","))?;
                }
            }
            first = false;
        }
        match next_page {
            Some(next) => q.after = Some(next),
            None => break,
        }
    }
    if format == ExportFormat::Json {
        writeln!(out, "{}]", if first { "" } else { "\n" })?;
    }
    out.flush()?;
    super::output::damaged_failure(&damaged, desk)
}
