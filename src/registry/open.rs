//! Opening a registry: the file's folder and mode, WAL and `synchronous=FULL`, the integrity
//! check, a copy aside before migrating, migrations, the seed and the station's identity.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{
    BUSY_TIMEOUT, Registry, RegistryError, Result, create_private, default_operator, health, migrations,
    seed, spool, station,
};

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
        // Leftovers of a run killed while writing beside the database (a backup, a door
        // copy, an export: they may hold e-mails and the event key) are removed now.
        crate::atomic_file::sweep(crate::atomic_file::folder_of(path));
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
        // A door copy too: it holds every name and photo.
        let door_copy = reg.is_door_copy()?;
        if let Some(notice) =
            health::make_private(path, door_copy).map_err(io("cannot make the database private"))?
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
