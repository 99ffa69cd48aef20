//! The app's words in the OSCE's six languages (Project Fluent): one `.ftl` file per language
//! and screen area under `i18n/`, embedded in the binary, English the source of truth.
//!
//! A leaf of the layers (no egui, nothing of the registry): [`Lang`] and its detection from
//! the environment ([`Lang::from_env`]), the lookup [`tr`] / [`tr_args`] (and the [`tr!`]
//! macro) in the language of the current thread ([`set_current`], [`with_lang`]), a message
//! kept for later ([`Say`]: the core says what happened, the shell says it in the reader's
//! language), dates in each language's form ([`dates`]) and protocol order by each language's
//! collation ([`collate`]).
//!
//! The command line never calls [`set_current`]: its output stays English.

pub mod collate;
pub mod dates;
mod files;

use std::cell::Cell;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// One of the OSCE's six official languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub enum Lang {
    /// English (the source of every message).
    #[default]
    En,
    /// French.
    Fr,
    /// German.
    De,
    /// Russian.
    Ru,
    /// Spanish.
    Es,
    /// Italian.
    It,
}

impl Lang {
    /// The six, in the OSCE's order of its official languages as the menu lists them.
    pub const ALL: [Lang; 6] = [Self::En, Self::Fr, Self::De, Self::It, Self::Ru, Self::Es];

    /// The ISO 639-1 code (`en`, `fr`, `de`, `ru`, `es`, `it`).
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
            Self::De => "de",
            Self::Ru => "ru",
            Self::Es => "es",
            Self::It => "it",
        }
    }

    /// The language's name in itself, as a language menu shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Fr => "Français",
            Self::De => "Deutsch",
            Self::Ru => "Русский",
            Self::Es => "Español",
            Self::It => "Italiano",
        }
    }

    /// Parses a language code or a POSIX locale name: `de`, `DE`, `de-AT`, `de_AT.UTF-8`,
    /// `ru_RU@euro`. `None` for any other language, and for `C` and `POSIX`.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim();
        let lang: String = s
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        let rest = &s[lang.len()..];
        if !(rest.is_empty() || rest.starts_with(['_', '-', '.', '@'])) {
            return None;
        }
        Self::ALL.into_iter().find(|l| l.code() == lang)
    }

    /// The language the environment asks for, POSIX precedence: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty decides; English when it names none of
    /// the six (or nothing is set).
    pub fn detect(lc_all: Option<&str>, lc_messages: Option<&str>, lang: Option<&str>) -> Lang {
        [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.trim().is_empty())
            .and_then(Lang::parse)
            .unwrap_or(Lang::En)
    }

    /// [`Lang::detect`] on this process's environment.
    pub fn from_env() -> Lang {
        let var = |k| std::env::var(k).ok();
        Self::detect(
            var("LC_ALL").as_deref(),
            var("LC_MESSAGES").as_deref(),
            var("LANG").as_deref(),
        )
    }

    fn index(self) -> usize {
        match self {
            Self::En => 0,
            Self::Fr => 1,
            Self::De => 2,
            Self::Ru => 3,
            Self::Es => 4,
            Self::It => 5,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s).ok_or_else(|| format!("{s:?} is none of en, fr, de, ru, es, it"))
    }
}

/// The bundles, one per language, built once from the embedded files.
static BUNDLES: LazyLock<Vec<FluentBundle<FluentResource>>> =
    LazyLock::new(|| Lang::ALL_BY_INDEX.iter().map(|&l| bundle(l)).collect());

impl Lang {
    const ALL_BY_INDEX: [Lang; 6] = [Self::En, Self::Fr, Self::De, Self::Ru, Self::Es, Self::It];
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // Words are shown as they are: no Unicode isolation marks around the placeables.
    b.set_use_isolating(false);
    for (_, text) in files::files(lang) {
        // A syntax error in a file is found by the tests (every id in every language); the
        // entries that parse are kept.
        let res = FluentResource::try_new((*text).to_string()).unwrap_or_else(|(res, _)| res);
        let _ = b.add_resource(res);
    }
    b
}

/// Every `.ftl` file of a language as (file name, text): for the tests that compare them.
pub fn sources(lang: Lang) -> &'static [(&'static str, &'static str)] {
    files::files(lang)
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language of this thread's words (English unless set).
pub fn current() -> Lang {
    CURRENT.with(Cell::get)
}

/// Sets the language of this thread's words (the app does so on every frame).
pub fn set_current(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

/// Runs `f` with this thread's words in `lang` (the Door screen in the door's own language),
/// then restores the language before.
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = current();
    set_current(lang);
    let out = f();
    set_current(before);
    out
}

/// A value given to a message: a text or a number (numbers choose plural forms).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A text, shown as it is.
    Str(String),
    /// A number.
    Num(f64),
    /// Another message, said in the same language.
    Said(Box<Say>),
}

impl Eq for Arg {}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<Say> for Arg {
    fn from(s: Say) -> Self {
        Arg::Said(Box::new(s))
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
macro_rules! num_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Num(n as f64)
            }
        }
    )*};
}
num_arg!(i32, i64, u32, u64, usize, f32, f64);

