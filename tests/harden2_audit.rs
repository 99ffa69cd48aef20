//! Rows 12, 13 and 26 of issue 23, through the real binary on real files edited with SQLite
//! behind accredit's back: a trail cut short with its head dropped, an emptied trail, a
//! delegate edited in the table, and a backup whose trail was changed.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use std::path::Path;

use checkin_common::*;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A desk with three delegates from an import (one audit entry for the batch), one of them
/// edited and one reissued (entries of their own).
fn desk() -> Desk {
    let desk = Desk::new();
    let csv = desk.file("n.csv");
    std::fs::write(
        &csv,
        "external_id,delegation,given_name,family_name\nA-1,AT,Anna,Gruber\nA-2,AT,Eva,Huber\nA-3,DE,Max,Weber\n",
    )
    .unwrap();
    let o = accredit(&desk.db, &["import", "delegates", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reg = desk.reg();
    let mut d = reg.find_delegate("A-2").unwrap();
    d.function = "Head of Unit".into();
    reg.update_delegate(&d).unwrap();
    drop(reg);
    let o = accredit(&desk.db, &["reissue", "A-3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = accredit(&desk.db, &["audit", "verify"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    desk
}

fn sql(db: &Path, statements: &str) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(statements)
        .unwrap();
}

fn verify_fails(db: &Path, needles: &[&str]) {
    let o = accredit(db, &["audit", "verify"]);
    let text = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{text}");
    for n in needles {
        assert!(text.contains(n), "{n:?} not in {text}");
    }
}

/// Row 12: the last entry deleted and the head in `meta` dropped; all entries deleted with
/// the head: both found.
#[test]
fn a_trail_cut_short_with_its_head_dropped_is_found() {
    let desk = desk();
    sql(
        &desk.db,
        "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit); DELETE FROM meta WHERE key = 'audit_head';",
    );
    verify_fails(&desk.db, &["BROKEN", "its head is missing"]);

    let desk = self::desk();
    sql(
        &desk.db,
        "DELETE FROM audit_batch; DELETE FROM audit; DELETE FROM meta WHERE key = 'audit_head';",
    );
    verify_fails(
        &desk.db,
        &["BROKEN", "the trail is empty and has no head", "3 delegates"],
    );
}

/// Row 26: a delegate edited with sqlite3 (its name, its zones) is named with what differs
/// from the trail's last entry for it; a delegate the trail never recorded is named too.
#[test]
fn delegates_edited_behind_the_apps_back_are_named() {
    let desk = desk();
    sql(
        &desk.db,
        "UPDATE delegate SET family_name = 'Evil' WHERE external_id = 'A-1'; \
         UPDATE delegate SET function = '' WHERE external_id = 'A-2'; \
         UPDATE delegate SET badge_version = 1 WHERE external_id = 'A-3';",
    );
    verify_fails(
        &desk.db,
        &[
            "3 delegate(s) differ",
            "family_name is \"Evil\" in the registry but \"Gruber\" in the trail",
            "function is empty in the registry but \"Head of Unit\" in the trail",
            "badge_version is 1 in the registry but 2 in the trail",
            "changed outside accredit",
        ],
    );
    // Put back as recorded: it verifies again.
    sql(
        &desk.db,
        "UPDATE delegate SET family_name = 'Gruber' WHERE external_id = 'A-1'; \
         UPDATE delegate SET function = 'Head of Unit' WHERE external_id = 'A-2'; \
         UPDATE delegate SET badge_version = 2 WHERE external_id = 'A-3';",
    );
    let o = accredit(&desk.db, &["audit", "verify"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
}

/// Row 13: a backup whose trail was changed is refused by `restore`, nothing changes; with
/// `--force` it is restored after a warning.
#[test]
fn restore_verifies_the_backups_trail() {
    let desk = desk();
    let backup = desk.file("b.sqlite3");
    let o = accredit(&desk.db, &["backup", "--out", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    sql(&backup, "UPDATE audit SET operator = 'nobody' WHERE id = 1;");
    let before = std::fs::read(&desk.db).unwrap();
    let o = accredit(&desk.db, &["restore", backup.to_str().unwrap(), "--yes"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("audit trail does not verify") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read(&desk.db).unwrap(), before);

    // A backup with a delegate edited in it: refused the same way.
    let edited = desk.file("e.sqlite3");
    let o = accredit(&desk.db, &["backup", "--out", edited.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    sql(
        &edited,
        "UPDATE delegate SET family_name = 'Evil' WHERE external_id = 'A-1';",
    );
    let o = accredit(&desk.db, &["restore", edited.to_str().unwrap(), "--yes"]);
    assert!(stderr(&o).contains("differ from the trail"), "{}", stderr(&o));

    let o = accredit(
        &desk.db,
        &["restore", backup.to_str().unwrap(), "--yes", "--force"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("WARNING"), "{}", stderr(&o));
    verify_fails(&desk.db, &["BROKEN"]);
}
