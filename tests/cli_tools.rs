//! The command line as people expect of a serious tool: shell completions and a man page made
//! from the same description as `--help`, help that does not show an unset variable as set,
//! and a progress bar on long work that only a terminal sees.

mod common;

use common::Desk;
use common::tmux::{KEEP_PANE, Tmux};
use std::time::Duration;

const NOW: &str = "2026-11-25T03:00:00+08:00";

/// A desk whose configuration file is broken and whose database does not exist: generated
/// text must need neither.
fn bare() -> Desk {
    let desk = Desk::new(NOW);
    std::fs::write(desk.path("broken.toml"), "[rules\n").unwrap();
    desk
}

fn run_bare(desk: &Desk, args: &[&str]) -> common::Run {
    let out = desk
        .command()
        .env("DUTYDESK_CONFIG", desk.path("broken.toml"))
        .args(args)
        .output()
        .expect("the binary runs");
    common::Run::from_output(out)
}

#[test]
fn completions_name_every_command_for_each_shell() {
    let desk = bare();
    for shell in ["bash", "zsh", "fish"] {
        let run = run_bare(&desk, &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for word in ["handover", "search", "snapshot", "overdue"] {
            assert!(run.stdout.contains(word), "{shell} completions lack {word}");
        }
    }
    assert!(!desk.db.exists(), "completions created the database");
}

#[test]
fn completions_refuse_an_unknown_shell() {
    let run = run_bare(&bare(), &["completions", "cmd.exe"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn man_page_is_roff_for_the_program_and_for_each_command() {
    let desk = bare();
    let run = run_bare(&desk, &["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH dutydesk 1"), "{}", run.stdout);
    assert!(run.stdout.contains("handover"));
    let run = run_bare(&desk, &["man", "add"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH dutydesk-add 1"), "{}", run.stdout);
    assert!(run.stdout.contains("repair"));
    assert!(!desk.db.exists(), "man created the database");
}

#[test]
fn man_page_of_an_unknown_command_names_it_in_the_desks_language() {
    let desk = bare();
    let run = run_bare(&desk, &["man", "nope"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("'nope'"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let run = run_bare(&desk, &["--lang", "zh", "man", "nope"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("不是 dutydesk 的命令"),
        "{}",
        run.stderr
    );
}

#[test]
fn help_names_the_variables_without_their_values() {
    let desk = Desk::new(NOW);
    let run = desk.run(&["--help"]);
    assert_eq!(run.code, 0);
    for var in ["DUTYDESK_LANG", "DUTYDESK_READONLY", "DUTYDESK_DB"] {
        assert!(
            run.stdout.contains(&format!("[env: {var}]")),
            "{var} in --help: {}",
            run.stdout
        );
        assert!(
            !run.stdout.contains(&format!("[env: {var}=")),
            "{var} shown with a value"
        );
    }
}

#[test]
fn long_work_prints_no_progress_into_a_pipe() {
    let desk = Desk::new(NOW);
    let run = desk.run(&["demo", "--records", "300"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "300");
    assert_eq!(run.stderr, "", "progress leaked into a pipe");
    for args in [&["verify"][..], &["export", "--format", "csv"]] {
        let run = desk.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr, "", "{args:?}: progress leaked into a pipe");
    }
}

/// Only a terminal shows the bar: it is drawn while the demo fills, then cleared, leaving the
/// count on stdout.
#[test]
fn a_terminal_sees_the_demo_fill_progress_then_only_the_count() {
    let tmux = Tmux::new("progress");
    let desk = Desk::new(NOW);
    let bin = env!("CARGO_BIN_EXE_dutydesk");
    let mut command = KEEP_PANE.to_vec();
    let (now, config, db) = (
        format!("DUTYDESK_NOW={NOW}"),
        format!("DUTYDESK_CONFIG={}", desk.path("none.toml").display()),
        format!("DUTYDESK_DB={}", desk.db.display()),
    );
    command.extend([
        "env",
        &now,
        "TZ=Asia/Shanghai",
        "LANG=C.UTF-8",
        "TERM=xterm-256color",
        &config,
        &db,
        "DUTYDESK_LANG=en",
        "DUTYDESK_OPERATOR=e2e",
        bin,
        "demo",
        "--records",
        "5000",
    ]);
    tmux.session(100, 10, &command);
    tmux.wait_for("writing demo records");
    tmux.wait_for("/5000");
    // Slow under a loaded test run: give the fill its time before asking how it ended.
    let ended = tmux.wait_within(
        "EXITED",
        Duration::from_secs(120),
        Duration::from_millis(200),
    );
    assert!(
        ended.is_some(),
        "the demo fill did not end:\n{}",
        tmux.screen()
    );
    assert_eq!(tmux.wait_exit(), "0", "{}", tmux.screen());
    let screen = tmux.screen();
    assert!(screen.lines().any(|l| l.trim() == "5000"), "{screen}");
    assert!(
        !screen.contains("writing demo records"),
        "the bar was not cleared:\n{screen}"
    );
}
