//! `dutydesk snapshot`: the first frame of the desk without a terminal, as text, ANSI or SVG;
//! and how long a frame takes.

mod tui_common;

use dutydesk::app::Tab;
use dutydesk::domain::RecordKind;
use dutydesk::i18n::Lang;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Instant;
use tui_common::*;

fn desk(db: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("DUTYDESK_NOW", "2026-11-25T03:00:00+08:00")
        .env("TZ", "Asia/Shanghai")
        .env("DUTYDESK_CONFIG", dir.join("none.toml"))
        .env("DUTYDESK_LANG", "en")
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn snapshot_renders_the_first_frame_in_three_formats() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    stdout(&desk(
        &db,
        dir.path(),
        &[
            "add",
            "repair",
            "--category",
            "elevator_entrapment",
            "--location",
            "5号楼2单元电梯",
            "--summary",
            "电梯停在12楼, 2人被困",
            "--at",
            "02:40",
        ],
    ));
    let text = stdout(&desk(
        &db,
        dir.path(),
        &["snapshot", "--tab", "repairs", "--size", "80x24"],
    ));
    assert_eq!(text.lines().count(), 24);
    assert!(
        text.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80)
    );
    let row = text.lines().find(|l| l.contains("R-2026-00001")).unwrap();
    assert!(
        row.starts_with(">!!") && row.contains("dispatch late 13m"),
        "{row}"
    );
    assert!(text.lines().next().unwrap().contains("!! 1 overdue"));

    let ansi = stdout(&desk(
        &db,
        dir.path(),
        &["snapshot", "--tab", "3", "--format", "ansi"],
    ));
    assert_eq!(ansi.lines().count(), 36);
    // The overdue row in bold red.
    assert!(ansi.contains("\x1b[0;1;7;31m>!! R-2026-00001"), "{ansi}");

    let svg = stdout(&desk(
        &db,
        dir.path(),
        &["snapshot", "--tab", "repairs", "--format", "svg"],
    ));
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("R-2026-00001") && svg.contains("电"));

    // NO_COLOR: the monochrome theme, still marked.
    let out = Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "snapshot",
            "--tab",
            "repairs",
            "--format",
            "ansi",
        ])
        .env("DUTYDESK_NOW", "2026-11-25T03:00:00+08:00")
        .env("TZ", "Asia/Shanghai")
        .env("DUTYDESK_CONFIG", dir.path().join("none.toml"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let mono = stdout(&out);
    assert!(!mono.contains(";31m") && !mono.contains(";41m"));
    assert!(mono.contains("\x1b[0;1;4;7m>!! R-2026-00001"), "{mono}");
}

#[test]
fn bad_tab_or_size_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    dutydesk::store::Store::open(&db, dutydesk::store::OpenOptions::default()).unwrap();
    for args in [
        ["snapshot", "--tab", "overview", "--size", "80x24"],
        ["snapshot", "--tab", "log", "--size", "80"],
        ["snapshot", "--tab", "log", "--size", "0x24"],
    ] {
        let out = desk(&db, dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("--tab") || stderr.contains("--size"),
            "{stderr}"
        );
    }
}

#[test]
fn a_frame_takes_milliseconds() {
    let f = Fixture::night(Lang::Zh);
    let mut app = f.app();
    app.show_tab(Tab::Kind(RecordKind::Repair), &f.store);
    let n = 50;
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(frame(&app, 160, 48));
    }
    let per_frame = start.elapsed() / n;
    eprintln!("one frame at 160x48: {per_frame:?} (this build)");
    assert!(per_frame.as_millis() < 100, "{per_frame:?}");
}

/// `--view`: each view over the tabs drawn once what it shows is read (the desk reads it in
/// the background, so its first frame would say "reading").
#[test]
fn snapshot_draws_each_view_over_the_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    stdout(&desk(
        &db,
        dir.path(),
        &[
            "add",
            "repair",
            "--category",
            "water_fault",
            "--location",
            "3号楼2单元",
            "--room",
            "3-2-1201",
            "--summary",
            "厨房水管爆裂",
            "--at",
            "2026-11-24 22:10",
        ],
    ));
    stdout(&desk(
        &db,
        dir.path(),
        &[
            "residents",
            "add",
            "3-2-1201",
            "--owner",
            "王小明",
            "--phone",
            "13800138000",
            "--occupied",
            "yes",
        ],
    ));
    let view = |name: &str| {
        let text = stdout(&desk(
            &db,
            dir.path(),
            &["snapshot", "--view", name, "--size", "80x24"],
        ));
        assert_eq!(text.lines().count(), 24, "{name}");
        assert!(
            text.lines()
                .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80),
            "{name}"
        );
        text
    };
    let reviews = view("reviews");
    // Yesterday's figures, read (not "Reading the figures…"), the repair counted.
    assert!(
        reviews.contains("Reviews [Day] Week  Month   2026-11-24"),
        "{reviews}"
    );
    assert!(!reviews.contains("Reading"), "{reviews}");
    assert!(reviews.contains("water fault 1"), "{reviews}");
    let yearly = view("Yearly");
    assert!(
        yearly.contains("3-2-1201") && yearly.contains("王小明"),
        "{yearly}"
    );
    // The phone masked, as `snapshot` always masks it.
    assert!(!yearly.contains("13800138000"), "{yearly}");
    let compiled = view("compiled");
    assert!(compiled.contains("R-2026-00001"), "{compiled}");
    assert!(
        compiled.contains("┌") && compiled.contains(" / "),
        "{compiled}"
    );
    // The tabs' first frame is what it was.
    let log = stdout(&desk(&db, dir.path(), &["snapshot", "--size", "80x24"]));
    assert!(
        !log.contains("Reviews") && !log.contains("3-2-1201  王小明"),
        "{log}"
    );
    // In SVG too.
    let svg = stdout(&desk(
        &db,
        dir.path(),
        &["snapshot", "--view", "reviews", "--format", "svg"],
    ));
    assert!(svg.starts_with("<svg") && svg.contains("2026-11-24"));
}

#[test]
fn a_tab_with_a_view_or_an_unknown_view_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    dutydesk::store::Store::open(&db, dutydesk::store::OpenOptions::default()).unwrap();
    let refused = |args: &[&str], lang: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_dutydesk"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("DUTYDESK_NOW", "2026-11-25T03:00:00+08:00")
            .env("TZ", "Asia/Shanghai")
            .env("DUTYDESK_CONFIG", dir.path().join("none.toml"))
            .env("DUTYDESK_LANG", lang)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    for lang in ["en", "zh"] {
        for args in [
            &["snapshot", "--tab", "log", "--view", "reviews"][..],
            &["snapshot", "--view", "yearly", "--tab", "2"][..],
        ] {
            let stderr = refused(args, lang);
            assert!(
                stderr.contains("--tab") && stderr.contains("--view"),
                "{stderr}"
            );
        }
        for bad in ["overview", "", "review", "1"] {
            let stderr = refused(&["snapshot", "--view", bad], lang);
            assert!(
                stderr.contains("--view") && stderr.contains("reviews, yearly, compiled"),
                "{bad}: {stderr}"
            );
        }
    }
    // A bad view is named before a bad size.
    let stderr = refused(&["snapshot", "--view", "x", "--size", "0x0"], "en");
    assert!(stderr.contains("--view"), "{stderr}");
}
