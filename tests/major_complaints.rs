//! A complaint's handler by its class (minor → customer-service manager, important →
//! service-centre manager, major → reported upward), and the report upward a major complaint
//! owes the day it became major (classified so, or escalated after 30 days): pinned at its
//! limit, one second before and after; met by `act C-… report`; refused on any other call.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use dutydesk::domain::deadline::{as_of, deadlines};
use dutydesk::domain::*;

const BY: &str = "王值班";

fn complaint(class: Option<ComplaintClass>, at: &str) -> Record {
    let new = NewRecord {
        details: Details::Call(CallDetails {
            call_kind: CallKind::Complaint,
            channel: Channel::Phone,
            class,
        }),
        summary: "物业不作为".into(),
        room: Some("3-2-1201".into()),
        location: None,
        name: Some("李女士".into()),
        phone: Some("13912345678".into()),
    };
    Record::created(
        RecordId::new(RecordKind::Call, 2026, 1).unwrap(),
        new,
        t(at),
        t(at),
        BY,
    )
}

fn report_deadline(r: &Record) -> Option<Deadline> {
    deadlines(r, &policy())
        .into_iter()
        .find(|d| d.name == DeadlineName::Report)
}

fn report(to: &str) -> Action {
    Action::Report {
        to: to.into(),
        role: "项目经理".into(),
        how: ReportHow::Phone,
        answer: None,
    }
}

fn at(r: &Record, action: Action, when: DateTime<Utc>) -> Record {
    r.apply(&action, when, BY)
        .unwrap_or_else(|e| panic!("{action:?}: {e}"))
}

#[test]
fn the_handler_follows_the_class() {
    assert_eq!(
        ComplaintClass::Minor.handler(),
        Handler::CustomerServiceManager
    );
    assert_eq!(
        ComplaintClass::Important.handler(),
        Handler::ServiceCentreManager
    );
    assert_eq!(ComplaintClass::Major.handler(), Handler::ReportedUpward);
    assert_eq!(Handler::ReportedUpward.slug(), "reported_upward");
}

#[test]
fn only_a_major_complaint_owes_a_report() {
    let r = complaint(None, "2026-11-25T09:00:00+08:00");
    assert!(report_deadline(&r).is_none());
    for class in [ComplaintClass::Minor, ComplaintClass::Important] {
        let c = at(
            &r,
            Action::Classify { class },
            t("2026-11-25T09:10:00+08:00"),
        );
        assert!(report_deadline(&c).is_none(), "{class:?}");
        assert!(
            c.apply(&report("王经理"), t("2026-11-25T09:20:00+08:00"), BY)
                .is_err()
        );
    }
}

#[test]
fn classified_major_it_is_reported_by_the_end_of_that_day() {
    let r = complaint(None, "2026-11-24T22:00:00+08:00");
    let classified = t("2026-11-25T09:10:00+08:00");
    let r = at(
        &r,
        Action::Classify {
            class: ComplaintClass::Major,
        },
        classified,
    );
    let d = report_deadline(&r).expect("a report is owed");
    assert_eq!(d.starts, classified);
    let limit = t("2026-11-26T00:00:00+08:00");
    assert_eq!(d.due, limit);
    assert_eq!(d.state(limit - secs(1)), DeadlineState::Soon);
    assert_eq!(d.state(limit), DeadlineState::Soon);
    assert_eq!(d.state(limit + secs(1)), DeadlineState::Overdue);
    // Reported at the limit: met; a second later: missed.
    let on_time = at(&r, report("王经理"), limit);
    assert_eq!(
        report_deadline(&on_time).unwrap().state(limit),
        DeadlineState::Met
    );
    let late = at(&r, report("王经理"), limit + secs(1));
    assert_eq!(
        report_deadline(&late).unwrap().state(limit + secs(1)),
        DeadlineState::Missed
    );
    assert_eq!(
        late.class().map(|c| c.handler()),
        Some(Handler::ReportedUpward)
    );
}

