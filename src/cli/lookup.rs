//! `list`, `show`, `search`, `calendar`, `stats`: lookups, text for people or `--json`.

use super::CliError;
use super::act::parse_id;
use super::args::ListArgs;
use super::output::{
    RecordsOut, damaged_failure, print_json, print_table, record_json, timeline_json,
};
use crate::desk::Desk;
use crate::domain::deadline::as_of;
use crate::domain::text::sanitize_line;
use crate::domain::time::{parse_date, parse_day_or_time};
use crate::domain::*;
use crate::i18n::cli::{CliWord as W, Say};
use crate::i18n::{Label, fit, holiday_name};
use crate::store::{Entry, ListQuery, Store};
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

/// A kind as typed: singular or plural (`repair`, `repairs`), naming what was typed if wrong.
pub fn kind_arg(text: &str) -> Result<RecordKind, CliError> {
    let word = text.trim().to_ascii_lowercase();
    RecordKind::parse_slug(&word)
        .or_else(|| word.strip_suffix('s').and_then(RecordKind::parse_slug))
        .or_else(|| word.strip_suffix("es").and_then(RecordKind::parse_slug))
        .ok_or_else(|| CliError::bad(Say::NotAKind(text.trim().to_string())))
}

/// Records as they stand now (a complaint open a month shows as major): see `as_of`.
fn shown(records: Vec<Record>, desk: &Desk, now: DateTime<Utc>) -> Vec<Record> {
    records
        .into_iter()
        .map(|r| as_of(r, &desk.policy, now))
        .collect()
}

fn limit(n: u32) -> Option<u32> {
    (n > 0).then_some(n)
}

pub fn list(store: &Store, desk: &Desk, args: ListArgs) -> Result<(), CliError> {
    let now = desk.clock.now();
    let mut q = ListQuery::new(now);
    q.kind = match args.kind.as_deref() {
        None => None,
        Some(k) => Some(kind_arg(k)?),
    };
    q.open = args.open;
    q.overdue = args.overdue;
    q.soon = args.soon;
    q.since = match args.since.as_deref() {
        None => None,
        Some(text) => Some(parse_day_or_time(
            Field::Since,
            text,
            desk.policy.zone,
            now,
        )?),
    };
    if args.callbacks_due {
        q.limit = limit(args.limit);
        let listed = store.callbacks_due(q.kind, q.limit, now, &desk.policy.limits)?;
        print_records(&shown(listed.records, desk, now), desk, args.json);
        return damaged_failure(&listed.damaged, desk);
    }
    // Page by page, printed as read: `--limit 0` on a million records stays small.
    let mut left = limit(args.limit);
    let mut out = RecordsOut::new(desk, now, args.json);
    let mut damaged = Vec::new();
    loop {
        q.limit = Some(left.map_or(PAGE, |n| n.min(PAGE)));
        let page = store.list_page(&q)?;
        let next = page.next;
        for entry in page.entries() {
            match entry {
                Entry::Record(record) => out.push(&as_of(record, &desk.policy, now)),
                Entry::Damaged(d) => damaged.push(d),
            }
            left = left.map(|n| n - 1);
        }
        match next {
            Some(cursor) if left != Some(0) => q.after = Some(cursor),
            _ => break,
        }
    }
    out.finish();
    damaged_failure(&damaged, desk)
}

/// Records read at a time by `list`.
const PAGE: u32 = 1000;

pub fn show(store: &Store, desk: &Desk, id: &str, json: bool) -> Result<(), CliError> {
    let now = desk.clock.now();
    let (record, events) = store.get(parse_id(id)?)?;
    let record = as_of(record, &desk.policy, now);
    if json {
        let mut v = record_json(&record, desk, now);
        v["timeline"] = timeline_json(&events, desk);
        print_json(&v);
    } else {
        // The pass's ID number whole only to an operator who can write (JSON never).
        let reveal = store.read_only().is_none();
        super::output::print_record_revealing(&record, &events, desk, now, reveal);
    }
    Ok(())
}

