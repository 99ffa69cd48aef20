//! The badge as plain geometry in millimetres: what both the PDF and the GUI preview draw.
//!
//! [`badge_layout`] turns (event, delegate, delegation, signed pass, layout kind, fonts) into a
//! [`BadgeLayout`]: the badge size and a list of [`Item`]s in paint order. Conventions:
//! - lengths in millimetres, origin at the badge's top-left corner, y downwards;
//! - text sizes in PostScript points (1 pt = [`MM_PER_PT`] mm);
//! - every [`TextItem`] is one finished line: wrapping and shrinking are already done here,
//!   with the bundled fonts' advance widths ([`Fonts::measure_mm`]), so a renderer only
//!   draws each [`Span`] at `x_mm + dx` on the baseline. A renderer using another text
//!   engine (egui) should load the same font files ([`super::fonts::Face::bytes`]) and scale
//!   the line to `width_mm` if its own measurement differs.
//! - colours are sRGB bytes.
//!
//! Where a sheet carries several badges (`a4x4`), [`Layout::slots_mm`] gives each badge's
//! top-left corner on the page and [`Layout::cut_marks_mm`] the cut lines.

use std::sync::Arc;

use super::BadgeError;
use super::fonts::{Fonts, MM_PER_PT, Shaped, Span};
use super::jpeg::JpegInfo;
use super::qr::{QUIET_MODULES, QrMatrix};
use crate::registry::{Delegate, Delegation, Event};

/// An sRGB colour.
pub type Rgb = [u8; 3];

/// Line height as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.25;
/// Baseline below the top of a line box, as a multiple of the font size (leaves room for
/// accents on capitals: Ő, Ǻ).
pub const BASELINE: f32 = 0.98;

const BLACK: Rgb = [0, 0, 0];
const DARK: Rgb = [0x33, 0x33, 0x33];
const MID: Rgb = [0x55, 0x55, 0x55];

/// The badge formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Layout {
    /// ID-1 card, 85.6 x 54 mm landscape, one per page (card printers).
    #[default]
    Cr80,
    /// A6 portrait, 105 x 148 mm, one per page (badge holders).
    A6,
    /// Four A6 badges on an A4 sheet, with cut marks.
    A4x4,
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Cr80 => "cr80",
            Self::A6 => "a6",
            Self::A4x4 => "a4x4",
        })
    }
}

impl std::str::FromStr for Layout {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cr80" => Ok(Self::Cr80),
            "a6" => Ok(Self::A6),
            "a4x4" => Ok(Self::A4x4),
            other => Err(format!("unknown layout {other:?}: use cr80, a6 or a4x4")),
        }
    }
}

/// A cut line on a sheet, in millimetres from the page's top-left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CutMark {
    /// Start point.
    pub from: (f32, f32),
    /// End point.
    pub to: (f32, f32),
}

impl Layout {
    /// Every layout.
    pub const ALL: [Layout; 3] = [Layout::Cr80, Layout::A6, Layout::A4x4];

    /// Size of one badge (width, height) in mm.
    pub fn badge_size_mm(self) -> (f32, f32) {
        match self {
            Self::Cr80 => (85.6, 54.0),
            Self::A6 | Self::A4x4 => (105.0, 148.0),
        }
    }

    /// Size of a page (width, height) in mm.
    pub fn page_size_mm(self) -> (f32, f32) {
        match self {
            Self::A4x4 => (210.0, 297.0),
            other => other.badge_size_mm(),
        }
    }

