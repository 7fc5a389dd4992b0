//! Each record row against the fold of its own history.

use super::super::Result;
use super::super::records::decode_change;
use super::RecordMismatch;
use super::anchors::hex;
use crate::domain::{Event, Record, RecordId, Slug};
use chrono::{TimeZone, Utc};
use rusqlite::Connection;
use rusqlite::types::ValueRef;

/// Each record row against the fold of its events: a merge of two ordered scans.
/// The records with row ids in `lo..=hi` (and the events that name such a row id).
/// Returns the first mismatch (with its row id, to pick the first over several ranges) and how
/// many records disagree.
pub(super) fn check_records(
    conn: &Connection,
    lo: i64,
    hi: i64,
) -> Result<(Option<(i64, RecordMismatch)>, u64)> {
    let mut rec_stmt = conn.prepare_cached(
        "SELECT rowid, id, kind, status, open, voided, urgent, received_at, category, channel,
                class, room, assignee
         FROM records WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid",
    )?;
    let mut ev_stmt = conn.prepare_cached(
        "SELECT record, seq, at, written_at, operator, action, payload
         FROM events WHERE record BETWEEN ?1 AND ?2 ORDER BY record, seq",
    )?;
    let mut recs = rec_stmt.query([lo, hi])?;
    let mut evs = ev_stmt.query([lo, hi])?;
    let mut pending = next_event(&mut evs)?;
    let mut first: Option<(i64, RecordMismatch)> = None;
    let mut count = 0u64;
    let mut note = |m: RecordMismatch, first: &mut Option<(i64, RecordMismatch)>, key: i64| {
        count += 1;
        if first.is_none() {
            *first = Some((key, m));
        }
    };
    let mut history: Vec<Event> = Vec::new();
    while let Some(r) = recs.next()? {
        let rowid: i64 = r.get(0)?;
        let id_text = text_of(r.get_ref(1)?);
        let label = || id_text.clone().unwrap_or_else(|| format!("row {rowid}"));
        // Events of records that have no row (belong to nobody).
        while let Some((rec, seq, _)) = &pending {
            if *rec >= rowid {
                break;
            }
            note(
                RecordMismatch {
                    record: format!("row {rec}"),
                    field: "record".into(),
                    stored: "(no record row)".into(),
                    history: format!("event #{seq}"),
                },
                &mut first,
                *rec,
            );
            pending = next_event(&mut evs)?;
        }
        history.clear();
        let mut undecodable: Option<i64> = None;
        while let Some((rec, seq, event)) = pending.take() {
            if rec != rowid {
                pending = Some((rec, seq, event));
                break;
            }
            match event {
                Some(e) => history.push(e),
                None => undecodable = undecodable.or(Some(seq)),
            }
            pending = next_event(&mut evs)?;
        }
        let mismatch = |field: &str, stored: String, from: String| RecordMismatch {
            record: label(),
            field: field.into(),
            stored,
            history: from,
        };
        let Some(id) = id_text.as_deref().and_then(RecordId::parse) else {
            note(
                mismatch(
                    "id",
                    id_text.clone().unwrap_or_default(),
                    "a record id".into(),
                ),
                &mut first,
                rowid,
            );
            continue;
        };
        if id_text.as_deref() != Some(id.to_string().as_str()) {
            note(
                mismatch("id", id_text.clone().unwrap_or_default(), id.to_string()),
                &mut first,
                rowid,
            );
            continue;
        }
        if let Some(seq) = undecodable {
            note(
                mismatch(
                    "history",
                    format!("event #{seq}"),
                    "an event the program can read".into(),
                ),
                &mut first,
                rowid,
            );
            continue;
        }
        if history.is_empty() {
            note(
                mismatch(
                    "history",
                    "(none)".into(),
                    "a record needs the event that created it".into(),
                ),
                &mut first,
                rowid,
            );
            continue;
        }
        let record = match Record::fold(id, history.drain(..)) {
            Ok(record) => record,
            Err(e) => {
                note(
                    mismatch("history", e.to_string(), "a valid history".into()),
                    &mut first,
                    rowid,
                );
                continue;
            }
        };
        if let Some(m) = compare_row(r, &record, &label)? {
            note(m, &mut first, rowid);
        }
    }
    drop(recs);
    while let Some((rec, seq, _)) = pending {
        note(
            RecordMismatch {
                record: format!("row {rec}"),
                field: "record".into(),
                stored: "(no record row)".into(),
                history: format!("event #{seq}"),
            },
            &mut first,
            rec,
        );
        pending = next_event(&mut evs)?;
    }
    Ok((first, count))
}

