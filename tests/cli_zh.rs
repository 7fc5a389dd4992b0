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
