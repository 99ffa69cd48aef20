//! The designer's commands applied to the registry: loading what the preview draws from, and
//! saving the template into the event (checked as a whole, audited, one transaction).

use super::DesignCommand;
use super::samples::Inputs;
use crate::gui::app::{AccreditApp, Message};

impl AccreditApp {
    /// Applies a designer command.
    pub(in crate::gui) fn apply_design(&mut self, cmd: DesignCommand) {
        match cmd {
            DesignCommand::Load => {
                let id = self
                    .badges
                    .focus
                    .or_else(|| self.delegates.selected.iter().next().copied());
                let mut inputs = Inputs::default();
                match self.reg.emblem() {
                    Ok(e) => inputs.emblem = e,
                    Err(e) => self.message = Some(error(e.to_string())),
                }
                if let Some(id) = id
                    && let Ok(d) = self.reg.delegate(id)
                {
                    inputs.delegation = self.reg.delegation(&d.delegation).ok().flatten();
                    inputs.delegate = Some(d);
                }
                self.design.inputs = inputs;
                self.design.inputs_generation += 1;
            }
            DesignCommand::Save(template) => {
                let result = self.reg.event().and_then(|mut ev| {
                    ev.badge = *template;
                    self.reg.save_event(&ev).map(|()| ev)
                });
                match result {
                    Ok(ev) => {
                        self.data.event = ev;
                        self.design.dirty = false;
                        self.design.saved = Some(Ok(()));
                        self.message = Some(Message {
                            error: false,
                            text: "Badge design saved into the event.".into(),
                        });
                    }
                    Err(e) => {
                        self.design.saved = Some(Err(e.to_string()));
                        self.message = Some(error(format!("The badge design was not saved: {e}")));
                    }
                }
            }
        }
    }
}

fn error(text: String) -> Message {
    Message { error: true, text }
}
