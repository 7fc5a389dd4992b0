//! A problem an inspection round found becomes a repair from the desk (issue 14 §2), as
//! `act N-… repair` does: `O` or Ctrl-O on the rounds tab opens a small form (the problem
//! among the round's own, the repair's category, the room, the summary filled from the item);
//! Enter writes both ends linked in one transaction. Refused with a reason in the status line,
//! nothing written, on a round without problems, one whose problems are all repairs, and on
//! a read-only desk. And a round's summary reads in the desk's words, not its item keys.

mod tui_common;

use dutydesk::app::form::{FormKind, Value};
use dutydesk::app::keymap::Mode;
use dutydesk::app::keys::{Key, KeyCode};
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use dutydesk::store::{FoundRepair, Stamp};
use tui_common::*;

const LEFT: Key = Key::new(KeyCode::Left);

/// A rooftop round at 3号楼 at `hm` that night, its items as `add inspection --item` gives
/// them, its summary the one the intake stores for a round without a note (item keys).
fn round(f: &mut Fixture, hm: &str, items: &str) -> RecordId {
    let details =
        dutydesk::domain::kinds::inspection::build(&f.desk.policy.areas, "rooftop", Some(items));
    let Details::Inspection(d) = &details else {
        panic!("not a round")
    };
    let summary = d.digest();
    f.add(
        at(&format!("2026-11-25T{hm}:00+08:00")),
        details,
        &summary,
        None,
        Some("3号楼"),
        None,
        None,
    )
}

/// A round with two problems (02:30) and one with none (01:00), the desk on the rounds tab.
fn two_rounds(lang: Lang) -> (Fixture, dutydesk::app::App, RecordId, RecordId) {
    let mut f = Fixture::empty(lang);
    let clean = round(
        &mut f,
        "01:00",
        "door_opens=ok\nrailings=ok\ncleanliness=ok",
    );
    let found = round(
        &mut f,
        "02:30",
        "door_opens=problem:门被锁\nrailings=problem\ncleanliness=ok",
    );
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('6')]);
    assert_eq!(app.selected().map(|r| r.id), Some(found));
    (f, app, found, clean)
}

fn chosen(app: &dutydesk::app::App) -> String {
    let form = app.form.as_ref().expect("a form");
    form.found_item().expect("a problem").key.clone()
}

fn summary(app: &dutydesk::app::App) -> String {
    app.form
        .as_ref()
        .unwrap()
        .text(dutydesk::app::form::FieldId::Summary)
        .to_string()
}

fn message(app: &dutydesk::app::App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_form_opens_on_a_round_with_problems_and_saves_a_repair_linked_both_ways() {
    let (mut f, mut app, found, _) = two_rounds(Lang::Zh);
    f.press(&mut app, &[Key::ch('O')]);
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(
        app.form.as_ref().unwrap().kind,
        FormKind::FoundRepair(found)
    );
    // The first problem, the summary filled from it in the desk's words.
    assert_eq!(chosen(&app), "door_opens");
    assert_eq!(summary(&app), "楼顶天台 · 天台门可开启 (不得上锁): 门被锁");
    // Only the round's problems: → the railings, → round again to the door (not the
    // cleanliness, found ok); the summary follows the problem while it is not edited.
    f.press(&mut app, &[RIGHT]);
    assert_eq!(chosen(&app), "railings");
    assert_eq!(summary(&app), "楼顶天台 · 护栏");
    f.press(&mut app, &[RIGHT]);
    assert_eq!(chosen(&app), "door_opens");
    f.press(&mut app, &[LEFT, LEFT]);
    assert_eq!(chosen(&app), "door_opens");
    // The category: ← from general is the last urgent one (other danger).
    f.press(&mut app, &[TAB, LEFT]);
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.mode, Mode::List, "{:?}", app.form);
    let repairs = f.records(RecordKind::Repair);
    assert_eq!(repairs.len(), 1);
    let repair = &repairs[0];
    assert_eq!(
        repair.new.summary,
        "楼顶天台 · 天台门可开启 (不得上锁): 门被锁"
    );
    assert_eq!(repair.new.location.as_deref(), Some("3号楼"));
    assert_eq!(repair.new.details.category_slug(), "other_danger");
    assert!(repair.is_urgent());
    assert_eq!(repair.follow_up_of, Some((found, FollowUpBy::Inspection)));
    let (r, _) = f.store.get(found).unwrap();
    assert_eq!(r.follow_ups, [repair.id]);
    assert_eq!(
        r.linked_text(links::LinkRel::FoundIn),
        Some(repair.id.to_string())
    );
    // The desk stays on the round and says which repair it became.
    assert_eq!(app.selected().map(|r| r.id), Some(found));
    let said = message(&app);
    assert!(
        said.contains(&found.to_string()) && said.contains(&repair.id.to_string()),
        "{said}"
    );
    // Enter on the round shows the repair; on the repair (tab 3), the round.
    f.press(&mut app, &[ENTER]);
    let screen = text(&frame(&app, 80, 24));
    assert!(
        screen.contains(&format!("转维修 {}", repair.id)),
        "{screen}"
    );
    // The timeline names the item in words too.
    assert!(
        screen.contains("问题已转维修: 天台门可开启 (不得上锁) →"),
        "{screen}"
    );
    assert!(!screen.contains("door_opens"), "{screen}");
    f.press(&mut app, &[ESC, Key::ch('3')]);
    assert_eq!(app.selected().map(|r| r.id), Some(repair.id));
    f.press(&mut app, &[ENTER]);
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains(&format!("来自巡检 {found}")), "{screen}");
    // Back on the round: only the railings are left, then none.
    f.press(&mut app, &[ESC, Key::ch('6'), Key::ctrl('o')]);
    assert_eq!(chosen(&app), "railings");
    let Some(Value::Found(items, _)) = app.form.as_ref().unwrap().fields.first().map(|f| &f.value)
    else {
        panic!("the problem first")
    };
    assert_eq!(items.len(), 1);
    f.press(&mut app, &[ENTER]);
    assert_eq!(f.records(RecordKind::Repair).len(), 2);
    f.press(&mut app, &[Key::ch('O')]);
    assert_eq!(app.mode, Mode::List);
    assert!(message(&app).contains("均已转维修"), "{}", message(&app));
    assert!(app.message.as_ref().unwrap().error);
    assert_eq!(f.records(RecordKind::Repair).len(), 2);
}

