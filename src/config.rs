//! The config file (`~/.config/dutydesk/config.toml`) and its defaults.

use crate::domain::calendar::NamedDay;
use crate::domain::shift::{ShiftDef, parse_start};
use crate::domain::text::sanitize_line;
use crate::domain::time::{Zone, ZoneError, check_day, parse_zone};
use crate::domain::{Calendar, Limits, Policy};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

mod place;
pub mod texts;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Shown in the TUI header.
    pub estate: String,
    /// IANA zone name; empty: the system's (`TZ`).
    pub timezone: String,
    /// Ring the terminal bell once when a deadline turns soon or overdue.
    pub bell: bool,
    /// Mouse in the TUI: the wheel scrolls, a click opens a tab or selects a row (off: staff
    /// select text, such as phone numbers, with the mouse as in any terminal).
    pub mouse: bool,
    /// ASCII borders for terminals where box drawing is double width.
    pub ascii: bool,
    /// Create the database 0660 for a duty group instead of 0600.
    pub group_shared: bool,
    /// The desk's colours for the terminal's background (`NO_COLOR` always means `mono`).
    pub theme: ThemeName,
    /// Single colours of the theme replaced: a name (`red`, `light-blue`), `#rrggbb` or 0–255.
    pub colors: ColorsConfig,
    pub shifts: Vec<ShiftConfig>,
    pub rules: Limits,
    pub calendar: CalendarConfig,
    /// Keys for actions of the desk (`[keys]`, `sign = "Ctrl-S"`): put before the built-in
    /// ones, for terminals that take F1, F10 or F11 for themselves.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub keys: std::collections::BTreeMap<String, String>,
    /// Inspection areas replacing or added to the defaults (`[[inspection.areas]]`).
    #[serde(skip_serializing_if = "InspectionConfig::is_empty")]
    pub inspection: InspectionConfig,
    /// Where messages go (`[[notify.channels]]`): group robots and webhooks.
    #[serde(skip_serializing_if = "crate::config_notify::NotifyConfig::is_empty")]
    pub notify: crate::config_notify::NotifyConfig,
    /// The company's PostgreSQL server the history is pushed to (`[company]`).
    #[serde(skip_serializing_if = "crate::config_company::CompanyConfig::is_empty")]
    pub company: crate::config_company::CompanyConfig,
}

/// `[inspection]`: the areas of the inspection rounds (DOMAIN.md §1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InspectionConfig {
    pub areas: Vec<AreaConfig>,
}

impl InspectionConfig {
    fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }
}

/// One area: a slug of its own (or a default one, to replace it), its name, its check items
/// (keys, or `{ key, name }`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaConfig {
    pub slug: String,
    pub name: String,
    pub items: Vec<ItemConfig>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ItemConfig {
    Key(String),
    Named { key: String, name: String },
}

impl InspectionConfig {
    /// The areas checked: slugs and keys of lower-case letters, digits and `_`, names not
    /// empty, no slug or item key twice, at least one item; the table the rounds use.
    pub fn areas(
        &self,
    ) -> Result<Vec<crate::domain::kinds::inspection::areas::AreaSpec>, SettingError> {
        use crate::domain::kinds::inspection::areas::{AreaSpec, ItemSpec, is_key, merged};
        let mut out: Vec<AreaSpec> = Vec::new();
        for (i, area) in self.areas.iter().enumerate() {
            let key = format!("inspection.areas[{i}]");
            let slug = area.slug.trim();
            if !is_key(slug) {
                return Err(problem(
                    format!("{key}.slug"),
                    SettingProblem::NotAKey(sanitize_line(slug).into_owned()),
                ));
            }
            if out.iter().any(|a| a.slug == slug) {
                return Err(problem(
                    format!("{key}.slug"),
                    SettingProblem::Duplicate(slug.to_string()),
                ));
            }
            if area.name.trim().is_empty() {
                return Err(problem(format!("{key}.name"), SettingProblem::Empty));
            }
            if area.items.is_empty() {
                return Err(problem(format!("{key}.items"), SettingProblem::Empty));
            }
            let mut items: Vec<ItemSpec> = Vec::new();
            for (j, item) in area.items.iter().enumerate() {
                let (k, name) = match item {
                    ItemConfig::Key(k) => (k.trim(), None),
                    ItemConfig::Named { key, name } => (key.trim(), Some(name.trim())),
                };
                let at = format!("{key}.items[{j}]");
                if !is_key(k) {
                    return Err(problem(
                        at,
                        SettingProblem::NotAKey(sanitize_line(k).into_owned()),
                    ));
                }
                if items.iter().any(|o| o.key == k) {
                    return Err(problem(at, SettingProblem::Duplicate(k.to_string())));
                }
                if name.is_some_and(str::is_empty) {
                    return Err(problem(format!("{at}.name"), SettingProblem::Empty));
                }
                items.push(ItemSpec {
                    key: k.to_string(),
                    name: name.map(|n| sanitize_line(n).into_owned()),
                });
            }
            out.push(AreaSpec {
                slug: slug.to_string(),
                name: Some(sanitize_line(area.name.trim()).into_owned()),
                items,
            });
        }
        Ok(merged(out))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftConfig {
    pub name: String,
    /// `HH:MM` local time.
    pub start: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// For a dark background (the default).
    #[default]
    Dark,
    /// For a light background: no yellow or cyan text on white.
    Light,
    /// No colour: bold, underline and reverse only.
    Mono,
}

/// Colours replacing the theme's own, one role each; unset: the theme's.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ColorsConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soon: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<String>,
    /// Field labels and column heads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Keys in the hints and the help.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The header bar's background.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
}

/// The part of the desk a `[colors]` entry paints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorRole {
    Overdue,
    Soon,
    Met,
    Label,
    Key,
    Header,
}

