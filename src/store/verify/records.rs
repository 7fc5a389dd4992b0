//! Each record row against the fold of its own history: every column the desk reads, the
//! record's entry in the search index, and what the counters and signed handovers need.

use super::super::Result;
use super::super::records::{Derived, decode_event, with_searchable_parts};
use super::super::repeats::Kept;
use super::super::search::index_token_count;
use super::RecordMismatch;
use super::anchors::hex;
use crate::domain::record::Change;
use crate::domain::{Action, Event, Policy, Record, RecordId, Slug};
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What the records check needs besides the rows and events.
#[derive(Clone, Copy)]
pub(in crate::store) struct Context<'a> {
    /// The deadline rules (the deadline columns follow them); None: those columns unchecked.
    pub policy: Option<&'a Policy>,
    /// The file's open records were worked out under `policy` itself: their deadline values
    /// are compared; otherwise only what holds under any rules.
    pub rules_match: bool,
    /// How `repeat_of` is checked.
    pub repeats: Repeats,
    /// Check each record's entry in the search index (its size in tokens).
    pub index: bool,
    /// The file has the `quality_from` column (schema 9).
    pub quality: bool,
}

/// How `verify` checks `repeat_of`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::store) enum Repeats {
    /// Not at all (no rules given).
    Unchecked,
    /// Every value against the repeat rule under this window (seconds): the only window that
    /// ever decided one.
    Exact(i64),
    /// Decided under other windows, ones nobody noted, or the repeat rule before: each value
    /// must name an earlier record of the same room (or also without a room), kind and
    /// category, within the widest window known (seconds).
    Loose(Option<i64>),
}

/// A chain head recorded by a signed handover.
#[derive(Debug, Clone)]
pub(super) struct SignedHead {
    pub record: String,
    /// The signing event.
    pub sign_seq: i64,
    pub seq: i64,
    pub head: String,
}

/// What the records check found in one range, besides mismatches.
#[derive(Default)]
pub(super) struct Seen {
    /// (kind, year) -> (how many records, the highest serial).
    pub serials: BTreeMap<(String, i32), (u64, u32)>,
    /// Row id and stored `repeat_of` (as an id) of every row that names one.
    pub repeats: Vec<(i64, Option<RecordId>)>,
    /// Row ids of voided records.
    pub voided: Vec<i64>,
    /// What the repeat check reads of each record's creating event (`Repeats::Exact` only).
    pub kept: Vec<Kept>,
    pub heads: Vec<SignedHead>,
}

