//! The desk's state without a terminal: keys in, state and store out.

mod tui_common;

use chrono::Duration;
use dutydesk::app::form::FieldId;
use dutydesk::app::keymap::{Cmd, Mode};
use dutydesk::app::keys::{Event, Key, KeyCode};
use dutydesk::app::{App, Tab};
use dutydesk::domain::deadline::deadlines;
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use dutydesk::store::{Access, OpenOptions, Stamp, Store};
use tui_common::*;

#[test]
fn n_text_enter_logs_a_duty_entry() {
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('n')]);
    assert_eq!(app.mode, Mode::Form);
    f.type_text(&mut app, "巡查3号楼楼顶天台, 门可正常打开");
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.mode, Mode::List);
    assert!(app.form.is_none());
    let logs = f.records(RecordKind::Log);
    assert_eq!(logs.len(), 1);
    let log = &logs[0];
    assert_eq!(log.new.summary, "巡查3号楼楼顶天台, 门可正常打开");
    assert_eq!(
        log.new.details,
        Details::Log(LogDetails {
            category: LogCategory::Note
        })
    );
    assert_eq!(log.created_by, "alice");
    assert_eq!(log.received_at, now());
    // The new record is selected and said so.
    assert_eq!(app.selected().map(|r| r.id), Some(log.id));
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains(&log.id.to_string())
    );
}

#[test]
fn esc_cancels_and_writes_nothing() {
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    // An empty form closes at once.
    f.press(&mut app, &[Key::f(2), ESC]);
    assert_eq!(app.mode, Mode::List);
    assert!(app.form.is_none());
    f.press(&mut app, &[Key::f(2)]);
    f.type_text(&mut app, "not to be saved");
    f.press(&mut app, &[ESC, Key::ch('y')]);
    assert_eq!(app.mode, Mode::List);
    assert!(app.form.is_none());
    assert!(f.records(RecordKind::Log).is_empty());
}

#[test]
fn esc_on_a_form_holding_text_asks_first_and_loses_nothing() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    f.press(&mut app, &[Key::f(2)]);
    f.type_text(&mut app, "三号楼电梯");
    // An input method's Esc (cancelling a half-typed word) reaches the desk: asked, not lost.
    f.press(&mut app, &[ESC]);
    assert_eq!(app.mode, Mode::ConfirmDiscard);
    assert_eq!(
        app.form.as_ref().unwrap().text(FieldId::Summary),
        "三号楼电梯"
    );
    // A second Esc, Enter or n: back to the form with the text.
    for key in [ESC, ENTER, Key::ch('n')] {
        f.press(&mut app, &[key]);
        assert_eq!(app.mode, Mode::Form, "{key:?}");
        assert_eq!(
            app.form.as_ref().unwrap().text(FieldId::Summary),
            "三号楼电梯"
        );
        f.press(&mut app, &[ESC]);
        assert_eq!(app.mode, Mode::ConfirmDiscard);
    }
    // Only a deliberate key drops it.
    f.press(&mut app, &[Key::ctrl('d')]);
    assert_eq!(app.mode, Mode::List);
    assert!(app.form.is_none());
    assert!(f.records(RecordKind::Log).is_empty());
}

#[test]
fn an_invalid_room_is_marked_and_nothing_is_written() {
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3'), Key::ch('n')]);
    f.type_text(&mut app, "厨房水管爆了");
    f.press(&mut app, &[TAB]);
    f.type_text(&mut app, "3号楼");
    // Summary, Location, Category, Room.
    f.press(&mut app, &[TAB, TAB]);
    f.type_text(&mut app, "大堂");
    f.press(&mut app, &[ENTER]);
    let form = app.form.as_ref().expect("the form stays open");
    let room = form.fields.iter().find(|f| f.id == FieldId::Room).unwrap();
    assert!(room.error.as_deref().unwrap().contains("room"), "{room:?}");
    assert_eq!(form.fields[form.focus].id, FieldId::Room);
    // The typed text is kept.
    assert_eq!(form.text(FieldId::Summary), "厨房水管爆了");
    assert!(f.records(RecordKind::Repair).is_empty());
    // Fix it: the repair is saved, with the suggested urgent category.
    for _ in 0..2 {
        f.press(&mut app, &[Key::new(KeyCode::Backspace)]);
    }
    f.type_text(&mut app, "3-2-1201");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);
    let repairs = f.records(RecordKind::Repair);
    assert_eq!(repairs.len(), 1);
    assert_eq!(repairs[0].new.room.as_deref(), Some("3-2-1201"));
    assert_eq!(
        repairs[0].new.details,
        Details::Repair(RepairDetails {
            category: RepairCategory::WaterFault,
            appointment: None,
            warranty: false,
        })
    );
}

#[test]
fn an_empty_required_field_is_marked_in_chinese_too() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('n'), ENTER]);
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.fields[0].error.as_deref(), Some("内容: 不能为空"),);
    assert!(f.records(RecordKind::Log).is_empty());
}

#[test]
fn the_repair_category_follows_the_words_until_chosen() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3'), Key::ch('n')]);
    f.type_text(&mut app, "5号楼电梯");
    let category = |app: &dutydesk::app::App| {
        RepairCategory::ALL[app.form.as_ref().unwrap().choice(FieldId::Category)]
    };
    assert_eq!(category(&app), RepairCategory::General);
    f.type_text(&mut app, "困人");
    assert_eq!(category(&app), RepairCategory::ElevatorEntrapment);
    assert!(app.form.as_ref().unwrap().suggested);
    // Choose another by hand: it sticks whatever is typed next.
    f.press(&mut app, &[TAB, TAB, RIGHT]);
    assert_eq!(category(&app), RepairCategory::StructuralDanger);
    f.press(
        &mut app,
        &[Key::new(KeyCode::BackTab), Key::new(KeyCode::BackTab)],
    );
    f.type_text(&mut app, " 漏水");
    assert_eq!(category(&app), RepairCategory::StructuralDanger);
}

#[test]
fn the_complaint_class_shows_only_for_complaints() {
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('2'), Key::ch('n')]);
    let visible = |app: &dutydesk::app::App| {
        app.form
            .as_ref()
            .unwrap()
            .visible_fields()
            .any(|(_, f)| f.id == FieldId::Class)
    };
    assert!(!visible(&app));
    f.type_text(&mut app, "楼上漏水");
    // Kind: consultation -> complaint.
    f.press(&mut app, &[TAB, Key::ch(' ')]);
    assert!(visible(&app));
    f.press(&mut app, &[ENTER]);
    let calls = f.records(RecordKind::Call);
    assert_eq!(calls.len(), 1);
    assert!(calls[0].is_complaint());
    assert_eq!(app.tab, Tab::Kind(RecordKind::Call));
}

