//! The purge of personal data after the event.
//!
//! Every delegate keeps what the reports need: delegation, category, days, zones, status,
//! badge versions and times (so `accredit stats` counts the same before and after), and the
//! scan log keeps every scan. Gone are: title, given name, native name, function, e-mail,
//! photo, attention note and external id; the family name (required by the schema) becomes
//! [`PLACEHOLDER`]. The free-text reasons of overrides and annulments in the scan log become
//! [`PLACEHOLDER`] too (they may name a person).
//!
//! The audit trail keeps every entry (time, operator, action, record id), but the values of
//! every entry other than the event's and the imports' summaries, and every import's batch
//! of created records, are replaced by their hashes ([`crate::registry::chain::redaction`]),
//! so the chain still verifies. The file is then vacuumed with `secure_delete` on and its
//! write-ahead log checkpointed and truncated, so no removed value stays in free pages.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};

use super::retention::PURGED_KEY;
use super::{RecordsError, Result};
use crate::Registry;
use crate::registry::chain::{self, redaction};
use crate::registry::now_rfc3339;

/// What stands in for a purged family name (the schema requires one) and purged reasons.
pub const PLACEHOLDER: &str = "(purged)";

/// Audit entities whose values stay: they hold no personal data.
const KEPT_ENTITIES: &[&str] = &["event", "import", "records"];

/// What a purge is about to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgePlan {
    /// The event's code (the GUI asks the operator to type it).
    pub event_code: String,
    /// The event's title.
    pub title: String,
    /// How many delegates.
    pub people: u64,
    /// When it was purged before, if it was.
    pub purged_at: Option<String>,
}

impl PurgePlan {
    /// The confirmation question in words.
    pub fn question(&self) -> String {
        format!(
            "Remove the names, e-mails, functions, photos, attention notes and external ids of all {} \
             people of {} ({})? The counts stay; this cannot be undone.",
            self.people, self.event_code, self.title
        )
    }
}

/// What a purge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeReport {
    /// Delegates purged.
    pub people: u64,
    /// Audit values replaced by their hashes.
    pub audit_values: u64,
    /// Import batches replaced by their hashes.
    pub batches: u64,
    /// Scan reasons replaced.
    pub reasons: u64,
    /// The file's size before and after.
    pub bytes_before: u64,
    /// The file's size after.
    pub bytes_after: u64,
    /// Copies beside the database that still hold personal data (pre-migration copies,
    /// copies kept by a restore): delete them too.
    pub copies: Vec<PathBuf>,
}

/// The plan of a purge; refused on a door copy.
pub fn plan(reg: &Registry) -> Result<PurgePlan> {
    if reg.is_door_copy()? {
        let path = reg.path().map(|p| p.display().to_string()).unwrap_or_default();
        return Err(RecordsError::PurgeDoorCopy(path));
    }
    let ev = reg.event()?;
    let people: i64 = reg
        .conn()
        .query_row("SELECT COUNT(*) FROM delegate", [], |r| r.get(0))?;
    Ok(PurgePlan {
        event_code: ev.code,
        title: ev.title,
        people: people.max(0) as u64,
        purged_at: super::retention::purged_at(reg.conn())?,
    })
}

