//! Repeats that are really repeats (issue 13 §4): the same place and the same problem within
//! the repeat window, linked from both ends, and an old file's repeats worked out again.

mod common;

use common::{Desk, deadline};
use serde_json::{Value, json};

const NOW: &str = "2026-11-26T10:00:00+08:00";

fn repair(
    d: &Desk,
    category: &str,
    room: Option<&str>,
    location: &str,
    summary: &str,
    at: &str,
) -> String {
    let mut args = vec![
        "repair",
        "--category",
        category,
        "--location",
        location,
        "--summary",
        summary,
        "--at",
        at,
    ];
    if let Some(room) = room {
        args.extend(["--room", room]);
    }
    d.add(&args)
}

fn complaint(d: &Desk, channel: &str, room: &str, summary: &str, at: &str) -> String {
    d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        channel,
        "--room",
        room,
        "--summary",
        summary,
        "--name",
        "赵女士",
        "--at",
        at,
    ])
}

fn links(r: &Value) -> Value {
    r["links"].clone()
}

#[test]
fn same_room_different_problem_is_not_a_repeat() {
    let d = Desk::new(NOW);
    let tap = repair(
        &d,
        "general",
        Some("3-2-1201"),
        "卫生间",
        "水龙头滴水",
        "2026-11-20T09:00:00+08:00",
    );
    let handle = repair(
        &d,
        "general",
        Some("3-2-1201"),
        "卧室",
        "门把手松动",
        "2026-11-25T09:00:00+08:00",
    );
    let r = d.show(&handle);
    assert_eq!(
        (&r["repeat"], links(&r)),
        (&json!(false), json!([])),
        "{r:#}"
    );
    assert_eq!(links(&d.show(&tap)), json!([]));
    // The same fault again: a repeat of the first, not of the door handle.
    let again = repair(
        &d,
        "general",
        Some("3-2-1201"),
        "卫生间",
        "水龙头又滴水了",
        "2026-11-26T09:00:00+08:00",
    );
    assert_eq!(d.show(&again)["repeat_of"], tap.as_str());
}

#[test]
fn same_problem_different_room_is_not_a_repeat() {
    let d = Desk::new(NOW);
    repair(
        &d,
        "general",
        Some("3-2-1201"),
        "卫生间",
        "水龙头滴水",
        "2026-11-20T09:00:00+08:00",
    );
    let other = repair(
        &d,
        "general",
        Some("3-2-1202"),
        "卫生间",
        "水龙头滴水",
        "2026-11-25T09:00:00+08:00",
    );
    assert_eq!(d.show(&other)["repeat"], false);
}

#[test]
fn a_minute_outside_the_window_is_not_a_repeat() {
    let d = Desk::new(NOW);
    let first = repair(
        &d,
        "general",
        Some("3-2-1201"),
        "厨房",
        "下水道堵塞",
        "2026-10-27T09:00:00+08:00",
    );
    // 30 days and a minute later: outside; exactly 30 days: inside.
    let late = repair(
        &d,
        "general",
        Some("3-2-1201"),
        "厨房",
        "下水道又堵塞",
        "2026-11-26T09:01:00+08:00",
    );
    assert_eq!(d.show(&late)["repeat"], false);
    let d = Desk::new(NOW);
    let first_again = repair(
        &d,
        "general",
        Some("3-2-1201"),
        "厨房",
        "下水道堵塞",
        "2026-10-27T09:00:00+08:00",
    );
    assert_eq!(first, first_again);
    let on_time = repair(
        &d,
        "general",
        Some("3-2-1201"),
        "厨房",
        "下水道又堵塞",
        "2026-11-26T09:00:00+08:00",
    );
    assert_eq!(d.show(&on_time)["repeat_of"], first_again.as_str());
}

