//! The yearly household callbacks on the desk (`Y` / Ctrl-Y; 回访, DOMAIN.md §4: every
//! occupied household once a year): the households still due this year, filtered by a room,
//! a phone's last 4 digits or pinyin initials; Enter records a callback through the same store
//! call as `residents callback`, the household drops off (a try stays, shown) and the count
//! moves, as the monthly report counts it. Read-only desks see the list and record nothing;
//! phones are masked in the list. Drawn at 80×24 in English and Chinese.

mod tui_common;

use dutydesk::app::App;
use dutydesk::app::form::{FieldId, FormKind};
use dutydesk::app::keymap::Mode;
use dutydesk::app::keys::{Event, Key, KeyCode};
use dutydesk::app::yearly::Shown;
use dutydesk::domain::report_period::Span;
use dutydesk::domain::residents::Household;
use dutydesk::domain::residents::yearly::this_year;
use dutydesk::i18n::Lang;
use dutydesk::progress::Progress;
use dutydesk::store::residents::HouseholdWrite;
use dutydesk::store::{Access, OpenOptions, Store};
use tui_common::*;

const CTRL_Y: Key = Key::ctrl('y');
const LEFT: Key = Key::new(KeyCode::Left);
const UP: Key = Key::new(KeyCode::Up);
const END: Key = Key::new(KeyCode::End);
const HOME: Key = Key::new(KeyCode::Home);
const BACKSPACE: Key = Key::new(KeyCode::Backspace);
const PHONE: &str = "13800138000";

fn household(room: &str, owner: &str, phone: &str, occupied: bool) -> Household {
    Household {
        room: room.into(),
        owner: Some(owner.into()),
        phones: vec![phone.into()],
        occupied,
        ..Default::default()
    }
}

/// Four occupied households and a vacant room.
fn estate(lang: Lang) -> Fixture {
    let mut f = Fixture::empty(lang);
    let writes = vec![
        HouseholdWrite::Add(household("3-2-1201", "王小明", PHONE, true)),
        HouseholdWrite::Add(household("3-2-1202", "李雷", "13700008000", true)),
        HouseholdWrite::Add(household("5-1-301", "王晓梅", "13912345678", true)),
        HouseholdWrite::Add(household("6-1-502", "Chen Jie", "02161234567", true)),
        HouseholdWrite::Add(household("7-1-101", "空置", "13600001111", false)),
    ];
    f.store
        .write_households(writes, "alice", now(), &Progress::new())
        .unwrap()
        .unwrap();
    f
}

fn opened(f: &mut Fixture) -> App {
    let mut app = f.app();
    f.press(&mut app, &[CTRL_Y]);
    app
}

fn rooms(app: &App) -> Vec<String> {
    let y = app.yearly.as_ref().expect("the yearly callbacks are open");
    y.rows().map(|r| r.household.room.clone()).collect()
}

fn selected(app: &App) -> String {
    let y = app.yearly.as_ref().unwrap();
    y.selected_row().unwrap().household.room.clone()
}

/// (called, occupied) as the view counts them.
fn count(app: &App) -> (usize, usize) {
    let list = app.yearly.as_ref().unwrap().list().expect("read");
    (list.rate.called, list.rate.occupied)
}

/// The store's yearly rows, as `residents callbacks` reads them.
fn stored_callbacks(f: &Fixture) -> usize {
    let (_, from, until) = this_year(now(), f.desk.policy.zone);
    let rows = f.store.yearly_callbacks(from, until).unwrap();
    rows.iter().map(|r| r.made.len()).sum()
}

