//! No input can break the file for good, and wrong settings fail loudly: every time given by
//! people or config lies between 2000-01-01 and 2099-12-31 (else exit 2, nothing written), an
//! appointment is not before the record, ids have four-digit years; an unknown zone, a bad
//! shift or an unknown config key is exit 2 naming it; config text is sanitised.

mod common;

use common::{Desk, Run};
use std::path::PathBuf;

const NOW: &str = "2026-11-25T03:00:00+08:00";

fn run_env(d: &Desk, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = d.command();
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.args(args).output().expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Refused with exit 2, one line naming `field`, and the database exactly as it was.
fn refused(d: &Desk, env: &[(&str, &str)], args: &[&str], field: &str) -> String {
    let before = d.state();
    let run = run_env(d, env, args);
    assert_eq!(
        run.code, 2,
        "{args:?} {env:?}: {}{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stderr.starts_with(&format!("dutydesk: {field}")),
        "{args:?} {env:?} should name {field}: {}",
        run.stderr
    );
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    assert_eq!(d.state(), before, "{args:?} {env:?} wrote something");
    run.stderr
}

/// Every lookup and inspection still works on the file.
fn file_still_works(d: &Desk) {
    d.ok(&["list"]);
    d.json(&["list"]);
    d.ok(&["search", "x"]);
    d.ok(&["export", "--format", "csv"]);
    d.ok(&["export", "--format", "json"]);
    d.ok(&["verify"]);
    d.ok(&["stats"]);
    let backup = d.path("backup.db");
    d.ok(&["backup", backup.to_str().unwrap()]);
}

fn ids(d: &Desk) -> Vec<String> {
    common::ids(&d.json(&["list", "--limit", "0"]))
}

#[test]
fn a_time_before_2000_is_refused_and_the_file_keeps_working() {
    let d = Desk::new(NOW);
    d.add(&["log", "--summary", "x first"]);
    let message = refused(
        &d,
        &[],
        &[
            "add",
            "log",
            "--summary",
            "x",
            "--at",
            "0000-01-01T00:00:00+14:00",
        ],
        "at",
    );
    assert!(
        message.contains("0000-01-01T00:00:00+14:00 is outside 2000-01-01 to 2099-12-31"),
        "{message}"
    );
    file_still_works(&d);
}

#[test]
fn at_is_checked_at_the_edges_of_the_range() {
    let d = Desk::with_empty_database(NOW);
    for bad in [
        "1999-12-31T23:59:59",
        "1999-12-31 23:59",
        "2000-01-01T00:00:00+14:00",
        "-0001-01-01T00:00:00Z",
        "0000-01-01 00:00",
        "10000-01-01T00:00:00Z",
        "+10000-01-01 00:00",
        "2026-11-25T03:00:00+99:00",
        "now-ish",
        "",
    ] {
        let at = format!("--at={bad}");
        refused(&d, &[], &["add", "log", "--summary", "x", &at], "at");
        refused(
            &d,
            &[],
            &[
                "add",
                "call",
                "--kind",
                "consultation",
                "--channel",
                "phone",
                "--summary",
                "x",
                &at,
            ],
            "at",
        );
    }
    let first = d.add(&["log", "--summary", "x", "--at", "2000-01-01T00:00:00"]);
    assert_eq!(first, "L-2000-00001");
    let west = d.add(&["log", "--summary", "x", "--at", "2000-01-01T00:00:00-12:00"]);
    assert_eq!(west, "L-2000-00002");
    for id in ids(&d) {
        let year = id.split('-').nth(1).unwrap();
        assert!(
            year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()),
            "{id}"
        );
    }
    file_still_works(&d);
}

