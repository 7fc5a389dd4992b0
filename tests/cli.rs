//! The built binary against temporary databases: add -> act -> show / list / search as JSON,
//! the clock, bad input (exit 2, one line naming the field, nothing written), files that must be
//! refused, read-only mode, the calendar and the demo.

mod common;

use common::*;
use serde_json::{Value, json};
use std::os::unix::fs::PermissionsExt;

const NOW: &str = "2026-11-25T03:00:00+08:00";

fn desk() -> Desk {
    Desk::new(NOW)
}

fn statuses(records: &Value) -> Vec<String> {
    records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_string())
        .collect()
}

fn timeline_actions(record: &Value) -> Vec<String> {
    record["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------- the round trip

#[test]
fn a_repair_from_the_call_to_the_callback() {
    let mut d = desk();
    let id = d.add(&[
        "repair",
        "--category",
        "elevator_entrapment",
        "--location",
        "5号楼2单元电梯",
        "--summary",
        "电梯停在12楼, 2人被困",
        "--phone",
        "138-0013 8000",
        "--reporter",
        "李先生",
        "--at",
        "02:50",
    ]);
    assert_eq!(id, "R-2026-00001");
    let r = d.show(&id);
    assert_eq!(r["id"], "R-2026-00001");
    assert_eq!(r["kind"], "repair");
    assert_eq!(r["status"], "received");
    assert_eq!(r["category"], "elevator_entrapment");
    assert_eq!(r["urgent"], true);
    assert_eq!(r["created_at"], "2026-11-25T02:50:00+08:00");
    assert_eq!(r["written_at"], NOW);
    assert_eq!(r["created_by"], "王值班");
    assert_eq!(r["phone"], "13800138000");
    assert_eq!(r["name"], "李先生");
    assert_eq!(r["room"], Value::Null);
    assert_eq!(r["voided"], false);
    assert_eq!(r["repeat"], false);
    assert_eq!(deadline_names(&r), ["dispatch", "arrival", "resolution"]);
    assert_eq!(
        deadline(&r, "dispatch"),
        ("2026-11-25T02:57:00+08:00".into(), "overdue".into())
    );
    assert_eq!(
        deadline(&r, "arrival"),
        ("2026-11-25T03:05:00+08:00".into(), "ok".into())
    );
    assert_eq!(
        deadline(&r, "resolution"),
        ("2026-11-26T02:50:00+08:00".into(), "ok".into())
    );
    assert_eq!(r["urgency"], "overdue");

    // Ids are accepted in any case.
    assert_eq!(
        d.ok(&["act", "r-2026-00001", "dispatch", "--to", "张师傅"])
            .trim(),
        "R-2026-00001 dispatched"
    );
    let r = d.show("r-2026-00001");
    assert_eq!(r["status"], "dispatched");
    assert_eq!(r["assignee"], "张师傅");
    assert_eq!(deadline(&r, "dispatch").1, "missed");
    assert_eq!(r["urgency"], "ok");

    d.set_now("2026-11-25T03:04:00+08:00");
    assert_eq!(d.show(&id)["urgency"], "soon", "arrival soon from 03:01:15");
    d.ok(&["act", &id, "arrive"]);
    d.ok(&["act", &id, "assess", "--difficulty", "difficult"]);
    let r = d.show(&id);
    assert_eq!(r["status"], "on_site");
    assert_eq!(r["difficulty"], "difficult");
    assert_eq!(deadline(&r, "arrival").1, "met");
    assert_eq!(
        deadline(&r, "resolution").0,
        "2026-11-27T02:50:00+08:00",
        "difficult: 48 h"
    );

    d.set_now("2026-11-25T16:00:00+08:00");
    d.ok(&["act", &id, "resolve", "--fee", "0"]);
    let r = d.show(&id);
    assert_eq!(r["status"], "resolved");
    assert_eq!(r["fee"], "0");
    assert_eq!(deadline(&r, "resolution").1, "met");
    assert_eq!(
        deadline(&r, "callback"),
        ("2026-11-28T16:00:00+08:00".into(), "ok".into())
    );

    d.set_now("2026-11-27T10:00:00+08:00");
    d.ok(&[
        "act",
        &id,
        "callback",
        "--form",
        "visit",
        "--satisfaction",
        "satisfied",
    ]);
    let r = d.show(&id);
    assert_eq!(r["status"], "closed");
    assert_eq!(r["urgency"], "none");
    assert_eq!(r["callback"]["form"], "visit");
    assert_eq!(r["callback"]["satisfaction"], "satisfied");
    assert_eq!(
        timeline_actions(&r),
        [
            "create", "dispatch", "arrive", "assess", "resolve", "callback"
        ]
    );
    let created = &r["timeline"][0];
    assert_eq!(created["at"], "2026-11-25T02:50:00+08:00");
    assert_eq!(created["written_at"], NOW);
    assert_eq!(created["operator"], "王值班");

    let list = d.json(&["list"]);
    assert_eq!(ids(&list), ["R-2026-00001"]);
    assert_eq!(list[0]["status"], "closed");
    for query in [
        "电梯",
        "梯",
        "困",
        "13800138000",
        "8000",
        "李先生",
        "张师傅",
    ] {
        assert_eq!(
            ids(&d.json(&["search", query])),
            ["R-2026-00001"],
            "{query}"
        );
    }
}

#[test]
fn a_letter_complaint_from_reply_to_callback() {
    let mut d = Desk::new("2026-11-27T10:00:00+08:00");
    let id = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "letter",
        "--summary",
        "来信反映楼下餐馆油烟扰民",
        "--name",
        "赵女士",
        "--room",
        "5-1-0302",
        "--phone",
        "13912345678",
        "--class",
        "important",
    ]);
    assert_eq!(id, "C-2026-00001");
    let r = d.show(&id);
    assert_eq!(r["kind"], "call");
    assert_eq!(r["call_kind"], "complaint");
    assert_eq!(r["channel"], "letter");
    assert_eq!(r["class"], "important");
    assert_eq!(r["anonymous"], false);
    assert_eq!(
        deadline_names(&r),
        ["first_reply", "written_reply", "reply"]
    );
    // Friday: the written reply is due at the end of Monday.
    assert_eq!(deadline(&r, "first_reply").0, "2026-11-28T00:00:00+08:00");
    assert_eq!(deadline(&r, "written_reply").0, "2026-12-01T00:00:00+08:00");
    assert_eq!(deadline(&r, "reply").0, "2026-12-04T10:00:00+08:00");

    d.ok(&["act", "c-2026-00001", "reply"]);
    assert_eq!(d.show(&id)["status"], "replied");
    d.set_now("2026-11-30T09:00:00+08:00");
    d.ok(&["act", &id, "reply", "--written"]);
    d.ok(&["act", &id, "classify", "--class", "minor"]);
    let r = d.show(&id);
    assert_eq!(r["class"], "minor");
    assert_eq!(deadline(&r, "first_reply").1, "met");
    assert_eq!(deadline(&r, "written_reply").1, "met");
    d.ok(&["act", &id, "resolve"]);
    let r = d.show(&id);
    assert_eq!(r["status"], "resolved");
    assert_eq!(deadline(&r, "callback").0, "2026-12-03T09:00:00+08:00");
    d.set_now("2026-12-03T09:00:01+08:00");
    assert_eq!(d.show(&id)["urgency"], "overdue");
    d.ok(&["act", &id, "callback", "--satisfaction", "neutral"]);
    let r = d.show(&id);
    assert_eq!(r["status"], "closed");
    assert_eq!(deadline(&r, "callback").1, "missed");
    assert_eq!(r["callback"]["form"], "phone", "phone is the default form");
}

