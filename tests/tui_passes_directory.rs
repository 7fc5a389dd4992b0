//! The desk's pass form against the residents directory: under the phone checks, what the
//! directory holds to tick against (family, employer, that an ID number is on file — never the
//! number); a caller's ID number that is not the one on file marks its field and writes
//! nothing; the right one saves, and the message says what was checked.

mod tui_common;

use dutydesk::app::App;
use dutydesk::app::form::{FieldId, Lookup};
use dutydesk::app::keys::Key;
use dutydesk::domain::residents::Household;
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use dutydesk::progress::Progress;
use dutydesk::store::residents::HouseholdWrite;
use tui_common::*;

const SPACE: Key = Key::ch(' ');
const OWNER_ID: &str = "11010519491231002X";
const MOVER_ID: &str = "44030419900307123X";

fn field_error(app: &App, id: FieldId) -> Option<String> {
    let form = app.form.as_ref()?;
    form.fields.iter().find(|f| f.id == id)?.error.clone()
}

fn focus(app: &mut App, id: FieldId) {
    let form = app.form.as_mut().unwrap();
    form.focus = form.fields.iter().position(|f| f.id == id).unwrap();
}

#[test]
fn the_pass_form_shows_what_is_on_file_and_refuses_a_wrong_caller_id() {
    let mut f = Fixture::empty(Lang::Zh);
    let h = Household {
        room: "3-2-1201".into(),
        owner: Some("王建国".into()),
        id_number: Some(OWNER_ID.into()),
        family: Some("李红(妻)".into()),
        employer: Some("市第一医院".into()),
        occupied: true,
        ..Default::default()
    };
    f.store
        .write_households(
            vec![HouseholdWrite::Add(h)],
            "alice",
            now(),
            &Progress::new(),
        )
        .unwrap()
        .unwrap();
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('5'), Key::ch('n')]);
    f.type_text(&mut app, "3-2-1201");
    f.press(&mut app, &[TAB]);
    f.type_text(&mut app, "王建国");
    // Tenant, then verified by phone, then the checks: the directory's family and employer.
    f.press(&mut app, &[TAB, TAB, RIGHT, RIGHT, TAB]);
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.focused().map(|x| x.id), Some(FieldId::Checked));
    assert!(
        matches!(&form.lookup, Lookup::OnFile { family: Some(fam), id_number: true, .. } if fam == "李红(妻)"),
        "{:?}",
        form.lookup
    );
    let screen = text(&frame(&app, 80, 24));
    assert!(
        screen.contains("李红(妻)") && screen.contains("市第一医院"),
        "{screen}"
    );
    assert!(
        !screen.contains(OWNER_ID) && !screen.contains("002X"),
        "{screen}"
    );
    f.press(&mut app, &[SPACE, RIGHT, SPACE, RIGHT, SPACE, TAB]);
    // A wrong number stated by the caller.
    f.type_text(&mut app, "1234");
    for (id, text) in [
        (FieldId::Mover, "李师傅"),
        (FieldId::MoverId, MOVER_ID),
        (FieldId::Items, "冰箱1台"),
        (FieldId::MovingAt, "09:00"),
        (FieldId::FeesSettledBy, "财务刘"),
    ] {
        focus(&mut app, id);
        f.type_text(&mut app, text);
    }
    f.press(&mut app, &[ENTER]);
    let error = field_error(&app, FieldId::CallerId).expect("the caller's ID is marked");
    assert!(error.contains("身份证号不符"), "{error}");
    assert!(!error.contains(OWNER_ID), "{error}");
    assert!(f.records(RecordKind::Pass).is_empty());
    // The right last four: saved, and the message says what was checked.
    focus(&mut app, FieldId::CallerId);
    f.press(&mut app, &[Key::ctrl('u')]);
    f.type_text(&mut app, "002x");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);
    assert_eq!(f.records(RecordKind::Pass).len(), 1);
    let message = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(message.contains("已与档案 3-2-1201 核对"), "{message}");
    let screen = text(&frame(&app, 80, 24));
    assert!(!screen.contains(OWNER_ID), "{screen}");
}
