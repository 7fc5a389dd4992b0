//! The household card: `residents show ROOM` (with the history of changes) and `room ROOM`
//! (with the room's open matters and its last 90 days of records, repeats marked). A phone or
//! its last 4 digits finds the household first.

use super::{CliError, household_json, may_see_full};
use crate::cli::output::{print_json, print_table, record_json};
use crate::desk::Desk;
use crate::domain::Record;
use crate::domain::deadline::as_of;
use crate::domain::residents::{HField, Household, Patch, cell};
use crate::domain::text::sanitize_line;
use crate::i18n::Lang;
use crate::i18n::residents::{self as words, RWord};
use crate::store::Store;
use crate::store::residents::HouseholdEvent;
use chrono::Duration;
use serde_json::{Value, json};

/// The household as the operator may see it.
fn shown(store: &Store, h: &Household) -> Household {
    if may_see_full(store) {
        h.clone()
    } else {
        h.masked()
    }
}

/// The card's lines: each field that has a value.
fn card_lines(h: &Household, lang: Lang) -> Vec<String> {
    let mut lines = vec![format!(
        "{}  {}",
        h.room,
        if h.occupied {
            RWord::Occupied
        } else {
            RWord::Vacant
        }
        .s(lang)
    )];
    for f in HField::ALL {
        if matches!(f, HField::Room | HField::Occupied) {
            continue;
        }
        let value = cell(h, f);
        if !value.is_empty() {
            lines.push(format!("  {}: {}", words::field(lang, f), value));
        }
    }
    lines
}

fn print_card(h: &Household, masked: bool, lang: Lang) {
    for line in card_lines(h, lang) {
        println!("{}", sanitize_line(&line));
    }
    if masked {
        println!("  {}", RWord::Masked.s(lang));
    }
}

