//! The database opens in the stock `sqlite3` shell of Debian 12 / Ubuntu 22.04 (SQLite 3.40 /
//! 3.37), as an administrator's script would read it: a search through the full-text index,
//! `.dump` and `PRAGMA integrity_check` all succeed. Needs the system `sqlite3` binary (.ci/run
//! installs it); without it the test fails and says so.

mod common;

use common::Desk;
use std::process::Command;

const NOW: &str = "2026-11-25T03:00:00+08:00";

/// The system `sqlite3` shell, run on `db` with `args`; (exit code, stdout, stderr).
fn shell(db: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new("sqlite3")
        .arg("-bail")
        .arg(db)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "the system sqlite3 shell is needed for this test ({e}): install it \
                 (apt-get install sqlite3)"
            )
        });
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn desk() -> Desk {
    let d = Desk::new(NOW);
    let r = d.add(&[
        "repair",
        "--category",
        "general",
        "--room",
        "3-2-1201",
        "--location",
        "厨房",
        "--summary",
        "厨房水龙头漏水",
        "--phone",
        "13800138000",
        "--at",
        "01:00",
    ]);
    // A write that replaces the record's entry in the index.
    d.ok(&["act", &r, "dispatch", "--to", "李师傅", "--at", "01:03"]);
    d.ok(&["act", &r, "note", "换了阀芯", "--at", "01:20"]);
    d.add(&[
        "call",
        "--kind",
        "consultation",
        "--channel",
        "phone",
        "--summary",
        "电梯几点检修",
    ]);
    d.add(&["log", "--summary", "巡查3号楼天台, 漏水已报修"]);
    d
}

#[test]
fn the_stock_sqlite3_shell_reads_the_file() {
    let d = desk();
    let (code, version, err) = shell(&d.db, &["SELECT sqlite_version()"]);
    assert_eq!(code, 0, "sqlite3 cannot open the file: {err}");
    eprintln!("system sqlite3: {}", version.trim());
    for (query, want) in [
        ("SELECT count(*) FROM search WHERE search MATCH '漏'", "2"),
        ("SELECT count(*) FROM search WHERE search MATCH '李'", "1"),
        (
            "SELECT count(*) FROM search WHERE search MATCH '阀 芯'",
            "1",
        ),
        (
            "SELECT count(*) FROM search WHERE search MATCH 'kind : log'",
            "1",
        ),
        ("SELECT count(*) FROM search", "3"),
    ] {
        let (code, out, err) = shell(&d.db, &[query]);
        assert_eq!(code, 0, "sqlite3 {}: {query} failed: {err}", version.trim());
        assert_eq!(out.trim(), want, "{query}");
    }
    let (code, out, err) = shell(&d.db, &["PRAGMA integrity_check"]);
    assert_eq!(code, 0, "integrity_check failed: {err}");
    assert_eq!(out.trim(), "ok");
    let (code, out, err) = shell(&d.db, &[".dump"]);
    assert_eq!(code, 0, ".dump failed: {err}");
    assert!(err.is_empty(), ".dump complained: {err}");
    assert!(out.contains("CREATE TABLE events"), "{out}");
    assert!(out.trim_end().ends_with("COMMIT;"), "the dump is cut short");
    // The dump loads back into the same shell, and the copy's index answers the same.
    let copy = d.path("copy.db");
    let load = Command::new("sqlite3")
        .arg("-bail")
        .arg(&copy)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("sqlite3 runs");
    {
        use std::io::Write;
        load.stdin
            .as_ref()
            .expect("stdin")
            .write_all(out.as_bytes())
            .expect("the dump is written");
    }
    let loaded = load.wait_with_output().expect("sqlite3 ends");
    assert!(
        loaded.status.success(),
        "the dump does not load: {}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let (code, out, err) = shell(
        &copy,
        &["SELECT count(*) FROM search WHERE search MATCH '漏'"],
    );
    assert_eq!((code, out.trim()), (0, "2"), "{err}");
    // And the file is still the desk's own after all that.
    d.ok(&["verify"]);
}

/// Python's `sqlite3` module (the one an administrator's script uses) reads it too.
#[test]
fn pythons_sqlite3_module_reads_the_file() {
    let d = desk();
    let script = "import sqlite3, sys\n\
                  c = sqlite3.connect(sys.argv[1])\n\
                  print(c.execute(\"SELECT count(*) FROM search WHERE search MATCH '漏'\").fetchone()[0])\n";
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&d.db)
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed for this test ({e})"));
    assert!(
        out.status.success(),
        "python's sqlite3 cannot read the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2");
}
