//! The desktop app in other languages: View > Language changes every word at once and is
//! remembered; the Door screen speaks its own language (German) while the desk stays
//! English; and walking the translated screens in German and Russian finds no English label
//! left (the labels of each screen in English compared with the same screen translated; the
//! proper nouns and the data are listed).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod gui_support;

use std::collections::BTreeSet;

use accredit::gui::{AccreditApp, Command, Prefs, Screen};
use accredit::i18n::Lang;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};
use gui_support::Fixture;
use time::macros::datetime;

/// Every text the screen shows: the labels and the labels' values (egui puts a label's
/// text in its value), not what is typed into fields.
fn texts(h: &Harness<'_, AccreditApp>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for node in h.query_all(By::new()) {
        let n = node.accesskit_node();
        if let Some(l) = n.label() {
            out.insert(l.to_string());
        }
        if n.role() == egui::accesskit::Role::Label
            && let Some(v) = n.value()
        {
            out.insert(v.to_string());
        }
    }
    out.retain(|t| t.chars().any(char::is_alphabetic));
    out
}

/// The harness with the app in `lang` (desk and door), on `screen`.
fn harness_in(fx: &Fixture, lang: Lang, door: Option<Lang>, screen: Screen) -> Harness<'static, AccreditApp> {
    let mut prefs = Prefs {
        screen,
        lang: Some(lang),
        ..Prefs::default()
    };
    prefs.door.lang = door;
    let app = AccreditApp::new(fx.reg(), prefs).unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut AccreditApp| app.show(ui), app);
    h.run_ok();
    h
}

/// Opens what a screen keeps folded (the door's settings, the edit form) so its words are
/// walked too.
fn unfold(h: &mut Harness<'static, AccreditApp>, lang: Lang, delegate: i64) {
    if h.state().prefs.screen == Screen::Delegates {
        h.state_mut().send(Command::OpenDelegate(delegate));
        h.run_ok();
    }
    if h.state().prefs.screen == Screen::Door {
        let settings = accredit::i18n::tr_in(lang, "door-settings", &[]);
        h.get_by_label(&settings).click();
        h.run_ok();
    }
}

/// Words that are the same in every language: names, codes, data of the event.
const PROPER: &[&str] = &[
    "accredit",
    "15th Alliance against Trafficking in Persons Conference",
    "PIN",
    "Scans",
    "Import",
    "English",
    "Français",
    "Deutsch",
    "Русский",
    "Español",
    "Italiano",
    "PDF",
    "CSV",
    "×",
    // The colour keywords a template stores.
    "category",
    "auto",
    // egui's own labels: a panel's resize handle, the colour picker's button.
    "Resize panel",
    // Key names, as egui writes them in every language.
    "Alt+A · Alt+R · Alt+W",
    // The desk station's name, stored in the registry (data).
    "Accreditation desk",
    "Color",
];

/// Words spelt the same in English and in German.
const SAME_IN_GERMAN: &[&str] = &["Code", "Delegation", "Name", "Status", "Format", "Status:"];

