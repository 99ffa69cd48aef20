//! 100,000+ random and mutated payloads through the door's core API: none admitted, no panic.
//!
//! A seeded generator (reproducible) mutates real passes (character replacement, insertion,
//! deletion, truncation, swaps, case changes, field edits, signature splicing between passes)
//! and makes random strings, some shaped like passes. A proptest run adds arbitrary Unicode.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

use accredit::Registry;
use accredit::checkin::{Door, ScanContext, VerdictCode};
use accredit::registry::{Delegate, Status};
use proptest::prelude::*;

/// SplitMix64: small, fast, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

const ALPHABET: &[char] = &[
    'A', 'B', 'C', 'Z', '2', '7', '0', '1', '9', ':', '.', '*', ' ', 'a', 'z', '-', '\n', '\r', '\t', '\0',
    'é', 'Đ', 'Я', '字', '🎫', '=', '"', '\'',
];

struct Fixture {
    reg: Registry,
    door: Door,
    passes: Vec<String>,
    ctx: ScanContext,
}

fn fixture() -> Fixture {
    let mut reg = Registry::open_in_memory().unwrap();
    let mut passes = Vec::new();
    for (i, (cat, delegation)) in [
        ("DEL", "AT"),
        ("HOD", "FR"),
        ("NGO", "LSI"),
        ("MEDIA", "MEDIA"),
        ("STAFF", "OSCE"),
    ]
    .iter()
    .cycle()
    .take(20)
    .enumerate()
    {
        let d = Delegate {
            delegation: (*delegation).into(),
            family_name: format!("Fuzz{i}"),
            category: (*cat).into(),
            status: Status::Accredited,
            days: if i % 3 == 0 {
                vec!["2015-07-06".into()]
            } else {
                vec![]
            },
            ..Delegate::default()
        };
        let id = reg.add_delegate(&d).unwrap();
        if i % 4 == 0 {
            reg.reissue(id).unwrap();
        }
        passes.push(accredit::pass::issue(&reg, &reg.delegate(id).unwrap()).unwrap());
    }
    let door = Door::open(&reg).unwrap();
    let ctx = ScanContext {
        station: "FUZZ".into(),
        zone: None,
        at: accredit::checkin::log::parse_at("2015-07-06T10:00:00+02:00").unwrap(),
        direction: Default::default(),
    };
    Fixture {
        reg,
        door,
        passes,
        ctx,
    }
}

fn mutate(rng: &mut Rng, passes: &[String]) -> String {
    let base = rng.pick(passes).clone();
    let mut c: Vec<char> = base.chars().collect();
    let rounds = 1 + rng.below(3);
    for _ in 0..rounds {
        let n = c.len().max(1);
        match rng.below(10) {
            0 => {
                let i = rng.below(n).min(c.len().saturating_sub(1));
                if !c.is_empty() {
                    c[i] = *rng.pick(ALPHABET);
                }
            }
            1 => {
                let i = rng.below(c.len() + 1);
                c.insert(i, *rng.pick(ALPHABET));
            }
            2 => {
                if !c.is_empty() {
                    c.remove(rng.below(c.len()));
                }
            }
            3 => c.truncate(rng.below(c.len() + 1)),
            4 => {
                if c.len() > 1 {
                    let (i, j) = (rng.below(c.len()), rng.below(c.len()));
                    c.swap(i, j);
                }
            }
            5 => {
                if !c.is_empty() {
                    let i = rng.below(c.len());
                    c[i] = c[i].to_ascii_lowercase();
                }
            }
            6 => {
                // Edit one field of the signed body, keep the signature.
                let s: String = c.iter().collect();
                let mut f: Vec<String> = s.split(':').map(str::to_string).collect();
                if f.len() >= 8 {
                    let k = 1 + rng.below(6);
                    f[k] = match k {
                        2 | 3 => (f[k].parse::<u64>().unwrap_or(0) + 1 + rng.below(3) as u64).to_string(),
                        5 => rng
                            .pick(&["*", "20150706", "20150707", "20150706.20150707"])
                            .to_string(),
                        6 => rng
                            .pick(&["*", "PLENARY", "PRESS", "BILATERAL.PLENARY.PRESS"])
                            .to_string(),
                        _ => rng.pick(&["AATIP15", "DEL", "HOD", "STAFF", "X"]).to_string(),
                    };
                }
                c = f.join(":").chars().collect();
            }
            7 => {
                // Body of one pass with the signature of another.
                let other = rng.pick(passes);
                let s: String = c.iter().collect();
                if let (Some((body, _)), Some((_, sig))) = (s.rsplit_once(':'), other.rsplit_once(':')) {
                    c = format!("{body}:{sig}").chars().collect();
                }
            }
            8 => {
                // Duplicate a slice.
                let i = rng.below(c.len() + 1).min(c.len());
                let j = (i + rng.below(12)).min(c.len());
                let dup: Vec<char> = c[i..j].to_vec();
                c.splice(i..i, dup);
            }
            _ => {
                // Flip one signature character to another base32 character.
                if c.len() > 10 {
                    let i = c.len() - 1 - rng.below(103.min(c.len()));
                    c[i] = *rng.pick(&['A', 'B', 'Q', 'Z', '2', '3', '7']);
                }
            }
        }
    }
    c.into_iter().collect()
}

