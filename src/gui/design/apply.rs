//! The designer's commands applied to the registry: loading what the preview draws from, and
//! saving the template into the event (checked as a whole, audited, one transaction).

use super::DesignView;
use super::samples::Inputs;
use crate::gui::context::{DesignCommand, Shell, chain};

/// Applies a designer command; `focus` is the delegate the preview shows (the one focused
/// on the Badges screen, else the first ticked).
pub fn apply(view: &mut DesignView, sh: &mut Shell<'_>, focus: Option<i64>, cmd: DesignCommand) {
    match cmd {
        DesignCommand::Load => {
            let mut inputs = Inputs::default();
            match sh.reg.emblem() {
                Ok(e) => inputs.emblem = e,
                Err(e) => sh.error(chain(&e)),
            }
            if let Some(id) = focus
                && let Ok(d) = sh.reg.delegate(id)
            {
                inputs.delegation = sh.reg.delegation(&d.delegation).ok().flatten();
                inputs.delegate = Some(d);
            }
            view.inputs = inputs;
            view.inputs_generation += 1;
        }
        DesignCommand::Save(template) => {
            let result = sh.reg.event().and_then(|mut ev| {
                ev.badge = *template;
                sh.reg.save_event(&ev).map(|()| ev)
            });
            match result {
                Ok(ev) => {
                    sh.data.event = ev;
                    // Told to every screen: the Badges preview is drawn again with it.
                    sh.data.touch();
                    view.dirty = false;
                    view.saved = Some(Ok(()));
                    sh.info(crate::tr!("des-msg-saved"));
                }
                Err(e) => {
                    let why = chain(&e);
                    sh.error(crate::tr!("des-msg-not-saved", error = why.to_string()));
                    view.saved = Some(Err(why));
                }
            }
        }
    }
}
