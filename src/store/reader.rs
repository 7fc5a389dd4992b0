//! Read-only connections: how a user who may not write reads the file safely (see `open`'s
//! rules), a second reader for `verify`, and the SQLite errors that mean "not ready yet".

use super::file::sibling;
use super::{Result, Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

impl Store {
    /// Whether this store reads a frozen image of the file (`immutable`): a read-only user
    /// who opened the database while nobody had it open.
    pub fn is_immutable(&self) -> bool {
        is_immutable(&self.conn)
    }

    /// For a long-lived read-only store (the supervisor's TUI): an immutable image does not
    /// see what the desk writes, and must not be read while the desk checkpoints into the
    /// file. Call when idle; once the desk has the database open (its -wal and -shm exist)
    /// this reconnects normally. Returns whether it reconnected.
    pub fn refresh_read_only(&mut self) -> Result<bool> {
        if self.read_only.is_none() || !self.is_immutable() {
            return Ok(false);
        }
        if !(sibling(&self.path, "-wal").exists() && sibling(&self.path, "-shm").exists()) {
            return Ok(false);
        }
        let waited: i64 = self
            .conn
            .query_row("PRAGMA busy_timeout", [], |r| r.get(0))?;
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_failed(&self.path, e))?;
        conn.busy_timeout(Duration::from_millis(waited.max(0) as u64))?;
        self.conn = conn;
        Ok(true)
    }
}

pub(super) fn is_immutable(conn: &Connection) -> bool {
    // SAFETY: the handle is valid for the connection's life; sqlite3_db_filename returns a
    // filename that sqlite3_uri_boolean may read (NULL is handled by both).
    unsafe {
        let db = conn.handle();
        let name = rusqlite::ffi::sqlite3_db_filename(db, c"main".as_ptr());
        !name.is_null() && rusqlite::ffi::sqlite3_uri_boolean(name, c"immutable".as_ptr(), 0) != 0
    }
}

/// Another read-only connection to the same database file, opened the same way (immutable or
/// not), for work in a second thread (`verify` runs integrity_check beside the chain walk).
/// SQLite shares one set of POSIX locks per file among a process's connections, so this is
/// safe where another file API on the database would not be.
pub(super) fn second_reader(conn: &Connection) -> Result<Connection> {
    let path = conn
        .path()
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| StoreError::Io(io::Error::other("an in-memory database")))?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let second = if is_immutable(conn) {
        Connection::open_with_flags(
            format!("{}?immutable=1", file_uri(&path)),
            flags | OpenFlags::SQLITE_OPEN_URI,
        )?
    } else {
        Connection::open_with_flags(&path, flags)?
    };
    Ok(second)
}

/// `file:` URI of a path: every byte that is not plain ASCII or that URIs reserve is
/// percent-encoded; SQLite decodes them back to the same bytes.
pub(super) fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii() && !b.is_ascii_control() && !matches!(b, b'%' | b'?' | b'#') {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

pub(super) fn open_failed(path: &Path, e: rusqlite::Error) -> StoreError {
    if transient_for_reader(&e) {
        return StoreError::Sqlite(e);
    }
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly) => StoreError::Io(
            io::Error::other(format!("cannot open the database {}: {e}", path.display())),
        ),
        _ => e.into(),
    }
}

/// `open_read_only`, and a first read, tried again for a while when a writer is just creating,
/// recovering or closing the -wal and -shm (SQLite then answers BUSY or one of the READONLY
/// codes that mean "not ready yet", never "you may not write").
pub(super) fn open_read_only_retrying(path: &Path) -> Result<Connection> {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let mut pause = Duration::from_millis(2);
    loop {
        // Any other failure of the first read is for `check_identity` to name.
        let attempt = open_read_only(path).and_then(|conn| {
            match conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0)) {
                Err(e) if transient_for_reader(&e) => Err(StoreError::Sqlite(e)),
                _ => Ok(conn),
            }
        });
        match attempt {
            Err(StoreError::Sqlite(e))
                if transient_for_reader(&e) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            Err(StoreError::Sqlite(e)) if transient_for_reader(&e) => {
                return Err(StoreError::Busy);
            }
            other => return other,
        }
    }
}

/// SQLite errors a read-only connection may meet while a writer works on the -wal/-shm.
pub(super) fn transient_for_reader(e: &rusqlite::Error) -> bool {
    use rusqlite::ffi;
    let Some(code) = e.sqlite_error_code() else {
        return false;
    };
    let extended = match e {
        rusqlite::Error::SqliteFailure(f, _) => f.extended_code,
        _ => 0,
    };
    matches!(
        code,
        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
    ) || matches!(
        extended,
        ffi::SQLITE_READONLY_RECOVERY
            | ffi::SQLITE_READONLY_CANTINIT
            | ffi::SQLITE_READONLY_CANTLOCK
            | ffi::SQLITE_READONLY_DIRECTORY
    )
}

/// Read-only: a WAL database is read normally while its -wal and -shm files exist (the desk
/// has it open, or stopped uncleanly); when they do not, nothing is pending and the file is
/// read as immutable. A read-only connection never creates them: left behind by a supervisor
/// who can write the folder but not the file, they would belong to the supervisor and make
/// the desk itself read-only. A non-empty -wal without its -shm (an unclean stop) must not be
/// ignored, its commits would silently be missing: that is an error.
pub(super) fn open_read_only(path: &Path) -> Result<Connection> {
    let wal = sibling(path, "-wal");
    let shm = sibling(path, "-shm");
    let wal_pending = std::fs::metadata(&wal)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if wal.exists() && shm.exists() {
        return Connection::open_with_flags(path, flags).map_err(|e| open_failed(path, e));
    }
    if wal_pending {
        return Err(StoreError::Io(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{} has commits in {} that have not been written into the file yet, and this \
                 user cannot create {}; ask someone who can write the database to open \
                 dutydesk once, then try again",
                path.display(),
                wal.display(),
                shm.display()
            ),
        )));
    }
    let uri = file_uri(path);
    Connection::open_with_flags(
        format!("{uri}?immutable=1"),
        flags | OpenFlags::SQLITE_OPEN_URI,
    )
    .map_err(|e| open_failed(path, e))
}
