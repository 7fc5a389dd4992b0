//! A Chinese desk gets its refusals in Chinese, still one line, still exit 2 / 3.

use std::process::Command;

fn run(db: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .args(args)
        .env("DUTYDESK_DB", db)
        .env("DUTYDESK_NOW", "2026-11-25T03:00:00+08:00")
        .env("DUTYDESK_CONFIG", "/nonexistent/config.toml")
        .env("DUTYDESK_LANG", "zh")
        .env("TZ", "Asia/Shanghai")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).trim().to_string(),
    )
}

#[test]
fn refusals_are_said_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("zh.db");
    let (code, err) = run(&db, &["add", "log", "--summary", "  "]);
    assert_eq!(code, 2);
    assert_eq!(err, "dutydesk: 内容: 不能为空");
    let (code, err) = run(
        &db,
        &[
            "add",
            "repair",
            "--category",
            "general",
            "--location",
            "大堂",
            "--summary",
            "灯坏了",
            "--room",
            "大堂",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("房号") && err.lines().count() == 1, "{err}");
    let (code, _) = run(
        &db,
        &[
            "add",
            "repair",
            "--category",
            "general",
            "--location",
            "大堂",
            "--summary",
            "灯坏了",
        ],
    );
    assert_eq!(code, 0);
    let (code, err) = run(&db, &["act", "R-2026-00001", "arrive"]);
    assert_eq!(code, 2);
    assert!(err.contains("不能"), "{err}");
    let (code, err) = run(&db, &["show", "R-2026-00042"]);
    assert_eq!((code, err.as_str()), (2, "dutydesk: 没有记录 R-2026-00042"));
    let (code, err) = run(&db, &["--read-only", "add", "log", "--summary", "巡查"]);
    assert_eq!(code, 3);
    assert!(err.contains("只读"), "{err}");
}

/// stderr of the binary run with `args` and the language `lang` in DUTYDESK_LANG.
fn stderr_of(
    lang: &str,
    args: &[&std::ffi::OsStr],
    env: &[(&str, &std::ffi::OsStr)],
) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dutydesk"));
    cmd.args(args)
        .env("DUTYDESK_DB", dir.path().join("zh.db"))
        .env("DUTYDESK_NOW", "2026-11-25T03:00:00+08:00")
        .env("DUTYDESK_CONFIG", "/nonexistent/config.toml")
        .env("DUTYDESK_LANG", lang)
        .env("TZ", "Asia/Shanghai");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).trim().to_string(),
    )
}

#[test]
fn input_that_is_not_utf8_is_refused_in_chinese() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let bad = OsStr::from_bytes(b"\xff\xfe");
    let add = [
        OsStr::new("add"),
        OsStr::new("log"),
        OsStr::new("--summary"),
        bad,
    ];
    assert_eq!(
        stderr_of("zh", &add, &[]),
        (
            2,
            "dutydesk: --summary 的值不是有效的 UTF-8 文本; 未写入任何内容".into()
        )
    );
    // `--lang` among the arguments decides, before clap has read them.
    let mut en = vec![OsStr::new("--lang"), OsStr::new("en")];
    en.extend(add);
    assert_eq!(
        stderr_of("zh", &en, &[]),
        (
            2,
            "dutydesk: the value of --summary is not valid UTF-8 text; nothing was written".into()
        )
    );
    let mut zh = vec![OsStr::new("--lang=zh")];
    zh.extend([OsStr::new("search"), bad]);
    assert_eq!(
        stderr_of("en", &zh, &[]),
        (
            2,
            "dutydesk: 第 3 个参数不是有效的 UTF-8 文本; 未写入任何内容".into()
        )
    );
    assert_eq!(
        stderr_of("zh", &[OsStr::new("stats")], &[("DUTYDESK_OPERATOR", bad)]),
        (
            2,
            "dutydesk: DUTYDESK_OPERATOR 不是有效的 UTF-8 文本; 未写入任何内容".into()
        )
    );
    assert_eq!(
        stderr_of("zh", &[OsStr::new("stats")], &[("DUTYDESK_NOW", bad)]),
        (
            2,
            "dutydesk: DUTYDESK_NOW: 不是 UTF-8 文本; 请用 RFC 3339 时间, 如 2026-11-25T03:00:00+08:00"
                .into()
        )
    );
}

