//! How records look on stdout: JSON for scripts, aligned text for people. Every stored text
//! passes the terminal sanitiser before it is printed.

use super::json_write::{RecordJson, SafeFormatter, json_string, write_json};
use crate::desk::Desk;
use crate::domain::deadline::{deadlines, next_open, urgency};
use crate::domain::record::Change;
use crate::domain::text::{sanitize_block, sanitize_line};
use crate::domain::time::{rfc3339, short};
use crate::domain::*;
use crate::i18n::cli::CliWord;
use crate::i18n::show::ShowWord;
use crate::i18n::tui::T;
use crate::i18n::{Label, Lang, countdown, fit, shift_name, timeline_text, urgency_mark};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// The JSON form of a record (DESIGN.md "JSON") as a value (`show` adds its timeline);
/// `RecordJson` writes the same text without one.
pub fn record_json(record: &Record, desk: &Desk, now: DateTime<Utc>) -> Value {
    serde_json::to_value(RecordJson::new(record, desk, now)).expect("a record serialises")
}

pub fn timeline_json(events: &[Event], desk: &Desk) -> Value {
    let zone = desk.policy.zone;
    events
        .iter()
        .map(|e| {
            let details = match &e.change {
                Change::Created(_) => Value::Null,
                Change::Action(a) => serde_json::to_value(a).unwrap_or(Value::Null),
            };
            json!({
                "seq": e.seq,
                "at": rfc3339(e.at, zone),
                "written_at": rfc3339(e.written_at, zone),
                "operator": e.operator,
                "action": e.change.slug(),
                "details": details,
            })
        })
        .collect()
}

pub fn print_json(value: &Value) {
    println!("{}", json_text(value));
}

/// Pretty JSON in which every character that could act on a terminal is escaped: serde_json
/// escapes C0 controls but writes DEL, C1 controls and bidi controls as they are.
pub fn json_text(value: &Value) -> String {
    json_string(value, SafeFormatter::pretty(0))
}

/// "overdue 3 min" / "12 min" / "" for the next open deadline of `all` (a record's
/// deadlines), with its name.
fn next_deadline_text(all: &[Deadline], desk: &Desk, now: DateTime<Utc>) -> String {
    let paused = T::PausedDue.s(desk.lang);
    match next_open(all) {
        Some(d) if d.state(now) == DeadlineState::Paused => {
            format!("{} {paused}", d.name.label(desk.lang))
        }
        None if all.iter().any(|d| d.state(now) == DeadlineState::Paused) => paused.into(),
        Some(d) => format!(
            "{} {}",
            d.name.label(desk.lang),
            countdown(desk.lang, (d.due - now).num_seconds())
        ),
        None => String::new(),
    }
}

/// One line per record: mark, id, time, status, next deadline, where, summary.
pub fn print_table(records: &[Record], desk: &Desk, now: DateTime<Utc>) {
    let mut out = RecordsOut::new(desk, now, false);
    for record in records {
        out.push(record);
    }
    out.finish();
}

pub(crate) fn table_line(record: &Record, desk: &Desk, now: DateTime<Utc>) -> String {
    let lang = desk.lang;
    let all = deadlines(record, &desk.policy);
    let place = record
        .new
        .room
        .as_deref()
        .or(record.new.location.as_deref())
        .unwrap_or("");
    let repeat = if record.repeat_of.is_some() {
        CliWord::RepeatMark.s(lang)
    } else {
        ""
    };
    format!(
        "{} {} {} {} {} {} {}{}",
        urgency_mark(urgency(&all, now)),
        fit(&record.id.to_string(), 13),
        short(record.received_at, desk.policy.zone),
        fit(record.status.label(lang), 10),
        fit(&next_deadline_text(&all, desk, now), 28),
        fit(&sanitize_line(place), 12),
        repeat,
        sanitize_line(&crate::i18n::inspection::summary_text(record, lang)),
    )
}

/// Records printed as they come — a JSON array (the same text `print_json` gives for the
/// whole array) or table lines — so that a list of a million records never sits in memory.
/// A reader that goes away (`| head`) ends the printing quietly.
pub struct RecordsOut<'a> {
    desk: &'a Desk,
    now: DateTime<Utc>,
    json: bool,
    count: usize,
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    gone: bool,
}

