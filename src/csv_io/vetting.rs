//! The security vetting files: `accredit vetting export --out FILE` writes what the security
//! service needs (.csv or .xlsx; serial, names, date of birth, nationality, identity
//! document, and the empty columns `verdict` and `note`), and `accredit vetting import FILE`
//! reads the same file back with `verdict` filled in (`cleared` or `refused`; `note`
//! optional; an empty verdict is no verdict yet). The import is all or nothing: every
//! problem with its line (or cell) and column, and then nothing is applied.

use std::collections::HashMap;
use std::path::Path;

use super::excel::{extension, workbook_error};
use super::{CsvError, Encoding, ImportIssue, MAX_ISSUES, neutralise};
use crate::io_error::IoError;
use crate::registry::vetting::Verdict;
use crate::registry::{Delegate, Registry, Status, delegates, fields, limits, validate};

/// The columns of a vetting file, in this order.
pub const VETTING_COLUMNS: [&str; 12] = [
    "serial",
    "title",
    "given_name",
    "family_name",
    "birth_date",
    "nationality",
    "id_type",
    "id_number",
    "id_country",
    "id_expiry",
    "verdict",
    "note",
];

/// The people sent to vetting: pending or accredited, no verdict yet, in serial order.
fn waiting(reg: &Registry) -> Result<Vec<Delegate>, CsvError> {
    Ok(delegates::list(reg.conn())?
        .into_iter()
        .filter(|d| matches!(d.status, Status::Pending | Status::Accredited) && d.vetting.is_empty())
        .collect())
}

fn cells(d: &Delegate) -> [String; 12] {
    let id = d.id.to_string();
    let mut out: [String; 12] = Default::default();
    for (i, c) in VETTING_COLUMNS.iter().enumerate() {
        out[i] = match *c {
            "serial" => id.clone(),
            "verdict" | "note" => String::new(),
            name => fields::Field::parse(name)
                .map(|f| fields::get_text(d, f))
                .unwrap_or_default(),
        };
    }
    out
}

/// Writes the vetting file of every person waiting for a verdict to `path` (`.xlsx`: a
/// workbook; anything else: CSV), atomically; returns how many people it holds.
pub fn export_vetting(reg: &Registry, path: &Path) -> Result<usize, CsvError> {
    let people = waiting(reg)?;
    let n = people.len();
    let io = |action: &'static str, error: std::io::Error| -> CsvError {
        IoError::new(action, path, error).into()
    };
    if extension(path).as_deref() == Some("xlsx") {
        let xlsx =
            |e: rust_xlsxwriter::XlsxError| workbook_error(path, format!("cannot write the workbook ({e})"));
        crate::atomic_file::write(path, io, |w| {
            let mut wb = rust_xlsxwriter::Workbook::new();
            let ws = wb.add_worksheet();
            ws.set_name("vetting").map_err(xlsx)?;
            let bold = rust_xlsxwriter::Format::new().set_bold();
            for (j, name) in VETTING_COLUMNS.iter().enumerate() {
                ws.write_string_with_format(0, j as u16, *name, &bold)
                    .map_err(xlsx)?;
                ws.set_column_width(j as u16, 16).map_err(xlsx)?;
            }
            for (i, d) in people.iter().enumerate() {
                for (j, c) in cells(d).iter().enumerate() {
                    if !c.is_empty() {
                        ws.write_string((i + 1) as u32, j as u16, c).map_err(xlsx)?;
                    }
                }
            }
            ws.set_freeze_panes(1, 0).map_err(xlsx)?;
            let bytes = wb.save_to_buffer().map_err(xlsx)?;
            w.write_all(&bytes).map_err(CsvError::Write)
        })?;
    } else {
        crate::atomic_file::write(path, io, |w| {
            let mut out = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(w);
            out.write_record(VETTING_COLUMNS)?;
            for d in &people {
                out.write_record(cells(d).iter().map(|c| neutralise(c).into_owned()))?;
            }
            out.flush().map_err(CsvError::Write)
        })?;
    }
    Ok(n)
}

/// One row of a vetting file: where it is (line, or sheet cell prefix) and its cells.
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// A vetting file as read: its header, its rows, and the sheet's name for a workbook.
type Rows = (Vec<String>, Vec<Row>, Option<String>);

