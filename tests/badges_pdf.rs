//! Badge PDFs read back by outside tools: pdftoppm renders every page, rqrr (in process) and
//! zbarimg decode every QR code, pass::verify accepts each pass, pdftotext returns every name
//! in every script, qpdf accepts the file.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod badges_common;

use std::collections::BTreeSet;
use std::path::Path;

use accredit::badge::{self, Layout, PrintJob, Selection};
use accredit::pass;
use accredit::progress::NoProgress;
use badges_common::*;

/// Prints the script fixtures (some with photos) plus the sample delegates in `layout`, then
/// checks the file with every outside reader.
fn print_and_read_back(layout: Layout) {
    let dir = tempfile::tempdir().unwrap();
    let mut reg = registry(dir.path());
    let ids = add_csv(&mut reg, &fixtures().join("badges/scripts.csv"));
    // Photos on a few badges, in both orientations.
    for (i, id) in ids.iter().take(3).enumerate() {
        let mut d = reg.delegate(*id).unwrap();
        d.photo = Some(if i == 1 {
            photo(400, 300, 9)
        } else {
            photo(300, 400, i as u8)
        });
        reg.update_delegate(&d).unwrap();
    }
    let out = dir.path().join(format!("badges-{layout}.pdf"));
    let job = PrintJob {
        layout,
        selection: Selection::All,
    };
    let report = badge::print(&mut reg, &job, &out, &NoProgress).unwrap();
    assert_eq!(report.printed.len(), ids.len());
    assert_eq!(report.pages, ids.len().div_ceil(layout.per_page()));
    if let Ok(keep) = std::env::var("ACCREDIT_KEEP_PDF") {
        std::fs::copy(&out, Path::new(&keep).join(out.file_name().unwrap())).unwrap();
    }

    qpdf_check(&out);

    // Every page rendered at 150 dpi; every QR decoded by both readers and verified.
    let event = reg.event().unwrap();
    let vk = reg.verifying_key().unwrap();
    let pages = render(&out, 150);
    assert_eq!(pages.len(), report.pages);
    let mut serials_rqrr = BTreeSet::new();
    let mut serials_zbar = BTreeSet::new();
    for png in &pages {
        let found = rqrr_decode_slots(png, layout);
        let zbar = zbar_decode(png);
        let expected = layout.per_page().min(ids.len() - serials_rqrr.len());
        assert_eq!(found.len(), expected, "rqrr on {}", png.display());
        assert_eq!(zbar.len(), expected, "zbarimg on {}", png.display());
        for p in &found {
            let c = pass::verify(p, &event.code, &vk).expect("rqrr pass verifies");
            serials_rqrr.insert(c.serial as i64);
        }
        for p in &zbar {
            let c = pass::verify(p, &event.code, &vk).expect("zbar pass verifies");
            serials_zbar.insert(c.serial as i64);
        }
    }
    let all: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(serials_rqrr, all);
    assert_eq!(serials_zbar, all);

    // The text layer gives back every name exactly, in every script.
    let text = pdftotext(&out);
    let flat = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("- ", "-");
    for id in &ids {
        let d = reg.delegate(*id).unwrap();
        let family = d.family_name.to_uppercase();
        for word in family.split(' ') {
            assert!(
                flat.contains(word),
                "{word:?} of {} missing from pdftotext",
                d.display_name()
            );
        }
        assert!(flat.contains(&d.given_name), "{}", d.given_name);
        if !d.native_name.is_empty() {
            assert!(
                flat.contains(&d.native_name),
                "native {:?} missing from pdftotext:\n{text}",
                d.native_name
            );
        }
    }
    for letters in [
        "Đ",
        "ł",
        "Þ",
        "ő",
        "ș",
        "ţ",
        "ė",
        "ђ",
        "ћ",
        "џ",
        "љ",
        "њ",
        "ә",
        "ғ",
        "қ",
        "ң",
        "ө",
        "ұ",
        "ү",
        "һ",
        "і",
        "ҷ",
        "ӣ",
        "ӯ",
        "ҳ",
        "Γεώργιος",
        "ნინო",
        "Արմեն",
    ] {
        assert!(flat.contains(letters), "{letters} missing from pdftotext");
    }
}

#[test]
fn cr80_read_back_by_outside_tools() {
    print_and_read_back(Layout::Cr80);
}

#[test]
fn a6_read_back_by_outside_tools() {
    print_and_read_back(Layout::A6);
}

#[test]
fn a4x4_read_back_by_outside_tools() {
    print_and_read_back(Layout::A4x4);
}

#[test]
fn a4x4_cut_marks_show_over_the_category_bands() {
    let dir = tempfile::tempdir().unwrap();
    let mut reg = registry(dir.path());
    add_csv(&mut reg, &fixtures().join("badges/scripts.csv"));
    let out = dir.path().join("cut.pdf");
    let job = PrintJob {
        layout: Layout::A4x4,
        selection: Selection::All,
    };
    badge::print(&mut reg, &job, &out, &NoProgress).unwrap();
    let dpi = 300.0;
    let page = image::open(&render(&out, dpi as u32)[0]).unwrap().to_luma8();
    let px = |x_mm: f32, y_mm: f32| page.get_pixel((x_mm / 25.4 * dpi) as u32, (y_mm / 25.4 * dpi) as u32)[0];
    // The centre cross crosses the bottom of the top badges' bands (132-148 mm) on the
    // vertical cut at 105 mm: a black stroke with a white edge, over the band colour.
    for y in [145.5, 146.5, 147.5] {
        assert!(px(105.0, y) < 60, "stroke at {y} mm: {}", px(105.0, y));
        assert!(px(104.7, y) > 200 && px(105.3, y) > 200, "white edge at {y} mm");
        assert!(
            px(103.0, y) < 200 && px(107.0, y) < 200,
            "band colour beside it at {y} mm"
        );
    }
    // On white paper the stroke shows too: the edge marks and the cross below the cut.
    assert!(px(105.0, 151.0) < 60);
    assert!(px(105.0, 3.0) < 60 && px(2.0, 148.5) < 60);
}
