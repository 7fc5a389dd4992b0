//! A group robot played by a loopback HTTP server (WeCom's and DingTalk's protocols, DingTalk's
//! signature, errcodes on demand) and a desk whose config names it: shared by tests/notify.rs
//! and tests/notify_ladder.rs (each includes this file with `#[path]`).
#![allow(dead_code)]

use crate::common::*;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const NOW: &str = "2026-11-25T03:00:00+08:00";
pub const KEY: &str = "wecomKEY0123456789";
pub const TOKEN: &str = "dingTOKEN0123456789";
pub const SECRET: &str = "SECsigningSECRET42";

/// One request as the robot got it.
#[derive(Debug, Clone)]
pub struct Got {
    pub path: String,
    pub body: Value,
}

#[derive(Default)]
pub struct RobotState {
    pub got: Vec<Got>,
    /// Answer this errcode (and this errmsg) instead of 0.
    pub errcode: Option<(i64, String)>,
    /// Wait before answering.
    pub delay_ms: u64,
    /// Hold every accepted message's answer (the message already counted in `got`) until
    /// this is false again: the moment between the robot's acceptance and the sender's mark.
    pub hold: bool,
}

/// A robot on loopback speaking both protocols at `/wecom?key=…` and `/dingtalk?access_token=…`
/// (and a plain `/hook`).
pub struct Robot {
    pub port: u16,
    pub state: Arc<Mutex<RobotState>>,
}

impl Robot {
    pub fn start() -> Self {
        Self::on(TcpListener::bind("127.0.0.1:0").expect("a loopback port"))
    }

    pub fn on(listener: TcpListener) -> Self {
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

    pub fn got(&self) -> Vec<Got> {
        self.state.lock().unwrap().got.clone()
    }

    /// Holds (or lets go of) the answers to accepted messages (`RobotState::hold`).
    pub fn hold(&self, hold: bool) {
        self.state.lock().unwrap().hold = hold;
    }

    /// Waits up to `limit` for the robot to have accepted `n` messages; how long it took.
    pub fn wait_for(&self, n: usize, limit: Duration) -> Option<Duration> {
        let t = std::time::Instant::now();
        while t.elapsed() < limit {
            if self.got().len() >= n {
                return Some(t.elapsed());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }

    pub fn answer_errcode(&self, errcode: Option<(i64, &str)>) {
        self.state.lock().unwrap().errcode = errcode.map(|(c, m)| (c, m.to_string()));
    }
}

pub fn serve(stream: TcpStream, state: &Mutex<RobotState>) {
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
        let held = std::time::Instant::now();
        while state.lock().unwrap().hold && held.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(5));
        }
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
pub fn expected_sign(timestamp: &str) -> String {
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{timestamp}\n{SECRET}").as_bytes());
    let b64 = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    b64.replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D")
}

/// A desk whose config holds `channels` (TOML), written 0600.
pub struct Notified {
    pub desk: Desk,
    pub config: std::path::PathBuf,
}

impl Notified {
    pub fn new(channels: &str) -> Self {
        let desk = Desk::new(NOW);
        let config = desk.path("config.toml");
        std::fs::write(&config, channels).unwrap();
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
        Self { desk, config }
    }

    pub fn run(&self, args: &[&str]) -> Run {
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

    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(
            run.code, 0,
            "dutydesk {args:?}: {}{}",
            run.stdout, run.stderr
        );
        run.stdout
    }

    pub fn status(&self) -> Value {
        let run = self.run(&["notify", "status", "--json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()
    }

    pub fn urgent_repair(&self) -> String {
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

pub fn wecom(port: u16, extra: &str) -> String {
    format!(
        "[[notify.channels]]\nname = \"engineering\"\nkind = \"wecom\"\nurl = \"http://127.0.0.1:{port}/wecom?key={KEY}\"\n{extra}\n"
    )
}

pub fn dingtalk(port: u16, extra: &str) -> String {
    format!(
        "[[notify.channels]]\nname = \"management\"\nkind = \"dingtalk\"\nurl = \"http://127.0.0.1:{port}/dingtalk?access_token={TOKEN}\"\nsecret = \"{SECRET}\"\n{extra}\n"
    )
}
