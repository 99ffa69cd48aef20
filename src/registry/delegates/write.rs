//! Writing delegates: insert, update, reissue, mark printed. Each is validated by
//! [`Checker`] (insert, update) and audited.

use rusqlite::{Connection, OptionalExtension, params};

use super::audit_view::{audit_json, created_view};
use super::checker::Checker;
use super::read::get;
use crate::registry::audit;
use crate::registry::model::Delegate;
use crate::registry::{Result, now_rfc3339};

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
    let mut stmt = conn.prepare_cached(
        "INSERT INTO delegate (id, external_id, delegation, title, given_name, family_name, native_name, function, \
         category, email, days, zones, photo, status, attention, badge_version, printed_version, created_at, updated_at) \
         VALUES (?16, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1, 0, ?15, ?15)",
    )?;
    // In a desk network each desk gives serials from its own block (never the same twice).
    let id = crate::registry::desk_log::next_serial(conn)?;
    stmt.execute(params![
        d.external_id.as_deref().filter(|s| !s.is_empty()),
        d.delegation,
        d.title,
        d.given_name,
        d.family_name,
        d.native_name,
        d.function,
        d.category,
        d.email,
        d.days.join(";"),
        d.zones.join(";"),
        d.photo,
        d.status.as_str(),
        d.attention,
        now,
        id,
    ])?;
    Ok(conn.last_insert_rowid())
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
    let d = &d;
    let mut after = before.clone();
    after.external_id = d.external_id.clone().filter(|s| !s.is_empty());
    after.delegation = d.delegation.clone();
    after.title = d.title.clone();
    after.given_name = d.given_name.clone();
    after.family_name = d.family_name.clone();
    after.native_name = d.native_name.clone();
    after.function = d.function.clone();
    after.category = d.category.clone();
    after.email = d.email.clone();
    after.days = d.days.clone();
    after.zones = d.zones.clone();
    after.photo = d.photo.clone();
    after.status = d.status;
    after.attention = d.attention.clone();
    if after == before {
        return Ok(false);
    }
    after.updated_at = now_rfc3339();
    let mut stmt = conn.prepare_cached(
        "UPDATE delegate SET external_id = ?2, delegation = ?3, title = ?4, given_name = ?5, family_name = ?6, \
         native_name = ?7, function = ?8, category = ?9, email = ?10, days = ?11, zones = ?12, photo = ?13, \
         status = ?14, attention = ?15, updated_at = ?16 WHERE id = ?1",
    )?;
    stmt.execute(params![
        after.id,
        after.external_id,
        after.delegation,
        after.title,
        after.given_name,
        after.family_name,
        after.native_name,
        after.function,
        after.category,
        after.email,
        after.days.join(";"),
        after.zones.join(";"),
        after.photo,
        after.status.as_str(),
        after.attention,
        after.updated_at,
    ])?;
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
