//! How long the desk takes: opening (the first frame), one frame, a key that moves the
//! selection, paging a list end to end and filtering as you type. A benchmark without a
//! harness, run by `cargo bench` (release build); `cargo test` only builds it and runs nothing.
//!   cargo bench --bench tui                      both runs below
//!   cargo bench --bench tui -- built             a database built here (TUI_PERF_RECORDS=20000)
//!   TUI_PERF_DB=/tmp/dutydesk-bench/m1000000.db cargo bench --bench tui -- existing
//!                                                paging and filtering on an existing database
//!   TUI_PERF_DB=... target/release/deps/tui-* --bench search 漏水
//!                                                the desk's search for one text on an existing
//!                                                database: the first 50 hits with the true
//!                                                count, then the next page (for hyperfine)

#[path = "../tests/tui_common/mod.rs"]
mod tui_common;

use chrono::Duration;
use dutydesk::app::keys::{Event, Key, KeyCode};
use dutydesk::app::{App, Tab};
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use dutydesk::store::Stamp;
use std::time::Instant;
use tui_common::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes --bench; `cargo test` runs this binary without it: do nothing then.
    if !args.iter().any(|a| a == "--bench") {
        println!("benches/tui.rs: run it with `cargo bench --bench tui`");
        return;
    }
    let chosen: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if chosen.first() == Some(&"search") {
        search_on_an_existing_database(chosen.get(1).copied().unwrap_or("漏水"));
        return;
    }
    if let Some(unknown) = chosen.iter().find(|a| !["built", "existing"].contains(a)) {
        eprintln!("benches/tui.rs: '{unknown}' is not a run; use built, existing or neither");
        std::process::exit(2);
    }
    let wanted = |name: &str| chosen.is_empty() || chosen.contains(&name);
    if wanted("built") {
        frame_and_key_times_on_a_bigger_database();
    }
    if wanted("existing") {
        scrolling_end_to_end_on_an_existing_database();
    }
}

