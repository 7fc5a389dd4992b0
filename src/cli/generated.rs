//! `completions` and `man`: generated from the clap description of the command line, so they
//! never drift from `--help`.

use super::CliError;
use super::args::Cli;
use crate::i18n::cli::Say;
use clap::CommandFactory;
use std::io::Write;

pub fn completions(shell: clap_complete::Shell) -> Result<(), CliError> {
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut command, "dutydesk", &mut out);
    out.flush()?;
    Ok(())
}

/// The page of `dutydesk` (its commands listed), or of one command as `dutydesk-COMMAND`.
pub fn man_page(of: Option<&str>) -> Result<(), CliError> {
    let top = Cli::command();
    let command = match of {
        None => top,
        Some(name) => {
            let sub = top
                .get_subcommands()
                .find(|c| !c.is_hide_set() && c.get_name() == name)
                .ok_or_else(|| CliError::bad(Say::NoSuchCommand(name.to_string())))?;
            let name = format!("dutydesk-{}", sub.get_name());
            sub.clone().name(name)
        }
    };
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(command).render(&mut out)?;
    out.flush()?;
    Ok(())
}
