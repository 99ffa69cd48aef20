//! Several door stations: packaging a door copy of the registry, exporting a station's scan
//! log, and merging another station's log.
//!
//! - A **door copy** ([`package`]) is a SQLite database like the desk's, without the event's
//!   signing key (it cannot print or reissue), without e-mails, external ids, functions and
//!   the audit trail, and with its own new station id. It keeps what the door needs: the
//!   event and its public key, delegations, names, photos, attention notes, statuses, badge
//!   versions, days and zones, and the scan log so far.
//! - A **scan export** ([`export`]) is a small SQLite file: table `export_meta` (`format` =
//!   `accredit-scans-1`, `station_id`, `event_code`, `public_key` in hex, `exported_at`,
//!   `rows`) and table `checkin` with the scan log's columns. It holds every scan the station
//!   knows, including scans it merged from others, so logs spread station to station.
//! - [`merge`] adds the scans of an export (or of another accredit database of the same event)
//!   whose UUID is not yet known, in one transaction: merging twice is merging once, and the
//!   order of merges does not matter (the result is the union of the logs by UUID).

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::checkin::LogEntry;
use crate::checkin::VerdictCode;
use crate::checkin::log::{self, parse_at};
use crate::registry::{Registry, RegistryError};

/// The `format` value of a scan export.
pub const EXPORT_FORMAT: &str = "accredit-scans-1";

/// Errors of station exchange.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The registry or a database failed.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// A file could not be read or written.
    #[error("{action}: {source}: {path}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The OS error.
        source: std::io::Error,
        /// The file.
        path: String,
    },
    /// The output file exists already.
    #[error("the file exists already; choose another name or remove it: {0}")]
    Exists(String),
    /// The file is neither a scan export nor an accredit database.
    #[error("not an accredit scan export or station database ({detail}): {path}")]
    NotAnExport {
        /// What is wrong.
        detail: String,
        /// The file.
        path: String,
    },
    /// The file belongs to another event (or another event key).
    #[error("the scans are from another event ({detail}); merge only stations of this event: {path}")]
    OtherEvent {
        /// What differs.
        detail: String,
        /// The file.
        path: String,
    },
    /// A row of the file is malformed; nothing was merged.
    #[error("{path}: scan row {row}: column {column}: {message}; nothing was merged")]
    BadRow {
        /// The file.
        path: String,
        /// 1-based row number in UUID order.
        row: usize,
        /// The column.
        column: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The station id is not acceptable.
    #[error("station id {0:?} must be 1 to 32 letters, digits, '-' or '_'")]
    BadStationId(String),
}

impl From<rusqlite::Error> for SyncError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Registry(e.into())
    }
}

/// Result of station exchange.
pub type Result<T, E = SyncError> = std::result::Result<T, E>;

/// What [`package`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageReport {
    /// The door copy's new station id.
    pub station_id: String,
    /// Delegates copied.
    pub delegates: u64,
    /// Delegates with a photo.
    pub photos: u64,
}

/// What [`export`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    /// The exporting station.
    pub station_id: String,
    /// Scans written.
    pub scans: u64,
}

/// What [`merge`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergeReport {
    /// Station id of the file (empty when unknown).
    pub from_station: String,
    /// Scans in the file.
    pub read: u64,
    /// Scans new to this database, now added.
    pub added: u64,
    /// Scans already known, identical.
    pub known: u64,
    /// Scans whose UUID is known here with different content (kept as they were here).
    pub conflicting: u64,
}

/// Whether `s` is an acceptable station id: 1 to 32 of `A-Z a-z 0-9 - _`.
pub fn is_station_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A new random station id like `ST-3FA2C1`.
pub fn new_station_id() -> String {
    let u = uuid::Uuid::new_v4().simple().to_string();
    format!("ST-{}", u.get(..6).unwrap_or("000000").to_ascii_uppercase())
}

