//! The TUI's drawing. (Being built.)

use crate::desk::Desk;
use crate::store::Store;

/// Run the desk in the terminal until the user quits.
pub fn run(desk: Desk, store: Store) -> std::io::Result<()> {
    let _ = (desk, store);
    eprintln!("the desk's screen is not built yet; use the commands (dutydesk --help)");
    Ok(())
}