type PendingEvent = (i64, i64, Option<Event>);

fn next_event(rows: &mut rusqlite::Rows<'_>) -> Result<Option<PendingEvent>> {
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let rec: i64 = r.get(0)?;
    let seq: i64 = r.get(1)?;
    let decoded = (|| -> Option<Event> {
        let at = r.get::<_, i64>(2).ok()?;
        let written_at = r.get::<_, i64>(3).ok()?;
        let operator = text_of(r.get_ref(4).ok()?)?;
        let change = match (r.get_ref(5).ok()?, r.get_ref(6).ok()?) {
            (ValueRef::Text(action), ValueRef::Text(payload)) => decode_change(action, payload)?,
            _ => return None,
        };
        Some(Event {
            seq,
            at: Utc.timestamp_opt(at, 0).single()?,
            written_at: Utc.timestamp_opt(written_at, 0).single()?,
            operator,
            change,
        })
    })();
    Ok(Some((rec, seq, decoded)))
}

fn text_of(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Text(t) => std::str::from_utf8(t).ok().map(str::to_string),
        _ => None,
    }
}

fn shown(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "(none)".into(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => format!("x'{}'", hex(b)),
    }
}

/// The row's denormalised columns that follow from the events alone (not the deadline columns,
/// which follow the configured rules, nor `repeat_of`, found among other records).
fn compare_row(
    r: &rusqlite::Row<'_>,
    record: &Record,
    label: &dyn Fn() -> String,
) -> Result<Option<RecordMismatch>> {
    let n = &record.new;
    let (channel, category) = match &n.details {
        crate::domain::Details::Call { channel, .. } => {
            (Some(channel.slug()), n.details.category_slug())
        }
        other => (None, other.category_slug()),
    };
    let texts: [(usize, &str, Option<&str>); 7] = [
        (2, "kind", Some(record.kind().slug())),
        (3, "status", Some(record.status.slug())),
        (8, "category", Some(category)),
        (9, "channel", channel),
        (10, "class", record.class.map(|c| c.slug())),
        (11, "room", n.room.as_deref()),
        (12, "assignee", record.assignee.as_deref()),
    ];
    for (i, field, want) in texts {
        let v = r.get_ref(i)?;
        let same = match (v, want) {
            (ValueRef::Null, None) => true,
            (ValueRef::Text(t), Some(w)) => t == w.as_bytes(),
            _ => false,
        };
        if !same {
            return Ok(Some(RecordMismatch {
                record: label(),
                field: field.into(),
                stored: shown(v),
                history: want.unwrap_or("(none)").to_string(),
            }));
        }
    }
    let ints: [(usize, &str, i64); 4] = [
        (4, "open", record.status.is_open() as i64),
        (5, "voided", record.is_voided() as i64),
        (6, "urgent", record.is_urgent() as i64),
        (7, "received_at", record.received_at.timestamp()),
    ];
    for (i, field, want) in ints {
        let v = r.get_ref(i)?;
        if !matches!(v, ValueRef::Integer(n) if n == want) {
            return Ok(Some(RecordMismatch {
                record: label(),
                field: field.into(),
                stored: shown(v),
                history: want.to_string(),
            }));
        }
    }
    Ok(None)
}
