//! Event network benchmark: a private PostgreSQL hub on this machine, a desk with 100,000
//! delegates running `accredit sync`, and 20 door processes running `accredit checkin --stdin`
//! (each with its sync worker), all real processes on real files.
//!
//! Measured:
//! 1. pass-back: a scan at one door until the scan is in another door's log (from then on
//!    that door answers ALREADY_IN; checked by scanning there at the end): p50, p99;
//! 2. a reissue and a withdrawal at the desk (another process writing the desk's file, as the
//!    command line does) until every door holds the new record (REVOKED there): p50, p99 per
//!    door and per change (the last door);
//! 3. a door whose cable is pulled (a TCP proxy in front of the hub cut) queues 5,000 scans
//!    while another door scans 500; after the cable is back: the time until its 5,000 scans
//!    are on the hub (and, for information, at another door) and until it holds the 500;
//! 4. scan-to-durable-verdict at a door (line written to verdict line read, through the
//!    pipe) while every door scans and syncs, against the same door while the others idle.
//!
//! Run: `cargo bench --bench network`, or with the stations in a release build of the
//! command line and this harness built for tests: `cargo build --release
//! --no-default-features --bin accredit`, then `ACCREDIT_BENCH_BIN=target/release/accredit
//! cargo test --bench network`. Targets: 1 s p99 (pass-back p50 < 100 ms), 1 s p99 for
//! revocations, 5 s catch-up, verdict p99 <= 5 ms.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../tests/hub_support/mod.rs"]
mod hub_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use accredit::Registry;
use accredit::registry::Status;

/// A size, from the environment for a quick smoke run (`ACCREDIT_BENCH_SMALL=1`).
fn size(full: usize, small: usize) -> usize {
    if std::env::var_os("ACCREDIT_BENCH_SMALL").is_some() {
        small
    } else {
        full
    }
}
const DAY1: &str = "2015-07-06T09:00:00+02:00";

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn summary(name: &str, v: &mut [Duration]) -> (Duration, Duration) {
    v.sort();
    let (p50, p99) = (percentile(v, 0.5), percentile(v, 0.99));
    println!(
        "{name}: n={} p50 {} p90 {} p99 {} max {}",
        v.len(),
        ms(p50),
        ms(percentile(v, 0.9)),
        ms(p99),
        ms(v[v.len() - 1])
    );
    (p50, p99)
}

/// A TCP proxy in front of the hub whose "cable" can be pulled.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Proxy {
    fn start(target: u16) -> Self {
        let l = TcpListener::bind("127.0.0.1:0").expect("proxy bind");
        let port = l.local_addr().expect("addr").port();
        let up = Arc::new(AtomicBool::new(true));
        let open = Arc::new(Mutex::new(Vec::<TcpStream>::new()));
        let (u, o) = (Arc::clone(&up), Arc::clone(&open));
        std::thread::spawn(move || {
            for c in l.incoming() {
                let Ok(client) = c else { continue };
                if !u.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                if let (Ok(a), Ok(b)) = (client.try_clone(), server.try_clone()) {
                    o.lock().unwrap().extend([a, b]);
                }
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    std::thread::spawn(move || {
                        let mut buf = [0u8; 16 * 1024];
                        loop {
                            match from.read(&mut buf) {
                                Ok(0) | Err(_) => break,
                                Ok(n) => {
                                    if to.write_all(&buf[..n]).is_err() {
                                        break;
                                    }
                                }
                            }
                        }
                        let _ = to.shutdown(Shutdown::Both);
                    });
                }
            }
        });
        Self { port, up, open }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for s in self.open.lock().unwrap().drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

struct DoorProc {
    db: PathBuf,
    child: Child,
    stdin: ChildStdin,
    out: BufReader<ChildStdout>,
}

impl DoorProc {
    fn start(db: &Path, at: &str) -> Self {
        let mut child = Command::new(station_bin())
            .arg("--db")
            .arg(db)
            .args(["checkin", "--stdin", "--at", at])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("door process");
        let stdin = child.stdin.take().expect("stdin");
        let out = BufReader::new(child.stdout.take().expect("stdout"));
        Self {
            db: db.to_path_buf(),
            child,
            stdin,
            out,
        }
    }

    fn send(&mut self, pass: &str) {
        writeln!(self.stdin, "{pass}").expect("write");
        self.stdin.flush().expect("flush");
    }

    fn line(&mut self) -> String {
        let mut l = String::new();
        self.out.read_line(&mut l).expect("read");
        assert!(!l.is_empty(), "door process {} ended", self.db.display());
        l.trim_end().to_string()
    }

    fn scan(&mut self, pass: &str) -> String {
        self.send(pass);
        self.line()
    }
}

