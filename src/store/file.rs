//! The database file on disk, by path only (never opened with another file API than
//! SQLite's, see `open`'s rules): which file a path names, its folder and siblings, its mode,
//! and its creation.

use super::{Result, Store, StoreError};
use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Which file a path named when the store opened it: device and inode (from `stat`; the file
/// is never opened for this).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    pub(super) fn of(path: &Path) -> io::Result<FileId> {
        let m = std::fs::metadata(path)?;
        Ok(FileId {
            dev: m.dev(),
            ino: m.ino(),
        })
    }
}

pub use crate::domain::refusal::FileChange;

/// `Ok` while `path` still names the file `opened` (issue 11): writing on after an `rm` or a
/// restore would put acknowledged records into a file nobody will ever read.
pub(super) fn check_same_file(path: &Path, opened: FileId) -> Result<()> {
    match FileId::of(path) {
        Ok(now) if now == opened => Ok(()),
        Ok(_) => Err(StoreError::FileChanged(
            FileChange::Replaced,
            path.to_path_buf(),
        )),
        Err(e) if matches!(e.raw_os_error(), Some(libc::ENOENT | libc::ENOTDIR)) => Err(
            StoreError::FileChanged(FileChange::Removed, path.to_path_buf()),
        ),
        Err(e) => Err(io_context(
            format!("cannot look at the database {}", path.display()),
            e,
        )),
    }
}

pub(super) fn access_ok(path: &Path, mode: libc::c_int) -> bool {
    let Ok(c) = CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: access() only reads the NUL-terminated path; it does not open the file.
    unsafe { libc::access(c.as_ptr(), mode) == 0 }
}

pub(super) fn writable(path: &Path) -> bool {
    access_ok(path, libc::W_OK)
}

/// `db-wal`, `db-shm` next to the database.
pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

pub(super) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

pub(super) fn io_context(what: String, e: io::Error) -> StoreError {
    StoreError::Io(io::Error::new(e.kind(), format!("{what}: {e}")))
}

/// A 0-byte database file with no commits waiting in a -wal: nothing in it to protect or to
/// share yet. Only `stat`s the files.
pub(super) fn is_empty_file(path: &Path) -> bool {
    let len = |p: &Path| std::fs::metadata(p).map(|m| m.len());
    matches!(len(path), Ok(0)) && len(&sibling(path, "-wal")).unwrap_or(0) == 0
}

/// Give the file this mode (by path: the file is not opened). The -wal and -shm SQLite makes
/// then get it too.
pub(super) fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let Ok(m) = std::fs::metadata(path) else {
        return Ok(());
    };
    if m.mode() & 0o7777 == mode {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|e| {
        io_context(
            format!(
                "cannot give the empty database {} its mode {mode:o}; nothing was written",
                path.display()
            ),
            e,
        )
    })
}

/// Create the folder and the empty file with their final modes, before SQLite sees them.
/// Another process creating the same file at the same moment is fine.
pub(super) fn create_file(path: &Path, group_shared: bool, mode: u32) -> Result<()> {
    let dir = folder_of(path);
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(if group_shared { 0o770 } else { 0o700 })
            .create(dir)
            .map_err(|e| {
                io_context(
                    format!("cannot create the database folder {}", dir.display()),
                    e,
                )
            })?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
    {
        // The descriptor is closed at once, before SQLite opens (and locks) the file.
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io_context(
            format!("cannot create the database {}", path.display()),
            e,
        )),
    }
}

impl Store {
    /// Whether the path still names the file this store opened (the desk asks on each poll;
    /// every write asks inside its transaction). Only `stat`s it.
    pub fn check_file(&self) -> Result<()> {
        check_same_file(&self.path, self.file_id)
    }
}
