//! The registry's errors: each says what failed, where, and what to do.

use super::health;

/// Errors of the registry.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The integrity check failed (or SQLite found the file malformed).
    #[error(
        "the database is damaged ({detail}); restore the latest copy (a file named *.pre-migration-*, a backup, or the desk's file for a door copy) and keep the damaged file for inspection: {path}"
    )]
    Corrupt {
        /// What `PRAGMA quick_check` said.
        detail: String,
        /// The file.
        path: String,
    },
    /// The database cannot be opened or written for a reason that is not damage (read-only,
    /// full disk, permission, locked, I/O error, not a database).
    #[error("{}: {path} ({detail}); {}", problem.what(), problem.advice())]
    Unavailable {
        /// What it is.
        problem: health::Unavailable,
        /// What SQLite or the system said.
        detail: String,
        /// The file.
        path: String,
    },
    /// A file could not be read or written (what, why, which file).
    #[error(transparent)]
    Io(#[from] crate::io_error::IoError),
    /// The database was written by a newer accredit.
    #[error(
        "the database has schema version {found}, newer than this program ({supported}); use a newer accredit: {path}"
    )]
    TooNew {
        /// Version in the file.
        found: usize,
        /// Version this build knows.
        supported: usize,
        /// The file.
        path: String,
    },
    /// No record with this reference.
    #[error("no {what} {reference}")]
    NotFound {
        /// What kind of record.
        what: &'static str,
        /// The reference given.
        reference: String,
    },
    /// A value was refused.
    #[error("{field}: {message}")]
    Invalid {
        /// The field.
        field: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// This database is a door station copy without the event's signing key.
    #[error(
        "this is a door station copy without the signing key: print and reissue badges at the accreditation desk"
    )]
    NoSigningKey,
    /// A desk-only action (importing delegates, editing a delegate, changing the event)
    /// asked of a door station copy.
    #[error(
        "this is a door station copy: {0} only at the accreditation desk (its changes reach the doors through the hub or a station export); nothing was changed"
    )]
    DeskOnly(&'static str),
    /// A photo could not be decoded.
    #[error("photo: {0}")]
    Photo(String),
    /// An import's audit records could not be compressed or read back.
    #[error("audit trail: {0}")]
    Audit(String),
}

/// Result of registry operations.
pub type Result<T, E = RegistryError> = std::result::Result<T, E>;