/// Changes this database's station id.
pub fn set_station_id(reg: &Registry, id: &str) -> Result<()> {
    if !is_station_id(id) {
        return Err(SyncError::BadStationId(id.to_string()));
    }
    reg.set_meta("station_id", id)?;
    Ok(())
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> SyncError + use<> {
    let path = path.display().to_string();
    move |source| SyncError::Io { action, source, path }
}

fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // tempfile creates the file with mode 0600: the copy holds personal data.
    tempfile::Builder::new()
        .prefix(".accredit-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(io_err("cannot create a file in the folder of", path))
}

/// Writes a door copy of the registry to `out` (which must not exist). The file appears only
/// when complete.
pub fn package(reg: &Registry, out: &Path) -> Result<PackageReport> {
    if out.exists() {
        return Err(SyncError::Exists(out.display().to_string()));
    }
    let tmp = temp_beside(out)?;
    let tmp_path = tmp.path().to_path_buf();
    reg.conn()
        .execute("VACUUM INTO ?1", [tmp_path.display().to_string()])?;
    let station_id = new_station_id();
    let (delegates, photos) = {
        let mut conn = Connection::open(&tmp_path)?;
        conn.pragma_update(None, "secure_delete", true)?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        let tx = conn.transaction()?;
        tx.execute("UPDATE event SET secret_key = NULL", [])?;
        tx.execute(
            "UPDATE delegate SET email = '', external_id = NULL, function = '', \
             status_reason = CASE WHEN status = 'withdrawn' THEN status_reason ELSE '' END",
            [],
        )?;
        tx.execute("DELETE FROM audit_batch", [])?;
        tx.execute("DELETE FROM audit", [])?;
        let source: String = tx
            .query_row("SELECT value FROM meta WHERE key = 'station_id'", [], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_default();
        for (k, v) in [
            ("station_id", station_id.as_str()),
            ("door_copy_of", source.as_str()),
            ("packaged_at", &crate::registry::now_rfc3339()),
        ] {
            tx.execute(
                "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [k, v],
            )?;
        }
        let counts: (i64, i64) = tx.query_row("SELECT COUNT(*), COUNT(photo) FROM delegate", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        tx.commit()?;
        // Rewrite the file so no deleted key, e-mail or audit text stays in free pages.
        conn.execute_batch("VACUUM")?;
        conn.close().map_err(|(_, e)| SyncError::from(e))?;
        (counts.0.max(0) as u64, counts.1.max(0) as u64)
    };
    tmp.as_file().sync_all().map_err(io_err("cannot write", out))?;
    tmp.persist_noclobber(out).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            SyncError::Exists(out.display().to_string())
        } else {
            io_err("cannot write", out)(e.error)
        }
    })?;
    crate::atomic_file::sync_folder(crate::atomic_file::folder_of(out));
    Ok(PackageReport {
        station_id,
        delegates,
        photos,
    })
}

/// Writes every scan this station knows to a scan export at `out` (replaced if it exists;
/// the file appears only when complete).
pub fn export(reg: &Registry, out: &Path) -> Result<ExportReport> {
    let entries = log::all(reg.conn())?;
    let event = reg.event()?;
    let key = reg.verifying_key()?;
    let station_id = reg.station_id()?;
    let tmp = temp_beside(out)?;
    {
        let mut conn = Connection::open(tmp.path())?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        let tx = conn.transaction()?;
        tx.execute_batch(
            "CREATE TABLE export_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE checkin (
                 uuid TEXT PRIMARY KEY, station TEXT NOT NULL, at TEXT NOT NULL, day TEXT NOT NULL,
                 verdict TEXT NOT NULL, serial INTEGER, version INTEGER, zone TEXT NOT NULL DEFAULT '',
                 override_reason TEXT NOT NULL DEFAULT '', operator TEXT NOT NULL DEFAULT '',
                 direction TEXT NOT NULL DEFAULT 'in', annuls TEXT NOT NULL DEFAULT '');",
        )?;
        let rows = entries.len().to_string();
        let hex = data_encoding::HEXLOWER.encode(key.as_bytes());
        let now = crate::registry::now_rfc3339();
        for (k, v) in [
            ("format", EXPORT_FORMAT),
            ("station_id", station_id.as_str()),
            ("event_code", event.code.as_str()),
            ("public_key", hex.as_str()),
            ("exported_at", now.as_str()),
            ("rows", rows.as_str()),
        ] {
            tx.execute("INSERT INTO export_meta(key, value) VALUES (?1, ?2)", [k, v])?;
        }
        for e in &entries {
            log::insert(&tx, e)?;
        }
        tx.commit()?;
        conn.close().map_err(|(_, e)| SyncError::from(e))?;
    }
    tmp.as_file().sync_all().map_err(io_err("cannot write", out))?;
    tmp.persist(out)
        .map_err(|e| io_err("cannot write", out)(e.error))?;
    crate::atomic_file::sync_folder(crate::atomic_file::folder_of(out));
    Ok(ExportReport {
        station_id,
        scans: entries.len() as u64,
    })
}