fn random_string(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => (0..rng.below(200)).map(|_| *rng.pick(ALPHABET)).collect(),
        1 => {
            // Shaped like a pass, with a random well-formed signature.
            const B32: &[char] = &[
                'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R',
                'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', '2', '3', '4', '5', '6', '7',
            ];
            let sig: String = (0..103).map(|_| *rng.pick(B32)).collect();
            format!(
                "AC1:AATIP15:{}:{}:{}:{}:{}:{sig}",
                1 + rng.below(25),
                1 + rng.below(3),
                rng.pick(&["DEL", "HOD", "NGO"]),
                rng.pick(&["*", "20150706"]),
                rng.pick(&["*", "PLENARY"]),
            )
        }
        _ => (0..rng.below(64))
            .map(|_| char::from(rng.below(128) as u8))
            .collect(),
    }
}

#[test]
fn hundred_thousand_random_and_mutated_payloads_are_never_admitted() {
    let mut f = fixture();
    let mut rng = Rng(0x5EED_ACC0_2015_0706);
    let (mut mutants, mut randoms, mut unchanged) = (0u32, 0u32, 0u32);
    let mut total = 0u32;
    while mutants + randoms < 100_000 {
        for _ in 0..5_000 {
            let (payload, is_mutant) = if rng.below(4) == 0 {
                (random_string(&mut rng), false)
            } else {
                (mutate(&mut rng, &f.passes), true)
            };
            if f.passes.contains(&payload) {
                unchanged += 1;
                continue;
            }
            let v = f.door.scan(&mut f.reg, &payload, &f.ctx).unwrap();
            assert!(!v.admits(), "admitted {payload:?}: {v:?}");
            assert_eq!(v.code, VerdictCode::Invalid, "{payload:?}: {}", v.detail);
            if is_mutant {
                mutants += 1;
            } else {
                randoms += 1;
            }
            total += 1;
        }
    }
    assert!(
        mutants >= 70_000 && randoms >= 20_000,
        "{mutants} mutants, {randoms} random"
    );
    let logged: i64 = f
        .reg
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM checkin WHERE verdict = 'INVALID'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, i64::from(total), "every scan is logged");
    // Control: the real passes are admitted (so the refusals above mean something).
    for p in &f.passes {
        assert!(f.door.scan(&mut f.reg, p, &f.ctx).unwrap().admits(), "{p}");
    }
    eprintln!("{mutants} mutants, {randoms} random strings, {unchanged} identity mutations skipped");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn arbitrary_unicode_is_invalid(s in "\\PC{0,300}", t in "AC1:[A-Z0-9:.*]{0,220}") {
        let mut f = fixture_cached();
        let Fixture { reg, door, ctx, .. } = &mut *f;
        for p in [s, t] {
            let v = door.scan(reg, &p, ctx).unwrap();
            prop_assert_eq!(v.code, VerdictCode::Invalid);
        }
    }
}

thread_local! {
    static FIXTURE: std::cell::RefCell<Option<Fixture>> = const { std::cell::RefCell::new(None) };
}

/// One fixture per test thread (building one signs 20 passes and seeds a registry).
fn fixture_cached() -> FixtureGuard {
    let f = FIXTURE.with(|c| c.borrow_mut().take()).unwrap_or_else(fixture);
    FixtureGuard(Some(f))
}

struct FixtureGuard(Option<Fixture>);

impl std::ops::Deref for FixtureGuard {
    type Target = Fixture;
    fn deref(&self) -> &Fixture {
        self.0.as_ref().unwrap()
    }
}
impl std::ops::DerefMut for FixtureGuard {
    fn deref_mut(&mut self) -> &mut Fixture {
        self.0.as_mut().unwrap()
    }
}
impl Drop for FixtureGuard {
    fn drop(&mut self) {
        let f = self.0.take();
        FIXTURE.with(|c| *c.borrow_mut() = f);
    }
}
