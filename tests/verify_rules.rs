//! The deadline columns and `repeat_of` follow the rules in force when a record was written
//! (`[rules]`, the time zone, the calendar, the repeat window). `verify` run under other rules
//! (another zone, a changed limit, a supervisor without the desk's configuration) must not call
//! that damage, and still catches what is wrong under any rules. Every write brings the open
//! records' deadline columns up to the writer's rules.

mod common;

use common::Desk;
use serde_json::Value;

const NOW: &str = "2026-11-25T03:00:00+08:00";

/// Open records with deadlines (an entrapment overdue for dispatch, a consultation, a written
/// complaint), a repeat five days after the first, and a closed-off log entry.
fn desk() -> Desk {
    let d = Desk::new(NOW);
    let repair = |room: &str, at: &str, summary: &str| {
        d.add(&[
            "repair",
            "--category",
            "general",
            "--room",
            room,
            "--location",
            "住宅",
            "--summary",
            summary,
            "--at",
            at,
        ])
    };
    assert_eq!(
        repair("3-2-1201", "2026-11-20 01:00", "厨房漏水"),
        "R-2026-00001"
    );
    assert_eq!(
        repair("3-2-1201", "2026-11-25 01:00", "厨房又漏水"),
        "R-2026-00002"
    );
    assert_eq!(
        repair("6-1-0101", "2026-11-25 01:30", "灯不亮"),
        "R-2026-00003"
    );
    let lift = d.add(&[
        "repair",
        "--category",
        "elevator_entrapment",
        "--location",
        "5号楼2单元电梯",
        "--summary",
        "电梯停在12楼, 2人被困",
        "--at",
        "02:30",
    ]);
    assert_eq!(lift, "R-2026-00004");
    d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "letter",
        "--summary",
        "楼道噪音",
        "--at",
        "02:40",
    ]);
    d.add(&["log", "--summary", "夜间巡查"]);
    assert_eq!(d.show("R-2026-00002")["repeat_of"], "R-2026-00001");
    d
}

