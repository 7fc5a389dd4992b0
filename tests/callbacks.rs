//! Callbacks that follow through (issue 13 §2) and completed work orders (§3) through the
//! binary: the completion facts at resolve, which repairs owe a callback (mandatory or the
//! month's sample), tries with no answer, the follow-up an unsatisfied callback opens, the
//! notice deadline, a repair call's work order, and every refusal with exit 2 and nothing
//! written.

mod common;

use common::*;

const NOW: &str = "2026-11-25T12:00:00+08:00";

fn satisfied_and_signed(d: &Desk, id: &str, at: &str) -> String {
    d.ok(&resolve_satisfied(id, at))
}

#[test]
fn a_completed_work_order_shows_its_facts_in_show_and_json() {
    let d = Desk::new(NOW);
    let id = d.repair_on_site("3-2-1201", "水龙头滴水");
    d.ok(&[
        "act",
        &id,
        "resolve",
        "--work",
        "换阀芯",
        "--materials",
        "阀芯 1 个",
        "--fee",
        "20",
        "--signed",
        "no",
        "--rating",
        "neutral",
        "--at",
        "09:40",
    ]);
    let r = d.show(&id);
    assert_eq!(r["work"], "换阀芯");
    assert_eq!(r["materials"], "阀芯 1 个");
    assert_eq!(r["fee"], "20");
    assert_eq!(r["signed"], false);
    assert_eq!(r["rating"], "neutral");
    assert_eq!(r["callback_owed"], "mandatory");
    assert_eq!(r["callback_reason"], "not_signed");
    assert_eq!(r["status"], "resolved");
    let text = d.ok(&["show", &id]);
    assert!(
        text.contains("换阀芯") && text.contains("mandatory: not signed"),
        "{text}"
    );
}

#[test]
fn a_satisfied_signed_repair_outside_the_sample_owes_no_callback_and_closes() {
    let d = Desk::new(NOW);
    let first = d.repair_on_site("3-2-1201", "水龙头滴水");
    let second = d.repair_on_site("3-2-1202", "门把手松动");
    // The month's first repair is picked (0 of 1 would be below 30 %), the second is not.
    assert_eq!(
        satisfied_and_signed(&d, &first, "09:40").trim(),
        format!("{first} resolved")
    );
    assert_eq!(
        satisfied_and_signed(&d, &second, "09:41").trim(),
        format!("{second} closed")
    );
    let one = d.show(&first);
    assert_eq!(one["callback_owed"], "sample");
    assert!(deadline_names(&one).contains(&"callback".to_string()));
    let two = d.show(&second);
    assert_eq!(two["callback_owed"], "none");
    assert_eq!(two["urgency"], "none");
    assert!(!deadline_names(&two).contains(&"callback".to_string()));
    assert!(d.ok(&["show", &first]).contains("Callback      sample"));
    // A callback on the one that owes none: refused, naming it, nothing written.
    let before = d.events();
    let run = d.run(&["act", &second, "callback", "--satisfaction", "satisfied"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("callback:") && run.stderr.contains("owes no callback"));
    assert_eq!(d.events(), before);
}

#[test]
fn without_signature_or_rating_the_callback_is_owed_as_before() {
    let d = Desk::new(NOW);
    let id = d.repair_on_site("3-2-1201", "水龙头滴水");
    d.ok(&["act", &id, "resolve", "--at", "09:40"]);
    let r = d.show(&id);
    assert_eq!(r["status"], "resolved");
    assert_eq!(r["callback_owed"], "mandatory");
    assert_eq!(r["callback_reason"], "not_rated");
}

#[test]
fn no_answer_keeps_the_callback_owed_and_unsatisfied_opens_a_linked_follow_up() {
    let d = Desk::new(NOW);
    let id = d.repair_on_site("3-2-1201", "水龙头滴水");
    d.ok(&[
        "act",
        &id,
        "resolve",
        "--rating",
        "unsatisfied",
        "--signed",
        "yes",
        "--at",
        "09:40",
    ]);
    let out = d.ok(&[
        "act",
        &id,
        "callback",
        "--satisfaction",
        "no_answer",
        "--at",
        "10:00",
    ]);
    assert_eq!(out.trim(), format!("{id} resolved"));
    let r = d.show(&id);
    assert_eq!(r["callback_tries"][0]["satisfaction"], "no_answer");
    assert_eq!(deadline(&r, "callback").1, "ok");
    d.ok(&[
        "act",
        &id,
        "callback",
        "--form",
        "visit",
        "--signed",
        "yes",
        "--satisfaction",
        "unsatisfied",
        "--words",
        "还在滴",
        "--at",
        "11:00",
    ]);
    let r = d.show(&id);
    assert_eq!(r["status"], "closed");
    assert_eq!(deadline(&r, "callback").1, "met");
    assert_eq!(r["callback"]["words"], "还在滴");
    assert_eq!(r["callback"]["signed"], true);
    let follow = "R-2026-00002";
    assert!(
        r["links"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"rel": "follow_up", "id": follow})),
        "{}",
        r["links"]
    );
    let f = d.show(follow);
    assert_eq!(f["kind"], "repair");
    assert_eq!(f["room"], "3-2-1201");
    assert_eq!(f["created_at"], "2026-11-25T11:00:00+08:00");
    assert!(
        f["links"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"rel": "follow_up_of", "id": id})),
    );
    assert_eq!(deadline(&f, "notice").0, "2026-11-26T11:00:00+08:00");
    d.ok(&["act", follow, "notice", "--at", "11:30"]);
    assert_eq!(deadline(&d.show(follow), "notice").1, "met");
    // Both tries are events in the timeline.
    let text = d.ok(&["show", &id]);
    assert!(
        text.contains("no answer") && text.contains("unsatisfied"),
        "{text}"
    );
}

