//! The Delegates screen's drawing: the toolbar (search, filters, new delegate), the keys of
//! the search field, and the virtualised table; the edit form beside it.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::{DelegatesView, Filter, SortKey};
use crate::gui::context::{Command, Cx};
use crate::gui::form;
use crate::registry::Status;

/// Draws the screen.
pub fn ui(view: &mut DelegatesView, ui: &mut Ui, cx: &mut Cx<'_>) {
    if view.form.is_some() {
        egui::Panel::right("delegate_form")
            .default_size(460.0)
            .min_size(380.0)
            .show(ui, |ui| {
                // While the unsaved-changes question is open, its Escape means Stay.
                if let Some(f) = &mut view.form
                    && form::ui(f, ui, cx)
                    && view.leaving.is_none()
                {
                    cx.send(Command::CloseForm);
                }
            });
    }
    toolbar(view, ui, cx);
    ui.separator();
    // The columns may be wider than the space beside the form: scroll rather than overlap.
    egui::ScrollArea::horizontal()
        .id_salt("delegates_hscroll")
        .show(ui, |ui| table(view, ui, cx));
}

fn toolbar(view: &mut DelegatesView, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(crate::tr!("del-search"));
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut view.query)
                    .hint_text(crate::tr!("del-search-hint"))
                    .desired_width(260.0),
            )
            .labelled_by(l.id);
        if view.focus_search {
            r.request_focus();
            view.focus_search = false;
        }
        search_keys(view, &r, ui, cx);
        if !view.query.is_empty()
            && ui
                .small_button("×")
                .on_hover_text(crate::tr!("del-clear-search"))
                .clicked()
        {
            view.query.clear();
        }
        ui.separator();
        let f = &mut view.filter;
        let data = cx.data;
        let name = f
            .delegation
            .as_deref()
            .map(|c| data.delegation_name(c))
            .unwrap_or_else(|| crate::tr!("del-all"));
        let l = ui.label(crate::tr!("reg-delegation"));
        let (r, picked) = crate::gui::picker::delegation_picker(
            ui,
            "filter_delegation",
            name,
            f.delegation.as_deref(),
            true,
            data,
        );
        r.labelled_by(l.id);
        match picked {
            Some(crate::gui::picker::Picked::All) => f.delegation = None,
            Some(crate::gui::picker::Picked::Code(c)) => f.delegation = Some(c),
            None => {}
        }
        let l = ui.label(crate::tr!("reg-status"));
        egui::ComboBox::from_id_salt("filter_status")
            .selected_text(
                f.status
                    .map_or_else(|| crate::tr!("del-all"), crate::gui::widgets::status_word),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.status, None, crate::tr!("del-all"));
                for s in Status::ALL {
                    ui.selectable_value(&mut f.status, Some(s), crate::gui::widgets::status_word(s));
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label(crate::tr!("reg-category"));
        egui::ComboBox::from_id_salt("filter_category")
            .selected_text(f.category.clone().unwrap_or_else(|| crate::tr!("del-all")))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.category, None, crate::tr!("del-all"));
                for c in &data.event.categories {
                    ui.selectable_value(&mut f.category, Some(c.code.clone()), &c.code);
                }
            })
            .response
            .labelled_by(l.id);
        tri_state(ui, &crate::tr!("reg-printed"), &mut f.printed);
        tri_state(ui, &crate::tr!("reg-checked-in"), &mut f.checked_in);
        let open = cx.data.conflicts.values().map(Vec::len).sum::<usize>();
        ui.checkbox(&mut f.conflicts, crate::tr!("del-conflicts-filter", count = open))
            .on_hover_text(crate::tr!("del-conflicts-filter-hint"));
        let l = ui.label(crate::tr!("del-vetting"));
        let vetting_label = |v: crate::registry::vetting::State| match v {
            crate::registry::vetting::State::Waiting => crate::tr!("vetting-waiting"),
            crate::registry::vetting::State::Cleared => crate::tr!("vetting-cleared"),
            crate::registry::vetting::State::Refused => crate::tr!("vetting-refused"),
        };
        egui::ComboBox::from_id_salt("filter_vetting")
            .selected_text(
                f.vetting
                    .map(vetting_label)
                    .unwrap_or_else(|| crate::tr!("del-filter-all")),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.vetting, None, crate::tr!("del-filter-all"));
                for v in crate::registry::vetting::State::ALL {
                    ui.selectable_value(&mut f.vetting, Some(v), vetting_label(v));
                }
            })
            .response
            .labelled_by(l.id);
        if ui.button(crate::tr!("del-clear-filters")).clicked() {
            *f = Filter::default();
        }
    });
    if let Some(code) = view.filter.delegation.clone() {
        nominations_line(ui, cx, &code);
    }
    ui.horizontal(|ui| {
        view.refresh(cx.data);
        ui.label(crate::tr!(
            "del-shown-of",
            shown = view.visible.len(),
            count = cx.data.rows.len()
        ));
        ui.separator();
        ui.label(crate::tr!("del-ticked", count = view.selected.len()));
        if ui.button(crate::tr!("del-tick-all")).clicked() {
            for &i in &view.visible {
                if let Some(r) = cx.data.rows.get(i) {
                    view.selected.insert(r.d.id);
                }
            }
        }
        if ui.button(crate::tr!("del-untick-all")).clicked() {
            view.selected.clear();
        }
        ui.separator();
        if ui
            .add_enabled(!cx.locked, egui::Button::new(crate::tr!("del-new")))
            .clicked()
        {
            cx.send(Command::NewDelegate);
        }
    });
}

