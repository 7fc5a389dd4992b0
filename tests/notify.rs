//! Notifications (issue 18) through the binary, against group robots played by a loopback
//! HTTP server started here: WeCom's and DingTalk's JSON, DingTalk's signature, errcode errors
//! and outages are failed attempts kept and retried, each message delivered exactly once (also
//! with two senders at once) and at least once when a sender is killed between the robot's
//! answer and the mark, bad channel settings refused naming the key, and the robots' keys and
//! secrets never printed. Two open desks: tests/notify_desk.rs.

mod common;
#[path = "common/robot.rs"]
mod robot;

use robot::*;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;

#[test]
fn an_urgent_repair_and_its_dispatch_reach_the_wecom_group_once_each() {
    let robot = Robot::start();
    let n = Notified::new(&format!(
        "{}{}",
        wecom(robot.port, ""),
        dingtalk(robot.port, "events = [\"incident\"]")
    ));
    let id = n.urgent_repair();
    n.ok(&["act", &id, "dispatch", "--to", "王师傅"]);
    let s = n.status();
    assert_eq!(
        (s["pending"].as_i64(), s["delivered"].as_i64()),
        (Some(2), Some(0)),
        "{s}"
    );
    let out = n.ok(&["notify", "run"]);
    assert!(out.contains("delivered 2"), "{out}");
    let got = robot.got();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|g| g.path == "/wecom"), "{got:?}");
    let urgent = got[0].body["text"]["content"].as_str().unwrap();
    assert!(urgent.starts_with("【紧急】"), "{urgent}");
    for part in [id.as_str(), "3号楼2单元801", "厨房水管爆裂", "时限"] {
        assert!(urgent.contains(part), "{part} in {urgent}");
    }
    let dispatch = got[1].body["text"]["content"].as_str().unwrap();
    assert!(dispatch.contains("【派工】派给 王师傅"), "{dispatch}");
    assert!(dispatch.contains(&id), "{dispatch}");
    // Nothing twice.
    n.ok(&["notify", "run"]);
    assert_eq!(robot.got().len(), 2);
    let s = n.status();
    assert_eq!(
        (s["pending"].as_i64(), s["failed"].as_i64()),
        (Some(0), Some(0))
    );
    assert_eq!(s["delivered"].as_i64(), Some(2));
}

#[test]
fn an_incident_and_its_report_go_signed_to_dingtalk_and_an_errcode_is_a_failure_retried() {
    let robot = Robot::start();
    let n = Notified::new(&format!(
        "{}{}",
        wecom(robot.port, "events = [\"urgent\", \"dispatch\"]"),
        dingtalk(robot.port, "events = [\"incident\"]")
    ));
    let id = n
        .ok(&[
            "add",
            "incident",
            "--type",
            "fire",
            "--summary",
            "3号楼车库起火",
            "--location",
            "3号楼车库",
            "--casualties",
            "0",
            "--at",
            "02:50",
        ])
        .trim()
        .to_string();
    n.ok(&[
        "act",
        &id,
        "report",
        "--to",
        "李总",
        "--role",
        "总经理",
        "--how",
        "phone",
    ]);
    robot.answer_errcode(Some((130101, "send too fast")));
    let run = n.run(&["notify", "run"]);
    assert_eq!(run.code, 1, "{run:?}");
    let s = n.status();
    assert_eq!(s["failed"].as_i64(), Some(2), "{s}");
    let error = s["waiting"][0]["last_error"].as_str().unwrap();
    assert!(error.contains("errcode 130101"), "{error}");
    assert!(robot.got().is_empty());
    robot.answer_errcode(None);
    n.ok(&["notify", "run"]);
    let got = robot.got();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|g| g.path == "/dingtalk"));
    let first = got[0].body["text"]["content"].as_str().unwrap();
    assert!(
        first.contains(&id) && first.contains("3号楼车库"),
        "{first}"
    );
    let report = got[1].body["text"]["content"].as_str().unwrap();
    assert!(report.contains("【已上报】报告 李总 (总经理"), "{report}");
    assert_eq!(n.status()["delivered"].as_i64(), Some(2));
}

