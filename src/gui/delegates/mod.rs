//! The Delegates screen: a virtualised table of every delegate with search-as-you-type,
//! filters and sorting; the edit form (see [`crate::gui::form`]) opens beside it.
//!
//! The visible rows are recomputed only when the query, a filter, the sort or the data
//! changes, from a sorted index kept per sort key: a keystroke is one pass over the cached
//! folded strings, never a database query.
//!
//! Parts: this file (state, filtering, sorting), [`view`] (toolbar and table), [`apply`]
//! (what its commands do: open, save, status), [`unsaved`] (the guard of unsaved edits).

pub mod apply;
pub mod unsaved;
pub mod view;

pub use view::ui;

use std::collections::BTreeSet;

use crate::gui::context::Command;
use crate::gui::data::Data;
use crate::gui::form::EditForm;
use crate::registry::audit::AuditEntry;
use crate::registry::{Delegate, Status};

/// Which delegates the table shows besides the search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// One delegation (code).
    pub delegation: Option<String>,
    /// One status.
    pub status: Option<Status>,
    /// One category (code).
    pub category: Option<String>,
    /// Printed (current badge version) or not.
    pub printed: Option<bool>,
    /// Checked in at a door or not.
    pub checked_in: Option<bool>,
    /// Only delegates with an open conflict.
    pub conflicts: bool,
    /// One security vetting state (waiting, cleared, refused).
    pub vetting: Option<crate::registry::vetting::State>,
}

/// The column the table is sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortKey {
    /// Record id (order of entry).
    #[default]
    Id,
    /// Family name, then given name.
    Name,
    /// Delegation in protocol order.
    Delegation,
    /// Category code.
    Category,
    /// Status.
    Status,
}

/// State of the Delegates screen.
#[derive(Debug, Default)]
pub struct DelegatesView {
    /// The search text.
    pub query: String,
    /// The filters.
    pub filter: Filter,
    /// Sort column.
    pub sort: SortKey,
    /// Sort direction.
    pub descending: bool,
    /// Ticked delegates (for printing badges).
    pub selected: BTreeSet<i64>,
    /// The edit form, when a delegate is open.
    pub form: Option<EditForm>,
    /// Put the keyboard in the search field on the next frame.
    pub focus_search: bool,
    /// A command that would leave the form with unsaved edits, held until the user says
    /// save, discard or stay (see [`unsaved`]).
    pub leaving: Option<Command>,
    /// The row (index into the visible rows) that Down/Up in the search field moved to;
    /// Enter opens it.
    pub cursor: Option<usize>,
    /// The form was opened from the keyboard: its first field takes the keyboard.
    pub open_by_keyboard: bool,
    sorted: Vec<usize>,
    sorted_for: Option<(u64, SortKey, bool)>,
    visible: Vec<usize>,
    visible_for: Option<(u64, String, Filter, SortKey, bool)>,
}

impl DelegatesView {
    /// Opens a delegate in the edit form.
    pub fn open(&mut self, d: Delegate, history: Vec<AuditEntry>) {
        let mut form = EditForm::new(d, history);
        form.focus_first = std::mem::take(&mut self.open_by_keyboard);
        self.form = Some(form);
    }

    /// Recomputes the visible rows if anything they depend on changed.
    pub fn refresh(&mut self, data: &Data) {
        let sort_key = (data.generation, self.sort, self.descending);
        if self.sorted_for != Some(sort_key) {
            // One row added or changed since the last sort: only that row moves (a whole
            // sort of 100,000 rows would take longer than a frame).
            let one = data.changed_row.filter(|&(g, i)| {
                g == data.generation
                    && self.sorted_for == g.checked_sub(1).map(|p| (p, self.sort, self.descending))
                    && i < data.rows.len()
                    && self.sorted.len() + 1 >= data.rows.len()
            });
            match one {
                Some((_, i)) => move_row(&mut self.sorted, data, self.sort, self.descending, i),
                None => self.sorted = sorted_indices(data, self.sort, self.descending),
            }
            self.sorted_for = Some(sort_key);
            self.visible_for = None;
        }
        let key = (
            data.generation,
            self.query.clone(),
            self.filter.clone(),
            self.sort,
            self.descending,
        );
        if self.visible_for.as_ref() == Some(&key) {
            return;
        }
        let search = crate::registry::matching::Search::new(&self.query);
        let f = &self.filter;
        self.visible.clear();
        self.visible.extend(self.sorted.iter().copied().filter(|&i| {
            let Some(r) = data.rows.get(i) else { return false };
            f.delegation.as_ref().is_none_or(|c| &r.d.delegation == c)
                && f.status.is_none_or(|s| r.d.status == s)
                && f.category.as_ref().is_none_or(|c| &r.d.category == c)
                && f.printed.is_none_or(|p| r.d.is_printed() == p)
                && f.checked_in.is_none_or(|c| r.checked_in == c)
                && (!f.conflicts || data.conflicts.contains_key(&r.d.id))
                && f.vetting
                    .is_none_or(|v| crate::registry::vetting::State::of(&r.d.vetting) == v)
                && search.matches(&r.search)
        }));
        self.visible_for = Some(key);
    }

    /// Indices into `data.rows` of the rows shown, in order.
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }
}

/// The order of two rows under `key`, ties by their place in `data.rows` (the same order
/// as a stable sort of the indices).
fn cmp_rows(data: &Data, key: SortKey, a: usize, b: usize) -> std::cmp::Ordering {
    let rows = &data.rows;
    let by = match key {
        SortKey::Id => std::cmp::Ordering::Equal,
        SortKey::Name => rows[a].name_key.cmp(&rows[b].name_key),
        SortKey::Delegation => {
            let rank = |i: usize| {
                data.rank
                    .get(&rows[i].d.delegation)
                    .copied()
                    .unwrap_or(usize::MAX)
            };
            rank(a).cmp(&rank(b))
        }
        SortKey::Category => rows[a].d.category.cmp(&rows[b].d.category),
        SortKey::Status => rows[a].d.status.as_str().cmp(rows[b].d.status.as_str()),
    };
    by.then(a.cmp(&b))
}

fn sorted_indices(data: &Data, key: SortKey, descending: bool) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..data.rows.len()).collect();
    if key != SortKey::Id {
        idx.sort_by(|&a, &b| cmp_rows(data, key, a, b));
    }
    if descending {
        idx.reverse();
    }
    idx
}

/// Puts row `i` (new, or changed) at its place in `sorted` without sorting again.
fn move_row(sorted: &mut Vec<usize>, data: &Data, key: SortKey, descending: bool, i: usize) {
    if let Some(at) = sorted.iter().position(|&j| j == i) {
        sorted.remove(at);
    }
    let pos = sorted.partition_point(|&j| {
        let o = cmp_rows(data, key, j, i);
        if descending { o.is_gt() } else { o.is_lt() }
    });
    sorted.insert(pos, i);
}
