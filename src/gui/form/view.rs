//! Drawing the edit form: the fields with their problems, the photo, the actions and the
//! reason dialog of Reject and Withdraw.

use egui::{RichText, Ui};

use super::{EditForm, FieldErrors, StatusRequest};
use crate::gui::context::{Command, Cx};
use crate::gui::widgets::{dropped_file, field_error_ui, field_ui, file_hovering, photo_ui};
use crate::registry::Status;

/// Draws the form; returns true when the user closed it.
pub fn ui(f: &mut EditForm, ui: &mut Ui, cx: &mut Cx<'_>) -> bool {
    // Escape closes the form (asking first when there are unsaved edits), unless a dialog
    // or a drop-down list is open: Escape closes that.
    let mut close = f.status_request.is_none()
        && !egui::Popup::is_any_open(ui.ctx())
        && ui.input(|i| i.key_pressed(egui::Key::Escape));
    // Ctrl+S saves.
    let save_key = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::S);
    if ui.input_mut(|i| i.consume_shortcut(&save_key))
        && f.is_dirty()
        && f.errors(cx.data).is_empty()
        && !cx.locked
    {
        f.save_error = None;
        cx.send(Command::SaveDelegate(Box::new(f.to_delegate())));
    }
    ui.horizontal(|ui| {
        let title = if f.id == 0 {
            "New delegate".to_string()
        } else {
            format!("Delegate {}", f.id)
        };
        ui.heading(title);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Close").clicked() {
                close = true;
            }
        });
    });
    let errors = f.errors(cx.data);
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        super::conflicts::conflicts(f, ui, cx);
        fields(f, &errors, ui, cx);
        ui.separator();
        photo(f, ui, cx);
        ui.separator();
        actions(f, &errors, ui, cx);
        ui.separator();
        super::history::history(f, ui, cx.data);
    });
    status_dialog(f, ui, cx);
    close
}

