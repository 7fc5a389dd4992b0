//! The chain walk: every event's hash recomputed and linked to the one before; the first break
//! classified (edited, inserted, deleted, reordered).

use super::super::Result;
use super::super::chain::{EventFields, GENESIS, event_hash, event_hash_in};
use super::{BreakKind, ChainBreak};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};

/// How far around an event to look for the position it was written at (a reordered event).
const MOVE_WINDOW: i64 = 1024;
/// An event row as read, owned (only kept around a break).
#[derive(Debug, Clone)]
struct EventRow {
    seq: i64,
    record: Option<String>,
    at: Option<i64>,
    written_at: Option<i64>,
    operator: Option<Vec<u8>>,
    action: Option<Vec<u8>>,
    payload: Option<Vec<u8>>,
    prev: Vec<u8>,
    hash: Vec<u8>,
}

impl EventRow {
    fn hash_at(&self, seq: i64) -> Option<[u8; 32]> {
        Some(event_hash(
            &self.prev,
            &EventFields {
                seq,
                record_id: self.record.as_deref()?.as_bytes(),
                at: self.at?,
                written_at: self.written_at?,
                operator: self.operator.as_deref()?,
                action: self.action.as_deref()?,
                payload: self.payload.as_deref()?,
            },
        ))
    }

    fn self_ok(&self) -> bool {
        self.hash_at(self.seq)
            .is_some_and(|h| h.as_slice() == self.hash.as_slice())
    }
}

const EVENT_COLUMNS: &str =
    "seq, record, at, written_at, operator, action, payload, prev_hash, hash";

/// Record row id -> record id text, read once (a join per event costs more than the hashing):
/// all ids in one buffer, and each row id's place in it (about 20 bytes a record).
pub(super) struct RecordIds {
    text: Vec<u8>,
    places: Places,
}

enum Places {
    /// Indexed by row id; `NONE` where there is no record.
    Dense(Vec<(u32, u32)>),
    Sparse(std::collections::HashMap<i64, (u32, u32)>),
}

impl RecordIds {
    const NONE: (u32, u32) = (u32::MAX, 0);

    fn empty() -> Self {
        Self {
            text: Vec::new(),
            places: Places::Dense(Vec::new()),
        }
    }

    pub(super) fn load(conn: &Connection) -> Result<Self> {
        let (count, max): (i64, i64) = conn.query_row(
            "SELECT (SELECT count(*) FROM records), (SELECT coalesce(max(rowid), 0) FROM records)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut ids = Self::empty();
        ids.places = if max >= 0 && max <= 2 * count + 1024 {
            Places::Dense(vec![Self::NONE; max as usize + 1])
        } else {
            Places::Sparse(std::collections::HashMap::new())
        };
        let mut stmt = conn.prepare("SELECT rowid, id FROM records")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (Ok(rowid), ValueRef::Text(id)) = (r.get::<_, i64>(0), r.get_ref(1)?) else {
                continue;
            };
            let (Ok(start), Ok(len)) = (u32::try_from(ids.text.len()), u32::try_from(id.len()))
            else {
                continue;
            };
            ids.text.extend_from_slice(id);
            match &mut ids.places {
                Places::Dense(v) => {
                    if let Some(slot) = usize::try_from(rowid).ok().and_then(|i| v.get_mut(i)) {
                        *slot = (start, len);
                    }
                }
                Places::Sparse(m) => {
                    m.insert(rowid, (start, len));
                }
            }
        }
        Ok(ids)
    }

    pub(super) fn get(&self, rowid: i64) -> Option<&[u8]> {
        let (start, len) = match &self.places {
            Places::Dense(v) => *usize::try_from(rowid).ok().and_then(|i| v.get(i))?,
            Places::Sparse(m) => *m.get(&rowid)?,
        };
        if (start, len) == Self::NONE {
            return None;
        }
        self.text.get(start as usize..start as usize + len as usize)
    }
}

fn owned_row(r: &rusqlite::Row<'_>, ids: &RecordIds) -> rusqlite::Result<EventRow> {
    let bytes = |i: usize| -> rusqlite::Result<Option<Vec<u8>>> {
        Ok(match r.get_ref(i)? {
            ValueRef::Text(t) => Some(t.to_vec()),
            _ => None,
        })
    };
    let int = |i: usize| -> rusqlite::Result<Option<i64>> {
        Ok(match r.get_ref(i)? {
            ValueRef::Integer(n) => Some(n),
            _ => None,
        })
    };
    let blob = |i: usize| -> rusqlite::Result<Vec<u8>> {
        Ok(match r.get_ref(i)? {
            ValueRef::Blob(b) => b.to_vec(),
            _ => Vec::new(),
        })
    };
    let record = match r.get_ref(1)? {
        ValueRef::Integer(rowid) => ids
            .get(rowid)
            .map(|id| String::from_utf8_lossy(id).into_owned()),
        _ => None,
    };
    Ok(EventRow {
        seq: r.get(0)?,
        record,
        at: int(2)?,
        written_at: int(3)?,
        operator: bytes(4)?,
        action: bytes(5)?,
        payload: bytes(6)?,
        prev: blob(7)?,
        hash: blob(8)?,
    })
}

