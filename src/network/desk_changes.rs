//! Desk changes as signed items: what one desk changed of one delegate, carried by the hub
//! and by `station export`/`merge` like scans and door records, merged field by field at
//! every desk ([`crate::registry::desk_log`]: hybrid logical clocks and per-field registers
//! with conflict detection).
//!
//! The payload (header `accredit-desk-1`, signed by the desk's **station key**, which the
//! event key certified with role `desk`):
//! `{"event":"AATIP15","signer":"ST-3FA2C1","hlc":"0001780000000000.00000","serial":42,
//! "author":"desk","fields":[{"field":"function","value":"...","seen":{"ST-77B7B7":"..."}}]}`.
//! Item key: `SIGNER:HLC:SERIAL`. The values of the fields a door may not read (e-mail,
//! external id, function) travel **sealed** with the secret the desks share (made when the
//! first desk copy is packaged, carried only in desk copies): `sealed:NONCE:CIPHERTEXT` in
//! hex, XChaCha20-Poly1305 (authenticated encryption from the `chacha20poly1305` crate, a
//! random 24-byte nonce per value; the item's signature binds each sealed value to its
//! field and person).
//! The hub and the doors
//! store the item but cannot read those values; doors ignore desk items (they judge from
//! door records, which the desk holding the event key publishes from the merged registry).

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::apply::{Outcome, RefusalReason};
use super::identity::{self, Role};
use super::{Item, ItemKind, Result, push_outbox};
use crate::envelope;
use crate::registry::desk_log::{self, Change, Seen};
use crate::registry::hlc::{self, Hlc};
use crate::registry::merge_fields::door_visible;

/// The header of a desk change.
pub const DESK_HEADER: &str = "accredit-desk-1";

/// One field of a desk change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldValue {
    /// The register's name.
    pub field: String,
    /// The new value (sealed for private fields).
    pub value: String,
    /// What the desk had seen of this field: per desk, its latest clock.
    pub seen: Seen,
}

/// A desk change (the payload the desk's station key signs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskChange {
    /// Event code.
    pub event: String,
    /// The desk's station id.
    pub signer: String,
    /// The desk's hybrid logical clock.
    pub hlc: String,
    /// The delegate (badge serial).
    pub serial: i64,
    /// Who at the desk.
    pub author: String,
    /// The fields changed.
    pub fields: Vec<FieldValue>,
}

fn cipher(secret: &[u8; 32]) -> chacha20poly1305::XChaCha20Poly1305 {
    use chacha20poly1305::KeyInit;
    chacha20poly1305::XChaCha20Poly1305::new(secret.into())
}

/// Seals a private value with the desks' secret.
pub fn seal(secret: &[u8; 32], value: &str) -> Result<String> {
    use chacha20poly1305::aead::Aead;
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce)
        .map_err(|e| super::NetworkError::Refused(format!("no randomness to seal a value: {e}")))?;
    let data = cipher(secret)
        .encrypt(chacha20poly1305::XNonce::from_slice(&nonce), value.as_bytes())
        .map_err(|_| super::NetworkError::Refused("a value could not be sealed".into()))?;
    Ok(format!(
        "sealed:{}:{}",
        data_encoding::HEXLOWER.encode(&nonce),
        data_encoding::HEXLOWER.encode(&data)
    ))
}

/// Opens a sealed value (`None`: not sealed, altered, or sealed with another secret).
pub fn unseal(secret: &[u8; 32], sealed: &str) -> Option<String> {
    use chacha20poly1305::aead::Aead;
    let rest = sealed.strip_prefix("sealed:")?;
    let (nonce, data) = rest.split_once(':')?;
    let nonce = data_encoding::HEXLOWER.decode(nonce.as_bytes()).ok()?;
    if nonce.len() != 24 {
        return None;
    }
    let data = data_encoding::HEXLOWER.decode(data.as_bytes()).ok()?;
    let plain = cipher(secret)
        .decrypt(chacha20poly1305::XNonce::from_slice(&nonce), data.as_ref())
        .ok()?;
    String::from_utf8(plain).ok()
}

