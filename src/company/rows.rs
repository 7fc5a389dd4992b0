//! A record's row on the company's server: what the desk's record row holds (the same
//! columns from the same derivation, `store::company::row_columns`), plus its text and every
//! deadline.

use crate::domain::deadline::deadlines;
use crate::domain::{Policy, Record, Slug};
use chrono::{DateTime, SecondsFormat, Utc};

#[derive(Debug, Clone, PartialEq)]
pub struct RecordRow {
    pub id: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub open: bool,
    pub voided: bool,
    pub urgent: bool,
    pub received_at: i64,
    pub updated_at: i64,
    pub resolved_at: Option<i64>,
    pub category: &'static str,
    pub channel: Option<&'static str>,
    pub class: Option<&'static str>,
    pub room: Option<String>,
    pub summary: String,
    pub assignee: Option<String>,
    pub repeat_of: Option<String>,
    pub due_at: Option<i64>,
    pub due_name: Option<&'static str>,
    /// From this moment the next deadline is near (or, past `due_at`, overdue).
    pub soon_at: Option<i64>,
    /// `[{"name", "due", "done_at"}]`
    pub deadlines: String,
    /// The callback rate the record counts in once resolved (`complaint`, `repair`), if any.
    pub callback_rate: Option<&'static str>,
    pub called_back: bool,
    /// The last event folded in.
    pub seq: i64,
}

fn utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl RecordRow {
    pub fn of(record: &Record, policy: &Policy, seq: i64) -> Self {
        let c = crate::store::company::row_columns(record, policy);
        let listed: Vec<serde_json::Value> = deadlines(record, policy)
            .iter()
            .filter(|d| d.has_due())
            .map(|d| {
                serde_json::json!({
                    "name": d.name.slug(),
                    "due": utc(d.due),
                    "done_at": d.done_at.map(utc),
                })
            })
            .collect();
        let n = &record.new;
        Self {
            id: record.id.to_string(),
            kind: record.kind().slug(),
            status: c.status,
            open: c.open,
            voided: c.voided,
            urgent: c.urgent,
            received_at: record.received_at.timestamp(),
            updated_at: c.updated_at,
            resolved_at: record.resolved_at.map(|t| t.timestamp()),
            category: c.category,
            channel: c.channel,
            class: c.class,
            room: n.room.clone(),
            summary: n.summary.clone(),
            assignee: record.assignee().map(str::to_string),
            repeat_of: record.repeat_of.map(|r| r.to_string()),
            due_at: c.due_at,
            due_name: c.due_name,
            soon_at: c.soon_at,
            deadlines: serde_json::Value::from(listed).to_string(),
            callback_rate: callback_rate(record),
            called_back: record.callback.is_some(),
            seq,
        }
    }
}

/// Which of the report's callback rates the kind counts `record` in (`KindRules::callbacks`).
fn callback_rate(record: &Record) -> Option<&'static str> {
    let mut probe = crate::domain::report::Report::default();
    let rate = record
        .rules()
        .callbacks(record, &mut probe)
        .map(|r| r as *const crate::domain::report::CallbackRate)?;
    Some(if std::ptr::eq(rate, &probe.complaint_callbacks) {
        "complaint"
    } else {
        "repair"
    })
}
