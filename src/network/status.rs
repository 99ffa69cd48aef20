//! What `accredit station status` shows about this station (the local part; the hub's
//! connection state is the sync worker's).

use super::identity::{self, KnownStation, Role};
use super::{NetworkError, Result};
use crate::registry::Registry;

/// This station's state as seen from its own database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalStatus {
    /// The certified station id (signer of its scans).
    pub station_id: String,
    /// The name in the `station` column of its scans (`station id --set`).
    pub log_name: String,
    /// Human name from its certificate.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Whether it holds a certificate for its key.
    pub certified: bool,
    /// Event code.
    pub event: String,
    /// Scans in the log.
    pub scans: u64,
    /// Scans made here.
    pub own_scans: u64,
    /// Rows kept from before signing, unverified (they count for no verdict).
    pub unverified: u64,
    /// Door records known.
    pub records: u64,
    /// Received items held, waiting for what they refer to.
    pub held: u64,
    /// Admissions reported as double entries.
    pub double_entries: u64,
    /// Items made or published here, in all (the outbox).
    pub local_items: u64,
    /// The last local item's sequence number (0: none).
    pub last_seq: i64,
    /// The certified stations known here.
    pub stations: Vec<KnownStation>,
}

/// Reads the local status.
pub fn local(reg: &Registry) -> Result<LocalStatus> {
    let conn = reg.conn();
    let own = identity::own(conn)?
        .ok_or_else(|| NetworkError::Refused("this database has no station key".into()))?;
    let count = |sql: &str| -> Result<u64> {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    };
    let own_scans: i64 = conn.query_row(
        "SELECT COUNT(*) FROM checkin WHERE signer = ?1 AND verified = 1",
        [&own.id],
        |r| r.get(0),
    )?;
    let last_seq: i64 = conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM outbox", [], |r| r.get(0))?;
    Ok(LocalStatus {
        station_id: own.id.clone(),
        log_name: reg.station_id()?,
        name: identity::cert(conn, &own.id)?.map(|c| c.name).unwrap_or(own.name),
        role: own.role,
        certified: own.certified,
        event: reg.event()?.code,
        scans: count("SELECT COUNT(*) FROM checkin")?,
        own_scans: own_scans.max(0) as u64,
        unverified: count("SELECT COUNT(*) FROM checkin WHERE verified = 0")?,
        records: count("SELECT COUNT(*) FROM door_record")?,
        held: super::apply::held_count(conn)?,
        double_entries: crate::checkin::double_entries(conn)?.len() as u64,
        local_items: count("SELECT COUNT(*) FROM outbox")?,
        last_seq,
        stations: identity::known_stations(conn)?,
    })
}