#[test]
fn ctrl_y_opens_the_occupied_households_due_and_esc_closes() {
    let mut f = estate(Lang::En);
    let mut app = opened(&mut f);
    assert_eq!(app.mode, Mode::Yearly);
    // A vacant room owes no callback.
    assert_eq!(rooms(&app), ["3-2-1201", "3-2-1202", "5-1-301", "6-1-502"]);
    assert_eq!(count(&app), (0, 4));
    assert_eq!(selected(&app), "3-2-1201");
    f.press(&mut app, &[ESC]);
    assert_eq!(app.mode, Mode::List);
    assert!(app.yearly.is_none());
    // `Y` opens it too (the list's hint names it); Ctrl-Y closes it even while filtered.
    let hints = app.hints();
    assert!(
        hints
            .iter()
            .any(|b| b.cmd == dutydesk::app::keymap::Cmd::Yearly),
        "no hint for the yearly callbacks"
    );
    f.press(&mut app, &[Key::ch('Y')]);
    assert_eq!(app.mode, Mode::Yearly);
    f.type_text(&mut app, "3-2");
    f.press(&mut app, &[CTRL_Y]);
    assert!(app.yearly.is_none());
    assert_eq!(app.mode, Mode::List);
    // An input method's full-width Ｙ opens it as Y does.
    f.press(&mut app, &[Key::ch('Ｙ')]);
    assert_eq!(app.mode, Mode::Yearly);
}

#[test]
fn keys_move_and_typing_filters_by_room_phone_digits_or_initials() {
    let mut f = estate(Lang::En);
    let mut app = opened(&mut f);
    f.press(&mut app, &[DOWN]);
    assert_eq!(selected(&app), "3-2-1202");
    f.press(&mut app, &[END]);
    assert_eq!(selected(&app), "6-1-502");
    f.press(&mut app, &[DOWN]);
    assert_eq!(selected(&app), "6-1-502", "stops at the last");
    f.press(&mut app, &[HOME, UP]);
    assert_eq!(selected(&app), "3-2-1201", "stops at the first");
    // A room from its start.
    f.type_text(&mut app, "3-2");
    assert_eq!(rooms(&app), ["3-2-1201", "3-2-1202"]);
    // Pinyin initials: 王小明 and 王晓梅 are both wxm.
    f.press(&mut app, &[BACKSPACE, BACKSPACE, BACKSPACE]);
    assert_eq!(rooms(&app).len(), 4, "an empty filter shows all");
    f.type_text(&mut app, "wxm");
    assert_eq!(rooms(&app), ["3-2-1201", "5-1-301"]);
    // A phone's last 4 digits (two households end in 8000).
    f.press(&mut app, &[BACKSPACE, BACKSPACE, BACKSPACE]);
    f.type_text(&mut app, "8000");
    assert_eq!(rooms(&app), ["3-2-1201", "3-2-1202"]);
    // Nothing found: an empty list that says so; Esc clears the filter, then closes.
    f.type_text(&mut app, "9");
    assert!(rooms(&app).is_empty());
    let screen = text(&frame(&app, 80, 24));
    assert!(
        screen.contains("No household still due matches"),
        "{screen}"
    );
    f.press(&mut app, &[ESC]);
    assert_eq!(app.mode, Mode::Yearly);
    assert_eq!(rooms(&app).len(), 4);
    f.press(&mut app, &[ESC]);
    assert!(app.yearly.is_none());
}

/// Choose the result: the form starts on "phone"; the result field is next, at "satisfied";
/// Left goes round to "no answer".
fn record(f: &mut Fixture, app: &mut App, no_answer: bool, words: &str) {
    f.press(app, &[ENTER]);
    assert_eq!(app.mode, Mode::Form);
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.kind, FormKind::HouseholdCallback);
    assert_eq!(form.focused().unwrap().id, FieldId::CallbackForm);
    f.press(app, &[TAB]);
    assert_eq!(
        app.form.as_ref().unwrap().focused().unwrap().id,
        FieldId::Satisfaction
    );
    if no_answer {
        f.press(app, &[LEFT]);
    }
    f.press(app, &[TAB]);
    f.type_text(app, words);
    f.press(app, &[ENTER]);
}

