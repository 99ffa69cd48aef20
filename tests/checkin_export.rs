//! `accredit export checkins FILE.csv` through the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod checkin_common;

use checkin_common::*;

#[test]
fn export_checkins_writes_every_scan_with_person_and_is_spreadsheet_safe() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (d, pass) = add(&mut reg, &person("HR", "Ivana", "Horvat", "DEL"));
    drop(reg);
    assert_eq!(
        checkin(&desk.db, &[&pass, "--at", DAY1, "--station", "=HYPERLINK(1)"]).0,
        0
    );
    assert_eq!(
        checkin(
            &desk.db,
            &[&pass, "--at", "2015-07-06T09:01:00+02:00", "--station", "SIDE"]
        )
        .0,
        1
    );
    assert_eq!(
        checkin(&desk.db, &["garbage", "--at", DAY2, "--station", "SIDE"]).0,
        1
    );
    assert_eq!(
        checkin(
            &desk.db,
            &[
                &pass,
                "--at",
                "2015-07-07T10:00:00+02:00",
                "--override",
                "+1 escort",
                "--operator",
                "chief"
            ]
        )
        .0,
        0
    );

    let out = desk.file("scans.csv");
    let o = accredit(&desk.db, &["export", "checkins", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("exported 4 scans"));
    let mut rdr = csv::Reader::from_path(&out).unwrap();
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        accredit::checkin::export::HEADER
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    let col = |r: &csv::StringRecord, name: &str| {
        let i = accredit::checkin::export::HEADER
            .iter()
            .position(|h| *h == name)
            .unwrap();
        r.get(i).unwrap().to_string()
    };
    let verdicts: Vec<String> = rows.iter().map(|r| col(r, "verdict")).collect();
    assert_eq!(verdicts, ["ADMITTED", "ALREADY_IN", "INVALID", "OVERRIDE"]);
    assert_eq!(col(&rows[0], "station"), "'=HYPERLINK(1)");
    assert_eq!(col(&rows[0], "name"), "Ms. Ivana HORVAT");
    assert_eq!(col(&rows[0], "delegation"), "HR");
    assert_eq!(col(&rows[0], "serial"), d.id.to_string());
    assert_eq!(col(&rows[0], "local_time"), "2015-07-06 09:00");
    assert_eq!(col(&rows[0], "at"), "2015-07-06T07:00:00.000Z");
    assert_eq!(col(&rows[2], "serial"), "");
    assert_eq!(col(&rows[2], "name"), "");
    assert_eq!(col(&rows[3], "override_reason"), "'+1 escort");
    assert_eq!(col(&rows[3], "operator"), "chief");

    // `-` writes to standard output, the same content.
    let o = accredit(&desk.db, &["export", "checkins", "-"]);
    assert!(o.status.success());
    assert_eq!(o.stdout, std::fs::read(&out).unwrap());
}
