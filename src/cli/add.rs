//! `dutydesk add <kind>`: the flags (one per field of the kind's intake, `args::AddCommand`)
//! go through the one intake (`domain::intake`), then one record is written.

use super::CliError;
use super::args::{AddCommand, When};
use crate::desk::Desk;
use crate::domain::intake;
use crate::domain::time::{Direction, parse_time};
use crate::domain::*;
use crate::i18n::cli::CliWord;
use crate::store::{Stamp, Store};
use chrono::{DateTime, Utc};

/// When the thing happened: `--at`, or now.
pub fn when(when: &When, desk: &Desk) -> Result<DateTime<Utc>, CliError> {
    let now = desk.clock.now();
    match &when.at {
        Some(text) => {
            let at = parse_time(Field::At, text, desk.policy.zone, now, Direction::Past)?;
            // A time given is never after now, even the one a record a wrong clock put in the
            // future may receive a correction at (`default_event_time`).
            crate::domain::time::check_event_time(at, now, None, desk.policy.zone)?;
            Ok(at)
        }
        None => Ok(now),
    }
}

pub fn run(store: &mut Store, desk: &Desk, command: AddCommand) -> Result<(), CliError> {
    let AddCommand { kind, entries } = command;
    let (new, at) = intake::new_record(kind, &entries, desk.clock.now(), &desk.policy)
        .map_err(CliError::from)?;
    // A pass against the residents directory: a mismatch is refused before anything is
    // written.
    let checked = store.check_against_directory(&new, &entries)?;
    let stamp = Stamp {
        operator: &desk.operator,
        at,
        now: desk.clock.now(),
    };
    let record = store.add(new, &stamp, &desk.policy)?;
    println!("{}", record.id);
    if let Some(check) = &checked {
        eprintln!(
            "{}",
            crate::i18n::residents::directory_check(desk.lang, check)
        );
    }
    if let Some(earlier) = record.repeat_of {
        eprintln!("{} {earlier}", CliWord::RepeatNote.s(desk.lang));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::{Input, Need};
    use crate::i18n::cli::{add_about, add_flag_help};
    use clap::CommandFactory;

    /// A flag of `add <kind>` as clap built it.
    #[derive(Debug, PartialEq)]
    struct Flag {
        long: String,
        value_name: String,
        required: bool,
        default: Option<String>,
        help: Option<String>,
    }

    /// The flags of `add <kind>`, in the order the help lists them.
    fn flags(sub: &clap::Command) -> Vec<Flag> {
        sub.get_arguments()
            .filter(|a| !a.is_global_set())
            .filter_map(|a| {
                let long = a.get_long()?;
                (long != "help").then(|| Flag {
                    long: long.to_string(),
                    value_name: a
                        .get_value_names()
                        .unwrap_or_default()
                        .iter()
                        .map(|n| n.to_string())
                        .collect(),
                    required: a.is_required_set(),
                    default: a
                        .get_default_values()
                        .first()
                        .map(|d| d.to_string_lossy().into_owned()),
                    help: a.get_help().map(|h| h.to_string()),
                })
            })
            .collect()
    }

    /// `add` has a subcommand for each kind created from entries and no other; each has one
    /// flag per field of the kind's intake (the desk's form), named by the field, with the
    /// intake's required/default and the kind's help words: a field added to a kind has its
    /// flag, and a kind added to the registry its `add`, with no edit in `cli/`.
    #[test]
    fn add_flags_are_the_kinds_fields() {
        let cli = super::super::args::Cli::command();
        let add = cli.find_subcommand("add").expect("add");
        let subs: Vec<&str> = add.get_subcommands().map(|s| s.get_name()).collect();
        let added: Vec<&str> = RecordKind::ALL
            .iter()
            .filter(|k| k.intake().takes_entries())
            .map(|k| k.slug())
            .collect();
        assert_eq!(subs, added);
        for &kind in RecordKind::ALL {
            let intake = kind.intake();
            let Some(sub) = add.find_subcommand(kind.slug()) else {
                assert!(!intake.takes_entries(), "no `add {kind}`");
                continue;
            };
            assert_eq!(
                sub.get_about().map(|a| a.to_string()).as_deref(),
                Some(add_about(kind)),
                "add {kind}"
            );
            let flags = flags(sub);
            let mut names: Vec<String> = flags.iter().map(|f| f.long.clone()).collect();
            let flag_of = |slug: &str| slug.replace('_', "-");
            let mut fields: Vec<String> = intake
                .fields
                .iter()
                .map(|s| flag_of(s.field.slug()))
                .collect();
            names.sort_unstable();
            fields.sort_unstable();
            assert_eq!(names, fields, "add {kind}");
            for spec in intake.fields {
                let slug = spec.field.slug();
                let flag = flags
                    .iter()
                    .find(|f| f.long == flag_of(slug))
                    .expect("flag");
                let value_name = match spec.input {
                    Input::Time(_) => "TIME".to_string(),
                    Input::Choice { set, .. } if set.switch => "YES|NO".to_string(),
                    _ => slug.to_uppercase(),
                };
                let want = Flag {
                    long: flag_of(slug),
                    value_name,
                    required: intake.flag_required(spec),
                    default: intake.flag_default(spec).map(str::to_string),
                    help: add_flag_help(kind, spec.field).map(str::to_string),
                };
                assert_eq!(*flag, want, "add {kind} --{slug}");
                // A flag's default is the form's: never a value the intake refuses, and only
                // where the field must have a value.
                if let Some(default) = &flag.default {
                    let Input::Choice { set, .. } = spec.input else {
                        panic!("add {kind} --{slug}: a default for a text")
                    };
                    assert!(set.parse(default).is_some(), "add {kind} --{slug}");
                    assert!(matches!(spec.need, Need::Required), "add {kind} --{slug}");
                }
            }
        }
    }

    /// What `add` asks for and fills in as before its flags came from the intakes: which
    /// flags are required and which default, in the order of the usage line.
    #[test]
    fn add_required_and_default_flags_are_as_before() {
        let cli = super::super::args::Cli::command();
        let add = cli.find_subcommand("add").expect("add");
        let want = [
            ("log", vec!["summary"], vec![("category", "note")]),
            ("call", vec!["kind", "channel", "summary"], vec![]),
            ("repair", vec!["category", "location", "summary"], vec![]),
        ];
        for (kind, required, defaults) in want {
            let flags = flags(add.find_subcommand(kind).expect(kind));
            let got: Vec<&str> = flags
                .iter()
                .filter(|f| f.required)
                .map(|f| f.long.as_str())
                .collect();
            assert_eq!(got, required, "add {kind}: required");
            let got: Vec<(&str, &str)> = flags
                .iter()
                .filter_map(|f| Some((f.long.as_str(), f.default.as_deref()?)))
                .collect();
            assert_eq!(got, defaults, "add {kind}: defaults");
        }
    }

    /// A choice flag's help that lists the values lists each of them, so the help follows
    /// a value added to a kind's choices.
    #[test]
    fn choice_help_names_every_value() {
        for &kind in RecordKind::ALL {
            for spec in kind.intake().fields {
                let (Input::Choice { set, .. }, Some(help)) =
                    (spec.input, add_flag_help(kind, spec.field))
                else {
                    continue;
                };
                let listed: Vec<&str> = help
                    .split(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                    .collect();
                for slug in set.slugs().into_iter().filter(|s| !s.is_empty()) {
                    assert!(
                        listed.contains(&slug),
                        "add {kind} --{}: {slug}",
                        spec.field.slug()
                    );
                }
            }
        }
    }
}
