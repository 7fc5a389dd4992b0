//! `export`: every record of a period, newest first, for the company's other systems — CSV with
//! a UTF-8 BOM (Excel and WPS on Chinese Windows read it as UTF-8 only with one), JSON, or an
//! xlsx workbook with one sheet per kind, typed date cells and a frozen header row.

use super::CliError;
use super::args::ExportFormat;
use super::json_write::{RecordJson, SafeFormatter, write_json};
use crate::desk::Desk;
use crate::domain::deadline::{deadlines, next_open, urgency};
use crate::domain::time::{parse_date, rfc3339, start_of};
use crate::domain::*;
use crate::i18n::cli::CliWord;
use crate::progress::Progress;
use crate::store::{Entry, ListQuery, Store};
use chrono::{DateTime, Utc};
use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// The columns of CSV and xlsx, in order. The first fourteen are those of earlier versions.
const COLUMNS: [&str; 17] = [
    "id",
    "kind",
    "status",
    "voided",
    "created_at",
    "category",
    "room",
    "location",
    "name",
    "phone",
    "summary",
    "urgency",
    "next_deadline",
    "next_due",
    "technician",
    "fee",
    "resolved_at",
];

/// One cell, typed for xlsx; CSV writes each as text.
pub(super) enum Cell<'a> {
    Text(Cow<'a, str>),
    Time(Option<DateTime<Utc>>),
    Bool(bool),
}

/// What to export and where.
pub struct Export<'a> {
    pub kind: Option<&'a str>,
    pub since: Option<&'a str>,
    pub until: Option<&'a str>,
    pub format: ExportFormat,
    pub output: Option<&'a Path>,
}

pub fn export(store: &Store, desk: &Desk, ask: &Export<'_>) -> Result<(), CliError> {
    let query = query(desk, ask)?;
    if let Some(path) = ask.output {
        store.refuse_live_target(path).map_err(|e| match e {
            // Said of the flag the person typed.
            crate::store::StoreError::Rule(RuleError::Field { problem, .. }) => {
                CliError::from(RuleError::field(Field::Output, problem))
            }
            other => other.into(),
        })?;
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            let shown =
                crate::domain::text::sanitize_line(&folder.display().to_string()).into_owned();
            return Err(RuleError::field(Field::Output, Problem::NoFolder(shown)).into());
        }
    } else if ask.format == ExportFormat::Xlsx && std::io::stdout().is_terminal() {
        return Err(RuleError::field(Field::Output, Problem::BinaryToTerminal).into());
    }
    let counted = Progress::new();
    // Rows going to the terminal itself would tear the bar: it is for an export into a file.
    let to_terminal = ask.output.is_none() && std::io::stdout().is_terminal();
    let work = || match ask.output {
        Some(path) => into_file(path, |out| {
            write(store, desk, &query, ask.format, &counted, out)
        }),
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let damaged = write(store, desk, &query, ask.format, &counted, &mut out)?;
            out.flush()?;
            Ok(damaged)
        }
    };
    let damaged = if to_terminal {
        work()?
    } else {
        super::progress::shown(CliWord::Exporting.s(desk.lang), &counted, work)?
    };
    super::output::damaged_failure(&damaged, desk)
}

fn query(desk: &Desk, ask: &Export<'_>) -> Result<ListQuery, CliError> {
    let zone = desk.policy.zone;
    let mut q = ListQuery::new(desk.clock.now());
    q.kind = ask.kind.map(super::lookup::kind_arg).transpose()?;
    q.since = ask
        .since
        .map(|d| parse_date(Field::Since, d).map(|d| start_of(d, zone)))
        .transpose()?;
    q.until = ask
        .until
        .map(|d| parse_date(Field::Until, d).map(|d| start_of(d, zone)))
        .transpose()?;
    q.limit = Some(1000);
    Ok(q)
}

