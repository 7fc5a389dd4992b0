//! The compiled handover as lines of text: what `handover show` prints, what the desk shows on
//! tab 4 (its compiled-handover view) and what `handover show --print` puts on paper. The
//! compile itself is the domain's (`Store::handover_draft`); this is its one layout, so the
//! three never tell a shift different things.

use crate::desk::Desk;
use crate::domain::handover::{Draft, SettledItem, Slot};
use crate::domain::record::Status;
use crate::domain::text::{sanitize_block, sanitize_line};
use crate::domain::time::short;
use crate::domain::{Record, RecordId, RecordKind, Slug};
use crate::i18n::handover::HandoverWord as H;
use crate::i18n::{Label, Lang, shift_name};
use crate::store::{Damaged, Store, StoreError};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// The lines of a compiled handover, and the records named in it that could not be read.
#[derive(Debug, Clone, Default)]
pub struct Compiled {
    pub lines: Vec<String>,
    pub damaged: Vec<Damaged>,
}

/// "!! NOT SIGNED: the handover of Day → Night 12-01 20:00".
pub fn late_line(desk: &Desk, slot: &Slot) -> String {
    format!(
        "{} {} → {} {}",
        H::NotSignedOf.s(desk.lang),
        shift_name(desk.lang, &slot.from.name),
        shift_name(desk.lang, &slot.to),
        short(slot.boundary, desk.policy.zone)
    )
}

/// The compiled handover `d` (of the handover `record`, if one was started), with the warning
/// that the previous shift change is unsigned first (`late`).
pub fn compile(
    store: &Store,
    desk: &Desk,
    now: DateTime<Utc>,
    d: &Draft,
    record: Option<&Record>,
    late: Option<&Slot>,
) -> Result<Compiled, StoreError> {
    let lang = desk.lang;
    let mut out = Compiled::default();
    let lines = &mut out.lines;
    if let Some(late) = late {
        lines.push(late_line(desk, late));
    }
    let status = match record {
        Some(r) if r.signature().is_some() => H::Signed.s(lang),
        _ => H::Draft.s(lang),
    };
    let zone = desk.policy.zone;
    // The draft keeps its times as RFC 3339 text; people read them as the desk does.
    let at = |t: &str| match chrono::DateTime::parse_from_rfc3339(t) {
        Ok(t) => t.with_timezone(&zone).format("%m-%d %H:%M").to_string(),
        Err(_) => sanitize_line(t).into_owned(),
    };
    lines.push(format!(
        "{} {} → {}  {} → {}  [{}]",
        H::Handover.s(lang),
        shift_name(lang, &d.shift.name),
        shift_name(lang, &d.to_shift),
        at(&d.shift.start),
        at(&d.shift.end),
        status
    ));
    lines.push(format!(
        "{} {}",
        H::Outgoing.s(lang),
        sanitize_line(&d.outgoing)
    ));
    if let Some(r) = record {
        for refusal in r.refusals() {
            lines.push(format!(
                "{} {} {}: {}",
                H::RefusedBy.s(lang),
                sanitize_line(&refusal.by),
                short(refusal.at, zone),
                sanitize_line(&refusal.reason)
            ));
        }
    }
    let mut q = crate::store::ListQuery::new(now);
    q.open = true;
    q.limit = None;
    let listed = store.listed(&q)?;
    out.damaged = listed.damaged;
    let known: BTreeMap<String, Record> = listed
        .records
        .into_iter()
        .map(|r| (r.id.to_string(), r))
        .collect();
    let lines = &mut out.lines;
    if !d.watch.is_empty() {
        lines.push(String::new());
        lines.push(format!("{} ({})", H::Watch.s(lang), d.watch.len()));
        for w in &d.watch {
            lines.push(format!(
                "  {} {}  ({})",
                w.id,
                sanitize_line(&w.instruction),
                sanitize_line(&w.by)
            ));
        }
    }
    if !d.paused.is_empty() {
        lines.push(String::new());
        lines.push(format!("{} ({})", H::Paused.s(lang), d.paused.len()));
        for p in &d.paused {
            let until = match &p.until {
                Some(u) => format!(" → {}", at(u)),
                None => String::new(),
            };
            lines.push(format!(
                "  {} {}  ({}, {}{})",
                p.id,
                sanitize_line(&p.reason),
                sanitize_line(&p.by),
                at(&p.at),
                until
            ));
        }
    }
    for (title, ids) in [
        (H::Overdue, &d.overdue),
        (H::DueNextShift, &d.due_next_shift),
        (H::UrgentRepairs, &d.urgent_repairs),
        (H::OtherRepairs, &d.repairs),
        (H::Complaints, &d.complaints_awaiting_reply),
        (H::CallbacksDue, &d.callbacks_due),
        (H::OtherCalls, &d.other_calls),
        (H::Incidents, &d.incidents),
        (H::Passes, &d.passes),
    ] {
        if ids.is_empty() {
            continue;
        }
        lines.push(String::new());
        lines.push(format!("{} ({})", title.s(lang), ids.len()));
        let mut records = 0;
        for id in ids {
            let record = match known.get(id) {
                Some(r) => r.clone(),
                None => match RecordId::parse(id).map(|rid| store.get(rid)) {
                    Some(Ok((r, _))) => r,
                    // Named at the end; the rest of the handover is still shown.
                    Some(Err(StoreError::Damaged(damaged))) => {
                        if !out.damaged.contains(&damaged) {
                            out.damaged.push(damaged);
                        }
                        continue;
                    }
                    Some(Err(e)) => return Err(e),
                    None => continue,
                },
            };
            lines.push(crate::cli::output::table_line(&record, desk, now));
            records += 1;
        }
        if records == 0 {
            lines.push(crate::i18n::cli::CliWord::NoRecords.s(lang).to_string());
        }
    }
    if let Some(r) = &d.rounds {
        lines.push(String::new());
        lines.extend(crate::i18n::rounds::handover_lines(r, lang));
    }
    lines.push(String::new());
    match &d.last_handover {
        Some(last) => lines.push(format!(
            "{} {last}: {} {}, {} {}, {} {}",
            H::SinceLast.s(lang),
            H::New.s(lang),
            d.new_since_last.len(),
            H::Closed.s(lang),
            d.closed_since_last.len(),
            H::StillOpen.s(lang),
            d.still_open.len()
        )),
        None => lines.push(H::NoEarlier.s(lang).to_string()),
    }
    if !d.closed_since_last.is_empty() {
        lines.push(format!(
            "  {} {}",
            H::ClosedList.s(lang),
            d.closed_since_last.join(" ")
        ));
    }
    if !d.resolved_since_last.is_empty() {
        lines.push(String::new());
        lines.push(format!(
            "{} ({})",
            H::Resolved.s(lang),
            d.resolved_since_last.len()
        ));
        for item in &d.resolved_since_last {
            lines.push(format!("  {}", settled_line(lang, item, &at)));
        }
    }
    lines.push(String::new());
    lines.push(format!("{} ({})", H::Notes.s(lang), d.notes.len()));
    for n in &d.notes {
        let text = format!(
            "  {} {}: {}",
            at(&n.at),
            sanitize_line(&n.by),
            sanitize_block(&n.text)
        );
        // A note's own line breaks are kept.
        lines.extend(text.split('\n').map(str::to_string));
    }
    // Each kind by its name in the desk's language (the JSON keeps the slugs).
    let created: Vec<String> = d
        .created
        .iter()
        .map(|(k, n)| match RecordKind::parse_slug(k) {
            Some(kind) => format!("{} {n}", kind.label(lang)),
            None => format!("{k} {n}"),
        })
        .collect();
    lines.push(String::new());
    lines.push(format!(
        "{} {}",
        H::Created.s(lang),
        if created.is_empty() {
            "-".to_string()
        } else {
            created.join(", ")
        }
    ));
    Ok(out)
}

