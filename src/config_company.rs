//! `[company]`: the company's PostgreSQL server this desk pushes its history to (issue 19).
//! The URL may hold a password: it is shown only masked (`dutydesk config`, `Debug`, every
//! message), and a config holding one must be readable by its owner alone.

use crate::config::texts::ConfigText;
use crate::config::{SettingError, SettingProblem, problem};
use crate::domain::text::sanitize_line;
use serde::{Deserialize, Serialize, Serializer};
use std::path::Path;

mod client_cert;
pub use client_cert::{ClientCert, ClientCertProblem};

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

/// libpq's `sslmode`, as dutydesk applies it (docs/company.md, "TLS").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// No TLS.
    Disable,
    /// TLS when the server offers it (the default); a certificate is checked as under
    /// `Require`.
    Prefer,
    /// TLS or no connection. With `sslrootcert`, the chain to that CA only (libpq's
    /// `verify-ca`, as libpq does when a root file is given); without, as `VerifyFull` with
    /// Mozilla's roots: a public CA certifies anybody's name, so its chain alone proves nothing.
    Require,
    /// TLS, the chain to the CA of `sslrootcert` (required), any host name.
    VerifyCa,
    /// TLS, the chain to the CA of `sslrootcert` (or Mozilla's roots) and the URL's host name.
    VerifyFull,
}

/// How the connection checks the server: the mode and the CA it trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    pub mode: SslMode,
    /// `sslrootcert=FILE`: the company's CA certificates (DER), in place of Mozilla's roots.
    pub ca: Option<Ca>,
    /// `sslcert=FILE&sslkey=FILE`: the desk's own certificate, for a server that asks for one.
    pub client: Option<ClientCert>,
}

/// The CA certificates read from `sslrootcert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ca {
    pub path: String,
    pub certs: Vec<rustls::pki_types::CertificateDer<'static>>,
}

impl Tls {
    /// Whether the host name must be the certificate's (else the chain to the CA is enough).
    pub fn checks_name(&self) -> bool {
        self.ca.is_none() || self.mode == SslMode::VerifyFull
    }
}

/// Why `sslrootcert` names no usable CA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaProblem {
    /// The file cannot be read (the system's words).
    Unreadable(String),
    /// No `BEGIN CERTIFICATE` block in it.
    NoCertificate,
    /// Its `n`-th certificate (from 1) is not one.
    Garbage(usize),
}

