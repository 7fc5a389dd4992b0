//! The record rows follow the events (schema 9). Once a push has stored its events, each
//! record they touched is folded once, as of the last event stored, and its row written with
//! its deadlines: a record's events span many batches, and writing its row with each batch (as
//! pushes did before) spent most of a first push in index upkeep. `estates.rows_seq` says up
//! to which event an estate's rows are current; a push cut off before its rows were all
//! written leaves it behind, and the next push writes the rows of every record touched since.
//! Parts of records, one transaction each; the last one moves `rows_seq`.

use super::CompanyError;
use super::rows::RecordRow;
use crate::config_company::Company;
use crate::domain::Policy;
use crate::store::Store;
use postgres::{Client, Transaction};

/// Write the rows of the records touched by the events after `from` up to `to`, folded as of
/// `to`, `part` records a transaction; `each` hears of the rows written so far. The rows
/// written.
pub fn follow(
    store: &Store,
    client: &mut Client,
    company: &Company,
    policy: &Policy,
    (from, to): (i64, i64),
    part: usize,
    each: impl FnMut(u64) + Send,
) -> Result<u64, CompanyError> {
    if to <= from {
        return Ok(0);
    }
    let ids = store.records_touched(from, to)?;
    write_folded(
        store,
        client,
        company,
        policy,
        (&ids, to),
        part,
        Some(to),
        each,
    )
}

/// Fold the records `ids` as of event `as_of` on the desk while the server writes the part
/// before, `part` records a transaction; the last one (or one of its own, for no record) moves
/// the estate's `rows_seq` to `rows_to`, if given. The rows written.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_folded(
    store: &Store,
    client: &mut Client,
    company: &Company,
    policy: &Policy,
    (ids, as_of): (&[String], i64),
    part: usize,
    rows_to: Option<i64>,
    mut each: impl FnMut(u64) + Send,
) -> Result<u64, CompanyError> {
    let url = &company.url;
    let fail = |e| CompanyError::of(e, url);
    let move_rows = |tx: &mut Transaction<'_>| -> Result<(), CompanyError> {
        if let Some(to) = rows_to {
            tx.execute(
                "UPDATE estates SET rows_seq = greatest(rows_seq, $2) WHERE estate = $1",
                &[&company.estate, &to],
            )
            .map_err(fail)?;
        }
        Ok(())
    };
    if ids.is_empty() {
        if rows_to.is_none() {
            return Ok(0);
        }
        let mut tx = client.transaction().map_err(fail)?;
        move_rows(&mut tx)?;
        return tx.commit().map_err(fail).map(|()| 0);
    }
    let mut written = 0;
    let mut folded = 0;
    super::push::overlapped(
        |send| {
            for chunk in ids.chunks(part.max(1)) {
                let rows: Vec<RecordRow> = store
                    .records_as_of(chunk, as_of)?
                    .iter()
                    .map(|r| RecordRow::of(r, policy, as_of))
                    .collect();
                if send.send(rows).is_err() {
                    break;
                }
            }
            Ok(())
        },
        |rows: Vec<RecordRow>| {
            let mut tx = client.transaction().map_err(fail)?;
            written += write_rows(&mut tx, &company.estate, &rows).map_err(fail)?;
            folded += rows.len();
            if folded == ids.len() {
                move_rows(&mut tx)?;
            }
            tx.commit().map_err(fail)?;
            each(written);
            Ok(())
        },
    )?;
    Ok(written)
}

