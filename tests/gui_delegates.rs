//! The Delegates screen: search, edit form with inline validation, save, status, history.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod gui_support;

use accredit::gui::Screen;
use accredit::registry::Status;
use egui_kittest::kittest::Queryable;
use gui_support::Fixture;

#[test]
fn search_ignores_case_and_accents() {
    let fx = Fixture::new();
    fx.add("RS", "Dušan", "Đorđević", "DEL");
    fx.add("PL", "Łukasz", "Wróbel", "DEL");
    fx.add("FR", "Anne", "Martin", "DEL");
    let mut h = fx.harness(Screen::Delegates);
    assert_eq!(h.state().delegates.visible().len(), 3);
    h.get_by_label("Search").click();
    h.run_ok();
    h.get_by_label("Search").type_text("dordevic");
    h.run_ok();
    assert_eq!(h.state().delegates.visible().len(), 1);
    assert!(h.query_by_label("Dušan ĐORĐEVIĆ").is_some());
    assert!(h.query_by_label("Anne MARTIN").is_none());
}

#[test]
fn edit_and_save_a_delegate_with_inline_validation() {
    let fx = Fixture::new();
    let id = fx.add("AT", "Maria", "Huber", "DEL");
    let mut h = fx.harness(Screen::Delegates);
    h.get_by_label("Maria HUBER").click();
    h.run_ok();
    assert_eq!(h.state().delegates.form.as_ref().map(|f| f.id), Some(id));

    // Clearing the family name shows the inline error and disables Save.
    h.get_by_label("Family name").focus();
    h.run_ok();
    h.key_press(egui::Key::End);
    for _ in 0.."Huber".len() {
        h.key_press(egui::Key::Backspace);
    }
    h.run_ok();
    assert!(h.query_by_label("The family name is required.").is_some());

    h.get_by_label("Family name").type_text("Gruber");
    h.run_ok();
    h.get_by_label("Attention note").focus();
    h.run_ok();
    h.get_by_label("Attention note")
        .type_text("Wheelchair user: use the side entrance");
    h.run_ok();
    assert!(h.query_by_label("The family name is required.").is_none());
    h.get_by_label("Save").click();
    h.run_ok();

    let d = fx.reg().delegate(id).unwrap();
    assert_eq!(d.family_name, "Gruber");
    assert_eq!(d.attention, "Wheelchair user: use the side entrance");
    assert!(h.query_by_label("Maria GRUBER").is_some());
    // The history shows the change.
    assert!(h.query_by_label_contains("Family name: Huber → Gruber").is_some());

    // Reject (with its reason), then approve again: both audited.
    h.get_by_label("Reject…").click();
    h.run_ok();
    h.get_by_label("Reason (required)").type_text("Nominated twice");
    h.run_ok();
    h.get_by_label("Reject accreditation").click();
    h.run_ok();
    assert_eq!(fx.reg().delegate(id).unwrap().status, Status::Rejected);
    h.get_by_label("Approve").click();
    h.run_ok();
    assert_eq!(fx.reg().delegate(id).unwrap().status, Status::Accredited);
    let actions: Vec<String> = fx
        .reg()
        .history("delegate", &id.to_string())
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["create", "update", "status", "status"]);
}

