//! The desk's safe actions: Reject and Withdraw ask for a reason (stored, in the history),
//! saying what they do to whom; leaving a form with unsaved edits asks save, discard or stay
//! on each way out (Close, another row, a new delegate, another screen, quitting).

mod gui_support;

use accredit::gui::{Command, Screen};
use accredit::registry::Status;
use egui_kittest::kittest::Queryable;
use gui_support::Fixture;

#[test]
fn withdraw_asks_for_a_reason_says_to_whom_and_stores_it() {
    let fx = Fixture::new();
    let id = fx.add("AT", "Maria", "Huber", "DEL");
    let mut h = fx.harness(Screen::Delegates);
    h.get_by_label("Maria HUBER").click();
    h.run_ok();
    h.get_by_label("Withdraw…").click();
    h.run_ok();
    // The dialog says what it does to whom; nothing has changed yet.
    assert!(h.query_by_label("Withdraw the accreditation").is_some());
    assert!(h.query_by_label("Maria HUBER (Austria)").is_some());
    assert!(
        h.query_by_label_contains("refused at the door (REVOKED)")
            .is_some()
    );
    assert_eq!(fx.reg().delegate(id).unwrap().status, Status::Accredited);
    // The reason field has the keyboard.
    assert!(h.get_by_label("Reason (required)").is_focused());
    // Without a reason it cannot be confirmed.
    h.get_by_label("Withdraw accreditation").click();
    h.run_ok();
    assert_eq!(fx.reg().delegate(id).unwrap().status, Status::Accredited);
    // Enter confirms.
    h.get_by_label("Reason (required)").focus();
    h.run_ok();
    h.get_by_label("Reason (required)")
        .type_text("Replaced by her deputy");
    h.key_press(egui::Key::Enter);
    h.run_ok();
    let reg = fx.reg();
    assert_eq!(reg.delegate(id).unwrap().status, Status::Withdrawn);
    assert_eq!(
        accredit::registry::status::status_reason(reg.conn(), id).unwrap(),
        "Replaced by her deputy"
    );
    assert!(
        h.query_by_label("Withdraw the accreditation").is_none(),
        "the dialog closed"
    );
    // The history shows the change and its reason.
    assert!(
        h.query_by_label_contains("status: accredited → withdrawn")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("reason: — → Replaced by her deputy")
            .is_some()
    );

    // Cancel leaves everything as it was.
    h.get_by_label("Reject…").click();
    h.run_ok();
    h.get_by_label("Reason (required)").type_text("x");
    h.get_by_label("Cancel").click();
    h.run_ok();
    assert_eq!(fx.reg().delegate(id).unwrap().status, Status::Withdrawn);
    // A status change without a reason is refused by the core, whoever sends it.
    h.state_mut().send(Command::SetStatus(id, Status::Rejected));
    h.run_ok();
    assert_eq!(fx.reg().delegate(id).unwrap().status, Status::Withdrawn);
    let msg = h.state().message.clone().map(|m| m.text).unwrap_or_default();
    assert!(msg.contains("say why the accreditation is rejected"), "{msg}");
    assert!(h.query_by_label_contains("Could not change the status").is_some());
}

/// Opens `label`'s form and types into its Function field.
fn edit(h: &mut egui_kittest::Harness<'static, accredit::gui::AccreditApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run_ok();
    h.get_by_label("Function").focus();
    h.run_ok();
    h.get_by_label("Function").type_text(text);
    h.run_ok();
    assert!(h.state().has_unsaved_edits());
}

fn asked(h: &egui_kittest::Harness<'static, accredit::gui::AccreditApp>) -> bool {
    h.query_by_label("Unsaved changes").is_some()
}

#[test]
fn leaving_unsaved_edits_asks_save_discard_or_stay_on_every_way_out() {
    let fx = Fixture::new();
    let a = fx.add("AT", "Maria", "Huber", "DEL");
    let b = fx.add("FR", "Anne", "Martin", "DEL");
    let mut h = fx.harness(Screen::Delegates);

    // Close, then Stay: the edits are still there.
    edit(&mut h, "Maria HUBER", "Counsellor");
    h.get_by_label("Close").click();
    h.run_ok();
    assert!(asked(&h));
    assert!(
        h.query_by_label_contains("Delegate 1 (Maria HUBER) has changes")
            .is_some()
    );
    h.get_by_label("Stay").click();
    h.run_ok();
    assert!(!asked(&h));
    assert_eq!(h.state().delegates.form.as_ref().unwrap().function, "Counsellor");

    // Another screen, then Discard: the screen changes, nothing is written.
    h.get_by_label("Import").click();
    h.run_ok();
    assert!(asked(&h));
    assert_eq!(h.state().prefs.screen, Screen::Delegates);
    h.get_by_label("Discard changes").click();
    h.run_ok();
    assert_eq!(h.state().prefs.screen, Screen::Import);
    assert!(h.state().delegates.form.is_none());
    assert_eq!(fx.reg().delegate(a).unwrap().function, "");

    // Another row, then Save: saved, and the other row opens.
    h.get_by_label("Delegates").click();
    h.run_ok();
    edit(&mut h, "Maria HUBER", "Minister");
    h.get_by_label("Anne MARTIN").click();
    h.run_ok();
    assert!(asked(&h));
    assert_eq!(h.state().delegates.form.as_ref().unwrap().id, a);
    h.get_by_label("Save changes").click();
    h.run_ok();
    assert_eq!(fx.reg().delegate(a).unwrap().function, "Minister");
    assert_eq!(h.state().delegates.form.as_ref().unwrap().id, b);

    // A new delegate, and quitting (Ctrl+Q): asked each time.
    edit(&mut h, "Anne MARTIN", "Adviser");
    h.get_by_label("New delegate").click();
    h.run_ok();
    assert!(asked(&h));
    h.get_by_label("Stay").click();
    h.run_ok();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    h.run_ok();
    assert!(asked(&h), "quitting asks too");
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(!asked(&h), "Escape is Stay");
    assert_eq!(h.state().delegates.form.as_ref().unwrap().function, "Adviser");
    assert_eq!(fx.reg().delegate(b).unwrap().function, "");

    // A form without edits closes at once.
    h.get_by_label("Undo changes").click();
    h.run_ok();
    h.get_by_label("Close").click();
    h.run_ok();
    assert!(!asked(&h));
    assert!(h.state().delegates.form.is_none());
}
