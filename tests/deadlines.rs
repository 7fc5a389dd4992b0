//! Every deadline rule of DESIGN.md's table, pinned at its limit, 1 s before and 1 s after,
//! open (ok / soon / overdue) and done (met / missed); the soon window; urgency; escalation;
//! and which action each status allows. Through the public library API only.

mod common;

use DeadlineName as N;
use DeadlineState::{Met, Missed, Ok as Fine, Overdue, Soon};
use chrono::{DateTime, Duration, Utc};
use common::{local, policy, secs, t};
use dutydesk::domain::deadline::{deadlines, escalation_due, next_change, next_open, urgency};
use dutydesk::domain::*;

const BY: &str = "王值班";

fn id(kind: RecordKind) -> RecordId {
    RecordId::new(kind, 2026, 1).expect("a year in range")
}

fn record(details: Details, room: Option<&str>, caller: Option<(&str, &str)>, at: &str) -> Record {
    let kind = details.kind();
    let new = NewRecord {
        details,
        summary: "测试".into(),
        room: room.map(str::to_string),
        location: Some("5号楼".into()),
        name: caller.map(|(name, _)| name.to_string()),
        phone: caller.map(|(_, phone)| phone.to_string()),
    };
    Record::created(id(kind), new, t(at), t(at), BY)
}

const CALLER: Option<(&str, &str)> = Some(("李女士", "13912345678"));

fn repair(category: RepairCategory, room: Option<&str>, at: &str) -> Record {
    record(
        Details::Repair(RepairDetails {
            category,
            appointment: None,
            warranty: false,
        }),
        room,
        CALLER,
        at,
    )
}

fn paid(room: Option<&str>, appointment: &str, at: &str) -> Record {
    record(
        Details::Repair(RepairDetails {
            category: RepairCategory::Paid,
            appointment: Some(t(appointment)),
            warranty: false,
        }),
        room,
        CALLER,
        at,
    )
}

fn call(call_kind: CallKind, channel: Channel, at: &str) -> Record {
    record(
        Details::Call(CallDetails {
            call_kind,
            channel,
            class: None,
        }),
        Some("3-2-1201"),
        CALLER,
        at,
    )
}

fn complaint(channel: Channel, at: &str) -> Record {
    call(CallKind::Complaint, channel, at)
}

fn log(at: &str) -> Record {
    record(
        Details::Log(LogDetails {
            category: LogCategory::Patrol,
        }),
        None,
        None,
        at,
    )
}

/// One lifecycle step that the rules must allow.
trait Then: Sized {
    fn then(self, action: Action, at: DateTime<Utc>) -> Record;
    fn at(self, action: Action, at: &str) -> Record {
        self.then(action, t(at))
    }
}

impl Then for Record {
    fn then(self, action: Action, at: DateTime<Utc>) -> Record {
        self.apply(&action, at, BY)
            .unwrap_or_else(|e| panic!("{action:?} at {at}: {e}"))
    }
}

fn dispatch() -> Action {
    Action::Dispatch {
        to: "张师傅".into(),
    }
}

fn resolve() -> Action {
    Action::resolve(None)
}

fn callback() -> Action {
    Action::callback_closing(CallbackForm::Phone, Satisfaction::Satisfied)
}

/// A repair's quality follow-up that reached the owner.
fn quality_callback() -> Action {
    Action::Callback {
        form: CallbackForm::Phone,
        satisfaction: Satisfaction::Satisfied,
        reached: Some(true),
        words: None,
        signed: None,
        follow_up: None,
        quality: true,
    }
}

fn reply(written: bool) -> Action {
    Action::Reply { written }
}

fn assess(difficulty: Difficulty) -> Action {
    Action::Assess { difficulty }
}

fn get(r: &Record, name: DeadlineName) -> Deadline {
    deadlines(r, &policy())
        .into_iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("no {name:?} deadline on {r:#?}"))
}

fn names(r: &Record) -> Vec<DeadlineName> {
    deadlines(r, &policy()).iter().map(|d| d.name).collect()
}

/// An open deadline: due where the rule says; ok until `lead` before due; soon from then,
/// still soon 1 s before due and exactly at due; overdue 1 s after.
fn pin_open(r: &Record, name: DeadlineName, due: &str, lead: Duration) {
    let d = get(r, name);
    assert_eq!(local(d.due), due, "{name:?}: due");
    assert!(d.is_open(), "{name:?}: open");
    assert_eq!(d.done_at, None);
    assert_eq!(
        local(d.soon_from),
        local(d.due - lead),
        "{name:?}: soon window"
    );
    assert_eq!(d.state(d.starts), Fine, "{name:?}: at the start");
    assert_eq!(
        d.state(d.soon_from - secs(1)),
        Fine,
        "{name:?}: before soon"
    );
    assert_eq!(d.state(d.soon_from), Soon, "{name:?}: soon starts");
    assert_eq!(d.state(d.due - secs(1)), Soon, "{name:?}: 1 s before due");
    assert_eq!(d.state(d.due), Soon, "{name:?}: exactly at due");
    assert_eq!(d.state(d.due + secs(1)), Overdue, "{name:?}: 1 s after due");
}

/// Done 1 s before due and exactly at due is met, 1 s after is missed, whatever the time now.
fn pin_done(name: DeadlineName, due: &str, done: impl Fn(DateTime<Utc>) -> Record) {
    let due = t(due);
    for (when, expected) in [(due - secs(1), Met), (due, Met), (due + secs(1), Missed)] {
        let r = done(when);
        let d = get(&r, name);
        assert_eq!(local(d.due), local(due), "{name:?}: due once done");
        assert_eq!(d.done_at, Some(when), "{name:?}: done at");
        assert!(!d.is_open());
        for now in [when, due + Duration::days(40)] {
            assert_eq!(d.state(now), expected, "{name:?} done at {}", local(when));
        }
    }
}

// ---------------------------------------------------------------- repairs

const URGENT: [RepairCategory; 8] = [
    RepairCategory::ElevatorEntrapment,
    RepairCategory::StructuralDanger,
    RepairCategory::PowerFault,
    RepairCategory::WaterFault,
    RepairCategory::HeatingLeak,
    RepairCategory::StairsRailing,
    RepairCategory::FallingHazard,
    RepairCategory::OtherDanger,
];

#[test]
fn the_eight_urgent_categories_and_the_two_ordinary_ones() {
    assert_eq!(RepairCategory::ALL.len(), 10);
    for c in URGENT {
        assert!(c.is_urgent(), "{c}");
    }
    assert!(!RepairCategory::General.is_urgent());
    assert!(!RepairCategory::Paid.is_urgent());
}

#[test]
fn urgent_repair_dispatch_within_7_minutes() {
    let at = "2026-11-25T02:00:00+08:00";
    for c in URGENT {
        let r = repair(c, Some("3-2-1201"), at);
        assert_eq!(names(&r), [N::Dispatch, N::Arrival, N::Resolution], "{c}");
        // 7 minutes; soon in the last quarter (105 s).
        pin_open(&r, N::Dispatch, "2026-11-25T02:07:00+08:00", secs(105));
    }
    pin_done(N::Dispatch, "2026-11-25T02:07:00+08:00", |when| {
        repair(RepairCategory::PowerFault, None, at).then(dispatch(), when)
    });
}

#[test]
fn reassigning_does_not_move_the_dispatch_time() {
    let r = repair(
        RepairCategory::WaterFault,
        None,
        "2026-11-25T02:00:00+08:00",
    )
    .at(dispatch(), "2026-11-25T02:06:00+08:00")
    .at(
        Action::Dispatch {
            to: "刘师傅".into(),
        },
        "2026-11-25T02:30:00+08:00",
    );
    assert_eq!(r.assignee(), Some("刘师傅"));
    let d = get(&r, N::Dispatch);
    assert_eq!(d.done_at, Some(t("2026-11-25T02:06:00+08:00")));
    assert_eq!(d.state(t("2026-11-25T03:00:00+08:00")), Met);
}

