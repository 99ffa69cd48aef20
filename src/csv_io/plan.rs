//! Planning an import: read and check every row, write nothing. The rows are checked by
//! [`super::planner::Planner`]; what it finds is an [`ImportPlan`].

use std::path::Path;

use super::columns::HEADER;
use super::decode::{Decoded, Encoding, decode};
use super::planner::Planner;
use super::reader::{Reader, Source};
use super::types::ImportPlan;
use super::{CsvError, ImportIssue, MAX_FILE_BYTES};
use crate::registry::{Registry, photo};

/// Plans the import of a CSV file (a workbook goes to [`super::excel`], see
/// [`super::plan_import`]).
pub(super) fn plan_csv(reg: &Registry, path: &Path) -> Result<ImportPlan, CsvError> {
    let bytes = read_import_file(path)?;
    let base = path.parent().unwrap_or(Path::new(""));
    plan_decoded(reg, &path.display().to_string(), base, decode(bytes))
}

/// Like [`super::plan_import`] for a file already in memory: `file` names it in messages, photo
/// paths are relative to `base`.
pub fn plan_import_bytes(
    reg: &Registry,
    file: &str,
    base: &Path,
    bytes: &[u8],
) -> Result<ImportPlan, CsvError> {
    plan_decoded(reg, file, base, decode(bytes.to_vec()))
}

/// The one problem of a file that cannot be decoded.
pub(super) fn undecodable(file: &str, message: String) -> ImportIssue {
    ImportIssue {
        file: file.to_string(),
        line: 1,
        column: Some(HEADER.into()),
        cell: None,
        message,
    }
}

fn plan_decoded(
    reg: &Registry,
    file: &str,
    base: &Path,
    text: Result<Decoded, String>,
) -> Result<ImportPlan, CsvError> {
    let text = match text {
        Ok(t) => t,
        Err(message) => {
            return Ok(ImportPlan {
                file: file.to_string(),
                errors: vec![undecodable(file, message)],
                ..ImportPlan::default()
            });
        }
    };
    let encoding = text.encoding;
    let mut plan = plan_source(
        reg,
        file,
        base,
        &mut Reader::with_delimiter(&text.text, text.delimiter),
    )?;
    plan.encoding = encoding;
    Ok(plan)
}

/// Plans an import from any [`Source`] of records (CSV text or a workbook's sheet).
pub(crate) fn plan_source(
    reg: &Registry,
    file: &str,
    base: &Path,
    source: &mut dyn Source,
) -> Result<ImportPlan, CsvError> {
    // One read transaction: a consistent snapshot, and no lock taken per query.
    let _snapshot = if reg.conn().is_autocommit() {
        Some(reg.conn().unchecked_transaction()?)
    } else {
        None
    };
    let mut p = Planner::new(reg.conn(), file, base, None)?;
    let mut rows = Vec::new();
    p.run(source, &mut |row, _| rows.push(row))?;
    Ok(ImportPlan {
        file: p.file,
        rows,
        errors: p.issues,
        omitted_errors: p.omitted,
        warnings: p.warnings,
        encoding: Encoding::default(),
    })
}

/// Reads an import file: a regular file of at most [`MAX_FILE_BYTES`] (a FIFO, a device such
/// as /dev/zero, a folder or a larger file is an error that says so).
pub(super) fn read_import_file(path: &Path) -> Result<Vec<u8>, CsvError> {
    photo::read_regular(path, MAX_FILE_BYTES, "CSV")
        .map_err(|error| crate::io_error::IoError::new("cannot read the import file", path, error).into())
}
