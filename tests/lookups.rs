//! Lookups never write (issue 11, item 8): with good input and with bad, every lookup command
//! leaves the events and the file as they were, even when a complaint's escalation to major is
//! due (it shows as major; the next write records it). Bad flags name themselves.

mod common;

use common::Desk;
use common::tmux::Tmux;

const THEN: &str = "2026-10-01T09:00:00+08:00";
const LATER: &str = "2026-11-25T09:00:00+08:00";

/// A desk with a complaint open since THEN, looked at 55 days later: its escalation is due.
fn desk_with_old_complaint() -> (Desk, String) {
    let d = Desk::new(THEN);
    let id = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--summary",
        "电梯长期异响",
        "--name",
        "吴先生",
        "--class",
        "minor",
    ]);
    d.add(&["log", "--summary", "巡查3号楼"]);
    (d, id)
}

/// The database file and its WAL, byte for byte.
fn bytes(d: &Desk) -> Vec<Vec<u8>> {
    ["", "-wal"]
        .iter()
        .map(|s| std::fs::read(format!("{}{s}", d.db.display())).unwrap_or_default())
        .collect()
}

#[test]
fn no_lookup_writes_with_good_or_bad_input_even_with_an_escalation_due() {
    let (mut d, id) = desk_with_old_complaint();
    // A first lookup, before the escalation is due, settles anything SQLite itself keeps.
    d.ok(&["stats"]);
    d.set_now(LATER);
    let lookups: Vec<(Vec<&str>, i32)> = vec![
        (vec!["list"], 0),
        (vec!["list", "--json"], 0),
        (vec!["list", "--since", "2026-02-30"], 2),
        (vec!["list", "--limit", "-1"], 2),
        (vec!["list", "nonsense"], 2),
        (vec!["show", &id], 0),
        (vec!["show", &id, "--json"], 0),
        (vec!["show", "R-2026-99999999"], 2),
        (vec!["show", "C-2026-00099"], 2),
        (vec!["search", "电梯"], 0),
        (vec!["search", ""], 2),
        (vec!["search", "x", "--limit", "-1"], 2),
        (vec!["stats"], 0),
        (vec!["report", "daily"], 0),
        (vec!["report", "daily", "--date", "2026-02-30"], 2),
        (vec!["export", "--format", "csv"], 0),
        (
            vec!["export", "--format", "csv", "--since", "yesterday-ish"],
            2,
        ),
        (vec!["snapshot", "--size", "80x24"], 0),
        (vec!["snapshot", "--size", "0x0"], 2),
        (vec!["snapshot", "--tab", "nope"], 2),
        (vec!["handover", "list"], 0),
        (vec!["verify"], 0),
    ];
    let events = d.events();
    let files = bytes(&d);
    for (args, code) in &lookups {
        let run = d.run(args);
        assert_eq!(run.code, *code, "{args:?}: {}{}", run.stdout, run.stderr);
        assert_eq!(d.events(), events, "{args:?} wrote an event");
        assert!(bytes(&d) == files, "{args:?} changed the file");
    }
    // The complaint shows as major all the same, escalated when its month ran out.
    let shown = d.show(&id);
    assert_eq!(shown["class"], "major", "{shown:#}");
    let listed = d.json(&["list", "call"]);
    assert_eq!(listed[0]["class"], "major");
    assert_eq!(d.json(&["search", "电梯"])[0]["class"], "major");
    assert!(d.ok(&["show", &id]).contains("major"));
    // The next write records the escalation, once.
    assert_eq!(d.events(), events);
    d.add(&["log", "--summary", "交接前巡查"]);
    let actions: Vec<String> = d.show(&id)["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actions, ["create", "escalate"]);
}

#[test]
fn a_negative_limit_names_the_flag() {
    let (d, _) = desk_with_old_complaint();
    for args in [
        vec!["list", "--limit", "-1"],
        vec!["search", "电梯", "--limit", "-5"],
    ] {
        let run = d.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("--limit"), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn an_operator_name_that_is_not_utf8_is_named_as_such() {
    use std::os::unix::ffi::OsStrExt;
    let (d, _) = desk_with_old_complaint();
    let bad = std::ffi::OsStr::from_bytes(b"w\xffang");
    let before = d.events();
    // From DUTYDESK_OPERATOR, and from the login name when that is not set.
    let from_env = d
        .command()
        .env("DUTYDESK_OPERATOR", bad)
        .args(["add", "log", "--summary", "x"])
        .output()
        .unwrap();
    let mut login = d.command();
    login
        .env_remove("DUTYDESK_OPERATOR")
        .env("USER", bad)
        .env("LOGNAME", bad);
    let from_login = login
        .args(["add", "log", "--summary", "x"])
        .output()
        .unwrap();
    for (what, out) in [("DUTYDESK_OPERATOR", from_env), ("USER", from_login)] {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
        assert!(stderr.contains(what), "{what}: {stderr}");
        assert!(stderr.contains("UTF-8"), "{what}: {stderr}");
    }
    assert_eq!(d.events(), before, "nothing written");
}

#[test]
fn a_search_too_big_to_answer_at_once_is_refused_naming_the_bound() {
    let (d, _) = desk_with_old_complaint();
    for text in [
        "楼上漏水电梯困人".repeat(1250),
        "elevator ".repeat(1100),
        (0..40).map(|i| format!("3-2-{i} ")).collect(),
        "楼 ".repeat(8),
        "楼".repeat(8),
        "\"*()^:+-NEAR AND OR NOT ".repeat(20),
    ] {
        let t = std::time::Instant::now();
        let run = d.run(&["search", &text]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr
                .contains("search: at most 100 characters and 7 words"),
            "{}",
            run.stderr
        );
        assert!(t.elapsed() < std::time::Duration::from_secs(2));
    }
    // Within the bound it answers.
    let hits = d.json(&["search", "电梯 吴先生 3-2-1201 13800138000"]);
    assert!(hits.as_array().unwrap().is_empty());
    assert_eq!(
        d.json(&["search", "电梯长期异响"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

mod tui_common;

#[test]
fn the_desk_search_and_filter_say_when_a_paste_is_too_long() {
    use dutydesk::app::keys::{Event, Key};
    use dutydesk::i18n::Lang;
    use tui_common::*;
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    let long = "楼上漏水电梯困人".repeat(400);
    // The search popup.
    f.press(&mut app, &[Key::ch('s')]);
    let t = std::time::Instant::now();
    app.handle(Event::Paste(long.clone()), &mut f.store);
    assert!(
        t.elapsed() < std::time::Duration::from_millis(100),
        "a long paste took {:?}",
        t.elapsed()
    );
    let screen = text(&frame(&app, 120, 30));
    assert!(
        screen.contains("at most 100 characters"),
        "the popup says why:\n{screen}"
    );
    f.press(&mut app, &[ESC]);
    // The list's filter box.
    f.press(&mut app, &[Key::ch('/')]);
    app.handle(Event::Paste(long), &mut f.store);
    let screen = text(&frame(&app, 120, 30));
    assert!(
        screen.contains("at most 100 characters"),
        "the filter says why:\n{screen}"
    );
}

// ------------------------------------------------------------------ the desk in a terminal

/// The desk in tmux, run by an interactive shell (for job control), in English.
fn in_shell(name: &str, db: &std::path::Path, config: &std::path::Path) -> Tmux {
    let t = Tmux::new(&format!("lookups-{name}"));
    t.session(
        160,
        40,
        &[
            "env",
            "-i",
            "PATH=/usr/bin:/bin",
            "PS1=PROMPT$ ",
            "TERM=xterm-256color",
            "LANG=C.UTF-8",
            "bash",
            "--norc",
            "--noprofile",
            "-i",
        ],
    );
    appears(&t, "PROMPT$", 10_000);
    let command = format!(
        "TZ=Asia/Shanghai DUTYDESK_LANG=en DUTYDESK_OPERATOR=e2e DUTYDESK_NOW={LATER} \
         DUTYDESK_CONFIG={} {} --db {}",
        config.display(),
        env!("CARGO_BIN_EXE_dutydesk"),
        db.display()
    );
    t.type_text(&command);
    t.keys(&["Enter"]);
    appears(&t, "Duty log", 10_000);
    t
}

/// How long `text` took to appear; panics after `limit_ms`.
fn appears(tmux: &Tmux, text: &str, limit_ms: u64) -> std::time::Duration {
    let limit = std::time::Duration::from_millis(limit_ms);
    let every = std::time::Duration::from_millis(5);
    tmux.wait_within(text, limit, every).unwrap_or_else(|| {
        panic!(
            "'{text}' did not appear in {limit_ms} ms; the screen:\n{}",
            tmux.screen()
        )
    })
}

#[test]
fn the_desk_keeps_answering_keys_while_another_process_holds_the_write_lock() {
    let (d, _) = desk_with_old_complaint();
    let tmux = in_shell("busy", &d.db, &d.path("no-config.toml"));
    let hog = rusqlite::Connection::open(&d.db).unwrap();
    hog.execute_batch("BEGIN IMMEDIATE").unwrap();
    tmux.keys(&["F2"]);
    appears(&tmux, "Summary", 5_000);
    tmux.type_text("locked-out entry");
    appears(&tmux, "locked-out entry", 2_000);
    // Saving cannot get the lock: the desk says so at once and keeps the text.
    tmux.keys(&["Enter"]);
    let said = appears(&tmux, "try again", 3_000);
    eprintln!("busy message after {said:?}");
    let screen = tmux.screen();
    assert!(screen.contains("busy: another dutydesk"), "{screen}");
    assert!(screen.contains("locked-out entry"), "the text is kept");
    // Keys keep being answered while the lock is still held.
    let mut worst = std::time::Duration::ZERO;
    for (i, c) in ["A", "B", "C", "D", "E"].iter().enumerate() {
        tmux.type_text(c);
        let typed = format!("locked-out entry{}", ["A", "AB", "ABC", "ABCD", "ABCDE"][i]);
        worst = worst.max(appears(&tmux, &typed, 5_000));
        // Enter again, still locked: busy again, not frozen.
        tmux.keys(&["Enter"]);
        worst = worst.max(appears(&tmux, "try again", 5_000));
    }
    eprintln!("desk key latency while another process holds the lock: worst {worst:?}");
    assert!(
        worst < std::time::Duration::from_millis(400),
        "keys took {worst:?} to be answered"
    );
    hog.execute_batch("ROLLBACK").unwrap();
    tmux.keys(&["Enter"]);
    appears(&tmux, "L-2026-00002 · Duty log", 3_000);
    assert_eq!(
        d.json(&["list", "log"])[0]["summary"],
        "locked-out entryABCDE"
    );
}

#[test]
fn ctrl_z_suspends_the_desk_and_fg_brings_it_back() {
    let (d, _) = desk_with_old_complaint();
    let tmux = in_shell("ctrlz", &d.db, &d.path("no-config.toml"));
    assert_eq!(tmux.show("#{alternate_on}"), "1");
    tmux.keys(&["C-z"]);
    appears(&tmux, "Stopped", 3_000);
    assert_eq!(
        tmux.show("#{alternate_on}"),
        "0",
        "the terminal is given back"
    );
    tmux.type_text("echo still-here");
    tmux.keys(&["Enter"]);
    appears(&tmux, "still-here\n", 3_000);
    tmux.type_text("fg");
    tmux.keys(&["Enter"]);
    appears(&tmux, "Duty log", 3_000);
    assert_eq!(tmux.show("#{alternate_on}"), "1", "the desk is back");
    // And it still answers keys: the search opens.
    tmux.keys(&["s"]);
    appears(&tmux, "Search every record", 3_000);
}
