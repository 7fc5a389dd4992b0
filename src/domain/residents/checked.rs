//! A record checked against the residents directory before it is written (a release pass,
//! DOMAIN.md §6): what the operator entered compared with what the directory holds for the
//! room. The ID number on file is compared, never shown: a caller states it whole or its last
//! 4 to 6 characters.

use super::Household;
use crate::domain::error::{Problem, RuleError};
use crate::domain::intake::Entries;
use crate::domain::record::NewRecord;

/// A kind's check against the directory (`KindRules::directory_check`): the new record, the
/// entries it was made from, and the room's household if the directory has one.
pub type DirectoryRule =
    fn(&NewRecord, &Entries, Option<&Household>) -> Result<DirectoryCheck, RuleError>;

/// What the directory holds that a check compared (or could not: not on file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnFile {
    Owner,
    IdNumber,
}

/// What a check against the directory found (a mismatch is a `RuleError` instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectoryCheck {
    /// The room is not in the directory (or none was given): nothing compared.
    NotInDirectory { room: Option<String> },
    /// Compared: what matched, and what the directory does not hold.
    Checked {
        room: String,
        matched: Vec<OnFile>,
        not_on_file: Vec<OnFile>,
    },
}

/// The ID number a caller states: whole (18 characters) or its last 4 to 6; upper case.
pub fn caller_id(text: &str) -> Result<String, Problem> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let n = t.chars().count();
    let shape = t.chars().all(|c| c.is_ascii_digit() || c == 'X')
        && !t[..n.saturating_sub(1)].contains('X');
    if shape && (n == 18 || (4..=6).contains(&n)) {
        Ok(t)
    } else {
        Err(Problem::NotIdOrEnd)
    }
}

/// Whether the stated number (`caller_id`) is the one on file: equal, or its end.
pub fn id_matches(on_file: &str, stated: &str) -> bool {
    let on_file = on_file.trim().to_ascii_uppercase();
    if stated.len() == 18 {
        on_file == stated
    } else {
        on_file.ends_with(stated)
    }
}

/// Two names the same but for spaces (王 小明 is 王小明) and Latin case.
pub fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stated_number_is_whole_or_its_end() {
        let on_file = "11010519491231002X";
        assert!(id_matches(
            on_file,
            &caller_id("11010519491231002x").unwrap()
        ));
        assert!(id_matches(on_file, &caller_id("002X").unwrap()));
        assert!(id_matches(on_file, &caller_id(" 31002x ").unwrap()));
        assert!(!id_matches(on_file, &caller_id("0021").unwrap()));
        assert!(!id_matches(
            on_file,
            &caller_id("110105194912310021").unwrap()
        ));
        for bad in ["12", "1234567", "12X4", "abcd", "11010519491231002"] {
            assert_eq!(caller_id(bad), Err(Problem::NotIdOrEnd), "{bad}");
        }
        assert!(same_name("王 小明", "王小明"));
        assert!(same_name("Li Lei", "li lei"));
        assert!(!same_name("王小明", "王晓明"));
    }
}
