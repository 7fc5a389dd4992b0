//! A record's row on the company's server: what the desk's record row holds (the same
//! columns from the same derivation, `store::company::row_columns`), plus its text and every
//! deadline.

use crate::domain::deadline::deadlines;
use crate::domain::{Policy, Record, Slug};
use chrono::{DateTime, SecondsFormat, Utc};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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
    /// `[{"name", "due", "done_at", "late", "held_since", "held_until"}]`: `listed` as JSON.
    pub deadlines: String,
    /// Every deadline, in the desk's order: the `deadlines` table's rows (schema 8).
    pub listed: Vec<DeadlineRow>,
    /// The callback rate the record counts in once resolved (`complaint`, `repair`), if any.
    pub callback_rate: Option<&'static str>,
    pub called_back: bool,
    /// The last event folded in.
    pub seq: i64,
    /// What the reviews need besides (schema 3), written in the row's own upsert.
    pub more: ReportColumns,
    /// Schema 6: the area a round walked (`rounds::area_of`), written with the row.
    pub area: Option<String>,
}

/// One deadline of a record: times to the desk's precision (RFC 3339, UTC); `due` None while
/// a pause without an end holds it; `late` the desk's own "done after its due" (schema 3).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DeadlineRow {
    pub name: &'static str,
    pub due: Option<String>,
    pub done_at: Option<String>,
    pub late: Option<bool>,
    pub held_since: Option<String>,
    pub held_until: Option<String>,
}

/// The columns schema version 3 adds for the reviews: the callback made (form, signed,
/// satisfaction), the quality follow-up, a handover's shift change and signature, whether
/// the status is open, whether the kind and category repeat.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportColumns {
    pub callback_form: Option<&'static str>,
    pub callback_signed: Option<bool>,
    pub satisfaction: Option<&'static str>,
    pub quality_called_back: bool,
    pub shift_start: Option<i64>,
    /// RFC 3339, to the desk's precision.
    pub signed_at: Option<String>,
    /// Signed after the handover window (`Limits::handover_window_minutes`); None unsigned.
    pub signed_late: Option<bool>,
    pub status_open: bool,
    pub repeatable: bool,
    /// The public place, for a record without a room.
    pub location: Option<String>,
    /// Schema 5: the record this one follows up, why (`FollowUpBy`), and when its written
    /// notice reached the repair staff.
    pub follow_up_of: Option<String>,
    pub follow_up_by: Option<&'static str>,
    pub noticed_at: Option<String>,
}

/// The schema version whose columns a row folded by this program carries: rows below it are
/// folded again by the next push (`refold`).
pub const FOLDED: i32 = 8;

/// A time as the desk holds it (fractions of a second kept, UTC).
fn utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

