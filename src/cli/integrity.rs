//! `verify`, `anchor`, `backup`: the file's integrity and copies of it.

use super::CliError;
use crate::desk::Desk;
use crate::domain::text::sanitize_line;
use crate::domain::time::rfc3339;
use crate::i18n::Lang;
use crate::i18n::cli::{
    BackupDone, CliWord as W, Say, VerifyOk, backup_written, index_rebuilt, more_records, verify_ok,
};
use crate::store::Store;
use crate::store::StoreError;
use crate::store::backup::{Existing, Refusal};
use crate::store::verify::{
    Anchor, Checks, Report, anchor_line, append_anchor, hex, parse_anchors,
};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn read_anchors(path: &Path) -> Result<Vec<Anchor>, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::bad(Say::AnchorsUnreadable {
            path: sanitize_line(&path.display().to_string()).into_owned(),
            error: e.to_string(),
        })
    })?;
    parse_anchors(&text).map_err(|e| {
        CliError::bad(Say::AnchorsMalformed {
            path: sanitize_line(&path.display().to_string()).into_owned(),
            error: e,
        })
    })
}

pub fn verify(
    store: &Store,
    desk: &Desk,
    anchors: Option<&Path>,
    json: bool,
) -> Result<(), CliError> {
    let anchors = match anchors {
        Some(path) => read_anchors(path)?,
        None => Vec::new(),
    };
    let counted = crate::progress::Progress::new();
    let report = super::progress::shown(W::Verifying.s(desk.lang), &counted, || {
        store.verify_counted(&anchors, Checks::ALL, &desk.policy, &counted)
    })?;
    // The residents directory's own chain and rows (`store::residents`).
    let residents = super::residents::verify_check(store);
    let all_ok = report.ok() && residents.ok();
    if json {
        let mut value = report_json(&report, !anchors.is_empty());
        super::residents::verify_json(&mut value, &residents);
        println!("{}", super::output::json_text(&value));
    } else if all_ok {
        println!("{}", ok_line(&report, desk.lang));
        for line in rules_notes(&report, desk.lang) {
            println!("{line}");
        }
        if let Some(line) = super::residents::verify_ok_line(&residents, desk.lang) {
            println!("{line}");
        }
    }
    if all_ok {
        Ok(())
    } else {
        let mut text = problems(&report, desk.lang);
        for line in super::residents::verify_problems(&residents, desk.lang) {
            text.push('\n');
            text.push_str(&line);
        }
        for line in rules_notes(&report, desk.lang) {
            text.push('\n');
            text.push_str(&line);
        }
        Err(CliError::failure(text))
    }
}

/// What was not compared because the file's columns follow other rules than this
/// configuration's (another time zone, `[rules]` value, holiday or repeat window).
fn rules_notes(r: &Report, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    if r.rules_match == Some(false) {
        lines.push(W::RulesNote.s(lang).to_string());
    }
    if r.repeats_compared == Some(false) {
        lines.push(W::RepeatsNote.s(lang).to_string());
    }
    lines
}

fn ok_line(r: &Report, lang: Lang) -> String {
    let ok = VerifyOk {
        events: r.events,
        records: r.records,
        head_seq: r.head_seq,
        head: &hex(&r.head),
        file_check: r.file_check,
        heads_checked: r.heads_checked,
        anchors_checked: r.anchors_checked,
    };
    verify_ok(lang, &ok)
}

/// Every problem found, one per line, all stored text passed through the sanitiser.
fn problems(r: &Report, lang: Lang) -> String {
    let mut lines = vec![W::VerifyFailed.s(lang).to_string()];
    if let Some(b) = &r.first_break {
        let record = b
            .record
            .as_deref()
            .map(|id| format!(" ({})", sanitize_line(id)))
            .unwrap_or_default();
        lines.push(format!(
            "  {} #{}{record}: {} — {}",
            W::ChainBroken.s(lang),
            b.seq,
            b.kind.slug(),
            sanitize_line(&b.detail)
        ));
    }
    if let Some(m) = &r.record_mismatch {
        let more = if r.record_mismatches > 1 {
            more_records(lang, r.record_mismatches - 1)
        } else {
            String::new()
        };
        lines.push(format!(
            "  {} {}: {} '{}' {} '{}'{more}",
            W::Record.s(lang),
            sanitize_line(&m.record),
            sanitize_line(&m.field),
            sanitize_line(&m.stored),
            W::RowNotHistory.s(lang),
            sanitize_line(&m.history),
        ));
        if m.field == crate::store::verify::ISSUED_IDS {
            lines.push(format!("  {}", W::IdsWithoutRecord.s(lang)));
        // A column or index entry derived from the histories (not the histories themselves).
        } else if !matches!(m.field.as_str(), "history" | "record" | "id") {
            lines.push(format!("  {}", W::Rebuildable.s(lang)));
        }
    }
    if let Some(h) = &r.head_mismatch {
        lines.push(format!(
            "  {} {}: {}",
            W::SignedHandover.s(lang),
            sanitize_line(&h.record),
            sanitize_line(&h.detail)
        ));
    }
    if !r.integrity_ok() {
        lines.push(format!(
            "  {}: {}",
            W::FileCheck.s(lang),
            sanitize_line(&r.integrity.join("; "))
        ));
    }
    if let Some(a) = &r.anchor_mismatch {
        lines.push(format!(
            "  {} {}: {}",
            W::AnchorLine.s(lang),
            a.line,
            sanitize_line(&a.detail)
        ));
    }
    lines.join("\n")
}

