//! Property tests of the parsers of user input (issue 6, point 9): they never panic, and the
//! search syntax never makes FTS5 raise an error.

use chrono::{DateTime, TimeZone, Utc};
use dutydesk::domain::text::{phone, room, sanitize_block, sanitize_line};
use dutydesk::domain::time::{Direction, Zone, parse_date, parse_time};
use dutydesk::domain::{Field, RecordId};
use dutydesk::store::schema::migrations;
use dutydesk::store::search::{fts_query, index_text};
use proptest::prelude::*;

/// Text people (and hostile scripts) type: FTS5 syntax, quotes, CJK, controls, digits.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,40}",
        proptest::collection::vec(
            prop_oneof![
                Just("\"".to_string()),
                Just("*".to_string()),
                Just("(".to_string()),
                Just(")".to_string()),
                Just("^".to_string()),
                Just(":".to_string()),
                Just("-".to_string()),
                Just("+".to_string()),
                Just(" AND ".to_string()),
                Just(" OR ".to_string()),
                Just(" NOT ".to_string()),
                Just("NEAR(".to_string()),
                Just("{".to_string()),
                Just("}".to_string()),
                Just(" ".to_string()),
                Just("电梯".to_string()),
                Just("漏".to_string()),
                Just("3-2-1201".to_string()),
                Just("8000".to_string()),
                Just("\u{0301}".to_string()),
                Just("\u{1b}[31m".to_string()),
                Just("\u{202e}".to_string()),
                Just("body".to_string()),
                Just("search".to_string()),
                Just("rowid".to_string()),
                "[a-zA-Z0-9]{1,6}",
                "\\PC{1,3}",
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

fn zones() -> impl Strategy<Value = Zone> {
    prop_oneof![
        Just(chrono_tz::Asia::Shanghai),
        Just(chrono_tz::UTC),
        Just(chrono_tz::America::New_York),
        Just(chrono_tz::Australia::Lord_Howe),
        Just(chrono_tz::Pacific::Kiritimati),
    ]
}

/// "Now" as the clock can give it: DUTYDESK_NOW is RFC 3339, so years 0000 to 9999.
fn instants() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        (1_500_000_000i64..2_500_000_000i64).prop_map(|s| Utc.timestamp_opt(s, 0).unwrap()),
        (-62_135_596_800i64..253_402_300_799i64).prop_map(|s| Utc.timestamp_opt(s, 0).unwrap()),
    ]
}

fn time_text() -> impl Strategy<Value = String> {
    prop_oneof![
        typed(),
        "[+-]?[0-9]{1,7}-[0-9]{1,2}-[0-9]{1,2}[ T][0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?",
        "[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?",
        "[+-]?[0-9]{4,6}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})",
    ]
}

/// The real schema (FTS5 table `search` as the program creates it), in memory.
fn search_db() -> rusqlite::Connection {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    migrations().to_latest(&mut conn).unwrap();
    for (i, body) in [
        "电梯停在12楼 2人被困 elevator 3-2-1201 13800138000 tail8000",
        "厨房 漏水 kitchen leak A3-1102",
        "noise upstairs NEAR and OR not",
    ]
    .iter()
    .enumerate()
    {
        conn.execute(
            "INSERT INTO search(rowid, body) VALUES (?1, ?2)",
            rusqlite::params![i as i64 + 1, index_text(&[body])],
        )
        .unwrap();
    }
    conn
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn parse_time_never_panics(text in time_text(), zone in zones(), now in instants(),
                               past in any::<bool>()) {
        let direction = if past { Direction::Past } else { Direction::Future };
        let _ = parse_time(Field::At, &text, zone, now, direction);
    }

    #[test]
    fn parse_date_never_panics(text in prop_oneof![typed(), "[0-9+-]{0,12}"]) {
        if let Ok(d) = parse_date(Field::Since, &text) {
            // What parses is a real date that prints back as YYYY-MM-DD.
            prop_assert_eq!(parse_date(Field::Since, &d.to_string()).ok(), Some(d));
        }
    }

    #[test]
    fn room_never_panics_and_normalises(text in prop_oneof![typed(), "[A-Za-z0-9 －—-]{0,24}"]) {
        if let Ok(Some(r)) = room(&text) {
            prop_assert!(r.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'));
            prop_assert_eq!(room(&r).unwrap(), Some(r.clone()));
        }
    }

    #[test]
    fn phone_never_panics_and_normalises(text in prop_oneof![typed(), "[+]?[0-9 ()-]{0,30}"]) {
        if let Ok(Some(p)) = phone(&text) {
            prop_assert!(p.trim_start_matches('+').chars().all(|c| c.is_ascii_digit()));
            prop_assert_eq!(phone(&p).unwrap(), Some(p.clone()));
        }
    }

    #[test]
    fn record_ids_never_panic_and_round_trip(text in prop_oneof![
        typed(),
        "[lcrhipLCRHIPx][-－][0-9]{0,6}[-][0-9]{0,12}",
    ]) {
        if let Some(id) = RecordId::parse(&text) {
            prop_assert_eq!(RecordId::parse(&id.to_string()), Some(id));
        }
    }

    #[test]
    fn sanitised_text_has_no_controls(text in typed()) {
        prop_assert!(!sanitize_line(&text).chars().any(|c| c.is_control()));
        prop_assert!(!sanitize_block(&text).chars().any(|c| c.is_control() && c != '\n'));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    /// Whatever is typed into search, the FTS5 query built from it is valid FTS5.
    #[test]
    fn fts_queries_are_always_valid_fts5(text in typed()) {
        thread_local! { static DB: rusqlite::Connection = search_db(); }
        if let Some(q) = fts_query(&text) {
            DB.with(|db| -> Result<(), TestCaseError> {
                let mut stmt = db.prepare_cached("SELECT rowid FROM search WHERE search MATCH ?1").unwrap();
                let rows: Result<Vec<i64>, _> = stmt.query_map([&q], |r| r.get(0)).unwrap().collect();
                prop_assert!(rows.is_ok(), "input {:?} gave query {:?}: {:?}", text, q, rows.err());
                Ok(())
            })?;
        }
    }
}

#[test]
fn fts_queries_find_what_was_indexed() {
    let db = search_db();
    for (typed, want) in [
        ("电梯", 1),
        ("漏", 2),
        ("3-2-1201", 1),
        ("8000", 1),
        ("a3-1102", 2),
        ("NEAR", 3),
        ("or", 3),
    ] {
        let q = fts_query(typed).unwrap();
        let found: Vec<i64> = db
            .prepare("SELECT rowid FROM search WHERE search MATCH ?1")
            .unwrap()
            .query_map([&q], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(found, vec![want], "{typed} -> {q}");
    }
}
