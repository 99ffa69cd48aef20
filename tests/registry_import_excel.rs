//! Excel and OpenDocument import and export through the real binary, on workbooks written by
//! another program (Python's openpyxl; LibreOffice converts them to .ods and .xls): the same
//! delegates as the CSV import of the same data, and every bad-input case of the CSV contract
//! in workbook form, each with its exact cell and the database left unchanged.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod registry_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use accredit::Registry;
use accredit::csv_io;
use registry_support::{dump, sample, with_sample};
use serde_json::{Value, json};

/// A Python that has openpyxl (the system one; a pyenv shim first on PATH may lack it).
fn python() -> &'static str {
    for p in ["/usr/bin/python3", "python3"] {
        let ok = Command::new(p)
            .args(["-c", "import openpyxl"])
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return p;
        }
    }
    panic!("these tests need python3 with openpyxl (apt-get install python3-openpyxl)");
}

/// Writes a workbook with openpyxl. `rows` is a list of rows; a cell is null, a string
/// (always stored as text, even `=...`), a number, `{"date": "2015-07-06"}` (a typed Excel
/// date) or `{"error": "#N/A"}` (a cell showing a formula error).
fn workbook(dir: &Path, name: &str, sheet: &str, rows: Value) -> PathBuf {
    let path = dir.join(name);
    let spec = json!({"path": path, "sheet": sheet, "rows": rows});
    let script = r#"
import datetime, json, sys
import openpyxl
spec = json.loads(sys.argv[1])
wb = openpyxl.Workbook()
ws = wb.active
ws.title = spec["sheet"]
for r, row in enumerate(spec["rows"], start=1):
    for c, v in enumerate(row, start=1):
        if v is None:
            continue
        cell = ws.cell(row=r, column=c)
        if isinstance(v, dict) and "date" in v:
            cell.value = datetime.date.fromisoformat(v["date"])
            cell.number_format = "DD/MM/YYYY"
        elif isinstance(v, dict) and "error" in v:
            cell.value = v["error"]
            cell.data_type = "e"
        else:
            cell.value = v
            if isinstance(v, str):
                cell.data_type = "s"
wb.save(spec["path"])
"#;
    let out = Command::new(python())
        .args(["-c", script, &spec.to_string()])
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "openpyxl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

/// Converts workbooks with LibreOffice (`soffice --headless --convert-to EXT`), in one run.
fn convert(dir: &Path, ext: &str, files: &[&Path]) -> Vec<PathBuf> {
    let profile = dir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(dir)
        .args(files)
        .output()
        .expect("soffice runs (apt-get install libreoffice-calc-nogui)");
    assert!(
        out.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    files
        .iter()
        .map(|f| {
            let p = dir.join(f.file_name().expect("name")).with_extension(ext);
            assert!(p.exists(), "soffice made no {}", p.display());
            p
        })
        .collect()
}

/// Runs the binary in `dir` on the database `accredit.sqlite3` there: (exit code, stdout,
/// stderr).
fn accredit(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_accredit"))
        .current_dir(dir)
        .args(["--db", "accredit.sqlite3"])
        .args(args)
        .output()
        .expect("accredit runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn db_dump(dir: &Path) -> String {
    dump(&Registry::open(&dir.join("accredit.sqlite3")).expect("open"))
}

/// Imports `name` (in `dir`), which must be refused: exit status 1, the database unchanged,
/// the plan (the Import screen's preview) finding the same problems. Returns the problem
/// lines.
fn refused(dir: &Path, name: &str) -> Vec<String> {
    let before = db_dump(dir);
    let (code, stdout, stderr) = accredit(dir, &["import", "delegates", name]);
    assert_eq!(code, 1, "stdout {stdout} stderr {stderr}");
    assert_eq!(db_dump(dir), before, "a refused import changed the database");
    let mut lines: Vec<String> = stderr.lines().map(str::to_string).collect();
    let last = lines.pop().unwrap_or_default();
    assert_eq!(
        last,
        format!(
            "accredit: error: {} problem(s) in {name}; nothing was imported",
            lines.len()
        )
    );
    let reg = Registry::open(&dir.join("accredit.sqlite3")).expect("open");
    let plan = csv_io::plan_import(&reg, &dir.join(name)).expect("plan");
    let prefix = format!("{}/", dir.display());
    let planned: Vec<String> = plan
        .errors
        .iter()
        .map(|i| i.to_string().replace(&prefix, ""))
        .collect();
    assert_eq!(planned, lines, "the preview and the import disagree");
    lines
}

/// A folder with the sample imported into `accredit.sqlite3`.
fn sample_dir() -> tempfile::TempDir {
    let (dir, reg) = with_sample();
    drop(reg);
    dir
}

/// The sample CSV's rows as workbook cells: the CSV's neutralising `'` removed (a workbook
/// holds the text itself), single days typed as Excel dates.
fn sample_rows() -> Value {
    let text = std::fs::read_to_string(sample()).expect("sample");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<Value> = r.headers().expect("header").iter().map(|h| json!(h)).collect();
    let days = header.iter().position(|h| h == "days").expect("days column");
    let mut rows = vec![Value::Array(header)];
    for rec in r.records() {
        let rec = rec.expect("record");
        let row = rec
            .iter()
            .enumerate()
            .map(|(j, v)| {
                let v = csv_io::unneutralise(v);
                if v.is_empty() {
                    Value::Null
                } else if j == days && !v.contains(';') {
                    json!({ "date": v })
                } else {
                    json!(v)
                }
            })
            .collect();
        rows.push(Value::Array(row));
    }
    Value::Array(rows)
}

fn export_csv(dir: &Path) -> String {
    let (code, out, err) = accredit(dir, &["export", "delegates", "-"]);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn xlsx_ods_and_xls_import_the_same_delegates_as_the_csv() {
    let csv_dir = tempfile::tempdir().expect("tempdir");
    let (code, out, err) = accredit(
        csv_dir.path(),
        &["import", "delegates", &sample().display().to_string()],
    );
    assert_eq!((code, out.as_str()), (0, "imported 64, updated 0\n"), "{err}");
    let expected = export_csv(csv_dir.path());
    assert_eq!(expected.lines().count(), 65);

    let files = tempfile::tempdir().expect("tempdir");
    let xlsx = workbook(files.path(), "nominations.xlsx", "Sheet1", sample_rows());
    let converted = [
        convert(files.path(), "ods", &[&xlsx]),
        convert(files.path(), "xls", &[&xlsx]),
    ];
    for file in [&xlsx, &converted[0][0], &converted[1][0]] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (code, out, err) = accredit(dir.path(), &["import", "delegates", &file.display().to_string()]);
        assert_eq!(
            (code, out.as_str()),
            (0, "imported 64, updated 0\n"),
            "{}: {err}",
            file.display()
        );
        assert_eq!(export_csv(dir.path()), expected, "{}", file.display());
        // The same workbook again changes nothing.
        let (code, out, _) = accredit(dir.path(), &["import", "delegates", &file.display().to_string()]);
        assert_eq!((code, out.as_str()), (0, "imported 0, updated 0\n"));
    }
}

#[test]
fn numbers_are_read_as_typed_and_dates_as_days() {
    let dir = sample_dir();
    let karpovich = {
        let reg = Registry::open(&dir.path().join("accredit.sqlite3")).expect("open");
        reg.find_delegate("REG-1-000000").expect("delegate").id
    };
    workbook(
        dir.path(),
        "n.xlsx",
        "Sheet1",
        json!([
            ["external_id", "delegation", "family_name", "days", "function", "id"],
            [12345, "AT", "Gruber", {"date": "2015-07-07"}, 42, null],
            ["REG-1-000000", "GB", "Karpovich", "2015-07-06;2015-07-07", "=SUM(A1:A9)", karpovich],
        ]),
    );
    let (code, out, err) = accredit(dir.path(), &["import", "delegates", "n.xlsx"]);
    assert_eq!((code, out.as_str()), (0, "imported 1, updated 1\n"), "{err}");
    let reg = Registry::open(&dir.path().join("accredit.sqlite3")).expect("open");
    let g = reg
        .find_delegate("12345")
        .expect("numeric external id kept as 12345");
    assert_eq!(g.days, ["2015-07-07"]);
    assert_eq!(g.function, "42");
    let k = reg.delegate(karpovich).expect("delegate");
    assert_eq!(k.days, ["2015-07-06", "2015-07-07"]);
    assert_eq!(k.function, "=SUM(A1:A9)");
}

#[test]
fn export_xlsx_has_a_frozen_filtered_header_and_the_csv_columns() {
    let dir = sample_dir();
    let (code, _, err) = accredit(dir.path(), &["export", "delegates", "out.xlsx"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("exported 64 delegates to out.xlsx"), "{err}");
    let script = r#"
import json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
rows = [list(r) for r in ws.iter_rows(values_only=True)]
print(json.dumps({"title": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
    "bold": all(c.font.b for c in ws[1]), "rows": rows}))
"#;
    let out = Command::new(python())
        .args(["-c", script, &dir.path().join("out.xlsx").display().to_string()])
        .output()
        .expect("python");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["title"], "delegates");
    assert_eq!(v["freeze"], "A2");
    assert_eq!(v["filter"], "A1:R65");
    assert_eq!(v["bold"], true);
    let rows = v["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 65);
    // Cell for cell the CSV export's values (ids and versions as numbers).
    let csv_text = export_csv(dir.path());
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<Value> = r.headers().expect("header").iter().map(|h| json!(h)).collect();
    assert_eq!(rows[0], Value::Array(header));
    for (rec, row) in r.records().zip(&rows[1..]) {
        let rec = rec.expect("record");
        let row = row.as_array().expect("row");
        for (j, (want, got)) in rec.iter().zip(row).enumerate() {
            let want = csv_io::unneutralise(want);
            let got = match got {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                other => panic!("unexpected cell {other}"),
            };
            assert_eq!(got, want, "column {j}");
        }
    }
    // Importing the export back changes nothing.
    let (code, out, err) = accredit(dir.path(), &["import", "delegates", "out.xlsx"]);
    assert_eq!((code, out.as_str()), (0, "imported 0, updated 0\n"), "{err}");
    // Only .xlsx is written as a workbook.
    let (code, _, err) = accredit(dir.path(), &["export", "delegates", "out.ods"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("only .xlsx workbooks (or CSV) can be written"),
        "{err}"
    );
    assert!(!dir.path().join("out.ods").exists());
}

// Every bad-input case of the CSV contract (tests/registry_import.rs), in workbook form.

fn case(name: &str, rows: Value) -> Vec<String> {
    let dir = sample_dir();
    workbook(dir.path(), name, "Sheet1", rows);
    refused(dir.path(), name)
}

#[test]
fn unknown_column_is_named_by_its_cell() {
    let e = case(
        "u.xlsx",
        json!([["delegation", "family_name", "nickname"], ["AT", "Gruber", "Evi"]]),
    );
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("u.xlsx:Sheet1!C1: column nickname: unknown column; the columns are external_id,"),
        "{e:?}"
    );
}

#[test]
fn missing_required_columns() {
    assert_eq!(
        case("m.xlsx", json!([["external_id", "given_name"], ["X", "Eva"]])),
        [
            "m.xlsx:Sheet1!A1: column delegation: missing from the header (required)",
            "m.xlsx:Sheet1!A1: column family_name: missing from the header (required)",
        ]
    );
}

#[test]
fn header_problems_name_their_cells() {
    assert_eq!(
        case(
            "hf.xlsx",
            json!([
                ["delegation", null, "family_name", "Family_Name", "given_name"],
                ["AT", null, "Gruber", "Gruber", "Eva"]
            ])
        ),
        [
            "hf.xlsx:Sheet1!B1: column \"\": header field 2 has no name; remove the empty column",
            "hf.xlsx:Sheet1!D1: column family_name: appears twice in the header; keep one",
        ]
    );
}

#[test]
fn a_value_in_a_column_without_header() {
    // The workbook form of "wrong number of fields".
    assert_eq!(
        case(
            "n.xlsx",
            json!([["delegation", "family_name"], ["AT", "Gruber", null, "Eva"]])
        ),
        [
            "n.xlsx:Sheet1!D2: column \"\": a value in column D which has no header; give the column a name in row 1 or clear the cell"
        ]
    );
}

#[test]
fn a_cell_showing_a_formula_error() {
    // The workbook form of a field that cannot be read (broken quoting, bad bytes).
    assert_eq!(
        case(
            "fe.xlsx",
            json!([
                ["delegation", "family_name", "function"],
                ["AT", "Gruber", "Head"],
                ["AT", "Huber", {"error": "#N/A"}]
            ])
        ),
        [
            "fe.xlsx:Sheet1!C3: column function: the cell shows the error #N/A; type the value itself in the cell"
        ]
    );
}

#[test]
fn duplicate_external_id_in_the_sheet() {
    assert_eq!(
        case(
            "d.xlsx",
            json!([
                ["external_id", "delegation", "family_name"],
                ["A-1", "AT", "Gruber"],
                ["A-2", "AT", "Huber"],
                ["A-1", "FR", "Martin"]
            ])
        ),
        ["d.xlsx:Sheet1!A4: column external_id: \"A-1\" is also on row 2; each person may appear only once"]
    );
}

#[test]
fn unknown_delegation_category_zone_and_missing_family_name() {
    assert_eq!(
        case(
            "ud.xlsx",
            json!([
                ["delegation", "family_name", "category", "zones"],
                ["ATX", "Gruber", null, null],
                ["AT", "Gruber", "VIP", null],
                ["AT", "Gruber", null, "PLENARY;VIPLOUNGE"],
                ["AT", "  ", null, null],
                ["AT", null, "DEL", null]
            ])
        ),
        [
            "ud.xlsx:Sheet1!A2: column delegation: unknown delegation \"ATX\"; see `accredit registry list`",
            "ud.xlsx:Sheet1!C3: column category: unknown category \"VIP\"; one of HOD, DEL, PARTNER, IO, NGO, MEDIA, STAFF, GUEST",
            "ud.xlsx:Sheet1!D4: column zones: unknown zone \"VIPLOUNGE\"; one of PLENARY, PRESS, BILATERAL",
            "ud.xlsx:Sheet1!B5: column family_name: is required",
            "ud.xlsx:Sheet1!B6: column family_name: is required",
        ]
    );
}

#[test]
fn days_typed_or_written_that_are_not_event_days() {
    assert_eq!(
        case(
            "nominations.xlsx",
            json!([
                ["external_id", "delegation", "title", "given_name", "days", "family_name"],
                ["N-1", "AT", null, "Eva", "2015-07-06;2015-07-08", "Gruber"],
                ["N-2", "AT", null, "Ida", "06/07/2015", "Huber"],
                ["N-3", "AT", null, "Max", "2015-02-30", "Lang"],
                ["N-4", "AT", null, "Eva", {"date": "2015-07-06"}, "Gruber"],
                ["N-5", "AT", null, "Ute", {"date": "2015-07-09"}, "Berg"],
                ["N-6", "AT", null, "Leo", {"date": "2015-07-07"}, "Wolf"],
            ])
        ),
        [
            "nominations.xlsx:Sheet1!E2: column days: 2015-07-08 is not a day of the event (2015-07-06, 2015-07-07)",
            "nominations.xlsx:Sheet1!E3: column days: \"06/07/2015\" is not a date like 2015-07-06 (separate days with ;)",
            "nominations.xlsx:Sheet1!E4: column days: \"2015-02-30\" is not a date like 2015-07-06 (separate days with ;)",
            "nominations.xlsx:Sheet1!E6: column days: 2015-07-09 is not a day of the event (2015-07-06, 2015-07-07)",
        ]
    );
}

#[test]
fn unreadable_photos_are_relative_to_the_workbook() {
    let dir = sample_dir();
    std::fs::write(dir.path().join("notanimage.jpg"), b"this is text, not a JPEG").expect("write");
    workbook(
        dir.path(),
        "ph.xlsx",
        "Sheet1",
        json!([
            ["delegation", "family_name", "photo"],
            ["AT", "Gruber", "missing.jpg"],
            ["AT", "Huber", "notanimage.jpg"]
        ]),
    );
    let e = refused(dir.path(), "ph.xlsx");
    assert_eq!(e.len(), 2);
    assert!(
        e[0].starts_with("ph.xlsx:Sheet1!C2: column photo: cannot read the photo ")
            && e[0].contains("missing.jpg: No such file")
            && e[0].ends_with("(the path is relative to the workbook's folder)"),
        "{}",
        e[0]
    );
    assert!(
        e[1].starts_with("ph.xlsx:Sheet1!C3: column photo: ")
            && e[1].contains("not a readable JPEG or PNG image"),
        "{}",
        e[1]
    );
}

#[test]
fn empty_sheet_and_header_only() {
    assert_eq!(
        case("e.xlsx", json!([])),
        [
            "e.xlsx:Sheet1!A1: column header: the sheet is empty; the first row must be the header, for example: external_id,delegation,title,given_name,family_name,native_name,function,category,email,days,zones,photo,gender,nationality,birth_date,id_type,id_number,id_country,id_expiry,vehicle_plate"
        ]
    );
    assert_eq!(
        case("h.xlsx", json!([["delegation", "family_name"]])),
        [
            "h.xlsx:Sheet1!A1: column header: the file has a header but no delegates; add one row per delegate below it"
        ]
    );
}

#[test]
fn unknown_status_and_bad_ids() {
    // An unknown id (9999) adds a delegate, as in CSV: exports move between databases.
    assert_eq!(
        case(
            "st.xlsx",
            json!([
                ["id", "delegation", "family_name", "status"],
                [null, "AT", "Gruber", "approved"],
                [9999, "AT", "Huber", null],
                ["abc", "AT", "Lang", null]
            ])
        ),
        [
            "st.xlsx:Sheet1!D2: column status: unknown status \"approved\"; one of pending, accredited, rejected, withdrawn",
            "st.xlsx:Sheet1!A4: column id: \"abc\" is not a delegate id (a whole number)",
        ]
    );
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    assert_eq!(
        case(
            "all.xlsx",
            json!([
                ["external_id", "delegation", "family_name", "category", "days", "zones", "email"],
                ["A", "AT", "Gruber", null, null, null, null],
                ["B", "ZZ", null, "VIP", {"date": "2016-01-01"}, "X", "nobody"],
                ["A", "AT", "Huber", null, null, null, null]
            ])
        ),
        [
            "all.xlsx:Sheet1!B3: column delegation: unknown delegation \"ZZ\"; see `accredit registry list`",
            "all.xlsx:Sheet1!C3: column family_name: is required",
            "all.xlsx:Sheet1!D3: column category: unknown category \"VIP\"; one of HOD, DEL, PARTNER, IO, NGO, MEDIA, STAFF, GUEST",
            "all.xlsx:Sheet1!G3: column email: \"nobody\" is not an e-mail address",
            "all.xlsx:Sheet1!E3: column days: 2016-01-01 is not a day of the event (2015-07-06, 2015-07-07)",
            "all.xlsx:Sheet1!F3: column zones: unknown zone \"X\"; one of PLENARY, PRESS, BILATERAL",
            "all.xlsx:Sheet1!A4: column external_id: \"A\" is also on row 2; each person may appear only once",
        ]
    );
}

#[test]
fn export_columns_and_ids_are_checked_too() {
    let dir = sample_dir();
    let (a, b) = {
        let reg = Registry::open(&dir.path().join("accredit.sqlite3")).expect("open");
        (
            reg.find_delegate("REG-1-000000").expect("a").id,
            reg.find_delegate("REG-1-000001").expect("b").id,
        )
    };
    workbook(
        dir.path(),
        "ex.xlsx",
        "Sheet1",
        json!([
            ["id", "external_id", "delegation", "family_name", "badge_version"],
            [a, null, "GB", "Karpovich", 1],
            [null, "X-9", "AT", "Gruber", "two"],
            [b, "REG-1-000000", "GB", "Karpovich", null],
            [a, "NEW-8", "AT", "Gruber", null]
        ]),
    );
    assert_eq!(
        refused(dir.path(), "ex.xlsx"),
        [
            format!("ex.xlsx:Sheet1!A2: column id: delegate {a} has external_id \"REG-1-000000\"; put it in the external_id column to update it"),
            "ex.xlsx:Sheet1!E3: column badge_version: \"two\" is not a whole number (the column is informational; use `accredit reissue`)".to_string(),
            format!("ex.xlsx:Sheet1!A4: column id: \"{b}\" does not match external_id \"REG-1-000000\", which is delegate {a}; correct the id or leave it empty"),
            format!("ex.xlsx:Sheet1!A5: column id: delegate {a} already has external_id \"REG-1-000000\", not \"NEW-8\"; correct one of the two columns"),
        ]
    );
}

#[test]
fn the_same_delegate_twice_and_a_header_below_title_rows() {
    let dir = sample_dir();
    let (code, out, err) = {
        workbook(
            dir.path(),
            "one.xlsx",
            "Sheet1",
            json!([["delegation", "family_name"], ["AT", "Gruber"]]),
        );
        accredit(dir.path(), &["import", "delegates", "one.xlsx"])
    };
    assert_eq!((code, out.as_str()), (0, "imported 1, updated 0\n"), "{err}");
    let id = {
        let reg = Registry::open(&dir.path().join("accredit.sqlite3")).expect("open");
        reg.delegates()
            .expect("delegates")
            .iter()
            .find(|d| d.family_name == "Gruber")
            .expect("Gruber")
            .id
    };
    // Blank rows above the header; the sheet's name has a space; columns start at B.
    workbook(
        dir.path(),
        "tw.xlsx",
        "Nominations 2015",
        json!([
            [],
            [],
            [null, "id", "external_id", "delegation", "family_name"],
            [null, id, "NEW-1", "AT", "Gruber"],
            [null, id, null, "AT", "Gruber"],
            [null, null, null, "XX", "Lang"]
        ]),
    );
    assert_eq!(
        refused(dir.path(), "tw.xlsx"),
        [
            format!("tw.xlsx:'Nominations 2015'!B5: column id: row 4 already updates delegate {id}; each person may appear only once"),
            "tw.xlsx:'Nominations 2015'!D6: column delegation: unknown delegation \"XX\"; see `accredit registry list`".to_string(),
        ]
    );
}

#[test]
fn ods_and_xls_name_their_cells_too() {
    let dir = sample_dir();
    let x = workbook(
        dir.path(),
        "lo.xlsx",
        "Sheet1",
        json!([
            ["delegation", "family_name", "days"],
            ["AT", "Gruber", {"date": "2015-07-08"}],
            ["ZZ", "Huber", null]
        ]),
    );
    let ods = convert(dir.path(), "ods", &[&x]);
    let xls = convert(dir.path(), "xls", &[&x]);
    for (p, name) in [(&ods[0], "lo.ods"), (&xls[0], "lo.xls")] {
        assert!(p.ends_with(name));
        assert_eq!(
            refused(dir.path(), name),
            [
                format!(
                    "{name}:Sheet1!C2: column days: 2015-07-08 is not a day of the event (2015-07-06, 2015-07-07)"
                ),
                format!(
                    "{name}:Sheet1!A3: column delegation: unknown delegation \"ZZ\"; see `accredit registry list`"
                ),
            ]
        );
    }
}

#[test]
fn a_file_that_is_not_a_workbook_is_refused_clearly() {
    let dir = sample_dir();
    std::fs::write(dir.path().join("fake.xlsx"), b"external_id,delegation\n").expect("write");
    let before = db_dump(dir.path());
    let (code, _, err) = accredit(dir.path(), &["import", "delegates", "fake.xlsx"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot read the workbook") && err.contains("fake.xlsx"),
        "{err}"
    );
    assert_eq!(db_dump(dir.path()), before);
}
