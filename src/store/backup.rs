//! `backup`: a consistent copy while others keep working (SQLite's online backup API, in one
//! step so that it reads one snapshot and never restarts), checked (`integrity_check`, the
//! chain, the records) before it is renamed into place. The copy is a single self-contained
//! file (rollback journal, no -wal), mode 0600. Nothing but an earlier copy nobody has open is
//! ever replaced, and that only when asked (`--force`): never a live database, this one or
//! another estate's (issue 11).

use super::open::sibling;
use super::schema::APPLICATION_ID;
use super::verify::{Checks, chain_head, verify_conn};
use super::{Result, Store, StoreError};
use crate::domain::{Field, Problem, RuleError};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
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

fn refused(problem: Problem) -> StoreError {
    StoreError::Rule(RuleError::field(Field::Path, problem))
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
            return Err(refused(Problem::LiveDatabase {
                path: target.display().to_string(),
                file: suffix.get(1..).filter(|s| !s.is_empty()),
            }));
        }
    }
    Ok(())
}

/// What may already stand at the target path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Nothing: refuse any file there (a dated name in a folder).
    Refuse,
    /// Nothing, and say that `--force` replaces an earlier copy (a path given by hand).
    RefuseUnlessForced,
    /// An earlier backup copy is replaced (`--force`); never a database in use, nor anything
    /// that is not a dutydesk backup copy.
    ReplaceCopy,
}

/// Why `backup` wrote nothing at the path it was given (bad input, exit 2).
pub use crate::domain::refusal::BackupRefusal as Refusal;

/// Whether the -wal, -shm and -journal beside `target` say that a program has it open or
/// stopped in the middle of a write. dutydesk keeps an empty -wal and the -shm in place after
/// the last desk closes (so that read-only supervisors can read it), so their mere presence
/// says nothing: a -journal, a -wal holding frames not yet written back, or a lock on the
/// -shm (every SQLite connection in WAL mode holds one on it while it has the file open) do.
fn in_use(target: &Path) -> Result<Option<Refusal>> {
    let journal = sibling(target, "-journal");
    if std::fs::symlink_metadata(&journal).is_ok() {
        return Ok(Some(Refusal::InUse("-journal")));
    }
    let wal = sibling(target, "-wal");
    if let Ok(meta) = std::fs::symlink_metadata(&wal)
        && (!meta.is_file() || meta.len() > 0)
    {
        return Ok(Some(Refusal::InUse("-wal")));
    }
    let shm = sibling(target, "-shm");
    match std::fs::symlink_metadata(&shm) {
        Err(_) => Ok(None),
        Ok(meta) if !meta.is_file() => Ok(Some(Refusal::InUse("-shm"))),
        Ok(_) => {
            // Not a file of this process's live database (refused before, by inode too): no
            // SQLite lock of ours is on it, so opening and closing a descriptor drops none.
            let f = std::fs::File::open(&shm).map_err(|e| {
                StoreError::Io(io::Error::new(
                    e.kind(),
                    format!("cannot look at {}: {e}", shm.display()),
                ))
            })?;
            Ok(locked_by_another(&f)?.then_some(Refusal::Locked))
        }
    }
}

/// Whether another process holds any POSIX lock on the open file (SQLite locks its database
/// this way while it reads or writes). Asked with F_GETLK, which takes no lock.
fn locked_by_another(file: &std::fs::File) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: a zeroed flock is a valid value; fcntl(F_GETLK) only reads and fills it.
    let mut probe: libc::flock = unsafe { std::mem::zeroed() };
    probe.l_type = libc::F_WRLCK as _;
    probe.l_whence = libc::SEEK_SET as _;
    probe.l_start = 0;
    probe.l_len = 0; // to the end of the file and beyond (SQLite locks bytes past 1 GiB)
    // SAFETY: a valid descriptor and a valid flock for the duration of the call.
    if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut probe) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(i32::from(probe.l_type) != libc::F_UNLCK)
}

