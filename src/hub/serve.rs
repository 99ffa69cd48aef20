//! A private PostgreSQL cluster for the hub, from the installed server binaries
//! (`accredit hub serve`): made on first use in a folder of its own, with scram-sha-256
//! logins, TLS with a certificate of a CA made for it (`openssl`, which Debian's PostgreSQL
//! packages bring along), `pg_hba.conf` for the listen address only, and settings sized for
//! an event of 10 desks and 100 doors at once.
//!
//! The folder: `data/` (the cluster), `ca.pem` (what stations verify the hub with),
//! `ca.key`, `server.pem`, `server.key`, `admin-password`, `logins.txt` (the join lines;
//! secret, 0600), `server.log`, and the server's socket. Run as root (as CI does), the
//! server runs as the `postgres` system user, which then owns the folder.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::config::HubLogin;
use super::{HubError, Result};

/// Connections the server allows: 10 desks and 100 doors, each with its worker, a status
/// probe and a desk app's own worker, and room for the administrator.
pub const MAX_CONNECTIONS: u32 = 250;

/// The hub database's name.
pub const DATABASE: &str = "hub";

/// A cluster folder and how to run its server.
#[derive(Debug, Clone)]
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    addr: String,
    port: u16,
    names: Vec<String>,
    as_postgres: bool,
}

fn err(what: &str, detail: impl std::fmt::Display) -> HubError {
    HubError::Local(format!("hub serve: {what}: {detail}"))
}

fn run(what: &str, cmd: &mut Command) -> Result<Output> {
    let out = cmd
        .output()
        .map_err(|e| err(what, format!("cannot run it ({e})")))?;
    if !out.status.success() {
        return Err(err(
            what,
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stderr).trim(),
                String::from_utf8_lossy(&out.stdout).trim()
            ),
        ));
    }
    Ok(out)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// The newest installed server binaries (`/usr/lib/postgresql/N/bin`, or `$ACCREDIT_PG_BIN`).
pub fn server_bin() -> Result<PathBuf> {
    if let Some(b) = std::env::var_os("ACCREDIT_PG_BIN") {
        return Ok(PathBuf::from(b));
    }
    let mut dirs: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|e| {
            err(
                "no PostgreSQL server installed (/usr/lib/postgresql)",
                format!(
                    "{e}; install it (apt-get install postgresql) or set ACCREDIT_PG_BIN to its bin folder"
                ),
            )
        })?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    dirs.sort();
    dirs.pop().map(|(_, b)| b).ok_or_else(|| {
        err(
            "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin",
            "install them (apt-get install postgresql) or set ACCREDIT_PG_BIN",
        )
    })
}

fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    if getrandom::fill(&mut bytes).is_err() {
        return uuid::Uuid::new_v4().simple().to_string();
    }
    data_encoding::HEXLOWER.encode(&bytes)
}

fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| err(&format!("cannot write {}", path.display()), e))?;
    f.write_all(text.as_bytes())
        .map_err(|e| err(&format!("cannot write {}", path.display()), e))
}

