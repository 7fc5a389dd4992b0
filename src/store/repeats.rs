//! Which earlier record each record repeats, worked out for every record at once from the
//! records as they stand, exactly as `find_repeat` chose when the record was written: the
//! newest earlier-written record from the same room about the same thing (kind and category),
//! received within the repeat window before it, and not voided at the time. `verify` checks
//! `records.repeat_of` against it; `repair-index` rebuilds the column from it.

use super::Result;
use super::records::secs;
use crate::domain::*;
use chrono::Duration;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// Each record with a room (not a log entry) that repeats an earlier one, with the row id of
/// that one, counting a record voided since as a candidate still (`exact` settles those few);
/// in row id order. One walk of the `records_repeat` index (room, kind, category, received_at,
/// rowid), nothing read from the table.
pub(in crate::store) fn candidates(conn: &Connection, window_secs: i64) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT rowid, room, kind, category, received_at FROM records INDEXED BY records_repeat
         WHERE room IS NOT NULL ORDER BY room, kind, category, received_at, rowid",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    // The current group's (received_at, rowid), in index order, and its key.
    let mut group: Vec<(i64, i64)> = Vec::new();
    let mut key: [Vec<u8>; 3] = Default::default();
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<&[u8]> {
            Ok(match r.get_ref(i)? {
                ValueRef::Text(t) => t,
                _ => &[],
            })
        };
        let (room, kind, category) = (text(1)?, text(2)?, text(3)?);
        if kind == b"log" {
            continue;
        }
        if [room, kind, category] != [&key[0][..], &key[1][..], &key[2][..]] {
            for (k, v) in key.iter_mut().zip([room, kind, category]) {
                k.clear();
                k.extend_from_slice(v);
            }
            group.clear();
        }
        let rowid: i64 = r.get(0)?;
        let received: i64 = r.get(4).unwrap_or(0);
        let since = received.saturating_sub(window_secs);
        let found = group
            .iter()
            .rev()
            .take_while(|(at, _)| *at >= since)
            .find(|(_, id)| *id < rowid);
        if let Some((_, id)) = found {
            out.push((rowid, *id));
        }
        group.push((received, rowid));
    }
    out.sort_unstable_by_key(|(rowid, _)| *rowid);
    Ok(out)
}

/// room, kind, category, received_at, and the sequence number of the creating event.
type RepeatKey = (String, String, Option<String>, i64, Option<i64>);

/// The record `rowid` repeats, exactly: like `candidates`, passing over records voided before
/// it was written. For the few records whose candidate is voided now.
pub(in crate::store) fn exact(
    conn: &Connection,
    rowid: i64,
    window_secs: i64,
) -> Result<Option<i64>> {
    let Some((room, kind, category, received, created)): Option<RepeatKey> = conn
        .query_row(
            "SELECT room, kind, category, received_at,
                    (SELECT min(seq) FROM events WHERE record = records.rowid)
             FROM records WHERE rowid = ?1 AND room IS NOT NULL AND kind <> 'log'",
            [rowid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?
    else {
        return Ok(None);
    };
    let created = created.unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, voided, (SELECT min(seq) FROM events e
                                 WHERE e.record = records.rowid AND e.action = 'void')
         FROM records WHERE room = ?1 AND kind = ?2 AND category IS ?3
           AND received_at BETWEEN ?4 AND ?5 AND rowid < ?6
         ORDER BY received_at DESC, rowid DESC",
    )?;
    let mut rows = stmt.query(rusqlite::params![
        room,
        kind,
        category,
        received.saturating_sub(window_secs),
        received,
        rowid
    ])?;
    while let Some(r) = rows.next()? {
        let (candidate, voided, void_seq): (i64, bool, Option<i64>) =
            (r.get(0)?, r.get(1)?, r.get(2)?);
        // Voided before this record was written: it was not a candidate then.
        if voided && void_seq.is_some_and(|s| s < created) {
            continue;
        }
        return Ok(Some(candidate));
    }
    Ok(None)
}

/// The newest earlier record from the same room about the same thing within the repeat window.
pub(super) fn find_repeat(
    tx: &Transaction<'_>,
    record: &Record,
    policy: &Policy,
) -> Result<Option<RecordId>> {
    let Some(room) = &record.new.room else {
        return Ok(None);
    };
    if !record.rules().repeats() {
        return Ok(None);
    }
    let since = record.received_at - Duration::days(policy.limits.repeat_window_days);
    let found: Option<String> = tx
        .prepare_cached(
            "SELECT id FROM records WHERE room = ?1 AND kind = ?2 AND category = ?3
               AND received_at >= ?4 AND received_at <= ?5 AND voided = 0
             ORDER BY received_at DESC LIMIT 1",
        )?
        .query_row(
            params![
                room,
                record.kind().slug(),
                record.new.details.category_slug(),
                secs(since),
                secs(record.received_at)
            ],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.as_deref().and_then(RecordId::parse))
}
