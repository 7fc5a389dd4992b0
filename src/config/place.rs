//! Where a key of the config file is: the line a check's error names, so that a person finds
//! the wrong value at once (`config file F, line 7: shifts[0].name: …`).

use crate::domain::text::sanitize_line;
use toml::de::{DeTable, DeValue};

/// The line (from 1) of `key` in the TOML `text`: a key path as the checks name it
/// (`inspection.areas[0].items[1].name`, `notify.mobiles.王师傅`, the map keys as
/// `sanitize_line` shows them). A key the file does not hold gives the line of the nearest
/// one above it that it does (`company.url` missing: the `[company]` table); None when the
/// text does not parse or holds none of it.
pub fn line_of(text: &str, key: &str) -> Option<usize> {
    let doc = DeTable::parse(text).ok()?;
    let mut table: &DeTable<'_> = doc.get_ref();
    let mut rest = key;
    let mut found: Option<usize> = None;
    // Each time, the longest key of this table the path goes on with (a key may hold a dot).
    while let Some((name_len, at, mut value)) = table
        .iter()
        .filter_map(|(k, v)| {
            let name = sanitize_line(k.get_ref());
            let after = rest.strip_prefix(name.as_ref())?;
            matches!(after.chars().next(), None | Some('.') | Some('['))
                .then(|| (name.len(), k.span().start, v))
        })
        .max_by_key(|(len, _, _)| *len)
    {
        found = Some(at);
        rest = &rest[name_len..];
        // Indexes into arrays: `[2]`, each an element's place.
        while let Some(inner) = rest.strip_prefix('[') {
            let Some((index, after)) = inner.split_once(']') else {
                return found.map(|at| line_at(text, at));
            };
            let Some(element) = index
                .parse::<usize>()
                .ok()
                .and_then(|i| value.get_ref().as_array().and_then(|a| a.get(i)))
            else {
                return found.map(|at| line_at(text, at));
            };
            found = Some(element.span().start);
            value = element;
            rest = after;
        }
        match (rest.strip_prefix('.'), value.get_ref()) {
            (Some(after), DeValue::Table(inner)) => {
                table = inner;
                rest = after;
            }
            _ => break,
        }
    }
    found.map(|at| line_at(text, at))
}

/// The line (from 1) holding byte `at`.
fn line_at(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::line_of;

    const TEXT: &str = r#"estate = "阳光花园"

[[shifts]]
name = "白班"
start = "08:00"
[[shifts]]
name = "夜班"
start = "20:00"

[[inspection.areas]]
slug = "power_room"
name = "配电房"
items = ["door_locked",
  { key = "meters", name = "电表读数" }]

[notify.mobiles]
"王.师傅" = "13800138000"
"李\u001b师傅" = "13800138001"

[company]
estate = "阳光花园"
"#;

    #[test]
    fn each_key_is_found_on_its_line() {
        for (key, line) in [
            ("estate", 1),
            ("shifts[0].name", 4),
            ("shifts[1].name", 7),
            ("shifts[1].start", 8),
            ("inspection.areas[0].slug", 11),
            ("inspection.areas[0].name", 12),
            ("inspection.areas[0].items[0]", 13),
            ("inspection.areas[0].items[1].name", 14),
            ("notify.mobiles.王.师傅", 17),
            ("notify.mobiles.李␛师傅", 18),
            ("company.estate", 21),
        ] {
            assert_eq!(line_of(TEXT, key), Some(line), "{key}");
        }
    }

    #[test]
    fn a_key_not_there_gives_the_nearest_one_above_it() {
        assert_eq!(line_of(TEXT, "company.url"), Some(20));
        assert_eq!(line_of(TEXT, "shifts[5].name"), Some(3));
        assert_eq!(line_of(TEXT, "timezone"), None);
        assert_eq!(line_of("not toml = = =", "estate"), None);
    }
}
