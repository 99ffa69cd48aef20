//! Property test: random operations at a desk and N door stations (scans, reissues,
//! withdrawals, new delegates, edited attention notes), exchanged in random orders through a
//! simulated hub (each station uploads its own items, downloads what others uploaded) and
//! through files (everything a station knows), with partitions (a station left out for a
//! while). After everyone has caught up, every station holds the same log, the same door
//! records and certificates, nothing held back, and every door's copy of each delegate is
//! what the desk's registry says.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod checkin_common;

use std::collections::BTreeMap;

use accredit::Registry;
use accredit::checkin::{Door, ScanContext};
use accredit::network::{self, Item, records::DoorRecord};
use accredit::registry::Status;
use checkin_common::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    /// A scan at a station (0 = desk) of a pass (index into every pass issued so far).
    Scan {
        station: usize,
        pass: usize,
        minute: u32,
        day: u8,
        zone: bool,
    },
    /// At the desk: reissue, withdraw, re-accredit, edit the attention note, or add someone.
    Desk { who: usize, what: u8 },
    /// A station uploads its own new items to the hub.
    Upload { station: usize },
    /// A station downloads from the hub what it has not seen.
    Download { station: usize },
    /// A file from one station merged at another.
    File { from: usize, to: usize },
}

fn op(stations: usize) -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..stations, 0usize..64, 0u32..600, 0u8..2, prop::bool::weighted(0.2))
            .prop_map(|(station, pass, minute, day, zone)| Op::Scan { station, pass, minute, day, zone }),
        2 => (0usize..64, 0u8..5).prop_map(|(who, what)| Op::Desk { who, what }),
        2 => (0..stations).prop_map(|station| Op::Upload { station }),
        2 => (0..stations).prop_map(|station| Op::Download { station }),
        1 => (0..stations, 0..stations).prop_map(|(from, to)| Op::File { from, to }),
    ]
}

fn at(day: u8, minute: u32) -> time::OffsetDateTime {
    let s = format!(
        "2015-07-{:02}T{:02}:{:02}:00+02:00",
        6 + day,
        8 + minute / 60,
        minute % 60
    );
    accredit::checkin::log::parse_at(&s).unwrap()
}

/// A hub that stores items as opaque bytes in arrival order.
#[derive(Default)]
struct Hub {
    items: Vec<Item>,
}

struct Station {
    reg: Registry,
    up: i64,
    down: usize,
}

type Snapshot = (
    BTreeMap<String, (String, String, Option<Vec<u8>>)>,
    BTreeMap<i64, (i64, Vec<u8>)>,
    BTreeMap<String, Vec<u8>>,
);

fn snapshot(reg: &Registry) -> Snapshot {
    let c = reg.conn();
    let mut s = c
        .prepare(&format!(
            "SELECT {}, signer, signature FROM checkin",
            accredit::checkin::log::COLUMNS
        ))
        .unwrap();
    let log = s
        .query_map([], |r| {
            let e = accredit::checkin::log::from_row(r)?;
            Ok((e.uuid.clone(), (format!("{e:?}"), r.get(12)?, r.get(13)?)))
        })
        .unwrap()
        .collect::<Result<BTreeMap<_, _>, _>>()
        .unwrap();
    let records = c
        .prepare("SELECT serial, revision, signed FROM door_record")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .unwrap()
        .collect::<Result<BTreeMap<_, _>, _>>()
        .unwrap();
    let certs = c
        .prepare("SELECT station_id, body FROM station_cert")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<BTreeMap<_, _>, _>>()
        .unwrap();
    (log, records, certs)
}

fn upload(st: &mut Station, hub: &mut Hub) {
    let items = network::local_items_after(&st.reg, st.up, 1000).unwrap();
    for (seq, item) in items {
        st.up = seq;
        hub.items.push(item);
    }
}

