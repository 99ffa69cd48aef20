//! What a database file is: checked before a backup is kept and before a restore.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{RecordsError, Result};
use crate::registry::{chain, migrations};

/// Who a database file belongs to, read from the file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The event's code.
    pub event_code: String,
    /// The event's title.
    pub title: String,
    /// The event's public key (the same in every copy of the event's database).
    pub public_key: Vec<u8>,
    /// A door station copy (no signing key).
    pub door_copy: bool,
    /// How many delegates.
    pub delegates: u64,
    /// How many audit entries.
    pub audit_entries: u64,
    /// The audit chain's head (`None` when empty or not yet chained).
    pub head: Option<(i64, chain::Hash)>,
    /// The schema version.
    pub version: usize,
}

/// Opens `path` read-only, runs SQLite's full integrity check and reads what makes it an
/// accredit database: the schema version, the event and its key, the counts.
pub fn check(path: &Path) -> Result<Identity> {
    let not = |detail: String| RecordsError::NotAccredit {
        detail,
        path: path.display().to_string(),
    };
    if !path.is_file() {
        return Err(not("no such file".into()));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not(e.to_string()))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| not(e.to_string()))?;
    if check != "ok" {
        return Err(not(format!("integrity check: {check}")));
    }
    identify(&conn).map_err(|e| match e {
        RecordsError::Sqlite(e) => not(e.to_string()),
        other => other,
    })
}

/// Reads the identity of an open accredit database.
pub fn identify(conn: &Connection) -> Result<Identity> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let version = version.max(0) as usize;
    let bad = |detail: &str| RecordsError::NotAccredit {
        detail: detail.into(),
        path: conn.path().unwrap_or("").to_string(),
    };
    if version == 0 {
        return Err(bad("no accredit schema"));
    }
    if version > migrations::latest() {
        return Err(bad("written by a newer accredit"));
    }
    let event: Option<(String, String, Vec<u8>, bool)> = conn
        .query_row(
            "SELECT code, title, public_key, secret_key IS NULL FROM event WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((event_code, title, public_key, door_copy)) = event else {
        return Err(bad("no event"));
    };
    let delegates: i64 = conn.query_row("SELECT COUNT(*) FROM delegate", [], |r| r.get(0))?;
    let audit_entries: i64 = conn.query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))?;
    let chained = conn.prepare("SELECT hash FROM audit LIMIT 0").is_ok();
    let head = if chained { chain::head(conn)? } else { None };
    Ok(Identity {
        event_code,
        title,
        public_key,
        door_copy,
        delegates: delegates.max(0) as u64,
        audit_entries: audit_entries.max(0) as u64,
        head,
        version,
    })
}
