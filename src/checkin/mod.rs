//! Door check-in: the verdict engine and the durable scan log (no egui here).
//!
//! # Use
//! [`Door::open`] caches the event, its public key and the delegation names;
//! [`Door::scan`] judges one scanned payload, appends it to the `checkin` table and commits
//! (WAL, `synchronous=FULL`) **before** returning the [`Verdict`]: a verdict that was shown
//! is never lost. [`Door::override_admit`] lets a supervisor admit with a reason (logged as
//! `OVERRIDE` with the operator). [`lookup_by_name`] finds a person with a forgotten badge;
//! [`stats`] feeds the dashboard. Exchange of logs between stations is in [`crate::sync`].
//!
//! # Verdicts and their precedence
//! Exactly one verdict per scan. When several apply, the first in this list wins:
//! 1. `INVALID`: not a pass of this event signed with its key (garbage, altered, truncated,
//!    padded, other event, other key). Nothing in it is trusted; serial and version are not
//!    logged.
//! 2. `UNREGISTERED`: correctly signed, but the serial is unknown to this copy of the
//!    registry, or its version is newer than the copy knows (reissued after the copy was
//!    packaged). A warning for a supervisor.
//! 3. `REVOKED`: an older badge version than the current one, or the accreditation was
//!    withdrawn or rejected.
//! 4. `NOT_ACCREDITED`: the delegate is pending.
//! 5. `NOT_TODAY`: the scan's day (scan time in the event's `utc_offset`) is not a day of the
//!    event, or not one of the badge's days (both the signed days and the registry's current
//!    days must allow it).
//! 6. `ZONE_DENIED`: the station guards a zone that neither the signed zones nor the
//!    delegate's current zones (own, else the category's) allow. Empty lists mean "all".
//! 7. `ALREADY_IN`: the badge is inside: an admission (`ADMITTED`, `RE_ENTRY` or `OVERRIDE`)
//!    of the same serial, the same day, for the same zone, at any station this log knows
//!    (merged logs included), with no exit since; the verdict names the time and station of
//!    that entry. When the event allows re-entry the person is admitted as `RE_ENTRY` instead;
//!    after an exit (or the event's automatic check-out time) the next entry is `RE_ENTRY`.
//! 8. `ADMITTED`.
//!
//! At an exit station ([`Direction::Out`]) every correctly signed badge gets `EXIT` (an
//! invalid one `INVALID`). [`Door::annul`] logs an `ANNULLED` entry naming a mistaken
//! admission or exit: from then on that scan does not count. The rules are one pure
//! function, [`rules::judge`]; [`Door`] gathers its inputs from SQLite. [`presence()`] says who
//! is inside.
//!
//! The once-per-day rule is per zone: stations guarding the same zone (or no zone, the
//! entrance) share it, so a delegate who came in at the entrance can still enter the press
//! area once.

/// An SQL text with the admitting verdicts' list
/// ([`VerdictCode::admitting_sql`]) in place of its `{}`, formatted once per site: the scan
/// path prepares its statements without building their text again.
macro_rules! with_admitting {
    ($sql:literal) => {{
        static SQL: std::sync::LazyLock<String> =
            std::sync::LazyLock::new(|| format!($sql, $crate::checkin::VerdictCode::admitting_sql()));
        SQL.as_str()
    }};
}
pub(crate) use with_admitting;

mod admitted;
mod door;
mod double;
pub mod export;
pub mod gender;
pub mod log;
mod lookup;
pub mod pin;
pub mod presence;
pub mod rules;
mod stations;
mod stats;
mod verdict;

pub use admitted::admitted_serials;
pub use door::{CHECKPOINT_EVERY, Door, ScanContext, Subject, TodayCounts, checkout_moment, zone_code};
pub use double::double_entries;
pub use log::LogEntry;
pub use lookup::{Match, lookup_by_name};
pub use presence::{Inside, Presence, presence};
pub use rules::{Direction, headline};
pub use stations::{set_station_name, station_names};
pub use stats::{Counts, HourCount, Line, Stats, stats};
pub use verdict::{EarlierEntry, Person, Tone, Verdict, VerdictCode};

use crate::registry::RegistryError;

/// Errors of the door (a refused badge is a [`Verdict`], not an error).
#[derive(Debug, thiserror::Error)]
pub enum CheckinError {
    /// The registry or its database failed.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// The station was configured with a zone the event does not have.
    #[error("unknown zone {zone:?}; the event's zones are: {known}")]
    UnknownZone {
        /// The zone given.
        zone: String,
        /// The event's zones.
        known: String,
    },
    /// The station name is empty, too long or has control characters.
    #[error("station name {0:?} must be 1 to 64 printable characters")]
    BadStation(String),
    /// An override needs a reason.
    #[error("an override needs a reason (who decided, and why)")]
    EmptyReason,
    /// An override of a payload that is not a valid pass of this event.
    #[error("cannot admit by override: {0}; find the person by name and admit by id")]
    CannotOverride(String),
    /// An annulment names a scan this log does not have.
    #[error("no scan {0} in this station's log; check the UUID (`accredit export checkins -` lists them)")]
    NoSuchScan(String),
    /// The scan cannot be annulled.
    #[error("scan {uuid} cannot be annulled: {why}")]
    CannotAnnul {
        /// The scan.
        uuid: String,
        /// Why not.
        why: String,
    },
    /// Writing CSV failed.
    #[error("cannot write CSV: {0}")]
    Csv(String),
}

impl From<rusqlite::Error> for CheckinError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Registry(e.into())
    }
}

/// Result of check-in operations.
pub type Result<T, E = CheckinError> = std::result::Result<T, E>;
