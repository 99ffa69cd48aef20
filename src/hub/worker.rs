//! The sync worker: one loop per station that keeps it in step with the hub.
//!
//! A round: connect if needed (checking the login's rights and the hub's id: a recreated hub
//! starts the cursors again), **upload** every local item after the sent cursor, in batches,
//! advancing the cursor after each batch the hub committed; **download** every item after
//! the download cursor and apply it in small transactions (so a scan at this station never
//! waits long for the write lock), advancing the cursor after each applied batch; record a
//! heartbeat. Between rounds the worker waits on `LISTEN/NOTIFY` in short slices, and after
//! each slice looks at the local change marker, so that a scan made by another process on
//! the same file is uploaded within one slice. A catch-up round runs every few seconds even
//! without a notification. While the hub is away it tries again every second.
//!
//! Every step is idempotent and a cursor only advances after the work it counts is
//! committed, so a kill or an outage at any moment repeats work but never loses or doubles
//! any.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::client::{Hub, StationSeen};
use super::config::{self, HubLogin};
use super::local::{Applied, LocalStation, NetworkStation};
use super::{DOOR_KIND, HubError, Result};

/// The refusal reason of a scan whose station has no certificate here (yet).
const UNKNOWN_STATION: &str = "unknown_station";

/// Whether `e` is SQLite's "database is locked" (another process is writing the station's
/// file): worth trying again shortly, not a failure of the round.
fn is_busy(e: &HubError) -> bool {
    matches!(
        e,
        HubError::Registry(crate::RegistryError::Sqlite(rusqlite::Error::SqliteFailure(f, _)))
            if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Runs a local step, trying again for up to about two seconds while the file is locked.
fn local_step<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    let mut tries = 0;
    loop {
        match f() {
            Err(e) if is_busy(&e) && tries < 200 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// Whether `e` says the hub is unreachable or refused us (rather than a local failure).
fn is_hub_error(e: &HubError) -> bool {
    matches!(
        e,
        HubError::Unreachable { .. }
            | HubError::Postgres(_)
            | HubError::Schema(_)
            | HubError::Rights(_)
            | HubError::BadUrl(_)
    )
}

fn conn_has(conn: &rusqlite::Connection, key: &str) -> Result<bool> {
    Ok(
        conn.query_row("SELECT COUNT(*) FROM meta WHERE key = ?1", [key], |r| {
            r.get::<_, i64>(0)
        })? > 0,
    )
}

/// Timing and batch sizes of the worker.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long one wait for a notification lasts before looking at local changes.
    pub slice: Duration,
    /// A catch-up round at least this often.
    pub catch_up: Duration,
    /// While the hub is away, a reconnection attempt this often (at most 2 s).
    pub retry: Duration,
    /// Items uploaded per hub transaction.
    pub upload_batch: usize,
    /// Items downloaded per query.
    pub download_batch: i64,
    /// Items applied per local transaction.
    pub apply_batch: usize,
    /// A heartbeat (and refreshed station list) at least this often.
    pub heartbeat: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            slice: Duration::from_millis(20),
            catch_up: Duration::from_secs(3),
            retry: Duration::from_millis(1000),
            upload_batch: 5000,
            download_batch: 2000,
            apply_batch: 100,
            heartbeat: Duration::from_secs(5),
        }
    }
}

/// The network state of a station, for the status command, the door screen and the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HubStatus {
    /// The hub, without password.
    pub url: String,
    /// Whether the last attempt reached the hub.
    pub connected: bool,
    /// Since when the hub has been unreachable (RFC 3339 UTC), while it is.
    pub offline_since: Option<String>,
    /// Why the hub is unreachable or the last round failed.
    pub last_error: Option<String>,
    /// Local items waiting to be sent.
    pub waiting: u64,
    /// When the last complete round ended (RFC 3339 UTC).
    pub last_sync: Option<String>,
    /// The stations the hub knows, with when each was last heard from.
    pub stations: Vec<StationSeen>,
    /// Items uploaded since the worker started.
    pub uploaded: u64,
    /// Items downloaded and applied since the worker started.
    pub applied: u64,
    /// Items refused since the worker started, by reason.
    pub refused: Vec<(String, u64)>,
    /// Complete rounds since the worker started.
    pub rounds: u64,
}

/// What one round moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    /// Items uploaded (new to the hub).
    pub uploaded: u64,
    /// Items the hub knew already.
    pub upload_known: u64,
    /// Items downloaded from the hub.
    pub downloaded: u64,
    /// What applying them did.
    pub applied: Applied,
}

