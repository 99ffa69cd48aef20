//! Station identities as the network sees them: the identity itself (key, certificates,
//! [`ensure`] when a database opens) lives in [`crate::registry::station`], re-exported here;
//! this file adds what travels (certificates as items) and what the desk shows.

use rusqlite::Connection;

pub use crate::registry::scan_log::signer;
pub use crate::registry::station::{
    Certificate, OwnStation, Role, cert, cert_body, certify, ensure, own, rekey, station_key, store_cert,
};

use super::{Item, ItemKind, Result};

/// Every certificate known here, as items, by station id.
pub fn all_cert_items(conn: &Connection) -> Result<Vec<Item>> {
    let mut stmt = conn.prepare("SELECT station_id, body FROM station_cert ORDER BY station_id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Item {
            kind: ItemKind::Cert,
            key: r.get(0)?,
            revision: 0,
            body: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A station known here: its certificate and what its log shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownStation {
    /// Station id.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Verified scans of this station known here.
    pub scans: u64,
    /// Time of its latest scan known here (RFC 3339), empty when none.
    pub last_scan: String,
}

/// Every certified station known here, by id.
pub fn known_stations(conn: &Connection) -> Result<Vec<KnownStation>> {
    let mut stmt = conn.prepare(
        "SELECT c.station_id, c.name, c.role, COUNT(k.uuid), COALESCE(MAX(k.at), '')
         FROM station_cert c LEFT JOIN checkin k ON k.signer = c.station_id AND k.verified = 1
         GROUP BY c.station_id ORDER BY c.station_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(KnownStation {
            id: r.get(0)?,
            name: r.get(1)?,
            role: Role::parse(&r.get::<_, String>(2)?).unwrap_or(Role::Door),
            scans: r.get::<_, i64>(3)?.max(0) as u64,
            last_scan: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
