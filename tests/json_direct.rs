//! `list --json` and `export --format json` write each record's JSON straight to stdout
//! (`cli::json_write`) instead of building a `serde_json::Value` and printing it: the text must
//! be byte for byte what the old way gave. The old way is kept here as the oracle — the value
//! built by hand, printed by serde_json, then every character that could act on a terminal
//! escaped — and compared on a varied database: every kind, Chinese, quotes and backslashes,
//! absent fields, control and bidi characters, pauses, callbacks, watches and voids.

mod common;

use chrono::{DateTime, Duration, Utc};
use dutydesk::cli::json_write::{RecordJson, SafeFormatter, json_string};
use dutydesk::clock::Clock;
use dutydesk::config::Config;
use dutydesk::desk::Desk;
use dutydesk::domain::deadline::{DeadlineName, as_of, deadlines, urgency};
use dutydesk::domain::text::is_unsafe;
use dutydesk::domain::time::{Zone, rfc3339};
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use dutydesk::store::{Entry, ListQuery, OpenOptions, Stamp, Store};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;

const NOW: &str = "2026-11-25T03:00:00+08:00";

/// Control characters, DEL, C1, bidi controls, quotes, backslashes and Chinese.
const HOSTILE: &str = "报修\"引号\"\\反斜杠 \u{1b}[31m红\u{1b}[0m \u{7} \u{8} \r \t \u{0} \u{7f} \u{85} \u{9b}31m \u{202e}evil\u{202c} \u{61c} \u{200e} \u{2066}x\u{2069} — 😀 Z";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&Utc)
}

fn desk(db: &Path) -> Desk {
    let config = Config {
        timezone: "Asia/Shanghai".into(),
        ..Config::default()
    };
    let policy = config.policy().unwrap();
    Desk {
        config,
        policy,
        lang: Lang::Zh,
        operator: "alice".into(),
        clock: Clock::starting_at(now(), false),
        db_path: db.to_path_buf(),
        ascii: false,
        no_color: false,
        read_only_asked: false,
    }
}

fn stamp(operator: &str, minutes_ago: i64) -> Stamp<'_> {
    let at = now() - Duration::minutes(minutes_ago);
    Stamp {
        operator,
        at,
        now: now(),
    }
}

/// The demo's records and hostile ones written through the library (which does not check
/// text: the CLI would refuse control characters).
fn varied(db: &Path, desk: &Desk) {
    let mut store = Store::open(db, OpenOptions::default()).unwrap();
    dutydesk::demo::fill(&mut store, desk, Some(600)).unwrap();
    let p = &desk.policy;
    let new = |details: Details, all: bool| NewRecord {
        details,
        summary: HOSTILE.into(),
        room: all.then(|| HOSTILE.into()),
        location: Some(HOSTILE.into()),
        phone: all.then(|| HOSTILE.into()),
        name: all.then(|| HOSTILE.into()),
    };
    let log = LogDetails {
        category: LogCategory::Incident,
    };
    store
        .add(new(log.into(), false), &stamp(HOSTILE, 50), p)
        .unwrap();
    let call = CallDetails {
        call_kind: CallKind::Complaint,
        channel: Channel::Phone,
        class: None,
    };
    let call = store
        .add(new(call.into(), true), &stamp("amy", 40), p)
        .unwrap();
    let repair = RepairDetails {
        category: RepairCategory::ElevatorEntrapment,
        appointment: None,
        warranty: false,
    };
    let repair = store
        .add(new(repair.into(), true), &stamp("amy", 30), p)
        .unwrap();
    for action in [
        Action::Dispatch { to: HOSTILE.into() },
        Action::Arrive,
        Action::Note {
            text: HOSTILE.into(),
        },
        Action::resolve(Some(HOSTILE.into())),
    ] {
        store
            .act(repair.id, action, &stamp(HOSTILE, 20), p)
            .unwrap();
    }
    let void = Action::Void {
        reason: HOSTILE.into(),
    };
    store.act(call.id, void, &stamp(HOSTILE, 10), p).unwrap();
    drop(store);
    // The kinds the demo does not write, as the desk writes them.
    let incident = cli(
        db,
        &[
            "add",
            "incident",
            "--type",
            "fire",
            "--summary",
            "3号楼车库\"电动车\"起火",
            "--location",
            "3号楼车库",
            "--casualties",
            "1",
            "--at",
            "02:50",
        ],
    );
    let watch = ["watch", "07:00 再打给\"陈先生\"", "--at", "02:55"];
    cli(db, &[&["act", incident.trim()][..], &watch].concat());
    let r = cli(
        db,
        &[
            "add",
            "repair",
            "--category",
            "general",
            "--room",
            "3-2-1201",
            "--location",
            "厨房",
            "--summary",
            "厨房水龙头漏水",
            "--at",
            "00:30",
        ],
    );
    let r = r.trim();
    cli(
        db,
        &["act", r, "dispatch", "--to", "李师傅", "--at", "00:40"],
    );
    cli(db, &["act", r, "arrive", "--at", "00:50"]);
    let resolve = [
        "--rating",
        "unsatisfied",
        "--signed",
        "yes",
        "--at",
        "01:10",
    ];
    cli(db, &[&["act", r, "resolve"][..], &resolve].concat());
    let tried = ["--satisfaction", "no_answer", "--at", "01:30"];
    cli(db, &[&["act", r, "callback"][..], &tried].concat());
    let open = cli(
        db,
        &[
            "add",
            "repair",
            "--category",
            "general",
            "--room",
            "3-2-1202",
            "--location",
            "卫生间",
            "--summary",
            "马桶堵塞",
            "--at",
            "02:00",
        ],
    );
    let pause = [
        "pause",
        "--reason",
        "业主不在家",
        "--at",
        "02:52",
        "--until",
        "03:30",
    ];
    cli(db, &[&["act", open.trim()][..], &pause].concat());
    cli(
        db,
        &[
            "handover",
            "note",
            "钥匙在前台抽屉 \\ \"\"",
            "--at",
            "02:40",
        ],
    );
}

