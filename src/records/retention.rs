//! The retention periods, per privacy class of the table of fields: personal data is kept
//! until the event's last day plus this many days (event data; default 1 day for the
//! sensitive class, 90 for the others); after that the app reminds the desk to purge it
//! (`purge --sensitive` for the sensitive class, `purge --personal-data` for the rest).

use rusqlite::{Connection, OptionalExtension};
use time::Date;

use super::Result;
use super::purge::{SENSITIVE_PURGED_KEY, Scope};
use crate::registry::fields::Class;
use crate::registry::{RegistryError, audit};

/// The column of the event holding a class's retention days.
fn column(class: Class) -> &'static str {
    match class {
        Class::Door => "retention_days",
        Class::Desk => "retention_desk_days",
        Class::Sensitive => "retention_sensitive_days",
    }
}

/// Days after the last day of the event that the fields of `class` are kept.
pub fn class_days(conn: &Connection, class: Class) -> Result<u32> {
    let d: i64 = conn.query_row(
        &format!("SELECT {} FROM event WHERE id = 1", column(class)),
        [],
        |r| r.get(0),
    )?;
    Ok(d.clamp(0, u32::MAX as i64) as u32)
}

/// Changes the retention of one class (audited as a change of the event).
pub fn set_class_days(conn: &Connection, operator: &str, class: Class, days: u32) -> Result<()> {
    let before = class_days(conn, class)?;
    if before == days {
        return Ok(());
    }
    let col = column(class);
    conn.execute(&format!("UPDATE event SET {col} = ?1 WHERE id = 1"), [days])?;
    audit::record(
        conn,
        operator,
        "event",
        col,
        "update",
        Some(&format!("{{\"{col}\":{before}}}")),
        Some(&format!("{{\"{col}\":{days}}}")),
    )?;
    Ok(())
}

/// Whether the purge keeps gender for the statistics (event data, default yes).
pub fn set_keep_gender(conn: &Connection, operator: &str, keep: bool) -> Result<()> {
    let before = super::purge::keeps_gender(conn)?;
    if before == keep {
        return Ok(());
    }
    conn.execute("UPDATE event SET keep_gender = ?1 WHERE id = 1", [keep])?;
    audit::record(
        conn,
        operator,
        "event",
        "keep_gender",
        "update",
        Some(&format!("{{\"keep_gender\":{before}}}")),
        Some(&format!("{{\"keep_gender\":{keep}}}")),
    )?;
    Ok(())
}

/// The `meta` key set when personal data was purged (its time, RFC 3339).
pub const PURGED_KEY: &str = "purged_at";

/// Days after the last day of the event that personal data of the door's class is kept.
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

/// The retention period of the door's class, when the event has days.
pub fn retention(conn: &Connection) -> Result<Option<Retention>> {
    retention_of(conn, Class::Door)
}

/// The retention period of `class`, when the event has days.
pub fn retention_of(conn: &Connection, class: Class) -> Result<Option<Retention>> {
    let last: Option<String> = conn.query_row("SELECT MAX(date) FROM event_day", [], |r| r.get(0))?;
    let Some(last) = last else { return Ok(None) };
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let last_day = Date::parse(&last, &format).map_err(|e| RegistryError::Invalid {
        field: "event day".into(),
        message: format!("{last}: {e}"),
    })?;
    let days = class_days(conn, class)?;
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
    /// What to purge: the sensitive class only, or everything personal.
    pub scope: Scope,
}

impl Reminder {
    /// The reminder in words.
    pub fn text(&self) -> String {
        if self.scope == Scope::Sensitive {
            return format!(
                "The event ended on {}; the sensitive data (dates of birth, identity documents) is kept {} days, \
                 until {}: purge it for {} people (`accredit purge --sensitive`).",
                self.retention.last_day, self.retention.days, self.retention.due, self.people
            );
        }
        format!(
            "The event ended on {}; its retention period of {} days is over since {}: purge the \
             personal data of {} people (Records screen: Purge personal data…).",
            self.retention.last_day, self.retention.days, self.retention.due, self.people
        )
    }
}

