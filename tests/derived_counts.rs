//! What schema 11 keeps beside the records so that `stats` and the handover stay instant at a
//! million records: the counts by kind and status (`record_counts`) and each hour's stretch of
//! events (`event_hours`), both kept by triggers; and the upgrade of a file written with the
//! old search index (`contentless_delete`, which SQLite 3.40 cannot read).

mod common;

use common::Desk;
use rusqlite::Connection;
use serde_json::Value;
use std::collections::BTreeMap;

const NOW: &str = "2026-11-25T03:00:00+08:00";

fn desk() -> Desk {
    let d = Desk::new(NOW);
    let r = d.add(&[
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
    ]);
    d.ok(&["act", &r, "dispatch", "--to", "李师傅", "--at", "00:40"]);
    d.ok(&["act", &r, "arrive", "--at", "00:50"]);
    d.ok(&["act", &r, "resolve", "--at", "01:10"]);
    let c = d.add(&[
        "call",
        "--kind",
        "consultation",
        "--channel",
        "phone",
        "--summary",
        "电梯几点检修",
        "--at",
        "02:00",
    ]);
    d.ok(&["act", &c, "void", "--reason", "登记错误"]);
    // Entered after later events: its hour's stretch starts before the ones written since.
    d.add(&["log", "--summary", "巡查3号楼天台", "--at", "00:05"]);
    d.add(&["log", "--summary", "交接前巡查"]);
    d
}

/// `stats`' counts by kind and status, and the same counted from the records themselves.
fn counts(d: &Desk) -> (Value, BTreeMap<String, BTreeMap<String, i64>>) {
    let stats = d.json(&["stats"]);
    let c = Connection::open(&d.db).unwrap();
    let mut by_kind: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    let mut stmt = c
        .prepare("SELECT kind, status, count(*) FROM records GROUP BY kind, status")
        .unwrap();
    for row in stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
    {
        let (kind, status, n): (String, String, i64) = row.unwrap();
        by_kind.entry(kind).or_default().insert(status, n);
    }
    (stats["by_kind"].clone(), by_kind)
}

/// (hour, first seq, last seq) of each hour.
type Hours = Vec<(i64, i64, i64)>;

/// The hours as kept, and as worked out from the events.
fn hours(d: &Desk) -> (Hours, Hours) {
    let c = Connection::open(&d.db).unwrap();
    let read = |sql: &str| -> Hours {
        c.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    (
        read("SELECT hour, first_seq, last_seq FROM event_hours ORDER BY hour"),
        read("SELECT at / 3600, min(seq), max(seq) FROM events GROUP BY 1 ORDER BY 1"),
    )
}

#[test]
fn stats_counts_follow_every_write_and_repair_index() {
    let d = desk();
    let (stats, counted) = counts(&d);
    assert_eq!(stats, serde_json::to_value(&counted).unwrap());
    assert_eq!(stats["repair"]["resolved"], 1, "{stats}");
    assert_eq!(stats["call"]["voided"], 1, "{stats}");
    assert_eq!(d.json(&["stats"])["records"], 4);
    // A row changed behind the program's back is counted as it stands, and repair-index puts
    // both back.
    let c = Connection::open(&d.db).unwrap();
    c.execute(
        "UPDATE records SET status = 'closed' WHERE kind = 'repair'",
        [],
    )
    .unwrap();
    drop(c);
    let (stats, counted) = counts(&d);
    assert_eq!(stats, serde_json::to_value(&counted).unwrap());
    assert_eq!(stats["repair"]["closed"], 1, "{stats}");
    assert!(stats["repair"].get("resolved").is_none(), "{stats}");
    d.ok(&["repair-index"]);
    let (stats, counted) = counts(&d);
    assert_eq!(stats, serde_json::to_value(&counted).unwrap());
    assert_eq!(stats["repair"]["resolved"], 1, "{stats}");
}

#[test]
fn every_event_lies_in_its_hours_stretch() {
    let d = desk();
    let (kept, worked_out) = hours(&d);
    assert_eq!(kept, worked_out);
    assert!(kept.len() >= 3, "{kept:?}");
    // The night shift's handover counts every action of the shift, the entry made late too,
    // and lists the repair resolved in it.
    let text = d.json(&["handover", "show"]).to_string();
    for counted in [
        r#""create":4"#,
        r#""resolve":1"#,
        r#""void":1"#,
        r#""dispatch":1"#,
    ] {
        assert!(text.contains(counted), "{counted}: {text}");
    }
    assert!(text.contains("R-2026-00001"), "{text}");
    d.ok(&["repair-index"]);
    let (kept, worked_out) = hours(&d);
    assert_eq!(kept, worked_out);
}

/// A file of schema 10 (the search index without its text, `contentless_delete`): one write
/// upgrades it, its index is rebuilt from the histories, and the stock `sqlite3` then reads it.
#[test]
fn a_file_with_the_old_index_is_upgraded_and_searchable() {
    let d = desk();
    {
        let c = Connection::open(&d.db).unwrap();
        c.execute_batch(
            "DROP TRIGGER events_hour; DROP TABLE event_hours;
             DROP TRIGGER records_count_insert; DROP TRIGGER records_count_update;
             DROP TRIGGER records_count_delete; DROP TABLE record_counts;
             DROP TABLE search;
             CREATE VIRTUAL TABLE search USING fts5(body, kind, content = '',
                 contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
             PRAGMA user_version = 10;",
        )
        .unwrap();
    }
    // A lookup does not upgrade: stats are counted from the records, the handover reads the
    // events whole.
    assert_eq!(d.json(&["stats"])["records"], 4);
    d.ok(&["handover", "show", "--json"]);
    d.add(&["log", "--summary", "升级后第一条"]);
    let c = Connection::open(&d.db).unwrap();
    let sql: String = c
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'search'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!sql.contains("contentless"), "{sql}");
    drop(c);
    for (text, n) in [("漏水", 1), ("电梯", 1), ("巡查", 2), ("升级", 1)] {
        let found = d.json(&["search", text]);
        assert_eq!(found.as_array().unwrap().len(), n, "{text}: {found}");
    }
    let (stats, counted) = counts(&d);
    assert_eq!(stats, serde_json::to_value(&counted).unwrap());
    let (kept, worked_out) = hours(&d);
    assert_eq!(kept, worked_out);
    d.ok(&["verify"]);
    let out = std::process::Command::new("sqlite3")
        .arg(&d.db)
        .arg("SELECT count(*) FROM search WHERE search MATCH '巡 查'")
        .output()
        .expect("the system sqlite3 shell is needed (apt-get install sqlite3)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2");
}
