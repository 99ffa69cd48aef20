//! Writing delegates: insert, update, reissue, mark printed. Each is validated by
//! [`Checker`] (insert, update) and audited.

use rusqlite::{Connection, OptionalExtension, params};

use super::audit_view::{audit_json, created_view};
use super::checker::Checker;
use super::read::get;
use crate::registry::model::Delegate;
use crate::registry::{Result, now_rfc3339};
use crate::registry::{audit, fields};

/// Inserts a delegate (validated, normalised, audited); returns its id.
pub fn insert(conn: &Connection, operator: &str, d: &Delegate) -> Result<i64> {
    insert_checked(conn, operator, &Checker::load(conn)?, d)
}

/// Like [`insert`], validating against an already loaded [`Checker`] (bulk work).
pub fn insert_checked(conn: &Connection, operator: &str, checker: &Checker, d: &Delegate) -> Result<i64> {
    let checked = checker.check_cow(d)?;
    let now = now_rfc3339();
    let id = insert_unaudited(conn, &checked, &now)?;
    let after = serde_json::to_string(&created_view(&checked, id, &now)).unwrap_or_default();
    audit::record_at(
        conn,
        &now,
        operator,
        "delegate",
        &id.to_string(),
        "create",
        None,
        Some(&after),
    )?;
    Ok(id)
}

/// Stores a delegate that [`Checker::check_cow`] has passed, created and updated at `now`,
/// and returns its id. It records no audit entry: the caller does, either one per delegate
/// ([`insert_checked`]) or one for a whole import ([`audit::CreationLog`]).
pub fn insert_unaudited(conn: &Connection, d: &Delegate, now: &str) -> Result<i64> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let cols: Vec<&str> = inserted().map(|f| f.column).collect();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        let now = cols.len() + 1;
        let id = cols.len() + 2;
        format!(
            "INSERT INTO delegate (id, {}, badge_version, printed_version, created_at, updated_at) \
             VALUES (?{id}, {}, 1, 0, ?{now}, ?{now})",
            cols.join(", "),
            marks.join(", ")
        )
    });
    let mut stmt = conn.prepare_cached(&SQL)?;
    let values = fields::values(d);
    let mut params: Vec<&dyn rusqlite::ToSql> =
        inserted().map(|f| &values[f.field as usize].1 as _).collect();
    params.push(&now);
    // In a desk network each desk gives serials from its own block (never the same twice).
    let id = crate::registry::desk_log::next_serial(conn)?;
    params.push(&id);
    stmt.execute(params.as_slice())?;
    Ok(conn.last_insert_rowid())
}

/// The fields an insert writes: all but the serial, the versions and the times (the
/// registry's own).
fn inserted() -> impl Iterator<Item = &'static fields::FieldDef> {
    use fields::Field as F;
    fields::FIELDS.iter().filter(|f| {
        !matches!(
            f.field,
            F::Id | F::BadgeVersion | F::PrintedVersion | F::CreatedAt | F::UpdatedAt
        )
    })
}

/// Saves the editable fields of `d` (everything but id, versions and timestamps, photo
/// included: `None` removes it); validated, normalised, audited with before and after.
/// Returns false when nothing changed.
pub fn update(conn: &Connection, operator: &str, d: &Delegate) -> Result<bool> {
    update_checked(conn, operator, &Checker::load(conn)?, d, PhotoUpdate::Set)
}

/// What [`update_checked`] does with the photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoUpdate {
    /// Store `d.photo` (`None` removes the photo).
    Set,
    /// Keep the stored photo when `d.photo` is `None`.
    KeepWhenNone,
}

/// Like [`update`], validating against an already loaded [`Checker`] (bulk work).
pub fn update_checked(
    conn: &Connection,
    operator: &str,
    checker: &Checker,
    d: &Delegate,
    photo: PhotoUpdate,
) -> Result<bool> {
    let mut d = checker.check(d)?;
    let before = get(conn, d.id)?;
    if photo == PhotoUpdate::KeepWhenNone && d.photo.is_none() {
        d.photo = before.photo.clone();
    }
    let mut after = before.clone();
    for f in fields::editable() {
        fields::copy(&d, &mut after, f.field);
    }
    if after == before {
        return Ok(false);
    }
    after.updated_at = now_rfc3339();
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let sets: Vec<String> = fields::editable()
            .enumerate()
            .map(|(i, f)| format!("{} = ?{}", f.column, i + 2))
            .collect();
        let n = sets.len() + 2;
        format!(
            "UPDATE delegate SET {}, updated_at = ?{n} WHERE id = ?1",
            sets.join(", ")
        )
    });
    let values = fields::values(&after);
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&after.id];
    params.extend(fields::editable().map(|f| &values[f.field as usize].1 as &dyn rusqlite::ToSql));
    params.push(&after.updated_at);
    conn.prepare_cached(&SQL)?.execute(params.as_slice())?;
    audit::record(
        conn,
        operator,
        "delegate",
        &d.id.to_string(),
        "update",
        Some(&audit_json(&before)),
        Some(&audit_json(&after)),
    )?;
    Ok(true)
}

/// Increments the badge version of a delegate; audited. Returns the new version.
pub fn reissue(conn: &Connection, operator: &str, id: i64) -> Result<u32> {
    let before = get(conn, id)?;
    let version = before.badge_version + 1;
    conn.execute(
        "UPDATE delegate SET badge_version = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, version, now_rfc3339()],
    )?;
    audit::record(
        conn,
        operator,
        "delegate",
        &id.to_string(),
        "reissue",
        Some(&format!("{{\"badge_version\":{}}}", before.badge_version)),
        Some(&format!("{{\"badge_version\":{version}}}")),
    )?;
    Ok(version)
}

/// Records printed badge versions. A delegate's printed version only goes up; only the
/// delegates whose printed version actually changed are audited (with before and after).
pub fn mark_printed(conn: &Connection, operator: &str, printed: &[(i64, u32)]) -> Result<()> {
    let mut current = conn.prepare_cached("SELECT printed_version FROM delegate WHERE id = ?1")?;
    let mut stmt = conn.prepare_cached("UPDATE delegate SET printed_version = ?2 WHERE id = ?1")?;
    for &(id, version) in printed {
        let before: Option<u32> = current.query_row([id], |r| r.get(0)).optional()?;
        let Some(before) = before.filter(|&b| b < version) else {
            continue;
        };
        stmt.execute(params![id, version])?;
        audit::record(
            conn,
            operator,
            "delegate",
            &id.to_string(),
            "print",
            Some(&format!("{{\"printed_version\":{before}}}")),
            Some(&format!("{{\"printed_version\":{version}}}")),
        )?;
    }
    Ok(())
}
