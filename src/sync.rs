//! Several stations without a network: packaging a door copy of the registry, exporting what
//! a station knows to a file, and merging such files (the file transport of
//! [`crate::network`]).
//!
//! - A **door copy** ([`package`], at the desk) is a SQLite database like the desk's, without
//!   the event's signing key (it cannot print, reissue or publish), without e-mails, external
//!   ids, functions and the audit trail, with its own new station id, its own station key and a
//!   certificate for it signed by the event key (name and role `door`). It keeps what the door
//!   needs: the event and its public key, delegations, names, photos, attention notes,
//!   statuses, badge versions, days and zones, the door records and the scan log so far.
//! - An **export** ([`export`]) is a small SQLite file: table `export_meta` (`format` =
//!   `accredit-items-1`, `station_id`, `event_code`, `public_key` in hex, `exported_at`,
//!   `items`) and table `item` (`kind`, `key`, `revision`, `body`: the signed items of
//!   [`crate::network`]). It holds every certificate, door record and verified scan the
//!   station knows, including what it merged from others, so data spreads station to station;
//!   from a desk it brings reissues, withdrawals and new delegates to doors without
//!   repackaging.
//! - [`merge`] verifies and applies the items of an export (or of another accredit station
//!   database of the same event) in one transaction: merging twice is merging once, and the
//!   order of merges does not matter. Items that do not verify are refused and counted by
//!   reason; scan files of the older unsigned format (`accredit-scans-1`) are refused as
//!   `unsigned`.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::network::identity::{self, Role};
use crate::network::{self, Item, ItemKind, NetworkError, RefusalReason};
use crate::registry::{Registry, RegistryError};

/// The `format` value of an export.
pub const EXPORT_FORMAT: &str = "accredit-items-1";
/// The `format` of the unsigned scan exports of earlier versions (refused as `unsigned`).
pub const LEGACY_FORMAT: &str = "accredit-scans-1";

/// Errors of station exchange.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The registry or a database failed.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// A file could not be read or written (what, why, which file).
    #[error(transparent)]
    Io(#[from] crate::io_error::IoError),
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
    /// The network core refused (no event key, a bad station name).
    #[error(transparent)]
    Network(#[from] NetworkError),
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
    /// The hub the copy syncs with (URL without password), when the desk has a door login.
    pub hub: Option<String>,
}

/// What [`export`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    /// The exporting station.
    pub station_id: String,
    /// Scans written.
    pub scans: u64,
    /// Door records written.
    pub records: u64,
    /// Certificates written.
    pub certs: u64,
}

/// What [`merge`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergeReport {
    /// Station id of the file (empty when unknown).
    pub from_station: String,
    /// Items in the file (scans, door records, certificates).
    pub read: u64,
    /// Items new to this database, verified and applied.
    pub added: u64,
    /// Items already known, identical.
    pub known: u64,
    /// Items whose key is known here with different content (kept as they were here).
    pub conflicting: u64,
    /// Items refused, by reason (conflicts included).
    pub refused: Vec<(RefusalReason, u64)>,
}

impl MergeReport {
    /// Items refused, all reasons together.
    pub fn refused_total(&self) -> u64 {
        self.refused.iter().map(|(_, n)| n).sum()
    }
}

pub use crate::registry::station::{is_station_id, new_station_id};