impl<'a> RecordsOut<'a> {
    pub fn new(desk: &'a Desk, now: DateTime<Utc>, json: bool) -> Self {
        Self {
            desk,
            now,
            json,
            count: 0,
            out: std::io::BufWriter::new(std::io::stdout().lock()),
            gone: false,
        }
    }

    pub fn push(&mut self, record: &Record) {
        if self.json {
            // Written as it is made: no text of the record is held (a million of them pass).
            self.write(if self.count == 0 { "[\n  " } else { ",\n  " });
            let record = RecordJson::new(record, self.desk, self.now);
            if !self.gone && write_json(&mut self.out, &record, SafeFormatter::pretty(1)).is_err() {
                self.gone = true;
            }
        } else {
            let line = format!("{}\n", table_line(record, self.desk, self.now));
            self.write(&line);
        }
        self.count += 1;
    }

    pub fn finish(mut self) {
        let end = match (self.json, self.count) {
            (true, 0) => "[]\n".to_string(),
            (true, _) => "\n]\n".to_string(),
            (false, 0) => format!("{}\n", CliWord::NoRecords.s(self.desk.lang)),
            (false, _) => String::new(),
        };
        self.write(&end);
        if !self.gone {
            let _ = std::io::Write::flush(&mut self.out);
        }
    }

    fn write(&mut self, text: &str) {
        if !self.gone && std::io::Write::write_all(&mut self.out, text.as_bytes()).is_err() {
            self.gone = true;
        }
    }
}

/// A fact's value as `show` prints it.
pub(crate) fn show_value(value: &view::Value, lang: Lang, policy: &Policy) -> String {
    use view::Value;
    let zone = policy.zone;
    match value {
        Value::Text(text) => text.clone(),
        Value::Time(t) => short(*t, zone),
        Value::Choice(c) => c.label(lang).into(),
        Value::Urgent(c) => format!("{} ({})", c.label(lang), T::Urgent.s(lang)),
        Value::Report {
            at,
            to,
            role,
            how,
            answer,
        } => format!(
            "{} {}",
            short(*at, zone),
            crate::i18n::report_text(to, role, *how, answer.as_deref(), lang)
        ),
        Value::Verified(by, checked) => crate::i18n::verified_text(*by, checked, lang),
        Value::IdNumber { masked, whole } => crate::i18n::id_text(masked, whole.as_deref()),
        Value::Check { area, item, repair } => {
            crate::i18n::inspection::check_text(area, item, *repair, &policy.areas, lang)
        }
        Value::ShiftChange { from, to, at } => {
            let change = format!("{} → {}", shift_name(lang, from), shift_name(lang, to));
            match at {
                Some(at) => format!("{change} {}", short(*at, zone)),
                None => change,
            }
        }
    }
}

/// Every field, every deadline with its state, and the timeline.
pub fn print_record(record: &Record, events: &[Event], desk: &Desk, now: DateTime<Utc>) {
    print_record_revealing(record, events, desk, now, false);
}

