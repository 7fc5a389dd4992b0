//! The escalation ladder and the technicians' mobiles (issue 18), through the binary against
//! the loopback robot: each step of a deadline (soon → the person on duty's channel, overdue →
//! the shift lead's, overdue past `manager_after_minutes` → the manager's) fires at its time and
//! only once, with the clock fixed by `DUTYDESK_NOW` just before, at and after each limit; a
//! resolved or paused record stops its ladder; a dispatch mentions the technician's mobile.

mod common;
#[path = "common/robot.rs"]
mod robot;

use chrono::{DateTime, Duration, FixedOffset};
use common::*;
use robot::*;

/// Three channels on the robot, one a step.
fn ladder_config(port: u16, extra: &str) -> String {
    let channel = |name: &str, events: &str| {
        format!(
            "[[notify.channels]]\nname = \"{name}\"\nkind = \"wecom\"\nurl = \"http://127.0.0.1:{port}/wecom?key={KEY}\"\nevents = [{events}]\n"
        )
    };
    format!(
        "{}{}{}{extra}",
        channel("duty", "\"soon\""),
        channel(
            "lead",
            "\"urgent\", \"dispatch\", \"incident\", \"overdue\""
        ),
        channel("manager", "\"overdue_manager\""),
    )
}

/// The messages the robot got for the dispatch deadline, by their heading.
fn heads(robot: &Robot) -> Vec<String> {
    robot
        .got()
        .iter()
        .filter_map(|g| g.body["text"]["content"].as_str())
        .filter_map(|c| c.lines().next())
        .filter(|l| l.ends_with(" 派工") && l.contains("超时"))
        .map(|l| l.split(' ').next().unwrap().to_string())
        .collect()
}

fn at(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339()
}

/// A new urgent repair (no technician sent yet) and its dispatch deadline's due time.
fn repair(n: &mut Notified) -> (String, DateTime<FixedOffset>) {
    let id = n.urgent_repair();
    let show = n.desk.show(&id);
    let (due, _) = deadline(&show, "dispatch");
    (
        id,
        DateTime::parse_from_rfc3339(&due).expect("an RFC 3339 due time"),
    )
}

fn run_at(n: &mut Notified, t: DateTime<FixedOffset>) {
    n.desk.set_now(&at(t));
    n.ok(&["notify", "run"]);
}

#[test]
fn each_step_fires_at_its_time_and_only_once() {
    let robot = Robot::start();
    let mut n = Notified::new(&ladder_config(
        robot.port,
        "[notify.escalation]\nmanager_after_minutes = 20\n",
    ));
    let (_, due) = repair(&mut n);
    // Long before its soon: nothing.
    run_at(&mut n, due - Duration::hours(1));
    assert_eq!(heads(&robot), Vec::<String>::new());
    // Soon: the person on duty's channel, once.
    run_at(&mut n, due - Duration::minutes(1));
    assert_eq!(heads(&robot), ["【即将超时】"]);
    run_at(&mut n, due);
    assert_eq!(
        heads(&robot),
        ["【即将超时】"],
        "exactly at due it is still soon"
    );
    run_at(&mut n, due + Duration::seconds(1));
    assert_eq!(heads(&robot), ["【即将超时】", "【已超时】"]);
    run_at(&mut n, due + Duration::minutes(20));
    assert_eq!(
        heads(&robot),
        ["【即将超时】", "【已超时】"],
        "not past the wait yet"
    );
    run_at(&mut n, due + Duration::minutes(20) + Duration::seconds(1));
    assert_eq!(
        heads(&robot),
        ["【即将超时】", "【已超时】", "【超时升级】"]
    );
    run_at(&mut n, due + Duration::minutes(50));
    assert_eq!(
        heads(&robot),
        ["【即将超时】", "【已超时】", "【超时升级】"]
    );
    // Each to its own channel.
    let s = n.status();
    assert_eq!(s["failed"].as_i64(), Some(0), "{s}");
}