/// The reason dialog of Reject and Withdraw: says what it does to whom, and needs a reason.
fn status_dialog(f: &mut EditForm, ui: &mut Ui, cx: &mut Cx<'_>) {
    let Some(req) = &mut f.status_request else { return };
    let d = &f.original;
    let who = format!(
        "{} ({})",
        d.display_name(),
        cx.data.delegation_name(&d.delegation)
    );
    let (heading, effect) = match req.status {
        Status::Withdrawn => (
            "Withdraw the accreditation",
            "Their badge will be refused at the door (REVOKED), with this reason shown there; \
             it is kept in the history.",
        ),
        _ => (
            "Reject the accreditation",
            "They get no badge, and a badge already printed is refused at the door (REVOKED). \
             The reason stays at the desk, in the history.",
        ),
    };
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("status_reason_dialog")).show(ui.ctx(), |ui| {
        ui.set_max_width(440.0);
        ui.heading(heading);
        ui.label(RichText::new(&who).strong());
        ui.label(effect);
        let l = ui.label("Reason (required)");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut req.reason)
                    .hint_text("e.g. replaced by the deputy head of delegation")
                    .desired_width(400.0),
            )
            .labelled_by(l.id);
        if std::mem::take(&mut req.focus) {
            r.request_focus();
        }
        let ok = !req.reason.trim().is_empty() && !cx.locked;
        let enter = (r.has_focus() || r.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let label = format!("{} accreditation", req.status.verb());
            let confirm = ui
                .add_enabled(ok, egui::Button::new(RichText::new(label).strong()))
                .on_disabled_hover_text("Type the reason first.");
            if (confirm.clicked() || enter) && ok {
                cx.send(Command::ChangeStatus {
                    id: d.id,
                    status: req.status,
                    reason: req.reason.trim().to_string(),
                });
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    if close || modal.should_close() {
        f.status_request = None;
    }
}

fn fields(f: &mut EditForm, errors: &FieldErrors, ui: &mut Ui, cx: &mut Cx<'_>) {
    let data = cx.data;
    egui::Grid::new("delegate_fields")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let first = field_ui(ui, "Title", &mut f.title, "H.E. Ms.");
            if std::mem::take(&mut f.focus_first) {
                first.request_focus();
            }
            ui.end_row();
            field_ui(ui, "Given name", &mut f.given_name, "");
            ui.end_row();
            field_ui(ui, "Family name", &mut f.family_name, "required");
            ui.end_row();
            error_row(ui, errors.family_name.as_deref());
            field_ui(
                ui,
                "Native name",
                &mut f.native_name,
                "in the person's own script",
            );
            ui.end_row();
            field_ui(ui, "Function", &mut f.function, "");
            ui.end_row();
            let l = ui.label("Delegation");
            let name = if f.delegation.is_empty() {
                "choose…".to_string()
            } else {
                data.delegation_name(&f.delegation)
            };
            let current = Some(f.delegation.as_str()).filter(|c| !c.is_empty());
            let (r, picked) =
                crate::gui::picker::delegation_picker(ui, "form_delegation", name, current, false, data);
            r.labelled_by(l.id);
            if let Some(crate::gui::picker::Picked::Code(code)) = picked {
                if f.id == 0
                    && let Some(d) = data.delegation(&code)
                {
                    f.category = d.default_category.clone();
                }
                f.delegation = code;
            }
            ui.end_row();
            error_row(ui, errors.delegation.as_deref());
            let l = ui.label("Category");
            egui::ComboBox::from_id_salt("form_category")
                .selected_text(if f.category.is_empty() {
                    "choose…"
                } else {
                    &f.category
                })
                .show_ui(ui, |ui| {
                    for c in &data.event.categories {
                        ui.selectable_value(
                            &mut f.category,
                            c.code.clone(),
                            format!("{} ({})", c.code, c.label),
                        );
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            error_row(ui, errors.category.as_deref());
            field_ui(ui, "E-mail", &mut f.email, "");
            ui.end_row();
            error_row(ui, errors.email.as_deref());
            field_ui(
                ui,
                "External id",
                &mut f.external_id,
                "from the nominating system",
            );
            ui.end_row();
            error_row(ui, errors.external_id.as_deref());
            ui.label("Days");
            ui.horizontal_wrapped(|ui| {
                for d in &data.event.days {
                    let mut on = f.days.contains(&d.date);
                    if ui.checkbox(&mut on, &d.date).changed() {
                        if on {
                            f.days.insert(d.date.clone());
                        } else {
                            f.days.remove(&d.date);
                        }
                    }
                }
                if f.days.is_empty() {
                    ui.label(RichText::new("(none ticked = every day)").weak());
                }
            });
            ui.end_row();
            ui.label("Zones");
            ui.horizontal_wrapped(|ui| {
                for z in &data.event.zones {
                    let mut on = f.zones.contains(&z.code);
                    if ui.checkbox(&mut on, &z.code).on_hover_text(&z.name).changed() {
                        if on {
                            f.zones.insert(z.code.clone());
                        } else {
                            f.zones.remove(&z.code);
                        }
                    }
                }
                if f.zones.is_empty() {
                    ui.label(RichText::new("(none ticked = the category's)").weak());
                }
            });
            ui.end_row();
            let l = ui.label("Attention note");
            ui.add(
                egui::TextEdit::multiline(&mut f.attention)
                    .hint_text("shown at the door when the badge is scanned")
                    .desired_rows(2)
                    .desired_width(260.0),
            )
            .labelled_by(l.id);
            ui.end_row();
        });
    egui::CollapsingHeader::new("Person's record (gender, nationality, identity document, vehicle)")
        .id_salt("form_record")
        .show(ui, |ui| {
            let words = if f.reveal {
                "Hide sensitive fields"
            } else {
                "Show sensitive fields"
            };
            if ui
                .button(words)
                .on_hover_text("date of birth and identity document: masked unless shown")
                .clicked()
            {
                f.reveal = !f.reveal;
            }
            egui::Grid::new("delegate_record")
                .num_columns(2)
                .spacing([8.0, 4.0])
                .show(ui, |ui| record(f, ui));
        });
}

/// The person's record: one line per field of the table, the sensitive ones masked until
/// "Show sensitive fields" is pressed.
fn record(f: &mut EditForm, ui: &mut Ui) {
    use crate::registry::fields::Class;
    let reveal = f.reveal;
    for (field, value) in &mut f.record {
        let def = field.def();
        if def.class == Class::Sensitive && !reveal {
            ui.label(def.label);
            let shown = crate::registry::fields::masked(value);
            ui.label(if shown.is_empty() {
                "—".to_string()
            } else {
                shown
            });
        } else {
            let hint = match def.name {
                "gender" => "F, M or X",
                "nationality" | "id_country" => "AT, FR, …",
                "birth_date" | "id_expiry" => "1970-01-31",
                "id_type" => "passport, diplomatic_passport, service_passport, id_card",
                _ => "",
            };
            field_ui(ui, def.label, value, hint);
        }
        ui.end_row();
    }
}

/// An inline error under a field of the grid (no row at all when there is none).
fn error_row(ui: &mut Ui, error: Option<&str>) {
    if error.is_some() {
        ui.label("");
        field_error_ui(ui, error);
        ui.end_row();
    }
}

fn photo(f: &mut EditForm, ui: &mut Ui, cx: &mut Cx<'_>) {
    let ctx = ui.ctx().clone();
    if let Some(path) = dropped_file(&ctx) {
        cx.send(Command::LoadPhoto(path));
    }
    ui.horizontal(|ui| {
        let tex = f.photo.as_ref().and_then(|p| cx.photos.texture(&ctx, f.id, p));
        photo_ui(ui, tex.as_ref(), 140.0);
        ui.vertical(|ui| {
            ui.label(RichText::new("Photo").strong());
            if file_hovering(&ctx) {
                ui.label(RichText::new("Drop the image to use it as the photo").strong());
            } else {
                ui.label(RichText::new("Drop a JPEG or PNG on the window, or:").weak());
            }
            if ui.button("Choose photo…").clicked() {
                let picked = rfd::FileDialog::new()
                    .add_filter("Images", &["jpg", "jpeg", "png"])
                    .pick_file();
                match picked {
                    Some(p) => cx.send(Command::LoadPhoto(p)),
                    None => {
                        f.photo_error =
                            Some("No file chosen. You can also type the file's path below.".into())
                    }
                }
            }
            ui.horizontal(|ui| {
                let l = ui.label("Photo file");
                ui.add(egui::TextEdit::singleline(&mut f.photo_path).desired_width(170.0))
                    .labelled_by(l.id);
                if ui.button("Load").clicked() && !f.photo_path.trim().is_empty() {
                    cx.send(Command::LoadPhoto(f.photo_path.trim().into()));
                }
            });
            if f.photo.is_some() && ui.button("Remove photo").clicked() {
                f.photo = None;
            }
            field_error_ui(ui, f.photo_error.as_deref());
        });
    });
}

fn actions(f: &mut EditForm, errors: &FieldErrors, ui: &mut Ui, cx: &mut Cx<'_>) {
    let dirty = f.is_dirty();
    for m in &errors.other {
        field_error_ui(ui, Some(m));
    }
    ui.horizontal(|ui| {
        let can_save = dirty && errors.is_empty() && !cx.locked;
        let save = ui
            .add_enabled(can_save, egui::Button::new(RichText::new("Save").strong()))
            .on_disabled_hover_text(if !errors.is_empty() {
                "Correct the fields marked in red first."
            } else {
                "Nothing changed."
            });
        if save.clicked() {
            f.save_error = None;
            cx.send(Command::SaveDelegate(Box::new(f.to_delegate())));
        }
        if dirty && f.id != 0 && ui.button("Undo changes").clicked() {
            *f = EditForm::new(f.original.clone(), std::mem::take(&mut f.history));
        }
    });
    field_error_ui(ui, f.save_error.as_deref());
    if f.id == 0 {
        return;
    }
    ui.horizontal(|ui| {
        ui.label("Status:");
        crate::gui::widgets::status_ui(ui, f.original.status);
    });
    ui.horizontal(|ui| {
        for (label, status) in [
            ("Approve", Status::Accredited),
            ("Reject…", Status::Rejected),
            ("Withdraw…", Status::Withdrawn),
        ] {
            let enabled = !dirty && !cx.locked && f.original.status != status;
            let b = ui
                .add_enabled(enabled, egui::Button::new(label))
                .on_disabled_hover_text(if dirty {
                    "Save or undo your changes first."
                } else {
                    ""
                });
            if b.clicked() {
                if status.needs_reason() {
                    f.status_request = Some(StatusRequest {
                        status,
                        reason: String::new(),
                        focus: true,
                    });
                } else {
                    cx.send(Command::SetStatus(f.id, status));
                }
            }
        }
    });
    let d = &f.original;
    ui.label(format!(
        "Badge version {} · printed {}",
        d.badge_version,
        if d.printed_version == 0 {
            "never".to_string()
        } else {
            format!("version {}", d.printed_version)
        }
    ));
}
