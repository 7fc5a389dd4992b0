//! Inspection rounds (日常巡检, DOMAIN.md §1, issue 14 §2) through the binary: each area's
//! default checklist, areas from the config, bad input refused (exit 2 naming the field,
//! nothing written), a problem turned into a repair linked both ways.

mod common;

use common::*;
use serde_json::Value;

const NOW: &str = "2026-11-25T10:00:00+08:00";

fn keys(round: &Value) -> Vec<String> {
    round["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["key"].as_str().unwrap().to_string())
        .collect()
}

fn item<'a>(round: &'a Value, key: &str) -> &'a Value {
    round["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("no item {key}"))
}

#[test]
fn each_default_area_lists_its_check_items_not_checked_until_given() {
    let d = Desk::new(NOW);
    let expected: &[(&str, &[&str])] = &[
        (
            "stairwell",
            &[
                "lights",
                "doors_windows",
                "walls_ceiling",
                "hydrant",
                "extinguisher_expiry",
                "fire_doors_closed",
                "exit_signs",
                "fire_passage_clear",
                "alarm",
                "cleanliness",
            ],
        ),
        (
            "rooftop",
            &[
                "door_opens",
                "illegal_structures",
                "railings",
                "cleanliness",
            ],
        ),
        ("elevator", &["running", "graffiti", "cleanliness"]),
        (
            "lobby",
            &["safety_signs", "lighting", "bins", "cleanliness"],
        ),
        (
            "grounds",
            &[
                "pipe_leaks",
                "outdoor_fire_equipment",
                "playground",
                "public_facilities",
                "noise",
                "pollution",
                "thrown_objects",
            ],
        ),
    ];
    for (area, items) in expected {
        let id = d.add(&["inspection", "--area", area, "--location", "3号楼"]);
        assert!(id.starts_with("N-2026-"), "{id}");
        let round = d.show(&id);
        assert_eq!(round["kind"], "inspection");
        assert_eq!(round["area"], *area);
        assert_eq!(keys(&round), *items, "{area}");
        for i in round["items"].as_array().unwrap() {
            assert_eq!(i["result"], "not_checked");
        }
        assert_eq!(round["finding"], "partial");
        assert_eq!(round["problem"], false);
        assert_eq!(round["deadlines"], serde_json::json!([]));
    }
}

#[test]
fn given_items_keep_their_result_and_remark_and_a_problem_shows() {
    let d = Desk::new(NOW);
    let id = d.add(&[
        "inspection",
        "--area",
        "rooftop",
        "--location",
        "3号楼",
        "--item",
        "door_opens=problem:天台门被锁",
        "--item",
        "railings=ok",
        "--item",
        "illegal_structures=na",
    ]);
    let round = d.show(&id);
    assert_eq!(item(&round, "door_opens")["result"], "problem");
    assert_eq!(item(&round, "door_opens")["remark"], "天台门被锁");
    assert_eq!(item(&round, "railings")["result"], "ok");
    assert_eq!(item(&round, "illegal_structures")["result"], "na");
    assert_eq!(item(&round, "cleanliness")["result"], "not_checked");
    assert_eq!(round["problem"], true);
    assert_eq!(round["finding"], "problem");
    let shown = d.ok(&["show", &id]);
    assert!(
        shown.contains("✗ Roof door opens (never locked): PROBLEM — 天台门被锁"),
        "{shown}"
    );
    assert!(shown.contains("· Cleanliness: not checked"), "{shown}");
    // The list names the item in words (the stored summary keeps its key).
    let list = d.ok(&["list"]);
    assert!(
        list.contains("✗ Roof door opens (never locked): 天台门被锁"),
        "{list}"
    );
}

#[test]
fn bad_input_is_refused_naming_the_field_and_nothing_is_written() {
    let d = Desk::new(NOW);
    d.add(&["inspection", "--area", "lobby", "--location", "1号楼"]);
    let before = d.state();
    let cases: &[(&[&str], &str)] = &[
        (&["--area", "roof", "--location", "x"], "area: 'roof'"),
        (
            &[
                "--area",
                "rooftop",
                "--location",
                "x",
                "--item",
                "lights=ok",
            ],
            "item: 'lights'",
        ),
        (
            &[
                "--area",
                "rooftop",
                "--location",
                "x",
                "--item",
                "door_opens=maybe",
            ],
            "item: 'maybe'",
        ),
        (
            &[
                "--area",
                "rooftop",
                "--location",
                "x",
                "--item",
                "door_opens",
            ],
            "item: 'door_opens'",
        ),
        (&["--area", "rooftop", "--location", "  "], "location"),
    ];
    for (args, says) in cases {
        let mut all = vec!["add", "inspection"];
        all.extend_from_slice(args);
        let run = d.run(&all);
        assert_eq!(run.code, 2, "{all:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{all:?}: {}", run.stderr);
    }
    assert_eq!(d.state(), before);
}

