//! Major incidents (重大事项, DOMAIN.md §5) through the binary: `add incident`, the reporting
//! chain (`act I-… report`), `close --outcome`, their JSON, the handover, and every refusal
//! in English and Chinese with exit 2 and nothing written.

mod common;

use common::*;

const NOW: &str = "2026-11-25T03:00:00+08:00";

fn fire(d: &Desk) -> String {
    d.add(&[
        "incident",
        "--type",
        "fire",
        "--summary",
        "3号楼地下车库电动车起火",
        "--location",
        "3号楼车库",
        "--casualties",
        "1",
        "--at",
        "02:50",
    ])
}

#[test]
fn an_incident_is_added_reported_up_the_chain_and_closed_with_its_outcome() {
    let d = Desk::new(NOW);
    let id = fire(&d);
    assert_eq!(id, "I-2026-00001");
    let r = d.show(&id);
    assert_eq!(r["kind"], "incident");
    assert_eq!(r["type"], "fire");
    assert_eq!(r["casualties"], 1);
    assert_eq!(r["status"], "received");
    assert_eq!(r["reports"], serde_json::json!([]));
    assert_eq!(
        deadline_names(&r),
        ["report".to_string(), "written_report".to_string()]
    );
    assert_eq!(
        deadline(&r, "report"),
        ("2026-11-25T03:00:00+08:00".into(), "soon".into())
    );
    assert_eq!(
        deadline(&r, "written_report"),
        ("2026-11-27T00:00:00+08:00".into(), "ok".into())
    );

    let out = d.ok(&[
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
        "马上到场, 先疏散",
        "--at",
        "02:55",
    ]);
    assert_eq!(out.trim(), "I-2026-00001 received");
    d.ok(&[
        "act",
        &id,
        "report",
        "--to",
        "李总",
        "--role",
        "总经理",
        "--how",
        "written",
    ]);
    let r = d.show(&id);
    assert_eq!(
        r["reports"],
        serde_json::json!([
            {"to": "王经理", "role": "项目经理", "how": "phone",
             "at": "2026-11-25T02:55:00+08:00", "answer": "马上到场, 先疏散"},
            {"to": "李总", "role": "总经理", "how": "written",
             "at": "2026-11-25T03:00:00+08:00", "answer": null},
        ])
    );
    assert_eq!(deadline(&r, "report").1, "met");
    assert_eq!(deadline(&r, "written_report").1, "met");
    // Each report is an event of the timeline.
    let actions: Vec<&str> = r["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "report", "report"]);

    let out = d.ok(&["act", &id, "close", "--outcome", "火已扑灭, 伤者送医"]);
    assert_eq!(out.trim(), "I-2026-00001 closed");
    let r = d.show(&id);
    assert_eq!(r["status"], "closed");
    assert_eq!(r["outcome"], "火已扑灭, 伤者送医");
    let listed = d.json(&["list", "incident"]);
    assert_eq!(ids(&listed), [id.as_str()]);
    assert_eq!(listed[0]["type"], "fire");
    assert_eq!(listed[0]["reports"].as_array().unwrap().len(), 2);

    let text = d.ok(&["show", &id]);
    assert!(
        text.contains("王经理 (项目经理), by phone; answer: 马上到场, 先疏散"),
        "{text}"
    );
    assert!(text.contains("火已扑灭, 伤者送医"), "{text}");
}

#[test]
fn other_types_are_reported_the_same_day_and_casualties_may_be_left_out() {
    let d = Desk::new(NOW);
    let id = d.add(&[
        "incident",
        "--type",
        "government",
        "--summary",
        "街道通知: 明日消防检查",
    ]);
    let r = d.show(&id);
    assert_eq!(r["casualties"], serde_json::Value::Null);
    assert_eq!(r["urgent"], false);
    assert_eq!(
        deadline(&r, "report").0,
        "2026-11-26T00:00:00+08:00".to_string()
    );
}

#[test]
fn an_open_incident_is_on_every_handover_until_closed() {
    let mut d = Desk::new(NOW);
    let id = fire(&d);
    let listed = |draft: &serde_json::Value, list: &str| {
        draft[list]
            .as_array()
            .unwrap_or_else(|| panic!("no {list} in {draft}"))
            .iter()
            .any(|x| x.as_str() == Some(id.as_str()))
    };
    let draft = d.json(&["handover", "show"]);
    assert!(listed(&draft, "incidents"), "{draft}");
    assert!(listed(&draft, "open"), "{draft}");
    // Two shifts later it is still handed over, open.
    d.set_now("2026-11-25T21:00:00+08:00");
    let draft = d.json(&["handover", "show"]);
    assert!(listed(&draft, "incidents"), "{draft}");
    let text = d.ok(&["handover", "show"]);
    assert!(text.contains(&id), "{text}");
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
    ]);
    d.ok(&["act", &id, "close", "--outcome", "已处理完毕"]);
    let draft = d.json(&["handover", "show"]);
    assert!(!listed(&draft, "incidents"), "{draft}");
    assert!(!listed(&draft, "open"), "{draft}");
}