/// What one change set, field by field (masked as the card is).
fn change_text(patch: &Patch, full: bool, lang: Lang) -> String {
    let mut h = Household::default();
    h.apply(patch);
    if !full {
        h = h.masked();
    }
    let given = |f: HField| match f {
        HField::Room => false,
        HField::Owner => patch.owner.is_some(),
        HField::Phone => patch.phones.is_some(),
        HField::IdNumber => patch.id_number.is_some(),
        HField::Family => patch.family.is_some(),
        HField::Employer => patch.employer.is_some(),
        HField::MoveIn => patch.move_in.is_some(),
        HField::Tenant => patch.tenant.is_some(),
        HField::TenantPhone => patch.tenant_phone.is_some(),
        HField::Occupied => patch.occupied.is_some(),
        HField::Notes => patch.notes.is_some(),
    };
    HField::ALL
        .into_iter()
        .filter(|f| given(*f))
        .map(|f| {
            let v = match f {
                HField::Occupied if h.occupied => RWord::Occupied.s(lang).to_string(),
                HField::Occupied => RWord::Vacant.s(lang).to_string(),
                _ => cell(&h, f),
            };
            let v = if v.is_empty() {
                RWord::Cleared.s(lang).to_string()
            } else {
                v
            };
            format!("{}={}", words::field(lang, f), v)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn history_json(events: &[HouseholdEvent], full: bool, desk: &Desk) -> Value {
    Value::Array(
        events
            .iter()
            .map(|e| {
                let mut h = Household::default();
                h.apply(&e.patch);
                let h = if full { h } else { h.masked() };
                let fields: serde_json::Map<String, Value> = HField::ALL
                    .into_iter()
                    .filter(|f| *f != HField::Room)
                    .filter(|f| {
                        serde_json::to_value(&e.patch)
                            .ok()
                            .and_then(|v| {
                                let key = if *f == HField::Phone {
                                    "phones"
                                } else {
                                    f.slug()
                                };
                                v.get(key).cloned()
                            })
                            .is_some()
                    })
                    .map(|f| (f.slug().to_string(), Value::String(cell(&h, f))))
                    .collect();
                json!({
                    "at": crate::domain::time::rfc3339(e.at, desk.policy.zone),
                    "operator": e.operator,
                    "action": e.kind.slug(),
                    "fields": fields,
                })
            })
            .collect(),
    )
}

pub fn show(store: &Store, desk: &Desk, room: &str, json: bool) -> Result<(), CliError> {
    let Some(h) = store.household(room)? else {
        return Err(super::refused(
            crate::store::residents::HouseholdRefusal::NotFound(room.to_string()),
        ));
    };
    let full = may_see_full(store);
    let h = shown(store, &h);
    let events = store.household_history(room)?;
    if json {
        let mut v = household_json(&h);
        v["history"] = history_json(&events, full, desk);
        print_json(&v);
        return Ok(());
    }
    print_card(&h, !full, desk.lang);
    println!("{}:", RWord::History.s(desk.lang));
    for e in &events {
        let what = match e.kind {
            crate::domain::residents::ChangeKind::Add => RWord::Added,
            crate::domain::residents::ChangeKind::Edit => RWord::Changed,
        };
        let line = format!(
            "  {}  {}  {}  {}",
            crate::domain::time::rfc3339(e.at, desk.policy.zone),
            e.operator,
            what.s(desk.lang),
            change_text(&e.patch, full, desk.lang)
        );
        println!("{}", sanitize_line(&line));
    }
    Ok(())
}

/// `room ROOM|PHONE|LAST4 [--json]`.
pub fn room(store: &Store, desk: &Desk, text: &str, json: bool) -> Result<(), CliError> {
    let t = text.trim();
    // A household's room first; else a phone (a landline may look like a room: 010-12345678)
    // or its last 4 digits.
    let as_room = crate::domain::residents::room(t).ok();
    let at_room = match &as_room {
        Some(r) => store.household(r)?,
        None => None,
    };
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let phone_like = t.chars().all(|c| c.is_ascii_digit() || " -+()".contains(c))
        && (crate::domain::residents::phone(t).is_ok() || digits == 4);
    // Not a household's room: a phone, its last 4 digits, a name or its pinyin initials.
    let found = match (&at_room, &as_room) {
        (Some(_), _) => Vec::new(),
        (None, Some(_)) if !phone_like => Vec::new(),
        _ => store.find_households(t, 20)?,
    };
    let (room, household) = match (at_room, found.as_slice()) {
        (Some(h), _) => (Some(h.room.clone()), Some(h)),
        (None, [one]) => (Some(one.room.clone()), Some(one.clone())),
        (None, []) if !phone_like => (as_room, None),
        (None, _) => (None, None),
    };
    let full = may_see_full(store);
    // Several households share those digits: list them (masked), as search results are.
    if room.is_none() && !found.is_empty() {
        let masked: Vec<Household> = found.iter().map(Household::masked).collect();
        if json {
            print_json(&json!({
                "query": sanitize_line(t),
                "household": Value::Null,
                "matches": masked.iter().map(household_json).collect::<Vec<_>>(),
            }));
        } else {
            println!("{} {}", masked.len(), RWord::Matches.s(desk.lang));
            for h in &masked {
                println!("{}", super::list_line(h, desk.lang));
            }
        }
        return Ok(());
    }
    let Some(room) = room else {
        if json {
            print_json(
                &json!({"query": sanitize_line(t), "household": Value::Null, "in_directory": false}),
            );
        } else {
            println!(
                "{}",
                words::phone_not_in_directory(desk.lang, &sanitize_line(t))
            );
        }
        return Ok(());
    };
    let now = desk.clock.now();
    let since = now - Duration::days(90);
    let mut records: Vec<Record> = Vec::new();
    for id in store.room_record_ids(&room, since, 500)? {
        match store.get(id) {
            Ok((r, _)) => records.push(as_of(r, &desk.policy, now)),
            Err(crate::store::StoreError::Damaged(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    let (open, recent): (Vec<Record>, Vec<Record>) =
        records.into_iter().partition(|r| r.status.is_open());
    let recent: Vec<Record> = recent
        .into_iter()
        .filter(|r| r.received_at >= since)
        .collect();
    let shown_h = household.as_ref().map(|h| shown(store, h));
    if json {
        print_json(&json!({
            "room": room,
            "in_directory": shown_h.is_some(),
            "household": shown_h.as_ref().map(household_json),
            "open": open.iter().map(|r| record_json(r, desk, now)).collect::<Vec<_>>(),
            "last_90_days": recent.iter().map(|r| record_json(r, desk, now)).collect::<Vec<_>>(),
        }));
        return Ok(());
    }
    match &shown_h {
        Some(h) => print_card(h, !full, desk.lang),
        None => println!("{}", words::phone_not_in_directory(desk.lang, &room)),
    }
    for (title, list) in [(RWord::OpenMatters, &open), (RWord::Last90Days, &recent)] {
        println!();
        println!("{}:", title.s(desk.lang));
        if list.is_empty() {
            println!("  {}", RWord::NoRecords.s(desk.lang));
        } else {
            print_table(list, desk, now);
        }
    }
    Ok(())
}