impl ColorRole {
    /// Its key in `[colors]`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Overdue => "overdue",
            Self::Soon => "soon",
            Self::Met => "met",
            Self::Label => "label",
            Self::Key => "key",
            Self::Header => "header",
        }
    }
}

impl ColorsConfig {
    /// (role, value) of each colour given, in a fixed order.
    pub fn given(&self) -> impl Iterator<Item = (ColorRole, &str)> {
        [
            (ColorRole::Overdue, &self.overdue),
            (ColorRole::Soon, &self.soon),
            (ColorRole::Met, &self.met),
            (ColorRole::Label, &self.label),
            (ColorRole::Key, &self.key),
            (ColorRole::Header, &self.header),
        ]
        .into_iter()
        .filter_map(|(role, value)| value.as_deref().map(|v| (role, v)))
    }
}

/// A colour as the config spells it: a name ratatui knows, `#rrggbb`, or an index 0–255.
pub fn parse_color(text: &str) -> Option<ratatui::style::Color> {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("reset") {
        return None;
    }
    text.parse().ok()
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
            keys: Default::default(),
            inspection: InspectionConfig::default(),
            notify: Default::default(),
            company: Default::default(),
            theme: ThemeName::Dark,
            colors: ColorsConfig::default(),
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

/// Why the settings cannot be used: the key (a config key path such as `shifts[1].start`,
/// or `TZ`, `DUTYDESK_NOW`) and what is wrong. Rendered for people by `i18n::setting_error`.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingError {
    pub key: String,
    pub problem: SettingProblem,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SettingProblem {
    /// The file exists but cannot be read (the I/O error).
    Unreadable(String),
    /// TOML syntax, a wrong type or an unknown key (the parser's message, with its line).
    Syntax(String),
    /// Not a time zone name.
    NotAZone(String),
    /// A POSIX TZ rule other than a whole-hour offset.
    PosixRule(String),
    /// `TZ` is unset and the system's zone cannot be told (why).
    NoSystemZone(String),
    /// Not a time of day `HH:MM`.
    NotTimeOfDay(String),
    /// The same shift start or name twice.
    Duplicate(String),
    /// No shifts at all.
    NoShifts,
    /// A name that is empty.
    Empty,
    /// A date outside the range times may lie in.
    OutOfRange(String),
    /// A deadline rule out of its bounds (the rule's message).
    Rules(String),
    /// Not a colour name, `#rrggbb` or 0–255.
    NotAColor(String),
    /// Not a slug or key: lower-case letters, digits and `_`, starting with a letter.
    NotAKey(String),
    /// `[keys]`: not a key name (`F2`, `Ctrl-S`, `Alt-x`, one character).
    NotAKeyName(String),
    /// `[keys]`: no action of that name.
    UnknownAction(String),
    /// `[keys]`: the same key set for two actions.
    KeyTwice(String),
    /// A notification channel's kind other than wecom, dingtalk or webhook.
    NotAChannelKind(String),
    /// A channel's URL that is not https (http only to a loopback address); the scheme and
    /// host only, never the rest (it holds the key).
    NotHttps(String),
    /// An event name a channel cannot take.
    NotAnEvent(String),
    /// The file holds channel keys or secrets and others may read it (its mode, octal).
    TooOpen(u32),
    /// `[notify.mobiles]`: not a mobile number (shown masked).
    NotAMobile(String),
    /// `[notify.escalation.deadlines]`: not a deadline name.
    NotADeadline(String),
    /// `[company] url`: not a PostgreSQL URL (masked, and why).
    NotAPostgresUrl(String, String),
    /// `[company] url`: its `sslrootcert` (the path) names no usable CA.
    NotACaFile(String, crate::config_company::CaProblem),
    /// `[company] url`: its `sslcert` and `sslkey` give no usable client certificate.
    NotAClientCert(crate::config_company::ClientCertProblem),
    /// `[company] estate`: too long or holding control characters.
    NotAnEstate(String),
    /// The file holds the company server's password and others may read it (its mode).
    PasswordTooOpen(u32),
    /// A name or text holding a control character, a bidi control or a line separator.
    UnsafeChar(char),
    /// A value of the config file found wrong: the file, the line of its key (when the file
    /// holds it) and what is wrong.
    InFile {
        file: String,
        line: Option<usize>,
        problem: Box<SettingProblem>,
    },
}

impl std::fmt::Display for SettingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::setting_error(crate::i18n::Lang::En, self))
    }
}

