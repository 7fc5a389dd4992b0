//! `company push`: the events the company's server does not hold yet, in batches, each batch
//! one PostgreSQL transaction. The server is asked where the estate's chain stands each time
//! (nothing is remembered on the desk, so a push resumes wherever the last one stopped), and
//! the transaction moves the estate's chain end only from where this batch starts: a batch
//! that does not continue the stored chain changes nothing. The record rows follow once the
//! events are stored (`catch_up`).

use super::{Break, ChainBreak, CompanyError, schema};
use crate::config_company::Company;
use crate::domain::Policy;
use crate::store::Store;
use crate::store::company::{ChainEvent, GENESIS};
use postgres::{Client, Transaction};
use serde::Serialize;

/// Events per transaction: large enough that a first push of millions is quick, small enough
/// that a cut connection loses little work.
pub const BATCH: usize = 5000;

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Pushed {
    pub estate: String,
    /// Events sent and stored now.
    pub events: u64,
    /// Record rows written.
    pub records: u64,
    pub batches: u64,
    /// The last event the server holds for the estate now.
    pub last_seq: i64,
    /// The residents directory's changes sent for the yearly household callbacks (schema 7).
    pub residents: super::households::DirectoryPushed,
}

/// Create or bring up to date the company database's schema: the versions applied.
pub fn init(client: &mut Client, company: &Company) -> Result<Vec<i32>, CompanyError> {
    schema::migrate(client).map_err(|e| CompanyError::of(e, &company.url))
}

/// Where the estate's chain ends on the server (0 and the genesis hash for a new estate), and
/// up to which event its record rows are current (`catch_up`).
fn stored_end(client: &mut Client, company: &Company) -> Result<(i64, Vec<u8>, i64), CompanyError> {
    let url = &company.url;
    client
        .execute(
            "INSERT INTO estates (estate) VALUES ($1) ON CONFLICT (estate) DO NOTHING",
            &[&company.estate],
        )
        .map_err(|e| CompanyError::of(e, url))?;
    let row = client
        .query_one(
            "SELECT last_seq, last_hash, rows_seq FROM estates WHERE estate = $1",
            &[&company.estate],
        )
        .map_err(|e| CompanyError::of(e, url))?;
    Ok((row.get(0), row.get(1), row.get(2)))
}

/// Push every event the server does not hold (up to event `upto`, if given: for the
/// benchmarks); `batch` events per transaction, then the rows of the records they touched,
/// `batch` records per transaction (`catch_up`). `each` hears of every transaction stored.
pub fn push(
    store: &Store,
    company: &Company,
    policy: &Policy,
    batch: usize,
    upto: Option<i64>,
    mut each: impl FnMut(&Pushed) + Send,
) -> Result<Pushed, CompanyError> {
    let url = &company.url;
    let mut client = super::connect(url)?;
    let have = schema::version(&mut client).map_err(|e| CompanyError::of(e, url))?;
    if have < schema::latest() {
        match schema::migrate(&mut client) {
            Ok(_) => {}
            Err(e) if e.as_db_error().is_some() => {
                return Err(CompanyError::NoSchema {
                    have,
                    want: schema::latest(),
                });
            }
            Err(e) => return Err(CompanyError::of(e, url)),
        }
    }
    let (seq, hash, rows_seq) = stored_end(&mut client, company)?;
    let refold = super::refold::stale(&mut client, company)?;
    ours(store, company, seq, &hash)?;
    // The area table the rounds are counted with, as this desk has it now.
    super::rounds::send_table(&mut client, &company.estate, policy)
        .map_err(|e| CompanyError::of(e, url))?;
    // Events first, batch after batch; then each record they touched, once.
    let mut done = Pushed {
        estate: company.estate.clone(),
        last_seq: seq,
        ..Default::default()
    };
    let mut from = (seq, hash);
    loop {
        match send_events(
            store,
            &mut client,
            company,
            from,
            batch,
            upto,
            &mut done,
            &mut each,
        ) {
            // Another push of this same history (the open desk's and a timer's) moved the end
            // meanwhile: on from where it stands now, if that is still this desk's chain.
            Err(CompanyError::Chain(ChainBreak {
                why: Break::Moved, ..
            })) => {
                let (seq, hash, _) = stored_end(&mut client, company)?;
                ours(store, company, seq, &hash)?;
                done.last_seq = seq;
                from = (seq, hash);
            }
            sent => break sent?,
        }
    }
    let rows_from = rows_seq.min(seq);
    let events_done = done.clone();
    done.records = super::catch_up::follow(
        store,
        &mut client,
        company,
        policy,
        (rows_from, done.last_seq),
        batch,
        |records| {
            each(&Pushed {
                records,
                ..events_done.clone()
            })
        },
    )?;
    if refold {
        super::refold::refold(store, company, policy, false)?;
    }
    let residents = super::households::push(store, company, batch)?;
    Ok(Pushed { residents, ..done })
}

