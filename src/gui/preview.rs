//! The live badge preview: paints a [`BadgeLayout`] (the same millimetre geometry the PDF
//! is drawn from) with egui's painter, scaled to the space available.

use egui::{Color32, Pos2, Rect, Response, Sense, Stroke, Ui, Vec2, pos2, vec2};

use super::widgets::Photos;
use crate::badge::fonts::MM_PER_PT;
use crate::badge::{BadgeLayout, Item};

fn rgb([r, g, b]: [u8; 3]) -> Color32 {
    Color32::from_rgb(r, g, b)
}

/// Draws the badge into at most `max` points; returns the response of the badge area.
pub fn badge_ui(
    ui: &mut Ui,
    layout: &BadgeLayout,
    photos: &mut Photos,
    photo_id: i64,
    max: Vec2,
) -> Response {
    let (w_mm, h_mm) = layout.size_mm;
    let scale = (max.x / w_mm).min(max.y / h_mm).max(0.1);
    let (rect, resp) = ui.allocate_exact_size(vec2(w_mm * scale, h_mm * scale), Sense::hover());
    let painter = ui.painter_at(rect.expand(1.0));
    painter.rect_filled(rect, 2.0, Color32::WHITE);
    painter.rect_stroke(
        rect,
        2.0,
        Stroke::new(1.0, Color32::from_gray(150)),
        egui::StrokeKind::Outside,
    );
    let at = |x: f32, y: f32| -> Pos2 { rect.min + vec2(x * scale, y * scale) };
    for item in &layout.items {
        match item {
            Item::Rect(r) => {
                let rr = Rect::from_min_size(at(r.x_mm, r.y_mm), vec2(r.w_mm * scale, r.h_mm * scale));
                painter.rect_filled(rr, 0.0, rgb(r.fill));
            }
            Item::Text(t) => {
                let size_px = t.size_pt * MM_PER_PT * scale;
                for (span, dx) in t.spans.iter().zip(t.span_offsets_mm()) {
                    let family = egui::FontFamily::Name(super::fonts::face_name(span.face).into());
                    let target = span.width_per_pt_mm * t.size_pt * scale;
                    // Lay out once at the nominal size, then scale so egui's line has exactly
                    // the PDF's width.
                    let probe = painter.layout_no_wrap(
                        span.text.clone(),
                        egui::FontId::new(size_px.max(1.0), family.clone()),
                        rgb(t.colour),
                    );
                    let k = if probe.size().x > 0.0 {
                        target / probe.size().x
                    } else {
                        1.0
                    };
                    let galley = painter.layout_no_wrap(
                        span.text.clone(),
                        egui::FontId::new((size_px * k).max(1.0), family),
                        rgb(t.colour),
                    );
                    // Noto's ascent is about 0.785 of egui's row height.
                    let top = at(t.x_mm + dx, t.baseline_mm) - vec2(0.0, galley.size().y * 0.785);
                    painter.galley(top, galley, rgb(t.colour));
                }
            }
            Item::Qr(q) => {
                let m = q.module_mm * scale;
                let origin = at(q.x_mm, q.y_mm);
                for r in q.matrix.rects() {
                    let min = origin + vec2(r.x as f32 * m, r.y as f32 * m);
                    painter.rect_filled(
                        Rect::from_min_size(min, vec2(r.w as f32 * m, r.h as f32 * m)),
                        0.0,
                        Color32::BLACK,
                    );
                }
            }
            Item::Image(e) => {
                let er = Rect::from_min_size(at(e.x_mm, e.y_mm), vec2(e.w_mm * scale, e.h_mm * scale));
                let tex = photos.rgba_texture(ui.ctx(), &e.pixels);
                painter.image(
                    tex.id(),
                    er,
                    Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                    Color32::WHITE,
                );
            }
            Item::Photo(p) => {
                let pr = Rect::from_min_size(at(p.x_mm, p.y_mm), vec2(p.w_mm * scale, p.h_mm * scale));
                match photos.texture(ui.ctx(), photo_id, &p.jpeg) {
                    Some(tex) => {
                        painter.image(
                            tex.id(),
                            pr,
                            Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                            Color32::WHITE,
                        );
                    }
                    None => {
                        painter.rect_filled(pr, 0.0, Color32::from_gray(200));
                    }
                }
            }
        }
    }
    resp
}
