//! Station names: what a guard reads instead of a station id (`ST-FA8550` -> `Door A`).
//!
//! A name is kept in the `meta` table under `station_name:<station>`, for this database's own
//! station or any other station id seen in a merged log (`accredit station name`).

use std::collections::HashMap;

use crate::registry::{Registry, RegistryError};

/// The `meta` key prefix of station names.
pub const META_PREFIX: &str = "station_name:";

/// Every station name this database knows, by logged station (id or name).
pub fn station_names(reg: &Registry) -> Result<HashMap<String, String>, RegistryError> {
    let mut stmt = reg
        .conn()
        .prepare_cached("SELECT key, value FROM meta WHERE key LIKE 'station\\_name:%' ESCAPE '\\'")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut names = HashMap::new();
    for row in rows {
        let (k, v) = row?;
        if let Some(station) = k.strip_prefix(META_PREFIX)
            && !v.trim().is_empty()
        {
            names.insert(station.to_string(), v);
        }
    }
    Ok(names)
}

/// Names a station (`station` as it appears in the log: an id like `ST-FA8550`); an empty
/// name removes it. A name is 1 to 64 printable characters.
pub fn set_station_name(reg: &Registry, station: &str, name: &str) -> Result<(), RegistryError> {
    let name = name.trim();
    if crate::registry::limits::check_label("station name", name, crate::registry::limits::MAX_STATION_CHARS)
        .is_err()
    {
        return Err(RegistryError::Invalid {
            field: "station name".into(),
            message: format!("{name:?} must be 1 to 64 printable characters"),
        });
    }
    let key = format!("{META_PREFIX}{}", station.trim());
    if name.is_empty() {
        reg.conn().execute("DELETE FROM meta WHERE key = ?1", [&key])?;
        return Ok(());
    }
    reg.set_meta(&key, name)
}
