//! The three-way merge of a re-imported nomination file.
//!
//! An import remembers, per person (external id, else `id:N` for an exported row matched by
//! id), what the file said for each column it had ([`store`], table `import_base`). The next
//! import of a file about the same person merges three ways, field by field
//! ([`three_way`]): a field the file did not change keeps the desk's value; a field the file
//! changed and the desk did not takes the file's value; a field both changed to different
//! values is a **conflict**: the desk's value stays, the cell is named (the preview, the
//! command line) and the conflict is kept in `import_conflict` until someone resolves it
//! (`accredit conflicts`). Without a remembered value (a file imported by an earlier
//! version, a column new in this file) the file's value is taken, as before.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::merge_fields::FIELDS;
use super::{Delegate, Result};

/// A field's values as text, by field name.
pub type Values = BTreeMap<String, String>;

/// One field an import changes: before -> after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field (the column's name).
    pub field: &'static str,
    /// The desk's value now.
    pub before: String,
    /// The value after the import.
    pub after: String,
}

/// A cell both the file and the desk changed since the last import, to different values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellConflict {
    /// The field (the column's name).
    pub field: &'static str,
    /// What the file said last time.
    pub base: String,
    /// The desk's value (kept).
    pub desk: String,
    /// The file's value now.
    pub file: String,
}

/// What a row of a re-import does to a delegate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Merged {
    /// The delegate as it will be stored.
    pub delegate: Delegate,
    /// Every field that changes.
    pub changes: Vec<FieldChange>,
    /// Every cell in conflict (the desk's value kept).
    pub conflicts: Vec<CellConflict>,
}

/// The key an import remembers a person by: the external id, else `id:N`.
pub fn key_of(d: &Delegate) -> String {
    match d.external_id.as_deref().filter(|e| !e.is_empty()) {
        Some(e) => e.to_string(),
        None => format!("id:{}", d.id),
    }
}

/// The values of the fields in `present` (column names), as the file has them.
pub fn values_of(file: &Delegate, present: &[&str]) -> Values {
    FIELDS
        .iter()
        .filter(|f| present.contains(&f.name))
        .map(|f| (f.name.to_string(), f.get(file)))
        .collect()
}

/// The values of a file's columns as stored ([`store`]): a JSON object.
pub fn values_json(values: &Values) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "{}".into())
}

/// What the file said last time about the person `key` (`None`: never imported with a
/// remembered value).
pub fn load(conn: &Connection, key: &str) -> Result<Option<Values>> {
    let json: Option<String> = conn
        .prepare_cached("SELECT fields FROM import_base WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// Remembers what the file `file` said about the person `key` (replacing the earlier file's).
pub fn store(conn: &Connection, key: &str, file: &str, json: &str, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO import_base (key, file, fields, at) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT(key) DO UPDATE SET file = excluded.file, fields = excluded.fields, at = excluded.at",
    )?
    .execute(params![key, file, json, at])?;
    Ok(())
}

/// Merges three ways: `base` (what the file said last time), `desk` (the delegate now),
/// `file` (the delegate with the file's cells put on it, normalised), for the fields in
/// `present` (the file's columns). See the module's documentation.
pub fn three_way(base: Option<&Values>, desk: &Delegate, file: &Delegate, present: &[&str]) -> Merged {
    let mut out = desk.clone();
    let mut changes = Vec::new();
    let mut conflicts = Vec::new();
    for f in FIELDS.iter().filter(|f| present.contains(&f.name)) {
        let d = f.get(desk);
        let n = f.get(file);
        let value = match base.and_then(|b| b.get(f.name)) {
            None => n,
            Some(b) if *b == n => d.clone(),
            Some(b) if *b == d || d == n => n,
            Some(b) => {
                conflicts.push(CellConflict {
                    field: f.name,
                    base: b.clone(),
                    desk: d.clone(),
                    file: n,
                });
                d.clone()
            }
        };
        if value != d {
            f.set(&mut out, &value);
            changes.push(FieldChange {
                field: f.name,
                before: d,
                after: value,
            });
        }
    }
    // Fields that are not merged one by one (photo, status of an export's column) follow the
    // file as before.
    out.photo = file.photo.clone();
    if out.status != file.status {
        changes.push(FieldChange {
            field: "status",
            before: out.status.as_str().into(),
            after: file.status.as_str().into(),
        });
        out.status = file.status;
    }
    Merged {
        delegate: out,
        changes,
        conflicts,
    }
}

/// Keeps the conflicts an import found for delegate `id` (replacing the earlier import's for
/// the same fields) and forgets those the file settled: a field whose file value is no longer
/// the one in conflict (the file changed it again, and the merge took it or kept the desk's
/// without a new conflict). The same file imported again keeps its conflicts open.
pub fn record_conflicts(
    conn: &Connection,
    id: i64,
    file: &str,
    at: &str,
    values: &Values,
    conflicts: &[CellConflict],
) -> Result<()> {
    let mut forget = conn.prepare_cached(
        "DELETE FROM import_conflict WHERE serial = ?1 AND field = ?2 AND file_value <> ?3",
    )?;
    for (f, v) in values {
        if !conflicts.iter().any(|c| c.field == f) {
            forget.execute(params![id, f, v])?;
        }
    }
    let mut keep = conn.prepare_cached(
        "INSERT INTO import_conflict (serial, field, base, desk, file_value, file, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(serial, field) DO UPDATE SET \
         base = excluded.base, desk = excluded.desk, file_value = excluded.file_value, \
         file = excluded.file, at = excluded.at",
    )?;
    for c in conflicts {
        keep.execute(params![id, c.field, c.base, c.desk, c.file, file, at])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(function: &str, title: &str) -> Delegate {
        Delegate {
            function: function.into(),
            title: title.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_three_cases_and_the_conflict() {
        let present = ["function", "title"];
        let base = values_of(&d("Adviser", "Mr."), &present);
        // The file changed nothing, the desk corrected the function: kept.
        let m = three_way(
            Some(&base),
            &d("Senior Adviser", "Mr."),
            &d("Adviser", "Mr."),
            &present,
        );
        assert!(m.changes.is_empty() && m.conflicts.is_empty());
        assert_eq!(m.delegate.function, "Senior Adviser");
        // The file changed the title, the desk did not: the file's.
        let m = three_way(
            Some(&base),
            &d("Senior Adviser", "Mr."),
            &d("Adviser", "Dr."),
            &present,
        );
        assert_eq!(m.delegate.title, "Dr.");
        assert_eq!(m.delegate.function, "Senior Adviser");
        assert_eq!(m.changes.len(), 1);
        assert_eq!(
            (m.changes[0].before.as_str(), m.changes[0].after.as_str()),
            ("Mr.", "Dr.")
        );
        // Both changed the function differently: a conflict, the desk's kept.
        let m = three_way(
            Some(&base),
            &d("Senior Adviser", "Mr."),
            &d("Head", "Mr."),
            &present,
        );
        assert_eq!(m.delegate.function, "Senior Adviser");
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].file, "Head");
        // Both changed it to the same: no conflict.
        let m = three_way(Some(&base), &d("Head", "Mr."), &d("Head", "Mr."), &present);
        assert!(m.conflicts.is_empty() && m.changes.is_empty());
        // No base: the file's value, as before.
        let m = three_way(None, &d("Senior Adviser", "Mr."), &d("Adviser", "Mr."), &present);
        assert_eq!(m.delegate.function, "Adviser");
    }
}