#[test]
fn two_entrapments_in_one_lift_are_linked_from_both_ends() {
    let d = Desk::new(NOW);
    let first = repair(
        &d,
        "elevator_entrapment",
        None,
        "3号楼 2号电梯",
        "电梯困人, 一人",
        "2026-11-25T22:00:00+08:00",
    );
    // The same lift spelled with full-width digits and no space; other words.
    let second = repair(
        &d,
        "elevator_entrapment",
        None,
        "３号楼２号电梯",
        "又有人被困",
        "2026-11-26T08:00:00+08:00",
    );
    // Another lift: not a repeat.
    let other = repair(
        &d,
        "elevator_entrapment",
        None,
        "3号楼 1号电梯",
        "电梯困人",
        "2026-11-26T08:30:00+08:00",
    );
    let later = d.show(&second);
    assert_eq!(later["repeat"], true, "{later:#}");
    assert_eq!(links(&later), json!([{"rel": "repeat_of", "id": first}]));
    let earlier = d.show(&first);
    assert_eq!(earlier["repeat"], false);
    assert_eq!(
        links(&earlier),
        json!([{"rel": "repeated_by", "id": second}])
    );
    assert_eq!(d.show(&other)["repeat"], false);
    // The list carries the same links.
    let list = d.json(&["list", "--limit", "0"]);
    let of = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} listed"))
    };
    assert_eq!(links(&of(&first)), links(&earlier));
    assert_eq!(links(&of(&second)), links(&later));
    assert_eq!(of(&second)["repeat"], true);
    // show names both ends in words, and the list marks the repeat (the desk at 80 columns:
    // tests/tui_repeats.rs).
    let text = d.ok(&["show", &first]);
    assert!(text.contains(&format!("Repeated by   {second}")), "{text}");
    let text = d.ok(&["show", &second]);
    assert!(text.contains(&format!("Repeat of     {first}")), "{text}");
    let listed = d.ok(&["list"]);
    let line = listed
        .lines()
        .find(|l| l.contains(&second))
        .expect("listed");
    assert!(line.contains("[repeat]"), "{listed}");
}

#[test]
fn a_complaint_repeats_by_its_words_and_other_calls_do_not() {
    let d = Desk::new(NOW);
    let first = complaint(
        &d,
        "phone",
        "5-1-0302",
        "楼下餐馆油烟扰民",
        "2026-11-20T09:00:00+08:00",
    );
    let noise = complaint(
        &d,
        "phone",
        "5-1-0302",
        "晚上装修噪音",
        "2026-11-24T09:00:00+08:00",
    );
    assert_eq!(d.show(&noise)["repeat"], false);
    // By letter, the same fumes: a repeat, and still answered the same day.
    let letter = complaint(
        &d,
        "letter",
        "5-1-0302",
        "来信: 餐馆油烟还是很大",
        "2026-11-26T09:00:00+08:00",
    );
    let r = d.show(&letter);
    assert_eq!(r["repeat_of"], first.as_str(), "{r:#}");
    assert_eq!(deadline(&r, "first_reply").0, "2026-11-27T00:00:00+08:00");
    assert_eq!(deadline(&r, "written_reply").0, "2026-11-28T00:00:00+08:00");
    // A consultation about the same thing is not a repeat.
    let asked = d.add(&[
        "call",
        "--kind",
        "consultation",
        "--channel",
        "phone",
        "--room",
        "5-1-0302",
        "--summary",
        "餐馆油烟什么时候处理",
        "--at",
        "2026-11-26T09:30:00+08:00",
    ]);
    assert_eq!(d.show(&asked)["repeat"], false);
}

