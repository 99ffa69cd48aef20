//! Nominations in the app: the Import screen shows a returned nomination workbook's
//! delegation, its status against quota and each row's result before anything is written;
//! the Delegates screen shows a delegation's nominated, accredited and quota; the Dashboard
//! the delegations that have not answered.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod gui_support;

use std::process::Command;

use accredit::gui::Screen;
use accredit::registry::nominations::NominationEdit;
use egui_kittest::kittest::Queryable;
use gui_support::{Fixture, wait_until};

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

fn delegates(fx: &Fixture) -> i64 {
    fx.reg()
        .conn()
        .query_row("SELECT COUNT(*) FROM delegate", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_nomination_workbook_is_previewed_with_its_quota_then_imported() {
    let fx = Fixture::new();
    fx.add("DE", "Dieter", "Meyer", "DEL");
    {
        let mut reg = fx.reg();
        let ev = reg.event().unwrap();
        let edit = NominationEdit {
            quotas: vec![
                (
                    "participating_state".into(),
                    vec![("HOD".into(), 1), ("DEL".into(), 4)],
                ),
                ("AT".into(), vec![("DEL".into(), 2)]),
            ],
            ..NominationEdit::default()
        };
        accredit::badge::event_save::save_change_with(&mut reg, &ev, None, None, &edit).unwrap();
        let book = fx.dir.path().join("at.xlsx");
        accredit::csv_io::nomination_book::write_workbook(&mut reg, "AT", &book).unwrap();
    }
    let filled = fx.dir.path().join("at-filled.xlsx");
    let script = r#"
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["nominations"]
for r, (g, f, c) in enumerate([("Anna", "Berger", "HOD"), ("Karl", "Huber", "DEL"), ("Eva", "Gruber", "DEL"), ("Max", "Bauer", "DEL")], start=2):
    ws.cell(r, 5, g); ws.cell(r, 6, f); ws.cell(r, 9, c)
wb.save(sys.argv[2])
"#;
    let out = Command::new(python())
        .args(["-c", script])
        .arg(fx.dir.path().join("at.xlsx"))
        .arg(&filled)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let mut h = fx.harness(Screen::Import);
    h.get_by_label("CSV or Excel file").click();
    h.run_ok();
    h.get_by_label("CSV or Excel file")
        .type_text(&filled.display().to_string());
    h.run_ok();
    h.get_by_label("Check file").click();
    h.run_ok();
    wait_until(&mut h, "the check", |app| app.job.is_none());
    assert!(
        h.query_by_label("Nomination workbook of Austria (AT), serial 1")
            .is_some()
    );
    assert!(h.query_by_label("Quota after import: DEL 3/2, HOD 1/1").is_some());
    assert!(h.query_by_label("pending: over quota (DEL 3 of 2)").is_some());
    assert_eq!(
        h.query_all_by_label("accredited").count(),
        3,
        "three rows within quota"
    );
    assert_eq!(delegates(&fx), 1, "the preview writes nothing");
    h.get_by_label("Import 4 rows").click();
    h.run_ok();
    wait_until(&mut h, "the import", |app| app.job.is_none());
    assert_eq!(delegates(&fx), 5);

    // The Delegates screen on Austria: nominated, accredited and the quota, over it.
    h.state_mut()
        .send(accredit::gui::Command::OpenDelegation("AT".into()));
    h.run_ok();
    assert!(h.query_by_label("Austria: nominated 4, accredited 3").is_some());
    assert!(h.query_by_label("quota DEL 3/2, HOD 1/1").is_some());

    // The Dashboard: every delegation but Austria and Germany has not answered.
    let total = fx
        .reg()
        .delegations(accredit::registry::NameOrder::En)
        .unwrap()
        .len();
    h.state_mut()
        .send(accredit::gui::Command::Show(Screen::Dashboard));
    h.run_ok();
    h.state_mut().send(accredit::gui::Command::RefreshStats);
    h.run_ok();
    wait_until(&mut h, "the figures", |app| app.job.is_none());
    let label = format!("Not answered ({})", total - 2);
    assert!(h.query_by_label(&label).is_some(), "{label}");
    assert!(h.query_by_label("Over quota: AT (DEL 3/2, HOD 1/1)").is_some());
}
