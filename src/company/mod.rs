//! The company view (issue 19): each estate's desk pushes its history to the company's
//! PostgreSQL server, where the quality department asks across estates. The desk keeps working
//! without the network; a push sends what the server does not hold yet.
//!
//! `schema` the company database's migrations, `push` the pusher, `rows` a record's row there.
//! The desk's file is read through the store (`store::company`), as everywhere.

pub mod background;
pub mod overdue;
pub mod push;
pub mod refold;
pub mod report;
pub mod report_complaints;
pub mod report_daily;
pub mod rows;
pub mod schema;

use crate::config_company::PgUrl;
use postgres::Client;
use std::sync::Arc;
use std::time::Duration;

/// Why a company command failed (exit 1: the config was checked before).
#[derive(Debug)]
pub enum CompanyError {
    /// The server cannot be reached, or the connection broke off (the URL masked).
    Unreachable {
        url: String,
        why: String,
    },
    /// The server refused a statement (permissions, a missing schema): its words.
    Server(String),
    /// The company database has no schema, or an older one, and this role may not create it.
    NoSchema {
        have: i32,
        want: i32,
    },
    /// The estate's history on the server and this desk's do not continue each other.
    Chain(ChainBreak),
    /// This desk's own chain is broken at `seq`: `dutydesk verify` says more.
    LocalChain {
        seq: i64,
    },
    Store(crate::store::StoreError),
}

/// How the estate's stored chain and the desk's part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub estate: String,
    /// The first event that does not continue the stored chain.
    pub seq: i64,
    pub why: Break,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// The server holds event `seq` with another hash than this desk's.
    Differs,
    /// The server holds more events (up to `seq`) than this desk has: an older file.
    Behind { desk_last: i64 },
    /// Another desk pushed to the estate while this one did.
    Moved,
}

impl From<crate::store::StoreError> for CompanyError {
    fn from(e: crate::store::StoreError) -> Self {
        Self::Store(e)
    }
}

impl CompanyError {
    /// A client error: the server's words when it refused, else a lost connection.
    pub fn of(e: postgres::Error, url: &PgUrl) -> Self {
        match e.as_db_error() {
            Some(db) => Self::Server(format!("{} ({})", db.message(), db.code().code())),
            None => {
                // "error connecting to server" alone says little: add what it came from.
                let mut why = e.to_string();
                if let Some(cause) = std::error::Error::source(&e) {
                    why = format!("{why}: {cause}");
                }
                Self::Unreachable {
                    url: url.masked(),
                    why: without(&why, url),
                }
            }
        }
    }
}

/// A message with the URL's password taken out, should a library ever quote it.
fn without(text: &str, url: &PgUrl) -> String {
    let mut out = text.to_string();
    if let Ok(config) = url.parsed()
        && let Some(pw) = config.get_password()
        && !pw.is_empty()
    {
        out = out.replace(&*String::from_utf8_lossy(pw), "***");
    }
    crate::domain::text::sanitize_line(&out).into_owned()
}

/// rustls with the ring provider and Mozilla's roots: TLS to a remote server (`sslmode=require`
/// or the default `prefer`); a Unix socket never uses TLS.
fn tls() -> tokio_postgres_rustls::MakeRustlsConnect {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("ring supports the default TLS versions")
    .with_root_certificates(roots)
    .with_no_client_auth();
    tokio_postgres_rustls::MakeRustlsConnect::new(config)
}

/// How long a connection may take to open, unless the URL says (`connect_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// A connection to the company's server.
pub fn connect(url: &PgUrl) -> Result<Client, CompanyError> {
    let mut config = url.parsed().map_err(|why| CompanyError::Unreachable {
        url: url.masked(),
        why,
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    config.application_name("dutydesk");
    config.connect(tls()).map_err(|e| CompanyError::of(e, url))
}
