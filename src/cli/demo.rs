//! `dutydesk demo`: fill an empty database with a realistic, coherent stretch of desk work
//! ending at "now".

use super::CliError;
use crate::desk::Desk;
use crate::store::Store;

pub fn run(store: &mut Store, desk: &Desk, records: Option<usize>) -> Result<(), CliError> {
    let n = fill(store, desk, records)?;
    println!("{n}");
    Ok(())
}

/// Fill the store; refuses a database that already holds records. Returns how many were made.
pub fn fill(store: &mut Store, desk: &Desk, records: Option<usize>) -> Result<usize, CliError> {
    let _ = (store, desk, records);
    Err(CliError::failure("demo: not built yet"))
}
