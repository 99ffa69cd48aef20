//! Errors shown with their causes: a guard or a desk user sees why, not only what failed;
//! and in people's words ([`words`]): no command lines, no `(os error 2)`, no
//! `exit status: 3`, no `U+064A`, no `badge.cr80.front[5]`, no `ALREADY_IN`.

/// An error in words with every cause after it (`outer: inner: innermost`), so the desk
/// or the guard sees why, not only what failed.
pub fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    words(&chain_raw(e))
}

/// The causes joined, as the core words them (before [`words`]).
fn chain_raw(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        // Many core errors already name their cause (`{0}`, `{action}: {source}: {path}`):
        // a cause is added only when its words are not there yet.
        if !more.is_empty() && !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}

/// The command-line hints of the core's messages, in the app's places.
const PLACES: &[(&str, &str)] = &[
    ("see `accredit registry list`", "see the Registry screen"),
    (
        "(a code from `accredit registry list`)",
        "(a code from the Registry screen)",
    ),
    ("use `accredit reissue`", "use Reissue badge on the Badges screen"),
    (
        "correct it with `accredit event set --utc-offset +02:00`",
        "correct it on the Event screen (UTC offset)",
    ),
    (
        "set it again with `accredit event set --logo`",
        "set the emblem again",
    ),
    (
        "set it again with `accredit event set --badge-template`",
        "save the design again on the Badge design screen",
    ),
    (
        "check the UUID (`accredit export checkins -` lists them)",
        "choose the scan in the list of last scans",
    ),
    (
        "run `accredit hub init URL` with the administrator's login first",
        "the network's administrator must set up the hub first",
    ),
    ("that `accredit hub init` printed", "the hub's administrator gave"),
];

/// Operating-system error texts, in words.
const OS: &[(&str, &str)] = &[
    ("No such file or directory", "it does not exist"),
    ("Permission denied", "this user may not use it"),
    ("Is a directory", "it is a folder, not a file"),
    ("Not a directory", "a part of the path is not a folder"),
    ("No space left on device", "the disk is full"),
    ("Read-only file system", "the disk is read-only"),
    ("File exists", "a file of that name exists already"),
    ("Directory not empty", "the folder is not empty"),
    ("Device or resource busy", "it is in use"),
    ("Disk quota exceeded", "the disk quota is used up"),
    ("Input/output error", "the disk could not be read or written"),
    ("Connection refused", "nothing answers at that address"),
];

/// A message in people's words: the core's command-line hints become the app's places,
/// operating-system errors lose their numbers, a process's exit status becomes words, a
/// character's code point becomes the script it belongs to, a template element is counted
/// from 1 as the designer's panel counts it, and verdict codes read as words.
pub fn words(text: &str) -> String {
    let mut t = text.to_string();
    for (from, to) in PLACES {
        t = t.replace(from, to);
    }
    // Any other command line: named as such, not to be typed into the app.
    while let Some(i) = t.find("`accredit") {
        let end = t[i + 1..].find('`').map_or(t.len(), |j| i + j + 2);
        t.replace_range(i..end, "the command line (ask the administrator)");
    }
    for (from, to) in OS {
        t = t.replace(from, to);
    }
    t = strip_between(&t, " (os error ", ")");
    t = exit_status(&t);
    t = code_points(&t);
    t = template_elements(&t);
    for code in crate::checkin::VerdictCode::ALL {
        let raw = code.as_str();
        if raw.contains('_') {
            t = t.replace(raw, &raw.replace('_', " ").to_lowercase());
        }
    }
    t
}

