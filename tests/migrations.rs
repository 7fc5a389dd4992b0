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
            // The real steps (with their hooks), stopped at `version`.
            dutydesk::store::schema::migrations()
                .to_version(&mut conn, version)
                .unwrap();
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

/// Version 4 rebuilt the search index (it now holds each record's kind, and rooms whole) from
/// the records' histories: a version-3 file's records are found by words, room and kind.
#[test]
fn from_version_3_the_search_index_is_rebuilt_from_the_histories() {
    use dutydesk::domain::*;
    use dutydesk::store::{ListQuery, Stamp};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    let now = chrono::Utc::now();
    {
        let mut store = Store::open(&path, OpenOptions::default()).unwrap();
        let policy = Policy::new(
            Limits::default(),
            Calendar::default(),
            "Asia/Shanghai".parse().unwrap(),
        );
        let stamp = Stamp {
            operator: "amy",
            at: now,
            now,
        };
        store
            .batch(|w| {
                for (details, summary) in [
                    (
                        Details::Repair(RepairDetails {
                            category: RepairCategory::WaterFault,
                            appointment: None,
                            warranty: false,
                        }),
                        "厨房漏水",
                    ),
                    (
                        Details::Log(LogDetails {
                            category: LogCategory::Patrol,
                        }),
                        "巡查: 地库漏水",
                    ),
                ] {
                    w.add(
                        NewRecord {
                            details,
                            summary: summary.into(),
                            room: Some("3-2-1201".into()),
                            location: None,
                            phone: None,
                            name: Some("王".into()),
                        },
                        &stamp,
                        &policy,
                    )?;
                }
                Ok(())
            })
            .unwrap();
    }
    {
        // Back to version 3: its search table, without kinds, and no table of rules (v6).
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "DROP TABLE meta;
             DROP TABLE search;
             CREATE VIRTUAL TABLE search USING fts5(body, content = '', contentless_delete = 1,
                 tokenize = 'unicode61 remove_diacritics 2');
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    {
        // A reader who may not upgrade the file asks the version-3 index the old way. (Its
        // entries here hold what the old index held: the text split into tokens.)
        let c = Connection::open(&path).unwrap();
        for (rowid, text) in [
            (1, "厨房漏水 3-2-1201 王"),
            (2, "巡查: 地库漏水 3-2-1201 王"),
        ] {
            c.execute(
                "INSERT INTO search(rowid, body) VALUES (?1, ?2)",
                rusqlite::params![rowid, dutydesk::store::search::index_text(&[text])],
            )
            .unwrap();
        }
        drop(c);
        let reader = Store::open(
            &path,
            OpenOptions {
                access: dutydesk::store::Access::ReadOnly,
                ..OpenOptions::default()
            },
        )
        .unwrap();
        let mut q = ListQuery::new(now);
        q.text = Some("3-2-12".into());
        q.kind = Some(RecordKind::Log);
        let found: Vec<String> = reader
            .list(&q)
            .unwrap()
            .iter()
            .map(|r| r.new.summary.clone())
            .collect();
        assert_eq!(found, vec!["巡查: 地库漏水"]);
        assert_eq!(user_version(&path), 3, "a reader does not upgrade");
    }
    let store = Store::open(&path, OpenOptions::default()).unwrap();
    assert_eq!(user_version(&path), latest_version() as i64);
    let found = |text: &str, kind: Option<RecordKind>| -> Vec<String> {
        let mut q = ListQuery::new(now);
        q.text = Some(text.into());
        q.kind = kind;
        store
            .list(&q)
            .unwrap()
            .iter()
            .map(|r| r.new.summary.clone())
            .collect()
    };
    assert_eq!(found("漏水", None).len(), 2);
    assert_eq!(found("3-2-12", None).len(), 2);
    assert_eq!(found("漏", Some(RecordKind::Repair)), vec!["厨房漏水"]);
    assert_eq!(found("3-2", Some(RecordKind::Log)), vec!["巡查: 地库漏水"]);
    assert_eq!(found("R-2026-99999", None).len(), 0);
}

/// Bringing a file from an earlier version up to date says so first (it can take a while on a
/// large file), once; a new file and an up-to-date one say nothing.
#[test]
fn an_upgrade_is_announced_once() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&old).unwrap();
        Migrations::new(STEPS[..3].iter().map(|s| M::up(s)).collect())
            .to_latest(&mut conn)
            .unwrap();
    }
    let run_args = |db: &std::path::Path, args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dutydesk"))
            .args(["--lang", "en"])
            .args(args)
            .env("DUTYDESK_DB", db)
            .env("DUTYDESK_CONFIG", "/nonexistent")
            .env("TZ", "Asia/Shanghai")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let run = |db: &std::path::Path| run_args(db, &["list", "--json"]);
    let said = run(&old);
    assert!(
        said.contains(&format!(
            "updating the database from version 3 to {}",
            latest_version()
        )),
        "{said}"
    );
    assert_eq!(run(&old), "", "only once");
    assert_eq!(
        // (Only a command that writes creates a database.)
        run_args(
            &dir.path().join("new.db"),
            &["add", "log", "--summary", "x"]
        ),
        "",
        "a new file is not an upgrade"
    );
}

/// A file whose repeats follow the rule before schema 7 (no `meta.repeat_rule`) has every
/// repeat worked out again at its first write (about 20 s on a million records): said on
/// stderr first, once; a new file says nothing.
#[test]
fn working_out_every_repeat_again_is_announced_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let add = |summary: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dutydesk"))
            .args(["--lang", "en", "add", "log", "--summary", summary])
            .env("DUTYDESK_DB", &db)
            .env("DUTYDESK_CONFIG", "/nonexistent")
            .env("TZ", "Asia/Shanghai")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    assert_eq!(add("first"), "", "a new file");
    Connection::open(&db)
        .unwrap()
        .execute("DELETE FROM meta WHERE key = 'repeat_rule'", [])
        .unwrap();
    let said = add("second");
    assert!(
        said.contains("working out again which records repeat which"),
        "{said}"
    );
    assert_eq!(add("third"), "", "only once");
}
