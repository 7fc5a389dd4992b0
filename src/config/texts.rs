//! Every name and text the config gives, checked once when the config is read: no control
//! character (ESC, BEL, a line break…), no bidi control (U+202E…), no line or paragraph
//! separator — such a name would reach the screen, the robots' groups and the company's
//! server as written — and a name is never empty or only spaces. The sections list their own
//! texts (`texts`); the rule is here.

use super::{Config, ItemConfig, SettingError, SettingProblem, problem};
use crate::domain::text::{is_unsafe, sanitize_line};

/// One text of the config: the key it is at (as the other checks name keys), the text, and
/// whether it is a name (then it may not be empty).
pub struct ConfigText<'a> {
    pub key: String,
    pub text: &'a str,
    pub name: bool,
}

impl<'a> ConfigText<'a> {
    pub fn name(key: impl Into<String>, text: &'a str) -> Self {
        Self {
            key: key.into(),
            text,
            name: true,
        }
    }

    pub fn text(key: impl Into<String>, text: &'a str) -> Self {
        Self {
            key: key.into(),
            text,
            name: false,
        }
    }
}

/// A character no name or text of the config may hold: a control or bidi character (as the
/// terminal sanitiser sees them), or a line or paragraph separator.
pub fn refused_char(c: char) -> bool {
    is_unsafe(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The first text of the config that is refused, naming its key.
pub fn check(config: &Config) -> Result<(), SettingError> {
    for t in config.texts() {
        if t.name && t.text.trim().is_empty() {
            return Err(problem(t.key, SettingProblem::Empty));
        }
        if let Some(c) = t.text.chars().find(|&c| refused_char(c)) {
            return Err(problem(t.key, SettingProblem::UnsafeChar(c)));
        }
    }
    Ok(())
}

/// A map key in a key path, as the checks and the line finder spell it.
pub fn map_key(table: &str, key: &str) -> String {
    format!("{table}.{}", sanitize_line(key))
}

impl Config {
    /// Every name and text the config gives, with its key: the estate, the zone, the shifts,
    /// the calendar's days, the colours, `[keys]`, the inspection areas and their items, the
    /// notification channels, mobiles and deadlines, the company's server.
    pub fn texts(&self) -> Vec<ConfigText<'_>> {
        let mut out = vec![
            ConfigText::name("estate", &self.estate),
            ConfigText::text("timezone", &self.timezone),
        ];
        for (role, text) in self.colors.given() {
            out.push(ConfigText::text(format!("colors.{}", role.key()), text));
        }
        for (i, shift) in self.shifts.iter().enumerate() {
            out.push(ConfigText::name(format!("shifts[{i}].name"), &shift.name));
            out.push(ConfigText::text(format!("shifts[{i}].start"), &shift.start));
        }
        for (table, days) in [
            ("holidays", &self.calendar.holidays),
            ("workdays", &self.calendar.workdays),
        ] {
            for (i, day) in days.iter().enumerate() {
                out.push(ConfigText::name(
                    format!("calendar.{table}[{i}].name"),
                    &day.name,
                ));
            }
        }
        for (action, key) in &self.keys {
            out.push(ConfigText::text(map_key("keys", action), action));
            out.push(ConfigText::text(map_key("keys", action), key));
        }
        for (i, area) in self.inspection.areas.iter().enumerate() {
            let at = format!("inspection.areas[{i}]");
            out.push(ConfigText::text(format!("{at}.slug"), &area.slug));
            out.push(ConfigText::name(format!("{at}.name"), &area.name));
            for (j, item) in area.items.iter().enumerate() {
                match item {
                    ItemConfig::Key(key) => {
                        out.push(ConfigText::text(format!("{at}.items[{j}]"), key));
                    }
                    ItemConfig::Named { key, name } => {
                        out.push(ConfigText::text(format!("{at}.items[{j}]"), key));
                        out.push(ConfigText::name(format!("{at}.items[{j}].name"), name));
                    }
                }
            }
        }
        out.extend(self.notify.texts());
        out.extend(self.company.texts());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bidi_and_separators_are_refused_chinese_is_not() {
        for c in [
            '\u{1b}', '\u{7}', '\n', '\r', '\t', '\u{7f}', '\u{85}', '\u{202e}',
        ] {
            assert!(refused_char(c), "{c:?}");
        }
        for c in ['\u{2066}', '\u{200f}', '\u{2028}', '\u{2029}'] {
            assert!(refused_char(c), "{c:?}");
        }
        for c in "阳光花园 白班 Day-1 (A) ·—".chars() {
            assert!(!refused_char(c), "{c:?}");
        }
    }

    #[test]
    fn a_name_empty_or_with_a_control_character_is_refused_naming_its_key() {
        let with = |estate: &str| Config {
            estate: estate.into(),
            ..Config::default()
        };
        assert!(check(&with("阳光花园")).is_ok());
        assert_eq!(
            check(&with(" \t")).unwrap_err(),
            problem("estate", SettingProblem::Empty)
        );
        assert_eq!(
            check(&with("阳光\u{1b}[2J")).unwrap_err(),
            problem("estate", SettingProblem::UnsafeChar('\u{1b}'))
        );
        assert_eq!(
            check(&with("\u{202e}园花光阳")).unwrap_err(),
            problem("estate", SettingProblem::UnsafeChar('\u{202e}'))
        );
    }
}