#[test]
fn an_unreadable_anchor_file_is_said_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("zh.db");
    assert_eq!(run(&db, &["add", "log", "--summary", "巡查"]).0, 0);
    let anchors = dir.path().join("anchors.txt");
    std::fs::write(&anchors, "not an anchor\n").unwrap();
    let (code, err) = run(&db, &["verify", "--anchors", anchors.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!(
            "dutydesk: --anchors: {}: 格式不对: ",
            anchors.display()
        )),
        "{err}"
    );
    let missing = dir.path().join("missing.txt");
    let (code, err) = run(&db, &["verify", "--anchors", missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!(
            "dutydesk: --anchors: 无法读取 {}: ",
            missing.display()
        )),
        "{err}"
    );
}

#[test]
fn an_empty_operator_is_refused_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = run(&dir.path().join("zh.db"), &["--operator", " ", "stats"]);
    assert_eq!((code, err.as_str()), (2, "dutydesk: 值班人: 不能为空"));
}

#[test]
fn the_handover_shows_its_shifts_and_times_as_people_read_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("zh.db");
    let (code, _) = run(&db, &["add", "log", "--summary", "巡查完毕"]);
    assert_eq!(code, 0);
    let out = Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .args(["handover", "show"])
        .env("DUTYDESK_DB", &db)
        .env("DUTYDESK_NOW", "2026-11-25T03:00:00+08:00")
        .env("DUTYDESK_CONFIG", "/nonexistent/config.toml")
        .env("DUTYDESK_LANG", "zh")
        .env("TZ", "Asia/Shanghai")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    // The night shift of 11-24 20:00 to 11-25 08:00, in local time, not RFC 3339.
    assert!(
        text.contains("交接班 夜班 → 白班  11-24 20:00 → 11-25 08:00  [草稿]"),
        "{text}"
    );
    assert!(!text.contains("T20:00:00"), "{text}");
    assert!(!text.contains("Day") && !text.contains("Night"), "{text}");
}

/// The Chinese report says every word in Chinese, complaints not yet classified too.
#[test]
fn the_chinese_report_names_unclassified_complaints_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("zh.db");
    let add = [
        "add",
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--name",
        "张先生",
        "--summary",
        "楼道灯不亮",
    ];
    assert_eq!(run(&db, &add).0, 0);
    let out = Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .args(["report", "daily", "--date", "2026-11-25"])
        .env("DUTYDESK_DB", &db)
        .env("DUTYDESK_NOW", "2026-11-25T03:00:00+08:00")
        .env("DUTYDESK_CONFIG", "/nonexistent/config.toml")
        .env("DUTYDESK_LANG", "zh")
        .env("TZ", "Asia/Shanghai")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("未定级 1"), "{text}");
    assert!(!text.contains("unclassified"), "{text}");
}

/// The handover's count of what the shift created names each kind in Chinese.
#[test]
fn the_chinese_handover_counts_kinds_by_their_chinese_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("zh.db");
    assert_eq!(
        run(
            &db,
            &[
                "add",
                "incident",
                "--type",
                "fire",
                "--summary",
                "车库起火",
                "--at",
                "02:50"
            ]
        )
        .0,
        0
    );
    let out = Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .args(["handover", "show"])
        .env("DUTYDESK_DB", &db)
        .env("DUTYDESK_NOW", "2026-11-25T03:00:00+08:00")
        .env("DUTYDESK_CONFIG", "/nonexistent/config.toml")
        .env("DUTYDESK_LANG", "zh")
        .env("TZ", "Asia/Shanghai")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("本班登记: 重大事项 1"), "{text}");
    assert!(!text.contains("incident 1"), "{text}");
}