impl Drop for DoorProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uuid_of(line: &str) -> String {
    line.rsplit("| scan ").next().unwrap_or("").trim().to_string()
}

fn code(line: &str) -> &str {
    line.split_whitespace().next().unwrap_or("")
}

fn reader(db: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("read-only");
    c.busy_timeout(Duration::from_secs(5)).expect("busy");
    c
}

fn has_scan(c: &rusqlite::Connection, uuid: &str) -> bool {
    c.prepare_cached("SELECT COUNT(*) FROM checkin WHERE uuid = ?1")
        .and_then(|mut s| s.query_row([uuid], |r| r.get::<_, i64>(0)))
        .unwrap_or(0)
        == 1
}

fn version_and_status(c: &rusqlite::Connection, id: i64) -> (i64, String) {
    c.prepare_cached("SELECT badge_version, status FROM delegate WHERE id = ?1")
        .and_then(|mut s| s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))))
        .unwrap_or((0, String::new()))
}

fn run(bin: &str, db: &Path, args: &[&str]) -> String {
    let o = Command::new(bin)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("accredit");
    assert!(
        o.status.success(),
        "accredit {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn fill(reg: &mut Registry, n: i64) {
    let delegations: Vec<String> = reg
        .delegations(Default::default())
        .expect("delegations")
        .into_iter()
        .map(|d| d.code)
        .collect();
    let categories = ["DEL", "HOD", "IO", "NGO", "MEDIA", "PARTNER"];
    let tx = reg.conn_mut().transaction().expect("tx");
    {
        let mut stmt = tx
            .prepare(
                "INSERT INTO delegate (id, delegation, title, given_name, family_name, category, email, \
                 status, attention, badge_version, printed_version, created_at, updated_at) \
                 VALUES (?1, ?2, 'Mr.', ?3, ?4, ?5, ?6, 'accredited', '', 1, 1, ?7, ?7)",
            )
            .expect("prepare");
        let now = accredit::registry::now_rfc3339();
        for id in 1..=n {
            let i = id as usize;
            stmt.execute(rusqlite::params![
                id,
                delegations[i % delegations.len()],
                format!("Given{i}"),
                format!("Family{i}"),
                categories[i % categories.len()],
                format!("p{i}@example.org"),
                now,
            ])
            .expect("insert");
        }
    }
    tx.commit().expect("commit");
}

/// The binary the stations run: `ACCREDIT_BENCH_BIN` when set, else this build's.
fn station_bin() -> String {
    std::env::var("ACCREDIT_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_accredit").to_string())
}

