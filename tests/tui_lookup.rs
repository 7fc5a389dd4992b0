//! Lookup as you type in the desk's forms: a room, a phone (or its last 4 digits) or a name's
//! pinyin initials shows the household of the residents directory under the field, with the
//! room's open matters and its last 90 days; Ctrl-L / F3 fills name, phone and room (Enter
//! still saves); a whole phone nobody in the directory has says so.

mod common;
mod tui_common;

use chrono::Duration;
use common::tmux::{KEEP_PANE, Tmux};
use dutydesk::app::App;
use dutydesk::app::form::{FieldId, Lookup};
use dutydesk::app::keymap::Mode;
use dutydesk::app::keys::{Key, KeyCode};
use dutydesk::domain::residents::Household;
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use dutydesk::progress::Progress;
use dutydesk::store::residents::HouseholdWrite;
use tui_common::*;

const PHONE: &str = "13800138000";

fn household(room: &str, owner: &str, phone: &str, notes: Option<&str>) -> Household {
    Household {
        room: room.into(),
        owner: Some(owner.into()),
        phones: vec![phone.into()],
        occupied: true,
        notes: notes.map(Into::into),
        ..Default::default()
    }
}

/// A night at the desk with three households, one of them with a complaint 10 days ago and an
/// open repair.
fn estate(lang: Lang) -> Fixture {
    let mut f = Fixture::empty(lang);
    let writes = vec![
        HouseholdWrite::Add(household("3-2-1201", "王小明", PHONE, Some("独居老人"))),
        HouseholdWrite::Add(household("3-2-1202", "李雷", "13700008000", None)),
        HouseholdWrite::Add(household("5-1-301", "王晓梅", "13912345678", None)),
    ];
    f.store
        .write_households(writes, "alice", now(), &Progress::new())
        .unwrap()
        .unwrap();
    f.add(
        now() - Duration::days(10),
        Details::Call(CallDetails {
            call_kind: CallKind::Complaint,
            channel: Channel::Phone,
            class: None,
        }),
        "楼上漏水",
        Some("3-2-1201"),
        None,
        Some(PHONE),
        Some("王小明"),
    );
    f
}

fn focus(f: &mut Fixture, app: &mut App, id: FieldId) {
    for _ in 0..20 {
        if app.form.as_ref().unwrap().focused().unwrap().id == id {
            return;
        }
        f.press(app, &[TAB]);
    }
    panic!("no field {id:?} in the form");
}

fn rooms(app: &App) -> Vec<String> {
    match &app.form.as_ref().unwrap().lookup {
        Lookup::Found { matches, .. } => matches.iter().map(|m| m.household.room.clone()).collect(),
        _ => Vec::new(),
    }
}

const CTRL_L: Key = Key::ctrl('l');

#[test]
fn a_known_phone_shows_the_household_and_ctrl_l_fills_the_call() {
    let mut f = estate(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('2'), Key::ch('n')]);
    assert_eq!(app.mode, Mode::Form);
    f.type_text(&mut app, "楼上又漏水");
    focus(&mut f, &mut app, FieldId::Phone);
    f.type_text(&mut app, PHONE);
    assert_eq!(rooms(&app), vec!["3-2-1201"]);
    let Lookup::Found { matches, .. } = &app.form.as_ref().unwrap().lookup else {
        panic!()
    };
    assert_eq!((matches[0].open, matches[0].recent), (1, 1));
    f.press(&mut app, &[CTRL_L]);
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.text(FieldId::Room), "3-2-1201");
    assert_eq!(form.text(FieldId::Name), "王小明");
    assert_eq!(form.text(FieldId::Phone), PHONE);
    assert!(app.message.as_ref().unwrap().text.contains("3-2-1201"));
    // Enter still saves, as everywhere.
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.mode, Mode::List);
    let calls = f.records(RecordKind::Call);
    assert_eq!(calls[0].new.room.as_deref(), Some("3-2-1201"));
    assert_eq!(calls[0].new.name.as_deref(), Some("王小明"));
}

