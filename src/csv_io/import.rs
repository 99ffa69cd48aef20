//! Import: plan (read and check everything, write nothing), then apply (one transaction);
//! or, for `accredit import delegates` on a database file, both at once on two threads, in
//! one transaction that commits only when the whole file is clean ([`import_file`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use super::reader::{Decoded, Encoding, Reader, Record, Source, decode};
use super::{
    CsvError, EXPORT_COLUMNS, IMPORT_COLUMNS, ImportIssue, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ISSUES,
    unneutralise,
};
use crate::progress::Progress;
use crate::registry::audit::{CreationLog, Creations};
use crate::registry::delegates::{self, Checker, PhotoUpdate};
use crate::registry::{Delegate, Registry, RegistryError, Status, limits, now_rfc3339, photo};

/// The columns an import understands, in [`EXPORT_COLUMNS`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    ExternalId,
    Delegation,
    Title,
    GivenName,
    FamilyName,
    NativeName,
    Function,
    Category,
    Email,
    Days,
    Zones,
    Photo,
    Id,
    Status,
    BadgeVersion,
}

const COLS: [Col; 15] = [
    Col::ExternalId,
    Col::Delegation,
    Col::Title,
    Col::GivenName,
    Col::FamilyName,
    Col::NativeName,
    Col::Function,
    Col::Category,
    Col::Email,
    Col::Days,
    Col::Zones,
    Col::Photo,
    Col::Id,
    Col::Status,
    Col::BadgeVersion,
];

impl Col {
    fn name(self) -> &'static str {
        EXPORT_COLUMNS[self as usize]
    }
    fn parse(name: &str) -> Option<Self> {
        COLS.iter().copied().find(|c| c.name() == name)
    }
}

/// Whether a planned row adds a delegate or changes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    /// A new delegate.
    Insert,
    /// An existing delegate (`delegate.id`), matched by external_id or id.
    Update,
}

/// One row of a plan: what will be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRow {
    /// Line of the file on which the row starts.
    pub line: usize,
    /// Insert or update.
    pub action: RowAction,
    /// The delegate as it will be stored (normalised; for an update, `id` is set and a `None`
    /// photo keeps the stored one).
    pub delegate: Delegate,
}

/// What an import would do; made by [`plan_import`] without writing anything.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    /// The file, as given.
    pub file: String,
    /// The rows to store, in file order (empty when the header is unusable).
    pub rows: Vec<PlannedRow>,
    /// The problems found, in file order: the first [`MAX_ISSUES`]. A plan with problems
    /// cannot be applied.
    pub errors: Vec<ImportIssue>,
    /// How many more problems were found than are in `errors`.
    pub omitted_errors: usize,
    /// The encoding the file was read in (anything but UTF-8 deserves a warning, see
    /// [`Encoding::warning`]).
    pub encoding: Encoding,
}

impl ImportPlan {
    /// Rows that add a delegate.
    pub fn inserts(&self) -> usize {
        self.rows.iter().filter(|r| r.action == RowAction::Insert).count()
    }
    /// Rows that match an existing delegate.
    pub fn updates(&self) -> usize {
        self.rows.iter().filter(|r| r.action == RowAction::Update).count()
    }
}

/// What [`apply_import`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    /// Delegates added.
    pub imported: usize,
    /// Existing delegates changed.
    pub updated: usize,
    /// Rows matching an existing delegate that changed nothing.
    pub unchanged: usize,
    /// The encoding the file was read in.
    pub encoding: Encoding,
}

/// The line `accredit import delegates` prints on success, exactly as the contract says:
/// `imported N, updated M` (rows that changed nothing are not counted in either).
impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "imported {}, updated {}", self.imported, self.updated)
    }
}

/// Reads and checks an import file; writes nothing. Content problems are in
/// [`ImportPlan::errors`]; `Err` only when the file cannot be read or the database fails.
pub fn plan_import(reg: &Registry, path: &Path) -> Result<ImportPlan, CsvError> {
    if super::excel::is_workbook(path) {
        return super::excel::plan_workbook(reg, path);
    }
    let bytes = read_import_file(path)?;
    let base = path.parent().unwrap_or(Path::new(""));
    plan_decoded(reg, &path.display().to_string(), base, decode(bytes))
}

