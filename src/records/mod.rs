//! Records you can trust and then forget: backups and restores of the registry file, the
//! purge of personal data after the event, and the retention reminder. (The audit chain that
//! makes the trail tamper-evident is [`crate::registry::chain`].)
//!
//! Everything here works on a database file and its own connections, so that the desktop app
//! runs it on a worker thread while its own connection stays open, and a door may keep
//! scanning into the same file meanwhile (WAL: readers do not block the writer).

pub mod backup;
pub mod identity;
pub mod purge;
pub mod restore;
pub mod retention;

pub use backup::{BackupReport, backup, backup_file, backup_into};
pub use identity::Identity;
pub use purge::{PurgePlan, PurgeReport, Scope};
pub use restore::{RestorePlan, RestoreReport};
pub use retention::Reminder;

use crate::registry::RegistryError;

/// Errors of backups, restores and purges.
#[derive(Debug, thiserror::Error)]
pub enum RecordsError {
    /// The registry failed.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A file could not be read or written (what, why, which file).
    #[error(transparent)]
    Io(#[from] crate::io_error::IoError),
    /// The output exists already: a backup never replaces a file.
    #[error("the file exists already; a backup never replaces a file: choose a new name: {0}")]
    Exists(String),
    /// The file is not a readable accredit database.
    #[error("not an accredit database ({detail}): {path}")]
    NotAccredit {
        /// What is wrong.
        detail: String,
        /// The file.
        path: String,
    },
    /// The file is a database of another event.
    #[error("{detail}; restore only a copy of this event's database: {path}")]
    OtherEvent {
        /// What differs.
        detail: String,
        /// The file.
        path: String,
    },
    /// Restoring a door copy over the desk's database would lose the signing key.
    #[error(
        "the file is a door station copy (no signing key, no e-mails, no audit trail); restoring it \
         would lose the desk's key: restore a backup of the desk: {0}"
    )]
    DoorCopyOverDesk(String),
    /// A purge on a door station copy.
    #[error(
        "this is a door station copy: it holds no e-mails and no signing key, and nothing in it is \
         needed once its scans are merged at the desk; delete the file instead: {0}"
    )]
    PurgeDoorCopy(String),
    /// Another program holds the file, so the WAL could not be emptied.
    #[error(
        "the personal data is removed, but another program (the app or a door) is reading the \
         database, so its write-ahead log could not be emptied; close it and run the purge again: {0}"
    )]
    Busy(String),
}

/// Result of records operations.
pub type Result<T, E = RecordsError> = std::result::Result<T, E>;

fn io_err(action: &'static str, path: &std::path::Path) -> impl FnOnce(std::io::Error) -> RecordsError {
    let at = crate::io_error::IoError::at(action, path);
    move |error| at(error).into()
}
