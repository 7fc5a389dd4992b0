//! The desk's inspection round form walks the checklist (issue 14 §2): the area chosen among
//! the table's, its items one a line (Space: ok → problem → n/a → not checked), a remark per
//! item, another area listing its items with what was typed kept; saved through the one
//! intake. And the duty-log tab's line of rounds still due today and missed yesterday.

mod tui_common;

use dutydesk::app::form::{FormKind, Value};
use dutydesk::app::keymap::Mode;
use dutydesk::app::keys::{Key, KeyCode};
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use ratatui::style::Color;
use tui_common::*;

const F2: Key = Key::f(2);
const SPACE: Key = Key::ch(' ');
const UP: Key = Key::new(KeyCode::Up);
const LEFT: Key = Key::new(KeyCode::Left);

fn checklist(app: &dutydesk::app::App) -> dutydesk::app::form::Checklist {
    let form = app.form.as_ref().expect("a form");
    form.fields
        .iter()
        .find_map(|f| match &f.value {
            Value::Checklist(c) => Some(c.clone()),
            _ => None,
        })
        .expect("a checklist")
}

fn area(app: &dutydesk::app::App) -> String {
    app.form.as_ref().unwrap().area_slug().expect("an area")
}

/// `I`, the rooftop chosen (the second area), the place typed, the focus on the checklist.
fn rooftop_form(f: &mut Fixture, app: &mut dutydesk::app::App) {
    f.press(app, &[Key::ch('I')]);
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(
        app.form.as_ref().unwrap().kind,
        FormKind::New(RecordKind::Inspection)
    );
    assert_eq!(area(app), "stairwell");
    assert_eq!(checklist(app).keys.len(), 10);
    f.press(app, &[RIGHT]);
    assert_eq!(area(app), "rooftop");
    f.press(app, &[TAB]);
    f.type_text(app, "3号楼");
    f.press(app, &[TAB]);
    assert!(app.form.as_ref().unwrap().on_check_item());
}

#[test]
fn the_round_form_walks_the_checklist_and_saves_through_the_intake() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    rooftop_form(&mut f, &mut app);
    let c = checklist(&app);
    assert_eq!(
        c.keys,
        [
            "door_opens",
            "illegal_structures",
            "railings",
            "cleanliness"
        ]
    );
    // Space cycles the item: ok, then problem.
    f.press(&mut app, &[SPACE, SPACE]);
    assert_eq!(
        checklist(&app).row(0).unwrap().result,
        Some(Outcome::Problem)
    );
    // Typing starts the item's remark (Chinese and spaces included); Enter ends it.
    f.type_text(&mut app, "门被锁 无钥匙");
    assert!(app.form.as_ref().unwrap().on_remark());
    f.press(&mut app, &[ENTER]);
    assert!(app.form.as_ref().unwrap().on_check_item());
    assert_eq!(app.mode, Mode::Form, "Enter in the checklist does not save");
    // Down: the next item; Right cycles too, Left back.
    f.press(&mut app, &[DOWN, RIGHT, RIGHT, LEFT]);
    assert_eq!(checklist(&app).at, 1);
    assert_eq!(checklist(&app).row(1).unwrap().result, Some(Outcome::Ok));
    // Enter opens the remark of an item, Enter closes it.
    f.press(&mut app, &[DOWN, SPACE, ENTER]);
    f.type_text(&mut app, "ok");
    f.press(&mut app, &[ENTER]);
    // Past the last item Down leaves for the next field, Up comes back to the last item.
    f.press(&mut app, &[DOWN, DOWN]);
    assert!(app.form.as_ref().unwrap().focused_checklist().is_none());
    f.press(&mut app, &[UP]);
    assert_eq!(checklist(&app).at, 3);
    // Esc with content asks first, and loses nothing.
    f.press(&mut app, &[ESC]);
    assert_eq!(app.mode, Mode::ConfirmDiscard);
    f.press(&mut app, &[ESC]);
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(
        checklist(&app).rows["door_opens"].remark.value(),
        "门被锁 无钥匙"
    );
    f.press(&mut app, &[F2]);
    assert!(app.form.is_none(), "{:?}", app.form);
    let rounds = f.records(RecordKind::Inspection);
    assert_eq!(rounds.len(), 1);
    let Details::Inspection(d) = &rounds[0].new.details else {
        panic!("not a round")
    };
    assert_eq!(d.area, "rooftop");
    assert_eq!(rounds[0].new.location.as_deref(), Some("3号楼"));
    let found: Vec<(&str, Option<Outcome>, Option<&str>)> = d
        .items
        .iter()
        .map(|i| (i.key.as_str(), i.result, i.remark.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            ("door_opens", Some(Outcome::Problem), Some("门被锁 无钥匙")),
            ("illegal_structures", Some(Outcome::Ok), None),
            ("railings", Some(Outcome::Ok), Some("ok")),
            ("cleanliness", None, None),
        ]
    );
}