#[test]
fn an_edited_summary_stays_when_another_problem_is_chosen() {
    let (mut f, mut app, _, _) = two_rounds(Lang::En);
    f.press(&mut app, &[Key::ch('O'), TAB, TAB, TAB]);
    f.type_text(&mut app, " (key with the guard)");
    f.press(&mut app, &[TAB, RIGHT]);
    assert_eq!(chosen(&app), "railings");
    assert_eq!(
        summary(&app),
        "Rooftop · Roof door opens (never locked): 门被锁 (key with the guard)"
    );
}

#[test]
fn a_round_without_problems_is_refused_in_the_status_line_and_nothing_is_written() {
    let (mut f, mut app, _, clean) = two_rounds(Lang::Zh);
    f.press(&mut app, &[DOWN]);
    assert_eq!(app.selected().map(|r| r.id), Some(clean));
    f.press(&mut app, &[Key::ctrl('o')]);
    assert_eq!(app.mode, Mode::List);
    assert!(app.form.is_none());
    assert!(message(&app).contains("未发现问题"), "{}", message(&app));
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains("该巡检未发现问题"), "{screen}");
    assert!(f.records(RecordKind::Repair).is_empty());
    // Another tab's record is no round: the key is the call's work order there, or nothing.
    f.press(&mut app, &[Key::ch('1'), Key::ctrl('o')]);
    assert_eq!(app.mode, Mode::List);
}

#[test]
fn a_read_only_desk_says_so_and_writes_nothing() {
    let (mut f, mut app, _, _) = two_rounds(Lang::En);
    app.read_only = Some(dutydesk::store::ReadOnlyReason::Asked);
    f.press(&mut app, &[Key::ctrl('o')]);
    assert_eq!(app.mode, Mode::List);
    assert!(app.form.is_none());
    let said = message(&app);
    assert!(said.contains("read-only"), "{said}");
    assert!(f.records(RecordKind::Repair).is_empty());
}

#[test]
fn a_problem_turned_into_a_repair_elsewhere_meanwhile_is_refused_on_save() {
    let (mut f, mut app, found, _) = two_rounds(Lang::En);
    f.press(&mut app, &[Key::ch('O')]);
    // The command line (another desk) writes the door's repair first.
    let stamp = Stamp {
        operator: "bob",
        at: now(),
        now: now(),
    };
    let policy = f.desk.policy.clone();
    f.store
        .batch(|w| {
            let found_repair = FoundRepair {
                item: "door_opens",
                details: found_details(Some("general"), "").unwrap(),
                room: None,
            };
            w.repair_from_inspection(found, found_repair, |_| "door".into(), &stamp, &policy)
        })
        .unwrap();
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.mode, Mode::Form);
    let form = app.form.as_ref().unwrap();
    let error = form
        .error
        .clone()
        .or_else(|| form.fields.iter().find_map(|x| x.error.clone()));
    assert!(error.is_some(), "{form:?}");
    assert_eq!(f.records(RecordKind::Repair).len(), 1);
}