#[test]
fn an_anonymous_complaint_closes_without_a_callback() {
    let d = desk();
    let id = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--summary",
        "匿名反映夜间施工噪音",
    ]);
    assert_eq!(d.show(&id)["anonymous"], true);
    d.ok(&["act", &id, "resolve"]);
    let r = d.show(&id);
    assert_eq!(r["status"], "closed");
    assert_eq!(deadline_names(&r), ["first_reply", "reply"]);
    let run = d.run(&["act", &id, "callback", "--satisfaction", "satisfied"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn deadline_states_follow_the_clock() {
    let mut d = desk();
    let id = d.add(&[
        "repair",
        "--category",
        "power_fault",
        "--location",
        "3号楼配电间",
        "--summary",
        "整栋停电",
    ]);
    // Dispatch due 03:07:00, soon from 03:05:15.
    for (now, dispatch, urgency) in [
        ("2026-11-25T03:00:00+08:00", "ok", "ok"),
        ("2026-11-25T03:05:14+08:00", "ok", "ok"),
        ("2026-11-25T03:05:15+08:00", "soon", "soon"),
        ("2026-11-25T03:06:59+08:00", "soon", "soon"),
        ("2026-11-25T03:07:00+08:00", "soon", "soon"),
        ("2026-11-25T03:07:01+08:00", "overdue", "overdue"),
    ] {
        d.set_now(now);
        let r = d.show(&id);
        assert_eq!(deadline(&r, "dispatch").1, dispatch, "at {now}");
        assert_eq!(r["urgency"], urgency, "at {now}");
    }
    // Dispatched exactly at the limit: met.
    d.set_now("2026-11-25T03:07:00+08:00");
    d.ok(&["act", &id, "dispatch", "--to", "刘师傅"]);
    assert_eq!(deadline(&d.show(&id), "dispatch").1, "met");
}

#[test]
fn a_complaint_at_23_58_is_due_at_midnight() {
    let mut d = Desk::new("2026-11-25T23:58:00+08:00");
    let id = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "visit",
        "--summary",
        "来访投诉: 楼道堆放杂物",
        "--name",
        "孙先生",
    ]);
    for (now, state) in [
        ("2026-11-25T23:58:59+08:00", "ok"),
        ("2026-11-25T23:59:00+08:00", "soon"),
        ("2026-11-26T00:00:00+08:00", "soon"),
        ("2026-11-26T00:00:01+08:00", "overdue"),
    ] {
        d.set_now(now);
        let r = d.show(&id);
        assert_eq!(
            deadline(&r, "first_reply"),
            ("2026-11-26T00:00:00+08:00".into(), state.into()),
            "at {now}"
        );
    }
    d.ok(&["act", &id, "reply", "--at", "2026-11-26T00:00:00+08:00"]);
    assert_eq!(deadline(&d.show(&id), "first_reply").1, "met");
}

#[test]
fn the_same_room_and_category_within_30_days_is_a_repeat() {
    let d = desk();
    let first = d.add(&[
        "repair",
        "--category",
        "general",
        "--location",
        "厨房",
        "--room",
        "3-2-1201",
        "--summary",
        "厨房水龙头滴水",
        "--at",
        "2026-11-10T09:00:00+08:00",
    ]);
    let run = d.run(&[
        "add",
        "repair",
        "--category",
        "general",
        "--location",
        "厨房",
        "--room",
        "3-2-1201",
        "--summary",
        "水龙头又滴水了, 二次维修",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let second = run.stdout.trim().to_string();
    assert!(
        run.stderr.contains(&first),
        "a note names the earlier record: {}",
        run.stderr
    );
    let r = d.show(&second);
    assert_eq!(r["repeat"], true);
    assert_eq!(r["repeat_of"], first.as_str());
    assert_eq!(d.show(&first)["repeat"], false);
    // Another room, another category: not a repeat.
    for (room, category) in [("3-2-1202", "general"), ("3-2-1201", "water_fault")] {
        let other = d.add(&[
            "repair",
            "--category",
            category,
            "--location",
            "厨房",
            "--room",
            room,
            "--summary",
            "漏水",
        ]);
        assert_eq!(d.show(&other)["repeat"], false, "{room} {category}");
    }
    // Calls too: the same room complaining again.
    let c1 = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--room",
        "3-2-1201",
        "--summary",
        "楼上噪音",
        "--at",
        "2026-11-01T22:00:00+08:00",
    ]);
    let c2 = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--room",
        "3-2-1201",
        "--summary",
        "楼上又有噪音",
    ]);
    assert_eq!(d.show(&c2)["repeat_of"], c1.as_str());
    // Listed with the flag.
    let list = d.json(&["list"]);
    let flagged: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["repeat"] == true)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, [c2.as_str(), second.as_str()]);
}

