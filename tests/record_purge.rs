//! The purge reaches every copy it can (issue 19): the strings of every personal field are
//! searched byte for byte in the desk file and its -wal, a door copy, a station export file
//! and the hub's tables (a dump of a private PostgreSQL server) before and after
//! `accredit purge` and `accredit hub purge`; the statistics stay identical and the audit
//! chain verifies.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;
mod hub_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use accredit::registry::fields::{self, Class, Field};
use accredit::registry::{Delegate, Status};
use checkin_common::*;
use hub_support::PgServer;

fn ok(o: &std::process::Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn photo(seed: u8) -> Vec<u8> {
    let (w, h) = (120u32, 160u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x * 7 + y * 3) as u8 ^ seed,
            (y * 255 / h) as u8,
            (x * y) as u8 ^ seed,
        ])
    });
    let mut out = Vec::new();
    img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90))
        .unwrap();
    out
}

/// A person with every personal field filled with a value found nowhere else.
fn person_full(n: u8) -> Delegate {
    let mut d = Delegate {
        delegation: "AT".into(),
        category: if n == 0 { "HOD".into() } else { "DEL".into() },
        status: Status::Accredited,
        photo: Some(photo(n)),
        ..Default::default()
    };
    for f in fields::FIELDS {
        let v = match f.field {
            Field::ExternalId => format!("EXTQ{n}Z7781"),
            Field::Title => format!("Excellenzq{n}"),
            Field::GivenName => format!("Quirinella{n}x"),
            Field::FamilyName => format!("Zwettlbauer{n}y"),
            Field::NativeName => format!("Цветлбауер{n}"),
            Field::Function => format!("Counsellor Xylophonist {n}"),
            Field::Email => format!("quirinella{n}@bmeia.example"),
            Field::Attention => format!("Wheelchair ramp gate {n}7q"),
            Field::Gender => "F".into(),
            Field::Nationality => "AT".into(),
            Field::BirthDate => format!("197{n}-03-14"),
            Field::IdType => "diplomatic_passport".into(),
            Field::IdNumber => format!("D77{n}81234"),
            Field::IdCountry => "AT".into(),
            Field::IdExpiry => format!("203{n}-05-30"),
            Field::VehiclePlate => format!("W-47{n}1QX"),
            _ => continue,
        };
        fields::set_text(&mut d, f.field, &v).unwrap();
    }
    d
}