/// Each record row against the fold of its events: a merge of ordered scans (the rows, their
/// events, their search index sizes). The records with row ids in `lo..=hi` (and the events and
/// index entries that name such a row id). Returns the first mismatch (with its row id, to pick
/// the first over several ranges) and how many records disagree.
pub(super) fn check_records(
    conn: &Connection,
    lo: i64,
    hi: i64,
    ctx: Context<'_>,
    seen: &mut Seen,
) -> Result<(Option<(i64, RecordMismatch)>, u64)> {
    let mut rec_stmt = conn.prepare_cached(if ctx.quality {
        "SELECT rowid, id, kind, status, open, voided, urgent, received_at, category, channel,
                class, room, assignee, updated_at, due_at, due_name, soon_at, shift_key, watch,
                repeat_of, quality_from
         FROM records WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid"
    } else {
        "SELECT rowid, id, kind, status, open, voided, urgent, received_at, category, channel,
                class, room, assignee, updated_at, due_at, due_name, soon_at, shift_key, watch,
                repeat_of
         FROM records WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid"
    })?;
    let mut ev_stmt = conn.prepare_cached(
        "SELECT record, seq, at, written_at, operator, action, payload
         FROM events WHERE record BETWEEN ?1 AND ?2 ORDER BY record, seq",
    )?;
    let mut recs = rec_stmt.query([lo, hi])?;
    let mut evs = ev_stmt.query([lo, hi])?;
    let mut pending = next_event(&mut evs)?;
    let mut idx_stmt = conn.prepare_cached(
        "SELECT id, sz FROM search_docsize WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
    )?;
    let mut index = if ctx.index {
        Some(IndexSizes::new(idx_stmt.query([lo, hi])?)?)
    } else {
        None
    };
    let mut first: Option<(i64, RecordMismatch)> = None;
    let mut count = 0u64;
    let mut note = |m: RecordMismatch, first: &mut Option<(i64, RecordMismatch)>, key: i64| {
        count += 1;
        if first.is_none() {
            *first = Some((key, m));
        }
    };
    let mut history: Vec<Event> = Vec::new();
    // Per range, without a string allocated per record: merged into `seen` at the end.
    let mut serials: BTreeMap<(&'static str, i32), (u64, u32)> = BTreeMap::new();
    let mut canonical = String::with_capacity(16);
    while let Some(r) = recs.next()? {
        let rowid: i64 = r.get(0)?;
        let id_text: Option<&str> = match r.get_ref(1)? {
            ValueRef::Text(t) => std::str::from_utf8(t).ok(),
            _ => None,
        };
        let label = || id_text.map_or_else(|| format!("row {rowid}"), str::to_string);
        // Index entries of row ids that have no record row (planted).
        let indexed = match &mut index {
            Some(sizes) => {
                while let Some(planted) = sizes.before(rowid)? {
                    note(planted_entry(planted), &mut first, planted);
                }
                Some(sizes.take(rowid)?)
            }
            None => None,
        };
        // Events of records that have no row (belong to nobody).
        while let Some((rec, seq, _)) = &pending {
            if *rec >= rowid {
                break;
            }
            note(orphan_event(*rec, *seq), &mut first, *rec);
            pending = next_event(&mut evs)?;
        }
        history.clear();
        let mut undecodable: Option<i64> = None;
        while let Some((rec, seq, event)) = pending.take() {
            if rec != rowid {
                pending = Some((rec, seq, event));
                break;
            }
            match event {
                Some(e) => history.push(e),
                None => undecodable = undecodable.or(Some(seq)),
            }
            pending = next_event(&mut evs)?;
        }
        let mismatch = |field: &str, stored: String, from: String| RecordMismatch {
            record: label(),
            field: field.into(),
            stored,
            history: from,
        };
        let Some(id) = id_text.and_then(RecordId::parse) else {
            note(
                mismatch(
                    "id",
                    id_text.unwrap_or_default().to_string(),
                    "a record id".into(),
                ),
                &mut first,
                rowid,
            );
            continue;
        };
        canonical.clear();
        let _ = write!(canonical, "{id}");
        if id_text != Some(canonical.as_str()) {
            note(
                mismatch(
                    "id",
                    id_text.unwrap_or_default().to_string(),
                    id.to_string(),
                ),
                &mut first,
                rowid,
            );
            continue;
        }
        let serial = serials.entry((id.kind.slug(), id.year())).or_default();
        *serial = (serial.0 + 1, serial.1.max(id.serial));

        if let Some(seq) = undecodable {
            note(
                mismatch(
                    "history",
                    format!("event #{seq}"),
                    "an event the program can read".into(),
                ),
                &mut first,
                rowid,
            );
            continue;
        }
        if history.is_empty() {
            note(
                mismatch(
                    "history",
                    "(none)".into(),
                    "a record needs the event that created it".into(),
                ),
                &mut first,
                rowid,
            );
            continue;
        }
        for e in &history {
            if let Change::Action(Action::Sign { content, .. }) = &e.change
                && let Some((seq, head)) = content
                    .get("chain_head")
                    .and_then(|h| serde_json::from_value::<(i64, String)>(h.clone()).ok())
            {
                seen.heads.push(SignedHead {
                    record: label(),
                    sign_seq: e.seq,
                    seq,
                    head,
                });
            }
        }
        let record = match Record::fold(id, history.drain(..)) {
            Ok(record) => record,
            Err(e) => {
                note(
                    mismatch("history", e.to_string(), "a valid history".into()),
                    &mut first,
                    rowid,
                );
                continue;
            }
        };
        if let ValueRef::Text(t) = r.get_ref(19)? {
            let stored = std::str::from_utf8(t).ok().and_then(RecordId::parse);
            seen.repeats.push((rowid, stored));
        }
        if record.is_voided() {
            seen.voided.push(rowid);
        }
        if let Repeats::Exact(_) = ctx.repeats {
            let text = |at: usize| match r.get_ref(at) {
                Ok(ValueRef::Text(t)) => std::str::from_utf8(t).ok(),
                _ => None,
            };
            let columns = (text(2).unwrap_or_default(), text(8), text(11));
            let (location, summary) = (record.new.location.as_deref(), &record.new.summary);
            seen.kept
                .extend(Kept::of(rowid, columns, location, summary));
        }
        if let Some(m) = compare_row(r, &record, ctx, &label)? {
            note(m, &mut first, rowid);
        } else if let Some(sizes) = indexed {
            // Present whatever its text; its size where the count is sure (nearly always).
            let want = with_searchable_parts(&record, |parts| index_token_count(parts));
            let differs = match (sizes, want) {
                (None, _) => true,
                (Some(have), Some(want)) => have != want,
                (Some(_), None) => false,
            };
            if differs {
                let want = want.map_or("an entry".to_string(), |n| format!("{n} words"));
                note(
                    mismatch(
                        "search index",
                        match sizes {
                            Some(n) => format!("{n} words"),
                            None => "(no entry)".into(),
                        },
                        want,
                    ),
                    &mut first,
                    rowid,
                );
            }
        }
    }
    drop(recs);
    for ((kind, year), (n, max)) in serials {
        let mine = seen.serials.entry((kind.to_string(), year)).or_default();
        *mine = (mine.0 + n, mine.1.max(max));
    }
    if let Some(sizes) = &mut index {
        while let Some(planted) = sizes.before(i64::MAX)? {
            note(planted_entry(planted), &mut first, planted);
        }
    }
    while let Some((rec, seq, _)) = pending {
        note(orphan_event(rec, seq), &mut first, rec);
        pending = next_event(&mut evs)?;
    }
    Ok((first, count))
}

type PendingEvent = (i64, i64, Option<Event>);

fn next_event(rows: &mut rusqlite::Rows<'_>) -> Result<Option<PendingEvent>> {
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let rec: i64 = r.get(0)?;
    let seq: i64 = r.get(1)?;
    Ok(Some((rec, seq, decode_event(r, seq, 2))))
}

/// An event that names a record row that is not there.
fn orphan_event(rowid: i64, seq: i64) -> RecordMismatch {
    RecordMismatch {
        record: format!("row {rowid}"),
        field: "record".into(),
        stored: "(no record row)".into(),
        history: format!("event #{seq}"),
    }
}

fn planted_entry(rowid: i64) -> RecordMismatch {
    RecordMismatch {
        record: format!("row {rowid}"),
        field: "search index".into(),
        stored: "an entry".into(),
        history: "(no record row)".into(),
    }
}

/// The search index's size of each entry (its `body` in tokens), walked in row id order beside
/// the records: a missing entry, an entry without a record and an entry whose words are not
/// the record's (almost always another count) show up without reading the index's terms.
struct IndexSizes<'c> {
    rows: rusqlite::Rows<'c>,
    /// The next entry not yet taken: (rowid, body tokens).
    next: Option<(i64, Option<usize>)>,
}