/// The estate's chain on the server, ending at event `seq` with `hash`, is this desk's: the
/// desk has that event, with that hash. A refusal naming the event otherwise.
fn ours(store: &Store, company: &Company, seq: i64, hash: &[u8]) -> Result<(), CompanyError> {
    let chain_break = |why: Break| {
        CompanyError::Chain(ChainBreak {
            estate: company.estate.clone(),
            seq,
            why,
        })
    };
    let desk_last = store.last_event()?.map_or(0, |(s, _)| s);
    if seq > desk_last {
        return Err(chain_break(Break::Behind { desk_last }));
    }
    if seq > 0 && store.event_hash_at(seq)?.as_deref() != Some(hash) {
        return Err(chain_break(Break::Differs));
    }
    Ok(())
}

/// The events after `from`, in batches (the desk's file read while the batch before is
/// stored), counted into `done`.
#[allow(clippy::too_many_arguments)]
fn send_events(
    store: &Store,
    client: &mut Client,
    company: &Company,
    from: (i64, Vec<u8>),
    batch: usize,
    upto: Option<i64>,
    done: &mut Pushed,
    each: &mut (impl FnMut(&Pushed) + Send),
) -> Result<(), CompanyError> {
    overlapped(
        |send| read_batches(store, from, batch, upto, send),
        |events: Vec<ChainEvent>| {
            store_batch(client, company, &events)?;
            done.events += events.len() as u64;
            done.batches += 1;
            done.last_seq = events.last().map_or(done.last_seq, |e| e.seq);
            each(done);
            Ok(())
        },
    )
}

/// `read` hands its items on while `write` stores the ones before, on a thread of its own:
/// the desk's file is read (and folded) while the server stores. A failed write stops the
/// reading too, and is then the cause.
pub(super) fn overlapped<T: Send>(
    read: impl FnOnce(&std::sync::mpsc::SyncSender<T>) -> Result<(), CompanyError>,
    mut write: impl FnMut(T) -> Result<(), CompanyError> + Send,
) -> Result<(), CompanyError> {
    let (send, items) = std::sync::mpsc::sync_channel::<T>(1);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            for item in items {
                write(item)?;
            }
            Ok(())
        });
        let read = read(&send);
        drop(send);
        let written = writer.join().expect("the writer thread does not panic");
        match (read, written) {
            (_, Err(e)) | (Err(e), Ok(())) => Err(e),
            (Ok(()), Ok(())) => Ok(()),
        }
    })
}

