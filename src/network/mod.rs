//! The event network: station identities, signed scans, signed door records, and applying
//! what other stations made, whatever carried it (the hub or a file).
//!
//! # Trust
//! - Every database is a **station** with its own Ed25519 key ([`identity`]). The desk, which
//!   holds the event key, certifies each station it packages or enrolls: a certificate signed
//!   by the event key names the station id, a human name, its role and its public key.
//! - Every scan row is signed by the station that made it ([`scans`]), over a canonical
//!   encoding of all its columns; [`crate::checkin::log::insert`] signs, so every kind of scan
//!   (entries, exits, annulments, overrides) is signed the same way.
//! - What a door needs about a delegate is a **door record** ([`records`]) signed by the
//!   event key with an increasing revision; a door applies it only when it verifies and is
//!   newer, and judges from it (the record is written into the door copy's delegate row).
//!
//! # Items
//! Everything that travels is an [`Item`]: self-describing signed bytes that transports store
//! and forward without reading them. [`local_items_after`] lists what this station has to
//! send, in local order; [`apply`](fn@apply) verifies and applies what came from elsewhere, in one
//! transaction, counting every refusal by its [`RefusalReason`]. Applying is idempotent and
//! commutative: scans are a set keyed by UUID and records keep the highest revision, so
//! stations that have seen the same items hold the same log and records, whatever the order.

pub mod apply;
pub mod desk_changes;
pub mod identity;
pub mod records;
pub mod revoke;
pub mod scans;
pub mod status;

use rusqlite::{Connection, params};

use crate::registry::Registry;

/// The signed bytes of every item (a leaf module below the registry; kept under this path).
pub use crate::envelope;
pub use apply::RefusalReason;
pub use identity::{Certificate, Role};

pub use crate::registry::station::{StationError as NetworkError, into_registry};

/// Result of network operations.
pub type Result<T, E = NetworkError> = std::result::Result<T, E>;

pub use crate::registry::outbox::ItemKind;
pub(crate) use crate::registry::outbox::push_outbox;

/// What travels between stations (hub or file): self-describing, signed, opaque to transports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What it carries.
    pub kind: ItemKind,
    /// Station id (certificate), scan UUID (scan) or badge serial in decimal (record).
    pub key: String,
    /// The record's revision; 0 for certificates and scans.
    pub revision: i64,
    /// The signed bytes (see [`envelope`]).
    pub body: Vec<u8>,
}

/// What [`apply`](fn@apply) did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// Items new here, verified and applied.
    pub accepted: u64,
    /// Items already known here, identical.
    pub known: u64,
    /// Items refused, counted by reason (reasons with a count above zero, in reason order).
    pub refused: Vec<(RefusalReason, u64)>,
}

impl ApplyReport {
    /// Items refused, all reasons together.
    pub fn refused_total(&self) -> u64 {
        self.refused.iter().map(|(_, n)| n).sum()
    }

    /// Items refused for `reason`.
    pub fn refused_for(&self, reason: RefusalReason) -> u64 {
        self.refused
            .iter()
            .filter(|(r, _)| *r == reason)
            .map(|(_, n)| n)
            .sum()
    }
}