fn main() {
    let delegates_n = size(100_000, 100_000) as i64;
    let doors_n = size(20, 4);
    let pass_back_n = size(300, 30);
    let revocations_n = size(20, 4);
    let queued_n = size(5_000, 500);
    let verdicts_n = size(400, 50);
    // `ACCREDIT_BENCH_BIN` runs the stations with another build of the binary (a release
    // build of the command line while this harness is built for tests).
    let bin_owned = station_bin();
    let bin = bin_owned.as_str();
    let pg = hub_support::PgServer::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = dir.path().join("desk.sqlite3");
    let t = Instant::now();
    let mut reg = Registry::open(&desk).expect("desk");
    fill(&mut reg, delegates_n);
    drop(reg);
    println!(
        "{delegates_n} delegates at the desk in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // The hub, and the desk joined; door logins go through the proxy (one per door would be
    // truer, one for all is enough: only one door's cable is pulled, see below).
    let init = run(bin, &desk, &["hub", "init", &pg.admin_url()]);
    let login = |what: &str| -> String {
        init.lines()
            .find_map(|l| l.strip_prefix(&format!("{what} login: ")))
            .expect("login line")
            .to_string()
    };
    let (desk_url, door_url) = (login("desk"), login("door"));
    run(
        bin,
        &desk,
        &["station", "join", &desk_url, "--door-url", &door_url],
    );
    let t = Instant::now();
    let o = Command::new(bin)
        .arg("--db")
        .arg(&desk)
        .args(["sync", "--once"])
        .output()
        .expect("sync");
    println!(
        "desk's first sync (records of every delegate to the hub) in {:.1} s: {}",
        t.elapsed().as_secs_f64(),
        String::from_utf8_lossy(&o.stderr).trim()
    );
    let t = Instant::now();
    let doors: Vec<PathBuf> = (0..doors_n)
        .map(|i| {
            let p = dir.path().join(format!("door{i}.sqlite3"));
            run(
                bin,
                &desk,
                &[
                    "station",
                    "package",
                    "--out",
                    p.to_str().expect("path"),
                    "--name",
                    &format!("Door {i}"),
                ],
            );
            p
        })
        .collect();
    println!(
        "{doors_n} door copies packaged in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    // Door 0 reaches the hub through a proxy whose cable can be pulled.
    let proxy = Proxy::start(pg.port());
    {
        let r = Registry::open(&doors[0]).expect("door 0");
        let url: String = r.meta("hub_url").expect("meta").expect("joined");
        r.set_meta(
            "hub_url",
            &url.replace(&format!(":{}/", pg.port()), &format!(":{}/", proxy.port)),
        )
        .expect("set");
    }
    let mut desk_sync = Command::new(bin)
        .arg("--db")
        .arg(&desk)
        .arg("sync")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("desk sync");
    let mut procs: Vec<DoorProc> = doors.iter().map(|d| DoorProc::start(d, DAY1)).collect();
    let readers: Vec<rusqlite::Connection> = doors.iter().map(|d| reader(d)).collect();
    // Passes for the badges used: issued at the desk.
    let reg = Registry::open(&desk).expect("desk");
    let pass = |id: i64| accredit::pass::issue(&reg, &reg.delegate(id).expect("delegate")).expect("pass");
    // Let every worker connect and settle.
    std::thread::sleep(Duration::from_secs(3));

    // 4a. Reference: door 1 scanning while the others idle.
    let mut quiet = Vec::new();
    for k in 0..verdicts_n {
        let p = pass(50_000 + k as i64);
        let t = Instant::now();
        let l = procs[1].scan(&p);
        quiet.push(t.elapsed());
        assert_eq!(code(&l), "ADMITTED", "{l}");
    }

    // 1. Pass-back, while (4b) every other door scans too.
    let stop = Arc::new(AtomicBool::new(false));
    let mut pass_back = Vec::new();
    let mut checked = Vec::new();
    for k in 0..pass_back_n {
        let (i, j) = (2 + k % (doors_n - 2), 2 + (k + 1) % (doors_n - 2));
        let id = 1 + k as i64;
        let l = procs[i].scan(&pass(id));
        let t = Instant::now();
        assert_eq!(code(&l), "ADMITTED", "{l}");
        let u = uuid_of(&l);
        while !has_scan(&readers[j], &u) {
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "scan {u} never reached door {j}"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        pass_back.push(t.elapsed());
        if k % 50 == 0 {
            checked.push((j, id));
        }
    }
    for (j, id) in checked {
        let l = procs[j].scan(&pass(id));
        assert_eq!(code(&l), "ALREADY_IN", "door {j}: {l}");
    }
    // 4b. Door 1 while every door scans (a background feeder on doors 2..) and syncs.
    let feeders: Vec<_> = (2..doors_n)
        .map(|i| {
            let p: Vec<String> = (0..60).map(|k| pass(60_000 + (i * 100 + k) as i64)).collect();
            let mut d = procs.remove(2);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    d.scan(&p[n % p.len()]);
                    n += 1;
                    std::thread::sleep(Duration::from_millis(20));
                }
                (d, n)
            })
        })
        .collect();
    let mut busy = Vec::new();
    for k in 0..verdicts_n {
        let p = pass(70_000 + k as i64);
        let t = Instant::now();
        let l = procs[1].scan(&p);
        busy.push(t.elapsed());
        assert_eq!(code(&l), "ADMITTED", "{l}");
    }
    stop.store(true, Ordering::Relaxed);
    let mut scans_elsewhere = 0;
    for f in feeders {
        let (d, n) = f.join().expect("feeder");
        scans_elsewhere += n;
        procs.push(d);
    }
    println!(
        "(while door 1 was measured, doors 2..{} made {scans_elsewhere} scans)",
        doors_n - 1
    );

    // 2. Reissues and withdrawals at the desk until every door holds the new record.
    let mut per_door = Vec::new();
    let mut last_door = Vec::new();
    let mut reg_w = Registry::open(&desk).expect("desk");
    for k in 0..revocations_n {
        let id = 90_000 + k as i64;
        let t = Instant::now();
        let want = if k % 2 == 0 {
            (
                reg_w.reissue(id).expect("reissue") as i64,
                "accredited".to_string(),
            )
        } else {
            reg_w.set_status(id, Status::Withdrawn).expect("withdraw");
            (1, "withdrawn".to_string())
        };
        let mut pending: Vec<usize> = (0..doors_n).collect();
        while !pending.is_empty() {
            pending.retain(|&d| {
                if version_and_status(&readers[d], id) == want {
                    per_door.push(t.elapsed());
                    false
                } else {
                    true
                }
            });
            assert!(
                t.elapsed() < Duration::from_secs(60),
                "revocation {id} stuck at {pending:?}"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        last_door.push(t.elapsed());
    }
    drop(reg_w);

    // 3. Door 0's cable pulled: 5,000 queued scans there, 500 at door 1 meanwhile.
    let d0 = procs.iter().position(|p| p.db == doors[0]).expect("door 0");
    let d1 = procs.iter().position(|p| p.db == doors[1]).expect("door 1");
    proxy.cut();
    std::thread::sleep(Duration::from_millis(500));
    let queued: Vec<String> = (0..queued_n).map(|k| pass(10_000 + k as i64)).collect();
    let mut queued_ids = Vec::with_capacity(queued_n);
    for chunk in queued.chunks(250) {
        for p in chunk {
            procs[d0].send(p);
        }
        for _ in chunk {
            queued_ids.push(uuid_of(&procs[d0].line()));
        }
    }
    let mut elsewhere = Vec::new();
    for k in 0..500 {
        elsewhere.push(uuid_of(&procs[d1].scan(&pass(80_000 + k))));
    }
    let waiting: i64 = reader(&doors[0])
        .query_row(
            "SELECT COUNT(*) FROM outbox WHERE seq > COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'hub_sent'), 0)",
            [],
            |r| r.get(0),
        )
        .expect("waiting");
    println!("door 0 offline: {waiting} items waiting");
    let t = Instant::now();
    proxy.restore();
    let last_up = queued_ids.last().expect("queued").clone();
    let last_down = elsewhere.last().expect("elsewhere").clone();
    let mut hub = postgres::Client::connect(&pg.admin_url(), postgres::NoTls).expect("hub");
    let on_hub = |hub: &mut postgres::Client, key: &str| -> bool {
        hub.query_opt(
            "SELECT 1 FROM accredit_hub.item WHERE kind = 'scan' AND key = $1",
            &[&key],
        )
        .map(|r| r.is_some())
        .unwrap_or(false)
    };
    let (mut sent, mut up, mut down) = (None, None, None);
    while up.is_none() || down.is_none() {
        if sent.is_none() && on_hub(&mut hub, &last_up) {
            sent = Some(t.elapsed());
        }
        if up.is_none() && has_scan(&readers[doors_n - 1], &last_up) {
            up = Some(t.elapsed());
        }
        if down.is_none() && has_scan(&readers[0], &last_down) {
            down = Some(t.elapsed());
        }
        assert!(t.elapsed() < Duration::from_secs(120), "door 0 never caught up");
        std::thread::sleep(Duration::from_millis(5));
    }
    let all_up = queued_ids.iter().all(|u| has_scan(&readers[doors_n - 1], u));
    let all_down = elsewhere.iter().all(|u| has_scan(&readers[0], u));
    assert!(all_up && all_down, "every scan arrived");
    let sent = sent.unwrap_or_else(|| t.elapsed());
    let uploaded: i64 = hub
        .query_one(
            "SELECT COUNT(*) FROM accredit_hub.item WHERE kind = 'scan' AND key = ANY($1)",
            &[&queued_ids],
        )
        .expect("count")
        .get(0);
    assert_eq!(uploaded as usize, queued_n, "every queued scan on the hub once");
    // The door itself has caught up when its queue is on the hub and it holds what it missed.
    let catch_up = sent.max(down.unwrap_or_default());

    drop(procs);
    let _ = desk_sync.kill();
    let _ = desk_sync.wait();

    println!();
    let (pb50, pb99) = summary(
        "pass-back, scan at one door until in another's log",
        &mut pass_back,
    );
    let (_, rev99) = summary("revocation, per door", &mut per_door);
    let (_, every99) = summary("revocation, until every door", &mut last_door);
    println!(
        "offline door, from the cable back: its {queued_n} queued scans on the hub after {}, at another door after {}; the 500 scans it missed at it after {}",
        ms(sent),
        ms(up.unwrap_or_default()),
        ms(down.unwrap_or_default())
    );
    let (_, q99) = summary("verdict at door 1, the others idle (reference)", &mut quiet);
    let (_, b99) = summary("verdict at door 1, every door scanning and syncing", &mut busy);
    println!();
    let met = |ok: bool| if ok { "met" } else { "NOT met" };
    println!(
        "pass-back p99 {} <= 1 s: {}; p50 {} < 100 ms: {}",
        ms(pb99),
        met(pb99 <= Duration::from_secs(1)),
        ms(pb50),
        met(pb50 < Duration::from_millis(100))
    );
    println!(
        "revocation at every door p99 {} <= 1 s: {} (per door p99 {})",
        ms(every99),
        met(every99 <= Duration::from_secs(1)),
        ms(rev99)
    );
    println!(
        "catch-up {} <= 5 s: {}",
        ms(catch_up),
        met(catch_up <= Duration::from_secs(5))
    );
    println!(
        "verdict p99 while syncing {} <= 5 ms: {} (reference {})",
        ms(b99),
        met(b99 <= Duration::from_millis(5)),
        ms(q99)
    );
}