/// Every repair, not only urgent ones: the work order in 5 minutes, engineering told in 2
/// (DOMAIN.md §3).
#[test]
fn every_repair_dispatch_within_7_minutes() {
    let at = "2026-11-25T02:00:00+08:00";
    let ordinary = [
        repair(RepairCategory::General, None, at),
        repair(RepairCategory::General, Some("3-2-1201"), at),
        paid(Some("3-2-1201"), "2026-11-25T14:00:00+08:00", at),
    ];
    for r in &ordinary {
        assert_eq!(names(r)[0], N::Dispatch);
        pin_open(r, N::Dispatch, "2026-11-25T02:07:00+08:00", secs(105));
    }
    pin_done(N::Dispatch, "2026-11-25T02:07:00+08:00", |when| {
        repair(RepairCategory::General, Some("3-2-1201"), at).then(dispatch(), when)
    });
    pin_done(N::Dispatch, "2026-11-25T02:07:00+08:00", |when| {
        paid(Some("3-2-1201"), "2026-11-25T14:00:00+08:00", at).then(dispatch(), when)
    });
}

#[test]
fn the_dispatch_limit_comes_from_the_rules() {
    let mut policy = policy();
    policy.limits.dispatch_minutes = 10;
    let r = repair(
        RepairCategory::General,
        Some("3-2-1201"),
        "2026-11-25T02:00:00+08:00",
    );
    let d = deadlines(&r, &policy)
        .into_iter()
        .find(|d| d.name == N::Dispatch)
        .expect("a dispatch deadline");
    assert_eq!(local(d.due), "2026-11-25T02:10:00+08:00");
}

#[test]
fn urgent_repair_arrival_within_15_minutes() {
    let at = "2026-11-25T02:00:00+08:00";
    for c in URGENT {
        let r = repair(c, Some("3-2-1201"), at);
        // 15 minutes; soon in the last quarter (225 s).
        pin_open(&r, N::Arrival, "2026-11-25T02:15:00+08:00", secs(225));
    }
    pin_done(N::Arrival, "2026-11-25T02:15:00+08:00", |when| {
        repair(RepairCategory::ElevatorEntrapment, Some("3-2-1201"), at)
            .at(dispatch(), "2026-11-25T02:01:00+08:00")
            .then(Action::Arrive, when)
    });
}

#[test]
fn public_area_repair_arrival_within_15_minutes() {
    let at = "2026-11-25T23:50:00+08:00";
    // No room: a public-area repair. Across midnight.
    let r = repair(RepairCategory::General, None, at);
    assert_eq!(names(&r), [N::Dispatch, N::Arrival, N::Resolution]);
    pin_open(&r, N::Arrival, "2026-11-26T00:05:00+08:00", secs(225));
    pin_done(N::Arrival, "2026-11-26T00:05:00+08:00", |when| {
        repair(RepairCategory::General, None, at)
            .at(dispatch(), "2026-11-25T23:51:00+08:00")
            .then(Action::Arrive, when)
    });
}

#[test]
fn general_repair_in_a_room_has_no_arrival_deadline() {
    let r = repair(
        RepairCategory::General,
        Some("3-2-1201"),
        "2026-11-25T02:00:00+08:00",
    );
    assert_eq!(names(&r), [N::Dispatch, N::Resolution]);
}

/// `rules.arrival_all_repairs = true` (the other rule book): every repair on site within 15
/// minutes, an in-home general repair too; a paid repair still by its appointment.
#[test]
fn arrival_all_repairs_puts_every_repair_on_site_within_15_minutes() {
    let mut all = policy();
    all.limits.arrival_all_repairs = true;
    let get_under = |r: &Record, policy: &Policy| {
        deadlines(r, policy)
            .into_iter()
            .find(|d| d.name == N::Arrival)
    };
    let at = "2026-11-25T02:00:00+08:00";
    let home = repair(RepairCategory::General, Some("3-2-1201"), at);
    assert_eq!(get_under(&home, &policy()), None, "not by default");
    let d = get_under(&home, &all).expect("an arrival deadline");
    assert_eq!(local(d.due), "2026-11-25T02:15:00+08:00");
    assert_eq!(local(d.soon_from), "2026-11-25T02:11:15+08:00");
    assert_eq!(d.state(d.due - secs(1)), Soon);
    assert_eq!(d.state(d.due), Soon);
    assert_eq!(d.state(d.due + secs(1)), Overdue);
    for (when, state) in [
        ("2026-11-25T02:14:59+08:00", Met),
        ("2026-11-25T02:15:00+08:00", Met),
        ("2026-11-25T02:15:01+08:00", Missed),
    ] {
        let done = repair(RepairCategory::General, Some("3-2-1201"), at)
            .at(dispatch(), "2026-11-25T02:05:00+08:00")
            .at(Action::Arrive, when);
        let d = get_under(&done, &all).expect("an arrival deadline");
        assert_eq!(d.state(t(when)), state, "arrived {when}");
    }
    // Urgent and public-area repairs are as by default; a paid one keeps its appointment.
    for r in [
        repair(RepairCategory::WaterFault, Some("3-2-1201"), at),
        repair(RepairCategory::General, None, at),
    ] {
        assert_eq!(get_under(&r, &all), get_under(&r, &policy()));
    }
    let p = paid(Some("3-2-1201"), "2026-11-25T14:00:00+08:00", at);
    let d = get_under(&p, &all).expect("an arrival deadline");
    assert_eq!(local(d.due), "2026-11-25T13:55:00+08:00");
}

#[test]
fn paid_repair_arrival_5_minutes_before_the_appointment() {
    let at = "2026-11-25T02:00:00+08:00";
    let appointment = "2026-11-25T14:00:00+08:00";
    for room in [Some("3-2-1201"), None] {
        let r = paid(room, appointment, at);
        assert_eq!(names(&r), [N::Dispatch, N::Arrival, N::Resolution]);
        // Window 02:00 -> 13:55 = 42,900 s; soon in its last quarter (10,725 s).
        pin_open(&r, N::Arrival, "2026-11-25T13:55:00+08:00", secs(10_725));
    }
    pin_done(N::Arrival, "2026-11-25T13:55:00+08:00", |when| {
        paid(Some("3-2-1201"), appointment, at)
            .at(dispatch(), "2026-11-25T09:00:00+08:00")
            .then(Action::Arrive, when)
    });
}

#[test]
fn paid_repair_with_an_appointment_in_under_5_minutes_is_due_at_once() {
    let r = paid(
        Some("3-2-1201"),
        "2026-11-25T02:03:00+08:00",
        "2026-11-25T02:00:00+08:00",
    );
    let d = get(&r, N::Arrival);
    assert_eq!(local(d.due), "2026-11-25T02:00:00+08:00");
    assert_eq!(d.state(d.due), Soon);
    assert_eq!(d.state(d.due + secs(1)), Overdue);
}

#[test]
fn repair_resolution_24_hours() {
    let at = "2026-11-25T02:00:00+08:00";
    for r in [
        repair(RepairCategory::General, Some("3-2-1201"), at),
        repair(RepairCategory::ElevatorEntrapment, None, at),
    ] {
        pin_open(
            &r,
            N::Resolution,
            "2026-11-26T02:00:00+08:00",
            Duration::hours(6),
        );
    }
    // Assessed simple: still 24 h.
    let simple = repair(RepairCategory::General, Some("3-2-1201"), at)
        .at(dispatch(), "2026-11-25T02:05:00+08:00")
        .at(Action::Arrive, "2026-11-25T02:30:00+08:00")
        .at(assess(Difficulty::Simple), "2026-11-25T02:35:00+08:00");
    pin_open(
        &simple,
        N::Resolution,
        "2026-11-26T02:00:00+08:00",
        Duration::hours(6),
    );
    pin_done(N::Resolution, "2026-11-26T02:00:00+08:00", |when| {
        repair(RepairCategory::General, Some("3-2-1201"), at)
            .at(dispatch(), "2026-11-25T02:05:00+08:00")
            .at(Action::Arrive, "2026-11-25T02:30:00+08:00")
            .then(resolve(), when)
    });
}

