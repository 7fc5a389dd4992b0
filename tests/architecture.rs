//! The layout rule of docs/architecture.md: a record kind lives in one place. Outside
//! `src/domain/kinds/` (the kinds' own modules and the registry), `src/demo/` (the demo's scene
//! data) and `src/i18n/` (the words of each kind, by design), no code names a specific kind
//! (`RecordKind::Repair`, ...): it asks the kind (`RecordKind::props`, `KindRules`).
//!
//! A textual check, on purpose simple: each line of every `.rs` file is searched for
//! `RecordKind::` followed by a kind's variant. A file's test code is skipped from its first
//! `#[cfg(test)]` line to the end of the file (the crate keeps its unit tests at the end of a
//! file), and `//` comments are ignored. `RecordKind::ALL` and the like are fine.

use std::path::{Path, PathBuf};

const KINDS: &[&str] = &[
    "Log",
    "Call",
    "Repair",
    "Incident",
    "Inspection",
    "Pass",
    "Handover",
];

/// The enums with one variant a kind: the kind itself, its details and its state.
const PREFIXES: &[&str] = &["RecordKind::", "Details::", "KindState::"];

/// Whether `code` names a kind's variant of the enum `prefix` (`Details::` only as a whole
/// name: `RepairDetails::new` is not the enum `Details`).
fn names_a_kind(code: &str, prefix: &str) -> bool {
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let whole = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
        let after = &rest[at + prefix.len()..];
        let word: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if whole && KINDS.contains(&word.as_str()) {
            return true;
        }
        rest = after;
    }
    false
}

const ALLOWED: &[&str] = &["src/domain/kinds/", "src/demo/", "src/i18n/"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `file:line: text` where a kind's variant is named in `text` (one file's contents).
fn kinds_named(file: &str, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.split("//").next().unwrap_or("");
        if PREFIXES.iter().any(|p| names_a_kind(code, p)) {
            found.push(format!("{file}:{}: {}", n + 1, line.trim()));
        }
    }
    found
}

#[test]
fn no_kind_is_named_outside_its_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(
        files.len() > 50,
        "the sources were not found under {root:?}"
    );
    files.sort();
    let mut found = Vec::new();
    for path in files {
        let rel = path
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        if ALLOWED.iter().any(|a| rel.starts_with(a)) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        found.extend(kinds_named(&rel, &text));
    }
    assert!(
        found.is_empty(),
        "a specific kind is named outside src/domain/kinds/ (ask the kind instead: \
         RecordKind::props, KindRules):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_finds_a_kind_and_skips_tests_and_comments() {
    let text = "let a = RecordKind::ALL;\n\
                // RecordKind::Repair in a comment\n\
                if k == crate::domain::RecordKind::Repair {}\n\
                let b = RecordKind::Passes;\n\
                let Details::Inspection(d) = x else {};\n\
                let c = RepairDetails::Pass;\n\
                if let crate::domain::KindState::Pass(p) = s {}\n\
                #[cfg(test)]\n\
                mod tests { RecordKind::Call }\n";
    assert_eq!(
        kinds_named("x.rs", text),
        [
            "x.rs:3: if k == crate::domain::RecordKind::Repair {}",
            "x.rs:5: let Details::Inspection(d) = x else {};",
            "x.rs:7: if let crate::domain::KindState::Pass(p) = s {}",
        ]
    );
}
