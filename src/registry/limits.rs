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

/// The longest operator name (`--operator`, `ACCREDIT_OPERATOR`), in characters.
pub const MAX_OPERATOR_CHARS: usize = 100;

/// The longest reason of an override or annulment, in characters.
pub const MAX_REASON_CHARS: usize = 300;

/// The longest station name or id, in characters.
pub const MAX_STATION_CHARS: usize = 64;

/// Checks a one-line label (an operator, a reason, a station's name or id) on every way in:
/// at most `max` characters, no control character (no line break either) and no invisible
/// or bidirectional character ([`invisible`]). `what` names it in the message.
pub fn check_label(what: &str, value: &str, max: usize) -> Result<(), String> {
    if let Some((at, c)) = value.chars().enumerate().find(|(_, c)| c.is_control()) {
        return Err(format!(
            "the {what} contains the control character U+{:04X} at character {}; remove it",
            u32::from(c),
            at + 1
        ));
    }
    if let Some((at, c, name)) = invisible(value) {
        return Err(format!(
            "the {what} contains the invisible character U+{:04X} ({name}) at character {at}; remove it",
            u32::from(c)
        ));
    }
    let n = value.chars().count();
    if n > max {
        return Err(format!(
            "the {what} is {n} characters long; at most {max} are allowed: shorten it"
        ));
    }
    Ok(())
}

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
    check_text_say(field, value).map_err(|say| say.english())
}

/// [`check_text`], the problem as a message (for the app in its language).
pub fn check_text_say(field: &str, value: &str) -> Result<(), crate::i18n::Say> {
    check_text_in(field, value)?;
    if field == "native_name" {
        return Ok(());
    }
    // Outside native_name a joiner has no use (Latin names).
    if let Some((at, c)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| matches!(c, '\u{200C}' | '\u{200D}'))
    {
        return Err(crate::i18n::Say::new("check-joiner")
            .arg(
                "code",
                format!(
                    "U+{:04X} ({})",
                    u32::from(c),
                    invisible_name(c).unwrap_or("joiner")
                ),
            )
            .arg("at", at + 1));
    }
    Ok(())
}

fn check_text_in(field: &str, value: &str) -> Result<(), crate::i18n::Say> {
    use crate::i18n::Say;
    let breaks = allows_line_break(field);
    let mut count = 0usize;
    for c in value.chars() {
        count += 1;
        if c.is_control() && !(breaks && (c == '\n' || c == '\r')) {
            let name = match c {
                '\0' => " (NUL)".to_string(),
                '\t' => " (tab)".to_string(),
                '\n' | '\r' => Say::new("check-line-break").english(),
                _ => String::new(),
            };
            return Err(Say::new("check-control")
                .arg("code", format!("U+{:04X}{name}", u32::from(c)))
                .arg("at", count));
        }
    }
    if let Some((at, c, name)) = invisible(value) {
        let joiner = matches!(c, '\u{200C}' | '\u{200D}');
        let id = if joiner {
            "check-invisible-joiner"
        } else {
            "check-invisible"
        };
        return Err(Say::new(id)
            .arg("code", format!("U+{:04X} ({name})", u32::from(c)))
            .arg("at", at));
    }
    let max = max_chars(field);
    if count > max {
        return Err(Say::new("check-too-long").arg("count", count).arg("max", max));
    }
    Ok(())
}

/// The name of a character that does not show or turns text around: zero-width characters,
/// the byte-order mark, the soft hyphen, bidirectional marks, embeddings, overrides and
/// isolates, fillers, invisible operators and tag characters.
pub fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{034F}' => "COMBINING GRAPHEME JOINER",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => "HANGUL FILLER",
        '\u{17B4}' | '\u{17B5}' => "KHMER INHERENT VOWEL",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2061}'..='\u{2064}' => "INVISIBLE OPERATOR",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{206A}'..='\u{206F}' => "DEPRECATED FORMAT CHARACTER",
        '\u{FEFF}' => "BYTE ORDER MARK (ZERO WIDTH NO-BREAK SPACE)",
        '\u{FFF9}'..='\u{FFFB}' => "INTERLINEAR ANNOTATION",
        '\u{1D173}'..='\u{1D17A}' => "MUSICAL FORMAT CHARACTER",
        '\u{E0000}'..='\u{E007F}' => "TAG CHARACTER",
        _ => return None,
    })
}

/// The first invisible character (see [`invisible_name`]) of `value`: its position
/// (1-based), the character and its name. A joiner (U+200C, U+200D) between two letters
/// that are not Latin, Greek or Cyrillic is part of the writing (Persian, Indic scripts) and
/// not reported here.
pub fn invisible(value: &str) -> Option<(usize, char, &'static str)> {
    let chars: Vec<char> = value.chars().collect();
    let needs_joiner = |c: Option<&char>| {
        c.is_some_and(|c| {
            c.is_alphabetic() && u32::from(*c) >= 0x0530 && !('\u{1D00}'..='\u{1FFF}').contains(c)
        })
    };
    for (i, &c) in chars.iter().enumerate() {
        let Some(name) = invisible_name(c) else {
            continue;
        };
        if matches!(c, '\u{200C}' | '\u{200D}')
            && i > 0
            && needs_joiner(chars.get(i - 1))
            && needs_joiner(chars.get(i + 1))
        {
            continue;
        }
        return Some((i + 1, c, name));
    }
    None
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
