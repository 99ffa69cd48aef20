//! Station identities (part of the registry: every database is a station, and opening one
//! runs [`ensure`]; re-exported as `crate::network::identity`): this database's own Ed25519 key and the certificates, signed by the
//! event key, of the stations it knows.
//!
//! A certificate's payload (header `accredit-cert-1`, see [`crate::envelope`]):
//! `{"event":"AATIP15","station":"ST-3FA2C1","name":"Door A, Heldenplatz","role":"door",
//! "public_key":"<64 hex>","issued_at":"2015-07-05T16:00:00Z"}`.
//!
//! - The certified station id and the key live in `station_key`, one row; the id is the
//!   database's `meta.station_id` when the key is made (`station id --set` later renames the
//!   station in its scans' `station` column only: the signer stays the certified id). A desk certifies itself; a door copy
//!   gets a new key and a certificate when it is packaged, or later by [`crate::sync::enroll`].
//! - [`ensure`] runs when a database is opened: it makes the key if there is none, lets a
//!   desk certify itself, and signs the station's own scans logged before signing existed
//!   (rows whose `station` is this station's id); other unsigned rows stay, marked
//!   unverified (`verified` = 0), and count for no verdict.

use ed25519_dalek::{SigningKey, VerifyingKey};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::outbox::{ItemKind, push_outbox};
use super::scan_log::{self, LogEntry};
use super::{RegistryError, event};
use crate::envelope::{self, CERT_HEADER};

/// Errors of station identities and of the network core above them (a refused item is
/// counted, not an error). Also known as `crate::network::NetworkError`.
#[derive(Debug, thiserror::Error)]
pub enum StationError {
    /// The registry or its database failed.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// This station cannot do this (for example a door asked to certify a station).
    #[error("{0}")]
    Refused(String),
}

impl From<rusqlite::Error> for StationError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Registry(e.into())
    }
}

/// A station error as a registry error (for core calls that return registry results).
pub fn into_registry(e: StationError) -> RegistryError {
    match e {
        StationError::Registry(e) => e,
        StationError::Refused(message) => RegistryError::Invalid {
            field: "station".into(),
            message,
        },
    }
}

/// Result of station operations.
pub type Result<T, E = StationError> = std::result::Result<T, E>;

/// Whether `s` is an acceptable station id: 1 to 32 of `A-Z a-z 0-9 - _`.
pub fn is_station_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A new random station id like `ST-3FA2C1`.
pub fn new_station_id() -> String {
    let u = uuid::Uuid::new_v4().simple().to_string();
    format!("ST-{}", u.get(..6).unwrap_or("000000").to_ascii_uppercase())
}

/// What a station does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Holds the event key: registers, prints, publishes door records.
    Desk,
    /// Checks badges in.
    Door,
}

impl Role {
    /// `desk` or `door`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Desk => "desk",
            Self::Door => "door",
        }
    }

    /// Parses `desk` or `door`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "desk" => Some(Self::Desk),
            "door" => Some(Self::Door),
            _ => None,
        }
    }
}

/// A station certificate (the payload the event key signs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// Event code.
    pub event: String,
    /// Station id.
    pub station: String,
    /// Human name ("Door A, Heldenplatz").
    pub name: String,
    /// Role.
    pub role: Role,
    /// The station's Ed25519 public key, lower-case hex.
    pub public_key: String,
    /// When the desk issued it, RFC 3339.
    pub issued_at: String,
    /// When the event's desk revoked the station (RFC 3339); empty (and left out of the
    /// payload): not revoked. A revocation is a newer certificate of the same key.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub revoked: String,
    /// For a revoked desk: the clock of its latest desk change accepted before the
    /// revocation (later ones are refused); empty: none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cutoff: String,
}

impl Certificate {
    /// The public key, when well formed.
    pub fn key(&self) -> Option<VerifyingKey> {
        let bytes = data_encoding::HEXLOWER.decode(self.public_key.as_bytes()).ok()?;
        let bytes: [u8; 32] = bytes.try_into().ok()?;
        VerifyingKey::from_bytes(&bytes).ok()
    }
}

