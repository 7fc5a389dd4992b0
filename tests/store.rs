//! The SQLite store: migrations, reopening, ids, batches, the events' hash chain (read back with
//! rusqlite directly), and files it must refuse and leave untouched.

mod common;

use common::{policy, t};
use dutydesk::domain::*;
use dutydesk::store::schema::{APPLICATION_ID, latest_version, migrations};
use dutydesk::store::{Access, ListQuery, OpenOptions, Stamp, Store, StoreError};
use rusqlite::Connection;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const NOW: &str = "2026-11-25T03:00:00+08:00";

fn stamp(at: &str) -> Stamp<'static> {
    Stamp {
        operator: "王值班",
        at: t(at),
        now: t(NOW),
    }
}

fn open(path: &Path) -> Store {
    Store::open(path, OpenOptions::default()).expect("the store opens")
}

fn repair(room: Option<&str>, summary: &str) -> NewRecord {
    NewRecord {
        details: RepairDetails {
            category: RepairCategory::WaterFault,
            appointment: None,
            warranty: false,
        }
        .into(),
        summary: summary.into(),
        room: room.map(str::to_string),
        location: Some("3号楼".into()),
        phone: Some("13800138000".into()),
        name: Some("李先生".into()),
    }
}

fn complaint() -> NewRecord {
    NewRecord {
        details: CallDetails {
            call_kind: CallKind::Complaint,
            channel: Channel::Letter,
            class: None,
        }
        .into(),
        summary: "楼下噪音扰民".into(),
        room: Some("5-1-0302".into()),
        location: None,
        phone: None,
        name: Some("赵女士".into()),
    }
}

/// A few records with a few actions each, so the chain has something to link.
fn fill(store: &mut Store) -> Vec<RecordId> {
    let p = policy();
    let a = store
        .add(
            repair(Some("3-2-1201"), "厨房水管爆裂"),
            &stamp("2026-11-25T01:00:00+08:00"),
            &p,
        )
        .unwrap();
    let b = store
        .add(complaint(), &stamp("2026-11-25T01:10:00+08:00"), &p)
        .unwrap();
    store
        .act(
            a.id,
            Action::Dispatch {
                to: "张师傅".into(),
            },
            &stamp("2026-11-25T01:05:00+08:00"),
            &p,
        )
        .unwrap();
    store
        .act(
            b.id,
            Action::Reply { written: false },
            &stamp("2026-11-25T01:20:00+08:00"),
            &p,
        )
        .unwrap();
    store
        .act(
            a.id,
            Action::Arrive,
            &stamp("2026-11-25T01:15:00+08:00"),
            &p,
        )
        .unwrap();
    let c = store
        .batch(|w| {
            let c = w.add(
                repair(None, "地库照明不亮"),
                &stamp("2026-11-25T02:00:00+08:00"),
                &p,
            )?;
            w.act(
                c.id,
                Action::Void {
                    reason: "重复登记".into(),
                },
                &stamp("2026-11-25T02:01:00+08:00"),
                &p,
            )?;
            Ok(c)
        })
        .unwrap();
    vec![a.id, b.id, c.id]
}

fn raw(path: &Path) -> Connection {
    Connection::open(path).expect("rusqlite opens the file")
}

fn pragma(conn: &Connection, name: &str) -> i64 {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap()
}

fn schema(conn: &Connection) -> Vec<(String, String, Option<String>)> {
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

struct EventRow {
    seq: i64,
    record_id: String,
    at: i64,
    written_at: i64,
    operator: String,
    action: String,
    payload: String,
    prev_hash: Vec<u8>,
    hash: Vec<u8>,
}

fn events(path: &Path) -> Vec<EventRow> {
    let conn = raw(path);
    let mut stmt = conn
        .prepare(
            "SELECT e.seq, r.id, e.at, e.written_at, e.operator, e.action, e.payload,
                    e.prev_hash, e.hash
             FROM events e JOIN records r ON r.rowid = e.record ORDER BY e.seq",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(EventRow {
            seq: r.get(0)?,
            record_id: r.get(1)?,
            at: r.get(2)?,
            written_at: r.get(3)?,
            operator: r.get(4)?,
            action: r.get(5)?,
            payload: r.get(6)?,
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
        })
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

#[test]
fn migrates_an_empty_file_to_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    drop(open(&path));
    let conn = raw(&path);
    assert_eq!(pragma(&conn, "user_version") as usize, latest_version());
    assert_eq!(pragma(&conn, "application_id") as i32, APPLICATION_ID);
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let names: Vec<String> = schema(&conn).into_iter().map(|(_, n, _)| n).collect();
    for table in ["records", "events", "counters", "search"] {
        assert!(names.contains(&table.to_string()), "{table} in {names:?}");
    }
}