#[test]
fn a_voided_record_stays_findable_and_marked() {
    let d = desk();
    let id = d.add(&[
        "repair",
        "--category",
        "elevator_entrapment",
        "--location",
        "7号楼电梯",
        "--summary",
        "电梯困人 (误报)",
        "--at",
        "02:30",
    ]);
    d.ok(&["act", &id, "void", "--reason", "住户误按警铃, 登记错误"]);
    let r = d.show(&id);
    assert_eq!(r["status"], "voided");
    assert_eq!(r["voided"], true);
    assert_eq!(r["void"]["reason"], "住户误按警铃, 登记错误");
    assert_eq!(r["void"]["by"], "王值班");
    assert_eq!(r["deadlines"], json!([]));
    assert_eq!(r["urgency"], "none");
    assert_eq!(timeline_actions(&r), ["create", "void"]);
    for query in ["电梯", "误报", "警铃"] {
        let found = d.json(&["search", query]);
        assert_eq!(ids(&found), [id.as_str()], "{query}");
        assert_eq!(found[0]["voided"], true);
    }
    assert_eq!(statuses(&d.json(&["list"])), ["voided"]);
    assert!(d.json(&["list", "--open"]).as_array().unwrap().is_empty());
    assert!(
        d.json(&["list", "--overdue"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let text = d.ok(&["show", &id]);
    assert!(text.contains("VOIDED"), "{text}");
    assert!(text.contains("住户误按警铃"), "{text}");
    let zh = d.ok(&["--lang", "zh", "show", &id]);
    assert!(zh.contains("作废"), "{zh}");
    // A note may still be added; nothing else.
    d.ok(&["act", &id, "note", "已与住户确认"]);
    assert_eq!(d.run(&["act", &id, "dispatch", "--to", "张师傅"]).code, 2);
    assert_eq!(d.run(&["act", &id, "void", "--reason", "again"]).code, 2);
}

// ---------------------------------------------------------------- --at

#[test]
fn at_in_the_future_or_before_the_previous_event_is_refused() {
    let d = desk();
    let id = d.add(&[
        "repair",
        "--category",
        "general",
        "--location",
        "大堂",
        "--summary",
        "大堂灯不亮",
        "--at",
        "02:40",
    ]);
    d.ok(&["act", &id, "dispatch", "--to", "张师傅", "--at", "02:45"]);
    let before = d.state();
    for args in [
        vec![
            "add",
            "log",
            "--summary",
            "未来",
            "--at",
            "2026-11-25T03:00:01+08:00",
        ],
        vec![
            "add",
            "log",
            "--summary",
            "未来",
            "--at",
            "2026-11-26 09:00",
        ],
        vec!["act", &id, "arrive", "--at", "2026-11-25T03:00:01+08:00"],
        vec!["act", &id, "arrive", "--at", "02:44:59"],
        vec![
            "act",
            &id,
            "note",
            "早于派工",
            "--at",
            "2026-11-25T02:00:00+08:00",
        ],
    ] {
        let run = d.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("at:"), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    }
    assert_eq!(d.state(), before, "nothing written");
    // Exactly at the previous event, and exactly now, are fine; both times are kept.
    d.ok(&["act", &id, "arrive", "--at", "02:45"]);
    d.ok(&["act", &id, "resolve", "--at", NOW]);
    let r = d.show(&id);
    assert_eq!(r["arrived_at"], "2026-11-25T02:45:00+08:00");
    let arrive = &r["timeline"][2];
    assert_eq!(arrive["at"], "2026-11-25T02:45:00+08:00");
    assert_eq!(arrive["written_at"], NOW);
}

// ---------------------------------------------------------------- bad input

/// A desk with a repair (received), a complaint, a log entry and an on-site repair.
fn populated() -> Desk {
    let d = desk();
    d.add(&[
        "repair",
        "--category",
        "water_fault",
        "--location",
        "3号楼",
        "--room",
        "3-2-1201",
        "--summary",
        "厨房水管爆裂",
        "--at",
        "02:50",
    ]);
    d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--summary",
        "物业费收费不透明",
        "--name",
        "钱先生",
        "--phone",
        "13700001111",
        "--at",
        "02:30",
    ]);
    d.add(&[
        "log",
        "--category",
        "patrol",
        "--summary",
        "巡查1号楼楼梯间, 正常",
    ]);
    d.add(&[
        "repair",
        "--category",
        "general",
        "--location",
        "地库",
        "--summary",
        "地库B区灯不亮",
        "--at",
        "01:00",
    ]);
    d.ok(&[
        "act",
        "R-2026-00002",
        "dispatch",
        "--to",
        "张师傅",
        "--at",
        "01:05",
    ]);
    d.ok(&["act", "R-2026-00002", "arrive", "--at", "01:15"]);
    d
}

#[test]
fn every_bad_input_exits_2_with_one_line_naming_the_field_and_writes_nothing() {
    let d = populated();
    let long = "长".repeat(4001);
    let long_name = "名".repeat(201);
    let cases: Vec<(Vec<&str>, &[&str])> = vec![
        // Unknown slugs: the message names the flag and the allowed values.
        (
            vec![
                "add",
                "call",
                "--kind",
                "gossip",
                "--channel",
                "phone",
                "--summary",
                "x",
            ],
            &[
                "kind",
                "gossip",
                "consultation, complaint, repair, help, suggestion",
            ],
        ),
        (
            vec![
                "add",
                "call",
                "--kind",
                "complaint",
                "--channel",
                "pigeon",
                "--summary",
                "x",
            ],
            &["channel", "pigeon", "phone, visit, letter, fax, online"],
        ),
        (
            vec![
                "add",
                "call",
                "--kind",
                "complaint",
                "--channel",
                "phone",
                "--summary",
                "x",
                "--class",
                "huge",
            ],
            &["class", "huge", "minor, important, major"],
        ),
        (
            vec![
                "add",
                "repair",
                "--category",
                "broken",
                "--location",
                "x",
                "--summary",
                "x",
            ],
            &["category", "broken", "elevator_entrapment", "general, paid"],
        ),
        (
            vec!["add", "log", "--category", "gossip", "--summary", "x"],
            &["category", "gossip", "patrol"],
        ),
        (
            vec!["act", "R-2026-00002", "assess", "--difficulty", "hard"],
            &["difficulty", "simple, difficult, major"],
        ),
        (
            vec!["act", "C-2026-00001", "classify", "--class", "severe"],
            &["class", "minor, important, major"],
        ),
        (
            vec![
                "act",
                "R-2026-00002",
                "callback",
                "--form",
                "email",
                "--satisfaction",
                "satisfied",
            ],
            &["form", "phone, visit, letter"],
        ),
        (
            vec!["act", "R-2026-00002", "callback", "--satisfaction", "happy"],
            &["satisfaction", "satisfied, neutral, unsatisfied, no_answer"],
        ),
        (vec!["list", "gossip"], &["kind"]),
        // Empty text.
        (vec!["add", "log", "--summary", ""], &["summary"]),
        (vec!["add", "log", "--summary", "  \t "], &["summary"]),
        (
            vec![
                "add",
                "repair",
                "--category",
                "general",
                "--location",
                " ",
                "--summary",
                "x",
            ],
            &["location"],
        ),
        (
            vec!["act", "R-2026-00001", "void", "--reason", ""],
            &["reason"],
        ),
        (vec!["act", "R-2026-00001", "note", ""], &["note"]),
        (vec!["act", "R-2026-00001", "dispatch", "--to", ""], &["to"]),
        (
            vec!["--operator", " ", "add", "log", "--summary", "x"],
            &["operator"],
        ),
        // Malformed times.
        (
            vec!["add", "log", "--summary", "x", "--at", "yesterday"],
            &["at"],
        ),
        (
            vec!["add", "log", "--summary", "x", "--at", "2026-02-30 10:00"],
            &["at"],
        ),
        (
            vec!["act", "R-2026-00001", "note", "x", "--at", "25:00"],
            &["at"],
        ),
        (
            vec![
                "add",
                "repair",
                "--category",
                "paid",
                "--location",
                "x",
                "--room",
                "3-2-1201",
                "--summary",
                "x",
                "--appointment",
                "soon",
            ],
            &["appointment"],
        ),
        (vec!["list", "--since", "last week"], &["since"]),
        // Ids that do not exist or are not ids.
        (vec!["show", "R-2026-09999"], &["R-2026-09999"]),
        (vec!["act", "R-2026-09999", "note", "x"], &["R-2026-09999"]),
        (vec!["act", "C-2025-00001", "reply"], &["C-2025-00001"]),
        (vec!["show", "nonsense"], &["nonsense", "id"]),
        (vec!["act", "R2026-1", "arrive"], &["R2026-1", "id"]),
        // Actions that do not fit the record's state.
        (
            vec!["act", "R-2026-00001", "arrive"],
            &["arrive", "received"],
        ),
        (
            vec!["act", "R-2026-00001", "resolve"],
            &["resolve", "received"],
        ),
        (vec!["act", "R-2026-00001", "reply"], &["reply", "repair"]),
        (
            vec!["act", "R-2026-00001", "classify", "--class", "minor"],
            &["classify"],
        ),
        (
            vec![
                "act",
                "R-2026-00002",
                "callback",
                "--satisfaction",
                "satisfied",
            ],
            &["callback", "on_site"],
        ),
        (
            vec!["act", "C-2026-00001", "dispatch", "--to", "张师傅"],
            &["dispatch", "call"],
        ),
        (
            vec!["act", "C-2026-00001", "resolve", "--fee", "50"],
            &["fee"],
        ),
        (vec!["act", "L-2026-00001", "resolve"], &["resolve", "log"]),
        (vec!["act", "L-2026-00001", "reply"], &["reply", "log"]),
        // Fields that do not belong.
        (
            vec![
                "add",
                "call",
                "--kind",
                "consultation",
                "--channel",
                "phone",
                "--summary",
                "x",
                "--class",
                "minor",
            ],
            &["class"],
        ),
        (
            vec![
                "add",
                "repair",
                "--category",
                "general",
                "--location",
                "x",
                "--summary",
                "x",
                "--appointment",
                "14:00",
            ],
            &["appointment"],
        ),
        (
            vec![
                "add",
                "repair",
                "--category",
                "paid",
                "--location",
                "x",
                "--room",
                "3-2-1201",
                "--summary",
                "换灯泡",
            ],
            &["appointment"],
        ),
        // Rooms and phones.
        (
            vec![
                "add",
                "call",
                "--kind",
                "help",
                "--channel",
                "phone",
                "--summary",
                "x",
                "--room",
                "大堂",
            ],
            &["room"],
        ),
        (
            vec![
                "add",
                "call",
                "--kind",
                "help",
                "--channel",
                "phone",
                "--summary",
                "x",
                "--phone",
                "call me",
            ],
            &["phone"],
        ),
        (
            vec![
                "add",
                "call",
                "--kind",
                "help",
                "--channel",
                "phone",
                "--summary",
                "x",
                "--phone",
                "12",
            ],
            &["phone"],
        ),
        // Over the length limits.
        (vec!["add", "log", "--summary", &long], &["summary", "4000"]),
        (
            vec!["act", "R-2026-00001", "note", &long],
            &["note", "4000"],
        ),
        (
            vec!["act", "R-2026-00001", "void", "--reason", &long],
            &["reason", "4000"],
        ),
        (
            vec![
                "add",
                "call",
                "--kind",
                "help",
                "--channel",
                "phone",
                "--summary",
                "x",
                "--name",
                &long_name,
            ],
            &["name", "200"],
        ),
        // Control characters (newline and tab are allowed).
        (
            vec!["add", "log", "--summary", "巡查\x1b[31m正常"],
            &["summary", "U+001B"],
        ),
        (
            vec!["add", "log", "--summary", "巡查\u{7f}"],
            &["summary", "U+007F"],
        ),
        (
            vec!["add", "log", "--summary", "bidi \u{202e}cba"],
            &["summary", "U+202E"],
        ),
        (
            vec![
                "add",
                "call",
                "--kind",
                "help",
                "--channel",
                "phone",
                "--summary",
                "x",
                "--name",
                "李\x07",
            ],
            &["name", "U+0007"],
        ),
        (
            vec!["add", "log", "--summary", "x", "--location", "1号\r楼"],
            &["location", "U+000D"],
        ),
        (
            vec!["act", "R-2026-00001", "note", "\x1b]0;title\x07"],
            &["note"],
        ),
        (
            vec!["act", "R-2026-00001", "dispatch", "--to", "张\x1b"],
            &["to"],
        ),
        // Nothing to search for.
        (vec!["search", "  "], &["search"]),
    ];
    let before = d.state();
    for (args, words) in &cases {
        let run = d.run(args);
        let shown = format!(
            "{:?}",
            args.iter()
                .map(|a| a.chars().take(30).collect::<String>())
                .collect::<Vec<_>>()
        );
        assert_eq!(run.code, 2, "{shown}: exit {}\n{}", run.code, run.stderr);
        let message = run.stderr.trim_end();
        assert_eq!(message.lines().count(), 1, "{shown}: one line: {message}");
        assert!(message.starts_with("dutydesk: "), "{shown}: {message}");
        for word in *words {
            assert!(
                message.contains(word),
                "{shown}: '{word}' not in: {message}"
            );
        }
        assert!(run.stdout.is_empty(), "{shown}: {}", run.stdout);
    }
    assert_eq!(d.state(), before, "nothing was written");
}

#[test]
fn newline_and_tab_are_accepted_and_printed_on_one_line() {
    let d = desk();
    let id = d.add(&["log", "--summary", "第一行\n第二行\t完"]);
    assert_eq!(d.show(&id)["summary"], "第一行\n第二行\t完");
    let text = d.ok(&["list"]);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("第一行 第二行 完"), "{text}");
}

