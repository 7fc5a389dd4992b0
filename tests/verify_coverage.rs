//! `verify` covers everything the desk shows and sorts by: each column of a record row the
//! lists, counts and search read, the search index, which record repeats which, the id
//! counters, and the chain heads signed handovers recorded. `repair-index` rebuilds what it
//! finds wrong from the histories.

mod common;

use common::{Desk, ids};
use serde_json::Value;

const NOW: &str = "2026-11-25T03:00:00+08:00";

/// A night: an elevator entrapment overdue for dispatch, a repeat in room 3-2-1201, voided
/// records before and after their repeats were written, a consultation and a log entry.
fn night() -> Desk {
    let d = Desk::new(NOW);
    let repair = |room: &str, at: &str, summary: &str| {
        d.add(&[
            "repair",
            "--category",
            "general",
            "--room",
            room,
            "--location",
            "住宅",
            "--summary",
            summary,
            "--at",
            at,
        ])
    };
    assert_eq!(repair("3-2-1201", "01:00", "厨房漏水"), "R-2026-00001");
    // Voided before the next one from its room was written: that one is no repeat.
    assert_eq!(repair("5-1-0101", "01:10", "门锁坏"), "R-2026-00002");
    d.ok(&["act", "R-2026-00002", "void", "--reason", "登记错房号"]);
    assert_eq!(repair("5-1-0101", "01:20", "门锁坏了"), "R-2026-00003");
    assert_eq!(repair("6-1-0101", "01:30", "灯不亮"), "R-2026-00004");
    assert_eq!(repair("6-1-0101", "01:40", "灯还是不亮"), "R-2026-00005");
    // Voided after its repeat was written: the repeat stays one.
    d.ok(&["act", "R-2026-00004", "void", "--reason", "重复登记"]);
    d.add(&[
        "call",
        "--kind",
        "consultation",
        "--channel",
        "phone",
        "--summary",
        "询问停水时间",
    ]);
    d.add(&["log", "--summary", "夜间巡查"]);
    assert_eq!(repair("3-2-1201", "02:00", "厨房又漏水"), "R-2026-00006");
    let lift = d.add(&[
        "repair",
        "--category",
        "elevator_entrapment",
        "--location",
        "5号楼2单元电梯",
        "--summary",
        "电梯停在12楼, 2人被困",
        "--at",
        "02:30",
    ]);
    assert_eq!(lift, "R-2026-00007");
    d
}

