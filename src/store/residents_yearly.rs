//! Yearly household callbacks in the file: each is an event `callback` on the directory's
//! chain (`resident_events`), its payload the `HouseholdCallback`; it changes no field of the
//! household, so the lookup rows stay as they are.

use super::residents::{append_event, body_of, has_directory, parse_body};
use super::{Result, Store, StoreError};
use crate::domain::residents::yearly::{CallbackMade, HouseholdCallback, YearlyRow};
use chrono::{DateTime, Utc};
use rusqlite::{TransactionBehavior, params};
use std::collections::BTreeMap;

/// The action of a yearly callback's event.
pub const CALLBACK_ACTION: &str = "callback";

/// Whether a stored callback's payload reads (`verify`).
pub fn readable(payload: &str) -> bool {
    serde_json::from_str::<HouseholdCallback>(payload).is_ok()
}

impl Store {
    /// Record a callback of the household of `room`; `false` (nothing written) when the
    /// directory has no such household.
    pub fn record_household_callback(
        &mut self,
        room: &str,
        callback: &HouseholdCallback,
        operator: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.require_write()?;
        self.check_file()?;
        if !self.has_directory()? {
            return Ok(false);
        }
        let (path, opened) = (self.path.clone(), self.file_id);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if body_of(&tx, room)?.is_none() {
            return Ok(false);
        }
        let payload = serde_json::to_string(callback).map_err(|e| StoreError::Io(e.into()))?;
        append_event(
            &tx,
            room,
            CALLBACK_ACTION,
            &payload,
            operator,
            now.timestamp(),
        )?;
        super::file::check_same_file(&path, opened)?;
        tx.commit()?;
        Ok(true)
    }

    /// Every occupied household with its callbacks in [from, until), in room order.
    pub fn yearly_callbacks(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<YearlyRow>> {
        if !has_directory(&self.conn)? {
            return Ok(Vec::new());
        }
        let mut made: BTreeMap<String, Vec<CallbackMade>> = BTreeMap::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT room, at, operator, payload FROM resident_events
                  WHERE action = ?1 AND at >= ?2 AND at < ?3 ORDER BY seq",
            )?;
            let rows = stmt.query_map(
                params![CALLBACK_ACTION, from.timestamp(), until.timestamp()],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                },
            )?;
            for row in rows {
                let (room, at, operator, payload) = row?;
                let callback = serde_json::from_str(&payload)
                    .map_err(|_| StoreError::Rule(crate::domain::RuleError::Corrupt))?;
                made.entry(room).or_default().push(CallbackMade {
                    at: super::records::time(at),
                    operator,
                    callback,
                });
            }
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT room, body FROM households WHERE occupied = 1 ORDER BY room")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (room, body) = row?;
            out.push(YearlyRow {
                household: parse_body(&body)?,
                made: made.remove(&room).unwrap_or_default(),
            });
        }
        out.sort_by(|a, b| {
            crate::domain::residents::room_order(&a.household.room, &b.household.room)
        });
        Ok(out)
    }
}
