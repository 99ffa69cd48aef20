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

mod desk_package;
mod export;
mod merge;
mod package;

use std::path::Path;

pub use desk_package::package_desk;
pub use export::export;
pub use merge::merge;
pub use package::{enroll, package, package_named};

use crate::network::{NetworkError, RefusalReason};
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

pub(crate) fn io_err(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> SyncError + use<> {
    let at = crate::io_error::IoError::at(action, path);
    move |error| at(error).into()
}

pub(crate) fn temp_beside(path: &Path) -> Result<crate::atomic_file::PrivateTemp> {
    // Private (0600: the copy holds personal data), removed on SIGINT/SIGTERM and, after a
    // SIGKILL, by the next run.
    crate::atomic_file::private_temp(crate::atomic_file::folder_of(path), "")
        .map_err(io_err("cannot create a file in the folder of", path))
}
