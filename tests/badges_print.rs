//! Printing as a transaction: selections, marking printed, failures and cancel leaving no
//! trace, reissue revoking the old pass, glyph warnings, door copies refused.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod badges_common;

use std::sync::atomic::{AtomicUsize, Ordering};

use accredit::badge::{self, BadgeError, Field, Layout, PrintJob, Selection};
use accredit::pass;
use accredit::progress::{NoProgress, Progress};
use accredit::registry::Status;
use badges_common::*;

fn job(selection: Selection) -> PrintJob {
    PrintJob {
        layout: Layout::Cr80,
        selection,
    }
}

fn printed_versions(reg: &accredit::Registry) -> Vec<(i64, u32)> {
    reg.delegates()
        .unwrap()
        .iter()
        .map(|d| (d.id, d.printed_version))
        .collect()
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn default_prints_unprinted_once_then_reissued_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut reg = registry(dir.path());
    let ids = add_csv(&mut reg, &fixtures().join("badges/scripts.csv"));
    reg.set_status(ids[0], Status::Pending).unwrap();
    let out = dir.path().join("first.pdf");
    let r = badge::print(&mut reg, &job(Selection::Unprinted), &out, &NoProgress).unwrap();
    assert_eq!(r.printed.len(), ids.len() - 1, "pending delegate left out");
    assert!(r.printed.iter().all(|(id, v)| *id != ids[0] && *v == 1));
    assert!(out.exists() && r.bytes > 0);
    for (id, v) in printed_versions(&reg) {
        assert_eq!(v, if id == ids[0] { 0 } else { 1 });
    }
    // Every printed badge has its audit entry.
    assert!(
        reg.history("delegate", &ids[1].to_string())
            .unwrap()
            .iter()
            .any(|a| a.action == "print")
    );

    // Nothing left: no file written.
    let again = dir.path().join("again.pdf");
    let r = badge::print(&mut reg, &job(Selection::Unprinted), &again, &NoProgress).unwrap();
    assert!(r.printed.is_empty() && r.path.is_none() && !again.exists());

    // A reissue makes exactly that badge unprinted again, at version 2.
    assert_eq!(reg.reissue(ids[3]).unwrap(), 2);
    let third = dir.path().join("third.pdf");
    let r = badge::print(&mut reg, &job(Selection::Unprinted), &third, &NoProgress).unwrap();
    assert_eq!(r.printed, vec![(ids[3], 2)]);

    // --all prints every accredited delegate again; --delegation narrows.
    let r = badge::print(
        &mut reg,
        &job(Selection::All),
        &dir.path().join("all.pdf"),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(r.printed.len(), ids.len() - 1);
    let sel = Selection::Delegations {
        codes: vec!["rs".into()],
        include_printed: true,
    };
    let r = badge::print(&mut reg, &job(sel), &dir.path().join("rs.pdf"), &NoProgress).unwrap();
    assert_eq!(
        r.printed.len(),
        1,
        "two Serbian delegates in the fixture, one pending"
    );
    let sel = Selection::Delegations {
        codes: vec!["XX".into()],
        include_printed: true,
    };
    assert!(matches!(
        badge::print(&mut reg, &job(sel), &dir.path().join("xx.pdf"), &NoProgress),
        Err(BadgeError::UnknownDelegation(_))
    ));
    // An explicit id of a pending delegate is refused.
    assert!(matches!(
        badge::print(
            &mut reg,
            &job(Selection::Ids(vec![ids[0]])),
            &dir.path().join("p.pdf"),
            &NoProgress
        ),
        Err(BadgeError::NotAccredited { .. })
    ));
}

#[test]
fn unwritable_output_marks_nothing_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut reg = registry(dir.path());
    add_csv(&mut reg, &fixtures().join("badges/scripts.csv"));
    let before = printed_versions(&reg);
    let files_before = files_in(dir.path());

    // The output folder does not exist.
    let missing = dir.path().join("no-such-folder/badges.pdf");
    let e = badge::print(&mut reg, &job(Selection::Unprinted), &missing, &NoProgress).unwrap_err();
    assert!(matches!(e, BadgeError::Io { .. }), "{e}");
    assert!(e.to_string().contains("no-such-folder"), "{e}");

    // The "folder" is a file: not writable as a folder.
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    let e = badge::print(
        &mut reg,
        &job(Selection::Unprinted),
        &file.join("badges.pdf"),
        &NoProgress,
    )
    .unwrap_err();
    assert!(matches!(e, BadgeError::Io { .. }), "{e}");

    // The target is an existing folder: the rename fails after the PDF was written.
    let target = dir.path().join("a-folder.pdf");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep"), b"x").unwrap();
    let e = badge::print(&mut reg, &job(Selection::Unprinted), &target, &NoProgress).unwrap_err();
    assert!(matches!(e, BadgeError::Io { .. }), "{e}");

    assert_eq!(printed_versions(&reg), before, "nothing marked printed");
    let mut expected = files_before;
    expected.push("a-folder.pdf".into());
    expected.push("plain-file".into());
    expected.sort();
    assert_eq!(
        files_in(dir.path()),
        expected,
        "no PDF and no temporary file left"
    );
}