/// Frame and key times on a database of TUI_PERF_RECORDS records built here.
fn frame_and_key_times_on_a_bigger_database() {
    let n: i64 = std::env::var("TUI_PERF_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut f = Fixture::empty(Lang::Zh);
    let start = now() - Duration::days(365);
    let step = Duration::days(365).num_seconds() / n;
    let built = Instant::now();
    let policy = f.desk.policy.clone();
    f.store
        .batch(|w| {
            for i in 0..n {
                let t = start + Duration::seconds(i * step);
                let stamp = Stamp {
                    operator: "bench",
                    at: t,
                    now: t,
                };
                let details = match i % 3 {
                    0 => Details::Log(LogDetails {
                        category: LogCategory::Patrol,
                    }),
                    1 => Details::Call(CallDetails {
                        call_kind: CallKind::Complaint,
                        channel: Channel::Phone,
                        class: None,
                    }),
                    _ => Details::Repair(RepairDetails {
                        category: RepairCategory::WaterFault,
                        appointment: None,
                        warranty: false,
                    }),
                };
                let r = w.add(
                    NewRecord {
                        details,
                        summary: format!("记录 {i} 3号楼漏水"),
                        room: Some(format!("{}-{}-{}", i % 9 + 1, i % 4 + 1, 100 + i % 30)),
                        location: None,
                        phone: None,
                        name: Some("王".into()),
                    },
                    &stamp,
                    &policy,
                )?;
                // Most of them done: a realistic share stays open.
                if i % 10 != 0 && r.kind() == RecordKind::Repair {
                    let s = |m| Stamp {
                        operator: "bench",
                        at: t + Duration::minutes(m),
                        now: t + Duration::minutes(m),
                    };
                    w.act(r.id, Action::Dispatch { to: "张".into() }, &s(3), &policy)?;
                    w.act(r.id, Action::Arrive, &s(10), &policy)?;
                    w.act(r.id, Action::resolve(None), &s(30), &policy)?;
                    w.act(
                        r.id,
                        Action::callback_closing(CallbackForm::Phone, Satisfaction::Satisfied),
                        &s(600),
                        &policy,
                    )?;
                }
            }
            Ok(())
        })
        .unwrap();
    eprintln!("{n} records built in {:?}", built.elapsed());
    for &tab in Tab::all() {
        let t = Instant::now();
        let mut app = App::new(f.desk.clone(), &f.store);
        app.show_tab(tab, &f.store);
        let _ = frame(&app, 120, 36);
        let first = t.elapsed();
        let t = Instant::now();
        let rounds = 20;
        for _ in 0..rounds {
            std::hint::black_box(frame(&app, 120, 36));
        }
        let per_frame = t.elapsed() / rounds;
        let t = Instant::now();
        for _ in 0..rounds {
            app.handle(Event::Key(Key::new(KeyCode::Down)), &mut f.store);
            std::hint::black_box(frame(&app, 120, 36));
        }
        let per_key = t.elapsed() / rounds;
        let t = Instant::now();
        app.handle(Event::Key(Key::new(KeyCode::PageDown)), &mut f.store);
        for _ in 0..200 {
            app.handle(Event::Key(Key::new(KeyCode::Down)), &mut f.store);
        }
        let deep = t.elapsed() / 200;
        eprintln!(
            "{tab:?}: open + first frame {first:?}, frame {per_frame:?}, Down + frame {per_key:?}, Down across windows {deep:?}"
        );
    }
}

/// Scrolling a tab end to end on an existing (million-record) database, opened read-only:
///   TUI_PERF_DB=/tmp/dutydesk-bench/m1000000.db cargo bench --bench tui -- existing
fn scrolling_end_to_end_on_an_existing_database() {
    let Some(path) = std::env::var_os("TUI_PERF_DB") else {
        eprintln!("set TUI_PERF_DB to a database made by `dutydesk demo --records N`");
        return;
    };
    let path = std::path::PathBuf::from(path);
    let mut store = dutydesk::store::Store::open(
        &path,
        dutydesk::store::OpenOptions {
            access: dutydesk::store::Access::ReadOnly,
            ..Default::default()
        },
    )
    .unwrap();
    let desk = desk(&path, Lang::Zh);
    for tab in [
        Tab::Kind(RecordKind::Log),
        Tab::Kind(RecordKind::Call),
        Tab::Kind(RecordKind::Repair),
    ] {
        let t = Instant::now();
        let mut app = App::new(desk.clone(), &store);
        app.show_tab(tab, &store);
        let _ = frame(&app, 120, 40);
        let open = t.elapsed();
        let mut worst = std::time::Duration::ZERO;
        let mut total = std::time::Duration::ZERO;
        let keys = 300;
        for _ in 0..keys {
            let t = Instant::now();
            app.handle(Event::Key(Key::new(KeyCode::PageDown)), &mut store);
            std::hint::black_box(frame(&app, 120, 40));
            let took = t.elapsed();
            worst = worst.max(took);
            total += took;
        }
        let t = Instant::now();
        app.handle(Event::Key(Key::new(KeyCode::End)), &mut store);
        std::hint::black_box(frame(&app, 120, 40));
        let end = t.elapsed();
        let mut worst_end = std::time::Duration::ZERO;
        for _ in 0..keys {
            let t = Instant::now();
            app.handle(Event::Key(Key::new(KeyCode::PageUp)), &mut store);
            std::hint::black_box(frame(&app, 120, 40));
            worst_end = worst_end.max(t.elapsed());
        }
        eprintln!(
            "{tab:?}: open {open:?}; PageDown+frame mean {:?} worst {worst:?} (first {keys} pages); End {end:?}; PageUp at the far end worst {worst_end:?}",
            total / keys
        );
        // Filtering as you type: each key re-queries the list.
        let mut typed = Vec::new();
        app.handle(Event::Key(Key::ch('/')), &mut store);
        for c in "3-2-1201".chars().chain(std::iter::once('\u{8}')) {
            let key = if c == '\u{8}' {
                Key::new(KeyCode::Backspace)
            } else {
                Key::ch(c)
            };
            let t = Instant::now();
            app.handle(Event::Key(key), &mut store);
            std::hint::black_box(frame(&app, 120, 40));
            typed.push(t.elapsed());
        }
        app.handle(Event::Key(Key::new(KeyCode::Esc)), &mut store);
        app.handle(Event::Paste("漏水".into()), &mut store);
        app.handle(Event::Key(Key::ch('/')), &mut store);
        for text in ["漏", "电", "梯"] {
            let t = Instant::now();
            app.handle(Event::Paste(text.into()), &mut store);
            std::hint::black_box(frame(&app, 120, 40));
            typed.push(t.elapsed());
        }
        eprintln!(
            "{tab:?}: filter keys worst {:?}, each {typed:?}",
            typed.iter().max().unwrap()
        );
    }
}

/// The desk's search for `text` on TUI_PERF_DB: open the search, paste the text (the first page
/// and the count), draw, then PgDn past the first 50 hits (the next page).
fn search_on_an_existing_database(text: &str) {
    let path = std::path::PathBuf::from(std::env::var_os("TUI_PERF_DB").expect("TUI_PERF_DB"));
    let mut store = dutydesk::store::Store::open(
        &path,
        dutydesk::store::OpenOptions {
            access: dutydesk::store::Access::ReadOnly,
            ..Default::default()
        },
    )
    .unwrap();
    let mut app = App::new(desk(&path, Lang::Zh), &store);
    app.handle(Event::Key(Key::ch('s')), &mut store);
    let t = Instant::now();
    app.handle(Event::Paste(text.into()), &mut store);
    std::hint::black_box(frame(&app, 80, 24));
    let first = t.elapsed();
    let t = Instant::now();
    for _ in 0..4 {
        app.handle(Event::Key(Key::new(KeyCode::PageDown)), &mut store);
    }
    let shown = frame(&app, 80, 24);
    let more = t.elapsed();
    let search = app.search.as_ref().unwrap();
    eprintln!(
        "search {text}: {} found, first page and count {first:?}; {} read after 4 PgDn {more:?}",
        search.total,
        search.hits.len()
    );
    std::hint::black_box(shown);
}
