//! Restoring the registry from a backup: only a verified accredit database of the same event
//! (the same event key), and the database it replaces is kept aside first.
//!
//! The restore copies the backup *into* the open database with SQLite's backup API, so it
//! goes through SQLite's locks: another program with the file open sees the restored
//! database, never a file swapped under it.

use std::path::{Path, PathBuf};

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::identity::{Identity, check};
use super::{RecordsError, Result, io_err};
use crate::Registry;

/// What a restore would do, checked.
#[derive(Debug, Clone)]
pub struct RestorePlan {
    /// The backup to restore.
    pub file: Identity,
    /// The database it replaces (`None` when there is none yet).
    pub current: Option<Identity>,
    /// What is wrong with the backup's audit trail (its chain, or delegates that differ from
    /// it), when something is: such a backup is restored only when forced.
    pub broken_trail: Option<String>,
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    /// The database restored.
    pub restored: Identity,
    /// Where the replaced database was kept (`None` when there was none).
    pub kept: Option<PathBuf>,
}

/// Checks that `file` may replace the database at `db`: a sound accredit database, of the same
/// event (same public key), and not a door copy over the desk's database.
pub fn plan(db: &Path, file: &Path) -> Result<RestorePlan> {
    let backup = check(file)?;
    if same_file(db, file) {
        return Err(RecordsError::NotAccredit {
            detail: "this is the database itself, not a backup of it".into(),
            path: file.display().to_string(),
        });
    }
    let current = if db.exists() { Some(check(db)?) } else { None };
    if let Some(cur) = &current {
        if cur.public_key != backup.public_key {
            let detail = if cur.event_code == backup.event_code {
                format!(
                    "the file belongs to another event with the same code {} (another event key)",
                    backup.event_code
                )
            } else {
                format!(
                    "the file belongs to another event ({}, \"{}\"), not to {} (\"{}\")",
                    backup.event_code, backup.title, cur.event_code, cur.title
                )
            };
            return Err(RecordsError::OtherEvent {
                detail,
                path: file.display().to_string(),
            });
        }
        if backup.door_copy && !cur.door_copy {
            return Err(RecordsError::DoorCopyOverDesk(file.display().to_string()));
        }
    }
    let broken_trail = trail_problem(file)?;
    Ok(RestorePlan {
        file: backup,
        current,
        broken_trail,
    })
}

/// Verifies the audit trail of the database at `file` (read-only): its hash chain, its head,
/// and each delegate against the trail's last entry for it. `None` when it verifies (or
/// holds no trail: a door copy, or a backup made before the chain).
pub fn trail_problem(file: &Path) -> Result<Option<String>> {
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let chained = conn.prepare("SELECT hash FROM audit LIMIT 0").is_ok();
    if !chained {
        return Ok(None);
    }
    match crate::registry::chain::verify(&conn)? {
        Err(broken) => return Ok(Some(broken.to_string())),
        Ok(_) => {}
    }
    let desk: bool = conn
        .query_row("SELECT secret_key IS NOT NULL FROM event WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap_or(false);
    if desk {
        let (differences, n) = crate::registry::delegates::drift(&conn, 3)?;
        if n > 0 {
            return Ok(Some(format!(
                "{n} delegate(s) differ from the trail: {}",
                differences.join("; ")
            )));
        }
    }
    Ok(None)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The name of the copy kept of a database replaced by a restore.
pub fn kept_name(db: &Path) -> PathBuf {
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    db.with_extension(format!("before-restore-{stamp}.sqlite3"))
}

/// Restores `file` into the database at `db` after [`plan`]'s checks: keeps a verified copy of
/// the current database beside it ([`kept_name`]), copies the backup in, then opens the result
/// as a registry (migrating a backup made by an older accredit).
/// A backup whose audit trail does not verify is refused ([`RecordsError::BrokenTrail`]);
/// [`restore_forced`] restores it anyway.
pub fn restore(db: &Path, file: &Path) -> Result<RestoreReport> {
    restore_with(db, file, false)
}

/// [`restore`], also of a backup whose audit trail does not verify (the user was told).
pub fn restore_forced(db: &Path, file: &Path) -> Result<RestoreReport> {
    restore_with(db, file, true)
}

fn restore_with(db: &Path, file: &Path, force: bool) -> Result<RestoreReport> {
    let plan = plan(db, file)?;
    if let Some(problem) = &plan.broken_trail
        && !force
    {
        return Err(RecordsError::BrokenTrail {
            detail: problem.clone(),
            path: file.display().to_string(),
        });
    }
    let kept = match plan.current {
        Some(_) => {
            let mut kept = kept_name(db);
            while kept.exists() {
                std::thread::sleep(std::time::Duration::from_millis(300));
                kept = kept_name(db);
            }
            super::backup_file(db, &kept)?;
            Some(kept)
        }
        None => {
            if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(io_err("cannot create the folder", db))?;
            }
            None
        }
    };
    {
        let mut conn = Connection::open(db)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        if kept.is_none() {
            set_private(db)?;
        }
        let src = Connection::open_with_flags(
            file,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        super::backup::copy_all(&Backup::new(&src, &mut conn)?)?;
        drop(src);
        conn.close().map_err(|(_, e)| RecordsError::from(e))?;
    }
    // Opening checks it again and migrates it when it is older than this program.
    let reg = Registry::open(db)?;
    let restored = super::identity::identify(reg.conn())?;
    Ok(RestoreReport { restored, kept })
}

#[cfg(unix)]
fn set_private(db: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(db, std::fs::Permissions::from_mode(0o600))
        .map_err(io_err("cannot make the database private", db))
}

#[cfg(not(unix))]
fn set_private(_db: &Path) -> Result<()> {
    Ok(())
}