/// A file whose repeats were decided by the rule before (same room, kind and category): verify
/// accepts them loosely, the first write works them out again under today's rule, and verify
/// compares them exactly from then on.
#[test]
fn an_old_file_upgrades_its_repeats() {
    let d = Desk::new(NOW);
    let tap = repair(
        &d,
        "general",
        Some("3-2-1201"),
        "卫生间",
        "水龙头滴水",
        "2026-11-20T09:00:00+08:00",
    );
    let handle = repair(
        &d,
        "general",
        Some("3-2-1201"),
        "卧室",
        "门把手松动",
        "2026-11-25T09:00:00+08:00",
    );
    let lift1 = repair(
        &d,
        "elevator_entrapment",
        None,
        "3号楼电梯",
        "困人",
        "2026-11-25T22:00:00+08:00",
    );
    let lift2 = repair(
        &d,
        "elevator_entrapment",
        None,
        "3号楼电梯",
        "困人",
        "2026-11-26T08:00:00+08:00",
    );
    // As schema 6 left it: the old rule's repeat, no rule noted, no new indexes.
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute_batch(&format!(
        "UPDATE records SET repeat_of = '{tap}' WHERE id = '{handle}';
         UPDATE records SET repeat_of = NULL WHERE id = '{lift2}';
         DELETE FROM meta WHERE key = 'repeat_rule';
         DROP INDEX records_repeated; DROP INDEX records_place;
         PRAGMA user_version = 6;"
    ))
    .unwrap();
    drop(conn);
    let v = d.json(&["verify"]);
    assert_eq!(
        (&v["ok"], &v["repeats_compared"]),
        (&json!(true), &json!(false)),
        "{v:#}"
    );
    // The first write: the old repeat is gone, the lift's is found.
    d.add(&["log", "--summary", "升级后第一条"]);
    assert_eq!(d.show(&handle)["repeat"], false);
    assert_eq!(links(&d.show(&tap)), json!([]));
    assert_eq!(d.show(&lift2)["repeat_of"], lift1.as_str());
    let v = d.json(&["verify"]);
    assert_eq!(
        (&v["ok"], &v["repeats_compared"]),
        (&json!(true), &json!(true)),
        "{v:#}"
    );
    // Compared exactly now: the old rule's link planted again is named.
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute(
        "UPDATE records SET repeat_of = ?1 WHERE id = ?2",
        [tap.as_str(), handle.as_str()],
    )
    .unwrap();
    drop(conn);
    let run = d.run(&["verify", "--json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let v = run.json();
    assert_eq!(v["record_mismatch"]["record"], handle.as_str(), "{v:#}");
    assert_eq!(v["record_mismatch"]["field"], "repeat_of");
    // repair-index puts it right.
    d.ok(&["repair-index"]);
    assert_eq!(d.show(&handle)["repeat"], false);
    assert_eq!(d.json(&["verify"])["ok"], true);
}

/// `verify` compares every `repeat_of` with the rule worked out from the places and the words
/// it keeps while it reads the records' history: a link hidden or planted is named, whether
/// the place is a room or a public location, and whether the words or the category decide.
#[test]
fn verify_names_a_repeat_hidden_or_planted_by_place_and_words() {
    let d = Desk::new(NOW);
    let day = |n: u32| format!("2026-11-{n:02}T09:00:00+08:00");
    let at = |loc: &str, summary: &str, n: u32| repair(&d, "general", None, loc, summary, &day(n));
    let lamp = at("3号楼 电梯厅", "灯不亮", 20);
    let lamp2 = at("３号楼电梯厅", "灯又不亮了", 21);
    let elsewhere = at("5号楼 大堂", "灯不亮", 22);
    let door = at("3号楼电梯厅", "门禁刷不开", 23);
    let power = |loc: &str, n: u32| repair(&d, "power_fault", None, loc, "停电", &day(n));
    let (power1, power2) = (power("2号楼 地下室", 20), power("2号楼地下室", 24));
    let room =
        |summary: &str, n: u32| repair(&d, "general", Some("3-2-1201"), "卫生间", summary, &day(n));
    let (tap, handle, tap2) = (
        room("水龙头滴水", 20),
        room("门把手松动", 22),
        room("水龙头又滴水", 24),
    );
    let repeat_of = |id: &str| d.show(id)["repeat_of"].clone();
    assert_eq!(repeat_of(&lamp2), lamp.as_str());
    assert_eq!(repeat_of(&power2), power1.as_str());
    assert_eq!(repeat_of(&tap2), tap.as_str());
    for id in [&elsewhere, &door, &handle] {
        assert_eq!(repeat_of(id), Value::Null, "{id}");
    }
    assert_eq!(d.json(&["verify"])["ok"], true);
    let planted = [
        (&lamp2, "NULL".to_string()),
        (&power2, "NULL".to_string()),
        (&tap2, "NULL".to_string()),
        (&tap2, format!("'{handle}'")),
        (&elsewhere, format!("'{lamp}'")),
        (&door, format!("'{lamp2}'")),
        (&handle, format!("'{tap}'")),
    ];
    for (id, value) in planted {
        let conn = rusqlite::Connection::open(&d.db).unwrap();
        let set = |v: &str| {
            conn.execute_batch(&format!(
                "UPDATE records SET repeat_of = {v} WHERE id = '{id}'"
            ))
            .unwrap()
        };
        let was = match repeat_of(id) {
            Value::String(s) => format!("'{s}'"),
            _ => "NULL".to_string(),
        };
        set(&value);
        let run = d.run(&["verify", "--json"]);
        assert_eq!(run.code, 1, "{id} = {value}: {}", run.stdout);
        let v = run.json();
        assert_eq!(v["record_mismatch"]["record"], id.as_str(), "{v:#}");
        assert_eq!(v["record_mismatch"]["field"], "repeat_of", "{v:#}");
        set(&was);
    }
    assert_eq!(d.json(&["verify"])["ok"], true);
}
