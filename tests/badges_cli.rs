//! The real binary: `accredit badges`, `accredit reissue`, `accredit participants`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod badges_common;

use std::path::Path;
use std::process::{Command, Output};

use badges_common::*;

fn accredit(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accredit"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ACCREDIT_OPERATOR", "test")
        .output()
        .expect("run accredit")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn badges_then_reissue_then_only_the_reissued_badge() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("accredit.sqlite3");
    let ids = {
        let mut reg = registry(dir.path());
        add_csv(&mut reg, &fixtures().join("delegates-sample.csv"))
    };
    let out = dir.path().join("badges.pdf");
    let o = accredit(
        &db,
        &["badges", "--out", out.to_str().unwrap(), "--layout", "a4x4"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(
        s.contains(&format!(
            "Printed {} badge(s) on {} page(s), layout a4x4",
            ids.len(),
            ids.len().div_ceil(4)
        )),
        "{s}"
    );
    // Glyph warnings name the delegate and the characters.
    let e = stderr(&o);
    assert!(
        e.contains("warning: delegate") && e.contains("Mr. Kenji SATO") && e.contains("佐藤 健二"),
        "{e}"
    );
    assert!(e.contains("يوسف الخطيب"), "{e}");
    qpdf_check(&out);

    // Second run: nothing to print, no file.
    let again = dir.path().join("again.pdf");
    let o = accredit(&db, &["badges", "--out", again.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("Nothing to print"), "{}", stdout(&o));
    assert!(!again.exists());

    // Reissue by external id.
    let o = accredit(&db, &["reissue", "PUB-X-002"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("badge version 2 issued"), "{}", stdout(&o));
    // Reissue by id.
    let o = accredit(&db, &["reissue", &ids[0].to_string()]);
    assert!(stdout(&o).contains("badge version 2 issued"), "{}", stdout(&o));
    let o = accredit(&db, &["reissue", "NO-SUCH-REF"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("NO-SUCH-REF"), "{}", stderr(&o));

    let third = dir.path().join("third.pdf");
    let o = accredit(&db, &["badges", "--out", third.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Printed 2 badge(s)"), "{}", stdout(&o));
    let text = pdftotext(&third);
    assert!(
        text.contains("Olena KOVALENKO") && text.contains("Олена Коваленко"),
        "{text}"
    );

    // --all --delegation, --id, bad layout.
    let ua = dir.path().join("ua.pdf");
    let o = accredit(
        &db,
        &[
            "badges",
            "--out",
            ua.to_str().unwrap(),
            "--all",
            "--delegation",
            "ua",
        ],
    );
    assert!(
        stdout(&o).contains("Printed 1 badge(s)"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let one = dir.path().join("one.pdf");
    let o = accredit(
        &db,
        &[
            "badges",
            "--out",
            one.to_str().unwrap(),
            "--id",
            "REG-1-000005",
            "--layout",
            "a6",
        ],
    );
    assert!(
        stdout(&o).contains("Printed 1 badge(s) on 1 page(s), layout a6"),
        "{}",
        stderr(&o)
    );
    let o = accredit(&db, &["badges", "--out", one.to_str().unwrap(), "--layout", "a5"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cr80, a6 or a4x4"), "{}", stderr(&o));

    // A failed print: output folder missing; error names it, exit code 1.
    let o = accredit(
        &db,
        &[
            "badges",
            "--all",
            "--out",
            dir.path().join("nope/x.pdf").to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("nope"), "{}", stderr(&o));
}

#[test]
fn participants_pdf_and_csv_in_protocol_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("accredit.sqlite3");
    {
        let mut reg = registry(dir.path());
        add_csv(&mut reg, &fixtures().join("delegates-sample.csv"));
    }
    let pdf = dir.path().join("participants.pdf");
    let o = accredit(&db, &["participants", "--out", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("64 participant(s)"), "{}", stdout(&o));
    qpdf_check(&pdf);
    if let Ok(keep) = std::env::var("ACCREDIT_KEEP_PDF") {
        std::fs::copy(&pdf, Path::new(&keep).join("participants.pdf")).unwrap();
    }
    let text = pdftotext(&pdf);
    assert!(text.contains("15th Alliance against Trafficking in Persons Conference"));
    assert!(text.contains("Page 1 of "), "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        "Mr. Øystein ØDEGÅRD, =SUM(A1:A9)",
        "Ms. Olena KOVALENKO, Adviser, Ministry of Interior",
        "Mme Marie-Hélène VAN DEN BOSSCHE, Conseillère, \"Migration\" et asile",
    ] {
        assert!(flat.contains(line), "{line} missing");
    }
    // Protocol order: States (Armenia before Azerbaijan ... United States), then Partners, then
    // organizations.
    let pos = |s: &str| flat.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(pos("Participating States") < pos("Armenia"));
    assert!(pos("Armenia") < pos("Azerbaijan"));
    assert!(pos("Azerbaijan") < pos("United States"));
    assert!(pos("United States") < pos("Partners for Co-operation"));
    assert!(pos("Partners for Co-operation") < pos("Organizations"));

    let csv_path = dir.path().join("participants.csv");
    let o = accredit(
        &db,
        &[
            "participants",
            "--out",
            csv_path.to_str().unwrap(),
            "--order",
            "fr",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut rdr = csv::Reader::from_path(&csv_path).unwrap();
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        headers,
        [
            "section",
            "delegation_code",
            "delegation",
            "title",
            "given_name",
            "family_name",
            "name",
            "function",
            "category"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 64);
    assert_eq!(&rows[0][0], "États participants");
    let no = rows.iter().find(|r| &r[1] == "NO").unwrap();
    assert_eq!(&no[7], "'=SUM(A1:A9)", "formula neutralised");
    // French order: Allemagne would precede Arménie; here Arménie (AM) precedes Azerbaïdjan.
    let am = rows.iter().position(|r| &r[1] == "AM").unwrap();
    let az = rows.iter().position(|r| &r[1] == "AZ").unwrap();
    assert!(am < az);

    let bad = dir.path().join("participants.txt");
    let o = accredit(&db, &["participants", "--out", bad.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains(".pdf or .csv"), "{}", stderr(&o));
}

/// "Nothing to print" says why for each selection, and suggests --all only where it helps.
#[test]
fn nothing_to_print_is_worded_per_selection() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("accredit.sqlite3");
    drop(registry(dir.path()));
    let out = dir.path().join("none.pdf");
    let out = out.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["badges", "--out", out];
        all.extend_from_slice(args);
        let o = accredit(&db, &all);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let s = stdout(&o);
        assert!(
            s.starts_with("Nothing to print") && s.contains("No file written."),
            "{s}"
        );
        assert!(!Path::new(out).exists(), "{args:?} wrote a file");
        s
    };

    // No delegate at all.
    for args in [&[][..], &["--all"][..]] {
        let s = run(args);
        assert!(
            s.contains("no delegate is accredited") && !s.contains("--all"),
            "{args:?}: {s}"
        );
    }

    // Every badge printed.
    {
        let mut reg = registry(dir.path());
        add_csv(&mut reg, &fixtures().join("delegates-sample.csv"));
        let job = accredit::badge::PrintJob {
            layout: accredit::badge::Layout::Cr80,
            selection: accredit::badge::Selection::All,
        };
        let first = dir.path().join("first.pdf");
        accredit::badge::print(&mut reg, &job, &first, &accredit::progress::NoProgress).unwrap();
    }
    let s = run(&[]);
    assert!(
        s.contains("every accredited delegate already has their current badge printed")
            && s.contains("use --all to print them again"),
        "{s}"
    );
    let s = run(&["--delegation", "pl", "--delegation", "kg"]);
    assert!(
        s.contains("every accredited delegate of PL, KG already has their current badge printed")
            && s.contains("add --all"),
        "{s}"
    );
    // --all with a delegation that has nobody: no advice to use --all.
    let s = run(&["--all", "--delegation", "ad"]);
    assert!(
        s.contains("no delegate of AD is accredited") && !s.contains("--all"),
        "{s}"
    );
    let s = run(&["--delegation", "AD"]);
    assert!(s.contains("no delegate of AD is accredited"), "{s}");
}
