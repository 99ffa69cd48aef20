//! Applying scans signed by stations: the signature, the canonical encoding, the row's sanity
//! against the event, and scans held until their badge's record comes.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Ctx, Outcome, RefusalReason, opened};
use crate::checkin::log::{self, local_day, parse_at};
use crate::envelope::SCAN_HEADER;
use crate::network::identity;
use crate::network::scans::{self, ScanPayload};
use crate::network::{Item, ItemKind, Result};

/// Checks a scan item; `Ok` gives the payload and its signature.
fn check_scan(
    conn: &Connection,
    ctx: &Ctx,
    item: &Item,
) -> Result<std::result::Result<(ScanPayload, [u8; 64]), RefusalReason>> {
    let o = match opened(item, SCAN_HEADER) {
        Ok(o) => o,
        Err(r) => return Ok(Err(r)),
    };
    let Ok(p) = serde_json::from_slice::<ScanPayload>(o.payload) else {
        return Ok(Err(RefusalReason::Malformed));
    };
    if p.event != ctx.event.code {
        return Ok(Err(RefusalReason::OtherEvent));
    }
    if scans::payload(&p.event, &p.signer, &p.scan) != o.payload
        || p.scan.uuid != item.key
        || item.revision != 0
        || o.attachment.is_some()
    {
        return Ok(Err(RefusalReason::Malformed));
    }
    let cached = ctx.keys.borrow().get(&p.signer).copied();
    let key = match cached {
        Some(k) => k,
        None => {
            let k = identity::station_key(conn, &p.signer)?;
            ctx.keys.borrow_mut().insert(p.signer.clone(), k);
            k
        }
    };
    let Some(key) = key else {
        return Ok(Err(RefusalReason::UnknownStation));
    };
    if !ctx.preverified.contains(o.signed_with_signature(&item.body)) && !o.verifies(&key) {
        return Ok(Err(RefusalReason::BadSignature));
    }
    if let Err(r) = sanity(ctx, &p.scan) {
        return Ok(Err(r));
    }
    let cached = ctx.revoked.borrow().get(&p.signer).copied();
    let since = match cached {
        Some(s) => s,
        None => {
            let s = crate::network::revoke::revoked_since(conn, &p.signer)?;
            ctx.revoked.borrow_mut().insert(p.signer.clone(), s);
            s
        }
    };
    if let Some(since) = since
        && parse_at(&p.scan.at).is_none_or(|t| t >= since)
    {
        return Ok(Err(RefusalReason::Revoked));
    }
    Ok(Ok((p, o.signature.to_bytes())))
}

/// Row sanity that depends only on the row and the event.
fn sanity(ctx: &Ctx, e: &log::LogEntry) -> std::result::Result<(), RefusalReason> {
    let malformed = Err(RefusalReason::Malformed);
    if !super::texts::scan_texts_ok(e) {
        return malformed;
    }
    if uuid::Uuid::parse_str(&e.uuid).is_err()
        || e.station.trim().is_empty()
        || !(e.direction == "in" || e.direction == "out")
        || !(e.annuls.is_empty() || uuid::Uuid::parse_str(&e.annuls).is_ok())
    {
        return malformed;
    }
    let Some(at) = parse_at(&e.at) else {
        return malformed;
    };
    if log::format_at(at) != e.at {
        return malformed;
    }
    // An annulment belongs to the day of the scan it cancels, which may be earlier.
    let today = local_day(at, ctx.offset);
    let day_ok = if e.verdict == crate::checkin::VerdictCode::Annulled {
        e.day <= today
            && time::Date::parse(&e.day, &time::macros::format_description!("[year]-[month]-[day]")).is_ok()
    } else {
        today == e.day
    };
    if !day_ok {
        return Err(RefusalReason::BadDay);
    }
    // A scan more than a day from the event's days (a forged date, 2099) counts for nothing.
    if let Some((first, last)) = ctx.days
        && let Ok(day) = time::Date::parse(&e.day, &time::macros::format_description!("[year]-[month]-[day]"))
        && (day < first || day > last)
    {
        return Err(RefusalReason::OutsideEvent);
    }
    if !e.zone.is_empty() && !ctx.event.has_zone(&e.zone) {
        return Err(RefusalReason::UnknownZone);
    }
    // An admission names its badge; other rows may not (INVALID, UNREGISTERED, annulments).
    if e.verdict.admits() && (e.serial.is_none() || e.version.is_none()) {
        return malformed;
    }
    if e.serial.is_some_and(|s| s < 1) || e.version == Some(0) {
        return malformed;
    }
    Ok(())
}

