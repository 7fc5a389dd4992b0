//! Notifications from the running desk (issue 18): two desks open on one file, each with its
//! sender thread, and dispatches written from a third process (`dutydesk act … dispatch`)
//! reach the loopback robot once each, within 2 s of the write. Real desks in tmux.

mod common;
#[path = "common/robot.rs"]
mod robot;

use common::tmux::Tmux;
use robot::*;
use std::time::{Duration, Instant};

/// A desk in tmux on `n`'s file and config, its clock at `NOW`, shown and ready.
fn open_desk(n: &Notified, name: &str) -> Tmux {
    let bin = env!("CARGO_BIN_EXE_dutydesk");
    let config_env = format!("DUTYDESK_CONFIG={}", n.config.display());
    let now_env = format!("DUTYDESK_NOW={NOW}");
    let tmux = Tmux::new(name);
    tmux.session(
        120,
        30,
        &[
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
            n.desk.db.to_str().unwrap(),
        ],
    );
    tmux.wait_for("on duty: e2e");
    tmux
}

#[test]
fn two_desks_open_send_each_dispatch_once_within_2_seconds_of_the_write() {
    let robot = Robot::start();
    let n = Notified::new(&wecom(robot.port, "events = [\"dispatch\"]"));
    let id = n.urgent_repair();
    let desks: Vec<Tmux> = ["notify-a", "notify-b"]
        .into_iter()
        .map(|name| open_desk(&n, name))
        .collect();
    // Idle, with nothing to send, the desks' senders write nothing (no lease taken twice a
    // second), so nothing makes the desks reload their lists.
    std::thread::sleep(Duration::from_millis(1500));
    let watcher = rusqlite::Connection::open(&n.desk.db).unwrap();
    let version = || -> i64 {
        watcher
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap()
    };
    let before = version();
    std::thread::sleep(Duration::from_millis(2000));
    assert_eq!(version(), before, "an idle sender wrote to the file");
    let technicians = ["王师傅", "张师傅", "刘师傅", "陈师傅", "赵师傅", "孙师傅"];
    let mut waits = Vec::new();
    for (i, who) in technicians.iter().enumerate() {
        n.ok(&["act", &id, "dispatch", "--to", who]);
        // The write has committed when `act` returns.
        let written = Instant::now();
        robot
            .wait_for(i + 1, Duration::from_secs(10))
            .unwrap_or_else(|| panic!("dispatch to {who} never arrived"));
        waits.push(written.elapsed());
    }
    // Time for a second send, if either desk were to make one.
    std::thread::sleep(Duration::from_secs(2));
    let got: Vec<String> = robot
        .got()
        .iter()
        .map(|g| g.body["text"]["content"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got.len(), technicians.len(), "{got:?}");
    for (text, who) in got.iter().zip(technicians) {
        assert!(text.contains(&format!("【派工】派给 {who}")), "{text}");
    }
    assert_eq!(n.status()["delivered"].as_i64(), Some(6));
    let slowest = waits.iter().max().unwrap();
    eprintln!("from the write to the robot: {waits:?}");
    assert!(*slowest < Duration::from_secs(2), "{waits:?}");
    for desk in &desks {
        desk.keys(&["q"]);
    }
}

/// The robot is down when the dispatch is written: the open desk's sender fails, keeps the
/// message and shows it failing; after the outage `notify run` (by hand, with the desk still
/// open) sends it, once, and the desk's sender does not send it again.
#[test]
fn after_an_outage_the_message_arrives_once_with_the_desk_open() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let n = Notified::new(&wecom(port, "events = [\"dispatch\"]"));
    let id = n.urgent_repair();
    let desk = open_desk(&n, "notify-outage");
    n.ok(&["act", &id, "dispatch", "--to", "王师傅"]);
    desk.wait_for("FAILING 1");
    let s = n.status();
    assert_eq!(s["failed"].as_i64(), Some(1), "{s}");
    let robot =
        Robot::on(std::net::TcpListener::bind(("127.0.0.1", port)).expect("the port again"));
    let out = n.ok(&["notify", "run"]);
    assert!(out.contains("delivered 1,"), "{out}");
    // Longer than the desk's polls; shorter than its 30 s backoff would matter anyway: the
    // message is marked, so nobody sends it again.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(robot.got().len(), 1, "{:?}", robot.got());
    assert_eq!(n.status()["delivered"].as_i64(), Some(1));
    desk.keys(&["q"]);
}
