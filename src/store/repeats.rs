//! Which earlier record a record repeats (`domain::repeats`: the same place, the same problem,
//! a kind that repeats), found when it is written (`find_repeat`), and worked out for every
//! record at once from the records as they stand, exactly as `find_repeat` chose (`candidates`,
//! `exact`): the newest earlier-written record (received DESC, row id DESC) that it repeats,
//! received within the repeat window before it, and not voided at the time. `verify` checks
//! `records.repeat_of` against it; `repair-index` and an upgrade from the rule before
//! (`recompute_all`) rebuild the column from it (who repeats a record: `links.rs`).
//! The row keeps no text (`row.rs`): the summary and a public location are read from the
//! record's creating event, and only where they matter (`candidates`); `verify`, which reads
//! every creating event in its pass over the records' history, keeps them there (`Kept`) and
//! hands them to `candidates` instead.

use super::Result;
use super::records::secs;
use crate::domain::repeats::{self as repeats, Problem, RepeatBy};
use crate::domain::*;
use chrono::Duration;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use std::collections::{HashMap, VecDeque};

/// The version of the repeat rule `repeat_of` values follow (`meta.repeat_rule`): 2 is
/// `domain::repeats` (place and problem); none is the rule before (room, kind and category).
pub(super) const RULE: &str = "2";

/// The columns a repeat is decided from, in this order (`Columns::read`).
const COLUMNS: &str = "kind, category, room";

/// A record's columns a repeat is decided from; the texts come from its creating event.
#[derive(Clone)]
struct Columns {
    kind: String,
    category: Option<String>,
    room: Option<String>,
}

impl Columns {
    fn read(r: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(Self {
            kind: r.get::<_, Option<String>>(at)?.unwrap_or_default(),
            category: r.get(at + 1)?,
            room: r.get(at + 2)?,
        })
    }

    /// Whether the row's columns from `at` are these.
    fn same(&self, r: &Row<'_>, at: usize) -> bool {
        let text = |i: usize| match r.get_ref(at + i) {
            Ok(ValueRef::Text(t)) => Some(Some(t)),
            Ok(ValueRef::Null) => Some(None),
            _ => None,
        };
        let is = |i: usize, v: Option<&str>| text(i) == Some(v.map(str::as_bytes));
        let kind = match text(0) {
            Some(Some(t)) => t == self.kind.as_bytes(),
            Some(None) => self.kind.is_empty(),
            None => false,
        };
        kind && is(1, self.category.as_deref()) && is(2, self.room.as_deref())
    }

    fn by(&self) -> RepeatBy {
        repeats::repeat_by(&self.kind, self.category.as_deref())
    }

    /// What the record is about, its texts read from its creating event by `texts` when they
    /// matter (words, or a public location).
    fn problem(&self, texts: &mut Texts<'_>, rowid: i64) -> Result<Option<Problem>> {
        let by = self.by();
        if by == RepeatBy::Never {
            return Ok(None);
        }
        let (kind, category, room) = (&self.kind, self.category.as_deref(), self.room.as_deref());
        if by == RepeatBy::Category && room.is_some() {
            return Ok(Problem::of(kind, category, room, None, ""));
        }
        if let Texts::Kept(kept) = texts {
            let k = kept
                .binary_search_by_key(&rowid, |k| k.rowid)
                .ok()
                .map(|i| &kept[i]);
            let (location, summary) =
                k.map_or((None, ""), |k| (k.location.as_deref(), &*k.summary));
            return Ok(Problem::of(kind, category, room, location, summary));
        }
        let (location, summary) = texts.of(rowid)?;
        Ok(Problem::of(
            kind,
            category,
            room,
            location.as_deref(),
            &summary,
        ))
    }
}

/// A record's texts as `candidates` needs them, kept by `verify` from the record's creating
/// event while it folds the history: the public location of a record without a room, and the
/// summary where its words are compared.
pub(in crate::store) struct Kept {
    rowid: i64,
    location: Option<Box<str>>,
    summary: Box<str>,
}