pub(super) struct RangeWalk {
    pub(super) events: i64,
    pub(super) first_break: Option<ChainBreak>,
}

/// The events with sequence numbers in `lo..=hi`, each hashed from borrowed values and linked
/// to the event before it (the one before `lo` for the first); the first break is classified.
pub(super) fn walk_range(
    conn: &Connection,
    ids: &RecordIds,
    lo: i64,
    hi: i64,
) -> Result<RangeWalk> {
    let before: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT seq, hash FROM events WHERE seq < ?1 ORDER BY seq DESC LIMIT 1")?
        .query_row([lo], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (mut prev_seq, mut prev_hash) = match before {
        Some((seq, hash)) => (seq, padded(&hash)),
        None => (0, GENESIS),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq"
    ))?;
    let mut rows = stmt.query([lo, hi])?;
    let mut events = 0i64;
    let mut buf = Vec::with_capacity(1024);
    while let Some(r) = rows.next()? {
        events += 1;
        let seq: i64 = r.get(0)?;
        let text_of = |i: usize| -> rusqlite::Result<Option<&[u8]>> {
            Ok(match r.get_ref(i)? {
                ValueRef::Text(t) => Some(t),
                _ => None,
            })
        };
        let int_of = |i: usize| -> rusqlite::Result<Option<i64>> {
            Ok(match r.get_ref(i)? {
                ValueRef::Integer(n) => Some(n),
                _ => None,
            })
        };
        let blob_of = |i: usize| -> rusqlite::Result<&[u8]> {
            Ok(match r.get_ref(i)? {
                ValueRef::Blob(b) => b,
                _ => &[],
            })
        };
        let stored_prev = blob_of(7)?;
        let stored_hash = blob_of(8)?;
        let record_id = match r.get_ref(1)? {
            ValueRef::Integer(rowid) => ids.get(rowid),
            _ => None,
        };
        let fields = (
            record_id,
            int_of(2)?,
            int_of(3)?,
            text_of(4)?,
            text_of(5)?,
            text_of(6)?,
        );
        let self_ok = match fields {
            (
                Some(record_id),
                Some(at),
                Some(written_at),
                Some(operator),
                Some(action),
                Some(payload),
            ) => {
                event_hash_in(
                    &mut buf,
                    stored_prev,
                    &EventFields {
                        seq,
                        record_id,
                        at,
                        written_at,
                        operator,
                        action,
                        payload,
                    },
                )
                .as_slice()
                    == stored_hash
            }
            _ => false,
        };
        let link_ok = stored_prev == prev_hash.as_slice();
        if self_ok && link_ok && seq == prev_seq + 1 {
            prev_seq = seq;
            prev_hash.copy_from_slice(stored_hash);
            continue;
        }
        let cur = owned_row(r, ids)?;
        drop(rows);
        let next = conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM events WHERE seq > ?1 ORDER BY seq LIMIT 1"
            ))?
            .query_row([cur.seq], |r| owned_row(r, ids))
            .optional()?;
        let found = classify(conn, prev_seq, &prev_hash, &cur, next.as_ref())?;
        return Ok(RangeWalk {
            events,
            first_break: Some(found),
        });
    }
    Ok(RangeWalk {
        events,
        first_break: None,
    })
}

/// A stored hash as 32 bytes (a damaged one padded or cut: it then fails to match).
pub(super) fn padded(hash: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let n = hash.len().min(32);
    out[..n].copy_from_slice(&hash[..n]);
    out
}

fn record_of(conn: &Connection, seq: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT r.id FROM events e JOIN records r ON r.rowid = e.record WHERE e.seq = ?1",
            [seq],
            |r| r.get(0),
        )
        .optional()?)
}