fn sql(d: &Desk, sql: &str) {
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute_batch(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn rowid(d: &Desk, id: &str) -> i64 {
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.query_row("SELECT rowid FROM records WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .unwrap()
}

/// verify --json: (exit code, report).
fn verify(d: &Desk) -> (i32, Value) {
    let run = d.run(&["verify", "--json"]);
    (run.code, run.json())
}

fn verify_ok(d: &Desk) {
    let (code, v) = verify(d);
    assert_eq!((code, &v["ok"]), (0, &Value::Bool(true)), "{v:#}");
}

/// verify fails naming `field` of `record`; the text says to run repair-index.
fn verify_fails_on(d: &Desk, record: &str, field: &str) {
    let (code, v) = verify(d);
    assert_eq!(code, 1, "{v:#}");
    let m = &v["record_mismatch"];
    assert_eq!(
        (m["record"].as_str(), m["field"].as_str()),
        (Some(record), Some(field)),
        "{v:#}"
    );
    let run = d.run(&["verify"]);
    assert!(run.stderr.contains("repair-index"), "{}", run.stderr);
}

fn repair(d: &Desk) {
    let out = d.ok(&["repair-index"]);
    assert!(out.contains("rebuilt"), "{out}");
}

#[test]
fn a_clean_history_verifies_with_its_repeats_and_voided_records() {
    let d = night();
    let repeat = |id: &str| d.show(id)["repeat_of"].clone();
    assert_eq!(repeat("R-2026-00006"), "R-2026-00001");
    assert_eq!(repeat("R-2026-00003"), Value::Null);
    assert_eq!(repeat("R-2026-00005"), "R-2026-00004");
    verify_ok(&d);
    // Rebuilding changes nothing.
    let before = d.state();
    repair(&d);
    assert_eq!(d.state().0, before.0);
    assert_eq!(d.state().1, before.1);
    verify_ok(&d);
}

#[test]
fn deadline_columns_set_to_null_are_caught_and_rebuilt() {
    let d = night();
    let overdue = || ids(&d.json(&["list", "--overdue"]));
    // The entrapment, and the ordinary repairs never dispatched (every repair owes its
    // dispatch within 7 minutes).
    let all_overdue = [
        "R-2026-00007",
        "R-2026-00006",
        "R-2026-00005",
        "R-2026-00003",
        "R-2026-00001",
    ];
    assert_eq!(overdue(), all_overdue);
    sql(
        &d,
        "UPDATE records SET due_at = NULL, soon_at = NULL, due_name = NULL",
    );
    // What the desk showed: nothing overdue.
    assert!(overdue().is_empty());
    assert_eq!(d.json(&["stats"])["overdue"], 0);
    verify_fails_on(&d, "R-2026-00001", "due_name");
    repair(&d);
    assert_eq!(overdue(), all_overdue);
    assert_eq!(d.json(&["stats"])["overdue"], 5);
    verify_ok(&d);
    // Each column on its own.
    for (column, value) in [("due_at", "0"), ("soon_at", "NULL"), ("due_name", "'x'")] {
        sql(
            &d,
            &format!("UPDATE records SET {column} = {value} WHERE id = 'R-2026-00007'"),
        );
        verify_fails_on(&d, "R-2026-00007", column);
        repair(&d);
        verify_ok(&d);
    }
}

#[test]
fn other_columns_the_desk_reads_are_checked() {
    let d = night();
    for (column, value, id) in [
        ("watch", "1", "R-2026-00007"),
        ("updated_at", "0", "R-2026-00007"),
        ("shift_key", "1", "R-2026-00007"),
        ("open", "0", "R-2026-00007"),
        ("status", "'closed'", "R-2026-00001"),
    ] {
        sql(
            &d,
            &format!("UPDATE records SET {column} = {value} WHERE id = '{id}'"),
        );
        verify_fails_on(&d, id, column);
        repair(&d);
        verify_ok(&d);
    }
}

#[test]
fn search_index_rows_deleted_planted_or_replaced_are_caught_and_rebuilt() {
    let d = night();
    let lift = rowid(&d, "R-2026-00007");
    let found = || ids(&d.json(&["search", "电梯"]));
    assert_eq!(found(), ["R-2026-00007"]);
    // Deleted: the entrapment is gone from search.
    sql(&d, &format!("DELETE FROM search WHERE rowid = {lift}"));
    assert!(found().is_empty());
    verify_fails_on(&d, "R-2026-00007", "search index");
    repair(&d);
    assert_eq!(found(), ["R-2026-00007"]);
    verify_ok(&d);
    // Replaced by other words: gone from search again.
    sql(
        &d,
        &format!(
            "DELETE FROM search WHERE rowid = {lift};
             INSERT INTO search(rowid, body, kind) VALUES ({lift}, 'nothing here', 'repair')"
        ),
    );
    assert!(found().is_empty());
    verify_fails_on(&d, "R-2026-00007", "search index");
    repair(&d);
    assert_eq!(found(), ["R-2026-00007"]);
    // Planted for a row that is no record.
    sql(
        &d,
        "INSERT INTO search(rowid, body, kind) VALUES (9999, '电 梯', 'repair')",
    );
    verify_fails_on(&d, "row 9999", "search index");
    repair(&d);
    verify_ok(&d);
}

#[test]
fn a_false_or_hidden_repeat_is_caught_and_rebuilt() {
    let d = night();
    let repeat = |id: &str| d.show(id)["repeat_of"].clone();
    // A false "repeat".
    sql(
        &d,
        "UPDATE records SET repeat_of = 'R-2026-00001' WHERE id = 'R-2026-00007'",
    );
    assert_eq!(repeat("R-2026-00007"), "R-2026-00001");
    verify_fails_on(&d, "R-2026-00007", "repeat_of");
    repair(&d);
    assert_eq!(repeat("R-2026-00007"), Value::Null);
    verify_ok(&d);
    // A hidden one, and one pointed at the wrong earlier record.
    for value in ["NULL", "'R-2026-00003'"] {
        sql(
            &d,
            &format!("UPDATE records SET repeat_of = {value} WHERE id = 'R-2026-00006'"),
        );
        verify_fails_on(&d, "R-2026-00006", "repeat_of");
        repair(&d);
        assert_eq!(repeat("R-2026-00006"), "R-2026-00001");
        verify_ok(&d);
    }
    // A repeat of a record voided before it was written is none.
    sql(
        &d,
        "UPDATE records SET repeat_of = 'R-2026-00002' WHERE id = 'R-2026-00003'",
    );
    verify_fails_on(&d, "R-2026-00003", "repeat_of");
}

#[test]
fn the_newest_record_deleted_is_caught_by_its_counter() {
    let d = night();
    // The entrapment was the last thing written: its row and its events go, the chain still
    // holds.
    let lift = rowid(&d, "R-2026-00007");
    sql(
        &d,
        &format!(
            "DELETE FROM events WHERE record = {lift}; DELETE FROM records WHERE rowid = {lift};
             DELETE FROM search WHERE rowid = {lift}"
        ),
    );
    let (code, v) = verify(&d);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["first_break"], Value::Null, "{v:#}");
    assert_eq!(v["record_mismatch"]["field"], "issued ids", "{v:#}");
    assert_eq!(v["record_mismatch"]["record"], "repair 2026", "{v:#}");
    // Rebuilding cannot bring a deleted record back, nor may it give its id again: verify
    // points to a backup or the anchors, not to repair-index, and keeps failing after it.
    let said = d.run(&["verify"]).stderr;
    assert!(said.contains("may have been deleted"), "{said}");
    assert!(!said.contains("repair-index rebuilds"), "{said}");
    d.ok(&["repair-index"]);
    let (code, v) = verify(&d);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["record_mismatch"]["field"], "issued ids", "{v:#}");
    // Lowering the counter as well makes it a consistent earlier state: only an anchor or a
    // signed handover kept outside tells (docs/reliability.md).
    sql(
        &d,
        "UPDATE counters SET last = 6 WHERE kind = 'repair' AND year = 2026",
    );
    verify_ok(&d);
}

/// The event hash as the program computes it (a tamperer who knows the scheme).
fn rechain_from(d: &Desk, from_seq: i64) {
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    let mut prev: Vec<u8> = conn
        .query_row(
            "SELECT hash FROM events WHERE seq < ?1 ORDER BY seq DESC LIMIT 1",
            [from_seq],
            |r| r.get(0),
        )
        .unwrap_or(vec![0; 32]);
    let rows: Vec<(i64, String, i64, i64, String, String, String)> = conn
        .prepare(
            "SELECT e.seq, r.id, e.at, e.written_at, e.operator, e.action, e.payload
             FROM events e JOIN records r ON r.rowid = e.record WHERE e.seq >= ?1
             ORDER BY e.seq",
        )
        .unwrap()
        .query_map([from_seq], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (seq, record, at, written_at, operator, action, payload) in rows {
        let mut h = blake3::Hasher::new();
        h.update(b"dutydesk-event-v1");
        h.update(&prev);
        h.update(&seq.to_le_bytes());
        for text in [&record, &operator, &action, &payload] {
            h.update(&(text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
        h.update(&at.to_le_bytes());
        h.update(&written_at.to_le_bytes());
        let hash = h.finalize().as_bytes().to_vec();
        conn.execute(
            "UPDATE events SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![prev, hash, seq],
        )
        .unwrap();
        prev = hash;
    }
}

#[test]
fn a_history_rewritten_before_a_signed_handover_is_caught_without_anchors() {
    let mut d = night();
    d.set_now("2026-11-25T08:05:00+08:00");
    let h = d
        .ok(&["handover", "sign", "--by", "day"])
        .trim()
        .to_string();
    assert!(h.starts_with("H-2026-"), "{h}");
    let (code, v) = verify(&d);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["handover_heads"]["checked"], 1, "{v:#}");
    // Who wrote event #2 changed, and the chain recomputed from there: the chain, the rows
    // and the index all agree again, but not with the head the incoming person signed.
    sql(
        &d,
        "UPDATE events SET operator = 'someone else' WHERE seq = 2",
    );
    rechain_from(&d, 2);
    let (code, v) = verify(&d);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["first_break"], Value::Null, "{v:#}");
    assert_eq!(v["record_mismatch"], Value::Null, "{v:#}");
    let m = &v["handover_heads"]["first_mismatch"];
    assert_eq!(m["record"], h.as_str(), "{v:#}");
    assert!(m["detail"].as_str().unwrap().contains("rewritten"), "{v:#}");
    let run = d.run(&["verify"]);
    assert!(run.stderr.contains(&h), "{}", run.stderr);
}

#[test]
fn repair_index_is_a_write() {
    let d = night();
    let run = d.run(&["--read-only", "repair-index"]);
    assert_eq!(run.code, 3, "{run:?}");
}
