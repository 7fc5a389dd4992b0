//! The reviews view on a screen too small for it: at 80×24 a week with recurring problems does
//! not fit, and every row of the figures and charts is reached by scrolling (Down/PgDn/End,
//! Up/PgUp/Home), the body's last row saying how many rows are below (or above) and the keys;
//! at 120×36 all of it shows and nothing scrolls. Whole screens, with styles, en and zh.

mod tui_common;

use dutydesk::app::App;
use dutydesk::app::keys::{Key, KeyCode};
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use std::collections::BTreeSet;
use tui_common::*;

const CTRL_T: Key = Key::ctrl('t');
const UP: Key = Key::new(KeyCode::Up);
const PGUP: Key = Key::new(KeyCode::PageUp);
const PGDN: Key = Key::new(KeyCode::PageDown);
const HOME: Key = Key::new(KeyCode::Home);
const END: Key = Key::new(KeyCode::End);

/// The recurring problems' places, each on a line of its own in the weekly figures.
const PLACES: [&str; 4] = ["3-2-1201", "5号楼2单元电梯", "6-2-801", "1-1-101"];

fn repair(category: RepairCategory) -> Details {
    Details::Repair(RepairDetails {
        category,
        appointment: None,
        warranty: false,
    })
}

/// The night's fixture and, earlier in the week (Monday 23rd and Tuesday 24th), the same burst
/// pipe in 3-2-1201 three times more, the lift stuck twice at one place, a noise complaint from
/// 6-2-801 twice, a power cut in 1-1-101 twice: four recurring problems.
fn recurring_week(lang: Lang) -> Fixture {
    let mut f = Fixture::night(lang);
    let d = |day: u32, hm: &str| at(&format!("2026-11-{day}T{hm}:00+08:00"));
    for (day, hm) in [(23, "09:00"), (23, "15:00"), (24, "10:30")] {
        let water = repair(RepairCategory::WaterFault);
        let summary = "厨房水管漏水";
        f.add(
            d(day, hm),
            water,
            summary,
            Some("3-2-1201"),
            None,
            None,
            None,
        );
    }
    for (day, hm) in [(23, "11:00"), (24, "12:00")] {
        let lift = repair(RepairCategory::ElevatorEntrapment);
        f.add(
            d(day, hm),
            lift,
            "电梯困人",
            None,
            Some("5号楼2单元电梯"),
            None,
            None,
        );
    }
    for (day, hm) in [(23, "20:00"), (24, "21:00")] {
        let complaint = Details::Call(CallDetails {
            call_kind: CallKind::Complaint,
            channel: Channel::Phone,
            class: None,
        });
        let noise = "楼下商铺噪音扰民";
        f.add(
            d(day, hm),
            complaint,
            noise,
            Some("6-2-801"),
            None,
            None,
            Some("周女士"),
        );
    }
    for (day, hm) in [(23, "08:00"), (24, "08:30")] {
        let power = repair(RepairCategory::PowerFault);
        f.add(
            d(day, hm),
            power,
            "家里停电跳闸",
            Some("1-1-101"),
            Some("1号楼"),
            None,
            None,
        );
    }
    f
}

fn week(f: &mut Fixture) -> App {
    let mut app = f.app();
    f.press(&mut app, &[CTRL_T, Key::ch('w')]);
    app
}

fn scroll(app: &App) -> usize {
    app.reviews.as_ref().unwrap().scroll
}

/// The row over the status bar at 80×24: the body's last.
fn hint_row(buffer: &ratatui::buffer::Buffer) -> String {
    text(buffer).lines().nth(22).unwrap().to_string()
}

/// Press a key, then draw as the desk does after each key.
fn press_drawn(f: &mut Fixture, app: &mut App, key: Key, w: u16, h: u16) -> String {
    f.press(app, &[key]);
    text(&frame(app, w, h))
}

