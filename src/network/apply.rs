//! Applying items from other stations: verify, refuse with a reason, apply, all in one
//! transaction.
//!
//! Order inside one call: certificates, then door records, then scans, then the scans held
//! earlier for a badge this station did not know (retried now that records may have come).
//! Acceptance depends only on the item and on what it refers to (the event, a certificate,
//! a record), never on when it arrives, so every station that has seen the same items holds
//! the same log and records.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::identity::{self, Certificate};
use super::records::{self, DoorRecord, photo_hash};
use super::scans::{self, ScanPayload};
use super::{ApplyReport, Item, ItemKind, Result};
use crate::checkin::log::{self, local_day, parse_at};
use crate::envelope::{self, CERT_HEADER, Opened, RECORD_HEADER, SCAN_HEADER};
use crate::registry::{Event, Registry};

/// Why an item was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefusalReason {
    /// Not shaped like an item of its kind (bytes, header, JSON, key or revision that do not
    /// match, a scan not in canonical encoding, a photo that does not match its hash).
    Malformed,
    /// Made for another event (event code).
    OtherEvent,
    /// A scan whose signer has no certificate here.
    UnknownStation,
    /// The signature does not verify (with the event key for certificates and records, the
    /// station's certified key for scans).
    BadSignature,
    /// A row without a signature (a scan file from before signing).
    Unsigned,
    /// A scan whose day is not the event-local day of its time.
    BadDay,
    /// A scan at a zone the event does not have.
    UnknownZone,
    /// An admission of a badge serial or version no door record here knows yet; held, and
    /// applied when the record arrives.
    UnknownBadge,
    /// A record naming a category or delegation this event does not have.
    UnknownCode,
    /// A record or certificate older than the one here.
    Superseded,
    /// Same key as an item here, different content (a scan UUID, a record revision, a
    /// certificate naming another public key for a station known here).
    Conflict,
}

impl RefusalReason {
    /// Every reason, in report order.
    pub const ALL: [RefusalReason; 11] = [
        Self::Malformed,
        Self::OtherEvent,
        Self::UnknownStation,
        Self::BadSignature,
        Self::Unsigned,
        Self::BadDay,
        Self::UnknownZone,
        Self::UnknownBadge,
        Self::UnknownCode,
        Self::Superseded,
        Self::Conflict,
    ];

    /// Whether the refusal is normal in a healthy network: an older record or certificate
    /// (a replayed or older file) or an admission held until its record arrives. Every other
    /// reason means a damaged, foreign or forged item.
    pub fn is_routine(self) -> bool {
        matches!(self, Self::Superseded | Self::UnknownBadge)
    }

    /// The reason as printed: `bad_signature`, `unknown_station`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::OtherEvent => "other_event",
            Self::UnknownStation => "unknown_station",
            Self::BadSignature => "bad_signature",
            Self::Unsigned => "unsigned",
            Self::BadDay => "bad_day",
            Self::UnknownZone => "unknown_zone",
            Self::UnknownBadge => "unknown_badge",
            Self::UnknownCode => "unknown_code",
            Self::Superseded => "superseded",
            Self::Conflict => "conflict",
        }
    }
}

impl std::fmt::Display for RefusalReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// New, verified, applied.
    Accepted,
    /// Already known, identical.
    Known,
    /// Refused.
    Refused(RefusalReason),
}

/// What every check needs: the event and whether this station is a door.
struct Ctx {
    event: Event,
    /// The event's UTC offset (checked once: a malformed one fails the batch, never UTC).
    offset: time::UtcOffset,
    key: ed25519_dalek::VerifyingKey,
    door: bool,
    /// Certified station keys looked up so far (certificates are applied before any scan).
    keys: std::cell::RefCell<std::collections::HashMap<String, Option<ed25519_dalek::VerifyingKey>>>,
}

/// Verifies and applies `items` in one transaction (see [`super::apply`]).
pub fn apply(reg: &mut Registry, items: &[Item]) -> Result<ApplyReport> {
    let mut batch = Batch::begin(reg)?;
    for kind in [ItemKind::Cert, ItemKind::Record, ItemKind::Scan] {
        for item in items.iter().filter(|i| i.kind == kind) {
            batch.add(item)?;
        }
    }
    batch.finish()
}

