//! The config file (`~/.config/dutydesk/config.toml`) and its defaults.

use crate::domain::calendar::NamedDay;
use crate::domain::time::Zone;
use crate::domain::{Calendar, Limits, Policy};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Shown in the TUI header.
    pub estate: String,
    /// IANA zone name; empty: the system's (`TZ`).
    pub timezone: String,
    /// Ring the terminal bell once when a deadline turns soon or overdue.
    pub bell: bool,
    /// Mouse capture in the TUI (off: staff copy phone numbers with the mouse).
    pub mouse: bool,
    /// ASCII borders for terminals where box drawing is double width.
    pub ascii: bool,
    /// Create the database 0660 for a duty group instead of 0600.
    pub group_shared: bool,
    pub shifts: Vec<ShiftConfig>,
    pub rules: Limits,
    pub calendar: CalendarConfig,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftConfig {
    pub name: String,
    /// `HH:MM` local time.
    pub start: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CalendarConfig {
    pub holidays: Vec<NamedDay>,
    pub workdays: Vec<NamedDay>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            estate: "Service Centre".into(),
            timezone: String::new(),
            bell: true,
            mouse: false,
            ascii: false,
            group_shared: false,
            shifts: vec![
                ShiftConfig {
                    name: "Day".into(),
                    start: "08:00".into(),
                },
                ShiftConfig {
                    name: "Night".into(),
                    start: "20:00".into(),
                },
            ],
            rules: Limits::default(),
            calendar: CalendarConfig::default(),
        }
    }
}

impl Config {
    /// `DUTYDESK_CONFIG`, else the platform config dir.
    pub fn default_path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os("DUTYDESK_CONFIG") {
            return Some(PathBuf::from(p));
        }
        directories::ProjectDirs::from("", "", "dutydesk")
            .map(|d| d.config_dir().join("config.toml"))
    }

    /// The file if it exists, else the defaults. A file that does not parse is an error.
    pub fn load(path: Option<&Path>) -> Result<Self, String> {
        let Some(path) = path else {
            return Ok(Self::default());
        };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let config: Config =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        config
            .rules
            .check()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        config
            .zone()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(config)
    }

    /// The estate's zone: the config's, else `TZ`, else the system's, else UTC.
    pub fn zone(&self) -> Result<Zone, String> {
        if !self.timezone.is_empty() {
            return self
                .timezone
                .parse()
                .map_err(|_| format!("timezone '{}' is not an IANA zone name", self.timezone));
        }
        Ok(system_zone())
    }

    pub fn policy(&self) -> Result<Policy, String> {
        Ok(Policy::new(
            self.rules.clone(),
            Calendar::with_extra(&self.calendar.holidays, &self.calendar.workdays),
            self.zone()?,
        ))
    }
}

fn system_zone() -> Zone {
    if let Ok(tz) = std::env::var("TZ") {
        let name = tz.trim_start_matches(':');
        if let Ok(zone) = name.parse() {
            return zone;
        }
        if let Some(rest) = name.strip_prefix("/usr/share/zoneinfo/")
            && let Ok(zone) = rest.parse()
        {
            return zone;
        }
    }
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| name.parse().ok())
        .unwrap_or(chrono_tz::UTC)
}
