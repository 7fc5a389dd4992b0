//! The help at 80 columns: a legend of the marks the lists use, every key whole in its column
//! and every description whole (wrapped, not cut).

mod tui_common;

use dutydesk::app::keymap::{self, BINDINGS, Mode};
use dutydesk::app::keys::{Key, KeyCode};
use dutydesk::i18n::Lang;
use tui_common::*;

/// Every page of the help, as text.
fn help_pages(f: &mut Fixture, lang: Lang, w: u16, h: u16) -> String {
    let _ = lang;
    let mut app = f.app();
    f.press(&mut app, &[Key::f(1)]);
    assert_eq!(app.mode, Mode::Help);
    let mut all = String::new();
    for _ in 0..20 {
        all.push_str(&text(&frame(&app, w, h)));
        f.press(&mut app, &[Key::new(KeyCode::PageDown)]);
    }
    all
}

#[test]
fn the_help_explains_the_marks_and_shows_every_key_whole() {
    for (lang, legend) in [
        (
            Lang::En,
            [
                "overdue: a deadline has passed",
                "[flag]",
                "[repeat]",
                "urgent repair",
            ],
        ),
        (Lang::Zh, ["已超时: 已过时限", "[关注]", "[重复]", "急修"]),
    ] {
        let mut f = Fixture::night(lang);
        let pages = help_pages(&mut f, lang, 80, 24);
        for mark in legend {
            assert!(pages.contains(mark), "{mark}:\n{pages}");
        }
        for b in BINDINGS.iter() {
            let keys = keymap::keys_text(b);
            assert!(
                pages.lines().any(|l| l.contains(&format!("  {keys} "))
                    || l.trim_end().ends_with(&format!("  {keys}"))),
                "{keys} not whole:\n{pages}"
            );
        }
        // Nothing inside the box is cut with "…".
        for line in pages.lines().filter(|l| l.contains('│')) {
            let inside = line.split('│').nth(1).unwrap_or("");
            assert!(!inside.contains('…'), "{line}");
        }
    }
}

/// On the handover tab the status bar names sign and refuse (F11/F12 in Chinese, whose input
/// method swallows the letters) even at 80 columns.
#[test]
fn the_handover_tab_offers_sign_and_refuse_at_80_columns() {
    use dutydesk::app::Tab;
    use dutydesk::ui::{Region, render_region};
    for (lang, sign, refuse) in [
        (Lang::Zh, "F11 签收", "F12 拒收"),
        (Lang::En, "S sign", "R refuse"),
    ] {
        let f = Fixture::night(lang);
        let mut app = f.app();
        app.show_tab(Tab::Shift, &f.store);
        let bar = text(&render_region(&app, Region::Status, 80, 1));
        assert!(bar.contains(sign) && bar.contains(refuse), "{bar}");
    }
}