impl std::error::Error for SettingError {}

pub(crate) fn problem(key: impl Into<String>, problem: SettingProblem) -> SettingError {
    SettingError {
        key: key.into(),
        problem,
    }
}

/// Where the zone in use came from, for `dutydesk config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneSource {
    Config,
    Tz,
    System,
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

    /// The file if it exists, else the defaults; checked and with its text made safe for a
    /// terminal. A file that does not parse or check is an error naming the key.
    pub fn load(path: Option<&Path>) -> Result<Self, SettingError> {
        let Some(path) = path else {
            return Self::default().checked();
        };
        let file = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Self::default().checked();
            }
            Err(e) => return Err(problem(file, SettingProblem::Unreadable(e.to_string()))),
        };
        let config: Config = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|span| where_in(&text, span.start))
                .unwrap_or_default();
            problem(
                file.clone(),
                SettingProblem::Syntax(format!("{line}{}", e.message().trim())),
            )
        })?;
        crate::config_notify::check_mode(path, &config.notify)?;
        crate::config_company::check_mode(path, &config.company)?;
        config.checked().map_err(|e| in_file(e, &file, &text))
    }

    /// Every value checked, naming the key of the first wrong one; config text sanitised.
    pub fn checked(mut self) -> Result<Self, SettingError> {
        texts::check(&self)?;
        self.rules
            .check()
            .map_err(|e| problem("rules", SettingProblem::Rules(e)))?;
        self.zone()?;
        self.shift_defs()?;
        self.inspection.areas()?;
        crate::app::keys_config::check(&self.keys)?;
        self.notify.check()?;
        self.company.check()?;
        if let Some((role, text)) = self.colors.given().find(|(_, t)| parse_color(t).is_none()) {
            return Err(problem(
                format!("colors.{}", role.key()),
                SettingProblem::NotAColor(text.to_string()),
            ));
        }
        self.estate = sanitize_line(&self.estate).into_owned();
        for shift in &mut self.shifts {
            shift.name = sanitize_line(shift.name.trim()).into_owned();
        }
        for (table, days) in [
            ("holidays", &mut self.calendar.holidays),
            ("workdays", &mut self.calendar.workdays),
        ] {
            for (i, day) in days.iter_mut().enumerate() {
                let key = format!("calendar.{table}[{i}]");
                if check_day(crate::domain::Field::Date, "", day.date).is_err() {
                    return Err(problem(
                        format!("{key}.date"),
                        SettingProblem::OutOfRange(day.date.to_string()),
                    ));
                }
                if day.name.trim().is_empty() {
                    return Err(problem(format!("{key}.name"), SettingProblem::Empty));
                }
                day.name = sanitize_line(day.name.trim()).into_owned();
            }
        }
        Ok(self)
    }

    /// The shifts as the domain uses them: at least one, each start a time of day `HH:MM`,
    /// no start or name twice.
    pub fn shift_defs(&self) -> Result<Vec<ShiftDef>, SettingError> {
        if self.shifts.is_empty() {
            return Err(problem("shifts", SettingProblem::NoShifts));
        }
        let mut defs: Vec<ShiftDef> = Vec::with_capacity(self.shifts.len());
        for (i, shift) in self.shifts.iter().enumerate() {
            let name = shift.name.trim();
            if name.is_empty() {
                return Err(problem(format!("shifts[{i}].name"), SettingProblem::Empty));
            }
            let start = parse_start(&shift.start).ok_or_else(|| {
                problem(
                    format!("shifts[{i}].start"),
                    SettingProblem::NotTimeOfDay(shift.start.clone()),
                )
            })?;
            if defs.iter().any(|d| d.start == start) {
                return Err(problem(
                    format!("shifts[{i}].start"),
                    SettingProblem::Duplicate(shift.start.clone()),
                ));
            }
            if defs.iter().any(|d| d.name == name) {
                return Err(problem(
                    format!("shifts[{i}].name"),
                    SettingProblem::Duplicate(name.to_string()),
                ));
            }
            defs.push(ShiftDef {
                name: name.to_string(),
                start,
            });
        }
        Ok(defs)
    }

    /// The estate's zone: the config's, else `TZ`, else the system's.
    pub fn zone(&self) -> Result<Zone, SettingError> {
        self.zone_in_use().map(|(zone, _)| zone)
    }

    /// The zone and where it came from. A name that is not a zone is an error, never UTC.
    pub fn zone_in_use(&self) -> Result<(Zone, ZoneSource), SettingError> {
        if !self.timezone.trim().is_empty() {
            return named_zone("timezone", &self.timezone).map(|z| (z, ZoneSource::Config));
        }
        if let Some(tz) = std::env::var_os("TZ") {
            let tz = tz.to_string_lossy();
            return named_zone("TZ", &tz).map(|z| (z, ZoneSource::Tz));
        }
        system_zone().map(|z| (z, ZoneSource::System))
    }

    pub fn policy(&self) -> Result<Policy, SettingError> {
        Ok(Policy::new(
            self.rules.clone(),
            Calendar::with_extra(&self.calendar.holidays, &self.calendar.workdays),
            self.zone()?,
        ))
    }
}