impl Kept {
    /// What `candidates` reads of a record with these row columns (kind, category, room) and
    /// this creating event (location, summary); None when it reads nothing.
    pub(in crate::store) fn of(
        rowid: i64,
        (kind, category, room): (&str, Option<&str>, Option<&str>),
        location: Option<&str>,
        summary: &str,
    ) -> Option<Self> {
        let by = repeats::repeat_by(kind, category);
        if by == RepeatBy::Never || (by == RepeatBy::Category && room.is_some()) {
            return None;
        }
        Some(Self {
            rowid,
            location: location.filter(|_| room.is_none()).map(Into::into),
            summary: if by == RepeatBy::Words {
                summary.into()
            } else {
                "".into()
            },
        })
    }

    pub(in crate::store) fn rowid(&self) -> i64 {
        self.rowid
    }
}

/// Where a record's public location and summary come from: its creating event, or what
/// `verify` kept of it (in row id order).
enum Texts<'c> {
    Events(rusqlite::CachedStatement<'c>),
    Kept(&'c [Kept]),
}

impl<'c> Texts<'c> {
    fn new(conn: &'c Connection) -> Result<Self> {
        Ok(Self::Events(conn.prepare_cached(
            "SELECT payload FROM events WHERE record = ?1 ORDER BY seq LIMIT 1",
        )?))
    }

    /// (location, summary); nothing when the event cannot be read (`verify` names it).
    fn of(&mut self, rowid: i64) -> Result<(Option<String>, String)> {
        #[derive(serde::Deserialize)]
        struct Texts {
            #[serde(default)]
            summary: String,
            #[serde(default)]
            location: Option<String>,
        }
        let Self::Events(stmt) = self else {
            return Ok((None, String::new()));
        };
        let texts = stmt
            .query_row([rowid], |r| {
                Ok(match r.get_ref(0)? {
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        serde_json::from_slice::<Texts>(t).ok()
                    }
                    _ => None,
                })
            })
            .optional()?
            .flatten();
        Ok(texts.map_or((None, String::new()), |t| (t.location, t.summary)))
    }
}

/// A record in a window of `candidates`: its problem read when first needed.
struct Seen<'r> {
    received: i64,
    rowid: i64,
    columns: &'r Columns,
    problem: Option<Option<Problem>>,
}

impl Seen<'_> {
    fn problem(&mut self, texts: &mut Texts<'_>) -> Result<Option<&Problem>> {
        if self.problem.is_none() {
            self.problem = Some(self.columns.problem(texts, self.rowid)?);
        }
        Ok(self.problem.as_ref().and_then(Option::as_ref))
    }
}

/// The window's records of one place, kind and category, oldest first.
#[derive(Default)]
struct Window<'r>(VecDeque<Seen<'r>>);

impl<'r> Window<'r> {
    /// The newest record in the window `me` repeats (written before it), then `me` joins.
    fn step(
        &mut self,
        mut me: Seen<'r>,
        window_secs: i64,
        texts: &mut Texts<'_>,
    ) -> Result<Option<i64>> {
        let since = me.received.saturating_sub(window_secs);
        while self.0.front().is_some_and(|s| s.received < since) {
            self.0.pop_front();
        }
        let mut found = None;
        if self.0.iter().any(|s| s.rowid < me.rowid)
            && let Some(mine) = me.problem(texts)?.cloned()
        {
            for earlier in self.0.iter_mut().rev().filter(|s| s.rowid < me.rowid) {
                if earlier.problem(texts)?.is_some_and(|e| mine.repeats(e)) {
                    found = Some(earlier.rowid);
                    break;
                }
            }
        }
        self.0.push_back(me);
        Ok(found)
    }

    /// `step` where every record of the window is the same problem (a room's records of an
    /// urgent category): the newest one written before `me`, no texts needed.
    fn step_same(&mut self, me: Seen<'r>, window_secs: i64) -> Option<i64> {
        let since = me.received.saturating_sub(window_secs);
        while self.0.front().is_some_and(|s| s.received < since) {
            self.0.pop_front();
        }
        let found = self
            .0
            .iter()
            .rev()
            .find(|s| s.rowid < me.rowid)
            .map(|s| s.rowid);
        self.0.push_back(me);
        found
    }
}

