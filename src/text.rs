//! Names as protocol writes them, and text folding for search.

use unicode_normalization::UnicodeNormalization;

/// Formats a person the protocol way: "Title Given FAMILY" (family name in capitals).
///
/// Empty parts are left out; the input is normalised to NFC first.
pub fn display_name(title: &str, given: &str, family: &str) -> String {
    let family = family.nfc().collect::<String>().to_uppercase();
    [title.trim(), given.trim(), family.trim()]
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.nfc().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Folds text for search: lower case, accents and special letters removed
/// ("Đorđević" -> "dordevic", "Dušan" -> "dusan"). Non-Latin scripts are kept as they are,
/// lower-cased, so a search typed in Cyrillic still finds Cyrillic names.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfc() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_latin_extended(c) {
            out.push_str(&deunicode::deunicode_char(c).unwrap_or("").to_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn is_latin_extended(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_name() {
        assert_eq!(
            display_name("H.E. Mr.", "Dušan", "Đorđević"),
            "H.E. Mr. Dušan ĐORĐEVIĆ"
        );
        assert_eq!(display_name("", "Ana", "Popa"), "Ana POPA");
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Đorđević"), "dordevic");
        assert_eq!(fold("Dušan"), "dusan");
        assert_eq!(fold("Łukasz Wróbel"), "lukasz wrobel");
        assert_eq!(fold("Алеся"), "алеся");
    }
}
