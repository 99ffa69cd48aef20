//! The Badges screen: live preview from the layout geometry, printing a selection to a real
//! PDF on a worker thread (marked printed), Ctrl+P, reissue.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod gui_support;

use accredit::gui::Screen;
use egui_kittest::kittest::Queryable;
use gui_support::{Fixture, wait_until};

#[test]
fn printing_a_selection_produces_a_pdf_and_marks_it_printed() {
    let fx = Fixture::new();
    let a = fx.add("GE", "Nino", "Beridze", "DEL");
    let b = fx.add("GE", "Giorgi", "Kapanadze", "HOD");
    let other = fx.add("FR", "Anne", "Martin", "DEL");
    let out = fx.dir.path().join("georgia.pdf");
    let mut h = fx.harness(Screen::Badges);

    // Preview one badge: drawn from the same geometry as the PDF.
    h.get_by_label("Nino BERIDZE").click();
    h.run_ok();
    let preview = h.state().badges.preview.as_ref().expect("preview");
    assert_eq!(preview.id, a);
    let layout = preview.result.as_ref().expect("layout");
    assert!(
        layout
            .lines(accredit::badge::Field::Name)
            .iter()
            .any(|t| t.text().contains("BERIDZE"))
    );
    assert_eq!(
        h.query_all_by_label("Nino BERIDZE").count(),
        2,
        "listed and captioned under the preview"
    );

    // Tick the Georgian delegation through the search, then print.
    h.get_by_label("Find delegate").click();
    h.run_ok();
    h.get_by_label("Find delegate").type_text("georgia");
    h.run_ok();
    h.get_by_label("Tick all listed").click();
    h.run_ok();
    assert_eq!(h.state().delegates.selected.len(), 2);
    h.get_by_label("Output PDF").click();
    h.run_ok();
    h.get_by_label("Output PDF").type_text(&out.display().to_string());
    h.get_by_label("Open the PDF when done (when no printer is chosen)")
        .click();
    h.run_ok();
    assert!(!h.state().badges.open_after);
    h.get_by_label("Print 2 ticked").click();
    h.run_ok();
    wait_until(&mut h, "printing", |app| app.job.is_none());

    let bytes = std::fs::read(&out).expect("the PDF is written");
    assert!(bytes.starts_with(b"%PDF"));
    let report = h.state().badges.last.as_ref().expect("report");
    assert_eq!(report.printed.len(), 2);
    let reg = fx.reg();
    assert!(reg.delegate(a).unwrap().is_printed());
    assert!(reg.delegate(b).unwrap().is_printed());
    assert!(!reg.delegate(other).unwrap().is_printed());
    assert!(h.query_by_label_contains("Printed 2 badges").is_some());
    if let Ok(o) = std::process::Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
    {
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("BERIDZE") && text.contains("KAPANADZE"), "{text}");
    }
}

#[test]
fn ctrl_p_prints_the_ticked_delegates_and_reissue_revokes() {
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    let mut h = fx.harness(Screen::Delegates);
    h.state_mut().delegates.selected.insert(a);
    h.state_mut().badges.open_after = false;
    h.state_mut().badges.out_path = fx.dir.path().join("one.pdf").display().to_string();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::P);
    h.run_ok();
    assert_eq!(h.state().prefs.screen, Screen::Badges);
    wait_until(&mut h, "printing", |app| app.job.is_none());
    assert!(fx.dir.path().join("one.pdf").exists());
    assert_eq!(fx.reg().delegate(a).unwrap().printed_version, 1);

    h.get_by_label("Find delegate").click();
    h.run_ok();
    h.get_by_label("All accredited").click();
    h.run_ok();
    h.get_by_label("Maria HUBER").click();
    h.run_ok();
    h.get_by_label("Reissue badge…").click();
    h.run_ok();
    assert_eq!(fx.reg().delegate(a).unwrap().badge_version, 1, "asks first");
    h.get_by_label("Reissue").click();
    h.run_ok();
    let d = fx.reg().delegate(a).unwrap();
    assert_eq!(d.badge_version, 2);
    assert!(!d.is_printed());
    let preview = h.state().badges.preview.as_ref().expect("preview");
    assert_eq!(
        preview.generation,
        h.state().data.generation,
        "the preview follows the reissue"
    );
}

