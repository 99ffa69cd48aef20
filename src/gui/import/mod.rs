//! The Import screen: choose a CSV file or an Excel/OpenDocument workbook (typed path, file
//! dialog or drop), see every row and every problem with its line (or cell) and column before
//! anything is written, then import with a progress bar. Also the export of all delegates to
//! CSV or .xlsx.
//!
//! What its commands do (check, import, export on a worker thread) is in [`apply`].

pub mod apply;
pub mod nomination;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::csv_io::{ImportPlan, RowAction};
use crate::gui::context::{Command, Cx};
use crate::gui::widgets::{dropped_file, error_colour, file_hovering};

/// State of the Import screen.
#[derive(Debug, Default)]
pub struct ImportView {
    /// The file to import (CSV or workbook), as typed or chosen.
    pub path: String,
    /// The checked file, when there is one.
    pub plan: Option<ImportPlan>,
    /// Where to export delegates.
    pub export_path: String,
    /// Open the file dialog from this frame number on (Ctrl+I).
    pub open_dialog: Option<u64>,
    /// Put the keyboard in the typed-path field on the next frame.
    pub focus_path: bool,
    /// The file dialog gave nothing back once: the screen says so, and offers the typed path.
    pub no_dialog: bool,
    /// The system's file dialog, open on its own thread.
    pub picking: Option<crate::gui::dialog::Picking>,
}

/// The core's wording for the command line, in the app's words (GUI places, not commands).
pub fn gui_words(message: &str) -> String {
    crate::gui::causes::words(message)
}

/// Draws the screen.
pub fn ui(view: &mut ImportView, ui: &mut Ui, cx: &mut Cx<'_>) {
    if let Some(p) = dropped_file(ui.ctx()) {
        view.path = p.display().to_string();
        cx.send(Command::PlanImport(p));
    }
    ui.heading(crate::tr!("imp-title"));
    ui.label(RichText::new(crate::tr!("imp-columns")).weak());
    if file_hovering(ui.ctx()) {
        ui.label(RichText::new(crate::tr!("imp-drop")).strong().size(18.0));
    }
    ui.horizontal(|ui| {
        let l = ui.label(crate::tr!("imp-file"));
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut view.path)
                    .hint_text(crate::tr!("imp-file-hint"))
                    .desired_width(420.0),
            )
            .labelled_by(l.id);
        if std::mem::take(&mut view.focus_path) {
            r.request_focus();
        }
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let due = view
            .open_dialog
            .is_some_and(|f| ui.ctx().cumulative_frame_nr() >= f);
        if view.open_dialog.is_some() && !due {
            ui.ctx().request_repaint();
        }
        if (ui
            .add_enabled(
                view.picking.is_none(),
                egui::Button::new(crate::tr!("imp-browse")),
            )
            .clicked()
            || due)
            && view.picking.is_none()
        {
            view.open_dialog = None;
            // A CSV file or a workbook, chosen in the system's dialog on its own thread; when
            // there is none (no desktop portal), the typed path or a dropped file does it.
            view.picking = Some(crate::gui::dialog::Picking::start(
                ui.ctx(),
                "CSV or Excel",
                &["csv", "xlsx", "xlsm", "xls", "ods"],
            ));
        }
        if let Some(answer) = view.picking.as_ref().and_then(|p| p.poll()) {
            view.picking = None;
            match answer {
                Some(p) => {
                    view.path = p.display().to_string();
                    cx.send(Command::PlanImport(p));
                }
                None => {
                    view.no_dialog = true;
                    view.focus_path = true;
                    ui.ctx().request_repaint();
                }
            }
        }
        let ready = !view.path.trim().is_empty() && !cx.busy;
        if (ui
            .add_enabled(ready, egui::Button::new(crate::tr!("imp-check")))
            .clicked()
            || enter)
            && ready
        {
            cx.send(Command::PlanImport(view.path.trim().into()));
        }
    });
    if view.no_dialog {
        ui.label(crate::tr!("imp-no-dialog"));
    }
    ui.separator();
    egui::Panel::bottom("export_panel").show(ui, |ui| {
        ui.horizontal(|ui| {
            let l = ui.label(crate::tr!("imp-export-to"));
            ui.add(
                egui::TextEdit::singleline(&mut view.export_path)
                    .hint_text(crate::tr!("imp-export-hint"))
                    .desired_width(320.0),
            )
            .labelled_by(l.id);
            let ready = !view.export_path.trim().is_empty() && !cx.busy;
            if ui
                .add_enabled(ready, egui::Button::new(crate::tr!("imp-export")))
                .clicked()
            {
                cx.send(Command::Export(view.export_path.trim().into()));
            }
        });
    });
    match &view.plan {
        None => {
            ui.label(crate::tr!("imp-choose"));
        }
        Some(plan) => plan_ui(plan, ui, cx),
    }
}