/// Like [`plan_import`] for a file already in memory: `file` names it in messages, photo
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
fn undecodable(file: &str, message: String) -> ImportIssue {
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
        encoding: Encoding::default(),
    })
}

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
    });
    with_batch_cache(reg, |reg| {
        let operator = reg.operator().to_string();
        let tx = reg
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now = now_rfc3339();
        let (summary, log) = write_rows(&tx, &operator, &now, progress, rows, &|| false)?;
        finish(tx, &operator, &now, &plan.file, progress, summary, log)
    })
}

/// Plans and, when the file is clean, applies an import. A file with problems gives
/// [`CsvError::Rejected`] with every problem, and nothing is written.
///
/// On a database file, checking and writing go on at once: the write lock is taken, the
/// rows are checked on a second thread against a read snapshot of the database as it is
/// (what [`plan_import`] would see) and written as they come, in one transaction that is
/// rolled back if any row has a problem. In memory, the file is planned first, then applied.
pub fn import_file(
    reg: &mut Registry,
    path: &Path,
    progress: &dyn Progress,
) -> Result<ImportSummary, CsvError> {
    if super::excel::is_workbook(path) {
        return super::excel::import_workbook(reg, path, progress);
    }
    let Some(reader) = reg.reader()? else {
        let plan = plan_import(reg, path)?;
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
        return Ok(summary);
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

/// Reads an import file: a regular file of at most [`MAX_FILE_BYTES`] (a FIFO, a device such
/// as /dev/zero, a folder or a larger file is an error that says so).
fn read_import_file(path: &Path) -> Result<Vec<u8>, CsvError> {
    photo::read_regular(path, MAX_FILE_BYTES, "CSV")
        .map_err(|error| crate::io_error::IoError::new("cannot read the import file", path, error).into())
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
        let planner = s.spawn(move || -> Result<(Vec<ImportIssue>, usize), CsvError> {
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
                        let _ = rows_tx.send(std::mem::replace(&mut chunk, Vec::with_capacity(PLAN_CHUNK)));
                    }
                },
            )?;
            if !chunk.is_empty() && !failed.load(Ordering::Relaxed) {
                let _ = rows_tx.send(chunk);
            }
            drop(rows_tx);
            let issues = (std::mem::take(&mut p.issues), p.omitted);
            drop(p);
            // The read snapshot ends before the writer commits, so the commit's checkpoint
            // can copy the import into the database file.
            drop(snapshot);
            drop(reader);
            Ok(issues)
        });
        let total = bytes.text.len();
        let rows = rows_rx.into_iter().flatten().map(|(r, end)| Item {
            line: r.line,
            action: r.action,
            delegate: Cow::Owned(r.delegate),
            done: (end, total),
        });
        let written = write_rows(&tx, &operator, &now, progress, rows, &|| {
            failed.load(Ordering::Relaxed)
        });
        let (issues, omitted) = planner
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
        finish(tx, &operator, &now, file, progress, summary, log)
    })
}

/// How many checked rows go to the writer at a time.
const PLAN_CHUNK: usize = 256;

/// Runs `f` with a larger page cache, which keeps index pages from being spilled to the WAL
/// again and again during a batch, and gives the cache back afterwards.
fn with_batch_cache<T>(
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
struct Item<'a> {
    line: usize,
    action: RowAction,
    delegate: Cow<'a, Delegate>,
    /// Progress after this row: (done, total), in rows or bytes.
    done: (usize, usize),
}

