//! The rules of a delegate's fields, once. Every way a delegate is stored goes through them:
//! the CSV and workbook importer (one step per cell, positioned as `FILE:LINE: column NAME:
//! ...`), every save ([`super::delegates::Checker::normalise`], behind
//! [`super::Registry::add_delegate`] and `update_delegate`) and the GUI's edit form (all the
//! problems at once, shown under their fields). So the form refuses exactly what an import
//! refuses, with the same field and message.
//!
//! Each step takes a value as typed (surrounding blanks and the case of codes do not matter)
//! and gives either the value to store or one [`FieldProblem`] naming the CSV column.
//! [`problems`] runs them all on a whole delegate.

use super::limits;
use super::model::{Delegate, Delegation, Event};
use crate::i18n::Say;

/// One problem of one field of a delegate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field, as the CSV column is named (`family_name`, `email`, ...).
    pub field: &'static str,
    /// What kind of problem (lets a screen word it for its own picker or text box).
    pub kind: ProblemKind,
    /// What is wrong and what to do (the importer's message: `FILE:LINE: column NAME: ` goes
    /// before it).
    pub message: String,
    /// The same as a message, for the app in its language (`message` is its English words).
    pub say: crate::i18n::Say,
}

/// The kinds of [`FieldProblem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A required field is empty.
    Missing,
    /// A code the registry or the event does not know (delegation, category, day, zone).
    Unknown,
    /// The value does not have the form it must have (an e-mail address, a date).
    Malformed,
    /// Too long, or holds a control character ([`limits::check_text`]).
    Text,
}

impl FieldProblem {
    fn new(field: &'static str, kind: ProblemKind, say: crate::i18n::Say) -> Self {
        Self {
            field,
            kind,
            message: say.english(),
            say,
        }
    }
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The text fields of a delegate, in the order they are checked, with their values.
pub fn text_fields(d: &Delegate) -> impl Iterator<Item = (&'static str, &str)> {
    [
        ("title", d.title.as_str()),
        ("given_name", d.given_name.as_str()),
        ("family_name", d.family_name.as_str()),
        ("native_name", d.native_name.as_str()),
        ("function", d.function.as_str()),
        ("email", d.email.as_str()),
        ("attention", d.attention.as_str()),
    ]
    .into_iter()
    .chain(d.external_id.as_deref().map(|e| ("external_id", e)))
}

/// The length and control-character rule of a text field ([`limits::check_text`]).
pub fn text(field: &'static str, value: &str) -> Result<(), FieldProblem> {
    limits::check_text_say(field, value).map_err(|m| FieldProblem::new(field, ProblemKind::Text, m))
}

/// Whether `v` is accepted as an e-mail address: something before and after its last `@`,
/// and no blank anywhere. Deliberately loose (an address is checked by the mail it gets),
/// but it refuses a name or a telephone number typed in the wrong column.
pub fn is_email(v: &str) -> bool {
    v.rsplit_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
        && !v.contains(char::is_whitespace)
}

/// The e-mail rule: empty, or an address ([`is_email`]).
pub fn email(v: &str) -> Result<(), FieldProblem> {
    let v = v.trim();
    if v.is_empty() || is_email(v) {
        Ok(())
    } else {
        Err(FieldProblem::new(
            "email",
            ProblemKind::Malformed,
            Say::new("check-email").arg("value", format!("{v:?}")),
        ))
    }
}

/// The family name is required.
pub fn family_name(v: &str) -> Result<(), FieldProblem> {
    if v.trim().is_empty() {
        Err(FieldProblem::new(
            "family_name",
            ProblemKind::Missing,
            Say::new("check-required"),
        ))
    } else {
        Ok(())
    }
}

/// The delegation: required, and a code of the registry (any case). `find` looks a code up
/// exactly; the code is tried as typed (trimmed), then in upper case.
pub fn delegation<'a>(
    code: &str,
    find: impl Fn(&str) -> Option<&'a Delegation>,
) -> Result<&'a Delegation, FieldProblem> {
    let code = code.trim();
    if code.is_empty() {
        return Err(FieldProblem::new(
            "delegation",
            ProblemKind::Missing,
            Say::new("check-delegation-required"),
        ));
    }
    find(code)
        .or_else(|| find(&code.to_ascii_uppercase()))
        .ok_or_else(|| {
            FieldProblem::new(
                "delegation",
                ProblemKind::Unknown,
                Say::new("check-delegation-unknown").arg("code", format!("{code:?}")),
            )
        })
}

