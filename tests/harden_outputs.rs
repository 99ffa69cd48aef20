//! Row 1 of issue 9: no output ever replaces a database. Every writing command, given the
//! open database (by its own path, `./`, a symbolic link, a hard link), one of its side files
//! or another SQLite database, refuses with a clear error and changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use std::path::{Path, PathBuf};

use checkin_common::*;

fn sha(path: &Path) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

/// The writing commands, with `OUT` standing for the output path.
const COMMANDS: [&[&str]; 6] = [
    &["export", "delegates", "OUT"],
    &["export", "checkins", "OUT"],
    &["badges", "--out", "OUT", "--all"],
    &["station", "export", "--out", "OUT"],
    &["station", "package", "--out", "OUT"],
    &["participants", "--out", "OUT"],
];

fn refused(db: &Path, cmd: &[&str], out: &Path) {
    let args: Vec<String> = cmd
        .iter()
        .map(|a| {
            if *a == "OUT" {
                out.display().to_string()
            } else {
                a.to_string()
            }
        })
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let before = sha(db);
    let o = accredit(db, &args);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_ne!(
        o.status.code(),
        Some(0),
        "{args:?} succeeded on {}",
        out.display()
    );
    assert!(
        err.contains("refusing to write") && err.contains("nothing was written"),
        "{args:?} {}: {err}",
        out.display()
    );
    assert_eq!(sha(db), before, "{args:?} changed the database");
    // The database still opens and still holds its delegates and its key.
    let reg = accredit::Registry::open(db).unwrap();
    assert!(!reg.is_door_copy().unwrap());
    assert_eq!(reg.delegates().unwrap().len(), 1);
}

#[test]
fn every_writing_command_refuses_the_database_by_any_name() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    add(&mut reg, &person("GE", "Nino", "Beridze", "HOD"));
    drop(reg);
    let db = desk.db.clone();
    let dir = desk.dir.path();
    let link = dir.join("link.csv");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    let hard = dir.join("hard.pdf");
    std::fs::hard_link(&db, &hard).unwrap();
    let other = dir.join("other.sqlite3");
    drop(accredit::Registry::open(&other).unwrap());
    let sub = dir.join("sub");
    std::fs::create_dir(&sub).unwrap();
    let names: Vec<PathBuf> = vec![
        db.clone(),
        dir.join(".").join("desk.sqlite3"),
        sub.join("..").join("desk.sqlite3"),
        link,
        hard,
        PathBuf::from(format!("{}-wal", db.display())),
        PathBuf::from(format!("{}-journal", db.display())),
        other.clone(),
    ];
    for cmd in COMMANDS {
        for out in &names {
            // The list of participants takes only .pdf and .csv names (others are refused
            // before any output is considered).
            let ext = out.extension().and_then(|e| e.to_str()).unwrap_or("");
            if cmd[0] == "participants" && !matches!(ext, "pdf" | "csv") {
                continue;
            }
            refused(&db, cmd, out);
        }
    }
    // The other database is untouched too.
    assert!(!accredit::Registry::open(&other).unwrap().is_door_copy().unwrap());
}

#[test]
fn the_guard_allows_ordinary_outputs() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    add(&mut reg, &person("GE", "Nino", "Beridze", "HOD"));
    drop(reg);
    let out = desk.file("delegates.csv");
    let o = accredit(&desk.db, &["export", "delegates", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    // A CSV file may be replaced by a new export.
    let o = accredit(&desk.db, &["export", "delegates", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}