/// Turns the delegates changed here since the last call into signed desk changes (stored,
/// queued to be sent). Nothing when this database is not a desk of a desk network. Returns
/// how many were made.
pub fn publish_pending(conn: &Connection) -> Result<u64> {
    if !desk_log::is_active(conn)? {
        return Ok(0);
    }
    if conn.is_autocommit() {
        let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
        let n = publish_in(&tx)?;
        tx.commit()?;
        return Ok(n);
    }
    publish_in(conn)
}

fn publish_in(conn: &Connection) -> Result<u64> {
    let pending = desk_log::pending(conn)?;
    let Some(last) = pending.last().map(|p| p.0) else {
        return Ok(0);
    };
    let own = identity::own(conn)?
        .ok_or_else(|| super::NetworkError::Refused("this desk has no station key yet".into()))?;
    let secret = desk_log::secret(conn)?
        .ok_or_else(|| super::NetworkError::Refused("this desk has no desks' secret".into()))?;
    let event = crate::registry::event::load(conn)?.code;
    let author: String = conn
        .query_row(
            "SELECT operator FROM audit WHERE entity = 'delegate' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| "desk".into());
    let mut made = 0;
    let mut by_serial: std::collections::BTreeMap<i64, Vec<Option<String>>> = Default::default();
    for (_, serial, force) in pending {
        by_serial.entry(serial).or_default().push(force);
    }
    for (serial, forces) in by_serial {
        let mut changed: Vec<(String, String)> = Vec::new();
        for force in &forces {
            for (k, v) in desk_log::local_changes(conn, serial, force.as_deref())? {
                if !changed.iter().any(|(c, _)| *c == k) {
                    changed.push((k, v));
                }
            }
        }
        if changed.is_empty() {
            continue;
        }
        let clock = hlc::tick(conn)?;
        let mut fields = Vec::new();
        let mut changes = Vec::new();
        for (field, value) in changed {
            let seen = desk_log::seen_now(conn, serial, &field)?;
            let carried = if door_visible(&field) {
                value.clone()
            } else {
                seal(&secret, &value)?
            };
            fields.push(FieldValue {
                field: field.clone(),
                value: carried,
                seen: seen.clone(),
            });
            changes.push(Change {
                signer: own.id.clone(),
                hlc: clock,
                serial,
                field,
                value,
                seen,
                author: author.clone(),
            });
        }
        let payload = DeskChange {
            event: event.clone(),
            signer: own.id.clone(),
            hlc: clock.encode(),
            serial,
            author: author.clone(),
            fields,
        };
        let bytes = serde_json::to_vec(&payload).map_err(|e| super::NetworkError::Refused(e.to_string()))?;
        let body = envelope::seal(DESK_HEADER, &bytes, &own.key);
        let key = item_key(&payload);
        conn.prepare_cached("INSERT OR IGNORE INTO desk_item(key, body) VALUES (?1, ?2)")?
            .execute(rusqlite::params![key, body])?;
        for c in &changes {
            desk_log::store_change(conn, &key, c)?;
        }
        if let Some(d) = crate::registry::delegates::get_without_photo(conn, serial)? {
            desk_log::set_shadow(conn, serial, &desk_log::state(conn, &d)?)?;
        }
        push_outbox(conn, ItemKind::Desk, &key, 0)?;
        made += 1;
    }
    desk_log::clear_pending(conn, last)?;
    Ok(made)
}

fn item_key(c: &DeskChange) -> String {
    format!("{}:{}:{}", c.signer, c.hlc, c.serial)
}

/// The signed bytes of a desk change known here.
pub fn desk_body(conn: &Connection, key: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT body FROM desk_item WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Every desk change known here, in key order.
pub fn for_each_desk_item(conn: &Connection, f: &mut dyn FnMut(Item) -> Result<()>) -> Result<()> {
    let has_table: bool = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'desk_item'",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !has_table {
        return Ok(());
    }
    let mut stmt = conn.prepare("SELECT key, body FROM desk_item ORDER BY key")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        f(Item {
            kind: ItemKind::Desk,
            key: r.get(0)?,
            revision: 0,
            body: r.get(1)?,
        })?;
    }
    Ok(())
}

