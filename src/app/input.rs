//! One line of typed text with a cursor. Widths are display widths (CJK counts two), so the
//! terminal cursor lands where the input method expects it.

use super::keys::{Key, KeyCode};
use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TextInput {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
}

impl TextInput {
    pub fn new(value: &str) -> Self {
        Self {
            value: value.to_string(),
            cursor: value.chars().count(),
        }
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

    /// Pasted or typed text: line breaks and tabs become spaces (one field is one line), other
    /// control characters are dropped.
    /// Inserted in one go: a 3,000-character paste character by character scanned the text
    /// each time (half a second).
    pub fn insert_str(&mut self, text: &str) {
        let clean: String = text
            .chars()
            .filter_map(|c| match c {
                '\r' => None,
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
}