fn propose() -> Action {
    Action::Propose {
        text: "更换存水弯, 今天下午上门".into(),
    }
}

/// An in-home repair not on the paid list: engineering's proposal to the owner within 15
/// minutes of taking the order (dispatch), met by `propose`.
#[test]
fn in_home_general_repair_proposal_within_15_minutes_of_dispatch() {
    let at = "2026-11-25T02:00:00+08:00";
    let home = || repair(RepairCategory::General, Some("3-2-1201"), at);
    assert!(!names(&home()).contains(&N::Propose), "not before dispatch");
    let r = home().at(dispatch(), "2026-11-25T02:05:00+08:00");
    assert_eq!(names(&r), [N::Dispatch, N::Propose, N::Resolution]);
    // 15 minutes from dispatch; soon in the last quarter (225 s).
    pin_open(&r, N::Propose, "2026-11-25T02:20:00+08:00", secs(225));
    pin_done(N::Propose, "2026-11-25T02:20:00+08:00", |when| {
        home()
            .at(dispatch(), "2026-11-25T02:05:00+08:00")
            .then(propose(), when)
    });
    // Also once on site; a second proposal keeps the first one's time.
    let r = home()
        .at(dispatch(), "2026-11-25T02:05:00+08:00")
        .at(Action::Arrive, "2026-11-25T02:10:00+08:00")
        .at(propose(), "2026-11-25T02:12:00+08:00")
        .at(propose(), "2026-11-25T02:30:00+08:00");
    assert_eq!(
        get(&r, N::Propose).done_at,
        Some(t("2026-11-25T02:12:00+08:00"))
    );
    // Resolved without a proposal: no longer open, met or missed by the resolution's time.
    for (when, state) in [
        ("2026-11-25T02:20:00+08:00", Met),
        ("2026-11-25T02:21:00+08:00", Missed),
    ] {
        let r = home()
            .at(dispatch(), "2026-11-25T02:05:00+08:00")
            .at(Action::Arrive, "2026-11-25T02:10:00+08:00")
            .at(resolve(), when);
        assert_eq!(
            get(&r, N::Propose).state(t("2026-11-26T00:00:00+08:00")),
            state
        );
    }
    // Reassigning does not move it.
    let r = home()
        .at(dispatch(), "2026-11-25T02:05:00+08:00")
        .at(dispatch(), "2026-11-25T02:15:00+08:00");
    assert_eq!(local(get(&r, N::Propose).due), "2026-11-25T02:20:00+08:00");
    // The limit is the rules'.
    let mut slower = policy();
    slower.limits.propose_minutes = 30;
    let d = deadlines(&r, &slower)
        .into_iter()
        .find(|d| d.name == N::Propose)
        .expect("a propose deadline");
    assert_eq!(local(d.due), "2026-11-25T02:35:00+08:00");
}

#[test]
fn only_in_home_general_repairs_owe_a_proposal() {
    let at = "2026-11-25T02:00:00+08:00";
    let dispatched = |r: Record| r.at(dispatch(), "2026-11-25T02:05:00+08:00");
    for r in [
        dispatched(repair(RepairCategory::General, None, at)),
        dispatched(repair(RepairCategory::WaterFault, Some("3-2-1201"), at)),
        dispatched(paid(Some("3-2-1201"), "2026-11-25T14:00:00+08:00", at)),
    ] {
        assert!(!names(&r).contains(&N::Propose), "{:?}", r.new.details);
    }
    // `propose` is a general repair's, once dispatched and until resolved.
    let refused = |r: &Record| {
        r.apply(&propose(), t("2026-11-25T02:10:00+08:00"), BY)
            .is_err()
    };
    assert!(refused(&repair(
        RepairCategory::General,
        Some("3-2-1201"),
        at
    )));
    assert!(refused(&dispatched(repair(
        RepairCategory::PowerFault,
        Some("3-2-1201"),
        at
    ))));
    assert!(refused(&dispatched(paid(
        Some("3-2-1201"),
        "2026-11-25T14:00:00+08:00",
        at
    ))));
    let resolved = dispatched(repair(RepairCategory::General, Some("3-2-1201"), at))
        .at(Action::Arrive, "2026-11-25T02:06:00+08:00")
        .at(resolve(), "2026-11-25T02:08:00+08:00");
    assert!(refused(&resolved));
    assert!(refused(&complaint(Channel::Phone, at)));
    assert!(refused(&log(at)));
}

fn warranty_repair(room: Option<&str>, at: &str) -> Record {
    record(
        Details::Repair(RepairDetails {
            category: RepairCategory::General,
            appointment: None,
            warranty: true,
        }),
        room,
        CALLER,
        at,
    )
}

/// A quality complaint under the developer's warranty: the developer's supervision department
/// told within 5 minutes of the work order (dispatch), met by `notify_developer`.
#[test]
fn warranty_complaint_developer_told_within_5_minutes_of_dispatch() {
    let at = "2026-11-25T02:00:00+08:00";
    let home = || warranty_repair(Some("3-2-1201"), at);
    assert!(
        !names(&home()).contains(&N::NotifyDeveloper),
        "not before dispatch"
    );
    let r = home().at(dispatch(), "2026-11-25T02:05:00+08:00");
    assert_eq!(
        names(&r),
        [N::Dispatch, N::NotifyDeveloper, N::Propose, N::Resolution]
    );
    // 5 minutes from dispatch; soon in the last quarter (75 s).
    pin_open(
        &r,
        N::NotifyDeveloper,
        "2026-11-25T02:10:00+08:00",
        secs(75),
    );
    pin_done(N::NotifyDeveloper, "2026-11-25T02:10:00+08:00", |when| {
        home()
            .at(dispatch(), "2026-11-25T02:05:00+08:00")
            .then(Action::NotifyDeveloper, when)
    });
    // A public-area warranty repair too (no proposal owed there).
    let public = warranty_repair(None, at).at(dispatch(), "2026-11-25T02:05:00+08:00");
    assert_eq!(
        names(&public),
        [N::Dispatch, N::NotifyDeveloper, N::Arrival, N::Resolution]
    );
    // Telling again keeps the first time; the limit is the rules'.
    let r = home()
        .at(dispatch(), "2026-11-25T02:05:00+08:00")
        .at(Action::NotifyDeveloper, "2026-11-25T02:07:00+08:00")
        .at(Action::NotifyDeveloper, "2026-11-25T02:30:00+08:00");
    assert_eq!(
        get(&r, N::NotifyDeveloper).done_at,
        Some(t("2026-11-25T02:07:00+08:00"))
    );
    let mut slower = policy();
    slower.limits.notify_developer_minutes = 10;
    let d = deadlines(&r, &slower)
        .into_iter()
        .find(|d| d.name == N::NotifyDeveloper)
        .expect("a notify_developer deadline");
    assert_eq!(local(d.due), "2026-11-25T02:15:00+08:00");
    // Out of warranty, nothing is owed and the step is refused; before the work order too.
    let plain = repair(RepairCategory::General, Some("3-2-1201"), at)
        .at(dispatch(), "2026-11-25T02:05:00+08:00");
    assert!(!names(&plain).contains(&N::NotifyDeveloper));
    let when = t("2026-11-25T02:06:00+08:00");
    assert!(plain.apply(&Action::NotifyDeveloper, when, BY).is_err());
    assert!(home().apply(&Action::NotifyDeveloper, when, BY).is_err());
    assert!(
        complaint(Channel::Phone, at)
            .apply(&Action::NotifyDeveloper, when, BY)
            .is_err()
    );
}