#[test]
fn photo_from_a_typed_path_and_from_a_drop() {
    let fx = Fixture::new();
    let id = fx.add("AT", "Maria", "Huber", "DEL");
    let png = fx.dir.path().join("maria.png");
    gui_support::write_png(&png, 900, 1200);
    let mut h = fx.harness(Screen::Delegates);
    h.get_by_label("Maria HUBER").click();
    h.run_ok();

    // A path that does not exist: a plain error, nothing changes.
    h.get_by_label("Photo file").click();
    h.run_ok();
    h.get_by_label("Photo file").type_text("/no/such/photo.jpg");
    h.get_by_label("Load").click();
    h.run_ok();
    assert!(h.query_by_label_contains("cannot read the photo").is_some());

    // A typed path, then Save: stored as a JPEG of at most 600 px.
    h.state_mut().delegates.form.as_mut().unwrap().photo_path = png.display().to_string();
    h.get_by_label("Load").click();
    h.run_ok();
    assert!(
        h.query_by_label("Photo of the delegate").is_some(),
        "the photo is previewed"
    );
    h.get_by_label("Save").click();
    h.run_ok();
    let jpeg = fx.reg().delegate(id).unwrap().photo.expect("photo stored");
    let img = image::load_from_memory(&jpeg).unwrap();
    assert_eq!((img.width(), img.height()), (450, 600));

    // Dropping another picture on the window replaces it.
    let png2 = fx.dir.path().join("wide.png");
    gui_support::write_png(&png2, 300, 200);
    gui_support::drop_file(&mut h, &png2);
    h.get_by_label("Save").click();
    h.run_ok();
    let jpeg = fx.reg().delegate(id).unwrap().photo.expect("photo stored");
    let img = image::load_from_memory(&jpeg).unwrap();
    assert_eq!((img.width(), img.height()), (300, 200));
}

#[test]
fn new_delegate_and_filters() {
    let fx = Fixture::new();
    fx.add("AT", "Maria", "Huber", "DEL");
    let mut h = fx.harness(Screen::Delegates);
    h.get_by_label("New delegate").click();
    h.run_ok();
    // Empty form: the required fields say so and Save stays disabled.
    assert!(h.query_by_label("The family name is required.").is_some());
    assert!(h.query_by_label("Choose a delegation.").is_some());
    {
        let f = h.state_mut().delegates.form.as_mut().unwrap();
        f.delegation = "SE".into();
        f.category = "HOD".into();
    }
    h.get_by_label("Family name").click();
    h.run_ok();
    h.get_by_label("Family name").type_text("Lindström");
    h.run_ok();
    h.get_by_label("E-mail").click();
    h.run_ok();
    h.get_by_label("E-mail").type_text("not-an-address");
    h.run_ok();
    assert!(
        h.query_by_label_contains("does not look like an e-mail address")
            .is_some()
    );
    h.get_by_label("E-mail").type_text("@example.org");
    h.run_ok();
    h.get_by_label("Save").click();
    h.run_ok();
    let all = fx.reg().delegates().unwrap();
    assert_eq!(all.len(), 2);
    assert!(
        all.iter()
            .any(|d| d.family_name == "Lindström" && d.email == "not-an-address@example.org")
    );

    // Filters: by status and category.
    h.state_mut().delegates.filter.category = Some("HOD".into());
    h.run_ok();
    assert_eq!(h.state().delegates.visible().len(), 1);
    h.state_mut().delegates.filter = Default::default();
    h.state_mut().delegates.filter.status = Some(Status::Pending);
    h.run_ok();
    assert_eq!(h.state().delegates.visible().len(), 0);
}

#[test]
fn an_imported_delegate_shows_its_import_in_the_history() {
    let fx = Fixture::new();
    let csv = fx.dir.path().join("nominations-week1.csv");
    std::fs::write(
        &csv,
        "external_id,delegation,given_name,family_name,function\nN-1,GE,Nino,Beridze,Deputy Minister\n",
    )
    .unwrap();
    let mut reg = fx.reg();
    reg.set_operator("anna.desk");
    accredit::csv_io::import_file(&mut reg, &csv, &accredit::progress::NoProgress).unwrap();
    drop(reg);
    let mut h = fx.harness(Screen::Delegates);
    h.get_by_label("Nino BERIDZE").click();
    h.run_ok();
    assert!(
        h.query_by_label_contains(&format!("Imported from {} · anna.desk", csv.display()))
            .is_some()
    );
    assert!(h.query_by_label_contains("Function: Deputy Minister").is_some());
}
