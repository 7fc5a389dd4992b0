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
        // A one-character prefix ("3" while typing a room) would expand to every token that
        // starts with it — most of a million-record index; one character matches exactly.
        let prefix = !last.chars().any(is_cjk) && last.chars().count() >= 2;
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

/// Whether indexed text (from `index_text`) matches what a person typed, exactly as the FTS5
/// query from `fts_query` would: every part's tokens stand next to each other, the last one as
/// a prefix when `fts_query` makes it one. For checking a handful of records without the index.
pub fn text_matches(indexed: &str, typed: &str) -> bool {
    let doc: Vec<&str> = indexed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let mut any = false;
    for part in typed.split_whitespace() {
        let text = index_text(&[part]);
        let tokens: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .collect();
        let Some(last) = tokens.last() else { continue };
        any = true;
        let prefix = !last.chars().any(is_cjk) && last.chars().count() >= 2;
        let phrase = doc.windows(tokens.len()).any(|w| {
            w.iter().zip(&tokens).enumerate().all(|(i, (d, t))| {
                if prefix && i == tokens.len() - 1 {
                    d.starts_with(t)
                } else {
                    d == t
                }
            })
        });
        let tail = tokens.len() == 1
            && last.len() == 4
            && last.chars().all(|c| c.is_ascii_digit())
            && doc.contains(&format!("tail{last}").as_str());
        if !phrase && !tail {
            return false;
        }
    }
    any
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
        assert_eq!(fts_query("3-").unwrap(), "\"3\"");
        assert_eq!(fts_query("3-2-12").unwrap(), "\"3 2 12\"*");
        assert_eq!(fts_query("Elev 漏水").unwrap(), "\"elev\"* AND \"漏 水\"");
        assert_eq!(fts_query("8000").unwrap(), "(\"8000\"* OR \"tail8000\")");
        assert_eq!(fts_query("\"*()"), None);
        assert_eq!(fts_query("   "), None);
    }

    #[test]
    fn text_matches_like_the_index() {
        let doc = index_text(&[
            "R-2026-00001",
            "楼上漏水",
            "3-2-1201",
            "13800138000",
            "tail8000",
            "Elevator",
        ]);
        for yes in [
            "漏", "漏水", "3-2-12", "3-2-1201", "8000", "elev", "漏 3-2", "r-2026",
        ] {
            assert!(text_matches(&doc, yes), "{yes}");
        }
        for no in ["水漏", "4-2", "5-", "9000", "lift", "漏 4-2", "  "] {
            assert!(!text_matches(&doc, no), "{no}");
        }
    }

    #[test]
    fn phone_tails() {
        assert_eq!(phone_tail("13800138000").as_deref(), Some("tail8000"));
        assert_eq!(phone_tail("1234"), None);
    }
}
