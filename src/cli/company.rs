//! `dutydesk company init | push` (issue 19): the company's PostgreSQL server.

use super::CliError;
use super::args::CompanyCommand;
use crate::company::{CompanyError, push};
use crate::desk::Desk;
use crate::i18n::company as words;
use crate::store::Store;

fn failed(desk: &Desk, e: &CompanyError) -> CliError {
    CliError::failure(words::error(desk.lang, e))
}

pub fn init(desk: &Desk) -> Result<(), CliError> {
    let company = desk.config.company.required().map_err(CliError::bad)?;
    let mut client = crate::company::connect(&company.url).map_err(|e| failed(desk, &e))?;
    let applied = push::init(&mut client, &company).map_err(|e| failed(desk, &e))?;
    println!(
        "{}",
        words::initialised(
            desk.lang,
            &applied,
            crate::company::schema::latest(),
            &company.url.masked()
        )
    );
    Ok(())
}

pub fn run(store: &Store, desk: &Desk, command: CompanyCommand) -> Result<(), CliError> {
    let company = desk.config.company.required().map_err(CliError::bad)?;
    match command {
        CompanyCommand::Init => init(desk),
        CompanyCommand::Overdue {
            estate,
            limit,
            json,
        } => overdue(desk, estate.as_deref(), limit, json),
        CompanyCommand::Push { batch, upto, json } => {
            let done = push::push(store, &company, &desk.policy, batch as usize, upto, |_| {})
                .map_err(|e| failed(desk, &e))?;
            if json {
                let mut value = serde_json::to_value(&done).expect("a push serialises");
                value["server"] = company.url.masked().into();
                super::output::print_json(&value);
            } else {
                println!("{}", words::pushed(desk.lang, &done, &company.url.masked()));
            }
            Ok(())
        }
    }
}

pub fn overdue(desk: &Desk, estate: Option<&str>, limit: u32, json: bool) -> Result<(), CliError> {
    use crate::domain::text::sanitize_line;
    use crate::domain::time::rfc3339;
    let company = desk.config.company.required().map_err(CliError::bad)?;
    let mut client = crate::company::connect(&company.url).map_err(|e| failed(desk, &e))?;
    let now = desk.clock.now();
    let found = crate::company::overdue::overdue(&mut client, &company, now, estate, limit)
        .map_err(|e| failed(desk, &e))?;
    let total: i64 = found.per_estate.iter().map(|(_, n)| n).sum();
    let zone = desk.policy.zone;
    let text = |t: &str| sanitize_line(t).into_owned();
    if json {
        let value = serde_json::json!({
            "now": rfc3339(now, zone),
            "total": total,
            "estates": found.per_estate.iter().map(|(e, n)| serde_json::json!({
                "estate": text(e), "overdue": n,
            })).collect::<Vec<_>>(),
            "items": found.items.iter().map(|o| serde_json::json!({
                "estate": text(&o.estate),
                "id": text(&o.id),
                "kind": text(&o.kind),
                "deadline": text(&o.deadline),
                "due": rfc3339(o.due, zone),
                "urgent": o.urgent,
                "room": o.room.as_deref().map(text),
                "summary": text(&o.summary),
            })).collect::<Vec<_>>(),
        });
        super::output::print_json(&value);
        return Ok(());
    }
    println!("{}", words::overdue_heading(desk.lang, &rfc3339(now, zone)));
    for (e, n) in &found.per_estate {
        println!("  {}  {n}", text(e));
    }
    println!("  {}  {total}", words::total(desk.lang));
    for o in &found.items {
        let mut line = vec![
            text(&o.estate),
            text(&o.id),
            text(&o.deadline),
            rfc3339(o.due, zone),
        ];
        if o.urgent {
            line.push(words::urgent(desk.lang).to_string());
        }
        line.extend(o.room.as_deref().map(text));
        line.push(text(&o.summary));
        println!("{}", line.join("  "));
    }
    Ok(())
}
