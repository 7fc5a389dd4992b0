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

/// The morning meeting's lists for 2026-11-24, every entry worked out from the rules table:
/// - C1, a phone complaint of 11-17 10:00 never answered: its final answer (reply, + 7 days) fell
///   due 11-24 10:00 and is still overdue; its first reply fell due on 11-17 (not that day).
/// - C2, a consultation of 11-23 09:00 replied 11-24 10:00: reply (+ 24 h) due 11-24 09:00, done
///   late at 10:00.
/// - R1, an elevator entrapment of 11-24 13:00 dispatched 13:20: dispatch (+ 7 min) due 13:07,
///   done late; arrival (+ 15 min) due 13:15, nobody on site: still overdue; resolution (+ 24 h)
///   falls on 11-25: not listed. Still open.
/// - I1, a fire of 11-24 20:00 reported upward at 20:30: report (+ 10 min) due 20:10, done late;
///   the written report falls on 11-25. Listed among the incidents, still open.
/// - L1, a duty-log entry of the day: logged, not open. V1, a consultation of the day voided:
///   neither open nor counted.
/// - No handover was written: both shift changes of the day (08:00, 20:00) not signed.
#[test]
fn daily_report_lists_what_the_morning_meeting_works_through() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let add = |now: &str, args: &[&str]| ok(&db, now, args).trim().to_string();
    let c1 = add(
        "2026-11-17T10:00:00+08:00",
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
    let c2 = add(
        "2026-11-23T09:00:00+08:00",
        &[
            "add",
            "call",
            "--kind",
            "consultation",
            "--channel",
            "phone",
            "--summary",
            "停车",
        ],
    );
    ok(&db, "2026-11-24T10:00:00+08:00", &["act", &c2, "reply"]);
    let r1 = add(
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
        &["act", &r1, "dispatch", "--to", "李"],
    );
    let i1 = add(
        "2026-11-24T20:00:00+08:00",
        &[
            "add",
            "incident",
            "--type",
            "fire",
            "--summary",
            "3号楼车库起火",
        ],
    );
    ok(
        &db,
        "2026-11-24T20:30:00+08:00",
        &[
            "act",
            &i1,
            "report",
            "--to",
            "王经理",
            "--role",
            "项目经理",
            "--how",
            "phone",
        ],
    );
    add(
        "2026-11-24T21:00:00+08:00",
        &["add", "log", "--summary", "巡查"],
    );
    let v1 = add(
        "2026-11-24T22:00:00+08:00",
        &[
            "add",
            "call",
            "--kind",
            "consultation",
            "--channel",
            "phone",
            "--summary",
            "错录",
        ],
    );
    ok(
        &db,
        "2026-11-24T22:01:00+08:00",
        &["act", &v1, "void", "--reason", "错录"],
    );

    let now = "2026-11-25T08:30:00+08:00";
    let report: Value =
        serde_json::from_str(&ok(&db, now, &["report", "daily", "--json"])).unwrap();
    let missed = |id: &str, deadline: &str, due: &str, done: Option<&str>| serde_json::json!({"id": id, "deadline": deadline, "due": due, "done": done});
    assert_eq!(
        report["missed"],
        serde_json::json!([
            missed(
                &c2,
                "reply",
                "2026-11-24T09:00:00+08:00",
                Some("2026-11-24T10:00:00+08:00")
            ),
            missed(&c1, "reply", "2026-11-24T10:00:00+08:00", None),
            missed(
                &r1,
                "dispatch",
                "2026-11-24T13:07:00+08:00",
                Some("2026-11-24T13:20:00+08:00")
            ),
            missed(&r1, "arrival", "2026-11-24T13:15:00+08:00", None),
            missed(
                &i1,
                "report",
                "2026-11-24T20:10:00+08:00",
                Some("2026-11-24T20:30:00+08:00")
            ),
        ]),
        "{report:#}"
    );
    let mut open = vec![i1.clone(), r1.clone()];
    open.sort();
    assert_eq!(report["still_open"], serde_json::json!(open));
    assert_eq!(report["incidents"].as_array().unwrap().len(), 1);
    assert_eq!(report["incidents"][0]["id"], i1.as_str());
    assert_eq!(report["incidents"][0]["category"], "fire");
    assert_eq!(
        report["late_handovers"],
        serde_json::json!([
            {"shift_start": "2026-11-24T08:00:00+08:00", "state": "not_signed", "id": null, "signed_at": null},
            {"shift_start": "2026-11-24T20:00:00+08:00", "state": "not_signed", "id": null, "signed_at": null},
        ])
    );
    // The existing figures are still there.
    // Received that day: R1, I1, L1, V1 (C1 and C2 came earlier).
    assert_eq!(report["records"], 4);
    assert_eq!(report["voided"], 1);
    assert_eq!(report["handovers"]["not_signed"], 2);
    // The other periods do not carry the lists.
    let weekly: Value =
        serde_json::from_str(&ok(&db, now, &["report", "weekly", "--json"])).unwrap();
    assert!(weekly.get("missed").is_none(), "{weekly:#}");

    // The same lists for people, in English and Chinese.
    let text = ok(&db, now, &["report", "daily"]);
    for want in [
        "deadlines due that day, missed or overdue:",
        &format!("{c1} "),
        "still overdue",
        "done 2026-11-24T13:20:00+08:00",
        "received and still open",
        "3号楼车库起火",
        "handovers late or not signed:",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .args(["report", "daily"])
        .env("DUTYDESK_DB", &db)
        .env("DUTYDESK_NOW", now)
        .env("DUTYDESK_CONFIG", "/nonexistent/config.toml")
        .env("DUTYDESK_LANG", "zh")
        .env("TZ", "Asia/Shanghai")
        .output()
        .unwrap();
    let zh = String::from_utf8(out.stdout).unwrap();
    for want in [
        "当日到期的时限",
        "仍超时",
        "当日受理仍未办结",
        "重大事项:",
        "未签收",
    ] {
        assert!(zh.contains(want), "{want:?} in\n{zh}");
    }
}

/// The complaint analysis of 2026Q4 at 2026-12-02 10:00, worked out by hand:
/// - K0 (09-28, room 3-2-1201, 楼上漏水) is of Q3; K1 (10-05, same room, 楼上漏水) repeats it, K2
///   (10-20, same room, 楼上又漏水) repeats K1: one recurring problem, K0 K1 K2, 3 times.
/// - R1 (10-10, 7-1-101, 水龙头滴水) and R2 (10-12, 水龙头又滴水): a recurring repair, 2 times.
/// - K3 (11-02, 5-1-301, important) resolved 2 h later; K4 (12-01, no room, unclassified)
///   not answered.
///
/// Complaints of Q4: K1 K2 K3 K4 = 4; minor 2, important 1, unclassified 1; building 3: 2,
/// 5: 1, none: 1; repeats: K1, K2 = 2.
/// First reply: K1 60 min, K2 30, K3 120 (the resolution) → median 60, worst 120; on time: K1,
/// K2, K3 met, K4 overdue (end of 12-01) → 3 / 4 = 75 %.
/// Resolution: K1 1440 min, K2 14400, K3 120 → median 1440, worst 14400; final answer (7 days):
/// K1 met, K2 missed (10-27 < 10-30), K3 met, K4 not yet due → 2 / 3 = 66.7 %.
#[test]
fn quarterly_and_yearly_reports_analyse_complaints_recurring_problems_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.db");
    let add = |now: &str, args: &[&str]| ok(&db, now, args).trim().to_string();
    let complaint = |now: &str, room: Option<&str>, class: Option<&str>, summary: &str| {
        let mut args = vec![
            "add",
            "call",
            "--kind",
            "complaint",
            "--channel",
            "phone",
            "--summary",
            summary,
            "--name",
            "王",
        ];
        if let Some(room) = room {
            args.extend(["--room", room]);
        }
        if let Some(class) = class {
            args.extend(["--class", class]);
        }
        add(now, &args)
    };
    let k0 = complaint(
        "2026-09-28T09:00:00+08:00",
        Some("3-2-1201"),
        Some("minor"),
        "楼上漏水",
    );
    let k1 = complaint(
        "2026-10-05T09:00:00+08:00",
        Some("3-2-1201"),
        Some("minor"),
        "楼上漏水",
    );
    ok(&db, "2026-10-05T10:00:00+08:00", &["act", &k1, "reply"]);
    ok(&db, "2026-10-06T09:00:00+08:00", &["act", &k1, "resolve"]);
    let repair = |now: &str, summary: &str| {
        add(
            now,
            &[
                "add",
                "repair",
                "--category",
                "general",
                "--room",
                "7-1-101",
                "--location",
                "7号楼",
                "--summary",
                summary,
            ],
        )
    };
    let r1 = repair("2026-10-10T09:00:00+08:00", "水龙头滴水");
    let r2 = repair("2026-10-12T09:00:00+08:00", "水龙头又滴水");
    let k2 = complaint(
        "2026-10-20T09:00:00+08:00",
        Some("3-2-1201"),
        Some("minor"),
        "楼上又漏水",
    );
    ok(&db, "2026-10-20T09:30:00+08:00", &["act", &k2, "reply"]);
    ok(&db, "2026-10-30T09:00:00+08:00", &["act", &k2, "resolve"]);
    let k3 = complaint(
        "2026-11-02T09:00:00+08:00",
        Some("5-1-301"),
        Some("important"),
        "电梯噪音大",
    );
    ok(&db, "2026-11-02T11:00:00+08:00", &["act", &k3, "resolve"]);
    let _k4 = complaint("2026-12-01T09:00:00+08:00", None, None, "保安态度");

    let now = "2026-12-02T10:00:00+08:00";
    let q: Value = serde_json::from_str(&ok(
        &db,
        now,
        &["report", "quarterly", "--quarter", "2026Q4", "--json"],
    ))
    .unwrap();
    assert_eq!(
        (q["from"].as_str(), q["to"].as_str()),
        (Some("2026-10-01"), Some("2026-12-31"))
    );
    let c = &q["complaint_analysis"];
    let recurring: Vec<(String, u64)> = c["recurring"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["first"].as_str().unwrap().to_string(),
                p["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(recurring, vec![(k0.clone(), 3), (r1.clone(), 2)], "{c:#}");
    assert_eq!(c["recurring"][0]["ids"], serde_json::json!([k0, k1, k2]));
    assert_eq!(c["recurring"][0]["place"], "3-2-1201");
    assert_eq!(c["recurring"][1]["ids"], serde_json::json!([r1, r2]));
    assert_eq!(c["complaints"], 4);
    assert_eq!(
        c["by_class"],
        serde_json::json!({"important": 1, "minor": 2, "unclassified": 1})
    );
    assert_eq!(
        c["by_building"],
        serde_json::json!({"3": 2, "5": 1, "none": 1})
    );
    assert_eq!(c["repeats"], 2);
    assert_eq!(
        c["first_reply"],
        serde_json::json!({"done": 3, "median_minutes": 60, "worst_minutes": 120, "on_time_rate": 75.0})
    );
    assert_eq!(
        c["resolution"],
        serde_json::json!({"done": 3, "median_minutes": 1440, "worst_minutes": 14400, "on_time_rate": 66.7})
    );
    // The existing figures are kept; the daily lists are not there.
    assert_eq!(q["complaints_by_class"]["minor"], 2);
    assert!(q.get("missed").is_none());

    // The year holds K0 too: the recurring problem starts inside it, 5 complaints.
    let y: Value = serde_json::from_str(&ok(
        &db,
        now,
        &["report", "yearly", "--year", "2026", "--json"],
    ))
    .unwrap();
    assert_eq!(
        (y["from"].as_str(), y["to"].as_str()),
        (Some("2026-01-01"), Some("2026-12-31"))
    );
    assert_eq!(y["complaint_analysis"]["complaints"], 5);
    assert_eq!(y["complaint_analysis"]["by_building"]["3"], 3);
    assert_eq!(y["complaint_analysis"]["recurring"][0]["count"], 3);
    // The week of K3 (Monday 11-02) gets the same section.
    let w: Value = serde_json::from_str(&ok(
        &db,
        now,
        &["report", "weekly", "--date", "2026-11-02", "--json"],
    ))
    .unwrap();
    let wc = &w["complaint_analysis"];
    assert_eq!(wc["complaints"], 1);
    assert_eq!(wc["by_building"], serde_json::json!({"5": 1}));
    assert_eq!(wc["recurring"], serde_json::json!([]));
    // The monthly report has no complaint analysis (its subject is the callbacks).
    let m: Value = serde_json::from_str(&ok(&db, now, &["report", "monthly", "--json"])).unwrap();
    assert!(m.get("complaint_analysis").is_none());

    // For people: recurring problems before the rest of the section.
    let text = ok(&db, now, &["report", "quarterly", "--quarter", "2026q4"]);
    let recurring_at = text.find("recurring problems:").expect(&text);
    let by_class_at = text.rfind("complaints by class").expect(&text);
    assert!(recurring_at < by_class_at, "{text}");
    assert!(text.contains("3-2-1201 3 times"), "{text}");
    assert!(
        text.contains("median 60 min, worst 120 min (on time 75%)"),
        "{text}"
    );
}

#[test]
fn a_bad_quarter_or_year_is_refused_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let now = "2026-12-02T10:00:00+08:00";
    ok(&db, now, &["add", "log", "--summary", "巡查"]);
    for (args, flag) in [
        (
            &["report", "quarterly", "--quarter", "2026Q5"][..],
            "quarter",
        ),
        (&["report", "quarterly", "--quarter", "26Q1"][..], "quarter"),
        (
            &["report", "quarterly", "--quarter", "2026-4"][..],
            "quarter",
        ),
        (&["report", "daily", "--quarter", "2026Q4"][..], "quarter"),
        (&["report", "yearly", "--year", "26"][..], "year"),
        (&["report", "yearly", "--year", "2026x"][..], "year"),
        (&["report", "monthly", "--year", "2026"][..], "year"),
    ] {
        let out = run(&db, now, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(flag), "{args:?} names --{flag}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // Without a flag: the quarter and year containing yesterday.
    let q: Value = serde_json::from_str(&ok(&db, now, &["report", "quarterly", "--json"])).unwrap();
    assert_eq!(q["from"], "2026-10-01");
    let y: Value = serde_json::from_str(&ok(&db, now, &["report", "yearly", "--json"])).unwrap();
    assert_eq!(
        (y["from"].as_str(), y["to"].as_str()),
        (Some("2026-01-01"), Some("2026-12-31"))
    );
}

/// `calls_by_hour`: calls and visits of the period by the local hour they came in (0 to 23),
/// neither duty-log entries nor repairs; the same 24 figures the desk's reviews chart.
#[test]
fn calls_are_counted_by_local_hour() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let now = "2026-11-25T10:00:00+08:00";
    for (kind, at) in [
        ("consultation", "2026-11-24 09:05"),
        ("complaint", "2026-11-24 09:40"),
        ("help", "2026-11-24 23:59"),
        // The day before and the day after: not in the day.
        ("help", "2026-11-23 23:59"),
        ("help", "2026-11-25 00:00"),
    ] {
        ok(
            &db,
            now,
            &[
                "add",
                "call",
                "--kind",
                kind,
                "--channel",
                "visit",
                "--summary",
                "问",
                "--at",
                at,
            ],
        );
    }
    ok(
        &db,
        now,
        &[
            "add",
            "log",
            "--summary",
            "巡查",
            "--at",
            "2026-11-24 09:10",
        ],
    );
    ok(
        &db,
        now,
        &[
            "add",
            "repair",
            "--category",
            "general",
            "--location",
            "大堂",
            "--summary",
            "灯不亮",
            "--at",
            "2026-11-24 09:20",
        ],
    );
    let v: Value = serde_json::from_str(&ok(
        &db,
        now,
        &["report", "daily", "--date", "2026-11-24", "--json"],
    ))
    .unwrap();
    let mut want = vec![0u64; 24];
    want[9] = 2;
    want[23] = 1;
    assert_eq!(v["calls_by_hour"], serde_json::json!(want), "{v}");
    // A week adds up the hours of its days.
    let v: Value = serde_json::from_str(&ok(
        &db,
        now,
        &["report", "weekly", "--date", "2026-11-24", "--json"],
    ))
    .unwrap();
    want[0] = 1;
    want[23] = 2;
    assert_eq!(v["calls_by_hour"], serde_json::json!(want), "{v}");
}
