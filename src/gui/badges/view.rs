//! The Badges screen's drawing: the list to tick, the live preview, printing and its
//! confirmations (glyph warnings, reissue).

use std::collections::BTreeSet;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::{BadgesView, Show};
use crate::badge::Layout;
use crate::gui::context::{Command, Cx};
use crate::gui::widgets::error_colour;

/// Draws the screen. `ticked` is the selection shared with the Delegates table.
pub fn ui(
    view: &mut BadgesView,
    ticked: &mut BTreeSet<i64>,
    printer: &mut String,
    ui: &mut Ui,
    cx: &mut Cx<'_>,
) {
    view.refresh(cx, ticked);
    if view.printers.is_none() {
        cx.send(Command::ListPrinters);
        view.printers = Some(Vec::new());
    }
    egui::Panel::left("badge_list")
        .default_size(ui.available_width() * 0.5)
        .min_size(360.0)
        .show(ui, |ui| list_ui(view, ticked, ui, cx));
    let wanted = view.focus.map(|id| (id, view.layout, cx.data.generation));
    let have = view.preview.as_ref().map(|p| (p.id, p.layout, p.generation));
    if let Some(w) = wanted.filter(|w| Some(*w) != have) {
        cx.send(Command::PreviewBadge(w.0));
    }
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        preview_ui(view, ui, cx);
        ui.separator();
        print_ui(view, ticked, printer, ui, cx);
    });
    confirm_dialog(view, ui, cx);
    reissue_dialog(view, ui, cx);
}

fn list_ui(view: &mut BadgesView, ticked: &mut BTreeSet<i64>, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.horizontal(|ui| {
        let l = ui.label(crate::tr!("bad-find"));
        ui.add(egui::TextEdit::singleline(&mut view.query).desired_width(200.0))
            .labelled_by(l.id);
    });
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.show, Show::Unprinted, crate::tr!("bad-unprinted"));
        ui.selectable_value(&mut view.show, Show::Accredited, crate::tr!("bad-all-accredited"));
        ui.selectable_value(
            &mut view.show,
            Show::Ticked,
            crate::tr!("bad-ticked", count = ticked.len()),
        );
    });
    ui.horizontal(|ui| {
        ui.label(crate::tr!("bad-listed", count = view.list.len()));
        if ui.button(crate::tr!("bad-tick-all")).clicked() {
            for &i in &view.list {
                if let Some(r) = cx.data.rows.get(i) {
                    ticked.insert(r.d.id);
                }
            }
        }
        if ui.button(crate::tr!("del-untick-all")).clicked() {
            ticked.clear();
        }
    });
    ui.separator();
    let mut focus = None;
    ui.style_mut().interaction.selectable_labels = false;
    TableBuilder::new(ui)
        .id_salt("badge_list_table")
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(24.0))
        .column(Column::initial(220.0).clip(true))
        .column(Column::initial(150.0).clip(true))
        .column(Column::initial(60.0))
        .column(Column::remainder())
        .header(20.0, |mut h| {
            for t in ["", "reg-name", "reg-delegation", "reg-category", "bad-badge"] {
                let t = if t.is_empty() {
                    String::new()
                } else {
                    crate::tr!(t)
                };
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(22.0, view.list.len(), |mut row| {
                let Some(r) = view.list.get(row.index()).and_then(|&i| cx.data.rows.get(i)) else {
                    return;
                };
                let id = r.d.id;
                row.set_selected(view.focus == Some(id));
                row.col(|ui| {
                    let mut on = ticked.contains(&id);
                    if crate::gui::widgets::tick_ui(ui, &mut on, &crate::tr!("bad-tick-one", name = &r.name))
                        .changed()
                    {
                        if on {
                            ticked.insert(id);
                        } else {
                            ticked.remove(&id);
                        }
                    }
                });
                row.col(|ui| {
                    ui.label(&r.name);
                });
                row.col(|ui| {
                    ui.label(&r.delegation_name);
                });
                row.col(|ui| {
                    ui.label(&r.d.category);
                });
                row.col(|ui| {
                    let printed = if r.d.is_printed() {
                        crate::tr!("bad-printed")
                    } else {
                        crate::tr!("bad-to-print")
                    };
                    ui.label(format!("v{} {printed}", r.d.badge_version));
                });
                if row.response().clicked() {
                    focus = Some(id);
                }
            });
        });
    if focus.is_some() {
        view.focus = focus;
    }
}

