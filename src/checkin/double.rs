//! Double entries: two admissions of one badge, day and zone at stations that could not see
//! each other (offline, or before their logs met). Both are kept; the later one is reported.
//!
//! A station that knows an earlier admission answers `ALREADY_IN` (or `RE_ENTRY` when the
//! event allows it), so an `ADMITTED` row that is not the first admission of its badge, day
//! and zone (earliest time, then smaller UUID, as for `ALREADY_IN`) was made without knowing
//! the other: it is the double entry. A supervisor's `OVERRIDE` is deliberate and never one.
//! Only verified entry scans count (not exits, not rows kept unverified from before signing).

use std::collections::HashSet;

use rusqlite::Connection;

use crate::registry::Result;

/// The UUIDs of the scans that are double entries.
pub fn double_entries(conn: &Connection) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare_cached(crate::checkin::with_admitting!(
        "SELECT c.uuid FROM checkin c
         WHERE c.verdict = 'ADMITTED' AND c.verified = 1 AND c.direction = 'in' AND c.serial IS NOT NULL
           AND EXISTS (SELECT 1 FROM checkin e
               WHERE e.serial = c.serial AND e.day = c.day AND e.zone = c.zone AND e.verified = 1
                 AND e.direction = 'in' AND e.verdict IN {}
                 AND (e.at < c.at OR (e.at = c.at AND e.uuid < c.uuid)))"
    ))?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<HashSet<_>>>()?)
}
