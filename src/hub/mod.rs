//! The event network's hub: a PostgreSQL server on the event LAN through which the desk and
//! the door stations exchange signed items, and the sync worker that keeps a station in step
//! with it.
//!
//! Design:
//! - The hub is a **transport, not an authority**. It stores what stations publish as opaque
//!   signed bytes ([`WireItem`]: certificates, door records, scans), keyed as a set by
//!   kind + key + revision, and never needs a key: every station verifies what it downloads
//!   against the event key (the local side, [`crate::network`]). No e-mails, external ids,
//!   functions or keys ever reach it.
//! - Each stored item gets a number from one global, increasing sequence, assigned while an
//!   advisory lock serialises the writers, so numbers become visible in order and a station's
//!   download cursor (the last number it has) never skips an item committed late.
//! - Two roles per hub database ([`schema`]): `<db>_desk` may publish every kind, `<db>_door`
//!   may only append scans (row-level security); both read every item, which is all public,
//!   signed data.
//! - A station joins a hub ([`config`]): the login is kept in its own SQLite `meta` table,
//!   the password apart from the URL, which is all that is ever shown.
//! - The [`worker`] uploads, downloads, then waits on `LISTEN/NOTIFY`; it is the only code
//!   that talks to the hub for a station, in the GUI, in `checkin --stdin` and in `accredit
//!   sync`.
//! - Offline-first: a station never needs the hub to judge a scan. Cursors are stored in the
//!   station's database and only advance after the work they count is committed, and every
//!   write is idempotent (a set), so a crash or an outage at any moment only repeats work.

pub mod client;
pub mod config;
pub mod local;
pub mod purge;
pub mod schema;
pub mod worker;

pub use client::Hub;
pub use config::{HubLogin, JoinConfig};
pub use worker::{HubStatus, Worker, WorkerHandle};

/// Errors of the hub layer.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// The URL is not a PostgreSQL URL.
    #[error("{0}")]
    BadUrl(String),
    /// The hub cannot be reached or refused the login.
    #[error("cannot reach the hub {url}: {detail}")]
    Unreachable {
        /// The hub URL, without password.
        url: String,
        /// What the client said.
        detail: String,
    },
    /// A query on the hub failed.
    #[error("hub: {}", schema::describe(.0))]
    Postgres(#[from] postgres::Error),
    /// The hub database has no accredit schema, or a newer one.
    #[error("{0}")]
    Schema(String),
    /// The login lacks the rights this station needs.
    #[error("{0}")]
    Rights(String),
    /// The station's database failed.
    #[error(transparent)]
    Registry(#[from] crate::RegistryError),
    /// The local side refused or failed.
    #[error("{0}")]
    Local(String),
}

impl From<rusqlite::Error> for HubError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Registry(e.into())
    }
}

/// Result of hub operations.
pub type Result<T, E = HubError> = std::result::Result<T, E>;

/// One item as it travels through the hub: its kind (`cert`, `record`, `scan`), its key
/// (station id, badge serial or scan UUID), its revision and its signed bytes, opaque here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireItem {
    /// `cert`, `record` or `scan` (see [`KINDS`]).
    pub kind: String,
    /// Station id, badge serial or scan UUID.
    pub key: String,
    /// Increasing revision within kind + key (0 for scans, which never change).
    pub revision: i64,
    /// The signed bytes.
    pub body: Vec<u8>,
}

/// The kinds of item the hub stores; a door login may append only `scan`.
pub const KINDS: &[&str] = &["cert", "record", "scan"];

/// The kind a door may publish.
pub const DOOR_KIND: &str = "scan";