#[test]
fn an_unsatisfied_complaint_callback_opens_a_complaint_follow_up() {
    let d = Desk::new(NOW);
    let id = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--name",
        "张先生",
        "--room",
        "5-1-0302",
        "--summary",
        "楼上噪音",
        "--at",
        "09:00",
    ]);
    d.ok(&[
        "act",
        &id,
        "resolve",
        "--result",
        "已与楼上沟通",
        "--at",
        "10:00",
    ]);
    assert_eq!(d.show(&id)["result"], "已与楼上沟通");
    d.ok(&[
        "act",
        &id,
        "callback",
        "--satisfaction",
        "unsatisfied",
        "--at",
        "11:00",
    ]);
    let f = d.show("C-2026-00002");
    assert_eq!(f["call_kind"], "complaint");
    assert_eq!(f["name"], "张先生");
    assert!(deadline_names(&f).contains(&"notice".to_string()));
}

#[test]
fn a_repair_call_becomes_a_work_order_linked_both_ways() {
    let d = Desk::new(NOW);
    let call = d.add(&[
        "call",
        "--kind",
        "repair",
        "--channel",
        "phone",
        "--name",
        "李女士",
        "--room",
        "2-1-0501",
        "--phone",
        "13800138000",
        "--summary",
        "厨房水管爆裂",
        "--at",
        "11:50",
    ]);
    let out = d.ok(&["act", &call, "work-order"]);
    assert_eq!(out, format!("{call} closed\nR-2026-00001 received\n"));
    let r = d.show("R-2026-00001");
    assert_eq!(r["category"], "water_fault");
    assert_eq!(r["created_at"], "2026-11-25T11:50:00+08:00");
    assert_eq!(r["name"], "李女士");
    assert_eq!(r["phone"], "13800138000");
    // The 7-minute dispatch clock runs from the call.
    assert_eq!(deadline(&r, "dispatch").0, "2026-11-25T11:57:00+08:00");
    assert!(
        r["links"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"rel": "follow_up_of", "id": call}))
    );
    let c = d.show(&call);
    assert_eq!(deadline(&c, "reply").1, "met");
    assert!(
        c["links"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"rel": "follow_up", "id": "R-2026-00001"}))
    );
    // Not twice.
    let before = d.events();
    assert_eq!(d.run(&["act", &call, "work-order"]).code, 2);
    assert_eq!(d.events(), before);
}