#[test]
fn a_message_written_during_an_outage_arrives_once_afterwards() {
    // A port with nobody listening: the robot is down.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    // The ladder's steps (the repair is overdue at once) are tests/notify_ladder.rs's.
    let n = Notified::new(&wecom(port, "events = [\"urgent\", \"dispatch\"]"));
    let id = n.urgent_repair();
    let run = n.run(&["notify", "run"]);
    assert_eq!(run.code, 1, "{run:?}");
    let s = n.status();
    assert_eq!(s["failed"].as_i64(), Some(1), "{s}");
    assert!(
        s["waiting"][0]["last_error"]
            .as_str()
            .unwrap()
            .contains("network"),
        "{s}"
    );
    let robot = Robot::on(TcpListener::bind(("127.0.0.1", port)).expect("the port again"));
    n.ok(&["notify", "run"]);
    n.ok(&["notify", "run"]);
    let got = robot.got();
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].body["text"]["content"]
            .as_str()
            .unwrap()
            .contains(&id)
    );
}

#[test]
fn two_senders_at_once_deliver_each_message_once() {
    let robot = Robot::start();
    robot.state.lock().unwrap().delay_ms = 300;
    let n = Notified::new(&wecom(robot.port, ""));
    let id = n.urgent_repair();
    for who in ["王师傅", "张师傅", "刘师傅"] {
        n.ok(&["act", &id, "dispatch", "--to", who]);
    }
    let spawn = || {
        n.desk
            .command()
            .env("DUTYDESK_CONFIG", &n.config)
            .args(["notify", "run"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success() && b.status.success());
    // Whatever the lease left to the other, a last run finishes; nothing is sent twice.
    n.ok(&["notify", "run"]);
    let got = robot.got();
    assert_eq!(got.len(), 4, "{got:?}");
    let mut texts: Vec<&str> = got
        .iter()
        .map(|g| g.body["text"]["content"].as_str().unwrap())
        .collect();
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), 4, "{texts:?}");
    assert_eq!(n.status()["delivered"].as_i64(), Some(4));
}