#[test]
fn a_malformed_clock_is_bad_input() {
    let d = desk();
    let run = d
        .command()
        .env("DUTYDESK_NOW", "tomorrow")
        .args(["list"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("DUTYDESK_NOW"), "{err}");
    assert!(!d.db.exists(), "nothing created");
}

#[test]
fn invalid_utf8_is_one_line_naming_the_field() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let d = populated();
    let before = d.state();
    let bad = OsStr::from_bytes(b"\xff\xfe\xe7\x94\xb5\xe6\xa2\xaf");
    let run = d
        .command()
        .args(["add", "log", "--summary"])
        .arg(bad)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("summary"), "{err}");
    assert_eq!(d.state(), before);
}

#[test]
fn invalid_utf8_is_refused_with_exit_2_and_nothing_written() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let d = populated();
    let before = d.state();
    for args in [
        vec![
            OsStr::new("add"),
            OsStr::new("log"),
            OsStr::new("--summary"),
            OsStr::from_bytes(b"\xff"),
        ],
        vec![
            OsStr::new("act"),
            OsStr::new("R-2026-00001"),
            OsStr::new("note"),
            OsStr::from_bytes(b"a\xc0b"),
        ],
        vec![OsStr::new("search"), OsStr::from_bytes(b"\xfe")],
    ] {
        let run = d.command().args(&args).output().unwrap();
        assert_eq!(run.status.code(), Some(2), "{args:?}");
    }
    assert_eq!(d.state(), before);
}

#[test]
fn list_kind_accepts_singular_and_plural_and_quotes_what_was_typed() {
    let d = populated();
    assert_eq!(ids(&d.json(&["list", "repairs"])).len(), 2);
    assert_eq!(ids(&d.json(&["list", "call"])).len(), 1);
    let run = d.run(&["list", "bogus"]);
    assert!(run.stderr.contains("'bogus'"), "{}", run.stderr);
    // Inspection rounds are a kind (issue 14 §2).
    assert_eq!(ids(&d.json(&["list", "inspection"])).len(), 0);
    // Release passes are (issue 14).
    for kind in ["pass", "passes"] {
        assert_eq!(ids(&d.json(&["list", kind])).len(), 0, "{kind}");
    }
}

#[test]
fn ids_with_a_reserved_prefix_are_refused_as_not_record_ids() {
    let d = populated();
    let before = d.state();
    for id in ["q-2026-00001", "Q-2026-00001"] {
        for args in [vec!["show", id], vec!["act", id, "note", "hi"]] {
            let run = d.run(&args);
            assert_eq!(run.code, 2, "{args:?}");
            assert!(
                run.stderr.contains(&format!("'{id}' is not a record id")),
                "{args:?}: {}",
                run.stderr
            );
        }
    }
    assert_eq!(d.state(), before);
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    let d = populated();
    for _ in 0..30 {
        d.add(&["log", "--summary", "巡查正常, 无异常情况"]);
    }
    let mut child = d
        .command()
        .args(["list", "--json", "--limit", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101));
}

// ---------------------------------------------------------------- list and search

/// At 03:00: A overdue (dispatch 02:57), B soon (public-area arrival 03:02, soon from 02:58:15),
/// C ok, D a log entry, E a closed consultation, F a complaint whose first reply is overdue.
fn listing() -> Desk {
    let d = desk();
    let add = |args: &[&str]| d.add(args);
    let f = add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--summary",
        "投诉保安态度",
        "--name",
        "周先生",
        "--at",
        "2026-11-24T10:00:00+08:00",
    ]);
    let e = add(&[
        "call",
        "--kind",
        "consultation",
        "--channel",
        "phone",
        "--summary",
        "咨询停车月卡",
        "--at",
        "2026-11-20T10:00:00+08:00",
    ]);
    d.ok(&["act", &e, "resolve", "--at", "2026-11-20T10:10:00+08:00"]);
    let a = add(&[
        "repair",
        "--category",
        "water_fault",
        "--location",
        "2号楼",
        "--room",
        "2-1-0601",
        "--summary",
        "水管爆裂",
        "--at",
        "02:50",
    ]);
    let b = add(&[
        "repair",
        "--category",
        "general",
        "--location",
        "1号楼大堂",
        "--summary",
        "大堂门禁失灵",
        "--at",
        "02:47",
    ]);
    let c = add(&[
        "repair",
        "--category",
        "general",
        "--location",
        "卫生间",
        "--room",
        "4-3-0903",
        "--summary",
        "马桶堵塞",
        "--at",
        "02:00",
    ]);
    let dd = add(&[
        "log",
        "--category",
        "patrol",
        "--summary",
        "夜间巡查",
        "--at",
        "01:00",
    ]);
    // Every repair owes its dispatch within 7 minutes: these two were dispatched in time.
    d.ok(&["act", &b, "dispatch", "--to", "张师傅", "--at", "02:50"]);
    d.ok(&["act", &c, "dispatch", "--to", "刘师傅", "--at", "02:05"]);
    d.ok(&[
        "act",
        &c,
        "propose",
        "--text",
        "明早上门疏通",
        "--at",
        "02:10",
    ]);
    assert_eq!(
        [&a, &b, &c, &dd, &e, &f].map(|s| s.as_str()),
        [
            "R-2026-00001",
            "R-2026-00002",
            "R-2026-00003",
            "L-2026-00001",
            "C-2026-00002",
            "C-2026-00001"
        ]
    );
    d
}