    /// Top-left corner of each badge on a page, in filling order.
    pub fn slots_mm(self) -> &'static [(f32, f32)] {
        match self {
            Self::A4x4 => &[(0.0, 0.5), (105.0, 0.5), (0.0, 148.5), (105.0, 148.5)],
            _ => &[(0.0, 0.0)],
        }
    }

    /// Badges per page.
    pub fn per_page(self) -> usize {
        self.slots_mm().len()
    }

    /// Cut marks of a sheet: short strokes lying on the cut lines (the cut removes them),
    /// long enough to show past a printer's unprintable margin.
    pub fn cut_marks_mm(self) -> Vec<CutMark> {
        if self != Self::A4x4 {
            return Vec::new();
        }
        let (w, h) = self.page_size_mm();
        let (mx, my, len) = (105.0, 148.5, 9.0);
        vec![
            CutMark {
                from: (mx, 0.0),
                to: (mx, len),
            },
            CutMark {
                from: (mx, h - len),
                to: (mx, h),
            },
            CutMark {
                from: (0.0, my),
                to: (len, my),
            },
            CutMark {
                from: (w - len, my),
                to: (w, my),
            },
            CutMark {
                from: (mx - 4.0, my),
                to: (mx + 4.0, my),
            },
            CutMark {
                from: (mx, my - 4.0),
                to: (mx, my + 4.0),
            },
        ]
    }
}

/// What a text line shows (lets tests and the preview find a line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The event's title.
    EventTitle,
    /// "Title Given FAMILY".
    Name,
    /// The name in the person's own script.
    NativeName,
    /// The delegation's English name.
    Delegation,
    /// The function.
    Function,
    /// The category label in the band.
    Category,
    /// Valid days, when not every day.
    Days,
    /// Zones, when not every zone.
    Zones,
}

impl Field {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::EventTitle => "event title",
            Self::Name => "name",
            Self::NativeName => "native-script name",
            Self::Delegation => "delegation",
            Self::Function => "function",
            Self::Category => "category label",
            Self::Days => "days",
            Self::Zones => "zones",
        }
    }
}

/// A filled rectangle.
#[derive(Debug, Clone, PartialEq)]
pub struct RectItem {
    /// Left edge.
    pub x_mm: f32,
    /// Top edge.
    pub y_mm: f32,
    /// Width.
    pub w_mm: f32,
    /// Height.
    pub h_mm: f32,
    /// Fill colour.
    pub fill: Rgb,
}

/// One line of text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextItem {
    /// What it shows.
    pub field: Field,
    /// Left end of the line (alignment already applied).
    pub x_mm: f32,
    /// Baseline.
    pub baseline_mm: f32,
    /// Font size in points.
    pub size_pt: f32,
    /// Colour.
    pub colour: Rgb,
    /// The spans, each in one face, drawn one after the other from `x_mm`.
    pub spans: Vec<Span>,
    /// Width of the whole line.
    pub width_mm: f32,
}

impl TextItem {
    /// The text of the line.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
    /// Top of the line box (`baseline - BASELINE * size`).
    pub fn top_mm(&self) -> f32 {
        self.baseline_mm - BASELINE * self.size_pt * MM_PER_PT
    }
    /// Left end of each span relative to `x_mm`.
    pub fn span_offsets_mm(&self) -> Vec<f32> {
        let mut x = 0.0;
        self.spans
            .iter()
            .map(|s| {
                let at = x;
                x += s.width_per_pt_mm * self.size_pt;
                at
            })
            .collect()
    }
}

/// The QR code of the pass.
#[derive(Debug, Clone, PartialEq)]
pub struct QrItem {
    /// Left edge of the code's first module (the quiet zone lies outside, left of this).
    pub x_mm: f32,
    /// Top edge of the code's first module.
    pub y_mm: f32,
    /// Side of one module.
    pub module_mm: f32,
    /// The modules.
    pub matrix: QrMatrix,
    /// The signed pass it encodes.
    pub payload: String,
}

impl QrItem {
    /// Side of the code without quiet zone.
    pub fn size_mm(&self) -> f32 {
        self.matrix.width as f32 * self.module_mm
    }
}

/// The delegate's photo, a JPEG placed as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoItem {
    /// Left edge.
    pub x_mm: f32,
    /// Top edge.
    pub y_mm: f32,
    /// Width (the JPEG's aspect ratio is kept).
    pub w_mm: f32,
    /// Height.
    pub h_mm: f32,
    /// The JPEG file.
    pub jpeg: Arc<[u8]>,
    /// Its frame header.
    pub info: JpegInfo,
}

