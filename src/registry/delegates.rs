//! Delegations and delegates: reads, writes, protocol order. Every write is audited.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::audit;
use super::model::{Delegate, Delegation, DelegationKind, Event, Status, split_list};
use super::validate::{self, FieldProblem};
use super::{NameOrder, RegistryError, Result, now_rfc3339};
use crate::text::fold;

const COLUMNS: &str = "id, external_id, delegation, title, given_name, family_name, native_name, function, \
     category, email, days, zones, status, attention, badge_version, printed_version, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Delegate> {
    let status: String = r.get(12)?;
    Ok(Delegate {
        id: r.get(0)?,
        external_id: r.get(1)?,
        delegation: r.get(2)?,
        title: r.get(3)?,
        given_name: r.get(4)?,
        family_name: r.get(5)?,
        native_name: r.get(6)?,
        function: r.get(7)?,
        category: r.get(8)?,
        email: r.get(9)?,
        days: split_list(&r.get::<_, String>(10)?),
        zones: split_list(&r.get::<_, String>(11)?),
        photo: None,
        status: Status::parse(&status).unwrap_or(Status::Pending),
        attention: r.get(13)?,
        badge_version: r.get(14)?,
        printed_version: r.get(15)?,
        created_at: r.get(16)?,
        updated_at: r.get(17)?,
    })
}

/// One delegate by id, with photo.
pub fn get(conn: &Connection, id: i64) -> Result<Delegate> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS}, photo FROM delegate WHERE id = ?1"))?;
    stmt.query_row([id], |r| {
        let mut d = from_row(r)?;
        d.photo = r.get(18)?;
        Ok(d)
    })
    .optional()?
    .ok_or_else(|| RegistryError::NotFound {
        what: "delegate with id",
        reference: id.to_string(),
    })
}

/// The id of the delegate with this external id, if any.
pub fn id_by_external(conn: &Connection, external_id: &str) -> Result<Option<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM delegate WHERE external_id = ?1")?;
    Ok(stmt.query_row([external_id], |r| r.get(0)).optional()?)
}

/// A delegate by reference: a numeric id, else an external id.
pub fn find(conn: &Connection, reference: &str) -> Result<Delegate> {
    let reference = reference.trim();
    if let Ok(id) = reference.parse::<i64>() {
        match get(conn, id) {
            Err(RegistryError::NotFound { .. }) => {}
            found => return found,
        }
    }
    match id_by_external(conn, reference)? {
        Some(id) => get(conn, id),
        None => Err(RegistryError::NotFound {
            what: "delegate with id or external id",
            reference: reference.into(),
        }),
    }
}

/// Which delegates to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these delegations (codes, upper case); empty = all.
    pub delegations: Vec<String>,
    /// Only this status.
    pub status: Option<Status>,
}

/// Delegates (photos left out) in id order.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Delegate>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM delegate ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    let mut out = Vec::new();
    for d in rows {
        let d = d?;
        if !filter.delegations.is_empty() && !filter.delegations.iter().any(|c| c == &d.delegation) {
            continue;
        }
        if filter.status.is_some_and(|s| s != d.status) {
            continue;
        }
        out.push(d);
    }
    Ok(out)
}

