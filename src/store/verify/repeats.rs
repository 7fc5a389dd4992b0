//! `verify`'s repeat check: `records.repeat_of` against the repeat rule worked out over all
//! records, from the index rows read beside the pass over the histories (`prefetch`) and the
//! texts kept in that pass.

use super::super::repeats::{self, Index};
use super::super::{Result, StoreError};
use super::RecordMismatch;
use super::chain::RecordIds;
use super::jobs::Found;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::collections::{HashMap, HashSet};

/// The rows `check_repeats` walks, read on a connection of their own (`second`) while the
/// pass over the histories runs.
pub(super) fn prefetch(second: Connection) -> Result<Index> {
    let tx = Transaction::new_unchecked(&second, TransactionBehavior::Deferred)?;
    let index = Index::read(&tx)?;
    tx.finish()?;
    Ok::<_, StoreError>(index)
}

/// `records.repeat_of` against the repeat rule worked out over all records (`repeats`).
pub(super) fn check_repeats(
    conn: &Connection,
    found: &mut Found,
    ids: &RecordIds,
    window: i64,
    index: Option<Result<Index>>,
) -> Result<()> {
    if found.records_damaged {
        return Ok(());
    }
    let mut kept = std::mem::take(&mut found.seen.kept);
    kept.sort_unstable_by_key(repeats::Kept::rowid);
    let index = match index {
        Some(index) => index?,
        None => Index::read(conn)?,
    };
    let candidates = repeats::candidates_kept(&index, window, &kept)?;
    drop(index);
    let mut stored = std::mem::take(&mut found.seen.repeats);
    stored.sort_unstable_by_key(|(rowid, _)| *rowid);
    let voided: HashSet<i64> = found.seen.voided.drain(..).collect();
    let id_of = |rowid: i64| {
        ids.get(rowid)
            .map(|t| String::from_utf8_lossy(t).into_owned())
    };
    let settled = settle(conn, &candidates, &voided, window, &kept)?;
    let mut expected = candidates.into_iter().peekable();
    let mut stored = stored.into_iter().peekable();
    loop {
        let next_e = expected.peek().map(|(r, _)| *r);
        let next_s = stored.peek().map(|(r, _)| *r);
        let rowid = match (next_e, next_s) {
            (None, None) => break,
            (Some(e), Some(s)) => e.min(s),
            (Some(e), None) => e,
            (None, Some(s)) => s,
        };
        let mut want = expected.next_if(|(r, _)| *r == rowid).map(|(_, c)| c);
        let have = stored.next_if(|(r, _)| *r == rowid).map(|(_, id)| id);
        if want.is_some_and(|c| voided.contains(&c)) {
            want = settled.get(&rowid).copied().flatten();
        }
        let want_id = want.and_then(id_of);
        let have_id = match have {
            Some(Some(id)) => Some(id.to_string()),
            Some(None) => Some("(not a record id)".to_string()),
            None => None,
        };
        if want_id != have_id {
            found.record_mismatches += 1;
            found.note_mismatch(
                rowid,
                RecordMismatch {
                    record: id_of(rowid).unwrap_or_else(|| format!("row {rowid}")),
                    field: "repeat_of".into(),
                    stored: have_id.unwrap_or_else(|| "(none)".into()),
                    history: want_id.unwrap_or_else(|| "(none)".into()),
                },
            );
        }
    }
    Ok(())
}

/// The records whose candidate is voided now, settled exactly (`repeats::exact`): half of
/// them on a second connection beside this one.
fn settle(
    conn: &Connection,
    candidates: &[(i64, i64)],
    voided: &HashSet<i64>,
    window: i64,
    kept: &[repeats::Kept],
) -> Result<HashMap<i64, Option<i64>>> {
    let rowids: Vec<i64> = candidates
        .iter()
        .filter(|(_, c)| voided.contains(c))
        .map(|(r, _)| *r)
        .collect();
    let each = |conn: &Connection, rowids: &[i64]| {
        rowids
            .iter()
            .map(|&r| Ok((r, repeats::exact(conn, r, window, Some(kept))?)))
            .collect::<Result<Vec<_>>>()
    };
    let beside = (rowids.len() > 1)
        .then(|| super::super::reader::second_reader(conn).ok())
        .flatten();
    let Some(second) = beside else {
        return Ok(each(conn, &rowids)?.into_iter().collect());
    };
    let (mine, theirs) = rowids.split_at(rowids.len() / 2);
    std::thread::scope(|scope| {
        let theirs = scope.spawn(move || {
            let tx = Transaction::new_unchecked(&second, TransactionBehavior::Deferred)?;
            let found = each(&tx, theirs)?;
            tx.finish()?;
            Ok::<_, StoreError>(found)
        });
        let mut all = each(conn, mine)?;
        all.extend(theirs.join().expect("the second repeats thread")?);
        Ok(all.into_iter().collect())
    })
}
