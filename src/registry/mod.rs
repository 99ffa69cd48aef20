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

pub mod audit;
pub mod chain;
pub mod delegates;
pub mod emblem;
pub mod event;
pub mod event_edit;
pub mod health;
pub mod jpeg;
pub mod limits;
pub mod matching;
pub mod migrations;
pub mod model;
pub mod outbox;
pub mod photo;
pub mod scan_log;
pub mod seed;
pub mod spool;
pub mod station;
pub mod status;
pub mod template;
pub mod verdict_code;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

pub use model::*;

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
    /// A photo could not be decoded.
    #[error("photo: {0}")]
    Photo(String),
    /// An import's audit records could not be compressed or read back.
    #[error("audit trail: {0}")]
    Audit(String),
}

/// Result of registry operations.
pub type Result<T, E = RegistryError> = std::result::Result<T, E>;

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
    /// The default database: `accredit.sqlite3` in the platform data folder.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "OSCE", "accredit")
            .map(|d| d.data_dir().join("accredit.sqlite3"))
    }

    /// Opens (creating and seeding on first use) the database at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let io = |action: &'static str| crate::io_error::IoError::at(action, path);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io("cannot create the folder"))?;
        }
        let existed = path.exists();
        if !existed {
            create_private(path).map_err(io("cannot create the database"))?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| health::classify(e, path))?;
        crate::output_guard::register_database(path);
        let mut reg = Self {
            conn,
            path: Some(path.to_path_buf()),
            operator: default_operator(),
            notices: Vec::new(),
            spool: std::cell::OnceCell::new(),
        };
        reg.prepare(existed).map_err(|e| match e {
            RegistryError::Sqlite(e) => health::classify(e, path),
            e => e,
        })?;
        if !reg.is_door_copy()?
            && let Some(notice) =
                health::make_private(path).map_err(io("cannot make the database private"))?
        {
            reg.notices.push(notice);
        }
        // Scans spooled while the registry was busy join the log now, if it is free.
        let drained = reg
            .existing_spool()
            .and_then(|s| s.map_or(Ok(0), |s| spool::drain(&reg.conn, s, false)));
        if let Err(e) = drained
            && !matches!(&e, RegistryError::Sqlite(s) if spool::is_busy(s))
        {
            reg.notices.push(format!(
                "the scan spool {} could not be read now ({e}); its scans are kept and joined later",
                spool::path_of(path).display()
            ));
        }
        Ok(reg)
    }

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

    /// Opens a fresh, seeded database in memory (tests, benchmarks).
    pub fn open_in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory()?;
        let mut reg = Self {
            conn,
            path: None,
            operator: default_operator(),
            notices: Vec::new(),
            spool: std::cell::OnceCell::new(),
        };
        reg.prepare(false)?;
        Ok(reg)
    }

    fn prepare(&mut self, existed: bool) -> Result<()> {
        let display = self
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| ":memory:".into());
        let corrupt = |detail: String| RegistryError::Corrupt {
            detail,
            path: display.clone(),
        };
        // Writers wait for each other (a long import, a print) instead of failing.
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        // A file that is not a database fails on its first read; other failures (I/O,
        // read-only, locked) are classified by the caller. Only a failed check is damage.
        let check: String = self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(corrupt(check));
        }
        if self.conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(RegistryError::Unavailable {
                problem: health::Unavailable::ReadOnly,
                detail: "SQLite could open it for reading only".into(),
                path: display,
            });
        }
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        let version: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let version = version as usize;
        if version > migrations::latest() {
            return Err(RegistryError::TooNew {
                found: version,
                supported: migrations::latest(),
                path: display,
            });
        }
        if existed
            && version > 0
            && version < migrations::latest()
            && let Some(path) = &self.path
        {
            copy_before_migration(&self.conn, path, version)?;
        }
        migrations::migrate(&mut self.conn)?;
        seed::seed(&mut self.conn)?;
        // The station's own key and certificate, and its old scans signed (idempotent).
        station::ensure(&mut self.conn).map_err(station::into_registry)?;
        Ok(())
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

    /// The event.
    pub fn event(&self) -> Result<Event> {
        event::load(&self.conn)
    }

    /// The event's signing key (desk only).
    pub fn signing_key(&self) -> Result<ed25519_dalek::SigningKey> {
        event::signing_key(&self.conn)
    }

    /// The event's public key, which door stations verify passes with.
    pub fn verifying_key(&self) -> Result<ed25519_dalek::VerifyingKey> {
        event::verifying_key(&self.conn)
    }

    /// All delegations, in protocol order of `order` within each kind.
    pub fn delegations(&self, order: NameOrder) -> Result<Vec<Delegation>> {
        delegates::delegations(&self.conn, order)
    }

    /// One delegation by code (any case).
    pub fn delegation(&self, code: &str) -> Result<Option<Delegation>> {
        delegates::delegation(&self.conn, code)
    }

    /// One delegate by id.
    pub fn delegate(&self, id: i64) -> Result<Delegate> {
        delegates::get(&self.conn, id)
    }

    /// A delegate by reference: a numeric id, else an external id.
    pub fn find_delegate(&self, reference: &str) -> Result<Delegate> {
        delegates::find(&self.conn, reference)
    }

    /// Every delegate, with photos left out (use [`Registry::delegate`] for one with photo).
    pub fn delegates(&self) -> Result<Vec<Delegate>> {
        delegates::list(&self.conn, &delegates::Filter::default())
    }

    /// Adds a delegate (one transaction, audited); returns the new id.
    pub fn add_delegate(&mut self, d: &Delegate) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let id = delegates::insert(&tx, &self.operator, d)?;
        tx.commit()?;
        Ok(id)
    }

    /// Saves the editable fields of a delegate (one transaction, audited).
    pub fn update_delegate(&mut self, d: &Delegate) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        delegates::update(&tx, &self.operator, d)?;
        tx.commit()?;
        Ok(())
    }

    /// Sets a delegate's status (one transaction, audited).
    pub fn set_status(&mut self, id: i64, status: Status) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut d = delegates::get(&tx, id)?;
        d.status = status;
        delegates::update(&tx, &self.operator, &d)?;
        tx.commit()?;
        Ok(())
    }

    /// Issues a new badge version, revoking the previous pass (one transaction, audited).
    /// Returns the new version.
    pub fn reissue(&mut self, id: i64) -> Result<u32> {
        if self.is_door_copy()? {
            return Err(RegistryError::NoSigningKey);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let v = delegates::reissue(&tx, &self.operator, id)?;
        tx.commit()?;
        Ok(v)
    }

    /// Records that these delegates' badges were printed at the given versions
    /// (one transaction, audited).
    pub fn mark_printed(&mut self, printed: &[(i64, u32)]) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        delegates::mark_printed(&tx, &self.operator, printed)?;
        tx.commit()?;
        Ok(())
    }

    /// The audit trail of one record, oldest first.
    pub fn history(&self, entity: &str, entity_id: &str) -> Result<Vec<audit::AuditEntry>> {
        audit::history(&self.conn, entity, entity_id)
    }
}

