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
use super::{
    CsvError, EXPORT_COLUMNS, ImportIssue, ImportPlan, ImportSummary, MAX_FILE_BYTES, workbook_guard,
};
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
///
/// The sheet is read cell by cell (`.xlsx`, `.xlsb`) or, for `.ods` and `.xls`, built by
/// calamine only after its extent was checked ([`super::workbook_guard`]); rows, cells and
/// text are counted as they are read and the first passed limit ends the reading with a
/// problem naming the sheet and cell. Never more than the limits are held in memory.
pub(crate) fn plan_workbook(reg: &Registry, path: &Path) -> Result<ImportPlan, CsvError> {
    let file = path.display().to_string();
    let base = path.parent().unwrap_or(Path::new(""));
    let run = std::panic::AssertUnwindSafe(|| {
        with_cells(path, &mut |name, next| {
            let mut source = SheetSource::new(name, next, &file);
            let mut plan = plan_source(reg, &file, base, &mut source)?;
            let sheet = source.sheet;
            sheet.locate(&mut plan.errors);
            sheet.locate(&mut plan.warnings);
            plan.errors.extend(sheet.issues(&file));
            plan.errors.extend(source.fatal);
            // Problems in row order; within a row the planner's order (then the sheet's own).
            plan.errors.sort_by_key(|i| i.line);
            Ok(plan)
        })
    });
    // A reader's panic on a hostile file is a refusal of the file, never a crash.
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        Err(workbook_error(
            path,
            "cannot read the workbook (the reader failed on it); save it from the spreadsheet as .xlsx, .ods or CSV",
        ))
    })
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

/// A cell that cannot be read: the code it shows (`#N/A`) and the problem.
#[derive(Debug, Clone)]
struct CellError {
    shown: String,
    message: String,
}

/// One cell with something in it: row and column (0-based) and its text.
type SheetCell = (u32, u32, Result<String, CellError>);

/// The next cell of the sheet in row order, `None` at its end; `Err` when the file breaks.
type NextCell<'a> = dyn FnMut() -> Result<Option<SheetCell>, String> + 'a;

pub(super) fn workbook_error(path: &Path, message: impl Into<String>) -> CsvError {
    CsvError::Workbook {
        message: message.into(),
        path: path.to_path_buf(),
    }
}

fn unreadable(e: impl std::fmt::Display) -> String {
    format!("cannot read the workbook ({e}); save it from the spreadsheet as .xlsx, .ods or CSV")
}