/// A check's error on a value of the file `file` (its `text`): placed in the file, at the line
/// of its key. The zone from `TZ` or the system is not the file's.
fn in_file(e: SettingError, file: &str, text: &str) -> SettingError {
    if e.key == "TZ" || e.key == "system time zone" {
        return e;
    }
    // A rule's message names its key first (`rules.arrival_minutes must be …`).
    let key = match &e.problem {
        SettingProblem::Rules(m) => m.split_whitespace().next().unwrap_or(&e.key),
        _ => e.key.as_str(),
    };
    let line = place::line_of(text, key);
    SettingError {
        problem: SettingProblem::InFile {
            file: sanitize_line(file).into_owned(),
            line,
            problem: Box::new(e.problem),
        },
        key: e.key,
    }
}

/// `line 4 (in [rules]): ` for a parse error at byte `at`: the line, and the table it is in.
fn where_in(text: &str, at: usize) -> String {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let table = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|header| format!(" (in {})", sanitize_line(header)))
        .unwrap_or_default();
    format!("line {line}{table}: ")
}

fn named_zone(key: &str, name: &str) -> Result<Zone, SettingError> {
    parse_zone(name).map_err(|e| {
        let name = sanitize_line(name.trim()).into_owned();
        problem(
            key,
            match e {
                ZoneError::Unknown => SettingProblem::NotAZone(name),
                ZoneError::PosixRule => SettingProblem::PosixRule(name),
            },
        )
    })
}

/// `TZ` unset: the system's zone. With no `/etc/localtime` the C library uses UTC, and so do
/// we; a zone file we cannot name is an error, not a silent UTC.
fn system_zone() -> Result<Zone, SettingError> {
    match iana_time_zone::get_timezone() {
        Ok(name) => named_zone("system time zone", &name),
        Err(_) if !Path::new("/etc/localtime").exists() => Ok(chrono_tz::UTC),
        Err(e) => Err(problem("TZ", SettingProblem::NoSystemZone(e.to_string()))),
    }
}
/// The mode of a file others may read or write (group or world bits set), None when only its
/// owner may (or it cannot be read): a config holding secrets must be its owner's alone.
pub(crate) fn open_to_others(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}
