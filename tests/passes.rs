//! Item release passes (物品放行条, DOMAIN.md §6, issue 14) through the binary: issued only to
//! a verified owner with the fees settled (every missing item named, exit 2, nothing
//! written), the mover's ID number checked, used and voided passes no longer valid.

mod common;

use common::*;

const NOW: &str = "2026-11-25T03:00:00+08:00";
/// Made for the tests (valid by its check digit), not a real person's.
pub const MOVER_ID: &str = "11010519850612123X";

/// `add pass` with every item, the overrides replacing (or, with None, leaving out) a flag.
fn pass_args(over: &[(&str, Option<&str>)]) -> Vec<String> {
    let mut flags: Vec<(&str, Option<&str>)> = vec![
        ("--room", Some("3-2-1201")),
        ("--owner", Some("王建国")),
        ("--verified-by", Some("phone")),
        ("--checked", Some("id_number,family,employer")),
        ("--mover", Some("李师傅")),
        ("--mover-id", Some(MOVER_ID)),
        ("--items", Some("冰箱1台, 纸箱5个")),
        ("--moving-at", Some("2026-11-25 10:00")),
        ("--fees-settled-by", Some("财务刘")),
    ];
    for (flag, value) in over {
        match flags.iter_mut().find(|(f, _)| f == flag) {
            Some(slot) => slot.1 = *value,
            None => flags.push((flag, *value)),
        }
    }
    let mut args = vec!["add".to_string(), "pass".to_string()];
    for (flag, value) in flags {
        if let Some(v) = value {
            args.push(flag.to_string());
            args.push(v.to_string());
        }
    }
    args
}

fn run_pass(d: &Desk, over: &[(&str, Option<&str>)]) -> Run {
    let args = pass_args(over);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    d.run(&refs)
}

fn add_pass(d: &Desk, over: &[(&str, Option<&str>)]) -> String {
    let run = run_pass(d, over);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.trim().to_string()
}

