//! Alphabetical order by each language's collation (ICU4X `icu_collator`, the CLDR rules):
//! protocol order of the delegations. Case and accents count only to break ties ("Égypte"
//! sorts under E); apostrophes, hyphens, full stops and commas are skipped ("l'ex-République"
//! sorts as "lexRépublique", between "Lettonie" and "Liechtenstein", as in the OSCE's French
//! lists); a space sorts before every letter (word by word: "Vereinigte Staaten" before
//! "Vereinigtes Königreich"), as the English and French orders always did.

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::{AlternateHandling, CollatorOptions, Strength};
use icu_collator::{CollatorBorrowed, CollatorPreferences};

use super::Lang;

/// One collator per language, made once.
static COLLATORS: LazyLock<Vec<Option<CollatorBorrowed<'static>>>> =
    LazyLock::new(|| Lang::ALL_BY_INDEX.iter().map(|&l| collator(l)).collect());

fn collator(lang: Lang) -> Option<CollatorBorrowed<'static>> {
    let locale = icu_locale_core::Locale::try_from_str(lang.code()).ok()?;
    let mut options = CollatorOptions::default();
    options.strength = Some(Strength::Tertiary);
    options.alternate_handling = Some(AlternateHandling::NonIgnorable);
    CollatorBorrowed::try_new(CollatorPreferences::from(&locale), options).ok()
}

/// A name with the marks protocol order skips taken out.
fn skipped(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}' | '-' | '.' | ','))
        .collect()
}

/// Compares two names the way `lang` sorts them (outer blanks ignored). Should the
/// collation data be missing, the code points decide.
pub fn compare(lang: Lang, a: &str, b: &str) -> Ordering {
    let (a, b) = (skipped(a), skipped(b));
    let (a, b) = (a.as_str(), b.as_str());
    match COLLATORS.get(lang.index()).and_then(Option::as_ref) {
        Some(c) => c.compare(a, b).then_with(|| a.cmp(b)),
        None => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(lang: Lang, names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(lang, a, b));
        v
    }

    #[test]
    fn accents_and_punctuation_as_protocol_wants() {
        assert_eq!(
            sorted(
                Lang::Fr,
                &["Finlande", "États-Unis d'Amérique", "Espagne", "Estonie"]
            ),
            ["Espagne", "Estonie", "États-Unis d'Amérique", "Finlande"]
        );
        assert_eq!(
            sorted(
                Lang::Fr,
                &[
                    "Liechtenstein",
                    "l'ex-République yougoslave de Macédoine",
                    "Lettonie"
                ]
            ),
            [
                "Lettonie",
                "l'ex-République yougoslave de Macédoine",
                "Liechtenstein"
            ]
        );
    }

    #[test]
    fn each_language_its_own_alphabet() {
        // Spanish: ñ is a letter of its own, after n.
        assert_eq!(
            sorted(Lang::Es, &["Ñandú", "Nube", "Oso"]),
            ["Nube", "Ñandú", "Oso"]
        );
        // German: ö sorts with o.
        assert_eq!(
            sorted(Lang::De, &["Österreich", "Polen", "Norwegen"]),
            ["Norwegen", "Österreich", "Polen"]
        );
        // Word by word.
        assert_eq!(
            sorted(
                Lang::De,
                &["Vereinigtes Königreich", "Vereinigte Staaten von Amerika"]
            ),
            ["Vereinigte Staaten von Amerika", "Vereinigtes Königreich"]
        );
        // Russian: Cyrillic order, ё with е.
        assert_eq!(
            sorted(Lang::Ru, &["Эстония", "Австрия", "Ёлка", "Дания"]),
            ["Австрия", "Дания", "Ёлка", "Эстония"]
        );
    }
}
