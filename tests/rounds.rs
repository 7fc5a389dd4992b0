//! Rounds are expected (issue 14 §2; DOMAIN.md §8: patrols twice a day): every area walked
//! `rules.patrols_per_day` times a local day. The handover lists what is not yet done today
//! and what was missed yesterday, across midnight in the estate's zone; the daily report
//! counts them. And `stats` lines its kind names up in both languages.

mod common;

use common::*;
use serde_json::{Value, json};

fn walk(d: &Desk, area: &str, at: &str) -> String {
    d.add(&[
        "inspection",
        "--area",
        area,
        "--location",
        "3号楼",
        "--item",
        &format!(
            "{}=ok",
            match area {
                "rooftop" => "door_opens",
                "lobby" => "bins",
                _ => "running",
            }
        ),
        "--at",
        at,
    ])
}

/// The areas of a list with their done counts.
fn areas(list: &Value) -> Vec<(String, u64)> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|a| {
            assert_eq!(a["expected"], 2);
            (
                a["area"].as_str().unwrap().to_string(),
                a["done"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(a, n)| (a.to_string(), *n)).collect()
}

/// Three rounds on the 25th (the rooftop twice, the lobby once a second before midnight) and
/// one voided elevator round.
fn desk() -> Desk {
    let d = Desk::new("2026-11-25T08:30:00+08:00");
    walk(&d, "rooftop", "2026-11-25T08:00:00+08:00");
    let mut d = d;
    d.set_now("2026-11-25T23:59:59+08:00");
    walk(&d, "rooftop", "2026-11-25T20:00:00+08:00");
    walk(&d, "lobby", "2026-11-25T23:59:59+08:00");
    let voided = walk(&d, "elevator", "2026-11-25T21:00:00+08:00");
    d.ok(&["act", &voided, "void", "--reason", "记错区域"]);
    d
}

#[test]
fn the_handover_lists_rounds_due_today_and_missed_yesterday_across_midnight() {
    let mut d = desk();
    // A second before midnight: the 25th is today.
    let r = &d.json(&["handover", "show"])["rounds"];
    assert_eq!(r["date"], "2026-11-25");
    assert_eq!(r["patrols_per_day"], 2);
    assert_eq!(
        (r["done_today"].clone(), r["expected_today"].clone()),
        (json!(3), json!(10))
    );
    assert_eq!(
        areas(&r["due_today"]),
        pairs(&[
            ("stairwell", 0),
            ("elevator", 0),
            ("lobby", 1),
            ("grounds", 0)
        ])
    );
    assert_eq!(areas(&r["missed_yesterday"]).len(), 5);
    // Midnight: the 25th is yesterday; the rooftop was walked twice, the rest missed.
    for now in ["2026-11-26T00:00:00+08:00", "2026-11-26T00:00:01+08:00"] {
        d.set_now(now);
        let r = &d.json(&["handover", "show"])["rounds"];
        assert_eq!(r["date"], "2026-11-26", "{now}");
        assert_eq!(r["done_today"], 0, "{now}");
        assert_eq!(areas(&r["due_today"]).len(), 5, "{now}");
        assert_eq!(
            areas(&r["missed_yesterday"]),
            pairs(&[
                ("stairwell", 0),
                ("elevator", 0),
                ("lobby", 1),
                ("grounds", 0)
            ]),
            "{now}"
        );
    }
    let text = d.ok(&["handover", "show"]);
    assert!(
        text.contains("Inspection rounds (2 a day per area), today 0/10"),
        "{text}"
    );
    assert!(
        text.contains(
            "missed yesterday: Stairwell 0/2, Elevator 0/2, Lobby, halls, corridors 1/2, Estate grounds 0/2"
        ),
        "{text}"
    );
    let mut zh = d.command();
    let out = zh
        .env("DUTYDESK_LANG", "zh")
        .args(["handover", "show"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("日常巡检 (2 次/区域/日), 今日 0/10"),
        "{text}"
    );
    assert!(
        text.contains("昨日漏巡: 楼梯间 0/2, 电梯 0/2, 大堂门厅走廊 1/2, 园区外观 0/2"),
        "{text}"
    );
}

#[test]
fn the_daily_report_counts_rounds_done_expected_and_missed() {
    let d = desk();
    let r = d.json(&["report", "daily", "--date", "2026-11-25"]);
    let rounds = &r["rounds"];
    assert_eq!(rounds["date"], "2026-11-25");
    assert_eq!(
        (
            rounds["expected"].clone(),
            rounds["done"].clone(),
            rounds["missed"].clone()
        ),
        (json!(10), json!(3), json!(7))
    );
    assert_eq!(rounds["areas"].as_array().unwrap().len(), 5);
    let text = d.ok(&["report", "daily", "--date", "2026-11-25"]);
    assert!(
        text.contains("done 3 / expected 10, missed 7 (Stairwell 0/2, Elevator 0/2, Lobby, halls, corridors 1/2, Estate grounds 0/2)"),
        "{text}"
    );
    // The day before: nothing walked.
    let r = d.json(&["report", "daily", "--date", "2026-11-24"]);
    assert_eq!(r["rounds"]["missed"], 10);
    // Weekly reports carry no daily lists.
    let r = d.json(&["report", "weekly", "--date", "2026-11-25"]);
    assert!(r.get("rounds").is_none());
}

fn with_rules(d: &Desk, rules: &str) -> std::process::Command {
    let path = d.path("config.toml");
    std::fs::write(&path, format!("[rules]\n{rules}\n")).unwrap();
    let mut cmd = d.command();
    cmd.env("DUTYDESK_CONFIG", &path);
    cmd
}

#[test]
fn patrols_per_day_comes_from_the_config_within_its_limit() {
    let d = desk();
    let run = |rules: &str| {
        with_rules(&d, rules)
            .args(["report", "daily", "--date", "2026-11-25"])
            .output()
            .unwrap()
    };
    // Once a day: the rooftop and the lobby are done.
    let out = run("patrols_per_day = 1");
    assert!(out.status.success());
    let r: Value = serde_json::from_slice(
        &with_rules(&d, "patrols_per_day = 1")
            .args(["report", "daily", "--date", "2026-11-25", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(
        (r["rounds"]["expected"].clone(), r["rounds"]["done"].clone()),
        (json!(5), json!(2))
    );
    // The limit: 48 a day at most (one every half hour); 0 expects none.
    assert!(run("patrols_per_day = 48").status.success());
    let out = run("patrols_per_day = 49");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("rules.patrols_per_day"), "{err}");
    let out = with_rules(&d, "patrols_per_day = 0")
        .args(["handover", "show"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Inspection rounds: none expected"), "{text}");
}

#[test]
fn stats_lines_every_kind_name_up_in_both_languages() {
    let d = Desk::new("2026-11-25T10:00:00+08:00");
    d.add(&["log", "--summary", "巡查"]);
    d.add(&["inspection", "--area", "rooftop", "--location", "3号楼"]);
    d.add(&["incident", "--type", "fire", "--summary", "3号楼起火"]);
    d.add(&[
        "repair",
        "--category",
        "general",
        "--location",
        "3-1201",
        "--summary",
        "水管漏水",
    ]);
    for lang in ["en", "zh"] {
        let out = d
            .command()
            .env("DUTYDESK_LANG", lang)
            .arg("stats")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let names: &[&str] = match lang {
            "en" => &["Duty log", "Inspection round", "Major incident", "Repair"],
            _ => &["值班记录", "日常巡检", "重大事项", "报修"],
        };
        let mut columns = Vec::new();
        for line in text.lines() {
            // The value starts after the label and at least two spaces, at the same column on
            // every line.
            let value = line
                .find("  ")
                .map(|at| at + line[at..].len() - line[at..].trim_start().len());
            let value = value.unwrap_or_else(|| panic!("no gap in {line:?}: {text}"));
            columns.push(unicode_width::UnicodeWidthStr::width(&line[..value]));
        }
        assert!(columns.windows(2).all(|w| w[0] == w[1]), "{text}");
        for name in names {
            assert!(
                text.lines().any(|l| l.starts_with(&format!("{name}  "))),
                "{name}: {text}"
            );
        }
        assert!(!text.contains("inspectionlogged"), "{text}");
    }
}
