//! Helpers shared by the badge tests: a seeded registry on a temporary file, fixture
//! delegates, and the outside readers (pdftoppm, pdftotext, zbarimg, qpdf, rqrr).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use accredit::Registry;
use accredit::registry::{Delegate, Status};

/// The fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A new registry file in `dir` (seeded with the default event and delegations).
pub fn registry(dir: &Path) -> Registry {
    Registry::open(&dir.join("accredit.sqlite3")).expect("open registry")
}

/// Adds the delegates of a CSV fixture with `Registry::add_delegate` (not the importer);
/// returns their ids in file order.
pub fn add_csv(reg: &mut Registry, file: &Path) -> Vec<i64> {
    let mut rdr = csv::Reader::from_path(file).expect("fixture");
    let headers = rdr.headers().expect("headers").clone();
    let mut ids = Vec::new();
    for rec in rdr.records() {
        let rec = rec.expect("record");
        let get = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|i| rec.get(i))
                .unwrap_or("")
                .to_string()
        };
        let list = |s: String| -> Vec<String> {
            s.split(';')
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        };
        let d = Delegate {
            external_id: Some(get("external_id")),
            delegation: get("delegation"),
            title: get("title"),
            given_name: get("given_name"),
            family_name: get("family_name"),
            native_name: get("native_name"),
            function: get("function"),
            category: get("category"),
            days: list(get("days")),
            zones: list(get("zones")),
            status: Status::Accredited,
            ..Default::default()
        };
        ids.push(reg.add_delegate(&d).expect("add delegate"));
    }
    ids
}

/// A JPEG portrait-ish test photo (gradient with a dark block), `w` x `h` pixels.
pub fn photo(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        if x > w / 3 && x < 2 * w / 3 && y > h / 4 && y < h / 2 {
            image::Rgb([40, 30, seed])
        } else {
            image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 180])
        }
    });
    let mut out = Vec::new();
    img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85))
        .expect("encode jpeg");
    out
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Renders every page to PNG with pdftoppm; returns the files in page order.
pub fn render(pdf: &Path, dpi: u32) -> Vec<PathBuf> {
    let dir = pdf.parent().expect("folder");
    let stem = pdf.file_stem().expect("name").to_string_lossy().to_string();
    let prefix = dir.join(format!("{stem}-page"));
    run(Command::new("pdftoppm")
        .arg("-png")
        .arg("-r")
        .arg(dpi.to_string())
        .arg(pdf)
        .arg(&prefix));
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{stem}-page")))
        })
        .collect();
    pages.sort();
    pages
}

/// Every QR code rqrr finds in a PNG, decoded (a grid it cannot decode fails the test).
pub fn rqrr_decode(png: &Path) -> Vec<String> {
    let img = image::open(png).expect("png").to_luma8();
    rqrr_decode_image(img)
}

fn rqrr_decode_image(img: image::GrayImage) -> Vec<String> {
    let mut prepared = rqrr::PreparedImage::prepare(img);
    prepared
        .detect_grids()
        .into_iter()
        .map(|g| match g.decode() {
            Ok((_, text)) => text,
            Err(e) => panic!("rqrr found a grid it cannot decode: {e:?}"),
        })
        .collect()
}

/// Decodes with rqrr each badge of a page separately (as a door scanner sees one badge):
/// the page is cut into the layout's slots.
pub fn rqrr_decode_slots(png: &Path, layout: accredit::badge::Layout) -> Vec<String> {
    let img = image::open(png).expect("png").to_luma8();
    let (pw, ph) = layout.page_size_mm();
    let (bw, bh) = layout.badge_size_mm();
    let sx = img.width() as f32 / pw;
    let sy = img.height() as f32 / ph;
    let mut out = Vec::new();
    for &(x, y) in layout.slots_mm() {
        let crop = image::imageops::crop_imm(
            &img,
            (x * sx) as u32,
            (y * sy) as u32,
            ((bw * sx) as u32).min(img.width() - (x * sx) as u32),
            ((bh * sy) as u32).min(img.height() - (y * sy) as u32),
        )
        .to_image();
        out.extend(rqrr_decode_image(crop));
    }
    out
}

/// Every QR code zbarimg finds in a PNG.
pub fn zbar_decode(png: &Path) -> Vec<String> {
    let out = Command::new("zbarimg")
        .args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"])
        .arg(png)
        .output()
        .expect("run zbarimg");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The text layer as pdftotext gives it.
pub fn pdftotext(pdf: &Path) -> String {
    run(Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-"))
}

/// Asserts qpdf accepts the file.
pub fn qpdf_check(pdf: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("run qpdf");
    assert!(
        out.status.success(),
        "qpdf --check {}: {}{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
