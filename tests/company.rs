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
fn push_started(cluster: &Cluster, url: &str, d: &Desk) -> std::process::Child {
    push_started_past(cluster, url, d, "SELECT count(*) FROM events", 5)
}

/// Start a push of one event (record row, directory change) per transaction; wait until the
/// server's `count` is past `past` (a table not made yet counts 0). The caller waits for the
/// child it gets back.
#[allow(clippy::zombie_processes)]
fn push_started_past(
    cluster: &Cluster,
    url: &str,
    d: &Desk,
    count: &str,
    past: i64,
) -> std::process::Child {
    let mut child = company(d)
        .args(["company", "push", "--batch", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let db = url.rsplit('/').next().unwrap();
    let start = Instant::now();
    loop {
        let n: i64 = postgres::Client::connect(&cluster.url(db), postgres::NoTls)
            .ok()
            .and_then(|mut c| c.query_one(count, &[]).ok())
            .map_or(0, |r| r.get(0));
        if n > past {
            return child;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the push never got past {past}: {count}");
        }
        std::thread::sleep(Duration::from_millis(5));
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

/// Every figure the company report adds to the main ones (schema 3), as the desk's report
/// gives it: deadlines with their still-open count, the visits, signed visits and callbacks
/// owed, quality follow-ups, satisfaction, handovers; the daily lists; the complaint analysis.
fn added_figures(r: &serde_json::Value) -> serde_json::Value {
    // The day's incidents: `incidents` on the desk, `daily_incidents` on the server (there
    // `incidents` counts them, in every period).
    let incidents = match &r["incidents"] {
        serde_json::Value::Array(_) => r["incidents"].clone(),
        _ => r["daily_incidents"].clone(),
    };
    let rate = |c: &serde_json::Value| {
        serde_json::json!({
            "on_site": c["on_site"], "signed_visits": c["signed_visits"], "owed": c["owed"],
            "signed_visit_rate": c["signed_visit_rate"],
        })
    };
    serde_json::json!({
        "deadlines": r["deadlines"],
        "complaint_callbacks": rate(&r["complaint_callbacks"]),
        "repair_callbacks": rate(&r["repair_callbacks"]),
        "quality_callbacks": r["quality_callbacks"],
        "satisfaction": r["satisfaction"],
        "missed": r["missed"],
        "still_open": r["still_open"],
        "incidents": incidents,
        // The server lists the handovers written, not the shift changes without one.
        "late_handovers": r["late_handovers"].as_array().map(|l| {
            l.iter().filter(|h| !h["id"].is_null()).cloned().collect::<Vec<_>>()
        }),
        "complaint_analysis": r["complaint_analysis"],
        "callback_problems": r["callback_problems"],
    })
}

/// The handovers the server knows of (those written): the desk's counts less the shift
/// changes no handover was written for.
fn handovers_written(r: &serde_json::Value) -> serde_json::Value {
    let h = &r["handovers"];
    let never_written = r["late_handovers"]
        .as_array()
        .map_or(0, |l| l.iter().filter(|x| x["id"].is_null()).count() as i64);
    serde_json::json!({
        "signed_on_time": h["signed_on_time"], "signed_late": h["signed_late"],
        "not_signed": h["not_signed"].as_i64().unwrap() - never_written,
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
    // How much each added figure counted over the periods: none may be zero everywhere.
    let mut proven = std::collections::BTreeMap::<String, i64>::new();
    for (period, flag, date) in [
        ("weekly", "--date", "2026-11-24"),
        ("weekly", "--date", "2026-11-17"),
        ("daily", "--date", "2026-11-24"),
        ("daily", "--date", "2026-11-20"),
        ("daily", "--date", "2026-11-25"),
        ("monthly", "--date", "2026-11-01"),
        ("monthly", "--date", "2026-10-15"),
        ("quarterly", "--quarter", "2026Q4"),
        ("yearly", "--year", "2026"),
    ] {
        let mut totals = Vec::new();
        let mut added = Vec::new();
        for (d, estate) in [(&a, ESTATE), (&b, "翠湖苑")] {
            let own = d.json(&["report", period, flag, date]);
            let r = run(
                d,
                &[
                    "company", "report", period, flag, date, "--estate", estate, "--json",
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
            assert_eq!(
                added_figures(&estates[0]),
                added_figures(&own),
                "{estate} {period} {date}"
            );
            if period == "daily" {
                assert_eq!(
                    handovers_written(&estates[0]),
                    handovers_written(&own),
                    "{estate} {period} {date}"
                );
            }
            totals.push(main_figures(&own));
            added.push(own);
        }
        // The demo's weeks have work, missed deadlines among it.
        if period == "weekly" {
            assert!(totals[0]["records"].as_i64().unwrap() > 0, "{date}");
        }
        let all = run(&a, &["company", "report", period, flag, date, "--json"]).json();
        let count = |v: &serde_json::Value, path: &[&str]| -> i64 {
            let mut x = v;
            for p in path {
                x = &x[*p];
            }
            x.as_i64()
                .or_else(|| x.as_array().map(|a| a.len() as i64))
                .unwrap_or(0)
        };
        let count_of = |o: &serde_json::Value, path: &[&str]| {
            if path == ["daily_incidents"] {
                o["incidents"].as_array().map_or(0, |a| a.len() as i64)
            } else {
                count(o, path)
            }
        };
        for path in [
            &["complaint_callbacks", "on_site"][..],
            &["complaint_callbacks", "signed_visits"],
            &["repair_callbacks", "owed"],
            &["quality_callbacks"],
            &["missed"],
            &["still_open"],
            &["daily_incidents"],
            &["complaint_analysis", "complaints"],
            &["complaint_analysis", "repeats"],
            &["complaint_analysis", "recurring"],
        ] {
            let sum: i64 = added.iter().map(|o| count_of(o, path)).sum();
            assert_eq!(count(&all["total"], path), sum, "{path:?} {period} {date}");
            proven.entry(format!("{period} {path:?}")).or_insert(0);
            *proven.get_mut(&format!("{period} {path:?}")).unwrap() += sum;
        }
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
    // Non-trivial: what the demo has counts in some period (the demo makes no signed visit,
    // quality follow-up, incident or repeated complaint: those are 0 on both sides).
    for what in [
        "daily [\"complaint_callbacks\", \"on_site\"]",
        "monthly [\"repair_callbacks\", \"owed\"]",
        "daily [\"missed\"]",
        "daily [\"still_open\"]",
        "weekly [\"complaint_analysis\", \"complaints\"]",
        "quarterly [\"complaint_analysis\", \"recurring\"]",
    ] {
        assert!(proven[what] > 0, "{what} is zero: {proven:?}");
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
    assert!(
        text.stdout.contains("recurring problems:\n"),
        "{}",
        text.stdout
    );
    let zh = Run::from_output(
        company(&a)
            .env("DUTYDESK_LANG", "zh")
            .args(["company", "report", "daily", "--date", "2026-11-24"])
            .output()
            .unwrap(),
    );
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    for words in [
        "合计",
        "当日到期的时限 (超时完成或仍超时):\n",
        "当日受理仍未办结: ",
        "满意度",
    ] {
        assert!(zh.stdout.contains(words), "{words}: {}", zh.stdout);
    }
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

/// One deadline's counts in a report: (met, missed, open_overdue, open).
fn kept(r: &serde_json::Value, name: &str) -> (i64, i64, i64, i64) {
    let k = &r["deadlines"][name];
    let n = |f: &str| k[f].as_i64().unwrap_or(0);
    (n("met"), n("missed"), n("open_overdue"), n("open"))
}

/// Worked by hand, at 12:00 on 25 November: five general repairs dispatched at their due
/// (met), a second before (met), a second after (missed), half a second before a due that a
/// pause to half past a second moved (met) and half a second after it (missed); and one
/// paused now, past the due its pause moved it to (paused, not overdue, on the desk and the
/// server alike).
#[test]
fn paused_deadlines_and_dues_to_the_second_count_as_on_the_desk() {
    let cluster = pg::shared();
    let url = cluster.database("by_hand");
    let mut d = Desk::new("2026-11-25T12:00:00+08:00");
    configure(&d, &url, ESTATE);
    fn repair(d: &Desk, at: &str) -> String {
        d.add(&[
            "repair",
            "--category",
            "general",
            "--room",
            "3-2-1201",
            "--location",
            "3号楼",
            "--summary",
            "水龙头滴水",
            "--phone",
            "13800138000",
            "--at",
            at,
        ])
    }
    fn dispatch(d: &Desk, id: &str, at: &str) {
        d.ok(&["act", id, "dispatch", "--to", "王师傅", "--at", at]);
    }
    fn pause(d: &Desk, id: &str, at: &str, until: &str) {
        d.ok(&[
            "act",
            id,
            "pause",
            "--reason",
            "业主不在家",
            "--at",
            at,
            "--until",
            until,
        ]);
    }
    fn both(d: &Desk) -> (serde_json::Value, serde_json::Value) {
        push(d);
        let own = d.json(&["report", "daily", "--date", "2026-11-25"]);
        let server = run(
            d,
            &[
                "company",
                "report",
                "daily",
                "--date",
                "2026-11-25",
                "--json",
            ],
        )
        .json();
        (own, server["estates"][0].clone())
    }
    // Received at 08:00, 08:10, 08:20: dispatch due 7 minutes later.
    let a = repair(&d, "2026-11-25T08:00:00+08:00");
    dispatch(&d, &a, "2026-11-25T08:07:00+08:00");
    let b = repair(&d, "2026-11-25T08:10:00+08:00");
    dispatch(&d, &b, "2026-11-25T08:16:59+08:00");
    let c = repair(&d, "2026-11-25T08:20:00+08:00");
    dispatch(&d, &c, "2026-11-25T08:27:01+08:00");
    // Received 08:30 (due 08:37), paused 08:31 to 08:41:00.5: due 08:47:00.5.
    let e = repair(&d, "2026-11-25T08:30:00+08:00");
    pause(
        &d,
        &e,
        "2026-11-25T08:31:00+08:00",
        "2026-11-25T08:41:00.5+08:00",
    );
    let f = repair(&d, "2026-11-25T08:30:00+08:00");
    pause(
        &d,
        &f,
        "2026-11-25T08:31:00+08:00",
        "2026-11-25T08:41:00.5+08:00",
    );
    let due = |d: &Desk, id: &str| -> String {
        let r = d.json(&["show", id]);
        r["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == "dispatch")
            .unwrap()["due"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        due(&d, &e),
        "2026-11-25T08:47:00+08:00",
        "printed to the second"
    );
    // The server holds that due to its fraction.
    push(&d);
    let db = url.rsplit('/').next().unwrap();
    let held: String = cluster
        .client(db)
        .query_one(
            "SELECT d->>'due' FROM records, jsonb_array_elements(deadlines) d
              WHERE id = $1 AND d->>'name' = 'dispatch'",
            &[&e],
        )
        .unwrap()
        .get(0);
    assert_eq!(held, "2026-11-25T00:47:00.500Z");
    // At 08:47:00 (the clock counts whole seconds) e and f are not due yet: not overdue; at
    // 08:47:01 they are.
    d.set_now("2026-11-25T08:47:00+08:00");
    let (own, server) = both(&d);
    assert_eq!(kept(&own, "dispatch"), (2, 1, 0, 2), "{own}");
    assert_eq!(kept(&server, "dispatch"), (2, 1, 0, 2), "{server}");
    d.set_now("2026-11-25T08:47:01+08:00");
    let (own, server) = both(&d);
    assert_eq!(kept(&own, "dispatch"), (2, 1, 2, 0), "{own}");
    assert_eq!(kept(&server, "dispatch"), (2, 1, 2, 0), "{server}");
    d.set_now("2026-11-25T12:00:00+08:00");
    // Done half a second before and half a second after that due.
    dispatch(&d, &e, "2026-11-25T08:47:00+08:00");
    dispatch(&d, &f, "2026-11-25T08:47:01+08:00");
    // Received 11:00 (due 11:07), paused 11:50 to 12:30: due 11:47, and at 12:00 paused.
    let g = repair(&d, "2026-11-25T11:00:00+08:00");
    pause(
        &d,
        &g,
        "2026-11-25T11:50:00+08:00",
        "2026-11-25T12:30:00+08:00",
    );
    let (own, server) = both(&d);
    let server = &server;
    // The desk, by hand: a, b, e met; c, f missed; g open (paused), none overdue.
    assert_eq!(kept(&own, "dispatch"), (3, 2, 0, 1), "{own}");
    assert_eq!(kept(server, "dispatch"), (3, 2, 0, 1), "{server}");
    assert_eq!(server["deadlines"], own["deadlines"]);
    let missed: Vec<(&str, &str)> = server["missed"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["deadline"] == "dispatch")
        .map(|m| (m["id"].as_str().unwrap(), m["due"].as_str().unwrap()))
        .collect();
    assert_eq!(
        missed,
        vec![
            (c.as_str(), "2026-11-25T08:27:00+08:00"),
            (f.as_str(), "2026-11-25T08:47:00+08:00")
        ]
    );
    assert_eq!(server["missed"], own["missed"]);
    // `company overdue` is the desk's overdue list: g is not in it while its pause holds.
    let overdue = |d: &Desk| {
        let r = run(d, &["company", "overdue", "--limit", "0", "--json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        sorted_ids(&r.json()["items"])
    };
    assert!(!overdue(&d).contains(&g));
    assert_eq!(
        overdue(&d),
        sorted_ids(&d.json(&["list", "--overdue", "--limit", "0"]))
    );
    // Just before the pause ends (12:30) g is paused; just after, its due (11:47) has passed.
    d.set_now("2026-11-25T12:29:59+08:00");
    let (own, server) = both(&d);
    assert_eq!(kept(&own, "dispatch"), (3, 2, 0, 1));
    assert_eq!(kept(&server, "dispatch"), (3, 2, 0, 1));
    d.set_now("2026-11-25T12:30:00+08:00");
    let (own, server) = both(&d);
    assert_eq!(kept(&own, "dispatch"), (3, 2, 1, 0));
    assert_eq!(server["deadlines"], own["deadlines"]);
    assert!(overdue(&d).contains(&g));
    // A handover written and signed late: listed on both, with its record.
    d.ok(&["handover", "note", "3号楼水龙头待修"]);
    // The 20:00 change's handover, signed at 20:45: after its 30-minute window.
    d.set_now("2026-11-25T20:45:00+08:00");
    d.ok(&["handover", "sign", "--by", "李四"]);
    let (own, server) = both(&d);
    let late = server["late_handovers"].as_array().unwrap();
    assert!(late.iter().any(|h| !h["id"].is_null()), "{server}");
    assert_eq!(added_figures(&server), added_figures(&own));
    assert_eq!(handovers_written(&server), handovers_written(&own));
}

/// Rows pushed before schema 3 (no callback form, no pause, no lateness) are folded again by
/// the next push, and the report is the desk's again.
#[test]
fn rows_folded_by_an_older_pusher_are_folded_again() {
    let cluster = pg::shared();
    let url = cluster.database("refold");
    let d = desk(150);
    configure(&d, &url, ESTATE);
    push(&d);
    let ask = || {
        run(
            &d,
            &[
                "company",
                "report",
                "weekly",
                "--date",
                "2026-11-24",
                "--json",
            ],
        )
        .json()["estates"][0]
            .clone()
    };
    let before = ask();
    let db = url.rsplit('/').next().unwrap();
    let old = cluster
        .client(db)
        .execute(
            "UPDATE records SET folded_version = 0, callback_form = NULL, satisfaction = NULL,
                    status_open = false,
                    deadlines = (SELECT coalesce(jsonb_agg(d - 'late' - 'held_since'
                                                           - 'held_until'), '[]')
                                   FROM jsonb_array_elements(deadlines) d)",
            &[],
        )
        .unwrap();
    assert!(old > 0);
    assert_ne!(ask(), before, "the old rows lack figures");
    let again = push(&d);
    assert_eq!(again["events"], 0);
    assert_eq!(ask(), before);
    assert_eq!(
        server_count(
            cluster,
            &url,
            "SELECT count(*) FROM records WHERE folded_version < 3"
        ),
        0
    );
    // --refold folds every row again, whoever wrote it.
    let r = run(&d, &["company", "push", "--refold", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["refolded"], old);
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

#[test]
fn a_desk_proves_itself_with_its_client_certificate_when_the_server_asks_for_one() {
    let cluster = Cluster::start_tls();
    let mut admin = cluster.client("postgres");
    admin
        .batch_execute(&format!("CREATE ROLE {} LOGIN", pg::CERT_ROLE))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE certs OWNER {}", pg::CERT_ROLE))
        .unwrap();
    let d = desk(5);
    let dir = d.path("");
    let ca = cluster.tls_file("ca.pem").display().to_string();
    cluster.make_client_cert(&dir, "desk", pg::CERT_ROLE);
    let file = |name: &str| d.path(name).display().to_string();
    let with = |cert: &str, key: &str| {
        let options = format!("sslmode=verify-full&sslrootcert={ca}&sslcert={cert}&sslkey={key}");
        configure(&d, &cluster.cert_url("certs", &options), ESTATE);
        run(&d, &["company", "push", "--json"])
    };

    // The certificate the server's CA signed, for the role's name: the push goes, no password.
    let r = with(&file("desk.pem"), &file("desk.key"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["events"], d.events().len());

    // Without one, the server refuses the role (exit 1, its words).
    d.add(&["log", "--summary", "无证书不应送达"]);
    configure(
        &d,
        &cluster.cert_url("certs", &format!("sslmode=verify-full&sslrootcert={ca}")),
        ESTATE,
    );
    let r = run(&d, &["company", "push"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("connection requires a valid client certificate"),
        "{}",
        r.stderr
    );

    // A certificate from a CA the server does not trust: refused, said so.
    pg::make_ca(&dir, "rogue", "a rogue CA");
    pg::make_client_cert_by(
        &dir,
        "stranger",
        pg::CERT_ROLE,
        &d.path("rogue.pem"),
        &d.path("rogue.key"),
    );
    let r = with(&file("stranger.pem"), &file("stranger.key"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "the server refused this desk's certificate (sslcert '{}')",
            file("stranger.pem")
        )),
        "{}",
        r.stderr
    );
    // Nothing of the refused pushes reached the server.
    let held: i64 = cluster
        .client("certs")
        .query_one("SELECT count(*) FROM events", &[])
        .unwrap()
        .get(0);
    assert_eq!(held as usize, d.events().len() - 1);

    // Files the desk cannot use: exit 2 naming company.url, nothing sent, for every command.
    std::fs::copy(d.path("desk.key"), d.path("open.key")).unwrap();
    std::fs::set_permissions(d.path("open.key"), std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(d.path("nokey.pem"), "not a key\n").unwrap();
    std::fs::set_permissions(d.path("nokey.pem"), std::fs::Permissions::from_mode(0o600)).unwrap();
    for (cert, key, why) in [
        (
            file("desk.pem"),
            file("open.key"),
            "may be read by others (mode 644): chmod 600",
        ),
        (
            file("desk.pem"),
            file("stranger.key"),
            "is not the key of sslcert",
        ),
        (file("desk.pem"), file("nokey.pem"), "holds no private key"),
        (file("desk.key"), file("desk.key"), "holds no certificate"),
        (
            "/no/such.pem".into(),
            file("desk.key"),
            "sslcert '/no/such.pem' cannot be read",
        ),
        (
            file("desk.pem"),
            "/no/such.key".into(),
            "sslkey '/no/such.key' cannot be read",
        ),
    ] {
        let r = with(&cert, &key);
        assert_eq!(r.code, 2, "{why}: {}", r.stderr);
        assert!(
            r.stderr.contains("company.url") && r.stderr.contains(why),
            "{why}: {}",
            r.stderr
        );
    }
    for (options, why) in [
        (
            format!("sslcert={}", file("desk.pem")),
            "sslcert needs its key as sslkey=",
        ),
        (
            format!("sslkey={}", file("desk.key")),
            "sslkey needs its certificate as sslcert=",
        ),
    ] {
        configure(&d, &cluster.cert_url("certs", &options), ESTATE);
        let r = run(&d, &["list"]);
        assert_eq!(r.code, 2, "{why}: {}", r.stderr);
        assert!(r.stderr.contains(why), "{}", r.stderr);
    }
    let held: i64 = cluster
        .client("certs")
        .query_one("SELECT count(*) FROM events", &[])
        .unwrap()
        .get(0);
    assert_eq!(held as usize, d.events().len() - 1);
}

#[test]
fn a_report_that_cannot_reach_the_server_says_so_without_speaking_of_a_push() {
    let d = desk(2);
    configure(
        &d,
        "postgresql://u:hunter2@%2Fno%2Fsuch%2Fdir/company",
        ESTATE,
    );
    for args in [
        &["company", "report", "daily"][..],
        &["company", "overdue"][..],
        &["company", "init"][..],
    ] {
        let r = run(&d, args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("cannot be reached"), "{}", r.stderr);
        assert!(!r.stderr.contains("push"), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
    }
    let r = run(&d, &["company", "push"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("the next push resumes where this one stopped"),
        "{}",
        r.stderr
    );
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

/// The monthly review's problems found on callbacks: the follow-up an unsatisfied callback
/// opened, listed by the server as the desk lists it (its record, notice, resolution), in the
/// estate and in the total; a work order's follow-up is not one.
#[test]
fn the_company_monthly_lists_the_problems_found_on_callbacks_as_the_desk_does() {
    let cluster = pg::shared();
    let url = cluster.database("callback_problems");
    let d = Desk::new("2026-11-25T12:00:00+08:00");
    configure(&d, &url, ESTATE);
    let (id, follow) = d.unsatisfied_follow_up("3-2-1201", "水龙头滴水");
    assert_eq!(follow, "R-2026-00002");
    d.ok(&["act", &follow, "notice", "--at", "10:30"]);
    push(&d);
    let month = ["report", "monthly", "--date", "2026-11-01"];
    let own = d.json(&month);
    assert_eq!(own["callback_problems"][0]["id"], "R-2026-00002", "{own}");
    assert_eq!(own["callback_problems"][0]["of"], id.as_str());
    let server = company_month(&d, "2026-11-01");
    assert_eq!(
        server["estates"][0]["callback_problems"],
        own["callback_problems"]
    );
    assert_eq!(
        server["total"]["callback_problems"],
        own["callback_problems"]
    );
    // Resolved later: the next push brings what was done.
    d.ok(&[
        "act",
        "R-2026-00002",
        "dispatch",
        "--to",
        "李师傅",
        "--at",
        "10:40",
    ]);
    d.ok(&["act", "R-2026-00002", "arrive", "--at", "10:50"]);
    d.ok(&[
        "act",
        "R-2026-00002",
        "resolve",
        "--signed",
        "yes",
        "--rating",
        "satisfied",
        "--at",
        "11:30",
    ]);
    push(&d);
    let own = d.json(&month);
    assert!(own["callback_problems"][0]["resolved"].is_string(), "{own}");
    let server = run(
        &d,
        &[
            "company",
            "report",
            "monthly",
            "--date",
            "2026-11-01",
            "--json",
        ],
    )
    .json();
    assert_eq!(
        server["estates"][0]["callback_problems"],
        own["callback_problems"]
    );
    let text = run(
        &d,
        &[
            "company",
            "report",
            "monthly",
            "--date",
            "2026-11-01",
            "--lang",
            "zh",
        ],
    );
    assert!(text.stdout.contains("回访发现的问题"), "{}", text.stdout);
    assert!(
        text.stdout.contains("R-2026-00002 (来自回访"),
        "{}",
        text.stdout
    );
    // Another month: none; a week: no such list.
    let other = run(
        &d,
        &[
            "company",
            "report",
            "monthly",
            "--date",
            "2026-10-01",
            "--json",
        ],
    )
    .json();
    assert_eq!(other["total"]["callback_problems"], serde_json::json!([]));
    let week = run(&d, &["company", "report", "weekly", "--json"]).json();
    assert!(week["total"].get("callback_problems").is_none());
}

/// A desk's config for the rounds: the company, `[rules] patrols_per_day`, and its own areas
/// (`[[inspection.areas]]`, each with one item `locked`).
fn configure_rounds(d: &Desk, url: &str, estate: &str, per_day: u32, areas: &[(&str, &str)]) {
    let mut toml = format!(
        "[company]\nurl = \"{url}\"\nestate = \"{estate}\"\n\n[rules]\npatrols_per_day = {per_day}\n"
    );
    for (slug, name) in areas {
        toml.push_str(&format!(
            "\n[[inspection.areas]]\nslug = \"{slug}\"\nname = \"{name}\"\nitems = [\"locked\"]\n"
        ));
    }
    let path = d.path("company.toml");
    std::fs::write(&path, toml).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// A round of `area` walked at `at` (through the desk's config, which knows its areas).
fn walk_round(d: &Desk, area: &str, at: &str) -> String {
    let item = match area {
        "rooftop" => "door_opens=ok",
        "lobby" => "bins=ok",
        "elevator" => "running=ok",
        "grounds" => "noise=ok",
        "stairwell" => "lights=ok",
        _ => "locked=ok",
    };
    let r = run(
        d,
        &[
            "add",
            "inspection",
            "--area",
            area,
            "--location",
            "3号楼",
            "--item",
            item,
            "--at",
            at,
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    r.stdout.trim().to_string()
}

/// The desk's own `report daily --json` rounds, and the company's for its estate, of `date`.
fn both_rounds(d: &Desk, estate: &str, date: &str) -> (serde_json::Value, serde_json::Value) {
    let own = run(d, &["report", "daily", "--date", date, "--json"]);
    assert_eq!(own.code, 0, "{}", own.stderr);
    let server = run(
        d,
        &[
            "company", "report", "daily", "--date", date, "--estate", estate, "--json",
        ],
    );
    assert_eq!(server.code, 0, "{}", server.stderr);
    let server = server.json();
    assert_eq!(server["estates"][0]["estate"], estate);
    (
        own.json()["rounds"].clone(),
        server["estates"][0]["rounds"].clone(),
    )
}

/// The daily rounds on the server are the desk's: every area of the estate's table (a
/// configured one too) with its rounds done up to the number expected (the rooftop walked
/// three times counts two), a voided round and a round of another day counting for nothing;
/// each estate with its own rounds a day; the total sums them, per area by slug.
#[test]
fn the_company_daily_gives_each_estates_rounds_as_its_desk_does() {
    let cluster = pg::shared();
    let url = cluster.database("rounds");
    let mut a = Desk::new("2026-11-25T23:30:00+08:00");
    configure_rounds(&a, &url, ESTATE, 2, &[("power_room", "配电房")]);
    for at in ["08:00", "14:00", "20:00"] {
        walk_round(&a, "rooftop", &format!("2026-11-25T{at}:00+08:00"));
    }
    walk_round(&a, "lobby", "2026-11-25T09:00:00+08:00");
    walk_round(&a, "power_room", "2026-11-25T10:00:00+08:00");
    walk_round(&a, "power_room", "2026-11-25T22:00:00+08:00");
    let voided = walk_round(&a, "elevator", "2026-11-25T11:00:00+08:00");
    let r = run(&a, &["act", &voided, "void", "--reason", "记错区域"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The day before and the day after (local days) are other days.
    walk_round(&a, "grounds", "2026-11-24T23:59:59+08:00");
    a.set_now("2026-11-26T00:30:00+08:00");
    walk_round(&a, "stairwell", "2026-11-26T00:00:00+08:00");
    push(&a);
    let b = Desk::new("2026-11-25T23:30:00+08:00");
    configure_rounds(&b, &url, "翠湖苑", 1, &[]);
    walk_round(&b, "lobby", "2026-11-25T07:00:00+08:00");
    walk_round(&b, "rooftop", "2026-11-25T07:30:00+08:00");
    walk_round(&b, "rooftop", "2026-11-25T08:30:00+08:00");
    push(&b);

    let (own, server) = both_rounds(&a, ESTATE, "2026-11-25");
    assert_eq!(server, own);
    let done = |r: &serde_json::Value| -> Vec<(String, i64)> {
        r["areas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["area"].as_str().unwrap().to_string(),
                    x["done"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    let pairs = |l: &[(&str, i64)]| -> Vec<(String, i64)> {
        l.iter().map(|(a, n)| (a.to_string(), *n)).collect()
    };
    assert_eq!(
        done(&own),
        pairs(&[
            ("stairwell", 0),
            ("rooftop", 2),
            ("elevator", 0),
            ("lobby", 1),
            ("grounds", 0),
            ("power_room", 2),
        ])
    );
    assert_eq!(
        (&own["date"], &own["patrols_per_day"], &own["expected"]),
        (
            &serde_json::json!("2026-11-25"),
            &serde_json::json!(2),
            &serde_json::json!(12)
        )
    );
    assert_eq!(
        (&own["done"], &own["missed"]),
        (&serde_json::json!(5), &serde_json::json!(7))
    );
    // The next day: only the stairwell, a second after midnight's round.
    let (own, server) = both_rounds(&a, ESTATE, "2026-11-26");
    assert_eq!(server, own);
    assert_eq!(own["done"], 1);
    let (own_b, server_b) = both_rounds(&b, "翠湖苑", "2026-11-25");
    assert_eq!(server_b, own_b);
    assert_eq!(
        (&own_b["expected"], &own_b["done"]),
        (&serde_json::json!(5), &serde_json::json!(2))
    );

    // Every estate: each its own, the total their sums, per area by slug.
    let all = run(
        &a,
        &[
            "company",
            "report",
            "daily",
            "--date",
            "2026-11-25",
            "--json",
        ],
    )
    .json();
    let (own, _) = both_rounds(&a, ESTATE, "2026-11-25");
    assert_eq!(all["estates"][0]["estate"], "翠湖苑");
    assert_eq!(all["estates"][0]["rounds"], own_b);
    assert_eq!(all["estates"][1]["rounds"], own);
    let total = &all["total"]["rounds"];
    assert_eq!(total["date"], "2026-11-25");
    for key in ["expected", "done", "missed"] {
        assert_eq!(
            total[key].as_i64().unwrap(),
            own[key].as_i64().unwrap() + own_b[key].as_i64().unwrap(),
            "{key}"
        );
    }
    assert_eq!(
        (&total["done"], &total["missed"]),
        (&serde_json::json!(7), &serde_json::json!(10))
    );
    assert!(total.get("patrols_per_day").is_none(), "{total}");
    let total_areas: Vec<serde_json::Value> = total["areas"].as_array().unwrap().clone();
    assert_eq!(
        total_areas[1],
        serde_json::json!({"area": "rooftop", "done": 3, "expected": 3})
    );
    assert_eq!(
        total_areas[5],
        serde_json::json!({"area": "power_room", "name": "配电房", "done": 2, "expected": 2})
    );
    // Other periods have no rounds.
    let week = run(&a, &["company", "report", "weekly", "--json"]).json();
    assert!(week["total"].get("rounds").is_none());
    assert!(week["estates"][0].get("rounds").is_none());

    // In words, as the desk's daily report words them.
    let text = run(&a, &["company", "report", "daily", "--date", "2026-11-25"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.contains(
            "Inspection rounds (2 a day per area): done 5 / expected 12, missed 7 (Stairwell 0/2, Elevator 0/2, Lobby, halls, corridors 1/2, Estate grounds 0/2)"
        ),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("Inspection rounds: done 7 / expected 17, missed 10"),
        "{}",
        text.stdout
    );
    let zh = Run::from_output(
        company(&a)
            .env("DUTYDESK_LANG", "zh")
            .args(["company", "report", "daily", "--date", "2026-11-25"])
            .output()
            .unwrap(),
    );
    assert!(
        zh.stdout.contains(
            "日常巡检 (1 次/区域/日): 已巡 2 / 应巡 5, 漏巡 3 (楼梯间 0/1, 电梯 0/1, 园区外观 0/1)"
        ),
        "{}",
        zh.stdout
    );
}

/// The area table and the rounds a day on the server follow the desk's config at the next
/// push, even one with nothing new to send; an estate whose desk never sent its table has
/// rounds `null`; a round's area pushed before schema 6 is folded again by the next push.
#[test]
fn the_area_table_follows_the_desks_config_at_the_next_push() {
    let cluster = pg::shared();
    let url = cluster.database("rounds_config");
    let db = url.rsplit('/').next().unwrap().to_string();
    let d = Desk::new("2026-11-25T23:30:00+08:00");
    configure_rounds(&d, &url, ESTATE, 2, &[("power_room", "配电房")]);
    walk_round(&d, "power_room", "2026-11-25T10:00:00+08:00");
    walk_round(&d, "lobby", "2026-11-25T11:00:00+08:00");
    push(&d);
    let table = || -> (Vec<String>, Option<i32>) {
        let row = cluster
            .client(&db)
            .query_one(
                "SELECT round_areas, patrols_per_day FROM estates WHERE estate = $1",
                &[&ESTATE],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!(
        table(),
        (
            [
                "stairwell",
                "rooftop",
                "elevator",
                "lobby",
                "grounds",
                "power_room"
            ]
            .map(String::from)
            .to_vec(),
            Some(2)
        )
    );
    // The power room gone, a boiler room added, three rounds a day: nothing new to send, the
    // table follows all the same.
    configure_rounds(&d, &url, ESTATE, 3, &[("boiler_room", "锅炉房")]);
    let again = push(&d);
    assert_eq!(again["events"], 0);
    assert_eq!(
        table(),
        (
            [
                "stairwell",
                "rooftop",
                "elevator",
                "lobby",
                "grounds",
                "boiler_room"
            ]
            .map(String::from)
            .to_vec(),
            Some(3)
        )
    );
    let (own, server) = both_rounds(&d, ESTATE, "2026-11-25");
    assert_eq!(server, own);
    assert_eq!(
        (&own["expected"], &own["done"]),
        (&serde_json::json!(18), &serde_json::json!(1))
    );
    assert!(
        own["areas"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["area"] != "power_room")
    );

    // Rows of rounds folded before schema 6 have no area; a table never sent is not known.
    let old = cluster
        .client(&db)
        .execute(
            "UPDATE records SET area = NULL, folded_version = 5 WHERE kind = 'inspection'",
            &[],
        )
        .unwrap();
    assert_eq!(old, 2);
    cluster
        .client(&db)
        .execute(
            "UPDATE estates SET round_areas = NULL, patrols_per_day = NULL",
            &[],
        )
        .unwrap();
    let (_, server) = both_rounds(&d, ESTATE, "2026-11-25");
    assert_eq!(server, serde_json::Value::Null);
    let text = run(&d, &["company", "report", "daily", "--date", "2026-11-25"]);
    assert!(
        text.stdout.contains("Inspection rounds: not known"),
        "{}",
        text.stdout
    );
    push(&d);
    assert_eq!(
        server_count(
            cluster,
            &url,
            "SELECT count(*) FROM records WHERE folded_version < 6 OR (kind = 'inspection' AND area IS NULL)"
        ),
        0
    );
    let (own, server) = both_rounds(&d, ESTATE, "2026-11-25");
    assert_eq!(server, own);
    assert_eq!(own["done"], 1);
}

/// A demo estate's rounds, day by day across a week, are its desk's.
#[test]
fn a_demo_estates_daily_rounds_are_its_desks_every_day() {
    let cluster = pg::shared();
    let url = cluster.database("rounds_demo");
    let d = desk(300);
    configure(&d, &url, ESTATE);
    push(&d);
    let mut done = 0;
    for day in 18..=25 {
        let date = format!("2026-11-{day}");
        let (own, server) = both_rounds(&d, ESTATE, &date);
        assert_eq!(server, own, "{date}");
        done += own["done"].as_i64().unwrap();
    }
    assert!(done > 0, "the demo walks rounds");
}

// --- The yearly household callbacks (issue 19 §4, schema 7) -------------------------------

/// The residents of the households test: names, phones and words that must never reach the
/// server.
const RESIDENTS: &[(&str, &str, &str)] = &[
    ("3-2-1201", "王小明", "13800138000"),
    ("3-2-1202", "李雷", "13700008000"),
    ("3-2-1203", "张伟", "13600006000"),
    ("5-1-301", "赵敏", "13500005000"),
];
const WORDS: &str = "门禁好多了";

/// Households added at `now`, each occupied.
fn households(d: &Desk, rooms: &[(&str, &str, &str)]) {
    for (room, owner, phone) in rooms {
        d.ok(&["residents", "add", room, "--owner", owner, "--phone", phone]);
    }
}

fn called(d: &Desk, room: &str, result: &str) {
    d.ok(&["residents", "callback", room, "--result", result]);
}

fn company_month(d: &Desk, date: &str) -> serde_json::Value {
    let r = run(
        d,
        &["company", "report", "monthly", "--date", date, "--json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

/// The estate's figures in a company report.
fn estate_of<'a>(report: &'a serde_json::Value, estate: &str) -> &'a serde_json::Value {
    report["estates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["estate"] == estate)
        .unwrap_or_else(|| panic!("no {estate} in {report}"))
}

/// The tables of the company database with a row holding `text`, as PostgreSQL prints the
/// row, or its UTF-8 bytes (a `bytea` prints in hex).
fn rows_holding(cluster: &Cluster, db: &str, text: &str) -> Vec<String> {
    let mut c = cluster.client(db);
    let tables: Vec<String> = c
        .query(
            "SELECT table_name::text FROM information_schema.tables
              WHERE table_schema = 'public' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        tables.iter().any(|t| t == "household_callbacks"),
        "{tables:?}"
    );
    tables
        .into_iter()
        .filter(|t| {
            let n: i64 = c
                .query_one(
                    &format!(
                        "SELECT count(*) FROM {t} x
                          WHERE x::text LIKE '%' || $1 || '%'
                             OR x::text LIKE '%' || encode(convert_to($1, 'UTF8'), 'hex') || '%'"
                    ),
                    &[&text],
                )
                .unwrap()
                .get(0);
            n > 0
        })
        .collect()
}

#[test]
fn the_company_monthly_gives_each_estates_yearly_household_callbacks_as_its_desk_and_nothing_personal()
 {
    let cluster = pg::shared();
    let url = cluster.database("household_callbacks");
    let db = "household_callbacks";
    // 2025: the households, one called back then (an earlier year: it does not count in 2026).
    let mut d = Desk::new("2025-06-10T10:00:00+08:00");
    configure(&d, &url, ESTATE);
    households(&d, RESIDENTS);
    d.ok(&["residents", "add", "5-1-302", "--occupied", "no"]);
    called(&d, "3-2-1203", "satisfied");
    d.add(&["log", "--summary", "巡查"]);
    // 2026: one reached (with the owner's words), one only tried, one reached and then moved
    // out, one moving in.
    d.set_now("2026-02-10T10:00:00+08:00");
    called(&d, "5-1-301", "satisfied");
    d.set_now("2026-03-05T10:00:00+08:00");
    d.ok(&[
        "residents",
        "callback",
        "3-2-1201",
        "--form",
        "visit",
        "--result",
        "satisfied",
        "--words",
        WORDS,
    ]);
    push(&d);
    d.set_now("2026-11-10T10:00:00+08:00");
    called(&d, "3-2-1202", "no_answer");
    d.set_now("2026-11-12T10:00:00+08:00");
    d.ok(&["residents", "edit", "5-1-301", "--occupied", "no"]);
    d.set_now("2026-11-15T10:00:00+08:00");
    d.ok(&[
        "residents",
        "edit",
        "5-1-302",
        "--occupied",
        "yes",
        "--owner",
        "钱多多",
        "--phone",
        "13900009000",
    ]);
    // After November: counts in December's report only.
    d.set_now("2026-12-02T10:00:00+08:00");
    called(&d, "3-2-1202", "neutral");
    d.set_now("2026-12-03T10:00:00+08:00");
    let pushed = push(&d);
    assert_eq!(pushed["residents"]["last_seq"], 12, "{pushed}");
    assert_eq!(pushed["residents"]["changes"], 4, "{pushed}");

    // An estate without a directory, and another with one.
    let plain = Desk::new("2026-12-03T10:00:00+08:00");
    configure(&plain, &url, "明月小区");
    plain.add(&["log", "--summary", "巡查"]);
    push(&plain);
    let other = Desk::new("2026-11-20T10:00:00+08:00");
    configure(&other, &url, "翠湖苑");
    households(
        &other,
        &[
            ("1-1-101", "孙悟空", "13312345678"),
            ("1-1-102", "猪八戒", "13387654321"),
        ],
    );
    called(&other, "1-1-102", "unsatisfied");
    push(&other);

    for (date, called, rate) in [("2026-11-01", 1, 25.0), ("2026-12-01", 2, 50.0)] {
        let own = d.json(&["report", "monthly", "--date", date]);
        let mine = &own["household_callbacks"];
        assert_eq!(
            (
                &mine["called"],
                &mine["occupied"],
                &mine["rate"],
                &mine["year"]
            ),
            (
                &serde_json::json!(called),
                &serde_json::json!(4),
                &serde_json::json!(rate),
                &serde_json::json!(2026)
            ),
            "{own}"
        );
        let server = company_month(&d, date);
        assert_eq!(
            estate_of(&server, ESTATE)["household_callbacks"],
            *mine,
            "{date}"
        );
        assert!(
            estate_of(&server, "明月小区")
                .get("household_callbacks")
                .is_none(),
            "{server}"
        );
        assert!(
            plain
                .json(&["report", "monthly", "--date", date])
                .get("household_callbacks")
                .is_none()
        );
        let theirs = other.json(&["report", "monthly", "--date", date]);
        assert_eq!(
            estate_of(&server, "翠湖苑")["household_callbacks"],
            theirs["household_callbacks"]
        );
        // The total: the sums, and the rate of the sums.
        let total = &server["total"]["household_callbacks"];
        assert_eq!(total["called"], called + 1, "{total}");
        assert_eq!(total["occupied"], 6, "{total}");
        let sum_rate = ((called + 1) as f64 * 1000.0 / 6.0).round() / 10.0;
        assert_eq!(total["rate"], sum_rate, "{total}");
        assert_eq!(total["target"], 100.0);
        // One estate asked: its own.
        let one = run(
            &d,
            &[
                "company", "report", "monthly", "--date", date, "--estate", ESTATE, "--json",
            ],
        )
        .json();
        assert_eq!(one["total"]["household_callbacks"], *mine);
    }
    // January 2026 counts from its 1 January only: nothing reached yet.
    let jan = company_month(&d, "2026-01-01");
    let own = d.json(&["report", "monthly", "--date", "2026-01-01"]);
    assert_eq!(
        estate_of(&jan, ESTATE)["household_callbacks"],
        own["household_callbacks"]
    );
    assert_eq!(own["household_callbacks"]["called"], 0);
    // Other periods have no such figure.
    let week = run(&d, &["company", "report", "weekly", "--json"]).json();
    assert!(week["total"].get("household_callbacks").is_none(), "{week}");

    // The text, in both languages, words it as the desk does.
    for (lang, line) in [
        (
            "en",
            "yearly callbacks: 1 of 4 occupied households called back in 2026 (25%, target 100%)",
        ),
        (
            "zh",
            "住户年度回访: 2026 年已回访 1/4 户入住住户 (25%, 目标 100%)",
        ),
    ] {
        let text = run(
            &d,
            &[
                "company",
                "report",
                "monthly",
                "--date",
                "2026-11-01",
                "--lang",
                lang,
            ],
        );
        assert!(text.stdout.contains(line), "{}", text.stdout);
    }

    // Nothing personal on the server: no name, phone, owner's words, room; the households
    // and callbacks are there.
    let mut personal: Vec<&str> = vec![WORDS, "钱多多", "13900009000", "孙悟空", "13312345678"];
    for (room, owner, phone) in RESIDENTS {
        personal.extend([*room, *owner, *phone]);
    }
    for text in personal {
        assert_eq!(
            rows_holding(cluster, db, text),
            Vec::<String>::new(),
            "{text}"
        );
    }
    assert_eq!(
        server_count(cluster, &url, "SELECT count(*) FROM households"),
        5 + 2
    );
    assert_eq!(
        server_count(cluster, &url, "SELECT count(*) FROM household_callbacks"),
        5 + 1
    );
    // Pushed again: nothing more.
    let again = push(&d);
    assert_eq!(again["residents"]["changes"], 0, "{again}");
    assert_eq!(
        server_count(cluster, &url, "SELECT count(*) FROM household_callbacks"),
        6
    );
}

#[test]
fn a_directory_push_killed_mid_run_resumes_stored_once_and_another_desks_directory_is_refused() {
    let cluster = pg::shared();
    let url = cluster.database("households_killed");
    let d = Desk::new("2026-11-20T10:00:00+08:00");
    configure(&d, &url, ESTATE);
    let sheet = d.path("residents.csv");
    let mut csv = String::from("Room,Owner,Phone\n");
    const N: usize = 1500;
    for i in 0..N {
        csv.push_str(&format!(
            "{}-{}-{},住户{i},139{:08}\n",
            1 + i / 300,
            1 + i % 300 / 100,
            101 + i % 100,
            i
        ));
    }
    std::fs::write(&sheet, csv).unwrap();
    d.ok(&["residents", "import", sheet.to_str().unwrap(), "--apply"]);
    for room in ["1-1-101", "1-1-102", "5-3-200"] {
        called(&d, room, "satisfied");
    }
    called(&d, "1-1-103", "no_answer");
    let changes = N as i64 + 4;
    let mut child = push_started_past(cluster, &url, &d, "SELECT count(*) FROM households", 5);
    // SAFETY: a signal to the child this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    child.wait().unwrap();
    let part = server_count(cluster, &url, "SELECT last_seq FROM resident_chains");
    assert!(part > 0 && part < changes, "{part} of {changes}");
    assert_eq!(
        server_count(cluster, &url, "SELECT count(*) FROM households"),
        part.min(N as i64),
        "each change stored with its chain end"
    );
    let done = push(&d);
    assert_eq!(done["residents"]["last_seq"], changes, "{done}");
    assert_eq!(done["residents"]["changes"], changes - part, "{done}");
    for (sql, n) in [
        ("SELECT count(*) FROM households", N as i64),
        ("SELECT count(*) FROM households WHERE occupied", N as i64),
        ("SELECT count(*) FROM household_callbacks", 4),
        ("SELECT count(*) FROM household_callbacks WHERE reached", 3),
        (
            "SELECT count(DISTINCT household) FROM household_callbacks",
            4,
        ),
    ] {
        assert_eq!(server_count(cluster, &url, sql), n, "{sql}");
    }
    let again = push(&d);
    assert_eq!(again["residents"]["changes"], 0, "{again}");
    assert_eq!(
        server_count(cluster, &url, "SELECT count(*) FROM household_callbacks"),
        4
    );
    let month = company_month(&d, "2026-11-01");
    assert_eq!(
        estate_of(&month, ESTATE)["household_callbacks"],
        d.json(&["report", "monthly", "--date", "2026-11-01"])["household_callbacks"]
    );

    // Another desk with this estate's name and a directory of its own: refused, naming the
    // directory's change; nothing of it stored.
    let stranger = Desk::new("2026-11-20T10:00:00+08:00");
    configure(&stranger, &url, ESTATE);
    households(&stranger, &[("1-1-101", "周杰", "13011112222")]);
    let r = run(&stranger, &["company", "push"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("residents directory") && r.stderr.contains("#1"),
        "{}",
        r.stderr
    );
    assert_eq!(
        server_count(cluster, &url, "SELECT last_seq FROM resident_chains"),
        changes
    );
    assert_eq!(
        server_count(cluster, &url, "SELECT count(*) FROM households"),
        N as i64
    );
}

#[test]
fn the_documented_push_role_stores_the_households_and_cannot_change_a_callback() {
    let cluster = pg::shared();
    let owner_url = cluster.database("households_roles");
    let d = Desk::new("2026-11-20T10:00:00+08:00");
    configure(&d, &owner_url, ESTATE);
    assert_eq!(run(&d, &["company", "init"]).code, 0);
    // Roles of their own: the shared cluster's roles test made the documented names.
    let sql = documented_roles()
        .replace("DATABASE company", "DATABASE households_roles")
        .replace("dutydesk_push", "hh_push")
        .replace("dutydesk_read", "hh_read")
        .replace("CHANGE-ME-push", "push-Pw")
        .replace("CHANGE-ME-read", "read-Pw");
    cluster
        .client("households_roles")
        .batch_execute(&sql)
        .unwrap();
    households(&d, &RESIDENTS[..2]);
    called(&d, "3-2-1201", "satisfied");
    let push_url = cluster.url_as("hh_push", "push-Pw", "households_roles");
    configure(&d, &push_url, ESTATE);
    push(&d);
    d.ok(&["residents", "edit", "3-2-1202", "--occupied", "no"]);
    called(&d, "3-2-1201", "neutral");
    let again = push(&d);
    assert_eq!(again["residents"]["changes"], 2, "{again}");
    assert_eq!(
        server_count(
            cluster,
            &owner_url,
            "SELECT count(*) FROM households WHERE occupied"
        ),
        1
    );
    let mut pusher = postgres::Client::connect(&push_url, postgres::NoTls).unwrap();
    for refused in [
        "DELETE FROM household_callbacks",
        "UPDATE household_callbacks SET reached = true",
        "DELETE FROM households",
        "UPDATE households SET estate = 'x'",
        "DELETE FROM resident_chains",
        "UPDATE resident_chains SET estate = 'x'",
    ] {
        let e = pusher.batch_execute(refused).expect_err(refused);
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{refused}: {e}"
        );
    }
    // Nor move the chain end back, nor add a callback past it.
    let e = pusher
        .batch_execute("UPDATE resident_chains SET last_seq = 1")
        .expect_err("backwards");
    let why = e.as_db_error().map(|d| d.message().to_string());
    assert!(
        why.as_deref().unwrap_or("").contains("only forward"),
        "{e:?}"
    );
    let e = pusher
        .batch_execute(&format!(
            "INSERT INTO household_callbacks VALUES ('{ESTATE}', 99, '\\x{}', now(), true)",
            "00".repeat(32)
        ))
        .expect_err("past the end");
    let why = e.as_db_error().map(|d| d.message().to_string());
    assert!(
        why.as_deref().unwrap_or("").contains("past its chain end"),
        "{e:?}"
    );
    let mut reader = postgres::Client::connect(
        &cluster.url_as("hh_read", "read-Pw", "households_roles"),
        postgres::NoTls,
    )
    .unwrap();
    let n: i64 = reader
        .query_one("SELECT count(*) FROM household_callbacks", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 2);
    company_month(&d, "2026-11-01");
}

/// The server's `deadlines` rows of record `id` (schema 8): (name, due is set, done).
fn server_deadlines(client: &mut postgres::Client, id: &str) -> Vec<(String, bool, bool)> {
    client
        .query(
            "SELECT name, due IS NOT NULL, done_at IS NOT NULL FROM deadlines
              WHERE estate = $1 AND record_id = $2 ORDER BY n",
            &[&ESTATE, &id],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

/// The desk's deadlines of record `id` as `show` gives them: (name, done).
fn desk_deadlines(d: &Desk, id: &str) -> Vec<(String, bool)> {
    d.json(&["show", id])["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["name"].as_str().unwrap().to_string(),
                !x["done_at"].is_null(),
            )
        })
        .collect()
}

/// The server's rows of record `id` as the desk's `show` gives them: (name, done).
fn server_listed(client: &mut postgres::Client, id: &str) -> Vec<(String, bool)> {
    server_deadlines(client, id)
        .into_iter()
        .map(|(name, _, done)| (name, done))
        .collect()
}

/// A record pushed again and again has its deadlines once each on the server (one row per
/// deadline, replaced with its row), a paused one among them; a voided record none; rows that
/// lost theirs (an older pusher) get them again from the next push, and rows pushed before
/// schema 8 from their JSON when the schema is brought up to date. Each time, the company's
/// daily and weekly figures are the desk's: a deadline counted twice or missed shows.
#[test]
fn each_deadline_is_one_row_counted_once_paused_or_not() {
    let cluster = pg::shared();
    let url = cluster.database("deadline_rows");
    let db = url.rsplit('/').next().unwrap().to_string();
    let d = Desk::new("2026-11-25T12:00:00+08:00");
    configure(&d, &url, ESTATE);
    let repair = |at: &str| {
        d.add(&[
            "repair",
            "--category",
            "general",
            "--room",
            "3-2-1201",
            "--location",
            "3号楼",
            "--summary",
            "水龙头滴水",
            "--phone",
            "13800138000",
            "--at",
            at,
        ])
    };
    let dispatch =
        |id: &str, at: &str| d.ok(&["act", id, "dispatch", "--to", "王师傅", "--at", at]);
    let report = |period: &str, date: &str| {
        let own = d.json(&["report", period, "--date", date]);
        let r = run(&d, &["company", "report", period, "--date", date, "--json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        (own, r.json()["estates"][0].clone())
    };
    let same_figures = |why: &str| {
        for (period, date) in [("daily", "2026-11-25"), ("weekly", "2026-11-24")] {
            let (own, server) = report(period, date);
            assert_eq!(main_figures(&server), main_figures(&own), "{why}: {period}");
            assert_eq!(server["deadlines"], own["deadlines"], "{why}: {period}");
        }
    };
    // a: dispatched on time, then paused without an end (its open deadlines held, no due);
    // b: dispatched a minute late. Each pushed after every step: its row written again.
    let a = repair("2026-11-25T08:00:00+08:00");
    let b = repair("2026-11-25T08:10:00+08:00");
    push(&d);
    dispatch(&a, "2026-11-25T08:05:00+08:00");
    push(&d);
    dispatch(&b, "2026-11-25T08:18:00+08:00");
    push(&d);
    d.ok(&[
        "act",
        &a,
        "pause",
        "--reason",
        "业主不在家",
        "--at",
        "2026-11-25T09:00:00+08:00",
    ]);
    push(&d);
    let mut client = cluster.client(&db);
    let rows_a = server_deadlines(&mut client, &a);
    assert_eq!(server_listed(&mut client, &a), desk_deadlines(&d, &a));
    assert!(rows_a.len() >= 2, "two deadlines at least: {rows_a:?}");
    assert!(
        rows_a.contains(&("dispatch".into(), true, true)),
        "{rows_a:?}"
    );
    assert!(
        rows_a.iter().any(|(_, due, done)| !due && !done),
        "one held by the pause, without a due: {rows_a:?}"
    );
    assert_eq!(server_listed(&mut client, &b), desk_deadlines(&d, &b));
    let (own, server) = report("daily", "2026-11-25");
    assert_eq!(kept(&own, "dispatch"), (1, 1, 0, 0), "by hand: {own}");
    assert_eq!(kept(&server, "dispatch"), (1, 1, 0, 0), "{server}");
    same_figures("pushed four times");

    // Voided, b has no deadline left: its rows go with it.
    d.ok(&["act", &b, "void", "--reason", "重复登记"]);
    push(&d);
    assert_eq!(server_deadlines(&mut client, &b), vec![]);
    let (_, server) = report("daily", "2026-11-25");
    assert_eq!(kept(&server, "dispatch"), (1, 0, 0, 0), "{server}");
    same_figures("b voided");

    // Rows written by a pusher older than schema 8 (no deadline rows): the figures lack
    // them until the next push folds those rows again.
    client
        .batch_execute(
            "DELETE FROM deadlines;
             UPDATE records SET folded_version = 5, owes_callback = NULL",
        )
        .unwrap();
    let (_, server) = report("daily", "2026-11-25");
    assert_eq!(kept(&server, "dispatch"), (0, 0, 0, 0), "{server}");
    assert_eq!(push(&d)["events"], 0);
    assert_eq!(server_listed(&mut client, &a), desk_deadlines(&d, &a));
    same_figures("folded again");

    // A database of schema 5: bringing it up to date fills the table from each row's JSON.
    client
        .batch_execute(
            "DROP TABLE deadlines;
             ALTER TABLE records DROP COLUMN owes_callback;
             ALTER TABLE estates DROP COLUMN rows_seq;
             CREATE INDEX events_record ON events (estate, record_id, seq);
             DELETE FROM company_schema WHERE version >= 8",
        )
        .unwrap();
    assert_eq!(run(&d, &["company", "init"]).code, 0);
    assert_eq!(server_listed(&mut client, &a), desk_deadlines(&d, &a));
    same_figures("filled from the JSON");
}

/// `(inserted, updated, deleted)` rows of `table` in the database since it was made, as the
/// server's statistics count them once every backend that wrote has flushed them: waited for
/// until `inserted` reaches `want`.
fn writes_of(cluster: &Cluster, db: &str, table: &str, want: i64) -> (i64, i64, i64) {
    let start = Instant::now();
    loop {
        let row = cluster
            .client(db)
            .query_one(
                "SELECT n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables
                  WHERE relname = $1",
                &[&table],
            )
            .unwrap();
        let got = (row.get(0), row.get(1), row.get(2));
        if got.0 >= want || start.elapsed() > Duration::from_secs(20) {
            return got;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn estate_ends(cluster: &Cluster, db: &str) -> (i64, i64) {
    let row = cluster
        .client(db)
        .query_one(
            "SELECT last_seq, rows_seq FROM estates WHERE estate = $1",
            &[&ESTATE],
        )
        .unwrap();
    (row.get(0), row.get(1))
}

#[test]
fn a_first_push_writes_each_record_row_once_after_all_its_events() {
    let cluster = pg::shared();
    let url = cluster.database("rows_once");
    let db = url.rsplit('/').next().unwrap();
    let d = desk(60);
    configure(&d, &url, ESTATE);
    let events = d.events().len() as i64;
    let records = desk_records(&d).len() as i64;
    // Batches of 7 events: nearly every record's events span two batches or more.
    let r = run(&d, &["company", "push", "--batch", "7", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let done = r.json();
    assert_eq!(done["events"], events);
    assert_eq!(done["batches"], (events as u64).div_ceil(7));
    assert_eq!(done["records"], records, "each record's row written once");
    same(cluster, &url, &d);
    assert_eq!(estate_ends(cluster, db), (events, events));
    // Every row is folded as of the last event, with its deadlines.
    assert_eq!(
        server_count(
            cluster,
            &url,
            &format!("SELECT count(*) FROM records WHERE seq <> {events}")
        ),
        0
    );
    let deadlines = server_count(cluster, &url, "SELECT count(*) FROM deadlines");
    assert!(deadlines > records, "{deadlines} deadlines of {records}");
    // The server's own count: one insert per row, none written again.
    assert_eq!(writes_of(cluster, db, "records", records), (records, 0, 0));
    assert_eq!(
        writes_of(cluster, db, "deadlines", deadlines),
        (deadlines, 0, 0)
    );
    // A new row goes by COPY, a row written again by an upsert: both store the same.
    let table = |sql: &str| -> Vec<String> {
        cluster
            .client(db)
            .query(sql, &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    let rows = "SELECT r::text FROM records r ORDER BY estate, id";
    let dues = "SELECT d::text FROM deadlines d ORDER BY estate, record_id, n";
    let (copied, copied_dues) = (table(rows), table(dues));
    let r = run(&d, &["company", "push", "--refold", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["refolded"], records);
    assert_eq!(table(rows), copied);
    assert_eq!(table(dues), copied_dues);
}

#[test]
fn record_rows_a_cut_push_left_behind_are_written_by_the_next() {
    let cluster = pg::shared();
    let url = cluster.database("rows_behind");
    let db = url.rsplit('/').next().unwrap();
    let d = desk(400);
    configure(&d, &url, ESTATE);
    let events = d.events().len() as i64;
    let records = desk_records(&d).len() as i64;
    // One record's row a transaction: killed once the events are in and the rows are on
    // their way.
    let mut child = push_started_past(cluster, &url, &d, "SELECT count(*) FROM records", 3);
    // SAFETY: a signal to the child this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    child.wait().unwrap();
    let rows = server_count(cluster, &url, "SELECT count(*) FROM records");
    assert!(rows > 3 && rows < records, "{rows} rows of {records}");
    assert_eq!(server_events(cluster, &url, ESTATE), d.events());
    assert_eq!(estate_ends(cluster, db), (events, 0), "the rows are behind");

    // The next push has no event to send, and writes every record's row.
    let done = push(&d);
    assert_eq!(done["events"], 0);
    assert_eq!(done["records"], records);
    same(cluster, &url, &d);
    assert_eq!(estate_ends(cluster, db), (events, events));
    let mut client = cluster.client(db);
    for (id, _) in desk_records(&d).iter().step_by(37) {
        assert_eq!(
            server_listed(&mut client, id),
            desk_deadlines(&d, id),
            "{id}"
        );
    }
    // And then nothing more.
    let nothing = |d: &Desk| {
        let again = push(d);
        assert_eq!(
            (again["events"].as_i64(), again["records"].as_i64()),
            (Some(0), Some(0))
        );
    };
    nothing(&d);

    // A database of schema 8 (rows written with their events): brought up to date, its rows
    // count as current up to the chain end, and the next push writes none.
    client
        .batch_execute(
            "ALTER TABLE estates DROP COLUMN rows_seq;
             CREATE INDEX events_record ON events (estate, record_id, seq);
             DELETE FROM company_schema WHERE version = 9",
        )
        .unwrap();
    let r = run(&d, &["company", "init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("applied: 9"), "{}", r.stdout);
    assert_eq!(estate_ends(cluster, db), (events, events));
    nothing(&d);
}

#[test]
fn two_pushes_of_one_desk_at_once_both_succeed_and_store_it_once() {
    // The open desk's background push and a timer's may run together (docs/company.md).
    let cluster = pg::shared();
    let url = cluster.database("two_at_once");
    let db = url.rsplit('/').next().unwrap();
    let d = desk(150);
    configure(&d, &url, ESTATE);
    // And a residents directory: its changes go along their own chain, in batches too.
    let sheet = d.path("residents.csv");
    let mut csv = String::from("Room,Owner,Phone\n");
    for i in 0..200 {
        csv.push_str(&format!("2-1-{},住户{i},139{:08}\n", 101 + i, i));
    }
    std::fs::write(&sheet, csv).unwrap();
    d.ok(&["residents", "import", sheet.to_str().unwrap(), "--apply"]);
    called(&d, "2-1-101", "satisfied");
    let changes = 201;
    let events = d.events().len() as i64;
    for round in 0..3 {
        let started: Vec<_> = (0..2)
            .map(|_| {
                company(&d)
                    .args(["company", "push", "--batch", "3", "--json"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let runs: Vec<Run> = started
            .into_iter()
            .map(|c| Run::from_output(c.wait_with_output().unwrap()))
            .collect();
        for r in &runs {
            assert_eq!(r.code, 0, "round {round}: {}{}", r.stdout, r.stderr);
        }
        if round == 0 {
            let sent: i64 = runs
                .iter()
                .map(|r| r.json()["events"].as_i64().unwrap())
                .sum();
            assert_eq!(sent, events, "each event sent by one of them");
            let sent: i64 = runs
                .iter()
                .map(|r| r.json()["residents"]["changes"].as_i64().unwrap())
                .sum();
            assert_eq!(sent, changes, "each change sent by one of them");
        }
        assert_eq!(
            server_count(cluster, &url, "SELECT last_seq FROM resident_chains"),
            changes
        );
        assert_eq!(
            server_count(cluster, &url, "SELECT count(*) FROM households"),
            200
        );
        assert_eq!(server_events(cluster, &url, ESTATE), d.events());
        same(cluster, &url, &d);
        assert_eq!(estate_ends(cluster, db), (events, events));
    }
}