/// Out of warranty, the desk records that it explained so to the owner: an ordinary open
/// repair not under warranty takes it, and no deadline moves.
#[test]
fn out_of_warranty_the_explanation_is_recorded_and_owes_nothing() {
    let at = "2026-11-25T02:00:00+08:00";
    let when = t("2026-11-25T02:03:00+08:00");
    let plain = repair(RepairCategory::General, Some("3-2-1201"), at);
    let explained = plain.clone().then(Action::WarrantyExplained, when);
    assert_eq!(
        deadlines(&explained, &policy()),
        deadlines(&plain, &policy())
    );
    assert_eq!(explained.status, Status::Received);
    let refused = |r: &Record| r.apply(&Action::WarrantyExplained, when, BY).is_err();
    assert!(refused(&warranty_repair(Some("3-2-1201"), at)));
    assert!(refused(&repair(
        RepairCategory::WaterFault,
        Some("3-2-1201"),
        at
    )));
    assert!(refused(&complaint(Channel::Phone, at)));
    let voided = repair(RepairCategory::General, Some("3-2-1201"), at).at(
        Action::Void {
            reason: "重复登记".into(),
        },
        "2026-11-25T02:01:00+08:00",
    );
    assert!(refused(&voided));
}

/// A heating leak: the heating company is asked to help (recorded once, from the start and
/// while the repair is open); no deadline moves.
#[test]
fn heating_leak_the_heating_company_is_asked_once() {
    let at = "2026-11-25T02:00:00+08:00";
    let when = t("2026-11-25T02:02:00+08:00");
    let leak = repair(RepairCategory::HeatingLeak, None, at);
    let told = leak.clone().then(Action::NotifyHeating, when);
    assert_eq!(deadlines(&told, &policy()), deadlines(&leak, &policy()));
    let refused = |r: &Record| r.apply(&Action::NotifyHeating, when, BY).is_err();
    assert!(refused(&told), "once");
    assert!(!refused(
        &leak.clone().at(dispatch(), "2026-11-25T02:01:00+08:00")
    ));
    assert!(refused(&repair(RepairCategory::WaterFault, None, at)));
    assert!(refused(&repair(
        RepairCategory::General,
        Some("3-2-1201"),
        at
    )));
    assert!(refused(&log(at)));
}

fn assessed(difficulty: Difficulty) -> Record {
    repair(
        RepairCategory::WaterFault,
        Some("3-2-1201"),
        "2026-11-25T02:00:00+08:00",
    )
    .at(dispatch(), "2026-11-25T02:05:00+08:00")
    .at(Action::Arrive, "2026-11-25T02:14:00+08:00")
    .at(assess(difficulty), "2026-11-25T02:20:00+08:00")
}

#[test]
fn difficult_repair_resolution_48_hours() {
    let r = assessed(Difficulty::Difficult);
    pin_open(
        &r,
        N::Resolution,
        "2026-11-27T02:00:00+08:00",
        Duration::hours(12),
    );
    pin_done(N::Resolution, "2026-11-27T02:00:00+08:00", |when| {
        assessed(Difficulty::Difficult).then(resolve(), when)
    });
}

#[test]
fn major_repair_resolution_72_hours() {
    let r = assessed(Difficulty::Major);
    pin_open(
        &r,
        N::Resolution,
        "2026-11-28T02:00:00+08:00",
        Duration::hours(18),
    );
    pin_done(N::Resolution, "2026-11-28T02:00:00+08:00", |when| {
        assessed(Difficulty::Major).then(resolve(), when)
    });
}

#[test]
fn reassessing_changes_the_resolution_deadline() {
    let r = assessed(Difficulty::Major).at(assess(Difficulty::Simple), "2026-11-25T03:00:00+08:00");
    assert_eq!(
        local(get(&r, N::Resolution).due),
        "2026-11-26T02:00:00+08:00"
    );
}

/// Not in DESIGN.md's table (which says "received + 24 h"): a paid repair's resolution window
/// is counted from the appointment, since nothing can be fixed before it. Pinned as built.
#[test]
fn paid_repair_resolution_counts_from_the_appointment() {
    let r = paid(
        Some("3-2-1201"),
        "2026-11-27T14:00:00+08:00",
        "2026-11-25T02:00:00+08:00",
    );
    pin_open(
        &r,
        N::Resolution,
        "2026-11-28T14:00:00+08:00",
        Duration::hours(6),
    );
}

fn resolved_repair() -> Record {
    repair(
        RepairCategory::General,
        Some("3-2-1201"),
        "2026-11-25T02:00:00+08:00",
    )
    .at(dispatch(), "2026-11-25T08:00:00+08:00")
    .at(Action::Arrive, "2026-11-25T09:00:00+08:00")
    .at(resolve(), "2026-11-25T10:00:00+08:00")
}

#[test]
fn repair_callback_3_days_after_resolution() {
    let open = repair(
        RepairCategory::General,
        Some("3-2-1201"),
        "2026-11-25T02:00:00+08:00",
    );
    assert!(!names(&open).contains(&N::Callback));
    let r = resolved_repair();
    assert_eq!(r.status, Status::Resolved);
    assert_eq!(
        names(&r),
        [
            N::Dispatch,
            N::Propose,
            N::Resolution,
            N::Callback,
            N::QualityCallback
        ]
    );
    // 3 days; soon in the last quarter (18 h).
    pin_open(
        &r,
        N::Callback,
        "2026-11-28T10:00:00+08:00",
        Duration::hours(18),
    );
    pin_done(N::Callback, "2026-11-28T10:00:00+08:00", |when| {
        resolved_repair().then(callback(), when)
    });
    let closed = resolved_repair().at(callback(), "2026-11-26T10:00:00+08:00");
    assert_eq!(closed.status, Status::Closed);
}

// ---------------------------------------------------------------- complaints

#[test]
fn complaint_first_reply_by_the_end_of_the_local_day_across_midnight() {
    // Received at 23:58 in Shanghai: due at the local midnight, two minutes later. The window
    // is 2 minutes, so "soon" is its 1-minute floor, not a quarter (30 s).
    for channel in [Channel::Phone, Channel::Visit, Channel::Letter] {
        let r = complaint(channel, "2026-11-25T23:58:00+08:00");
        pin_open(&r, N::FirstReply, "2026-11-26T00:00:00+08:00", secs(60));
    }
    pin_done(N::FirstReply, "2026-11-26T00:00:00+08:00", |when| {
        complaint(Channel::Phone, "2026-11-25T23:58:00+08:00").then(reply(false), when)
    });
}

#[test]
fn complaint_first_reply_uses_the_estates_day_not_utc() {
    // 07:30 in Shanghai is 23:30 UTC the day before: still due at Shanghai's midnight.
    let r = complaint(Channel::Phone, "2026-11-25T07:30:00+08:00");
    // Window 16.5 h; soon in its last quarter (4 h 7 min 30 s).
    pin_open(
        &r,
        N::FirstReply,
        "2026-11-26T00:00:00+08:00",
        secs(16 * 3600 + 1800) / 4,
    );
    // Received exactly at midnight: a whole day.
    let r = complaint(Channel::Phone, "2026-11-26T00:00:00+08:00");
    pin_open(
        &r,
        N::FirstReply,
        "2026-11-27T00:00:00+08:00",
        Duration::hours(6),
    );
}

#[test]
fn oral_complaints_owe_no_written_reply() {
    for channel in [Channel::Phone, Channel::Visit] {
        let r = complaint(channel, "2026-11-25T10:00:00+08:00");
        assert_eq!(names(&r), [N::FirstReply, N::Reply], "{channel}");
    }
}

