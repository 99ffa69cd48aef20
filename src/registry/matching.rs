//! Choosing a delegation by typing: the one matching rule for every long list of
//! delegations (the edit form, the Delegates filter), ignoring case and accents, on the code
//! and on the English and French names.

use super::Delegation;
use crate::text::fold;

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
        }
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
