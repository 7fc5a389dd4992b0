//! One line of typed text with a cursor. Widths are display widths (CJK counts two), so the
//! terminal cursor lands where the input method expects it.

use super::keys::{Key, KeyCode};
use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TextInput {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
    /// A text area: line breaks are kept (pasted, or typed with Alt-Enter / Ctrl-J).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    multiline: bool,
}

impl TextInput {
    pub fn new(value: &str) -> Self {
        Self {
            value: value.to_string(),
            cursor: value.chars().count(),
            multiline: false,
        }
    }

    /// An empty text area (free text: a summary, a note, a reason).
    pub fn multiline() -> Self {
        Self {
            multiline: true,
            ..Self::default()
        }
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn is_empty(&self) -> bool {
        self.value.trim().is_empty()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map(|(i, _)| i)
            .unwrap_or(self.value.len())
    }

    pub fn insert(&mut self, c: char) {
        let at = self.byte_at(self.cursor);
        self.value.insert(at, c);
        self.cursor += 1;
    }

    /// Pasted or typed text: line breaks and tabs become spaces in a one-line field (a text
    /// area keeps the line breaks), other control characters are dropped.
    /// Inserted in one go: a 3,000-character paste character by character scanned the text
    /// each time (half a second).
    /// A terminal pastes a line break as CR (tmux, xterm) or CR LF: each is one line break.
    pub fn insert_str(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let clean: String = text
            .chars()
            .filter_map(|c| match c {
                '\n' if self.multiline => Some('\n'),
                '\n' | '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect();
        let at = self.byte_at(self.cursor);
        self.value.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    pub fn clear(&mut self) {
        self.value.clear();
        self.cursor = 0;
    }

    /// Apply an editing key; false if the key is not an editing key.
    pub fn edit(&mut self, key: Key) -> bool {
        if let Some(c) = key.text() {
            self.insert(c);
            return true;
        }
        let len = self.value.chars().count();
        // A new line in a text area: Enter itself saves the form.
        let new_line = matches!(key.code, KeyCode::Enter) && key.alt
            || matches!(key.code, KeyCode::Char('j')) && key.ctrl;
        if new_line {
            if self.multiline {
                self.insert('\n');
            }
            return self.multiline;
        }
        match (key.code, key.ctrl) {
            (KeyCode::Backspace, _) | (KeyCode::Char('h'), true) => {
                if self.cursor > 0 {
                    self.cursor -= 1;
                    let at = self.byte_at(self.cursor);
                    self.value.remove(at);
                }
            }
            (KeyCode::Delete, _) | (KeyCode::Char('d'), true) => {
                if self.cursor < len {
                    let at = self.byte_at(self.cursor);
                    self.value.remove(at);
                }
            }
            (KeyCode::Left, _) | (KeyCode::Char('b'), true) => {
                self.cursor = self.cursor.saturating_sub(1)
            }
            (KeyCode::Right, _) => self.cursor = (self.cursor + 1).min(len),
            (KeyCode::Home, _) | (KeyCode::Char('a'), true) => self.cursor = 0,
            (KeyCode::End, _) | (KeyCode::Char('e'), true) => self.cursor = len,
            (KeyCode::Char('u'), true) => {
                let at = self.byte_at(self.cursor);
                self.value.replace_range(..at, "");
                self.cursor = 0;
            }
            (KeyCode::Char('k'), true) => {
                let at = self.byte_at(self.cursor);
                self.value.truncate(at);
            }
            (KeyCode::Char('w'), true) => {
                let chars: Vec<char> = self.value.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && chars[start - 1] != ' ' {
                    start -= 1;
                }
                let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
                self.value.replace_range(a..b, "");
                self.cursor = start;
            }
            _ => return false,
        }
        true
    }

    /// What to show in `width` columns so that the cursor is visible: the visible text and the
    /// cursor's column within it.
    pub fn view(&self, width: usize) -> (String, usize) {
        let width = width.max(1);
        let chars: Vec<char> = self.value.chars().collect();
        let before: usize = chars[..self.cursor]
            .iter()
            .map(|c| c.width().unwrap_or(0))
            .sum();
        // Scroll so that the cursor (and one cell for it) fits.
        let mut start = 0;
        let mut skipped = 0;
        while before - skipped + 1 > width && start < self.cursor {
            skipped += chars[start].width().unwrap_or(0);
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        for c in &chars[start..] {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                break;
            }
            shown.push(*c);
            used += w;
        }
        (shown, before - skipped)
    }
}

/// A text area's view: the value broken at its line breaks and at `width` columns (a wide
/// character never split), at most `rows` of them scrolled so that the cursor's row shows, and
/// the cursor's (row, column) within them.
impl TextInput {
    pub fn area_view(&self, width: usize, rows: usize) -> (Vec<String>, (usize, usize)) {
        let width = width.max(2);
        let rows = rows.max(1);
        let mut lines = vec![String::new()];
        let mut used = 0;
        let mut cursor = (0, 0);
        for (i, c) in self.value.chars().enumerate() {
            if i == self.cursor {
                cursor = (lines.len() - 1, used);
            }
            if c == '\n' {
                lines.push(String::new());
                used = 0;
                continue;
            }
            let w = c.width().unwrap_or(0);
            if used + w > width {
                lines.push(String::new());
                used = 0;
            }
            lines.last_mut().expect("one line at least").push(c);
            used += w;
        }
        if self.cursor >= self.value.chars().count() {
            // The cursor after the last character: a full line moves it to the next.
            if used >= width {
                lines.push(String::new());
                used = 0;
            }
            cursor = (lines.len() - 1, used);
        }
        let top = (cursor.0 + 1).saturating_sub(rows);
        let shown = lines.into_iter().skip(top).take(rows).collect();
        (shown, (cursor.0 - top, cursor.1))
    }

    /// How many rows the whole text takes in `width` columns (for sizing a text area).
    pub fn area_rows(&self, width: usize) -> usize {
        self.area_view(width, usize::MAX).0.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_by_character_and_views_by_width() {
        let mut t = TextInput::default();
        t.insert_str("电梯困人\nab");
        assert_eq!(t.value(), "电梯困人 ab");
        t.edit(Key::new(KeyCode::Backspace));
        assert_eq!(t.value(), "电梯困人 a");
        t.edit(Key::new(KeyCode::Home));
        t.edit(Key::new(KeyCode::Right));
        t.insert('x');
        assert_eq!(t.value(), "电x梯困人 a");
        assert_eq!(t.view(20), ("电x梯困人 a".to_string(), 3));
        t.edit(Key::new(KeyCode::End));
        let (shown, col) = t.view(6);
        assert!(shown.ends_with(" a"), "{shown}");
        assert!(col <= 5);
        t.edit(Key::ctrl('w'));
        assert_eq!(t.value(), "电x梯困人 ");
    }

    #[test]
    fn a_text_area_keeps_line_breaks_and_wraps_wide_characters_whole() {
        let mut t = TextInput::multiline();
        t.insert_str("水管爆裂\r\n3楼\tok");
        assert_eq!(t.value(), "水管爆裂\n3楼 ok");
        // As a terminal pastes lines: CR alone.
        let mut pasted = TextInput::multiline();
        pasted.insert_str("a\rb\r\nc");
        assert_eq!(pasted.value(), "a\nb\nc");
        let alt_enter = Key {
            alt: true,
            ..Key::new(KeyCode::Enter)
        };
        assert!(t.edit(alt_enter));
        assert!(t.edit(Key::ctrl('j')));
        t.insert('x');
        assert_eq!(t.value(), "水管爆裂\n3楼 ok\n\nx");
        // 5 columns: 水管 (4) then 爆裂 — never half a character.
        let (lines, cursor) = t.area_view(5, 10);
        assert_eq!(lines, vec!["水管", "爆裂", "3楼 o", "k", "", "x"]);
        assert_eq!(cursor, (5, 1));
        // Three rows: scrolled so that the cursor's row shows.
        let (lines, cursor) = t.area_view(5, 3);
        assert_eq!(lines, vec!["k", "", "x"]);
        assert_eq!(cursor, (2, 1));
        // A one-line field: line breaks become spaces, Ctrl-J is not an edit.
        let mut one = TextInput::default();
        one.insert_str("a\nb");
        assert_eq!(one.value(), "a b");
        assert!(!one.edit(Key::ctrl('j')));
    }
}
