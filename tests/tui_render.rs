//! The desk's screens as snapshots (insta + `TestBackend`), with their styles, so that losing a
//! highlight fails a test; and direct checks of the cells that carry urgency.

mod tui_common;

use dutydesk::app::keys::{Key, KeyCode};
use dutydesk::app::{App, Tab};
use dutydesk::domain::RecordKind;
use dutydesk::i18n::Lang;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use tui_common::*;

fn snap(name: &str, buffer: &Buffer) {
    insta::assert_snapshot!(name, styled(buffer));
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 36)];

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    }
}

#[test]
fn every_tab_in_both_languages_and_sizes() {
    for lang in [Lang::En, Lang::Zh] {
        let f = Fixture::night(lang);
        for &tab in Tab::all() {
            let mut app = f.app();
            app.show_tab(tab, &f.store);
            for (w, h) in SIZES {
                let name = format!("{}_{}_{w}x{h}", tab.name(), lang_name(lang)).to_lowercase();
                snap(&name, &frame(&app, w, h));
            }
        }
    }
}

#[test]
fn forms_in_both_languages_and_sizes() {
    for lang in [Lang::En, Lang::Zh] {
        for (w, h) in SIZES {
            let mut f = Fixture::night(lang);
            let l = lang_name(lang);
            // The repair form, the urgent category suggested from the words.
            let mut app = f.app();
            f.press(&mut app, &[Key::ch('3'), Key::ch('n')]);
            f.type_text(&mut app, "5号楼电梯困人, 3人");
            f.press(&mut app, &[TAB]);
            f.type_text(&mut app, "5号楼1单元");
            snap(&format!("form_repair_{l}_{w}x{h}"), &frame(&app, w, h));
            // The call form with an invalid room and phone, marked in place.
            let mut app = f.app();
            f.press(&mut app, &[Key::ch('2'), Key::ch('n')]);
            f.type_text(&mut app, "楼上漏水");
            f.press(&mut app, &[TAB, TAB, TAB, TAB]);
            f.type_text(&mut app, "大堂");
            f.press(&mut app, &[TAB]);
            f.type_text(&mut app, "call me");
            f.press(&mut app, &[ENTER]);
            snap(
                &format!("form_call_invalid_{l}_{w}x{h}"),
                &frame(&app, w, h),
            );
            // The duty-log form, empty.
            let mut app = f.app();
            f.press(&mut app, &[Key::ch('n')]);
            snap(&format!("form_log_{l}_{w}x{h}"), &frame(&app, w, h));
            // Dispatching the overdue repair.
            let mut app = f.app();
            f.press(&mut app, &[Key::ch('3'), Key::ch('d')]);
            f.type_text(&mut app, "李师傅");
            snap(&format!("form_dispatch_{l}_{w}x{h}"), &frame(&app, w, h));
        }
    }
}

#[test]
fn popups_and_small_screens() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('?')]);
    snap("help_en_120x36", &frame(&app, 120, 36));
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('s')]);
    f.type_text(&mut app, "3-2-1201");
    snap("search_en_120x36", &frame(&app, 120, 36));
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3'), Key::ch('/')]);
    f.type_text(&mut app, "电梯");
    snap("filter_en_80x24", &frame(&app, 80, 24));
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3'), ENTER]);
    snap("zoom_en_80x24", &frame(&app, 80, 24));
    let app = f.app();
    snap("too_small_79x24", &frame(&app, 79, 24));
    // A step without fields asks to confirm: the technician of the lift is on site.
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3'), DOWN, Key::ch('a')]);
    snap("form_confirm_arrive_en_80x24", &frame(&app, 80, 24));
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('n')]);
    f.type_text(&mut app, "half written");
    f.press(&mut app, &[Key::f(10)]);
    snap("confirm_quit_en_80x24", &frame(&app, 80, 24));
}

#[test]
fn wide_screens_show_the_detail_beside_the_list() {
    let f = Fixture::night(Lang::Zh);
    let mut app = f.app();
    app.show_tab(Tab::Kind(RecordKind::Repair), &f.store);
    snap("repairs_zh_160x48", &frame(&app, 160, 48));
}

