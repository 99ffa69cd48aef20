//! The purge of personal data through the real binary: no personal string is left in the
//! file's raw bytes (nor its WAL), `stats` counts the same, the audit chain still verifies; a
//! door copy is refused.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use std::path::Path;

use accredit::registry::Status;
use checkin_common::*;

fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/delegates-sample.csv")
        .display()
        .to_string()
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(o: std::process::Output) -> String {
    assert!(o.status.success(), "{}", text(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The bytes of the database file and its WAL, as on disk.
fn raw(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap();
    if let Ok(wal) = std::fs::read(format!("{}-wal", db.display())) {
        bytes.extend(wal);
    }
    bytes
}

fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(120, 160, |x, y| image::Rgb([(x * 2) as u8, y as u8, 90]));
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).unwrap();
    accredit::registry::photo::normalize(png.get_ref()).unwrap()
}

/// A desk after an event: the sample imported, edits, a photo, notes, scans with reasons.
fn desk_after_the_event() -> (Desk, Vec<String>) {
    let desk = Desk::new();
    ok(accredit(&desk.db, &["import", "delegates", &sample()]));
    let mut personal = Vec::new();
    let mut rdr = csv::Reader::from_path(sample()).unwrap();
    let headers = rdr.headers().unwrap().clone();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        for col in [
            "external_id",
            "given_name",
            "family_name",
            "native_name",
            "function",
            "email",
        ] {
            let i = headers.iter().position(|h| h == col).unwrap();
            personal.push(rec[i].to_string());
        }
    }
    let mut reg = desk.reg();
    let mut p = person("GE", "Nino", "Beridze", "HOD");
    p.photo = Some(photo());
    p.attention = "interpreter Tamar Kvaratskhelia accompanies".into();
    p.external_id = Some("NOM-GE-77".into());
    p.function = "Deputy Minister of Internal Affairs".into();
    p.native_name = "ნინო ბერიძე".into();
    let (nino, pass) = add(&mut reg, &p);
    personal.extend(
        [
            "Nino",
            "Beridze",
            "beridze@example.org",
            "Tamar Kvaratskhelia",
            "NOM-GE-77",
            "Deputy Minister of Internal Affairs",
            "ნინო ბერიძე",
        ]
        .map(String::from),
    );
    // Edits: the old and new values both go into the audit trail.
    let mut d = reg.delegate(1).unwrap();
    d.email = "first.edit@mfa.example".into();
    d.function = "Ambassador Extraordinary".into();
    reg.update_delegate(&d).unwrap();
    personal.extend(["first.edit@mfa.example", "Ambassador Extraordinary"].map(String::from));
    reg.set_status(2, Status::Withdrawn).unwrap();
    reg.mark_printed(&[(nino.id, 1), (1, 1)]).unwrap();
    drop(reg);
    ok(accredit(&desk.db, &["reissue", "3"]));
    let (rc, line, _) = checkin(&desk.db, &[&pass, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
    let (rc, line, _) = checkin(
        &desk.db,
        &[
            "--override",
            "badge forgotten, passport of Nino Beridze checked",
            "--delegate",
            &nino.id.to_string(),
            "--at",
            DAY2,
        ],
    );
    assert_eq!((rc, code(&line)), (0, "OVERRIDE"), "{line}");
    personal.push("passport of Nino Beridze".into());
    // Only strings long enough to mean something, and not found in a new database anyway
    // (a delegation's name, a category).
    let fresh = Desk::new();
    let reference = raw(&fresh.db);
    personal.retain(|s| s.chars().count() >= 4 && !contains(&reference, s.as_bytes()));
    personal.sort();
    personal.dedup();
    (desk, personal)
}

#[test]
fn purge_leaves_no_personal_string_keeps_the_counts_and_the_chain() {
    let (desk, personal) = desk_after_the_event();
    let bytes = raw(&desk.db);
    let present: Vec<&String> = personal
        .iter()
        .filter(|s| contains(&bytes, s.as_bytes()))
        .collect();
    assert!(
        present.len() > 150,
        "the test data is not in the file: {}",
        present.len()
    );
    let stats = ok(accredit(&desk.db, &["stats"]));
    let stats_json = ok(accredit(&desk.db, &["stats", "--json"]));
    let people = desk.reg().delegates().unwrap().len();

    // Without --yes, a wrong answer changes nothing.
    let o = accredit_answering(&desk.db, &["purge", "--personal-data"], b"yes\n");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let asked = text(&o);
    assert!(
        asked.contains(&format!("all {people} people of AATIP15")),
        "{asked}"
    );
    assert!(asked.contains("not purged"), "{asked}");
    assert_eq!(desk.reg().delegate(1).unwrap().email, "first.edit@mfa.example");

    // Typing the event code purges.
    let o = accredit_answering(&desk.db, &["purge", "--personal-data"], b"AATIP15\n");
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains(&format!("purged the personal data of {people} people")),
        "{}",
        text(&o)
    );

    let bytes = raw(&desk.db);
    let left: Vec<&String> = personal
        .iter()
        .filter(|s| contains(&bytes, s.as_bytes()))
        .collect();
    assert!(left.is_empty(), "personal data left in the file: {left:?}");
    assert!(!contains(&bytes, b"@example.org") && !contains(&bytes, b"@mfa.example"));
    let jpeg = photo();
    assert!(
        !contains(&bytes, &jpeg[jpeg.len() / 2..jpeg.len() / 2 + 64]),
        "the photo is left"
    );
    // The WAL is empty (or gone).
    let wal = std::fs::metadata(format!("{}-wal", desk.db.display())).map_or(0, |m| m.len());
    assert_eq!(wal, 0);

    assert_eq!(ok(accredit(&desk.db, &["stats"])), stats);
    assert_eq!(ok(accredit(&desk.db, &["stats", "--json"])), stats_json);
    let v = ok(accredit(&desk.db, &["audit", "verify"]));
    assert!(v.starts_with("audit chain verified"), "{v}");

    // What stays: every delegate with its delegation, category, status; the placeholder name;
    // the history's entries (values now hashes); the scans.
    let reg = desk.reg();
    let all = reg.delegates().unwrap();
    assert_eq!(all.len(), people);
    assert!(
        all.iter()
            .all(|d| d.family_name == accredit::records::purge::PLACEHOLDER
                && d.given_name.is_empty()
                && d.email.is_empty()
                && d.external_id.is_none())
    );
    assert_eq!(reg.delegate(2).unwrap().status, Status::Withdrawn);
    let h = reg.history("delegate", "1").unwrap();
    assert!(h.len() >= 3, "{h:?}");
    assert!(h.iter().all(|e| {
        e.after
            .as_deref()
            .is_none_or(|a| a.starts_with("{\"redacted\":\"sha256:"))
    }));
    assert_eq!(accredit::checkin::log::all(reg.conn()).unwrap().len(), 2);
    drop(reg);

    // Purging again is harmless and the chain still verifies.
    ok(accredit(&desk.db, &["purge", "--personal-data", "--yes"]));
    ok(accredit(&desk.db, &["audit", "verify"]));
    assert_eq!(ok(accredit(&desk.db, &["stats"])), stats);
}

#[test]
fn purge_is_refused_on_a_door_copy() {
    let (desk, _) = desk_after_the_event();
    let door = desk.file("door.sqlite3");
    ok(accredit(
        &desk.db,
        &["station", "package", "--out", door.to_str().unwrap()],
    ));
    let before = accredit::Registry::open(&door).unwrap().delegates().unwrap();
    assert!(before.iter().any(|d| d.family_name == "Beridze"));
    let o = accredit(&door, &["purge", "--personal-data", "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("door station copy"), "{}", text(&o));
    assert!(text(&o).contains("delete the file instead"), "{}", text(&o));
    assert!(
        accredit::Registry::open(&door).unwrap().delegates().unwrap() == before,
        "the door copy changed"
    );
}