/// The chosen delegation's nominations: nominated, accredited and its quotas (red when a
/// category is over quota).
fn nominations_line(ui: &mut Ui, cx: &Cx<'_>, code: &str) {
    let counts = cx.data.per_delegation.get(code).copied().unwrap_or_default();
    ui.horizontal(|ui| {
        ui.label(crate::tr!(
            "del-nominations",
            delegation = cx.data.delegation_name(code).to_string(),
            nominated = counts.nominated,
            accredited = counts.accredited
        ));
        match cx.data.quota_text(code) {
            Some((text, over)) => {
                let text = RichText::new(crate::tr!("del-quota", quota = text));
                ui.label(if over {
                    text.color(crate::gui::widgets::error_colour(ui)).strong()
                } else {
                    text
                });
            }
            None => {
                ui.label(RichText::new(crate::tr!("del-no-quota")).weak());
            }
        }
    });
}

/// Down/Up in the search field move through the results, Enter opens the row (the first
/// one when none was chosen), Ctrl+T ticks it; typing starts again from the top.
fn search_keys(view: &mut DelegatesView, search: &egui::Response, ui: &mut Ui, cx: &mut Cx<'_>) {
    if search.changed() {
        view.cursor = None;
    }
    let n = view.visible.len();
    if search.has_focus() && n > 0 {
        let (down, up) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            )
        });
        if down {
            view.cursor = Some(view.cursor.map_or(0, |c| (c + 1).min(n - 1)));
        }
        if up {
            view.cursor = view.cursor.map(|c| c.saturating_sub(1));
        }
    }
    if let Some(c) = view.cursor
        && c >= n
    {
        view.cursor = n.checked_sub(1);
    }
    // Ctrl+T ticks or unticks the chosen row (for printing), without leaving the search.
    let tick = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::T);
    if search.has_focus()
        && ui.input_mut(|i| i.consume_shortcut(&tick))
        && let Some(r) = view
            .visible
            .get(view.cursor.unwrap_or(0))
            .and_then(|&i| cx.data.rows.get(i))
        && !view.selected.remove(&r.d.id)
    {
        view.selected.insert(r.d.id);
    }
    if search.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        let row = view
            .visible
            .get(view.cursor.unwrap_or(0))
            .and_then(|&i| cx.data.rows.get(i));
        if let Some(r) = row {
            view.open_by_keyboard = true;
            cx.send(Command::OpenDelegate(r.d.id));
        }
    }
}

fn tri_state(ui: &mut Ui, label: &str, value: &mut Option<bool>) {
    let text = match value {
        None => crate::tr!("del-any"),
        Some(true) => crate::tr!("del-yes"),
        Some(false) => crate::tr!("del-no"),
    };
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(label)
        .selected_text(text)
        .width(60.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, crate::tr!("del-any"));
            ui.selectable_value(value, Some(true), crate::tr!("del-yes"));
            ui.selectable_value(value, Some(false), crate::tr!("del-no"));
        })
        .response
        .labelled_by(l.id);
}

