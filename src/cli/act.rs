//! `dutydesk act ID ACTION`: one lifecycle step, checked against the record's state.

use super::CliError;
use super::add::when;
use super::args::When;
use super::args::{ActArgs, ActCommand};
use crate::desk::Desk;
use crate::domain::intake::Entries;
use crate::domain::step::Step;
use crate::domain::*;
use crate::store::{Stamp, Store};

/// The id as typed, or a message saying what an id looks like.
pub fn parse_id(text: &str) -> Result<RecordId, CliError> {
    RecordId::parse(text)
        .ok_or_else(|| CliError::bad(crate::i18n::cli::Say::NotAnId(text.trim().to_string())))
}

/// The step and its flags as typed, by field: `domain::step` reads them, as for the desk.
fn entries(command: ActCommand) -> (Step, Entries, When) {
    let mut e = Entries::default();
    let (step, when) = match command {
        ActCommand::Dispatch { to, when } => {
            e.set(Field::Technician, to);
            (Step::Dispatch, when)
        }
        ActCommand::Arrive { when } => (Step::Arrive, when),
        ActCommand::Assess { difficulty, when } => {
            e.set(Field::Difficulty, difficulty);
            (Step::Assess, when)
        }
        ActCommand::Resolve {
            fee,
            signed,
            rating,
            work,
            materials,
            result,
            when,
        } => {
            e.put(Field::Fee, fee.as_deref());
            e.put(Field::Signed, signed.as_deref());
            e.put(Field::Rating, rating.as_deref());
            e.put(Field::Work, work.as_deref());
            e.put(Field::Materials, materials.as_deref());
            e.put(Field::Result, result.as_deref());
            (Step::Resolve, when)
        }
        ActCommand::Callback {
            form,
            satisfaction,
            words,
            signed,
            quality,
            when,
        } => {
            e.put(Field::Quality, quality.then_some("yes"));
            e.set(Field::CallbackForm, form);
            e.set(Field::Satisfaction, satisfaction);
            e.put(Field::Words, words.as_deref());
            e.put(Field::Signed, signed.as_deref());
            (Step::Callback, when)
        }
        ActCommand::Notice { when } => (Step::Notice, when),
        ActCommand::WorkOrder { .. } => unreachable!("a work order is written by work_order"),
        ActCommand::Repair { .. } => unreachable!("a round's repair is written by repair"),
        ActCommand::Classify { class, when } => {
            e.set(Field::Class, class);
            (Step::Classify, when)
        }
        ActCommand::Reply {
            written: false,
            when,
        } => (Step::Reply, when),
        ActCommand::Reply {
            written: true,
            when,
        } => (Step::ReplyWritten, when),
        ActCommand::Note { text, when } => {
            e.set(Field::Note, text);
            (Step::Note, when)
        }
        ActCommand::Watch { instruction, when } => {
            e.set(Field::Watch, instruction);
            (Step::Watch, when)
        }
        ActCommand::Unwatch { when } => (Step::Unwatch, when),
        ActCommand::Propose { text, when } => {
            e.set(Field::Proposal, text);
            (Step::Propose, when)
        }
        ActCommand::NotifyDeveloper { when } => (Step::NotifyDeveloper, when),
        ActCommand::WarrantyExplained { when } => (Step::WarrantyExplained, when),
        ActCommand::NotifyHeating { when } => (Step::NotifyHeating, when),
        ActCommand::Used { guard, when } => {
            e.put(Field::Guard, guard.as_deref());
            (Step::Used, when)
        }
        ActCommand::Void { reason, when } => {
            e.set(Field::Reason, reason);
            (Step::Void, when)
        }
        ActCommand::Report {
            to,
            role,
            how,
            answer,
            when,
        } => {
            e.put(Field::ReportTo, to.as_deref());
            e.put(Field::Role, role.as_deref());
            e.put(Field::How, how.as_deref());
            e.put(Field::Answer, answer.as_deref());
            (Step::Report, when)
        }
        ActCommand::Pause {
            reason,
            until,
            when,
        } => {
            e.set(Field::Reason, reason);
            e.put(Field::PauseUntil, until.as_deref());
            (Step::Pause, when)
        }
        ActCommand::Resume { when } => (Step::Resume, when),
        ActCommand::Close {
            outcome,
            medical_callback,
            when,
        } => {
            e.put(Field::Outcome, outcome.as_deref());
            e.put(Field::MedicalCallback, medical_callback.as_deref());
            (Step::Close, when)
        }
    };
    (step, e, when)
}

pub fn run(store: &mut Store, desk: &Desk, args: ActArgs) -> Result<(), CliError> {
    let id = parse_id(&args.id)?;
    if let ActCommand::WorkOrder {
        category,
        location,
        when: w,
    } = args.action
    {
        return work_order(store, desk, id, category, location, &w);
    }
    if let ActCommand::Repair {
        item,
        category,
        room,
        when: w,
    } = args.action
    {
        return repair(store, desk, id, &item, &category, room, &w);
    }
    let (step, e, w) = entries(args.action);
    let action = step
        .action(&e, desk.clock.now(), desk.policy.zone)
        .map_err(|problems| CliError::from(problems.first()))?;
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

/// `act C-… work-order`: the repair written from a repair call; prints the call and the repair.
fn work_order(
    store: &mut Store,
    desk: &Desk,
    id: RecordId,
    category: Option<String>,
    location: Option<String>,
    w: &When,
) -> Result<(), CliError> {
    let location = match location {
        Some(text) => Some(crate::domain::text::required_text(
            Field::Location,
            &text,
            crate::domain::text::MAX_SHORT_CHARS,
        )?),
        None => None,
    };
    let now = desk.clock.now();
    let at = match w.at {
        Some(_) => when(w, desk)?,
        None => now,
    };
    let stamp = Stamp {
        operator: &desk.operator,
        at,
        now,
    };
    let (call, repair) =
        store.batch(|w| w.work_order(id, category.as_deref(), location, &stamp, &desk.policy))?;
    println!("{} {}", call.id, call.status.slug());
    println!("{} {}", repair.id, repair.status.slug());
    Ok(())
}

/// `act N-… repair`: the repair of a problem a round found; prints the round and the repair.
fn repair(
    store: &mut Store,
    desk: &Desk,
    id: RecordId,
    item: &str,
    category: &str,
    room: Option<String>,
    w: &When,
) -> Result<(), CliError> {
    let details = crate::domain::kinds::found_details(Some(category), "")?;
    let room = crate::domain::text::room(room.as_deref().unwrap_or(""))?;
    let now = desk.clock.now();
    let at = match w.at {
        Some(_) => when(w, desk)?,
        None => now,
    };
    let stamp = Stamp {
        operator: &desk.operator,
        at,
        now,
    };
    let lang = desk.lang;
    let key = item.trim().to_ascii_lowercase().replace('-', "_");
    let summary = |round: &Record| crate::i18n::inspection::repair_summary(round, &key, lang);
    let (round, repair) = store.batch(|w| {
        let found = crate::store::FoundRepair {
            item,
            details,
            room,
        };
        w.repair_from_inspection(id, found, summary, &stamp, &desk.policy)
    })?;
    println!("{} {}", round.id, round.status.slug());
    println!("{} {}", repair.id, repair.status.slug());
    Ok(())
}