/// Name what is wrong at the first event that does not fit.
fn classify(
    conn: &Connection,
    prev_seq: i64,
    prev_hash: &[u8; 32],
    cur: &EventRow,
    next: Option<&EventRow>,
) -> Result<ChainBreak> {
    let of = |r: &Option<String>| {
        r.as_deref()
            .map(|id| format!(" (record {id})"))
            .unwrap_or_default()
    };
    let expected = prev_seq + 1;
    if cur.seq > expected {
        let missing = if cur.seq == expected + 1 {
            format!("event #{expected} is missing")
        } else {
            format!("events #{expected} to #{} are missing", cur.seq - 1)
        };
        return Ok(ChainBreak {
            seq: expected,
            record: None,
            kind: BreakKind::Deleted,
            detail: format!(
                "{missing}: deleted behind the program's back (the next event is #{}{})",
                cur.seq,
                of(&cur.record)
            ),
        });
    }
    if cur.seq < expected {
        return Ok(ChainBreak {
            seq: cur.seq,
            record: cur.record.clone(),
            kind: BreakKind::Inserted,
            detail: format!(
                "event #{} stands before the start of the chain: it was inserted",
                cur.seq
            ),
        });
    }
    let self_ok = cur.self_ok();
    let link_ok = cur.prev.as_slice() == prev_hash.as_slice();
    let next_links_over = next.is_some_and(|n| n.prev.as_slice() == prev_hash.as_slice());
    if self_ok {
        // Intact in itself, but it names another predecessor.
        if next_links_over {
            return Ok(ChainBreak {
                seq: cur.seq,
                record: cur.record.clone(),
                kind: BreakKind::Inserted,
                detail: format!(
                    "event #{} does not follow event #{prev_seq}, and event #{} links past it: \
                     it was inserted",
                    cur.seq,
                    cur.seq + 1
                ),
            });
        }
        let earlier: Option<i64> = conn
            .query_row(
                "SELECT seq FROM events WHERE hash = ?1 AND seq < ?2",
                rusqlite::params![cur.prev, prev_seq],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(s) = earlier {
            return Ok(ChainBreak {
                seq: s + 1,
                record: record_of(conn, s + 1)?,
                kind: BreakKind::Inserted,
                detail: format!(
                    "event #{} links to event #{s}: the events #{} to #{prev_seq} between them \
                     were inserted",
                    cur.seq,
                    s + 1
                ),
            });
        }
        return Ok(ChainBreak {
            seq: prev_seq,
            record: record_of(conn, prev_seq)?,
            kind: BreakKind::Edited,
            detail: format!(
                "event #{prev_seq} was changed and its hash recomputed: event #{}{} still links \
                 to the original",
                cur.seq,
                of(&cur.record)
            ),
        });
    }
    // Not intact in itself: was it written at another place?
    let written_at_seq = (cur.seq - MOVE_WINDOW..=cur.seq + MOVE_WINDOW)
        .filter(|s| *s >= 1 && *s != cur.seq)
        .find(|s| {
            cur.hash_at(*s)
                .is_some_and(|h| h.as_slice() == cur.hash.as_slice())
        });
    if let Some(from) = written_at_seq {
        let original_now_at: Option<i64> = conn
            .query_row(
                "SELECT seq FROM events WHERE prev_hash = ?1 AND seq <> ?2 LIMIT 1",
                rusqlite::params![prev_hash.as_slice(), cur.seq],
                |r| r.get(0),
            )
            .optional()?;
        return Ok(match original_now_at {
            Some(at) => ChainBreak {
                seq: cur.seq,
                record: cur.record.clone(),
                kind: BreakKind::Reordered,
                detail: format!(
                    "the event written as #{from} now stands at #{}, and the event written as \
                     #{} stands at #{at}: events were reordered",
                    cur.seq, cur.seq
                ),
            },
            None => ChainBreak {
                seq: cur.seq,
                record: None,
                kind: BreakKind::Deleted,
                detail: format!(
                    "event #{} was deleted and the later events renumbered (the event now at \
                     #{} was written as #{from}{})",
                    cur.seq,
                    cur.seq,
                    of(&cur.record)
                ),
            },
        });
    }
    if cur.record.is_none() {
        return Ok(ChainBreak {
            seq: cur.seq,
            record: None,
            kind: BreakKind::Edited,
            detail: format!(
                "event #{} belongs to no record: its record row was deleted or renumbered",
                cur.seq
            ),
        });
    }
    if !link_ok && (next.is_none() || next_links_over) {
        return Ok(ChainBreak {
            seq: cur.seq,
            record: cur.record.clone(),
            kind: BreakKind::Inserted,
            detail: format!(
                "event #{} was not written by the program (it does not link to event \
                 #{prev_seq} and its hash does not match): it was inserted",
                cur.seq
            ),
        });
    }
    Ok(ChainBreak {
        seq: cur.seq,
        record: cur.record.clone(),
        kind: BreakKind::Edited,
        detail: format!(
            "event #{} was changed behind the program's back: its stored fields no longer give \
             its hash",
            cur.seq
        ),
    })
}