#[test]
fn a_callback_recorded_drops_the_household_and_moves_the_count_as_the_report_does() {
    let mut f = estate(Lang::En);
    let mut app = opened(&mut f);
    // Nobody answers: a try; the household stays due, its try shown; the count stays.
    record(&mut f, &mut app, true, "");
    assert_eq!(app.mode, Mode::Yearly, "{:?}", app.form);
    assert_eq!(rooms(&app).len(), 4);
    assert_eq!(count(&app), (0, 4));
    let msg = app.message.as_ref().unwrap();
    assert!(
        msg.text.contains("3-2-1201: callback recorded (no answer)"),
        "{msg:?}"
    );
    let screen = text(&frame(&app, 80, 24));
    let (_, line) = row_with(&frame(&app, 80, 24), "3-2-1201").unwrap();
    assert!(
        line.contains("11-25 03:00") && line.contains("no answer"),
        "{screen}"
    );
    assert_eq!(selected(&app), "3-2-1201");
    // Reached, with the owner's words: it drops off, the next is selected, the count moves.
    record(&mut f, &mut app, false, "门禁好多了");
    assert_eq!(rooms(&app), ["3-2-1202", "5-1-301", "6-1-502"]);
    assert_eq!(selected(&app), "3-2-1202");
    assert_eq!(count(&app), (1, 4));
    let screen = text(&frame(&app, 80, 24));
    assert!(
        screen.contains("2026: 1 of 4 called back (25%, target 100%)"),
        "{screen}"
    );
    // Written as `residents callback` writes it: two events in the household's history.
    assert_eq!(stored_callbacks(&f), 2);
    let (_, from, until) = this_year(now(), f.desk.policy.zone);
    let rows = f.store.yearly_callbacks(from, until).unwrap();
    let made = &rows[0].made;
    assert_eq!(made[1].callback.words.as_deref(), Some("门禁好多了"));
    assert_eq!(made[1].operator, "alice");
    // The monthly report counts the same.
    let figures = f
        .store
        .report_figures(
            Span::Monthly,
            dutydesk::domain::time::local_date(now(), f.desk.policy.zone),
            &f.desk.shift_defs(),
            &f.desk.policy,
            now(),
        )
        .unwrap();
    let y = figures
        .report
        .household_callbacks
        .expect("the yearly figure");
    assert_eq!((y.called, y.occupied), count(&app));
    assert_eq!(
        y.rate,
        app.yearly.as_ref().unwrap().list().unwrap().rate.rate
    );
}

#[test]
fn a_bad_entry_is_named_in_its_field_and_nothing_is_written() {
    let mut f = estate(Lang::En);
    let mut app = opened(&mut f);
    f.press(&mut app, &[ENTER, TAB, TAB]);
    let too_long = "字".repeat(dutydesk::domain::text::MAX_TEXT_CHARS + 1);
    app.handle(Event::Paste(too_long), &mut f.store);
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.mode, Mode::Form);
    let form = app.form.as_ref().unwrap();
    let words = form.fields.iter().find(|x| x.id == FieldId::Words).unwrap();
    assert!(words.error.is_some(), "{form:?}");
    assert_eq!(form.focused().unwrap().id, FieldId::Words);
    assert_eq!(stored_callbacks(&f), 0);
    // Esc asks before the typed words go; then the list again, unchanged.
    f.press(&mut app, &[ESC]);
    assert_eq!(app.mode, Mode::ConfirmDiscard);
    f.press(&mut app, &[Key::ch('y')]);
    assert_eq!(app.mode, Mode::Yearly);
    assert_eq!(count(&app), (0, 4));
}

#[test]
fn a_household_gone_from_the_directory_is_refused_in_the_form() {
    let mut f = estate(Lang::En);
    let mut app = opened(&mut f);
    f.press(&mut app, &[ENTER]);
    app.form.as_mut().unwrap().household = Some("9-9-999".into());
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.mode, Mode::Form);
    let error = app.form.as_ref().unwrap().error.clone().unwrap_or_default();
    assert!(error.contains("9-9-999"), "{error}");
    assert_eq!(stored_callbacks(&f), 0);
}

