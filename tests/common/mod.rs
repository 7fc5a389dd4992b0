//! Helpers shared by the integration tests: fixed times, the estate's policy, and a desk that
//! runs the built binary against its own temporary database.
#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use dutydesk::domain::time::Zone;
use dutydesk::domain::{Calendar, Limits, Policy};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod tmux;

pub const ZONE: &str = "Asia/Shanghai";

pub fn zone() -> Zone {
    ZONE.parse().expect("a known zone")
}

/// The default rules in the estate's zone.
pub fn policy() -> Policy {
    Policy::new(Limits::default(), Calendar::default(), zone())
}

/// An RFC 3339 time as the program stores it.
pub fn t(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("bad test time {text}: {e}"))
        .with_timezone(&Utc)
}

/// The printed form of a time: RFC 3339 in the estate's zone, to the second.
pub fn local(t: DateTime<Utc>) -> String {
    dutydesk::domain::time::rfc3339(t, zone())
}

pub fn secs(n: i64) -> Duration {
    Duration::seconds(n)
}

/// What one run of the binary gave back.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(out: Output) -> Self {
        Self {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", self.stdout, self.stderr))
    }
}

/// A desk on its own temporary database, with a fixed clock and the estate's zone.
pub struct Desk {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub now: String,
    pub operator: String,
}

impl Desk {
    pub fn new(now: &str) -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        let db = dir.path().join("desk.db");
        Self {
            dir,
            db,
            now: now.to_string(),
            operator: "王值班".to_string(),
        }
    }

    /// Move the desk's clock.
    pub fn set_now(&mut self, now: &str) {
        self.now = now.to_string();
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dutydesk"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("DUTYDESK_NOW", &self.now)
            .env("TZ", ZONE)
            .env("DUTYDESK_DB", &self.db)
            .env(
                "DUTYDESK_CONFIG",
                self.dir.path().join("no-such-config.toml"),
            )
            .env("DUTYDESK_OPERATOR", &self.operator)
            .env("DUTYDESK_LANG", "en");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().expect("the binary runs"))
    }

    /// Run and expect success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(
            run.code, 0,
            "dutydesk {args:?} failed: {}{}",
            run.stdout, run.stderr
        );
        run.stdout
    }

    /// Run with `--json` appended and parse the output.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let run = self.run(&all);
        assert_eq!(run.code, 0, "dutydesk {all:?} failed: {}", run.stderr);
        run.json()
    }

    /// Add a record and return its id.
    pub fn add(&self, args: &[&str]) -> String {
        let mut all = vec!["add"];
        all.extend_from_slice(args);
        self.ok(&all).trim().to_string()
    }

    /// One record as `show --json` gives it.
    pub fn show(&self, id: &str) -> Value {
        self.json(&["show", id])
    }

    /// Everything the database holds, as the lookups see it, and every event's hash: to prove
    /// that nothing was written.
    pub fn state(&self) -> (Value, Value, Vec<(i64, Vec<u8>)>) {
        let list = self.json(&["list", "--limit", "0"]);
        let mut stats = self.json(&["stats"]);
        // The file size can move when SQLite checkpoints; the content is what matters.
        stats
            .as_object_mut()
            .expect("stats is an object")
            .remove("file_bytes");
        (list, stats, self.events())
    }

    /// (seq, hash) of every event, read with rusqlite.
    pub fn events(&self) -> Vec<(i64, Vec<u8>)> {
        let conn = rusqlite::Connection::open(&self.db).expect("the database opens");
        let mut stmt = conn
            .prepare("SELECT seq, hash FROM events ORDER BY seq")
            .expect("an events table");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// The ids of a JSON array of records, in order.
pub fn ids(records: &Value) -> Vec<String> {
    records
        .as_array()
        .expect("an array of records")
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_string())
        .collect()
}

