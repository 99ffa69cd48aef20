//! The designer's element list (choose, add, remove, reorder) and the properties of the
//! chosen element (visibility, box in mm, font range, lines, face, alignment, colour, text).

use egui::{DragValue, Ui};

use super::DesignView;
use crate::badge::template::{Align, DetailLine, Element, Kind};
use crate::registry::parse_colour;

/// The list of elements of the side being edited.
pub fn list_ui(view: &mut DesignView, ui: &mut Ui) {
    ui.strong(crate::tr!("des-elements"));
    let labels: Vec<String> = view.elements().iter().map(element_label).collect();
    egui::ScrollArea::vertical()
        .id_salt("design_elements")
        .max_height(360.0)
        .show(ui, |ui| {
            for (i, label) in labels.iter().enumerate() {
                if ui
                    .add(egui::Button::selectable(view.selected == Some(i), label))
                    .clicked()
                {
                    view.selected = Some(i);
                }
            }
            if labels.is_empty() {
                ui.label(egui::RichText::new(crate::tr!("des-none")).weak());
            }
        });
    ui.separator();
    ui.horizontal(|ui| {
        let l = ui.label(crate::tr!("des-add"));
        let kind = view.add_kind.unwrap_or(Kind::Text);
        egui::ComboBox::from_id_salt("design_add_kind")
            .selected_text(super::kind_word(kind))
            .show_ui(ui, |ui| {
                for k in Kind::ALL {
                    if ui.selectable_label(kind == k, super::kind_word(k)).clicked() {
                        view.add_kind = Some(k);
                    }
                }
            })
            .response
            .labelled_by(l.id);
        if ui.button(crate::tr!("des-add-element")).clicked() {
            let margin = view.layout_mut().map_or(0.0, |l| l.margin_mm);
            let e = new_element(kind, margin);
            if let Some(v) = view.elements_mut() {
                v.push(e);
                view.selected = Some(v.len() - 1);
            }
        }
    });
    if let Some(i) = view.selected {
        ui.horizontal(|ui| {
            if ui.button(crate::tr!("des-remove-element")).clicked()
                && let Some(v) = view.elements_mut()
                && i < v.len()
            {
                v.remove(i);
                view.selected = None;
            }
            if ui
                .button(crate::tr!("des-draw-later"))
                .on_hover_text(crate::tr!("des-draw-later-hint"))
                .clicked()
                && let Some(v) = view.elements_mut()
                && i + 1 < v.len()
            {
                v.swap(i, i + 1);
                view.selected = Some(i + 1);
            }
        });
    }
}

fn element_label(e: &Element) -> String {
    let mut s = super::kind_word(e.kind);
    if e.kind == Kind::Text {
        let first: String = e.text.lines().next().unwrap_or("").chars().take(18).collect();
        s = format!("{s}: {first}");
    }
    if !e.visible {
        s = crate::tr!("des-hidden", element = s);
    }
    s
}

/// A new element of `kind` near the top-left corner inside the margin.
pub fn new_element(kind: Kind, margin: f32) -> Element {
    let m = margin.max(2.0);
    let mut e = Element {
        kind,
        rect: [m, m, 30.0, 8.0],
        font_pt: [6.0, 10.0],
        ..Default::default()
    };
    match kind {
        Kind::Qr => e.rect = [m, m, 25.0, 25.0],
        Kind::Photo => e.rect = [m, m, 18.0, 24.0],
        Kind::Emblem => e.rect = [m, m, 15.0, 15.0],
        Kind::Band => {
            e.rect = [m, m, 40.0, 6.0];
            e.colour = "category".into();
        }
        Kind::Category => e.colour = "auto".into(),
        Kind::Name => {
            e.rect = [m, m, 70.0, 12.0];
            e.font_pt = [10.0, 15.0];
            e.lines = 2;
            e.bold = true;
        }
        Kind::Text => e.text = crate::tr!("des-new-text"),
        Kind::Details => {
            e.rect = [m, m, 40.0, 20.0];
            e.align = Align::Left;
            e.floor_pt = 5.0;
            e.gap_mm = 0.5;
            e.fields = [Kind::NativeName, Kind::Delegation, Kind::Function]
                .into_iter()
                .map(|field| DetailLine {
                    field,
                    font_pt: [6.0, 8.0],
                    lines: 2,
                    bold: field == Kind::Delegation,
                })
                .collect();
        }
        _ => {}
    }
    e
}

fn mm(ui: &mut Ui, label: &str, v: &mut f32) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(
            DragValue::new(v)
                .speed(0.1)
                .range(-50.0..=300.0)
                .max_decimals(1)
                .suffix(" mm"),
        )
        .labelled_by(l.id);
    });
}

fn pt(ui: &mut Ui, label: &str, v: &mut f32) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(
            DragValue::new(v)
                .speed(0.1)
                .range(1.0..=120.0)
                .max_decimals(1)
                .suffix(" pt"),
        )
        .labelled_by(l.id);
    });
}