/// Cancels once `after` badges are done.
struct CancelAfter {
    after: usize,
    done: AtomicUsize,
}

impl Progress for CancelAfter {
    fn set(&self, done: usize, _total: usize) {
        self.done.store(done, Ordering::Relaxed);
    }
    fn cancelled(&self) -> bool {
        self.done.load(Ordering::Relaxed) >= self.after
    }
}

#[test]
fn cancel_marks_nothing_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut reg = registry(dir.path());
    let ids = add_csv(&mut reg, &fixtures().join("badges/scripts.csv"));
    let before = printed_versions(&reg);
    let files_before = files_in(dir.path());
    for after in [1, 5, ids.len()] {
        let progress = CancelAfter {
            after,
            done: AtomicUsize::new(0),
        };
        let out = dir.path().join("cancelled.pdf");
        let e = badge::print(&mut reg, &job(Selection::Unprinted), &out, &progress).unwrap_err();
        assert!(matches!(e, BadgeError::Cancelled), "{e}");
        assert!(!out.exists());
        assert_eq!(printed_versions(&reg), before);
        assert_eq!(files_in(dir.path()), files_before);
    }
}

#[test]
fn door_copy_refuses_to_print_and_reissue() {
    let dir = tempfile::tempdir().unwrap();
    let mut reg = registry(dir.path());
    let ids = add_csv(&mut reg, &fixtures().join("badges/scripts.csv"));
    reg.conn()
        .execute("UPDATE event SET secret_key = NULL", [])
        .unwrap();
    let out = dir.path().join("door.pdf");
    let e = badge::print(&mut reg, &job(Selection::All), &out, &NoProgress).unwrap_err();
    assert!(e.to_string().contains("door station copy"), "{e}");
    assert!(!out.exists());
    assert!(reg.reissue(ids[0]).is_err());
}