/// Whether this station knows the badge serial at this version or a later one (a door's
/// delegate rows are its door records; a desk's are the registry).
fn badge_known(conn: &Connection, serial: i64, version: u32) -> Result<bool> {
    let v: Option<i64> = conn
        .prepare_cached("SELECT badge_version FROM delegate WHERE id = ?1")?
        .query_row([serial], |r| r.get(0))
        .optional()?;
    Ok(v.is_some_and(|v| v >= i64::from(version)))
}

pub(super) fn apply_scan(conn: &Connection, ctx: &Ctx, item: &Item, may_hold: bool) -> Result<Outcome> {
    let (p, sig) = match check_scan(conn, ctx, item)? {
        Ok(x) => x,
        Err(r) => return Ok(Outcome::Refused(r)),
    };
    let e = &p.scan;
    if let Some(here) = log::get(conn, &e.uuid)? {
        let row: (String, Option<Vec<u8>>, i64) = conn
            .prepare_cached("SELECT signer, signature, verified FROM checkin WHERE uuid = ?1")?
            .query_row([&e.uuid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        if here != *e {
            return Ok(Outcome::Refused(RefusalReason::Conflict));
        }
        if row.2 == 1 {
            return Ok(if row.0 == p.signer && row.1.as_deref() == Some(&sig[..]) {
                Outcome::Known
            } else {
                Outcome::Refused(RefusalReason::Conflict)
            });
        }
        // A row kept unverified from before signing, now arriving signed: verified now.
        conn.execute(
            "UPDATE checkin SET signer = ?1, signature = ?2, verified = 1 WHERE uuid = ?3",
            params![p.signer, sig.to_vec(), e.uuid],
        )?;
        return Ok(Outcome::Accepted);
    }
    if e.verdict.admits()
        && let (Some(serial), Some(version)) = (e.serial, e.version)
        && !badge_known(conn, serial, version)?
    {
        if may_hold {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO held_item(kind, key, revision, body, reason, serial, signer)
                 VALUES ('scan', ?1, 0, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                item.key,
                item.body,
                RefusalReason::UnknownBadge.as_str(),
                serial,
                p.signer
            ])?;
        }
        return Ok(Outcome::Refused(RefusalReason::UnknownBadge));
    }
    log::insert_signed(conn, e, &p.signer, &sig)?;
    Ok(Outcome::Accepted)
}

/// Retries the held scans waiting for one of `serials` (through the index on the serial,
/// so applying stays linear however many scans are held), and those held before the serial
/// was kept; returns how many were applied now.
pub(super) fn retry_held(conn: &Connection, ctx: &Ctx, serials: &[i64]) -> Result<u64> {
    let mut held: Vec<Item> = Vec::new();
    {
        let mut by_serial = conn.prepare_cached(
            "SELECT key, body FROM held_item WHERE kind = 'scan' AND serial = ?1 ORDER BY key",
        )?;
        let mut seen = std::collections::HashSet::new();
        for s in serials {
            if !seen.insert(*s) {
                continue;
            }
            let rows = by_serial.query_map([s], |r| {
                Ok(Item {
                    kind: ItemKind::Scan,
                    key: r.get(0)?,
                    revision: 0,
                    body: r.get(1)?,
                })
            })?;
            for row in rows {
                held.push(row?);
            }
        }
        let legacy = conn
            .prepare_cached(
                "SELECT key, body FROM held_item WHERE kind = 'scan' AND serial IS NULL ORDER BY key",
            )?
            .query_map([], |r| {
                Ok(Item {
                    kind: ItemKind::Scan,
                    key: r.get(0)?,
                    revision: 0,
                    body: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        held.extend(legacy);
    }
    let mut n = 0;
    for item in held {
        match apply_scan(conn, ctx, &item, false)? {
            Outcome::Refused(RefusalReason::UnknownBadge) => {
                // Still waiting: keep its serial (rows held before it was kept).
                if let Some(Ok(p)) = crate::envelope::open(&item.body)
                    .map(|o| serde_json::from_slice::<ScanPayload>(o.payload))
                {
                    conn.execute(
                        "UPDATE held_item SET serial = ?1, signer = ?2 WHERE kind = 'scan' AND key = ?3 AND serial IS NULL",
                        params![p.scan.serial, p.signer, item.key],
                    )?;
                }
                continue;
            }
            Outcome::Accepted => n += 1,
            _ => {}
        }
        conn.execute(
            "DELETE FROM held_item WHERE kind = 'scan' AND key = ?1",
            [&item.key],
        )?;
    }
    Ok(n)
}

/// Items held here, waiting for what they refer to.
pub fn held_count(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM held_item", [], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}
