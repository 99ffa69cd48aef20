//! The audit chain through the real binary: it verifies after every kind of change, and a row
//! edited, deleted, swapped or added with `sqlite3` is found and named.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use std::path::Path;

use accredit::registry::{Status, chain, migrations};
use checkin_common::*;

fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/delegates-sample.csv")
        .display()
        .to_string()
}

/// `accredit audit verify`: (exit code, stdout, stderr).
fn verify(db: &Path) -> (i32, String, String) {
    let o = accredit(db, &["audit", "verify"]);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Asserts the chain verifies and returns the head line's hash.
fn verified(db: &Path, what: &str) -> String {
    let (rc, out, err) = verify(db);
    assert_eq!(rc, 0, "after {what}: {out}{err}");
    assert!(out.starts_with("audit chain verified: "), "{out}");
    let head = out
        .lines()
        .find_map(|l| l.strip_prefix("head: entry "))
        .expect("head line");
    head.split_whitespace().nth(1).expect("hash").to_string()
}

fn sqlite3(db: &Path, sql: &str) {
    let o = std::process::Command::new("sqlite3")
        .arg(db)
        .arg(sql)
        .output()
        .expect("sqlite3");
    assert!(
        o.status.success(),
        "sqlite3 {sql}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn ok(o: std::process::Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_chain_verifies_after_imports_edits_reissues_scans_and_merges() {
    let desk = Desk::new();
    let db = &desk.db;
    let mut heads = vec![verified(db, "creation")];
    let step = |what: &str, heads: &mut Vec<String>, changes: bool| {
        let h = verified(db, what);
        if changes {
            assert_ne!(heads.last(), Some(&h), "{what} left no entry");
        } else {
            assert_eq!(heads.last(), Some(&h), "{what} changed the audit trail");
        }
        heads.push(h);
    };
    ok(accredit(db, &["import", "delegates", &sample()]));
    step("an import", &mut heads, true);
    // The same file with one changed function: an import that updates.
    let text = std::fs::read_to_string(sample()).unwrap();
    let changed = text.replacen("Senior Policy Officer", "Head of Unit", 1);
    let second = desk.file("second.csv");
    std::fs::write(&second, changed).unwrap();
    ok(accredit(db, &["import", "delegates", second.to_str().unwrap()]));
    step("an updating import", &mut heads, true);
    {
        let mut reg = desk.reg();
        let mut d = reg.delegate(3).unwrap();
        d.attention = "wheelchair access".into();
        reg.update_delegate(&d).unwrap();
        reg.set_status(4, Status::Withdrawn).unwrap();
        reg.mark_printed(&[(1, 1), (2, 1)]).unwrap();
    }
    step("edits, a withdrawal and printing", &mut heads, true);
    ok(accredit(db, &["reissue", "1"]));
    step("a reissue", &mut heads, true);
    ok(accredit(db, &["event", "set", "--retention-days", "30"]));
    step("a change of the event", &mut heads, true);

    // Scans at the desk and at a door, then merged back: scans are not audit entries, so the
    // chain is unchanged and still verifies.
    let (_, pass) = {
        let mut reg = desk.reg();
        add(&mut reg, &person("AT", "Eva", "Maier", "DEL"))
    };
    step("adding a delegate", &mut heads, true);
    let door = desk.file("door.sqlite3");
    ok(accredit(
        db,
        &["station", "package", "--out", door.to_str().unwrap()],
    ));
    step("packaging a door copy", &mut heads, false);
    let (rc, line, _) = checkin(&door, &[&pass, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
    let (rc, line, _) = checkin(db, &[&pass, "--at", DAY2]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
    step("scans", &mut heads, false);
    // The door copy has no audit trail, and verifies as an empty one.
    let (rc, out, _) = verify(&door);
    assert_eq!(rc, 0, "{out}");
    assert!(out.contains("head: none"), "{out}");
    ok(accredit(db, &["station", "merge", door.to_str().unwrap()]));
    step("a merge", &mut heads, false);

    // The head printed is the newest entry's stored hash.
    let reg = desk.reg();
    let (_, h) = chain::head(reg.conn()).unwrap().unwrap();
    assert_eq!(heads.last().unwrap(), &chain::hex(&h));
}

/// A desk with a few entries of each kind: an import (with its batch), edits, a reissue.
fn desk_with_history() -> Desk {
    let desk = Desk::new();
    ok(accredit(&desk.db, &["import", "delegates", &sample()]));
    let mut reg = desk.reg();
    for id in 1..=4 {
        let mut d = reg.delegate(id).unwrap();
        d.function = format!("Function {id}");
        reg.update_delegate(&d).unwrap();
    }
    reg.reissue(2).unwrap();
    drop(reg);
    verified(&desk.db, "the history");
    desk
}

fn broken(db: &Path) -> String {
    let (rc, out, err) = verify(db);
    assert_eq!(rc, 1, "tampering not found: {out}{err}");
    assert!(
        err.contains("the audit trail was changed outside accredit"),
        "{err}"
    );
    out
}

#[test]
fn editing_deleting_swapping_or_adding_a_row_is_found_and_named() {
    // Entries: 1 event, 2 import, 3-6 updates of delegates 1-4, 7 reissue.
    let desk = desk_with_history();
    let copy = desk.file("good.sqlite3");
    ok(accredit(&desk.db, &["backup", "--out", copy.to_str().unwrap()]));
    let fresh = |name: &str| {
        let p = desk.file(name);
        std::fs::copy(&copy, &p).unwrap();
        p
    };

    let db = fresh("edited.sqlite3");
    sqlite3(
        &db,
        "UPDATE audit SET after = replace(after, 'Function 2', 'Function X') WHERE id = 4",
    );
    let out = broken(&db);
    assert!(out.contains("audit entry 4 ("), "{out}");
    assert!(out.contains("it was edited"), "{out}");

    let db = fresh("operator.sqlite3");
    sqlite3(&db, "UPDATE audit SET operator = 'someone else' WHERE id = 6");
    assert!(broken(&db).contains("audit entry 6 ("));

    let db = fresh("deleted.sqlite3");
    sqlite3(&db, "DELETE FROM audit WHERE id = 5");
    let out = broken(&db);
    assert!(out.contains("audit entry 6 ("), "{out}");
    assert!(out.contains("entry 5 before it is missing"), "{out}");

    let db = fresh("last.sqlite3");
    sqlite3(&db, "DELETE FROM audit WHERE id = 7");
    let out = broken(&db);
    assert!(out.contains("audit entry 7 does not match"), "{out}");
    assert!(out.contains("the last entries were deleted"), "{out}");

    // Swapping two rows' content (with their hashes): the first of them no longer follows.
    let db = fresh("swapped.sqlite3");
    sqlite3(
        &db,
        "BEGIN; UPDATE audit SET id = 100 WHERE id = 3; UPDATE audit SET id = 3 WHERE id = 4; \
         UPDATE audit SET id = 4 WHERE id = 100; COMMIT;",
    );
    assert!(broken(&db).contains("audit entry 3 ("));

    // The import's batch of created records is covered too.
    let db = fresh("batch.sqlite3");
    sqlite3(&db, "UPDATE audit_batch SET created = created || x'00'");
    assert!(broken(&db).contains("audit entry 2 ("));
    let db = fresh("batch-gone.sqlite3");
    sqlite3(&db, "DELETE FROM audit_batch");
    assert!(broken(&db).contains("audit entry 2 ("));

    // A row added behind accredit's back has no hash.
    let db = fresh("added.sqlite3");
    sqlite3(
        &db,
        "INSERT INTO audit (at, operator, entity, entity_id, action) VALUES ('2015-07-06T09:00:00Z', 'x', 'delegate', '1', 'update')",
    );
    let out = broken(&db);
    assert!(
        out.contains("audit entry 8 (") && out.contains("no hash"),
        "{out}"
    );

    // The untouched copy still verifies.
    verified(&copy, "the good copy");
}

#[test]
fn the_migration_links_existing_entries() {
    // A database as the version before the chain left it: the earlier migrations only, an
    // event, and audit entries (one an import with its batch) without hashes.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.sqlite3");
    let pos = migrations::MIGRATIONS
        .iter()
        .position(|m| *m == migrations::AUDIT_CHAIN)
        .expect("the chain's migration");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        for sql in &migrations::MIGRATIONS[..pos] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", pos as i64).unwrap();
        // The event and delegations from a new database (columns of the first migration).
        let template = dir.path().join("template.sqlite3");
        drop(accredit::Registry::open(&template).unwrap());
        conn.execute("ATTACH ?1 AS t", [template.display().to_string()])
            .unwrap();
        conn.execute_batch(
            "INSERT INTO event (id, code, title, subtitle, venue, city, utc_offset, reentry, public_key, secret_key)
               SELECT id, code, title, subtitle, venue, city, utc_offset, reentry, public_key, secret_key FROM t.event;
             INSERT INTO event_day (date, label) SELECT date, label FROM t.event_day;
             INSERT INTO zone (code, name, sort) SELECT code, name, sort FROM t.zone;
             INSERT INTO category (code, label, colour, zones, sort) SELECT code, label, colour, zones, sort FROM t.category;
             INSERT INTO delegation (code, kind, grp, name_en, name_fr, default_category)
               SELECT code, kind, grp, name_en, name_fr, default_category FROM t.delegation;
             INSERT INTO meta (key, value) SELECT key, value FROM t.meta WHERE key NOT IN ('audit_head');
             DETACH t;",
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO audit (at, operator, entity, entity_id, action, before, after) VALUES
               ('2015-06-01T10:00:00Z', 'anna', 'event', '1', 'update', '{}', '{\"code\":\"OLD15\"}'),
               ('2015-06-02T10:00:00Z', 'anna', 'import', 'a.csv', 'import', NULL, '{\"created\":2}'),
               ('2015-06-03T10:00:00Z', 'ben', 'delegate', '1', 'update', '{\"email\":\"a@b.c\"}', '{\"email\":\"d@e.f\"}');
             INSERT INTO audit_batch (audit_id, first_id, last_id, blocks, created) VALUES (2, 1, 2, '[[1,0]]', x'0102');",
        )
        .unwrap();
    }
    let head = verified(&db, "the migration");
    let (_, out, _) = verify(&db);
    assert!(out.contains("verified: 3 entries"), "{out}");
    // Linking again (opening again) changes nothing; the old entries are now protected.
    assert_eq!(verified(&db, "a second open"), head);
    let copy = dir.path().join("tampered.sqlite3");
    std::fs::copy(&db, &copy).unwrap();
    sqlite3(
        &copy,
        "UPDATE audit SET after = '{\"email\":\"x@y.z\"}' WHERE id = 3",
    );
    assert!(broken(&copy).contains("audit entry 3 ("));
    // The copy kept before migrating exists beside it.
    let kept = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().starts_with("old.pre-migration-"));
    assert!(kept, "no pre-migration copy");
}
