//! Desk copies: `accredit station package --role desk`. A second (third, ...) desk gets the
//! whole registry (every delegate with e-mails, external ids and functions, photos, the audit
//! trail, the scan log), **without the event key**, with a station id and key of its own and a
//! certificate (role `desk`) signed by the event key, its own block of badge serials, the
//! secret the desks share (private values in desk changes travel sealed with it) and, when
//! the desk is on a hub, the desk login. What it changes reaches the other desks as signed
//! desk changes ([`crate::network::desk_changes`]).
//!
//! The copy is made with SQLite's `VACUUM INTO` into a temporary file beside `--out` (mode
//! 0600), the event key removed with `secure_delete` on and the file vacuumed again (no
//! free page keeps the key), checked, then renamed into place: it appears only when
//! complete; an existing file is never overwritten.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use super::{PackageReport, Result, SyncError, io_err, new_station_id};
use crate::network::identity::{self, Role};
use crate::network::{self, ItemKind, NetworkError};
use crate::registry::{Registry, RegistryError, desk_log};

/// Prefix of the temporary file a desk copy is built in (beside `--out`).
const DESK_TEMP_PREFIX: &str = ".accredit-desk-";

/// Children blocks per desk (see [`desk_log::serial_block`]).
const CHILDREN: i64 = 64;

/// Writes a desk copy of the registry to `out` (which must not exist) for a desk named `name`.
pub fn package_desk(reg: &mut Registry, out: &Path, name: &str) -> Result<PackageReport> {
    crate::output_guard::check(out).map_err(io_err(crate::output_guard::ACTION, out))?;
    if out.exists() {
        return Err(SyncError::Exists(out.display().to_string()));
    }
    if reg.is_door_copy()? {
        return Err(RegistryError::NoSigningKey.into());
    }
    let folder = crate::atomic_file::folder_of(out).to_path_buf();
    reg.drain_spool()?;
    network::records::publish_pending(reg.conn())?;
    // This desk joins (or is already in) a desk network; the copy's block of serials.
    let block = {
        let tx = reg
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        desk_log::activate(&tx)?;
        network::desk_changes::publish_pending(&tx)?;
        let own: i64 = meta_i64(&tx, "desk_block")?.unwrap_or(0);
        let children = meta_i64(&tx, "desk_children")?.unwrap_or(0) + 1;
        if children >= CHILDREN {
            return Err(SyncError::Registry(RegistryError::Invalid {
                field: "role".into(),
                message: format!(
                    "this desk has packaged {} desk copies, the most it can",
                    CHILDREN - 1
                ),
            }));
        }
        tx.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('desk_children', ?1)",
            [children.to_string()],
        )?;
        tx.commit()?;
        own * CHILDREN + children
    };
    let tmp = tempfile::Builder::new()
        .prefix(DESK_TEMP_PREFIX)
        .suffix(".part")
        .tempfile_in(&folder)
        .map_err(io_err("cannot create a file in the folder of", out))?;
    let tmp_path = tmp.path().to_path_buf();
    let _on_signal = crate::interrupt::TempGuard::new(&tmp_path);
    reg.conn()
        .execute("VACUUM INTO ?1", [tmp_path.display().to_string()])?;
    let station_id = new_station_id();
    let desk_tx = reg.conn().unchecked_transaction()?;
    let delegates;
    let hub;
    {
        let mut conn = Connection::open(&tmp_path)?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        let tx = conn.transaction()?;
        tx.execute("UPDATE event SET secret_key = NULL", [])?;
        // Nothing of the first desk's to send again; the copy's own items start here.
        tx.execute_batch(
            "DELETE FROM outbox; DELETE FROM held_item; DELETE FROM record_dirty; DELETE FROM desk_dirty;",
        )?;
        let sent: i64 = tx
            .query_row("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'", [], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or(0);
        for (k, v) in [
            ("station_id", station_id.clone()),
            ("desk_block", block.to_string()),
            ("desk_children", "0".to_string()),
            ("desk_copy_of", reg.station_id()?),
            ("hub_sent", sent.to_string()),
        ] {
            tx.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
                [k, v.as_str()],
            )?;
        }
        let key = identity::rekey(&tx, &station_id, Role::Desk, name.trim())?;
        let cert = identity::certify(&desk_tx, &station_id, name, Role::Desk, &key.verifying_key())?;
        let c: identity::Certificate = network::envelope::open(&cert)
            .and_then(|o| serde_json::from_slice(o.payload).ok())
            .ok_or_else(|| NetworkError::Refused("the new certificate does not parse".into()))?;
        identity::store_cert(&tx, &c, &cert)?;
        network::push_outbox(&tx, ItemKind::Cert, &station_id, 0)?;
        delegates = tx.query_row("SELECT COUNT(*) FROM delegate", [], |r| r.get::<_, i64>(0))? as u64;
        hub = tx
            .query_row("SELECT value FROM meta WHERE key = 'hub_url'", [], |r| {
                r.get::<_, String>(0)
            })
            .optional()?;
        tx.commit()?;
        conn.execute_batch("VACUUM")?;
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(SyncError::Registry(RegistryError::Corrupt {
                detail: format!("the desk copy being written: {check}"),
                path: tmp_path.display().to_string(),
            }));
        }
        conn.close().map_err(|(_, e)| SyncError::from(e))?;
    }
    tmp.as_file().sync_all().map_err(io_err("cannot write", out))?;
    tmp.persist_noclobber(out).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            SyncError::Exists(out.display().to_string())
        } else {
            io_err("cannot write", out)(e.error)
        }
    })?;
    crate::atomic_file::sync_folder(&folder);
    desk_tx.commit()?;
    Ok(PackageReport {
        station_id,
        delegates,
        photos: 0,
        hub,
    })
}

fn meta_i64(conn: &Connection, key: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .and_then(|v| v.parse().ok()))
}
