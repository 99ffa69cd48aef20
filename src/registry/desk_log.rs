//! The desks' changes to delegates, field by field, and the registry they merge into.
//!
//! **The scheme**: hybrid logical clocks ([`super::hlc`]) and one register per delegate and
//! field. Every change a desk makes is a [`Change`]: the field's new value, the desk's clock,
//! and what the desk had **seen** of that field when it wrote (per desk, the latest clock of
//! that desk's changes to the field known there: a version vector per field). A change `a`
//! is **superseded** when another change `b` of the same field has seen it
//! (`b.seen[a.signer] >= a.hlc`); the changes nobody superseded are the field's **heads**.
//! One head: that is the value. Several heads with different values: a **conflict** (the
//! desks changed the field concurrently): the delegate shows the head with the latest clock
//! (then the larger station id), every head is kept with who and when, and the conflict is
//! listed until someone resolves it (a new change that has seen every head). The heads are a
//! function of the set of changes only, so every desk that has the same changes shows the
//! same values and the same conflicts, whatever the order they came in.
//!
//! Badge versions and printed versions only grow: their register is the maximum (two desks
//! reissuing the same badge offline end with one current version). The status and its
//! reason are one register (`status`, value `STATUS\nREASON`).
//!
//! **Capture**: triggers queue every changed delegate in `desk_dirty` (any process, any
//! write path) once the database is part of a desk network ([`activate`]). The network
//! layer turns the queue into signed changes: each field whose value differs from the
//! **shadow** (the delegate as last published or merged here) is a change. Applying received
//! changes ([`materialize`]) writes the merged values into the delegate row and the shadow,
//! so merging makes no echo.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::conflicts::{Conflict, ConflictKind, Side};
use super::hlc::Hlc;
use super::merge_fields::FIELDS;
use super::{Delegate, Result, Status, audit, delegates, now_rfc3339, status::status_reason};

/// Field values as text, by field name.
pub type Values = BTreeMap<String, String>;

/// What a change had seen of its field: per signing station, the latest clock (encoded).
pub type Seen = BTreeMap<String, String>;

/// The registers besides [`FIELDS`]: status (with reason), badge and printed versions.
pub const STATUS: &str = "status";
/// The badge version register (a maximum).
pub const BADGE: &str = "badge_version";
/// The printed version register (a maximum).
pub const PRINTED: &str = "printed_version";

/// Every register's name.
pub fn register_names() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().map(|f| f.name).chain([STATUS, BADGE, PRINTED])
}

fn is_max_register(field: &str) -> bool {
    field == BADGE || field == PRINTED
}

/// One change of one field of one delegate by one desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The desk's station id.
    pub signer: String,
    /// The desk's clock when it made the change.
    pub hlc: Hlc,
    /// The delegate (badge serial).
    pub serial: i64,
    /// The register's name.
    pub field: String,
    /// The new value as text.
    pub value: String,
    /// What the desk had seen of this field.
    pub seen: Seen,
    /// Who at the desk (the operator).
    pub author: String,
}

impl Change {
    fn order_key(&self) -> (Hlc, &str) {
        (self.hlc, &self.signer)
    }

    /// Whether `other` had seen this change when it was made.
    pub fn seen_by(&self, other: &Change) -> bool {
        other
            .seen
            .get(&self.signer)
            .and_then(|h| Hlc::parse(h))
            .is_some_and(|h| h >= self.hlc)
    }
}

/// The heads of one field's changes: those no other change has seen, latest clock first.
pub fn heads(changes: &[Change]) -> Vec<&Change> {
    let mut h: Vec<&Change> = changes
        .iter()
        .filter(|a| !changes.iter().any(|b| !std::ptr::eq(*a, b) && a.seen_by(b)))
        .collect();
    h.sort_by(|a, b| b.order_key().cmp(&a.order_key()));
    h
}