#[test]
fn a_callback_recorded_at_another_desk_shows_at_the_next_look() {
    use dutydesk::domain::kinds::{CallbackForm, Satisfaction};
    use dutydesk::domain::residents::yearly::HouseholdCallback;
    let mut f = estate(Lang::En);
    let mut app = opened(&mut f);
    let mut other = Store::open(&f.desk.db_path, OpenOptions::default()).unwrap();
    let callback = HouseholdCallback {
        form: CallbackForm::Visit,
        result: Satisfaction::Neutral,
        words: None,
    };
    assert!(
        other
            .record_household_callback("5-1-301", &callback, "bob", now())
            .unwrap()
    );
    assert_eq!(rooms(&app).len(), 4, "not yet looked");
    app.poll_store(&f.store);
    assert_eq!(rooms(&app), ["3-2-1201", "3-2-1202", "6-1-502"]);
    assert_eq!(count(&app), (1, 4));
}

/// Tab / F5: the households already called back this year, with their last call's date and
/// result (as `residents callbacks` without `--due` lists them), filtered as the due ones are;
/// Enter on one records a follow-up (the store and the CLI take it; the count stays, a
/// household is counted once), and the form says when the first call was.
#[test]
fn tab_shows_the_households_called_back_and_enter_records_a_follow_up() {
    let mut f = estate(Lang::En);
    let mut app = opened(&mut f);
    // Nobody called back yet: an empty side that says so.
    f.press(&mut app, &[TAB]);
    assert!(app.yearly.as_ref().unwrap().called);
    assert!(rooms(&app).is_empty());
    let screen = text(&frame(&app, 80, 24));
    assert!(
        screen.contains("(no household called back yet this year)"),
        "{screen}"
    );
    // The hint names the way back; F5 goes back (the hint names the called side again).
    let hint = |app: &App, t| app.hints().iter().any(|b| b.hint == Some(t));
    assert!(hint(&app, dutydesk::i18n::tui::T::HintYearlyDue));
    f.press(&mut app, &[Key::f(5)]);
    assert!(!app.yearly.as_ref().unwrap().called);
    assert!(hint(&app, dutydesk::i18n::tui::T::HintYearlyCalled));
    // Two households reached: they leave the due side for the called one.
    record(&mut f, &mut app, false, "");
    record(&mut f, &mut app, false, "");
    assert_eq!(rooms(&app), ["5-1-301", "6-1-502"]);
    f.press(&mut app, &[TAB]);
    assert_eq!(rooms(&app), ["3-2-1201", "3-2-1202"]);
    assert_eq!(selected(&app), "3-2-1201");
    let buffer = frame(&app, 80, 24);
    let screen = text(&buffer);
    assert!(
        screen.contains("Last call") && screen.contains("2 called back"),
        "{screen}"
    );
    let (_, line) = row_with(&buffer, "3-2-1202").unwrap();
    assert!(
        line.contains("11-25 03:00") && line.contains("satisfied"),
        "{screen}"
    );
    // Typing filters this side too.
    f.type_text(&mut app, "3-2-1202");
    assert_eq!(rooms(&app), ["3-2-1202"]);
    assert!(text(&frame(&app, 80, 24)).contains("1 of 2 called back"));
    f.type_text(&mut app, "9");
    assert!(text(&frame(&app, 80, 24)).contains("No household called back matches"));
    f.press(&mut app, &[ESC]);
    assert_eq!(rooms(&app).len(), 2);
    // Enter: a follow-up; the form says when the household was reached.
    f.press(&mut app, &[DOWN, ENTER]);
    let about = app.form.as_ref().unwrap().about.clone().unwrap_or_default();
    assert!(
        about.contains("3-2-1202") && about.contains("called 11-25 (satisfied)"),
        "{about}"
    );
    f.press(&mut app, &[ESC]);
    record(&mut f, &mut app, true, "");
    assert_eq!(app.mode, Mode::Yearly);
    assert!(
        app.yearly.as_ref().unwrap().called,
        "stays on the called side"
    );
    assert_eq!(stored_callbacks(&f), 3);
    assert_eq!(count(&app), (2, 4), "a household is counted once");
    let buffer = frame(&app, 80, 24);
    let (_, line) = row_with(&buffer, "3-2-1202").unwrap();
    assert!(line.contains("no answer"), "the last call's result: {line}");
    assert_eq!(selected(&app), "3-2-1202");
}