#[test]
fn bad_channel_settings_exit_2_naming_the_key_and_writing_nothing() {
    let cases: &[(&str, &str)] = &[
        (
            "[[notify.channels]]\nname = \"a\"\nkind = \"slack\"\nurl = \"https://x.example/h\"\n",
            "notify.channels[0].kind",
        ),
        (
            &format!(
                "[[notify.channels]]\nname = \"a\"\nkind = \"wecom\"\nurl = \"http://qyapi.example/send?key={KEY}\"\n"
            ),
            "notify.channels[0].url",
        ),
        (
            "[[notify.channels]]\nname = \"a\"\nkind = \"wecom\"\n",
            "url",
        ),
        (
            "[[notify.channels]]\nname = \"a\"\nkind = \"wecom\"\nurl = \"https://x.example/h\"\nevents = [\"sms\"]\n",
            "notify.channels[0].events[0]",
        ),
        (
            "[[notify.channels]]\nname = \"a\"\nkind = \"wecom\"\nurl = \"https://x.example/h\"\n[[notify.channels]]\nname = \"a\"\nkind = \"wecom\"\nurl = \"https://y.example/h\"\n",
            "notify.channels[1].name",
        ),
    ];
    for (config, key) in cases {
        let n = Notified::new(config);
        let run = n.run(&["add", "log", "--summary", "巡查"]);
        assert_eq!(run.code, 2, "{config}: {run:?}");
        assert!(run.stderr.contains(key), "{key} in {}", run.stderr);
        assert!(!run.stderr.contains(KEY), "{}", run.stderr);
        assert!(!n.desk.db.exists(), "nothing written: {config}");
    }
    // Readable by others: refused, naming the file and its mode.
    let n = Notified::new(&wecom(1, ""));
    std::fs::set_permissions(&n.config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = n.run(&["add", "log", "--summary", "巡查"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(&n.config.display().to_string()),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("644") && run.stderr.contains("chmod 600"),
        "{}",
        run.stderr
    );
    assert!(!n.desk.db.exists());
}

#[test]
fn keys_and_secrets_are_never_printed() {
    let robot = Robot::start();
    // A robot that echoes the URL it was called at in its error.
    robot.answer_errcode(Some((
        93000,
        &format!("invalid webhook url key={KEY} token={TOKEN}"),
    )));
    let down = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let n = Notified::new(&format!(
        "{}{}[[notify.channels]]\nname = \"down\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{down}/hook/{KEY}\"\n",
        wecom(robot.port, ""),
        dingtalk(robot.port, "")
    ));
    let id = n.urgent_repair();
    n.ok(&["act", &id, "dispatch", "--to", "王师傅"]);
    let mut outputs = Vec::new();
    for args in [
        &["config"][..],
        &["notify", "run"],
        &["notify", "status"],
        &["notify", "status", "--json"],
        &["notify", "test", "engineering"],
        &["notify", "test", "management"],
        &["notify", "test", "down"],
        &["notify", "test", "nobody"],
        &["show", &id, "--json"],
        &["export", "--format", "csv"],
    ] {
        let run = n.run(args);
        outputs.push((args.join(" "), run));
    }
    let config = &outputs[0].1.stdout;
    assert!(
        config.contains("[[notify.channels]]") && config.contains("http://127.0.0.1"),
        "{config}"
    );
    assert!(config.contains("***"), "{config}");
    let status = &outputs[2].1.stdout;
    assert!(
        status.contains("errcode 93000") && status.contains("network"),
        "{status}"
    );
    for (args, run) in &outputs {
        for secret in [KEY, TOKEN, SECRET] {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{secret} printed by {args}: {}{}",
                run.stdout,
                run.stderr
            );
        }
    }
    // And not stored in the outbox either.
    let conn = rusqlite::Connection::open(&n.desk.db).unwrap();
    let errors: String = conn
        .query_row(
            "SELECT group_concat(coalesce(last_error, '') || body) FROM outbox",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for secret in [KEY, TOKEN, SECRET] {
        assert!(!errors.contains(secret), "{errors}");
    }
}

#[test]
fn a_sender_killed_with_the_lease_held_stops_no_one_once_the_lease_runs_out() {
    use dutydesk::store::{OpenOptions, Store};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("d.db"), OpenOptions::default()).unwrap();
    let now = 1_800_000_000;
    // A sender took the lease and was killed (-9): it never releases it.
    assert!(store.take_lease("killed", now, 30).unwrap());
    assert!(!store.take_lease("next", now + 10, 30).unwrap(), "held");
    assert!(
        !store.take_lease("next", now + 30, 30).unwrap(),
        "held to its end"
    );
    assert!(store.take_lease("next", now + 31, 30).unwrap(), "run out");
    assert!(!store.take_lease("killed", now + 32, 30).unwrap());
    // The holder renews its own lease; releasing frees it at once.
    assert!(store.take_lease("next", now + 40, 30).unwrap());
    store.release_lease("next").unwrap();
    assert!(store.take_lease("other", now + 41, 30).unwrap());
}

/// The one moment the outbox cannot close: the robot has taken a message and the sender is
/// killed (-9, a power cut) before it marks it delivered. The message is then sent again by
/// the next sender: at least once, never lost (the README says so). Counted at the robot.
#[test]
fn a_sender_killed_after_the_robot_took_a_message_sends_it_again_and_loses_nothing() {
    use std::time::{Duration, Instant};
    let robot = Robot::start();
    let n = Notified::new(&wecom(robot.port, "events = [\"urgent\", \"dispatch\"]"));
    let id = n.urgent_repair();
    n.ok(&["act", &id, "dispatch", "--to", "王师傅"]);
    robot.hold(true);
    let mut sender = n
        .desk
        .command()
        .env("DUTYDESK_CONFIG", &n.config)
        .args(["notify", "run"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    robot
        .wait_for(1, Duration::from_secs(10))
        .expect("the robot takes the first message");
    // Between the robot's acceptance and the mark: SIGKILL.
    sender.kill().unwrap();
    sender.wait().unwrap();
    robot.hold(false);
    let got = robot.got();
    assert_eq!(got.len(), 1, "{got:?}");
    let s = n.status();
    assert_eq!(
        (s["delivered"].as_i64(), s["pending"].as_i64()),
        (Some(0), Some(2)),
        "the outbox never heard it arrived: {s}"
    );
    // The killed sender's lease holds the others off until it runs out (30 s), then the next
    // `notify run` sends everything not marked.
    let started = Instant::now();
    loop {
        n.ok(&["notify", "run"]);
        if n.status()["delivered"].as_i64() == Some(2) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(45),
            "still not delivered: {}",
            n.status()
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(20),
        "the lease held: {waited:?}"
    );
    let texts: Vec<String> = robot
        .got()
        .iter()
        .map(|g| g.body["text"]["content"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert_eq!(texts[0], texts[1], "the message the robot took, sent again");
    assert!(texts[0].starts_with("【紧急】"), "{}", texts[0]);
    assert!(texts[2].contains("【派工】派给 王师傅"), "{}", texts[2]);
    // Nothing more afterwards.
    n.ok(&["notify", "run"]);
    assert_eq!(robot.got().len(), 3);
}

#[test]
fn notify_test_needs_no_database_and_creates_none() {
    let robot = Robot::start();
    let n = Notified::new(&format!(
        "{}{}",
        wecom(robot.port, ""),
        dingtalk(robot.port, "")
    ));
    for channel in ["engineering", "management"] {
        let out = n.ok(&["notify", "test", channel]);
        assert!(out.contains(channel), "{out}");
    }
    let got = robot.got();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        got[0].body["text"]["content"],
        "值班台: 通知渠道测试消息 engineering"
    );
    assert_eq!(got[1].path, "/dingtalk", "signed, or the robot refuses it");
    let run = n.run(&["notify", "test", "nobody"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("engineering, management"),
        "{}",
        run.stderr
    );
    assert!(!n.desk.db.exists(), "no database made");
}

/// The robots take 20 messages a minute each: the 21st waits for the next minute (aged here
/// in the file: the sender's times are the machine's clock), then goes, once.
#[test]
fn at_most_20_a_minute_go_to_one_robot_and_the_rest_follow() {
    let robot = Robot::start();
    let n = Notified::new(&wecom(robot.port, "events = [\"dispatch\"]"));
    let id = n.urgent_repair();
    for i in 0..21 {
        n.ok(&["act", &id, "dispatch", "--to", &format!("师傅{i}")]);
    }
    let out = n.ok(&["notify", "run"]);
    assert!(
        out.contains("delivered 20,") && out.contains("limit 1"),
        "{out}"
    );
    assert_eq!(robot.got().len(), 20);
    let s = n.status();
    assert_eq!(
        (s["pending"].as_i64(), s["failed"].as_i64()),
        (Some(1), Some(0)),
        "{s}"
    );
    // Still within the minute: nothing more.
    n.ok(&["notify", "run"]);
    assert_eq!(robot.got().len(), 20);
    rusqlite::Connection::open(&n.desk.db)
        .unwrap()
        .execute("UPDATE outbox SET last_try = last_try - 60", [])
        .unwrap();
    let out = n.ok(&["notify", "run"]);
    assert!(out.contains("delivered 1,"), "{out}");
    let texts: std::collections::BTreeSet<String> = robot
        .got()
        .iter()
        .map(|g| g.body["text"]["content"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts.len(), 21, "each once");
}
