//! One record whose history cannot be read (damage, a bug, a newer version's event) never hides
//! the others: lookups, search, export, reports, the handover and the desk's lists show the
//! rest and name the damaged one (exit 1 on the command line, "run dutydesk verify").

mod common;
mod tui_common;

use common::{Desk, ids};
use dutydesk::i18n::Lang;
use dutydesk::store::Entry;

const NOW: &str = "2026-11-25T10:00:00+08:00";

/// Five repairs in room 3-2-1201 (all match "漏水"), R-2026-00001 to 00005; the third is
/// dispatched so that it has two events.
fn five_repairs() -> Desk {
    let d = Desk::new(NOW);
    for i in 1..=5 {
        let at = format!("0{i}:00");
        let id = d.add(&[
            "repair",
            "--category",
            "general",
            "--room",
            &format!("3-2-120{i}"),
            "--location",
            "3号楼2单元",
            "--summary",
            &format!("厨房漏水 {i}"),
            "--at",
            &at,
        ]);
        assert_eq!(id, format!("R-2026-0000{i}"));
    }
    d.ok(&["act", "R-2026-00003", "dispatch", "--to", "张师傅"]);
    d
}

/// The ways a record's history can stop being readable, each planted with plain SQL.
const DAMAGE: &[(&str, &str)] = &[
    (
        "payload not JSON",
        "UPDATE events SET payload = '{not json' WHERE record = (SELECT rowid FROM records
         WHERE id = 'R-2026-00003') AND action = 'create'",
    ),
    (
        "an action from a newer version",
        "UPDATE events SET action = 'teleport', payload = '{\"teleport\":{}}'
         WHERE record = (SELECT rowid FROM records WHERE id = 'R-2026-00003')
           AND action <> 'create'",
    ),
    (
        "events missing",
        "DELETE FROM events WHERE record = (SELECT rowid FROM records
         WHERE id = 'R-2026-00003')",
    ),
    (
        "a kind this version does not know",
        "UPDATE records SET id = 'X-2026-00003', kind = 'spaceship' WHERE id = 'R-2026-00003'",
    ),
];

fn damaged(name: &str, sql: &str) -> (Desk, String) {
    let d = five_repairs();
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute_batch(sql)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let id = if sql.contains("X-2026") {
        "X-2026-00003"
    } else {
        "R-2026-00003"
    };
    (d, id.to_string())
}

const OTHERS: [&str; 4] = [
    "R-2026-00005",
    "R-2026-00004",
    "R-2026-00002",
    "R-2026-00001",
];

#[test]
fn list_search_and_export_show_the_others_and_name_the_damaged_one() {
    for (name, sql) in DAMAGE {
        let (d, bad) = damaged(name, sql);
        for args in [
            vec!["list", "--json"],
            vec!["list", "repair", "--json"],
            vec!["search", "漏水", "--json"],
            vec!["search", "3-2", "--json"],
            vec!["export", "--format", "json"],
        ] {
            let run = d.run(&args);
            let kind_filter = args.contains(&"repair");
            // A record whose kind is unknown is not a repair: the kind filter leaves it out.
            let expected = if kind_filter && bad.starts_with('X') {
                0
            } else {
                1
            };
            assert_eq!(run.code, expected, "{name}: {args:?}: {run:?}");
            let got = ids(&run.json());
            assert_eq!(got, OTHERS, "{name}: {args:?}: {}", run.stderr);
            if !(kind_filter && bad.starts_with('X')) {
                assert!(
                    run.stderr.contains(&bad) && run.stderr.contains("dutydesk verify"),
                    "{name}: {args:?} must name {bad}: {}",
                    run.stderr
                );
            }
        }
        // The table and CSV too: the others printed, the damaged one named on stderr.
        for args in [
            vec!["list"],
            vec!["search", "漏水"],
            vec!["export", "--format", "csv"],
        ] {
            let run = d.run(&args);
            assert_eq!(run.code, 1, "{name}: {args:?}: {run:?}");
            for other in OTHERS {
                assert!(
                    run.stdout.contains(other),
                    "{name}: {args:?}: {}",
                    run.stdout
                );
            }
            assert!(
                !run.stdout.contains(&bad),
                "{name}: {args:?}: {}",
                run.stdout
            );
            assert!(
                run.stderr.contains(&bad),
                "{name}: {args:?}: {}",
                run.stderr
            );
        }
    }
}

