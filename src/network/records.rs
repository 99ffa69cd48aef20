//! Door records: what a door needs about one delegate, published by the desk, signed by the
//! event key, with an increasing revision.
//!
//! The payload (header `accredit-record-1`, see [`crate::envelope`]):
//! `{"event":"AATIP15","serial":42,"revision":7,"badge_version":2,"status":"accredited",
//! "days":["2015-07-06"],"zones":[],"category":"DEL","delegation":"AT","title":"H.E. Ms.",
//! "given_name":"Anna","family_name":"MUSTER","native_name":"","attention":"",
//! "photo":"<SHA-256 of the JPEG, hex, or empty>"}`. No e-mail, external id or function: a
//! record holds only what a door may read. The photo travels after the signature as the
//! item's attachment, bound by the hash the record signs.
//!
//! - **Publishing.** Triggers on the `delegate` table (at a desk only) queue every changed
//!   delegate in `record_dirty`, whatever process or code path changed it (edit, status,
//!   reissue, import). [`publish_pending`] turns the queue into records: a delegate whose
//!   door-relevant fields did not change (a badge marked printed) gets no new revision.
//! - **Revisions** come from one counter per desk database (the highest stored plus one), so
//!   a later record always has a higher revision. A later step with several desks can keep
//!   this format by allocating serials in blocks per desk (each desk publishes only its own
//!   delegates); revisions then stay comparable per serial.
//! - **Applying.** A door keeps a record only when it verifies and is newer than the one it
//!   has, and writes it into its copy's delegate row, which the door judges from: a reissue,
//!   withdrawal, rejection, a new accreditation or an edited attention note reaches the door
//!   this way. A desk keeps received records but its own registry stays authoritative.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Item, ItemKind, NetworkError, Result, push_outbox};
use crate::envelope::{self, RECORD_HEADER};
use crate::registry::fields::{self, Class};
use crate::registry::{Delegate, Status, delegates, event};

/// A door record (the payload the event key signs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoorRecord {
    /// Event code.
    pub event: String,
    /// Badge serial (the delegate's id).
    pub serial: i64,
    /// Revision; a higher one replaces a lower one.
    pub revision: i64,
    /// Current badge version.
    pub badge_version: u32,
    /// Accreditation status.
    pub status: Status,
    /// Valid days (empty: every day).
    pub days: Vec<String>,
    /// The delegate's own zones (empty: the category's).
    pub zones: Vec<String>,
    /// Category code.
    pub category: String,
    /// Delegation code.
    pub delegation: String,
    /// Courtesy title.
    pub title: String,
    /// Given names.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Name in the person's own script.
    pub native_name: String,
    /// Note for the door staff.
    pub attention: String,
    /// SHA-256 of the photo (hex), empty for none.
    pub photo: String,
    /// The desk copy that issued the current badge version (its version 2 passes are the
    /// valid ones); empty, and left out of the payload, for the event key's desk.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub badge_signer: String,
    /// A withdrawal's reason, shown with the door's REVOKED (empty otherwise, and then not
    /// written: records without a reason keep their earlier bytes).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

impl DoorRecord {
    /// The record of a delegate as the registry has it now (revision 0: not yet published).
    /// Made from the door's view of the delegate ([`fields::only`] the [`Class::Door`]
    /// fields of the table), so no field of another class can reach a door.
    pub fn of(event: &str, d: &Delegate) -> Self {
        let d = &fields::only(d, &[Class::Door]);
        Self {
            event: event.to_string(),
            serial: d.id,
            revision: 0,
            badge_version: d.badge_version,
            status: d.status,
            days: d.days.clone(),
            zones: d.zones.clone(),
            category: d.category.clone(),
            delegation: d.delegation.clone(),
            title: d.title.clone(),
            given_name: d.given_name.clone(),
            family_name: d.family_name.clone(),
            native_name: d.native_name.clone(),
            attention: d.attention.clone(),
            photo: d.photo.as_deref().map(photo_hash).unwrap_or_default(),
            badge_signer: String::new(),
            reason: if d.status == Status::Withdrawn {
                d.status_reason.clone()
            } else {
                String::new()
            },
        }
    }

