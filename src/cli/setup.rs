//! From flags and environment to a `Desk` and an open store.

use super::CliError;
use super::args::{Global, LangArg};
use crate::clock::Clock;
use crate::config::{Config, SettingError};
use crate::desk::Desk;
use crate::domain::text::{MAX_SHORT_CHARS, required_text};
use crate::domain::time::{Zone, check_time, parse_instant, rfc3339};
use crate::i18n::Lang;
use crate::i18n::cli::{Say, upgrade_notice};
use crate::store::{Access, OpenOptions, PlannerStats, Store};
use std::path::PathBuf;

pub fn data_dir() -> Result<PathBuf, CliError> {
    directories::ProjectDirs::from("", "", "dutydesk")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| CliError::failed(Say::NoHomeDir))
}

/// The login name from the environment (USER, else LOGNAME), "desk" without one; a name that
/// is not UTF-8 text is refused, naming the variable.
fn login_name() -> Result<String, CliError> {
    for var in ["USER", "LOGNAME"] {
        match std::env::var(var) {
            Ok(name) if !name.trim().is_empty() => return Ok(name),
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(CliError::bad(Say::LoginNotUtf8(var)));
            }
            _ => {}
        }
    }
    Ok("desk".to_string())
}

/// `DUTYDESK_NOW`, if set, else the system clock; either must lie in the range times may.
pub fn clock(zone: Zone) -> Result<Clock, CliError> {
    match std::env::var("DUTYDESK_NOW") {
        Ok(text) if !text.trim().is_empty() => {
            let t = parse_instant(crate::domain::Field::Now, &text, zone)?;
            Ok(Clock::starting_at(t, false))
        }
        Ok(_) | Err(std::env::VarError::NotPresent) => {
            let clock = Clock::system().frozen();
            let now = clock.now();
            check_time(crate::domain::Field::Clock, &rfc3339(now, zone), now, zone)?;
            Ok(clock)
        }
        Err(std::env::VarError::NotUnicode(_)) => Err(CliError::bad(Say::NowNotUtf8)),
    }
}

/// The interface language: `--lang`, else the environment (`Lang::from_env`).
pub fn lang(global: &Global) -> Lang {
    match global.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_env(),
    }
}

/// The desk the flags and environment describe; errors in English (`cli::run` says them in
/// the interface language).
pub fn desk(global: &Global, demo: bool) -> Result<Desk, CliError> {
    let lang = lang(global);
    let setting = |e: SettingError| CliError::bad(e);
    let config = Config::load(Config::default_path().as_deref()).map_err(setting)?;
    let areas = crate::domain::kinds::inspection::areas::Areas::new(
        config.inspection.areas().map_err(setting)?,
    );
    let policy = config.policy().map_err(setting)?.with_areas(areas);
    let clock = clock(policy.zone)?;
    let operator = required_text(
        crate::domain::Field::Operator,
        &match &global.operator {
            Some(name) => name.clone(),
            None => login_name()?,
        },
        MAX_SHORT_CHARS,
    )?;
    let db_path = match (&global.db, demo) {
        (_, true) => data_dir()?.join("demo.db"),
        (Some(path), false) => path.clone(),
        (None, false) => data_dir()?.join("dutydesk.db"),
    };
    Ok(Desk {
        ascii: global.ascii || config.ascii,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        config,
        policy,
        lang,
        operator,
        clock,
        db_path,
        read_only_asked: global.read_only,
    })
}

/// `create`: whether a missing database may be created (commands that write, the desk);
/// `planner_stats`: when the planner's statistics may be updated in the file (never by a
/// lookup).
pub fn open(desk: &Desk, create: bool, planner_stats: PlannerStats) -> Result<Store, CliError> {
    let options = OpenOptions {
        access: if desk.read_only_asked {
            Access::ReadOnly
        } else {
            Access::ReadWrite
        },
        group_shared: desk.config.group_shared,
        upgrade_notice: Some(match desk.lang {
            Lang::Zh => upgrade_notice_zh,
            _ => upgrade_notice_en,
        }),
        rederive_notice: Some(match desk.lang {
            Lang::Zh => rederive_notice_zh,
            _ => rederive_notice_en,
        }),
        create,
        planner_stats,
        ..OpenOptions::default()
    };
    let store = Store::open(&desk.db_path, options);
    super::progress::upgrade_ended();
    let mut store = store?;
    store.set_notify_routes(desk.config.notify.routes());
    Ok(store)
}

fn upgrade_notice_en(from: usize, to: usize) {
    let notice = upgrade_notice(Lang::En, from, to);
    eprintln!("{notice}");
    super::progress::upgrade_started(&format!("dutydesk {from} → {to}"));
}

fn rederive_notice_en() {
    eprintln!("{}", crate::i18n::cli::rederive_notice(Lang::En));
}

fn rederive_notice_zh() {
    eprintln!("{}", crate::i18n::cli::rederive_notice(Lang::Zh));
}

fn upgrade_notice_zh(from: usize, to: usize) {
    let notice = upgrade_notice(Lang::Zh, from, to);
    eprintln!("{notice}");
    super::progress::upgrade_started(&format!("dutydesk {from} → {to}"));
}

/// The demo database in the data directory, created and filled on first use.
pub fn open_demo(desk: &Desk) -> Result<Store, CliError> {
    let mut store = open(desk, true, PlannerStats::OnOpen)?;
    if store.read_only().is_none() && store.chain_head()?.0 == 0 {
        crate::demo::fill(&mut store, desk, None)?;
    }
    Ok(store)
}
