//! The Badge design screen: choose an element, type its box in millimetres, drag it on the
//! live preview, hide it, undo, see a template that breaks a rule refused, save into the event
//! (audited); the preview shows the selected delegate and the worst case.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod gui_support;

use accredit::badge::template::Kind;
use accredit::gui::{AccreditApp, Screen};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use gui_support::Fixture;

fn name_box(app: &AccreditApp) -> [f32; 4] {
    let t = app.design.template.as_ref().expect("working copy");
    t.cr80.front.iter().find(|e| e.kind == Kind::Name).unwrap().rect
}

fn open_design(fx: &Fixture, tick: Option<i64>) -> Harness<'static, AccreditApp> {
    let mut h = fx.harness(Screen::Delegates);
    if let Some(id) = tick {
        h.state_mut().delegates.selected.insert(id);
    }
    h.get_by_label("Badge design").click();
    h.run_ok();
    assert_eq!(h.state().prefs.screen, Screen::Design);
    h
}

/// Sets a labelled millimetre or point field (a DragValue) the way assistive technology does.
fn type_value(h: &mut Harness<'static, AccreditApp>, label: &str, value: &str) {
    h.get_by_label(label).set_value_accesskit(value.parse().unwrap());
    h.run_ok();
}

#[test]
fn type_a_box_undo_and_save_into_the_event() {
    let fx = Fixture::new();
    let id = fx.add("GE", "Nino", "Beridze", "DEL");
    let mut h = open_design(&fx, Some(id));
    // The preview shows the selected delegate and the worst case.
    assert!(h.query_by_label("Selected: Nino BERIDZE").is_some());
    assert!(
        h.query_by_label("Worst case: long name, Georgian, photo, one day")
            .is_some()
    );
    let original = name_box(h.state());

    h.get_by_label("name").click();
    h.run_ok();
    type_value(&mut h, "Top", "8.4");
    assert_eq!(name_box(h.state())[1], 8.4, "typed in mm");
    assert!(h.state().design.dirty);

    h.get_by_label("Undo").click();
    h.run_ok();
    assert_eq!(name_box(h.state()), original, "undone");

    type_value(&mut h, "Height", "11");
    assert_eq!(name_box(h.state())[3], 11.0);
    assert!(
        h.state().design.refusal.is_none(),
        "{:?}",
        h.state().design.refusal
    );
    h.get_by_label("Save design").click();
    h.run_ok();
    let ev = fx.reg().event().unwrap();
    let saved = ev
        .badge
        .cr80
        .front
        .iter()
        .find(|e| e.kind == Kind::Name)
        .unwrap()
        .rect;
    assert_eq!(saved[3], 11.0, "saved into the event");
    assert!(h.query_by_label("Saved into the event.").is_some());
    // Audited.
    let conn = rusqlite::Connection::open(&fx.db).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE entity = 'event' AND action = 'update' AND operator <> 'seed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_template_breaking_a_rule_is_refused_and_not_saved() {
    let fx = Fixture::new();
    let mut h = open_design(&fx, None);
    h.get_by_label("QR code").click();
    h.run_ok();
    type_value(&mut h, "Width", "12");
    type_value(&mut h, "Height", "12");
    let refusal = h.state().design.refusal.clone().expect("refused");
    assert!(refusal.contains("make it at least"), "{refusal}");
    assert!(h.query_by_label_contains("Cannot be saved").is_some());
    h.get_by_label("Save design").click();
    h.run_ok();
    let ev = fx.reg().event().unwrap();
    assert_eq!(ev.badge, Default::default(), "nothing saved");
}

#[test]
fn drag_on_the_preview_moves_the_element_and_visibility_hides_it() {
    let fx = Fixture::new();
    let mut h = open_design(&fx, None);
    let before = name_box(h.state());
    h.get_by_label("name").click();
    h.run_ok();
    // The worst-case canvas: the badge (85.6 mm across) plus half a handle on each side.
    let canvas = h
        .get_by_label("Badge canvas: Worst case: long name, Georgian, photo, one day")
        .rect();
    let scale = (canvas.width() - 7.0) / 85.6;
    let at = |x_mm: f32, y_mm: f32| canvas.min + egui::vec2(3.5 + x_mm * scale, 3.5 + y_mm * scale);
    // Grab the name in the middle of its box and drag it 5 mm right, 2 mm down.
    let start = at(before[0] + before[2] / 2.0, before[1] + before[3] / 2.0);
    h.drag_at(start);
    h.run_ok();
    for k in 1..=5 {
        let f = k as f32 / 5.0;
        h.hover_at(start + egui::vec2(5.0 * scale * f, 2.0 * scale * f));
        h.run_ok();
    }
    h.drop_at(start + egui::vec2(5.0 * scale, 2.0 * scale));
    h.run_ok();
    let after = name_box(h.state());
    assert!(
        (after[0] - before[0] - 5.0).abs() < 0.3,
        "{before:?} -> {after:?}"
    );
    assert!(
        (after[1] - before[1] - 2.0).abs() < 0.3,
        "{before:?} -> {after:?}"
    );
    assert_eq!(after[2..], before[2..], "moved, not resized");
    // The whole drag is one undo step.
    h.get_by_label("Undo").click();
    h.run_ok();
    assert_eq!(name_box(h.state()), before);

    // Hide the photo: the list says so and the template still passes.
    h.get_by_label("photo").click();
    h.run_ok();
    h.get_by_label("Visible").click();
    h.run_ok();
    assert!(h.query_by_label("photo (hidden)").is_some());
    assert!(h.state().design.refusal.is_none());
    // Hiding the name breaks a rule: refused.
    h.get_by_label("name").click();
    h.run_ok();
    h.get_by_label("Visible").click();
    h.run_ok();
    let refusal = h.state().design.refusal.clone().expect("refused");
    assert!(refusal.contains("exactly one visible name"), "{refusal}");
}