/// Write into a new file beside `path`, then put it in place: a failed export never leaves
/// half a file under the name asked for, nor replaces a good one.
pub(super) fn into_file<T>(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<T, CliError>,
) -> Result<T, CliError> {
    let partial = partial_name(path);
    let result = (|| {
        let file = std::fs::File::create(&partial)?;
        let mut out = std::io::BufWriter::new(file);
        let value = write(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&partial, path)?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

fn partial_name(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".partial-{}", std::process::id()));
    path.with_file_name(name)
}

/// Every record the query finds, in `format`; the records that could not be read.
fn write(
    store: &Store,
    desk: &Desk,
    query: &ListQuery,
    format: ExportFormat,
    counted: &Progress,
    out: &mut impl Write,
) -> Result<Vec<crate::store::Damaged>, CliError> {
    let now = query.now;
    let mut damaged = Vec::new();
    let kinds: Vec<RecordKind> = match query.kind {
        Some(kind) => vec![kind],
        None => RecordKind::ALL.to_vec(),
    };
    let mut sink = Sink::new(format, desk, &kinds)?;
    sink.start(out)?;
    let mut q = query.clone();
    loop {
        let page = store.list_page(&q)?;
        let next_page = page.next;
        for entry in page.entries() {
            match entry {
                Entry::Record(record) => sink.record(out, &record, desk, now)?,
                Entry::Damaged(d) => damaged.push(d),
            }
            counted.advance(1);
        }
        match next_page {
            Some(next) => q.after = Some(next),
            None => break,
        }
    }
    sink.finish(out)?;
    Ok(damaged)
}

/// The cells of one record, in `COLUMNS` order (its texts borrowed).
fn cells<'a>(record: &'a Record, desk: &Desk, now: DateTime<Utc>) -> [Cell<'a>; 17] {
    let all = deadlines(record, &desk.policy);
    let next = next_open(&all);
    let n = &record.new;
    let text = |t: Option<&'a str>| Cell::Text(Cow::Borrowed(t.unwrap_or_default()));
    [
        Cell::Text(Cow::Owned(record.id.to_string())),
        text(Some(record.kind().slug())),
        text(Some(record.status.slug())),
        Cell::Bool(record.is_voided()),
        Cell::Time(Some(record.received_at)),
        text(Some(n.details.category_slug())),
        text(n.room.as_deref()),
        text(n.location.as_deref()),
        text(n.name.as_deref()),
        text(n.phone.as_deref()),
        text(Some(&n.summary)),
        text(Some(urgency(&all, now).slug())),
        text(next.map(|d| d.name.slug())),
        Cell::Time(next.map(|d| d.due)),
        text(record.assignee()),
        text(record.fee()),
        Cell::Time(record.resolved_at),
    ]
}

/// CSV cells: quoted, and a leading = + - @ neutralised so a spreadsheet never runs a formula.
pub(super) fn csv_cell(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    write_csv_cell(&mut out, text).expect("a Vec takes every byte");
    String::from_utf8(out).expect("cells are UTF-8")
}

/// `csv_cell`, written straight to `out` (an export writes a million rows).
fn write_csv_cell(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    let text = crate::domain::text::sanitize_line(text);
    out.write_all(b"\"")?;
    if text.starts_with(['=', '+', '-', '@']) {
        out.write_all(b"'")?;
    }
    let mut parts = text.split('"');
    out.write_all(parts.next().unwrap_or_default().as_bytes())?;
    for part in parts {
        out.write_all(b"\"\"")?;
        out.write_all(part.as_bytes())?;
    }
    out.write_all(b"\"")
}

enum Sink {
    Csv,
    Json { first: bool },
    Xlsx(Box<super::xlsx::Book>),
}

impl Sink {
    fn new(format: ExportFormat, desk: &Desk, kinds: &[RecordKind]) -> Result<Self, CliError> {
        Ok(match format {
            ExportFormat::Csv => Self::Csv,
            ExportFormat::Json => Self::Json { first: true },
            ExportFormat::Xlsx => {
                Self::Xlsx(Box::new(super::xlsx::Book::new(desk, &COLUMNS, kinds)?))
            }
        })
    }

    fn start(&mut self, out: &mut impl Write) -> Result<(), CliError> {
        match self {
            Self::Csv => writeln!(out, "\u{feff}{}", COLUMNS.join(","))?,
            Self::Json { .. } => write!(out, "[")?,
            Self::Xlsx(_) => {}
        }
        Ok(())
    }

    fn record(
        &mut self,
        out: &mut impl Write,
        record: &Record,
        desk: &Desk,
        now: DateTime<Utc>,
    ) -> Result<(), CliError> {
        match self {
            Self::Json { first } => {
                let comma = if *first { "" } else { "," };
                writeln!(out, "{comma}")?;
                let record = RecordJson::new(record, desk, now);
                write_json(out, &record, SafeFormatter::line())?;
                *first = false;
            }
            Self::Csv => {
                let zone = desk.policy.zone;
                for (i, cell) in cells(record, desk, now).iter().enumerate() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    match cell {
                        Cell::Text(t) => write_csv_cell(out, t)?,
                        Cell::Time(Some(t)) => write_csv_cell(out, &rfc3339(*t, zone))?,
                        Cell::Time(None) => out.write_all(b"\"\"")?,
                        Cell::Bool(b) => write_csv_cell(out, if *b { "true" } else { "false" })?,
                    }
                }
                out.write_all(b"\n")?;
            }
            Self::Xlsx(book) => book.row(record.kind(), &cells(record, desk, now))?,
        }
        Ok(())
    }

    fn finish(self, out: &mut impl Write) -> Result<(), CliError> {
        match self {
            Self::Csv => {}
            Self::Json { first } => writeln!(out, "{}]", if first { "" } else { "\n" })?,
            Self::Xlsx(book) => book.save(out)?,
        }
        Ok(())
    }
}
