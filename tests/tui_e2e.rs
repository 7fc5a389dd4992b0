//! The real binary in a real terminal (tmux): log a duty entry through the form, find it with
//! `dutydesk list --json`, and check the terminal is given back on `q` and on Ctrl-C.
//! Without tmux these tests fail (they never skip).

mod common;

use common::tmux::{KEEP_PANE, Tmux};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-25T03:00:00+08:00";

/// The desk in Chinese on an 80 x 24 terminal, inside `KEEP_PANE`.
fn start(tmux: &Tmux, db: &Path, dir: &Path) {
    let bin = env!("CARGO_BIN_EXE_dutydesk");
    let config = dir.join("no-config.toml");
    let mut command = KEEP_PANE.to_vec();
    let (now, config) = (
        format!("DUTYDESK_NOW={NOW}"),
        format!("DUTYDESK_CONFIG={}", config.display()),
    );
    command.extend([
        "env",
        &now,
        "TZ=Asia/Shanghai",
        "LANG=C.UTF-8",
        "TERM=xterm-256color",
        &config,
        "DUTYDESK_LANG=zh",
        "DUTYDESK_OPERATOR=e2e",
        bin,
        "--db",
        db.to_str().unwrap(),
    ]);
    tmux.session(80, 24, &command);
}

#[test]
fn a_duty_entry_typed_in_the_form_is_found_by_the_command_line() {
    Tmux::require();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let tmux = Tmux::new("form");
    start(&tmux, &db, dir.path());
    tmux.wait_for("值班记录");
    tmux.keys(&["F2"]);
    tmux.wait_for("新值班记录");
    tmux.type_text("巡查3号楼楼顶天台 门可正常打开");
    tmux.keys(&["Enter"]);
    tmux.wait_for("L-2026-00001 已保存");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_exit(), "0");
    // The terminal is back: main screen, cursor shown.
    assert_eq!(tmux.show("#{alternate_on}"), "0");
    assert_eq!(tmux.show("#{cursor_flag}"), "1");

    let out = Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .args(["--db", db.to_str().unwrap(), "list", "log", "--json"])
        .env("DUTYDESK_NOW", NOW)
        .env("TZ", "Asia/Shanghai")
        .env("DUTYDESK_CONFIG", dir.path().join("no-config.toml"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &list[0];
    assert_eq!(first["id"], "L-2026-00001");
    assert_eq!(first["summary"], "巡查3号楼楼顶天台 门可正常打开");
    assert_eq!(first["category"], "note");
    assert_eq!(first["created_by"], "e2e");
}

#[test]
fn ctrl_c_gives_the_terminal_back() {
    Tmux::require();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let tmux = Tmux::new("ctrlc");
    start(&tmux, &db, dir.path());
    tmux.wait_for("交接班");
    assert_eq!(tmux.show("#{alternate_on}"), "1");
    tmux.keys(&["C-c"]);
    assert_eq!(tmux.wait_exit(), "0");
    assert_eq!(tmux.show("#{alternate_on}"), "0");
    assert_eq!(tmux.show("#{cursor_flag}"), "1");
}

#[test]
fn sigterm_gives_the_terminal_back() {
    Tmux::require();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let tmux = Tmux::new("term");
    start(&tmux, &db, dir.path());
    tmux.wait_for("交接班");
    // The shell in the pane runs the desk as its child.
    let shell = tmux.show("#{pane_pid}");
    let out = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
    let desk = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!desk.is_empty(), "the desk's pid");
    Command::new("kill")
        .args(["-TERM", &desk])
        .status()
        .unwrap();
    assert_eq!(tmux.wait_exit(), "0");
    assert_eq!(tmux.show("#{alternate_on}"), "0");
    assert_eq!(tmux.show("#{cursor_flag}"), "1");
}

/// A dropped SSH connection or a killed terminal: the desk ends instead of spinning on the dead
/// terminal, and the text typed into a form is kept as a draft for next time.
#[test]
fn a_hung_up_terminal_ends_the_desk_and_keeps_the_draft() {
    Tmux::require();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let tmux = Tmux::new("hup");
    start(&tmux, &db, dir.path());
    tmux.wait_for("交接班");
    let shell = tmux.show("#{pane_pid}");
    let out = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
    let desk = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!desk.is_empty(), "the desk's pid");
    tmux.keys(&["F2"]);
    tmux.wait_for("新值班记录");
    tmux.type_text("断线前输入的内容");
    std::thread::sleep(Duration::from_millis(300));
    tmux.run(&["kill-server"]);
    let end = Instant::now() + Duration::from_secs(5);
    while Path::new(&format!("/proc/{desk}")).exists() && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        !Path::new(&format!("/proc/{desk}")).exists(),
        "the desk is still running after its terminal went away"
    );
    let draft = std::fs::read_to_string(dir.path().join("desk.db.drafts/e2e.json")).unwrap();
    assert!(draft.contains("断线前输入的内容"), "{draft}");
}

/// Keys still in flight when the terminal goes away: crossterm's reader spun at full CPU on the
/// dead terminal's endless end-of-file and the desk never ended (most of a dozen desks were
/// left running that way after a tmux kill-server right behind a few keys).
#[test]
fn a_terminal_that_hangs_up_behind_typed_keys_ends_the_desk() {
    Tmux::require();
    let dir = tempfile::tempdir().unwrap();
    let started: Vec<Tmux> = (0..6)
        .map(|i| {
            let tmux = Tmux::new(&format!("inflight{i}"));
            start(&tmux, &dir.path().join(format!("desk{i}.db")), dir.path());
            tmux
        })
        .collect();
    let desks: Vec<(Tmux, String)> = started
        .into_iter()
        .map(|tmux| {
            tmux.wait_for("交接班");
            let shell = tmux.show("#{pane_pid}");
            let out = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
            let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
            assert!(!pid.is_empty(), "the desk's pid");
            (tmux, pid)
        })
        .collect();
    for (tmux, _) in &desks {
        tmux.keys(&["F2", "abc", "Down", "Up"]);
        tmux.run(&["kill-server"]);
    }
    let end = Instant::now() + Duration::from_secs(5);
    let running = || {
        desks
            .iter()
            .filter(|(_, pid)| Path::new(&format!("/proc/{pid}")).exists())
            .count()
    };
    while running() > 0 && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(50));
    }
    let left = running();
    for (_, pid) in &desks {
        // Spinning desks must not outlive a failed run.
        let _ = Command::new("kill").args(["-KILL", pid]).output();
    }
    assert_eq!(
        left, 0,
        "desks still running after their terminals went away"
    );
}
