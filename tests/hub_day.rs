//! The event network on the day (issue 25): a frozen hub noticed within the deadlines, the
//! worker's truth in `station status`, a renewed password reported by the running worker,
//! a station of another event refused, TLS verified against the hub's CA, and `hub serve`
//! started and stopped by the test with a desk and a door joined through its printed lines.
//! Real private PostgreSQL servers (tests/hub_support), the real binary, a TCP proxy the
//! test controls between a station and the server.

mod checkin_common;
mod hub_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use checkin_common::*;
use hub_support::PgServer;

fn ok(o: &std::process::Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn login_line(out: &str, what: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{what} login: ")))
        .unwrap_or_else(|| panic!("no {what} login in {out}"))
        .to_string()
}

fn wait_for(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) -> Duration {
    let t = Instant::now();
    loop {
        if cond() {
            return t.elapsed();
        }
        assert!(t.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn has_scan(db: &Path, uuid: &str) -> bool {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| {
            c.query_row("SELECT COUNT(*) FROM checkin WHERE uuid = ?1", [uuid], |r| {
                r.get::<_, i64>(0)
            })
        })
        .unwrap_or(0)
        == 1
}

/// A TCP proxy between stations and the server that the test can stall: while stalled it
/// keeps every socket open and forwards nothing, in either direction (no FIN, no data), as
/// a frozen hub host or a half-open link does; new connections are accepted and held too.
struct Proxy {
    port: u16,
    stalled: Arc<AtomicBool>,
}

impl Proxy {
    fn start(target: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stalled = Arc::new(AtomicBool::new(false));
        let s = Arc::clone(&stalled);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                for (from, to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    let s = Arc::clone(&s);
                    std::thread::spawn(move || pump(from, to, &s));
                }
            }
        });
        Self { port, stalled }
    }

    fn stall(&self, on: bool) {
        self.stalled.store(on, Ordering::SeqCst);
    }
}

fn pump(mut from: TcpStream, mut to: TcpStream, stalled: &AtomicBool) {
    from.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        while stalled.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(10));
        }
        match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                // Read just before a stall: held until it ends.
                while stalled.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(10));
                }
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break,
        }
    }
    let _ = to.shutdown(std::net::Shutdown::Both);
}

/// A `checkin --stdin` process.
struct DoorProc {
    child: Child,
    stdin: Option<ChildStdin>,
    out: BufReader<ChildStdout>,
}

impl DoorProc {
    fn start(db: &Path, log: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_accredit"))
            .arg("--db")
            .arg(db)
            .args(["checkin", "--stdin", "--at", DAY1, "--status-every", "1"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let out = BufReader::new(child.stdout.take().unwrap());
        Self { child, stdin, out }
    }

    fn scan(&mut self, pass: &str) -> (String, Duration) {
        let t = Instant::now();
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{pass}").unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        self.out.read_line(&mut line).unwrap();
        assert!(!line.is_empty(), "the door process ended");
        (line.trim_end().to_string(), t.elapsed())
    }
}

impl Drop for DoorProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct SyncProc(Child);

impl SyncProc {
    fn start(db: &Path, log: &Path) -> Self {
        Self(
            Command::new(env!("CARGO_BIN_EXE_accredit"))
                .arg("--db")
                .arg(db)
                .args(["sync", "--status-every", "1"])
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(log).unwrap())
                .spawn()
                .unwrap(),
        )
    }
}

impl Drop for SyncProc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `station status`, which must answer within 2 s whatever the hub does.
fn status(db: &Path) -> String {
    let t = Instant::now();
    let out = ok(&accredit(db, &["station", "status"]));
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "station status took {:?}",
        t.elapsed()
    );
    out
}

/// A desk joined to the hub directly, its door logins going through `door_host_port`.
fn joined_desk(pg: &PgServer, door_port: u16) -> (Desk, String, String) {
    let desk = Desk::new();
    let init = ok(&accredit(&desk.db, &["hub", "init", &pg.admin_url()]));
    let (desk_url, door_url) = (login_line(&init, "desk"), login_line(&init, "door"));
    let door_url = door_url.replace(&format!(":{}/", pg.port()), &format!(":{door_port}/"));
    ok(&accredit(
        &desk.db,
        &["station", "join", &desk_url, "--door-url", &door_url],
    ));
    (desk, desk_url, door_url)
}

