//! The conflict view (kittest): two desks (real files) changed a delegate's function
//! concurrently; the Delegates screen marks the delegate and filters on conflicts, the form
//! shows both values with who and when and resolves with one click; the Stations screen lists
//! the desks.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod gui_support;

use accredit::gui::Screen;
use accredit::network;
use accredit::registry::conflicts;
use egui_kittest::kittest::Queryable;
use gui_support::Fixture;

#[test]
fn a_conflict_is_marked_filtered_shown_with_both_values_and_resolved_with_one_click() {
    let fx = Fixture::new();
    let anna = fx.add("AT", "Anna", "Berger", "DEL");
    let _other = fx.add("FR", "Paul", "Durand", "DEL");
    let b = fx.dir.path().join("desk-b.sqlite3");
    {
        let mut a = fx.reg();
        accredit::sync::package_desk(&mut a, &b, "Desk B").unwrap();
        let mut rb = accredit::Registry::open(&b).unwrap();
        let mut d = a.delegate(anna).unwrap();
        d.function = "Counsellor (A)".into();
        a.update_delegate(&d).unwrap();
        let mut d = rb.delegate(anna).unwrap();
        d.function = "Counsellor (B)".into();
        rb.update_delegate(&d).unwrap();
        let from_b = network::all_items(&rb).unwrap();
        let from_a = network::all_items(&a).unwrap();
        network::apply(&mut a, &from_b).unwrap();
        network::apply(&mut rb, &from_a).unwrap();
        assert_eq!(conflicts::list(a.conn()).unwrap().len(), 1);
        assert_eq!(conflicts::list(rb.conn()).unwrap().len(), 1);
    }
    let mut h = fx.harness(Screen::Delegates);
    // The table marks the delegate; the filter keeps only delegates in conflict.
    assert!(h.query_by_label("CONFLICT").is_some());
    assert_eq!(h.state().delegates.visible().len(), 2);
    h.get_by_label("Conflicts (1)").click();
    h.run_ok();
    assert_eq!(h.state().delegates.visible().len(), 1);
    assert!(h.query_by_label("Paul DURAND").is_none());

    // The form shows both values with who and when.
    h.get_by_label("Anna BERGER").click();
    h.run_ok();
    assert!(h.query_by_label("1 field with two values").is_some());
    let shown = fx.reg().delegate(anna).unwrap().function;
    assert!(h.query_by_label(&format!("function: shown {shown:?}")).is_some());
    // Each value beside who set it (desk name, station id, operator) and when.
    assert!(
        h.query_by_label_contains("\"Counsellor (A)\"  (Accreditation desk (ST-")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("\"Counsellor (B)\"  (Desk B (ST-")
            .is_some()
    );
    assert_eq!(
        h.query_all_by_label_contains("Z)").count(),
        2,
        "the time of each value is shown"
    );
    // One click keeps the other desk's value: one audited change, the conflict gone.
    h.get_by_label("Keep the other").click();
    h.run_ok();
    h.run_ok();
    let reg = fx.reg();
    assert_eq!(reg.delegate(anna).unwrap().function, "Counsellor (B)");
    assert!(conflicts::list(reg.conn()).unwrap().is_empty());
    assert!(h.query_by_label("CONFLICT").is_none());
    assert!(h.query_by_label("1 field with two values").is_none());

    // The Stations screen lists both desks.
    let mut h = fx.harness(Screen::Stations);
    assert!(h.query_by_label("2 desks and 0 doors certified").is_some());
    assert!(h.query_by_label("Desk B").is_some());
    h.run_ok();
}

#[test]
fn the_import_preview_shows_each_change_before_and_after_and_the_conflicting_cells() {
    let fx = Fixture::new();
    let csv = fx.dir.path().join("nominations.csv");
    std::fs::write(
        &csv,
        "external_id,delegation,title,given_name,family_name,function,category\n\
         X-1,AT,Ms.,Anna,Berger,Adviser,DEL\n\
         X-2,FR,Mr.,Paul,Durand,Counsellor,DEL\n",
    )
    .unwrap();
    {
        let mut reg = fx.reg();
        accredit::csv_io::import_file(&mut reg, &csv, &accredit::progress::NoProgress).unwrap();
        // The desk corrects Anna's function.
        let mut d = reg.find_delegate("X-1").unwrap();
        d.function = "Senior Adviser".into();
        reg.update_delegate(&d).unwrap();
    }
    // The nominating system sends a new file: Anna's title and function, Paul unchanged.
    std::fs::write(
        &csv,
        "external_id,delegation,title,given_name,family_name,function,category\n\
         X-1,AT,Dr.,Anna,Berger,Head of Unit,DEL\n\
         X-2,FR,Mr.,Paul,Durand,Counsellor,DEL\n",
    )
    .unwrap();
    let mut h = fx.harness(Screen::Import);
    h.get_by_label("CSV or Excel file").click();
    h.run_ok();
    h.get_by_label("CSV or Excel file")
        .type_text(&csv.display().to_string());
    h.run_ok();
    h.get_by_label("Check file").click();
    h.run_ok();
    gui_support::wait_until(&mut h, "the check", |app| app.job.is_none());
    h.run_ok();
    assert!(
        h.query_by_label_contains("0 new, 1 changing, 1 unchanged")
            .is_some()
    );
    assert!(h.query_by_label("conflict").is_some());
    assert!(h.query_by_label("unchanged").is_some());
    assert!(
        h.query_by_label(
            "title: Ms. -> Dr.; function: conflict, desk \"Senior Adviser\" kept, file \"Head of Unit\""
        )
        .is_some()
    );
    assert!(
        h.query_by_label_contains("1 cell(s) changed both in the file and at the desk")
            .is_some()
    );
}
