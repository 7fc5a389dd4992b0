//! Rows folded by a pusher older than this program's schema (`rows::FOLDED`) lack what the
//! reviews count since (schema 3: the callback made, the handover's signature, each deadline's
//! pause and lateness; 5: the follow-ups; 8: the deadlines' rows): `company push` folds
//! those records again from the desk's file, as of the last event the server holds, and
//! writes their whole rows. Each part is one transaction; a refold cut off resumes at the next
//! push (what is left is marked `folded_version` below `rows::FOLDED`).

use super::CompanyError;
use crate::config_company::Company;
use crate::domain::Policy;
use crate::store::Store;
use postgres::Client;

/// Records folded again per transaction.
const PART: usize = 2000;

/// Whether the estate has rows to fold again.
pub fn stale(client: &mut Client, company: &Company) -> Result<bool, CompanyError> {
    client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM records WHERE estate = $1 AND folded_version < $2)",
            &[&company.estate, &super::rows::FOLDED],
        )
        .map(|r| r.get(0))
        .map_err(|e| CompanyError::of(e, &company.url))
}

/// Fold again every row of the estate folded before this program's schema (`rows::FOLDED`) (`all`: every row, whatever
/// wrote it: `company push --refold`); how many rows were written.
pub fn refold(
    store: &Store,
    company: &Company,
    policy: &Policy,
    all: bool,
) -> Result<u64, CompanyError> {
    let url = &company.url;
    let fail = |e| CompanyError::of(e, url);
    let mut client = super::connect(url)?;
    let last_seq: i64 = client
        .query_one(
            "SELECT last_seq FROM estates WHERE estate = $1",
            &[&company.estate],
        )
        .map_err(fail)?
        .get(0);
    let ids: Vec<String> = client
        .query(
            "SELECT id FROM records WHERE estate = $1 AND (folded_version < $3 OR $2)
              ORDER BY id",
            &[&company.estate, &all, &super::rows::FOLDED],
        )
        .map_err(fail)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    // Every row folded again is as of the chain end; the rows' own end stays where it is.
    super::catch_up::write_folded(
        store,
        &mut client,
        company,
        policy,
        (&ids, last_seq),
        PART,
        None,
        |_| {},
    )
}
