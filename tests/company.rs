//! The company view on a real PostgreSQL server (issue 19): `company push` and `company init`
//! against a throwaway cluster (tests/common/pg.rs). Without PostgreSQL these tests fail.

mod common;
#[path = "common/pg.rs"]
mod pg;

use common::{Desk, Run};
use pg::Cluster;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-25T10:00:00+08:00";
const ESTATE: &str = "阳光花园";

/// A desk with demo records, configured to push to `url` as `estate`.
fn desk(records: u32) -> Desk {
    let d = Desk::new(NOW);
    if records > 0 {
        d.ok(&["demo", "--records", &records.to_string()]);
    }
    d
}

fn configure(d: &Desk, url: &str, estate: &str) {
    let path = d.path("company.toml");
    std::fs::write(
        &path,
        format!("[company]\nurl = \"{url}\"\nestate = \"{estate}\"\n"),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

fn company(d: &Desk) -> Command {
    let mut c = d.command();
    c.env("DUTYDESK_CONFIG", d.path("company.toml"));
    c
}

fn run(d: &Desk, args: &[&str]) -> Run {
    Run::from_output(company(d).args(args).output().expect("the binary runs"))
}

fn push(d: &Desk) -> serde_json::Value {
    let r = run(d, &["company", "push", "--json"]);
    assert_eq!(r.code, 0, "push failed: {}{}", r.stdout, r.stderr);
    r.json()
}

/// (seq, hash) of every event the server holds for `estate`.
fn server_events(cluster: &Cluster, url: &str, estate: &str) -> Vec<(i64, Vec<u8>)> {
    let db = url.rsplit('/').next().unwrap();
    cluster
        .client(db)
        .query(
            "SELECT seq, hash FROM events WHERE estate = $1 ORDER BY seq",
            &[&estate],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

fn server_count(cluster: &Cluster, url: &str, sql: &str) -> i64 {
    let db = url.rsplit('/').next().unwrap();
    cluster.client(db).query_one(sql, &[]).unwrap().get(0)
}

/// Every record's id and status as the desk lists them.
fn desk_records(d: &Desk) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = d
        .json(&["list", "--limit", "0"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn server_records(cluster: &Cluster, url: &str, estate: &str) -> Vec<(String, String)> {
    let db = url.rsplit('/').next().unwrap();
    cluster
        .client(db)
        .query(
            "SELECT id, status FROM records WHERE estate = $1 ORDER BY id",
            &[&estate],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

/// The server holds exactly the desk's events and its records' statuses.
fn same(cluster: &Cluster, url: &str, d: &Desk) {
    assert_eq!(server_events(cluster, url, ESTATE), d.events());
    assert_eq!(server_records(cluster, url, ESTATE), desk_records(d));
}

#[test]
fn a_push_stores_the_history_once_and_again_adds_only_what_is_new() {
    let cluster = pg::shared();
    let url = cluster.database("push_once");
    let mut d = desk(40);
    configure(&d, &url, ESTATE);
    let first = push(&d);
    let events = d.events();
    assert!(events.len() > 40, "demo wrote {} events", events.len());
    assert_eq!(first["events"], events.len());
    assert_eq!(first["last_seq"], events.last().unwrap().0);
    assert_eq!(first["estate"], ESTATE);
    same(cluster, &url, &d);

    // Again: nothing new, nothing doubled.
    let again = push(&d);
    assert_eq!(again["events"], 0);
    assert_eq!(again["batches"], 0);
    same(cluster, &url, &d);

    // One more event: only it goes, and its record's row follows.
    d.set_now("2026-11-25T10:05:00+08:00");
    let id = d.add(&[
        "call",
        "--channel",
        "phone",
        "--kind",
        "complaint",
        "--summary",
        "楼上漏水",
    ]);
    let third = push(&d);
    assert_eq!(third["events"], 1);
    assert_eq!(third["records"], 1);
    same(cluster, &url, &d);
    d.ok(&["act", &id, "reply"]);
    assert_eq!(push(&d)["events"], 1);
    same(cluster, &url, &d);
    let status: String = cluster
        .client(url.rsplit('/').next().unwrap())
        .query_one("SELECT status FROM records WHERE id = $1", &[&id])
        .unwrap()
        .get(0);
    assert_eq!(status, d.show(&id)["status"].as_str().unwrap());
}

#[test]
fn small_batches_store_the_same_as_one() {
    let cluster = pg::shared();
    let url = cluster.database("small_batches");
    let d = desk(20);
    configure(&d, &url, ESTATE);
    // Part of it first (as the benchmark does), then the rest in batches of 7.
    let r = run(&d, &["company", "push", "--upto", "10", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["events"], 10);
    assert_eq!(server_events(cluster, &url, ESTATE)[..], d.events()[..10]);
    let r = run(&d, &["company", "push", "--batch", "7", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let n = d.events().len();
    assert_eq!(r.json()["batches"], (n - 10).div_ceil(7));
    same(cluster, &url, &d);
}

#[test]
fn a_second_desk_with_the_same_estate_name_is_refused() {
    let cluster = pg::shared();
    let url = cluster.database("two_desks");
    let a = desk(10);
    configure(&a, &url, ESTATE);
    push(&a);
    let before = server_events(cluster, &url, ESTATE);

    // Another desk, its own history, the same name: more events than the first, or fewer.
    for records in [30, 3] {
        let b = desk(0);
        b.ok(&["demo", "--records", &records.to_string()]);
        // A different history even when the demo repeats itself: another operator.
        let mut b = b;
        b.operator = "李值班".into();
        b.add(&["log", "--summary", "另一台值班机"]);
        configure(&b, &url, ESTATE);
        let r = run(&b, &["company", "push"]);
        assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(ESTATE), "{}", r.stderr);
        assert!(r.stderr.contains("refused"), "{}", r.stderr);
        assert!(r.stderr.contains('#'), "names the event: {}", r.stderr);
        assert_eq!(server_events(cluster, &url, ESTATE), before);
        let zh = Run::from_output(
            company(&b)
                .env("DUTYDESK_LANG", "zh")
                .args(["company", "push"])
                .output()
                .unwrap(),
        );
        assert_eq!(zh.code, 1);
        assert!(zh.stderr.contains("拒绝推送"), "{}", zh.stderr);
        assert!(zh.stderr.contains(ESTATE), "{}", zh.stderr);
    }
}

#[test]
fn a_file_restored_from_an_old_backup_is_refused() {
    let cluster = pg::shared();
    let url = cluster.database("old_backup");
    let mut d = desk(10);
    configure(&d, &url, ESTATE);
    let backup = d.path("old.db");
    d.ok(&["backup", backup.to_str().unwrap()]);
    d.set_now("2026-11-25T10:10:00+08:00");
    d.add(&["log", "--summary", "备份之后"]);
    push(&d);
    let before = server_events(cluster, &url, ESTATE);

    // The old file back in place: behind the server.
    std::fs::copy(&backup, &d.db).unwrap();
    let r = run(&d, &["company", "push"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("old backup"), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("#{}", before.len())),
        "{}",
        r.stderr
    );

    // And written on since: the same numbers, another history.
    d.set_now("2026-11-25T10:20:00+08:00");
    d.add(&["log", "--summary", "恢复之后"]);
    d.add(&["log", "--summary", "恢复之后 2"]);
    let r = run(&d, &["company", "push"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("differs"), "{}", r.stderr);
    assert!(r.stderr.contains(ESTATE), "{}", r.stderr);
    assert_eq!(server_events(cluster, &url, ESTATE), before);
}

#[test]
fn two_estates_share_one_database() {
    let cluster = pg::shared();
    let url = cluster.database("two_estates");
    let a = desk(10);
    configure(&a, &url, ESTATE);
    push(&a);
    let b = desk(12);
    configure(&b, &url, "翠湖苑");
    push(&b);
    assert_eq!(server_events(cluster, &url, ESTATE), a.events());
    assert_eq!(server_events(cluster, &url, "翠湖苑"), b.events());
}

#[test]
fn init_creates_the_schema_once() {
    let cluster = pg::shared();
    let url = cluster.database("init_once");
    let d = Desk::new(NOW);
    configure(&d, &url, ESTATE);
    // Every file of src/company/schema, by its number.
    let mut versions: Vec<i64> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/company/schema"))
            .unwrap()
            .filter_map(|f| f.unwrap().file_name().to_str()?.get(..3)?.parse().ok())
            .collect();
    versions.sort();
    let list: Vec<String> = versions.iter().map(i64::to_string).collect();
    let r = run(&d, &["company", "init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(&format!("applied: {}", list.join(", "))),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains(pg::PASSWORD), "{}", r.stdout);
    let r = run(&d, &["company", "init"]);
    assert!(
        r.stdout.contains(&format!(
            "up to date (version {})",
            versions.last().unwrap()
        )),
        "{}",
        r.stdout
    );
    assert_eq!(
        server_count(cluster, &url, "SELECT count(*) FROM company_schema"),
        versions.len() as i64
    );
}

#[test]
fn wrong_settings_exit_2_naming_the_key_and_never_print_the_password() {
    let d = desk(2);
    for (text, key) in [
        (
            "[company]\nurl = \"mysql://u:hunter2@h/d\"\nestate = \"x\"\n",
            "company.url",
        ),
        (
            "[company]\nurl = \"postgresql://u:hunter2@h/d?bogus=1\"\nestate = \"x\"\n",
            "company.url",
        ),
        (
            "[company]\nurl = \"postgresql://u:hunter2@h/d\"\n",
            "company.estate",
        ),
        ("[company]\nestate = \"x\"\n", "company.url"),
        ("estate = \"x\"\n", "company.url"),
    ] {
        let path = d.path("company.toml");
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let r = run(&d, &["company", "push"]);
        assert_eq!(r.code, 2, "{text}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(key), "{text}: {}", r.stderr);
        assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
    }
    // Readable by others with a password in it: refused, naming the file.
    let path = d.path("company.toml");
    std::fs::write(
        &path,
        "[company]\nurl = \"postgresql://u:hunter2@h/d\"\nestate = \"x\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let r = run(&d, &["company", "push"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("chmod 600"), "{}", r.stderr);
    // `config` shows it masked.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let r = run(&d, &["config"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("url = \"postgresql://u:***@h/d\""),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("hunter2"));
}

#[test]
fn a_wrong_password_or_a_missing_server_fails_without_printing_the_password() {
    let cluster = pg::shared();
    let url = cluster.database("wrong_password");
    let d = desk(2);
    let wrong = url.replace(pg::PASSWORD, "not-the-Pw_19");
    configure(&d, &wrong, ESTATE);
    let r = run(&d, &["company", "push"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("not-the-Pw_19"), "{}", r.stderr);
    assert!(
        r.stderr.contains("password authentication failed"),
        "{}",
        r.stderr
    );
    let nowhere = url.replace(
        &url[url.find('@').unwrap() + 1..url.rfind('/').unwrap()],
        "%2Fno%2Fsuch%2Fdir",
    );
    configure(&d, &nowhere, ESTATE);
    let r = run(&d, &["company", "push"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("cannot be reached"), "{}", r.stderr);
    assert!(!r.stderr.contains(pg::PASSWORD), "{}", r.stderr);
}

/// Start a push of one event per transaction; wait until the server holds some of it.
/// The caller waits for the child it gets back.
#[allow(clippy::zombie_processes)]
fn push_started(cluster: &Cluster, url: &str, d: &Desk) -> std::process::Child {
    let mut child = company(d)
        .args(["company", "push", "--batch", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        let db = url.rsplit('/').next().unwrap();
        let n: i64 = postgres::Client::connect(&cluster.url(db), postgres::NoTls)
            .ok()
            .and_then(|mut c| c.query_one("SELECT count(*) FROM events", &[]).ok())
            .map_or(0, |r| r.get(0));
        if n > 5 {
            return child;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the push never started");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_push_killed_mid_run_resumes_with_nothing_lost_or_doubled() {
    let cluster = pg::shared();
    let url = cluster.database("killed");
    let d = desk(150);
    configure(&d, &url, ESTATE);
    let mut child = push_started(cluster, &url, &d);
    // SAFETY: a signal to the child this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    child.wait().unwrap();
    let part = server_events(cluster, &url, ESTATE);
    assert!(
        !part.is_empty() && part.len() < d.events().len(),
        "{} of {}",
        part.len(),
        d.events().len()
    );
    assert_eq!(part[..], d.events()[..part.len()]);
    push(&d);
    same(cluster, &url, &d);
}

#[test]
fn a_server_stopped_mid_push_loses_nothing_and_the_push_resumes() {
    let cluster = Cluster::start();
    let db = "stopped";
    cluster
        .client("postgres")
        .batch_execute(&format!("CREATE DATABASE {db}"))
        .unwrap();
    let url = cluster.url(db);
    let d = desk(150);
    configure(&d, &url, ESTATE);
    let child = push_started(&cluster, &url, &d);
    cluster.stop_server();
    let out = child.wait_with_output().unwrap();
    let r = Run::from_output(out);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains(pg::PASSWORD), "{}", r.stderr);
    // And while it is down.
    let r = run(&d, &["company", "push"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("cannot be reached"), "{}", r.stderr);
    assert!(r.stderr.contains("resumes"), "{}", r.stderr);
    cluster.start_server();
    let part = server_events(&cluster, &url, ESTATE);
    assert!(part.len() < d.events().len());
    assert_eq!(part[..], d.events()[..part.len()]);
    push(&d);
    same(&cluster, &url, &d);
}

/// The roles docs/company.md tells the company to create, run as written there.
fn documented_roles() -> String {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/company.md")).unwrap();
    let roles = &doc[doc.find("## Roles").expect("a Roles section")..];
    let start = roles.find("```sql\n").expect("an SQL block") + 7;
    roles[start..start + roles[start..].find("```").unwrap()].to_string()
}

#[test]
fn the_documented_push_role_can_push_and_never_delete_and_the_read_role_only_reads() {
    let cluster = pg::shared();
    let owner_url = cluster.database("roles");
    let d = desk(10);
    configure(&d, &owner_url, ESTATE);
    assert_eq!(run(&d, &["company", "init"]).code, 0);
    let sql = documented_roles()
        .replace("DATABASE company", "DATABASE roles")
        .replace("CHANGE-ME-push", "push-Pw")
        .replace("CHANGE-ME-read", "read-Pw");
    cluster.client("roles").batch_execute(&sql).unwrap();

    configure(
        &d,
        &cluster.url_as("dutydesk_push", "push-Pw", "roles"),
        ESTATE,
    );
    push(&d);
    same(cluster, &owner_url, &d);
    let mut pusher = postgres::Client::connect(
        &cluster.url_as("dutydesk_push", "push-Pw", "roles"),
        postgres::NoTls,
    )
    .unwrap();
    for refused in [
        "DELETE FROM events",
        "UPDATE events SET payload = ''",
        "DELETE FROM records",
        "DROP TABLE events",
        "UPDATE estates SET estate = 'x'",
    ] {
        let e = pusher.batch_execute(refused).expect_err(refused);
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{refused}: {e}"
        );
    }
    let mut reader = postgres::Client::connect(
        &cluster.url_as("dutydesk_read", "read-Pw", "roles"),
        postgres::NoTls,
    )
    .unwrap();
    let n: i64 = reader
        .query_one("SELECT count(*) FROM events", &[])
        .unwrap()
        .get(0);
    assert_eq!(n as usize, d.events().len());
    let e = reader
        .batch_execute("INSERT INTO estates (estate) VALUES ('x')")
        .expect_err("the read role cannot write");
    assert_eq!(
        e.code(),
        Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE)
    );

    // The push role cannot create the schema in an empty database: said plainly.
    let empty = cluster.database("roles_empty");
    let _ = empty;
    cluster
        .client("roles_empty")
        .batch_execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT CONNECT ON DATABASE roles_empty TO dutydesk_push")
        .unwrap();
    configure(
        &d,
        &cluster.url_as("dutydesk_push", "push-Pw", "roles_empty"),
        ESTATE,
    );
    let r = run(&d, &["company", "push"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("company init"), "{}", r.stderr);
}

fn sorted_ids(v: &serde_json::Value) -> Vec<String> {
    let mut ids = common::ids(v);
    ids.sort();
    ids
}

#[test]
fn overdue_on_the_server_is_the_desks_overdue_at_any_time() {
    let cluster = pg::shared();
    let url = cluster.database("overdue");
    let mut d = desk(80);
    configure(&d, &url, ESTATE);
    push(&d);
    let other = desk(5);
    configure(&other, &url, "翠湖苑");
    push(&other);
    // Now, then later: the server counts by the clock it is given, without a new push.
    for now in [
        NOW,
        "2026-11-25T18:00:00+08:00",
        "2026-11-28T09:00:00+08:00",
    ] {
        d.set_now(now);
        let desk_overdue = d.json(&["list", "--overdue", "--limit", "0"]);
        let r = Run::from_output(
            company(&d)
                .args([
                    "company", "overdue", "--estate", ESTATE, "--limit", "0", "--json",
                ])
                .output()
                .unwrap(),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let server = r.json();
        let items = &server["items"];
        assert_eq!(sorted_ids(items), sorted_ids(&desk_overdue), "at {now}");
        assert!(
            !desk_overdue.as_array().unwrap().is_empty(),
            "the demo has overdue work at {now}"
        );
        assert_eq!(server["estates"][0]["estate"], ESTATE);
        assert_eq!(
            server["estates"][0]["overdue"],
            items.as_array().unwrap().len()
        );
        assert_eq!(server["estates"].as_array().unwrap().len(), 1);
    }
    // Every estate, with the total.
    let all = run(&d, &["company", "overdue", "--json"]).json();
    let estates = all["estates"].as_array().unwrap();
    assert_eq!(estates.len(), 2);
    let sum: i64 = estates.iter().map(|e| e["overdue"].as_i64().unwrap()).sum();
    assert_eq!(all["total"], sum);
    // The list is cut at --limit; the counts are not.
    let one = run(&d, &["company", "overdue", "--limit", "1", "--json"]).json();
    assert_eq!(one["items"].as_array().unwrap().len(), 1);
    assert_eq!(one["total"], sum);
}

#[test]
fn an_event_changed_behind_the_desks_back_is_not_pushed() {
    let cluster = pg::shared();
    let url = cluster.database("tampered");
    let d = desk(20);
    configure(&d, &url, ESTATE);
    let events = d.events();
    let bad = events[events.len() / 2].0;
    rusqlite::Connection::open(&d.db)
        .unwrap()
        .execute(
            "UPDATE events SET operator = operator || 'x' WHERE seq = ?1",
            [bad],
        )
        .unwrap();
    let r = run(&d, &["company", "push", "--batch", "3"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("broken at event #{bad}")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("dutydesk verify"), "{}", r.stderr);
    // What came before it is stored (whole batches), nothing from it on.
    let stored = server_events(cluster, &url, ESTATE);
    assert!(
        stored.len() < bad as usize,
        "{} stored, broken at {bad}",
        stored.len()
    );
    assert_eq!(stored[..], events[..stored.len()]);
}

fn callbacks(c: &serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "resolved": c["resolved"], "called_back": c["called_back"],
        "rate": c["rate"], "target": c["target"],
    })
}

/// A report's figures the company report gives too, deadlines without those never kept nor
/// missed nor overdue (the server lists only deadlines it has rows of).
fn main_figures(r: &serde_json::Value) -> serde_json::Value {
    let mut deadlines = serde_json::Map::new();
    for (name, k) in r["deadlines"].as_object().unwrap() {
        let kept = serde_json::json!({
            "met": k["met"], "missed": k["missed"], "open_overdue": k["open_overdue"],
        });
        if kept.as_object().unwrap().values().any(|n| n != 0) {
            deadlines.insert(name.clone(), kept);
        }
    }
    serde_json::json!({
        "records": r["records"],
        "voided": r["voided"],
        "calls_by_kind": r["calls_by_kind"],
        "complaints_by_class": r["complaints_by_class"],
        "urgent_repairs": r["urgent_repairs"],
        "deadlines": deadlines,
        "complaint_callbacks": callbacks(&r["complaint_callbacks"]),
        "repair_callbacks": callbacks(&r["repair_callbacks"]),
    })
}

#[test]
fn the_company_report_of_an_estate_is_its_desks_report_and_estates_add_up() {
    let cluster = pg::shared();
    let url = cluster.database("report");
    let a = desk(300);
    configure(&a, &url, ESTATE);
    push(&a);
    let b = desk(120);
    configure(&b, &url, "翠湖苑");
    push(&b);
    for (period, date) in [
        ("weekly", "2026-11-24"),
        ("weekly", "2026-11-17"),
        ("daily", "2026-11-24"),
        ("monthly", "2026-11-01"),
    ] {
        let mut totals = Vec::new();
        for (d, estate) in [(&a, ESTATE), (&b, "翠湖苑")] {
            let own = d.json(&["report", period, "--date", date]);
            let r = run(
                d,
                &[
                    "company", "report", period, "--date", date, "--estate", estate, "--json",
                ],
            );
            assert_eq!(r.code, 0, "{}", r.stderr);
            let server = r.json();
            assert_eq!(server["from"], own["from"]);
            assert_eq!(server["to"], own["to"]);
            let estates = server["estates"].as_array().unwrap();
            assert_eq!(estates.len(), 1);
            assert_eq!(estates[0]["estate"], estate);
            assert_eq!(
                main_figures(&estates[0]),
                main_figures(&own),
                "{estate} {period} {date}"
            );
            assert_eq!(main_figures(&server["total"]), main_figures(&own));
            totals.push(main_figures(&own));
        }
        // The demo's weeks have work, missed deadlines among it.
        if period == "weekly" {
            assert!(totals[0]["records"].as_i64().unwrap() > 0, "{date}");
        }
        let all = run(&a, &["company", "report", period, "--date", date, "--json"]).json();
        let estates = all["estates"].as_array().unwrap();
        assert_eq!(estates.len(), 2);
        let sum = |key: &str| -> i64 { totals.iter().map(|t| t[key].as_i64().unwrap()).sum() };
        for key in ["records", "voided", "urgent_repairs"] {
            assert_eq!(all["total"][key], sum(key), "{key} {period} {date}");
        }
        for rate in ["complaint_callbacks", "repair_callbacks"] {
            for key in ["resolved", "called_back"] {
                let sum: i64 = totals.iter().map(|t| t[rate][key].as_i64().unwrap()).sum();
                assert_eq!(all["total"][rate][key], sum, "{rate} {key} {period} {date}");
            }
        }
        let complaints = |v: &serde_json::Value| -> i64 {
            v["complaints_by_class"]
                .as_object()
                .unwrap()
                .values()
                .map(|n| n.as_i64().unwrap())
                .sum()
        };
        assert_eq!(
            complaints(&all["total"]),
            totals.iter().map(complaints).sum::<i64>()
        );
        let missed = |v: &serde_json::Value| -> i64 {
            v["deadlines"]
                .as_object()
                .unwrap()
                .values()
                .map(|k| k["missed"].as_i64().unwrap())
                .sum()
        };
        assert_eq!(
            missed(&all["total"]),
            totals.iter().map(missed).sum::<i64>()
        );
    }
    let week = run(
        &a,
        &[
            "company",
            "report",
            "weekly",
            "--date",
            "2026-11-24",
            "--json",
        ],
    )
    .json();
    assert!(
        week["total"]["deadlines"]
            .as_object()
            .unwrap()
            .values()
            .any(|k| k["missed"].as_i64().unwrap() > 0 || k["open_overdue"].as_i64().unwrap() > 0),
        "the demo week has deadlines not kept: {week}"
    );
    for rate in ["complaint_callbacks", "repair_callbacks"] {
        let c = &week["total"][rate];
        assert!(c["resolved"].as_i64().unwrap() > 0, "{rate}: {c}");
        assert!(c["called_back"].as_i64().unwrap() > 0, "{rate}: {c}");
        assert!(c["rate"].as_f64().is_some(), "{rate}: {c}");
    }
    // In words too.
    let text = run(&a, &["company", "report", "weekly", "--date", "2026-11-24"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.contains("翠湖苑") && text.stdout.contains("total"),
        "{}",
        text.stdout
    );
}

#[test]
fn a_bad_date_or_an_unknown_estate_exits_2_naming_the_flag() {
    let cluster = pg::shared();
    let url = cluster.database("report_bad");
    let d = desk(5);
    configure(&d, &url, ESTATE);
    push(&d);
    for date in ["2026-13-01", "yesterday", "1999-12-31"] {
        let r = run(&d, &["company", "report", "weekly", "--date", date]);
        assert_eq!(r.code, 2, "{date}: {}", r.stderr);
        assert!(r.stderr.contains("--date"), "{}", r.stderr);
        assert!(r.stdout.is_empty());
    }
    for command in [&["report", "weekly"][..], &["overdue"][..]] {
        let mut args = vec!["company"];
        args.extend_from_slice(command);
        args.extend_from_slice(&["--estate", "翠湖苑"]);
        let r = run(&d, &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("--estate") && r.stderr.contains(ESTATE),
            "{}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
    let zh = Run::from_output(
        company(&d)
            .env("DUTYDESK_LANG", "zh")
            .args(["company", "report", "weekly", "--estate", "翠湖苑"])
            .output()
            .unwrap(),
    );
    assert_eq!(zh.code, 2, "{}", zh.stderr);
    assert!(
        zh.stderr.contains("--estate: 公司服务器上没有项目"),
        "{}",
        zh.stderr
    );
    // The estate it holds is fine, and so is the last day of the range.
    let r = run(
        &d,
        &[
            "company",
            "report",
            "weekly",
            "--estate",
            ESTATE,
            "--date",
            "2026-11-24",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// `company push` to the TLS cluster with the URL's query `options`: its outcome.
fn push_tls(cluster: &Cluster, d: &Desk, host: &str, options: &str) -> Run {
    configure(d, &cluster.tcp_url(host, "tls", options), ESTATE);
    run(d, &["company", "push", "--json"])
}

#[test]
fn a_push_over_tls_trusts_the_company_ca_named_in_the_url_and_nothing_less() {
    let cluster = Cluster::start_tls();
    cluster
        .client("postgres")
        .batch_execute("CREATE DATABASE tls")
        .unwrap();
    let socket = cluster.url("tls");
    let d = desk(5);
    let ca = cluster.tls_file("ca.pem").display().to_string();

    // verify-full with the company's CA: the certificate is made out for localhost.
    let r = push_tls(
        &cluster,
        &d,
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["events"], d.events().len());
    same(&cluster, &socket, &d);
    // Over TLS indeed: the server takes TCP connections over TLS only (hostssl).
    let r = push_tls(&cluster, &d, "localhost", "sslmode=disable");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("no encryption"), "{}", r.stderr);

    // With the CA, require and verify-ca (and the default prefer) check the chain to it only,
    // as libpq does: 127.0.0.1 is not the name on the certificate, and the push goes.
    for mode in ["require", "verify-ca", "prefer"] {
        d.add(&["log", "--summary", &format!("经 TLS ({mode}) 推送")]);
        let r = push_tls(
            &cluster,
            &d,
            "127.0.0.1",
            &format!("sslmode={mode}&sslrootcert={ca}"),
        );
        assert_eq!(r.code, 0, "{mode}: {}", r.stderr);
        assert_eq!(r.json()["events"], 1, "{mode}");
    }
    same(&cluster, &socket, &d);

    // verify-full compares the name: 127.0.0.1 is not on the certificate.
    d.add(&["log", "--summary", "不应送达"]);
    let r = push_tls(
        &cluster,
        &d,
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("its TLS certificate is not made out for the host '127.0.0.1'"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(pg::PASSWORD), "{}", r.stderr);

    // Without the CA, Mozilla's roots only: refused in every mode that uses TLS, the default
    // `prefer` too (a certificate is never taken unchecked).
    for options in [
        "sslmode=require",
        "sslmode=verify-full",
        "sslrootcert=system",
        "application_name=x",
    ] {
        let r = push_tls(&cluster, &d, "localhost", options);
        assert_eq!(r.code, 1, "{options}: {}", r.stderr);
        assert!(
            r.stderr
                .contains("its TLS certificate is not signed by a public CA")
                && r.stderr.contains("sslrootcert=/path/ca.pem"),
            "{options}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains(pg::PASSWORD), "{}", r.stderr);
    }

    // Another CA's file: refused even where any host name would do.
    pg::make_ca(&d.path(""), "other", "another company CA");
    let other = d.path("other.pem").display().to_string();
    for mode in ["verify-ca", "require"] {
        let r = push_tls(
            &cluster,
            &d,
            "localhost",
            &format!("sslmode={mode}&sslrootcert={other}"),
        );
        assert_eq!(r.code, 1, "{mode}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "its TLS certificate is not signed by the company's CA (sslrootcert '{other}')"
            )),
            "{}",
            r.stderr
        );
    }
    // Nothing of the refused pushes reached the server.
    assert_eq!(
        server_events(&cluster, &socket, ESTATE),
        d.events()[..d.events().len() - 1]
    );
}

#[test]
fn a_missing_or_bad_ca_file_or_tls_mode_exits_2_naming_the_key() {
    let d = desk(2);
    std::fs::write(d.path("garbage.pem"), "not a certificate at all\n").unwrap();
    std::fs::write(
        d.path("bad-block.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let dir = d.path("").display().to_string();
    for (options, why) in [
        (
            "sslrootcert=/no/such/ca.pem".to_string(),
            "sslrootcert '/no/such/ca.pem' cannot be read",
        ),
        (format!("sslrootcert={dir}"), "cannot be read"),
        (
            format!("sslmode=verify-ca&sslrootcert={dir}/garbage.pem"),
            "holds no certificate",
        ),
        (
            format!("sslrootcert={dir}/bad-block.pem"),
            "holds a block (#1) that is not a certificate",
        ),
        (
            "sslmode=verify-ca".to_string(),
            "sslmode=verify-ca needs the company's CA as sslrootcert",
        ),
        ("sslrootcert=".to_string(), "sslrootcert is empty"),
        (
            "sslrootcert=system&sslmode=require".to_string(),
            "sslrootcert=system needs sslmode=verify-full",
        ),
        ("sslmode=allow".to_string(), "sslmode 'allow' is not"),
    ] {
        let url = format!("postgresql://u:hunter2@db.example.com/company?{options}");
        configure(&d, &url, ESTATE);
        for args in [&["company", "push"][..], &["list"][..]] {
            let r = run(&d, args);
            assert_eq!(r.code, 2, "{options} {args:?}: {}{}", r.stdout, r.stderr);
            assert!(
                r.stderr.contains("company.url") && r.stderr.contains(why),
                "{options}: {}",
                r.stderr
            );
            assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
            assert!(r.stdout.is_empty(), "{}", r.stdout);
        }
    }
    // A good file and a percent-encoded path are taken (the push then fails to connect: 1).
    pg::make_ca(&d.path(""), "good", "a company CA");
    let encoded = d.path("good.pem").display().to_string().replace('/', "%2F");
    let url = format!(
        "postgresql://u:hunter2@%2Fno%2Fsuch%2Fdir/company?sslmode=verify-full&sslrootcert={encoded}"
    );
    configure(&d, &url, ESTATE);
    let r = run(&d, &["company", "push"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("cannot be reached"), "{}", r.stderr);
}

fn hex(bytes: &[u8]) -> String {
    let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("'\\x{digits}'::bytea")
}

/// `sql` in a transaction of its own is refused by the server's chain check, saying `why`.
fn refused_by_the_server(client: &mut postgres::Client, sql: &str, why: &str) {
    let e = client
        .batch_execute(&format!("BEGIN; {sql}; COMMIT"))
        .expect_err(sql);
    let _ = client.batch_execute("ROLLBACK");
    assert_eq!(
        e.code(),
        Some(&postgres::error::SqlState::CHECK_VIOLATION),
        "{sql}: {e:?}"
    );
    let message = e.as_db_error().unwrap().message().to_string();
    assert!(message.contains(why), "{sql}: {message}");
}

#[test]
fn the_server_refuses_events_that_do_not_continue_the_chain_whoever_writes_them() {
    let cluster = pg::shared();
    let owner = cluster.database("chain_server");
    let mut d = desk(10);
    configure(&d, &owner, ESTATE);
    assert_eq!(run(&d, &["company", "init"]).code, 0);
    // The documented push role, under a name of its own in the shared cluster.
    let sql = documented_roles()
        .replace("DATABASE company", "DATABASE chain_server")
        .replace("dutydesk_push", "chain_push")
        .replace("dutydesk_read", "chain_read")
        .replace("CHANGE-ME-push", "push-Pw")
        .replace("CHANGE-ME-read", "read-Pw");
    cluster.client("chain_server").batch_execute(&sql).unwrap();
    let as_pusher = cluster.url_as("chain_push", "push-Pw", "chain_server");
    configure(&d, &as_pusher, ESTATE);
    push(&d);
    same(cluster, &owner, &d);
    let events = d.events();
    let (last, last_hash) = events.last().unwrap().clone();
    let (before, before_hash) = events[events.len() - 2].clone();
    let mut p = postgres::Client::connect(&as_pusher, postgres::NoTls).unwrap();
    let e = format!("'{ESTATE}'");
    let event = |seq: i64, prev: &[u8], hash: &[u8]| {
        format!(
            "INSERT INTO events (estate, seq, record_id, at, written_at, operator, action, \
             payload, prev_hash, hash) VALUES ({e}, {seq}, 'L-2026-09999', now(), now(), \
             '伪造', 'create', '{{}}', {}, {})",
            hex(prev),
            hex(hash)
        )
    };
    let move_end = |seq: i64, hash: &[u8]| {
        format!(
            "UPDATE estates SET last_seq = {seq}, last_hash = {} WHERE estate = {e}",
            hex(hash)
        )
    };
    let forged = [7u8; 32];

    // A forged event whose previous hash is not the stored one, the end moved for it.
    refused_by_the_server(
        &mut p,
        &format!(
            "{}; {}",
            move_end(last + 1, &forged),
            event(last + 1, &[9; 32], &forged)
        ),
        &format!(
            "event #{} of estate '{ESTATE}' does not continue the chain",
            last + 1
        ),
    );
    // Its previous hash right, but the estate's end not moved to it.
    refused_by_the_server(
        &mut p,
        &event(last + 1, &last_hash, &forged),
        "its estate's chain end was not moved to it",
    );
    // Out of order: #last+2 with #last+1 missing.
    refused_by_the_server(
        &mut p,
        &format!(
            "{}; {}",
            move_end(last + 2, &forged),
            event(last + 2, &last_hash, &forged)
        ),
        &format!("event #{} of estate", last + 2),
    );
    // Two in one statement, the second not continuing the first.
    refused_by_the_server(
        &mut p,
        &format!(
            "{}; {}, ({e}, {}, 'L-2026-09999', now(), now(), '伪造', 'create', '{{}}', {}, {})",
            move_end(last + 2, &[8; 32]),
            event(last + 1, &last_hash, &forged),
            last + 2,
            hex(&[9; 32]),
            hex(&[8; 32])
        ),
        &format!("event #{} of estate", last + 2),
    );
    // The end moved past the events stored, or to a hash that is not the stored one.
    refused_by_the_server(
        &mut p,
        &move_end(last + 1, &forged),
        "is not an event stored with that hash",
    );
    refused_by_the_server(&mut p, &move_end(last, &forged), "moves only forward");
    // Backwards.
    refused_by_the_server(
        &mut p,
        &move_end(before, &before_hash),
        "moves only forward",
    );
    // A new estate may only start at the genesis hash.
    refused_by_the_server(
        &mut p,
        &format!(
            "INSERT INTO estates (estate, last_seq, last_hash) VALUES ('翠湖苑', 0, {})",
            hex(&forged)
        ),
        "holds no event",
    );
    refused_by_the_server(
        &mut p,
        &format!(
            "INSERT INTO estates (estate, last_seq, last_hash) VALUES ('翠湖苑', 3, {})",
            hex(&forged)
        ),
        "is not an event stored with that hash",
    );
    // A batch re-sent whole is stored once, and passes.
    let again = p
        .execute(
            "INSERT INTO events SELECT * FROM events WHERE estate = $1 ON CONFLICT DO NOTHING",
            &[&ESTATE],
        )
        .unwrap();
    assert_eq!(again, 0);
    same(cluster, &owner, &d);

    // The real push is unaffected.
    d.set_now("2026-11-25T10:05:00+08:00");
    d.add(&["log", "--summary", "巡查正常"]);
    assert_eq!(push(&d)["events"], 1);
    same(cluster, &owner, &d);

    // What the server cannot tell: an event linked right but made up (it cannot recompute a
    // BLAKE3 hash). It is stored; then the desk's next push is refused, loudly.
    let (last, last_hash) = d.events().last().unwrap().clone();
    p.batch_execute(&format!(
        "BEGIN; {}; {}; COMMIT",
        move_end(last + 1, &forged),
        event(last + 1, &last_hash, &forged)
    ))
    .unwrap();
    d.add(&["log", "--summary", "本机的下一条"]);
    let r = run(&d, &["company", "push"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("refused"), "{}", r.stderr);
}