/// The reminder due on `today`, if any: everything personal once the door's or desk's
/// class is due, else the sensitive class once it is due and some is left.
pub fn reminder(conn: &Connection, today: Date) -> Result<Option<Reminder>> {
    let door: bool = conn.query_row("SELECT secret_key IS NULL FROM event WHERE id = 1", [], |r| {
        r.get(0)
    })?;
    if door || purged_at(conn)?.is_some() {
        return Ok(None);
    }
    let people: i64 = conn.query_row("SELECT COUNT(*) FROM delegate", [], |r| r.get(0))?;
    if people == 0 {
        return Ok(None);
    }
    let mut personal: Option<Retention> = None;
    for class in [Class::Door, Class::Desk] {
        if let Some(r) = retention_of(conn, class)?
            && today >= r.due
            && personal.as_ref().is_none_or(|p| r.due < p.due)
        {
            personal = Some(r);
        }
    }
    if let Some(retention) = personal {
        return Ok(Some(Reminder {
            retention,
            people: people as u64,
            scope: Scope::Personal,
        }));
    }
    let sensitive_purged: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [SENSITIVE_PURGED_KEY],
            |r| r.get(0),
        )
        .optional()?;
    let Some(retention) = retention_of(conn, Class::Sensitive)? else {
        return Ok(None);
    };
    if today < retention.due || sensitive_purged.is_some() {
        return Ok(None);
    }
    let filled: Vec<String> = crate::registry::fields::of_class(Class::Sensitive)
        .map(|f| format!("{} <> ''", f.column))
        .collect();
    let with_sensitive: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM delegate WHERE {}", filled.join(" OR ")),
        [],
        |r| r.get(0),
    )?;
    if with_sensitive == 0 {
        return Ok(None);
    }
    Ok(Some(Reminder {
        retention,
        people: with_sensitive as u64,
        scope: Scope::Sensitive,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{Delegate, Registry};

    fn date(s: &str) -> Date {
        Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).unwrap()
    }

    #[test]
    fn each_class_has_its_own_retention_and_reminder() {
        let mut reg = Registry::open_in_memory().unwrap();
        reg.add_delegate(&Delegate {
            delegation: "AT".into(),
            family_name: "Gruber".into(),
            category: "DEL".into(),
            id_number: "P1234567".into(),
            ..Default::default()
        })
        .unwrap();
        let conn = reg.conn();
        assert_eq!(class_days(conn, Class::Sensitive).unwrap(), 1);
        assert_eq!(class_days(conn, Class::Desk).unwrap(), 90);
        assert_eq!(class_days(conn, Class::Door).unwrap(), 90);
        // The event ends 2015-07-07: the sensitive class is due on the 9th, the rest in October.
        assert_eq!(reminder(conn, date("2015-07-08")).unwrap(), None);
        let r = reminder(conn, date("2015-07-09")).unwrap().unwrap();
        assert_eq!(
            (r.scope, r.people, r.retention.due),
            (Scope::Sensitive, 1, date("2015-07-09"))
        );
        assert!(r.text().contains("accredit purge --sensitive"), "{}", r.text());
        set_class_days(conn, "t", Class::Desk, 10).unwrap();
        let r = reminder(conn, date("2015-07-18")).unwrap().unwrap();
        assert_eq!((r.scope, r.retention.due), (Scope::Personal, date("2015-07-18")));
        // After a purge of the sensitive class only the rest is reminded.
        conn.execute("UPDATE delegate SET id_number = ''", []).unwrap();
        assert_eq!(reminder(conn, date("2015-07-10")).unwrap(), None);
        let h = reg.history("event", "retention_desk_days").unwrap();
        assert_eq!(h.len(), 1);
    }
}
