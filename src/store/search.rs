//! Full-text search: one token per CJK character (so a one-character query like 漏 works), words,
//! rooms and phone numbers as unicode61 tokens, phone tails as their own tokens.

/// CJK ideographs, kana and hangul: each is indexed as its own token.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF |
        0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Text as it goes into the index: CJK characters spaced apart, lower case.
pub fn index_text(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        for c in part.chars() {
            if is_cjk(c) {
                out.push(' ');
                out.push(c);
                out.push(' ');
            } else {
                out.extend(c.to_lowercase());
            }
        }
        out.push(' ');
    }
    out
}

/// The last four digits of a phone number, indexed as `tailNNNN` so "8000" finds 13800138000.
pub fn phone_tail(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    (digits.len() > 4).then(|| format!("tail{}", &digits[digits.len() - 4..]))
}

/// Turn what a person typed into an FTS5 query: each whitespace-separated part is a phrase of
/// its tokens (CJK characters must stand next to each other), its last token a prefix; all
/// parts must match. None when nothing searchable was typed.
pub fn fts_query(text: &str) -> Option<String> {
    let mut phrases = Vec::new();
    for part in text.split_whitespace() {
        let tokens: Vec<String> = index_text(&[part])
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        let Some(last) = tokens.last() else { continue };
        let prefix = !last.chars().any(is_cjk);
        let mut phrase = format!("\"{}\"", tokens.join(" "));
        if prefix {
            phrase.push('*');
        }
        // A bare 4-digit part may be the tail of a phone number.
        if tokens.len() == 1 && last.len() == 4 && last.chars().all(|c| c.is_ascii_digit()) {
            phrase = format!("({phrase} OR \"tail{last}\")");
        }
        phrases.push(phrase);
    }
    (!phrases.is_empty()).then(|| phrases.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_split_per_character() {
        assert_eq!(
            index_text(&["电梯困人 Lift"])
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["电", "梯", "困", "人", "lift"]
        );
    }

    #[test]
    fn queries() {
        assert_eq!(fts_query("漏").unwrap(), "\"漏\"");
        assert_eq!(fts_query("电梯").unwrap(), "\"电 梯\"");
        assert_eq!(fts_query("3-2-1201").unwrap(), "\"3 2 1201\"*");
        assert_eq!(fts_query("Elev 漏水").unwrap(), "\"elev\"* AND \"漏 水\"");
        assert_eq!(fts_query("8000").unwrap(), "(\"8000\"* OR \"tail8000\")");
        assert_eq!(fts_query("\"*()"), None);
        assert_eq!(fts_query("   "), None);
    }

    #[test]
    fn phone_tails() {
        assert_eq!(phone_tail("13800138000").as_deref(), Some("tail8000"));
        assert_eq!(phone_tail("1234"), None);
    }
}
