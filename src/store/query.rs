//! Reading records: lists, search, counts. Lists are paged; nothing loads a whole table.

use super::records::{events_of, secs};
use super::search::fts_query;
use super::{Result, Store};
use crate::domain::*;
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Newest received first.
    #[default]
    Newest,
    /// Overdue, then soon (each by due time), then the rest newest first.
    UrgentFirst,
}

#[derive(Debug, Clone)]
pub struct ListQuery {
    pub kind: Option<RecordKind>,
    pub open: bool,
    pub overdue: bool,
    pub soon: bool,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Full-text filter (words, room, phone); a query with nothing searchable matches nothing.
    pub text: Option<String>,
    /// None: no limit.
    pub limit: Option<u32>,
    pub offset: u32,
    pub order: Order,
    pub now: DateTime<Utc>,
}

impl ListQuery {
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            kind: None,
            open: false,
            overdue: false,
            soon: false,
            since: None,
            until: None,
            text: None,
            limit: Some(200),
            offset: 0,
            order: Order::Newest,
            now,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    pub records: i64,
    pub events: i64,
    pub open: i64,
    pub overdue: i64,
    pub soon: i64,
    /// kind -> status -> count
    pub by_kind: BTreeMap<String, BTreeMap<String, i64>>,
    pub file_bytes: i64,
}

/// Open overdue (`soon_at <= now`) rows come first in the desk's lists.
const ATTENTION: &str = "(open = 1 AND soon_at IS NOT NULL AND soon_at <= :now)";

impl Store {
    /// Records matching the query; `None` from `text` with nothing searchable gives no rows.
    pub fn list(&self, q: &ListQuery) -> Result<Vec<Record>> {
        let mut clauses: Vec<String> = Vec::new();
        let mut params: Vec<(&str, Value)> = vec![(":now", Value::Integer(secs(q.now)))];
        if let Some(kind) = q.kind {
            clauses.push("kind = :kind".into());
            params.push((":kind", Value::Text(kind.slug().into())));
        }
        if q.open {
            clauses.push("open = 1".into());
        }
        if q.overdue && q.soon {
            clauses.push(ATTENTION.into());
        } else if q.overdue {
            clauses.push("(open = 1 AND due_at < :now)".into());
        } else if q.soon {
            clauses.push(format!("({ATTENTION} AND due_at >= :now)"));
        }
        if let Some(since) = q.since {
            clauses.push("received_at >= :since".into());
            params.push((":since", Value::Integer(secs(since))));
        }
        if let Some(until) = q.until {
            clauses.push("received_at < :until".into());
            params.push((":until", Value::Integer(secs(until))));
        }
        if let Some(text) = &q.text {
            let Some(fts) = fts_query(text) else {
                return Ok(Vec::new());
            };
            clauses.push("search MATCH :fts".into());
            params.push((":fts", Value::Text(fts)));
        }
        // With text, the index drives the query, newest written first, and stops at the limit.
        let (from, newest) = if q.text.is_some() {
            (
                "search JOIN records ON records.rowid = search.rowid",
                "search.rowid DESC",
            )
        } else {
            ("records", "received_at DESC, records.rowid DESC")
        };
        let filter = if clauses.is_empty() {
            "1".to_string()
        } else {
            clauses.join(" AND ")
        };
        let limit = q.limit.map(i64::from).unwrap_or(-1);
        let rows = match q.order {
            Order::Newest => self.ids(
                &format!(
                    "SELECT records.rowid, id, repeat_of FROM {from} WHERE {filter}
                     ORDER BY {newest} LIMIT {limit} OFFSET {}",
                    q.offset
                ),
                &params,
            )?,
            Order::UrgentFirst => {
                let mut first = self.ids(
                    &format!(
                        "SELECT records.rowid, id, repeat_of FROM {from} WHERE {filter} AND {ATTENTION}
                         ORDER BY due_at ASC, records.rowid ASC"
                    ),
                    &params,
                )?;
                let skip = (q.offset as usize).min(first.len());
                first.drain(..skip);
                let rest_offset = q.offset as usize - skip;
                let wanted = q.limit.map(|l| l as usize);
                if let Some(w) = wanted {
                    first.truncate(w);
                }
                let room_left = wanted.map(|w| w - first.len());
                if room_left != Some(0) {
                    let rest_limit = room_left.map(|r| r as i64).unwrap_or(-1);
                    first.extend(self.ids(
                        &format!(
                            "SELECT records.rowid, id, repeat_of FROM {from} WHERE {filter} AND NOT {ATTENTION}
                             ORDER BY {newest} LIMIT {rest_limit} OFFSET {rest_offset}"
                        ),
                        &params,
                    )?);
                }
                first
            }
        };
        rows.into_iter()
            .map(|(rowid, id, repeat_of)| {
                let mut record = Record::fold(id, &events_of(&self.conn, rowid)?)?;
                record.repeat_of = repeat_of;
                Ok(record)
            })
            .collect()
    }

    /// How many records a query matches (ignoring limit and offset).
    pub fn count(&self, q: &ListQuery) -> Result<usize> {
        let mut all = q.clone();
        all.limit = None;
        all.offset = 0;
        // Counting is only used for small, filtered sets (the desk's attention counts).
        Ok(self.list(&all)?.len())
    }

    fn ids(
        &self,
        sql: &str,
        params: &[(&str, Value)],
    ) -> Result<Vec<(i64, RecordId, Option<RecordId>)>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let wanted: Vec<(&str, &dyn rusqlite::ToSql)> = params
            .iter()
            .filter(|(name, _)| sql.contains(name))
            .map(|(name, value)| (*name, value as &dyn rusqlite::ToSql))
            .collect();
        let rows = stmt.query_map(wanted.as_slice(), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (rowid, id, repeat_of) = row?;
            let id = RecordId::parse(&id).ok_or(RuleError::Corrupt)?;
            out.push((rowid, id, repeat_of.as_deref().and_then(RecordId::parse)));
        }
        Ok(out)
    }

    /// Search every kind, newest first.
    pub fn search(
        &self,
        text: &str,
        limit: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Record>> {
        let mut q = ListQuery::new(now);
        q.text = Some(text.to_string());
        q.limit = limit;
        self.list(&q)
    }

    /// Counts of open records needing attention: (overdue, soon).
    pub fn attention(&self, now: DateTime<Utc>) -> Result<(i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT coalesce(sum(due_at < ?1), 0), coalesce(sum(due_at >= ?1), 0)
             FROM records WHERE open = 1 AND soon_at <= ?1",
            [secs(now)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    pub fn stats(&self, now: DateTime<Utc>) -> Result<Stats> {
        let mut by_kind: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
        let mut records = 0;
        {
            let mut stmt = self
                .conn
                .prepare("SELECT kind, status, count(*) FROM records GROUP BY kind, status")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?;
            for row in rows {
                let (kind, status, n) = row?;
                records += n;
                by_kind.entry(kind).or_default().insert(status, n);
            }
        }
        let events = self
            .conn
            .query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?;
        let open = self
            .conn
            .query_row("SELECT count(*) FROM records WHERE open = 1", [], |r| {
                r.get(0)
            })?;
        let (overdue, soon) = self.attention(now)?;
        let file_bytes = self.conn.query_row(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            [],
            |r| r.get(0),
        )?;
        Ok(Stats {
            records,
            events,
            open,
            overdue,
            soon,
            by_kind,
            file_bytes,
        })
    }
}
