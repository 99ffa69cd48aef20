//! A drop-down for long lists of delegations, with type-to-filter: the filter field has the
//! keyboard as soon as the list opens, Enter picks the best match, Escape closes the list.
//! Matching is the core's ([`crate::registry::matching`]): codes and English or French
//! names, case and accents ignored.

use egui::{PopupCloseBehavior, Response, TextEdit, Ui};

use super::data::Data;
use crate::registry::matching::filter_delegations;

/// What the user picked this frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    /// "all" (only offered when the picker has it).
    All,
    /// A delegation, by code.
    Code(String),
}

/// Draws the drop-down showing `text`, with `current` marked; `all` adds an "all" entry
/// (for filters). Returns the button's response (to label it) and what was picked.
pub fn delegation_picker(
    ui: &mut Ui,
    id_salt: &str,
    text: String,
    current: Option<&str>,
    all: bool,
    data: &Data,
) -> (Response, Option<Picked>) {
    let filter_id = ui.make_persistent_id((id_salt, "filter"));
    let opened_id = ui.make_persistent_id((id_salt, "opened"));
    let mut filter: String = ui.data_mut(|d| d.get_temp(filter_id)).unwrap_or_default();
    let mut picked = None;
    let ir = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(text)
        .width(220.0)
        .height(340.0)
        .close_behavior(PopupCloseBehavior::CloseOnClickOutside)
        .show_ui(ui, |ui| {
            ui.set_min_width(300.0);
            let l = ui.label(crate::tr!("app-type-to-filter"));
            let r = ui
                .add(
                    TextEdit::singleline(&mut filter)
                        .hint_text(crate::tr!("app-filter-hint"))
                        .desired_width(280.0),
                )
                .labelled_by(l.id);
            let just_opened = !ui.data(|d| d.get_temp::<bool>(opened_id)).unwrap_or(false);
            if just_opened {
                r.request_focus();
                ui.data_mut(|d| d.insert_temp(opened_id, true));
            }
            // The Enter that opened the list is not the one that picks.
            let enter = !just_opened
                && (r.has_focus() || r.lost_focus())
                && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let matches = filter_delegations(&data.delegations, &filter);
            if enter {
                picked = matches.first().map(|d| Picked::Code(d.code.clone()));
            }
            ui.separator();
            egui::ScrollArea::vertical().max_height(280.0).show(ui, |ui| {
                if all && filter.trim().is_empty() && ui.selectable_label(current.is_none(), "all").clicked()
                {
                    picked = Some(Picked::All);
                }
                for d in &matches {
                    let label = format!("{} ({})", d.name(data.order), d.code);
                    if ui
                        .selectable_label(current == Some(d.code.as_str()), label)
                        .clicked()
                    {
                        picked = Some(Picked::Code(d.code.clone()));
                    }
                }
                if matches.is_empty() {
                    ui.label(crate::tr!("app-no-delegation-matches"));
                }
            });
            if picked.is_some() {
                ui.close();
            }
        });
    if ir.inner.is_none() || picked.is_some() {
        ui.data_mut(|d| {
            d.remove::<bool>(opened_id);
            d.remove::<String>(filter_id);
        });
    } else {
        ui.data_mut(|d| d.insert_temp(filter_id, filter));
    }
    (ir.response, picked)
}
