//! Who is inside now: the evacuation roll, from the scan log.
//!
//! A person is inside a zone (the entrance: zone `""`, the building) from an admission until
//! an exit of that zone or of the entrance, or until the event's automatic check-out time
//! of that day ([`crate::registry::Event::checkout`]); annulled scans do not count. Only the
//! scans of the current event-local day matter: nobody is inside from yesterday.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use time::OffsetDateTime;

use super::log::{self, LogEntry};
use super::rules;
use super::{CheckinError, Result};
use crate::Registry;
use crate::badge::participants::{ListItem, write_list_pdf};
use crate::registry::{NameOrder, RegistryError};
use crate::text::fold;

/// One person inside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inside {
    /// Badge serial (delegate id).
    pub serial: i64,
    /// "Title Given FAMILY", or `badge N` when this registry copy does not know the serial.
    pub name: String,
    /// Delegation code (empty when unknown).
    pub delegation: String,
    /// Delegation name in English.
    pub delegation_name: String,
    /// Category code.
    pub category: String,
    /// The zones the person is inside (`""`: the entrance, i.e. the building), in event order.
    pub zones: Vec<String>,
    /// Time of entry (the earliest entry that still counts), RFC 3339 UTC.
    pub since: String,
    /// Time of entry in the event's local time, `09:12`.
    pub since_local: String,
    /// The station of that entry, by name where known.
    pub station: String,
}

/// People inside one zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoneCount {
    /// Zone code, `""` for the entrance.
    pub zone: String,
    /// "Entrance" or the zone's name.
    pub name: String,
    /// People inside.
    pub inside: u64,
}

/// Who is inside at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Presence {
    /// Event-local day.
    pub day: String,
    /// The moment, event-local: `2015-07-06 11:00`.
    pub at_local: String,
    /// The zone asked for (`None`: everybody anywhere).
    pub zone: Option<String>,
    /// The people, by delegation in protocol order, then family and given name.
    pub people: Vec<Inside>,
    /// People inside per zone: the entrance first, then the event's zones.
    pub per_zone: Vec<ZoneCount>,
    /// People inside anywhere (each person once).
    pub total: u64,
}

/// Pure: for each serial inside somewhere at `at`, the zones it is inside and the entry that
/// counts in each, from the scans of one day.
pub fn inside_now<'a>(
    scans: &'a [LogEntry],
    at: &str,
    checkout_at: &str,
) -> BTreeMap<i64, Vec<(String, &'a LogEntry)>> {
    let mut index: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, e) in scans.iter().enumerate() {
        if let Some(s) = e.serial {
            index.entry(s).or_default().push(i);
        }
    }
    let mut out = BTreeMap::new();
    for (serial, idx) in index {
        let own: Vec<LogEntry> = idx.iter().map(|&i| scans[i].clone()).collect();
        let zones: HashSet<&str> = own
            .iter()
            .filter(|e| e.verdict.admits())
            .map(|e| e.zone.as_str())
            .collect();
        let mut inside = Vec::new();
        for z in zones {
            if let Some(e) = rules::standing(&own, z, at, checkout_at).inside_since {
                // Point back into `scans`, which outlives this function's copies.
                if let Some(&i) = idx.iter().find(|&&i| scans[i].uuid == e.uuid) {
                    inside.push((z.to_string(), &scans[i]));
                }
            }
        }
        if !inside.is_empty() {
            inside.sort_by(|a, b| a.0.cmp(&b.0));
            out.insert(serial, inside);
        }
    }
    out
}