impl<'c> IndexSizes<'c> {
    fn new(mut rows: rusqlite::Rows<'c>) -> Result<Self> {
        let next = Self::read(&mut rows)?;
        Ok(Self { rows, next })
    }

    fn read(rows: &mut rusqlite::Rows<'_>) -> Result<Option<(i64, Option<usize>)>> {
        let Some(r) = rows.next()? else {
            return Ok(None);
        };
        let size = match r.get_ref(1)? {
            ValueRef::Blob(b) => first_varint(b),
            _ => None,
        };
        Ok(Some((r.get(0)?, size)))
    }

    /// The next entry's row id if it is below `rowid` (an entry with no record), taken.
    fn before(&mut self, rowid: i64) -> Result<Option<i64>> {
        match self.next {
            Some((id, _)) if id < rowid => {
                self.next = Self::read(&mut self.rows)?;
                Ok(Some(id))
            }
            _ => Ok(None),
        }
    }

    /// The size of `rowid`'s entry, taken; None when it has none.
    fn take(&mut self, rowid: i64) -> Result<Option<usize>> {
        match self.next {
            Some((id, size)) if id == rowid => {
                self.next = Self::read(&mut self.rows)?;
                Ok(Some(size.unwrap_or(usize::MAX)))
            }
            _ => Ok(None),
        }
    }
}

/// FTS5's docsize record: one varint per column; the first is the body's size in tokens.
fn first_varint(bytes: &[u8]) -> Option<usize> {
    let mut value: u64 = 0;
    for (i, b) in bytes.iter().enumerate().take(9) {
        if i == 8 {
            return Some(((value << 8) | *b as u64) as usize);
        }
        value = (value << 7) | (*b & 0x7f) as u64;
        if b & 0x80 == 0 {
            return Some(value as usize);
        }
    }
    None
}

fn shown(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "(none)".into(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => format!("x'{}'", hex(b)),
    }
}