/// A configuration file with `text`; its path.
fn config(d: &Desk, name: &str, text: &str) -> String {
    let path = d.path(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// `dutydesk args` with the configuration file `config` (None: none) and zone `tz`.
fn run(d: &Desk, config: Option<&str>, tz: &str, args: &[&str]) -> common::Run {
    let mut cmd = d.command();
    cmd.env("TZ", tz);
    if let Some(config) = config {
        cmd.env("DUTYDESK_CONFIG", config);
    }
    let out = cmd.args(args).output().expect("the binary runs");
    common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// verify --json under `config` and `tz`: (exit code, report).
fn verify(d: &Desk, config: Option<&str>, tz: &str) -> (i32, Value) {
    let run = run(d, config, tz, &["verify", "--json"]);
    (run.code, run.json())
}

fn sql(d: &Desk, sql: &str) {
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute_batch(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn due_at(d: &Desk, id: &str) -> Option<i64> {
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.query_row("SELECT due_at FROM records WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .unwrap()
}

const ZONE: &str = common::ZONE;

#[test]
fn other_rules_or_another_zone_are_no_damage_and_say_what_was_not_compared() {
    let d = desk();
    let (code, v) = verify(&d, None, ZONE);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(
        (&v["rules_match"], &v["repeats_compared"]),
        (&Value::Bool(true), &Value::Bool(true))
    );
    let slower = config(&d, "slower.toml", "[rules]\ndispatch_minutes = 20\n");
    for (config, tz) in [
        (Some(slower.as_str()), ZONE),
        (None, "UTC"),
        (None, "America/New_York"),
    ] {
        let (code, v) = verify(&d, config, tz);
        assert_eq!(code, 0, "{config:?} {tz}: {v:#}");
        assert_eq!(v["rules_match"], false, "{v:#}");
        let text = run(&d, config, tz, &["verify"]);
        assert_eq!(text.code, 0, "{}{}", text.stdout, text.stderr);
        assert!(
            text.stdout.contains("were not compared")
                && text
                    .stdout
                    .contains("run verify with the desk's configuration"),
            "{}",
            text.stdout
        );
    }
    // Under the desk's own rules nothing is said.
    let text = run(&d, None, ZONE, &["verify"]);
    assert!(!text.stdout.contains("note:"), "{}", text.stdout);
}

#[test]
fn a_deadline_column_emptied_is_caught_under_the_same_and_under_other_rules() {
    let d = desk();
    let slower = config(&d, "slower.toml", "[rules]\ndispatch_minutes = 20\n");
    sql(
        &d,
        "UPDATE records SET due_at = NULL WHERE id = 'R-2026-00004'",
    );
    for (config, tz) in [(None, ZONE), (Some(slower.as_str()), ZONE), (None, "UTC")] {
        let (code, v) = verify(&d, config, tz);
        assert_eq!(code, 1, "{config:?} {tz}: {v:#}");
        assert_eq!(v["record_mismatch"]["record"], "R-2026-00004", "{v:#}");
        assert_eq!(v["record_mismatch"]["field"], "due_at", "{v:#}");
    }
    // A name that is not one of the record's open deadlines, and soon after due.
    sql(
        &d,
        "UPDATE records SET due_at = soon_at + 60 WHERE id = 'R-2026-00004';
         UPDATE records SET due_name = 'callback' WHERE id = 'R-2026-00003'",
    );
    let (code, v) = verify(&d, Some(&slower), ZONE);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["record_mismatch"]["record"], "R-2026-00003", "{v:#}");
    assert_eq!(v["record_mismatch"]["field"], "due_name", "{v:#}");
    sql(
        &d,
        "UPDATE records SET due_name = NULL WHERE id = 'R-2026-00003'",
    );
    let (code, v) = verify(&d, Some(&slower), ZONE);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["record_mismatch"]["record"], "R-2026-00003", "{v:#}");
    sql(
        &d,
        "UPDATE records SET due_name = 'resolution' WHERE id = 'R-2026-00003';
         UPDATE records SET soon_at = due_at + 1 WHERE id = 'R-2026-00004'",
    );
    let (code, v) = verify(&d, Some(&slower), ZONE);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["record_mismatch"]["record"], "R-2026-00004", "{v:#}");
    assert_eq!(v["record_mismatch"]["field"], "soon_at", "{v:#}");
}

#[test]
fn one_write_under_new_rules_brings_every_open_record_to_them() {
    let d = desk();
    let before = due_at(&d, "R-2026-00004").expect("an open deadline");
    let slower = config(&d, "slower.toml", "[rules]\ndispatch_minutes = 20\n");
    let out = run(
        &d,
        Some(&slower),
        ZONE,
        &["add", "log", "--summary", "规则已改"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The entrapment's row (what lists sort and filter on) follows the new dispatch limit:
    // dispatch due at 20 minutes, so the next deadline is the arrival at 15 (7 before).
    assert_eq!(due_at(&d, "R-2026-00004"), Some(before + 8 * 60));
    let (code, v) = verify(&d, Some(&slower), ZONE);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["rules_match"], true, "{v:#}");
    // The old rules are now the other ones.
    let (code, v) = verify(&d, None, ZONE);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["rules_match"], false, "{v:#}");
    // A wrong value is compared again under the rules in force.
    sql(
        &d,
        &format!("UPDATE records SET due_at = {before} WHERE id = 'R-2026-00004'"),
    );
    let (code, v) = verify(&d, Some(&slower), ZONE);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["record_mismatch"]["field"], "due_at", "{v:#}");
    // repair-index works everything out under its own rules and says so.
    let out = run(&d, None, ZONE, &["repair-index"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (code, v) = verify(&d, None, ZONE);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["rules_match"], true, "{v:#}");
    assert_eq!(due_at(&d, "R-2026-00004"), Some(before));
}

#[test]
fn another_repeat_window_is_no_damage_but_a_repeat_of_another_room_is() {
    let d = desk();
    let day = config(&d, "day.toml", "[rules]\nrepeat_window_days = 1\n");
    let (code, v) = verify(&d, Some(&day), ZONE);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["repeats_compared"], false, "{v:#}");
    let text = run(&d, Some(&day), ZONE, &["verify"]);
    assert!(text.stdout.contains("repeat windows"), "{}", text.stdout);
    // A writer with the shorter window: repeats from both windows are in the file now.
    let out = run(
        &d,
        Some(&day),
        ZONE,
        &["add", "log", "--summary", "规则已改"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    for config in [None, Some(day.as_str())] {
        let (code, v) = verify(&d, config, ZONE);
        assert_eq!(code, 0, "{config:?}: {v:#}");
        assert_eq!(v["repeats_compared"], false, "{v:#}");
    }
    // Planted: a repeat of a record from another room, and of a later record.
    for (target, what) in [("R-2026-00003", "another room"), ("R-2026-00002", "itself")] {
        sql(
            &d,
            &format!("UPDATE records SET repeat_of = '{target}' WHERE id = 'R-2026-00002'"),
        );
        for config in [None, Some(day.as_str())] {
            let (code, v) = verify(&d, config, ZONE);
            assert_eq!(code, 1, "{what} {config:?}: {v:#}");
            assert_eq!(v["record_mismatch"]["record"], "R-2026-00002", "{v:#}");
            assert_eq!(v["record_mismatch"]["field"], "repeat_of", "{v:#}");
        }
    }
    // repair-index decides every repeat under one window again: compared again.
    let out = run(&d, None, ZONE, &["repair-index"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (code, v) = verify(&d, None, ZONE);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["repeats_compared"], true, "{v:#}");
    assert_eq!(d.show("R-2026-00002")["repeat_of"], "R-2026-00001");
}

/// A file of schema 5 says nothing of its rules: nothing rule-dependent is compared, until a
/// writer (or repair-index) notes them. A reader who may not upgrade it copes without the table.
#[test]
fn a_file_from_before_the_rules_were_noted() {
    let d = desk();
    sql(&d, "DROP TABLE meta; PRAGMA user_version = 5;");
    let (code, v) = verify(&d, None, ZONE);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(
        (&v["rules_match"], &v["repeats_compared"]),
        (&Value::Bool(false), &Value::Bool(false))
    );
    // verify upgraded the file; the first writer notes its rules and, the repeats of the
    // records already there following the rule before, works them out again under today's
    // rule and window: compared from then on.
    d.add(&["log", "--summary", "升级后"]);
    let (code, v) = verify(&d, None, ZONE);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(
        (&v["rules_match"], &v["repeats_compared"]),
        (&Value::Bool(true), &Value::Bool(true))
    );
}