/// Something drawn on a badge.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A filled rectangle (the category band).
    Rect(RectItem),
    /// A line of text.
    Text(TextItem),
    /// The QR code.
    Qr(QrItem),
    /// The photo.
    Photo(PhotoItem),
}

/// Why a string could not be printed as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Some of its characters are in no bundled font (listed in [`Unprintable::missing`]).
    MissingGlyphs,
    /// The details column has no room for it even at the smallest size: the line is left off
    /// (the function first, then zones, then days) rather than run into the band.
    NoRoom,
}

/// A string that could not be printed as given.
#[derive(Debug, Clone, PartialEq)]
pub struct Unprintable {
    /// Which line.
    pub field: Field,
    /// The text as stored.
    pub text: String,
    /// The characters no bundled font has (empty for [`Reason::NoRoom`]).
    pub missing: Vec<char>,
    /// Whether the line was left off (otherwise printed without those characters: the name).
    pub left_off: bool,
    /// Why.
    pub reason: Reason,
}

impl std::fmt::Display for Unprintable {
    /// `function "..." does not fit ...` or `native-script name "..." has characters
    /// no bundled font covers (X U+XXXX, ...); that line is left off the badge`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.reason {
            Reason::NoRoom => write!(
                f,
                "{} {:?} does not fit the badge even at the smallest size; that line is left off the badge",
                self.field.label(),
                self.text
            ),
            Reason::MissingGlyphs => {
                let chars: Vec<String> = self
                    .missing
                    .iter()
                    .map(|c| format!("{c} U+{:04X}", u32::from(*c)))
                    .collect();
                write!(
                    f,
                    "{} {:?} has characters no bundled font covers ({}); {}",
                    self.field.label(),
                    self.text,
                    chars.join(", "),
                    if self.left_off {
                        "that line is left off the badge"
                    } else {
                        "printed without them"
                    }
                )
            }
        }
    }
}

/// One badge, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct BadgeLayout {
    /// Which format.
    pub kind: Layout,
    /// Width and height in mm.
    pub size_mm: (f32, f32),
    /// What to draw, in paint order.
    pub items: Vec<Item>,
    /// Strings left off or shortened: no bundled font has some of their characters, or the
    /// details column has no room for them.
    pub unprintable: Vec<Unprintable>,
}

impl BadgeLayout {
    /// The text lines of one field, top to bottom.
    pub fn lines(&self, field: Field) -> Vec<&TextItem> {
        self.items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) if t.field == field => Some(t),
                _ => None,
            })
            .collect()
    }
    /// The QR item.
    pub fn qr(&self) -> Option<&QrItem> {
        self.items.iter().find_map(|i| match i {
            Item::Qr(q) => Some(q),
            _ => None,
        })
    }
}

/// A text block: where, how big, how many lines.
#[derive(Debug, Clone, Copy)]
struct Block {
    x: f32,
    width: f32,
    max_pt: f32,
    min_pt: f32,
    lines: usize,
    bold: bool,
    centre: bool,
    colour: Rgb,
}

/// The geometry of one badge format.
struct Spec {
    size: (f32, f32),
    title: Block,
    title_box: (f32, f32),
    name: Block,
    name_box: (f32, f32),
    photo: (f32, f32, f32, f32),
    qr: (f32, f32, f32),
    qr_x_without_photo: f32,
    column_box: (f32, f32),
    column_x_without_photo: f32,
    column_width_without_photo: f32,
    column: [Block; 5],
    /// No details line is shrunk below this (pt); past it, lines are left off.
    column_floor_pt: f32,
    gap: f32,
    band: (f32, f32),
    band_label: Block,
}

fn block(x: f32, width: f32, max_pt: f32, min_pt: f32, lines: usize, bold: bool, centre: bool) -> Block {
    Block {
        x,
        width,
        max_pt,
        min_pt,
        lines,
        bold,
        centre,
        colour: BLACK,
    }
}

