//! Writing an import: the checked rows in one transaction, audited, cancellable.

use std::borrow::Cow;
use std::sync::mpsc;

use super::CsvError;
use super::types::{ImportPlan, ImportSummary, RowAction};
use crate::progress::Progress;
use crate::registry::audit::{CreationLog, Creations};
use crate::registry::delegates::{self, Checker, PhotoUpdate};
use crate::registry::import_base::{self, CellConflict};
use crate::registry::{Delegate, Registry, RegistryError, now_rfc3339};

/// Writes a plan in one transaction: every delegate validated again and audited. Refuses a
/// plan with errors; when `progress.cancelled()` it rolls back and returns
/// [`CsvError::Cancelled`].
pub fn apply_import(
    reg: &mut Registry,
    plan: &ImportPlan,
    progress: &dyn Progress,
) -> Result<ImportSummary, CsvError> {
    if !plan.errors.is_empty() {
        return Err(CsvError::PlanHasErrors {
            count: plan.errors.len(),
        });
    }
    let total = plan.rows.len();
    let rows = plan.rows.iter().enumerate().map(|(i, r)| Item {
        line: r.line,
        action: r.action,
        delegate: Cow::Borrowed(&r.delegate),
        done: (i, total),
        base: Cow::Borrowed(&r.base),
        conflicts: Cow::Borrowed(&r.conflicts),
    });
    with_batch_cache(reg, |reg| {
        let operator = reg.operator().to_string();
        let tx = reg
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now = now_rfc3339();
        let (summary, log) = write_rows(&tx, &operator, &now, &plan.file, progress, rows, &|| false)?;
        if let Some(n) = &plan.nomination {
            super::nomination::record_return(&tx, n, &now)?;
        }
        finish(tx, &operator, &now, &plan.file, progress, summary, log)
    })
}

/// Applies a plan that was made whole (not streamed): a plan with problems gives
/// [`CsvError::Rejected`] with every problem, and nothing is written.
pub(super) fn apply_clean(
    reg: &mut Registry,
    plan: ImportPlan,
    progress: &dyn Progress,
) -> Result<ImportSummary, CsvError> {
    if !plan.errors.is_empty() {
        return Err(CsvError::Rejected {
            file: plan.file,
            issues: plan.errors,
            omitted: plan.omitted_errors,
            encoding: plan.encoding,
        });
    }
    let mut summary = apply_import(reg, &plan, progress)?;
    summary.encoding = plan.encoding;
    summary.warnings = plan.warnings;
    if let Some(n) = &plan.nomination {
        summary.notes = n.notes(&plan.file);
    }
    Ok(summary)
}

/// Runs `f` with a larger page cache, which keeps index pages from being spilled to the WAL
/// again and again during a batch, and gives the cache back afterwards.
pub(super) fn with_batch_cache<T>(
    reg: &mut Registry,
    f: impl FnOnce(&mut Registry) -> Result<T, CsvError>,
) -> Result<T, CsvError> {
    let cache: i64 = reg.conn().query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    reg.conn().pragma_update(None, "cache_size", -BATCH_CACHE_KIB)?;
    let result = f(reg);
    // The import is committed (or rolled back) by now: failing to give the cache back must
    // not report a committed import as failed. It only costs memory until the next open.
    let _ = reg.conn().pragma_update(None, "cache_size", cache);
    result
}

/// Page cache used while applying an import, in KiB.
const BATCH_CACHE_KIB: i64 = 16 * 1024;

/// One row to write.
pub(super) struct Item<'a> {
    pub(super) line: usize,
    pub(super) action: RowAction,
    pub(super) delegate: Cow<'a, Delegate>,
    /// Progress after this row: (done, total), in rows or bytes.
    pub(super) done: (usize, usize),
    /// What the file says about the person (key, values), remembered for the next import.
    pub(super) base: Cow<'a, (String, String)>,
    /// The cells in conflict (kept until resolved).
    pub(super) conflicts: Cow<'a, [CellConflict]>,
}

/// The author the history names for what an import changed: `import FILE (OPERATOR)` (the
/// file's name and who ran the import).
pub fn import_author(file: &str, operator: &str) -> String {
    let name = std::path::Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string());
    format!("import {name} ({operator})")
}

