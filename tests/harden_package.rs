//! Row 2 of issue 9: `station package` interrupted by SIGKILL or SIGTERM leaves no file in
//! the folder of `--out` holding the signing key or an e-mail; SIGTERM leaves no temporary file
//! at all, and a later package removes those a SIGKILL left.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
#![allow(unsafe_code)] // libc calls in the test harness (signals, rlimits)

mod checkin_common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use checkin_common::*;

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A desk with `n` delegates (each with an e-mail and a photo-sized blob), written in one go.
fn big_desk(n: usize) -> (Desk, Vec<u8>) {
    let desk = Desk::new();
    let reg = desk.reg();
    let key = reg.signing_key().unwrap().to_bytes().to_vec();
    drop(reg);
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO delegate (delegation, given_name, family_name, category, email, photo,
                               created_at, updated_at)
         SELECT 'AT', 'Given' || i, 'Family' || i, 'DEL', 'person' || i || '@example.org',
                randomblob(3000), '2015-07-01T00:00:00Z', '2015-07-01T00:00:00Z' FROM n",
        [n as i64],
    )
    .unwrap();
    drop(conn);
    (desk, key)
}

/// Every file in `dir` that holds the key or an e-mail.
fn leaks(dir: &Path, key: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap_or_default();
        if contains(&bytes, key) || contains(&bytes, b"@example.org") {
            out.push(e.file_name().to_string_lossy().into_owned());
        }
    }
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn interrupted_package_leaves_no_secret_and_no_stale_file() {
    let (desk, key) = big_desk(30_000);
    let outdir = tempfile::tempdir().unwrap();
    let out = outdir.path().join("door.sqlite3");
    let mut killed_mid_run = 0;
    for (i, delay_ms) in [15u64, 40, 90, 160, 260, 400, 600].into_iter().enumerate() {
        let signal = if i % 2 == 0 { libc::SIGKILL } else { libc::SIGTERM };
        let mut child = Command::new(env!("CARGO_BIN_EXE_accredit"))
            .arg("--db")
            .arg(&desk.db)
            .args(["station", "package", "--out"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        // SAFETY: kill of our own child by pid.
        unsafe { libc::kill(child.id() as i32, signal) };
        let status = child.wait().unwrap();
        if status.code().is_none() {
            killed_mid_run += 1;
        }
        assert!(
            leaks(outdir.path(), &key).is_empty(),
            "after signal {signal} at {delay_ms} ms: {:?} hold secrets",
            leaks(outdir.path(), &key)
        );
        if status.code().is_none() && signal == libc::SIGTERM {
            let left = names(outdir.path());
            assert!(left.is_empty(), "SIGTERM left {left:?}");
        }
        // A copy that finished before the signal is a correct door copy: start again.
        let _ = std::fs::remove_file(&out);
    }
    assert!(killed_mid_run >= 3, "only {killed_mid_run} runs were interrupted");
    // A stale temporary file, as SIGKILL leaves it, is removed by the next run.
    let stale = outdir.path().join(".accredit-door-STALE.part");
    std::fs::write(&stale, b"left by a killed run").unwrap();
    let o = accredit(&desk.db, &["station", "package", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(names(outdir.path()), vec!["door.sqlite3".to_string()]);
    let bytes = std::fs::read(&out).unwrap();
    assert!(!contains(&bytes, &key) && !contains(&bytes, b"@example.org"));
    let door = accredit::Registry::open(&out).unwrap();
    assert!(door.is_door_copy().unwrap());
    assert_eq!(door.delegates().unwrap().len(), 30_000);
}

#[test]
fn a_damaged_source_is_not_packaged() {
    let (desk, _) = big_desk(2_000);
    // Damage a page in the middle of the file (not the header: the file still opens).
    {
        let conn = rusqlite::Connection::open(&desk.db).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let mut bytes = std::fs::read(&desk.db).unwrap();
    let page = 4096;
    let middle = bytes.len() / page / 2;
    for p in middle..middle + 8 {
        for b in &mut bytes[p * page..p * page + 12] {
            *b = 0x5A;
        }
    }
    std::fs::write(&desk.db, &bytes).unwrap();
    let out = desk.file("door.sqlite3");
    let o = accredit(&desk.db, &["station", "package", "--out", out.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("damaged"), "{err}");
    assert!(!out.exists());
}
