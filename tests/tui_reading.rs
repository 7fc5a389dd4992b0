//! Long text on the desk: notes wrap (a wide character never split) in the detail and on the
//! handover tab, the zoomed detail scrolls to its end and no further, and a note keeps the line
//! breaks it was typed or pasted with.

mod tui_common;

use dutydesk::app::form::FieldId;
use dutydesk::app::keymap::{Cmd, Mode};
use dutydesk::app::keys::{Event, Key, KeyCode};
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use dutydesk::ui::{Region, render_region};
use ratatui::style::Modifier;
use tui_common::*;

const PGDN: Key = Key::new(KeyCode::PageDown);
const PGUP: Key = Key::new(KeyCode::PageUp);
const HOME: Key = Key::new(KeyCode::Home);
const END: Key = Key::new(KeyCode::End);

/// A long note of two paragraphs, Chinese then English, on the newest repair.
const NOTE: &str = "业主反映卫生间顶棚持续渗水, 楼上1202室无人在家, 已电话联系业主王先生, \
    约定明早八点上门查看管道, 期间请夜班每两小时巡查一次并记录渗水情况。\n\
    Second paragraph: the plumber Zhang will bring a moisture meter; if the ceiling bulges, \
    cut the power to the bathroom and call the duty engineer at once. END-OF-NOTE";

fn with_long_note(lang: Lang) -> (Fixture, RecordId) {
    let mut f = Fixture::night(lang);
    let id = f.add(
        at("2026-11-25T02:50:00+08:00"),
        Details::Repair(RepairDetails {
            category: RepairCategory::General,
            appointment: None,
            warranty: false,
        }),
        "卫生间顶棚渗水",
        Some("3-2-1102"),
        None,
        None,
        None,
    );
    f.act(
        id,
        at("2026-11-25T02:55:00+08:00"),
        Action::Note { text: NOTE.into() },
    );
    (f, id)
}

fn zoomed_on(f: &mut Fixture, id: RecordId) -> dutydesk::app::App {
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3')]);
    for _ in 0..20 {
        if app.selected().map(|r| r.id) == Some(id) {
            break;
        }
        f.press(&mut app, &[DOWN]);
    }
    assert_eq!(app.selected().map(|r| r.id), Some(id));
    f.press(&mut app, &[ENTER]);
    assert!(app.zoom);
    app
}

#[test]
fn the_zoomed_detail_shows_a_long_note_whole_and_scrolls_to_its_end_and_no_further() {
    for lang in [Lang::En, Lang::Zh] {
        let (mut f, id) = with_long_note(lang);
        let mut app = zoomed_on(&mut f, id);
        let first = text(&render_region(&app, Region::Detail, 80, 10));
        assert!(first.contains("业主反映卫生间"), "{first}");
        assert!(!first.contains("END-OF-NOTE"), "{first}");
        // The top border says where the page is.
        assert!(first.lines().next().unwrap().contains("PgDn"), "{first}");
        f.press(&mut app, &[PGDN, PGDN, PGDN, PGDN, PGDN]);
        let end = text(&render_region(&app, Region::Detail, 80, 10));
        assert!(end.contains("END-OF-NOTE"), "{end}");
        // Clamped: paging on past the end stays at the end.
        let at_end = app.detail_scroll;
        f.press(&mut app, &[PGDN]);
        let _ = render_region(&app, Region::Detail, 80, 10);
        assert_eq!(app.detail_scroll, at_end);
        f.press(&mut app, &[HOME]);
        assert_eq!(app.detail_scroll, 0);
        f.press(&mut app, &[END]);
        assert_eq!(app.detail_scroll, at_end);
        f.press(&mut app, &[PGUP]);
        assert!(app.detail_scroll < at_end);
        // Leaving the zoom and coming back starts at the top.
        f.press(&mut app, &[ENTER, ENTER]);
        assert_eq!(app.detail_scroll, 0);
    }
}

/// Every piece of the note is on screen somewhere across the pages, nothing cut with "…", the
/// second paragraph on a line of its own, and no row wider than the pane.
#[test]
fn a_note_wraps_by_display_width_with_its_line_breaks_kept() {
    let (mut f, id) = with_long_note(Lang::Zh);
    let mut app = zoomed_on(&mut f, id);
    let mut pages = String::new();
    for _ in 0..6 {
        pages.push_str(&text(&render_region(&app, Region::Detail, 80, 10)));
        f.press(&mut app, &[PGDN]);
    }
    assert!(!pages.contains('…'), "{pages}");
    for piece in ["约定明早八点上门", "moisture", "END-OF-NOTE"] {
        assert!(pages.contains(piece), "{piece} missing:\n{pages}");
    }
    assert!(
        pages
            .lines()
            .any(|l| l.trim_start().starts_with("Second paragraph")),
        "{pages}"
    );
    for line in pages.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
}

/// The zoomed detail with a long note, text and styles, at 80 and 120 columns.
#[test]
fn zoomed_detail_region_snapshots() {
    for (lang, name) in [(Lang::En, "en"), (Lang::Zh, "zh")] {
        let (mut f, id) = with_long_note(lang);
        let app = zoomed_on(&mut f, id);
        for w in [80, 120] {
            let buffer = render_region(&app, Region::Detail, w, 12);
            // The position on the top border is dim.
            let (y, row) = row_with(&buffer, "PgDn").expect("a page marker");
            assert_eq!(y, 0);
            let x = row.find("PgDn").unwrap();
            let x = unicode_width::UnicodeWidthStr::width(&row[..x]) as u16;
            assert!(buffer[(x, y)].modifier.contains(Modifier::DIM));
            insta::assert_snapshot!(format!("zoomed_detail_{name}_{w}"), styled(&buffer));
        }
    }
}

