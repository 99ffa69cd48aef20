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
pub use status::{HubStatus, Options, RoundReport};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::client::Hub;
use super::config::{self, HubLogin};
use super::local::LocalStation;
use super::{HubError, Result};

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
