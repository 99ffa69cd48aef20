//! CSV exchange of delegates: import (all or nothing, every error with its line and column)
//! and export (spreadsheet-safe, and import-compatible so that export -> import -> export
//! gives the same file).
//!
//! - [`plan_import`] reads and checks a file without writing anything; the plan lists what
//!   would be inserted or updated, and every problem found ([`ImportIssue`], shown as
//!   `FILE:LINE: column NAME: message`).
//! - [`apply_import`] writes a clean plan in one transaction (audited per delegate), honours
//!   cancellation by rolling back, and refuses a plan with errors.
//! - [`export_delegates`] streams every delegate as CSV.
//!
//! Spreadsheet safety (OWASP CSV injection): on export a cell that would start with `=`, `+`,
//! `-`, `@`, tab or carriage return (possibly after leading `'`s) gets one more leading `'`;
//! import removes exactly one leading `'` from such a cell. So every value survives the round
//! trip, including one that itself starts with `'=`.
//!
//! Photos: the export leaves the `photo` column empty, and an import row whose `photo` cell is
//! empty keeps the photo already stored for that delegate. A non-empty cell is a path relative
//! to the CSV file's folder, decoded and normalised (see [`crate::registry::photo`]).

mod columns;
mod decode;
mod excel;
mod export;
mod file;
pub mod nomination;
pub mod nomination_book;
mod plan;
mod planner;
mod reader;
mod row;
mod stream;
mod types;
pub mod vetting;
mod workbook_guard;
mod write;
mod xls_extent;

use std::borrow::Cow;
use std::path::PathBuf;

pub use decode::Encoding;
pub use excel::is_workbook;
pub use export::{export_delegates, export_delegates_with, export_workbook, export_workbook_with};
pub use file::{export_file, export_file_with, import_file, plan_import};
pub use plan::plan_import_bytes;
pub use types::{ImportPlan, ImportSummary, PlannedRow, RowAction};
pub use write::{apply_import, import_author};

use crate::registry::RegistryError;

/// The columns of the person's record ([`crate::registry::fields`]): gender, nationality,
/// the date of birth, the identity document and the vehicle plate. Those of the sensitive
/// class are exported only when asked for ([`export_columns`]).
pub const RECORD_COLUMNS: [&str; 8] = [
    "gender",
    "nationality",
    "birth_date",
    "id_type",
    "id_number",
    "id_country",
    "id_expiry",
    "vehicle_plate",
];

/// The columns only an export writes (import accepts them: `id` finds the delegate,
/// `status` is set, `badge_version` is informational).
pub const EXPORT_ONLY_COLUMNS: [&str; 3] = ["id", "status", "badge_version"];

/// The columns `accredit import delegates` reads (any order; only `delegation` and
/// `family_name` are required).
pub const IMPORT_COLUMNS: [&str; 20] = [
    "external_id",
    "delegation",
    "title",
    "given_name",
    "family_name",
    "native_name",
    "function",
    "category",
    "email",
    "days",
    "zones",
    "photo",
    "gender",
    "nationality",
    "birth_date",
    "id_type",
    "id_number",
    "id_country",
    "id_expiry",
    "vehicle_plate",
];

/// Every column of a delegate file, in the order an export writes them: the first twelve
/// import columns, then `id,status,badge_version`, then [`RECORD_COLUMNS`].
pub const EXPORT_COLUMNS: [&str; 23] = {
    let mut out = [""; 23];
    let mut i = 0;
    while i < 12 {
        out[i] = IMPORT_COLUMNS[i];
        i += 1;
    }
    out[12] = "id";
    out[13] = "status";
    out[14] = "badge_version";
    let mut j = 0;
    while j < RECORD_COLUMNS.len() {
        out[15 + j] = RECORD_COLUMNS[j];
        j += 1;
    }
    out
};

/// The columns an export writes: [`EXPORT_COLUMNS`] less those of the sensitive class
/// unless `include_sensitive` (`--include-sensitive`).
pub fn export_columns(include_sensitive: bool) -> Vec<&'static str> {
    EXPORT_COLUMNS
        .iter()
        .copied()
        .filter(|c| {
            include_sensitive
                || crate::registry::fields::by_name(c)
                    .is_none_or(|f| f.class != crate::registry::fields::Class::Sensitive)
        })
        .collect()
}

/// Largest import file read, in bytes (32 MiB, some 200,000 rows; split a larger file).
/// Keeps the memory of an import bounded whatever the file.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Most fields a header may have (the known columns are 15).
pub const MAX_COLUMNS: usize = 64;