/// A new record's form asks its kind's intake fields, in order (the `add` flags), and says a
/// paid repair's missing appointment as `add` does.
#[test]
fn the_new_record_forms_follow_the_kinds_intake() {
    use dutydesk::app::form::Form;
    for kind in [RecordKind::Log, RecordKind::Call, RecordKind::Repair] {
        let form = Form::new_record(kind, &Default::default());
        let ids: Vec<Field> = form.fields.iter().map(|f| f.id).collect();
        let spec: Vec<Field> = kind.intake().fields.iter().map(|s| s.field).collect();
        assert_eq!(ids, spec, "{kind}");
    }
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3'), Key::ch('n')]);
    f.type_text(&mut app, "换锁");
    f.press(&mut app, &[TAB]);
    f.type_text(&mut app, "3号楼");
    f.press(&mut app, &[TAB]);
    // Category: cycle to paid (the appointment then shows).
    let is_paid = |app: &dutydesk::app::App| {
        app.form.as_ref().unwrap().choice(Field::Category)
            == RepairCategory::ALL
                .iter()
                .position(|c| *c == RepairCategory::Paid)
                .unwrap()
    };
    for _ in 0..RepairCategory::ALL.len() {
        if is_paid(&app) {
            break;
        }
        f.press(&mut app, &[Key::new(KeyCode::Right)]);
    }
    assert!(is_paid(&app));
    assert!(app.form.as_ref().unwrap().visible(Field::Appointment));
    f.press(&mut app, &[ENTER]);
    let form = app.form.as_ref().expect("refused: the form stays");
    let appointment = form
        .fields
        .iter()
        .find(|x| x.id == FieldId::Appointment)
        .unwrap();
    assert_eq!(
        appointment.error.as_deref(),
        Some("Appointment: a paid repair needs the agreed appointment time (--appointment)"),
        "{form:?}"
    );
    assert!(f.records(RecordKind::Repair).is_empty());
}

#[test]
fn pasted_text_lands_in_the_field() {
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('n')]);
    app.handle(Event::Paste("电梯困人\r\n第二行".into()), &mut f.store);
    assert_eq!(
        app.form.as_ref().unwrap().text(FieldId::Summary),
        "电梯困人\n第二行",
        "the summary is a text area: a paste keeps its line break"
    );
}

#[test]
fn dispatch_asks_for_the_technician() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3')]);
    // The overdue repair is on top and selected.
    let first = app.selected().unwrap().clone();
    assert_eq!(first.new.summary, "厨房水管爆裂, 水漫到客厅");
    f.press(&mut app, &[Key::f(5), ENTER]);
    let form = app.form.as_ref().expect("a technician is required");
    assert!(form.fields[0].error.is_some());
    f.type_text(&mut app, "李师傅");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none());
    let (record, events) = f.store.get(first.id).unwrap();
    assert_eq!(record.status, Status::Dispatched);
    assert_eq!(record.assignee(), Some("李师傅"));
    assert_eq!(events.last().unwrap().operator, "alice");
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("dispatched to 李师傅")
    );
}

#[test]
fn only_the_steps_that_fit_are_offered() {
    let f = Fixture::night(Lang::En);
    let mut app = f.app();
    app.show_tab(Tab::Kind(RecordKind::Repair), &f.store);
    let offered =
        |app: &dutydesk::app::App| -> Vec<Cmd> { app.hints().iter().map(|b| b.cmd).collect() };
    use dutydesk::app::actions::ActKind::*;
    let hints = offered(&app);
    assert!(hints.contains(&Cmd::Act(Dispatch)));
    assert!(!hints.contains(&Cmd::Act(Arrive)));
    assert!(!hints.contains(&Cmd::Act(Reply)));
    app.show_tab(Tab::Kind(RecordKind::Log), &f.store);
    let hints = offered(&app);
    assert!(!hints.contains(&Cmd::Act(Dispatch)));
    assert!(hints.contains(&Cmd::Act(Note)));
}

#[test]
fn a_void_needs_a_reason() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('2')]);
    let id = app.selected().unwrap().id;
    f.press(&mut app, &[Key::ch('x'), ENTER]);
    assert!(app.form.as_ref().unwrap().fields[0].error.is_some());
    assert!(!f.store.get(id).unwrap().0.is_voided());
    f.type_text(&mut app, "duplicate of an earlier call");
    f.press(&mut app, &[ENTER]);
    assert!(f.store.get(id).unwrap().0.is_voided());
}

#[test]
fn quitting_asks_first_when_a_form_holds_text() {
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('n')]);
    // 'q' is text in a form.
    f.type_text(&mut app, "q");
    assert!(!app.quit);
    f.press(&mut app, &[Key::f(10)]);
    assert_eq!(app.mode, Mode::ConfirmQuit);
    f.press(&mut app, &[Key::ch('n')]);
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(app.form.as_ref().unwrap().text(FieldId::Summary), "q");
    f.press(&mut app, &[Key::ctrl('c'), Key::ch('y')]);
    assert!(app.quit);
    assert!(f.records(RecordKind::Log).is_empty());
    // The unsaved form is offered again next time; without a form, q quits at once.
    let mut app = f.reopen();
    assert_eq!(app.form.as_ref().unwrap().text(FieldId::Summary), "q");
    f.press(&mut app, &[ESC, Key::ch('y'), Key::ch('q')]);
    assert!(app.quit);
}

