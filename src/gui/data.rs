//! The app's in-memory copy of the registry, rebuilt only when the data changes.
//!
//! The table, search and counts read this cache; no screen queries SQLite per frame (the
//! cache is filled by the registry's and the scan log's query functions).
//! Each row keeps its search text folded once (lower case, accents removed), so a
//! keystroke in the search field is a scan of prepared strings.

use std::collections::{HashMap, HashSet};

use crate::Registry;
use crate::registry::matching;
use crate::registry::{Delegate, Delegation, DelegationKind, Event, NameOrder, RegistryError, Status};

/// One delegate as the tables show it.
#[derive(Debug, Clone)]
pub struct Row {
    /// The record (photo left out).
    pub d: Delegate,
    /// "Title Given FAMILY".
    pub name: String,
    /// The delegation's name in the chosen order's language.
    pub delegation_name: String,
    /// Folded name, native name, delegation code and names, external id.
    pub search: String,
    /// Folded family name, then folded given name: the sort key for names.
    pub name_key: String,
    /// Whether the delegate has been admitted at a door at least once.
    pub checked_in: bool,
}

/// Counts for one delegation or category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Every delegate of any status.
    pub nominated: usize,
    /// Accredited delegates.
    pub accredited: usize,
    /// Accredited delegates whose current badge is printed.
    pub printed: usize,
    /// Delegates admitted at a door at least once.
    pub checked_in: usize,
}

impl Counts {
    fn add(&mut self, r: &Row) {
        self.nominated += 1;
        if r.d.status == Status::Accredited {
            self.accredited += 1;
            if r.d.is_printed() {
                self.printed += 1;
            }
        }
        if r.checked_in {
            self.checked_in += 1;
        }
    }

    fn remove(&mut self, r: &Row) {
        self.nominated = self.nominated.saturating_sub(1);
        if r.d.status == Status::Accredited {
            self.accredited = self.accredited.saturating_sub(1);
            if r.d.is_printed() {
                self.printed = self.printed.saturating_sub(1);
            }
        }
        if r.checked_in {
            self.checked_in = self.checked_in.saturating_sub(1);
        }
    }
}

/// The cache.
#[derive(Debug, Clone)]
pub struct Data {
    /// The event.
    pub event: Event,
    /// Delegations in protocol order.
    pub delegations: Vec<Delegation>,
    /// Every delegate, in id order.
    pub rows: Vec<Row>,
    /// Counts per delegation code.
    pub per_delegation: HashMap<String, Counts>,
    /// Counts per category code.
    pub per_category: HashMap<String, Counts>,
    /// Protocol rank of each delegation code.
    pub rank: HashMap<String, usize>,
    /// Bumped on every change; views recompute when it moves.
    pub generation: u64,
    /// When the last change was to one row only: the generation it made and the row's
    /// index (a sorted view then moves that row instead of sorting everything again).
    pub changed_row: Option<(u64, usize)>,
    /// The language of protocol order.
    pub order: NameOrder,
    /// Whether this database is a door station copy (cannot print or reissue).
    pub door_copy: bool,
    /// The event's nomination quotas (see [`crate::registry::nominations`]).
    pub quotas: Vec<crate::registry::nominations::Quota>,
    /// Delegates neither rejected nor withdrawn, per (delegation, category): what counts
    /// against a quota.
    pub counted: HashMap<(String, String), usize>,
    index: HashMap<i64, usize>,
    by_external: HashMap<String, i64>,
    /// Open conflicts by delegate (desks that changed a field concurrently, a re-import).
    pub conflicts: HashMap<i64, Vec<crate::registry::conflicts::Conflict>>,
    /// The certified stations known here (desks first, then doors), for the Stations screen.
    pub stations: Vec<crate::registry::station::Certificate>,
}

impl Data {
    /// Loads everything from the registry.
    pub fn load(reg: &Registry, order: NameOrder) -> Result<Self, RegistryError> {
        let mut data = Self::without_delegates(reg, order)?;
        data.reload(reg)?;
        Ok(data)
    }