/// Opens the workbook after its checks and calls `f` with the first sheet's name and its
/// cells.
fn with_cells<T>(
    path: &Path,
    f: &mut dyn FnMut(&str, &mut NextCell<'_>) -> Result<T, CsvError>,
) -> Result<T, CsvError> {
    // A regular file of at most 32 MiB, opened without waiting on a FIFO.
    let file = crate::registry::photo::open_regular(path, MAX_FILE_BYTES, "workbook")
        .map_err(|e| IoError::new("cannot read the import file", path, e))?;
    let ext = extension(path).unwrap_or_default();
    let fail = |m: String| workbook_error(path, m);
    match ext.as_str() {
        "xls" => {
            drop(file);
            workbook_guard::check_xls_extent(path).map_err(fail)?;
        }
        "ods" => {
            workbook_guard::check_zip(path, file).map_err(fail)?;
            workbook_guard::check_ods_extent(path).map_err(fail)?;
        }
        _ => workbook_guard::check_zip(path, file).map_err(fail)?,
    }
    let reader = || {
        crate::registry::photo::open_regular(path, MAX_FILE_BYTES, "workbook")
            .map(std::io::BufReader::new)
            .map_err(|e| CsvError::from(IoError::new("cannot read the import file", path, e)))
    };
    match ext.as_str() {
        "xlsx" | "xlsm" => {
            let mut wb: calamine::Xlsx<_> =
                calamine::Reader::new(reader()?).map_err(|e| fail(unreadable(e)))?;
            let name = first_sheet(&wb.sheet_names()).map_err(fail)?;
            let mut cells = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| fail(format!("cannot read the sheet {name:?} ({e})")))?;
            let mut next = || match cells.next_cell() {
                Ok(Some(c)) => Ok(Some((
                    c.get_position().0,
                    c.get_position().1,
                    ref_text(c.get_value()),
                ))),
                Ok(None) => Ok(None),
                Err(e) => Err(unreadable(e)),
            };
            f(&name, &mut next)
        }
        "xlsb" => {
            let mut wb: calamine::Xlsb<_> =
                calamine::Reader::new(reader()?).map_err(|e| fail(unreadable(e)))?;
            let name = first_sheet(&wb.sheet_names()).map_err(fail)?;
            let mut cells = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| fail(format!("cannot read the sheet {name:?} ({e})")))?;
            let mut next = || match cells.next_cell() {
                Ok(Some(c)) => Ok(Some((
                    c.get_position().0,
                    c.get_position().1,
                    ref_text(c.get_value()),
                ))),
                Ok(None) => Ok(None),
                Err(e) => Err(unreadable(e)),
            };
            f(&name, &mut next)
        }
        "ods" => {
            let wb: calamine::Ods<_> = calamine::Reader::new(reader()?).map_err(|e| fail(unreadable(e)))?;
            whole_sheet(wb, path, f)
        }
        _ => {
            let wb: calamine::Xls<_> = calamine::Reader::new(reader()?).map_err(|e| fail(unreadable(e)))?;
            whole_sheet(wb, path, f)
        }
    }
}

/// The first sheet of a reader that builds it whole (`.ods`, `.xls`: its extent was
/// checked), its cells in row order.
fn whole_sheet<T, R>(
    mut wb: R,
    path: &Path,
    f: &mut dyn FnMut(&str, &mut NextCell<'_>) -> Result<T, CsvError>,
) -> Result<T, CsvError>
where
    R: calamine::Reader<std::io::BufReader<std::fs::File>>,
    R::Error: std::fmt::Display,
{
    let fail = |m: String| workbook_error(path, m);
    let name = first_sheet(&wb.sheet_names()).map_err(fail)?;
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| fail(format!("cannot read the sheet {name:?} ({e})")))?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut used = range.used_cells().filter(|(_, _, d)| !matches!(d, Data::Empty));
    let mut next = || {
        Ok(used
            .next()
            .map(|(r, c, d)| (r as u32 + r0, c as u32 + c0, owned_text(d))))
    };
    f(&name, &mut next)
}

fn first_sheet(names: &[String]) -> Result<String, String> {
    names
        .first()
        .cloned()
        .ok_or_else(|| "the workbook has no sheet".to_string())
}

/// A streamed cell's text: a text longer than any field may hold is refused uncopied.
fn ref_text(cell: &calamine::DataRef<'_>) -> Result<String, CellError> {
    use calamine::DataRef;
    let long = match cell {
        DataRef::String(s) => s.len(),
        DataRef::SharedString(s) => s.len(),
        _ => 0,
    };
    if long > crate::registry::limits::MAX_CELL_BYTES {
        return Err(CellError {
            shown: String::new(),
            message: format!(
                "the value is {long} bytes long, more than any field may hold ({} bytes at most)",
                crate::registry::limits::MAX_CELL_BYTES
            ),
        });
    }
    owned_text(&Data::from(cell.clone()))
}

fn owned_text(cell: &Data) -> Result<String, CellError> {
    cell_text(cell).map_err(|message| CellError {
        shown: cell.to_string(),
        message,
    })
}