#[test]
fn act_at_out_of_range_is_refused() {
    let d = Desk::new(NOW);
    let r = d.add(&[
        "repair",
        "--category",
        "general",
        "--location",
        "3-2 hall",
        "--summary",
        "x tap",
        "--at",
        "02:00",
    ]);
    for bad in [
        "0000-01-01T00:00:00+14:00",
        "1999-12-31T23:59:59",
        "2100-01-01 00:00",
    ] {
        let at = format!("--at={bad}");
        refused(&d, &[], &["act", &r, "dispatch", "--to", "李", &at], "at");
        refused(&d, &[], &["act", &r, "arrive", &at], "at");
        refused(&d, &[], &["act", &r, "note", "x", &at], "at");
    }
    d.ok(&["act", &r, "dispatch", "--to", "李", "--at", "02:10"]);
    d.ok(&["act", &r, "arrive", "--at", "02:20"]);
    refused(
        &d,
        &[],
        &["act", &r, "resolve", "--at=-0001-01-01T00:00:00Z"],
        "at",
    );
    refused(
        &d,
        &[],
        &["act", &r, "resolve", "--at", "2000-01-01T00:00:00"],
        "at",
    );
    d.ok(&["act", &r, "resolve", "--at", "02:30"]);
    file_still_works(&d);
}

#[test]
fn appointments_lie_in_range_and_not_before_the_record() {
    let d = Desk::with_empty_database(NOW);
    let paid = |appointment: &str| {
        vec![
            "add".to_string(),
            "repair".into(),
            "--category".into(),
            "paid".into(),
            "--location".into(),
            "3-2-1201".into(),
            "--summary".into(),
            "x lock".into(),
            "--at".into(),
            "02:00".into(),
            "--appointment".into(),
            appointment.into(),
        ]
    };
    for bad in [
        "2100-01-01T00:00:00",
        "2099-12-31T23:59:59-12:00",
        "10000-01-01T00:00:00Z",
        "1999-12-31T23:59:59",
    ] {
        let args = paid(bad);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&d, &[], &args, "appointment");
    }
    // Before the record was received (02:00), though in range.
    let args = paid("2026-11-25T01:00:00+08:00");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let message = refused(&d, &[], &args, "appointment");
    assert!(
        message.contains("before the record was received"),
        "{message}"
    );
    let zh = run_env(&d, &[("DUTYDESK_LANG", "zh")], &args);
    assert_eq!(zh.code, 2);
    assert!(
        zh.stderr.contains("预约时间不能早于接报时间"),
        "{}",
        zh.stderr
    );
    // The far edge is handled where the future is allowed.
    let args = paid("2099-12-31T23:59:59");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let id = d.ok(&args).trim().to_string();
    assert_eq!(id, "R-2026-00001");
    let shown = d.show(&id);
    assert!(
        shown.to_string().contains("2099-12-31T23:59:59+08:00"),
        "{shown}"
    );
    file_still_works(&d);
}

#[test]
fn lookups_out_of_range_are_bad_input() {
    let d = Desk::new(NOW);
    d.add(&["log", "--summary", "x"]);
    for (args, field) in [
        (vec!["list", "--since", "1999-12-31"], "since"),
        (
            vec!["list", "--since", "0000-01-01T00:00:00+14:00"],
            "since",
        ),
        (vec!["report", "daily", "--date", "0000-01-01"], "date"),
        (vec!["report", "monthly", "--date", "2100-01-01"], "date"),
        (
            vec!["export", "--format", "csv", "--since", "1999-12-31"],
            "since",
        ),
        (
            vec!["export", "--format", "csv", "--until", "10000-01-01"],
            "until",
        ),
        (
            vec!["calendar", "--from", "1900-01-01", "--to", "1900-01-03"],
            "from",
        ),
        (
            vec!["calendar", "--from", "2099-12-01", "--to", "2100-01-01"],
            "to",
        ),
        (vec!["handover", "list", "--since=-0001-01-01"], "since"),
        (vec!["handover", "list", "--since", "1999-12-31"], "since"),
    ] {
        refused(&d, &[], &args, field);
    }
    d.ok(&["calendar", "--from", "2099-12-30", "--to", "2099-12-31"]);
    d.ok(&["list", "--since", "2000-01-01"]);
}