impl RecordRow {
    pub fn of(record: &Record, policy: &Policy, seq: i64) -> Self {
        let c = crate::store::company::row_columns(record, policy);
        let listed: Vec<DeadlineRow> = deadlines(record, policy)
            .iter()
            .map(|d| DeadlineRow {
                name: d.name.slug(),
                due: d.has_due().then(|| utc(d.due)),
                done_at: d.done_at.map(utc),
                late: d.done_at.map(|done| done > d.due),
                held_since: d.held.map(|h| utc(h.since)),
                held_until: d.held.and_then(|h| h.until).map(utc),
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
            deadlines: serde_json::to_string(&listed).expect("deadlines serialise"),
            listed,
            callback_rate: callback_rate(record),
            called_back: record.callback.is_some(),
            seq,
            more: ReportColumns::of(record, policy, c.shift_key),
            area: super::rounds::area_of(record, policy),
        }
    }
}

impl ReportColumns {
    fn of(record: &Record, policy: &Policy, shift_key: Option<i64>) -> Self {
        let cb = record.callback.as_ref();
        let signature = record.signature();
        let window = chrono::Duration::minutes(policy.limits.handover_window_minutes);
        let shift_start = shift_key.and_then(|s| DateTime::<Utc>::from_timestamp(s, 0));
        Self {
            callback_form: cb.map(|c| c.form.slug()),
            callback_signed: cb.and_then(|c| c.signed),
            satisfaction: cb.map(|c| c.satisfaction.slug()),
            quality_called_back: crate::domain::callbacks::quality_made(record).is_some(),
            shift_start: shift_key,
            signed_at: signature.map(|s| utc(s.at)),
            signed_late: signature
                .zip(shift_start)
                .map(|(s, start)| s.at > start + window),
            status_open: record.status.is_open(),
            repeatable: record.kind().repeat_by(record.new.details.category_slug())
                != crate::domain::repeats::RepeatBy::Never,
            location: record.new.location.clone(),
            follow_up_of: record.follow_up_of.map(|(of, _)| of.to_string()),
            follow_up_by: record.follow_up_of.map(|(_, by)| by.slug()),
            noticed_at: record.noticed_at.map(utc),
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

/// The `deadlines` rows (schema 8) of the record rows just written (`catch_up::write_rows`),
/// in the same transaction: `won` names the rows the upsert wrote (a row already newer was
/// left alone, and so are its deadlines), and whether each was new. A row written again has
/// its deadlines replaced whole (a record's list can shrink: a voided record has none). The
/// record row's lock, held to the commit, keeps two pushers from interleaving them.
pub fn replace_deadlines(
    tx: &mut postgres::Transaction<'_>,
    estate: &str,
    rows: &[RecordRow],
    won: &[(String, bool)],
) -> Result<(), postgres::Error> {
    let again: Vec<&str> = won
        .iter()
        .filter(|(_, new)| !new)
        .map(|(id, _)| id.as_str())
        .collect();
    if !again.is_empty() {
        tx.execute(
            "DELETE FROM deadlines d USING unnest($2::text[]) AS u(id)
              WHERE d.estate = $1 AND d.record_id = u.id",
            &[&estate, &again],
        )?;
    }
    let won: std::collections::HashSet<&str> = won.iter().map(|(id, _)| id.as_str()).collect();
    let mut listed = rows
        .iter()
        .filter(|r| won.contains(r.id.as_str()))
        .flat_map(|r| (0i16..).zip(&r.listed).map(move |(n, d)| (r, n, d)))
        .peekable();
    if listed.peek().is_none() {
        return Ok(());
    }
    // Binary COPY: the rows of the records written again were deleted just above, and a new
    // record row has none yet (the key would refuse one, and the batch change nothing).
    use postgres::binary_copy::BinaryCopyInWriter;
    use postgres::types::Type;
    let sink = tx.copy_in(
        "COPY deadlines (estate, record_id, n, name, due, done_at, late, held_since, held_until,
                         kind, category, received_at, resolved_at, voided)
         FROM STDIN (FORMAT binary)",
    )?;
    let time = Type::TIMESTAMPTZ;
    let mut writer = BinaryCopyInWriter::new(
        sink,
        &[
            Type::TEXT,
            Type::TEXT,
            Type::INT2,
            Type::TEXT,
            time.clone(),
            time.clone(),
            Type::BOOL,
            time.clone(),
            time.clone(),
            Type::TEXT,
            Type::TEXT,
            time.clone(),
            time,
            Type::BOOL,
        ],
    );
    let at = |t: &Option<String>| t.as_deref().map(pg_time);
    for (r, n, d) in listed {
        writer.write(&[
            &estate,
            &r.id,
            &n,
            &d.name,
            &at(&d.due),
            &at(&d.done_at),
            &d.late,
            &at(&d.held_since),
            &at(&d.held_until),
            &r.kind,
            &r.category,
            &pg_secs(r.received_at),
            &r.resolved_at.map(pg_secs),
            &r.voided,
        ])?;
    }
    writer.finish()?;
    Ok(())
}

/// A time in whole seconds as the server's `to_timestamp` makes it.
pub(super) fn pg_secs(secs: i64) -> SystemTime {
    pg_micros(i128::from(secs) * 1_000_000)
}

/// A time `utc` wrote, as the server reads its text (`::timestamptz`): the fraction of a
/// second read as a double and rounded to microseconds, to the nearest and ties to even (the
/// server's `strtod` and `rint`), so that a binary COPY stores what the text did.
pub(super) fn pg_time(text: &str) -> SystemTime {
    let t = DateTime::parse_from_rfc3339(text).expect("a time `utc` wrote");
    let frac = text.find('.').map_or(0.0, |i| {
        text[i..]
            .trim_end_matches(|c: char| !c.is_ascii_digit())
            .parse::<f64>()
            .unwrap_or(0.0)
    });
    let micros = (frac * 1_000_000.0).round_ties_even() as i128;
    pg_micros(i128::from(t.timestamp()) * 1_000_000 + micros)
}

fn pg_micros(micros: i128) -> SystemTime {
    let d = Duration::from_micros(micros.unsigned_abs() as u64);
    if micros >= 0 {
        UNIX_EPOCH + d
    } else {
        UNIX_EPOCH - d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn micros(t: SystemTime) -> i128 {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_micros() as i128,
            Err(e) => -(e.duration().as_micros() as i128),
        }
    }

    #[test]
    fn a_time_is_sent_as_the_server_reads_its_text() {
        let base: i64 = 1_764_669_600; // 2025-12-02T10:00:00Z
        let at = |s: &str| micros(pg_time(s)) - i128::from(base) * 1_000_000;
        assert_eq!(at("2025-12-02T10:00:00Z"), 0);
        assert_eq!(at("2025-12-02T10:00:00.123Z"), 123_000);
        assert_eq!(at("2025-12-02T10:00:00.123456Z"), 123_456);
        // Past microseconds: to the nearest, as `rint` does.
        assert_eq!(at("2025-12-02T10:00:00.123456400Z"), 123_456);
        assert_eq!(at("2025-12-02T10:00:00.123456600Z"), 123_457);
        assert_eq!(at("2025-12-02T10:00:00.999999700Z"), 1_000_000);
        assert_eq!(micros(pg_time("1969-12-31T23:59:59.5Z")), -500_000);
        assert_eq!(micros(pg_secs(base)), i128::from(base) * 1_000_000);
        assert_eq!(micros(pg_secs(-1)), -1_000_000);
    }
}
