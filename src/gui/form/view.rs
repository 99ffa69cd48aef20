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
            crate::tr!("del-new")
        } else {
            crate::tr!("form-delegate-n", id = f.id.to_string())
        };
        ui.heading(title);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(crate::tr!("form-close")).clicked() {
                close = true;
            }
        });
    });
    let errors = f.errors(cx.data);
    let mut area = egui::ScrollArea::vertical().auto_shrink(false);
    if std::mem::take(&mut f.scroll_top) {
        // A form opened for another delegate starts at its top.
        area = area.vertical_scroll_offset(0.0);
    }
    area.show(ui, |ui| {
        super::conflicts::conflicts(f, ui, cx);
        fields(f, &errors, ui, cx);
        ui.separator();
        photo(f, ui, cx);
        ui.separator();
        actions(f, &errors, ui, cx);
        ui.separator();
        super::history::history(f, ui, cx.data);
        // The field that just took the keyboard (Tab, Shift+Tab) is scrolled into view.
        let ctx = ui.ctx().clone();
        let seen = egui::Id::unique("form_focus_seen");
        let focused = ctx.memory(|m| m.focused());
        // Moved by the keyboard (Tab, Shift+Tab; egui moves the focus during the frame of
        // the key or the next): a click or a drop-down's filter never scrolls the form.
        let tabbed = egui::Id::unique("form_focus_tabbed");
        if ui.input(|i| i.key_pressed(egui::Key::Tab)) {
            ctx.data_mut(|d| d.insert_temp(tabbed, 2u8));
        }
        if focused != ctx.data(|d| d.get_temp::<Option<egui::Id>>(seen)).flatten() {
            ctx.data_mut(|d| d.insert_temp(seen, focused));
            let by_key = ctx.data(|d| d.get_temp::<u8>(tabbed)).unwrap_or(0) > 0;
            ctx.data_mut(|d| d.remove::<u8>(tabbed));
            // Only a field of the form itself (not a drop-down's filter in its own layer).
            if by_key
                && let Some(r) = focused.and_then(|id| ctx.read_response(id))
                && r.layer_id == ui.layer_id()
            {
                ui.scroll_to_rect(r.rect, None);
            }
        } else if let Some(n) = ctx.data(|d| d.get_temp::<u8>(tabbed)) {
            // The Tab's focus move is waited for one frame more.
            ctx.data_mut(|d| d.insert_temp(tabbed, n.saturating_sub(1)));
        }
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
            crate::tr!("form-withdraw-title"),
            crate::tr!("form-withdraw-effect"),
        ),
        _ => (crate::tr!("form-reject-title"), crate::tr!("form-reject-effect")),
    };
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("status_reason_dialog")).show(ui.ctx(), |ui| {
        ui.set_max_width(440.0);
        ui.heading(heading);
        ui.label(RichText::new(&who).strong());
        ui.label(effect);
        let (r, enter) = crate::gui::widgets::reason_field(
            ui,
            &crate::tr!("form-reason-required"),
            &mut req.reason,
            &crate::tr!("form-reason-hint"),
            400.0,
        );
        if std::mem::take(&mut req.focus) {
            r.request_focus();
        }
        let ok = !req.reason.trim().is_empty() && !cx.locked;
        ui.horizontal(|ui| {
            let label = crate::tr!(if req.status == Status::Withdrawn {
                "form-confirm-withdraw"
            } else {
                "form-confirm-reject"
            });
            let confirm = ui
                .add_enabled(ok, egui::Button::new(RichText::new(label).strong()))
                .on_disabled_hover_text(crate::tr!("form-type-reason"));
            if (confirm.clicked() || enter) && ok {
                cx.send(Command::ChangeStatus {
                    id: d.id,
                    status: req.status,
                    reason: req.reason.trim().to_string(),
                });
                close = true;
            }
            if ui.button(crate::tr!("door-cancel")).clicked() {
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
            let first = field_ui(
                ui,
                &crate::tr!("form-title"),
                &mut f.title,
                &crate::tr!("form-title-hint"),
            );
            if std::mem::take(&mut f.focus_first) {
                first.request_focus();
            }
            ui.end_row();
            field_ui(ui, &crate::tr!("form-given-name"), &mut f.given_name, "");
            ui.end_row();
            field_ui(
                ui,
                &crate::tr!("form-family-name"),
                &mut f.family_name,
                &crate::tr!("form-required"),
            );
            ui.end_row();
            error_row(ui, errors.family_name.as_deref());
            field_ui(
                ui,
                &crate::tr!("del-native-name"),
                &mut f.native_name,
                &crate::tr!("form-native-hint"),
            );
            ui.end_row();
            field_ui(ui, &crate::tr!("form-function"), &mut f.function, "");
            ui.end_row();
            let l = ui.label(crate::tr!("reg-delegation"));
            let name = if f.delegation.is_empty() {
                crate::tr!("form-choose")
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
            let l = ui.label(crate::tr!("reg-category"));
            egui::ComboBox::from_id_salt("form_category")
                .selected_text(if f.category.is_empty() {
                    crate::tr!("form-choose")
                } else {
                    f.category.clone()
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
            field_ui(ui, &crate::tr!("form-email"), &mut f.email, "");
            ui.end_row();
            error_row(ui, errors.email.as_deref());
            field_ui(
                ui,
                &crate::tr!("del-external-id"),
                &mut f.external_id,
                &crate::tr!("form-external-hint"),
            );
            ui.end_row();
            error_row(ui, errors.external_id.as_deref());
            ui.label(crate::tr!("form-days"));
            ui.horizontal_wrapped(|ui| {
                for d in &data.event.days {
                    let mut on = f.days.contains(&d.date);
                    // The day in words of the app's language ("Monday 6 July 2015"), not its
                    // ISO date.
                    let shown = crate::i18n::dates::with_weekday_iso(crate::i18n::current(), &d.date);
                    if ui.checkbox(&mut on, shown).changed() {
                        if on {
                            f.days.insert(d.date.clone());
                        } else {
                            f.days.remove(&d.date);
                        }
                    }
                }
                if f.days.is_empty() {
                    ui.label(RichText::new(crate::tr!("form-every-day")).weak());
                }
            });
            ui.end_row();
            ui.label(crate::tr!("form-zones"));
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
                    ui.label(RichText::new(crate::tr!("form-category-zones")).weak());
                }
            });
            ui.end_row();
            let l = ui.label(crate::tr!("form-attention"));
            ui.add(
                egui::TextEdit::multiline(&mut f.attention)
                    .hint_text(crate::tr!("form-attention-hint"))
                    .desired_rows(2)
                    .desired_width(260.0),
            )
            .labelled_by(l.id);
            ui.end_row();
        });
    egui::CollapsingHeader::new(crate::tr!("form-persons-record"))
        .id_salt("form_record")
        .show(ui, |ui| {
            let words = crate::tr!(if f.reveal {
                "form-hide-sensitive"
            } else {
                "form-show-sensitive"
            });
            if ui
                .button(words)
                .on_hover_text(crate::tr!("form-sensitive-hint"))
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
            ui.label(super::field_words(def.name));
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
            let hint = if def.name == "gender" {
                crate::tr!("form-gender-hint")
            } else {
                hint.to_string()
            };
            field_ui(ui, &super::field_words(def.name), value, &hint);
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
            ui.label(RichText::new(crate::tr!("form-photo")).strong());
            if file_hovering(&ctx) {
                ui.label(RichText::new(crate::tr!("form-drop-image")).strong());
            } else {
                ui.label(RichText::new(crate::tr!("form-drop-hint")).weak());
            }
            if ui
                .add_enabled(
                    f.picking.is_none(),
                    egui::Button::new(crate::tr!("form-choose-photo")),
                )
                .clicked()
            {
                // The system's dialog on its own thread: the frames go on meanwhile.
                f.picking = Some(crate::gui::dialog::Picking::start(
                    &ctx,
                    "Images",
                    &["jpg", "jpeg", "png"],
                ));
            }
            if let Some(answer) = f.picking.as_ref().and_then(|p| p.poll()) {
                f.picking = None;
                match answer {
                    Some(p) => cx.send(Command::LoadPhoto(p)),
                    None => f.photo_error = Some(crate::tr!("form-no-file")),
                }
            }
            ui.horizontal(|ui| {
                let l = ui.label(crate::tr!("form-photo-file"));
                ui.add(egui::TextEdit::singleline(&mut f.photo_path).desired_width(170.0))
                    .labelled_by(l.id);
                if ui.button(crate::tr!("form-load")).clicked() && !f.photo_path.trim().is_empty() {
                    cx.send(Command::LoadPhoto(f.photo_path.trim().into()));
                }
            });
            if f.photo.is_some() && ui.button(crate::tr!("form-remove-photo")).clicked() {
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
            .add_enabled(
                can_save,
                egui::Button::new(RichText::new(crate::tr!("form-save")).strong()),
            )
            .on_disabled_hover_text(if !errors.is_empty() {
                crate::tr!("del-correct-first")
            } else {
                crate::tr!("form-nothing-changed")
            });
        if save.clicked() {
            f.save_error = None;
            cx.send(Command::SaveDelegate(Box::new(f.to_delegate())));
        }
        if dirty && f.id != 0 && ui.button(crate::tr!("form-undo")).clicked() {
            *f = EditForm::new(f.original.clone(), std::mem::take(&mut f.history));
        }
    });
    field_error_ui(ui, f.save_error.as_deref());
    if f.id == 0 {
        return;
    }
    ui.horizontal(|ui| {
        ui.label(crate::tr!("form-status"));
        crate::gui::widgets::status_ui(ui, f.original.status);
    });
    ui.horizontal(|ui| {
        // Alt+A, Alt+R, Alt+W: the status actions without tabbing through the form.
        for (label, status, key) in [
            ("form-approve", Status::Accredited, egui::Key::A),
            ("form-reject", Status::Rejected, egui::Key::R),
            ("form-withdraw", Status::Withdrawn, egui::Key::W),
        ] {
            let label = crate::tr!(label);
            let enabled = !dirty && !cx.locked && f.original.status != status;
            let shortcut = egui::KeyboardShortcut::new(egui::Modifiers::ALT, key);
            let b = ui
                .add_enabled(enabled, egui::Button::new(label))
                .on_hover_text(ui.ctx().format_shortcut(&shortcut))
                .on_disabled_hover_text(if dirty {
                    crate::tr!("form-save-first")
                } else {
                    String::new()
                });
            let pressed =
                enabled && f.status_request.is_none() && ui.input_mut(|i| i.consume_shortcut(&shortcut));
            if b.clicked() || pressed {
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
        ui.label(RichText::new("Alt+A · Alt+R · Alt+W").weak());
    });
    let d = &f.original;
    ui.label(crate::tr!(
        "form-badge-version",
        version = d.badge_version.to_string(),
        printed = if d.printed_version == 0 {
            crate::tr!("net-never")
        } else {
            crate::tr!("form-version", version = d.printed_version.to_string())
        }
    ));
}
