//! The hot paths never scan a whole table or sort it: at a million records that is the
//! difference between instant and seconds. These guard the plans at small scale.

use chrono::{DateTime, Utc};
use dutydesk::domain::*;
use dutydesk::store::{ListQuery, OpenOptions, Order, Stamp, Store};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T03:00:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("p.db"), OpenOptions::default()).unwrap();
    let policy = Policy::new(
        Limits::default(),
        Calendar::default(),
        "Asia/Shanghai".parse().unwrap(),
    );
    let stamp = Stamp {
        operator: "t",
        at: now(),
        now: now(),
    };
    for i in 0..20 {
        let new = NewRecord {
            details: RepairDetails {
                category: RepairCategory::WaterFault,
                appointment: None,
                warranty: false,
            }
            .into(),
            summary: format!("漏水 {i}"),
            room: Some(format!("3-2-{i}")),
            location: Some("3号楼".into()),
            phone: Some("13800138000".into()),
            name: None,
        };
        store.add(new, &stamp, &policy).unwrap();
    }
    (dir, store)
}

fn assert_no_scan(plans: &[String], what: &str) {
    assert!(!plans.is_empty(), "{what}: no plan");
    for plan in plans {
        for step in plan.split("; ") {
            let full_scan = step.starts_with("SCAN records") && !step.contains("INDEX");
            assert!(!full_scan, "{what}: full scan of records: {plan}");
            assert!(
                !step.contains("TEMP B-TREE"),
                "{what}: sorts the whole result: {plan}"
            );
        }
    }
}

#[test]
fn desk_lists_use_indexes() {
    let (_dir, store) = store();
    for kind in [RecordKind::Log, RecordKind::Call, RecordKind::Repair] {
        let mut q = ListQuery::new(now());
        q.kind = Some(kind);
        q.order = Order::UrgentFirst;
        q.limit = Some(40);
        let plans = store.explain_list(&q).unwrap();
        assert_no_scan(&plans, "tab list");
        // Urgent records owed a dispatch, then overdue and soon ones: open records only.
        for plan in &plans[..2] {
            assert!(plan.contains("records_open_due"), "part on top: {plan}");
        }
        assert!(
            plans[2].contains("records_kind_time"),
            "rest part: {}",
            plans[2]
        );
    }
}

#[test]
fn newest_first_lists_use_the_time_index() {
    let (_dir, store) = store();
    let mut q = ListQuery::new(now());
    q.limit = Some(200);
    let plans = store.explain_list(&q).unwrap();
    assert_no_scan(&plans, "list");
    assert!(plans[0].contains("records_time"), "{}", plans[0]);
}

#[test]
fn search_is_driven_by_the_full_text_index() {
    let (_dir, store) = store();
    for text in ["漏", "电梯", "3-2-1201", "13800138000", "8000"] {
        let mut q = ListQuery::new(now());
        q.text = Some(text.into());
        let plans = store.explain_list(&q).unwrap();
        assert_no_scan(&plans, text);
        assert!(plans[0].contains("VIRTUAL TABLE"), "{text}: {}", plans[0]);
        assert!(
            plans[0].contains("INTEGER PRIMARY KEY"),
            "{text}: {}",
            plans[0]
        );
    }
}

#[test]
fn cursor_pages_continue_without_offset() {
    let (_dir, store) = store();
    let mut q = ListQuery::new(now());
    q.kind = Some(RecordKind::Repair);
    q.limit = Some(7);
    let mut seen = Vec::new();
    loop {
        let page = store.list_page(&q).unwrap();
        seen.extend(page.records.iter().map(|r| r.id));
        match page.next {
            Some(next) => q.after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 20);
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique.len(), 20, "no record twice");
    assert_eq!(seen[0].serial, 20, "newest first");
}

#[test]
fn counting_matches_the_list_without_loading_it() {
    let (_dir, store) = store();
    let mut q = ListQuery::new(now());
    q.kind = Some(RecordKind::Repair);
    q.order = Order::UrgentFirst;
    q.limit = Some(3);
    assert_eq!(store.count(&q).unwrap(), 20);
    q.text = Some("漏水 1".into());
    let mut all = q.clone();
    all.limit = None;
    assert_eq!(store.count(&q).unwrap(), store.list(&all).unwrap().len());
    q.kind = Some(RecordKind::Log);
    assert_eq!(store.count(&q).unwrap(), 0);
}

