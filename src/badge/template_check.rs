//! The template check: a badge template is refused unless every layout can hold today's rules
//! for any delegate: every box inside the badge and its safe margin; one name and one QR code
//! on the front; a QR box that holds the longest pass the event can issue at 0.4 mm modules
//! with its quiet zone free of anything else; a name box that holds a long name on its lines at
//! its minimum size; boxes tall enough for their minimum sizes; fixed text the fonts cover and
//! the box holds; colours and font ranges that make sense. Each refusal names the element
//! (`badge.cr80.front[3] (name)`) and what to change.

use super::fonts::Fonts;
use super::format::Layout;
use super::layout::{line_height_mm, width_needed};
use super::qr::{MIN_MODULE_MM, QrMatrix};
use super::template::{BoxMm, Element, Kind, LayoutTemplate};
use crate::registry::{Event, parse_colour};

/// A long name the name box must hold on its lines at its minimum size (the designer's worst
/// case too).
pub const LONG_NAME: &str = "H.E. Ms. Maria-Magdalena KOWALCZYK-WIŚNIEWSKA";

/// A refusal: where (`badge.cr80.front[3] (name)`) and what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The element.
    pub field: String,
    /// What is wrong and what to do.
    pub message: String,
}

/// Checks the event's badge template as a whole (every layout, front and back).
pub fn check(ev: &Event) -> Result<(), Refusal> {
    let modules = worst_case_modules(ev);
    for kind in Layout::ALL {
        check_layout(ev.badge.get(kind), kind, modules)?;
    }
    Ok(())
}

/// The modules per side (with quiet zone) of the longest pass this event can issue: every
/// day, every zone, the longest category code, a large serial and version.
pub fn worst_case_modules(ev: &Event) -> u32 {
    let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let claims = crate::pass::Claims {
        event: ev.code.clone(),
        serial: 99_999_999,
        version: 999,
        category: ev
            .categories
            .iter()
            .map(|c| c.code.clone())
            .max_by_key(String::len)
            .unwrap_or_else(|| "X".repeat(16)),
        days: ev.days.iter().map(|d| d.date.clone()).collect(),
        zones: ev.zones.iter().map(|z| z.code.clone()).collect(),
    };
    crate::pass::sign(&claims, &key)
        .ok()
        .and_then(|p| QrMatrix::encode(&p).ok())
        .map_or(u32::MAX, |m| m.outer_modules())
}

fn check_layout(t: &LayoutTemplate, kind: Layout, modules: u32) -> Result<(), Refusal> {
    let here = |what: String| Refusal {
        field: format!("badge.{kind}"),
        message: what,
    };
    let (bw, bh) = kind.badge_size_mm();
    let m = t.margin_mm;
    if !m.is_finite() || !(0.0..=15.0).contains(&m) {
        return Err(here(format!(
            "margin_mm {m} must be between 0 (full bleed) and 15 mm"
        )));
    }
    for (side, elements) in [("front", &t.front), ("back", &t.back)] {
        let at = |i: usize, e: &Element| format!("badge.{kind}.{side}[{i}] ({})", e.kind.label());
        let shown: Vec<(usize, &Element)> = elements.iter().enumerate().filter(|(_, e)| e.visible).collect();
        if side == "front" {
            for must in [Kind::Name, Kind::Qr] {
                let n = shown.iter().filter(|(_, e)| e.kind == must).count();
                if n != 1 {
                    return Err(Refusal {
                        field: format!("badge.{kind}.front"),
                        message: format!(
                            "the front needs exactly one visible {} element (it has {n})",
                            must.label()
                        ),
                    });
                }
            }
        }
        for &(i, e) in &shown {
            let refuse = |message: String| Refusal {
                field: at(i, e),
                message,
            };
            for b in boxes(e) {
                check_box(b, (bw, bh), m).map_err(refuse)?;
            }
            check_element(e, modules).map_err(refuse)?;
        }
        // Nothing may overlap the QR code's box (its quiet zone), and nothing but a band (a
        // background) may overlap another element.
        for (a, &(i, ea)) in shown.iter().enumerate() {
            for &(j, eb) in &shown[a + 1..] {
                if let Some(message) = overlap(ea, eb) {
                    return Err(Refusal {
                        field: format!("{} and {}", at(i, ea), at(j, eb)),
                        message,
                    });
                }
            }
        }
    }
    Ok(())
}

/// The boxes an element may use (with and without photo).
fn boxes(e: &Element) -> Vec<BoxMm> {
    std::iter::once(e.rect).chain(e.box_without_photo).collect()
}

