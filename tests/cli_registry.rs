//! The real `accredit` binary on a temporary folder: registry list, import, export, event.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accredit"))
        .current_dir(dir)
        .env("ACCREDIT_DB", dir.join("desk.sqlite3"))
        .env("ACCREDIT_OPERATOR", "cli-test")
        .args(args)
        .output()
        .expect("run accredit")
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).expect("utf-8 output")
}

fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/delegates-sample.csv")
        .display()
        .to_string()
}

#[test]
fn registry_list_is_csv_with_97_delegations() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["registry", "list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("code,kind,group,name_en,name_fr"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 97);
    assert_eq!(rows[0], "AL,participating_state,,Albania,Albanie");
    assert!(rows.contains(&"EG,partner,mediterranean,Egypt,Égypte"));
    let kinds = ["participating_state", "partner", "organization"];
    assert!(rows.iter().all(|r| kinds.contains(&r.split(',').nth(1).unwrap())));
    // The database was created private.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("desk.sqlite3"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // --db wins over the environment.
    let out = run(
        dir.path(),
        &["--db", "other.sqlite3", "registry", "list", "--order", "fr"],
    );
    assert!(out.status.success());
    assert!(dir.path().join("other.sqlite3").exists());
    assert_eq!(text(&out.stdout).lines().count(), 98);
}

#[test]
fn import_export_and_a_refused_import() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["import", "delegates", &sample()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "imported 64, updated 0\n");

    let out = run(dir.path(), &["export", "delegates", "-"]);
    assert!(out.status.success());
    let csv = text(&out.stdout);
    assert_eq!(csv.lines().count(), 65);
    assert!(csv.starts_with(
        "external_id,delegation,title,given_name,family_name,native_name,function,category,email,days,zones,photo,id,status,badge_version,gender,nationality,vehicle_plate\n"
    ));
    // The fixture's formula is neutralised for spreadsheets.
    assert!(csv.contains(",'=SUM(A1:A9),"));

    // A bad file: exit 1, every problem on stderr, nothing written.
    std::fs::write(
        dir.path().join("bad.csv"),
        "external_id,delegation,family_name,days\nN-1,AT,Gruber,2015-07-09\nN-2,QQ,,\n",
    )
    .unwrap();
    let out = run(dir.path(), &["import", "delegates", "bad.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "bad.csv:2: column days: 2015-07-09 is not a day of the event (2015-07-06, 2015-07-07)\n\
         bad.csv:3: column delegation: unknown delegation \"QQ\"; see `accredit registry list`\n\
         bad.csv:3: column family_name: is required\n\
         accredit: error: 3 problem(s) in bad.csv; nothing was imported\n"
    );
    let out = run(dir.path(), &["export", "delegates", "-"]);
    assert_eq!(text(&out.stdout), csv);

    // Export to a file, then import it back: nothing changes, the file is the same.
    let out = run(dir.path(), &["export", "delegates", "all.csv"]);
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(dir.path().join("all.csv")).unwrap(), csv);
    let out = run(dir.path(), &["import", "delegates", "all.csv"]);
    assert_eq!(text(&out.stdout), "imported 0, updated 0\n");
    let out = run(dir.path(), &["export", "delegates", "-"]);
    assert_eq!(text(&out.stdout), csv);

    // A missing file is a clear error.
    let out = run(dir.path(), &["import", "delegates", "nope.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot read the import file"));
}

#[test]
fn event_show_and_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["event", "show"]);
    assert!(out.status.success());
    let human = text(&out.stdout);
    assert!(human.starts_with("15th Alliance against Trafficking in Persons Conference (AATIP15)\n"));
    assert!(human.contains("  2015-07-06  Monday 6 July 2015\n"));
    assert!(human.contains("Hofburg, Neuer Saal, Vienna"));

    let out = run(
        dir.path(),
        &[
            "event",
            "set",
            "--title",
            "16th Alliance Conference",
            "--days",
            "2016-04-11,2016-04-12",
            "--utc-offset",
            "+01:00",
            "--reentry",
            "allow",
            "--zone",
            "LOUNGE=VIP lounge",
            "--category",
            "MEDIA=PRESS & TV:#e65100",
            "--category",
            "VIP=VIP GUEST:#123456:PLENARY;LOUNGE",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(dir.path(), &["event", "show", "--json"]);
    let ev: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ev["title"], "16th Alliance Conference");
    assert_eq!(ev["utc_offset"], "+01:00");
    assert_eq!(ev["reentry"], true);
    assert_eq!(ev["days"][0]["date"], "2016-04-11");
    assert_eq!(ev["days"][0]["label"], "Monday 11 April 2016");
    let media = ev["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "MEDIA")
        .unwrap();
    assert_eq!(
        (media["label"].as_str(), media["colour"].as_str()),
        (Some("PRESS & TV"), Some("#E65100"))
    );
    assert_eq!(media["zones"], "PLENARY;PRESS");
    let vip = ev["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "VIP")
        .unwrap();
    assert_eq!(vip["zones"], "PLENARY;LOUNGE");

    // --from-json round trip, and refused changes leave the event as it was.
    std::fs::write(dir.path().join("ev.json"), &out.stdout).unwrap();
    let out = run(
        dir.path(),
        &[
            "event",
            "set",
            "--from-json",
            "ev.json",
            "--subtitle",
            "New theme",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bad = run(dir.path(), &["event", "set", "--category", "HOD=HEAD:#12345G"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("colour \"#12345G\" of HOD must look like #1F4E9C"),
        "{}",
        text(&bad.stderr)
    );
    let bad = run(dir.path(), &["event", "set", "--category", "VIP=no colour"]);
    assert_eq!(bad.status.code(), Some(1));
    let out = run(dir.path(), &["event", "show", "--json"]);
    let ev: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ev["subtitle"], "New theme");
    assert_eq!(ev["title"], "16th Alliance Conference");
}

#[test]
fn a_damaged_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("desk.sqlite3"),
        b"this is not a database at all, but text".repeat(200),
    )
    .unwrap();
    let out = run(dir.path(), &["registry", "list"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("accredit: error: cannot open the database "),
        "{err}"
    );
    assert!(err.contains("the database is damaged"), "{err}");
}