/// `print_record`, with personal data whole when `reveal` (a pass's ID number, `show` to an
/// operator who can write).
pub fn print_record_revealing(
    record: &Record,
    events: &[Event],
    desk: &Desk,
    now: DateTime<Utc>,
    reveal: bool,
) {
    let lang = desk.lang;
    let zone = desk.policy.zone;
    let n = &record.new;
    let field = |label: &str, value: &str| {
        println!("{}{}", fit(label, 14), sanitize_block(value));
    };
    let voided = if record.is_voided() {
        ShowWord::VoidedMark.s(lang)
    } else {
        ""
    };
    println!("{} {}{}", record.id, record.kind().label(lang), voided);
    field(T::ColStatus.s(lang), record.status.label(lang));
    field(T::Received.s(lang), &short(record.received_at, zone));
    field(
        ShowWord::Written.s(lang),
        &format!("{} ({})", short(record.written_at, zone), record.created_by),
    );
    let kind_facts = if reveal {
        record.rules().show_facts_revealed()
    } else {
        record.rules().show_facts()
    };
    // A pass's name is its owner's (other kinds keep the word they always showed).
    let name_label = match record.rules().name_field() {
        view::FactLabel::Owner => view::FactLabel::Owner.label(lang),
        _ => T::FieldName.s(lang),
    };
    for fact in &kind_facts.head {
        field(
            fact.label.label(lang),
            &show_value(&fact.value, lang, &desk.policy),
        );
    }
    for (label, value) in [
        (T::FieldRoom.s(lang), n.room.as_deref()),
        (T::FieldLocation.s(lang), n.location.as_deref()),
        (name_label, n.name.as_deref()),
        (T::FieldPhone.s(lang), n.phone.as_deref()),
    ] {
        if let Some(value) = value {
            field(label, value);
        }
    }
    for fact in &kind_facts.tail {
        field(
            fact.label.label(lang),
            &show_value(&fact.value, lang, &desk.policy),
        );
    }
    if let Some(r) = record.repeat_of {
        field(ShowWord::RepeatOf.s(lang), &r.to_string());
    }
    if let Some(later) = record.linked_text(crate::domain::links::LinkRel::RepeatedBy) {
        field(ShowWord::RepeatedBy.s(lang), &later);
    }
    for rel in [
        crate::domain::links::LinkRel::FollowUpOf,
        crate::domain::links::LinkRel::FollowUp,
        crate::domain::links::LinkRel::FromInspection,
        crate::domain::links::LinkRel::FoundIn,
    ] {
        if let Some(ids) = record.linked_text(rel) {
            field(crate::i18n::link_label(rel, lang), &ids);
        }
    }
    field(
        T::FieldSummary.s(lang),
        &crate::i18n::inspection::summary_text(record, lang),
    );
    if let Some(v) = &record.voided {
        field(
            T::VoidReason.s(lang),
            &format!("{} ({}, {})", v.reason, v.by, short(v.at, zone)),
        );
    }
    if let Some(w) = &record.watch {
        field(
            T::WatchLabel.s(lang),
            &format!("{} ({}, {})", w.instruction, w.by, short(w.at, zone)),
        );
    }
    if let Some(p) = record.paused_at(now) {
        field(
            T::FieldPause.s(lang),
            &format!(
                "{} ({}, {})",
                crate::i18n::paused_text(p, lang, zone),
                p.by,
                short(p.at, zone)
            ),
        );
    }
    let all = deadlines(record, &desk.policy);
    if !all.is_empty() {
        println!("{}", T::Deadlines.s(lang));
        for d in &all {
            let state = d.state(now);
            let left = if state == DeadlineState::Paused {
                String::new()
            } else if d.is_open() {
                countdown(lang, (d.due - now).num_seconds())
            } else {
                String::new()
            };
            println!(
                "  {} {} {} {} {}",
                urgency_mark(state.urgency()),
                fit(d.name.label(lang), 14),
                short(d.due, zone),
                fit(state.label(lang), 10),
                left
            );
        }
    }
    println!("{}", T::Timeline.s(lang));
    for e in events {
        let what = match &e.change {
            Change::Created(_) => T::Created.s(lang).to_string(),
            Change::Action(a) => timeline_text(record, a, lang, &desk.policy),
        };
        let late = if e.written_at != e.at {
            format!(" ({} {})", T::Written.s(lang), short(e.written_at, zone))
        } else {
            String::new()
        };
        println!(
            "  {} {} {}{}",
            short(e.at, zone),
            fit(&sanitize_line(&e.operator), 10),
            sanitize_line(&what),
            late
        );
    }
}

/// After the readable records were printed: name on stderr each record whose history cannot be
/// read and why, and fail (exit 1). Ok when there is none.
pub fn damaged_failure(
    damaged: &[crate::store::Damaged],
    desk: &Desk,
) -> Result<(), super::CliError> {
    if damaged.is_empty() {
        return Ok(());
    }
    let lang = desk.lang;
    let mut message = format!(
        "{} {} {}; {}",
        damaged.len(),
        CliWord::NotShown.s(lang),
        crate::store::damage::ids_of(damaged),
        CliWord::RunVerify.s(lang)
    );
    for d in damaged {
        message.push_str(&format!(
            "\n  {}: {}",
            sanitize_line(&d.id),
            crate::i18n::tui::damage_reason(lang, &d.reason)
        ));
    }
    Err(super::CliError::failure(message))
}
