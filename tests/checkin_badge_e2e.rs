//! End to end: badges printed by `accredit badges`, rendered by `pdftoppm` and read by
//! `zbarimg` (an outside QR reader, as a door scanner would) are judged by `accredit checkin`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod checkin_common;

use std::process::Command;

use checkin_common::*;

#[test]
fn printed_badges_read_by_an_outside_reader_are_admitted_and_refused_correctly() {
    let desk = Desk::new();
    let mut reg = desk.reg();
    let (a, _) = add(&mut reg, &person("RS", "Dušan", "Đorđević", "HOD"));
    let (b, _) = add(&mut reg, &person("MEDIA", "Tara", "Reed", "MEDIA"));
    drop(reg);
    let pdf = desk.file("badges.pdf");
    let o = accredit(
        &desk.db,
        &["badges", "--out", pdf.to_str().unwrap(), "--layout", "a6"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let prefix = desk.file("page");
    let st = Command::new("pdftoppm")
        .args(["-r", "150", "-png"])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm (poppler-utils) is needed for this test");
    assert!(st.success());
    let mut payloads = Vec::new();
    let mut pages: Vec<_> = std::fs::read_dir(desk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pages.sort();
    for page in &pages {
        let o = Command::new("zbarimg")
            .args(["-q", "--raw"])
            .arg(page)
            .output()
            .expect("zbarimg (zbar-tools) is needed for this test");
        let text = String::from_utf8(o.stdout).unwrap();
        payloads.extend(text.lines().map(str::to_string));
    }
    assert_eq!(payloads.len(), 2, "{payloads:?}");
    let serial = |p: &str| p.split(':').nth(2).unwrap().parse::<i64>().unwrap();
    let pa = payloads.iter().find(|p| serial(p) == a.id).unwrap();
    let pb = payloads.iter().find(|p| serial(p) == b.id).unwrap();

    let (rc, line, _) = checkin(&desk.db, &[pa, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
    assert!(line.contains("Ms. Dušan ĐORĐEVIĆ | RS Serbia | HOD"), "{line}");
    let (rc, line, _) = checkin(&desk.db, &[pa, "--at", DAY1]);
    assert_eq!((rc, code(&line)), (1, "ALREADY_IN"), "{line}");
    let (rc, line, _) = checkin(&desk.db, &[pb, "--at", DAY1, "--zone", "BILATERAL"]);
    assert_eq!((rc, code(&line)), (1, "ZONE_DENIED"), "{line}");
    let (rc, line, _) = checkin(&desk.db, &[pb, "--at", DAY1, "--zone", "PRESS"]);
    assert_eq!((rc, code(&line)), (0, "ADMITTED"), "{line}");
}