#[test]
fn migrates_from_every_earlier_version() {
    for version in 0..=latest_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = raw(&path);
            migrations().to_version(&mut conn, version).unwrap();
            assert_eq!(pragma(&conn, "user_version") as usize, version);
        }
        let mut store = open(&path);
        let ids = fill(&mut store);
        drop(store);
        let conn = raw(&path);
        assert_eq!(
            pragma(&conn, "user_version") as usize,
            latest_version(),
            "from version {version}"
        );
        assert_eq!(ids[0].to_string(), "R-2026-00001");
    }
}

#[test]
fn a_new_database_is_created_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("desk.db");
    let mut store = open(&path);
    fill(&mut store);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
    for suffix in ["-wal", "-shm"] {
        let side = dir.path().join("sub").join(format!("desk.db{suffix}"));
        if let Ok(meta) = std::fs::metadata(&side) {
            assert_eq!(meta.permissions().mode() & 0o077, 0, "{suffix}");
        }
    }
    let folder = std::fs::metadata(dir.path().join("sub")).unwrap();
    assert_eq!(folder.permissions().mode() & 0o077, 0);
}

#[test]
fn reopening_an_existing_database_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = open(&path);
    let ids = fill(&mut store);
    drop(store);
    let before = {
        let conn = raw(&path);
        (
            schema(&conn),
            pragma(&conn, "user_version"),
            events(&path)
                .iter()
                .map(|e| e.hash.clone())
                .collect::<Vec<_>>(),
        )
    };
    for _ in 0..3 {
        let store = open(&path);
        let (record, timeline) = store.get(ids[0]).unwrap();
        assert_eq!(record.status, Status::OnSite);
        assert_eq!(timeline.len(), 3);
        drop(store);
    }
    let conn = raw(&path);
    assert_eq!(schema(&conn), before.0);
    assert_eq!(pragma(&conn, "user_version"), before.1);
    let after: Vec<_> = events(&path).iter().map(|e| e.hash.clone()).collect();
    assert_eq!(after, before.2);
    // And the serials carry on where they stopped.
    let mut store = open(&path);
    let next = store
        .add(
            repair(None, "三楼走廊灯不亮"),
            &stamp("2026-11-25T02:30:00+08:00"),
            &policy(),
        )
        .unwrap();
    assert_eq!(next.id.to_string(), "R-2026-00003");
}

#[test]
fn the_events_hash_chain_links_every_event_to_the_one_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = open(&path);
    fill(&mut store);
    drop(store);
    let rows = events(&path);
    assert_eq!(rows.len(), 7);
    let mut prev = vec![0u8; 32];
    for (i, e) in rows.iter().enumerate() {
        assert_eq!(e.seq, i as i64 + 1, "seq has no gaps");
        assert_eq!(e.prev_hash, prev, "event {} links to the one before", e.seq);
        assert_eq!(e.hash.len(), 32);
        // The hash covers the event's content and the previous hash (store/chain.rs, v1).
        let mut h = blake3::Hasher::new();
        h.update(b"dutydesk-event-v1");
        h.update(&e.prev_hash);
        h.update(&e.seq.to_le_bytes());
        for text in [&e.record_id, &e.operator, &e.action, &e.payload] {
            h.update(&(text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
        h.update(&e.at.to_le_bytes());
        h.update(&e.written_at.to_le_bytes());
        assert_eq!(e.hash, h.finalize().as_bytes().to_vec(), "event {}", e.seq);
        prev = e.hash.clone();
    }
    let actions: Vec<&str> = rows.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create", "create", "dispatch", "reply", "arrive", "create", "void"
        ]
    );
    // Every event keeps when it happened and when it was written.
    assert!(rows.iter().all(|e| e.written_at == t(NOW).timestamp()));
    assert_eq!(rows[0].at, t("2026-11-25T01:00:00+08:00").timestamp());
}

#[test]
fn ids_are_serial_per_kind_and_local_year() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("desk.db"));
    let p = policy();
    let mut add = |new: NewRecord, at: &str| store.add(new, &stamp(at), &p).unwrap().id.to_string();
    assert_eq!(
        add(repair(None, "a"), "2026-11-25T01:00:00+08:00"),
        "R-2026-00001"
    );
    assert_eq!(
        add(repair(None, "b"), "2026-11-25T01:01:00+08:00"),
        "R-2026-00002"
    );
    assert_eq!(
        add(complaint(), "2026-11-25T01:02:00+08:00"),
        "C-2026-00001"
    );
    // 23:30 on New Year's Eve in Shanghai is 2025; 00:30 is 2026, though UTC still says 2025.
    assert_eq!(
        add(repair(None, "c"), "2025-12-31T23:30:00+08:00"),
        "R-2025-00001"
    );
    assert_eq!(
        add(repair(None, "d"), "2026-01-01T00:30:00+08:00"),
        "R-2026-00003"
    );
}