fn preview_ui(view: &mut BadgesView, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.horizontal(|ui| {
        ui.heading(crate::tr!("bad-preview"));
        let l = ui.label(crate::tr!("part-format"));
        egui::ComboBox::from_id_salt("badge_layout")
            .selected_text(view.layout.to_string())
            .show_ui(ui, |ui| {
                for (k, label) in [
                    (Layout::Cr80, crate::tr!("bad-cr80")),
                    (Layout::A6, crate::tr!("bad-a6")),
                    (Layout::A4x4, crate::tr!("bad-a4x4")),
                ] {
                    ui.selectable_value(&mut view.layout, k, label);
                }
            })
            .response
            .labelled_by(l.id);
    });
    let Some(id) = view.focus else {
        ui.label(crate::tr!("bad-click-to-preview"));
        return;
    };
    let name = cx.data.row(id).map(|r| r.name.clone()).unwrap_or_default();
    match view.preview.as_ref().map(|p| &p.result) {
        Some(Ok(layout)) => {
            let max = egui::vec2(ui.available_width().min(640.0), 420.0);
            crate::gui::preview::badge_ui(ui, layout, cx.photos, id, max)
                .on_hover_text(crate::tr!("bad-badge-of", name = &name));
            for u in &layout.unprintable {
                ui.label(RichText::new(crate::tr!("bad-warning", problem = u.say())).color(error_colour(ui)));
            }
        }
        Some(Err(e)) => {
            ui.label(
                RichText::new(crate::tr!("bad-no-preview", error = e.to_string())).color(error_colour(ui)),
            );
        }
        None => {
            ui.spinner();
        }
    }
    ui.horizontal(|ui| {
        ui.label(&name);
        if ui
            .add_enabled(
                !cx.data.door_copy,
                egui::Button::new(crate::tr!("bad-reissue-button")),
            )
            .on_hover_text(crate::tr!("bad-reissue-hint"))
            .clicked()
        {
            view.confirm_reissue = Some(id);
        }
    });
}

fn reissue_dialog(view: &mut BadgesView, ui: &mut Ui, cx: &mut Cx<'_>) {
    let Some(id) = view.confirm_reissue else { return };
    let (name, version) = cx
        .data
        .row(id)
        .map(|r| (r.name.clone(), r.d.badge_version))
        .unwrap_or_default();
    let mut close = false;
    egui::Modal::new(egui::Id::unique("reissue_dialog")).show(ui.ctx(), |ui| {
        ui.heading(crate::tr!("bad-reissue-title"));
        ui.label(crate::tr!(
            "bad-reissue-question",
            next = (version + 1).to_string(),
            name = &name,
            version = version.to_string()
        ));
        ui.horizontal(|ui| {
            if ui.button(crate::tr!("bad-reissue")).clicked() {
                cx.send(Command::Reissue(id));
                close = true;
            }
            if ui.button(crate::tr!("door-cancel")).clicked() {
                close = true;
            }
        });
    });
    if close {
        view.confirm_reissue = None;
    }
}

