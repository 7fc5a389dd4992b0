//! The yearly household callbacks on the company's server (issue 19 §4; DOMAIN.md §4: every
//! occupied household called back once a calendar year). The push sends of the residents
//! directory what the rate needs and nothing more: for each household a keyed hash of its room
//! and whether it is occupied now; for each callback its time and whether it reached the
//! household. Never a room, a name, a phone, an ID number or the owner's words.
//!
//! The directory is a hash chain of its own (`resident_events`: households added, edited,
//! called back). It goes to the server as the events do (`push`): the server says where the
//! estate's directory chain ends, the desk checks that end is its own, and the changes after it
//! go in batches, each one transaction that moves the end only from where the batch starts. The
//! desk's hashes are not sent (an edit's hash could be tried against guessed phone numbers):
//! the chain end is a keyed mark of the hash.
//!
//! The keys are derived from the hash of the directory's first change, which covers the first
//! household's whole entry and never leaves the desk: the same desk file always gives the same
//! keys, the server cannot make them.

use super::{Break, ChainBreak, CompanyError};
use crate::config_company::Company;
use crate::domain::residents::yearly::{HouseholdCallback, YEARLY_TARGET, YearlyRate};
use crate::domain::residents::{ChangeKind, Household, Patch};
use crate::domain::time::{Zone, local_date, start_of};
use crate::store::Store;
use crate::store::company_households::DirectoryEvent;
use crate::store::residents_yearly::CALLBACK_ACTION;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use postgres::Client;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::SystemTime;

/// What a push of the directory did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DirectoryPushed {
    /// Changes of the directory sent now (households added or edited, callbacks).
    pub changes: u64,
    pub batches: u64,
    /// The directory's last change the server holds now (0: none).
    pub last_seq: i64,
}

/// The mark of the chain before its first change.
const NO_MARK: [u8; 32] = [0; 32];

/// The desk's two keys: one names a household by its room, one marks the chain's end.
struct Keys {
    household: [u8; 32],
    mark: [u8; 32],
}

impl Keys {
    /// From the hash of the directory's first change.
    fn of(first: &[u8]) -> Self {
        Self {
            household: blake3::derive_key("dutydesk 2026-12 company household of a room", first),
            mark: blake3::derive_key("dutydesk 2026-12 company residents chain mark", first),
        }
    }

    /// What the server knows a household by.
    fn household(&self, room: &str) -> Vec<u8> {
        blake3::keyed_hash(&self.household, room.as_bytes())
            .as_bytes()
            .to_vec()
    }

    /// What the server holds of the hash of change `seq` (`NO_MARK` before the first).
    fn mark(&self, seq: i64, hash: &[u8]) -> Vec<u8> {
        if seq == 0 {
            return NO_MARK.to_vec();
        }
        blake3::keyed_hash(&self.mark, hash).as_bytes().to_vec()
    }
}

/// What one change of the directory sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    /// A household added, or moved in or out: whether it is occupied now.
    Occupied(bool),
    /// A yearly callback: whether it reached the household.
    Callback { reached: bool },
    /// Nothing the rate needs (a name or a phone changed): only the chain moves.
    Nothing,
}

/// The part of change `e` that leaves the desk; `None` if it cannot be read (`verify`).
fn sent(e: &DirectoryEvent) -> Option<Sent> {
    if e.action == CALLBACK_ACTION {
        let cb: HouseholdCallback = serde_json::from_str(&e.payload).ok()?;
        return Some(Sent::Callback {
            reached: cb.reached(),
        });
    }
    let kind = ChangeKind::parse(&e.action)?;
    let patch: Patch = serde_json::from_str(&e.payload).ok()?;
    Some(match kind {
        // A household starts as the desk folds it (`Household::fold`).
        ChangeKind::Add => {
            Sent::Occupied(Household::fold(&e.room, [(kind, &patch)]).is_some_and(|h| h.occupied))
        }
        ChangeKind::Edit => patch.occupied.map_or(Sent::Nothing, Sent::Occupied),
    })
}

