//! The Event screen: edit what `accredit event set` can change, checked by the core and
//! audited; a refused change names the field and writes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod gui_support;

use accredit::gui::Screen;
use egui_kittest::kittest::Queryable;
use gui_support::Fixture;

#[test]
fn the_event_is_edited_checked_and_audited() {
    let fx = Fixture::new();
    fx.add("AT", "Maria", "Huber", "DEL");
    let before = fx.reg().event().unwrap();
    let mut h = fx.harness(Screen::Registry);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num7);
    h.run_ok();
    assert_eq!(h.state().prefs.screen, Screen::Event);

    // A wrong offset is refused by the core's check, with the field named; nothing written.
    h.get_by_label("UTC offset").focus();
    h.run_ok();
    h.key_press(egui::Key::End);
    h.get_by_label("UTC offset").type_text("x");
    h.run_ok();
    h.get_by_label("Save event").click();
    h.run_ok();
    assert!(
        h.query_by_label_contains("utc_offset").is_some(),
        "the field is named"
    );
    assert_eq!(fx.reg().event().unwrap(), before);
    h.get_by_label("Undo changes").click();
    h.run_ok();

    // Title, a new day (labelled by the core), a new zone, a category colour.
    h.get_by_label("Title").focus();
    h.run_ok();
    h.key_press(egui::Key::End);
    h.get_by_label("Title").type_text(" (rehearsal)");
    h.get_by_label("New day").focus();
    h.run_ok();
    h.get_by_label("New day").type_text("2015-07-08");
    h.get_by_label("Add day").click();
    h.run_ok();
    assert!(h.query_by_label("Remove 2015-07-08").is_some());
    h.get_by_label("New zone code").focus();
    h.run_ok();
    h.get_by_label("New zone code").type_text("vip");
    h.get_by_label("name").focus();
    h.run_ok();
    h.get_by_label("name").type_text("VIP lounge");
    h.get_by_label("Add zone").click();
    h.run_ok();
    h.get_by_label("Save event").click();
    h.run_ok();
    let ev = fx.reg().event().unwrap();
    assert_eq!(ev.title, format!("{} (rehearsal)", before.title));
    assert!(ev.has_day("2015-07-08"));
    assert_eq!(
        ev.days.iter().find(|d| d.date == "2015-07-08").unwrap().label,
        "Wednesday 8 July 2015"
    );
    assert!(ev.has_zone("VIP"));
    assert!(h.query_by_label(&format!("Event {} saved.", ev.code)).is_some());
    let audited = fx
        .reg()
        .conn()
        .query_row("SELECT COUNT(*) FROM audit WHERE entity = 'event'", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap();
    assert!(audited >= 1, "the change is in the audit trail");

    // Removing a category that delegates use is refused (core check).
    h.get_by_label("Remove category DEL").click();
    h.run_ok();
    h.get_by_label("Save event").click();
    h.run_ok();
    assert!(fx.reg().event().unwrap().category("DEL").is_some());
    assert!(h.query_by_label_contains("Not saved").is_some());
}
