//! The Import screen: every problem shown with line and column, nothing written; a clean
//! file imported on a worker thread with progress.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod gui_support;

use accredit::gui::Screen;
use egui_kittest::kittest::Queryable;
use gui_support::{Fixture, wait_until};

fn counts(fx: &Fixture) -> (i64, i64) {
    let reg = fx.reg();
    let q = |sql: &str| reg.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    (
        q("SELECT COUNT(*) FROM delegate"),
        q("SELECT COUNT(*) FROM audit"),
    )
}

#[test]
fn an_import_with_errors_shows_them_and_writes_nothing() {
    let fx = Fixture::new();
    fx.add("AT", "Maria", "Huber", "DEL");
    let before = counts(&fx);
    let csv = fx.dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        "external_id,delegation,given_name,family_name,category\n\
         X-1,AT,Anna,Berger,DEL\n\
         X-2,ZZ,Boris,Petrov,DEL\n\
         X-3,FR,Claire,,DEL\n\
         X-4,DE,Dieter,Meyer,NOPE\n",
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
    wait_until(&mut h, "the check", |app| app.job.is_none());
    let plan = h.state().import.plan.as_ref().expect("a plan is shown");
    assert_eq!(plan.errors.len(), 3, "{:?}", plan.errors);
    assert!(
        h.query_by_label("3 problems: nothing will be imported until the file is corrected.")
            .is_some()
    );
    // Each problem is listed with its line and column.
    for (line, column) in [(3, "delegation"), (4, "family_name"), (5, "category")] {
        assert!(h.query_by_label(&line.to_string()).is_some(), "line {line} shown");
        assert!(h.query_by_label(column).is_some(), "column {column} shown");
    }
    assert!(h.query_by_label_contains("ZZ").is_some());
    assert!(h.query_by_label_contains("Import 4 rows").is_none());
    assert_eq!(counts(&fx), before, "nothing written");
}

#[test]
fn a_clean_file_is_previewed_then_imported() {
    let fx = Fixture::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/delegates-sample.csv");
    let mut h = fx.harness(Screen::Import);
    h.get_by_label("CSV or Excel file").click();
    h.run_ok();
    h.get_by_label("CSV or Excel file")
        .type_text(&sample.display().to_string());
    h.key_press(egui::Key::Enter);
    h.run_ok();
    wait_until(&mut h, "the check", |app| app.job.is_none());
    let rows = h.state().import.plan.as_ref().expect("plan").rows.len();
    assert_eq!(rows, 64);
    assert_eq!(counts(&fx).0, 0, "the preview writes nothing");
    assert!(h.query_by_label("Алеся Карповіч").is_some(), "rows are previewed");
    h.get_by_label("Import 64 rows").click();
    h.run_ok();
    wait_until(&mut h, "the import", |app| app.job.is_none());
    assert_eq!(counts(&fx).0, 64);
    assert_eq!(h.state().data.rows.len(), 64, "the app shows the new delegates");
    assert!(h.query_by_label_contains("Import done: imported 64").is_some());
}

#[test]
fn cancelling_an_import_writes_nothing_and_export_writes_the_file() {
    let fx = Fixture::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/delegates-sample.csv");
    let mut h = fx.harness(Screen::Import);
    h.state_mut().import.path = sample.display().to_string();
    h.get_by_label("Check file").click();
    h.run_ok();
    wait_until(&mut h, "the check", |app| app.job.is_none());
    let before = counts(&fx);
    // Import, and cancel in the same breath (the Cancel button sends this command).
    h.state_mut().send(accredit::gui::Command::ApplyImport);
    h.state_mut().send(accredit::gui::Command::CancelJob);
    h.run_ok();
    wait_until(&mut h, "the cancelled import", |app| app.job.is_none());
    assert_eq!(
        counts(&fx),
        before,
        "a cancelled import leaves the database as it was"
    );
    assert!(h.query_by_label_contains("cancelled").is_some());

    // Export every delegate to CSV on the worker thread.
    fx.add("AT", "Maria", "Huber", "DEL");
    let out = fx.dir.path().join("export.csv");
    h.get_by_label("Export all delegates to").click();
    h.run_ok();
    h.get_by_label("Export all delegates to")
        .type_text(&out.display().to_string());
    h.get_by_label("Export").click();
    h.run_ok();
    wait_until(&mut h, "the export", |app| app.job.is_none());
    let text = std::fs::read_to_string(&out).expect("export written");
    assert!(text.starts_with("external_id,delegation,"), "{text}");
    assert!(text.contains("Huber"));
}