/// One transaction's worth: where it starts, where it ends, and what it stores.
struct Batch {
    first: i64,
    prev_mark: Vec<u8>,
    last: i64,
    last_mark: Vec<u8>,
    /// household -> (occupied, the change that said so), the batch's last word on each.
    households: BTreeMap<Vec<u8>, (bool, i64)>,
    callbacks: Vec<CallbackSent>,
}

/// A yearly callback as the server holds it.
struct CallbackSent {
    /// Its change's number on the directory's chain.
    seq: i64,
    household: Vec<u8>,
    at: i64,
    reached: bool,
}

/// Push every change of the directory the server does not hold, `batch` per transaction.
pub fn push(
    store: &Store,
    company: &Company,
    batch: usize,
) -> Result<DirectoryPushed, CompanyError> {
    let url = &company.url;
    let fail = |e| CompanyError::of(e, url);
    let refused = |seq: i64, why: Break| {
        CompanyError::Directory(ChainBreak {
            estate: company.estate.clone(),
            seq,
            why,
        })
    };
    let desk_last = store.last_directory_event()?.map_or(0, |(s, _)| s);
    let mut client = super::connect(url)?;
    client
        .execute(
            "INSERT INTO resident_chains (estate) VALUES ($1) ON CONFLICT (estate) DO NOTHING",
            &[&company.estate],
        )
        .map_err(fail)?;
    let (server_last, server_mark) = directory_end(&mut client, &company.estate).map_err(fail)?;
    let mut done = DirectoryPushed {
        last_seq: server_last,
        ..DirectoryPushed::default()
    };
    if server_last > desk_last {
        return Err(refused(server_last, Break::Behind { desk_last }));
    }
    if desk_last == 0 {
        return Ok(done);
    }
    let first = store
        .directory_hash_at(1)?
        .ok_or(CompanyError::LocalDirectory { seq: 1 })?;
    let keys = Keys::of(&first);
    // The desk's hash of change `seq`, if the server's end there (`mark`) is this desk's.
    let ours = |seq: i64, mark: &[u8]| -> Result<Vec<u8>, CompanyError> {
        if seq > desk_last {
            return Err(refused(seq, Break::Behind { desk_last }));
        }
        let hash = match seq {
            0 => crate::store::company::GENESIS.to_vec(),
            seq => store
                .directory_hash_at(seq)?
                .ok_or(CompanyError::LocalDirectory { seq })?,
        };
        if keys.mark(seq, &hash) != mark {
            return Err(refused(seq, Break::Differs));
        }
        Ok(hash)
    };
    let mut hash = ours(server_last, &server_mark)?;
    let mut seq = server_last;
    let mut buf = Vec::new();
    loop {
        let events = store.directory_events_after(seq, batch.max(1))?;
        let Some(last) = events.last() else {
            return Ok(done);
        };
        let mut b = Batch {
            first: events[0].seq,
            prev_mark: keys.mark(seq, &hash),
            last: last.seq,
            last_mark: keys.mark(last.seq, &last.hash),
            households: BTreeMap::new(),
            callbacks: Vec::new(),
        };
        for e in &events {
            if e.prev_hash != hash || e.computed_hash(&mut buf)[..] != e.hash[..] {
                return Err(CompanyError::LocalDirectory { seq: e.seq });
            }
            hash.clone_from(&e.hash);
            let household = keys.household(&e.room);
            match sent(e).ok_or(CompanyError::LocalDirectory { seq: e.seq })? {
                Sent::Occupied(occupied) => {
                    b.households.insert(household, (occupied, e.seq));
                }
                Sent::Callback { reached } => b.callbacks.push(CallbackSent {
                    seq: e.seq,
                    household,
                    at: e.at,
                    reached,
                }),
                Sent::Nothing => {}
            }
        }
        seq = last.seq;
        if !store_batch(&mut client, &company.estate, &b).map_err(fail)? {
            // Another push of this same directory (the open desk's and a timer's) moved the
            // end meanwhile: on from where it stands now, if that is still this desk's.
            let (end, mark) = directory_end(&mut client, &company.estate).map_err(fail)?;
            hash = ours(end, &mark)?;
            seq = end;
            done.last_seq = end;
            continue;
        }
        done.changes += events.len() as u64;
        done.batches += 1;
        done.last_seq = b.last;
    }
}