/// This station's own identity.
#[derive(Debug, Clone)]
pub struct OwnStation {
    /// Station id.
    pub id: String,
    /// Human name (empty until certified with one).
    pub name: String,
    /// Role.
    pub role: Role,
    /// The station key.
    pub key: SigningKey,
    /// Whether a certificate for this id and key is known here.
    pub certified: bool,
}

fn station_id(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = 'station_id'", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or_else(|| "STATION".into()))
}

fn is_desk(conn: &Connection) -> Result<bool> {
    let key: Option<Vec<u8>> = conn
        .query_row("SELECT secret_key FROM event WHERE id = 1", [], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(key.is_some())
}

/// This station's identity (`None` before [`ensure`] ran).
pub fn own(conn: &Connection) -> Result<Option<OwnStation>> {
    let row: Option<(String, String, String, Vec<u8>)> = conn
        .query_row(
            "SELECT station_id, name, role, secret_key FROM station_key WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((id, name, role, secret)) = row else {
        return Ok(None);
    };
    let Ok(bytes) = <[u8; 32]>::try_from(secret) else {
        return Ok(None);
    };
    let key = SigningKey::from_bytes(&bytes);
    let certified = cert(conn, &id)?.is_some_and(|c| c.key() == Some(key.verifying_key()));
    Ok(Some(OwnStation {
        id,
        name,
        role: Role::parse(&role).unwrap_or(Role::Door),
        key,
        certified,
    }))
}

fn new_key() -> Result<SigningKey> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|e| StationError::Refused(format!("no randomness for a key: {e}")))?;
    Ok(SigningKey::from_bytes(&secret))
}

/// Gives this station a new key under the station id `station` (a door copy must not keep
/// the desk's).
pub fn rekey(conn: &Connection, station: &str, role: Role, name: &str) -> Result<SigningKey> {
    let key = new_key()?;
    conn.execute(
        "INSERT INTO station_key(id, station_id, name, role, secret_key, public_key) VALUES (1, ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET station_id = excluded.station_id, name = excluded.name,
             role = excluded.role, secret_key = excluded.secret_key, public_key = excluded.public_key",
        params![
            station,
            name,
            role.as_str(),
            key.to_bytes().to_vec(),
            key.verifying_key().to_bytes().to_vec()
        ],
    )?;
    Ok(key)
}

