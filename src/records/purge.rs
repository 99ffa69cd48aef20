//! The purge of personal data after the event, reaching every copy it can.
//!
//! Every delegate keeps only the fields the table of fields keeps for statistics
//! ([`fields::Purge`]: delegation, category, days, zones, status, badge versions and times,
//! and gender when the event keeps it), so `accredit stats` counts the same before and
//! after; every other field is cleared, the family name (required by the schema) becoming
//! [`PLACEHOLDER`]. The scan log keeps every scan; the free-text reasons of overrides and
//! annulments become [`PLACEHOLDER`] (they may name a person).
//!
//! The desk file's other copies of a person go too: the signed door records and the items
//! waiting to be sent or applied (`door_record`, `outbox`, `held_item`, `record_dirty`; the
//! highest revision is remembered so later records still replace older ones); the values of
//! every audit entry other than the event's and the imports' summaries, and every import's
//! batch of created records, replaced by their hashes
//! ([`crate::registry::chain::redaction`]), so the chain still verifies. The file is then
//! vacuumed with `secure_delete` on and its write-ahead log checkpointed and truncated, so no
//! removed value stays in free pages.
//!
//! [`Scope::Sensitive`] clears only the sensitive class (date of birth, identity document,
//! vetting note): nothing of it is in door records or the audit trail (which masks it).
//!
//! What the purge cannot reach is listed ([`PurgeReport::unreachable`]): the door stations
//! this desk certified (their copies), and the other copies of this event's database in its
//! folder (backups), by file name.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};

use super::retention::PURGED_KEY;
use super::{RecordsError, Result};
use crate::Registry;
use crate::registry::chain::{self, redaction};
use crate::registry::fields::{self, Class};
use crate::registry::now_rfc3339;

/// What stands in for a purged family name (the schema requires one) and purged reasons.
pub const PLACEHOLDER: &str = fields::PURGED;

/// The `meta` key set when the sensitive class was purged (its time, RFC 3339).
pub const SENSITIVE_PURGED_KEY: &str = "sensitive_purged_at";

/// The `meta` key keeping the highest door record revision published before a purge
/// removed the records (later records must still replace older ones at the doors).
pub const REVISION_FLOOR_KEY: &str = "record_revision_floor";

/// What a purge clears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every field but those kept for statistics (`purge --personal-data`).
    Personal,
    /// Only the sensitive class (`purge --sensitive`).
    Sensitive,
}

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
    /// What the purge clears.
    pub scope: Scope,
}

impl PurgePlan {
    /// The confirmation question in words.
    pub fn question(&self) -> String {
        if self.scope == Scope::Sensitive {
            return format!(
                "Remove the sensitive data (dates of birth, identity documents, vetting notes) of all {} \
                 people of {} ({})? Names and counts stay; this cannot be undone.",
                self.people, self.event_code, self.title
            );
        }
        format!(
            "Remove the names, e-mails, functions, photos, attention notes, external ids, nationalities, \
             identity documents and every other personal field of all {} people of {} ({}), and their \
             signed door records? The counts stay; this cannot be undone.",
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
    /// Door records and items waiting to be sent that were removed.
    pub door_records: u64,
    /// What the purge cannot reach, one line each: the door stations this desk certified
    /// (their copies), other copies of this event's database in its folder (backups).
    pub unreachable: Vec<String>,
}

/// The plan of a purge of everything personal; refused on a door copy.
pub fn plan(reg: &Registry) -> Result<PurgePlan> {
    plan_scope(reg, Scope::Personal)
}

/// The plan of a purge of `scope`; refused on a door copy.
pub fn plan_scope(reg: &Registry, scope: Scope) -> Result<PurgePlan> {
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
        purged_at: match scope {
            Scope::Personal => super::retention::purged_at(reg.conn())?,
            Scope::Sensitive => meta(reg.conn(), SENSITIVE_PURGED_KEY)?,
        },
        scope,
    })
}

fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

/// Whether the event keeps gender for statistics (a purge then keeps it).
pub fn keeps_gender(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT keep_gender FROM event WHERE id = 1", [], |r| r.get(0))?)
}

