//! Several desks benchmark: a private PostgreSQL hub on this machine, one desk with the event
//! key and its desk copies, each running `accredit sync`, and door processes running
//! `accredit checkin --stdin` (each with its sync worker), all real processes on real files.
//!
//! Measured:
//! 1. **propagation**: a change saved at one desk (its registry open, as in the app; the
//!    desk's `accredit sync` worker notices it) until every other desk's registry shows it:
//!    p50, p99 per desk and for the last desk;
//! 2. **a door's verdict** (`checkin --stdin`, line written to verdict read) meanwhile: p50,
//!    p99;
//! 3. **a day offline**: one desk's worker stopped while 2,000 changes are made elsewhere,
//!    then `accredit sync --once` at that desk: its wall time (the catch-up);
//! 4. **memory per desk**: the peak resident size (VmHWM) of each desk's `accredit sync`
//!    process, and of the catch-up.
//!
//! Run: `cargo bench --bench desks` (release). `ACCREDIT_BENCH_SMALL=1`: 3 desks, 4 doors,
//! 5,000 delegates (a minute). Sizes can be set with `DESKS_BENCH_DESKS`, `_DOORS`,
//! `_DELEGATES`, `_CHANGES`, `_OFFLINE`. Targets: propagation p99 <= 500 ms with 10 desks, 50
//! doors and 100,000 delegates; verdict p99 <= 5 ms meanwhile; catch-up <= 5 s; <= 300 MB per
//! desk.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../tests/hub_support/mod.rs"]
mod hub_support;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use accredit::Registry;

fn size(name: &str, full: usize, small: usize) -> usize {
    if let Some(v) = std::env::var(format!("DESKS_BENCH_{name}"))
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return v;
    }
    if std::env::var_os("ACCREDIT_BENCH_SMALL").is_some() {
        small
    } else {
        full
    }
}

fn bin() -> PathBuf {
    // The binary built beside this bench (target/<profile>/accredit).
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("accredit")
}