/// One resolved or closed record: id, when, what became of it, its summary.
pub fn settled_line(lang: Lang, item: &SettledItem, at: &dyn Fn(&str) -> String) -> String {
    let status = Status::ALL
        .iter()
        .find(|s| s.slug() == item.status)
        .map(|s| s.label(lang).to_string())
        .unwrap_or_else(|| sanitize_line(&item.status).into_owned());
    let owed = if item.status == Status::Resolved.slug() {
        format!(" ({})", H::CallbackOwed.s(lang))
    } else {
        String::new()
    };
    format!(
        "{} {} {}{}  {}",
        sanitize_line(&item.id),
        at(&item.at),
        status,
        owed,
        sanitize_line(&item.summary)
    )
}

/// The lines wrapped to `width` columns (a Chinese character counts two). A wrapped line's
/// continuation is indented two columns deeper than the line itself, so a record's row stays
/// one block on the screen and on paper.
pub fn wrapped(lines: &[String], width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let hang = (indent + 2).min(width / 2);
        let mut first = true;
        let mut rest = line.as_str();
        loop {
            let room = if first { width } else { width - hang };
            let head = crate::ui::wrap(rest, room.max(1))
                .into_iter()
                .next()
                .unwrap_or_default();
            let prefix = if first {
                String::new()
            } else {
                " ".repeat(hang)
            };
            out.push(format!("{prefix}{head}").trim_end().to_string());
            // What the first piece left (wrap breaks at a space, dropping it, or anywhere
            // in a Chinese run); an empty piece still moves on by one character.
            let taken = if head.is_empty() {
                rest.chars().next().map_or(0, char::len_utf8)
            } else {
                head.len()
            };
            rest = rest[taken..].strip_prefix(' ').unwrap_or(&rest[taken..]);
            if rest.is_empty() {
                break;
            }
            first = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrapped;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wrapping_counts_a_chinese_character_as_two_columns_and_hangs_the_rest() {
        let line = format!("  R-2026-00001 {}", "漏水".repeat(30));
        let out = wrapped(&[line], 40);
        assert!(out.len() > 2, "{out:?}");
        for l in &out {
            assert!(l.width() <= 40, "{l:?} is {} columns", l.width());
        }
        assert!(
            out[1].starts_with("    ") && !out[1].starts_with("     "),
            "{out:?}"
        );
        let joined: String = out.iter().map(|l| l.trim()).collect();
        assert_eq!(joined.matches('漏').count(), 30);
    }

    #[test]
    fn a_short_line_is_left_alone() {
        assert_eq!(wrapped(&["abc".into(), String::new()], 80), ["abc", ""]);
    }
}
