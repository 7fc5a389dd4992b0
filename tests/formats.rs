//! The stored and printed formats, pinned byte for byte: what the database holds (a record's
//! details, every action, the first event's payload) is covered by the hash chain, so a
//! refactor must keep every string below identical. Also pinned: a digest of every event of a
//! fixed demo database, `show` (JSON and text) of one record per kind, and `add X --help`.

mod common;

use common::*;
use dutydesk::domain::record::Change;
use dutydesk::domain::*;
use serde_json::json;
use std::path::PathBuf;

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serialises")
}

/// `value` serialises to exactly `pinned`, and `pinned` reads back as `value`.
#[track_caller]
fn pinned<T>(value: &T, pinned: &str)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    assert_eq!(to_json(value), pinned, "{value:?}");
    let back: T = serde_json::from_str(pinned).expect("reads back");
    assert_eq!(&back, value, "{pinned}");
}

// ---------------------------------------------------------------- stored JSON

#[test]
fn every_details_variant_with_and_without_its_optional_fields() {
    pinned(
        &Details::Log(LogDetails {
            category: LogCategory::KeyLocation,
        }),
        r#"{"kind":"log","category":"key_location"}"#,
    );
    pinned(
        &Details::Call(CallDetails {
            call_kind: CallKind::Complaint,
            channel: Channel::Letter,
            class: None,
        }),
        r#"{"kind":"call","call_kind":"complaint","channel":"letter"}"#,
    );
    pinned(
        &Details::Call(CallDetails {
            call_kind: CallKind::Complaint,
            channel: Channel::Online,
            class: Some(ComplaintClass::Important),
        }),
        r#"{"kind":"call","call_kind":"complaint","channel":"online","class":"important"}"#,
    );
    pinned(
        &Details::Repair(RepairDetails {
            category: RepairCategory::ElevatorEntrapment,
            appointment: None,
            warranty: false,
        }),
        r#"{"kind":"repair","category":"elevator_entrapment"}"#,
    );
    pinned(
        &Details::Repair(RepairDetails {
            category: RepairCategory::Paid,
            appointment: Some(t("2026-11-26T14:30:00+08:00")),
            warranty: false,
        }),
        r#"{"kind":"repair","category":"paid","appointment":"2026-11-26T06:30:00Z"}"#,
    );
    // A warranty quality complaint says so; other repairs read as before (above).
    pinned(
        &Details::Repair(RepairDetails {
            category: RepairCategory::General,
            appointment: None,
            warranty: true,
        }),
        r#"{"kind":"repair","category":"general","warranty":true}"#,
    );
    pinned(
        &Details::Handover(HandoverDetails {
            from_shift: "night".into(),
            to_shift: "day".into(),
            shift_start: t("2026-11-24T20:00:00+08:00"),
            boundary: t("2026-11-25T08:00:00+08:00"),
        }),
        r#"{"kind":"handover","from_shift":"night","to_shift":"day","shift_start":"2026-11-24T12:00:00Z","boundary":"2026-11-25T00:00:00Z"}"#,
    );
    pinned(
        &Details::Incident(IncidentDetails {
            incident_type: IncidentType::Fire,
            casualties: None,
        }),
        r#"{"kind":"incident","type":"fire"}"#,
    );
    pinned(
        &Details::Incident(IncidentDetails {
            incident_type: IncidentType::Casualty,
            casualties: Some(0),
        }),
        r#"{"kind":"incident","type":"casualty","casualties":0}"#,
    );
}