fn check_box(b: BoxMm, (bw, bh): (f32, f32), m: f32) -> Result<(), String> {
    let [x, y, w, h] = b;
    if b.iter().any(|v| !v.is_finite()) || w <= 0.0 || h <= 0.0 {
        return Err(format!("box {b:?} needs a width and a height above 0 mm"));
    }
    let eps = 0.01;
    if x < m - eps || y < m - eps || x + w > bw - m + eps || y + h > bh - m + eps {
        return Err(format!(
            "box {b:?} goes outside the printable area {m} mm inside the {bw} x {bh} mm badge: move it inside x {m}-{} mm, y {m}-{} mm",
            bw - m,
            bh - m
        ));
    }
    Ok(())
}

fn colour_ok(c: &str) -> bool {
    matches!(c.trim(), "category" | "auto") || parse_colour(c.trim()).is_some()
}

fn check_font(font_pt: [f32; 2], lines: u8) -> Result<(), String> {
    let [min, max] = font_pt;
    if !(min.is_finite() && max.is_finite()) || min < 3.0 || max > 96.0 || min > max {
        return Err(format!(
            "font_pt {font_pt:?} must be [minimum, maximum] with 3 <= minimum <= maximum <= 96"
        ));
    }
    if !(1..=2).contains(&lines) {
        return Err(format!("lines {lines} must be 1 or 2"));
    }
    Ok(())
}

/// Height of `lines` lines at `pt`.
fn lines_mm(lines: u8, pt: f32) -> f32 {
    f32::from(lines) * line_height_mm(pt)
}

fn check_element(e: &Element, modules: u32) -> Result<(), String> {
    let fonts = Fonts::get();
    if !colour_ok(&e.colour) {
        return Err(format!(
            "colour {:?} must be #RRGGBB, \"category\" or \"auto\"",
            e.colour
        ));
    }
    let h = boxes(e).iter().map(|b| b[3]).fold(f32::MAX, f32::min);
    let w = boxes(e).iter().map(|b| b[2]).fold(f32::MAX, f32::min);
    match e.kind {
        Kind::Qr => {
            let need = modules as f32 * MIN_MODULE_MM;
            if w.min(h) + 0.001 < need {
                return Err(format!(
                    "the box is {:.1} mm square; the longest pass of this event needs {modules} modules with its quiet zone at 0.4 mm each: make it at least {:.1} x {:.1} mm",
                    w.min(h),
                    need,
                    need
                ));
            }
        }
        Kind::Band | Kind::Photo | Kind::Emblem => {}
        Kind::Details => {
            if e.fields.is_empty() {
                return Err("a details column needs at least one line in \"fields\"".into());
            }
            if !(3.0..=96.0).contains(&e.floor_pt) {
                return Err(format!("floor_pt {} must be between 3 and 96", e.floor_pt));
            }
            if !e.gap_mm.is_finite() || e.gap_mm < 0.0 {
                return Err(format!("gap_mm {} must be 0 mm or more", e.gap_mm));
            }
            let mut kept = 0.0;
            for l in &e.fields {
                let allowed = [
                    Kind::NativeName,
                    Kind::Delegation,
                    Kind::Function,
                    Kind::Days,
                    Kind::Zones,
                    Kind::Validity,
                    Kind::EventSubtitle,
                ];
                if !allowed.contains(&l.field) {
                    return Err(format!(
                        "a details line cannot show {}: use native_name, delegation, function, days, zones, validity or event_subtitle",
                        l.field.label()
                    ));
                }
                check_font(l.font_pt, l.lines).map_err(|m| format!("{} line: {m}", l.field.label()))?;
                if e.floor_pt > l.font_pt[0] {
                    return Err(format!(
                        "floor_pt {} is above the minimum of the {} line ({}): lower it",
                        e.floor_pt,
                        l.field.label(),
                        l.font_pt[0]
                    ));
                }
                // Lines never left off for room must fit at the floor.
                if !matches!(l.field, Kind::Function | Kind::Days | Kind::Zones) {
                    kept += lines_mm(l.lines, e.floor_pt) + e.gap_mm;
                }
            }
            if kept > h + 0.01 {
                return Err(format!(
                    "the box is {h:.1} mm high; the lines that are never left off need {kept:.1} mm at floor_pt {}: make it taller or lower floor_pt",
                    e.floor_pt
                ));
            }
        }
        Kind::Text => {
            check_font(e.font_pt, 1)?;
            let lines: Vec<&str> = e.text.lines().collect();
            if lines.is_empty() || e.text.trim().is_empty() {
                return Err("a text element needs its \"text\"".into());
            }
            let min = e.font_pt[0];
            for l in &lines {
                let (_, problem) = super::layout::check_glyphs(fonts, super::Field::Text, l, e.bold);
                if let Some(p) = problem {
                    return Err(format!("{p}: change the text"));
                }
                let need = width_needed(fonts, &super::fonts::clean(l), min, 1, e.bold);
                if need > w + 0.01 {
                    return Err(format!(
                        "the line {l:?} needs {need:.1} mm at {min} pt; the box is {w:.1} mm wide: widen it, shorten the line or lower the minimum size"
                    ));
                }
            }
            let need = lines.len() as u8;
            let tall = lines_mm(need, min);
            if tall > h + 0.01 {
                return Err(format!(
                    "{} lines at {min} pt need {tall:.1} mm; the box is {h:.1} mm high: make it taller or lower the minimum size",
                    lines.len()
                ));
            }
        }
        kind => {
            check_font(e.font_pt, e.lines)?;
            let min = e.font_pt[0];
            let tall = lines_mm(e.lines, min);
            if tall > h + 0.01 {
                return Err(format!(
                    "{} line(s) at the minimum {min} pt need {tall:.1} mm; the box is {h:.1} mm high: make it taller, lower the minimum or use fewer lines",
                    e.lines
                ));
            }
            if kind == Kind::Name {
                let need = width_needed(fonts, LONG_NAME, min, usize::from(e.lines), e.bold);
                if need > w + 0.01 {
                    return Err(format!(
                        "a long name ({LONG_NAME:?}) needs {need:.1} mm at the minimum {min} pt on {} line(s); the box is {w:.1} mm wide: widen it, allow 2 lines or lower the minimum",
                        e.lines
                    ));
                }
            }
        }
    }
    Ok(())
}

