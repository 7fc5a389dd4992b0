//! `residents import FILE [--apply] [--skip-bad] [--map COLUMN=FIELD]`.

use super::{CliError, said};
use crate::desk::Desk;
use crate::domain::residents::sheet::{Layout, check_rows, parse_map};
use crate::domain::text::sanitize_line;
use crate::i18n::residents::{self as words, RWord};
use crate::store::PlannerStats;
use crate::store::residents::HouseholdWrite;
use std::path::Path;

/// The file is read and checked first; only an import that will write opens (or creates) the
/// database.
pub fn import(
    desk: &Desk,
    file: &Path,
    apply: bool,
    skip_bad: bool,
    map: &[String],
) -> Result<(), CliError> {
    let map = map
        .iter()
        .map(|m| parse_map(m))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| said(2, move |lang| words::sheet_error(lang, &e)))?;
    let shown_path = sanitize_line(&file.display().to_string()).into_owned();
    let sheet = super::sheet_file::read(file).map_err(|why| {
        let why = sanitize_line(&why.0).into_owned();
        said(2, move |lang| {
            words::not_a_spreadsheet(lang, &shown_path, &why)
        })
    })?;
    let layout = Layout::new(&sheet.headers, &map)
        .map_err(|e| said(2, move |lang| words::sheet_error(lang, &e)))?;
    let (good, bad) = check_rows(&layout, sheet.rows);
    for b in &bad {
        eprintln!("{}", sanitize_line(&words::row_error(desk.lang, b)));
    }
    if !bad.is_empty() && !skip_bad {
        let (g, n) = (good.len(), bad.len());
        return Err(said(2, move |lang| words::import_summary(lang, g, n, None)));
    }
    if !apply {
        println!(
            "{}",
            words::import_summary(desk.lang, good.len(), bad.len(), None)
        );
        return Ok(());
    }
    let mut store = super::super::setup::open(desk, true, PlannerStats::AfterFirstWrite)?;
    let total = good.len();
    let writes: Vec<HouseholdWrite> = good
        .into_iter()
        .map(|(_, h)| HouseholdWrite::Put(h))
        .collect();
    let progress = crate::progress::Progress::new();
    progress.set_total(total as u64);
    let written = super::super::progress::shown(RWord::Importing.s(desk.lang), &progress, || {
        store.write_households(writes, &desk.operator, desk.clock.now(), &progress)
    })?
    .map_err(super::refused)?;
    println!(
        "{}",
        words::import_summary(desk.lang, total, bad.len(), Some(written))
    );
    Ok(())
}
