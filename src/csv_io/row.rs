//! Checking one record of an import file, one step per concern: the number of fields, the
//! cells, which delegate the row is about, then each field by the one rule of
//! [`crate::registry::validate`].

use super::columns::{COLS, Col, column_at};
use super::planner::{At, Planner};
use super::reader::Record;
use super::types::{PlannedRow, RowAction};
use super::{CsvError, unneutralise};
use crate::registry::validate::{self, FieldProblem};
use crate::registry::{
    Delegate, RegistryError, Status, delegates, fields, import_base, limits, merge_fields, photo,
};

/// The cells of one record by column ([`Col`] order): `None` for a column the file does not
/// have, or whose cell was refused (the problem is already reported).
type Cells<'r> = [Option<&'r str>; COLS.len()];

impl Planner<'_> {
    /// Checks one record; problems go to `self.issues` and give `None`.
    pub(super) fn row(&mut self, cols: &[Col], rec: &Record) -> Result<Option<PlannedRow>, CsvError> {
        let at = At {
            line: rec.line,
            last_line: rec.last_line,
        };
        if !self.field_count(at, cols, rec) {
            return Ok(None);
        }
        let before = self.issues.len() + self.omitted;
        let cells = self.cells(at, cols, rec);
        let (action, mut d) = self.target(at, &cells)?;
        let desk = (action == RowAction::Update).then(|| d.clone());
        self.fields(at, &cells, action, &mut d);
        if self.issues.len() + self.omitted > before {
            return Ok(None);
        }
        match self.checker.normalise(d) {
            Ok(mut file) => {
                for w in validate::warnings(&file, self.checker.event()) {
                    if self.warnings.len() < super::MAX_ISSUES {
                        self.warnings.push(super::ImportIssue {
                            file: self.file.clone(),
                            line: at.line,
                            column: Some(w.field.to_string()),
                            cell: None,
                            message: w.message,
                        });
                    }
                }
                let reason = self.quota_status(action, &mut file);
                let present: Vec<&'static str> = cols
                    .iter()
                    .map(|c| c.name())
                    .filter(|n| merge_fields::field(n).is_some())
                    .collect();
                let values = import_base::values_json(&import_base::values_of(&file, &present));
                let key = import_base::key_of(&file);
                let merged = match &desk {
                    Some(desk) => {
                        let base = import_base::load(self.conn, &key)?;
                        import_base::three_way(base.as_ref(), desk, &file, &present)
                    }
                    None => import_base::Merged {
                        delegate: file,
                        ..Default::default()
                    },
                };
                Ok(Some(PlannedRow {
                    line: at.line,
                    action,
                    delegate: merged.delegate,
                    changes: merged.changes,
                    conflicts: merged.conflicts,
                    base: (key, values),
                    present,
                    reason,
                }))
            }
            Err(RegistryError::Invalid { field, message }) => {
                self.issue(at, &field, message);
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The status of a new delegate by the event's quotas and approval setting
    /// ([`crate::registry::nominations::QuotaCounter`]): a row asking for `accredited` (or
    /// nothing) becomes what the quota says; an explicit `pending` counts and stays; a
    /// rejected or withdrawn row does not count. Gives the reason to store with the status.
    fn quota_status(&mut self, action: RowAction, d: &mut Delegate) -> Option<String> {
        if action != RowAction::Insert || !self.quotas.is_active() {
            return None;
        }
        match d.status {
            Status::Rejected | Status::Withdrawn => None,
            Status::Pending => {
                self.quotas.admit(&d.delegation, &d.category);
                None
            }
            Status::Accredited => {
                let decision = self.quotas.admit(&d.delegation, &d.category);
                d.status = decision.status;
                d.status_reason = decision.reason.clone().unwrap_or_default();
                decision.reason
            }
        }
    }

    /// Reports a problem found by a rule of [`validate`].
    fn problem(&mut self, at: At, p: FieldProblem) {
        self.issue(at, p.field, p.message);
    }

    /// Whether the record has as many fields as the header (else says which column lacks a
    /// value, or that there are values after the last one).
    fn field_count(&mut self, at: At, cols: &[Col], rec: &Record) -> bool {
        if rec.len() == cols.len() {
            return true;
        }
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
        false
    }

    /// The record's cells: not too long, UTF-8, trimmed, one protective `'` removed
    /// ([`unneutralise`]), within the field's text limits.
    fn cells<'r>(&mut self, at: At, cols: &[Col], rec: &'r Record) -> Cells<'r> {
        let mut vals: Cells<'r> = [None; COLS.len()];
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
        vals
    }

    /// Which delegate the row is about, and the record to start from: a known external_id
    /// names it (an `id` beside it must agree); else an `id` names it (and an unknown
    /// external_id is stored on it, as when someone adds an external_id to an exported row);
    /// else it is new.
    fn target(&mut self, at: At, cells: &Cells<'_>) -> Result<(RowAction, Delegate), CsvError> {
        let get = |c: Col| cells[c as usize];
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
                existing = delegates::get_without_photo(self.conn, known)?;
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
        Ok((action, d))
    }

    /// Puts the row's cells onto `d`, each field checked by its rule; a column the file does
    /// not have leaves the field as it is (for a new delegate: empty, and the category the
    /// delegation's default).
    fn fields(&mut self, at: At, cells: &Cells<'_>, action: RowAction, d: &mut Delegate) {
        let get = |c: Col| cells[c as usize];
        let set = |target: &mut String, v: Option<&str>| {
            if let Some(v) = v {
                v.clone_into(target);
            }
        };
        set(&mut d.title, get(Col::Title));
        set(&mut d.given_name, get(Col::GivenName));
        set(&mut d.native_name, get(Col::NativeName));
        set(&mut d.function, get(Col::Function));
        let default_category = get(Col::Delegation).and_then(|v| self.delegation(at, v, d));
        if let Some(v) = get(Col::FamilyName) {
            match validate::family_name(v) {
                Ok(()) => v.clone_into(&mut d.family_name),
                Err(p) => self.problem(at, p),
            }
        }
        match get(Col::Category) {
            Some("") => d.category = default_category.unwrap_or_default(),
            Some(v) => match validate::category(self.checker.event(), v) {
                Ok(code) => d.category = code,
                Err(p) => self.problem(at, p),
            },
            None if action == RowAction::Insert => d.category = default_category.unwrap_or_default(),
            None => {}
        }
        if let Some(v) = get(Col::Email) {
            if let Err(p) = validate::email(v) {
                self.problem(at, p);
            }
            v.clone_into(&mut d.email);
        }
        if let Some(v) = get(Col::Days) {
            d.days = self.days(at, v);
        }
        if let Some(v) = get(Col::Zones) {
            d.zones = self.zones(at, v);
        }
        if let Some(photo) = self.photo(at, get(Col::Photo)) {
            d.photo = photo;
        }
        if let Some(v) = get(Col::Status).filter(|v| !v.is_empty()) {
            match Status::parse(v) {
                Some(s) => d.status = s,
                None => self.issue(
                    at,
                    "status",
                    format!("unknown status {v:?}; one of pending, accredited, rejected, withdrawn"),
                ),
            }
        }
        for &c in &COLS {
            if let (Some(field), Some(v)) = (c.record_field(), get(c)) {
                match validate::record_field(field, v) {
                    Ok(v) => {
                        if let Some(s) = fields::text_mut(d, field) {
                            *s = v;
                        }
                    }
                    Err(p) => self.problem(at, p),
                }
            }
        }
        if let Some(v) = get(Col::BadgeVersion).filter(|v| !v.is_empty())
            && v.parse::<u32>().is_err()
        {
            let msg =
                format!("{v:?} is not a whole number (the column is informational; use `accredit reissue`)");
            self.issue(at, "badge_version", msg);
        }
    }

    /// The delegation cell onto `d`; gives the delegation's default category.
    fn delegation(&mut self, at: At, v: &str, d: &mut Delegate) -> Option<String> {
        match self.checker.check_delegation(v) {
            Ok(del) => {
                d.delegation = del.code.clone();
                Some(del.default_category.clone())
            }
            Err(p) => {
                self.problem(at, p);
                None
            }
        }
    }

    /// The photo cell: `Some(None)` for an empty cell or none (an update keeps the stored
    /// photo), `Some(Some(jpeg))` for a readable photo, `None` after a problem.
    fn photo(&mut self, at: At, v: Option<&str>) -> Option<Option<Vec<u8>>> {
        let v = match v {
            Some("") | None => return Some(None),
            Some(v) => v,
        };
        let outcome = match self.photos.get(v) {
            Some(known) => known.clone(),
            None => {
                let loaded = load_photo(&self.base, v);
                self.photos.insert(v.to_string(), loaded.clone());
                loaded
            }
        };
        match outcome {
            Ok(bytes) => Some(Some(bytes)),
            Err(msg) => {
                self.issue(at, "photo", msg);
                None
            }
        }
    }

    /// The days of a `days` cell (separated by `;`), each checked.
    fn days(&mut self, at: At, v: &str) -> Vec<String> {
        let mut out = Vec::new();
        for day in v.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            match validate::day(self.checker.event(), day) {
                Ok(()) => out.push(day.to_string()),
                Err(p) => self.problem(at, p),
            }
        }
        out
    }

    /// The zones of a `zones` cell (separated by `;`), each checked, in upper case.
    fn zones(&mut self, at: At, v: &str) -> Vec<String> {
        let mut out = Vec::new();
        for zone in v.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            match validate::zone(self.checker.event(), zone) {
                Ok(code) => out.push(code),
                Err(p) => self.problem(at, p),
            }
        }
        out
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
}

/// Reads and normalises the photo a `photo` cell names (relative to `base`, inside it), or
/// the problem's message.
pub(super) fn load_photo(base: &std::path::Path, v: &str) -> Result<Vec<u8>, String> {
    let shown = base.join(v);
    let path = photo::resolve_inside(base, v).map_err(|message| format!("{v}: {message}"))?;
    match photo::load(&path) {
        Ok(bytes) => Ok(bytes),
        Err(RegistryError::Io(crate::io_error::IoError { error: source, .. })) => Err(format!(
            "cannot read the photo {}: {source} (the path is relative to the CSV file's folder)",
            shown.display()
        )),
        Err(e) => Err(format!("{}: {e}", shown.display())),
    }
}
