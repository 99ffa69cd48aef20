//! The door: judges a scanned payload and logs it durably before answering.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

use ed25519_dalek::VerifyingKey;
use rusqlite::{Connection, TransactionBehavior};
use time::{OffsetDateTime, UtcOffset};

use super::log::{self, LogEntry};
use super::verdict::{EarlierEntry, Person, Verdict, VerdictCode};
use super::{CheckinError, Result};
use crate::pass;
use crate::registry::{Delegate, Event, Registry, RegistryError, Status, delegates};

/// Where and when a scan happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanContext {
    /// Station name recorded in the log (by default the database's station id).
    pub station: String,
    /// Zone guarded by the station (`None`: the building entrance, no zone check).
    pub zone: Option<String>,
    /// Scan time.
    pub at: OffsetDateTime,
}

/// Whom a supervisor admits by override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    /// A scanned payload that is correctly signed (for example `UNREGISTERED` or
    /// `ALREADY_IN`). An `INVALID` payload cannot be overridden: look the person up by name.
    Payload(&'a str),
    /// A delegate found by name (forgotten badge).
    Delegate(i64),
}

/// Counters of one day at the door.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TodayCounts {
    /// The event-local day.
    pub day: String,
    /// Scans logged that day (every verdict).
    pub scans: u64,
    /// Distinct badges admitted that day (any zone, any station this log knows).
    pub people_admitted: u64,
    /// Scans that admitted (`ADMITTED`, `RE_ENTRY`, `OVERRIDE`).
    pub admissions: u64,
    /// Scans that refused.
    pub refusals: u64,
    /// Scans per verdict code, every code listed (zero included), in [`VerdictCode::ALL`] order.
    pub by_verdict: Vec<(VerdictCode, u64)>,
}

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
        let offset = event.offset();
        let delegation_names = reg
            .delegations(crate::registry::NameOrder::En)?
            .into_iter()
            .map(|d| (d.code, d.name_en))
            .collect();
        Ok(Self {
            key: reg.verifying_key()?,
            station_id: reg.station_id()?,
            event,
            offset,
            delegation_names,
            since_checkpoint: AtomicU32::new(0),
        })
    }

    /// Reloads the cached event, key and names (after the desk changed the event).
    pub fn reload(&mut self, reg: &Registry) -> Result<()> {
        *self = Self::open(reg)?;
        Ok(())
    }

    /// The event served.
    pub fn event(&self) -> &Event {
        &self.event
    }

    /// This database's station id.
    pub fn station_id(&self) -> &str {
        &self.station_id
    }

    /// A context for a scan now at this station, guarding `zone` (any case; checked).
    pub fn context(&self, zone: Option<&str>) -> Result<ScanContext> {
        let ctx = ScanContext {
            station: self.station_id.clone(),
            zone: zone.map(zone_code),
            at: OffsetDateTime::now_utc(),
        };
        self.check_context(&ctx)?;
        Ok(ctx)
    }

    /// Checks a context: the zone must be one of the event's zone codes (upper case: pass a
    /// zone typed by a person through [`zone_code`]), the station name 1 to 64 printable
    /// characters.
    pub fn check_context(&self, ctx: &ScanContext) -> Result<()> {
        if let Some(z) = &ctx.zone
            && !self.event.has_zone(z)
        {
            let known: Vec<&str> = self.event.zones.iter().map(|z| z.code.as_str()).collect();
            return Err(CheckinError::UnknownZone {
                zone: z.clone(),
                known: known.join(", "),
            });
        }
        let s = &ctx.station;
        if s.trim().is_empty() || s.chars().count() > 64 || s.chars().any(char::is_control) {
            return Err(CheckinError::BadStation(s.clone()));
        }
        Ok(())
    }

    /// The event-local day of a time.
    pub fn day_of(&self, at: OffsetDateTime) -> String {
        log::local_day(at, self.offset)
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
        let tx = reg
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(RegistryError::from)?;
        let day = self.day_of(ctx.at);
        let mut out = Vec::with_capacity(payloads.len());
        for payload in payloads {
            let j = self.judge(&tx, payload, ctx, &day)?;
            out.push(self.record(&tx, j, ctx, day.clone(), None, operator.clone())?);
        }
        tx.commit().map_err(RegistryError::from)?;
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

    /// Admits by a supervisor's override, with a reason (required) and the registry's operator
    /// (see [`Registry::set_operator`]); logged durably as `OVERRIDE`. Refuses an `INVALID`
    /// payload and an unknown delegate id.
    pub fn override_admit(
        &self,
        reg: &mut Registry,
        subject: Subject<'_>,
        reason: &str,
        ctx: &ScanContext,
    ) -> Result<Verdict> {
        self.check_context(ctx)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(CheckinError::EmptyReason);
        }
        let operator = reg.operator().to_string();
        let tx = reg
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(RegistryError::from)?;
        let day = self.day_of(ctx.at);
        let (serial, version, person) = match subject {
            Subject::Payload(p) => {
                let claims = pass::verify(p, &self.event.code, &self.key)
                    .map_err(|e| CheckinError::CannotOverride(e.to_string()))?;
                let serial = i64::try_from(claims.serial).unwrap_or(i64::MAX);
                let person = self.find(&tx, serial)?.map(|d| self.person(d));
                (serial, claims.version, person)
            }
            Subject::Delegate(id) => {
                let d = self.find(&tx, id)?.ok_or_else(|| RegistryError::NotFound {
                    what: "delegate with id",
                    reference: id.to_string(),
                })?;
                (id, d.badge_version, Some(self.person(d)))
            }
        };
        let earlier = self.earlier(&tx, serial, &day, ctx)?;
        let j = Judgement {
            code: VerdictCode::Override,
            serial: Some(serial),
            version: Some(version),
            person,
            earlier,
            detail: format!("admitted by override ({operator}): {reason}"),
        };
        let v = self.record(&tx, j, ctx, day, Some(reason.to_string()), operator)?;
        tx.commit().map_err(RegistryError::from)?;
        Ok(v)
    }

    /// The most recent `n` scans this log knows, newest first.
    pub fn recent(&self, reg: &Registry, n: usize) -> Result<Vec<LogEntry>> {
        Ok(log::recent(reg.conn(), n)?)
    }

    /// Counters for the event-local day of `at`.
    pub fn today_counts(&self, reg: &Registry, at: OffsetDateTime) -> Result<TodayCounts> {
        let day = self.day_of(at);
        let conn = reg.conn();
        let mut stmt = conn
            .prepare_cached("SELECT verdict, COUNT(*) FROM checkin WHERE day = ?1 GROUP BY verdict")
            .map_err(RegistryError::from)?;
        let rows = stmt
            .query_map([&day], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(RegistryError::from)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(RegistryError::from)?;
        let mut c = TodayCounts {
            by_verdict: VerdictCode::ALL.iter().map(|&v| (v, 0)).collect(),
            ..TodayCounts::default()
        };
        for (code, n) in rows {
            let n = n.max(0) as u64;
            c.scans += n;
            if let Some(code) = VerdictCode::parse(&code) {
                if code.admits() {
                    c.admissions += n;
                } else {
                    c.refusals += n;
                }
                if let Some(slot) = c.by_verdict.iter_mut().find(|(v, _)| *v == code) {
                    slot.1 += n;
                }
            }
        }
        c.people_admitted = conn
            .prepare_cached(
                "SELECT COUNT(DISTINCT serial) FROM checkin WHERE day = ?1 \
                 AND verdict IN ('ADMITTED', 'RE_ENTRY', 'OVERRIDE')",
            )
            .and_then(|mut s| s.query_row([&day], |r| r.get::<_, i64>(0)))
            .map_err(RegistryError::from)?
            .max(0) as u64;
        c.day = day;
        Ok(c)
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

    fn earlier(
        &self,
        conn: &Connection,
        serial: i64,
        day: &str,
        ctx: &ScanContext,
    ) -> Result<Option<EarlierEntry>> {
        let zone = ctx.zone.as_deref().unwrap_or("");
        Ok(
            log::first_admission(conn, serial, day, zone)?.map(|(at, station)| EarlierEntry {
                local: log::local_minute(&at, self.offset),
                at,
                station,
            }),
        )
    }

    /// The verdict, by precedence: INVALID > UNREGISTERED > REVOKED > NOT_ACCREDITED >
    /// NOT_TODAY > ZONE_DENIED > ALREADY_IN / RE_ENTRY > ADMITTED.
    fn judge(&self, conn: &Connection, payload: &str, ctx: &ScanContext, day: &str) -> Result<Judgement> {
        let claims = match pass::verify(payload, &self.event.code, &self.key) {
            Ok(c) => c,
            Err(e) => return Ok(Judgement::bare(VerdictCode::Invalid, e.to_string())),
        };
        let Ok(serial) = i64::try_from(claims.serial) else {
            return Ok(Judgement::bare(
                VerdictCode::Unregistered,
                "badge serial out of range".into(),
            ));
        };
        let mut j = Judgement {
            code: VerdictCode::Admitted,
            serial: Some(serial),
            version: Some(claims.version),
            person: None,
            earlier: None,
            detail: String::new(),
        };
        let Some(d) = self.find(conn, serial)? else {
            j.code = VerdictCode::Unregistered;
            j.detail = format!(
                "correctly signed badge {serial} v{} unknown to this station's copy of the registry \
                 (issued after the copy was made?): a supervisor decides",
                claims.version
            );
            return Ok(j);
        };
        let status = d.status;
        let current = d.badge_version;
        let own_days = d.days.clone();
        let own_zones = self.event.effective_zones(&d);
        j.person = Some(self.person(d));
        let refuse = |mut j: Judgement, code, detail: String| {
            j.code = code;
            j.detail = detail;
            Ok(j)
        };
        if claims.version > current {
            return refuse(
                j,
                VerdictCode::Unregistered,
                format!(
                    "correctly signed badge version {} is newer than this copy knows (v{current}): \
                     a supervisor decides",
                    claims.version
                ),
            );
        }
        if claims.version < current {
            return refuse(
                j,
                VerdictCode::Revoked,
                format!(
                    "badge version {} was replaced by version {current}",
                    claims.version
                ),
            );
        }
        match status {
            Status::Withdrawn | Status::Rejected => {
                // A withdrawal's reason is shown at the door (a rejection's stays at the desk).
                let reason = match status {
                    Status::Withdrawn => crate::registry::status::status_reason(conn, serial)?,
                    _ => String::new(),
                };
                let detail = if reason.is_empty() {
                    format!("accreditation {}", status.as_str())
                } else {
                    format!("accreditation {}: {reason}", status.as_str())
                };
                return refuse(j, VerdictCode::Revoked, detail);
            }
            Status::Pending => {
                return refuse(
                    j,
                    VerdictCode::NotAccredited,
                    "accreditation still pending".into(),
                );
            }
            Status::Accredited => {}
        }
        if !self.event.has_day(day) {
            let days: Vec<&str> = self.event.days.iter().map(|d| d.date.as_str()).collect();
            return refuse(
                j,
                VerdictCode::NotToday,
                format!("{day} is not a day of the event ({})", days.join(", ")),
            );
        }
        for list in [&claims.days, &own_days] {
            if !list.is_empty() && !list.iter().any(|d| d == day) {
                return refuse(
                    j,
                    VerdictCode::NotToday,
                    format!("valid on {} only, not {day}", list.join(", ")),
                );
            }
        }
        if let Some(zone) = &ctx.zone {
            for list in [&claims.zones, &own_zones] {
                if !list.is_empty() && !list.iter().any(|z| z == zone) {
                    return refuse(
                        j,
                        VerdictCode::ZoneDenied,
                        format!("zone {zone} is not on this badge ({})", list.join(", ")),
                    );
                }
            }
        }
        j.earlier = self.earlier(conn, serial, day, ctx)?;
        if let Some(e) = &j.earlier {
            if self.event.reentry {
                j.code = VerdictCode::ReEntry;
                j.detail = format!("re-entry; first entry {} at {}", e.local, e.station);
            } else {
                j.code = VerdictCode::AlreadyIn;
                j.detail = format!("already admitted {} at {}", e.local, e.station);
            }
        } else {
            j.detail = "welcome".into();
        }
        Ok(j)
    }

    fn record(
        &self,
        conn: &Connection,
        j: Judgement,
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
            override_reason: override_reason.clone().unwrap_or_default(),
            operator,
            direction: "in".into(),
            annuls: String::new(),
        };
        log::insert(conn, &entry)?;
        Ok(Verdict {
            code: j.code,
            scan_id: entry.uuid,
            at: entry.at,
            day: entry.day,
            station: entry.station,
            zone: ctx.zone.clone(),
            serial: j.serial,
            version: j.version,
            person: j.person,
            earlier: j.earlier,
            detail: j.detail,
            override_reason,
            operator: entry.operator,
        })
    }
}

/// A verdict before it is logged.
struct Judgement {
    code: VerdictCode,
    serial: Option<i64>,
    version: Option<u32>,
    person: Option<Person>,
    earlier: Option<EarlierEntry>,
    detail: String,
}

impl Judgement {
    fn bare(code: VerdictCode, detail: String) -> Self {
        Self {
            code,
            serial: None,
            version: None,
            person: None,
            earlier: None,
            detail,
        }
    }
}

/// A zone code as stored (trimmed, upper case), from a zone typed in any case, as the
/// import accepts it (`plenary` -> `PLENARY`).
pub fn zone_code(zone: &str) -> String {
    zone.trim().to_ascii_uppercase()
}