#[test]
fn dutydesk_now_out_of_range_or_unparsable_is_refused() {
    let d = Desk::new(NOW);
    d.add(&["log", "--summary", "x"]);
    for bad in [
        "0000-01-01T00:00:00+14:00",
        "1999-12-31T23:59:59+08:00",
        "2100-01-01T00:00:00+08:00",
        "2026-11-25 03:00",
        "yesterday",
    ] {
        refused(
            &d,
            &[("DUTYDESK_NOW", bad)],
            &["add", "log", "--summary", "x"],
            "DUTYDESK_NOW",
        );
        refused(&d, &[("DUTYDESK_NOW", bad)], &["list"], "DUTYDESK_NOW");
    }
    let zh = run_env(
        &d,
        &[
            ("DUTYDESK_NOW", "0000-01-01T00:00:00Z"),
            ("DUTYDESK_LANG", "zh"),
        ],
        &["list"],
    );
    assert_eq!(zh.code, 2);
    assert!(
        zh.stderr.contains("DUTYDESK_NOW") && zh.stderr.contains("2000-01-01 到 2099-12-31"),
        "{}",
        zh.stderr
    );
}

#[test]
fn an_unknown_zone_in_tz_is_refused_naming_it() {
    let d = Desk::new(NOW);
    d.add(&["log", "--summary", "x"]);
    for bad in [
        "garbage/zone",
        "Asia/Shangha",
        "CST-8:30",
        "CST6CDT,M3.2.0,M11.1.0",
    ] {
        let message = refused(&d, &[("TZ", bad)], &["list"], "TZ");
        assert!(message.contains(bad), "{message}");
        refused(&d, &[("TZ", bad)], &["add", "log", "--summary", "x"], "TZ");
    }
    let posix = refused(&d, &[("TZ", "CST-8:30")], &["list"], "TZ");
    assert!(posix.contains("Asia/Shanghai"), "{posix}");
    let zh = run_env(
        &d,
        &[("TZ", "garbage/zone"), ("DUTYDESK_LANG", "zh")],
        &["list"],
    );
    assert_eq!(zh.code, 2);
    assert!(zh.stderr.contains("不是时区名称"), "{}", zh.stderr);
}

