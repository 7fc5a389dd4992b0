//! `company push`: the events the company's server does not hold yet, in batches, each batch
//! one PostgreSQL transaction. The server is asked where the estate's chain stands each time
//! (nothing is remembered on the desk, so a push resumes wherever the last one stopped), and
//! the transaction moves the estate's chain end only from where this batch starts: a batch
//! that does not continue the stored chain changes nothing.

use super::rows::RecordRow;
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

/// Where the estate's chain ends on the server (0 and the genesis hash for a new estate).
fn stored_end(client: &mut Client, company: &Company) -> Result<(i64, Vec<u8>), CompanyError> {
    let url = &company.url;
    client
        .execute(
            "INSERT INTO estates (estate) VALUES ($1) ON CONFLICT (estate) DO NOTHING",
            &[&company.estate],
        )
        .map_err(|e| CompanyError::of(e, url))?;
    let row = client
        .query_one(
            "SELECT last_seq, last_hash FROM estates WHERE estate = $1",
            &[&company.estate],
        )
        .map_err(|e| CompanyError::of(e, url))?;
    Ok((row.get(0), row.get(1)))
}

/// Push every event the server does not hold (up to event `upto`, if given: for the
/// benchmarks); `batch` events per transaction. `each` hears of every batch stored.
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
    let (seq, hash) = stored_end(&mut client, company)?;
    let refold = super::refold::stale(&mut client, company)?;
    let chain_break = |seq: i64, why: Break| {
        CompanyError::Chain(ChainBreak {
            estate: company.estate.clone(),
            seq,
            why,
        })
    };
    let desk_last = store.last_event()?.map_or(0, |(s, _)| s);
    if seq > desk_last {
        return Err(chain_break(seq, Break::Behind { desk_last }));
    }
    if seq > 0 && store.event_hash_at(seq)?.as_deref() != Some(&hash[..]) {
        return Err(chain_break(seq, Break::Differs));
    }
    // The area table the rounds are counted with, as this desk has it now.
    super::rounds::send_table(&mut client, &company.estate, policy)
        .map_err(|e| CompanyError::of(e, url))?;
    // The desk's file is read and folded here while the previous batch is being stored by
    // the writer thread: the server's work and the desk's overlap.
    let (send, batches) = std::sync::mpsc::sync_channel::<Batch>(1);
    let start = Pushed {
        estate: company.estate.clone(),
        last_seq: seq,
        ..Default::default()
    };
    let done = std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            let mut done = start;
            for batch in batches {
                store_batch(&mut client, company, &batch)?;
                done.events += batch.events.len() as u64;
                done.records += batch.rows.len() as u64;
                done.batches += 1;
                done.last_seq = batch.events.last().map_or(done.last_seq, |e| e.seq);
                each(&done);
            }
            Ok(done)
        });
        let read = read_batches(store, policy, (seq, hash), batch, upto, &send);
        drop(send);
        let written = writer.join().expect("the writer thread does not panic");
        // A failed write stops the reading too: then the write's error is the cause.
        match (read, written) {
            (_, Err(e)) | (Err(e), Ok(_)) => Err(e),
            (Ok(()), Ok(done)) => Ok(done),
        }
    })?;
    if refold {
        super::refold::refold(store, company, policy, false)?;
    }
    let residents = super::households::push(store, company, batch)?;
    Ok(Pushed { residents, ..done })
}

/// The events of one transaction and the rows of the records they touched.
struct Batch {
    events: Vec<ChainEvent>,
    rows: Vec<RecordRow>,
}