/// The category: required, and one of the event's (any case). Gives the code to store.
pub fn category(event: &Event, v: &str) -> Result<String, FieldProblem> {
    let v = v.trim();
    let known = || {
        let codes: Vec<&str> = event.categories.iter().map(|c| c.code.as_str()).collect();
        codes.join(", ")
    };
    if v.is_empty() {
        return Err(FieldProblem::new(
            "category",
            ProblemKind::Missing,
            Say::new("check-category-required").arg("known", known()),
        ));
    }
    let code = v.to_ascii_uppercase();
    if event.category(&code).is_some() {
        Ok(code)
    } else {
        Err(FieldProblem::new(
            "category",
            ProblemKind::Unknown,
            Say::new("check-category-unknown")
                .arg("value", format!("{v:?}"))
                .arg("known", known()),
        ))
    }
}

/// One valid day: a date like 2015-07-06 that is a day of the event.
pub fn day(event: &Event, v: &str) -> Result<(), FieldProblem> {
    let v = v.trim();
    if event.has_day(v) {
        return Ok(());
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    if time::Date::parse(v, &fmt).is_err() {
        return Err(FieldProblem::new(
            "days",
            ProblemKind::Malformed,
            Say::new("check-date").arg("value", format!("{v:?}")),
        ));
    }
    let days: Vec<&str> = event.days.iter().map(|d| d.date.as_str()).collect();
    Err(FieldProblem::new(
        "days",
        ProblemKind::Unknown,
        Say::new("check-not-event-day")
            .arg("value", v)
            .arg("days", days.join(", ")),
    ))
}

/// One zone: one of the event's (any case). Gives the code to store.
pub fn zone(event: &Event, v: &str) -> Result<String, FieldProblem> {
    let v = v.trim();
    let code = v.to_ascii_uppercase();
    if event.has_zone(&code) {
        return Ok(code);
    }
    let zones: Vec<&str> = event.zones.iter().map(|z| z.code.as_str()).collect();
    Err(FieldProblem::new(
        "zones",
        ProblemKind::Unknown,
        Say::new("check-zone-unknown")
            .arg("value", format!("{v:?}"))
            .arg("known", zones.join(", ")),
    ))
}

/// Every problem of a delegate, field by field, in the order the importer reports them:
/// text limits, then delegation, family name, category, e-mail, days, zones. A field whose
/// text is refused is not checked further. Empty when the delegate may be stored.
pub fn problems<'a>(
    d: &Delegate,
    event: &Event,
    find: impl Fn(&str) -> Option<&'a Delegation>,
) -> Vec<FieldProblem> {
    let mut out: Vec<FieldProblem> = text_fields(d)
        .filter_map(|(field, v)| text(field, v).err())
        .collect();
    let mut push = |r: Result<(), FieldProblem>| {
        if let Err(p) = r
            && !out
                .iter()
                .any(|t| t.field == p.field && t.kind == ProblemKind::Text)
        {
            out.push(p);
        }
    };
    push(delegation(&d.delegation, find).map(|_| ()));
    push(family_name(&d.family_name));
    push(category(event, &d.category).map(|_| ()));
    push(email(&d.email));
    for x in &d.days {
        push(day(event, x));
    }
    for z in &d.zones {
        push(zone(event, z).map(|_| ()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_email_rule() {
        for ok in [
            "a@b",
            "a@b.c",
            "eva.gruber@ministry.example",
            "@x@example.org",
            "",
        ] {
            assert!(email(ok).is_ok(), "{ok:?}");
        }
        for bad in ["nobody", "a@", "@b", "a b@c.d", "a@b\tc", "@"] {
            let p = email(bad).unwrap_err();
            assert_eq!((p.field, p.kind), ("email", ProblemKind::Malformed), "{bad:?}");
        }
        assert_eq!(
            email("nobody").unwrap_err().message,
            "\"nobody\" is not an e-mail address"
        );
    }
}