#[test]
fn overdue_rows_on_top_are_filtered_by_the_text_like_the_rest() {
    let (_dir, store) = store();
    // An hour later every repair has missed its dispatch: all of them are "attention" rows.
    let later = now() + chrono::Duration::hours(1);
    for text in ["漏水 1", "3-2-1", "8000", "漏", "nothing"] {
        let mut urgent = ListQuery::new(later);
        urgent.order = Order::UrgentFirst;
        urgent.text = Some(text.into());
        urgent.limit = None;
        let mut newest = urgent.clone();
        newest.order = Order::Newest;
        let mut a: Vec<_> = store
            .list(&urgent)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        let mut b: Vec<_> = store
            .list(&newest)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{text}");
        assert_eq!(store.count(&urgent).unwrap(), b.len(), "{text}");
    }
}

/// A record's events, and the events of a range of records (verify, the index rebuild), come
/// in order from the index on the record: no sort, no scan.
#[test]
fn events_are_read_by_record_in_order_from_the_index() {
    let (dir, store) = store();
    drop(store);
    let c = rusqlite::Connection::open(dir.path().join("p.db")).unwrap();
    for sql in [
        "SELECT seq, at, written_at, operator, action, payload FROM events WHERE record = 5
         ORDER BY seq",
        "SELECT record, seq, payload FROM events WHERE record BETWEEN 1 AND 9
         ORDER BY record, seq",
        "SELECT record, seq, at, written_at, operator, action, payload FROM events
         ORDER BY record, seq",
    ] {
        let plan: Vec<String> = c
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let plan = plan.join("; ");
        assert!(plan.contains("INDEX events_record"), "{sql}: {plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{sql}: {plan}");
    }
}

/// `report` reads the resolve events of its period, not every event, and the daily report's
/// deadline candidates through the indexes, not every record.
#[test]
fn report_reads_only_the_period() {
    let (_dir, store) = store();
    let plans = store.explain_report_reads().unwrap();
    assert_eq!(plans.len(), 2);
    assert!(plans[0].contains("events_resolve"), "{}", plans[0]);
    assert!(!plans[0].contains("SCAN events"), "{}", plans[0]);
    for plan in &plans {
        for step in plan.split("; ") {
            assert!(
                !step.starts_with("SCAN records") || step.contains("INDEX"),
                "full scan of records: {plan}"
            );
        }
    }
}

/// The handover's reads of events by time (a shift's actions, what was settled since the last
/// handover, who wrote last) walk the stretch of events of that time (`event_hours`, schema
/// 11), found by sequence number, never every event.
#[test]
fn handover_reads_events_of_the_shift_only() {
    let (_dir, store) = store();
    let plans = store.explain_handover_reads().unwrap();
    assert_eq!(plans.len(), 3);
    for plan in &plans {
        assert!(
            plan.contains("SEARCH events USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)")
                || plan.contains("SEARCH e USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"),
            "{plan}"
        );
        assert!(plan.contains("SEARCH event_hours"), "{plan}");
        assert!(!plan.contains("SCAN e"), "walks every event: {plan}");
    }
}

/// A page of records is folded from one read of their events and one of the records that
/// repeat them, each through its index, never a walk of every event or record.
#[test]
fn a_page_of_records_is_read_through_the_indexes() {
    let (_dir, store) = store();
    let plans = store.explain_batch_reads().unwrap();
    assert_eq!(plans.len(), 2);
    assert!(
        plans[0].contains("SEARCH events USING INDEX events_record (record=?)"),
        "{}",
        plans[0]
    );
    assert!(
        plans[1].contains("SEARCH records USING INDEX records_repeated (repeat_of=?)"),
        "{}",
        plans[1]
    );
    for plan in &plans {
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }
}

/// The escalation ladder (issue 18) reads the open records whose next deadline is near or past
/// through the open-records index, a range of due times, never the history.
#[test]
fn the_ladder_reads_open_records_by_due_time() {
    let (_dir, store) = store();
    let plan = store.explain_ladder_read().unwrap();
    assert!(
        plan.contains("SEARCH records USING INDEX records_open_due (kind=? AND due_at>?)"),
        "{plan}"
    );
    assert_no_scan(&[plan], "ladder");
}
