//! Property test: merging scan logs between two or three door stations is idempotent and
//! commutative (the result is the union by UUID, whatever the order), and after merging, a
//! badge admitted at one station is ALREADY_IN at every other.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod checkin_common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use accredit::Registry;
use accredit::checkin::{Door, LogEntry, ScanContext, VerdictCode};
use checkin_common::*;
use proptest::prelude::*;

/// One scan: station index, delegate index (or garbage), day, minute, zone.
#[derive(Debug, Clone)]
struct Scan {
    station: usize,
    who: Option<usize>,
    day: usize,
    minute: u32,
    zone: Option<&'static str>,
}

fn scan_strategy(stations: usize) -> impl Strategy<Value = Scan> {
    (
        0..stations,
        prop::option::weighted(0.85, 0usize..5),
        0usize..3,
        0u32..600,
        prop::option::weighted(0.3, prop::sample::select(vec!["PLENARY", "PRESS"])),
    )
        .prop_map(|(station, who, day, minute, zone)| Scan {
            station,
            who,
            day,
            minute,
            zone,
        })
}

fn at(day: usize, minute: u32) -> time::OffsetDateTime {
    let s = format!(
        "2015-07-{:02}T{:02}:{:02}:00+02:00",
        6 + day,
        8 + minute / 60,
        minute % 60
    );
    accredit::checkin::log::parse_at(&s).unwrap()
}

fn by_uuid(log: Vec<LogEntry>) -> BTreeMap<String, LogEntry> {
    log.into_iter().map(|e| (e.uuid.clone(), e)).collect()
}

fn log_of(db: &std::path::Path) -> BTreeMap<String, LogEntry> {
    by_uuid(accredit::checkin::log::all(Registry::open(db).unwrap().conn()).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn merge_is_idempotent_and_commutative(
        stations in 2usize..=3,
        scans in prop::collection::vec(scan_strategy(3), 0..24),
        orders in prop::collection::vec(Just(()).prop_perturb(|_, mut rng| {
            let mut v = vec![0usize, 1, 2];
            for i in (1..3).rev() { v.swap(i, (rng.next_u32() as usize) % (i + 1)); }
            v
        }), 3),
    ) {
        let desk = Desk::new();
        let mut reg = desk.reg();
        let passes: Vec<String> = ["DEL", "HOD", "NGO", "MEDIA", "STAFF"]
            .iter()
            .enumerate()
            .map(|(i, cat)| add(&mut reg, &person("AT", "P", &format!("Merge{i}"), cat)).1)
            .collect();
        let dbs: Vec<PathBuf> = (0..stations).map(|i| desk.file(&format!("door{i}.sqlite3"))).collect();
        for db in &dbs {
            accredit::sync::package(&reg, db).unwrap();
        }
        drop(reg);

        // Scan at the stations.
        let mut regs: Vec<Registry> = dbs.iter().map(|d| Registry::open(d).unwrap()).collect();
        let doors: Vec<Door> = regs.iter().map(|r| Door::open(r).unwrap()).collect();
        for s in scans.iter().filter(|s| s.station < stations) {
            let ctx = ScanContext {
                station: doors[s.station].station_id().to_string(),
                zone: s.zone.map(str::to_string),
                at: at(s.day, s.minute),
                direction: Default::default(),
            };
            let payload = s.who.map(|w| passes[w].clone()).unwrap_or_else(|| "junk".into());
            doors[s.station].scan(&mut regs[s.station], &payload, &ctx).unwrap();
        }
        drop(regs);

        // Each station exports; the expected result is the union of the logs.
        let mut union = BTreeMap::new();
        let mut exports = Vec::new();
        for (i, db) in dbs.iter().enumerate() {
            union.extend(log_of(db));
            let f = desk.file(&format!("door{i}.scans"));
            accredit::sync::export(&Registry::open(db).unwrap(), &f).unwrap();
            exports.push(f);
        }

        // Every station merges every export in its own order, then everything again.
        for (i, db) in dbs.iter().enumerate() {
            let mut reg = Registry::open(db).unwrap();
            for &k in orders[i].iter().filter(|&&k| k < stations) {
                accredit::sync::merge(&mut reg, &exports[k]).unwrap();
            }
            let once = by_uuid(accredit::checkin::log::all(reg.conn()).unwrap());
            for &k in orders[(i + 1) % 3].iter().filter(|&&k| k < stations) {
                let r = accredit::sync::merge(&mut reg, &exports[k]).unwrap();
                prop_assert_eq!(r.added, 0);
                prop_assert_eq!(r.conflicting, 0);
            }
            let twice = by_uuid(accredit::checkin::log::all(reg.conn()).unwrap());
            prop_assert_eq!(&once, &twice, "merging twice differs from once");
            prop_assert_eq!(&once, &union, "station {} after merges in order {:?}", i, orders[i]);
        }

        // After the merges, any badge admitted somewhere is ALREADY_IN everywhere (same day
        // and zone), and the earlier entry named is the same at every station.
        let admitted: Vec<&LogEntry> = union.values().filter(|e| e.verdict.admits()).collect();
        if let Some(e) = admitted.first() {
            let who = (e.serial.unwrap() - 1) as usize;
            let mut named = Vec::new();
            for db in &dbs {
                let mut reg = Registry::open(db).unwrap();
                let door = Door::open(&reg).unwrap();
                let ctx = ScanContext {
                    station: "CHECK".into(),
                    zone: (!e.zone.is_empty()).then(|| e.zone.clone()),
                    direction: Default::default(),
                    at: accredit::checkin::log::parse_at(&e.at).unwrap() + time::Duration::minutes(1),
                };
                let v = door.scan(&mut reg, &passes[who], &ctx).unwrap();
                prop_assert_eq!(v.code, VerdictCode::AlreadyIn, "{}", v.detail);
                named.push(v.earlier.unwrap());
            }
            prop_assert!(named.windows(2).all(|w| w[0] == w[1]));
        }
    }
}
