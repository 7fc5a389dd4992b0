//! `residents export --format csv|xlsx [--output FILE] [--unmasked]`: every household in the
//! import's layout (headers in the desk's language, which import reads back).

use super::{CliError, ResidentsFormat, said};
use crate::desk::Desk;
use crate::domain::residents::sheet::headers;
use crate::domain::residents::{HField, Household, cell};
use crate::i18n::Lang;
use crate::i18n::residents::{self as words, RWord};
use crate::store::Store;
use std::io::{IsTerminal, Write};
use std::path::Path;

pub fn export(
    store: &Store,
    desk: &Desk,
    format: ResidentsFormat,
    output: Option<&Path>,
    unmasked: bool,
) -> Result<(), CliError> {
    // Full numbers leave the file only for an operator who can write (exit 3, as a refused
    // write: the refusal is about who asks, not what was typed).
    if unmasked && store.read_only().is_some() {
        return Err(said(3, words::unmasked_read_only));
    }
    if let Some(path) = output {
        store.refuse_live_target(path)?;
    } else if format == ResidentsFormat::Xlsx && std::io::stdout().is_terminal() {
        return Err(crate::domain::RuleError::field(
            crate::domain::Field::Output,
            crate::domain::Problem::BinaryToTerminal,
        )
        .into());
    }
    let progress = crate::progress::Progress::new();
    let work = || -> Result<(), CliError> {
        let mut all = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = store.households_page(after.as_deref(), 1000)?;
            let Some(last) = page.last() else { break };
            after = Some(last.room.clone());
            progress.advance(page.len() as u64);
            all.extend(
                page.into_iter()
                    .map(|h| if unmasked { h } else { h.masked() }),
            );
        }
        match output {
            Some(path) => {
                super::super::export::into_file(path, |out| write(&all, format, desk.lang, out))
            }
            None => {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                write(&all, format, desk.lang, &mut out)?;
                out.flush()?;
                Ok(())
            }
        }
    };
    if output.is_some() {
        super::super::progress::shown(RWord::Exporting.s(desk.lang), &progress, work)
    } else {
        work()
    }
}

/// A household's cells in the layout; yes/no in the desk's language (import reads both).
fn cells(h: &Household, lang: Lang) -> Vec<String> {
    HField::ALL
        .map(|f| match f {
            HField::Occupied => lang
                .pick(
                    if h.occupied { "yes" } else { "no" },
                    if h.occupied { "是" } else { "否" },
                )
                .to_string(),
            _ => cell(h, f),
        })
        .to_vec()
}

fn write(
    all: &[Household],
    format: ResidentsFormat,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let heads = headers(lang == Lang::Zh);
    match format {
        ResidentsFormat::Csv => {
            let line = |cells: Vec<String>| {
                cells
                    .iter()
                    .map(|c| super::super::export::csv_cell(c))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            writeln!(
                out,
                "\u{feff}{}",
                line(heads.iter().map(|h| h.to_string()).collect())
            )?;
            for h in all {
                writeln!(out, "{}", line(cells(h, lang)))?;
            }
        }
        ResidentsFormat::Xlsx => {
            let mut book = rust_xlsxwriter::Workbook::new();
            let bold = rust_xlsxwriter::Format::new().set_bold();
            let sheet = book.add_worksheet();
            for (c, head) in heads.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, *head, &bold)?;
            }
            sheet.set_freeze_panes(1, 0)?;
            for (r, h) in all.iter().enumerate() {
                for (c, value) in cells(h, lang).iter().enumerate() {
                    let text = crate::domain::text::sanitize_line(value).into_owned();
                    sheet.write_string(r as u32 + 1, c as u16, text)?;
                }
            }
            out.write_all(&book.save_to_buffer()?)?;
        }
    }
    Ok(())
}
