//! The six languages: every message in every file with the same variables, Russian plurals,
//! dates per language, protocol order per language against lists written by hand, the
//! door's verdicts in each language, and the list of participants in German from the real
//! binary (whose own output stays English).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use accredit::i18n::{Lang, Say, dates, sources, tr_in};
use accredit::registry::{DelegationKind, NameOrder, Registry};

/// The message ids of one `.ftl` text, each with the variables it uses (`$name`).
fn messages(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let starts_message =
            line.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && line.contains(" =");
        let body = if starts_message {
            let (id, rest) = line.split_once(" =").unwrap();
            current = Some(id.trim().to_string());
            out.entry(id.trim().to_string()).or_default();
            rest
        } else {
            line
        };
        let Some(id) = &current else { continue };
        let vars = out.get_mut(id).unwrap();
        let mut rest = body;
        while let Some(at) = rest.find('$') {
            let name: String = rest[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            vars.insert(name);
            rest = &rest[at + 1..];
        }
    }
    out
}

#[test]
fn every_file_parses() {
    for lang in Lang::ALL {
        for (area, text) in sources(lang) {
            if let Err((_, errors)) = fluent_bundle::FluentResource::try_new(text.to_string()) {
                panic!("i18n/{lang}/{area}.ftl does not parse: {errors:?}");
            }
        }
    }
}

