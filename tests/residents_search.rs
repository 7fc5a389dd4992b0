//! Search over households: `dutydesk search` and the desk's search (`s`) also find the
//! households of the residents directory — by name, pinyin initials, room, phone or its last 4
//! digits — marked as households and masked; the JSON stays a list of records.

mod common;
mod tui_common;

use common::Desk;
use dutydesk::app::keys::Key;
use dutydesk::domain::residents::Household;
use dutydesk::i18n::Lang;
use dutydesk::progress::Progress;
use dutydesk::store::residents::HouseholdWrite;
use tui_common::*;

const NOW: &str = "2026-11-27T03:00:00+08:00";
const PHONE: &str = "13800138000";

#[test]
fn search_lists_the_households_it_finds_masked_after_the_records() {
    let d = Desk::new(NOW);
    d.ok(&[
        "residents",
        "add",
        "3-2-1201",
        "--owner",
        "王小明",
        "--phone",
        PHONE,
    ]);
    d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--summary",
        "楼上漏水",
        "--room",
        "3-2-1201",
        "--name",
        "王小明",
    ]);
    for text in ["wxm", "王小明", "3-2-1201", "8000", PHONE] {
        let out = d.ok(&["search", text]);
        let at = out
            .find("Households in the residents directory (masked):")
            .unwrap_or_else(|| panic!("{text}: no households in {out}"));
        assert!(
            out[at..].contains("  3-2-1201  王小明  138****8000"),
            "{text}: {out}"
        );
        assert!(!out.contains(PHONE), "{text}: the phone whole in {out}");
    }
    // Records still come first and the JSON is a list of records only.
    let out = d.ok(&["search", "王小明"]);
    assert!(
        out.find("C-2026-").unwrap() < out.find("Households").unwrap(),
        "{out}"
    );
    let json = d.json(&["search", "王小明"]);
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["kind"], "call");
    // Nothing found in the directory: nothing said of it.
    let out = d.ok(&["search", "漏水"]);
    assert!(!out.contains("Households"), "{out}");
}

#[test]
fn the_desk_search_shows_households_marked_and_masked() {
    let mut f = Fixture::empty(Lang::Zh);
    let h = Household {
        room: "3-2-1201".into(),
        owner: Some("王小明".into()),
        phones: vec![PHONE.into()],
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
    f.press(&mut app, &[Key::ch('s')]);
    f.type_text(&mut app, "wxm");
    let search = app.search.as_ref().expect("the search is open");
    assert_eq!(search.households.len(), 1);
    let screen = text(&frame(&app, 80, 24));
    assert!(
        screen.contains("⌂ 住户 3-2-1201 王小明 138****8000"),
        "{screen}"
    );
    assert!(!screen.contains(PHONE), "{screen}");
}