#[test]
fn bad_input_names_the_field_exits_2_and_writes_nothing() {
    let d = Desk::new(NOW);
    let consult = d.add(&[
        "call",
        "--kind",
        "consultation",
        "--channel",
        "phone",
        "--summary",
        "物业费",
        "--at",
        "09:00",
    ]);
    let repair = d.repair_on_site("3-2-1201", "水龙头滴水");
    let before = d.events();
    for (args, field) in [
        (vec!["act", &consult, "work-order"], "kind:"),
        (
            vec!["act", &repair, "resolve", "--rating", "happy"],
            "rating:",
        ),
        (
            vec!["act", &repair, "resolve", "--signed", "maybe"],
            "signed:",
        ),
        (vec!["act", &repair, "resolve", "--result", "x"], "result:"),
        (vec!["act", &consult, "resolve", "--fee", "5"], "fee:"),
        (
            vec!["act", &consult, "work-order", "--category", "nope"],
            "category:",
        ),
    ] {
        let run = d.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains(field), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    d.ok(&["act", &repair, "resolve", "--at", "09:40"]);
    let before_cb = d.events();
    let run = d.run(&[
        "act",
        &repair,
        "callback",
        "--form",
        "phone",
        "--signed",
        "yes",
        "--satisfaction",
        "satisfied",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("signed:"), "{}", run.stderr);
    assert_eq!(d.events(), before_cb);
    assert_ne!(before, before_cb);
}

#[test]
fn callbacks_due_are_listed_soonest_first_on_the_handover_and_in_the_monthly_rates() {
    let d = Desk::new(NOW);
    let late = d.repair_on_site("3-2-1201", "水龙头滴水");
    let early = d.repair_on_site("3-2-1202", "门把手松动");
    let none = d.repair_on_site("3-2-1203", "灯不亮");
    d.ok(&["act", &late, "resolve", "--at", "09:50"]);
    d.ok(&["act", &early, "resolve", "--at", "09:40"]);
    // Satisfied and signed, third of the month with two owed: no callback.
    satisfied_and_signed(&d, &none, "09:55");
    let listed = d.json(&["list", "--callbacks-due"]);
    assert_eq!(ids(&listed), [early.clone(), late.clone()]);
    let text = d.ok(&["list", "--callbacks-due"]);
    assert!(text.contains(&early) && !text.contains(&none), "{text}");
    let handover = d.json(&["handover", "show"]);
    let due: Vec<String> = serde_json::from_value(handover["callbacks_due"].clone()).unwrap();
    assert!(
        due.contains(&early) && due.contains(&late) && !due.contains(&none),
        "{due:?}"
    );
    d.ok(&[
        "act",
        &early,
        "callback",
        "--form",
        "visit",
        "--signed",
        "yes",
        "--satisfaction",
        "satisfied",
        "--at",
        "11:00",
    ]);
    let report = d.json(&["report", "monthly", "--date", "2026-11-25"]);
    let repairs = &report["repair_callbacks"];
    assert_eq!(repairs["resolved"], 3);
    assert_eq!(repairs["owed"], 2);
    assert_eq!(repairs["called_back"], 1);
    assert_eq!(repairs["signed_visits"], 1);
    let text = d.ok(&["report", "monthly", "--date", "2026-11-25"]);
    assert!(
        text.contains("signed visits") && text.contains("target 40%"),
        "{text}"
    );
}

#[test]
fn the_notice_deadline_at_just_before_and_just_after_its_24_hours() {
    let mut d = Desk::new(NOW);
    let id = d.repair_on_site("3-2-1201", "水龙头滴水");
    d.ok(&["act", &id, "resolve", "--at", "09:40"]);
    d.ok(&[
        "act",
        &id,
        "callback",
        "--satisfaction",
        "unsatisfied",
        "--at",
        "10:00",
    ]);
    let follow = "R-2026-00002";
    for (now, state) in [
        ("2026-11-26T09:59:59+08:00", "soon"),
        ("2026-11-26T10:00:00+08:00", "soon"),
        ("2026-11-26T10:00:01+08:00", "overdue"),
    ] {
        d.set_now(now);
        assert_eq!(
            deadline(&d.show(follow), "notice"),
            ("2026-11-26T10:00:00+08:00".to_string(), state.to_string()),
            "{now}"
        );
    }
    // Done at the limit is met; a second later is missed.
    d.set_now("2026-11-26T12:00:00+08:00");
    d.ok(&["act", follow, "notice", "--at", "2026-11-26T10:00:00+08:00"]);
    assert_eq!(deadline(&d.show(follow), "notice").1, "met");
    // A sampled repair's callback: three days after resolve, at and around the limit.
    let mut e = Desk::new(NOW);
    let r = e.repair_on_site("3-2-1201", "水龙头滴水");
    satisfied_and_signed(&e, &r, "09:40");
    for (now, state) in [
        ("2026-11-28T09:39:59+08:00", "soon"),
        ("2026-11-28T09:40:00+08:00", "soon"),
        ("2026-11-28T09:40:01+08:00", "overdue"),
    ] {
        e.set_now(now);
        assert_eq!(deadline(&e.show(&r), "callback").1, state, "{now}");
    }
}

/// Through the store, over random months: repairs resolved in random order across a month's
/// end, each with a random signature and rating; after every resolve the month it counts in
/// has at least the share of its repairs owing a callback, read back from the records.
#[test]
fn the_store_keeps_every_month_at_the_share_after_any_resolve() {
    use dutydesk::domain::*;
    use dutydesk::store::Stamp;
    let (_dir, mut store) = temp_store();
    let limits = Limits {
        repair_callback_share: 0.3,
        ..Default::default()
    };
    let p = Policy::new(limits, policy().calendar, zone());
    let mut seed: u64 = 0x5eed_cafe;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let now = t("2026-12-31T23:00:00+08:00");
    let mut resolved: Vec<(String, RecordId)> = Vec::new();
    for i in 0..160 {
        // Received from mid-November to mid-December, resolved within two days.
        let received =
            t("2026-11-15T08:00:00+08:00") + chrono::Duration::minutes((next(30 * 24 * 60)) as i64);
        let stamp = |at| Stamp {
            operator: "王值班",
            at,
            now,
        };
        let new = NewRecord {
            details: RepairDetails {
                category: RepairCategory::General,
                appointment: None,
                warranty: false,
            }
            .into(),
            summary: format!("报修 {i}"),
            room: Some(format!("{}-1-{:04}", 1 + next(9), 101 + next(30))),
            location: Some("楼内".into()),
            phone: None,
            name: None,
        };
        let id = store.add(new, &stamp(received), &p).unwrap().id;
        let later = |m: i64| received + chrono::Duration::minutes(m);
        store
            .act(
                id,
                Action::Dispatch {
                    to: "老王".into()
                },
                &stamp(later(3)),
                &p,
            )
            .unwrap();
        store
            .act(id, Action::Arrive, &stamp(later(10)), &p)
            .unwrap();
        let signed = [None, Some(true), Some(true), Some(true), Some(false)][next(5) as usize];
        let rating = [
            None,
            Some(Rating::Satisfied),
            Some(Rating::Satisfied),
            Some(Rating::Neutral),
            Some(Rating::Unsatisfied),
            Some(Rating::Unrated),
        ][next(6) as usize];
        let at = later(20 + next(2 * 24 * 60) as i64);
        let action = Action::Resolve {
            fee: None,
            signed,
            rating,
            work: None,
            materials: None,
            result: None,
            callback: None,
        };
        store.act(id, action, &stamp(at), &p).unwrap();
        let month = callbacks::month_key(at, zone());
        resolved.push((month.clone(), id));
        let of_month: Vec<Record> = resolved
            .iter()
            .filter(|(m, _)| *m == month)
            .map(|(_, id)| store.get(*id).unwrap().0)
            .collect();
        let owed = of_month
            .iter()
            .filter(|r| r.status == Status::Resolved)
            .count();
        assert!(
            owed * 10 >= of_month.len() * 3,
            "{month}: {owed} of {} owe a callback after {id}",
            of_month.len()
        );
    }
    // Both months were exercised, and some repairs owe none.
    let months: std::collections::BTreeSet<&String> = resolved.iter().map(|(m, _)| m).collect();
    assert_eq!(months.len(), 2);
    let closed = resolved
        .iter()
        .filter(|(_, id)| store.get(*id).unwrap().0.status == Status::Closed)
        .count();
    assert!(closed > 0);
}

#[test]
fn the_share_is_a_setting_between_0_and_1_and_picks_by_it() {
    let d = Desk::new(NOW);
    for (text, ok) in [
        ("[rules]\nrepair_callback_share = 1.5\n", false),
        ("[rules]\nrepair_callback_share = -0.1\n", false),
        ("[rules]\nnotice_hours = 0\n", false),
        ("[rules]\nrepair_callback_share = 1.0\n", true),
    ] {
        let run = d.with().config(text).run(&["config"]);
        if ok {
            assert_eq!(run.code, 0, "{text}: {}", run.stderr);
            assert!(run.stdout.contains("repair_callback_share = 1.0"));
        } else {
            assert_eq!(run.code, 2, "{text}: {}", run.stderr);
            let name = text.split(['\n', ' ']).nth(1).unwrap();
            assert!(run.stderr.contains(name), "{text}: {}", run.stderr);
        }
    }
    // With every repair in the sample, a satisfied, signed repair owes its callback too.
    let resolve = |id: &str, at: &str| d.with().its_config().ok(&resolve_satisfied(id, at));
    let id = d.repair_on_site("3-2-1201", "水龙头滴水");
    resolve(&id, "09:40");
    let second = d.repair_on_site("3-2-1202", "门把手松动");
    resolve(&second, "09:41");
    assert_eq!(d.show(&second)["callback_owed"], "sample");
}

#[test]
fn an_incidents_emergency_patient_is_called_back_within_a_week_of_its_close() {
    let mut d = Desk::new("2026-11-25T03:00:00+08:00");
    let id = d.add(&[
        "incident",
        "--type",
        "fire",
        "--summary",
        "车库起火, 一人烧伤送医",
        "--location",
        "3号楼车库",
        "--casualties",
        "1",
        "--at",
        "02:50",
    ]);
    d.ok(&[
        "act",
        &id,
        "report",
        "--to",
        "王经理",
        "--role",
        "项目经理",
        "--how",
        "written",
        "--at",
        "02:55",
    ]);
    let out = d.ok(&[
        "act",
        &id,
        "close",
        "--outcome",
        "火已扑灭",
        "--medical-callback",
        "--at",
        "03:00",
    ]);
    assert_eq!(out.trim(), format!("{id} resolved"));
    let r = d.show(&id);
    assert_eq!(r["medical_callback"], true);
    for (now, state) in [
        ("2026-12-02T02:59:59+08:00", "soon"),
        ("2026-12-02T03:00:00+08:00", "soon"),
        ("2026-12-02T03:00:01+08:00", "overdue"),
    ] {
        d.set_now(now);
        assert_eq!(
            deadline(&d.show(&id), "callback"),
            ("2026-12-02T03:00:00+08:00".to_string(), state.to_string()),
            "{now}"
        );
    }
    d.set_now("2026-11-26T10:00:00+08:00");
    assert_eq!(ids(&d.json(&["list", "--callbacks-due"])), [id.as_str()]);
    d.ok(&["act", &id, "callback", "--satisfaction", "no_answer"]);
    assert_eq!(d.show(&id)["status"], "resolved");
    d.set_now("2026-11-27T10:00:00+08:00");
    d.ok(&[
        "act",
        &id,
        "callback",
        "--form",
        "visit",
        "--satisfaction",
        "satisfied",
    ]);
    let r = d.show(&id);
    assert_eq!(r["status"], "closed");
    assert_eq!(deadline(&r, "callback").1, "met");
    // Without the flag an incident closes as before and owes no callback.
    let other = d.add(&[
        "incident",
        "--type",
        "flood",
        "--summary",
        "地下室进水",
        "--location",
        "车库",
        "--at",
        "09:00",
    ]);
    d.ok(&[
        "act",
        &other,
        "report",
        "--to",
        "王经理",
        "--role",
        "项目经理",
        "--how",
        "written",
    ]);
    d.ok(&["act", &other, "close", "--outcome", "已排水"]);
    let before = d.events();
    let run = d.run(&["act", &other, "callback", "--satisfaction", "satisfied"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("callback:"), "{}", run.stderr);
    assert_eq!(d.events(), before);
}

/// The monthly report lists the problems found on callbacks (the follow-ups an unsatisfied
/// callback opened in the month) with what was done: the written notice, the resolution. A
/// follow-up opened by a work order is not one; nor is a voided one.
#[test]
fn the_monthly_report_lists_the_problems_found_on_callbacks_and_what_was_done() {
    let d = Desk::new(NOW);
    let monthly = |d: &Desk| -> serde_json::Value {
        let out = d.ok(&["report", "monthly", "--date", "2026-11-01", "--json"]);
        serde_json::from_str(&out).unwrap()
    };
    // A repair call's work order is a follow-up too, but not a problem found on a callback.
    let call = d.add(&[
        "call",
        "--kind",
        "repair",
        "--channel",
        "phone",
        "--room",
        "2-1-0501",
        "--summary",
        "厨房水管爆裂",
        "--at",
        "08:50",
    ]);
    d.ok(&["act", &call, "work-order"]);
    assert_eq!(monthly(&d)["callback_problems"], serde_json::json!([]));
    let (id, follow) = d.unsatisfied_follow_up("3-2-1201", "水龙头滴水");
    let follow = follow.as_str();
    let r = monthly(&d);
    let p = &r["callback_problems"];
    assert_eq!(p.as_array().unwrap().len(), 1, "{p}");
    assert_eq!(p[0]["id"], follow);
    assert_eq!(p[0]["of"], id.as_str());
    assert_eq!(p[0]["opened"], "2026-11-25T10:00:00+08:00");
    assert_eq!(p[0]["noticed"], serde_json::Value::Null);
    assert_eq!(p[0]["resolved"], serde_json::Value::Null);
    d.ok(&["act", follow, "notice", "--at", "10:30"]);
    d.ok(&["act", follow, "dispatch", "--to", "李师傅", "--at", "10:40"]);
    d.ok(&["act", follow, "arrive", "--at", "10:50"]);
    d.ok(&[
        "act",
        follow,
        "resolve",
        "--signed",
        "yes",
        "--rating",
        "satisfied",
        "--at",
        "11:30",
    ]);
    let p = &monthly(&d)["callback_problems"][0];
    assert_eq!(p["noticed"], "2026-11-25T10:30:00+08:00");
    assert_eq!(p["resolved"], "2026-11-25T11:30:00+08:00");
    let text = d.ok(&["report", "monthly", "--date", "2026-11-01", "--lang", "zh"]);
    assert!(text.contains("回访发现的问题"), "{text}");
    assert!(
        text.contains(&format!("{follow} (来自回访 {id})")) && text.contains("已书面通知"),
        "{text}"
    );
    // Another month has none; a weekly report has no such list.
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&d.ok(&[
            "report",
            "monthly",
            "--date",
            "2026-10-01",
            "--json"
        ]))
        .unwrap()["callback_problems"],
        serde_json::json!([])
    );
    let weekly: serde_json::Value =
        serde_json::from_str(&d.ok(&["report", "weekly", "--json"])).unwrap();
    assert!(weekly.get("callback_problems").is_none());
    // A voided follow-up is not a problem found any more.
    d.ok(&["act", follow, "void", "--reason", "录错"]);
    assert_eq!(monthly(&d)["callback_problems"], serde_json::json!([]));
}
