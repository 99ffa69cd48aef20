//! The audit trail: who changed what, when, with the record before and after.

use rusqlite::{Connection, params};

use super::{Result, now_rfc3339};

/// One audited change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    /// When (RFC 3339 UTC).
    pub at: String,
    /// Who.
    pub operator: String,
    /// `create`, `update`, `reissue`, `print`, `import`, ...
    pub action: String,
    /// The record before, as JSON.
    pub before: Option<String>,
    /// The record after, as JSON.
    pub after: Option<String>,
}

/// Appends an entry.
pub fn record(
    conn: &Connection,
    operator: &str,
    entity: &str,
    entity_id: &str,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<()> {
    record_at(
        conn,
        &now_rfc3339(),
        operator,
        entity,
        entity_id,
        action,
        before,
        after,
    )
}

/// Appends an entry with a given time (a batch records one time for all its changes).
#[allow(clippy::too_many_arguments)]
pub fn record_at(
    conn: &Connection,
    at: &str,
    operator: &str,
    entity: &str,
    entity_id: &str,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO audit (at, operator, entity, entity_id, action, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    stmt.execute(params![at, operator, entity, entity_id, action, before, after])?;
    Ok(())
}

/// The history of one record, oldest first.
pub fn history(conn: &Connection, entity: &str, entity_id: &str) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, operator, action, before, after FROM audit WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map([entity, entity_id], |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            operator: r.get(1)?,
            action: r.get(2)?,
            before: r.get(3)?,
            after: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
