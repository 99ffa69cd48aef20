//! Rows 10, 11 (no output over any SQLite side file) and the guards of issue 23 at the
//! registry's doors, through the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use std::path::Path;

use checkin_common::*;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `accredit --db DB ARGS` must fail with a message containing each of `needles`.
fn refused(db: &Path, args: &[&str], needles: &[&str]) -> String {
    let o = accredit(db, args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: {n:?} not in {err}");
    }
    err
}

/// Rows 10 and 11: `backup --out` (and every other output) onto the open database's
/// `-journal`, `-spool-journal`, `-wal` or `-shm`, or onto another station's `-wal` (a door
/// killed with acknowledged scans in it), is refused and the file is left as it was.
#[test]
fn no_output_lands_on_any_sqlite_side_file() {
    let desk = Desk::new();
    add(&mut desk.reg(), &person("AT", "Anna", "Gruber", "DEL"));
    let db = desk.db.to_str().unwrap().to_string();
    for suffix in ["-journal", "-spool-journal", "-wal", "-shm", "-spool"] {
        let side = format!("{db}{suffix}");
        refused(
            &desk.db,
            &["backup", "--out", &side],
            &["refusing to write", "nothing was written"],
        );
        assert!(!Path::new(&side).exists() || suffix == "-wal" || suffix == "-shm");
    }

    // Another station's database, killed with its write-ahead log still beside it.
    let door = desk.file("door.sqlite3");
    let conn = rusqlite::Connection::open(&door).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute_batch("CREATE TABLE scan(x); INSERT INTO scan VALUES (1),(2),(3),(4),(5);")
        .unwrap();
    // As if killed: the connection is never closed, so the log is not folded back.
    std::mem::forget(conn);
    let wal = desk.file("door.sqlite3-wal");
    let before = std::fs::read(&wal).unwrap();
    assert!(!before.is_empty());
    let w = wal.to_str().unwrap();
    let pdf_wal = desk.file("door.sqlite3-shm");
    for args in [
        vec!["backup", "--out", w],
        vec!["export", "delegates", w],
        vec!["export", "checkins", w],
        vec!["station", "export", "--out", w],
        vec!["badges", "--all", "--out", pdf_wal.to_str().unwrap()],
    ] {
        refused(&desk.db, &args, &["refusing to write", "door.sqlite3"]);
        assert_eq!(std::fs::read(&wal).unwrap(), before, "{args:?}");
    }
    // The same log under another name is known by its content.
    let renamed = desk.file("scans.log");
    std::fs::copy(&wal, &renamed).unwrap();
    refused(
        &desk.db,
        &["export", "delegates", renamed.to_str().unwrap()],
        &["write-ahead log"],
    );
    assert_eq!(std::fs::read(&renamed).unwrap(), before);
}