/// (received, due of the written reply): the end of the next working day.
const WRITTEN: &[(&str, &str, &str)] = &[
    // Thursday -> Friday.
    (
        "2026-11-26T23:30:00+08:00",
        "2026-11-28T00:00:00+08:00",
        "Thursday to Friday",
    ),
    // Friday -> Monday.
    (
        "2026-11-27T10:00:00+08:00",
        "2026-12-01T00:00:00+08:00",
        "Friday to Monday",
    ),
    // Saturday -> Monday.
    (
        "2026-11-28T10:00:00+08:00",
        "2026-12-01T00:00:00+08:00",
        "Saturday to Monday",
    ),
    // Wednesday before National Day -> Thursday 8 October.
    (
        "2026-09-30T10:00:00+08:00",
        "2026-10-09T00:00:00+08:00",
        "across National Day",
    ),
    // Received on the holiday itself.
    (
        "2026-10-03T10:00:00+08:00",
        "2026-10-09T00:00:00+08:00",
        "on a holiday",
    ),
    // Friday 9 October -> Saturday 10 October, a make-up working day.
    (
        "2026-10-09T10:00:00+08:00",
        "2026-10-11T00:00:00+08:00",
        "to a make-up Saturday",
    ),
    // Saturday 19 September -> Sunday 20 September, a make-up working day.
    (
        "2026-09-19T10:00:00+08:00",
        "2026-09-21T00:00:00+08:00",
        "to a make-up Sunday",
    ),
    // Friday before Spring Festival -> the make-up Saturday 14 February.
    (
        "2026-02-13T10:00:00+08:00",
        "2026-02-15T00:00:00+08:00",
        "before Spring Festival",
    ),
    // The make-up Saturday -> Tuesday 24 February, after nine days off.
    (
        "2026-02-14T10:00:00+08:00",
        "2026-02-25T00:00:00+08:00",
        "across Spring Festival",
    ),
    // New Year 2026: Wednesday 31 December 2025 -> the make-up Sunday 4 January.
    (
        "2025-12-31T10:00:00+08:00",
        "2026-01-05T00:00:00+08:00",
        "across New Year",
    ),
];

#[test]
fn written_complaint_written_reply_by_the_end_of_the_next_working_day() {
    for &(received, due, case) in WRITTEN {
        for channel in [Channel::Letter, Channel::Fax, Channel::Online] {
            let r = complaint(channel, received);
            assert_eq!(
                names(&r),
                [N::FirstReply, N::WrittenReply, N::Reply],
                "{case}"
            );
            let d = get(&r, N::WrittenReply);
            assert_eq!(local(d.due), due, "{case} ({channel})");
            let lead = policy().limits.soon_lead(d.due - d.starts);
            pin_open(&r, N::WrittenReply, due, lead);
        }
        pin_done(N::WrittenReply, due, |when| {
            complaint(Channel::Letter, received).then(reply(true), when)
        });
    }
    // Friday -> Monday: a window of 3 days 14 hours, soon in its last quarter (21.5 h).
    let r = complaint(Channel::Letter, "2026-11-27T10:00:00+08:00");
    pin_open(
        &r,
        N::WrittenReply,
        "2026-12-01T00:00:00+08:00",
        secs(77_400),
    );
}

#[test]
fn an_oral_reply_does_not_meet_the_written_reply() {
    let r = complaint(Channel::Letter, "2026-11-27T10:00:00+08:00")
        .at(reply(false), "2026-11-27T11:00:00+08:00");
    assert_eq!(
        get(&r, N::FirstReply).done_at,
        Some(t("2026-11-27T11:00:00+08:00"))
    );
    assert!(get(&r, N::WrittenReply).is_open());
    let r = r.at(reply(true), "2026-11-30T09:00:00+08:00");
    let d = get(&r, N::WrittenReply);
    assert_eq!(d.state(t("2026-12-05T00:00:00+08:00")), Met);
    // The first reply keeps its own time.
    assert_eq!(
        get(&r, N::FirstReply).done_at,
        Some(t("2026-11-27T11:00:00+08:00"))
    );
}

#[test]
fn complaint_final_answer_within_7_days() {
    let at = "2026-11-25T02:00:00+08:00";
    let r = complaint(Channel::Phone, at);
    // 7 days; soon in the last quarter (42 h).
    pin_open(
        &r,
        N::Reply,
        "2026-12-02T02:00:00+08:00",
        Duration::hours(42),
    );
    pin_done(N::Reply, "2026-12-02T02:00:00+08:00", |when| {
        complaint(Channel::Phone, at)
            .at(reply(false), "2026-11-25T09:00:00+08:00")
            .then(resolve(), when)
    });
}

#[test]
fn resolving_a_complaint_is_also_its_first_and_written_reply() {
    let r = complaint(Channel::Letter, "2026-11-25T10:00:00+08:00")
        .at(resolve(), "2026-11-25T16:00:00+08:00");
    for name in [N::FirstReply, N::WrittenReply, N::Reply] {
        assert_eq!(get(&r, name).state(t("2026-12-25T00:00:00+08:00")), Met);
    }
}

fn resolved_complaint(caller: Option<(&str, &str)>) -> Record {
    record(
        Details::Call(CallDetails {
            call_kind: CallKind::Complaint,
            channel: Channel::Phone,
            class: Some(ComplaintClass::Minor),
        }),
        None,
        caller,
        "2026-11-25T09:00:00+08:00",
    )
    .at(reply(false), "2026-11-25T09:30:00+08:00")
    .at(resolve(), "2026-11-26T10:00:00+08:00")
}

#[test]
fn complaint_callback_3_days_after_resolution() {
    let r = resolved_complaint(CALLER);
    assert_eq!(r.status, Status::Resolved);
    pin_open(
        &r,
        N::Callback,
        "2026-11-29T10:00:00+08:00",
        Duration::hours(18),
    );
    pin_done(N::Callback, "2026-11-29T10:00:00+08:00", |when| {
        resolved_complaint(CALLER).then(callback(), when)
    });
    // A name or a phone is enough to call back.
    for caller in [
        record_with(Some("李女士"), None),
        record_with(None, Some("13912345678")),
    ] {
        assert!(names(&caller).contains(&N::Callback));
    }
}

fn record_with(name: Option<&str>, phone: Option<&str>) -> Record {
    let mut r = complaint(Channel::Phone, "2026-11-25T09:00:00+08:00");
    r.new.name = name.map(str::to_string);
    r.new.phone = phone.map(str::to_string);
    r.at(resolve(), "2026-11-25T10:00:00+08:00")
}

#[test]
fn anonymous_complaint_owes_no_callback() {
    let r = resolved_complaint(None);
    assert!(r.is_anonymous());
    assert_eq!(r.status, Status::Closed, "nothing is owed after resolution");
    assert_eq!(names(&r), [N::FirstReply, N::Reply]);
    assert_eq!(
        urgency(&deadlines(&r, &policy()), t("2026-12-30T00:00:00+08:00")),
        Urgency::None
    );
    assert!(
        r.apply(&callback(), t("2026-11-27T10:00:00+08:00"), BY)
            .is_err()
    );
}

#[test]
fn consultation_help_suggestion_and_repair_calls_reply_within_24_hours() {
    let at = "2026-11-25T02:00:00+08:00";
    for kind in [
        CallKind::Consultation,
        CallKind::Help,
        CallKind::Suggestion,
        CallKind::Repair,
    ] {
        for channel in Channel::ALL {
            let r = call(kind, *channel, at);
            assert_eq!(names(&r), [N::Reply], "{kind} by {channel}");
            pin_open(
                &r,
                N::Reply,
                "2026-11-26T02:00:00+08:00",
                Duration::hours(6),
            );
        }
        pin_done(N::Reply, "2026-11-26T02:00:00+08:00", |when| {
            call(kind, Channel::Phone, at).then(reply(false), when)
        });
        // Answering and closing at once also counts as the reply.
        pin_done(N::Reply, "2026-11-26T02:00:00+08:00", |when| {
            call(kind, Channel::Phone, at).then(resolve(), when)
        });
    }
}

