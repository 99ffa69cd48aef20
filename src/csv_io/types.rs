//! What an import plans and what it did: the types every step of the import shares.

use super::ImportIssue;
use super::decode::Encoding;
use crate::registry::Delegate;
use crate::registry::import_base::{CellConflict, FieldChange};

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
    /// photo keeps the stored one; merged three ways with what the file said last time, see
    /// [`crate::registry::import_base`]).
    pub delegate: Delegate,
    /// The reason stored with the status of a new delegate, such as `over quota (DEL 5 of
    /// 4)` (see [`crate::registry::nominations::QuotaCounter`]).
    pub reason: Option<String>,
    /// For an update: every field that changes, before -> after (empty: the row changes nothing).
    pub changes: Vec<FieldChange>,
    /// For an update: the cells both the file and the desk changed since the last import (the
    /// desk's value is kept).
    pub conflicts: Vec<CellConflict>,
    /// What this file says about the person (key, the values of its columns as a JSON object:
    /// one string per row, so a plan of 200,000 rows stays small), remembered for the next
    /// import's merge.
    pub base: (String, String),
    /// The file's columns that merge field by field (what `base` holds).
    pub present: Vec<&'static str>,
}

/// What an import would do; made by [`super::plan_import`] without writing anything.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    /// The file, as given.
    pub file: String,
    /// The rows to store, in file order (empty when the header is unusable).
    pub rows: Vec<PlannedRow>,
    /// The problems found, in file order: the first [`super::MAX_ISSUES`]. A plan with problems
    /// cannot be applied.
    pub errors: Vec<ImportIssue>,
    /// How many more problems were found than are in `errors`.
    pub omitted_errors: usize,
    /// Warnings that do not stop the import (an identity document expiring before the
    /// event's last day, naming the person), in file order.
    pub warnings: Vec<ImportIssue>,
    /// The encoding the file was read in (anything but UTF-8 deserves a warning, see
    /// [`Encoding::warning`]).
    pub encoding: Encoding,
    /// For a returned nomination workbook: its delegation, its status against quota and each
    /// row's result (recorded with the import).
    pub nomination: Option<Box<super::nomination::NominationReturn>>,
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
    /// Rows that match an existing delegate and change something.
    pub fn changing(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.action == RowAction::Update && !r.changes.is_empty())
            .count()
    }
    /// Cells in conflict (changed both in the file and at the desk since the last import).
    pub fn conflicts(&self) -> usize {
        self.rows.iter().map(|r| r.conflicts.len()).sum()
    }
}

/// What [`super::apply_import`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportSummary {
    /// Delegates added.
    pub imported: usize,
    /// Existing delegates changed.
    pub updated: usize,
    /// Rows matching an existing delegate that changed nothing.
    pub unchanged: usize,
    /// The encoding the file was read in.
    pub encoding: Encoding,
    /// The plan's warnings ([`ImportPlan::warnings`]).
    pub warnings: Vec<ImportIssue>,
    /// What a returned nomination workbook did beyond the counts: its delegation and quota
    /// status, the rows over quota, the desk's edits kept (see
    /// [`super::nomination::NominationReturn::notes`]).
    pub notes: Vec<String>,
}

/// The line `accredit import delegates` prints on success, exactly as the contract says:
/// `imported N, updated M` (rows that changed nothing are not counted in either).
impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "imported {}, updated {}", self.imported, self.updated)
    }
}