#[test]
fn a_per_deadline_wait_overrides_the_default() {
    let robot = Robot::start();
    let mut n = Notified::new(&ladder_config(
        robot.port,
        "[notify.escalation]\nmanager_after_minutes = 5\n[notify.escalation.deadlines]\ndispatch = 60\n",
    ));
    let (_, due) = repair(&mut n);
    run_at(&mut n, due + Duration::minutes(60));
    assert_eq!(
        heads(&robot),
        ["【已超时】"],
        "first seen overdue: no soon afterwards"
    );
    run_at(&mut n, due + Duration::minutes(60) + Duration::seconds(1));
    assert_eq!(heads(&robot), ["【已超时】", "【超时升级】"]);
}

#[test]
fn a_paused_or_dispatched_deadline_stops_its_ladder() {
    let robot = Robot::start();
    let mut n = Notified::new(&ladder_config(robot.port, ""));
    let (id, due) = repair(&mut n);
    n.ok(&["act", &id, "pause", "--reason", "等业主回家"]);
    run_at(&mut n, due + Duration::hours(2));
    assert_eq!(heads(&robot), Vec::<String>::new(), "paused: no step");
    // Dispatched: its dispatch deadline is met, nothing for it.
    let robot2 = Robot::start();
    let mut m = Notified::new(&ladder_config(robot2.port, ""));
    let (id, due) = repair(&mut m);
    m.ok(&["act", &id, "dispatch", "--to", "王师傅"]);
    run_at(&mut m, due + Duration::hours(2));
    assert_eq!(heads(&robot2), Vec::<String>::new());
}

#[test]
fn a_dispatch_mentions_the_technicians_mobile_and_config_masks_it() {
    let robot = Robot::start();
    let n = Notified::new(&format!(
        "{}[notify.mobiles]\n\"王师傅\" = \"13800138000\"\n",
        wecom(robot.port, "events = [\"dispatch\"]")
    ));
    let id = n.urgent_repair();
    n.ok(&["act", &id, "dispatch", "--to", "王师傅"]);
    n.ok(&["act", &id, "dispatch", "--to", "李师傅"]);
    n.ok(&["notify", "run"]);
    let got = robot.got();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        got[0].body["text"]["mentioned_mobile_list"],
        serde_json::json!(["13800138000"])
    );
    assert_eq!(
        got[1].body["text"]["mentioned_mobile_list"],
        serde_json::json!([])
    );
    let shown = n.ok(&["config"]);
    assert!(!shown.contains("13800138000"), "{shown}");
    assert!(shown.contains("138****8000"), "{shown}");
}