fn intersects(a: BoxMm, b: BoxMm) -> bool {
    let eps = 0.01;
    a[0] + eps < b[0] + b[2]
        && b[0] + eps < a[0] + a[2]
        && a[1] + eps < b[1] + b[3]
        && b[1] + eps < a[1] + a[3]
}

/// Why two elements may not share their space, if they overlap.
fn overlap(a: &Element, b: &Element) -> Option<String> {
    let qr = a.kind == Kind::Qr || b.kind == Kind::Qr;
    let band = a.kind == Kind::Band || b.kind == Kind::Band;
    if band && !qr {
        return None;
    }
    // Pairs of boxes used together: a box for "without photo" is never used with the photo.
    for (ra, a_np) in variants(a) {
        for (rb, b_np) in variants(b) {
            let photo_gone = (a_np && b.kind == Kind::Photo) || (b_np && a.kind == Kind::Photo);
            if photo_gone || (a_np != b_np && a.box_without_photo.is_some() && b.box_without_photo.is_some())
            {
                continue;
            }
            if intersects(ra, rb) {
                return Some(if qr {
                    "the QR code's box (its quiet zone) must be free of anything else: move one of them apart"
                        .into()
                } else {
                    "they overlap: move or shrink one of them".into()
                });
            }
        }
    }
    None
}

/// An element's boxes with whether each is the "without photo" one.
fn variants(e: &Element) -> Vec<(BoxMm, bool)> {
    std::iter::once((e.rect, false))
        .chain(e.box_without_photo.map(|b| (b, true)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::seed::default_event;

    #[test]
    fn the_default_template_passes() {
        check(&default_event()).unwrap();
    }

    #[test]
    fn a_small_qr_box_and_a_narrow_name_box_are_refused_with_what_to_change() {
        let mut ev = default_event();
        let qr = ev
            .badge
            .cr80
            .front
            .iter_mut()
            .find(|e| e.kind == Kind::Qr)
            .unwrap();
        qr.rect[2] = 12.0;
        qr.rect[3] = 12.0;
        let r = check(&ev).unwrap_err();
        assert!(r.field.starts_with("badge.cr80.front["), "{r:?}");
        assert!(r.message.contains("make it at least"), "{r:?}");

        let mut ev = default_event();
        let name = ev
            .badge
            .a6
            .front
            .iter_mut()
            .find(|e| e.kind == Kind::Name)
            .unwrap();
        name.rect[2] = 30.0;
        let r = check(&ev).unwrap_err();
        assert!(
            r.field.contains("(name)") && r.message.contains("widen it"),
            "{r:?}"
        );
    }

    #[test]
    fn overlaps_and_the_margin_are_refused() {
        let mut ev = default_event();
        let title = ev
            .badge
            .cr80
            .front
            .iter_mut()
            .find(|e| e.kind == Kind::EventTitle)
            .unwrap();
        title.rect = [50.0, 20.0, 20.0, 10.0];
        let r = check(&ev).unwrap_err();
        assert!(r.message.contains("quiet zone"), "{r:?}");

        let mut ev = default_event();
        ev.badge.a6.margin_mm = 3.0;
        let r = check(&ev).unwrap_err();
        assert!(r.message.contains("printable area"), "{r:?}");
    }
}