/// The value a field shows: the maximum for version registers, else the latest head's.
pub fn shown_value(field: &str, changes: &[Change]) -> Option<String> {
    if field == BADGE {
        // The highest version; two desks that issued the same version concurrently: the
        // later clock's (one current version, the other replaced).
        return changes
            .iter()
            .max_by(|a, b| {
                (badge_value(&a.value).0, a.order_key()).cmp(&(badge_value(&b.value).0, b.order_key()))
            })
            .map(|c| c.value.clone());
    }
    if is_max_register(field) {
        return changes
            .iter()
            .filter_map(|c| c.value.parse::<u32>().ok())
            .max()
            .map(|v| v.to_string());
    }
    heads(changes).first().map(|c| c.value.clone())
}

/// Whether the field's heads disagree.
pub fn in_conflict(field: &str, changes: &[Change]) -> bool {
    if is_max_register(field) {
        return false;
    }
    let h = heads(changes);
    h.iter().any(|c| c.value != h[0].value)
}

/// Whether this database is part of a desk network (desk changes are captured).
pub fn is_active(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM meta WHERE key = 'desk_network'", [], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Makes this desk part of a desk network: from now on its changes are captured. The shadow
/// starts as every delegate is now (the state every desk packaged from here shares), and a
/// secret shared by the desks (private fields travel sealed with it) is made. Idempotent.
pub fn activate(conn: &Connection) -> Result<()> {
    if is_active(conn)? {
        return Ok(());
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| super::RegistryError::Invalid {
        field: "desk_secret".into(),
        message: format!("no randomness for the desks' secret: {e}"),
    })?;
    conn.execute(
        "INSERT OR IGNORE INTO meta(key, value) VALUES ('desk_secret', ?1)",
        [data_encoding::HEXLOWER.encode(&secret)],
    )?;
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM delegate ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        let d = delegates::get_without_photo(conn, id)?;
        if let Some(d) = d {
            set_shadow(conn, id, &state(conn, &d)?)?;
        }
    }
    conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('desk_network', '1')",
        [],
    )?;
    conn.execute("DELETE FROM desk_dirty", [])?;
    Ok(())
}

/// The desks' shared secret (hex), when this is a desk of a desk network.
pub fn secret(conn: &Connection) -> Result<Option<[u8; 32]>> {
    let hex: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'desk_secret'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(hex
        .and_then(|h| data_encoding::HEXLOWER.decode(h.as_bytes()).ok())
        .and_then(|b| b.try_into().ok()))
}

/// Every register's value of a delegate as text; `issuer` is the desk copy that issued the
/// current badge version (empty: the event key's desk).
pub fn state_of(d: &Delegate, reason: &str, issuer: &str) -> Values {
    let mut v: Values = FIELDS.iter().map(|f| (f.name.to_string(), f.get(d))).collect();
    v.insert(STATUS.into(), format!("{}\n{reason}", d.status.as_str()));
    v.insert(BADGE.into(), format!("{}@{issuer}", d.badge_version));
    v.insert(PRINTED.into(), d.printed_version.to_string());
    v
}

/// A delegate's registers as stored here.
pub fn state(conn: &Connection, d: &Delegate) -> Result<Values> {
    Ok(state_of(d, &status_reason(conn, d.id)?, &issuer(conn, d.id)?))
}

/// The desk copy that issued the current badge version of `serial` (empty: the desk with
/// the event key).
pub fn issuer(conn: &Connection, serial: i64) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT signer FROM badge_issuer WHERE serial = ?1")?
        .query_row([serial], |r| r.get::<_, String>(0))
        .optional()?
        .unwrap_or_default())
}

/// Records who issued the current badge version of `serial` (empty: the event key's desk).
pub fn set_issuer(conn: &Connection, serial: i64, signer: &str) -> Result<()> {
    if signer.is_empty() {
        conn.prepare_cached("DELETE FROM badge_issuer WHERE serial = ?1")?
            .execute([serial])?;
    } else {
        conn.prepare_cached("INSERT OR REPLACE INTO badge_issuer(serial, signer) VALUES (?1, ?2)")?
            .execute(params![serial, signer])?;
    }
    Ok(())
}

