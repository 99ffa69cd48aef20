//! The scan log as CSV (`accredit export checkins FILE.csv`), safe to open in a spreadsheet.

use std::io::Write;
use std::path::Path;

use super::log::{self, local_minute};
use super::{CheckinError, Result};
use crate::csv_io::neutralise;
use crate::registry::{Registry, RegistryError};

/// The header of the check-in CSV. `conflict` is `double_entry` for an admission made
/// without knowing an earlier one (see [`super::double_entries`]), else empty.
pub const HEADER: [&str; 14] = [
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
    "conflict",
];

/// Writes the whole scan log, oldest first, with the person's delegation and name where this
/// registry knows the serial. Returns the number of rows.
pub fn write_csv<W: Write>(reg: &Registry, out: W) -> Result<usize> {
    // Scans spooled while the registry was busy belong to the log.
    reg.drain_spool()?;
    let offset = reg.event()?.offset()?;
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| CheckinError::Csv(e.to_string());
    w.write_record(HEADER).map_err(io)?;
    // One query: the log, oldest first, each scan with the person its serial names (if any).
    let columns: Vec<String> = log::COLUMNS.split(", ").map(|c| format!("c.{c}")).collect();
    let mut stmt = reg
        .conn()
        .prepare(&format!(
            "SELECT {}, d.delegation, d.title, d.given_name, d.family_name
             FROM checkin c LEFT JOIN delegate d ON d.id = c.serial
             ORDER BY c.at, c.uuid",
            columns.join(", ")
        ))
        .map_err(RegistryError::from)?;
    let mut rows = stmt.query([]).map_err(RegistryError::from)?;
    let doubles = super::double_entries(reg.conn())?;
    let mut n = 0;
    while let Some(r) = rows.next().map_err(RegistryError::from)? {
        let e = log::from_row(r).map_err(RegistryError::from)?;
        let text = |i| r.get::<_, Option<String>>(i).map_err(RegistryError::from);
        let (delegation, name) = match (text(12)?, text(13)?, text(14)?, text(15)?) {
            (Some(delegation), Some(title), Some(given), Some(family)) => {
                (delegation, crate::text::display_name(&title, &given, &family))
            }
            _ => (String::new(), String::new()),
        };
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        let local = local_minute(&e.at, offset);
        let conflict = if doubles.contains(&e.uuid) {
            "double_entry"
        } else {
            ""
        };
        let row = [
            e.uuid,
            e.station,
            e.at,
            local,
            e.day,
            e.verdict.as_str().to_string(),
            opt(e.serial),
            opt(e.version.map(i64::from)),
            e.zone,
            delegation,
            name,
            e.override_reason,
            e.operator,
            conflict.to_string(),
        ];
        w.write_record(row.iter().map(|c| neutralise(c).into_owned()))
            .map_err(io)?;
        n += 1;
    }
    w.flush().map_err(|e| CheckinError::Csv(e.to_string()))?;
    Ok(n)
}

/// Writes the CSV to a file atomically (a temporary file renamed into place).
pub fn write_csv_file(reg: &Registry, path: &Path) -> Result<usize> {
    crate::atomic_file::write(
        path,
        |action, error| CheckinError::Registry(crate::io_error::IoError::new(action, path, error).into()),
        |w| write_csv(reg, w),
    )
}
