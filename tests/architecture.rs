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

// ----- a kind's value enums stay in its module -------------------------------------------

/// The value enums a kind declares in its own folder (`slug_enum!` in `src/domain/kinds/NAME/`):
/// its categories, classes, channels… Outside its folder they are reached through the sets the
/// kind declares (`domain::choice::ChoiceSet`), not named.
fn value_enums(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&root.join("src/domain/kinds"), &mut files);
    let mut names = Vec::new();
    for path in files {
        // The registry's own file holds the shared vocabularies (yes/no, rating, callback
        // form, satisfaction): no kind's.
        if path.parent() == Some(&root.join("src/domain/kinds")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a kind's file");
        for part in text.split("slug_enum!(").skip(1) {
            let name = part
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with("//"))
                .and_then(|l| l.strip_suffix('{'))
                .map(|l| l.trim().to_string())
                .expect("slug_enum!( NAME {");
            names.push(name);
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Where a kind's value enum may still be named outside its kind, and why: (path prefix,
/// the enums, the reason). Anything else fails the test.
const VALUES_ALLOWED: &[(&str, &[&str], &str)] = &[
    ("src/demo/", &["*"], "the demo's scene data"),
    (
        "src/i18n/mod.rs",
        &["*"],
        "the words of each value (`labels!`): every word is in i18n, in pairs",
    ),
    ("src/i18n/inspection.rs", &["*"], "the inspection's words"),
    (
        "src/i18n/paper.rs",
        &["Channel", "Handler"],
        "the paper forms' words",
    ),
    ("src/i18n/print.rs", &["Handler"], "the paper forms' words"),
    (
        "src/i18n/company.rs",
        &["CallKind", "ComplaintClass", "IncidentType"],
        "the company view's figures by slug, as `cli/report.rs` (not yet through the kinds' sets)",
    ),
    (
        "src/domain/action.rs",
        &["ComplaintClass", "Difficulty", "ReportHow"],
        "`Action` is the stored vocabulary of steps: its fields are these values",
    ),
    (
        "src/store/payload.rs",
        &["ComplaintClass", "Difficulty", "ReportHow"],
        "reads stored actions",
    ),
    (
        "src/app/actions.rs",
        &["ComplaintClass", "Difficulty", "ReportHow"],
        "samples of actions the desk asks the rules about",
    ),
    (
        "src/store/records.rs",
        &["ComplaintClass"],
        "the escalation action",
    ),
    (
        "src/domain/record.rs",
        &["ComplaintClass", "Difficulty"],
        "`Record::class`, `Record::difficulty`",
    ),
    (
        "src/domain/notify/mod.rs",
        &["ReportHow"],
        "a report upward's message",
    ),
    (
        "src/cli/report.rs",
        &["ComplaintClass", "IncidentType"],
        "the report's figures by slug (not yet through the kinds' sets)",
    ),
    (
        "src/app/form/checklist.rs",
        &["Outcome"],
        "an inspection round's checklist form (not yet the kind's)",
    ),
    (
        "src/ui/checklist.rs",
        &["Outcome"],
        "an inspection round's checklist drawn (not yet the kind's)",
    ),
    (
        "src/notify/",
        &["Channel"],
        "another type: a notification channel",
    ),
    (
        "src/config_notify.rs",
        &["Channel"],
        "another type: a notification channel",
    ),
];

/// `code` without the text of its string literals.
fn without_strings(code: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in code.chars() {
        match (in_string, c) {
            (true, '\\') if !escaped => escaped = true,
            (true, '"') if !escaped => in_string = false,
            (true, _) => escaped = false,
            (false, '"') => in_string = true,
            (false, _) => out.push(c),
        }
    }
    out
}

/// The value enums of `names` that `code` names: as a whole word, not a variant of another
/// enum (`Field::Channel`: after a capitalised path segment) and not a variant declared on a
/// line of its own (`Channel,` in `enum Field`).
fn values_named<'a>(code: &str, names: &'a [String]) -> Vec<&'a str> {
    let code = without_strings(code);
    let trimmed = code.trim();
    let mut found = Vec::new();
    for name in names {
        if trimmed == format!("{name},") {
            continue;
        }
        let mut from = 0;
        while let Some(at) = code[from..].find(name.as_str()).map(|i| i + from) {
            from = at + name.len();
            let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
            let before = &code[..at];
            if before.chars().next_back().is_some_and(word)
                || code[from..].chars().next().is_some_and(word)
            {
                continue;
            }
            let segment: String = before
                .strip_suffix("::")
                .map(|b| {
                    let rev: String = b.chars().rev().take_while(|c| word(*c)).collect();
                    rev.chars().rev().collect()
                })
                .unwrap_or_default();
            if segment.starts_with(|c: char| c.is_ascii_uppercase()) {
                continue;
            }
            found.push(name.as_str());
            break;
        }
    }
    found
}

/// Every `file:line: text` where a value enum not allowed there is named.
fn values_outside(rel: &str, text: &str, names: &[String]) -> Vec<String> {
    let allowed: Vec<&str> = VALUES_ALLOWED
        .iter()
        .filter(|(prefix, _, _)| rel.starts_with(prefix))
        .flat_map(|(_, names, _)| names.iter().copied())
        .collect();
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.split("//").next().unwrap_or("");
        let named: Vec<&str> = values_named(code, names)
            .into_iter()
            .filter(|v| !allowed.contains(&"*") && !allowed.contains(v))
            .collect();
        if !named.is_empty() {
            found.push(format!(
                "{rel}:{}: {} ({})",
                n + 1,
                line.trim(),
                named.join(", ")
            ));
        }
    }
    found
}

#[test]
fn no_kind_value_enum_is_named_outside_its_kind() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let names = value_enums(root);
    for expected in ["RepairCategory", "CallKind", "LogCategory", "VerifiedBy"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not found among {names:?}"
        );
    }
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let mut found = Vec::new();
    for path in files {
        let rel = path
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("src/domain/kinds/") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        found.extend(values_outside(&rel, &text, &names));
    }
    assert!(
        found.is_empty(),
        "a kind's value enum is named outside src/domain/kinds/ (use the set the kind \
         declares, `domain::choice::ChoiceSet`, or its words in i18n):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_value_check_finds_a_type_not_a_variant_or_a_word() {
    let names: Vec<String> = ["Channel", "RepairCategory"].map(String::from).into();
    let text = "use crate::domain::{Channel, Slug};\n\
                let a = Field::Channel;\n\
                Channel,\n\
                let b = RepairCategory::General; // RepairCategory\n\
                let c = \"Channel\";\n\
                let d = ChannelConfig::default();\n\
                let e: crate::domain::RepairCategory = x;\n\
                #[cfg(test)]\n\
                let f = Channel::Phone;\n";
    assert_eq!(
        values_outside("src/x.rs", text, &names),
        [
            "src/x.rs:1: use crate::domain::{Channel, Slug}; (Channel)",
            "src/x.rs:4: let b = RepairCategory::General; // RepairCategory (RepairCategory)",
            "src/x.rs:7: let e: crate::domain::RepairCategory = x; (RepairCategory)",
        ]
    );
    assert!(values_outside("src/demo/x.rs", text, &names).is_empty());
    assert!(values_outside("src/notify/x.rs", "let c: Channel;", &names).is_empty());
}
