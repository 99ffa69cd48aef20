//! Passes from several desks at the door (real files, the real binary): a desk copy prints
//! version 2 passes signed by its own certified key, which doors admit; a badge reissued at
//! two desks offline ends with one current version at the door (the other refused as
//! replaced); a stolen desk is revoked: its changes after the revocation are refused at the
//! desks, its later badges are refused at the door with a clear verdict, and the badges it
//! issued before stay valid (nothing to reprint).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use std::path::Path;

use accredit::Registry;
use checkin_common::{accredit, checkin, code};

fn run(db: &Path, args: &[&str]) -> String {
    let o = accredit(db, args);
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn exchange(dir: &Path, from: &Path, to: &Path) -> String {
    let file = dir.join("x.items");
    let _ = std::fs::remove_file(&file);
    run(from, &["station", "export", "--out", file.to_str().unwrap()]);
    let o = accredit(to, &["station", "merge", file.to_str().unwrap()]);
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

fn pass(db: &Path, id: i64) -> String {
    let reg = Registry::open(db).unwrap();
    accredit::pass::issue(&reg, &reg.delegate(id).unwrap()).unwrap()
}

/// The verdict line of a scan at the door on the second day of the event (the first for
/// `minute` 1, the scan of delegate 2, whose badge is for the first day only).
fn scan(door: &Path, pass: &str, minute: u32) -> String {
    let day = if minute == 1 { 6 } else { 7 };
    let at = format!("2015-07-0{day}T09:{minute:02}:00+02:00");
    let (_, line, err) = checkin(door, &[pass, "--at", &at]);
    assert!(!line.is_empty(), "{err}");
    line
}

#[test]
fn desk_passes_reissues_and_a_revoked_desk_at_the_door() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("desk-a.sqlite3");
    let b = dir.path().join("desk-b.sqlite3");
    let door = dir.path().join("door.sqlite3");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/delegates-sample.csv");
    run(&a, &["import", "delegates", sample.to_str().unwrap()]);
    run(
        &a,
        &[
            "station",
            "package",
            "--role",
            "desk",
            "--name",
            "Desk B",
            "--out",
            b.to_str().unwrap(),
        ],
    );
    run(
        &a,
        &[
            "station",
            "package",
            "--name",
            "Door",
            "--out",
            door.to_str().unwrap(),
        ],
    );
    let b_id = Registry::open(&b).unwrap().station_id().unwrap();

    // Desk B accredits a late nomination and prints its badge (version 2 pass, its key).
    let csv = dir.path().join("late.csv");
    std::fs::write(&csv, "delegation,family_name,given_name\nAT,Late,Anna\n").unwrap();
    run(&b, &["import", "delegates", csv.to_str().unwrap()]);
    let late = 10_000_001;
    let pdf = dir.path().join("late.pdf");
    let out = run(
        &b,
        &[
            "badges",
            "--out",
            pdf.to_str().unwrap(),
            "--id",
            &late.to_string(),
        ],
    );
    assert!(pdf.exists(), "{out}");
    let late_pass = pass(&b, late);
    assert!(
        late_pass.starts_with(&format!("AC2:AATIP15:{late}:1:")),
        "{late_pass}"
    );
    assert!(late_pass.contains(&format!(":{b_id}:")));
    // The door knows it once the desk with the event key has merged B's work.
    exchange(dir.path(), &b, &a);
    exchange(dir.path(), &a, &door);
    let line = scan(&door, &late_pass, 0);
    assert_eq!(code(&line), "ADMITTED", "{line}");
    // Old (version 1) passes stay valid.
    let old = pass(&a, 2);
    assert!(old.starts_with("AC1:"));
    assert_eq!(code(&scan(&door, &old, 1)), "ADMITTED");

    // Both desks reissue badge 3 offline and print it: one current version at the door.
    run(&a, &["reissue", "3"]);
    run(&b, &["reissue", "3"]);
    let pass_a = pass(&a, 3);
    let pass_b = pass(&b, 3);
    assert!(pass_a.starts_with("AC1:AATIP15:3:2:") && pass_b.starts_with("AC2:AATIP15:3:2:"));
    exchange(dir.path(), &b, &a);
    exchange(dir.path(), &a, &b);
    exchange(dir.path(), &a, &door);
    let (va, vb) = (
        code(&scan(&door, &pass_a, 2)).to_string(),
        code(&scan(&door, &pass_b, 3)).to_string(),
    );
    let verdicts = [va.as_str(), vb.as_str()];
    assert!(
        verdicts.contains(&"ADMITTED") && verdicts.contains(&"REVOKED"),
        "{verdicts:?}"
    );
    let loser = if va == "REVOKED" { &pass_a } else { &pass_b };
    let line = scan(&door, loser, 4);
    assert!(line.contains("replaced"), "{line}");
    // Both desks agree which one is current.
    let ra = Registry::open(&a).unwrap();
    let rb = Registry::open(&b).unwrap();
    assert_eq!(
        ra.delegate(3).unwrap().badge_version,
        rb.delegate(3).unwrap().badge_version
    );
    assert_eq!(
        accredit::registry::desk_log::issuer(ra.conn(), 3).unwrap(),
        accredit::registry::desk_log::issuer(rb.conn(), 3).unwrap()
    );
    drop((ra, rb));

    // Desk B's laptop is stolen: revoked at A. The thief reissues a badge at B.
    let out = run(
        &a,
        &["station", "revoke", &b_id, "--reason", "desk laptop stolen"],
    );
    assert!(out.contains("revoked"), "{out}");
    run(&b, &["reissue", "5"]);
    let stolen = pass(&b, 5);
    let merged = exchange(dir.path(), &b, &a);
    assert!(merged.contains("revoked"), "{merged}");
    assert_eq!(Registry::open(&a).unwrap().delegate(5).unwrap().badge_version, 1);
    exchange(dir.path(), &a, &door);
    let line = scan(&door, &stolen, 5);
    assert_eq!(code(&line), "REVOKED", "{line}");
    assert!(line.contains("revoked at"), "{line}");
    // What B issued before its revocation stays valid: nothing to reprint.
    assert_eq!(code(&scan(&door, &late_pass, 6)), "ALREADY_IN");
}
