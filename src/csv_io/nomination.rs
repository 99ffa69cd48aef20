//! A returned nomination workbook ([`super::nomination_book`]), recognised by its hidden
//! identity sheet and checked before anything is written:
//!
//! 1. its identity: the event's, signed by the event key, a serial this registry issued to
//!    that delegation ([`crate::registry::nominations::check_identity`]);
//! 2. the header and the locked cells: every row names the workbook's event and delegation
//!    and keeps its `external_id` (a row naming another delegation is refused with its cell);
//! 3. the rows, by the same planner as every import (the same rules, all or nothing, every
//!    problem as `FILE:nominations!CELL: column NAME: message`);
//! 4. a re-sent workbook merges three ways: for a person it already sent, a field the file
//!    did not change since it was last imported keeps the desk's value; a field it changed
//!    takes the file's (what each file said is remembered per row, by external id);
//! 5. new people get their status from the quotas ([`crate::registry::nominations`]).
//!
//! Rows whose entry cells are all empty are skipped.

use std::collections::HashMap;
use std::io::Read as _;
use std::path::Path;

use calamine::Reader as _;

use super::excel::{cell_text, column_letters, in_sheet_words, workbook_error};
use super::nomination_book::{
    IDENTITY_FORMAT, IDENTITY_SHEET, LOCKED_COLUMNS, NOMINATIONS_SHEET, columns, slot_id,
};
use super::plan::{plan_source, read_import_file};
use super::reader::{Record, Source, SyntaxError};
use super::types::{ImportPlan, RowAction};
use super::{CsvError, ImportIssue};
use crate::registry::nominations::{self, WorkbookIdentity};
use crate::registry::{Delegate, Registry, Status, delegates, fields};

/// What a returned nomination workbook is and would do: shown before anything is written
/// (the Import screen), applied with its plan ([`super::apply_import`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NominationReturn {
    /// Who the workbook was issued to.
    pub identity: WorkbookIdentity,
    /// The delegation's English name.
    pub delegation_name: String,
    /// Per category with a quota: (category, quota, counted before, counted after).
    pub quotas: Vec<(String, u32, u64, u64)>,
    /// Every person row's result, in sheet order.
    pub rows: Vec<RowResult>,
    /// What the file says of each row, remembered on import (external id, cells by column).
    pub(crate) sent: Vec<(String, HashMap<String, String>)>,
}

/// One person row of a returned workbook and what the import does with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowResult {
    /// The sheet row (1-based).
    pub row: usize,
    /// The person's name as it will be stored.
    pub name: String,
    /// Insert or update.
    pub action: RowAction,
    /// The status the person will have.
    pub status: Status,
    /// The reason stored with it (over quota).
    pub reason: Option<String>,
    /// Fields where the desk's value is kept (the file did not change them since last time).
    pub kept: Vec<&'static str>,
}

