//! Several desks through files (real SQLite files, the real binary): `accredit delegate
//! show|set|status`, the three-way re-import, `station package --role desk`, desk changes
//! carried by `station export`/`merge`, field-level merge with conflicts listed at every desk
//! and resolved once, serials that never collide, concurrent reissues ending in one version,
//! and identical registries at the end.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use std::path::{Path, PathBuf};

use checkin_common::accredit;

fn ok(o: &std::process::Output) -> String {
    assert!(
        o.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn fails(o: &std::process::Output) -> String {
    assert!(!o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/delegates-sample.csv")
}

fn run(db: &Path, args: &[&str]) -> String {
    ok(&accredit(db, args))
}

/// The registry as exported to CSV (every field, status, badge version), for comparisons.
fn registry_csv(db: &Path, dir: &Path, name: &str) -> String {
    let out = dir.join(format!("{name}.csv"));
    run(db, &["export", "delegates", out.to_str().unwrap()]);
    let mut s = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    // The conflicts as every desk lists them (which side is "mine" depends on the desk).
    let list: serde_json::Value = serde_json::from_str(&run(db, &["conflicts", "--json"])).unwrap();
    for c in list.as_array().unwrap() {
        s.push_str(&format!(
            "{} {} {} {}\n",
            c["serial"], c["field"], c["kind"], c["shown"]
        ));
    }
    s
}

fn exchange(dir: &Path, from: &Path, to: &Path) -> String {
    let file = dir.join("x.items");
    let _ = std::fs::remove_file(&file);
    run(from, &["station", "export", "--out", file.to_str().unwrap()]);
    run(to, &["station", "merge", file.to_str().unwrap()])
}

fn json(db: &Path, reference: &str) -> serde_json::Value {
    serde_json::from_str(&run(db, &["delegate", "show", reference, "--json"])).unwrap()
}

#[test]
fn delegate_show_set_and_status_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    assert_eq!(
        run(&db, &["import", "delegates", sample().to_str().unwrap()]),
        "imported 64, updated 0\n"
    );
    let text = run(&db, &["delegate", "show", "REG-1-000001"]);
    assert!(
        text.contains("id: 2\n") && text.contains("function: Programme Officer\n"),
        "{text}"
    );
    let v = json(&db, "2");
    assert_eq!(v["external_id"], "REG-1-000001");
    assert_eq!(v["status"], "accredited");
    assert_eq!(v["conflicts"], serde_json::json!([]));

    let out = run(
        &db,
        &[
            "delegate",
            "set",
            "REG-1-000001",
            "--function",
            "Head of Unit",
            "--title",
            "Dr.",
            "--days",
            "2015-07-06,2015-07-07",
        ],
    );
    assert!(
        out.contains("function: \"Programme Officer\" -> \"Head of Unit\""),
        "{out}"
    );
    let v = json(&db, "2");
    assert_eq!(v["function"], "Head of Unit");
    assert_eq!(v["title"], "Dr.");
    assert_eq!(v["days"], serde_json::json!(["2015-07-06", "2015-07-07"]));
    // One audited change.
    let history = accredit::Registry::open(&db)
        .unwrap()
        .history("delegate", "2")
        .unwrap();
    assert_eq!(history.last().unwrap().action, "update");
    let n = history.len();

    // Validated like every save: the error names the field and nothing is written.
    let err = fails(&accredit(
        &db,
        &["delegate", "set", "2", "--category", "NOPE", "--function", "X"],
    ));
    assert!(err.contains("category: unknown category \"NOPE\""), "{err}");
    let err = fails(&accredit(
        &db,
        &["delegate", "set", "2", "--email", "not-an-address"],
    ));
    assert!(err.contains("email:"), "{err}");
    let err = fails(&accredit(&db, &["delegate", "set", "2", "--days", "2016-01-01"]));
    assert!(err.contains("days:"), "{err}");
    assert_eq!(json(&db, "2")["function"], "Head of Unit");
    assert_eq!(
        accredit::Registry::open(&db)
            .unwrap()
            .history("delegate", "2")
            .unwrap()
            .len(),
        n
    );
    let err = fails(&accredit(&db, &["delegate", "show", "NOBODY"]));
    assert!(err.contains("NOBODY"), "{err}");

    // Status with a reason.
    let err = fails(&accredit(&db, &["delegate", "status", "2", "withdrawn"]));
    assert!(err.contains("reason: say why"), "{err}");
    let out = run(
        &db,
        &[
            "delegate",
            "status",
            "2",
            "withdrawn",
            "--reason",
            "Left the delegation",
        ],
    );
    assert!(out.contains("withdrawn (Left the delegation)"), "{out}");
    let v = json(&db, "2");
    assert_eq!(v["status"], "withdrawn");
    assert_eq!(v["status_reason"], "Left the delegation");
    run(&db, &["delegate", "status", "2", "accredited"]);
    assert_eq!(json(&db, "2")["status_reason"], "");
}

#[test]
fn a_reimport_merges_three_ways_and_names_the_cells_in_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    let file = sample();
    run(&db, &["import", "delegates", file.to_str().unwrap()]);
    // The scenario: a correction at the desk survives a re-import of the same file.
    run(
        &db,
        &[
            "delegate",
            "set",
            "REG-1-000001",
            "--function",
            "Head of Programme",
        ],
    );
    assert_eq!(
        run(&db, &["import", "delegates", file.to_str().unwrap()]),
        "imported 0, updated 0\n"
    );
    assert_eq!(json(&db, "REG-1-000001")["function"], "Head of Programme");
    let plan = {
        let reg = accredit::Registry::open(&db).unwrap();
        accredit::csv_io::plan_import(&reg, &file).unwrap()
    };
    assert_eq!(plan.changing(), 0, "no row changes anything");
    assert_eq!(plan.conflicts(), 0);

    // The nominating system changes the title (the desk did not) and the function (the desk
    // did too): the title is the file's, the function a conflict, the desk's value kept.
    let original = std::fs::read_to_string(&file).unwrap();
    let changed = original.replace(
        "REG-1-000001,TJ,H.E. Ms.,Armen,Sargsyan,Արմեն Սարգսյան,Programme Officer",
        "REG-1-000001,TJ,Dr.,Armen,Sargsyan,Արմեն Սարգսյան,Programme Director",
    );
    assert_ne!(changed, original);
    let second = dir.path().join("nominations-2.csv");
    std::fs::write(&second, &changed).unwrap();
    let plan = {
        let reg = accredit::Registry::open(&db).unwrap();
        accredit::csv_io::plan_import(&reg, &second).unwrap()
    };
    assert_eq!(plan.changing(), 1);
    let row = plan.rows.iter().find(|r| !r.changes.is_empty()).unwrap();
    assert_eq!(row.line, 3);
    let shown: Vec<String> = row
        .changes
        .iter()
        .map(|c| format!("{}: {} -> {}", c.field, c.before, c.after))
        .collect();
    assert_eq!(shown, ["title: H.E. Ms. -> Dr."]);
    assert_eq!(row.conflicts.len(), 1);
    assert_eq!(row.conflicts[0].field, "function");
    assert_eq!(row.conflicts[0].desk, "Head of Programme");
    assert_eq!(row.conflicts[0].file, "Programme Director");

    let out = run(&db, &["import", "delegates", second.to_str().unwrap()]);
    assert!(out.starts_with("imported 0, updated 1\n"), "{out}");
    assert!(
        out.contains("conflict 1: delegate 2 Dr. Armen SARGSYAN, column function: the desk has \"Head of Programme\", the file \"Programme Director\""),
        "{out}"
    );
    let v = json(&db, "2");
    assert_eq!(
        (v["title"].as_str(), v["function"].as_str()),
        (Some("Dr."), Some("Head of Programme"))
    );
    // The history names the import as the author of what it changed.
    let history = accredit::Registry::open(&db)
        .unwrap()
        .history("delegate", "2")
        .unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.operator, "import nominations-2.csv (tester)");
    let list: serde_json::Value = serde_json::from_str(&run(&db, &["conflicts", "--json"])).unwrap();
    assert_eq!(list[0]["kind"], "import");
    assert_eq!(list[0]["theirs"]["by"], "import nominations-2.csv");
    // The same file again: the conflict stays, nothing else changes.
    assert!(
        run(&db, &["import", "delegates", second.to_str().unwrap()]).starts_with("imported 0, updated 0\n")
    );
    // Resolved once: the file's value, one audited change; the list is empty.
    let out = run(&db, &["conflicts", "resolve", "1", "--keep", "theirs"]);
    assert!(out.contains("function = \"Programme Director\""), "{out}");
    assert_eq!(run(&db, &["conflicts"]), "no conflicts\n");
    let err = fails(&accredit(&db, &["conflicts", "resolve", "1", "--keep", "mine"]));
    assert!(err.contains("conflict number"), "{err}");
    // A third file reverting the function to the desk's value changes nothing.
    assert!(
        run(&db, &["import", "delegates", second.to_str().unwrap()]).starts_with("imported 0, updated 0\n")
    );
}

