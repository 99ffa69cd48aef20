//! The strings a badge prints and the one glyph check of printing, the preview and the
//! template check.

use super::super::fonts::Fonts;
use super::items::{Field, Reason, Unprintable};
use crate::registry::{Delegate, Delegation, Event};

/// Checks one badge string against the bundled fonts (the one glyph check of printing and
/// of [`crate::badge::glyph_warnings`]): returns the cleaned text to print, `None` when it is empty
/// or must be left off, and the record of the characters no bundled font has, if any. Only
/// the name is printed without those characters; any other line with them is left off.
pub fn check_glyphs(
    fonts: &Fonts,
    field: Field,
    text: &str,
    bold: bool,
) -> (Option<String>, Option<Unprintable>) {
    let clean = super::super::fonts::clean(text);
    if clean.is_empty() {
        return (None, None);
    }
    let missing = fonts.missing(&clean, bold);
    if missing.is_empty() {
        return (Some(clean), None);
    }
    let always = field == Field::Name;
    let problem = Unprintable {
        field,
        text: text.to_string(),
        missing,
        left_off: !always,
        reason: Reason::MissingGlyphs,
    };
    (always.then_some(clean), Some(problem))
}

/// The glyph problems of one badge: every string it prints (that some layout of the event's
/// template shows) checked with [`check_glyphs`].
pub fn glyph_problems(
    event: &Event,
    d: &Delegate,
    delegation: Option<&Delegation>,
    fonts: &Fonts,
) -> Vec<Unprintable> {
    let shown = event.badge.fields_shown();
    badge_strings(event, d, delegation)
        .into_iter()
        .filter(|(field, _, _)| shown.contains(field))
        .filter_map(|(field, text, bold)| check_glyphs(fonts, field, &text, bold).1)
        .collect()
}

/// The strings a badge prints, with the field and whether they are bold (also used by the
/// glyph check before printing).
pub fn badge_strings(
    event: &Event,
    d: &Delegate,
    delegation: Option<&Delegation>,
) -> Vec<(Field, String, bool)> {
    let mut v = vec![
        (Field::EventTitle, event.title.clone(), true),
        (Field::Name, d.display_name(), true),
        (Field::NativeName, d.native_name.clone(), false),
        (
            Field::Delegation,
            delegation
                .map(|x| x.name(event.badge.language).to_string())
                .unwrap_or_else(|| d.delegation.clone()),
            true,
        ),
        (Field::Function, d.function.clone(), false),
    ];
    if let Some(days) = days_line(event, d) {
        v.push((Field::Days, days, false));
    }
    if let Some(zones) = zones_line(event, d) {
        v.push((Field::Zones, zones, false));
    }
    if !event.subtitle.trim().is_empty() {
        v.push((Field::EventSubtitle, event.subtitle.clone(), false));
    }
    v.push((
        Field::Validity,
        validity_line(event, d, &valid_word(event)),
        false,
    ));
    let label = event
        .category(&d.category)
        .map(|c| c.label.clone())
        .unwrap_or_else(|| d.category.clone());
    v.push((Field::Category, label, true));
    v
}

/// The word before the days of the validity line in the badge's language ("Valid",
/// "Gültig", "Valable").
pub fn valid_word(event: &Event) -> String {
    crate::i18n::tr_in(event.badge.language, "badge-valid", &[])
}

/// `prefix` and the days the badge is valid ("Valid 6-7 July 2015"): the delegate's own days,
/// or every day of the event.
pub fn validity_line(event: &Event, d: &Delegate, prefix: &str) -> String {
    let mut dates: Vec<&str> = if d.days.is_empty() {
        event.days.iter().map(|x| x.date.as_str()).collect()
    } else {
        d.days.iter().map(String::as_str).collect()
    };
    dates.sort_unstable();
    dates.dedup();
    let days = crate::i18n::dates::runs_text(event.badge.language, &dates);
    if prefix.trim().is_empty() {
        days
    } else {
        format!("{} {days}", prefix.trim())
    }
}

/// ISO dates as people write them in English: runs of consecutive days joined by a dash,
/// days of one month sharing the month's name: "6-7 July 2015", "30 June-2 July 2015",
/// "6, 8 July 2015". Strings that are not dates are kept as they are (see
/// [`crate::i18n::dates::runs_text`] for the other languages).
pub fn dates_text(sorted: &[&str]) -> String {
    crate::i18n::dates::runs_text(crate::i18n::Lang::En, sorted)
}

/// "Days: ..." when the delegate may not come every day of the event.
fn days_line(event: &Event, d: &Delegate) -> Option<String> {
    let all = event.days.iter().all(|day| d.days.contains(&day.date));
    if d.days.is_empty() || all {
        return None;
    }
    let mut days: Vec<&String> = d.days.iter().collect();
    days.sort();
    let names: Vec<String> = days
        .iter()
        .map(|date| {
            let lang = event.badge.language;
            let label = event
                .days
                .iter()
                .find(|x| &&x.date == date)
                .filter(|x| !x.label.trim().is_empty())
                .map(|x| x.label.clone());
            // The event's own labels are English; another badge language names the days
            // itself ("Montag, 6. Juli 2015").
            match (lang, label, crate::i18n::dates::parse_iso(date)) {
                (crate::i18n::Lang::En, Some(label), _) => label,
                (lang, _, Some(day)) => crate::i18n::dates::with_weekday(lang, day),
                (_, label, None) => label.unwrap_or_else(|| date.to_string()),
            }
        })
        .collect();
    Some(crate::i18n::tr_in(
        event.badge.language,
        "badge-days",
        &[("days", names.join(", ").into())],
    ))
}

/// "Zones: ..." when the delegate may not enter every zone of the event.
fn zones_line(event: &Event, d: &Delegate) -> Option<String> {
    let zones = event.effective_zones(d);
    let all = event.zones.iter().all(|z| zones.contains(&z.code));
    if zones.is_empty() || all {
        return None;
    }
    // In the event's order.
    let ordered: Vec<&str> = event
        .zones
        .iter()
        .filter(|z| zones.contains(&z.code))
        .map(|z| z.code.as_str())
        .collect();
    Some(crate::i18n::tr_in(
        event.badge.language,
        "badge-zones",
        &[("zones", ordered.join(", ").into())],
    ))
}