#[test]
fn a_stalled_hub_is_noticed_within_the_deadlines_and_the_network_converges_after() {
    let pg = PgServer::start_scram();
    let proxy = Proxy::start(pg.port());
    let (desk, _, _) = joined_desk(&pg, proxy.port);
    let mut reg = desk.reg();
    let passes: Vec<String> = (0..6)
        .map(|i| add(&mut reg, &person("AT", "Guest", &format!("Stall{i}"), "DEL")).1)
        .collect();
    drop(reg);
    let door = desk.file("door.sqlite3");
    ok(&accredit(
        &desk.db,
        &[
            "station",
            "package",
            "--out",
            door.to_str().unwrap(),
            "--name",
            "Door S",
        ],
    ));
    let _desk_sync = SyncProc::start(&desk.db, &desk.file("desk-sync.log"));
    let door_log = desk.file("door.log");
    let mut d = DoorProc::start(&door, &door_log);
    let (line, _) = d.scan(&passes[0]);
    assert_eq!(code(&line), "ADMITTED", "{line}");
    let first = scan_id(&line).to_string();
    wait_for("the first scan at the desk", Duration::from_secs(20), || {
        has_scan(&desk.db, &first)
    });
    wait_for(
        "the door's worker recorded connected",
        Duration::from_secs(10),
        || status(&door).contains("connection: connected"),
    );

    // The link stalls: no FIN, no data.
    proxy.stall(true);
    let stalled_at = Instant::now();
    let mut during = Vec::new();
    for p in &passes[1..4] {
        let (line, took) = d.scan(p);
        assert_eq!(code(&line), "ADMITTED", "{line}");
        assert!(
            took < Duration::from_secs(2),
            "a scan waited {took:?} on a stalled hub"
        );
        during.push(scan_id(&line).to_string());
    }
    let took = wait_for("the offline verdict", Duration::from_secs(10), || {
        status(&door).contains("connection: offline since")
    });
    eprintln!(
        "offline verdict {:?} after the stall",
        stalled_at.elapsed().max(took)
    );
    assert!(stalled_at.elapsed() <= Duration::from_secs(11));
    let s = status(&door);
    assert!(
        s.contains("did not answer within") || s.contains("cannot reach"),
        "{s}"
    );
    assert!(s.contains("waiting to be sent: 3 scans"), "{s}");
    // `sync --once` gives up within 15 s with exit status 1.
    let t = Instant::now();
    let o = accredit(&door, &["sync", "--once"]);
    let took = t.elapsed();
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(took < Duration::from_secs(15), "sync --once took {took:?}");
    eprintln!("sync --once on a stalled hub: exit 1 after {took:?}");
    // Scans still answer.
    let (line, took) = d.scan(&passes[4]);
    assert_eq!(code(&line), "ADMITTED", "{line}");
    assert!(took < Duration::from_secs(2));
    during.push(scan_id(&line).to_string());
    // The worker's line on standard error says so (every second in this test).
    let log = std::fs::read_to_string(&door_log).unwrap();
    assert!(log.contains("network: OFFLINE since"), "{log}");

    // The link resumes: everything converges.
    proxy.stall(false);
    let took = wait_for("convergence after the stall", Duration::from_secs(30), || {
        during.iter().all(|u| has_scan(&desk.db, u))
    });
    eprintln!("converged {took:?} after the link resumed");
    wait_for("connected again", Duration::from_secs(15), || {
        status(&door).contains("connection: connected")
    });

    // End of input while the hub is frozen: the door exits within the deadline, its scan
    // kept in its database (issue 23 #20).
    let (line, _) = d.scan(&passes[5]);
    let last = scan_id(&line).to_string();
    proxy.stall(true);
    std::thread::sleep(Duration::from_millis(300));
    drop(d.stdin.take());
    let t = Instant::now();
    let st = d.child.wait().unwrap();
    let took = t.elapsed();
    assert!(st.success(), "{st:?}");
    assert!(
        took < Duration::from_secs(15),
        "checkin --stdin took {took:?} to exit"
    );
    eprintln!("checkin --stdin exited {took:?} after the end of its input on a frozen hub");
    assert!(has_scan(&door, &last));
    proxy.stall(false);
}

