//! The one guard of every output path: no export, PDF, door copy or scan export may replace a
//! database.
//!
//! [`check`] refuses a path that is
//! - a database opened by this process ([`Registry::open`](crate::Registry::open) registers
//!   it), or one of its side files (`-wal`, `-shm`, `-journal`, the scan spool `-spool` and its
//!   own side files), whether they exist yet or not;
//! - any existing SQLite database (its first 16 bytes are `SQLite format 3\0`).
//!
//! Identity is checked by file, not by spelling: an existing path is compared by device and
//! inode (so a symbolic link, `./`, `..` or a hard link to the database is caught); a path that
//! does not exist yet is compared by its canonical folder and name.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The side files SQLite (and the scan spool) keep beside a database.
pub const SIDE_SUFFIXES: [&str; 7] = [
    "-wal",
    "-shm",
    "-journal",
    "-spool",
    "-spool-wal",
    "-spool-shm",
    "-spool-journal",
];

/// A database opened by this process.
#[derive(Debug, Clone)]
struct OpenDb {
    /// Canonical path, as opened.
    path: PathBuf,
    /// (device, inode) of the main file.
    id: Option<(u64, u64)>,
}

static OPEN: Mutex<Vec<OpenDb>> = Mutex::new(Vec::new());

/// Records that this process has the database at `path` open (called by `Registry::open`).
pub fn register_database(path: &Path) {
    let entry = OpenDb {
        path: std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        id: file_id(path),
    };
    if let Ok(mut open) = OPEN.lock() {
        open.push(entry);
    }
}

/// Forgets one registration of `path` (called when a `Registry` is dropped).
pub fn unregister_database(path: &Path) {
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if let Ok(mut open) = OPEN.lock()
        && let Some(i) = open.iter().position(|d| d.path == canonical)
    {
        open.remove(i);
    }
}

/// Why an output path was refused.
#[derive(Debug, thiserror::Error)]
#[error("{what}; nothing was written: choose another file name")]
pub struct Refused {
    /// What the path is.
    pub what: String,
}

/// Refuses an output path that is an open database, one of its side files, or any existing
/// SQLite database. The error is an [`std::io::Error`] (kind `AlreadyExists`) wrapping
/// [`Refused`], so every writer reports it like its other I/O errors.
pub fn check(out: &Path) -> std::io::Result<()> {
    match refusal(out) {
        None => Ok(()),
        Some(what) => Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            Refused { what },
        )),
    }
}

/// The action text writers put before a refusal.
pub const ACTION: &str = "refusing to write";

fn refusal(out: &Path) -> Option<String> {
    let open: Vec<OpenDb> = OPEN.lock().map(|o| o.clone()).unwrap_or_default();
    let out_id = file_id(out);
    let out_name = canonical_name(out);
    for db in &open {
        let shown = db.path.display();
        if out_id.is_some() && out_id == db.id {
            return Some(format!("it is the open database {shown}"));
        }
        if out_name.as_ref() == Some(&db.path) {
            return Some(format!("it is the open database {shown}"));
        }
        for suffix in SIDE_SUFFIXES {
            let side = with_suffix(&db.path, suffix);
            if out_id.is_some() && out_id == file_id(&side) {
                return Some(format!(
                    "it is {}, a file of the open database {shown}",
                    side.display()
                ));
            }
            if out_name.as_ref() == Some(&side) {
                return Some(format!(
                    "it is {}, a file of the open database {shown}",
                    side.display()
                ));
            }
        }
    }
    // Any SQLite side file, of any database (another station's `-wal` holds acknowledged
    // scans not yet in its database): by its name beside a file, or by its content.
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for suffix in SIDE_SUFFIXES {
        if let Some(stem) = name.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            let base = out.with_file_name(stem);
            if base.symlink_metadata().is_ok() {
                return Some(format!(
                    "it is a side file ({suffix}) of the database {}",
                    base.display()
                ));
            }
        }
    }
    if let Some(kind) = side_file_kind(out) {
        return Some(format!("the file exists already and is an SQLite {kind}"));
    }
    if is_sqlite_file(out) {
        return Some(
            "the file exists already and is an SQLite database (a registry, a door copy or a scan export)"
                .into(),
        );
    }
    None
}

/// `path` with `suffix` appended to its file name (`desk.sqlite3` -> `desk.sqlite3-wal`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// The canonical folder of `path` joined with its file name (for paths that need not exist).
fn canonical_name(path: &Path) -> Option<PathBuf> {
    if let Ok(c) = std::fs::canonicalize(path) {
        return Some(c);
    }
    let name = path.file_name()?;
    // Not `atomic_file::folder_of`: the guard sits below atomic_file, which calls it.
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(parent).ok()?.join(name))
}

/// Whether `path` is an existing file that starts like an SQLite database.
fn is_sqlite_file(path: &Path) -> bool {
    use std::io::Read;
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

/// Whether an existing file is an SQLite write-ahead log or rollback journal, by its
/// first bytes.
fn side_file_kind(path: &Path) -> Option<&'static str> {
    use std::io::Read;
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut head = [0u8; 8];
    std::fs::File::open(path).ok()?.read_exact(&mut head).ok()?;
    match head {
        [0x37, 0x7f, 0x06, 0x82 | 0x83, ..] => Some("write-ahead log (-wal)"),
        [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7] => Some("rollback journal (-journal)"),
        _ => None,
    }
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<(u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_an_existing_sqlite_file_and_side_names() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.sqlite3");
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch("CREATE TABLE t(a)")
            .unwrap();
        assert!(check(&db).is_err());
        assert!(check(&dir.path().join("other.csv")).is_ok());
        register_database(&db);
        let wal = dir.path().join("./x.sqlite3-wal");
        let err = check(&wal).unwrap_err().to_string();
        assert!(err.contains("x.sqlite3-wal"), "{err}");
        unregister_database(&db);
        // Not open any more, but still the side file of a database beside it (issue 23).
        let err = check(&wal).unwrap_err().to_string();
        assert!(err.contains("side file (-wal)"), "{err}");
        assert!(check(&dir.path().join("notes-wal")).is_ok());
    }
}
