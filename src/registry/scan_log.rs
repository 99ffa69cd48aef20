//! The scan log's rows and their single write path: every row of the `checkin` table, signed
//! by the station that made it and queued to be sent. The door's queries are in
//! [`crate::checkin::log`], which re-exports these; what travels is [`crate::network::scans`].
//!
//! The signed payload (header `accredit-scan-1`, see [`crate::envelope`]) is
//! `{"event":"AATIP15","signer":"ST-3FA2C1","scan":{<every column of the row>}}`, the scan
//! being [`LogEntry`] serialised with serde: every field, in declaration order, so a column
//! added to the log (as a field of `LogEntry`) is signed without more code.

use ed25519_dalek::SigningKey;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use super::outbox::{ItemKind, push_outbox};
use super::verdict_code::VerdictCode;
use super::{RegistryError, Result};
use crate::envelope::{self, SCAN_HEADER};

/// One logged scan. Every field is a column of the `checkin` table and is covered by the
/// station's signature (see [`sign`]): add a column as a field here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogEntry {
    /// UUID (hyphenated, lower case).
    pub uuid: String,
    /// Station name or id.
    pub station: String,
    /// Scan time, RFC 3339 UTC with milliseconds (sorts as text).
    pub at: String,
    /// Event-local day, ISO date.
    pub day: String,
    /// The verdict.
    pub verdict: VerdictCode,
    /// Badge serial (for correctly signed passes and overrides).
    pub serial: Option<i64>,
    /// Badge version (for correctly signed passes and overrides).
    pub version: Option<u32>,
    /// Zone of the station, empty for none.
    pub zone: String,
    /// Supervisor's reason for an `OVERRIDE`, else empty.
    pub override_reason: String,
    /// Operator of the station.
    pub operator: String,
    /// `in` (entry, the default) or `out` (exit).
    pub direction: String,
    /// For an annulment: the UUID of the scan it cancels; else empty.
    pub annuls: String,
}

/// The columns of the `checkin` table, in the order [`from_row`] reads them.
pub const COLUMNS: &str =
    "uuid, station, at, day, verdict, serial, version, zone, override_reason, operator, direction, annuls";

/// Reads a [`LogEntry`] from a row selected with [`COLUMNS`].
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<LogEntry> {
    let verdict: String = r.get(4)?;
    let verdict = VerdictCode::parse(&verdict).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            4,
            rusqlite::types::Type::Text,
            format!("unknown verdict {verdict:?}").into(),
        )
    })?;
    Ok(LogEntry {
        uuid: r.get(0)?,
        station: r.get(1)?,
        at: r.get(2)?,
        day: r.get(3)?,
        verdict,
        serial: r.get(5)?,
        version: r.get(6)?,
        zone: r.get(7)?,
        override_reason: r.get(8)?,
        operator: r.get(9)?,
        direction: r.get(10)?,
        annuls: r.get(11)?,
    })
}

/// Appends a scan made at this station: signs it with the station key and queues it to be
/// sent (see [`crate::network`]). The single write path of local scans. Returns false when a
/// row with this UUID already exists (left unchanged).
pub fn insert(conn: &Connection, e: &LogEntry) -> Result<bool> {
    let (signer, sig) = sign_local(conn, e)?;
    let added = insert_signed(conn, e, &signer, &sig)?;
    if added {
        push_outbox(conn, ItemKind::Scan, &e.uuid, 0)?;
    }
    Ok(added)
}

/// Appends a scan made at this station like [`insert`], signed with the station key read
/// through `keys` (the registry) and written through `write`: the registry itself, or the
/// scan spool when the registry is busy (`spooled`; the scan is then queued to be sent when
/// it moves into the registry, see [`super::spool::copy_into`]).
pub fn insert_via(keys: &Connection, write: &Connection, e: &LogEntry, spooled: bool) -> Result<bool> {
    if !spooled {
        return insert(write, e);
    }
    let (signer, sig) = sign_local(keys, e)?;
    insert_signed(write, e, &signer, &sig)
}

/// Appends a scan with its signer and verified signature (a scan made here, or received
/// and verified by [`crate::network::apply()`]). Returns false when the UUID is known.
pub fn insert_signed(conn: &Connection, e: &LogEntry, signer: &str, signature: &[u8; 64]) -> Result<bool> {
    let mut stmt = conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO checkin ({COLUMNS}, signer, signature, verified) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1)"
    ))?;
    let n = stmt.execute(params![
        e.uuid,
        e.station,
        e.at,
        e.day,
        e.verdict.as_str(),
        e.serial,
        e.version,
        e.zone,
        e.override_reason,
        e.operator,
        e.direction,
        e.annuls,
        signer,
        signature.as_slice()
    ])?;
    Ok(n == 1)
}

/// One scan by UUID.
pub fn get(conn: &Connection, uuid: &str) -> Result<Option<LogEntry>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM checkin WHERE uuid = ?1"))?;
    Ok(stmt.query_row([uuid], from_row).optional()?)
}

#[derive(Serialize)]
struct Payload<'a> {
    event: &'a str,
    signer: &'a str,
    scan: &'a LogEntry,
}

/// The canonical payload of a scan.
pub fn payload(event: &str, signer: &str, e: &LogEntry) -> Vec<u8> {
    serde_json::to_vec(&Payload {
        event,
        signer,
        scan: e,
    })
    .unwrap_or_default()
}

/// The 64-byte signature of a scan by `key` (the station `signer`).
pub fn sign(event: &str, signer: &str, key: &SigningKey, e: &LogEntry) -> [u8; 64] {
    envelope::signature(SCAN_HEADER, &payload(event, signer, e), key)
}

/// The event code of this database.
pub(crate) fn event_code(conn: &Connection) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT code FROM event WHERE id = 1")?
        .query_row([], |r| r.get(0))?)
}

/// The signing key of this station and its id, as used for every scan it logs.
pub fn signer(conn: &Connection) -> Result<(String, SigningKey)> {
    let mut stmt = conn.prepare_cached("SELECT station_id, secret_key FROM station_key WHERE id = 1")?;
    let row: Option<(String, Vec<u8>)> = stmt.query_row([], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let (id, bytes) = row
        .and_then(|(id, s)| Some((id, <[u8; 32]>::try_from(s).ok()?)))
        .ok_or_else(|| RegistryError::Invalid {
            field: "station".into(),
            message: "this database has no station key".into(),
        })?;
    Ok((id, SigningKey::from_bytes(&bytes)))
}

/// Signs a scan as this station; returns (signer id, signature).
pub fn sign_local(conn: &Connection, e: &LogEntry) -> Result<(String, [u8; 64])> {
    let (signer, key) = signer(conn)?;
    let event = event_code(conn)?;
    let sig = sign(&event, &signer, &key, e);
    Ok((signer, sig))
}