/// The `SET` list of a purge of `scope`: every column the table of fields clears.
fn set_list(scope: Scope, keep_gender: bool) -> String {
    fields::FIELDS
        .iter()
        .filter(|f| scope == Scope::Personal || f.class == Class::Sensitive)
        .filter_map(|f| fields::purged_sql(f, keep_gender).map(|v| format!("{} = {v}", f.column)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Purges the personal data (see the module docs), then vacuums the file and empties its
/// write-ahead log.
pub fn purge(reg: &mut Registry) -> Result<PurgeReport> {
    purge_scope(reg, Scope::Personal)
}

/// Purges `scope` (see the module docs), then vacuums the file and empties its write-ahead
/// log.
pub fn purge_scope(reg: &mut Registry, scope: Scope) -> Result<PurgeReport> {
    let plan = plan_scope(reg, scope)?;
    let size = |p: Option<&Path>| p.and_then(|p| std::fs::metadata(p).ok()).map_or(0, |m| m.len());
    let path = reg.path().map(Path::to_path_buf);
    let wal = path
        .as_ref()
        .map(|p| PathBuf::from(format!("{}-wal", p.display())));
    let bytes_before = size(path.as_deref()) + size(wal.as_deref());
    let operator = reg.operator().to_string();
    let keep_gender = keeps_gender(reg.conn())?;
    let unreachable = unreachable(reg.conn(), path.as_deref(), scope)?;
    let conn = reg.conn_mut();
    conn.pragma_update(None, "secure_delete", true)?;
    let tx = conn.transaction()?;
    let now = now_rfc3339();
    let people = tx.execute(
        &format!(
            "UPDATE delegate SET {}, updated_at = ?1",
            set_list(scope, keep_gender)
        ),
        params![now],
    )? as u64;
    let (audit_values, batches, reasons, door_records) = if scope == Scope::Personal {
        let audit_values = redact_audit(&tx)?;
        let batches = redact_batches(&tx)?;
        let reasons = tx.execute(
            "UPDATE checkin SET override_reason = ?1 WHERE override_reason <> '' AND override_reason <> ?1",
            [PLACEHOLDER],
        )? as u64;
        (audit_values, batches, reasons, remove_door_records(&tx)?)
    } else {
        (0, 0, 0, 0)
    };
    // The purge changed no door field the doors do not already have: nothing to publish.
    tx.execute("DELETE FROM record_dirty", [])?;
    // What returned nomination workbooks said of each person (names, e-mails, identity
    // documents): only kept to merge a re-sent workbook, removed with either scope.
    tx.execute("DELETE FROM nomination_row", [])?;
    // What re-imports remembered and what the desks exchanged hold the same personal data:
    // gone too (the desk network captures nothing of the purge itself).
    tx.execute_batch(
        "DELETE FROM import_base; DELETE FROM import_conflict; DELETE FROM desk_change; \
         DELETE FROM desk_item; DELETE FROM desk_shadow; DELETE FROM desk_dirty; \
         DELETE FROM desk_conflict; DELETE FROM held_item WHERE kind = 'desk';",
    )?;
    let key = match scope {
        Scope::Personal => PURGED_KEY,
        Scope::Sensitive => SENSITIVE_PURGED_KEY,
    };
    tx.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, now.as_str()],
    )?;
    let summary = serde_json::json!({
        "scope": match scope { Scope::Personal => "personal", Scope::Sensitive => "sensitive" },
        "people": people,
        "audit_values": audit_values,
        "batches": batches,
        "reasons": reasons,
        "door_records": door_records,
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
        door_records,
        unreachable,
    })
}

/// Removes the signed door records and the items waiting to be sent or applied, keeping
/// the highest revision (so a record published later still replaces the doors' older
/// ones). Returns how many rows went.
fn remove_door_records(conn: &Connection) -> Result<u64> {
    conn.execute(
        "INSERT INTO meta(key, value)
             SELECT ?1, CAST(MAX(revision) AS TEXT) FROM door_record HAVING MAX(revision) IS NOT NULL
         ON CONFLICT(key) DO UPDATE SET value = CAST(MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)",
        [REVISION_FLOOR_KEY],
    )?;
    let mut n = conn.execute("DELETE FROM door_record", [])? as u64;
    n += conn.execute("DELETE FROM outbox WHERE kind = 'record'", [])? as u64;
    n += conn.execute("DELETE FROM held_item", [])? as u64;
    Ok(n)
}

/// What a purge of `scope` cannot reach: the door stations this desk certified (for the
/// personal scope: a door copy holds no field of the sensitive class), and the other copies
/// of this event's database in the folder of `db` (backups), by file name.
pub fn unreachable(conn: &Connection, db: Option<&Path>, scope: Scope) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if scope == Scope::Personal {
        let mut stmt = conn.prepare(
            "SELECT station_id, name FROM station_cert WHERE role = 'door' ORDER BY name, station_id",
        )?;
        let doors = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, name) in doors {
            let name = if name.is_empty() {
                String::new()
            } else {
                format!("{name:?} ")
            };
            out.push(format!(
                "door station {name}({id}): its door copy holds the names and photos; delete the copy"
            ));
        }
    }
    let Some(db) = db else { return Ok(out) };
    let key: Vec<u8> = conn.query_row("SELECT public_key FROM event WHERE id = 1", [], |r| r.get(0))?;
    let folder = crate::atomic_file::folder_of(db);
    let own = std::fs::canonicalize(db).ok();
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file() && std::fs::canonicalize(p).ok() != own)
        .filter(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !n.ends_with("-wal") && !n.ends_with("-shm") && !n.ends_with("-journal")
        })
        .filter(|p| same_event(p, &key))
        .collect();
    files.sort();
    for f in files {
        out.push(format!(
            "{}: a copy of this event's database (a backup or a door copy) made before the purge; delete it",
            f.display()
        ));
    }
    Ok(out)
}

/// Whether `path` is an SQLite file of the event whose public key is `key` (read-only, a
/// few bytes read; anything else, or a file that cannot be read, is not).
fn same_event(path: &Path, key: &[u8]) -> bool {
    let mut head = [0u8; 16];
    let is_sqlite = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok()
        && &head == b"SQLite format 3\0";
    if !is_sqlite {
        return false;
    }
    let Ok(conn) = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return false;
    };
    let _ = conn.busy_timeout(std::time::Duration::from_secs(2));
    conn.query_row("SELECT public_key FROM event WHERE id = 1", [], |r| {
        r.get::<_, Vec<u8>>(0)
    })
    .is_ok_and(|k| k == key)
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