#[test]
fn a_batch_lands_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = open(&path);
    let p = policy();
    let result = store.batch(|w| {
        w.add(repair(None, "一"), &stamp("2026-11-25T01:00:00+08:00"), &p)?;
        w.add(repair(None, "二"), &stamp("2026-11-25T01:01:00+08:00"), &p)?;
        // In the future: refused, and the whole batch with it.
        w.add(repair(None, "三"), &stamp("2026-11-25T04:00:00+08:00"), &p)?;
        Ok(())
    });
    assert!(matches!(
        result,
        Err(StoreError::Rule(RuleError::Field {
            field: Field::At,
            ..
        }))
    ));
    let stats = store.stats(t(NOW)).unwrap();
    assert_eq!((stats.records, stats.events), (0, 0));
    // The serials were not used up either.
    let first = store
        .add(repair(None, "四"), &stamp("2026-11-25T01:00:00+08:00"), &p)
        .unwrap();
    assert_eq!(first.id.to_string(), "R-2026-00001");
}

#[test]
fn refused_writes_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = open(&path);
    let ids = fill(&mut store);
    let p = policy();
    let before = store.stats(t(NOW)).unwrap();
    // Before the record's previous event (arrived 01:15).
    let early = store.act(
        ids[0],
        Action::Note { text: "x".into() },
        &stamp("2026-11-25T01:14:59+08:00"),
        &p,
    );
    assert!(matches!(
        early,
        Err(StoreError::Rule(RuleError::Field {
            field: Field::At,
            ..
        }))
    ));
    // In the future.
    let future = Stamp {
        operator: "王值班",
        at: t("2026-11-25T03:00:01+08:00"),
        now: t(NOW),
    };
    assert!(
        store
            .act(ids[0], Action::Note { text: "x".into() }, &future, &p)
            .is_err()
    );
    // Not allowed in its state.
    let refused = store.act(
        ids[0],
        Action::Arrive,
        &stamp("2026-11-25T02:00:00+08:00"),
        &p,
    );
    assert!(matches!(
        refused,
        Err(StoreError::Rule(RuleError::NotAllowed { .. }))
    ));
    // No such record.
    let missing = RecordId::parse("R-2026-00999").unwrap();
    assert!(matches!(
        store.act(
            missing,
            Action::Arrive,
            &stamp("2026-11-25T02:00:00+08:00"),
            &p
        ),
        Err(StoreError::NotFound(_))
    ));
    // A paid repair without its appointment.
    let mut paid = repair(Some("3-2-1201"), "换灯泡");
    paid.details = Details::Repair(RepairDetails {
        category: RepairCategory::Paid,
        appointment: None,
        warranty: false,
    });
    assert!(
        store
            .add(paid, &stamp("2026-11-25T02:00:00+08:00"), &p)
            .is_err()
    );
    assert_eq!(store.stats(t(NOW)).unwrap(), before);
    // Exactly at the previous event's time is fine.
    store
        .act(
            ids[0],
            Action::Note { text: "ok".into() },
            &stamp("2026-11-25T01:15:00+08:00"),
            &p,
        )
        .unwrap();
}

#[test]
fn a_repeat_is_the_same_room_and_category_within_30_days() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("desk.db"));
    let p = policy();
    let first = store
        .add(
            repair(Some("3-2-1201"), "漏水"),
            &stamp("2026-10-26T03:00:00+08:00"),
            &p,
        )
        .unwrap();
    assert_eq!(first.repeat_of, None);
    // Exactly 30 days later: a repeat.
    let again = store
        .add(repair(Some("3-2-1201"), "又漏水"), &stamp(NOW), &p)
        .unwrap();
    assert_eq!(again.repeat_of, Some(first.id));
    assert_eq!(store.get(again.id).unwrap().0.repeat_of, Some(first.id));
    // Another room, another category, or a room-less record: no repeat.
    let other_room = store
        .add(repair(Some("3-2-1202"), "漏水"), &stamp(NOW), &p)
        .unwrap();
    assert_eq!(other_room.repeat_of, None);
    let mut power = repair(Some("3-2-1201"), "停电");
    power.details = Details::Repair(RepairDetails {
        category: RepairCategory::PowerFault,
        appointment: None,
        warranty: false,
    });
    assert_eq!(store.add(power, &stamp(NOW), &p).unwrap().repeat_of, None);
    assert_eq!(
        store
            .add(repair(None, "漏水"), &stamp(NOW), &p)
            .unwrap()
            .repeat_of,
        None
    );
}

