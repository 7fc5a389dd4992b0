//! The residents directory in the file: each household's changes are events in their own
//! hash chain (`resident_events`: same layout and hash as the records' `events`, its own
//! sequence and genesis), and the rows lookups read (`households`, `household_phones`,
//! `household_names`) are derived from them in the same transaction. `verify_residents` walks
//! that chain and checks every derived row against the fold of the events.

use super::chain::{EventFields, GENESIS, event_hash};
use super::{Result, Store, StoreError};
use crate::domain::residents::{ChangeKind, Household, Patch, initials};
use crate::progress::Progress;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::collections::BTreeMap;

/// What the chain hashes as the event's record: the room, marked as a household.
pub(super) fn chain_id(room: &str) -> String {
    format!("household:{room}")
}

/// One stored change of a household.
#[derive(Debug, Clone)]
pub struct HouseholdEvent {
    pub seq: i64,
    pub room: String,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub kind: ChangeKind,
    pub patch: Patch,
}

/// A write to the directory.
#[derive(Debug, Clone)]
pub enum HouseholdWrite {
    /// A new household (refused if the room is in the directory).
    Add(Household),
    /// Change some fields (refused if the room is not in the directory, or nothing changes).
    Edit { room: String, patch: Patch },
    /// Import: added if new, else changed where it differs (nothing written if equal).
    Put(Household),
}

/// Why a directory write was refused (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HouseholdRefusal {
    Exists(String),
    NotFound(String),
    NothingToChange(String),
}

/// What `verify` found in the directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResidentsCheck {
    pub events: i64,
    pub households: i64,
    /// The first event whose hash or link does not hold: (seq, room).
    pub first_break: Option<(i64, String)>,
    /// The first derived row that disagrees with the history: (room, what).
    pub mismatch: Option<(String, String)>,
}

impl ResidentsCheck {
    pub fn ok(&self) -> bool {
        self.first_break.is_none() && self.mismatch.is_none()
    }
}

/// A match of a directory lookup.
pub type Found = Vec<Household>;

pub(super) fn has_directory(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'households'",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub(super) fn body_of(conn: &Connection, room: &str) -> Result<Option<Household>> {
    let body: Option<String> = conn
        .query_row("SELECT body FROM households WHERE room = ?1", [room], |r| {
            r.get(0)
        })
        .optional()?;
    body.map(|b| parse_body(&b)).transpose()
}

pub(super) fn parse_body(body: &str) -> Result<Household> {
    serde_json::from_str::<StoredHousehold>(body)
        .map(Into::into)
        .map_err(|_| StoreError::Rule(crate::domain::RuleError::Corrupt))
}

/// The derived row's JSON (the household, unmasked).
#[derive(serde::Deserialize)]
struct StoredHousehold {
    room: String,
    owner: Option<String>,
    phones: Vec<String>,
    id_number: Option<String>,
    family: Option<String>,
    employer: Option<String>,
    move_in: Option<chrono::NaiveDate>,
    tenant: Option<String>,
    tenant_phone: Option<String>,
    occupied: bool,
    notes: Option<String>,
}

impl From<StoredHousehold> for Household {
    fn from(s: StoredHousehold) -> Self {
        Household {
            room: s.room,
            owner: s.owner,
            phones: s.phones,
            id_number: s.id_number,
            family: s.family,
            employer: s.employer,
            move_in: s.move_in,
            tenant: s.tenant,
            tenant_phone: s.tenant_phone,
            occupied: s.occupied,
            notes: s.notes,
        }
    }
}

/// The household's derived rows, replaced whole.
pub(super) fn put_rows(conn: &Connection, h: &Household, at: i64) -> Result<()> {
    let body = serde_json::to_string(h).map_err(|e| StoreError::Io(e.into()))?;
    conn.prepare_cached(
        "INSERT INTO households(room, owner, tenant, occupied, updated_at, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(room) DO UPDATE SET owner = ?2, tenant = ?3, occupied = ?4,
             updated_at = ?5, body = ?6",
    )?
    .execute(params![h.room, h.owner, h.tenant, h.occupied, at, body])?;
    conn.prepare_cached("DELETE FROM household_phones WHERE room = ?1")?
        .execute([&h.room])?;
    conn.prepare_cached("DELETE FROM household_names WHERE room = ?1")?
        .execute([&h.room])?;
    let mut phone = conn.prepare_cached(
        "INSERT OR IGNORE INTO household_phones(phone, last4, room) VALUES (?1, ?2, ?3)",
    )?;
    for p in h.all_phones() {
        phone.execute(params![p, last4(p), h.room])?;
    }
    let mut name = conn.prepare_cached(
        "INSERT OR IGNORE INTO household_names(initials, name, room) VALUES (?1, ?2, ?3)",
    )?;
    for n in h.names() {
        name.execute(params![initials(&n), n, h.room])?;
    }
    Ok(())
}

