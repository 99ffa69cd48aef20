//! Workbooks: nominations arrive as Excel (.xlsx, .xlsm, .xls, .xlsb) or OpenDocument (.ods)
//! files far more often than as CSV.
//!
//! - Import reads the first sheet with `calamine` and feeds its rows, with their row
//!   numbers, to the same planner as CSV: the same columns, rules and all-or-nothing
//!   contract. Problems name the cell: `FILE:SHEET!CELL: column NAME: message`.
//! - Cells typed as numbers are read as text without a trailing `.0` (an external id typed
//!   as `12345` stays `12345`); cells typed as dates are read as `2015-07-06` (so a `days`
//!   cell may hold an Excel date); a formula's cached value is read, and a formula error
//!   (`#N/A`, ...) is a problem of its cell. A value in a column with no header is a problem
//!   too, rather than being dropped silently.
//!
//! The export to `.xlsx` is in [`super::export`].

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader as _};

use super::plan::plan_source;
use super::reader::{Record, Source, SyntaxError};
use super::write::apply_clean;
use super::{CsvError, EXPORT_COLUMNS, ImportIssue, ImportPlan, ImportSummary};
use crate::io_error::IoError;
use crate::progress::Progress;
use crate::registry::Registry;

/// File extensions (lower case) read as workbooks.
const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether `path` names a workbook (by its extension, in any case), which import and
/// export treat as Excel/OpenDocument rather than CSV.
pub fn is_workbook(path: &Path) -> bool {
    extension(path).is_some_and(|e| WORKBOOK_EXTENSIONS.contains(&e.as_str()))
}

pub(super) fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Reads and checks the first sheet of a workbook; writes nothing (see
/// [`super::plan_import`]).
pub(crate) fn plan_workbook(reg: &Registry, path: &Path) -> Result<ImportPlan, CsvError> {
    let file = path.display().to_string();
    let sheet = read_sheet(path)?;
    let base = path.parent().unwrap_or(Path::new(""));
    let mut source = SheetSource {
        rows: &sheet.rows,
        next: 0,
    };
    let mut plan = plan_source(reg, &file, base, &mut source)?;
    sheet.locate(&mut plan.errors);
    sheet.locate(&mut plan.warnings);
    plan.errors.extend(sheet.issues(&file));
    // Problems in row order; within a row the planner's order (then the sheet's own).
    plan.errors.sort_by_key(|i| i.line);
    Ok(plan)
}

/// Plans a workbook and, when it is clean, applies it in one transaction; otherwise
/// [`CsvError::Rejected`] with every problem and nothing written.
pub(crate) fn import_workbook(
    reg: &mut Registry,
    path: &Path,
    progress: &dyn Progress,
) -> Result<ImportSummary, CsvError> {
    let plan = plan_workbook(reg, path)?;
    apply_clean(reg, plan, progress)
}

/// One row of the sheet: its row number (1-based) and its cells up to the header's last
/// column, as text, or the first cell that cannot be read (field index, message).
struct Row {
    number: usize,
    cells: Result<Vec<String>, (usize, String)>,
}

/// The first sheet, read into rows.
struct Sheet {
    /// The sheet's name as a cell reference prefix (`Sheet1`, `'My list'`).
    name: String,
    /// Column (0-based) of the first used column.
    first_col: usize,
    /// Row number of the header (1-based), if any.
    header_row: usize,
    /// The header's cells, trimmed.
    header: Vec<String>,
    rows: Vec<Row>,
    /// Values right of the header's last column: (row number, column).
    stray: Vec<(usize, usize)>,
}

pub(super) fn workbook_error(path: &Path, message: impl Into<String>) -> CsvError {
    CsvError::Workbook {
        message: message.into(),
        path: path.to_path_buf(),
    }
}

fn read_sheet(path: &Path) -> Result<Sheet, CsvError> {
    if let Err(error) = std::fs::metadata(path) {
        return Err(IoError::new("cannot read the import file", path, error).into());
    }
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| {
        workbook_error(
            path,
            format!("cannot read the workbook ({e}); save it from the spreadsheet as .xlsx, .ods or CSV"),
        )
    })?;
    let Some(name) = wb.sheet_names().first().cloned() else {
        return Err(workbook_error(path, "the workbook has no sheet"));
    };
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| workbook_error(path, format!("cannot read the sheet {name:?} ({e})")))?;
    let (row0, col0) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let mut sheet = Sheet {
        name: sheet_ref(&name),
        first_col: col0,
        header_row: 0,
        header: Vec::new(),
        rows: Vec::new(),
        stray: Vec::new(),
    };
    let mut width = 0;
    for (i, cells) in range.rows().enumerate() {
        let number = row0 + i + 1;
        let texts: Vec<Result<String, String>> = cells.iter().map(cell_text).collect();
        let blank = |t: &Result<String, String>| t.as_ref().is_ok_and(|s| s.trim().is_empty());
        if sheet.header_row == 0 {
            if texts.iter().all(blank) {
                continue;
            }
            // The header ends at its last non-empty cell; an error shows as its code.
            width = texts.iter().rposition(|t| !blank(t)).map_or(0, |p| p + 1);
            sheet.header_row = number;
            sheet.header = cells[..width]
                .iter()
                .zip(&texts)
                .map(|(c, t)| t.clone().unwrap_or_else(|_| c.to_string()).trim().to_string())
                .collect();
            let header = Row {
                number,
                cells: Ok(sheet.header.clone()),
            };
            sheet.rows.push(header);
            continue;
        }
        for (j, t) in texts.iter().enumerate().skip(width) {
            if !blank(t) {
                sheet.stray.push((number, j));
            }
        }
        let cells = texts
            .into_iter()
            .take(width)
            .enumerate()
            .map(|(j, t)| t.map_err(|m| (j, m)))
            .collect();
        sheet.rows.push(Row { number, cells });
    }
    Ok(sheet)
}

