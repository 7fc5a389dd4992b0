//! Defects found by a hostile trial of the built binary: a mistyped `--db` must not become a
//! new empty database, lookups must not write, a damaged record fails `handover show`, a record
//! stamped by a wrong clock can still be voided, an adopted empty file gets the desk's mode,
//! and times and settings the reader would misread are refused.

mod common;

use common::Desk;
use std::os::unix::fs::PermissionsExt;

const NOW: &str = "2026-11-25T10:00:00+08:00";

/// Every command that only reads, with the arguments it needs.
const READERS: &[&[&str]] = &[
    &["list"],
    &["show", "L-2026-00001"],
    &["search", "水"],
    &["stats"],
    &["snapshot"],
    &["verify"],
    &["report", "daily"],
    &["export", "--format", "json"],
    &["handover", "show"],
    &["handover", "list"],
    &["repair-index"],
    &["act", "L-2026-00001", "note", "x"],
];

#[test]
fn a_command_that_does_not_write_never_creates_a_database_on_a_mistyped_path() {
    let mut d = Desk::new(NOW);
    let missing_dir = d.path("typo");
    d.db = missing_dir.join("dutydesk.db");
    let backup = d.path("bk");
    std::fs::create_dir(&backup).unwrap();
    let mut commands: Vec<Vec<String>> = READERS
        .iter()
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect();
    commands.push(vec!["backup".into(), backup.display().to_string()]);
    commands.push(vec![
        "anchor".into(),
        d.path("anchor.txt").display().to_string(),
    ]);
    for command in &commands {
        let args: Vec<&str> = command.iter().map(String::as_str).collect();
        for lang in ["en", "zh"] {
            let run = common::Run::from_output(
                d.command()
                    .env("DUTYDESK_LANG", lang)
                    .args(&args)
                    .output()
                    .unwrap(),
            );
            assert_eq!(run.code, 2, "{args:?} ({lang}): {run:?}");
            assert_eq!(run.stderr.lines().count(), 1, "{args:?} ({lang}): {run:?}");
            assert!(
                run.stderr.contains(&d.db.display().to_string())
                    && run.stderr.contains("--db")
                    && run.stderr.contains("DUTYDESK_DB"),
                "{args:?} ({lang}): {}",
                run.stderr
            );
            if lang == "zh" {
                assert!(
                    run.stderr.contains("没有数据库"),
                    "{args:?}: {}",
                    run.stderr
                );
            } else {
                assert!(
                    run.stderr.contains("nothing was created"),
                    "{args:?}: {}",
                    run.stderr
                );
            }
            assert!(
                !missing_dir.exists(),
                "{args:?} ({lang}) created {}",
                missing_dir.display()
            );
        }
    }
    // The folder exists but the file does not: still nothing is created.
    std::fs::create_dir(&missing_dir).unwrap();
    assert_eq!(d.run(&["verify"]).code, 2);
    assert_eq!(std::fs::read_dir(&missing_dir).unwrap().count(), 0);
    // A write creates it, after which the lookups work on it.
    d.add(&["log", "--summary", "水管巡查"]);
    assert!(d.db.exists());
    for command in READERS {
        let run = d.run(command);
        assert_ne!(run.code, 2, "{command:?}: {run:?}");
    }
}

/// Everything the file holds, table by table, read with rusqlite (read-only).
fn content(db: &std::path::Path) -> Vec<String> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap();
        out.push(format!("{table}: {}", rows.join("\n")));
    }
    out
}

