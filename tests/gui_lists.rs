//! The list of participants and door stations screens: their main actions through
//! accessibility labels, on a real database, with the files read back by real readers
//! (pdftotext, SQLite).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod gui_support;

use accredit::Registry;
use accredit::gui::Screen;
use egui_kittest::kittest::{NodeT, Queryable};
use gui_support::{Fixture, wait_until};

#[test]
fn the_list_of_participants_in_french_order_as_csv_and_pdf() {
    let fx = Fixture::new();
    fx.add("AT", "Maria", "Huber", "HOD");
    fx.add("DE", "Jonas", "Weber", "DEL");
    let mut h = fx.harness(Screen::Participants);
    h.get_by_label("French names").click();
    h.get_by_label("CSV").click();
    h.run_ok();
    let csv = fx.dir.path().join("participants.csv");
    assert_eq!(
        h.state().participants.path,
        csv.display().to_string(),
        "beside the database"
    );
    h.get_by_label("Write the list").click();
    h.run_ok();
    wait_until(&mut h, "the list", |app| app.job.is_none());
    let text = std::fs::read_to_string(&csv).expect("the CSV is written");
    let (de, at) = (
        text.find("Allemagne").expect("DE"),
        text.find("Autriche").expect("AT"),
    );
    assert!(
        de < at,
        "French protocol order: Allemagne before Autriche\n{text}"
    );
    assert!(
        h.query_by_label_contains("List of participants written: 2 participants")
            .is_some()
    );

    // The PDF, read back by pdftotext; then it can be opened.
    h.get_by_label("PDF").click();
    h.get_by_label("English names").click();
    h.run_ok();
    h.get_by_label("Write the list").click();
    h.run_ok();
    wait_until(&mut h, "the PDF", |app| app.job.is_none());
    let pdf = fx.dir.path().join("participants.pdf");
    let out = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    let (at, de) = (
        text.find("Austria").expect("AT"),
        text.find("Germany").expect("DE"),
    );
    assert!(at < de, "English order\n{text}");
    assert!(text.contains("HUBER") && text.contains("WEBER"), "{text}");
    assert!(
        !h.get_by_label("Open").accesskit_node().is_disabled(),
        "Open is offered"
    );
}

#[test]
fn door_stations_package_export_and_merge() {
    let fx = Fixture::new();
    fx.add("AT", "Maria", "Huber", "HOD");
    let mut h = fx.harness(Screen::Registry);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num9);
    h.run_ok();
    assert_eq!(h.state().prefs.screen, Screen::Stations);
    h.get_by_label("Package door copy").click();
    h.run_ok();
    wait_until(&mut h, "the door copy", |app| app.job.is_none());
    let door = fx.dir.path().join("door-1.sqlite3");
    let copy = Registry::open(&door).expect("a door copy");
    assert!(copy.is_door_copy().unwrap());
    assert!(copy.signing_key().is_err(), "no signing key on a door copy");
    drop(copy);
    assert!(h.query_by_label_contains("written, station id").is_some());
    // Packaging again onto the same file is refused, and says so.
    h.get_by_label("Package door copy").click();
    h.run_ok();
    wait_until(&mut h, "the refusal", |app| app.job.is_none());
    assert!(h.query_by_label_contains("not done").is_some());

    h.get_by_label("Export scans").click();
    h.run_ok();
    wait_until(&mut h, "the export", |app| app.job.is_none());
    let scans = fx.dir.path().join("scans.sqlite3");
    assert!(scans.is_file());
    h.get_by_label("File to merge").focus();
    h.run_ok();
    h.get_by_label("File to merge")
        .type_text(&scans.display().to_string());
    h.get_by_label("Merge scans").click();
    h.run_ok();
    wait_until(&mut h, "the merge", |app| app.job.is_none());
    assert!(h.query_by_label_contains("0 added").is_some());
}
