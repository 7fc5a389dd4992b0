//! The header's overdue/soon counts and tab 4's agree: one rule counts both, whatever the
//! hour of the night.

mod tui_common;

use dutydesk::i18n::Lang;
use dutydesk::ui::{Region, render_region};
use tui_common::*;

/// The numbers of a line "!! 2 overdue  ! 1 soon".
fn counts(line: &str, overdue: &str, soon: &str) -> (String, String) {
    let after = |word: &str| {
        let head = &line[..line
            .find(word)
            .unwrap_or_else(|| panic!("{word} in {line:?}"))];
        head.split_whitespace()
            .last()
            .unwrap_or_default()
            .to_string()
    };
    (after(overdue), after(soon))
}

#[test]
fn the_header_and_tab_4_count_the_same_overdue_and_soon_records_all_night() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('4')]);
    for step in 0..72 {
        let t = now() + chrono::Duration::minutes(20 * step);
        app.on_time(t, &f.store);
        let header = text(&render_region(&app, Region::Header, 200, 1));
        let screen = text(&frame(&app, 200, 60));
        let tab = screen
            .lines()
            .find(|l| l.contains("overdue") && !l.contains(app.desk.config.estate.as_str()))
            .unwrap_or_else(|| panic!("{screen}"))
            .to_string();
        assert_eq!(
            counts(&header, "overdue", "soon"),
            counts(&tab, "overdue", "soon"),
            "at {t}: header {header:?}, tab 4 {tab:?}"
        );
    }
}

use dutydesk::app::keys::Key;