#[test]
fn read_only_offers_no_writes() {
    let f = Fixture::night(Lang::En);
    let path = f.dir.path().join("desk.db");
    let mut ro = Store::open(
        &path,
        OpenOptions {
            access: Access::ReadOnly,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    let mut app = dutydesk::app::App::new(f.desk.clone(), &ro);
    app.handle(Event::Key(Key::ch('3')), &mut ro);
    assert!(app.read_only.is_some());
    assert!(
        app.hints()
            .iter()
            .all(|b| !matches!(b.cmd, Cmd::New | Cmd::Act(_)))
    );
    for k in [Key::ch('n'), Key::ch('d'), Key::f(5), Key::ch('x')] {
        app.handle(Event::Key(k), &mut ro);
        assert_eq!(app.mode, Mode::List, "{k:?}");
    }
}

#[test]
fn slash_filters_as_you_type_and_esc_clears() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3')]);
    let all = app.list().window().1.len();
    assert_eq!(all, 3);
    f.press(&mut app, &[Key::ch('/')]);
    f.type_text(&mut app, "电梯");
    assert_eq!(app.list().window().1.len(), 1);
    assert_eq!(app.selected().unwrap().new.summary, "电梯停在12楼, 2人被困");
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.mode, Mode::List);
    assert_eq!(app.list().window().1.len(), 1);
    f.press(&mut app, &[ESC]);
    assert_eq!(app.list().window().1.len(), all);
    // Phone numbers and rooms filter too.
    f.press(&mut app, &[Key::ch('/')]);
    f.type_text(&mut app, "3-2-1201");
    assert_eq!(app.list().window().1.len(), 1);
}

#[test]
fn an_input_methods_full_width_keys_work_as_their_ascii_keys_outside_text() {
    let mut f = Fixture::night(Lang::Zh);
    let mut app = f.app();
    // 、 is what a Chinese input method sends for '/', ？ for '?'.
    f.press(&mut app, &[Key::ch('、')]);
    assert_eq!(app.mode, Mode::Filter);
    // In the filter they are text.
    f.type_text(&mut app, "、？");
    assert_eq!(app.mode, Mode::Filter);
    f.press(&mut app, &[ESC]);
    assert_eq!(app.mode, Mode::List);
    f.press(&mut app, &[Key::ch('？')]);
    assert_eq!(app.mode, Mode::Help);
    // Full-width digits switch tabs as digits do.
    f.press(&mut app, &[ESC, Key::ch('３')]);
    assert_eq!(app.tab, Tab::Kind(RecordKind::Repair));
    // In a form, a full-width character is text, never a key.
    f.press(&mut app, &[Key::ch('n')]);
    f.type_text(&mut app, "？、");
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(app.form.as_ref().unwrap().text(FieldId::Summary), "？、");
}

#[test]
fn the_help_pages_and_stops_at_its_ends() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('?')]);
    assert_eq!(app.mode, Mode::Help);
    let text = |app: &dutydesk::app::App| tui_common::text(&tui_common::frame(app, 80, 24));
    let first = text(&app);
    let last = app.help_view.get().0;
    assert!(last > 0, "the help is longer than 80x24");
    f.press(&mut app, &[Key::new(KeyCode::PageDown)]);
    assert!(app.help_scroll > 1);
    assert_ne!(text(&app), first);
    f.press(&mut app, &[Key::new(KeyCode::End)]);
    assert_eq!(app.help_scroll, last);
    // Past the end nothing moves, and one step up is one line up at once.
    f.press(
        &mut app,
        &[Key::new(KeyCode::Down), Key::new(KeyCode::Down)],
    );
    assert_eq!(app.help_scroll, last);
    f.press(&mut app, &[Key::new(KeyCode::Up)]);
    assert_eq!(app.help_scroll, last - 1);
    f.press(&mut app, &[Key::new(KeyCode::Home)]);
    assert_eq!(app.help_scroll, 0);
    assert_eq!(text(&app), first);
    f.press(&mut app, &[Key::new(KeyCode::PageUp)]);
    assert_eq!(app.help_scroll, 0);
}

#[test]
fn search_finds_every_kind_and_opens_the_hit_in_its_tab() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ctrl('f')]);
    assert_eq!(app.mode, Mode::Search);
    f.type_text(&mut app, "3-2-1201");
    let hits = &app.search.as_ref().unwrap().hits;
    let kinds: Vec<RecordKind> = hits.iter().map(|r| r.kind()).collect();
    assert!(
        kinds.contains(&RecordKind::Repair) && kinds.contains(&RecordKind::Call),
        "{kinds:?}"
    );
    let target = hits
        .iter()
        .find(|r| r.kind() == RecordKind::Repair)
        .unwrap()
        .id;
    while app.search.as_ref().unwrap().selected_hit().unwrap().id != target {
        f.press(&mut app, &[DOWN]);
    }
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.tab, Tab::Kind(RecordKind::Repair));
    assert_eq!(app.selected().unwrap().id, target);
    assert_eq!(app.detail.as_ref().unwrap().record.id, target);
}

#[test]
fn a_deadline_turning_overdue_rings_once_and_recolours() {
    let f = Fixture::night(Lang::En);
    let mut app = f.app();
    app.show_tab(Tab::Kind(RecordKind::Repair), &f.store);
    let (overdue, soon) = app.attention;
    assert!(!app.take_bell());
    // The lift's arrival is due 03:03; at 03:03:01 it is overdue.
    app.on_time(at("2026-11-25T03:03:01+08:00"), &f.store);
    assert_eq!(app.attention.0, overdue + 1);
    assert_eq!(app.attention.1, soon - 1);
    assert!(app.take_bell());
    assert!(app.take_dirty());
    app.on_time(at("2026-11-25T03:03:30+08:00"), &f.store);
    assert!(!app.take_bell());
    // Overdue rows come first: the lift is now second, after the older overdue repair.
    let (_, rows) = app.list().window();
    assert_eq!(rows[1].new.summary, "电梯停在12楼, 2人被困");
}

#[test]
fn the_loop_wakes_for_the_next_visible_change_only() {
    let f = Fixture::night(Lang::En);
    let mut app = f.app();
    // The duty log has no deadlines: wake for the clock's next minute.
    assert_eq!(app.next_wake(), now() + Duration::seconds(60));
    // Repairs: the overdue countdown "overdue 23 min" becomes 24 one second later.
    app.show_tab(Tab::Kind(RecordKind::Repair), &f.store);
    assert_eq!(app.next_wake(), now() + Duration::seconds(1));
    // Nothing to draw until something changes.
    app.take_dirty();
    app.on_time(now(), &f.store);
    assert!(!app.take_dirty());
    app.on_time(now() + Duration::seconds(1), &f.store);
    assert!(app.take_dirty());
}