/// F1 opens the help from the view (`?` is typed into the filter) and the help comes back to
/// the view, filter kept.
#[test]
fn f1_opens_the_help_and_closing_it_comes_back_to_the_view() {
    let mut f = estate(Lang::Zh);
    let mut app = opened(&mut f);
    f.type_text(&mut app, "3-2");
    f.press(&mut app, &[Key::f(1)]);
    assert_eq!(app.mode, Mode::Help);
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains("按键说明"), "{screen}");
    f.press(&mut app, &[ESC]);
    assert_eq!(app.mode, Mode::Yearly);
    assert_eq!(rooms(&app), ["3-2-1201", "3-2-1202"]);
    // From the list, the help still goes back to the list.
    f.press(&mut app, &[CTRL_Y, Key::f(1), ESC]);
    assert_eq!(app.mode, Mode::List);
}

/// The key is `[keys]`-configurable (`yearly-called`), never to a plain character (it would be
/// typed into the filter).
#[test]
fn the_called_side_key_can_be_configured_but_not_to_a_typed_character() {
    use dutydesk::app::keymap::Cmd;
    use dutydesk::app::keys_config::{check, configured};
    let keys = |v: &str| {
        [("yearly-called".to_string(), v.to_string())]
            .into_iter()
            .collect()
    };
    assert!(check(&keys("c")).is_err());
    let map = configured(&keys("F7"));
    let b = map.iter().find(|b| b.cmd == Cmd::YearlyCalled).unwrap();
    assert_eq!(b.keys[0], Key::f(7));
}

/// A yearly callback form left unsaved (a dropped connection) comes back over the yearly view
/// it was typed in, on its household; Esc then goes back to that view, not the list.
#[test]
fn a_restored_draft_of_the_form_comes_back_over_the_yearly_view_on_its_household() {
    let mut f = estate(Lang::Zh);
    let mut app = opened(&mut f);
    f.press(&mut app, &[DOWN, DOWN, ENTER, TAB, TAB]);
    f.type_text(&mut app, "明天再打");
    drop(app);
    let mut app = f.reopen();
    assert_eq!(app.mode, Mode::Form);
    let form = app.form.as_ref().expect("the draft is back");
    assert_eq!(form.kind, FormKind::HouseholdCallback);
    assert_eq!(form.text(FieldId::Words), "明天再打");
    assert!(
        app.yearly.is_some(),
        "the yearly view is open under the form"
    );
    assert_eq!(selected(&app), "5-1-301");
    let screen = text(&frame(&app, 80, 24));
    assert!(
        screen.contains("住户年度回访") && screen.contains("5-1-301  王晓梅"),
        "{screen}"
    );
    f.press(&mut app, &[ESC, Key::ch('y')]);
    assert_eq!(app.mode, Mode::Yearly);
    assert_eq!(selected(&app), "5-1-301");
    // A draft of a household reached meanwhile: the view opens on the called side, on it.
    f.press(&mut app, &[ENTER, TAB, TAB]);
    f.type_text(&mut app, "再确认");
    drop(app);
    use dutydesk::domain::kinds::{CallbackForm, Satisfaction};
    use dutydesk::domain::residents::yearly::HouseholdCallback;
    let callback = HouseholdCallback {
        form: CallbackForm::Phone,
        result: Satisfaction::Satisfied,
        words: None,
    };
    f.store
        .record_household_callback("5-1-301", &callback, "bob", now())
        .unwrap();
    let app = f.reopen();
    assert_eq!(app.mode, Mode::Form);
    assert!(app.yearly.as_ref().unwrap().called);
    assert_eq!(selected(&app), "5-1-301");
}