#[test]
fn list_filters_and_newest_first() {
    let d = listing();
    let list = |args: &[&str]| {
        let mut all = vec!["list"];
        all.extend_from_slice(args);
        ids(&d.json(&all))
    };
    assert_eq!(
        list(&[]),
        [
            "R-2026-00001",
            "R-2026-00002",
            "R-2026-00003",
            "L-2026-00001",
            "C-2026-00001",
            "C-2026-00002"
        ]
    );
    assert_eq!(list(&["--overdue"]), ["R-2026-00001", "C-2026-00001"]);
    assert_eq!(list(&["--soon"]), ["R-2026-00002"]);
    assert_eq!(
        list(&["--overdue", "--soon"]),
        ["R-2026-00001", "R-2026-00002", "C-2026-00001"]
    );
    assert_eq!(
        list(&["--open"]),
        [
            "R-2026-00001",
            "R-2026-00002",
            "R-2026-00003",
            "C-2026-00001"
        ]
    );
    assert_eq!(
        list(&["--since", "2026-11-25"]),
        [
            "R-2026-00001",
            "R-2026-00002",
            "R-2026-00003",
            "L-2026-00001"
        ]
    );
    assert_eq!(
        list(&["--since", "2026-11-25 02:00"]),
        ["R-2026-00001", "R-2026-00002", "R-2026-00003"]
    );
    assert_eq!(list(&["--limit", "2"]), ["R-2026-00001", "R-2026-00002"]);
    assert_eq!(list(&["--limit", "0"]).len(), 6);
    assert_eq!(
        list(&["repair", "--open", "--limit", "1"]),
        ["R-2026-00001"]
    );
    assert_eq!(list(&["calls"]), ["C-2026-00001", "C-2026-00002"]);
    assert_eq!(list(&["log"]), ["L-2026-00001"]);
    let all = d.json(&["list"]);
    let urgencies: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["urgency"].as_str().unwrap())
        .collect();
    assert_eq!(
        urgencies,
        ["overdue", "soon", "ok", "none", "overdue", "none"]
    );
    let stats = d.json(&["stats"]);
    assert_eq!(stats["records"], 6);
    assert_eq!(stats["open"], 4);
    assert_eq!(stats["overdue"], 2);
    assert_eq!(stats["soon"], 1);
    assert_eq!(stats["by_kind"]["call"]["closed"], 1);
    // The text list marks urgency with a symbol, not only colour.
    let text = d.ok(&["list", "--open"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[0].starts_with("!!") && lines[0].contains("R-2026-00001"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("! ") && lines[1].contains("R-2026-00002"),
        "{text}"
    );
}

#[test]
fn search_by_character_word_room_phone_and_phone_tail_newest_first() {
    let d = desk();
    let repair = d.add(&[
        "repair",
        "--category",
        "water_fault",
        "--location",
        "厨房",
        "--room",
        "3-2-1201",
        "--summary",
        "厨房水管漏水",
        "--phone",
        "13800138000",
        "--at",
        "01:00",
    ]);
    let complaint = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--room",
        "5-1-0302",
        "--summary",
        "楼上漏水, 天花板渗水",
        "--name",
        "赵女士",
        "--phone",
        "13912345678",
        "--at",
        "02:00",
    ]);
    let log = d.add(&[
        "log",
        "--category",
        "patrol",
        "--summary",
        "巡查3号楼楼梯间, 消防通道畅通",
        "--at",
        "02:30",
    ]);
    let english = d.add(&[
        "repair",
        "--category",
        "elevator_entrapment",
        "--location",
        "Block 7",
        "--summary",
        "Lift stuck, elevator alarm ringing",
        "--at",
        "02:40",
    ]);
    let search = |q: &str| ids(&d.json(&["search", q]));
    assert_eq!(search("漏"), [complaint.as_str(), repair.as_str()]);
    assert_eq!(search("漏水"), [complaint.as_str(), repair.as_str()]);
    assert_eq!(search("渗"), [complaint.as_str()]);
    assert_eq!(search("楼梯"), [log.as_str()]);
    assert_eq!(search("3-2-1201"), [repair.as_str()]);
    assert_eq!(search("5-1-0302"), [complaint.as_str()]);
    assert_eq!(search("13800138000"), [repair.as_str()]);
    assert_eq!(search("13912345678"), [complaint.as_str()]);
    assert_eq!(search("8000"), [repair.as_str()]);
    assert_eq!(search("5678"), [complaint.as_str()]);
    assert_eq!(search("赵"), [complaint.as_str()]);
    assert_eq!(search("elevator"), [english.as_str()]);
    assert_eq!(search("ELEV"), [english.as_str()]);
    assert_eq!(search("lift alarm"), [english.as_str()]);
    assert_eq!(search(&repair.to_lowercase()), [repair.as_str()]);
    assert!(search("煤气").is_empty());
    assert_eq!(
        ids(&d.json(&["search", "漏", "--limit", "1"])),
        [complaint.as_str()]
    );
    // Text output for people.
    let text = d.ok(&["search", "漏"]);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.lines().next().unwrap().contains(&complaint), "{text}");
}

// ---------------------------------------------------------------- calendar

#[test]
fn calendar_json_across_national_day() {
    let d = desk();
    let days = d.json(&["calendar", "--from", "2026-09-28", "--to", "2026-10-11"]);
    let day = |date: &str, working: bool, name: Option<&str>| json!({"date": date, "working": working, "name": name});
    let national = Some("National Day");
    let expected = json!([
        day("2026-09-28", true, None),
        day("2026-09-29", true, None),
        day("2026-09-30", true, None),
        day("2026-10-01", false, national),
        day("2026-10-02", false, national),
        day("2026-10-03", false, national),
        day("2026-10-04", false, national),
        day("2026-10-05", false, national),
        day("2026-10-06", false, national),
        day("2026-10-07", false, national),
        day("2026-10-08", true, None),
        day("2026-10-09", true, None),
        day("2026-10-10", true, Some("National Day make-up working day")),
        day("2026-10-11", false, None),
    ]);
    assert_eq!(days, expected);
    for d in days.as_array().unwrap() {
        let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["date", "name", "working"]);
    }
    // The calendar needs no database.
    assert!(!d.db.exists());
    let bad = d.run(&["calendar", "--from", "2026-10-11", "--to", "2026-09-28"]);
    assert_eq!(bad.code, 2);
    let bad = d.run(&["calendar", "--from", "2026-13-01", "--to", "2026-12-01"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("from"), "{}", bad.stderr);
}

// ---------------------------------------------------------------- the file

#[test]
fn the_database_is_created_mode_0600() {
    let d = desk();
    d.add(&["log", "--summary", "交班"]);
    let mode = std::fs::metadata(&d.db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
}

fn refused_untouched(d: &Desk, expect: &str) {
    let bytes = read(&d.db);
    let mtime = std::fs::metadata(&d.db).unwrap().modified().unwrap();
    for args in [
        vec!["list"],
        vec!["add", "log", "--summary", "x"],
        vec!["stats", "--json"],
        vec!["--read-only", "show", "R-2026-00001"],
    ] {
        let run = d.run(&args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expect), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("untouched"), "{}", run.stderr);
        assert_eq!(run.stderr.trim_end().lines().count(), 1);
    }
    assert_eq!(read(&d.db), bytes, "byte-identical");
    assert_eq!(std::fs::metadata(&d.db).unwrap().modified().unwrap(), mtime);
    let name = d.db.file_name().unwrap().to_string_lossy().to_string();
    for suffix in ["-wal", "-shm", "-journal"] {
        assert!(!d.path(&format!("{name}{suffix}")).exists(), "{suffix}");
    }
}

#[test]
fn a_text_file_is_refused_and_left_byte_identical() {
    let d = desk();
    std::fs::write(&d.db, "2026-11-25 值班记录: 一切正常\n".repeat(50)).unwrap();
    refused_untouched(&d, "not a dutydesk database");
}

#[test]
fn another_sqlite_database_is_refused_and_left_byte_identical() {
    let d = desk();
    {
        let conn = rusqlite::Connection::open(&d.db).unwrap();
        conn.execute_batch(
            "CREATE TABLE residents(room TEXT PRIMARY KEY, name TEXT);
             INSERT INTO residents VALUES ('3-2-1201', '李先生');",
        )
        .unwrap();
    }
    refused_untouched(&d, "not a dutydesk database");
}

#[test]
fn a_database_from_a_newer_dutydesk_is_refused_and_left_byte_identical() {
    let d = desk();
    d.add(&["log", "--summary", "交班"]);
    {
        let conn = rusqlite::Connection::open(&d.db).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = DELETE; PRAGMA user_version = {};",
            version + 1
        ))
        .unwrap();
    }
    refused_untouched(&d, "newer");
}

