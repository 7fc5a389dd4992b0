//! Why the store wrote or read nothing, as values for people: what `store::StoreError` says,
//! without SQLite. Rendered (English and Chinese) by `i18n::refusals`.

use super::RecordId;
use super::error::RuleError;
use std::path::PathBuf;

/// Why this process may not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// `--read-only` or `DUTYDESK_READONLY=1`.
    Asked,
    /// The user lacks write permission on the file or its folder.
    NoPermission,
}

/// How the path stopped naming the file a store opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileChange {
    /// Nothing is there any more (`rm`, `mv` elsewhere).
    Removed,
    /// Another file is there (a restore copied or moved over it).
    Replaced,
}

/// Why `backup` wrote nothing at the path it was given (bad input, exit 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupRefusal {
    /// The folder the copy would go in does not exist (the path is that folder).
    NoFolder,
    /// Something is there and replacing it was not asked for; `force`: say that --force may.
    Exists { force: bool },
    /// Even with --force: a link, a folder, a device.
    NotAFile,
    /// Even with --force: a -journal, a -wal holding frames, or a -shm that is not a file
    /// (the suffix) beside it: a program has it open, or stopped in the middle of a write.
    InUse(&'static str),
    /// Even with --force: another process holds a lock on it.
    Locked,
    /// Even with --force: not a dutydesk database.
    NotACopy,
    /// Even with --force: it holds history this database does not have.
    OtherHistory,
}

/// Why a record's history cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// The row's id is not a record id this program knows (a newer kind, or damage).
    BadId,
    /// The record row has no events.
    NoHistory,
    /// Event #seq cannot be read: not valid JSON, or an action or kind this version does not
    /// know.
    Unreadable(i64),
    /// The events do not make a valid record (what the rules said).
    Invalid(String),
}

/// A failed read or write, for people.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    Rule(RuleError),
    NotFound(RecordId),
    ReadOnly(ReadOnlyReason),
    NoDatabase(PathBuf),
    Busy,
    FileChanged(FileChange, PathBuf),
    BackupRefused(BackupRefusal, PathBuf),
    /// A record that cannot be read: its id as stored (sanitised when shown) and why.
    Damaged {
        id: String,
        reason: Damage,
    },
    /// Said in English only (a file that is not a dutydesk database, SQLite's own words).
    Other(String),
}

/// A failure that can say itself for people (`store::StoreError`).
pub trait ForPeople {
    fn for_people(&self) -> Refusal;
}

impl<T: ForPeople + ?Sized> ForPeople for Box<T> {
    fn for_people(&self) -> Refusal {
        (**self).for_people()
    }
}
