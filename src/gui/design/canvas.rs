//! The designer's previews: the selected delegate and the worst case, each drawn by
//! [`crate::gui::preview::badge_ui`] from the core layout (the PDF's geometry), with the
//! template's boxes drawn over them. Click an element to choose it; drag it to move it, drag
//! its corner handle to resize it (in steps of 0.1 mm).

use egui::{Color32, Pos2, Rect, Sense, Stroke, Ui, vec2};

use super::samples::{self, lay_out};
use super::{DesignView, Side};
use crate::badge::template::{BadgeTemplate, Element};
use crate::badge::{BadgeLayout, Layout, Sides};
use crate::gui::context::Cx;
use crate::registry::Event;

/// Previews laid out for one state of the template.
#[derive(Debug)]
pub struct Cached {
    template: BadgeTemplate,
    layout: Layout,
    inputs: u64,
    /// (caption, photo id, has photo, sides)
    samples: Vec<(String, i64, bool, Result<Sides, String>)>,
}

fn lay_out_all(view: &DesignView, ev: &Event) -> Vec<(String, i64, bool, Result<Sides, String>)> {
    let emblem = view.inputs.emblem.as_ref();
    let mut out = Vec::new();
    if let Some(d) = &view.inputs.delegate {
        let has = d
            .photo
            .as_deref()
            .is_some_and(|p| crate::badge::jpeg::JpegInfo::parse(p).is_some());
        out.push((
            format!("Selected: {}", d.display_name()),
            d.id,
            has,
            lay_out(ev, d, view.inputs.delegation.as_ref(), view.layout, emblem),
        ));
    }
    let (d, delegation) = samples::worst_case(ev);
    out.push((
        "Worst case: long name, Georgian, photo, one day".to_string(),
        d.id,
        true,
        lay_out(ev, &d, Some(&delegation), view.layout, emblem),
    ));
    out
}

/// Draws the previews and handles choosing, moving and resizing.
pub fn previews_ui(view: &mut DesignView, ev: &Event, ui: &mut Ui, cx: &mut Cx<'_>) {
    let stale = view.cache.as_ref().is_none_or(|c| {
        Some(&c.template) != view.template.as_ref()
            || c.layout != view.layout
            || c.inputs != view.inputs_generation
    });
    if stale && let Some(t) = &view.template {
        view.cache = Some(Cached {
            template: t.clone(),
            layout: view.layout,
            inputs: view.inputs_generation,
            samples: lay_out_all(view, ev),
        });
    }
    let Some(cache) = view.cache.take() else { return };
    if view.inputs.delegate.is_none() {
        ui.label(
            egui::RichText::new(
                "Tick or preview a delegate (Delegates or Badges screen) to see their badge here.",
            )
            .weak(),
        );
    }
    let (w_mm, h_mm) = view.layout.badge_size_mm();
    let n = cache.samples.len() as f32;
    let landscape = w_mm > h_mm;
    let max = if landscape {
        vec2(ui.available_width(), (ui.available_height() - 60.0) / n)
    } else {
        vec2(ui.available_width() / n - 8.0, ui.available_height() - 60.0)
    };
    let mut draw = |ui: &mut Ui| {
        for (caption, photo_id, has_photo, sides) in &cache.samples {
            ui.vertical(|ui| {
                ui.label(caption);
                match sides {
                    Ok(s) => {
                        let empty = BadgeLayout {
                            kind: view.layout,
                            size_mm: (w_mm, h_mm),
                            items: Vec::new(),
                            unprintable: Vec::new(),
                        };
                        let layout = match view.side {
                            Side::Front => &s.front,
                            Side::Back => s.back.as_ref().unwrap_or(&empty),
                        };
                        let resp = crate::gui::preview::badge_ui(
                            ui,
                            layout,
                            cx.photos,
                            *photo_id,
                            max.max(vec2(60.0, 60.0)),
                        );
                        overlay(view, ui, resp.rect, *has_photo, caption);
                        for u in &s.front.unprintable {
                            ui.label(
                                egui::RichText::new(crate::gui::causes::drawable(
                                    &crate::gui::causes::words(&u.to_string()),
                                ))
                                .small()
                                .weak(),
                            );
                        }
                    }
                    Err(e) => {
                        ui.label(egui::RichText::new(e).color(crate::gui::widgets::error_colour(ui)));
                    }
                }
            });
        }
    };
    if landscape {
        ui.vertical(|ui| draw(ui));
    } else {
        ui.horizontal_top(|ui| draw(ui));
    }
    view.cache = Some(cache);
}

