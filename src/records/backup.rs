//! Backups: a consistent copy of the registry made with SQLite's online backup API while the
//! app or a door goes on writing, verified before it appears under its name.
//!
//! The copy is made in one step inside one read transaction, so it is the database as it was
//! at one instant (in WAL mode the writer is not blocked meanwhile). It is written to a
//! temporary file (mode 0600: it holds e-mails and the signing key) in the output's folder,
//! switched to a single self-contained file (journal mode DELETE), synced, checked
//! ([`super::identity::check`]: SQLite's integrity check, and an accredit database) and only
//! then renamed to its name. A backup never replaces a file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::identity::{Identity, check};
use super::{RecordsError, Result, io_err};
use crate::atomic_file::{folder_of, sync_folder};

/// What a backup wrote.
#[derive(Debug, Clone)]
pub struct BackupReport {
    /// The file written.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// What the copy holds, as read back from it.
    pub identity: Identity,
}

/// The small guard every writer of a database file here uses: never replace a file.
pub fn refuse_existing(out: &Path) -> Result<()> {
    if out.exists() || out.symlink_metadata().is_ok() {
        return Err(RecordsError::Exists(out.display().to_string()));
    }
    Ok(())
}

/// Copies the database open on `src` to `out` (which must not exist), verified.
pub fn backup(src: &Connection, out: &Path) -> Result<BackupReport> {
    refuse_existing(out)?;
    crate::output_guard::check(out).map_err(io_err(crate::output_guard::ACTION, out))?;
    let folder = folder_of(out);
    // Private (0600: it holds e-mails and the signing key), removed on SIGINT/SIGTERM and,
    // after a SIGKILL, by the next run.
    let tmp = crate::atomic_file::private_temp(folder, "backup-")
        .map_err(io_err("cannot create a file in the backup folder", out))?;
    {
        let mut dst = Connection::open(tmp.path())?;
        {
            let b = Backup::new(src, &mut dst)?;
            copy_all(&b)?;
        }
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        dst.close().map_err(|(_, e)| RecordsError::from(e))?;
    }
    tmp.as_file().sync_all().map_err(io_err("cannot write", out))?;
    let identity = check(tmp.path()).map_err(|e| match e {
        RecordsError::NotAccredit { detail, .. } => RecordsError::NotAccredit {
            detail: format!("the copy did not verify: {detail}"),
            path: out.display().to_string(),
        },
        other => other,
    })?;
    let bytes = tmp.as_file().metadata().map(|m| m.len()).unwrap_or(0);
    tmp.persist_noclobber(out).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            RecordsError::Exists(out.display().to_string())
        } else {
            io_err("cannot move the finished backup into place", out)(e)
        }
    })?;
    sync_folder(folder);
    Ok(BackupReport {
        path: out.to_path_buf(),
        bytes,
        identity,
    })
}

/// Copies every page in one step (one read transaction: one instant of the database),
/// retrying while the other side is locked, for up to 30 s.
pub(super) fn copy_all(b: &Backup<'_, '_>) -> Result<()> {
    use rusqlite::backup::StepResult;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        match b.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            _ => {
                return Err(RecordsError::Sqlite(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    Some("the database stayed locked for 30 s".into()),
                )));
            }
        }
    }
}

/// Copies the database file `db` to `out` through a read-only connection of its own (the
/// app's worker threads use this while the app's connection stays open).
pub fn backup_file(db: &Path, out: &Path) -> Result<BackupReport> {
    let src = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    src.busy_timeout(Duration::from_secs(5))?;
    backup(&src, out)
}

/// The name of an automatic backup of `db` made at `at`: `STEM-backup-YYYYMMDD-HHMMSS.sqlite3`
/// (names sort in time order).
pub fn auto_name(db: &Path, at: time::OffsetDateTime) -> String {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "accredit".into());
    format!(
        "{stem}-backup-{:04}{:02}{:02}-{:02}{:02}{:02}.sqlite3",
        at.year(),
        at.month() as u8,
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// The automatic backups of `db` in `folder`, oldest first.
pub fn auto_backups(db: &Path, folder: &Path) -> Result<Vec<PathBuf>> {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "accredit".into());
    let prefix = format!("{stem}-backup-");
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(io_err("cannot read the backup folder", folder))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with(&prefix)
                    && n.ends_with(".sqlite3")
                    && n.len() == prefix.len() + "YYYYMMDD-HHMMSS.sqlite3".len()
            })
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Makes an automatic backup of `db` into `folder` (created if missing), then removes the
/// oldest automatic backups of `db` there so that `keep` remain (at least one: the new one).
/// The file is named after the time in `offset` (the event's local time, as the screens
/// show it). Returns the report and the files removed.
pub fn backup_into(
    db: &Path,
    folder: &Path,
    keep: usize,
    offset: time::UtcOffset,
) -> Result<(BackupReport, Vec<PathBuf>)> {
    std::fs::create_dir_all(folder).map_err(io_err("cannot create the backup folder", folder))?;
    let mut now = time::OffsetDateTime::now_utc().to_offset(offset);
    let mut out = folder.join(auto_name(db, now));
    // Two backups within one second: the second waits for a name of its own.
    while out.exists() {
        std::thread::sleep(Duration::from_millis(200));
        now = time::OffsetDateTime::now_utc().to_offset(offset);
        out = folder.join(auto_name(db, now));
    }
    let report = backup_file(db, &out)?;
    let all = auto_backups(db, folder)?;
    let excess = all.len().saturating_sub(keep.max(1));
    let mut removed = Vec::new();
    for old in all.into_iter().take(excess) {
        if old != out {
            std::fs::remove_file(&old).map_err(io_err("cannot remove an old backup", &old))?;
            removed.push(old);
        }
    }
    Ok((report, removed))
}
