//! A throwaway PostgreSQL server for the company tests (issue 19): `initdb` into a temporary
//! folder, the server listening on a Unix socket in that folder only (no TCP), stopped and
//! removed when the test binary ends.
//!
//! `initdb` refuses to run as root: as root (CI) the cluster belongs to a Unix user made for
//! the test and the server runs as that user (`runuser`). Without PostgreSQL's programs the
//! tests fail with a message saying what to install; they never skip.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// The superuser's name and password in every test cluster.
pub const ADMIN: &str = "dd_admin";
pub const PASSWORD: &str = "s3cret-Pw_19";

/// Where Debian's packages put the server's programs, newest first.
fn bin_dir() -> PathBuf {
    let given = std::env::var_os("DUTYDESK_PG_BIN").map(PathBuf::from);
    let debian = (13..=20)
        .rev()
        .map(|version| PathBuf::from(format!("/usr/lib/postgresql/{version}/bin")));
    for dir in given.into_iter().chain(debian) {
        if dir.join("initdb").exists() && dir.join("pg_ctl").exists() {
            return dir;
        }
    }
    panic!(
        "the company tests need a PostgreSQL server (initdb, pg_ctl, postgres): none found in \
         /usr/lib/postgresql/*/bin. Install it (Debian: apt-get install -y postgresql; .ci/run \
         does) or set DUTYDESK_PG_BIN to the folder holding initdb"
    );
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn tool(candidates: &[&str]) -> String {
    candidates
        .iter()
        .find(|p| Path::new(p).exists())
        .unwrap_or_else(|| {
            panic!(
                "the company tests run PostgreSQL as a second user: install {}",
                candidates[0]
            )
        })
        .to_string()
}

/// A running cluster: its folder (data and socket) and the Unix user it runs as (as root).
pub struct Cluster {
    pub dir: PathBuf,
    user: Option<String>,
    running: Mutex<bool>,
    /// A cluster with TLS: its TCP port on localhost (the socket is named after it too).
    tcp: Option<u16>,
}

impl Cluster {
    /// A new cluster of its own, started: for a test that stops and restarts the server.
    pub fn start() -> Cluster {
        Self::started(false)
    }

    /// A new cluster that also listens on localhost over TCP, TLS only (`hostssl` in
    /// pg_hba.conf: a connection without TLS is refused), with a certificate for `localhost`
    /// signed by a CA made for it (`ca.pem` in its folder, `tls_file`), by the openssl program.
    pub fn start_tls() -> Cluster {
        Self::started(true)
    }

    fn started(tls: bool) -> Cluster {
        let bin = bin_dir();
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let tag = format!("{}{n}", std::process::id() % 100_000);
        let dir = std::env::temp_dir().join(format!("ddpg-{tag}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("data")).expect("the cluster's folder");
        let user = is_root().then(|| {
            let name = format!("ddpg{tag}");
            let useradd = tool(&["/usr/sbin/useradd", "/sbin/useradd"]);
            let _ = Command::new("userdel")
                .arg(&name)
                .stderr(Stdio::null())
                .status();
            must(
                Command::new(useradd).args(["-M", "-N", "-s", "/bin/sh", &name]),
                "useradd",
            );
            must(
                Command::new("chown").args(["-R", &name]).arg(&dir),
                "chown the cluster's folder",
            );
            name
        });
        let pwfile = dir.join("pw");
        std::fs::write(&pwfile, PASSWORD).unwrap();
        if let Some(user) = &user {
            must(Command::new("chown").arg(user).arg(&pwfile), "chown pw");
        }
        let cluster = Cluster {
            dir,
            user,
            running: Mutex::new(false),
            tcp: tls.then(free_port),
        };
        cluster.run(
            Command::new(bin.join("initdb"))
                .args(["-D"])
                .arg(cluster.data())
                .args(["-U", ADMIN, "--pwfile"])
                .arg(&pwfile)
                .args([
                    "--auth=scram-sha-256",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]),
            "initdb",
        );
        let _ = std::fs::remove_file(&pwfile);
        if tls {
            cluster.make_certificates();
        }
        cluster.start_server();
        cluster
    }

    /// The CA (`ca.pem`) and the server's key and certificate (for `localhost` only), and
    /// pg_hba.conf taking TCP connections over TLS alone.
    fn make_certificates(&self) {
        let tls = self.dir.join("tls");
        std::fs::create_dir_all(&tls).unwrap();
        make_ca(&tls, "ca", "dutydesk test company CA");
        // The server reads its key only when it is its owner's alone (signed_cert: 0600).
        signed_cert(
            &tls,
            "server",
            "localhost",
            "subjectAltName=DNS:localhost\nbasicConstraints=critical,CA:FALSE\n\
             keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
            (&tls.join("ca.pem"), &tls.join("ca.key")),
        );
        if let Some(user) = &self.user {
            must(
                Command::new("chown").args(["-R", user]).arg(&tls),
                "chown the certificates",
            );
        }
        let hba = self.data().join("pg_hba.conf");
        let text = std::fs::read_to_string(&hba).unwrap();
        // The role `CERT_ROLE` logs in over TLS with a client certificate alone (its CN).
        let text: String = format!("hostssl all {CERT_ROLE} all cert\n")
            + &text
                .lines()
                .map(|l| match l.strip_prefix("host ") {
                    Some(rest) => format!("hostssl {rest}\n"),
                    None => format!("{l}\n"),
                })
                .collect::<String>();
        std::fs::write(&hba, text).unwrap();
    }

    /// A file in the cluster's TLS folder (`ca.pem`, `server.pem`).
    pub fn tls_file(&self, name: &str) -> PathBuf {
        self.dir.join("tls").join(name)
    }

    /// A URL over TCP to localhost for `CERT_ROLE`, no password, with the query `options`.
    pub fn cert_url(&self, db: &str, options: &str) -> String {
        let port = self.tcp.expect("a cluster started with start_tls");
        format!("postgresql://{CERT_ROLE}@localhost:{port}/{db}?{options}")
    }

    /// A client certificate for `cn` signed by this cluster's CA, made in `dir`: `NAME.pem`
    /// and `NAME.key` (mode 0600).
    pub fn make_client_cert(&self, dir: &Path, name: &str, cn: &str) {
        let tls = self.dir.join("tls");
        make_client_cert_by(dir, name, cn, &tls.join("ca.pem"), &tls.join("ca.key"));
    }

    /// A URL over TCP to `host` (localhost or 127.0.0.1) with the query `options`.
    pub fn tcp_url(&self, host: &str, db: &str, options: &str) -> String {
        let port = self.tcp.expect("a cluster started with start_tls");
        format!("postgresql://{ADMIN}:{PASSWORD}@{host}:{port}/{db}?{options}")
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// The folder of the server's socket (`host=` of a URL).
    pub fn socket_dir(&self) -> &Path {
        &self.dir
    }

    fn as_owner(&self, cmd: &mut Command) -> Command {
        let mut out = match &self.user {
            Some(user) => {
                let mut c = Command::new(tool(&[
                    "/usr/sbin/runuser",
                    "/sbin/runuser",
                    "/usr/bin/runuser",
                ]));
                c.args(["-u", user, "--"]).arg(cmd.get_program());
                c
            }
            None => Command::new(cmd.get_program()),
        };
        out.args(cmd.get_args()).env("LC_ALL", "C.UTF-8");
        out
    }

    fn run(&self, cmd: &mut Command, what: &str) {
        let mut cmd = self.as_owner(cmd);
        must(&mut cmd, what);
    }

    /// Start the server again (after `stop`); returns when it accepts connections.
    pub fn start_server(&self) {
        let mut opts = format!(
            "-c listen_addresses='' -c unix_socket_directories='{}' -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off -c max_connections=50",
            self.dir.display()
        );
        if let Some(port) = self.tcp {
            let tls = self.dir.join("tls");
            opts = format!(
                "{opts} -c listen_addresses=localhost -c port={port} -c ssl=on \
                 -c ssl_cert_file='{}' -c ssl_key_file='{}' -c ssl_ca_file='{}'",
                tls.join("server.pem").display(),
                tls.join("server.key").display(),
                tls.join("ca.pem").display()
            );
        }
        self.run(
            Command::new(bin_dir().join("pg_ctl"))
                .arg("-D")
                .arg(self.data())
                .args(["-w", "-t", "60", "-o", &opts, "-l"])
                .arg(self.dir.join("log"))
                .arg("start"),
            "pg_ctl start",
        );
        *self.running.lock().unwrap() = true;
    }

    /// Stop the server at once (clients see their connections cut).
    pub fn stop_server(&self) {
        self.run(
            Command::new(bin_dir().join("pg_ctl"))
                .arg("-D")
                .arg(self.data())
                .args(["-w", "-m", "immediate", "stop"]),
            "pg_ctl stop",
        );
        *self.running.lock().unwrap() = false;
    }

    /// A URL for `user` with `password` on database `db`, over the socket.
    pub fn url_as(&self, user: &str, password: &str, db: &str) -> String {
        let port = self.tcp.map(|p| format!(":{p}")).unwrap_or_default();
        format!(
            "postgresql://{user}:{password}@{}{port}/{db}",
            percent(&self.dir.display().to_string())
        )
    }

    /// The superuser's URL for `db`.
    pub fn url(&self, db: &str) -> String {
        self.url_as(ADMIN, PASSWORD, db)
    }

    pub fn client(&self, db: &str) -> postgres::Client {
        postgres::Client::connect(&self.url(db), postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect to the test server's {db}: {e}"))
    }

    /// A new empty database named after the test; its URL.
    pub fn database(&self, name: &str) -> String {
        let db: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        // CREATE DATABASE copies template1 and refuses while another copy is being made.
        static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let mut admin = self.client("postgres");
        for sql in [
            format!("DROP DATABASE IF EXISTS {db}"),
            format!("CREATE DATABASE {db}"),
        ] {
            admin
                .batch_execute(&sql)
                .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        }
        self.url(&db)
    }

    fn remove(&self) {
        if *self.running.lock().unwrap() {
            let mut cmd = Command::new(bin_dir().join("pg_ctl"));
            cmd.arg("-D")
                .arg(self.data())
                .args(["-w", "-m", "immediate", "stop"]);
            let _ = self
                .as_owner(&mut cmd)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some(user) = &self.user {
            let _ = Command::new("userdel")
                .arg(user)
                .stderr(Stdio::null())
                .status();
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.remove();
    }
}

/// The cluster every test of this binary shares (each test makes its own database); stopped
/// and removed when the test binary exits.
pub fn shared() -> &'static Cluster {
    static SHARED: OnceLock<Cluster> = OnceLock::new();
    SHARED.get_or_init(|| {
        extern "C" fn stop_shared() {
            if let Some(c) = SHARED.get() {
                c.remove();
            }
        }
        // SAFETY: registering a plain function; it runs once, at exit.
        unsafe { libc::atexit(stop_shared) };
        Cluster::start()
    })
}

/// A CA of its own in `dir`: `NAME.pem` (the certificate) and `NAME.key`, by openssl.
pub fn make_ca(dir: &Path, name: &str, subject: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
            "-days",
            "3",
            "-subj",
            &format!("/CN={subject}"),
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
}

/// The role a TLS cluster lets in with a client certificate alone (pg_hba.conf `cert`).
pub const CERT_ROLE: &str = "dutydesk_cert";

/// A client certificate for `cn` in `dir` (`NAME.pem`, `NAME.key` mode 0600), signed by the CA
/// whose certificate and key are given.
pub fn make_client_cert_by(dir: &Path, name: &str, cn: &str, ca: &Path, ca_key: &Path) {
    signed_cert(
        dir,
        name,
        cn,
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n\
         extendedKeyUsage=clientAuth\n",
        (ca, ca_key),
    );
}

/// A key and a certificate for `cn` with the extensions `ext`, signed by the CA given (its
/// certificate and key), by openssl in `dir`: `NAME.key` (mode 0600) and `NAME.pem`.
fn signed_cert(dir: &Path, name: &str, cn: &str, ext: &str, (ca, ca_key): (&Path, &Path)) {
    let [key, csr, pem, extfile, serial] =
        ["key", "csr", "pem", "ext", "srl"].map(|suffix| format!("{name}.{suffix}"));
    std::fs::write(dir.join(&extfile), ext).unwrap();
    let subject = format!("/CN={cn}");
    openssl(
        dir,
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &key,
            "-out",
            &csr,
            "-subj",
            &subject,
        ],
    );
    let (ca, ca_key) = (ca.display().to_string(), ca_key.display().to_string());
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            &ca,
            "-CAkey",
            &ca_key,
            "-CAserial",
            &serial,
            "-CAcreateserial",
            "-days",
            "3",
            "-extfile",
            &extfile,
            "-out",
            &pem,
        ],
    );
    std::fs::set_permissions(
        dir.join(&key),
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
}

/// The openssl program in `dir`; the tests fail, saying what to install, without it.
fn openssl(dir: &Path, args: &[&str]) {
    let program = ["/usr/bin/openssl", "/bin/openssl"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect(
            "the TLS tests make their certificates with the openssl program: install it \
             (Debian: apt-get install -y openssl; .ci/run does)",
        );
    must(Command::new(program).args(args).current_dir(dir), "openssl");
}

/// A TCP port nobody listens on now (the server takes it a moment later).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Percent-encoding of a socket path as a URL's host.
fn percent(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn must(cmd: &mut Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {:?}: {e}", cmd.get_program()));
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
