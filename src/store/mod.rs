//! The one SQLite file: the only module that speaks SQL.

pub mod backup;
mod callbacks;
mod chain;
pub mod company;
pub mod company_households;
pub mod damage;
mod file;
mod handover;
mod inspections;
pub use inspections::FoundRepair;
mod batch;
mod links;
mod list_sql;
mod open;
pub mod outbox;
mod payload;
mod query;
mod reader;
pub mod records;
mod repair;
mod repeats;
pub mod report;
pub mod residents;
mod residents_check;
mod residents_repair;
pub mod residents_yearly;
pub mod row;
pub mod rules;
pub mod schema;
pub mod search;
mod times;
mod upkeep;
pub mod verify;

pub use damage::{Damage, Damaged, Entry, Listed};
pub use file::FileChange;
pub use handover::Gathered;
pub use open::{Access, Checkpoint, OpenOptions, PlannerStats};
pub use query::{Cursor, ListQuery, Order, Page, Resolved, Stats};
pub use records::{Stamp, Writer};
pub use repair::Repaired;
pub use upkeep::Quiet;

use crate::domain::refusal::Refusal;
use crate::domain::{RecordId, RuleError};
use rusqlite::Connection;
use std::path::PathBuf;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: Option<ReadOnlyReason>,
    /// The search index is the one of schema 3 (no kinds, no whole codes): a reader that may
    /// not upgrade the file asks it the old way until the desk has brought it up to date.
    old_search: bool,
    /// The file opened (device, inode): before each write the path must still name it.
    file_id: file::FileId,
    /// The planner's statistics are brought up to date after this process's first committed
    /// write (never by a lookup or a refused write).
    stats_pending: bool,
    /// The notification channels and their events: each write puts the messages it causes in
    /// the outbox, in its own transaction (`outbox.rs`).
    routes: std::sync::Arc<crate::domain::notify::Routing>,
    /// `OpenOptions::rederive_notice`.
    rederive_notice: Option<fn()>,
}

pub use crate::domain::refusal::ReadOnlyReason;

#[derive(Debug)]
pub enum StoreError {
    /// A rule or field check refused the input (exit 2).
    Rule(RuleError),
    /// No record with that id (exit 2).
    NotFound(RecordId),
    /// A write in read-only mode (exit 3).
    ReadOnly(ReadOnlyReason),
    /// The file is not a dutydesk database, or a newer one (exit 1, file untouched).
    Incompatible(String),
    /// No database at the path, and the command may not create one (exit 2): a lookup on a
    /// mistyped `--db` must not report success on a new, empty file.
    NoDatabase(PathBuf),
    /// The database stayed locked by another process for too long (exit 1).
    Busy,
    /// The path no longer names the file this process opened (removed, or replaced by a
    /// restore): nothing was written, it would have gone into a file nobody sees (exit 1).
    FileChanged(FileChange, PathBuf),
    /// `backup` would have written over something it must not, or into no folder (exit 2).
    BackupRefused(backup::Refusal, PathBuf),
    /// A record's history cannot be read (exit 1: run `dutydesk verify`).
    Damaged(damage::Damaged),
    Sqlite(rusqlite::Error),
    Io(std::io::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        // A read-only connection meeting a writer that is creating or recovering the -wal/-shm:
        // "not ready yet", not "you may not write" (exit 3 is for writes refused).
        if open::transient_for_reader(&e) {
            return Self::Busy;
        }
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => Self::Busy,
            Some(ReadOnly) => Self::ReadOnly(ReadOnlyReason::NoPermission),
            _ => Self::Sqlite(e),
        }
    }
}

/// What a person can do about an SQLite failure, in one line.
fn sqlite_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::*;
    match e.sqlite_error_code() {
        Some(DatabaseCorrupt | NotADatabase) => "the database file is damaged; nothing was \
            written. Run `dutydesk verify` and restore the latest backup (docs/reliability.md)"
            .into(),
        Some(DiskFull) => {
            "the disk is full; nothing was written. Free some space and try again".into()
        }
        Some(SystemIoFailure) => {
            format!("the database file could not be read or written ({e}); nothing was written")
        }
        _ => format!("database error: {e}"),
    }
}

impl From<RuleError> for StoreError {
    fn from(e: RuleError) -> Self {
        Self::Rule(e)
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

impl crate::domain::refusal::ForPeople for StoreError {
    fn for_people(&self) -> Refusal {
        match self {
            Self::Rule(e) => Refusal::Rule(e.clone()),
            Self::NotFound(id) => Refusal::NotFound(*id),
            Self::ReadOnly(why) => Refusal::ReadOnly(why.clone()),
            Self::Incompatible(why) => Refusal::Other(why.clone()),
            Self::NoDatabase(path) => Refusal::NoDatabase(path.clone()),
            Self::Busy => Refusal::Busy,
            Self::FileChanged(change, path) => Refusal::FileChanged(*change, path.clone()),
            Self::BackupRefused(why, path) => Refusal::BackupRefused(*why, path.clone()),
            Self::Damaged(d) => Refusal::Damaged {
                id: d.id.clone(),
                reason: d.reason.clone(),
            },
            Self::Sqlite(e) => Refusal::Other(sqlite_message(e)),
            Self::Io(e) => Refusal::Other(e.to_string()),
        }
    }
}

/// The command line's English (`i18n::refusals`).
impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::domain::refusal::ForPeople;
        match self {
            Self::Rule(e) => write!(f, "{e}"),
            other => f.write_str(&crate::i18n::refusals::refusal(
                crate::i18n::Lang::En,
                &other.for_people(),
            )),
        }
    }
}

impl std::error::Error for StoreError {}

pub type Result<T> = std::result::Result<T, StoreError>;

impl Store {
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    pub fn read_only(&self) -> Option<&ReadOnlyReason> {
        self.read_only.as_ref()
    }

    fn require_write(&self) -> Result<()> {
        match &self.read_only {
            Some(reason) => Err(StoreError::ReadOnly(reason.clone())),
            None => Ok(()),
        }
    }

    /// Changes whenever another connection commits: a cheap "has anything changed?".
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}