#[test]
fn new_passwords_are_reported_by_the_running_worker_and_a_join_again_is_picked_up() {
    let pg = PgServer::start_scram();
    let (desk, _, _) = joined_desk(&pg, pg.port());
    let door = desk.file("door.sqlite3");
    ok(&accredit(
        &desk.db,
        &["station", "package", "--out", door.to_str().unwrap()],
    ));
    let log = desk.file("door-sync.log");
    let _door_sync = SyncProc::start(&door, &log);
    wait_for("connected", Duration::from_secs(15), || {
        status(&door).contains("connection: connected")
    });
    let init = ok(&accredit(
        &desk.db,
        &["hub", "init", &pg.admin_url(), "--new-passwords"],
    ));
    wait_for("authentication refused", Duration::from_secs(15), || {
        status(&door).contains("connection: authentication refused")
    });
    let s = status(&door);
    assert!(s.contains("what to do:") && s.contains("station join"), "{s}");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("password authentication failed"), "{text}");
    assert!(text.contains("what to do:"), "{text}");
    // Joined again with the new door login: the running worker picks it up.
    ok(&accredit(&door, &["station", "join", &login_line(&init, "door")]));
    wait_for("connected with the new login", Duration::from_secs(15), || {
        status(&door).contains("connection: connected")
    });
    // A reissue at the desk reaches the door through the running worker.
    let (eva, _) = add(&mut desk.reg(), &person("AT", "Eva", "Maier", "DEL"));
    ok(&accredit(
        &desk.db,
        &[
            "station",
            "join",
            &login_line(&init, "desk"),
            "--door-url",
            &login_line(&init, "door"),
        ],
    ));
    ok(&accredit(&desk.db, &["sync", "--once"]));
    wait_for("the new delegate at the door", Duration::from_secs(15), || {
        rusqlite::Connection::open(&door)
            .and_then(|c| {
                c.query_row("SELECT COUNT(*) FROM delegate WHERE id = ?1", [eva.id], |r| {
                    r.get::<_, i64>(0)
                })
            })
            .unwrap_or(0)
            == 1
    });
}

#[test]
fn a_station_of_another_event_is_refused_at_join_and_at_sync() {
    let pg = PgServer::start();
    let (desk, _, door_url) = joined_desk(&pg, pg.port());
    // Same event code, another event key (another desk database).
    let other = Desk::new();
    let foreign = other.file("foreign.sqlite3");
    ok(&accredit(
        &other.db,
        &[
            "station",
            "package",
            "--out",
            foreign.to_str().unwrap(),
            "--name",
            "Ghost",
        ],
    ));
    let o = accredit(&foreign, &["station", "join", &door_url]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("another event key") && e.contains("refused"), "{e}");
    // Another event code.
    let third = Desk::new();
    ok(&accredit(&third.db, &["event", "set", "--code", "EVIL15"]));
    let evil = third.file("evil.sqlite3");
    ok(&accredit(
        &third.db,
        &["station", "package", "--out", evil.to_str().unwrap()],
    ));
    let o = accredit(&evil, &["station", "join", &door_url]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("serves the event") && e.contains("EVIL15"), "{e}");
    // A foreign copy whose hub login was copied in by hand: refused at every round.
    let c = rusqlite::Connection::open(&foreign).unwrap();
    let login = accredit::hub::HubLogin::parse(&door_url).unwrap();
    for (k, v) in [("hub_url", &login.url), ("hub_password", &login.password)] {
        c.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [k, v.as_str()],
        )
        .unwrap();
    }
    drop(c);
    let o = accredit(&foreign, &["sync", "--once"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("another event key"));
    let s = status(&foreign);
    assert!(s.contains("refused: another event"), "{s}");
    // The hub's station list marks it refused; the desk shows it.
    ok(&accredit(&desk.db, &["sync", "--once"]));
    let s = status(&desk.db);
    let ghost = s
        .lines()
        .find(|l| l.contains("\"Ghost\""))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(ghost.contains("REFUSED"), "{ghost}");
}