/// The form's result field offers "no answer" as well as satisfaction: it is labelled what it
/// is (结果 / Result); the stored value keeps its name.
#[test]
fn the_forms_result_field_is_labelled_result() {
    for (lang, label, not) in [
        (Lang::Zh, "结果", "满意度"),
        (Lang::En, "Result", "Satisfaction"),
    ] {
        let mut f = estate(lang);
        let mut app = opened(&mut f);
        f.press(&mut app, &[ENTER]);
        let form = app.form.as_ref().unwrap();
        assert_eq!(form.label(FieldId::Satisfaction, lang), label);
        let screen = text(&frame(&app, 80, 24));
        let (_, line) = row_with(&frame(&app, 80, 24), "< ").unwrap();
        assert!(!screen.contains(not), "{screen}");
        assert!(screen.contains(label), "{line}");
    }
}

fn read_only(f: &Fixture) -> (App, Store) {
    let store = Store::open(
        &f.desk.db_path,
        OpenOptions {
            access: Access::ReadOnly,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    let app = App::new(f.desk.clone(), &store);
    (app, store)
}

#[test]
fn a_read_only_desk_sees_the_list_and_records_nothing() {
    let f = estate(Lang::En);
    let (mut app, mut store) = read_only(&f);
    assert!(app.read_only.is_some());
    app.handle(Event::Key(CTRL_Y), &mut store);
    assert_eq!(rooms(&app).len(), 4);
    // No "record" among the keys offered; Enter says why and opens nothing.
    assert!(
        !app.hints()
            .iter()
            .any(|b| b.hint == Some(dutydesk::i18n::tui::T::HintYearlyRecord))
    );
    app.handle(Event::Key(ENTER), &mut store);
    assert_eq!(app.mode, Mode::Yearly);
    assert!(app.form.is_none());
    let msg = app.message.clone().unwrap();
    assert!(msg.error && msg.text.contains("Read-only"), "{msg:?}");
    assert_eq!(stored_callbacks(&f), 0);
    let screen = text(&frame(&app, 80, 24));
    assert!(!screen.contains(PHONE), "{screen}");
}

#[test]
fn phones_are_masked_in_the_list_and_whole_only_in_a_writers_form() {
    let mut f = estate(Lang::En);
    let mut app = opened(&mut f);
    let screen = text(&frame(&app, 80, 24));
    assert!(!screen.contains(PHONE), "{screen}");
    assert!(!screen.contains("13912345678"), "{screen}");
    assert!(screen.contains("138****8000"), "{screen}");
    // The form of the one household to be called: the number to dial, whole to a writer…
    f.press(&mut app, &[ENTER]);
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains(PHONE), "{screen}");
    // …masked in a frame for elsewhere (`snapshot`).
    let mut snap = opened(&mut f);
    snap.mask_always = true;
    f.press(&mut snap, &[ENTER]);
    let screen = text(&frame(&snap, 80, 24));
    assert!(!screen.contains(PHONE), "{screen}");
}

#[test]
fn background_reading_leaves_the_keys_free() {
    let mut f = estate(Lang::En);
    let mut app = f.app();
    app.reviews_in_background = true;
    f.press(&mut app, &[CTRL_Y]);
    assert!(matches!(app.yearly.as_ref().unwrap().shown, Shown::Reading));
    assert!(app.yearly_pending());
    assert!(app.next_wake() <= app.now);
    // Typing goes on meanwhile.
    f.type_text(&mut app, "wxm");
    app.wait_for_yearly();
    assert!(!app.yearly_pending());
    assert_eq!(rooms(&app), ["3-2-1201", "5-1-301"]);
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    }
}