#[test]
fn at_80x24_every_row_of_a_week_is_reached_by_scrolling() {
    for lang in [Lang::En, Lang::Zh] {
        let mut f = recurring_week(lang);
        let mut app = week(&mut f);
        let first = frame(&app, 80, 24);
        let (last, page) = app.reviews.as_ref().unwrap().view.get();
        // The body is 20 rows under the title: 19 of the canvas and the hint.
        assert_eq!(page, 19, "{lang:?}");
        assert!(last > 0, "{lang:?}: it all fits?\n{}", text(&first));
        let below = match lang {
            Lang::En => format!("… {last} more lines below: Down, PgDn, End"),
            Lang::Zh => format!("… 下方还有 {last} 行: Down、PgDn、End 向下"),
        };
        assert_eq!(hint_row(&first).trim_end(), below);
        // The last recurring problem is below the fold.
        assert!(!text(&first).contains("1-1-101"), "{}", text(&first));

        // Line by line to the end: every place shows on the way, and Down stops there.
        let mut seen: BTreeSet<String> = text(&first).lines().map(String::from).collect();
        for _ in 0..last + 3 {
            seen.extend(
                press_drawn(&mut f, &mut app, DOWN, 80, 24)
                    .lines()
                    .map(String::from),
            );
        }
        assert_eq!(scroll(&app), last);
        let all = seen.into_iter().collect::<Vec<_>>().join("\n");
        for place in PLACES {
            assert!(all.contains(place), "{lang:?}: {place} never shown\n{all}");
        }
        let end = frame(&app, 80, 24);
        let above = match lang {
            Lang::En => format!("… {last} lines above: Up, PgUp, Home"),
            Lang::Zh => format!("… 上方还有 {last} 行: Up、PgUp、Home 向上"),
        };
        assert_eq!(hint_row(&end).trim_end(), above);

        // A page is the page less one row kept in sight; Home and End go to the ends.
        press_drawn(&mut f, &mut app, HOME, 80, 24);
        assert_eq!(scroll(&app), 0);
        press_drawn(&mut f, &mut app, UP, 80, 24);
        assert_eq!(scroll(&app), 0, "Up at the top stays there");
        press_drawn(&mut f, &mut app, PGDN, 80, 24);
        assert_eq!(scroll(&app), (page - 1).min(last));
        press_drawn(&mut f, &mut app, END, 80, 24);
        assert_eq!(scroll(&app), last);
        press_drawn(&mut f, &mut app, PGUP, 80, 24);
        assert_eq!(scroll(&app), last.saturating_sub(page - 1));
        // `j` / `k`, `G` / `g` as in the compiled handover.
        press_drawn(&mut f, &mut app, Key::ch('G'), 80, 24);
        assert_eq!(scroll(&app), last);
        press_drawn(&mut f, &mut app, Key::ch('k'), 80, 24);
        assert_eq!(scroll(&app), last - 1);
        // Another period starts at its top.
        press_drawn(&mut f, &mut app, Key::ch('m'), 80, 24);
        assert_eq!(scroll(&app), 0);
        assert!(app.reviews.is_some());
    }
}

#[test]
fn at_120x36_the_week_shows_whole_and_does_not_scroll() {
    for lang in [Lang::En, Lang::Zh] {
        let mut f = recurring_week(lang);
        let mut app = week(&mut f);
        let screen = text(&frame(&app, 120, 36));
        for place in PLACES {
            assert!(screen.contains(place), "{lang:?}: {place}\n{screen}");
        }
        assert!(!screen.contains("…  "), "{screen}");
        assert!(!screen.contains("PgDn"), "{screen}");
        assert_eq!(app.reviews.as_ref().unwrap().view.get().0, 0);
        for key in [DOWN, PGDN, END] {
            press_drawn(&mut f, &mut app, key, 120, 36);
            assert_eq!(scroll(&app), 0, "{key:?}");
        }
    }
}

/// The whole screen with styles: 80×24 at the top and at the end, and 120×36.
#[test]
fn the_week_with_recurring_problems_on_both_screens() {
    for lang in [Lang::En, Lang::Zh] {
        let name = match lang {
            Lang::En => "en",
            Lang::Zh => "zh",
        };
        let mut f = recurring_week(lang);
        let mut app = week(&mut f);
        insta::assert_snapshot!(
            format!("reviews_week_{name}_80x24_top"),
            styled(&frame(&app, 80, 24))
        );
        f.press(&mut app, &[END]);
        insta::assert_snapshot!(
            format!("reviews_week_{name}_80x24_end"),
            styled(&frame(&app, 80, 24))
        );
        f.press(&mut app, &[HOME]);
        insta::assert_snapshot!(
            format!("reviews_week_{name}_120x36"),
            styled(&frame(&app, 120, 36))
        );
    }
}

/// The help opened from the reviews names the scrolling keys, in both languages.
#[test]
fn the_reviews_help_names_the_scrolling_keys() {
    for (lang, words) in [
        (
            Lang::En,
            [
                "Reviews: scroll down a line",
                "Reviews: scroll a page down",
                "Reviews: to the end",
            ],
        ),
        (
            Lang::Zh,
            ["报表: 向下滚动一行", "报表: 向下翻页", "报表: 到结尾"],
        ),
    ] {
        let mut f = recurring_week(lang);
        let mut app = week(&mut f);
        f.press(&mut app, &[Key::f(1)]);
        let screen = text(&frame(&app, 120, 60));
        for w in words {
            let row = screen.lines().find(|l| l.contains(w));
            assert!(row.is_some(), "{lang:?}: {w}\n{screen}");
        }
        let down = screen.lines().find(|l| l.contains(words[0])).unwrap();
        assert!(down.contains("Down") && down.contains('j'), "{down}");
        let page = screen.lines().find(|l| l.contains(words[1])).unwrap();
        assert!(page.contains("PgDn"), "{page}");
    }
}
