//! The guard of unsaved edits: a command that would leave the edit form with changes not
//! saved (Close, Escape, another row, a new delegate, another screen, quitting, door mode) is
//! held, and a dialog asks: save, discard or stay. The held command then runs (after a
//! successful save or a discard) or is dropped (stay, or a save that failed: the form shows
//! why).

use egui::RichText;

use super::app::{AccreditApp, Screen};
use super::command::Command;

/// The answer to "unsaved changes".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Save the form, then go on.
    Save,
    /// Throw the edits away, then go on.
    Discard,
    /// Stay in the form; the command is dropped.
    Stay,
}

/// Whether `cmd` leaves the form with id `form_id`.
fn leaves_form(cmd: &Command, form_id: i64) -> bool {
    match cmd {
        Command::Show(s) => *s != Screen::Delegates,
        Command::OpenDelegate(id) => *id != form_id,
        Command::NewDelegate
        | Command::CloseForm
        | Command::Quit
        | Command::PrintSelection
        | Command::ChooseImportFile
        | Command::DoorFullScreen
        | Command::EnterDoorMode => true,
        _ => false,
    }
}

impl AccreditApp {
    /// Whether the edit form is open with unsaved edits.
    pub fn has_unsaved_edits(&self) -> bool {
        self.delegates.form.as_ref().is_some_and(|f| f.has_unsaved())
    }

    /// Holds `cmd` when it would leave a form with unsaved edits (the dialog then asks);
    /// true when held.
    pub(super) fn hold_for_unsaved(&mut self, cmd: &Command) -> bool {
        let Some(form) = &self.delegates.form else {
            return false;
        };
        if !form.has_unsaved() || !leaves_form(cmd, form.id) {
            return false;
        }
        self.delegates.leaving = Some(cmd.clone());
        // The question is asked where the form is.
        self.prefs.screen = Screen::Delegates;
        true
    }

    /// The window's close button with unsaved edits: the close is cancelled and the
    /// question asked (as for Quit).
    pub(super) fn guard_close_request(&mut self, ctx: &egui::Context) {
        if !self.locked && self.has_unsaved_edits() && ctx.input(|i| i.viewport().close_requested()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.delegates.leaving = Some(Command::Quit);
            self.prefs.screen = Screen::Delegates;
        }
    }

    /// Applies the answer.
    pub(super) fn resolve_unsaved(&mut self, ctx: &egui::Context, choice: Choice) {
        let Some(held) = self.delegates.leaving.take() else {
            return;
        };
        match choice {
            Choice::Stay => {}
            Choice::Discard => {
                self.delegates.form = None;
                self.apply(ctx, held);
            }
            Choice::Save => {
                let Some(d) = self.delegates.form.as_ref().map(|f| f.to_delegate()) else {
                    return;
                };
                self.apply(ctx, Command::SaveDelegate(Box::new(d)));
                if !self.has_unsaved_edits() {
                    self.apply(ctx, held);
                }
            }
        }
    }

    /// Draws the question while a command is held.
    pub(super) fn unsaved_dialog(&mut self, ctx: &egui::Context) {
        if self.delegates.leaving.is_none() {
            return;
        }
        let Some(form) = &self.delegates.form else {
            self.delegates.leaving = None;
            return;
        };
        let who = if form.id == 0 {
            "The new delegate".to_string()
        } else {
            format!("Delegate {} ({})", form.id, form.original.display_name())
        };
        let valid = form.errors(&self.data).is_empty();
        let mut choice = None;
        let modal = egui::Modal::new(egui::Id::unique("unsaved_dialog")).show(ctx, |ui| {
            ui.set_max_width(420.0);
            ui.heading("Unsaved changes");
            ui.label(format!("{who} has changes that are not saved."));
            if !valid {
                ui.label(
                    RichText::new("Some fields are marked in red: correct them to save.")
                        .color(super::widgets::error_colour(ui)),
                );
            }
            ui.horizontal(|ui| {
                let save = ui
                    .add_enabled(valid, egui::Button::new(RichText::new("Save changes").strong()))
                    .on_disabled_hover_text("Correct the fields marked in red first.");
                if save.clicked() {
                    choice = Some(Choice::Save);
                }
                if ui.button("Discard changes").clicked() {
                    choice = Some(Choice::Discard);
                }
                if ui.button("Stay").clicked() {
                    choice = Some(Choice::Stay);
                }
            });
        });
        if modal.should_close() && choice.is_none() {
            choice = Some(Choice::Stay);
        }
        if let Some(c) = choice {
            self.pending.push(Command::ResolveUnsaved(c));
        }
    }
}
