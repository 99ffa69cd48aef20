//! Signed scans: every row of the scan log, signed by the station that made it.
//!
//! The payload (header `accredit-scan-1`, see [`crate::envelope`]) is
//! `{"event":"AATIP15","signer":"ST-3FA2C1","scan":{<every column of the row>}}`, the scan
//! being [`LogEntry`] serialised with serde: every field, in declaration order, so a column
//! added to the log (as a field of `LogEntry`) is signed without more code. The station's
//! signature is stored beside the row (`checkin.signer`, `checkin.signature`) and the item is
//! rebuilt from them; a received item must be in this canonical encoding, so rebuilding it
//! anywhere gives the same bytes.

use rusqlite::{Connection, OptionalExtension, Row};
use serde::Deserialize;

use super::{Item, ItemKind, Result};
use crate::checkin::log::{self, LogEntry};
use crate::envelope::{self, SCAN_HEADER};
use crate::registry::scan_log::event_code;
pub use crate::registry::scan_log::{payload, sign, sign_local};
pub use crate::registry::station::sign_legacy_rows;

/// A scan payload as received.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanPayload {
    /// Event code.
    pub event: String,
    /// Station id of the signer.
    pub signer: String,
    /// The row.
    pub scan: LogEntry,
}

/// The item bytes of a stored, verified scan.
pub fn body(event: &str, signer: &str, e: &LogEntry, signature: &[u8; 64]) -> Vec<u8> {
    envelope::assemble(SCAN_HEADER, &payload(event, signer, e), signature)
}

fn signed_row(r: &Row<'_>) -> rusqlite::Result<(LogEntry, String, Option<Vec<u8>>)> {
    Ok((log::from_row(r)?, r.get(12)?, r.get(13)?))
}

/// The item bytes of a verified scan known here.
pub fn scan_body(conn: &Connection, uuid: &str) -> Result<Option<Vec<u8>>> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {}, signer, signature FROM checkin WHERE uuid = ?1 AND verified = 1",
            log::COLUMNS
        ))?
        .query_row([uuid], signed_row)
        .optional()?;
    let Some((e, signer, Some(sig))) = row else {
        return Ok(None);
    };
    let Ok(sig) = <[u8; 64]>::try_from(sig) else {
        return Ok(None);
    };
    Ok(Some(body(&event_code(conn)?, &signer, &e, &sig)))
}

/// Every verified scan known here, as items, oldest first, one at a time.
pub fn for_each_scan_item(conn: &Connection, f: &mut dyn FnMut(Item) -> Result<()>) -> Result<()> {
    let event = event_code(conn)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {}, signer, signature FROM checkin WHERE verified = 1 AND signature IS NOT NULL ORDER BY at, uuid",
        log::COLUMNS
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (e, signer, sig) = signed_row(r)?;
        let Some(sig) = sig.and_then(|s| <[u8; 64]>::try_from(s).ok()) else {
            continue;
        };
        f(Item {
            kind: ItemKind::Scan,
            key: e.uuid.clone(),
            revision: 0,
            body: body(&event, &signer, &e, &sig),
        })?;
    }
    Ok(())
}