fn openssl(dir: &Path, args: &[&str]) {
    let o = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Runs a line `hub serve` printed ("accredit --db X station join ..."), with the test's
/// binary, through the shell (its quoting as printed).
fn run_printed(line: &str, db: &Path) -> String {
    let rest = line.trim().strip_prefix("accredit ").expect(line);
    let rest = rest.replace("DOOR.sqlite3", &format!("'{}'", db.display()));
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' {rest}", env!("CARGO_BIN_EXE_accredit")))
        .output()
        .unwrap();
    ok(&o)
}

#[test]
fn hub_serve_runs_a_tls_hub_that_a_desk_and_a_door_join_through_its_printed_lines() {
    let dir = tempfile::tempdir().unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        // The server runs as the postgres user when the test runs as root.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let desk = Desk::new();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(desk.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let data = dir.path().join("hub");
    let mut serve = Command::new(env!("CARGO_BIN_EXE_accredit"))
        .arg("--db")
        .arg(&desk.db)
        .args(["hub", "serve", "--data"])
        .arg(&data)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(dir.path().join("serve.log")).unwrap())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(serve.stdout.take().unwrap());
    let mut printed = String::new();
    let t = Instant::now();
    while !printed.contains("the hub runs") {
        let mut line = String::new();
        let n = out.read_line(&mut line).unwrap();
        assert!(
            n > 0,
            "hub serve ended: {printed}{}",
            std::fs::read_to_string(dir.path().join("serve.log")).unwrap_or_default()
        );
        printed.push_str(&line);
        assert!(t.elapsed() < Duration::from_secs(120));
    }
    eprintln!("{printed}");
    assert!(printed.contains("sslmode=verify-full"), "{printed}");
    assert!(printed.contains("hub event:"), "{printed}");
    let lines: Vec<&str> = printed.lines().collect();
    let join_desk = lines
        .iter()
        .position(|l| l.starts_with("join the desk"))
        .map(|i| lines[i + 1])
        .expect("a desk join line");
    assert!(
        join_desk.contains(&format!("--db '{}'", desk.db.display())),
        "{join_desk}"
    );
    let join_door = lines
        .iter()
        .position(|l| l.starts_with("join a door copy"))
        .map(|i| lines[i + 1])
        .expect("a door join line");
    let joined = run_printed(join_desk, &desk.db);
    assert!(joined.contains("joined the hub"), "{joined}");
    // A door copy made before the desk joined, joined through its printed line.
    let other_dir = tempfile::tempdir().unwrap();
    let door = other_dir.path().join("door.sqlite3");
    ok(&accredit(&desk.db, &["station", "leave"]));
    ok(&accredit(
        &desk.db,
        &["station", "package", "--out", door.to_str().unwrap()],
    ));
    run_printed(join_desk, &desk.db);
    let joined = run_printed(join_door, &door);
    assert!(joined.contains("(door)"), "{joined}");
    let (eva, pass) = add(&mut desk.reg(), &person("AT", "Eva", "Maier", "DEL"));
    ok(&accredit(&desk.db, &["sync", "--once"]));
    ok(&accredit(&door, &["sync", "--once"]));
    let (c, line, _) = checkin(&door, &[&pass, "--at", DAY1]);
    assert_eq!(c, 0, "{line}");
    let _ = eva;
    ok(&accredit(&door, &["sync", "--once"]));
    ok(&accredit(&desk.db, &["sync", "--once"]));
    assert!(has_scan(&desk.db, scan_id(line.trim())));
    let s = ok(&accredit(&door, &["station", "status", "--probe"]));
    assert!(s.contains("probe: a fresh login succeeded"), "{s}");

    // TLS: the hub refuses a login without it; a wrong CA is refused by the station.
    let door_url = login_line(&printed, "door");
    let plain = door_url.split('?').next().unwrap().to_string() + "?sslmode=disable";
    let e = accredit::hub::Hub::connect(&accredit::hub::HubLogin::parse(&plain).unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("no encryption") || e.contains("pg_hba"), "{e}");
    openssl(
        other_dir.path(),
        &[
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "evil.key", "-out", "evil.pem",
            "-days", "2", "-subj", "/CN=evil",
        ],
    );
    let ca = data.join("ca.pem").display().to_string();
    let wrong = door_url.replace(&ca, &other_dir.path().join("evil.pem").display().to_string());
    assert_ne!(wrong, door_url);
    let e = accredit::hub::Hub::connect(&accredit::hub::HubLogin::parse(&wrong).unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.to_lowercase().contains("certificate"), "{e}");
    // verify-ca passes with the right CA even by another name for the host.
    let by_name = door_url
        .replace("127.0.0.1", "localhost")
        .replace("verify-full", "verify-ca");
    assert!(accredit::hub::Hub::connect(&accredit::hub::HubLogin::parse(&by_name).unwrap()).is_ok());

    // SIGTERM stops it cleanly.
    let o = Command::new("kill")
        .arg("-TERM")
        .arg(serve.id().to_string())
        .output()
        .unwrap();
    assert!(o.status.success());
    let t = Instant::now();
    let st = loop {
        if let Some(st) = serve.try_wait().unwrap() {
            break st;
        }
        assert!(t.elapsed() < Duration::from_secs(60), "hub serve did not stop");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(st.success(), "{st:?}");
    let log = std::fs::read_to_string(dir.path().join("serve.log")).unwrap();
    assert!(log.contains("hub stopped"), "{log}");
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the server still listens"
    );
}
