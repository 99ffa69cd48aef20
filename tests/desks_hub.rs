//! Several desks through the hub (a private PostgreSQL server, real `accredit` processes):
//! a desk, two desk copies and a door. Edits at two desks while the hub is stopped, then
//! started: every desk converges, the concurrent edit of one field is a conflict listed at
//! every desk and resolved once; a desk SIGKILLed mid-sync catches up; the door learns the
//! desks' changes through door records.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;
mod hub_support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use checkin_common::accredit;
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

fn run(db: &Path, args: &[&str]) -> String {
    ok(&accredit(db, args))
}

fn login_line(out: &str, what: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{what} login: ")))
        .unwrap_or_else(|| panic!("no {what} login in {out}"))
        .to_string()
}

fn json(db: &Path, reference: &str) -> serde_json::Value {
    serde_json::from_str(&run(db, &["delegate", "show", reference, "--json"])).unwrap()
}

/// Every delegate's fields, status and versions, and the conflicts (field and shown value).
fn registry(db: &Path) -> String {
    let out = db.with_extension("export.csv");
    run(db, &["export", "delegates", out.to_str().unwrap()]);
    let mut s = std::fs::read_to_string(&out).unwrap();
    let list: serde_json::Value = serde_json::from_str(&run(db, &["conflicts", "--json"])).unwrap();
    for c in list.as_array().unwrap() {
        s.push_str(&format!("{} {} {}\n", c["serial"], c["field"], c["shown"]));
    }
    s
}

fn sync_all(dbs: &[&Path]) {
    for _ in 0..2 {
        for db in dbs {
            let o = accredit(db, &["sync", "--once"]);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
    }
}

#[test]
fn desks_converge_through_the_hub_after_an_outage_and_a_kill() {
    let pg = PgServer::start();
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("desk-a.sqlite3");
    let b = dir.path().join("desk-b.sqlite3");
    let c = dir.path().join("desk-c.sqlite3");
    let door = dir.path().join("door.sqlite3");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/delegates-sample.csv");
    run(&a, &["import", "delegates", sample.to_str().unwrap()]);
    let init = run(&a, &["hub", "init", &pg.admin_url()]);
    let (desk_url, door_url) = (login_line(&init, "desk"), login_line(&init, "door"));
    run(&a, &["station", "join", &desk_url, "--door-url", &door_url]);
    let out = run(
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
    assert!(out.contains("(desk login)"), "{out}");
    run(
        &a,
        &[
            "station",
            "package",
            "--role",
            "desk",
            "--name",
            "Desk C",
            "--out",
            c.to_str().unwrap(),
        ],
    );
    let out = run(
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
    assert!(out.contains("(door login)"), "{out}");
    sync_all(&[&a, &b, &c, &door]);
    let status = run(&b, &["station", "status"]);
    assert!(status.contains("connection: connected"), "{status}");

    // The hub goes away; two desks work on.
    pg.stop();
    run(
        &a,
        &[
            "delegate",
            "set",
            "3",
            "--function",
            "Counsellor (A)",
            "--given-name",
            "Merdan A.",
        ],
    );
    run(
        &b,
        &[
            "delegate",
            "set",
            "3",
            "--function",
            "Counsellor (B)",
            "--title",
            "Dr.",
        ],
    );
    run(
        &b,
        &["delegate", "status", "4", "withdrawn", "--reason", "Left early"],
    );
    run(&c, &["reissue", "6"]);
    run(&a, &["reissue", "6"]);
    let csv = dir.path().join("late.csv");
    std::fs::write(&csv, "delegation,family_name\nAT,Late\n").unwrap();
    run(&b, &["import", "delegates", csv.to_str().unwrap()]);
    for db in [&a, &b] {
        let o = accredit(db, &["sync", "--once"]);
        assert!(!o.status.success(), "no hub: the round fails");
        assert!(String::from_utf8_lossy(&o.stderr).contains("cannot reach the hub"));
    }
    // Started again: every desk converges.
    pg.start_again();
    sync_all(&[&a, &b, &c, &door]);
    let ra = registry(&a);
    assert_eq!(ra, registry(&b));
    assert_eq!(ra, registry(&c));
    assert_eq!(json(&c, "3")["title"], "Dr.");
    assert_eq!(json(&c, "3")["given_name"], "Merdan A.");
    assert_eq!(json(&a, "4")["status_reason"], "Left early");
    assert_eq!(
        json(&b, "6")["badge_version"],
        2,
        "two reissues of one badge: one current version"
    );
    assert_eq!(json(&a, "10000001")["family_name"], "Late");
    for db in [&a, &b, &c] {
        let list: serde_json::Value = serde_json::from_str(&run(db, &["conflicts", "--json"])).unwrap();
        assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
        assert_eq!(list[0]["field"], "function");
    }
    // Resolved once at B: gone everywhere.
    run(&b, &["conflicts", "resolve", "1", "--keep", "mine"]);
    sync_all(&[&b, &a, &c, &door]);
    for db in [&a, &b, &c] {
        assert_eq!(run(db, &["conflicts"]), "no conflicts\n");
        assert_eq!(json(db, "3")["function"], "Counsellor (B)");
    }
    // The door judges from records the desk with the event key published.
    let reg = accredit::Registry::open(&door).unwrap();
    assert_eq!(
        reg.delegate(4).unwrap().status,
        accredit::registry::Status::Withdrawn
    );
    assert_eq!(reg.delegate(6).unwrap().badge_version, 2);
    assert_eq!(reg.delegate(10000001).unwrap().family_name, "Late");
    drop(reg);

    // A desk SIGKILLed mid-sync: 300 new delegates at A, C's worker killed while it
    // applies them, then started again: nothing lost, nothing doubled.
    let many: String = (0..300).map(|i| format!("FR,Guest{i}\n")).collect();
    std::fs::write(&csv, format!("delegation,family_name\n{many}")).unwrap();
    run(&a, &["import", "delegates", csv.to_str().unwrap()]);
    sync_all(&[&a]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_accredit"))
        .arg("--db")
        .arg(&c)
        .arg("sync")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t = Instant::now();
    loop {
        let n: i64 = rusqlite::Connection::open(&c)
            .unwrap()
            .query_row("SELECT COUNT(*) FROM delegate", [], |r| r.get(0))
            .unwrap_or(0);
        if n > 65 || t.elapsed() > Duration::from_secs(20) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let pid = child.id() as i32;
    // SIGKILL (no clean-up, as a power cut).
    assert!(
        Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    let _ = child.wait();
    sync_all(&[&c, &a, &b]);
    let ra = registry(&a);
    assert_eq!(ra, registry(&b));
    assert_eq!(ra, registry(&c));
    assert_eq!(ra.matches("Guest").count(), 300);
    for db in [&a, &b, &c] {
        run(db, &["audit", "verify"]);
    }
}