/// The byte strings of `d`'s personal fields that a purge of everything must remove:
/// every field the purge clears, at least 6 bytes long (shorter codes like "AT" are not
/// searchable), and a piece of the photo.
fn personal_strings(d: &Delegate, classes: &[Class]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for f in fields::FIELDS.iter().filter(|f| classes.contains(&f.class)) {
        if fields::purged_sql(f, true).is_none() {
            continue;
        }
        if f.field == Field::Photo {
            let p = d.photo.as_ref().unwrap();
            out.push(("photo".into(), p[p.len() / 2..p.len() / 2 + 48].to_vec()));
            continue;
        }
        let v = fields::get_text(d, f.field);
        if v.len() >= 6 {
            out.push((f.name.to_string(), v.into_bytes()));
        }
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Whether `needle` is in `hay` as raw bytes or as PostgreSQL's hex form of a bytea.
fn in_dump(hay: &[u8], needle: &[u8]) -> bool {
    contains(hay, needle) || contains(hay, data_encoding::HEXLOWER.encode(needle).as_bytes())
}

fn file_and_wal(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap();
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    if let Ok(w) = std::fs::read(&wal) {
        bytes.extend(w);
    }
    bytes
}

fn pg_dump(pg: &PgServer) -> Vec<u8> {
    let bin = std::fs::read_dir("/usr/lib/postgresql")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path().join("bin/pg_dump")))
        .find(|p| p.exists())
        .expect("pg_dump");
    let out = Command::new(bin)
        .args(["--data-only", "--schema", "accredit_hub", "-d", &pg.admin_url()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn stats(db: &Path) -> String {
    ok(&accredit(db, &["stats", "--json"]))
}

#[test]
fn the_purge_reaches_the_desk_file_and_the_hub_and_lists_what_it_cannot() {
    let pg = PgServer::start();
    let desk = Desk::new();
    let mut reg = desk.reg();
    let people: Vec<Delegate> = (0..3).map(person_full).collect();
    let mut ids = Vec::new();
    for d in &people {
        ids.push(add(&mut reg, d).0.id);
    }
    // A withdrawal with its reason (shown at the door), an edit (audited before and after).
    reg.change_status(ids[2], Status::Withdrawn, "Replaced by Oberkellnerin Q")
        .unwrap();
    let mut edited = reg.delegate(ids[1]).unwrap();
    edited.attention = "Needs Quittengelee diet".into();
    reg.update_delegate(&edited).unwrap();
    // What the doors and the hub get: the people as they are now.
    let current: Vec<Delegate> = ids.iter().map(|id| reg.delegate(*id).unwrap()).collect();
    drop(reg);
    let extra: Vec<(String, Vec<u8>)> = [
        ("status_reason", "Replaced by Oberkellnerin Q"),
        ("attention", "Needs Quittengelee diet"),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
    .collect();
    let door_fields: Vec<(String, Vec<u8>)> = current
        .iter()
        .flat_map(|d| personal_strings(d, &[Class::Door]))
        .collect();
    let all: Vec<(String, Vec<u8>)> = people
        .iter()
        .flat_map(|d| personal_strings(d, &Class::ALL))
        .chain(extra)
        .collect();

    // The hub, the desk joined; a door copy; a station export file; one round to the hub.
    let init = ok(&accredit(&desk.db, &["hub", "init", &pg.admin_url()]));
    let door_url = init
        .lines()
        .find_map(|l| l.strip_prefix("door login: "))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    ok(&accredit(
        &desk.db,
        &["station", "join", &pg.admin_url(), "--door-url", &door_url],
    ));
    let door = desk.file("door-a.sqlite3");
    ok(&accredit(
        &desk.db,
        &[
            "station",
            "package",
            "--out",
            door.to_str().unwrap(),
            "--name",
            "Door A",
        ],
    ));
    let export = desk.file("to-doors.accredit");
    ok(&accredit(
        &desk.db,
        &["station", "export", "--out", export.to_str().unwrap()],
    ));
    ok(&accredit(&desk.db, &["sync", "--once"]));

    // Before: every personal string is in the desk file, the door's in every copy.
    let desk_bytes = file_and_wal(&desk.db);
    for (name, s) in &all {
        assert!(
            contains(&desk_bytes, s),
            "{name} not in the desk file before the purge"
        );
    }
    let dump = pg_dump(&pg);
    let door_bytes = std::fs::read(&door).unwrap();
    let export_bytes = std::fs::read(&export).unwrap();
    for (name, s) in &door_fields {
        if name == "status_reason" {
            // A withdrawal's reason is in the door copy's row, never in a record.
            assert!(contains(&door_bytes, s), "{name} not in the door copy");
            continue;
        }
        assert!(in_dump(&dump, s), "{name} not on the hub before the purge");
        assert!(contains(&export_bytes, s), "{name} not in the export file");
    }
    for (name, s) in &door_fields {
        assert!(contains(&door_bytes, s), "{name} not in the door copy");
    }
    // Never the desk's or sensitive class on a door, in a record or on the hub.
    for d in &people {
        for (name, s) in personal_strings(d, &[Class::Desk, Class::Sensitive]) {
            assert!(!contains(&door_bytes, &s), "{name} in the door copy");
            assert!(!contains(&export_bytes, &s), "{name} in the station export");
            assert!(!in_dump(&dump, &s), "{name} on the hub");
        }
    }

    let stats_before = stats(&desk.db);
    let by_gender_before = ok(&accredit(&desk.db, &["stats", "--by", "gender"]));

    // The desk purge: says what it cannot reach.
    let o = accredit(&desk.db, &["purge", "--personal-data", "--yes"]);
    let said = ok(&o);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        said.contains("purged the personal data of 3 people of AATIP15"),
        "{said}"
    );
    assert!(err.contains("Not reached by this purge:"), "{err}");
    assert!(err.contains("door station \"Door A\""), "{err}");
    assert!(err.contains("door-a.sqlite3"), "{err}");
    assert!(err.contains("accredit hub purge URL --yes"), "{err}");

    // The hub purge: asks without --yes, and says how many.
    let o = accredit_answering(&desk.db, &["hub", "purge", &pg.admin_url()], b"NOPE\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not purged"));
    assert!(
        in_dump(&pg_dump(&pg), &door_fields[0].1),
        "a refused hub purge removed nothing"
    );
    // The desk's login may not.
    let desk_login = accredit(&desk.db, &["hub", "purge", &door_url, "--yes"]);
    assert!(!desk_login.status.success());
    assert!(String::from_utf8_lossy(&desk_login.stderr).contains("administrator"));
    let said = ok(&accredit(&desk.db, &["hub", "purge", &pg.admin_url(), "--yes"]));
    assert!(said.starts_with("removed 3 door records of AATIP15"), "{said}");
    // The whole event: the certificates and scans too; nothing of it is left.
    let said = ok(&accredit(
        &desk.db,
        &["hub", "purge", &pg.admin_url(), "--whole-event", "--yes"],
    ));
    assert!(said.starts_with("removed "), "{said}");
    let left: i64 = {
        let mut c = postgres::Client::connect(&pg.admin_url(), postgres::NoTls).unwrap();
        c.query_one("SELECT COUNT(*) FROM accredit_hub.item", &[])
            .unwrap()
            .get(0)
    };
    assert_eq!(left, 0, "{said}");

    // After: nothing personal in the desk file, its -wal or the hub.
    let desk_bytes = file_and_wal(&desk.db);
    for (name, s) in &all {
        assert!(
            !contains(&desk_bytes, s),
            "{name} still in the desk file after the purge"
        );
    }
    let dump = pg_dump(&pg);
    for (name, s) in &all {
        assert!(!in_dump(&dump, s), "{name} still on the hub after the hub purge");
    }
    // The door copy and the export file are beyond reach (and were listed).
    assert!(contains(&std::fs::read(&door).unwrap(), &door_fields[0].1));
    // Statistics identical, gender kept, the chain verifies.
    assert_eq!(stats(&desk.db), stats_before);
    assert_eq!(
        ok(&accredit(&desk.db, &["stats", "--by", "gender"])),
        by_gender_before
    );
    ok(&accredit(&desk.db, &["audit", "verify"]));
    // Purged records may still be published: a later record replaces the doors' older one.
    let mut reg = desk.reg();
    reg.change_status(ids[0], Status::Withdrawn, "left").unwrap();
    drop(reg);
    ok(&accredit(&desk.db, &["sync", "--once"]));
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    let rev: i64 = conn
        .query_row(
            "SELECT revision FROM door_record WHERE serial = ?1",
            [ids[0]],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        rev > 3,
        "revision {rev} after the purge must pass the purged ones"
    );
}

#[test]
fn purge_sensitive_clears_only_the_sensitive_class() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let d = person_full(5);
    add(&mut reg, &d);
    drop(reg);
    let o = accredit_answering(&desk.db, &["purge", "--sensitive"], b"AATIP15\n");
    let said = ok(&o);
    assert!(said.contains("purged the sensitive data of 1 people"), "{said}");
    let bytes = file_and_wal(&desk.db);
    for (name, s) in personal_strings(&d, &[Class::Sensitive]) {
        assert!(!contains(&bytes, &s), "{name} still in the desk file");
    }
    for (name, s) in personal_strings(&d, &[Class::Door, Class::Desk]) {
        assert!(contains(&bytes, &s), "{name} was purged by --sensitive");
    }
    ok(&accredit(&desk.db, &["audit", "verify"]));
    let out = accredit(&desk.db, &["purge", "--sensitive", "--personal-data", "--yes"]);
    assert!(!out.status.success(), "the two scopes are exclusive");
}
