//! Where a printed PDF goes: the file a badge print (or the door's evacuation roll) writes
//! when the user typed none, and a name of its own claimed before writing, so two prints in
//! one second never overwrite each other, nor any file already there.
//!
//! The GUI calls these; the CLI always writes the `--out` file it is given (replaced only once
//! completely written), so it needs no free name.

use std::path::{Path, PathBuf};

use time::{OffsetDateTime, UtcOffset};

/// Why no output file could be chosen or claimed.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The typed file does not end in `.pdf`.
    #[error("The output file must end in .pdf: {0}")]
    NotPdf(String),
    /// Neither a database folder nor a working folder to write beside.
    #[error("Type where to write the PDF.")]
    NoFolder,
    /// The file could not be created.
    #[error("Cannot create {path}: {source}", path = path.display())]
    Create {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Every numbered name beside the wanted file is taken.
    #[error("Cannot find a free file name beside {}: choose another output file.", .0.display())]
    NoFreeName(PathBuf),
}

/// The folder files are written beside: the database's folder, else the working folder.
pub fn beside_db(db: Option<&Path>) -> Option<PathBuf> {
    db.and_then(Path::parent)
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok())
}

/// The badge PDF to write, before [`reserve`] makes it unique: the typed path, else
/// `badges-YYYYMMDD-HHMMSS.pdf` (local time; the event's offset when the machine's offset
/// cannot be read) beside the database.
pub fn badges_pdf(typed: &str, db: Option<&Path>, event_offset: UtcOffset) -> Result<PathBuf, OutputError> {
    let typed = typed.trim();
    if !typed.is_empty() {
        let p = PathBuf::from(typed);
        if p.extension().is_none_or(|e| !e.eq_ignore_ascii_case("pdf")) {
            return Err(OutputError::NotPdf(typed.to_string()));
        }
        return Ok(std::path::absolute(&p).unwrap_or(p));
    }
    let dir = beside_db(db).ok_or(OutputError::NoFolder)?;
    let now =
        OffsetDateTime::now_local().unwrap_or_else(|_| OffsetDateTime::now_utc().to_offset(event_offset));
    let name = format!(
        "badges-{:04}{:02}{:02}-{:02}{:02}{:02}.pdf",
        now.year(),
        now.month() as u8,
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    );
    let path = dir.join(name);
    Ok(std::path::absolute(&path).unwrap_or(path))
}

/// Claims a file name no other file has: `wanted`, else `NAME-2.pdf`, `NAME-3.pdf`, ...
/// The file is created empty (atomically, never over an existing file); the print then
/// replaces it, or [`release`] removes it when nothing was printed.
pub fn reserve(wanted: &Path) -> Result<PathBuf, OutputError> {
    let stem = wanted
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = wanted
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in 1..=9999u32 {
        let candidate = if n == 1 {
            wanted.to_path_buf()
        } else {
            wanted.with_file_name(format!("{stem}-{n}.{ext}"))
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(_) => return Ok(candidate),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(source) => {
                return Err(OutputError::Create {
                    path: candidate,
                    source,
                });
            }
        }
    }
    Err(OutputError::NoFreeName(wanted.to_path_buf()))
}

/// Removes a file claimed by [`reserve`] when the print did not write it (still empty).
pub fn release(path: &Path) {
    if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserve_never_takes_an_existing_name_and_release_removes_only_empty_files() {
        let dir = tempfile::tempdir().unwrap();
        let wanted = dir.path().join("badges.pdf");
        let first = reserve(&wanted).unwrap();
        assert_eq!(first, wanted);
        let second = reserve(&wanted).unwrap();
        assert_eq!(second, dir.path().join("badges-2.pdf"));
        std::fs::write(&second, b"%PDF").unwrap();
        release(&first);
        release(&second);
        assert!(!first.exists(), "an empty claim is removed");
        assert!(second.exists(), "a written file stays");
    }

    #[test]
    fn a_typed_path_must_be_a_pdf_and_an_empty_one_is_named_by_time_beside_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("reg.sqlite3");
        let err = badges_pdf("out.txt", Some(&db), UtcOffset::UTC).unwrap_err();
        assert_eq!(err.to_string(), "The output file must end in .pdf: out.txt");
        let p = badges_pdf("  ", Some(&db), UtcOffset::UTC).unwrap();
        assert_eq!(p.parent(), Some(dir.path()));
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("badges-") && name.ends_with(".pdf"), "{name}");
    }
}
