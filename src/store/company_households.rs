//! What the company push reads of the residents directory (issue 19 §4, the yearly household
//! callbacks): the directory's own chain (`resident_events`, `store::residents`), event by
//! event after the last one the company's server holds, with the hashes that link them. What
//! of each event leaves the desk is decided by `company::households`: never these fields whole.

use super::chain::{EventFields, event_hash_in};
use super::residents::{chain_id, has_directory};
use super::{Result, Store};
use rusqlite::OptionalExtension;

/// One change of the directory as stored (an `add`, an `edit` or a yearly `callback`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryEvent {
    pub seq: i64,
    pub room: String,
    pub at: i64,
    pub written_at: i64,
    pub operator: String,
    pub action: String,
    pub payload: String,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

impl DirectoryEvent {
    /// The hash the event's fields and its previous hash give (as `residents::append_event`).
    pub fn computed_hash(&self, buf: &mut Vec<u8>) -> [u8; 32] {
        let id = chain_id(&self.room);
        event_hash_in(
            buf,
            &self.prev_hash,
            &EventFields {
                seq: self.seq,
                record_id: id.as_bytes(),
                at: self.at,
                written_at: self.written_at,
                operator: self.operator.as_bytes(),
                action: self.action.as_bytes(),
                payload: self.payload.as_bytes(),
            },
        )
    }
}

impl Store {
    /// The directory's last change and its hash; `None` without a directory or changes.
    pub fn last_directory_event(&self) -> Result<Option<(i64, Vec<u8>)>> {
        if !has_directory(&self.conn)? {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT seq, hash FROM resident_events ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The hash of the directory's change `seq`, if there is one.
    pub fn directory_hash_at(&self, seq: i64) -> Result<Option<Vec<u8>>> {
        if !has_directory(&self.conn)? {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT hash FROM resident_events WHERE seq = ?1")?
            .query_row([seq], |r| r.get(0))
            .optional()?)
    }

    /// At most `limit` changes of the directory after `after`, in order.
    pub fn directory_events_after(&self, after: i64, limit: usize) -> Result<Vec<DirectoryEvent>> {
        if !has_directory(&self.conn)? {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, room, at, written_at, operator, action, payload, prev_hash, hash
               FROM resident_events WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![after, limit as i64], |r| {
            Ok(DirectoryEvent {
                seq: r.get(0)?,
                room: r.get(1)?,
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
}
