//! Finding by typing, ignoring case and accents; one rule for each thing found:
//! - a delegation in a long list (the edit form, the Delegates filter): on the code and on
//!   the English and French names ([`Delegation::match_rank`], [`filter_delegations`]);
//! - a person (the Delegates and Badges searches, the door's lookup by name in the GUI and
//!   [`crate::checkin::lookup_by_name`]): every word of the query ([`Search`]) in the
//!   person's search text ([`search_text`]: name, native name, delegation code and names,
//!   external id), best matches by name ([`best_by_name`]).

use std::borrow::Cow;

use super::{Delegate, Delegation};
use crate::text::fold;

/// A search typed by the user: its words, folded (case and accents ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    terms: Vec<String>,
}

impl Search {
    /// The words of `query`, folded ("Đorđević dušan" -> `dordevic`, `dusan`).
    pub fn new(query: &str) -> Self {
        Self {
            terms: fold(query).split_whitespace().map(str::to_string).collect(),
        }
    }

    /// Whether nothing but blanks was typed.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether every word is in `text` (made by [`search_text`]); an empty search matches
    /// everything.
    pub fn matches(&self, text: &str) -> bool {
        self.terms.iter().all(|t| text.contains(t.as_str()))
    }
}

/// The fields a person is found by, as [`search_text`] joins them.
#[derive(Debug, Clone, Copy, Default)]
pub struct SearchFields<'a> {
    /// Title.
    pub title: &'a str,
    /// Given name.
    pub given_name: &'a str,
    /// Family name.
    pub family_name: &'a str,
    /// Name in the person's own script.
    pub native_name: &'a str,
    /// Delegation code.
    pub delegation: &'a str,
    /// The delegation's English name (empty when unknown).
    pub delegation_en: &'a str,
    /// The delegation's French name (empty when unknown).
    pub delegation_fr: &'a str,
    /// External id (empty when none).
    pub external_id: &'a str,
}

impl<'a> SearchFields<'a> {
    /// The fields of a delegate of `delegation`.
    pub fn of(d: &'a Delegate, delegation: Option<&'a Delegation>) -> Self {
        Self {
            title: &d.title,
            given_name: &d.given_name,
            family_name: &d.family_name,
            native_name: &d.native_name,
            delegation: &d.delegation,
            delegation_en: delegation.map_or("", |g| g.name_en.as_str()),
            delegation_fr: delegation.map_or("", |g| g.name_fr.as_str()),
            external_id: d.external_id.as_deref().unwrap_or(""),
        }
    }

    /// Writes the search text into `out` (cleared first): each field folded, followed by
    /// U+0001 (so that no word of a search spans two fields).
    pub fn write(&self, out: &mut String) {
        out.clear();
        let Self {
            title,
            given_name,
            family_name,
            native_name,
            delegation,
            delegation_en,
            delegation_fr,
            external_id,
        } = *self;
        for part in [
            title,
            given_name,
            family_name,
            native_name,
            delegation,
            delegation_en,
            delegation_fr,
            external_id,
        ] {
            out.push_str(&fold_fast(part));
            out.push('\u{1}');
        }
    }
}

/// The text a person is searched in: name, native name, delegation code and names, external
/// id, folded ([`SearchFields::write`]).
pub fn search_text(d: &Delegate, delegation: Option<&Delegation>) -> String {
    let mut out = String::with_capacity(96);
    SearchFields::of(d, delegation).write(&mut out);
    out
}

/// The key persons are listed by: family name, then given name, folded.
pub fn name_key(family_name: &str, given_name: &str) -> String {
    format!("{}\u{1}{}", fold(family_name), fold(given_name))
}

/// The one order and limit of a name lookup: the `limit` best of `found` by [`name_key`]
/// (then id), in that order. `key` gives an item's name key and id.
pub fn best_by_name<T>(found: &mut Vec<T>, limit: usize, key: impl Fn(&T) -> (&str, i64)) {
    let by_name = |a: &T, b: &T| key(a).cmp(&key(b));
    if found.len() > limit {
        found.select_nth_unstable_by(limit, by_name);
        found.truncate(limit);
    }
    found.sort_by(by_name);
}

/// [`fold`], with a fast path for ASCII (the same result).
fn fold_fast(s: &str) -> Cow<'_, str> {
    if !s.is_ascii() {
        fold(s).into()
    } else if s.bytes().any(|b| b.is_ascii_uppercase()) {
        s.to_ascii_lowercase().into()
    } else {
        s.into()
    }
}