#[test]
fn every_action_variant_with_and_without_its_optional_fields() {
    let cases: Vec<(Action, &str)> = vec![
        (
            Action::Dispatch {
                to: "张师傅".into(),
            },
            r#"{"action":"dispatch","to":"张师傅"}"#,
        ),
        (Action::Arrive, r#"{"action":"arrive"}"#),
        (
            Action::Assess {
                difficulty: Difficulty::Difficult,
            },
            r#"{"action":"assess","difficulty":"difficult"}"#,
        ),
        (Action::resolve(None), r#"{"action":"resolve"}"#),
        (
            Action::resolve(Some("30 元".into())),
            r#"{"action":"resolve","fee":"30 元"}"#,
        ),
        (
            Action::callback_closing(CallbackForm::Visit, Satisfaction::NoAnswer),
            r#"{"action":"callback","form":"visit","satisfaction":"no_answer"}"#,
        ),
        (
            Action::Callback {
                form: CallbackForm::Phone,
                satisfaction: Satisfaction::Satisfied,
                reached: Some(true),
                words: None,
                signed: None,
                follow_up: None,
                quality: true,
            },
            r#"{"action":"callback","form":"phone","satisfaction":"satisfied","reached":true,"quality":true}"#,
        ),
        (
            Action::Classify {
                class: ComplaintClass::Major,
            },
            r#"{"action":"classify","class":"major"}"#,
        ),
        (
            Action::Reply { written: false },
            r#"{"action":"reply","written":false}"#,
        ),
        (
            Action::Reply { written: true },
            r#"{"action":"reply","written":true}"#,
        ),
        (
            Action::Note {
                text: "第二行\n\"quoted\"".into(),
            },
            r#"{"action":"note","text":"第二行\n\"quoted\""}"#,
        ),
        (
            Action::Void {
                reason: "wrong room".into(),
            },
            r#"{"action":"void","reason":"wrong room"}"#,
        ),
        (
            Action::Escalate {
                to: ComplaintClass::Major,
            },
            r#"{"action":"escalate","to":"major"}"#,
        ),
        (
            Action::Watch {
                instruction: "check at 07:00".into(),
            },
            r#"{"action":"watch","instruction":"check at 07:00"}"#,
        ),
        (Action::Unwatch, r#"{"action":"unwatch"}"#),
        (
            Action::Sign {
                by: "李四".into(),
                content: json!({"notes": [], "chain_head": [12, "ab"]}),
                outgoing: None,
            },
            r#"{"action":"sign","by":"李四","content":{"chain_head":[12,"ab"],"notes":[]}}"#,
        ),
        (
            Action::Sign {
                by: "李四".into(),
                content: json!({}),
                outgoing: Some("王值班".into()),
            },
            r#"{"action":"sign","by":"李四","content":{},"outgoing":"王值班"}"#,
        ),
        (
            Action::Refuse {
                by: "李四".into(),
                reason: "未交代钥匙".into(),
            },
            r#"{"action":"refuse","by":"李四","reason":"未交代钥匙"}"#,
        ),
        (
            Action::Report {
                to: "王经理".into(),
                role: "项目经理".into(),
                how: ReportHow::InPerson,
                answer: None,
            },
            r#"{"action":"report","to":"王经理","role":"项目经理","how":"in_person"}"#,
        ),
        (
            Action::Report {
                to: "李总".into(),
                role: "总经理".into(),
                how: ReportHow::Written,
                answer: Some("先疏散, 报119".into()),
            },
            r#"{"action":"report","to":"李总","role":"总经理","how":"written","answer":"先疏散, 报119"}"#,
        ),
        (
            Action::Close {
                outcome: "火已扑灭".into(),
                medical_callback: false,
            },
            r#"{"action":"close","outcome":"火已扑灭"}"#,
        ),
        (
            Action::Propose {
                text: "更换存水弯, 今天下午上门".into(),
            },
            r#"{"action":"propose","text":"更换存水弯, 今天下午上门"}"#,
        ),
        (Action::NotifyDeveloper, r#"{"action":"notify_developer"}"#),
        (
            Action::WarrantyExplained,
            r#"{"action":"warranty_explained"}"#,
        ),
        (Action::NotifyHeating, r#"{"action":"notify_heating"}"#),
    ];
    let mut slugs: Vec<&str> = cases.iter().map(|(a, _)| a.slug()).collect();
    slugs.dedup();
    assert_eq!(slugs.len(), 20, "every Action variant is pinned: {slugs:?}");
    for (action, text) in &cases {
        pinned(action, text);
    }
    // Older payloads without the defaulted field still read.
    let old: Action = serde_json::from_str(r#"{"action":"reply"}"#).unwrap();
    assert_eq!(old, Action::Reply { written: false });
}

#[test]
fn a_new_record_and_the_event_payloads() {
    let full = NewRecord {
        details: RepairDetails {
            category: RepairCategory::Paid,
            appointment: Some(t("2026-11-26T14:30:00+08:00")),
            warranty: false,
        }
        .into(),
        summary: "换门锁".into(),
        room: Some("3-2-1201".into()),
        location: Some("3号楼".into()),
        phone: Some("13800138000".into()),
        name: Some("王女士".into()),
    };
    pinned(
        &full,
        r#"{"details":{"kind":"repair","category":"paid","appointment":"2026-11-26T06:30:00Z"},"summary":"换门锁","room":"3-2-1201","location":"3号楼","phone":"13800138000","name":"王女士"}"#,
    );
    let bare = NewRecord {
        details: LogDetails {
            category: LogCategory::KeyLocation,
        }
        .into(),
        summary: "巡查".into(),
        room: None,
        location: None,
        phone: None,
        name: None,
    };
    pinned(
        &bare,
        r#"{"details":{"kind":"log","category":"key_location"},"summary":"巡查"}"#,
    );
    // The events table's payload column is the serialised `Change`.
    assert_eq!(
        to_json(&Change::Created(Box::new(bare))),
        r#"{"details":{"kind":"log","category":"key_location"},"summary":"巡查"}"#
    );
    assert_eq!(
        to_json(&Change::Action(Action::Arrive)),
        r#"{"action":"arrive"}"#
    );
}

// ---------------------------------------------------------------- a whole database

/// The demo is deterministic for a clock and a count: its events, hashes included, are pinned
/// by one digest over (record id, seq, action, payload, hash) of every event.
#[test]
fn demo_database_events_digest() {
    let d = Desk::new("2026-11-27T03:00:00+08:00");
    d.ok(&["demo", "--records", "400"]);
    let conn = rusqlite::Connection::open(&d.db).expect("the database opens");
    let mut stmt = conn
        .prepare(
            "SELECT r.id, e.seq, e.action, e.payload, e.hash
             FROM events e JOIN records r ON r.rowid = e.record ORDER BY e.seq",
        )
        .unwrap();
    let mut hasher = blake3::Hasher::new();
    let mut count = 0;
    let mut rows = stmt.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        let id: String = row.get(0).unwrap();
        let seq: i64 = row.get(1).unwrap();
        let action: String = row.get(2).unwrap();
        let payload: String = row.get(3).unwrap();
        let hash: Vec<u8> = row.get(4).unwrap();
        for field in [id.as_bytes(), action.as_bytes(), payload.as_bytes(), &hash] {
            hasher.update(&(field.len() as u64).to_le_bytes());
            hasher.update(field);
        }
        hasher.update(&seq.to_le_bytes());
        count += 1;
    }
    assert_eq!(count, 1281, "events written by demo --records 400");
    assert_eq!(
        hasher.finalize().to_hex().as_str(),
        "d1b57140cf4a6dad2e001328bf531021f55de9270b8d052ee44ee59ffac4b97c",
        "the demo's events changed: a stored format, the chain or the demo moved"
    );
}

// ---------------------------------------------------------------- show, one record per kind

/// One record of each kind with a full life, on a fixed clock.
fn desk_with_one_of_each() -> (Desk, [String; 4]) {
    let mut d = Desk::new("2026-11-25T03:00:00+08:00");
    let log = d.add(&[
        "log",
        "--category",
        "patrol",
        "--summary",
        "夜间巡查 1-6号楼",
        "--location",
        "1-6号楼",
        "--at",
        "00:30",
    ]);
    d.ok(&["act", &log, "note", "3号楼天台门已锁", "--at", "00:50"]);
    let call = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "letter",
        "--summary",
        "Parking barrier charged twice",
        "--room",
        "2-1-301",
        "--phone",
        "139 0013 9000",
        "--name",
        "Mr Chen",
        "--class",
        "important",
        "--at",
        "2026-11-24 16:30",
    ]);
    d.ok(&["act", &call, "reply", "--at", "2026-11-24 18:00"]);
    d.ok(&[
        "act", &call, "classify", "--class", "major", "--at", "01:05",
    ]);
    d.ok(&["act", &call, "watch", "07:00 再打给陈先生", "--at", "01:06"]);
    let repair = d.add(&[
        "repair",
        "--category",
        "paid",
        "--location",
        "3号楼2单元",
        "--summary",
        "换门锁",
        "--room",
        "3-2-1201",
        "--phone",
        "13800138000",
        "--reporter",
        "王女士",
        "--appointment",
        "2026-11-25 09:00",
        "--at",
        "01:10",
    ]);
    d.ok(&[
        "act",
        &repair,
        "dispatch",
        "--to",
        "张师傅",
        "--at",
        "01:15",
    ]);
    d.ok(&["act", &repair, "arrive", "--at", "01:30"]);
    d.ok(&[
        "act",
        &repair,
        "assess",
        "--difficulty",
        "simple",
        "--at",
        "01:40",
    ]);
    d.ok(&["act", &repair, "resolve", "--fee", "30 元", "--at", "02:00"]);
    d.ok(&[
        "act",
        &repair,
        "callback",
        "--form",
        "phone",
        "--satisfaction",
        "satisfied",
        "--at",
        "02:30",
    ]);
    d.ok(&["handover", "note", "钥匙在前台抽屉", "--at", "02:40"]);
    d.set_now("2026-11-25T07:45:00+08:00");
    d.ok(&["handover", "sign", "--by", "李四"]);
    let handover = d.json(&["handover", "list"])[0]["id"]
        .as_str()
        .expect("a handover id")
        .to_string();
    (d, [log, call, repair, handover])
}

#[test]
fn show_of_one_record_per_kind() {
    let (d, ids) = desk_with_one_of_each();
    for (kind, id) in ["log", "call", "repair", "handover"].iter().zip(&ids) {
        let json = d.run(&["show", id, "--json"]);
        assert_eq!(json.code, 0, "{}", json.stderr);
        insta::assert_snapshot!(format!("show_json_{kind}"), json.stdout);
        for lang in ["en", "zh"] {
            let text = d.run(&["--lang", lang, "show", id]);
            assert_eq!(text.code, 0, "{}", text.stderr);
            insta::assert_snapshot!(format!("show_text_{kind}_{lang}"), text.stdout);
        }
    }
}

#[test]
fn show_of_an_incident() {
    let d = Desk::new("2026-11-25T03:00:00+08:00");
    let id = d.add(&[
        "incident",
        "--type",
        "fire",
        "--summary",
        "3号楼地下车库电动车起火",
        "--location",
        "3号楼车库",
        "--casualties",
        "1",
        "--at",
        "02:40",
    ]);
    d.ok(&[
        "act",
        &id,
        "report",
        "--to",
        "王经理",
        "--role",
        "项目经理",
        "--how",
        "phone",
        "--answer",
        "马上到场",
        "--at",
        "02:45",
    ]);
    d.ok(&[
        "act",
        &id,
        "report",
        "--to",
        "李总",
        "--role",
        "总经理",
        "--how",
        "written",
        "--at",
        "02:55",
    ]);
    d.ok(&[
        "act",
        &id,
        "close",
        "--outcome",
        "火已扑灭, 伤者送医",
        "--at",
        "02:58",
    ]);
    let json = d.run(&["show", &id, "--json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    insta::assert_snapshot!("show_json_incident", json.stdout);
    for lang in ["en", "zh"] {
        let text = d.run(&["--lang", lang, "show", &id]);
        assert_eq!(text.code, 0, "{}", text.stderr);
        insta::assert_snapshot!(format!("show_text_incident_{lang}"), text.stdout);
    }
}

// ---------------------------------------------------------------- add X --help

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

#[test]
fn add_help_pages() {
    let d = Desk::new("2026-11-25T03:00:00+08:00");
    for kind in ["log", "call", "repair", "incident", "pass"] {
        let run = d.run(&["add", kind, "--help"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let path = golden(&format!("add_{kind}_help.txt"));
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        assert_eq!(run.stdout, want, "`dutydesk add {kind} --help` changed");
    }
}

#[test]
fn a_pass_stored_and_shown() {
    // The stored details: the ID number whole and upper case (the event is the record);
    // optional fields left out when empty; the used payload.
    let pass = NewRecord {
        details: PassDetails {
            tenant: None,
            verified_by: VerifiedBy::IdCard,
            checked: Vec::new(),
            mover: "李师傅".into(),
            mover_id: "11010519850612123X".into(),
            moving_at: t("2026-11-25T10:00:00+08:00"),
            fees_settled_by: "财务刘".into(),
        }
        .into(),
        summary: "冰箱1台".into(),
        room: Some("3-2-1201".into()),
        location: None,
        phone: None,
        name: Some("王建国".into()),
    };
    pinned(
        &pass,
        r#"{"details":{"kind":"pass","verified_by":"id_card","mover":"李师傅","mover_id":"11010519850612123X","moving_at":"2026-11-25T02:00:00Z","fees_settled_by":"财务刘"},"summary":"冰箱1台","room":"3-2-1201","name":"王建国"}"#,
    );
    pinned(
        &Change::Action(Action::Used {
            guard: Some("老赵".into()),
        }),
        r#"{"action":"used","guard":"老赵"}"#,
    );
    pinned(
        &Change::Action(Action::Used { guard: None }),
        r#"{"action":"used"}"#,
    );
    let mut d = Desk::new("2026-11-25T03:00:00+08:00");
    let id = d.add(&[
        "pass",
        "--room",
        "3-2-1201",
        "--owner",
        "王建国",
        "--tenant",
        "周小姐",
        "--verified-by",
        "phone",
        "--checked",
        "id_number,family,employer",
        "--mover",
        "李师傅",
        "--mover-id",
        "11010519850612123X",
        "--items",
        "冰箱1台, 纸箱5个",
        "--moving-at",
        "2026-11-25 10:00",
        "--fees-settled-by",
        "财务刘",
    ]);
    d.set_now("2026-11-25T10:05:00+08:00");
    d.ok(&["act", &id, "used", "--guard", "老赵"]);
    let json = d.run(&["show", &id, "--json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    insta::assert_snapshot!("show_json_pass", json.stdout);
    for lang in ["en", "zh"] {
        let text = d.run(&["--lang", lang, "--read-only", "show", &id]);
        assert_eq!(text.code, 0, "{}", text.stderr);
        insta::assert_snapshot!(format!("show_text_pass_{lang}"), text.stdout);
    }
}
