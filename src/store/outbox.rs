//! The outbox (issue 18): each message a write causes is put here in the write's own
//! transaction, so that nothing is lost when the network is down; the sender (`notify run`,
//! the desk's thread) delivers and marks. One sender at a time holds the lease row.
//!
//! Sender times are the machine's real clock (seconds), not the desk's `DUTYDESK_NOW`: the
//! lease and the retries are about processes and networks, not about the estate's records.

use super::records::{Stamp, secs};
use super::{Result, Store};
use crate::domain::notify::{Route, notices};
use crate::domain::record::{Change, Record};
use crate::domain::rules::Policy;
use rusqlite::{Transaction, params};

/// Puts the messages `change` causes (already applied: `after`) in the outbox, in `tx`.
pub(super) fn queue(
    tx: &Transaction<'_>,
    change: &Change,
    after: &Record,
    stamp: &Stamp<'_>,
    policy: &Policy,
    routes: &[Route],
) -> Result<()> {
    for out in notices(change, after, policy, routes) {
        let text = crate::i18n::notify::text(crate::i18n::Lang::Zh, &out.notice, policy.zone);
        let body = serde_json::json!({ "text": text, "mobiles": [] }).to_string();
        tx.prepare_cached(
            "INSERT INTO outbox(channel, event, record, body, created, next_try)
             VALUES (?1, ?2, ?3, ?4, ?5, 0)",
        )?
        .execute(params![
            out.channel,
            out.event.slug(),
            out.notice.id,
            body,
            secs(stamp.now)
        ])?;
    }
    Ok(())
}

/// A message waiting in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Queued {
    pub id: i64,
    pub channel: String,
    pub event: String,
    pub record: Option<String>,
    /// `{"text": …, "mobiles": […]}`.
    pub body: String,
    pub attempts: i64,
}

/// A message not delivered yet, as `notify status` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Waiting {
    pub id: i64,
    pub channel: String,
    pub event: String,
    pub record: Option<String>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// The outbox in figures, and what is waiting.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct OutboxStatus {
    /// Not delivered yet and never tried.
    pub pending: i64,
    /// Not delivered yet, tried at least once.
    pub failed: i64,
    pub delivered: i64,
    pub waiting: Vec<Waiting>,
}

impl Store {
    /// The channels whose events each write puts in the outbox (from the config).
    pub fn set_notify_routes(&mut self, routes: Vec<Route>) {
        self.routes = std::sync::Arc::from(routes);
    }

    /// Takes (or renews) the one sender's lease until `now + secs`; false when another holder
    /// has it and it has not run out.
    pub fn take_lease(&self, holder: &str, now: i64, secs: i64) -> Result<bool> {
        self.require_write()?;
        let changed = self.conn.execute(
            "INSERT INTO notify_lease(id, holder, until) VALUES (1, ?1, ?2)
             ON CONFLICT(id) DO UPDATE SET holder = excluded.holder, until = excluded.until
             WHERE notify_lease.until < ?3 OR notify_lease.holder = ?1",
            params![holder, now + secs, now],
        )?;
        Ok(changed == 1)
    }

    pub fn release_lease(&self, holder: &str) -> Result<()> {
        self.require_write()?;
        self.conn
            .execute("DELETE FROM notify_lease WHERE holder = ?1", [holder])?;
        Ok(())
    }

    /// Messages not delivered whose next try is due at `now`, oldest first.
    pub fn outbox_due(&self, now: i64) -> Result<Vec<Queued>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, channel, event, record, body, attempts FROM outbox
             WHERE delivered_at IS NULL AND next_try <= ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([now], |r| {
            Ok(Queued {
                id: r.get(0)?,
                channel: r.get(1)?,
                event: r.get(2)?,
                record: r.get(3)?,
                body: r.get(4)?,
                attempts: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether a message is still undelivered (another sender may have delivered it since).
    pub fn outbox_undelivered(&self, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM outbox WHERE id = ?1 AND delivered_at IS NULL")?
            .query_row([id], |r| r.get::<_, i64>(0))?
            == 1)
    }

    /// Attempts on `channel` since `since` (the robots allow 20 a minute).
    pub fn outbox_tries_since(&self, channel: &str, since: i64) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM outbox WHERE channel = ?1 AND last_try >= ?2")?
            .query_row(params![channel, since], |r| r.get(0))?)
    }

    pub fn outbox_delivered(&self, id: i64, now: i64) -> Result<()> {
        self.require_write()?;
        self.conn.execute(
            "UPDATE outbox SET delivered_at = ?2, last_try = ?2, attempts = attempts + 1,
             last_error = NULL WHERE id = ?1",
            params![id, now],
        )?;
        Ok(())
    }

    /// A failed attempt: kept, with why, tried again from `next_try`.
    pub fn outbox_failed(&self, id: i64, now: i64, error: &str, next_try: i64) -> Result<()> {
        self.require_write()?;
        self.conn.execute(
            "UPDATE outbox SET last_try = ?2, attempts = attempts + 1, last_error = ?3,
             next_try = ?4 WHERE id = ?1",
            params![id, now, error, next_try],
        )?;
        Ok(())
    }

    pub fn outbox_status(&self) -> Result<OutboxStatus> {
        let (pending, failed, delivered) = self.conn.query_row(
            "SELECT coalesce(sum(delivered_at IS NULL AND attempts = 0), 0),
                    coalesce(sum(delivered_at IS NULL AND attempts > 0), 0),
                    coalesce(sum(delivered_at IS NOT NULL), 0) FROM outbox",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, channel, event, record, attempts, last_error FROM outbox
             WHERE delivered_at IS NULL ORDER BY id LIMIT 200",
        )?;
        let waiting = stmt
            .query_map([], |r| {
                Ok(Waiting {
                    id: r.get(0)?,
                    channel: r.get(1)?,
                    event: r.get(2)?,
                    record: r.get(3)?,
                    attempts: r.get(4)?,
                    last_error: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(OutboxStatus {
            pending,
            failed,
            delivered,
            waiting,
        })
    }
}
