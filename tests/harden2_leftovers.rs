//! Rows 8 and 9 of issue 23, through the real binary with real signals: `backup`, `station
//! export`, `station package`, CSV and workbook exports and `badges` interrupted while their
//! temporary file exists. Such a file is private (0600) while it lives; SIGTERM removes it at
//! once; after SIGKILL the next run (any command opening the registry, or the next write in
//! that folder) removes it, so nothing with the event key or e-mails accumulates.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
#![allow(unsafe_code)] // kill(2) in the test harness

mod checkin_common;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use checkin_common::*;

/// accredit's temporary files (and their side files) in `dir`.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".accredit-"))
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

/// A desk with many delegates (so that writing takes a while) and their e-mails.
fn big_desk(rows: usize) -> Desk {
    let desk = Desk::new();
    let csv = desk.file("many.csv");
    let mut text = String::from("delegation,given_name,family_name,email\n");
    for i in 0..rows {
        text.push_str(&format!("AT,Anna,Person{i},anna.person{i}@example.org\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let o = accredit(&desk.db, &["import", "delegates", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::remove_file(&csv).unwrap();
    desk
}

/// Runs `accredit --db DB ARGS`, waits until a temporary file appears in `dir`, checks it
/// is private, then sends `signal`; returns whether it was caught in time (the temporary
/// file was there when the signal was sent) and the leftovers after the process ended.
fn interrupt(db: &Path, args: &[&str], dir: &Path, signal: i32, delay: Duration) -> Option<Vec<PathBuf>> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_accredit"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ACCREDIT_OPERATOR", "tester")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let caught = loop {
        let parts: Vec<PathBuf> = leftovers(dir)
            .into_iter()
            .filter(|p| p.to_string_lossy().ends_with(".part"))
            .collect();
        if let Some(part) = parts.first() {
            if let Ok(meta) = std::fs::metadata(part) {
                assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{}", part.display());
            }
            std::thread::sleep(delay);
            let pid = child.id() as i32;
            // SAFETY: kill(2) on our own child.
            unsafe { libc::kill(pid, signal) };
            break true;
        }
        if child.try_wait().unwrap().is_some() || start.elapsed() > Duration::from_secs(60) {
            break false;
        }
        std::thread::sleep(Duration::from_micros(200));
    };
    let status = child.wait().unwrap();
    if !caught || status.success() {
        return None; // finished before the signal: not an interrupted run
    }
    assert_eq!(status.signal(), Some(signal), "{status:?}");
    Some(leftovers(dir))
}

/// Each writer, interrupted by SIGTERM: its temporary file is gone at once; by SIGKILL: the
/// file left is private and the next run removes it.
#[test]
fn interrupted_outputs_leave_nothing_secret_behind() {
    let desk = big_desk(30_000);
    let out_dir = desk.dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = |name: &str| out_dir.join(name).to_str().unwrap().to_string();
    let backup = out("b.sqlite3");
    let csv = out("all.csv");
    let xlsx = out("all.xlsx");
    let station = out("station.sqlite3");
    let door = out("door.sqlite3");
    let pdf = out("badges.pdf");
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("backup", vec!["backup", "--out", &backup]),
        ("CSV export", vec!["export", "delegates", &csv]),
        ("workbook export", vec!["export", "delegates", &xlsx]),
        ("station export", vec!["station", "export", "--out", &station]),
        ("door copy", vec!["station", "package", "--out", &door]),
        ("badges", vec!["badges", "--out", &pdf, "--all"]),
    ];
    let mut killed = 0;
    for (what, args) in &cases {
        // Signals at several points of the writing: as soon as the temporary file exists,
        // and some milliseconds into it.
        for (signal, delay) in [libc::SIGTERM, libc::SIGKILL]
            .into_iter()
            .flat_map(|s| [0u64, 5, 30].map(|d| (s, Duration::from_millis(d))))
        {
            // A few tries: the writer may finish before its temporary file is seen.
            let mut left = None;
            for _ in 0..5 {
                for f in [&backup, &csv, &xlsx, &station, &door, &pdf] {
                    let _ = std::fs::remove_file(f);
                }
                left = interrupt(&desk.db, args, &out_dir, signal, delay);
                if left.is_some() {
                    break;
                }
            }
            let Some(left) = left else {
                assert!(!delay.is_zero(), "{what}: never caught while writing");
                continue; // it finished within the delay: nothing to interrupt there
            };
            if signal == libc::SIGTERM {
                assert!(left.is_empty(), "{what} after SIGTERM: {left:?}");
                continue;
            }
            killed += 1;
            assert!(!left.is_empty(), "{what}: SIGKILL left no file: was it caught?");
            for f in &left {
                if let Ok(meta) = std::fs::metadata(f) {
                    assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{}", f.display());
                }
            }
            // The next write in that folder removes the leftover (a backup there).
            let next = out("next.sqlite3");
            let o = accredit(&desk.db, &["backup", "--out", &next]);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            std::fs::remove_file(&next).unwrap();
            assert!(
                leftovers(&out_dir).is_empty(),
                "{what}: {:?}",
                leftovers(&out_dir)
            );
        }
    }
    assert!(killed >= cases.len(), "{killed}");
}

/// A leftover beside the database (a killed backup into the database's folder) is removed by
/// the next command that opens the registry, whatever it is; a temporary file that a running
/// process holds is left alone.
#[test]
fn the_next_run_removes_leftovers_beside_the_database() {
    let desk = big_desk(30_000);
    let dir = desk.dir.path();
    let backup = desk.file("b.sqlite3");
    let mut left = None;
    for _ in 0..5 {
        let _ = std::fs::remove_file(&backup);
        left = interrupt(
            &desk.db,
            &["backup", "--out", backup.to_str().unwrap()],
            dir,
            libc::SIGKILL,
            Duration::from_millis(2),
        );
        if left.is_some() {
            break;
        }
    }
    let left = left.expect("the backup was never caught while writing");
    assert!(!left.is_empty());
    // Another process holding its own temporary file: not a leftover.
    let held = dir.join(".accredit-held.part");
    let file = std::fs::File::create(&held).unwrap();
    file.lock().unwrap();
    let o = accredit(&desk.db, &["registry", "list"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(leftovers(dir), vec![held.clone()]);
    drop(file);
    let o = accredit(&desk.db, &["registry", "list"]);
    assert!(o.status.success());
    assert!(leftovers(dir).is_empty(), "{:?}", leftovers(dir));
}
