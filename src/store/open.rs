//! Opening the file: private permissions, WAL, FULL sync, migrations, read-only fallbacks,
//! checkpoints.
//!
//! Rules kept here (issue 6):
//! - the database file is created with its final mode (0600, or 0660 for a duty group) before
//!   SQLite opens it; SQLite gives the -wal and -shm files the mode of the database file;
//! - nothing in this process ever opens the database file with another file API (closing such a
//!   descriptor would drop SQLite's POSIX locks): only `stat`/`access` are used on it;
//! - several processes may open the same (even brand-new) file at the same moment: the creation,
//!   the switch to WAL and the migrations are safe against each other, and every write
//!   transaction takes the write lock up front (IMMEDIATE) and waits `busy_timeout` for it;
//! - a user who may not write the file, its folder, or its -wal gets a read-only store: a
//!   normal read-only connection while the -wal and -shm exist, an `immutable` one when they do
//!   not (nothing is pending in a WAL then);
//! - a writer keeps the -wal and -shm in place when it closes (`SQLITE_FCNTL_PERSIST_WAL`), so a
//!   read-only user always reads through them once the desk has opened the file: files that come
//!   and go with each writer left readers reading a frozen image while a writer checkpointed into
//!   it (false damage) or failing to open at all (issue 11);
//! - a writer gives the -wal the database file's mode and the -shm that mode plus write
//!   permission for the group when the group may read: a reader that can write the -shm takes
//!   part in SQLite's locking protocol like any other connection (it can rebuild the index in it
//!   when no writer has the file open), while the file and the -wal stay read-only for it.

use super::file::{FileId, create_file, io_context, is_empty_file, set_mode, writable};
use super::reader::{open_failed, open_read_only_retrying};
use super::schema::{APPLICATION_ID, latest_version, migrations};
use super::{ReadOnlyReason, Result, Store, StoreError};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::io;
use std::path::Path;
use std::time::Duration;

// What the rest of the store takes from opening, wherever it lives.
pub(super) use super::file::{check_same_file, folder_of, sibling};
pub(super) use super::reader::{open_read_only, second_reader, transient_for_reader};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    ReadOnly,
}

#[derive(Debug, Clone, Copy)]
pub struct OpenOptions {
    pub access: Access,
    /// 0660 instead of 0600, for a duty group sharing the file.
    pub group_shared: bool,
    /// How long a writer waits for another one before giving up.
    pub busy_timeout: Duration,
    /// Told (schema version found, version this program writes) before a file written by an
    /// earlier version is brought up to date: on a large file that takes a while.
    pub upgrade_notice: Option<fn(usize, usize)>,
    /// Told before a write works out every record's repeat again (a file last written before
    /// the repeat rule of schema 7): about 20 s on a million records, once.
    pub rederive_notice: Option<fn()>,
    /// Whether a missing file (and its folder) may be created: only for commands that write.
    /// A lookup, `verify` or `backup` on a mistyped path must not make an empty database and
    /// report success on it.
    pub create: bool,
    /// When the planner's statistics are brought up to date (`PRAGMA optimize` writes the
    /// file): a lookup, or a write refused as bad input, leaves the file as it found it.
    pub planner_stats: PlannerStats,
}

/// When a process brings the query planner's statistics up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlannerStats {
    /// On opening: the desk, which writes all night.
    OnOpen,
    /// After the first committed write: a command that writes (nothing if it is refused).
    AfterFirstWrite,
    /// Never: lookups.
    Never,
}

impl Default for OpenOptions {
    fn default() -> Self {
        Self {
            access: Access::ReadWrite,
            group_shared: false,
            busy_timeout: Duration::from_secs(15),
            upgrade_notice: None,
            rederive_notice: None,
            create: true,
            planner_stats: PlannerStats::OnOpen,
        }
    }
}

/// Once a checkpoint has reset the WAL, it is cut back to this size (a big `demo` or import
/// must not leave a gigabyte-sized WAL behind).
const WAL_SIZE_LIMIT: i64 = 16 * 1024 * 1024;
/// WAL size at which SQLite checkpoints on its own.
const AUTOCHECKPOINT_BYTES: i64 = 4 * 1024 * 1024;
/// The schema version whose search index holds kinds and whole codes.
const SEARCH_BY_KIND_VERSION: usize = 4;
/// Page size of a new database file.
const PAGE_SIZE: i64 = 16 * 1024;

