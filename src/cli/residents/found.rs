//! `dutydesk search`: the households of the residents directory the text finds (by name,
//! pinyin initials, room, phone or its last 4 digits), after the records, marked as households
//! and always masked.

use super::{CliError, list_line};
use crate::desk::Desk;
use crate::domain::residents::Household;
use crate::domain::text::sanitize_line;
use crate::i18n::residents::households_found;
use crate::store::Store;

/// The most households `search` lists (`residents list --find` has them all).
const SHOWN: usize = 5;

pub fn print_found(store: &Store, desk: &Desk, text: &str) -> Result<(), CliError> {
    let found = store.find_households(text, SHOWN + 1)?;
    if found.is_empty() {
        return Ok(());
    }
    println!();
    println!(
        "{}",
        sanitize_line(&households_found(
            desk.lang,
            text.trim(),
            found.len() > SHOWN
        ))
    );
    for h in found.iter().take(SHOWN).map(Household::masked) {
        println!("  {}", list_line(&h, desk.lang));
    }
    Ok(())
}
