//! The registry: one SQLite file holding the event, the delegations, the delegates, the
//! audit trail and the door's scan log.
//!
//! Design (after cargo's `global_cache_tracker`):
//! - [`Registry`] owns its [`rusqlite::Connection`]. Opening sets WAL, `synchronous=FULL`
//!   (a committed scan survives power loss), foreign keys, runs `PRAGMA quick_check`, copies
//!   an existing file aside before migrating it, migrates (append-only, `user_version`) and
//!   seeds the default event and delegations on first use.
//! - Every user action is one transaction. The free functions in [`delegates`], [`event`] and
//!   [`audit`] take a `&Connection` so that a batch (a CSV import) can run many of them in one
//!   transaction; the methods on `Registry` wrap single actions.
//! - A door station copy ([`Registry::is_door_copy`]) has no signing key and no e-mails.

pub mod audit;
pub mod delegates;
pub mod event;
pub mod event_edit;
pub mod matching;
pub mod migrations;
pub mod model;
pub mod photo;
pub mod seed;
pub mod status;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

pub use model::*;

/// Errors of the registry.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The integrity check failed.
    #[error(
        "the database is damaged ({detail}); restore the latest copy (files named *.pre-migration-* or a station export) or start a new file: {path}"
    )]
    Corrupt {
        /// What `PRAGMA quick_check` said.
        detail: String,
        /// The file.
        path: String,
    },
    /// A file could not be read or written.
    #[error("{action}: {source}: {path}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The OS error.
        source: std::io::Error,
        /// The file.
        path: String,
    },
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
        let display = path.display().to_string();
        let io = |action: &'static str| {
            let display = display.clone();
            move |source| RegistryError::Io {
                action,
                source,
                path: display,
            }
        };
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
        )?;
        let mut reg = Self {
            conn,
            path: Some(path.to_path_buf()),
            operator: default_operator(),
        };
        reg.prepare(existed)?;
        Ok(reg)
    }

    /// Opens a fresh, seeded database in memory (tests, benchmarks).
    pub fn open_in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory()?;
        let mut reg = Self {
            conn,
            path: None,
            operator: default_operator(),
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
        // A file that is not a database fails on its first read.
        let check: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| corrupt(e.to_string()))?;
        if check != "ok" {
            return Err(corrupt(check));
        }
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
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
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
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
        let tx = self.conn.transaction()?;
        let id = delegates::insert(&tx, &self.operator, d)?;
        tx.commit()?;
        Ok(id)
    }

    /// Saves the editable fields of a delegate (one transaction, audited).
    pub fn update_delegate(&mut self, d: &Delegate) -> Result<()> {
        let tx = self.conn.transaction()?;
        delegates::update(&tx, &self.operator, d)?;
        tx.commit()?;
        Ok(())
    }

    /// Sets a delegate's status (one transaction, audited).
    pub fn set_status(&mut self, id: i64, status: Status) -> Result<()> {
        let tx = self.conn.transaction()?;
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
        let tx = self.conn.transaction()?;
        let v = delegates::reissue(&tx, &self.operator, id)?;
        tx.commit()?;
        Ok(v)
    }

    /// Records that these delegates' badges were printed at the given versions
    /// (one transaction, audited).
    pub fn mark_printed(&mut self, printed: &[(i64, u32)]) -> Result<()> {
        let tx = self.conn.transaction()?;
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
fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(|_| ())
}

#[cfg(not(unix))]
fn create_private(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map(|_| ())
}

impl Registry {
    /// Replaces the event's description, days, zones and categories (one transaction,
    /// audited). Refuses to drop a day, zone or category still in use.
    pub fn save_event(&mut self, ev: &Event) -> Result<()> {
        let tx = self.conn.transaction()?;
        event::save(&tx, &self.operator, ev)?;
        tx.commit()?;
        Ok(())
    }
}

/// Copies the database aside (`NAME.pre-migration-vN-UNIXTIME.sqlite3`, mode 0600: it holds
/// e-mails and the signing key) before a migration; returns the copy's path.
fn copy_before_migration(conn: &Connection, path: &Path, version: usize) -> Result<PathBuf> {
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let copy = path.with_extension(format!("pre-migration-v{version}-{stamp}.sqlite3"));
    // VACUUM INTO fills an existing empty file and keeps its mode.
    create_private(&copy).map_err(|source| RegistryError::Io {
        action: "cannot create the pre-migration copy",
        source,
        path: copy.display().to_string(),
    })?;
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
