//! Conflicts: a field of a delegate with two values that nobody has chosen between yet.
//!
//! Two sources, listed together ([`list`], numbered from 1 in a stable order: delegate, then
//! field, then kind): a re-import that found a cell changed both in the file and at the desk
//! since the last import ([`ConflictKind::Import`], see [`super::import_base`]), and two desks
//! that changed the same field concurrently, neither having seen the other's change
//! ([`ConflictKind::Desks`], see [`super::desk_log`]). Meanwhile the delegate shows one value
//! (the desk's for an import; for desks the change with the later hybrid logical clock);
//! [`resolve`] keeps one side or a new value, as one audited change.

use rusqlite::{Connection, params};

use super::{Registry, RegistryError, Result, delegates, desk_log, merge_fields};

/// Where a conflict comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// A re-import: the file and the desk changed the cell since the last import.
    Import,
    /// Two desks changed the field concurrently.
    Desks,
}

/// One side of a conflict: a value, who set it and when.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Side {
    /// The value (lists joined by `;`).
    pub value: String,
    /// Who: `import FILE`, or the desk's name and station id with the operator.
    pub by: String,
    /// When (RFC 3339 UTC; empty when not known).
    pub at: String,
}

/// A field with two values.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Conflict {
    /// Its number in [`list`] (from 1), what `accredit conflicts resolve N` takes.
    pub number: usize,
    /// Where it comes from.
    pub kind: ConflictKind,
    /// The delegate's id (badge serial).
    pub serial: i64,
    /// The delegate's display name.
    pub name: String,
    /// The field.
    pub field: String,
    /// The value the delegate shows meanwhile.
    pub shown: String,
    /// This desk's side (the desk's value for an import).
    pub mine: Side,
    /// The other side (the file's value for an import, the other desk's).
    pub theirs: Side,
}

/// Which value to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keep {
    /// This desk's.
    Mine,
    /// The other side's.
    Theirs,
    /// Another value.
    Value(String),
}

impl Keep {
    /// `mine`, `theirs`, or any other text as a value.
    pub fn parse(s: &str) -> Self {
        match s {
            "mine" => Self::Mine,
            "theirs" => Self::Theirs,
            v => Self::Value(v.to_string()),
        }
    }
}

/// Every open conflict, numbered from 1 (delegate, field, kind order).
pub fn list(conn: &Connection) -> Result<Vec<Conflict>> {
    let mut out = import_conflicts(conn)?;
    out.extend(desk_log::conflicts(conn)?);
    out.sort_by(|a, b| (a.serial, &a.field, a.kind).cmp(&(b.serial, &b.field, b.kind)));
    for (i, c) in out.iter_mut().enumerate() {
        c.number = i + 1;
    }
    Ok(out)
}

/// The open conflicts of one delegate.
pub fn of_delegate(conn: &Connection, serial: i64) -> Result<Vec<Conflict>> {
    Ok(list(conn)?.into_iter().filter(|c| c.serial == serial).collect())
}

fn import_conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.serial, c.field, c.desk, c.file_value, c.file, c.at, d.title, d.given_name, d.family_name \
         FROM import_conflict c JOIN delegate d ON d.id = c.serial",
    )?;
    let rows = stmt.query_map([], |r| {
        let name = crate::text::display_name(
            &r.get::<_, String>(6)?,
            &r.get::<_, String>(7)?,
            &r.get::<_, String>(8)?,
        );
        let desk: String = r.get(2)?;
        let file: String = r.get(4)?;
        Ok(Conflict {
            number: 0,
            kind: ConflictKind::Import,
            serial: r.get(0)?,
            name,
            field: r.get(1)?,
            shown: desk.clone(),
            mine: Side {
                value: desk,
                by: "this desk".into(),
                at: String::new(),
            },
            theirs: Side {
                value: r.get(3)?,
                by: format!("import {}", short_file(&file)),
                at: r.get(5)?,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn short_file(file: &str) -> String {
    std::path::Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string())
}

impl Registry {
    /// Resolves conflict `number` (as [`list`] numbers them) by keeping one side or a new
    /// value: one audited, validated change of the field (an error names the field), in one
    /// transaction. Returns the conflict as it was.
    pub fn resolve_conflict(&mut self, number: usize, keep: &Keep) -> Result<Conflict> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let all = list(&tx)?;
        let c = all
            .into_iter()
            .find(|c| c.number == number)
            .ok_or_else(|| RegistryError::NotFound {
                what: "conflict number (see `accredit conflicts`)",
                reference: number.to_string(),
            })?;
        let value = match keep {
            Keep::Mine => c.mine.value.clone(),
            Keep::Theirs => c.theirs.value.clone(),
            Keep::Value(v) => v.clone(),
        };
        let field = merge_fields::field(&c.field).ok_or_else(|| RegistryError::Invalid {
            field: c.field.clone(),
            message: "this field cannot be set here".into(),
        })?;
        let mut d = delegates::get(&tx, c.serial)?;
        field.set(&mut d, &value);
        delegates::update(&tx, &self.operator, &d)?;
        match c.kind {
            ConflictKind::Import => {
                tx.execute(
                    "DELETE FROM import_conflict WHERE serial = ?1 AND field = ?2",
                    params![c.serial, c.field],
                )?;
            }
            ConflictKind::Desks => desk_log::resolve(&tx, c.serial, &c.field)?,
        }
        tx.commit()?;
        Ok(c)
    }
}