#[test]
fn printing_ticked_delegates_sends_only_the_accredited_and_says_who_was_skipped() {
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    let pending = fx.add("AT", "Paul", "Pending", "DEL");
    let rejected = fx.add("AT", "Rita", "Rejected", "DEL");
    {
        let mut reg = fx.reg();
        reg.set_status(pending, accredit::registry::Status::Pending)
            .unwrap();
        reg.set_status(rejected, accredit::registry::Status::Rejected)
            .unwrap();
    }
    let out = fx.dir.path().join("ticked.pdf");
    let mut h = fx.harness(Screen::Delegates);
    h.state_mut().delegates.selected.extend([a, pending, rejected]);
    h.state_mut().badges.open_after = false;
    h.state_mut().badges.out_path = out.display().to_string();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::P);
    h.run_ok();
    wait_until(&mut h, "printing", |app| app.job.is_none());

    assert!(out.exists(), "the batch is not refused as a whole");
    let reg = fx.reg();
    assert!(reg.delegate(a).unwrap().is_printed());
    assert!(!reg.delegate(pending).unwrap().is_printed());
    assert!(!reg.delegate(rejected).unwrap().is_printed());
    let msg = h.state().message.clone().expect("a message");
    assert!(!msg.error, "{msg:?}");
    assert!(msg.text.contains("Printed 1 badge,"), "{}", msg.text);
    assert!(
        msg.text
            .contains("Skipped 2 ticked delegates not accredited (1 pending, 1 rejected)"),
        "{}",
        msg.text
    );

    // Only non-accredited ticks: nothing is printed, and the status bar says why.
    h.state_mut().delegates.selected.clear();
    h.state_mut().delegates.selected.extend([pending]);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::P);
    h.run_ok();
    assert!(h.state().job.is_none());
    let msg = h.state().message.clone().expect("a message");
    assert!(
        msg.error && msg.text.contains("Nothing printed. Skipped 1"),
        "{}",
        msg.text
    );
}

#[test]
fn prints_never_overwrite_a_file_even_twice_in_one_second() {
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    let mut h = fx.harness(Screen::Badges);
    h.state_mut().badges.open_after = false;
    let pdfs = |fx: &Fixture| {
        let mut v: Vec<_> = std::fs::read_dir(fx.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .collect();
        v.sort();
        v
    };
    // Default names (beside the database), three prints as fast as they go.
    for n in 1..=3 {
        h.state_mut().send(accredit::gui::Command::Print(Some(vec![a])));
        h.run_ok();
        wait_until(&mut h, "printing", |app| app.job.is_none());
        let msg = h.state().message.clone().expect("a message");
        assert!(!msg.error, "{}", msg.text);
        assert_eq!(pdfs(&fx).len(), n, "{:?}", pdfs(&fx));
    }
    for p in pdfs(&fx) {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("badges-"), "{name}");
        assert!(std::fs::read(&p).unwrap().starts_with(b"%PDF"), "{name}");
    }

    // A typed path that exists is kept; the print goes beside it.
    let typed = fx.dir.path().join("mine.pdf");
    std::fs::write(&typed, b"not mine to overwrite").unwrap();
    h.state_mut().badges.out_path = typed.display().to_string();
    h.state_mut().send(accredit::gui::Command::Print(Some(vec![a])));
    h.run_ok();
    wait_until(&mut h, "printing", |app| app.job.is_none());
    assert_eq!(std::fs::read(&typed).unwrap(), b"not mine to overwrite");
    let beside = fx.dir.path().join("mine-2.pdf");
    assert!(std::fs::read(&beside).unwrap().starts_with(b"%PDF"));
    assert_eq!(
        h.state().badges.last.as_ref().and_then(|r| r.path.clone()),
        Some(beside)
    );

    // Nothing to print (everything printed already): no empty file is left behind.
    let before = pdfs(&fx).len();
    h.state_mut().send(accredit::gui::Command::Print(None));
    h.run_ok();
    wait_until(&mut h, "printing", |app| app.job.is_none());
    assert_eq!(pdfs(&fx).len(), before, "{:?}", pdfs(&fx));
}

#[test]
fn printer_commands_run_off_the_ui_thread_and_report_in_the_status_bar() {
    let fx = Fixture::new();
    let pdf = fx.dir.path().join("x.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n").unwrap();
    let mut h = fx.harness(Screen::Badges);
    // The printer list is looked for when the screen opens, on a thread of its own.
    wait_until(&mut h, "the printer list", |app| app.badges.printers.is_some());
    let lp_exists = std::process::Command::new("lp").arg("-h").output().is_ok();

    h.state_mut().prefs.printer = "no-such-printer".into();
    h.state_mut()
        .send(accredit::gui::Command::SendToPrinter(pdf.clone()));
    h.step();
    let msg = h.state().message.clone().expect("a message at once");
    assert!(msg.text.contains("Sending"), "{}", msg.text);
    wait_until(&mut h, "lp", |app| {
        app.message.as_ref().is_some_and(|m| !m.text.contains("Sending"))
    });
    let msg = h.state().message.clone().unwrap();
    assert!(msg.error, "no such printer: {}", msg.text);
    if lp_exists {
        assert!(msg.text.contains("refused"), "{}", msg.text);
    } else {
        assert!(msg.text.contains("Cannot run lp"), "{}", msg.text);
    }
}