#[test]
fn last_four_digits_room_and_pinyin_initials_find_households_in_a_repair() {
    let mut f = estate(Lang::Zh);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3'), Key::ch('n')]);
    focus(&mut f, &mut app, FieldId::Phone);
    f.type_text(&mut app, "8000");
    // Two households end in 8000: both shown, PgDn chooses the second.
    assert_eq!(rooms(&app), vec!["3-2-1201", "3-2-1202"]);
    f.press(&mut app, &[Key::new(KeyCode::PageDown), Key::f(3)]);
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.text(FieldId::Room), "3-2-1202");
    assert_eq!(form.text(FieldId::Reporter), "李雷");
    assert_eq!(form.text(FieldId::Phone), "13700008000");
    // A room from its start.
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3'), Key::ch('n')]);
    focus(&mut f, &mut app, FieldId::Room);
    f.type_text(&mut app, "5-1");
    assert_eq!(rooms(&app), vec!["5-1-301"]);
    // Pinyin initials in the name field.
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('3'), Key::ch('n')]);
    focus(&mut f, &mut app, FieldId::Reporter);
    f.type_text(&mut app, "wxm");
    assert_eq!(rooms(&app), vec!["3-2-1201", "5-1-301"]);
    f.press(&mut app, &[CTRL_L]);
    assert_eq!(app.form.as_ref().unwrap().text(FieldId::Reporter), "王小明");
}

#[test]
fn an_unknown_phone_says_not_in_the_directory_and_ctrl_l_does_nothing() {
    let mut f = estate(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('2'), Key::ch('n')]);
    focus(&mut f, &mut app, FieldId::Phone);
    f.type_text(&mut app, "13600000000");
    assert!(matches!(
        app.form.as_ref().unwrap().lookup,
        Lookup::NotInDirectory { .. }
    ));
    f.press(&mut app, &[CTRL_L]);
    assert_eq!(app.form.as_ref().unwrap().text(FieldId::Room), "");
    let screen = text(&frame(&app, 120, 36));
    assert!(screen.contains("not in the directory"), "{screen}");
}

#[test]
fn the_lookup_is_drawn_under_the_field_masked_with_the_rooms_activity() {
    for (lang, w, h, open, recent, keys) in [
        (Lang::Zh, 80, 24, "未办结 1", "近90天 1", "Ctrl-L/F3: 填入"),
        (
            Lang::En,
            120,
            36,
            "open 1",
            "in 90 days 1",
            "Ctrl-L/F3: fill",
        ),
    ] {
        let mut f = estate(lang);
        let mut app = f.app();
        f.press(&mut app, &[Key::ch('2'), Key::ch('n')]);
        focus(&mut f, &mut app, FieldId::Phone);
        f.type_text(&mut app, PHONE);
        let buffer = frame(&app, w, h);
        let screen = text(&buffer);
        let (phone_row, _) = row_with(&buffer, PHONE).expect("the phone field");
        let line = screen
            .lines()
            .nth(phone_row as usize + 1)
            .unwrap()
            .to_string();
        assert!(line.contains("3-2-1201"), "under the field:\n{screen}");
        assert!(
            line.contains("王小明") && line.contains("138****8000"),
            "{line}"
        );
        assert!(line.contains("独居老人"), "{line}");
        assert!(line.contains(open) && line.contains(recent), "{line}");
        assert!(screen.contains(keys), "{screen}");
        // The full number only in the field being typed, never in the lookup row.
        assert_eq!(screen.matches(PHONE).count(), 1, "{screen}");
    }
}

#[test]
fn typing_a_name_in_a_note_field_looks_nothing_up() {
    let mut f = estate(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('2'), Key::ch('n')]);
    f.type_text(&mut app, "wxm 3-2-1201 8000");
    assert_eq!(app.form.as_ref().unwrap().lookup, Lookup::Nothing);
}

