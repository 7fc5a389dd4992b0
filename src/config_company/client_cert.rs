//! A client certificate for the company's server (libpq's `sslcert` and `sslkey`): for a
//! server that asks the desks to prove who they are with a certificate (`cert` in its
//! pg_hba.conf, or `clientcert=verify-full`). Both files are named in the URL; neither is
//! looked for in `~/.postgresql` (the files used are the ones the config names).

use std::sync::Arc;

/// The certificate chain and its key, read and checked to go together.
#[derive(Clone)]
pub struct ClientCert {
    pub cert_path: String,
    pub key_path: String,
    pub key: Arc<rustls::sign::CertifiedKey>,
}

// Two settings are the same when they name the same files; the key itself is never shown.
impl PartialEq for ClientCert {
    fn eq(&self, other: &Self) -> bool {
        self.cert_path == other.cert_path && self.key_path == other.key_path
    }
}

impl Eq for ClientCert {}

impl std::fmt::Debug for ClientCert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCert")
            .field("cert_path", &self.cert_path)
            .field("key_path", &self.key_path)
            .finish_non_exhaustive()
    }
}

/// Why `sslcert` and `sslkey` give no usable client certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientCertProblem {
    /// `sslcert`'s file cannot be read (its path, the system's words).
    CertUnreadable(String, String),
    /// No certificate (or a block that is not one) in `sslcert`'s file.
    NoCertificate(String),
    /// `sslkey`'s file cannot be read.
    KeyUnreadable(String, String),
    /// `sslkey`'s file holds no private key this desk can use (PKCS#8, PKCS#1 or SEC1 PEM).
    NoKey(String),
    /// `sslkey`'s file may be read by others (its mode): libpq refuses such a key too.
    KeyOpen(String, u32),
    /// The key is not the certificate's.
    Mismatch(String, String),
}

/// Both files read; the key's file must be its owner's alone (0600; 0640 when root owns it,
/// as libpq allows), and the key must be the certificate's.
pub fn read(cert_path: &str, key_path: &str) -> Result<ClientCert, ClientCertProblem> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let pem = std::fs::read(cert_path)
        .map_err(|e| ClientCertProblem::CertUnreadable(cert_path.into(), e.to_string()))?;
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<_, _>>()
        .map_err(|_| ClientCertProblem::NoCertificate(cert_path.into()))?;
    if certs.is_empty() {
        return Err(ClientCertProblem::NoCertificate(cert_path.into()));
    }
    let meta = std::fs::metadata(key_path)
        .map_err(|e| ClientCertProblem::KeyUnreadable(key_path.into(), e.to_string()))?;
    let mode = meta.permissions().mode() & 0o777;
    let allowed = if meta.uid() == 0 { 0o037 } else { 0o077 };
    if mode & allowed != 0 {
        return Err(ClientCertProblem::KeyOpen(key_path.into(), mode));
    }
    let pem = std::fs::read(key_path)
        .map_err(|e| ClientCertProblem::KeyUnreadable(key_path.into(), e.to_string()))?;
    let key = PrivateKeyDer::from_pem_slice(&pem)
        .map_err(|_| ClientCertProblem::NoKey(key_path.into()))?;
    let provider = rustls::crypto::ring::default_provider();
    let key = rustls::sign::CertifiedKey::from_der(certs, key, &provider).map_err(|e| match e {
        rustls::Error::InconsistentKeys(_) => {
            ClientCertProblem::Mismatch(cert_path.into(), key_path.into())
        }
        _ => ClientCertProblem::NoKey(key_path.into()),
    })?;
    Ok(ClientCert {
        cert_path: cert_path.into(),
        key_path: key_path.into(),
        key: Arc::new(key),
    })
}
