//! CUPS from the desk: the printers (`lpstat -e`) and sending a PDF (`lp -d NAME FILE`).
//! Run on an errand thread ([`super::Shell::errand`]), never on the UI thread.

use std::path::Path;

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