#[test]
fn an_enquiry_closes_when_resolved_and_owes_no_callback() {
    let r = call(CallKind::Help, Channel::Phone, "2026-11-25T02:00:00+08:00")
        .at(reply(false), "2026-11-25T02:30:00+08:00")
        .at(resolve(), "2026-11-25T03:00:00+08:00");
    assert_eq!(r.status, Status::Closed);
    assert_eq!(names(&r), [N::Reply]);
}

// ---------------------------------------------------------------- escalation

#[test]
fn complaint_open_30_days_becomes_major() {
    let p = policy();
    let r = complaint(Channel::Phone, "2026-10-26T09:00:00+08:00");
    let limit = t("2026-11-25T09:00:00+08:00");
    assert!(!escalation_due(&r, &p, limit - secs(1)));
    assert!(escalation_due(&r, &p, limit));
    assert!(escalation_due(&r, &p, limit + secs(1)));
    // Replied but not resolved: still escalates; classified minor or important too.
    let replied = r.clone().at(reply(false), "2026-10-26T10:00:00+08:00");
    assert!(escalation_due(&replied, &p, limit));
    let important = replied.at(
        Action::Classify {
            class: ComplaintClass::Important,
        },
        "2026-10-27T10:00:00+08:00",
    );
    assert!(escalation_due(&important, &p, limit));
    // Once escalated, never again; the event records when and to what.
    let escalated = important.then(
        Action::Escalate {
            to: ComplaintClass::Major,
        },
        limit,
    );
    assert_eq!(escalated.class(), Some(ComplaintClass::Major));
    assert_eq!(escalated.escalated_at(), Some(limit));
    assert!(!escalation_due(&escalated, &p, limit + Duration::days(10)));
}

#[test]
fn what_never_escalates() {
    let p = policy();
    let at = "2026-10-01T09:00:00+08:00";
    let later = t("2026-12-31T00:00:00+08:00");
    let major = record(
        Details::Call(CallDetails {
            call_kind: CallKind::Complaint,
            channel: Channel::Phone,
            class: Some(ComplaintClass::Major),
        }),
        None,
        CALLER,
        at,
    );
    assert!(!escalation_due(&major, &p, later), "already major");
    let consultation = call(CallKind::Consultation, Channel::Phone, at);
    assert!(!escalation_due(&consultation, &p, later), "not a complaint");
    let closed = complaint(Channel::Phone, at)
        .at(resolve(), "2026-10-02T09:00:00+08:00")
        .at(callback(), "2026-10-03T09:00:00+08:00");
    assert!(!escalation_due(&closed, &p, later), "closed");
    let voided = complaint(Channel::Phone, at).at(
        Action::Void {
            reason: "重复登记".into(),
        },
        "2026-10-01T09:05:00+08:00",
    );
    assert!(!escalation_due(&voided, &p, later), "voided");
}

/// DOMAIN.md §2: a complaint "not reasonably resolved within one month" becomes major. One
/// that was resolved in time and only waits for its callback has been resolved.
#[test]
fn a_resolved_complaint_awaiting_its_callback_does_not_escalate() {
    let r = complaint(Channel::Phone, "2026-10-01T09:00:00+08:00")
        .at(resolve(), "2026-10-02T09:00:00+08:00");
    assert_eq!(r.status, Status::Resolved);
    assert!(!escalation_due(
        &r,
        &policy(),
        t("2026-12-31T00:00:00+08:00")
    ));
}

// ---------------------------------------------------------------- soon window, urgency

#[test]
fn the_soon_window_is_a_quarter_of_the_window_and_at_least_a_minute() {
    let l = Limits::default();
    assert_eq!(l.soon_lead(Duration::minutes(7)), secs(105));
    assert_eq!(l.soon_lead(Duration::minutes(15)), secs(225));
    assert_eq!(l.soon_lead(Duration::hours(24)), Duration::hours(6));
    assert_eq!(l.soon_lead(Duration::days(7)), Duration::hours(42));
    // A quarter of 4 minutes is exactly the floor; of 2 minutes it is less.
    assert_eq!(l.soon_lead(Duration::minutes(4)), secs(60));
    assert_eq!(l.soon_lead(Duration::minutes(2)), secs(60));
    assert_eq!(l.soon_lead(Duration::minutes(4) + secs(4)), secs(61));
    // Never longer than the window itself.
    assert_eq!(l.soon_lead(secs(30)), secs(30));
    assert_eq!(l.soon_lead(Duration::zero()), Duration::zero());
}

#[test]
fn the_soon_window_follows_the_rules_table() {
    let mut p = policy();
    p.limits.soon_share = 0.5;
    p.limits.soon_min_minutes = 10;
    p.limits.dispatch_minutes = 10;
    let r = repair(
        RepairCategory::PowerFault,
        None,
        "2026-11-25T02:00:00+08:00",
    );
    let d = deadlines(&r, &p)
        .into_iter()
        .find(|d| d.name == N::Dispatch)
        .unwrap();
    assert_eq!(local(d.due), "2026-11-25T02:10:00+08:00");
    assert_eq!(local(d.soon_from), "2026-11-25T02:00:00+08:00");
    let arrival = deadlines(&r, &p)
        .into_iter()
        .find(|d| d.name == N::Arrival)
        .unwrap();
    // Half of 15 minutes is 7.5; the floor of 10 wins.
    assert_eq!(local(arrival.soon_from), "2026-11-25T02:05:00+08:00");
}

#[test]
fn urgency_is_the_worst_open_state() {
    let p = policy();
    let r = repair(
        RepairCategory::ElevatorEntrapment,
        None,
        "2026-11-25T02:00:00+08:00",
    );
    let all = deadlines(&r, &p);
    let at = |s: &str| urgency(&all, t(s));
    assert_eq!(at("2026-11-25T02:00:00+08:00"), Urgency::Ok);
    assert_eq!(at("2026-11-25T02:05:14+08:00"), Urgency::Ok);
    assert_eq!(at("2026-11-25T02:05:15+08:00"), Urgency::Soon);
    assert_eq!(at("2026-11-25T02:07:00+08:00"), Urgency::Soon);
    // Dispatch overdue while arrival is only ok.
    assert_eq!(at("2026-11-25T02:07:01+08:00"), Urgency::Overdue);
    // Dispatched late: a missed deadline no longer counts; arrival decides.
    let r = r.at(dispatch(), "2026-11-25T02:09:00+08:00");
    let all = deadlines(&r, &p);
    assert_eq!(
        get(&r, N::Dispatch).state(t("2026-11-25T02:10:00+08:00")),
        Missed
    );
    assert_eq!(urgency(&all, t("2026-11-25T02:10:00+08:00")), Urgency::Ok);
    assert_eq!(urgency(&all, t("2026-11-25T02:11:15+08:00")), Urgency::Soon);
    assert_eq!(
        urgency(&all, t("2026-11-25T02:15:01+08:00")),
        Urgency::Overdue
    );
    assert_eq!(next_open(&all).unwrap().name, N::Arrival);
    // Everything done: nothing open, no urgency even long after.
    let done = r
        .at(Action::Arrive, "2026-11-25T02:20:00+08:00")
        .at(resolve(), "2026-11-25T03:00:00+08:00")
        .at(callback(), "2026-11-26T10:00:00+08:00");
    // The quality follow-up's window has not opened: it asks nothing yet.
    let all = deadlines(&done, &p);
    assert_eq!(urgency(&all, t("2026-12-25T02:59:59+08:00")), Urgency::None);
    assert_eq!(urgency(&all, t("2026-12-25T03:00:00+08:00")), Urgency::Ok);
    let done = done.at(quality_callback(), "2026-12-26T10:00:00+08:00");
    let all = deadlines(&done, &p);
    assert!(all.iter().all(|d| !d.is_open()));
    assert_eq!(urgency(&all, t("2027-01-01T00:00:00+08:00")), Urgency::None);
    assert_eq!(next_open(&all), None);
    assert!(Urgency::Overdue > Urgency::Soon && Urgency::Soon > Urgency::Ok);
    assert!(Urgency::Ok > Urgency::None);
}

