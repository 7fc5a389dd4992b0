//! `residents import|export|add|edit|show|list` and `room`: the residents directory (业主档案)
//! on the command line. Phones and ID numbers are masked everywhere except in the household
//! card (`residents show`, `room`) to an operator who can write.

mod callbacks;
mod card;
mod export;
mod found;
mod import;
mod sheet_file;

pub use card::room;
pub use found::print_found as print_found_households;
pub use import::import;

use super::CliError;
use super::output::print_json;
use crate::desk::Desk;
use crate::domain::residents::{HField, Household, HouseholdError, Patch, patch_field};
use crate::domain::text::sanitize_line;
use crate::i18n::Lang;
use crate::i18n::residents::{self as words, RWord};
use crate::store::Store;
use crate::store::residents::{HouseholdRefusal, HouseholdWrite, ResidentsCheck};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{Value, json};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ResidentsCommand {
    /// Check a spreadsheet of households (.xlsx, .xls, .csv in UTF-8 or GBK); --apply writes it
    #[command(
        after_help = "Headers in Chinese or English: 房号/room, 业主/owner, 电话/phone, \
身份证/id_number, 家庭成员/family, 工作单位/employer, 入住日期/move_in, 租户/tenant, \
租户电话/tenant_phone, 是否入住/occupied, 备注/notes. A dry run by default: every row that \
cannot be read is named with its row number and why (exit 2, nothing written). --apply writes \
every household as one transaction, only when all rows are good or --skip-bad is given."
    )]
    Import {
        /// The spreadsheet: .xlsx, .xls or .csv
        file: PathBuf,
        /// Write the households (default: only check them)
        #[arg(long)]
        apply: bool,
        /// Import the good rows and name the bad ones, instead of refusing them all
        #[arg(long)]
        skip_bad: bool,
        /// A column whose header is not one of the known ones, e.g. --map 联系方式=phone
        #[arg(long, value_name = "COLUMN=FIELD")]
        map: Vec<String>,
    },
    /// Every household in the import's layout (phones and ID numbers masked unless --unmasked)
    Export {
        #[arg(long, value_enum)]
        format: ResidentsFormat,
        /// Write to this file (replaced whole once complete) instead of stdout
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Full phone and ID numbers (refused, exit 3, for a read-only user)
        #[arg(long)]
        unmasked: bool,
    },
    /// A new household
    Add(HouseholdArgs),
    /// Change a household's fields (an empty value clears one: --tenant "" when a tenant moves
    /// out; the history keeps what was there)
    Edit(HouseholdArgs),
    /// The household card of a room with its history of changes
    Show {
        /// The room, e.g. 3-2-1201
        room: String,
        #[arg(long)]
        json: bool,
    },
    /// Households in room order, or those matching --find (phones and ID numbers masked)
    List {
        /// A room (from its start), a phone, its last 4 digits, a name or its pinyin initials
        /// (wxm finds 王小明)
        #[arg(long)]
        find: Option<String>,
        /// At most this many; 0: no limit
        #[arg(long, default_value_t = 200)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// The yearly callback of every occupied household this year (回访率 100 %): called or
    /// still due (phones masked)
    Callbacks {
        /// Only the households still owed their callback this year
        #[arg(long)]
        due: bool,
        #[arg(long)]
        json: bool,
    },
    /// Record a household's yearly callback in its history (--result no_answer: a try; the
    /// household stays due)
    Callback {
        /// The room, e.g. 3-2-1201
        room: String,
        /// phone, visit or letter
        #[arg(long, default_value = "phone")]
        form: String,
        /// satisfied, neutral, unsatisfied or no_answer
        #[arg(long)]
        result: String,
        /// The owner's words
        #[arg(long)]
        words: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResidentsFormat {
    /// UTF-8 with a BOM, so that Excel and WPS read the Chinese
    Csv,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct HouseholdArgs {
    /// The room, e.g. 3-2-1201
    pub room: String,
    /// The owner's name
    #[arg(long)]
    pub owner: Option<String>,
    /// Phone numbers (mobile or landline), several separated by /
    #[arg(long)]
    pub phone: Option<String>,
    /// The owner's ID number (18 characters, check digit checked)
    #[arg(long)]
    pub id_number: Option<String>,
    /// Family members living there
    #[arg(long)]
    pub family: Option<String>,
    #[arg(long)]
    pub employer: Option<String>,
    /// Move-in date, YYYY-MM-DD
    #[arg(long)]
    pub move_in: Option<String>,
    #[arg(long)]
    pub tenant: Option<String>,
    #[arg(long)]
    pub tenant_phone: Option<String>,
    /// yes or no [add: yes when an owner or tenant is given]
    #[arg(long)]
    pub occupied: Option<String>,
    /// Notes such as elderly living alone, wheelchair
    #[arg(long)]
    pub notes: Option<String>,
}

impl HouseholdArgs {
    fn patch(&self) -> Result<Patch, CliError> {
        let mut patch = Patch::default();
        let given = [
            (HField::Owner, &self.owner),
            (HField::Phone, &self.phone),
            (HField::IdNumber, &self.id_number),
            (HField::Family, &self.family),
            (HField::Employer, &self.employer),
            (HField::MoveIn, &self.move_in),
            (HField::Tenant, &self.tenant),
            (HField::TenantPhone, &self.tenant_phone),
            (HField::Occupied, &self.occupied),
            (HField::Notes, &self.notes),
        ];
        for (field, value) in given {
            if let Some(v) = value {
                patch_field(&mut patch, field, v).map_err(field_error)?;
            }
        }
        // A tenant who moves out takes their phone along (the history keeps both).
        if patch.tenant.as_deref() == Some("") && patch.tenant_phone.is_none() {
            patch.tenant_phone = Some(String::new());
        }
        Ok(patch)
    }
}

/// Bad input in a household's field: exit 2.
fn field_error(e: HouseholdError) -> CliError {
    said(2, move |lang| words::error(lang, &e))
}

/// A message in the interface language with its exit code.
fn said(code: i32, text: impl Fn(Lang) -> String) -> CliError {
    let en = text(Lang::En);
    let zh = text(Lang::Zh);
    CliError {
        code,
        message: en.clone(),
        source: Some(super::Source::Said(crate::i18n::cli::Say::Residents {
            en,
            zh,
        })),
    }
}

fn refused(r: HouseholdRefusal) -> CliError {
    said(2, move |lang| words::refusal(lang, &r))
}

fn room_arg(text: &str) -> Result<String, CliError> {
    crate::domain::residents::room(text).map_err(field_error)
}

/// Whether this operator may see full phones and ID numbers (the household card only).
fn may_see_full(store: &Store) -> bool {
    store.read_only().is_none()
}

pub fn run(store: &mut Store, desk: &Desk, command: ResidentsCommand) -> Result<(), CliError> {
    match command {
        ResidentsCommand::Import { .. } => unreachable!("cli::run_on reads the file first"),
        ResidentsCommand::Export {
            format,
            output,
            unmasked,
        } => export::export(store, desk, format, output.as_deref(), unmasked),
        ResidentsCommand::Add(args) => {
            let room = room_arg(&args.room)?;
            let mut patch = args.patch()?;
            if patch.occupied.is_none() {
                let named = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.is_empty());
                patch.occupied = Some(named(&patch.owner) || named(&patch.tenant));
            }
            let mut h = Household {
                room: room.clone(),
                ..Default::default()
            };
            h.apply(&patch);
            write(store, desk, HouseholdWrite::Add(h))?;
            println!("{room}");
            Ok(())
        }
        ResidentsCommand::Edit(args) => {
            let room = room_arg(&args.room)?;
            let patch = args.patch()?;
            if patch == Patch::default() {
                return Err(refused(HouseholdRefusal::NothingToChange(room)));
            }
            write(
                store,
                desk,
                HouseholdWrite::Edit {
                    room: room.clone(),
                    patch,
                },
            )?;
            println!("{room}");
            Ok(())
        }
        ResidentsCommand::Show { room, json } => card::show(store, desk, &room_arg(&room)?, json),
        ResidentsCommand::List { find, limit, json } => {
            list(store, desk, find.as_deref(), limit, json)
        }
        ResidentsCommand::Callbacks { due, json } => callbacks::list(store, desk, due, json),
        ResidentsCommand::Callback {
            room,
            form,
            result,
            words,
        } => callbacks::record(store, desk, &room, &form, &result, words.as_deref()),
    }
}

fn write(store: &mut Store, desk: &Desk, w: HouseholdWrite) -> Result<(), CliError> {
    let progress = crate::progress::Progress::new();
    store
        .write_households(vec![w], &desk.operator, desk.clock.now(), &progress)?
        .map_err(refused)?;
    Ok(())
}

fn list(
    store: &Store,
    desk: &Desk,
    find: Option<&str>,
    limit: u32,
    json: bool,
) -> Result<(), CliError> {
    let limit = if limit == 0 {
        usize::MAX
    } else {
        limit as usize
    };
    let found: Vec<Household> = match find {
        Some(text) => store.find_households(text, limit)?,
        None => {
            let mut all = Vec::new();
            let mut after: Option<String> = None;
            while all.len() < limit {
                let page = store.households_page(after.as_deref(), 1000.min(limit - all.len()))?;
                let Some(last) = page.last() else { break };
                after = Some(last.room.clone());
                all.extend(page);
            }
            all
        }
    };
    // Lists and search results are always masked.
    let masked: Vec<Household> = found.iter().map(Household::masked).collect();
    if json {
        print_json(&Value::Array(masked.iter().map(household_json).collect()));
        return Ok(());
    }
    if masked.is_empty() {
        match find {
            Some(t) => println!(
                "{}",
                words::phone_not_in_directory(desk.lang, &sanitize_line(t))
            ),
            None => println!("{}", RWord::NoHouseholds.s(desk.lang)),
        }
        return Ok(());
    }
    for h in &masked {
        println!("{}", list_line(h, desk.lang));
    }
    Ok(())
}

/// One line of a list: room, owner, phones, tenant, occupied, notes.
fn list_line(h: &Household, lang: Lang) -> String {
    let mut parts = vec![h.room.clone()];
    parts.push(h.owner.clone().unwrap_or_else(|| "-".into()));
    parts.push(if h.phones.is_empty() {
        "-".into()
    } else {
        h.phones.join("/")
    });
    if let Some(t) = &h.tenant {
        let phone = h
            .tenant_phone
            .as_deref()
            .map(|p| format!(" {p}"))
            .unwrap_or_default();
        parts.push(format!(
            "{}: {t}{phone}",
            words::field(lang, HField::Tenant)
        ));
    }
    parts.push(
        if h.occupied {
            RWord::Occupied
        } else {
            RWord::Vacant
        }
        .s(lang)
        .to_string(),
    );
    if let Some(n) = &h.notes {
        parts.push(n.lines().next().unwrap_or("").to_string());
    }
    sanitize_line(&parts.join("  ")).into_owned()
}

/// A household as JSON (as given: masked or not by the caller).
pub fn household_json(h: &Household) -> Value {
    json!({
        "room": h.room,
        "owner": h.owner,
        "phones": h.phones,
        "id_number": h.id_number,
        "family": h.family,
        "employer": h.employer,
        "move_in": h.move_in.map(|d| d.to_string()),
        "tenant": h.tenant,
        "tenant_phone": h.tenant_phone,
        "occupied": h.occupied,
        "notes": h.notes,
    })
}

/// The directory's part of `verify`; a file too damaged to read it is a failed check (the
/// rest of `verify` still reports what it found).
pub fn verify_check(store: &Store) -> ResidentsCheck {
    store.verify_residents().unwrap_or_else(|e| ResidentsCheck {
        mismatch: Some(("-".into(), e.to_string())),
        ..Default::default()
    })
}

/// `verify`'s line about the directory, when it holds anything.
pub fn verify_ok_line(c: &ResidentsCheck, lang: Lang) -> Option<String> {
    (c.events > 0).then(|| words::verify_ok(lang, c.events, c.households))
}

/// `verify`'s lines about a directory that does not hold (empty when it does).
pub fn verify_problems(c: &ResidentsCheck, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some((seq, room)) = &c.first_break {
        lines.push(format!(
            "  {}",
            words::verify_break(lang, *seq, &sanitize_line(room))
        ));
    }
    if let Some((room, what)) = &c.mismatch {
        lines.push(format!(
            "  {}",
            words::verify_mismatch(lang, &sanitize_line(room), &sanitize_line(what))
        ));
    }
    lines
}

/// `verify --json`: a `residents` object when the directory holds anything or does not hold.
pub fn verify_json(value: &mut Value, c: &ResidentsCheck) {
    if c.events == 0 && c.ok() {
        return;
    }
    value["residents"] = json!({
        "ok": c.ok(),
        "events": c.events,
        "households": c.households,
        "first_break": c.first_break.as_ref().map(|(seq, room)| json!({"seq": seq, "room": room})),
        "mismatch": c.mismatch.as_ref().map(|(room, what)| json!({"room": room, "detail": what})),
    });
    if !c.ok() {
        value["ok"] = json!(false);
    }
}
