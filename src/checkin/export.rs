//! The scan log as CSV (`accredit export checkins FILE.csv`), safe to open in a spreadsheet.

use std::io::Write;
use std::path::Path;

use super::log::{self, local_minute};
use super::{CheckinError, Result};
use crate::registry::{Registry, RegistryError};

/// The header of the check-in CSV.
pub const HEADER: [&str; 13] = [
    "uuid",
    "station",
    "at",
    "local_time",
    "day",
    "verdict",
    "serial",
    "version",
    "zone",
    "delegation",
    "name",
    "override_reason",
    "operator",
];

/// Writes the whole scan log, oldest first, with the person's delegation and name where this
/// registry knows the serial. Returns the number of rows.
pub fn write_csv<W: Write>(reg: &Registry, out: W) -> Result<usize> {
    let offset = reg.event()?.offset();
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| CheckinError::Csv(e.to_string());
    w.write_record(HEADER).map_err(io)?;
    let mut names = reg
        .conn()
        .prepare_cached("SELECT delegation, title, given_name, family_name FROM delegate WHERE id = ?1")
        .map_err(RegistryError::from)?;
    let entries = log::all(reg.conn())?;
    for e in &entries {
        let (delegation, name) = match e.serial {
            Some(s) => {
                let mut rows = names.query([s]).map_err(RegistryError::from)?;
                match rows.next().map_err(RegistryError::from)? {
                    Some(r) => {
                        let g = |i| r.get::<_, String>(i).map_err(RegistryError::from);
                        (g(0)?, crate::text::display_name(&g(1)?, &g(2)?, &g(3)?))
                    }
                    None => (String::new(), String::new()),
                }
            }
            None => (String::new(), String::new()),
        };
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        let row = [
            e.uuid.clone(),
            e.station.clone(),
            e.at.clone(),
            local_minute(&e.at, offset),
            e.day.clone(),
            e.verdict.as_str().to_string(),
            opt(e.serial),
            opt(e.version.map(i64::from)),
            e.zone.clone(),
            delegation,
            name,
            e.override_reason.clone(),
            e.operator.clone(),
        ];
        w.write_record(row.iter().map(|c| neutralise(c).into_owned()))
            .map_err(io)?;
    }
    w.flush().map_err(|e| CheckinError::Csv(e.to_string()))?;
    Ok(entries.len())
}

/// Writes the CSV to a file atomically (a temporary file renamed into place).
pub fn write_csv_file(reg: &Registry, path: &Path) -> Result<usize> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let io = |action: &'static str| {
        move |source: std::io::Error| {
            CheckinError::Registry(RegistryError::Io {
                action,
                source,
                path: path.display().to_string(),
            })
        }
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io("cannot create a file beside"))?;
    let n = write_csv(reg, std::io::BufWriter::new(tmp.as_file_mut()))?;
    tmp.as_file().sync_all().map_err(io("cannot write"))?;
    tmp.persist(path).map_err(|e| io("cannot write")(e.error))?;
    Ok(n)
}

/// Neutralises a cell a spreadsheet would run as a formula (OWASP CSV injection): a leading
/// `=`, `+`, `-`, `@`, tab or CR gets a `'` in front.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}
