//! Applying items signed by the event key: station certificates and door records.

use rusqlite::{Connection, OptionalExtension};

use super::{Ctx, Outcome, RefusalReason, opened};
use crate::envelope::{CERT_HEADER, RECORD_HEADER};
use crate::network::identity::{self, Certificate};
use crate::network::records::{self, DoorRecord, photo_hash};
use crate::network::{Item, Result};

pub(super) fn apply_cert(conn: &Connection, ctx: &Ctx, item: &Item) -> Result<Outcome> {
    let checked = (|| {
        let o = opened(item, CERT_HEADER)?;
        let c: Certificate = serde_json::from_slice(o.payload).map_err(|_| RefusalReason::Malformed)?;
        if c.event != ctx.event.code {
            return Err(RefusalReason::OtherEvent);
        }
        if !o.verifies(&ctx.key) {
            return Err(RefusalReason::BadSignature);
        }
        if c.station != item.key || item.revision != 0 || c.key().is_none() {
            return Err(RefusalReason::Malformed);
        }
        Ok(c)
    })();
    let c = match checked {
        Ok(c) => c,
        Err(r) => return Ok(Outcome::Refused(r)),
    };
    if let Some(old) = identity::cert(conn, &c.station)? {
        let old_body = identity::cert_body(conn, &c.station)?.unwrap_or_default();
        if old_body == item.body {
            return Ok(Outcome::Known);
        }
        // A station keeps its key for good: a certificate naming another key for a known
        // station would make its earlier scans fail here and pass elsewhere.
        if old.key() != c.key() {
            return Ok(Outcome::Refused(RefusalReason::Conflict));
        }
        // A revocation is final: a revoked certificate wins over any that is not (a copy of
        // the station's first certificate issued in the same second must not undo it);
        // otherwise the later one wins, then the greater bytes (the same choice everywhere).
        let rank = |revoked: &str, issued: &str, body: &[u8]| {
            (!revoked.is_empty(), issued.to_string(), body.to_vec())
        };
        if rank(&old.revoked, &old.issued_at, &old_body) > rank(&c.revoked, &c.issued_at, &item.body) {
            return Ok(Outcome::Refused(RefusalReason::Superseded));
        }
    }
    identity::store_cert(conn, &c, &item.body)?;
    Ok(Outcome::Accepted)
}

pub(super) fn apply_record(conn: &Connection, ctx: &Ctx, item: &Item) -> Result<Outcome> {
    let checked = (|| {
        let o = opened(item, RECORD_HEADER)?;
        let rec: DoorRecord = serde_json::from_slice(o.payload).map_err(|_| RefusalReason::Malformed)?;
        if rec.event != ctx.event.code {
            return Err(RefusalReason::OtherEvent);
        }
        if !o.verifies(&ctx.key) {
            return Err(RefusalReason::BadSignature);
        }
        if rec.serial.to_string() != item.key
            || rec.revision != item.revision
            || rec.revision < 1
            || rec.badge_version < 1
            || rec.family_name.trim().is_empty()
        {
            return Err(RefusalReason::Malformed);
        }
        if let Some(photo) = o.attachment
            && photo_hash(photo) != rec.photo
        {
            return Err(RefusalReason::Malformed);
        }
        Ok((rec, o))
    })();
    let (rec, o) = match checked {
        Ok(x) => x,
        Err(r) => return Ok(Outcome::Refused(r)),
    };
    if let Some((rev, signed, _)) = records::stored(conn, rec.serial)? {
        if rev == rec.revision {
            return Ok(if signed == o.signed_with_signature(&item.body) {
                Outcome::Known
            } else {
                Outcome::Refused(RefusalReason::Conflict)
            });
        }
        if rev > rec.revision {
            return Ok(Outcome::Refused(RefusalReason::Superseded));
        }
    }
    if ctx.event.category(&rec.category).is_none() || !has_delegation(conn, &rec.delegation)? {
        return Ok(Outcome::Refused(RefusalReason::UnknownCode));
    }
    if rec.zones.iter().any(|z| !ctx.event.has_zone(z)) {
        return Ok(Outcome::Refused(RefusalReason::UnknownCode));
    }
    if ctx.door {
        let photo = o.attachment;
        if photo.is_none() && !rec.photo.is_empty() {
            // No photo attached: acceptable only when the one stored here has that hash.
            let here = crate::registry::delegates::photo(conn, rec.serial)?;
            if here.as_deref().map(photo_hash).as_deref() != Some(rec.photo.as_str()) {
                return Ok(Outcome::Refused(RefusalReason::Malformed));
            }
        }
        records::write_delegate(conn, &rec, photo)?;
    }
    records::store(conn, &rec, o.signed_with_signature(&item.body))?;
    Ok(Outcome::Accepted)
}

fn has_delegation(conn: &Connection, code: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM delegation WHERE code = ?1")?
        .query_row([code], |_| Ok(()))
        .optional()?
        .is_some())
}