#[test]
fn another_process_writing_shows_up_on_the_next_poll() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    let before = app.list().window().1.len();
    let path = f.dir.path().join("desk.db");
    let mut other = Store::open(&path, OpenOptions::default()).unwrap();
    let stamp = Stamp {
        operator: "carol",
        at: now(),
        now: now(),
    };
    other
        .add(
            NewRecord {
                details: LogDetails {
                    category: LogCategory::Notice,
                }
                .into(),
                summary: "停水通知已张贴".into(),
                room: None,
                location: None,
                phone: None,
                name: None,
            },
            &stamp,
            &f.desk.policy,
        )
        .unwrap();
    app.take_dirty();
    app.poll_store(&f.store);
    assert!(app.take_dirty());
    assert_eq!(app.list().window().1.len(), before + 1);
    // Nothing changed since: no reload, no redraw.
    app.poll_store(&f.store);
    assert!(!app.take_dirty());
    let _ = &mut f;
}

#[test]
fn long_lists_are_paged_not_loaded() {
    let mut f = Fixture::empty(Lang::En);
    let start = now() - Duration::hours(20);
    f.store
        .batch(|w| {
            for i in 0..400 {
                let t = start + Duration::minutes(i * 3);
                let stamp = Stamp {
                    operator: "alice",
                    at: t,
                    now: t,
                };
                w.add(
                    NewRecord {
                        details: LogDetails {
                            category: LogCategory::Patrol,
                        }
                        .into(),
                        summary: format!("patrol round {i}"),
                        room: None,
                        location: None,
                        phone: None,
                        name: None,
                    },
                    &stamp,
                    &f.desk.policy,
                )?;
            }
            Ok(())
        })
        .unwrap();
    let mut app = f.app();
    assert!(app.list().window().1.len() <= dutydesk::app::list::WINDOW);
    for _ in 0..250 {
        f.press(&mut app, &[DOWN]);
    }
    assert_eq!(app.list().selected_index(), 250);
    assert_eq!(app.selected().unwrap().new.summary, "patrol round 149");
    assert!(app.list().window().1.len() <= dutydesk::app::list::WINDOW);
    f.press(&mut app, &[Key::new(KeyCode::End)]);
    assert_eq!(app.selected().unwrap().new.summary, "patrol round 0");
    assert_eq!(app.list().selected_index(), 399);
    // Back up and down again across windows read from neighbouring rows (no OFFSET): every
    // row is where it should be.
    for _ in 0..250 {
        f.press(&mut app, &[Key::new(KeyCode::Up)]);
    }
    assert_eq!(app.list().selected_index(), 149);
    assert_eq!(app.selected().unwrap().new.summary, "patrol round 250");
    for _ in 0..3 {
        f.press(&mut app, &[Key::new(KeyCode::PageDown)]);
    }
    let i = app.list().selected_index();
    assert_eq!(
        app.selected().unwrap().new.summary,
        format!("patrol round {}", 399 - i)
    );
    assert!(app.list().window().1.len() <= dutydesk::app::list::WINDOW);
    f.press(&mut app, &[Key::new(KeyCode::Home)]);
    assert_eq!(app.selected().unwrap().new.summary, "patrol round 399");
}

#[test]
fn tabs_switch_with_digits_and_tab_keys() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    assert_eq!(app.tab, Tab::Kind(RecordKind::Log));
    f.press(&mut app, &[TAB]);
    assert_eq!(app.tab, Tab::Kind(RecordKind::Call));
    f.press(
        &mut app,
        &[Key::new(KeyCode::BackTab), Key::new(KeyCode::BackTab)],
    );
    // Rounds are the last tab (6), after passes (5) and the handover (4).
    assert_eq!(app.tab, Tab::Kind(RecordKind::Inspection));
    f.press(&mut app, &[Key::new(KeyCode::BackTab)]);
    assert_eq!(app.tab, Tab::Kind(RecordKind::Pass));
    f.press(&mut app, &[Key::new(KeyCode::BackTab)]);
    assert_eq!(app.tab, Tab::Shift);
    // The handover lists what is open and due before 08:00: both urgent repairs, the
    // complaints' first replies, the consultation reply is due tomorrow and is not listed.
    let ids: Vec<String> = app
        .list()
        .window()
        .1
        .iter()
        .map(|r| r.new.summary.clone())
        .collect();
    assert!(
        ids.contains(&"电梯停在12楼, 2人被困".to_string()),
        "{ids:?}"
    );
    assert!(ids.contains(&"Parking barrier charged twice for one exit".to_string()));
    assert!(!ids.contains(&"问明天停水时间".to_string()));
    f.press(&mut app, &[Key::ch('5')]);
    assert_eq!(app.tab, Tab::Kind(RecordKind::Pass));
    f.press(&mut app, &[Key::ch('1')]);
    assert_eq!(app.tab, Tab::Kind(RecordKind::Log));
}

#[test]
fn an_unsaved_form_survives_a_lost_connection() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3'), Key::ch('n')]);
    f.type_text(&mut app, "电梯困人");
    f.press(&mut app, &[TAB]);
    f.type_text(&mut app, "7号楼");
    // The connection drops: the app is gone without a word.
    drop(app);
    let mut app = f.reopen();
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(app.tab, Tab::Kind(RecordKind::Repair));
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.text(FieldId::Summary), "电梯困人");
    assert_eq!(form.text(FieldId::Location), "7号楼");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none());
    assert!(
        f.records(RecordKind::Repair)
            .iter()
            .any(|r| r.new.summary == "电梯困人")
    );
    // Saved: nothing is offered again.
    let app = f.reopen();
    assert_eq!(app.mode, Mode::List);
    // Esc discards the draft too.
    let mut app = f.reopen();
    f.press(&mut app, &[Key::ch('n')]);
    f.type_text(&mut app, "draft");
    f.press(&mut app, &[ESC, Key::ch('y')]);
    assert!(f.reopen().form.is_none());
}

#[test]
fn a_flag_for_the_next_shift_puts_the_record_in_the_handover() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    // The consultation's reply is due tomorrow: not in the handover yet.
    f.press(&mut app, &[Key::ch('2')]);
    while app.selected().unwrap().new.summary != "问明天停水时间" {
        f.press(&mut app, &[DOWN]);
    }
    let id = app.selected().unwrap().id;
    f.press(&mut app, &[Key::ch('h')]);
    f.type_text(
        &mut app,
        "call back at 8:00 with the water company's answer",
    );
    f.press(&mut app, &[ENTER]);
    assert!(f.store.get(id).unwrap().0.watch.is_some());
    f.press(&mut app, &[Key::ch('4')]);
    assert!(app.list().window().1.iter().any(|r| r.id == id));
    // A note for the handover itself.
    f.press(&mut app, &[Key::ch('n')]);
    f.type_text(&mut app, "5号楼车库积水, 工程部早上复查");
    f.press(&mut app, &[ENTER]);
    let handover = app.handover.as_ref().expect("the handover draft exists");
    assert_eq!(
        handover.notes,
        vec!["5号楼车库积水, 工程部早上复查".to_string()]
    );
    assert_eq!(handover.kind(), RecordKind::Handover);
}