/// Each record that repeats an earlier one, with the row id of that one, counting a record
/// voided since as a candidate still (`exact` settles those few); in row id order. Two walks
/// of indexes (`Index`): the rooms, and the records without a room, keeping the repeat
/// window's records of each place. Texts are read only where they matter: a public location
/// always (it is the place), words where a record has an earlier one of its room and category
/// in the window; from `kept` when given (every record's, in row id order).
pub(in crate::store) fn candidates(
    conn: &Connection,
    window_secs: i64,
    kept: Option<&[Kept]>,
) -> Result<Vec<(i64, i64)>> {
    let index = Index::read(conn)?;
    let mut texts = match kept {
        Some(kept) => Texts::Kept(kept),
        None => Texts::new(conn)?,
    };
    let mut out = rooms(index.rooms.each(), window_secs, &mut texts)?;
    out.extend(places(index.places.each(), window_secs, &mut texts)?);
    out.sort_unstable_by_key(|(rowid, _)| *rowid);
    Ok(out)
}

/// `candidates` from an index read beforehand (`verify` reads it beside its pass) and the
/// texts `verify` kept. Each run (a room's or the public locations' records of one kind and
/// category) is compared on its own, so two threads take runs, a slice at a time.
pub(in crate::store) fn candidates_kept(
    index: &Index,
    window_secs: i64,
    kept: &[Kept],
) -> Result<Vec<(i64, i64)>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    const SLICE: usize = 20_000;
    let mut slices: Vec<(bool, std::ops::Range<usize>)> = Vec::new();
    for (public, runs) in [(true, &index.places), (false, &index.rooms)] {
        let (mut start, mut rows) = (0, 0);
        for (i, (_, r)) in runs.each().enumerate() {
            rows += r.len();
            if rows >= SLICE {
                slices.push((public, start..i + 1));
                (start, rows) = (i + 1, 0);
            }
        }
        slices.push((public, start..runs.runs.len()));
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut texts = Texts::Kept(kept);
        let mut out = Vec::new();
        while let Some((public, range)) = slices.get(next.fetch_add(1, Ordering::Relaxed)) {
            let walk = if *public { places } else { rooms };
            let runs = if *public { &index.places } else { &index.rooms };
            out.extend(walk(
                runs.each().skip(range.start).take(range.len()),
                window_secs,
                &mut texts,
            )?);
        }
        Ok::<_, super::StoreError>(out)
    };
    let mut out = std::thread::scope(|scope| {
        let beside = scope.spawn(work);
        let mut out = work()?;
        out.extend(beside.join().expect("the second repeats thread")?);
        Ok::<_, super::StoreError>(out)
    })?;
    out.sort_unstable_by_key(|(rowid, _)| *rowid);
    Ok(out)
}

/// Records of one room (or none), kind and category that may repeat, in walk order: the
/// columns once, then (row id, received) of each.
#[derive(Default)]
pub(in crate::store) struct Runs {
    runs: Vec<(Columns, usize)>,
    rows: Vec<(i64, i64)>,
}

impl Runs {
    /// Rows of `sql` (rowid, received_at, kind, category, room), grouped by their columns as
    /// they come; records that never repeat left out.
    fn read(conn: &Connection, sql: &str) -> Result<Self> {
        let mut me = Self::default();
        let mut stmt = conn.prepare(&format!("SELECT rowid, received_at, {COLUMNS} {sql}"))?;
        let mut rows = stmt.query([])?;
        let (mut never, mut last) = (false, None::<Columns>);
        while let Some(r) = rows.next()? {
            if !last.as_ref().is_some_and(|c| c.same(r, 2)) {
                let columns = Columns::read(r, 2)?;
                never = columns.by() == RepeatBy::Never;
                if !never {
                    me.runs.push((columns.clone(), me.rows.len()));
                }
                last = Some(columns);
            }
            if never {
                continue;
            }
            me.rows
                .push((r.get(0)?, r.get::<_, Option<i64>>(1)?.unwrap_or(0)));
        }
        Ok(me)
    }