fn last4(phone: &str) -> &str {
    &phone[phone.len().saturating_sub(4)..]
}

fn append(
    conn: &Connection,
    room: &str,
    kind: ChangeKind,
    patch: &Patch,
    operator: &str,
    now: i64,
) -> Result<()> {
    let payload = serde_json::to_string(patch).map_err(|e| StoreError::Io(e.into()))?;
    append_event(conn, room, kind.slug(), &payload, operator, now)
}

/// One event on the directory's chain: a change (`add`, `edit`) or a yearly callback.
pub(super) fn append_event(
    conn: &Connection,
    room: &str,
    action: &str,
    payload: &str,
    operator: &str,
    now: i64,
) -> Result<()> {
    let (last_seq, prev): (i64, Vec<u8>) = conn
        .query_row(
            "SELECT seq, hash FROM resident_events ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, GENESIS.to_vec()));
    let seq = last_seq + 1;
    let id = chain_id(room);
    let hash = event_hash(
        &prev,
        &EventFields {
            seq,
            record_id: id.as_bytes(),
            at: now,
            written_at: now,
            operator: operator.as_bytes(),
            action: action.as_bytes(),
            payload: payload.as_bytes(),
        },
    );
    conn.prepare_cached(
        "INSERT INTO resident_events(seq, room, at, written_at, operator, action, payload,
             prev_hash, hash) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        seq,
        room,
        now,
        operator,
        action,
        payload,
        prev,
        hash.as_slice()
    ])?;
    Ok(())
}

impl Store {
    /// Whether the file has the directory's tables (a file not yet upgraded has none: its
    /// directory is empty until the first write).
    pub fn has_directory(&self) -> Result<bool> {
        has_directory(&self.conn)
    }

    /// Directory writes in one transaction: all land or none. Returns how many households
    /// changed (an import of an unchanged household writes nothing). `progress` counts writes.
    pub fn write_households(
        &mut self,
        writes: Vec<HouseholdWrite>,
        operator: &str,
        now: DateTime<Utc>,
        progress: &Progress,
    ) -> Result<std::result::Result<usize, HouseholdRefusal>> {
        self.require_write()?;
        self.check_file()?;
        let (path, opened) = (self.path.clone(), self.file_id);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = now.timestamp();
        let mut changed = 0;
        for w in writes {
            progress.advance(1);
            let (room, kind, patch, new) = match w {
                HouseholdWrite::Add(h) => {
                    if body_of(&tx, &h.room)?.is_some() {
                        return Ok(Err(HouseholdRefusal::Exists(h.room)));
                    }
                    (h.room.clone(), ChangeKind::Add, h.as_patch(), h)
                }
                HouseholdWrite::Edit { room, patch } => {
                    let Some(old) = body_of(&tx, &room)? else {
                        return Ok(Err(HouseholdRefusal::NotFound(room)));
                    };
                    let mut new = old.clone();
                    new.apply(&patch);
                    let patch = old.diff(&new);
                    if patch == Patch::default() {
                        return Ok(Err(HouseholdRefusal::NothingToChange(room)));
                    }
                    (room, ChangeKind::Edit, patch, new)
                }
                HouseholdWrite::Put(h) => match body_of(&tx, &h.room)? {
                    None => (h.room.clone(), ChangeKind::Add, h.as_patch(), h),
                    Some(old) => {
                        let patch = old.diff(&h);
                        if patch == Patch::default() {
                            continue;
                        }
                        (h.room.clone(), ChangeKind::Edit, patch, h)
                    }
                },
            };
            append(&tx, &room, kind, &patch, operator, now)?;
            put_rows(&tx, &new, now)?;
            changed += 1;
        }
        super::file::check_same_file(&path, opened)?;
        tx.commit()?;
        Ok(Ok(changed))
    }

    /// The household of a room, if the directory has it.
    pub fn household(&self, room: &str) -> Result<Option<Household>> {
        if !has_directory(&self.conn)? {
            return Ok(None);
        }
        body_of(&self.conn, room)
    }