/// A sheet name as written before `!` in a cell reference: quoted unless it is plain.
pub(super) fn sheet_ref(name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// The letters of a 0-based column: 0 = A, 25 = Z, 26 = AA.
pub(super) fn column_letters(mut col: usize) -> String {
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
pub(super) fn cell_text(cell: &Data) -> Result<String, String> {
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

/// What the planner's problems need of the sheet: its name, where the header is, and the
/// values found outside the header's columns.
#[derive(Default)]
struct Sheet {
    /// The sheet's name as a cell reference prefix (`Sheet1`, `'My list'`).
    name: String,
    /// Column (0-based) of the header's first cell.
    first_col: usize,
    /// Row number of the header (1-based), if any.
    header_row: usize,
    /// The header's cells, trimmed.
    header: Vec<String>,
    /// Values outside the header's columns: (row number, column), the first few.
    stray: Vec<(usize, usize)>,
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
                cell: Some(format!("{}!{}{row}", self.name, column_letters(col))),
                message: format!(
                    "a value in column {} which has no header; give the column a name in row {} or clear the cell",
                    column_letters(col),
                    self.header_row
                ),
            })
            .collect()
    }
}

/// The planner's wording for text files, in a sheet's words (rows, not lines).
pub(super) fn in_sheet_words(message: &str) -> String {
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

/// The sheet's cells, gathered into rows as the planner asks for them, counted as they come.
struct SheetSource<'a, 'n> {
    next: &'n mut NextCell<'a>,
    /// A cell read ahead: the first of the next row.
    pending: Option<SheetCell>,
    /// The reader said the sheet ended (it is not asked again).
    ended: bool,
    sheet: Sheet,
    file: String,
    /// Header columns; `None` until the header row was read.
    width: Option<usize>,
    rows: usize,
    cells: usize,
    text: usize,
    /// Values outside the header's columns (all, the first few kept in `sheet.stray`).
    strays: usize,
    /// The limit passed or the break in the file that ended the reading.
    fatal: Option<ImportIssue>,
}

/// Excel's last cell is XFD1048576; a reference beyond it is a damaged file.
const LAST_ROW: u32 = 1_048_575;
const LAST_COL: u32 = 16_383;

impl<'a, 'n> SheetSource<'a, 'n> {
    fn new(name: &str, next: &'n mut NextCell<'a>, file: &str) -> Self {
        Self {
            next,
            pending: None,
            ended: false,
            sheet: Sheet {
                name: sheet_ref(name),
                ..Sheet::default()
            },
            file: file.to_string(),
            width: None,
            rows: 0,
            cells: 0,
            text: 0,
            strays: 0,
            fatal: None,
        }
    }

    fn stop(&mut self, row: u32, col: u32, message: String) {
        self.fatal = Some(ImportIssue {
            file: self.file.clone(),
            line: row as usize + 1,
            column: None,
            cell: Some(format!(
                "{}!{}{}",
                self.sheet.name,
                column_letters(col as usize),
                row + 1
            )),
            message,
        });
    }

    /// The cells of the next row with any, counted against the limits; `None` at the end
    /// of the sheet or when a limit was passed (then `fatal` says where).
    fn next_row(&mut self) -> Option<(u32, Vec<(u32, Result<String, CellError>)>)> {
        use super::workbook_guard::{MAX_CELLS, MAX_ROWS, MAX_TEXT_BYTES};
        if self.fatal.is_some() {
            return None;
        }
        let mut row = Vec::new();
        let mut at: Option<u32> = None;
        loop {
            let cell = match self.pending.take() {
                Some(c) => Some(c),
                None if self.ended => None,
                None => match (self.next)() {
                    Ok(c) => c,
                    Err(e) => {
                        let (r, c) = (at.unwrap_or(0), 0);
                        self.stop(r, c, e);
                        return None;
                    }
                },
            };
            let Some((r, c, value)) = cell else {
                self.ended = true;
                break;
            };
            if r > LAST_ROW || c > LAST_COL {
                self.stop(
                    r.min(LAST_ROW),
                    c.min(LAST_COL),
                    format!(
                        "the file names a cell beyond the sheet's last cell XFD1048576 (row {}, \
                         column {}); save the workbook again from the spreadsheet",
                        u64::from(r) + 1,
                        u64::from(c) + 1
                    ),
                );
                return None;
            }
            match at {
                Some(a) if r != a => {
                    if r < a {
                        self.stop(
                            r,
                            c,
                            "the sheet's rows are out of order in the file; save the workbook \
                             again from the spreadsheet"
                                .into(),
                        );
                        return None;
                    }
                    self.pending = Some((r, c, value));
                    break;
                }
                _ => at = Some(r),
            }
            self.cells += 1;
            self.text += value.as_ref().map_or(0, String::len);
            if self.cells > MAX_CELLS || self.text > MAX_TEXT_BYTES {
                self.stop(
                    r,
                    c,
                    format!(
                        "the sheet holds more than {MAX_CELLS} cells or {} MiB of text up to here, \
                         more than an import may hold; split the file",
                        MAX_TEXT_BYTES / (1024 * 1024)
                    ),
                );
                return None;
            }
            row.push((c, value));
        }
        let r = at?;
        self.rows += 1;
        if self.rows > MAX_ROWS {
            let c = row.first().map_or(0, |(c, _)| *c);
            self.stop(
                r,
                c,
                format!(
                    "the sheet has more than {MAX_ROWS} rows with values (some 32 MiB, the \
                     limit of an import file); split the file"
                ),
            );
            return None;
        }
        Some((r, row))
    }
}

fn blank(t: &Result<String, CellError>) -> bool {
    t.as_ref().is_ok_and(|s| s.trim().is_empty())
}

impl Source for SheetSource<'_, '_> {
    fn read(&mut self, rec: &mut Record) -> Option<Result<(), SyntaxError>> {
        loop {
            let (r, cells) = self.next_row()?;
            let number = r as usize + 1;
            let Some(width) = self.width else {
                // The header: the first row with a value; it spans its first to its last
                // value (an error shows as its code).
                let values: Vec<&(u32, Result<String, CellError>)> =
                    cells.iter().filter(|(_, t)| !blank(t)).collect();
                let (Some(first), Some(last)) = (values.first(), values.last()) else {
                    continue;
                };
                let (c0, c1) = (first.0 as usize, last.0 as usize);
                let mut header = vec![String::new(); c1 - c0 + 1];
                for (c, t) in &cells {
                    if let Some(h) = (*c as usize).checked_sub(c0).and_then(|j| header.get_mut(j)) {
                        *h = match t {
                            Ok(s) => s.trim().to_string(),
                            Err(e) => e.shown.clone(),
                        };
                    }
                }
                self.sheet.first_col = c0;
                self.sheet.header_row = number;
                self.width = Some(header.len());
                rec.set(number, header.iter().map(String::as_str));
                self.sheet.header = header;
                return Some(Ok(()));
            };
            let mut row = vec![String::new(); width];
            let mut error = None;
            for (c, t) in cells {
                let j = (c as usize)
                    .checked_sub(self.sheet.first_col)
                    .filter(|&j| j < width);
                match (j, t) {
                    (None, t) => {
                        if !blank(&t) {
                            self.strays += 1;
                            if self.sheet.stray.len() <= super::MAX_ISSUES {
                                self.sheet.stray.push((number, c as usize));
                            }
                        }
                    }
                    (Some(j), Ok(s)) => row[j] = s,
                    (Some(j), Err(e)) => {
                        error.get_or_insert((j, e.message));
                    }
                }
            }
            if let Some((field, message)) = error {
                rec.set(number, []);
                return Some(Err(SyntaxError {
                    line: number,
                    last_line: number,
                    field,
                    message,
                }));
            }
            rec.set(number, row.iter().map(String::as_str));
            return Some(Ok(()));
        }
    }

    fn position(&self) -> usize {
        self.rows
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