/// What `Store::checkpoint` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// Another connection was reading or writing: the WAL could not be fully written back (or
    /// truncated). Nothing is wrong; try again when quiet.
    pub busy: bool,
    /// Frames in the WAL before the checkpoint.
    pub wal_frames: i64,
    /// Frames written back into the database file.
    pub checkpointed: i64,
}

impl Store {
    /// Open (and, for a writer, prepare) the database. Several processes opening a brand-new
    /// file at the same moment can meet SQLite's BUSY while one of them creates it, switches
    /// it to WAL or migrates it, without SQLite's busy wait: the whole opening is tried again
    /// for up to `busy_timeout`, as a write would wait.
    pub fn open(path: &Path, options: OpenOptions) -> Result<Store> {
        let deadline = std::time::Instant::now() + options.busy_timeout;
        let mut pause = Duration::from_millis(2);
        loop {
            match Self::open_once(path, options) {
                Err(StoreError::Busy) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path, options: OpenOptions) -> Result<Store> {
        let mode = if options.group_shared { 0o660 } else { 0o600 };
        // SQLite gives -wal/-shm the database file's mode; the umask also keeps anything else
        // this process creates (backups, anchors, drafts) as private as the database.
        // SAFETY: umask only changes this process's file-creation mask.
        unsafe {
            libc::umask(if options.group_shared { 0o007 } else { 0o077 });
        }
        let mut read_only = match options.access {
            Access::ReadOnly => Some(ReadOnlyReason::Asked),
            Access::ReadWrite => None,
        };
        let exists = path
            .try_exists()
            .map_err(|e| io_context(format!("cannot reach the database {}", path.display()), e))?;
        if !exists {
            if read_only.is_some() {
                return Err(StoreError::Io(io::Error::new(
                    io::ErrorKind::NotFound,
                    format!(
                        "no database at {} (read-only: nothing was created)",
                        path.display()
                    ),
                )));
            }
            // Its -wal or -shm without it: the file was removed while something had it open
            // (its commits may still be in that -wal). A new, empty database here would hide
            // that, and take those files over.
            if let Some(left) = ["-wal", "-shm"]
                .into_iter()
                .find(|s| std::fs::symlink_metadata(sibling(path, s)).is_ok())
            {
                return Err(StoreError::Incompatible(format!(
                    "no database at {}, but its {} file is there: the database was removed while \
                     a desk had it open; nothing was created — put the file back (see \
                     docs/reliability.md), or move the -wal and -shm away to start afresh",
                    path.display(),
                    &left[1..]
                )));
            }
            if !options.create {
                return Err(StoreError::NoDatabase(path.to_path_buf()));
            }
            create_file(path, options.group_shared, mode)?;
        } else if read_only.is_none() && is_empty_file(path) {
            // An empty file (made by `touch`, or left by an installer) holds nothing yet: a
            // lookup does not adopt it; a writer gives it the desk's mode before SQLite
            // initialises it, whatever mode it was made with.
            if !options.create {
                return Err(StoreError::NoDatabase(path.to_path_buf()));
            }
            set_mode(path, mode)?;
        }
        let dir_writable = writable(folder_of(path));
        let siblings_writable = ["-wal", "-shm"].iter().all(|suffix| {
            let p = sibling(path, suffix);
            !p.exists() || writable(&p)
        });
        if read_only.is_none() && (!writable(path) || !dir_writable || !siblings_writable) {
            read_only = Some(ReadOnlyReason::NoPermission);
        }
        let conn = if read_only.is_some() {
            open_read_only_retrying(path)?
        } else {
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| open_failed(path, e))?
        };
        conn.busy_timeout(options.busy_timeout)?;
        // Right after SQLite opened it: the file later writes must still find at this path.
        let file_id = FileId::of(path)
            .map_err(|e| io_context(format!("cannot reach the database {}", path.display()), e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only,
            old_search: false,
            file_id,
            stats_pending: false,
            routes: std::sync::Arc::new(Default::default()),
            rederive_notice: options.rederive_notice,
        };
        let version = store.check_identity()?;
        if store.read_only.is_none() {
            store.prepare_for_writing(version, options.upgrade_notice, options.planner_stats)?;
            keep_wal_for_readers(&store.conn, path);
        } else if version == 0 {
            return Err(StoreError::Incompatible(format!(
                "{} is empty and this user cannot write it",
                path.display()
            )));
        } else {
            // Questions in the old form still get right answers from the new index (its text
            // column holds every token the old one did), so this may stay set after the desk
            // upgrades the file.
            store.old_search = version < SEARCH_BY_KIND_VERSION;
        }
        Ok(store)
    }

    /// WAL, FULL sync, and the schema brought up to date, safely against other processes
    /// opening the same file at the same moment.
    /// `found`: the schema version `check_identity` read.
    fn prepare_for_writing(
        &mut self,
        found: usize,
        upgrade_notice: Option<fn(usize, usize)>,
        planner_stats: PlannerStats,
    ) -> Result<()> {
        let conn = &mut self.conn;
        // A new, empty file gets 16 KiB pages: at a million records `verify` reads every page
        // of it, and a quarter of the reads and system calls makes it about 10 % faster (the
        // file is also 2 % smaller). A file with content keeps the page size it has.
        let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        if pages == 0 {
            conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        }
        let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if !journal.eq_ignore_ascii_case("wal") {
            // Waits for the lock like any write (busy timeout).
            let now: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if !now.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Incompatible(format!(
                    "{} cannot be switched to WAL mode (it stays '{now}')",
                    self.path.display()
                )));
            }
        }
        // A commit the program acknowledged must survive a power cut: NORMAL may lose the last
        // commits in WAL mode, FULL syncs the WAL on every commit.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)?;
        // SQLite checkpoints after 1000 pages of WAL: 4 MiB with 4 KiB pages, 16 MiB with
        // 16 KiB ones. Keep it at about 4 MiB whatever the file's page size.
        let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        conn.pragma_update(
            None,
            "wal_autocheckpoint",
            (AUTOCHECKPOINT_BYTES / page_size.max(512)).max(100),
        )?;
        // Every transaction this connection starts takes the write lock up front: a deferred
        // one that reads and then writes fails at once (SQLITE_BUSY_SNAPSHOT, no busy wait)
        // when another process committed in between.
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        let behind = |conn: &Connection| -> Result<bool> {
            Ok((self_version(conn)? as usize) < latest_version())
        };
        if found > 0
            && found < latest_version()
            && let Some(notice) = upgrade_notice
        {
            notice(found, latest_version());
        }
        if found < latest_version()
            && let Err(e) = migrations().to_latest(conn)
        {
            // Another process may have migrated between our look at the version and our lock
            // (the migration is one transaction: ours rolled back). Then all is well.
            if behind(conn)? {
                return Err(StoreError::Incompatible(format!(
                    "cannot prepare the database: {e}"
                )));
            }
        }
        // Only in a process that writes: a lookup, or a write refused as bad input, must not
        // change the file. An upgrade has just written it anyway.
        let upgraded = found > 0 && found < latest_version();
        match planner_stats {
            PlannerStats::Never => {}
            PlannerStats::OnOpen => self.update_planner_stats(),
            PlannerStats::AfterFirstWrite if upgraded => self.update_planner_stats(),
            PlannerStats::AfterFirstWrite => self.stats_pending = true,
        }
        Ok(())
    }

