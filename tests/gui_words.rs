//! People read words, never codes: every message of the core's errors as the GUI shows it
//! (through `gui::causes::words`, which the status bar, the form, the import and the designer
//! use) names no command line, no OS error number, no process exit status, no code point,
//! no template path and no verdict code; the record's history shows no JSON, no ISO day
//! lists and no "Printed version: 0".

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod gui_support;

use accredit::gui::causes::{chain, words};
use gui_support::Fixture;

/// What a person must never read.
fn raw_parts(text: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    for (bad, what) in [
        ("`accredit", "a command line"),
        ("os error", "an OS error number"),
        ("exit status", "an exit status"),
        ("U+", "a code point"),
        (".front[", "a template path"),
        (".back[", "a template path"),
        ("lpstat", "a command"),
    ] {
        if text.contains(bad) {
            found.push(what);
        }
    }
    for code in accredit::checkin::VerdictCode::ALL {
        if code.as_str().contains('_') && text.contains(code.as_str()) {
            found.push("a verdict code");
        }
    }
    found
}

fn assert_words(what: &str, shown: &str) {
    let raw = raw_parts(shown);
    assert!(raw.is_empty(), "{what}: {raw:?} in {shown:?}");
}

/// Every string literal of the core's source (not the GUI's, not the command line's): the
/// messages its errors are made of.
fn core_literals() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
            if rel == "gui" || rel == "cli" || rel == "main.rs" {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            // The tests at the end of a file are not messages.
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                let l = line.trim_start();
                if l.starts_with("//") {
                    continue;
                }
                let mut rest = l;
                while let Some(i) = rest.find('"') {
                    let after = &rest[i + 1..];
                    let Some(j) = after.find('"') else { break };
                    out.push((format!("{rel}:{}", n + 1), after[..j].to_string()));
                    rest = &after[j + 1..];
                }
            }
        }
    }
    out
}

#[test]
fn every_command_line_hint_of_the_core_is_said_in_the_apps_words() {
    let literals = core_literals();
    let hints: Vec<_> = literals.iter().filter(|(_, s)| s.contains("`accredit")).collect();
    assert!(hints.len() >= 8, "the walk finds the core's hints: {hints:?}");
    for (at, s) in hints {
        assert_words(at, &words(s));
    }
}

#[test]
fn real_errors_of_the_core_read_as_words() {
    let fx = Fixture::new();
    let dir = fx.dir.path();
    // Files: missing, a folder for a file, a database in a missing folder.
    std::fs::write(dir.join("a-file"), b"x").unwrap();
    let e = accredit::Registry::open(&dir.join("a-file").join("x.sqlite3")).unwrap_err();
    assert_words("open below a file", &chain(&e));
    let reg0 = fx.reg();
    let e = accredit::csv_io::plan_import(&reg0, &dir.join("none.csv")).unwrap_err();
    assert_words("import of a missing file", &chain(&e));
    drop(reg0);
    let io = std::fs::read(dir).unwrap_err();
    let e = accredit::io_error::IoError::new("cannot read", dir, io);
    let shown = chain(&e);
    assert_words("reading a folder", &shown);
    assert!(shown.contains("it is a folder, not a file"), "{shown}");
    let io = std::fs::read(dir.join("gone.pdf")).unwrap_err();
    let shown = chain(&accredit::io_error::IoError::new(
        "cannot read",
        dir.join("gone.pdf"),
        io,
    ));
    assert!(shown.contains("it does not exist"), "{shown}");

    // A process that fails (as lp or xdg-open may).
    let status = std::process::Command::new("sh")
        .args(["-c", "exit 3"])
        .status()
        .unwrap();
    let shown = words(&format!("xdg-open could not open the PDF ({status})"));
    assert_words("a failed process", &shown);
    assert!(shown.contains("ended with code 3"), "{shown}");

    // The registry's refusals.
    let mut reg = fx.reg();
    let bad = accredit::registry::Delegate {
        delegation: "XX".into(),
        family_name: "Bad\u{1}Name".into(),
        category: "DEL".into(),
        ..Default::default()
    };
    let e = reg.add_delegate(&bad).unwrap_err();
    assert_words("an invalid delegate", &chain(&e));
    let mut ev = reg.event().unwrap();
    ev.utc_offset = "2 hours".into();
    let e = ev.offset().unwrap_err();
    assert_words("a malformed offset", &chain(&e));
    let e = reg.save_event(&ev).unwrap_err();
    assert_words("saving a malformed offset", &chain(&e));

    // The badge template's refusal names the element as the designer's list counts it.
    let mut ev = reg.event().unwrap();
    let qr = ev
        .badge
        .cr80
        .front
        .iter()
        .position(|e| e.kind == accredit::registry::template::Kind::Qr)
        .unwrap();
    ev.badge.cr80.front[qr].rect = [1.0, 1.0, 2.0, 2.0];
    let r = accredit::badge::template_check::check(&ev).unwrap_err();
    let shown = words(&format!("{}: {}", r.field, r.message));
    assert_words("a template refusal", &shown);
    assert!(shown.contains(&format!("element {}", qr + 1)), "{shown}");

    // Glyph warnings: a Korean native name, as the print dialog shows it.
    let id = fx.add("KR", "Min-jun", "Kim", "DEL");
    let mut d = reg.delegate(id).unwrap();
    d.native_name = "김민준".into();
    reg.update_delegate(&d).unwrap();
    let warnings = accredit::badge::glyph_warnings(&reg, &[id]).unwrap();
    assert!(!warnings.is_empty());
    for w in warnings {
        let shown = accredit::gui::causes::drawable(&words(&w.to_string()));
        assert_words("a glyph warning", &shown);
        assert!(shown.contains("Korean (Hangul)"), "{shown}");
        assert!(!shown.contains('김'), "no boxes: {shown}");
    }

    // The door's errors.
    let door = accredit::checkin::Door::open(&reg).unwrap();
    let ctx = accredit::checkin::ScanContext {
        station: "S".into(),
        zone: None,
        at: time::OffsetDateTime::now_utc(),
        direction: accredit::checkin::Direction::In,
    };
    let e = door.annul(&mut reg, "no-such-scan", "typo", &ctx).unwrap_err();
    assert_words("annulling an unknown scan", &chain(&e));
}

#[test]
fn the_history_is_in_words() {
    let fx = Fixture::new();
    let id = fx.add("AT", "Maria", "Huber", "DEL");
    let mut reg = fx.reg();
    let mut d = reg.delegate(id).unwrap();
    d.days = vec!["2015-07-07".into()];
    d.zones = vec!["PLENARY".into()];
    reg.update_delegate(&d).unwrap();
    // Marked printed as a print run does.
    reg.mark_printed(&[(id, 1)]).unwrap();
    let data = accredit::gui::data::Data::load(&reg, accredit::registry::NameOrder::En).unwrap();
    let lines: Vec<String> = reg
        .history("delegate", &id.to_string())
        .unwrap()
        .iter()
        .flat_map(|e| accredit::gui::form::history::changes(e, &data))
        .collect();
    let all = lines.join("\n");
    assert!(
        all.contains("Days: every day of the event → Tuesday 7 July 2015"),
        "{all}"
    );
    assert!(
        all.contains("Printed: not printed → badge version 1 printed"),
        "{all}"
    );
    assert!(all.contains("Delegation: Austria"), "{all}");
    for bad in ["[", "\"", "Printed version", "2015-07-07", "{"] {
        assert!(!all.contains(bad), "{bad} in the history: {all}");
    }
}
