//! Times as people at the event read them: the event's local time (its `utc_offset`),
//! written "Mon 6 Jul 2015 09:14"; the zone is named once, in the top bar.

use crate::checkin::log;
use crate::registry::Event;

/// The zone, for the top bar: "Vienna time (UTC+02:00)".
pub fn zone_label(event: &Event) -> String {
    let place = if event.city.trim().is_empty() {
        crate::tr!("app-zone-event")
    } else {
        event.city.trim().to_string()
    };
    let offset = if event.utc_offset == "+00:00" {
        "UTC".to_string()
    } else {
        format!("UTC{}", event.utc_offset)
    };
    crate::tr!("app-zone-label", place = place, offset = offset)
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
        assert_eq!(zone_label(&ev), "Vienna time (UTC+02:00)");
        // In another language, its own date.
        crate::i18n::with_lang(crate::i18n::Lang::De, || {
            assert_eq!(local("2015-07-06T07:14:03Z", &ev), "6. Juli 2015 09:14");
            assert_eq!(zone_label(&ev), "Ortszeit Vienna (UTC+02:00)");
        });
    }
}
