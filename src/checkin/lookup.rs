//! Finding a person by name at the door (forgotten badge), ignoring case and accents.

use rusqlite::Row;
use serde::Serialize;

use super::Result;
use crate::registry::{Registry, RegistryError, Status};
use crate::text::{display_name, fold};

/// A delegate found by [`lookup_by_name`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    /// Registry id (badge serial): pass it to [`super::Subject::Delegate`] for an override.
    pub delegate_id: i64,
    /// "Title Given FAMILY".
    pub display_name: String,
    /// Name in the person's own script.
    pub native_name: String,
    /// Delegation code.
    pub delegation_code: String,
    /// Category code.
    pub category_code: String,
    /// Accreditation status.
    pub status: Status,
    /// Current badge version.
    pub badge_version: u32,
}

/// Delegates whose name, native name, delegation code or external id contain every word of
/// `query`, ignoring case and accents ("dordevic" finds "Đorđević"); sorted by family then
/// given name; at most `limit`. An empty query finds nobody.
pub fn lookup_by_name(reg: &Registry, query: &str, limit: usize) -> Result<Vec<Match>> {
    let terms: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
    if terms.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let mut stmt = reg
        .conn()
        .prepare_cached(
            "SELECT id, title, given_name, family_name, native_name, delegation, category, status, \
             badge_version, COALESCE(external_id, '') FROM delegate",
        )
        .map_err(RegistryError::from)?;
    let mut rows = stmt.query([]).map_err(RegistryError::from)?;
    let mut found: Vec<(String, Match)> = Vec::new();
    let mut hay = String::new();
    while let Some(r) = rows.next().map_err(RegistryError::from)? {
        hay.clear();
        for i in [2, 3, 4, 5, 9] {
            let v = r.get_ref(i).map_err(RegistryError::from)?;
            let v = v.as_str().unwrap_or("");
            hay.push_str(&fold_fast(v));
            hay.push(' ');
        }
        if terms.iter().all(|t| hay.contains(t.as_str())) {
            found.push(candidate(r).map_err(RegistryError::from)?);
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.delegate_id.cmp(&b.1.delegate_id)));
    Ok(found.into_iter().take(limit).map(|(_, m)| m).collect())
}

/// [`fold`], with a fast path for ASCII (the same result).
fn fold_fast(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            s.to_ascii_lowercase().into()
        } else {
            s.into()
        }
    } else {
        fold(s).into()
    }
}

fn candidate(r: &Row<'_>) -> rusqlite::Result<(String, Match)> {
    let title: String = r.get(1)?;
    let given: String = r.get(2)?;
    let family: String = r.get(3)?;
    let status: String = r.get(7)?;
    let key = format!("{}\u{0}{}", fold(&family), fold(&given));
    let m = Match {
        delegate_id: r.get(0)?,
        display_name: display_name(&title, &given, &family),
        native_name: r.get(4)?,
        delegation_code: r.get(5)?,
        category_code: r.get(6)?,
        status: Status::parse(&status).unwrap_or(Status::Pending),
        badge_version: r.get(8)?,
    };
    Ok((key, m))
}
