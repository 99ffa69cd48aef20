//! The edit form's conflicts: each field of the open delegate with two values (two desks
//! changed it concurrently, or a re-import and the desk), both shown with who and when, and
//! resolved with one click (one audited change; the other desks see it resolved after their
//! next sync).

use egui::{RichText, Ui};

use super::EditForm;
use crate::gui::context::{Command, Cx};
use crate::registry::conflicts::{Conflict, Keep, Side};

/// Draws the open conflicts of the form's delegate (nothing when there are none).
pub fn conflicts(f: &EditForm, ui: &mut Ui, cx: &mut Cx<'_>) {
    let Some(list) = cx.data.conflicts.get(&f.id).filter(|l| !l.is_empty()) else {
        return;
    };
    let warn = ui.visuals().warn_fg_color;
    egui::Frame::group(ui.style()).stroke((1.0, warn)).show(ui, |ui| {
        ui.label(
            RichText::new(crate::tr!("conf-fields-two-values", count = list.len()))
                .strong()
                .color(warn),
        );
        for c in list {
            one(c, ui, cx);
        }
    });
    ui.add_space(6.0);
}

fn one(c: &Conflict, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.label(
        RichText::new(crate::tr!(
            "conf-shown",
            field = c.field.clone(),
            value = format!("{:?}", c.shown)
        ))
        .strong(),
    );
    let mut side = |ui: &mut Ui, s: &Side, button: &str, keep: Keep| {
        ui.horizontal_wrapped(|ui| {
            let b = ui.add_enabled(!cx.locked, egui::Button::new(button));
            let when = if s.at.is_empty() {
                String::new()
            } else {
                format!(", {}", s.at)
            };
            ui.label(format!("{:?}  ({}{when})", s.value, s.by));
            if b.clicked() {
                cx.send(Command::ResolveConflict {
                    serial: c.serial,
                    field: c.field.clone(),
                    keep,
                });
            }
        });
    };
    side(ui, &c.mine, &crate::tr!("conf-keep-mine"), Keep::Mine);
    side(ui, &c.theirs, &crate::tr!("conf-keep-other"), Keep::Theirs);
}