/// Where the estate's directory chain ends on the server: its last change and that change's
/// mark.
fn directory_end(client: &mut Client, estate: &str) -> Result<(i64, Vec<u8>), postgres::Error> {
    let row = client.query_one(
        "SELECT last_seq, last_mark FROM resident_chains WHERE estate = $1",
        &[&estate],
    )?;
    Ok((row.get(0), row.get(1)))
}

/// One batch, one transaction: `false` (nothing stored) if the estate's directory chain on the
/// server no longer ends where the batch starts. The callbacks need no `ON CONFLICT`: the end
/// has just moved from the batch's start under the row's lock, and nothing is stored past an
/// end (schema 7), so none is there yet; were one there, the key refuses it.
fn store_batch(client: &mut Client, estate: &str, b: &Batch) -> Result<bool, postgres::Error> {
    let mut tx = client.transaction()?;
    let moved = tx.execute(
        "UPDATE resident_chains SET last_seq = $3, last_mark = $4, pushed_at = now()
          WHERE estate = $1 AND last_seq = $2 AND last_mark = $5",
        &[&estate, &(b.first - 1), &b.last, &b.last_mark, &b.prev_mark],
    )?;
    if moved != 1 {
        return Ok(false);
    }
    let (keys, occupied, seqs): (Vec<&[u8]>, Vec<bool>, Vec<i64>) = b
        .households
        .iter()
        .map(|(k, (o, s))| (k.as_slice(), *o, *s))
        .collect();
    tx.execute(
        "INSERT INTO households (estate, household, occupied, seq)
         SELECT $1, h, o, s FROM unnest($2::bytea[], $3::bool[], $4::bigint[]) AS u(h, o, s)
         ON CONFLICT (estate, household) DO UPDATE
            SET occupied = EXCLUDED.occupied, seq = EXCLUDED.seq
          WHERE households.seq < EXCLUDED.seq",
        &[&estate, &keys, &occupied, &seqs],
    )?;
    let seqs: Vec<i64> = b.callbacks.iter().map(|c| c.seq).collect();
    let households: Vec<&[u8]> = b.callbacks.iter().map(|c| c.household.as_slice()).collect();
    let ats: Vec<i64> = b.callbacks.iter().map(|c| c.at).collect();
    let reached: Vec<bool> = b.callbacks.iter().map(|c| c.reached).collect();
    tx.execute(
        "INSERT INTO household_callbacks (estate, seq, household, at, reached)
         SELECT $1, s, h, to_timestamp(a), r
           FROM unnest($2::bigint[], $3::bytea[], $4::bigint[], $5::bool[]) AS u(s, h, a, r)",
        &[&estate, &seqs, &households, &ats, &reached],
    )?;
    tx.commit()?;
    Ok(true)
}

/// The year of a month starting at `from` in the estate's zone, and its 1 January.
fn year_of(from: SystemTime, zone: Zone) -> (i32, SystemTime) {
    let year = local_date(DateTime::<Utc>::from(from), zone).year();
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January exists");
    (year, SystemTime::from(start_of(jan1, zone)))
}

/// Per estate with occupied households on the server: those reached by a callback from 1
/// January of the month's year until the month's end (`until`), of those occupied now, as the
/// desk's `report monthly` counts them (`YearlyRate::of`). Counted by the server.
pub fn rates(
    client: &mut Client,
    (from, until): (SystemTime, SystemTime),
    estate: Option<&str>,
    zone: Zone,
) -> Result<BTreeMap<String, YearlyRate>, postgres::Error> {
    let (year, jan1) = year_of(from, zone);
    Ok(client
        .query(
            "SELECT h.estate, count(*),
                    count(*) FILTER (WHERE EXISTS (
                        SELECT 1 FROM household_callbacks c
                         WHERE c.estate = h.estate AND c.household = h.household AND c.reached
                           AND c.at >= $1 AND c.at < $2))
               FROM households h
              WHERE h.occupied AND ($3::text IS NULL OR h.estate = $3)
              GROUP BY h.estate",
            &[&jan1, &until, &estate],
        )?
        .iter()
        .map(|r| {
            let (occupied, called): (i64, i64) = (r.get(1), r.get(2));
            (r.get(0), rate(year, called, occupied))
        })
        .collect())
}