/// Makes sure this database has a station key, that a desk is certified, and that the
/// station's own scans from before signing are signed. Idempotent; cheap when done.
pub fn ensure(conn: &mut Connection) -> Result<()> {
    let has_key: bool = conn.query_row("SELECT EXISTS(SELECT 1 FROM station_key)", [], |r| r.get(0))?;
    let legacy_done: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM meta WHERE key = 'network_legacy_signed')",
        [],
        |r| r.get(0),
    )?;
    let desk = is_desk(conn)?;
    let certified: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM station_cert c JOIN station_key k
             ON k.public_key = c.public_key AND k.station_id = c.station_id)",
        [],
        |r| r.get(0),
    )?;
    if has_key && legacy_done && (certified || !desk) {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let log_name = station_id(&tx)?;
    if !has_key {
        let role = if desk { Role::Desk } else { Role::Door };
        let name = if desk { "Accreditation desk" } else { "" };
        let id = if is_station_id(&log_name) {
            log_name.clone()
        } else {
            new_station_id()
        };
        rekey(&tx, &id, role, name)?;
    }
    let own = own(&tx)?.ok_or_else(|| StationError::Refused("no station key".into()))?;
    if desk && !certified {
        let name = if own.name.is_empty() {
            "Accreditation desk".to_string()
        } else {
            own.name.clone()
        };
        certify(&tx, &own.id, &name, Role::Desk, &own.key.verifying_key())?;
    }
    if !legacy_done {
        sign_legacy_rows(&tx, &log_name)?;
        tx.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('network_legacy_signed', ?1)",
            [super::now_rfc3339()],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Certifies a station with the event key (desk only), stores the certificate here and
/// publishes it; returns the certificate's bytes.
pub fn certify(
    conn: &Connection,
    station: &str,
    name: &str,
    role: Role,
    key: &VerifyingKey,
) -> Result<Vec<u8>> {
    if !is_station_id(station) {
        return Err(StationError::Refused(format!(
            "station id {station:?} must be 1 to 32 letters, digits, '-' or '_'"
        )));
    }
    let name = name.trim();
    if name.chars().count() > 80 || name.chars().any(char::is_control) {
        return Err(StationError::Refused(format!(
            "station name {name:?} must be at most 80 printable characters"
        )));
    }
    if let Some(old) = cert(conn, station)?
        && old.key().as_ref() != Some(key)
    {
        return Err(StationError::Refused(format!(
            "station {station} is already certified with another key; give the station a new id"
        )));
    }
    let event_key = event::signing_key(conn)?;
    let ev = event::load(conn)?;
    let c = Certificate {
        event: ev.code,
        station: station.to_string(),
        name: name.to_string(),
        role,
        public_key: data_encoding::HEXLOWER.encode(key.as_bytes()),
        issued_at: super::now_rfc3339(),
        revoked: String::new(),
        cutoff: String::new(),
    };
    let payload = serde_json::to_vec(&c).map_err(|e| StationError::Refused(e.to_string()))?;
    let body = envelope::seal(CERT_HEADER, &payload, &event_key);
    store_cert(conn, &c, &body)?;
    push_outbox(conn, ItemKind::Cert, station, 0)?;
    Ok(body)
}

/// Stores a verified certificate (replacing an older one of the same station).
pub fn store_cert(conn: &Connection, c: &Certificate, body: &[u8]) -> Result<()> {
    let key = c.key().map(|k| k.to_bytes().to_vec()).unwrap_or_default();
    conn.prepare_cached(
        "INSERT INTO station_cert(station_id, name, role, public_key, body, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(station_id) DO UPDATE SET name = excluded.name, role = excluded.role,
             public_key = excluded.public_key, body = excluded.body, received_at = excluded.received_at",
    )?
    .execute(params![
        c.station,
        c.name,
        c.role.as_str(),
        key,
        body,
        super::now_rfc3339()
    ])?;
    Ok(())
}

/// The certificate of a station known here.
pub fn cert(conn: &Connection, station: &str) -> Result<Option<Certificate>> {
    let Some(body) = cert_body(conn, station)? else {
        return Ok(None);
    };
    Ok(envelope::open(&body).and_then(|o| serde_json::from_slice(o.payload).ok()))
}

/// The stored bytes of a station's certificate.
pub fn cert_body(conn: &Connection, station: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT body FROM station_cert WHERE station_id = ?1")?
        .query_row([station], |r| r.get(0))
        .optional()?)
}

/// The public key of a certified station (certificates are verified before they are stored).
pub fn station_key(conn: &Connection, station: &str) -> Result<Option<VerifyingKey>> {
    let key: Option<Vec<u8>> = conn
        .prepare_cached("SELECT public_key FROM station_cert WHERE station_id = ?1")?
        .query_row([station], |r| r.get(0))
        .optional()?;
    Ok(key
        .and_then(|k| <[u8; 32]>::try_from(k).ok())
        .and_then(|k| VerifyingKey::from_bytes(&k).ok()))
}

/// Migration of a log from before signing: this station signs its own rows (those whose
/// `station` is its id) and queues them to be sent; other rows stay unverified. Returns the
/// number signed.
pub fn sign_legacy_rows(conn: &Connection, own_id: &str) -> Result<u64> {
    let rows: Vec<LogEntry> = {
        let mut stmt = conn.prepare(&format!(
            "SELECT {} FROM checkin WHERE signature IS NULL AND verified = 0 AND station = ?1 ORDER BY at, uuid",
            scan_log::COLUMNS
        ))?;
        stmt.query_map([own_id], scan_log::from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut n = 0;
    for e in &rows {
        let (signer, sig) = scan_log::sign_local(conn, e)?;
        conn.execute(
            "UPDATE checkin SET signer = ?1, signature = ?2, verified = 1 WHERE uuid = ?3",
            rusqlite::params![signer, sig.to_vec(), e.uuid],
        )?;
        push_outbox(conn, ItemKind::Scan, &e.uuid, 0)?;
        n += 1;
    }
    Ok(n)
}
