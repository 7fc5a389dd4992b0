//! A drawn frame as text: plain cells, ANSI colours (SGR), or a monospace SVG. Used by
//! `dutydesk snapshot`, the screenshots and the tests.

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Ansi,
    Svg,
}

pub fn export(buffer: &Buffer, format: Format) -> String {
    match format {
        Format::Text => text(buffer),
        Format::Ansi => ansi(buffer),
        Format::Svg => svg(buffer),
    }
}

/// The cells of one row that start a symbol, with their column and width (the cell after a
/// double-width character is skipped).
fn row_cells(buffer: &Buffer, y: u16) -> Vec<(u16, &Cell, usize)> {
    let area = buffer.area;
    let mut out = Vec::new();
    let mut x = area.x;
    while x < area.right() {
        let cell = &buffer[(x, y)];
        let w = cell.symbol().width().max(1);
        out.push((x - area.x, cell, w));
        x += w as u16;
    }
    out
}

/// Plain text, one line per row, trailing spaces dropped.
pub fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let line: String = row_cells(buffer, y)
            .iter()
            .map(|(_, c, _)| c.symbol())
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn sgr_colour(c: Color, fg: bool) -> Option<String> {
    let base = if fg { 30 } else { 40 };
    let code = match c {
        Color::Reset => return None,
        Color::Black => base,
        Color::Red => base + 1,
        Color::Green => base + 2,
        Color::Yellow => base + 3,
        Color::Blue => base + 4,
        Color::Magenta => base + 5,
        Color::Cyan => base + 6,
        Color::Gray => base + 7,
        Color::DarkGray => base + 60,
        Color::LightRed => base + 61,
        Color::LightGreen => base + 62,
        Color::LightYellow => base + 63,
        Color::LightBlue => base + 64,
        Color::LightMagenta => base + 65,
        Color::LightCyan => base + 66,
        Color::White => base + 67,
        Color::Indexed(i) => return Some(format!("{};5;{i}", base + 8)),
        Color::Rgb(r, g, b) => return Some(format!("{};2;{r};{g};{b}", base + 8)),
    };
    Some(code.to_string())
}

fn sgr(cell: &Cell) -> String {
    let mut codes: Vec<String> = vec!["0".into()];
    for (m, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if cell.modifier.contains(m) {
            codes.push(code.into());
        }
    }
    codes.extend(sgr_colour(cell.fg, true));
    codes.extend(sgr_colour(cell.bg, false));
    format!("\x1b[{}m", codes.join(";"))
}

/// Text with SGR escape sequences for colours and attributes.
pub fn ansi(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut current = String::new();
        for (_, cell, _) in row_cells(buffer, y) {
            let code = sgr(cell);
            if code != current {
                out.push_str(&code);
                current = code;
            }
            out.push_str(cell.symbol());
        }
        out.push_str("\x1b[0m\n");
    }
    out
}

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 18.0;
const DEFAULT_FG: &str = "#d4d4d4";
const DEFAULT_BG: &str = "#1e1e1e";

fn hex(c: Color, fg: bool) -> String {
    let s = match c {
        Color::Reset => {
            if fg {
                DEFAULT_FG
            } else {
                DEFAULT_BG
            }
        }
        Color::Black => "#000000",
        Color::Red => "#cd3131",
        Color::Green => "#0dbc79",
        Color::Yellow => "#e5e510",
        Color::Blue => "#2472c8",
        Color::Magenta => "#bc3fbc",
        Color::Cyan => "#11a8cd",
        Color::Gray => "#e5e5e5",
        Color::DarkGray => "#666666",
        Color::LightRed => "#f14c4c",
        Color::LightGreen => "#23d18b",
        Color::LightYellow => "#f5f543",
        Color::LightBlue => "#3b8eea",
        Color::LightMagenta => "#d670d6",
        Color::LightCyan => "#29b8db",
        Color::White => "#ffffff",
        Color::Indexed(i) => return format!("var(--c{i}, {DEFAULT_FG})"),
        Color::Rgb(r, g, b) => return format!("#{r:02x}{g:02x}{b:02x}"),
    };
    s.to_string()
}