#[test]
fn the_incoming_person_signs_on_the_handover_tab() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('4')]);
    // 03:00: the 20:00 shift change was never signed; the tab says so.
    let late = app.unsigned_previous.clone().expect("20:00 is unsigned");
    assert!(
        app.handover_draft.is_some(),
        "the draft is compiled on tab 4"
    );
    assert!(app.hints().iter().any(|b| b.cmd == Cmd::SignHandover));
    // The form names the handover it signs and is prefilled with the desk's own operator:
    // alice signs from her own session; bob, who wrote in that shift, handed over.
    f.press(&mut app, &[Key::ch('S')]);
    let form = app.form.as_ref().expect("the sign form");
    assert_eq!(form.text(FieldId::Incoming), "alice");
    assert_eq!(
        form.about.as_deref(),
        Some("Day → Night  11-24 08:00 → 11-24 20:00")
    );
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.mode, Mode::List, "{:?}", app.form);
    let signed = f.store.handover_at(late.boundary).unwrap().expect("signed");
    assert_eq!(signed.signature().unwrap().by, "alice");
    assert_eq!(signed.signature().unwrap().outgoing, "bob");
    assert!(app.unsigned_previous.is_none());
    // Nothing is due to sign now: the next one opens at 07:30, and F11 says so at once.
    f.press(&mut app, &[Key::f(11)]);
    assert!(app.form.is_none());
    let message = app.message.as_ref().expect("refused, saying why");
    assert!(
        message.error && message.text.contains("08:00") && message.text.contains("30 minutes"),
        "{message:?}"
    );
}

#[test]
fn the_sign_key_says_in_chinese_why_nothing_can_be_signed_yet() {
    let mut f = Fixture::night(Lang::Zh);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('4')]);
    f.press(&mut app, &[Key::ch('S')]);
    // Prefilled with the desk's operator, who signs the late 20:00 handover from her seat.
    assert_eq!(app.form.as_ref().unwrap().text(FieldId::Incoming), "alice");
    // Nothing else is due yet: F11 says why in Chinese, and opens no form.
    f.press(&mut app, &[ENTER]);
    f.press(&mut app, &[Key::f(11)]);
    assert!(app.form.is_none());
    let message = app.message.as_ref().expect("refused, saying why");
    assert!(message.text.contains("可以签收"), "{message:?}");
}

#[test]
fn the_handover_panel_moves_on_to_the_next_shift_change_by_itself() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('4')]);
    // 03:00: the panel is about 08:00, and 20:00 yesterday went unsigned.
    assert_eq!(app.handover_slot.boundary, at("2026-11-25T08:00:00+08:00"));
    assert_eq!(
        app.unsigned_previous.as_ref().map(|s| s.boundary),
        Some(at("2026-11-24T20:00:00+08:00"))
    );
    // Half an hour after 08:00 (its window closed) with nobody touching a key: the panel is
    // about 20:00, and 08:00 is the unsigned one.
    app.on_time(at("2026-11-25T08:31:00+08:00"), &f.store);
    assert_eq!(app.handover_slot.boundary, at("2026-11-25T20:00:00+08:00"));
    assert_eq!(
        app.unsigned_previous.as_ref().map(|s| s.boundary),
        Some(at("2026-11-25T08:00:00+08:00"))
    );
    let draft = app.handover_draft.as_ref().expect("compiled on tab 4");
    assert!(app.handover.is_none() && draft.notes.is_empty());
}

/// The actions of a record's timeline, oldest first.
fn timeline(f: &Fixture, id: RecordId) -> Vec<&'static str> {
    let (_, events) = f.store.get(id).unwrap();
    events.iter().map(|e| e.change.slug()).collect()
}

fn a_complaint(f: &mut Fixture) -> RecordId {
    f.add(
        now(),
        Details::Call(CallDetails {
            call_kind: CallKind::Complaint,
            channel: Channel::Phone,
            class: Some(ComplaintClass::Minor),
        }),
        "小区绿化长期无人打理",
        None,
        None,
        None,
        Some("吴先生"),
    )
}

#[test]
fn a_desk_left_open_a_month_records_the_complaint_escalation_on_the_minute() {
    let mut f = Fixture::empty(Lang::En);
    let id = a_complaint(&mut f);
    let mut app = f.app();
    let later = now() + Duration::days(30) + Duration::minutes(1);
    // The clock alone only reads: the escalation is written once a minute.
    app.on_time(later, &f.store);
    assert_eq!(timeline(&f, id), ["create"]);
    app.on_minute(&mut f.store);
    assert_eq!(timeline(&f, id), ["create", "escalate"]);
    let (record, events) = f.store.get(id).unwrap();
    assert_eq!(record.class(), Some(ComplaintClass::Major));
    assert_eq!(events.last().unwrap().operator, "dutydesk");
    assert_eq!(events.last().unwrap().at, later);
    // Only once.
    app.on_minute(&mut f.store);
    assert_eq!(timeline(&f, id), ["create", "escalate"]);
}