/// Read the desk's events after `from` in batches, check each continues the chain, and hand
/// them on (until the writer stops taking them).
fn read_batches(
    store: &Store,
    from: (i64, Vec<u8>),
    batch: usize,
    upto: Option<i64>,
    send: &std::sync::mpsc::SyncSender<Vec<ChainEvent>>,
) -> Result<(), CompanyError> {
    let (mut seq, mut hash) = from;
    let mut buf = Vec::new();
    loop {
        let room = upto.map_or(batch, |u| (u - seq).clamp(0, batch as i64) as usize);
        if room == 0 {
            return Ok(());
        }
        let events = store.events_after(seq, room.max(1))?;
        let Some(last) = events.last() else {
            return Ok(());
        };
        for e in &events {
            if e.prev_hash != hash || e.computed_hash(&mut buf)[..] != e.hash[..] {
                return Err(CompanyError::LocalChain { seq: e.seq });
            }
            hash.clone_from(&e.hash);
        }
        seq = last.seq;
        if send.send(events).is_err() {
            return Ok(());
        }
    }
}

/// One batch, one transaction: the estate's chain end moves only from where the batch starts.
fn store_batch(
    client: &mut Client,
    company: &Company,
    events: &[ChainEvent],
) -> Result<(), CompanyError> {
    let url = &company.url;
    let (Some(first), Some(last)) = (events.first(), events.last()) else {
        return Ok(());
    };
    let mut tx = client.transaction().map_err(|e| CompanyError::of(e, url))?;
    let moved = tx
        .execute(
            "UPDATE estates SET last_seq = $3, last_hash = $4, pushed_at = now()
              WHERE estate = $1 AND last_seq = $2 AND last_hash = $5",
            &[
                &company.estate,
                &(first.seq - 1),
                &last.seq,
                &last.hash,
                &first.prev_hash,
            ],
        )
        .map_err(|e| CompanyError::of(e, url))?;
    if moved != 1 {
        drop(tx);
        return Err(CompanyError::Chain(ChainBreak {
            estate: company.estate.clone(),
            seq: first.seq,
            why: Break::Moved,
        }));
    }
    insert_events(&mut tx, &company.estate, events).map_err(|e| CompanyError::of(e, url))?;
    tx.commit().map_err(|e| CompanyError::of(e, url))
}

/// The batch's events by COPY (binary). No `ON CONFLICT` is needed: the transaction has just
/// moved the estate's chain end from where the batch starts, under the estate row's lock, and
/// the server stores no event past an estate's end (schema 4), so none of these is there yet;
/// were one there, the key refuses it and the batch changes nothing. A batch sent twice is
/// stored once: the second finds the end moved.
fn insert_events(
    tx: &mut Transaction<'_>,
    estate: &str,
    events: &[ChainEvent],
) -> Result<(), postgres::Error> {
    use postgres::binary_copy::BinaryCopyInWriter;
    use postgres::types::Type;
    use std::time::{Duration, SystemTime, UNIX_EPOCH};
    let time = |secs: i64| -> SystemTime {
        let d = Duration::from_secs(secs.unsigned_abs());
        if secs >= 0 {
            UNIX_EPOCH + d
        } else {
            UNIX_EPOCH - d
        }
    };
    let sink = tx.copy_in(
        "COPY events (estate, seq, record_id, at, written_at, operator, action, payload,
                      prev_hash, hash) FROM STDIN (FORMAT binary)",
    )?;
    let mut writer = BinaryCopyInWriter::new(
        sink,
        &[
            Type::TEXT,
            Type::INT8,
            Type::TEXT,
            Type::TIMESTAMPTZ,
            Type::TIMESTAMPTZ,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::BYTEA,
            Type::BYTEA,
        ],
    );
    for e in events {
        writer.write(&[
            &estate,
            &e.seq,
            &e.record_id,
            &time(e.at),
            &time(e.written_at),
            &e.operator,
            &e.action,
            &e.payload,
            &e.prev_hash,
            &e.hash,
        ])?;
    }
    writer.finish()?;
    Ok(())
}

/// The genesis hash, for callers comparing a new estate's chain end.
pub fn genesis() -> Vec<u8> {
    GENESIS.to_vec()
}
