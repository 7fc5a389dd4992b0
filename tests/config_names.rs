//! Every name and text the config gives is checked when the config is read: a control
//! character (ESC, BEL, a line break), a bidi control (U+202E) or a name empty or only spaces
//! is exit 2 naming the file, the line and the key, and nothing is written — such a name used
//! to be made safe on the screen only, and reached the robots' groups and the company's
//! server as written. A Chinese name is fine.

mod common;

use common::*;
use std::os::unix::fs::PermissionsExt;

const NOW: &str = "2026-11-25T10:00:00+08:00";

/// A name as the TOML file spells it (escapes in a basic string) and what the message says
/// of it.
struct Bad {
    toml: &'static str,
    /// The key's text in the message for a key that is the name itself (`notify.mobiles.…`).
    shown: &'static str,
    says: (&'static str, &'static str),
}

const ESC: Bad = Bad {
    toml: "阳光\\u001b[31m花园",
    shown: "阳光␛[31m花园",
    says: (
        "the control character U+001B (ESC)",
        "控制字符 U+001B (ESC)",
    ),
};
const BIDI: Bad = Bad {
    toml: "\\u202e园花光阳",
    shown: "\u{fffd}园花光阳",
    says: ("the bidi control U+202E (RLO)", "双向控制字符 U+202E (RLO)"),
};
const EMPTY: Bad = Bad {
    toml: "  ",
    shown: "  ",
    says: ("must not be empty", "不能为空"),
};

/// One name of the config: its key as the message names it (`{}`: the name itself), the
/// file with `{}` where the name goes, the line of the key, a fine name.
struct Case {
    key: &'static str,
    file: &'static str,
    line: usize,
    fine: &'static str,
}

const CASES: &[Case] = &[
    Case {
        key: "estate",
        file: "bell = true\nestate = \"{}\"\n",
        line: 2,
        fine: "阳光花园物业服务中心",
    },
    Case {
        key: "shifts[1].name",
        file: "[[shifts]]\nname = \"白班\"\nstart = \"08:00\"\n\
               [[shifts]]\nname = \"{}\"\nstart = \"20:00\"\n",
        line: 5,
        fine: "夜班",
    },
    Case {
        key: "calendar.holidays[0].name",
        file: "[calendar]\nholidays = [{ date = \"2027-01-04\", name = \"{}\" }]\n",
        line: 2,
        fine: "元旦",
    },
    Case {
        key: "calendar.workdays[0].name",
        file: "[calendar]\n\nworkdays = [\n  { date = \"2027-02-07\", name = \"{}\" },\n]\n",
        line: 4,
        fine: "春节调休",
    },
    Case {
        key: "inspection.areas[0].name",
        file: "[[inspection.areas]]\nslug = \"power_room\"\nname = \"{}\"\nitems = [\"meters\"]\n",
        line: 3,
        fine: "配电房",
    },
    Case {
        key: "inspection.areas[0].items[1].name",
        file: "[[inspection.areas]]\nslug = \"power_room\"\nname = \"配电房\"\nitems = [\n  \"door_locked\",\n  { key = \"meters\", name = \"{}\" },\n]\n",
        line: 6,
        fine: "电表读数",
    },
    Case {
        key: "notify.mobiles.{}",
        file: "[notify.mobiles]\n\"李师傅\" = \"13800138001\"\n\"{}\" = \"13800138000\"\n",
        line: 3,
        fine: "王师傅",
    },
    Case {
        key: "company.estate",
        file: "[company]\nurl = \"postgresql://dutydesk_push@localhost/company\"\nestate = \"{}\"\n",
        line: 3,
        fine: "阳光花园",
    },
    // A channel's name is also its slug on the command line (`notify test NAME`): letters,
    // digits and `_`, so the fine one is not Chinese.
    Case {
        key: "notify.channels[0].name",
        file: "[[notify.channels]]\nname = \"{}\"\nkind = \"webhook\"\nurl = \"https://robot.example/send?key=s3cret\"\n",
        line: 2,
        fine: "engineering",
    },
];