impl Delegation {
    /// How well `query` matches this delegation, best first: 0 the code itself, 1 the start
    /// of the English or French name, 2 the start of a word of a name, 3 anywhere in a name
    /// or code; `None` when some word of the query is not found. Case and accents are
    /// ignored ("cote" finds "Côte d'Ivoire", "allem" finds Germany by "Allemagne"). An
    /// empty query matches everything (rank 3).
    pub fn match_rank(&self, query: &str) -> Option<u8> {
        let q = fold(query.trim());
        if q.is_empty() {
            return Some(3);
        }
        let code = fold(&self.code);
        if q == code {
            return Some(0);
        }
        let names = [fold(&self.name_en), fold(&self.name_fr)];
        if names.iter().any(|n| n.starts_with(&q)) {
            return Some(1);
        }
        let word_start = |n: &String| n.split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(&q));
        if names.iter().any(word_start) {
            return Some(2);
        }
        let hay = format!("{code} {} {}", names[0], names[1]);
        q.split_whitespace().all(|w| hay.contains(w)).then_some(3)
    }
}

/// The delegations matching `query`, best first, in the given (protocol) order within a rank.
pub fn filter_delegations<'a>(all: &'a [Delegation], query: &str) -> Vec<&'a Delegation> {
    let mut out: Vec<(u8, usize, &Delegation)> = all
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.match_rank(query).map(|r| (r, i, d)))
        .collect();
    out.sort_by_key(|&(r, i, _)| (r, i));
    out.into_iter().map(|(_, _, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::DelegationKind;

    fn d(code: &str, en: &str, fr: &str) -> Delegation {
        Delegation {
            code: code.into(),
            kind: DelegationKind::ParticipatingState,
            group: String::new(),
            name_en: en.into(),
            name_fr: fr.into(),
            default_category: "DEL".into(),
            name_de: String::new(),
            name_ru: String::new(),
            name_es: String::new(),
            name_it: String::new(),
        }
    }

    #[test]
    fn a_person_is_found_by_every_word_in_any_field() {
        let g = d("RS", "Serbia", "Serbie");
        let p = Delegate {
            title: "Mr.".into(),
            given_name: "Dušan".into(),
            family_name: "Đorđević".into(),
            native_name: "Душан Ђорђевић".into(),
            delegation: "RS".into(),
            external_id: Some("REG-7".into()),
            ..Default::default()
        };
        let text = search_text(&p, Some(&g));
        for q in ["dordevic", "DUSAN dord", "serbie", "душан", "reg-7", "mr. rs", ""] {
            assert!(Search::new(q).matches(&text), "{q:?}");
        }
        for q in ["nobody", "dusan nobody", "dusandordevic"] {
            assert!(!Search::new(q).matches(&text), "{q:?}");
        }
        assert!(Search::new("  ").is_empty());
        let mut names = vec![("b\u{1}a", 3), ("a\u{1}b", 2), ("a\u{1}a", 9), ("a\u{1}a", 1)];
        best_by_name(&mut names, 3, |n| (n.0, n.1));
        assert_eq!(names, [("a\u{1}a", 1), ("a\u{1}a", 9), ("a\u{1}b", 2)]);
    }

    #[test]
    fn codes_names_in_both_languages_without_accents() {
        let all = [
            d("BA", "Bosnia and Herzegovina", "Bosnie-Herzégovine"),
            d("DE", "Germany", "Allemagne"),
            d("CI", "Côte d'Ivoire", "Côte d'Ivoire"),
            d("GE", "Georgia", "Géorgie"),
            d("CZ", "Czech Republic", "République tchèque"),
            d("SE", "Sweden", "Suède"),
        ];
        let codes = |q: &str| -> Vec<&str> {
            filter_delegations(&all, q)
                .iter()
                .map(|d| d.code.as_str())
                .collect()
        };
        assert_eq!(codes("de"), ["DE", "SE"]);
        assert_eq!(codes("suede"), ["SE"]);
        assert_eq!(codes("allem"), ["DE"]);
        assert_eq!(codes("COTE"), ["CI"]);
        assert_eq!(codes("georgie"), ["GE"]);
        assert_eq!(codes("tcheque"), ["CZ"]);
        assert_eq!(codes("herz"), ["BA"]);
        assert_eq!(codes("czech rep"), ["CZ"]);
        assert!(codes("xyz").is_empty());
        assert_eq!(codes("").len(), 6);
    }
}
