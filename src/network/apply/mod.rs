//! Applying items from other stations: verify, refuse with a reason, apply, all in one
//! transaction.
//!
//! Order inside one call: certificates, then desk changes, then door records, then scans, then the scans held
//! earlier for a badge this station did not know (retried now that records may have come).
//! Acceptance depends only on the item and on what it refers to (the event, a certificate,
//! a record), never on when it arrives, so every station that has seen the same items holds
//! the same log and records.

mod certs;
mod reason;
mod revokes;
mod scan_items;
#[cfg(test)]
mod tests;
mod texts;

use std::collections::BTreeMap;

use super::{ApplyReport, Item, ItemKind, Result};
use crate::envelope::{self, Opened};
use crate::registry::{Event, Registry};

use certs::{apply_cert, apply_record};
pub use reason::RefusalReason;
use revokes::apply_revoke;
pub use scan_items::held_count;
use scan_items::{apply_scan, retry_held};

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
pub(super) struct Ctx {
    event: Event,
    /// The event's UTC offset (checked once: a malformed one fails the batch, never UTC).
    offset: time::UtcOffset,
    key: ed25519_dalek::VerifyingKey,
    door: bool,
    /// Certified station keys looked up so far (certificates are applied before any scan).
    keys: std::cell::RefCell<std::collections::HashMap<String, Option<ed25519_dalek::VerifyingKey>>>,
    /// Revocations looked up so far (revocations are applied before any scan).
    revoked: std::cell::RefCell<std::collections::HashMap<String, Option<time::OffsetDateTime>>>,
    /// The first and last day a scan may be dated (a day around the event's days).
    days: Option<(time::Date, time::Date)>,
    /// The signed bytes with their signature (`header\npayload\nsignature`) of scans
    /// verified before the write lock was taken, against their station's certified key (a
    /// station keeps its key for good, so the check stands).
    preverified: std::collections::HashSet<Vec<u8>>,
}

/// Verifies and applies `items` in one transaction (see [`super::apply()`]).
pub fn apply(reg: &mut Registry, items: &[Item]) -> Result<ApplyReport> {
    // The costly part, the scans' signatures, is checked before the write lock, so a scan
    // at this station waits only for the writes.
    let pre = preverify(reg, items)?;
    let mut batch = Batch::begin(reg)?;
    batch.ctx.preverified = pre;
    for kind in [
        ItemKind::Cert,
        ItemKind::Revoke,
        ItemKind::Desk,
        ItemKind::Record,
        ItemKind::Scan,
    ] {
        for item in items.iter().filter(|i| i.kind == kind) {
            batch.add(item)?;
        }
    }
    batch.finish()
}

/// Applying a stream of items in one transaction, for sources too large to hold in memory
/// (a file export with photos). Add certificates first, then desk changes, records, scans (a scan
/// before its signer's certificate is refused as `unknown_station`); nothing is written
/// unless [`Batch::finish`] runs.
pub struct Batch<'a> {
    tx: rusqlite::Transaction<'a>,
    ctx: Ctx,
    counts: BTreeMap<RefusalReason, u64>,
    report: ApplyReport,
    records: u64,
    /// Badge serials whose record was accepted in this batch (held scans waiting for them
    /// are retried at the end).
    serials: Vec<i64>,
}

impl<'a> Batch<'a> {
    /// Starts a batch: takes the database's write lock (immediate transaction, so a door
    /// scanning in another process makes this wait for the busy timeout instead of failing
    /// on a stale snapshot).
    pub fn begin(reg: &'a mut Registry) -> Result<Self> {
        let event = reg.event()?;
        let days = event_days(&event);
        let ctx = Ctx {
            revoked: Default::default(),
            preverified: Default::default(),
            days,
            offset: event.offset()?,
            event,
            key: reg.verifying_key()?,
            // A desk copy has no event key but is no door: its registry merges desk changes.
            door: reg.is_door_copy()? && !crate::registry::desk_log::is_active(reg.conn())?,
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
            serials: Vec::new(),
        })
    }

    /// Verifies and applies one item; returns its outcome (also counted in the report).
    pub fn add(&mut self, item: &Item) -> Result<Outcome> {
        let o = match item.kind {
            ItemKind::Cert => apply_cert(&self.tx, &self.ctx, item)?,
            ItemKind::Record => apply_record(&self.tx, &self.ctx, item)?,
            ItemKind::Revoke => apply_revoke(&self.tx, &self.ctx, item)?,
            ItemKind::Scan => apply_scan(&self.tx, &self.ctx, item, true)?,
            ItemKind::Desk => super::desk_changes::apply_desk(&self.tx, &self.ctx.event.code, item)?,
        };
        if item.kind == ItemKind::Record && o == Outcome::Accepted {
            self.records += 1;
            if let Ok(serial) = item.key.parse::<i64>() {
                self.serials.push(serial);
            }
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
            self.report.accepted += retry_held(&self.tx, &self.ctx, &self.serials)?;
        }
        // New certificates may name the desks that held desk changes were waiting for.
        self.report.accepted += super::desk_changes::retry_held(&self.tx, &self.ctx.event.code)?;
        self.tx.commit()?;
        self.report.refused = self.counts.into_iter().filter(|(_, n)| *n > 0).collect();
        Ok(self.report)
    }
}

/// The signatures of the scans in `items` that verify against their signer's certified key
/// as this database knows it now (read outside any write lock).
fn preverify(reg: &Registry, items: &[Item]) -> Result<std::collections::HashSet<Vec<u8>>> {
    #[derive(serde::Deserialize)]
    struct Signer {
        signer: String,
    }
    let mut keys: std::collections::HashMap<String, Option<ed25519_dalek::VerifyingKey>> = Default::default();
    let mut out = std::collections::HashSet::new();
    for item in items.iter().filter(|i| i.kind == ItemKind::Scan) {
        let Ok(o) = opened(item, crate::envelope::SCAN_HEADER) else {
            continue;
        };
        let Ok(s) = serde_json::from_slice::<Signer>(o.payload) else {
            continue;
        };
        let key = match keys.get(&s.signer) {
            Some(k) => *k,
            None => {
                let k = super::identity::station_key(reg.conn(), &s.signer)?;
                keys.insert(s.signer, k);
                k
            }
        };
        if key.is_some_and(|k| o.verifies(&k)) {
            out.insert(o.signed_with_signature(&item.body).to_vec());
        }
    }
    Ok(out)
}

/// A day before the event's first day to a day after its last (`None` without days).
fn event_days(event: &Event) -> Option<(time::Date, time::Date)> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let days: Vec<time::Date> = event
        .days
        .iter()
        .filter_map(|d| time::Date::parse(&d.date, &fmt).ok())
        .collect();
    let (first, last) = (days.iter().min()?, days.iter().max()?);
    Some((first.previous_day()?, last.next_day()?))
}

pub(super) fn opened<'a>(item: &'a Item, header: &str) -> std::result::Result<Opened<'a>, RefusalReason> {
    let o = envelope::open(&item.body).ok_or(RefusalReason::Malformed)?;
    if o.header != header {
        return Err(RefusalReason::Malformed);
    }
    Ok(o)
}

impl Opened<'_> {
    /// The item's bytes without the attachment: `header\npayload\nsignature`.
    pub(super) fn signed_with_signature<'b>(&self, body: &'b [u8]) -> &'b [u8] {
        let end = (self.signed.len() + 1 + 128).min(body.len());
        body.get(..end).unwrap_or(body)
    }
}
