//! The reviews view (Ctrl-T): keys open it, switch day, week and month and step through the
//! periods; it shows the same figures as `report` (read by the same code) with its charts,
//! drawn alone as text and style runs in English and Chinese, 80 and 120 columns wide, and in
//! NO_COLOR.

mod tui_common;

use chrono::NaiveDate;
use dutydesk::app::App;
use dutydesk::app::keymap::Mode;
use dutydesk::app::keys::{Key, KeyCode};
use dutydesk::app::reviews::Shown;
use dutydesk::domain::report_period::Span;
use dutydesk::i18n::Lang;
use dutydesk::ui::{Region, render_region};
use ratatui::style::{Color, Modifier};
use tui_common::*;

const CTRL_T: Key = Key::ctrl('t');
const LEFT: Key = Key::new(KeyCode::Left);

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn opened(f: &mut Fixture, keys: &[Key]) -> App {
    let mut app = f.app();
    f.press(&mut app, &[CTRL_T]);
    f.press(&mut app, keys);
    app
}

fn period(app: &App) -> (Span, NaiveDate) {
    let r = app.reviews.as_ref().expect("the reviews are open");
    (r.span, r.date)
}

/// `?` / F1 open the help over the reviews; closing it comes back to them, period kept.
#[test]
fn the_help_opens_from_the_reviews_and_comes_back_to_them() {
    let mut f = Fixture::night(Lang::Zh);
    let mut app = opened(&mut f, &[Key::ch('w')]);
    for key in [Key::f(1), Key::ch('?')] {
        f.press(&mut app, &[key]);
        assert_eq!(app.mode, Mode::Help, "{key:?}");
        f.press(&mut app, &[ESC]);
        assert_eq!(app.mode, Mode::Reviews);
        assert_eq!(period(&app).0, Span::Weekly);
    }
}

#[test]
fn ctrl_t_opens_yesterday_and_esc_closes() {
    let mut f = Fixture::night(Lang::En);
    let mut app = opened(&mut f, &[]);
    assert_eq!(app.mode, Mode::Reviews);
    // The morning meeting's day: yesterday (now is 2026-11-25 03:00).
    assert_eq!(period(&app), (Span::Daily, day(24)));
    assert!(matches!(
        app.reviews.as_ref().unwrap().shown,
        Shown::Ready(_)
    ));
    f.press(&mut app, &[ESC]);
    assert_eq!(app.mode, Mode::List);
    assert!(app.reviews.is_none());
    // `V` opens it too, and closes it again.
    f.press(&mut app, &[Key::ch('V')]);
    assert_eq!(app.mode, Mode::Reviews);
    f.press(&mut app, &[Key::ch('V')]);
    assert!(app.reviews.is_none());
}

#[test]
fn keys_switch_day_week_month_and_step_through_periods() {
    let mut f = Fixture::night(Lang::En);
    let mut app = opened(&mut f, &[Key::ch('w')]);
    assert_eq!(period(&app).0, Span::Weekly);
    assert_eq!(app.reviews.as_ref().unwrap().days(), (day(23), day(29)));
    f.press(&mut app, &[Key::ch('m')]);
    assert_eq!(app.reviews.as_ref().unwrap().days(), (day(1), day(30)));
    f.press(&mut app, &[LEFT]);
    let oct = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    assert_eq!(app.reviews.as_ref().unwrap().days().0, oct);
    f.press(&mut app, &[RIGHT, Key::ch('d')]);
    assert_eq!(period(&app), (Span::Daily, day(1)));
    // F-keys, which an input method does not swallow, and Tab in turn.
    f.press(&mut app, &[Key::f(6)]);
    assert_eq!(period(&app).0, Span::Weekly);
    f.press(&mut app, &[TAB]);
    assert_eq!(period(&app).0, Span::Monthly);
    f.press(&mut app, &[TAB]);
    assert_eq!(period(&app).0, Span::Daily);
    // The tab under the view did not move.
    assert_eq!(app.tab, f.app().tab);
}