/// Applying a stream of items in one transaction, for sources too large to hold in memory
/// (a file export with photos). Add certificates first, then records, then scans (a scan
/// before its signer's certificate is refused as `unknown_station`); nothing is written
/// unless [`Batch::finish`] runs.
pub struct Batch<'a> {
    tx: rusqlite::Transaction<'a>,
    ctx: Ctx,
    counts: BTreeMap<RefusalReason, u64>,
    report: ApplyReport,
    records: u64,
}

impl<'a> Batch<'a> {
    /// Starts a batch: takes the database's write lock (immediate transaction, so a door
    /// scanning in another process makes this wait for the busy timeout instead of failing
    /// on a stale snapshot).
    pub fn begin(reg: &'a mut Registry) -> Result<Self> {
        let event = reg.event()?;
        let ctx = Ctx {
            offset: event.offset()?,
            event,
            key: reg.verifying_key()?,
            door: reg.is_door_copy()?,
            keys: Default::default(),
        };
        let tx = reg
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        Ok(Self {
            tx,
            ctx,
            counts: BTreeMap::new(),
            report: ApplyReport::default(),
            records: 0,
        })
    }

    /// Verifies and applies one item; returns its outcome (also counted in the report).
    pub fn add(&mut self, item: &Item) -> Result<Outcome> {
        let o = match item.kind {
            ItemKind::Cert => apply_cert(&self.tx, &self.ctx, item)?,
            ItemKind::Record => apply_record(&self.tx, &self.ctx, item)?,
            ItemKind::Scan => apply_scan(&self.tx, &self.ctx, item, true)?,
        };
        if item.kind == ItemKind::Record && o == Outcome::Accepted {
            self.records += 1;
        }
        match o {
            Outcome::Accepted => self.report.accepted += 1,
            Outcome::Known => self.report.known += 1,
            Outcome::Refused(r) => *self.counts.entry(r).or_default() += 1,
        }
        Ok(o)
    }

    /// Retries the held scans when records came, commits, and reports.
    pub fn finish(mut self) -> Result<ApplyReport> {
        if self.records > 0 {
            // New records may name the badges that held scans were waiting for.
            self.report.accepted += retry_held(&self.tx, &self.ctx)?;
        }
        self.tx.commit()?;
        self.report.refused = self.counts.into_iter().filter(|(_, n)| *n > 0).collect();
        Ok(self.report)
    }
}

fn opened<'a>(item: &'a Item, header: &str) -> std::result::Result<Opened<'a>, RefusalReason> {
    let o = envelope::open(&item.body).ok_or(RefusalReason::Malformed)?;
    if o.header != header {
        return Err(RefusalReason::Malformed);
    }
    Ok(o)
}

fn apply_cert(conn: &Connection, ctx: &Ctx, item: &Item) -> Result<Outcome> {
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
        if (old.issued_at.as_str(), old_body.as_slice()) > (c.issued_at.as_str(), item.body.as_slice()) {
            return Ok(Outcome::Refused(RefusalReason::Superseded));
        }
    }
    identity::store_cert(conn, &c, &item.body)?;
    Ok(Outcome::Accepted)
}

fn apply_record(conn: &Connection, ctx: &Ctx, item: &Item) -> Result<Outcome> {
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

impl Opened<'_> {
    /// The item's bytes without the attachment: `header\npayload\nsignature`.
    fn signed_with_signature<'b>(&self, body: &'b [u8]) -> &'b [u8] {
        let end = (self.signed.len() + 1 + 128).min(body.len());
        body.get(..end).unwrap_or(body)
    }
}

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
    if !o.verifies(&key) {
        return Ok(Err(RefusalReason::BadSignature));
    }
    if let Err(r) = sanity(ctx, &p.scan) {
        return Ok(Err(r));
    }
    Ok(Ok((p, o.signature.to_bytes())))
}

/// Row sanity that depends only on the row and the event.
fn sanity(ctx: &Ctx, e: &log::LogEntry) -> std::result::Result<(), RefusalReason> {
    let malformed = Err(RefusalReason::Malformed);
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

fn apply_scan(conn: &Connection, ctx: &Ctx, item: &Item, may_hold: bool) -> Result<Outcome> {
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
                "INSERT OR IGNORE INTO held_item(kind, key, revision, body, reason) VALUES ('scan', ?1, 0, ?2, ?3)",
            )?
            .execute(params![item.key, item.body, RefusalReason::UnknownBadge.as_str()])?;
        }
        return Ok(Outcome::Refused(RefusalReason::UnknownBadge));
    }
    log::insert_signed(conn, e, &p.signer, &sig)?;
    Ok(Outcome::Accepted)
}