/// Screen rectangle of a box in mm.
fn screen(rect: Rect, scale: f32, b: [f32; 4]) -> Rect {
    Rect::from_min_size(
        rect.min + vec2(b[0] * scale, b[1] * scale),
        vec2(b[2] * scale, b[3] * scale),
    )
}

/// The box an element uses for a delegate with or without photo, and whether it is the
/// "without photo" one.
fn used_box(e: &Element, has_photo: bool) -> ([f32; 4], bool) {
    match e.box_without_photo {
        Some(b) if !has_photo => (b, true),
        _ => (e.rect, false),
    }
}

const HANDLE: f32 = 7.0;

fn overlay(view: &mut DesignView, ui: &mut Ui, rect: Rect, has_photo: bool, caption: &str) {
    let (w_mm, _) = view.layout.badge_size_mm();
    let scale = rect.width() / w_mm;
    let painter = ui.painter_at(rect.expand(HANDLE));
    if let Some(l) = view.template.as_ref().map(|t| t.get(view.layout))
        && l.margin_mm > 0.0
    {
        let m = l.margin_mm * scale;
        painter.rect_stroke(
            rect.shrink(m),
            0.0,
            Stroke::new(1.0, Color32::from_rgb(220, 60, 60)),
            egui::StrokeKind::Middle,
        );
    }
    let elements = view.elements().to_vec();
    for (i, e) in elements.iter().enumerate() {
        let (b, _) = used_box(e, has_photo);
        let r = screen(rect, scale, b);
        let selected = view.selected == Some(i);
        let colour = if selected {
            Color32::from_rgb(30, 110, 230)
        } else if e.visible {
            Color32::from_rgba_unmultiplied(120, 120, 120, 150)
        } else {
            Color32::from_rgba_unmultiplied(200, 120, 40, 120)
        };
        painter.rect_stroke(
            r,
            0.0,
            Stroke::new(if selected { 2.0 } else { 1.0 }, colour),
            egui::StrokeKind::Middle,
        );
        if selected {
            painter.rect_filled(Rect::from_center_size(r.max, vec2(HANDLE, HANDLE)), 1.0, colour);
        }
    }
    let id = ui.scope_id().with(("design_canvas", caption));
    let resp = ui.interact(rect.expand(HANDLE / 2.0), id, Sense::click_and_drag());
    resp.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Canvas, true, format!("Badge canvas: {caption}"))
    });
    let hit = |p: Pos2| -> Option<usize> {
        elements
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, e)| e.visible || view.selected.is_some())
            .find(|(_, e)| screen(rect, scale, used_box(e, has_photo).0).contains(p))
            .map(|(i, _)| i)
    };
    if (resp.clicked() || resp.drag_started())
        && let Some(p) = resp.interact_pointer_pos()
    {
        let on_handle = view.selected.and_then(|i| elements.get(i)).is_some_and(|e| {
            let r = screen(rect, scale, used_box(e, has_photo).0);
            Rect::from_center_size(r.max, vec2(HANDLE * 1.6, HANDLE * 1.6)).contains(p)
        });
        if on_handle && let Some(i) = view.selected {
            view.drag = Some((i, true, used_box(&elements[i], has_photo).1));
        } else {
            view.selected = hit(p);
            view.drag = view
                .selected
                .map(|i| (i, false, used_box(&elements[i], has_photo).1));
        }
    }
    if resp.dragged()
        && let Some((i, resize, without_photo)) = view.drag
    {
        let d = resp.drag_delta() / scale;
        if let Some(e) = view.elements_mut().and_then(|v| v.get_mut(i)) {
            let b = match (without_photo, e.box_without_photo.as_mut()) {
                (true, Some(b)) => b,
                _ => &mut e.rect,
            };
            if resize {
                b[2] = (b[2] + d.x).max(1.0);
                b[3] = (b[3] + d.y).max(1.0);
            } else {
                b[0] += d.x;
                b[1] += d.y;
            }
        }
    }
    if resp.drag_stopped()
        && let Some((i, _, _)) = view.drag.take()
        && let Some(e) = view.elements_mut().and_then(|v| v.get_mut(i))
    {
        let round = |b: &mut [f32; 4]| b.iter_mut().for_each(|v| *v = (*v * 10.0).round() / 10.0);
        round(&mut e.rect);
        if let Some(b) = e.box_without_photo.as_mut() {
            round(b);
        }
    }
}
