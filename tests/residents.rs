//! The residents directory (业主档案): households as events on their own chain, `residents
//! add|edit|show|list`, the household card (`room`), pinyin initials, and masking of phones
//! and ID numbers for everyone but a writing operator's card.

mod common;

use common::Desk;

const NOW: &str = "2026-11-27T03:00:00+08:00";
const ID: &str = "11010519491231002X";
const PHONE: &str = "13800138000";
const TENANT_PHONE: &str = "01012345678";

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
        "--id-number",
        ID,
        "--family",
        "李红(妻)、王小小（子）",
        "--move-in",
        "2020/5/1",
        "--notes",
        "独居老人, 轮椅",
    ]);
    d.ok(&[
        "residents",
        "edit",
        "3-2-1201",
        "--tenant",
        "赵六",
        "--tenant-phone",
        "010-12345678",
    ]);
    d
}

#[test]
fn a_household_is_added_changed_and_keeps_its_history() {
    let d = desk();
    let card = d.json(&["residents", "show", "3-2-1201"]);
    assert_eq!(card["owner"], "王小明");
    assert_eq!(card["phones"][0], PHONE);
    assert_eq!(card["id_number"], ID);
    assert_eq!(card["move_in"], "2020-05-01");
    assert_eq!(card["tenant"], "赵六");
    assert_eq!(card["occupied"], true);
    // The tenant moves out: gone from the card, kept in the history.
    d.ok(&["residents", "edit", "3-2-1201", "--tenant", ""]);
    let card = d.json(&["residents", "show", "3-2-1201"]);
    assert!(card["tenant"].is_null());
    assert!(card["tenant_phone"].is_null());
    let history = card["history"].as_array().unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[1]["fields"]["tenant"], "赵六");
    assert_eq!(history[2]["fields"]["tenant"], "");
    assert_eq!(history[0]["operator"], "王值班");
    // verify covers the directory and passes on it.
    let out = d.ok(&["verify"]);
    assert!(
        out.contains("residents directory: 3 changes of 1 household,"),
        "{out}"
    );
}

