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

use super::fields::{self, Check};
use super::limits;
use super::model::{Delegate, Delegation, Event};

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
    /// Not a problem but a warning: an identity document expiring before the event ends.
    Expiring,
}

impl FieldProblem {
    fn new(field: &'static str, kind: ProblemKind, message: impl Into<String>) -> Self {
        Self {
            field,
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The text fields of a delegate that people type, in the order they are checked (the table
/// of fields, [`fields::FIELDS`], less the registry's own), with their values.
pub fn text_fields(d: &Delegate) -> impl Iterator<Item = (&'static str, &str)> {
    fields::values(d)
        .into_iter()
        .filter(|(f, _)| f.def().check != Check::System)
        .filter_map(|(f, v)| match v {
            fields::Value::Text(s) => Some((f.name(), s)),
            fields::Value::OptText(s) => s.map(|s| (f.name(), s)),
            _ => None,
        })
}

/// The length and control-character rule of a text field ([`limits::check_text`]).
pub fn text(field: &'static str, value: &str) -> Result<(), FieldProblem> {
    limits::check_text(field, value).map_err(|m| FieldProblem::new(field, ProblemKind::Text, m))
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
            format!("{v:?} is not an e-mail address"),
        ))
    }
}

/// The family name is required.
pub fn family_name(v: &str) -> Result<(), FieldProblem> {
    if v.trim().is_empty() {
        Err(FieldProblem::new(
            "family_name",
            ProblemKind::Missing,
            "is required",
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
            "is required (a code from `accredit registry list`)",
        ));
    }
    find(code)
        .or_else(|| find(&code.to_ascii_uppercase()))
        .ok_or_else(|| {
            FieldProblem::new(
                "delegation",
                ProblemKind::Unknown,
                format!("unknown delegation {code:?}; see `accredit registry list`"),
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
            format!("is required; one of {}", known()),
        ));
    }
    let code = v.to_ascii_uppercase();
    if event.category(&code).is_some() {
        Ok(code)
    } else {
        Err(FieldProblem::new(
            "category",
            ProblemKind::Unknown,
            format!("unknown category {v:?}; one of {}", known()),
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
            format!("{v:?} is not a date like 2015-07-06 (separate days with ;)"),
        ));
    }
    let days: Vec<&str> = event.days.iter().map(|d| d.date.as_str()).collect();
    Err(FieldProblem::new(
        "days",
        ProblemKind::Unknown,
        format!("{v} is not a day of the event ({})", days.join(", ")),
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
        format!("unknown zone {v:?}; one of {}", zones.join(", ")),
    ))
}

/// The ISO 3166-1 alpha-2 codes and names (`data/countries.csv`).
pub const COUNTRIES_CSV: &str = include_str!("../../data/countries.csv");

/// Whether `code` is an ISO 3166-1 alpha-2 country code (upper case).
pub fn is_country(code: &str) -> bool {
    code.len() == 2
        && COUNTRIES_CSV
            .lines()
            .skip(1)
            .any(|l| l.as_bytes().get(..3) == Some(&[code.as_bytes()[0], code.as_bytes()[1], b',']))
}

/// The identity document types (`id_type`).
pub const ID_TYPES: [&str; 4] = ["passport", "diplomatic_passport", "service_passport", "id_card"];

/// The security vetting verdicts (`verdict` of the vetting file, `vetting` of a delegate).
pub const VERDICTS: [&str; 2] = ["cleared", "refused"];

fn iso_date(v: &str) -> Option<time::Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(v, &fmt).ok()
}

