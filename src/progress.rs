//! Progress reporting and cancellation for slow work (import, printing, export).
//!
//! The core reports through [`Progress`]; the CLI passes [`NoProgress`], the GUI a shared
//! [`ProgressHandle`] that its UI thread reads every frame.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Receives progress from slow work and may ask it to stop.
pub trait Progress: Sync {
    /// `done` of `total` items are finished.
    fn set(&self, done: usize, total: usize);
    /// Whether the user asked to cancel; the work then stops and leaves no trace.
    fn cancelled(&self) -> bool {
        false
    }
}

/// Ignores progress, never cancels.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn set(&self, _done: usize, _total: usize) {}
}

/// Progress shared between a worker thread and the UI; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct ProgressHandle {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    done: AtomicUsize,
    total: AtomicUsize,
    cancel: AtomicBool,
}

impl ProgressHandle {
    /// A new handle at 0 of 0.
    pub fn new() -> Self {
        Self::default()
    }
    /// Asks the work to stop.
    pub fn cancel(&self) {
        self.inner.cancel.store(true, Ordering::Relaxed);
    }
    /// Fraction done, 0.0 to 1.0.
    pub fn fraction(&self) -> f32 {
        let total = self.inner.total.load(Ordering::Relaxed);
        if total == 0 {
            0.0
        } else {
            self.inner.done.load(Ordering::Relaxed) as f32 / total as f32
        }
    }
    /// `(done, total)`.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.inner.done.load(Ordering::Relaxed),
            self.inner.total.load(Ordering::Relaxed),
        )
    }
}

impl Progress for ProgressHandle {
    fn set(&self, done: usize, total: usize) {
        self.inner.total.store(total, Ordering::Relaxed);
        self.inner.done.store(done, Ordering::Relaxed);
    }
    fn cancelled(&self) -> bool {
        self.inner.cancel.load(Ordering::Relaxed)
    }
}