/// Read the desk's events after `from` in batches, check each continues the chain, fold the
/// records they touched, and hand them on (until the writer stops taking them).
fn read_batches(
    store: &Store,
    policy: &Policy,
    from: (i64, Vec<u8>),
    batch: usize,
    upto: Option<i64>,
    send: &std::sync::mpsc::SyncSender<Batch>,
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
        let mut ids: Vec<String> = events.iter().map(|e| e.record_id.clone()).collect();
        ids.sort_unstable();
        ids.dedup();
        let rows: Vec<RecordRow> = store
            .records_as_of(&ids, seq)?
            .iter()
            .map(|r| RecordRow::of(r, policy, seq))
            .collect();
        if send.send(Batch { events, rows }).is_err() {
            return Ok(());
        }
    }
}

/// One batch, one transaction: the estate's chain end moves only from where the batch starts.
fn store_batch(client: &mut Client, company: &Company, batch: &Batch) -> Result<(), CompanyError> {
    let url = &company.url;
    let (Some(first), Some(last)) = (batch.events.first(), batch.events.last()) else {
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
    insert_events(&mut tx, &company.estate, &batch.events).map_err(|e| CompanyError::of(e, url))?;
    upsert_records(&mut tx, &company.estate, &batch.rows).map_err(|e| CompanyError::of(e, url))?;
    super::rounds::upsert_areas(&mut tx, &company.estate, &batch.rows)
        .map_err(|e| CompanyError::of(e, url))?;
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

/// Each record's row as of the batch's last event, with the columns the reviews need
/// (`rows::ReportColumns`) and its deadlines' rows (`rows::replace_deadlines`), one write per
/// row; a row already newer is left alone. The rows written.
pub(super) fn upsert_records(
    tx: &mut Transaction<'_>,
    estate: &str,
    rows: &[RecordRow],
) -> Result<u64, postgres::Error> {
    macro_rules! col {
        ($f:expr) => {
            rows.iter().map($f).collect::<Vec<_>>()
        };
    }
    macro_rules! more {
        ($f:expr) => {
            rows.iter().map(|r| &r.more).map($f).collect::<Vec<_>>()
        };
    }
    let won = tx.query(
        "INSERT INTO records (estate, id, kind, status, open, voided, urgent, received_at,
                              updated_at, resolved_at, category, channel, class, room, summary,
                              assignee, repeat_of, due_at, due_name, soon_at, deadlines, seq,
                              callback_rate, called_back, callback_form, callback_signed,
                              satisfaction, quality_called_back, shift_start, signed_at,
                              signed_late, status_open, repeatable, location, follow_up_of,
                              follow_up_by, noticed_at, owes_callback, folded_version)
         SELECT $1, id, kind, status, open, voided, urgent, to_timestamp(received_at),
                to_timestamp(updated_at), to_timestamp(resolved_at), category, channel, class,
                room, summary, assignee, repeat_of, to_timestamp(due_at), due_name,
                to_timestamp(soon_at), deadlines::jsonb, seq, callback_rate, called_back,
                form, signed, satisfaction, quality, to_timestamp(shift_start),
                signed_at::timestamptz, signed_late, status_open, repeatable, location,
                follow_up_of, follow_up_by, noticed_at::timestamptz, owes_callback, $39
           FROM unnest($2::text[], $3::text[], $4::text[], $5::bool[], $6::bool[], $7::bool[],
                       $8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::text[],
                       $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
                       $18::bigint[], $19::text[], $20::bigint[], $21::text[], $22::bigint[],
                       $23::text[], $24::bool[], $25::text[], $26::bool[], $27::text[],
                       $28::bool[], $29::bigint[], $30::text[], $31::bool[], $32::bool[],
                       $33::bool[], $34::text[], $35::text[], $36::text[], $37::text[],
                       $38::bool[])
                AS u(id, kind, status, open, voided, urgent, received_at, updated_at,
                     resolved_at, category, channel, class, room, summary, assignee, repeat_of,
                     due_at, due_name, soon_at, deadlines, seq, callback_rate, called_back,
                     form, signed, satisfaction, quality, shift_start, signed_at, signed_late,
                     status_open, repeatable, location, follow_up_of, follow_up_by, noticed_at,
                     owes_callback)
         ON CONFLICT (estate, id) DO UPDATE SET
             kind = EXCLUDED.kind, status = EXCLUDED.status, open = EXCLUDED.open,
             voided = EXCLUDED.voided, urgent = EXCLUDED.urgent,
             received_at = EXCLUDED.received_at, updated_at = EXCLUDED.updated_at,
             resolved_at = EXCLUDED.resolved_at, category = EXCLUDED.category,
             channel = EXCLUDED.channel, class = EXCLUDED.class, room = EXCLUDED.room,
             summary = EXCLUDED.summary, assignee = EXCLUDED.assignee,
             repeat_of = EXCLUDED.repeat_of, due_at = EXCLUDED.due_at,
             due_name = EXCLUDED.due_name, soon_at = EXCLUDED.soon_at,
             deadlines = EXCLUDED.deadlines, seq = EXCLUDED.seq,
             callback_rate = EXCLUDED.callback_rate, called_back = EXCLUDED.called_back,
             callback_form = EXCLUDED.callback_form,
             callback_signed = EXCLUDED.callback_signed, satisfaction = EXCLUDED.satisfaction,
             quality_called_back = EXCLUDED.quality_called_back,
             shift_start = EXCLUDED.shift_start, signed_at = EXCLUDED.signed_at,
             signed_late = EXCLUDED.signed_late, status_open = EXCLUDED.status_open,
             repeatable = EXCLUDED.repeatable, location = EXCLUDED.location,
             follow_up_of = EXCLUDED.follow_up_of, follow_up_by = EXCLUDED.follow_up_by,
             noticed_at = EXCLUDED.noticed_at, owes_callback = EXCLUDED.owes_callback,
             folded_version = EXCLUDED.folded_version
           WHERE records.seq <= EXCLUDED.seq
         RETURNING id, xmax = 0",
        &[
            &estate,
            &col!(|r| r.id.as_str()),
            &col!(|r| r.kind),
            &col!(|r| r.status),
            &col!(|r| r.open),
            &col!(|r| r.voided),
            &col!(|r| r.urgent),
            &col!(|r| r.received_at),
            &col!(|r| r.updated_at),
            &col!(|r| r.resolved_at),
            &col!(|r| r.category),
            &col!(|r| r.channel),
            &col!(|r| r.class),
            &col!(|r| r.room.as_deref()),
            &col!(|r| r.summary.as_str()),
            &col!(|r| r.assignee.as_deref()),
            &col!(|r| r.repeat_of.as_deref()),
            &col!(|r| r.due_at),
            &col!(|r| r.due_name),
            &col!(|r| r.soon_at),
            &col!(|r| r.deadlines.as_str()),
            &col!(|r| r.seq),
            &col!(|r| r.callback_rate),
            &col!(|r| r.called_back),
            &more!(|m| m.callback_form),
            &more!(|m| m.callback_signed),
            &more!(|m| m.satisfaction),
            &more!(|m| m.quality_called_back),
            &more!(|m| m.shift_start),
            &more!(|m| m.signed_at.as_deref()),
            &more!(|m| m.signed_late),
            &more!(|m| m.status_open),
            &more!(|m| m.repeatable),
            &more!(|m| m.location.as_deref()),
            &more!(|m| m.follow_up_of.as_deref()),
            &more!(|m| m.follow_up_by),
            &more!(|m| m.noticed_at.as_deref()),
            &col!(|r| r.listed.iter().any(|d| d.name == "callback")),
            &super::rows::FOLDED,
        ],
    )?;
    let won: Vec<(String, bool)> = won.iter().map(|r| (r.get(0), r.get(1))).collect();
    super::rows::replace_deadlines(tx, estate, rows, &won)?;
    Ok(won.len() as u64)
}

/// The genesis hash, for callers comparing a new estate's chain end.
pub fn genesis() -> Vec<u8> {
    GENESIS.to_vec()
}