/// Who is inside at `at` (now, or a rehearsal time), in `zone` (`None`: anywhere).
pub fn presence(reg: &Registry, at: OffsetDateTime, zone: Option<&str>) -> Result<Presence> {
    let event = reg.event()?;
    let offset = event.offset()?;
    if let Some(z) = zone
        && !event.has_zone(z)
    {
        let known: Vec<&str> = event.zones.iter().map(|z| z.code.as_str()).collect();
        return Err(CheckinError::UnknownZone {
            zone: z.to_string(),
            known: known.join(", "),
        });
    }
    let day = log::local_day(at, offset);
    let at_s = log::format_at(at);
    let checkout = super::checkout_moment(&day, &event.checkout, offset);
    let scans = log::day(reg.conn(), &day)?;
    let inside = inside_now(&scans, &at_s, &checkout);
    let names = super::station_names(reg)?;
    let zone_rank = |z: &str| {
        if z.is_empty() {
            0
        } else {
            event
                .zones
                .iter()
                .position(|x| x.code == z)
                .map_or(usize::MAX, |p| p + 1)
        }
    };
    let mut per_zone: Vec<ZoneCount> = std::iter::once(ZoneCount {
        zone: String::new(),
        name: "Entrance".into(),
        inside: 0,
    })
    .chain(event.zones.iter().map(|z| ZoneCount {
        zone: z.code.clone(),
        name: z.name.clone(),
        inside: 0,
    }))
    .collect();
    let delegations = reg.delegations(NameOrder::En)?;
    let rank: HashMap<&str, usize> = delegations
        .iter()
        .enumerate()
        .map(|(i, d)| (d.code.as_str(), i))
        .collect();
    let dname: HashMap<&str, &str> = delegations
        .iter()
        .map(|d| (d.code.as_str(), d.name_en.as_str()))
        .collect();
    let mut people = Vec::new();
    let mut total = 0;
    for (serial, mut zones) in inside {
        for (z, _) in &zones {
            if let Some(c) = per_zone.iter_mut().find(|c| &c.zone == z) {
                c.inside += 1;
            }
        }
        total += 1;
        if let Some(want) = zone {
            zones.retain(|(z, _)| z == want);
            if zones.is_empty() {
                continue;
            }
        }
        zones.sort_by_key(|(z, _)| zone_rank(z));
        let first = zones
            .iter()
            .map(|(_, e)| *e)
            .min_by(|a, b| (&a.at, &a.uuid).cmp(&(&b.at, &b.uuid)))
            .ok_or(RegistryError::Invalid {
                field: "presence".into(),
                message: "no entry".into(),
            })?;
        let local = log::local_minute(&first.at, offset);
        let mut p = Inside {
            serial,
            name: format!("badge {serial}"),
            delegation: String::new(),
            delegation_name: String::new(),
            category: String::new(),
            zones: zones.iter().map(|(z, _)| z.clone()).collect(),
            since: first.at.clone(),
            since_local: local.get(11..).unwrap_or(&local).to_string(),
            station: rules::station_name(&names, &first.station),
        };
        let mut key = (usize::MAX, String::new());
        match crate::registry::delegates::get_without_photo(reg.conn(), serial) {
            Ok(Some(d)) => {
                p.name = d.display_name();
                p.delegation_name = dname
                    .get(d.delegation.as_str())
                    .map_or(d.delegation.clone(), |n| n.to_string());
                key = (
                    rank.get(d.delegation.as_str()).copied().unwrap_or(usize::MAX - 1),
                    format!("{}\u{0}{}", fold(&d.family_name), fold(&d.given_name)),
                );
                p.delegation = d.delegation;
                p.category = d.category;
            }
            Ok(None) => {}
            Err(e) => return Err(e.into()),
        }
        people.push((key, p));
    }
    people.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.serial.cmp(&b.1.serial)));
    Ok(Presence {
        day,
        at_local: log::local_minute(&at_s, offset),
        zone: zone.map(str::to_string),
        people: people.into_iter().map(|(_, p)| p).collect(),
        per_zone,
        total,
    })
}

/// A zone as people read it: `Entrance` for `""`.
pub fn zone_label(zone: &str) -> &str {
    if zone.is_empty() { "Entrance" } else { zone }
}

/// The CSV columns of the roll.
pub const CSV_HEADER: [&str; 9] = [
    "delegation",
    "delegation_name",
    "name",
    "category",
    "zones",
    "since",
    "since_local",
    "station",
    "serial",
];

