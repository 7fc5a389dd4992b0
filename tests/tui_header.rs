//! The header at 80 columns: the estate gets what the rest can give. English words are longer
//! ("overdue", "Night") so at 80×24 the demo's estate ("Service Centre") was cut by one column
//! in English while Chinese ("物业服务中心") fitted; now the shift's start, then its hours go
//! before the estate is shortened, and a name too long for any room is cut only after
//! everything else has given way. The header's row is snapshotted with its styles, in both languages.

mod tui_common;

use dutydesk::app::App;
use dutydesk::i18n::Lang;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use tui_common::*;

const LONG: &str = "Riverside Garden Phase II Service Centre 滨江花园二期物业服务中心";

fn app_with(f: &mut Fixture, estate: &str) -> App {
    f.desk.config.estate = estate.into();
    f.app()
}

/// The header's row of an 80×24 frame, with its styles.
fn header(app: &App) -> String {
    let full = frame(app, 80, 24);
    let mut top = Buffer::empty(Rect::new(0, 0, 80, 1));
    for x in 0..80 {
        top[(x, 0)] = full[(x, 0)].clone();
    }
    styled(&top)
}

fn first_line(app: &App) -> String {
    text(&frame(app, 80, 24))
        .lines()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn the_demo_estate_is_whole_at_80_columns_in_both_languages() {
    for (lang, name) in [(Lang::En, "Service Centre"), (Lang::Zh, "物业服务中心")] {
        let mut f = Fixture::night(lang);
        let app = app_with(&mut f, "Service Centre");
        let line = first_line(&app);
        assert!(line.starts_with(&format!(" {name} │ ")), "{line}");
        // Room enough for the shift's end (the handover) at least.
        assert!(line.contains("–08:00"), "{line}");
        // The operator and the counts are still there.
        assert!(line.contains("alice") && line.contains("!! 2"), "{line}");
    }
}

#[test]
fn the_fixture_estate_is_whole_and_the_shift_keeps_its_hours_where_there_is_room() {
    for lang in [Lang::En, Lang::Zh] {
        let mut f = Fixture::night(lang);
        let app = app_with(&mut f, "Garden Court 花园小区");
        let line = first_line(&app);
        assert!(line.starts_with(" Garden Court 花园小区 │ "), "{line}");
        // At 120 columns nothing gives way: the hours, the time left, "on duty".
        let wide = text(&frame(&app, 120, 30));
        let wide = wide.lines().next().unwrap();
        assert!(
            wide.contains("20:00–08:00") && wide.contains("alice"),
            "{wide}"
        );
    }
}

#[test]
fn a_long_estate_name_gets_what_the_rest_leaves_and_the_counts_stay() {
    for lang in [Lang::En, Lang::Zh] {
        let mut f = Fixture::night(lang);
        let app = app_with(&mut f, LONG);
        let line = first_line(&app);
        assert!(line.starts_with(" Riverside Garden Phase"), "{line}");
        assert!(line.contains('…') && line.contains("alice"), "{line}");
        assert!(line.trim_end().ends_with("11-25 03:00"), "{line}");
    }
}

#[test]
fn the_header_at_80x24_in_both_languages() {
    for (lang, tag) in [(Lang::En, "en"), (Lang::Zh, "zh")] {
        for (estate, which) in [("Service Centre", "demo"), (LONG, "long")] {
            let mut f = Fixture::night(lang);
            let app = app_with(&mut f, estate);
            insta::assert_snapshot!(format!("header_{which}_{tag}_80x24"), header(&app));
        }
    }
}
