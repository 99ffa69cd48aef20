//! The scan log: one row per scan in the `checkin` table, keyed by a UUID so that logs of
//! several stations merge idempotently. The row and its single write path (signed by the
//! station) are the registry's ([`crate::registry::scan_log`], re-exported here); this file
//! holds the door's queries and the log's time format.

use rusqlite::{Connection, OptionalExtension, params};
use time::{OffsetDateTime, UtcOffset};

use crate::registry::Result;

pub use crate::registry::scan_log::{COLUMNS, LogEntry, from_row, get, insert, insert_signed, insert_via};

/// The first admission (`ADMITTED`, `RE_ENTRY`, `OVERRIDE`) of a badge serial on a day for a
/// zone (`""` = no zone): its time and station. Earliest time wins, then the smaller UUID, so
/// the answer does not depend on the order in which logs were merged. Unverified rows (kept
/// from before scans were signed, see [`crate::network::identity`]) count for nothing.
pub fn first_admission(
    conn: &Connection,
    serial: i64,
    day: &str,
    zone: &str,
) -> Result<Option<(String, String)>> {
    let mut stmt = conn.prepare_cached(crate::checkin::with_admitting!(
        "SELECT at, station FROM checkin WHERE serial = ?1 AND day = ?2 AND zone = ?3 \
         AND verified = 1 AND verdict IN {} ORDER BY at, uuid LIMIT 1"
    ))?;
    Ok(stmt
        .query_row(params![serial, day, zone], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Whether a badge serial was admitted (any zone, not annulled) on a day.
pub fn admitted_on(conn: &Connection, serial: i64, day: &str) -> Result<bool> {
    let mut stmt = conn.prepare_cached(crate::checkin::with_admitting!(
        "SELECT EXISTS (SELECT 1 FROM checkin c WHERE serial = ?1 AND day = ?2 \
         AND verdict IN {} \
         AND c.uuid NOT IN (SELECT annuls FROM checkin WHERE verdict = 'ANNULLED'))"
    ))?;
    Ok(stmt.query_row(params![serial, day], |r| r.get(0))?)
}

/// Every scan of a badge serial on an event-local day (any zone, annulments included), in
/// time order: what the rule chain needs to know where the badge stands.
pub fn badge_day(conn: &Connection, serial: i64, day: &str) -> Result<Vec<LogEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM checkin WHERE serial = ?1 AND day = ?2 AND verified = 1 ORDER BY at, uuid"
    ))?;
    let rows = stmt.query_map(params![serial, day], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every scan of an event-local day, in time order.
pub fn day(conn: &Connection, day: &str) -> Result<Vec<LogEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM checkin WHERE day = ?1 ORDER BY at, uuid"
    ))?;
    let rows = stmt.query_map([day], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The UUID of the annulment of a scan, if it was annulled.
pub fn annulment_of(conn: &Connection, uuid: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT uuid FROM checkin WHERE annuls = ?1 AND verdict = 'ANNULLED' AND verified = 1 ORDER BY at, uuid LIMIT 1",
    )?;
    Ok(stmt.query_row([uuid], |r| r.get(0)).optional()?)
}

/// The most recent `n` scans, newest first.
pub fn recent(conn: &Connection, n: usize) -> Result<Vec<LogEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM checkin ORDER BY at DESC, uuid DESC LIMIT ?1"
    ))?;
    let rows = stmt.query_map([n.min(i64::MAX as usize) as i64], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The whole log, oldest first (time, then UUID).
pub fn all(conn: &Connection) -> Result<Vec<LogEntry>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM checkin ORDER BY at, uuid"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Formats a time as logged: RFC 3339 in UTC with exactly three fractional digits, so that
/// text order is time order.
pub fn format_at(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// Parses a time given by a person (an RFC 3339 time, any offset); the error says what to
/// write.
pub fn parse_time(s: &str) -> Result<OffsetDateTime, String> {
    parse_at(s).ok_or_else(|| format!("{s:?} is not an RFC 3339 time like 2015-07-06T09:00:00+02:00"))
}

/// Parses an RFC 3339 time (any offset).
pub fn parse_at(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

/// The event-local date of a time, as an ISO date.
pub fn local_day(t: OffsetDateTime, offset: UtcOffset) -> String {
    let d = t.to_offset(offset).date();
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// A logged time shown in the event's local time: `2015-07-06 09:12`.
pub fn local_minute(at: &str, offset: UtcOffset) -> String {
    match parse_at(at) {
        Some(t) => {
            let t = t.to_offset(offset);
            format!("{} {:02}:{:02}", local_day(t, offset), t.hour(), t.minute())
        }
        None => at.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_times_sort_as_text_and_round_trip() {
        let a = parse_at("2015-07-06T09:00:00+02:00").unwrap();
        let b = parse_at("2015-07-06T07:00:00.5Z").unwrap();
        assert_eq!(format_at(a), "2015-07-06T07:00:00.000Z");
        assert_eq!(format_at(b), "2015-07-06T07:00:00.500Z");
        assert!(format_at(a) < format_at(b));
        assert_eq!(parse_at(&format_at(b)), Some(b));
        let late = parse_at("2015-07-06T23:30:00Z").unwrap();
        assert_eq!(
            local_day(late, UtcOffset::from_hms(2, 0, 0).unwrap()),
            "2015-07-07"
        );
        assert_eq!(
            local_minute("2015-07-06T07:12:00.000Z", UtcOffset::from_hms(2, 0, 0).unwrap()),
            "2015-07-06 09:12"
        );
    }
}
