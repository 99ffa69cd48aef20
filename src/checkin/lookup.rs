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
    while let Some(r) = rows.next().map_err(RegistryError::from)? {
        let (hay, key, m) = candidate(r).map_err(RegistryError::from)?;
        if terms.iter().all(|t| hay.contains(t.as_str())) {
            found.push((key, m));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.delegate_id.cmp(&b.1.delegate_id)));
    Ok(found.into_iter().take(limit).map(|(_, m)| m).collect())
}

fn candidate(r: &Row<'_>) -> rusqlite::Result<(String, String, Match)> {
    let title: String = r.get(1)?;
    let given: String = r.get(2)?;
    let family: String = r.get(3)?;
    let native: String = r.get(4)?;
    let delegation: String = r.get(5)?;
    let external: String = r.get(9)?;
    let status: String = r.get(7)?;
    let hay = fold(&format!("{given} {family} {native} {delegation} {external}"));
    let key = format!("{}\u{0}{}", fold(&family), fold(&given));
    let m = Match {
        delegate_id: r.get(0)?,
        display_name: display_name(&title, &given, &family),
        native_name: native,
        delegation_code: delegation,
        category_code: r.get(6)?,
        status: Status::parse(&status).unwrap_or(Status::Pending),
        badge_version: r.get(8)?,
    };
    Ok((hay, key, m))
}
