//! Multi-line text in a real terminal (tmux): Alt-Enter and Ctrl-J reach the desk as a new
//! line (Enter still saves), a bracketed paste keeps its line breaks, and the full-size detail
//! shows the lines as typed. Without tmux this test fails (it never skips).

mod common;

use common::tmux::{KEEP_PANE, Tmux};
use std::process::Command;

const NOW: &str = "2026-11-25T03:00:00+08:00";

#[test]
fn lines_typed_and_pasted_in_a_terminal_are_kept() {
    Tmux::require();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let config = dir.path().join("no-config.toml");
    let tmux = Tmux::new("lines");
    let (now, config) = (
        format!("DUTYDESK_NOW={NOW}"),
        format!("DUTYDESK_CONFIG={}", config.display()),
    );
    let mut command = KEEP_PANE.to_vec();
    command.extend([
        "env",
        &now,
        "TZ=Asia/Shanghai",
        "LANG=C.UTF-8",
        "TERM=xterm-256color",
        &config,
        "DUTYDESK_LANG=zh",
        "DUTYDESK_OPERATOR=e2e",
        env!("CARGO_BIN_EXE_dutydesk"),
        "--db",
        db.to_str().unwrap(),
    ]);
    tmux.session(80, 24, &command);
    tmux.wait_for("值班记录");
    tmux.keys(&["F2"]);
    tmux.wait_for("新值班记录");
    tmux.wait_for("^J: 换行");
    tmux.type_text("第一行");
    tmux.keys(&["M-Enter"]);
    tmux.type_text("second line");
    tmux.keys(&["C-j"]);
    // A bracketed paste with a line break in it.
    tmux.run(&["set-buffer", "--", "粘贴一\n粘贴二"]);
    tmux.run(&["paste-buffer", "-p", "-t", "desk"]);
    tmux.wait_for("粘贴二");
    let screen = tmux.screen();
    for line in ["第一行", "second line", "粘贴一", "粘贴二"] {
        assert!(
            screen
                .lines()
                .any(|l| l.contains(line) && l.matches(['第', 's', '粘']).count() == 1),
            "{line} on a row of its own:\n{screen}"
        );
    }
    tmux.keys(&["Enter"]);
    tmux.wait_for("L-2026-00001 已保存");
    let out = Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "show",
            "L-2026-00001",
            "--json",
        ])
        .env("DUTYDESK_NOW", NOW)
        .env("TZ", "Asia/Shanghai")
        .env("DUTYDESK_CONFIG", dir.path().join("no-config.toml"))
        .output()
        .unwrap();
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["summary"], "第一行\nsecond line\n粘贴一\n粘贴二");
    // The full-size detail shows the four lines one under another.
    tmux.keys(&["Enter"]);
    tmux.wait_for("L-2026-00001 · 值班记录");
    let screen = tmux.screen();
    let rows: Vec<&str> = screen.lines().collect();
    let first = rows.iter().position(|l| l.contains("第一行")).unwrap();
    assert!(
        rows[first + 1].trim_start().starts_with("second line"),
        "{screen}"
    );
    assert!(
        rows[first + 3].trim_start().starts_with("粘贴二"),
        "{screen}"
    );
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_exit(), "0");
}
