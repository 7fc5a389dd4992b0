//! Pausing a record's deadlines with a reason (`act ID pause --reason R [--until T]`, `resume`):
//! every affected deadline moves by exactly the paused time; a paused deadline is never soon
//! or overdue, past its old due too; `--until` resumes it by itself; the handover lists it;
//! every refusal is one line naming the field or step, exit 2, nothing written.

mod common;

use chrono::Duration;
use common::*;
use dutydesk::domain::deadline::{deadlines, urgency};
use dutydesk::domain::*;

const NOW: &str = "2026-11-25T03:00:00+08:00";

fn due(record: &serde_json::Value, name: &str) -> chrono::DateTime<chrono::Utc> {
    t(&deadline(record, name).0)
}

fn state(record: &serde_json::Value, name: &str) -> String {
    deadline(record, name).1
}

/// A general repair in a home, received at 02:50: dispatch due 02:57, resolution 24 h later.
fn repair(d: &Desk) -> String {
    d.add(&[
        "repair",
        "--category",
        "general",
        "--room",
        "3-2-1201",
        "--location",
        "3号楼",
        "--summary",
        "水龙头滴水",
        "--phone",
        "13800138000",
        "--at",
        "02:50",
    ])
}

// ---------------------------------------------------------------- the rule, through the library

fn domain_repair() -> Record {
    let new = NewRecord {
        details: Details::Repair(RepairDetails {
            category: RepairCategory::ElevatorEntrapment,
            appointment: None,
            warranty: false,
        }),
        summary: "电梯困人".into(),
        room: None,
        location: Some("5号楼电梯".into()),
        name: None,
        phone: Some("13800138000".into()),
    };
    let at = t("2026-11-25T02:00:00+08:00");
    Record::created(
        RecordId::new(RecordKind::Repair, 2026, 1).unwrap(),
        new,
        at,
        at,
        "王",
    )
}

fn pause(until: Option<&str>) -> Action {
    Action::Pause {
        reason: "业主不在家".into(),
        until: until.map(t),
    }
}

#[test]
fn a_pause_moves_every_open_deadline_by_exactly_the_paused_time() {
    let p = policy();
    let r = domain_repair();
    let before = deadlines(&r, &p);
    // Dispatched at 02:05: dispatch met; arrival and resolution open.
    let r = r
        .apply(
            &Action::Dispatch {
                to: "张师傅".into(),
            },
            t("2026-11-25T02:05:00+08:00"),
            "王",
        )
        .unwrap();
    let r = r
        .apply(&pause(None), t("2026-11-25T02:10:00+08:00"), "王")
        .unwrap();
    let r = r
        .apply(&Action::Resume, t("2026-11-25T02:47:30+08:00"), "王")
        .unwrap();
    let after = deadlines(&r, &p);
    let paused = Duration::seconds(37 * 60 + 30);
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        if a.name == DeadlineName::Dispatch {
            assert_eq!(a.due, b.due, "met before the pause: not moved");
        } else {
            assert_eq!(a.due - b.due, paused, "{:?}", a.name);
            assert_eq!(a.soon_from - b.soon_from, paused, "{:?}", a.name);
        }
    }
}

#[test]
fn until_resumes_it_by_itself_just_at_that_time() {
    let p = policy();
    let r = domain_repair()
        .apply(
            &pause(Some("2026-11-25T03:00:00+08:00")),
            t("2026-11-25T02:05:00+08:00"),
            "王",
        )
        .unwrap();
    let all = deadlines(&r, &p);
    let arrival = all
        .iter()
        .find(|d| d.name == DeadlineName::Arrival)
        .unwrap();
    // 02:15 moved by 55 minutes.
    assert_eq!(arrival.due, t("2026-11-25T03:10:00+08:00"));
    let until = t("2026-11-25T03:00:00+08:00");
    let s = Duration::seconds(1);
    assert_eq!(arrival.state(until - s), DeadlineState::Paused);
    assert_ne!(arrival.state(until), DeadlineState::Paused);
    assert_ne!(arrival.state(until + s), DeadlineState::Paused);
    assert!(r.paused_at(until - s).is_some());
    assert!(r.paused_at(until).is_none());
    assert_eq!(urgency(&all, until - s), Urgency::None);
    assert_ne!(urgency(&all, until), Urgency::None);
    // Resuming after it resumed by itself is refused; pausing again is allowed.
    assert!(r.apply(&Action::Resume, until, "王").is_err());
    assert!(r.apply(&Action::Resume, until - s, "王").is_ok());
    assert!(r.apply(&pause(None), until, "王").is_ok());
    assert!(r.apply(&pause(None), until - s, "王").is_err());
}

