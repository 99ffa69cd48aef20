//! The event network through the hub (a private PostgreSQL server with scram-sha-256 logins,
//! real `accredit` processes): a desk running `accredit sync` and two doors running
//! `checkin --stdin`. Pass-back across doors, a reissue, a withdrawal and a new delegate
//! reach the doors live; the hub stopped and restarted mid-stream, a door and the desk's
//! worker SIGKILLed mid-sync: nothing acknowledged is lost, nothing doubled, all converge.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;
mod hub_support;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use accredit::Registry;
use accredit::registry::Status;
use checkin_common::*;
use hub_support::PgServer;

/// How long a change may take to reach another station in this test. The product target is
/// 1 s (p99, measured by benches/network.rs); the test machine is shared and the build is
/// unoptimised, so the test allows more and prints what it measured.
const REACH: Duration = Duration::from_secs(5);
/// How long the stations may take to converge after an outage or a kill.
const CONVERGE: Duration = Duration::from_secs(30);

fn ok(o: &std::process::Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A `checkin --stdin` process at a door.
struct DoorProc {
    child: Child,
    stdin: ChildStdin,
    out: BufReader<ChildStdout>,
}

impl DoorProc {
    fn start(db: &Path, at: &str, log: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_accredit"))
            .arg("--db")
            .arg(db)
            .args(["checkin", "--stdin", "--at", at])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        Self { child, stdin, out }
    }

    fn scan(&mut self, pass: &str) -> String {
        writeln!(self.stdin, "{pass}").unwrap();
        self.stdin.flush().unwrap();
        let mut line = String::new();
        self.out.read_line(&mut line).unwrap();
        assert!(!line.is_empty(), "the door process ended");
        line.trim_end().to_string()
    }
}

impl Drop for DoorProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `accredit sync` in the foreground, as a background process of the test.
struct SyncProc(Child);

impl SyncProc {
    fn start(db: &Path, log: &Path) -> Self {
        Self(
            Command::new(env!("CARGO_BIN_EXE_accredit"))
                .arg("--db")
                .arg(db)
                .arg("sync")
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(log).unwrap())
                .spawn()
                .unwrap(),
        )
    }
}

