//! The system's file dialog, on a thread of its own: the UI thread never waits for the user
//! to choose (a portal's dialog is modal to the desktop, not to the app; the frames go on,
//! scans and backups too). The answer is taken by polling, like background work.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};

/// A file dialog open on its own thread (a copy of a form shares it).
#[derive(Debug, Clone)]
pub struct Picking(Arc<Mutex<Receiver<Option<PathBuf>>>>);

impl Picking {
    /// Opens the dialog for one file of the kinds `extensions` (named `what`).
    pub fn start(ctx: &egui::Context, what: &'static str, extensions: &'static [&'static str]) -> Self {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let picked = rfd::FileDialog::new().add_filter(what, extensions).pick_file();
            let _ = tx.send(picked);
            ctx.request_repaint();
        });
        Self(Arc::new(Mutex::new(rx)))
    }

    /// `None` while the dialog is open; then the file chosen, or `Some(None)` when none was
    /// (cancelled, or no dialog on this desktop).
    pub fn poll(&self) -> Option<Option<PathBuf>> {
        let Ok(rx) = self.0.lock() else {
            return Some(None);
        };
        match rx.try_recv() {
            Ok(p) => Some(p),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(None),
        }
    }
}
