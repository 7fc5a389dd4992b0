//! Under which rules the rule-dependent columns of `records` were written.
//!
//! The deadline columns (`due_at`, `due_name`, `soon_at`) follow the `Policy` (the `[rules]`
//! limits, the time zone, the calendar), and `repeat_of` follows the repeat window in force
//! when the record was written. The `meta` table (schema 6) keeps a fingerprint of the policy
//! under which every open record's deadline columns were last worked out (`rules`), and every
//! repeat window that decided a `repeat_of` (`repeat_windows`). Every write brings the open
//! records up to the writer's rules first (they are few: the open index), so lists always show
//! the deadlines of the rules in force; `verify` compares the values only under the same rules.

use super::records::{Derived, events_of, fold_history};
use super::{Result, StoreError};
use crate::domain::{Policy, RecordId};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeSet;

/// A stable fingerprint of everything in `policy` that a deadline column or a repeat depends
/// on (every limit, the zone's name, every calendar entry), and of the rules' revision in code.
pub fn fingerprint(policy: &Policy) -> String {
    fingerprint_at(crate::domain::rules::RULES_REVISION, policy)
}

fn fingerprint_at(revision: u32, policy: &Policy) -> String {
    // Revision 1 (before it was counted) is the text as it was, so files written then keep
    // their fingerprint under the rules of revision 1.
    let revision = match revision {
        1 => String::new(),
        n => format!("revision {n}\n"),
    };
    let text = format!(
        "{revision}{:?}\n{}\n{:?}",
        policy.limits,
        policy.zone.name(),
        policy.calendar
    );
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

/// What the file says about the rules its columns were written under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamp {
    /// `fingerprint` of the rules of the open records' deadline columns; None before any
    /// writer of schema 6 (or a file without the `meta` table).
    pub rules: Option<String>,
    /// The repeat windows (days) that decided `repeat_of` values.
    pub windows: BTreeSet<i64>,
    /// Some `repeat_of` values were decided under windows nobody recorded (written before
    /// schema 6).
    pub windows_unknown: bool,
    /// The repeat rule the `repeat_of` values follow (`repeats::RULE`); None: the rule before
    /// (same room, kind and category), until the first write works them out again.
    pub repeat_rule: Option<String>,
}

impl Stamp {
    /// The stamp of the file; an empty one (nothing known) when it has no `meta` table.
    pub fn read(conn: &Connection) -> Stamp {
        let get = |key: &str| -> Option<String> {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()
                .ok()
                .flatten()
        };
        let rules = get("rules");
        let mut stamp = Stamp {
            rules,
            repeat_rule: get("repeat_rule"),
            ..Stamp::default()
        };
        match get("repeat_windows") {
            None => stamp.windows_unknown = true,
            Some(text) => {
                for part in text.split(',') {
                    match part.trim().parse::<i64>() {
                        Ok(days) => {
                            stamp.windows.insert(days);
                        }
                        Err(_) => stamp.windows_unknown = true,
                    }
                }
            }
        }
        stamp
    }

    /// The deadline columns of open records were worked out under exactly `policy`.
    pub fn rules_match(&self, policy: &Policy) -> bool {
        self.rules.as_deref() == Some(fingerprint(policy).as_str())
    }

    /// Every `repeat_of` was decided by today's rule under `window_days` and no other window.
    pub fn repeats_match(&self, window_days: i64) -> bool {
        self.repeat_rule.as_deref() == Some(super::repeats::RULE)
            && !self.windows_unknown
            && self.windows.len() == 1
            && self.windows.contains(&window_days)
    }

    fn windows_text(&self) -> String {
        let mut parts: Vec<String> = self.windows.iter().map(i64::to_string).collect();
        if self.windows_unknown {
            parts.push("unknown".into());
        }
        parts.join(",")
    }
}

fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// Inside a write transaction, before it writes a record: if the file's open records were
/// worked out under other rules than `policy` (or nobody said), work out their deadline
/// columns again under `policy`, and note `policy`'s fingerprint and repeat window.
///
/// A file whose `repeat_of` values follow the repeat rule before (`meta.repeat_rule` missing:
/// written before schema 7) gets them worked out again under today's rule and `policy`'s
/// window, once: one walk of the records (`repeats::recompute_all`).
///
/// Measured on a million records (733 open, release build): the deadline columns under new
/// rules 0.07 s; the repeats worked out again 11 s, which `notice` announces on stderr.
pub(super) fn bring_up_to_date(
    conn: &Connection,
    policy: &Policy,
    notice: Option<fn()>,
) -> Result<()> {
    let print = fingerprint(policy);
    let stamp = Stamp::read(conn);
    if stamp.repeat_rule.as_deref() != Some(super::repeats::RULE) {
        let any: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM records)", [], |r| r.get(0))?;
        if let Some(notice) = notice.filter(|_| any) {
            notice();
        }
        super::repeats::recompute_all(conn, policy.limits.repeat_window_days)?;
        recompute_open_deadlines(conn, policy)?;
        return stamp_all(conn, policy);
    }
    if stamp.rules.as_deref() == Some(print.as_str()) {
        return Ok(());
    }
    recompute_open_deadlines(conn, policy)?;
    let mut windows = stamp.clone();
    if stamp.rules.is_none() && stamp.windows.is_empty() {
        // The first writer of schema 6: records already there were decided under windows
        // nobody noted (none, on a new file).
        let any: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM records)", [], |r| r.get(0))?;
        windows.windows_unknown = any;
    }
    windows.windows.insert(policy.limits.repeat_window_days);
    put(conn, "repeat_windows", &windows.windows_text())?;
    put(conn, "rules", &print)?;
    Ok(())
}

impl super::Store {
    /// For the desk, before its screen is up: brings the rule-dependent columns up to
    /// `policy` now (what its first write would do), so that a long re-derive is announced
    /// on the terminal as it is rather than written into the desk's screen; later writes
    /// announce nothing. Best effort: a file busy or read-only is left to the first write.
    pub fn follow_rules_before_screen(&mut self, policy: &Policy) {
        let notice = self.rederive_notice.take();
        if self.read_only.is_some() {
            return;
        }
        if let Ok(tx) = self.write_tx()
            && bring_up_to_date(&tx, policy, notice).is_ok()
        {
            let _ = tx.commit();
        }
    }
}

/// `repair-index` has worked out every column under `policy` (repeats included).
pub(super) fn stamp_all(conn: &Connection, policy: &Policy) -> Result<()> {
    put(conn, "repeat_rule", super::repeats::RULE)?;
    put(
        conn,
        "repeat_windows",
        &policy.limits.repeat_window_days.to_string(),
    )?;
    put(conn, "rules", &fingerprint(policy))
}

/// Every open record's deadline columns under `policy` (a record whose history cannot be read
/// is left as it is: `verify` names it).
fn recompute_open_deadlines(conn: &Connection, policy: &Policy) -> Result<()> {
    let open: Vec<(i64, String)> = conn
        .prepare_cached("SELECT rowid, id FROM records INDEXED BY records_open_due WHERE open = 1")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut set = conn.prepare_cached(
        "UPDATE records SET due_at = ?2, due_name = ?3, soon_at = ?4 WHERE rowid = ?1",
    )?;
    for (rowid, text) in open {
        let Some(id) = RecordId::parse(&text) else {
            continue;
        };
        let record = match events_of(conn, rowid, &text).and_then(|e| fold_history(id, e)) {
            Ok(record) => record,
            Err(StoreError::Damaged(_)) => continue,
            Err(e) => return Err(e),
        };
        let d = Derived::of(&record, Some(policy));
        set.execute(params![rowid, d.due_at, d.due_name, d.soon_at])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Calendar, Limits};

    /// A file whose deadline columns an earlier revision of the rules wrote is not taken as
    /// written under this one (its open records are worked out again at the next write).
    #[test]
    fn a_new_revision_of_the_rules_changes_the_fingerprint() {
        let policy = Policy::new(
            Limits::default(),
            Calendar::default(),
            chrono_tz::Asia::Shanghai,
        );
        let now = fingerprint(&policy);
        assert_ne!(now, fingerprint_at(1, &policy));
        assert_ne!(
            now,
            fingerprint_at(crate::domain::rules::RULES_REVISION + 1, &policy)
        );
        assert_eq!(now, fingerprint(&policy.clone()));
    }
}