/// The whole desk at 80×24 with the view open, one try recorded, in both languages.
#[test]
fn the_view_at_80x24_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let mut f = estate(lang);
        let mut app = opened(&mut f);
        f.press(&mut app, &[DOWN]);
        record(&mut f, &mut app, true, "");
        app.message = None;
        let buffer = frame(&app, 80, 24);
        insta::assert_snapshot!(format!("yearly_{}_80x24", lang_name(lang)), styled(&buffer));
        // And its form.
        f.press(&mut app, &[ENTER]);
        let buffer = frame(&app, 80, 24);
        insta::assert_snapshot!(
            format!("yearly_form_{}_80x24", lang_name(lang)),
            styled(&buffer)
        );
    }
}

/// On a big directory (`DUTYDESK_BENCH_DB`: a database with 20,000 households imported, as
/// `benches/residents.sh` makes it, at DUTYDESK_NOW=2026-11-27T03:00:00+08:00): opening the
/// view comes back at once while the households are read in the background; each key of a
/// filter, a frame, and a callback recorded and read again are timed and printed. Run by hand:
/// `DUTYDESK_BENCH_DB=copy.db cargo test --release --test tui_yearly -- --ignored --nocapture`.
#[test]
#[ignore]
fn keys_stay_instant_with_20000_households() {
    use std::time::{Duration, Instant};
    let path = std::env::var("DUTYDESK_BENCH_DB")
        .expect("DUTYDESK_BENCH_DB must name a database with 20,000 households");
    let path = std::path::Path::new(&path);
    let mut desk = desk(path, Lang::Zh);
    desk.clock = dutydesk::clock::Clock::starting_at(at("2026-11-27T03:00:00+08:00"), false);
    let mut store = Store::open(path, OpenOptions::default()).unwrap();
    let mut app = App::new(desk, &store);
    app.reviews_in_background = true;
    let t = Instant::now();
    app.handle(Event::Key(CTRL_Y), &mut store);
    let key = t.elapsed();
    let _ = frame(&app, 80, 24);
    app.wait_for_yearly();
    let read = t.elapsed();
    let due = rooms(&app).len();
    println!("open: key {key:?}, {due} households due read in {read:?}");
    assert!(key < Duration::from_millis(100), "{key:?}");
    assert!(due >= 20_000, "{due}");
    let mut worst = Duration::ZERO;
    for (text, name) in [("3-2", "room"), ("wxm", "initials"), ("7919", "last 4")] {
        let mut keys = Vec::new();
        for c in text.chars() {
            let t = Instant::now();
            app.handle(Event::Key(Key::ch(c)), &mut store);
            let _ = frame(&app, 80, 24);
            keys.push(t.elapsed());
            worst = worst.max(t.elapsed());
        }
        let shown = rooms(&app).len();
        println!("filter by {name} {text:?}: {shown} shown; each key with its frame {keys:?}");
        for _ in text.chars() {
            app.handle(Event::Key(BACKSPACE), &mut store);
        }
    }
    println!("slowest key of a filter, with its frame: {worst:?}");
    let t = Instant::now();
    app.handle(Event::Key(Key::new(KeyCode::PageDown)), &mut store);
    let _ = frame(&app, 80, 24);
    println!("page down and a frame: {:?}", t.elapsed());
    let t = Instant::now();
    app.handle(Event::Key(ENTER), &mut store);
    app.handle(Event::Key(TAB), &mut store);
    app.handle(Event::Key(LEFT), &mut store);
    app.handle(Event::Key(ENTER), &mut store);
    let saved = t.elapsed();
    app.wait_for_yearly();
    println!(
        "a try recorded: keys {saved:?}, list read again after {:?}",
        t.elapsed()
    );
    assert_eq!(app.mode, Mode::Yearly);
}

