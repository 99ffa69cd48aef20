//! Finding a person by name at the door (forgotten badge), ignoring case and accents.

use std::collections::HashMap;

use rusqlite::Row;
use serde::Serialize;

use super::Result;
use crate::registry::matching::{Search, SearchFields, best_by_name, name_key};
use crate::registry::{Delegation, NameOrder, Registry, RegistryError, Status, delegates};
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

/// Delegates found by `query` by the one person search of [`crate::registry::matching`]:
/// every word in their name, native name, delegation code or name (English, French) or
/// external id, ignoring case and accents ("dordevic" finds "Đorđević"); sorted by family
/// then given name; at most `limit`. An empty query finds nobody. The GUI's door looks up its
/// in-memory table by the same rule.
pub fn lookup_by_name(reg: &Registry, query: &str, limit: usize) -> Result<Vec<Match>> {
    let search = Search::new(query);
    if search.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    // The delegations' names folded once, not once per delegate (folding is idempotent, so
    // the search text is the same as `search_text` makes).
    let delegations: HashMap<String, (String, String)> = delegates::delegations(reg.conn(), NameOrder::En)?
        .into_iter()
        .map(|g: Delegation| (g.code.clone(), (fold(&g.name_en), fold(&g.name_fr))))
        .collect();
    let mut stmt = reg
        .conn()
        .prepare_cached(
            "SELECT id, title, given_name, family_name, native_name, delegation, category, status, \
             badge_version, COALESCE(external_id, '') FROM delegate",
        )
        .map_err(RegistryError::from)?;
    let mut rows = stmt.query([]).map_err(RegistryError::from)?;
    let mut found: Vec<(String, Match)> = Vec::new();
    let mut text = String::new();
    while let Some(r) = rows.next().map_err(RegistryError::from)? {
        let field = |i: usize| -> Result<&str> {
            Ok(r.get_ref(i).map_err(RegistryError::from)?.as_str().unwrap_or(""))
        };
        let delegation = delegations.get(field(5)?);
        SearchFields {
            title: field(1)?,
            given_name: field(2)?,
            family_name: field(3)?,
            native_name: field(4)?,
            delegation: field(5)?,
            delegation_en: delegation.map_or("", |(en, _)| en.as_str()),
            delegation_fr: delegation.map_or("", |(_, fr)| fr.as_str()),
            external_id: field(9)?,
        }
        .write(&mut text);
        if search.matches(&text) {
            found.push(candidate(r).map_err(RegistryError::from)?);
        }
    }
    best_by_name(&mut found, limit, |(key, m)| (key.as_str(), m.delegate_id));
    Ok(found.into_iter().map(|(_, m)| m).collect())
}

fn candidate(r: &Row<'_>) -> rusqlite::Result<(String, Match)> {
    let title: String = r.get(1)?;
    let given: String = r.get(2)?;
    let family: String = r.get(3)?;
    let status: String = r.get(7)?;
    let key = name_key(&family, &given);
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
