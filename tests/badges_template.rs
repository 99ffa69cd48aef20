//! A badge template with an emblem, a back side, a safe margin and moved elements
//! (`tests/fixtures/badges/template.json`), printed and read back by outside tools: qpdf
//! accepts the file; pdfimages lists the emblem as one image object drawn on every side that
//! shows it; the rendered pages show it; every QR code decodes (zbarimg; rqrr per a4x4 slot) on the front
//! and again on its back; pdftotext gives back every name; the margin stays white; cr80 prints
//! front then back pages, a4x4 follows each sheet with its mirrored sheet of backs. Through
//! the real binary: the template and the logo are set, shown and refused as a whole.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod badges_common;

use std::path::Path;
use std::process::{Command, Output};

use accredit::badge::template::BadgeTemplate;
use accredit::badge::{self, Layout, PrintJob, Selection};
use accredit::pass;
use accredit::progress::NoProgress;
use badges_common::*;

const EMBLEM_RGB: [u8; 3] = [200, 30, 160];

/// A 64 x 48 PNG in [`EMBLEM_RGB`] with transparent corners.
fn emblem_png() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(64, 48, |x, y| {
        let corner = !(4..60).contains(&x) && !(4..44).contains(&y);
        let [r, g, b] = EMBLEM_RGB;
        image::Rgba([r, g, b, if corner { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn template() -> BadgeTemplate {
    let text = std::fs::read_to_string(fixtures().join("badges/template.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A registry with the script fixtures (photos on three), the template and the emblem.
fn prepared(dir: &Path) -> (accredit::Registry, Vec<i64>) {
    let mut reg = registry(dir);
    let ids = add_csv(&mut reg, &fixtures().join("badges/scripts.csv"));
    for (i, id) in ids.iter().take(3).enumerate() {
        let mut d = reg.delegate(*id).unwrap();
        d.photo = Some(photo(300, 400, i as u8));
        reg.update_delegate(&d).unwrap();
    }
    let mut ev = reg.event().unwrap();
    ev.badge = template();
    reg.save_event_with_emblem(&ev, &emblem_png()).unwrap();
    (reg, ids)
}

fn print(reg: &mut accredit::Registry, layout: Layout, out: &Path) -> badge::PrintReport {
    let job = PrintJob {
        layout,
        selection: Selection::All,
    };
    badge::print(reg, &job, out, &NoProgress).unwrap()
}

/// `pdfimages -list` rows: (page, type, width, height, object id).
fn pdfimages(pdf: &Path) -> Vec<(usize, String, u32, u32, u32)> {
    let out = Command::new("pdfimages").arg("-list").arg(pdf).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (
                c[0].parse().unwrap(),
                c[2].to_string(),
                c[3].parse().unwrap(),
                c[4].parse().unwrap(),
                c[10].parse().unwrap(),
            )
        })
        .collect()
}

fn page_text(pdf: &Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn mm_to_px(mm: f32, dpi: u32) -> u32 {
    (mm / 25.4 * dpi as f32).round() as u32
}

fn near(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) < 40)
}

#[test]
fn cr80_with_emblem_back_side_and_margin_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, ids) = prepared(dir.path());
    let out = dir.path().join("cr80.pdf");
    let report = print(&mut reg, Layout::Cr80, &out);
    let n = ids.len();
    assert_eq!(report.pages, 2 * n, "front then back page per badge");
    if let Ok(keep) = std::env::var("ACCREDIT_KEEP_PDF") {
        std::fs::copy(&out, Path::new(&keep).join("template-cr80.pdf")).unwrap();
    }
    qpdf_check(&out);

    // The emblem: one image object, drawn on every front and every back.
    let rows = pdfimages(&out);
    let emblem: Vec<_> = rows
        .iter()
        .filter(|r| r.1 == "image" && (r.2, r.3) == (64, 48))
        .collect();
    assert_eq!(emblem.len(), 2 * n, "{rows:?}");
    assert!(
        emblem.iter().all(|r| r.4 == emblem[0].4),
        "one object: {emblem:?}"
    );
    let pages_with: std::collections::BTreeSet<usize> = emblem.iter().map(|r| r.0).collect();
    assert_eq!(pages_with.len(), 2 * n);

    let event = reg.event().unwrap();
    let vk = reg.verifying_key().unwrap();
    let dpi = 150;
    let pages = render(&out, dpi);
    assert_eq!(pages.len(), 2 * n);
    let mut serials = Vec::new();
    for (i, png) in pages.iter().enumerate() {
        let img = image::open(png).unwrap().to_rgb8();
        // The safe margin (3 mm) is white all round.
        let edge = mm_to_px(2.5, dpi);
        for (x, y, p) in img.enumerate_pixels() {
            let inside = x >= edge && y >= edge && x < img.width() - edge && y < img.height() - edge;
            assert!(
                inside || p.0.iter().all(|&c| c >= 240),
                "page {} pixel {x},{y} in the margin is {:?}",
                i + 1,
                p.0
            );
        }
        // The emblem where the template puts it: front [3, 3, 10, 10], back [3, 3, 20, 20].
        let (cx, cy) = if i % 2 == 0 { (8.0, 8.0) } else { (13.0, 13.0) };
        let p = img.get_pixel(mm_to_px(cx, dpi), mm_to_px(cy, dpi)).0;
        assert!(near(p, EMBLEM_RGB), "page {} emblem pixel {p:?}", i + 1);
        // One QR code per side; the back's is the front's.
        let codes = zbar_decode(png);
        assert_eq!(codes.len(), 1, "zbarimg on page {}", i + 1);
        let c = pass::verify(&codes[0], &event.code, &vk).unwrap();
        serials.push(c.serial as i64);
        let text = page_text(&out, i + 1);
        if i % 2 == 1 {
            assert_eq!(serials[i], serials[i - 1], "back {} follows its front", i + 1);
            assert!(text.contains("Wear this badge visibly at all times"), "{text}");
        } else {
            assert!(!text.contains("Wear this badge"), "front {}: {text}", i + 1);
        }
    }
    let fronts: Vec<i64> = serials.iter().step_by(2).copied().collect();
    let mut sorted = fronts.clone();
    sorted.sort();
    let mut want = ids.clone();
    want.sort();
    assert_eq!(sorted, want);

    // Every name comes back, each on the front page of its own badge.
    for (i, serial) in fronts.iter().enumerate() {
        let d = reg.delegate(*serial).unwrap();
        let text: String = page_text(&out, 2 * i + 1)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let name = d.display_name();
        let words_found = name.split_whitespace().all(|w| text.contains(w));
        assert!(words_found, "{name:?} on page {}: {text}", 2 * i + 1);
        // The validity line the template moved next to the title.
        assert!(text.contains("Valid "), "{text}");
    }
    assert!(page_text(&out, 1).contains("6-7 July 2015") || page_text(&out, 1).contains("Valid 6 July 2015"));
}

#[test]
fn a4x4_back_sheet_is_mirrored_and_follows_its_front_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, ids) = prepared(dir.path());
    let ids = &ids[..6];
    // Print six: a full sheet and a sheet of two.
    let job = PrintJob {
        layout: Layout::A4x4,
        selection: Selection::Ids(ids.to_vec()),
    };
    let out = dir.path().join("a4x4.pdf");
    let report = badge::print(&mut reg, &job, &out, &NoProgress).unwrap();
    assert_eq!(report.pages, 4, "front, back, front, back");
    if let Ok(keep) = std::env::var("ACCREDIT_KEEP_PDF") {
        std::fs::copy(&out, Path::new(&keep).join("template-a4x4.pdf")).unwrap();
    }
    qpdf_check(&out);
    let rows = pdfimages(&out);
    let emblem: Vec<_> = rows
        .iter()
        .filter(|r| (r.2, r.3) == (64, 48) && r.1 == "image")
        .collect();
    assert_eq!(emblem.len(), 6, "on each front: {rows:?}");
    assert!(
        emblem
            .iter()
            .all(|r| r.4 == emblem[0].4 && (r.0 == 1 || r.0 == 3))
    );

    let event = reg.event().unwrap();
    let vk = reg.verifying_key().unwrap();
    let pages = render(&out, 100);
    let serials = |png: &Path| -> Vec<Option<i64>> {
        // Slot by slot (top-left, top-right, bottom-left, bottom-right).
        let img = image::open(png).unwrap().to_luma8();
        let (pw, ph) = Layout::A4x4.page_size_mm();
        let (sx, sy) = (img.width() as f32 / pw, img.height() as f32 / ph);
        Layout::A4x4
            .slots_mm()
            .iter()
            .map(|&(x, y)| {
                let crop = image::imageops::crop_imm(
                    &img,
                    (x * sx) as u32,
                    (y * sy) as u32,
                    (105.0 * sx) as u32,
                    ((148.0 * sy) as u32).min(img.height() - (y * sy) as u32),
                )
                .to_image();
                let mut prepared = rqrr::PreparedImage::prepare(crop);
                let mut g = prepared.detect_grids();
                assert!(g.len() <= 1);
                g.pop().map(|g| {
                    let (_, p) = g.decode().unwrap();
                    pass::verify(&p, &event.code, &vk).unwrap().serial as i64
                })
            })
            .collect()
    };
    let f1 = serials(&pages[0]);
    let b1 = serials(&pages[1]);
    let f2 = serials(&pages[2]);
    let b2 = serials(&pages[3]);
    assert!(f1.iter().all(Option::is_some));
    // Turned over the long edge, left and right swap.
    assert_eq!(b1, vec![f1[1], f1[0], f1[3], f1[2]]);
    assert_eq!(f2[2..], [None, None]);
    assert_eq!(b2, vec![f2[1], f2[0], None, None]);
    let mut all: Vec<i64> = f1.iter().chain(&f2).flatten().copied().collect();
    all.sort();
    let mut want = ids.to_vec();
    want.sort();
    assert_eq!(all, want);
    // The backs carry their text; the fronts do not.
    assert!(page_text(&out, 2).contains("Wear this badge visibly"));
    assert!(!page_text(&out, 1).contains("Wear this badge visibly"));
}

fn accredit(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accredit"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ACCREDIT_OPERATOR", "test")
        .output()
        .unwrap()
}

