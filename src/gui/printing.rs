//! Small adapters between the Badges screen and the outside: the badge layout of one
//! delegate for the preview, the output path (never over an existing file), CUPS printers
//! (`lpstat`, `lp`).

use std::path::{Path, PathBuf};

use time::{OffsetDateTime, UtcOffset};

use crate::Registry;
use crate::badge::{BadgeLayout, Layout};

/// The badge geometry of one delegate (with photo and signed pass), as printing would draw it.
pub fn layout_for(reg: &Registry, id: i64, kind: Layout) -> Result<BadgeLayout, String> {
    crate::badge::preview(reg, id, kind).map_err(|e| e.to_string())
}

/// The PDF to write, before [`reserve`] makes it unique: the typed path, else
/// `badges-YYYYMMDD-HHMMSS.pdf` (local time; the event's offset when the machine's offset
/// cannot be read) beside the database.
pub fn output_path(typed: &str, db: Option<&Path>, event_offset: UtcOffset) -> Result<PathBuf, String> {
    let typed = typed.trim();
    if !typed.is_empty() {
        let p = PathBuf::from(typed);
        if p.extension().is_none_or(|e| !e.eq_ignore_ascii_case("pdf")) {
            return Err(format!("The output file must end in .pdf: {typed}"));
        }
        return Ok(std::path::absolute(&p).unwrap_or(p));
    }
    let dir = db
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok())
        .ok_or("Type where to write the PDF.")?;
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
pub fn reserve(wanted: &Path) -> Result<PathBuf, String> {
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
            Err(e) => return Err(format!("Cannot create {}: {e}", candidate.display())),
        }
    }
    Err(format!(
        "Cannot find a free file name beside {}: choose another output file.",
        wanted.display()
    ))
}

/// Removes a file claimed by [`reserve`] when the print did not write it (still empty).
pub fn release(path: &Path) {
    if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        let _ = std::fs::remove_file(path);
    }
}

/// The CUPS printers (`lpstat -e`); empty when CUPS is not installed.
pub fn printers() -> Vec<String> {
    std::process::Command::new("lpstat")
        .arg("-e")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Sends a PDF to a CUPS printer with `lp -d NAME FILE`; the message says what happened.
pub fn send_to_printer(printer: &str, path: &Path) -> Result<String, String> {
    let out = std::process::Command::new("lp")
        .arg("-d")
        .arg(printer)
        .arg(path)
        .output()
        .map_err(|e| {
            format!(
                "Cannot run lp ({e}); is CUPS installed? The PDF is at {}",
                path.display()
            )
        })?;
    if out.status.success() {
        Ok(format!(
            "Sent to {printer}: {}",
            String::from_utf8_lossy(&out.stdout).trim()
        ))
    } else {
        Err(format!(
            "The printer {printer} refused the job: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}
