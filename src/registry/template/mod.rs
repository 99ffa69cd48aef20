//! The badge template: part of the event definition (data, not code). For each layout
//! (`cr80`, `a6`, `a4x4`) the elements of the front and, optionally, of the back, each with a
//! box in millimetres from the badge's top-left corner, a font size range, alignment, colour
//! and visibility, plus a safe margin that nothing is printed into (0: full bleed).
//!
//! [`BadgeTemplate::default`] reproduces the badge as it was before templates existed. A
//! template is checked as a whole by [`crate::badge::template_check::check`] when the event is saved
//! ([`crate::badge::event_save`]). Part of the registry because the event holds it; drawing it
//! is [`crate::badge`]'s.

use serde::{Deserialize, Serialize};

mod defaults;
mod field;
pub mod format;

pub use field::Field;
use format::Layout;

/// The badge design of every layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BadgeTemplate {
    /// The ID-1 card.
    #[serde(default = "LayoutTemplate::cr80")]
    pub cr80: LayoutTemplate,
    /// One A6 badge per page.
    #[serde(default = "LayoutTemplate::a6")]
    pub a6: LayoutTemplate,
    /// Four A6 badges on an A4 sheet.
    #[serde(default = "LayoutTemplate::a6")]
    pub a4x4: LayoutTemplate,
    /// The language the badge prints its own words in (the validity line, the names of the
    /// days, the delegation's name); zone and category labels are the event's data.
    #[serde(default, skip_serializing_if = "is_english")]
    pub language: crate::i18n::Lang,
}

fn is_english(lang: &crate::i18n::Lang) -> bool {
    *lang == crate::i18n::Lang::En
}

// Lengths are finite (JSON has no NaN and the check refuses non-finite values), so equality is
// an equivalence; `Event` is `Eq`.
impl Eq for BadgeTemplate {}

impl Default for BadgeTemplate {
    fn default() -> Self {
        Self {
            cr80: LayoutTemplate::cr80(),
            a6: LayoutTemplate::a6(),
            a4x4: LayoutTemplate::a6(),
            language: crate::i18n::Lang::En,
        }
    }
}

impl BadgeTemplate {
    /// The design of one layout.
    pub fn get(&self, kind: Layout) -> &LayoutTemplate {
        match kind {
            Layout::Cr80 => &self.cr80,
            Layout::A6 => &self.a6,
            Layout::A4x4 => &self.a4x4,
        }
    }
    /// The design of one layout, to change.
    pub fn get_mut(&mut self, kind: Layout) -> &mut LayoutTemplate {
        match kind {
            Layout::Cr80 => &mut self.cr80,
            Layout::A6 => &mut self.a6,
            Layout::A4x4 => &mut self.a4x4,
        }
    }
    /// The text fields some layout shows (front or back, alone or in a details column).
    pub fn fields_shown(&self) -> Vec<Field> {
        let mut out = Vec::new();
        for k in Layout::ALL {
            let t = self.get(k);
            for e in t.front.iter().chain(&t.back).filter(|e| e.visible) {
                let kinds = std::iter::once(e.kind).chain(e.fields.iter().map(|l| l.field));
                for f in kinds.filter_map(Kind::field) {
                    if !out.contains(&f) {
                        out.push(f);
                    }
                }
            }
        }
        out
    }

    /// Whether some layout shows the emblem.
    pub fn shows_emblem(&self) -> bool {
        Layout::ALL.iter().any(|&k| {
            let t = self.get(k);
            t.front
                .iter()
                .chain(&t.back)
                .any(|e| e.visible && e.kind == Kind::Emblem)
        })
    }
}

/// The design of one layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayoutTemplate {
    /// Nothing is printed closer than this to the badge's edge (for printers that cannot print
    /// to the edge); 0 is full bleed (card printers).
    #[serde(default)]
    pub margin_mm: f32,
    /// The front, in paint order.
    pub front: Vec<Element>,
    /// The back, in paint order; empty: no back side (single-sided printing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub back: Vec<Element>,
}

/// What an element shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The event's emblem or logo (`accredit event set --logo`), aspect ratio kept.
    Emblem,
    /// The event's title.
    EventTitle,
    /// The event's subtitle.
    EventSubtitle,
    /// "Title Given FAMILY": never left off, never clipped (shrunk past its minimum instead).
    Name,
    /// The name in the person's own script.
    NativeName,
    /// The delegation's English name.
    Delegation,
    /// The function.
    Function,
    /// `text` followed by the badge's days ("Valid 6-7 July 2015").
    Validity,
    /// "Days: ..." when the delegate may not come every day.
    Days,
    /// "Zones: ..." when the delegate may not enter every zone.
    Zones,
    /// The delegate's photo, aspect ratio kept.
    Photo,
    /// The signed pass; the box includes the quiet zone.
    Qr,
    /// A filled rectangle in the category colour (or `fill`).
    Band,
    /// The category label.
    Category,
    /// Fixed text (`text`; `\n` separates lines).
    Text,
    /// A column of lines (`fields`) fitted together: shrunk as a whole, the function left off
    /// first, then zones, then days, when it does not fit at `floor_pt`.
    Details,
}