#[test]
fn cli_sets_shows_and_refuses_templates_and_logos_as_a_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.sqlite3");
    let shown = |db: &Path| {
        let o = accredit(db, &["event", "show", "--json"]);
        assert!(o.status.success());
        String::from_utf8(o.stdout).unwrap()
    };
    let before = shown(&db);
    let v: serde_json::Value = serde_json::from_str(&before).unwrap();
    assert!(
        v["badge"]["cr80"]["front"].is_array(),
        "the template is in the event JSON"
    );

    // A logo: set, then refused when broken (nothing changes).
    let logo = dir.path().join("logo.png");
    std::fs::write(&logo, emblem_png()).unwrap();
    let o = accredit(&db, &["event", "set", "--logo", logo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no layout of the badge template shows the emblem"));
    let broken = dir.path().join("broken.png");
    let png = emblem_png();
    std::fs::write(&broken, &png[..png.len() / 2]).unwrap();
    let o = accredit(
        &db,
        &["event", "set", "--logo", broken.to_str().unwrap(), "--title", "X"],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(
        err.contains("broken.png") && err.contains("cannot be decoded"),
        "{err}"
    );
    assert_eq!(shown(&db), before, "nothing changed");

    // The fixture template, then the same through --from-json (round trip).
    let t = fixtures().join("badges/template.json");
    let o = accredit(&db, &["event", "set", "--badge-template", t.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let with = shown(&db);
    let v: serde_json::Value = serde_json::from_str(&with).unwrap();
    assert_eq!(v["badge"]["cr80"]["margin_mm"], 3.0);
    assert_eq!(v["badge"]["cr80"]["back"].as_array().unwrap().len(), 3);
    let file = dir.path().join("event.json");
    std::fs::write(&file, &with).unwrap();
    let o = accredit(&db, &["event", "set", "--from-json", file.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(shown(&db), with);

    // A template breaking a rule: refused with where and what to change; nothing changes.
    let mut bad: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&t).unwrap()).unwrap();
    bad["cr80"]["front"][8]["box"] = serde_json::json!([70.0, 30.0, 10.0, 10.0]);
    let bad_file = dir.path().join("bad.json");
    std::fs::write(&bad_file, bad.to_string()).unwrap();
    let o = accredit(
        &db,
        &["event", "set", "--badge-template", bad_file.to_str().unwrap()],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(
        err.contains("badge.cr80.front[8] (QR code)") && err.contains("make it at least"),
        "{err}"
    );
    // A name box too narrow for its minimum size.
    let mut bad: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&t).unwrap()).unwrap();
    bad["a4x4"]["front"][4]["box"] = serde_json::json!([7.0, 21.5, 40.0, 23.0]);
    std::fs::write(&bad_file, bad.to_string()).unwrap();
    let o = accredit(
        &db,
        &["event", "set", "--badge-template", bad_file.to_str().unwrap()],
    );
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(
        !o.status.success() && err.contains("(name)") && err.contains("widen it"),
        "{err}"
    );
    // Malformed JSON names the file, line and column.
    std::fs::write(&bad_file, "{\"cr80\": {\"front\": [ {\"kind\": \"nope\"} ]}}").unwrap();
    let o = accredit(
        &db,
        &["event", "set", "--badge-template", bad_file.to_str().unwrap()],
    );
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(
        !o.status.success() && err.contains("bad.json") && err.contains("line 1"),
        "{err}"
    );
    assert_eq!(shown(&db), with, "nothing changed");
}
