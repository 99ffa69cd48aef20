//! The file-type dispatch of import and export: a workbook (by its extension, see
//! [`is_workbook`]) goes to [`super::excel`], anything else is CSV. It sits above both, so
//! neither the CSV nor the workbook side knows of the other.

use std::path::Path;

use super::excel::{self, is_workbook};
use super::{CsvError, ImportPlan, ImportSummary, export, plan, stream};
use crate::progress::Progress;
use crate::registry::Registry;

/// Reads and checks an import file (CSV, or the first sheet of a workbook); writes nothing.
/// Content problems are in [`ImportPlan::errors`]; `Err` only when the file cannot be read or
/// the database fails.
pub fn plan_import(reg: &Registry, path: &Path) -> Result<ImportPlan, CsvError> {
    if is_workbook(path) {
        excel::plan_workbook(reg, path)
    } else {
        plan::plan_csv(reg, path)
    }
}

/// Plans and, when the file is clean, applies an import (CSV or workbook). A file with
/// problems gives [`CsvError::Rejected`] with every problem, and nothing is written.
///
/// On a database file, a CSV file is checked and written at once: the write lock is taken,
/// the rows are checked on a second thread against a read snapshot of the database as it is
/// (what [`plan_import`] would see) and written as they come, in one transaction that is
/// rolled back if any row has a problem. In memory, and for a workbook, the file is planned
/// first, then applied.
pub fn import_file(
    reg: &mut Registry,
    path: &Path,
    progress: &dyn Progress,
) -> Result<ImportSummary, CsvError> {
    if is_workbook(path) {
        excel::import_workbook(reg, path, progress)
    } else {
        stream::import_csv(reg, path, progress)
    }
}

/// Exports every delegate to a file atomically (written beside it, then renamed, so a failed
/// or cancelled export leaves no partial file): a path ending in `.xlsx` (or another workbook
/// extension) as a workbook ([`super::export_workbook`]), anything else as CSV.
pub fn export_file(reg: &Registry, path: &Path, progress: &dyn Progress) -> Result<usize, CsvError> {
    export_file_with(reg, path, progress, false)
}

/// [`export_file`], with the columns of the sensitive class when `include_sensitive`
/// (`--include-sensitive`; see [`super::export_columns`]).
pub fn export_file_with(
    reg: &Registry,
    path: &Path,
    progress: &dyn Progress,
    include_sensitive: bool,
) -> Result<usize, CsvError> {
    if is_workbook(path) {
        export::export_workbook_with(reg, path, progress, include_sensitive)
    } else {
        export::export_csv_file(reg, path, progress, include_sensitive)
    }
}