#[test]
fn a_wrong_mobile_exits_2_naming_the_key() {
    let n = Notified::new("[notify.mobiles]\n\"王师傅\" = \"13800x\"\n");
    let run = n.run(&["notify", "run"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("notify.mobiles.王师傅"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unsigned_handover_tells_the_manager_once_after_30_minutes() {
    let robot = Robot::start();
    let mut n = Notified::new(&wecom(robot.port, "events = [\"handover_unsigned\"]"));
    // Something on file before the 08:00 shift change.
    n.urgent_repair();
    let unsigned = |robot: &Robot| {
        robot
            .got()
            .iter()
            .filter_map(|g| g.body["text"]["content"].as_str().map(String::from))
            .filter(|c| c.starts_with("【交接班未签字】"))
            .collect::<Vec<_>>()
    };
    for minute in ["08:29", "08:30"] {
        n.desk.set_now(&format!("2026-11-25T{minute}:00+08:00"));
        n.ok(&["notify", "run"]);
        assert!(unsigned(&robot).is_empty(), "{minute}");
    }
    n.desk.set_now("2026-11-25T08:31:00+08:00");
    n.ok(&["notify", "run"]);
    let got = unsigned(&robot);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("11-25 08:00"), "{}", got[0]);
    n.desk.set_now("2026-11-25T09:31:00+08:00");
    n.ok(&["notify", "run"]);
    assert_eq!(unsigned(&robot).len(), 1, "once per shift change");
}

#[test]
fn a_dispatch_at_mentions_the_technician_on_dingtalk_signed() {
    let robot = Robot::start();
    let n = Notified::new(&format!(
        "{}[notify.mobiles]\n\"王师傅\" = \"13800138000\"\n",
        dingtalk(robot.port, "events = [\"dispatch\"]")
    ));
    let id = n.urgent_repair();
    n.ok(&["act", &id, "dispatch", "--to", "王师傅"]);
    n.ok(&["act", &id, "dispatch", "--to", "李师傅"]);
    n.ok(&["notify", "run"]);
    // The robot checked the signature (`sign not match` otherwise): both arrived.
    let got = robot.got();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|g| g.path == "/dingtalk"), "{got:?}");
    // DingTalk's text message: `at.atMobiles`, and the mention written in the content (the
    // robot shows the @ only where the content has it).
    assert_eq!(
        got[0].body["at"],
        serde_json::json!({"atMobiles": ["13800138000"], "isAtAll": false})
    );
    let content = got[0].body["text"]["content"].as_str().unwrap();
    assert!(
        content.contains("【派工】派给 王师傅") && content.ends_with("@13800138000"),
        "{content}"
    );
    assert_eq!(
        got[1].body["at"],
        serde_json::json!({"atMobiles": [], "isAtAll": false})
    );
    assert!(
        !got[1].body["text"]["content"]
            .as_str()
            .unwrap()
            .contains('@')
    );
}

#[test]
fn a_wrong_dingtalk_signature_is_a_failure_kept() {
    let robot = Robot::start();
    // The robot's secret differs from the one the desk signs with.
    let n = Notified::new(
        &dingtalk(robot.port, "events = [\"dispatch\"]").replace(SECRET, "SECanotherSECRET"),
    );
    let id = n.urgent_repair();
    n.ok(&["act", &id, "dispatch", "--to", "王师傅"]);
    let run = n.run(&["notify", "run"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(robot.got().is_empty());
    let s = n.status();
    assert!(
        s["waiting"][0]["last_error"]
            .as_str()
            .unwrap()
            .contains("errcode 310000"),
        "{s}"
    );
}

/// Messages for the unsigned handover of the 08:00 shift change.
fn unsigned(robot: &Robot) -> Vec<String> {
    robot
        .got()
        .iter()
        .filter_map(|g| g.body["text"]["content"].as_str().map(String::from))
        .filter(|c| c.starts_with("【交接班未签字】"))
        .collect()
}

#[test]
fn a_handover_signed_within_30_minutes_tells_no_one() {
    let robot = Robot::start();
    let mut n = Notified::new(&wecom(robot.port, "events = [\"handover_unsigned\"]"));
    n.urgent_repair();
    n.desk.set_now("2026-11-25T08:29:59+08:00");
    n.ok(&["handover", "sign", "--by", "李接班"]);
    for minute in ["08:31", "09:31", "19:59"] {
        n.desk.set_now(&format!("2026-11-25T{minute}:00+08:00"));
        n.ok(&["notify", "run"]);
        assert_eq!(unsigned(&robot), Vec::<String>::new(), "{minute}");
    }
}

#[test]
fn a_handover_signed_after_the_message_sends_no_second_one() {
    let robot = Robot::start();
    let mut n = Notified::new(&wecom(robot.port, "events = [\"handover_unsigned\"]"));
    n.urgent_repair();
    n.desk.set_now("2026-11-25T08:30:01+08:00");
    n.ok(&["notify", "run"]);
    assert_eq!(unsigned(&robot).len(), 1);
    n.desk.set_now("2026-11-25T08:40:00+08:00");
    n.ok(&["handover", "sign", "--by", "李接班"]);
    for minute in ["08:41", "10:00"] {
        n.desk.set_now(&format!("2026-11-25T{minute}:00+08:00"));
        n.ok(&["notify", "run"]);
    }
    assert_eq!(unsigned(&robot).len(), 1);
}

/// The ladder's headings for one deadline (`heads` is the dispatch deadline's).
fn heads_of(robot: &Robot, deadline: &str) -> Vec<String> {
    let tail = format!(" {deadline}");
    robot
        .got()
        .iter()
        .filter_map(|g| g.body["text"]["content"].as_str())
        .filter_map(|c| c.lines().next())
        .filter(|l| l.ends_with(&tail) && l.contains("超时"))
        .map(|l| l.split(' ').next().unwrap().to_string())
        .collect()
}

/// A repair dispatched, on site and resolved at 03:00 with the owner unsatisfied: it owes its
/// callback within 3 days (DOMAIN §4).
fn resolved_owing_a_callback(n: &mut Notified) -> (String, DateTime<FixedOffset>) {
    let id = n.urgent_repair();
    n.ok(&["act", &id, "dispatch", "--to", "王师傅", "--at", "02:52"]);
    n.ok(&["act", &id, "arrive", "--at", "02:55"]);
    n.ok(&[
        "act",
        &id,
        "resolve",
        "--signed",
        "no",
        "--rating",
        "unsatisfied",
        "--at",
        "03:00",
    ]);
    let (due, _) = deadline(&n.desk.show(&id), "callback");
    (
        id,
        DateTime::parse_from_rfc3339(&due).expect("an RFC 3339 due time"),
    )
}

#[test]
fn a_resolved_repairs_other_deadlines_stop_their_ladder() {
    let robot = Robot::start();
    let mut n = Notified::new(&ladder_config(robot.port, ""));
    let (_, _) = resolved_owing_a_callback(&mut n);
    // Its arrival and resolution would be overdue by now had it not been resolved.
    run_at(
        &mut n,
        DateTime::parse_from_rfc3339("2026-11-26T12:00:00+08:00").unwrap(),
    );
    let got: Vec<String> = robot
        .got()
        .iter()
        .filter_map(|g| g.body["text"]["content"].as_str())
        .filter(|c| c.contains("超时"))
        .map(String::from)
        .collect();
    assert_eq!(got, Vec::<String>::new());
}

#[test]
fn a_callback_owed_climbs_the_ladder_at_each_steps_time() {
    let robot = Robot::start();
    let mut n = Notified::new(&ladder_config(
        robot.port,
        "[notify.escalation]\nmanager_after_minutes = 30\n[notify.escalation.deadlines]\ncallback = 240\n",
    ));
    let (_, due) = resolved_owing_a_callback(&mut n);
    assert_eq!(
        at(due),
        "2026-11-28T03:00:00+08:00",
        "3 days after the resolve"
    );
    // Soon: the last quarter of its 3 days (18 h before due).
    let soon = due - Duration::hours(18);
    run_at(&mut n, soon - Duration::seconds(1));
    assert_eq!(heads_of(&robot, "回访"), Vec::<String>::new());
    run_at(&mut n, soon);
    assert_eq!(heads_of(&robot, "回访"), ["【即将超时】"]);
    run_at(&mut n, due);
    assert_eq!(heads_of(&robot, "回访"), ["【即将超时】"]);
    run_at(&mut n, due + Duration::seconds(1));
    assert_eq!(heads_of(&robot, "回访"), ["【即将超时】", "【已超时】"]);
    // The manager after the callback's own wait (240 min), not the default 30.
    run_at(&mut n, due + Duration::minutes(240));
    assert_eq!(heads_of(&robot, "回访"), ["【即将超时】", "【已超时】"]);
    run_at(&mut n, due + Duration::minutes(240) + Duration::seconds(1));
    assert_eq!(
        heads_of(&robot, "回访"),
        ["【即将超时】", "【已超时】", "【超时升级】"]
    );
    run_at(&mut n, due + Duration::hours(10));
    assert_eq!(heads_of(&robot, "回访").len(), 3, "each step once");
}

#[test]
fn a_callback_made_stops_its_ladder() {
    let robot = Robot::start();
    let mut n = Notified::new(&ladder_config(robot.port, ""));
    let (id, due) = resolved_owing_a_callback(&mut n);
    n.desk.set_now("2026-11-26T10:00:00+08:00");
    n.ok(&[
        "act",
        &id,
        "callback",
        "--form",
        "phone",
        "--satisfaction",
        "satisfied",
    ]);
    run_at(&mut n, due + Duration::hours(2));
    assert_eq!(heads_of(&robot, "回访"), Vec::<String>::new());
    // Its quality follow-up (30 to 60 days after) is owed by the closed record: listed on the
    // desk, not phoned.
    let (quality, _) = deadline(&n.desk.show(&id), "quality_callback");
    let quality = DateTime::parse_from_rfc3339(&quality).unwrap();
    for t in [quality - Duration::days(1), quality + Duration::days(1)] {
        run_at(&mut n, t);
    }
    assert_eq!(heads_of(&robot, "质量回访"), Vec::<String>::new());
}