#[test]
fn read_only_refuses_writes_with_exit_3_and_still_looks_up() {
    let d = populated();
    let before = d.state();
    for args in [
        vec!["--read-only", "add", "log", "--summary", "x"],
        vec![
            "--read-only",
            "act",
            "R-2026-00001",
            "dispatch",
            "--to",
            "张师傅",
        ],
        vec!["--read-only", "act", "R-2026-00001", "note", "x"],
        vec!["--read-only", "demo"],
    ] {
        let run = d.run(&args);
        assert_eq!(run.code, 3, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("read-only"), "{}", run.stderr);
        assert_eq!(run.stderr.trim_end().lines().count(), 1);
    }
    let run = d
        .command()
        .env("DUTYDESK_READONLY", "1")
        .args(["add", "log", "--summary", "x"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(3));
    assert_eq!(d.state(), before);
    // Lookups work.
    assert_eq!(ids(&d.json(&["--read-only", "list"])).len(), 4);
    assert_eq!(
        d.json(&["--read-only", "show", "R-2026-00001"])["status"],
        "received"
    );
    assert_eq!(
        ids(&d.json(&["--read-only", "search", "水管"])),
        ["R-2026-00001"]
    );
}

#[test]
fn a_complaint_open_30_days_is_escalated_when_next_seen() {
    let mut d = Desk::new("2026-11-25T09:00:00+08:00");
    let id = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--summary",
        "小区绿化长期无人打理",
        "--name",
        "吴先生",
        "--class",
        "minor",
        "--at",
        "2026-10-26T09:00:01+08:00",
    ]);
    // 1 s short of 30 days: not yet.
    assert_eq!(d.show(&id)["class"], "minor");
    d.set_now("2026-11-25T09:00:01+08:00");
    // Lookups show it as major but never write the escalation; the next write records it.
    assert_eq!(d.json(&["--read-only", "show", &id])["class"], "major");
    assert_eq!(timeline_actions(&d.show(&id)), ["create"]);
    d.add(&["log", "--summary", "巡查"]);
    let r = d.show(&id);
    assert_eq!(r["class"], "major");
    let last = r["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "escalate");
    assert_eq!(last["operator"], "dutydesk");
    assert_eq!(last["at"], "2026-11-25T09:00:01+08:00");
    // Only once.
    d.set_now("2026-11-26T09:00:00+08:00");
    assert_eq!(timeline_actions(&d.show(&id)), ["create", "escalate"]);
}

#[test]
fn bad_input_writes_nothing_even_when_an_escalation_is_pending() {
    let mut d = Desk::new("2026-11-25T09:00:00+08:00");
    d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--summary",
        "电梯长期异响",
        "--name",
        "吴先生",
        "--at",
        "2026-10-20T09:00:00+08:00",
    ]);
    d.set_now("2026-11-26T09:00:00+08:00");
    let before = d.events();
    let run = d.run(&["act", "C-2026-00001", "classify", "--class", "severe"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(d.events(), before, "nothing written");
}

// ---------------------------------------------------------------- demo

/// (record id, at, written_at, operator) of every event, in order.
fn event_rows(d: &Desk) -> Vec<(String, i64, i64, String)> {
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT r.id, e.at, e.written_at, e.operator FROM events e
             JOIN records r ON r.rowid = e.record ORDER BY e.seq",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn demo_fills_an_empty_database_with_work_in_every_state() {
    let d = desk();
    let n: usize = d.ok(&["demo"]).trim().parse().unwrap();
    assert!((100..=300).contains(&n), "a few days' worth, not {n}");
    let all = d.json(&["list", "--limit", "0"]);
    let records = all.as_array().unwrap();
    assert_eq!(records.len(), n);
    assert_eq!(d.json(&["stats"])["records"], n);

    let overdue = d.json(&["list", "--overdue"]);
    let soon = d.json(&["list", "--soon"]);
    assert!(
        overdue.as_array().unwrap().len() >= 3,
        "several overdue: {overdue:#}"
    );
    assert!(soon.as_array().unwrap().len() >= 2, "a few soon: {soon:#}");
    assert!(
        overdue
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["urgency"] == "overdue")
    );
    assert!(
        soon.as_array()
            .unwrap()
            .iter()
            .all(|r| r["urgency"] == "soon")
    );
    // An urgent repair about to miss its dispatch.
    assert!(
        soon.as_array()
            .unwrap()
            .iter()
            .any(|r| r["urgent"] == true && deadline(r, "dispatch").1 == "soon"),
        "{soon:#}"
    );

    let of_kind =
        |kind: &str| -> Vec<&Value> { records.iter().filter(|r| r["kind"] == kind).collect() };
    let set = |rs: &[&Value], field: &str| -> std::collections::BTreeSet<String> {
        rs.iter()
            .filter_map(|r| r[field].as_str().map(str::to_string))
            .collect()
    };
    let repairs = of_kind("repair");
    let calls = of_kind("call");
    let logs = of_kind("log");
    for status in [
        "received",
        "dispatched",
        "on_site",
        "resolved",
        "closed",
        "voided",
    ] {
        assert!(
            set(&repairs, "status").contains(status),
            "a repair {status}"
        );
    }
    for category in [
        "elevator_entrapment",
        "structural_danger",
        "power_fault",
        "water_fault",
        "heating_leak",
        "stairs_railing",
        "falling_hazard",
        "other_danger",
        "general",
        "paid",
    ] {
        assert!(
            set(&repairs, "category").contains(category),
            "a {category} repair"
        );
    }
    for kind in ["consultation", "complaint", "repair", "help", "suggestion"] {
        assert!(set(&calls, "call_kind").contains(kind), "a {kind} call");
    }
    for channel in ["phone", "visit", "letter", "fax", "online"] {
        assert!(
            set(&calls, "channel").contains(channel),
            "a call by {channel}"
        );
    }
    for status in ["received", "replied", "resolved", "closed"] {
        assert!(set(&calls, "status").contains(status), "a call {status}");
    }
    let complaints: Vec<&Value> = calls
        .iter()
        .copied()
        .filter(|r| r["call_kind"] == "complaint")
        .collect();
    assert!(
        set(&complaints, "class").len() >= 2,
        "complaints with classes"
    );
    assert!(
        complaints.iter().any(|r| r["channel"] == "letter"),
        "a complaint by letter"
    );
    assert!(
        complaints.iter().any(|r| r["anonymous"] == true),
        "an anonymous complaint"
    );
    assert!(
        complaints.iter().any(|r| r["class"] == "major"),
        "an escalated complaint"
    );
    for category in [
        "patrol",
        "inspection",
        "key_location",
        "keys_items",
        "notice",
    ] {
        assert!(
            set(&logs, "category").contains(category),
            "a {category} log entry"
        );
    }
    assert!(
        logs.iter()
            .any(|r| r["summary"].as_str().unwrap().contains("天台")),
        "rooftop patrols"
    );

    let voided_ids: Vec<String> = records
        .iter()
        .filter(|r| r["voided"] == true)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!voided_ids.is_empty(), "a voided record");
    for id in &voided_ids {
        let r = d.show(id);
        assert!(
            !r["void"]["reason"].as_str().unwrap().is_empty(),
            "{id} has a reason"
        );
    }
    let repeat = records
        .iter()
        .find(|r| r["repeat"] == true)
        .expect("a repeat: same room and category");
    let earlier = d.show(repeat["repeat_of"].as_str().unwrap());
    assert_eq!(earlier["room"], repeat["room"]);
    assert_eq!(earlier["category"], repeat["category"]);

    // Plausible people, rooms and phones, in Chinese.
    for r in records {
        assert!(has_cjk(r["summary"].as_str().unwrap()), "{r}");
        if let Some(room) = r["room"].as_str() {
            let parts: Vec<&str> = room.split('-').collect();
            assert_eq!(parts.len(), 3, "{room}");
            assert!(
                parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())),
                "{room}"
            );
        }
        if let Some(phone) = r["phone"].as_str() {
            assert!(phone.len() == 11 && phone.starts_with('1'), "{phone}");
            assert!(phone.bytes().all(|b| b.is_ascii_digit()), "{phone}");
        }
        if let Some(name) = r["name"].as_str() {
            assert!(has_cjk(name), "{name}");
        }
        if let Some(tech) = r["assignee"].as_str() {
            assert!(tech.ends_with("师傅"), "{tech}");
        }
    }
    assert!(
        records
            .iter()
            .all(|r| r["created_at"].as_str().unwrap() <= NOW)
    );

    // Every event at or before now, and never before the record's previous one.
    let now = t(NOW).timestamp();
    let mut last: std::collections::HashMap<String, i64> = Default::default();
    for (id, at, written_at, operator) in event_rows(&d) {
        assert!(at <= now && written_at <= now, "{id} in the future");
        assert!(written_at >= at, "{id} written before it happened");
        if let Some(previous) = last.insert(id.clone(), at) {
            assert!(at >= previous, "{id}: an event before the previous one");
        }
        assert!(!operator.is_empty());
    }
    // Ids grow with time.
    let first_repair = records
        .iter()
        .rev()
        .find(|r| r["kind"] == "repair")
        .unwrap();
    assert_eq!(first_repair["id"], "R-2026-00001");
}

