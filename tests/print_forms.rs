//! `show R-… --print` (the work order, 《日常报修单》) and `show C-… --print` (the complaint slip)
//! through the real binary: every line within 80 columns (a Chinese character counts two), the
//! serial number on every part, the phone masked for a read-only user, the text pinned as a
//! golden file; kinds without a paper form refused with exit 2 naming the flag.

use std::process::{Command, Output};
use unicode_width::UnicodeWidthStr;

const NOW: &str = "2026-11-25T03:00:00+08:00";

fn run(db: &std::path::Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .args(args)
        .env("DUTYDESK_DB", db)
        .env("DUTYDESK_NOW", NOW)
        .env("DUTYDESK_OPERATOR", "desk")
        .env("DUTYDESK_CONFIG", "/nonexistent/config.toml")
        .env("DUTYDESK_LANG", lang)
        .env("TZ", "Asia/Shanghai")
        .output()
        .unwrap()
}

fn ok(db: &std::path::Path, lang: &str, args: &[&str]) -> String {
    let out = run(db, lang, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A repair sent to a technician, and a resolved one with its work order completed; a complaint
/// classed, reported upward, resolved and called back, and one just received.
fn records(db: &std::path::Path) -> [String; 5] {
    let add = |args: &[&str]| ok(db, "en", args).trim().to_string();
    let repair = add(&[
        "add",
        "repair",
        "--category",
        "elevator_entrapment",
        "--location",
        "5号楼2单元电梯",
        "--room",
        "5-2-1201",
        "--reporter",
        "王先生",
        "--phone",
        "13800138000",
        "--summary",
        "电梯停在12楼, 2人被困, 轿厢内有老人和小孩, 请尽快派人到场处理并通知电梯维保公司",
        "--at",
        "02:00",
    ]);
    ok(
        db,
        "en",
        &[
            "act",
            &repair,
            "dispatch",
            "--to",
            "李师傅",
            "--at",
            "02:05",
        ],
    );
    let done = add(&[
        "add",
        "repair",
        "--category",
        "general",
        "--location",
        "厨房",
        "--room",
        "3-1-502",
        "--reporter",
        "Ms Zhou",
        "--phone",
        "13912345678",
        "--summary",
        "Kitchen tap drips",
        "--at",
        "00:10",
    ]);
    ok(
        db,
        "en",
        &["act", &done, "dispatch", "--to", "Lao Liu", "--at", "00:12"],
    );
    ok(db, "en", &["act", &done, "arrive", "--at", "00:20"]);
    ok(
        db,
        "en",
        &[
            "act",
            &done,
            "resolve",
            "--work",
            "换阀芯",
            "--materials",
            "阀芯 1 个",
            "--fee",
            "35",
            "--signed",
            "yes",
            "--rating",
            "satisfied",
            "--at",
            "00:50",
        ],
    );
    let complaint = add(&[
        "add",
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--name",
        "罗女士",
        "--phone",
        "15763620299",
        "--room",
        "9-1-1203",
        "--summary",
        "投诉电梯维修后仍频繁故障",
        "--class",
        "major",
        "--at",
        "2026-11-24 21:12",
    ]);
    ok(
        db,
        "en",
        &[
            "act",
            &complaint,
            "report",
            "--to",
            "张经理",
            "--role",
            "项目经理",
            "--how",
            "phone",
            "--answer",
            "明早派维保公司复查",
            "--at",
            "2026-11-24 21:30",
        ],
    );
    ok(
        db,
        "en",
        &[
            "act",
            &complaint,
            "resolve",
            "--result",
            "维保公司已更换控制板",
            "--at",
            "2026-11-24 23:00",
        ],
    );
    ok(
        db,
        "en",
        &[
            "act",
            &complaint,
            "callback",
            "--form",
            "phone",
            "--satisfaction",
            "satisfied",
            "--at",
            "02:30",
        ],
    );
    let fresh = add(&[
        "add",
        "call",
        "--kind",
        "complaint",
        "--channel",
        "letter",
        "--name",
        "Mr Chen",
        "--phone",
        "13600001111",
        "--summary",
        "Noise from the gym after 22:00",
        "--at",
        "01:00",
    ]);
    let log = add(&["add", "log", "--summary", "巡查正常"]);
    [repair, done, complaint, fresh, log]
}

fn check_lines(text: &str) {
    for line in text.lines() {
        assert!(line.width() <= 80, "{} columns: {line}", line.width());
    }
}

#[test]
fn the_work_order_has_three_parts_each_numbered_within_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let [repair, done, ..] = records(&db);
    for lang in ["zh", "en"] {
        for id in [&repair, &done] {
            let text = ok(&db, lang, &["show", id, "--print"]);
            check_lines(&text);
            assert_eq!(text.matches(id.as_str()).count(), 3, "{text}");
            for part in [
                ["客服联", "工程联", "财务联"],
                ["CUSTOMER SERVICE", "ENGINEERING", "FINANCE"],
            ][usize::from(lang == "en")]
            {
                assert_eq!(text.matches(part).count(), 1, "{part}: {text}");
            }
            insta::assert_snapshot!(format!("work_order_{lang}_{id}"), text);
        }
    }
    // An open repair leaves lines for the materials, the fee and the owner's signature; the
    // completed one carries what was recorded.
    let open = ok(&db, "zh", &["show", &repair, "--print"]);
    for blank in ["所用材料      ____", "收费(元)      ____", "业主签字: ____"] {
        assert_eq!(open.matches(blank).count(), 3, "{blank}: {open}");
    }
    assert!(open.contains("维修人员      李师傅"), "{open}");
    let closed = ok(&db, "zh", &["show", &done, "--print"]);
    for known in ["阀芯 1 个", "换阀芯", "收费(元)      35"] {
        assert_eq!(closed.matches(known).count(), 3, "{known}: {closed}");
    }
}

#[test]
fn the_complaint_slip_carries_class_handler_reports_result_and_callback() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let [_, _, complaint, fresh, _] = records(&db);
    for lang in ["zh", "en"] {
        for id in [&complaint, &fresh] {
            let text = ok(&db, lang, &["show", id, "--print"]);
            check_lines(&text);
            assert_eq!(text.matches(id.as_str()).count(), 1, "{text}");
            insta::assert_snapshot!(format!("complaint_slip_{lang}_{id}"), text);
        }
    }
    let text = ok(&db, "zh", &["show", &complaint, "--print"]);
    for fact in [
        "重大投诉",
        "上报上层管理处",
        "张经理",
        "维保公司已更换控制板",
        "电话回访 满意",
    ] {
        assert!(text.contains(fact), "{fact}: {text}");
    }
    // Not classed, no result, no callback yet: lines to write them on.
    let text = ok(&db, "en", &["show", &fresh, "--print"]);
    assert!(text.contains("Class         ______"), "{text}");
    assert!(text.contains("Result        ______"), "{text}");
}

#[test]
fn the_phone_is_whole_for_the_desk_and_masked_for_a_read_only_user() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let [repair, _, complaint, ..] = records(&db);
    for (id, whole, masked) in [
        (&repair, "13800138000", "138****8000"),
        (&complaint, "15763620299", "157****0299"),
    ] {
        let text = ok(&db, "en", &["show", id, "--print"]);
        assert!(text.contains(whole) && !text.contains(masked), "{text}");
        let text = ok(&db, "en", &["--read-only", "show", id, "--print"]);
        assert!(!text.contains(whole), "{text}");
        assert!(text.contains(masked), "{text}");
    }
}

#[test]
fn kinds_without_a_paper_form_are_refused_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let [.., log] = records(&db);
    let consultation = ok(
        &db,
        "en",
        &[
            "add",
            "call",
            "--kind",
            "consultation",
            "--channel",
            "phone",
            "--summary",
            "停车费标准",
        ],
    );
    for id in [log.as_str(), consultation.trim()] {
        let out = run(&db, "en", &["show", id, "--print"]);
        assert_eq!(out.status.code(), Some(2), "{id}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--print"), "{err}");
        assert!(out.stdout.is_empty());
    }
}
