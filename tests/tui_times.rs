//! Times in the lists say what they mean: the hours for the last 24 hours, the date (and at
//! 120 columns the time) within the year, the year beyond; the time left names its deadline
//! and is never cut in a word at 80 columns.

mod tui_common;

use dutydesk::app::Tab;
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use dutydesk::ui::{Region, render_region};
use ratatui::style::Color;
use tui_common::*;

fn log(f: &mut Fixture, when: &str, summary: &str) {
    f.add(
        at(when),
        Details::Log(LogDetails {
            category: LogCategory::Note,
        }),
        summary,
        None,
        None,
        None,
        None,
    );
}

#[test]
fn the_time_column_keeps_the_evening_hours_and_says_the_year() {
    let mut f = Fixture::night(Lang::En);
    log(&mut f, "2026-11-23T08:00:00+08:00", "two days ago");
    log(&mut f, "2025-06-01T09:30:00+08:00", "last year");
    let mut app = f.app();
    app.show_tab(Tab::Kind(RecordKind::Log), &f.store);
    for (w, yesterday_evening, two_days, last_year) in [
        (80, "21:10", " 11-23 ", " 2025 "),
        (120, "21:10", " 11-23 08:00 ", " 2025-06-01 "),
    ] {
        let table = render_region(&app, Region::Table, w, 12);
        let row = |needle: &str| row_with(&table, needle).expect(needle).1;
        assert!(
            row("夜间巡查").contains(yesterday_evening),
            "{}",
            text(&table)
        );
        assert!(row("two days ago").contains(two_days), "{}", text(&table));
        assert!(row("last year").contains(last_year), "{}", text(&table));
    }
}

#[test]
fn the_time_left_names_its_deadline_whole_at_80_columns() {
    for (lang, overdue, soon, complaint) in [
        (
            Lang::En,
            "dispatch late 23m",
            "arrival 3m",
            "f.reply late 3h",
        ),
        (Lang::Zh, "派工 超23分", "到场 3分", "首次回复 超3小时"),
    ] {
        let f = Fixture::night(lang);
        let mut app = f.app();
        app.show_tab(Tab::Kind(RecordKind::Repair), &f.store);
        let table = render_region(&app, Region::Table, 80, 8);
        let (y, row) = row_with(&table, "R-2026-00001").unwrap();
        assert!(row.trim_end().ends_with(overdue), "{row}");
        // Still the row's colour to its end.
        assert_eq!(table[(78, y)].fg, Color::Red, "{row}");
        let (_, row) = row_with(&table, "R-2026-00002").unwrap();
        assert!(row.trim_end().ends_with(soon), "{row}");
        app.show_tab(Tab::Kind(RecordKind::Call), &f.store);
        let table = render_region(&app, Region::Table, 80, 8);
        let (_, row) = row_with(&table, "C-2026-00002").unwrap();
        assert!(row.trim_end().ends_with(complaint), "{row}");
    }
}
