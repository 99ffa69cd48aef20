//! Export: every delegate as CSV, streamed, spreadsheet-safe.

use std::io::Write;
use std::path::Path;

use super::{CsvError, EXPORT_COLUMNS, neutralise};
use crate::progress::Progress;
use crate::registry::{Delegate, Registry, delegates};

/// The first twelve cells of a delegate's export row (every [`EXPORT_COLUMNS`] column before
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

/// Writes every delegate (id order) as CSV with the [`EXPORT_COLUMNS`] header; returns how
/// many. The `photo` column is left empty (an import keeps stored photos for empty cells).
/// Cancelling stops with [`CsvError::Cancelled`] after a partial write: write to a temporary
/// file, as [`export_file`] does, to leave nothing behind.
pub fn export_delegates(
    reg: &Registry,
    out: &mut dyn Write,
    progress: &dyn Progress,
) -> Result<usize, CsvError> {
    let total = delegates::count(reg.conn())?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(EXPORT_COLUMNS)?;
    let mut n = 0usize;
    delegates::for_each(reg.conn(), |d: Delegate| -> Result<(), CsvError> {
        if n.is_multiple_of(1024) {
            progress.set(n, total);
            if progress.cancelled() {
                return Err(CsvError::Cancelled);
            }
        }
        let id = d.id.to_string();
        let version = d.badge_version.to_string();
        let days = d.days.join(";");
        let zones = d.zones.join(";");
        let text = text_cells(&d, &days, &zones);
        let cells = text
            .iter()
            .copied()
            .chain([id.as_str(), d.status.as_str(), version.as_str()]);
        w.write_record(cells.map(|c| neutralise(c).into_owned()))?;
        n += 1;
        Ok(())
    })?;
    w.flush().map_err(CsvError::Write)?;
    progress.set(n, total);
    Ok(n)
}

/// Exports as CSV to a file atomically: written to a temporary file beside it, then renamed,
/// so a failed or cancelled export leaves no partial file (see [`super::export_file`]).
pub(super) fn export_csv_file(
    reg: &Registry,
    path: &Path,
    progress: &dyn Progress,
) -> Result<usize, CsvError> {
    crate::atomic_file::write(
        path,
        |action, error| crate::io_error::IoError::new(action, path, error).into(),
        |w| export_delegates(reg, w, progress),
    )
}
