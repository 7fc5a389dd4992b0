//! The non-interactive commands, and the wiring that opens the store for them and the TUI.

mod act;
mod add;
pub mod args;
mod company;
mod export;
mod generated;
mod handover;
mod integrity;
pub mod json_write;
pub mod lookup;
mod notify;
pub mod output;
pub mod print;
pub mod print_handover;
mod print_order;
mod print_slip;
pub mod progress;
mod report;
pub mod residents;
mod setup;
mod xlsx;

use crate::domain::RuleError;
use crate::i18n::Lang;
use crate::i18n::cli::Say;
use crate::store::StoreError;
use args::{Cli, Command};

/// A failed command: what to print on stderr and the exit code (DESIGN.md).
#[derive(Debug)]
pub struct CliError {
    pub code: i32,
    pub message: String,
    /// What was wrong, to say it in the interface language: the store's or a rule's
    /// refusal, or bad input said by the command line.
    source: Option<Source>,
}

#[derive(Debug)]
enum Source {
    Store(Box<StoreError>),
    Said(Say),
    /// Every field refused, one line each.
    Problems(Vec<RuleError>),
}

impl CliError {
    /// Bad input: exit 2, nothing written. `what` is a typed message (`Say`), said in the
    /// interface language by `run`; text (`String`, `&str`) is said as it is, in every
    /// language (only for callers still moving to a `Say`).
    pub fn bad(what: impl Into<Say>) -> Self {
        let say = what.into();
        Self {
            code: 2,
            message: say.text(Lang::En),
            source: Some(Source::Said(say)),
        }
    }

    /// A failure (exit 1) said by the command line, in the interface language.
    pub fn failed(say: Say) -> Self {
        Self {
            code: 1,
            ..Self::bad(say)
        }
    }

    pub fn failure(message: impl Into<String>) -> Self {
        Self {
            code: 1,
            message: message.into(),
            source: None,
        }
    }

    /// The message in the interface language (Chinese for bad input and for rule and store
    /// errors when the desk speaks Chinese; flags and slugs stay as typed).
    fn in_language(mut self, lang: Lang) -> Self {
        if lang == Lang::Zh {
            match &self.source {
                Some(Source::Store(source)) => {
                    self.message = crate::i18n::tui::store_error(lang, source);
                }
                Some(Source::Said(say)) => self.message = say.text(lang),
                Some(Source::Problems(all)) => {
                    self.message = all
                        .iter()
                        .map(|e| crate::i18n::tui::store_error(lang, &StoreError::Rule(e.clone())))
                        .collect::<Vec<_>>()
                        .join("\n");
                }
                None => {}
            }
        }
        self
    }
}

impl From<RuleError> for CliError {
    fn from(e: RuleError) -> Self {
        StoreError::Rule(e).into()
    }
}