/// A badge register's value: (version, issuer).
fn badge_value(v: &str) -> (u32, &str) {
    let (n, who) = v.split_once('@').unwrap_or((v, ""));
    (n.parse().unwrap_or(0), who)
}

/// The shadow of a delegate: its registers as last published or merged here.
pub fn shadow(conn: &Connection, serial: i64) -> Result<Option<Values>> {
    let json: Option<String> = conn
        .prepare_cached("SELECT fields FROM desk_shadow WHERE serial = ?1")?
        .query_row([serial], |r| r.get(0))
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// Sets the shadow of a delegate.
pub fn set_shadow(conn: &Connection, serial: i64, v: &Values) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO desk_shadow(serial, fields) VALUES (?1, ?2) \
         ON CONFLICT(serial) DO UPDATE SET fields = excluded.fields",
    )?
    .execute(params![serial, serde_json::to_string(v).unwrap_or_default()])?;
    Ok(())
}

/// One queued delegate: (queue position, serial, a field to publish even when unchanged).
pub type Pending = (i64, i64, Option<String>);

/// The queued delegates, in queue order.
pub fn pending(conn: &Connection) -> Result<Vec<Pending>> {
    let mut stmt = conn.prepare_cached("SELECT seq, serial, force FROM desk_dirty ORDER BY seq")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Empties the queue up to `seq`.
pub fn clear_pending(conn: &Connection, seq: i64) -> Result<()> {
    conn.execute("DELETE FROM desk_dirty WHERE seq <= ?1", [seq])?;
    Ok(())
}

/// The changes of a delegate's field known here.
pub fn changes_of(conn: &Connection, serial: i64, field: &str) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT signer, hlc, value, seen, author FROM desk_change WHERE serial = ?1 AND field = ?2",
    )?;
    let rows = stmt.query_map(params![serial, field], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (signer, hlc, value, seen, author) = row?;
        let Some(hlc) = Hlc::parse(&hlc) else { continue };
        out.push(Change {
            signer,
            hlc,
            serial,
            field: field.to_string(),
            value,
            seen: serde_json::from_str(&seen).unwrap_or_default(),
            author,
        });
    }
    Ok(out)
}

/// Every change of a delegate known here, by register (one query).
pub fn changes_by_field(conn: &Connection, serial: i64) -> Result<BTreeMap<String, Vec<Change>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT signer, hlc, value, seen, author, field FROM desk_change WHERE serial = ?1",
    )?;
    let rows = stmt.query_map([serial], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out: BTreeMap<String, Vec<Change>> = BTreeMap::new();
    for row in rows {
        let (signer, hlc, value, seen, author, field) = row?;
        let Some(hlc) = Hlc::parse(&hlc) else { continue };
        out.entry(field.clone()).or_default().push(Change {
            signer,
            hlc,
            serial,
            field,
            value,
            seen: serde_json::from_str(&seen).unwrap_or_default(),
            author,
        });
    }
    Ok(out)
}

/// What a new change of this field at this desk has seen: every change known here.
pub fn seen_now(conn: &Connection, serial: i64, field: &str) -> Result<Seen> {
    let mut seen = Seen::new();
    for c in changes_of(conn, serial, field)? {
        let h = c.hlc.encode();
        let e = seen.entry(c.signer).or_default();
        if *e < h {
            *e = h;
        }
    }
    Ok(seen)
}

/// Stores a change (its item's key names the signed bytes); false when already known.
pub fn store_change(conn: &Connection, item: &str, c: &Change) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO desk_change(item, signer, hlc, serial, field, value, seen, author) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            item,
            c.signer,
            c.hlc.encode(),
            c.serial,
            c.field,
            c.value,
            serde_json::to_string(&c.seen).unwrap_or_default(),
            c.author
        ])?;
    Ok(n > 0)
}

