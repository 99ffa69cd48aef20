//! The hub against a stolen door copy and a hostile door login (issue 23 #14-#16, #21, #22,
//! #27): a station revoked by the desk has its items refused and dropped everywhere, scans
//! dated far from the event are refused, oversize items are refused by the hub and skipped
//! unread by stations, a door login holding the writers' turn is reported as a stall, and
//! the door login's connection limit keeps room for the desk. Real private PostgreSQL
//! servers, the real binary.

mod checkin_common;
mod hub_support;

use std::path::Path;
use std::time::{Duration, Instant};

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

fn login_line(out: &str, what: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{what} login: ")))
        .unwrap_or_else(|| panic!("no {what} login in {out}"))
        .to_string()
}

fn sync_once(db: &Path) -> String {
    let o = accredit(db, &["sync", "--once"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn has_scan(db: &Path, uuid: &str) -> bool {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM checkin WHERE uuid = ?1", [uuid], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap()
        == 1
}

fn station_id(db: &Path) -> String {
    let s = ok(&accredit(db, &["station", "status"]));
    s.lines()
        .find_map(|l| l.strip_prefix("station: "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string()
}

/// A desk joined to a fresh hub and two door copies, all synced once.
fn network(pg: &PgServer) -> (Desk, std::path::PathBuf, std::path::PathBuf, Vec<String>, String) {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let passes: Vec<String> = (0..4)
        .map(|i| add(&mut reg, &person("AT", "Guest", &format!("Number{i}"), "DEL")).1)
        .collect();
    drop(reg);
    let init = ok(&accredit(&desk.db, &["hub", "init", &pg.admin_url()]));
    let door_url = login_line(&init, "door");
    ok(&accredit(
        &desk.db,
        &[
            "station",
            "join",
            &login_line(&init, "desk"),
            "--door-url",
            &door_url,
        ],
    ));
    let (a, b) = (desk.file("a.sqlite3"), desk.file("b.sqlite3"));
    for (db, name) in [(&a, "Stolen door"), (&b, "Door B")] {
        ok(&accredit(
            &desk.db,
            &[
                "station",
                "package",
                "--out",
                db.to_str().unwrap(),
                "--name",
                name,
            ],
        ));
    }
    for db in [&desk.db, &a, &b] {
        sync_once(db);
    }
    (desk, a, b, passes, door_url)
}

#[test]
fn a_revoked_station_is_refused_everywhere_and_far_dates_count_for_nothing() {
    let pg = PgServer::start();
    let (desk, a, b, passes, _) = network(&pg);
    let (c, line, _) = checkin(&a, &[&passes[0], "--at", "2015-07-06T09:00:00+02:00"]);
    assert_eq!(c, 0, "{line}");
    let before = scan_id(&line).to_string();
    // A stolen copy dates an admission in 2099: refused everywhere as outside the event.
    let (_, line, _) = checkin(&a, &[&passes[1], "--at", "2099-07-06T09:00:00+02:00"]);
    let far = scan_id(&line).to_string();
    assert!(has_scan(&a, &far), "logged where it was made");
    sync_once(&a);
    let out = sync_once(&b);
    assert!(out.contains("outside_event"), "{out}");
    assert!(has_scan(&b, &before) && !has_scan(&b, &far));

    // The desk revokes the stolen copy from 09:30; what it signs after is refused, what it
    // made before stays.
    let id = station_id(&a);
    let o = ok(&accredit(
        &desk.db,
        &[
            "station",
            "revoke",
            &id,
            "--since",
            "2015-07-06T09:30:00+02:00",
            "--reason",
            "door copy stolen",
        ],
    ));
    assert!(o.contains(&format!("revoked station {id}")), "{o}");
    let (c, line, _) = checkin(&a, &[&passes[2], "--at", "2015-07-06T10:00:00+02:00"]);
    assert_eq!(c, 0, "{line}");
    let after = scan_id(&line).to_string();
    sync_once(&a);
    sync_once(&desk.db);
    sync_once(&b);
    for db in [&desk.db, &b] {
        assert!(has_scan(db, &before), "before the revocation: kept");
        assert!(!has_scan(db, &after), "after the revocation: refused or dropped");
    }
    let s = ok(&accredit(&b, &["station", "status"]));
    assert!(s.contains(&format!("revoked stations: {id}")), "{s}");
    // Once the revocation is there, more of its scans are refused with the reason.
    let (_, line, _) = checkin(&a, &[&passes[3], "--at", "2015-07-06T11:00:00+02:00"]);
    let later = scan_id(&line).to_string();
    sync_once(&a);
    let out = sync_once(&b);
    assert!(out.contains("revoked"), "{out}");
    assert!(!has_scan(&b, &later));
    // Who is inside is computed from what stays: the guest admitted after 09:30 is not.
    let p = ok(&accredit(&b, &["presence", "--at", "2015-07-06T12:00:00+02:00"])).to_lowercase();
    assert!(p.contains("number0") && !p.contains("number2"), "{p}");
    // A door packaged after the revocation knows it; a door cannot revoke.
    let o = accredit(&b, &["station", "revoke", &id, "--reason", "x"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("at the desk"));
}

#[test]
fn oversize_items_are_refused_by_the_hub_and_skipped_unread_by_stations() {
    let pg = PgServer::start();
    let (_desk, _a, b, _, door_url) = network(&pg);
    let mut door = postgres::Client::connect(
        &accredit::hub::HubLogin::parse(&door_url).unwrap().full_url(),
        postgres::NoTls,
    )
    .unwrap();
    let big = vec![b'x'; 4 * 1024 * 1024];
    let e = door
        .execute(
            "INSERT INTO accredit_hub.item(kind, key, revision, body, station) VALUES ('scan', 'big-1', 0, $1, 'X')",
            &[&big],
        )
        .unwrap_err();
    assert!(
        e.to_string().contains("check constraint") || format!("{e:?}").contains("item_size"),
        "{e:?}"
    );
    // One that got there before the check (inserted by the administrator around it): every
    // station skips it and counts it, without reading it.
    let mut admin = postgres::Client::connect(&pg.admin_url(), postgres::NoTls).unwrap();
    admin
        .batch_execute("ALTER TABLE accredit_hub.item DROP CONSTRAINT item_size")
        .unwrap();
    admin
        .execute(
            "INSERT INTO accredit_hub.item(kind, key, revision, body, station) VALUES ('scan', 'big-2', 0, $1, 'X')",
            &[&big],
        )
        .unwrap();
    let out = sync_once(&b);
    assert!(out.contains("1 oversize items skipped"), "{out}");
    let s = ok(&accredit(&b, &["station", "status"]));
    assert!(s.contains("oversize items skipped: 1"), "{s}");
}

#[test]
fn a_door_login_holding_the_writers_turn_is_reported_and_cannot_lock_out_the_desk() {
    let pg = PgServer::start();
    let (desk, _a, _b, _, door_url) = network(&pg);
    let mut door = postgres::Client::connect(
        &accredit::hub::HubLogin::parse(&door_url).unwrap().full_url(),
        postgres::NoTls,
    )
    .unwrap();
    // The door login cannot take the turn's lock itself...
    assert!(
        door.batch_execute("BEGIN; LOCK TABLE accredit_hub.turn; ROLLBACK")
            .is_err()
    );
    door.batch_execute("ROLLBACK").unwrap();
    // ...but may hold it by inserting a scan in a transaction it never ends.
    door.batch_execute(
        "BEGIN; INSERT INTO accredit_hub.item(kind, key, revision, body, station) VALUES ('scan', 'hold-1', 0, 'x', 'X')",
    )
    .unwrap();
    add(&mut desk.reg(), &person("AT", "Eva", "Maier", "DEL"));
    let t = Instant::now();
    let o = accredit(&desk.db, &["sync", "--once"]);
    let took = t.elapsed();
    assert_eq!(o.status.code(), Some(1));
    assert!(took < Duration::from_secs(15), "{took:?}");
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("writers' turn is held by another session"), "{e}");
    let s = ok(&accredit(&desk.db, &["station", "status"]));
    assert!(
        s.contains("connection: offline since") && s.contains("writers' turn"),
        "{s}"
    );
    // The server ends the idle transaction (10 s): the desk gets through again.
    std::thread::sleep(Duration::from_secs(11));
    sync_once(&desk.db);

    // The door login's connection limit keeps room for the desk.
    let mut admin = postgres::Client::connect(&pg.admin_url(), postgres::NoTls).unwrap();
    let max: i64 = admin
        .query_one("SELECT current_setting('max_connections')::int8", &[])
        .unwrap()
        .get(0);
    let door_limit: i32 = admin
        .query_one(
            "SELECT rolconnlimit FROM pg_roles WHERE rolname = 'hub_door'",
            &[],
        )
        .unwrap()
        .get(0);
    let desk_limit: i32 = admin
        .query_one(
            "SELECT rolconnlimit FROM pg_roles WHERE rolname = 'hub_desk'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(i64::from(door_limit), max - 3 - 20);
    assert_eq!(desk_limit, 20);
}