/// May the copy be put at `target`? An administrator who typed the wrong path must not lose
/// anything: without `--force` any file there is refused; with it only a dutydesk database
/// nobody has open (see `in_use`; a lock on the file itself also means a program has it open)
/// whose whole history is in this one (its chain head is one of our events): an
/// earlier copy of this database, which the new copy contains entirely.
fn check_target(target: &Path, existing: Existing, ours: &Connection) -> Result<()> {
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
    let refused = |why: Refusal| StoreError::BackupRefused(why, target.to_path_buf());
    match existing {
        Existing::Refuse => return Err(refused(Refusal::Exists { force: false })),
        Existing::RefuseUnlessForced => return Err(refused(Refusal::Exists { force: true })),
        Existing::ReplaceCopy => {}
    }
    if !meta.is_file() {
        return Err(refused(Refusal::NotAFile));
    }
    if let Some(why) = in_use(target)? {
        return Err(refused(why));
    }
    // Not the live database of this process (refused before, by inode too): this process
    // holds no SQLite lock on it, so opening and closing a descriptor here drops none.
    let mut f = std::fs::File::open(target).map_err(|e| {
        StoreError::Io(io::Error::new(
            e.kind(),
            format!("cannot look at {}: {e}", target.display()),
        ))
    })?;
    if locked_by_another(&f)? {
        return Err(refused(Refusal::Locked));
    }
    if meta.len() == 0 {
        return Ok(());
    }
    let mut header = [0u8; 100];
    f.read_exact(&mut header)
        .map_err(|_| refused(Refusal::NotACopy))?;
    let app_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    if &header[..16] != b"SQLite format 3\0" || app_id != APPLICATION_ID {
        return Err(refused(Refusal::NotACopy));
    }
    drop(f);
    match history_contained(target, ours) {
        Ok(true) => Ok(()),
        Ok(false) => Err(refused(Refusal::OtherHistory)),
        Err(_) => Err(refused(Refusal::NotACopy)),
    }
}

/// Whether everything the database at `target` holds is in `ours`: its chain head is one of
/// our events, with the same hash (the hash covers every event before it). Read through an
/// immutable connection: nobody has it open (checked before), and nothing is created beside it.
fn history_contained(target: &Path, ours: &Connection) -> Result<bool> {
    let (seq, head) = {
        let theirs = super::open::open_read_only(target)?;
        chain_head(&theirs)?
    };
    if seq == 0 {
        return Ok(true);
    }
    let hash: Option<Vec<u8>> = ours
        .query_row("SELECT hash FROM events WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(hash.is_some_and(|h| h[..] == head[..]))
}

/// Put the finished copy at `target`: over an earlier copy only when that is allowed (checked
/// just before), else never over anything that appeared there meanwhile.
fn put_in_place(temp: &Path, target: &Path, existing: Existing) -> Result<()> {
    let failed = |e: io::Error| {
        StoreError::Io(io::Error::new(
            e.kind(),
            format!("cannot put the copy at {}: {e}", target.display()),
        ))
    };
    if existing == Existing::ReplaceCopy {
        return std::fs::rename(temp, target).map_err(failed);
    }
    let exists = || StoreError::BackupRefused(Refusal::Exists { force: false }, target.into());
    match rename_no_replace(temp, target) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(exists()),
        Err(e) if !matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => {
            return Err(failed(e));
        }
        Err(_) => {}
    }
    // A file system without RENAME_NOREPLACE: a hard link fails the same way on a name that
    // exists.
    match std::fs::hard_link(temp, target) {
        Ok(()) => {
            let _ = std::fs::remove_file(temp);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(exists()),
        Err(_) => {
            // Nor hard links (FAT): look once more, then rename.
            if std::fs::symlink_metadata(target).is_ok() {
                return Err(exists());
            }
            std::fs::rename(temp, target).map_err(failed)
        }
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))
    };
    let (from, to) = (c(from)?, c(to)?);
    // SAFETY: two NUL-terminated paths that live for the duration of the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::RENAME_NOREPLACE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn rename_no_replace(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from_raw_os_error(libc::ENOSYS))
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
    /// Refuse `target` when it is this database or one of its files (an export's output).
    pub fn refuse_live_target(&self, target: &Path) -> Result<()> {
        refuse_live_files(&self.path, target)
    }

    /// Write a verified copy of the database to `target` (a file path; what may already be
    /// there: `existing`). Works while other processes write, and from a read-only store.
    pub fn backup_to(&self, target: &Path, existing: Existing) -> Result<BackupReport> {
        refuse_live_files(&self.path, target)?;
        let dir = super::open::folder_of(target).to_path_buf();
        if !dir.is_dir() {
            return Err(StoreError::BackupRefused(Refusal::NoFolder, dir));
        }
        check_target(target, existing, &self.conn)?;
        let name = target
            .file_name()
            .ok_or_else(|| refused(Problem::NamesNoFile(target.display().to_string())))?;
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
        // The copy took a while: a desk may have opened the file at the target meanwhile.
        check_target(target, existing, &self.conn)?;
        put_in_place(&temp.path, target, existing)?;
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