impl NominationReturn {
    /// The status against quota, as `HOD 1/1, DEL 5/4` (counted after the import / quota).
    pub fn quota_text(&self) -> String {
        if self.quotas.is_empty() {
            return "no quota".into();
        }
        self.quotas
            .iter()
            .map(|(c, q, _, after)| format!("{c} {after}/{q}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl NominationReturn {
    /// What the import did beyond the counts, one line each: the workbook's delegation and
    /// quota status, each row over quota, each row where the desk's edits were kept.
    pub fn notes(&self, file: &str) -> Vec<String> {
        let mut out = vec![format!(
            "{file}: nomination workbook of {} ({}), serial {}; quota after import: {}",
            self.delegation_name,
            self.identity.delegation,
            self.identity.serial,
            self.quota_text()
        )];
        for r in &self.rows {
            let at = format!("{file}:{NOMINATIONS_SHEET}!A{}: {}", r.row, r.name);
            if let Some(reason) = &r.reason {
                out.push(format!("{at}: {}, {reason}", r.status.as_str()));
            }
            if !r.kept.is_empty() {
                out.push(format!(
                    "{at}: the desk's {} kept (the workbook did not change it since it was last sent)",
                    r.kept.join(", ")
                ));
            }
        }
        out
    }
}

/// Whether `path` is a returned nomination workbook: an `.xlsx`/`.xlsm` whose workbook part
/// names the identity or nominations sheet. Read from the zip without calamine, so that any
/// other workbook goes to the ordinary workbook import untouched.
pub(crate) fn is_nomination_workbook(path: &Path) -> bool {
    let ext = super::excel::extension(path);
    if !matches!(ext.as_deref(), Some("xlsx" | "xlsm")) {
        return false;
    }
    // Opened without waiting and only when it is a regular file of a workbook's size: a FIFO
    // or a device is left to the workbook reader, which refuses it with its reason.
    let Ok(file) = crate::registry::photo::open_regular(path, super::MAX_FILE_BYTES, "workbook") else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    let Ok(part) = zip.by_name("xl/workbook.xml") else {
        return false;
    };
    let mut xml = String::new();
    // The workbook part lists the sheets; a megabyte is far more than any holds.
    if part.take(1 << 20).read_to_string(&mut xml).is_err() {
        return false;
    }
    xml.contains(&format!("name=\"{IDENTITY_SHEET}\""))
        || xml.contains(&format!("name=\"{NOMINATIONS_SHEET}\""))
}

/// An issue at a cell of a sheet.
fn at_cell(
    file: &str,
    sheet: &str,
    row: usize,
    col: usize,
    column: &str,
    message: impl Into<String>,
) -> ImportIssue {
    ImportIssue {
        file: file.to_string(),
        line: row,
        column: Some(column.to_string()),
        cell: Some(format!("{sheet}!{}{row}", column_letters(col))),
        message: message.into(),
    }
}

/// A sheet read as text: rows of (row number, cells).
type Rows = Vec<(usize, Vec<Result<String, String>>)>;

/// Most rows of a nomination sheet read (a workbook has at most 500 person rows).
const MAX_ROWS: u32 = 2_000;
/// Most columns of a nomination sheet read.
const MAX_COLS: u32 = 64;
/// Most bytes the parts of a nomination workbook may unpack to (declared sizes).
const MAX_UNPACKED: u64 = 64 * 1024 * 1024;

/// The workbook, opened after checking that its parts stay within [`MAX_UNPACKED`].
type Book = calamine::Xlsx<std::io::Cursor<Vec<u8>>>;

fn open_book(path: &Path, bytes: Vec<u8>) -> Result<Book, CsvError> {
    let unreadable = |e: String| {
        workbook_error(
            path,
            format!("cannot read the workbook ({e}); save it from the spreadsheet as .xlsx"),
        )
    };
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(&bytes)).map_err(|e| unreadable(e.to_string()))?;
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| unreadable(e.to_string()))?;
        unpacked = unpacked.saturating_add(part.size());
    }
    if unpacked > MAX_UNPACKED {
        return Err(workbook_error(
            path,
            format!(
                "the workbook unpacks to {unpacked} bytes, more than a nomination workbook may ({MAX_UNPACKED}); \
                 ask for a new one with `accredit nominations workbook`"
            ),
        ));
    }
    calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))
}

/// Reads a sheet cell by cell, within [`MAX_ROWS`] and [`MAX_COLS`] (a value beyond them
/// is a problem of its cell, and nothing beyond is allocated). `Ok(None)` when the sheet
/// is missing.
fn read_rows(
    book: &mut Book,
    file: &str,
    path: &Path,
    name: &str,
) -> Result<Option<Result<Rows, ImportIssue>>, CsvError> {
    if !book.sheet_names().iter().any(|n| n == name) {
        return Ok(None);
    }
    let unreadable =
        |e: calamine::XlsxError| workbook_error(path, format!("cannot read the sheet {name:?} ({e})"));
    let mut reader = book.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut grid: std::collections::BTreeMap<u32, Vec<Result<String, String>>> = Default::default();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (r, c) = cell.get_position();
        let value = cell_text(&calamine::Data::from(cell.get_value().clone()));
        if value.as_ref().is_ok_and(|t| t.trim().is_empty()) {
            continue;
        }
        if r >= MAX_ROWS || c >= MAX_COLS {
            let msg = "a value outside the nomination sheet's rows and columns; clear the cell";
            return Ok(Some(Err(at_cell(
                file,
                name,
                r as usize + 1,
                c as usize,
                "\"\"",
                msg,
            ))));
        }
        let row = grid.entry(r).or_default();
        let c = c as usize;
        if row.len() <= c {
            row.resize(c + 1, Ok(String::new()));
        }
        if let Some(slot) = row.get_mut(c) {
            *slot = value;
        }
    }
    Ok(Some(Ok(grid
        .into_iter()
        .map(|(r, cells)| (r as usize + 1, cells))
        .collect())))
}