fn spec(kind: Layout) -> Spec {
    match kind {
        Layout::Cr80 => {
            let (w, m) = (85.6, 3.0);
            let qr_side = 26.0;
            let qr_x = w - 0.5 - qr_side;
            let col_x = m + 18.0 + 2.5;
            let col_w = qr_x - 0.5 - col_x;
            let col = |max, min, lines, bold| Block {
                colour: DARK,
                ..block(col_x, col_w, max, min, lines, bold, false)
            };
            Spec {
                size: (w, 54.0),
                title: Block {
                    colour: MID,
                    ..block(m, w - 2.0 * m, 7.0, 5.0, 2, true, true)
                },
                title_box: (2.2, 5.0),
                name: block(m, w - 2.0 * m, 15.0, 10.0, 2, true, true),
                name_box: (7.4, 11.6),
                photo: (m, 20.0, 18.0, 24.0),
                qr: (qr_x, 19.5, qr_side),
                qr_x_without_photo: qr_x,
                column_box: (20.0, 25.5),
                column_x_without_photo: m,
                column_width_without_photo: qr_x - 0.5 - m,
                column: [
                    col(9.0, 7.0, 2, false),
                    col(8.0, 6.5, 2, true),
                    col(7.0, 6.0, 2, false),
                    col(6.5, 5.5, 1, false),
                    col(6.5, 5.5, 1, false),
                ],
                column_floor_pt: 5.0,
                gap: 0.5,
                band: (46.0, 8.0),
                band_label: block(m, w - 2.0 * m, 11.0, 6.0, 1, true, true),
            }
        }
        Layout::A6 | Layout::A4x4 => {
            let (w, m) = (105.0, 7.0);
            let qr_side = 40.0;
            let col = |max, min, lines, bold| Block {
                colour: DARK,
                ..block(m, w - 2.0 * m, max, min, lines, bold, true)
            };
            Spec {
                size: (w, 148.0),
                title: Block {
                    colour: MID,
                    ..block(m, w - 2.0 * m, 12.0, 8.0, 2, true, true)
                },
                title_box: (6.0, 13.0),
                name: block(m, w - 2.0 * m, 26.0, 16.0, 2, true, true),
                name_box: (21.5, 23.0),
                photo: (m, 89.0, 30.0, 40.0),
                qr: (w - 5.0 - qr_side, 89.0, qr_side),
                qr_x_without_photo: (w - qr_side) / 2.0,
                column_box: (46.0, 41.0),
                column_x_without_photo: m,
                column_width_without_photo: w - 2.0 * m,
                column: [
                    col(15.0, 10.0, 2, false),
                    col(14.0, 10.0, 2, true),
                    col(11.0, 8.0, 2, false),
                    col(10.0, 8.0, 1, false),
                    col(10.0, 8.0, 1, false),
                ],
                column_floor_pt: 7.0,
                gap: 1.5,
                band: (132.0, 16.0),
                band_label: block(m, w - 2.0 * m, 18.0, 9.0, 1, true, true),
            }
        }
    }
}

/// A text fitted into a block: its size and lines.
#[derive(Debug, Clone)]
struct Fitted {
    size_pt: f32,
    lines: Vec<Shaped>,
    /// The height, not the width or the block's maximum, decided the size.
    squeezed: bool,
}

fn line_mm(size_pt: f32) -> f32 {
    LINE_HEIGHT * size_pt * MM_PER_PT
}

/// Places where a line may break: after a space (dropped) or after a hyphen (kept).
fn splits(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        let next = i + c.len_utf8();
        if c == ' ' {
            out.push((
                text[..i].trim_end().to_string(),
                text[next..].trim_start().to_string(),
            ));
        } else if c == '-' && i > 0 && next < text.len() {
            out.push((text[..next].to_string(), text[next..].to_string()));
        }
    }
    out.retain(|(a, b)| !a.is_empty() && !b.is_empty());
    out
}

