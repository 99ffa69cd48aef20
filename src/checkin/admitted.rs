//! Who has been admitted at least once, from the scan log: the desk's "checked in" mark.

use std::collections::HashSet;

use crate::Registry;
use crate::registry::RegistryError;

/// Serials (delegate ids) admitted at least once (an admission that was later annulled does
/// not count), from this database's scan log (merged logs included).
pub fn admitted_serials(reg: &Registry) -> Result<HashSet<i64>, RegistryError> {
    let mut stmt = reg.conn().prepare_cached(crate::checkin::with_admitting!(
        "SELECT DISTINCT serial FROM checkin WHERE serial IS NOT NULL \
         AND verdict IN {} \
         AND uuid NOT IN (SELECT annuls FROM checkin WHERE verdict = 'ANNULLED')"
    ))?;
    let rows = stmt.query_map([], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<rusqlite::Result<HashSet<_>>>()?)
}