#[test]
fn a_paused_deadline_is_not_overdue_past_its_old_due() {
    let p = policy();
    let r = domain_repair()
        .apply(&pause(None), t("2026-11-25T02:05:00+08:00"), "王")
        .unwrap();
    let late = t("2026-11-26T09:00:00+08:00");
    for d in deadlines(&r, &p) {
        assert!(late > d.due);
        assert_eq!(d.state(late), DeadlineState::Paused, "{:?}", d.name);
    }
    assert_eq!(urgency(&deadlines(&r, &p), late), Urgency::None);
}

#[test]
fn several_pauses_add_up() {
    let p = policy();
    let before = deadlines(&domain_repair(), &p);
    let r = domain_repair()
        .apply(&pause(None), t("2026-11-25T02:01:00+08:00"), "王")
        .unwrap()
        .apply(&Action::Resume, t("2026-11-25T02:03:00+08:00"), "王")
        .unwrap()
        .apply(
            &pause(Some("2026-11-25T02:20:00+08:00")),
            t("2026-11-25T02:04:00+08:00"),
            "王",
        )
        .unwrap();
    for (b, a) in before.iter().zip(deadlines(&r, &p)) {
        assert_eq!(a.due - b.due, Duration::minutes(2 + 16), "{:?}", a.name);
    }
}

// ---------------------------------------------------------------- the command line

#[test]
fn pause_until_moves_the_deadlines_and_resumes_by_itself() {
    let mut d = Desk::new(NOW);
    let id = repair(&d);
    let r = d.show(&id);
    let (dispatch, resolution) = (due(&r, "dispatch"), due(&r, "resolution"));
    assert_eq!(state(&r, "dispatch"), "overdue");
    d.ok(&[
        "act",
        &id,
        "pause",
        "--reason",
        "业主不在家",
        "--at",
        "02:52",
        "--until",
        "03:30",
    ]);
    let r = d.show(&id);
    let paused = Duration::minutes(38);
    assert_eq!(due(&r, "dispatch") - dispatch, paused);
    assert_eq!(due(&r, "resolution") - resolution, paused);
    assert_eq!(state(&r, "dispatch"), "paused");
    assert_eq!(state(&r, "resolution"), "paused");
    assert_eq!(r["urgency"], "none");
    assert_eq!(r["paused"]["reason"], "业主不在家");
    assert_eq!(r["paused"]["until"], "2026-11-25T03:30:00+08:00");
    let dl = &r["deadlines"][0];
    assert_eq!(dl["paused_since"], "2026-11-25T02:52:00+08:00");
    assert_eq!(dl["paused_until"], "2026-11-25T03:30:00+08:00");
    // Past the old due (02:57), it is not overdue: not in the overdue list, not soon.
    assert!(ids(&d.json(&["list", "--overdue"])).is_empty());
    assert!(ids(&d.json(&["list", "--soon"])).is_empty());
    // Just before, at and just after --until.
    d.set_now("2026-11-25T03:29:59+08:00");
    assert_eq!(state(&d.show(&id), "dispatch"), "paused");
    // Paused at 02:52 with 5 minutes left: 5 minutes left again at 03:30.
    d.set_now("2026-11-25T03:30:00+08:00");
    let r = d.show(&id);
    assert_eq!(state(&r, "dispatch"), "ok");
    assert_eq!(r["paused"], serde_json::Value::Null);
    d.set_now("2026-11-25T03:30:01+08:00");
    assert_eq!(state(&d.show(&id), "dispatch"), "ok");
    // 02:57 + 38 min = 03:35: overdue one second after.
    d.set_now("2026-11-25T03:35:01+08:00");
    assert_eq!(state(&d.show(&id), "dispatch"), "overdue");
    assert_eq!(ids(&d.json(&["list", "--overdue"])), vec![id.to_string()]);
    // No event was written for the resume.
    let actions: Vec<String> = d.show(&id)["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actions, ["create", "pause"]);
    d.ok(&["verify"]);
}

#[test]
fn resume_by_hand_moves_by_the_time_it_was_paused() {
    let mut d = Desk::new(NOW);
    let id = repair(&d);
    let dispatch = due(&d.show(&id), "dispatch");
    d.ok(&[
        "act",
        &id,
        "pause",
        "--reason",
        "业主不在家",
        "--at",
        "02:52",
    ]);
    d.set_now("2026-11-25T05:00:00+08:00");
    // Paused with no end set: still paused hours later.
    assert_eq!(state(&d.show(&id), "dispatch"), "paused");
    let draft = d.json(&["handover", "show"]);
    assert_eq!(draft["paused"][0]["id"], id);
    assert_eq!(draft["paused"][0]["reason"], "业主不在家");
    assert_eq!(draft["paused"][0]["until"], serde_json::Value::Null);
    d.ok(&["act", &id, "resume", "--at", "04:00"]);
    let r = d.show(&id);
    assert_eq!(due(&r, "dispatch") - dispatch, Duration::minutes(68));
    assert_eq!(state(&r, "dispatch"), "overdue");
    assert!(d.json(&["handover", "show"])["paused"].is_null());
    d.ok(&["verify"]);
}

#[test]
fn a_complaint_pauses_and_the_text_shows_why() {
    let d = Desk::new(NOW);
    let id = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--name",
        "李女士",
        "--phone",
        "13912345678",
        "--summary",
        "楼上噪音",
        "--at",
        "02:00",
    ]);
    d.ok(&[
        "act",
        &id,
        "pause",
        "--reason",
        "业主出差",
        "--at",
        "02:30",
        "--until",
        "09:00",
    ]);
    let r = d.show(&id);
    for name in deadline_names(&r) {
        assert_eq!(state(&r, &name), "paused", "{name}");
    }
    let text = d.ok(&["show", &id]);
    assert!(
        text.contains("paused: 业主出差 (until 2026-11-25 09:00)"),
        "{text}"
    );
    let list = d.ok(&["list"]);
    assert!(list.contains("paused"), "{list}");
}