/// Purges the personal data (see the module docs), then vacuums the file and empties its
/// write-ahead log.
pub fn purge(reg: &mut Registry) -> Result<PurgeReport> {
    let plan = plan(reg)?;
    let size = |p: Option<&Path>| p.and_then(|p| std::fs::metadata(p).ok()).map_or(0, |m| m.len());
    let path = reg.path().map(Path::to_path_buf);
    let wal = path
        .as_ref()
        .map(|p| PathBuf::from(format!("{}-wal", p.display())));
    let bytes_before = size(path.as_deref()) + size(wal.as_deref());
    let operator = reg.operator().to_string();
    let conn = reg.conn_mut();
    conn.pragma_update(None, "secure_delete", true)?;
    let tx = conn.transaction()?;
    let now = now_rfc3339();
    let people = tx.execute(
        "UPDATE delegate SET title = '', given_name = '', family_name = ?1, native_name = '', function = '', \
         email = '', photo = NULL, attention = '', status_reason = '', external_id = NULL, updated_at = ?2",
        params![PLACEHOLDER, now],
    )? as u64;
    let audit_values = redact_audit(&tx)?;
    let batches = redact_batches(&tx)?;
    // What re-imports remembered and what the desks exchanged hold the same personal data:
    // gone too (the desk network captures nothing of the purge itself).
    tx.execute_batch(
        "DELETE FROM import_base; DELETE FROM import_conflict; DELETE FROM desk_change; \
         DELETE FROM desk_item; DELETE FROM desk_shadow; DELETE FROM desk_dirty; \
         DELETE FROM desk_conflict; DELETE FROM held_item WHERE kind = 'desk';",
    )?;
    let reasons = tx.execute(
        "UPDATE checkin SET override_reason = ?1 WHERE override_reason <> '' AND override_reason <> ?1",
        [PLACEHOLDER],
    )? as u64;
    tx.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [PURGED_KEY, now.as_str()],
    )?;
    let summary = serde_json::json!({
        "people": people,
        "audit_values": audit_values,
        "batches": batches,
        "reasons": reasons,
    });
    crate::registry::audit::record_at(
        &tx,
        &now,
        &operator,
        "records",
        &plan.event_code,
        "purge",
        None,
        Some(&summary.to_string()),
    )?;
    tx.commit()?;
    scrub(conn, path.as_deref())?;
    let bytes_after = size(path.as_deref()) + size(wal.as_deref());
    Ok(PurgeReport {
        people,
        audit_values,
        batches,
        reasons,
        bytes_before,
        bytes_after,
        copies: path.as_deref().map(copies_beside).unwrap_or_default(),
    })
}

/// Replaces the values of audit entries (other than [`KEPT_ENTITIES`]) by their hashes.
fn redact_audit(conn: &Connection) -> Result<u64> {
    let placeholders = KEPT_ENTITIES.iter().map(|_| "?").collect::<Vec<_>>().join(", ");
    let mut select = conn.prepare(&format!(
        "SELECT id, before, after FROM audit WHERE entity NOT IN ({placeholders}) \
         AND (before IS NOT NULL OR after IS NOT NULL)"
    ))?;
    let rows = select
        .query_map(rusqlite::params_from_iter(KEPT_ENTITIES), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut update = conn.prepare("UPDATE audit SET before = ?2, after = ?3 WHERE id = ?1")?;
    let mut n = 0;
    let redact = |v: Option<String>, n: &mut u64| {
        v.map(|v| {
            if redaction::parse(&v).is_some() {
                v
            } else {
                *n += 1;
                redaction::marker(&chain::value_hash(Some(&v)))
            }
        })
    };
    for (id, before, after) in rows {
        let before = redact(before, &mut n);
        let after = redact(after, &mut n);
        update.execute(params![id, before, after])?;
    }
    Ok(n)
}

/// Replaces every import's batch of created records by its hash.
fn redact_batches(conn: &Connection) -> Result<u64> {
    let mut select = conn.prepare("SELECT audit_id, first_id, last_id, blocks, created FROM audit_batch")?;
    let rows = select
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Vec<u8>>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut update = conn.prepare("UPDATE audit_batch SET blocks = ?2, created = x'' WHERE audit_id = ?1")?;
    let mut n = 0;
    for (id, first, last, blocks, created) in rows {
        if redaction::parse(&blocks).is_some() {
            continue;
        }
        let h = chain::batch_hash(first, last, &blocks, &created);
        update.execute(params![id, redaction::marker(&h)])?;
        n += 1;
    }
    Ok(n)
}

/// Rewrites the file without free pages and empties the write-ahead log.
fn scrub(conn: &Connection, path: Option<&Path>) -> Result<()> {
    conn.execute_batch("VACUUM")?;
    let (busy, _, _): (i64, i64, i64) = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    if busy != 0 {
        return Err(RecordsError::Busy(
            path.map(|p| p.display().to_string()).unwrap_or_default(),
        ));
    }
    Ok(())
}

/// Copies beside `db` that a purge does not reach: pre-migration copies and copies kept by a
/// restore.
pub fn copies_beside(db: &Path) -> Vec<PathBuf> {
    let Some(stem) = db.file_stem().and_then(|s| s.to_str()) else {
        return Vec::new();
    };
    let folder = crate::atomic_file::folder_of(db);
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with(&format!("{stem}.pre-migration-"))
                    || n.starts_with(&format!("{stem}.before-restore-"))
            })
        })
        .collect();
    found.sort();
    found
}