#[test]
fn demo_is_the_same_for_the_same_clock() {
    let a = desk();
    let b = desk();
    let c = Desk::new("2026-11-25T03:00:01+08:00");
    for d in [&a, &b, &c] {
        d.ok(&["demo"]);
    }
    assert_eq!(a.events(), b.events(), "same clock, same database");
    assert_eq!(
        a.json(&["list", "--limit", "0"]),
        b.json(&["list", "--limit", "0"])
    );
    assert_ne!(
        a.events(),
        c.events(),
        "another clock, another stretch of work"
    );
}

#[test]
fn demo_refuses_a_database_that_already_holds_records() {
    let d = desk();
    d.add(&["log", "--summary", "真实的值班记录"]);
    let before = d.state();
    for args in [vec!["demo"], vec!["demo", "--records", "10"]] {
        let run = d.run(&args);
        assert_eq!(run.code, 2, "{}", run.stderr);
        let message = run.stderr.trim_end();
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(message.contains("1 records"), "names the count: {message}");
        assert!(message.contains("--db"), "suggests --db: {message}");
    }
    assert_eq!(d.state(), before, "the real desk is untouched");
    // And a filled demo database is not filled twice.
    let fresh = desk();
    fresh.ok(&["demo", "--records", "80"]);
    assert_eq!(fresh.run(&["demo"]).code, 2);
    assert_eq!(fresh.json(&["stats"])["records"], 80);
}

