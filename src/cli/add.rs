//! `dutydesk add log|call|repair`: the flags go through the one intake (`domain::intake`),
//! then one record is written.

use super::CliError;
use super::args::{AddCommand, When};
use crate::desk::Desk;
use crate::domain::intake::{self, Entries};
use crate::domain::time::{Direction, parse_time};
use crate::domain::*;
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

/// The flags as typed, by field: `domain::intake` reads and checks them, as for the desk.
fn entries(command: AddCommand) -> (RecordKind, Entries) {
    let mut e = Entries::default();
    let (kind, when) = match command {
        AddCommand::Log {
            category,
            summary,
            location,
            when,
        } => {
            e.set(Field::Category, category);
            e.set(Field::Summary, summary);
            e.put(Field::Location, location.as_deref());
            (RecordKind::Log, when)
        }
        AddCommand::Call {
            kind,
            channel,
            summary,
            name,
            room,
            phone,
            class,
            when,
        } => {
            e.set(Field::CallKind, kind);
            e.set(Field::Channel, channel);
            e.set(Field::Summary, summary);
            e.put(Field::Name, name.as_deref());
            e.put(Field::Room, room.as_deref());
            e.put(Field::Phone, phone.as_deref());
            e.put(Field::Class, class.as_deref());
            (RecordKind::Call, when)
        }
        AddCommand::Repair {
            category,
            location,
            summary,
            room,
            phone,
            reporter,
            appointment,
            when,
        } => {
            e.set(Field::Category, category);
            e.set(Field::Location, location);
            e.set(Field::Summary, summary);
            e.put(Field::Room, room.as_deref());
            e.put(Field::Phone, phone.as_deref());
            e.put(Field::Reporter, reporter.as_deref());
            e.put(Field::Appointment, appointment.as_deref());
            (RecordKind::Repair, when)
        }
    };
    e.put(Field::At, when.at.as_deref());
    (kind, e)
}

pub fn run(store: &mut Store, desk: &Desk, command: AddCommand) -> Result<(), CliError> {
    let (kind, e) = entries(command);
    let (new, at) = intake::new_record(kind, &e, desk.clock.now(), desk.policy.zone)
        .map_err(|problems| CliError::from(problems.first()))?;
    let stamp = Stamp {
        operator: &desk.operator,
        at,
        now: desk.clock.now(),
    };
    let record = store.add(new, &stamp, &desk.policy)?;
    println!("{}", record.id);
    if let Some(earlier) = record.repeat_of {
        eprintln!(
            "{} {earlier}",
            desk.lang.pick(
                "note: a repeat — same room and category as",
                "注意: 重复报事 — 同一房号同一类别, 见"
            )
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// `add <kind>` has one flag per field of the kind's intake (the desk's form), named by
    /// the field: a field added to a kind without its flag (or the reverse) fails here.
    #[test]
    fn add_flags_are_the_kinds_fields() {
        let cli = super::super::args::Cli::command();
        let add = cli.find_subcommand("add").expect("add");
        for kind in RecordKind::ALL {
            let Some(sub) = add.find_subcommand(kind.slug()) else {
                assert!(kind.intake().build.is_none(), "no `add {kind}`");
                continue;
            };
            let mut flags: Vec<&str> = sub
                .get_arguments()
                .filter(|a| !a.is_global_set())
                .filter_map(|a| a.get_long())
                .filter(|l| *l != "help")
                .collect();
            let mut fields: Vec<&str> = kind
                .intake()
                .fields
                .iter()
                .map(|s| s.field.slug())
                .collect();
            flags.sort_unstable();
            fields.sort_unstable();
            assert_eq!(flags, fields, "add {kind}");
        }
    }
}
