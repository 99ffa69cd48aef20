//! Station revocations: a desk withdraws a station's certificate (a door copy stolen or
//! lost, a desk laptop gone) with an item signed by the event key. Every station that
//! receives it refuses that station's items from `since` on (by their own time), drops
//! those it holds (the log, and so who is inside, is computed again from what stays), and
//! passes the revocation on. It works for a station of any role.
//!
//! The payload (header `accredit-revoke-1`): `{"event":"AATIP15","station":"ST-3FA2C1",
//! "since":"2015-07-06T10:00:00Z","reason":"door copy lost","issued_at":"…"}`. Items the
//! thief dates before `since` cannot be told from the station's real ones: give `--since`
//! the time the copy left your hands.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Item, ItemKind, NetworkError, Result, push_outbox};
use crate::checkin::log::parse_at;
use crate::envelope::{self, REVOKE_HEADER};

/// A revocation (the payload the event key signs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    /// Event code.
    pub event: String,
    /// The station revoked.
    pub station: String,
    /// From when its items are refused (RFC 3339).
    pub since: String,
    /// Why.
    pub reason: String,
    /// When the desk signed it (RFC 3339 UTC).
    pub issued_at: String,
}

/// What [`revoke`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revoked {
    /// The station.
    pub station: String,
    /// From when.
    pub since: String,
    /// Scans of that station dropped here.
    pub dropped: u64,
}

/// Revokes `station` from `since` (RFC 3339; the signing time when `None`), at a desk (the
/// event key signs), in one transaction: stored, applied here, queued to be sent.
pub fn revoke(
    reg: &mut crate::Registry,
    station: &str,
    since: Option<&str>,
    reason: &str,
) -> Result<Revoked> {
    if reg.is_door_copy()? {
        return Err(NetworkError::Refused(
            "a door copy cannot revoke a station: revoke it at the desk (it holds the event key)".into(),
        ));
    }
    let own = super::identity::own(reg.conn())?.map(|o| o.id);
    if own.as_deref() == Some(station) {
        return Err(NetworkError::Refused(format!(
            "{station} is this desk itself: revoke it from another desk of the event"
        )));
    }
    if super::identity::cert(reg.conn(), station)?.is_none() {
        return Err(NetworkError::Refused(format!(
            "no certified station {station:?} is known here; `accredit station status` lists them"
        )));
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 || reason.chars().any(char::is_control) {
        return Err(NetworkError::Refused(
            "--reason: say why, in 1 to 200 printable characters (kept with the revocation)".into(),
        ));
    }
    let now = crate::registry::now_rfc3339();
    let since = match since {
        Some(s) => {
            let t = parse_at(s.trim()).ok_or_else(|| {
                NetworkError::Refused(format!(
                    "--since {s:?}: give a time like 2015-07-06T10:00:00+02:00 (RFC 3339)"
                ))
            })?;
            crate::checkin::log::format_at(t)
        }
        None => now.clone(),
    };
    let ev = reg.event()?;
    let r = Revocation {
        event: ev.code,
        station: station.to_string(),
        since: since.clone(),
        reason: reason.to_string(),
        issued_at: now,
    };
    let payload = serde_json::to_vec(&r).map_err(|e| NetworkError::Refused(e.to_string()))?;
    let key = crate::registry::event::signing_key(reg.conn())?;
    let body = envelope::seal(REVOKE_HEADER, &payload, &key);
    let tx = reg
        .conn_mut()
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let dropped = store(&tx, &r, &body)?;
    push_outbox(&tx, ItemKind::Revoke, station, 0)?;
    // The certificate itself says so too (a newer certificate of the same key, `revoked`):
    // doors then refuse the badges a revoked desk signs afterwards, and desks its later
    // changes (see `desk_changes`). Once is enough.
    if super::identity::cert(&tx, station)?.is_some_and(|c| c.revoked.is_empty()) {
        super::desk_changes::revoke(&tx, station)?;
    }
    tx.commit()?;
    Ok(Revoked {
        station: station.to_string(),
        since,
        dropped,
    })
}

/// Stores a verified revocation (the earliest `since` wins for a station revoked twice) and
/// drops that station's scans and held items from then on; returns the scans dropped.
pub fn store(conn: &Connection, r: &Revocation, body: &[u8]) -> Result<u64> {
    if let Some((since, _)) = stored(conn, &r.station)? {
        let (a, b) = (parse_at(&since), parse_at(&r.since));
        if let (Some(a), Some(b)) = (a, b)
            && a <= b
        {
            return Ok(0);
        }
    }
    conn.execute(
        "INSERT INTO station_revocation(station_id, since, body) VALUES (?1, ?2, ?3)
         ON CONFLICT(station_id) DO UPDATE SET since = excluded.since, body = excluded.body",
        params![r.station, r.since, body],
    )?;
    drop_after(conn, &r.station, &r.since)
}

fn drop_after(conn: &Connection, station: &str, since: &str) -> Result<u64> {
    let Some(since) = parse_at(since) else {
        return Ok(0);
    };
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT uuid, at FROM checkin WHERE signer = ?1")?
        .query_map([station], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut dropped = 0;
    for (uuid, at) in rows {
        if parse_at(&at).is_none_or(|t| t >= since) {
            dropped += conn.execute("DELETE FROM checkin WHERE uuid = ?1", [&uuid])? as u64;
        }
    }
    conn.execute("DELETE FROM held_item WHERE signer = ?1", [station])?;
    Ok(dropped)
}

/// The revocation stored for a station: (since, body).
pub fn stored(conn: &Connection, station: &str) -> Result<Option<(String, Vec<u8>)>> {
    Ok(conn
        .prepare_cached("SELECT since, body FROM station_revocation WHERE station_id = ?1")?
        .query_row([station], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// From when a station's items are refused, if it is revoked.
pub fn revoked_since(conn: &Connection, station: &str) -> Result<Option<time::OffsetDateTime>> {
    Ok(stored(conn, station)?.and_then(|(s, _)| parse_at(&s)))
}

/// Every revocation known here, as items.
pub fn all_items(conn: &Connection) -> Result<Vec<Item>> {
    let mut stmt = conn.prepare("SELECT station_id, body FROM station_revocation ORDER BY station_id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Item {
            kind: ItemKind::Revoke,
            key: r.get(0)?,
            revision: 0,
            body: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