#[test]
fn demo_records_n_makes_exactly_n_with_ids_by_year() {
    // Early January: the stretch reaches back into the old year.
    let d = Desk::new("2026-01-05T09:00:00+08:00");
    assert_eq!(d.ok(&["demo", "--records", "600"]).trim(), "600");
    let stats = d.json(&["stats"]);
    assert_eq!(stats["records"], 600);
    let all = d.json(&["list", "--limit", "0"]);
    let ids = ids(&all);
    assert!(
        ids.iter().any(|id| id.starts_with("R-2025-")),
        "repairs of 2025"
    );
    assert!(
        ids.iter().any(|id| id == "R-2026-00001"),
        "a new serial for 2026"
    );
    assert!(ids.iter().any(|id| id == "R-2025-00001"));
    // Over 600 / 45 days, about two weeks.
    let oldest = all.as_array().unwrap().last().unwrap()["created_at"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(oldest.as_str() < "2025-12-25", "{oldest}");
    assert!(d.json(&["list", "--overdue"]).as_array().unwrap().len() >= 3);
    assert_eq!(d.run(&["demo", "--records", "0"]).code, 2);
}

// ---------------------------------------------------------------- the config file

#[test]
fn the_config_file_overrides_rules_calendar_and_file_mode() {
    let d = desk();
    let config = d.path("config.toml");
    std::fs::write(
        &config,
        r#"
group_shared = true

[rules]
dispatch_minutes = 10

[calendar]
holidays = [{ date = "2026-11-26", name = "Estate Day" }]
"#,
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = d
            .command()
            .env("DUTYDESK_CONFIG", &config)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let repair = run(&[
        "add",
        "repair",
        "--category",
        "power_fault",
        "--location",
        "配电房",
        "--summary",
        "停电",
    ]);
    let r: Value = serde_json::from_str(&run(&["show", repair.trim(), "--json"])).unwrap();
    assert_eq!(deadline(&r, "dispatch").0, "2026-11-25T03:10:00+08:00");
    // Wednesday's letter: Thursday is the estate's own holiday, so the written reply is due
    // at the end of Friday.
    let letter = run(&[
        "add",
        "call",
        "--kind",
        "complaint",
        "--channel",
        "letter",
        "--summary",
        "来信投诉",
        "--name",
        "郑女士",
    ]);
    let c: Value = serde_json::from_str(&run(&["show", letter.trim(), "--json"])).unwrap();
    assert_eq!(deadline(&c, "written_reply").0, "2026-11-28T00:00:00+08:00");
    let days: Value = serde_json::from_str(&run(&[
        "calendar",
        "--from",
        "2026-11-26",
        "--to",
        "2026-11-26",
        "--json",
    ]))
    .unwrap();
    assert_eq!(
        days,
        json!([{"date": "2026-11-26", "working": false, "name": "Estate Day"}])
    );
    let mode = std::fs::metadata(&d.db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o660, "group_shared: {mode:o}");
    assert!(run(&["config"]).contains("dispatch_minutes = 10"));
}

/// `[rules] arrival_all_repairs = true`: an in-home general repair owes its arrival in 15
/// minutes too; by default it owes none.
#[test]
fn arrival_all_repairs_from_the_config_file() {
    let d = desk();
    let config = d.path("config.toml");
    let run = |config_text: Option<&str>, args: &[&str]| {
        let mut cmd = d.command();
        if let Some(text) = config_text {
            std::fs::write(&config, text).unwrap();
            cmd.env("DUTYDESK_CONFIG", &config);
        }
        let out = cmd.args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let id = run(
        None,
        &[
            "add",
            "repair",
            "--category",
            "general",
            "--location",
            "卫生间",
            "--room",
            "3-2-1201",
            "--summary",
            "马桶水箱一直流水",
            "--at",
            "02:50",
        ],
    );
    let show = |config_text| -> Value {
        serde_json::from_str(&run(config_text, &["show", id.trim(), "--json"])).unwrap()
    };
    let names = |v: &Value| -> Vec<String> {
        v["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!names(&show(None)).contains(&"arrival".to_string()));
    let all = "[rules]\narrival_all_repairs = true\n";
    assert_eq!(
        deadline(&show(Some(all)), "arrival").0,
        "2026-11-25T03:05:00+08:00"
    );
    assert!(run(Some(all), &["config"]).contains("arrival_all_repairs = true"));
    let config_out = run(Some("[rules]\narrival_minutes = 15\n"), &["config"]);
    assert!(
        config_out.contains("arrival_all_repairs = false"),
        "{config_out}"
    );
}

#[test]
fn a_bad_config_file_is_bad_input() {
    let d = desk();
    for (text, word) in [
        ("[rules]\ndispatch_minutes = 0\n", "dispatch_minutes"),
        ("[rules]\nsoon_share = 2.0\n", "soon_share"),
        ("colour = true\n", "colour"),
        ("timezone = \"Mars/Olympus\"\n", "timezone"),
        ("[rules\n", "config.toml"),
    ] {
        let config = d.path("config.toml");
        std::fs::write(&config, text).unwrap();
        let out = d
            .command()
            .env("DUTYDESK_CONFIG", &config)
            .args(["add", "log", "--summary", "x"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{text}: {err}");
        assert!(err.contains(word), "{text}: {err}");
    }
    assert!(!d.db.exists(), "nothing written");
}

// ---------------------------------------------------------------- repairs as the rule books say

/// `act R-… propose --text`: engineering's proposal to the owner of an in-home repair, due 15
/// minutes after dispatch; refused before dispatch and without words, nothing written.
#[test]
fn propose_meets_the_in_home_repairs_proposal_deadline() {
    let d = desk();
    let id = d.add(&[
        "repair",
        "--category",
        "general",
        "--location",
        "卫生间",
        "--room",
        "3-2-1201",
        "--summary",
        "下水道堵塞",
        "--at",
        "02:40",
    ]);
    let before = d.state();
    let run = d.run(&["act", &id, "propose", "--text", "先疏通", "--at", "02:41"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("'propose' is not allowed on a repair that is received"),
        "{}",
        run.stderr
    );
    d.ok(&["act", &id, "dispatch", "--to", "周师傅", "--at", "02:45"]);
    assert_eq!(
        deadline(&d.show(&id), "propose"),
        ("2026-11-25T03:00:00+08:00".into(), "soon".into())
    );
    let before_empty = d.state();
    for args in [
        vec!["act", &id, "propose", "--text", "  "],
        vec!["act", &id, "propose"],
    ] {
        let run = d.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("text"), "{}", run.stderr);
    }
    assert_eq!(d.state(), before_empty, "nothing written");
    assert_ne!(d.state(), before);
    let out = d.ok(&[
        "act",
        &id,
        "propose",
        "--text",
        "先上门疏通, 不收费",
        "--at",
        "02:55",
    ]);
    assert_eq!(out.trim(), format!("{id} dispatched"));
    let r = d.show(&id);
    assert_eq!(
        deadline(&r, "propose"),
        ("2026-11-25T03:00:00+08:00".into(), "met".into())
    );
    assert_eq!(r["proposal"], "先上门疏通, 不收费");
    assert_eq!(r["proposed_at"], "2026-11-25T02:55:00+08:00");
    let text = d.ok(&["show", &id]);
    assert!(
        text.contains("proposal to the owner: 先上门疏通, 不收费"),
        "{text}"
    );
    let zh = d
        .command()
        .env("DUTYDESK_LANG", "zh")
        .args(["show", &id])
        .output()
        .unwrap();
    let zh = String::from_utf8(zh.stdout).unwrap();
    assert!(
        zh.contains("答复方案") && zh.contains("向业主答复方案"),
        "{zh}"
    );
}

/// `add repair --warranty`: a quality complaint under the developer's warranty owes
/// `notify_developer` 5 minutes after dispatch, met by `act R-… notify-developer`.
#[test]
fn warranty_repairs_owe_the_developer_notice() {
    let d = desk();
    let add = |extra: &[&str]| {
        let mut args = vec![
            "repair",
            "--category",
            "general",
            "--location",
            "卫生间",
            "--room",
            "3-2-1201",
            "--summary",
            "交房不满一年, 卫生间墙面渗水",
            "--at",
            "02:40",
        ];
        args.extend_from_slice(extra);
        d.add(&args)
    };
    let id = add(&["--warranty"]);
    let plain = add(&["--warranty", "no"]);
    assert_eq!(d.show(&id)["warranty"], true);
    assert_eq!(d.show(&plain).get("warranty"), None);
    assert_eq!(d.show(&add(&["--warranty", "YES"]))["warranty"], true);
    let before = d.state();
    let run = d.run(&[
        "add",
        "repair",
        "--category",
        "general",
        "--location",
        "x",
        "--summary",
        "y",
        "--warranty",
        "maybe",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("warranty: "), "{}", run.stderr);
    let run = d.run(&["act", &id, "notify-developer", "--at", "02:41"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = d.run(&["act", &plain, "notify-developer", "--at", "02:41"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(d.state(), before, "nothing written");
    d.ok(&["act", &id, "dispatch", "--to", "周师傅", "--at", "02:50"]);
    assert_eq!(
        deadline(&d.show(&id), "notify_developer"),
        ("2026-11-25T02:55:00+08:00".into(), "overdue".into())
    );
    d.ok(&["act", &id, "notify-developer", "--at", "02:54"]);
    let r = d.show(&id);
    assert_eq!(
        deadline(&r, "notify_developer"),
        ("2026-11-25T02:55:00+08:00".into(), "met".into())
    );
    assert_eq!(r["developer_told_at"], "2026-11-25T02:54:00+08:00");
    let text = d.ok(&["show", &id]);
    assert!(
        text.contains("Warranty") && text.contains("developer's supervision department told"),
        "{text}"
    );
    let zh = d
        .command()
        .env("DUTYDESK_LANG", "zh")
        .args(["show", &id])
        .output()
        .unwrap();
    let zh = String::from_utf8(zh.stdout).unwrap();
    assert!(
        zh.contains("保修期内投诉  是") && zh.contains("已通知开发商监理部"),
        "{zh}"
    );
}

/// `act R-… warranty-explained`: out of warranty, the explanation to the owner is recorded
/// in the timeline; refused on a warranty repair (exit 2, nothing written).
#[test]
fn out_of_warranty_the_explanation_is_recorded() {
    let d = desk();
    let add = |extra: &[&str]| {
        let mut args = vec![
            "repair",
            "--category",
            "general",
            "--location",
            "客厅",
            "--room",
            "3-2-1201",
            "--summary",
            "地面空鼓开裂, 入住五年",
        ];
        args.extend_from_slice(extra);
        d.add(&args)
    };
    let old = add(&[]);
    let new = add(&["--warranty"]);
    let before = d.state();
    let run = d.run(&["act", &new, "warranty-explained"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("'warranty_explained' is not allowed"),
        "{}",
        run.stderr
    );
    assert_eq!(d.state(), before, "nothing written");
    assert_eq!(
        d.ok(&["act", &old, "warranty-explained"]).trim(),
        format!("{old} received")
    );
    let text = d.ok(&["show", &old]);
    assert!(
        text.contains("explained to the owner: out of the developer's warranty"),
        "{text}"
    );
    let zh = d
        .command()
        .env("DUTYDESK_LANG", "zh")
        .args(["show", &old])
        .output()
        .unwrap();
    let zh = String::from_utf8(zh.stdout).unwrap();
    assert!(zh.contains("已向业主说明: 已过开发商保修期"), "{zh}");
}

/// A heating leak: `show` prompts to ask the heating company to help until `act R-…
/// notify-heating` records it (once).
#[test]
fn heating_leak_prompts_for_the_heating_company_until_it_is_told() {
    let d = desk();
    let id = d.add(&[
        "repair",
        "--category",
        "heating_leak",
        "--location",
        "5号楼2单元管井",
        "--summary",
        "暖气立管跑水",
        "--at",
        "02:50",
    ]);
    let text = d.ok(&["show", &id]);
    assert!(
        text.contains("Heating co.") && text.contains("to be asked to help"),
        "{text}"
    );
    assert_eq!(d.show(&id)["heating_company_told_at"], Value::Null);
    d.ok(&["act", &id, "notify-heating", "--at", "02:52"]);
    let r = d.show(&id);
    assert_eq!(r["heating_company_told_at"], "2026-11-25T02:52:00+08:00");
    let text = d.ok(&["show", &id]);
    assert!(!text.contains("to be asked to help"), "{text}");
    assert!(
        text.contains("heating company asked to help with the repair"),
        "{text}"
    );
    let before = d.state();
    let run = d.run(&["act", &id, "notify-heating"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(d.state(), before, "nothing written");
    let zh = d
        .command()
        .env("DUTYDESK_LANG", "zh")
        .args(["show", &id])
        .output()
        .unwrap();
    let zh = String::from_utf8(zh.stdout).unwrap();
    assert!(
        zh.contains("供热单位") && zh.contains("已通知供热单位协助维修"),
        "{zh}"
    );
    // Other repairs carry no heating company.
    let other = d.add(&[
        "repair",
        "--category",
        "water_fault",
        "--location",
        "厨房",
        "--summary",
        "水管爆裂",
    ]);
    assert_eq!(d.show(&other).get("heating_company_told_at"), None);
}