fn run(db: &Path, args: &[&str]) -> String {
    let o = Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn summary(name: &str, v: &mut [Duration]) {
    v.sort();
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    println!(
        "{name}: n={} p50 {} p90 {} p99 {} max {}",
        v.len(),
        ms(percentile(v, 0.5)),
        ms(percentile(v, 0.9)),
        ms(percentile(v, 0.99)),
        ms(*v.last().unwrap())
    );
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn function_of(db: &Path, serial: i64) -> Option<String> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    c.busy_timeout(Duration::from_secs(1)).ok()?;
    c.query_row("SELECT function FROM delegate WHERE id = ?1", [serial], |r| {
        r.get(0)
    })
    .ok()
}

struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn sync_proc(db: &Path, log: &Path) -> Proc {
    Proc(
        Command::new(bin())
            .arg("--db")
            .arg(db)
            .arg("sync")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap(),
    )
}

struct Door {
    _p: Proc,
    stdin: ChildStdin,
    out: BufReader<ChildStdout>,
}

impl Door {
    fn start(db: &Path, log: &Path) -> Self {
        let mut child = Command::new(bin())
            .arg("--db")
            .arg(db)
            .args(["checkin", "--stdin", "--at", "2015-07-06T09:00:00+02:00"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        Self {
            _p: Proc(child),
            stdin,
            out,
        }
    }

    fn scan(&mut self, pass: &str) -> (String, Duration) {
        let t = Instant::now();
        writeln!(self.stdin, "{pass}").unwrap();
        self.stdin.flush().unwrap();
        let mut line = String::new();
        self.out.read_line(&mut line).unwrap();
        (line, t.elapsed())
    }
}

fn main() {
    let desks_n = size("DESKS", 10, 3);
    let doors_n = size("DOORS", 50, 4);
    let delegates = size("DELEGATES", 100_000, 5_000);
    let changes = size("CHANGES", 40, 12);
    let offline = size("OFFLINE", 2_000, 300);
    println!(
        "desks bench: {desks_n} desks, {doors_n} doors, {delegates} delegates, {changes} changes, {offline} offline changes; accredit {}",
        bin().display()
    );
    let pg = hub_support::PgServer::start();
    let dir = tempfile::tempdir().unwrap();
    let file = |n: &str| dir.path().join(n);
    let a = file("desk-0.sqlite3");

    // The registry: `delegates` people by CSV.
    let t = Instant::now();
    let csv = file("people.csv");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
        writeln!(
            w,
            "external_id,delegation,given_name,family_name,function,category,email"
        )
        .unwrap();
        let codes = ["AT", "FR", "DE", "IT", "GB", "US", "RU", "TR", "PL", "SE"];
        for i in 0..delegates {
            writeln!(
                w,
                "P-{i:06},{},Given{i},Family{i},Adviser,DEL,p{i}@example.org",
                codes[i % codes.len()]
            )
            .unwrap();
        }
    }
    run(&a, &["import", "delegates", csv.to_str().unwrap()]);
    println!(
        "set-up: {delegates} delegates imported in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let init = run(&a, &["hub", "init", &pg.admin_url()]);
    let line = |what: &str| {
        init.lines()
            .find_map(|l| l.strip_prefix(&format!("{what} login: ")))
            .unwrap()
            .to_string()
    };
    run(
        &a,
        &["station", "join", &line("desk"), "--door-url", &line("door")],
    );
    let t = Instant::now();
    run(&a, &["sync", "--once"]);
    println!(
        "set-up: the desk's first sync (door records) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut desks = vec![a.clone()];
    for i in 1..desks_n {
        let p = file(&format!("desk-{i}.sqlite3"));
        run(
            &a,
            &[
                "station",
                "package",
                "--role",
                "desk",
                "--name",
                &format!("Desk {i}"),
                "--out",
                p.to_str().unwrap(),
            ],
        );
        desks.push(p);
    }
    let mut door_files = Vec::new();
    for i in 0..doors_n {
        let p = file(&format!("door-{i}.sqlite3"));
        run(
            &a,
            &[
                "station",
                "package",
                "--name",
                &format!("Door {i}"),
                "--out",
                p.to_str().unwrap(),
            ],
        );
        door_files.push(p);
    }
    run(&a, &["sync", "--once"]);
    println!(
        "set-up: {} desk copies and {doors_n} door copies packaged in {:.1} s",
        desks_n - 1,
        t.elapsed().as_secs_f64()
    );
    let pass = {
        let reg = Registry::open(&a).unwrap();
        accredit::pass::issue(&reg, &reg.delegate(1).unwrap()).unwrap()
    };

    let mut syncs: Vec<Proc> = desks
        .iter()
        .enumerate()
        .map(|(i, d)| sync_proc(d, &file(&format!("sync-{i}.log"))))
        .collect();
    let mut doors: Vec<Door> = door_files
        .iter()
        .enumerate()
        .map(|(i, d)| Door::start(d, &file(&format!("door-{i}.log"))))
        .collect();
    // Every station's first round (certificates) before measuring.
    std::thread::sleep(Duration::from_secs(if delegates > 10_000 { 20 } else { 5 }));

    // 1 and 2: a change at one desk until every other desk shows it; a door scanning meanwhile.
    let mut per_desk = Vec::new();
    let mut last_desk = Vec::new();
    let mut verdicts = Vec::new();
    // Each desk as the app holds it: the registry open, a change saved by the desk's own
    // connection (the app's worker, here the desk's `accredit sync`, notices it).
    let mut open: Vec<Registry> = desks.iter().map(|d| Registry::open(d).unwrap()).collect();
    for k in 0..changes {
        let from = k % desks.len();
        let serial = 2 + (k as i64 * 7919) % (delegates as i64 - 1);
        let value = format!("Function {k}");
        let mut d = open[from].delegate(serial).unwrap();
        d.function = value.clone();
        let t = Instant::now();
        open[from].update_delegate(&d).unwrap();
        let mut pending: Vec<usize> = (0..desks.len()).filter(|&i| i != from).collect();
        let limit = Duration::from_secs(60);
        while !pending.is_empty() && t.elapsed() < limit {
            let n = doors.len();
            let (line, took) = doors[k % n].scan(&pass);
            assert!(!line.is_empty());
            verdicts.push(took);
            pending.retain(|&i| {
                if function_of(&desks[i], serial).as_deref() == Some(value.as_str()) {
                    per_desk.push(t.elapsed());
                    false
                } else {
                    true
                }
            });
            std::thread::sleep(Duration::from_millis(2));
        }
        assert!(
            pending.is_empty(),
            "change {k} did not reach desks {pending:?} within {limit:?}"
        );
        last_desk.push(t.elapsed());
    }
    summary("propagation to each desk", &mut per_desk);
    summary("propagation to every desk (the last)", &mut last_desk);
    summary("door verdict while desks sync", &mut verdicts);
    let mut hwm: Vec<u64> = syncs.iter().filter_map(|p| vm_hwm_kib(p.0.id())).collect();
    hwm.sort();
    println!(
        "memory per desk (accredit sync, VmHWM): min {} MiB, max {} MiB",
        hwm.first().copied().unwrap_or(0) / 1024,
        hwm.last().copied().unwrap_or(0) / 1024
    );

    drop(open);
    // 3: a desk offline while `offline` changes are made elsewhere.
    let off = desks.len() - 1;
    drop(syncs.remove(off));
    {
        let mut reg = Registry::open(&a).unwrap();
        for k in 0..offline {
            let serial = 2 + (k as i64 * 104_729) % (delegates as i64 - 1);
            let mut d = reg.delegate(serial).unwrap();
            d.function = format!("Offline {k}");
            reg.update_delegate(&d).unwrap();
        }
    }
    let last_serial = 2 + ((offline as i64 - 1) * 104_729) % (delegates as i64 - 1);
    let last_value = format!("Offline {}", offline - 1);
    // Wait until another desk has the last one: everything is on the hub.
    let t = Instant::now();
    let witness = &desks[1 % desks.len().max(1)];
    while function_of(witness, last_serial).as_deref() != Some(last_value.as_str()) {
        assert!(
            t.elapsed() < Duration::from_secs(300),
            "the offline changes did not spread"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    println!(
        "{offline} changes at one desk reached another desk in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut child = Command::new(bin())
        .arg("--db")
        .arg(&desks[off])
        .args(["sync", "--once"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut peak = 0;
    loop {
        if let Some(v) = vm_hwm_kib(child.id()) {
            peak = peak.max(v);
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let took = t.elapsed();
    assert_eq!(
        function_of(&desks[off], last_serial).as_deref(),
        Some(last_value.as_str())
    );
    println!(
        "a desk offline for {offline} changes caught up (sync --once) in {:.2} s, peak {} MiB",
        took.as_secs_f64(),
        peak / 1024
    );
    drop(doors.drain(..));
    drop(syncs);
}