#[test]
fn ctrl_i_opens_the_import_screen_and_its_file_dialog_or_the_typed_path() {
    let fx = Fixture::new();
    let mut h = fx.harness(Screen::Registry);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    h.run_ok();
    // The dialog runs on a thread of its own; its answer comes back to the screen.
    gui_support::wait_until(&mut h, "the file dialog", |app| {
        app.import.open_dialog.is_none() && app.import.picking.is_none()
    });
    assert_eq!(h.state().prefs.screen, Screen::Import);
    // The dialog was asked for once the screen was drawn. Here there is no desktop portal,
    // so it returns nothing and the typed-path field has the keyboard.
    assert_eq!(h.state().import.open_dialog, None);
    assert!(h.get_by_label("CSV or Excel file").is_focused());
    // It says so, and offers the typed path.
    assert!(h.query_by_label_contains("No file dialog answered").is_some());
    h.get_by_label("CSV or Excel file")
        .type_text("/nowhere/typed.csv");
    h.run_ok();
    assert_eq!(h.state().import.path, "/nowhere/typed.csv");
}

/// Writes a workbook with openpyxl (the system Python; a pyenv shim may lack the module).
fn xlsx(path: &std::path::Path, rows: &str) {
    let script = format!(
        "import openpyxl\nwb = openpyxl.Workbook()\nws = wb.active\nws.title = 'Sheet1'\n\
         for r in {rows}:\n    ws.append(r)\nwb.save({:?})\n",
        path.display().to_string()
    );
    let ok = ["/usr/bin/python3", "python3"].iter().any(|p| {
        std::process::Command::new(p)
            .args(["-c", &script])
            .status()
            .is_ok_and(|s| s.success())
    });
    assert!(ok, "python3 with openpyxl writes the workbook");
}

#[test]
fn a_workbook_is_checked_with_its_cells_then_imported() {
    let fx = Fixture::new();
    let bad = fx.dir.path().join("bad.xlsx");
    xlsx(
        &bad,
        "[['external_id', 'delegation', 'family_name'], [1001, 'AT', 'Berger'], [1002, 'ZZ', 'Petrov']]",
    );
    let mut h = fx.harness(Screen::Import);
    h.get_by_label("CSV or Excel file").click();
    h.run_ok();
    h.get_by_label("CSV or Excel file")
        .type_text(&bad.display().to_string());
    h.key_press(egui::Key::Enter);
    h.run_ok();
    wait_until(&mut h, "the check", |app| app.job.is_none());
    assert!(h.query_by_label("Sheet1!B3").is_some(), "the cell is shown");
    // The GUI names its own places, not CLI commands.
    assert!(h.query_by_label_contains("see the Registry screen").is_some());
    assert!(h.query_by_label_contains("accredit registry list").is_none());
    assert_eq!(counts(&fx).0, 0);

    let good = fx.dir.path().join("good.xlsx");
    xlsx(
        &good,
        "[['external_id', 'delegation', 'family_name'], [1001, 'AT', 'Berger'], [1002, 'FR', 'Petit']]",
    );
    h.state_mut().import.path = good.display().to_string();
    h.get_by_label("Check file").click();
    h.run_ok();
    wait_until(&mut h, "the check", |app| app.job.is_none());
    h.get_by_label("Import 2 rows").click();
    h.run_ok();
    wait_until(&mut h, "the import", |app| app.job.is_none());
    assert_eq!(counts(&fx).0, 2);
    assert!(
        fx.reg().find_delegate("1001").is_ok(),
        "a numeric id is read as 1001"
    );
}