#[test]
fn another_area_lists_its_items_and_keeps_what_was_typed_by_key() {
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    rooftop_form(&mut f, &mut app);
    // door_opens: problem with a remark; cleanliness (the last): a remark.
    f.press(&mut app, &[SPACE, SPACE]);
    f.type_text(&mut app, "locked");
    f.press(&mut app, &[DOWN, DOWN, DOWN]);
    f.type_text(&mut app, "leaves");
    f.press(&mut app, &[ENTER, SPACE]);
    // Back to the area: the lobby has cleanliness too, not the door.
    f.press(
        &mut app,
        &[Key::new(KeyCode::BackTab), Key::new(KeyCode::BackTab)],
    );
    assert_eq!(area(&app), "rooftop");
    f.press(&mut app, &[RIGHT, RIGHT]);
    assert_eq!(area(&app), "lobby");
    let c = checklist(&app);
    assert_eq!(c.keys, ["safety_signs", "lighting", "bins", "cleanliness"]);
    assert_eq!(c.row(3).unwrap().remark.value(), "leaves");
    assert!(!c.keys.contains(&"door_opens".to_string()));
    // Back to the rooftop: the door's problem and remark are still there.
    f.press(&mut app, &[LEFT, LEFT]);
    assert_eq!(area(&app), "rooftop");
    let c = checklist(&app);
    assert_eq!(c.row(0).unwrap().result, Some(Outcome::Problem));
    assert_eq!(c.row(0).unwrap().remark.value(), "locked");
    // Saved in the lobby, only the lobby's items are written.
    f.press(&mut app, &[RIGHT, RIGHT, F2]);
    assert!(app.form.is_none(), "{:?}", app.form);
    let rounds = f.records(RecordKind::Inspection);
    let Details::Inspection(d) = &rounds[0].new.details else {
        panic!("not a round")
    };
    assert_eq!(d.area, "lobby");
    assert_eq!(
        d.item("cleanliness").unwrap().remark.as_deref(),
        Some("leaves")
    );
    assert!(d.item("door_opens").is_none());
}

#[test]
fn a_remark_without_a_finding_is_refused_naming_the_item_field_and_nothing_is_written() {
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    rooftop_form(&mut f, &mut app);
    f.type_text(&mut app, "locked");
    f.press(&mut app, &[ENTER, DOWN, DOWN, F2]);
    let form = app.form.as_ref().expect("refused: the form stays");
    let item = form.fields.iter().find(|x| x.id == Field::Item).unwrap();
    assert!(item.error.is_some(), "{:?}", form);
    // The cursor is on the item that lacks its finding.
    assert!(form.on_check_item());
    assert_eq!(checklist(&app).at, 0);
    assert!(f.records(RecordKind::Inspection).is_empty());
    // The finding given, it saves.
    f.press(&mut app, &[SPACE, SPACE, F2]);
    assert!(app.form.is_none(), "{:?}", app.form);
    assert_eq!(f.records(RecordKind::Inspection).len(), 1);
}

/// The form's rows, from the area's to the last item's.
fn form_rows(screen: &str, first: &str, last: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let a = lines.iter().position(|l| l.contains(first)).expect(first);
    let b = lines.iter().position(|l| l.contains(last)).expect(last);
    lines[a..=b].iter().map(|l| l.to_string()).collect()
}

