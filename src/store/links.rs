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
/// (the one repeated, the one repeating, received_at, row id), through `records_repeated`
/// (a join, not `IN (…)`, which built a temporary table of the list first).
pub(super) const REPEATED_BY_MANY: &str =
    "SELECT records.repeat_of, records.id, records.received_at, records.rowid
       FROM json_each(?1) AS wanted CROSS JOIN records ON records.repeat_of = wanted.value";

/// Whether `record` may be repeated by another: under today's repeat rule a record repeats
/// only one of its own kind and category, and only where that kind and category repeat
/// (`RecordKind::repeat_by`). Under the rule before (a file not yet upgraded), any may be.
fn may_be_repeated(record: &Record, rule_current: bool) -> bool {
    use crate::domain::repeats::RepeatBy;
    !rule_current || record.kind().repeat_by(record.new.details.category_slug()) != RepeatBy::Never
}

/// `fill_links` of many records at once: one statement per relation, not per record. (A new
/// relation is one more line here too.)
pub(super) fn fill_links_all(conn: &Connection, records: &mut [&mut Record]) -> Result<()> {
    use crate::domain::links::{Link, LinkRel};
    if records.is_empty() {
        return Ok(());
    }
    // Only the records another may repeat are asked about (most calls, log entries and
    // handovers cannot be: a lookup each was a thirteenth of an export).
    let rule_current = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'repeat_rule'",
            [],
            |r| r.get::<_, String>(0),
        )
        .is_ok_and(|rule| rule == super::repeats::RULE);
    // The ids as a JSON array (an id is letters, digits and dashes: nothing to escape).
    let mut ids = String::with_capacity(records.len() * 16 + 2);
    ids.push('[');
    let mut asked = 0;
    for record in records.iter().filter(|r| may_be_repeated(r, rule_current)) {
        if asked > 0 {
            ids.push(',');
        }
        asked += 1;
        write!(ids, "\"{}\"", record.id).expect("writing to a String");
    }
    ids.push(']');
    let mut by: HashMap<RecordId, Vec<(i64, i64, RecordId)>> = HashMap::new();
    if asked > 0 {
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
