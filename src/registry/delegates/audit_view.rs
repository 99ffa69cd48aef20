//! A delegate as the audit trail records it.

use crate::registry::model::{Delegate, Status};

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

fn empty(s: &&str) -> bool {
    s.is_empty()
}

/// A delegate as the audit trail records it: every field (empty text and lists left out),
/// the photo as its size. Serialised, it starts with `{"id":N,`.
#[derive(serde::Serialize)]
pub struct AuditView<'a> {
    id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_id: Option<&'a str>,
    delegation: &'a str,
    #[serde(skip_serializing_if = "empty")]
    title: &'a str,
    #[serde(skip_serializing_if = "empty")]
    given_name: &'a str,
    family_name: &'a str,
    #[serde(skip_serializing_if = "empty")]
    native_name: &'a str,
    #[serde(skip_serializing_if = "empty")]
    function: &'a str,
    category: &'a str,
    #[serde(skip_serializing_if = "empty")]
    email: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    days: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    zones: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    photo: Option<String>,
    status: Status,
    #[serde(skip_serializing_if = "empty")]
    attention: &'a str,
    badge_version: u32,
    printed_version: u32,
    created_at: &'a str,
    updated_at: &'a str,
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
            id,
            external_id: d.external_id.as_deref(),
            delegation: &d.delegation,
            title: &d.title,
            given_name: &d.given_name,
            family_name: &d.family_name,
            native_name: &d.native_name,
            function: &d.function,
            category: &d.category,
            email: &d.email,
            days: &d.days,
            zones: &d.zones,
            photo: d.photo.as_ref().map(|p| format!("{} bytes", p.len())),
            status: d.status,
            attention: &d.attention,
            badge_version,
            printed_version,
            created_at: created,
            updated_at: updated,
        }
    }
}
