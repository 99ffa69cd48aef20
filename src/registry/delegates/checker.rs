//! [`Checker`]: the event and the delegations, loaded once, to validate and normalise
//! delegates by the one rule of [`crate::registry::validate`].

use std::collections::HashMap;

use rusqlite::Connection;

use crate::registry::fields;
use crate::registry::model::{Delegate, Delegation, Event};
use crate::registry::validate::{self, FieldProblem};
use crate::registry::{NameOrder, RegistryError, Result};

/// The event and the delegations, loaded once to validate many delegates (a CSV import)
/// without a query per row.
#[derive(Debug, Clone)]
pub struct Checker {
    event: Event,
    delegations: HashMap<String, Delegation>,
}

impl Checker {
    /// Loads the event and every delegation.
    pub fn load(conn: &Connection) -> Result<Self> {
        let event = crate::registry::event::load(conn)?;
        let delegations = super::delegations(conn, NameOrder::En)?
            .into_iter()
            .map(|d| (d.code.clone(), d))
            .collect();
        Ok(Self { event, delegations })
    }

    /// The event the delegates are checked against.
    pub fn event(&self) -> &Event {
        &self.event
    }

    /// A delegation by code, any case, surrounding blanks ignored.
    pub fn delegation(&self, code: &str) -> Option<&Delegation> {
        let code = code.trim();
        match self.delegations.get(code) {
            Some(d) => Some(d),
            None => self.delegations.get(&code.to_ascii_uppercase()),
        }
    }

    /// The delegation rule ([`validate::delegation`]): the delegation a code names, any case.
    pub fn check_delegation(&self, code: &str) -> std::result::Result<&Delegation, FieldProblem> {
        validate::delegation(code, |c| self.delegations.get(c))
    }

    /// Checks a delegate and returns its normalised form: text trimmed, codes in upper case,
    /// days in event order without repeats. The error names the field and what to do.
    pub fn check(&self, d: &Delegate) -> Result<Delegate> {
        self.normalise(d.clone())
    }

    /// Like [`Checker::check`], without a copy when `d` is already valid and normalised.
    pub fn check_cow<'a>(&self, d: &'a Delegate) -> Result<std::borrow::Cow<'a, Delegate>> {
        self.checked(std::borrow::Cow::Borrowed(d))
    }

    /// Like [`Checker::check_cow`] for a delegate that may already be owned: no copy either way.
    pub fn checked<'a>(&self, d: std::borrow::Cow<'a, Delegate>) -> Result<std::borrow::Cow<'a, Delegate>> {
        if self.is_normal(&d) {
            Ok(d)
        } else {
            self.normalise(d.into_owned()).map(std::borrow::Cow::Owned)
        }
    }

    /// Whether `d` is valid and already in normal form.
    fn is_normal(&self, d: &Delegate) -> bool {
        let trimmed = |s: &str| s.trim().len() == s.len();
        let values = fields::values(d);
        let record_ok = validate::record_fields().all(|f| {
            let v = values[f as usize].1.text();
            validate::record_field(f, &v).is_ok_and(|n| n == v)
        });
        let days_ok = d
            .days
            .iter()
            .map(|x| self.event.days.iter().position(|e| &e.date == x))
            .try_fold(None, |prev: Option<usize>, pos| match (prev, pos) {
                (_, None) => None,
                (Some(p), Some(q)) if q <= p => None,
                (_, Some(q)) => Some(Some(q)),
            })
            .is_some();
        let zones_ok = d
            .zones
            .iter()
            .enumerate()
            .all(|(i, z)| self.event.has_zone(z) && !d.zones[..i].contains(z));
        validate::text_fields(d).all(|(_, s)| trimmed(s))
            && record_ok
            && d.external_id
                .as_deref()
                .is_none_or(|e| !e.is_empty() && trimmed(e))
            && !d.family_name.is_empty()
            && self.delegations.contains_key(&d.delegation)
            && self.event.category(&d.category).is_some()
            && days_ok
            && zones_ok
            && self.problems(d).is_empty()
    }

    /// Every problem of `d`, field by field ([`validate::problems`] against this event and
    /// these delegations).
    pub fn problems(&self, d: &Delegate) -> Vec<FieldProblem> {
        validate::problems(d, &self.event, |c| self.delegations.get(c))
    }

    /// Like [`Checker::check`], taking the delegate by value (no copy).
    pub fn normalise(&self, mut n: Delegate) -> Result<Delegate> {
        for f in fields::editable() {
            if let Some(s) = fields::text_mut(&mut n, f.field) {
                trim_in_place(s);
            }
        }
        if let Some(e) = &mut n.external_id {
            trim_in_place(e);
        }
        if n.external_id.as_deref() == Some("") {
            n.external_id = None;
        }
        if let Some(p) = self.problems(&n).into_iter().next() {
            return Err(RegistryError::Invalid {
                field: p.field.into(),
                message: p.message,
            });
        }
        // Valid: now the normal form of the codes and lists.
        for f in validate::record_fields() {
            if let Ok(v) = validate::record_field(f, &fields::get_text(&n, f))
                && let Some(s) = fields::text_mut(&mut n, f)
                && *s != v
            {
                *s = v;
            }
        }
        if let Some(delegation) = self.delegation(&n.delegation)
            && n.delegation != delegation.code
        {
            n.delegation = delegation.code.clone();
        }
        if n.category
            .bytes()
            .any(|b| b.is_ascii_lowercase() || b.is_ascii_whitespace())
        {
            n.category = n.category.trim().to_ascii_uppercase();
        }
        if !n.days.is_empty() {
            n.days = self
                .event
                .days
                .iter()
                .filter(|e| n.days.iter().any(|x| x.trim() == e.date))
                .map(|e| e.date.clone())
                .collect();
        }
        if !n.zones.is_empty() {
            let mut zones: Vec<String> = Vec::with_capacity(n.zones.len());
            for z in &n.zones {
                let z = z.trim().to_ascii_uppercase();
                if !zones.contains(&z) {
                    zones.push(z);
                }
            }
            n.zones = zones;
        }
        Ok(n)
    }
}

fn trim_in_place(s: &mut String) {
    let t = s.trim();
    if t.len() != s.len() {
        *s = t.to_string();
    }
}
