//! `list` pages through the file and prints as it reads (a million records never sit in
//! memory): across page ends the records come newest first, each once, the JSON is the same
//! pretty array as before, and a reader that goes away ends it quietly.

mod common;

use common::Desk;
use std::io::Read;
use std::process::Stdio;

const NOW: &str = "2026-11-25T03:00:00+08:00";

fn demo(records: &str) -> Desk {
    let d = Desk::new(NOW);
    d.ok(&["demo", "--records", records]);
    d
}

#[test]
fn a_list_longer_than_a_page_has_every_record_once_newest_first() {
    let d = demo("2500");
    let all = d.json(&["list", "--limit", "0"]);
    let ids = common::ids(&all);
    assert_eq!(ids.len(), 2500);
    let mut seen = ids.clone();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 2500, "a record listed twice");
    let times: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["created_at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "not newest first");
    let some = d.json(&["list", "--limit", "1500"]);
    assert_eq!(common::ids(&some), ids[..1500]);
}

#[test]
fn the_json_array_is_the_pretty_text_it_always_was() {
    let d = demo("300");
    let text = d.ok(&["list", "--limit", "0", "--json"]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        text,
        format!("{}\n", serde_json::to_string_pretty(&value).unwrap())
    );
    let empty = d.ok(&["list", "incident", "--json"]);
    assert_eq!(empty, "[]\n");
}

#[test]
fn a_reader_that_stops_early_ends_the_list_quietly() {
    let d = demo("2500");
    let mut child = d
        .command()
        .args(["list", "--limit", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(err, "", "nothing on stderr when the reader goes away");
    // Like other Unix tools: ended by SIGPIPE, or done.
    use std::os::unix::process::ExitStatusExt;
    assert!(
        status.signal() == Some(libc::SIGPIPE) || status.success(),
        "{status:?}"
    );
}
