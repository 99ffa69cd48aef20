//! Nominations as event data: quotas per delegation kind or delegation and category, the
//! nomination settings (deadline, approval), the workbooks issued to delegations and their
//! signed identity.
//!
//! - A quota is stored per *target* (a delegation kind as `registry list` prints it, such as
//!   `participating_state`, or a delegation code such as `AT`) and category. A delegation's
//!   quota for a category is its own entry, else its kind's; a category with neither has no
//!   quota.
//! - [`QuotaCounter`] decides the status of each new nomination: within quota `accredited`
//!   (or `pending` when the event wants approval), beyond it `pending` with the reason
//!   `over quota (DEL 5 of 4)`. Who counts: the delegation's delegates of that category that
//!   are neither rejected nor withdrawn.
//! - A nomination workbook carries its [`WorkbookIdentity`] (event, delegation, serial),
//!   signed with the event's Ed25519 key ([`sign_identity`]); [`check_identity`] refuses
//!   another event's workbook, an edited identity and a serial this registry did not issue
//!   to that delegation.

use std::collections::HashMap;

use ed25519_dalek::{Signature, Signer, Verifier};
use rusqlite::{Connection, OptionalExtension, params};

use super::{DelegationKind, Event, RegistryError, Result, audit, event};

/// One quota: at most `quota` delegates of `category` for `target` (a kind or a delegation).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Quota {
    /// A delegation kind (`participating_state`, `partner`, `organization`) or a delegation code.
    pub target: String,
    /// Category code.
    pub category: String,
    /// How many delegates of the category are accredited without review.
    pub quota: u32,
}

/// The nomination settings of the event.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Settings {
    /// The date by which nominations are due (ISO date, or empty).
    pub deadline: String,
    /// Whether nominations within quota come in as `pending` (the desk approves each) rather
    /// than `accredited`.
    pub approval: bool,
}

/// Changes to the nominations part of the event (`accredit event set --quota ...`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NominationEdit {
    /// Per target, the quotas that replace its quotas (an empty list removes them).
    pub quotas: Vec<(String, Vec<(String, u32)>)>,
    /// The new deadline (`Some("")` removes it).
    pub deadline: Option<String>,
    /// The new approval setting.
    pub approval: Option<bool>,
}

impl NominationEdit {
    /// Whether the edit changes anything.
    pub fn is_empty(&self) -> bool {
        self.quotas.is_empty() && self.deadline.is_none() && self.approval.is_none()
    }
}