/// The rule of one field of the person's record (gender, nationality, date of birth, the
/// identity document, the vehicle plate, the vetting verdict), on a value as typed: the
/// value to store (trimmed, codes in their case) or a problem naming the field. Empty is
/// always accepted. Fields with other rules are returned trimmed.
pub fn record_field(field: fields::Field, v: &str) -> Result<String, FieldProblem> {
    let v = v.trim();
    let name = field.name();
    if v.is_empty() {
        return Ok(String::new());
    }
    let bad = |what: String| Err(FieldProblem::new(name, ProblemKind::Malformed, what));
    match field.def().check {
        Check::Gender => {
            let g = v.to_ascii_uppercase();
            if matches!(g.as_str(), "F" | "M" | "X") {
                Ok(g)
            } else {
                bad(format!(
                    "{v:?} is not a gender: write F, M or X, or leave it empty"
                ))
            }
        }
        Check::Country => {
            let c = v.to_ascii_uppercase();
            if is_country(&c) {
                Ok(c)
            } else {
                bad(format!(
                    "{v:?} is not an ISO 3166-1 alpha-2 country code (two letters like AT, FR, US)"
                ))
            }
        }
        Check::BirthDate | Check::Expiry => match iso_date(v) {
            None => bad(format!("{v:?} is not a date like 1970-01-31")),
            Some(d) if field.def().check == Check::BirthDate && d.year() < 1900 => {
                bad(format!("{v} is before 1900; check the year"))
            }
            Some(d)
                if field.def().check == Check::BirthDate && d > time::OffsetDateTime::now_utc().date() =>
            {
                bad(format!("{v} is in the future; check the date of birth"))
            }
            Some(_) => Ok(v.to_string()),
        },
        Check::IdType => {
            let t = v.to_ascii_lowercase();
            if ID_TYPES.contains(&t.as_str()) {
                Ok(t)
            } else {
                bad(format!(
                    "unknown document type {v:?}; one of {}",
                    ID_TYPES.join(", ")
                ))
            }
        }
        Check::IdNumber | Check::Plate => {
            let extra: &[char] = if field.def().check == Check::IdNumber {
                &[' ', '-', '/']
            } else {
                &[' ', '-']
            };
            match v
                .chars()
                .find(|c| !c.is_ascii_alphanumeric() && !extra.contains(c))
            {
                Some(c) => bad(format!(
                    "{v:?} holds {c:?}; only letters A-Z, digits{} are allowed",
                    if extra.len() == 3 {
                        ", blanks, - and /"
                    } else {
                        ", blanks and -"
                    }
                )),
                None => Ok(v.to_ascii_uppercase()),
            }
        }
        Check::Vetting => {
            let t = v.to_ascii_lowercase();
            if VERDICTS.contains(&t.as_str()) {
                Ok(t)
            } else {
                bad(format!("unknown verdict {v:?}; cleared or refused"))
            }
        }
        _ => Ok(v.to_string()),
    }
}

/// The fields [`record_field`] checks, in table order.
pub fn record_fields() -> impl Iterator<Item = fields::Field> {
    fields::FIELDS
        .iter()
        .filter(|f| {
            matches!(
                f.check,
                Check::Gender
                    | Check::Country
                    | Check::BirthDate
                    | Check::Expiry
                    | Check::IdType
                    | Check::IdNumber
                    | Check::Plate
                    | Check::Vetting
            )
        })
        .map(|f| f.field)
}

/// The warnings of a delegate that may still be stored: an identity document that expires
/// before the event's last day (named with the person, so a list of warnings reads alone).
pub fn warnings(d: &Delegate, event: &Event) -> Vec<FieldProblem> {
    let mut out = Vec::new();
    let last = event.days.iter().filter_map(|e| iso_date(&e.date)).max();
    if let (Some(exp), Some(last)) = (iso_date(d.id_expiry.trim()), last)
        && exp < last
    {
        out.push(FieldProblem::new(
            "id_expiry",
            ProblemKind::Expiring,
            format!(
                "warning: the identity document of {} expires on {exp}, before the event's last day {last}; \
                 ask for a valid document",
                d.display_name()
            ),
        ));
    }
    out
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
    let values = fields::values(d);
    for f in record_fields() {
        push(record_field(f, &values[f as usize].1.text()).map(|_| ()));
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
