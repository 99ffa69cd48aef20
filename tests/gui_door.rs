//! The Door screen: verdicts in colour from real signed passes, the durable log, override,
//! and door mode locking editing until the PIN.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod gui_support;

use accredit::checkin::VerdictCode;
use accredit::gui::{Command, Screen};
use egui_kittest::kittest::Queryable;
use gui_support::Fixture;
use time::macros::datetime;

fn scan(h: &mut egui_kittest::Harness<'static, accredit::gui::AccreditApp>, payload: &str) {
    h.get_by_label("Scan badge").type_text(payload);
    h.key_press(egui::Key::Enter);
    h.run_ok();
}

#[test]
fn scans_show_admitted_then_already_in_then_invalid() {
    let fx = Fixture::new();
    let id = fx.add("AT", "Maria", "Huber", "DEL");
    let reg = fx.reg();
    let payload = accredit::pass::issue(&reg, &reg.delegate(id).unwrap()).unwrap();
    let mut h = fx.harness(Screen::Door);
    h.state_mut()
        .door
        .set_rehearsal_clock(datetime!(2015-07-06 09:00 +02:00));
    h.run_ok();

    // The scan field has the keyboard without any click.
    scan(&mut h, &payload);
    assert_eq!(
        h.state().door.verdict.as_ref().map(|v| v.code),
        Some(VerdictCode::Admitted)
    );
    assert!(h.query_all_by_label("WELCOME").next().is_some());
    assert!(h.query_by_label_contains("No. 1 · ").is_some());
    assert!(h.query_all_by_label("Maria HUBER").next().is_some());
    assert_eq!(h.state().door.scan, "", "the field is cleared for the next scan");

    scan(&mut h, &payload);
    assert_eq!(
        h.state().door.verdict.as_ref().map(|v| v.code),
        Some(VerdictCode::AlreadyIn)
    );
    assert!(
        h.query_by_label_contains("ALREADY ENTERED 09:00 AT ST-")
            .is_some()
    );
    assert!(h.query_by_label_contains("No. 2 · ").is_some());

    scan(&mut h, "HELLO-NOT-A-BADGE");
    assert_eq!(
        h.state().door.verdict.as_ref().map(|v| v.code),
        Some(VerdictCode::Invalid)
    );
    assert!(h.query_all_by_label("NOT A VALID BADGE").next().is_some());

    // Every scan is in the durable log, and today's counters show them.
    let n: i64 = fx
        .reg()
        .conn()
        .query_row("SELECT COUNT(*) FROM checkin", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
    let today = &h.state().door.today;
    assert_eq!((today.scans, today.people_admitted, today.refusals), (3, 1, 2));
    assert_eq!(h.state().door.recent.len(), 3);
}

#[test]
fn forgotten_badge_is_admitted_by_override_with_a_reason() {
    let fx = Fixture::new();
    fx.add("RS", "Dušan", "Đorđević", "HOD");
    let next = fx.add("AT", "Maria", "Huber", "DEL");
    let reg = fx.reg();
    let next_payload = accredit::pass::issue(&reg, &reg.delegate(next).unwrap()).unwrap();
    let mut h = fx.harness(Screen::Door);
    h.state_mut()
        .door
        .set_rehearsal_clock(datetime!(2015-07-07 10:30 +02:00));
    h.run_ok();
    h.get_by_label("Find by name").click();
    h.run_ok();
    h.get_by_label("Find by name").type_text("dordevic");
    h.run_ok();
    assert_eq!(h.state().door.matches.len(), 1);
    h.get_by_label("Admit…").click();
    h.run_ok();
    h.get_by_label("Reason")
        .type_text("badge left at hotel, passport checked");
    h.run_ok();
    h.get_by_label("Admit").click();
    h.run_ok();
    assert_eq!(
        h.state().door.verdict.as_ref().map(|v| v.code),
        Some(VerdictCode::Override)
    );
    let reason: String = fx
        .reg()
        .conn()
        .query_row("SELECT override_reason FROM checkin", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reason, "badge left at hotel, passport checked");

    // The scan field has the keyboard again: the next badge scanned (typed + Enter into
    // whatever field has the keyboard, as a USB scanner does) gives a verdict.
    h.run_ok();
    assert!(h.get_by_label("Scan badge").is_focused());
    scan(&mut h, &next_payload);
    assert_eq!(
        h.state().door.verdict.as_ref().map(|v| v.code),
        Some(VerdictCode::Admitted)
    );
    assert_eq!(
        h.state().door.lookup,
        "",
        "nothing was typed into the lookup field"
    );
}

#[test]
fn escape_gives_the_keyboard_back_to_the_scan_field() {
    let fx = Fixture::new();
    let id = fx.add("AT", "Maria", "Huber", "DEL");
    let reg = fx.reg();
    let payload = accredit::pass::issue(&reg, &reg.delegate(id).unwrap()).unwrap();
    let mut h = fx.harness(Screen::Door);
    h.state_mut()
        .door
        .set_rehearsal_clock(datetime!(2015-07-06 09:00 +02:00));
    h.run_ok();
    h.get_by_label("Find by name").click();
    h.run_ok();
    h.get_by_label("Find by name").type_text("hub");
    h.run_ok();
    assert_eq!(h.state().door.matches.len(), 1);
    assert!(h.get_by_label("Find by name").is_focused());
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(h.get_by_label("Scan badge").is_focused());

    // Escape also cancels the override dialog, and the scan field takes the keyboard back.
    h.get_by_label("Admit…").click();
    h.run_ok();
    assert!(h.state().door.override_target.is_some());
    assert!(h.get_by_label("Reason").is_focused());
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(h.state().door.override_target.is_none());
    assert!(h.get_by_label("Scan badge").is_focused());
    scan(&mut h, &payload);
    assert_eq!(
        h.state().door.verdict.as_ref().map(|v| v.code),
        Some(VerdictCode::Admitted)
    );
}

#[test]
fn door_mode_blocks_editing_until_the_pin() {
    let fx = Fixture::new();
    let id = fx.add("AT", "Maria", "Huber", "DEL");
    let mut h = fx.harness(Screen::Door);

    // No PIN yet: door mode refuses to start.
    h.get_by_label("Enter door mode").click();
    h.run_ok();
    assert!(!h.state().locked);

    h.get_by_label("New PIN").click();
    h.run_ok();
    h.get_by_label("New PIN").type_text("4711");
    h.get_by_label("Set PIN").click();
    h.run_ok();
    h.get_by_label("Enter door mode").click();
    h.run_ok();
    assert!(h.state().locked);

    // Every editing screen is refused, by shortcut or command; the kiosk shows no tabs.
    assert!(h.query_by_label("Delegates").is_none());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    h.run_ok();
    assert_eq!(h.state().prefs.screen, Screen::Door);
    h.state_mut().send(Command::OpenDelegate(id));
    h.state_mut()
        .send(Command::SetStatus(id, accredit::registry::Status::Withdrawn));
    h.run_ok();
    assert_eq!(h.state().prefs.screen, Screen::Door);
    assert!(h.state().delegates.form.is_none());
    assert_eq!(
        fx.reg().delegate(id).unwrap().status,
        accredit::registry::Status::Accredited
    );
    assert!(h.query_by_label_contains("Door mode is on").is_some());

    // The lock survives a restart of the app.
    drop(h);
    let mut h = fx.harness(Screen::Delegates);
    assert!(h.state().locked);
    assert_eq!(h.state().prefs.screen, Screen::Door);

    // A wrong PIN keeps it locked; the right one unlocks.
    h.get_by_label("PIN").click();
    h.run_ok();
    h.get_by_label("PIN").type_text("1234");
    h.get_by_label("Leave door mode").click();
    h.run_ok();
    assert!(h.state().locked);
    assert!(h.query_by_label("Wrong PIN. Door mode stays on.").is_some());
    h.get_by_label("PIN").click();
    h.run_ok();
    h.get_by_label("PIN").type_text("4711");
    h.get_by_label("Leave door mode").click();
    h.run_ok();
    assert!(!h.state().locked);
    h.get_by_label("Delegates").click();
    h.run_ok();
    assert_eq!(h.state().prefs.screen, Screen::Delegates);
    h.get_by_label("Maria HUBER").click();
    h.run_ok();
    assert_eq!(h.state().delegates.form.as_ref().map(|f| f.id), Some(id));
}

#[test]
fn the_one_door_engine_checkpoints_the_scan_log_after_verdicts_show() {
    let fx = Fixture::new();
    let id = fx.add("AT", "Maria", "Huber", "DEL");
    let reg = fx.reg();
    let payload = accredit::pass::issue(&reg, &reg.delegate(id).unwrap()).unwrap();
    let mut h = fx.harness(Screen::Door);
    h.state_mut()
        .door
        .set_rehearsal_clock(datetime!(2015-07-06 09:00 +02:00));
    h.run_ok();
    let every = accredit::checkin::CHECKPOINT_EVERY;
    for i in 0..every {
        assert_eq!(
            fx.reg().meta("last_checkpoint").unwrap(),
            None,
            "no checkpoint before {every} scans (after {i})"
        );
        scan(&mut h, &payload);
        assert!(h.state().door.verdict.is_some());
    }
    // The scan count lives on in the one engine: the checkpoint ran after the 100th verdict
    // was drawn (a fresh copy of the engine per scan would never reach the count).
    h.run_ok();
    assert!(fx.reg().meta("last_checkpoint").unwrap().is_some());
    let n: i64 = fx
        .reg()
        .conn()
        .query_row("SELECT COUNT(*) FROM checkin", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, i64::from(every));
}

#[test]
fn door_mode_refuses_to_quit_without_the_pin() {
    use egui::{ViewportCommand, ViewportId};
    type H = egui_kittest::Harness<'static, accredit::gui::AccreditApp>;
    // The commands the app sent in the last frame.
    let commands = |h: &H| {
        h.output()
            .viewport_output
            .get(&ViewportId::ROOT)
            .map(|v| v.commands.clone())
            .unwrap_or_default()
    };
    // Ctrl+Q as one key event, so the frame that handles it is the last one stepped.
    let ctrl_q = |h: &mut H| {
        h.input_mut().events.push(egui::Event::Key {
            key: egui::Key::Q,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::COMMAND,
        });
        h.step();
    };
    let fx = Fixture::new();
    fx.add("AT", "Maria", "Huber", "DEL");
    let mut h = fx.harness(Screen::Door);
    h.get_by_label("New PIN").click();
    h.run_ok();
    h.get_by_label("New PIN").type_text("4711");
    h.get_by_label("Set PIN").click();
    h.run_ok();
    h.get_by_label("Enter door mode").click();
    h.run_ok();
    assert!(h.state().locked);

    // Ctrl+Q, the Quit command and the window's close button are all refused.
    ctrl_q(&mut h);
    assert!(!commands(&h).contains(&ViewportCommand::Close));
    let msg = h.state().message.clone().expect("a message");
    assert!(msg.error && msg.text.contains("leave door mode with the PIN to quit"));
    h.state_mut().send(Command::Quit);
    h.step();
    assert!(!commands(&h).contains(&ViewportCommand::Close));
    h.input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    assert!(commands(&h).contains(&ViewportCommand::CancelClose));
    h.run_ok();

    // With the PIN given, Ctrl+Q closes the app.
    h.get_by_label("PIN").click();
    h.run_ok();
    h.get_by_label("PIN").type_text("4711");
    h.get_by_label("Leave door mode").click();
    h.run_ok();
    assert!(!h.state().locked);
    ctrl_q(&mut h);
    assert!(commands(&h).contains(&ViewportCommand::Close));
}

#[test]
fn f11_shows_the_door_full_screen_and_leaves_full_screen_again() {
    use egui::{ViewportCommand, ViewportId};
    let fx = Fixture::new();
    let mut h = fx.harness(Screen::Delegates);
    let f11 = |h: &mut egui_kittest::Harness<'static, accredit::gui::AccreditApp>| {
        h.input_mut().events.push(egui::Event::Key {
            key: egui::Key::F11,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        });
        h.step();
        h.output()
            .viewport_output
            .get(&ViewportId::ROOT)
            .map(|v| v.commands.clone())
            .unwrap_or_default()
    };
    let sent = f11(&mut h);
    assert_eq!(h.state().prefs.screen, Screen::Door);
    assert!(sent.contains(&ViewportCommand::Fullscreen(true)), "{sent:?}");
    h.run_ok();
    // The window is now full screen (as the platform reports it): F11 again leaves it.
    h.input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .fullscreen = Some(true);
    let sent = f11(&mut h);
    assert!(sent.contains(&ViewportCommand::Fullscreen(false)), "{sent:?}");
    assert_eq!(h.state().prefs.screen, Screen::Door);
}