#[test]
fn two_desks_and_a_third_converge_through_files_with_conflicts_listed_and_resolved_once() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("desk-a.sqlite3");
    let b = dir.path().join("desk-b.sqlite3");
    let c = dir.path().join("desk-c.sqlite3");
    let door = dir.path().join("door.sqlite3");
    run(&a, &["import", "delegates", sample().to_str().unwrap()]);
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
    assert!(out.starts_with("packaged desk copy"), "{out}");
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
    // The desk copy has no event key but every delegate's private fields.
    let reg_b = accredit::Registry::open(&b).unwrap();
    assert!(reg_b.signing_key().is_err());
    assert_eq!(
        reg_b.find_delegate("REG-1-000002").unwrap().email,
        "delegate2@example.org"
    );
    drop(reg_b);
    let status = run(&b, &["station", "status"]);
    assert!(status.contains("(desk)") && status.contains("Desk B"), "{status}");

    // Offline: both desks edit the same delegate: different fields, and the same field.
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
    run(&c, &["delegate", "set", "5", "--email", "new@example.org"]);
    // Both reissue the same badge; both add a delegate (serials from their own blocks).
    run(&a, &["reissue", "6"]);
    let csv = dir.path().join("late.csv");
    std::fs::write(&csv, "delegation,family_name,given_name\nAT,Late,Anna\n").unwrap();
    run(&a, &["import", "delegates", csv.to_str().unwrap()]);
    std::fs::write(&csv, "delegation,family_name,given_name\nDE,Later,Bernd\n").unwrap();
    run(&b, &["import", "delegates", csv.to_str().unwrap()]);

    // Files in some order, several times: every desk holds the same registry.
    for _ in 0..2 {
        for (from, to) in [(&a, &b), (&b, &c), (&c, &a), (&a, &c), (&b, &a), (&c, &b)] {
            exchange(dir.path(), from, to);
        }
    }
    let ra = registry_csv(&a, dir.path(), "a");
    assert_eq!(ra, registry_csv(&b, dir.path(), "b"));
    assert_eq!(ra, registry_csv(&c, dir.path(), "c"));

    let v = json(&a, "3");
    assert_eq!(v["given_name"], "Merdan A.");
    assert_eq!(v["title"], "Dr.");
    assert_eq!(json(&c, "4")["status"], "withdrawn");
    assert_eq!(json(&c, "4")["status_reason"], "Left early");
    assert_eq!(json(&b, "5")["email"], "new@example.org");
    assert_eq!(json(&b, "6")["badge_version"], 2);
    // Serials from each desk's block: never the same twice.
    let late = json(&c, "65");
    assert_eq!(late["family_name"], "Late");
    let later = json(&a, "10000001");
    assert_eq!(later["family_name"], "Later");

    // The function is a conflict at every desk, with both values, who and when.
    for db in [&a, &b, &c] {
        let list: serde_json::Value = serde_json::from_str(&run(db, &["conflicts", "--json"])).unwrap();
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!(list[0]["field"], "function");
        assert_eq!(list[0]["kind"], "desks");
        let values = [
            list[0]["mine"]["value"].as_str().unwrap(),
            list[0]["theirs"]["value"].as_str().unwrap(),
        ];
        assert!(
            values.contains(&"Counsellor (A)") && values.contains(&"Counsellor (B)"),
            "{values:?}"
        );
        let bys = format!("{} {}", list[0]["mine"]["by"], list[0]["theirs"]["by"]);
        assert!(bys.contains("Desk B"), "{bys}");
        // The same value shown everywhere meanwhile.
        assert_eq!(json(db, "3")["function"], list[0]["shown"]);
    }
    // Resolved once, at C, with a new value: gone everywhere after the next exchange.
    run(&c, &["conflicts", "resolve", "1", "--keep", "Counsellor"]);
    for (from, to) in [(&c, &a), (&c, &b), (&a, &b)] {
        exchange(dir.path(), from, to);
    }
    for db in [&a, &b, &c] {
        assert_eq!(run(db, &["conflicts"]), "no conflicts\n");
        assert_eq!(json(db, "3")["function"], "Counsellor");
    }
    // The merged history names the desk; every desk's own audit chain verifies.
    let history = accredit::Registry::open(&a)
        .unwrap()
        .history("delegate", "3")
        .unwrap();
    assert!(
        history.iter().any(|h| h.operator.contains("Desk B")),
        "{history:?}"
    );
    for db in [&a, &b, &c] {
        run(db, &["audit", "verify"]);
    }
    // Merging everything again changes nothing.
    let before = registry_csv(&b, dir.path(), "b");
    exchange(dir.path(), &a, &b);
    exchange(dir.path(), &c, &b);
    assert_eq!(before, registry_csv(&b, dir.path(), "b"));

    // The door learns B's changes through the desk with the event key (door records).
    exchange(dir.path(), &a, &door);
    let reg = accredit::Registry::open(&door).unwrap();
    assert_eq!(
        reg.delegate(4).unwrap().status,
        accredit::registry::Status::Withdrawn
    );
    assert_eq!(reg.delegate(10000001).unwrap().family_name, "Later");
    assert_eq!(reg.delegate(6).unwrap().badge_version, 2);
    assert_eq!(reg.delegate(5).unwrap().email, "", "no e-mail at a door");
}