impl RoundReport {
    /// Whether anything moved.
    pub fn moved(&self) -> bool {
        self.uploaded + self.upload_known + self.downloaded > 0
    }
}

fn now() -> String {
    crate::registry::now_rfc3339()
}

/// A station's sync worker.
pub struct Worker<L: LocalStation> {
    local: L,
    login: HubLogin,
    hub: Option<Hub>,
    opts: Options,
    status: Arc<Mutex<HubStatus>>,
    station: Option<super::local::StationInfo>,
    last_heartbeat: Option<Instant>,
    last_sync_written: Option<Instant>,
}

impl<L: LocalStation> Worker<L> {
    /// A worker for `local` on the hub of `login` (not connected yet).
    pub fn new(local: L, login: HubLogin, opts: Options) -> Self {
        let status = HubStatus {
            url: login.url.clone(),
            ..HubStatus::default()
        };
        Self {
            local,
            login,
            hub: None,
            opts,
            status: Arc::new(Mutex::new(status)),
            station: None,
            last_heartbeat: None,
            last_sync_written: None,
        }
    }

    /// The shared status (updated after every round and every failure).
    pub fn status_handle(&self) -> Arc<Mutex<HubStatus>> {
        Arc::clone(&self.status)
    }

    /// A copy of the status now.
    pub fn status(&self) -> HubStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn update(&self, f: impl FnOnce(&mut HubStatus)) {
        if let Ok(mut s) = self.status.lock() {
            f(&mut s);
        }
    }

    fn connect(&mut self) -> Result<&mut Hub> {
        if self.hub.is_none() {
            let info = self.local.info()?;
            let hub = Hub::connect(&self.login)?;
            hub.check_role(info.desk)?;
            let conn = self.local.conn();
            if config::hub_id(conn)?.as_deref() != Some(hub.hub_id()) {
                config::reset_for_hub(conn, hub.hub_id())?;
            }
            self.station = Some(info);
            self.last_heartbeat = None;
            self.hub = Some(hub);
        }
        self.hub
            .as_mut()
            .ok_or_else(|| HubError::Local("internal: no hub connection".into()))
    }

    /// One complete round: upload, download and apply, heartbeat. On failure the connection
    /// is dropped (the next round reconnects) and the status says offline.
    pub fn round(&mut self) -> Result<RoundReport> {
        match self.round_inner() {
            Ok(r) => {
                let waiting = self
                    .local
                    .waiting(config::cursor(self.local.conn(), "hub_sent").unwrap_or(0))
                    .unwrap_or(0);
                let at = now();
                // Written for `station status` in other processes: when something moved, else
                // at most every heartbeat period, so an idle worker hardly writes.
                let stale = self
                    .last_sync_written
                    .is_none_or(|t| t.elapsed() >= self.opts.heartbeat);
                if (r.moved() || stale) && config::set_last_sync(self.local.conn(), &at).is_ok() {
                    self.last_sync_written = Some(Instant::now());
                }
                self.update(|s| {
                    s.connected = true;
                    s.offline_since = None;
                    s.last_error = None;
                    s.waiting = waiting;
                    s.last_sync = Some(at);
                    s.uploaded += r.uploaded;
                    s.applied += r.applied.accepted;
                    for (reason, n) in &r.applied.refused {
                        match s.refused.iter_mut().find(|(x, _)| x == reason) {
                            Some((_, m)) => *m += n,
                            None => s.refused.push((reason.clone(), *n)),
                        }
                    }
                    s.rounds += 1;
                });
                Ok(r)
            }
            Err(e) => {
                let offline = is_hub_error(&e);
                if offline {
                    self.hub = None;
                }
                let waiting = self
                    .local
                    .waiting(config::cursor(self.local.conn(), "hub_sent").unwrap_or(0))
                    .unwrap_or(0);
                let msg = e.to_string();
                self.update(|s| {
                    if offline {
                        s.connected = false;
                        if s.offline_since.is_none() {
                            s.offline_since = Some(now());
                        }
                    }
                    s.last_error = Some(msg);
                    s.waiting = waiting;
                });
                Err(e)
            }
        }
    }