    /// "Title Given FAMILY", as the door shows it.
    pub fn display_name(&self) -> String {
        crate::text::display_name(&self.title, &self.given_name, &self.family_name)
    }
}

/// The SHA-256 of a photo, lower-case hex.
pub fn photo_hash(jpeg: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(&Sha256::digest(jpeg))
}

/// The stored record of a serial: (revision, signed bytes, record).
pub fn stored(conn: &Connection, serial: i64) -> Result<Option<(i64, Vec<u8>, DoorRecord)>> {
    let row: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT revision, signed FROM door_record WHERE serial = ?1")?
        .query_row([serial], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.and_then(|(rev, signed)| {
        let rec =
            envelope::open(&signed).and_then(|o| serde_json::from_slice::<DoorRecord>(o.payload).ok())?;
        Some((rev, signed, rec))
    }))
}

/// Publishes a record for every delegate changed since the last call (desk only; nothing to
/// do at a door). One transaction; returns the number of new records.
pub fn publish_pending(conn: &Connection) -> Result<u64> {
    let last: Option<i64> = conn.query_row("SELECT MAX(id) FROM record_dirty", [], |r| r.get(0))?;
    let Some(last) = last else {
        return Ok(0);
    };
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let n = publish_in(&tx, last)?;
    tx.commit()?;
    Ok(n)
}

fn publish_in(conn: &Connection, last: i64) -> Result<u64> {
    let key = match event::signing_key(conn) {
        Ok(k) => k,
        Err(crate::RegistryError::NoSigningKey) => {
            conn.execute("DELETE FROM record_dirty WHERE id <= ?1", [last])?;
            return Ok(0);
        }
        Err(e) => return Err(e.into()),
    };
    let code: String = conn.query_row("SELECT code FROM event WHERE id = 1", [], |r| r.get(0))?;
    let serials: Vec<i64> = conn
        .prepare("SELECT serial FROM record_dirty WHERE id <= ?1 GROUP BY serial ORDER BY MIN(id)")?
        .query_map([last], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // After a purge removed the records, the highest revision it saw is the floor.
    let mut next: i64 = conn.query_row(
        "SELECT MAX(COALESCE((SELECT MAX(revision) FROM door_record), 0),
                    COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'record_revision_floor'), 0)) + 1",
        [],
        |r| r.get(0),
    )?;
    let mut n = 0;
    for serial in serials {
        let d = match delegates::get(conn, serial) {
            Ok(d) => d,
            Err(crate::RegistryError::NotFound { .. }) => continue,
            Err(e) => return Err(e.into()),
        };
        let mut rec = DoorRecord::of(&code, &d);
        rec.badge_signer = crate::registry::desk_log::issuer(conn, serial)?;
        if let Some((_, _, old)) = stored(conn, serial)? {
            let mut same = old.clone();
            same.revision = 0;
            if same == rec {
                continue;
            }
        }
        rec.revision = next;
        next += 1;
        let payload = serde_json::to_vec(&rec).map_err(|e| NetworkError::Refused(e.to_string()))?;
        let signed = envelope::seal(RECORD_HEADER, &payload, &key);
        store(conn, &rec, &signed)?;
        push_outbox(conn, ItemKind::Record, &serial.to_string(), rec.revision)?;
        n += 1;
    }
    conn.execute("DELETE FROM record_dirty WHERE id <= ?1", [last])?;
    Ok(n)
}

/// Stores a verified record as the newest of its serial.
pub fn store(conn: &Connection, rec: &DoorRecord, signed: &[u8]) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO door_record(serial, revision, signed, photo_hash) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(serial) DO UPDATE SET revision = excluded.revision, signed = excluded.signed,
             photo_hash = excluded.photo_hash",
    )?
    .execute(params![rec.serial, rec.revision, signed, rec.photo])?;
    Ok(())
}

