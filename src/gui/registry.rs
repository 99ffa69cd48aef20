//! The Registry screen: delegations by kind in protocol order, with counts; selecting one
//! lists its delegates.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::context::{Command, Cx};
use crate::registry::{DelegationKind, NameOrder};

/// State of the Registry screen.
#[derive(Debug, Default)]
pub struct RegistryView {
    /// The selected delegation code.
    pub selected: Option<String>,
    /// Hide delegations without delegates.
    pub only_with_delegates: bool,
}

const KINDS: [DelegationKind; 3] = [
    DelegationKind::ParticipatingState,
    DelegationKind::Partner,
    DelegationKind::Organization,
];

/// Draws the screen.
pub fn ui(view: &mut RegistryView, ui: &mut Ui, cx: &mut Cx<'_>) {
    let order = cx.data.order;
    ui.horizontal(|ui| {
        ui.heading(crate::tr!("screen-registry"));
        ui.separator();
        ui.label(crate::tr!("reg-protocol-order"));
        // Each of the six by its own name, sorted by its own collation.
        for lang in NameOrder::ALL {
            if ui.selectable_label(order == lang, lang.native_name()).clicked() && order != lang {
                cx.send(Command::SetOrder(lang));
            }
        }
        ui.separator();
        ui.checkbox(
            &mut view.only_with_delegates,
            crate::tr!("reg-only-with-delegates"),
        );
    });
    ui.separator();
    if cx.data.rows.is_empty() && !cx.loading && !cx.locked {
        first_start(ui, cx);
    }
    egui::Panel::right("registry_delegates")
        .default_size(460.0)
        .min_size(420.0)
        .show(ui, |ui| delegates_of_selected(view, ui, cx));
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        for kind in KINDS {
            let mut total = super::data::Counts::default();
            for d in cx.data.delegations_of(kind) {
                let c = cx.data.per_delegation.get(&d.code).copied().unwrap_or_default();
                total.nominated += c.nominated;
                total.accredited += c.accredited;
                total.printed += c.printed;
                total.checked_in += c.checked_in;
            }
            let n = cx.data.delegations_of(kind).count();
            egui::CollapsingHeader::new(
                RichText::new(format!("{} ({n})", kind.heading_in(crate::i18n::current()))).strong(),
            )
            .id_salt(kind.as_str())
            .default_open(true)
            .show(ui, |ui| {
                egui::Grid::new(kind.as_str())
                    .striped(true)
                    .num_columns(6)
                    .min_col_width(60.0)
                    .show(ui, |ui| {
                        for h in [
                            "reg-code",
                            "reg-delegation",
                            "reg-nominated",
                            "reg-accredited",
                            "reg-printed",
                            "reg-checked-in",
                        ] {
                            ui.label(RichText::new(crate::tr!(h)).strong());
                        }
                        ui.end_row();
                        for d in cx.data.delegations_of(kind) {
                            let c = cx.data.per_delegation.get(&d.code).copied().unwrap_or_default();
                            if view.only_with_delegates && c.nominated == 0 {
                                continue;
                            }
                            let selected = view.selected.as_deref() == Some(d.code.as_str());
                            ui.label(RichText::new(&d.code).monospace());
                            if ui.selectable_label(selected, d.name(order)).clicked() {
                                view.selected = Some(d.code.clone());
                            }
                            for v in [c.nominated, c.accredited, c.printed, c.checked_in] {
                                if v == 0 {
                                    ui.label(RichText::new("0").weak());
                                } else {
                                    ui.label(v.to_string());
                                }
                            }
                            ui.end_row();
                        }
                        ui.label("");
                        ui.label(RichText::new(crate::tr!("reg-total")).strong());
                        for v in [total.nominated, total.accredited, total.printed, total.checked_in] {
                            ui.label(RichText::new(v.to_string()).strong());
                        }
                        ui.end_row();
                    });
            });
        }
    });
}

fn delegates_of_selected(view: &RegistryView, ui: &mut Ui, cx: &mut Cx<'_>) {
    let Some(code) = view.selected.clone() else {
        ui.label(crate::tr!("reg-select-delegation"));
        return;
    };
    ui.heading(cx.data.delegation_name(&code));
    let rows: Vec<usize> = cx
        .data
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.d.delegation == code)
        .map(|(i, _)| i)
        .collect();
    ui.horizontal(|ui| {
        ui.label(crate::tr!("reg-delegates-count", count = rows.len()));
        if ui
            .add_enabled(!cx.locked, egui::Button::new(crate::tr!("reg-open-in-delegates")))
            .clicked()
        {
            cx.send(Command::OpenDelegation(code.clone()));
        }
    });
    ui.separator();
    let mut open = None;
    TableBuilder::new(ui)
        .id_salt("registry_delegate_table")
        .striped(true)
        .column(Column::remainder().at_least(160.0))
        .column(Column::auto().at_least(50.0))
        .column(Column::auto().at_least(80.0))
        .header(20.0, |mut h| {
            for t in ["reg-name", "reg-category", "reg-status"] {
                h.col(|ui| {
                    ui.strong(crate::tr!(t));
                });
            }
        })
        .body(|body| {
            body.rows(22.0, rows.len(), |mut row| {
                let Some(r) = rows.get(row.index()).and_then(|&i| cx.data.rows.get(i)) else {
                    return;
                };
                row.col(|ui| {
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    if ui.link(&r.name).clicked() {
                        open = Some(r.d.id);
                    }
                });
                row.col(|ui| {
                    ui.label(&r.d.category);
                });
                row.col(|ui| {
                    super::widgets::status_ui(ui, r.d.status);
                });
            });
        });
    if let Some(id) = open.filter(|_| !cx.locked) {
        cx.send(Command::OpenDelegate(id));
    }
}

/// A first start (no delegate yet): what to do first, with the buttons to do it.
fn first_start(ui: &mut Ui, cx: &mut Cx<'_>) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            egui::RichText::new("No delegates yet. Start by importing the nominations.")
                .strong()
                .size(18.0),
        );
        ui.label(
            "A CSV file or a workbook (.xlsx, .ods) with one row per delegate: it is checked first \
             and every problem is shown with its line and column; nothing is written until you \
             confirm. Or add delegates one by one on the Delegates screen.",
        );
        ui.horizontal(|ui| {
            if ui.button("Import nominations…").clicked() {
                cx.send(Command::ChooseImportFile);
            }
            if ui.button("New delegate").clicked() {
                cx.send(Command::NewDelegate);
            }
            if ui.button("Help: getting started").clicked() {
                cx.send(Command::ShowHelp);
            }
        });
    });
    ui.separator();
}
