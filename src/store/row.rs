//! A record's row and search entry: the columns that follow from the record (written by every
//! write, checked by `verify`, rebuilt by `repair-index`) and the text the search index holds.

use super::Result;
use super::records::{decode_change, secs, time};
use super::search::{index_text, phone_tail};
use crate::domain::deadline::{deadlines, next_open};
use crate::domain::*;
use rusqlite::types::ValueRef;
use rusqlite::{Transaction, params};

/// The record row's columns that follow from a record (and the configured deadline rules):
/// written by every write, checked by `verify`, rebuilt by `repair-index`. (`repeat_of` is
/// found among other records: `repeats::find_repeat`.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived<'r> {
    pub status: &'static str,
    pub open: bool,
    pub voided: bool,
    pub urgent: bool,
    pub updated_at: i64,
    pub category: &'static str,
    pub channel: Option<&'static str>,
    pub class: Option<&'static str>,
    pub room: Option<&'r str>,
    pub assignee: Option<&'r str>,
    pub due_at: Option<i64>,
    pub due_name: Option<&'static str>,
    pub soon_at: Option<i64>,
    pub shift_key: Option<i64>,
    pub watch: bool,
    /// A repair whose quality follow-up is owed and not yet made: its resolve time (schema 9).
    pub quality_from: Option<i64>,
}

impl<'r> Derived<'r> {
    /// Without `policy` the deadline columns are left out (None): for a record that is not
    /// open (nothing reads them then) when only checking.
    pub fn of(record: &'r Record, policy: Option<&Policy>) -> Self {
        let (due_at, due_name, soon_at) = if let Some(policy) = policy {
            let all = deadlines(record, policy);
            let next = next_open(&all);
            let soon_at = all
                .iter()
                .filter(|d| d.is_open() && d.has_due())
                .map(|d| d.soon_from)
                .min();
            (
                next.map(|d| secs(d.due)),
                next.map(|d| d.name.slug()),
                soon_at.map(secs),
            )
        } else {
            (None, None, None)
        };
        let n = &record.new;
        let kind = record.rules();
        let (channel, category) = (kind.channel().map(Slug::slug), n.details.category_slug());
        Self {
            status: record.status.slug(),
            // A flagged duty-log entry is open until the flag is taken off.
            open: record.is_open_matter(),
            voided: record.is_voided(),
            urgent: record.is_urgent(),
            updated_at: secs(record.last_event_at),
            category,
            channel,
            class: record.class().map(|c| c.slug()),
            room: n.room.as_deref(),
            assignee: record.assignee(),
            due_at,
            due_name,
            soon_at,
            shift_key: kind.shift_key().map(secs),
            // Flagged for the next shift, or of a kind handed over until it is closed
            // (an incident): the desk's handover list shows it whatever its deadlines.
            watch: record.watch.is_some()
                || (record.status.is_open() && kind.handed_over_until_closed())
                // Paused with no end set: its deadlines have no due to list it by.
                || (record.status.is_open()
                    && record.pauses.last().is_some_and(|p| p.end().is_none())),
            quality_from: crate::domain::callbacks::quality_owed(record).map(secs),
        }
    }
}

/// Bring the denormalised row and the search index in line with the record's new state.
/// The row keeps only what queries filter and sort on; the text lives in the events (every
/// record shown is folded from them) and the search index. Its `summary`, `location`, `phone`
/// and `name` columns are left empty (schema v1 had them; keeping copies cost ~10% of the file).
pub(super) fn write_row(
    tx: &Transaction<'_>,
    rowid: i64,
    record: &Record,
    policy: &Policy,
    reindex: bool,
) -> Result<Option<String>> {
    put_row(
        tx,
        rowid,
        &Derived::of(record, Some(policy)),
        record.repeat_of,
    )?;
    Ok(reindex.then(|| searchable_text(record)))
}

