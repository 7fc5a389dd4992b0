//! `dutydesk act ID ACTION`: one lifecycle step, checked against the record's state.

use super::CliError;
use super::add::{slug, when};
use super::args::{ActArgs, ActCommand};
use crate::desk::Desk;
use crate::domain::text::{MAX_SHORT_CHARS, MAX_TEXT_CHARS, optional_text, required_text};
use crate::domain::*;
use crate::store::{Stamp, Store};

/// The id as typed, or a message saying what an id looks like.
pub fn parse_id(text: &str) -> Result<RecordId, CliError> {
    RecordId::parse(text).ok_or_else(|| {
        CliError::bad(format!(
            "'{}' is not a record id; ids look like R-2026-00017 (L log, C call, R repair, H handover)",
            text.trim()
        ))
    })
}

/// A one-line instruction: short, no line breaks.
pub fn one_line(field: Field, text: &str) -> Result<String, CliError> {
    let value = required_text(field, text, MAX_SHORT_CHARS)?;
    if value.contains('\n') {
        return Err(RuleError::field(field, Problem::OneLine).into());
    }
    Ok(value)
}

pub fn run(store: &mut Store, desk: &Desk, args: ActArgs) -> Result<(), CliError> {
    let id = parse_id(&args.id)?;
    let (action, w) = match args.action {
        ActCommand::Dispatch { to, when } => (
            Action::Dispatch {
                to: required_text(Field::Technician, &to, MAX_SHORT_CHARS)?,
            },
            when,
        ),
        ActCommand::Arrive { when } => (Action::Arrive, when),
        ActCommand::Assess { difficulty, when } => (
            Action::Assess {
                difficulty: slug("difficulty", &difficulty)?,
            },
            when,
        ),
        ActCommand::Resolve { fee, when } => (
            Action::Resolve {
                fee: optional_text(Field::Fee, fee.as_deref(), MAX_SHORT_CHARS)?,
            },
            when,
        ),
        ActCommand::Callback {
            form,
            satisfaction,
            when,
        } => (
            Action::Callback {
                form: slug("form", &form)?,
                satisfaction: slug("satisfaction", &satisfaction)?,
            },
            when,
        ),
        ActCommand::Classify { class, when } => (
            Action::Classify {
                class: slug("class", &class)?,
            },
            when,
        ),
        ActCommand::Reply { written, when } => (Action::Reply { written }, when),
        ActCommand::Note { text, when } => (
            Action::Note {
                text: required_text(Field::Note, &text, MAX_TEXT_CHARS)?,
            },
            when,
        ),
        ActCommand::Watch { instruction, when } => (
            Action::Watch {
                instruction: one_line(Field::Watch, &instruction)?,
            },
            when,
        ),
        ActCommand::Unwatch { when } => (Action::Unwatch, when),
        ActCommand::Void { reason, when } => (
            Action::Void {
                reason: required_text(Field::Reason, &reason, MAX_TEXT_CHARS)?,
            },
            when,
        ),
    };
    let now = desk.clock.now();
    let at = match w.at {
        Some(_) => when(&w, desk)?,
        // A void or note on a record a wrong clock put in the future is stamped at its last
        // event (the write checks the record again under its lock).
        None if action.is_corrective() => {
            let last = store.get(id).ok().map(|(r, _)| r.last_event_at);
            crate::domain::time::default_event_time(true, now, last)
        }
        None => now,
    };
    let stamp = Stamp {
        operator: &desk.operator,
        at,
        now,
    };
    let record = store.act(id, action, &stamp, &desk.policy)?;
    println!("{} {}", record.id, record.status.slug());
    Ok(())
}