    /// Each run's columns and rows.
    fn each(&self) -> impl Iterator<Item = (&Columns, &[(i64, i64)])> {
        self.runs.iter().enumerate().map(|(i, (c, start))| {
            let end = self.runs.get(i + 1).map_or(self.rows.len(), |r| r.1);
            (c, &self.rows[*start..end])
        })
    }
}

/// The two walks' rows, read from the rooms index (`records_repeat`: room, kind, category,
/// received_at) and from the records without a room (`records_place`: kind, category,
/// received_at).
pub(in crate::store) struct Index {
    rooms: Runs,
    places: Runs,
}

impl Index {
    /// (No INDEXED BY for the records without a room: a file read before its upgrade has not
    /// got `records_place`.)
    pub(in crate::store) fn read(conn: &Connection) -> Result<Self> {
        Ok(Self {
            rooms: Runs::read(
                conn,
                "FROM records INDEXED BY records_repeat
                 WHERE room IS NOT NULL ORDER BY room, kind, category, received_at, rowid",
            )?,
            places: Runs::read(
                conn,
                "FROM records WHERE room IS NULL ORDER BY kind, category, received_at, rowid",
            )?,
        })
    }
}

/// `candidates` of the records with a room: one window at a time, in index order.
fn rooms<'r>(
    runs: impl Iterator<Item = (&'r Columns, &'r [(i64, i64)])>,
    window_secs: i64,
    texts: &mut Texts<'_>,
) -> Result<Vec<(i64, i64)>> {
    let mut out = Vec::new();
    for (columns, rows) in runs {
        let mut window = Window::default();
        // Compared by category in a room: all the run's records are one problem (or none).
        let same = columns.by() == RepeatBy::Category
            && columns.room.is_some()
            && columns.problem(texts, 0)?.is_some();
        for &(rowid, received) in rows {
            let me = Seen {
                received,
                rowid,
                columns,
                problem: None,
            };
            let found = if same {
                window.step_same(me, window_secs)
            } else {
                window.step(me, window_secs, texts)?
            };
            if let Some(earlier) = found {
                out.push((rowid, earlier));
            }
        }
    }
    Ok(out)
}

/// `candidates` of the records without a room: per kind and category, a window per place read
/// from the texts.
fn places<'r>(
    runs: impl Iterator<Item = (&'r Columns, &'r [(i64, i64)])>,
    window_secs: i64,
    texts: &mut Texts<'_>,
) -> Result<Vec<(i64, i64)>> {
    let mut out = Vec::new();
    for (columns, rows) in runs {
        let mut windows: HashMap<String, Window> = HashMap::new();
        for &(rowid, received) in rows {
            let Some(problem) = columns.problem(texts, rowid)? else {
                continue;
            };
            let window = windows.entry(problem.place.clone()).or_default();
            let me = Seen {
                received,
                rowid,
                columns,
                problem: Some(Some(problem)),
            };
            if let Some(earlier) = window.step(me, window_secs, texts)? {
                out.push((rowid, earlier));
            }
        }
    }
    Ok(out)
}

/// The newest record `me` repeats among those received in `since..=until`: written before row
/// `before` (when given), and not voided before the event `created` (when given; else not
/// voided now).
fn newest(
    conn: &Connection,
    me: &Problem,
    room: Option<&str>,
    window: (i64, i64),
    before: Option<i64>,
    created: Option<i64>,
    kept: Option<&[Kept]>,
) -> Result<Option<(i64, String)>> {
    // A room: the rooms index. A public location: the kind's records of the window without a
    // room (`records_place`), their locations read and compared here. (No INDEXED BY for
    // `records_place`: a file read before its upgrade has not got it.)
    let (index, place) = if room.is_some() {
        ("INDEXED BY records_repeat", "room = ?1")
    } else {
        ("", "?1 IS NULL AND room IS NULL")
    };
    let sql = format!(
        "SELECT rowid, id, voided, CASE WHEN voided THEN (SELECT min(seq) FROM events e
                                     WHERE e.record = records.rowid AND e.action = 'void') END,
                {COLUMNS}
         FROM records {index}
         WHERE {place} AND kind = ?2 AND category IS ?3 AND received_at BETWEEN ?4 AND ?5
           AND rowid < ?6
         ORDER BY received_at DESC, rowid DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![
        room,
        me.kind,
        me.category,
        window.0,
        window.1,
        before.unwrap_or(i64::MAX)
    ])?;
    let mut texts = match kept {
        Some(kept) => Texts::Kept(kept),
        None => Texts::new(conn)?,
    };
    while let Some(r) = rows.next()? {
        let (rowid, id, voided, void_seq): (i64, String, bool, Option<i64>) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        // Voided before this record was written: it was not a candidate then.
        if voided && created.is_none_or(|c| void_seq.is_some_and(|s| s < c)) {
            continue;
        }
        let earlier = Columns::read(r, 4)?.problem(&mut texts, rowid)?;
        if earlier.is_some_and(|earlier| me.repeats(&earlier)) {
            return Ok(Some((rowid, id)));
        }
    }
    Ok(None)
}

