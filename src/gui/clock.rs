//! Times as people at the event read them: the event's local time (its `utc_offset`),
//! written "Mon 6 Jul 2015 09:14"; the zone is named once, in the top bar; and the
//! rehearsal clock (`ACCREDIT_AT`).

use crate::checkin::log;
use crate::registry::Event;

/// The zone, for the top bar: "Event time (UTC+02:00)". The event keeps a fixed UTC offset
/// (the one of its days, set on the Event screen), not a place's rules: the label names the
/// offset every time is shown in and does not call it "Vienna time" (in December Vienna is
/// at UTC+01:00, and the screens still show the event's +02:00).
pub fn zone_label(event: &Event) -> String {
    let offset = if event.utc_offset == "+00:00" {
        "UTC".to_string()
    } else {
        format!("UTC{}", event.utc_offset)
    };
    crate::tr!("app-zone-event-time", offset = offset)
}

/// An event-local "YYYY-MM-DD HH:MM" (as the door's figures hold it) in words of the app's
/// language: "6 July 2015 09:00", "6. Juli 2015 09:00"; the text as it is otherwise.
pub fn local_words(at_local: &str) -> String {
    match at_local.split_once(' ') {
        Some((date, time)) if crate::i18n::dates::parse_iso(date).is_some() => {
            format!(
                "{} {time}",
                crate::i18n::dates::long_iso(crate::i18n::current(), date)
            )
        }
        _ => at_local.to_string(),
    }
}

/// The `meta` key anchoring the rehearsal clock: `ACCREDIT_AT` value, then the real Unix
/// time it was first used, joined by `|`.
pub const REHEARSAL_KEY: &str = "gui.rehearsal_clock";

/// The rehearsal clock's shift from real time, for `ACCREDIT_AT` = `raw`: the clock starts
/// at that instant the first time it is used on this database and **runs on** from there,
/// also across restarts (the anchor is kept in the database), so the log never goes back in
/// time. A different `ACCREDIT_AT` starts a new rehearsal. `None` when `raw` is not a time.
pub fn rehearsal_shift(reg: &crate::Registry, raw: &str) -> Option<time::Duration> {
    let at = log::parse_at(raw.trim())?;
    let now = time::OffsetDateTime::now_utc();
    let anchored = reg.meta(REHEARSAL_KEY).ok().flatten().and_then(|v| {
        let (value, unix) = v.rsplit_once('|')?;
        (value == raw.trim()).then_some(())?;
        time::OffsetDateTime::from_unix_timestamp(unix.parse().ok()?).ok()
    });
    let started = match anchored {
        Some(t) => t,
        None => {
            // Best effort: a read-only database still rehearses, from this launch.
            let _ = reg.set_meta(REHEARSAL_KEY, &format!("{}|{}", raw.trim(), now.unix_timestamp()));
            now
        }
    };
    Some(at - started)
}

/// An RFC 3339 time in the event's local time, to the minute: "Mon 6 Jul 2015 09:14".
/// Text that is not a time is returned as it is.
pub fn local(at: &str, event: &Event) -> String {
    let Some(t) = log::parse_at(at) else {
        return at.to_string();
    };
    // A malformed offset (refused when saved; only a hand-edited file has one) shows the
    // time in UTC, said so, instead of passing it off as local.
    let (offset, zone) = match event.offset() {
        Ok(o) => (o, ""),
        Err(_) => (time::UtcOffset::UTC, " UTC"),
    };
    let t = t.to_offset(offset);
    let fmt = time::macros::format_description!(
        "[weekday repr:short] [day padding:none] [month repr:short] [year] [hour]:[minute]"
    );
    let lang = crate::i18n::current();
    let shown = if lang == crate::i18n::Lang::En {
        t.format(&fmt).unwrap_or_else(|_| log::local_minute(at, offset))
    } else {
        // The language's own date ("6. Juli 2015 09:14", "6 июля 2015 09:14").
        format!(
            "{} {:02}:{:02}",
            crate::i18n::dates::long(lang, t.date()),
            t.hour(),
            t.minute()
        )
    };
    format!("{shown}{zone}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times_read_in_the_event_zone() {
        let ev = Event {
            code: "T".into(),
            title: "T".into(),
            subtitle: String::new(),
            venue: String::new(),
            city: "Vienna".into(),
            utc_offset: "+02:00".into(),
            reentry: false,
            days: Vec::new(),
            zones: Vec::new(),
            categories: Vec::new(),
            checkout: "23:59".into(),
            badge: Default::default(),
        };
        assert_eq!(local("2015-07-06T07:14:03Z", &ev), "Mon 6 Jul 2015 09:14");
        assert_eq!(local("2015-07-06T23:30:00Z", &ev), "Tue 7 Jul 2015 01:30");
        assert_eq!(local("not a time", &ev), "not a time");
        assert_eq!(zone_label(&ev), "Event time (UTC+02:00)");
        // In another language, its own date.
        crate::i18n::with_lang(crate::i18n::Lang::De, || {
            assert_eq!(local("2015-07-06T07:14:03Z", &ev), "6. Juli 2015 09:14");
            assert_eq!(zone_label(&ev), "Veranstaltungszeit (UTC+02:00)");
        });
    }
}