#[test]
fn tz_forms_that_name_a_zone_work() {
    let d = Desk::new(NOW);
    let id = d.add(&["log", "--summary", "x"]);
    for (tz, shown) in [
        ("Asia/Shanghai", "Asia/Shanghai (from TZ)"),
        (":Asia/Shanghai", "Asia/Shanghai (from TZ)"),
        ("CST-8", "Etc/GMT-8 (from TZ)"),
        ("UTC", "UTC (from TZ)"),
        ("Etc/UTC", "Etc/UTC (from TZ)"),
    ] {
        let run = run_env(&d, &[("TZ", tz)], &["config"]);
        assert_eq!(run.code, 0, "{tz}: {}", run.stderr);
        assert!(
            run.stdout
                .starts_with(&format!("# time zone in use: {shown}")),
            "{tz}: {}",
            run.stdout
        );
    }
    // CST-8 is eight hours ahead of UTC, as the C library reads it, never UTC.
    let run = run_env(&d, &[("TZ", "CST-8")], &["show", &id, "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["created_at"], "2026-11-25T03:00:00+08:00");
}

/// A desk whose config file holds `toml`.
fn with_config(toml: &str) -> (Desk, PathBuf) {
    let d = Desk::with_empty_database(NOW);
    let path = d.path("config.toml");
    std::fs::write(&path, toml).expect("write the config");
    (d, path)
}

fn config_refused(toml: &str, key: &str) -> String {
    let (d, path) = with_config("");
    d.add(&["log", "--summary", "x"]);
    std::fs::write(&path, toml).expect("write the config");
    let env = [("DUTYDESK_CONFIG", path.to_str().unwrap())];
    let message = refused(&d, &env, &["list"], "config");
    assert!(
        message.contains(key),
        "{toml}\nshould name {key}: {message}"
    );
    refused(&d, &env, &["add", "log", "--summary", "x"], "config");
    message
}

#[test]
fn wrong_shifts_are_refused_naming_the_key() {
    let shift = |start: &str| format!("[[shifts]]\nname = \"Day\"\nstart = \"{start}\"\n");
    for start in ["24:00", "8am", "08:60", "", "08:00:00", "-1:00"] {
        let message = config_refused(&shift(start), "shifts[0].start");
        assert!(message.contains(&format!("'{start}'")), "{message}");
    }
    config_refused("shifts = []\n", "shifts");
    config_refused(
        "[[shifts]]\nname = \"Day\"\nstart = \"08:00\"\n[[shifts]]\nname = \"Night\"\nstart = \"8:00\"\n",
        "shifts[1].start",
    );
    config_refused(
        "[[shifts]]\nname = \"Day\"\nstart = \"08:00\"\n[[shifts]]\nname = \"Day\"\nstart = \"20:00\"\n",
        "shifts[1].name",
    );
    config_refused(
        "[[shifts]]\nname = \"  \"\nstart = \"08:00\"\n",
        "shifts[0].name",
    );
    let (d, path) = with_config(&shift("24:00"));
    let zh = run_env(
        &d,
        &[
            ("DUTYDESK_CONFIG", path.to_str().unwrap()),
            ("DUTYDESK_LANG", "zh"),
        ],
        &["list"],
    );
    assert_eq!(zh.code, 2);
    assert!(
        zh.stderr.contains(&format!(
            "配置文件 {} 第 3 行: shifts[0].start",
            path.display()
        )) && zh.stderr.contains("不是 HH:MM"),
        "{}",
        zh.stderr
    );
}

#[test]
fn unknown_keys_anywhere_in_the_config_are_refused() {
    for (toml, key) in [
        ("estate = \"x\"\nshfits = []\n", "shfits"),
        ("[rules]\ndispatch_minute = 5\n", "dispatch_minute"),
        (
            "[[shifts]]\nname = \"Day\"\nstart = \"08:00\"\nstrat = \"09:00\"\n",
            "strat",
        ),
        ("[calendar]\nholiday = []\n", "holiday"),
        (
            "[[calendar.holidays]]\ndate = \"2027-01-01\"\nname = \"x\"\nwhen = 1\n",
            "when",
        ),
    ] {
        config_refused(toml, key);
    }
}

#[test]
fn config_zone_and_calendar_dates_are_checked() {
    let message = config_refused("timezone = \"garbage/zone\"\n", "timezone");
    assert!(message.contains("garbage/zone"), "{message}");
    config_refused("timezone = \"CST6CDT,M3.2.0,M11.1.0\"\n", "timezone");
    for date in ["1999-12-31", "2100-01-01"] {
        config_refused(
            &format!("[[calendar.holidays]]\ndate = \"{date}\"\nname = \"x\"\n"),
            "calendar.holidays[0].date",
        );
        config_refused(
            &format!("[[calendar.workdays]]\ndate = \"{date}\"\nname = \"x\"\n"),
            "calendar.workdays[0].date",
        );
    }
    let (d, path) = with_config("timezone = \"Asia/Shanghai\"\n");
    let run = run_env(
        &d,
        &[
            ("DUTYDESK_CONFIG", path.to_str().unwrap()),
            ("TZ", "garbage/zone"),
        ],
        &["config"],
    );
    assert_eq!(
        run.code, 0,
        "the config's zone wins over TZ: {}",
        run.stderr
    );
    assert!(
        run.stdout
            .starts_with("# time zone in use: Asia/Shanghai (from timezone in the config)"),
        "{}",
        run.stdout
    );
}

const OSC52: &str = "\\u001b]52;c;aGk=\\u0007";

/// Names from the config holding an escape sequence never reach a terminal (nor the robots'
/// groups or the company's server): the config is refused when it is read, by every command,
/// naming the file, the line and the key, and nothing is written (tests/config_names.rs has
/// every key).
#[test]
fn config_text_with_an_escape_sequence_is_refused_before_it_reaches_a_terminal() {
    for (toml, key, line) in [
        (format!("estate = \"Estate{OSC52}\"\n"), "estate", 1),
        (
            format!(
                "[[shifts]]\nname = \"Day\"\nstart = \"08:00\"\n[[shifts]]\nname = \"Night{OSC52}\"\nstart = \"20:00\"\n"
            ),
            "shifts[1].name",
            5,
        ),
        (
            format!("[[calendar.holidays]]\ndate = \"2027-01-04\"\nname = \"Rest{OSC52}\"\n"),
            "calendar.holidays[0].name",
            3,
        ),
    ] {
        let (d, path) = with_config("");
        d.add(&["log", "--summary", "白班巡查", "--at", "2026-11-24 19:00"]);
        std::fs::write(&path, &toml).expect("write the config");
        let env = [("DUTYDESK_CONFIG", path.to_str().unwrap())];
        for args in [
            &["handover", "show"][..],
            &["handover", "show", "--json"],
            &["snapshot", "--tab", "handover", "--format", "ansi"],
            &["calendar", "--from", "2027-01-04", "--to", "2027-01-04"],
            &["config"],
            &["handover", "sign", "--by", "night"],
            &["add", "log", "--summary", "x"],
        ] {
            let message = refused(&d, &env, args, "config file");
            assert!(
                message.contains(&format!("{}, line {line}: {key}: ", path.display())),
                "{args:?}: {message}"
            );
            assert!(message.contains("U+001B (ESC)"), "{message}");
            assert!(!message.contains('\u{1b}') && !message.contains('\u{7}'));
        }
    }
}

/// The desk's form goes through the same parsing: an out-of-range time marks the field.
#[test]
fn the_desks_form_refuses_times_out_of_range() {
    use dutydesk::app::form::{FieldId, Form, Submission};
    use dutydesk::domain::RecordKind;
    use dutydesk::i18n::Lang;
    let fill = |form: &mut Form, id: FieldId, text: &str| {
        form.focus = form
            .fields
            .iter()
            .position(|f| f.id == id)
            .unwrap_or_else(|| panic!("no field {id:?}"));
        form.paste(text);
    };
    for bad in [
        "0000-01-01T00:00:00+14:00",
        "1999-12-31 23:59",
        "2100-01-01 00:00",
    ] {
        let mut form = Form::new_record(RecordKind::Log, &Default::default());
        fill(&mut form, FieldId::Summary, "x");
        fill(&mut form, FieldId::At, bad);
        assert!(
            form.submit(&common::policy(), common::t(NOW), Lang::En)
                .is_none(),
            "{bad} was accepted"
        );
        let at = form.fields.iter().find(|f| f.id == FieldId::At).unwrap();
        let error = at.error.as_deref().unwrap_or_default();
        assert!(
            error.contains("outside 2000-01-01 to 2099-12-31"),
            "{error}"
        );
    }
    let mut form = Form::new_record(RecordKind::Log, &Default::default());
    fill(&mut form, FieldId::Summary, "x");
    fill(&mut form, FieldId::At, "2000-01-01 00:00");
    let Some(Submission::New { at, .. }) = form.submit(&common::policy(), common::t(NOW), Lang::En)
    else {
        panic!("the first day of the range is accepted: {:?}", form.fields);
    };
    assert_eq!(common::local(at), "2000-01-01T00:00:00+08:00");
}

/// Whoever calls the store (the CLI, the desk), a time out of range or an appointment before
/// the record is refused there too, and nothing is written.
#[test]
fn the_store_refuses_what_no_parser_let_through() {
    use dutydesk::domain::*;
    use dutydesk::store::{OpenOptions, Stamp, Store};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db"), OpenOptions::default()).unwrap();
    let repair = |appointment: Option<&str>| NewRecord {
        details: RepairDetails {
            category: RepairCategory::Paid,
            appointment: appointment.map(common::t),
            warranty: false,
        }
        .into(),
        summary: "x lock".into(),
        room: None,
        location: Some("3号楼".into()),
        phone: None,
        name: None,
    };
    let stamp = |at: &str| Stamp {
        operator: "王值班",
        at: common::t(at),
        now: common::t(NOW),
    };
    let policy = common::policy();
    for (new, at, field) in [
        (
            repair(Some("2026-11-26T10:00:00+08:00")),
            "0000-01-01T00:00:00+14:00",
            "at",
        ),
        (
            repair(Some("2026-11-25T01:00:00+08:00")),
            "2026-11-25T02:00:00+08:00",
            "appointment",
        ),
        (
            repair(Some("2100-01-01T00:00:00+08:00")),
            "2026-11-25T02:00:00+08:00",
            "appointment",
        ),
    ] {
        let e = store
            .add(new, &stamp(at), &policy)
            .expect_err("refused")
            .to_string();
        assert!(e.starts_with(&format!("{field}: ")), "{e}");
    }
    assert_eq!(store.chain_head().unwrap().0, 0, "nothing was written");
    let ok = store
        .add(
            repair(Some("2026-11-25T02:00:00+08:00")),
            &stamp("2026-11-25T02:00:00+08:00"),
            &policy,
        )
        .unwrap();
    assert_eq!(ok.id.to_string(), "R-2026-00001");
}
