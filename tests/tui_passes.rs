//! The passes tab (5, 放行条) with keys in and state out: the form names every missing item in
//! place, the phone checks are ticked in place, `t` lets the goods out; the detail shows the
//! ID number whole only to an operator who can write, a snapshot never.

mod tui_common;

use dutydesk::app::form::{FieldId, Value};
use dutydesk::app::keymap::Mode;
use dutydesk::app::keys::Key;
use dutydesk::app::{App, Tab};
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use tui_common::*;

const SPACE: Key = Key::ch(' ');
const ID: &str = "11010519850612123X";

fn errors(app: &App) -> Vec<(FieldId, String)> {
    app.form
        .as_ref()
        .expect("the form stays")
        .fields
        .iter()
        .filter_map(|f| f.error.clone().map(|e| (f.id, e)))
        .collect()
}

#[test]
fn a_pass_is_issued_from_its_form_with_the_phone_checks_ticked_in_place() {
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('5')]);
    assert_eq!(app.tab, Tab::Kind(RecordKind::Pass));
    f.press(&mut app, &[Key::ch('n')]);
    assert_eq!(app.mode, Mode::Form);
    // Room, owner; the tenant left out; verified by phone (not verified → ID card → phone).
    f.type_text(&mut app, "3-2-1201");
    f.press(&mut app, &[TAB]);
    f.type_text(&mut app, "王建国");
    f.press(&mut app, &[TAB, TAB, RIGHT, RIGHT, TAB]);
    // One check ticked; saving names every missing item in place, nothing is written.
    f.press(&mut app, &[SPACE, ENTER]);
    let named: Vec<FieldId> = errors(&app).into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        named,
        [
            FieldId::Checked,
            FieldId::Mover,
            FieldId::MoverId,
            FieldId::Items,
            FieldId::MovingAt,
            FieldId::FeesSettledBy
        ]
    );
    assert!(
        errors(&app)[0]
            .1
            .contains("not ticked: family members, employer"),
        "{:?}",
        errors(&app)
    );
    assert!(f.records(RecordKind::Pass).is_empty());
    // The rest ticked in place.
    let form = app.form.as_ref().unwrap();
    let checked = form
        .fields
        .iter()
        .position(|x| x.id == FieldId::Checked)
        .unwrap();
    app.form.as_mut().unwrap().focus = checked;
    f.press(&mut app, &[RIGHT, SPACE, RIGHT, SPACE]);
    let form = app.form.as_ref().unwrap();
    assert!(
        matches!(&form.fields[checked].value, Value::Ticks(_, t, _) if t == &[true, true, true])
    );
    // Past the caller's ID (compared only with a household in the directory).
    f.press(&mut app, &[TAB, TAB]);
    f.type_text(&mut app, "李师傅");
    f.press(&mut app, &[TAB]);
    f.type_text(&mut app, &ID.to_ascii_lowercase());
    f.press(&mut app, &[TAB]);
    f.type_text(&mut app, "冰箱1台");
    f.press(&mut app, &[TAB]);
    f.type_text(&mut app, "09:00");
    f.press(&mut app, &[TAB]);
    f.type_text(&mut app, "财务刘");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);
    let passes = f.records(RecordKind::Pass);
    assert_eq!(passes.len(), 1);
    assert_eq!(passes[0].status, Status::Issued);
    // Its own detail shows the number whole to this operator; a snapshot never does.
    let screen = text(&frame(&app, 120, 36));
    assert!(screen.contains(ID), "{screen}");
    app.mask_always = true;
    let screen = text(&frame(&app, 120, 36));
    assert!(
        !screen.contains(ID) && screen.contains("1101**********123X"),
        "{screen}"
    );
    app.mask_always = false;
    // `t`: the goods leave; then the key is no longer offered.
    f.press(&mut app, &[Key::ch('t')]);
    f.type_text(&mut app, "老赵");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);
    let passes = f.records(RecordKind::Pass);
    assert_eq!(passes[0].status, Status::Used);
    f.press(&mut app, &[Key::ch('t')]);
    assert_eq!(app.mode, Mode::List);
}

#[test]
fn the_verification_is_not_chosen_for_the_operator() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('5'), Key::ch('n'), ENTER]);
    let named: Vec<FieldId> = errors(&app).into_iter().map(|(f, _)| f).collect();
    assert!(named.contains(&FieldId::VerifiedBy), "{named:?}");
    assert!(!named.contains(&FieldId::Checked), "{named:?}");
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains("未核实"), "{screen}");
}
