//! Dates in each language's form: "6 July 2015", "6. Juli 2015", "6 juillet 2015",
//! "6 июля 2015", "6 de julio de 2015", "6 luglio 2015"; weekdays; and the badge's runs of
//! days ("6-7 July 2015", "6.–7. Juli 2015").
//!
//! The month and day names and the patterns are messages of `i18n/<language>/dates.ftl`
//! (the month in the form a date uses: Russian genitive, "июля"). The dates given are the
//! event's own days (already in the event's time zone); times of day are converted to the
//! event's zone by the caller, as everywhere in the app.

use time::Date;

use super::{Arg, Lang, tr_in};

/// The month's name as a date writes it (`month-7`: "July", "Juli", "июля").
pub fn month(lang: Lang, date: Date) -> String {
    tr_in(lang, &format!("month-{}", u8::from(date.month())), &[])
}

/// The weekday's name ("Monday", "Montag", "lundi", "понедельник").
pub fn weekday(lang: Lang, date: Date) -> String {
    tr_in(
        lang,
        &format!("weekday-{}", date.weekday().number_from_monday()),
        &[],
    )
}

/// The day of the month as a date writes it alone ("6", German "6.").
fn day(lang: Lang, date: Date) -> String {
    tr_in(lang, "date-day", &[("day", Arg::from(u32::from(date.day())))])
}

/// A date in full: "6 July 2015", "6. Juli 2015", "6 июля 2015", "6 de julio de 2015".
pub fn long(lang: Lang, date: Date) -> String {
    tr_in(
        lang,
        "date-long",
        &[
            ("day", Arg::from(u32::from(date.day()))),
            ("month", Arg::from(month(lang, date))),
            ("year", Arg::Str(date.year().to_string())),
        ],
    )
}

/// A date with its weekday: "Monday 6 July 2015", "Montag, 6. Juli 2015",
/// "lundi 6 juillet 2015".
pub fn with_weekday(lang: Lang, date: Date) -> String {
    tr_in(
        lang,
        "date-weekday",
        &[
            ("weekday", Arg::from(weekday(lang, date))),
            ("date", Arg::from(long(lang, date))),
        ],
    )
}

/// Parses an ISO date (`2015-07-06`).
pub fn parse_iso(s: &str) -> Option<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), &fmt).ok()
}

/// An ISO date in full in `lang` ("6. Juli 2015"); the text as it is when it is not a date.
pub fn long_iso(lang: Lang, s: &str) -> String {
    parse_iso(s).map_or_else(|| s.to_string(), |d| long(lang, d))
}

/// An ISO date with its weekday in `lang` ("Montag, 6. Juli 2015"); the text as it is when
/// it is not a date.
pub fn with_weekday_iso(lang: Lang, s: &str) -> String {
    parse_iso(s).map_or_else(|| s.to_string(), |d| with_weekday(lang, d))
}

/// Sorted ISO dates as people write them: runs of consecutive days joined by a dash, days of
/// one month sharing the month's name: "6-7 July 2015", "30 June-2 July 2015",
/// "6, 8 July 2015" (German "6.–7. Juli 2015", Spanish "6-7 de julio de 2015"). Strings that
/// are not dates are kept as they are, joined by commas.
pub fn runs_text(lang: Lang, sorted: &[&str]) -> String {
    let mut dates = Vec::new();
    for s in sorted {
        match parse_iso(s) {
            Some(d) => dates.push(d),
            None => return sorted.join(", "),
        }
    }
    // Runs of consecutive days.
    let mut runs: Vec<(Date, Date)> = Vec::new();
    for d in dates {
        match runs.last_mut() {
            Some((_, end)) if end.next_day() == Some(d) => *end = d,
            _ => runs.push((d, d)),
        }
    }
    let range = |from: String, to: String| {
        tr_in(
            lang,
            "date-range",
            &[("from", Arg::from(from)), ("to", Arg::from(to))],
        )
    };
    // Each run as text; runs ending in the same month share its name and year.
    let mut groups: Vec<String> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    for (i, &(a, b)) in runs.iter().enumerate() {
        let run = if a == b {
            day(lang, a)
        } else if a.month() == b.month() && a.year() == b.year() {
            range(day(lang, a), day(lang, b))
        } else if a.year() == b.year() {
            let from = tr_in(
                lang,
                "date-day-month",
                &[
                    ("day", Arg::from(u32::from(a.day()))),
                    ("month", Arg::from(month(lang, a))),
                ],
            );
            range(from, day(lang, b))
        } else {
            range(long(lang, a), day(lang, b))
        };
        parts.push(run);
        let next_same_month = runs
            .get(i + 1)
            .is_some_and(|&(c, _)| c.month() == b.month() && c.year() == b.year());
        if !next_same_month {
            groups.push(tr_in(
                lang,
                "date-in-month",
                &[
                    ("days", Arg::from(parts.join(", "))),
                    ("month", Arg::from(month(lang, b))),
                    ("year", Arg::Str(b.year().to_string())),
                ],
            ));
            parts.clear();
        }
    }
    groups.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse_iso(s).unwrap()
    }

    #[test]
    fn one_date_in_each_language() {
        let day = d("2015-07-06");
        let expect = [
            (Lang::En, "6 July 2015", "Monday 6 July 2015"),
            (Lang::Fr, "6 juillet 2015", "lundi 6 juillet 2015"),
            (Lang::De, "6. Juli 2015", "Montag, 6. Juli 2015"),
            (Lang::Ru, "6 июля 2015", "понедельник, 6 июля 2015"),
            (Lang::Es, "6 de julio de 2015", "lunes, 6 de julio de 2015"),
            (Lang::It, "6 luglio 2015", "lunedì 6 luglio 2015"),
        ];
        for (lang, date, full) in expect {
            assert_eq!(long(lang, day), date, "{lang}");
            assert_eq!(with_weekday(lang, day), full, "{lang}");
        }
    }

    #[test]
    fn runs_of_days_in_english_as_before() {
        assert_eq!(
            runs_text(Lang::En, &["2015-07-06", "2015-07-07"]),
            "6-7 July 2015"
        );
        assert_eq!(
            runs_text(Lang::En, &["2015-06-30", "2015-07-01", "2015-07-02"]),
            "30 June-2 July 2015"
        );
        assert_eq!(
            runs_text(Lang::En, &["2015-07-06", "2015-07-08"]),
            "6, 8 July 2015"
        );
        assert_eq!(
            runs_text(Lang::En, &["2015-12-31", "2016-01-01"]),
            "31 December 2015-1 January 2016"
        );
        assert_eq!(runs_text(Lang::En, &["someday"]), "someday");
    }

    #[test]
    fn runs_of_days_in_the_other_languages() {
        let two = ["2015-07-06", "2015-07-07"];
        assert_eq!(runs_text(Lang::De, &two), "6.–7. Juli 2015");
        assert_eq!(runs_text(Lang::Fr, &two), "6-7 juillet 2015");
        assert_eq!(runs_text(Lang::Ru, &two), "6–7 июля 2015");
        assert_eq!(runs_text(Lang::Es, &two), "6-7 de julio de 2015");
        assert_eq!(runs_text(Lang::It, &two), "6-7 luglio 2015");
        assert_eq!(
            runs_text(Lang::Ru, &["2015-06-30", "2015-07-01"]),
            "30 июня–1 июля 2015"
        );
        assert_eq!(
            runs_text(Lang::De, &["2015-07-06", "2015-07-08"]),
            "6., 8. Juli 2015"
        );
    }
}
