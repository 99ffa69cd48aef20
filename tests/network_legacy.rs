//! Databases from before the event network: a desk's log is migrated (its own rows signed,
//! foreign unsigned rows kept but unverified and counting for no verdict), and a door copy
//! packaged by an earlier version is certified later with `station enroll`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use accredit::Registry;
use accredit::network::{self, ItemKind};
use accredit::registry::migrations::MIGRATIONS;
use checkin_common::*;
use rusqlite::Connection;

fn ok(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_desk_log_from_before_signing_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old-desk.sqlite3");
    // The schema as it was before the network's migration, seeded, with two delegates and a
    // scan log: one row made here, one merged from a door.
    let before = MIGRATIONS
        .iter()
        .position(|m| m.contains("CREATE TABLE station_key"))
        .unwrap();
    let (own, eva, jure) = {
        let mut c = Connection::open(&db).unwrap();
        for m in &MIGRATIONS[..before] {
            c.execute_batch(m).unwrap();
        }
        c.pragma_update(None, "user_version", before as i64).unwrap();
        accredit::registry::seed::seed(&mut c).unwrap();
        // Stored as that schema stores them (today's write path knows later columns).
        let insert = |c: &Connection, d: &accredit::registry::Delegate| -> i64 {
            c.execute(
                "INSERT INTO delegate (delegation, title, given_name, family_name, category, email, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '2015-07-01T00:00:00Z', '2015-07-01T00:00:00Z')",
                [&d.delegation, &d.title, &d.given_name, &d.family_name, &d.category, &d.email],
            )
            .unwrap();
            c.last_insert_rowid()
        };
        let eva = insert(&c, &person("AT", "Eva", "Alt", "DEL"));
        let jure = insert(&c, &person("SI", "Jure", "Alt", "DEL"));
        let own: String = c
            .query_row("SELECT value FROM meta WHERE key = 'station_id'", [], |r| {
                r.get(0)
            })
            .unwrap();
        for (uuid, station, serial) in [
            ("00000000-0000-4000-8000-000000000001", own.as_str(), eva),
            ("00000000-0000-4000-8000-000000000002", "ST-OLDDOOR", jure),
        ] {
            c.execute(
                "INSERT INTO checkin (uuid, station, at, day, verdict, serial, version)
                 VALUES (?1, ?2, '2015-07-06T07:00:00.000Z', '2015-07-06', 'ADMITTED', ?3, 1)",
                rusqlite::params![uuid, station, serial],
            )
            .unwrap();
        }
        (own, eva, jure)
    };

    let reg = Registry::open(&db).unwrap();
    let rows: Vec<(String, String, i64)> = reg
        .conn()
        .prepare("SELECT uuid, signer, verified FROM checkin ORDER BY uuid")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows[0].1, own);
    assert_eq!(rows[0].2, 1, "the desk's own row is signed");
    assert_eq!(rows[1].2, 0, "the foreign unsigned row is kept, unverified");
    // The desk's own row and its certificate are its first local items.
    let local = network::local_items_after(&reg, 0, 100).unwrap();
    assert!(
        local
            .iter()
            .any(|(_, i)| i.kind == ItemKind::Cert && i.key == own)
    );
    assert!(
        local
            .iter()
            .any(|(_, i)| i.kind == ItemKind::Scan && i.key == rows[0].0)
    );
    assert!(!local.iter().any(|(_, i)| i.key == rows[1].0));
    let status = ok(&accredit(&db, &["station", "status"]));
    assert!(status.contains("1 unverified from before signing"), "{status}");

    // The signed row verifies at another station (a door copy that lost its log).
    let door = dir.path().join("door.sqlite3");
    accredit::sync::package(&reg, &door).unwrap();
    let items = network::all_items(&reg).unwrap();
    drop(reg);
    let mut d = Registry::open(&door).unwrap();
    d.conn().execute("DELETE FROM checkin", []).unwrap();
    let r = network::apply(&mut d, &items).unwrap();
    assert_eq!(r.refused, vec![]);
    assert_eq!(accredit::checkin::log::all(d.conn()).unwrap().len(), 1);
    drop(d);

    // Verdicts: the signed row counts, the unverified one does not.
    let mut reg = Registry::open(&db).unwrap();
    let door = accredit::checkin::Door::open(&reg).unwrap();
    let ctx = accredit::checkin::ScanContext {
        station: "DESK".into(),
        zone: None,
        at: accredit::checkin::log::parse_at("2015-07-06T10:00:00+02:00").unwrap(),
        direction: Default::default(),
    };
    let pass = |id| accredit::pass::issue(&reg, &reg.delegate(id).unwrap()).unwrap();
    let (pe, pj) = (pass(eva), pass(jure));
    assert_eq!(
        door.scan(&mut reg, &pe, &ctx).unwrap().code.as_str(),
        "ALREADY_IN"
    );
    assert_eq!(door.scan(&mut reg, &pj, &ctx).unwrap().code.as_str(), "ADMITTED");
}

#[test]
fn an_old_door_copy_is_enrolled_at_the_desk() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (_, pass) = add(&mut reg, &person("AT", "Eva", "Maier", "DEL"));
    drop(reg);
    let door = desk.file("old-door.sqlite3");
    ok(&accredit(
        &desk.db,
        &["station", "package", "--out", door.to_str().unwrap()],
    ));
    // Make it what an earlier accredit packaged: no station key, no certificate, unknown to
    // the desk.
    {
        let c = Connection::open(&door).unwrap();
        let id: String = c
            .query_row("SELECT value FROM meta WHERE key = 'station_id'", [], |r| {
                r.get(0)
            })
            .unwrap();
        Connection::open(&desk.db)
            .unwrap()
            .execute("DELETE FROM station_cert WHERE station_id = ?1", [id])
            .unwrap();
        c.execute_batch(
            "DELETE FROM station_key; DELETE FROM station_cert; DELETE FROM outbox;
             DELETE FROM meta WHERE key = 'network_legacy_signed';",
        )
        .unwrap();
    }
    let (_, line, _) = checkin(&door, &[&pass, "--at", DAY1]);
    assert_eq!(code(&line), "ADMITTED", "{line}");
    let status = ok(&accredit(&door, &["station", "status"]));
    assert!(status.contains("certificate: none"), "{status}");
    // Its scans are refused at the desk: nobody certified its key.
    let f = desk.file("old-door.items");
    ok(&accredit(
        &door,
        &["station", "export", "--out", f.to_str().unwrap()],
    ));
    let o = accredit(&desk.db, &["station", "merge", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("(1 unknown_station)"), "{out}");
    // Enrolled at the desk (the door's file on a USB stick), the same export now merges.
    let out = ok(&accredit(
        &desk.db,
        &[
            "station",
            "enroll",
            door.to_str().unwrap(),
            "--name",
            "Door C, Ballhausplatz",
        ],
    ));
    assert!(out.contains("certified station"), "{out}");
    let status = ok(&accredit(&door, &["station", "status"]));
    assert!(
        status.contains("certificate: signed by the event key"),
        "{status}"
    );
    assert!(status.contains("name: Door C, Ballhausplatz"), "{status}");
    let out = ok(&accredit(&desk.db, &["station", "merge", f.to_str().unwrap()]));
    assert!(out.contains(" 0 refused"), "{out}");
    let (_, line, _) = checkin(&desk.db, &[&pass, "--at", "2015-07-06T11:00:00+02:00"]);
    assert_eq!(code(&line), "ALREADY_IN", "{line}");
}
