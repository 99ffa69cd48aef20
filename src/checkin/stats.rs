//! Counts for the dashboard, the registry screen and `accredit stats`: per delegation and
//! category, accredited, printed, checked in (in total and by day), and arrivals per hour.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::Result;
use super::log::{local_day, parse_at};
use super::verdict::VerdictCode;
use crate::registry::{NameOrder, Registry, RegistryError};

/// Counts for one group of delegates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Delegates nominated (every status).
    pub nominated: u64,
    /// Delegates accredited.
    pub accredited: u64,
    /// Accredited delegates whose current badge version is printed.
    pub printed: u64,
    /// Delegates admitted at least once (any day, any station this log knows).
    pub checked_in: u64,
    /// Delegates admitted on each event day, in the order of [`Stats::days`].
    pub by_day: Vec<u64>,
}

/// One line of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// Delegation or category code.
    pub code: String,
    /// Delegation name (English) or category label.
    pub name: String,
    /// The counts.
    pub counts: Counts,
}

/// People arriving in one hour (event-local): first admission of a delegate on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HourCount {
    /// Event-local day.
    pub day: String,
    /// Hour of the day, 0 to 23.
    pub hour: u8,
    /// Delegates whose first admission that day fell in this hour.
    pub arrivals: u64,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// The event's days, the columns of every `by_day`.
    pub days: Vec<String>,
    /// Every delegate.
    pub total: Counts,
    /// Delegations with at least one delegate, in protocol order (English).
    pub by_delegation: Vec<Line>,
    /// Every category of the event, in event order.
    pub by_category: Vec<Line>,
    /// Arrivals per event-local hour, in time order, hours without arrivals left out.
    pub arrivals_per_hour: Vec<HourCount>,
    /// Scans logged, by verdict (every code, in [`VerdictCode::ALL`] order).
    pub scans_by_verdict: Vec<(VerdictCode, u64)>,
    /// Admissions of badges this registry copy does not know (overrides of `UNREGISTERED`).
    pub unattributed_admissions: u64,
    /// Admissions made without knowing an earlier one of the same badge, day and zone at
    /// another station (see [`super::double_entries`]).
    pub double_entries: u64,
    /// Per delegation with a nominee or a quota: nominated, accredited and the quotas.
    pub nominations: Vec<crate::registry::nominations::DelegationNominations>,
    /// Delegations that have not answered (no nominee), in protocol order (English): codes.
    pub not_answered: Vec<String>,
}

#[derive(Default)]
struct Acc {
    nominated: u64,
    accredited: u64,
    printed: u64,
    people: HashSet<i64>,
    by_day: HashMap<String, HashSet<i64>>,
}

impl Acc {
    fn add(&mut self, o: &Acc) {
        self.nominated += o.nominated;
        self.accredited += o.accredited;
        self.printed += o.printed;
        self.people.extend(&o.people);
        for (d, s) in &o.by_day {
            self.by_day.entry(d.clone()).or_default().extend(s);
        }
    }
    fn counts(&self, days: &[String]) -> Counts {
        Counts {
            nominated: self.nominated,
            accredited: self.accredited,
            printed: self.printed,
            checked_in: self.people.len() as u64,
            by_day: days
                .iter()
                .map(|d| self.by_day.get(d).map_or(0, |s| s.len() as u64))
                .collect(),
        }
    }
}