/// Shrinks `text` to fit one line of `b.width` down to `b.min_pt`; if it still does not fit,
/// wraps it on two lines (when the block allows) at the largest size up to `b.max_pt` that fits
/// the width and `height`; failing both, goes below the minimum. Never wider than the block.
fn fit(fonts: &Fonts, text: &str, b: &Block, height: f32) -> Fitted {
    let one = fonts.shape_lossy(text, b.bold);
    let quant = |s: f32| (s * 10.0).floor() / 10.0;
    // (size, squeezed by the height)
    let size_for = |widest_per_pt: f32, n: usize| {
        let by_width = if widest_per_pt > 0.0 {
            b.width / widest_per_pt
        } else {
            b.max_pt
        };
        let by_height = height.max(0.0) / (n as f32 * LINE_HEIGHT * MM_PER_PT);
        let free = b.max_pt.min(by_width);
        (quant(free.min(by_height)), by_height < free)
    };
    let (s1, squeezed1) = size_for(one.width_per_pt_mm(), 1);
    if s1 >= b.min_pt || b.lines < 2 {
        return Fitted {
            size_pt: s1,
            lines: vec![one],
            squeezed: squeezed1,
        };
    }
    let mut best: Option<Fitted> = None;
    for (a, c) in splits(&one.text()) {
        let (a, c) = (fonts.shape_lossy(&a, b.bold), fonts.shape_lossy(&c, b.bold));
        let (s, squeezed) = size_for(a.width_per_pt_mm().max(c.width_per_pt_mm()), 2);
        if best.as_ref().is_none_or(|f| s > f.size_pt) {
            best = Some(Fitted {
                size_pt: s,
                lines: vec![a, c],
                squeezed,
            });
        }
    }
    match best {
        Some(f) if f.size_pt > s1 => f,
        _ => Fitted {
            size_pt: s1,
            lines: vec![one],
            squeezed: squeezed1,
        },
    }
}

/// Checks one badge string against the bundled fonts (the one glyph check of printing and
/// of [`super::glyph_warnings`]): returns the cleaned text to print, `None` when it is empty
/// or must be left off, and the record of the characters no bundled font has, if any. Only
/// the name is printed without those characters; any other line with them is left off.
pub fn check_glyphs(
    fonts: &Fonts,
    field: Field,
    text: &str,
    bold: bool,
) -> (Option<String>, Option<Unprintable>) {
    let clean = super::fonts::clean(text);
    if clean.is_empty() {
        return (None, None);
    }
    let missing = fonts.missing(&clean, bold);
    if missing.is_empty() {
        return (Some(clean), None);
    }
    let always = field == Field::Name;
    let problem = Unprintable {
        field,
        text: text.to_string(),
        missing,
        left_off: !always,
        reason: Reason::MissingGlyphs,
    };
    (always.then_some(clean), Some(problem))
}

/// The glyph problems of one badge: every string it prints checked with [`check_glyphs`].
pub fn glyph_problems(
    event: &Event,
    d: &Delegate,
    delegation: Option<&Delegation>,
    fonts: &Fonts,
) -> Vec<Unprintable> {
    badge_strings(event, d, delegation)
        .into_iter()
        .filter_map(|(field, text, bold)| check_glyphs(fonts, field, &text, bold).1)
        .collect()
}

/// Builder collecting items and unprintable strings.
struct Out<'a> {
    fonts: &'a Fonts,
    items: Vec<Item>,
    unprintable: Vec<Unprintable>,
}

impl Out<'_> {
    /// Checks `text` against the fonts ([`check_glyphs`]): `None` (and a record) when it must
    /// be left off.
    fn printable(&mut self, field: Field, text: &str, bold: bool) -> Option<String> {
        let (print, problem) = check_glyphs(self.fonts, field, text, bold);
        self.unprintable.extend(problem);
        print
    }

    /// Places fitted lines with their top at `top`, centred vertically in `height` when
    /// `vcentre`; returns the bottom of the last line.
    fn place(&mut self, field: Field, f: Fitted, b: &Block, top: f32, height: f32, vcentre: bool) -> f32 {
        let lh = line_mm(f.size_pt);
        let total = lh * f.lines.len() as f32;
        let mut y = if vcentre {
            top + ((height - total) / 2.0).max(0.0)
        } else {
            top
        };
        for line in f.lines {
            let width = line.width_mm(f.size_pt);
            let x = if b.centre {
                b.x + (b.width - width) / 2.0
            } else {
                b.x
            };
            self.items.push(Item::Text(TextItem {
                field,
                x_mm: x,
                baseline_mm: y + BASELINE * f.size_pt * MM_PER_PT,
                size_pt: f.size_pt,
                colour: b.colour,
                spans: line.spans,
                width_mm: width,
            }));
            y += lh;
        }
        y
    }
}