fn cli(db: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .env("DUTYDESK_CONFIG", "/nonexistent/dutydesk/config.toml")
        .env("DUTYDESK_NOW", NOW)
        .env("TZ", "Asia/Shanghai")
        .env("DUTYDESK_OPERATOR", "tester")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Every record, newest first: as `list` prints it (`as_of` now) or as `export` does.
fn records(db: &Path, desk: &Desk, listed: bool) -> Vec<Record> {
    let store = Store::open(db, OpenOptions::default()).unwrap();
    let mut q = ListQuery::new(now());
    q.limit = Some(1000);
    let mut all = Vec::new();
    loop {
        let page = store.list_page(&q).unwrap();
        let next = page.next;
        for entry in page.into_entries() {
            match entry {
                Entry::Record(r) if listed => all.push(as_of(r, &desk.policy, now())),
                Entry::Record(r) => all.push(r),
                Entry::Damaged(d) => panic!("damaged {}", d.id),
            }
        }
        match next {
            Some(cursor) => q.after = Some(cursor),
            None => break,
        }
    }
    all
}

// ---- The oracle: the old way, as it was before the JSON was written directly. ----

fn old_record_json(record: &Record, desk: &Desk, now: DateTime<Utc>) -> Value {
    let zone = desk.policy.zone;
    let all = deadlines(record, &desk.policy);
    let n = &record.new;
    let mut v = json!({
        "id": record.id.to_string(),
        "kind": record.kind().slug(),
        "status": record.status.slug(),
        "voided": record.is_voided(),
        "created_at": rfc3339(record.received_at, zone),
        "written_at": rfc3339(record.written_at, zone),
        "created_by": record.created_by,
        "summary": n.summary,
        "room": n.room,
        "location": n.location,
        "phone": n.phone,
        "name": n.name,
        "category": n.details.category_slug(),
        "urgent": record.is_urgent(),
        "repeat": record.repeat_of.is_some(),
        "repeat_of": record.repeat_of.map(|r| r.to_string()),
        "links": record.links().iter().map(|l| l.json()).collect::<Vec<_>>(),
        "deadlines": all.iter().map(|d| old_deadline_json(d, zone, now)).collect::<Vec<_>>(),
        "urgency": urgency(&all, now).slug(),
        "notes": record.notes,
    });
    let extra = record.rules().json_extras(record, zone);
    let object = v.as_object_mut().unwrap();
    if let Value::Object(extra) = extra {
        object.extend(extra);
    }
    let callback_json = |cb: &dutydesk::domain::record::CallbackDone| {
        let mut v = json!({"at": rfc3339(cb.at, zone), "form": cb.form.slug(), "satisfaction": cb.satisfaction.slug()});
        if let Some(words) = &cb.words {
            v["words"] = words.clone().into();
        }
        if let Some(signed) = cb.signed {
            v["signed"] = signed.into();
        }
        v
    };
    if let Some(cb) = &record.callback {
        object.insert("callback".into(), callback_json(cb));
    }
    if !record.callback_tries.is_empty() {
        let tries = record.callback_tries.iter().map(callback_json).collect();
        object.insert("callback_tries".into(), Value::Array(tries));
    }
    if let Some(w) = &record.watch {
        object.insert(
            "watch".into(),
            json!({"instruction": w.instruction, "by": w.by, "at": rfc3339(w.at, zone)}),
        );
    }
    if !record.pauses.is_empty() {
        let pause_json = |p: &dutydesk::domain::pause::Pause| {
            json!({
                "at": rfc3339(p.at, zone),
                "by": p.by,
                "reason": p.reason,
                "until": p.until.map(|t| rfc3339(t, zone)),
                "ended_at": p.end().map(|t| rfc3339(t, zone)),
            })
        };
        object.insert(
            "paused".into(),
            record.paused_at(now).map_or(Value::Null, pause_json),
        );
        object.insert(
            "pauses".into(),
            record.pauses.iter().map(pause_json).collect(),
        );
    }
    if let Some(voided) = &record.voided {
        object.insert(
            "void".into(),
            json!({"at": rfc3339(voided.at, zone), "by": voided.by, "reason": voided.reason}),
        );
    }
    v
}

fn old_deadline_json(d: &Deadline, zone: Zone, now: DateTime<Utc>) -> Value {
    let mut v = json!({
        "name": d.name.slug(),
        "due": rfc3339(d.due, zone),
        "state": d.state(now).slug(),
        "done_at": d.done_at.map(|t| rfc3339(t, zone)),
    });
    if d.name == DeadlineName::QualityCallback {
        v["opens"] = json!(rfc3339(d.starts, zone));
    }
    if let Some(held) = d.held.filter(|h| d.is_open() && h.holds(now)) {
        let object = v.as_object_mut().unwrap();
        object.insert("paused_since".into(), json!(rfc3339(held.since, zone)));
        object.insert(
            "paused_until".into(),
            json!(held.until.map(|t| rfc3339(t, zone))),
        );
    }
    v
}

fn old_terminal_safe(raw: String) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c != '\n' && is_unsafe(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn old_pretty(v: &Value) -> String {
    old_terminal_safe(serde_json::to_string_pretty(v).unwrap())
}

fn old_line(v: &Value) -> String {
    old_terminal_safe(serde_json::to_string(v).unwrap())
}

// ---- The comparisons. ----

#[test]
fn each_record_is_written_byte_for_byte_as_the_old_way_printed_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let desk = desk(&db);
    varied(&db, &desk);
    let all = records(&db, &desk, true);
    let mut kinds = BTreeSet::new();
    let mut keys = BTreeSet::new();
    let mut escaped = 0;
    for record in &all {
        let old = old_record_json(record, &desk, now());
        let new = RecordJson::new(record, &desk, now());
        let pretty = json_string(&new, SafeFormatter::pretty(0));
        assert_eq!(pretty, old_pretty(&old), "{} (pretty)", record.id);
        let line = json_string(&new, SafeFormatter::line());
        assert_eq!(line, old_line(&old), "{} (one line)", record.id);
        // `show` adds its timeline to the value: the same value as the old one.
        assert_eq!(
            dutydesk::cli::output::record_json(record, &desk, now()),
            old
        );
        kinds.insert(record.kind().slug());
        keys.extend(old.as_object().unwrap().keys().cloned());
        escaped += usize::from(pretty.contains("\\u202e") && pretty.contains("\\u001b"));
    }
    // The database is as varied as it claims: every kind and every optional part.
    let every_kind: BTreeSet<_> = RecordKind::ALL.iter().map(|k| k.slug()).collect();
    assert_eq!(kinds, every_kind);
    for key in [
        "callback",
        "callback_tries",
        "watch",
        "paused",
        "pauses",
        "void",
        "repeat_of",
    ] {
        assert!(keys.contains(key), "no record has {key}");
    }
    assert!(escaped >= 3, "the hostile records were not compared");
}

#[test]
fn list_and_export_print_the_same_bytes_as_the_old_way() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let desk = desk(&db);
    varied(&db, &desk);
    let old_of = |listed: bool| -> std::collections::HashMap<String, Value> {
        records(&db, &desk, listed)
            .iter()
            .map(|r| (r.id.to_string(), old_record_json(r, &desk, now())))
            .collect()
    };
    let cli = |args: &[&str]| cli(&db, args);
    // In the order the command printed them, each as the old way would have.
    let by_id = old_of(true);
    let listed = cli(&["list", "--limit", "0", "--json"]);
    let ids: Vec<String> = common::ids(&serde_json::from_str(&listed).unwrap());
    assert_eq!(ids.len(), by_id.len());
    let old: Vec<Value> = ids.iter().map(|id| by_id[id].clone()).collect();
    assert_eq!(listed, format!("{}\n", old_pretty(&Value::Array(old))));
    let by_id = old_of(false);
    let exported = cli(&["export", "--format", "json"]);
    let ids: Vec<String> = common::ids(&serde_json::from_str(&exported).unwrap());
    assert_eq!(ids.len(), by_id.len());
    let lines: Vec<String> = ids.iter().map(|id| old_line(&by_id[id])).collect();
    assert_eq!(exported, format!("[\n{}\n]\n", lines.join(",\n")));
    assert!(listed.contains("\\u202e") && !listed.contains('\u{202e}'));
}
