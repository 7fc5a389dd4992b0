//! The SQL of a list query: the filters of a `ListQuery` as clauses and named parameters, the
//! desk's attention-first order, and the parameters a statement binds.

use super::records::secs;
use super::search::{fts_query_of_kind, fts_query_v3};
use super::{ListQuery, Order};
use crate::domain::*;
use rusqlite::types::Value;

/// Open overdue (`soon_at <= now`) rows come first in the desk's lists.
pub(super) const ATTENTION: &str = "(open = 1 AND soon_at IS NOT NULL AND soon_at <= :now)";

/// An urgent record whose dispatch is still owed (its next deadline is the dispatch): on top of
/// the desk's lists from the moment it is written until someone is sent, not only in the last
/// quarter of its seven minutes.
pub(super) const DISPATCH_OWED: &str = "(open = 1 AND urgent = 1 AND due_name IS 'dispatch')";

/// The SQL of a list query: the parts on top (UrgentFirst only: urgent records owed a
/// dispatch, then overdue and soon ones), each read in its order, and the rest.
pub(super) struct Built {
    pub(super) attention: Vec<String>,
    pub(super) rest: String,
    pub(super) params: Vec<(&'static str, Value)>,
    /// The rest was read from the far end: reverse it into list order.
    pub(super) backwards: bool,
    /// How many rows the query matches in all (overdue/soon and the rest).
    pub(super) count: String,
}

/// `old_search`: the index of schema 3 (see `Store::old_search`).
pub(super) fn build(q: &ListQuery, old_search: bool) -> Option<Built> {
    let mut clauses: Vec<String> = Vec::new();
    let mut params: Vec<(&'static str, Value)> = vec![(":now", Value::Integer(secs(q.now)))];
    if let Some(kind) = q.kind {
        clauses.push("records.kind = :kind".into());
        params.push((":kind", Value::Text(kind.slug().into())));
    }
    if q.open {
        clauses.push("open = 1".into());
    }
    if q.overdue && q.soon {
        clauses.push(ATTENTION.into());
    } else if q.overdue {
        // `soon_at <= :now` too: a paused record's overdue deadline waits for its resume
        // (`domain::pause`); for any other row it holds whenever `due_at < :now` does.
        clauses.push("(open = 1 AND due_at < :now AND soon_at <= :now)".into());
    } else if q.soon {
        clauses.push(format!("({ATTENTION} AND due_at >= :now)"));
    }
    if q.callbacks_due {
        match q.quality_window {
            Some((lo, hi)) => {
                clauses.push(
                    "((open = 1 AND status = 'resolved') OR quality_from BETWEEN :q_lo AND :q_hi)"
                        .into(),
                );
                params.push((":q_lo", Value::Integer(secs(lo))));
                params.push((":q_hi", Value::Integer(secs(hi))));
            }
            None => clauses.push("(open = 1 AND status = 'resolved')".into()),
        }
    }
    if let Some(before) = q.due_or_watched_before {
        // Whatever the header counts as overdue or soon is listed too (a deadline soon now
        // may fall due after the shift ends): the tab and the header count one set.
        clauses.push(format!(
            "(open = 1 AND (due_at < :due_before OR watch = 1 OR {ATTENTION}))"
        ));
        params.push((":due_before", Value::Integer(secs(before))));
    }
    if let Some(since) = q.since {
        clauses.push("received_at >= :since".into());
        params.push((":since", Value::Integer(secs(since))));
    }
    if let Some(until) = q.until {
        clauses.push("received_at < :until".into());
        params.push((":until", Value::Integer(secs(until))));
    }
    if let Some(id) = exact_id(q) {
        clauses.push("records.id = :id".into());
        params.push((":id", Value::Text(id.to_string())));
    } else if let Some(text) = words(q) {
        clauses.push("search MATCH :fts".into());
        let fts = if old_search {
            fts_query_v3(text)?
        } else {
            fts_query_of_kind(text, q.kind.map(|k| k.slug()))?
        };
        params.push((":fts", Value::Text(fts)));
    }
    // With text, the index drives the query, newest written first, and stops at the limit.
    // Read backwards (`before`, `tail`), the same order is walked from the other end.
    let backwards = q.before.is_some() || q.tail;
    let (from, newest, after, before) = if words(q).is_some() {
        (
            "search JOIN records ON records.rowid = search.rowid",
            if backwards {
                "search.rowid ASC"
            } else {
                "search.rowid DESC"
            },
            "search.rowid < :after_rowid",
            "search.rowid > :before_rowid",
        )
    } else {
        (
            "records",
            if backwards {
                "received_at ASC, records.rowid ASC"
            } else {
                "received_at DESC, records.rowid DESC"
            },
            "(received_at, records.rowid) < (:after_at, :after_rowid)",
            "(received_at, records.rowid) > (:before_at, :before_rowid)",
        )
    };
    let mut rest_clauses = clauses.clone();
    if let Some(cursor) = q.after {
        rest_clauses.push(after.into());
        params.push((":after_at", Value::Integer(cursor.received_at)));
        params.push((":after_rowid", Value::Integer(cursor.rowid)));
    }
    if let Some(cursor) = q.before {
        rest_clauses.push(before.into());
        params.push((":before_at", Value::Integer(cursor.received_at)));
        params.push((":before_rowid", Value::Integer(cursor.rowid)));
    }
    let continuing = q.after.is_some() || backwards;
    // The overdue/soon rows are few: read them from the open-records index; `list_page`
    // checks them against the text itself, rather than walking every match of the text.
    // Both are read from the open-records index in due order (no sort): first the urgent
    // records owed a dispatch, then the other overdue and soon ones.
    let on_top = |part: String| {
        let mut c: Vec<String> = clauses
            .iter()
            .filter(|c| c.as_str() != "search MATCH :fts")
            .cloned()
            .collect();
        c.push(part);
        format!(
            "SELECT records.rowid, id, repeat_of, received_at FROM records WHERE {}
             ORDER BY due_at ASC, records.rowid ASC",
            c.join(" AND ")
        )
    };
    let attention = if q.order == Order::UrgentFirst && !continuing {
        vec![
            on_top(DISPATCH_OWED.into()),
            on_top(format!("{ATTENTION} AND NOT {DISPATCH_OWED}")),
        ]
    } else {
        Vec::new()
    };
    if q.order == Order::UrgentFirst {
        rest_clauses.push(format!("NOT {ATTENTION} AND NOT {DISPATCH_OWED}"));
    }
    let filter = if rest_clauses.is_empty() {
        "1".to_string()
    } else {
        rest_clauses.join(" AND ")
    };
    let rest = format!(
        "SELECT records.rowid, id, repeat_of, received_at FROM {from} WHERE {filter}
         ORDER BY {newest} LIMIT :limit OFFSET :offset"
    );
    // Words alone (a kind's filter is in the index too): the index counts its matches without
    // joining each to its record.
    let index_alone = !old_search
        && words(q).is_some()
        && clauses
            .iter()
            .all(|c| c == "search MATCH :fts" || c == "records.kind = :kind");
    let count = if index_alone {
        "SELECT count(*) FROM search WHERE search MATCH :fts".to_string()
    } else {
        format!(
            "SELECT count(*) FROM {from} WHERE {}",
            if clauses.is_empty() {
                "1".to_string()
            } else {
                clauses.join(" AND ")
            }
        )
    };
    Some(Built {
        attention,
        rest,
        params,
        backwards,
        count,
    })
}

/// A text that is a whole record id finds that record (ids are not in the search index: a
/// million unique terms would cost more room than anything else in it).
pub(super) fn exact_id(q: &ListQuery) -> Option<RecordId> {
    q.text.as_deref().and_then(|t| RecordId::parse(t.trim()))
}

/// The text to look up in the search index, if any.
pub(super) fn words(q: &ListQuery) -> Option<&str> {
    q.text.as_deref().filter(|_| exact_id(q).is_none())
}

/// The parameters a statement uses, with its limit and offset.
pub(super) fn bind(
    sql: &str,
    params: &[(&'static str, Value)],
    limit_offset: Option<(i64, i64)>,
) -> Vec<(&'static str, Value)> {
    let mut bound: Vec<(&'static str, Value)> = params
        .iter()
        .filter(|(name, _)| sql.contains(name))
        .cloned()
        .collect();
    if let Some((limit, offset)) = limit_offset
        && sql.contains(":limit")
    {
        bound.push((":limit", Value::Integer(limit)));
        bound.push((":offset", Value::Integer(offset)));
    }
    bound
}

/// Bound parameters as rusqlite takes them.
pub(super) fn as_params<'a>(
    bound: &'a [(&'static str, Value)],
) -> Vec<(&'static str, &'a dyn rusqlite::ToSql)> {
    bound
        .iter()
        .map(|(name, value)| (*name, value as &dyn rusqlite::ToSql))
        .collect()
}