#[test]
fn lookups_by_the_owner_leave_the_database_file_as_it_was() {
    let d = Desk::new(NOW);
    d.ok(&["demo", "--records", "300"]);
    {
        let conn = rusqlite::Connection::open(&d.db).unwrap();
        let stats: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_stat1", [], |r| r.get(0))
            .unwrap();
        assert!(stats > 0, "the demo left no planner statistics to remove");
        conn.execute_batch("DELETE FROM sqlite_stat1; PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let lookups: &[&[&str]] = &[
        &["list"],
        &["search", "水"],
        &["show", "L-2026-00001"],
        &["stats"],
        &["snapshot"],
        &["report", "daily"],
        &["export", "--format", "json"],
        &["handover", "show"],
        &["verify"],
        // Writes refused as bad input are no writes either.
        &["add", "log", "--summary", ""],
        &["add", "log", "--summary", "x", "--at", "1999-12-31 23:00"],
        &["act", "L-2026-00001", "dispatch", "--to", "王师傅"],
    ];
    for lookup in lookups {
        let bytes = common::read(&d.db);
        let before = content(&d.db);
        let run = d.run(lookup);
        assert!(matches!(run.code, 0..=2), "{lookup:?}: {run:?}");
        assert!(
            common::read(&d.db) == bytes,
            "{lookup:?} changed the bytes of the database file"
        );
        assert_eq!(
            content(&d.db),
            before,
            "{lookup:?} changed what the file holds"
        );
        let wal = std::fs::metadata(common::sibling(&d.db, "-wal")).map(|m| m.len());
        assert!(
            matches!(wal, Ok(0) | Err(_)),
            "{lookup:?} left a WAL of {wal:?} bytes"
        );
    }
    // A write still brings the statistics back.
    d.add(&["log", "--summary", "巡查"]);
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    let stats: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_stat1", [], |r| r.get(0))
        .unwrap();
    assert!(
        stats > 0,
        "a write did not bring the planner statistics back"
    );
}

#[test]
fn handover_show_fails_when_a_record_cannot_be_read() {
    let d = Desk::new(NOW);
    for i in 1..=3 {
        d.add(&[
            "repair",
            "--category",
            "general",
            "--location",
            "3号楼",
            "--summary",
            &format!("厨房漏水 {i}"),
            "--at",
            &format!("0{i}:00"),
        ]);
    }
    let signed_at = "2026-11-25T19:55:00+08:00";
    let mut later = Desk::new(signed_at);
    later.db = d.db.clone();
    later.operator = "outgoing".into();
    later.ok(&["handover", "note", "三号楼漏水待修"]);
    later.ok(&["handover", "sign", "--by", "night"]);
    let signed = later.json(&["handover", "list"]);
    let signed_id = signed[0]["id"].as_str().unwrap().to_string();
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute_batch(
        "UPDATE events SET payload = '{not json' WHERE record = (SELECT rowid FROM records
         WHERE id = 'R-2026-00002') AND action = 'create'",
    )
    .unwrap();
    drop(conn);
    for (desk, args) in [
        (&d, vec!["handover", "show"]),
        (&d, vec!["handover", "show", "--json"]),
        (&later, vec!["handover", "show", &signed_id]),
        (&later, vec!["handover", "show", &signed_id, "--json"]),
    ] {
        let run = desk.run(&args);
        assert_eq!(run.code, 1, "{args:?}: {run:?}");
        assert!(
            run.stderr.contains("R-2026-00002"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("verify"), "{args:?}: {}", run.stderr);
        assert!(
            run.stdout.contains("R-2026-00001") || args.contains(&"--json"),
            "{args:?}: {}",
            run.stdout
        );
    }
}

#[test]
fn a_record_written_under_a_wrong_clock_can_still_be_voided_and_noted() {
    let mut d = Desk::new("2099-12-31T23:59:59+08:00");
    let id = d.add(&["log", "--summary", "时钟错了"]);
    assert_eq!(id, "L-2099-00001");
    d.set_now(NOW);
    // A step that moves the record on is still refused before its last event...
    let run = d.run(&["act", &id, "watch", "check"]);
    assert_eq!(run.code, 2, "{run:?}");
    // ...and so is an explicit time in the future.
    let run = d.run(&["act", &id, "note", "x", "--at", "2099-12-31T23:59:59+08:00"]);
    assert_eq!(run.code, 2, "{run:?}");
    // A note and a void are dated at the last event; written_at is the real now.
    d.ok(&["act", &id, "note", "录入时系统时钟错误"]);
    let out = d.ok(&["act", &id, "void", "--reason", "wrong clock"]);
    assert_eq!(out.trim(), format!("{id} voided"));
    let shown = d.show(&id);
    assert_eq!(shown["voided"], true, "{shown:#}");
    let timeline = shown["timeline"].as_array().unwrap();
    let void = timeline.last().unwrap();
    assert_eq!(void["action"], "void");
    assert_eq!(void["at"], "2099-12-31T23:59:59+08:00");
    assert_eq!(void["written_at"], common::local(common::t(NOW)));
    d.ok(&["verify"]);
    // On a record with a sane history a void is stamped now, as before.
    let sane = d.add(&["log", "--summary", "正常"]);
    d.ok(&["act", &sane, "void", "--reason", "duplicate"]);
    let void = d.show(&sane)["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(void["at"], common::local(common::t(NOW)));
}

#[test]
fn the_default_time_of_a_step_is_now_unless_a_correction_meets_a_future_record() {
    use dutydesk::domain::time::{check_event_time, default_event_time};
    let now = common::t(NOW);
    let later = common::t("2099-12-31T23:59:59+08:00");
    let zone = common::zone();
    assert_eq!(default_event_time(true, now, Some(later)), later);
    assert_eq!(default_event_time(false, now, Some(later)), now);
    assert_eq!(default_event_time(true, later, Some(now)), later);
    assert_eq!(default_event_time(true, now, None), now);
    assert!(check_event_time(later, now, Some(later), zone).is_ok());
    assert!(check_event_time(later, now, None, zone).is_err());
    assert!(check_event_time(later, now, Some(now), zone).is_err());
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn an_empty_file_made_beforehand_gets_the_desks_mode() {
    for (group_shared, want) in [(false, 0o600), (true, 0o660)] {
        let d = Desk::new(NOW);
        std::fs::write(&d.db, b"").unwrap();
        std::fs::set_permissions(&d.db, std::fs::Permissions::from_mode(0o644)).unwrap();
        // A lookup neither adopts nor changes it.
        let run = d.run(&["list"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("no database"), "{}", run.stderr);
        assert_eq!(mode(&d.db), 0o644);
        assert_eq!(std::fs::metadata(&d.db).unwrap().len(), 0);
        let config = d.path("config.toml");
        std::fs::write(&config, format!("group_shared = {group_shared}\n")).unwrap();
        let run = common::Run::from_output(
            d.command()
                .env("DUTYDESK_CONFIG", &config)
                .args(["add", "log", "--summary", "x"])
                .output()
                .unwrap(),
        );
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(mode(&d.db), want, "group_shared = {group_shared}");
        for suffix in ["-wal", "-shm"] {
            let p = common::sibling(&d.db, suffix);
            assert_eq!(mode(&p) & 0o007, 0, "{suffix} is {:o}", mode(&p));
        }
    }
}

#[test]
fn second_sixty_is_refused_naming_the_field() {
    let d = Desk::with_empty_database(NOW);
    for bad in [
        "03:00:60",
        "2026-11-25 03:00:60",
        "2026-11-25T03:00:60",
        "2026-11-25T03:00:60+08:00",
        "2026-11-24T23:59:60Z",
    ] {
        let run = d.run(&["add", "log", "--summary", "x", "--at", bad]);
        assert_eq!(run.code, 2, "{bad}: {run:?}");
        assert!(
            run.stderr.starts_with("dutydesk: at:"),
            "{bad}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("00 to 59"), "{bad}: {}", run.stderr);
    }
    let run = common::Run::from_output(
        d.command()
            .env("DUTYDESK_NOW", "2026-11-25T03:00:60+08:00")
            .args(["list"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("DUTYDESK_NOW"), "{}", run.stderr);
    assert_eq!(d.json(&["list"]), serde_json::json!([]));
    // 59 is fine.
    d.add(&["log", "--summary", "x", "--at", "03:00:59"]);
}

#[test]
fn an_empty_timezone_in_the_config_means_not_set() {
    let d = Desk::new(NOW);
    let config = d.path("config.toml");
    for text in ["timezone = \"\"\n", "timezone = \"  \"\n"] {
        std::fs::write(&config, text).unwrap();
        let run = common::Run::from_output(
            d.command()
                .env("DUTYDESK_CONFIG", &config)
                .args(["config"])
                .output()
                .unwrap(),
        );
        assert_eq!(run.code, 0, "{run:?}");
        let first = run.stdout.lines().next().unwrap_or_default();
        assert!(
            first.contains(common::ZONE) && first.contains("TZ"),
            "{text}: {first}"
        );
    }
}