    /// Statistics for the query planner (approximate, bounded work, and only when missing or
    /// stale): without them it walks a time index over a million rows where the small partial
    /// index of open records answers at once. Best effort and without waiting: if another
    /// process holds the write lock, a later write does it.
    pub(super) fn update_planner_stats(&mut self) {
        self.stats_pending = false;
        let conn = &self.conn;
        let Ok(waited) = conn.query_row("PRAGMA busy_timeout", [], |r| r.get::<_, i64>(0)) else {
            return;
        };
        if conn.busy_timeout(Duration::ZERO).is_ok() {
            let _ = conn.execute_batch("PRAGMA analysis_limit = 400; PRAGMA optimize = 0x10002;");
            let _ = conn.busy_timeout(Duration::from_millis(waited.max(0) as u64));
        }
    }

    fn schema_version(&self) -> Result<usize> {
        Ok(self_version(&self.conn)? as usize)
    }

    /// Refuse a file that is not ours or is newer than this program, before touching it.
    /// Returns the schema version found.
    fn check_identity(&self) -> Result<usize> {
        let not_ours = || {
            StoreError::Incompatible(format!(
                "{} is not a dutydesk database; it was left untouched",
                self.path.display()
            ))
        };
        let damaged = |e: &rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => Some(not_ours()),
            Some(rusqlite::ErrorCode::DatabaseCorrupt) => Some(StoreError::Incompatible(format!(
                "{} is damaged ({e}); it was left untouched — restore the latest backup \
                 (see `dutydesk backup`)",
                self.path.display()
            ))),
            _ => None,
        };
        // One statement, one snapshot: read apart, another process creating the file could
        // commit its schema in between (no id yet, then tables) and make a new file look foreign.
        let (app_id, tables): (i32, i64) = self
            .conn
            .query_row(
                "SELECT application_id, (SELECT count(*) FROM sqlite_master)
                 FROM pragma_application_id()",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| damaged(&e).unwrap_or_else(|| e.into()))?;
        if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
            return Err(not_ours());
        }
        let version = self.schema_version()?;
        if version > latest_version() {
            return Err(StoreError::Incompatible(format!(
                "{} was written by a newer dutydesk (schema {version}, this program knows {}); \
                 it was left untouched — update dutydesk",
                self.path.display(),
                latest_version()
            )));
        }
        Ok(version)
    }

    /// Write the WAL back into the database file, for the TUI to call when it has been idle a
    /// while (and the CLI after big writes). Never waits: when another process is busy it
    /// reports `busy` and leaves the rest for next time. `truncate` also empties the WAL file
    /// when nobody is reading. A read-only store does nothing.
    ///
    /// The WAL cannot be reset while any connection holds an old read snapshot, so readers
    /// must keep their reads short (no statement left stepping while idle).
    pub fn checkpoint(&self, truncate: bool) -> Result<Checkpoint> {
        if self.read_only.is_some() {
            return Ok(Checkpoint {
                busy: false,
                wal_frames: 0,
                checkpointed: 0,
            });
        }
        let waited: i64 = self
            .conn
            .query_row("PRAGMA busy_timeout", [], |r| r.get(0))?;
        self.conn.busy_timeout(Duration::ZERO)?;
        let sql = if truncate {
            "PRAGMA wal_checkpoint(TRUNCATE)"
        } else {
            "PRAGMA wal_checkpoint(PASSIVE)"
        };
        let result = self.conn.query_row(sql, [], |r| {
            Ok(Checkpoint {
                busy: r.get::<_, i64>(0)? != 0,
                wal_frames: r.get(1)?,
                checkpointed: r.get(2)?,
            })
        });
        self.conn
            .busy_timeout(Duration::from_millis(waited.max(0) as u64))?;
        match result {
            Ok(c) => Ok(c),
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) =>
            {
                Ok(Checkpoint {
                    busy: true,
                    wal_frames: -1,
                    checkpointed: -1,
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// How long a write waits for another process's write lock from now on (the desk waits
    /// briefly, so that its screen keeps answering keys; the commands wait `busy_timeout`).
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    /// Size of the -wal file now (0 when there is none). Only `stat`s it.
    pub fn wal_bytes(&self) -> u64 {
        std::fs::metadata(sibling(&self.path, "-wal"))
            .map(|m| m.len())
            .unwrap_or(0)
    }
}

/// A writer's part in letting read-only users read safely (see the module's rules): the -wal
/// and -shm stay when the last connection closes, and get the modes readers need. Best effort:
/// only the owner of the files may change their modes (a duty group's files are 0660 already).
fn keep_wal_for_readers(conn: &Connection, path: &Path) {
    let mut persist: libc::c_int = 1;
    // SAFETY: the handle is valid; PERSIST_WAL reads and writes one int through the pointer.
    unsafe {
        rusqlite::ffi::sqlite3_file_control(
            conn.handle(),
            c"main".as_ptr(),
            rusqlite::ffi::SQLITE_FCNTL_PERSIST_WAL,
            (&mut persist as *mut libc::c_int).cast(),
        );
    }
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Ok(db) = std::fs::metadata(path) else {
        return;
    };
    let mode = db.mode() & 0o666;
    for (suffix, want) in [("-wal", mode), ("-shm", shm_mode(mode))] {
        let p = sibling(path, suffix);
        if let Ok(m) = std::fs::symlink_metadata(&p)
            && m.file_type().is_file()
            && m.mode() & 0o777 != want
        {
            let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(want));
        }
    }
}

/// The -shm's mode for a database file of this mode: the group may also write it when it may
/// read the file (the -shm is SQLite's shared index and lock area, not data).
pub(super) fn shm_mode(db_mode: u32) -> u32 {
    let mode = db_mode & 0o666;
    if mode & 0o040 != 0 {
        mode | 0o020
    } else {
        mode
    }
}

fn self_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?)
}
