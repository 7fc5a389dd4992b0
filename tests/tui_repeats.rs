//! A repeat on the desk at 80×24: the list marks it, the detail shows the chain from both ends.

mod tui_common;

use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use tui_common::*;

#[test]
fn a_repeat_is_marked_in_the_list_and_chained_in_the_detail() {
    for (lang, mark, of, by) in [
        (Lang::En, "[repeat]", "repeat of", "repeated by"),
        (Lang::Zh, "[重复]", "重复报事, 见", "此后重复, 见"),
    ] {
        let mut f = Fixture::empty(lang);
        let lift = |_: ()| {
            Details::Repair(RepairDetails {
                category: RepairCategory::ElevatorEntrapment,
                appointment: None,
                warranty: false,
            })
        };
        let t = |hm: &str| at(&format!("2026-11-25T{hm}:00+08:00"));
        let first = f.add(
            t("01:00"),
            lift(()),
            "电梯困人",
            None,
            Some("3号楼 电梯"),
            None,
            None,
        );
        let again = f.add(
            t("02:00"),
            lift(()),
            "又有人被困",
            None,
            Some("３号楼电梯"),
            None,
            None,
        );
        let mut app = f.app();
        f.press(&mut app, &[dutydesk::app::keys::Key::ch('3')]);
        // The earlier one is selected (overdue longer): the list marks the later one, and the
        // detail below names it.
        let screen = frame(&app, 80, 24);
        let (_, row) = row_with(&screen, &again.to_string()).expect("the repeat is listed");
        assert!(row.contains(mark), "{lang:?}: {}", text(&screen));
        let (_, row) = row_with(&screen, &first.to_string()).expect("the first is listed");
        assert!(!row.contains(mark), "{}", text(&screen));
        let shown = text(&screen);
        assert!(shown.contains(&format!("{by} {again}")), "{shown}");
        // The later one's detail names the earlier.
        f.press(&mut app, &[DOWN]);
        let shown = text(&frame(&app, 80, 24));
        assert!(shown.contains(&format!("{of} {first}")), "{shown}");
    }
}
