//! The Import screen's view of a returned nomination workbook, before anything is written:
//! its delegation and serial, its status against quota, and each row's result (new or
//! update, the status it gets and why, the fields where the desk's edits are kept).

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::csv_io::RowAction;
use crate::csv_io::nomination::NominationReturn;
use crate::gui::widgets::error_colour;

/// Draws the workbook's identity, quota status and row results.
pub fn nomination_ui(n: &NominationReturn, ui: &mut Ui) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "Nomination workbook of {} ({}), serial {}",
                n.delegation_name, n.identity.delegation, n.identity.serial
            ))
            .strong(),
        );
        ui.separator();
        let over = n.quotas.iter().any(|(_, q, _, after)| after > &u64::from(*q));
        let text = RichText::new(format!("Quota after import: {}", n.quota_text()));
        ui.label(if over {
            text.color(error_colour(ui)).strong()
        } else {
            text
        });
    });
    ui.push_id("nomination_rows", |ui| {
        TableBuilder::new(ui)
            .id_salt("nomination_rows_table")
            .striped(true)
            .max_scroll_height(200.0)
            .column(Column::exact(50.0))
            .column(Column::exact(70.0))
            .column(Column::initial(220.0).clip(true))
            .column(Column::initial(220.0).clip(true))
            .column(Column::remainder().clip(true))
            .header(20.0, |mut h| {
                for t in ["Row", "Action", "Name", "Result", "Desk's edits kept"] {
                    h.col(|ui| {
                        ui.strong(t);
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, n.rows.len(), |mut row| {
                    let Some(r) = n.rows.get(row.index()) else {
                        return;
                    };
                    row.col(|ui| {
                        ui.label(r.row.to_string());
                    });
                    row.col(|ui| {
                        ui.label(match r.action {
                            RowAction::Insert => "new",
                            RowAction::Update => "update",
                        });
                    });
                    row.col(|ui| {
                        ui.label(&r.name);
                    });
                    row.col(|ui| match &r.reason {
                        Some(reason) => {
                            ui.label(
                                RichText::new(format!("{}: {reason}", r.status.as_str()))
                                    .color(error_colour(ui)),
                            );
                        }
                        None => {
                            ui.label(r.status.as_str());
                        }
                    });
                    row.col(|ui| {
                        ui.label(if r.kept.is_empty() {
                            "—".to_string()
                        } else {
                            r.kept.join(", ")
                        });
                    });
                });
            });
    });
    ui.separator();
}
