//! The company database's schema: numbered SQL files applied in order, each in the transaction
//! that records its number in `company_schema`. Run by `company init` and by the first push.

use postgres::Client;

/// Every migration, oldest first: (version, SQL).
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("schema/001_base.sql")),
    (2, include_str!("schema/002_report_periods.sql")),
    (3, include_str!("schema/003_reviews.sql")),
    (4, include_str!("schema/004_chain_on_server.sql")),
    (5, include_str!("schema/005_callback_problems.sql")),
    (6, include_str!("schema/006_rounds.sql")),
    (7, include_str!("schema/007_household_callbacks.sql")),
    (8, include_str!("schema/008_deadlines.sql")),
    (9, include_str!("schema/009_rows_follow.sql")),
];

/// The version this program writes.
pub fn latest() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// One lock for every desk migrating the same database at once.
const LOCK: i64 = 0x4455_5459_0019;

/// The version the database has (0: none yet).
pub fn version(client: &mut Client) -> Result<i32, postgres::Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('company_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_one("SELECT coalesce(max(version), 0) FROM company_schema", &[])?
        .get(0))
}

/// Bring the database up to `latest()`; the versions applied.
pub fn migrate(client: &mut Client) -> Result<Vec<i32>, postgres::Error> {
    let mut applied = Vec::new();
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS company_schema (
             version    integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now()
         )",
    )?;
    let have: i32 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM company_schema", &[])?
        .get(0);
    for (version, sql) in MIGRATIONS.iter().filter(|m| m.0 > have) {
        tx.batch_execute(sql)?;
        tx.execute(
            "INSERT INTO company_schema (version) VALUES ($1)",
            &[version],
        )?;
        applied.push(*version);
    }
    tx.commit()?;
    Ok(applied)
}