#[test]
fn the_running_clock_escalates_when_a_minute_passes_and_a_read_only_desk_never_does() {
    let mut f = Fixture::empty(Lang::En);
    let id = a_complaint(&mut f);
    let mut app = f.app();
    let due = now() + Duration::days(30);
    app.on_time(due - Duration::seconds(30), &f.store);
    // Inside the same minute: nothing written yet.
    app.on_clock(due - Duration::seconds(1), &mut f.store);
    assert_eq!(timeline(&f, id), ["create"]);
    // A read-only desk crossing the minute writes nothing.
    let path = f.desk.db_path.clone();
    let mut reader = Store::open(
        &path,
        OpenOptions {
            access: Access::ReadOnly,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    let mut shown = App::open(f.desk.clone(), &mut reader);
    shown.on_clock(due + Duration::seconds(1), &mut reader);
    assert_eq!(timeline(&f, id), ["create"]);
    // The desk crossing the minute writes it.
    app.on_clock(due, &mut f.store);
    assert_eq!(timeline(&f, id), ["create", "escalate"]);
}

#[test]
fn i_on_the_duty_log_opens_an_incident_reported_and_closed_from_the_handover_tab() {
    use dutydesk::app::actions::ActKind;
    use dutydesk::app::form::{Form, FormKind};
    let form = Form::new_record(RecordKind::Incident, &Default::default());
    let ids: Vec<Field> = form.fields.iter().map(|f| f.id).collect();
    let spec: Vec<Field> = RecordKind::Incident
        .intake()
        .fields
        .iter()
        .map(|s| s.field)
        .collect();
    assert_eq!(ids, spec);

    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    assert_eq!(app.tab, Tab::Kind(RecordKind::Log));
    f.press(&mut app, &[Key::ch('i')]);
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(
        app.form.as_ref().unwrap().kind,
        FormKind::New(RecordKind::Incident)
    );
    // Summary, Type (casualty → fire), Location, Casualties.
    f.type_text(&mut app, "3号楼车库电动车起火");
    f.press(&mut app, &[TAB, RIGHT, TAB]);
    f.type_text(&mut app, "3号楼车库");
    f.press(&mut app, &[TAB]);
    f.type_text(&mut app, "两");
    f.press(&mut app, &[ENTER]);
    let form = app.form.as_ref().expect("refused: the form stays");
    let casualties = form
        .fields
        .iter()
        .find(|x| x.id == FieldId::Casualties)
        .unwrap();
    assert_eq!(
        casualties.error.as_deref(),
        Some("伤亡人数: '两' 不是大于等于 0 的整数")
    );
    assert!(f.records(RecordKind::Incident).is_empty());
    f.press(&mut app, &[Key::new(KeyCode::Backspace)]);
    f.type_text(&mut app, "2");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);
    let incidents = f.records(RecordKind::Incident);
    assert_eq!(incidents.len(), 1);
    let id = incidents[0].id;
    assert_eq!(
        incidents[0].new.details,
        Details::Incident(IncidentDetails {
            incident_type: IncidentType::Fire,
            casualties: Some(2),
        })
    );
    assert_eq!(incidents[0].new.location.as_deref(), Some("3号楼车库"));

    // Search finds it and opens it on the handover tab (an incident has no tab of its own);
    // it cannot be closed before it is reported.
    f.press(&mut app, &[Key::ctrl('f')]);
    f.type_text(&mut app, "起火");
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.tab, Tab::Shift);
    assert_eq!(app.selected().map(|r| r.id), Some(id));
    f.press(&mut app, &[ESC]);
    select(&mut f, &mut app, id);
    let offered =
        |app: &dutydesk::app::App| -> Vec<Cmd> { app.hints().iter().map(|b| b.cmd).collect() };
    assert!(offered(&app).contains(&Cmd::Act(ActKind::Report)));
    assert!(!offered(&app).contains(&Cmd::Act(ActKind::Close)));
    assert!(!offered(&app).contains(&Cmd::Act(ActKind::Resolve)));
    f.press(&mut app, &[Key::ch('o')]);
    assert!(app.form.is_none());

    // Reported by phone: to, role, how (in person → phone), answer.
    f.press(&mut app, &[Key::ch('u'), ENTER]);
    let form = app
        .form
        .as_ref()
        .expect("whom it was reported to is required");
    assert_eq!(form.fields[0].error.as_deref(), Some("上报对象: 不能为空"));
    f.type_text(&mut app, "王经理");
    f.press(&mut app, &[TAB]);
    f.type_text(&mut app, "项目经理");
    f.press(&mut app, &[TAB, RIGHT, TAB]);
    f.type_text(&mut app, "马上到场");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);
    let (record, events) = f.store.get(id).unwrap();
    assert_eq!(
        events.last().unwrap().change,
        dutydesk::domain::record::Change::Action(Action::Report {
            to: "王经理".into(),
            role: "项目经理".into(),
            how: ReportHow::Phone,
            answer: Some("马上到场".into()),
        })
    );
    assert_eq!(record.status, Status::Received);
    // Closing waits for the written report.
    select(&mut f, &mut app, id);
    assert!(!offered(&app).contains(&Cmd::Act(ActKind::Close)));
    f.press(&mut app, &[Key::ch('u')]);
    f.type_text(&mut app, "李总");
    f.press(&mut app, &[TAB]);
    f.type_text(&mut app, "总经理");
    f.press(&mut app, &[TAB, RIGHT, RIGHT, ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);

    // Closed with its outcome.
    select(&mut f, &mut app, id);
    f.press(&mut app, &[Key::ch('o')]);
    f.type_text(&mut app, "火已扑灭, 伤者送医");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);
    assert_eq!(f.store.get(id).unwrap().0.status, Status::Closed);
}

/// Move down the current list to `id`; fail if it is not there.
fn select(f: &mut Fixture, app: &mut dutydesk::app::App, id: RecordId) {
    for _ in 0..50 {
        if app.selected().map(|r| r.id) == Some(id) {
            return;
        }
        f.press(app, &[DOWN]);
    }
    panic!("{id} is not in the list of {:?}", app.tab);
}

/// `p` on a dispatched in-home repair asks for engineering's proposal and records it; it is
/// not offered on an urgent repair.
#[test]
fn p_records_engineerings_proposal_on_an_in_home_repair() {
    let mut f = Fixture::night(Lang::En);
    let t = |hm: &str| tui_common::at(&format!("2026-11-25T{hm}:00+08:00"));
    let drain = f.add(
        t("02:40"),
        Details::Repair(RepairDetails {
            category: RepairCategory::General,
            appointment: None,
            warranty: false,
        }),
        "卫生间下水道堵塞",
        Some("5-3-503"),
        Some("卫生间"),
        None,
        None,
    );
    f.act(
        drain,
        t("02:45"),
        Action::Dispatch {
            to: "周师傅".into(),
        },
    );
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3')]);
    let offered =
        |app: &dutydesk::app::App| -> Vec<Cmd> { app.hints().iter().map(|b| b.cmd).collect() };
    use dutydesk::app::actions::ActKind;
    // The overdue burst pipe is selected first: no proposal there.
    assert!(app.selected().unwrap().is_urgent());
    assert!(!offered(&app).contains(&Cmd::Act(ActKind::Propose)));
    while app.selected().unwrap().id != drain {
        f.press(&mut app, &[Key::ch('j')]);
    }
    assert!(offered(&app).contains(&Cmd::Act(ActKind::Propose)));
    f.press(&mut app, &[Key::ch('p'), ENTER]);
    let form = app.form.as_ref().expect("a proposal is required");
    assert!(form.fields[0].error.is_some());
    f.type_text(&mut app, "先上门疏通, 不收费");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);
    let (record, _) = f.store.get(drain).unwrap();
    let d = dutydesk::domain::deadline::deadlines(&record, &f.desk.policy);
    let propose = d.iter().find(|d| d.name == DeadlineName::Propose).unwrap();
    assert!(propose.done_at.is_some());
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("proposal to the owner: 先上门疏通, 不收费")
    );
}