#[test]
fn next_change_is_when_a_state_next_moves() {
    let r = repair(
        RepairCategory::WaterFault,
        None,
        "2026-11-25T02:00:00+08:00",
    );
    let all = deadlines(&r, &policy());
    let next = |s: &str| next_change(&all, t(s)).map(local);
    assert_eq!(
        next("2026-11-25T02:00:00+08:00").as_deref(),
        Some("2026-11-25T02:05:15+08:00")
    );
    assert_eq!(
        next("2026-11-25T02:06:00+08:00").as_deref(),
        Some("2026-11-25T02:07:01+08:00")
    );
}

#[test]
fn duty_log_entries_have_no_deadlines() {
    let r = log("2026-11-25T02:00:00+08:00");
    assert_eq!(r.status, Status::Logged);
    assert!(names(&r).is_empty());
}

#[test]
fn voided_records_have_no_deadlines() {
    let p = policy();
    let void = || Action::Void {
        reason: "登记错误".into(),
    };
    let overdue = repair(
        RepairCategory::ElevatorEntrapment,
        None,
        "2026-11-25T02:00:00+08:00",
    )
    .at(void(), "2026-11-25T02:30:00+08:00");
    let resolved = resolved_repair().at(void(), "2026-11-25T11:00:00+08:00");
    let letter = complaint(Channel::Letter, "2026-11-25T02:00:00+08:00")
        .at(void(), "2026-11-25T02:30:00+08:00");
    for r in [overdue, resolved, letter] {
        assert_eq!(r.status, Status::Voided);
        let v = r.voided.as_ref().unwrap();
        assert_eq!(v.reason, "登记错误");
        assert_eq!(v.by, BY);
        assert!(deadlines(&r, &p).is_empty());
        assert_eq!(
            urgency(&deadlines(&r, &p), t("2027-01-01T00:00:00+08:00")),
            Urgency::None
        );
    }
}

// ---------------------------------------------------------------- transitions

fn actions() -> Vec<(&'static str, Action)> {
    vec![
        ("dispatch", dispatch()),
        ("arrive", Action::Arrive),
        ("assess", assess(Difficulty::Difficult)),
        ("resolve", resolve()),
        ("resolve --fee", Action::resolve(Some("50".into()))),
        ("callback", callback()),
        (
            "classify",
            Action::Classify {
                class: ComplaintClass::Important,
            },
        ),
        ("reply", reply(false)),
        ("reply --written", reply(true)),
        (
            "note",
            Action::Note {
                text: "备注".into(),
            },
        ),
        (
            "void",
            Action::Void {
                reason: "登记错误".into(),
            },
        ),
        (
            "escalate",
            Action::Escalate {
                to: ComplaintClass::Major,
            },
        ),
    ]
}