/// Verifies and applies one desk change: its signer must hold a desk certificate here and
/// the signature verify against the certified key. At a door (not a desk of the network)
/// it is only acknowledged: doors judge from door records.
pub fn apply_desk(conn: &Connection, event_code: &str, item: &Item) -> Result<Outcome> {
    let checked = (|| {
        let o = envelope::open(&item.body).ok_or(RefusalReason::Malformed)?;
        if o.header != DESK_HEADER {
            return Err(RefusalReason::Malformed);
        }
        let c: DeskChange = serde_json::from_slice(o.payload).map_err(|_| RefusalReason::Malformed)?;
        if serde_json::to_vec(&c).ok().as_deref() != Some(o.payload) {
            return Err(RefusalReason::Malformed);
        }
        if c.event != event_code {
            return Err(RefusalReason::OtherEvent);
        }
        if item_key(&c) != item.key || item.revision != 0 || Hlc::parse(&c.hlc).is_none() || c.serial < 1 {
            return Err(RefusalReason::Malformed);
        }
        Ok((c, o))
    })();
    let (c, o) = match checked {
        Ok(x) => x,
        Err(r) => return Ok(Outcome::Refused(r)),
    };
    let Some(cert) = identity::cert(conn, &c.signer)? else {
        // Held until the desk's certificate comes (another file, a later hub batch).
        conn.prepare_cached(
            "INSERT OR IGNORE INTO held_item(kind, key, revision, body, reason) VALUES ('desk', ?1, 0, ?2, 'unknown_station')",
        )?
        .execute(rusqlite::params![item.key, item.body])?;
        return Ok(Outcome::Refused(RefusalReason::UnknownStation));
    };
    if cert.role != Role::Desk {
        return Ok(Outcome::Refused(RefusalReason::BadSignature));
    }
    let Some(key) = cert.key() else {
        return Ok(Outcome::Refused(RefusalReason::UnknownStation));
    };
    if !o.verifies(&key) {
        return Ok(Outcome::Refused(RefusalReason::BadSignature));
    }
    if let Some(known) = desk_body(conn, &item.key)? {
        return Ok(if known == item.body {
            Outcome::Known
        } else {
            Outcome::Refused(RefusalReason::Conflict)
        });
    }
    // A revoked desk: only what it changed before the revocation (up to the cut-off clock
    // the revoking desk had from it) is accepted.
    if !cert.revoked.is_empty() && (cert.cutoff.is_empty() || c.hlc > cert.cutoff) {
        return Ok(Outcome::Refused(RefusalReason::Revoked));
    }
    if let Some(known) = desk_body(conn, &item.key)? {
        return Ok(if known == item.body {
            Outcome::Known
        } else {
            Outcome::Refused(RefusalReason::Conflict)
        });
    }
    if !desk_log::is_active(conn)? {
        // A door: nothing of a desk change is for it.
        return Ok(Outcome::Known);
    }
    let Some(secret) = desk_log::secret(conn)? else {
        return Ok(Outcome::Known);
    };
    let clock = Hlc::parse(&c.hlc).unwrap_or_default();
    let mut changes = Vec::new();
    for f in &c.fields {
        let value = if door_visible(&f.field) {
            f.value.clone()
        } else {
            match unseal(&secret, &f.value) {
                Some(v) => v,
                None => return Ok(Outcome::Refused(RefusalReason::Malformed)),
            }
        };
        changes.push(Change {
            signer: c.signer.clone(),
            hlc: clock,
            serial: c.serial,
            field: f.field.clone(),
            value,
            seen: f.seen.clone(),
            author: c.author.clone(),
        });
    }
    // What this desk changed and has not published yet is published first, so the merge
    // sees it as concurrent (never overwritten unseen).
    publish_pending(conn)?;
    conn.prepare_cached("INSERT OR IGNORE INTO desk_item(key, body) VALUES (?1, ?2)")?
        .execute(rusqlite::params![item.key, item.body])?;
    for ch in &changes {
        desk_log::store_change(conn, &item.key, ch)?;
    }
    hlc::observe(conn, clock)?;
    let fields: Vec<String> = changes.iter().map(|c| c.field.clone()).collect();
    let by = desk_log::author_label(conn, &c.signer, &c.author)?;
    desk_log::materialize(conn, c.serial, &fields, &by)?;
    // Merging is not a local change: nothing to publish back.
    desk_log::clear_pending(conn, i64::MAX)?;
    Ok(Outcome::Accepted)
}

