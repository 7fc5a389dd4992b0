//! Opening the file: private permissions, WAL, FULL sync, migrations, read-only fallbacks.

use super::schema::{APPLICATION_ID, latest_version, migrations};
use super::{ReadOnlyReason, Result, Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;
use std::time::Duration;

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
}

impl Default for OpenOptions {
    fn default() -> Self {
        Self {
            access: Access::ReadWrite,
            group_shared: false,
            busy_timeout: Duration::from_secs(15),
        }
    }
}

fn writable(path: &Path) -> bool {
    let Ok(c) = CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: access() only reads the NUL-terminated path.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

impl Store {
    pub fn open(path: &Path, options: OpenOptions) -> Result<Store> {
        let mode = if options.group_shared { 0o660 } else { 0o600 };
        // SQLite creates the -wal and -shm files itself; the umask keeps them as private as
        // the database.
        // SAFETY: umask only changes this process's file-creation mask.
        unsafe {
            libc::umask(if options.group_shared { 0o007 } else { 0o077 });
        }
        let mut read_only = match options.access {
            Access::ReadOnly => Some(ReadOnlyReason::Asked),
            Access::ReadWrite => None,
        };
        let exists = path.exists();
        if read_only.is_none() && !exists {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::DirBuilder::new()
                    .recursive(true)
                    .mode(if options.group_shared { 0o770 } else { 0o700 })
                    .create(dir)?;
            }
            // Create the file with its final mode before SQLite opens it; nothing else in this
            // process ever opens it again.
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(mode)
                .open(path)?;
        } else if !exists {
            return Err(StoreError::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("no database at {}", path.display()),
            )));
        }
        let dir_writable = path
            .parent()
            .map(|d| {
                writable(if d.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    d
                })
            })
            .unwrap_or(true);
        if read_only.is_none() && (!writable(path) || !dir_writable) {
            read_only = Some(ReadOnlyReason::NoPermission);
        }
        let conn = if read_only.is_some() {
            open_read_only(path)?
        } else {
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?
        };
        conn.busy_timeout(options.busy_timeout)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only,
        };
        store.check_identity()?;
        if store.read_only.is_none() {
            store.conn.pragma_update(None, "journal_mode", "WAL")?;
            store.conn.pragma_update(None, "synchronous", "FULL")?;
            store.conn.pragma_update(None, "foreign_keys", "ON")?;
            migrations().to_latest(&mut store.conn).map_err(|e| {
                StoreError::Incompatible(format!("cannot prepare the database: {e}"))
            })?;
        } else if store.schema_version()? == 0 {
            return Err(StoreError::Incompatible(format!(
                "{} is empty and this user cannot write it",
                path.display()
            )));
        }
        Ok(store)
    }

    fn schema_version(&self) -> Result<usize> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize)
    }

    /// Refuse a file that is not ours or is newer than this program, before touching it.
    fn check_identity(&self) -> Result<()> {
        let not_ours = || {
            StoreError::Incompatible(format!(
                "{} is not a dutydesk database; it was left untouched",
                self.path.display()
            ))
        };
        let app_id: i32 = match self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
        {
            Ok(id) => id,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase =>
            {
                return Err(not_ours());
            }
            Err(e) => return Err(e.into()),
        };
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => not_ours(),
                _ => e.into(),
            })?;
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
        Ok(())
    }
}

/// Without write permission: a WAL database can be read while its -wal and -shm files exist;
/// when they do not, nothing is pending and the file can be read as immutable.
fn open_read_only(path: &Path) -> Result<Connection> {
    let sibling = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name).exists()
    };
    let wal_exists = sibling("-wal");
    let shm_exists = sibling("-shm");
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if wal_exists && shm_exists {
        return Ok(Connection::open_with_flags(path, flags)?);
    }
    let uri = format!(
        "file:{}?immutable=1",
        path.display()
            .to_string()
            .replace('%', "%25")
            .replace('?', "%3f")
            .replace('#', "%23")
    );
    Ok(Connection::open_with_flags(
        uri,
        flags | OpenFlags::SQLITE_OPEN_URI,
    )?)
}
