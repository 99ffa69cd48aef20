//! Every frame, before drawing: the results of background work go to the screen that started
//! it (import, print, records), errands report, the delegates loaded at start are taken, the
//! door's housekeeping runs after a verdict has shown, and automatic backups start when due.

use super::app::AccreditApp;
use super::context::Message;
use super::jobs::{Finished, Outcome, Running};
use super::{badges, delegates, door, import, records};

impl AccreditApp {
    /// The frame's work before drawing.
    pub(super) fn before_drawing(&mut self, ctx: &egui::Context) {
        delegates::unsaved::guard_close_request(
            &mut self.delegates,
            &mut self.prefs.screen,
            self.locked,
            ctx,
        );
        door::apply::housekeeping(&mut self.door, &mut shell!(self, ctx));
        self.poll_job(ctx);
        self.poll_errands();
        self.poll_loading();
        let effects = records::work::tick(&mut self.records, &mut shell!(self, ctx));
        self.records_effects(ctx, effects);
    }

    /// Takes the result of finished work, for the screen that started it.
    fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(done) = self.job.as_ref().and_then(Running::poll) else {
            return;
        };
        self.job = None;
        let sh = &mut shell!(self, ctx);
        match done {
            Finished::Plan(r) => import::apply::plan_finished(&mut self.import, sh, r),
            Finished::Import(r) => import::apply::import_finished(&mut self.import, sh, r),
            Finished::Export(r) => import::apply::export_finished(sh, r),
            Finished::Print(r) => badges::apply::print_finished(&mut self.badges, sh, r),
            Finished::Task { label, result } => match result {
                Ok((msg, reload)) => {
                    if reload {
                        sh.reload();
                    }
                    sh.info(msg);
                }
                Err(e) => sh.error(format!("{label}: not done: {e}")),
            },
        }
    }

    /// Takes the results of finished errands.
    fn poll_errands(&mut self) {
        let mut done = Vec::new();
        self.errands.retain(|e| match e.poll() {
            Some(r) => {
                done.push(r);
                false
            }
            None => true,
        });
        for r in done {
            match r {
                Ok(Outcome::Printers(p)) => self.badges.printers = Some(p),
                Ok(Outcome::Info(m)) => self.message = Some(Message::info(m)),
                Ok(Outcome::Error(e)) | Err(e) => self.message = Some(Message::error(e)),
                Ok(Outcome::Nothing) => {}
            }
        }
    }

    /// Takes the delegates loaded at start, unless something changed meanwhile (then reads
    /// them again, now).
    fn poll_loading(&mut self) {
        let Some((rx, generation)) = &self.loading else {
            return;
        };
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err("the loader stopped".into()),
        };
        let unchanged = self.data.generation == *generation;
        self.loading = None;
        match result {
            Ok(mut data) if unchanged && data.order == self.data.order => {
                data.generation = self.data.generation + 1;
                self.data = data;
            }
            Ok(_) => self.reload(),
            Err(e) => {
                self.message = Some(Message::error(crate::tr!(
                    "app-delegates-unreadable",
                    error = e.to_string()
                )))
            }
        }
    }
}