/// A household's notes (独居老人: lives alone) are seen before calling: its row is marked ✎,
/// the selected household's notes are on the view's last line and in its callback form, at
/// 80×24, sanitised (a note from a spreadsheet may carry terminal escapes and line breaks).
#[test]
fn household_notes_are_marked_in_the_list_and_shown_before_calling() {
    for (lang, label) in [(Lang::Zh, "备注"), (Lang::En, "notes")] {
        let mut f = estate(lang);
        let mut alone = household("3-2-1203", "赵秀英", "13700009000", true);
        alone.notes = Some("独居老人, 耳背\n请大声\u{1b}[2J说话".into());
        f.store
            .write_households(
                vec![HouseholdWrite::Add(alone)],
                "alice",
                now(),
                &Progress::new(),
            )
            .unwrap()
            .unwrap();
        let mut app = opened(&mut f);
        let buffer = frame(&app, 80, 24);
        let (_, marked) = row_with(&buffer, "3-2-1203").unwrap();
        assert!(marked.starts_with(" ✎3-2-1203"), "{marked:?}");
        let (_, plain) = row_with(&buffer, "3-2-1201").unwrap();
        assert!(plain.starts_with("> 3-2-1201"), "{plain:?}");
        // Not selected: its notes are not on the last line.
        let screen = text(&buffer);
        assert!(!screen.contains("独居老人"), "{screen}");
        f.press(&mut app, &[DOWN, DOWN]);
        let buffer = frame(&app, 80, 24);
        let screen = text(&buffer);
        let (_, last) = row_with(&buffer, "独居老人").expect("the notes shown");
        assert!(
            last.contains(&format!("✎ {label}: 独居老人, 耳背 请大声")),
            "{last:?}"
        );
        assert!(!screen.contains('\u{1b}'), "{screen:?}");
        // Every household still has its row above the notes.
        for room in ["3-2-1201", "3-2-1202", "3-2-1203", "5-1-301", "6-1-502"] {
            assert!(row_with(&buffer, room).is_some(), "{room}: {screen}");
        }
        // The form of its callback says it too, under the household.
        f.press(&mut app, &[ENTER]);
        assert_eq!(app.mode, Mode::Form);
        let buffer = frame(&app, 80, 24);
        let screen = text(&buffer);
        let (at, _) = row_with(&buffer, "独居老人").expect("the notes in the form");
        let (room_at, _) = row_with(&buffer, "13700009000").expect("the household named");
        assert_eq!(at, room_at + 1, "{screen}");
        assert!(!screen.contains('\u{1b}'), "{screen:?}");
        // A household without notes: no notes line in the view.
        f.press(&mut app, &[ESC]);
        f.type_text(&mut app, "5-1");
        let screen = text(&frame(&app, 80, 24));
        assert!(!screen.contains('✎'), "{screen}");
    }
}

#[test]
fn an_empty_directory_says_so_instead_of_everyone_called_back() {
    for (lang, none, all) in [
        (
            Lang::En,
            "(no occupied households)",
            "every occupied household called back",
        ),
        (Lang::Zh, "(没有入住住户)", "均已回访"),
    ] {
        let mut f = Fixture::empty(lang);
        let app = opened(&mut f);
        assert_eq!(count(&app), (0, 0));
        let screen = text(&frame(&app, 80, 24));
        assert!(screen.contains(none), "{screen}");
        assert!(!screen.contains(all), "{screen}");
        // Everyone called back: said so.
        let mut f = estate(lang);
        let mut app = opened(&mut f);
        for _ in 0..4 {
            record(&mut f, &mut app, false, "");
        }
        assert_eq!(count(&app), (4, 4));
        let screen = text(&frame(&app, 80, 24));
        assert!(screen.contains(all), "{screen}");
    }
}
