//! `report` and `export` through the real binary.

use serde_json::Value;
use std::process::{Command, Output};

fn run(db: &std::path::Path, now: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .args(args)
        .env("DUTYDESK_DB", db)
        .env("DUTYDESK_NOW", now)
        .env("DUTYDESK_OPERATOR", "desk")
        .env("DUTYDESK_CONFIG", "/nonexistent/config.toml")
        .env("DUTYDESK_LANG", "en")
        .env("TZ", "Asia/Shanghai")
        .output()
        .unwrap()
}

fn ok(db: &std::path::Path, now: &str, args: &[&str]) -> String {
    let out = run(db, now, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn daily_report_counts_yesterday_and_the_callback_rate() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let day = "2026-11-24T10:00:00+08:00";
    let c = ok(
        &db,
        day,
        &[
            "add",
            "call",
            "--kind",
            "complaint",
            "--channel",
            "phone",
            "--summary",
            "噪音",
            "--name",
            "王",
            "--class",
            "minor",
        ],
    );
    let c = c.trim();
    ok(&db, "2026-11-24T11:00:00+08:00", &["act", c, "resolve"]);
    ok(
        &db,
        "2026-11-24T12:00:00+08:00",
        &[
            "act",
            c,
            "callback",
            "--form",
            "visit",
            "--satisfaction",
            "satisfied",
        ],
    );
    let r = ok(
        &db,
        "2026-11-24T13:00:00+08:00",
        &[
            "add",
            "repair",
            "--category",
            "elevator_entrapment",
            "--location",
            "5号楼",
            "--summary",
            "困人",
        ],
    );
    ok(
        &db,
        "2026-11-24T13:20:00+08:00",
        &["act", r.trim(), "dispatch", "--to", "李"],
    );
    // The next morning: the report covers yesterday by default.
    let report: Value = serde_json::from_str(&ok(
        &db,
        "2026-11-25T08:30:00+08:00",
        &["report", "daily", "--json"],
    ))
    .unwrap();
    assert_eq!(report["from"], "2026-11-24");
    assert_eq!(report["records"], 2);
    assert_eq!(report["complaints_by_class"]["minor"], 1);
    assert_eq!(report["complaint_callbacks"]["rate"], 100.0);
    assert_eq!(report["complaint_callbacks"]["on_site"], 1);
    assert_eq!(
        report["deadlines"]["dispatch"]["missed"], 1,
        "dispatched 20 minutes late"
    );
    assert_eq!(report["deadlines"]["first_reply"]["met"], 1);
    assert_eq!(report["handovers"]["shift_changes"], 2);
    assert_eq!(report["handovers"]["not_signed"], 2);
}

#[test]
fn export_csv_neutralises_formulas_and_pages_through_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.db");
    let now = "2026-11-24T10:00:00+08:00";
    ok(
        &db,
        now,
        &["add", "log", "--summary", "=HYPERLINK(\"http://x\")"],
    );
    for i in 0..3 {
        ok(&db, now, &["add", "log", "--summary", &format!("巡查 {i}")]);
    }
    let csv = ok(&db, now, &["export", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(
        lines[0].starts_with("\u{feff}id,kind,status"),
        "a BOM, then the header"
    );
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
    let json: Value =
        serde_json::from_str(&ok(&db, now, &["export", "log", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 4);
    let empty: Value = serde_json::from_str(&ok(
        &db,
        now,
        &["export", "--since", "2030-01-01", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(empty, Value::Array(vec![]));
    assert_eq!(
        run(&db, now, &["export", "--format", "xml"]).status.code(),
        Some(2)
    );
}
