//! Helpers shared by the check-in and sync tests: a desk registry on a temporary file with a
//! few delegates, and the real `accredit` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use accredit::Registry;
use accredit::registry::{Delegate, Status};

/// A scan time on the first day of the default event (Vienna, +02:00).
pub const DAY1: &str = "2015-07-06T09:00:00+02:00";
/// A scan time on the second day.
pub const DAY2: &str = "2015-07-07T09:30:00+02:00";
/// A day after the event.
pub const AFTER: &str = "2015-07-08T09:00:00+02:00";

/// A temporary desk database.
pub struct Desk {
    /// Keeps the folder alive.
    pub dir: tempfile::TempDir,
    /// The database file.
    pub db: PathBuf,
}

impl Desk {
    /// Creates and seeds a new desk database.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite3");
        Registry::open(&db).unwrap();
        Self { dir, db }
    }
    /// Opens the registry.
    pub fn reg(&self) -> Registry {
        Registry::open(&self.db).unwrap()
    }
    /// A path in the temporary folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A delegate template.
pub fn person(delegation: &str, given: &str, family: &str, category: &str) -> Delegate {
    Delegate {
        delegation: delegation.into(),
        title: "Ms.".into(),
        given_name: given.into(),
        family_name: family.into(),
        category: category.into(),
        email: format!("{}@example.org", family.to_lowercase().replace(' ', ".")),
        status: Status::Accredited,
        ..Delegate::default()
    }
}

/// Adds a delegate and returns it as stored with its pass.
pub fn add(reg: &mut Registry, d: &Delegate) -> (Delegate, String) {
    let id = reg.add_delegate(d).unwrap();
    let d = reg.delegate(id).unwrap();
    let p = accredit::pass::issue(reg, &d).unwrap();
    (d, p)
}

/// `accredit --db DB ARGS...`, run to completion.
pub fn accredit(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accredit"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ACCREDIT_OPERATOR", "tester")
        .output()
        .unwrap()
}

/// `accredit --db DB ARGS...` answering its question on standard input with `answer` (a
/// line, e.g. `b"yes\n"`), run to completion.
pub fn accredit_answering(db: &Path, args: &[&str], answer: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_accredit"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), answer).unwrap();
    child.wait_with_output().unwrap()
}

/// Runs `accredit checkin` and returns (exit code, first stdout line, stderr).
pub fn checkin(db: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["checkin"];
    all.extend_from_slice(args);
    let out = accredit(db, &all);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    (
        out.status.code().unwrap_or(-1),
        stdout.lines().next().unwrap_or("").to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// The first word of a verdict line.
pub fn code(line: &str) -> &str {
    line.split_whitespace().next().unwrap_or("")
}

/// The scan UUID at the end of a verdict line.
pub fn scan_id(line: &str) -> &str {
    line.rsplit("| scan ").next().unwrap_or("").trim()
}

/// Memory the binary may use in the tests of a memory promise (the README's: 200 MB).
pub const MEMORY_LIMIT: u64 = 200 * 1000 * 1000;

/// `accredit --db DB ARGS` with its data segment (heap and private mappings) limited to
/// [`MEMORY_LIMIT`]; returns the output and how long it took.
#[allow(unsafe_code)] // setrlimit in the child before exec
pub fn limited(db: &Path, args: &[&str]) -> (Output, std::time::Duration) {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_accredit"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("ACCREDIT_OPERATOR", "tester");
    // SAFETY: setrlimit is async-signal-safe and touches nothing of the parent.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: MEMORY_LIMIT,
                rlim_max: MEMORY_LIMIT,
            };
            if libc::setrlimit(libc::RLIMIT_DATA, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let start = std::time::Instant::now();
    let out = cmd.output().unwrap();
    (out, start.elapsed())
}