impl Drop for SyncProc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until `cond` holds; returns how long it took, or fails naming `what`.
fn wait_for(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) -> Duration {
    let t = Instant::now();
    loop {
        if cond() {
            return t.elapsed();
        }
        assert!(t.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn read_only(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn has_scan(db: &Path, uuid: &str) -> bool {
    read_only(db)
        .query_row("SELECT COUNT(*) FROM checkin WHERE uuid = ?1", [uuid], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap_or(0)
        == 1
}

fn delegate_field(db: &Path, id: i64, col: &str) -> Option<String> {
    read_only(db)
        .query_row(
            &format!("SELECT CAST({col} AS TEXT) FROM delegate WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .ok()
}

fn uuids(db: &Path) -> Vec<String> {
    let c = read_only(db);
    let mut s = c.prepare("SELECT uuid FROM checkin ORDER BY uuid").unwrap();
    s.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn log(db: &Path) -> Vec<accredit::checkin::LogEntry> {
    accredit::checkin::log::all(Registry::open(db).unwrap().conn()).unwrap()
}

fn login_line(out: &str, what: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{what} login: ")))
        .unwrap_or_else(|| panic!("no {what} login in {out}"))
        .to_string()
}

#[test]
fn desk_and_two_doors_converge_live_through_the_hub() {
    let pg = PgServer::start_scram();
    let desk = Desk::new();
    let logs = |n: &str| -> PathBuf { desk.file(n) };

    // The single-machine default: no hub, nothing to set up.
    let status = ok(&accredit(&desk.db, &["station", "status"]));
    assert!(status.contains("hub: none"), "{status}");
    let o = accredit(&desk.db, &["sync", "--once"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("station join"));

    let mut reg = desk.reg();
    let (eva, eva_v1) = add(&mut reg, &person("AT", "Eva", "Maier", "DEL"));
    let (jure, jure_pass) = add(&mut reg, &person("SI", "Jure", "Novak", "DEL"));
    let (_, ana_pass) = add(&mut reg, &person("HR", "Ana", "Horvat", "DEL"));
    let crowd: Vec<String> = (0..40)
        .map(|i| add(&mut reg, &person("FR", "Guest", &format!("Number{i}"), "DEL")).1)
        .collect();
    drop(reg);

    // Set up the hub, join the desk with its door login; door copies come joined.
    let init = ok(&accredit(&desk.db, &["hub", "init", &pg.admin_url()]));
    let (desk_url, door_url) = (login_line(&init, "desk"), login_line(&init, "door"));
    assert!(
        desk_url.contains("hub_desk:") && door_url.contains("hub_door:"),
        "{init}"
    );
    let again = ok(&accredit(&desk.db, &["hub", "init", &pg.admin_url()]));
    assert!(
        again.contains("up to date") && again.contains("password unchanged"),
        "{again}"
    );
    // A door login cannot join a desk.
    let o = accredit(&desk.db, &["station", "join", &door_url]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("may not publish"));
    let out = ok(&accredit(
        &desk.db,
        &["station", "join", &desk_url, "--door-url", &door_url],
    ));
    assert!(!out.contains(desk_url.split('@').next().unwrap().rsplit(':').next().unwrap()));
    let (door_a, door_b) = (desk.file("a.sqlite3"), desk.file("b.sqlite3"));
    for (db, name) in [(&door_a, "Door A, Heldenplatz"), (&door_b, "Door B, Josefsplatz")] {
        let out = ok(&accredit(
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
        assert!(out.contains("syncs with the hub"), "{out}");
    }
    let status = ok(&accredit(&door_a, &["station", "status"]));
    assert!(status.contains("hub: postgres://hub_door@127.0.0.1"), "{status}");
    let secret = door_url.split('@').next().unwrap().rsplit(':').next().unwrap();
    assert!(!status.contains(secret), "the password is never shown: {status}");

    let mut desk_sync = SyncProc::start(&desk.db, &logs("desk-sync.log"));
    let mut a = DoorProc::start(&door_a, DAY1, &logs("a.log"));
    let mut b = DoorProc::start(&door_b, "2015-07-06T10:00:00+02:00", &logs("b.log"));

    // Pass-back across doors.
    let line = a.scan(&ana_pass);
    assert_eq!(code(&line), "ADMITTED", "{line}");
    let uuid = scan_id(&line).to_string();
    let took = wait_for("A's scan at door B", REACH, || has_scan(&door_b, &uuid));
    eprintln!("scan at A seen at B after {took:?}");
    let line = b.scan(&ana_pass);
    assert_eq!(code(&line), "ALREADY_IN", "{line}");

    // A reissue at the desk's command line while `accredit sync` runs.
    ok(&accredit(&desk.db, &["reissue", &eva.id.to_string()]));
    let took = wait_for("the reissue at door A", REACH, || {
        delegate_field(&door_a, eva.id, "badge_version").as_deref() == Some("2")
    });
    eprintln!("reissue at door A after {took:?}");
    assert_eq!(code(&a.scan(&eva_v1)), "REVOKED");
    // A withdrawal and a new delegate, written by another process on the desk's file.
    let mut reg = desk.reg();
    reg.set_status(jure.id, Status::Withdrawn).unwrap();
    let (nia, nia_pass) = add(&mut reg, &person("AT", "Nia", "Berger", "DEL"));
    let eva_v2 = accredit::pass::issue(&reg, &reg.delegate(eva.id).unwrap()).unwrap();
    drop(reg);
    let took = wait_for("the withdrawal and the new delegate at door B", REACH, || {
        delegate_field(&door_b, jure.id, "status").as_deref() == Some("withdrawn")
            && delegate_field(&door_b, nia.id, "id").is_some()
    });
    eprintln!("withdrawal and new delegate at door B after {took:?}");
    assert_eq!(code(&b.scan(&jure_pass)), "REVOKED");
    assert_eq!(code(&b.scan(&nia_pass)), "ADMITTED");
    wait_for("the reissue at door B", REACH, || {
        delegate_field(&door_b, eva.id, "badge_version").as_deref() == Some("2")
    });
    assert_eq!(code(&b.scan(&eva_v1)), "REVOKED");
    assert_eq!(code(&b.scan(&eva_v2)), "ADMITTED");

    // The hub goes away mid-stream: the doors keep judging and queue.
    pg.stop();
    let mut acknowledged = Vec::new();
    for p in &crowd[..10] {
        let line = a.scan(p);
        assert_eq!(code(&line), "ADMITTED", "{line}");
        acknowledged.push(scan_id(&line).to_string());
    }
    for p in &crowd[10..20] {
        let line = b.scan(p);
        assert_eq!(code(&line), "ADMITTED", "{line}");
        acknowledged.push(scan_id(&line).to_string());
    }
    let o = accredit(&door_a, &["sync", "--once"]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot reach the hub"));
    let status = ok(&accredit(&door_a, &["station", "status"]));
    assert!(status.contains("connection: offline"), "{status}");
    assert!(status.contains("waiting to be sent: 10 scans"), "{status}");
    std::thread::sleep(Duration::from_millis(1500));
    pg.start_again();
    let took = wait_for("convergence after the outage", CONVERGE, || {
        acknowledged
            .iter()
            .all(|u| has_scan(&door_a, u) && has_scan(&door_b, u) && has_scan(&desk.db, u))
    });
    eprintln!("caught up after the hub came back in {took:?}");

    // Door A SIGKILLed mid-stream, and the desk's worker too; every acknowledged scan
    // survives and reaches everyone once both run again.
    for chunk in 0..3 {
        for p in &crowd[20..40] {
            writeln!(a.stdin, "{p}").unwrap();
        }
        a.stdin.flush().unwrap();
        for _ in 0..20 {
            let mut line = String::new();
            a.out.read_line(&mut line).unwrap();
            acknowledged.push(scan_id(line.trim_end()).to_string());
        }
        if chunk == 1 {
            desk_sync.0.kill().unwrap();
            desk_sync.0.wait().unwrap();
        }
    }
    for p in &crowd[20..40] {
        writeln!(a.stdin, "{p}").unwrap();
    }
    a.child.kill().unwrap();
    a.child.wait().unwrap();
    let mut line = String::new();
    while a.out.read_line(&mut line).unwrap_or(0) > 0 {
        if let Some(u) = line.trim_end().rsplit("| scan ").next() {
            acknowledged.push(u.trim().to_string());
        }
        line.clear();
    }
    drop(a);
    let _a = DoorProc::start(&door_a, DAY1, &logs("a2.log"));
    desk_sync = SyncProc::start(&desk.db, &logs("desk-sync2.log"));
    let took = wait_for("convergence after the kills", CONVERGE, || {
        let (x, y, z) = (uuids(&door_a), uuids(&door_b), uuids(&desk.db));
        x == y && y == z && acknowledged.iter().all(|u| x.binary_search(u).is_ok())
    });
    eprintln!("converged after the kills in {took:?}");
    drop(desk_sync);

    // The same log everywhere, every scan once; the hub holds each scan once.
    let (la, lb, ld) = (log(&door_a), log(&door_b), log(&desk.db));
    assert_eq!(la, lb);
    assert_eq!(lb, ld);
    let mut c = postgres::Client::connect(&pg.admin_url(), postgres::NoTls).unwrap();
    let scans: i64 = c
        .query_one("SELECT COUNT(*) FROM accredit_hub.item WHERE kind = 'scan'", &[])
        .unwrap()
        .get(0);
    assert_eq!(scans as usize, la.len());
    // The hub holds no personal data: no e-mail, no family name of any delegate.
    let bodies: Vec<Vec<u8>> = c
        .query("SELECT body FROM accredit_hub.item", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    for b in &bodies {
        let s = String::from_utf8_lossy(b);
        assert!(!s.contains("@example.org"), "an e-mail reached the hub");
    }
    let status = ok(&accredit(&door_b, &["station", "status"]));
    assert!(status.contains("connection: connected"), "{status}");
    assert!(status.contains("stations the hub heard from: 3"), "{status}");
    assert!(status.contains("waiting to be sent: 0 scans"), "{status}");
}

fn sync_once(db: &Path) -> String {
    let o = accredit(db, &["sync", "--once"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn scans_that_reach_a_door_before_their_certificate_are_applied_once_it_comes() {
    let pg = PgServer::start();
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (_, ana_pass) = add(&mut reg, &person("HR", "Ana", "Horvat", "DEL"));
    drop(reg);
    let init = ok(&accredit(&desk.db, &["hub", "init", &pg.admin_url()]));
    let door_url = login_line(&init, "door");
    // The administrator's URL is accepted for the desk too.
    ok(&accredit(
        &desk.db,
        &["station", "join", &pg.admin_url(), "--door-url", &door_url],
    ));
    // Door B is packaged first, so it has not heard of door A; the desk does not sync yet,
    // so door A's certificate is not on the hub when A's first scan is.
    let (door_a, door_b) = (desk.file("a.sqlite3"), desk.file("b.sqlite3"));
    for db in [&door_b, &door_a] {
        ok(&accredit(
            &desk.db,
            &["station", "package", "--out", db.to_str().unwrap()],
        ));
    }
    let (_, line, _) = checkin(&door_a, &[&ana_pass, "--at", DAY1]);
    assert_eq!(code(&line), "ADMITTED", "{line}");
    let uuid = scan_id(&line).to_string();
    let out = sync_once(&door_a);
    assert!(out.contains("1 uploaded"), "{out}");
    let out = sync_once(&door_b);
    assert!(out.contains("1 unknown_station"), "{out}");
    assert!(!has_scan(&door_b, &uuid));
    // The desk publishes the certificate; door B then applies the scan it had refused.
    sync_once(&desk.db);
    let out = sync_once(&door_b);
    assert!(out.contains("0 refused"), "{out}");
    assert!(has_scan(&door_b, &uuid), "{out}");
    let (_, line, _) = checkin(&door_b, &[&ana_pass, "--at", "2015-07-06T10:00:00+02:00"]);
    assert_eq!(code(&line), "ALREADY_IN", "{line}");
    // Nothing more to do: a further round moves nothing and refuses nothing.
    let out = sync_once(&door_b);
    assert!(out.contains("0 downloaded") && out.contains("0 refused"), "{out}");

    // A scanner pipe that ends: what it scanned is on the hub when the process exits.
    let mut child = Command::new(env!("CARGO_BIN_EXE_accredit"))
        .arg("--db")
        .arg(&door_a)
        .args(["checkin", "--stdin", "--at", DAY2])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{ana_pass}").unwrap();
    let out = child.wait_with_output().unwrap();
    let line = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(code(&line), "ADMITTED", "{line}");
    let mut c = postgres::Client::connect(&pg.admin_url(), postgres::NoTls).unwrap();
    let n: i64 = c
        .query_one(
            "SELECT COUNT(*) FROM accredit_hub.item WHERE kind = 'scan' AND key = $1",
            &[&scan_id(line.trim_end())],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 1, "the last scan was sent before the process ended");
}
