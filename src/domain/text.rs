//! Text as people type it in, and as it may safely reach a terminal.

use super::error::{Field, Problem, RuleError};
use std::borrow::Cow;

/// Longest free text accepted in any field (summary, note, reason).
pub const MAX_TEXT_CHARS: usize = 4000;
/// Longest short field (name, location, technician).
pub const MAX_SHORT_CHARS: usize = 200;

/// Bidi controls that can reorder what a terminal shows (Trojan-Source style).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that must never reach a terminal as they are.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Whether `text` may hold a character `is_unsafe` (a newline aside when `newline_ok`): a scan
/// of bytes for the first byte of a control (C0, DEL, C1 after 0xC2) or a bidi control (0xD8
/// for U+061C, 0xE2 for U+2000–U+2FFF). `false` means none is there, with no decoding.
pub fn may_be_unsafe(text: &str, newline_ok: bool) -> bool {
    // One table lookup a byte (the comparisons were most of the escaping in `list --json`).
    let table = &SUSPECT[newline_ok as usize];
    text.bytes().any(|b| table[b as usize])
}

/// `may_be_unsafe`'s bytes, without and with the newline allowed.
static SUSPECT: [[bool; 256]; 2] = [suspect_bytes(false), suspect_bytes(true)];

const fn suspect_bytes(newline_ok: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b < 0x20 && !(newline_ok && b == b'\n' as usize))
            || matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2);
        b += 1;
    }
    table
}

/// Neutralise control characters for a terminal: C0 become their visible Control Pictures
/// (␛ for ESC), DEL becomes ␡, C1 and bidi controls become U+FFFD. Newlines and tabs become
/// spaces, so one record is one line.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    if !may_be_unsafe(text, false) || !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| neutral(c, false)).collect())
}

/// As `sanitize_line`, but keeps newlines (for multi-line detail views).
pub fn sanitize_block(text: &str) -> Cow<'_, str> {
    if !may_be_unsafe(text, true) || !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| neutral(c, true)).collect())
}

fn neutral(c: char, keep_newline: bool) -> char {
    match c {
        '\n' if keep_newline => '\n',
        '\n' | '\r' | '\t' => ' ',
        '\u{7f}' => '\u{2421}',
        c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        c if is_unsafe(c) => '\u{FFFD}',
        c => c,
    }
}

/// A required free-text field: trimmed, not empty, not too long, no control characters but
/// newline and tab.
pub fn required_text(field: Field, text: &str, max: usize) -> Result<String, RuleError> {
    let value = optional_text(field, Some(text), max)?;
    value.ok_or(RuleError::field(field, Problem::Empty))
}

/// An optional text field: empty after trimming counts as absent.
pub fn optional_text(
    field: Field,
    text: Option<&str>,
    max: usize,
) -> Result<Option<String>, RuleError> {
    let Some(text) = text else { return Ok(None) };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let count = trimmed.chars().count();
    if count > max {
        return Err(RuleError::field(
            field,
            Problem::TooLong { len: count, max },
        ));
    }
    if let Some(bad) = trimmed
        .chars()
        .find(|&c| c != '\n' && c != '\t' && is_unsafe(c))
    {
        return Err(RuleError::field(field, Problem::ControlChar(bad)));
    }
    Ok(Some(trimmed.to_string()))
}

/// A room number, building-unit-room (`3-2-1201`); letters allowed (`A3-1102`), upper-cased.
pub fn room(text: &str) -> Result<Option<String>, RuleError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let normal: String = trimmed
        .chars()
        .map(|c| if c == '－' || c == '—' { '-' } else { c })
        .collect::<String>()
        .to_uppercase();
    let valid = normal.len() <= 20
        && normal
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && normal.chars().any(|c| c.is_ascii_digit())
        && !normal.starts_with('-')
        && !normal.ends_with('-')
        && !normal.contains("--");
    if !valid {
        return Err(RuleError::field(
            Field::Room,
            Problem::NotRoom(trimmed.to_string()),
        ));
    }
    Ok(Some(normal))
}

/// A phone number: digits with optional leading +, spaces and hyphens dropped; 3 to 20 digits.
pub fn phone(text: &str) -> Result<Option<String>, RuleError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let mut normal = String::new();
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => normal.push(c),
            '+' if i == 0 => normal.push(c),
            ' ' | '-' | '(' | ')' => {}
            _ => {
                return Err(RuleError::field(
                    Field::Phone,
                    Problem::NotPhone(trimmed.to_string()),
                ));
            }
        }
    }
    let digits = normal.trim_start_matches('+').len();
    if !(3..=20).contains(&digits) {
        return Err(RuleError::field(
            Field::Phone,
            Problem::PhoneDigits {
                text: trimmed.to_string(),
                digits,
            },
        ));
    }
    Ok(Some(normal))
}

/// Show a Chinese resident ID number (or any long id) with only its first 4 and last 4 kept
/// (`1101**********123X`, issue 14).
pub fn mask_id_number(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < 4 || i >= chars.len() - 4 {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_flags_every_unsafe_character() {
        for c in (0..=0x10ffffu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_unsafe(c))
        {
            let text = format!("漏水{c}x");
            assert!(may_be_unsafe(&text, c != '\n'), "{:?}", c);
            assert!(may_be_unsafe(&text, false), "{:?}", c);
        }
        assert!(!may_be_unsafe("3号楼 漏水\n\"ok\"", true));
        assert!(may_be_unsafe("a\nb", false));
    }

    #[test]
    fn sanitize_neutralises_escapes_and_bidi() {
        assert_eq!(sanitize_line("ok 电梯"), "ok 电梯");
        assert_eq!(sanitize_line("\x1b[31mred"), "\u{241b}[31mred");
        assert_eq!(
            sanitize_line("a\u{202E}b\u{9b}c\u{7f}"),
            "a\u{FFFD}b\u{FFFD}c\u{2421}"
        );
        assert_eq!(sanitize_line("two\nlines\t"), "two lines ");
        assert_eq!(sanitize_block("two\nlines\x07"), "two\nlines\u{2407}");
    }

    #[test]
    fn text_fields_are_checked() {
        assert!(required_text(Field::Summary, "  ", 10).is_err());
        assert!(required_text(Field::Summary, "abc\x1b", 10).is_err());
        assert!(required_text(Field::Summary, "abc\u{202e}", 10).is_err());
        assert!(required_text(Field::Summary, &"字".repeat(11), 10).is_err());
        assert_eq!(
            required_text(Field::Summary, " 漏水\n二楼 ", 10).unwrap(),
            "漏水\n二楼"
        );
    }

    #[test]
    fn rooms_and_phones_are_normalised() {
        assert_eq!(room("3-2-1201").unwrap().as_deref(), Some("3-2-1201"));
        assert_eq!(room("a3-1102").unwrap().as_deref(), Some("A3-1102"));
        assert!(room("3--2").is_err());
        assert!(room("大堂").is_err());
        assert_eq!(
            phone("138-0013 8000").unwrap().as_deref(),
            Some("13800138000")
        );
        assert_eq!(
            phone("+86 13800138000").unwrap().as_deref(),
            Some("+8613800138000")
        );
        assert!(phone("12").is_err());
        assert!(phone("call me").is_err());
    }

    #[test]
    fn id_numbers_are_masked() {
        assert_eq!(mask_id_number("110101199003074518"), "1101**********4518");
        assert_eq!(mask_id_number("12345678"), "********");
        assert_eq!(mask_id_number("1234"), "****");
    }
}