/// The row's denormalised columns against what its history gives (`Derived`, the same values
/// every write stores): all that lists, counts and sorting read. The deadline columns are
/// checked for open records, under the configured rules (nothing reads them on a closed one).
/// `repeat_of` is found among other records: `verify` compares it after this pass.
fn compare_row(
    r: &rusqlite::Row<'_>,
    record: &Record,
    ctx: Context<'_>,
    label: &dyn Fn() -> String,
) -> Result<Option<RecordMismatch>> {
    let open_under = ctx.policy.filter(|_| record.status.is_open());
    let deadlines = open_under.filter(|_| ctx.rules_match);
    let d = Derived::of(record, deadlines);
    let texts: [(usize, &str, Option<&str>); 8] = [
        (2, "kind", Some(record.kind().slug())),
        (3, "status", Some(d.status)),
        (8, "category", Some(d.category)),
        (9, "channel", d.channel),
        (10, "class", d.class),
        (11, "room", d.room),
        (12, "assignee", d.assignee),
        (15, "due_name", d.due_name),
    ];
    for (i, field, want) in texts {
        if i == 15 && deadlines.is_none() {
            continue;
        }
        let v = r.get_ref(i)?;
        let same = match (v, want) {
            (ValueRef::Null, None) => true,
            (ValueRef::Text(t), Some(w)) => t == w.as_bytes(),
            _ => false,
        };
        if !same {
            return Ok(Some(RecordMismatch {
                record: label(),
                field: field.into(),
                stored: shown(v),
                history: want.unwrap_or("(none)").to_string(),
            }));
        }
    }
    let ints: [(usize, &str, Option<i64>); 10] = [
        (4, "open", Some(d.open as i64)),
        (5, "voided", Some(d.voided as i64)),
        (6, "urgent", Some(d.urgent as i64)),
        (7, "received_at", Some(record.received_at.timestamp())),
        (13, "updated_at", Some(d.updated_at)),
        (17, "shift_key", d.shift_key),
        (18, "watch", Some(d.watch as i64)),
        (14, "due_at", d.due_at),
        (16, "soon_at", d.soon_at),
        (20, "quality_from", d.quality_from),
    ];
    for (i, field, want) in ints {
        if (matches!(i, 14 | 16) && deadlines.is_none()) || (i == 20 && !ctx.quality) {
            continue;
        }
        let v = r.get_ref(i)?;
        let same = match (v, want) {
            (ValueRef::Null, None) => true,
            (ValueRef::Integer(n), Some(w)) => n == w,
            _ => false,
        };
        if !same {
            return Ok(Some(RecordMismatch {
                record: label(),
                field: field.into(),
                stored: shown(v),
                history: want.map_or("(none)".into(), |w| w.to_string()),
            }));
        }
    }
    match open_under {
        Some(policy) if deadlines.is_none() => Ok(deadlines_under_any_rules(r, record, policy)?
            .map(|(field, stored, history)| RecordMismatch {
                record: label(),
                field: field.into(),
                stored,
                history,
            })),
        _ => Ok(None),
    }
}

/// An open record's deadline columns written under other rules: which deadlines are open
/// follows from the history alone, their times from the rules. So the columns are all set
/// exactly when the history leaves a deadline open, `soon_at` is not after `due_at`, and
/// `due_name` is one of the open deadlines. (field, stored, what the history allows)
fn deadlines_under_any_rules(
    r: &rusqlite::Row<'_>,
    record: &Record,
    policy: &Policy,
) -> Result<Option<(&'static str, String, String)>> {
    let all = crate::domain::deadline::deadlines(record, policy);
    // A deadline held by a pause with no end set has no due yet (`domain::pause`).
    let open: Vec<&'static str> = all
        .iter()
        .filter(|d| d.is_open() && d.has_due())
        .map(|d| d.name.slug())
        .collect();
    // A pause with an end holds "soon" until then, even past a due it moved.
    let held = all.iter().any(|d| d.is_open() && d.held.is_some());
    let (due_at, due_name, soon_at) = (r.get_ref(14)?, r.get_ref(15)?, r.get_ref(16)?);
    let columns = [
        ("due_at", due_at),
        ("due_name", due_name),
        ("soon_at", soon_at),
    ];
    if open.is_empty() {
        return Ok(columns
            .into_iter()
            .find(|(_, v)| *v != ValueRef::Null)
            .map(|(field, v)| (field, shown(v), "(none)".to_string())));
    }
    let wanted = || format!("a deadline among {}", open.join(", "));
    let (ValueRef::Integer(due), ValueRef::Integer(soon)) = (due_at, soon_at) else {
        let (field, v) = if matches!(due_at, ValueRef::Integer(_)) {
            ("soon_at", soon_at)
        } else {
            ("due_at", due_at)
        };
        return Ok(Some((field, shown(v), wanted())));
    };
    let named = matches!(due_name, ValueRef::Text(t) if open.iter().any(|n| n.as_bytes() == t));
    if !named {
        return Ok(Some(("due_name", shown(due_name), wanted())));
    }
    if soon > due && !held {
        return Ok(Some((
            "soon_at",
            soon.to_string(),
            format!("at or before due_at {due}"),
        )));
    }
    Ok(None)
}
