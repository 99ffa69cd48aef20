//! The Records screen: one-click and automatic backups, restore with a confirmation, the audit
//! chain's head and verification, the purge behind the typed event code, the reminder.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod gui_support;

use std::time::Instant;

use accredit::gui::{Command, Screen};
use accredit::records::identity;
use egui_kittest::kittest::Queryable;
use gui_support::{Fixture, wait_until};

fn files_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|r| r.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn back_up_now_and_automatic_backups_keep_the_last_k() {
    let fx = Fixture::new();
    fx.add("GE", "Nino", "Beridze", "DEL");
    let folder = fx.dir.path().join("my backups");
    let mut h = fx.harness(Screen::Records);
    // The head of the audit chain shows, as on the dashboard.
    let head = h.state().records.head.clone().expect("a head");
    assert!(h.query_by_label(&head).is_some(), "{head}");

    h.get_by_label("Backup folder").click();
    h.run_ok();
    h.get_by_label("Backup folder")
        .type_text(folder.to_str().unwrap());
    h.run_ok();
    h.get_by_label("Back up now").click();
    h.run_ok();
    wait_until(&mut h, "the backup", |a| !a.records.busy());
    let made = files_in(&folder);
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(identity::check(&made[0]).unwrap().delegates, 1);
    let shown = h.state().records.last_backup.clone().unwrap().unwrap();
    assert!(shown.contains("written and verified"), "{shown}");

    // Automatic: every 1 minute, keep 2; the test makes them due at once.
    h.get_by_label("Keep the last").click();
    h.run_ok();
    for _ in 0..3 {
        h.key_press(egui::Key::Backspace);
        h.run_ok();
    }
    h.get_by_label("Keep the last").type_text("2");
    h.get_by_label("Every (minutes)").click();
    h.run_ok();
    for _ in 0..3 {
        h.key_press(egui::Key::Backspace);
        h.run_ok();
    }
    h.get_by_label("Every (minutes)").type_text("1");
    h.get_by_label("Automatic backups").click();
    h.run_ok();
    h.get_by_label("Save backup settings").click();
    h.run_ok();
    let s = h.state().records.settings.clone();
    assert!(s.auto && s.keep == 2 && s.every_minutes == 1, "{s:?}");
    assert_eq!(fx.reg().meta("gui.backup_keep").unwrap().as_deref(), Some("2"));
    for _ in 0..3 {
        h.state_mut().records.next_auto = Some(Instant::now());
        h.run_ok();
        wait_until(&mut h, "an automatic backup", |a| !a.records.busy());
        // Names carry the second: the next one gets a name of its own.
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    let left = files_in(&folder);
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(!left.contains(&made[0]), "the oldest was kept: {left:?}");
    assert!(
        h.state()
            .records
            .last_backup
            .clone()
            .unwrap()
            .unwrap()
            .starts_with("Automatic backup")
    );
    // Automatic backups run on other screens too.
    h.state_mut().send(Command::Show(Screen::Delegates));
    h.run_ok();
    h.state_mut().records.next_auto = Some(Instant::now());
    h.run_ok();
    wait_until(&mut h, "an automatic backup elsewhere", |a| !a.records.busy());
    assert_eq!(files_in(&folder).len(), 2);
}

#[test]
fn restore_asks_first_and_reloads() {
    let fx = Fixture::new();
    fx.add("GE", "Nino", "Beridze", "DEL");
    let backup = fx.dir.path().join("copy.sqlite3");
    accredit::records::backup(fx.reg().conn(), &backup).unwrap();
    fx.add("AT", "Eva", "Maier", "DEL");
    let mut h = fx.harness(Screen::Records);
    assert_eq!(h.state().data.rows.len(), 2);
    h.get_by_label("Backup file").click();
    h.run_ok();
    h.get_by_label("Backup file").type_text(backup.to_str().unwrap());
    h.run_ok();
    h.get_by_label("Restore…").click();
    h.run_ok();
    // Both files are checked on the worker first.
    wait_until(&mut h, "the check", |a| !a.records.busy());
    assert!(
        h.query_by_label_contains("1 delegates, ").is_some(),
        "no confirmation"
    );
    assert_eq!(h.state().data.rows.len(), 2, "restored before confirming");
    h.get_by_label("Restore").click();
    h.run_ok();
    wait_until(&mut h, "the restore", |a| !a.records.busy());
    assert_eq!(h.state().data.rows.len(), 1);
    let m = h.state().records.message.clone().unwrap().unwrap();
    assert!(m.contains("kept as"), "{m}");

    // Another event's database is refused with the reason.
    let other = fx.dir.path().join("other.sqlite3");
    drop(accredit::Registry::open(&other).unwrap());
    h.state_mut().send(Command::Records(
        accredit::gui::records::RecordsCommand::PlanRestore(other),
    ));
    h.run_ok();
    wait_until(&mut h, "the check", |a| !a.records.busy());
    let m = h.state().records.message.clone().unwrap().unwrap_err();
    assert!(m.contains("another event"), "{m}");
    assert!(h.state().records.restore.is_none());
}

#[test]
fn purge_needs_the_typed_event_code_and_keeps_the_chain() {
    let fx = Fixture::new();
    let id = fx.add("GE", "Nino", "Beridze", "DEL");
    let mut h = fx.harness(Screen::Records);
    // The event (6-7 July 2015) ended long ago: the reminder shows.
    let reminder = h.state().records.reminder.clone().expect("the reminder");
    assert!(
        h.query_by_label(&accredit::gui::records::reminder_text(&reminder))
            .is_some()
    );
    h.state_mut().send(Command::Show(Screen::Delegates));
    h.run_ok();
    assert!(
        h.query_by_label(&accredit::gui::records::reminder_text(&reminder))
            .is_some(),
        "no reminder on other screens"
    );
    h.state_mut().send(Command::Show(Screen::Records));
    h.run_ok();

    h.get_by_label("Purge personal data…").click();
    h.run_ok();
    let field = "Type the event code (AATIP15) to confirm";
    assert!(h.query_by_label_contains("all 1 people of AATIP15").is_some());
    // The confirmation's field has the keyboard at once.
    assert!(h.get_by_label(field).is_focused());
    h.get_by_label(field).type_text("AATIP1");
    h.run_ok();
    h.get_by_label("Purge personal data").click();
    h.run_ok();
    assert!(!h.state().records.busy(), "purged without the code");
    assert_eq!(fx.reg().delegate(id).unwrap().family_name, "Beridze");
    h.get_by_label(field).click();
    h.run_ok();
    h.key_press(egui::Key::End);
    h.get_by_label(field).type_text("5");
    h.run_ok();
    h.get_by_label("Purge personal data").click();
    h.run_ok();
    wait_until(&mut h, "the purge", |a| !a.records.busy());
    let d = fx.reg().delegate(id).unwrap();
    assert_eq!(d.family_name, accredit::records::purge::PLACEHOLDER);
    assert!(d.given_name.is_empty());
    assert_eq!(
        h.state().data.row(id).unwrap().d.family_name,
        accredit::records::purge::PLACEHOLDER
    );
    assert!(h.state().records.reminder.is_none());
    // The chain verifies, from the screen.
    h.get_by_label("Verify the audit chain").click();
    h.run_ok();
    wait_until(&mut h, "the verification", |a| !a.records.busy());
    let v = h.state().records.verified.clone().unwrap().unwrap();
    assert!(v.starts_with("The audit chain verifies"), "{v}");
}

#[test]
fn the_dashboard_shows_the_audit_head() {
    let fx = Fixture::new();
    fx.add("GE", "Nino", "Beridze", "DEL");
    let h = fx.harness(Screen::Dashboard);
    let (id, hash) = accredit::registry::chain::head(fx.reg().conn()).unwrap().unwrap();
    let shown = format!("entry {id} {}", accredit::registry::chain::hex(&hash));
    assert!(h.query_by_label(&shown).is_some(), "{shown}");
}