/// The local changes of a queued delegate: every register whose value differs from the
/// shadow (all of them for a delegate new here), plus `force` (a resolved conflict).
pub fn local_changes(conn: &Connection, serial: i64, force: Option<&str>) -> Result<Vec<(String, String)>> {
    let Some(d) = delegates::get_without_photo(conn, serial)? else {
        return Ok(Vec::new());
    };
    let now = state(conn, &d)?;
    let before = shadow(conn, serial)?;
    Ok(now
        .into_iter()
        .filter(|(k, v)| Some(k.as_str()) == force || before.as_ref().and_then(|b| b.get(k)) != Some(v))
        .collect())
}

/// Writes the merged value of every register of `serial` that has changes into the delegate
/// row (creating it when it is new here) and the shadow, keeps the conflicts of `fields`
/// up to date, and audits what changed with `by` (the desk that made it) as the author.
pub fn materialize(conn: &Connection, serial: i64, fields: &[String], by: &str) -> Result<()> {
    let existing = delegates::get_without_photo(conn, serial)?;
    let mut d = existing.clone().unwrap_or_else(|| Delegate {
        id: serial,
        badge_version: 1,
        ..Default::default()
    });
    let mut reason = if existing.is_some() {
        status_reason(conn, serial)?
    } else {
        String::new()
    };
    let mut badge_issuer = issuer(conn, serial)?;
    let before_state = existing.as_ref().map(|e| state_of(e, &reason, &badge_issuer));
    let mut all = changes_by_field(conn, serial)?;
    for name in register_names() {
        let Some(changes) = all.remove(name) else {
            continue;
        };
        if fields.iter().any(|f| f == name) {
            if in_conflict(name, &changes) {
                conn.prepare_cached("INSERT OR IGNORE INTO desk_conflict(serial, field) VALUES (?1, ?2)")?
                    .execute(params![serial, name])?;
            } else {
                conn.prepare_cached("DELETE FROM desk_conflict WHERE serial = ?1 AND field = ?2")?
                    .execute(params![serial, name])?;
            }
        }
        let Some(value) = shown_value(name, &changes) else {
            continue;
        };
        match name {
            STATUS => {
                let (s, r) = value.split_once('\n').unwrap_or((value.as_str(), ""));
                d.status = Status::parse(s).unwrap_or(d.status);
                reason = r.to_string();
            }
            BADGE => {
                let (v, who) = badge_value(&value);
                if v > 0 {
                    d.badge_version = v;
                    badge_issuer = who.to_string();
                }
            }
            PRINTED => d.printed_version = value.parse().unwrap_or(d.printed_version),
            "delegation" if delegates::delegation(conn, &value)?.is_none() => {}
            _ => {
                if let Some(f) = super::merge_fields::field(name) {
                    f.set(&mut d, &value);
                }
            }
        }
    }
    // An external id merged onto two delegates stays with the smaller serial.
    if let Some(ext) = d.external_id.clone()
        && let Some(other) = delegates::id_by_external(conn, &ext)?
        && other != serial
    {
        if other > serial {
            conn.execute("UPDATE delegate SET external_id = NULL WHERE id = ?1", [other])?;
        } else {
            d.external_id = None;
        }
    }
    let after_state = state_of(&d, &reason, &badge_issuer);
    if before_state.as_ref() == Some(&after_state) {
        set_shadow(conn, serial, &after_state)?;
        return Ok(());
    }
    let now = now_rfc3339();
    if existing.is_none() {
        if d.delegation.is_empty() || delegates::delegation(conn, &d.delegation)?.is_none() {
            // Not enough known yet to hold the delegate (its delegation's change has not come):
            // the changes are kept and applied when the rest arrives.
            return Ok(());
        }
        conn.execute(
            "INSERT INTO delegate (id, delegation, family_name, category, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![serial, d.delegation, d.family_name, d.category, now],
        )?;
    }
    let sets: Vec<String> = FIELDS
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{} = ?{}", f.column, i + 2))
        .collect();
    let n = FIELDS.len() + 2;
    let sql = format!(
        "UPDATE delegate SET {}, status = ?{n}, badge_version = ?{}, printed_version = ?{}, \
         status_reason = ?{}, updated_at = ?{} WHERE id = ?1",
        sets.join(", "),
        n + 1,
        n + 2,
        n + 3,
        n + 4
    );
    let values: Vec<super::fields::Value<'_>> =
        FIELDS.iter().map(|f| super::fields::get(&d, f.field)).collect();
    let status = d.status.as_str();
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&serial];
    params.extend(values.iter().map(|v| v as &dyn rusqlite::ToSql));
    params.push(&status);
    params.push(&d.badge_version);
    params.push(&d.printed_version);
    params.push(&reason);
    params.push(&now);
    conn.prepare_cached(&sql)?.execute(params.as_slice())?;
    // After the row (its triggers note this station as the issuer of a new version).
    set_issuer(conn, serial, &badge_issuer)?;
    set_shadow(conn, serial, &after_state)?;
    let diff = |s: &Values| -> BTreeMap<String, String> {
        s.iter()
            .filter(|(k, v)| before_state.as_ref().and_then(|b| b.get(*k)) != Some(*v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    let after_diff = diff(&after_state);
    let before_diff: Option<BTreeMap<String, String>> = before_state.as_ref().map(|b| {
        b.iter()
            .filter(|(k, _)| after_diff.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    });
    audit::record_at(
        conn,
        &now,
        by,
        "delegate",
        &serial.to_string(),
        if existing.is_some() { "merge" } else { "create" },
        before_diff
            .map(|b| serde_json::to_string(&b).unwrap_or_default())
            .as_deref(),
        Some(&serde_json::to_string(&after_diff).unwrap_or_default()),
    )?;
    Ok(())
}

/// Queues a field to be published even when its value did not change (a resolved conflict:
/// the new change has seen every head).
pub fn resolve(conn: &Connection, serial: i64, field: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO desk_dirty(serial, force) VALUES (?1, ?2)",
        params![serial, field],
    )?;
    conn.execute(
        "DELETE FROM desk_conflict WHERE serial = ?1 AND field = ?2",
        params![serial, field],
    )?;
    Ok(())
}

fn desk_label(conn: &Connection, signer: &str, author: &str) -> Result<String> {
    let name: Option<String> = conn
        .prepare_cached("SELECT name FROM station_cert WHERE station_id = ?1")?
        .query_row([signer], |r| r.get(0))
        .optional()?;
    Ok(match name.filter(|n| !n.is_empty()) {
        Some(n) => format!("{n} ({signer}), {author}"),
        None => format!("{signer}, {author}"),
    })
}

/// Who made a change, for people: the desk's name and station id, and the operator.
pub fn author_label(conn: &Connection, signer: &str, author: &str) -> Result<String> {
    desk_label(conn, signer, author)
}

/// The open conflicts between desks (numbered by [`super::conflicts::list`]).
pub fn conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
    let pairs: Vec<(i64, String)> = conn
        .prepare_cached("SELECT serial, field FROM desk_conflict ORDER BY serial, field")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let own: Option<String> = conn
        .query_row("SELECT station_id FROM station_key WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    let mut out = Vec::new();
    for (serial, field) in pairs {
        let changes = changes_of(conn, serial, &field)?;
        let h = heads(&changes);
        if h.len() < 2 {
            continue;
        }
        let mine = h
            .iter()
            .find(|c| Some(&c.signer) == own.as_ref())
            .copied()
            .unwrap_or(h[0]);
        let Some(theirs) = h
            .iter()
            .find(|c| !std::ptr::eq(**c, mine) && c.value != mine.value)
            .copied()
        else {
            continue;
        };
        let side = |c: &Change| -> Result<Side> {
            Ok(Side {
                value: c.value.clone(),
                by: desk_label(conn, &c.signer, &c.author)?,
                at: c.hlc.rfc3339(),
            })
        };
        let name = delegates::get_without_photo(conn, serial)?
            .map(|d| d.display_name())
            .unwrap_or_default();
        out.push(Conflict {
            number: 0,
            kind: ConflictKind::Desks,
            serial,
            name,
            field: field.clone(),
            shown: h[0].value.clone(),
            mine: side(mine)?,
            theirs: side(theirs)?,
        });
    }
    Ok(out)
}

/// The first and last badge serial this desk gives new delegates: block `b` (meta
/// `desk_block`; the first desk 0) holds `b * 10,000,000 + 1 ..= (b + 1) * 10,000,000 - 1`.
/// Desks packaged from a desk get blocks of their own, so serials never collide.
pub fn serial_block(conn: &Connection) -> Result<(i64, i64)> {
    let b: i64 = conn
        .query_row("SELECT value FROM meta WHERE key = 'desk_block'", [], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Ok((b * BLOCK + 1, (b + 1) * BLOCK - 1))
}

/// Serials per desk block.
pub const BLOCK: i64 = 10_000_000;

/// The serial a new delegate gets here: the next one in this desk's block.
pub fn next_serial(conn: &Connection) -> Result<Option<i64>> {
    if !is_active(conn)? {
        return Ok(None);
    }
    let (lo, hi) = serial_block(conn)?;
    let max: Option<i64> = conn
        .prepare_cached("SELECT MAX(id) FROM delegate WHERE id BETWEEN ?1 AND ?2")?
        .query_row(params![lo, hi], |r| r.get(0))?;
    Ok(Some(max.map_or(lo, |m| m + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(signer: &str, ms: u64, value: &str, seen: &[(&str, u64)]) -> Change {
        Change {
            signer: signer.into(),
            hlc: Hlc { ms, n: 0 },
            serial: 1,
            field: "function".into(),
            value: value.into(),
            seen: seen
                .iter()
                .map(|(s, ms)| (s.to_string(), Hlc { ms: *ms, n: 0 }.encode()))
                .collect(),
            author: "t".into(),
        }
    }

    #[test]
    fn concurrent_changes_conflict_and_a_change_that_saw_both_resolves() {
        let a = change("A", 10, "from A", &[]);
        let b = change("B", 11, "from B", &[]);
        // Neither saw the other: two heads, a conflict, the later clock shown.
        let set = vec![a.clone(), b.clone()];
        assert_eq!(heads(&set).len(), 2);
        assert!(in_conflict("function", &set));
        assert_eq!(shown_value("function", &set).as_deref(), Some("from B"));
        // B had seen A: one head, no conflict, whatever the clocks.
        let b_saw = change("B", 9, "from B", &[("A", 10)]);
        let set = vec![b_saw.clone(), a.clone()];
        assert_eq!(heads(&set).len(), 1);
        assert!(!in_conflict("function", &set));
        assert_eq!(shown_value("function", &set).as_deref(), Some("from B"));
        // A resolution that saw both heads supersedes them, even when a later change of A
        // it saw transitively is missing here.
        let r = change("C", 12, "resolved", &[("A", 10), ("B", 11)]);
        let set = vec![a, b, r];
        assert_eq!(heads(&set).len(), 1);
        assert_eq!(shown_value("function", &set).as_deref(), Some("resolved"));
        // The order of the set does not matter.
        let mut rev = set.clone();
        rev.reverse();
        assert_eq!(shown_value("function", &rev), shown_value("function", &set));
    }

    #[test]
    fn badge_versions_take_the_highest_then_the_later_clock() {
        let mut a = change("A", 10, "2@", &[]);
        a.field = BADGE.into();
        let mut b = change("B", 11, "2@ST-B", &[]);
        b.field = BADGE.into();
        let mut old = change("B", 5, "1@ST-B", &[]);
        old.field = BADGE.into();
        let set = vec![a, b, old];
        assert_eq!(shown_value(BADGE, &set).as_deref(), Some("2@ST-B"));
        assert!(!in_conflict(BADGE, &set));
    }
}