fn rate(year: i32, called: i64, occupied: i64) -> YearlyRate {
    YearlyRate {
        year,
        called: called as usize,
        occupied: occupied as usize,
        rate: super::report::percent(called, occupied),
        target: YEARLY_TARGET,
    }
}

/// The total: the households called and occupied summed, the rate of the sums.
pub fn add_up(total: &mut Option<YearlyRate>, other: &Option<YearlyRate>) {
    let Some(o) = other else { return };
    let (called, occupied) = match total {
        Some(t) => (t.called + o.called, t.occupied + o.occupied),
        None => (o.called, o.occupied),
    };
    *total = Some(rate(o.year, called as i64, occupied as i64));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(action: &str, payload: &str) -> DirectoryEvent {
        DirectoryEvent {
            seq: 1,
            room: "3-2-1201".into(),
            at: 0,
            written_at: 0,
            operator: "王值班".into(),
            action: action.into(),
            payload: payload.into(),
            prev_hash: Vec::new(),
            hash: Vec::new(),
        }
    }

    #[test]
    fn a_change_sends_occupancy_or_a_callback_reached_and_nothing_else() {
        let add = r#"{"owner":"王小明","phones":["13800138000"],"occupied":true}"#;
        assert_eq!(sent(&event("add", add)), Some(Sent::Occupied(true)));
        assert_eq!(
            sent(&event("add", r#"{"owner":"王小明"}"#)),
            Some(Sent::Occupied(false))
        );
        assert_eq!(
            sent(&event("edit", r#"{"occupied":false}"#)),
            Some(Sent::Occupied(false))
        );
        assert_eq!(
            sent(&event("edit", r#"{"phones":["13900000000"]}"#)),
            Some(Sent::Nothing)
        );
        let cb = r#"{"form":"phone","result":"no_answer"}"#;
        assert_eq!(
            sent(&event("callback", cb)),
            Some(Sent::Callback { reached: false })
        );
        let cb = r#"{"form":"visit","result":"unsatisfied","words":"太吵"}"#;
        assert_eq!(
            sent(&event("callback", cb)),
            Some(Sent::Callback { reached: true })
        );
        assert_eq!(sent(&event("callback", "{}")), None);
        assert_eq!(sent(&event("remove", "{}")), None);
    }

    #[test]
    fn keys_depend_on_the_first_change_and_the_room_only() {
        let a = Keys::of(&[1; 32]);
        let b = Keys::of(&[2; 32]);
        assert_eq!(
            a.household("3-2-1201"),
            Keys::of(&[1; 32]).household("3-2-1201")
        );
        assert_ne!(a.household("3-2-1201"), a.household("3-2-1202"));
        assert_ne!(a.household("3-2-1201"), b.household("3-2-1201"));
        assert_ne!(a.household("x"), a.mark(1, b"x"), "two keys, not one");
        assert_eq!(a.mark(0, &[9; 32]), NO_MARK.to_vec());
    }

    #[test]
    fn the_total_sums_called_and_occupied_and_rates_the_sums() {
        let mut total = None;
        add_up(&mut total, &None);
        assert_eq!(total, None);
        add_up(&mut total, &Some(rate(2026, 1, 3)));
        add_up(&mut total, &None);
        add_up(&mut total, &Some(rate(2026, 2, 2)));
        let t = total.unwrap();
        assert_eq!((t.called, t.occupied, t.rate), (3, 5, Some(60.0)));
    }
}
