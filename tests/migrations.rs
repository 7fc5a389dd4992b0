//! The schema is migrated from an empty file and from every earlier version, keeping the data.

use dutydesk::store::schema::{STEPS, latest_version};
use dutydesk::store::{OpenOptions, Store};
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

fn user_version(path: &std::path::Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn from_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let store = Store::open(&path, OpenOptions::default()).unwrap();
    drop(store);
    assert_eq!(user_version(&path), latest_version() as i64);
    // Opening again changes nothing.
    Store::open(&path, OpenOptions::default()).unwrap();
    assert_eq!(user_version(&path), latest_version() as i64);
}

#[test]
fn from_every_earlier_version() {
    for version in 1..latest_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            let old = Migrations::new(STEPS[..version].iter().map(|s| M::up(s)).collect());
            old.to_latest(&mut conn).unwrap();
            conn.execute(
                "INSERT INTO records(id, kind, status, open, received_at, written_at, updated_at, summary)
                 VALUES ('L-2026-00001', 'log', 'logged', 0, 0, 0, 0, 'kept')",
                [],
            )
            .unwrap();
        }
        assert_eq!(user_version(&path), version as i64);
        Store::open(&path, OpenOptions::default()).unwrap();
        assert_eq!(
            user_version(&path),
            latest_version() as i64,
            "from v{version}"
        );
        let kept: String = Connection::open(&path)
            .unwrap()
            .query_row(
                "SELECT summary FROM records WHERE id = 'L-2026-00001'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kept, "kept");
    }
}
