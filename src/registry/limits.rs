//! Limits on the text of a delegate: length per field and no control characters. One rule,
//! used by the import (positioned as `FILE:LINE: column NAME: ...`) and by every save of a
//! delegate ([`super::delegates::Checker::normalise`]).

/// Most characters in a name: `title`, `given_name`, `family_name`, `native_name`.
pub const MAX_NAME_CHARS: usize = 200;
/// Most characters in `function`.
pub const MAX_FUNCTION_CHARS: usize = 300;
/// Most characters in the note for the door (`attention`).
pub const MAX_NOTE_CHARS: usize = 1000;
/// Most characters in `email` (RFC 5321's limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Most characters in `external_id`.
pub const MAX_EXTERNAL_ID_CHARS: usize = 100;
/// Most characters in a photo path.
pub const MAX_PATH_CHARS: usize = 4096;
/// Most characters in any other field (codes, lists of days or zones, status, numbers).
pub const MAX_OTHER_CHARS: usize = 1000;
/// Longest cell an import looks at, in bytes (longer ones are refused unread).
pub const MAX_CELL_BYTES: usize = 4 * MAX_PATH_CHARS;

/// The most characters `field` may hold
/// (the field's limit in [`super::fields::FIELDS`]; [`MAX_OTHER_CHARS`] for any other column).
pub fn max_chars(field: &str) -> usize {
    super::fields::by_name(field).map_or(MAX_OTHER_CHARS, |f| f.limit)
}

/// Whether `field` may hold a line break (a quoted CSV field may): the function (printed on
/// two lines) and the note for the door.
pub fn allows_line_break(field: &str) -> bool {
    matches!(field, "function" | "attention")
}

/// Checks a field's text: at most [`max_chars`] characters and no control character (NUL,
/// the other C0 and C1 controls, DEL; a line break only where [`allows_line_break`]). The
/// error says what and where, and what to do.
pub fn check_text(field: &str, value: &str) -> Result<(), String> {
    let breaks = allows_line_break(field);
    let mut count = 0usize;
    for c in value.chars() {
        count += 1;
        if c.is_control() && !(breaks && (c == '\n' || c == '\r')) {
            let name = match c {
                '\0' => " (NUL)".to_string(),
                '\t' => " (tab)".to_string(),
                '\n' | '\r' => " (line break)".to_string(),
                _ => String::new(),
            };
            return Err(format!(
                "contains the control character U+{:04X}{name} at character {count}; remove it \
                 (a line break only in function)",
                u32::from(c)
            ));
        }
    }
    let max = max_chars(field);
    if count > max {
        return Err(format!(
            "is {count} characters long; at most {max} are allowed: shorten it"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_length() {
        assert!(check_text("family_name", "Müller-Lüdenscheidt").is_ok());
        assert!(
            check_text("family_name", "a\0b")
                .unwrap_err()
                .contains("U+0000 (NUL)")
        );
        assert!(
            check_text("given_name", "a\u{1b}b")
                .unwrap_err()
                .contains("U+001B")
        );
        assert!(check_text("function", "Head of Unit\r\nAnti-Trafficking").is_ok());
        assert!(check_text("family_name", "x\ny").is_err());
        assert!(check_text("attention", "wheelchair\nramp at gate 2").is_ok());
        assert!(check_text("attention", "\u{7f}").is_err());
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert!(
            check_text("family_name", &long)
                .unwrap_err()
                .contains("at most 200")
        );
        assert!(check_text("family_name", &long[1..]).is_ok());
    }
}
