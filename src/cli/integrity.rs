//! `verify`, `anchor`, `backup`: the file's integrity and copies of it.

use super::CliError;
use crate::desk::Desk;
use crate::domain::text::sanitize_line;
use crate::domain::time::rfc3339;
use crate::i18n::Lang;
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
        CliError::bad(format!(
            "--anchors: cannot read {}: {e}",
            sanitize_line(&path.display().to_string())
        ))
    })?;
    parse_anchors(&text).map_err(|e| {
        CliError::bad(format!(
            "--anchors: {}: {e}",
            sanitize_line(&path.display().to_string())
        ))
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
    let report = store.verify_against(&anchors, Checks::ALL, &desk.policy)?;
    if json {
        println!(
            "{}",
            super::output::json_text(&report_json(&report, !anchors.is_empty()))
        );
    } else if report.ok() {
        println!("{}", ok_line(&report, desk.lang));
        for line in rules_notes(&report, desk.lang) {
            println!("{line}");
        }
    }
    if report.ok() {
        Ok(())
    } else {
        let mut text = problems(&report, desk.lang);
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
        lines.push(
            lang.pick(
                "note: the open records' deadline columns were written under other rules than \
                 this configuration's ([rules], time zone or holidays), so their values were not \
                 compared (only that they fit the histories); to compare them, run verify with \
                 the desk's configuration",
                "注意: 未结记录的时限列是按与本配置不同的规则 ([rules]、时区或节假日) 写入的, \
                 因此未比对其数值 (只核对了与历史相符); 如需比对, 请用值班台的配置运行 verify",
            )
            .to_string(),
        );
    }
    if r.repeats_compared == Some(false) {
        lines.push(
            lang.pick(
                "note: repeats were decided under other repeat windows than this \
                 configuration's: each was checked to point to an earlier record of the same room \
                 and category, the rest was not compared",
                "注意: 重复来电是按与本配置不同的重复期限判定的: 只核对了每条都指向同一房号、同一类别的\
                 更早记录, 其余未比对",
            )
            .to_string(),
        );
    }
    lines
}

fn ok_line(r: &Report, lang: Lang) -> String {
    let anchors = if r.anchors_checked > 0 {
        match lang {
            Lang::En => format!(", {} anchors match", r.anchors_checked),
            Lang::Zh => format!(", {} 个外部锚点一致", r.anchors_checked),
        }
    } else {
        String::new()
    };
    let heads = match (r.heads_checked, lang) {
        (0, _) => String::new(),
        (n, Lang::En) => format!(", {n} signed handover heads match"),
        (n, Lang::Zh) => format!(", {n} 个已签收交接的链头一致"),
    };
    let anchors = format!("{heads}{anchors}");
    match lang {
        Lang::En => format!(
            "ok: {} events in {} records, chain head #{} {}, file {} ok{anchors}",
            r.events,
            r.records,
            r.head_seq,
            hex(&r.head),
            r.file_check
        ),
        Lang::Zh => format!(
            "正常: {} 条记录共 {} 个事件, 链头 #{} {}, 文件检查 ({}) 正常{anchors}",
            r.records,
            r.events,
            r.head_seq,
            hex(&r.head),
            r.file_check
        ),
    }
}

/// Every problem found, one per line, all stored text passed through the sanitiser.
fn problems(r: &Report, lang: Lang) -> String {
    let mut lines = vec![
        lang.pick(
            "verify FAILED: the database is not as the program wrote it",
            "校验失败: 数据库已不是程序写入时的样子",
        )
        .to_string(),
    ];
    if let Some(b) = &r.first_break {
        let record = b
            .record
            .as_deref()
            .map(|id| format!(" ({})", sanitize_line(id)))
            .unwrap_or_default();
        lines.push(format!(
            "  {} #{}{record}: {} — {}",
            lang.pick("chain broken at event", "历史链断于事件"),
            b.seq,
            b.kind.slug(),
            sanitize_line(&b.detail)
        ));
    }
    if let Some(m) = &r.record_mismatch {
        let more = if r.record_mismatches > 1 {
            match lang {
                Lang::En => format!(" (and {} more records)", r.record_mismatches - 1),
                Lang::Zh => format!(" (另有 {} 条记录)", r.record_mismatches - 1),
            }
        } else {
            String::new()
        };
        lines.push(format!(
            "  {} {}: {} '{}' {} '{}'{more}",
            lang.pick("record", "记录"),
            sanitize_line(&m.record),
            sanitize_line(&m.field),
            sanitize_line(&m.stored),
            lang.pick("in its row, but its history gives", "与其历史不符, 历史为"),
            sanitize_line(&m.history),
        ));
        if m.field == crate::store::verify::ISSUED_IDS {
            lines.push(format!(
                "  {}",
                lang.pick(
                    "ids were handed out that no record holds: the newest records may have been \
                     deleted with their history. Compare with a backup or `dutydesk verify \
                     --anchors PATH`; repair-index never lowers a counter (ids are never reused)",
                    "有已发出的编号不属于任何记录: 最新的记录可能连同其历史被删除。请与备份核对, \
                     或运行 dutydesk verify --anchors PATH; repair-index 不会调低编号计数 (编号不重复使用)"
                )
            ));
        // A column or index entry derived from the histories (not the histories themselves).
        } else if !matches!(m.field.as_str(), "history" | "record" | "id") {
            lines.push(format!(
                "  {}",
                lang.pick(
                    "the lists, counts and search are built from the histories: if the chain \
                     holds, `dutydesk repair-index` rebuilds them",
                    "列表、计数和搜索由历史生成: 若历史链完好, 可运行 dutydesk repair-index 重建"
                )
            ));
        }
    }
    if let Some(h) = &r.head_mismatch {
        lines.push(format!(
            "  {} {}: {}",
            lang.pick("signed handover", "已签收的交接"),
            sanitize_line(&h.record),
            sanitize_line(&h.detail)
        ));
    }
    if !r.integrity_ok() {
        lines.push(format!(
            "  {}: {}",
            lang.pick("file check", "文件检查"),
            sanitize_line(&r.integrity.join("; "))
        ));
    }
    if let Some(a) = &r.anchor_mismatch {
        lines.push(format!(
            "  {} {}: {}",
            lang.pick("anchor line", "锚点行"),
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
    match desk.lang {
        Lang::En => println!(
            "repair-index: {} records rebuilt from their histories ({} repeats), the search \
             index and the id counters too, in {secs:.1} s",
            done.records, done.repeats
        ),
        Lang::Zh => println!(
            "repair-index: 已按历史重建 {} 条记录 (其中重复报事 {} 条)、搜索索引和编号计数, 用时 {secs:.1} 秒",
            done.records, done.repeats
        ),
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
            desk.lang.pick(
                "nothing was anchored: a broken chain must not be vouched for",
                "未写入锚点: 不能为已损坏的历史链作证"
            )
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
    match desk.lang {
        Lang::En => println!(
            "backup written: {shown}: {} records, {} events, {} bytes, verified (chain head #{} {})",
            r.records,
            r.events,
            r.bytes,
            r.head_seq,
            hex(&r.head)
        ),
        Lang::Zh => println!(
            "备份已写入: {shown}: {} 条记录, {} 个事件, {} 字节, 已校验 (链头 #{} {})",
            r.records,
            r.events,
            r.bytes,
            r.head_seq,
            hex(&r.head)
        ),
    }
    Ok(())
}