fn plan_ui(plan: &ImportPlan, ui: &mut Ui, cx: &mut Cx<'_>) {
    let (ins, upd, changing, conflicts) = (plan.inserts(), plan.updates(), plan.changing(), plan.conflicts());
    ui.horizontal(|ui| {
        ui.label(RichText::new(&plan.file).monospace());
        ui.label(crate::tr!(
            "imp-rows-ok-merge",
            rows = plan.rows.len(),
            new = ins,
            changing = changing,
            unchanged = upd - changing
        ));
        if conflicts > 0 {
            ui.label(
                RichText::new(format!(
                    "{conflicts} cell(s) changed both in the file and at the desk since the last import: the desk's value is kept (Conflicts filter on the Delegates screen)"
                ))
                .color(ui.visuals().warn_fg_color),
            );
        }
    });
    if let Some(n) = &plan.nomination {
        nomination::nomination_ui(n, ui);
    }
    if plan.errors.is_empty() {
        let ok = !plan.rows.is_empty() && !cx.busy;
        let label = crate::tr!("imp-import-rows", rows = plan.rows.len());
        if ui
            .add_enabled(ok, egui::Button::new(RichText::new(label).strong().size(16.0)))
            .clicked()
        {
            cx.send(Command::ApplyImport);
        }
    } else {
        ui.label(
            RichText::new(crate::tr!(
                "imp-problems",
                count = plan.errors.len() + plan.omitted_errors
            ))
            .color(error_colour(ui))
            .strong(),
        );
        let height = (ui.available_height() * 0.4).max(120.0);
        ui.push_id("import_errors", |ui| {
            TableBuilder::new(ui)
                .id_salt("import_errors_table")
                .striped(true)
                .max_scroll_height(height)
                .column(Column::initial(110.0))
                .column(Column::initial(120.0))
                .column(Column::remainder())
                .header(20.0, |mut h| {
                    for t in ["imp-line-or-cell", "imp-column", "imp-problem"] {
                        h.col(|ui| {
                            ui.strong(crate::tr!(t));
                        });
                    }
                })
                .body(|body| {
                    body.rows(20.0, plan.errors.len(), |mut row| {
                        let Some(e) = plan.errors.get(row.index()) else {
                            return;
                        };
                        row.col(|ui| {
                            ui.label(e.cell.clone().unwrap_or_else(|| e.line.to_string()));
                        });
                        row.col(|ui| {
                            ui.label(e.column.as_deref().unwrap_or("—"));
                        });
                        row.col(|ui| {
                            ui.label(RichText::new(gui_words(&e.message)).color(error_colour(ui)));
                        });
                    });
                });
        });
        ui.separator();
    }
    ui.label(RichText::new(crate::tr!("imp-rows")).strong());
    ui.push_id("import_rows", |ui| {
        TableBuilder::new(ui)
            .id_salt("import_rows_table")
            .striped(true)
            .column(Column::exact(60.0))
            .column(Column::exact(70.0))
            .column(Column::initial(240.0).clip(true))
            .column(Column::initial(150.0).clip(true))
            .column(Column::initial(170.0).clip(true))
            .column(Column::initial(70.0))
            .column(Column::initial(140.0).clip(true))
            .column(Column::remainder().clip(true))
            .header(20.0, |mut h| {
                for t in [
                    "imp-line",
                    "imp-action",
                    "reg-name",
                    "del-native-name",
                    "reg-delegation",
                    "reg-category",
                    "form-days",
                    "imp-changes",
                ] {
                    h.col(|ui| {
                        ui.strong(crate::tr!(t));
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, plan.rows.len(), |mut row| {
                    let Some(r) = plan.rows.get(row.index()) else {
                        return;
                    };
                    let d = &r.delegate;
                    row.col(|ui| {
                        ui.label(r.line.to_string());
                    });
                    row.col(|ui| {
                        ui.label(match r.action {
                            RowAction::Insert => crate::tr!("imp-new"),
                            RowAction::Update if !r.conflicts.is_empty() => crate::tr!("imp-conflict"),
                            RowAction::Update if r.changes.is_empty() => crate::tr!("imp-unchanged"),
                            RowAction::Update => crate::tr!("imp-update"),
                        });
                    });
                    row.col(|ui| {
                        ui.label(d.display_name());
                    });
                    row.col(|ui| {
                        ui.label(crate::gui::fonts::shown(&d.native_name));
                    });
                    row.col(|ui| {
                        ui.label(cx.data.delegation_name(&d.delegation));
                    });
                    row.col(|ui| {
                        ui.label(&d.category);
                    });
                    row.col(|ui| {
                        ui.label(if d.days.is_empty() {
                            "all".into()
                        } else {
                            d.days.join(", ")
                        });
                    });
                    row.col(|ui| {
                        // Every changed field as before -> after; a conflict names both values.
                        let mut parts: Vec<String> = r
                            .changes
                            .iter()
                            .map(|c| format!("{}: {} -> {}", c.field, c.before, c.after))
                            .collect();
                        parts.extend(r.conflicts.iter().map(|c| {
                            format!("{}: conflict, desk {:?} kept, file {:?}", c.field, c.desk, c.file)
                        }));
                        let text = parts.join("; ");
                        ui.label(&text).on_hover_text(parts.join("\n"));
                    });
                });
            });
    });
}
