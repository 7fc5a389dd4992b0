//! Themes in the config: a light theme for white backgrounds (no yellow or cyan text), single
//! colours replaced in `[colors]`, `NO_COLOR` above both, and a wrong value refused naming it.

mod common;

use common::Desk;

const NOW: &str = "2026-11-25T03:00:00+08:00";

/// A demo desk with `config` as its configuration file.
fn desk_with(config: &str) -> Desk {
    let desk = Desk::new(NOW);
    assert_eq!(desk.run(&["demo", "--records", "300"]).code, 0);
    std::fs::write(desk.path("config.toml"), config).unwrap();
    desk
}

fn run(desk: &Desk, args: &[&str], no_color: bool) -> common::Run {
    let mut command = desk.command();
    command.env("DUTYDESK_CONFIG", desk.path("config.toml"));
    if no_color {
        command.env("NO_COLOR", "1");
    }
    common::Run::from_output(command.args(args).output().unwrap())
}

/// The SGR sequences of the desk's repairs tab, as `snapshot --format ansi` draws it.
fn sgr(desk: &Desk, no_color: bool) -> Vec<String> {
    let args = ["snapshot", "--tab", "repairs", "--format", "ansi"];
    let run = run(desk, &args, no_color);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut found: Vec<String> = run
        .stdout
        .split('\x1b')
        .filter_map(|s| s.strip_prefix('['))
        .filter_map(|s| s.split_once('m').map(|(codes, _)| codes.to_string()))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Foreground yellow or cyan (normal or bright), the colours a white background swallows.
fn pale_text(codes: &[String]) -> Vec<String> {
    codes
        .iter()
        .filter(|c| c.split(';').any(|p| ["33", "36", "93", "96"].contains(&p)))
        .cloned()
        .collect()
}

#[test]
fn the_dark_theme_uses_yellow_and_cyan_the_light_one_does_not() {
    let dark = desk_with("");
    assert!(!pale_text(&sgr(&dark, false)).is_empty());
    let light = desk_with("theme = \"light\"\n");
    let codes = sgr(&light, false);
    assert!(pale_text(&codes).is_empty(), "{codes:?}");
    assert!(
        codes.iter().any(|c| c.contains("38;5;130")),
        "no amber 'soon': {codes:?}"
    );
}

#[test]
fn colors_replace_single_roles_and_no_color_wins_over_both() {
    let desk = desk_with("theme = \"light\"\n[colors]\nsoon = \"#aa5500\"\nlabel = \"magenta\"\n");
    let codes = sgr(&desk, false);
    assert!(
        codes.iter().any(|c| c.contains("38;2;170;85;0")),
        "{codes:?}"
    );
    assert!(
        codes.iter().any(|c| c.split(';').any(|p| p == "35")),
        "{codes:?}"
    );
    let mono = sgr(&desk, true);
    assert!(
        mono.iter()
            .all(|c| !c.contains("38;") && !c.contains("48;")),
        "colour under NO_COLOR: {mono:?}"
    );
}

#[test]
fn a_wrong_theme_or_colour_is_refused_naming_it() {
    let desk = desk_with("theme = \"blue\"\n");
    let out = run(&desk, &["config"], false);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("`blue`"), "{}", out.stderr);
    std::fs::write(desk.path("config.toml"), "[colors]\nsoon = \"#zz\"\n").unwrap();
    let out = run(&desk, &["list"], false);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("colors.soon"), "{}", out.stderr);
    assert!(out.stderr.contains("'#zz'"), "{}", out.stderr);
    std::fs::write(desk.path("config.toml"), "[colors]\nsky = \"red\"\n").unwrap();
    let out = run(&desk, &["list"], false);
    assert_eq!(out.code, 2, "an unknown colour role is refused");
    assert!(out.stderr.contains("sky"), "{}", out.stderr);
}
