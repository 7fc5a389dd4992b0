//! `repair-index` for the residents directory: the households' lookup rows (`households`,
//! `household_phones`, `household_names`) rebuilt from their history (`resident_events`), in
//! the repair's transaction. A change that cannot be read is left out (`verify` names it);
//! yearly callbacks change no field.

use super::Result;
use super::residents::{has_directory, put_rows};
use crate::domain::residents::{ChangeKind, Household, Patch};
use rusqlite::Connection;
use std::collections::BTreeMap;

/// Rebuild every household's rows; how many households there are.
pub(super) fn rebuild_households(conn: &Connection) -> Result<u64> {
    if !has_directory(conn)? {
        return Ok(0);
    }
    // room -> (the household so far, its last change's time)
    let mut folded: BTreeMap<String, (Option<Household>, i64)> = BTreeMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT room, at, action, payload FROM resident_events
              WHERE action IN ('add', 'edit') ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let room: String = r.get(0)?;
            let at: i64 = r.get(1)?;
            let action: String = r.get(2)?;
            let payload: String = r.get(3)?;
            let Some((kind, patch)) =
                ChangeKind::parse(&action).zip(serde_json::from_str::<Patch>(&payload).ok())
            else {
                continue;
            };
            let slot = folded.entry(room.clone()).or_insert((None, at));
            slot.0 = match slot.0.take() {
                Some(mut h) => {
                    h.apply(&patch);
                    Some(h)
                }
                None => Household::fold(&room, [(kind, &patch)]),
            };
            slot.1 = at;
        }
    }
    conn.execute("DELETE FROM household_phones", [])?;
    conn.execute("DELETE FROM household_names", [])?;
    conn.execute("DELETE FROM households", [])?;
    let mut n = 0;
    for (h, at) in folded.values() {
        if let Some(h) = h {
            put_rows(conn, h, *at)?;
            n += 1;
        }
    }
    Ok(n)
}
