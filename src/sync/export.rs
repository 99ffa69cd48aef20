//! Exporting what a station knows to a small SQLite file of signed items ([`export`]).

use std::path::Path;

use rusqlite::Connection;

use super::{EXPORT_FORMAT, ExportReport, Result, SyncError, io_err, temp_beside};
use crate::network::{self, ItemKind};
use crate::registry::Registry;

/// Writes every certificate, door record and verified scan this station knows to an export
/// at `out` (replaced if it exists; the file appears only when complete).
pub fn export(reg: &Registry, out: &Path) -> Result<ExportReport> {
    crate::output_guard::check(out).map_err(io_err(crate::output_guard::ACTION, out))?;
    reg.drain_spool()?;
    let event = reg.event()?;
    let key = reg.verifying_key()?;
    let station_id = reg.station_id()?;
    let tmp = temp_beside(out)?;
    let (mut scans, mut records, mut certs) = (0u64, 0u64, 0u64);
    {
        let mut conn = Connection::open(tmp.path())?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        let tx = conn.transaction()?;
        tx.execute_batch(
            "CREATE TABLE export_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE item (
                 kind TEXT NOT NULL, key TEXT NOT NULL, revision INTEGER NOT NULL, body BLOB NOT NULL,
                 PRIMARY KEY (kind, key, revision));",
        )?;
        {
            let mut stmt =
                tx.prepare("INSERT OR REPLACE INTO item(kind, key, revision, body) VALUES (?1, ?2, ?3, ?4)")?;
            network::for_each_item(reg, |i| {
                stmt.execute(rusqlite::params![i.kind.as_str(), i.key, i.revision, i.body])?;
                match i.kind {
                    ItemKind::Scan => scans += 1,
                    ItemKind::Record | ItemKind::Desk => records += 1,
                    // A revocation is counted with the certificates it withdraws.
                    ItemKind::Cert | ItemKind::Revoke => certs += 1,
                }
                Ok(())
            })?;
        }
        let n = (scans + records + certs).to_string();
        let hex = data_encoding::HEXLOWER.encode(key.as_bytes());
        let now = crate::registry::now_rfc3339();
        for (k, v) in [
            ("format", EXPORT_FORMAT),
            ("station_id", station_id.as_str()),
            ("event_code", event.code.as_str()),
            ("public_key", hex.as_str()),
            ("exported_at", now.as_str()),
            ("items", n.as_str()),
        ] {
            tx.execute("INSERT INTO export_meta(key, value) VALUES (?1, ?2)", [k, v])?;
        }
        tx.commit()?;
        conn.close().map_err(|(_, e)| SyncError::from(e))?;
    }
    tmp.as_file().sync_all().map_err(io_err("cannot write", out))?;
    tmp.persist(out).map_err(|e| io_err("cannot write", out)(e))?;
    crate::atomic_file::sync_folder(crate::atomic_file::folder_of(out));
    Ok(ExportReport {
        station_id,
        scans,
        records,
        certs,
    })
}