/// The item of a serial's newest record, with its photo attached.
pub fn record_item(conn: &Connection, serial: i64) -> Result<Option<Item>> {
    let row: Option<(i64, Vec<u8>, String)> = conn
        .prepare_cached("SELECT revision, signed, photo_hash FROM door_record WHERE serial = ?1")?
        .query_row([serial], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((revision, signed, hash)) = row else {
        return Ok(None);
    };
    Ok(Some(Item {
        kind: ItemKind::Record,
        key: serial.to_string(),
        revision,
        body: with_photo(conn, serial, signed, &hash)?,
    }))
}

fn with_photo(conn: &Connection, serial: i64, mut signed: Vec<u8>, hash: &str) -> Result<Vec<u8>> {
    if hash.is_empty() {
        return Ok(signed);
    }
    if let Some(photo) = delegates::photo(conn, serial)?
        && photo_hash(&photo) == hash
    {
        signed.push(b'\n');
        signed.extend_from_slice(&photo);
    }
    Ok(signed)
}

/// Every record known here, as items, by serial, one at a time.
pub fn for_each_record_item(conn: &Connection, f: &mut dyn FnMut(Item) -> Result<()>) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT r.serial, r.revision, r.signed, r.photo_hash, d.photo FROM door_record r
         LEFT JOIN delegate d ON d.id = r.serial ORDER BY r.serial",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (serial, revision): (i64, i64) = (r.get(0)?, r.get(1)?);
        let (mut body, hash): (Vec<u8>, String) = (r.get(2)?, r.get(3)?);
        let photo: Option<Vec<u8>> = r.get(4)?;
        if let Some(photo) = photo
            && !hash.is_empty()
            && photo_hash(&photo) == hash
        {
            body.push(b'\n');
            body.extend_from_slice(&photo);
        }
        f(Item {
            kind: ItemKind::Record,
            key: serial.to_string(),
            revision,
            body,
        })?;
    }
    Ok(())
}

/// Writes a verified, newer record into a door copy's delegate row (the door judges from
/// it). `photo`: the JPEG whose hash the record names (`None`: keep the stored one, which
/// the caller checked has that hash, or none when the record names no photo).
pub fn write_delegate(conn: &Connection, rec: &DoorRecord, photo: Option<&[u8]>) -> Result<()> {
    let now = crate::registry::now_rfc3339();
    let keep_photo = photo.is_none() && !rec.photo.is_empty();
    conn.prepare_cached(
        "INSERT INTO delegate (id, external_id, delegation, title, given_name, family_name, native_name,
             function, category, email, days, zones, photo, status, attention, badge_version,
             printed_version, created_at, updated_at, status_reason)
         VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6, '', ?7, '', ?8, ?9, ?10, ?11, ?12, ?13, 0, ?14, ?14, ?16)
         ON CONFLICT(id) DO UPDATE SET delegation = excluded.delegation, title = excluded.title,
             given_name = excluded.given_name, family_name = excluded.family_name,
             native_name = excluded.native_name, category = excluded.category, days = excluded.days,
             zones = excluded.zones,
             photo = CASE WHEN ?15 THEN delegate.photo ELSE excluded.photo END,
             status = excluded.status, attention = excluded.attention,
             status_reason = excluded.status_reason,
             badge_version = excluded.badge_version, updated_at = excluded.updated_at",
    )?
    .execute(params![
        rec.serial,
        rec.delegation,
        rec.title,
        rec.given_name,
        rec.family_name,
        rec.native_name,
        rec.category,
        rec.days.join(";"),
        rec.zones.join(";"),
        photo,
        rec.status.as_str(),
        rec.attention,
        rec.badge_version,
        now,
        keep_photo,
        rec.reason,
    ])?;
    crate::registry::desk_log::set_issuer(conn, rec.serial, &rec.badge_signer)?;
    Ok(())
}
