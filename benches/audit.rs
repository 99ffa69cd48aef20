//! The audit chain: `accredit audit verify` of 100,000 entries (target: under 1 s), against a
//! plain read of the same rows in the same run; and what linking costs when entries are
//! written.
//!
//! Run: `cargo bench --bench audit` (entries: `ACCREDIT_BENCH_ENTRIES`, default 100,000;
//! runs: `ACCREDIT_BENCH_RUNS`, default 5, median; the steps take turns within each run).
//!
//! The trail: one import entry whose batch holds 100,000 created delegates' records (as a
//! 100,000-row import writes it), then 99,999 updates of delegates with a before and after
//! of about 700 bytes each, written through `audit::record` as the desk writes them.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::process::Command;
use std::time::Instant;

use accredit::Registry;
use accredit::registry::{audit, chain};

fn main() {
    let entries = env_num("ACCREDIT_BENCH_ENTRIES", 100_000).max(2);
    let runs = env_num("ACCREDIT_BENCH_RUNS", 5).max(1);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("audit.sqlite3");
    let mut reg = Registry::open(&db).expect("open");
    // The seed's own entries come first.
    let seeded = chain::verify(reg.conn())
        .expect("verify")
        .expect("a chain")
        .entries;

    // Writing: the import entry with its batch, then the updates, in one transaction each.
    let t = Instant::now();
    {
        let tx = reg.conn_mut().transaction().expect("tx");
        let mut log = audit::CreationLog::default();
        for id in 1..=100_000i64 {
            log.add(id, &record(id, "Programme Officer")).expect("add");
        }
        log.finish()
            .expect("finish")
            .record(
                &tx,
                "2015-06-01T10:00:00Z",
                "desk",
                "nominations.csv",
                "{\"created\":100000}",
            )
            .expect("record");
        tx.commit().expect("commit");
    }
    let import_s = t.elapsed().as_secs_f64();
    let updates = entries as i64 - 1;
    let write = |reg: &mut Registry, chained: bool| -> f64 {
        let tx = reg.conn_mut().transaction().expect("tx");
        let t = Instant::now();
        for i in 0..updates {
            let id = (i % 100_000) + 1;
            let before = serde_json::to_string(&record(id, "Programme Officer")).unwrap_or_default();
            let after = serde_json::to_string(&record(id, "Senior Programme Officer")).unwrap_or_default();
            if chained {
                audit::record(
                    &tx,
                    "desk",
                    "delegate",
                    &id.to_string(),
                    "update",
                    Some(&before),
                    Some(&after),
                )
                .expect("record");
            } else {
                tx.prepare_cached(
                    "INSERT INTO plain (at, operator, entity, entity_id, action, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .and_then(|mut s| {
                    s.execute(rusqlite::params![
                        accredit::registry::now_rfc3339(),
                        "desk",
                        "delegate",
                        id.to_string(),
                        "update",
                        before,
                        after
                    ])
                })
                .expect("insert");
            }
        }
        let s = t.elapsed().as_secs_f64();
        tx.commit().expect("commit");
        s
    };
    reg.conn()
        .execute_batch(
            "CREATE TABLE plain (id INTEGER PRIMARY KEY, at TEXT, operator TEXT, entity TEXT, entity_id TEXT, action TEXT, before TEXT, after TEXT)",
        )
        .expect("plain table");
    let plain_write = write(&mut reg, false);
    let chained_write = write(&mut reg, true);
    reg.conn()
        .execute_batch("DROP TABLE plain; VACUUM;")
        .expect("drop");
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    let total = seeded + entries as u64;
    println!(
        "trail: {total} entries ({seeded} of the seed, 1 import with 100,000 created records, {updates} updates), \
         {:.1} MB; import entry written in {import_s:.2} s",
        size as f64 / 1e6
    );
    println!(
        "writing {updates} updates in one transaction: chained {chained_write:.2} s, plain INSERT {plain_write:.2} s \
         ({:.1} us more per entry)",
        (chained_write - plain_write) / updates as f64 * 1e6
    );
    drop(reg);

    let accredit = env!("CARGO_BIN_EXE_accredit");
    let mut verify_cli = Vec::new();
    let mut verify_lib = Vec::new();
    let mut read = Vec::new();
    for _ in 0..runs {
        // Reference: read every value of the same rows (the join included), hash nothing.
        let conn = rusqlite::Connection::open(&db).expect("open");
        let t = Instant::now();
        let mut bytes = 0usize;
        {
            let mut stmt = conn
                .prepare(
                    "SELECT a.id, a.at, a.operator, a.entity, a.entity_id, a.action, a.before, a.after, a.hash, \
                     b.blocks, b.created FROM audit a LEFT JOIN audit_batch b ON b.audit_id = a.id ORDER BY a.id",
                )
                .expect("prepare");
            let mut q = stmt.query([]).expect("query");
            while let Some(r) = q.next().expect("row") {
                for i in 1..11 {
                    bytes += r
                        .get_ref(i)
                        .map(|v| v.as_bytes().map_or(0, |b| b.len()))
                        .unwrap_or(0);
                }
            }
        }
        read.push(t.elapsed().as_secs_f64());
        std::hint::black_box(bytes);

        let t = Instant::now();
        let v = chain::verify(&conn).expect("verify").expect("the chain verifies");
        verify_lib.push(t.elapsed().as_secs_f64());
        assert_eq!(v.entries, total);
        drop(conn);

        let t = Instant::now();
        let out = Command::new(accredit)
            .arg("--db")
            .arg(&db)
            .args(["audit", "verify"])
            .output()
            .expect("run");
        verify_cli.push(t.elapsed().as_secs_f64());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let (cli, lib, rd) = (median(verify_cli), median(verify_lib), median(read));
    println!("read every value (reference): {rd:.3} s");
    println!("chain::verify: {lib:.3} s ({:.2}x the plain read)", lib / rd);
    println!(
        "`accredit audit verify` (whole process): {cli:.3} s; target under 1 s: {}",
        if cli < 1.0 { "met" } else { "NOT met" }
    );
}

/// A delegate's record as the audit trail holds it (about 700 bytes of JSON).
fn record(id: i64, function: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "external_id": format!("REG-1-{id:06}"),
        "delegation": "AT",
        "title": "H.E. Ms.",
        "given_name": "Maria-Theresia",
        "family_name": format!("Huber-Oberlechner {id}"),
        "native_name": "",
        "function": function,
        "category": "DEL",
        "email": format!("m.huber{id}@bmeia.example.gv.at"),
        "days": ["2015-07-06", "2015-07-07"],
        "zones": ["PLENARY", "BILATERAL"],
        "photo": null,
        "status": "accredited",
        "attention": "Arrives with an interpreter; seated at the head of the delegation in the plenary hall",
        "badge_version": 1,
        "printed_version": 0,
        "created_at": "2015-06-01T10:00:00Z",
        "updated_at": "2015-06-02T11:30:00Z",
        "note": "Nominated by note verbale of the Permanent Mission, reference 2015/0614/AT-OSCE, received by the Secretariat",
    })
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