#[test]
fn bad_values_are_refused_naming_the_field_and_nothing_is_written() {
    let d = desk();
    for (args, says) in [
        (vec!["--phone", "12345"], "phone: '12345' is neither"),
        (
            vec!["--id-number", "110105194912310021"],
            "ID number: the check digit is wrong",
        ),
        (
            vec!["--move-in", "someday"],
            "moved in: 'someday' is not a date",
        ),
        (
            vec!["--occupied", "maybe"],
            "occupied: 'maybe' is not yes or no",
        ),
    ] {
        let mut all = vec!["residents", "add", "3-2-1202", "--owner", "张三"];
        all.extend(args);
        let run = d.run(&all);
        assert_eq!(run.code, 2, "{all:?}");
        assert!(run.stderr.contains(says), "{all:?}: {}", run.stderr);
    }
    let run = d.run(&["residents", "add", "3--2", "--owner", "张三"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("room: '3--2' is not a room"),
        "{}",
        run.stderr
    );
    let run = d.run(&["residents", "add", "3-2-1201", "--owner", "张三"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("in the directory already"),
        "{}",
        run.stderr
    );
    let run = d.run(&["residents", "edit", "9-9-999", "--owner", "张三"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not in the directory"),
        "{}",
        run.stderr
    );
    let run = d.run(&[
        "--lang",
        "zh",
        "residents",
        "add",
        "3-2-1202",
        "--phone",
        "12345",
    ]);
    assert!(
        run.stderr.contains("电话: '12345' 既不是手机号"),
        "{}",
        run.stderr
    );
    assert_eq!(d.json(&["residents", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn pinyin_initials_phones_and_last_four_find_the_household() {
    let d = desk();
    d.ok(&[
        "residents",
        "add",
        "5-1-301",
        "--owner",
        "王晓梅",
        "--phone",
        "13912345678",
    ]);
    d.ok(&[
        "residents",
        "add",
        "5-1-302",
        "--owner",
        "李雷",
        "--phone",
        "13700008000",
    ]);
    let rooms = |find: &str| -> Vec<String> {
        d.json(&["residents", "list", "--find", find])
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["room"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rooms("wxm"), vec!["3-2-1201", "5-1-301"]);
    assert_eq!(rooms("WXM"), vec!["3-2-1201", "5-1-301"]);
    assert_eq!(rooms("ll"), vec!["5-1-302"]);
    // A family member's initials and name find the household too.
    assert_eq!(rooms("lh"), vec!["3-2-1201"]);
    assert_eq!(rooms("小小"), vec!["3-2-1201"]);
    assert_eq!(rooms(PHONE), vec!["3-2-1201"]);
    assert_eq!(rooms("8000"), vec!["3-2-1201", "5-1-302"]);
    assert_eq!(rooms("5678"), vec!["3-2-1201", "5-1-301"]);
    assert_eq!(rooms("5-1"), vec!["5-1-301", "5-1-302"]);
    assert!(rooms("zzz").is_empty());
    // The card by a phone with one match, several matches listed, no match said so.
    let card = d.json(&["room", "5-1-301"]);
    assert_eq!(card["household"]["owner"], "王晓梅");
    let by_phone = d.json(&["room", "13912345678"]);
    assert_eq!(by_phone["household"]["room"], "5-1-301");
    assert_eq!(
        d.json(&["room", "wxm"])["matches"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(d.json(&["room", "ll"])["household"]["room"], "5-1-302");
    assert_eq!(d.json(&["room", "王晓梅"])["household"]["room"], "5-1-301");
    let landline = d.json(&["room", "010-12345678"]);
    assert_eq!(landline["household"]["room"], "3-2-1201");
    let several = d.json(&["room", "8000"]);
    assert_eq!(several["matches"].as_array().unwrap().len(), 2);
    let out = d.ok(&["room", "13600000000"]);
    assert_eq!(out.trim(), "13600000000: not in the directory");
    let out = d.ok(&["--lang", "zh", "room", "13600000000"]);
    assert_eq!(out.trim(), "13600000000: 不在业主档案中");
}

#[test]
fn the_card_shows_open_matters_and_the_last_ninety_days_with_repeats() {
    let d = desk();
    let old = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--summary",
        "楼上漏水",
        "--room",
        "3-2-1201",
        "--at",
        "2026-11-20 10:00",
    ]);
    d.ok(&["act", &old, "resolve", "--at", "2026-11-20 12:00"]);
    let again = d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--summary",
        "楼上又漏水",
        "--room",
        "3-2-1201",
    ]);
    // Closed and older than 90 days: on neither list.
    let june = d.add(&[
        "call",
        "--kind",
        "consultation",
        "--channel",
        "phone",
        "--summary",
        "去年的事",
        "--room",
        "3-2-1201",
        "--at",
        "2026-06-01 10:00",
    ]);
    d.ok(&["act", &june, "resolve", "--at", "2026-06-01 11:00"]);
    let card = d.json(&["room", "3-2-1201"]);
    assert_eq!(card["in_directory"], true);
    let open: Vec<&str> = card["open"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(open, vec![again.as_str()]);
    assert_eq!(card["open"][0]["repeat"], true);
    let recent: Vec<&str> = card["last_90_days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(recent, vec![old.as_str()]);
    let text = d.ok(&["room", "3-2-1201"]);
    assert!(text.contains("[repeat]"), "{text}");
    assert!(
        text.contains("Open matters:") && text.contains("Last 90 days:"),
        "{text}"
    );
    // A room with records but no household.
    d.add(&[
        "call",
        "--kind",
        "help",
        "--channel",
        "visit",
        "--summary",
        "借梯子",
        "--room",
        "7-1-101",
    ]);
    let text = d.ok(&["room", "7-1-101"]);
    assert!(text.starts_with("7-1-101: not in the directory"), "{text}");
}

/// Every output a read-only user or a list can produce, searched for the full numbers.
#[test]
fn phones_and_id_numbers_are_masked_except_in_a_writing_operators_card() {
    let d = desk();
    let full = [ID, PHONE, TENANT_PHONE];
    let has_full = |out: &str| full.iter().any(|n| out.contains(n));
    // A writing operator's card has them.
    assert!(has_full(&d.ok(&["residents", "show", "3-2-1201"])));
    assert!(has_full(&d.ok(&["room", "3-2-1201"])));
    // Lists and search results never.
    for args in [
        vec!["residents", "list"],
        vec!["residents", "list", "--json"],
        vec!["residents", "list", "--find", "wxm"],
        vec!["residents", "list", "--find", "8000", "--json"],
        vec!["residents", "list", "--find", PHONE],
        vec!["residents", "export", "--format", "csv"],
    ] {
        let out = d.ok(&args);
        assert!(!has_full(&out), "{args:?}: {out}");
        assert!(out.contains("138****8000"), "{args:?}: {out}");
    }
    let csv = d.ok(&["residents", "export", "--format", "csv"]);
    assert!(csv.contains("1101**********002X"), "{csv}");
    // A read-only user: masked everywhere, the card too; --unmasked refused with exit 3.
    let read_only = |args: &[&str]| {
        let mut cmd = d.command();
        cmd.env("DUTYDESK_READONLY", "1").args(args);
        common::Run::from_output(cmd.output().unwrap())
    };
    for args in [
        vec!["residents", "show", "3-2-1201"],
        vec!["residents", "show", "3-2-1201", "--json"],
        vec!["room", "3-2-1201"],
        vec!["room", "3-2-1201", "--json"],
        vec!["room", PHONE, "--json"],
        vec!["residents", "list", "--find", "wxm"],
        vec!["residents", "export", "--format", "csv"],
    ] {
        let run = read_only(&args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            !has_full(&run.stdout) && !has_full(&run.stderr),
            "{args:?}: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains("138****8000"),
            "{args:?}: {}",
            run.stdout
        );
    }
    let run = read_only(&["residents", "export", "--format", "csv", "--unmasked"]);
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("--unmasked"), "{}", run.stderr);
    assert!(!has_full(&run.stdout));
    // A writing operator's --unmasked export has them.
    assert!(has_full(&d.ok(&[
        "residents",
        "export",
        "--format",
        "csv",
        "--unmasked"
    ])));
    // A read-only user cannot change the directory (exit 3).
    assert_eq!(
        read_only(&["residents", "edit", "3-2-1201", "--notes", "x"]).code,
        3
    );
}

#[test]
fn verify_names_a_changed_directory_without_showing_its_numbers() {
    let d = desk();
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute(
        "UPDATE resident_events SET payload = replace(payload, '王小明', '王大明') WHERE seq = 1",
        [],
    )
    .unwrap();
    drop(conn);
    let run = d.run(&["verify"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("change #1 (3-2-1201) is not as written"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(ID) && !run.stderr.contains(PHONE),
        "{}",
        run.stderr
    );
    let d = desk();
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute("DELETE FROM household_phones WHERE last4 = '8000'", [])
        .unwrap();
    drop(conn);
    let run = d.run(&["verify", "--json"]);
    assert_eq!(run.code, 1);
    let v = run.json();
    assert_eq!(v["ok"], false);
    assert_eq!(v["residents"]["mismatch"]["detail"], "household_phones");
}