/// The fields the refusal names, one line each (`field: why`).
fn named(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .map(|l| l.trim_start_matches("dutydesk: "))
        .map(|l| l.split(':').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_verified_pass_with_fees_settled_is_issued_and_shows_its_facts() {
    let d = Desk::new(NOW);
    let id = add_pass(&d, &[]);
    assert_eq!(id, "P-2026-00001");
    let r = d.show(&id);
    assert_eq!(r["kind"], "pass");
    assert_eq!(r["status"], "issued");
    assert_eq!(r["room"], "3-2-1201");
    assert_eq!(r["name"], "王建国");
    assert_eq!(r["summary"], "冰箱1台, 纸箱5个");
    assert_eq!(r["owner_verified_by"], "phone");
    assert_eq!(
        r["checked"],
        serde_json::json!(["id_number", "family", "employer"])
    );
    assert_eq!(r["mover"], "李师傅");
    assert_eq!(r["mover_id"], "1101**********123X");
    assert_eq!(r["moving_at"], "2026-11-25T10:00:00+08:00");
    assert_eq!(r["fees_settled_by"], "财务刘");
    assert_eq!(r["deadlines"], serde_json::json!([]));
    // In person with the ID card: no phone checks.
    let id = add_pass(
        &d,
        &[("--verified-by", Some("id_card")), ("--checked", None)],
    );
    assert_eq!(id, "P-2026-00002");
    assert_eq!(d.show(&id)["checked"], serde_json::json!([]));
}

#[test]
fn every_missing_verification_item_is_named_and_nothing_is_written() {
    let d = Desk::with_empty_database(NOW);
    let before = d.state();
    let all = ["id_number", "family", "employer"];
    // By phone: every subset of the checks but the whole set, with and without the fees.
    for mask in 0..8u8 {
        let ticked: Vec<&str> = (0..3)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| all[i])
            .collect();
        let joined = ticked.join(",");
        for fees in [true, false] {
            let mut over = vec![(
                "--checked",
                if ticked.is_empty() {
                    None
                } else {
                    Some(joined.as_str())
                },
            )];
            if !fees {
                over.push(("--fees-settled-by", None));
            }
            let run = run_pass(&d, &over);
            let mut want = Vec::new();
            if mask != 7 {
                want.push("checked".to_string());
            }
            if !fees {
                want.push("fees_settled_by".to_string());
            }
            if want.is_empty() {
                assert_eq!(run.code, 0, "{}", run.stderr);
                continue;
            }
            assert_eq!(run.code, 2, "{ticked:?} fees {fees}: {}", run.stderr);
            assert_eq!(named(&run.stderr), want, "{ticked:?} fees {fees}");
            if mask != 7 {
                let missing: Vec<&str> = (0..3)
                    .filter(|i| mask & (1 << i) == 0)
                    .map(|i| ["ID number", "family members", "employer"][i])
                    .collect();
                assert!(
                    run.stderr
                        .contains(&format!("not ticked: {}", missing.join(", "))),
                    "{}",
                    run.stderr
                );
            }
        }
    }
    // One pass was issued (every check and the fees); nothing else was written.
    let list = d.json(&["list", "pass"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(d.events().len(), before.2.len() + 1);
    let d = Desk::with_empty_database(NOW);
    let before_empty = d.state();
    // Not verified at all, nor the fees: both named, with every other missing item.
    let run = run_pass(
        &d,
        &[
            ("--verified-by", None),
            ("--checked", None),
            ("--fees-settled-by", None),
            ("--owner", None),
            ("--mover-id", None),
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        named(&run.stderr),
        ["owner", "verified_by", "mover_id", "fees_settled_by"]
    );
    // In person the checks are not asked; giving them is refused.
    let run = run_pass(&d, &[("--verified-by", Some("id_card"))]);
    assert_eq!(run.code, 2);
    assert_eq!(named(&run.stderr), ["checked"]);
    let run = run_pass(
        &d,
        &[
            ("--verified-by", Some("id_card")),
            ("--checked", None),
            ("--fees-settled-by", Some(" ")),
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(named(&run.stderr), ["fees_settled_by"]);
    // In Chinese, one line per missing item, each naming its field.
    let mut cmd = d.command();
    let args = pass_args(&[("--checked", Some("family")), ("--fees-settled-by", None)]);
    let out = cmd.env("DUTYDESK_LANG", "zh").args(&args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "dutydesk: 电话核实项: 电话核实须逐项核对并勾选; 未勾选: 身份证号、工作单位",
            "费用结清: 不能为空"
        ]
    );
    assert_eq!(d.state(), before_empty);
}

#[test]
fn the_movers_id_number_is_checked_and_named_as_mover_id() {
    let d = Desk::with_empty_database(NOW);
    let before = d.state();
    for (id, why) in [
        ("11010519850612123", "18 characters; 17 were given"),
        ("11010519850612123X1", "18 characters; 19 were given"),
        ("110105198506121231", "check digit"),
        ("11010519850230123X", "birth date 19850230"),
        ("11010520270101123X", "birth date"),
        ("1101051985061212AX", "17 digits"),
        ("00010519850612123X", "region"),
    ] {
        let run = run_pass(&d, &[("--mover-id", Some(id))]);
        assert_eq!(run.code, 2, "{id}");
        assert!(
            run.stderr.starts_with("dutydesk: mover_id: ") && run.stderr.contains(why),
            "{id}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains(id),
            "the number is never echoed: {}",
            run.stderr
        );
    }
    assert_eq!(d.state(), before);
    // A lower-case x is the same number.
    let id = add_pass(&d, &[("--mover-id", Some("11010519850612123x"))]);
    assert_eq!(d.show(&id)["mover_id"], "1101**********123X");
}

#[test]
fn a_moving_time_before_the_pass_is_refused() {
    let d = Desk::new(NOW);
    let run = run_pass(&d, &[("--moving-at", Some("2026-11-24 10:00"))]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("dutydesk: moving_at: "),
        "{}",
        run.stderr
    );
}

#[test]
fn a_pass_is_used_once_and_a_voided_or_used_pass_is_no_longer_valid() {
    let mut d = Desk::new(NOW);
    let a = add_pass(&d, &[]);
    let b = add_pass(&d, &[]);
    d.set_now("2026-11-25T10:05:00+08:00");
    d.ok(&["act", &a, "used", "--guard", "老赵"]);
    let r = d.show(&a);
    assert_eq!(r["status"], "used");
    assert_eq!(r["used_at"], "2026-11-25T10:05:00+08:00");
    assert_eq!(r["guard"], "老赵");
    // Used once; a used pass is not voided afterwards.
    for args in [vec!["used"], vec!["void", "--reason", "写错"]] {
        let mut all = vec!["act", a.as_str()];
        all.extend(args);
        let run = d.run(&all);
        assert_eq!(run.code, 2, "{all:?}");
        assert!(run.stderr.contains("is used"), "{}", run.stderr);
    }
    // Voided with a reason, it stays (作废) and the goods do not leave on it.
    d.ok(&["act", &b, "void", "--reason", "房号写错"]);
    let run = d.run(&["act", &b, "used"]);
    assert_eq!(run.code, 2);
    let r = d.show(&b);
    assert_eq!(r["status"], "voided");
    assert_eq!(r["void"]["reason"], "房号写错");
    // Serial numbers are never reused: the next pass takes the next one.
    assert_eq!(
        add_pass(&d, &[("--moving-at", Some("2026-11-25 18:00"))]),
        "P-2026-00003"
    );
    let zh = d
        .command()
        .env("DUTYDESK_LANG", "zh")
        .args(["show", &b])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&zh.stdout).contains("作废"));
}

/// Every output a lookup gives of the desk's passes: lists, search, show (JSON and as another
/// reader sees it), exports, the handover, snapshots of every tab.
fn every_output(d: &Desk, ids: &[&str]) -> Vec<(String, String)> {
    let mut runs: Vec<Vec<String>> = vec![
        vec!["list".into()],
        vec!["list".into(), "pass".into(), "--json".into()],
        vec!["list".into(), "--json".into(), "--limit".into(), "0".into()],
        vec!["search".into(), "123X".into()],
        vec!["search".into(), "123x".into(), "--json".into()],
        vec!["search".into(), "李师傅".into(), "--json".into()],
        vec!["export".into(), "--format".into(), "csv".into()],
        vec!["export".into(), "--format".into(), "json".into()],
        vec![
            "export".into(),
            "pass".into(),
            "--format".into(),
            "json".into(),
        ],
        vec!["handover".into(), "show".into()],
        vec!["handover".into(), "show".into(), "--json".into()],
        vec!["report".into(), "daily".into(), "--json".into()],
        vec!["room".into(), "3-2-1201".into(), "--json".into()],
        vec!["room".into(), "3-2-1201".into()],
    ];
    for id in ids {
        runs.push(vec!["show".into(), id.to_string(), "--json".into()]);
        runs.push(vec!["--read-only".into(), "show".into(), id.to_string()]);
        runs.push(vec![
            "show".into(),
            id.to_string(),
            "--print".into(),
            "--read-only".into(),
        ]);
    }
    for tab in ["log", "calls", "repairs", "handover", "passes"] {
        for size in ["80x24", "120x36", "200x50"] {
            runs.push(vec![
                "snapshot".into(),
                "--tab".into(),
                tab.into(),
                "--size".into(),
                size.into(),
            ]);
        }
    }
    runs.into_iter()
        .map(|args| {
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = d.run(&refs);
            (args.join(" "), format!("{}{}", run.stdout, run.stderr))
        })
        .collect()
}

#[test]
fn the_id_number_is_masked_in_every_output_and_found_by_its_last_four() {
    let mut d = Desk::new(NOW);
    let a = add_pass(&d, &[]);
    let b = add_pass(
        &d,
        &[
            ("--tenant", Some("租户小周")),
            ("--moving-at", Some("2026-11-25 07:00")),
        ],
    );
    d.ok(&["act", &b, "note", "搬家公司已到"]);
    d.set_now("2026-11-25T07:30:00+08:00");
    d.ok(&["act", &b, "used", "--guard", "老赵"]);
    let outputs = every_output(&d, &[&a, &b]);
    let lower = MOVER_ID.to_ascii_lowercase();
    for (args, out) in &outputs {
        assert!(
            !out.contains(MOVER_ID) && !out.contains(&lower) && !out.contains(&MOVER_ID[..17]),
            "dutydesk {args} shows the whole ID number:\n{out}"
        );
    }
    // The masked form is what they show.
    let show = &outputs
        .iter()
        .find(|(a, _)| a.starts_with("show P-2026-00001 --json"))
        .unwrap()
        .1;
    assert!(show.contains("1101**********123X"), "{show}");
    // Found by its last four, in either case, and by the mover's name.
    for text in ["123X", "123x"] {
        let found = d.json(&["search", text]);
        assert_eq!(ids(&found), [b.clone(), a.clone()], "{text}");
    }
    // Shown whole only in show to an operator who can write (its own detail), not in its JSON.
    assert!(d.ok(&["show", &a]).contains(MOVER_ID));
    assert!(!d.ok(&["show", &a, "--json"]).contains(MOVER_ID));
    // The search index holds only the masked number: no token of the whole one, nor its
    // middle digits.
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    for token in ["\"11010519850612123x\"", "\"110105\"*", "\"19850612\"*"] {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM search WHERE search MATCH ?1",
                [format!("body : {token}")],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0, "{token}");
    }
    assert_eq!(ids(&d.json(&["search", MOVER_ID])), Vec::<String>::new());
}

#[test]
fn passes_due_to_move_in_the_next_shift_are_on_the_handover() {
    let d = Desk::new(NOW);
    // The night shift ends at 08:00; the day shift after it at 20:00.
    let soon = add_pass(&d, &[("--moving-at", Some("2026-11-25 10:00"))]);
    let later = add_pass(&d, &[("--moving-at", Some("2026-11-26 10:00"))]);
    let voided = add_pass(&d, &[("--moving-at", Some("2026-11-25 09:00"))]);
    d.ok(&["act", &voided, "void", "--reason", "写错"]);
    let h = d.json(&["handover", "show"]);
    assert_eq!(h["passes"], serde_json::json!([soon]), "{h}");
    let text = d.ok(&["handover", "show"]);
    assert!(
        text.contains("Passes: goods leaving before the next shift ends (1)"),
        "{text}"
    );
    assert!(!text.contains(&later));
}

/// The printed pass: both parts, the serial number on each, the blanks, at most 80 columns.
#[test]
fn the_printed_pass_has_a_stub_and_a_notice_within_80_columns() {
    use unicode_width::UnicodeWidthStr;
    let mut d = Desk::new(NOW);
    let a = add_pass(&d, &[("--tenant", Some("租户小周"))]);
    let b = add_pass(
        &d,
        &[("--verified-by", Some("id_card")), ("--checked", None)],
    );
    d.ok(&["act", &b, "void", "--reason", "业主改期, 重开"]);
    for (lang, id) in [("zh", &a), ("en", &a), ("en", &b)] {
        let out = d
            .command()
            .env("DUTYDESK_LANG", lang)
            .args(["show", id, "--print"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        for line in text.lines() {
            assert!(line.width() <= 80, "{} columns: {line}", line.width());
        }
        assert_eq!(text.matches(id.as_str()).count(), 2, "{text}");
        insta::assert_snapshot!(format!("print_{lang}_{id}"), text);
    }
    d.set_now("2026-11-25T10:10:00+08:00");
    d.ok(&["act", &a, "used", "--guard", "老赵"]);
    let used = d.ok(&["show", &a, "--print"]);
    assert!(used.contains("*** USED"), "{used}");
    // Only a pass has a printed form.
    let log = d.add(&["log", "--summary", "巡查正常"]);
    let run = d.run(&["show", &log, "--print"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--print: only a repair (R-…), a complaint (C-…) or an item release pass"),
        "{}",
        run.stderr
    );
}

/// The passes tab as `snapshot --tab passes` draws it, 80×24 in Chinese and 120×36 in
/// English: moving times first, the ID number masked in the detail.
#[test]
fn the_passes_tab() {
    let mut d = Desk::new(NOW);
    add_pass(&d, &[("--tenant", Some("周小姐"))]);
    let b = add_pass(
        &d,
        &[
            ("--verified-by", Some("id_card")),
            ("--checked", None),
            ("--moving-at", Some("2026-11-25 07:30")),
        ],
    );
    d.set_now("2026-11-25T07:40:00+08:00");
    d.ok(&["act", &b, "used", "--guard", "老赵"]);
    for (lang, size) in [("zh", "80x24"), ("en", "120x36")] {
        let out = d
            .command()
            .env("DUTYDESK_LANG", lang)
            .args(["snapshot", "--tab", "passes", "--size", size])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let screen = String::from_utf8(out.stdout).unwrap();
        assert!(!screen.contains(MOVER_ID), "{screen}");
        insta::assert_snapshot!(format!("tab_passes_{lang}_{size}"), screen);
    }
}