/// The strings a badge prints, with the field and whether they are bold (also used by the
/// glyph check before printing).
pub fn badge_strings(
    event: &Event,
    d: &Delegate,
    delegation: Option<&Delegation>,
) -> Vec<(Field, String, bool)> {
    let mut v = vec![
        (Field::EventTitle, event.title.clone(), true),
        (Field::Name, d.display_name(), true),
        (Field::NativeName, d.native_name.clone(), false),
        (
            Field::Delegation,
            delegation
                .map(|x| x.name_en.clone())
                .unwrap_or_else(|| d.delegation.clone()),
            true,
        ),
        (Field::Function, d.function.clone(), false),
    ];
    if let Some(days) = days_line(event, d) {
        v.push((Field::Days, days, false));
    }
    if let Some(zones) = zones_line(event, d) {
        v.push((Field::Zones, zones, false));
    }
    let label = event
        .category(&d.category)
        .map(|c| c.label.clone())
        .unwrap_or_else(|| d.category.clone());
    v.push((Field::Category, label, true));
    v
}

/// "Days: ..." when the delegate may not come every day of the event.
fn days_line(event: &Event, d: &Delegate) -> Option<String> {
    let all = event.days.iter().all(|day| d.days.contains(&day.date));
    if d.days.is_empty() || all {
        return None;
    }
    let mut days: Vec<&String> = d.days.iter().collect();
    days.sort();
    let names: Vec<String> = days
        .iter()
        .map(|date| {
            event
                .days
                .iter()
                .find(|x| &&x.date == date)
                .filter(|x| !x.label.trim().is_empty())
                .map_or_else(|| date.to_string(), |x| x.label.clone())
        })
        .collect();
    Some(format!("Days: {}", names.join(", ")))
}

/// "Zones: ..." when the delegate may not enter every zone of the event.
fn zones_line(event: &Event, d: &Delegate) -> Option<String> {
    let zones = event.effective_zones(d);
    let all = event.zones.iter().all(|z| zones.contains(&z.code));
    if zones.is_empty() || all {
        return None;
    }
    // In the event's order.
    let ordered: Vec<&str> = event
        .zones
        .iter()
        .filter(|z| zones.contains(&z.code))
        .map(|z| z.code.as_str())
        .collect();
    Some(format!("Zones: {}", ordered.join(", ")))
}

/// The details column, fitted: the lines to place, top to bottom, and those left off.
struct Column {
    fitted: Vec<(Field, Fitted, Block)>,
    left_off: Vec<Unprintable>,
}

/// The details lines left off, in this order, when the column does not fit at the floor.
const LEAVE_OFF_FIRST: [Field; 3] = [Field::Function, Field::Zones, Field::Days];

