//! The door: judges a scanned payload and logs it durably before answering. The rule chain
//! is pure ([`super::rules`]); here the door gathers what it needs from SQLite, logs and
//! answers. Its context and day ([`context`]), its counters ([`counts`]), where it logs
//! ([`logs`]) and a supervisor's override and annulment ([`supervisor`]) have files of their
//! own.

mod context;
mod counts;
mod desk_pass;
mod logs;
mod supervisor;

pub use context::{ScanContext, Subject, checkout_moment, zone_code};
pub use counts::TodayCounts;
use logs::{Logs, logged};

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

use ed25519_dalek::VerifyingKey;
use rusqlite::Connection;
use time::UtcOffset;

use super::log::{self, LogEntry};
use super::rules::{self, RuleInput, Ruling};
use super::verdict::{Person, Verdict, VerdictCode};
use super::{CheckinError, Result};
use crate::i18n::Say;
use crate::pass;
use crate::registry::{Delegate, Event, Registry, RegistryError, delegates};

/// A door station: the event, its public key and the delegation names, cached so that a scan
/// costs one signature check, one delegate read, one log read and one durable insert.
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use accredit::{Registry, checkin::Door};
/// let mut reg = Registry::open(std::path::Path::new("door.sqlite3"))?;
/// let door = Door::open(&reg)?;
/// let ctx = door.context(None)?;
/// let verdict = door.scan(&mut reg, "AC1:AATIP15:...", &ctx)?;
/// println!("{} {}", verdict.code, verdict.detail);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Door {
    event: Event,
    key: VerifyingKey,
    offset: UtcOffset,
    station_id: String,
    delegation_names: HashMap<String, String>,
    station_names: HashMap<String, String>,
    since_checkpoint: AtomicU32,
}

// The GUI keeps a door in its state and may hand it to a worker thread.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Door>();
};

impl Clone for Door {
    fn clone(&self) -> Self {
        Self {
            event: self.event.clone(),
            key: self.key,
            offset: self.offset,
            station_id: self.station_id.clone(),
            delegation_names: self.delegation_names.clone(),
            station_names: self.station_names.clone(),
            since_checkpoint: AtomicU32::new(self.since_checkpoint.load(Ordering::Relaxed)),
        }
    }
}

/// Scans between two checkpoints run by [`Door::housekeeping`]; SQLite's own automatic
/// checkpoint comes after about 1,000 pages of log, some 250 scans.
pub const CHECKPOINT_EVERY: u32 = 100;

impl Door {
    /// Prepares a door on this registry (desk database or door copy).
    pub fn open(reg: &Registry) -> Result<Self> {
        let event = reg.event()?;
        let offset = event.offset()?;
        let delegation_names = reg
            .delegations(crate::registry::NameOrder::En)?
            .into_iter()
            .map(|d| (d.code, d.name_en))
            .collect();
        Ok(Self {
            key: reg.verifying_key()?,
            station_id: reg.station_id()?,
            station_names: super::stations::station_names(reg)?,
            event,
            offset,
            delegation_names,
            since_checkpoint: AtomicU32::new(0),
        })
    }

    /// The event served.
    pub fn event(&self) -> &Event {
        &self.event
    }

    /// This database's station id.
    pub fn station_id(&self) -> &str {
        &self.station_id
    }

    /// Station names by logged station (name where this database knows one).
    pub fn station_names(&self) -> &HashMap<String, String> {
        &self.station_names
    }

    /// The station as people know it (its name where known, else as logged).
    pub fn station_name(&self, station: &str) -> String {
        rules::station_name(&self.station_names, station)
    }

    /// Judges a scanned payload, appends the scan to the log and commits it durably
    /// (`synchronous=FULL`), and only then returns the verdict. Every scan is logged, even
    /// `INVALID` ones. Errors only for a bad context or a database failure (then nothing is
    /// logged and no verdict must be shown).
    pub fn scan(&self, reg: &mut Registry, payload: &str, ctx: &ScanContext) -> Result<Verdict> {
        let mut v = self.scan_batch(reg, &[payload], ctx)?;
        v.pop().ok_or(CheckinError::Registry(RegistryError::Invalid {
            field: "scan".into(),
            message: "no verdict".into(),
        }))
    }

    /// Judges several payloads that arrived together (a burst from a scanner pipe), in order,
    /// all at `ctx.at`, and logs them in ONE durable commit (group commit: one disk flush for
    /// the batch). A repeat inside the batch sees the earlier admission. Nothing is returned,
    /// so nothing may be shown, before the whole batch is durable; a failure logs none of them.
    pub fn scan_batch(
        &self,
        reg: &mut Registry,
        payloads: &[&str],
        ctx: &ScanContext,
    ) -> Result<Vec<Verdict>> {
        self.check_context(ctx)?;
        let operator = reg.operator().to_string();
        let day = self.day_of(ctx.at);
        let out = logged(reg, |log| {
            let mut out = Vec::with_capacity(payloads.len());
            for payload in payloads {
                let (j, person) = self.judge(log, payload, ctx, &day)?;
                out.push(self.record(log, j, person, ctx, day.clone(), None, operator.clone())?);
            }
            Ok(out)
        })?;
        let n = u32::try_from(payloads.len()).unwrap_or(u32::MAX);
        self.since_checkpoint.fetch_add(n, Ordering::Relaxed);
        Ok(out)
    }

