//! What a laid-out badge is made of: items in millimetres, the fields of text lines and the
//! record of strings that could not be printed as given.

use std::sync::Arc;

use super::super::fonts::{MM_PER_PT, Span};
use super::super::format::Layout;
use super::super::jpeg::JpegInfo;
use super::super::qr::QrMatrix;

/// An sRGB colour.
pub type Rgb = [u8; 3];

/// Line height as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.25;
/// Baseline below the top of a line box, as a multiple of the font size (leaves room for
/// accents on capitals: Ő, Ǻ).
pub const BASELINE: f32 = 0.98;

pub use crate::registry::template::Field;

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

/// The event's emblem, placed with its aspect ratio kept; the image itself is the event's
/// ([`crate::badge::Emblem`]), one image object in the PDF drawn on every badge.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageItem {
    /// Left edge.
    pub x_mm: f32,
    /// Top edge.
    pub y_mm: f32,
    /// Width.
    pub w_mm: f32,
    /// Height.
    pub h_mm: f32,
    /// The emblem's pixels (for a preview; the PDF draws its one image object).
    pub pixels: Arc<image::RgbaImage>,
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
    /// The event's emblem.
    Image(ImageItem),
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
        f.write_str(&self.say().english())
    }
}

impl Unprintable {
    /// The problem as a message, for the app in its language (its English words are the
    /// [`std::fmt::Display`] of it).
    pub fn say(&self) -> crate::i18n::Say {
        use crate::i18n::Say;
        let field = Say::new(&format!("kind-{}", self.field.label().replace(' ', "-")));
        let text = format!("{:?}", self.text);
        match self.reason {
            Reason::NoRoom => Say::new("unprintable-no-room")
                .arg("field", field)
                .arg("text", text),
            Reason::MissingGlyphs => {
                let chars: Vec<String> = self
                    .missing
                    .iter()
                    .map(|c| format!("{c} U+{:04X}", u32::from(*c)))
                    .collect();
                let id = if self.left_off {
                    "unprintable-glyphs-left-off"
                } else {
                    "unprintable-glyphs-printed"
                };
                Say::new(id)
                    .arg("field", field)
                    .arg("text", text)
                    .arg("chars", chars.join(", "))
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
