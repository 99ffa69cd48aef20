//! Export: every delegate as CSV (streamed, spreadsheet-safe) or as an `.xlsx` workbook.
//!
//! The workbook is written with `rust_xlsxwriter`: the CSV export's columns, a bold header
//! row that stays in view (frozen), filters on, ids and badge versions as numbers. Text is
//! written as text, never as a formula, so no neutralising `'` is needed.

use std::io::Write;
use std::path::Path;

use super::excel::{extension, workbook_error};
use super::{CsvError, neutralise};
use crate::io_error::IoError;
use crate::progress::Progress;
use crate::registry::{Delegate, Registry, delegates};

/// The first twelve cells of a delegate's export row (every [`super::EXPORT_COLUMNS`] column before
/// `id`; `photo` empty), borrowed: shared by the CSV and the workbook export. `days` and
/// `zones` are the delegate's lists joined by `;`.
pub(crate) fn text_cells<'a>(d: &'a Delegate, days: &'a str, zones: &'a str) -> [&'a str; 12] {
    [
        d.external_id.as_deref().unwrap_or(""),
        &d.delegation,
        &d.title,
        &d.given_name,
        &d.family_name,
        &d.native_name,
        &d.function,
        &d.category,
        &d.email,
        days,
        zones,
        "",
    ]
}

/// The cells of the person's record of `d` for the columns `columns` (those of
/// [`super::RECORD_COLUMNS`] among them), in their order.
fn record_cells<'a>(d: &'a Delegate, columns: &'a [&'static str]) -> impl Iterator<Item = &'a str> {
    use crate::registry::fields::{self, Value};
    let values = fields::values(d);
    columns
        .iter()
        .filter(|c| super::RECORD_COLUMNS.contains(c))
        .filter_map(|c| fields::by_name(c))
        .map(move |f| match values[f.field as usize].1 {
            Value::Text(s) => s,
            _ => "",
        })
}

/// [`export_delegates`], with the columns of the sensitive class when `include_sensitive`.
pub fn export_delegates_with(
    reg: &Registry,
    out: &mut dyn Write,
    progress: &dyn Progress,
    include_sensitive: bool,
) -> Result<usize, CsvError> {
    let columns = super::export_columns(include_sensitive);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(&columns)?;
    let (n, total) = each_delegate(reg, progress, |_, d| {
        let id = d.id.to_string();
        let version = d.badge_version.to_string();
        let days = d.days.join(";");
        let zones = d.zones.join(";");
        let text = text_cells(&d, &days, &zones);
        let cells = text
            .iter()
            .copied()
            .chain([id.as_str(), d.status.as_str(), version.as_str()])
            .chain(record_cells(&d, &columns));
        w.write_record(cells.map(|c| neutralise(c).into_owned()))?;
        Ok(())
    })?;
    w.flush().map_err(CsvError::Write)?;
    progress.set(n, total);
    Ok(n)
}

/// Writes every delegate (id order) as CSV with the [`super::EXPORT_COLUMNS`] header less the
/// sensitive class's columns ([`super::export_columns`]); returns how many. The `photo` column is left empty (an import keeps stored photos for empty cells).
/// Cancelling stops with [`CsvError::Cancelled`] after a partial write: write to a temporary
/// file, as [`super::export_file`] does, to leave nothing behind.
pub fn export_delegates(
    reg: &Registry,
    out: &mut dyn Write,
    progress: &dyn Progress,
) -> Result<usize, CsvError> {
    export_delegates_with(reg, out, progress, false)
}

/// Calls `row(i, d)` for every delegate `d` in id order (`i` from 0), showing progress and
/// stopping with [`CsvError::Cancelled`] when the user cancels; returns (how many, the
/// total when it began).
fn each_delegate(
    reg: &Registry,
    progress: &dyn Progress,
    mut row: impl FnMut(usize, Delegate) -> Result<(), CsvError>,
) -> Result<(usize, usize), CsvError> {
    let total = delegates::count(reg.conn())?;
    let mut n = 0usize;
    delegates::for_each(reg.conn(), |d: Delegate| -> Result<(), CsvError> {
        if n.is_multiple_of(1024) {
            progress.set(n, total);
            if progress.cancelled() {
                return Err(CsvError::Cancelled);
            }
        }
        row(n, d)?;
        n += 1;
        Ok(())
    })?;
    Ok((n, total))
}

