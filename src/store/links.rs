//! Links between records seen from the other end: a record is `repeated_by` the records whose
//! `repeat_of` names it (a new relation, such as follow-ups, is one more line in `fill_links`).

use super::Result;
use crate::domain::*;
use rusqlite::Connection;

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