/// A sheet name as written before `!` in a cell reference: quoted unless it is plain.
fn sheet_ref(name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// The letters of a 0-based column: 0 = A, 25 = Z, 26 = AA.
fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell's value as the text the planner checks; a formula error gives the message.
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            if (h, mi, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => {
            return Err(format!(
                "the cell shows the error {e}; type the value itself in the cell"
            ));
        }
    })
}

/// A number as typed: whole numbers without `.0` (ids, phone extensions), others as Rust
/// writes them shortest.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

impl Sheet {
    fn cell(&self, row: usize, col: usize) -> String {
        format!("{}!{}{row}", self.name, column_letters(self.first_col + col))
    }

    /// Sets each planner problem's cell, from its row and the column it names.
    fn locate(&self, issues: &mut [ImportIssue]) {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (j, h) in self.header.iter().enumerate() {
            by_name.entry(h.to_ascii_lowercase()).or_default().push(j);
        }
        let empty: Vec<usize> = (0..self.header.len())
            .filter(|&j| self.header[j].is_empty())
            .collect();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for issue in issues.iter_mut() {
            let column = issue.column.clone().unwrap_or_default();
            let key = column.to_ascii_lowercase();
            let at = by_name.get(&key).map(Vec::as_slice).unwrap_or_default();
            let col = if issue.line == self.header_row {
                // Header problems come in field order; a known column's first occurrence
                // is the one kept, so the problem is about a later one.
                let k = seen.entry(key.clone()).or_insert(0);
                let skip = usize::from(EXPORT_COLUMNS.contains(&key.as_str()));
                let j = if column == "\"\"" {
                    empty.get(*k).copied()
                } else {
                    at.get(*k + skip).or(at.last()).copied()
                };
                *k += 1;
                j
            } else {
                at.first().copied()
            };
            let row = if issue.line == 0 { 1 } else { issue.line };
            issue.cell = Some(self.cell(row, col.unwrap_or(0)));
            issue.message = in_sheet_words(&issue.message);
        }
    }

    /// The sheet's own problems: values in columns with no header.
    fn issues(&self, file: &str) -> Vec<ImportIssue> {
        self.stray
            .iter()
            .map(|&(row, col)| ImportIssue {
                file: file.to_string(),
                line: row,
                column: Some("\"\"".into()),
                cell: Some(self.cell(row, col)),
                message: format!(
                    "a value in column {} which has no header; give the column a name in row {} or clear the cell",
                    column_letters(self.first_col + col),
                    self.header_row
                ),
            })
            .collect()
    }
}

/// The planner's wording for text files, in a sheet's words (rows, not lines).
fn in_sheet_words(message: &str) -> String {
    let mut m = message.to_string();
    if let Some(rest) = m.strip_prefix("the file is empty; the first line") {
        m = format!("the sheet is empty; the first row{rest}");
    }
    if let Some(rest) = m.strip_prefix("line ")
        && let Some((n, rest)) = rest.split_once(" already updates")
    {
        m = format!("row {n} already updates{rest}");
    }
    m.replace(" is also on line ", " is also on row ")
        .replace("the CSV file's folder", "the workbook's folder")
}

/// The sheet's rows as planner records.
struct SheetSource<'a> {
    rows: &'a [Row],
    next: usize,
}

impl Source for SheetSource<'_> {
    fn read(&mut self, rec: &mut Record) -> Option<Result<(), SyntaxError>> {
        let row = self.rows.get(self.next)?;
        self.next += 1;
        match &row.cells {
            Ok(cells) => {
                rec.set(row.number, cells.iter().map(String::as_str));
                Some(Ok(()))
            }
            Err((field, message)) => {
                rec.set(row.number, []);
                Some(Err(SyntaxError {
                    line: row.number,
                    last_line: row.number,
                    field: *field,
                    message: message.clone(),
                }))
            }
        }
    }

    fn position(&self) -> usize {
        self.next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_and_sheet_refs() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(4), "E");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(sheet_ref("Sheet1"), "Sheet1");
        assert_eq!(sheet_ref("My list"), "'My list'");
        assert_eq!(sheet_ref("O'Neil"), "'O''Neil'");
    }

    #[test]
    fn numbers_and_dates_read_as_typed() {
        assert_eq!(cell_text(&Data::Float(12345.0)).unwrap(), "12345");
        assert_eq!(cell_text(&Data::Float(-3.0)).unwrap(), "-3");
        assert_eq!(cell_text(&Data::Float(2.5)).unwrap(), "2.5");
        assert_eq!(cell_text(&Data::Int(7)).unwrap(), "7");
        let date = calamine::ExcelDateTime::new(42191.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)).unwrap(), "2015-07-06");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2015-07-07T00:00:00".into())).unwrap(),
            "2015-07-07"
        );
        let err = cell_text(&Data::Error(calamine::CellErrorType::NA)).unwrap_err();
        assert!(err.contains("#N/A"), "{err}");
    }
}