pub fn search(store: &Store, desk: &Desk, text: &str, n: u32, json: bool) -> Result<(), CliError> {
    let now = desk.clock.now();
    if text.trim().is_empty() {
        return Err(CliError::bad(Say::SearchEmpty));
    }
    let listed = store.searched(text, limit(n), now)?;
    print_records(&shown(listed.records, desk, now), desk, json);
    // The households the text finds, after the records (the JSON stays a list of records).
    if !json {
        super::residents::print_found_households(store, desk, text)?;
    }
    damaged_failure(&listed.damaged, desk)
}

/// The records a lookup found: a JSON array, or a table.
fn print_records(records: &[Record], desk: &Desk, json: bool) {
    let now = desk.clock.now();
    if json {
        print_json(&Value::Array(
            records.iter().map(|r| record_json(r, desk, now)).collect(),
        ));
    } else {
        print_table(records, desk, now);
    }
}

pub fn calendar(desk: &Desk, from: &str, to: &str, json: bool) -> Result<(), CliError> {
    let from = parse_date(Field::From, from)?;
    let to = parse_date(Field::To, to)?;
    if to < from {
        return Err(CliError::bad(Say::CalendarBackwards));
    }
    if (to - from).num_days() > 3660 {
        return Err(CliError::bad(Say::CalendarTooLong));
    }
    let known = desk.policy.calendar.known_years();
    let mut days = Vec::new();
    let mut day = from;
    while day <= to {
        days.push(desk.policy.calendar.day(day));
        day += Duration::days(1);
    }
    if json {
        print_json(&Value::Array(
            days.iter()
                .map(|d| json!({"date": d.date.to_string(), "working": d.working, "name": d.name}))
                .collect(),
        ));
    } else {
        let lang = desk.lang;
        for d in &days {
            let weekday = d.date.format("%a");
            let kind = if d.working {
                W::Working.s(lang)
            } else {
                W::Rest.s(lang)
            };
            let name = d
                .name
                .as_deref()
                .map(|n| holiday_name(lang, n))
                .unwrap_or_default();
            println!("{} {weekday} {:<8} {name}", d.date, kind);
        }
    }
    use chrono::Datelike;
    for year in from.year()..=to.year() {
        if !known.contains(&year) {
            eprintln!("{} {year}", W::NoHolidays.s(desk.lang));
        }
    }
    Ok(())
}

pub fn stats(store: &Store, desk: &Desk, json: bool) -> Result<(), CliError> {
    let stats = store.stats(desk.clock.now())?;
    if json {
        print_json(&serde_json::to_value(&stats).expect("stats serialise"));
    } else {
        let lang = desk.lang;
        let kinds: Vec<(String, String)> = stats
            .by_kind
            .iter()
            .map(|(kind, statuses)| {
                let name = RecordKind::parse_slug(kind)
                    .map(|k| k.label(lang).to_string())
                    .unwrap_or_else(|| sanitize_line(kind).into_owned());
                let parts: Vec<String> = statuses
                    .iter()
                    .map(|(s, n)| match Status::parse(s) {
                        Some(status) => format!("{} {n}", status.label(lang)),
                        None => format!("{} {n}", sanitize_line(s)),
                    })
                    .collect();
                (name, parts.join(", "))
            })
            .collect();
        let titles = [
            W::StatRecords,
            W::StatOpen,
            W::StatOverdue,
            W::StatSoon,
            W::StatFile,
        ];
        // The label column fits its widest label (CJK-aware) and two spaces.
        let column = titles
            .iter()
            .map(|t| unicode_width::UnicodeWidthStr::width(t.s(lang)))
            .chain(
                kinds
                    .iter()
                    .map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str())),
            )
            .max()
            .unwrap_or(0)
            + 2;
        let row = |title: &str, value: String| println!("{}{value}", fit(title, column));
        row(W::StatRecords.s(lang), stats.records.to_string());
        row(W::StatOpen.s(lang), stats.open.to_string());
        row(W::StatOverdue.s(lang), stats.overdue.to_string());
        row(W::StatSoon.s(lang), stats.soon.to_string());
        for (kind, parts) in kinds {
            row(&kind, parts);
        }
        row(
            W::StatFile.s(lang),
            format!("{} KiB", stats.file_bytes / 1024),
        );
    }
    Ok(())
}