/// Computes the statistics from the registry and its scan log.
pub fn stats(reg: &Registry) -> Result<Stats> {
    reg.drain_spool()?;
    let conn = reg.conn();
    let event = reg.event()?;
    let offset = event.offset()?;
    let days: Vec<String> = event.days.iter().map(|d| d.date.clone()).collect();
    let sql = |e: rusqlite::Error| RegistryError::from(e);

    let mut groups: HashMap<(String, String), Acc> = HashMap::new();
    let mut stmt = conn
        .prepare_cached(
            "SELECT delegation, category, COUNT(*), \
             COALESCE(SUM(status = 'accredited'), 0), \
             COALESCE(SUM(status = 'accredited' AND printed_version >= badge_version), 0) \
             FROM delegate GROUP BY delegation, category",
        )
        .map_err(sql)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .map_err(sql)?;
    for row in rows {
        let (delegation, category, n, acc, printed) = row.map_err(sql)?;
        let g = groups.entry((delegation, category)).or_default();
        g.nominated = n.max(0) as u64;
        g.accredited = acc.max(0) as u64;
        g.printed = printed.max(0) as u64;
    }

    let mut hours: BTreeMap<(String, u8), u64> = BTreeMap::new();
    let mut unattributed = 0u64;
    let mut stmt = conn
        .prepare_cached(crate::checkin::with_admitting!(
            "SELECT c.serial, c.day, MIN(c.at), d.delegation, d.category FROM checkin c \
             LEFT JOIN delegate d ON d.id = c.serial \
             WHERE c.serial IS NOT NULL AND c.verdict IN {} \
             AND c.uuid NOT IN (SELECT annuls FROM checkin WHERE verdict = 'ANNULLED') \
             GROUP BY c.serial, c.day"
        ))
        .map_err(sql)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })
        .map_err(sql)?;
    for row in rows {
        let (serial, day, first, delegation, category) = row.map_err(sql)?;
        if let Some(t) = parse_at(&first) {
            let local = t.to_offset(offset);
            *hours.entry((local_day(t, offset), local.hour())).or_default() += 1;
        }
        match (delegation, category) {
            (Some(d), Some(c)) => {
                let g = groups.entry((d, c)).or_default();
                g.people.insert(serial);
                g.by_day.entry(day).or_default().insert(serial);
            }
            _ => unattributed += 1,
        }
    }

    let mut total = Acc::default();
    let mut per_delegation: HashMap<&str, Acc> = HashMap::new();
    let mut per_category: HashMap<&str, Acc> = HashMap::new();
    for ((d, c), g) in &groups {
        total.add(g);
        per_delegation.entry(d.as_str()).or_default().add(g);
        per_category.entry(c.as_str()).or_default().add(g);
    }
    let by_delegation = reg
        .delegations(NameOrder::En)?
        .into_iter()
        .filter_map(|d| {
            per_delegation.get(d.code.as_str()).map(|a| Line {
                counts: a.counts(&days),
                code: d.code,
                name: d.name_en,
            })
        })
        .collect();
    let empty = Acc::default();
    let by_category = event
        .categories
        .iter()
        .map(|c| Line {
            code: c.code.clone(),
            name: c.label.clone(),
            counts: per_category.get(c.code.as_str()).unwrap_or(&empty).counts(&days),
        })
        .collect();

    let mut by_verdict: Vec<(VerdictCode, u64)> = VerdictCode::ALL.iter().map(|&v| (v, 0)).collect();
    let mut stmt = conn
        .prepare_cached("SELECT verdict, COUNT(*) FROM checkin GROUP BY verdict")
        .map_err(sql)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .map_err(sql)?;
    for row in rows {
        let (code, n) = row.map_err(sql)?;
        if let Some(slot) = by_verdict.iter_mut().find(|(v, _)| v.as_str() == code) {
            slot.1 = n.max(0) as u64;
        }
    }

    Ok(Stats {
        total: total.counts(&days),
        days,
        by_delegation,
        by_category,
        arrivals_per_hour: hours
            .into_iter()
            .map(|((day, hour), arrivals)| HourCount { day, hour, arrivals })
            .collect(),
        scans_by_verdict: by_verdict,
        unattributed_admissions: unattributed,
        double_entries: super::double_entries(conn)?.len() as u64,
        nominations: crate::registry::nominations::by_delegation(conn)?,
        not_answered: crate::registry::nominations::not_answered(conn, NameOrder::En)?
            .into_iter()
            .map(|d| d.code)
            .collect(),
    })
}
