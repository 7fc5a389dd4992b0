//! `dutydesk add log|call|repair`: check every field, then write one record.

use super::CliError;
use super::args::{AddCommand, When};
use crate::desk::Desk;
use crate::domain::text::{
    MAX_SHORT_CHARS, MAX_TEXT_CHARS, optional_text, phone, required_text, room,
};
use crate::domain::time::{Direction, parse_time};
use crate::domain::*;
use crate::store::{Stamp, Store};
use chrono::{DateTime, Utc};

/// A slug flag: the value, or a message naming the flag and the allowed values.
pub fn slug<T: Slug>(flag: &str, text: &str) -> Result<T, CliError> {
    T::parse_slug(text).ok_or_else(|| {
        CliError::bad(format!(
            "--{flag}: '{}' is not one of: {}",
            text.trim(),
            T::allowed()
        ))
    })
}

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
    let summary_of = |s: &str| required_text(Field::Summary, s, MAX_TEXT_CHARS);
    let short = |field, s: Option<&str>| optional_text(field, s, MAX_SHORT_CHARS);
    let (new, at) = match command {
        AddCommand::Log {
            category,
            summary,
            location,
            when: w,
        } => (
            NewRecord {
                details: LogDetails {
                    category: slug("category", &category)?,
                }
                .into(),
                summary: summary_of(&summary)?,
                room: None,
                location: short(Field::Location, location.as_deref())?,
                phone: None,
                name: None,
            },
            when(&w, desk)?,
        ),
        AddCommand::Call {
            kind,
            channel,
            summary,
            name,
            room: r,
            phone: p,
            class,
            when: w,
        } => {
            let call_kind: CallKind = slug("kind", &kind)?;
            let class = class
                .as_deref()
                .map(|c| slug::<ComplaintClass>("class", c))
                .transpose()?;
            if class.is_some() && call_kind != CallKind::Complaint {
                return Err(CliError::bad(
                    "--class: only a complaint has a class (--kind complaint)",
                ));
            }
            (
                NewRecord {
                    details: CallDetails {
                        call_kind,
                        channel: slug("channel", &channel)?,
                        class,
                    }
                    .into(),
                    summary: summary_of(&summary)?,
                    room: r.as_deref().map(room).transpose()?.flatten(),
                    location: None,
                    phone: p.as_deref().map(phone).transpose()?.flatten(),
                    name: short(Field::Name, name.as_deref())?,
                },
                when(&w, desk)?,
            )
        }
        AddCommand::Repair {
            category,
            location,
            summary,
            room: r,
            phone: p,
            reporter,
            appointment,
            when: w,
        } => {
            let category: RepairCategory = slug("category", &category)?;
            let now = desk.clock.now();
            let appointment = appointment
                .as_deref()
                .map(|t| {
                    parse_time(
                        Field::Appointment,
                        t,
                        desk.policy.zone,
                        now,
                        Direction::Future,
                    )
                })
                .transpose()?;
            if appointment.is_some() && category != RepairCategory::Paid {
                return Err(CliError::bad(
                    "--appointment: only a paid repair (--category paid) is by appointment",
                ));
            }
            let location = short(Field::Location, Some(&location))?
                .ok_or_else(|| CliError::bad("--location: must not be empty"))?;
            (
                NewRecord {
                    details: RepairDetails {
                        category,
                        appointment,
                    }
                    .into(),
                    summary: summary_of(&summary)?,
                    room: r.as_deref().map(room).transpose()?.flatten(),
                    location: Some(location),
                    phone: p.as_deref().map(phone).transpose()?.flatten(),
                    name: short(Field::Reporter, reporter.as_deref())?,
                },
                when(&w, desk)?,
            )
        }
    };
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
