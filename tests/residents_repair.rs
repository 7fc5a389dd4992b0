//! `repair-index` rebuilds the residents directory's lookup rows (`households`,
//! `household_phones`, `household_names`) from the households' history: rows deleted or
//! changed behind the desk's back come back, and lookups by initials and last 4 digits work
//! again; a yearly callback in the history changes no field.

mod common;

use common::Desk;

const NOW: &str = "2026-11-27T03:00:00+08:00";

#[test]
fn repair_index_gives_back_deleted_household_rows() {
    let d = Desk::new(NOW);
    d.ok(&[
        "residents",
        "add",
        "3-2-1201",
        "--owner",
        "王小明",
        "--phone",
        "13800138000",
        "--family",
        "李红(妻)",
    ]);
    d.ok(&[
        "residents",
        "edit",
        "3-2-1201",
        "--tenant",
        "赵六",
        "--tenant-phone",
        "13700008000",
    ]);
    d.ok(&["residents", "add", "5-1-301", "--owner", "李雷"]);
    d.ok(&["residents", "callback", "5-1-301", "--result", "satisfied"]);
    let before = d.json(&["residents", "list"]);
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute_batch(
        "DELETE FROM household_names; DELETE FROM household_phones WHERE room = '3-2-1201';
         DELETE FROM households WHERE room = '5-1-301';
         UPDATE households SET owner = '张三' WHERE room = '3-2-1201';",
    )
    .unwrap();
    drop(conn);
    assert_eq!(d.run(&["verify"]).code, 1, "verify names the broken rows");
    let found = d.json(&["residents", "list", "--find", "wxm"]);
    assert_eq!(found.as_array().unwrap().len(), 0);
    let out = d.ok(&["repair-index"]);
    assert!(
        out.contains("residents directory: 2 households' lookup rows rebuilt from their history"),
        "{out}"
    );
    let out = d.ok(&["verify"]);
    assert!(
        out.contains("residents directory: 4 changes of 2 households"),
        "{out}"
    );
    assert_eq!(d.json(&["residents", "list"]), before);
    for find in ["wxm", "zl", "8000", "13700008000", "李红", "5-1"] {
        let found = d.json(&["residents", "list", "--find", find]);
        assert_eq!(found.as_array().unwrap().len(), 1, "{find}: {found}");
    }
    // The callback is still in the history, and counted.
    let list = d.json(&["residents", "callbacks"]);
    assert_eq!(list["called"], 1);
}