#[test]
fn show_names_the_damage_and_the_others_still_show() {
    for (name, sql) in DAMAGE {
        let (d, bad) = damaged(name, sql);
        let run = d.run(&["show", &bad]);
        if bad.starts_with('X') {
            // Not an id this version reads at all: bad input.
            assert_eq!(run.code, 2, "{name}: {run:?}");
        } else {
            assert_eq!(run.code, 1, "{name}: {run:?}");
            assert!(
                run.stderr.contains(&bad) && run.stderr.contains("run `dutydesk verify`"),
                "{name}: {}",
                run.stderr
            );
        }
        for other in OTHERS {
            assert_eq!(d.show(other)["id"], other, "{name}");
        }
    }
}

#[test]
fn reports_and_the_handover_do_not_fail_wholesale() {
    for (name, sql) in DAMAGE {
        let (d, bad) = damaged(name, sql);
        let run = d.run(&["report", "daily", "--date", "2026-11-25", "--json"]);
        assert_eq!(run.code, 1, "{name}: {run:?}");
        let report = run.json();
        assert!(report.is_object(), "{name}: {report}");
        assert!(run.stderr.contains(&bad), "{name}: {}", run.stderr);
        // The handover lists the open repairs that can be read, and names the one it cannot
        // (exit 1, as the lookups).
        let run = d.run(&["handover", "show"]);
        assert_eq!(run.code, 1, "{name}: {run:?}");
        for other in OTHERS {
            assert!(run.stdout.contains(other), "{name}: {}", run.stdout);
        }
        if !bad.starts_with('X') {
            assert!(run.stderr.contains(&bad), "{name}: {}", run.stderr);
        }
        // Lookups still escalate and work; stats count every row.
        assert_eq!(d.json(&["stats"])["records"], 5, "{name}");
    }
}

#[test]
fn the_desk_shows_the_damaged_row_in_place_with_run_verify() {
    use tui_common::*;
    for (name, sql) in DAMAGE {
        let mut f = Fixture::empty(Lang::En);
        let mut ids = Vec::new();
        for i in 1..=5 {
            ids.push(f.add(
                at(&format!("2026-11-24T0{i}:00:00+08:00")),
                dutydesk::domain::Details::Log(dutydesk::domain::LogDetails {
                    category: dutydesk::domain::LogCategory::Patrol,
                }),
                &format!("巡查 {i}"),
                None,
                None,
                None,
                None,
            ));
        }
        let sql = sql.replace("R-2026-00003", "L-2026-00003").replace(
            "X-2026-00003', kind = 'spaceship'",
            "X-2026-00003', kind = 'log'",
        );
        // The log has one event per record: "a newer action" plants one.
        let sql = if name.contains("newer") {
            "INSERT INTO events(seq, record, at, written_at, operator, action, payload,
                                prev_hash, hash)
             SELECT max(seq) + 1, 3, max(at), max(at), 'x', 'teleport', '{}', x'00', x'00'
             FROM events"
                .to_string()
        } else {
            sql
        };
        let conn = rusqlite::Connection::open(&f.desk.db_path).unwrap();
        conn.execute_batch(&sql)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        drop(conn);
        let mut app = f.app();
        let (_, rows) = app.list().entries();
        let shown: Vec<String> = rows.iter().map(Entry::id_text).collect();
        let bad = if name.contains("kind") {
            "X-2026-00003"
        } else {
            "L-2026-00003"
        };
        assert_eq!(
            shown,
            [
                "L-2026-00005",
                "L-2026-00004",
                bad,
                "L-2026-00002",
                "L-2026-00001"
            ],
            "{name}"
        );
        assert!(rows[2].damaged().is_some(), "{name}");
        let screen = text(&frame(&app, 100, 30));
        assert!(!screen.contains("Nothing here yet"), "{name}:\n{screen}");
        let (_, line) = row_with(&frame(&app, 100, 30), bad).expect("the damaged row is drawn");
        assert!(line.contains("run dutydesk verify"), "{name}: {line}");
        for other in ["L-2026-00005", "L-2026-00001"] {
            assert!(screen.contains(other), "{name}:\n{screen}");
        }
        // Selecting it says why, in the detail; moving on shows the next record.
        f.press(&mut app, &[DOWN, DOWN]);
        let screen = text(&frame(&app, 100, 30));
        assert!(screen.contains("dutydesk verify"), "{name}:\n{screen}");
        f.press(&mut app, &[DOWN]);
        assert_eq!(
            app.list().selected_record().map(|r| r.id.to_string()),
            Some("L-2026-00002".into()),
            "{name}"
        );
        // The global search lists the others and names the damaged one.
        f.press(&mut app, &[dutydesk::app::keys::Key::ctrl('f')]);
        f.type_text(&mut app, "巡查");
        let search = app.search.as_ref().unwrap();
        assert_eq!(search.hits.len(), 4, "{name}");
        assert_eq!(search.damaged.len(), 1, "{name}");
    }
}
