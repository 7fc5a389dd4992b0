//! Full-text search: one token per CJK character (so a one-character query like 漏 works), words,
//! rooms and phone numbers as unicode61 tokens, phone tails as their own tokens.

/// CJK ideographs, kana and hangul: each is indexed as its own token.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF |
        0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Joins the parts of a hyphenated code (room 3-2-1201, record id R-2026-00017) into one more
/// token, so that typing "3-2-12" is one prefix lookup in the index instead of a phrase over the
/// very common tokens "3" and "2". A private-use character: a token character to FTS5's
/// unicode61 tokenizer, and nothing anyone types.
const JOINER: char = '\u{E000}';

/// What the index and the matching here count as part of a token.
fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || c == JOINER
}

/// CJK characters spaced apart, lower case: how typed and stored text are split into tokens.
fn spaced(text: &str, out: &mut String) {
    for c in text.chars() {
        if is_cjk(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// "3-2-1201" as one token, when `word` is ASCII letters and digits in two or more parts joined
/// by single hyphens; None otherwise.
fn joined(word: &str) -> Option<String> {
    let parts: Vec<&str> = word.split('-').collect();
    let code = parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    code.then(|| parts.join(&JOINER.to_string()))
}

/// Text as it goes into the index: CJK characters spaced apart, lower case, and each hyphenated
/// code once more as one token.
pub fn index_text(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        let start = out.len();
        spaced(part, &mut out);
        let codes: Vec<String> = out[start..]
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter_map(|w| joined(w.trim_matches('-')))
            .collect();
        for code in codes {
            out.push(' ');
            out.push_str(&code);
        }
        out.push(' ');
    }
    out
}

/// How many tokens the index holds for `parts` (what FTS5 records as the size of an entry):
/// the count of `index_text(parts)`'s tokens, worked out without building it, for checking
/// a million entries quickly. None when the text has a character outside the scripts where
/// this count and SQLite's tokenizer (whose tables stop at Unicode 6.1) surely agree: ASCII,
/// Latin letters, CJK, kana, hangul and full-width forms.
pub fn index_token_count<'a>(parts: impl IntoIterator<Item = &'a str>) -> Option<usize> {
    let mut count = 0;
    for part in parts {
        let mut in_token = false;
        let mut code = CodeScan::default();
        // One character of the text as `index_text` makes it (lower case, ideographs spaced).
        let mut step = |c: char, count: &mut usize| {
            let token = is_token_char(c);
            *count += (token && !in_token) as usize + code.step(c);
            in_token = token;
        };
        for c in part.chars() {
            if c.is_ascii() {
                // Lower case changes neither a token's bounds nor a code's.
                step(c, &mut count);
            } else if !agreed(c) {
                return None;
            } else if matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FCB) {
                // A common ideograph: a token of its own between spaces (checked quickly).
                count += 1;
                step(' ', &mut count);
            } else if is_cjk(c) {
                step(' ', &mut count);
                step(c, &mut count);
                step(' ', &mut count);
            } else {
                for l in c.to_lowercase() {
                    step(l, &mut count);
                }
            }
        }
        step(' ', &mut count);
    }
    Some(count)
}

/// A character both tokenizers class alike (letter or digit, or not).
fn agreed(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x7F | 0xC0..=0x24F | 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FCB |
        0xAC00..=0xD7A3 | 0xFF01..=0xFF5E)
}

/// Finds the hyphenated codes `index_text` adds as whole tokens, one character at a time.
#[derive(Default)]
struct CodeScan {
    /// A letter or digit was seen in this run of letters, digits and hyphens.
    started: bool,
    /// Hyphens since the last letter or digit.
    hyphens: usize,
    /// Parts so far (runs of letters and digits between single hyphens).
    parts: usize,
    /// Two hyphens in a row inside the run: not a code.
    broken: bool,
}

impl CodeScan {
    /// 1 when `c` ends a run that is a code.
    fn step(&mut self, c: char) -> usize {
        if c.is_ascii_alphanumeric() {
            if !self.started {
                self.started = true;
                self.parts = 1;
            } else if self.hyphens > 0 {
                self.broken |= self.hyphens > 1;
                self.parts += 1;
            }
            self.hyphens = 0;
            0
        } else if c == '-' {
            if self.started {
                self.hyphens += 1;
            }
            0
        } else {
            let code = self.started && self.parts >= 2 && !self.broken;
            *self = Self::default();
            code as usize
        }
    }
}

