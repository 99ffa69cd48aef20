//! What a door shows about its log: the latest scans and the counters of a day (the
//! registry's log and the spool together).

use time::OffsetDateTime;

use super::Door;
use crate::checkin::Result;
use crate::checkin::log::{self, LogEntry};
use crate::checkin::verdict::VerdictCode;
use crate::registry::{Registry, RegistryError};

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
    /// Exit scans (`EXIT`).
    pub exits: u64,
    /// Annulments (`ANNULLED`).
    pub annulments: u64,
    /// Scans per verdict code, every code listed (zero included), in [`VerdictCode::ALL`] order.
    pub by_verdict: Vec<(VerdictCode, u64)>,
}

impl Door {
    /// The most recent `n` scans this log knows (spooled ones included), newest first.
    pub fn recent(&self, reg: &Registry, n: usize) -> Result<Vec<LogEntry>> {
        let mut all = log::recent(reg.conn(), n)?;
        if let Some(sp) = reg.spool()? {
            for e in log::recent(sp, n)? {
                if !all.iter().any(|a| a.uuid == e.uuid) {
                    all.push(e);
                }
            }
            all.sort_by(|a, b| (&b.at, &b.uuid).cmp(&(&a.at, &a.uuid)));
            all.truncate(n);
        }
        Ok(all)
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
                match code {
                    VerdictCode::Exit => c.exits += n,
                    VerdictCode::Annulled => c.annulments += n,
                    _ => {}
                }
                if code.admits() {
                    c.admissions += n;
                } else if code.refuses() {
                    c.refusals += n;
                }
                if let Some(slot) = c.by_verdict.iter_mut().find(|(v, _)| *v == code) {
                    slot.1 += n;
                }
            }
        }
        c.people_admitted = conn
            .prepare_cached(crate::checkin::with_admitting!(
                "SELECT COUNT(DISTINCT serial) FROM checkin c WHERE day = ?1 \
                 AND verdict IN {} \
                 AND c.uuid NOT IN (SELECT annuls FROM checkin WHERE verdict = 'ANNULLED')"
            ))
            .and_then(|mut s| s.query_row([&day], |r| r.get::<_, i64>(0)))
            .map_err(RegistryError::from)?
            .max(0) as u64;
        // Scans spooled while the registry was busy (and not yet moved into it).
        if let Some(sp) = reg.spool()? {
            let mut serials: Vec<i64> = Vec::new();
            for e in log::day(sp, &day)? {
                if log::get(conn, &e.uuid)?.is_some() {
                    continue;
                }
                c.scans += 1;
                match e.verdict {
                    VerdictCode::Exit => c.exits += 1,
                    VerdictCode::Annulled => c.annulments += 1,
                    _ => {}
                }
                if e.verdict.admits() {
                    c.admissions += 1;
                    if let Some(s) = e.serial
                        && !serials.contains(&s)
                        && !log::admitted_on(conn, s, &day)?
                    {
                        serials.push(s);
                    }
                } else if e.verdict.refuses() {
                    c.refusals += 1;
                }
                if let Some(slot) = c.by_verdict.iter_mut().find(|(v, _)| *v == e.verdict) {
                    slot.1 += 1;
                }
            }
            c.people_admitted += serials.len() as u64;
        }
        c.day = day;
        Ok(c)
    }
}