fn print_ui(
    view: &mut BadgesView,
    ticked: &BTreeSet<i64>,
    printer: &mut String,
    ui: &mut Ui,
    cx: &mut Cx<'_>,
) {
    ui.heading(crate::tr!("part-print"));
    egui::Grid::new("print_options").num_columns(2).show(ui, |ui| {
        let l = ui.label(crate::tr!("bad-output-pdf"));
        ui.add(
            egui::TextEdit::singleline(&mut view.out_path)
                .hint_text(crate::tr!("bad-output-hint"))
                .desired_width(340.0),
        )
        .labelled_by(l.id);
        ui.end_row();
        let l = ui.label(crate::tr!("bad-printer"));
        let printers = view.printers.clone().unwrap_or_default();
        let text = if printer.is_empty() {
            crate::tr!("bad-no-printer")
        } else {
            printer.clone()
        };
        egui::ComboBox::from_id_salt("printer")
            .selected_text(text)
            .show_ui(ui, |ui| {
                ui.selectable_value(printer, String::new(), crate::tr!("bad-no-printer"));
                for p in &printers {
                    ui.selectable_value(printer, p.clone(), p);
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();
        ui.label("");
        if printers.is_empty() {
            ui.label(RichText::new(crate::tr!("bad-no-cups")).weak());
        } else {
            ui.label(RichText::new(crate::tr!("bad-cups-count", count = printers.len())).weak());
        }
        ui.end_row();
    });
    ui.checkbox(&mut view.open_after, crate::tr!("bad-open-after"));
    let unprinted: usize = cx
        .data
        .per_delegation
        .values()
        .map(|c| c.accredited - c.printed)
        .sum();
    ui.horizontal(|ui| {
        let n = ticked.len();
        let ok = !cx.busy && !cx.data.door_copy;
        if ui
            .add_enabled(
                ok && n > 0,
                egui::Button::new(RichText::new(crate::tr!("bad-print-ticked", count = n)).strong()),
            )
            .on_hover_text("Ctrl+P")
            .clicked()
        {
            cx.send(Command::PreparePrint(Some(ticked.iter().copied().collect())));
        }
        if ui
            .add_enabled(
                ok && unprinted > 0,
                egui::Button::new(crate::tr!("bad-print-unprinted", count = unprinted)),
            )
            .clicked()
        {
            cx.send(Command::PreparePrint(None));
        }
    });
    if cx.data.door_copy {
        ui.label(RichText::new(crate::tr!("bad-door-copy")).color(error_colour(ui)));
    }
    if let Some(r) = &view.last {
        ui.separator();
        if let Some(path) = &r.path {
            ui.label(crate::tr!(
                "bad-last-run",
                badges = r.printed.len(),
                pages = r.pages,
                kb = (r.bytes / 1024).to_string(),
                path = path.display().to_string()
            ));
            ui.horizontal(|ui| {
                if ui.button(crate::tr!("bad-open-pdf")).clicked() {
                    cx.send(Command::OpenPdf(path.clone()));
                }
                if !printer.is_empty()
                    && ui
                        .button(crate::tr!("bad-send-to", printer = printer.as_str()))
                        .clicked()
                {
                    cx.send(Command::SendToPrinter(path.clone()));
                }
            });
        } else {
            ui.label(crate::tr!("bad-last-nothing"));
        }
    }
}

fn confirm_dialog(view: &mut BadgesView, ui: &mut Ui, cx: &mut Cx<'_>) {
    let Some(p) = view.confirm.clone() else { return };
    let mut close = false;
    egui::Modal::new(egui::Id::unique("glyph_warnings")).show(ui.ctx(), |ui| {
        ui.heading(crate::tr!("bad-before-printing"));
        ui.label(crate::tr!("bad-glyph-lines", count = p.warnings.len()));
        egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
            for w in &p.warnings {
                let said = crate::gui::causes::drawable(&crate::gui::causes::words(&w.to_string()));
                ui.label(RichText::new(said).color(error_colour(ui)));
            }
        });
        ui.horizontal(|ui| {
            if ui.button(crate::tr!("bad-print-anyway")).clicked() {
                cx.send(Command::Print(p.ids.clone()));
                close = true;
            }
            if ui.button(crate::tr!("door-cancel")).clicked() {
                close = true;
            }
        });
    });
    if close {
        view.confirm = None;
    }
}