/// Every field a new record's intake refused, one line each naming its field (exit 2).
impl From<crate::domain::intake::Problems> for CliError {
    fn from(p: crate::domain::intake::Problems) -> Self {
        let all: Vec<RuleError> =
            p.0.into_iter()
                .map(|(field, problem)| RuleError::field(field, problem))
                .collect();
        if all.len() == 1 {
            return all.into_iter().next().expect("one").into();
        }
        Self {
            code: 2,
            message: all
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
            source: Some(Source::Problems(all)),
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::Rule(RuleError::Corrupt) => 1,
            StoreError::Rule(_)
            | StoreError::NotFound(_)
            | StoreError::BackupRefused(..)
            | StoreError::NoDatabase(_) => 2,
            StoreError::ReadOnly(_) => 3,
            _ => 1,
        };
        Self {
            code,
            message: e.to_string(),
            source: Some(Source::Store(Box::new(e))),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        Self::failure(e.to_string())
    }
}

impl From<crate::demo::DemoError> for CliError {
    fn from(e: crate::demo::DemoError) -> Self {
        match e {
            crate::demo::DemoError::Store(e) => e.into(),
            crate::demo::DemoError::NotEmpty { path, held } => Self::bad(Say::DemoNotEmpty {
                path: path.display().to_string(),
                held,
            }),
            crate::demo::DemoError::Records(what) => Self::bad(Say::DemoRecords(what)),
        }
    }
}

/// Run what the command line asked for.
pub fn run(cli: Cli) -> Result<(), CliError> {
    let lang = setup::lang(&cli.global);
    // Generated from the command line's own description: no configuration or database needed.
    match &cli.command {
        Some(Command::Completions { shell }) => return generated::completions(*shell),
        Some(Command::Man { command }) => {
            return generated::man_page(command.as_deref()).map_err(|e| e.in_language(lang));
        }
        _ => {}
    }
    let desk = setup::desk(&cli.global, cli.demo).map_err(|e| e.in_language(lang))?;
    run_on(cli, desk).map_err(|e| e.in_language(lang))
}

fn run_on(cli: Cli, desk: crate::desk::Desk) -> Result<(), CliError> {
    match cli.command {
        None => {
            let mut store = if cli.demo {
                setup::open_demo(&desk)?
            } else {
                setup::open(&desk, true, crate::store::PlannerStats::OnOpen)?
            };
            store.follow_rules_before_screen(&desk.policy);
            crate::ui::run(desk, store).map_err(|e| CliError::failure(e.to_string()))
        }
        Some(Command::Config) => {
            let (zone, source) = desk.config.zone_in_use().map_err(CliError::bad)?;
            println!("{}", crate::i18n::zone_in_use(desk.lang, zone, source));
            print!(
                "{}",
                toml::to_string_pretty(&desk.config)
                    .map_err(|e| CliError::failure(e.to_string()))?
            );
            // Every action's keys in use, the config's first (`[keys]` sets one per action).
            let map = crate::app::keys_config::configured(&desk.config.keys);
            println!("\n# {}", crate::i18n::keys_in_use_title(desk.lang));
            for (action, keys) in crate::app::keys_config::in_use(map) {
                println!("# {action} = \"{keys}\"");
            }
            Ok(())
        }
        // `init` needs no desk file, only the server.
        Some(Command::Company(args::CompanyCommand::Init)) => company::init(&desk),
        Some(Command::Company(args::CompanyCommand::Overdue {
            estate,
            limit,
            json,
        })) => company::overdue(&desk, estate.as_deref(), limit, json),
        Some(Command::Company(report @ args::CompanyCommand::Report { .. })) => {
            company::report(&desk, &report)
        }
        Some(Command::Calendar { from, to, json }) => lookup::calendar(&desk, &from, &to, json),
        // The spreadsheet is read and checked before the database is opened: a dry run or a
        // refused import needs none and creates none.
        Some(Command::Residents(residents::ResidentsCommand::Import {
            file,
            apply,
            skip_bad,
            map,
        })) => residents::import(&desk, &file, apply, skip_bad, &map),
        // A test message goes straight to the channel: it needs no database (a new user tries
        // it before anything is written).
        Some(Command::Notify(args::NotifyCommand::Test { channel })) => {
            notify::test(&desk, &channel)
        }
        Some(command) => {
            let writes = matches!(
                command,
                Command::Add(_)
                    | Command::Act(_)
                    | Command::Demo { .. }
                    | Command::Residents(
                        residents::ResidentsCommand::Add(_)
                            | residents::ResidentsCommand::Edit(_)
                            | residents::ResidentsCommand::Callback { .. }
                    )
                    | Command::Handover(
                        args::HandoverCommand::Note { .. }
                            | args::HandoverCommand::Sign { .. }
                            | args::HandoverCommand::Refuse { .. }
                    )
            );
            // Only a command that writes may create the database (and its folder): a lookup,
            // `verify` or `backup` on a mistyped path must not report success on a new empty
            // file. `act` needs a record already there; the demo database is never mistyped.
            let creates = cli.demo || (writes && !matches!(command, Command::Act(_)));
            // Only a process that writes updates the planner's statistics in the file.
            let optimizes = writes || matches!(command, Command::RepairIndex);
            let planner_stats = if optimizes {
                crate::store::PlannerStats::AfterFirstWrite
            } else {
                crate::store::PlannerStats::Never
            };
            let mut store = setup::open(&desk, creates, planner_stats)?;
            // Complaints open a month become major, recorded by the next write (after it, so
            // bad input still writes nothing). Lookups never write: they show such a complaint
            // as major without recording it (`domain::deadline::as_of`).
            let escalate = |store: &mut crate::store::Store| -> Result<(), CliError> {
                if store.read_only().is_none() {
                    store.escalate_due(desk.clock.now(), &desk.policy)?;
                }
                Ok(())
            };
            let result = match command {
                Command::Add(add) => add::run(&mut store, &desk, add),
                Command::Act(act) => act::run(&mut store, &desk, act),
                Command::List(list) => lookup::list(&store, &desk, list),
                Command::Show {
                    id, print: true, ..
                } => print::run(&store, &desk, &id),
                Command::Show { id, json, .. } => lookup::show(&store, &desk, &id, json),
                Command::Search { text, limit, json } => {
                    lookup::search(&store, &desk, &text, limit, json)
                }
                Command::Handover(command) => handover::run(&mut store, &desk, command),
                Command::Notify(command) => notify::run(&mut store, &desk, command),
                Command::Company(command) => company::run(&store, &desk, command),
                Command::Report {
                    period,
                    date,
                    quarter,
                    year,
                    json,
                } => {
                    let when = report::When {
                        date: date.as_deref(),
                        quarter: quarter.as_deref(),
                        year: year.as_deref(),
                    };
                    report::report(&store, &desk, period, when, json)
                }
                Command::Export {
                    kind,
                    since,
                    until,
                    format,
                    output,
                } => {
                    let ask = export::Export {
                        kind: kind.as_deref(),
                        since: since.as_deref(),
                        until: until.as_deref(),
                        format,
                        output: output.as_deref(),
                    };
                    export::export(&store, &desk, &ask)
                }
                Command::Stats { json } => lookup::stats(&store, &desk, json),
                Command::Residents(command) => residents::run(&mut store, &desk, command),
                Command::Room { room, json } => residents::room(&store, &desk, &room, json),
                Command::Demo { records } => {
                    let counted = crate::progress::Progress::new();
                    let what = crate::i18n::cli::CliWord::Filling.s(desk.lang);
                    let written = progress::shown(what, &counted, || {
                        crate::demo::fill_counted(&mut store, &desk, records, &counted)
                    })?;
                    println!("{written}");
                    Ok(())
                }
                Command::Snapshot(args) => snapshot(&store, &desk, &args),
                Command::Verify { anchors, json } => {
                    integrity::verify(&store, &desk, anchors.as_deref(), json)
                }
                Command::RepairIndex => integrity::repair_index(&mut store, &desk),
                Command::Anchor { path } => integrity::anchor(&store, &desk, &path),
                Command::Backup { path, force } => integrity::backup(&store, &desk, &path, force),
                Command::Config
                | Command::Calendar { .. }
                | Command::Completions { .. }
                | Command::Man { .. } => unreachable!("handled above"),
            };
            if writes && result.is_ok() {
                escalate(&mut store)?;
            }
            result
        }
    }
}

/// Arguments must be UTF-8 text: say which one is not, in one line (clap's message names none),
/// in the language of `--lang` or the environment.
pub fn check_utf8(args: impl Iterator<Item = std::ffi::OsString>) -> Result<(), String> {
    let args: Vec<std::ffi::OsString> = args.collect();
    not_utf8(&args).map_err(|say| say.text(lang_of_args(&args)))
}

fn not_utf8(args: &[std::ffi::OsString]) -> Result<(), Say> {
    // The variables clap reads as text: its own message names none.
    for var in ["DUTYDESK_OPERATOR", "DUTYDESK_LANG"] {
        if std::env::var_os(var).is_some_and(|v| v.to_str().is_none()) {
            return Err(Say::VarNotUtf8(var));
        }
    }
    for (i, arg) in args.iter().enumerate().skip(1) {
        if arg.to_str().is_none() {
            let flag = args[i - 1]
                .to_str()
                .filter(|flag| flag.starts_with("--"))
                .map(str::to_string);
            return Err(Say::ArgNotUtf8 { flag, index: i });
        }
    }
    Ok(())
}

/// `--lang zh|en` among the arguments (before clap has read them), else the environment.
fn lang_of_args(args: &[std::ffi::OsString]) -> Lang {
    let text: Vec<Option<&str>> = args.iter().map(|a| a.to_str()).collect();
    for (i, arg) in text.iter().enumerate() {
        let value = match arg {
            Some("--") => break,
            Some("--lang") => text.get(i + 1).copied().flatten(),
            Some(a) => a.strip_prefix("--lang="),
            None => None,
        };
        match value {
            Some("zh") => return Lang::Zh,
            Some("en") => return Lang::En,
            _ => {}
        }
    }
    Lang::from_env()
}

fn snapshot(
    store: &crate::store::Store,
    desk: &crate::desk::Desk,
    args: &args::SnapshotArgs,
) -> Result<(), CliError> {
    use crate::app::{Tab, View};
    use crate::ui::export::{Format, export};
    if args.tab.is_some() && args.view.is_some() {
        return Err(CliError::bad(Say::TabAndView));
    }
    let view = match &args.view {
        None => None,
        Some(text) => Some(View::parse(text).ok_or_else(|| {
            CliError::bad(Say::NotAView {
                text: text.trim().to_string(),
                names: View::names(),
            })
        })?),
    };
    let tab_text = args.tab.as_deref().unwrap_or("log");
    let tab = Tab::parse(tab_text).ok_or_else(|| {
        CliError::bad(Say::NotATab {
            text: tab_text.trim().to_string(),
            names: Tab::names(),
            count: Tab::all().len(),
        })
    })?;
    let (width, height) = crate::ui::parse_size(&args.size)
        .ok_or_else(|| CliError::bad(Say::NotASize(args.size.trim().to_string())))?;
    let format = match args.format {
        args::SnapshotFormat::Text => Format::Text,
        args::SnapshotFormat::Ansi => Format::Ansi,
        args::SnapshotFormat::Svg => Format::Svg,
    };
    let frame = match view {
        Some(view) => crate::ui::first_view_frame(desk, store, view, width, height),
        None => crate::ui::first_frame(desk, store, tab, width, height),
    };
    let mut out = std::io::stdout().lock();
    match std::io::Write::write_all(&mut out, export(&frame, format).as_bytes()) {
        // A reader that stopped early (`| head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
