//! The open desk's company push (issue 19): real desks in tmux with `[company]` pointed at a
//! throwaway PostgreSQL cluster (tests/common/pg.rs). A record written from another process
//! reaches the server within seconds; a stopped server shows in the header and is caught up
//! with when it is back; a refusal is shown as such; a read-only desk pushes nothing; two
//! desks on one file store every event once. Without PostgreSQL or tmux these tests fail.

mod common;
#[path = "common/pg.rs"]
mod pg;

use common::Desk;
use common::tmux::Tmux;
use pg::Cluster;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-25T10:00:00+08:00";
const ESTATE: &str = "阳光花园";
const FAILING: &str = "COMPANY PUSH FAILING";
const REFUSED: &str = "COMPANY PUSH REFUSED";

fn configured_desk(records: u32, url: &str) -> Desk {
    let d = Desk::new(NOW);
    d.ok(&["demo", "--records", &records.to_string()]);
    let path = d.path("company.toml");
    std::fs::write(
        &path,
        format!("[company]\nurl = \"{url}\"\nestate = \"{ESTATE}\"\n"),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    d
}

/// A desk in tmux on `d`'s file with its `[company]` config, shown and ready.
fn open_desk(d: &Desk, name: &str, extra: &[&str]) -> Tmux {
    let bin = env!("CARGO_BIN_EXE_dutydesk");
    let config_env = format!("DUTYDESK_CONFIG={}", d.path("company.toml").display());
    let now_env = format!("DUTYDESK_NOW={NOW}");
    let tmux = Tmux::new(name);
    let mut command = vec![
        "env",
        "LANG=C.UTF-8",
        "TERM=xterm-256color",
        "TZ=Asia/Shanghai",
        "DUTYDESK_LANG=en",
        "DUTYDESK_OPERATOR=e2e",
        &now_env,
        &config_env,
        bin,
        "--db",
        d.db.to_str().unwrap(),
    ];
    command.extend_from_slice(extra);
    tmux.session(140, 30, &command);
    tmux.wait_for("on duty: e2e");
    tmux
}

fn server_events(cluster: &Cluster, url: &str) -> Vec<(i64, Vec<u8>)> {
    let db = url.rsplit('/').next().unwrap();
    cluster
        .client(db)
        .query(
            "SELECT seq, hash FROM events WHERE estate = $1 ORDER BY seq",
            &[&ESTATE],
        )
        .map(|rows| rows.iter().map(|r| (r.get(0), r.get(1))).collect())
        .unwrap_or_default()
}

/// Waits until the server holds exactly the desk's events; how long that took.
fn caught_up(cluster: &Cluster, url: &str, d: &Desk, limit: Duration) -> Duration {
    let start = Instant::now();
    let want = d.events();
    loop {
        if server_events(cluster, url) == want {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < limit,
            "the server holds {} of the desk's {} events after {limit:?}",
            server_events(cluster, url).len(),
            want.len()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn new_record(d: &Desk, summary: &str) -> String {
    d.add(&["log", "--summary", summary])
}

#[test]
fn a_write_reaches_the_server_within_seconds_and_a_stopped_server_is_shown_then_caught_up() {
    let cluster = Cluster::start();
    cluster
        .client("postgres")
        .batch_execute("CREATE DATABASE desk_push")
        .unwrap();
    let url = cluster.url("desk_push");
    let d = configured_desk(10, &url);
    let desk = open_desk(&d, "h19c-push", &[]);
    // Opening pushes what the server does not hold.
    caught_up(&cluster, &url, &d, Duration::from_secs(15));

    // A record added from another process: on the server within the look and a push.
    new_record(&d, "从另一个进程写入");
    let took = caught_up(&cluster, &url, &d, Duration::from_secs(5));
    eprintln!("a write reached the server in {took:?}");
    assert!(!desk.screen().contains(FAILING), "{}", desk.screen());

    // The server stops: the next push fails and the header says so; typing goes on.
    cluster.stop_server();
    new_record(&d, "服务器停了");
    assert!(
        desk.wait_within(FAILING, Duration::from_secs(15), Duration::from_millis(200))
            .is_some(),
        "the header never showed the failing push:\n{}",
        desk.screen()
    );
    new_record(&d, "服务器还停着");

    // Back: caught up within a retry, nothing doubled, and the header clears.
    cluster.start_server();
    caught_up(&cluster, &url, &d, Duration::from_secs(30));
    let db = url.rsplit('/').next().unwrap();
    let rows: i64 = cluster
        .client(db)
        .query_one("SELECT count(*) FROM records", &[])
        .unwrap()
        .get(0);
    let desk_rows = d.json(&["list", "--limit", "0"]).as_array().unwrap().len() as i64;
    assert_eq!(rows, desk_rows);
    let start = Instant::now();
    while desk.screen().contains(FAILING) {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{}",
            desk.screen()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_second_desk_with_the_same_estate_name_is_shown_refused_and_changes_nothing() {
    let cluster = pg::shared();
    let url = cluster.database("desk_refused");
    let a = configured_desk(5, &url);
    let first = open_desk(&a, "h19c-refused-a", &[]);
    caught_up(cluster, &url, &a, Duration::from_secs(15));
    drop(first);
    let before = server_events(cluster, &url);

    let mut b = configured_desk(8, &url);
    b.operator = "李值班".into();
    new_record(&b, "另一台值班机");
    let other = open_desk(&b, "h19c-refused-b", &[]);
    assert!(
        other
            .wait_within(REFUSED, Duration::from_secs(15), Duration::from_millis(200))
            .is_some(),
        "{}",
        other.screen()
    );
    assert!(!other.screen().contains(FAILING));
    new_record(&b, "再写一条");
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(server_events(cluster, &url), before);
    assert!(other.screen().contains(REFUSED), "{}", other.screen());
}

#[test]
fn a_read_only_desk_pushes_nothing() {
    let cluster = pg::shared();
    let url = cluster.database("desk_read_only");
    let d = configured_desk(5, &url);
    let desk = open_desk(&d, "h19c-read-only", &["--read-only"]);
    // Longer than a look (2 s) and a push.
    std::thread::sleep(Duration::from_secs(5));
    assert!(server_events(cluster, &url).is_empty());
    let screen = desk.screen();
    assert!(
        !screen.contains(FAILING) && !screen.contains(REFUSED),
        "{screen}"
    );
}

#[test]
fn two_desks_on_one_file_store_every_event_once_and_neither_complains() {
    let cluster = pg::shared();
    let url = cluster.database("desk_two_open");
    let d = configured_desk(10, &url);
    let desks = [
        open_desk(&d, "h19c-two-a", &[]),
        open_desk(&d, "h19c-two-b", &[]),
    ];
    caught_up(cluster, &url, &d, Duration::from_secs(15));
    for n in 0..5 {
        new_record(&d, &format!("两台同开 {n}"));
        std::thread::sleep(Duration::from_millis(700));
    }
    caught_up(cluster, &url, &d, Duration::from_secs(10));
    // Both desks push at their next looks; give them two.
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(server_events(cluster, &url), d.events());
    for desk in &desks {
        let screen = desk.screen();
        assert!(
            !screen.contains(FAILING) && !screen.contains(REFUSED),
            "{screen}"
        );
    }
}
