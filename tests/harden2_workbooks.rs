//! Rows 1-4 of issue 23, through the real binary under a 200 MB data-segment limit: hostile
//! workbooks written by the test with the zip crate (a cell at XFD1048576, a shared-strings
//! bomb, a million rows, an .ods of repeated rows, an .xls reaching IV65536) are refused
//! within seconds, naming the sheet and cell, and never abort; a FIFO given as the import
//! file or as a photo is refused at once.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
#![allow(unsafe_code)] // libc calls in the test harness (rlimits, mkfifo)

mod checkin_common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use checkin_common::*;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn delegates(db: &Path) -> usize {
    accredit::Registry::open(db).unwrap().delegates().unwrap().len()
}

/// Refused: exit status 1, no abort or signal, within 60 s, nothing imported; the error text.
fn refused(desk: &Desk, file: &Path) -> String {
    let before = delegates(&desk.db);
    let (o, t) = limited(&desk.db, &["import", "delegates", file.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("memory allocation"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(t < Duration::from_secs(60), "{t:?}");
    assert_eq!(delegates(&desk.db), before);
    err
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// Writes a zip of `parts` (name, bytes), deflated.
fn zip_file(path: &Path, parts: &[(&str, &[u8])]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in parts {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(bytes.len() > u32::MAX as usize / 2);
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// An .xlsx whose first sheet's `<sheetData>` holds `rows` and whose shared strings are
/// `shared` (the `<si>` elements).
fn xlsx(path: &Path, rows: &[u8], shared: &[u8]) {
    let mut sheet = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        .to_vec();
    sheet.extend_from_slice(rows);
    sheet.extend_from_slice(b"</sheetData></worksheet>");
    let mut strings = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        .to_vec();
    strings.extend_from_slice(shared);
    strings.extend_from_slice(b"</sst>");
    zip_file(
        path,
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", RELS.as_bytes()),
            ("xl/workbook.xml", WORKBOOK.as_bytes()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
            ("xl/worksheets/sheet1.xml", &sheet),
            ("xl/sharedStrings.xml", &strings),
        ],
    );
}

/// An inline-string cell.
fn cell(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

fn header() -> String {
    format!(
        "<row r=\"1\">{}{}</row>",
        cell("A1", "delegation"),
        cell("B1", "family_name")
    )
}

/// Row 2: an .xlsx of a few KB whose only cell is XFD1048576; and a valid table with one
/// value at XFD1048576: refused with the cell named, in bounded memory.
#[test]
fn a_cell_at_xfd1048576_is_refused_with_its_cell_never_an_abort() {
    let desk = Desk::new();
    let only = desk.file("only.xlsx");
    xlsx(
        &only,
        format!("<row r=\"1048576\">{}</row>", cell("XFD1048576", "x")).as_bytes(),
        b"",
    );
    assert!(std::fs::metadata(&only).unwrap().len() < 3000);
    let err = refused(&desk, &only);
    assert!(err.contains("only.xlsx:Sheet1!XFD1048576"), "{err}");

    let far = desk.file("far.xlsx");
    let rows = format!(
        "{}<row r=\"2\">{}{}</row><row r=\"1048576\">{}</row>",
        header(),
        cell("A2", "AT"),
        cell("B2", "Gruber"),
        cell("XFD1048576", "x")
    );
    xlsx(&far, rows.as_bytes(), b"");
    let err = refused(&desk, &far);
    assert!(
        err.contains("far.xlsx:Sheet1!XFD1048576") && err.contains("no header"),
        "{err}"
    );

    // A cell reference beyond Excel's last cell is a damaged file, named as such.
    let beyond = desk.file("beyond.xlsx");
    let rows = format!("{}<row r=\"2\">{}</row>", header(), cell("ZZZZ2", "x"));
    xlsx(&beyond, rows.as_bytes(), b"");
    let err = refused(&desk, &beyond);
    assert!(err.contains("beyond the sheet's last cell"), "{err}");
}

/// Row 3: a shared-strings part of 2 MB that unpacks to hundreds of MB is refused from its
/// unpacked size, before it is loaded.
#[test]
fn a_shared_strings_bomb_is_refused_before_it_is_loaded() {
    let desk = Desk::new();
    let bomb = desk.file("bomb.xlsx");
    let shared = b"<si><t>a</t></si>".repeat(20_000_000); // 340 MB unpacked
    let rows = format!("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>");
    xlsx(&bomb, rows.as_bytes(), &shared);
    drop(shared);
    let size = std::fs::metadata(&bomb).unwrap().len();
    assert!(size < 3_000_000, "{size}");
    let err = refused(&desk, &bomb);
    assert!(
        err.contains("xl/sharedStrings.xml") && err.contains("unpacks to more than 32 MiB"),
        "{err}"
    );
}

/// Row 4: an .xlsx of a million rows is refused when its rows pass the limit, naming the
/// row's cell; the memory stays under the limit.
#[test]
fn a_million_rows_xlsx_is_refused_at_the_row_limit() {
    let desk = Desk::new();
    let big = desk.file("million.xlsx");
    let mut rows = header();
    for r in 2..=1_000_000 {
        rows.push_str(&format!(
            "<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>AT</t></is></c><c r=\"B{r}\" t=\"inlineStr\"><is><t>P{r}</t></is></c></row>"
        ));
    }
    xlsx(&big, rows.as_bytes(), b"");
    let err = refused(&desk, &big);
    assert!(
        err.contains("million.xlsx:Sheet1!A50001") && err.contains("more than 50000 rows"),
        "{err}"
    );
}

/// Row 4: an .ods of under 1 KB whose rows repeat a million times is refused from its extent,
/// naming the sheet and its farthest cell.
#[test]
fn an_ods_of_repeated_rows_is_refused_from_its_extent() {
    let desk = Desk::new();
    let ods = desk.file("repeat.ods");
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Nominations"><table:table-row><table:table-cell office:value-type="string"><text:p>delegation</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>family_name</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell office:value-type="string"><text:p>AT</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Gruber</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_file(
        &ods,
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", content.as_bytes()),
        ],
    );
    assert!(std::fs::metadata(&ods).unwrap().len() < 1500);
    let err = refused(&desk, &ods);
    assert!(
        err.contains("Nominations!B1048001") && err.contains("repeated rows counted"),
        "{err}"
    );
}

/// An .xls (converted by LibreOffice from an .xlsx written by openpyxl) with a value at
/// IV65536: refused from its extent, before calamine builds the sheet.
#[test]
fn an_xls_reaching_its_last_cell_is_refused_from_its_extent() {
    let desk = Desk::new();
    let dir = desk.dir.path();
    let src = dir.join("far.xlsx");
    let rows = format!(
        "{}<row r=\"2\">{}{}</row><row r=\"65536\">{}</row>",
        header(),
        cell("A2", "AT"),
        cell("B2", "Gruber"),
        cell("IV65536", "x")
    );
    xlsx(&src, rows.as_bytes(), b"");
    let status = Command::new("soffice")
        .args(["--headless", "--convert-to", "xls", "--outdir"])
        .arg(dir)
        .arg(&src)
        .env("HOME", dir)
        .output()
        .expect("these tests need LibreOffice (soffice) to write an .xls");
    let xls = dir.join("far.xls");
    assert!(xls.exists(), "{}", String::from_utf8_lossy(&status.stderr));
    let err = refused(&desk, &xls);
    assert!(err.contains("far.xls") && err.contains("IV"), "{err}");
}

fn mkfifo(path: &Path) -> PathBuf {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    path.to_path_buf()
}

/// Row 1: a FIFO with no writer, as the import file (CSV or workbook) and as a photo, is
/// refused at once: "not a regular file".
#[test]
fn a_fifo_is_refused_at_once_as_import_file_and_as_photo() {
    let desk = Desk::new();
    for name in ["in.csv", "in.xlsx", "in.ods"] {
        let fifo = mkfifo(&desk.file(name));
        let err = refused(&desk, &fifo);
        assert!(err.contains("not a regular file"), "{name}: {err}");
    }
    mkfifo(&desk.file("photo.jpg"));
    let csv = desk.file("p.csv");
    std::fs::write(&csv, "delegation,family_name,photo\nAT,Gruber,photo.jpg\n").unwrap();
    let err = refused(&desk, &csv);
    assert!(
        err.contains("p.csv:2: column photo") && err.contains("not a regular file"),
        "{err}"
    );
}