/// Fits the details column into its box, never taller than the box: each line is fitted into
/// the height left below the lines above it. When some line has to be squeezed by the
/// height, the whole column shrinks (every block's sizes scaled alike, none below
/// `column_floor_pt`) and is fitted again; when it does not fit even at the floor, or a line
/// of [`LEAVE_OFF_FIRST`] is so long that it would have to go below the floor, the
/// lowest-priority line is left off and the column fitted again from full size. The
/// native-script name and the delegation are never left off for room (two lines each at the
/// floor always fit; like the name, a very long one is shrunk below the floor to fit the
/// width rather than clipped); should they still not fit, a line without room is left off
/// too rather than overflow.
fn fit_column(fonts: &Fonts, mut texts: Vec<(Field, String, Block)>, s: &Spec) -> Column {
    let height = s.column_box.1;
    let floor = s.column_floor_pt;
    let mut left_off = Vec::new();
    let no_room = |field: Field, text: &str| Unprintable {
        field,
        text: text.to_string(),
        missing: Vec::new(),
        left_off: true,
        reason: Reason::NoRoom,
    };
    loop {
        let mut scale = 1.0_f32;
        loop {
            let (fitted, squeezed) = fit_column_at(fonts, &texts, s, scale);
            if !squeezed {
                return Column { fitted, left_off };
            }
            // Shrink while some block is still above the floor.
            if texts.iter().any(|(_, _, b)| b.max_pt * scale > floor) {
                scale *= 0.92;
                continue;
            }
            break;
        }
        // At the floor and still too tall: leave off the lowest-priority line.
        let Some(i) = LEAVE_OFF_FIRST
            .iter()
            .find_map(|f| texts.iter().position(|(field, _, _)| field == f))
        else {
            break;
        };
        let (field, text, _) = texts.remove(i);
        left_off.push(no_room(field, &text));
    }
    // Only lines that are never left off for room remain and they do not fit at the floor:
    // place what fits into the height left, leave off what has no room at all.
    let mut fitted = Vec::new();
    let mut used = 0.0;
    for (field, text, b) in texts {
        let b = floored(&b, 1.0, floor);
        let room = height - used;
        let f = fit(fonts, &text, &b, room);
        if room <= 0.0 || f.size_pt < 1.0 {
            left_off.push(no_room(field, &text));
            continue;
        }
        used += line_mm(f.size_pt) * f.lines.len() as f32 + s.gap;
        fitted.push((field, f, b));
    }
    Column { fitted, left_off }
}

/// A column block with its sizes scaled, not below `floor`.
fn floored(b: &Block, scale: f32, floor: f32) -> Block {
    Block {
        max_pt: (b.max_pt * scale).max(floor),
        min_pt: (b.min_pt * scale).max(floor).min((b.max_pt * scale).max(floor)),
        ..*b
    }
}

/// The column's lines at one scale, each fitted into the height left below the lines above;
/// `true` when some line was squeezed by that height (or got none), or a line that may be left
/// off came out below the floor (too long for the width).
fn fit_column_at(
    fonts: &Fonts,
    texts: &[(Field, String, Block)],
    s: &Spec,
    scale: f32,
) -> (Vec<(Field, Fitted, Block)>, bool) {
    let height = s.column_box.1;
    let mut fitted = Vec::with_capacity(texts.len());
    let mut used = 0.0;
    let mut squeezed = false;
    for (field, text, b) in texts {
        let b = floored(b, scale, s.column_floor_pt);
        let room = height - used;
        let f = fit(fonts, text, &b, room);
        // A line that may be left off must also stay legible across its width.
        let too_small = LEAVE_OFF_FIRST.contains(field) && f.size_pt < s.column_floor_pt;
        squeezed |= f.squeezed || room <= 0.0 || too_small;
        used += line_mm(f.size_pt) * f.lines.len() as f32 + s.gap;
        fitted.push((*field, f, b));
    }
    (fitted, squeezed)
}

fn band_text_colour(fill: Rgb) -> Rgb {
    let [r, g, b] = fill.map(f32::from);
    let luminance = (0.299 * r + 0.587 * g + 0.114 * b) / 255.0;
    if luminance < 0.6 { [255, 255, 255] } else { BLACK }
}