#[test]
fn no_color_and_ascii() {
    let mut f = Fixture::night(Lang::En);
    f.desk.no_color = true;
    f.desk.ascii = true;
    let mut app = f.app();
    app.show_tab(Tab::Kind(RecordKind::Repair), &f.store);
    let buffer = frame(&app, 80, 24);
    snap("repairs_mono_ascii_en_80x24", &buffer);
    // No colour anywhere; urgency by bold + underline and the marker, the selection in
    // reverse video: a selected row never looks like an overdue one.
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    let (y, line) = row_with(&buffer, "厨房水管爆裂").unwrap();
    assert!(line.starts_with(">!!"), "{line}");
    let cell = &buffer[(10, y)];
    assert!(cell.modifier.contains(Modifier::REVERSED | Modifier::BOLD));
    f.press(&mut app, &[DOWN]);
    let buffer = frame(&app, 80, 24);
    let (y, line) = row_with(&buffer, "厨房水管爆裂").unwrap();
    assert!(line.starts_with(" !!"), "{line}");
    let overdue = buffer[(10, y)].modifier;
    assert!(
        overdue.contains(Modifier::BOLD | Modifier::UNDERLINED),
        "{overdue:?}"
    );
    assert!(!overdue.contains(Modifier::REVERSED), "{overdue:?}");
    let (y, line) = row_with(&buffer, "电梯停在12楼").unwrap();
    assert!(line.starts_with(">! "), "{line}");
    assert!(buffer[(10, y)].modifier.contains(Modifier::REVERSED));
    // ASCII borders only.
    assert!(!text(&buffer).contains('─') && !text(&buffer).contains('│'));
}

/// The cells that must carry urgency, checked one by one (not only through the snapshots).
#[test]
fn overdue_rows_are_red_and_marked_soon_rows_yellow() {
    let f = Fixture::night(Lang::En);
    let mut app = f.app();
    app.show_tab(Tab::Kind(RecordKind::Repair), &f.store);
    for (w, h) in SIZES {
        let buffer = frame(&app, w, h);
        let (y, line) = row_with(&buffer, "R-2026-00001").unwrap();
        // At 80 columns the time left names its deadline (no column of its own there).
        let due = if w < 110 {
            "dispatch late 23m"
        } else {
            "dispatch   overdue 23 min"
        };
        assert!(line.contains("!!") && line.contains(due), "{line}");
        for x in 4..20 {
            let cell = &buffer[(x, y)];
            assert_eq!(cell.fg, Color::Red, "overdue cell {x},{y}");
            assert!(cell.modifier.contains(Modifier::BOLD));
        }
        let (y, line) = row_with(&buffer, "R-2026-00002").unwrap();
        assert!(line.starts_with(" !  R-2026"), "soon row {line}");
        assert_eq!(buffer[(10, y)].fg, Color::Yellow);
        // The header counts overdue items across every tab.
        let head = text(&buffer).lines().next().unwrap().to_string();
        assert!(
            head.contains("!! 2 overdue") && head.contains("! 1 soon"),
            "{head}"
        );
        assert!(head.contains("03:00"));
    }
}

#[test]
fn the_selected_row_is_pointed_at_and_reversed() {
    let f = Fixture::night(Lang::En);
    let mut app = f.app();
    app.show_tab(Tab::Kind(RecordKind::Repair), &f.store);
    let buffer = frame(&app, 80, 24);
    let (y, line) = row_with(&buffer, "R-2026-00001").unwrap();
    assert!(line.starts_with('>'));
    assert!(buffer[(30, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_terminal_cursor_sits_at_the_input_for_input_methods() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('n')]);
    // (Words the duty log's rounds line does not hold: its areas include 电梯.)
    f.type_text(&mut app, "电梯门");
    let cursor = |app: &App| {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|frame| dutydesk::ui::draw(frame, app)).unwrap();
        t.get_cursor_position().unwrap()
    };
    let buffer = frame(&app, 80, 24);
    let (y, line) = row_with(&buffer, "电梯门").unwrap();
    let pos = cursor(&app);
    assert_eq!(pos.y, y);
    // Right after the three double-width characters.
    let before: String = line.split("电梯门").next().unwrap().to_string();
    let col = unicode_width::UnicodeWidthStr::width(before.as_str()) + 6;
    assert_eq!(pos.x as usize, col, "{line}");
    f.press(&mut app, &[Key::new(KeyCode::Left)]);
    assert_eq!(cursor(&app).x as usize, col - 2);
}

#[test]
fn stored_control_characters_never_reach_the_terminal() {
    let mut f = Fixture::empty(Lang::En);
    f.add(
        now(),
        dutydesk::domain::Details::Log(dutydesk::domain::LogDetails {
            category: dutydesk::domain::LogCategory::Note,
        }),
        "evil \u{1b}[31m red \u{202e}reversed",
        None,
        None,
        None,
        None,
    );
    let app = f.app();
    let all = text(&frame(&app, 120, 36));
    assert!(!all.contains('\u{1b}') && !all.contains('\u{202e}'));
    assert!(all.contains("evil ␛[31m red"), "{all}");
}
