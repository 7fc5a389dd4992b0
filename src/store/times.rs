//! Events by the time they happened, without an index on that time. `event_hours` (schema 11,
//! kept by a trigger on every event written, whichever program writes it) holds, for each hour
//! that has events, the first and last sequence number among its events. Every event of a period
//! lies between the first of the period's first hour and the last of its last hour, so a query
//! reads that stretch of the events table (about the period's own events; a little more when an
//! event was entered after later ones) instead of every event of the file. It costs a few bytes
//! per hour, where an index on the time would cost some 15 bytes per event.

use rusqlite::Connection;

/// `seq` bounds for the events with `at` in [?1, ?2) (parameters 1 and 2 of the statement):
/// the stretch of the table they lie in. A file read before its upgrade (no `event_hours`)
/// is read whole.
pub(super) fn span(conn: &Connection, seq: &str) -> String {
    if has_event_hours(conn) {
        format!(
            "{seq} BETWEEN (SELECT min(first_seq) FROM event_hours
                             WHERE hour BETWEEN ?1 / 3600 AND ?2 / 3600)
                   AND (SELECT max(last_seq) FROM event_hours
                         WHERE hour BETWEEN ?1 / 3600 AND ?2 / 3600)"
        )
    } else {
        "1".to_string()
    }
}

fn has_event_hours(conn: &Connection) -> bool {
    conn.prepare_cached("SELECT count(*) FROM sqlite_schema WHERE name = 'event_hours'")
        .and_then(|mut s| s.query_row([], |r| r.get::<_, i64>(0)))
        .is_ok_and(|n| n > 0)
}

/// Work `event_hours` out again from the events (`repair-index`; the migration does the same).
pub(super) fn rebuild(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DELETE FROM event_hours;
         INSERT INTO event_hours(hour, first_seq, last_seq)
              SELECT at / 3600, min(seq), max(seq) FROM events GROUP BY at / 3600;",
    )
}