/// The record `rowid` repeats, exactly: like `candidates`, passing over records voided before
/// it was written. For the few records whose candidate is voided now.
pub(in crate::store) fn exact(
    conn: &Connection,
    rowid: i64,
    window_secs: i64,
    kept: Option<&[Kept]>,
) -> Result<Option<i64>> {
    let found = conn
        .query_row(
            &format!(
                "SELECT received_at, (SELECT min(seq) FROM events WHERE record = records.rowid),
                        {COLUMNS}
                 FROM records WHERE rowid = ?1"
            ),
            [rowid],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    Columns::read(r, 2)?,
                ))
            },
        )
        .optional()?;
    let Some((received, created, columns)) = found else {
        return Ok(None);
    };
    let mut texts = match kept {
        Some(kept) => Texts::Kept(kept),
        None => Texts::new(conn)?,
    };
    let Some(me) = columns.problem(&mut texts, rowid)? else {
        return Ok(None);
    };
    let room = columns.room;
    let window = (received.saturating_sub(window_secs), received);
    let created = Some(created.unwrap_or(i64::MAX));
    Ok(newest(
        conn,
        &me,
        room.as_deref(),
        window,
        Some(rowid),
        created,
        kept,
    )?
    .map(|(r, _)| r))
}

/// The newest earlier record from the same place about the same problem within the repeat
/// window, for a record being written.
pub(super) fn find_repeat(
    tx: &Transaction<'_>,
    record: &Record,
    policy: &Policy,
) -> Result<Option<RecordId>> {
    let new = &record.new;
    let Some(me) = Problem::of(
        record.kind().slug(),
        Some(new.details.category_slug()),
        new.room.as_deref(),
        new.location.as_deref(),
        &new.summary,
    ) else {
        return Ok(None);
    };
    let since = record.received_at - Duration::days(policy.limits.repeat_window_days);
    let window = (secs(since), secs(record.received_at));
    let found = newest(tx, &me, new.room.as_deref(), window, None, None, None)?;
    Ok(found.and_then(|(_, id)| RecordId::parse(&id)))
}

/// Every record's `repeat_of` worked out again under a window of `window_days` (the rest of
/// the row as it stands); how many repeat.
pub(super) fn recompute_all(tx: &Connection, window_days: i64) -> Result<u64> {
    let window = window_days * 86_400;
    tx.execute(
        "UPDATE records SET repeat_of = NULL WHERE repeat_of IS NOT NULL",
        [],
    )?;
    let voided: std::collections::HashSet<i64> = tx
        .prepare("SELECT rowid FROM records WHERE voided = 1")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut set = tx.prepare(
        "UPDATE records SET repeat_of = (SELECT id FROM records c WHERE c.rowid = ?2)
         WHERE rowid = ?1",
    )?;
    let mut count = 0;
    for (rowid, candidate) in candidates(tx, window, None)? {
        let found = if voided.contains(&candidate) {
            exact(tx, rowid, window, None)?
        } else {
            Some(candidate)
        };
        if let Some(c) = found {
            set.execute([rowid, c])?;
            count += 1;
        }
    }
    Ok(count)
}
