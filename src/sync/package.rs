//! Door copies: packaging the desk's registry for a door station ([`package`]) and
//! enrolling a station file made elsewhere ([`enroll`]).

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use super::{PackageReport, Result, SyncError, io_err, new_station_id};
use crate::network::identity::{self, Role};
use crate::network::{self, Item, ItemKind, NetworkError};
use crate::registry::fields::{self, Class};
use crate::registry::{Registry, RegistryError};

/// The tables a door copy holds, with the columns it blanks. Everything else (the audit
/// trail, tables added for the desk) stays empty in the copy. The `delegate` table is a
/// whitelist: only the columns of the door's fields ([`Class::Door`] in
/// [`crate::registry::fields::FIELDS`]) are copied, see [`door_value`].
const DOOR_TABLES: [(&str, &[(&str, &str)]); 12] = [
    ("event", &[("secret_key", "NULL")]),
    ("event_day", &[]),
    ("zone", &[]),
    ("category", &[]),
    ("delegation", &[]),
    ("delegate", &[]),
    ("checkin", &[]),
    ("meta", &[]),
    // The network: the certificates and signed door records it knows (never a key).
    ("station_cert", &[]),
    ("station_revocation", &[]),
    // Which desk copy issued each badge's current version (its version 2 passes are valid).
    ("badge_issuer", &[]),
    ("door_record", &[]),
];

/// What the door copy gets of a column of the `delegate` table: the column for a field of
/// the door's class, nothing (the schema's default) for any other column.
fn door_value(column: &str) -> Option<String> {
    let field = fields::FIELDS.iter().find(|f| f.column == column)?;
    if field.class != Class::Door {
        return None;
    }
    Some(match field.field {
        // A withdrawal's reason is shown at the door; a rejection's stays at the desk.
        fields::Field::StatusReason => "CASE WHEN status = 'withdrawn' THEN status_reason ELSE '' END".into(),
        _ => format!("\"{column}\""),
    })
}

/// The `meta` keys copied to a door copy (station_id, door_copy_of and packaged_at are new).
const DOOR_META_KEYS: [&str; 2] = [crate::registry::seed::SEED_KEY, "network_legacy_signed"];

/// Writes a door copy of the registry to `out` (which must not exist). The file appears only
/// when complete.
///
/// The source is integrity-checked first. The copy is built by writing only the door's data
/// into a fresh file (the schema, then the door tables without the signing key,
/// delegates' fields of the desk and sensitive classes; no audit trail), so no file in the folder of `out`
/// ever holds a secret. The temporary file is removed on error and on SIGINT/SIGTERM; one
/// left by a run that was killed (SIGKILL, power cut) is removed by the next package into the
/// same folder.
///
/// The new door station gets a key of its own (never the desk's) and a certificate signed by
/// the event key; the copy carries the current signed door record of every delegate.
pub fn package(reg: &Registry, out: &Path) -> Result<PackageReport> {
    package_named(reg, out, "")
}