/// Retries the held scans; returns how many were applied now.
fn retry_held(conn: &Connection, ctx: &Ctx) -> Result<u64> {
    let held: Vec<Item> = conn
        .prepare("SELECT key, body FROM held_item WHERE kind = 'scan' ORDER BY key")?
        .query_map([], |r| {
            Ok(Item {
                kind: ItemKind::Scan,
                key: r.get(0)?,
                revision: 0,
                body: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut n = 0;
    for item in held {
        match apply_scan(conn, ctx, &item, false)? {
            Outcome::Refused(RefusalReason::UnknownBadge) => continue,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkin::{Door, ScanContext};
    use crate::network::{self, envelope};
    use crate::registry::Delegate;

    fn desk_and_door() -> (tempfile::TempDir, Registry, Registry) {
        let dir = tempfile::tempdir().unwrap();
        let desk = Registry::open(&dir.path().join("desk.sqlite3")).unwrap();
        let door = dir.path().join("door.sqlite3");
        crate::sync::package(&desk, &door).unwrap();
        let door = Registry::open(&door).unwrap();
        (dir, desk, door)
    }

    fn add(reg: &mut Registry, family: &str) -> (i64, String) {
        let d = Delegate {
            delegation: "AT".into(),
            family_name: family.into(),
            category: "DEL".into(),
            ..Delegate::default()
        };
        let id = reg.add_delegate(&d).unwrap();
        (id, crate::pass::issue(reg, &reg.delegate(id).unwrap()).unwrap())
    }

    fn scan(reg: &mut Registry, pass: &str) -> String {
        let door = Door::open(reg).unwrap();
        let ctx = ScanContext {
            station: door.station_id().to_string(),
            zone: None,
            at: crate::checkin::log::parse_at("2015-07-06T09:00:00+02:00").unwrap(),
            direction: Default::default(),
        };
        door.scan(reg, pass, &ctx).unwrap().scan_id
    }

    #[test]
    fn an_admission_of_an_unknown_badge_is_held_until_its_record_comes() {
        let (_dir, mut desk, mut door) = desk_and_door();
        let (id, pass) = add(&mut desk, "Late");
        let uuid = scan(&mut desk, &pass);
        let items = network::all_items(&desk).unwrap();
        let scan_item: Vec<Item> = items.iter().filter(|i| i.key == uuid).cloned().collect();
        let r = network::apply(&mut door, &scan_item).unwrap();
        assert_eq!(r.refused, vec![(RefusalReason::UnknownBadge, 1)]);
        assert_eq!(held_count(door.conn()).unwrap(), 1);
        let record: Vec<Item> = items
            .iter()
            .filter(|i| i.kind == ItemKind::Record && i.key == id.to_string())
            .cloned()
            .collect();
        let r = network::apply(&mut door, &record).unwrap();
        assert_eq!((r.accepted, r.refused_total()), (2, 0), "{r:?}");
        assert_eq!(held_count(door.conn()).unwrap(), 0);
        assert!(crate::checkin::log::get(door.conn(), &uuid).unwrap().is_some());
        // The door now knows the delegate from the record alone.
        assert_eq!(door.delegate(id).unwrap().family_name, "Late");
    }

    #[test]
    fn same_key_other_content_is_a_conflict_and_changes_nothing() {
        let (_dir, mut desk, mut door) = desk_and_door();
        let (_, pass) = add(&mut desk, "Known");
        let uuid = scan(&mut desk, &pass);
        // A different row under the same UUID, correctly signed by the desk's own station key.
        let mut e = crate::checkin::log::get(desk.conn(), &uuid).unwrap().unwrap();
        let (signer, key) = network::identity::signer(desk.conn()).unwrap();
        let code = desk.event().unwrap().code;
        let good = network::all_items(&desk).unwrap();
        network::apply(&mut door, &good).unwrap();
        e.operator = "someone else".into();
        let other = Item {
            kind: ItemKind::Scan,
            key: uuid.clone(),
            revision: 0,
            body: envelope::seal(
                envelope::SCAN_HEADER,
                &network::scans::payload(&code, &signer, &e),
                &key,
            ),
        };
        let r = network::apply(&mut door, &[other]).unwrap();
        assert_eq!(r.refused, vec![(RefusalReason::Conflict, 1)]);
        assert_ne!(
            crate::checkin::log::get(door.conn(), &uuid)
                .unwrap()
                .unwrap()
                .operator,
            "someone else"
        );
        // A certificate naming the door's own id with another key (signed by the event key:
        // the desk itself refuses to make one) is refused too.
        let own = network::identity::own(door.conn()).unwrap().unwrap();
        let stranger = ed25519_dalek::SigningKey::from_bytes(&[5; 32]);
        assert!(
            network::identity::certify(
                desk.conn(),
                &own.id,
                "Impostor",
                network::Role::Door,
                &stranger.verifying_key()
            )
            .is_err()
        );
        let c = network::Certificate {
            event: code.clone(),
            station: own.id.clone(),
            name: "Impostor".into(),
            role: network::Role::Door,
            public_key: data_encoding::HEXLOWER.encode(stranger.verifying_key().as_bytes()),
            issued_at: "2099-01-01T00:00:00Z".into(),
        };
        let body = envelope::seal(
            envelope::CERT_HEADER,
            &serde_json::to_vec(&c).unwrap(),
            &desk.signing_key().unwrap(),
        );
        let r = network::apply(
            &mut door,
            &[Item {
                kind: ItemKind::Cert,
                key: own.id.clone(),
                revision: 0,
                body,
            }],
        )
        .unwrap();
        assert_eq!(r.refused, vec![(RefusalReason::Conflict, 1)]);
        assert!(network::identity::own(door.conn()).unwrap().unwrap().certified);
    }

    #[test]
    fn a_scan_whose_day_does_not_match_its_time_is_refused() {
        let (_dir, mut desk, mut door) = desk_and_door();
        let (_, pass) = add(&mut desk, "Day");
        let uuid = scan(&mut desk, &pass);
        let mut e = crate::checkin::log::get(desk.conn(), &uuid).unwrap().unwrap();
        let (signer, key) = network::identity::signer(desk.conn()).unwrap();
        let code = desk.event().unwrap().code;
        e.uuid = uuid::Uuid::new_v4().to_string();
        e.day = "2015-07-07".into();
        let mut zoned = e.clone();
        zoned.uuid = uuid::Uuid::new_v4().to_string();
        zoned.day = "2015-07-06".into();
        zoned.zone = "NOWHERE".into();
        let item = |e: &crate::checkin::LogEntry| Item {
            kind: ItemKind::Scan,
            key: e.uuid.clone(),
            revision: 0,
            body: envelope::seal(
                envelope::SCAN_HEADER,
                &network::scans::payload(&code, &signer, e),
                &key,
            ),
        };
        let r = network::apply(&mut door, &[item(&e), item(&zoned)]).unwrap();
        assert_eq!(
            r.refused,
            vec![(RefusalReason::BadDay, 1), (RefusalReason::UnknownZone, 1)]
        );
    }

    #[test]
    fn a_record_whose_photo_does_not_match_its_hash_is_refused() {
        let (_dir, mut desk, mut door) = desk_and_door();
        let (id, _) = add(&mut desk, "Photo");
        let mut d = desk.delegate(id).unwrap();
        let img = image::RgbImage::from_fn(60, 80, |x, y| image::Rgb([x as u8, y as u8, 9]));
        let mut png = std::io::Cursor::new(Vec::new());
        img.write_to(&mut png, image::ImageFormat::Png).unwrap();
        d.photo = Some(crate::registry::photo::normalize(png.get_ref()).unwrap());
        desk.update_delegate(&d).unwrap();
        let mut items: Vec<Item> = network::all_items(&desk)
            .unwrap()
            .into_iter()
            .filter(|i| i.kind == ItemKind::Record && i.key == id.to_string())
            .collect();
        let good = items[0].clone();
        if let Some(last) = items[0].body.last_mut() {
            *last ^= 0xff;
        }
        let r = network::apply(&mut door, &items).unwrap();
        assert_eq!(r.refused, vec![(RefusalReason::Malformed, 1)]);
        assert!(door.delegate(id).is_err());
        // Without the photo attached, a door that has no photo of that hash refuses it too.
        let signed = envelope::open(&good.body).unwrap();
        let bare = good.body[..signed.signed.len() + 129].to_vec();
        items = vec![Item {
            body: bare,
            ..good.clone()
        }];
        let r = network::apply(&mut door, &items).unwrap();
        assert_eq!(r.refused, vec![(RefusalReason::Malformed, 1)]);
        let r = network::apply(&mut door, &[good]).unwrap();
        assert_eq!(r.accepted, 1);
        assert_eq!(door.delegate(id).unwrap().photo, d.photo);
    }
}
