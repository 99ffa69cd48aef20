//! What a workbook may hold, checked before `calamine` sees it: a workbook is a zip (or, for
//! `.xls`, an OLE compound file) whose few kilobytes can unpack to gigabytes, and whose one
//! cell `XFD1048576` makes a reader that builds the whole sheet allocate half a terabyte.
//!
//! - Every part a reader loads or streams is unpacked here first, counting its bytes as they
//!   come (the sizes the zip's directory claims are not trusted): a part that calamine keeps
//!   in memory whole (shared strings, styles, the workbook, `.ods` content) may unpack to at
//!   most [`MAX_LOADED_PART_BYTES`], a worksheet that is streamed to [`MAX_STREAMED_PART_BYTES`],
//!   all parts together to [`MAX_TOTAL_BYTES`]; no XML token (a tag or a text between tags)
//!   may be longer than [`MAX_TOKEN_BYTES`].
//! - `.ods` and `.xls` sheets are built whole by calamine (rows x columns): their extent, with
//!   repeated rows and columns counted, is computed from the file first and may cover at most
//!   [`MAX_DENSE_CELLS`] cells and [`MAX_ROWS`] rows (`.xlsx` is read cell by cell and never
//!   builds the sheet).

use std::io::{BufReader, Read};
use std::path::Path;

/// Rows with a value (the header included) read from a sheet. A workbook is planned whole
/// before it is written (a CSV file streams: some 200,000 rows in 32 MiB), and a planned row
/// with the person's record, its three-way merge and its changes takes some 2 KB: 50,000 rows
/// keep a workbook's import within the 200 MB promise. Larger lists come as CSV.
pub const MAX_ROWS: usize = 50_000;

/// Cells with a value read from a sheet.
pub const MAX_CELLS: usize = 4_000_000;

/// Bytes of text kept from a sheet's cells (the CSV file limit).
pub const MAX_TEXT_BYTES: usize = super::MAX_FILE_BYTES as usize;

/// A part that is kept in memory whole, unpacked (shared strings, styles, `.ods` content).
pub const MAX_LOADED_PART_BYTES: u64 = 32 * 1024 * 1024;

/// A worksheet part that is read cell by cell, unpacked.
pub const MAX_STREAMED_PART_BYTES: u64 = 256 * 1024 * 1024;

/// All parts of a workbook together, unpacked.
pub const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;

/// The longest XML token (a tag, or a text between tags).
pub const MAX_TOKEN_BYTES: u64 = 1024 * 1024;

/// Parts in a workbook's zip.
pub const MAX_PARTS: usize = 10_000;

/// Cells of a sheet built whole (`.ods`, `.xls`): its rows times its columns, from the first
/// to the last cell with a value, repeated rows and columns counted.
pub const MAX_DENSE_CELLS: u64 = 1_500_000;

const MIB: u64 = 1024 * 1024;

fn what_to_do() -> &'static str {
    "save it again from the spreadsheet (or as CSV), or split it"
}

/// Unpacks every XML part of a zipped workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`) counting
/// its bytes; the first part over a limit is the error.
pub(super) fn check_zip(path: &Path, file: std::fs::File) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
        format!("cannot read the workbook ({e}); save it from the spreadsheet as .xlsx, .ods or CSV")
    })?;
    if zip.len() > MAX_PARTS {
        return Err(format!(
            "the workbook has {} parts, more than {MAX_PARTS}; {}",
            zip.len(),
            what_to_do()
        ));
    }
    let ods = super::excel::extension(path).as_deref() == Some("ods");
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| format!("cannot read part {i} of the workbook ({e}); {}", what_to_do()))?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let xml = name.ends_with(".xml") || name.ends_with(".rels");
        if !xml && !name.ends_with(".bin") {
            continue; // pictures and the like: never read
        }
        let streamed = xml && name.starts_with("xl/worksheets/");
        let cap = match (streamed, ods && name == "content.xml") {
            (true, _) => MAX_STREAMED_PART_BYTES,
            (false, true) => 2 * MAX_LOADED_PART_BYTES,
            _ => MAX_LOADED_PART_BYTES,
        };
        let over = |n: u64| {
            format!(
                "the workbook's part {name} unpacks to more than {} MiB ({} MiB or more; a \
                 compressed bomb?); {}",
                cap / MIB,
                n / MIB,
                what_to_do()
            )
        };
        if part.size() > cap {
            return Err(over(part.size()));
        }
        let (mut n, mut token) = (0u64, 0u64);
        loop {
            let got = part
                .read(&mut buf)
                .map_err(|e| format!("cannot unpack the workbook's part {name} ({e}); {}", what_to_do()))?;
            if got == 0 {
                break;
            }
            n += got as u64;
            if n > cap {
                return Err(over(n));
            }
            if xml {
                for &b in &buf[..got] {
                    if b == b'<' || b == b'>' {
                        token = 0;
                    } else {
                        token += 1;
                    }
                }
                if token > MAX_TOKEN_BYTES {
                    return Err(format!(
                        "the workbook's part {name} holds a value or tag longer than {} MiB; {}",
                        MAX_TOKEN_BYTES / MIB,
                        what_to_do()
                    ));
                }
            }
        }
        total += n;
        if total > MAX_TOTAL_BYTES {
            return Err(format!(
                "the workbook unpacks to more than {} MiB; {}",
                MAX_TOTAL_BYTES / MIB,
                what_to_do()
            ));
        }
    }
    Ok(())
}

