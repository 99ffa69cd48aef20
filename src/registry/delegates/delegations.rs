//! Delegations in protocol order: participating States, then Partners, then organizations,
//! each alphabetical by the chosen language.

use rusqlite::{Connection, OptionalExtension, Row};

use crate::registry::model::{Delegation, DelegationKind};
use crate::registry::{NameOrder, Result};
use crate::text::fold;

fn delegation_from_row(r: &Row<'_>) -> rusqlite::Result<Delegation> {
    let kind: String = r.get(1)?;
    Ok(Delegation {
        code: r.get(0)?,
        kind: DelegationKind::parse(&kind).unwrap_or(DelegationKind::Organization),
        group: r.get(2)?,
        name_en: r.get(3)?,
        name_fr: r.get(4)?,
        default_category: r.get(5)?,
        name_de: r.get(6)?,
        name_ru: r.get(7)?,
        name_es: r.get(8)?,
        name_it: r.get(9)?,
    })
}

/// Every delegation: participating States, then Partners, then organizations, each
/// alphabetical (ignoring accents and case) by the chosen language.
pub fn delegations(conn: &Connection, order: NameOrder) -> Result<Vec<Delegation>> {
    let mut stmt =
        conn.prepare_cached("SELECT code, kind, grp, name_en, name_fr, default_category, name_de, name_ru, name_es, name_it FROM delegation")?;
    let mut all = stmt
        .query_map([], delegation_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    sort_protocol(&mut all, order);
    Ok(all)
}

/// Sorts delegations into protocol order: by kind, then by name in the order's language,
/// compared by that language's collation ([`crate::i18n::collate`]: case, accents and
/// punctuation count only to break ties).
pub fn sort_protocol(all: &mut [Delegation], order: NameOrder) {
    all.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| crate::i18n::collate::compare(order, a.name(order), b.name(order)))
    });
}

/// The sort key of a name in protocol order: case, accents, apostrophes and hyphens ignored
/// ("Égypte" sorts under E; "l'ex-République ..." as "lex republique ..."). A leading article
/// is kept, as in the OSCE's own lists ("the former Yugoslav Republic of Macedonia" comes
/// between Tajikistan and Turkey).
pub fn protocol_key(name: &str) -> String {
    fold(name.trim())
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}' | '-' | '.' | ','))
        .collect()
}

/// One delegation by code, any case.
pub fn delegation(conn: &Connection, code: &str) -> Result<Option<Delegation>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, kind, grp, name_en, name_fr, default_category, name_de, name_ru, name_es, name_it FROM delegation WHERE code = ?1",
    )?;
    Ok(stmt
        .query_row([code.trim().to_ascii_uppercase()], delegation_from_row)
        .optional()?)
}