/// Writes the roll as CSV (header [`CSV_HEADER`]; zones `;`-separated, `Entrance` for the
/// building); spreadsheet-safe like every CSV accredit writes.
pub fn write_csv(p: &Presence, w: impl Write) -> Result<()> {
    let mut out = csv::Writer::from_writer(w);
    let csv_err = |e: csv::Error| CheckinError::Csv(e.to_string());
    out.write_record(CSV_HEADER).map_err(csv_err)?;
    for i in &p.people {
        let zones: Vec<&str> = i.zones.iter().map(|z| zone_label(z)).collect();
        let row = [
            i.delegation.clone(),
            i.delegation_name.clone(),
            i.name.clone(),
            i.category.clone(),
            zones.join(";"),
            i.since.clone(),
            i.since_local.clone(),
            i.station.clone(),
            i.serial.to_string(),
        ];
        out.write_record(row.iter().map(|c| crate::csv_io::neutralise(c).into_owned()))
            .map_err(csv_err)?;
    }
    out.flush().map_err(|e| CheckinError::Csv(e.to_string()))?;
    Ok(())
}

/// The roll as text lines: a heading, then one block per delegation with one line per person
/// (`  09:12  Title Given FAMILY (CATEGORY) [zones]`).
pub fn text(p: &Presence) -> String {
    let zone = p
        .zone
        .as_deref()
        .map(|z| format!(" in zone {z}"))
        .unwrap_or_default();
    let mut s = format!(
        "Inside now{zone} ({}): {} people\n",
        p.at_local,
        if p.zone.is_some() {
            p.people.len() as u64
        } else {
            p.total
        }
    );
    let mut last = None;
    for i in &p.people {
        if last != Some(&i.delegation) {
            let name = if i.delegation.is_empty() {
                "Not in this registry".to_string()
            } else {
                format!("{} {}", i.delegation, i.delegation_name)
            };
            s += &format!("{name}\n");
            last = Some(&i.delegation);
        }
        s += &format!("  {}  {}", i.since_local, i.name);
        if !i.category.is_empty() {
            s += &format!(" ({})", i.category);
        }
        let zones: Vec<&str> = i.zones.iter().map(|z| zone_label(z)).collect();
        s += &format!("  [{}]  {}\n", zones.join(", "), i.station);
    }
    s
}

/// Writes the roll to `out`: `.csv` or `.pdf` (the participants list's layout: by delegation,
/// time of entry before each name), through a temporary file renamed into place.
pub fn write_file(reg: &Registry, p: &Presence, out: &Path) -> Result<usize> {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if ext != "pdf" && ext != "csv" {
        return Err(CheckinError::Csv(format!(
            "{}: the output must end in .pdf or .csv",
            out.display()
        )));
    }
    let title = reg.event()?.title;
    let io = |action: &'static str, e: std::io::Error| {
        CheckinError::Csv(format!("{action} {}: {e}", out.display()))
    };
    crate::atomic_file::write(out, io, |w| {
        if ext == "csv" {
            write_csv(p, w)
        } else {
            let mut items = Vec::new();
            let mut last = None;
            for i in &p.people {
                if last != Some(&i.delegation) {
                    items.push(ListItem::Group(if i.delegation.is_empty() {
                        "Not in this registry".to_string()
                    } else {
                        i.delegation_name.clone()
                    }));
                    last = Some(&i.delegation);
                }
                let zones: Vec<&str> = i.zones.iter().map(|z| zone_label(z)).collect();
                items.push(ListItem::Person(format!(
                    "{}  {}, {} ({})",
                    i.since_local,
                    i.name,
                    i.category,
                    zones.join(", ")
                )));
            }
            let zone = p
                .zone
                .as_deref()
                .map(|z| format!(", zone {z}"))
                .unwrap_or_default();
            let sub = format!(
                "Inside at {}{zone}: {} people (evacuation roll)",
                p.at_local,
                p.people.len()
            );
            let mut w = w;
            write_list_pdf(&title, &sub, NameOrder::En, &items, &mut w)
                .map(|_| ())
                .map_err(|e| CheckinError::Csv(e.to_string()))
        }
    })?;
    Ok(p.people.len())
}