#[test]
fn bad_input_is_refused_naming_the_field_in_english_and_chinese() {
    let d = Desk::new(NOW);
    let id = fire(&d);
    d.refused(
        &["add", "incident", "--type", "blaze", "--summary", "x"],
        "dutydesk: type: 'blaze' is not one of: casualty, fire, flood, explosion, disaster, violence, crowd, government, other",
        "dutydesk: 事项类别: 'blaze' 不是可选值之一: casualty, fire, flood, explosion, disaster, violence, crowd, government, other",
    );
    for bad in ["-1", "1.5", "two", ""] {
        d.refused(
            &[
                "add",
                "incident",
                "--type",
                "fire",
                "--summary",
                "x",
                "--casualties",
                bad,
            ],
            &format!("dutydesk: casualties: '{bad}' is not a whole number of 0 or more"),
            &format!("dutydesk: 伤亡人数: '{bad}' 不是大于等于 0 的整数"),
        );
    }
    d.refused(
        &["act", &id, "report", "--role", "项目经理", "--how", "phone"],
        "dutydesk: to: must not be empty",
        "dutydesk: 上报对象: 不能为空",
    );
    d.refused(
        &["act", &id, "report", "--to", "王经理", "--how", "phone"],
        "dutydesk: role: must not be empty",
        "dutydesk: 职务: 不能为空",
    );
    d.refused(
        &["act", &id, "report", "--to", "王经理", "--role", "项目经理"],
        "dutydesk: how: must not be empty",
        "dutydesk: 上报方式: 不能为空",
    );
    d.refused(
        &[
            "act",
            &id,
            "report",
            "--to",
            "王经理",
            "--role",
            "项目经理",
            "--how",
            "fax",
        ],
        "dutydesk: how: 'fax' is not one of: in_person, phone, written",
        "dutydesk: 上报方式: 'fax' 不是可选值之一: in_person, phone, written",
    );
    d.refused(
        &["act", &id, "close"],
        "dutydesk: outcome: must not be empty",
        "dutydesk: 处理结果: 不能为空",
    );
    // Out of order: closed before anyone was told; a report on a repair.
    d.refused(
        &["act", &id, "close", "--outcome", "已处理"],
        "dutydesk: 'close' is not allowed on an incident that is received",
        "dutydesk: 已受理状态的重大事项不能完结",
    );
    let repair = d.add(&[
        "repair",
        "--category",
        "general",
        "--location",
        "大堂",
        "--summary",
        "灯坏了",
    ]);
    d.refused(
        &[
            "act",
            &repair,
            "report",
            "--to",
            "王经理",
            "--role",
            "项目经理",
            "--how",
            "phone",
        ],
        "dutydesk: 'report' is not allowed on a repair that is received",
        "dutydesk: 已受理状态的报修不能上报",
    );
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
    ]);
    // Reported by phone only: the written report is still owed, so it stays open.
    d.refused(
        &["act", &id, "close", "--outcome", "已处理"],
        "dutydesk: 'close' is not allowed on an incident that is received",
        "dutydesk: 已受理状态的重大事项不能完结",
    );
    d.ok(&[
        "act",
        &id,
        "report",
        "--to",
        "李总",
        "--role",
        "总经理",
        "--how",
        "written",
    ]);
    d.ok(&["act", &id, "close", "--outcome", "已处理"]);
    d.refused(
        &[
            "act",
            &id,
            "report",
            "--to",
            "李总",
            "--role",
            "总经理",
            "--how",
            "written",
        ],
        "dutydesk: 'report' is not allowed on an incident that is closed",
        "dutydesk: 已完结状态的重大事项不能上报",
    );
}
