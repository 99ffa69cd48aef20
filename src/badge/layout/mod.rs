//! The badge as plain geometry in millimetres: what both the PDF and the GUI preview draw.
//!
//! [`badge_sides`] turns (event with its badge template, delegate, delegation, signed pass,
//! layout kind, fonts, emblem) into a front [`BadgeLayout`] and, when the template has one, a
//! back: the badge size and a list of [`Item`]s in paint order. Conventions:
//! - lengths in millimetres, origin at the badge's top-left corner, y downwards;
//! - text sizes in PostScript points (1 pt = [`super::fonts::MM_PER_PT`] mm);
//! - every [`TextItem`] is one finished line: wrapping and shrinking are already done here,
//!   with the bundled fonts' advance widths ([`Fonts::measure_mm`]), so a renderer only
//!   draws each [`super::fonts::Span`] at `x_mm + dx` on the baseline. A renderer using
//!   another text engine (egui) should load the same font files
//!   ([`super::fonts::Face::bytes`]) and scale the line to `width_mm` if its own measurement
//!   differs.
//! - colours are sRGB bytes.
//!
//! The rules hold for any template: names shrink, then wrap, and never clip; the details
//! column shrinks as a whole and leaves the function off first; every string is checked
//! against the fonts; the QR code keeps its quiet zone and modules of at least 0.4 mm. The
//! template check ([`super::template_check`]) refuses a template that cannot hold them.
//!
//! Parts: [`items`] (what a layout is made of), `fit` (fitting text into boxes), [`strings`]
//! (what a badge prints and the glyph check); the formats are in [`super::format`].

mod fit;
pub mod items;
pub mod strings;

use std::sync::Arc;

pub use super::format::{CutMark, Layout};
pub use items::*;
pub use strings::{badge_strings, check_glyphs, dates_text, glyph_problems, validity_line};

use super::BadgeError;
use super::emblem::Emblem;
use super::fonts::Fonts;
use super::jpeg::JpegInfo;
use super::qr::{QUIET_MODULES, QrMatrix};
use super::template::{Element, Kind};
use crate::registry::{Delegate, Delegation, Event, parse_colour};
pub(crate) use fit::width_needed;
use fit::{Block, ColumnSpec, Fitted, Out, band_text_colour, fit, fit_column, line_mm};

/// Both sides of one badge.
#[derive(Debug, Clone, PartialEq)]
pub struct Sides {
    /// The front.
    pub front: BadgeLayout,
    /// The back, when the layout's template has one.
    pub back: Option<BadgeLayout>,
}

/// Lays out the front of one badge, without emblem (see [`badge_sides`]).
pub fn badge_layout(
    event: &Event,
    d: &Delegate,
    delegation: Option<&Delegation>,
    payload: &str,
    kind: Layout,
    fonts: &Fonts,
) -> Result<BadgeLayout, BadgeError> {
    Ok(badge_sides(event, d, delegation, payload, kind, fonts, None)?.front)
}

/// Lays out one badge, front and back, from the event's template for `kind`.
///
/// `payload` is the signed pass ([`crate::pass::issue`]); the photo is `d.photo` when set and
/// a readable JPEG; `emblem` is the event's emblem (drawn where the template shows it).
/// Strings with characters no bundled font has are left off (the name is printed without
/// those characters) and listed in [`BadgeLayout::unprintable`] of the front (the back's
/// are added there too).
pub fn badge_sides(
    event: &Event,
    d: &Delegate,
    delegation: Option<&Delegation>,
    payload: &str,
    kind: Layout,
    fonts: &Fonts,
    emblem: Option<&Emblem>,
) -> Result<Sides, BadgeError> {
    let template = event.badge.get(kind);
    let photo = d
        .photo
        .as_deref()
        .and_then(|bytes| JpegInfo::parse(bytes).map(|info| (Arc::<[u8]>::from(bytes), info)));
    let matrix = QrMatrix::encode(payload).map_err(|e| BadgeError::Qr(e.to_string()))?;
    let cx = Cx {
        event,
        d,
        strings: badge_strings(event, d, delegation),
        payload,
        matrix,
        photo,
        emblem,
        fonts,
    };
    let size_mm = kind.badge_size_mm();
    let mut front = BadgeLayout {
        kind,
        size_mm,
        items: Vec::new(),
        unprintable: Vec::new(),
    };
    let (items, unprintable) = cx.side(&template.front)?;
    front.items = items;
    front.unprintable = unprintable;
    let back = if template.has_back() {
        let (items, unprintable) = cx.side(&template.back)?;
        for u in unprintable {
            if !front.unprintable.contains(&u) {
                front.unprintable.push(u);
            }
        }
        Some(BadgeLayout {
            kind,
            size_mm,
            items,
            unprintable: Vec::new(),
        })
    } else {
        None
    };
    Ok(Sides { front, back })
}