/// The state of the named deadline of a JSON record, with its due time.
pub fn deadline(record: &Value, name: &str) -> (String, String) {
    let d = record["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("no {name} deadline in {record:#}"));
    (
        d["due"].as_str().unwrap().to_string(),
        d["state"].as_str().unwrap().to_string(),
    )
}

pub fn deadline_names(record: &Value) -> Vec<String> {
    record["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect()
}

pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

impl Run {
    /// What a command built with `Desk::command` (and changed further) gave back.
    pub fn from_output(out: Output) -> Self {
        Self::from(out)
    }
}

/// `db-wal`, `db-shm` next to a database.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

impl Desk {
    /// A desk whose database exists and is empty, as the desk creates it on first use (the
    /// lookups never create one: they refuse a path with no database).
    pub fn with_empty_database(now: &str) -> Self {
        let d = Self::new(now);
        dutydesk::store::Store::open(&d.db, dutydesk::store::OpenOptions::default())
            .expect("an empty database");
        d
    }
}

/// One run of a desk's binary with more settings than the desk's own (`Desk::with`): a
/// language, a config file, other environment.
pub struct With<'a> {
    desk: &'a Desk,
    cmd: Command,
}

impl Desk {
    /// A run of this desk with settings of its own: `d.with().lang("zh").run(&[...])`.
    pub fn with(&self) -> With<'_> {
        With {
            desk: self,
            cmd: self.command(),
        }
    }

    /// `args` refused in English and Chinese: exit 2 with the one line each, nothing written.
    pub fn refused(&self, args: &[&str], en: &str, zh: &str) {
        let before = self.events();
        for (lang, want) in [("en", en), ("zh", zh)] {
            let run = self.with().lang(lang).run(args);
            assert_eq!(run.code, 2, "{lang} {args:?}: {}", run.stderr);
            assert_eq!(run.stderr.trim_end(), want, "{lang} {args:?}");
        }
        assert_eq!(self.events(), before, "{args:?} wrote something");
    }

    /// A general repair added at 09:00 in building 3, dispatched and on site by 09:10: ready
    /// to resolve.
    pub fn repair_on_site(&self, room: &str, summary: &str) -> String {
        let id = self.add(&[
            "repair",
            "--category",
            "general",
            "--location",
            "3号楼",
            "--room",
            room,
            "--summary",
            summary,
            "--at",
            "09:00",
        ]);
        self.ok(&["act", &id, "dispatch", "--to", "老王", "--at", "09:03"]);
        self.ok(&["act", &id, "arrive", "--at", "09:10"]);
        id
    }

    /// A repair (`repair_on_site`) resolved at 09:40 with the owner unsatisfied and called
    /// back unsatisfied at 10:00: the repair and the follow-up the callback opened.
    pub fn unsatisfied_follow_up(&self, room: &str, summary: &str) -> (String, String) {
        let id = self.repair_on_site(room, summary);
        self.ok(&[
            "act",
            &id,
            "resolve",
            "--rating",
            "unsatisfied",
            "--signed",
            "yes",
            "--at",
            "09:40",
        ]);
        self.ok(&[
            "act",
            &id,
            "callback",
            "--satisfaction",
            "unsatisfied",
            "--at",
            "10:00",
        ]);
        let r = self.show(&id);
        let follow = r["links"]
            .as_array()
            .and_then(|l| l.iter().find(|x| x["rel"] == "follow_up"))
            .and_then(|x| x["id"].as_str())
            .unwrap_or_else(|| panic!("no follow-up opened: {r}"))
            .to_string();
        (id, follow)
    }
}

/// `act ID resolve` of a work order the owner signed and rated satisfied, at `at`.
pub fn resolve_satisfied<'a>(id: &'a str, at: &'a str) -> [&'a str; 9] {
    [
        "act",
        id,
        "resolve",
        "--signed",
        "yes",
        "--rating",
        "satisfied",
        "--at",
        at,
    ]
}

impl With<'_> {
    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    /// The interface language (`en`, `zh`).
    pub fn lang(self, lang: &str) -> Self {
        self.env("DUTYDESK_LANG", lang)
    }

    /// The desk's `config.toml` holding `text` (written now, read by this run).
    pub fn config(self, text: &str) -> Self {
        let path = self.desk.path("config.toml");
        std::fs::write(&path, text).expect("the config is written");
        self.env("DUTYDESK_CONFIG", path)
    }

    /// The config file the desk's folder holds (written by an earlier `config`).
    pub fn its_config(self) -> Self {
        let path = self.desk.path("config.toml");
        self.env("DUTYDESK_CONFIG", path)
    }

    pub fn run(mut self, args: &[&str]) -> Run {
        Run::from(self.cmd.args(args).output().expect("the binary runs"))
    }

    /// Run and expect success; returns stdout.
    pub fn ok(self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(run.code, 0, "dutydesk {args:?} failed: {}", run.stderr);
        run.stdout
    }
}

/// A store of its own in a temporary folder (kept while the folder lives), for the tests that
/// write through the library.
pub fn temp_store() -> (tempfile::TempDir, dutydesk::store::Store) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = dutydesk::store::Store::open(
        &dir.path().join("desk.db"),
        dutydesk::store::OpenOptions::default(),
    )
    .expect("a new database");
    (dir, store)
}