fn read_rows(path: &Path, file: &str) -> Result<Rows, CsvError> {
    if matches!(extension(path).as_deref(), Some("xlsx" | "xlsm" | "xls" | "ods")) {
        use calamine::Reader;
        let mut wb = calamine::open_workbook_auto(path)
            .map_err(|e| workbook_error(path, format!("cannot read the workbook ({e})")))?;
        let Some(name) = wb.sheet_names().first().cloned() else {
            return Err(workbook_error(path, "the workbook has no sheet"));
        };
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| workbook_error(path, format!("cannot read the sheet {name:?} ({e})")))?;
        let row0 = range.start().map_or(0, |(r, _)| r as usize);
        let mut rows = range.rows().enumerate().map(|(i, cells)| Row {
            line: row0 + i + 1,
            cells: cells
                .iter()
                .map(|c| match c {
                    calamine::Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    other => other.to_string(),
                })
                .collect(),
        });
        let header = rows.next().map(|r| r.cells).unwrap_or_default();
        return Ok((header, rows.collect(), Some(name)));
    }
    let bytes = super::plan::read_import_file(path)?;
    let decoded = super::decode::decode(bytes).map_err(|message| CsvError::Rejected {
        file: file.to_string(),
        issues: vec![ImportIssue {
            file: file.to_string(),
            line: 1,
            column: None,
            cell: None,
            message,
        }],
        omitted: 0,
        encoding: Encoding::Utf8,
    })?;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(decoded.delimiter)
        .from_reader(decoded.text.as_slice());
    let mut header = Vec::new();
    let mut rows = Vec::new();
    for rec in r.byte_records() {
        let rec = rec.map_err(|e| workbook_error(path, format!("cannot read the CSV ({e})")))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<String> = rec
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        if header.is_empty() {
            header = cells;
        } else {
            rows.push(Row { line, cells });
        }
    }
    Ok((header, rows, None))
}

/// Column letters of a 0-based index (`A`, ..., `Z`, `AA`, ...).
fn letters(mut j: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (j % 26) as u8);
        if j < 26 {
            break;
        }
        j = j / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Reads and checks a vetting file (CSV or workbook) against the registry: every row with
/// a verdict must name a known serial once, and say `cleared` or `refused`; the note is
/// free text within its limit. Gives the verdicts, or [`CsvError::Rejected`] with every
/// problem (nothing is applied then).
pub fn read_vetting(reg: &Registry, path: &Path) -> Result<Vec<Verdict>, CsvError> {
    let file = path.display().to_string();
    let (header, rows, sheet) = read_rows(path, &file)?;
    let mut issues = Vec::new();
    let mut omitted = 0usize;
    let mut issue = |line: usize, col: Option<usize>, column: &str, message: String| {
        if issues.len() >= MAX_ISSUES {
            omitted += 1;
            return;
        }
        issues.push(ImportIssue {
            file: file.clone(),
            line,
            column: Some(column.to_string()),
            cell: sheet
                .as_ref()
                .map(|s| format!("{s}!{}{line}", col.map(letters).unwrap_or_else(|| "A".into()))),
            message,
        });
    };
    let at = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (serial_at, verdict_at, note_at) = (at("serial"), at("verdict"), at("note"));
    for (name, pos) in [("serial", serial_at), ("verdict", verdict_at)] {
        if pos.is_none() {
            issue(
                1,
                None,
                "header",
                format!(
                    "the column {name} is missing; the file must have the columns of `accredit vetting export` ({})",
                    VETTING_COLUMNS.join(", ")
                ),
            );
        }
    }
    let mut out = Vec::new();
    if let (Some(si), Some(vi)) = (serial_at, verdict_at) {
        let mut seen: HashMap<i64, usize> = HashMap::new();
        for row in &rows {
            let cell = |j: Option<usize>| {
                j.and_then(|j| row.cells.get(j))
                    .map(|s| super::unneutralise(s.trim()).to_string())
                    .unwrap_or_default()
            };
            let (serial, verdict, note) = (cell(Some(si)), cell(Some(vi)), cell(note_at));
            if row.cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let verdict = match validate::record_field(fields::Field::Vetting, &verdict) {
                Ok(v) => v,
                Err(_) => {
                    issue(
                        row.line,
                        Some(vi),
                        "verdict",
                        format!("{verdict:?} is not a verdict: write cleared or refused (or leave it empty)"),
                    );
                    continue;
                }
            };
            if let Err(m) = limits::check_text("vetting_note", &note) {
                issue(row.line, note_at, "note", m);
                continue;
            }
            let id = match serial.parse::<i64>() {
                Ok(n) if n > 0 => n,
                _ => {
                    issue(
                        row.line,
                        Some(si),
                        "serial",
                        format!("{serial:?} is not a badge serial (a whole number from the exported file)"),
                    );
                    continue;
                }
            };
            if delegates::get_without_photo(reg.conn(), id)?.is_none() {
                issue(
                    row.line,
                    Some(si),
                    "serial",
                    format!("no delegate has the serial {id}; keep the serials of the exported file"),
                );
                continue;
            }
            if let Some(first) = seen.insert(id, row.line) {
                issue(
                    row.line,
                    Some(si),
                    "serial",
                    format!("serial {id} is also on line {first}; each person may appear only once"),
                );
                continue;
            }
            if !verdict.is_empty() {
                out.push(Verdict {
                    serial: id,
                    verdict,
                    note,
                });
            }
        }
    }
    if !issues.is_empty() {
        return Err(CsvError::Rejected {
            file,
            issues,
            omitted,
            encoding: Encoding::Utf8,
        });
    }
    Ok(out)
}