pub(super) fn put_row(
    tx: &rusqlite::Connection,
    rowid: i64,
    d: &Derived<'_>,
    repeat_of: Option<RecordId>,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE records SET status = ?2, open = ?3, voided = ?4, urgent = ?5, updated_at = ?6,
            category = ?7, channel = ?8, class = ?9, room = ?10, assignee = ?11,
            repeat_of = ?12, due_at = ?13, due_name = ?14, soon_at = ?15, shift_key = ?16,
            watch = ?17, quality_from = ?18
         WHERE rowid = ?1",
    )?
    .execute(params![
        rowid,
        d.status,
        d.open,
        d.voided,
        d.urgent,
        d.updated_at,
        d.category,
        d.channel,
        d.class,
        d.room,
        d.assignee,
        repeat_of.map(|r| r.to_string()),
        d.due_at,
        d.due_name,
        d.soon_at,
        d.shift_key,
        d.watch,
        d.quality_from,
    ])?;
    Ok(())
}

/// What the search index holds for a record: its text, room, place, phone (and its last four
/// digits), name, technician, notes and void reason. (Its id is found by `records.id`.)
pub(super) fn searchable_text(record: &Record) -> String {
    with_searchable_parts(record, |parts| index_text(&parts.collect::<Vec<_>>()))
}

/// The parts of a record's searchable text, handed to `f` (no copy of the text is made).
pub(super) fn with_searchable_parts<T>(
    record: &Record,
    f: impl FnOnce(&mut dyn Iterator<Item = &str>) -> T,
) -> T {
    let n = &record.new;
    let tail = n.phone.as_deref().and_then(phone_tail).unwrap_or_default();
    let kind_words = record.rules().search_words();
    let fixed = [
        n.summary.as_str(),
        n.room.as_deref().unwrap_or(""),
        n.location.as_deref().unwrap_or(""),
        n.phone.as_deref().unwrap_or(""),
        &tail,
        n.name.as_deref().unwrap_or(""),
        record.assignee().unwrap_or(""),
    ];
    let mut parts = fixed
        .into_iter()
        .chain(kind_words.iter().map(String::as_str))
        .chain(record.notes.iter().map(String::as_str))
        .chain(record.voided.as_ref().map(|v| v.reason.as_str()));
    f(&mut parts)
}

/// Fill the search index from every record's history (schema migration 4). A record whose
/// history cannot be read is indexed by its id alone (`verify` names it).
pub(super) fn reindex_all(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    let mut recs = tx.prepare("SELECT rowid, id, kind FROM records ORDER BY rowid")?;
    let mut evs = tx.prepare(
        "SELECT record, seq, at, written_at, operator, action, payload FROM events
         ORDER BY record, seq",
    )?;
    let mut insert = tx.prepare("INSERT INTO search(rowid, body, kind) VALUES (?1, ?2, ?3)")?;
    let mut rows = recs.query([])?;
    let mut events = evs.query([])?;
    let mut pending = events.next()?;
    let mut history: Vec<Event> = Vec::new();
    while let Some(r) = rows.next()? {
        let (rowid, id, kind): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        history.clear();
        let mut readable = true;
        while let Some(e) = pending {
            let record: i64 = e.get(0)?;
            if record > rowid {
                break;
            }
            if record == rowid {
                let change = match (e.get_ref(5)?, e.get_ref(6)?) {
                    (ValueRef::Text(a), ValueRef::Text(p)) => decode_change(a, p),
                    _ => None,
                };
                match change {
                    Some(change) => history.push(Event {
                        seq: e.get(1)?,
                        at: time(e.get(2)?),
                        written_at: time(e.get(3)?),
                        operator: e.get(4)?,
                        change,
                    }),
                    None => readable = false,
                }
            }
            pending = events.next()?;
        }
        let folded = RecordId::parse(&id)
            .filter(|_| readable)
            .and_then(|id| Record::fold(id, history.drain(..)).ok());
        let body = match &folded {
            Some(record) => searchable_text(record),
            None => String::new(),
        };
        insert.execute(params![rowid, body, kind])?;
    }
    Ok(())
}
