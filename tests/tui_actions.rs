//! The steps menu (Ctrl-K): every step offered now, reached with arrows and Enter — keys an
//! input method never swallows — so that steps bound to a letter alone (`e`, `w`, `c`, `l`,
//! `h`, `x`, …) can be taken with a Chinese input method on.

mod tui_common;

use dutydesk::app::actions::ActKind;
use dutydesk::app::keymap::{Cmd, Mode};
use dutydesk::app::keys::Key;
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use tui_common::*;

const UP: Key = Key::new(dutydesk::app::keys::KeyCode::Up);

/// The menu's steps, in order.
fn menu(app: &dutydesk::app::App) -> Vec<Cmd> {
    app.actions.iter().map(|b| b.cmd).collect()
}

#[test]
fn ctrl_k_offers_exactly_the_steps_that_fit_the_selected_record() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3')]);
    let repair = app.selected().unwrap().clone();
    assert_eq!(repair.status, Status::Received);
    f.press(&mut app, &[Key::ctrl('k')]);
    assert_eq!(app.mode, Mode::Actions);
    let steps = menu(&app);
    assert!(steps.contains(&Cmd::New));
    assert!(steps.contains(&Cmd::Act(ActKind::Dispatch)));
    assert!(steps.contains(&Cmd::Act(ActKind::Void)));
    assert!(
        !steps.contains(&Cmd::Act(ActKind::Arrive)),
        "not yet dispatched"
    );
    assert!(
        !steps.contains(&Cmd::Act(ActKind::Reply)),
        "a repair has no reply"
    );
    assert!(!steps.contains(&Cmd::Up), "moving is not a step");
    // What the hints offer is in the menu too: it is one table.
    for binding in app.hints() {
        if matches!(binding.cmd, Cmd::Act(_)) {
            assert!(steps.contains(&binding.cmd), "{:?}", binding.cmd);
        }
    }
}

#[test]
fn arrows_and_enter_take_a_letter_only_step_and_esc_takes_none() {
    let mut f = Fixture::night(Lang::Zh);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('1')]);
    let log = app.selected().unwrap().clone();
    // Esc: back to the list, nothing started.
    f.press(&mut app, &[Key::ctrl('k'), ESC]);
    assert_eq!(app.mode, Mode::List);
    assert!(app.form.is_none());
    // Void (`x` alone otherwise): down to it, Enter opens its form.
    f.press(&mut app, &[Key::ctrl('k')]);
    let at = menu(&app)
        .iter()
        .position(|c| *c == Cmd::Act(ActKind::Void))
        .expect("void is offered on a log entry");
    for _ in 0..at + 3 {
        f.press(&mut app, &[DOWN]);
    }
    assert_eq!(
        app.action_selected,
        menu(&app).len() - 1,
        "stops at the end"
    );
    for _ in 0..(menu(&app).len() - 1 - at) {
        f.press(&mut app, &[UP]);
    }
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.mode, Mode::Form);
    f.type_text(&mut app, "记错了");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);
    assert!(f.store.get(log.id).unwrap().0.is_voided());
}

#[test]
fn the_menu_is_drawn_over_the_list_with_its_keys_and_the_choice_marked() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3'), Key::ctrl('k'), DOWN]);
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains("Steps"), "{screen}");
    let chosen = app.actions[1];
    let help = chosen.help.s(Lang::En);
    let line = screen
        .lines()
        .find(|l| l.contains("> "))
        .unwrap_or_else(|| panic!("no chosen line:\n{screen}"));
    assert!(
        line.contains(&help[..help.len().min(20)]),
        "{line}\n{screen}"
    );
}

#[test]
fn with_nothing_to_do_the_menu_says_so_and_stays_closed() {
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    app.read_only = Some(dutydesk::store::ReadOnlyReason::Asked);
    f.press(&mut app, &[Key::ctrl('k')]);
    assert_eq!(app.mode, Mode::List);
    assert!(app.message.as_ref().unwrap().text.contains("Nothing to do"));
}
