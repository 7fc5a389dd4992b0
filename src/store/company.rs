//! What the company push reads from the desk's file (issue 19): the events after the last one
//! the company's server holds, with their chain hashes, and the records those events touched,
//! folded (`Record::fold`, as the desk does) as of the last event pushed.

use super::records::{decode_event, fold_history};
use super::{Result, Store};
use crate::domain::{Record, RecordId};
use std::collections::HashMap;

/// One event as stored, with what its hash covers: what the company's server keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainEvent {
    pub seq: i64,
    pub record_id: String,
    pub at: i64,
    pub written_at: i64,
    pub operator: String,
    pub action: String,
    pub payload: String,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

impl ChainEvent {
    /// The hash the event's fields and its previous hash give (`chain::event_hash`).
    pub fn computed_hash(&self, buf: &mut Vec<u8>) -> [u8; 32] {
        super::chain::event_hash_in(
            buf,
            &self.prev_hash,
            &super::chain::EventFields {
                seq: self.seq,
                record_id: self.record_id.as_bytes(),
                at: self.at,
                written_at: self.written_at,
                operator: self.operator.as_bytes(),
                action: self.action.as_bytes(),
                payload: self.payload.as_bytes(),
            },
        )
    }
}

/// The hash before the first event.
pub const GENESIS: [u8; 32] = super::chain::GENESIS;

/// Records folded from one read of their events.
const PART: usize = 1000;

impl Store {
    /// The last event's sequence number and hash; `None` for a file with no events.
    pub fn last_event(&self) -> Result<Option<(i64, Vec<u8>)>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The hash of event `seq`, if there is one.
    pub fn event_hash_at(&self, seq: i64) -> Result<Option<Vec<u8>>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached("SELECT hash FROM events WHERE seq = ?1")?
            .query_row([seq], |r| r.get(0))
            .optional()?)
    }

    /// At most `limit` events after `after`, in order.
    pub fn events_after(&self, after: i64, limit: usize) -> Result<Vec<ChainEvent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.seq, r.id, e.at, e.written_at, e.operator, e.action, e.payload,
                    e.prev_hash, e.hash
               FROM events e JOIN records r ON r.rowid = e.record
              WHERE e.seq > ?1 ORDER BY e.seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![after, limit as i64], |r| {
            Ok(ChainEvent {
                seq: r.get(0)?,
                record_id: r.get(1)?,
                at: r.get(2)?,
                written_at: r.get(3)?,
                operator: r.get(4)?,
                action: r.get(5)?,
                payload: r.get(6)?,
                prev_hash: r.get(7)?,
                hash: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The records an event after `after` and up to `upto` touched, in the order they were
    /// created: what a push's record rows must follow (`company::catch_up`).
    pub fn records_touched(&self, after: i64, upto: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id FROM records r
              WHERE r.rowid IN (SELECT record FROM events WHERE seq > ?1 AND seq <= ?2)
              ORDER BY r.rowid",
        )?;
        let ids = stmt.query_map([after, upto], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// The records named, each folded from its events up to `upto` (a later write to the desk
    /// does not reach the company before its event does). A record that cannot be folded is
    /// an error naming it (`StoreError::Damaged`: run `verify`).
    pub fn records_as_of(&self, ids: &[String], upto: i64) -> Result<Vec<Record>> {
        let mut out = Vec::with_capacity(ids.len());
        for part in ids.chunks(PART) {
            let json = serde_json::to_string(part).expect("ids serialise");
            let mut stmt = self.conn.prepare_cached(
                "SELECT r.id, e.seq, e.at, e.written_at, e.operator, e.action, e.payload,
                        r.repeat_of
                   FROM records r JOIN events e ON e.record = r.rowid
                  WHERE r.id IN (SELECT value FROM json_each(?1)) AND e.seq <= ?2
                  ORDER BY r.rowid, e.seq",
            )?;
            let mut rows = stmt.query(rusqlite::params![json, upto])?;
            let mut histories: Vec<(String, Option<String>, Vec<_>)> = Vec::new();
            let mut at: HashMap<String, usize> = HashMap::new();
            while let Some(r) = rows.next()? {
                let (id, seq): (String, i64) = (r.get(0)?, r.get(1)?);
                let event = decode_event(r, seq, 2)
                    .ok_or_else(|| super::records::damaged(&id, super::Damage::Unreadable(seq)))?;
                let i = *at.entry(id.clone()).or_insert_with(|| {
                    histories.push((id.clone(), r.get(7).ok().flatten(), Vec::new()));
                    histories.len() - 1
                });
                histories[i].2.push(event);
            }
            for (id, repeat_of, events) in histories {
                let record_id = RecordId::parse(&id)
                    .ok_or_else(|| super::records::damaged(&id, super::Damage::BadId))?;
                let mut record = fold_history(record_id, events)?;
                record.repeat_of = repeat_of.as_deref().and_then(RecordId::parse);
                out.push(record);
            }
        }
        Ok(out)
    }
}

/// The columns the desk's record row holds, for the company's row: the same derivation
/// (`row::Derived`), so the company's "overdue" is the desk's.
pub fn row_columns<'r>(
    record: &'r Record,
    policy: &crate::domain::Policy,
) -> super::row::Derived<'r> {
    super::row::Derived::of(record, Some(policy))
}