#[test]
fn reissue_revokes_and_altered_printed_pass_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut reg = registry(dir.path());
    let ids = add_csv(&mut reg, &fixtures().join("badges/scripts.csv"));
    let id = ids[6];
    let out = dir.path().join("one.pdf");
    badge::print(&mut reg, &job(Selection::Ids(vec![id])), &out, &NoProgress).unwrap();
    let png = render(&out, 150);
    let old = rqrr_decode(&png[0]);
    assert_eq!(old.len(), 1);
    let old = old[0].clone();
    let event = reg.event().unwrap();
    let vk = reg.verifying_key().unwrap();
    let c = pass::verify(&old, &event.code, &vk).unwrap();
    assert_eq!((c.serial as i64, c.version), (id, 1));

    // Altering the printed pass: another serial, a later version, another category, a
    // changed signature character, a truncation: all refused.
    let (body, sig) = old.rsplit_once(':').unwrap();
    let other_serial = old.replacen(&format!(":{id}:"), &format!(":{}:", id + 1), 1);
    let later = old.replacen(&format!(":{id}:1:"), &format!(":{id}:2:"), 1);
    let other_cat = old.replacen(":DEL:", ":HOD:", 1);
    let flipped = format!(
        "{body}:{}{}",
        if sig.starts_with('A') { 'B' } else { 'A' },
        &sig[1..]
    );
    for forged in [
        other_serial,
        later,
        other_cat,
        flipped,
        old[..old.len() - 1].to_string(),
    ] {
        assert_ne!(forged, old);
        assert!(
            pass::verify(&forged, &event.code, &vk).is_err(),
            "accepted {forged}"
        );
    }

    // Every single-character change of the printed pass is refused.
    let alphabet: Vec<char> = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567019:.*".chars().collect();
    let chars: Vec<char> = old.chars().collect();
    for i in 0..chars.len() {
        for &c in &alphabet {
            if chars[i] == c {
                continue;
            }
            let mut m = chars.clone();
            m[i] = c;
            let m: String = m.into_iter().collect();
            assert!(pass::verify(&m, &event.code, &vk).is_err(), "accepted {m}");
        }
    }

    // Reissue: the new pass differs and its version is higher than the printed one.
    let v = reg.reissue(id).unwrap();
    assert_eq!(v, 2);
    let d = reg.delegate(id).unwrap();
    assert!(!d.is_printed());
    let new = pass::issue(&reg, &d).unwrap();
    assert_ne!(new, old);
    let nc = pass::verify(&new, &event.code, &vk).unwrap();
    assert!(c.version < nc.version && nc.version == d.badge_version);

    // Reissue by external id works the same (the CLI's REF).
    let by_ext = reg.find_delegate(d.external_id.as_deref().unwrap()).unwrap();
    assert_eq!(by_ext.id, id);
}

#[test]
fn glyph_warnings_for_japanese_arabic_and_korean_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut reg = registry(dir.path());
    let ids = add_csv(&mut reg, &fixtures().join("delegates-sample.csv"));
    let warnings = badge::glyph_warnings(&reg, &ids).unwrap();
    let natives: Vec<&str> = warnings.iter().map(|w| w.text.as_str()).collect();
    for expected in ["佐藤 健二", "يوسف الخطيب", "김지우"] {
        assert!(
            natives.contains(&expected),
            "no warning for {expected}: {natives:?}"
        );
    }
    assert!(
        warnings
            .iter()
            .all(|w| w.field == Field::NativeName && w.left_off)
    );
    let sato = warnings.iter().find(|w| w.text == "佐藤 健二").unwrap();
    assert_eq!(sato.missing, vec!['佐', '藤', '健', '二']);
    assert_eq!(sato.delegate, "Mr. Kenji SATO");
    let line = sato.to_string();
    assert!(
        line.contains("Mr. Kenji SATO: native-script name \"佐藤 健二\" has characters")
            && line.contains("U+4F50")
            && line.ends_with("that line is left off the badge"),
        "{line}"
    );
    // Cyrillic, Georgian, Armenian native names print without warning.
    for ok in [
        "Алеся Карповіч",
        "Արմեն Սարգսյան",
        "ნინო ბერიძე",
        "Рустам Раҳмонов",
    ] {
        assert!(!natives.contains(&ok), "{ok}");
    }

    // Printing leaves those lines off, prints the Latin name, and reports the same warnings.
    let out = dir.path().join("sample.pdf");
    let r = badge::print(&mut reg, &job(Selection::All), &out, &NoProgress).unwrap();
    // The pre-print check and the layout share one glyph check: the very same warnings.
    let key = |w: &badge::GlyphWarning| (w.delegate_id, w.field.label(), w.text.clone());
    let mut printed = r.warnings.clone();
    let mut checked = warnings.clone();
    printed.sort_by_key(key);
    checked.sort_by_key(key);
    assert_eq!(printed, checked);
    assert!(
        r.warnings
            .iter()
            .all(|w| w.reason == badge::Reason::MissingGlyphs)
    );
    // An unknown id is an error that names it, not an empty list.
    let e = badge::glyph_warnings(&reg, &[987_654]).unwrap_err();
    assert!(e.to_string().contains("987654"), "{e}");
    let text = pdftotext(&out);
    assert!(text.contains("Kenji SATO") && text.contains("Yousef AL-KHATIB"));
    for gone in ["佐", "يوسف", "김"] {
        assert!(!text.contains(gone), "{gone} printed");
    }
}

