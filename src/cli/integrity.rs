//! `verify`, `anchor`, `backup`: the file's integrity and copies of it. (Being built.)

use super::CliError;
use crate::desk::Desk;
use crate::store::Store;
use std::path::Path;

pub fn verify(
    store: &Store,
    desk: &Desk,
    anchors: Option<&Path>,
    json: bool,
) -> Result<(), CliError> {
    let _ = (store, desk, anchors, json);
    Err(CliError::failure("verify: not built yet"))
}

pub fn anchor(store: &Store, desk: &Desk, path: &Path) -> Result<(), CliError> {
    let _ = (store, desk, path);
    Err(CliError::failure("anchor: not built yet"))
}

pub fn backup(store: &Store, desk: &Desk, path: &Path) -> Result<(), CliError> {
    let _ = (store, desk, path);
    Err(CliError::failure("backup: not built yet"))
}
