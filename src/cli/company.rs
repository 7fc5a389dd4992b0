//! `dutydesk company init | push` (issue 19): the company's PostgreSQL server.

use super::CliError;
use super::args::{CompanyCommand, Period};
use crate::company::{CompanyError, push};
use crate::desk::Desk;
use crate::i18n::company as words;
use crate::store::Store;

/// A push that failed: what was kept and where the next one resumes.
fn failed(desk: &Desk, e: &CompanyError) -> CliError {
    CliError::failure(words::error(desk.lang, e))
}

/// `init`, `overdue`, `report` failed: nothing was being pushed.
fn not_read(desk: &Desk, e: &CompanyError) -> CliError {
    CliError::failure(words::read_error(desk.lang, e))
}

pub fn init(desk: &Desk) -> Result<(), CliError> {
    let company = desk.config.company.required().map_err(CliError::bad)?;
    let mut client = crate::company::connect(&company.url).map_err(|e| not_read(desk, &e))?;
    let applied = push::init(&mut client, &company).map_err(|e| not_read(desk, &e))?;
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
        report @ CompanyCommand::Report { .. } => self::report(desk, &report),
        CompanyCommand::Push {
            batch,
            upto,
            refold,
            json,
        } => {
            let done = push::push(store, &company, &desk.policy, batch as usize, upto, |_| {})
                .map_err(|e| failed(desk, &e))?;
            let refolded = if refold {
                Some(
                    crate::company::refold::refold(store, &company, &desk.policy, true)
                        .map_err(|e| failed(desk, &e))?,
                )
            } else {
                None
            };
            if json {
                let mut value = serde_json::to_value(&done).expect("a push serialises");
                value["server"] = company.url.masked().into();
                if let Some(n) = refolded {
                    value["refolded"] = n.into();
                }
                super::output::print_json(&value);
            } else {
                println!("{}", words::pushed(desk.lang, &done, &company.url.masked()));
                if let Some(n) = refolded {
                    println!("{}", words::refolded(desk.lang, n));
                }
            }
            Ok(())
        }
    }
}

/// `--estate E` names an estate the server holds (exit 2 listing those it does).
fn known_estate(
    desk: &Desk,
    client: &mut postgres::Client,
    company: &crate::config_company::Company,
    estate: Option<&str>,
) -> Result<(), CliError> {
    use crate::domain::text::sanitize_line;
    let Some(e) = estate else { return Ok(()) };
    let known = crate::company::report::estates(client, company).map_err(|e| not_read(desk, &e))?;
    if known.iter().any(|k| k == e) {
        return Ok(());
    }
    let known: Vec<_> = known.iter().map(|k| sanitize_line(k)).collect();
    Err(refused(words::no_such_estate(
        desk.lang,
        &sanitize_line(e),
        &known.join(", "),
    )))
}

pub fn overdue(desk: &Desk, estate: Option<&str>, limit: u32, json: bool) -> Result<(), CliError> {
    use crate::domain::text::sanitize_line;
    use crate::domain::time::rfc3339;
    let company = desk.config.company.required().map_err(CliError::bad)?;
    let mut client = crate::company::connect(&company.url).map_err(|e| not_read(desk, &e))?;
    known_estate(desk, &mut client, &company, estate)?;
    let now = desk.clock.now();
    let found = crate::company::overdue::overdue(&mut client, &company, now, estate, limit)
        .map_err(|e| not_read(desk, &e))?;
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

/// Bad input in the interface language: exit 2, naming the flag.
fn refused(message: String) -> CliError {
    CliError {
        code: 2,
        ..CliError::failure(message)
    }
}

pub fn report(desk: &Desk, command: &CompanyCommand) -> Result<(), CliError> {
    use crate::company::report::Adds;
    use crate::domain::Field;
    use crate::domain::text::sanitize_line;
    use crate::domain::time::{parse_date, rfc3339, start_of};
    let CompanyCommand::Report {
        period,
        date,
        quarter,
        year,
        estate,
        json,
    } = command
    else {
        unreachable!("called for `company report`")
    };
    let (period, estate, json) = (*period, estate.as_deref(), *json);
    let company = desk.config.company.required().map_err(CliError::bad)?;
    let (lang, zone, now) = (desk.lang, desk.policy.zone, desk.clock.now());
    if let Some(d) = date {
        parse_date(Field::Date, d)
            .map_err(|_| refused(words::bad_date(lang, &sanitize_line(d))))?;
    }
    // The desk's own choice of the period (`report`): --quarter, --year, --date, yesterday.
    let when = super::report::When {
        date: date.as_deref(),
        quarter: quarter.as_deref(),
        year: year.as_deref(),
    };
    let date = super::report::period_date(desk, period, when)?;
    let adds = match period {
        Period::Daily => Adds::DailyLists,
        Period::Monthly => Adds::CallbackProblems,
        Period::Weekly | Period::Quarterly | Period::Yearly => Adds::ComplaintAnalysis,
    };
    let (first, last) = super::report::span(period).days(date);
    let mut client = crate::company::connect(&company.url).map_err(|e| not_read(desk, &e))?;
    known_estate(desk, &mut client, &company, estate)?;
    let period_utc = (
        start_of(first, zone),
        start_of(last + chrono::Duration::days(1), zone),
    );
    let found = crate::company::report::report(
        &mut client,
        &company,
        period_utc,
        now,
        estate,
        adds,
        &desk.policy,
    )
    .map_err(|e| not_read(desk, &e))?;
    let text = |t: &str| sanitize_line(t).into_owned();
    if json {
        let value = serde_json::json!({
            "from": first.to_string(),
            "to": last.to_string(),
            "now": rfc3339(now, zone),
            "estates": found.estates.iter().map(|(e, f)| {
                let mut v = serde_json::to_value(f).expect("figures serialise");
                v["estate"] = text(e).into();
                v
            }).collect::<Vec<_>>(),
            "total": found.total,
        });
        super::output::print_json(&value);
        return Ok(());
    }
    println!(
        "{}",
        words::report_heading(lang, &first.to_string(), &last.to_string())
    );
    let rows = found
        .estates
        .iter()
        .map(|(e, f)| (text(e), f))
        .chain([(words::total(lang).to_string(), &found.total)]);
    for (name, f) in rows {
        println!("{name}");
        for line in words::report_lines(lang, f) {
            println!("  {line}");
        }
    }
    Ok(())
}
