//! A record's row on the company's server: what the desk's record row holds (`store::row`),
//! from the same fold and the same deadline rules, plus its text and every deadline.

use crate::domain::deadline::{deadlines, next_open};
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
    /// `[{"name", "due", "done_at"}]`
    pub deadlines: String,
    /// The last event folded in.
    pub seq: i64,
}

fn utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl RecordRow {
    pub fn of(record: &Record, policy: &Policy, seq: i64) -> Self {
        let all = deadlines(record, policy);
        let next = next_open(&all);
        let listed: Vec<serde_json::Value> = all
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
            status: record.status.slug(),
            open: record.is_open_matter(),
            voided: record.is_voided(),
            urgent: record.is_urgent(),
            received_at: record.received_at.timestamp(),
            updated_at: record.last_event_at.timestamp(),
            resolved_at: record.resolved_at.map(|t| t.timestamp()),
            category: n.details.category_slug(),
            channel: record.rules().channel().map(Slug::slug),
            class: record.class().map(|c| c.slug()),
            room: n.room.clone(),
            summary: n.summary.clone(),
            assignee: record.assignee().map(str::to_string),
            repeat_of: record.repeat_of.map(|r| r.to_string()),
            due_at: next.map(|d| d.due.timestamp()),
            due_name: next.map(|d| d.name.slug()),
            deadlines: serde_json::Value::from(listed).to_string(),
            seq,
        }
    }
}
