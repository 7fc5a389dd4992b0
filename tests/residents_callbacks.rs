//! Yearly household callbacks (回访, DOMAIN.md §4: every occupied household once a year):
//! `residents callbacks [--due]` lists them to work through, `residents callback ROOM` records
//! one as an event in the household's history (a try that finds nobody leaves it due), and
//! `report monthly` counts the households called this year of those occupied.

mod common;

use common::Desk;

const NOW: &str = "2026-11-27T03:00:00+08:00";
const PHONE: &str = "13800138000";

fn desk() -> Desk {
    let d = Desk::new(NOW);
    d.ok(&[
        "residents",
        "add",
        "3-2-1201",
        "--owner",
        "王小明",
        "--phone",
        PHONE,
    ]);
    d.ok(&[
        "residents",
        "add",
        "3-2-1202",
        "--owner",
        "李雷",
        "--phone",
        "13700008000",
    ]);
    d.ok(&["residents", "add", "5-1-301", "--occupied", "no"]);
    d
}

fn resident_events(d: &Desk) -> i64 {
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.query_row("SELECT COUNT(*) FROM resident_events", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn every_occupied_household_is_due_until_a_callback_reaches_it() {
    let d = desk();
    let list = d.json(&["residents", "callbacks"]);
    assert_eq!(list["year"], 2026);
    assert_eq!(list["occupied"], 2);
    assert_eq!(list["called"], 0);
    let rooms: Vec<&str> = list["households"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["room"].as_str().unwrap())
        .collect();
    assert_eq!(rooms, ["3-2-1201", "3-2-1202"], "a vacant room owes none");
    // Nobody answers: a try, still due.
    d.ok(&["residents", "callback", "3-2-1201", "--result", "no_answer"]);
    let list = d.json(&["residents", "callbacks", "--due"]);
    assert_eq!(list["households"][0]["room"], "3-2-1201");
    assert_eq!(list["households"][0]["tries"], 1);
    assert_eq!(list["households"][0]["due"], true);
    // Reached on the second try, on a visit, with the owner's words.
    let run = d.run(&[
        "residents",
        "callback",
        "3-2-1201",
        "--form",
        "visit",
        "--result",
        "satisfied",
        "--words",
        "门禁好多了",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("1 of 2 occupied households called back in 2026 (50%, target 100%)"),
        "{}",
        run.stderr
    );
    let list = d.json(&["residents", "callbacks", "--due"]);
    let due: Vec<&str> = list["households"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["room"].as_str().unwrap())
        .collect();
    assert_eq!(due, ["3-2-1202"]);
    let all = d.json(&["residents", "callbacks"]);
    let first = &all["households"][0];
    assert_eq!(first["callbacks"][1]["form"], "visit");
    assert_eq!(first["callbacks"][1]["words"], "门禁好多了");
    assert!(
        first["called_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-27")
    );
    // The text list: masked phones, called or due.
    let text = d.ok(&["residents", "callbacks"]);
    assert!(!text.contains(PHONE), "{text}");
    assert!(
        text.contains("3-2-1201  王小明  138****8000  called 2026-11-27 (satisfied)"),
        "{text}"
    );
    assert!(text.contains("3-2-1202  李雷  137****8000  due"), "{text}");
    // The history chain holds the callbacks and still verifies; the fields are unchanged.
    let out = d.ok(&["verify"]);
    assert!(
        out.contains("residents directory: 5 changes of 3 households"),
        "{out}"
    );
    let card = d.json(&["residents", "show", "3-2-1201"]);
    assert_eq!(card["history"].as_array().unwrap().len(), 1);
    // A new year: owed again.
    let mut d = d;
    d.set_now("2027-01-02T09:00:00+08:00");
    let list = d.json(&["residents", "callbacks", "--due"]);
    assert_eq!(list["households"].as_array().unwrap().len(), 2);
    assert_eq!(list["year"], 2027);
}

#[test]
fn a_callback_for_no_household_or_with_a_bad_result_is_refused_and_writes_nothing() {
    let d = desk();
    let before = resident_events(&d);
    for (args, field) in [
        (
            vec!["residents", "callback", "9-9-999", "--result", "satisfied"],
            "9-9-999",
        ),
        (
            vec!["residents", "callback", "3-2-1201", "--result", "happy"],
            "satisfaction",
        ),
        (
            vec![
                "residents",
                "callback",
                "3-2-1201",
                "--form",
                "fax",
                "--result",
                "satisfied",
            ],
            "form",
        ),
        (
            vec![
                "residents",
                "callback",
                "3-2-1201",
                "--result",
                "satisfied",
                "--words",
                "a\u{1b}[2J",
            ],
            "words",
        ),
    ] {
        let run = d.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(field), "{args:?}: {}", run.stderr);
        assert_eq!(resident_events(&d), before, "{args:?} wrote");
    }
}

#[test]
fn the_monthly_report_counts_households_called_this_year_of_those_occupied() {
    let d = desk();
    d.ok(&["residents", "callback", "3-2-1202", "--result", "neutral"]);
    let r = d.json(&["report", "monthly"]);
    let y = &r["household_callbacks"];
    assert_eq!(y["year"], 2026);
    assert_eq!(y["called"], 1);
    assert_eq!(y["occupied"], 2);
    assert_eq!(y["rate"], 50.0);
    assert_eq!(y["target"], 100.0);
    let text = d.ok(&["report", "monthly"]);
    assert!(
        text.contains("yearly callbacks      ")
            && text.contains("1 of 2 occupied households called back in 2026"),
        "{text}"
    );
    // Without households in the directory the report says nothing of it.
    let empty = Desk::new(NOW);
    empty.add(&["log", "--summary", "巡查"]);
    let r = empty.json(&["report", "monthly"]);
    assert!(r.get("household_callbacks").is_none(), "{r}");
}

#[test]
fn an_empty_directory_is_not_called_everyone_called_back() {
    let d = Desk::new(NOW);
    d.add(&["log", "--summary", "夜班开始"]);
    let out = d.ok(&["residents", "callbacks", "--due"]);
    assert!(out.contains("(no occupied households)"), "{out}");
    assert!(!out.contains("every occupied household"), "{out}");
    let d = desk();
    for room in ["3-2-1201", "3-2-1202"] {
        d.ok(&["residents", "callback", room, "--result", "satisfied"]);
    }
    let out = d.ok(&["residents", "callbacks", "--due"]);
    assert!(
        out.contains("every occupied household called back"),
        "{out}"
    );
}