/// The CA certificates of a PEM file, each one checked.
pub fn read_ca(path: &str) -> Result<Ca, CaProblem> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let pem = std::fs::read(path).map_err(|e| CaProblem::Unreadable(e.to_string()))?;
    let mut certs = Vec::new();
    for (n, cert) in CertificateDer::pem_slice_iter(&pem).enumerate() {
        let cert = cert.map_err(|_| CaProblem::Garbage(n + 1))?;
        let mut one = rustls::RootCertStore::empty();
        if one.add(cert.clone()).is_err() {
            return Err(CaProblem::Garbage(n + 1));
        }
        certs.push(cert);
    }
    if certs.is_empty() {
        return Err(CaProblem::NoCertificate);
    }
    Ok(Ca {
        path: path.to_string(),
        certs,
    })
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
        // The CA's file is read now, so that a wrong one is said before any push.
        url.tls().map_err(|why| match why {
            TlsProblem::Url(why) => problem(
                "company.url",
                SettingProblem::NotAPostgresUrl(url.masked(), why),
            ),
            TlsProblem::Ca(path, why) => problem(
                "company.url",
                SettingProblem::NotACaFile(sanitize_line(&path).into_owned(), why),
            ),
            TlsProblem::Client(why) => problem("company.url", SettingProblem::NotAClientCert(why)),
        })?;
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

    /// The section's texts, with their keys (`config::texts` checks them): the URL and, when
    /// the section is there, the estate's name.
    pub fn texts(&self) -> Vec<ConfigText<'_>> {
        let mut out = Vec::new();
        if let Some(url) = &self.url {
            out.push(ConfigText::text("company.url", &url.0));
        }
        if !self.is_empty() {
            out.push(ConfigText::name("company.estate", &self.estate));
        }
        out
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
    /// `sslrootcert` and the modes the client library lacks are dutydesk's (`tls`).
    pub fn parsed(&self) -> Result<postgres::Config, String> {
        let text = self.reveal();
        if !(text.starts_with("postgresql://") || text.starts_with("postgres://")) {
            return Err("it must start with postgresql://".into());
        }
        let config: postgres::Config =
            split_tls(text)?.url.parse().map_err(|e: postgres::Error| {
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

    /// How the server is checked: `sslmode` and `sslrootcert` (libpq's names), the CA's file
    /// read and each certificate in it parsed.
    pub fn tls(&self) -> Result<Tls, TlsProblem> {
        let Split {
            mode,
            rootcert,
            cert,
            key,
            ..
        } = split_tls(self.reveal()).map_err(TlsProblem::Url)?;
        let mode = match (mode, rootcert.as_deref()) {
            // libpq 16: `sslrootcert=system` is the system's roots (here Mozilla's), and only
            // with a full check; it is the default mode then.
            (None, Some("system")) => SslMode::VerifyFull,
            (Some(m), Some("system")) if m != SslMode::VerifyFull => {
                return Err(TlsProblem::Url(
                    "sslrootcert=system needs sslmode=verify-full".into(),
                ));
            }
            (m, _) => m.unwrap_or(SslMode::Prefer),
        };
        let ca = match rootcert.as_deref() {
            None | Some("system") => None,
            Some("") => return Err(TlsProblem::Url("sslrootcert is empty".into())),
            Some(path) => Some(read_ca(path).map_err(|why| TlsProblem::Ca(path.into(), why))?),
        };
        if mode == SslMode::VerifyCa && ca.is_none() {
            return Err(TlsProblem::Url(
                "sslmode=verify-ca needs the company's CA as sslrootcert=/path/ca.pem".into(),
            ));
        }
        let client = match (cert.as_deref(), key.as_deref()) {
            (None, None) => None,
            (Some(""), _) => return Err(TlsProblem::Url("sslcert is empty".into())),
            (_, Some("")) => return Err(TlsProblem::Url("sslkey is empty".into())),
            (Some(_), None) => {
                return Err(TlsProblem::Url(
                    "sslcert needs its key as sslkey=/path/key.pem".into(),
                ));
            }
            (None, Some(_)) => {
                return Err(TlsProblem::Url(
                    "sslkey needs its certificate as sslcert=/path/cert.pem".into(),
                ));
            }
            (Some(cert), Some(key)) => {
                Some(client_cert::read(cert, key).map_err(TlsProblem::Client)?)
            }
        };
        Ok(Tls { mode, ca, client })
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

/// Why the URL's TLS settings are wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsProblem {
    /// The URL's words (`sslmode`, `sslrootcert=system`).
    Url(String),
    /// The CA file (its path) and what is wrong with it.
    Ca(String, CaProblem),
    /// The client certificate's files (`sslcert`, `sslkey`).
    Client(ClientCertProblem),
}

/// A URL's TLS options taken apart from what the client library reads.
struct Split {
    /// The URL as the client library takes it: `sslrootcert`, `sslcert` and `sslkey` taken
    /// out, `verify-ca` and `verify-full` given as `require`.
    url: String,
    mode: Option<SslMode>,
    rootcert: Option<String>,
    cert: Option<String>,
    key: Option<String>,
}

fn split_tls(text: &str) -> Result<Split, String> {
    let Some((base, query)) = text.split_once('?') else {
        return Ok(Split {
            url: text.to_string(),
            mode: None,
            rootcert: None,
            cert: None,
            key: None,
        });
    };
    let (mut mode, mut rootcert, mut cert, mut keyfile) = (None, None, None, None);
    let mut kept = Vec::new();
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "sslrootcert" => rootcert = Some(percent_decoded(value)?),
            "sslcert" => cert = Some(percent_decoded(value)?),
            "sslkey" => keyfile = Some(percent_decoded(value)?),
            "sslmode" => {
                let m = match percent_decoded(value)?.as_str() {
                    "disable" => SslMode::Disable,
                    "prefer" => SslMode::Prefer,
                    "require" => SslMode::Require,
                    "verify-ca" => SslMode::VerifyCa,
                    "verify-full" => SslMode::VerifyFull,
                    other => {
                        return Err(format!(
                            "sslmode '{}' is not disable, prefer, require, verify-ca or \
                             verify-full",
                            sanitize_line(other)
                        ));
                    }
                };
                mode = Some(m);
                let lib = match m {
                    SslMode::Disable => "disable",
                    SslMode::Prefer => "prefer",
                    _ => "require",
                };
                kept.push(format!("sslmode={lib}"));
            }
            _ => kept.push(pair.to_string()),
        }
    }
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok(Split {
        url,
        mode,
        rootcert,
        cert,
        key: keyfile,
    })
}

/// A URL option's value with its `%XX` escapes decoded.
fn percent_decoded(value: &str) -> Result<String, String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or("a bad %-escape in an option")?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "an option that is not UTF-8".to_string())
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

    #[test]
    fn the_tls_mode_is_libpqs_and_a_public_ca_always_has_its_name_checked() {
        let tls = |q: &str| PgUrl::new(format!("postgresql://u:p@h/d{q}")).tls();
        let mode = |q: &str| tls(q).unwrap().mode;
        assert_eq!(mode(""), SslMode::Prefer);
        assert_eq!(mode("?sslmode=disable"), SslMode::Disable);
        assert_eq!(mode("?sslmode=require"), SslMode::Require);
        assert_eq!(mode("?sslmode=verify-full"), SslMode::VerifyFull);
        assert_eq!(mode("?sslrootcert=system"), SslMode::VerifyFull);
        assert!(tls("?sslrootcert=system&sslmode=require").is_err());
        assert!(tls("?sslmode=verify-ca").is_err());
        assert!(tls("?sslmode=allow").is_err());
        // Without a CA of the company's, the name is compared in every mode.
        for q in ["", "?sslmode=require", "?sslmode=verify-full"] {
            assert!(tls(q).unwrap().checks_name(), "{q}");
        }
        let ca = Some(Ca {
            path: "ca.pem".into(),
            certs: vec![],
        });
        let with = |mode| Tls {
            mode,
            ca: ca.clone(),
            client: None,
        };
        assert!(!with(SslMode::Require).checks_name());
        assert!(!with(SslMode::VerifyCa).checks_name());
        assert!(with(SslMode::VerifyFull).checks_name());
        // The client library gets `require` for the verify modes and never `sslrootcert`.
        let u = PgUrl::new(
            "postgresql://u:p@h/d?sslmode=verify-full&sslrootcert=%2Fx&connect_timeout=3",
        );
        assert!(u.parsed().is_ok());
        assert_eq!(
            split_tls(u.reveal()).unwrap().url,
            "postgresql://u:p@h/d?sslmode=require&connect_timeout=3"
        );
        assert_eq!(
            split_tls(u.reveal()).unwrap().rootcert.as_deref(),
            Some("/x")
        );
        assert!(u.masked().contains("sslrootcert=%2Fx"));
        // Nor the client certificate's files: dutydesk reads them.
        let u = PgUrl::new("postgresql://u@h/d?sslcert=%2Fc.pem&sslkey=%2Fc.key&sslmode=require");
        let split = split_tls(u.reveal()).unwrap();
        assert_eq!(split.url, "postgresql://u@h/d?sslmode=require");
        assert_eq!(split.cert.as_deref(), Some("/c.pem"));
        assert_eq!(split.key.as_deref(), Some("/c.key"));
        assert!(u.parsed().is_ok());
    }
}
