//! Property test: three desks (a desk and two desk copies, real SQLite files) edit the same
//! delegates offline (fields, statuses with reasons, reissues, new delegates); their signed
//! desk changes are then merged at every desk in random orders and random batches, some
//! twice. Every desk ends with the same registry (fields, statuses, badge versions, printed
//! versions) and the same conflicts, whatever the order.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use accredit::Registry;
use accredit::network::{self, Item};
use accredit::registry::{Delegate, Status, conflicts, merge_fields, status};
use proptest::prelude::*;

/// The three desk files made once: the desk with the sample, and two desk copies.
fn template() -> &'static (tempfile::TempDir, [PathBuf; 3]) {
    static T: OnceLock<(tempfile::TempDir, [PathBuf; 3])> = OnceLock::new();
    T.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.sqlite3");
        let b = dir.path().join("b.sqlite3");
        let c = dir.path().join("c.sqlite3");
        {
            let mut reg = Registry::open(&a).unwrap();
            let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/delegates-sample.csv");
            accredit::csv_io::import_file(&mut reg, &sample, &accredit::progress::NoProgress).unwrap();
            accredit::sync::package_desk(&mut reg, &b, "Desk B").unwrap();
            accredit::sync::package_desk(&mut reg, &c, "Desk C").unwrap();
            reg.conn()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
                .unwrap();
        }
        (dir, [a, b, c])
    })
}

/// Copies the three desks into `dir`.
fn desks(dir: &Path) -> Vec<PathBuf> {
    template()
        .1
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let to = dir.join(format!("desk{i}.sqlite3"));
            std::fs::copy(p, &to).unwrap();
            to
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Op {
    Field(usize, i64, &'static str, u8),
    Status(usize, i64, u8),
    Reissue(usize, i64),
    Printed(usize, i64),
    Add(usize, u8),
}

fn op() -> impl Strategy<Value = Op> {
    let desk = 0usize..3;
    let who = 1i64..5;
    prop_oneof![
        4 => (desk.clone(), who.clone(), prop::sample::select(vec!["function", "title", "given_name", "email", "attention"]), 0u8..3)
            .prop_map(|(d, w, f, v)| Op::Field(d, w, f, v)),
        2 => (desk.clone(), who.clone(), 0u8..3).prop_map(|(d, w, s)| Op::Status(d, w, s)),
        1 => (desk.clone(), who.clone()).prop_map(|(d, w)| Op::Reissue(d, w)),
        1 => (desk.clone(), who).prop_map(|(d, w)| Op::Printed(d, w)),
        1 => (desk, 0u8..3).prop_map(|(d, v)| Op::Add(d, v)),
    ]
}

fn run_op(regs: &mut [Registry], op: &Op) {
    match *op {
        Op::Field(d, who, field, v) => {
            let reg = &mut regs[d];
            let mut x = reg.delegate(who).unwrap();
            let value = match field {
                "email" => format!("x{v}@desk{d}.example.org"),
                _ => format!("{field} {v} from desk {d}"),
            };
            merge_fields::field(field).unwrap().set(&mut x, &value);
            reg.update_delegate(&x).unwrap();
        }
        Op::Status(d, who, s) => {
            let (status, reason) = match s {
                0 => (Status::Accredited, String::new()),
                1 => (Status::Withdrawn, format!("left (desk {d})")),
                _ => (Status::Rejected, format!("no nomination (desk {d})")),
            };
            regs[d].change_status(who, status, &reason).unwrap();
        }
        Op::Reissue(d, who) => {
            regs[d].reissue(who).unwrap();
        }
        Op::Printed(d, who) => {
            let v = regs[d].delegate(who).unwrap().badge_version;
            regs[d].mark_printed(&[(who, v)]).unwrap();
        }
        Op::Add(d, v) => {
            let x = Delegate {
                delegation: "AT".into(),
                family_name: format!("New{v}"),
                given_name: format!("Desk {d}"),
                category: "DEL".into(),
                ..Default::default()
            };
            regs[d].add_delegate(&x).unwrap();
        }
    }
}

/// What must be equal at every desk: every delegate's registers and the conflicts.
fn state(reg: &Registry) -> String {
    let mut out = String::new();
    for d in reg.delegates().unwrap() {
        let fields: Vec<String> = merge_fields::FIELDS.iter().map(|f| f.get(&d)).collect();
        out.push_str(&format!(
            "{} {:?} {} {:?} v{} p{}\n",
            d.id,
            fields,
            d.status.as_str(),
            status::status_reason(reg.conn(), d.id).unwrap(),
            d.badge_version,
            d.printed_version
        ));
    }
    for c in conflicts::list(reg.conn()).unwrap() {
        out.push_str(&format!("conflict {} {} {:?}\n", c.serial, c.field, c.shown));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 20, ..ProptestConfig::default() })]

    #[test]
    fn any_merge_order_ends_in_identical_registries(
        ops in prop::collection::vec(op(), 1..14),
        orders in prop::collection::vec((any::<u64>(), 1usize..6), 3),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let paths = desks(dir.path());
        let mut regs: Vec<Registry> = paths.iter().map(|p| Registry::open(p).unwrap()).collect();
        for o in &ops {
            run_op(&mut regs, o);
        }
        let made: Vec<Vec<Item>> = regs.iter().map(|r| network::all_items(r).unwrap()).collect();
        // Serials never collide: every desk's new delegates are in its own block.
        let mut ids = std::collections::BTreeSet::new();
        for r in &regs {
            for d in r.delegates().unwrap() {
                if d.id > 64 {
                    prop_assert!(ids.insert(d.id), "serial {} given twice", d.id);
                }
            }
        }
        for (k, reg) in regs.iter_mut().enumerate() {
            // The other desks' items, shuffled, in batches, part of them twice.
            let (seed, batch) = orders[k];
            let mut items: Vec<Item> = made.iter().enumerate().filter(|(j, _)| *j != k).flat_map(|(_, v)| v.clone()).collect();
            let again: Vec<Item> = items.iter().step_by(3).cloned().collect();
            items.extend(again);
            let mut s = seed | 1;
            for i in (1..items.len()).rev() {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                items.swap(i, (s % (i as u64 + 1)) as usize);
            }
            for chunk in items.chunks(batch) {
                let r = network::apply(reg, chunk).unwrap();
                // Routine only: an older door record, or a desk change held until its desk's
                // certificate comes in a later batch.
                let routine = r.refused_for(network::RefusalReason::Superseded)
                    + r.refused_for(network::RefusalReason::UnknownStation);
                prop_assert_eq!(r.refused_total(), routine, "{:?}", r);
            }
        }
        let first = state(&regs[0]);
        for r in &regs[1..] {
            prop_assert_eq!(&first, &state(r));
        }
    }
}