/// Applies the desk changes held for a certificate that had not come yet; returns how many
/// were applied now (those still without a certificate stay held).
pub fn retry_held(conn: &Connection, event_code: &str) -> Result<u64> {
    let held: Vec<Item> = conn
        .prepare_cached("SELECT key, body FROM held_item WHERE kind = 'desk' ORDER BY key")?
        .query_map([], |r| {
            Ok(Item {
                kind: ItemKind::Desk,
                key: r.get(0)?,
                revision: 0,
                body: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut n = 0;
    for item in held {
        let waiting = identity::cert(conn, &signer_of(&item.key))?.is_none();
        if waiting {
            continue;
        }
        conn.execute(
            "DELETE FROM held_item WHERE kind = 'desk' AND key = ?1",
            [&item.key],
        )?;
        if apply_desk(conn, event_code, &item)? == Outcome::Accepted {
            n += 1;
        }
    }
    Ok(n)
}

fn signer_of(key: &str) -> String {
    key.split(':').next().unwrap_or_default().to_string()
}

/// Revokes the certificate of station `station` (at the desk that holds the event key): a
/// newer certificate of the same key saying when, and for a desk the clock of its latest
/// change known here (its later changes are refused everywhere, and doors refuse its
/// version 2 passes for badges it did not issue before). Stored and queued to be sent.
pub fn revoke(conn: &Connection, station: &str) -> Result<identity::Certificate> {
    let old = identity::cert(conn, station)?.ok_or_else(|| {
        super::NetworkError::Refused(format!("no certificate of station {station} is known here"))
    })?;
    if !old.revoked.is_empty() {
        return Err(super::NetworkError::Refused(format!(
            "station {station} was already revoked at {}",
            old.revoked
        )));
    }
    let event_key = crate::registry::event::signing_key(conn)?;
    let cutoff: Option<String> = conn
        .prepare_cached("SELECT MAX(hlc) FROM desk_change WHERE signer = ?1")?
        .query_row([station], |r| r.get(0))?;
    let now = crate::registry::now_rfc3339();
    let c = identity::Certificate {
        revoked: now.clone(),
        cutoff: cutoff.unwrap_or_default(),
        issued_at: now,
        ..old
    };
    let payload = serde_json::to_vec(&c).map_err(|e| super::NetworkError::Refused(e.to_string()))?;
    let body = envelope::seal(envelope::CERT_HEADER, &payload, &event_key);
    identity::store_cert(conn, &c, &body)?;
    push_outbox(conn, ItemKind::Cert, station, 0)?;
    Ok(c)
}

#[cfg(test)]
mod seal_tests {
    use super::{seal, unseal};

    #[test]
    fn a_sealed_value_opens_only_with_its_secret_and_unaltered() {
        let secret = [7u8; 32];
        let sealed = seal(&secret, "anna.berger@bmeia.gv.at").unwrap();
        assert!(!sealed.contains("anna"), "{sealed}");
        assert_eq!(
            unseal(&secret, &sealed).as_deref(),
            Some("anna.berger@bmeia.gv.at")
        );
        // Two seals of one value differ (a fresh nonce each time).
        assert_ne!(seal(&secret, "anna.berger@bmeia.gv.at").unwrap(), sealed);
        // Another secret, or one flipped bit of the ciphertext: nothing opens.
        assert_eq!(unseal(&[8u8; 32], &sealed), None);
        let mut altered = sealed.clone().into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'0' { b'1' } else { b'0' };
        assert_eq!(unseal(&secret, &String::from_utf8(altered).unwrap()), None);
        assert_eq!(unseal(&secret, "not sealed"), None);
    }
}
