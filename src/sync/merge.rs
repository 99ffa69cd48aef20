//! Merging an export, or another station database of the same event ([`merge`]): verified
//! and applied in one transaction.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{EXPORT_FORMAT, LEGACY_FORMAT, MergeReport, Result, SyncError, io_err};
use crate::network::{self, Item, ItemKind, RefusalReason};
use crate::registry::Registry;

/// What a file to merge holds.
enum Source {
    /// An export: signed items in its `item` table.
    Export,
    /// A station database of this version: its items, and how many rows it keeps unverified.
    Database(u64),
    /// A scan export or station database of an earlier version: this many unsigned rows.
    Unsigned(u64),
}

fn has_table(conn: &Connection, table: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Reads a file to merge: (station id, event code, public key bytes, contents).
fn read_source(conn: &Connection, path: &Path) -> Result<(String, String, Vec<u8>, Source)> {
    let not = |detail: String| SyncError::NotAnExport {
        detail,
        path: path.display().to_string(),
    };
    let has = |table: &str| has_table(conn, table).map_err(|e| not(e.to_string()));
    if has("export_meta")? {
        let meta = |k: &str| -> Result<String> {
            conn.query_row("SELECT value FROM export_meta WHERE key = ?1", [k], |r| r.get(0))
                .optional()
                .map_err(|e| not(e.to_string()))?
                .ok_or_else(|| not(format!("export_meta has no {k}")))
        };
        let format = meta("format")?;
        let key = data_encoding::HEXLOWER
            .decode(meta("public_key")?.as_bytes())
            .map_err(|e| not(format!("public_key: {e}")))?;
        let (station, code) = (meta("station_id")?, meta("event_code")?);
        let source = if format == EXPORT_FORMAT && has("item")? {
            Source::Export
        } else if format == LEGACY_FORMAT && has("checkin")? {
            let n: i64 = conn.query_row("SELECT COUNT(*) FROM checkin", [], |r| r.get(0))?;
            Source::Unsigned(n.max(0) as u64)
        } else {
            return Err(not(format!(
                "format {format:?}, this accredit reads {EXPORT_FORMAT:?}"
            )));
        };
        Ok((station, code, key, source))
    } else if has("event")? && has("meta")? && has("checkin")? {
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
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let source = if version as usize == crate::registry::migrations::latest() {
            let unsigned: i64 =
                conn.query_row("SELECT COUNT(*) FROM checkin WHERE verified = 0", [], |r| {
                    r.get(0)
                })?;
            Source::Database(unsigned.max(0) as u64)
        } else if (version as usize) < crate::registry::migrations::latest() {
            let n: i64 = conn.query_row("SELECT COUNT(*) FROM checkin", [], |r| r.get(0))?;
            Source::Unsigned(n.max(0) as u64)
        } else {
            return Err(not(format!(
                "schema version {version}, newer than this accredit; use a newer accredit"
            )));
        };
        Ok((station, code, key, source))
    } else {
        Err(not("no export_meta or event table".into()))
    }
}

/// Merges what `file` carries (an export, or another accredit station database of the same
/// event) into this registry: every item verified, then applied in one transaction, all or
/// nothing; refused items counted by reason.
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
    let (from_station, code, key, source) = read_source(&src, file)?;
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
    let mut read = 0u64;
    reg.drain_spool()?;
    let mut batch = network::apply::Batch::begin(reg)?;
    let unsigned = match source {
        Source::Unsigned(n) => n,
        Source::Database(n) => {
            network::for_each_item_in(&src, |i| {
                read += 1;
                batch.add(&i).map(|_| ())
            })?;
            n
        }
        Source::Export => {
            // Certificates, then records, then scans.
            let mut stmt = src.prepare(
                "SELECT kind, key, revision, body FROM item
                 ORDER BY CASE kind WHEN 'cert' THEN 0 WHEN 'desk' THEN 1 WHEN 'record' THEN 2 WHEN 'scan' THEN 3 ELSE 4 END, key, revision",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                read += 1;
                let row = read as usize;
                let bad = |column: &'static str, message: String| SyncError::BadRow {
                    path: file.display().to_string(),
                    row,
                    column,
                    message,
                };
                let kind: String = r.get(0).map_err(|e| bad("kind", e.to_string()))?;
                let kind = ItemKind::parse(&kind)
                    .ok_or_else(|| bad("kind", format!("{kind:?} is not cert, desk, scan or record")))?;
                let item = Item {
                    kind,
                    key: r.get(1).map_err(|e| bad("key", e.to_string()))?,
                    revision: r.get(2).map_err(|e| bad("revision", e.to_string()))?,
                    body: r.get(3).map_err(|e| bad("body", e.to_string()))?,
                };
                batch.add(&item)?;
            }
            0
        }
    };
    let r = batch.finish()?;
    let mut refused = r.refused.clone();
    if unsigned > 0 {
        refused.push((RefusalReason::Unsigned, unsigned));
        refused.sort();
    }
    Ok(MergeReport {
        from_station,
        read: read + unsigned,
        added: r.accepted,
        known: r.known,
        conflicting: r.refused_for(RefusalReason::Conflict),
        refused,
    })
}
