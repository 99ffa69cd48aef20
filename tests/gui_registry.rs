//! The Registry screen and the Dashboard.

mod gui_support;

use accredit::gui::Screen;
use accredit::registry::NameOrder;
use egui_kittest::kittest::Queryable;
use gui_support::Fixture;
use time::macros::datetime;

#[test]
fn registry_lists_delegations_by_kind_with_counts_and_opens_one() {
    let fx = Fixture::new();
    fx.add("GE", "Nino", "Beridze", "DEL");
    fx.add("GE", "Giorgi", "Kapanadze", "HOD");
    fx.add("UNODC", "Søren", "Høj", "IO");
    let mut h = fx.harness(Screen::Registry);
    for heading in ["Participating States (57)", "Partners for Co-operation (11)"] {
        assert!(h.query_by_label(heading).is_some(), "{heading}");
    }
    assert!(h.query_by_label_contains("Organizations (").is_some());
    let c = h.state().data.per_delegation["GE"];
    assert_eq!((c.nominated, c.accredited, c.printed, c.checked_in), (2, 2, 0, 0));

    h.get_by_label("Georgia").click();
    h.run_ok();
    assert_eq!(h.state().registry.selected.as_deref(), Some("GE"));
    assert!(h.query_by_label("2 delegates").is_some());
    assert!(h.query_by_label("Nino BERIDZE").is_some());
    h.get_by_label("Open in Delegates").click();
    h.run_ok();
    assert_eq!(h.state().prefs.screen, Screen::Delegates);
    assert_eq!(h.state().delegates.visible().len(), 2);

    // Protocol order in French.
    let en: Vec<String> = h
        .state()
        .data
        .delegations
        .iter()
        .map(|d| d.code.clone())
        .collect();
    h.get_by_label("Registry").click();
    h.run_ok();
    h.get_by_label("Français").click();
    h.run_ok();
    assert_eq!(h.state().data.order, NameOrder::Fr);
    let fr: Vec<String> = h
        .state()
        .data
        .delegations
        .iter()
        .map(|d| d.code.clone())
        .collect();
    assert_ne!(en, fr);
    let pos = |v: &[String], c: &str| v.iter().position(|x| x == c).unwrap();
    // Germany is "Allemagne" in French: before Austria ("Autriche"), after it in English.
    assert!(pos(&fr, "DE") < pos(&fr, "AT") && pos(&en, "DE") > pos(&en, "AT"));
}

#[test]
fn dashboard_shows_accredited_printed_and_arrivals() {
    let fx = Fixture::new();
    let a = fx.add("GE", "Nino", "Beridze", "DEL");
    fx.add("GE", "Giorgi", "Kapanadze", "HOD");
    let reg = fx.reg();
    let payload = accredit::pass::issue(&reg, &reg.delegate(a).unwrap()).unwrap();
    let mut h = fx.harness(Screen::Door);
    h.state_mut()
        .door
        .set_rehearsal_clock(datetime!(2015-07-06 09:20 +02:00));
    h.get_by_label("Scan badge").type_text(&payload);
    h.key_press(egui::Key::Enter);
    h.run_ok();
    h.get_by_label("Dashboard").click();
    h.run_ok();
    let s = h.state().dashboard.stats.as_ref().expect("stats");
    assert_eq!((s.total.accredited, s.total.checked_in), (2, 1));
    assert_eq!(s.arrivals_per_hour.len(), 1);
    assert_eq!(s.arrivals_per_hour[0].hour, 9);
    assert!(h.query_by_label("Arrivals per hour").is_some());
    assert!(h.query_by_label("By delegation").is_some());
    assert!(h.query_by_label("Georgia").is_some());
    // Admissions at two stations that could not see each other are counted.
    assert_eq!(s.double_entries, 0);
    assert!(h.query_by_label("Double entries").is_some());
    // Registry counts follow the scan.
    assert_eq!(h.state().data.per_delegation["GE"].checked_in, 1);
}
