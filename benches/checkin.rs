//! Door check-in benchmark: 100,000 delegates in a registry on disk.
//!
//! - scan-to-durable-verdict latency through `Door::scan` (each scan committed with
//!   `synchronous=FULL` before the verdict is returned): p50, p90, p99, max;
//! - `accredit checkin --stdin` throughput through the real binary, process start included;
//! - for the GUI: `checkin::stats` and `checkin::lookup_by_name` on the same registry.
//!
//! Run: `cargo bench --bench checkin`. Targets: p99 <= 5 ms, stdin >= 500 scans/s.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use accredit::Registry;
use accredit::checkin::{Door, ScanContext, VerdictCode, log::parse_at};
use accredit::registry::Delegate;

const DELEGATES: i64 = 100_000;
const LATENCY_SCANS: usize = 3_000;
const STDIN_SCANS: usize = 5_000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bench.sqlite3");
    let mut reg = Registry::open(&db).expect("open");
    let event = reg.event().expect("event");
    let delegations: Vec<String> = reg
        .delegations(Default::default())
        .expect("delegations")
        .into_iter()
        .map(|d| d.code)
        .collect();
    let categories = ["DEL", "HOD", "IO", "NGO", "MEDIA", "PARTNER"];

    let t = Instant::now();
    {
        let tx = reg.conn_mut().transaction().expect("tx");
        {
            let mut stmt = tx
                .prepare(
                    "INSERT INTO delegate (id, delegation, title, given_name, family_name, category, email, \
                     status, attention, badge_version, printed_version, created_at, updated_at) \
                     VALUES (?1, ?2, 'Mr.', ?3, ?4, ?5, ?6, 'accredited', ?7, 1, 1, ?8, ?8)",
                )
                .expect("prepare");
            let now = accredit::registry::now_rfc3339();
            for id in 1..=DELEGATES {
                let i = id as usize;
                stmt.execute(rusqlite::params![
                    id,
                    delegations[i % delegations.len()],
                    format!("Given{i}"),
                    format!("Family{i}"),
                    categories[i % categories.len()],
                    format!("p{i}@example.org"),
                    if i.is_multiple_of(50) {
                        "VIP: escort to the front row"
                    } else {
                        ""
                    },
                    now,
                ])
                .expect("insert");
            }
        }
        tx.commit().expect("commit");
    }
    let fill = t.elapsed();

    let key = reg.signing_key().expect("key");
    let pass_for = |id: i64| {
        let d = Delegate {
            id,
            category: categories[id as usize % categories.len()].into(),
            badge_version: 1,
            ..Delegate::default()
        };
        accredit::pass::sign(&accredit::pass::claims_for(&event, &d), &key).expect("sign")
    };
    // Spread the badges over the whole table.
    let step = DELEGATES / (LATENCY_SCANS + STDIN_SCANS) as i64;
    let ids: Vec<i64> = (0..(LATENCY_SCANS + STDIN_SCANS) as i64)
        .map(|i| 1 + i * step)
        .collect();
    let passes: Vec<String> = ids.iter().map(|&id| pass_for(id)).collect();

    // Latency: 80 % first entries, 10 % repeats (ALREADY_IN), 10 % garbage (INVALID).
    let door = Door::open(&reg).expect("door");
    let mut ctx = ScanContext {
        station: "BENCH".into(),
        zone: None,
        at: parse_at("2015-07-06T09:00:00+02:00").expect("time"),
        direction: Default::default(),
    };
    let mut all = Vec::with_capacity(LATENCY_SCANS);
    let mut admitted = Vec::new();
    let mut refused = Vec::new();
    for i in 0..LATENCY_SCANS {
        let payload = match i % 10 {
            8 => passes[i / 2].clone(),
            9 => format!("AC1:GARBAGE:{i}"),
            _ => passes[i].clone(),
        };
        ctx.at += Duration::from_millis(700);
        let t = Instant::now();
        let v = door.scan(&mut reg, &payload, &ctx).expect("scan");
        let e = t.elapsed();
        // After the verdict is shown, as the kiosk and `--stdin` do.
        door.housekeeping(&reg).expect("checkpoint");
        all.push(e);
        if v.code == VerdictCode::Admitted {
            admitted.push(e);
        } else {
            refused.push(e);
        }
    }
    for v in [&mut all, &mut admitted, &mut refused] {
        v.sort();
    }

    // The same scans without the disk flush (synchronous=OFF): what the engine itself costs.
    reg.conn()
        .pragma_update(None, "synchronous", "OFF")
        .expect("pragma");
    let mut unflushed = Vec::with_capacity(LATENCY_SCANS);
    ctx.at = parse_at("2015-07-07T09:00:00+02:00").expect("time");
    ctx.station = "NOFLUSH".into();
    for p in &passes[..LATENCY_SCANS] {
        let t = Instant::now();
        door.scan(&mut reg, p, &ctx).expect("scan");
        unflushed.push(t.elapsed());
        door.housekeeping(&reg).expect("checkpoint");
    }
    unflushed.sort();
    reg.conn()
        .pragma_update(None, "synchronous", "FULL")
        .expect("pragma");
    // Remove those scans so that day 2 is fresh for the stdin run.
    reg.conn()
        .execute("DELETE FROM checkin WHERE station = 'NOFLUSH'", [])
        .expect("delete");

    // The disk's own flush latency, the floor of any durable write: 12 KB + fdatasync.
    let mut flush = Vec::with_capacity(300);
    {
        use std::io::{Seek, SeekFrom};
        let mut f = std::fs::File::create(dir.path().join("flush.probe")).expect("probe");
        f.write_all(&vec![0u8; 4096 * 64]).expect("write");
        f.sync_all().expect("sync");
        let block = vec![7u8; 4096 * 3];
        for i in 0..300u64 {
            f.seek(SeekFrom::Start((i % 60) * 4096)).expect("seek");
            f.write_all(&block).expect("write");
            let t = Instant::now();
            f.sync_data().expect("sync");
            flush.push(t.elapsed());
        }
    }
    flush.sort();

    let t = Instant::now();
    let s = accredit::checkin::stats(&reg).expect("stats");
    let stats_time = t.elapsed();
    let t = Instant::now();
    let found = accredit::checkin::lookup_by_name(&reg, "family4242", 20).expect("lookup");
    let lookup_time = t.elapsed();
    assert!(!found.is_empty() && s.total.nominated == DELEGATES as u64);
    drop(reg);

    // Throughput of the real binary on day 2 (fresh admissions).
    let input: String = passes[LATENCY_SCANS..].iter().map(|p| format!("{p}\n")).collect();
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_accredit"))
        .arg("--db")
        .arg(&db)
        .args(["checkin", "--stdin", "--at", "2015-07-07T09:00:00+02:00"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn accredit");
    let mut stdin = child.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut lines = 0usize;
    let mut ok = 0usize;
    for line in BufReader::new(child.stdout.take().expect("stdout")).lines() {
        let line = line.expect("line");
        lines += 1;
        ok += usize::from(line.starts_with("ADMITTED "));
    }
    let status = child.wait().expect("wait");
    let stdin_time = t.elapsed();
    feeder.join().expect("feeder").expect("write");
    assert!(
        status.success() && lines == STDIN_SCANS && ok == STDIN_SCANS,
        "{lines} lines, {ok} admitted"
    );

    println!("## Door check-in benchmark ({DELEGATES} delegates, database on disk, synchronous=FULL)\n");
    println!("| measure | value |");
    println!("|---|---|");
    println!("| fill 100k delegates (one transaction) | {} |", ms(fill));
    println!(
        "| scan to durable verdict, {LATENCY_SCANS} scans: p50 / p90 / p99 / max | {} / {} / {} / {} |",
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.9)),
        ms(percentile(&all, 0.99)),
        ms(*all.last().expect("scans"))
    );
    println!(
        "| ADMITTED only ({}): p50 / p99 | {} / {} |",
        admitted.len(),
        ms(percentile(&admitted, 0.5)),
        ms(percentile(&admitted, 0.99))
    );
    println!(
        "| ALREADY_IN + INVALID ({}): p50 / p99 | {} / {} |",
        refused.len(),
        ms(percentile(&refused, 0.5)),
        ms(percentile(&refused, 0.99))
    );
    println!(
        "| same scans without the flush (synchronous=OFF): p50 / p99 | {} / {} |",
        ms(percentile(&unflushed, 0.5)),
        ms(percentile(&unflushed, 0.99))
    );
    println!(
        "| the disk alone: 12 KB write + fdatasync, 300 times: p50 / p99 | {} / {} |",
        ms(percentile(&flush, 0.5)),
        ms(percentile(&flush, 0.99))
    );
    println!(
        "| `checkin --stdin`, {STDIN_SCANS} scans incl. process start | {} = {:.0} scans/s |",
        ms(stdin_time),
        STDIN_SCANS as f64 / stdin_time.as_secs_f64()
    );
    println!(
        "| `checkin::stats` (100k delegates, {} scans) | {} |",
        LATENCY_SCANS + STDIN_SCANS,
        ms(stats_time)
    );
    println!("| `checkin::lookup_by_name` | {} |", ms(lookup_time));
    let p99 = percentile(&all, 0.99);
    let rate = STDIN_SCANS as f64 / stdin_time.as_secs_f64();
    println!(
        "\ntargets: p99 <= 5 ms: {}; stdin >= 500 scans/s: {}",
        if p99 <= Duration::from_millis(5) {
            "met"
        } else {
            "MISSED"
        },
        if rate >= 500.0 { "met" } else { "MISSED" }
    );
}
