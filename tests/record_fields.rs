//! The person's record (issue 19): the new fields through the real binary (import with
//! positioned errors and the expiry warning, export with and without --include-sensitive),
//! and the door copy as a whitelist of the field table.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

use std::path::Path;
use std::process::{Command, Output};

use accredit::registry::fields::{self, Class};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accredit"))
        .current_dir(dir)
        .env("ACCREDIT_DB", dir.join("desk.sqlite3"))
        .env("ACCREDIT_OPERATOR", "record-test")
        .args(args)
        .output()
        .expect("run accredit")
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).expect("utf-8 output")
}

const HEADER: &str = "external_id,delegation,given_name,family_name,gender,nationality,birth_date,id_type,id_number,id_country,id_expiry,vehicle_plate,email,function";

/// One person with every field of the record filled, each value unique enough to be searched
/// byte for byte in a file.
pub const GOOD: &str = "EXT-QZ-90417,AT,Quirinella,Zwettlbauer,f,at,1971-03-14,Diplomatic_Passport,D7781234,AT,2031-05-30,W-4711QX,quirinella.zwettlbauer@bmeia.example,Counsellor Xylophonist";

#[test]
fn every_new_field_is_imported_checked_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.csv"), format!("{HEADER}\n{GOOD}\n")).unwrap();
    let out = run(dir.path(), &["import", "delegates", "ok.csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "imported 1, updated 0\n");
    assert_eq!(
        text(&out.stderr),
        "",
        "no warning for a document valid after the event"
    );

    // Without --include-sensitive: the desk columns, none of the sensitive ones.
    let out = run(dir.path(), &["export", "delegates", "-"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[15..], ["gender", "nationality", "vehicle_plate"]);
    for f in fields::of_class(Class::Sensitive) {
        assert!(
            !header.contains(&f.name),
            "{} exported without --include-sensitive",
            f.name
        );
    }
    let row = lines.next().unwrap();
    assert!(row.ends_with(",F,AT,W-4711QX"), "{row}");
    for secret in ["D7781234", "1971-03-14", "2031-05-30", "diplomatic_passport"] {
        assert!(
            !csv.contains(secret),
            "{secret} exported without --include-sensitive"
        );
    }

    // With it: every column, the values normalised (codes in their case).
    let out = run(
        dir.path(),
        &["export", "delegates", "all.csv", "--include-sensitive"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(dir.path().join("all.csv")).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header = r.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        accredit::csv_io::EXPORT_COLUMNS
    );
    let rec = r.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        rec.get(header.iter().position(|h| h == name).unwrap())
            .unwrap()
            .to_string()
    };
    assert_eq!(cell("gender"), "F");
    assert_eq!(cell("nationality"), "AT");
    assert_eq!(cell("birth_date"), "1971-03-14");
    assert_eq!(cell("id_type"), "diplomatic_passport");
    assert_eq!(cell("id_number"), "D7781234");
    assert_eq!(cell("id_country"), "AT");
    assert_eq!(cell("id_expiry"), "2031-05-30");
    assert_eq!(cell("vehicle_plate"), "W-4711QX");

    // The export imports back without a change.
    let out = run(dir.path(), &["import", "delegates", "all.csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "imported 0, updated 0\n");
}

#[test]
fn every_new_fields_bad_values_are_refused_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        // line 2: every field wrong at once
        "B-1,AT,Anna,Bad,female,Austria,14.03.1971,visa,D77/81$,ZZ,2031-13-01,W 47;11",
        // line 3: a birth date in the future, an expiry that is no date
        "B-2,AT,Berta,Bad,X,FR,2999-01-01,passport,P123,FR,soon,",
    ];
    std::fs::write(
        dir.path().join("bad.csv"),
        format!(
            "external_id,delegation,given_name,family_name,gender,nationality,birth_date,id_type,id_number,id_country,id_expiry,vehicle_plate\n{}\n",
            rows.join("\n")
        ),
    )
    .unwrap();
    let out = run(dir.path(), &["import", "delegates", "bad.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for (line, column, words) in [
        (2, "gender", "\"female\" is not a gender: write F, M or X"),
        (
            2,
            "nationality",
            "\"Austria\" is not an ISO 3166-1 alpha-2 country code",
        ),
        (2, "birth_date", "\"14.03.1971\" is not a date like 1970-01-31"),
        (
            2,
            "id_type",
            "unknown document type \"visa\"; one of passport, diplomatic_passport, service_passport, id_card",
        ),
        (2, "id_number", "\"D77/81$\" holds '$'"),
        (
            2,
            "id_country",
            "\"ZZ\" is not an ISO 3166-1 alpha-2 country code",
        ),
        (2, "id_expiry", "\"2031-13-01\" is not a date like 1970-01-31"),
        (2, "vehicle_plate", "\"W 47;11\" holds ';'"),
        (3, "birth_date", "2999-01-01 is in the future"),
        (3, "id_expiry", "\"soon\" is not a date"),
    ] {
        let want = format!("bad.csv:{line}: column {column}: {words}");
        assert!(
            err.lines().any(|l| l.starts_with(&want)),
            "missing {want:?} in\n{err}"
        );
    }
    assert_eq!(text(&out.stdout), "");
    // All or nothing: nobody was imported.
    let out = run(dir.path(), &["export", "delegates", "-"]);
    assert_eq!(text(&out.stdout).lines().count(), 1);
}

#[test]
fn an_expiry_before_the_events_last_day_is_a_warning_naming_the_person() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("w.csv"),
        "delegation,title,given_name,family_name,id_type,id_number,id_expiry\nAT,Dr.,Eva,Gruber,passport,P555,2015-07-06\nAT,,Max,Mayr,passport,P556,2015-07-07\n",
    )
    .unwrap();
    let out = run(dir.path(), &["import", "delegates", "w.csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "imported 2, updated 0\n");
    assert_eq!(
        text(&out.stderr),
        "w.csv:2: column id_expiry: warning: the identity document of Dr. Eva GRUBER expires on 2015-07-06, before the event's last day 2015-07-07; ask for a valid document\n"
    );
}

#[test]
fn a_door_copy_has_no_column_of_the_desk_or_sensitive_class() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.csv"), format!("{HEADER}\n{GOOD}\n")).unwrap();
    assert!(
        run(dir.path(), &["import", "delegates", "ok.csv"])
            .status
            .success()
    );
    let out = run(dir.path(), &["station", "package", "--out", "door.sqlite3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let door = rusqlite::Connection::open(dir.path().join("door.sqlite3")).unwrap();
    // Every column of a field of the desk or sensitive class holds its schema's default.
    for f in fields::FIELDS.iter().filter(|f| f.class != Class::Door) {
        let non_empty: i64 = door
            .query_row(
                &format!(
                    "SELECT COUNT(*) FROM delegate WHERE {0} IS NOT NULL AND {0} <> ''",
                    f.column
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(non_empty, 0, "the door copy holds {}", f.name);
    }
    // The door's own fields are there.
    let name: String = door
        .query_row("SELECT family_name FROM delegate", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Zwettlbauer");
    drop(door);
    // And no byte of them anywhere in the file (the door records included).
    let raw = std::fs::read(dir.path().join("door.sqlite3")).unwrap();
    for v in [
        "EXT-QZ-90417",
        "1971-03-14",
        "D7781234",
        "2031-05-30",
        "W-4711QX",
        "quirinella.zwettlbauer@bmeia.example",
        "Counsellor Xylophonist",
        "diplomatic_passport",
    ] {
        assert!(
            !raw.windows(v.len()).any(|w| w == v.as_bytes()),
            "{v} is in the door copy"
        );
    }
    assert!(raw.windows(11).any(|w| w == b"Zwettlbauer"));
}