fn invalid(field: &str, message: impl Into<String>) -> RegistryError {
    RegistryError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// Reads `KIND_OR_CODE=CATEGORY:N,CATEGORY:N` (`KIND_OR_CODE=` removes the target's quotas).
/// A kind is written as `registry list` prints it (`participating_state`); a code is
/// upper-cased.
pub fn parse_quota(spec: &str) -> Result<(String, Vec<(String, u32)>)> {
    let Some((target, list)) = spec.split_once('=') else {
        return Err(invalid(
            "quota",
            format!("{spec:?}: expected KIND_OR_CODE=CATEGORY:N,... like participating_state=HOD:1,DEL:4"),
        ));
    };
    let target = target.trim();
    let target = match DelegationKind::parse(&target.to_ascii_lowercase()) {
        Some(kind) => kind.as_str().to_string(),
        None => target.to_ascii_uppercase(),
    };
    let mut out: Vec<(String, u32)> = Vec::new();
    for item in list.split([',', ';']).map(str::trim).filter(|s| !s.is_empty()) {
        let parsed = item
            .split_once(':')
            .and_then(|(c, n)| Some((c.trim().to_ascii_uppercase(), n.trim().parse::<u32>().ok()?)));
        let Some((category, n)) = parsed else {
            return Err(invalid(
                "quota",
                format!("{item:?} in {spec:?}: expected CATEGORY:N, like DEL:4"),
            ));
        };
        out.retain(|(c, _)| *c != category);
        out.push((category, n));
    }
    Ok((target, out))
}

/// Every quota, by target then category.
pub fn quotas(conn: &Connection) -> Result<Vec<Quota>> {
    let mut stmt = conn
        .prepare_cached("SELECT target, category, quota FROM nomination_quota ORDER BY target, category")?;
    let rows = stmt.query_map([], |r| {
        Ok(Quota {
            target: r.get(0)?,
            category: r.get(1)?,
            quota: r.get::<_, i64>(2)?.clamp(0, i64::from(u32::MAX)) as u32,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The nomination settings.
pub fn settings(conn: &Connection) -> Result<Settings> {
    Ok(conn
        .query_row(
            "SELECT deadline, approval FROM nomination_setting WHERE id = 1",
            [],
            |r| {
                Ok(Settings {
                    deadline: r.get(0)?,
                    approval: r.get(1)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

/// Checks an edit against the event (`ev`, as it will be saved): a target is a kind or a
/// known delegation, a category is one of the event's, a deadline a date.
pub fn check_edit(conn: &Connection, ev: &Event, edit: &NominationEdit) -> Result<()> {
    for (target, list) in &edit.quotas {
        if DelegationKind::parse(target).is_none() && super::delegates::delegation(conn, target)?.is_none() {
            return Err(invalid(
                "quota",
                format!(
                    "{target:?} is neither a delegation kind (participating_state, partner, organization) \
                     nor a delegation code (see `accredit registry list`)"
                ),
            ));
        }
        if let Some((c, _)) = list.iter().find(|(c, _)| ev.category(c).is_none()) {
            return Err(invalid(
                "quota",
                format!("{c:?} (quota of {target}) is not a category of the event"),
            ));
        }
    }
    if let Some(d) = edit.deadline.as_deref().filter(|d| !d.trim().is_empty()) {
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        if time::Date::parse(d.trim(), &fmt).is_err() {
            return Err(invalid(
                "nomination_deadline",
                format!("{d:?} is not a date like 2015-06-19"),
            ));
        }
    }
    Ok(())
}

/// Saves an edit (after [`check_edit`]) in the caller's transaction; audited.
pub fn save_edit(conn: &Connection, operator: &str, ev: &Event, edit: &NominationEdit) -> Result<()> {
    check_edit(conn, ev, edit)?;
    let before = serde_json::json!({ "quotas": quotas(conn)?, "settings": settings(conn)? });
    for (target, list) in &edit.quotas {
        conn.execute("DELETE FROM nomination_quota WHERE target = ?1", [target])?;
        for (category, n) in list {
            conn.execute(
                "INSERT INTO nomination_quota(target, category, quota) VALUES (?1, ?2, ?3)",
                params![target, category, i64::from(*n)],
            )?;
        }
    }
    if let Some(d) = &edit.deadline {
        conn.execute(
            "UPDATE nomination_setting SET deadline = ?1 WHERE id = 1",
            [d.trim()],
        )?;
    }
    if let Some(a) = edit.approval {
        conn.execute("UPDATE nomination_setting SET approval = ?1 WHERE id = 1", [a])?;
    }
    let after = serde_json::json!({ "quotas": quotas(conn)?, "settings": settings(conn)? });
    audit::record(
        conn,
        operator,
        "event",
        "1",
        "nominations",
        Some(&before.to_string()),
        Some(&after.to_string()),
    )
}

/// The quotas that apply to one delegation, by category: its own entries, else its kind's.
pub fn quotas_for(all: &[Quota], code: &str, kind: DelegationKind) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = Vec::new();
    for q in all.iter().filter(|q| q.target == kind.as_str()) {
        out.push((q.category.clone(), q.quota));
    }
    for q in all.iter().filter(|q| q.target == code) {
        match out.iter_mut().find(|(c, _)| *c == q.category) {
            Some(slot) => slot.1 = q.quota,
            None => out.push((q.category.clone(), q.quota)),
        }
    }
    out
}

/// Decides the status of new nominations, counting those already in the registry and those
/// decided so far.
#[derive(Debug, Clone, Default)]
pub struct QuotaCounter {
    quotas: Vec<Quota>,
    kinds: HashMap<String, DelegationKind>,
    counts: HashMap<(String, String), u32>,
    approval: bool,
}

/// What a new nomination becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// `pending` or `accredited`.
    pub status: super::Status,
    /// The reason stored with a `pending` beyond quota: `over quota (DEL 5 of 4)`.
    pub reason: Option<String>,
    /// The nomination's place in its delegation and category, and the quota, if any.
    pub place: (u32, Option<u32>),
}

impl QuotaCounter {
    /// Loads the quotas, the settings and the counts of the registry as it is.
    pub fn load(conn: &Connection) -> Result<Self> {
        let mut kinds = HashMap::new();
        let mut stmt = conn.prepare_cached("SELECT code, kind FROM delegation")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (code, kind) = row?;
            if let Some(k) = DelegationKind::parse(&kind) {
                kinds.insert(code, k);
            }
        }
        let mut counts = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT delegation, category, COUNT(*) FROM delegate \
             WHERE status NOT IN ('rejected', 'withdrawn') GROUP BY delegation, category",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (d, c, n) = row?;
            counts.insert((d, c), n.clamp(0, i64::from(u32::MAX)) as u32);
        }
        Ok(Self {
            quotas: quotas(conn)?,
            kinds,
            counts,
            approval: settings(conn)?.approval,
        })
    }

    /// Whether any quota is set or the event wants approval (else every decision is the
    /// status the row asks for).
    pub fn is_active(&self) -> bool {
        self.approval || !self.quotas.is_empty()
    }

    /// The quota of a delegation for a category, if any.
    pub fn quota(&self, delegation: &str, category: &str) -> Option<u32> {
        let kind = self.kinds.get(delegation)?;
        quotas_for(&self.quotas, delegation, *kind)
            .into_iter()
            .find(|(c, _)| c == category)
            .map(|(_, n)| n)
    }

    /// Counts one new nomination of `delegation` in `category` and says what it becomes.
    pub fn admit(&mut self, delegation: &str, category: &str) -> Decision {
        let n = self
            .counts
            .entry((delegation.to_string(), category.to_string()))
            .or_insert(0);
        *n += 1;
        let place = *n;
        let quota = self.quota(delegation, category);
        match quota {
            Some(q) if place > q => Decision {
                status: super::Status::Pending,
                reason: Some(format!("over quota ({category} {place} of {q})")),
                place: (place, quota),
            },
            _ => Decision {
                status: if self.approval {
                    super::Status::Pending
                } else {
                    super::Status::Accredited
                },
                reason: None,
                place: (place, quota),
            },
        }
    }
}

/// Who a nomination workbook was issued to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbookIdentity {
    /// The event's code.
    pub event: String,
    /// The delegation's code.
    pub delegation: String,
    /// The workbook's serial (issued by [`issue_workbook`]).
    pub serial: i64,
}

impl WorkbookIdentity {
    /// The bytes the event key signs.
    fn message(&self) -> Vec<u8> {
        format!(
            "accredit-nomination-workbook/1\n{}\n{}\n{}",
            self.event, self.delegation, self.serial
        )
        .into_bytes()
    }
}

/// Records a new workbook for `delegation` and returns its signed identity: (identity,
/// signature as lower-case hex). Fails on a door copy (no event key).
pub fn issue_workbook(
    conn: &Connection,
    operator: &str,
    delegation: &str,
) -> Result<(WorkbookIdentity, String)> {
    let ev = event::load(conn)?;
    let key = event::signing_key(conn)?;
    conn.execute(
        "INSERT INTO nomination_workbook(delegation, issued_at) VALUES (?1, ?2)",
        params![delegation, super::now_rfc3339()],
    )?;
    let identity = WorkbookIdentity {
        event: ev.code,
        delegation: delegation.to_string(),
        serial: conn.last_insert_rowid(),
    };
    let signature = sign_identity(&key, &identity);
    audit::record(
        conn,
        operator,
        "delegation",
        delegation,
        "nomination_workbook",
        None,
        Some(&serde_json::json!({ "serial": identity.serial }).to_string()),
    )?;
    Ok((identity, signature))
}

/// The signature of an identity, as lower-case hex.
pub fn sign_identity(key: &ed25519_dalek::SigningKey, identity: &WorkbookIdentity) -> String {
    data_encoding::HEXLOWER.encode(&key.sign(&identity.message()).to_bytes())
}

/// Why a workbook's identity is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityProblem {
    /// The workbook was issued for another event.
    #[error(
        "this workbook was issued for event {found}, not {expected}; ask the protocol team of {found} or send the workbook of {expected}"
    )]
    OtherEvent {
        /// The event this registry serves.
        expected: String,
        /// The event the workbook names.
        found: String,
    },
    /// The signature does not match the identity (edited, or signed by another event's key).
    #[error(
        "the workbook's identity (event, delegation, serial) does not match its signature: it was edited or comes from another registry; ask for a new workbook with `accredit nominations workbook`"
    )]
    BadSignature,
    /// The serial was not issued by this registry to this delegation.
    #[error("workbook {serial} was not issued to delegation {delegation} by this registry")]
    UnknownSerial {
        /// The delegation the workbook names.
        delegation: String,
        /// Its serial.
        serial: i64,
    },
}

/// Checks a returned workbook's identity against this registry: the event, the signature
/// (by the event's key) and the serial. `Ok(Err(..))` is a refusal; `Err` a database failure.
pub fn check_identity(
    conn: &Connection,
    identity: &WorkbookIdentity,
    signature_hex: &str,
) -> Result<std::result::Result<(), IdentityProblem>> {
    let ev = event::load(conn)?;
    if identity.event != ev.code {
        return Ok(Err(IdentityProblem::OtherEvent {
            expected: ev.code,
            found: identity.event.clone(),
        }));
    }
    let key = event::verifying_key(conn)?;
    let signature = data_encoding::HEXLOWER
        .decode(signature_hex.trim().to_ascii_lowercase().as_bytes())
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .map(|b| Signature::from_bytes(&b));
    match signature {
        Some(s) if key.verify(&identity.message(), &s).is_ok() => {}
        _ => return Ok(Err(IdentityProblem::BadSignature)),
    }
    let issued: Option<String> = conn
        .query_row(
            "SELECT delegation FROM nomination_workbook WHERE serial = ?1",
            [identity.serial],
            |r| r.get(0),
        )
        .optional()?;
    if issued.as_deref() != Some(identity.delegation.as_str()) {
        return Ok(Err(IdentityProblem::UnknownSerial {
            delegation: identity.delegation.clone(),
            serial: identity.serial,
        }));
    }
    Ok(Ok(()))
}

/// Marks a workbook returned (in the import's transaction).
pub fn mark_returned(conn: &Connection, serial: i64, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE nomination_workbook SET returned_at = ?2 WHERE serial = ?1",
        params![serial, at],
    )?;
    Ok(())
}

/// What the last returned workbook said of a row (by its external id): the cells by column.
pub fn last_sent(conn: &Connection, external_id: &str) -> Result<Option<HashMap<String, String>>> {
    let cells: Option<String> = conn
        .query_row(
            "SELECT cells FROM nomination_row WHERE external_id = ?1",
            [external_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(cells.and_then(|c| serde_json::from_str(&c).ok()))
}

/// Remembers what a returned workbook said of a row (in the import's transaction).
pub fn remember_sent(
    conn: &Connection,
    external_id: &str,
    serial: i64,
    cells: &HashMap<String, String>,
) -> Result<()> {
    let json = serde_json::to_string(cells).unwrap_or_default();
    conn.execute(
        "INSERT INTO nomination_row(external_id, serial, cells) VALUES (?1, ?2, ?3)
         ON CONFLICT(external_id) DO UPDATE SET serial = excluded.serial, cells = excluded.cells",
        params![external_id, serial, json],
    )?;
    Ok(())
}

/// One delegation's nominations against its quotas.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DelegationNominations {
    /// Delegation code.
    pub code: String,
    /// English name.
    pub name: String,
    /// Delegates nominated (every status).
    pub nominated: u64,
    /// Delegates accredited.
    pub accredited: u64,
    /// Delegates pending.
    pub pending: u64,
    /// Per category with a quota: (category, quota, counted: neither rejected nor withdrawn).
    pub quotas: Vec<(String, u32, u64)>,
}

impl DelegationNominations {
    /// The quotas as `HOD 1/1, DEL 5/4` (counted / quota), or `-` when none applies.
    pub fn quota_text(&self) -> String {
        if self.quotas.is_empty() {
            return "-".into();
        }
        self.quotas
            .iter()
            .map(|(c, q, n)| format!("{c} {n}/{q}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
    /// Whether a category has more counted nominations than its quota.
    pub fn over_quota(&self) -> bool {
        self.quotas.iter().any(|(_, q, n)| *n > u64::from(*q))
    }
}

/// Every delegation with a nominee or a quota, in protocol order (English): nominated,
/// accredited, pending and the quotas with how many count against them.
pub fn by_delegation(conn: &Connection) -> Result<Vec<DelegationNominations>> {
    let all = quotas(conn)?;
    let mut counts: HashMap<String, (u64, u64, u64, HashMap<String, u64>)> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT delegation, category, COUNT(*), COALESCE(SUM(status = 'accredited'), 0), \
         COALESCE(SUM(status = 'pending'), 0), \
         COALESCE(SUM(status NOT IN ('rejected', 'withdrawn')), 0) \
         FROM delegate GROUP BY delegation, category",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    for row in rows {
        let (d, c, n, acc, pend, counted) = row?;
        let e = counts.entry(d).or_default();
        e.0 += n.max(0) as u64;
        e.1 += acc.max(0) as u64;
        e.2 += pend.max(0) as u64;
        *e.3.entry(c).or_default() += counted.max(0) as u64;
    }
    let mut out = Vec::new();
    for d in super::delegates::delegations(conn, super::NameOrder::En)? {
        let q = quotas_for(&all, &d.code, d.kind);
        let c = counts.remove(&d.code);
        if q.is_empty() && c.is_none() {
            continue;
        }
        let (nominated, accredited, pending, per_cat) = c.unwrap_or_default();
        out.push(DelegationNominations {
            quotas: q
                .into_iter()
                .map(|(cat, n)| {
                    let counted = per_cat.get(&cat).copied().unwrap_or(0);
                    (cat, n, counted)
                })
                .collect(),
            code: d.code,
            name: d.name_en,
            nominated,
            accredited,
            pending,
        });
    }
    Ok(out)
}

/// Delegations (codes) with no delegate at all: those that have not answered.
pub fn not_answered(conn: &Connection, order: super::NameOrder) -> Result<Vec<super::Delegation>> {
    let mut with: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut stmt = conn.prepare_cached("SELECT DISTINCT delegation FROM delegate")?;
    for code in stmt.query_map([], |r| r.get::<_, String>(0))? {
        with.insert(code?);
    }
    Ok(super::delegates::delegations(conn, order)?
        .into_iter()
        .filter(|d| !with.contains(&d.code))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_specs_parse() {
        let (t, q) = parse_quota("participating_state=HOD:1,DEL:4").unwrap();
        assert_eq!(t, "participating_state");
        assert_eq!(q, vec![("HOD".into(), 1), ("DEL".into(), 4)]);
        let (t, q) = parse_quota("at=del:6").unwrap();
        assert_eq!((t.as_str(), q), ("AT", vec![("DEL".into(), 6)]));
        assert_eq!(parse_quota("AT=").unwrap().1, vec![]);
        assert!(parse_quota("AT").is_err());
        assert!(parse_quota("AT=DEL").is_err());
        assert!(parse_quota("AT=DEL:-1").is_err());
    }

    #[test]
    fn a_delegation_of_its_own_overrides_its_kind_per_category() {
        let all = vec![
            Quota {
                target: "participating_state".into(),
                category: "HOD".into(),
                quota: 1,
            },
            Quota {
                target: "participating_state".into(),
                category: "DEL".into(),
                quota: 4,
            },
            Quota {
                target: "AT".into(),
                category: "DEL".into(),
                quota: 6,
            },
        ];
        let at = quotas_for(&all, "AT", DelegationKind::ParticipatingState);
        assert_eq!(at, vec![("HOD".into(), 1), ("DEL".into(), 6)]);
        let de = quotas_for(&all, "DE", DelegationKind::ParticipatingState);
        assert_eq!(de, vec![("HOD".into(), 1), ("DEL".into(), 4)]);
        assert!(quotas_for(&all, "DZ", DelegationKind::Partner).is_empty());
    }
}
