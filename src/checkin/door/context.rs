//! Where and when a scan happens at a door: the scan context, its checks, the event-local
//! day and the automatic check-out moment.

use time::{OffsetDateTime, UtcOffset};

use super::Door;
use crate::checkin::log;
use crate::checkin::rules::Direction;
use crate::checkin::{CheckinError, Result};

/// Where and when a scan happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanContext {
    /// Station name recorded in the log (by default the database's station id).
    pub station: String,
    /// Zone guarded by the station (`None`: the building entrance, no zone check).
    pub zone: Option<String>,
    /// Scan time.
    pub at: OffsetDateTime,
    /// Entry or exit.
    pub direction: Direction,
}

/// Whom a supervisor admits by override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    /// A scanned payload that is correctly signed (for example `UNREGISTERED` or
    /// `ALREADY_IN`). An `INVALID` payload cannot be overridden: look the person up by name.
    Payload(&'a str),
    /// A delegate found by name (forgotten badge).
    Delegate(i64),
}

impl Door {
    /// A context for an entry scan now at this station, guarding `zone` (any case; checked).
    pub fn context(&self, zone: Option<&str>) -> Result<ScanContext> {
        let ctx = ScanContext {
            station: self.station_id.clone(),
            zone: zone.map(zone_code),
            at: OffsetDateTime::now_utc(),
            direction: Direction::In,
        };
        self.check_context(&ctx)?;
        Ok(ctx)
    }

    /// Checks a context: the zone must be one of the event's zone codes (upper case: pass a
    /// zone typed by a person through [`zone_code`]), the station name 1 to 64 printable
    /// characters.
    pub fn check_context(&self, ctx: &ScanContext) -> Result<()> {
        if let Some(z) = &ctx.zone
            && !self.event.has_zone(z)
        {
            let known: Vec<&str> = self.event.zones.iter().map(|z| z.code.as_str()).collect();
            return Err(CheckinError::UnknownZone {
                zone: z.clone(),
                known: known.join(", "),
            });
        }
        let s = &ctx.station;
        if s.trim().is_empty() || s.chars().count() > 64 || s.chars().any(char::is_control) {
            return Err(CheckinError::BadStation(s.clone()));
        }
        Ok(())
    }

    /// The event-local day of a time.
    pub fn day_of(&self, at: OffsetDateTime) -> String {
        log::local_day(at, self.offset)
    }

    /// The moment of the automatic check-out of an event-local day, as logged.
    pub fn checkout_at(&self, day: &str) -> String {
        checkout_moment(day, &self.event.checkout, self.offset)
    }
}

/// The moment of the automatic check-out of `day` at local time `hh_mm` (`23:59` when
/// malformed), as logged (UTC, RFC 3339).
pub fn checkout_moment(day: &str, hh_mm: &str, offset: UtcOffset) -> String {
    let date = time::Date::parse(day, &time::macros::format_description!("[year]-[month]-[day]"));
    let t = crate::registry::parse_clock(hh_mm).unwrap_or(time::macros::time!(23:59));
    match date {
        Ok(d) => log::format_at(time::PrimitiveDateTime::new(d, t).assume_offset(offset)),
        // Not a date: never reached by a logged time.
        Err(_) => "9999".into(),
    }
}

/// A zone code as stored (trimmed, upper case), from a zone typed in any case, as the
/// import accepts it (`plenary` -> `PLENARY`).
pub fn zone_code(zone: &str) -> String {
    zone.trim().to_ascii_uppercase()
}