    fn round_inner(&mut self) -> Result<RoundReport> {
        let mut report = RoundReport::default();
        self.connect()?;
        let station = self
            .station
            .clone()
            .ok_or_else(|| HubError::Local("internal: no station".into()))?;
        // Upload. A door login may append scans only: what else a door made (its own
        // certificate) reaches the hub from the desk that issued it.
        let mut sent = config::cursor(self.local.conn(), "hub_sent")?;
        loop {
            let (local, n) = (&mut self.local, self.opts.upload_batch);
            let batch = local_step(|| local.items_after(sent, n))?;
            let Some(last) = batch.last().map(|(s, _)| *s) else {
                break;
            };
            let full = batch.len() >= self.opts.upload_batch;
            let hub = self.connect()?;
            let desk = hub.rights().desk;
            let items: Vec<_> = batch
                .into_iter()
                .map(|(_, i)| i)
                .filter(|i| desk || i.kind == DOOR_KIND)
                .collect();
            let up = hub.upload(&station.id, &items)?;
            report.uploaded += up.added;
            report.upload_known += up.known + up.conflicting;
            sent = last;
            let conn = self.local.conn();
            local_step(|| config::set_cursor(conn, "hub_sent", sent))?;
            if !full {
                break;
            }
        }
        // Download and apply.
        let mut cursor = config::cursor(self.local.conn(), "hub_cursor")?;
        loop {
            let limit = self.opts.download_batch;
            let hub = self.connect()?;
            let (items, last) = hub.download(cursor, limit, &station.id)?;
            if last == cursor {
                break;
            }
            report.downloaded += items.len() as u64;
            self.apply_chunks(&items, cursor, &mut report)?;
            cursor = last;
            let conn = self.local.conn();
            local_step(|| config::set_cursor(conn, "hub_cursor", cursor))?;
        }
        self.recheck(&station.id, cursor, &mut report)?;
        // Heartbeat and the station list.
        let due = self
            .last_heartbeat
            .is_none_or(|t| t.elapsed() >= self.opts.heartbeat);
        if due {
            let role = if station.desk { "desk" } else { "door" };
            let hub = self.connect()?;
            hub.heartbeat(&station.id, role, &station.name)?;
            let stations = hub.stations()?;
            self.last_heartbeat = Some(Instant::now());
            self.update(|s| s.stations = stations);
        }
        Ok(report)
    }

    /// Applies downloaded items in small transactions. Scans refused because their station's
    /// certificate is not known here yet (it reaches the hub from the desk, possibly after
    /// the door's first scans) mark a recheck point: see [`Worker::recheck`].
    fn apply_chunks(
        &mut self,
        items: &[(i64, super::WireItem)],
        before: i64,
        report: &mut RoundReport,
    ) -> Result<()> {
        let mut start = before;
        for chunk in items.chunks(self.opts.apply_batch.max(1)) {
            let wire: Vec<_> = chunk.iter().map(|(_, i)| i.clone()).collect();
            let local = &mut self.local;
            let a = local_step(|| local.apply(&wire))?;
            report.applied.accepted += a.accepted;
            report.applied.known += a.known;
            for (reason, n) in a.refused {
                if reason == UNKNOWN_STATION && n > 0 {
                    // The certificate these scans need can only come after them on the hub
                    // (one before them would have been applied first): recheck from `start`
                    // once a certificate after `end` is there.
                    let end = chunk.last().map(|(s, _)| *s).unwrap_or(start);
                    let conn = self.local.conn();
                    let from = config::cursor(conn, "hub_recheck")?;
                    if !conn_has(conn, "hub_recheck")? || start < from {
                        config::set_cursor(conn, "hub_recheck", start.max(0))?;
                    }
                    let base = config::cursor(conn, "hub_recheck_certs")?;
                    if !conn_has(conn, "hub_recheck_certs")? || end < base {
                        config::set_cursor(conn, "hub_recheck_certs", end)?;
                    }
                }
                match report.applied.refused.iter_mut().find(|(x, _)| *x == reason) {
                    Some((_, m)) => *m += n,
                    None => report.applied.refused.push((reason, n)),
                }
            }
            start = chunk.last().map(|(s, _)| *s).unwrap_or(start);
        }
        Ok(())
    }