/// Exports as CSV to a file atomically: written to a temporary file beside it, then renamed,
/// so a failed or cancelled export leaves no partial file (see [`super::export_file`]).
pub(super) fn export_csv_file(
    reg: &Registry,
    path: &Path,
    progress: &dyn Progress,
    include_sensitive: bool,
) -> Result<usize, CsvError> {
    crate::atomic_file::write(
        path,
        |action, error| crate::io_error::IoError::new(action, path, error).into(),
        |w| export_delegates_with(reg, w, progress, include_sensitive),
    )
}

/// Writes every delegate (id order) to an `.xlsx` workbook, atomically; returns how many.
/// The columns are [`super::EXPORT_COLUMNS`]; the header row is bold and frozen, with filters on.
pub fn export_workbook(reg: &Registry, path: &Path, progress: &dyn Progress) -> Result<usize, CsvError> {
    export_workbook_with(reg, path, progress, false)
}

/// [`export_workbook`], with the columns of the sensitive class when `include_sensitive`.
pub fn export_workbook_with(
    reg: &Registry,
    path: &Path,
    progress: &dyn Progress,
    include_sensitive: bool,
) -> Result<usize, CsvError> {
    if extension(path).as_deref() != Some("xlsx") {
        return Err(workbook_error(
            path,
            "only .xlsx workbooks (or CSV) can be written; name the file with .xlsx",
        ));
    }
    // Built inside the atomic write, so that the output guard refuses a bad path before the
    // workbook is built, as it does for a CSV.
    let (n, total) = crate::atomic_file::write(
        path,
        |action, error| IoError::new(action, path, error).into(),
        |w| {
            let (bytes, n, total) = workbook_bytes(reg, path, progress, include_sensitive)?;
            w.write_all(&bytes).map_err(CsvError::Write)?;
            Ok::<_, CsvError>((n, total))
        },
    )?;
    progress.set(n, total);
    Ok(n)
}

/// The workbook's bytes, with how many delegates it holds of how many.
fn workbook_bytes(
    reg: &Registry,
    path: &Path,
    progress: &dyn Progress,
    include_sensitive: bool,
) -> Result<(Vec<u8>, usize, usize), CsvError> {
    let columns = super::export_columns(include_sensitive);
    let xlsx =
        |e: rust_xlsxwriter::XlsxError| workbook_error(path, format!("cannot write the workbook ({e})"));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("delegates").map_err(xlsx)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (j, name) in columns.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, *name, &bold)
            .map_err(xlsx)?;
        let width = match *name {
            "family_name" | "given_name" | "native_name" | "email" => 22,
            "function" => 30,
            "days" | "zones" => 24,
            _ => 14,
        };
        ws.set_column_width(j as u16, width).map_err(xlsx)?;
    }
    let (n, total) = each_delegate(reg, progress, |i, d| {
        let row = (i + 1) as u32;
        let days = d.days.join(";");
        let zones = d.zones.join(";");
        let texts = text_cells(&d, &days, &zones);
        for (j, t) in texts.iter().enumerate() {
            if !t.is_empty() {
                ws.write_string(row, j as u16, *t).map_err(xlsx)?;
            }
        }
        ws.write_number(row, 12, d.id as f64).map_err(xlsx)?;
        ws.write_string(row, 13, d.status.as_str()).map_err(xlsx)?;
        ws.write_number(row, 14, f64::from(d.badge_version))
            .map_err(xlsx)?;
        for (j, t) in record_cells(&d, &columns).enumerate() {
            if !t.is_empty() {
                ws.write_string(row, (15 + j) as u16, t).map_err(xlsx)?;
            }
        }
        Ok(())
    })?;
    ws.set_freeze_panes(1, 0).map_err(xlsx)?;
    ws.autofilter(0, 0, n as u32, (columns.len() - 1) as u16)
        .map_err(xlsx)?;
    let bytes = wb.save_to_buffer().map_err(xlsx)?;
    Ok((bytes, n, total))
}