/// Most problems kept and printed for one file; the rest are counted ("and N more").
pub const MAX_ISSUES: usize = 100;

/// One problem found in an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportIssue {
    /// The file, as given.
    pub file: String,
    /// Physical line (1-based) on which the record starts.
    pub line: usize,
    /// The column: the field concerned, the header field, the first missing (or last, when
    /// there are too many) column of a record with the wrong number of fields, or `header` for
    /// a problem of the whole file. The importer always sets it.
    pub column: Option<String>,
    /// In a workbook: the sheet and cell, as `Sheet1!E7` (then `line` is the row). Shown in
    /// place of the line: `FILE:SHEET!CELL: column NAME: message`.
    pub cell: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for ImportIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:", self.file)?;
        match &self.cell {
            Some(cell) => write!(f, "{cell}: ")?,
            None => write!(f, "{}: ", self.line)?,
        }
        match &self.column {
            Some(c) => write!(f, "column {}: {}", c, self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

/// Errors of CSV import and export.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    /// A file could not be read or written (what, why, which file).
    #[error(transparent)]
    Io(#[from] crate::io_error::IoError),
    /// A workbook could not be read or written (not a workbook, damaged, or a format that
    /// cannot be written).
    #[error("{message}: {path}")]
    Workbook {
        /// What is wrong and what to do.
        message: String,
        /// The file.
        path: PathBuf,
    },
    /// The import file has problems; nothing was written.
    #[error("{} problem(s) in {file}; nothing was imported", issues.len() + omitted)]
    Rejected {
        /// The file.
        file: String,
        /// The first [`MAX_ISSUES`] problems, in file order.
        issues: Vec<ImportIssue>,
        /// How many more problems there are.
        omitted: usize,
        /// The encoding the file was read in.
        encoding: Encoding,
    },
    /// [`apply_import`] was given a plan that has errors.
    #[error("the import plan has {count} problem(s); fix the file and plan again")]
    PlanHasErrors {
        /// How many.
        count: usize,
    },
    /// A row was refused while writing (the database changed since the plan was made).
    #[error("line {line}: {error}; nothing was imported")]
    Row {
        /// Line of the row.
        line: usize,
        /// Why.
        error: RegistryError,
    },
    /// The user cancelled; nothing was written.
    #[error("cancelled; nothing was written")]
    Cancelled,
    /// A worker thread of the import stopped unexpectedly (a bug); nothing was written.
    #[error("internal error: {0} stopped; nothing was imported")]
    WorkerStopped(&'static str),
    /// The registry failed.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// The output could not be written.
    #[error("cannot write CSV")]
    Write(#[source] std::io::Error),
}

impl From<csv::Error> for CsvError {
    fn from(e: csv::Error) -> Self {
        if e.is_io_error() {
            if let csv::ErrorKind::Io(io) = e.into_kind() {
                return Self::Write(io);
            }
            return Self::Write(std::io::Error::other("unknown I/O error"));
        }
        Self::Write(std::io::Error::other(e.to_string()))
    }
}

impl From<rusqlite::Error> for CsvError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Registry(e.into())
    }
}

fn starts_dangerously(s: &str) -> bool {
    matches!(
        s.trim_start_matches('\'').as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Neutralises a cell for spreadsheets: one `'` is put before a value that would start with
/// `=`, `+`, `-`, `@`, tab or CR (after any leading `'`s). The one spreadsheet-safety rule of
/// every CSV accredit writes (the export, the participants list), undone by [`unneutralise`].
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if starts_dangerously(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Undoes [`neutralise`]: removes one leading `'` from a cell that starts with `'` followed
/// (after any further `'`s) by `=`, `+`, `-`, `@`, tab or CR.
pub fn unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if starts_dangerously(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralising_is_undone_exactly() {
        for v in [
            "=1+1",
            "+43 1 514",
            "-5",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=x",
            "''-x",
            "'",
            "'x",
            "x=1",
            "",
            "Dr.",
        ] {
            let n = neutralise(v);
            assert!(!matches!(
                n.as_bytes().first(),
                Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
            ));
            assert_eq!(unneutralise(&n), v, "round trip of {v:?}");
        }
        assert_eq!(neutralise("=HYPERLINK()"), "'=HYPERLINK()");
        assert_eq!(neutralise("'x"), "'x");
        assert_eq!(unneutralise("'@x"), "@x");
        assert_eq!(unneutralise("'x"), "'x");
    }
}