    /// Once a certificate newer than the scans refused for an unknown station reaches the
    /// hub, downloads the scans after the recheck point again and applies them (applying is
    /// idempotent; only what is accepted now is counted again). Scans whose station is still
    /// unknown keep a recheck point, waiting for a certificate after `cursor`.
    fn recheck(&mut self, station: &str, cursor: i64, report: &mut RoundReport) -> Result<()> {
        if !conn_has(self.local.conn(), "hub_recheck")? {
            return Ok(());
        }
        let from = config::cursor(self.local.conn(), "hub_recheck")?;
        let base = config::cursor(self.local.conn(), "hub_recheck_certs")?;
        let hub = self.connect()?;
        if hub.last_cert_seq()? <= base {
            return Ok(());
        }
        self.local.conn().execute(
            "DELETE FROM meta WHERE key IN ('hub_recheck', 'hub_recheck_certs')",
            [],
        )?;
        let mut again = RoundReport::default();
        let mut at = from;
        loop {
            let limit = self.opts.download_batch;
            let hub = self.connect()?;
            let (items, last) = hub.download_range(at, cursor, Some(DOOR_KIND), limit, station)?;
            if last == at {
                break;
            }
            self.apply_chunks(&items, at, &mut again)?;
            at = last;
        }
        report.applied.accepted += again.applied.accepted;
        let conn = self.local.conn();
        if conn_has(conn, "hub_recheck")? {
            config::set_cursor(conn, "hub_recheck_certs", cursor)?;
        }
        Ok(())
    }

    /// Runs until `stop` is set: rounds when the hub notifies, when local items appear, when
    /// `nudge` is set, and every catch-up period; reconnects every `retry` while offline.
    /// `on_round` sees every round's outcome (for `accredit sync`'s log).
    pub fn run(
        &mut self,
        stop: &AtomicBool,
        nudge: &AtomicBool,
        mut on_round: impl FnMut(&Result<RoundReport>, &HubStatus),
    ) {
        let mut marker = self.local.change_marker().ok();
        let mut last_round: Option<Instant> = None;
        let mut need = true;
        while !stop.load(Ordering::Relaxed) {
            let due = last_round.is_none_or(|t| t.elapsed() >= self.opts.catch_up);
            if need || due {
                need = false;
                let r = self.round();
                last_round = Some(Instant::now());
                on_round(&r, &self.status());
                if r.is_err() {
                    self.sleep_offline(stop);
                    need = true;
                    continue;
                }
            }
            // Wait a slice for the hub, then look at local work.
            let notified = match self.hub.as_mut() {
                Some(hub) => match hub.wait(self.opts.slice) {
                    Ok(n) => n,
                    Err(_) => {
                        self.hub = None;
                        true
                    }
                },
                None => {
                    std::thread::sleep(self.opts.slice);
                    true
                }
            };
            let now_marker = self.local.change_marker().ok();
            if now_marker != marker {
                marker = now_marker;
                need = true;
            }
            if notified || nudge.swap(false, Ordering::Relaxed) {
                need = true;
            }
        }
        // Stopping: while the hub is there (or before a first attempt), send what the last
        // moments made (a scanner pipe that just ended); a hub known to be away is not
        // waited for: what it missed stays queued.
        if self.hub.is_some() || last_round.is_none() {
            let r = self.round();
            on_round(&r, &self.status());
        }
    }

    fn sleep_offline(&mut self, stop: &AtomicBool) {
        let until = Instant::now() + self.opts.retry.min(Duration::from_secs(2));
        while Instant::now() < until && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(self.opts.slice.min(Duration::from_millis(50)));
        }
    }
}

/// A worker running on its own thread; stopping it (or dropping the handle) ends the thread.
pub struct WorkerHandle {
    status: Arc<Mutex<HubStatus>>,
    stop: Arc<AtomicBool>,
    nudge: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for WorkerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerHandle").finish_non_exhaustive()
    }
}

impl WorkerHandle {
    /// Starts the worker of the station database at `path` on a thread of its own (with its
    /// own connection), or `None` when the station has joined no hub.
    pub fn spawn(path: &Path, opts: Options) -> Result<Option<Self>> {
        let reg = crate::Registry::open(path)?;
        let Some(cfg) = config::load(reg.conn())? else {
            return Ok(None);
        };
        let mut worker = Worker::new(NetworkStation::new(reg), cfg.login, opts);
        let status = worker.status_handle();
        let stop = Arc::new(AtomicBool::new(false));
        let nudge = Arc::new(AtomicBool::new(false));
        let (s, n) = (Arc::clone(&stop), Arc::clone(&nudge));
        let path: PathBuf = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name(format!("accredit-sync {}", path.display()))
            .spawn(move || worker.run(&s, &n, |_, _| {}))
            .map_err(|e| HubError::Local(format!("cannot start the sync worker: {e}")))?;
        Ok(Some(Self {
            status,
            stop,
            nudge,
            thread: Some(thread),
        }))
    }

    /// The network state now.
    pub fn status(&self) -> HubStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Asks for a round soon (new local items were just written).
    pub fn nudge(&self) {
        self.nudge.store(true, Ordering::Relaxed);
    }

    /// Stops the worker and waits for its thread.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.halt();
    }
}
