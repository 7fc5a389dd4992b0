//! The outbox (issue 18): each message a write causes is put here in the write's own
//! transaction, so that nothing is lost when the network is down; the sender (`notify run`,
//! the desk's thread) delivers and marks. One sender at a time holds the lease row.
//!
//! Sender times are the machine's real clock (seconds), not the desk's `DUTYDESK_NOW`: the
//! lease and the retries are about processes and networks, not about the estate's records.

use super::records::{Stamp, secs};
use super::{Result, Store};
use crate::domain::kinds::Slug;
use crate::domain::notify::{Outgoing, Routing, Step, ladder, ladder_notices, notices};
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
    routing: &Routing,
) -> Result<()> {
    for out in notices(change, after, policy, &routing.routes) {
        put(tx, &out, routing, policy, secs(stamp.now))?;
    }
    Ok(())
}

/// One message in the outbox: its text in Chinese, the mobiles it mentions.
fn put(
    tx: &Transaction<'_>,
    out: &Outgoing,
    routing: &Routing,
    policy: &Policy,
    now: i64,
) -> Result<()> {
    let text = crate::i18n::notify::text(crate::i18n::Lang::Zh, &out.notice, policy.zone);
    let mobiles = routing.mobiles_for(&out.notice.cause);
    let body = serde_json::json!({ "text": text, "mobiles": mobiles }).to_string();
    tx.prepare_cached(
        "INSERT INTO outbox(channel, event, record, body, created, next_try)
         VALUES (?1, ?2, ?3, ?4, ?5, 0)",
    )?
    .execute(params![
        out.channel,
        out.event.slug(),
        out.notice.id,
        body,
        now
    ])?;
    Ok(())
}

/// How long after a shift change its handover may stay unsigned before the manager is told.
pub const HANDOVER_WAIT_MINUTES: i64 = 30;

/// How far back the ladder looks: a record whose next deadline was due longer ago than this
/// (plus the longest manager wait) is not announced any more (the desk lists it).
const LADDER_LOOKBACK_SECS: i64 = 24 * 3600;

