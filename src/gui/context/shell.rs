//! What a screen's commands are applied with: the registry, the cache, the status bar, the
//! one slow job and the errands. The app lends these for one command; the screen's own state
//! is passed beside it.

use std::path::Path;

use super::{Command, Message, Screen};
use crate::Registry;
use crate::gui::data::Data;
use crate::gui::jobs::{Errand, Job, Outcome, Running};
use crate::gui::widgets::Photos;

/// The app's shared state lent to a screen while one of its commands is applied.
pub struct Shell<'a> {
    /// The egui context (repaints, viewport commands, frame numbers).
    pub ctx: &'a egui::Context,
    /// The registry (the UI thread's connection).
    pub reg: &'a mut Registry,
    /// The cached registry.
    pub data: &'a mut Data,
    /// The screen shown.
    pub screen: &'a mut Screen,
    /// Door mode (editing locked until the PIN).
    pub locked: &'a mut bool,
    /// The CUPS printer badges go to (empty: open the PDF in the system viewer).
    pub printer: &'a str,
    /// Photo textures.
    pub photos: &'a mut Photos,
    /// The status bar's message.
    pub message: &'a mut Option<Message>,
    /// The slow work running, if any (one at a time).
    pub job: &'a mut Option<Running>,
    /// Outside commands running on threads of their own.
    pub errands: &'a mut Vec<Errand<Outcome>>,
    /// Commands applied after this one (on the next frame).
    pub pending: &'a mut Vec<Command>,
}

impl Shell<'_> {
    /// Information in the status bar.
    pub fn info(&mut self, text: impl Into<String>) {
        *self.message = Some(Message::info(text));
    }

    /// An error in the status bar.
    pub fn error(&mut self, text: impl Into<String>) {
        *self.message = Some(Message::error(text));
    }

    /// Queues a command for after this one.
    pub fn send(&mut self, cmd: Command) {
        self.pending.push(cmd);
    }

    /// Reads the cache again from the database.
    pub fn reload(&mut self) {
        if let Err(e) = self.data.reload(self.reg) {
            self.error(crate::tr!("door-msg-db-unreadable", error = super::chain(&e)));
        }
    }

    /// Takes a cache loaded by a worker, keeping the generation moving forward.
    pub fn set_data(&mut self, mut data: Data) {
        data.generation = self.data.generation + 1;
        *self.data = data;
    }

    /// Starts slow work on a worker thread with its own connection, unless some is already
    /// running.
    pub fn start<T: Send + 'static>(
        &mut self,
        label: String,
        wrap: fn(Job<T>) -> Running,
        work: impl FnOnce(&mut Registry, &crate::progress::ProgressHandle) -> Result<T, String> + Send + 'static,
    ) {
        if self.job.is_some() {
            self.error(crate::tr!("app-busy"));
            return;
        }
        let Some(db) = self.reg.path().map(Path::to_path_buf) else {
            self.error(crate::tr!("app-in-memory-slow"));
            return;
        };
        let operator = self.reg.operator().to_string();
        *self.job = Some(wrap(Job::spawn(label, self.ctx, db, operator, work)));
    }

    /// Runs outside work (`lpstat`, `lp`, waiting for `xdg-open`) on a thread of its own.
    pub fn errand(&mut self, work: impl FnOnce() -> Outcome + Send + 'static) {
        self.errands.push(Errand::spawn(self.ctx, work));
    }

    /// Opens a PDF with the system viewer (`xdg-open`), waited for on an errand thread.
    pub fn open_pdf(&mut self, path: std::path::PathBuf) {
        match std::process::Command::new("xdg-open").arg(&path).spawn() {
            Ok(mut child) => {
                self.info(crate::tr!("app-opening", path = path.display().to_string()));
                // Waited for on its own thread: no zombie, and a failure is reported.
                self.errand(move || match child.wait() {
                    Ok(status) if status.success() => Outcome::Nothing,
                    Ok(status) => Outcome::Error(format!(
                        "xdg-open could not open the PDF ({status}); it is at {}",
                        path.display()
                    )),
                    Err(e) => Outcome::Error(format!("xdg-open: {e}; the PDF is at {}", path.display())),
                });
            }
            Err(e) => self.error(format!(
                "Cannot open the PDF with xdg-open ({e}); it is at {}",
                path.display()
            )),
        }
    }

    /// Sends a PDF to the chosen printer with `lp` on a thread of its own.
    pub fn send_to_printer(&mut self, path: &Path) {
        let printer = self.printer.to_string();
        let path = path.to_path_buf();
        if let Some(m) = self.message.as_mut() {
            m.text.push_str(&format!(" Sending to {printer}…"));
        } else {
            self.info(crate::tr!(
                "app-sending",
                path = path.display().to_string(),
                printer = printer.as_str()
            ));
        }
        self.errand(move || match super::send_to_printer(&printer, &path) {
            Ok(msg) => Outcome::Info(msg),
            Err(e) => Outcome::Error(e),
        });
    }
}
