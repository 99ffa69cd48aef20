//! Files that appear only when complete: written to a temporary file in the same folder,
//! synced, renamed into place, and the folder synced. Used by every export of the core. A path
//! that is a database (see [`crate::output_guard`]) is refused before anything is written.

use std::io::Write;
use std::path::Path;

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
    let mut tmp = tempfile::Builder::new()
        .prefix(".accredit-")
        .suffix(".part")
        .tempfile_in(folder_of(path))
        .map_err(|e| io_error("cannot create a file in the output folder", e))?;
    // Removed on SIGINT/SIGTERM too: an export holds e-mails.
    let _on_signal = crate::interrupt::TempGuard::new(tmp.path());
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
        .map_err(|e| io_error("cannot move the finished file into place", e.error))?;
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
