//! The compiled handover read in full on tab 4 (`F` / ^G): the same lines `handover show`
//! prints, wrapped and scrolled in the desk, and on paper with `handover show --print`.

mod tui_common;

use dutydesk::app::keymap::{Cmd, Mode};
use dutydesk::app::keys::{Event, Key, KeyCode};
use dutydesk::i18n::Lang;
use std::process::Command;
use tui_common::*;
use unicode_width::UnicodeWidthStr;

const PGDN: Key = Key::new(KeyCode::PageDown);
const END: Key = Key::new(KeyCode::End);
const HOME: Key = Key::new(KeyCode::Home);

/// `dutydesk handover show ARGS` on the fixture's database, as the fixture's desk sees it.
fn cli(f: &Fixture, lang: Lang, args: &[&str]) -> String {
    let config = f.dir.path().join("config.toml");
    std::fs::write(
        &config,
        "estate = \"Garden Court 花园小区\"\ntimezone = \"Asia/Shanghai\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .args(args)
        .env("DUTYDESK_DB", &f.desk.db_path)
        .env("DUTYDESK_NOW", "2026-11-25T03:00:00+08:00")
        .env("DUTYDESK_OPERATOR", "alice")
        .env("DUTYDESK_CONFIG", &config)
        .env("DUTYDESK_LANG", if lang == Lang::Zh { "zh" } else { "en" })
        .env_remove("DUTYDESK_READONLY")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A night with a long Chinese note on the handover.
fn night_with_note(lang: Lang) -> (Fixture, dutydesk::app::App) {
    let mut f = Fixture::night(lang);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('4'), Key::ch('n')]);
    let note = format!(
        "{}\nEND-OF-NOTE",
        "三号楼二单元电梯停运, 已通知维保单位明早八点到场, 夜班每两小时巡查一次。".repeat(4)
    );
    app.handle(Event::Paste(note), &mut f.store);
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.mode, Mode::List, "{:?}", app.message);
    (f, app)
}

#[test]
fn ctrl_g_on_tab_4_shows_what_handover_show_prints_and_it_scrolls() {
    for lang in [Lang::En, Lang::Zh] {
        let (mut f, mut app) = night_with_note(lang);
        assert!(app.hints().iter().any(|b| b.cmd == Cmd::ShowCompiled));
        f.press(&mut app, &[Key::ctrl('g')]);
        assert_eq!(app.mode, Mode::Compiled, "{:?}", app.message);
        // One compile, one layout: the desk's lines are the command's.
        let printed = cli(&f, lang, &["handover", "show"]);
        let printed: Vec<&str> = printed.lines().collect();
        assert_eq!(app.compiled, printed, "desk and `handover show` differ");
        // Wrapped to the screen: nothing runs past the border, every note character kept.
        let mut seen = String::new();
        for _ in 0..30 {
            let screen = text(&frame(&app, 80, 24));
            for line in screen.lines() {
                assert!(line.width() <= 80, "{line:?}");
            }
            seen.push_str(&screen);
            f.press(&mut app, &[PGDN]);
        }
        assert!(seen.contains("END-OF-NOTE"), "{seen}");
        let first_page = {
            f.press(&mut app, &[HOME]);
            text(&frame(&app, 80, 24))
        };
        assert!(!first_page.contains("END-OF-NOTE"), "{first_page}");
        f.press(&mut app, &[END]);
        let last_page = text(&frame(&app, 80, 24));
        assert!(last_page.contains("END-OF-NOTE"), "{last_page}");
        // End stays at the end: paging on does not scroll into emptiness.
        let at_end = app.compiled_scroll;
        f.press(&mut app, &[PGDN]);
        let _ = frame(&app, 80, 24);
        assert_eq!(app.compiled_scroll, at_end);
        f.press(&mut app, &[ESC]);
        assert_eq!(app.mode, Mode::List);
    }
}

#[test]
fn the_compiled_handover_is_offered_only_on_tab_4_and_read_only_desks_have_it_too() {
    let mut f = Fixture::night(Lang::Zh);
    let mut app = f.app();
    f.press(&mut app, &[Key::ctrl('g')]);
    assert_eq!(app.mode, Mode::List);
    f.press(&mut app, &[Key::ch('4'), Key::ch('F')]);
    assert_eq!(app.mode, Mode::Compiled);
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains("完整交接单"), "{screen}");
    assert!(screen.contains("交接班"), "{screen}");
    f.press(&mut app, &[Key::ch('F')]);
    assert_eq!(app.mode, Mode::List);
}

#[test]
fn handover_show_print_fits_an_80_column_printer_in_chinese() {
    let (f, _app) = night_with_note(Lang::Zh);
    let paper = cli(&f, Lang::Zh, &["handover", "show", "--print"]);
    for line in paper.lines() {
        assert!(line.width() <= 80, "{line:?}: {} columns", line.width());
    }
    assert!(paper.contains("交接班记录"), "{paper}");
    assert!(paper.contains("接班人签字: ____"), "{paper}");
    assert!(paper.contains("END-OF-NOTE"), "{paper}");
    // Every character of the note is on paper (wrapped, never cut).
    let note_chars = paper.matches("维保单位").count();
    assert_eq!(note_chars, 4, "{paper}");
}

/// F1 / `?` open the help over the compiled handover, the view's own keys first (at 80×24 they
/// are on the first page); closing the help comes back to the view where it was read.
#[test]
fn the_help_opens_from_the_compiled_handover_with_its_keys_and_comes_back_to_it() {
    for (lang, title, close) in [
        (
            Lang::En,
            "The compiled handover",
            "Back to the handover tab",
        ),
        (Lang::Zh, "完整交接单", "返回交接班页"),
    ] {
        let (mut f, mut app) = night_with_note(lang);
        f.press(&mut app, &[Key::ctrl('g')]);
        let _ = frame(&app, 80, 24);
        f.press(&mut app, &[PGDN]);
        let scrolled = app.compiled_scroll;
        assert!(scrolled > 0);
        for key in [Key::f(1), Key::ch('?')] {
            f.press(&mut app, &[key]);
            assert_eq!(app.mode, Mode::Help, "{key:?}");
            let screen = text(&frame(&app, 80, 24));
            let first: Vec<&str> = screen.lines().take(8).collect();
            assert!(
                first.iter().any(|l| l.contains(title)),
                "the view's keys first: {screen}"
            );
            assert!(screen.contains(close), "{screen}");
            f.press(&mut app, &[ESC]);
            assert_eq!(app.mode, Mode::Compiled, "{key:?}");
            assert_eq!(app.compiled_scroll, scrolled);
        }
        // Closed, the help from the list goes back to the list and starts with the legend.
        f.press(&mut app, &[ESC, Key::f(1)]);
        let screen = text(&frame(&app, 80, 24));
        assert!(
            !screen.lines().take(8).any(|l| l.contains(title)),
            "{screen}"
        );
        f.press(&mut app, &[ESC]);
        assert_eq!(app.mode, Mode::List);
    }
}
