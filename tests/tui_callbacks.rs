//! The desk's callbacks (issue 13 §2) and work orders (§3) without a terminal: a try with no
//! answer then an unsatisfied visit opening its follow-up, the callbacks-due view, and a
//! repair call's work order from one key.

mod tui_common;

use dutydesk::app::Tab;
use dutydesk::app::form::FieldId;
use dutydesk::app::keymap::Mode;
use dutydesk::app::keys::Key;
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use tui_common::*;

/// A repair resolved without signature or rating: its callback is owed.
fn resolved_repair(f: &mut Fixture) -> RecordId {
    let id = f.add(
        at("2026-11-25T01:00:00+08:00"),
        RepairDetails {
            category: RepairCategory::General,
            appointment: None,
            warranty: false,
        }
        .into(),
        "水龙头滴水",
        Some("3-2-1201"),
        Some("3号楼"),
        Some("13800138000"),
        Some("张先生"),
    );
    f.act(
        id,
        at("2026-11-25T01:05:00+08:00"),
        Action::Dispatch {
            to: "老王".into()
        },
    );
    f.act(id, at("2026-11-25T01:10:00+08:00"), Action::Arrive);
    f.act(id, at("2026-11-25T01:40:00+08:00"), Action::resolve(None));
    id
}

#[test]
fn a_callback_with_no_answer_then_an_unsatisfied_visit_opens_the_follow_up() {
    let mut f = Fixture::empty(Lang::Zh);
    let id = resolved_repair(&mut f);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3')]);
    assert_eq!(app.selected().map(|r| r.id), Some(id));
    // Phone, no answer (the fourth satisfaction), the owner's words left empty.
    f.press(&mut app, &[Key::ch('c'), TAB, RIGHT, RIGHT, RIGHT, ENTER]);
    assert_eq!(app.mode, Mode::List, "{:?}", app.form);
    let (r, _) = f.store.get(id).unwrap();
    assert_eq!(r.status, Status::Resolved);
    assert_eq!(r.callback_tries.len(), 1);
    // Again: an on-site visit, unsatisfied, the owner's words, signed.
    f.press(&mut app, &[Key::ch('c'), RIGHT, TAB, RIGHT, RIGHT, TAB]);
    f.type_text(&mut app, "还在滴水");
    f.press(&mut app, &[TAB, RIGHT, ENTER]);
    assert_eq!(app.mode, Mode::List, "{:?}", app.form);
    let (r, _) = f.store.get(id).unwrap();
    assert_eq!(r.status, Status::Closed);
    let cb = r.callback.clone().unwrap();
    assert_eq!(cb.satisfaction, Satisfaction::Unsatisfied);
    assert_eq!(cb.words.as_deref(), Some("还在滴水"));
    assert_eq!(cb.signed, Some(true));
    let follow = r.follow_ups[0];
    let (up, _) = f.store.get(follow).unwrap();
    assert_eq!(up.follow_up_of, Some((id, FollowUpBy::Callback)));
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains(&follow.to_string()), "{screen}");
}

#[test]
fn b_shows_only_the_callbacks_due_and_esc_shows_all_again() {
    let mut f = Fixture::empty(Lang::En);
    let id = resolved_repair(&mut f);
    let open = f.add(
        at("2026-11-25T02:00:00+08:00"),
        RepairDetails {
            category: RepairCategory::General,
            appointment: None,
            warranty: false,
        }
        .into(),
        "门把手松动",
        Some("3-2-1202"),
        Some("3号楼"),
        None,
        None,
    );
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3')]);
    assert_eq!(app.tab, Tab::Kind(RecordKind::Repair));
    let listed = |app: &dutydesk::app::App| text(&frame(app, 80, 24));
    assert!(listed(&app).contains(&open.to_string()));
    f.press(&mut app, &[Key::ch('b')]);
    let screen = listed(&app);
    assert!(
        screen.contains(&id.to_string()) && !screen.contains(&open.to_string()),
        "{screen}"
    );
    assert!(screen.contains("callbacks due"), "{screen}");
    f.press(&mut app, &[ESC]);
    assert!(listed(&app).contains(&open.to_string()));
}

#[test]
fn one_key_on_a_repair_call_writes_its_work_order_filled_from_the_call() {
    let mut f = Fixture::empty(Lang::En);
    let call = f.add(
        at("2026-11-25T02:55:00+08:00"),
        CallDetails {
            call_kind: CallKind::Repair,
            channel: Channel::Phone,
            class: None,
        }
        .into(),
        "厨房水管爆裂",
        Some("2-1-0501"),
        None,
        Some("13800138000"),
        Some("李女士"),
    );
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('2')]);
    assert_eq!(app.selected().map(|r| r.id), Some(call));
    f.press(&mut app, &[Key::ch('O')]);
    assert_eq!(app.mode, Mode::Form);
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.mode, Mode::List, "{:?}", app.form);
    let repairs = f.records(RecordKind::Repair);
    let repair = &repairs[0];
    assert_eq!(repair.new.summary, "厨房水管爆裂");
    assert_eq!(repair.new.name.as_deref(), Some("李女士"));
    assert_eq!(repair.received_at, at("2026-11-25T02:55:00+08:00"));
    assert_eq!(repair.follow_up_of, Some((call, FollowUpBy::WorkOrder)));
    let (c, _) = f.store.get(call).unwrap();
    assert_eq!(c.follow_ups, [repair.id]);
    assert_eq!(c.status, Status::Closed);
    // A closed call offers it no more.
    f.press(&mut app, &[Key::ch('O')]);
    assert_eq!(app.mode, Mode::List);
}

/// The repair callback form keeps its satisfaction label (满意度): only the yearly household
/// callback's field is labelled its result (tests/tui_yearly.rs).
#[test]
fn the_repair_callback_form_keeps_its_satisfaction_label() {
    let mut f = Fixture::empty(Lang::Zh);
    resolved_repair(&mut f);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3'), Key::ch('c')]);
    assert_eq!(app.mode, Mode::Form);
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.label(FieldId::Satisfaction, Lang::Zh), "满意度");
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains("满意度"), "{screen}");
}