/// Plans a returned nomination workbook (see the module's description); writes nothing.
pub(crate) fn plan_nomination_workbook(reg: &Registry, path: &Path) -> Result<ImportPlan, CsvError> {
    let file = path.display().to_string();
    let bytes = read_import_file(path)?;
    let mut wb = open_book(path, bytes)?;
    let refused = |issues: Vec<ImportIssue>| ImportPlan {
        file: file.clone(),
        errors: issues,
        ..ImportPlan::default()
    };
    // 1. The identity.
    let identity_rows = match read_rows(&mut wb, &file, path, IDENTITY_SHEET)? {
        Some(Ok(rows)) => rows,
        Some(Err(issue)) => return Ok(refused(vec![issue])),
        None => Vec::new(),
    };
    let value = |key: &str| -> Option<(usize, String)> {
        identity_rows.iter().find_map(|(r, cells)| {
            let k = cells.first()?.as_ref().ok()?;
            (k.trim() == key).then(|| (*r, cells.get(1).and_then(|v| v.clone().ok()).unwrap_or_default()))
        })
    };
    let missing = |key: &str, row: usize| {
        at_cell(
            &file,
            IDENTITY_SHEET,
            row,
            1,
            key,
            format!(
                "the workbook's identity has no {key}: it is not a workbook written by `accredit nominations workbook`, or it was edited; ask for a new one"
            ),
        )
    };
    let format_ok = value("format").is_some_and(|(_, v)| v.trim() == IDENTITY_FORMAT);
    let (Some((_, event)), Some((_, delegation)), Some((serial_row, serial)), Some((sig_row, signature))) = (
        value("event"),
        value("delegation"),
        value("serial"),
        value("signature"),
    ) else {
        let keys = ["format", "event", "delegation", "serial", "signature"];
        let first = keys.iter().position(|k| value(k).is_none()).unwrap_or(0);
        return Ok(refused(vec![missing(keys[first], first + 1)]));
    };
    if !format_ok {
        return Ok(refused(vec![missing("format", 1)]));
    }
    let Ok(serial_n) = serial.trim().parse::<i64>() else {
        let msg =
            format!("{serial:?} is not a workbook serial; the identity was edited: ask for a new workbook");
        return Ok(refused(vec![at_cell(
            &file,
            IDENTITY_SHEET,
            serial_row,
            1,
            "serial",
            msg,
        )]));
    };
    let identity = WorkbookIdentity {
        event: event.trim().to_string(),
        delegation: delegation.trim().to_string(),
        serial: serial_n,
    };
    if let Err(problem) = nominations::check_identity(reg.conn(), &identity, &signature)? {
        let (row, key) = match problem {
            nominations::IdentityProblem::OtherEvent { .. } => (value("event").map_or(2, |v| v.0), "event"),
            nominations::IdentityProblem::BadSignature => (sig_row, "signature"),
            nominations::IdentityProblem::UnknownSerial { .. } => (serial_row, "serial"),
        };
        return Ok(refused(vec![at_cell(
            &file,
            IDENTITY_SHEET,
            row,
            1,
            key,
            problem.to_string(),
        )]));
    }
    // 2. The header and the locked cells.
    let rows = match read_rows(&mut wb, &file, path, NOMINATIONS_SHEET)? {
        Some(Ok(rows)) => rows,
        Some(Err(issue)) => return Ok(refused(vec![issue])),
        None => {
            let msg = format!(
                "the workbook has no sheet {NOMINATIONS_SHEET:?}; do not rename or remove its sheets"
            );
            return Ok(refused(vec![at_cell(
                &file,
                NOMINATIONS_SHEET,
                1,
                0,
                "header",
                msg,
            )]));
        }
    };
    let cols = columns();
    let mut issues = Vec::new();
    let header = rows.first().filter(|(r, _)| *r == 1);
    let header_cells: Vec<String> = header
        .map(|(_, c)| {
            c.iter()
                .map(|t| t.clone().unwrap_or_default().trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    for j in 0..cols.len().max(header_cells.len()) {
        let found = header_cells.get(j).map_or("", String::as_str);
        let expected = cols.get(j).copied().unwrap_or("");
        if found != expected {
            let msg = if expected.is_empty() {
                format!("{found:?}: the nomination sheet has no column here; do not add columns")
            } else {
                format!(
                    "the header is locked: this cell must read {expected:?}, not {found:?}; do not rename, move or remove columns"
                )
            };
            issues.push(at_cell(
                &file,
                NOMINATIONS_SHEET,
                1,
                j,
                if expected.is_empty() { "header" } else { expected },
                msg,
            ));
        }
    }
    if !issues.is_empty() {
        return Ok(refused(issues));
    }
    let index = |name: &str| cols.iter().position(|c| *c == name).unwrap_or(0);
    let mut people: Vec<(usize, Vec<String>)> = Vec::new();
    for (r, cells) in rows.iter().skip(1) {
        let text = |j: usize| cells.get(j).cloned().unwrap_or(Ok(String::new()));
        let entry_blank = cols
            .iter()
            .enumerate()
            .filter(|(_, c)| !LOCKED_COLUMNS.contains(c))
            .all(|(j, _)| text(j).is_ok_and(|t| t.trim().is_empty()));
        if entry_blank {
            continue;
        }
        let before = issues.len();
        for j in cols.len()..cells.len() {
            if !text(j).is_ok_and(|t| t.trim().is_empty()) {
                let msg = format!(
                    "a value in column {} which has no header; clear the cell",
                    column_letters(j)
                );
                issues.push(at_cell(&file, NOMINATIONS_SHEET, *r, j, "\"\"", msg));
            }
        }
        let mut values = Vec::with_capacity(cols.len());
        for (j, c) in cols.iter().enumerate() {
            match text(j) {
                Ok(t) => values.push(t.trim().to_string()),
                Err(m) => {
                    issues.push(at_cell(&file, NOMINATIONS_SHEET, *r, j, c, m));
                    values.push(String::new());
                }
            }
        }
        let slot = u32::try_from(r.saturating_sub(1)).unwrap_or(0);
        let checks = [
            (
                "event",
                identity.event.clone(),
                "this row names event {found}, but the workbook is for {expected}; the event cell is locked: leave it as it was written",
            ),
            (
                "delegation",
                identity.delegation.clone(),
                "this row names delegation {found}, but the workbook was issued to {expected}: a delegation nominates only its own people; send another delegation's people in its own workbook",
            ),
            (
                "external_id",
                slot_id(&identity, slot),
                "the external_id cell is locked and was changed ({found}, written as {expected}); leave it as it was written",
            ),
        ];
        for (name, expected, message) in checks {
            let j = index(name);
            let found = &values[j];
            if !found.eq_ignore_ascii_case(&expected) {
                let msg = message
                    .replace("{found}", &format!("{found:?}"))
                    .replace("{expected}", &expected);
                issues.push(at_cell(&file, NOMINATIONS_SHEET, *r, j, name, msg));
            }
        }
        if issues.len() == before {
            people.push((*r, values));
        }
    }
    // 3. The rows, by the planner (without the event column).
    let planned_cols: Vec<&str> = cols.iter().copied().filter(|c| *c != "event").collect();
    let mut records: Vec<(usize, Vec<String>)> =
        vec![(1, planned_cols.iter().map(|c| c.to_string()).collect())];
    for (r, values) in &people {
        let v: Vec<String> = cols
            .iter()
            .zip(values)
            .filter(|(c, _)| **c != "event")
            .map(|(_, v)| v.clone())
            .collect();
        records.push((*r, v));
    }
    let base = path.parent().unwrap_or(Path::new(""));
    let mut plan = if people.is_empty() && issues.is_empty() {
        let msg = "the workbook has no nomination: fill one row per person on the sheet nominations";
        refused(vec![at_cell(
            &file,
            NOMINATIONS_SHEET,
            2,
            index("family_name"),
            "family_name",
            msg,
        )])
    } else if people.is_empty() {
        refused(Vec::new())
    } else {
        plan_source(
            reg,
            &file,
            base,
            &mut RowsSource {
                rows: &records,
                next: 0,
            },
        )?
    };
    for issue in &mut plan.errors {
        if issue.cell.is_none() {
            let column = issue.column.clone().unwrap_or_default();
            let j = cols.iter().position(|c| *c == column).unwrap_or(0);
            issue.cell = Some(format!(
                "{NOMINATIONS_SHEET}!{}{}",
                column_letters(j),
                issue.line.max(1)
            ));
            issue.message = in_sheet_words(&issue.message);
        }
    }
    plan.errors.extend(issues);
    plan.errors.sort_by_key(|i| i.line);
    if !plan.errors.is_empty() {
        plan.rows.clear();
        return Ok(plan);
    }
    // 4. The three-way merge of people sent before, and what to remember.
    let by_row: HashMap<usize, &Vec<String>> = people.iter().map(|(r, v)| (*r, v)).collect();
    let mut results = Vec::new();
    let mut sent = Vec::new();
    for planned in &mut plan.rows {
        let Some(values) = by_row.get(&planned.line) else {
            continue;
        };
        let cells: HashMap<String, String> = cols
            .iter()
            .zip(values.iter())
            .filter(|(c, _)| !LOCKED_COLUMNS.contains(c))
            .map(|(c, v)| (c.to_string(), v.clone()))
            .collect();
        let ext = values[index("external_id")].clone();
        let mut kept = Vec::new();
        if planned.action == RowAction::Update
            && let Some(last) = nominations::last_sent(reg.conn(), &ext)?
            && let Some(current) = delegates::get_without_photo(reg.conn(), planned.delegate.id)?
        {
            kept = keep_desk_edits(&mut planned.delegate, &current, &cells, &last);
        }
        results.push(RowResult {
            row: planned.line,
            name: planned.delegate.display_name(),
            action: planned.action,
            status: planned.delegate.status,
            reason: planned.reason.clone(),
            kept,
        });
        sent.push((ext, cells));
    }
    let quotas = quota_lines(reg, &identity, &plan)?;
    let delegation_name = delegates::delegation(reg.conn(), &identity.delegation)?
        .map(|d| d.name_en)
        .unwrap_or_default();
    plan.nomination = Some(Box::new(NominationReturn {
        identity,
        delegation_name,
        quotas,
        rows: results,
        sent,
    }));
    Ok(plan)
}

/// For each field the file did not change since the last returned workbook, the desk's
/// current value (every field of the sheet, through the field table); gives the fields kept.
fn keep_desk_edits(
    planned: &mut Delegate,
    current: &Delegate,
    now: &HashMap<String, String>,
    last: &HashMap<String, String>,
) -> Vec<&'static str> {
    let mut kept = Vec::new();
    for name in columns() {
        let Some(field) = fields::Field::parse(name) else {
            continue;
        };
        if LOCKED_COLUMNS.contains(&name) || now.get(name) != last.get(name) {
            continue;
        }
        // The desk's value differs from the workbook's: kept (the import's own three-way
        // merge may have kept it already; it is still said).
        let desk = fields::get_text(current, field);
        let sheet = now.get(name).map(|v| v.trim().to_string()).unwrap_or_default();
        if fields::get_text(planned, field) != desk || sheet != desk.trim() {
            fields::copy(current, planned, field);
            kept.push(field.name());
        }
    }
    kept
}

/// The delegation's quotas: counted before the import and after it.
fn quota_lines(
    reg: &Registry,
    identity: &WorkbookIdentity,
    plan: &ImportPlan,
) -> Result<Vec<(String, u32, u64, u64)>, CsvError> {
    let Some(line) = nominations::by_delegation(reg.conn())?
        .into_iter()
        .find(|d| d.code == identity.delegation)
    else {
        return Ok(Vec::new());
    };
    Ok(line
        .quotas
        .into_iter()
        .map(|(cat, q, before)| {
            let new = plan
                .rows
                .iter()
                .filter(|r| {
                    r.action == RowAction::Insert
                        && r.delegate.category == cat
                        && !matches!(r.delegate.status, Status::Rejected | Status::Withdrawn)
                })
                .count() as u64;
            (cat, q, before, before + new)
        })
        .collect())
}

/// Records what a returned workbook said of each row, and that it came back, in the
/// import's transaction.
pub(crate) fn record_return(
    tx: &rusqlite::Connection,
    n: &NominationReturn,
    now: &str,
) -> Result<(), CsvError> {
    for (ext, cells) in &n.sent {
        nominations::remember_sent(tx, ext, n.identity.serial, cells)?;
    }
    nominations::mark_returned(tx, n.identity.serial, now)?;
    Ok(())
}

/// The checked rows as planner records.
struct RowsSource<'a> {
    rows: &'a [(usize, Vec<String>)],
    next: usize,
}

impl Source for RowsSource<'_> {
    fn read(&mut self, rec: &mut Record) -> Option<Result<(), SyntaxError>> {
        let (line, cells) = self.rows.get(self.next)?;
        self.next += 1;
        rec.set(*line, cells.iter().map(String::as_str));
        Some(Ok(()))
    }

    fn position(&self) -> usize {
        self.next
    }
}