/// Records' rows, in the caller's transaction, each as of its fold's last event, with the
/// columns the reviews need (`rows::ReportColumns`), a round's area and its deadlines' rows
/// (`rows::replace_deadlines`): a row the server does not hold yet by binary COPY, one it
/// holds by an upsert that leaves a row already newer alone. One write per row. The estate's
/// row is locked first, so that two pushers of one estate (the open desk's and a timer's) do
/// not both find a row missing and both copy it. The rows written.
pub(super) fn write_rows(
    tx: &mut Transaction<'_>,
    estate: &str,
    rows: &[RecordRow],
) -> Result<u64, postgres::Error> {
    tx.execute(
        "SELECT 1 FROM estates WHERE estate = $1 FOR NO KEY UPDATE",
        &[&estate],
    )?;
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let held: std::collections::HashSet<String> = tx
        .query(
            // One probe of the key per id, whatever the planner's figures for a table that
            // grows fast during a first push (`id = ANY($2)` read every row of the estate).
            "SELECT u.id FROM unnest($2::text[]) AS u(id)
               CROSS JOIN LATERAL (SELECT FROM records r
                                    WHERE r.estate = $1 AND r.id = u.id LIMIT 1) held",
            &[&estate, &ids],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let (old, new): (Vec<&RecordRow>, Vec<&RecordRow>) =
        rows.iter().partition(|r| held.contains(&r.id));
    let mut won = upsert(tx, estate, &old)?;
    copy_new(tx, estate, &new)?;
    won.extend(new.iter().map(|r| (r.id.clone(), true)));
    super::rows::replace_deadlines(tx, estate, rows, &won)?;
    Ok(won.len() as u64)
}

/// The rows the server holds: written again unless the row there is newer. Which were written,
/// and whether each was new (none is, unless another pusher raced this one).
fn upsert(
    tx: &mut Transaction<'_>,
    estate: &str,
    rows: &[&RecordRow],
) -> Result<Vec<(String, bool)>, postgres::Error> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
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
                              follow_up_by, noticed_at, owes_callback, area, folded_version)
         SELECT $1, id, kind, status, open, voided, urgent, to_timestamp(received_at),
                to_timestamp(updated_at), to_timestamp(resolved_at), category, channel, class,
                room, summary, assignee, repeat_of, to_timestamp(due_at), due_name,
                to_timestamp(soon_at), deadlines::jsonb, seq, callback_rate, called_back,
                form, signed, satisfaction, quality, to_timestamp(shift_start),
                signed_at::timestamptz, signed_late, status_open, repeatable, location,
                follow_up_of, follow_up_by, noticed_at::timestamptz, owes_callback, area, $39
           FROM unnest($2::text[], $3::text[], $4::text[], $5::bool[], $6::bool[], $7::bool[],
                       $8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::text[],
                       $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
                       $18::bigint[], $19::text[], $20::bigint[], $21::text[], $22::bigint[],
                       $23::text[], $24::bool[], $25::text[], $26::bool[], $27::text[],
                       $28::bool[], $29::bigint[], $30::text[], $31::bool[], $32::bool[],
                       $33::bool[], $34::text[], $35::text[], $36::text[], $37::text[],
                       $38::bool[], $40::text[])
                AS u(id, kind, status, open, voided, urgent, received_at, updated_at,
                     resolved_at, category, channel, class, room, summary, assignee, repeat_of,
                     due_at, due_name, soon_at, deadlines, seq, callback_rate, called_back,
                     form, signed, satisfaction, quality, shift_start, signed_at, signed_late,
                     status_open, repeatable, location, follow_up_of, follow_up_by, noticed_at,
                     owes_callback, area)
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
             area = EXCLUDED.area,
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
            &col!(|r| r.area.as_deref()),
        ],
    )?;
    Ok(won.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// The columns `copy_new` writes, in its order, and their types.
const COPIED: &[(&str, postgres::types::Type)] = {
    use postgres::types::Type;
    &[
        ("estate", Type::TEXT),
        ("id", Type::TEXT),
        ("kind", Type::TEXT),
        ("status", Type::TEXT),
        ("open", Type::BOOL),
        ("voided", Type::BOOL),
        ("urgent", Type::BOOL),
        ("received_at", Type::TIMESTAMPTZ),
        ("updated_at", Type::TIMESTAMPTZ),
        ("resolved_at", Type::TIMESTAMPTZ),
        ("category", Type::TEXT),
        ("channel", Type::TEXT),
        ("class", Type::TEXT),
        ("room", Type::TEXT),
        ("summary", Type::TEXT),
        ("assignee", Type::TEXT),
        ("repeat_of", Type::TEXT),
        ("due_at", Type::TIMESTAMPTZ),
        ("due_name", Type::TEXT),
        ("soon_at", Type::TIMESTAMPTZ),
        ("deadlines", Type::JSONB),
        ("seq", Type::INT8),
        ("callback_rate", Type::TEXT),
        ("called_back", Type::BOOL),
        ("callback_form", Type::TEXT),
        ("callback_signed", Type::BOOL),
        ("satisfaction", Type::TEXT),
        ("quality_called_back", Type::BOOL),
        ("shift_start", Type::TIMESTAMPTZ),
        ("signed_at", Type::TIMESTAMPTZ),
        ("signed_late", Type::BOOL),
        ("status_open", Type::BOOL),
        ("repeatable", Type::BOOL),
        ("location", Type::TEXT),
        ("follow_up_of", Type::TEXT),
        ("follow_up_by", Type::TEXT),
        ("noticed_at", Type::TIMESTAMPTZ),
        ("owes_callback", Type::BOOL),
        ("area", Type::TEXT),
        ("folded_version", Type::INT4),
    ]
};

/// The rows the server does not hold yet, by binary COPY: each column as the upsert's SQL
/// would make it from the same values (`rows::pg_secs` for `to_timestamp`, `rows::pg_time` for
/// a text's `::timestamptz`).
fn copy_new(
    tx: &mut Transaction<'_>,
    estate: &str,
    rows: &[&RecordRow],
) -> Result<(), postgres::Error> {
    use super::rows::{pg_secs, pg_time};
    use postgres::binary_copy::BinaryCopyInWriter;
    use postgres::types::{Json, Type};
    if rows.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = COPIED.iter().map(|(name, _)| *name).collect();
    let sink = tx.copy_in(&format!(
        "COPY records ({}) FROM STDIN (FORMAT binary)",
        names.join(", ")
    ))?;
    let types: Vec<Type> = COPIED.iter().map(|(_, ty)| ty.clone()).collect();
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    for r in rows {
        let m = &r.more;
        writer.write(&[
            &estate,
            &r.id,
            &r.kind,
            &r.status,
            &r.open,
            &r.voided,
            &r.urgent,
            &pg_secs(r.received_at),
            &pg_secs(r.updated_at),
            &r.resolved_at.map(pg_secs),
            &r.category,
            &r.channel,
            &r.class,
            &r.room,
            &r.summary,
            &r.assignee,
            &r.repeat_of,
            &r.due_at.map(pg_secs),
            &r.due_name,
            &r.soon_at.map(pg_secs),
            &Json(&r.listed),
            &r.seq,
            &r.callback_rate,
            &r.called_back,
            &m.callback_form,
            &m.callback_signed,
            &m.satisfaction,
            &m.quality_called_back,
            &m.shift_start.map(pg_secs),
            &m.signed_at.as_deref().map(pg_time),
            &m.signed_late,
            &m.status_open,
            &m.repeatable,
            &m.location,
            &m.follow_up_of,
            &m.follow_up_by,
            &m.noticed_at.as_deref().map(pg_time),
            &r.listed.iter().any(|d| d.name == "callback"),
            &r.area,
            &super::rows::FOLDED,
        ])?;
    }
    writer.finish()?;
    Ok(())
}
