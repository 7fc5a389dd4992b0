//! The mouse, with `mouse = true`: crossterm's events become the desk's own, the wheel
//! scrolls, a click on a tab opens it and a click on a row selects it (where the last drawing
//! put them).

mod tui_common;

use dutydesk::app::Tab;
use dutydesk::app::keymap::Mode;
use dutydesk::app::keys::{Event, Key};
use dutydesk::app::mouse::{Mouse, MouseKind};
use dutydesk::i18n::Lang;
use tui_common::*;

fn mouse(f: &mut Fixture, app: &mut dutydesk::app::App, kind: MouseKind, x: u16, y: u16) {
    app.handle(Event::Mouse(Mouse { kind, x, y }), &mut f.store);
}

#[test]
fn crossterm_mouse_events_become_the_desks_own() {
    use crossterm::event::{
        Event as CEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
    };
    let at = |kind| {
        dutydesk::ui::terminal::convert(CEvent::Mouse(MouseEvent {
            kind,
            column: 7,
            row: 3,
            modifiers: KeyModifiers::NONE,
        }))
    };
    let m = |kind| Some(Event::Mouse(Mouse { kind, x: 7, y: 3 }));
    assert_eq!(
        at(MouseEventKind::Down(MouseButton::Left)),
        m(MouseKind::Click)
    );
    assert_eq!(at(MouseEventKind::ScrollUp), m(MouseKind::WheelUp));
    assert_eq!(at(MouseEventKind::ScrollDown), m(MouseKind::WheelDown));
    assert_eq!(at(MouseEventKind::Moved), None);
    assert_eq!(at(MouseEventKind::Up(MouseButton::Left)), None);
}

#[test]
fn a_click_on_a_tab_opens_it_and_on_a_row_selects_it() {
    for lang in [Lang::Zh, Lang::En] {
        let mut f = Fixture::night(lang);
        let mut app = f.app();
        let screen = text(&frame(&app, 120, 36));
        // The tab bar is the second row: click the handover tab's label.
        let bar = screen.lines().nth(1).unwrap();
        let label = if lang == Lang::Zh {
            "4 交接班"
        } else {
            "4 Handover"
        };
        let col = unicode_width::UnicodeWidthStr::width(&bar[..bar.find(label).unwrap()]) as u16;
        mouse(&mut f, &mut app, MouseKind::Click, col + 1, 1);
        assert_eq!(app.tab, Tab::Shift, "{bar}");
        // Tab 3's rows: click the third row.
        f.press(&mut app, &[Key::ch('3')]);
        let screen = text(&frame(&app, 120, 36));
        let rows = app.clickable.borrow().rows.unwrap();
        let third = screen.lines().nth(rows.y as usize + 2).unwrap().to_string();
        mouse(&mut f, &mut app, MouseKind::Click, 20, rows.y + 2);
        let id = app.selected().unwrap().id.to_string();
        assert!(third.contains(&id), "{id} not on {third:?}");
        assert_eq!(app.list().selected_index(), 2);
        // Below the last row: nothing changes.
        mouse(
            &mut f,
            &mut app,
            MouseKind::Click,
            20,
            rows.y + rows.height - 1,
        );
        assert_eq!(app.list().selected_index(), 2);
    }
}

#[test]
fn the_wheel_moves_the_selection_and_scrolls_the_help() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3')]);
    let _ = frame(&app, 120, 36);
    mouse(&mut f, &mut app, MouseKind::WheelDown, 50, 10);
    assert_eq!(app.list().selected_index(), 1);
    mouse(&mut f, &mut app, MouseKind::WheelUp, 50, 10);
    assert_eq!(app.list().selected_index(), 0);
    f.press(&mut app, &[Key::ch('?')]);
    assert_eq!(app.mode, Mode::Help);
    let _ = frame(&app, 80, 24);
    mouse(&mut f, &mut app, MouseKind::WheelDown, 40, 10);
    assert_eq!(app.help_scroll, 3);
    // A click outside the list's mode does nothing (the help stays).
    mouse(&mut f, &mut app, MouseKind::Click, 5, 1);
    assert_eq!(app.mode, Mode::Help);
}
