//! The hub on a real, private PostgreSQL server: schema and roles, rights, the item set,
//! ordered downloads under concurrent writers, scram-sha-256 logins.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod hub_support;

use accredit::hub::client::Rights;
use accredit::hub::{Hub, HubError, HubLogin, WireItem, schema};
use hub_support::PgServer;

fn item(kind: &str, key: &str, revision: i64, body: &[u8]) -> WireItem {
    WireItem {
        kind: kind.into(),
        key: key.into(),
        revision,
        body: body.to_vec(),
    }
}

fn admin(pg: &PgServer) -> HubLogin {
    HubLogin::parse(&pg.admin_url()).unwrap()
}

#[test]
fn init_is_idempotent_and_door_logins_may_only_append_scans() {
    let pg = PgServer::start();
    let first = schema::init(&admin(&pg), false).unwrap();
    assert_eq!((first.version_before, first.version), (0, schema::latest()));
    assert_eq!(first.desk.role, "hub_desk");
    assert_eq!(first.door.role, "hub_door");
    assert!(first.desk.new_password && first.door.new_password);
    let again = schema::init(&admin(&pg), false).unwrap();
    assert_eq!(again.version_before, schema::latest());
    assert!(!again.door.new_password, "a second init keeps the passwords");

    let mut door = Hub::connect(&first.door.login).unwrap();
    assert_eq!(
        door.rights(),
        Rights {
            admin: false,
            desk: false,
            door: true
        }
    );
    assert!(door.check_role(false).is_ok());
    let e = door.check_role(true).unwrap_err().to_string();
    assert!(e.contains("may not publish door records"), "{e}");
    let up = door.upload("D1", &[item("scan", "u-1", 0, b"s1")]).unwrap();
    assert_eq!(up.added, 1);
    // A door may not publish a record or a certificate: the server refuses, nothing is added.
    let err = door
        .upload(
            "D1",
            &[item("scan", "u-2", 0, b"s2"), item("record", "7", 3, b"forged")],
        )
        .unwrap_err();
    assert!(matches!(err, HubError::Postgres(_)), "{err}");
    assert!(err.to_string().contains("row-level security"), "{err}");

    let mut desk = Hub::connect(&first.desk.login).unwrap();
    assert!(desk.check_role(true).is_ok());
    let up = desk
        .upload(
            "DESK",
            &[item("cert", "D1", 0, b"c"), item("record", "7", 1, b"r1")],
        )
        .unwrap();
    assert_eq!(up.added, 2);
    // Uploading again adds nothing; other bytes under the same identity are a conflict.
    let up = desk
        .upload(
            "DESK",
            &[item("record", "7", 1, b"r1"), item("cert", "D1", 0, b"other")],
        )
        .unwrap();
    assert_eq!((up.added, up.known, up.conflicting), (0, 1, 1));

    // Neither role may change or delete an item.
    let mut raw = postgres::Client::connect(&first.door.login.full_url(), postgres::NoTls).unwrap();
    assert!(raw.execute("DELETE FROM accredit_hub.item", &[]).is_err());
    assert!(
        raw.execute("UPDATE accredit_hub.item SET body = 'x'", &[])
            .is_err()
    );

    // Downloads: in order, own items left out, the cursor still moves past them.
    let (items, last, _) = door.download(0, 100, "D1").unwrap();
    assert_eq!(
        items.iter().map(|(_, i)| i.key.as_str()).collect::<Vec<_>>(),
        ["D1", "7"]
    );
    let (none, last2, _) = door.download(last, 100, "D1").unwrap();
    assert!(none.is_empty());
    assert_eq!(last2, last);
    assert_eq!(door.last_seq().unwrap(), last);

    door.heartbeat("D1", "door", "Door A", "").unwrap();
    desk.heartbeat("DESK", "desk", "", "").unwrap();
    // The door login writes only door rows of its own login (issue 23 #14): not the desk's
    // row, not a desk row, and never the table directly.
    let e = door.heartbeat("DESK", "door", "x", "").unwrap_err().to_string();
    assert!(e.contains("only its own door rows"), "{e}");
    assert!(door.heartbeat("FAKE", "desk", "x", "").is_err());
    assert!(
        raw.execute("UPDATE accredit_hub.station SET name = 'GHOST'", &[])
            .is_err()
    );
    assert!(
        raw.execute(
            "INSERT INTO accredit_hub.station(id, role) VALUES ('GHOST', 'door')",
            &[]
        )
        .is_err()
    );
    let seen = door.stations().unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].id, "D1");
    assert_eq!(seen[0].name, "Door A");
    assert!(seen[0].last_heard.ends_with('Z'));

    // A notification arrives when another station adds items.
    assert!(!door.wait(std::time::Duration::from_millis(50)).unwrap());
    desk.upload("DESK", &[item("record", "8", 1, b"r8")]).unwrap();
    assert!(door.wait(std::time::Duration::from_secs(5)).unwrap());
}