/// Writes rows in the open transaction `tx` until they run out, `stop()` says so or the user
/// cancels. Updates are audited one by one; the created delegates are gathered into a
/// [`CreationLog`] on a second thread while this one writes.
fn write_rows<'a>(
    tx: &rusqlite::Transaction<'_>,
    operator: &str,
    now: &str,
    progress: &dyn Progress,
    rows: impl Iterator<Item = Item<'a>>,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<(ImportSummary, Creations), CsvError> {
    let checker = Checker::load(tx)?;
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
            let step = match row.action {
                RowAction::Insert => checker.checked(row.delegate).and_then(|d| {
                    let id = delegates::insert_unaudited(tx, &d, now)?;
                    summary.imported += 1;
                    chunk.push((id, d));
                    if chunk.len() == LOG_CHUNK {
                        // The logger only stops early on an error, which join() reports.
                        let _ = to_log.send(std::mem::replace(&mut chunk, Vec::with_capacity(LOG_CHUNK)));
                    }
                    Ok(())
                }),
                RowAction::Update => delegates::update_checked(
                    tx,
                    operator,
                    &checker,
                    &row.delegate,
                    PhotoUpdate::KeepWhenNone,
                )
                .map(|changed| {
                    if changed {
                        summary.updated += 1;
                    } else {
                        summary.unchanged += 1;
                    }
                }),
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
fn finish(
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

/// The column named in problems that concern the file or its header as a whole.
const HEADER: &str = "header";

/// The name of column `i`, or of the last column when `i` is past the end (an extra field).
fn column_at(cols: &[Col], i: usize) -> &'static str {
    cols.get(i).or(cols.last()).map_or(HEADER, |c| c.name())
}

struct Planner<'a> {
    conn: &'a rusqlite::Connection,
    /// Set on the first problem (when checking and writing go on at once).
    failed: Option<&'a AtomicBool>,
    checker: Checker,
    external_ids: HashMap<String, i64>,
    file: String,
    base: PathBuf,
    issues: Vec<ImportIssue>,
    /// Problems found beyond the first [`MAX_ISSUES`] (counted, not kept).
    omitted: usize,
    seen_external: HashMap<String, usize>,
    seen_target: HashMap<i64, usize>,
    /// `id` cells of rows that add a delegate (an export from another database), by line.
    seen_foreign_id: HashMap<i64, usize>,
}

/// Where a problem is: the record's first and last line.
#[derive(Clone, Copy)]
struct At {
    line: usize,
    last_line: usize,
}

impl<'a> Planner<'a> {
    fn new(
        conn: &'a rusqlite::Connection,
        file: &str,
        base: &Path,
        failed: Option<&'a AtomicBool>,
    ) -> Result<Self, CsvError> {
        Ok(Self {
            conn,
            failed,
            checker: Checker::load(conn)?,
            external_ids: delegates::external_ids(conn)?,
            file: file.to_string(),
            base: base.to_path_buf(),
            issues: Vec::new(),
            omitted: 0,
            seen_external: HashMap::new(),
            seen_target: HashMap::new(),
            seen_foreign_id: HashMap::new(),
        })
    }

    fn issue(&mut self, at: At, column: &str, message: impl Into<String>) {
        if let Some(failed) = self.failed {
            failed.store(true, Ordering::Relaxed);
        }
        // Memory and output stay bounded whatever the file: the rest are only counted.
        if self.issues.len() >= MAX_ISSUES {
            self.omitted += 1;
            return;
        }
        let mut message = message.into();
        if at.last_line > at.line {
            message.push_str(&format!(" (record on lines {}-{})", at.line, at.last_line));
        }
        self.issues.push(ImportIssue {
            file: self.file.clone(),
            line: at.line,
            column: Some(column.to_string()),
            cell: None,
            message,
        });
    }

    /// Checks every record; each good row goes to `sink` with the file offset where it ends.
    fn run(
        &mut self,
        reader: &mut dyn Source,
        sink: &mut dyn FnMut(PlannedRow, usize),
    ) -> Result<(), CsvError> {
        let mut rec = Record::default();
        let first = At {
            line: 1,
            last_line: 1,
        };
        let cols = match reader.read(&mut rec) {
            None => {
                self.issue(
                    first,
                    HEADER,
                    format!(
                        "the file is empty; the first line must be the header, for example: {}",
                        IMPORT_COLUMNS.join(",")
                    ),
                );
                return Ok(());
            }
            Some(Err(e)) => {
                let at = At {
                    line: e.line,
                    last_line: e.last_line,
                };
                // Name the header field by what was read of it, when that is a usable name.
                let name = std::str::from_utf8(rec.partial())
                    .map(str::trim)
                    .ok()
                    .filter(|n| !n.is_empty() && n.len() <= 40 && !n.contains(['\n', '\r', ':']))
                    .unwrap_or(HEADER)
                    .to_string();
                self.issue(at, &name, format!("header field {}: {}", e.field + 1, e.message));
                return Ok(());
            }
            Some(Ok(())) => match self.header(&rec) {
                Some(cols) => cols,
                None => return Ok(()),
            },
        };
        let header_line = rec.line;
        let mut rows = 0usize;
        while let Some(res) = reader.read(&mut rec) {
            match res {
                Err(e) => {
                    let at = At {
                        line: e.line,
                        last_line: e.last_line,
                    };
                    self.issue(at, column_at(&cols, e.field), e.message);
                }
                Ok(()) if rec.is_blank() => {}
                Ok(()) => {
                    if let Some(row) = self.row(&cols, &rec)? {
                        rows += 1;
                        sink(row, reader.position());
                    }
                }
            }
        }
        if rows == 0 && self.issues.is_empty() {
            let at = At {
                line: header_line,
                last_line: header_line,
            };
            self.issue(
                at,
                HEADER,
                "the file has a header but no delegates; add one row per delegate below it",
            );
        }
        Ok(())
    }

