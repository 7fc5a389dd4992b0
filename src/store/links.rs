//! Links between records seen from the other end: a record is `repeated_by` the records whose
//! `repeat_of` names it (a new relation, such as follow-ups, is one more line in `fill_links`).

use super::Result;
use crate::domain::*;
use rusqlite::Connection;
use std::collections::HashMap;
use std::fmt::Write;

/// The records that repeat `id` (`repeat_of` names it), oldest first: the `records_repeated`
/// index (schema 7; a file read before its upgrade is read through).
pub(super) fn repeated_by(conn: &Connection, id: RecordId) -> Result<Vec<RecordId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM records WHERE repeat_of = ?1
         ORDER BY received_at, rowid",
    )?;
    let ids = stmt
        .query_map([id.to_string()], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids.iter().filter_map(|t| RecordId::parse(t)).collect())
}

/// The links other records hold to `record`, seen from it (`Record::linked`): one line per
/// relation stored on the other end.
pub(super) fn fill_links(conn: &Connection, record: &mut Record) -> Result<()> {
    use crate::domain::links::{Link, LinkRel};
    record.linked.clear();
    let by = repeated_by(conn, record.id)?;
    let link = |rel: LinkRel| move |id| Link { rel, id };
    record
        .linked
        .extend(by.into_iter().map(link(LinkRel::RepeatOf.inverse())));
    Ok(())
}

/// The records that repeat any of the records whose ids are in the JSON array ?1:
/// (the one repeated, the one repeating, received_at, row id), through `records_repeated`.
pub(super) const REPEATED_BY_MANY: &str = "SELECT repeat_of, id, received_at, rowid FROM records
      WHERE repeat_of IN (SELECT value FROM json_each(?1))";

/// `fill_links` of many records at once: one statement per relation, not per record. (A new
/// relation is one more line here too.)
pub(super) fn fill_links_all(conn: &Connection, records: &mut [&mut Record]) -> Result<()> {
    use crate::domain::links::{Link, LinkRel};
    if records.is_empty() {
        return Ok(());
    }
    // The ids as a JSON array (an id is letters, digits and dashes: nothing to escape).
    let mut ids = String::with_capacity(records.len() * 16 + 2);
    ids.push('[');
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            ids.push(',');
        }
        write!(ids, "\"{}\"", record.id).expect("writing to a String");
    }
    ids.push(']');
    let mut by: HashMap<RecordId, Vec<(i64, i64, RecordId)>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(REPEATED_BY_MANY)?;
        let mut rows = stmt.query([&ids])?;
        while let Some(r) = rows.next()? {
            let (of, id): (String, String) = (r.get(0)?, r.get(1)?);
            if let (Some(of), Some(id)) = (RecordId::parse(&of), RecordId::parse(&id)) {
                by.entry(of).or_default().push((r.get(2)?, r.get(3)?, id));
            }
        }
    }
    for record in records.iter_mut() {
        record.linked.clear();
        if let Some(mut found) = by.remove(&record.id) {
            // Oldest first, as `repeated_by` reads them.
            found.sort_by_key(|(at, rowid, _)| (*at, *rowid));
            record
                .linked
                .extend(found.into_iter().map(|(_, _, id)| Link {
                    rel: LinkRel::RepeatOf.inverse(),
                    id,
                }));
        }
    }
    Ok(())
}