#[test]
fn the_checklist_renders_one_item_a_line_in_the_desks_language_at_80_by_24() {
    for (lang, area, first, last, problem) in [
        (
            Lang::Zh,
            "楼顶天台",
            "天台门可开启 (不得上锁)",
            "清洁卫生",
            "有问题",
        ),
        (
            Lang::En,
            "Rooftop",
            "Roof door opens (never locked)",
            "Cleanliness",
            "PROBLEM",
        ),
    ] {
        let mut f = Fixture::empty(lang);
        let mut app = f.app();
        rooftop_form(&mut f, &mut app);
        f.press(&mut app, &[SPACE, SPACE]);
        f.type_text(&mut app, "门被锁");
        f.press(&mut app, &[ENTER, DOWN, SPACE]);
        let buffer = frame(&app, 80, 24);
        let screen = text(&buffer);
        assert!(screen.contains(&format!("< {area} >")), "{screen}");
        let rows = form_rows(&screen, first, last);
        assert_eq!(rows.len(), 4, "{screen}");
        assert!(rows[0].contains(&format!("✗ {problem}")), "{screen}");
        assert!(rows[0].contains("— 门被锁"), "{screen}");
        assert!(rows[1].contains("▸ ✓"), "the cursor's row: {screen}");
        assert!(rows[3].contains("·"), "not checked: {screen}");
        for row in screen.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(row) <= 80, "{row}");
        }
        // Styles: the problem's word in the overdue colour, the ok one in the met colour,
        // the cursor's item name highlighted.
        let (y, line) = row_with(&buffer, first).unwrap();
        let x = line
            .find('✗')
            .map(|b| unicode_width::UnicodeWidthStr::width(&line[..b]))
            .unwrap();
        assert_eq!(buffer[(x as u16, y)].fg, Color::Red, "{lang:?}");
        let (y, line) = row_with(&buffer, "▸ ✓").unwrap();
        let x = line
            .find('✓')
            .map(|b| unicode_width::UnicodeWidthStr::width(&line[..b]))
            .unwrap();
        assert_ne!(buffer[(x as u16, y)].fg, Color::Red);
        // The keys line says what Space and Enter do here.
        let keys = match lang {
            Lang::Zh => "空格: 正常/问题/不适用",
            Lang::En => "Space: ok/problem/n/a",
        };
        assert!(screen.contains(keys), "{screen}");
    }
}

#[test]
fn the_longest_checklist_fits_at_80_by_24_with_the_cursor_in_view() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('I'), TAB, TAB]);
    // The stairwell's ten items: walk to the last one.
    for _ in 0..9 {
        f.press(&mut app, &[DOWN]);
    }
    assert_eq!(checklist(&app).at, 9);
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains("▸ · 未检查 清洁卫生"), "{screen}");
    assert!(screen.contains("走廊楼梯灯"), "every item shown: {screen}");
    assert!(screen.contains("F2: 保存"), "{screen}");
}

#[test]
fn the_duty_log_tab_shows_the_rounds_due_today_and_missed_yesterday() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    let screen = text(&frame(&app, 80, 24));
    // Nothing walked: every area's two rounds due today, all of yesterday's missed.
    let (y, line) = row_with(&frame(&app, 80, 24), "今日").expect(&screen);
    assert_eq!(y, 2, "{screen}");
    assert!(line.contains("今日 0/10"), "{line}");
    assert!(line.contains("昨日漏巡 10"), "{line}");
    assert!(line.contains("待巡: 楼梯间 0/2, 楼顶天台 0/2"), "{line}");
    // A rooftop round recorded from the desk: counted at once.
    rooftop_form(&mut f, &mut app);
    f.press(&mut app, &[SPACE, F2]);
    assert!(app.form.is_none());
    let buffer = frame(&app, 80, 24);
    let (_, line) = row_with(&buffer, "今日").unwrap();
    assert!(line.contains("今日 1/10"), "{line}");
    assert!(line.contains("楼顶天台 1/2"), "{line}");
    // Styles: the count still due in the soon colour, yesterday's misses in the overdue one.
    let x = unicode_width::UnicodeWidthStr::width(&line[..line.find("今日").unwrap()]);
    assert_eq!(buffer[(x as u16, 2)].fg, Color::Yellow);
    let x = unicode_width::UnicodeWidthStr::width(&line[..line.find("! 昨日漏巡").unwrap()]);
    assert_eq!(buffer[(x as u16, 2)].fg, Color::Red);
    // Another tab has no such line.
    f.press(&mut app, &[Key::ch('2')]);
    assert!(row_with(&frame(&app, 80, 24), "巡检 今日").is_none());
}