/// The extent of each table of an `.ods` file's content (all sheets: calamine builds them
/// all), repeated rows and columns counted; the first sheet over [`MAX_DENSE_CELLS`] or
/// [`MAX_ROWS`] is the error, naming the sheet and its farthest cell.
pub(super) fn check_ods_extent(path: &Path) -> Result<(), String> {
    use quick_xml::events::Event;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the workbook ({e})"))?;
    let mut zip =
        zip::ZipArchive::new(BufReader::new(file)).map_err(|e| format!("cannot read the workbook ({e})"))?;
    let part = zip
        .by_name("content.xml")
        .map_err(|e| format!("cannot read the workbook's content.xml ({e})"))?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    let mut table = Extent::default();
    let mut total = 0u64;
    // Inside a row: its repeat count and whether a cell with a value was seen.
    let mut row_repeat = 0u64;
    let mut row_has_value = false;
    let mut col = 0u64;
    let mut in_row = false;
    loop {
        buf.clear();
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| format!("cannot read the workbook's content.xml ({e})"))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let attr = |key: &str| -> Option<String> {
                e.attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == key)
                    .map(|a| a.value.to_string())
            };
            let repeat = |key: &str| attr(key).and_then(|v| v.parse::<u64>().ok()).unwrap_or(1).max(1);
            match e.name().as_ref() {
                "table:table" => {
                    table = Extent {
                        name: attr("table:name").unwrap_or_default(),
                        ..Extent::default()
                    };
                }
                "table:table-row" => {
                    row_repeat = repeat("table:number-rows-repeated");
                    row_has_value = false;
                    col = 0;
                    in_row = !empty;
                    if empty {
                        table.rows += row_repeat;
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if in_row => {
                    let n = repeat("table:number-columns-repeated");
                    let value =
                        !empty || attr("office:value-type").is_some() || attr("table:formula").is_some();
                    if value {
                        row_has_value = true;
                        table.width = table.width.max(col.saturating_add(n));
                    }
                    col = col.saturating_add(n);
                }
                _ => {}
            }
        }
        match &event {
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if row_has_value {
                    table.first.get_or_insert(table.rows);
                    table.last = table.rows.saturating_add(row_repeat);
                    table.value_rows = table.value_rows.saturating_add(row_repeat);
                }
                table.rows = table.rows.saturating_add(row_repeat);
                in_row = false;
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                let height = table.last.saturating_sub(table.first.unwrap_or(0));
                let cells = height.saturating_mul(table.width);
                total = total.saturating_add(cells);
                let far = || {
                    format!(
                        "{}!{}{}",
                        super::excel::sheet_ref(&table.name),
                        super::excel::column_letters(table.width.saturating_sub(1).min(1 << 20) as usize),
                        table.last
                    )
                };
                if table.value_rows > MAX_ROWS as u64 {
                    return Err(format!(
                        "{}: the sheet has {} rows with values (repeated rows counted), more \
                         than {MAX_ROWS}; {}",
                        far(),
                        table.value_rows,
                        what_to_do()
                    ));
                }
                if total > MAX_DENSE_CELLS {
                    return Err(format!(
                        "{}: the sheet reaches row {} and column {}: {} cells (repeated rows and \
                         columns counted), more than {MAX_DENSE_CELLS} for an .ods file; clear the \
                         cells outside the table, or save it as .xlsx or CSV",
                        far(),
                        table.last,
                        super::excel::column_letters(table.width.saturating_sub(1).min(1 << 20) as usize),
                        cells
                    ));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

#[derive(Default)]
struct Extent {
    name: String,
    /// Rows so far (repeats counted).
    rows: u64,
    /// First and one past the last row with a value.
    first: Option<u64>,
    last: u64,
    /// Rows with a value, repeats counted.
    value_rows: u64,
    /// One past the farthest column with a value.
    width: u64,
}

/// The extent of the sheets of an `.xls` (BIFF) file, from its cell records, before calamine
/// builds them: see [`super::xls_extent`].
pub(super) fn check_xls_extent(path: &Path) -> Result<(), String> {
    super::xls_extent::check(path, MAX_DENSE_CELLS, MAX_ROWS as u64)
}
