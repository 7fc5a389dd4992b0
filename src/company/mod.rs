//! The company view (issue 19): each estate's desk pushes its history to the company's
//! PostgreSQL server, where the quality department asks across estates. The desk keeps working
//! without the network; a push sends what the server does not hold yet.
//!
//! `schema` the company database's migrations, `push` the pusher, `rows` a record's row there.
//! The desk's file is read through the store (`store::company`), as everywhere.

pub mod background;
pub mod catch_up;
pub mod households;
pub mod overdue;
pub mod push;
pub mod refold;
pub mod report;
pub mod report_complaints;
pub mod report_daily;
pub mod rounds;
pub mod rows;
pub mod schema;

use crate::config_company::{PgUrl, Tls, TlsProblem};
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
    /// The estate's residents directory on the server and this desk's do not continue each
    /// other (`households`): as `Chain`, `seq` a change of the directory.
    Directory(ChainBreak),
    /// This desk's residents directory chain is broken (or unreadable) at change `seq`.
    LocalDirectory {
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

/// rustls with the ring provider: the server's certificate checked against the company's CA
/// (`sslrootcert`) or Mozilla's roots, with or without its host name as the mode says
/// (`config_company::SslMode`). Never a certificate accepted unchecked. A Unix socket never
/// uses TLS.
fn tls(settings: &Tls) -> tokio_postgres_rustls::MakeRustlsConnect {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    match &settings.ca {
        Some(ca) => {
            // Each was parsed when the config was checked.
            roots.add_parsable_certificates(ca.certs.iter().cloned());
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions");
    let builder = if settings.checks_name() {
        builder.with_root_certificates(roots)
    } else {
        let chain =
            rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .expect("a store with certificates makes a verifier");
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(ChainOnly(chain)))
    };
    let config = match &settings.client {
        // Offered only when the server asks for a certificate.
        Some(client) => builder.with_client_cert_resolver(Arc::new(
            rustls::sign::SingleCertAndKey::from(client.key.clone()),
        )),
        None => builder.with_no_client_auth(),
    };
    tokio_postgres_rustls::MakeRustlsConnect::new(config)
}

/// libpq's `verify-ca`: the server's certificate must chain to the company's CA (and be valid
/// now, for a server); the host name it is made out for is not compared with the URL's.
#[derive(Debug)]
struct ChainOnly(Arc<rustls::client::WebPkiServerVerifier>);

impl rustls::client::danger::ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        use rustls::CertificateError as C;
        // The name is compared last, once the chain is good: its mismatch alone is let pass.
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                C::NotValidForName | C::NotValidForNameContext { .. },
            )) => Ok(rustls::client::danger::ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// How long a connection may take to open, unless the URL says (`connect_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// A connection to the company's server, checked as its URL says (`sslmode`, `sslrootcert`).
pub fn connect(url: &PgUrl) -> Result<Client, CompanyError> {
    let mut config = url.parsed().map_err(|why| CompanyError::Unreachable {
        url: url.masked(),
        why,
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    config.application_name("dutydesk");
    // The config was checked, the CA's file read, when the command started: this reads it again.
    let settings = url.tls().map_err(|why| CompanyError::Unreachable {
        url: url.masked(),
        why: match why {
            TlsProblem::Url(why) => why,
            TlsProblem::Ca(path, _) => format!("sslrootcert '{path}' can no longer be read"),
            TlsProblem::Client(_) => "sslcert or sslkey can no longer be read".into(),
        },
    })?;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        _ => String::new(),
    };
    config
        .connect(tls(&settings))
        .map_err(|e| match refused_certificate(&e, &settings, &host) {
            Some(why) => CompanyError::Unreachable {
                url: url.masked(),
                why,
            },
            None => CompanyError::of(e, url),
        })
}

/// A server certificate the connection refused, said so that the administrator knows what to
/// change; `None` for any other failure.
fn refused_certificate(e: &postgres::Error, settings: &Tls, host: &str) -> Option<String> {
    use rustls::CertificateError as C;
    let mut source = std::error::Error::source(e);
    let tls = loop {
        let err = source?;
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            break tls;
        }
        if let Some(tls) = err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            break tls;
        }
        source = err.source();
    };
    let signer = match &settings.ca {
        Some(ca) => format!("the company's CA (sslrootcert '{}')", ca.path),
        None => "a public CA (Mozilla's roots; a company CA is named with \
                 sslrootcert=/path/ca.pem in company.url)"
            .to_string(),
    };
    let host = crate::domain::text::sanitize_line(host);
    let why = match tls {
        rustls::Error::InvalidCertificate(C::UnknownIssuer | C::BadSignature) => {
            format!("its TLS certificate is not signed by {signer}")
        }
        rustls::Error::InvalidCertificate(
            C::NotValidForName | C::NotValidForNameContext { .. },
        ) => {
            format!(
                "its TLS certificate is not made out for the host '{host}' (sslmode=verify-full \
                 compares the name; verify-ca checks the CA only)"
            )
        }
        rustls::Error::InvalidCertificate(other) => {
            format!("its TLS certificate was refused ({other:?}), checked against {signer}")
        }
        rustls::Error::AlertReceived(alert) if settings.client.is_some() => {
            use rustls::AlertDescription as A;
            let cert = settings.client.as_ref().map(|c| c.cert_path.as_str());
            let cert = crate::domain::text::sanitize_line(cert.unwrap_or_default());
            match alert {
                A::UnknownCA | A::BadCertificate | A::CertificateUnknown | A::DecryptError => {
                    format!(
                        "the server refused this desk's certificate (sslcert '{cert}'): it does                          not trust the CA that signed it"
                    )
                }
                A::CertificateExpired => {
                    format!(
                        "the server refused this desk's certificate (sslcert '{cert}'): expired"
                    )
                }
                other => format!("the TLS handshake failed: the server said {other:?}"),
            }
        }
        other => format!("the TLS handshake failed: {other}"),
    };
    Some(why)
}