/// The new repair form's warranty choice makes a warranty repair; once dispatched, `D`
/// records that the developer's supervision department was told.
#[test]
fn a_warranty_repair_from_the_form_and_d_tells_the_developer() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3'), Key::ch('n')]);
    f.type_text(&mut app, "交房不满一年, 卫生间墙面渗水");
    f.press(&mut app, &[TAB]);
    f.type_text(&mut app, "卫生间");
    f.press(&mut app, &[TAB, TAB]);
    f.type_text(&mut app, "3-2-1201");
    while app.form.as_ref().unwrap().fields[app.form.as_ref().unwrap().focus].id != Field::Warranty
    {
        f.press(&mut app, &[TAB]);
    }
    f.press(&mut app, &[RIGHT, ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);
    let repairs = f.records(RecordKind::Repair);
    let Details::Repair(details) = &repairs[0].new.details else {
        panic!("a repair")
    };
    assert!(details.warranty);
    let id = repairs[0].id;
    f.act(
        id,
        tui_common::now(),
        Action::Dispatch {
            to: "周师傅".into(),
        },
    );
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3')]);
    use dutydesk::app::actions::ActKind;
    let hints: Vec<Cmd> = app.hints().iter().map(|b| b.cmd).collect();
    assert!(hints.contains(&Cmd::Act(ActKind::NotifyDeveloper)));
    f.press(&mut app, &[Key::ch('D')]);
    if app.form.is_some() {
        f.press(&mut app, &[ENTER]);
    }
    assert!(app.form.is_none(), "{:?}", app.form);
    let (record, _) = f.store.get(id).unwrap();
    let d = dutydesk::domain::deadline::deadlines(&record, &f.desk.policy);
    let told = d
        .iter()
        .find(|d| d.name == DeadlineName::NotifyDeveloper)
        .unwrap();
    assert!(told.done_at.is_some());
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("已通知开发商监理部")
    );
}

/// `W` records, on an ordinary repair not under warranty, that the owner was told it is out
/// of warranty; it is not offered on an urgent repair.
#[test]
fn w_records_that_the_owner_was_told_it_is_out_of_warranty() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3')]);
    assert!(app.selected().unwrap().is_urgent());
    f.press(&mut app, &[Key::ch('W')]);
    assert!(app.form.is_none(), "not on an urgent repair");
    while app.selected().unwrap().new.summary != "单元门禁刷卡不灵" {
        f.press(&mut app, &[Key::ch('j')]);
    }
    let id = app.selected().unwrap().id;
    f.press(&mut app, &[Key::ch('W')]);
    if app.form.is_some() {
        f.press(&mut app, &[ENTER]);
    }
    assert!(app.form.is_none(), "{:?}", app.form);
    let (_, events) = f.store.get(id).unwrap();
    assert_eq!(
        events.last().unwrap().change,
        dutydesk::domain::record::Change::Action(Action::WarrantyExplained)
    );
}

/// A heating leak: the desk offers `T` (ask the heating company to help) until it is
/// recorded, and only there.
#[test]
fn t_asks_the_heating_company_on_a_heating_leak_only() {
    let mut f = Fixture::night(Lang::En);
    let leak = f.add(
        tui_common::now(),
        Details::Repair(RepairDetails {
            category: RepairCategory::HeatingLeak,
            appointment: None,
            warranty: false,
        }),
        "暖气立管跑水",
        None,
        Some("5号楼2单元管井"),
        None,
        None,
    );
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3')]);
    use dutydesk::app::actions::ActKind;
    let offered = |app: &dutydesk::app::App| {
        app.hints()
            .iter()
            .any(|b| b.cmd == Cmd::Act(ActKind::NotifyHeating))
    };
    // Every other repair of the night first, then the leak.
    let mut seen_leak = false;
    f.press(&mut app, &[Key::ch('g')]);
    for _ in 0..10 {
        let selected = app.selected().unwrap().id;
        if selected == leak {
            seen_leak = true;
            break;
        }
        assert!(!offered(&app), "not on another repair");
        f.press(&mut app, &[Key::ch('j')]);
    }
    assert!(seen_leak, "the leak is in the repairs list");
    assert!(offered(&app));
    f.press(&mut app, &[Key::ch('T')]);
    if app.form.is_some() {
        f.press(&mut app, &[ENTER]);
    }
    assert!(app.form.is_none(), "{:?}", app.form);
    assert!(!offered(&app), "asked once");
    let (record, _) = f.store.get(leak).unwrap();
    let KindState::Repair(state) = &record.state else {
        panic!("a repair")
    };
    assert!(state.heating_told_at.is_some());
}

