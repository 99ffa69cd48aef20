//! Small adapters between the Badges screen and the outside: the badge layout of one
//! delegate for the preview, the default output path, CUPS printers (`lpstat`, `lp`).

use std::path::{Path, PathBuf};

use crate::Registry;
use crate::badge::{BadgeLayout, Layout};

/// The badge geometry of one delegate (with photo and signed pass), as printing would draw it.
pub fn layout_for(reg: &Registry, id: i64, kind: Layout) -> Result<BadgeLayout, String> {
    crate::badge::preview(reg, id, kind).map_err(|e| e.to_string())
}

/// The PDF to write: the typed path, else `badges-YYYYMMDD-HHMMSS.pdf` beside the database.
pub fn output_path(typed: &str, db: Option<&Path>) -> Result<PathBuf, String> {
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
    let now = time::OffsetDateTime::now_utc();
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