/// Removes every `open...close` (the number of an OS error).
fn strip_between(t: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        match rest[i + open.len()..].find(close) {
            Some(j) => rest = &rest[i + open.len() + j + close.len()..],
            None => {
                rest = &rest[i..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `exit status: 3` → `ended with code 3`; `signal: 9 (SIGKILL)` → `was stopped`.
fn exit_status(t: &str) -> String {
    let mut t = t.replace("exit status: ", "ended with code ");
    while let Some(i) = t.find("signal: ") {
        let end = t[i..].find(')').map_or(t.len(), |j| i + j + 1);
        t.replace_range(i..end, "was stopped");
    }
    t
}

/// `X U+064A` (a character and its code point) → `an Arabic letter`; a lone `U+0001` → `an
/// invisible control character`. The character itself is left off: the bundled fonts may
/// have no glyph for it (a box would show).
fn code_points(t: &str) -> String {
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find("U+") {
        let hex: String = rest[i + 2..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        let Some(c) = (hex.len() >= 4)
            .then(|| u32::from_str_radix(&hex, 16).ok())
            .flatten()
            .and_then(char::from_u32)
        else {
            out.push_str(&rest[..i + 2]);
            rest = &rest[i + 2..];
            continue;
        };
        let mut head = &rest[..i];
        // The character written just before its code point ("ي U+064A").
        if let Some(stripped) = head.strip_suffix(' ')
            && stripped.ends_with(c)
        {
            head = &stripped[..stripped.len() - c.len_utf8()];
        }
        out.push_str(head);
        out.push_str(&script_words(c));
        rest = &rest[i + 2 + hex.len()..];
    }
    out.push_str(rest);
    out
}

/// What a character is, for people: "an Arabic letter", "a Korean (Hangul) letter".
pub fn script_words(c: char) -> String {
    let n = u32::from(c);
    let script = match n {
        0x0000..=0x001F | 0x007F..=0x009F => return "an invisible control character".into(),
        0x0590..=0x05FF => "Hebrew",
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => "Arabic",
        0x0700..=0x074F => "Syriac",
        0x0900..=0x097F => "Devanagari (Hindi)",
        0x0980..=0x09FF => "Bengali",
        0x0B80..=0x0BFF => "Tamil",
        0x0E00..=0x0E7F => "Thai",
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => "Korean (Hangul)",
        0x3040..=0x309F => "Japanese (Hiragana)",
        0x30A0..=0x30FF => "Japanese (Katakana)",
        0x4E00..=0x9FFF | 0x3400..=0x4DBF => "Chinese (Han)",
        0x1200..=0x137F => "Ethiopic (Amharic)",
        0x0F00..=0x0FFF => "Tibetan",
        0x1780..=0x17FF => "Khmer",
        0x1F300..=0x1FAFF | 0x2600..=0x27BF => return "an emoji or symbol".into(),
        _ => return format!("a character of another script ({c})"),
    };
    let article = if script.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {script} letter")
}

/// Text the bundled fonts can draw: each run of characters they lack becomes the name of
/// its script in brackets ("[Korean (Hangul) text]"), never boxes.
pub fn drawable(t: &str) -> String {
    let mut out = String::new();
    let mut in_run = false;
    for c in t.chars() {
        if super::fonts::covers(c) {
            out.push(c);
            in_run = false;
        } else if !in_run {
            in_run = true;
            let w = script_words(c);
            let name = w
                .trim_start_matches("an ")
                .trim_start_matches("a ")
                .trim_end_matches(" letter");
            out.push_str(&format!("[{name} text]"));
        }
    }
    out
}

/// `badge.cr80.front[5] (name)` → `the cr80 badge's front, element 6 (name)`: counted from
/// 1, as the designer's list counts them.
fn template_elements(t: &str) -> String {
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find("badge.") {
        let tail = &rest[i + "badge.".len()..];
        let parsed = tail.split_once('.').and_then(|(layout, more)| {
            let (side, more) = more.split_once('[')?;
            let (index, after) = more.split_once(']')?;
            let index: usize = index.parse().ok()?;
            let ok = layout.chars().all(|c| c.is_ascii_alphanumeric()) && matches!(side, "front" | "back");
            ok.then(|| (layout.to_string(), side.to_string(), index, after))
        });
        match parsed {
            Some((layout, side, index, after)) => {
                out.push_str(&rest[..i]);
                out.push_str(&format!("the {layout} badge's {side}, element {}", index + 1));
                rest = after;
            }
            None => {
                out.push_str(&rest[..i + "badge.".len()]);
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot open the database")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn chain_names_every_cause_once() {
        let e = Outer(std::io::Error::other("disk full"));
        assert_eq!(chain(&e), "cannot open the database: disk full");
        let io = std::io::Error::other("disk full");
        assert_eq!(chain(&io), "disk full");
        // The core's I/O errors put the path last and already say the cause.
        let named = crate::registry::RegistryError::from(crate::io_error::IoError::new(
            "cannot write",
            "/tmp/x.pdf",
            std::io::Error::other("disk full"),
        ));
        assert_eq!(chain(&named), "cannot write: disk full: /tmp/x.pdf");
    }

    #[test]
    fn words_not_codes() {
        assert_eq!(
            words("cannot open: No such file or directory (os error 2): /x/y.csv"),
            "cannot open: it does not exist: /x/y.csv"
        );
        assert_eq!(
            words("lp failed (exit status: 3)"),
            "lp failed (ended with code 3)"
        );
        assert_eq!(
            words("native-script name \"하\" has characters no bundled font covers (하 U+D558)"),
            "native-script name \"하\" has characters no bundled font covers (a Korean (Hangul) letter)"
        );
        assert_eq!(
            words("badge.cr80.front[5] (name): the box is too small"),
            "the cr80 badge's front, element 6 (name): the box is too small"
        );
        assert_eq!(
            words("unknown delegation \"XX\"; see `accredit registry list`"),
            "unknown delegation \"XX\"; see the Registry screen"
        );
        assert_eq!(words("was ALREADY_IN"), "was already in");
    }
}
