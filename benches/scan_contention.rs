//! Scan latency while another writer works on the same database (issue 9): a 100,000-row
//! `accredit import delegates` (the real binary, another process) runs while this process
//! scans badges through `Door::scan` as fast as it can, each verdict durable before it is
//! returned. Reported: p50, p99 and max of scan-to-durable-verdict latency during the
//! imports, how many scans went to the spool, and the same scans with no other writer (the
//! reference, measured in the same run).
//!
//! Run: `cargo bench --bench scan_contention`. Target: max <= 50 ms during the import.
//! `SCAN_BENCH_ROUNDS` (default 3) imports are run one after the other.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use accredit::Registry;
use accredit::checkin::{Door, ScanContext, log::parse_at};
use accredit::registry::Delegate;

const DOOR_DELEGATES: usize = 2_000;
const IMPORT_ROWS: usize = 100_000;
const REFERENCE_SCANS: usize = 1_000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn summary(label: &str, mut v: Vec<Duration>) {
    v.sort();
    println!(
        "{label}: {} scans, p50 {}, p99 {}, max {}",
        v.len(),
        ms(percentile(&v, 0.5)),
        ms(percentile(&v, 0.99)),
        ms(*v.last().unwrap_or(&Duration::ZERO))
    );
}

fn generate(path: &Path, rows: usize, round: usize) {
    let mut w = csv::Writer::from_path(path).expect("csv");
    w.write_record([
        "external_id",
        "delegation",
        "given_name",
        "family_name",
        "function",
        "email",
        "days",
    ])
    .expect("header");
    for i in 0..rows {
        w.write_record([
            &format!("R{round}-{i}"),
            ["AT", "FR", "GE", "RS", "US"][i % 5],
            &format!("Given{i}"),
            &format!("Family{i}"),
            "Delegate",
            &format!("p{round}x{i}@example.org"),
            "2015-07-06;2015-07-07",
        ])
        .expect("row");
    }
    w.flush().expect("flush");
}

fn main() {
    let rounds: usize = std::env::var("SCAN_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bench.sqlite3");
    let mut reg = Registry::open(&db).expect("open");
    let mut passes = Vec::new();
    for i in 0..DOOR_DELEGATES {
        let d = Delegate {
            delegation: "AT".into(),
            given_name: format!("Door{i}"),
            family_name: format!("Person{i}"),
            category: "DEL".into(),
            ..Delegate::default()
        };
        let id = reg.add_delegate(&d).expect("add");
        let d = reg.delegate(id).expect("get");
        passes.push(accredit::pass::issue(&reg, &d).expect("pass"));
    }
    let door = Door::open(&reg).expect("door");
    let at = parse_at("2015-07-06T09:00:00+02:00").expect("time");
    let ctx = ScanContext {
        station: "BENCH".into(),
        zone: None,
        at,
        direction: accredit::checkin::Direction::In,
    };
    let mut next = 0usize;
    let mut scan = |reg: &mut Registry| {
        let p = &passes[next % passes.len()];
        next += 1;
        let t = Instant::now();
        door.scan(reg, p, &ctx).expect("scan");
        t.elapsed()
    };

    // The reference: nobody else writes.
    let reference: Vec<Duration> = (0..REFERENCE_SCANS).map(|_| scan(&mut reg)).collect();

    let mut during = Vec::new();
    let mut import_times = Vec::new();
    let mut spooled = 0i64;
    for round in 0..rounds {
        let csv = dir.path().join(format!("import-{round}.csv"));
        generate(&csv, IMPORT_ROWS, round);
        let start = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_accredit"))
            .arg("--db")
            .arg(&db)
            .args(["import", "delegates"])
            .arg(&csv)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("import");
        // Scan until the import has ended; every 50 scans, see how many wait in the spool.
        loop {
            during.push(scan(&mut reg));
            if during.len().is_multiple_of(50) {
                let n: i64 = reg
                    .spool()
                    .expect("spool")
                    .expect("a file database has a spool")
                    .query_row("SELECT COUNT(*) FROM checkin", [], |r| r.get(0))
                    .expect("count");
                spooled = spooled.max(n);
            }
            if child.try_wait().expect("wait").is_some() {
                break;
            }
        }
        import_times.push(start.elapsed());
        let status = child.wait().expect("wait");
        assert!(status.success(), "the import failed");
        reg.drain_spool().expect("drain");
    }
    let logged: i64 = reg
        .conn()
        .query_row("SELECT COUNT(*) FROM checkin", [], |r| r.get(0))
        .expect("count");
    assert_eq!(logged as usize, REFERENCE_SCANS + during.len(), "a scan was lost");

    println!(
        "{rounds} imports of {IMPORT_ROWS} rows by the real binary: {}",
        import_times
            .iter()
            .map(|d| format!("{:.2} s", d.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    summary("no other writer (reference)", reference);
    let max = during.iter().max().copied().unwrap_or_default();
    summary("during the imports", during);
    println!(
        "most scans waiting in the spool at once (sampled every 50 scans): {spooled}; \
         every scan is in the log: {logged}"
    );
    println!(
        "target max <= 50 ms during the import: {}",
        if max <= Duration::from_millis(50) {
            "met"
        } else {
            "NOT met"
        }
    );
}
