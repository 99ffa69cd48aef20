//! Nominations through the real binary: quotas as event data, the nomination workbook
//! written by accredit, filled by another program (Python's openpyxl) and passed through
//! LibreOffice, read back; every refusal (a row for another delegation, a locked cell
//! changed, another event's workbook, an edited identity) named by sheet and cell with the
//! database left unchanged; quotas exceeded; a re-sent workbook merged three ways after desk
//! edits.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod registry_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use accredit::Registry;
use accredit::registry::delegates;
use registry_support::dump;
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

/// Runs a Python script with openpyxl and one JSON argument; returns its stdout.
fn py(script: &str, arg: Value) -> String {
    let out = Command::new(python())
        .args(["-c", script, &arg.to_string()])
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "openpyxl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Fills a workbook with openpyxl as a focal point would: `edits` is a list of
/// `[sheet, cell, value]`; saved as `to`.
fn fill(from: &Path, to: &Path, edits: Value) {
    let script = r#"
import json, sys
import openpyxl
spec = json.loads(sys.argv[1])
wb = openpyxl.load_workbook(spec["from"])
for sheet, cell, value in spec["edits"]:
    wb[sheet][cell] = value
wb.save(spec["to"])
"#;
    py(script, json!({"from": from, "to": to, "edits": edits}));
}

/// Four people for AT: a head of delegation and three delegates.
fn four_people() -> Value {
    json!([
        ["nominations", "D2", "H.E. Ms."],
        ["nominations", "E2", "Anna"],
        ["nominations", "F2", "Berger"],
        ["nominations", "I2", "HOD"],
        ["nominations", "D3", "Mr."],
        ["nominations", "E3", "Karl"],
        ["nominations", "F3", "Huber"],
        ["nominations", "I3", "DEL"],
        ["nominations", "H3", "Counsellor"],
        ["nominations", "D4", "Ms."],
        ["nominations", "E4", "Eva"],
        ["nominations", "F4", "Gruber"],
        ["nominations", "I4", "DEL"],
        ["nominations", "K4", "2015-07-06"],
        ["nominations", "M4", "F"],
        ["nominations", "N4", "AT"],
        ["nominations", "P4", "diplomatic_passport"],
        ["nominations", "Q4", "D1234567"],
        ["nominations", "R4", "AT"],
        ["nominations", "D5", "Dr."],
        ["nominations", "E5", "Max"],
        ["nominations", "F5", "Bauer"],
        ["nominations", "I5", "DEL"],
        ["nominations", "J5", "max.bauer@bmeia.gv.at"]
    ])
}

/// Converts a workbook with LibreOffice (`soffice --headless --convert-to xlsx`) into
/// `dir/lo/`, as a focal point saving it from LibreOffice would.
fn through_libreoffice(dir: &Path, file: &Path) -> PathBuf {
    let out_dir = dir.join("lo");
    let profile = dir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args([
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(file)
        .output()
        .expect("soffice runs (apt-get install libreoffice-calc-nogui)");
    assert!(
        out.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = out_dir.join(file.file_name().expect("name"));
    assert!(p.exists(), "soffice made no {}", p.display());
    p
}

/// Runs the binary in `dir` on `accredit.sqlite3` there: (exit code, stdout, stderr).
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

fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = accredit(dir, args);
    assert_eq!(code, 0, "{args:?}: stdout {stdout} stderr {stderr}");
    stdout
}

fn db_dump(dir: &Path) -> String {
    dump(&Registry::open(&dir.join("accredit.sqlite3")).expect("open"))
}

/// A registry with quotas (States: HOD 1, DEL 4; Austria: DEL 2) and AT's workbook.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    ok(
        dir.path(),
        &[
            "event",
            "set",
            "--quota",
            "participating_state=HOD:1,DEL:4",
            "--quota",
            "AT=DEL:2",
            "--nomination-deadline",
            "2015-06-19",
        ],
    );
    let book = dir.path().join("at.xlsx");
    let out = ok(
        dir.path(),
        &[
            "nominations",
            "workbook",
            "--delegation",
            "AT",
            "--out",
            "at.xlsx",
        ],
    );
    assert_eq!(out.trim(), "at.xlsx AT serial 1");
    (dir, book)
}

/// (family_name, external_id, category, status, status_reason) of AT's delegates, by id.
fn austria(dir: &Path) -> Vec<(String, String, String, String, String)> {
    let reg = Registry::open(&dir.join("accredit.sqlite3")).expect("open");
    let mut st = reg
        .conn()
        .prepare(
            "SELECT family_name, COALESCE(external_id, ''), category, status, status_reason \
             FROM delegate WHERE delegation = 'AT' ORDER BY id",
        )
        .unwrap();
    st.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn row(
    f: &str,
    ext: &str,
    cat: &str,
    status: &str,
    reason: &str,
) -> (String, String, String, String, String) {
    (f.into(), ext.into(), cat.into(), status.into(), reason.into())
}

/// Imports `file` (in `dir`), which must be refused: exit status 1 and the database
/// unchanged. Returns the problem lines.
fn refused(dir: &Path, file: &str) -> Vec<String> {
    let before = db_dump(dir);
    let (code, stdout, stderr) = accredit(dir, &["import", "delegates", file]);
    assert_eq!(code, 1, "stdout {stdout} stderr {stderr}");
    assert_eq!(db_dump(dir), before, "a refused import changed the database");
    let mut lines: Vec<String> = stderr.lines().map(str::to_string).collect();
    let last = lines.pop().unwrap_or_default();
    assert!(last.ends_with("nothing was imported"), "{last}");
    lines
}

#[test]
fn quotas_are_event_data_and_decide_a_csv_imports_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(
        d,
        &[
            "event",
            "set",
            "--quota",
            "participating_state=HOD:1,DEL:2",
            "--quota",
            "at=del:3",
        ],
    );
    let show = ok(d, &["event", "show"]);
    assert!(
        show.contains("Nominations: deadline none; within quota: accredited"),
        "{show}"
    );
    assert!(show.contains("  AT=DEL:3\n"), "{show}");
    assert!(show.contains("  participating_state=DEL:2,HOD:1\n"), "{show}");
    // A category that is not the event's, or a target that is neither kind nor code: refused.
    let before = db_dump(d);
    let (code, _, err) = accredit(d, &["event", "set", "--quota", "AT=XYZ:1"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("\"XYZ\" (quota of AT) is not a category of the event"),
        "{err}"
    );
    let (code, _, err) = accredit(d, &["event", "set", "--quota", "ZZ=DEL:1"]);
    assert_eq!(code, 1);
    assert!(err.contains("\"ZZ\" is neither a delegation kind"), "{err}");
    assert_eq!(db_dump(d), before);

    std::fs::write(
        d.join("n.csv"),
        "delegation,family_name,category\nDE,Eins,DEL\nDE,Zwei,DEL\nDE,Drei,DEL\nAT,Eins,DEL\nAT,Zwei,DEL\nAT,Drei,DEL\nAT,Vier,DEL\nDE,Chef,HOD\n",
    )
    .unwrap();
    assert_eq!(
        ok(d, &["import", "delegates", "n.csv"]).trim(),
        "imported 8, updated 0"
    );
    let reg = Registry::open(&d.join("accredit.sqlite3")).unwrap();
    let statuses: Vec<(String, String, String, String)> = reg
        .conn()
        .prepare("SELECT delegation, family_name, status, status_reason FROM delegate ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let s = |a: &str, b: &str, c: &str, e: &str| (a.to_string(), b.to_string(), c.to_string(), e.to_string());
    assert_eq!(
        statuses,
        vec![
            s("DE", "Eins", "accredited", ""),
            s("DE", "Zwei", "accredited", ""),
            s("DE", "Drei", "pending", "over quota (DEL 3 of 2)"),
            s("AT", "Eins", "accredited", ""),
            s("AT", "Zwei", "accredited", ""),
            s("AT", "Drei", "accredited", ""),
            s("AT", "Vier", "pending", "over quota (DEL 4 of 3)"),
            s("DE", "Chef", "accredited", ""),
        ]
    );
    drop(reg);
    // With approval required, nominations within quota come in pending (without a reason).
    ok(d, &["event", "set", "--approval", "required"]);
    assert!(ok(d, &["event", "show"]).contains("within quota: pending (approval required)"));
    std::fs::write(d.join("m.csv"), "delegation,family_name,category\nFR,Un,DEL\n").unwrap();
    ok(d, &["import", "delegates", "m.csv"]);
    let reg = Registry::open(&d.join("accredit.sqlite3")).unwrap();
    let (st, reason): (String, String) = reg
        .conn()
        .query_row(
            "SELECT status, status_reason FROM delegate WHERE delegation = 'FR'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((st.as_str(), reason.as_str()), ("pending", ""));
    drop(reg);
    // stats: nominated, accredited and quota per delegation; who has not answered.
    let stats = ok(d, &["stats"]);
    let at = stats
        .lines()
        .find(|l| l.starts_with("AT ") && l.contains("DEL 4/3"))
        .expect(&stats);
    let cells: Vec<&str> = at.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(cells, vec!["AT", "Austria", "4", "3", "DEL 4/3, HOD 0/1"], "{at}");
    let not = stats
        .lines()
        .find(|l| l.starts_with("Not answered"))
        .expect(&stats);
    assert!(
        not.contains("AL") && !not.contains(" AT,") && !not.contains(" DE,"),
        "{not}"
    );
    let json: Value = serde_json::from_str(&ok(d, &["stats", "--json"])).unwrap();
    let de = json["nominations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "DE")
        .unwrap();
    assert_eq!(de["nominated"], 4);
    assert_eq!(de["accredited"], 3);
    assert_eq!(de["quotas"], json!([["DEL", 2, 3], ["HOD", 1, 1]]));
}

#[test]
fn the_workbook_is_locked_signed_and_lists_the_choices() {
    let (dir, book) = setup();
    let script = r#"
import json, sys
import openpyxl
wb = openpyxl.load_workbook(json.loads(sys.argv[1]))
out = {"sheets": [[n, wb[n].sheet_state, bool(wb[n].protection.sheet)] for n in wb.sheetnames]}
ws = wb["nominations"]
out["header"] = [c.value for c in ws[1]]
out["row2"] = [c.value for c in ws[2]]
out["rows"] = ws.max_row
out["locked"] = {c: ws[c].protection.locked for c in ["A2", "B2", "C2", "D2", "F2", "T31", "A31", "F32"]}
out["validations"] = sorted([str(d.sqref), d.formula1, d.errorStyle or "stop"] for d in ws.data_validations.dataValidation)
lists = wb["lists"]
out["lists"] = [[c.value for c in col if c.value is not None] for col in lists.iter_cols()]
out["identity"] = [[c.value for c in r] for r in wb["accredit_identity"].iter_rows()]
inst = wb["instructions"]
out["instructions"] = [[c.value for c in r] for r in inst.iter_rows()]
print(json.dumps(out))
"#;
    for file in [book.clone(), through_libreoffice(dir.path(), &book)] {
        let got: Value = serde_json::from_str(&py(script, json!(file))).unwrap();
        assert_eq!(
            got["sheets"],
            json!([
                ["instructions", "visible", true],
                ["nominations", "visible", true],
                ["lists", "hidden", true],
                ["accredit_identity", "hidden", true]
            ]),
            "{}",
            file.display()
        );
        let header = [
            "event",
            "external_id",
            "delegation",
            "title",
            "given_name",
            "family_name",
            "native_name",
            "function",
            "category",
            "email",
            "days",
            "zones",
            "gender",
            "nationality",
            "birth_date",
            "id_type",
            "id_number",
            "id_country",
            "id_expiry",
            "vehicle_plate",
        ];
        assert_eq!(got["header"], json!(header));
        let mut row2 = vec![json!("AATIP15"), json!("N1-AT-001"), json!("AT")];
        row2.resize(header.len(), Value::Null);
        assert_eq!(got["row2"], json!(row2));
        // Quotas 1 + 4 (HOD, AT's own DEL 2 replaces the kind's 4 only for DEL): 30 rows.
        assert_eq!(got["rows"], 31);
        assert_eq!(
            got["locked"],
            json!({"A2": true, "B2": true, "C2": true, "D2": false, "F2": false, "T31": false, "A31": true, "F32": true})
        );
        assert_eq!(
            got["validations"],
            json!([
                ["D2:D31", "lists!$A$2:$A$11", "information"],
                ["I2:I31", "lists!$B$2:$B$9", "stop"],
                ["K2:K31", "lists!$C$2:$C$4", "stop"],
                ["L2:L31", "lists!$D$2:$D$8", "stop"],
                ["M2:M31", "lists!$E$2:$E$4", "stop"],
                ["N2:N31", "lists!$G$2:$G$250", "stop"],
                ["P2:P31", "lists!$F$2:$F$5", "stop"],
                ["R2:R31", "lists!$H$2:$H$250", "stop"]
            ])
        );
        let lists = got["lists"].as_array().unwrap();
        assert_eq!(
            lists[1],
            json!([
                "category", "HOD", "DEL", "PARTNER", "IO", "NGO", "MEDIA", "STAFF", "GUEST"
            ])
        );
        assert_eq!(
            lists[2],
            json!(["days", "2015-07-06", "2015-07-07", "2015-07-06;2015-07-07"])
        );
        assert_eq!(
            lists[3].as_array().unwrap().len(),
            8,
            "zones: the header and 7 combinations"
        );
        assert_eq!(lists[4], json!(["gender", "F", "M", "X"]));
        assert_eq!(
            lists[5],
            json!([
                "id_type",
                "passport",
                "diplomatic_passport",
                "service_passport",
                "id_card"
            ])
        );
        assert_eq!(lists[6][0], "nationality");
        assert!(lists[6].as_array().unwrap().contains(&json!("AT")));
        let identity = got["identity"].as_array().unwrap();
        assert_eq!(identity[0], json!(["format", "accredit-nomination-workbook/1"]));
        assert_eq!(identity[1], json!(["event", "AATIP15"]));
        assert_eq!(identity[2], json!(["delegation", "AT"]));
        assert_eq!(identity[3], json!(["serial", "1"]));
        assert_eq!(
            identity[4][1].as_str().unwrap().len(),
            128,
            "an Ed25519 signature in hex"
        );
        let text = got["instructions"].to_string();
        for needle in [
            "Delegation: Austria (AT)",
            "Délégation : Autriche (AT)",
            "by 2015-06-19",
            "avant le 2015-06-19",
            "HOD (HEAD OF DELEGATION): 1",
            "DEL (DELEGATION): 2",
        ] {
            assert!(text.contains(needle), "{needle:?} not in {text}");
        }
    }
}

#[test]
fn a_workbook_filled_by_openpyxl_and_by_libreoffice_imports_with_quotas() {
    for libreoffice in [false, true] {
        let (dir, book) = setup();
        let d = dir.path();
        let filled = d.join("at-filled.xlsx");
        fill(&book, &filled, four_people());
        let file = if libreoffice {
            through_libreoffice(d, &filled)
        } else {
            filled
        };
        let name = file.strip_prefix(d).unwrap().to_str().unwrap().to_string();
        assert_eq!(
            ok(d, &["import", "delegates", &name]).trim(),
            "imported 4, updated 0"
        );
        assert_eq!(
            austria(d),
            vec![
                row("Berger", "N1-AT-001", "HOD", "accredited", ""),
                row("Huber", "N1-AT-002", "DEL", "accredited", ""),
                row("Gruber", "N1-AT-003", "DEL", "accredited", ""),
                row("Bauer", "N1-AT-004", "DEL", "pending", "over quota (DEL 3 of 2)"),
            ],
            "libreoffice: {libreoffice}"
        );
        let reg = Registry::open(&d.join("accredit.sqlite3")).unwrap();
        let gruber = delegates::find(reg.conn(), "N1-AT-003").unwrap();
        assert_eq!(gruber.days, vec!["2015-07-06".to_string()]);
        assert_eq!(
            (
                gruber.gender.as_str(),
                gruber.nationality.as_str(),
                gruber.id_type.as_str(),
                gruber.id_number.as_str()
            ),
            ("F", "AT", "diplomatic_passport", "D1234567")
        );
        let returned: Option<String> = reg
            .conn()
            .query_row(
                "SELECT returned_at FROM nomination_workbook WHERE serial = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(returned.is_some(), "the workbook is marked returned");
    }
}

#[test]
fn refusals_name_their_sheet_and_cell_and_write_nothing() {
    let (dir, book) = setup();
    let d = dir.path();
    let base = d.join("base.xlsx");
    fill(&book, &base, four_people());
    let case = |name: &str, edits: Value| -> Vec<String> {
        fill(&base, &d.join(name), edits);
        refused(d, name)
    };
    // A row naming another delegation.
    assert_eq!(
        case("other-delegation.xlsx", json!([["nominations", "C3", "DE"]])),
        vec![
            "other-delegation.xlsx:nominations!C3: column delegation: this row names delegation \"DE\", but the workbook was issued to AT: a delegation nominates only its own people; send another delegation's people in its own workbook"
        ]
    );
    // Locked cells changed (the sheet unprotected): the event and an external id.
    let lines = case(
        "locked.xlsx",
        json!([
            ["nominations", "A4", "OTHER15"],
            ["nominations", "B5", "N1-AT-017"]
        ]),
    );
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("locked.xlsx:nominations!A4: column event: this row names event \"OTHER15\""),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with(
            "locked.xlsx:nominations!B5: column external_id: the external_id cell is locked and was changed"
        ),
        "{lines:?}"
    );
    // The header changed.
    let lines = case("header.xlsx", json!([["nominations", "F1", "surname"]]));
    assert_eq!(
        lines,
        vec![
            "header.xlsx:nominations!F1: column family_name: the header is locked: this cell must read \"family_name\", not \"surname\"; do not rename, move or remove columns"
        ]
    );
    // A problem of a field, by the one rule of every import, at its cell.
    let lines = case(
        "field.xlsx",
        json!([
            ["nominations", "I4", "VIP"],
            ["nominations", "J3", "not-an-email"],
            ["nominations", "M5", "Q"]
        ]),
    );
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with("field.xlsx:nominations!J3: column email:"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("field.xlsx:nominations!I4: column category:"),
        "{lines:?}"
    );
    assert!(
        lines[2].starts_with("field.xlsx:nominations!M5: column gender:"),
        "{lines:?}"
    );
    // A value far outside the sheet (the last cell of a sheet): refused at its cell, and
    // nothing of the empty space allocated.
    assert_eq!(
        case("far.xlsx", json!([["nominations", "XFD1048576", "x"]])),
        vec![
            "far.xlsx:nominations!XFD1048576: column \"\": a value outside the nomination sheet's rows and columns; clear the cell"
        ]
    );
    // A value right of the last column, in a person's row.
    let lines = case("right.xlsx", json!([["nominations", "W3", "extra"]]));
    assert_eq!(
        lines,
        vec![
            "right.xlsx:nominations!W3: column \"\": a value in column W which has no header; clear the cell"
        ]
    );
    // An edited identity: the delegation in the hidden sheet changed to another one.
    assert_eq!(
        case(
            "identity.xlsx",
            json!([["accredit_identity", "B3", "DE"], ["nominations", "C2", "DE"]])
        ),
        vec![
            "identity.xlsx:accredit_identity!B5: column signature: the workbook's identity (event, delegation, serial) does not match its signature: it was edited or comes from another registry; ask for a new workbook with `accredit nominations workbook`"
        ]
    );
    // The serial edited.
    let lines = case("serial.xlsx", json!([["accredit_identity", "B4", "2"]]));
    assert!(
        lines[0].starts_with("serial.xlsx:accredit_identity!B5: column signature:"),
        "{lines:?}"
    );

    // Another event's workbook (another code), and one of a registry with the same code but
    // another key.
    for (other_code, expected) in [
        (
            Some("OTHER15"),
            "accredit_identity!B2: column event: this workbook was issued for event OTHER15, not AATIP15",
        ),
        (
            None,
            "accredit_identity!B5: column signature: the workbook's identity (event, delegation, serial) does not match its signature",
        ),
    ] {
        let other = tempfile::tempdir().unwrap();
        if let Some(code) = other_code {
            ok(other.path(), &["event", "set", "--code", code]);
        }
        ok(
            other.path(),
            &[
                "nominations",
                "workbook",
                "--delegation",
                "AT",
                "--out",
                "at.xlsx",
            ],
        );
        fill(
            &other.path().join("at.xlsx"),
            &d.join("foreign.xlsx"),
            four_people(),
        );
        if let Some(code) = other_code {
            // The event cells name the workbook's own event.
            let lines_script = r#"
import json, sys
import openpyxl
wb = openpyxl.load_workbook(json.loads(sys.argv[1]))
print(wb["nominations"]["A2"].value)
"#;
            assert_eq!(py(lines_script, json!(d.join("foreign.xlsx"))).trim(), code);
        }
        let lines = refused(d, "foreign.xlsx");
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with(&format!("foreign.xlsx:{expected}")),
            "{lines:?}"
        );
    }
}

#[test]
fn a_resent_workbook_merges_three_ways_after_desk_edits() {
    let (dir, book) = setup();
    let d = dir.path();
    let v1 = d.join("v1.xlsx");
    fill(&book, &v1, four_people());
    assert_eq!(
        ok(d, &["import", "delegates", "v1.xlsx"]).trim(),
        "imported 4, updated 0"
    );
    // The desk corrects Huber's function and Gruber's e-mail.
    {
        let mut reg = Registry::open(&d.join("accredit.sqlite3")).unwrap();
        for (ext, f) in [("N1-AT-002", "function"), ("N1-AT-003", "email")] {
            let mut p = delegates::find(reg.conn(), ext).unwrap();
            if f == "function" {
                p.function = "Minister Counsellor".into();
            } else {
                p.email = "eva.gruber@bmeia.gv.at".into();
            }
            reg.update_delegate(&p).unwrap();
        }
    }
    // The focal point re-sends the same workbook: Gruber's family name corrected, Huber's row
    // as before (its function still "Counsellor"), and a fifth person (a second HOD: over quota).
    let v2 = d.join("v2.xlsx");
    fill(
        &v1,
        &v2,
        json!([
            ["nominations", "F4", "Gruber-Wagner"],
            ["nominations", "E6", "Lena"],
            ["nominations", "F6", "Steiner"],
            ["nominations", "I6", "HOD"]
        ]),
    );
    let v2 = through_libreoffice(d, &v2);
    let name = v2.strip_prefix(d).unwrap().to_str().unwrap().to_string();
    // The preview (the Import screen's) shows the delegation, the quota status and each row.
    {
        let reg = Registry::open(&d.join("accredit.sqlite3")).unwrap();
        let plan = accredit::csv_io::plan_import(&reg, &v2).unwrap();
        assert!(plan.errors.is_empty(), "{:?}", plan.errors);
        let n = plan
            .nomination
            .as_ref()
            .expect("recognised as a nomination workbook");
        assert_eq!((n.identity.delegation.as_str(), n.identity.serial), ("AT", 1));
        assert_eq!(n.delegation_name, "Austria");
        // Counted: every nomination neither rejected nor withdrawn (Bauer, pending, too).
        assert_eq!(n.quota_text(), "DEL 3/2, HOD 2/1");
        let rows: Vec<(usize, String, Option<String>, Vec<&str>)> = n
            .rows
            .iter()
            .map(|r| {
                (
                    r.row,
                    r.status.as_str().to_string(),
                    r.reason.clone(),
                    r.kept.clone(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                (2, "accredited".into(), None, vec![]),
                (3, "accredited".into(), None, vec!["function"]),
                (4, "accredited".into(), None, vec!["email"]),
                (5, "pending".into(), None, vec![]),
                (
                    6,
                    "pending".into(),
                    Some("over quota (HOD 2 of 1)".into()),
                    vec![]
                ),
            ]
        );
    }
    let (code, stdout, stderr) = accredit(d, &["import", "delegates", &name]);
    assert_eq!((code, stdout.trim()), (0, "imported 1, updated 1"), "{stderr}");
    // What the import did beyond the counts, on standard error.
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        vec![
            "lo/v2.xlsx: nomination workbook of Austria (AT), serial 1; quota after import: DEL 3/2, HOD 2/1".to_string(),
            "lo/v2.xlsx:nominations!A3: Mr. Karl HUBER: the desk's function kept (the workbook did not change it since it was last sent)".to_string(),
            "lo/v2.xlsx:nominations!A4: Ms. Eva GRUBER-WAGNER: the desk's email kept (the workbook did not change it since it was last sent)".to_string(),
            "lo/v2.xlsx:nominations!A6: Lena STEINER: pending, over quota (HOD 2 of 1)".to_string(),
        ]
    );
    let reg = Registry::open(&d.join("accredit.sqlite3")).unwrap();
    let huber = delegates::find(reg.conn(), "N1-AT-002").unwrap();
    assert_eq!(huber.function, "Minister Counsellor", "the desk's edit is kept");
    let gruber = delegates::find(reg.conn(), "N1-AT-003").unwrap();
    assert_eq!(gruber.family_name, "Gruber-Wagner", "the file's change is taken");
    assert_eq!(gruber.email, "eva.gruber@bmeia.gv.at", "the desk's edit is kept");
    let steiner = delegates::find(reg.conn(), "N1-AT-005").unwrap();
    assert_eq!(steiner.status.as_str(), "pending");
    drop(reg);
    // The same file again changes nothing.
    assert_eq!(
        ok(d, &["import", "delegates", &name]).trim(),
        "imported 0, updated 0"
    );
    // Now the file changes Huber's function too, which the desk had changed since the last
    // workbook: both changed it, a conflict (issue 20's three-way merge): the desk's value
    // stays until someone resolves it, and the conflict is listed.
    let v3 = d.join("v3.xlsx");
    fill(&v2, &v3, json!([["nominations", "H3", "Ambassador"]]));
    let (code, stdout, stderr) = accredit(d, &["import", "delegates", "v3.xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("imported 0"), "{stdout}");
    assert!(
        format!("{stdout}{stderr}").contains("function"),
        "the conflicting cell is named: {stdout}{stderr}"
    );
    let reg = Registry::open(&d.join("accredit.sqlite3")).unwrap();
    assert_eq!(
        delegates::find(reg.conn(), "N1-AT-002").unwrap().function,
        "Minister Counsellor"
    );
    let (_, conflicts, _) = accredit(d, &["conflicts"]);
    assert!(conflicts.contains("function"), "{conflicts}");
    // What the workbooks said of each person is personal data: the purge removes it.
    let remembered = |reg: &Registry| -> i64 {
        reg.conn()
            .query_row("SELECT COUNT(*) FROM nomination_row", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(remembered(&reg), 5);
    drop(reg);
    ok(d, &["purge", "--personal-data", "--yes"]);
    let reg = Registry::open(&d.join("accredit.sqlite3")).unwrap();
    assert_eq!(remembered(&reg), 0);
}

#[test]
fn all_writes_one_workbook_per_delegation_in_protocol_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // One file that cannot be written (a folder in its place): no workbook left behind, no
    // serial issued.
    ok(d, &["event", "show"]);
    let dels = Registry::open(&d.join("accredit.sqlite3"))
        .unwrap()
        .delegations(accredit::registry::NameOrder::En)
        .unwrap();
    let blocked = d.join(format!("books/003-{}.xlsx", dels[2].code));
    std::fs::create_dir_all(blocked.join("inside")).unwrap();
    let before = db_dump(d);
    let (code, _, err) = accredit(d, &["nominations", "workbook", "--all", "--out", "books"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no workbook was written"), "{err}");
    assert_eq!(db_dump(d), before);
    let left: Vec<_> = std::fs::read_dir(d.join("books"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![blocked.file_name().unwrap().to_owned()]);
    std::fs::remove_dir_all(&blocked).unwrap();

    let out = ok(d, &["nominations", "workbook", "--all", "--out", "books"]);
    let reg = Registry::open(&d.join("accredit.sqlite3")).unwrap();
    let dels = reg.delegations(accredit::registry::NameOrder::En).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), dels.len());
    for (i, (line, del)) in lines.iter().zip(&dels).enumerate() {
        let expected = format!(
            "books/{:03}-{}.xlsx {} serial {}",
            i + 1,
            del.code,
            del.code,
            i + 1
        );
        assert_eq!(*line, expected);
        assert!(d.join(format!("books/{:03}-{}.xlsx", i + 1, del.code)).exists());
    }
    // A delegation that does not exist: nothing written, no serial issued.
    drop(reg);
    let before = db_dump(d);
    let (code, _, err) = accredit(
        d,
        &[
            "nominations",
            "workbook",
            "--delegation",
            "XX",
            "--out",
            "xx.xlsx",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("\"XX\" is not a delegation of the registry"),
        "{err}"
    );
    assert!(!d.join("xx.xlsx").exists());
    assert_eq!(db_dump(d), before);
}