fn lines(ui: &mut Ui, v: &mut u8) {
    ui.horizontal(|ui| {
        let l = ui.label(crate::tr!("des-lines"));
        ui.add(DragValue::new(v).range(1..=2)).labelled_by(l.id);
    });
}

/// The properties of the chosen element.
pub fn properties_ui(view: &mut DesignView, ui: &mut Ui) {
    ui.set_width(310.0);
    let Some(i) = view.selected else {
        ui.label(crate::tr!("des-choose"));
        return;
    };
    let Some(e) = view.elements_mut().and_then(|v| v.get_mut(i)) else {
        return;
    };
    ui.strong(crate::tr!(
        "des-element-n",
        kind = super::kind_word(e.kind),
        n = i + 1
    ));
    ui.checkbox(&mut e.visible, crate::tr!("des-visible"));
    ui.label(crate::tr!("des-box"));
    mm(ui, &crate::tr!("des-left"), &mut e.rect[0]);
    mm(ui, &crate::tr!("des-top"), &mut e.rect[1]);
    mm(ui, &crate::tr!("des-width"), &mut e.rect[2]);
    mm(ui, &crate::tr!("des-height"), &mut e.rect[3]);
    let mut own = e.box_without_photo.is_some();
    if ui.checkbox(&mut own, crate::tr!("des-own-box")).changed() {
        e.box_without_photo = own.then_some(e.rect);
    }
    if let Some(b) = e.box_without_photo.as_mut() {
        mm(ui, &crate::tr!("des-left-np"), &mut b[0]);
        mm(ui, &crate::tr!("des-top-np"), &mut b[1]);
        mm(ui, &crate::tr!("des-width-np"), &mut b[2]);
        mm(ui, &crate::tr!("des-height-np"), &mut b[3]);
    }
    let texty = e.kind.field().is_some() || e.kind == Kind::Details;
    if texty && e.kind != Kind::Details {
        ui.separator();
        pt(ui, &crate::tr!("des-smallest-size"), &mut e.font_pt[0]);
        pt(ui, &crate::tr!("des-largest-size"), &mut e.font_pt[1]);
        if e.kind != Kind::Text {
            lines(ui, &mut e.lines);
        }
        ui.checkbox(&mut e.bold, crate::tr!("des-bold"));
    }
    if texty || e.kind == Kind::Photo || e.kind == Kind::Emblem {
        ui.horizontal(|ui| {
            ui.label(crate::tr!("des-align"));
            for (a, label) in [
                (Align::Left, crate::tr!("des-left")),
                (Align::Centre, crate::tr!("des-centre")),
                (Align::Right, crate::tr!("des-right")),
            ] {
                ui.selectable_value(&mut e.align, a, label);
            }
        });
    }
    if texty || e.kind == Kind::Band {
        colour_ui(ui, &mut e.colour);
    }
    match e.kind {
        Kind::Text => {
            let l = ui.label(crate::tr!("des-text-lines"));
            ui.add(egui::TextEdit::multiline(&mut e.text).desired_rows(3))
                .labelled_by(l.id);
        }
        Kind::Validity => {
            ui.horizontal(|ui| {
                let l = ui.label(crate::tr!("des-word-before"));
                ui.text_edit_singleline(&mut e.text).labelled_by(l.id);
            });
        }
        Kind::Details => {
            ui.separator();
            pt(ui, &crate::tr!("des-floor"), &mut e.floor_pt);
            mm(ui, &crate::tr!("des-gap"), &mut e.gap_mm);
            for (j, line) in e.fields.iter_mut().enumerate() {
                ui.push_id(j, |ui| {
                    ui.label(crate::tr!(
                        "des-line-n",
                        n = j + 1,
                        field = super::kind_word(line.field)
                    ));
                    pt(ui, &crate::tr!("des-smallest"), &mut line.font_pt[0]);
                    pt(ui, &crate::tr!("des-largest"), &mut line.font_pt[1]);
                    lines(ui, &mut line.lines);
                    ui.checkbox(&mut line.bold, crate::tr!("des-bold"));
                });
            }
        }
        _ => {}
    }
}

fn colour_ui(ui: &mut Ui, colour: &mut String) {
    ui.horizontal(|ui| {
        let l = ui.label(crate::tr!("ev-colour"));
        ui.add(egui::TextEdit::singleline(colour).desired_width(90.0))
            .labelled_by(l.id)
            .on_hover_text(crate::tr!("des-colour-hint"));
        if let Some([r, g, b]) = parse_colour(colour.trim()) {
            let mut c = egui::Color32::from_rgb(r, g, b);
            if ui.color_edit_button_srgba(&mut c).changed() {
                *colour = format!("#{:02X}{:02X}{:02X}", c.r(), c.g(), c.b());
            }
        }
        for preset in ["category", "auto"] {
            if ui.small_button(preset).clicked() {
                *colour = preset.into();
            }
        }
    });
}
