//! `[keys]` in the config: a key of one's own for an action runs it, the hints and the help
//! show it, `dutydesk config` lists the keys in use, and a bad entry exits 2 naming its key.

mod tui_common;

use dutydesk::app::keymap::{self, Cmd, Mode};
use dutydesk::app::keys::Key;
use dutydesk::i18n::Lang;
use dutydesk::ui::{Region, render_region};
use std::process::Command;
use tui_common::*;

fn with_keys(lang: Lang, keys: &[(&str, &str)]) -> Fixture {
    let mut f = Fixture::night(lang);
    for (action, key) in keys {
        f.desk
            .config
            .keys
            .insert(action.to_string(), key.to_string());
    }
    f
}

#[test]
fn a_configured_key_runs_its_action_and_the_hints_and_help_show_it() {
    for (lang, hint) in [(Lang::Zh, "^S 签收"), (Lang::En, "^S sign")] {
        let mut f = with_keys(lang, &[("sign", "Ctrl-S"), ("help", "F9")]);
        let mut app = f.app();
        f.press(&mut app, &[Key::ch('4')]);
        let bar = text(&render_region(&app, Region::Status, 80, 1));
        assert!(bar.contains(hint), "{bar}");
        assert!(bar.contains("F9"), "{bar}");
        // The help lists it first.
        let sign = keymap::help(app.keymap, Mode::List)
            .find(|b| b.cmd == Cmd::SignHandover)
            .unwrap();
        assert!(keymap::keys_text(sign).starts_with("^S"), "{:?}", sign.keys);
        // F9 was the note's: now it opens the help.
        f.press(&mut app, &[Key::f(9)]);
        assert_eq!(app.mode, Mode::Help);
        f.press(&mut app, &[ESC, Key::ctrl('s')]);
        assert_eq!(app.mode, Mode::Form, "{:?}", app.message);
    }
}

fn run(config: &str, args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, config).unwrap();
    Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .args(args)
        .env("DUTYDESK_DB", dir.path().join("d.db"))
        .env("DUTYDESK_CONFIG", &path)
        .env("DUTYDESK_LANG", "en")
        .env("TZ", "Asia/Shanghai")
        .output()
        .unwrap()
}

#[test]
fn a_bad_key_or_an_unknown_action_exits_2_naming_the_key() {
    for (config, named) in [
        ("[keys]\nsign = \"Ctrl-\"\n", "keys.sign"),
        ("[keys]\nsing = \"Ctrl-S\"\n", "keys.sing"),
        ("[keys]\nsave = \"F13\"\n", "keys.save"),
    ] {
        let out = run(config, &["config"]);
        assert_eq!(out.status.code(), Some(2), "{config}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(named), "{config}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}

#[test]
fn config_lists_the_keys_in_use() {
    let out = run("[keys]\nsign = \"Ctrl-S\"\n", &["config"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("sign = \"^S S F11\""), "{text}");
    assert!(text.contains("quit = \"q F10 ^C\""), "{text}");
    // The printed config reads back: the keys in use are comments, [keys] is the config's.
    assert!(text.contains("[keys]"), "{text}");
}