#[test]
fn the_view_shows_what_report_prints() {
    let mut f = Fixture::night(Lang::En);
    for (key, period) in [('d', "daily"), ('w', "weekly"), ('m', "monthly")] {
        let app = opened(&mut f, &[Key::ch(key), RIGHT]);
        let r = app.reviews.as_ref().unwrap();
        let Shown::Ready(figures) = &r.shown else {
            panic!("{period}: not read: {:?}", r.shown)
        };
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dutydesk"))
            .args(["report", period, "--json", "--date", &r.date.to_string()])
            .env("DUTYDESK_DB", &f.desk.db_path)
            .env("DUTYDESK_NOW", "2026-11-25T03:00:00+08:00")
            .env("DUTYDESK_CONFIG", "/nonexistent/config.toml")
            .env("DUTYDESK_LANG", "en")
            .env("TZ", "Asia/Shanghai")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            printed,
            serde_json::to_value(&figures.report).unwrap(),
            "{period}"
        );
    }
}

#[test]
fn background_reading_leaves_the_keys_free_and_drops_a_stale_answer() {
    let mut f = Fixture::night(Lang::En);
    let mut app = f.app();
    app.reviews_in_background = true;
    f.press(&mut app, &[CTRL_T]);
    // Switched before the first answer came: only the week's figures are shown.
    f.press(&mut app, &[Key::ch('w')]);
    assert!(matches!(
        app.reviews.as_ref().unwrap().shown,
        Shown::Reading
    ));
    assert!(app.reviews_pending());
    // While reading, the desk looks again soon rather than at the next minute.
    assert!(app.next_wake() <= app.now);
    app.wait_for_reviews();
    let r = app.reviews.as_ref().unwrap();
    let Shown::Ready(figures) = &r.shown else {
        panic!("not read: {:?}", r.shown)
    };
    assert_eq!(figures.report.from, "2026-11-23");
    assert!(!app.reviews_pending());
}

fn snap(f: &mut Fixture, lang: Lang, key: char, w: u16, h: u16) {
    // The fixture's day (today), week and month.
    let app = match key {
        'd' => opened(f, &[Key::ch(key), RIGHT]),
        _ => opened(f, &[Key::ch(key)]),
    };
    let buffer = render_region(&app, Region::Reviews, w, h);
    let name = format!("reviews_{key}_{}_{w}", lang_name(lang));
    insta::assert_snapshot!(name, styled(&buffer));
}

/// The view alone, on the fixture's day, week and month, at 80×24 (a body of 21 rows)
/// and wide.
#[test]
fn every_period_in_both_languages_at_80_and_120() {
    for lang in [Lang::En, Lang::Zh] {
        let mut f = Fixture::night(lang);
        for key in ['d', 'w', 'm'] {
            snap(&mut f, lang, key, 80, 21);
            snap(&mut f, lang, key, 120, 30);
        }
    }
}

/// Where on the buffer a symbol is, first found in the row that contains `needle`.
fn cells(buffer: &ratatui::buffer::Buffer, needle: &str, symbol: &str) -> Vec<(u16, u16)> {
    let (y, _) = row_with(buffer, needle).unwrap_or_else(|| panic!("no row with {needle}"));
    (0..buffer.area.width)
        .filter(|x| buffer[(*x, y)].symbol() == symbol)
        .map(|x| (x, y))
        .collect()
}

#[test]
fn met_and_missed_bars_differ_in_colour_and_without_it() {
    for no_color in [false, true] {
        let mut f = Fixture::night(Lang::En);
        f.desk.no_color = no_color;
        let app = opened(&mut f, &[Key::ch('w')]);
        let buffer = render_region(&app, Region::Reviews, 80, 21);
        // The dispatch row: one met, two missed; solid bars and shaded ones.
        let met = cells(&buffer, "dispatch", "█");
        let missed = cells(&buffer, "dispatch", "▒");
        assert!(!met.is_empty() && !missed.is_empty(), "{}", text(&buffer));
        let style = |c: (u16, u16)| buffer[c].style();
        if no_color {
            for y in 0..buffer.area.height {
                for x in 0..buffer.area.width {
                    let s = buffer[(x, y)].style();
                    assert!(
                        matches!(s.fg, None | Some(Color::Reset))
                            && matches!(s.bg, None | Some(Color::Reset)),
                        "colour at {x},{y} under NO_COLOR"
                    );
                }
            }
        } else {
            assert_eq!(style(met[0]).fg, Some(Color::Green));
            assert_eq!(style(missed[0]).fg, Some(Color::Red));
        }
        // The period chosen is bracketed as well as reversed.
        let (_, title) = row_with(&buffer, "[Week]").expect("the week bracketed");
        assert!(title.contains(" Day ") && title.contains(" Month "));
        let x = title.find("[Week]").unwrap() as u16;
        assert!(buffer[(x + 1, 0)].modifier.contains(Modifier::REVERSED));
    }
}

