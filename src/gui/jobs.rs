//! Slow work (import, printing, export) on a worker thread, and small errands (`lpstat`,
//! `lp`, waiting for `xdg-open`) on threads of their own, so the UI thread never waits.
//!
//! The worker opens its own connection to the same database file (WAL lets the UI keep
//! reading), reports through a [`ProgressHandle`] the UI reads every frame, and sends one
//! result back. Cancelling sets the handle's flag; the core then stops and writes nothing.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

use crate::Registry;
use crate::progress::ProgressHandle;

/// A running piece of work producing a `T`.
pub struct Job<T> {
    /// What is being done, for people ("Importing delegates.csv").
    pub label: String,
    /// Shared progress and cancel flag.
    pub progress: ProgressHandle,
    /// When it started.
    pub started: Instant,
    rx: mpsc::Receiver<Result<T, String>>,
}

impl<T> std::fmt::Debug for Job<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job").field("label", &self.label).finish()
    }
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread with its own registry handle on `db`.
    ///
    /// `ctx` is asked to repaint when the work ends, so the result shows at once.
    pub fn spawn(
        label: impl Into<String>,
        ctx: &egui::Context,
        db: PathBuf,
        operator: String,
        work: impl FnOnce(&mut Registry, &ProgressHandle) -> Result<T, String> + Send + 'static,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let progress = ProgressHandle::new();
        let handle = progress.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = match Registry::open(&db) {
                Ok(mut reg) => {
                    reg.set_operator(operator);
                    work(&mut reg, &handle)
                }
                Err(e) => Err(format!("cannot open the database: {e}")),
            };
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        Self {
            label: label.into(),
            progress,
            started: Instant::now(),
            rx,
        }
    }
}

impl<T> Job<T> {
    /// The result, once the work has ended.
    pub fn poll(&self) -> Option<Result<T, String>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err("the work stopped unexpectedly".into())),
        }
    }
}

/// A small piece of outside work (running `lpstat`, `lp`, waiting for `xdg-open`) on a thread
/// of its own, with no database and no progress; several may run beside a [`Job`].
pub struct Errand<T> {
    rx: mpsc::Receiver<T>,
}

impl<T> std::fmt::Debug for Errand<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Errand").finish_non_exhaustive()
    }
}

impl<T: Send + 'static> Errand<T> {
    /// Starts `work` on a new thread; `ctx` is asked to repaint when it ends.
    pub fn spawn(ctx: &egui::Context, work: impl FnOnce() -> T + Send + 'static) -> Self {
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(work());
            ctx.request_repaint();
        });
        Self { rx }
    }
}

impl<T> Errand<T> {
    /// The result once the errand has ended (`Err` when its thread died).
    pub fn poll(&self) -> Option<Result<T, String>> {
        match self.rx.try_recv() {
            Ok(r) => Some(Ok(r)),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err("the errand stopped unexpectedly".into())),
        }
    }
}