#[test]
fn the_steps_menu_offers_it_on_a_round() {
    let (mut f, mut app, found, _) = two_rounds(Lang::Zh);
    f.press(&mut app, &[Key::ctrl('k')]);
    assert_eq!(app.mode, Mode::Actions);
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains("巡检: 发现的问题转维修单"), "{screen}");
    let at = app
        .actions
        .iter()
        .position(|b| b.cmd == dutydesk::app::keymap::Cmd::FoundRepair)
        .expect("offered");
    for _ in 0..at {
        f.press(&mut app, &[DOWN]);
    }
    f.press(&mut app, &[ENTER]);
    assert_eq!(
        app.form.as_ref().map(|f| f.kind),
        Some(FormKind::FoundRepair(found))
    );
    // And not on another tab.
    f.press(&mut app, &[ESC, Key::ch('y'), Key::ch('3'), Key::ctrl('k')]);
    assert!(
        !app.actions
            .iter()
            .any(|b| b.cmd == dutydesk::app::keymap::Cmd::FoundRepair)
    );
}

#[test]
fn the_form_renders_at_80_by_24_in_both_languages() {
    for (lang, name) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (mut f, mut app, _, _) = two_rounds(lang);
        f.press(&mut app, &[Key::ch('O'), TAB]);
        let buffer = frame(&app, 80, 24);
        for row in text(&buffer).lines() {
            assert!(unicode_width::UnicodeWidthStr::width(row) <= 80, "{row}");
        }
        insta::assert_snapshot!(format!("round_repair_form_{name}"), styled(&buffer));
    }
}

#[test]
fn the_rounds_list_and_detail_show_item_names_not_keys() {
    for (lang, short, words) in [
        (
            Lang::Zh,
            "✗ 天台门可开启",
            "✗ 天台门可开启 (不得上锁): 门被锁; ✗ 护栏",
        ),
        (
            Lang::En,
            "✗ Roof door opens",
            "✗ Roof door opens (never locked): 门被锁; ✗ Railings",
        ),
    ] {
        let (mut f, mut app, found, _) = two_rounds(lang);
        let buffer = frame(&app, 120, 24);
        let (_, row) = row_with(&buffer, &found.to_string()).expect("the round's row");
        assert!(row.contains(short), "{row}");
        assert!(!text(&buffer).contains("door_opens"), "{}", text(&buffer));
        f.press(&mut app, &[ENTER]);
        let screen = text(&frame(&app, 120, 30));
        assert!(screen.contains(words), "{screen}");
        assert!(!screen.contains("door_opens"), "{screen}");
        // The stored summary is as written (append-only).
        let (r, _) = f.store.get(found).unwrap();
        assert_eq!(r.new.summary, "✗ door_opens 门被锁; ✗ railings");
    }
    // A note a person wrote is shown as written.
    let mut f = Fixture::empty(Lang::En);
    let details = dutydesk::domain::kinds::inspection::build(
        &f.desk.policy.areas,
        "rooftop",
        Some("door_opens=problem"),
    );
    let id = f.add(
        now(),
        details,
        "door_opens stuck again",
        None,
        Some("3号楼"),
        None,
        None,
    );
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('6')]);
    let (_, row) = row_with(&frame(&app, 120, 24), &id.to_string()).unwrap();
    assert!(row.contains("door_opens stuck again"), "{row}");
}

#[test]
fn a_voided_round_takes_no_repair_and_the_rules_say_why() {
    let mut f = Fixture::empty(Lang::En);
    let id = round(&mut f, "02:30", "door_opens=problem:locked");
    f.act(
        id,
        at("2026-11-25T02:40:00+08:00"),
        Action::Void {
            reason: "wrong building".into(),
        },
    );
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('6')]);
    assert_eq!(app.selected().map(|r| r.id), Some(id));
    f.press(&mut app, &[Key::ch('O')]);
    assert_eq!(app.mode, Mode::List);
    let m = app.message.clone().expect("a reason");
    assert!(m.error && !m.text.is_empty(), "{m:?}");
    assert!(!m.text.contains("no problem"), "{m:?}");
    assert!(f.records(RecordKind::Repair).is_empty());
}

