//! The guard of unsaved edits: a command that would leave the edit form with changes not
//! saved (Close, Escape, another row, a new delegate, another screen, quitting, door mode) is
//! held, and a dialog asks: save, discard or stay. The held command then runs (after a
//! successful save or a discard) or is dropped (stay, or a save that failed: the form shows
//! why).

use egui::RichText;

use super::DelegatesView;
use crate::gui::context::{Choice, Command, Screen};
use crate::gui::data::Data;

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

impl DelegatesView {
    /// Whether the edit form is open with unsaved edits.
    pub fn has_unsaved_edits(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.has_unsaved())
    }
}

/// Holds `cmd` when it would leave a form with unsaved edits (the dialog then asks, on the
/// Delegates screen, where the form is); true when held.
pub fn hold(view: &mut DelegatesView, screen: &mut Screen, cmd: &Command) -> bool {
    let Some(form) = &view.form else {
        return false;
    };
    if !form.has_unsaved() || !leaves_form(cmd, form.id) {
        return false;
    }
    view.leaving = Some(cmd.clone());
    *screen = Screen::Delegates;
    true
}

/// The window's close button with unsaved edits: the close is cancelled and the question
/// asked (as for Quit).
pub fn guard_close_request(view: &mut DelegatesView, screen: &mut Screen, locked: bool, ctx: &egui::Context) {
    if !locked && view.has_unsaved_edits() && ctx.input(|i| i.viewport().close_requested()) {
        ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        view.leaving = Some(Command::Quit);
        *screen = Screen::Delegates;
    }
}

/// What the app does after the answer.
#[derive(Debug)]
pub enum Next {
    /// Nothing (stay, or nothing was held).
    Stay,
    /// Apply the held command (the edits were discarded).
    Run(Command),
    /// Save this delegate; if the form then has no unsaved edits, apply the held command.
    SaveThen(Box<crate::registry::Delegate>, Command),
}

/// Takes the answer: discards the form, or says what to save before the held command.
pub fn resolve(view: &mut DelegatesView, choice: Choice) -> Next {
    let Some(held) = view.leaving.take() else {
        return Next::Stay;
    };
    match choice {
        Choice::Stay => Next::Stay,
        Choice::Discard => {
            view.form = None;
            Next::Run(held)
        }
        Choice::Save => match view.form.as_ref().map(|f| f.to_delegate()) {
            Some(d) => Next::SaveThen(Box::new(d), held),
            None => Next::Stay,
        },
    }
}

/// Draws the question while a command is held; returns the answer once given.
pub fn dialog(view: &mut DelegatesView, data: &Data, ctx: &egui::Context) -> Option<Command> {
    view.leaving.as_ref()?;
    let Some(form) = &view.form else {
        view.leaving = None;
        return None;
    };
    let who = if form.id == 0 {
        crate::tr!("del-unsaved-new")
    } else {
        crate::tr!(
            "del-unsaved-who",
            id = form.id.to_string(),
            name = form.original.display_name()
        )
    };
    let valid = form.errors(data).is_empty();
    let mut choice = None;
    let modal = egui::Modal::new(egui::Id::unique("unsaved_dialog")).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.heading(crate::tr!("del-unsaved-title"));
        ui.label(crate::tr!("del-unsaved-text", who = &who));
        if !valid {
            ui.label(
                RichText::new(crate::tr!("del-unsaved-red")).color(crate::gui::widgets::error_colour(ui)),
            );
        }
        ui.horizontal(|ui| {
            let save = ui
                .add_enabled(
                    valid,
                    egui::Button::new(RichText::new(crate::tr!("del-save-changes")).strong()),
                )
                .on_disabled_hover_text(crate::tr!("del-correct-first"));
            if save.clicked() {
                choice = Some(Choice::Save);
            }
            if ui.button(crate::tr!("del-discard")).clicked() {
                choice = Some(Choice::Discard);
            }
            if ui.button(crate::tr!("del-stay")).clicked() {
                choice = Some(Choice::Stay);
            }
        });
    });
    if modal.should_close() && choice.is_none() {
        choice = Some(Choice::Stay);
    }
    choice.map(Command::ResolveUnsaved)
}