/// Below the list, the newest event shows wrapped rather than cut at the pane's edge.
#[test]
fn the_timeline_below_the_list_wraps_the_newest_note() {
    let (mut f, id) = with_long_note(Lang::En);
    let mut app = zoomed_on(&mut f, id);
    f.press(&mut app, &[ENTER]);
    let detail = text(&render_region(&app, Region::Detail, 80, 14));
    assert!(detail.contains("note: 业主反映卫生间"), "{detail}");
    assert!(detail.contains("约定明早八点"), "{detail}");
}

#[test]
fn a_pasted_note_keeps_its_lines_and_the_form_shows_them() {
    for lang in [Lang::En, Lang::Zh] {
        let (mut f, id) = with_long_note(lang);
        let mut app = zoomed_on(&mut f, id);
        f.press(&mut app, &[ENTER, Key::ch('m')]);
        assert_eq!(app.mode, Mode::Form);
        app.handle(Event::Paste("第一行\r\nline two".into()), &mut f.store);
        let alt_enter = Key { alt: true, ..ENTER };
        f.press(&mut app, &[alt_enter]);
        f.type_text(&mut app, "third");
        f.press(&mut app, &[Key::ctrl('j')]);
        f.type_text(&mut app, "4");
        let form = app.form.as_ref().unwrap();
        assert_eq!(form.text(FieldId::Note), "第一行\nline two\nthird\n4");
        let screen = text(&frame(&app, 80, 24));
        for line in ["第一行", "line two", "third"] {
            assert!(
                screen
                    .lines()
                    .any(|l| l.contains(line) && !l.contains("line two third")),
                "{line}:\n{screen}"
            );
        }
        assert!(screen.contains("^J"), "{screen}");
        // Enter still saves; the note is stored with its lines.
        f.press(&mut app, &[ENTER]);
        assert_eq!(app.mode, Mode::List, "{:?}", app.form);
        let (_, events) = f.store.get(id).unwrap();
        let last = events.last().unwrap();
        assert!(
            matches!(&last.change, dutydesk::domain::record::Change::Action(Action::Note { text }) if text == "第一行\nline two\nthird\n4"),
            "{:?}",
            last.change
        );
    }
}

#[test]
fn the_handover_note_wraps_on_tab_4_and_says_where_it_is_cut() {
    for (lang, w, h) in [(Lang::En, 80, 24), (Lang::Zh, 80, 24), (Lang::Zh, 120, 36)] {
        let mut f = Fixture::night(lang);
        let mut app = f.app();
        f.press(&mut app, &[Key::ch('4'), Key::ch('n')]);
        app.handle(Event::Paste(format!("{NOTE}\n{NOTE}")), &mut f.store);
        f.press(&mut app, &[ENTER]);
        assert_eq!(app.mode, Mode::List, "{:?}", app.form);
        let screen = text(&frame(&app, w, h));
        assert!(screen.contains("明早八点上门查看管道"), "{screen}");
        assert!(
            screen
                .lines()
                .any(|l| l.trim_start().starts_with("Second paragraph")),
            "{screen}"
        );
        // Longer than a quarter of the tab at 80×24: cut, and it says so.
        if h == 24 {
            assert_eq!(screen.matches("END-OF-NOTE").count(), 1, "{screen}");
            assert!(
                screen.lines().any(|l| l.trim_end().ends_with('…')),
                "{screen}"
            );
        } else {
            assert_eq!(screen.matches("END-OF-NOTE").count(), 2, "{screen}");
        }
    }
}

/// `v` on the handover tab shows the handover's notes in full in the detail, which scrolls;
/// Esc goes back to the list and the selected record.
#[test]
fn v_on_the_handover_tab_reads_every_note_in_full() {
    let mut f = Fixture::night(Lang::Zh);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('4')]);
    // Nothing to read before a handover is started.
    assert!(!app.hints().iter().any(|b| b.cmd == Cmd::ReadHandover));
    f.press(&mut app, &[Key::ch('n')]);
    app.handle(Event::Paste(format!("{NOTE}\n{NOTE}")), &mut f.store);
    f.press(&mut app, &[ENTER]);
    let selected = app.selected().unwrap().id;
    assert!(app.hints().iter().any(|b| b.cmd == Cmd::ReadHandover));
    f.press(&mut app, &[Key::ch('v')]);
    assert!(app.zoom);
    let handover = app.handover.as_ref().unwrap().id;
    assert_eq!(app.detail.as_ref().unwrap().record.id, handover);
    let mut pages = String::new();
    for _ in 0..8 {
        pages.push_str(&text(&frame(&app, 80, 24)));
        f.press(&mut app, &[PGDN]);
    }
    assert!(pages.matches("END-OF-NOTE").count() >= 2, "{pages}");
    // The clock moving on (the lists reload) keeps the notes in view.
    app.on_time(now() + chrono::Duration::minutes(3), &f.store);
    assert_eq!(app.detail.as_ref().unwrap().record.id, handover);
    f.press(&mut app, &[ESC]);
    assert!(!app.zoom);
    assert_eq!(app.detail.as_ref().unwrap().record.id, selected);
}
