//! The person's record in the desktop app (issue 19): the edit form masks the sensitive
//! fields until asked, saves the record's fields by the one rule, and the Delegates screen
//! filters by vetting state.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod gui_support;

use accredit::gui::Screen;
use accredit::registry::fields::Field;
use accredit::registry::vetting::{State, Verdict};
use egui_kittest::kittest::Queryable;
use gui_support::Fixture;

#[test]
fn sensitive_fields_are_masked_and_the_vetting_filter_works() {
    let fx = Fixture::new();
    let id = fx.add("AT", "Maria", "Huber", "DEL");
    let other = fx.add("FR", "Anne", "Martin", "DEL");
    let mut reg = fx.reg();
    let mut d = reg.delegate(id).unwrap();
    d.id_number = "P7654321".into();
    d.birth_date = "1970-05-04".into();
    reg.update_delegate(&d).unwrap();
    reg.apply_vetting(&[Verdict {
        serial: other,
        verdict: "refused".into(),
        note: String::new(),
    }])
    .unwrap();
    drop(reg);

    let mut h = fx.harness(Screen::Delegates);
    h.get_by_label("Maria HUBER").click();
    h.run_ok();
    h.get_by_label_contains("Person's record").click();
    h.run_ok();
    // Masked: the number is not on screen, its mask is.
    assert!(h.query_by_label("P7654321").is_none());
    assert!(h.query_by_label("••••••21").is_some());
    assert!(h.query_by_label("1970-05-04").is_none());
    h.get_by_label("Show sensitive fields").click();
    h.run_ok();
    assert!(h.state().delegates.form.as_ref().unwrap().reveal);
    // The record's fields are saved by the one rule (codes in their case).
    {
        let f = h.state_mut().delegates.form.as_mut().unwrap();
        for (field, v) in &mut f.record {
            match field {
                Field::Gender => *v = "f".into(),
                Field::Nationality => *v = "at".into(),
                Field::VehiclePlate => *v = "w-1234ab".into(),
                _ => {}
            }
        }
    }
    h.run_ok();
    // Folded again, so that Save is in view.
    h.get_by_label_contains("Person's record").click();
    h.run_ok();
    h.get_by_label("Save").click();
    h.run_ok();
    let d = fx.reg().delegate(id).unwrap();
    assert_eq!((d.gender.as_str(), d.nationality.as_str()), ("F", "AT"));
    assert_eq!(d.vehicle_plate, "W-1234AB");
    assert_eq!(d.id_number, "P7654321", "the masked field kept its value");

    // A bad value is refused with the import's words.
    {
        let f = h.state_mut().delegates.form.as_mut().unwrap();
        for (field, v) in &mut f.record {
            if *field == Field::Nationality {
                *v = "Austria".into();
            }
        }
    }
    h.run_ok();
    assert!(
        h.query_by_label_contains("is not an ISO 3166-1 alpha-2 country code")
            .is_some()
    );

    // The vetting filter.
    assert_eq!(h.state().delegates.visible().len(), 2);
    h.state_mut().delegates.filter.vetting = Some(State::Refused);
    h.run_ok();
    assert_eq!(h.state().delegates.visible().len(), 1);
    h.state_mut().delegates.filter.vetting = Some(State::Waiting);
    h.run_ok();
    assert_eq!(h.state().delegates.visible().len(), 1);
    h.state_mut().delegates.filter.vetting = Some(State::Cleared);
    h.run_ok();
    assert_eq!(h.state().delegates.visible().len(), 0);
    assert!(h.query_by_label("Vetting").is_some());
}