    fn header(&mut self, rec: &Record) -> Option<Vec<Col>> {
        let at = At {
            line: rec.line,
            last_line: rec.last_line,
        };
        let before = self.issues.len() + self.omitted;
        if rec.len() > MAX_COLUMNS {
            self.issue(
                at,
                HEADER,
                format!(
                    "the header has {} fields, more than the {MAX_COLUMNS} an import file may have; \
                     the columns are {} (and {} from an export)",
                    rec.len(),
                    IMPORT_COLUMNS.join(", "),
                    EXPORT_COLUMNS[IMPORT_COLUMNS.len()..].join(", ")
                ),
            );
            return None;
        }
        let mut cols = Vec::with_capacity(rec.len());
        for i in 0..rec.len() {
            let raw = rec.get(i).unwrap_or_default();
            let Ok(name) = std::str::from_utf8(raw) else {
                let lossy = String::from_utf8_lossy(raw).trim().replace(':', "_");
                self.issue(
                    at,
                    &lossy,
                    format!(
                        "header field {} is not valid UTF-8; save the file as UTF-8",
                        i + 1
                    ),
                );
                continue;
            };
            let name = name.trim();
            let lower = name.to_ascii_lowercase();
            match Col::parse(&lower) {
                _ if name.is_empty() => {
                    self.issue(
                        at,
                        "\"\"",
                        format!("header field {} has no name; remove the empty column", i + 1),
                    );
                }
                None => self.issue(
                    at,
                    name,
                    format!(
                        "unknown column; the columns are {} (and {} from an export)",
                        IMPORT_COLUMNS.join(", "),
                        EXPORT_COLUMNS[IMPORT_COLUMNS.len()..].join(", ")
                    ),
                ),
                Some(c) if cols.contains(&c) => {
                    self.issue(at, c.name(), "appears twice in the header; keep one")
                }
                Some(c) => cols.push(c),
            }
        }
        for required in [Col::Delegation, Col::FamilyName] {
            if !cols.contains(&required) {
                self.issue(at, required.name(), "missing from the header (required)");
            }
        }
        (self.issues.len() + self.omitted == before).then_some(cols)
    }

