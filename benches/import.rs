//! Import and export of 100,000 delegates, against `sqlite3`'s own `.import` and CSV output
//! of the same file on the same machine.
//!
//! Run: `cargo bench --bench import` (rows: `ACCREDIT_BENCH_ROWS`, runs: `ACCREDIT_BENCH_RUNS`,
//! default 5; the steps take turns within each run; `ACCREDIT_BENCH_OTHER=/path/to/accredit`
//! adds another binary's import, e.g. an earlier commit's, as a sixth step of the same runs).
//! Every measured step runs as its own process under `/usr/bin/time`, which reports wall time
//! and peak memory (max RSS) alike for `sqlite3` and for accredit (the real `accredit`
//! binary, as a user runs it). Each import writes a new database file in a temporary folder,
//! with the durability accredit always uses (WAL, synchronous=FULL) and sqlite3's defaults.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use accredit::Registry;
use accredit::csv_io;

fn main() {
    let rows: usize = env_num("ACCREDIT_BENCH_ROWS", 100_000);
    let runs: usize = env_num("ACCREDIT_BENCH_RUNS", 5);
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("delegates.csv");
    let t = Instant::now();
    generate(&csv, rows);
    let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
    println!(
        "input: {rows} rows, {:.1} MB of CSV, generated in {:.2} s; {runs} runs each, median",
        size as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let accredit = env!("CARGO_BIN_EXE_accredit");
    let csv_s = csv.display().to_string();

    let dir_path = dir.path();
    let run_sqlite_import = |i: usize| {
        let db = dir_path.join(format!("sqlite-{i}.sqlite3"));
        timed(
            Command::new("sqlite3").arg(&db).args([
                "-cmd",
                ".mode csv",
                &format!(".import {csv_s} delegates"),
            ]),
            dir_path,
        )
    };
    let run_our_import = |i: usize| {
        let db = dir_path.join(format!("accredit-{i}.sqlite3"));
        timed(
            Command::new(accredit)
                .arg("--db")
                .arg(&db)
                .args(["import", "delegates"])
                .arg(&csv),
            dir_path,
        )
    };
    // The same rows written by sqlite3 itself into accredit's schema (WAL, synchronous=FULL):
    // the floor for any importer keeping accredit's guarantees.
    let template = dir_path.join("template.sqlite3");
    drop(Registry::open(&template).expect("template"));
    let run_floor = |i: usize| {
        let db = dir_path.join(format!("floor-{i}.sqlite3"));
        std::fs::copy(&template, &db).expect("copy template");
        let script = dir_path.join("floor.sql");
        std::fs::write(&script, floor_sql(&dir_path.join("sqlite-0.sqlite3"))).expect("script");
        timed(
            Command::new("sh")
                .arg("-c")
                .arg(format!("sqlite3 '{}' < '{}'", db.display(), script.display())),
            dir_path,
        )
    };
    let base = dir_path.join("sqlite-0.sqlite3");
    let run_sqlite_export = |_: usize| {
        let out = dir_path.join("sqlite-out.csv");
        timed(
            Command::new("sqlite3").arg(&base).args([
                "-cmd",
                ".mode csv",
                "-cmd",
                ".headers on",
                "-cmd",
                &format!(".output {}", out.display()),
                "SELECT * FROM delegates",
            ]),
            dir_path,
        )
    };
    let ours = dir_path.join("accredit-0.sqlite3");
    let run_our_export = |_: usize| {
        let out = dir_path.join("accredit-out.csv");
        timed(
            Command::new(accredit)
                .arg("--db")
                .arg(&ours)
                .args(["export", "delegates"])
                .arg(&out),
            dir_path,
        )
    };
    // Another accredit binary (an earlier commit's) importing the same file, taking its turn
    // with the others: a before/after comparison under the same load.
    let other = std::env::var("ACCREDIT_BENCH_OTHER")
        .ok()
        .filter(|s| !s.is_empty());
    let run_other_import = |i: usize| {
        let db = dir_path.join(format!("other-{i}.sqlite3"));
        let bin = other.as_deref().unwrap_or(accredit);
        timed(
            Command::new(bin)
                .arg("--db")
                .arg(&db)
                .args(["import", "delegates"])
                .arg(&csv),
            dir_path,
        )
    };
    // The purge of every imported person (issue 19: at most 10 s for 100,000), on a copy of
    // the first import so the other steps keep their file.
    let run_purge = |i: usize| {
        let db = dir_path.join(format!("purge-{i}.sqlite3"));
        std::fs::copy(&ours, &db).expect("copy for the purge");
        timed(
            Command::new(accredit)
                .arg("--db")
                .arg(&db)
                .args(["purge", "--personal-data", "--yes"]),
            dir_path,
        )
    };
    let mut steps: Vec<(&str, &dyn Fn(usize) -> Measure)> = vec![
        ("sqlite3 .import (new file)", &run_sqlite_import),
        ("accredit import delegates", &run_our_import),
        ("sqlite3 same rows (floor)", &run_floor),
        ("sqlite3 CSV output", &run_sqlite_export),
        ("accredit export delegates", &run_our_export),
        ("accredit purge (all people)", &run_purge),
    ];
    if other.is_some() {
        steps.push(("other accredit import", &run_other_import));
    }
    // The steps take turns, run after run, so that a slow spell of a shared machine falls on
    // accredit and on sqlite3 alike.
    let mut all: Vec<Vec<Measure>> = vec![Vec::new(); steps.len()];
    for i in 0..runs.max(1) {
        for (k, (_, step)) in steps.iter().enumerate() {
            all[k].push(step(i));
        }
    }
    let results: Vec<(&str, Measure)> = steps
        .iter()
        .zip(all)
        .map(|((name, _), measures)| (*name, median(measures)))
        .collect();
    let (sqlite_import, our_import) = (results[0].1, results[1].1);
    let (sqlite_export, our_export) = (results[3].1, results[4].1);
    let purge = results[5].1;

    // Check that the work was really done.
    let reg = Registry::open(&ours).expect("open");
    let all = reg.delegates().expect("delegates");
    assert_eq!(all.len(), rows);
    assert!(
        all.iter()
            .all(|d| !d.id_number.is_empty() && !d.birth_date.is_empty()),
        "the new fields were imported"
    );
    let exported = std::fs::read_to_string(dir.path().join("accredit-out.csv")).expect("export");
    assert_eq!(exported.lines().count(), rows + 1);

    println!(
        "{:<28} {:>9} {:>13} {:>8}",
        "step", "wall (s)", "peak RSS (MB)", "ratio"
    );
    for (i, (name, m)) in results.iter().enumerate() {
        let reference = if i == 5 {
            println!(
                "{name:<28} {:>9.3} {:>13.1}",
                m.secs,
                m.max_rss_kb as f64 / 1024.0
            );
            continue;
        } else if i < 3 || i == 6 {
            sqlite_import.secs
        } else {
            sqlite_export.secs
        };
        println!(
            "{name:<28} {:>9.3} {:>13.1} {:>7.2}x",
            m.secs,
            m.max_rss_kb as f64 / 1024.0,
            m.secs / reference
        );
    }
    let ok_import = our_import.secs <= 2.0 * sqlite_import.secs && our_import.max_rss_kb <= 200 * 1024;
    let ok_export = our_export.secs <= 3.0 * sqlite_export.secs && our_export.max_rss_kb < 200 * 1024;
    let ok_purge = purge.secs <= 10.0;
    println!(
        "targets: import within 2x of sqlite3 and at most 200 MB: {}; export within 3x, under 200 MB: {}; \
         purge of {rows} people at most 10 s: {}",
        if ok_import { "met" } else { "NOT MET" },
        if ok_export { "met" } else { "NOT MET" },
        if ok_purge { "met" } else { "NOT MET" }
    );
}

/// One measured process.
#[derive(Debug, Clone, Copy)]
struct Measure {
    secs: f64,
    max_rss_kb: u64,
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut all: Vec<Measure>) -> Measure {
    all.sort_by(|a, b| a.secs.total_cmp(&b.secs));
    all[all.len() / 2]
}

/// Runs a command under `/usr/bin/time` and reads its wall time and peak memory.
fn timed(cmd: &mut Command, dir: &Path) -> Measure {
    let report = dir.join("time.txt");
    let program = cmd.get_program().to_owned();
    let args: Vec<_> = cmd.get_args().map(|a| a.to_owned()).collect();
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%e %M", "-o"])
        .arg(&report)
        .arg(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("/usr/bin/time (Debian package `time`)");
    assert!(status.success(), "measured command failed");
    let text = std::fs::read_to_string(&report).expect("time report");
    let mut it = text.split_whitespace();
    let secs = it.next().and_then(|s| s.parse().ok()).expect("seconds");
    let max_rss_kb = it.next().and_then(|s| s.parse().ok()).expect("max rss");
    Measure { secs, max_rss_kb }
}

/// SQL that stores the `.import`ed rows as delegates in accredit's schema; the import's one
/// audit entry (a few MB compressed) is left out.
fn floor_sql(imported: &Path) -> String {
    format!(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;
ATTACH '{}' AS s;
BEGIN;
INSERT INTO delegate (external_id, delegation, title, given_name, family_name, native_name, function, category,
  email, days, zones, photo, status, attention, badge_version, printed_version, created_at, updated_at,
  gender, nationality, birth_date, id_type, id_number, id_country, id_expiry, vehicle_plate)
SELECT external_id, d.delegation, title, given_name, family_name, native_name, function,
  CASE category WHEN '' THEN g.default_category ELSE category END, email, days, zones, NULL, 'accredited', '', 1, 0,
  strftime('%Y-%m-%dT%H:%M:%SZ'), strftime('%Y-%m-%dT%H:%M:%SZ'),
  gender, nationality, birth_date, id_type, id_number, id_country, id_expiry, vehicle_plate
FROM s.delegates d JOIN delegation g ON g.code = d.delegation;
COMMIT;
",
        imported.display()
    )
}

/// Writes `rows` plausible nominations (deterministic), quoting and scripts included.
fn generate(path: &Path, rows: usize) {
    let codes: Vec<String> = accredit::registry::seed::DELEGATIONS_CSV
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next().map(str::to_string))
        .collect();
    let titles = ["", "Mr.", "Ms.", "Dr.", "H.E. Mr.", "H.E. Ms.", "Prof."];
    let given = [
        "Anna",
        "Dušan",
        "Łukasz",
        "Marie-Hélène",
        "Øystein",
        "Ștefan",
        "Ji-woo",
        "Olena",
        "Yousef",
    ];
    let family = [
        "Gruber",
        "Đorđević",
        "Wróbel",
        "Van den Bossche",
        "Ødegård",
        "Popescu",
        "Kim",
        "Kovalenko",
    ];
    let native = ["", "", "", "Олена Коваленко", "김지우", "ნინო ბერიძე"];
    let functions = [
        "Counsellor",
        "Senior Policy Officer, Migration and Asylum",
        "Head of Delegation",
        "Adviser",
    ];
    let days = ["", "", "2015-07-06", "2015-07-07", "2015-07-06;2015-07-07"];
    let zones = ["", "", "", "PLENARY", "PLENARY;PRESS"];
    let file = std::fs::File::create(path).expect("create csv");
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
    w.write_record(csv_io::IMPORT_COLUMNS).expect("header");
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let genders = ["F", "M", "F", "M", "X", ""];
    let countries = ["AT", "FR", "DE", "UA", "KR", "GE", "RO", "BE", "NO", "PL"];
    let id_types = ["passport", "diplomatic_passport", "service_passport", "id_card"];
    for i in 0..rows {
        // The person's record (issue 19): every new field present.
        let record = [
            genders[next(genders.len())].to_string(),
            countries[next(countries.len())].to_string(),
            format!("19{:02}-{:02}-{:02}", 40 + next(60), 1 + next(12), 1 + next(28)),
            id_types[next(id_types.len())].to_string(),
            format!("P{:08}", next(100_000_000)),
            countries[next(countries.len())].to_string(),
            format!("20{:02}-{:02}-{:02}", 16 + next(20), 1 + next(12), 1 + next(28)),
            if next(4) == 0 {
                format!("W-{}{}", next(99_999), ["AB", "QX", "ZZ"][next(3)])
            } else {
                String::new()
            },
        ];
        let email = if next(2) == 0 {
            format!("d{i}@example.org")
        } else {
            String::new()
        };
        w.write_record([
            format!("B-{i:06}").as_str(),
            &codes[next(codes.len())],
            titles[next(titles.len())],
            given[next(given.len())],
            family[next(family.len())],
            native[next(native.len())],
            functions[next(functions.len())],
            "",
            &email,
            days[next(days.len())],
            zones[next(zones.len())],
            "",
            &record[0],
            &record[1],
            &record[2],
            &record[3],
            &record[4],
            &record[5],
            &record[6],
            &record[7],
        ])
        .expect("row");
    }
    w.flush().expect("flush");
    std::io::stdout().flush().ok();
}