    /// Every change of a room's household, oldest first.
    pub fn household_history(&self, room: &str) -> Result<Vec<HouseholdEvent>> {
        if !has_directory(&self.conn)? {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, at, operator, action, payload FROM resident_events
              WHERE room = ?1 AND action IN ('add', 'edit') ORDER BY seq",
        )?;
        let rows = stmt.query_map([room], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, at, operator, action, payload) = row?;
            let kind = ChangeKind::parse(&action)
                .ok_or(StoreError::Rule(crate::domain::RuleError::Corrupt))?;
            let patch: Patch = serde_json::from_str(&payload)
                .map_err(|_| StoreError::Rule(crate::domain::RuleError::Corrupt))?;
            out.push(HouseholdEvent {
                seq,
                room: room.to_string(),
                at: super::records::time(at),
                operator,
                kind,
                patch,
            });
        }
        Ok(out)
    }

    /// Households by room (from its start), phone (whole or last 4 digits) or name (pinyin
    /// initials from their start, or Chinese characters anywhere); in room order.
    pub fn find_households(&self, text: &str, limit: usize) -> Result<Found> {
        let mut out = Vec::new();
        for r in self.find_household_rooms(text, limit)? {
            if let Some(h) = body_of(&self.conn, &r)? {
                out.push(h);
            }
        }
        Ok(out)
    }

    /// The rooms `find_households` finds, without reading the households (the desk's filter
    /// of the yearly callbacks asks for thousands at a keystroke).
    pub fn find_household_rooms(&self, text: &str, limit: usize) -> Result<Vec<String>> {
        if !has_directory(&self.conn)? {
            return Ok(Vec::new());
        }
        let t = text.trim();
        let mut rooms: std::collections::BTreeSet<String> = Default::default();
        let mut add = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Result<()> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let found = stmt.query_map(args, |r| r.get::<_, String>(0))?;
            for r in found {
                rooms.insert(r?);
            }
            Ok(())
        };
        let lim = limit as i64;
        let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && t.chars().all(|c| c.is_ascii_digit() || " -+".contains(c)) {
            if let Ok(p) = crate::domain::residents::phone(t) {
                add(
                    "SELECT room FROM household_phones WHERE phone = ?1 ORDER BY room LIMIT ?2",
                    &[&p, &lim],
                )?;
            }
            if digits.len() == 4 {
                add(
                    "SELECT room FROM household_phones WHERE last4 = ?1 ORDER BY room LIMIT ?2",
                    &[&digits, &lim],
                )?;
            }
        }
        if let Ok(Some(room)) = crate::domain::text::room(t) {
            let end = format!("{room}~");
            add(
                "SELECT room FROM households WHERE room >= ?1 AND room < ?2 ORDER BY room
                 LIMIT ?3",
                &[&room, &end, &lim],
            )?;
        }
        if crate::domain::residents::looks_like_initials(t) {
            let low = t.to_ascii_lowercase();
            let end = format!("{low}~");
            add(
                "SELECT DISTINCT room FROM household_names WHERE initials >= ?1 AND initials < ?2
                 ORDER BY room LIMIT ?3",
                &[&low, &end, &lim],
            )?;
        } else if !t.is_empty() && !t.is_ascii() {
            let like = format!(
                "%{}%",
                t.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            add(
                "SELECT DISTINCT room FROM household_names WHERE name LIKE ?1 ESCAPE '\\'
                 ORDER BY room LIMIT ?2",
                &[&like, &lim],
            )?;
        }
        Ok(rooms.into_iter().take(limit).collect())
    }

    /// Households in room order, `after` the given room, at most `limit`.
    pub fn households_page(&self, after: Option<&str>, limit: usize) -> Result<Found> {
        if !has_directory(&self.conn)? {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT body FROM households WHERE room > ?1 ORDER BY room LIMIT ?2")?;
        let bodies = stmt.query_map(params![after.unwrap_or(""), limit as i64], |r| {
            r.get::<_, String>(0)
        })?;
        let mut out = Vec::new();
        for b in bodies {
            out.push(parse_body(&b?)?);
        }
        Ok(out)
    }

    /// The ids of a room's records that are open or were received since `since`, newest first.
    pub fn room_record_ids(
        &self,
        room: &str,
        since: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<crate::domain::RecordId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM records WHERE room = ?1 AND (open = 1 OR received_at >= ?2)
              ORDER BY received_at DESC, rowid DESC LIMIT ?3",
        )?;
        let ids = stmt.query_map(params![room, since.timestamp(), limit as i64], |r| {
            r.get::<_, String>(0)
        })?;
        let mut out = Vec::new();
        for id in ids {
            if let Some(id) = crate::domain::RecordId::parse(&id?) {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// A room's open records and its records received since `since` (the desk's lookup).
    pub fn room_activity(&self, room: &str, since: DateTime<Utc>) -> Result<(i64, i64)> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT COALESCE(SUM(open), 0), COALESCE(SUM(received_at >= ?2), 0)
               FROM records WHERE room = ?1",
        )?;
        Ok(stmt.query_row(params![room, since.timestamp()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
    }

    /// The directory's chain and rows against its history (part of `verify`).
    pub fn verify_residents(&self) -> Result<ResidentsCheck> {
        let mut check = ResidentsCheck::default();
        if !has_directory(&self.conn)? {
            return Ok(check);
        }
        let tx = self.conn.unchecked_transaction()?;
        let mut prev = GENESIS.to_vec();
        let mut expected_seq = 1;
        let mut folded: BTreeMap<String, Option<Household>> = BTreeMap::new();
        {
            let mut stmt = tx.prepare(
                "SELECT seq, room, at, written_at, operator, action, payload, prev_hash, hash
                   FROM resident_events ORDER BY seq",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                check.events += 1;
                let seq: i64 = r.get(0)?;
                let room: String = r.get(1)?;
                let fields = (|| -> rusqlite::Result<_> {
                    Ok((
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, Vec<u8>>(7)?,
                        r.get::<_, Vec<u8>>(8)?,
                    ))
                })();
                let Ok((at, written_at, operator, action, payload, stored_prev, hash)) = fields
                else {
                    check.first_break.get_or_insert((seq, room));
                    continue;
                };
                let id = chain_id(&room);
                let computed = event_hash(
                    &stored_prev,
                    &EventFields {
                        seq,
                        record_id: id.as_bytes(),
                        at,
                        written_at,
                        operator: operator.as_bytes(),
                        action: action.as_bytes(),
                        payload: payload.as_bytes(),
                    },
                );
                if check.first_break.is_none()
                    && (seq != expected_seq
                        || stored_prev != prev
                        || computed.as_slice() != hash.as_slice())
                {
                    check.first_break = Some((seq, room.clone()));
                }
                prev = hash;
                expected_seq = seq + 1;
                // A yearly callback is in the chain but changes no field.
                if action == super::residents_yearly::CALLBACK_ACTION {
                    if !super::residents_yearly::readable(&payload) {
                        check.first_break.get_or_insert((seq, room));
                    }
                    continue;
                }
                let change =
                    ChangeKind::parse(&action).zip(serde_json::from_str::<Patch>(&payload).ok());
                let slot = folded.entry(room.clone()).or_default();
                match change {
                    Some((kind, patch)) => {
                        let start = slot.take();
                        *slot = match start {
                            Some(mut h) => {
                                h.apply(&patch);
                                Some(h)
                            }
                            None => Household::fold(&room, [(kind, &patch)]),
                        };
                    }
                    None => {
                        check.first_break.get_or_insert((seq, room));
                    }
                }
            }
        }
        // room -> (owner, tenant, occupied, body) as the lookup row holds them.
        type Row = (Option<String>, Option<String>, bool, String);
        let mut stored: BTreeMap<String, Row> = BTreeMap::new();
        {
            let mut stmt =
                tx.prepare("SELECT room, owner, tenant, occupied, body FROM households")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
                ))
            })?;
            for row in rows {
                let (room, row) = row?;
                stored.insert(room, row);
            }
        }
        check.households = stored.len() as i64;
        let mut derived_phones = std::collections::BTreeSet::new();
        let mut derived_names = std::collections::BTreeSet::new();
        for (room, h) in &folded {
            let Some(h) = h else { continue };
            let Some((owner, tenant, occupied, body)) = stored.get(room) else {
                check
                    .mismatch
                    .get_or_insert((room.clone(), "households: missing".into()));
                continue;
            };
            // Named by field only: the values may be phone and ID numbers.
            let differs = match parse_body(body) {
                Err(_) => Some("body".to_string()),
                Ok(row) => crate::domain::residents::HField::ALL
                    .into_iter()
                    .find(|f| {
                        crate::domain::residents::cell(&row, *f)
                            != crate::domain::residents::cell(h, *f)
                    })
                    .map(|f| f.slug().to_string())
                    .or_else(|| {
                        (owner != &h.owner || tenant != &h.tenant || *occupied != h.occupied)
                            .then(|| "owner/tenant/occupied".to_string())
                    }),
            };
            if let Some(field) = differs {
                check
                    .mismatch
                    .get_or_insert((room.clone(), format!("households.{field}")));
            }
            for p in h.all_phones() {
                derived_phones.insert((p.to_string(), last4(p).to_string(), room.clone()));
            }
            for n in h.names() {
                derived_names.insert((initials(&n), n, room.clone()));
            }
        }
        for room in stored.keys() {
            if !folded.get(room).is_some_and(Option::is_some) {
                check
                    .mismatch
                    .get_or_insert((room.clone(), "households: no history".into()));
            }
        }
        let read = |sql: &str| -> Result<std::collections::BTreeSet<(String, String, String)>> {
            let mut stmt = tx.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let phones = read("SELECT phone, last4, room FROM household_phones")?;
        if let Some(d) = phones.symmetric_difference(&derived_phones).next() {
            check
                .mismatch
                .get_or_insert((d.2.clone(), "household_phones".into()));
        }
        let names = read("SELECT initials, name, room FROM household_names")?;
        if let Some(d) = names.symmetric_difference(&derived_names).next() {
            check
                .mismatch
                .get_or_insert((d.2.clone(), format!("household_names: {}", d.1)));
        }
        Ok(check)
    }
}
