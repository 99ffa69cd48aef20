//! The retention period: personal data is kept until the event's last day plus this many
//! days (event data, default 90); after that the app reminds the desk to purge it.

use rusqlite::{Connection, OptionalExtension};
use time::Date;

use super::Result;
use crate::registry::{RegistryError, audit};

/// The `meta` key set when personal data was purged (its time, RFC 3339).
pub const PURGED_KEY: &str = "purged_at";

/// Days after the last day of the event that personal data is kept.
pub fn retention_days(conn: &Connection) -> Result<u32> {
    let d: i64 = conn.query_row("SELECT retention_days FROM event WHERE id = 1", [], |r| r.get(0))?;
    Ok(d.clamp(0, u32::MAX as i64) as u32)
}

/// Changes the retention period (audited as a change of the event).
pub fn set_retention_days(conn: &Connection, operator: &str, days: u32) -> Result<()> {
    let before = retention_days(conn)?;
    if before == days {
        return Ok(());
    }
    conn.execute("UPDATE event SET retention_days = ?1 WHERE id = 1", [days])?;
    audit::record(
        conn,
        operator,
        "event",
        "retention_days",
        "update",
        Some(&format!("{{\"retention_days\":{before}}}")),
        Some(&format!("{{\"retention_days\":{days}}}")),
    )?;
    Ok(())
}

/// When the personal data was purged, if it was.
pub fn purged_at(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [PURGED_KEY], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The retention period of the event, in dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    /// The event's last day.
    pub last_day: Date,
    /// Days kept after it.
    pub days: u32,
    /// The first day personal data should be gone.
    pub due: Date,
}

/// The retention period, when the event has days.
pub fn retention(conn: &Connection) -> Result<Option<Retention>> {
    let last: Option<String> = conn.query_row("SELECT MAX(date) FROM event_day", [], |r| r.get(0))?;
    let Some(last) = last else { return Ok(None) };
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let last_day = Date::parse(&last, &format).map_err(|e| RegistryError::Invalid {
        field: "event day".into(),
        message: format!("{last}: {e}"),
    })?;
    let days = retention_days(conn)?;
    let due = last_day
        .checked_add(time::Duration::days(days as i64 + 1))
        .unwrap_or(Date::MAX);
    Ok(Some(Retention { last_day, days, due }))
}

/// The reminder to purge: when `today` is on or after the due date and the personal data is
/// still there (never on a door copy, which a purge refuses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// The period that ended.
    pub retention: Retention,
    /// How many delegates still have personal data.
    pub people: u64,
}

impl Reminder {
    /// The reminder in English words.
    pub fn text(&self) -> String {
        self.say().english()
    }

    /// The reminder as a message, for the app in its language.
    pub fn say(&self) -> crate::i18n::Say {
        crate::i18n::Say::new("records-reminder")
            .arg("ended", self.retention.last_day.to_string())
            .arg("days", self.retention.days.to_string())
            .arg("due", self.retention.due.to_string())
            .arg("people", self.people)
    }
}

/// The reminder due on `today`, if any.
pub fn reminder(conn: &Connection, today: Date) -> Result<Option<Reminder>> {
    let door: bool = conn.query_row("SELECT secret_key IS NULL FROM event WHERE id = 1", [], |r| {
        r.get(0)
    })?;
    if door || purged_at(conn)?.is_some() {
        return Ok(None);
    }
    let Some(retention) = retention(conn)? else {
        return Ok(None);
    };
    if today < retention.due {
        return Ok(None);
    }
    let people: i64 = conn.query_row("SELECT COUNT(*) FROM delegate", [], |r| r.get(0))?;
    if people == 0 {
        return Ok(None);
    }
    Ok(Some(Reminder {
        retention,
        people: people as u64,
    }))
}