/// A typed part that is a hyphenated code (a trailing hyphen while typing is allowed), as the
/// joined token to look up by prefix.
fn typed_code(part: &str) -> Option<String> {
    let mut text = String::new();
    spaced(part, &mut text);
    joined(text.trim().strip_suffix('-').unwrap_or(text.trim()))
}

/// The tokens of a typed part, split like the index splits text.
fn typed_tokens(part: &str) -> Vec<String> {
    let mut text = String::new();
    spaced(part, &mut text);
    text.split(|c: char| !is_token_char(c))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The last four digits of a phone number, indexed as `tailNNNN` so "8000" finds 13800138000.
pub fn phone_tail(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    (digits.len() > 4).then(|| format!("tail{}", &digits[digits.len() - 4..]))
}

/// The most a search may ask for: every token of a query reads its whole list of records from
/// the index (a common Chinese character is in most of a million records), so a pasted page
/// took seconds and hundreds of megabytes. The costliest are phrases of the commonest character
/// repeated (`楼楼楼…`): on a million records 8 of them took 102 ms, 7 took 90 ms, 6 82 ms, so
/// 7 keeps every query within these bounds under 100 ms (docs/reliability.md has the figures).
pub const MAX_QUERY_CHARS: usize = 100;
/// Words, codes and Chinese characters (each one a token) in one search.
pub const MAX_QUERY_TOKENS: usize = 7;

/// Refuse a search too big to answer at once, naming the bound (the CLI and the desk alike).
/// Looks at no more than `MAX_QUERY_CHARS` + 1 characters of any input.
pub fn check_query(text: &str) -> Result<(), crate::domain::RuleError> {
    let too_big = || {
        crate::domain::RuleError::field(
            crate::domain::Field::Search,
            crate::domain::Problem::SearchTooBig {
                chars: MAX_QUERY_CHARS,
                tokens: MAX_QUERY_TOKENS,
            },
        )
    };
    if text.chars().nth(MAX_QUERY_CHARS).is_some() {
        return Err(too_big());
    }
    let tokens: usize = text
        .split_whitespace()
        .map(|part| match typed_code(part) {
            Some(_) => 1,
            None => typed_tokens(part).len(),
        })
        .sum();
    if tokens > MAX_QUERY_TOKENS {
        return Err(too_big());
    }
    Ok(())
}

/// Turn what a person typed into an FTS5 query on the text column: each whitespace-separated
/// part is a phrase of its tokens (CJK characters must stand next to each other), its last
/// token a prefix; all parts must match. None when nothing searchable was typed.
pub fn fts_query(text: &str) -> Option<String> {
    phrases(text, true)
}

/// `fts_query` for the index of schema 3, which has no whole codes: a code is a phrase of its
/// parts there.
pub fn fts_query_v3(text: &str) -> Option<String> {
    phrases(text, false)
}

/// Whether the last token of a typed part is looked up as a prefix. A one-character prefix
/// ("3" while typing a room) would expand to every token that starts with it — most of a
/// million-record index — and a two-digit one standing alone ("13") to every phone number
/// (0.12 s each on a million records), or after another token ("楼13") still to every phone
/// number that starts so: those match exactly. In the index of schema 3 (`codes` false), where
/// a room is a phrase of its parts, "3-2-12" ends in a two-digit prefix. A Chinese character
/// is a whole token.
fn is_prefix(tokens: &[String], codes: bool) -> bool {
    let Some(last) = tokens.last() else {
        return false;
    };
    let n = last.chars().count();
    let digits = last.chars().all(|c| c.is_ascii_digit());
    let least = if digits && (codes || tokens.len() == 1) {
        3
    } else {
        2
    };
    !last.chars().any(is_cjk) && n >= least
}

fn phrases(text: &str, codes: bool) -> Option<String> {
    let mut phrases = Vec::new();
    for part in text.split_whitespace() {
        if let Some(code) = typed_code(part).filter(|_| codes) {
            phrases.push(format!("\"{code}\"*"));
            continue;
        }
        let tokens = typed_tokens(part);
        let Some(last) = tokens.last() else { continue };
        let prefix = is_prefix(&tokens, codes);
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
    (!phrases.is_empty()).then(|| format!("body : ({})", phrases.join(" AND ")))
}

/// `fts_query` limited to one kind of record: the index answers both at once.
pub fn fts_query_of_kind(text: &str, kind: Option<&str>) -> Option<String> {
    let words = fts_query(text)?;
    Some(match kind {
        Some(kind) => format!("kind : \"{kind}\" AND {words}"),
        None => words,
    })
}

/// Whether indexed text (from `index_text`) matches what a person typed, exactly as the FTS5
/// query from `fts_query` would: every part's tokens stand next to each other, the last one as
/// a prefix when `fts_query` makes it one. For checking a handful of records without the index.
pub fn text_matches(indexed: &str, typed: &str) -> bool {
    let doc: Vec<&str> = indexed
        .split(|c: char| !is_token_char(c))
        .filter(|t| !t.is_empty())
        .collect();
    let mut any = false;
    for part in typed.split_whitespace() {
        if let Some(code) = typed_code(part) {
            any = true;
            if !doc.iter().any(|d| d.starts_with(code.as_str())) {
                return false;
            }
            continue;
        }
        let tokens = typed_tokens(part);
        let Some(last) = tokens.last() else { continue };
        any = true;
        let prefix = is_prefix(&tokens, true);
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
        let j = JOINER;
        assert_eq!(fts_query("漏").unwrap(), "body : (\"漏\")");
        assert_eq!(fts_query("电梯").unwrap(), "body : (\"电 梯\")");
        assert_eq!(
            fts_query("3-2-1201").unwrap(),
            format!("body : (\"3{j}2{j}1201\"*)")
        );
        assert_eq!(fts_query("3-").unwrap(), "body : (\"3\")");
        assert_eq!(fts_query("3-2-").unwrap(), format!("body : (\"3{j}2\"*)"));
        assert_eq!(
            fts_query("Elev 漏水").unwrap(),
            "body : (\"elev\"* AND \"漏 水\")"
        );
        assert_eq!(
            fts_query("8000").unwrap(),
            "body : ((\"8000\"* OR \"tail8000\"))"
        );
        assert_eq!(fts_query("\"*()"), None);
        assert_eq!(fts_query("   "), None);
        assert_eq!(
            fts_query_of_kind("漏", Some("repair")).unwrap(),
            "kind : \"repair\" AND body : (\"漏\")"
        );
    }

    #[test]
    fn codes_are_indexed_whole_as_well() {
        let j = JOINER;
        let text = index_text(&["R-2026-00017", "3-2-1201室, 8号楼-东"]);
        let tokens: Vec<&str> = text
            .split(|c: char| !is_token_char(c))
            .filter(|t| !t.is_empty())
            .collect();
        for token in [
            format!("r{j}2026{j}00017"),
            format!("3{j}2{j}1201"),
            "1201".to_string(),
        ] {
            assert!(tokens.contains(&token.as_str()), "{token} in {tokens:?}");
        }
        assert!(!tokens.iter().any(|t| t.contains('东') && t.contains(j)));
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
    fn queries_are_bounded() {
        assert!(check_query(&"漏".repeat(7)).is_ok());
        assert!(check_query(&"漏".repeat(8)).is_err());
        assert!(check_query(&"a".repeat(100)).is_ok());
        assert!(check_query(&"a".repeat(101)).is_err());
        assert!(check_query(&"ab ".repeat(8)).is_err());
        assert!(check_query("3-2-1201 13800138000 漏水 elevator").is_ok());
        assert!(check_query(&"x".repeat(10_000_000)).is_err());
    }

    #[test]
    fn token_counts_match_the_indexed_text() {
        let count = |text: &str| {
            text.split(|c: char| !is_token_char(c))
                .filter(|t| !t.is_empty())
                .count()
        };
        let samples: &[&[&str]] = &[
            &[
                "电梯停在12楼, 2人被困",
                "3-2-1201",
                "",
                "13800138000",
                "tail8000",
            ],
            &[
                "R-2026-00017",
                "3-2-1201室, 8号楼-东",
                "--a-b--",
                "a--b-c",
                "-x-",
                "a-",
            ],
            &[
                "Élévator KELVIN \u{212A}-1 İstanbul",
                "ß-2 ﬁ",
                "ｱｲｳ・カ 한국어 ５-６",
            ],
            &["漏水3-2-1201室a-b漏", "电梯a1-b2电", "㐀-1 𠀀2-3"],
            &["a-b-c d-e", "1-2-3-", "x - y", "1-2,3-4;5-6", "😀-1 a_b-c"],
        ];
        for parts in samples {
            if let Some(n) = index_token_count(parts.iter().copied()) {
                assert_eq!(n, count(&index_text(parts)), "{parts:?}");
            }
        }
        // Scripts where SQLite's tokenizer may class a character otherwise are not counted.
        assert_eq!(index_token_count(["\u{2067}x"]), None);
        assert_eq!(index_token_count(["电梯 3-2-1201 Élé ＡＢ"]), Some(8));
    }

    #[test]
    fn phone_tails() {
        assert_eq!(phone_tail("13800138000").as_deref(), Some("tail8000"));
        assert_eq!(phone_tail("1234"), None);
    }
}