/// The message `id` in `lang`, with its arguments; English where the language lacks it, the
/// id itself where English lacks it too (the tests make sure neither happens).
pub fn tr_in(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    let bundles = &*BUNDLES;
    let chosen = bundles.get(lang.index());
    let english = bundles.first();
    for b in [chosen, english].into_iter().flatten() {
        let Some(pattern) = b.get_message(id).and_then(|m| m.value()) else {
            continue;
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            let value = match v {
                Arg::Str(s) => FluentValue::from(s.as_str()),
                Arg::Num(n) => FluentValue::from(*n),
                Arg::Said(say) => FluentValue::from(say.text_in(lang)),
            };
            fargs.set(*k, value);
        }
        let mut errors = Vec::new();
        let fargs = (!args.is_empty()).then_some(&fargs);
        return b.format_pattern(pattern, fargs, &mut errors).into_owned();
    }
    id.to_string()
}

/// The message `id` in this thread's language.
pub fn tr(id: &str) -> String {
    tr_in(current(), id, &[])
}

/// The message `id` in this thread's language, with its arguments.
pub fn tr_args(id: &str, args: &[(&str, Arg)]) -> String {
    tr_in(current(), id, args)
}

/// Whether the English file has the message (a test helper for callers that build ids).
pub fn has(id: &str) -> bool {
    BUNDLES.first().is_some_and(|b| b.has_message(id))
}

/// `tr!("id")`, `tr!("id", count = n, name = x)`: the message in this thread's language.
#[macro_export]
macro_rules! tr {
    ($id:expr) => {
        $crate::i18n::tr($id)
    };
    ($id:expr, $($k:ident = $v:expr),+ $(,)?) => {
        $crate::i18n::tr_args($id, &[$((stringify!($k), $crate::i18n::Arg::from($v))),+])
    };
}

/// A message kept for later: its id and arguments. The core says what happened (a verdict's
/// words, say); the reader's language is chosen where it is shown ([`Say::text`]), and
/// [`Say::english`] is what the command line and the logs print.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Say {
    /// The message id (empty: nothing to say).
    pub id: String,
    /// Its arguments.
    pub args: Vec<(String, Arg)>,
}

impl Say {
    /// The message `id` with no arguments yet.
    pub fn new(id: &str) -> Self {
        Say {
            id: id.to_string(),
            args: Vec::new(),
        }
    }

    /// Adds an argument.
    #[must_use]
    pub fn arg(mut self, name: &str, value: impl Into<Arg>) -> Self {
        self.args.push((name.to_string(), value.into()));
        self
    }

    /// The words in `lang`.
    pub fn text_in(&self, lang: Lang) -> String {
        if self.id.is_empty() {
            return String::new();
        }
        let args: Vec<(&str, Arg)> = self.args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        tr_in(lang, &self.id, &args)
    }

    /// The words in this thread's language.
    pub fn text(&self) -> String {
        self.text_in(current())
    }

    /// The words in English.
    pub fn english(&self) -> String {
        self.text_in(Lang::En)
    }
}

/// A whole number written the language's way: `12,345` (English), `12 345` (French,
/// Russian: a narrow no-break space), `12.345` (German, Spanish, Italian).
pub fn number(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = match lang {
        Lang::En => ",",
        Lang::Fr | Lang::Ru => "\u{202F}",
        Lang::De | Lang::It | Lang::Es => ".",
    };
    // Spanish groups only from five digits on (RAE): 1234, but 12.345.
    let group = !(lang == Lang::Es && digits.len() <= 4);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if group && i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_from_the_environment() {
        assert_eq!(Lang::detect(None, None, Some("de_AT.UTF-8")), Lang::De);
        assert_eq!(
            Lang::detect(Some("ru_RU.UTF-8"), Some("fr_FR"), Some("de_DE")),
            Lang::Ru
        );
        assert_eq!(
            Lang::detect(Some(""), Some("fr_FR.UTF-8"), Some("de_DE")),
            Lang::Fr
        );
        assert_eq!(Lang::detect(None, None, Some("C.UTF-8")), Lang::En);
        assert_eq!(Lang::detect(None, None, Some("pl_PL.UTF-8")), Lang::En);
        // The first one set decides, even when it is none of the six.
        assert_eq!(Lang::detect(Some("C"), None, Some("de_DE")), Lang::En);
        assert_eq!(Lang::detect(None, None, None), Lang::En);
        assert_eq!(Lang::parse("es-ES"), Some(Lang::Es));
        assert_eq!(Lang::parse("it"), Some(Lang::It));
        assert_eq!(Lang::parse("ita"), None);
    }

    #[test]
    fn numbers_in_each_language() {
        assert_eq!(number(Lang::En, 1234567), "1,234,567");
        assert_eq!(number(Lang::De, 12345), "12.345");
        assert_eq!(number(Lang::Fr, 12345), "12\u{202F}345");
        assert_eq!(number(Lang::Es, 1234), "1234");
        assert_eq!(number(Lang::Es, 12345), "12.345");
        assert_eq!(number(Lang::En, -999), "-999");
    }
}
