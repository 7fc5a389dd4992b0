//! Read-only supervisors while the desk writes (issue 11, item 4): a second Unix user with read
//! permission only (the group layout of docs/reliability.md) runs `verify` and lookups in a
//! loop, and keeps a desk open, while the database's owner adds ten records a second. No false
//! damage, no failed lookup, and the supervisor's desk shows new records within 2 s.
//!
//! Needs root, runuser, useradd/groupadd and tmux: without them it fails, it never passes unseen.

mod common;

use common::tmux::Tmux;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_dutydesk");
const NOW: &str = "2026-11-25T03:00:00+08:00";

fn tool(names: &[&str]) -> String {
    names
        .iter()
        .find(|p| Path::new(p).exists())
        .unwrap_or_else(|| {
            panic!(
                "{} is missing: this test needs it to act as a second user",
                names[0]
            )
        })
        .to_string()
}

fn must(c: &mut Command) -> Output {
    let o = c.stdin(Stdio::null()).output().expect("runs");
    assert!(
        o.status.success(),
        "{c:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Two Unix users made for the test (the desk's owner and a supervisor) and the supervisors'
/// group; removed again however the test ends.
struct Users {
    owner: String,
    supervisor: String,
    group: String,
}

impl Users {
    fn create() -> Self {
        // SAFETY: geteuid has no preconditions.
        assert_eq!(
            unsafe { libc::geteuid() },
            0,
            "this test must run as root to create a second user (it does in CI)"
        );
        let id = std::process::id() % 100_000;
        let users = Users {
            owner: format!("ddown{id}"),
            supervisor: format!("ddsup{id}"),
            group: format!("ddread{id}"),
        };
        let useradd = tool(&["/usr/sbin/useradd", "/sbin/useradd"]);
        let groupadd = tool(&["/usr/sbin/groupadd", "/sbin/groupadd"]);
        users.remove();
        must(Command::new(&groupadd).arg(&users.group));
        must(Command::new(&useradd).args(["-M", "-N", "-s", "/bin/sh", &users.owner]));
        must(Command::new(&useradd).args([
            "-M",
            "-N",
            "-s",
            "/bin/sh",
            "-G",
            &users.group,
            &users.supervisor,
        ]));
        users
    }

    fn remove(&self) {
        for user in [&self.owner, &self.supervisor] {
            let _ = Command::new("userdel")
                .arg(user)
                .stderr(Stdio::null())
                .status();
        }
        let _ = Command::new("groupdel")
            .arg(&self.group)
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for Users {
    fn drop(&mut self) {
        self.remove();
    }
}

/// The binary run as `user`, with a clean environment.
fn as_user(user: &str, bin: &Path, db: &Path, config: &Path) -> Command {
    let mut c = Command::new(tool(&[
        "/usr/sbin/runuser",
        "/sbin/runuser",
        "/usr/bin/runuser",
    ]));
    c.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("DUTYDESK_CONFIG", config)
        .env("DUTYDESK_NOW", NOW)
        .env("DUTYDESK_LANG", "en")
        .env("TZ", "Asia/Shanghai")
        .env("DUTYDESK_OPERATOR", user)
        .args(["-u", user, "--"])
        .arg(bin)
        .arg("--db")
        .arg(db);
    c.stdin(Stdio::null());
    c
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn chown(p: &Path, user: Option<&str>, group: &str) {
    let spec = match user {
        Some(u) => format!("{u}:{group}"),
        None => format!(":{group}"),
    };
    must(Command::new("chown").arg(spec).arg(p));
}

struct Layout {
    _dir: tempfile::TempDir,
    bin: PathBuf,
    db: PathBuf,
    config: PathBuf,
}

/// docs/reliability.md's layout: the desk's folder and file belong to the owner, group
/// `duty-read` (here the test's group), folder 750, file 640.
fn layout(users: &Users) -> Layout {
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o755);
    let bin = dir.path().join("dutydesk");
    std::fs::copy(BIN, &bin).unwrap();
    chmod(&bin, 0o755);
    let config = dir.path().join("no-config.toml");
    let srv = dir.path().join("srv");
    std::fs::create_dir(&srv).unwrap();
    must(Command::new("chown").arg(&users.owner).arg(&srv));
    chmod(&srv, 0o700);
    let db = srv.join("dutydesk.db");
    must(as_user(&users.owner, &bin, &db, &config).args(["demo", "--records", "3000"]));
    // The documented setup, as root does it: the folder, the file and its -wal/-shm (which the
    // owner's desk keeps in place) to the group; the folder setgid so they stay in it.
    chown(&srv, None, &users.group);
    chmod(&srv, 0o2750);
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", db.display()));
        assert!(p.exists(), "{} is kept", p.display());
        chown(&p, None, &users.group);
        chmod(&p, 0o640);
    }
    Layout {
        _dir: dir,
        bin,
        db,
        config,
    }
}

/// The owner adding ten records a second with the CLI until told to stop; counts its failures.
fn writer(
    users: &Users,
    l: &Layout,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<(usize, usize)> {
    let owner = users.owner.clone();
    let (bin, db, config) = (l.bin.clone(), l.db.clone(), l.config.clone());
    std::thread::spawn(move || {
        let (mut added, mut failed) = (0, 0);
        let start = Instant::now();
        while !stop.load(Ordering::SeqCst) {
            let o = as_user(&owner, &bin, &db, &config)
                .args(["add", "log", "--summary", &format!("writer {added}")])
                .output()
                .unwrap();
            if o.status.success() {
                added += 1;
            } else {
                failed += 1;
                eprintln!("writer failed: {}", String::from_utf8_lossy(&o.stderr));
            }
            // Ten a second.
            let next = start + Duration::from_millis(100 * (added + failed) as u64);
            if let Some(wait) = next.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
        }
        (added, failed)
    })
}

#[test]
fn a_read_only_supervisor_reads_safely_while_the_desk_writes() {
    Tmux::require();
    let users = Users::create();
    let l = layout(&users);
    let sup = users.supervisor.clone();
    let first_id = {
        let o = must(
            as_user(&sup, &l.bin, &l.db, &l.config).args(["list", "log", "--limit", "1", "--json"]),
        );
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v[0]["id"].as_str().unwrap().to_string()
    };

    // 1. 50 verifies and 500 lookups by the supervisor while the owner writes.
    let stop = Arc::new(AtomicBool::new(false));
    let writing = writer(&users, &l, stop.clone());
    std::thread::sleep(Duration::from_millis(300));
    let false_reports = Arc::new(AtomicUsize::new(0));
    let failed_lookups = Arc::new(AtomicUsize::new(0));
    let exit_3 = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let verifier = {
        let (sup, bin, db, config) = (sup.clone(), l.bin.clone(), l.db.clone(), l.config.clone());
        let false_reports = false_reports.clone();
        std::thread::spawn(move || {
            for _ in 0..50 {
                let o = as_user(&sup, &bin, &db, &config)
                    .arg("verify")
                    .output()
                    .unwrap();
                if !o.status.success() {
                    false_reports.fetch_add(1, Ordering::SeqCst);
                    eprintln!(
                        "verify ({:?}): {}{}",
                        o.status.code(),
                        String::from_utf8_lossy(&o.stdout),
                        String::from_utf8_lossy(&o.stderr)
                    );
                }
            }
        })
    };
    let lookers: Vec<_> = (0..2)
        .map(|half| {
            let (sup, bin, db, config) =
                (sup.clone(), l.bin.clone(), l.db.clone(), l.config.clone());
            let (failed, exit_3) = (failed_lookups.clone(), exit_3.clone());
            let first_id = first_id.clone();
            std::thread::spawn(move || {
                for i in 0..250 {
                    let args: Vec<&str> = match (i + half) % 4 {
                        0 => vec!["list", "--limit", "50", "--json"],
                        1 => vec!["search", "writer", "--json"],
                        2 => vec!["stats", "--json"],
                        _ => vec!["show", &first_id, "--json"],
                    };
                    let o = as_user(&sup, &bin, &db, &config)
                        .args(&args)
                        .output()
                        .unwrap();
                    if !o.status.success() {
                        failed.fetch_add(1, Ordering::SeqCst);
                        if o.status.code() == Some(3) {
                            exit_3.fetch_add(1, Ordering::SeqCst);
                        }
                        eprintln!(
                            "{args:?} ({:?}): {}",
                            o.status.code(),
                            String::from_utf8_lossy(&o.stderr)
                        );
                    }
                }
            })
        })
        .collect();
    verifier.join().unwrap();
    for l in lookers {
        l.join().unwrap();
    }
    let took = started.elapsed();
    stop.store(true, Ordering::SeqCst);
    let (added, writer_failed) = writing.join().unwrap();
    eprintln!(
        "readers: {} false reports in 50 verifies, {} failed lookups of 500 ({} exit 3), \
         {added} records added meanwhile ({writer_failed} refused) in {took:?}",
        false_reports.load(Ordering::SeqCst),
        failed_lookups.load(Ordering::SeqCst),
        exit_3.load(Ordering::SeqCst),
    );
    assert_eq!(writer_failed, 0, "the owner's writes all go through");
    // The desk keeps its -wal and -shm, readable by the group, the -shm also writable by it.
    for (suffix, mode) in [("-wal", 0o640), ("-shm", 0o660)] {
        let p = PathBuf::from(format!("{}{suffix}", l.db.display()));
        let m = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(m, mode, "{suffix} is {m:o}");
    }
    assert!(added >= 30, "the owner kept writing: {added}");

    // 2. The supervisor's desk, opened while nobody writes, shows what the owner adds.
    let tmux = Tmux::new("readers");
    let runuser = tool(&["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]);
    let (config, now) = (
        format!("DUTYDESK_CONFIG={}", l.config.display()),
        format!("DUTYDESK_NOW={NOW}"),
    );
    tmux.session(
        120,
        // Tall enough that a record stays on screen while ten more arrive each second.
        80,
        &[
            &runuser,
            "-u",
            &sup,
            "--",
            "env",
            "TZ=Asia/Shanghai",
            "LANG=C.UTF-8",
            "TERM=xterm-256color",
            &config,
            "DUTYDESK_LANG=en",
            &now,
            l.bin.to_str().unwrap(),
            "--db",
            l.db.to_str().unwrap(),
        ],
    );
    let screen = || tmux.screen();
    let wait_for = |text: &str, limit: Duration| -> Option<Duration> {
        tmux.wait_within(text, limit, Duration::from_millis(25))
    };
    assert!(
        wait_for("READ-ONLY", Duration::from_secs(10)).is_some(),
        "the supervisor's desk did not start read-only:\n{}",
        screen()
    );
    let stop = Arc::new(AtomicBool::new(false));
    let writing = writer(&users, &l, stop.clone());
    let mut worst = Duration::ZERO;
    for n in 0..3 {
        std::thread::sleep(Duration::from_millis(700));
        let text = format!("seen-by-supervisor-{n}");
        must(as_user(&users.owner, &l.bin, &l.db, &l.config).args([
            "add",
            "log",
            "--summary",
            &text,
        ]));
        let latency = wait_for(&text, Duration::from_secs(5));
        eprintln!("reader's desk showed record {n} after {latency:?}");
        let latency = latency.unwrap_or_else(|| {
            panic!("the supervisor's desk never showed '{text}':\n{}", screen())
        });
        worst = worst.max(latency);
    }
    stop.store(true, Ordering::SeqCst);
    writing.join().unwrap();
    eprintln!("reader's desk: worst latency {worst:?}");

    assert_eq!(
        false_reports.load(Ordering::SeqCst),
        0,
        "verify reported damage that is not there"
    );
    assert_eq!(failed_lookups.load(Ordering::SeqCst), 0, "lookups failed");
    assert!(
        worst <= Duration::from_secs(2),
        "new records took {worst:?} to show"
    );
}