#[test]
fn a_problem_becomes_a_repair_linked_both_ways() {
    let d = Desk::new(NOW);
    let round = d.add(&[
        "inspection",
        "--area",
        "rooftop",
        "--location",
        "3号楼",
        "--item",
        "door_opens=problem:天台门被锁",
        "--item",
        "railings=ok",
    ]);
    let out = d.ok(&[
        "act",
        &round,
        "repair",
        "--item",
        "door_opens",
        "--category",
        "general",
    ]);
    let repair = out
        .lines()
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    assert!(repair.starts_with("R-2026-"), "{out}");
    let r = d.show(&repair);
    assert_eq!(r["location"], "3号楼");
    assert_eq!(r["category"], "general");
    assert_eq!(
        r["summary"],
        "Rooftop · Roof door opens (never locked): 天台门被锁"
    );
    assert_eq!(
        r["links"],
        serde_json::json!([{"rel": "from_inspection", "id": round}])
    );
    let n = d.show(&round);
    assert_eq!(
        n["links"],
        serde_json::json!([{"rel": "found_in", "id": repair}])
    );
    assert_eq!(item(&n, "door_opens")["repair"], repair.as_str());
    // An item found ok, an item already repaired, an unknown item, a round that is not one:
    // refused, nothing written.
    let before = d.state();
    for (id, key, code) in [
        (round.as_str(), "railings", 2),
        (round.as_str(), "door_opens", 2),
        (round.as_str(), "lights", 2),
        (repair.as_str(), "door_opens", 2),
    ] {
        let run = d.run(&["act", id, "repair", "--item", key, "--category", "general"]);
        assert_eq!(run.code, code, "{id} {key}: {}", run.stderr);
    }
    let run = d.run(&[
        "act",
        &round,
        "repair",
        "--item",
        "door_opens",
        "--category",
        "nope",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("category"), "{}", run.stderr);
    assert_eq!(d.state(), before);
    d.ok(&["verify"]);
}

/// The summary a round without a note is stored with names its items by key (append-only);
/// `list` and `show` print them in the reader's words, the JSON keeps the stored text, and
/// `show` names the linked records at both ends.
#[test]
fn list_and_show_name_a_rounds_items_in_words_and_its_links() {
    let d = Desk::new(NOW);
    let round = d.add(&[
        "inspection",
        "--area",
        "rooftop",
        "--location",
        "3号楼",
        "--item",
        "door_opens=problem:天台门被锁",
    ]);
    let words = "✗ Roof door opens (never locked): 天台门被锁";
    let listed = d.ok(&["list", "inspection"]);
    assert!(listed.contains(words), "{listed}");
    assert!(!listed.contains("door_opens"), "{listed}");
    let shown = d.ok(&["show", &round]);
    assert!(shown.contains(words), "{shown}");
    assert!(!shown.contains("door_opens"), "{shown}");
    assert_eq!(d.show(&round)["summary"], "✗ door_opens 天台门被锁");
    let out = d.ok(&[
        "act",
        &round,
        "repair",
        "--item",
        "door_opens",
        "--category",
        "general",
    ]);
    let repair = out.lines().nth(1).unwrap().split(' ').next().unwrap();
    let shown = d.ok(&["show", repair]);
    let linked = |text: &str, label: &str, id: &str| {
        text.lines()
            .any(|l| l.starts_with(label) && l.trim_end().ends_with(id))
    };
    assert!(linked(&shown, "From round", &round), "{shown}");
    let shown = d.ok(&["show", &round]);
    assert!(linked(&shown, "Repairs", repair), "{shown}");
}

fn with_config(d: &Desk, toml: &str) -> std::process::Command {
    let path = d.path("config.toml");
    std::fs::write(&path, toml).unwrap();
    let mut cmd = d.command();
    cmd.env("DUTYDESK_CONFIG", &path);
    cmd
}

#[test]
fn the_config_replaces_an_area_or_adds_one() {
    let d = Desk::new(NOW);
    let toml = r#"
[[inspection.areas]]
slug = "power_room"
name = "配电房"
items = ["door_locked", { key = "meters", name = "电表读数" }]

[[inspection.areas]]
slug = "rooftop"
name = "Roof terrace"
items = ["door_opens", "solar_panels"]
"#;
    let out = with_config(&d, toml)
        .args([
            "add",
            "inspection",
            "--area",
            "power_room",
            "--location",
            "地下一层",
            "--item",
            "meters=problem:读数异常",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let round = d.show(&id);
    assert_eq!(keys(&round), ["door_locked", "meters"]);
    assert_eq!(item(&round, "meters")["name"], "电表读数");
    let out = with_config(&d, toml)
        .args([
            "add",
            "inspection",
            "--area",
            "rooftop",
            "--location",
            "1号楼",
        ])
        .output()
        .unwrap();
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_eq!(keys(&d.show(&id)), ["door_opens", "solar_panels"]);
    // The defaults still stand for the areas the config does not name.
    let out = with_config(&d, toml)
        .args([
            "add",
            "inspection",
            "--area",
            "elevator",
            "--location",
            "1号楼",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn a_bad_area_in_the_config_is_refused_naming_the_key() {
    let d = Desk::new(NOW);
    let cases = [
        (
            "[[inspection.areas]]\nslug = \"a\"\nname = \"\"\nitems = [\"x\"]\n",
            "inspection.areas[0].name",
        ),
        (
            "[[inspection.areas]]\nslug = \"a\"\nname = \"A\"\nitems = [\"x\"]\n\
             [[inspection.areas]]\nslug = \"a\"\nname = \"B\"\nitems = [\"y\"]\n",
            "inspection.areas[1].slug",
        ),
        (
            "[[inspection.areas]]\nslug = \"a\"\nname = \"A\"\nitems = [\"x\"]\ncolour = 1\n",
            "colour",
        ),
        (
            "[[inspection.areas]]\nslug = \"Power Room\"\nname = \"A\"\nitems = [\"x\"]\n",
            "inspection.areas[0].slug",
        ),
        (
            "[[inspection.areas]]\nslug = \"a\"\nname = \"A\"\nitems = [\"x\", \"x\"]\n",
            "inspection.areas[0].items[1]",
        ),
    ];
    for (toml, key) in cases {
        let out = with_config(&d, toml)
            .args([
                "add",
                "inspection",
                "--area",
                "lobby",
                "--location",
                "1号楼",
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{toml}: {err}");
        assert!(err.contains(key), "{toml}: {err}");
    }
    assert!(!d.db.exists() || d.json(&["list"]) == serde_json::json!([]));
}

/// The timeline's "problem became a repair" names a configured item as the config names it
/// in `show` (the event keeps only the key, and `--json` gives the key as stored); an item
/// the config gave only by its key and no longer has reads as its key, marked as such, in the
/// timeline and the round's items.
#[test]
fn show_names_a_configured_item_in_the_timeline_and_marks_one_no_longer_configured() {
    let d = Desk::new(NOW);
    let toml = r#"
[[inspection.areas]]
slug = "power_room"
name = "配电房"
items = ["door_locked", { key = "meters", name = "电表读数" }]
"#;
    let round = d.with().config(toml).ok(&[
        "add",
        "inspection",
        "--area",
        "power_room",
        "--location",
        "地下一层",
        "--item",
        "meters=problem:读数异常",
        "--item",
        "door_locked=problem",
    ]);
    let round = round.trim();
    let mut repairs = Vec::new();
    for key in ["meters", "door_locked"] {
        let out = d.with().its_config().ok(&[
            "act",
            round,
            "repair",
            "--item",
            key,
            "--category",
            "general",
        ]);
        repairs.push(
            out.lines()
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .to_string(),
        );
    }
    let (meters, door) = (&repairs[0], &repairs[1]);
    let timeline = |text: &str| -> String {
        text.split_once("Timeline")
            .or_else(|| text.split_once("处理记录"))
            .expect("a timeline")
            .1
            .to_string()
    };
    for (lang, lead) in [("en", "problem became a repair:"), ("zh", "问题已转维修:")] {
        let shown = d.with().its_config().lang(lang).ok(&["show", round]);
        let t = timeline(&shown);
        assert!(
            t.contains(&format!("{lead} 电表读数 → {meters}")),
            "{shown}"
        );
        assert!(
            t.contains(&format!("{lead} door_locked → {door}")),
            "{shown}"
        );
        assert!(!shown.contains("meters"), "{shown}");
    }
    // JSON keeps the key the event holds.
    let json = d.with().its_config().run(&["show", round, "--json"]).json();
    let found: Vec<&Value> = json["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "found_problem")
        .map(|e| &e["details"]["item"])
        .collect();
    assert_eq!(found, ["meters", "door_locked"], "{json}");
    // The config without the power room: the kept name still reads; the key-only item is
    // marked in the timeline and in the round's items.
    for (lang, lead, gone) in [
        (
            "en",
            "problem became a repair:",
            "door_locked (no longer in the config)",
        ),
        ("zh", "问题已转维修:", "door_locked (已不在配置中)"),
    ] {
        let shown = d.with().lang(lang).ok(&["show", round]);
        let t = timeline(&shown);
        assert!(
            t.contains(&format!("{lead} 电表读数 → {meters}")),
            "{shown}"
        );
        assert!(t.contains(&format!("{lead} {gone} → {door}")), "{shown}");
        let items = shown
            .split_once(&t)
            .map_or(shown.as_str(), |(head, _)| head);
        assert!(items.contains(&format!("✗ {gone}: ")), "{shown}");
    }
}
