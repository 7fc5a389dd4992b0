//! A spreadsheet file as rows of text: .xlsx/.xls/.xlsm/.ods through calamine (the first
//! sheet), .csv in UTF-8 (with or without a BOM) or GBK (as Excel on Chinese Windows saves it).

use calamine::{Data, Reader, open_workbook_auto};
use std::path::Path;

/// The header row and the data rows, each with its row number in the sheet (the header is 1).
pub struct Rows {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Why the file cannot be read as a spreadsheet (the reader's words).
pub struct NotASheet(pub String);

pub fn read(path: &Path) -> Result<Rows, NotASheet> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let table = match ext.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|e| NotASheet(e.to_string()))?;
            let mut rows = csv_rows(&decode(&bytes)?);
            // The export's guard against formulas ('=…) comes off again.
            for cell in rows.iter_mut().flatten() {
                if cell.starts_with("'") && cell[1..].starts_with(['=', '+', '-', '@']) {
                    cell.remove(0);
                }
            }
            rows
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => workbook_rows(path)?,
        _ => return Err(NotASheet("use .xlsx, .xls or .csv".into())),
    };
    let mut it = table.into_iter().enumerate();
    let headers = loop {
        match it.next() {
            Some((_, row)) if row.iter().all(|c| c.trim().is_empty()) => continue,
            Some((_, row)) => break row,
            None => return Err(NotASheet("the sheet is empty".into())),
        }
    };
    Ok(Rows {
        headers,
        rows: it.map(|(i, row)| (i + 1, row)).collect(),
    })
}

/// UTF-8 (a BOM dropped) if the bytes are; else GBK, refused if that fails too.
fn decode(bytes: &[u8]) -> Result<String, NotASheet> {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok(text.to_string());
    }
    if bytes.contains(&0) {
        return Err(NotASheet("binary data, not text".into()));
    }
    let (text, _, had_errors) = encoding_rs::GBK.decode(bytes);
    if had_errors {
        return Err(NotASheet("neither UTF-8 nor GBK text".into()));
    }
    Ok(text.into_owned())
}

/// RFC 4180: commas, quoted cells with "" inside and line breaks.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                c => cell.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut cell)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            c => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

fn workbook_rows(path: &Path) -> Result<Vec<Vec<String>>, NotASheet> {
    let mut book = open_workbook_auto(path).map_err(|e| NotASheet(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| NotASheet("no sheet in the workbook".into()))?
        .map_err(|e| NotASheet(e.to_string()))?;
    // Rows before the range's start are empty (row numbers count from the sheet's top).
    let top = range.start().map_or(0, |(r, _)| r as usize);
    let left = range.start().map_or(0, |(_, c)| c as usize);
    let mut out = vec![Vec::new(); top];
    for row in range.rows() {
        let mut cells = vec![String::new(); left];
        cells.extend(row.iter().map(cell_text));
        out.push(cells);
    }
    Ok(out)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Phone and ID numbers typed as numbers: whole numbers without ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|t| t.date().to_string())
            .unwrap_or_else(|| dt.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes_and_breaks() {
        let rows = csv_rows("a,\"b,\"\"c\"\"\"\r\n\"x\ny\",z\n");
        assert_eq!(rows, vec![vec!["a", "b,\"c\""], vec!["x\ny", "z"]]);
    }

    #[test]
    fn gbk_and_bom() {
        let (gbk, _, _) = encoding_rs::GBK.encode("房号,业主\n");
        assert_eq!(decode(&gbk).ok().unwrap(), "房号,业主\n");
        assert_eq!(decode("\u{feff}房号".as_bytes()).ok().unwrap(), "房号");
    }
}