    /// Housekeeping to call after a verdict was shown, when the door is idle: every
    /// [`CHECKPOINT_EVERY`] scans, copies the write-ahead log into the database file (a
    /// passive checkpoint) and then writes `meta.last_checkpoint`, which restarts the log
    /// from its beginning. Both cost disk flushes that would otherwise fall inside a later
    /// scan (SQLite's automatic checkpoint runs inside a commit, and the first commit after a
    /// restart flushes twice). Safe to skip; returns whether it ran.
    pub fn housekeeping(&self, reg: &Registry) -> Result<bool> {
        if self.since_checkpoint.load(Ordering::Relaxed) < CHECKPOINT_EVERY {
            return Ok(false);
        }
        self.since_checkpoint.store(0, Ordering::Relaxed);
        let (busy, log, done): (i64, i64, i64) = reg
            .conn()
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(RegistryError::from)?;
        if busy == 0 && log >= 0 && log == done {
            reg.set_meta("last_checkpoint", &crate::registry::now_rfc3339())?;
        }
        Ok(true)
    }

    fn find(&self, conn: &Connection, id: i64) -> Result<Option<Delegate>> {
        match delegates::get(conn, id) {
            Ok(d) => Ok(Some(d)),
            Err(RegistryError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn person(&self, d: Delegate) -> Person {
        let cat = self.event.category(&d.category);
        Person {
            delegate_id: d.id,
            display_name: d.display_name(),
            native_name: d.native_name.clone(),
            delegation_name: self
                .delegation_names
                .get(&d.delegation)
                .cloned()
                .unwrap_or_else(|| d.delegation.clone()),
            delegation_code: d.delegation,
            category_label: cat.map(|c| c.label.clone()).unwrap_or_else(|| d.category.clone()),
            category_colour: cat.map(|c| c.rgb()).unwrap_or([128, 128, 128]),
            category_code: d.category,
            photo: d.photo,
            attention: d.attention,
            badge_version: d.badge_version,
        }
    }

    /// Judges a payload (the rule chain in [`rules::judge`]) from what the log and the
    /// registry say; returns the ruling and the person it concerns.
    fn judge(
        &self,
        log: &Logs<'_>,
        payload: &str,
        ctx: &ScanContext,
        day: &str,
    ) -> Result<(Ruling, Option<Person>)> {
        // Version 1 with the event key; version 2 with its desk's certified key.
        let verified = pass::desk::verify_any(payload, &self.event.code, &self.key, |signer| {
            desk_pass::desk_key(log.main, signer)
        });
        let (pass, signer) = match verified {
            Ok((c, s)) => (Ok(c), s),
            Err(e) => (Err(e), None),
        };
        let serial = pass.as_ref().ok().and_then(|c| i64::try_from(c.serial).ok());
        let (delegate, prior) = match serial {
            Some(s) => (self.find(log.main, s)?, log.badge_day(s, day)?),
            None => (None, Vec::new()),
        };
        let at = log::format_at(ctx.at);
        let checkout = self.checkout_at(day);
        let ruling = rules::judge(&RuleInput {
            event: &self.event,
            pass: &pass,
            delegate: delegate.as_ref(),
            day,
            zone: ctx.zone.as_deref(),
            direction: ctx.direction,
            at: &at,
            checkout_at: &checkout,
            prior: &prior,
            offset: self.offset,
            station_names: &self.station_names,
        });
        let mut ruling = ruling;
        // Only the desk that issued the current version signs valid passes for it.
        if let Some(d) = &delegate {
            desk_pass::check_issuer(log.main, &mut ruling, d, signer.as_deref())?;
        }
        // A withdrawal's reason is shown at the door (a rejection's stays at the desk).
        if ruling.code == VerdictCode::Revoked
            && let Some(d) = &delegate
            && d.status == crate::registry::Status::Withdrawn
        {
            let reason = crate::registry::status::status_reason(log.main, d.id)?;
            if !reason.is_empty() {
                let detail = std::mem::take(&mut ruling.detail_say);
                ruling.set_detail(
                    Say::new("verdict-detail-with-reason")
                        .arg("detail", detail)
                        .arg("reason", reason),
                );
            }
        }
        let person = if ruling.serial.is_some() {
            delegate.map(|d| self.person(d))
        } else {
            None
        };
        Ok((ruling, person))
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        log: &Logs<'_>,
        j: Ruling,
        person: Option<Person>,
        ctx: &ScanContext,
        day: String,
        override_reason: Option<String>,
        operator: String,
    ) -> Result<Verdict> {
        let entry = LogEntry {
            uuid: uuid::Uuid::new_v4().hyphenated().to_string(),
            station: ctx.station.clone(),
            at: log::format_at(ctx.at),
            day,
            verdict: j.code,
            serial: j.serial,
            version: j.version,
            zone: ctx.zone.clone().unwrap_or_default(),
            override_reason: override_reason.unwrap_or_default(),
            operator,
            direction: ctx.direction.as_str().into(),
            annuls: String::new(),
        };
        self.log_and_answer(log, entry, j, person, ctx)
    }

    /// Logs an entry (through [`log::insert`], the one writer of the scan log) and builds
    /// the verdict shown for it.
    fn log_and_answer(
        &self,
        log: &Logs<'_>,
        entry: LogEntry,
        j: Ruling,
        person: Option<Person>,
        ctx: &ScanContext,
    ) -> Result<Verdict> {
        // Signed with the station key of the registry, written where the scan is logged.
        log::insert_via(log.main, log.write, &entry, log.spooled)?;
        let reason = (!entry.override_reason.is_empty()).then(|| entry.override_reason.clone());
        Ok(Verdict {
            code: j.code,
            headline: j.headline,
            direction: entry.direction,
            scan_id: entry.uuid,
            at: entry.at,
            day: entry.day,
            station: entry.station,
            zone: ctx.zone.clone(),
            serial: j.serial,
            version: j.version,
            person,
            earlier: j.earlier,
            detail: j.detail,
            override_reason: reason,
            operator: entry.operator,
            headline_say: j.headline_say,
            detail_say: j.detail_say,
        })
    }
}
