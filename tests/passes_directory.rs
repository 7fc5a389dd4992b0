//! Release passes checked against the residents directory (DOMAIN.md §6, issue 15 §5): the
//! owner named must be the owner on file, and by phone the ID number the caller states
//! (`--caller-id`, whole or its last 4 to 6 characters) the one on file — compared, never
//! shown. A mismatch names its field (exit 2, nothing written); a room not in the directory is
//! issued as before, with a note that it was not checked.

mod common;

use common::*;

const NOW: &str = "2026-11-25T03:00:00+08:00";
/// Made for the tests (valid by their check digit), not real people's.
const OWNER_ID: &str = "11010519491231002X";
const OTHER_ID: &str = "11010519850612123X";
const MOVER_ID: &str = "44030419900307123X";

fn desk() -> Desk {
    let d = Desk::new(NOW);
    d.ok(&[
        "residents",
        "add",
        "3-2-1201",
        "--owner",
        "王建国",
        "--phone",
        "13800138000",
        "--id-number",
        OWNER_ID,
        "--family",
        "李红(妻)",
        "--employer",
        "市第一医院",
        "--tenant",
        "赵六",
    ]);
    d
}

/// `add pass` by phone for 3-2-1201, with `extra` flags (a later flag wins for clap's last
/// value: the overrides go in place).
fn pass(d: &Desk, over: &[(&str, &str)]) -> Run {
    let mut flags: Vec<(&str, &str)> = vec![
        ("--room", "3-2-1201"),
        ("--owner", "王建国"),
        ("--verified-by", "phone"),
        ("--checked", "id_number,family,employer"),
        ("--mover", "李师傅"),
        ("--mover-id", MOVER_ID),
        ("--items", "冰箱1台"),
        ("--moving-at", "2026-11-25 10:00"),
        ("--fees-settled-by", "财务刘"),
    ];
    for (flag, value) in over {
        match flags.iter_mut().find(|(f, _)| f == flag) {
            Some(slot) => slot.1 = value,
            None => flags.push((flag, value)),
        }
    }
    let mut args = vec!["add", "pass"];
    for (f, v) in &flags {
        if !v.is_empty() {
            args.push(f);
            args.push(v);
        }
    }
    d.run(&args)
}

/// Refused, naming `field`, and nothing written.
fn refused(d: &Desk, over: &[(&str, &str)], field: &str) -> Run {
    let before = d.events();
    let run = pass(d, over);
    assert_eq!(run.code, 2, "{over:?}: {}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.starts_with(&format!("dutydesk: {field}:"))
            || run.stderr.starts_with(&format!("{field}:")),
        "{over:?} should name {field}: {}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(d.events(), before, "{over:?}: something was written");
    run
}

#[test]
fn a_pass_whose_owner_and_caller_id_match_the_directory_is_issued_and_says_so() {
    let d = desk();
    for stated in ["002X", "31002x", OWNER_ID] {
        let run = pass(&d, &[("--caller-id", stated)]);
        assert_eq!(run.code, 0, "{stated}: {}", run.stderr);
        assert!(run.stdout.starts_with("P-2026-"), "{}", run.stdout);
        assert!(
            run.stderr
                .contains("checked against the directory for 3-2-1201: owner, ID number match"),
            "{}",
            run.stderr
        );
    }
    // Spaces in the name do not matter; in person the ID card is seen, no number asked.
    let run = pass(
        &d,
        &[
            ("--owner", "王 建国"),
            ("--verified-by", "id_card"),
            ("--checked", ""),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(": owner match"), "{}", run.stderr);
}

#[test]
fn each_mismatch_is_refused_naming_its_field_and_writes_nothing() {
    let d = desk();
    // The tenant is not the owner.
    let run = refused(&d, &[("--owner", "赵六"), ("--caller-id", "002X")], "owner");
    assert!(run.stderr.contains("3-2-1201"), "{}", run.stderr);
    // A wrong number, whole or its end.
    refused(&d, &[("--caller-id", "1234")], "caller_id");
    refused(&d, &[("--caller-id", OTHER_ID)], "caller_id");
    // By phone, a number on file must be stated.
    refused(&d, &[], "caller_id");
    // Not a number nor its end.
    refused(&d, &[("--caller-id", "12")], "caller_id");
    refused(&d, &[("--caller-id", "abcd")], "caller_id");
    // In person the card is seen: a stated number is refused as a phone check.
    refused(
        &d,
        &[
            ("--verified-by", "id_card"),
            ("--checked", ""),
            ("--caller-id", "9999"),
        ],
        "caller_id",
    );
    // In Chinese the field is named in Chinese, the number still not shown.
    let mut cmd = d.command();
    cmd.env("DUTYDESK_LANG", "zh");
    let out = Run::from_output(
        cmd.args([
            "add",
            "pass",
            "--room",
            "3-2-1201",
            "--owner",
            "王建国",
            "--verified-by",
            "phone",
            "--checked",
            "id_number,family,employer",
            "--caller-id",
            OTHER_ID,
            "--mover",
            "李师傅",
            "--mover-id",
            MOVER_ID,
            "--items",
            "冰箱1台",
            "--moving-at",
            "2026-11-25 10:00",
            "--fees-settled-by",
            "财务刘",
        ])
        .output()
        .unwrap(),
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("身份证号不符"), "{}", out.stderr);
}

#[test]
fn a_room_not_in_the_directory_is_issued_as_before_with_a_note() {
    let d = desk();
    let run = pass(&d, &[("--room", "5-1-101"), ("--owner", "孙七")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("5-1-101 is not in the residents directory: not checked against it"),
        "{}",
        run.stderr
    );
    // A stated number is still read, though nothing is compared.
    let run = pass(
        &d,
        &[
            ("--room", "5-1-101"),
            ("--owner", "孙七"),
            ("--caller-id", "x"),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    // A household without an ID number on file: the owner is compared, the number noted.
    d.ok(&["residents", "add", "6-1-601", "--owner", "周八"]);
    let run = pass(&d, &[("--room", "6-1-601"), ("--owner", "周八")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("owner match; not on file: ID number"),
        "{}",
        run.stderr
    );
}

/// (The household card, `room`, shows it whole to an operator who can write: issue 15 §6.)
#[test]
fn the_id_number_on_file_never_appears_whole_in_any_output() {
    let d = desk();
    let mut outputs = Vec::new();
    for over in [
        vec![("--caller-id", "002X")],
        vec![("--caller-id", "1234")],
        vec![("--caller-id", OTHER_ID)],
        vec![],
        vec![("--owner", "赵六")],
    ] {
        let run = pass(&d, &over);
        outputs.push(run.stdout + &run.stderr);
    }
    for args in [
        vec!["show", "P-2026-00001"],
        vec!["show", "P-2026-00001", "--json"],
        vec!["list", "--json"],
        vec!["search", "王建国"],
    ] {
        let run = d.run(&args);
        outputs.push(run.stdout + &run.stderr);
    }
    for out in &outputs {
        assert!(!out.contains(OWNER_ID), "the whole ID number shown: {out}");
        assert!(
            !out.contains(&OWNER_ID[..14]),
            "most of the ID number shown: {out}"
        );
    }
}
