//! Rows 10, 11 (no output over any SQLite side file) and the guards of issue 23 at the
//! registry's doors, through the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
#![allow(unsafe_code)] // rlimits in the test harness

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

/// Row 19: a door copy whose file was made 0644 is made 0600 when opened, like the desk file.
#[test]
fn a_door_copy_is_made_private_on_open() {
    use std::os::unix::fs::PermissionsExt;
    let desk = Desk::new();
    add(&mut desk.reg(), &person("AT", "Anna", "Gruber", "DEL"));
    let door = desk.file("door.sqlite3");
    let o = accredit(&desk.db, &["station", "package", "--out", door.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::set_permissions(&door, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = accredit(&door, &["stats"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("private (mode 600): the door copy holds every name and photo"),
        "{}",
        stderr(&o)
    );
    let mode = std::fs::metadata(&door).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

/// Row 24: ESC in `--operator` and in an override reason, an RLO, and over-long texts are
/// refused at the door; signed scans received from another station with such texts (ESC in
/// the operator, RLO in the reason, a 5,000-character station) are refused as malformed.
#[test]
fn control_characters_and_lengths_hold_on_every_way_in() {
    let desk = Desk::new();
    let (_, pass) = add(&mut desk.reg(), &person("AT", "Anna", "Gruber", "DEL"));
    let door = desk.file("door.sqlite3");
    let o = accredit(&desk.db, &["station", "package", "--out", door.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    refused(
        &door,
        &[
            "checkin",
            "--override",
            "lost badge",
            "--delegate",
            "1",
            "--operator",
            "eve\u{1b}[31m",
        ],
        &["--operator", "control character U+001B"],
    );
    refused(
        &door,
        &[
            "checkin",
            "--override",
            "lost\u{1b}[2J badge",
            "--delegate",
            "1",
            "--at",
            DAY1,
        ],
        &["reason", "control character U+001B"],
    );
    refused(
        &door,
        &[
            "checkin",
            "--override",
            "ok \u{202E}evil",
            "--delegate",
            "1",
            "--at",
            DAY1,
        ],
        &["reason", "U+202E (RIGHT-TO-LEFT OVERRIDE)"],
    );
    let long = "x".repeat(5000);
    refused(
        &door,
        &["checkin", "--override", &long, "--delegate", "1", "--at", DAY1],
        &["reason is 5000 characters long"],
    );
    // A desk action audited under an operator with ESC (ACCREDIT_OPERATOR) is refused.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_accredit"))
        .arg("--db")
        .arg(&desk.db)
        .args(["reissue", "1"])
        .env("ACCREDIT_OPERATOR", "eve\u{1b}]0;pwned\u{7}")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("operator contains the control character U+001B"),
        "{}",
        stderr(&o)
    );

    // Signed scans with hostile texts, made with the door's own key (a stolen door copy).
    let (rc, line, err) = checkin(&door, &[&pass, "--at", DAY1]);
    assert_eq!(rc, 0, "{err}");
    let uuid = scan_id(&line).to_string();
    {
        let reg = accredit::Registry::open(&door).unwrap();
        let good = accredit::registry::scan_log::get(reg.conn(), &uuid)
            .unwrap()
            .unwrap();
        for (field, value) in [
            ("operator", "eve\u{1b}[31m".to_string()),
            ("reason", "fine \u{202E}live".to_string()),
            ("station", "S".repeat(5000)),
        ] {
            let mut e = good.clone();
            e.uuid = uuid::Uuid::new_v4().to_string();
            match field {
                "operator" => e.operator = value,
                "reason" => e.override_reason = value,
                _ => e.station = value,
            }
            assert!(accredit::registry::scan_log::insert(reg.conn(), &e).unwrap());
        }
    }
    let export = desk.file("door-export.sqlite3");
    let o = accredit(&door, &["station", "export", "--out", export.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = accredit(&desk.db, &["station", "merge", export.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success() || out.contains("refused"),
        "{out}{}",
        stderr(&o)
    );
    assert!(out.contains("3 malformed"), "{out}");
    let log = accredit::checkin::log::all(desk.reg().conn()).unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].uuid, uuid);
}

/// Row 18: a 300 MB line on `checkin --stdin` is refused without being read whole (under a
/// 200 MB data limit), as INVALID with a warning; the next line is judged as usual.
#[test]
fn an_endless_line_on_checkin_stdin_is_not_read_whole() {
    use std::io::Write;
    use std::os::unix::process::CommandExt;
    let desk = Desk::new();
    let (_, pass) = add(&mut desk.reg(), &person("AT", "Anna", "Gruber", "DEL"));
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_accredit"));
    cmd.arg("--db")
        .arg(&desk.db)
        .args(["checkin", "--stdin", "--at", DAY1])
        .env("ACCREDIT_OPERATOR", "tester")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe and touches nothing of the parent.
    #[allow(unsafe_code)]
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 200_000_000,
                rlim_max: 200_000_000,
            };
            if libc::setrlimit(libc::RLIMIT_DATA, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let pass2 = pass.clone();
    let feeder = std::thread::spawn(move || {
        let chunk = vec![b'A'; 1 << 20];
        for _ in 0..300 {
            stdin.write_all(&chunk).unwrap();
        }
        stdin.write_all(b"\n").unwrap();
        stdin.write_all(format!("{pass2}\n").as_bytes()).unwrap();
    });
    let o = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(code(lines[0]), "INVALID", "{out}");
    assert_eq!(code(lines[1]), "ADMITTED", "{out}");
    assert!(
        stderr(&o).contains("an input line of 314572800 bytes is longer than any pass"),
        "{}",
        stderr(&o)
    );
}

/// Row 17 for the event's printed texts: a right-to-left override in the title is refused.
#[test]
fn the_events_texts_refuse_invisible_characters_too() {
    let desk = Desk::new();
    refused(
        &desk.db,
        &["event", "set", "--title", "Conference\u{202E}txet"],
        &["title", "U+202E (RIGHT-TO-LEFT OVERRIDE)"],
    );
    let o = accredit(
        &desk.db,
        &["event", "set", "--title", "16th Alliance against Trafficking"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}