#[test]
fn every_message_in_every_language_with_the_same_variables() {
    let english: BTreeMap<&str, _> = sources(Lang::En)
        .iter()
        .map(|(area, text)| (*area, messages(text)))
        .collect();
    assert!(
        english.values().map(BTreeMap::len).sum::<usize>() > 150,
        "the English files hold the words"
    );
    let mut problems = Vec::new();
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        let theirs: BTreeMap<&str, _> = sources(lang)
            .iter()
            .map(|(area, text)| (*area, messages(text)))
            .collect();
        for (area, msgs) in &english {
            let Some(other) = theirs.get(area) else {
                problems.push(format!("i18n/{lang}/{area}.ftl is missing"));
                continue;
            };
            for (id, vars) in msgs {
                match other.get(id) {
                    None => problems.push(format!("i18n/{lang}/{area}.ftl lacks {id}")),
                    Some(v) if v != vars => problems.push(format!(
                        "i18n/{lang}/{area}.ftl: {id} uses {v:?}, English {vars:?}"
                    )),
                    Some(_) => {}
                }
            }
            for id in other.keys().filter(|id| !msgs.contains_key(*id)) {
                problems.push(format!("i18n/{lang}/{area}.ftl has {id}, which English has not"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn translations_are_not_english_copies() {
    // A message may equal English where the word is the same (PIN, Scans, Import); not
    // whole files.
    let english: BTreeMap<String, String> = sources(Lang::En)
        .iter()
        .flat_map(|(_, t)| messages(t).into_keys())
        .map(|id| (id.clone(), tr_in(Lang::En, &id, &[])))
        .collect();
    for lang in [Lang::Fr, Lang::De, Lang::Ru, Lang::Es, Lang::It] {
        let same = english
            .iter()
            .filter(|(id, en)| {
                !en.contains('{') && tr_in(lang, id, &[]) == **en && en.chars().any(char::is_alphabetic)
            })
            .count();
        assert!(
            same * 10 < english.len(),
            "{lang}: {same} of {} messages read as in English",
            english.len()
        );
    }
}

#[test]
fn russian_plurals_have_three_forms() {
    let count = |lang, n: i64| {
        tr_in(
            lang,
            "app-delegates-count",
            &[("count", n.into()), ("db", "x".into())],
        )
    };
    assert_eq!(count(Lang::Ru, 1), "1 делегат · x");
    assert_eq!(count(Lang::Ru, 2), "2 делегата · x");
    assert_eq!(count(Lang::Ru, 5), "5 делегатов · x");
    assert_eq!(count(Lang::Ru, 21), "21 делегат · x");
    assert_eq!(count(Lang::Ru, 11), "11 делегатов · x");
    assert_eq!(count(Lang::Ru, 22), "22 делегата · x");
    assert_eq!(count(Lang::En, 1), "1 delegate · x");
    assert_eq!(count(Lang::En, 21), "21 delegates · x");
    assert_eq!(count(Lang::Fr, 1), "1 délégué · x");
    assert_eq!(count(Lang::De, 5), "5 Delegierte · x");
    let inside = |n: i64| {
        tr_in(
            Lang::Ru,
            "door-people-inside",
            &[("count", n.into()), ("time", "09:00".into())],
        )
    };
    assert_eq!(inside(2), "2 человека внутри на 09:00");
    assert_eq!(inside(5), "5 человек внутри на 09:00");
}

#[test]
fn dates_in_each_language() {
    let day = dates::parse_iso("2015-07-06").unwrap();
    for (lang, long) in [
        (Lang::En, "6 July 2015"),
        (Lang::Fr, "6 juillet 2015"),
        (Lang::De, "6. Juli 2015"),
        (Lang::Ru, "6 июля 2015"),
        (Lang::Es, "6 de julio de 2015"),
        (Lang::It, "6 luglio 2015"),
    ] {
        assert_eq!(dates::long(lang, day), long);
    }
    let two = ["2015-07-06", "2015-07-07"];
    assert_eq!(dates::runs_text(Lang::De, &two), "6.–7. Juli 2015");
    assert_eq!(dates::runs_text(Lang::En, &two), "6-7 July 2015");
    assert_eq!(
        dates::with_weekday(Lang::Ru, dates::parse_iso("2015-07-07").unwrap()),
        "вторник, 7 июля 2015"
    );
}

#[test]
fn the_admitted_headline_in_the_six_languages() {
    let say =
        accredit::checkin::rules::headline_say(accredit::checkin::VerdictCode::Admitted, false, None, None);
    let words: Vec<String> = [Lang::En, Lang::Fr, Lang::De, Lang::Ru, Lang::Es, Lang::It]
        .into_iter()
        .map(|l| say.text_in(l))
        .collect();
    assert_eq!(
        words,
        [
            "WELCOME",
            "BIENVENUE",
            "WILLKOMMEN",
            "ДОБРО ПОЖАЛОВАТЬ",
            "BIENVENIDO",
            "BENVENUTO"
        ]
    );
    // Every code's words exist in every language and differ from English there.
    for code in accredit::checkin::VerdictCode::ALL {
        let say = Say::new(code.words_id());
        assert_eq!(say.english(), code.words());
        for lang in [Lang::Fr, Lang::De, Lang::Ru, Lang::Es, Lang::It] {
            assert_ne!(say.text_in(lang), say.english(), "{code:?} in {lang}");
        }
    }
    // A detail with its arguments, nested.
    let detail = Say::new("verdict-detail-with-reason")
        .arg("detail", Say::new("verdict-detail-withdrawn"))
        .arg("reason", "left the delegation");
    assert_eq!(detail.english(), "accreditation withdrawn: left the delegation");
    assert_eq!(
        detail.text_in(Lang::De),
        "Akkreditierung zurückgezogen: left the delegation"
    );
}

fn registry() -> (tempfile::TempDir, Registry) {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("r.sqlite3")).unwrap();
    (dir, reg)
}

fn codes(reg: &Registry, order: NameOrder, kind: DelegationKind) -> Vec<String> {
    reg.delegations(order)
        .unwrap()
        .into_iter()
        .filter(|d| d.kind == kind)
        .map(|d| d.code)
        .collect()
}

#[test]
fn protocol_order_in_each_language_as_written_by_hand() {
    let (_dir, reg) = registry();
    let partners = |order| codes(&reg, order, DelegationKind::Partner);
    // Afghanistan, Algeria, Australia, Egypt, Israel, Japan, Jordan, Morocco, Republic of
    // Korea, Thailand, Tunisia.
    assert_eq!(
        partners(Lang::En),
        ["AF", "DZ", "AU", "EG", "IL", "JP", "JO", "MA", "KR", "TH", "TN"]
    );
    // Afghanistan, Ägypten (Ä as A), Algerien, Australien, Israel, Japan, Jordanien, Marokko,
    // Republik Korea, Thailand, Tunesien.
    assert_eq!(
        partners(Lang::De),
        ["AF", "EG", "DZ", "AU", "IL", "JP", "JO", "MA", "KR", "TH", "TN"]
    );
    // Австралия, Алжир, Афганистан, Египет, Израиль, Иордания, Марокко, Республика Корея,
    // Таиланд, Тунис, Япония.
    assert_eq!(
        partners(Lang::Ru),
        ["AU", "DZ", "AF", "EG", "IL", "JO", "MA", "KR", "TH", "TN", "JP"]
    );
    // Afganistán, Argelia, Australia, Egipto, Israel, Japón, Jordania, Marruecos, República
    // de Corea, Tailandia, Túnez.
    assert_eq!(
        partners(Lang::Es),
        ["AF", "DZ", "AU", "EG", "IL", "JP", "JO", "MA", "KR", "TH", "TN"]
    );
    // Afghanistan, Algeria, Australia, Egitto, Giappone, Giordania, Israele, Marocco,
    // Repubblica di Corea, Thailandia, Tunisia.
    assert_eq!(
        partners(Lang::It),
        ["AF", "DZ", "AU", "EG", "JP", "JO", "IL", "MA", "KR", "TH", "TN"]
    );

    let states = |order| codes(&reg, order, DelegationKind::ParticipatingState);
    let pos = |v: &[String], c: &str| v.iter().position(|x| x == c).unwrap();
    // Russian: Австрия, Азербайджан, Албания, Андорра, Армения, Беларусь, ... Эстония last.
    let ru = states(Lang::Ru);
    assert_eq!(&ru[..6], ["AT", "AZ", "AL", "AD", "AM", "BY"]);
    assert_eq!(ru.last().map(String::as_str), Some("EE"));
    // "... Швейцария, Швеция, Эстония".
    assert_eq!(pos(&ru, "SE"), pos(&ru, "CH") + 1);
    // German: "Niederlande, Norwegen, Österreich, Polen"; "Vereinigte Staaten von Amerika,
    // Vereinigtes Königreich, Zypern" (word by word); "ehemalige jugoslawische Republik
    // Mazedonien" under E, after "Dänemark, Deutschland".
    let de = states(Lang::De);
    assert_eq!(pos(&de, "NO"), pos(&de, "NL") + 1);
    assert_eq!(pos(&de, "AT"), pos(&de, "NO") + 1);
    assert_eq!(pos(&de, "PL"), pos(&de, "AT") + 1);
    assert_eq!(pos(&de, "GB"), pos(&de, "US") + 1);
    assert_eq!(pos(&de, "CY"), pos(&de, "GB") + 1);
    assert_eq!(pos(&de, "MK"), pos(&de, "DE") + 1);
    // Spanish: "España, Estados Unidos de América, Estonia"; Italian: "Svezia, Svizzera,
    // Tagikistan".
    let es = states(Lang::Es);
    assert_eq!(pos(&es, "US"), pos(&es, "ES") + 1);
    assert_eq!(pos(&es, "EE"), pos(&es, "US") + 1);
    let it = states(Lang::It);
    assert_eq!(pos(&it, "CH"), pos(&it, "SE") + 1);
    assert_eq!(pos(&it, "TJ"), pos(&it, "CH") + 1);
    // English and French as they always were.
    let en = states(Lang::En);
    assert_eq!(pos(&en, "MK"), pos(&en, "TJ") + 1);
    let fr = states(Lang::Fr);
    assert_eq!(pos(&fr, "MK"), pos(&fr, "LV") + 1);
    assert_eq!(pos(&fr, "US"), pos(&fr, "EE") + 1);
}

#[test]
fn every_delegation_is_named_in_the_six_languages() {
    let (_dir, reg) = registry();
    for d in reg.delegations(Lang::En).unwrap() {
        for (lang, name) in [
            ("de", &d.name_de),
            ("ru", &d.name_ru),
            ("es", &d.name_es),
            ("it", &d.name_it),
        ] {
            assert!(!name.trim().is_empty(), "{} has no {lang} name", d.code);
        }
    }
    let at = reg
        .delegations(Lang::Ru)
        .unwrap()
        .into_iter()
        .find(|d| d.code == "AT")
        .unwrap();
    assert_eq!(at.name(Lang::Ru), "Австрия");
    assert_eq!(at.name(Lang::De), "Österreich");
}

#[test]
fn a_badge_in_german_and_the_list_of_participants_in_russian() {
    let (dir, mut reg) = registry();
    let mut ev = reg.event().unwrap();
    ev.badge.language = Lang::De;
    let d = accredit::registry::Delegate {
        delegation: "AT".into(),
        given_name: "Maria".into(),
        family_name: "Huber".into(),
        category: "DEL".into(),
        days: vec!["2015-07-07".into()],
        zones: vec!["PLENARY".into()],
        ..Default::default()
    };
    let at = reg
        .delegations(Lang::En)
        .unwrap()
        .into_iter()
        .find(|g| g.code == "AT");
    let strings = accredit::badge::layout::badge_strings(&ev, &d, at.as_ref());
    let texts: Vec<&str> = strings.iter().map(|(_, t, _)| t.as_str()).collect();
    assert!(texts.contains(&"Gültig 7. Juli 2015"), "{texts:?}");
    assert!(texts.contains(&"Tage: Dienstag, 7. Juli 2015"), "{texts:?}");
    assert!(texts.contains(&"Zonen: PLENARY"), "{texts:?}");
    assert!(texts.contains(&"Österreich"), "{texts:?}");
    // The event keeps its language.
    reg.add_delegate(&accredit::registry::Delegate {
        status: accredit::registry::Status::Accredited,
        ..d
    })
    .unwrap();
    drop(reg);

    // The command line: the list in Russian; its own words stay English.
    let db = dir.path().join("r.sqlite3");
    let csv = dir.path().join("list.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_accredit"))
        .args(["--db"])
        .arg(&db)
        .args(["participants", "--lang", "ru", "--out"])
        .arg(&csv)
        .env("LANG", "de_DE.UTF-8")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 participant(s) in 1 delegation(s)"), "{stdout}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("Государства-участники,AT,Австрия"), "{text}");
}