/// The JPEG photo of a delegate, if any.
pub fn photo(conn: &Connection, id: i64) -> Result<Option<Vec<u8>>> {
    let mut stmt = conn.prepare_cached("SELECT photo FROM delegate WHERE id = ?1")?;
    Ok(stmt.query_row([id], |r| r.get(0)).optional()?.flatten())
}

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
        let event = super::event::load(conn)?;
        let delegations = delegations(conn, NameOrder::En)?
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
        let texts = [
            &d.title,
            &d.given_name,
            &d.family_name,
            &d.native_name,
            &d.function,
            &d.email,
            &d.attention,
        ];
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
        texts.iter().all(|s| trimmed(s))
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
        for s in [
            &mut n.title,
            &mut n.given_name,
            &mut n.family_name,
            &mut n.native_name,
            &mut n.function,
            &mut n.email,
            &mut n.attention,
        ] {
            trim_in_place(s);
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

/// The audit form of a delegate: every field (empty text and lists left out), the photo as
/// its size.
fn audit_json(d: &Delegate) -> String {
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

/// Inserts a delegate (validated, normalised, audited); returns its id.
pub fn insert(conn: &Connection, operator: &str, d: &Delegate) -> Result<i64> {
    insert_checked(conn, operator, &Checker::load(conn)?, d)
}

/// Like [`insert`], validating against an already loaded [`Checker`] (bulk work).
pub fn insert_checked(conn: &Connection, operator: &str, checker: &Checker, d: &Delegate) -> Result<i64> {
    let checked = checker.check_cow(d)?;
    let now = now_rfc3339();
    let id = insert_unaudited(conn, &checked, &now)?;
    let after = serde_json::to_string(&created_view(&checked, id, &now)).unwrap_or_default();
    audit::record_at(
        conn,
        &now,
        operator,
        "delegate",
        &id.to_string(),
        "create",
        None,
        Some(&after),
    )?;
    Ok(id)
}

/// Stores a delegate that [`Checker::check_cow`] has passed, created and updated at `now`,
/// and returns its id. It records no audit entry: the caller does, either one per delegate
/// ([`insert_checked`]) or one for a whole import ([`audit::CreationLog`]).
pub fn insert_unaudited(conn: &Connection, d: &Delegate, now: &str) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO delegate (external_id, delegation, title, given_name, family_name, native_name, function, \
         category, email, days, zones, photo, status, attention, badge_version, printed_version, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1, 0, ?15, ?15)",
    )?;
    stmt.execute(params![
        d.external_id.as_deref().filter(|s| !s.is_empty()),
        d.delegation,
        d.title,
        d.given_name,
        d.family_name,
        d.native_name,
        d.function,
        d.category,
        d.email,
        d.days.join(";"),
        d.zones.join(";"),
        d.photo,
        d.status.as_str(),
        d.attention,
        now,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Saves the editable fields of `d` (everything but id, versions and timestamps, photo
/// included: `None` removes it); validated, normalised, audited with before and after.
/// Returns false when nothing changed.
pub fn update(conn: &Connection, operator: &str, d: &Delegate) -> Result<bool> {
    update_checked(conn, operator, &Checker::load(conn)?, d, PhotoUpdate::Set)
}

/// What [`update_checked`] does with the photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoUpdate {
    /// Store `d.photo` (`None` removes the photo).
    Set,
    /// Keep the stored photo when `d.photo` is `None`.
    KeepWhenNone,
}

/// Like [`update`], validating against an already loaded [`Checker`] (bulk work).
pub fn update_checked(
    conn: &Connection,
    operator: &str,
    checker: &Checker,
    d: &Delegate,
    photo: PhotoUpdate,
) -> Result<bool> {
    let mut d = checker.check(d)?;
    let before = get(conn, d.id)?;
    if photo == PhotoUpdate::KeepWhenNone && d.photo.is_none() {
        d.photo = before.photo.clone();
    }
    let d = &d;
    let mut after = before.clone();
    after.external_id = d.external_id.clone().filter(|s| !s.is_empty());
    after.delegation = d.delegation.clone();
    after.title = d.title.clone();
    after.given_name = d.given_name.clone();
    after.family_name = d.family_name.clone();
    after.native_name = d.native_name.clone();
    after.function = d.function.clone();
    after.category = d.category.clone();
    after.email = d.email.clone();
    after.days = d.days.clone();
    after.zones = d.zones.clone();
    after.photo = d.photo.clone();
    after.status = d.status;
    after.attention = d.attention.clone();
    if after == before {
        return Ok(false);
    }
    after.updated_at = now_rfc3339();
    let mut stmt = conn.prepare_cached(
        "UPDATE delegate SET external_id = ?2, delegation = ?3, title = ?4, given_name = ?5, family_name = ?6, \
         native_name = ?7, function = ?8, category = ?9, email = ?10, days = ?11, zones = ?12, photo = ?13, \
         status = ?14, attention = ?15, updated_at = ?16 WHERE id = ?1",
    )?;
    stmt.execute(params![
        after.id,
        after.external_id,
        after.delegation,
        after.title,
        after.given_name,
        after.family_name,
        after.native_name,
        after.function,
        after.category,
        after.email,
        after.days.join(";"),
        after.zones.join(";"),
        after.photo,
        after.status.as_str(),
        after.attention,
        after.updated_at,
    ])?;
    audit::record(
        conn,
        operator,
        "delegate",
        &d.id.to_string(),
        "update",
        Some(&audit_json(&before)),
        Some(&audit_json(&after)),
    )?;
    Ok(true)
}

/// Increments the badge version of a delegate; audited. Returns the new version.
pub fn reissue(conn: &Connection, operator: &str, id: i64) -> Result<u32> {
    let before = get(conn, id)?;
    let version = before.badge_version + 1;
    conn.execute(
        "UPDATE delegate SET badge_version = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, version, now_rfc3339()],
    )?;
    audit::record(
        conn,
        operator,
        "delegate",
        &id.to_string(),
        "reissue",
        Some(&format!("{{\"badge_version\":{}}}", before.badge_version)),
        Some(&format!("{{\"badge_version\":{version}}}")),
    )?;
    Ok(version)
}

/// Records printed badge versions. A delegate's printed version only goes up; only the
/// delegates whose printed version actually changed are audited (with before and after).
pub fn mark_printed(conn: &Connection, operator: &str, printed: &[(i64, u32)]) -> Result<()> {
    let mut current = conn.prepare_cached("SELECT printed_version FROM delegate WHERE id = ?1")?;
    let mut stmt = conn.prepare_cached("UPDATE delegate SET printed_version = ?2 WHERE id = ?1")?;
    for &(id, version) in printed {
        let before: Option<u32> = current.query_row([id], |r| r.get(0)).optional()?;
        let Some(before) = before.filter(|&b| b < version) else {
            continue;
        };
        stmt.execute(params![id, version])?;
        audit::record(
            conn,
            operator,
            "delegate",
            &id.to_string(),
            "print",
            Some(&format!("{{\"printed_version\":{before}}}")),
            Some(&format!("{{\"printed_version\":{version}}}")),
        )?;
    }
    Ok(())
}

fn delegation_from_row(r: &Row<'_>) -> rusqlite::Result<Delegation> {
    let kind: String = r.get(1)?;
    Ok(Delegation {
        code: r.get(0)?,
        kind: DelegationKind::parse(&kind).unwrap_or(DelegationKind::Organization),
        group: r.get(2)?,
        name_en: r.get(3)?,
        name_fr: r.get(4)?,
        default_category: r.get(5)?,
    })
}

/// Every delegation: participating States, then Partners, then organizations, each
/// alphabetical (ignoring accents and case) by the chosen language.
pub fn delegations(conn: &Connection, order: NameOrder) -> Result<Vec<Delegation>> {
    let mut stmt =
        conn.prepare_cached("SELECT code, kind, grp, name_en, name_fr, default_category FROM delegation")?;
    let mut all = stmt
        .query_map([], delegation_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    sort_protocol(&mut all, order);
    Ok(all)
}

/// Sorts delegations into protocol order.
pub fn sort_protocol(all: &mut [Delegation], order: NameOrder) {
    all.sort_by_cached_key(|d| (d.kind, protocol_key(d.name(order))));
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
        "SELECT code, kind, grp, name_en, name_fr, default_category FROM delegation WHERE code = ?1",
    )?;
    Ok(stmt
        .query_row([code.trim().to_ascii_uppercase()], delegation_from_row)
        .optional()?)
}

/// One delegate by id, photo left out; `None` when there is none.
pub fn get_without_photo(conn: &Connection, id: i64) -> Result<Option<Delegate>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM delegate WHERE id = ?1"))?;
    Ok(stmt.query_row([id], from_row).optional()?)
}

/// Calls `f` for every delegate in id order (photos left out), without holding them all in
/// memory; stops at the first error `f` returns.
pub fn for_each<E: From<RegistryError>>(
    conn: &Connection,
    mut f: impl FnMut(Delegate) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut stmt = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM delegate ORDER BY id"))
        .map_err(RegistryError::from)?;
    let mut rows = stmt.query([]).map_err(RegistryError::from)?;
    while let Some(r) = rows.next().map_err(RegistryError::from)? {
        f(from_row(r).map_err(RegistryError::from)?)?;
    }
    Ok(())
}

/// How many delegates there are.
pub fn count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM delegate", [], |r| r.get(0))?;
    Ok(n as usize)
}

/// Every external id with its delegate id (one query; for bulk matching).
pub fn external_ids(conn: &Connection) -> Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare("SELECT external_id, id FROM delegate WHERE external_id IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
