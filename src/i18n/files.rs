//! The embedded `.ftl` files: `i18n/<language>/<area>.ftl`, the same areas in every language
//! (a test checks that every file has the same message ids with the same variables).

use super::Lang;

/// The files of one language, each as (area, text), from the list of areas.
macro_rules! files_of {
    ($lang:literal: $($area:literal),+ $(,)?) => {
        &[$(($area, include_str!(concat!("../../i18n/", $lang, "/", $area, ".ftl")))),+]
    };
}

/// The areas, one file each, in every language.
macro_rules! all_languages {
    ($($area:literal),+ $(,)?) => {
        /// The files of `lang`.
        pub fn files(lang: Lang) -> &'static [(&'static str, &'static str)] {
            match lang {
                Lang::En => files_of!("en": $($area),+),
                Lang::Fr => files_of!("fr": $($area),+),
                Lang::De => files_of!("de": $($area),+),
                Lang::Ru => files_of!("ru": $($area),+),
                Lang::Es => files_of!("es": $($area),+),
                Lang::It => files_of!("it": $($area),+),
            }
        }
    };
}

all_languages!(
    "app",
    "door",
    "verdicts",
    "dates",
    "lists",
    "registry",
    "participants",
    "delegates",
    "records",
    "form",
    "dashboard",
    "badges",
    "event",
    "import",
    "stations",
    "design",
    "checks"
);