/// Which language decides protocol order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum NameOrder {
    /// Alphabetical by English name.
    #[default]
    En,
    /// Alphabetical by French name.
    Fr,
}

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

impl Registry {
    /// The event's emblem, decoded; `None` when none is set.
    pub fn emblem(&self) -> Result<Option<emblem::Emblem>> {
        match event::emblem_bytes(&self.conn)? {
            None => Ok(None),
            Some(b) => emblem::Emblem::decode(&b)
                .map(Some)
                .map_err(|e| RegistryError::Invalid {
                    field: "emblem".into(),
                    message: format!("the stored emblem {e}; set it again with `accredit event set --logo`"),
                }),
        }
    }
}

/// Copies the database aside (`NAME.pre-migration-vN-UNIXTIME.sqlite3`, mode 0600: it holds
/// e-mails and the signing key) before a migration; returns the copy's path.
fn copy_before_migration(conn: &Connection, path: &Path, version: usize) -> Result<PathBuf> {
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let copy = path.with_extension(format!("pre-migration-v{version}-{stamp}.sqlite3"));
    // VACUUM INTO fills an existing empty file and keeps its mode.
    create_private(&copy).map_err(crate::io_error::IoError::at(
        "cannot create the pre-migration copy",
        &copy,
    ))?;
    conn.execute("VACUUM INTO ?1", [copy.display().to_string()])?;
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pre_migration_copy_is_private_and_complete() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.sqlite3");
        let reg = Registry::open(&path).unwrap();
        let copy = copy_before_migration(reg.conn(), &path, 1).unwrap();
        assert!(
            copy.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("a.pre-migration-v1-")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let other = Connection::open(&copy).unwrap();
        let n: i64 = other
            .query_row("SELECT COUNT(*) FROM delegation", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 97);
    }
}
