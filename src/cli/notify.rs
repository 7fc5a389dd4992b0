//! `dutydesk notify run | status | test CHANNEL` (issue 18).

use super::CliError;
use super::args::NotifyCommand;
use crate::desk::Desk;
use crate::i18n::notify as words;
use crate::store::Store;

pub fn run(store: &mut Store, desk: &Desk, command: NotifyCommand) -> Result<(), CliError> {
    let lang = desk.lang;
    let channels = desk.config.notify.check().map_err(CliError::bad)?;
    match command {
        NotifyCommand::Run => {
            // The ladder's steps due at the desk's clock go to the outbox first.
            let now = desk.clock.now();
            crate::notify::escalate(store, &desk.policy, now, desk.shift_at(now).start)?;
            let pass = crate::notify::deliver(store, &channels, true)?;
            println!("{}", words::pass_line(lang, &pass));
            if pass.failed > 0 {
                return Err(CliError::failure(words::some_failed(lang, pass.failed)));
            }
            Ok(())
        }
        NotifyCommand::Status { json } => {
            let status = store.outbox_status()?;
            if json {
                let value = serde_json::to_value(&status).expect("status serialises");
                super::output::print_json(&value);
            } else {
                println!("{}", words::status_line(lang, &status));
                for w in &status.waiting {
                    println!("{}", words::waiting_line(lang, w));
                }
            }
            Ok(())
        }
        NotifyCommand::Test { channel } => test(desk, &channel),
    }
}

/// `notify test CHANNEL`: a test message straight to the channel, not through the outbox.
pub fn test(desk: &Desk, channel: &str) -> Result<(), CliError> {
    let lang = desk.lang;
    let channels = desk.config.notify.check().map_err(CliError::bad)?;
    let Some(found) = channels.iter().find(|c| c.name == channel.trim()) else {
        let known: Vec<&str> = channels.iter().map(|c| c.name.as_str()).collect();
        let name = crate::domain::text::sanitize_line(channel).into_owned();
        let mut bad = CliError::failure(words::no_channel(lang, &name, &known.join(", ")));
        bad.code = 2;
        return Err(bad);
    };
    let text = words::test_text(crate::i18n::Lang::Zh, &found.name);
    match crate::notify::test(found, &channels, &text) {
        Ok(()) => {
            println!("{}", words::test_sent(lang, &found.name));
            Ok(())
        }
        Err(why) => Err(CliError::failure(words::test_failed(
            lang,
            &found.name,
            &why,
        ))),
    }
}