/// Resolves a template colour: `#RRGGBB`, `category` or `auto` (black or white on the
/// category colour); anything else is black (the template check refuses it).
pub fn resolve_colour(spec: &str, category: Rgb) -> Rgb {
    match spec.trim() {
        "category" => category,
        "auto" => band_text_colour(category),
        other => parse_colour(other).unwrap_or([0, 0, 0]),
    }
}

/// What every element of one badge draws from.
struct Cx<'a> {
    event: &'a Event,
    d: &'a Delegate,
    strings: Vec<(Field, String, bool)>,
    payload: &'a str,
    matrix: QrMatrix,
    photo: Option<(Arc<[u8]>, JpegInfo)>,
    emblem: Option<&'a Emblem>,
    fonts: &'a Fonts,
}

impl Cx<'_> {
    fn get(&self, f: Field) -> String {
        self.strings
            .iter()
            .find(|x| x.0 == f)
            .map(|x| x.1.clone())
            .unwrap_or_default()
    }

    fn category_rgb(&self) -> Rgb {
        self.event
            .category(&self.d.category)
            .map_or([128, 128, 128], |c| c.rgb())
    }

    fn block(&self, e: &Element, rect: [f32; 4], font_pt: [f32; 2], lines: u8, bold: bool) -> Block {
        Block {
            x: rect[0],
            width: rect[2],
            max_pt: font_pt[1],
            min_pt: font_pt[0].min(font_pt[1]),
            lines: usize::from(lines.clamp(1, 2)),
            bold,
            align: e.align,
            colour: resolve_colour(&e.colour, self.category_rgb()),
        }
    }

    /// The text an element of this field prints.
    fn text_of(&self, e: &Element, field: Field) -> String {
        match field {
            Field::Text => e.text.clone(),
            Field::Validity => {
                let prefix = if e.text.is_empty() {
                    strings::valid_word(self.event)
                } else {
                    e.text.clone()
                };
                validity_line(self.event, self.d, &prefix)
            }
            f => self.get(f),
        }
    }

    /// Lays out one side.
    fn side(&self, elements: &[Element]) -> Result<(Vec<Item>, Vec<Unprintable>), BadgeError> {
        let mut out = Out {
            fonts: self.fonts,
            items: Vec::new(),
            unprintable: Vec::new(),
        };
        let has_photo = self.photo.is_some();
        for e in elements.iter().filter(|e| e.visible) {
            let rect = e.rect_for(has_photo);
            let [x, y, w, h] = rect;
            match e.kind {
                Kind::Band => {
                    let fill = resolve_colour(&e.colour, self.category_rgb());
                    out.items.push(Item::Rect(RectItem {
                        x_mm: x,
                        y_mm: y,
                        w_mm: w,
                        h_mm: h,
                        fill,
                    }));
                }
                Kind::Photo => {
                    if let Some((bytes, info)) = &self.photo {
                        let (px, py, pw, ph) = fit_aspect(rect, info.width, info.height, e);
                        out.items.push(Item::Photo(PhotoItem {
                            x_mm: px,
                            y_mm: py,
                            w_mm: pw,
                            h_mm: ph,
                            jpeg: bytes.clone(),
                            info: *info,
                        }));
                    }
                }
                Kind::Emblem => {
                    if let Some(em) = self.emblem {
                        let (px, py, pw, ph) = fit_aspect(rect, em.width, em.height, e);
                        out.items.push(Item::Image(ImageItem {
                            x_mm: px,
                            y_mm: py,
                            w_mm: pw,
                            h_mm: ph,
                            pixels: em.rgba.clone(),
                        }));
                    }
                }
                Kind::Qr => out.items.push(Item::Qr(self.qr(rect)?)),
                Kind::Details => self.details(&mut out, e, rect),
                Kind::Text => self.free_text(&mut out, e, rect),
                kind => {
                    let Some(field) = kind.field() else { continue };
                    let b = self.block(e, rect, e.font_pt, e.lines, e.bold);
                    let Some(text) = out.printable(field, &self.text_of(e, field), e.bold) else {
                        continue;
                    };
                    let f = fit(self.fonts, &text, &b, h);
                    // Lines that may be left off go rather than shrink past their minimum;
                    // names, the delegation, validity and the category shrink instead.
                    let optional = matches!(
                        field,
                        Field::Function | Field::Days | Field::Zones | Field::EventSubtitle
                    );
                    if optional && f.size_pt < b.min_pt {
                        out.unprintable.push(no_room(field, &text));
                        continue;
                    }
                    out.place(field, f, &b, y, h, true);
                }
            }
        }
        Ok((out.items, out.unprintable))
    }

    /// The QR code: the largest whole layout of modules that fits the square with its quiet
    /// zone, centred in the box.
    fn qr(&self, [x, y, w, h]: [f32; 4]) -> Result<QrItem, BadgeError> {
        let side = w.min(h);
        let outer = self.matrix.outer_modules();
        let module = side / outer as f32;
        if module < super::qr::MIN_MODULE_MM {
            return Err(BadgeError::Qr(format!(
                "the pass needs {outer} modules, too many for {side} mm at 0.4 mm each"
            )));
        }
        let quiet = QUIET_MODULES as f32 * module;
        Ok(QrItem {
            x_mm: x + (w - side) / 2.0 + quiet,
            y_mm: y + (h - side) / 2.0 + quiet,
            module_mm: module,
            matrix: self.matrix.clone(),
            payload: self.payload.to_string(),
        })
    }

    /// The details column, shrunk as a whole if it does not fit.
    fn details(&self, out: &mut Out<'_>, e: &Element, rect: [f32; 4]) {
        let mut texts = Vec::new();
        for l in &e.fields {
            let Some(field) = l.field.field() else { continue };
            let b = self.block(e, rect, l.font_pt, l.lines, l.bold);
            if let Some(t) = out.printable(field, &self.text_of(e, field), l.bold) {
                texts.push((field, t, b));
            }
        }
        let spec = ColumnSpec {
            height: rect[3],
            floor_pt: e.floor_pt,
            gap_mm: e.gap_mm,
        };
        let column = fit_column(self.fonts, texts, &spec);
        let mut y = rect[1];
        for (field, f, b) in column.fitted {
            y = out.place(field, f, &b, y, rect[3], false) + e.gap_mm;
        }
        out.unprintable.extend(column.left_off);
    }

    /// Fixed text: its lines (`\n`) at one size, the largest that fits every line across and
    /// all of them down the box.
    fn free_text(&self, out: &mut Out<'_>, e: &Element, rect: [f32; 4]) {
        let lines: Vec<String> = e
            .text
            .lines()
            .map(|l| out.printable(Field::Text, l, e.bold).unwrap_or_default())
            .collect();
        if lines.iter().all(|l| l.is_empty()) {
            return;
        }
        let b = Block {
            lines: 1,
            ..self.block(e, rect, e.font_pt, 1, e.bold)
        };
        let n = lines.len() as f32;
        let by_height = rect[3] / (n * line_mm(1.0));
        let size = lines
            .iter()
            .map(|l| fit(self.fonts, l, &b, rect[3] / n).size_pt)
            .fold(b.max_pt.min(by_height), f32::min);
        let size = (size * 10.0).floor() / 10.0;
        let f = Fitted {
            size_pt: size,
            lines: lines.iter().map(|l| self.fonts.shape_lossy(l, e.bold)).collect(),
            squeezed: false,
        };
        if size <= 0.0 {
            return;
        }
        out.place(Field::Text, f, &b, rect[1], rect[3], true);
    }
}

fn no_room(field: Field, text: &str) -> Unprintable {
    Unprintable {
        field,
        text: text.to_string(),
        missing: Vec::new(),
        left_off: true,
        reason: Reason::NoRoom,
    }
}

/// A picture of `pw` x `ph` pixels in the box, aspect ratio kept: centred down, aligned
/// across as the element says.
fn fit_aspect([bx, by, bw, bh]: [f32; 4], pw: u32, ph: u32, e: &Element) -> (f32, f32, f32, f32) {
    let aspect = pw.max(1) as f32 / ph.max(1) as f32;
    let (w, h) = if aspect > bw / bh {
        (bw, bw / aspect)
    } else {
        (bh * aspect, bh)
    };
    let x = match e.align {
        super::template::Align::Left => bx,
        super::template::Align::Centre => bx + (bw - w) / 2.0,
        super::template::Align::Right => bx + bw - w,
    };
    (x, by + (bh - h) / 2.0, w, h)
}

/// Millimetres of one line of text at `size_pt` (for the designer's guides).
pub fn line_height_mm(size_pt: f32) -> f32 {
    line_mm(size_pt)
}