#[test]
fn major_from_the_start_owes_it_the_day_it_was_received() {
    let r = complaint(Some(ComplaintClass::Major), "2026-11-25T23:00:00+08:00");
    let d = report_deadline(&r).unwrap();
    assert_eq!(d.starts, t("2026-11-25T23:00:00+08:00"));
    assert_eq!(d.due, t("2026-11-26T00:00:00+08:00"));
}

#[test]
fn escalated_after_a_month_it_owes_the_report_that_day() {
    let p = policy();
    let r = complaint(Some(ComplaintClass::Important), "2026-10-20T15:00:00+08:00");
    let month = t("2026-11-19T15:00:00+08:00");
    // One second before the month is up: nothing owed yet.
    assert!(report_deadline(&as_of(r.clone(), &p, month - secs(1))).is_none());
    // At the month, a lookup shows it major with its report owed by the end of that day.
    let seen = as_of(r.clone(), &p, month);
    let d = report_deadline(&seen).unwrap();
    assert_eq!((d.starts, d.due), (month, t("2026-11-20T00:00:00+08:00")));
    // The recorded escalation gives the same.
    let escalated = at(
        &r,
        Action::Escalate {
            to: ComplaintClass::Major,
        },
        month,
    );
    assert_eq!(report_deadline(&escalated), Some(d));
    // A report before it became major does not meet it.
    let early = at(
        &complaint(None, "2026-11-25T09:00:00+08:00"),
        Action::Classify {
            class: ComplaintClass::Major,
        },
        t("2026-11-25T09:10:00+08:00"),
    );
    let early = at(&early, report("王经理"), t("2026-11-25T09:20:00+08:00"));
    let early = at(
        &early,
        Action::Classify {
            class: ComplaintClass::Important,
        },
        t("2026-11-25T09:30:00+08:00"),
    );
    let again = at(
        &early,
        Action::Classify {
            class: ComplaintClass::Major,
        },
        t("2026-11-25T09:40:00+08:00"),
    );
    assert!(report_deadline(&again).unwrap().is_open());
}

// ---------------------------------------------------------------- the command line

const NOW: &str = "2026-11-25T10:00:00+08:00";

#[test]
fn a_major_complaint_is_reported_up_and_shows_its_handler_and_reports() {
    let mut d = Desk::new(NOW);
    let id = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--name",
        "李女士",
        "--phone",
        "13912345678",
        "--summary",
        "物业不作为",
        "--class",
        "minor",
        "--at",
        "09:00",
    ]);
    let r = d.show(&id);
    assert_eq!(r["handler"], "customer_service_manager");
    assert!(!deadline_names(&r).contains(&"report".to_string()));
    // Not major: a report is refused, nothing written.
    let before = d.events();
    let run = d.run(&[
        "act",
        &id,
        "report",
        "--to",
        "王经理",
        "--role",
        "项目经理",
        "--how",
        "phone",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim_end(),
        "dutydesk: 'report' is not allowed on a call that is received"
    );
    assert_eq!(d.events(), before);
    d.ok(&["act", &id, "classify", "--class", "major"]);
    let r = d.show(&id);
    assert_eq!(r["handler"], "reported_upward");
    assert_eq!(
        deadline(&r, "report"),
        ("2026-11-26T00:00:00+08:00".into(), "ok".into())
    );
    d.set_now("2026-11-25T10:20:00+08:00");
    d.ok(&[
        "act",
        &id,
        "report",
        "--to",
        "王经理",
        "--role",
        "项目经理",
        "--how",
        "phone",
        "--answer",
        "马上处理",
    ]);
    let r = d.show(&id);
    assert_eq!(deadline(&r, "report").1, "met");
    assert_eq!(r["reports"][0]["to"], "王经理");
    assert_eq!(r["reports"][0]["how"], "phone");
    assert_eq!(r["reports"][0]["answer"], "马上处理");
    assert_eq!(r["reports"][0]["at"], "2026-11-25T10:20:00+08:00");
    let zh = d
        .command()
        .env("DUTYDESK_LANG", "zh")
        .args(["show", &id])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&zh.stdout);
    assert!(text.contains("处理人        上报上层管理处"), "{text}");
    assert!(
        text.contains("王经理 (项目经理), 电话; 答复: 马上处理"),
        "{text}"
    );
    d.ok(&["verify"]);
}