/// `^P` (or `z`) on an open repair asks why and until when, and pauses it: its overdue
/// dispatch stops counting (the header's count drops), the row says paused; the minute tick at
/// the `until` shows it counting again with no event written; `Z` (or `^R`) resumes by hand.
#[test]
fn ctrl_p_pauses_a_repair_with_a_reason_and_it_resumes_by_itself_at_until() {
    use dutydesk::app::actions::ActKind;
    let mut f = Fixture::night(Lang::Zh);
    let t = |hm: &str| tui_common::at(&format!("2026-11-25T{hm}:00+08:00"));
    let drain = f.add(
        t("02:40"),
        Details::Repair(RepairDetails {
            category: RepairCategory::General,
            appointment: None,
            warranty: false,
        }),
        "卫生间下水道堵塞",
        Some("5-3-503"),
        Some("卫生间"),
        None,
        None,
    );
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3')]);
    select(&mut f, &mut app, drain);
    let offered =
        |app: &dutydesk::app::App, act| app.hints().iter().any(|b| b.cmd == Cmd::Act(act));
    assert!(!offered(&app, ActKind::Resume));
    let (overdue, _) = app.attention;
    f.press(&mut app, &[Key::ctrl('p')]);
    assert_eq!(app.mode, Mode::Form);
    f.type_text(&mut app, "业主不在家");
    f.press(&mut app, &[Key::new(KeyCode::Tab)]);
    f.type_text(&mut app, "04:00");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);
    let (record, _) = f.store.get(drain).unwrap();
    let p = record.paused_at(now()).expect("paused");
    assert_eq!(p.reason, "业主不在家");
    assert_eq!(p.until, Some(t("04:00")));
    assert_eq!(app.attention.0, overdue - 1);
    assert!(offered(&app, ActKind::Resume));
    assert!(!offered(&app, ActKind::Pause));
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains("已暂停"), "{screen}");
    // Just before, at the until: counting again (overdue), without an event.
    app.on_time(t("04:00") - Duration::seconds(1), &f.store);
    let before = app.attention.0;
    assert!(app.next_wake() <= t("04:00"));
    app.on_time(t("04:00"), &f.store);
    assert_eq!(app.attention.0, before + 1);
    assert_eq!(timeline(&f, drain), ["create", "pause"]);
    // Paused again, then resumed by hand with Z.
    f.press(&mut app, &[Key::ch('z')]);
    f.type_text(&mut app, "等配件");
    f.press(&mut app, &[ENTER]);
    assert!(
        f.store
            .get(drain)
            .unwrap()
            .0
            .paused_at(t("04:00"))
            .is_some()
    );
    f.press(&mut app, &[Key::ch('Z')]);
    if app.form.is_some() {
        f.press(&mut app, &[ENTER]);
    }
    assert!(app.form.is_none(), "{:?}", app.form);
    assert_eq!(timeline(&f, drain), ["create", "pause", "pause", "resume"]);
}

/// `h` on a duty-log entry (which owes nothing) flags it for the next shift: it shows on the
/// handover tab's list and in the draft's watch list; `H` takes the flag off.
#[test]
fn h_flags_a_duty_log_entry_for_the_next_shift() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('1')]);
    let log = app.selected().expect("the night has log entries").clone();
    assert_eq!(log.kind(), RecordKind::Log);
    f.press(&mut app, &[Key::ch('h')]);
    assert_eq!(app.mode, Mode::Form);
    f.type_text(&mut app, "check the garage again at 8:00");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);
    assert!(f.store.get(log.id).unwrap().0.watch.is_some());
    f.press(&mut app, &[Key::ch('4')]);
    assert!(app.list().window().1.iter().any(|r| r.id == log.id));
    let draft = app.handover_draft.as_ref().expect("a draft");
    assert!(draft.watch.iter().any(|w| w.id == log.id.to_string()));
    f.press(&mut app, &[Key::ch('1')]);
    select(&mut f, &mut app, log.id);
    f.press(&mut app, &[Key::ch('H')]);
    if app.form.is_some() {
        f.press(&mut app, &[ENTER]);
    }
    assert!(f.store.get(log.id).unwrap().0.watch.is_none());
}

/// A major complaint shows who handles it and owes a report upward: `^U` records one from the
/// calls tab, and the detail lists it; a minor complaint is not offered the step.
#[test]
fn ctrl_u_reports_a_major_complaint_upward_and_the_detail_shows_the_handler() {
    use dutydesk::app::actions::ActKind;
    let mut f = Fixture::empty(Lang::Zh);
    let minor = a_complaint(&mut f);
    let major = f.add(
        now(),
        Details::Call(CallDetails {
            call_kind: CallKind::Complaint,
            channel: Channel::Phone,
            class: Some(ComplaintClass::Major),
        }),
        "多次报修无人处理, 造成损失",
        Some("3-2-1201"),
        None,
        None,
        Some("李女士"),
    );
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('2')]);
    let offered = |app: &dutydesk::app::App| {
        app.hints()
            .iter()
            .any(|b| b.cmd == Cmd::Act(ActKind::Report))
    };
    select(&mut f, &mut app, minor);
    assert!(!offered(&app));
    f.press(&mut app, &[Key::ch('g')]);
    select(&mut f, &mut app, major);
    assert!(offered(&app));
    f.press(&mut app, &[Key::ctrl('u')]);
    assert_eq!(app.mode, Mode::Form);
    f.type_text(&mut app, "王经理");
    f.press(&mut app, &[Key::new(KeyCode::Tab)]);
    f.type_text(&mut app, "项目经理");
    f.press(&mut app, &[ENTER]);
    assert!(app.form.is_none(), "{:?}", app.form);
    let (record, _) = f.store.get(major).unwrap();
    let report = deadlines(&record, &f.desk.policy)
        .into_iter()
        .find(|d| d.name == DeadlineName::Report)
        .expect("a major complaint owes a report");
    assert!(report.done_at.is_some());
    f.press(&mut app, &[ENTER]);
    let screen = text(&frame(&app, 120, 36));
    assert!(screen.contains("上报上层管理处"), "{screen}");
    assert!(screen.contains("王经理 (项目经理)"), "{screen}");
}

#[test]
fn capital_i_on_the_duty_log_records_an_inspection_round_from_its_form() {
    use dutydesk::app::form::FormKind;
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    assert_eq!(app.tab, Tab::Kind(RecordKind::Log));
    f.press(&mut app, &[Key::ch('I')]);
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(
        app.form.as_ref().unwrap().kind,
        FormKind::New(RecordKind::Inspection)
    );
    // Area (chosen among the table's: Right for the rooftop), Location, the checklist (one
    // item a line: Space cycles the finding, typing writes the remark), F2 saves.
    f.press(&mut app, &[RIGHT, TAB]);
    f.type_text(&mut app, "3号楼");
    f.press(&mut app, &[TAB, Key::ch(' '), Key::ch(' ')]);
    f.type_text(&mut app, "locked");
    f.press(&mut app, &[Key::f(2)]);
    assert!(app.form.is_none(), "{:?}", app.form);
    let rounds = f.records(RecordKind::Inspection);
    assert_eq!(rounds.len(), 1);
    let Details::Inspection(d) = &rounds[0].new.details else {
        panic!("not a round")
    };
    assert_eq!(d.area, "rooftop");
    assert_eq!(d.items.len(), 4);
    assert_eq!(d.items[0].remark.as_deref(), Some("locked"));
    assert_eq!(rounds[0].new.location.as_deref(), Some("3号楼"));
}