/// Run `args` in English and Chinese: exit 2, the one line each, nothing written.
fn refused(d: &Desk, args: &[&str], en: &str, zh: &str) {
    let before = d.events();
    for (lang, want) in [("en", en), ("zh", zh)] {
        let out = d
            .command()
            .env("DUTYDESK_LANG", lang)
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{lang} {args:?}: {stderr}");
        assert_eq!(stderr.trim_end(), want, "{lang} {args:?}");
    }
    assert_eq!(d.events(), before, "{args:?} wrote something");
}

#[test]
fn every_refusal_names_the_step_or_field_and_writes_nothing() {
    let d = Desk::new(NOW);
    let id = repair(&d);
    let log = d.add(&["log", "--summary", "巡查正常", "--at", "02:00"]);
    refused(
        &d,
        &["act", &id, "resume"],
        "dutydesk: pause: the record is not paused; nothing to resume",
        "dutydesk: 暂停: 该记录未暂停, 无需恢复",
    );
    refused(
        &d,
        &["act", &log, "pause", "--reason", "x"],
        "dutydesk: 'pause' is not allowed on a log that is logged",
        "dutydesk: 已记录状态的值班记录不能暂停",
    );
    refused(
        &d,
        &[
            "act",
            &id,
            "pause",
            "--reason",
            "x",
            "--at",
            "02:55",
            "--until",
            "2026-11-25 02:55",
        ],
        "dutydesk: until: must be later than the pause itself",
        "dutydesk: 恢复时间: 须晚于暂停的时间",
    );
    refused(
        &d,
        &["act", &id, "pause", "--reason", " "],
        "dutydesk: reason: must not be empty",
        "dutydesk: 原因: 不能为空",
    );
    d.ok(&[
        "act",
        &id,
        "pause",
        "--reason",
        "业主不在家",
        "--at",
        "02:52",
    ]);
    refused(
        &d,
        &["act", &id, "pause", "--reason", "again"],
        "dutydesk: pause: the record is already paused; resume it first",
        "dutydesk: 暂停: 该记录已暂停; 请先恢复",
    );
    d.ok(&["act", &id, "void", "--reason", "重复登记"]);
    refused(
        &d,
        &["act", &id, "resume"],
        "dutydesk: 'resume' is not allowed on a repair that is voided",
        "dutydesk: 已作废状态的报修不能恢复计时",
    );
}

// ---------------------------------------------------------------- a flag on a duty-log entry

#[test]
fn a_duty_log_entry_can_be_flagged_for_the_next_shift_and_unflagged() {
    let d = Desk::new(NOW);
    let log = d.add(&["log", "--summary", "5号楼车库积水", "--at", "02:00"]);
    d.ok(&["act", &log, "watch", "早上8点复查车库"]);
    let r = d.show(&log);
    assert_eq!(r["status"], "logged");
    assert_eq!(r["watch"]["instruction"], "早上8点复查车库");
    let draft = d.json(&["handover", "show"]);
    assert_eq!(draft["watch"][0]["id"], log);
    assert_eq!(draft["watch"][0]["instruction"], "早上8点复查车库");
    // Listed with the open matters until the flag is taken off.
    assert_eq!(ids(&d.json(&["list", "log", "--open"])), vec![log.clone()]);
    d.ok(&["act", &log, "unwatch"]);
    assert!(d.show(&log)["watch"].is_null());
    assert!(
        d.json(&["handover", "show"])["watch"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(ids(&d.json(&["list", "log", "--open"])).is_empty());
    // Voiding takes the flag off; a voided entry cannot be flagged.
    d.ok(&["act", &log, "watch", "再看一次"]);
    d.ok(&["act", &log, "void", "--reason", "记错了"]);
    assert!(d.show(&log)["watch"].is_null());
    refused(
        &d,
        &["act", &log, "watch", "x"],
        "dutydesk: 'watch' is not allowed on a log that is voided",
        "dutydesk: 已作废状态的值班记录不能重点关注",
    );
    d.ok(&["verify"]);
}