/// Reads the identity of a scan source: (station id, event code, public key bytes).
fn identity(conn: &Connection, path: &Path) -> Result<(String, String, Vec<u8>)> {
    let not = |detail: String| SyncError::NotAnExport {
        detail,
        path: path.display().to_string(),
    };
    let has = |table: &str| -> Result<bool> {
        Ok(conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |_| Ok(()),
            )
            .optional()
            .map_err(|e| not(e.to_string()))?
            .is_some())
    };
    if !has("checkin")? {
        return Err(not("no checkin table".into()));
    }
    if has("export_meta")? {
        let meta = |k: &str| -> Result<String> {
            conn.query_row("SELECT value FROM export_meta WHERE key = ?1", [k], |r| r.get(0))
                .optional()?
                .ok_or_else(|| not(format!("export_meta has no {k}")))
        };
        let format = meta("format")?;
        if format != EXPORT_FORMAT {
            return Err(not(format!(
                "format {format:?}, this accredit reads {EXPORT_FORMAT:?}"
            )));
        }
        let key = data_encoding::HEXLOWER
            .decode(meta("public_key")?.as_bytes())
            .map_err(|e| not(format!("public_key: {e}")))?;
        Ok((meta("station_id")?, meta("event_code")?, key))
    } else if has("event")? && has("meta")? {
        let (code, key): (String, Vec<u8>) =
            conn.query_row("SELECT code, public_key FROM event WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let station: String = conn
            .query_row("SELECT value FROM meta WHERE key = 'station_id'", [], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_default();
        Ok((station, code, key))
    } else {
        Err(not("no export_meta or event table".into()))
    }
}

fn check_row(e: &LogEntry, row: usize, path: &Path) -> Result<()> {
    let bad = |column: &'static str, message: String| {
        Err(SyncError::BadRow {
            path: path.display().to_string(),
            row,
            column,
            message,
        })
    };
    if uuid::Uuid::parse_str(&e.uuid).is_err() {
        return bad("uuid", format!("{:?} is not a UUID", e.uuid));
    }
    if e.station.trim().is_empty() {
        return bad("station", "is empty".into());
    }
    if parse_at(&e.at).is_none() {
        return bad("at", format!("{:?} is not an RFC 3339 time", e.at));
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    if time::Date::parse(&e.day, &fmt).is_err() {
        return bad("day", format!("{:?} is not a date", e.day));
    }
    if e.verdict != VerdictCode::Invalid && e.verdict != VerdictCode::Unregistered && e.serial.is_none() {
        return bad("serial", format!("missing for a {} scan", e.verdict));
    }
    Ok(())
}

/// Merges the scans of `file` (a scan export, or another accredit database of the same
/// event) into this registry, in one transaction: all or nothing.
pub fn merge(reg: &mut Registry, file: &Path) -> Result<MergeReport> {
    if !file.is_file() {
        return Err(io_err("cannot read", file)(std::io::Error::from(
            std::io::ErrorKind::NotFound,
        )));
    }
    let src = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| {
        SyncError::NotAnExport {
            detail: e.to_string(),
            path: file.display().to_string(),
        }
    })?;
    let (from_station, code, key) = identity(&src, file)?;
    let event = reg.event()?;
    let ours = reg.verifying_key()?;
    if code != event.code {
        return Err(SyncError::OtherEvent {
            detail: format!("event {code}, this database serves {}", event.code),
            path: file.display().to_string(),
        });
    }
    if key != ours.as_bytes() {
        return Err(SyncError::OtherEvent {
            detail: "another event key".into(),
            path: file.display().to_string(),
        });
    }
    let entries = {
        let mut stmt = src.prepare(&format!("SELECT {} FROM checkin ORDER BY uuid", log::COLUMNS))?;
        let rows = stmt.query_map([], log::from_row)?;
        let mut out = Vec::new();
        for (i, r) in rows.enumerate() {
            let e = r.map_err(|e| SyncError::BadRow {
                path: file.display().to_string(),
                row: i + 1,
                column: "verdict",
                message: e.to_string(),
            })?;
            check_row(&e, i + 1, file)?;
            out.push(e);
        }
        out
    };
    drop(src);
    let mut report = MergeReport {
        from_station,
        read: entries.len() as u64,
        ..MergeReport::default()
    };
    let tx = reg.conn_mut().transaction()?;
    for e in &entries {
        if log::insert(&tx, e)? {
            report.added += 1;
        } else if log::get(&tx, &e.uuid)?.as_ref() == Some(e) {
            report.known += 1;
        } else {
            report.conflicting += 1;
        }
    }
    tx.commit()?;
    Ok(report)
}