/// (foreground, background) after `REVERSED`.
fn colours(cell: &Cell) -> (String, String) {
    let (fg, bg) = (hex(cell.fg, true), hex(cell.bg, false));
    if cell.modifier.contains(Modifier::REVERSED) {
        (
            if cell.bg == Color::Reset {
                DEFAULT_BG.into()
            } else {
                bg
            },
            if cell.fg == Color::Reset {
                DEFAULT_FG.into()
            } else {
                fg
            },
        )
    } else {
        (fg, bg)
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A monospace SVG: one rect per background run, one text per run of equally styled narrow
/// cells, one text per double-width character (stretched to exactly two cells).
pub fn svg(buffer: &Buffer) -> String {
    let area = buffer.area;
    let (w, h) = (area.width as f32 * CELL_W, area.height as f32 * CELL_H);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="'DejaVu Sans Mono','Noto Sans Mono CJK SC','Sarasa Mono SC',monospace" font-size="14" xml:space="preserve">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="100%" height="100%" fill="{DEFAULT_BG}"/>"#
    );
    for y in area.top()..area.bottom() {
        let cells = row_cells(buffer, y);
        let top = (y - area.y) as f32 * CELL_H;
        // Backgrounds.
        let mut i = 0;
        while i < cells.len() {
            let bg = colours(cells[i].1).1;
            let start = cells[i].0;
            let mut end = start + cells[i].2 as u16;
            let mut j = i + 1;
            while j < cells.len() && colours(cells[j].1).1 == bg {
                end = cells[j].0 + cells[j].2 as u16;
                j += 1;
            }
            if bg != DEFAULT_BG {
                let _ = writeln!(
                    out,
                    r#"<rect x="{}" y="{top}" width="{}" height="{CELL_H}" fill="{bg}"/>"#,
                    start as f32 * CELL_W,
                    (end - start) as f32 * CELL_W
                );
            }
            i = j;
        }
        // Text.
        let baseline = top + CELL_H * 0.75;
        let mut i = 0;
        while i < cells.len() {
            let (x, cell, cw) = cells[i];
            let mut text = cell.symbol().to_string();
            let mut cols = cw;
            let mut j = i + 1;
            if cw == 1 {
                while j < cells.len()
                    && cells[j].2 == 1
                    && cells[j].1.fg == cell.fg
                    && cells[j].1.bg == cell.bg
                    && cells[j].1.modifier == cell.modifier
                {
                    text.push_str(cells[j].1.symbol());
                    cols += 1;
                    j += 1;
                }
            }
            i = j;
            if text.trim().is_empty() {
                continue;
            }
            let (fg, _) = colours(cell);
            let mut attrs = format!(r#"fill="{fg}""#);
            if cell.modifier.contains(Modifier::BOLD) {
                attrs.push_str(r#" font-weight="bold""#);
            }
            if cell.modifier.contains(Modifier::DIM) {
                attrs.push_str(r#" opacity="0.6""#);
            }
            if cell.modifier.contains(Modifier::ITALIC) {
                attrs.push_str(r#" font-style="italic""#);
            }
            let mut decoration = Vec::new();
            if cell.modifier.contains(Modifier::UNDERLINED) {
                decoration.push("underline");
            }
            if cell.modifier.contains(Modifier::CROSSED_OUT) {
                decoration.push("line-through");
            }
            if !decoration.is_empty() {
                let _ = write!(attrs, r#" text-decoration="{}""#, decoration.join(" "));
            }
            let _ = writeln!(
                out,
                r#"<text x="{}" y="{baseline}" textLength="{}" lengthAdjust="spacingAndGlyphs" {attrs}>{}</text>"#,
                x as f32 * CELL_W,
                cols as f32 * CELL_W,
                escape(&text)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn wide_characters_take_two_cells_once() {
        let mut b = Buffer::empty(Rect::new(0, 0, 8, 1));
        b.set_string(0, 0, "电梯ab", Style::new().fg(Color::Red));
        assert_eq!(text(&b), "电梯ab\n");
        let a = ansi(&b);
        assert!(a.starts_with("\x1b[0;31m电梯ab"), "{a:?}");
        let s = svg(&b);
        assert!(s.contains(r#"x="0" y="13.5" textLength="16.8""#), "{s}");
        assert!(s.contains(r#"x="16.8""#), "{s}");
        assert!(s.contains(">ab<"), "{s}");
    }
}