    /// Checks one record; problems go to `self.issues` and give `None`.
    fn row(&mut self, cols: &[Col], rec: &Record) -> Result<Option<PlannedRow>, CsvError> {
        let at = At {
            line: rec.line,
            last_line: rec.last_line,
        };
        if rec.len() != cols.len() {
            // Name the first column without a value, or the last one when there are too many.
            let (column, what) = if rec.len() < cols.len() {
                (
                    column_at(cols, rec.len()),
                    "this column and those after it have no value",
                )
            } else {
                (
                    column_at(cols, cols.len()),
                    "there are values after this last column",
                )
            };
            self.issue(
                at,
                column,
                format!(
                    "{} fields, but the header has {}: {what}; check for a missing or extra comma \
                     (a value containing a comma must be in double quotes)",
                    rec.len(),
                    cols.len()
                ),
            );
            return Ok(None);
        }
        let before = self.issues.len() + self.omitted;
        let mut vals: [Option<&str>; COLS.len()] = [None; COLS.len()];
        for (i, &c) in cols.iter().enumerate() {
            let raw = rec.get(i).unwrap_or_default();
            if raw.len() > limits::MAX_CELL_BYTES {
                let msg = format!(
                    "the value is {} bytes long, more than any field may hold ({} characters at most); \
                     check for a missing closing quote",
                    raw.len(),
                    limits::max_chars(c.name())
                );
                self.issue(at, c.name(), msg);
                continue;
            }
            match std::str::from_utf8(raw) {
                Ok(s) => {
                    let v = unneutralise(s.trim());
                    match limits::check_text(c.name(), v) {
                        Ok(()) => vals[c as usize] = Some(v),
                        Err(msg) => self.issue(at, c.name(), msg),
                    }
                }
                Err(e) => {
                    let bad = raw.get(e.valid_up_to()).copied().unwrap_or(0);
                    self.issue(
                        at,
                        c.name(),
                        format!(
                            "invalid UTF-8 (byte 0x{bad:02X} after {:?}); save the file as UTF-8",
                            String::from_utf8_lossy(&raw[..e.valid_up_to()])
                        ),
                    );
                }
            }
        }
        let get = |c: Col| vals[c as usize];
        let conn = self.conn;

        // Which delegate the row is about: a known external_id names it (an `id` beside it
        // must agree); else an `id` names it (and an unknown external_id is stored on it,
        // as when someone adds an external_id to an exported row); else it is new.
        let external_id = get(Col::ExternalId).filter(|s| !s.is_empty());
        let id = get(Col::Id).filter(|s| !s.is_empty());
        let mut existing: Option<Delegate> = None;
        if let Some(ext) = external_id {
            if let Some(first) = self.seen_external.get(ext) {
                let msg = format!("{ext:?} is also on line {first}; each person may appear only once");
                self.issue(at, "external_id", msg);
            } else {
                self.seen_external.insert(ext.to_string(), at.line);
            }
        }
        match (external_id, id) {
            (Some(ext), id) if self.external_ids.contains_key(ext) => {
                let known = self.external_ids[ext];
                if let Some(id) = id
                    && id.parse::<i64>().ok() != Some(known)
                {
                    let msg = format!(
                        "{id:?} does not match external_id {ext:?}, which is delegate {known}; \
                         correct the id or leave it empty"
                    );
                    self.issue(at, "id", msg);
                }
                existing = delegates::get_without_photo(conn, known)?;
            }
            (ext, Some(id)) => {
                if let Some(d) = self.by_id(at, id)? {
                    match (&d.external_id, ext) {
                        (Some(has), Some(ext)) => {
                            let msg = format!(
                                "delegate {} already has external_id {has:?}, not {ext:?}; \
                                 correct one of the two columns",
                                d.id
                            );
                            self.issue(at, "id", msg);
                        }
                        (Some(has), None) => {
                            let msg = format!(
                                "delegate {} has external_id {has:?}; put it in the external_id column to update it",
                                d.id
                            );
                            self.issue(at, "id", msg);
                        }
                        (None, _) => existing = Some(d),
                    }
                }
            }
            _ => {}
        }
        if let Some(d) = &existing
            && let Some(first) = self.seen_target.insert(d.id, at.line)
        {
            let msg = format!(
                "line {first} already updates delegate {}; each person may appear only once",
                d.id
            );
            let column = if external_id.is_some() {
                "external_id"
            } else {
                "id"
            };
            self.issue(at, column, msg);
        }
        let action = if existing.is_some() {
            RowAction::Update
        } else {
            RowAction::Insert
        };
        let mut d = existing.unwrap_or_default();
        if get(Col::ExternalId).is_some() {
            d.external_id = external_id.map(str::to_string);
        }
        let set = |target: &mut String, v: Option<&str>| {
            if let Some(v) = v {
                v.clone_into(target);
            }
        };
        set(&mut d.title, get(Col::Title));
        set(&mut d.given_name, get(Col::GivenName));
        set(&mut d.native_name, get(Col::NativeName));
        set(&mut d.function, get(Col::Function));

        let mut default_category = None;
        match get(Col::Delegation) {
            Some("") => self.issue(
                at,
                "delegation",
                "is required (a code from `accredit registry list`)",
            ),
            Some(code) => match self.checker.delegation(code) {
                Some(del) => {
                    d.delegation = del.code.clone();
                    default_category = Some(del.default_category.clone());
                }
                None => self.issue(
                    at,
                    "delegation",
                    format!("unknown delegation {code:?}; see `accredit registry list`"),
                ),
            },
            None => {}
        }
        match get(Col::FamilyName) {
            Some("") => self.issue(at, "family_name", "is required"),
            Some(v) => v.clone_into(&mut d.family_name),
            None => {}
        }
        match get(Col::Category) {
            Some("") => d.category = default_category.unwrap_or_default(),
            Some(v) => {
                let code = v.to_ascii_uppercase();
                if self.checker.event().category(&code).is_some() {
                    d.category = code;
                } else {
                    let known: Vec<&str> = self
                        .checker
                        .event()
                        .categories
                        .iter()
                        .map(|c| c.code.as_str())
                        .collect();
                    let msg = format!("unknown category {v:?}; one of {}", known.join(", "));
                    self.issue(at, "category", msg);
                }
            }
            None if action == RowAction::Insert => d.category = default_category.unwrap_or_default(),
            None => {}
        }
        if let Some(v) = get(Col::Email) {
            if !v.is_empty() && (!v.contains('@') || v.contains(char::is_whitespace)) {
                self.issue(at, "email", format!("{v:?} is not an e-mail address"));
            }
            v.clone_into(&mut d.email);
        }
        if let Some(v) = get(Col::Days) {
            d.days = self.days(at, v);
        }
        if let Some(v) = get(Col::Zones) {
            d.zones = self.zones(at, v);
        }
        match get(Col::Photo) {
            Some("") | None => d.photo = None,
            Some(v) => {
                let path = self.base.join(v);
                match photo::load(&path) {
                    Ok(bytes) => d.photo = Some(bytes),
                    Err(RegistryError::Io(crate::io_error::IoError { error: source, .. })) => {
                        let msg = format!(
                            "cannot read the photo {}: {source} (the path is relative to the CSV file's folder)",
                            path.display()
                        );
                        self.issue(at, "photo", msg);
                    }
                    Err(e) => self.issue(at, "photo", format!("{}: {e}", path.display())),
                }
            }
        }
        match get(Col::Status) {
            Some("") | None => {}
            Some(v) => match Status::parse(v) {
                Some(s) => d.status = s,
                None => self.issue(
                    at,
                    "status",
                    format!("unknown status {v:?}; one of pending, accredited, rejected, withdrawn"),
                ),
            },
        }
        if let Some(v) = get(Col::BadgeVersion).filter(|v| !v.is_empty())
            && v.parse::<u32>().is_err()
        {
            let msg =
                format!("{v:?} is not a whole number (the column is informational; use `accredit reissue`)");
            self.issue(at, "badge_version", msg);
        }
        if self.issues.len() + self.omitted > before {
            return Ok(None);
        }
        match self.checker.normalise(d) {
            Ok(delegate) => Ok(Some(PlannedRow {
                line: at.line,
                action,
                delegate,
            })),
            Err(RegistryError::Invalid { field, message }) => {
                self.issue(at, &field, message);
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The delegate an `id` cell names. An id unknown here (with an external_id unknown
    /// here, or none) is an export from another database: `None`, and the row adds a delegate
    /// (the other database's id is not kept). A problem (not a number, the same unknown id
    /// twice) goes to `self.issues` and gives `None`.
    fn by_id(&mut self, at: At, id: &str) -> Result<Option<Delegate>, CsvError> {
        match id.parse::<i64>() {
            Ok(n) if n > 0 => {
                let d = delegates::get_without_photo(self.conn, n)?;
                if d.is_none()
                    && let Some(first) = self.seen_foreign_id.insert(n, at.line)
                {
                    let msg = format!("id {n} is also on line {first}; each person may appear only once");
                    self.issue(at, "id", msg);
                }
                Ok(d)
            }
            _ => {
                self.issue(at, "id", format!("{id:?} is not a delegate id (a whole number)"));
                Ok(None)
            }
        }
    }

    fn days(&mut self, at: At, v: &str) -> Vec<String> {
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        let mut out = Vec::new();
        for day in v.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            if time::Date::parse(day, &fmt).is_err() {
                let msg = format!("{day:?} is not a date like 2015-07-06 (separate days with ;)");
                self.issue(at, "days", msg);
            } else if !self.checker.event().has_day(day) {
                let days: Vec<&str> = self
                    .checker
                    .event()
                    .days
                    .iter()
                    .map(|d| d.date.as_str())
                    .collect();
                let msg = format!("{day} is not a day of the event ({})", days.join(", "));
                self.issue(at, "days", msg);
            } else {
                out.push(day.to_string());
            }
        }
        out
    }

    fn zones(&mut self, at: At, v: &str) -> Vec<String> {
        let mut out = Vec::new();
        for zone in v.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let code = zone.to_ascii_uppercase();
            if self.checker.event().has_zone(&code) {
                out.push(code);
            } else {
                let zones: Vec<&str> = self
                    .checker
                    .event()
                    .zones
                    .iter()
                    .map(|z| z.code.as_str())
                    .collect();
                let msg = format!("unknown zone {zone:?}; one of {}", zones.join(", "));
                self.issue(at, "zones", msg);
            }
        }
        out
    }
}
