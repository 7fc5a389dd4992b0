//! Shift handover through the real binary: compiled content, comparison with the last signed
//! handover, immutability after signing, shifts crossing midnight.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Desk {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Desk {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        // An empty database, as the desk creates on first use: lookups never create one.
        dutydesk::store::Store::open(&db, dutydesk::store::OpenOptions::default()).unwrap();
        Self { _dir: dir, db }
    }

    fn run(&self, now: &str, operator: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_dutydesk"))
            .args(args)
            .env("DUTYDESK_DB", &self.db)
            .env("DUTYDESK_NOW", now)
            .env("DUTYDESK_OPERATOR", operator)
            .env("DUTYDESK_CONFIG", Path::new("/nonexistent/config.toml"))
            .env("DUTYDESK_LANG", "en")
            .env("TZ", "Asia/Shanghai")
            .env_remove("DUTYDESK_READONLY")
            .output()
            .unwrap()
    }

    fn ok(&self, now: &str, args: &[&str]) -> String {
        let out = self.run(now, "outgoing", args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    fn json(&self, now: &str, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(now, args)).unwrap()
    }
}

fn ids(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

const MORNING: &str = "2026-11-25T08:00:00+08:00";

#[test]
fn draft_lists_what_was_open_before_closed_during_and_new() {
    let d = Desk::new();
    // Opened during the night shift, before the day shift starts.
    let old = d.ok(
        "2026-11-25T07:00:00+08:00",
        &[
            "add",
            "repair",
            "--category",
            "general",
            "--location",
            "1号楼大堂",
            "--summary",
            "大堂灯不亮",
        ],
    );
    let closed = d.ok(
        "2026-11-25T07:10:00+08:00",
        &[
            "add",
            "call",
            "--kind",
            "consultation",
            "--channel",
            "phone",
            "--summary",
            "询问停水时间",
        ],
    );
    // Signed at the morning change: both were open then.
    d.ok(
        "2026-11-25T08:05:00+08:00",
        &["handover", "sign", "--by", "day"],
    );
    // During the day shift: one closed, one new, one watched.
    d.ok("2026-11-25T09:00:00+08:00", &["act", &closed, "resolve"]);
    let new = d.ok(
        "2026-11-25T10:00:00+08:00",
        &[
            "add",
            "repair",
            "--category",
            "elevator_entrapment",
            "--location",
            "5号楼电梯",
            "--summary",
            "电梯困人",
            "--room",
            "5-2-1201",
        ],
    );
    d.ok(
        "2026-11-25T10:01:00+08:00",
        &["act", &old, "watch", "check the lobby lights before 22:00"],
    );
    d.ok(
        "2026-11-25T12:00:00+08:00",
        &["handover", "note", "钥匙已交保安队长"],
    );

    let draft = d.json("2026-11-25T19:50:00+08:00", &["handover", "show", "--json"]);
    assert_eq!(draft["shift"]["name"], "Day");
    assert_eq!(draft["to_shift"], "Night");
    let mut open = ids(&draft, "open");
    open.sort();
    let mut expected = vec![old.clone(), new.clone()];
    expected.sort();
    assert_eq!(open, expected);
    assert_eq!(ids(&draft, "new_since_last"), vec![new.clone()]);
    assert_eq!(ids(&draft, "closed_since_last"), vec![closed.clone()]);
    assert_eq!(ids(&draft, "still_open"), vec![old.clone()]);
    let mut overdue = ids(&draft, "overdue");
    overdue.sort();
    // The public-area repair missed its 15-minute arrival too.
    assert_eq!(overdue, expected, "both are long overdue");
    assert_eq!(ids(&draft, "urgent_repairs"), vec![new.clone()]);
    assert_eq!(draft["watch"][0]["id"], old.as_str());
    assert_eq!(draft["notes"][0]["text"], "钥匙已交保安队长");
    assert_eq!(draft["notes"][0]["by"], "outgoing");
    assert_eq!(draft["created"]["repair"], 1);
}

#[test]
fn signing_freezes_the_handover() {
    let d = Desk::new();
    d.ok(
        "2026-11-25T19:00:00+08:00",
        &[
            "add",
            "repair",
            "--category",
            "general",
            "--location",
            "2号楼",
            "--summary",
            "门禁故障",
        ],
    );
    d.ok(
        "2026-11-25T19:40:00+08:00",
        &["handover", "note", "门禁待修"],
    );
    let h = d.ok(
        "2026-11-25T19:55:00+08:00",
        &["handover", "sign", "--by", "night"],
    );
    assert!(h.starts_with("H-2026-"), "{h}");

    let later = "2026-11-25T20:10:00+08:00";
    let before = d.json(later, &["show", &h, "--json"]);
    // Nothing can be added to it afterwards.
    for args in [
        vec!["act", h.as_str(), "note", "late addition"],
        vec!["handover", "sign", "--by", "someone"],
    ] {
        let out = d.run(later, "outgoing", &args);
        assert_eq!(out.status.code(), Some(2), "{args:?} must be refused");
        assert!(!out.stderr.is_empty());
    }
    let after = d.json(later, &["show", &h, "--json"]);
    assert_eq!(before, after, "a signed handover never changes");
    assert_eq!(after["status"], "signed");
    assert_eq!(after["signature"]["by"], "night");
    assert_eq!(after["signature"]["outgoing"], "outgoing");

    // Voided with a reason, it can be signed again.
    d.ok(
        later,
        &["act", &h, "void", "--reason", "signed by the wrong person"],
    );
    let again = d.ok(later, &["handover", "sign", "--by", "night2"]);
    assert_ne!(again, h);
}

#[test]
fn bad_handover_input_is_refused_and_writes_nothing() {
    let d = Desk::new();
    let now = "2026-11-25T19:50:00+08:00";
    let stats = || d.json(now, &["stats", "--json"])["events"].clone();
    let before = stats();
    for args in [
        vec!["handover", "sign", "--by", "  "],
        vec!["handover", "sign", "--by", "outgoing"],
        vec!["handover", "note", ""],
        vec!["handover", "refuse", "--by", "night", "--reason", ""],
    ] {
        let out = d.run(now, "outgoing", &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let long = "长".repeat(4001);
    assert_eq!(
        d.run(now, "outgoing", &["handover", "note", &long])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(stats(), before);
}

#[test]
fn refusal_keeps_the_handover_open_until_accepted() {
    let d = Desk::new();
    let now = "2026-11-25T19:50:00+08:00";
    let h = d.ok(
        now,
        &[
            "handover",
            "refuse",
            "--by",
            "night",
            "--reason",
            "钥匙少一把",
        ],
    );
    let h = h.split_whitespace().next().unwrap().to_string();
    let shown = d.json(now, &["show", &h, "--json"]);
    assert_eq!(shown["status"], "draft");
    assert_eq!(shown["refusals"][0]["reason"], "钥匙少一把");
    assert_eq!(d.ok(now, &["handover", "sign", "--by", "night"]), h);
}

#[test]
fn night_shift_crosses_midnight() {
    let d = Desk::new();
    // The desk in use since the night shift (a new file owes nothing from before it).
    d.ok(
        "2026-11-25T02:00:00+08:00",
        &["add", "log", "--summary", "巡逻一切正常"],
    );
    // 03:00 is in the night shift that started at 20:00 the day before.
    let draft = d.json("2026-11-25T03:00:00+08:00", &["handover", "show", "--json"]);
    assert_eq!(draft["shift"]["name"], "Night");
    assert_eq!(draft["shift"]["start"], "2026-11-24T20:00:00+08:00");
    assert_eq!(draft["shift"]["end"], "2026-11-25T08:00:00+08:00");
    // Within 30 minutes after 08:00 it is still the night shift's handover.
    let draft = d.json("2026-11-25T08:20:00+08:00", &["handover", "show", "--json"]);
    assert_eq!(draft["shift"]["name"], "Night");
    let draft = d.json("2026-11-25T08:31:00+08:00", &["handover", "show", "--json"]);
    assert_eq!(draft["shift"]["name"], "Day");
    // The night handover was never signed: it shows as late.
    assert_eq!(draft["unsigned_previous"], "2026-11-25T08:00:00+08:00");
    let _ = MORNING;
}

#[test]
fn handover_list_and_show_from_another_terminal() {
    let d = Desk::new();
    let h = d.ok(
        "2026-11-25T07:45:00+08:00",
        &["handover", "sign", "--by", "day"],
    );
    let list = d.json("2026-11-25T09:00:00+08:00", &["handover", "list", "--json"]);
    assert_eq!(list[0]["id"], h.as_str());
    assert_eq!(list[0]["incoming"], "day");
    assert_eq!(list[0]["from_shift"], "Night");
    let text = d.ok("2026-11-25T09:00:00+08:00", &["handover", "show", &h]);
    assert!(text.contains("day"), "{text}");
}

/// The incoming shift learns what the ending one resolved or closed (the water is back on),
/// including a repair resolved but still owing its callback; a signed handover keeps the list.
#[test]
fn handover_names_what_the_shift_resolved_or_closed() {
    let d = Desk::new();
    let at = |t: &str| format!("2026-11-25T{t}:00+08:00");
    let water = d.ok(
        &at("09:00"),
        &[
            "add",
            "repair",
            "--category",
            "water_fault",
            "--location",
            "3号楼",
            "--room",
            "3-2-1201",
            "--summary",
            "3号楼停水",
        ],
    );
    d.ok(&at("09:03"), &["act", &water, "dispatch", "--to", "老王"]);
    d.ok(&at("09:10"), &["act", &water, "arrive"]);
    d.ok(
        &at("11:40"),
        &[
            "act", &water, "resolve", "--signed", "no", "--rating", "neutral",
        ],
    );
    let question = d.ok(
        &at("12:00"),
        &[
            "add",
            "call",
            "--kind",
            "consultation",
            "--channel",
            "phone",
            "--summary",
            "询问停水时间",
        ],
    );
    d.ok(&at("12:05"), &["act", &question, "resolve"]);
    let still = d.ok(
        &at("13:00"),
        &[
            "add",
            "repair",
            "--category",
            "general",
            "--location",
            "1号楼大堂",
            "--summary",
            "大堂灯不亮",
        ],
    );

    let draft = d.json(&at("19:50"), &["handover", "show", "--json"]);
    let settled = draft["resolved_since_last"]
        .as_array()
        .unwrap_or_else(|| panic!("resolved_since_last missing in {draft}"));
    let listed: Vec<(&str, &str, &str)> = settled
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap(),
                s["kind"].as_str().unwrap(),
                s["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![
            (water.as_str(), "repair", "resolved"),
            (question.as_str(), "call", "closed"),
        ],
        "{draft}"
    );
    assert_eq!(settled[0]["summary"], "3号楼停水");
    assert_eq!(settled[0]["at"], "2026-11-25T11:40:00+08:00");
    assert!(!listed.iter().any(|(id, ..)| *id == still));

    let text = d.ok(&at("19:50"), &["handover", "show"]);
    assert!(
        text.contains("Resolved or closed since the last handover (2)")
            && text.contains(&format!(
                "{water} 11-25 11:40 resolved (callback owed)  3号楼停水"
            )),
        "{text}"
    );

    // Signed, the list is frozen into it; the next shift starts its own list.
    let h = d.ok(&at("19:55"), &["handover", "sign", "--by", "night"]);
    let signed = d.json(&at("20:10"), &["handover", "show", &h, "--json"]);
    assert_eq!(
        signed["content"]["resolved_since_last"],
        draft["resolved_since_last"]
    );
    let next = d.json(&at("21:00"), &["handover", "show", "--json"]);
    assert!(next.get("resolved_since_last").is_none(), "{next}");
}

/// A brand-new database owes no handover for a shift change from before it existed; the
/// first one it lived through is owed as ever.
#[test]
fn a_new_database_owes_no_handover_from_before_it_existed() {
    let d = Desk::new();
    let empty = d.json("2026-11-25T09:00:00+08:00", &["handover", "show", "--json"]);
    assert_eq!(empty["unsigned_previous"], Value::Null, "{empty}");
    d.ok(
        "2026-11-25T10:00:00+08:00",
        &["add", "log", "--summary", "第一天启用值班台"],
    );
    let first_day = d.json("2026-11-25T10:30:00+08:00", &["handover", "show", "--json"]);
    assert_eq!(first_day["unsigned_previous"], Value::Null, "{first_day}");
    let text = d.ok("2026-11-25T10:30:00+08:00", &["handover", "show"]);
    assert!(!text.contains("NOT SIGNED"), "{text}");
    // The evening change passed while the file was in use, unsigned: it is owed.
    let night = d.json("2026-11-25T21:00:00+08:00", &["handover", "show", "--json"]);
    assert_eq!(
        night["unsigned_previous"], "2026-11-25T20:00:00+08:00",
        "{night}"
    );
}

/// The incoming person signs from their own session (`DUTYDESK_OPERATOR` is their name): the
/// outgoing operator is whoever wrote in the ending shift; with no one else, refused saying why.
#[test]
fn the_incoming_person_signs_from_their_own_session() {
    let d = Desk::new();
    let now = "2026-11-25T19:55:00+08:00";
    let alone = d.run(now, "李四", &["handover", "sign", "--by", "李四"]);
    assert_eq!(alone.status.code(), Some(2), "no one else ran the shift");
    assert!(String::from_utf8_lossy(&alone.stderr).contains("outgoing operator"));
    d.ok(
        "2026-11-25T19:40:00+08:00",
        &["handover", "note", "门禁待修"],
    );
    let out = d.run(now, "李四", &["handover", "sign", "--by", "李四"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let h = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let signed = d.json("2026-11-25T20:10:00+08:00", &["show", &h, "--json"]);
    assert_eq!(signed["signature"]["by"], "李四");
    assert_eq!(signed["signature"]["outgoing"], "outgoing");
}