/// Items made or published at this station (its certificate, its own scans, and at a desk
/// the door records it publishes and the certificates it issues), in local order, after
/// `seq`. At a desk, delegates changed since the last call (by any process) are published
/// first as new door records.
pub fn local_items_after(reg: &Registry, seq: i64, limit: usize) -> Result<Vec<(i64, Item)>> {
    if reg.is_door_copy().unwrap_or(true) {
        // A door publishes no records.
    } else {
        records::publish_pending(reg.conn())?;
    }
    desk_changes::publish_pending(reg.conn())?;
    let conn = reg.conn();
    let mut stmt = conn
        .prepare_cached("SELECT seq, kind, key, revision FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2")?;
    let rows = stmt
        .query_map(params![seq, limit.min(i64::MAX as usize) as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (seq, kind, key, revision) in rows {
        let Some(kind) = ItemKind::parse(&kind) else {
            continue;
        };
        if let Some(item) = item_of(conn, kind, &key, revision)? {
            out.push((seq, item));
        }
    }
    Ok(out)
}

/// The item stored here for `kind` and `key` (`None` when not known). For a record, the
/// revision asked for must be the one stored (`0`: any); an older revision was superseded
/// and is not kept, so an outbox entry of a superseded record yields nothing (the newer one
/// has its own, later entry).
pub fn item_of(conn: &Connection, kind: ItemKind, key: &str, revision: i64) -> Result<Option<Item>> {
    Ok(match kind {
        ItemKind::Cert => identity::cert_body(conn, key)?.map(|body| Item {
            kind,
            key: key.to_string(),
            revision: 0,
            body,
        }),
        ItemKind::Scan => scans::scan_body(conn, key)?.map(|body| Item {
            kind,
            key: key.to_string(),
            revision: 0,
            body,
        }),
        ItemKind::Revoke => revoke::stored(conn, key)?.map(|(_, body)| Item {
            kind,
            key: key.to_string(),
            revision: 0,
            body,
        }),
        ItemKind::Desk => desk_changes::desk_body(conn, key)?.map(|body| Item {
            kind,
            key: key.to_string(),
            revision: 0,
            body,
        }),
        ItemKind::Record => {
            let Ok(serial) = key.parse::<i64>() else {
                return Ok(None);
            };
            records::record_item(conn, serial)?.filter(|i| revision == 0 || i.revision == revision)
        }
    })
}

/// Every item this station knows (certificates, then door records, then verified scans):
/// what a file export carries, so that logs and records spread station to station.
pub fn all_items(reg: &Registry) -> Result<Vec<Item>> {
    let mut out = Vec::new();
    for_each_item(reg, |i| {
        out.push(i);
        Ok(())
    })?;
    Ok(out)
}

/// [`all_items`] one at a time, without holding them all in memory (photos).
pub fn for_each_item(reg: &Registry, f: impl FnMut(Item) -> Result<()>) -> Result<()> {
    if !reg.is_door_copy()? {
        records::publish_pending(reg.conn())?;
    }
    desk_changes::publish_pending(reg.conn())?;
    for_each_item_in(reg.conn(), f)
}

/// Every item stored in a station database (certificates, records, verified scans, in that
/// order), read from any connection to it (a station file being merged).
pub fn for_each_item_in(conn: &Connection, mut f: impl FnMut(Item) -> Result<()>) -> Result<()> {
    for i in identity::all_cert_items(conn)? {
        f(i)?;
    }
    // A station database of an earlier version has no revocations yet.
    let has_revocations: bool = conn
        .query_row(
            "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'station_revocation'",
            [],
            |r| r.get(0),
        )
        .unwrap_or(false);
    if has_revocations {
        for i in revoke::all_items(conn)? {
            f(i)?;
        }
    }
    desk_changes::for_each_desk_item(conn, &mut f)?;
    records::for_each_record_item(conn, &mut f)?;
    scans::for_each_scan_item(conn, &mut f)
}

/// Verifies and applies items received from elsewhere, in one transaction; refused items are
/// counted by reason, never silently.
pub fn apply(reg: &mut Registry, items: &[Item]) -> Result<ApplyReport> {
    apply::apply(reg, items)
}

/// A number that changes whenever this database gets new local items (also when another
/// process writes them), so a worker can notice work without polling the log: the sum of the
/// outbox's and the pending-records queue's sequence counters, both only ever growing.
pub fn local_change_marker(reg: &Registry) -> Result<i64> {
    let n: i64 = reg.conn().query_row(
        "SELECT COALESCE(SUM(seq), 0) FROM sqlite_sequence WHERE name IN ('outbox', 'record_dirty', 'desk_dirty')",
        [],
        |r| r.get(0),
    )?;
    Ok(n)
}

/// Local items after `seq` not yet sent: how many, by kind (certificates with revocations,
/// scans, records).
pub fn waiting_after(conn: &Connection, seq: i64) -> Result<(u64, u64, u64)> {
    let mut stmt = conn.prepare_cached("SELECT kind, COUNT(*) FROM outbox WHERE seq > ?1 GROUP BY kind")?;
    let rows = stmt
        .query_map([seq], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = (0, 0, 0);
    for (kind, n) in rows {
        let n = n.max(0) as u64;
        match ItemKind::parse(&kind) {
            Some(ItemKind::Cert | ItemKind::Revoke) => out.0 += n,
            Some(ItemKind::Scan) => out.1 += n,
            Some(ItemKind::Record) | Some(ItemKind::Desk) => out.2 += n,
            None => {}
        }
    }
    Ok(out)
}
