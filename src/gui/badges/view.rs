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
        let l = ui.label("Find delegate");
        ui.add(egui::TextEdit::singleline(&mut view.query).desired_width(200.0))
            .labelled_by(l.id);
    });
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.show, Show::Unprinted, "Not yet printed");
        ui.selectable_value(&mut view.show, Show::Accredited, "All accredited");
        ui.selectable_value(&mut view.show, Show::Ticked, format!("Ticked ({})", ticked.len()));
    });
    ui.horizontal(|ui| {
        ui.label(format!("{} listed", view.list.len()));
        if ui.button("Tick all listed").clicked() {
            for &i in &view.list {
                if let Some(r) = cx.data.rows.get(i) {
                    ticked.insert(r.d.id);
                }
            }
        }
        if ui.button("Untick all").clicked() {
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
            for t in ["", "Name", "Delegation", "Category", "Badge"] {
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
                    if crate::gui::widgets::tick_ui(ui, &mut on, &format!("Tick {}", r.name)).changed() {
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
                    let printed = if r.d.is_printed() { "printed" } else { "to print" };
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
        ui.heading("Preview");
        let l = ui.label("Format");
        egui::ComboBox::from_id_salt("badge_layout")
            .selected_text(view.layout.to_string())
            .show_ui(ui, |ui| {
                for (k, label) in [
                    (Layout::Cr80, "cr80: ID-1 card 85.6 x 54 mm"),
                    (Layout::A6, "a6: 105 x 148 mm"),
                    (Layout::A4x4, "a4x4: four A6 on A4"),
                ] {
                    ui.selectable_value(&mut view.layout, k, label);
                }
            })
            .response
            .labelled_by(l.id);
    });
    let Some(id) = view.focus else {
        ui.label("Click a delegate in the list to preview the badge.");
        return;
    };
    let name = cx.data.row(id).map(|r| r.name.clone()).unwrap_or_default();
    match view.preview.as_ref().map(|p| &p.result) {
        Some(Ok(layout)) => {
            let max = egui::vec2(ui.available_width().min(640.0), 420.0);
            crate::gui::preview::badge_ui(ui, layout, cx.photos, id, max)
                .on_hover_text(format!("Badge of {name}"));
            for u in &layout.unprintable {
                ui.label(RichText::new(format!("Warning: the {u}.")).color(error_colour(ui)));
            }
        }
        Some(Err(e)) => {
            ui.label(RichText::new(format!("No preview: {e}")).color(error_colour(ui)));
        }
        None => {
            ui.spinner();
        }
    }
    ui.horizontal(|ui| {
        ui.label(&name);
        if ui
            .add_enabled(!cx.data.door_copy, egui::Button::new("Reissue badge…"))
            .on_hover_text("A new badge version; the old badge is refused at the door from now on.")
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
        ui.heading("Reissue badge");
        ui.label(format!(
            "Issue version {} of the badge of {name}? The current badge (version {version}) will be \
             refused at the door from now on.",
            version + 1
        ));
        ui.horizontal(|ui| {
            if ui.button("Reissue").clicked() {
                cx.send(Command::Reissue(id));
                close = true;
            }
            if ui.button("Cancel").clicked() {
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
    ui.heading("Print");
    egui::Grid::new("print_options").num_columns(2).show(ui, |ui| {
        let l = ui.label("Output PDF");
        ui.add(
            egui::TextEdit::singleline(&mut view.out_path)
                .hint_text("empty: beside the database, named by date and time")
                .desired_width(340.0),
        )
        .labelled_by(l.id);
        ui.end_row();
        let l = ui.label("Printer");
        let printers = view.printers.clone().unwrap_or_default();
        let text = if printer.is_empty() {
            "none: open the PDF".to_string()
        } else {
            printer.clone()
        };
        egui::ComboBox::from_id_salt("printer")
            .selected_text(text)
            .show_ui(ui, |ui| {
                ui.selectable_value(printer, String::new(), "none: open the PDF");
                for p in &printers {
                    ui.selectable_value(printer, p.clone(), p);
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();
        ui.label("");
        if printers.is_empty() {
            ui.label(RichText::new("No printer found on this computer.").weak());
        } else {
            ui.label(RichText::new(crate::gui::widgets::count(printers.len(), "printer", "printers")).weak());
        }
        ui.end_row();
    });
    ui.checkbox(
        &mut view.open_after,
        "Open the PDF when done (when no printer is chosen)",
    );
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
                egui::Button::new(RichText::new(format!("Print {n} ticked")).strong()),
            )
            .on_hover_text("Ctrl+P")
            .clicked()
        {
            cx.send(Command::PreparePrint(Some(ticked.iter().copied().collect())));
        }
        if ui
            .add_enabled(
                ok && unprinted > 0,
                egui::Button::new(format!("Print all not yet printed ({unprinted})")),
            )
            .clicked()
        {
            cx.send(Command::PreparePrint(None));
        }
    });
    if cx.data.door_copy {
        ui.label(
            RichText::new("This is a door station copy: print badges at the accreditation desk.")
                .color(error_colour(ui)),
        );
    }
    if let Some(r) = &view.last {
        ui.separator();
        if let Some(path) = &r.path {
            ui.label(format!(
                "Last run: {}, {}, {} KB: {}",
                crate::gui::widgets::count(r.printed.len(), "badge", "badges"),
                crate::gui::widgets::count(r.pages, "page", "pages"),
                r.bytes / 1024,
                path.display()
            ));
            ui.horizontal(|ui| {
                if ui.button("Open PDF").clicked() {
                    cx.send(Command::OpenPdf(path.clone()));
                }
                if !printer.is_empty() && ui.button(format!("Send to {printer}")).clicked() {
                    cx.send(Command::SendToPrinter(path.clone()));
                }
            });
        } else {
            ui.label("Last run: nothing to print.");
        }
    }
}

fn confirm_dialog(view: &mut BadgesView, ui: &mut Ui, cx: &mut Cx<'_>) {
    let Some(p) = view.confirm.clone() else { return };
    let mut close = false;
    egui::Modal::new(egui::Id::unique("glyph_warnings")).show(ui.ctx(), |ui| {
        ui.heading("Before printing");
        ui.label(format!(
            "{} characters no bundled font covers:",
            match p.warnings.len() {
                1 => "1 line has".to_string(),
                n => format!("{n} lines have"),
            }
        ));
        egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
            for w in &p.warnings {
                let said = crate::gui::causes::drawable(&crate::gui::causes::words(&w.to_string()));
                ui.label(RichText::new(said).color(error_colour(ui)));
            }
        });
        ui.horizontal(|ui| {
            if ui.button("Print anyway").clicked() {
                cx.send(Command::Print(p.ids.clone()));
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    if close {
        view.confirm = None;
    }
}