/// The real binary at 80 x 24 in Chinese: a call from a known phone fills in.
#[test]
fn a_call_from_a_known_phone_fills_in_at_80x24_in_chinese() {
    Tmux::require();
    let f = estate(Lang::Zh);
    let db = f.desk.db_path.clone();
    drop(f.store);
    let tmux = Tmux::new("lookup");
    let bin = env!("CARGO_BIN_EXE_dutydesk");
    let config = f.dir.path().join("no-config.toml");
    let (now_env, config) = (
        "DUTYDESK_NOW=2026-11-25T03:00:00+08:00".to_string(),
        format!("DUTYDESK_CONFIG={}", config.display()),
    );
    let mut command = KEEP_PANE.to_vec();
    command.extend([
        "env",
        &now_env,
        "TZ=Asia/Shanghai",
        "LANG=C.UTF-8",
        "TERM=xterm-256color",
        &config,
        "DUTYDESK_LANG=zh",
        "DUTYDESK_OPERATOR=e2e",
        bin,
        "--db",
        db.to_str().unwrap(),
    ]);
    tmux.session(80, 24, &command);
    tmux.wait_for("值班记录");
    tmux.keys(&["2", "F2"]);
    tmux.wait_for("Tab: 下一项");
    tmux.type_text("楼上又漏水");
    for _ in 0..20 {
        if tmux.screen().lines().any(|l| l.contains("> 电话")) {
            break;
        }
        tmux.keys(&["Tab"]);
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    tmux.type_text("8000");
    tmux.wait_for("138****8000");
    tmux.keys(&["C-l"]);
    tmux.wait_for("已按业主档案填入");
    let screen = tmux.screen();
    assert!(screen.contains("3-2-1201"), "{screen}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("已保存");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_exit(), "0");
}

/// Key-to-state-and-frame time of typing into the lookup fields on a big database:
/// `LOOKUP_PERF_DB=copy-with-20000-households.db cargo test --test tui_lookup -- --ignored`
/// (benches/residents.sh makes such a copy). Prints the median and worst per query.
#[test]
#[ignore]
fn lookup_keystrokes_on_a_big_database() {
    use dutydesk::app::keys::Event;
    use std::time::Instant;
    let path = std::env::var("LOOKUP_PERF_DB").expect("LOOKUP_PERF_DB names the database");
    let mut store = dutydesk::store::Store::open(
        std::path::Path::new(&path),
        dutydesk::store::OpenOptions::default(),
    )
    .unwrap();
    let desk = tui_common::desk(std::path::Path::new(&path), Lang::Zh);
    for (field, typed) in [
        (FieldId::Room, "3-2-1201"),
        (FieldId::Phone, "13000007919"),
        (FieldId::Phone, "7919"),
        (FieldId::Name, "wxm"),
        (FieldId::Name, "王小"),
    ] {
        let mut app = App::new(desk.clone(), &store);
        app.handle(Event::Key(Key::ch('2')), &mut store);
        app.handle(Event::Key(Key::ch('n')), &mut store);
        for _ in 0..20 {
            if app.form.as_ref().unwrap().focused().unwrap().id == field {
                break;
            }
            app.handle(Event::Key(TAB), &mut store);
        }
        let (mut times, mut lookups) = (Vec::new(), Vec::new());
        for _ in 0..5 {
            for c in typed.chars() {
                let t = Instant::now();
                app.handle(Event::Key(Key::ch(c)), &mut store);
                let _ = frame(&app, 80, 24);
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                let now = app.now;
                let t = Instant::now();
                app.form.as_mut().unwrap().look_up(&store, now);
                lookups.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            let found = rooms(&app).len();
            for _ in typed.chars() {
                app.handle(Event::Key(Key::new(KeyCode::Backspace)), &mut store);
            }
            assert!(found > 0 || typed == "王小", "{typed} found nothing");
        }
        times.sort_by(f64::total_cmp);
        lookups.sort_by(f64::total_cmp);
        println!(
            "{field:?} {typed}: key to frame median {:.2} ms, worst {:.2} ms; the lookup alone \
             median {:.2} ms, worst {:.2} ms; {} keys",
            times[times.len() / 2],
            times[times.len() - 1],
            lookups[lookups.len() / 2],
            lookups[lookups.len() - 1],
            times.len()
        );
        assert!(lookups[lookups.len() / 2] < 16.0);
    }
}

/// One rule for phones on the desk: whole to an operator who can write, masked to a read-only
/// one in the list, the search hits and the record's detail alike.
#[test]
fn a_read_only_desk_masks_phones_in_the_list_search_and_detail() {
    use dutydesk::app::keys::Event;
    use dutydesk::store::{Access, OpenOptions, Store};
    let f = estate(Lang::En);
    // The writer sees the number whole in the list and the detail.
    let mut w = f.app();
    let mut store = Store::open(&f.desk.db_path, OpenOptions::default()).unwrap();
    w.handle(Event::Key(Key::ch('2')), &mut store);
    assert!(text(&frame(&w, 160, 40)).contains(PHONE));
    let mut ro = Store::open(
        &f.desk.db_path,
        OpenOptions {
            access: Access::ReadOnly,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    let mut app = App::new(f.desk.clone(), &ro);
    app.handle(Event::Key(Key::ch('2')), &mut ro);
    assert!(app.read_only.is_some());
    let screen = text(&frame(&app, 160, 40));
    assert!(!screen.contains(PHONE), "{screen}");
    assert!(screen.contains("138****8000"), "{screen}");
    // Zoomed detail and the search hits.
    app.handle(Event::Key(ENTER), &mut ro);
    let screen = text(&frame(&app, 160, 40));
    assert!(!screen.contains(PHONE), "{screen}");
    app.handle(Event::Key(ESC), &mut ro);
    app.handle(Event::Key(Key::ch('s')), &mut ro);
    for c in "8000".chars() {
        app.handle(Event::Key(Key::ch(c)), &mut ro);
    }
    let screen = text(&frame(&app, 160, 40));
    assert!(screen.contains("138****8000"), "{screen}");
    assert!(!screen.contains(PHONE), "{screen}");
}
