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

mod handle;
mod round;
mod status;

pub use handle::WorkerHandle;
pub use status::{HubStatus, NetState, Options, RoundReport, age_secs, record, recorded};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::client::Hub;
use super::config::{self, HubLogin};
use super::local::LocalStation;
use super::local::StationInfo;
use super::{HubError, Result};

/// Checks that the hub serves this station's event (code and key); a desk records its
/// event on a hub that has none yet. A refused station is marked so in the hub's station
/// list, and the error says what differs and what to do.
pub fn check_event(hub: &mut Hub, info: &StationInfo, local: &(String, String)) -> Result<()> {
    let claim = info.desk.then_some((local.0.as_str(), local.1.as_str()));
    let role = if info.desk { "desk" } else { "door" };
    let refusal = match hub.event(claim)? {
        Some((code, key)) if code == local.0 && key == local.1 => return Ok(()),
        Some((code, _)) if code != local.0 => format!(
            "the hub serves the event {code}, this station belongs to the event {}: it is refused; \
             join the hub of its own event, or use a door copy packaged by a desk of {code}",
            local.0
        ),
        Some((code, _)) => format!(
            "the hub serves the event {code} with another event key than this station's copy of {code} \
             (a copy of another event database): it is refused; use a door copy packaged by the desk on this hub"
        ),
        None => {
            return Err(HubError::OtherEvent(format!(
                "{}: the hub records no event yet; join a desk first (`accredit station join` at the desk), then this door",
                hub.login().url
            )));
        }
    };
    // Marked at the hub (best effort: the refusal stands even if this fails).
    let _ = hub.heartbeat(&info.id, role, &info.name, &refusal);
    Err(HubError::OtherEvent(format!("{}: {refusal}", hub.login().url)))
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
    last_recorded: Option<(Instant, NetState)>,
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
            last_recorded: None,
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

    /// Records the state in the station's database when it changed, or when the last
    /// record is older than the heartbeat period (so a reader can tell a running worker
    /// from one that stopped).
    pub(super) fn record_state(&mut self) {
        let st = self.status();
        let due = self
            .last_recorded
            .is_none_or(|(t, s)| s != st.state || t.elapsed() >= self.opts.heartbeat);
        if !due {
            return;
        }
        let mut st = st;
        st.recorded_at = Some(status::now());
        st.pid = std::process::id();
        let conn = self.local.conn();
        if round::local_step(|| record(conn, &st)).is_ok() {
            self.last_recorded = Some((Instant::now(), st.state));
            self.update(|s| {
                s.recorded_at = st.recorded_at.clone();
                s.pid = st.pid;
            });
        }
    }

    fn connect(&mut self) -> Result<&mut Hub> {
        if self.hub.is_none() {
            // The login as stored now: a station joined again (new passwords) is picked up
            // by a running worker without a restart.
            if let Ok(Some(cfg)) = config::load(self.local.conn())
                && cfg.login != self.login
            {
                self.login = cfg.login;
                let url = self.login.url.clone();
                self.update(|s| s.url = url);
            }
            let info = self.local.info()?;
            let mut hub = Hub::connect(&self.login)?;
            hub.check_role(info.desk)?;
            check_event(&mut hub, &info, &self.local.event()?)?;
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