    /// The event and delegations only, no delegates yet: what the first frame shows while
    /// the delegates load on a worker thread.
    pub fn without_delegates(reg: &Registry, order: NameOrder) -> Result<Self, RegistryError> {
        let mut data = Self {
            event: reg.event()?,
            delegations: Vec::new(),
            rows: Vec::new(),
            per_delegation: HashMap::new(),
            per_category: HashMap::new(),
            rank: HashMap::new(),
            generation: 0,
            changed_row: None,
            order,
            door_copy: reg.is_door_copy()?,
            quotas: crate::registry::nominations::quotas(reg.conn())?,
            counted: HashMap::new(),
            index: HashMap::new(),
            by_external: HashMap::new(),
            conflicts: HashMap::new(),
            stations: Vec::new(),
        };
        data.delegations = reg.delegations(order)?;
        data.rank = data
            .delegations
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code.clone(), i))
            .collect();
        data.reindex();
        Ok(data)
    }

    /// Reloads everything (after an import, a print, a scan batch).
    pub fn reload(&mut self, reg: &Registry) -> Result<(), RegistryError> {
        self.event = reg.event()?;
        self.quotas = crate::registry::nominations::quotas(reg.conn())?;
        self.delegations = reg.delegations(self.order)?;
        self.rank = self
            .delegations
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code.clone(), i))
            .collect();
        let admitted = crate::checkin::admitted_serials(reg)?;
        let names: HashMap<&str, &Delegation> =
            self.delegations.iter().map(|d| (d.code.as_str(), d)).collect();
        self.rows = reg
            .delegates()?
            .into_iter()
            .map(|d| table_row(d, &names, self.order, &admitted))
            .collect();
        self.load_conflicts(reg)?;
        self.reindex();
        Ok(())
    }

    /// Reads the open conflicts again (after a merge, a resolution, an import).
    pub fn load_conflicts(&mut self, reg: &Registry) -> Result<(), RegistryError> {
        self.conflicts.clear();
        for c in crate::registry::conflicts::list(reg.conn())? {
            self.conflicts.entry(c.serial).or_default().push(c);
        }
        let ids: Vec<String> = reg
            .conn()
            .prepare("SELECT station_id FROM station_cert ORDER BY station_id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        self.stations.clear();
        for id in ids {
            if let Some(c) = crate::registry::station::cert(reg.conn(), &id)
                .map_err(crate::registry::station::into_registry)?
            {
                self.stations.push(c);
            }
        }
        self.stations
            .sort_by(|a, b| (a.role.as_str(), &a.station).cmp(&(b.role.as_str(), &b.station)));
        Ok(())
    }

    /// Changes the language of protocol order.
    pub fn set_order(&mut self, reg: &Registry, order: NameOrder) -> Result<(), RegistryError> {
        self.order = order;
        self.reload(reg)
    }

    /// Reloads one delegate (after an edit).
    pub fn refresh_one(&mut self, reg: &Registry, id: i64) -> Result<(), RegistryError> {
        let mut d = reg.delegate(id)?;
        d.photo = None;
        let names: HashMap<&str, &Delegation> =
            self.delegations.iter().map(|d| (d.code.as_str(), d)).collect();
        let checked = self.row(id).is_some_and(|r| r.checked_in);
        let admitted: HashSet<i64> = if checked { [id].into() } else { HashSet::new() };
        let row = table_row(d, &names, self.order, &admitted);
        // One row changed: the index and the counts are updated for it alone (a whole
        // reindex of 100,000 rows would stall the frame after every save).
        self.count(&row, true);
        if let Some(e) = &row.d.external_id {
            self.by_external.insert(e.clone(), id);
        }
        match self.index.get(&id) {
            Some(&i) => {
                if let Some(slot) = self.rows.get_mut(i) {
                    let old = std::mem::replace(slot, row);
                    if let Some(e) = &old.d.external_id
                        && slot.d.external_id.as_ref() != Some(e)
                    {
                        self.by_external.remove(e);
                    }
                    self.count(&old, false);
                }
            }
            None => {
                // A new delegate has the highest id: the rows stay in id order.
                let sorted = self.rows.last().is_none_or(|r| r.d.id < id);
                self.rows.push(row);
                if !sorted {
                    self.rows.sort_by_key(|r| r.d.id);
                    self.reindex();
                    return Ok(());
                }
                self.index.insert(id, self.rows.len() - 1);
            }
        }
        self.load_conflicts(reg)?;
        self.generation += 1;
        self.changed_row = self.index.get(&id).map(|&i| (self.generation, i));
        Ok(())
    }

    /// Adds (or takes away) one row's share of the counts.
    fn count(&mut self, r: &Row, add: bool) {
        let per_d = self.per_delegation.entry(r.d.delegation.clone()).or_default();
        if add {
            per_d.add(r)
        } else {
            per_d.remove(r)
        }
        let per_c = self.per_category.entry(r.d.category.clone()).or_default();
        if add { per_c.add(r) } else { per_c.remove(r) }
    }

    /// Says that something the screens show changed without a delegate changing (the
    /// event, its badge design, the scan log): every screen reads it as it is now.
    pub fn touch(&mut self) {
        self.generation += 1;
    }

    /// Marks a delegate as checked in (after a scan admitted them); updates the counts
    /// without rebuilding the index.
    pub fn set_checked_in(&mut self, id: i64) {
        let Some(r) = self.index.get(&id).and_then(|&i| self.rows.get_mut(i)) else {
            return;
        };
        if r.checked_in {
            return;
        }
        r.checked_in = true;
        let (delegation, category) = (r.d.delegation.clone(), r.d.category.clone());
        self.per_delegation.entry(delegation).or_default().checked_in += 1;
        self.per_category.entry(category).or_default().checked_in += 1;
        self.generation += 1;
        self.changed_row = self.index.get(&id).map(|&i| (self.generation, i));
    }

    fn reindex(&mut self) {
        self.index = self.rows.iter().enumerate().map(|(i, r)| (r.d.id, i)).collect();
        self.by_external = self
            .rows
            .iter()
            .filter_map(|r| r.d.external_id.clone().map(|e| (e, r.d.id)))
            .collect();
        self.per_delegation.clear();
        self.per_category.clear();
        self.counted.clear();
        for r in &self.rows {
            if !matches!(r.d.status, Status::Rejected | Status::Withdrawn) {
                *self
                    .counted
                    .entry((r.d.delegation.clone(), r.d.category.clone()))
                    .or_default() += 1;
            }
            self.per_delegation
                .entry(r.d.delegation.clone())
                .or_default()
                .add(r);
            self.per_category.entry(r.d.category.clone()).or_default().add(r);
        }
        self.generation += 1;
    }

    /// A delegation's quotas with what counts against them, as `HOD 1/1, DEL 5/4`, and
    /// whether a category is over its quota; `None` when no quota applies.
    pub fn quota_text(&self, code: &str) -> Option<(String, bool)> {
        let kind = self.delegation(code)?.kind;
        let quotas = crate::registry::nominations::quotas_for(&self.quotas, code, kind);
        if quotas.is_empty() {
            return None;
        }
        let mut over = false;
        let text: Vec<String> = quotas
            .iter()
            .map(|(c, q)| {
                let n = self
                    .counted
                    .get(&(code.to_string(), c.clone()))
                    .copied()
                    .unwrap_or(0);
                over |= n > *q as usize;
                format!("{c} {n}/{q}")
            })
            .collect();
        Some((text.join(", "), over))
    }

    /// The row of a delegate.
    pub fn row(&self, id: i64) -> Option<&Row> {
        self.index.get(&id).and_then(|&i| self.rows.get(i))
    }

    /// The id of the delegate with this external id.
    pub fn id_by_external(&self, external_id: &str) -> Option<i64> {
        self.by_external.get(external_id).copied()
    }

    /// A delegation by code.
    pub fn delegation(&self, code: &str) -> Option<&Delegation> {
        self.rank.get(code).and_then(|&i| self.delegations.get(i))
    }

    /// The name of a delegation in the chosen language (the code when unknown).
    pub fn delegation_name(&self, code: &str) -> String {
        self.delegation(code)
            .map(|d| d.name(self.order).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    /// Delegates whose search text (name, native name, delegation, external id, folded)
    /// holds every word of `query`, ignoring case and accents; sorted by family then given
    /// name; at most `limit`. An empty query finds nobody. Reads the cache only.
    pub fn lookup(&self, query: &str, limit: usize) -> Vec<crate::checkin::Match> {
        let search = matching::Search::new(query);
        if search.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut found: Vec<&Row> = self.rows.iter().filter(|r| search.matches(&r.search)).collect();
        matching::best_by_name(&mut found, limit, |r| (r.name_key.as_str(), r.d.id));
        found
            .into_iter()
            .map(|r| crate::checkin::Match {
                delegate_id: r.d.id,
                display_name: r.name.clone(),
                native_name: r.d.native_name.clone(),
                delegation_code: r.d.delegation.clone(),
                category_code: r.d.category.clone(),
                status: r.d.status,
                badge_version: r.d.badge_version,
            })
            .collect()
    }

    /// Delegations of one kind, in protocol order.
    pub fn delegations_of(&self, kind: DelegationKind) -> impl Iterator<Item = &Delegation> {
        self.delegations.iter().filter(move |d| d.kind == kind)
    }
}

/// The table row of a delegate: display name, delegation name in the order's language, the
/// folded search text and name sort key, and the checked-in mark.
fn table_row(
    d: Delegate,
    names: &HashMap<&str, &Delegation>,
    order: NameOrder,
    admitted: &HashSet<i64>,
) -> Row {
    let delegation = names.get(d.delegation.as_str());
    let delegation_name = delegation
        .map(|g| g.name(order).to_string())
        .unwrap_or_else(|| d.delegation.clone());
    let name = d.display_name();
    let search = matching::search_text(&d, delegation.copied());
    Row {
        checked_in: admitted.contains(&d.id),
        name_key: matching::name_key(&d.family_name, &d.given_name),
        name,
        delegation_name,
        search,
        d,
    }
}
