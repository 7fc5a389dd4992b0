//! `[company]`: the company's PostgreSQL server this desk pushes its history to (issue 19).
//! The URL may hold a password: it is shown only masked (`dutydesk config`, `Debug`, every
//! message), and a config holding one must be readable by its owner alone.

use crate::config::{SettingError, SettingProblem, problem};
use crate::domain::text::sanitize_line;
use serde::{Deserialize, Serialize, Serializer};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompanyConfig {
    /// `postgresql://user:password@host:port/database?sslmode=require`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<PgUrl>,
    /// The estate's name on the company's server: one name, one desk.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub estate: String,
}

/// What the company commands need, checked.
#[derive(Debug, Clone)]
pub struct Company {
    pub url: PgUrl,
    pub estate: String,
}

/// The longest estate name the company's server takes (characters).
pub const ESTATE_MAX: usize = 100;

impl CompanyConfig {
    pub fn is_empty(&self) -> bool {
        self.url.is_none() && self.estate.is_empty()
    }

    /// The section checked when it is there (every command refuses a wrong one, as for the
    /// other sections); `Ok(None)` when there is none.
    pub fn check(&self) -> Result<Option<Company>, SettingError> {
        if self.is_empty() {
            return Ok(None);
        }
        let Some(url) = &self.url else {
            return Err(problem("company.url", SettingProblem::Empty));
        };
        if let Err(why) = url.parsed() {
            return Err(problem(
                "company.url",
                SettingProblem::NotAPostgresUrl(url.masked(), why),
            ));
        }
        let estate = self.estate.trim();
        if estate.is_empty() {
            return Err(problem("company.estate", SettingProblem::Empty));
        }
        if estate.chars().count() > ESTATE_MAX || estate.chars().any(char::is_control) {
            return Err(problem(
                "company.estate",
                SettingProblem::NotAnEstate(sanitize_line(estate).into_owned()),
            ));
        }
        Ok(Some(Company {
            url: url.clone(),
            estate: estate.to_string(),
        }))
    }

    /// The company commands: the section must be there.
    pub fn required(&self) -> Result<Company, SettingError> {
        self.check()?
            .ok_or_else(|| problem("company.url", SettingProblem::Empty))
    }
}

/// A PostgreSQL URL from the config: shown only with its password masked.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct PgUrl(String);

impl PgUrl {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The URL itself: only for the connection.
    pub fn reveal(&self) -> &str {
        self.0.trim()
    }

    /// The client's settings from the URL; why not, in words without the password.
    pub fn parsed(&self) -> Result<postgres::Config, String> {
        let text = self.reveal();
        if !(text.starts_with("postgresql://") || text.starts_with("postgres://")) {
            return Err("it must start with postgresql://".into());
        }
        let config: postgres::Config = text.parse().map_err(|e: postgres::Error| {
            // The parser's words name the option, never its value.
            sanitize_line(&e.to_string()).into_owned()
        })?;
        if config.get_hosts().is_empty() {
            return Err("no host".into());
        }
        if config.get_user().is_none() {
            return Err("no user".into());
        }
        Ok(config)
    }

    /// Scheme, user, hosts, database and options, the password (in the user part or as an
    /// option) replaced by `***`.
    pub fn masked(&self) -> String {
        let text = self.reveal();
        let Some((scheme, rest)) = text.split_once("://") else {
            return "***".to_string();
        };
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let authority = match authority.rsplit_once('@') {
            Some((user, hosts)) => {
                let user = user.split(':').next().unwrap_or("");
                if user.len() < authority.len() - hosts.len() - 1 {
                    format!("{user}:***@{hosts}")
                } else {
                    format!("{user}@{hosts}")
                }
            }
            None => authority.to_string(),
        };
        let tail = match tail.split_once('?') {
            Some((path, query)) => {
                let query: Vec<String> = query
                    .split('&')
                    .map(|pair| match pair.split_once('=') {
                        Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                        _ => pair.to_string(),
                    })
                    .collect();
                format!("{path}?{}", query.join("&"))
            }
            None => tail.to_string(),
        };
        sanitize_line(&format!("{scheme}://{authority}{tail}")).into_owned()
    }

    /// Whether the URL carries a password.
    pub fn has_password(&self) -> bool {
        self.parsed().is_ok_and(|c| c.get_password().is_some())
    }
}

impl std::fmt::Debug for PgUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for PgUrl {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.masked())
    }
}

/// A config holding the company server's password must be readable by its owner alone.
pub fn check_mode(path: &Path, company: &CompanyConfig) -> Result<(), SettingError> {
    if !company.url.as_ref().is_some_and(PgUrl::has_password) {
        return Ok(());
    }
    match crate::config::open_to_others(path) {
        Some(mode) => Err(problem(
            path.display().to_string(),
            SettingProblem::PasswordTooOpen(mode),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_masked_wherever_it_is() {
        let u = PgUrl::new("postgresql://push:pa55@db.example.com:5432/company?sslmode=require");
        assert_eq!(
            u.masked(),
            "postgresql://push:***@db.example.com:5432/company?sslmode=require"
        );
        assert!(!format!("{u:?}").contains("pa55"));
        let u = PgUrl::new("postgresql://push@%2Ftmp%2Fs/c?password=pa55&sslmode=disable");
        assert_eq!(
            u.masked(),
            "postgresql://push@%2Ftmp%2Fs/c?password=***&sslmode=disable"
        );
        assert_eq!(
            PgUrl::new("postgresql://a:b@c@h/d").masked(),
            "postgresql://a:***@h/d"
        );
        assert_eq!(PgUrl::new("host=x password=y").masked(), "***");
    }

    #[test]
    fn a_url_needs_the_scheme_a_host_and_a_user() {
        assert!(PgUrl::new("postgresql://u:p@h/d").parsed().is_ok());
        assert!(PgUrl::new("postgres://u@h/d").parsed().is_ok());
        assert!(PgUrl::new("mysql://u@h/d").parsed().is_err());
        assert!(PgUrl::new("postgresql://u@h/d?bogus=1").parsed().is_err());
        assert!(PgUrl::new("postgresql:///d").parsed().is_err());
    }

    #[test]
    fn the_section_names_the_key_it_misses() {
        let none = CompanyConfig::default();
        assert!(none.check().unwrap().is_none());
        assert_eq!(none.required().unwrap_err().key, "company.url");
        let no_estate = CompanyConfig {
            url: Some(PgUrl::new("postgresql://u@h/d")),
            estate: " ".into(),
        };
        assert_eq!(no_estate.check().unwrap_err().key, "company.estate");
        let long = CompanyConfig {
            url: Some(PgUrl::new("postgresql://u@h/d")),
            estate: "园".repeat(ESTATE_MAX + 1),
        };
        assert_eq!(long.check().unwrap_err().key, "company.estate");
        let at_max = CompanyConfig {
            url: Some(PgUrl::new("postgresql://u@h/d")),
            estate: "园".repeat(ESTATE_MAX),
        };
        assert!(at_max.check().is_ok());
    }
}
