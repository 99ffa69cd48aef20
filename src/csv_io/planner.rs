//! Checking an import file: the header, then each record ([`Planner::row`], in
//! [`super::row`]), every problem kept with its line and column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::columns::{Col, HEADER, column_at};
use super::reader::{Record, Source};
use super::types::PlannedRow;
use super::{CsvError, EXPORT_ONLY_COLUMNS, IMPORT_COLUMNS, ImportIssue, MAX_COLUMNS, MAX_ISSUES};
use crate::registry::delegates::{self, Checker};

/// Checks the records of one file against the registry (a read snapshot of it).
pub(super) struct Planner<'a> {
    pub(super) conn: &'a rusqlite::Connection,
    /// Set on the first problem (when checking and writing go on at once).
    pub(super) failed: Option<&'a AtomicBool>,
    pub(super) checker: Checker,
    pub(super) external_ids: HashMap<String, i64>,
    pub(super) file: String,
    pub(super) base: PathBuf,
    pub(super) issues: Vec<ImportIssue>,
    /// Warnings (an identity document expiring before the event ends): the import goes on.
    pub(super) warnings: Vec<ImportIssue>,
    /// Problems found beyond the first [`MAX_ISSUES`] (counted, not kept).
    pub(super) omitted: usize,
    pub(super) seen_external: HashMap<String, usize>,
    pub(super) seen_target: HashMap<i64, usize>,
    /// `id` cells of rows that add a delegate (an export from another database), by line.
    pub(super) seen_foreign_id: HashMap<i64, usize>,
}

/// Where a problem is: the record's first and last line.
#[derive(Clone, Copy)]
pub(super) struct At {
    pub(super) line: usize,
    pub(super) last_line: usize,
}

impl<'a> Planner<'a> {
    pub(super) fn new(
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
            warnings: Vec::new(),
            omitted: 0,
            seen_external: HashMap::new(),
            seen_target: HashMap::new(),
            seen_foreign_id: HashMap::new(),
        })
    }

    pub(super) fn issue(&mut self, at: At, column: &str, message: impl Into<String>) {
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
    pub(super) fn run(
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
                    EXPORT_ONLY_COLUMNS.join(", ")
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
                        EXPORT_ONLY_COLUMNS.join(", ")
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
}
