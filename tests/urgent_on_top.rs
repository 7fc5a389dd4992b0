//! A new urgent repair is on top of the desk's lists from the moment it is written until it is
//! dispatched, not only in the last quarter of its seven minutes.

mod tui_common;

use chrono::Duration;
use dutydesk::app::Tab;
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use dutydesk::store::{ListQuery, Order};
use tui_common::*;

fn urgent_repair(f: &mut Fixture, summary: &str) -> RecordId {
    urgent_repair_at(f, now(), summary)
}

fn urgent_repair_at(f: &mut Fixture, at: chrono::DateTime<chrono::Utc>, summary: &str) -> RecordId {
    f.add(
        at,
        Details::Repair(RepairDetails {
            category: RepairCategory::ElevatorEntrapment,
            appointment: None,
            warranty: false,
        }),
        summary,
        None,
        Some("7号楼1单元电梯"),
        None,
        None,
    )
}

fn first_ids(f: &Fixture, app: &dutydesk::app::App, n: usize) -> Vec<RecordId> {
    let _ = f;
    let (_, rows) = app.list().window();
    rows.iter().take(n).map(|r| r.id).collect()
}

#[test]
fn a_new_urgent_repair_is_first_until_dispatched() {
    let mut f = Fixture::night(Lang::Zh);
    let lift = urgent_repair(&mut f, "7号楼电梯困人, 1人");
    let water = f
        .records(RecordKind::Repair)
        .iter()
        .find(|r| r.new.summary.starts_with("厨房水管爆裂"))
        .unwrap()
        .id;
    let lift_soon = f
        .records(RecordKind::Repair)
        .iter()
        .find(|r| r.new.summary.starts_with("电梯停在12楼"))
        .unwrap()
        .id;
    for tab in [Tab::Kind(RecordKind::Repair), Tab::Shift] {
        let mut app = f.app();
        app.show_tab(tab, &f.store);
        // Written at 03:00, its dispatch due 03:07, "soon" only from 03:05: already on top,
        // after only the urgent repair owed a dispatch since 02:30 and above everything that
        // is merely overdue or soon (the dispatched lift, a complaint).
        let top = first_ids(&f, &app, 2);
        assert_eq!(top, vec![water, lift], "{tab:?}");
        let buffer = frame(&app, 80, 24);
        let (y, row) = row_with(&buffer, "7号楼电梯困人").unwrap();
        let (y_soon, _) = row_with(&buffer, &lift_soon.to_string()).unwrap();
        assert!(y < y_soon, "{}", text(&buffer));
        assert!(row.contains('*'), "{row}");
    }
    // Dispatched: back among the others by its own deadlines (arrival at 03:15, not soon yet).
    f.act(
        lift,
        now() + Duration::seconds(30),
        Action::Dispatch {
            to: "孙师傅".into(),
        },
    );
    let mut app = f.app();
    app.show_tab(Tab::Kind(RecordKind::Repair), &f.store);
    let top = first_ids(&f, &app, 2);
    assert!(!top.contains(&lift), "{top:?}");
}

/// Two urgent repairs owed a dispatch: the one due first is first; a paged list and its count
/// hold every record once.
#[test]
fn urgent_repairs_owed_a_dispatch_come_in_due_order_and_pages_hold_each_record_once() {
    let mut f = Fixture::night(Lang::En);
    let first = urgent_repair_at(&mut f, now() - Duration::minutes(1), "lift stuck A");
    let second = f.add(
        now(),
        Details::Repair(RepairDetails {
            category: RepairCategory::PowerFault,
            appointment: None,
            warranty: false,
        }),
        "no power in 3-2",
        Some("3-2-901"),
        None,
        None,
        None,
    );
    let water = f
        .records(RecordKind::Repair)
        .iter()
        .find(|r| r.new.summary.starts_with("厨房水管爆裂"))
        .unwrap()
        .id;
    // An urgent repair done and closed (no deadline left): listed like any other.
    let done = urgent_repair_at(&mut f, now() - Duration::hours(5), "lift stuck earlier");
    f.act(
        done,
        now() - Duration::hours(4),
        Action::Void {
            reason: "entered twice".into(),
        },
    );
    let mut q = ListQuery::new(now());
    q.kind = Some(RecordKind::Repair);
    q.order = Order::UrgentFirst;
    q.limit = None;
    let all: Vec<RecordId> = f.store.list(&q).unwrap().iter().map(|r| r.id).collect();
    assert_eq!(&all[..3], &[water, first, second]);
    assert!(all.contains(&done), "{all:?}");
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len());
    assert_eq!(f.store.count(&q).unwrap(), all.len());
    // Page by page (offsets, as the desk reads them): the same order.
    let mut paged = Vec::new();
    for offset in 0..all.len() {
        q.offset = offset as u32;
        q.limit = Some(1);
        paged.extend(f.store.list(&q).unwrap().iter().map(|r| r.id));
    }
    assert_eq!(paged, all);
}