/// The open records whose next deadline is near or past, by the open-records index: the
/// ladder's candidates (`Store::run_ladder`).
pub const LADDER_CANDIDATES: &str = "SELECT id FROM records INDEXED BY records_open_due
     WHERE kind = ?1 AND open = 1 AND due_at >= ?2 AND soon_at <= ?3";

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
    /// The channels whose events each write puts in the outbox, the technicians' mobiles and
    /// the ladder's manager step (from the config).
    pub fn set_notify_routes(&mut self, routing: Routing) {
        self.routes = std::sync::Arc::new(routing);
    }

    /// A handover not signed more than 30 minutes after the shift change at `boundary` (the
    /// running shift's start) tells the manager's channels (`handover_unsigned`), once per
    /// shift change: kept in `notify_handovers` in the message's transaction. True when sent.
    pub fn run_unsigned_handover(
        &mut self,
        boundary: chrono::DateTime<chrono::Utc>,
        now: chrono::DateTime<chrono::Utc>,
        policy: &Policy,
    ) -> Result<bool> {
        use crate::domain::notify::NotifyEvent;
        let routing = self.routes.clone();
        if self.read_only.is_some()
            || !routing.takes(NotifyEvent::HandoverUnsigned)
            || now <= boundary + chrono::Duration::minutes(HANDOVER_WAIT_MINUTES)
        {
            return Ok(false);
        }
        // A shift change from before the file's first record owes no handover here.
        let first: Option<i64> =
            self.conn
                .query_row("SELECT min(received_at) FROM records", [], |r| r.get(0))?;
        if first.is_none_or(|first| secs(boundary) <= first) {
            return Ok(false);
        }
        if self
            .handover_at(boundary)?
            .is_some_and(|h| h.signature().is_some())
        {
            return Ok(false);
        }
        let text = crate::i18n::notify::handover_unsigned_text(
            crate::i18n::Lang::Zh,
            boundary,
            policy.zone,
        );
        let body = serde_json::json!({ "text": text, "mobiles": [] }).to_string();
        let tx = self.write_tx()?;
        let added = tx.execute(
            "INSERT OR IGNORE INTO notify_handovers(shift_start, sent_at) VALUES (?1, ?2)",
            params![secs(boundary), secs(now)],
        )?;
        if added == 1 {
            for route in routing
                .routes
                .iter()
                .filter(|r| r.events.contains(&NotifyEvent::HandoverUnsigned))
            {
                tx.execute(
                    "INSERT INTO outbox(channel, event, record, body, created, next_try)
                     VALUES (?1, ?2, NULL, ?3, ?4, 0)",
                    params![
                        route.channel,
                        NotifyEvent::HandoverUnsigned.slug(),
                        body,
                        secs(now)
                    ],
                )?;
            }
        }
        tx.commit()?;
        Ok(added == 1)
    }

    /// The plan of the ladder's candidate read (`LADDER_CANDIDATES`), for tests/query_plans.rs.
    pub fn explain_ladder_read(&self) -> Result<String> {
        let mut stmt = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {LADDER_CANDIDATES}"))?;
        let details: Vec<String> = stmt
            .query_map(params!["repair", 0, 0], |r| r.get::<_, String>(3))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(details.join("; "))
    }

    /// The escalation ladder at `now` (issue 18): each open record's deadline turning soon,
    /// overdue, and overdue past the manager's wait puts its step's messages in the outbox,
    /// once per (record, deadline, step): the step is kept in `notify_steps` in the same
    /// transaction as its messages. A resolved or paused record has no steps due. Reads only
    /// the open records whose next deadline is near or past (`LADDER_CANDIDATES`). Returns
    /// the number of steps taken.
    pub fn run_ladder(
        &mut self,
        now: chrono::DateTime<chrono::Utc>,
        policy: &Policy,
    ) -> Result<u32> {
        let routing = self.routes.clone();
        if self.read_only.is_some() || !Step::ALL.iter().any(|s| routing.takes(s.event())) {
            return Ok(0);
        }
        let longest_wait = routing
            .manager_after
            .values()
            .copied()
            .chain([routing.manager_after_minutes])
            .max()
            .unwrap_or(0);
        let from = secs(now) - LADDER_LOOKBACK_SECS - 60 * i64::from(longest_wait);
        let mut ids: Vec<String> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(LADDER_CANDIDATES)?;
            for kind in <crate::domain::kinds::RecordKind as Slug>::ALL {
                let found = stmt
                    .query_map(params![kind.slug(), from, secs(now)], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                ids.extend(found);
            }
        }
        let mut taken = 0;
        for text in ids {
            let Some(id) = crate::domain::ids::RecordId::parse(&text) else {
                continue;
            };
            let record = match self.get(id) {
                Ok((record, _)) => record,
                // Not this record's turn: `verify` names it; the others still go on.
                Err(super::StoreError::Damaged(_)) => continue,
                Err(e) => return Err(e),
            };
            let due = ladder(&record, policy, &routing, now);
            if due.is_empty() {
                continue;
            }
            let tx = self.write_tx()?;
            for (deadline, due_at, step) in due {
                // Steps below the one due count as passed: a deadline first seen overdue does
                // not say "soon" afterwards.
                let mut fresh = false;
                for s in Step::ALL.into_iter().filter(|s| *s <= step) {
                    let added = tx
                        .prepare_cached(
                            "INSERT OR IGNORE INTO notify_steps(record, deadline, step, sent_at)
                             VALUES (?1, ?2, ?3, ?4)",
                        )?
                        .execute(params![text, deadline.slug(), s.slug(), secs(now)])?;
                    fresh |= added == 1 && s == step;
                }
                if !fresh {
                    continue;
                }
                for out in ladder_notices(&record, policy, &routing.routes, step, deadline, due_at)
                {
                    put(&tx, &out, &routing, policy, secs(now))?;
                }
                taken += 1;
            }
            tx.commit()?;
        }
        Ok(taken)
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
            "SELECT id, channel, event, record, body, attempts FROM outbox INDEXED BY outbox_pending
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

    /// Whether any message not delivered has its next try due at `now` (by the pending
    /// index: as cheap with years of delivered messages as with none).
    pub fn outbox_any_due(&self, now: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM outbox INDEXED BY outbox_pending
                 WHERE delivered_at IS NULL AND next_try <= ?1)",
            )?
            .query_row([now], |r| r.get(0))?)
    }

    /// How many messages not delivered have failed at least once (the desk's header), by the
    /// pending index.
    pub fn outbox_failing(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM outbox INDEXED BY outbox_pending
                 WHERE delivered_at IS NULL AND attempts > 0",
            )?
            .query_row([], |r| r.get(0))?)
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
