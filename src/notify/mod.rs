//! Delivering the outbox (issue 18): WeCom and DingTalk group robots and plain JSON webhooks,
//! over HTTPS with a blocking client and short timeouts. Never on the desk's drawing path:
//! `dutydesk notify run` and the desk's sender thread call [`deliver`].
//!
//! Credentials (the URL's key or token, DingTalk's secret) are never in an error text: every
//! text that leaves this module goes through [`scrub`].

pub mod background;
mod robots;

pub use robots::{dingtalk_sign, post};

use crate::config_notify::Channel;
use crate::store::Store;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The robots allow 20 messages a minute each.
pub const PER_MINUTE: i64 = 20;
/// How long a sender's lease lasts without renewal.
pub const LEASE_SECS: i64 = 30;
/// Connect, send and read, all together.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// What one delivery pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Pass {
    pub delivered: u32,
    pub failed: u32,
    /// Left for later: the channel's 20 a minute were used up.
    pub rate_limited: u32,
    /// Another sender holds the lease: this pass sent nothing.
    pub busy: bool,
}

/// Seconds since the epoch, the machine's clock.
pub fn real_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn real_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// This process's name in the lease row.
pub fn holder() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}-{nanos}", std::process::id())
}

/// The wait before the next try after `attempts` failed ones: 30 s doubling, at most 30 min.
pub fn backoff(attempts: i64) -> i64 {
    (30_i64 << attempts.clamp(0, 6)).min(1800)
}

/// One pass over the outbox under the lease: every message due (`all`: every one not
/// delivered, whatever its backoff, as `notify run` does) is posted once; delivered ones are
/// marked, failed ones keep their error and their next try.
pub fn deliver(store: &Store, channels: &[Channel], all: bool) -> crate::store::Result<Pass> {
    let mut pass = Pass::default();
    let me = holder();
    let now = real_now();
    // Nothing to send: no lease taken, nothing written (the desk's sender looks twice a
    // second; an idle desk must not write to the file, nor wake the desk's reload).
    if !store.outbox_any_due(if all { i64::MAX } else { now })? {
        return Ok(pass);
    }
    if !store.take_lease(&me, now, LEASE_SECS)? {
        pass.busy = true;
        return Ok(pass);
    }
    let result = deliver_held(store, channels, all, &me, &mut pass);
    store.release_lease(&me)?;
    result.map(|()| pass)
}

fn deliver_held(
    store: &Store,
    channels: &[Channel],
    all: bool,
    me: &str,
    pass: &mut Pass,
) -> crate::store::Result<()> {
    let agent = robots::agent();
    let due = store.outbox_due(if all { i64::MAX } else { real_now() })?;
    for q in due {
        let now = real_now();
        if !store.take_lease(me, now, LEASE_SECS)? {
            pass.busy = true;
            return Ok(());
        }
        if !store.outbox_undelivered(q.id)? {
            continue;
        }
        let Some(channel) = channels.iter().find(|c| c.name == q.channel) else {
            store.outbox_failed(q.id, now, "channel not in the config", now + 3600)?;
            pass.failed += 1;
            continue;
        };
        if store.outbox_tries_since(&channel.name, now - 59)? >= PER_MINUTE {
            pass.rate_limited += 1;
            continue;
        }
        let body: serde_json::Value = serde_json::from_str(&q.body).unwrap_or_default();
        let text = body["text"].as_str().unwrap_or("");
        let mobiles: Vec<String> = body["mobiles"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|m| m.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        match post(
            &agent,
            channel,
            text,
            &mobiles,
            &q.event,
            q.record.as_deref(),
            real_now_ms(),
        ) {
            Ok(()) => {
                store.outbox_delivered(q.id, real_now())?;
                pass.delivered += 1;
            }
            Err(why) => {
                let why = scrub_all(&why, channels);
                let now = real_now();
                store.outbox_failed(q.id, now, &why, now + backoff(q.attempts))?;
                pass.failed += 1;
            }
        }
    }
    Ok(())
}

/// What the sender evaluates besides delivering (issue 18): the escalation ladder at `now`
/// (the desk's clock, `DUTYDESK_NOW`), then each unsigned handover due to the manager. The
/// messages go to the outbox; a pass of [`deliver`] sends them.
pub fn escalate(
    store: &mut Store,
    policy: &crate::domain::rules::Policy,
    now: chrono::DateTime<chrono::Utc>,
    shift_start: chrono::DateTime<chrono::Utc>,
) -> crate::store::Result<u32> {
    let steps = store.run_ladder(now, policy)?;
    let handover = store.run_unsigned_handover(shift_start, now, policy)?;
    Ok(steps + u32::from(handover))
}

/// `notify test NAME`: a test message straight to the channel (not through the outbox); the
/// error with every channel's credentials scrubbed.
pub fn test(channel: &Channel, all: &[Channel], text: &str) -> Result<(), String> {
    post(
        &robots::agent(),
        channel,
        text,
        &[],
        "test",
        None,
        real_now_ms(),
    )
    .map_err(|why| scrub_all(&why, all))
}

/// `text` with every channel's credentials replaced (a robot's answer may quote any of them).
pub fn scrub_all(text: &str, channels: &[Channel]) -> String {
    channels.iter().fold(text.to_string(), |t, c| scrub(&t, c))
}

/// `text` with the channel's credentials replaced by `***`: the whole URL, its query, its
/// path, and the secret.
pub fn scrub(text: &str, channel: &Channel) -> String {
    let url = channel.url.reveal();
    let mut needles: Vec<&str> = vec![url];
    if let Some((_, query)) = url.split_once('?') {
        needles.push(query);
        needles.extend(
            query
                .split('&')
                .filter_map(|kv| kv.split_once('=').map(|(_, v)| v)),
        );
    }
    if let Some((_, rest)) = url.split_once("://")
        && let Some((_, path)) = rest.split_once('/')
    {
        needles.push(path);
        needles.extend(path.split(['/', '?', '&', '=']));
    }
    if let Some(secret) = &channel.secret {
        needles.push(secret.reveal());
    }
    needles.retain(|n| n.len() >= 4);
    needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let mut out = text.to_string();
    for n in needles {
        out = out.replace(n, "***");
    }
    crate::domain::text::sanitize_line(&out).into_owned()
}