impl Cluster {
    /// The cluster of folder `dir`, reachable at `listen` (ADDR:PORT), its certificate also
    /// naming `names`.
    pub fn new(dir: &Path, listen: &str, names: &[String]) -> Result<Self> {
        let (addr, port) = listen.rsplit_once(':').ok_or_else(|| {
            HubError::BadUrl(format!(
                "--listen {listen:?}: give ADDR:PORT, e.g. 192.168.1.10:5432 or 0.0.0.0:5432"
            ))
        })?;
        let addr = addr.trim_start_matches('[').trim_end_matches(']').to_string();
        let port: u16 = port.parse().ok().filter(|p| *p > 0).ok_or_else(|| {
            HubError::BadUrl(format!(
                "--listen {listen:?}: the port is a number from 1 to 65535"
            ))
        })?;
        if addr.parse::<IpAddr>().is_err() {
            return Err(HubError::BadUrl(format!(
                "--listen {listen:?}: give an IP address of this machine (0.0.0.0 for every interface)"
            )));
        }
        let dir = std::path::absolute(dir).map_err(|e| err("the folder", e))?;
        Ok(Self {
            dir,
            bin: server_bin()?,
            addr,
            port,
            names: names.to_vec(),
            as_postgres: is_root(),
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The CA certificate stations verify the hub with.
    pub fn ca_file(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn as_server(&self, program: &Path) -> Command {
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        }
    }

    fn chown(&self, path: &Path) -> Result<()> {
        if self.as_postgres {
            run(
                "chown to the postgres user",
                Command::new("chown").arg("-R").arg("postgres").arg(path),
            )?;
        }
        Ok(())
    }

    /// The host stations write in their URLs: the listen address, or for a wildcard the
    /// first name given, else this machine's host name.
    pub fn public_host(&self) -> String {
        let ip: Option<IpAddr> = self.addr.parse().ok();
        if ip.is_some_and(|ip| !ip.is_unspecified()) {
            return self.addr.clone();
        }
        if let Some(n) = self.names.first() {
            return n.clone();
        }
        hostname().unwrap_or_else(|| "127.0.0.1".into())
    }

    /// Makes the folder, the cluster and the certificates when missing; returns whether the
    /// cluster is new.
    pub fn prepare(&self) -> Result<bool> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| err(&format!("cannot create {}", self.dir.display()), e))?;
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| err("cannot make the folder private", e))?;
        }
        let fresh = !self.data().join("PG_VERSION").exists();
        let pwfile = self.dir.join("admin-password");
        if fresh {
            if self.data().exists() {
                return Err(err(
                    &format!("{} exists but holds no cluster", self.data().display()),
                    "remove it or give another --data folder",
                ));
            }
            write_private(&pwfile, &format!("{}\n", random_hex(18)))?;
        }
        if !self.ca_file().exists() {
            self.make_certificates()?;
        }
        self.chown(&self.dir)?;
        if fresh {
            let mut c = self.as_server(&self.bin.join("initdb"));
            c.arg("-D")
                .arg(self.data())
                .args([
                    "-A",
                    "scram-sha-256",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--locale=C",
                ])
                .arg(format!("--pwfile={}", pwfile.display()));
            run("initdb", &mut c)?;
        }
        self.write_hba()?;
        Ok(fresh)
    }

    fn make_certificates(&self) -> Result<()> {
        let d = &self.dir;
        let p = |n: &str| d.join(n).display().to_string();
        run(
            "openssl (the hub's CA)",
            Command::new("openssl").args([
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                &p("ca.key"),
                "-out",
                &p("ca.pem"),
                "-days",
                "825",
                "-subj",
                "/CN=accredit hub CA",
            ]),
        )?;
        run(
            "openssl (the hub's key)",
            Command::new("openssl").args([
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                &p("server.key"),
                "-out",
                &p("server.csr"),
                "-subj",
                &format!("/CN={}", self.public_host()),
            ]),
        )?;
        let mut sans = vec!["IP:127.0.0.1".to_string(), "DNS:localhost".to_string()];
        let mut add = |h: &str| {
            let san = match h.parse::<IpAddr>() {
                Ok(ip) if ip.is_unspecified() => return,
                Ok(ip) => format!("IP:{ip}"),
                Err(_) => format!("DNS:{h}"),
            };
            if !sans.contains(&san) {
                sans.push(san);
            }
        };
        add(&self.addr);
        for n in &self.names {
            add(n);
        }
        if let Some(h) = hostname() {
            add(&h);
        }
        write_private(
            &d.join("server.ext"),
            &format!("subjectAltName={}\n", sans.join(",")),
        )?;
        run(
            "openssl (the hub's certificate)",
            Command::new("openssl").args([
                "x509",
                "-req",
                "-in",
                &p("server.csr"),
                "-CA",
                &p("ca.pem"),
                "-CAkey",
                &p("ca.key"),
                "-CAcreateserial",
                "-out",
                &p("server.pem"),
                "-days",
                "825",
                "-extfile",
                &p("server.ext"),
            ]),
        )?;
        for f in ["ca.key", "server.key"] {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(d.join(f), std::fs::Permissions::from_mode(0o600))
                .map_err(|e| err("cannot make the keys private", e))?;
        }
        Ok(())
    }

    fn write_hba(&self) -> Result<()> {
        let ip: IpAddr = self.addr.parse().map_err(|e| err("the listen address", e))?;
        let mut lines = vec![
            "# written by `accredit hub serve` at every start: TLS and scram-sha-256 only".to_string(),
            "local   all all                scram-sha-256".to_string(),
            "hostssl all all 127.0.0.1/32   scram-sha-256".to_string(),
        ];
        if ip.is_unspecified() {
            lines.push("hostssl all all 0.0.0.0/0      scram-sha-256".into());
            lines.push("hostssl all all ::/0           scram-sha-256".into());
        } else if !ip.is_loopback() {
            // The stations on the hub's own network (the subnets of this machine).
            lines.push("hostssl all all samenet        scram-sha-256".into());
        }
        let path = self.data().join("pg_hba.conf");
        write_private(&path, &(lines.join("\n") + "\n"))?;
        self.chown(&path)
    }

    fn pg_ctl(&self) -> Command {
        let mut c = self.as_server(&self.bin.join("pg_ctl"));
        c.arg("-D").arg(self.data());
        c
    }

    /// Starts the server and waits until it accepts logins.
    pub fn start(&self) -> Result<()> {
        let listen = if self
            .addr
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_unspecified() || ip.is_loopback())
        {
            if self.addr.contains(':') {
                "*".to_string()
            } else {
                self.addr.clone()
            }
        } else {
            format!("{},127.0.0.1", self.addr)
        };
        let listen = if listen == "0.0.0.0" {
            "*".to_string()
        } else {
            listen
        };
        let d = self.dir.display();
        let opts = format!(
            "-p {port} -k {d} -c listen_addresses='{listen}' -c max_connections={MAX_CONNECTIONS} \
             -c superuser_reserved_connections=3 -c password_encryption=scram-sha-256 \
             -c ssl=on -c ssl_cert_file={d}/server.pem -c ssl_key_file={d}/server.key \
             -c ssl_ca_file={d}/ca.pem -c shared_buffers=128MB",
            port = self.port
        );
        let mut c = self.pg_ctl();
        c.args(["-w", "-t", "60", "-l"])
            .arg(self.dir.join("server.log"))
            .args(["-o", &opts, "start"]);
        run("starting the server (see server.log in the folder)", &mut c).map(|_| ())
    }

    /// Whether the server is running.
    pub fn running(&self) -> bool {
        let mut c = self.pg_ctl();
        c.arg("status");
        c.output().map(|o| o.status.success()).unwrap_or(false)
    }

    /// Stops the server (fast: clients are disconnected, everything committed is kept).
    pub fn stop(&self) -> Result<()> {
        let mut c = self.pg_ctl();
        c.args(["-w", "-t", "60", "-m", "fast", "stop"]);
        run("stopping the server", &mut c).map(|_| ())
    }

    fn admin_password(&self) -> Result<String> {
        Ok(std::fs::read_to_string(self.dir.join("admin-password"))
            .map_err(|e| err("cannot read admin-password in the folder", e))?
            .trim()
            .to_string())
    }

    /// A URL of database `db` for `user`, through TLS verified with the hub's CA.
    fn url(&self, host: &str, user: &str, password: &str, db: &str) -> Result<HubLogin> {
        let host = if host.contains(':') {
            format!("[{host}]")
        } else {
            host.to_string()
        };
        let ca = self
            .ca_file()
            .display()
            .to_string()
            .replace('%', "%25")
            .replace('&', "%26");
        let password = password
            .replace('%', "%25")
            .replace('@', "%40")
            .replace(':', "%3A")
            .replace('/', "%2F");
        HubLogin::parse(&format!(
            "postgres://{user}:{password}@{host}:{}/{db}?sslmode=verify-full&sslrootcert={ca}",
            self.port
        ))
    }

    /// The administrator's login to the hub database (on 127.0.0.1), creating the
    /// database when missing.
    pub fn admin(&self) -> Result<HubLogin> {
        let pw = self.admin_password()?;
        let maint = self.url("127.0.0.1", "postgres", &pw, "postgres")?;
        let mut pg = super::pg::Pg::connect(&maint)?;
        if pg
            .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&DATABASE])?
            .is_none()
        {
            pg.batch(&format!("CREATE DATABASE {DATABASE}"))?;
        }
        self.url("127.0.0.1", "postgres", &pw, DATABASE)
    }

    /// `login` as stations reach it: the public host instead of 127.0.0.1.
    pub fn for_stations(&self, login: &HubLogin) -> Result<HubLogin> {
        let user = login.user();
        let pw = if login.password.is_empty() {
            String::new()
        } else {
            percent_decode(&login.password)
        };
        let l = self.url(&self.public_host(), &user, &pw, DATABASE)?;
        Ok(if login.password.is_empty() {
            HubLogin {
                url: l.url,
                password: String::new(),
            }
        } else {
            l
        })
    }

    /// Saves the join lines (secret) so a later start can print them again.
    pub fn save_logins(&self, text: &str) -> Result<()> {
        write_private(&self.dir.join("logins.txt"), text)
    }

    /// The join lines saved by the first start, if any.
    pub fn saved_logins(&self) -> Option<String> {
        std::fs::read_to_string(self.dir.join("logins.txt")).ok()
    }
}

fn percent_decode(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hostname() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}