/// The desk's config file holding `text`, private (a file naming robots must be).
fn config(d: &Desk, text: &str) -> std::path::PathBuf {
    let path = d.path("config.toml");
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

/// `add log` under the config `text`: refused in both languages, exit 2, naming the file,
/// the line and the key, and what is wrong; nothing written (not even the database).
fn refused(text: &str, key: &str, line: usize, says: (&str, &str)) {
    let d = Desk::new(NOW);
    let path = config(&d, text);
    let file = path.display().to_string();
    for (lang, place, said) in [
        (
            "en",
            format!("config file {file}, line {line}: {key}: "),
            says.0,
        ),
        (
            "zh",
            format!("配置文件 {file} 第 {line} 行: {key}: "),
            says.1,
        ),
    ] {
        let run = d
            .with()
            .its_config()
            .lang(lang)
            .run(&["add", "log", "--summary", "巡查"]);
        assert_eq!(run.code, 2, "{text}\n{}", run.stderr);
        assert!(
            run.stderr.contains(&place),
            "{text}\nwant {place}\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(said),
            "{text}\nwant {said}\n{}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(!run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{202e}'));
    }
    assert!(!d.db.exists(), "{text}: a database was written");
}

#[test]
fn each_name_with_a_control_character_a_bidi_control_or_nothing_is_refused() {
    for case in CASES {
        for bad in [&ESC, &BIDI, &EMPTY] {
            let text = case.file.replace("{}", bad.toml);
            let key = case.key.replace("{}", bad.shown);
            refused(&text, &key, case.line, bad.says);
        }
    }
}

#[test]
fn each_fine_name_is_taken_and_shown() {
    for case in CASES {
        let d = Desk::new(NOW);
        config(&d, &case.file.replace("{}", case.fine));
        d.with()
            .its_config()
            .ok(&["add", "log", "--summary", "巡查"]);
        let shown = d.with().its_config().lang("zh").ok(&["config"]);
        assert!(shown.contains(case.fine), "{}\n{shown}", case.key);
    }
}

/// BEL, a line break, a line separator, DEL and a C1 control are refused too.
#[test]
fn other_control_characters_and_line_breaks_are_refused() {
    for (toml, says) in [
        ("a\\u0007b", "the control character U+0007 (BEL)"),
        ("a\\nb", "a line break U+000A (LF)"),
        ("a\\rb", "a line break U+000D (CR)"),
        ("a\\tb", "the control character U+0009 (TAB)"),
        ("a\\u2028b", "a line break U+2028"),
        ("a\\u007fb", "the control character U+007F (DEL)"),
        ("a\\u009bb", "the control character U+009B"),
        ("a\\u2066b", "the bidi control U+2066"),
    ] {
        refused(&format!("estate = \"{toml}\"\n"), "estate", 1, (says, "U+"));
    }
    // A multi-line string is a line break too.
    refused(
        "\n\n[[shifts]]\nname = \"\"\"白\n班\"\"\"\nstart = \"08:00\"\n",
        "shifts[0].name",
        4,
        ("a line break U+000A (LF)", "换行符 U+000A (LF)"),
    );
}

/// The config's other texts (the zone, a shift's start, colours, keys, a channel's kind, URL,
/// secret and events, a mobile number, a deadline's name, the company's URL, an area's slug and
/// an item's key): a control character is refused naming the key and its line, and the text
/// of a credential is never echoed.
#[test]
fn the_other_texts_of_the_config_are_refused_with_a_control_character_too() {
    let channel = "[[notify.channels]]\nname = \"eng\"\nkind = \"webhook\"\n";
    for (text, key, line) in [
        (
            "timezone = \"Asia/\\u001bShanghai\"\n".to_string(),
            "timezone",
            1,
        ),
        (
            "[[shifts]]\nname = \"Day\"\nstart = \"08:00\\u001b\"\n".into(),
            "shifts[0].start",
            3,
        ),
        (
            "[colors]\noverdue = \"red\\u001b\"\n".into(),
            "colors.overdue",
            2,
        ),
        ("[keys]\nsign = \"\\u001b\"\n".into(), "keys.sign", 2),
        (
            format!("{channel}url = \"https://robot.example/s?key=s3cret\\u001b\"\n"),
            "notify.channels[0].url",
            4,
        ),
        (
            format!("{channel}url = \"https://robot.example/s\"\nsecret = \"SECs3cret\\u202e\"\n"),
            "notify.channels[0].secret",
            5,
        ),
        (
            format!(
                "{channel}url = \"https://robot.example/s\"\nevents = [\"urgent\", \"x\\u0007\"]\n"
            ),
            "notify.channels[0].events[1]",
            5,
        ),
        (
            "[notify.mobiles]\n\"王师傅\" = \"1380013\\u001b8000\"\n".into(),
            "notify.mobiles.王师傅",
            2,
        ),
        (
            "[notify.escalation.deadlines]\n\"resolution\\u001b\" = 60\n".into(),
            "notify.escalation.deadlines.resolution␛",
            2,
        ),
        (
            "[company]\nestate = \"阳光\"\nurl = \"postgresql://push:s3cret@h/db\\u001b\"\n".into(),
            "company.url",
            3,
        ),
        (
            "[[inspection.areas]]\nslug = \"power\\u001b\"\nname = \"配电房\"\nitems = [\"x\"]\n"
                .into(),
            "inspection.areas[0].slug",
            2,
        ),
        (
            "[[inspection.areas]]\nslug = \"power\"\nname = \"配电房\"\nitems = [\"x\\u001b\"]\n"
                .into(),
            "inspection.areas[0].items[0]",
            4,
        ),
    ] {
        let d = Desk::new(NOW);
        let path = config(&d, &text);
        let run = d.with().its_config().run(&["config"]);
        assert_eq!(run.code, 2, "{text}\n{}", run.stderr);
        let place = format!("config file {}, line {line}: {key}: ", path.display());
        assert!(
            run.stderr.contains(&place),
            "{text}\nwant {place}\n{}",
            run.stderr
        );
        assert!(run.stderr.contains("U+"), "{}", run.stderr);
        assert!(!run.stderr.contains("s3cret"), "{}", run.stderr);
        assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    }
}

/// The other checks of the file name its line too; `TZ` is not the file's.
#[test]
fn other_wrong_values_name_the_file_and_line_too() {
    let d = Desk::new(NOW);
    let path = config(&d, "estate = \"x\"\n\n[rules]\narrival_minutes = 0\n");
    let run = d.with().its_config().run(&["config"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim_end(),
        format!(
            "dutydesk: config file {}, line 4: rules.arrival_minutes must be between 1 and 10000, not 0",
            path.display()
        )
    );
    config(&d, "[[shifts]]\nname = \"Day\"\nstart = \"25:00\"\n");
    let run = d.with().its_config().lang("zh").run(&["config"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!(
            "配置文件 {} 第 3 行: shifts[0].start: '25:00' 不是 HH:MM",
            path.display()
        )),
        "{}",
        run.stderr
    );
    config(&d, "estate = \"x\"\n");
    let run = d
        .with()
        .its_config()
        .env("TZ", "Mars/Base")
        .run(&["config"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("TZ: 'Mars/Base'"), "{}", run.stderr);
    assert!(!run.stderr.contains("config file"), "{}", run.stderr);
}
