//! Hostile text (issue 6, point 7): whatever is stored, no control sequence reaches a terminal
//! from any text output, and `--json` escapes it (and decodes back to what was stored).
//!
//! The CLI refuses control characters at input (exit 2), so the hostile rows are written the
//! way a tamperer or a buggy importer would: through the library API, which does not check,
//! and with plain SQL behind the program's back.

use dutydesk::config::Config;
use dutydesk::domain::*;
use dutydesk::store::{OpenOptions, Stamp, Store};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_dutydesk");

/// ESC/CSI/OSC sequences, BEL, BS, CR, NUL, C1 (CSI U+009B, NEL U+0085), DEL, every bidi
/// control, and plain words to search for.
const HOSTILE: &str = "pwned A\u{1b}[31mRED\u{1b}[0m \u{1b}]0;owned title\u{7} \u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\ \u{1b}[2J\u{1b}[H \u{9b}31m \u{85} \u{90}dcs\u{9c} \u{7f} \u{8} \r \t \u{0} \u{202e}evil\u{202c} \u{61c} \u{200e} \u{200f} \u{202a} \u{202b} \u{202d} \u{2066}x\u{2069} \u{2067} \u{2068} Z";

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that must not appear raw in anything printed for a terminal (newline is the only
/// control character allowed: it ends lines).
fn unsafe_chars(text: &str) -> Vec<String> {
    text.chars()
        .filter(|&c| c != '\n' && (c.is_control() || is_bidi(c)))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

fn assert_clean(what: &str, text: &str) {
    let bad = unsafe_chars(text);
    assert!(bad.is_empty(), "{what} leaks raw {bad:?}:\n{text}");
}

fn cli(db: &Path) -> Command {
    let mut c = Command::new(BIN);
    for var in [
        "DUTYDESK_DB",
        "DUTYDESK_READONLY",
        "DUTYDESK_NOW",
        "LANG",
        "LC_ALL",
    ] {
        c.env_remove(var);
    }
    c.env("DUTYDESK_CONFIG", "/nonexistent/dutydesk/config.toml")
        .env("DUTYDESK_OPERATOR", "tester")
        .env("TZ", "Asia/Shanghai")
        .stdin(Stdio::null())
        .arg("--db")
        .arg(db);
    c
}

fn run(db: &Path, lang: &str, args: &[&str]) -> Output {
    cli(db)
        .env("DUTYDESK_LANG", lang)
        .args(args)
        .output()
        .unwrap()
}

fn stamp(operator: &str) -> Stamp<'_> {
    let t = chrono::Utc::now();
    Stamp {
        operator,
        at: t,
        now: t,
    }
}

/// Three records whose every free-text field is hostile, with hostile actions and operator.
fn hostile_database(db: &Path) -> Vec<String> {
    let mut store = Store::open(db, OpenOptions::default()).unwrap();
    let p = Config::default().policy().unwrap();
    let log = store
        .add(
            NewRecord {
                details: LogDetails {
                    category: LogCategory::Incident,
                }
                .into(),
                summary: HOSTILE.into(),
                room: None,
                location: Some(HOSTILE.into()),
                phone: None,
                name: None,
            },
            &stamp(HOSTILE),
            &p,
        )
        .unwrap();
    let call = store
        .add(
            NewRecord {
                details: CallDetails {
                    call_kind: CallKind::Complaint,
                    channel: Channel::Phone,
                    class: None,
                }
                .into(),
                summary: HOSTILE.into(),
                room: Some(HOSTILE.into()),
                location: None,
                phone: Some(HOSTILE.into()),
                name: Some(HOSTILE.into()),
            },
            &stamp("amy"),
            &p,
        )
        .unwrap();
    let repair = store
        .add(
            NewRecord {
                details: RepairDetails {
                    category: RepairCategory::ElevatorEntrapment,
                    appointment: None,
                    warranty: false,
                }
                .into(),
                summary: HOSTILE.into(),
                room: Some(HOSTILE.into()),
                location: Some(HOSTILE.into()),
                phone: Some(HOSTILE.into()),
                name: Some(HOSTILE.into()),
            },
            &stamp("amy"),
            &p,
        )
        .unwrap();
    for action in [
        Action::Dispatch { to: HOSTILE.into() },
        Action::Arrive,
        Action::Note {
            text: HOSTILE.into(),
        },
        Action::resolve(Some(HOSTILE.into())),
    ] {
        store.act(repair.id, action, &stamp(HOSTILE), &p).unwrap();
    }
    store
        .act(
            call.id,
            Action::Void {
                reason: HOSTILE.into(),
            },
            &stamp(HOSTILE),
            &p,
        )
        .unwrap();
    vec![
        log.id.to_string(),
        call.id.to_string(),
        repair.id.to_string(),
    ]
}

/// Every text string inside a JSON value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

#[test]
fn text_output_of_list_show_search_never_carries_control_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let ids = hostile_database(&db);
    for lang in ["en", "zh"] {
        let mut commands: Vec<Vec<&str>> = vec![
            vec!["list"],
            vec!["list", "--limit", "0"],
            vec!["list", "repair", "--open"],
            vec!["list", "call"],
            vec!["search", "pwned"],
            vec!["search", "evil"],
            vec!["verify"],
        ];
        for id in &ids {
            commands.push(vec!["show", id]);
        }
        for args in &commands {
            let o = run(&db, lang, args);
            assert!(
                o.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let out = String::from_utf8(o.stdout).expect("UTF-8 output");
            assert_clean(&format!("{lang} {args:?}"), &out);
            assert_clean(
                &format!("{lang} {args:?} stderr"),
                &String::from_utf8_lossy(&o.stderr),
            );
            if args[0] != "verify" {
                assert!(out.contains("pwned"), "{args:?} shows the record:\n{out}");
            }
        }
    }
}

#[test]
fn json_output_decodes_back_to_the_stored_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let ids = hostile_database(&db);
    let mut outputs = vec![
        run(&db, "en", &["list", "--json"]),
        run(&db, "en", &["search", "pwned", "--json"]),
    ];
    for id in &ids {
        outputs.push(run(&db, "en", &["show", id, "--json"]));
    }
    for o in outputs {
        assert!(o.status.success());
        let v: Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
        let mut all = Vec::new();
        strings(&v, &mut all);
        assert!(
            all.iter().any(|s| s == HOSTILE),
            "the stored text comes back exactly"
        );
        // Nothing hostile is ever *changed* in JSON: it is either exact or absent.
        for s in all.iter().filter(|s| s.contains("pwned")) {
            assert!(s == HOSTILE || s.contains(HOSTILE), "{s:?}");
        }
        // C0 controls (ESC, BEL, NUL ...) are escaped by JSON itself.
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{0}'));
    }
}

