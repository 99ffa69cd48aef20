//! The registry: one SQLite file holding the event, the delegations, the delegates, the
//! audit trail and the door's scan log.
//!
//! Design (after cargo's `global_cache_tracker`):
//! - [`Registry`] owns its [`rusqlite::Connection`]. Opening sets WAL, `synchronous=FULL`
//!   (a committed scan survives power loss), foreign keys, runs `PRAGMA quick_check`, copies
//!   an existing file aside before migrating it, migrates (append-only, `user_version`) and
//!   seeds the default event and delegations on first use.
//! - Every user action is one transaction, started with `BEGIN IMMEDIATE` (a deferred one that
//!   reads, then writes, fails at once when another writer committed in between, instead of
//!   waiting [`BUSY_TIMEOUT`] for the lock). The free functions in [`delegates`], [`event`] and
//!   [`audit`] take a `&Connection` so that a batch (a CSV import) can run many of them in one
//!   transaction; the methods on `Registry` wrap single actions.
//! - A door station copy ([`Registry::is_door_copy`]) has no signing key and no e-mails.

mod actions;
pub mod audit;
pub mod chain;
pub mod conflicts;
pub mod delegates;
pub mod desk_log;
pub mod emblem;
mod error;
pub mod event;
pub mod event_edit;
pub mod fields;
pub mod health;
pub mod hlc;
pub mod import_base;
pub mod jpeg;
pub mod limits;
pub mod matching;
pub mod merge_fields;
pub mod migrations;
pub mod model;
pub mod nominations;
mod open;
pub mod outbox;
pub mod photo;
pub mod scan_log;
pub mod seed;
pub mod spool;
pub mod station;
pub mod status;
pub mod template;
pub mod validate;
pub mod verdict_code;
pub mod vetting;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

pub use error::{RegistryError, Result};
pub use model::*;

/// The accreditation registry, owning its SQLite connection.
pub struct Registry {
    conn: Connection,
    path: Option<PathBuf>,
    operator: String,
    notices: Vec<String>,
    /// The scan spool, opened on first use (see [`spool`]).
    spool: std::cell::OnceCell<Connection>,
}

/// How long a writer waits for another one to finish before giving up. Long: a contention
/// that ends (an import of a million rows, a print, a merge) must never reach a user as
/// "database is locked".
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

impl Drop for Registry {
    fn drop(&mut self) {
        if let Some(p) = &self.path {
            crate::output_guard::unregister_database(p);
        }
    }
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("path", &self.path)
            .field("operator", &self.operator)
            .finish()
    }
}

impl Registry {
    /// The scan spool beside the database, opened (and created) on first use; `None` in
    /// memory. See [`spool`].
    pub fn spool(&self) -> Result<Option<&Connection>> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        if self.spool.get().is_none() {
            let conn = spool::open(&self.conn, path)?;
            let _ = self.spool.set(conn);
        }
        Ok(self.spool.get())
    }

    /// The scan spool if its file exists (never creates it).
    fn existing_spool(&self) -> Result<Option<&Connection>> {
        match &self.path {
            Some(p) if self.spool.get().is_some() || spool::path_of(p).exists() => self.spool(),
            _ => Ok(None),
        }
    }

    /// Moves scans spooled while the registry was busy into its `checkin` table, waiting for
    /// the write lock like any writer. Call it before reading the whole scan log (export,
    /// statistics, station export, backups); returns how many scans were moved.
    pub fn drain_spool(&self) -> Result<usize> {
        match self.existing_spool()? {
            Some(s) => spool::drain(&self.conn, s, true),
            None => Ok(0),
        }
    }

    /// Messages for the user from opening (for example that the file was made private); each
    /// is returned once.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, for opening a transaction that spans several core calls.
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// A second, read-only connection to the same file (`None` in memory), for work that
    /// reads on another thread while this handle writes (WAL lets both go on at once).
    pub fn reader(&self) -> Result<Option<Connection>> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(Some(conn))
    }

    /// The file, or `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Who is recorded in the audit trail for changes made through this handle.
    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// Sets the operator recorded in the audit trail.
    pub fn set_operator(&mut self, operator: impl Into<String>) {
        self.operator = operator.into();
    }

    /// A value from the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Sets a value in the `meta` table.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// This database's station id (made when the file was created).
    pub fn station_id(&self) -> Result<String> {
        Ok(self.meta("station_id")?.unwrap_or_else(|| "STATION".into()))
    }

    /// Whether this is a door station copy (no signing key).
    pub fn is_door_copy(&self) -> Result<bool> {
        let key: Option<Vec<u8>> =
            self.conn
                .query_row("SELECT secret_key FROM event WHERE id = 1", [], |r| r.get(0))?;
        Ok(key.is_none())
    }
}

/// Which language decides protocol order (and names the delegations): one of the six, each
/// sorted by its own collation.
pub type NameOrder = crate::i18n::Lang;

/// Current time as RFC 3339 UTC with seconds.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.replace_nanosecond(0)
        .unwrap_or(now)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn default_operator() -> String {
    std::env::var("ACCREDIT_OPERATOR")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "desk".into())
}

#[cfg(unix)]
pub(crate) fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(|_| ())
}

#[cfg(not(unix))]
pub(crate) fn create_private(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map(|_| ())
}