/// An existing output file is replaced only by a print that is also marked: when marking
/// fails, or the commit after the rename fails, the previous PDF is still there, byte for
/// byte, nothing is marked and no temporary or backup file is left. A successful print
/// replaces it.
#[test]
fn a_failed_print_keeps_the_previous_pdf_and_marks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut reg = registry(dir.path());
    add_csv(&mut reg, &fixtures().join("badges/scripts.csv"));
    let out = dir.path().join("badges.pdf");
    let previous = b"%PDF-1.7 the badges printed yesterday".to_vec();
    std::fs::write(&out, &previous).unwrap();
    let before = printed_versions(&reg);
    let files_before = files_in(dir.path());

    // 1. Marking fails (before anything is renamed).
    reg.conn()
        .execute_batch(
            "CREATE TEMP TRIGGER refuse_print BEFORE UPDATE OF printed_version ON delegate
             BEGIN SELECT RAISE(ABORT, 'marking refused by the test'); END;",
        )
        .unwrap();
    let e = badge::print(&mut reg, &job(Selection::Unprinted), &out, &NoProgress).unwrap_err();
    assert!(e.to_string().contains("marking refused"), "{e}");
    assert_eq!(std::fs::read(&out).unwrap(), previous, "previous PDF kept");
    assert_eq!(printed_versions(&reg), before, "nothing marked printed");
    assert_eq!(files_in(dir.path()), files_before, "no file left behind");
    reg.conn().execute_batch("DROP TRIGGER refuse_print;").unwrap();

    // 2. The commit fails after the new PDF was renamed into place: a deferred foreign key
    //    broken by every mark makes COMMIT itself fail.
    reg.conn()
        .execute_batch(
            "CREATE TABLE print_check(
                 id INTEGER REFERENCES delegate(id) DEFERRABLE INITIALLY DEFERRED);
             CREATE TEMP TRIGGER break_commit AFTER UPDATE OF printed_version ON delegate
             BEGIN INSERT INTO main.print_check VALUES (-1); END;",
        )
        .unwrap();
    let files_before = files_in(dir.path());
    let e = badge::print(&mut reg, &job(Selection::Unprinted), &out, &NoProgress).unwrap_err();
    assert!(e.to_string().to_lowercase().contains("foreign key"), "{e}");
    assert_eq!(std::fs::read(&out).unwrap(), previous, "previous PDF put back");
    assert_eq!(printed_versions(&reg), before, "nothing marked printed");
    assert_eq!(files_in(dir.path()), files_before, "no file left behind");
    // Without a previous file, the commit failure leaves no PDF at all.
    let fresh = dir.path().join("fresh.pdf");
    badge::print(&mut reg, &job(Selection::Unprinted), &fresh, &NoProgress).unwrap_err();
    assert!(!fresh.exists(), "an unmarked PDF was left at {}", fresh.display());
    assert_eq!(printed_versions(&reg), before, "nothing marked printed");
    assert_eq!(files_in(dir.path()), files_before, "no file left behind");
    reg.conn()
        .execute_batch("DROP TRIGGER break_commit; DROP TABLE print_check;")
        .unwrap();

    // 3. A print that succeeds replaces the previous file.
    let r = badge::print(&mut reg, &job(Selection::Unprinted), &out, &NoProgress).unwrap();
    assert!(!r.printed.is_empty());
    let now = std::fs::read(&out).unwrap();
    assert!(now.starts_with(b"%PDF") && now != previous && now.len() as u64 == r.bytes);
    assert_ne!(printed_versions(&reg), before, "marked printed");
    assert_eq!(files_in(dir.path()), files_before, "no backup left behind");
}
