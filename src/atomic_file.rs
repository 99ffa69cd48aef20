//! Files that appear only when complete: written to a temporary file in the same folder,
//! synced, renamed into place, and the folder synced. Used by every export of the core. A path
//! that is a database (see [`crate::output_guard`]) is refused before anything is written.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Every temporary file of accredit starts with this (then its kind, random letters and
/// `.part`): `.accredit-backup-3fQx9a.part`.
pub const TEMP_PREFIX: &str = ".accredit-";

/// A temporary file that may hold secrets (e-mails, the event key): mode 0600, locked by
/// this run for as long as it lives (so a later run can tell it from a leftover), removed
/// on drop, on SIGINT/SIGTERM ([`crate::interrupt`]) and, when this run was killed outright,
/// by the next run's [`sweep`] of its folder.
#[derive(Debug)]
pub struct PrivateTemp {
    file: tempfile::NamedTempFile<std::fs::File>,
    _on_signal: crate::interrupt::TempGuard,
}

/// Creates a [`PrivateTemp`] in `folder` named `.accredit-KIND…SUFFIX.part`, after sweeping
/// the folder's leftovers.
pub fn private_temp(folder: &Path, kind: &str) -> std::io::Result<PrivateTemp> {
    sweep(folder);
    let prefix = format!("{TEMP_PREFIX}{kind}");
    // The name is registered for removal on a signal before the file exists, so that no
    // instant leaves it behind; created new, mode 0600 (owner only).
    let mut guard = None;
    let file = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".part")
        .make_in(folder, |path| {
            guard = Some(crate::interrupt::TempGuard::new(path));
            let mut options = std::fs::OpenOptions::new();
            options.read(true).write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            options.open(path)
        })?;
    let Some(_on_signal) = guard else {
        return Err(std::io::Error::other("no temporary file was made"));
    };
    // Held while this run lives: a later run that can take the lock knows the file is stale.
    // (Where the file system has no locks, nobody can take it either: the file is then never
    // taken for a leftover, and only this run's own removal applies.)
    let _ = file.as_file().try_lock();
    Ok(PrivateTemp { file, _on_signal })
}

impl PrivateTemp {
    /// Its path.
    pub fn path(&self) -> &Path {
        self.file.path()
    }
    /// The open file.
    pub fn as_file(&self) -> &std::fs::File {
        self.file.as_file()
    }
    /// The open file, to write.
    pub fn as_file_mut(&mut self) -> &mut std::fs::File {
        self.file.as_file_mut()
    }
    /// Renames it to `to`, replacing a file there.
    pub fn persist(self, to: &Path) -> std::io::Result<std::fs::File> {
        self.file.persist(to).map_err(|e| e.error)
    }
    /// Renames it to `to` unless a file is there (then `AlreadyExists`).
    pub fn persist_noclobber(self, to: &Path) -> std::io::Result<std::fs::File> {
        self.file.persist_noclobber(to).map_err(|e| e.error)
    }
}

/// Removes the leftovers of killed runs from `folder`: accredit's temporary files
/// (`.accredit-*.part`) that no running process holds locked, and the SQLite side files
/// (`-journal`, `-wal`, `-shm`) of such files. A running writer holds its lock, so its file
/// is left alone. Returns the files removed.
pub fn sweep(folder: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(TEMP_PREFIX) {
            continue;
        }
        let path = entry.path();
        if let Some(main) = ["-journal", "-wal", "-shm"]
            .iter()
            .find_map(|s| name.strip_suffix(s))
            .filter(|m| m.ends_with(".part"))
        {
            if !path.with_file_name(main).exists() && std::fs::remove_file(&path).is_ok() {
                removed.push(path);
            }
            continue;
        }
        if !name.ends_with(".part") {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let Ok(file) = std::fs::OpenOptions::new().read(true).write(true).open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() {
            if std::fs::remove_file(&path).is_ok() {
                removed.push(path.clone());
            }
            for side in ["-journal", "-wal", "-shm"] {
                let _ = std::fs::remove_file(crate::output_guard::with_suffix(&path, side));
            }
        }
    }
    removed
}

/// The folder a file is written in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Writes `path` atomically with `write`; on any error the temporary file is removed and
/// `path` is left as it was. `io_error` turns an I/O failure (with what was being done) into
/// the caller's error type.
pub fn write<T, E>(
    path: &Path,
    io_error: impl Fn(&'static str, std::io::Error) -> E,
    write: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
    crate::output_guard::check(path).map_err(|e| io_error(crate::output_guard::ACTION, e))?;
    // Private (0600), removed on SIGINT/SIGTERM and, after a SIGKILL, by the next run: an
    // export holds e-mails.
    let mut tmp = private_temp(folder_of(path), "")
        .map_err(|e| io_error("cannot create a file in the output folder", e))?;
    let value = {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        let value = write(&mut w)?;
        w.flush().map_err(|e| io_error("cannot write", e))?;
        value
    };
    tmp.as_file()
        .sync_all()
        .map_err(|e| io_error("cannot write", e))?;
    tmp.persist(path)
        .map_err(|e| io_error("cannot move the finished file into place", e))?;
    sync_folder(folder_of(path));
    Ok(value)
}

/// Makes a rename in `dir` durable (best effort: not every platform can sync a folder).
pub fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