#[test]
fn one_second_over_30_days_is_not_a_repeat_and_voided_records_do_not_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("desk.db"));
    let p = policy();
    store
        .add(
            repair(Some("3-2-1201"), "漏水"),
            &stamp("2026-10-26T02:59:59+08:00"),
            &p,
        )
        .unwrap();
    let later = store
        .add(repair(Some("3-2-1201"), "又漏水"), &stamp(NOW), &p)
        .unwrap();
    assert_eq!(later.repeat_of, None);
    let voided = store
        .add(
            repair(Some("6-1-0101"), "漏水"),
            &stamp("2026-11-25T01:00:00+08:00"),
            &p,
        )
        .unwrap();
    store
        .act(
            voided.id,
            Action::Void {
                reason: "打错房号".into(),
            },
            &stamp("2026-11-25T01:01:00+08:00"),
            &p,
        )
        .unwrap();
    let fresh = store
        .add(repair(Some("6-1-0101"), "漏水"), &stamp(NOW), &p)
        .unwrap();
    assert_eq!(fresh.repeat_of, None);
}

#[test]
fn voided_records_stay_and_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("desk.db"));
    let ids = fill(&mut store);
    let (record, timeline) = store.get(ids[2]).unwrap();
    assert_eq!(record.status, Status::Voided);
    assert_eq!(record.voided.as_ref().unwrap().reason, "重复登记");
    assert_eq!(timeline.len(), 2);
    let found = store.search("照明", None, t(NOW)).unwrap();
    assert_eq!(found.iter().map(|r| r.id).collect::<Vec<_>>(), [ids[2]]);
    // And by the reason it was voided for.
    let found = store.search("重复", None, t(NOW)).unwrap();
    assert_eq!(found.iter().map(|r| r.id).collect::<Vec<_>>(), [ids[2]]);
    let all = store.list(&ListQuery::new(t(NOW))).unwrap();
    assert_eq!(all.len(), 3);
}

#[test]
fn read_only_refuses_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let ids = fill(&mut open(&path));
    let mut store = Store::open(
        &path,
        OpenOptions {
            access: Access::ReadOnly,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    assert!(store.read_only().is_some());
    assert_eq!(store.get(ids[0]).unwrap().0.status, Status::OnSite);
    let p = policy();
    assert!(matches!(
        store.add(complaint(), &stamp("2026-11-25T02:00:00+08:00"), &p),
        Err(StoreError::ReadOnly(_))
    ));
    assert!(matches!(
        store.act(
            ids[0],
            Action::Arrive,
            &stamp("2026-11-25T02:00:00+08:00"),
            &p
        ),
        Err(StoreError::ReadOnly(_))
    ));
    // Escalation is the program's own write: skipped, not an error, when read-only.
    assert_eq!(
        store
            .escalate_due(t("2027-06-01T00:00:00+08:00"), &p)
            .unwrap(),
        []
    );
}

#[test]
fn open_complaints_are_escalated_once_with_an_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("desk.db"));
    let p = policy();
    let old = Stamp {
        operator: "王值班",
        at: t("2026-10-20T09:00:00+08:00"),
        now: t("2026-10-20T09:00:00+08:00"),
    };
    let open_one = store.add(complaint(), &old, &p).unwrap();
    let resolved = store.add(complaint(), &old, &p).unwrap();
    let later = Stamp {
        at: t("2026-10-21T09:00:00+08:00"),
        now: t("2026-10-21T09:00:00+08:00"),
        ..old.clone()
    };
    store
        .act(resolved.id, Action::resolve(None), &later, &p)
        .unwrap();
    let now = t("2026-11-20T09:00:00+08:00");
    assert_eq!(store.escalate_due(now, &p).unwrap(), [open_one.id]);
    assert_eq!(store.escalate_due(now, &p).unwrap(), []);
    let (record, timeline) = store.get(open_one.id).unwrap();
    assert_eq!(record.class(), Some(ComplaintClass::Major));
    let last = timeline.last().unwrap();
    assert_eq!(last.change.slug(), "escalate");
    assert_eq!(last.operator, "dutydesk");
    assert_eq!(last.at, now);
    assert_eq!(store.get(resolved.id).unwrap().0.class(), None);
}