fn table(view: &mut DelegatesView, ui: &mut Ui, cx: &mut Cx<'_>) {
    let data = cx.data;
    let open_id = view.form.as_ref().map(|f| f.id);
    let mut clicked = None;
    let mut sort_clicked = None;
    let DelegatesView {
        visible,
        selected,
        sort,
        descending,
        cursor,
        ..
    } = view;
    // Clicks on a cell's text open the row, rather than selecting the text.
    ui.style_mut().interaction.selectable_labels = false;
    let mut builder = TableBuilder::new(ui);
    if let Some(c) = *cursor {
        builder = builder.scroll_to_row(c, None);
    }
    builder
        .id_salt("delegates_table")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(24.0))
        .column(Column::initial(240.0).at_least(120.0).clip(true))
        .column(Column::initial(140.0).clip(true))
        .column(Column::initial(170.0).clip(true))
        .column(Column::initial(70.0))
        .column(Column::initial(80.0))
        .column(Column::initial(56.0))
        .column(Column::initial(56.0))
        .column(Column::remainder().clip(true))
        .header(22.0, |mut h| {
            h.col(|_| {});
            for (label, key) in [
                ("reg-name", Some(SortKey::Name)),
                ("del-native-name", None),
                ("reg-delegation", Some(SortKey::Delegation)),
                ("reg-category", Some(SortKey::Category)),
                ("reg-status", Some(SortKey::Status)),
                ("reg-printed", None),
                ("del-in", None),
                ("del-external-id", Some(SortKey::Id)),
            ] {
                let label = crate::tr!(label);
                h.col(|ui| match key {
                    Some(k) => {
                        let arrow = if *sort == k {
                            if *descending { " ↓" } else { " ↑" }
                        } else {
                            ""
                        };
                        // Clickable, but not in the Tab order: Tab goes from the search to the
                        // form, not over the column headers.
                        let head = egui::Button::new(RichText::new(format!("{label}{arrow}")).strong())
                            .sense(egui::Sense::CLICK);
                        if ui.add(head).clicked() {
                            sort_clicked = Some(k);
                        }
                    }
                    None => {
                        ui.strong(label);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(22.0, visible.len(), |mut row| {
                let Some(r) = visible.get(row.index()).and_then(|&i| data.rows.get(i)) else {
                    return;
                };
                let id = r.d.id;
                row.set_selected(open_id == Some(id) || *cursor == Some(row.index()));
                row.col(|ui| {
                    let mut ticked = selected.contains(&id);
                    if ui
                        .checkbox(&mut ticked, "")
                        .on_hover_text(crate::tr!("del-tick-for-printing"))
                        .changed()
                    {
                        if ticked {
                            selected.insert(id);
                        } else {
                            selected.remove(&id);
                        }
                    }
                });
                row.col(|ui| {
                    ui.label(&r.name);
                    if let Some(c) = data.conflicts.get(&id) {
                        let fields: Vec<&str> = c.iter().map(|c| c.field.as_str()).collect();
                        ui.label(
                            RichText::new(if c.len() == 1 {
                                "CONFLICT".to_string()
                            } else {
                                format!("{} CONFLICTS", c.len())
                            })
                            .small()
                            .strong()
                            .color(ui.visuals().warn_fg_color),
                        )
                        .on_hover_text(format!("Two values of: {}", fields.join(", ")));
                    }
                });
                row.col(|ui| {
                    ui.label(crate::gui::fonts::shown(&r.d.native_name));
                });
                row.col(|ui| {
                    ui.label(&r.delegation_name);
                });
                row.col(|ui| {
                    ui.label(&r.d.category);
                });
                row.col(|ui| {
                    crate::gui::widgets::status_ui(ui, r.d.status);
                });
                row.col(|ui| {
                    ui.label(if r.d.is_printed() {
                        crate::tr!("del-yes")
                    } else {
                        String::new()
                    });
                });
                row.col(|ui| {
                    ui.label(if r.checked_in {
                        crate::tr!("del-yes")
                    } else {
                        String::new()
                    });
                });
                row.col(|ui| {
                    ui.label(RichText::new(r.d.external_id.as_deref().unwrap_or("")).monospace());
                });
                if row.response().clicked() {
                    clicked = Some(id);
                }
            });
        });
    if let Some(k) = sort_clicked {
        if *sort == k {
            *descending = !*descending;
        } else {
            *sort = k;
            *descending = false;
        }
    }
    if let Some(id) = clicked {
        cx.send(Command::OpenDelegate(id));
    }
}
