//! Honest open errors and private files.
//!
//! - [`classify`] turns an SQLite failure met while opening into what it really is: a
//!   read-only file, folder or disk, a full disk, permission denied, a file locked by another
//!   program, or an I/O error. Only a failed integrity check (`PRAGMA quick_check`) or
//!   SQLite's own "malformed" / "not a database" says *damaged*; no message suggests
//!   starting a new file.
//! - [`make_private`] gives a database holding the signing key, and its `-wal`/`-shm`, mode
//!   0600 when they are more open, and says which files it changed.

use std::path::Path;

use rusqlite::ErrorCode;

use super::RegistryError;

/// What kept a database from being opened or written, when it is not damage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// The file, its folder or the disk is read-only.
    ReadOnly,
    /// The disk is full.
    DiskFull,
    /// The operating system denies access.
    PermissionDenied,
    /// Another program holds the database locked.
    Locked,
    /// The disk or the device failed to read or write.
    Io,
}

impl Unavailable {
    /// What happened, as the first words of the message.
    pub fn what(self) -> &'static str {
        match self {
            Self::ReadOnly => "the database is read-only (the file, its folder or the disk)",
            Self::DiskFull => "the disk is full",
            Self::PermissionDenied => "permission denied",
            Self::Locked => "the database is locked by another program",
            Self::Io => "the disk reported an input/output error",
        }
    }

    /// What to do.
    pub fn advice(self) -> &'static str {
        match self {
            Self::ReadOnly => {
                "the file is not damaged: copy it to a writable folder, or make the file and its \
                 folder writable (a USB stick may have its lock switch on), then open it again"
            }
            Self::DiskFull => {
                "the file is not damaged: free space on that disk (or move the file to a disk \
                 with room), then try again"
            }
            Self::PermissionDenied => {
                "the file is not damaged: open it as the user who owns it, or ask for read and \
                 write access to the file and its folder"
            }
            Self::Locked => {
                "wait for the other accredit (an import, printing, a merge) to finish, or close \
                 it, then try again"
            }
            Self::Io => {
                "check that the disk or USB stick is still connected and working, then try \
                 again; keep the file (do not delete or replace it) until it opens again"
            }
        }
    }
}

/// Turns an SQLite error met while opening or preparing the database at `path` into an honest
/// [`RegistryError`]. Errors that are not about the file stay [`RegistryError::Sqlite`].
pub fn classify(err: rusqlite::Error, path: &Path) -> RegistryError {
    let Some(code) = err.sqlite_error_code() else {
        return err.into();
    };
    let detail = err.to_string();
    let problem = match code {
        // SQLite's own verdict that the file's pages are not a database: damage (or not a
        // database at all), the one case besides a failed integrity check.
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
            return RegistryError::Corrupt {
                detail,
                path: path.display().to_string(),
            };
        }
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Unavailable::Locked,
        ErrorCode::ReadOnly => Unavailable::ReadOnly,
        ErrorCode::DiskFull => Unavailable::DiskFull,
        ErrorCode::PermissionDenied => Unavailable::PermissionDenied,
        ErrorCode::CannotOpen | ErrorCode::SystemIoFailure => from_os(path),
        _ => return err.into(),
    };
    RegistryError::Unavailable {
        problem,
        detail,
        path: path.display().to_string(),
    }
}

/// Asks the operating system what is wrong with the file and its folder.
fn from_os(path: &Path) -> Unavailable {
    if let Some(p) = fs_state(path) {
        return p;
    }
    match std::fs::OpenOptions::new().read(true).write(true).open(path) {
        Err(e) => match e.kind() {
            std::io::ErrorKind::PermissionDenied => Unavailable::PermissionDenied,
            std::io::ErrorKind::ReadOnlyFilesystem => Unavailable::ReadOnly,
            std::io::ErrorKind::StorageFull => Unavailable::DiskFull,
            _ => Unavailable::Io,
        },
        Ok(_) => Unavailable::Io,
    }
}

/// A read-only or full file system holding `path`, if it is one.
#[cfg(unix)]
#[allow(unsafe_code)] // statvfs through libc, see the SAFETY note
fn fs_state(path: &Path) -> Option<Unavailable> {
    use std::os::unix::ffi::OsStrExt;
    let dir = crate::atomic_file::folder_of(path);
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a writable statvfs.
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return None;
    }
    if st.f_flag & libc::ST_RDONLY != 0 {
        return Some(Unavailable::ReadOnly);
    }
    // Root may use the reserved blocks; everybody else sees the disk full at f_bavail == 0.
    if st.f_bavail == 0 || st.f_bfree == 0 {
        return Some(Unavailable::DiskFull);
    }
    None
}

#[cfg(not(unix))]
fn fs_state(_path: &Path) -> Option<Unavailable> {
    None
}

/// Makes the database at `path` and its existing `-wal`/`-shm` mode 0600 when any is more
/// open. Returns the message to show once, or `None` when nothing changed.
#[cfg(unix)]
pub fn make_private(path: &Path, door_copy: bool) -> std::io::Result<Option<String>> {
    use std::os::unix::fs::PermissionsExt;
    let mut changed = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let file = crate::output_guard::with_suffix(path, suffix);
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
            changed.push(format!("{} (was {mode:o})", file.display()));
        }
    }
    Ok((!changed.is_empty()).then(|| {
        let holds = if door_copy {
            "the door copy holds every name and photo"
        } else {
            "the database holds the event's signing key and e-mails"
        };
        format!("made {} private (mode 600): {holds}", changed.join(", "))
    }))
}

/// Not on this platform: files are private by the folder's access rules.
#[cfg(not(unix))]
pub fn make_private(_path: &Path, _door_copy: bool) -> std::io::Result<Option<String>> {
    Ok(None)
}
