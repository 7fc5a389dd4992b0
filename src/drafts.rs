//! Unsaved form text, kept on disk as it is typed, so that a dropped SSH connection, SIGHUP,
//! SIGTERM, a crash or a failed write never loses what the person on duty entered. The draft is
//! offered back the next time the same operator opens the desk on the same database.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Where one operator's draft for one database lives: `<db>.drafts/<operator>.json`, 0600.
#[derive(Debug, Clone)]
pub struct Drafts {
    path: PathBuf,
}

impl Drafts {
    pub fn new(db_path: &Path, operator: &str) -> Self {
        let mut dir = db_path.as_os_str().to_owned();
        dir.push(".drafts");
        // Operator names may hold any text: keep file names to a safe alphabet.
        let name: String = operator
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .take(64)
            .collect();
        Self {
            path: PathBuf::from(dir).join(format!("{name}.json")),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Write the draft atomically (a temporary file renamed over the old one).
    pub fn save<T: Serialize>(&self, draft: &T) -> std::io::Result<()> {
        let dir = self.path.parent().expect("a draft path has a folder");
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let tmp = self.path.with_extension("json.tmp");
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)?;
        file.write_all(&serde_json::to_vec(draft).map_err(std::io::Error::other)?)?;
        file.sync_all()?;
        std::fs::rename(&tmp, &self.path)
    }

    /// The saved draft, if any (a draft that no longer parses is left in place and ignored).
    pub fn load<T: for<'de> Deserialize<'de>>(&self) -> Option<T> {
        let bytes = std::fs::read(&self.path).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Forget the draft once its record is saved or the person discards it.
    pub fn clear(&self) -> std::io::Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn saves_loads_and_clears_privately() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(&dir.path().join("desk.db"), "值班员 ../x");
        assert!(drafts.path().starts_with(dir.path().join("desk.db.drafts")));
        assert!(drafts.load::<Vec<String>>().is_none());
        drafts.save(&vec!["电梯困人".to_string()]).unwrap();
        assert_eq!(drafts.load::<Vec<String>>().unwrap(), vec!["电梯困人"]);
        let mode = std::fs::metadata(drafts.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        drafts.clear().unwrap();
        assert!(drafts.load::<Vec<String>>().is_none());
        drafts.clear().unwrap();
    }
}