#[test]
fn a_cursor_never_steps_over_a_late_commit() {
    let pg = PgServer::start();
    let init = schema::init(&admin(&pg), false).unwrap();
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let login = init.door.login.clone();
            std::thread::spawn(move || {
                let mut hub = Hub::connect(&login).unwrap();
                for i in 0..100 {
                    let key = format!("w{w}-{i}");
                    hub.upload(&format!("W{w}"), &[item("scan", &key, 0, key.as_bytes())])
                        .unwrap();
                }
            })
        })
        .collect();
    let mut reader = Hub::connect(&init.desk.login).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut cursor = 0;
    let mut dups = 0;
    loop {
        let done = writers.iter().all(|w| w.is_finished());
        let (items, last, _) = reader.download(cursor, 7, "R").unwrap();
        for (_, i) in items {
            if !seen.insert(i.key) {
                dups += 1;
            }
        }
        cursor = last;
        if done && reader.download(cursor, 1, "R").unwrap().1 == cursor {
            break;
        }
    }
    for w in writers {
        w.join().unwrap();
    }
    assert_eq!(dups, 0);
    assert_eq!(seen.len(), 400, "every item seen once through the cursor");
}

#[test]
fn scram_sha_256_logins_work_and_wrong_passwords_are_refused() {
    let pg = PgServer::start_scram();
    let init = schema::init(&admin(&pg), false).unwrap();
    let mut door = Hub::connect(&init.door.login).unwrap();
    door.upload("D1", &[item("scan", "u", 0, b"x")]).unwrap();
    let wrong = init.door.login.with_user("hub_door", "wrong").unwrap();
    let e = Hub::connect(&wrong).unwrap_err().to_string();
    assert!(e.contains("password authentication failed"), "{e}");
    assert!(!e.contains("wrong"), "the password is not echoed: {e}");
    let mut c = postgres::Client::connect(&pg.admin_url(), postgres::NoTls).unwrap();
    let stored: String = c
        .query_one(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'hub_door'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(stored.starts_with("SCRAM-SHA-256$"), "{stored}");
    // New passwords on request; the old one stops working.
    let again = schema::init(&admin(&pg), true).unwrap();
    assert!(again.door.new_password);
    assert!(Hub::connect(&init.door.login).is_err());
    assert!(Hub::connect(&again.door.login).is_ok());
}

#[test]
fn a_non_administrator_cannot_init_and_a_database_without_hub_is_named() {
    let pg = PgServer::start();
    let init = schema::init(&admin(&pg), false).unwrap();
    let e = schema::init(&init.door.login, false).unwrap_err().to_string();
    assert!(e.contains("administrator"), "{e}");
    let other = HubLogin::parse(&pg.url_for("postgres")).unwrap();
    let e = Hub::connect(&other).unwrap_err().to_string();
    assert!(e.contains("accredit hub init"), "{e}");
    let away = HubLogin::parse("postgres://hub_door:x@127.0.0.1:1/hub").unwrap();
    let e = Hub::connect(&away).unwrap_err().to_string();
    assert!(
        e.starts_with("cannot reach the hub postgres://hub_door@127.0.0.1:1/hub"),
        "{e}"
    );
}

#[test]
fn downloads_and_uploads_are_bounded_in_bytes_and_oversize_items_are_refused() {
    let pg = PgServer::start();
    let init = schema::init(&admin(&pg), false).unwrap();
    let mut desk = Hub::connect(&init.desk.login).unwrap();
    // Door records carry photos: ten of 900 KiB each come down in parts of about 4 MiB,
    // a prefix in order, every item once.
    let body = vec![b'r'; 900 * 1024];
    let items: Vec<WireItem> = (1..=10)
        .map(|k| item("record", &k.to_string(), 1, &body))
        .collect();
    desk.upload("DESK", &items[..5]).unwrap();
    desk.upload("DESK", &items[5..]).unwrap();
    let mut door = Hub::connect(&init.door.login).unwrap();
    let (mut cursor, mut parts, mut seen) = (0, 0, Vec::new());
    loop {
        let (got, last, oversize) = door.download(cursor, 100, "D1").unwrap();
        if last == cursor {
            break;
        }
        assert_eq!(oversize, 0);
        assert!(!got.is_empty() && got.len() <= 5, "a part of {} items", got.len());
        seen.extend(got.into_iter().map(|(_, i)| i.key));
        cursor = last;
        parts += 1;
    }
    assert!(parts >= 2, "{parts} parts");
    assert_eq!(seen, (1..=10).map(|k| k.to_string()).collect::<Vec<_>>());
    // Larger than its kind may be: refused by the hub.
    let e = desk
        .upload("DESK", &[item("scan", "big", 0, &vec![b's'; 20 * 1024])])
        .unwrap_err()
        .to_string();
    assert!(e.contains("item_size"), "{e}");
}
