//! The quality follow-up of repairs (质量回访, issue 13 §2, DOMAIN.md §4): a window one to two
//! months after the resolve (rules.quality_callback_from_days / _to_days), owed by the repairs
//! that owed a callback, met by `callback --quality`, listed in `--callbacks-due` while open.

mod common;

use common::*;

const NOW: &str = "2026-11-25T12:00:00+08:00";

/// A repair resolved at 09:40 without signature or rating: its callback is mandatory.
fn resolved(d: &Desk, room: &str) -> String {
    let id = d.repair_on_site(room, "水龙头滴水");
    d.ok(&["act", &id, "resolve", "--at", "09:40"]);
    id
}

fn quality_state(d: &Desk, id: &str) -> (String, String) {
    deadline(&d.show(id), "quality_callback")
}

#[test]
fn the_window_opens_30_days_after_the_resolve_and_is_due_at_60() {
    let mut d = Desk::new(NOW);
    let id = resolved(&d, "3-2-1201");
    d.ok(&[
        "act",
        &id,
        "callback",
        "--satisfaction",
        "satisfied",
        "--at",
        "11:00",
    ]);
    let r = d.show(&id);
    assert_eq!(r["status"], "closed");
    let q = r["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "quality_callback")
        .expect("a quality follow-up")
        .clone();
    assert_eq!(q["opens"], "2026-12-25T09:40:00+08:00");
    assert_eq!(q["due"], "2027-01-24T09:40:00+08:00");
    for (now, state) in [
        ("2026-12-25T09:39:59+08:00", "ok"),
        ("2026-12-25T09:40:00+08:00", "ok"),
        ("2026-12-25T09:40:01+08:00", "ok"),
        ("2027-01-24T09:39:59+08:00", "soon"),
        ("2027-01-24T09:40:00+08:00", "soon"),
        ("2027-01-24T09:40:01+08:00", "overdue"),
    ] {
        d.set_now(now);
        assert_eq!(quality_state(&d, &id).1, state, "at {now}");
    }
}

#[test]
fn a_quality_callback_before_the_window_is_refused_and_inside_it_meets_it() {
    let mut d = Desk::new(NOW);
    let id = resolved(&d, "3-2-1201");
    d.set_now("2026-12-25T09:39:59+08:00");
    let before = d.events();
    let run = d.run(&[
        "act",
        &id,
        "callback",
        "--quality",
        "--satisfaction",
        "satisfied",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("quality:"), "{}", run.stderr);
    assert_eq!(d.events(), before);
    d.set_now("2026-12-25T09:40:00+08:00");
    // No answer keeps it owed; the 3-day callback is untouched by it.
    d.ok(&[
        "act",
        &id,
        "callback",
        "--quality",
        "--satisfaction",
        "no_answer",
    ]);
    assert_eq!(quality_state(&d, &id).1, "ok");
    assert_eq!(d.show(&id)["status"], "resolved");
    d.set_now("2026-12-26T10:00:00+08:00");
    d.ok(&[
        "act",
        &id,
        "callback",
        "--quality",
        "--satisfaction",
        "satisfied",
    ]);
    let r = d.show(&id);
    assert_eq!(deadline(&r, "quality_callback").1, "met");
    assert_eq!(r["quality_callback_at"], "2026-12-26T10:00:00+08:00");
    // The 3-day callback is still owed (late): recorded separately.
    assert_eq!(r["status"], "resolved");
    assert_eq!(deadline(&r, "callback").1, "overdue");
    // Made once.
    let run = d.run(&[
        "act",
        &id,
        "callback",
        "--quality",
        "--satisfaction",
        "satisfied",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    let text = d.ok(&["show", &id]);
    assert!(text.contains("quality follow-up"), "{text}");
}

#[test]
fn listed_in_callbacks_due_only_inside_the_window() {
    let mut d = Desk::new(NOW);
    let id = resolved(&d, "3-2-1201");
    d.ok(&[
        "act",
        &id,
        "callback",
        "--satisfaction",
        "satisfied",
        "--at",
        "11:00",
    ]);
    for (now, listed) in [
        ("2026-12-25T09:39:59+08:00", false),
        ("2026-12-25T09:40:00+08:00", true),
        ("2027-01-24T09:40:00+08:00", true),
        ("2027-01-24T09:40:01+08:00", false),
    ] {
        d.set_now(now);
        let due = ids(&d.json(&["list", "--callbacks-due"]));
        assert_eq!(due.contains(&id), listed, "at {now}: {due:?}");
        let text = d.ok(&["list", "--callbacks-due"]);
        assert_eq!(text.contains("quality follow-up"), listed, "{text}");
        // Never a deadline anyone must act on in the header's counts while closed.
        let open = ids(&d.json(&["list", "--overdue"]));
        assert!(!open.contains(&id), "at {now}: {open:?}");
    }
    d.set_now("2026-12-26T10:00:00+08:00");
    d.ok(&[
        "act",
        &id,
        "callback",
        "--quality",
        "--satisfaction",
        "satisfied",
    ]);
    assert!(!ids(&d.json(&["list", "--callbacks-due"])).contains(&id));
    let report = d.json(&["report", "monthly", "--date", "2026-11-25"]);
    assert_eq!(report["quality_callbacks"], 1);
}

#[test]
fn a_repair_that_owed_no_callback_owes_no_quality_follow_up() {
    let mut d = Desk::new(NOW);
    let first = resolved(&d, "3-2-1201");
    let none = d.repair_on_site("3-2-1202", "门把手松动");
    d.ok(&resolve_satisfied(&none, "09:41"));
    let r = d.show(&none);
    assert_eq!(r["callback_owed"], "none");
    assert!(!deadline_names(&r).contains(&"quality_callback".to_string()));
    d.set_now("2026-12-28T10:00:00+08:00");
    let due = ids(&d.json(&["list", "--callbacks-due"]));
    assert!(due.contains(&first) && !due.contains(&none), "{due:?}");
    let run = d.run(&[
        "act",
        &none,
        "callback",
        "--quality",
        "--satisfaction",
        "satisfied",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("quality:"), "{}", run.stderr);
}

/// The desk's callbacks-due view (`b`): the same query with the window from the rules.
#[test]
fn the_desks_callbacks_due_view_lists_an_open_quality_window() {
    use dutydesk::store::{ListQuery, OpenOptions, Store};
    let d = Desk::new(NOW);
    let id = resolved(&d, "3-2-1201");
    d.ok(&[
        "act",
        &id,
        "callback",
        "--satisfaction",
        "satisfied",
        "--at",
        "11:00",
    ]);
    let store = Store::open(&d.db, OpenOptions::default()).unwrap();
    let listed = |now: &str| -> Vec<String> {
        let now = t(now);
        let mut q = ListQuery::new(now);
        q.callbacks_due = true;
        q.quality_window = Some((
            now - chrono::Duration::days(60),
            now - chrono::Duration::days(30),
        ));
        store
            .list(&q)
            .unwrap()
            .iter()
            .map(|r| r.id.to_string())
            .collect()
    };
    assert!(listed("2026-12-25T09:39:59+08:00").is_empty());
    assert_eq!(listed("2026-12-25T09:40:00+08:00"), vec![id.clone()]);
    assert_eq!(listed("2027-01-24T09:40:00+08:00"), vec![id]);
    assert!(listed("2027-01-24T09:40:01+08:00").is_empty());
}