impl Kind {
    /// Every kind, in the order the designer lists them.
    pub const ALL: [Kind; 16] = [
        Kind::Emblem,
        Kind::EventTitle,
        Kind::EventSubtitle,
        Kind::Name,
        Kind::NativeName,
        Kind::Delegation,
        Kind::Function,
        Kind::Validity,
        Kind::Days,
        Kind::Zones,
        Kind::Photo,
        Kind::Qr,
        Kind::Band,
        Kind::Category,
        Kind::Text,
        Kind::Details,
    ];

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Emblem => "emblem",
            Kind::EventTitle => "event title",
            Kind::EventSubtitle => "event subtitle",
            Kind::Name => "name",
            Kind::NativeName => "native-script name",
            Kind::Delegation => "delegation",
            Kind::Function => "function",
            Kind::Validity => "validity",
            Kind::Days => "days",
            Kind::Zones => "zones",
            Kind::Photo => "photo",
            Kind::Qr => "QR code",
            Kind::Band => "category band",
            Kind::Category => "category label",
            Kind::Text => "text",
            Kind::Details => "details column",
        }
    }

    /// The text field this kind prints, if it is a single text.
    pub fn field(self) -> Option<Field> {
        Some(match self {
            Kind::EventTitle => Field::EventTitle,
            Kind::EventSubtitle => Field::EventSubtitle,
            Kind::Name => Field::Name,
            Kind::NativeName => Field::NativeName,
            Kind::Delegation => Field::Delegation,
            Kind::Function => Field::Function,
            Kind::Validity => Field::Validity,
            Kind::Days => Field::Days,
            Kind::Zones => Field::Zones,
            Kind::Category => Field::Category,
            Kind::Text => Field::Text,
            _ => return None,
        })
    }
}

/// Horizontal alignment in the box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Left edge.
    Left,
    /// Centred.
    #[default]
    Centre,
    /// Right edge.
    Right,
}

/// A box in millimetres: left, top, width, height.
pub type BoxMm = [f32; 4];

/// One element of a side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Element {
    /// What it shows.
    pub kind: Kind,
    /// Where: `[left, top, width, height]` in mm from the badge's top-left corner.
    #[serde(rename = "box")]
    pub rect: BoxMm,
    /// Where, when the delegate has no photo (lets the details and the QR code take the
    /// photo's room).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub box_without_photo: Option<BoxMm>,
    /// Hidden elements stay in the template (the designer can show them again).
    pub visible: bool,
    /// Font size range in points, `[minimum, maximum]`: a text is shrunk from the maximum to
    /// fit, wrapped when it does not fit at the minimum; only the name goes below it.
    pub font_pt: [f32; 2],
    /// Lines a text may wrap on (1 or 2; for `text`, the lines are its own).
    pub lines: u8,
    /// Bold face.
    pub bold: bool,
    /// Horizontal alignment.
    pub align: Align,
    /// Text colour: `#RRGGBB`, `category` (the category colour) or `auto` (black or white,
    /// whichever reads on the category colour). For a band: its fill.
    pub colour: String,
    /// For `text`: the text; for `validity`: the word before the days (default "Valid").
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// For `details`: the lines, top to bottom (each its own size range, lines and face).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<DetailLine>,
    /// For `details`: no line is shrunk below this (pt); past it, lines are left off.
    #[serde(skip_serializing_if = "is_zero")]
    pub floor_pt: f32,
    /// For `details`: the gap between lines (mm).
    #[serde(skip_serializing_if = "is_zero")]
    pub gap_mm: f32,
}

fn is_zero(v: &f32) -> bool {
    *v == 0.0
}

impl Default for Element {
    fn default() -> Self {
        Self {
            kind: Kind::Text,
            rect: [0.0, 0.0, 10.0, 10.0],
            box_without_photo: None,
            visible: true,
            font_pt: [6.0, 10.0],
            lines: 1,
            bold: false,
            align: Align::Centre,
            colour: "#000000".into(),
            text: String::new(),
            fields: Vec::new(),
            floor_pt: 0.0,
            gap_mm: 0.0,
        }
    }
}

impl Element {
    /// The box used for a delegate with or without a photo.
    pub fn rect_for(&self, has_photo: bool) -> BoxMm {
        match self.box_without_photo {
            Some(b) if !has_photo => b,
            _ => self.rect,
        }
    }
}

/// One line of a details column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetailLine {
    /// `native_name`, `delegation`, `function`, `days`, `zones`, `validity`, `event_subtitle`.
    pub field: Kind,
    /// `[minimum, maximum]` in points.
    pub font_pt: [f32; 2],
    /// 1 or 2.
    #[serde(default = "one")]
    pub lines: u8,
    /// Bold face.
    #[serde(default)]
    pub bold: bool,
}

fn one() -> u8 {
    1
}

impl LayoutTemplate {
    /// Whether the layout has a back side.
    pub fn has_back(&self) -> bool {
        self.back.iter().any(|e| e.visible)
    }
}