#[test]
fn the_steps_menu_offers_an_inspection_round_on_the_duty_log() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    // A Chinese input method swallows `I`: Ctrl-K lists the round among the steps.
    f.press(&mut app, &[Key::ctrl('k')]);
    assert_eq!(app.mode, Mode::Actions);
    let screen = text(&frame(&app, 80, 24));
    assert!(
        screen.contains("值班记录: 新巡检记录 (选区域, 逐项检查)"),
        "{screen}"
    );
    f.press(&mut app, &[DOWN, DOWN, ENTER]);
    assert_eq!(
        app.form.as_ref().map(|f| f.kind),
        Some(FormKind::New(RecordKind::Inspection))
    );
}

#[test]
fn the_terminal_cursor_sits_in_the_remark_being_typed_for_input_methods() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    rooftop_form(&mut f, &mut app);
    f.press(&mut app, &[SPACE, SPACE]);
    f.type_text(&mut app, "门被锁");
    let cursor = |app: &dutydesk::app::App| {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|frame| dutydesk::ui::draw(frame, app)).unwrap();
        t.get_cursor_position().unwrap()
    };
    let buffer = frame(&app, 80, 24);
    let (y, line) = row_with(&buffer, "门被锁").unwrap();
    let pos = cursor(&app);
    assert_eq!(pos.y, y);
    // Right after the three double-width characters.
    let before = line.split("门被锁").next().unwrap();
    let col = unicode_width::UnicodeWidthStr::width(before) + 6;
    assert_eq!(pos.x as usize, col, "{line}");
    f.press(&mut app, &[LEFT]);
    assert_eq!(cursor(&app).x as usize, col - 2);
}

#[test]
fn an_unsaved_checklist_is_offered_back_when_the_desk_opens_again() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    rooftop_form(&mut f, &mut app);
    f.press(&mut app, &[SPACE, SPACE]);
    f.type_text(&mut app, "门被锁");
    drop(app);
    let app = f.reopen();
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(area(&app), "rooftop");
    let c = checklist(&app);
    assert_eq!(c.row(0).unwrap().result, Some(Outcome::Problem));
    assert_eq!(c.row(0).unwrap().remark.value(), "门被锁");
}

#[test]
fn the_rounds_line_turns_to_a_new_day_at_midnight_in_the_estates_zone() {
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    rooftop_form(&mut f, &mut app);
    f.press(&mut app, &[SPACE, F2]);
    assert_eq!(app.rounds.as_ref().unwrap().done_today, 1);
    app.on_time(at("2026-11-25T23:59:59+08:00"), &f.store);
    let r = app.rounds.clone().unwrap();
    assert_eq!((r.date.as_str(), r.done_today), ("2026-11-25", 1));
    app.on_time(at("2026-11-26T00:00:00+08:00"), &f.store);
    let r = app.rounds.clone().unwrap();
    assert_eq!((r.date.as_str(), r.done_today), ("2026-11-26", 0));
    // Yesterday's rooftop round counts for yesterday: one of two missed there.
    let rooftop = r
        .missed_yesterday
        .iter()
        .find(|a| a.area == "rooftop")
        .unwrap();
    assert_eq!((rooftop.done, rooftop.expected), (1, 2));
    let (_, line) = row_with(&frame(&app, 80, 24), "today").unwrap();
    assert!(line.contains("today 0/10"), "{line}");
}

/// Issue 14 §2: a saved round is listed on the rounds tab (its own tab, declared by the kind),
/// selected, with its finding and place in the row at 80×24.
#[test]
fn a_saved_round_is_listed_on_its_tab_and_selected() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    rooftop_form(&mut f, &mut app);
    f.press(&mut app, &[SPACE, SPACE]);
    f.type_text(&mut app, "门锁住了");
    f.press(&mut app, &[ENTER, F2]);
    assert!(app.form.is_none(), "{:?}", app.form);
    let id = f.records(RecordKind::Inspection)[0].id;
    // The guard stays on the duty log (its rounds line counts the round); tab 6 lists it.
    let tab = dutydesk::app::tabs::Tab::of_kind(RecordKind::Inspection).expect("a rounds tab");
    assert_eq!(tab.index(), 5);
    f.press(&mut app, &[Key::ch('6')]);
    assert_eq!(app.tab, tab);
    assert_eq!(app.selected().map(|r| r.id), Some(id));
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains("6 巡检"), "{screen}");
    let (_, row) = row_with(&frame(&app, 80, 24), &id.to_string()).expect("the round's row");
    assert!(row.contains("3号楼") && row.contains("发现问题"), "{row}");
}

