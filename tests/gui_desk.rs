//! The desk's safe actions: Reject and Withdraw ask for a reason (stored, in the history),
//! saying what they do to whom; leaving a form with unsaved edits asks save, discard or stay
//! on each way out (Close, another row, a new delegate, another screen, quitting).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

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
        h.query_by_label_contains("Status: accredited → withdrawn")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("Reason: — → Replaced by her deputy")
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

#[test]
fn from_search_to_saved_edit_by_keyboard_alone() {
    let fx = Fixture::new();
    let huber = fx.add("AT", "Maria", "Huber", "DEL");
    let martin = fx.add("FR", "Anne", "Martin", "DEL");
    fx.add("PL", "Jan", "Nowak", "DEL");
    let mut h = fx.harness(Screen::Registry);
    // Ctrl+F: the Delegates screen, the keyboard in the search.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run_ok();
    assert_eq!(h.state().prefs.screen, Screen::Delegates);
    assert!(h.get_by_label("Search").is_focused());
    h.get_by_label("Search").type_text("ma");
    h.run_ok();
    assert_eq!(
        h.state().delegates.visible().len(),
        2,
        "Maria HUBER and Anne MARTIN"
    );
    // Down/Up through the results; Enter opens the row.
    for key in [
        egui::Key::ArrowDown,
        egui::Key::ArrowDown,
        egui::Key::ArrowUp,
        egui::Key::ArrowDown,
    ] {
        h.key_press(key);
        h.run_ok();
    }
    assert_eq!(h.state().delegates.cursor, Some(1));
    // Ctrl+T ticks the chosen row for printing (and again unticks it).
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    h.run_ok();
    assert!(h.state().delegates.selected.contains(&martin));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    h.run_ok();
    assert!(h.state().delegates.selected.is_empty());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    h.run_ok();
    h.key_press(egui::Key::Enter);
    h.run_ok();
    assert_eq!(h.state().delegates.form.as_ref().map(|f| f.id), Some(martin));
    // The form's first field has the keyboard; Tab follows the form's order.
    let text = |h: &egui_kittest::Harness<'static, accredit::gui::AccreditApp>, label: &str| {
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
            .is_focused()
    };
    assert!(text(&h, "Title"));
    for field in ["Given name", "Family name", "Native name", "Function"] {
        h.key_press(egui::Key::Tab);
        h.run_ok();
        assert!(text(&h, field), "Tab reaches {field}");
    }
    h.get_by_label("Function").type_text("Ambassador");
    h.run_ok();
    // Tab to the delegation drop-down, open it with Enter, type to filter, Enter picks.
    h.key_press(egui::Key::Tab);
    h.run_ok();
    h.key_press(egui::Key::Enter);
    h.run_ok();
    assert!(h.get_by_label("Type to filter").is_focused());
    h.get_by_label("Type to filter").type_text("allem");
    h.run_ok();
    h.key_press(egui::Key::Enter);
    h.run_ok();
    assert_eq!(h.state().delegates.form.as_ref().unwrap().delegation, "DE");
    // Ctrl+S saves; Escape closes the form and gives the keyboard back to the search.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    let d = fx.reg().delegate(martin).unwrap();
    assert_eq!((d.function.as_str(), d.delegation.as_str()), ("Ambassador", "DE"));
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(h.state().delegates.form.is_none());
    assert!(h.get_by_label("Search").is_focused());
    // With no row chosen, Enter opens the first result.
    h.key_press(egui::Key::Enter);
    h.run_ok();
    let open = h.state().delegates.form.as_ref().map(|f| f.id);
    assert!(open == Some(huber) || open == Some(martin), "{open:?}");
}

#[test]
fn the_delegation_list_filters_as_you_type_in_english_or_french_without_accents() {
    let fx = Fixture::new();
    fx.add("AT", "Maria", "Huber", "DEL");
    let mut h = fx.harness(Screen::Delegates);
    h.get_by_label("Maria HUBER").click();
    h.run_ok();
    let form_delegation = |h: &egui_kittest::Harness<'static, accredit::gui::AccreditApp>| {
        h.state().delegates.form.as_ref().unwrap().delegation.clone()
    };
    // The form's drop-down is the first one labelled Delegation (its panel is laid out
    // before the toolbar's filter).
    h.get_all_by_label("Delegation").next().unwrap().click();
    h.run_ok();
    assert!(
        h.query_by_label("Austria (AT)").is_some(),
        "the full list to start with"
    );
    h.get_by_label("Type to filter").type_text("georgie");
    h.run_ok();
    assert!(
        h.query_by_label("Georgia (GE)").is_some(),
        "French name without its accent"
    );
    assert!(
        h.query_by_label("Austria (AT)").is_none(),
        "the others are filtered out"
    );
    h.get_by_label("Georgia (GE)").click();
    h.run_ok();
    assert_eq!(form_delegation(&h), "GE");
    assert!(h.query_by_label("Type to filter").is_none(), "the list closed");
    // The Delegates filter uses the same list: by code.
    h.get_all_by_label("Delegation").nth(1).unwrap().click();
    h.run_ok();
    h.get_by_label("Type to filter").type_text("at");
    h.run_ok();
    h.key_press(egui::Key::Enter);
    h.run_ok();
    assert_eq!(h.state().delegates.filter.delegation.as_deref(), Some("AT"));
}

#[test]
fn times_are_the_events_local_time_and_messages_stay_on_their_screen() {
    let fx = Fixture::new();
    let id = fx.add("AT", "Maria", "Huber", "DEL");
    let created = fx.reg().delegate(id).unwrap().created_at;
    let mut h = fx.harness(Screen::Delegates);
    // The zone is named once, in the top bar.
    assert!(h.query_by_label("Event time (UTC+02:00)").is_some());
    h.get_by_label("Maria HUBER").click();
    h.run_ok();
    // The history reads in local time and words, not "...Z · create".
    let t = accredit::checkin::log::parse_at(&created)
        .unwrap()
        .to_offset(time::macros::offset!(+2));
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][t.month() as usize - 1];
    let local = format!(
        "{} {month} {} {:02}:{:02} · Created · ",
        t.day(),
        t.year(),
        t.hour(),
        t.minute()
    );
    assert!(
        h.query_by_label_contains(&local).is_some(),
        "history entry at {local}"
    );
    assert!(h.query_by_label_contains(&created).is_none(), "no UTC time shown");

    // An error of the Import screen stays there.
    h.get_by_label("Import").click();
    h.run_ok();
    h.state_mut()
        .send(Command::PlanImport("/nowhere/nominations.csv".into()));
    h.run_ok();
    gui_support::wait_until(&mut h, "the check", |app| app.job.is_none());
    assert!(h.query_by_label_contains("/nowhere/nominations.csv").is_some());
    h.get_by_label("Delegates").click();
    h.run_ok();
    assert!(
        h.state().message.is_none(),
        "the import's message left with its screen"
    );
    assert!(h.query_by_label_contains("/nowhere/nominations.csv").is_none());
}
