//! The outbox: what this station has made or published and has to send, in local order (the
//! `outbox` table). Every local write that travels (a scan, a certificate, a door record)
//! queues itself here in its own transaction; [`crate::network`] reads the queue and builds
//! the items.

use rusqlite::{Connection, params};

use super::Result;

/// What an item carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    /// A station certificate, signed by the event key.
    Cert,
    /// A scan row, signed by the station that made it.
    Scan,
    /// A door record, signed by the event key.
    Record,
    /// A station's revocation (its certificate withdrawn), signed by the event key.
    Revoke,
    /// A desk's change to a delegate, signed by the desk's station key.
    Desk,
}

impl ItemKind {
    /// The kind as stored (`cert`, `scan`, `record`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cert => "cert",
            Self::Scan => "scan",
            Self::Record => "record",
            Self::Revoke => "revoke",
            Self::Desk => "desk",
        }
    }

    /// Parses a stored kind.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "cert" => Some(Self::Cert),
            "scan" => Some(Self::Scan),
            "record" => Some(Self::Record),
            "revoke" => Some(Self::Revoke),
            "desk" => Some(Self::Desk),
            _ => None,
        }
    }
}

/// Adds an item to this station's outbox (in the caller's transaction); returns its seq.
pub(crate) fn push_outbox(conn: &Connection, kind: ItemKind, key: &str, revision: i64) -> Result<i64> {
    conn.prepare_cached("INSERT INTO outbox(kind, key, revision) VALUES (?1, ?2, ?3)")?
        .execute(params![kind.as_str(), key, revision])?;
    Ok(conn.last_insert_rowid())
}