fn report_json(r: &Report, with_anchors: bool) -> Value {
    json!({
        "ok": r.ok(),
        "events": r.events,
        "records": r.records,
        "head_seq": r.head_seq,
        "head": hex(&r.head),
        "first_break": r.first_break.as_ref().map(|b| json!({
            "seq": b.seq,
            "record": b.record,
            "kind": b.kind.slug(),
            "detail": b.detail,
        })),
        "record_mismatch": r.record_mismatch,
        "record_mismatches": r.record_mismatches,
        "integrity": if r.integrity_ok() { json!("ok") } else { json!(r.integrity) },
        "file_check": r.file_check,
        "rules_match": r.rules_match,
        "repeats_compared": r.repeats_compared,
        "handover_heads": {
            "checked": r.heads_checked,
            "ok": r.head_mismatch.is_none(),
            "first_mismatch": r.head_mismatch,
        },
        "timings_ms": {
            "chain": r.timings_ms[0],
            "records": r.timings_ms[1],
            "integrity": r.timings_ms[2],
        },
        "anchors": if with_anchors {
            json!({
                "checked": r.anchors_checked,
                "ok": r.anchor_mismatch.is_none(),
                "first_mismatch": r.anchor_mismatch,
            })
        } else {
            Value::Null
        },
    })
}

/// Rebuild the derived columns, repeats, search index and counters from the histories.
pub fn repair_index(store: &mut Store, desk: &Desk) -> Result<(), CliError> {
    let started = std::time::Instant::now();
    let done = store.repair_index(&desk.policy)?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{}",
        index_rebuilt(desk.lang, done.records, done.repeats, secs)
    );
    if done.households > 0 {
        println!(
            "{}",
            crate::i18n::residents::households_rebuilt(desk.lang, done.households)
        );
    }
    super::output::damaged_failure(&done.unreadable, desk)
}

/// Append the chain head to a file kept elsewhere, after checking that the chain holds and
/// still contains every head already in that file.
pub fn anchor(store: &Store, desk: &Desk, path: &Path) -> Result<(), CliError> {
    let existing = if path.exists() {
        read_anchors(path)?
    } else {
        Vec::new()
    };
    let report = store.verify(&existing, Checks::CHAIN)?;
    if !report.ok() {
        return Err(CliError::failure(format!(
            "{}\n{}",
            problems(&report, desk.lang),
            W::NothingAnchored.s(desk.lang)
        )));
    }
    let line = anchor_line(
        &rfc3339(desk.clock.now(), desk.policy.zone),
        report.head_seq,
        &report.head,
    );
    append_anchor(store.path(), path, &line)?;
    println!("{line}");
    Ok(())
}

/// A directory gets a dated file name, so that a cron job keeps one copy per run (never over
/// an existing one); a file path is replaced only with `--force`, and only if it holds an
/// earlier copy nobody has open.
fn backup_target(desk: &Desk, path: &Path, force: bool) -> Result<(PathBuf, Existing), CliError> {
    if path.is_dir() {
        let stamp = desk
            .clock
            .now()
            .with_timezone(&desk.policy.zone)
            .format("dutydesk-%Y%m%d-%H%M%S.db");
        return Ok((path.join(stamp.to_string()), Existing::Refuse));
    }
    // `backup /mnt/backup/dutydesk/` means a folder: a missing one is not a file name.
    if path.as_os_str().as_encoded_bytes().ends_with(b"/") {
        return Err(StoreError::BackupRefused(Refusal::NoFolder, path.to_path_buf()).into());
    }
    let existing = if force {
        Existing::ReplaceCopy
    } else {
        Existing::RefuseUnlessForced
    };
    Ok((path.to_path_buf(), existing))
}

pub fn backup(store: &Store, desk: &Desk, path: &Path, force: bool) -> Result<(), CliError> {
    let (target, existing) = backup_target(desk, path, force)?;
    let r = store.backup_to(&target, existing)?;
    let shown = sanitize_line(&r.path.display().to_string()).into_owned();
    let done = BackupDone {
        path: &shown,
        records: r.records,
        events: r.events,
        bytes: r.bytes,
        head_seq: r.head_seq,
        head: &hex(&r.head),
    };
    println!("{}", backup_written(desk.lang, &done));
    Ok(())
}
