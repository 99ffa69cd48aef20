//! The worker on its own thread: started for a station file, nudged, stopped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::{HubStatus, Options, Worker};
use crate::hub::config;
use crate::hub::local::NetworkStation;
use crate::hub::{HubError, Result};

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
        Self::spawn_with(path, opts, |_, _| {})
    }

    /// [`WorkerHandle::spawn`], with `on_round` called after every round on the worker's
    /// thread (for a periodic status line).
    pub fn spawn_with(
        path: &Path,
        opts: Options,
        mut on_round: impl FnMut(&Result<super::RoundReport>, &HubStatus) + Send + 'static,
    ) -> Result<Option<Self>> {
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
            .spawn(move || worker.run(&s, &n, |r, st| on_round(r, st)))
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