/// (what, record in that status, the actions it allows)
fn cases() -> Vec<(&'static str, Record, &'static [&'static str])> {
    let at = "2026-11-25T02:00:00+08:00";
    let void = || Action::Void {
        reason: "登记错误".into(),
    };
    let r = || repair(RepairCategory::WaterFault, Some("3-2-1201"), at);
    let dispatched = || r().at(dispatch(), "2026-11-25T02:05:00+08:00");
    let on_site = || dispatched().at(Action::Arrive, "2026-11-25T02:10:00+08:00");
    let resolved = || on_site().at(resolve(), "2026-11-25T03:00:00+08:00");
    let c = || complaint(Channel::Phone, at);
    let q = || call(CallKind::Consultation, Channel::Phone, at);
    let later = "2026-11-25T04:00:00+08:00";
    vec![
        ("repair received", r(), &["dispatch", "note", "void"]),
        (
            "repair dispatched",
            dispatched(),
            &["dispatch", "arrive", "note", "void"],
        ),
        (
            "repair on site",
            on_site(),
            &["assess", "resolve", "resolve --fee", "note", "void"],
        ),
        ("repair resolved", resolved(), &["callback", "note", "void"]),
        (
            "repair closed",
            resolved().at(callback(), later),
            &["note", "void"],
        ),
        ("repair voided", r().at(void(), later), &["note"]),
        (
            "complaint received",
            c(),
            &[
                "resolve",
                "classify",
                "reply",
                "reply --written",
                "note",
                "void",
                "escalate",
            ],
        ),
        (
            "complaint replied",
            c().at(reply(false), later),
            &[
                "resolve",
                "classify",
                "reply",
                "reply --written",
                "note",
                "void",
                "escalate",
            ],
        ),
        (
            "complaint resolved",
            c().at(resolve(), later),
            &["callback", "classify", "note", "void", "escalate"],
        ),
        (
            "complaint closed",
            c().at(resolve(), later).at(callback(), later),
            &["note", "void"],
        ),
        ("complaint voided", c().at(void(), later), &["note"]),
        (
            "consultation received",
            q(),
            &["resolve", "reply", "reply --written", "note", "void"],
        ),
        (
            "consultation replied",
            q().at(reply(false), later),
            &["resolve", "reply", "reply --written", "note", "void"],
        ),
        (
            "consultation closed",
            q().at(resolve(), later),
            &["note", "void"],
        ),
        ("log entry", log(at), &["note", "void"]),
        ("log voided", log(at).at(void(), later), &["note"]),
    ]
}

#[test]
fn each_action_is_allowed_or_refused_by_status() {
    let later = t("2026-11-25T05:00:00+08:00");
    for (what, record, allowed) in cases() {
        for (name, action) in actions() {
            let result = record.apply(&action, later, BY);
            if allowed.contains(&name) {
                let next = result.unwrap_or_else(|e| panic!("{what}: {name} refused: {e}"));
                assert_eq!(next.last_event_at, later, "{what}: {name}");
            } else {
                match result {
                    Err(RuleError::NotAllowed {
                        action: slug,
                        kind,
                        status,
                    }) => {
                        assert_eq!(slug, action.slug(), "{what}: {name}");
                        assert_eq!(kind, record.kind());
                        assert_eq!(status, record.status);
                    }
                    other => panic!("{what}: {name} should be refused, got {other:?}"),
                }
            }
        }
    }
}

#[test]
fn actions_lead_to_these_statuses() {
    let later = t("2026-11-25T05:00:00+08:00");
    let step = |r: &Record, a: Action| r.apply(&a, later, BY).unwrap().status;
    let r = repair(
        RepairCategory::WaterFault,
        None,
        "2026-11-25T02:00:00+08:00",
    );
    assert_eq!(r.status, Status::Received);
    assert_eq!(step(&r, dispatch()), Status::Dispatched);
    let r = r.then(dispatch(), later).then(Action::Arrive, later);
    assert_eq!(r.status, Status::OnSite);
    assert_eq!(step(&r, assess(Difficulty::Major)), Status::OnSite);
    assert_eq!(step(&r, resolve()), Status::Resolved);
    assert_eq!(
        r.clone()
            .then(resolve(), later)
            .then(callback(), later)
            .status,
        Status::Closed
    );
    assert_eq!(step(&r, Action::Note { text: "x".into() }), Status::OnSite);
    let c = complaint(Channel::Letter, "2026-11-25T02:00:00+08:00");
    assert_eq!(step(&c, reply(false)), Status::Replied);
    assert_eq!(step(&c, reply(true)), Status::Replied);
    assert_eq!(step(&c, resolve()), Status::Resolved);
    let q = call(
        CallKind::Suggestion,
        Channel::Online,
        "2026-11-25T02:00:00+08:00",
    );
    assert_eq!(step(&q, resolve()), Status::Closed);
    let fee = r
        .clone()
        .then(Action::resolve(Some("80元".into())), later)
        .fee()
        .map(str::to_string);
    assert_eq!(fee.as_deref(), Some("80元"));
    // A call has no fee.
    assert!(
        c.apply(&Action::resolve(Some("80".into())), later, BY)
            .is_err()
    );
    // Open means something is still owed.
    for s in [
        Status::Received,
        Status::Dispatched,
        Status::OnSite,
        Status::Replied,
        Status::Resolved,
    ] {
        assert!(s.is_open(), "{s:?}");
    }
    for s in [Status::Logged, Status::Closed, Status::Voided] {
        assert!(!s.is_open(), "{s:?}");
    }
}

#[test]
fn a_record_folds_back_from_its_events() {
    use dutydesk::domain::record::Change;
    let at = t("2026-11-25T02:00:00+08:00");
    let new = repair(
        RepairCategory::WaterFault,
        None,
        "2026-11-25T02:00:00+08:00",
    )
    .new;
    let steps = [
        (dispatch(), "2026-11-25T02:05:00+08:00"),
        (Action::Arrive, "2026-11-25T02:12:00+08:00"),
        (assess(Difficulty::Difficult), "2026-11-25T02:20:00+08:00"),
        (resolve(), "2026-11-25T09:00:00+08:00"),
    ];
    let mut events = vec![Event {
        seq: 1,
        at,
        written_at: at,
        operator: BY.into(),
        change: Change::Created(Box::new(new.clone())),
    }];
    let mut direct = Record::created(id(RecordKind::Repair), new, at, at, BY);
    for (i, (action, when)) in steps.into_iter().enumerate() {
        direct = direct.at(action.clone(), when);
        events.push(Event {
            seq: i as i64 + 2,
            at: t(when),
            written_at: t(when),
            operator: BY.into(),
            change: Change::Action(action),
        });
    }
    let folded = Record::fold(id(RecordKind::Repair), events.iter().cloned()).unwrap();
    assert_eq!(folded, direct);
    assert_eq!(folded.status, Status::Resolved);
    // A history that breaks the rules is corrupt, not silently accepted.
    events.push(Event {
        seq: 9,
        at,
        written_at: at,
        operator: BY.into(),
        change: Change::Action(Action::Arrive),
    });
    assert!(Record::fold(id(RecordKind::Repair), events.iter().cloned()).is_err());
    assert_eq!(
        Record::fold(id(RecordKind::Repair), []),
        Err(RuleError::Corrupt)
    );
}

// ---------------------------------------------------------------- major incidents

fn incident(incident_type: IncidentType, at: &str) -> Record {
    record(
        Details::Incident(IncidentDetails {
            incident_type,
            casualties: Some(1),
        }),
        None,
        None,
        at,
    )
}

fn report(how: ReportHow) -> Action {
    Action::Report {
        to: "王经理".into(),
        role: "项目经理".into(),
        how,
        answer: None,
    }
}

const AT_ONCE: [IncidentType; 7] = [
    IncidentType::Casualty,
    IncidentType::Fire,
    IncidentType::Flood,
    IncidentType::Explosion,
    IncidentType::Disaster,
    IncidentType::Violence,
    IncidentType::Crowd,
];

#[test]
fn incidents_with_casualties_fire_flood_explosion_disaster_violence_or_crowd_are_reported_at_once()
{
    assert_eq!(IncidentType::ALL.len(), 9);
    for ty in AT_ONCE {
        assert!(ty.at_once(), "{ty}");
        let r = incident(ty, "2026-11-25T03:00:00+08:00");
        assert_eq!(names(&r), [N::Report, N::WrittenReport], "{ty}");
        // 10 minutes: soon from the last quarter (2 min 30 s).
        pin_open(&r, N::Report, "2026-11-25T03:10:00+08:00", secs(150));
        pin_done(N::Report, "2026-11-25T03:10:00+08:00", |at| {
            incident(ty, "2026-11-25T03:00:00+08:00").then(report(ReportHow::Phone), at)
        });
    }
}

#[test]
fn the_at_once_report_follows_the_rules_minutes() {
    let mut p = policy();
    p.limits.incident_report_minutes = 3;
    let r = incident(IncidentType::Fire, "2026-11-25T03:00:00+08:00");
    let d = deadlines(&r, &p)
        .into_iter()
        .find(|d| d.name == N::Report)
        .unwrap();
    assert_eq!(local(d.due), "2026-11-25T03:03:00+08:00");
}

#[test]
fn government_and_other_incidents_are_reported_the_same_day() {
    for ty in [IncidentType::Government, IncidentType::Other] {
        assert!(!ty.at_once(), "{ty}");
        let r = incident(ty, "2026-11-25T15:00:00+08:00");
        // 9 hours left in the day: soon from the last quarter (2 h 15 min).
        pin_open(
            &r,
            N::Report,
            "2026-11-26T00:00:00+08:00",
            Duration::minutes(135),
        );
        pin_done(N::Report, "2026-11-26T00:00:00+08:00", |at| {
            incident(ty, "2026-11-25T15:00:00+08:00").then(report(ReportHow::InPerson), at)
        });
    }
}

#[test]
fn every_incident_owes_a_written_report_by_the_end_of_the_next_day() {
    for ty in IncidentType::ALL.iter().copied() {
        let r = incident(ty, "2026-11-25T23:30:00+08:00");
        let d = get(&r, N::WrittenReport);
        let lead = policy().limits.soon_lead(d.due - d.starts);
        pin_open(&r, N::WrittenReport, "2026-11-27T00:00:00+08:00", lead);
        pin_done(N::WrittenReport, "2026-11-27T00:00:00+08:00", |at| {
            incident(ty, "2026-11-25T23:30:00+08:00").then(report(ReportHow::Written), at)
        });
    }
}

#[test]
fn a_report_by_phone_meets_report_but_not_written_report() {
    let r = incident(IncidentType::Flood, "2026-11-25T03:00:00+08:00")
        .at(report(ReportHow::Phone), "2026-11-25T03:05:00+08:00");
    assert_eq!(
        get(&r, N::Report).state(t("2026-11-25T04:00:00+08:00")),
        Met
    );
    assert!(get(&r, N::WrittenReport).is_open());
    // The first report meets `report`; a later written one meets `written_report` only.
    let r = r.at(report(ReportHow::Written), "2026-11-25T09:00:00+08:00");
    assert_eq!(
        get(&r, N::Report).done_at,
        Some(t("2026-11-25T03:05:00+08:00"))
    );
    assert_eq!(
        get(&r, N::WrittenReport).done_at,
        Some(t("2026-11-25T09:00:00+08:00"))
    );
}

#[test]
fn an_incident_is_closed_with_its_outcome_only_after_its_written_report_and_only_once() {
    let r = incident(IncidentType::Fire, "2026-11-25T03:00:00+08:00");
    let close = Action::Close {
        outcome: "火已扑灭".into(),
        medical_callback: false,
    };
    assert!(r.apply(&close, t("2026-11-25T03:30:00+08:00"), BY).is_err());
    let r = r.at(report(ReportHow::Phone), "2026-11-25T03:05:00+08:00");
    assert!(r.apply(&close, t("2026-11-25T03:30:00+08:00"), BY).is_err());
    let r = r
        .at(report(ReportHow::Written), "2026-11-25T03:20:00+08:00")
        .at(close.clone(), "2026-11-25T03:30:00+08:00");
    assert_eq!(r.status, Status::Closed);
    assert!(r.apply(&close, t("2026-11-25T03:40:00+08:00"), BY).is_err());
    assert!(
        r.apply(
            &report(ReportHow::Written),
            t("2026-11-25T03:40:00+08:00"),
            BY
        )
        .is_err()
    );
    // Other kinds take neither step.
    let c = complaint(Channel::Phone, "2026-11-25T03:00:00+08:00");
    assert!(
        c.apply(
            &report(ReportHow::Phone),
            t("2026-11-25T03:05:00+08:00"),
            BY
        )
        .is_err()
    );
    assert!(c.apply(&close, t("2026-11-25T03:05:00+08:00"), BY).is_err());
}