/// DESIGN/issue 6: "JSON escapes them". serde_json escapes C0 controls only; DEL, C1 controls
/// (U+009B is CSI on terminals that honour 8-bit controls) and bidi overrides are written raw.
/// Fix: print JSON through `cli::integrity::json_text` (already used by `verify --json`).
#[test]
fn json_output_escapes_del_c1_and_bidi_controls() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let ids = hostile_database(&db);
    for args in [
        vec!["list", "--json"],
        vec!["search", "pwned", "--json"],
        vec!["show", ids[2].as_str(), "--json"],
    ] {
        let o = run(&db, "en", &args);
        assert_clean(&format!("{args:?}"), &String::from_utf8_lossy(&o.stdout));
    }
}

/// `stats` prints the kind and status columns of the records table as they are stored.
#[test]
fn stats_text_sanitises_tampered_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    hostile_database(&db);
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute(
            "UPDATE records SET status = ?1 WHERE rowid = 1",
            [format!("closed{HOSTILE}")],
        )
        .unwrap();
    }
    let o = run(&db, "en", &["stats"]);
    assert!(o.status.success());
    assert_clean("stats", &String::from_utf8_lossy(&o.stdout));
}

#[test]
fn verify_reports_hostile_tampering_without_leaking_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    hostile_database(&db);
    {
        // Behind the program's back: hostile text into an event and a record row.
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        c.execute(
            "UPDATE records SET room = ?1 WHERE rowid = 1",
            [format!("edited {HOSTILE}")],
        )
        .unwrap();
        c.execute(
            "UPDATE records SET id = ?1 WHERE rowid = 2",
            ["C-2026-0\u{1b}[31m1\u{202e}"],
        )
        .unwrap();
    }
    let o = run(&db, "en", &["--read-only", "verify"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_clean("verify stderr", &err);
    assert!(err.contains("verify FAILED"), "{err}");
    let o = run(&db, "en", &["--read-only", "verify", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8(o.stdout).unwrap();
    assert_clean("verify --json", &text);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["ok"], false);
    let mut all = Vec::new();
    strings(&v, &mut all);
    assert!(
        all.iter().any(|s| s.contains(HOSTILE)),
        "escaped, not altered: {v}"
    );
}

#[test]
fn the_cli_refuses_control_characters_at_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    for summary in ["a\u{1b}[31mb", "a\u{202e}b", "a\u{9b}b", "a\u{7f}b"] {
        let o = run(&db, "en", &["add", "log", "--summary", summary]);
        assert_eq!(o.status.code(), Some(2), "{summary:?}");
        assert_clean("refusal", &String::from_utf8_lossy(&o.stderr));
    }
}