/// On a big file (`DUTYDESK_BENCH_DB`, a copy of `demo --records 1000000` made with
/// DUTYDESK_NOW=2026-11-27T03:00:00+08:00): the keys that open the reviews and switch to the
/// month come back at once while the figures are read in the background; prints both times.
/// Run by hand: `DUTYDESK_BENCH_DB=copy.db cargo test --test tui_reviews -- --ignored`.
#[test]
#[ignore]
fn keys_stay_instant_while_a_big_file_is_read() {
    let path = std::env::var("DUTYDESK_BENCH_DB")
        .expect("DUTYDESK_BENCH_DB must name a copy of the million-record database");
    let mut desk = desk(std::path::Path::new(&path), Lang::Zh);
    desk.clock = dutydesk::clock::Clock::starting_at(at("2026-11-27T03:00:00+08:00"), false);
    let mut store = dutydesk::store::Store::open(
        std::path::Path::new(&path),
        dutydesk::store::OpenOptions::default(),
    )
    .unwrap();
    let mut app = App::new(desk, &store);
    app.reviews_in_background = true;
    for (keys, name) in [
        (vec![CTRL_T], "daily"),
        (vec![Key::ch('w')], "weekly"),
        (vec![Key::ch('m')], "monthly"),
    ] {
        let t0 = std::time::Instant::now();
        for k in keys {
            app.handle(dutydesk::app::keys::Event::Key(k), &mut store);
        }
        let keys_took = t0.elapsed();
        // The desk draws meanwhile ("reading the figures").
        let t1 = std::time::Instant::now();
        let _ = frame(&app, 80, 24);
        let draw_took = t1.elapsed();
        app.wait_for_reviews();
        let read_took = t0.elapsed();
        println!(
            "{name}: keys {keys_took:?}, a frame while reading {draw_took:?}, figures {read_took:?}"
        );
        assert!(
            keys_took < std::time::Duration::from_millis(100),
            "{name}: {keys_took:?}"
        );
        assert!(matches!(
            app.reviews.as_ref().unwrap().shown,
            Shown::Ready(_)
        ));
        let _ = frame(&app, 80, 24);
    }
}

/// Right stops at the period that holds today: a later day, week or month has nothing yet.
#[test]
fn right_stops_at_the_period_that_holds_today() {
    let mut f = Fixture::night(Lang::En);
    // Now is 2026-11-25 03:00: yesterday first, then today, then no further.
    let mut app = opened(&mut f, &[]);
    f.press(&mut app, &[RIGHT]);
    assert_eq!(period(&app), (Span::Daily, day(25)));
    f.press(&mut app, &[RIGHT, RIGHT]);
    assert_eq!(period(&app), (Span::Daily, day(25)));
    f.press(&mut app, &[Key::ch('w'), RIGHT]);
    assert_eq!(app.reviews.as_ref().unwrap().days(), (day(23), day(29)));
    f.press(&mut app, &[Key::ch('m'), RIGHT]);
    assert_eq!(app.reviews.as_ref().unwrap().days(), (day(1), day(30)));
    f.press(&mut app, &[LEFT]);
    let oct = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    assert_eq!(app.reviews.as_ref().unwrap().days().0, oct);
    f.press(&mut app, &[RIGHT]);
    assert_eq!(app.reviews.as_ref().unwrap().days(), (day(1), day(30)));
}
