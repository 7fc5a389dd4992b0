//! The xlsx workbook of `export --format xlsx` (rust_xlsxwriter): one sheet per kind, named in
//! the desk's language, a frozen header row, times as Excel date cells in the estate's zone.
//! Sheets are written in constant memory (rows go to temporary files), so a million records
//! do not sit in memory; a kind with more rows than a sheet holds continues on "name (2)".

use super::CliError;
use super::export::Cell;
use crate::desk::Desk;
use crate::domain::RecordKind;
use crate::i18n::{Label, Lang};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::collections::BTreeMap;
use std::io::Write;

/// Rows on one sheet, the header included (Excel's limit).
const SHEET_ROWS: u32 = 1_048_576;

pub struct Book {
    workbook: Workbook,
    columns: &'static [&'static str],
    zone: crate::domain::time::Zone,
    lang: Lang,
    /// The sheet each kind writes to now: (index in the workbook, rows written, part).
    sheets: BTreeMap<RecordKind, (usize, u32, u32)>,
    header: Format,
    time: Format,
}

impl From<XlsxError> for CliError {
    fn from(e: XlsxError) -> Self {
        Self::failure(format!("xlsx: {e}"))
    }
}

impl Book {
    /// A sheet for each of `kinds`, in that order, with its header (an empty kind too).
    pub fn new(
        desk: &Desk,
        columns: &'static [&'static str],
        kinds: &[RecordKind],
    ) -> Result<Self, CliError> {
        let mut book = Self {
            workbook: Workbook::new(),
            columns,
            zone: desk.policy.zone,
            lang: desk.lang,
            sheets: BTreeMap::new(),
            header: Format::new().set_bold(),
            time: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        };
        for kind in kinds {
            book.add_sheet(*kind, 1)?;
        }
        Ok(book)
    }

    /// One record's cells, on its kind's sheet.
    pub fn row(&mut self, kind: RecordKind, cells: &[Cell]) -> Result<(), CliError> {
        let (index, row) = self.sheet_for(kind)?;
        let zone = self.zone;
        let time = self.time.clone();
        let sheet = self.workbook.worksheet_from_index(index)?;
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(text) => {
                    let text = crate::domain::text::sanitize_line(text);
                    if !text.is_empty() {
                        sheet.write_string(row, col, text.as_ref())?;
                    }
                }
                Cell::Time(Some(t)) => {
                    let local = t.with_timezone(&zone).naive_local();
                    sheet.write_datetime_with_format(row, col, local, &time)?;
                }
                Cell::Time(None) => {}
                Cell::Bool(b) => {
                    sheet.write_boolean(row, col, *b)?;
                }
            }
        }
        Ok(())
    }

    /// The sheet and row for the next record of `kind`: a new sheet (with its header) when
    /// the current one is full.
    fn sheet_for(&mut self, kind: RecordKind) -> Result<(usize, u32), CliError> {
        let part = match self.sheets.get_mut(&kind) {
            Some((index, rows, _)) if *rows < SHEET_ROWS => {
                *rows += 1;
                return Ok((*index, *rows - 1));
            }
            Some((_, _, part)) => *part + 1,
            None => 1,
        };
        self.add_sheet(kind, part)?;
        self.sheet_for(kind)
    }

    /// A new sheet for `kind` (its `part`), with the header row frozen, taking the kind's
    /// next records.
    fn add_sheet(&mut self, kind: RecordKind, part: u32) -> Result<(), CliError> {
        let name = sheet_name(kind.label(self.lang), part);
        let sheet = self.workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(&name)?;
        sheet.set_freeze_panes(1, 0)?;
        for (col, title) in (0u16..).zip(self.columns) {
            sheet.write_string_with_format(0, col, *title, &self.header)?;
        }
        let index = self.workbook.worksheets_mut().len() - 1;
        self.sheets.insert(kind, (index, 1, part));
        Ok(())
    }

    pub fn save(mut self, out: &mut impl Write) -> Result<(), CliError> {
        let bytes = self.workbook.save_to_buffer()?;
        out.write_all(&bytes)?;
        Ok(())
    }
}

/// A sheet name Excel accepts: none of `[]:*?/\`, at most 31 characters; "(2)" on a
/// continuation.
fn sheet_name(label: &str, part: u32) -> String {
    let clean: String = label
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(25)
        .collect();
    if part > 1 {
        format!("{clean} ({part})")
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::sheet_name;

    #[test]
    fn sheet_names_are_ones_excel_accepts() {
        assert_eq!(sheet_name("Call / visit", 1), "Call - visit");
        assert_eq!(sheet_name("来电来访", 2), "来电来访 (2)");
        assert!(sheet_name(&"x".repeat(40), 99).chars().count() <= 31);
    }
}
