//! Notifications (issue 18) through the binary, against group robots played by a loopback
//! HTTP server started here: WeCom's and DingTalk's JSON, DingTalk's signature, errcode errors
//! and outages are failed attempts kept and retried, each message delivered exactly once (also
//! with two senders at once), bad channel settings refused naming the key, and the robots'
//! keys and secrets never printed.

mod common;

use base64::Engine;
use common::*;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const NOW: &str = "2026-11-25T03:00:00+08:00";
const KEY: &str = "wecomKEY0123456789";
const TOKEN: &str = "dingTOKEN0123456789";
const SECRET: &str = "SECsigningSECRET42";

/// One request as the robot got it.
#[derive(Debug, Clone)]
struct Got {
    path: String,
    body: Value,
}

#[derive(Default)]
struct RobotState {
    got: Vec<Got>,
    /// Answer this errcode (and this errmsg) instead of 0.
    errcode: Option<(i64, String)>,
    /// Wait before answering.
    delay_ms: u64,
}

/// A robot on loopback speaking both protocols at `/wecom?key=…` and `/dingtalk?access_token=…`
/// (and a plain `/hook`).
struct Robot {
    port: u16,
    state: Arc<Mutex<RobotState>>,
}

impl Robot {
    fn start() -> Self {
        Self::on(TcpListener::bind("127.0.0.1:0").expect("a loopback port"))
    }

    fn on(listener: TcpListener) -> Self {
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(RobotState::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = shared.clone();
                std::thread::spawn(move || serve(stream, &shared));
            }
        });
        Self { port, state }
    }

    fn got(&self) -> Vec<Got> {
        self.state.lock().unwrap().got.clone()
    }

    fn answer_errcode(&self, errcode: Option<(i64, &str)>) {
        self.state.lock().unwrap().errcode = errcode.map(|(c, m)| (c, m.to_string()));
    }
}

fn serve(stream: TcpStream, state: &Mutex<RobotState>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    let target = first.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let body: Value = serde_json::from_slice(&body).expect("the robot gets JSON");
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let query: Vec<(&str, &str)> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    let param = |name: &str| query.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    let (delay, forced) = {
        let s = state.lock().unwrap();
        (s.delay_ms, s.errcode.clone())
    };
    std::thread::sleep(Duration::from_millis(delay));
    // The robots' own checks: a wrong message is refused with their errcodes.
    let checked: Option<(i64, String)> = match path {
        "/wecom" => {
            if param("key") != Some(KEY) {
                Some((93000, "invalid webhook url".into()))
            } else if body["msgtype"] != "text"
                || !body["text"]["content"].is_string()
                || !body["text"]["mentioned_mobile_list"].is_array()
            {
                Some((40008, "invalid message type".into()))
            } else {
                None
            }
        }
        "/dingtalk" => {
            let ts = param("timestamp").unwrap_or("");
            if param("access_token") != Some(TOKEN) {
                Some((300001, "token is not exist".into()))
            } else if param("sign") != Some(expected_sign(ts).as_str()) {
                Some((310000, "sign not match".into()))
            } else if body["msgtype"] != "text"
                || !body["text"]["content"].is_string()
                || !body["at"]["atMobiles"].is_array()
            {
                Some((40035, "missing parameter".into()))
            } else {
                None
            }
        }
        _ => None,
    };
    let (errcode, errmsg) = forced.or(checked).unwrap_or((0, "ok".into()));
    if errcode == 0 {
        state.lock().unwrap().got.push(Got {
            path: path.to_string(),
            body,
        });
    }
    let answer = serde_json::json!({ "errcode": errcode, "errmsg": errmsg }).to_string();
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    );
}

/// DingTalk's documented signature, computed here on its own: HMAC-SHA256 of
/// `timestamp + "\n" + secret` keyed with the secret, base64, URL-encoded.
fn expected_sign(timestamp: &str) -> String {
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{timestamp}\n{SECRET}").as_bytes());
    let b64 = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    b64.replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D")
}

/// A desk whose config holds `channels` (TOML), written 0600.
struct Notified {
    desk: Desk,
    config: std::path::PathBuf,
}

impl Notified {
    fn new(channels: &str) -> Self {
        let desk = Desk::new(NOW);
        let config = desk.path("config.toml");
        std::fs::write(&config, channels).unwrap();
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
        Self { desk, config }
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = self
            .desk
            .command()
            .env("DUTYDESK_CONFIG", &self.config)
            .args(args)
            .output()
            .expect("the binary runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(
            run.code, 0,
            "dutydesk {args:?}: {}{}",
            run.stdout, run.stderr
        );
        run.stdout
    }

    fn status(&self) -> Value {
        let run = self.run(&["notify", "status", "--json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()
    }

    fn urgent_repair(&self) -> String {
        self.ok(&[
            "add",
            "repair",
            "--category",
            "water_fault",
            "--location",
            "3号楼2单元801",
            "--summary",
            "厨房水管爆裂 **漏水** [急]",
            "--at",
            "02:50",
        ])
        .trim()
        .to_string()
    }
}

fn wecom(port: u16, extra: &str) -> String {
    format!(
        "[[notify.channels]]\nname = \"engineering\"\nkind = \"wecom\"\nurl = \"http://127.0.0.1:{port}/wecom?key={KEY}\"\n{extra}\n"
    )
}

fn dingtalk(port: u16, extra: &str) -> String {
    format!(
        "[[notify.channels]]\nname = \"management\"\nkind = \"dingtalk\"\nurl = \"http://127.0.0.1:{port}/dingtalk?access_token={TOKEN}\"\nsecret = \"{SECRET}\"\n{extra}\n"
    )
}

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
    let n = Notified::new(&wecom(port, ""));
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