#[test]
fn no_english_left_on_the_translated_screens_in_german_and_russian() {
    let fx = Fixture::new();
    let id = fx.add("AT", "Maria", "Huber", "DEL");
    // The data: delegations (every language, and their codes), the event's zones and
    // categories, the delegate.
    let reg = fx.reg();
    let mut data: BTreeSet<String> = BTreeSet::new();
    for d in reg.delegations(Lang::En).unwrap() {
        for name in [
            &d.code, &d.name_en, &d.name_fr, &d.name_de, &d.name_ru, &d.name_es, &d.name_it,
        ] {
            data.insert(name.clone());
        }
    }
    let ev = reg.event().unwrap();
    for z in &ev.zones {
        data.extend([z.code.clone(), z.name.clone()]);
    }
    for c in &ev.categories {
        data.extend([c.code.clone(), c.label.clone(), c.colour.clone(), c.zones.clone()]);
    }
    data.insert("Maria HUBER".into());
    let mut problems = Vec::new();
    for screen in [
        Screen::Door,
        Screen::Registry,
        Screen::Delegates,
        Screen::Participants,
        Screen::Badges,
        Screen::Dashboard,
        Screen::Event,
        Screen::Import,
        Screen::Stations,
        Screen::Records,
        Screen::Design,
    ] {
        let mut en = harness_in(&fx, Lang::En, None, screen);
        unfold(&mut en, Lang::En, id);
        let english = texts(&en);
        assert!(english.len() > 10, "{screen:?}: {english:?}");
        for lang in [Lang::De, Lang::Ru] {
            let mut h = harness_in(&fx, lang, None, screen);
            unfold(&mut h, lang, id);
            let theirs = texts(&h);
            for t in theirs.intersection(&english) {
                // A word spelt the same in German, alone or heading a line ("Delegation: AT").
                let head = t.trim().split(':').next().unwrap_or("");
                let same = lang == Lang::De && SAME_IN_GERMAN.contains(&head);
                // A station id (ST-…) is a name.
                let id = t.starts_with("ST-");
                if !PROPER.contains(&t.as_str()) && !data.contains(t) && !same && !id {
                    problems.push(format!("{screen:?} in {lang}: {t:?} is English"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_door_speaks_german_while_the_desk_is_english() {
    let fx = Fixture::new();
    let id = fx.add("AT", "Maria", "Huber", "DEL");
    let reg = fx.reg();
    let payload = accredit::pass::issue(&reg, &reg.delegate(id).unwrap()).unwrap();
    let mut h = harness_in(&fx, Lang::En, Some(Lang::De), Screen::Door);
    h.state_mut()
        .door
        .set_rehearsal_clock(datetime!(2015-07-06 09:00 +02:00));
    h.run_ok();
    // The desk's tabs in English, the door's words in German.
    assert!(h.query_all_by_label("Registry").next().is_some());
    assert!(h.query_by_label("Scan badge").is_none());
    assert!(h.query_by_label("Bereit: Ausweis scannen").is_some());
    h.get_by_label("Ausweis scannen").type_text(&payload);
    h.key_press(egui::Key::Enter);
    h.run_ok();
    assert!(h.query_all_by_label("WILLKOMMEN").next().is_some());
    assert!(h.query_by_label_contains("Nr. 1 ·").is_some());
    assert!(h.query_by_label("willkommen").is_some());
    // A refusal in plain German words too.
    h.get_by_label("Ausweis scannen").type_text(&payload);
    h.key_press(egui::Key::Enter);
    h.run_ok();
    assert!(
        h.query_by_label_contains("BEREITS EINGETRETEN 09:00 AM ST-")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("bereits eingelassen 6. Juli 2015 09:00 am")
            .is_some()
    );
    h.get_by_label("Ausweis scannen").type_text("HELLO-NOT-A-BADGE");
    h.key_press(egui::Key::Enter);
    h.run_ok();
    assert!(h.query_all_by_label("KEIN GÜLTIGER AUSWEIS").next().is_some());

    // The door's language is a setting of the station, remembered with the preferences.
    let json = serde_json::to_string(&h.state().prefs).unwrap();
    let back: Prefs = serde_json::from_str(&json).unwrap();
    assert_eq!(back.door.lang, Some(Lang::De));
    assert_eq!(back.lang, Some(Lang::En));

    // Back at the desk: English again.
    h.state_mut().send(Command::Show(Screen::Registry));
    h.run_ok();
    assert!(h.query_by_label("Scan badge").is_none());
    assert!(h.query_all_by_label("Registry").next().is_some());
    assert!(h.query_by_label("Ausweis scannen").is_none());
}

#[test]
fn view_language_changes_every_word_at_once_and_is_remembered() {
    let fx = Fixture::new();
    let mut h = fx.harness(Screen::Door);
    assert!(h.query_by_label("Scan badge").is_some());
    h.get_by_label("View").click();
    h.run_ok();
    h.get_by_label("Language").click();
    h.run_ok();
    h.get_by_label("Русский").click();
    h.run_ok();
    assert_eq!(h.state().prefs.lang, Some(Lang::Ru));
    assert!(
        h.query_by_label("Сканировать пропуск").is_some(),
        "{:?}",
        texts(&h)
    );
    assert!(h.query_by_label("Реестр").is_some());
    assert!(h.query_by_label("Scan badge").is_none());
    // Remembered with the preferences (eframe persistence stores them as JSON).
    let json = serde_json::to_string(&h.state().prefs).unwrap();
    let back: Prefs = serde_json::from_str(&json).unwrap();
    assert_eq!(back.lang, Some(Lang::Ru));
    // The status bar counts delegates with Russian plurals.
    fx.add("AT", "Maria", "Huber", "DEL");
    fx.add("DE", "Jonas", "Weber", "DEL");
    h.state_mut().send(Command::Reload);
    h.run_ok();
    assert!(
        h.query_by_label_contains("2 делегата").is_some(),
        "{:?}",
        texts(&h)
    );
}
