//! The UI fonts: the same Noto faces the badges embed, so every script a badge can print
//! (Latin with all diacritics, Cyrillic, Greek, Georgian, Armenian) also shows on screen.
//!
//! Noto Sans comes first in the proportional family; Georgian and Armenian follow as
//! fallbacks, then egui's own fonts (which carry the emoji and symbol glyphs).

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// A bundled font face: its name in egui and its file bytes.
struct Face {
    name: &'static str,
    bytes: &'static [u8],
}

const FACES: &[Face] = &[
    Face {
        name: "NotoSans-Regular",
        bytes: include_bytes!("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    },
    Face {
        name: "NotoSansGeorgian-Regular",
        bytes: include_bytes!("/usr/share/fonts/truetype/noto/NotoSansGeorgian-Regular.ttf"),
    },
    Face {
        name: "NotoSansArmenian-Regular",
        bytes: include_bytes!("/usr/share/fonts/truetype/noto/NotoSansArmenian-Regular.ttf"),
    },
];

/// The bold family, used for names on the door screen and the badge preview.
pub const BOLD: &str = "NotoSans-Bold";

const BOLD_FACES: &[Face] = &[
    Face {
        name: "NotoSans-Bold",
        bytes: include_bytes!("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
    },
    Face {
        name: "NotoSansGeorgian-Bold",
        bytes: include_bytes!("/usr/share/fonts/truetype/noto/NotoSansGeorgian-Bold.ttf"),
    },
    Face {
        name: "NotoSansArmenian-Bold",
        bytes: include_bytes!("/usr/share/fonts/truetype/noto/NotoSansArmenian-Bold.ttf"),
    },
];

/// The font definitions with the bundled Noto faces first.
pub fn definitions() -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    for f in FACES.iter().chain(BOLD_FACES) {
        defs.font_data
            .insert(f.name.to_string(), Arc::new(FontData::from_static(f.bytes)));
    }
    let regular: Vec<String> = FACES.iter().map(|f| f.name.to_string()).collect();
    let bold: Vec<String> = BOLD_FACES.iter().map(|f| f.name.to_string()).collect();
    let builtin = defs
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let proportional = defs.families.entry(FontFamily::Proportional).or_default();
    proportional.splice(0..0, regular.iter().cloned());
    // egui's monospace font carries arrows and geometric shapes (sort marks, history).
    if defs.font_data.contains_key("Hack") {
        proportional.push("Hack".into());
    }
    let mono = defs.families.entry(FontFamily::Monospace).or_default();
    mono.extend(regular.iter().cloned());
    let mut bold_family = bold;
    bold_family.extend(builtin);
    defs.families.insert(FontFamily::Name(BOLD.into()), bold_family);
    defs
}

/// Installs the fonts into the context.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

/// A bold font of the given size.
pub fn bold(size: f32) -> egui::FontId {
    egui::FontId::new(size, FontFamily::Name(BOLD.into()))
}

fn faces() -> &'static [ttf_parser::Face<'static>] {
    static FACES_PARSED: std::sync::OnceLock<Vec<ttf_parser::Face<'static>>> = std::sync::OnceLock::new();
    FACES_PARSED.get_or_init(|| {
        FACES
            .iter()
            .filter_map(|f| ttf_parser::Face::parse(f.bytes, 0).ok())
            .collect()
    })
}

/// Whether the bundled UI fonts can draw this character.
pub fn covers(c: char) -> bool {
    c.is_control() || c.is_whitespace() || faces().iter().any(|f| f.glyph_index(c).is_some())
}

/// The characters of `text` the bundled fonts cannot draw, each once.
pub fn missing(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        if !covers(c) && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The text as the UI can show it: unchanged when the fonts cover it, else a short note
/// (never boxes for missing glyphs). The badge leaves such a line off in the same way.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(covers) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned("(script not covered by the bundled fonts)".into())
    }
}
