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
mod scan_items;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use super::{ApplyReport, Item, ItemKind, Result};
use crate::envelope::{self, Opened};
use crate::registry::{Event, Registry};

use certs::{apply_cert, apply_record};
pub use reason::RefusalReason;
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
}

/// Verifies and applies `items` in one transaction (see [`super::apply()`]).
pub fn apply(reg: &mut Registry, items: &[Item]) -> Result<ApplyReport> {
    let mut batch = Batch::begin(reg)?;
    for kind in [ItemKind::Cert, ItemKind::Desk, ItemKind::Record, ItemKind::Scan] {
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
        })
    }

    /// Verifies and applies one item; returns its outcome (also counted in the report).
    pub fn add(&mut self, item: &Item) -> Result<Outcome> {
        let o = match item.kind {
            ItemKind::Cert => apply_cert(&self.tx, &self.ctx, item)?,
            ItemKind::Record => apply_record(&self.tx, &self.ctx, item)?,
            ItemKind::Scan => apply_scan(&self.tx, &self.ctx, item, true)?,
            ItemKind::Desk => super::desk_changes::apply_desk(&self.tx, &self.ctx.event.code, item)?,
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
        // New certificates may name the desks that held desk changes were waiting for.
        self.report.accepted += super::desk_changes::retry_held(&self.tx, &self.ctx.event.code)?;
        self.tx.commit()?;
        self.report.refused = self.counts.into_iter().filter(|(_, n)| *n > 0).collect();
        Ok(self.report)
    }
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
