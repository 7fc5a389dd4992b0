//! The command line, as clap types. DESIGN.md "Contracts" is the source of truth.

use crate::domain::intake::{Entries, FieldSpec, Input};
use crate::domain::{RecordKind, Slug};
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

#[derive(Debug, Parser)]
#[command(
    name = "dutydesk",
    version,
    about = "The duty desk of a residential estate's 24-hour service centre (物业服务中心值班台)",
    long_about = "The duty desk of a residential estate's 24-hour service centre.\n\n\
        Without a command, opens the desk (a terminal UI). Commands look things up and record \
        what happens, for quick use over SSH and for scripts (--json).\n\n\
        Exit codes: 0 ok; 2 bad input (nothing written); 3 write refused, the database is \
        read-only for you; 1 other failure.\n\n\
        Environment: DUTYDESK_DB, DUTYDESK_OPERATOR, DUTYDESK_LANG, DUTYDESK_READONLY=1, \
        DUTYDESK_CONFIG, DUTYDESK_NOW (RFC 3339: fixes the clock), TZ (the estate's time zone), \
        NO_COLOR."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// Open the desk on the demo database (created and filled on first use).
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Default, Args)]
pub struct Global {
    /// The database file [default: ~/.local/share/dutydesk/dutydesk.db]
    #[arg(
        long,
        global = true,
        env = "DUTYDESK_DB",
        hide_env_values = true,
        value_name = "PATH"
    )]
    pub db: Option<PathBuf>,
    /// Who is acting, stamped on every event [default: the login name]
    #[arg(
        long,
        global = true,
        env = "DUTYDESK_OPERATOR",
        hide_env_values = true,
        value_name = "NAME"
    )]
    pub operator: Option<String>,
    /// Interface language [default: from LANG/LC_ALL]
    #[arg(
        long,
        global = true,
        env = "DUTYDESK_LANG",
        hide_env_values = true,
        value_enum
    )]
    pub lang: Option<LangArg>,
    /// Look things up only; every write is refused (exit 3)
    #[arg(
        long,
        global = true,
        env = "DUTYDESK_READONLY",
        hide_env_values = true,
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub read_only: bool,
    /// ASCII borders and punctuation, for terminals that draw them wide
    #[arg(long, global = true)]
    pub ascii: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    En,
    Zh,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a record; prints its id
    #[command(subcommand)]
    Add(AddCommand),
    /// Record a lifecycle step on a record (dispatch, arrive, reply, resolve, void, ...)
    #[command(
        after_help = "A step happens now unless --at says when. A mistaken record can \
always be voided: on a record whose last event lies in the future (written under a wrong \
clock), `void` and `note` without --at are dated at that last event; the time they were \
written is kept as well."
    )]
    Act(ActArgs),
    /// List records, newest first
    List(ListArgs),
    /// One record with its deadlines and timeline
    Show {
        /// Record id, e.g. R-2026-00017 (any case)
        id: String,
        #[arg(long, conflicts_with = "print")]
        json: bool,
        /// The paper form for an 80-column printer (pipe it to `lp`): a repair's work order in three
        /// parts, a complaint's slip, an item release pass's stub and notice
        #[arg(long)]
        print: bool,
    },
    /// Search every record: Chinese or English words, room numbers, phone numbers, a record id
    Search {
        /// What to look for (one Chinese character is enough; a room from its start, 3-2-12); at
        /// most 100 characters and 7 words or Chinese characters
        text: String,
        /// At most this many, newest first; 0: no limit
        #[arg(long, default_value_t = 200, allow_negative_numbers = true)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Shift handover: notes, the compiled draft, signing by the incoming person
    #[command(subcommand)]
    Handover(HandoverCommand),
    /// Messages to the group robots ([[notify.channels]]): deliver, status, test
    #[command(subcommand)]
    Notify(NotifyCommand),
    /// The company view ([company]): push this desk's history to the company's PostgreSQL
    #[command(subcommand)]
    Company(CompanyCommand),
    /// Review figures: yesterday for the morning meeting, the week, the month, the quarter, the
    /// year
    Report {
        #[arg(value_enum)]
        period: Period,
        /// A day in the period (YYYY-MM-DD) [default: yesterday]
        #[arg(long)]
        date: Option<String>,
        /// quarterly: the quarter, e.g. 2026Q4 [default: the one containing yesterday]
        #[arg(long)]
        quarter: Option<String>,
        /// yearly: the year, e.g. 2026 [default: the one containing yesterday]
        #[arg(long)]
        year: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Every record of a period as CSV or JSON, newest first
    Export {
        /// log, call, repair, handover
        kind: Option<String>,
        /// From this day (YYYY-MM-DD)
        #[arg(long)]
        since: Option<String>,
        /// Up to, not including, this day (YYYY-MM-DD)
        #[arg(long)]
        until: Option<String>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to this file (replaced whole once complete) instead of stdout
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Working days, public holidays and make-up working days
    Calendar {
        /// First day, YYYY-MM-DD
        #[arg(long)]
        from: String,
        /// Last day, YYYY-MM-DD
        #[arg(long)]
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Print the effective configuration (TOML)
    Config,
    /// Shell completions on stdout, e.g. `dutydesk completions bash >
    /// ~/.local/share/bash-completion/completions/dutydesk`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The manual page (roff) on stdout, e.g. `dutydesk man > ~/.local/share/man/man1/dutydesk.1`;
    /// with a command, that command's page (`dutydesk man add > …/dutydesk-add.1`)
    Man {
        /// A command, e.g. add, act, list
        command: Option<String>,
    },
    /// Fill an empty database with realistic desk work ending now
    Demo {
        /// How many records (default: a few days' worth)
        #[arg(long)]
        records: Option<usize>,
    },
    /// The residents directory (业主档案): import, export, add, edit, show, list households
    #[command(subcommand)]
    Residents(super::residents::ResidentsCommand),
    /// The household card: who lives there, phones, notes, open matters, the last 90 days
    Room {
        /// A room (3-2-1201), a phone, its last 4 digits, a name or its pinyin initials (wxm)
        room: String,
        #[arg(long)]
        json: bool,
    },
    /// Counts per kind and status, database size
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Render what the desk would show first, without a terminal
    Snapshot(SnapshotArgs),
    /// Check the history chain and the file; exit 1 on any break
    Verify {
        /// Also check the chain heads recorded in this anchor file
        #[arg(long, value_name = "PATH")]
        anchors: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Rebuild what lists, counts and search read (record columns, repeats, the search index,
    /// id counters) from the histories; run it when verify says only those disagree
    RepairIndex,
    /// Append the current chain head to an anchor file kept elsewhere
    Anchor {
        /// The anchor file (another account, the backup disk)
        path: PathBuf,
    },
    /// Write a consistent, verified copy of the database while others keep working
    Backup {
        /// Where to write the copy: a new file, or a folder (a dated name in it)
        path: PathBuf,
        /// Replace an earlier copy of this database at PATH (never a file a desk or another
        /// program has open, nor another database, nor anything else)
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct When {
    #[arg(long, value_name = "TIME", help = crate::i18n::cli::AT_HELP)]
    pub at: Option<String>,
}

/// `add <kind>`: a subcommand for each kind created from entries, a flag for each field of
/// its intake (`domain::intake`), so a kind in the registry has its `add` with no edit here.
#[derive(Debug, Clone)]
pub struct AddCommand {
    pub kind: RecordKind,
    /// The flags given, and the defaults of those not given, by field.
    pub entries: Entries,
}

/// The kinds `add` creates (a handover is written by signing).
fn added_kinds() -> impl Iterator<Item = RecordKind> {
    RecordKind::ALL
        .iter()
        .copied()
        .filter(|k| k.intake().takes_entries())
}

/// A flag's value name: TIME for a time, else the flag in capitals (`--room <ROOM>`).
fn value_name(spec: &FieldSpec) -> &'static str {
    static NAMES: OnceLock<BTreeMap<&'static str, String>> = OnceLock::new();
    match spec.input {
        Input::Time(_) => return "TIME",
        // A yes/no flag (`--warranty`).
        Input::Choice { set, .. } if set.switch => return "YES|NO",
        _ => {}
    }
    let names = NAMES.get_or_init(|| {
        RecordKind::ALL
            .iter()
            .flat_map(|k| k.intake().fields)
            .map(|s| (s.field.slug(), s.field.slug().to_uppercase()))
            .collect()
    });
    &names[spec.field.slug()]
}

/// A field's flag: its slug with `-` for `_` (`--mover-id`).
fn flag_name(slug: &'static str) -> &'static str {
    static FLAGS: OnceLock<BTreeMap<&'static str, String>> = OnceLock::new();
    if !slug.contains('_') {
        return slug;
    }
    let flags = FLAGS.get_or_init(|| {
        RecordKind::ALL
            .iter()
            .flat_map(|k| k.intake().fields)
            .map(|s| (s.field.slug(), s.field.slug().replace('_', "-")))
            .collect()
    });
    &flags[slug]
}

/// `add <kind>` with a flag for each field, in the intake's flag order.
fn add_subcommand(kind: RecordKind) -> clap::Command {
    let intake = kind.intake();
    let flags = intake.flag_order().into_iter().map(|spec| {
        let slug = spec.field.slug();
        let mut arg = Arg::new(slug)
            .long(flag_name(slug))
            .value_name(value_name(spec))
            .action(ArgAction::Set)
            .value_parser(clap::value_parser!(String))
            .required(intake.flag_required(spec));
        if let Some(help) = crate::i18n::cli::add_flag_help(kind, spec.field) {
            arg = arg.help(help);
        }
        // An inspection's items: the flag once per item.
        if let Input::Lines { .. } = spec.input {
            arg = arg.action(ArgAction::Append);
        }
        if spec.input == Input::Count {
            // `--casualties -1` is refused by the intake, in the desk's words, not by clap.
            arg = arg.allow_negative_numbers(true);
        }
        if let Some(default) = intake.flag_default(spec) {
            arg = arg.default_value(default);
        }
        // A yes/no choice is a flag: given alone it means yes (`--warranty`).
        if let Input::Choice { set, .. } = spec.input
            && set.switch
        {
            arg = arg.num_args(0..=1).default_missing_value("yes");
        }
        arg
    });
    clap::Command::new(kind.slug())
        .about(crate::i18n::cli::add_about(kind))
        .args(flags)
}

impl Subcommand for AddCommand {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        cmd.subcommands(added_kinds().map(add_subcommand))
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        added_kinds().any(|k| k.slug() == name)
    }
}

impl FromArgMatches for AddCommand {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let (name, flags) = matches
            .subcommand()
            .ok_or_else(|| clap::Error::new(ErrorKind::MissingSubcommand))?;
        let kind = added_kinds()
            .find(|k| k.slug() == name)
            .ok_or_else(|| clap::Error::new(ErrorKind::InvalidSubcommand))?;
        let mut entries = Entries::default();
        for spec in kind.intake().fields {
            if let Input::Lines { .. } = spec.input {
                let lines = flags
                    .get_many::<String>(spec.field.slug())
                    .map(|v| v.cloned().collect::<Vec<_>>().join("\n"));
                entries.put(spec.field, lines.as_deref());
                continue;
            }
            let given = flags.get_one::<String>(spec.field.slug());
            entries.put(spec.field, given.map(String::as_str));
        }
        Ok(Self { kind, entries })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

#[derive(Debug, Args)]
pub struct ActArgs {
    /// Record id, e.g. R-2026-00017 (any case)
    pub id: String,
    #[command(subcommand)]
    pub action: ActCommand,
}

#[derive(Debug, Subcommand)]
pub enum ActCommand {
    /// Repair: send a technician (again to reassign)
    Dispatch {
        #[arg(long, value_name = "NAME")]
        to: String,
        #[command(flatten)]
        when: When,
    },
    /// Repair: the technician is on site
    Arrive {
        #[command(flatten)]
        when: When,
    },
    /// Repair: how hard it is (simple, difficult = 48 h, major = 72 h)
    Assess {
        #[arg(long)]
        difficulty: String,
        #[command(flatten)]
        when: When,
    },
    /// Repair or call: done. A repair's work order is completed with what was done, the
    /// materials, the fee, the owner's signature and rating: a repair owes a callback when the
    /// owner was not satisfied, did not rate or did not sign (not given: owed), or when it is
    /// picked for the month's sample (rules.repair_callback_share); otherwise it is closed
    Resolve {
        /// Repair: the fee charged
        #[arg(long)]
        fee: Option<String>,
        /// Repair: the owner signed the work order: yes, no
        #[arg(long, value_name = "YES|NO")]
        signed: Option<String>,
        /// Repair: the owner's rating: satisfied, neutral, unsatisfied, none
        #[arg(long)]
        rating: Option<String>,
        /// Repair: the work done
        #[arg(long, value_name = "TEXT")]
        work: Option<String>,
        /// Repair: the materials used
        #[arg(long, value_name = "TEXT")]
        materials: Option<String>,
        /// Complaint or call: the result (处理结果)
        #[arg(long, value_name = "TEXT")]
        result: Option<String>,
        #[command(flatten)]
        when: When,
    },
    /// A callback try (回访) after a resolved repair or complaint. no_answer keeps the callback
    /// owed (try again); unsatisfied opens a linked follow-up with a written notice due in 24 h
    Callback {
        /// phone, visit, letter
        #[arg(long, default_value = "phone")]
        form: String,
        /// satisfied, neutral, unsatisfied, no_answer (not reached)
        #[arg(long)]
        satisfaction: String,
        /// What the owner said
        #[arg(long, value_name = "TEXT")]
        words: Option<String>,
        /// An on-site visit: the owner signed: yes, no
        #[arg(long, value_name = "YES|NO")]
        signed: Option<String>,
        /// A repair's quality follow-up (质量回访), owed 30 to 60 days after the resolve
        /// (rules.quality_callback_from_days / _to_days), not its 3-day callback
        #[arg(long)]
        quality: bool,
        #[command(flatten)]
        when: When,
    },
    /// A callback's follow-up: the written notice went to the repair staff (due 24 h after it
    /// was opened)
    Notice {
        #[command(flatten)]
        when: When,
    },
    /// A call of kind repair: write its work order (a repair filled from the call, received
    /// when the call was, linked both ways); this answers the call
    WorkOrder {
        /// The repair's category; without it, the one the call's words suggest, else general
        #[arg(long)]
        category: Option<String>,
        /// Where; without it, the call's location, else its room
        #[arg(long)]
        location: Option<String>,
        #[command(flatten)]
        when: When,
    },
    /// An inspection round: the problem found at an item becomes a repair (summary from the
    /// item and its remark, location from the round), linked both ways
    Repair {
        /// The check item's key (door_opens)
        #[arg(long, value_name = "KEY")]
        item: String,
        /// The repair's category (general, stairs_railing, ...)
        #[arg(long)]
        category: String,
        /// The room, if the problem is in one
        #[arg(long)]
        room: Option<String>,
        #[command(flatten)]
        when: When,
    },
    /// Complaint: set its class (minor, important, major)
    Classify {
        #[arg(long)]
        class: String,
        #[command(flatten)]
        when: When,
    },
    /// Call: a reply was given (--written: the written reply)
    Reply {
        #[arg(long)]
        written: bool,
        #[command(flatten)]
        when: When,
    },
    /// Any record: add a note to its timeline
    Note {
        text: String,
        #[command(flatten)]
        when: When,
    },
    /// Any open record, or a duty-log entry: flag it for the next shift with what to check and
    /// by when
    Watch {
        /// One line for the next shift, e.g. "check the pump again by 10:00"
        instruction: String,
        #[command(flatten)]
        when: When,
    },
    /// Take the watch flag off
    Unwatch {
        #[command(flatten)]
        when: When,
    },
    /// Repair in a home: engineering's proposed solution, given to the owner (due 15 min
    /// after dispatch)
    Propose {
        /// What engineering proposes, as told to the owner
        #[arg(long)]
        text: String,
        #[command(flatten)]
        when: When,
    },
    /// Warranty repair: the developer's supervision department was told (due 5 min after
    /// dispatch)
    NotifyDeveloper {
        #[command(flatten)]
        when: When,
    },
    /// Item release pass: the goods left on it (refused on a voided or used pass)
    Used {
        /// The guard who let the goods out
        #[arg(long, value_name = "NAME")]
        guard: Option<String>,
        #[command(flatten)]
        when: When,
    },
    /// Heating leak: the heating company was asked to help with the repair
    NotifyHeating {
        #[command(flatten)]
        when: When,
    },
    /// Quality complaint out of the developer's warranty: the owner was told so
    WarrantyExplained {
        #[command(flatten)]
        when: When,
    },
    /// Any record: void a mistaken record (it stays, marked 作废); always possible, see
    /// `dutydesk act --help`
    Void {
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        when: When,
    },
    /// Major incident or major complaint: a report upward, with whom, their role, how, and
    /// their answer
    Report {
        /// Whom it was reported to
        #[arg(long, value_name = "NAME")]
        to: Option<String>,
        /// Their role, e.g. project manager
        #[arg(long)]
        role: Option<String>,
        /// in_person, phone, written
        #[arg(long)]
        how: Option<String>,
        /// What they answered or instructed
        #[arg(long)]
        answer: Option<String>,
        #[command(flatten)]
        when: When,
    },
    /// Repair or call: stop its open deadlines counting, with a reason; they move later by the
    /// paused time. With --until it resumes by itself then
    Pause {
        /// Why, e.g. "owner not home"
        #[arg(long)]
        reason: String,
        /// When it resumes by itself, e.g. "18:00" or "2026-11-26 09:00"
        #[arg(long, value_name = "TIME")]
        until: Option<String>,
        #[command(flatten)]
        when: When,
    },
    /// Repair or call: end the pause; the deadlines count again
    Resume {
        #[command(flatten)]
        when: When,
    },
    /// Major incident: closed, with its outcome (after its written report);
    /// --medical-callback: an emergency patient is to be called back within a week
    Close {
        #[arg(long)]
        outcome: Option<String>,
        /// An emergency patient (急救病人) to call back within a week: yes, no
        #[arg(long, value_name = "YES|NO", num_args = 0..=1, default_missing_value = "yes")]
        medical_callback: Option<String>,
        #[command(flatten)]
        when: When,
    },
}

#[derive(Debug, Subcommand)]
pub enum HandoverCommand {
    /// Add a note for the incoming shift to the current handover
    Note {
        text: String,
        #[command(flatten)]
        when: When,
    },
    /// The current handover draft (always up to date), or a past handover by id
    Show {
        /// A handover id (H-2026-00001); without it, the current shift's handover
        id: Option<String>,
        #[arg(long, conflicts_with = "print")]
        json: bool,
        /// The handover on paper for an 80-column printer, with lines to sign on
        #[arg(long)]
        print: bool,
    },
    /// The incoming person accepts the handover; it is then frozen for good
    Sign {
        /// The incoming person's name
        #[arg(long, value_name = "NAME")]
        by: String,
    },
    /// The incoming person refuses the handover, with a reason; the outgoing shift stays responsible
    Refuse {
        #[arg(long, value_name = "NAME")]
        by: String,
        #[arg(long)]
        reason: String,
    },
    /// Past handovers, newest first
    List {
        /// From this day (YYYY-MM-DD)
        #[arg(long)]
        since: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// log, call, repair
    pub kind: Option<String>,
    /// Only records with something still owed
    #[arg(long)]
    pub open: bool,
    /// Only records past a deadline
    #[arg(long)]
    pub overdue: bool,
    /// Only records whose callback (回访) is owed, soonest due first
    #[arg(long)]
    pub callbacks_due: bool,
    /// Only records about to miss a deadline
    #[arg(long)]
    pub soon: bool,
    /// Received on or after this day (YYYY-MM-DD) or time
    #[arg(long)]
    pub since: Option<String>,
    /// At most this many, newest first; 0: no limit
    #[arg(long, default_value_t = 200, allow_negative_numbers = true)]
    pub limit: u32,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// log, calls, repairs, handover, passes, rounds (or 1-6); default log
    #[arg(long, value_name = "TAB")]
    pub tab: Option<String>,
    /// A view over the tabs instead, read before it is drawn: reviews (Ctrl-T, yesterday's
    /// figures), yearly (Ctrl-Y, the households still due), compiled (Ctrl-G, the handover)
    #[arg(long, value_name = "VIEW")]
    pub view: Option<String>,
    /// WIDTHxHEIGHT
    #[arg(long, default_value = "120x36")]
    pub size: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: SnapshotFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Period {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// UTF-8 with a BOM, so that Excel and WPS read the Chinese
    Csv,
    Json,
    /// One sheet per kind; needs --output or stdout sent to a file
    Xlsx,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SnapshotFormat {
    Text,
    Ansi,
    Svg,
}

#[derive(Debug, Subcommand)]
pub enum CompanyCommand {
    /// Create or bring up to date the company database's schema (the first push does too)
    Init,
    /// Send the events the company's server does not hold yet (for cron or a systemd timer)
    Push {
        /// Events per transaction
        #[arg(long, default_value_t = crate::company::push::BATCH as u32,
              value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        batch: u32,
        /// Only up to this event (benches/company.sh measures an incremental push with it)
        #[arg(long, hide = true)]
        upto: Option<i64>,
        /// Then fold every record row of this estate again from the desk's file (rows written
        /// by an older pusher are folded again by every push anyway)
        #[arg(long)]
        refold: bool,
        #[arg(long)]
        json: bool,
    },
    /// Every estate's open matters past their deadline now, counted per estate and listed
    Overdue {
        /// One estate only
        #[arg(long)]
        estate: Option<String>,
        /// At most this many listed, oldest due first; 0: no limit
        #[arg(long, default_value_t = 200)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// The estate reports' figures per estate and in total, counted by the server
    Report {
        #[arg(value_enum)]
        period: Period,
        /// A day in the period (YYYY-MM-DD); yesterday by default
        #[arg(long)]
        date: Option<String>,
        /// quarterly: the quarter, e.g. 2026Q4 [default: the one containing yesterday]
        #[arg(long)]
        quarter: Option<String>,
        /// yearly: the year, e.g. 2026 [default: the one containing yesterday]
        #[arg(long)]
        year: Option<String>,
        /// One estate only
        #[arg(long)]
        estate: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum NotifyCommand {
    /// Deliver every message not delivered yet, now (for cron or a systemd timer)
    Run,
    /// Messages pending and failed (with the last error), and how many were delivered
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Send a test message to one channel
    Test {
        /// The channel's name in the config
        channel: String,
    },
}
