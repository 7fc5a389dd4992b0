//! `dutydesk handover note|show|sign|refuse|list`.

use super::CliError;
use super::act::parse_id;
use super::add::when;
use super::args::HandoverCommand;
use super::output::print_json;
use crate::desk::Desk;
use crate::domain::handover::{Draft, fate, slot_at};
use crate::domain::text::{MAX_TEXT_CHARS, required_text, sanitize_line};
use crate::domain::time::{parse_date, short, start_of};
use crate::domain::*;
use crate::i18n::Label;
use crate::i18n::cli::Say;
use crate::i18n::handover::HandoverWord as H;
use crate::store::{Damaged, Stamp, Store, StoreError};
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub fn run(store: &mut Store, desk: &Desk, command: HandoverCommand) -> Result<(), CliError> {
    let now = desk.clock.now();
    let defs = desk.shift_defs();
    let slot = slot_at(&defs, now, &desk.policy);
    // Signing and refusing happen now; a note may say when it was written (`--at`).
    let stamp = Stamp {
        operator: &desk.operator,
        at: now,
        now,
    };
    match command {
        HandoverCommand::Note { text, when: w } => {
            let text = required_text(Field::Note, &text, MAX_TEXT_CHARS)?;
            let stamp = Stamp {
                operator: &desk.operator,
                at: when(&w, desk)?,
                now,
            };
            let h = store.act_on_handover(&slot, Action::Note { text }, &stamp, &desk.policy)?;
            println!("{}", h.id);
            Ok(())
        }
        HandoverCommand::Show {
            id, print: true, ..
        } => super::print_handover::run(store, desk, id.as_deref()),
        HandoverCommand::Show {
            id: Some(id), json, ..
        } => show_signed(store, desk, &id, json),
        HandoverCommand::Show { id: None, json, .. } => {
            let (draft, open_damaged) = store.handover_draft_and_damaged(
                &defs,
                &slot,
                now,
                &desk.policy,
                &desk.operator,
            )?;
            let record = store.handover_at(slot.boundary)?;
            let late = store.unsigned_previous(&defs, &slot, now, &desk.policy)?;
            let damaged = if json {
                let mut v = serde_json::to_value(&draft).expect("drafts serialise");
                v["id"] = json!(record.as_ref().map(|r| r.id.to_string()));
                v["status"] = json!(record.as_ref().map(|r| r.status.slug()).unwrap_or("draft"));
                v["unsigned_previous"] =
                    json!(late.map(|s| crate::domain::time::rfc3339(s.boundary, desk.policy.zone)));
                print_json(&v);
                open_damaged
            } else {
                if let Some(late) = late {
                    println!("{}", crate::handover_text::late_line(desk, &late));
                }
                print_draft(store, desk, &draft, record.as_ref())?
            };
            // A record that cannot be read fails the command (exit 1), as in `list`.
            super::output::damaged_failure(&damaged, desk)
        }
        HandoverCommand::Sign { by } => {
            let h = store.sign_handover(&defs, &by, &stamp, &desk.policy)?;
            println!("{}", h.id);
            Ok(())
        }
        HandoverCommand::Refuse { by, reason } => {
            let h = store.refuse_handover(&defs, &by, &reason, &stamp, &desk.policy)?;
            println!("{} {}", h.id, H::Refused.s(desk.lang));
            Ok(())
        }
        HandoverCommand::List { since, json } => {
            let since = since
                .as_deref()
                .map(|d| parse_date(Field::Since, d).map(|d| start_of(d, desk.policy.zone)))
                .transpose()?;
            let all = store.handovers(since, now)?;
            if json {
                let zone = desk.policy.zone;
                let rows: Vec<Value> = all
                    .iter()
                    .map(|h| {
                        let (from, to, boundary) = match HandoverDetails::of(h) {
                            Some(d) => (d.from_shift.clone(), d.to_shift.clone(), Some(d.boundary)),
                            None => (String::new(), String::new(), None),
                        };
                        let open = h
                            .signature()
                            .and_then(|s| s.content.get("open"))
                            .and_then(Value::as_array)
                            .map(Vec::len);
                        json!({
                            "id": h.id.to_string(),
                            "status": h.status.slug(),
                            "voided": h.is_voided(),
                            "from_shift": from,
                            "to_shift": to,
                            "boundary": boundary.map(|b| crate::domain::time::rfc3339(b, zone)),
                            "outgoing": h.signature().map(|s| s.outgoing.clone()),
                            "incoming": h.signature().map(|s| s.by.clone()),
                            "signed_at": h.signature().map(|s| crate::domain::time::rfc3339(s.at, zone)),
                            "refusals": h.refusals().len(),
                            "open": open,
                        })
                    })
                    .collect();
                print_json(&Value::Array(rows));
            } else if all.is_empty() {
                println!("{}", H::NoHandovers.s(desk.lang));
            } else {
                for h in &all {
                    let who = match h.signature() {
                        Some(s) => format!(
                            "{} → {} {}",
                            sanitize_line(&s.outgoing),
                            sanitize_line(&s.by),
                            short(s.at, desk.policy.zone)
                        ),
                        None => h.status.label(desk.lang).to_string(),
                    };
                    let voided = if h.is_voided() {
                        H::VoidedMark.s(desk.lang)
                    } else {
                        ""
                    };
                    println!(
                        "{} {} {}{}",
                        h.id,
                        sanitize_line(&h.new.summary),
                        who,
                        voided
                    );
                }
            }
            Ok(())
        }
    }
}