/// [`package`] for a door named `name` ("Door A, Heldenplatz"; empty: none).
pub fn package_named(reg: &Registry, out: &Path, name: &str) -> Result<PackageReport> {
    crate::output_guard::check(out).map_err(io_err(crate::output_guard::ACTION, out))?;
    if out.exists() {
        return Err(SyncError::Exists(out.display().to_string()));
    }
    let folder = crate::atomic_file::folder_of(out);
    if reg.is_door_copy()? {
        return Err(RegistryError::NoSigningKey.into());
    }
    integrity_check(reg)?;
    reg.drain_spool()?;
    // The copy carries the current door record of every delegate.
    network::records::publish_pending(reg.conn())?;
    // Private (0600), locked while this run lives, removed on SIGINT/SIGTERM and, after a
    // SIGKILL, by the next run's sweep.
    let tmp = crate::atomic_file::private_temp(folder, "door-")
        .map_err(io_err("cannot create a file in the folder of", out))?;
    let tmp_path = tmp.path().to_path_buf();
    {
        let mut conn = Connection::open(&tmp_path)?;
        conn.pragma_update(None, "journal_mode", "OFF")?;
        crate::registry::migrations::migrate(&mut conn)?;
        for (table, _) in DOOR_TABLES {
            conn.execute(&format!("DELETE FROM \"{table}\""), [])?;
        }
        conn.close().map_err(|(_, e)| SyncError::from(e))?;
    }
    let station_id = new_station_id();
    let counts = fill_door_copy(reg.conn(), &tmp_path, &station_id)?;
    // The desk certifies the new station (committed only once the copy is in place).
    let desk_tx = reg.conn().unchecked_transaction()?;
    let hub;
    {
        let mut conn = Connection::open(&tmp_path)?;
        let tx = conn.transaction()?;
        // Filled by the triggers while the delegates were copied: nothing of the desk's to send.
        tx.execute_batch("DELETE FROM outbox; DELETE FROM held_item; DELETE FROM record_dirty;")?;
        let key = identity::rekey(&tx, &station_id, Role::Door, name.trim())?;
        let cert = identity::certify(&desk_tx, &station_id, name, Role::Door, &key.verifying_key())?;
        let c: identity::Certificate = network::envelope::open(&cert)
            .and_then(|o| serde_json::from_slice(o.payload).ok())
            .ok_or_else(|| NetworkError::Refused("the new certificate does not parse".into()))?;
        identity::store_cert(&tx, &c, &cert)?;
        network::push_outbox(&tx, ItemKind::Cert, &station_id, 0)?;
        // The desk's own hub login never leaves the desk; the copy gets the door login.
        hub = if crate::hub::config::door_copy_from(reg.conn(), &tx).map_err(hub_err)? {
            crate::hub::config::load(&tx)
                .map_err(hub_err)?
                .map(|c| c.login.url)
        } else {
            None
        };
        tx.commit()?;
        conn.close().map_err(|(_, e)| SyncError::from(e))?;
    }
    {
        let conn = Connection::open(&tmp_path)?;
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(SyncError::Registry(RegistryError::Corrupt {
                detail: format!("the door copy being written: {check}"),
                path: tmp_path.display().to_string(),
            }));
        }
        conn.close().map_err(|(_, e)| SyncError::from(e))?;
    }
    tmp.as_file().sync_all().map_err(io_err("cannot write", out))?;
    tmp.persist_noclobber(out).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            SyncError::Exists(out.display().to_string())
        } else {
            io_err("cannot write", out)(e)
        }
    })?;
    crate::atomic_file::sync_folder(folder);
    desk_tx.commit()?;
    Ok(PackageReport {
        station_id,
        delegates: counts.0,
        photos: counts.1,
        hub,
    })
}

/// A hub configuration error as a sync error.
fn hub_err(e: crate::hub::HubError) -> SyncError {
    match e {
        crate::hub::HubError::Registry(r) => SyncError::Registry(r),
        other => SyncError::Registry(RegistryError::Invalid {
            field: "hub".into(),
            message: other.to_string(),
        }),
    }
}

/// Runs SQLite's full integrity check on the source of a door copy.
fn integrity_check(reg: &Registry) -> Result<()> {
    let mut stmt = reg.conn().prepare("PRAGMA integrity_check(20)")?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if lines.first().map(String::as_str) == Some("ok") {
        return Ok(());
    }
    Err(SyncError::Registry(RegistryError::Corrupt {
        detail: lines.join("; "),
        path: reg
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| ":memory:".into()),
    }))
}

