//! `backup`: a consistent copy while others keep working (SQLite's online backup API, in one
//! step so that it reads one snapshot and never restarts), checked (`integrity_check`, the
//! chain, the records) before it is renamed into place. The copy is a single self-contained
//! file (rollback journal, no -wal), mode 0600. The live database is never overwritten.

use super::open::sibling;
use super::schema::APPLICATION_ID;
use super::verify::{Checks, verify_conn};
use super::{Result, Store, StoreError};
use crate::domain::RuleError;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What `backup_to` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub path: PathBuf,
    pub records: i64,
    pub events: i64,
    pub bytes: u64,
    pub head_seq: i64,
    pub head: [u8; 32],
}

fn refused(problem: String) -> StoreError {
    StoreError::Rule(RuleError::Field {
        field: "path",
        problem,
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// The absolute form of a path that may not exist yet (its folder must).
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (
        std::fs::canonicalize(super::open::folder_of(path)),
        path.file_name(),
    ) {
        (Ok(d), Some(name)) => d.join(name),
        _ => path.to_path_buf(),
    }
}

/// Refuse to write to the live database or its -wal/-shm/-journal (by name or by inode).
pub(super) fn refuse_live_files(db: &Path, target: &Path) -> Result<()> {
    let db_abs = absolute(db);
    let target_abs = absolute(target);
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let live = sibling(&db_abs, suffix);
        if target_abs == live || same_file(target, &sibling(db, suffix)) {
            return Err(refused(format!(
                "{} is the live database{}; nothing was written — give another path",
                target.display(),
                if suffix.is_empty() {
                    String::new()
                } else {
                    format!("'s {} file", &suffix[1..])
                }
            )));
        }
    }
    Ok(())
}

/// An existing file at the target may only be replaced if it is an earlier dutydesk copy.
fn check_replaceable(target: &Path) -> Result<()> {
    let meta = match std::fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(StoreError::Io(io::Error::new(
                e.kind(),
                format!("cannot look at {}: {e}", target.display()),
            )));
        }
    };
    let not_a_copy = || {
        refused(format!(
            "{} exists and is not a dutydesk database; nothing was written — give another path",
            target.display()
        ))
    };
    if !meta.is_file() {
        return Err(not_a_copy());
    }
    if meta.len() == 0 {
        return Ok(());
    }
    // Not the live database (checked before), so reading its header directly is safe.
    let mut header = [0u8; 100];
    let mut f = std::fs::File::open(target)?;
    f.read_exact(&mut header).map_err(|_| not_a_copy())?;
    let app_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    if &header[..16] != b"SQLite format 3\0" || app_id != APPLICATION_ID {
        return Err(not_a_copy());
    }
    Ok(())
}

/// Removes the temporary copy (and any journal of it) unless it was put in place.
struct TempCopy {
    path: PathBuf,
    keep: bool,
}

impl Drop for TempCopy {
    fn drop(&mut self) {
        if self.keep {
            return;
        }
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(sibling(&self.path, suffix));
        }
    }
}

impl Store {
    /// Write a verified copy of the database to `target` (a file path; an earlier copy there
    /// is replaced atomically). Works while other processes write, and from a read-only store.
    pub fn backup_to(&self, target: &Path) -> Result<BackupReport> {
        refuse_live_files(&self.path, target)?;
        check_replaceable(target)?;
        let dir = super::open::folder_of(target).to_path_buf();
        if !dir.is_dir() {
            return Err(StoreError::Io(io::Error::new(
                io::ErrorKind::NotFound,
                format!("the folder {} does not exist", dir.display()),
            )));
        }
        let name = target
            .file_name()
            .ok_or_else(|| refused(format!("{} names no file", target.display())))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".tmp-{}", std::process::id()));
        let mut temp = TempCopy {
            path: dir.join(tmp_name),
            keep: false,
        };
        for suffix in ["", "-journal"] {
            let _ = std::fs::remove_file(sibling(&temp.path, suffix));
        }
        // Created 0600 before SQLite opens it; this descriptor is closed at once.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp.path)
            .map_err(|e| {
                StoreError::Io(io::Error::new(
                    e.kind(),
                    format!("cannot write in {}: {e}", dir.display()),
                ))
            })?;
        let report = {
            let mut copy = Connection::open_with_flags(
                &temp.path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            copy.pragma_update(None, "synchronous", "FULL")?;
            self.copy_into(&mut copy)?;
            // A single file that can be carried away (no -wal to forget).
            let mode: String = copy.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("delete") {
                return Err(StoreError::Incompatible(format!(
                    "the copy could not be made self-contained (journal mode {mode})"
                )));
            }
            let report = verify_conn(&copy, &[], Checks::FULL)?;
            if !report.integrity_ok() {
                return Err(StoreError::Incompatible(format!(
                    "the copy failed integrity_check ({}); nothing was replaced",
                    report.integrity.join("; ")
                )));
            }
            if let Some(b) = &report.first_break {
                return Err(StoreError::Incompatible(format!(
                    "the database's history chain is broken at event #{} ({}: {}); nothing was \
                     replaced — run `dutydesk verify`",
                    b.seq,
                    b.kind.slug(),
                    b.detail
                )));
            }
            if let Some(m) = &report.record_mismatch {
                return Err(StoreError::Incompatible(format!(
                    "record {} disagrees with its history ({}); nothing was replaced — run \
                     `dutydesk verify`",
                    m.record, m.field
                )));
            }
            report
            // `copy` closes here, before the rename.
        };
        std::fs::rename(&temp.path, target).map_err(|e| {
            StoreError::Io(io::Error::new(
                e.kind(),
                format!("cannot put the copy at {}: {e}", target.display()),
            ))
        })?;
        temp.keep = true;
        // The rename itself must survive a power cut.
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        let bytes = std::fs::metadata(target)?.len();
        Ok(BackupReport {
            path: target.to_path_buf(),
            records: report.records,
            events: report.events,
            bytes,
            head_seq: report.head_seq,
            head: report.head,
        })
    }

    /// The online backup in one step: one read snapshot of the source, so writers in other
    /// processes neither wait for it nor make it start over.
    fn copy_into(&self, copy: &mut Connection) -> Result<()> {
        let waited: i64 = self
            .conn
            .query_row("PRAGMA busy_timeout", [], |r| r.get(0))?;
        let give_up = Instant::now() + Duration::from_millis(waited.max(1000) as u64);
        let backup = Backup::new(&self.conn, copy)?;
        loop {
            match backup.step(-1)? {
                StepResult::Done => return Ok(()),
                StepResult::More => continue,
                StepResult::Busy | StepResult::Locked if Instant::now() < give_up => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                StepResult::Busy | StepResult::Locked => return Err(StoreError::Busy),
                _ => return Err(StoreError::Busy),
            }
        }
    }
}
