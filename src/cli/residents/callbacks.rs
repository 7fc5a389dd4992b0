//! `residents callbacks [--due] [--json]`: the yearly callback of every occupied household
//! (回访率 100 % a year, DOMAIN.md §4) as a list to work through, and `residents callback ROOM
//! --form F --result R [--words W]` to record one in the household's history. Phones masked.

use super::{CliError, household_json, refused, room_arg};
use crate::cli::output::print_json;
use crate::desk::Desk;
use crate::domain::Field;
use crate::domain::intake::Entries;
use crate::domain::kinds::Slug;
use crate::domain::residents::Household;
use crate::domain::residents::yearly::{HouseholdCallback, YearlyRate, YearlyRow, this_year};
use crate::domain::text::sanitize_line;
use crate::domain::time::{Zone, local_date, rfc3339};
use crate::i18n::residents::yearly as words;
use crate::store::Store;
use crate::store::residents::HouseholdRefusal;
use serde_json::json;

/// `residents callback ROOM`: one callback (or a try that found nobody) recorded.
pub fn record(
    store: &mut Store,
    desk: &Desk,
    room: &str,
    form: &str,
    result: &str,
    text: Option<&str>,
) -> Result<(), CliError> {
    let room = room_arg(room)?;
    let now = desk.clock.now();
    let mut entries = Entries::default();
    entries.set(Field::CallbackForm, form);
    entries.set(Field::Satisfaction, result);
    entries.put(Field::Words, text);
    let callback = HouseholdCallback::read(&entries, now, desk.policy.zone)?;
    if !store.record_household_callback(&room, &callback, &desk.operator, now)? {
        return Err(refused(HouseholdRefusal::NotFound(room)));
    }
    let (year, from, until) = this_year(now, desk.policy.zone);
    let rows = store.yearly_callbacks(from, until)?;
    println!("{room}");
    eprintln!("{}", words::rate(desk.lang, &YearlyRate::of(year, &rows)));
    Ok(())
}

/// `residents callbacks`: every occupied household (or only those still owed) this year.
pub fn list(store: &Store, desk: &Desk, due: bool, json: bool) -> Result<(), CliError> {
    let zone = desk.policy.zone;
    let (year, from, until) = this_year(desk.clock.now(), zone);
    let rows = store.yearly_callbacks(from, until)?;
    let rate = YearlyRate::of(year, &rows);
    let shown: Vec<&YearlyRow> = rows.iter().filter(|r| !due || r.due()).collect();
    if json {
        print_json(&json!({
            "year": rate.year,
            "called": rate.called,
            "occupied": rate.occupied,
            "rate": rate.rate,
            "target": rate.target,
            "households": shown.iter().map(|r| row_json(r, zone)).collect::<Vec<_>>(),
        }));
        return Ok(());
    }
    for r in &shown {
        println!("{}", line(r, desk, zone));
    }
    if shown.is_empty() {
        println!("{}", words::none(desk.lang, due && rate.occupied > 0));
    }
    println!("{}", words::rate(desk.lang, &rate));
    Ok(())
}

fn row_json(r: &YearlyRow, zone: Zone) -> serde_json::Value {
    let mut v = household_json(&r.household.masked());
    let called = r.called();
    v["due"] = json!(r.due());
    v["called_at"] = json!(called.map(|c| rfc3339(c.at, zone)));
    v["tries"] = json!(r.tries());
    v["callbacks"] = json!(
        r.made
            .iter()
            .map(|m| json!({
                "at": rfc3339(m.at, zone),
                "operator": m.operator,
                "form": m.callback.form.slug(),
                "result": m.callback.result.slug(),
                "words": m.callback.words,
            }))
            .collect::<Vec<_>>()
    );
    v
}

/// room, owner, masked phone, then called (when, how it went) or due (tries so far).
fn line(r: &YearlyRow, desk: &Desk, zone: Zone) -> String {
    let h: Household = r.household.masked();
    let who = h
        .owner
        .clone()
        .or_else(|| h.tenant.clone())
        .unwrap_or_else(|| "-".into());
    let phone = h.all_phones().next().unwrap_or("-").to_string();
    let state = match r.called() {
        Some(c) => words::called(
            desk.lang,
            &local_date(c.at, zone).to_string(),
            c.callback.result,
        ),
        None => words::due(desk.lang, r.tries()),
    };
    sanitize_line(&format!("{}  {who}  {phone}  {state}", h.room)).into_owned()
}