/// Copies the door's data from `src` (the registry's connection) into the fresh file at
/// `door`, attached for the time of the copy; returns (delegates, photos).
fn fill_door_copy(src: &Connection, door: &Path, station_id: &str) -> Result<(u64, u64)> {
    src.execute("ATTACH DATABASE ?1 AS door", [door.display().to_string()])?;
    let result = (|| -> Result<(u64, u64)> {
        src.pragma_update(Some("door"), "journal_mode", "OFF")?;
        src.pragma_update(Some("door"), "synchronous", "OFF")?;
        let tx = rusqlite::Transaction::new_unchecked(src, rusqlite::TransactionBehavior::Deferred)?;
        for (table, blanks) in DOOR_TABLES {
            let columns: Vec<String> = {
                let mut stmt = tx.prepare(&format!("PRAGMA door.table_info(\"{table}\")"))?;
                stmt.query_map([], |r| r.get::<_, String>(1))?
                    .collect::<rusqlite::Result<_>>()?
            };
            let from_main: Vec<String> = {
                let mut stmt = tx.prepare(&format!("PRAGMA main.table_info(\"{table}\")"))?;
                stmt.query_map([], |r| r.get::<_, String>(1))?
                    .collect::<rusqlite::Result<_>>()?
            };
            let pairs: Vec<(String, String)> = columns
                .iter()
                .filter(|c| from_main.contains(c))
                .filter_map(|c| {
                    let value = if table == "delegate" {
                        door_value(c)?
                    } else {
                        match blanks.iter().find(|(b, _)| b == c) {
                            Some((_, v)) => (*v).to_string(),
                            None => format!("\"{c}\""),
                        }
                    };
                    Some((format!("\"{c}\""), value))
                })
                .collect();
            let (names, values): (Vec<String>, Vec<String>) = pairs.into_iter().unzip();
            let filter = if table == "meta" {
                let keys: Vec<String> = DOOR_META_KEYS.iter().map(|k| format!("'{k}'")).collect();
                format!(" WHERE key IN ({})", keys.join(", "))
            } else {
                String::new()
            };
            tx.execute(
                &format!(
                    "INSERT INTO door.\"{table}\" ({}) SELECT {} FROM main.\"{table}\"{filter}",
                    names.join(", "),
                    values.join(", ")
                ),
                [],
            )?;
        }
        let source: String = tx
            .query_row("SELECT value FROM main.meta WHERE key = 'station_id'", [], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_default();
        for (k, v) in [
            ("station_id", station_id),
            ("door_copy_of", source.as_str()),
            ("packaged_at", &crate::registry::now_rfc3339()),
        ] {
            tx.execute(
                "INSERT INTO door.meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [k, v],
            )?;
        }
        let counts: (i64, i64) =
            tx.query_row("SELECT COUNT(*), COUNT(photo) FROM door.delegate", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        tx.commit()?;
        Ok((counts.0.max(0) as u64, counts.1.max(0) as u64))
    })();
    let detached = src.execute("DETACH DATABASE door", []);
    let counts = result?;
    detached?;
    Ok(counts)
}

/// Certifies the station database at `station` (a door copy from before certificates, or
/// one whose certificate was lost) with this desk's event key, naming it `name` with `role`;
/// the certificate is written into both databases. Returns the station id.
pub fn enroll(reg: &Registry, station: &Path, name: &str, role: Role) -> Result<String> {
    if reg.is_door_copy()? {
        return Err(RegistryError::NoSigningKey.into());
    }
    let mut other = Registry::open(station)?;
    if other.event()?.code != reg.event()?.code || other.verifying_key()? != reg.verifying_key()? {
        return Err(SyncError::OtherEvent {
            detail: "another event or event key".into(),
            path: station.display().to_string(),
        });
    }
    let own =
        identity::own(other.conn())?.ok_or_else(|| NetworkError::Refused("the station has no key".into()))?;
    let desk_tx = reg.conn().unchecked_transaction()?;
    let cert = identity::certify(&desk_tx, &own.id, name, role, &own.key.verifying_key())?;
    {
        let tx = other.conn_mut().transaction()?;
        tx.execute(
            "UPDATE station_key SET name = ?1, role = ?2",
            [name.trim(), role.as_str()],
        )?;
        tx.commit()?;
    }
    let r = network::apply(
        &mut other,
        &[Item {
            kind: ItemKind::Cert,
            key: own.id.clone(),
            revision: 0,
            body: cert,
        }],
    )?;
    if r.accepted + r.known != 1 {
        return Err(
            NetworkError::Refused(format!("the station refused its certificate: {:?}", r.refused)).into(),
        );
    }
    {
        // The station sends its own certificate first (it is its first local item).
        network::push_outbox(other.conn(), ItemKind::Cert, &own.id, 0)?;
    }
    desk_tx.commit()?;
    Ok(own.id)
}