/// Changes this database's station id.
pub fn set_station_id(reg: &Registry, id: &str) -> Result<()> {
    if !is_station_id(id) {
        return Err(SyncError::BadStationId(id.to_string()));
    }
    reg.set_meta("station_id", id)?;
    Ok(())
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> SyncError + use<> {
    let at = crate::io_error::IoError::at(action, path);
    move |error| at(error).into()
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

/// Prefix of the temporary file a door copy is built in (beside `--out`).
const DOOR_TEMP_PREFIX: &str = ".accredit-door-";

/// The tables a door copy holds, with the columns it blanks. Everything else (the audit
/// trail, tables added for the desk) stays empty in the copy.
const DOOR_TABLES: [(&str, &[(&str, &str)]); 10] = [
    ("event", &[("secret_key", "NULL")]),
    ("event_day", &[]),
    ("zone", &[]),
    ("category", &[]),
    ("delegation", &[]),
    (
        "delegate",
        &[
            ("email", "''"),
            ("external_id", "NULL"),
            ("function", "''"),
            // A withdrawal's reason is shown at the door; a rejection's stays at the desk.
            (
                "status_reason",
                "CASE WHEN status = 'withdrawn' THEN status_reason ELSE '' END",
            ),
        ],
    ),
    ("checkin", &[]),
    ("meta", &[]),
    // The network: the certificates and signed door records it knows (never a key).
    ("station_cert", &[]),
    ("door_record", &[]),
];

/// The `meta` keys copied to a door copy (station_id, door_copy_of and packaged_at are new).
const DOOR_META_KEYS: [&str; 2] = [crate::registry::seed::SEED_KEY, "network_legacy_signed"];

/// Writes a door copy of the registry to `out` (which must not exist). The file appears only
/// when complete.
///
/// The source is integrity-checked first. The copy is built by writing only the door's data
/// into a fresh file (the schema, then the tables of [`DOOR_TABLES`] without the signing key,
/// e-mails, external ids and functions; no audit trail), so no file in the folder of `out`
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
    remove_stale_door_temps(folder);
    if reg.is_door_copy()? {
        return Err(RegistryError::NoSigningKey.into());
    }
    integrity_check(reg)?;
    reg.drain_spool()?;
    // The copy carries the current door record of every delegate.
    network::records::publish_pending(reg.conn())?;
    // tempfile creates the file with mode 0600.
    let tmp = tempfile::Builder::new()
        .prefix(DOOR_TEMP_PREFIX)
        .suffix(".part")
        .tempfile_in(folder)
        .map_err(io_err("cannot create a file in the folder of", out))?;
    let tmp_path = tmp.path().to_path_buf();
    let _on_signal = crate::interrupt::TempGuard::new(&tmp_path);
    // Held while this run lives: a later run that can take the lock knows the file is stale.
    tmp.as_file()
        .try_lock()
        .map_err(|e| io_err("cannot lock", &tmp_path)(std::io::Error::other(e.to_string())))?;
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
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            SyncError::Exists(out.display().to_string())
        } else {
            io_err("cannot write", out)(e.error)
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
            let columns: Vec<&String> = columns.iter().filter(|c| from_main.contains(c)).collect();
            let names: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
            let values: Vec<String> = columns
                .iter()
                .map(|c| match blanks.iter().find(|(b, _)| b == c) {
                    Some((_, v)) => (*v).to_string(),
                    None => format!("\"{c}\""),
                })
                .collect();
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

/// Removes door-copy temporary files in `folder` left by a run that was killed: those whose
/// lock nobody holds (a running package holds the lock on its own).
fn remove_stale_door_temps(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(DOOR_TEMP_PREFIX) {
            continue;
        }
        let path = entry.path();
        if name.ends_with(".part-journal") {
            let main = path.with_file_name(name.trim_end_matches("-journal"));
            if !main.exists() {
                let _ = std::fs::remove_file(&path);
            }
            continue;
        }
        if !name.ends_with(".part") {
            continue;
        }
        let Ok(file) = std::fs::OpenOptions::new().read(true).write(true).open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() {
            let _ = std::fs::remove_file(&path);
            let _ = std::fs::remove_file(crate::output_guard::with_suffix(&path, "-journal"));
        }
    }
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
                    ItemKind::Record => records += 1,
                    ItemKind::Cert => certs += 1,
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
    tmp.persist(out)
        .map_err(|e| io_err("cannot write", out)(e.error))?;
    crate::atomic_file::sync_folder(crate::atomic_file::folder_of(out));
    Ok(ExportReport {
        station_id,
        scans,
        records,
        certs,
    })
}

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
                 ORDER BY CASE kind WHEN 'cert' THEN 0 WHEN 'record' THEN 1 WHEN 'scan' THEN 2 ELSE 3 END, key, revision",
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
                    .ok_or_else(|| bad("kind", format!("{kind:?} is not cert, scan or record")))?;
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
