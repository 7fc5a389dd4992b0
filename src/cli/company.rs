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
        CompanyCommand::Push { batch, json } => {
            let done = push::push(store, &company, &desk.policy, batch as usize, |_| {})
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
