//! Random and mutated CSV bytes fed to the importer: never a panic, never a write on error
//! (issue 9).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use accredit::Registry;
use accredit::csv_io::{self, CsvError};
use accredit::progress::NoProgress;
use proptest::prelude::*;

const SAMPLE: &[u8] = b"external_id,delegation,title,given_name,family_name,native_name,function,category,email,days,zones,photo,id,status,badge_version\n\
N-1,AT,Dr.,Eva,Gruber,,\"Head of Unit\nAnti-Trafficking\",DEL,eva@example.org,2015-07-06,PLENARY,,,accredited,1\n\
N-2,fr,,Luc,Martin,,\"Adviser, \"\"Migration\"\"\",,luc@example.org,,,,,pending,\n\
,RS,,Du\xC5\xA1an,\xC4\x90or\xC4\x91evi\xC4\x87,\xD0\x82\xD0\xBE,'=1+1,HOD,,2015-07-06;2015-07-07,,,7,,\n";

/// Everything a failed import must leave as it was.
fn dump(reg: &Registry) -> String {
    reg.conn()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM delegate) || '|' ||
                    (SELECT COALESCE(group_concat(id || family_name || updated_at || status, ';'), '') FROM delegate) || '|' ||
                    (SELECT COUNT(*) FROM audit) || '|' || (SELECT COUNT(*) FROM audit_batch)",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// A mutation of the sample: (position fraction, what to do, byte).
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let special = prop::sample::select(vec![
        b'"', b',', b'\n', b'\r', b'\t', 0u8, 0x1B, 0x7F, 0x80, 0x81, 0xC3, 0xFF, 0xFE, b';', b'\'', b'=',
    ]);
    let op = (0.0f64..1.0, 0u8..4, special);
    (prop::collection::vec(op, 1..12), prop::option::of(0usize..4)).prop_map(|(ops, prefix)| {
        let mut v = SAMPLE.to_vec();
        for (at, kind, b) in ops {
            let i = ((v.len() as f64) * at) as usize;
            match kind {
                0 if i < v.len() => v[i] = b,
                1 => v.insert(i.min(v.len()), b),
                2 if i < v.len() => {
                    v.remove(i);
                }
                _ => v.truncate(i),
            }
        }
        let bom: &[u8] = match prefix {
            Some(0) => b"\xEF\xBB\xBF",
            Some(1) => b"\xFF\xFE",
            Some(2) => b"\xFE\xFF",
            _ => b"",
        };
        [bom, &v].concat()
    })
}

fn check(reg: &mut Registry, dir: &std::path::Path, bytes: &[u8]) {
    let path = dir.join("fuzz.csv");
    std::fs::write(&path, bytes).unwrap();
    let before = dump(reg);
    // The preview (plan) never writes.
    let plan = csv_io::plan_import(reg, &path).unwrap();
    assert_eq!(dump(reg), before, "planning wrote");
    match csv_io::import_file(reg, &path, &NoProgress) {
        Ok(_) => assert!(
            plan.errors.is_empty(),
            "the import succeeded where the plan had errors"
        ),
        Err(CsvError::Rejected { issues, .. }) => {
            assert!(!issues.is_empty());
            assert!(
                !plan.errors.is_empty(),
                "the plan had no errors but the import was refused: {issues:?}"
            );
            for i in &issues {
                assert!(i.line >= 1 && i.column.is_some(), "{i:?}");
            }
            assert_eq!(dump(reg), before, "a refused import wrote");
        }
        Err(CsvError::Row { .. }) => assert_eq!(dump(reg), before, "a failed import wrote"),
        Err(e) => panic!("unexpected error {e:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn mutated_csv_never_panics_nor_writes_on_error(bytes in mutated()) {
        let dir = tempfile::tempdir().unwrap();
        let mut reg = Registry::open(&dir.path().join("f.sqlite3")).unwrap();
        // One clean import first, so that updates by id and external_id are exercised too.
        let seed = dir.path().join("seed.csv");
        std::fs::write(&seed, SAMPLE).unwrap();
        csv_io::import_file(&mut reg, &seed, &NoProgress).unwrap();
        check(&mut reg, dir.path(), &bytes);
    }

    #[test]
    fn random_bytes_never_panic_nor_write(bytes in prop::collection::vec(any::<u8>(), 0..600), header in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let mut reg = Registry::open(&dir.path().join("r.sqlite3")).unwrap();
        let bytes = if header { [b"delegation,family_name,given_name\n".as_slice(), &bytes].concat() } else { bytes };
        check(&mut reg, dir.path(), &bytes);
    }
}
