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
        // Refused by the output guard, or (an existing side file) as an existing file.
        let err = refused(&desk.db, &["backup", "--out", &side], &[]);
        assert!(
            err.contains("refusing to write") || err.contains("the file exists already"),
            "{err}"
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
        vec!["export", "delegates", w],
        vec!["export", "checkins", w],
        vec!["station", "export", "--out", w],
        vec!["badges", "--all", "--out", pdf_wal.to_str().unwrap()],
    ] {
        refused(&desk.db, &args, &["refusing to write", "door.sqlite3"]);
        assert_eq!(std::fs::read(&wal).unwrap(), before, "{args:?}");
    }
    let err = refused(&desk.db, &["backup", "--out", w], &[]);
    assert!(err.contains("exists already"), "{err}");
    assert_eq!(std::fs::read(&wal).unwrap(), before);
    // A -journal of another database that is not there yet: refused by its name.
    let journal = desk.file("door.sqlite3-journal");
    refused(
        &desk.db,
        &["backup", "--out", journal.to_str().unwrap()],
        &["refusing to write", "side file (-journal) of the database"],
    );
    assert!(!journal.exists());
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

/// Row 17: names with zero-width characters, a byte-order mark, bidirectional isolates or
/// overrides, or a soft hyphen are refused with the character named, in every text field;
/// a joiner inside a Persian native name is writing, not a trick, and is kept.
#[test]
fn invisible_and_bidi_characters_are_refused_by_name() {
    let desk = Desk::new();
    let csv = desk.file("n.csv");
    let cases = [
        ("given_name", "An\u{200B}na", "U+200B (ZERO WIDTH SPACE)"),
        ("family_name", "\u{FEFF}Gruber", "U+FEFF (BYTE ORDER MARK"),
        (
            "family_name",
            "Gru\u{2067}ber\u{2069}",
            "U+2067 (RIGHT-TO-LEFT ISOLATE)",
        ),
        ("title", "Dr.\u{202E}", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("given_name", "An\u{AD}na", "U+00AD (SOFT HYPHEN)"),
        ("function", "Head\u{2060}of Unit", "U+2060 (WORD JOINER)"),
        ("family_name", "Gru\u{200D}ber", "U+200D (ZERO WIDTH JOINER)"),
        (
            "email",
            "anna\u{200C}@example.org",
            "U+200C (ZERO WIDTH NON-JOINER)",
        ),
        ("external_id", "A-1\u{200E}", "U+200E (LEFT-TO-RIGHT MARK)"),
    ];
    for (column, value, named) in cases {
        let mut row = vec![("delegation", "AT"), ("family_name", "Gruber")];
        row.retain(|(c, _)| *c != column);
        row.push((column, value));
        let header: Vec<&str> = row.iter().map(|(c, _)| *c).collect();
        let values: Vec<&str> = row.iter().map(|(_, v)| *v).collect();
        std::fs::write(&csv, format!("{}\n{}\n", header.join(","), values.join(","))).unwrap();
        refused(
            &desk.db,
            &["import", "delegates", csv.to_str().unwrap()],
            &[&format!(
                "column {column}: contains the invisible character {named}"
            )],
        );
    }
    assert!(desk.reg().delegates().unwrap().is_empty());
    // Persian: the zero-width non-joiner between two letters is part of the name.
    std::fs::write(
        &csv,
        "delegation,family_name,native_name\nAT,Mohammadi,\u{645}\u{6cc}\u{200C}\u{62e}\u{648}\u{627}\u{647}\u{645}\n",
    )
    .unwrap();
    let o = accredit(&desk.db, &["import", "delegates", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Row 25: at a door copy, importing delegates and changing the event are refused with a
/// clear message, and nothing changes.
#[test]
fn desk_only_actions_are_refused_at_a_door_copy() {
    let desk = Desk::new();
    add(&mut desk.reg(), &person("AT", "Anna", "Gruber", "DEL"));
    let door = desk.file("door.sqlite3");
    let o = accredit(&desk.db, &["station", "package", "--out", door.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = desk.file("n.csv");
    std::fs::write(&csv, "delegation,family_name\nAT,Evil\n").unwrap();
    let before = accredit::Registry::open(&door)
        .unwrap()
        .delegates()
        .unwrap()
        .len();
    refused(
        &door,
        &["import", "delegates", csv.to_str().unwrap()],
        &[
            "door station copy",
            "delegates are imported only at the accreditation desk",
        ],
    );
    refused(
        &door,
        &["import", "delegates", desk.file("n.xlsx").to_str().unwrap()],
        &["door station copy"],
    );
    refused(
        &door,
        &["event", "set", "--code", "EVIL"],
        &[
            "door station copy",
            "the event is changed only at the accreditation desk",
        ],
    );
    refused(&door, &["reissue", "1"], &["door station copy"]);
    let reg = accredit::Registry::open(&door).unwrap();
    assert_eq!(reg.delegates().unwrap().len(), before);
    assert_ne!(reg.event().unwrap().code, "EVIL");
}
