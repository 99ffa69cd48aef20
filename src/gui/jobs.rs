//! Slow work (import, printing, export) on a worker thread, and small errands (`lpstat`,
//! `lp`, waiting for `xdg-open`) on threads of their own, so the UI thread never waits.
//!
//! The worker opens its own connection to the same database file (WAL lets the UI keep
//! reading), reports through a [`ProgressHandle`] the UI reads every frame, and sends one
//! result back. Cancelling sets the handle's flag; the core then stops and writes nothing.

use std::path::PathBuf;
use std::sync::mpsc;

use super::data::Data;
use crate::Registry;
use crate::csv_io::{ImportPlan, ImportSummary};
use crate::progress::ProgressHandle;

/// A running piece of work producing a `T`.
pub struct Job<T> {
    /// What is being done, for people ("Importing delegates.csv").
    pub label: String,
    /// Shared progress and cancel flag.
    pub progress: ProgressHandle,
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
                Err(e) => Err(format!("cannot open the database: {}", super::causes::chain(&e))),
            };
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        Self {
            label: label.into(),
            progress,
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

/// Slow work in progress: one at a time.
#[derive(Debug)]
pub enum Running {
    /// Checking an import file.
    Plan(Job<ImportPlan>),
    /// Writing an import (the worker also reloads the cache, so the UI never waits).
    Import(Job<(ImportSummary, Data)>),
    /// Exporting delegates.
    Export(Job<String>),
    /// Printing badges (the worker also reloads the cache; `None` when it could not).
    Print(Job<(crate::badge::PrintReport, Option<Data>)>),
    /// Other file work (participants list, door copies, scan exports and merges): the
    /// message to show, and whether the cache must be read again.
    Task(Job<(String, bool)>),
}

/// The result of finished work, for the screen that started it.
#[derive(Debug)]
pub enum Finished {
    /// An import file was checked.
    Plan(Result<ImportPlan, String>),
    /// An import was written.
    Import(Result<(ImportSummary, Data), String>),
    /// Delegates were exported.
    Export(Result<String, String>),
    /// Badges were printed.
    Print(Result<(crate::badge::PrintReport, Option<Data>), String>),
    /// Other file work ended: its label, and the message with whether to read the cache.
    Task {
        /// What was being done.
        label: String,
        /// The message and "read the cache again", or why not done.
        result: Result<(String, bool), String>,
    },
}

impl Running {
    /// What is being done, for people.
    pub fn label(&self) -> &str {
        match self {
            Self::Plan(j) => &j.label,
            Self::Import(j) => &j.label,
            Self::Export(j) => &j.label,
            Self::Print(j) => &j.label,
            Self::Task(j) => &j.label,
        }
    }

    /// The progress and cancel flag.
    pub fn progress(&self) -> &ProgressHandle {
        match self {
            Self::Plan(j) => &j.progress,
            Self::Import(j) => &j.progress,
            Self::Export(j) => &j.progress,
            Self::Print(j) => &j.progress,
            Self::Task(j) => &j.progress,
        }
    }

    /// The result, once the work has ended.
    pub fn poll(&self) -> Option<Finished> {
        Some(match self {
            Self::Plan(j) => Finished::Plan(j.poll()?),
            Self::Import(j) => Finished::Import(j.poll()?),
            Self::Export(j) => Finished::Export(j.poll()?),
            Self::Print(j) => Finished::Print(j.poll()?),
            Self::Task(j) => Finished::Task {
                result: j.poll()?,
                label: j.label.clone(),
            },
        })
    }
}

/// What an errand brings back.
#[derive(Debug)]
pub enum Outcome {
    /// The CUPS printers found.
    Printers(Vec<String>),
    /// A message for the status bar.
    Info(String),
    /// An error for the status bar.
    Error(String),
    /// Nothing to say.
    Nothing,
}

/// Loads the delegates on a worker thread with its own connection to `db`.
pub fn load_in_background(
    ctx: &egui::Context,
    db: PathBuf,
    order: crate::registry::NameOrder,
) -> mpsc::Receiver<Result<Data, String>> {
    let (tx, rx) = mpsc::channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let result = Registry::open(&db)
            .and_then(|reg| Data::load(&reg, order))
            .map_err(|e| super::causes::chain(&e));
        let _ = tx.send(result);
        ctx.request_repaint();
    });
    rx
}