fn download(st: &mut Station, hub: &Hub) {
    let new = &hub.items[st.down..];
    let r = network::apply(&mut st.reg, new).unwrap();
    assert_eq!(
        r.refused
            .iter()
            .filter(|(why, _)| !matches!(
                why,
                network::RefusalReason::UnknownBadge | network::RefusalReason::Superseded
            ))
            .count(),
        0,
        "{r:?}"
    );
    st.down = hub.items.len();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn stations_converge_whatever_the_order(
        doors in 2usize..=3,
        ops in prop::collection::vec(op(4), 1..40),
    ) {
        let desk = Desk::new();
        let mut passes: Vec<String> = Vec::new();
        let mut ids: Vec<i64> = Vec::new();
        {
            let mut reg = desk.reg();
            for (i, cat) in ["DEL", "HOD", "NGO", "MEDIA"].iter().enumerate() {
                let (d, p) = add(&mut reg, &person("AT", "P", &format!("Conv{i}"), cat));
                ids.push(d.id);
                passes.push(p);
            }
            for i in 0..doors {
                accredit::sync::package_named(&reg, &desk.file(&format!("door{i}.sqlite3")), &format!("Door {i}")).unwrap();
            }
        }
        let mut st: Vec<Station> = std::iter::once(desk.db.clone())
            .chain((0..doors).map(|i| desk.file(&format!("door{i}.sqlite3"))))
            .map(|p| Station { reg: Registry::open(&p).unwrap(), up: 0, down: 0 })
            .collect();
        let n = st.len();
        let mut hub = Hub::default();
        let mut file_no = 0;
        for o in &ops {
            match *o {
                Op::Scan { station, pass, minute, day, zone } => {
                    let s = &mut st[station % n];
                    let door = Door::open(&s.reg).unwrap();
                    let ctx = ScanContext {
                        station: door.station_id().to_string(),
                        zone: zone.then(|| "PLENARY".to_string()),
                        at: at(day, minute),
                        direction: Default::default(),
                    };
                    door.scan(&mut s.reg, &passes[pass % passes.len()], &ctx).unwrap();
                }
                Op::Desk { who, what } => {
                    let reg = &mut st[0].reg;
                    let id = ids[who % ids.len()];
                    match what {
                        0 => {
                            reg.reissue(id).unwrap();
                        }
                        1 => reg.set_status(id, Status::Withdrawn).unwrap(),
                        2 => reg.set_status(id, Status::Accredited).unwrap(),
                        3 => {
                            let mut d = reg.delegate(id).unwrap();
                            d.attention = format!("note {who}");
                            reg.update_delegate(&d).unwrap();
                        }
                        _ => {
                            let k = ids.len();
                            let (d, p) = add(reg, &person("SI", "New", &format!("Late{k}"), "DEL"));
                            ids.push(d.id);
                            passes.push(p);
                        }
                    }
                    let d = reg.delegate(id).unwrap();
                    passes.push(accredit::pass::issue(reg, &d).unwrap());
                }
                Op::Upload { station } => upload(&mut st[station % n], &mut hub),
                Op::Download { station } => download(&mut st[station % n], &hub),
                Op::File { from, to } => {
                    let (from, to) = (from % n, to % n);
                    if from != to {
                        file_no += 1;
                        let f = desk.file(&format!("x{file_no}.items"));
                        accredit::sync::export(&st[from].reg, &f).unwrap();
                        let r = accredit::sync::merge(&mut st[to].reg, &f).unwrap();
                        let bad: Vec<_> = r.refused.iter()
                            .filter(|(why, _)| !matches!(why, network::RefusalReason::UnknownBadge | network::RefusalReason::Superseded))
                            .collect();
                        prop_assert!(bad.is_empty(), "{:?}", r);
                    }
                }
            }
        }
        // Everyone catches up: upload, then download everything.
        for s in st.iter_mut() {
            upload(s, &mut hub);
        }
        for s in st.iter_mut() {
            download(s, &hub);
        }
        let first = snapshot(&st[0].reg);
        prop_assert!(!first.2.is_empty());
        for (i, s) in st.iter().enumerate() {
            prop_assert_eq!(&snapshot(&s.reg), &first, "station {} differs", i);
            prop_assert_eq!(network::apply::held_count(s.reg.conn()).unwrap(), 0);
        }
        // Each door's copy of every delegate is what the desk's registry says.
        let code = st[0].reg.event().unwrap().code;
        for id in &ids {
            let want = DoorRecord::of(&code, &st[0].reg.delegate(*id).unwrap());
            for s in &st[1..] {
                prop_assert_eq!(&DoorRecord::of(&code, &s.reg.delegate(*id).unwrap()), &want);
            }
        }
    }
}
