//! A delegate as the audit trail records it.

use crate::registry::fields;
use crate::registry::model::Delegate;

/// The audit form of a delegate: every field (empty text and lists left out), the photo as
/// its size.
pub(super) fn audit_json(d: &Delegate) -> String {
    let view = AuditView::new(
        d,
        d.id,
        d.badge_version,
        d.printed_version,
        &d.created_at,
        &d.updated_at,
    );
    serde_json::to_string(&view).unwrap_or_default()
}

/// The audit form of a delegate created at `now` with id `id` (badge version 1, nothing
/// printed): what an import's one audit entry keeps of each delegate it created.
pub fn created_view<'a>(d: &'a Delegate, id: i64, now: &'a str) -> AuditView<'a> {
    AuditView::new(d, id, 1, 0, now, now)
}

/// A delegate as the audit trail records it: every field of [`fields::FIELDS`] in table
/// order, empty ones left out, the photo as its size, a sensitive field masked
/// ([`fields::masked`]: the trail never holds a document number or a date of birth, so a
/// purge of the sensitive class need not touch it). Serialised, it starts with `{"id":N,`.
pub struct AuditView<'a> {
    d: &'a Delegate,
    id: i64,
    badge_version: u32,
    printed_version: u32,
    created: &'a str,
    updated: &'a str,
}

impl<'a> AuditView<'a> {
    fn new(
        d: &'a Delegate,
        id: i64,
        badge_version: u32,
        printed_version: u32,
        created: &'a str,
        updated: &'a str,
    ) -> Self {
        Self {
            d,
            id,
            badge_version,
            printed_version,
            created,
            updated,
        }
    }
}

impl serde::Serialize for AuditView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use fields::{Class, Field, Value};
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        for (field, value) in fields::values(self.d) {
            let name = field.name();
            match (field, value) {
                (Field::Id, _) => map.serialize_entry(name, &self.id)?,
                (Field::BadgeVersion, _) => map.serialize_entry(name, &self.badge_version)?,
                (Field::PrintedVersion, _) => map.serialize_entry(name, &self.printed_version)?,
                (Field::CreatedAt, _) => map.serialize_entry(name, self.created)?,
                (Field::UpdatedAt, _) => map.serialize_entry(name, self.updated)?,
                (_, v) if v.is_empty() => {}
                (_, Value::Bytes(Some(b))) => map.serialize_entry(name, &format!("{} bytes", b.len()))?,
                (_, Value::List(l)) => map.serialize_entry(name, l)?,
                (_, Value::Number(n)) => map.serialize_entry(name, &n)?,
                (f, v) if f.class() == Class::Sensitive => {
                    map.serialize_entry(name, &fields::masked(&v.text()))?
                }
                (_, v) => map.serialize_entry(name, &v.text())?,
            }
        }
        map.end()
    }
}