#[test]
fn an_unsaved_repair_form_is_offered_back_when_the_desk_opens_again() {
    let (mut f, mut app, found, _) = two_rounds(Lang::Zh);
    f.press(&mut app, &[Key::ch('O'), RIGHT]);
    assert_eq!(chosen(&app), "railings");
    drop(app);
    let app = f.reopen();
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(
        app.form.as_ref().unwrap().kind,
        FormKind::FoundRepair(found)
    );
    assert_eq!(chosen(&app), "railings");
    assert_eq!(app.selected().map(|r| r.id), Some(found));
}

/// The desk's table with a key location of the estate's own: the power room, one item named
/// by the config (电表读数) and one given by its key only (`door_locked`).
fn power_room_policy(f: &Fixture) -> Policy {
    use dutydesk::config::{AreaConfig, InspectionConfig, ItemConfig};
    let config = InspectionConfig {
        areas: vec![AreaConfig {
            slug: "power_room".into(),
            name: "配电房".into(),
            items: vec![
                ItemConfig::Key("door_locked".into()),
                ItemConfig::Named {
                    key: "meters".into(),
                    name: "电表读数".into(),
                },
            ],
        }],
    };
    let areas = dutydesk::domain::kinds::inspection::areas::Areas::new(config.areas().unwrap());
    f.desk.policy.clone().with_areas(areas)
}

/// The timeline's "problem became a repair" names a configured item as the config names it,
/// in the desk, at 80×24 and 120×36, in both languages (the event keeps only the key); an item
/// the config no longer has and never named reads as its key, marked as such.
#[test]
fn the_timeline_names_a_configured_item_as_the_config_names_it() {
    for (lang, named, removed) in [
        (
            Lang::Zh,
            "问题已转维修: 电表读数",
            "问题已转维修: door_locked (已不在配置中)",
        ),
        (
            Lang::En,
            "problem became a repair: 电表读数",
            "problem became a repair: door_locked (no longer in the config)",
        ),
    ] {
        let mut f = Fixture::empty(lang);
        f.desk.policy = power_room_policy(&f);
        let details = dutydesk::domain::kinds::inspection::build(
            &f.desk.policy.areas,
            "power_room",
            Some("meters=problem:读数异常\ndoor_locked=problem"),
        );
        let Details::Inspection(d) = &details else {
            panic!("not a round")
        };
        let summary = d.digest();
        let id = f.add(now(), details, &summary, None, Some("地下一层"), None, None);
        let mut app = f.app();
        f.press(&mut app, &[Key::ch('6')]);
        assert_eq!(app.selected().map(|r| r.id), Some(id));
        // Both problems become repairs from the desk: the door first, then the meters.
        for _ in 0..2 {
            f.press(&mut app, &[Key::ch('O'), ENTER]);
            assert_eq!(app.mode, Mode::List, "{:?}", app.form);
        }
        assert_eq!(f.records(RecordKind::Repair).len(), 2);
        f.press(&mut app, &[ENTER]);
        let head = if lang == Lang::Zh {
            "处理记录"
        } else {
            "Timeline"
        };
        for (w, h) in [(80, 24), (120, 36)] {
            let screen = text(&frame(&app, w, h));
            let timeline = timeline_of(&screen, head);
            assert!(timeline.contains(&squeezed(named)), "{w}x{h}\n{screen}");
            assert!(!screen.contains("meters"), "{w}x{h}\n{screen}");
            // The power room is still in the config: its key-only item is its key, unmarked.
            let key_only = named.replace("电表读数", "door_locked→R-");
            assert!(timeline.contains(&squeezed(&key_only)), "{w}x{h}\n{screen}");
        }
        // The config drops the power room: the name kept with the round still reads; the
        // item it gave only by its key is marked as no longer in the config.
        f.desk.policy = f.desk.policy.clone().with_areas(Default::default());
        let mut app = f.app();
        f.press(&mut app, &[Key::ch('6'), ENTER]);
        let screen = text(&frame(&app, 120, 36));
        let timeline = timeline_of(&screen, head);
        assert!(timeline.contains(&squeezed(named)), "{screen}");
        assert!(timeline.contains(&squeezed(removed)), "{screen}");
    }
}

/// Text without its spaces (the timeline wraps its lines at spaces or anywhere in CJK).
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The detail's timeline column read top to bottom, squeezed: every row's text from the
/// column where its heading `head` starts (the whole row when the detail is one column).
fn timeline_of(screen: &str, head: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let lines: Vec<&str> = screen.lines().collect();
    let (first, at) = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| l.find(head).map(|b| (i, l[..b].width())))
        .expect("a timeline");
    let mut out = String::new();
    for line in &lines[first..] {
        let mut col = 0;
        for c in line.chars() {
            if col >= at {
                out.push(c);
            }
            col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
    }
    squeezed(&out)
}
