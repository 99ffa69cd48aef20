//! `accredit import delegates` on a CSV file: checking and writing at once, on two threads,
//! in one transaction that commits only when the whole file is clean.

use std::borrow::Cow;
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
    with_batch_cache(reg, |reg| {
        import_streaming(reg, reader, &file, base, &bytes, progress)
    })
}

/// Checked rows (with how far into the file they end) on their way to the writer.
type RowChunk = Vec<(PlannedRow, usize)>;

fn import_streaming(
    reg: &mut Registry,
    reader: rusqlite::Connection,
    file: &str,
    base: &Path,
    bytes: &Decoded,
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