/// Search opens a round on the rounds tab, selected (before the tab, a hit of a kind without
/// a tab opened nothing).
#[test]
fn search_opens_a_round_on_its_tab() {
    let mut f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    rooftop_form(&mut f, &mut app);
    f.press(&mut app, &[SPACE, SPACE]);
    f.type_text(&mut app, "门锁住了");
    f.press(&mut app, &[ENTER, F2]);
    let id = f.records(RecordKind::Inspection)[0].id;
    f.press(&mut app, &[Key::ctrl('f')]);
    f.type_text(&mut app, "门锁住了");
    assert_eq!(app.search.as_ref().unwrap().selected_hit().unwrap().id, id);
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.mode, Mode::List);
    assert_eq!(
        Some(app.tab),
        dutydesk::app::tabs::Tab::of_kind(RecordKind::Inspection)
    );
    assert_eq!(app.selected().map(|r| r.id), Some(id));
}

/// The estate's areas are its policy, not the process's: two desks in one process with
/// different tables each walk and check their own (with a process-wide table the second
/// desk saw the first's). A round written under a table the config later dropped still reads
/// by its kept name, and a desk without that area refuses a new round in it, naming its own.
#[test]
fn two_desks_in_one_process_each_walk_their_own_areas() {
    use dutydesk::domain::kinds::inspection::areas::{AreaSpec, Areas, ItemSpec, merged};
    let power_room = AreaSpec {
        slug: "power_room".into(),
        name: Some("配电房".into()),
        items: vec![ItemSpec {
            key: "meters".into(),
            name: Some("电表读数".into()),
        }],
    };
    let mut with = Fixture::empty(Lang::En);
    with.desk.policy = with
        .desk
        .policy
        .clone()
        .with_areas(Areas::new(merged(vec![power_room])));
    let mut without = Fixture::empty(Lang::En);
    let mut a = with.app();
    let mut b = without.app();
    // Each desk's form walks its own table: ← from the first area is the last.
    with.press(&mut a, &[Key::ch('I'), LEFT]);
    without.press(&mut b, &[Key::ch('I'), LEFT]);
    assert_eq!(area(&a), "power_room");
    assert_eq!(checklist(&a).keys, ["meters"]);
    assert_eq!(area(&b), "grounds");
    let screen = text(&frame(&a, 80, 24));
    assert!(screen.contains("< 配电房 >"), "{screen}");
    assert!(screen.contains("电表读数"), "{screen}");
    let screen = text(&frame(&b, 80, 24));
    assert!(!screen.contains("配电房"), "{screen}");
    // Saved on the desk that has the area.
    with.press(&mut a, &[TAB]);
    with.type_text(&mut a, "B1");
    with.press(&mut a, &[TAB, SPACE, F2]);
    assert!(a.form.is_none(), "{:?}", a.form);
    let rounds = with.records(RecordKind::Inspection);
    assert_eq!(rounds.len(), 1);
    // The other desk's intake, in the same process, refuses the area and lists its own.
    let mut e = dutydesk::domain::intake::Entries::default();
    e.set(Field::Area, "power_room");
    e.set(Field::Location, "B1");
    let refused = dutydesk::domain::intake::new_record(
        RecordKind::Inspection,
        &e,
        now(),
        &without.desk.policy,
    );
    let problems = format!("{:?}", refused.expect_err("not an area of this desk"));
    assert!(
        problems.contains("grounds") && !problems.contains("power_room, "),
        "{problems}"
    );
    assert!(
        dutydesk::domain::intake::new_record(RecordKind::Inspection, &e, now(), &with.desk.policy)
            .is_ok()
    );
    // The round reads by its kept name on a desk whose table no longer has the area.
    use dutydesk::domain::view::Value as FactValue;
    let facts = rounds[0].rules().desk_facts();
    assert!(
        facts
            .iter()
            .any(|f| f.value == FactValue::Text("配电房".into())),
        "{facts:?}"
    );
}
