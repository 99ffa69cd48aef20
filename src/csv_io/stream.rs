//! `accredit import delegates` on a CSV file: checking and writing at once, on two threads,
//! in one transaction that commits only when the whole file is clean.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use super::decode::{Decoded, Encoding, decode};
use super::plan::{plan_csv, read_import_file, undecodable};
use super::planner::Planner;
use super::reader::Reader;
use super::types::{ImportSummary, PlannedRow};
use super::write::{Item, apply_clean, finish, with_batch_cache, write_rows};
use super::{CsvError, ImportIssue};
use crate::progress::Progress;
use crate::registry::{Registry, now_rfc3339};

/// Imports a CSV file (see [`super::import_file`]): on a database file checking and writing
/// at once ([`import_streaming`]); in memory planned first, then applied.
pub(super) fn import_csv(
    reg: &mut Registry,
    path: &Path,
    progress: &dyn Progress,
) -> Result<ImportSummary, CsvError> {
    let Some(reader) = reg.reader()? else {
        let plan = plan_csv(reg, path)?;
        return apply_clean(reg, plan, progress);
    };
    let file = path.display().to_string();
    let bytes = decode(read_import_file(path)?).map_err(|message| CsvError::Rejected {
        issues: vec![undecodable(&file, message)],
        file: file.clone(),
        omitted: 0,
        encoding: Encoding::Utf8,
    })?;
    let base = path.parent().unwrap_or(Path::new(""));
    // The slow part, photos, is done before the write lock is taken: a long import leaves
    // the registry to other writers (a reissue, a status) while it decodes.
    let photos = prefetch_photos(base, &bytes);
    with_batch_cache(reg, |reg| {
        import_streaming(reg, reader, &file, base, &bytes, photos, progress)
    })
}

/// Every photo the file's `photo` column names, read and normalised (or the problem), by
/// cell, without touching the database.
fn prefetch_photos(base: &Path, bytes: &Decoded) -> HashMap<String, Result<Vec<u8>, String>> {
    let mut photos = HashMap::new();
    let mut reader = Reader::with_delimiter(&bytes.text, bytes.delimiter);
    let mut rec = super::reader::Record::default();
    let mut column = None;
    while let Some(read) = reader.read(&mut rec) {
        if read.is_err() {
            continue;
        }
        let Some(col) = column else {
            column = (0..rec.len()).find(|&i| {
                rec.get(i)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .is_some_and(|h| h.trim().eq_ignore_ascii_case("photo"))
            });
            if column.is_none() {
                return photos;
            }
            continue;
        };
        let Some(v) = rec
            .get(col)
            .filter(|v| v.len() <= crate::registry::limits::MAX_CELL_BYTES)
            .and_then(|v| std::str::from_utf8(v).ok())
            .map(|v| super::unneutralise(v.trim()))
        else {
            continue;
        };
        if v.is_empty() || photos.contains_key(v) {
            continue;
        }
        photos.insert(v.to_string(), super::row::load_photo(base, v));
    }
    photos
}

/// Checked rows (with how far into the file they end) on their way to the writer.
type RowChunk = Vec<(PlannedRow, usize)>;

fn import_streaming(
    reg: &mut Registry,
    reader: rusqlite::Connection,
    file: &str,
    base: &Path,
    bytes: &Decoded,
    photos: HashMap<String, Result<Vec<u8>, String>>,
    progress: &dyn Progress,
) -> Result<ImportSummary, CsvError> {
    let failed = AtomicBool::new(false);
    let (rows_tx, rows_rx) = mpsc::sync_channel::<RowChunk>(16);
    let operator = reg.operator().to_string();
    // The write lock is taken first, so that nobody can change the database between the
    // snapshot the rows are checked against and the transaction they are written in.
    let tx = reg
        .conn_mut()
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let now = now_rfc3339();
    std::thread::scope(|s| {
        let failed = &failed;
        let planner = s.spawn(
            move || -> Result<(Vec<ImportIssue>, usize, Vec<ImportIssue>), CsvError> {
                // The snapshot: the database as committed, without the rows being written.
                let snapshot = reader.unchecked_transaction()?;
                let mut p = Planner::new(&reader, file, base, Some(failed))?;
                p.photos = photos;
                let mut chunk = Vec::with_capacity(PLAN_CHUNK);
                p.run(
                    &mut Reader::with_delimiter(&bytes.text, bytes.delimiter),
                    &mut |row, end| {
                        // Once a problem is found nothing more is written: only problems matter.
                        if failed.load(Ordering::Relaxed) {
                            return;
                        }
                        chunk.push((row, end));
                        if chunk.len() == PLAN_CHUNK {
                            // The writer drops its end only when it stops early; it reports why.
                            let _ =
                                rows_tx.send(std::mem::replace(&mut chunk, Vec::with_capacity(PLAN_CHUNK)));
                        }
                    },
                )?;
                if !chunk.is_empty() && !failed.load(Ordering::Relaxed) {
                    let _ = rows_tx.send(chunk);
                }
                drop(rows_tx);
                let issues = (
                    std::mem::take(&mut p.issues),
                    p.omitted,
                    std::mem::take(&mut p.warnings),
                );
                drop(p);
                // The read snapshot ends before the writer commits, so the commit's checkpoint
                // can copy the import into the database file.
                drop(snapshot);
                drop(reader);
                Ok(issues)
            },
        );
        let total = bytes.text.len();
        let rows = rows_rx.into_iter().flatten().map(|(r, end)| Item {
            line: r.line,
            action: r.action,
            delegate: Cow::Owned(r.delegate),
            done: (end, total),
            base: Cow::Owned(r.base),
            conflicts: Cow::Owned(r.conflicts),
        });
        let written = write_rows(&tx, &operator, &now, file, progress, rows, &|| {
            failed.load(Ordering::Relaxed)
        });
        let (issues, omitted, warnings) = planner
            .join()
            .unwrap_or(Err(CsvError::WorkerStopped("the checking thread")))?;
        if !issues.is_empty() {
            return Err(CsvError::Rejected {
                file: file.to_string(),
                issues,
                omitted,
                encoding: bytes.encoding,
            });
        }
        let (mut summary, log) = written?;
        summary.encoding = bytes.encoding;
        summary.warnings = warnings;
        finish(tx, &operator, &now, file, progress, summary, log)
    })
}

/// How many checked rows go to the writer at a time.
const PLAN_CHUNK: usize = 256;