/// The compiled handover printed as `handover show` prints it; the records it could not read.
fn print_draft(
    store: &Store,
    desk: &Desk,
    d: &Draft,
    record: Option<&Record>,
) -> Result<Vec<Damaged>, CliError> {
    let compiled = crate::handover_text::compile(store, desk, desk.clock.now(), d, record, None)?;
    for line in &compiled.lines {
        println!("{line}");
    }
    Ok(compiled.damaged)
}

fn add_damaged(damaged: &mut Vec<Damaged>, d: Damaged) {
    if !damaged.contains(&d) {
        damaged.push(d);
    }
}

fn show_signed(store: &Store, desk: &Desk, id: &str, json: bool) -> Result<(), CliError> {
    let id = parse_id(id)?;
    if !id.kind.props().shift_handover {
        return Err(CliError::bad(Say::NotAHandover(id)));
    }
    let (h, events) = store.get(id)?;
    let now = desk.clock.now();
    let content: Option<Draft> = h
        .signature()
        .and_then(|s| serde_json::from_value(s.content.clone()).ok());
    let mut fates = BTreeMap::new();
    let mut damaged = Vec::new();
    if let Some(d) = &content {
        for item in &d.open {
            if let Some(rid) = RecordId::parse(item) {
                match store.get(rid) {
                    Ok((r, _)) => {
                        fates.insert(item.clone(), fate(&r, &desk.policy, now));
                    }
                    Err(StoreError::Damaged(d)) => add_damaged(&mut damaged, d),
                    Err(e) => return Err(e.into()),
                }
            }
        }
    }
    if json {
        let mut v = super::output::record_json(&h, desk, now);
        v["content"] = h
            .signature()
            .map(|s| s.content.clone())
            .unwrap_or(Value::Null);
        v["since"] = json!(fates);
        v["timeline"] = super::output::timeline_json(&events, desk);
        print_json(&v);
        return super::output::damaged_failure(&damaged, desk);
    }
    super::output::print_record(&h, &events, desk, now);
    if let Some(d) = content {
        println!();
        for d in print_draft(store, desk, &d, Some(&h))? {
            add_damaged(&mut damaged, d);
        }
        println!("\n{}", H::SinceSigned.s(desk.lang));
        for (item, state) in &fates {
            println!("  {item} {state}");
        }
    }
    super::output::damaged_failure(&damaged, desk)
}
