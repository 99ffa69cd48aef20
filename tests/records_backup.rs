//! Backups and restores through the real binary: a backup taken while a door scans opens and
//! verifies; a backup never replaces a file; a restore takes only this event's databases and
//! keeps what it replaces.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use accredit::Registry;
use accredit::records::identity;
use checkin_common::*;

fn scans(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT COUNT(*) FROM checkin", [], |r| r.get(0))
        .unwrap()
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_backup_taken_while_checkin_stdin_runs_opens_and_verifies() {
    let desk = Desk::new();
    let passes: Vec<String> = {
        let mut reg = desk.reg();
        (0..20)
            .map(|i| add(&mut reg, &person("AT", "Eva", &format!("Maier{i}"), "DEL")).1)
            .collect()
    };
    let mut door = Command::new(env!("CARGO_BIN_EXE_accredit"))
        .arg("--db")
        .arg(&desk.db)
        .args(["checkin", "--stdin", "--at", DAY1])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = door.stdin.take().unwrap();
    let stdout = door.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::BufReader::new(stdout).lines().count());
    let feeder = std::thread::spawn(move || {
        let until = Instant::now() + Duration::from_millis(2500);
        let mut sent = 0usize;
        while Instant::now() < until {
            let p = &passes[sent % passes.len()];
            if writeln!(stdin, "{p}").and_then(|()| stdin.flush()).is_err() {
                break;
            }
            sent += 1;
            std::thread::sleep(Duration::from_millis(2));
        }
        sent
    });
    // Wait for the door to log its first scans, then back up several times while it goes on.
    let start = Instant::now();
    while scans(&desk.db) < 5 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the door logged nothing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut seen = Vec::new();
    for i in 0..4 {
        let before = scans(&desk.db);
        let out = desk.file(&format!("backup-{i}.sqlite3"));
        let o = accredit(&desk.db, &["backup", "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", text(&o));
        assert!(text(&o).contains("backup written and verified"), "{}", text(&o));
        let after = scans(&desk.db);
        assert_eq!(mode(&out), 0o600);
        // One file: no -wal beside it, and it opens read-only on its own.
        assert!(!desk.file(&format!("backup-{i}.sqlite3-wal")).exists());
        let id = identity::check(&out).unwrap();
        assert_eq!(id.delegates, 20);
        assert!(!id.door_copy);
        let n = scans(&out);
        assert!(before <= n && n <= after, "{before} <= {n} <= {after}");
        // The copy's chain verifies and it is a working registry.
        let o = accredit(&out, &["audit", "verify"]);
        assert!(o.status.success(), "{}", text(&o));
        seen.push(n);
        std::thread::sleep(Duration::from_millis(200));
    }
    let sent = feeder.join().unwrap();
    let lines = reader.join().unwrap();
    assert!(door.wait().unwrap().success());
    assert_eq!(lines, sent, "every scan got its verdict");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(
        seen.last() > seen.first(),
        "the door did not scan during the backups: {seen:?}"
    );
}

#[test]
fn a_backup_never_replaces_a_file() {
    let desk = Desk::new();
    let existing = desk.file("notes.txt");
    std::fs::write(&existing, "keep me").unwrap();
    for target in [existing.clone(), desk.db.clone()] {
        let o = accredit(&desk.db, &["backup", "--out", target.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(text(&o).contains("the file exists already"), "{}", text(&o));
    }
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");
    assert!(identity::check(&desk.db).is_ok());
    // Nothing half-written is left in the folder.
    let names: Vec<String> = std::fs::read_dir(desk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".part")), "{names:?}");
}

#[test]
fn restore_takes_only_this_events_database_and_keeps_what_it_replaces() {
    let desk = Desk::new();
    {
        let mut reg = desk.reg();
        add(&mut reg, &person("AT", "Eva", "Maier", "DEL"));
    }
    let backup = desk.file("backup.sqlite3");
    let o = accredit(&desk.db, &["backup", "--out", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    // Later changes, which the restore undoes.
    {
        let mut reg = desk.reg();
        add(&mut reg, &person("SI", "Jure", "Novak", "DEL"));
    }
    let before = std::fs::read(&desk.db).unwrap();

    // Another event's database (a new file has a key of its own) is refused; nothing changes.
    let other = desk.file("other.sqlite3");
    drop(Registry::open(&other).unwrap());
    let o = accredit(&desk.db, &["restore", other.to_str().unwrap(), "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("another event"), "{}", text(&o));
    // Not a database at all.
    let junk = desk.file("junk.sqlite3");
    std::fs::write(&junk, b"not a database at all, just text").unwrap();
    let o = accredit(&desk.db, &["restore", junk.to_str().unwrap(), "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("not an accredit database"), "{}", text(&o));
    assert_eq!(
        std::fs::read(&desk.db).unwrap(),
        before,
        "a refused restore changed the desk"
    );
    // A door copy over the desk would lose the signing key.
    let door = desk.file("door.sqlite3");
    let o = accredit(&desk.db, &["station", "package", "--out", door.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    // Packaging certifies the door and publishes door records at the desk: that is a change.
    assert_eq!(
        accredit::Registry::open(&desk.db)
            .unwrap()
            .delegates()
            .unwrap()
            .len(),
        2
    );
    let before = std::fs::read(&desk.db).unwrap();
    let o = accredit(&desk.db, &["restore", door.to_str().unwrap(), "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("door station copy"), "{}", text(&o));
    // Without --yes and without a "yes" typed, nothing changes.
    let o = accredit(&desk.db, &["restore", backup.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("not restored"), "{}", text(&o));
    assert_eq!(
        std::fs::read(&desk.db).unwrap(),
        before,
        "a refused restore changed the file"
    );
    assert_eq!(desk.reg().delegates().unwrap().len(), 2);

    // The same event's backup, confirmed by typing yes.
    let o = accredit_answering(&desk.db, &["restore", backup.to_str().unwrap()], b"yes\n");
    assert!(o.status.success(), "{}", text(&o));
    let reg = desk.reg();
    let names: Vec<String> = reg
        .delegates()
        .unwrap()
        .iter()
        .map(|d| d.family_name.clone())
        .collect();
    assert_eq!(names, ["Maier"]);
    drop(reg);
    let o = accredit(&desk.db, &["audit", "verify"]);
    assert!(o.status.success(), "{}", text(&o));
    // The replaced database is kept, private, with the later delegate.
    let kept: Vec<_> = std::fs::read_dir(desk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("desk.before-restore-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(mode(&kept[0]), 0o600);
    assert_eq!(identity::check(&kept[0]).unwrap().delegates, 2);
}

#[test]
fn automatic_backups_keep_the_last_k() {
    let desk = Desk::new();
    let folder = desk.file("backups");
    let mut made = Vec::new();
    for _ in 0..4 {
        let (report, _removed) =
            accredit::records::backup_into(&desk.db, &folder, 2, time::UtcOffset::UTC).unwrap();
        made.push(report.path);
    }
    let left = accredit::records::backup::auto_backups(&desk.db, &folder).unwrap();
    assert_eq!(left, made[2..].to_vec());
    for p in &left {
        assert_eq!(mode(p), 0o600);
        assert!(identity::check(p).is_ok());
    }
}