/// Lays out one badge.
///
/// `payload` is the signed pass ([`crate::pass::issue`]); the photo is `d.photo` when set and
/// a readable JPEG. Strings with characters no bundled font has are left off (the name is
/// printed without those characters) and listed in [`BadgeLayout::unprintable`].
pub fn badge_layout(
    event: &Event,
    d: &Delegate,
    delegation: Option<&Delegation>,
    payload: &str,
    kind: Layout,
    fonts: &Fonts,
) -> Result<BadgeLayout, BadgeError> {
    let s = spec(kind);
    let mut out = Out {
        fonts,
        items: Vec::new(),
        unprintable: Vec::new(),
    };
    let strings = badge_strings(event, d, delegation);
    let get = |f: Field| {
        strings
            .iter()
            .find(|x| x.0 == f)
            .map(|x| x.1.clone())
            .unwrap_or_default()
    };

    // Category band, drawn first so nothing hides under it.
    let fill = event.category(&d.category).map_or([128, 128, 128], |c| c.rgb());
    out.items.push(Item::Rect(RectItem {
        x_mm: 0.0,
        y_mm: s.band.0,
        w_mm: s.size.0,
        h_mm: s.band.1,
        fill,
    }));
    if let Some(label) = out.printable(Field::Category, &get(Field::Category), true) {
        let b = Block {
            colour: band_text_colour(fill),
            ..s.band_label
        };
        let f = fit(fonts, &label, &b, s.band.1 * 0.8);
        out.place(Field::Category, f, &b, s.band.0, s.band.1, true);
    }

    if let Some(title) = out.printable(Field::EventTitle, &get(Field::EventTitle), true) {
        let f = fit(fonts, &title, &s.title, s.title_box.1);
        out.place(Field::EventTitle, f, &s.title, s.title_box.0, s.title_box.1, true);
    }
    if let Some(name) = out.printable(Field::Name, &get(Field::Name), true) {
        let f = fit(fonts, &name, &s.name, s.name_box.1);
        out.place(Field::Name, f, &s.name, s.name_box.0, s.name_box.1, true);
    }

    // Photo.
    let photo = d
        .photo
        .as_deref()
        .and_then(|bytes| JpegInfo::parse(bytes).map(|info| (bytes, info)));
    if let Some((bytes, info)) = photo {
        let (bx, by, bw, bh) = s.photo;
        let aspect = info.width as f32 / info.height as f32;
        let (w, h) = if aspect > bw / bh {
            (bw, bw / aspect)
        } else {
            (bh * aspect, bh)
        };
        out.items.push(Item::Photo(PhotoItem {
            x_mm: bx + (bw - w) / 2.0,
            y_mm: by + (bh - h) / 2.0,
            w_mm: w,
            h_mm: h,
            jpeg: Arc::from(bytes),
            info,
        }));
    }

    // QR: the largest whole layout of modules that fits the square with its quiet zone.
    let matrix = QrMatrix::encode(payload).map_err(|e| BadgeError::Qr(e.to_string()))?;
    let (qx, qy, side) = s.qr;
    let qx = if photo.is_some() { qx } else { s.qr_x_without_photo };
    let module = side / matrix.outer_modules() as f32;
    if module < super::qr::MIN_MODULE_MM {
        return Err(BadgeError::Qr(format!(
            "the pass needs {} modules, too many for {side} mm at 0.4 mm each",
            matrix.outer_modules()
        )));
    }
    let quiet = QUIET_MODULES as f32 * module;
    out.items.push(Item::Qr(QrItem {
        x_mm: qx + quiet,
        y_mm: qy + quiet,
        module_mm: module,
        matrix,
        payload: payload.to_string(),
    }));

    // The column of details, shrunk as a whole if it does not fit.
    let (col_x, col_w) = if photo.is_some() || kind != Layout::Cr80 {
        let b = s.column[0];
        (b.x, b.width)
    } else {
        (s.column_x_without_photo, s.column_width_without_photo)
    };
    let fields = [
        Field::NativeName,
        Field::Delegation,
        Field::Function,
        Field::Days,
        Field::Zones,
    ];
    let mut texts = Vec::new();
    for (i, field) in fields.into_iter().enumerate() {
        let b = s.column[i];
        if let Some(t) = out.printable(field, &get(field), b.bold) {
            texts.push((field, t, b));
        }
    }
    let texts: Vec<(Field, String, Block)> = texts
        .into_iter()
        .map(|(field, t, b)| {
            let b = Block {
                x: col_x,
                width: col_w,
                ..b
            };
            (field, t, b)
        })
        .collect();
    let column = fit_column(fonts, texts, &s);
    let (top, height) = s.column_box;
    let mut y = top;
    for (field, f, b) in column.fitted {
        y = out.place(field, f, &b, y, height, false) + s.gap;
    }
    out.unprintable.extend(column.left_off);

    Ok(BadgeLayout {
        kind,
        size_mm: s.size,
        items: out.items,
        unprintable: out.unprintable,
    })
}