fn refused_untouched(path: &Path) {
    let before = std::fs::read(path).unwrap();
    for access in [Access::ReadWrite, Access::ReadOnly] {
        let result = Store::open(
            path,
            OpenOptions {
                access,
                ..OpenOptions::default()
            },
        );
        assert!(
            matches!(result, Err(StoreError::Incompatible(_))),
            "{access:?}: {:?}",
            result.err()
        );
    }
    assert_eq!(std::fs::read(path).unwrap(), before, "left byte-identical");
    let dir = path.parent().unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    for suffix in ["-wal", "-shm", "-journal"] {
        assert!(
            !dir.join(format!("{name}{suffix}")).exists(),
            "{suffix} left behind"
        );
    }
}

#[test]
fn a_text_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "值班记录\n这不是数据库, just some text that is long enough.\n".repeat(20),
    )
    .unwrap();
    refused_untouched(&path);
}

#[test]
fn another_programs_sqlite_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = raw(&path);
        conn.execute_batch("CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);")
            .unwrap();
    }
    refused_untouched(&path);
}

#[test]
fn a_newer_dutydesk_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    fill(&mut open(&path));
    {
        let conn = raw(&path);
        // Fold the WAL in so that the file alone is the database.
        conn.execute_batch(&format!(
            "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE; PRAGMA user_version = {};",
            latest_version() + 1
        ))
        .unwrap();
    }
    refused_untouched(&path);
}

/// The store asks the kind's intake the rules between fields that `add` and the desk ask: a
/// class only on a complaint, an appointment only on a paid repair.
#[test]
fn the_store_checks_a_new_record_as_add_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("desk.db"));
    let p = policy();
    let at = stamp("2026-11-25T01:00:00+08:00");
    let mut consultation = complaint();
    consultation.details = CallDetails {
        call_kind: CallKind::Consultation,
        channel: Channel::Phone,
        class: Some(ComplaintClass::Minor),
    }
    .into();
    let mut general = repair(None, "灯坏了");
    general.details = RepairDetails {
        category: RepairCategory::General,
        appointment: Some(t("2026-11-26T10:00:00+08:00")),
        warranty: false,
    }
    .into();
    for (new, field, problem) in [
        (consultation, Field::Class, Problem::OnlyComplaintHasClass),
        (general, Field::Appointment, Problem::OnlyPaidHasAppointment),
    ] {
        match store.add(new, &at, &p) {
            Err(StoreError::Rule(RuleError::Field {
                field: f,
                problem: pr,
            })) => {
                assert_eq!((f, pr), (field, problem));
            }
            other => panic!("{field:?}: {other:?}"),
        }
    }
    assert_eq!(store.stats(t(NOW)).unwrap().records, 0);
}

/// A report reuses the records it already folded: `resolved_between_reusing` takes a known
/// record as given (here one altered on purpose) and folds only the others, in the same order
/// as `resolved_between`.
#[test]
fn resolved_between_reusing_takes_known_records_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("r.db"));
    let p = policy();
    let resolve = || Action::Resolve {
        fee: None,
        signed: None,
        rating: None,
        work: None,
        materials: None,
        result: None,
        callback: None,
    };
    let old = store
        .add(complaint(), &stamp("2026-11-20T09:00:00+08:00"), &p)
        .unwrap();
    let new = store
        .add(complaint(), &stamp("2026-11-24T09:00:00+08:00"), &p)
        .unwrap();
    for id in [old.id, new.id] {
        store
            .act(id, resolve(), &stamp("2026-11-24T10:00:00+08:00"), &p)
            .unwrap();
    }
    let (from, until) = (
        t("2026-11-24T00:00:00+08:00"),
        t("2026-11-25T00:00:00+08:00"),
    );
    let plain = store.resolved_between(from, until).unwrap();
    assert_eq!(plain.records.len(), 2);
    let mut known = plain
        .records
        .iter()
        .find(|r| r.id == new.id)
        .unwrap()
        .clone();
    known.new.summary = "taken as given".into();
    let given = std::slice::from_ref(&known);
    let reused = store.resolved_between_reusing(from, until, given).unwrap();
    let expected: Vec<Record> = plain
        .records
        .iter()
        .map(|r| {
            if r.id == new.id {
                known.clone()
            } else {
                r.clone()
            }
        })
        .collect();
    let records: Vec<Record> = reused.records(given).into_iter().cloned().collect();
    assert_eq!(records, expected);
    assert!(reused.damaged.is_empty());
}
