//! The event network through files only (real SQLite files, the real binary): a desk and two
//! door copies. Reissues, withdrawals and new delegates reach a door by `station export` at
//! the desk and `station merge` at the door, without repackaging; pass-back across doors is
//! seen; forged, edited and replayed files and a forged door record are refused with their
//! reasons and change no verdict.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use std::path::Path;

use accredit::Registry;
use accredit::network::envelope::{self, RECORD_HEADER, SCAN_HEADER};
use accredit::network::records::DoorRecord;
use accredit::network::{Item, ItemKind, RefusalReason, scans};
use accredit::registry::Status;
use checkin_common::*;
use ed25519_dalek::SigningKey;

fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(120, 160, |x, y| image::Rgb([(x * 2) as u8, y as u8, 40]));
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).unwrap();
    accredit::registry::photo::normalize(png.get_ref()).unwrap()
}

fn ok(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn verdict(db: &Path, pass: &str, at: &str) -> String {
    let (_, line, err) = checkin(db, &[pass, "--at", at]);
    assert!(!line.is_empty(), "{err}");
    code(&line).to_string()
}

fn merge(db: &Path, file: &Path) -> String {
    ok(&accredit(db, &["station", "merge", file.to_str().unwrap()]))
}

/// A merge that refuses forged, damaged or unsigned items: exit status 1, the report on
/// stdout, the warning on stderr.
fn merge_refusing(db: &Path, file: &Path) -> String {
    let o = accredit(db, &["station", "merge", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("nothing refused was applied"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn export(db: &Path, file: &Path) -> String {
    ok(&accredit(
        db,
        &["station", "export", "--out", file.to_str().unwrap()],
    ))
}

/// Writes an export file holding `items`, with the public data of `station`'s database.
fn forged_file(path: &Path, station: &Path, items: &[Item]) {
    let reg = Registry::open(station).unwrap();
    let hex = data_encoding::HEXLOWER.encode(reg.verifying_key().unwrap().as_bytes());
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(
        "CREATE TABLE export_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
         CREATE TABLE item (kind TEXT NOT NULL, key TEXT NOT NULL, revision INTEGER NOT NULL,
             body BLOB NOT NULL, PRIMARY KEY (kind, key, revision));",
    )
    .unwrap();
    for (k, v) in [
        ("format", "accredit-items-1"),
        ("station_id", reg.station_id().unwrap().as_str()),
        ("event_code", reg.event().unwrap().code.as_str()),
        ("public_key", hex.as_str()),
        ("exported_at", "2015-07-06T10:00:00Z"),
        ("items", &items.len().to_string()),
    ] {
        c.execute("INSERT INTO export_meta VALUES (?1, ?2)", [k, v])
            .unwrap();
    }
    for i in items {
        c.execute(
            "INSERT INTO item VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![i.kind.as_str(), i.key, i.revision, i.body],
        )
        .unwrap();
    }
}

/// An ADMITTED scan of `serial` at `at`, as a forger would invent it.
fn invented_scan(serial: i64, version: u32, at: &str, day: &str) -> accredit::checkin::LogEntry {
    accredit::checkin::LogEntry {
        uuid: uuid::Uuid::new_v4().hyphenated().to_string(),
        station: "GHOST".into(),
        at: at.into(),
        day: day.into(),
        verdict: accredit::checkin::VerdictCode::Admitted,
        serial: Some(serial),
        version: Some(version),
        zone: String::new(),
        override_reason: String::new(),
        operator: "ghost".into(),
        direction: "in".into(),
        annuls: String::new(),
    }
}

fn scan_item(e: &accredit::checkin::LogEntry, event: &str, signer: &str, key: &SigningKey) -> Item {
    Item {
        kind: ItemKind::Scan,
        key: e.uuid.clone(),
        revision: 0,
        body: envelope::seal(SCAN_HEADER, &scans::payload(event, signer, e), key),
    }
}

fn log_len(db: &Path) -> usize {
    accredit::checkin::log::all(Registry::open(db).unwrap().conn())
        .unwrap()
        .len()
}

#[test]
fn desk_and_two_doors_converge_through_files_and_refuse_forgeries() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (eva, eva_v1) = add(&mut reg, &person("AT", "Eva", "Maier", "DEL"));
    let (jure, jure_pass) = add(&mut reg, &person("SI", "Jure", "Novak", "DEL"));
    let (_, ana_pass) = add(&mut reg, &person("HR", "Ana", "Horvat", "DEL"));
    drop(reg);
    let (door_a, door_b) = (desk.file("a.sqlite3"), desk.file("b.sqlite3"));
    let out = ok(&accredit(
        &desk.db,
        &[
            "station",
            "package",
            "--out",
            door_a.to_str().unwrap(),
            "--name",
            "Door A, Heldenplatz",
        ],
    ));
    assert!(out.contains("(Door A, Heldenplatz)"), "{out}");
    ok(&accredit(
        &desk.db,
        &[
            "station",
            "package",
            "--out",
            door_b.to_str().unwrap(),
            "--name",
            "Door B, Josefsplatz",
        ],
    ));
    let status = ok(&accredit(&door_a, &["station", "status"]));
    assert!(status.contains("name: Door A, Heldenplatz"), "{status}");
    assert!(
        status.contains("certificate: signed by the event key"),
        "{status}"
    );
    // Door A carries its own station key, never the desk's or the event's.
    {
        let a = Registry::open(&door_a).unwrap();
        let d = Registry::open(&desk.db).unwrap();
        let key = |r: &Registry| -> Vec<u8> {
            r.conn()
                .query_row("SELECT secret_key FROM station_key", [], |x| x.get(0))
                .unwrap()
        };
        assert_ne!(key(&a), key(&d));
        assert!(a.is_door_copy().unwrap());
    }

    // At the desk, after the doors were packaged: Eva's badge reissued (lost badge), Jure
    // withdrawn, Nia accredited.
    ok(&accredit(&desk.db, &["reissue", &eva.id.to_string()]));
    let mut reg = desk.reg();
    reg.set_status(jure.id, Status::Withdrawn).unwrap();
    let (nia, nia_pass) = add(&mut reg, &person("AT", "Nia", "Berger", "DEL"));
    let eva_v2 = accredit::pass::issue(&reg, &reg.delegate(eva.id).unwrap()).unwrap();
    let mut edited = reg.delegate(nia.id).unwrap();
    edited.attention = "wheelchair: use the side lift".into();
    edited.photo = Some(photo());
    reg.update_delegate(&edited).unwrap();
    drop(reg);

    // Door B has not heard of any of it yet.
    assert_eq!(verdict(&door_b, &eva_v1, DAY1), "ADMITTED");
    assert_eq!(verdict(&door_b, &nia_pass, DAY1), "UNREGISTERED");

    // A USB stick from the desk brings it to door A: no repackaging.
    let from_desk = desk.file("desk.items");
    let old_desk = desk.file("desk-old.items");
    let out = export(&desk.db, &from_desk);
    assert!(out.contains("4 door records"), "{out}");
    let out = merge(&door_a, &from_desk);
    assert!(out.contains("0 refused"), "{out}");
    assert_eq!(verdict(&door_a, &eva_v1, DAY1), "REVOKED");
    assert_eq!(verdict(&door_a, &jure_pass, DAY1), "REVOKED");
    assert_eq!(verdict(&door_a, &eva_v2, DAY1), "ADMITTED");
    let (_, line, _) = checkin(&door_a, &[&nia_pass, "--at", DAY1]);
    assert_eq!(code(&line), "ADMITTED", "{line}");
    assert!(line.contains("wheelchair: use the side lift"), "{line}");
    // Her photo came with her record, bound by the hash the record signs.
    let a = Registry::open(&door_a).unwrap();
    assert_eq!(a.delegate(nia.id).unwrap().photo, Some(photo()));
    assert_eq!(a.delegate(nia.id).unwrap().email, "", "no e-mail reaches a door");
    drop(a);

    // Pass-back: what door A admitted is ALREADY_IN at door B once B merges A's export (which
    // also carries the desk's records and every certificate A knows).
    let from_a = desk.file("a.items");
    export(&door_a, &from_a);
    let out = merge(&door_b, &from_a);
    assert!(out.contains("0 refused"), "{out}");
    let (_, line, _) = checkin(&door_b, &[&nia_pass, "--at", "2015-07-06T10:00:00+02:00"]);
    assert_eq!(code(&line), "ALREADY_IN", "{line}");
    assert_eq!(verdict(&door_b, &jure_pass, DAY1), "REVOKED");
    // Replaying the same file: everything known, nothing added.
    let out = merge(&door_b, &from_a);
    assert!(out.contains(" 0 added,") && out.contains("0 refused"), "{out}");

    // The desk hears from the doors too.
    merge(&desk.db, &from_a);
    let from_b = desk.file("b.items");
    export(&door_b, &from_b);
    merge(&desk.db, &from_b);
    merge(&door_a, &from_b);
    let status = ok(&accredit(&desk.db, &["station", "status"]));
    assert!(status.contains("Door A, Heldenplatz"), "{status}");
    assert!(status.contains("Door B, Josefsplatz"), "{status}");
    // Every station has seen every file: the logs agree everywhere.
    let logs: Vec<_> = [&desk.db, &door_a, &door_b]
        .iter()
        .map(|db| accredit::checkin::log::all(Registry::open(db).unwrap().conn()).unwrap())
        .collect();
    assert_eq!(logs[0], logs[1]);
    assert_eq!(logs[1], logs[2]);
    // Door B admitted Eva's old badge before it knew of the reissue, door A her new one at the
    // same minute: both kept, the later one (by time, then UUID) reported as a double entry.
    let csv = desk.file("checkins.csv");
    ok(&accredit(&door_b, &["export", "checkins", csv.to_str().unwrap()]));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.lines().next().unwrap().ends_with(",conflict"), "{text}");
    assert_eq!(text.matches(",double_entry").count(), 1, "{text}");
    let stats = ok(&accredit(&door_a, &["stats"]));
    assert!(stats.contains("could not see each other): 1"), "{stats}");

    // --- Forgeries. Verdicts before:
    let before_b = log_len(&door_b);
    let ana_before = "ADMITTED";
    let (door_a_id, event) = {
        let a = Registry::open(&door_a).unwrap();
        let own = accredit::network::identity::own(a.conn()).unwrap().unwrap();
        (own.id, a.event().unwrap().code)
    };
    let ghost = SigningKey::from_bytes(&[7; 32]);
    // 1. 128 invented ADMITTED rows from public data, claiming to be door A (signed with a
    //    key the forger made), and 5 from a station nobody certified.
    let mut items: Vec<Item> = (0..128)
        .map(|i| {
            let e = invented_scan(1 + i % 4, 1, "2015-07-07T07:00:00.000Z", "2015-07-07");
            scan_item(&e, &event, &door_a_id, &ghost)
        })
        .collect();
    items.extend((0..5).map(|_| {
        let e = invented_scan(eva.id, 2, "2015-07-07T07:00:00.000Z", "2015-07-07");
        scan_item(&e, &event, "GHOST", &ghost)
    }));
    // A certificate for GHOST, signed by the forger's key, does not help.
    let cert = accredit::network::Certificate {
        event: event.clone(),
        station: "GHOST".into(),
        name: "Ghost door".into(),
        role: accredit::network::Role::Door,
        public_key: data_encoding::HEXLOWER.encode(ghost.verifying_key().as_bytes()),
        issued_at: "2015-07-06T00:00:00Z".into(),
        revoked: String::new(),
        cutoff: String::new(),
    };
    items.push(Item {
        kind: ItemKind::Cert,
        key: "GHOST".into(),
        revision: 0,
        body: envelope::seal(envelope::CERT_HEADER, &serde_json::to_vec(&cert).unwrap(), &ghost),
    });
    // A row of another event.
    let e = invented_scan(eva.id, 2, "2015-07-07T07:00:00.000Z", "2015-07-07");
    items.push(scan_item(&e, "OTHER15", &door_a_id, &ghost));
    let forged = desk.file("forged.items");
    forged_file(&forged, &door_b, &items);
    let out = merge_refusing(&door_b, &forged);
    assert!(
        out.contains("135 items read, 0 added, 0 already known, 135 refused"),
        "{out}"
    );
    assert!(out.contains("129 bad_signature"), "{out}");
    assert!(out.contains("5 unknown_station"), "{out}");
    assert!(out.contains("1 other_event"), "{out}");
    assert_eq!(log_len(&door_b), before_b);
    assert_eq!(verdict(&door_b, &ana_pass, DAY2), ana_before);
    let before_b = log_len(&door_b);

    // 2. An edited row: a real scan of door A with its serial changed.
    let edited = desk.file("edited.items");
    std::fs::copy(&from_a, &edited).unwrap();
    let c = rusqlite::Connection::open(&edited).unwrap();
    let n = c
        .execute(
            &format!(
                "UPDATE item SET body = CAST(replace(CAST(body AS TEXT), '\"serial\":{}', '\"serial\":{}') AS BLOB) WHERE kind = 'scan'",
                nia.id, eva.id
            ),
            [],
        )
        .unwrap();
    assert!(n >= 1);
    drop(c);
    let out = merge_refusing(&door_b, &edited);
    assert!(
        out.contains(" 0 added,") && out.contains("bad_signature"),
        "{out}"
    );
    assert_eq!(log_len(&door_b), before_b);

    // 3. A replayed old desk file: records older than what the door has are superseded.
    // Make the desk's state move on, export, merge; then replay the first export.
    std::fs::copy(&from_desk, &old_desk).unwrap();
    let mut reg = desk.reg();
    reg.set_status(jure.id, Status::Accredited).unwrap();
    reg.set_status(jure.id, Status::Rejected).unwrap();
    drop(reg);
    let newer = desk.file("desk-newer.items");
    export(&desk.db, &newer);
    merge(&door_b, &newer);
    let out = merge(&door_b, &old_desk);
    assert!(out.contains("1 superseded"), "{out}");
    assert_eq!(verdict(&door_b, &jure_pass, DAY2), "REVOKED");

    // 4. A forged door record: Eva's old badge made current again, revision far ahead.
    let rec = {
        let b = Registry::open(&door_b).unwrap();
        let mut r = DoorRecord::of(&event, &b.delegate(eva.id).unwrap());
        r.badge_version = 1;
        r.revision = 999;
        r
    };
    let body = envelope::seal(RECORD_HEADER, &serde_json::to_vec(&rec).unwrap(), &ghost);
    let forged_rec = desk.file("forged-record.items");
    forged_file(
        &forged_rec,
        &door_b,
        &[Item {
            kind: ItemKind::Record,
            key: eva.id.to_string(),
            revision: 999,
            body,
        }],
    );
    let out = merge_refusing(&door_b, &forged_rec);
    assert!(out.contains("1 refused (1 bad_signature)"), "{out}");
    assert_eq!(verdict(&door_b, &eva_v1, DAY2), "REVOKED");

    // 5. A scan file of the earlier, unsigned format: every row refused as unsigned.
    let legacy = desk.file("legacy.scans");
    {
        let c = rusqlite::Connection::open(&legacy).unwrap();
        c.execute_batch(
            "CREATE TABLE export_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE checkin (uuid TEXT PRIMARY KEY, station TEXT NOT NULL, at TEXT NOT NULL,
                 day TEXT NOT NULL, verdict TEXT NOT NULL, serial INTEGER, version INTEGER,
                 zone TEXT NOT NULL DEFAULT '', override_reason TEXT NOT NULL DEFAULT '',
                 operator TEXT NOT NULL DEFAULT '');",
        )
        .unwrap();
        let b = Registry::open(&door_b).unwrap();
        let hex = data_encoding::HEXLOWER.encode(b.verifying_key().unwrap().as_bytes());
        for (k, v) in [
            ("format", "accredit-scans-1"),
            ("station_id", "GHOST"),
            ("event_code", event.as_str()),
            ("public_key", hex.as_str()),
        ] {
            c.execute("INSERT INTO export_meta VALUES (?1, ?2)", [k, v])
                .unwrap();
        }
        for i in 0..128 {
            c.execute(
                "INSERT INTO checkin (uuid, station, at, day, verdict, serial, version)
                 VALUES (?1, 'GHOST', '2015-07-07T07:00:00.000Z', '2015-07-07', 'ADMITTED', ?2, 1)",
                rusqlite::params![uuid::Uuid::new_v4().to_string(), 1 + i % 4],
            )
            .unwrap();
        }
    }
    let out = merge_refusing(&door_b, &legacy);
    assert!(out.contains("128 refused (128 unsigned)"), "{out}");
    assert_eq!(verdict(&door_b, &ana_pass, DAY2), "ALREADY_IN");
    let _ = RefusalReason::ALL;
}
