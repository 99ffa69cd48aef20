//! A private PostgreSQL server for the network tests: initdb into a temporary folder (as the
//! `postgres` system user when run as root, since the server refuses root), a free port on
//! 127.0.0.1, stopped and removed at the end. A test that needs it fails, never skips, when
//! it cannot start.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A running private server with a database `hub`.
pub struct PgServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
    /// The administrator's password (scram servers), empty with trust.
    pub admin_password: String,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn pg_bin() -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is not installed (/usr/lib/postgresql); apt-get install postgresql")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    dirs.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    dirs.pop()
        .expect("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin; apt-get install postgresql")
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    l.local_addr().expect("local addr").port()
}

fn check(out: std::io::Result<Output>, what: &str) -> Output {
    let out = out.unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

impl PgServer {
    /// A server where every local login is trusted (no passwords).
    pub fn start() -> Self {
        Self::start_with("trust")
    }

    /// A server that requires scram-sha-256 passwords for every login.
    pub fn start_scram() -> Self {
        Self::start_with("scram-sha-256")
    }

    fn start_with(auth: &str) -> Self {
        let bin = pg_bin();
        let as_postgres = is_root();
        let dir = tempfile::Builder::new()
            .prefix("accredit-pg-")
            .tempdir()
            .expect("temp dir");
        let admin_password = if auth == "trust" {
            String::new()
        } else {
            "admin-pw-1".to_string()
        };
        let pwfile = dir.path().join("pw");
        std::fs::write(&pwfile, format!("{admin_password}\n")).expect("pwfile");
        if as_postgres {
            check(
                Command::new("chown")
                    .arg("-R")
                    .arg("postgres")
                    .arg(dir.path())
                    .output(),
                "chown",
            );
            check(Command::new("chmod").arg("755").arg(dir.path()).output(), "chmod");
        }
        let data = dir.path().join("data");
        let mut initdb = vec![
            bin.join("initdb").display().to_string(),
            "-D".into(),
            data.display().to_string(),
            "-A".into(),
            auth.into(),
            "-U".into(),
            "postgres".into(),
            "--no-sync".into(),
        ];
        if auth != "trust" {
            initdb.push(format!("--pwfile={}", pwfile.display()));
        }
        check(Self::cmd(as_postgres, &initdb).output(), "initdb");
        let server = Self {
            dir,
            bin,
            port: free_port(),
            as_postgres,
            admin_password,
        };
        server.start_again();
        let mut c = postgres::Client::connect(&server.url_for("postgres"), postgres::NoTls)
            .expect("connect to the fresh server");
        c.batch_execute("CREATE DATABASE hub")
            .expect("create database hub");
        server
    }

    fn cmd(as_postgres: bool, argv: &[String]) -> Command {
        if as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).args(argv);
            c
        } else {
            let mut c = Command::new(&argv[0]);
            c.args(&argv[1..]);
            c
        }
    }

    fn pg_ctl(&self, args: &[&str]) -> Command {
        let mut argv = vec![
            self.bin.join("pg_ctl").display().to_string(),
            "-D".into(),
            self.dir.path().join("data").display().to_string(),
        ];
        argv.extend(args.iter().map(|s| s.to_string()));
        Self::cmd(self.as_postgres, &argv)
    }

    /// Starts the server (again) on its folder and port.
    pub fn start_again(&self) {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("log").display().to_string();
        check(
            self.pg_ctl(&["-w", "-t", "30", "-l", &log, "-o", &opts, "start"])
                .output(),
            "pg_ctl start",
        );
    }

    /// Stops the server (fast: clients are disconnected).
    pub fn stop(&self) {
        check(self.pg_ctl(&["-w", "-m", "fast", "stop"]).output(), "pg_ctl stop");
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The administrator's URL for database `db`.
    pub fn url_for(&self, db: &str) -> String {
        if self.admin_password.is_empty() {
            format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
        } else {
            format!(
                "postgres://postgres:{}@127.0.0.1:{}/{db}",
                self.admin_password, self.port
            )
        }
    }

    /// The administrator's URL for the `hub` database.
    pub fn admin_url(&self) -> String {
        self.url_for("hub")
    }

    /// The server's folder.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let _ = self.pg_ctl(&["-w", "-m", "immediate", "stop"]).output();
    }
}