/// Writes rows in the open transaction `tx` until they run out, `stop()` says so or the user
/// cancels. Updates are audited one by one, by the import ([`import_author`]); the created delegates are gathered into a
/// [`CreationLog`] on a second thread while this one writes.
pub(super) fn write_rows<'a>(
    tx: &rusqlite::Transaction<'_>,
    operator: &str,
    now: &str,
    file: &str,
    progress: &dyn Progress,
    rows: impl Iterator<Item = Item<'a>>,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<(ImportSummary, Creations), CsvError> {
    let checker = Checker::load(tx)?;
    let author = import_author(file, operator);
    let mut summary = ImportSummary::default();
    let (to_log, from_rows) = mpsc::sync_channel::<Vec<(i64, Cow<'a, Delegate>)>>(64);
    let (result, log) = std::thread::scope(|s| {
        let logger = s.spawn(move || -> Result<Creations, RegistryError> {
            let mut log = CreationLog::default();
            for chunk in from_rows {
                for (id, d) in &chunk {
                    log.add(*id, &delegates::created_view(d, *id, now))?;
                }
            }
            log.finish()
        });
        let mut chunk = Vec::with_capacity(LOG_CHUNK);
        let mut result = Ok(());
        for (i, row) in rows.enumerate() {
            if i.is_multiple_of(256) {
                progress.set(row.done.0, row.done.1);
                if progress.cancelled() {
                    result = Err(CsvError::Cancelled);
                    break;
                }
                if stop() {
                    break;
                }
            }
            let line = row.line;
            let (base_key, values) = row.base.as_ref();
            let step = match row.action {
                RowAction::Insert => checker.checked(row.delegate).and_then(|d| {
                    let id = delegates::insert_unaudited(tx, &d, now)?;
                    let key = if d.external_id.is_some() {
                        base_key.clone()
                    } else {
                        format!("id:{id}")
                    };
                    import_base::store(tx, &key, file, values, now)?;
                    summary.imported += 1;
                    chunk.push((id, d));
                    if chunk.len() == LOG_CHUNK {
                        // The logger only stops early on an error, which join() reports.
                        let _ = to_log.send(std::mem::replace(&mut chunk, Vec::with_capacity(LOG_CHUNK)));
                    }
                    Ok(())
                }),
                RowAction::Update => {
                    delegates::update_checked(tx, &author, &checker, &row.delegate, PhotoUpdate::KeepWhenNone)
                        .and_then(|changed| {
                            import_base::store(tx, base_key, file, values, now)?;
                            let values: import_base::Values =
                                serde_json::from_str(values).unwrap_or_default();
                            import_base::record_conflicts(
                                tx,
                                row.delegate.id,
                                file,
                                now,
                                &values,
                                &row.conflicts,
                            )?;
                            if changed {
                                summary.updated += 1;
                            } else {
                                summary.unchanged += 1;
                            }
                            Ok(())
                        })
                }
            };
            if let Err(error) = step {
                result = Err(CsvError::Row { line, error });
                break;
            }
        }
        if !chunk.is_empty() {
            let _ = to_log.send(chunk);
        }
        drop(to_log);
        let log = logger
            .join()
            .map_err(|_| CsvError::WorkerStopped("the audit writer"));
        (result, log)
    });
    result?;
    Ok((summary, log??))
}

/// Records the import's audit entry (when it changed anything) and commits, unless the user
/// cancelled.
pub(super) fn finish(
    tx: rusqlite::Transaction<'_>,
    operator: &str,
    now: &str,
    file: &str,
    progress: &dyn Progress,
    summary: ImportSummary,
    log: Creations,
) -> Result<ImportSummary, CsvError> {
    if progress.cancelled() {
        return Err(CsvError::Cancelled);
    }
    // An import that changed nothing leaves no trace, so re-importing a file is harmless.
    if summary.imported + summary.updated > 0 {
        let entry = serde_json::json!({
            "file": file,
            "created": summary.imported,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
        });
        log.record(&tx, now, operator, file, &entry.to_string())?;
    }
    tx.commit()?;
    let total = summary.imported + summary.updated + summary.unchanged;
    progress.set(total, total);
    Ok(summary)
}

/// How many created delegates go to the audit writer at a time.
const LOG_CHUNK: usize = 512;
