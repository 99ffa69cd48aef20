//! The UI fonts: the same Noto faces the badges embed (`assets/fonts/`, through
//! [`crate::badge::fonts::Face::bytes`]), so every script a badge can print
//! (Latin with all diacritics, Cyrillic, Greek, Georgian, Armenian) also shows on screen.
//!
//! Noto Sans comes first in the proportional family; Georgian and Armenian follow as
//! fallbacks, then egui's own fonts (which carry the emoji and symbol glyphs).

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

use crate::badge::fonts::{Face, Fonts};

/// The bold family, used for names on the door screen and the badge preview.
pub const BOLD: &str = "NotoSans-Bold";

/// The egui name of a bundled face (its file name without extension).
pub fn face_name(face: Face) -> &'static str {
    face.file_name().trim_end_matches(".ttf")
}

fn regular() -> impl Iterator<Item = Face> {
    Face::ALL.into_iter().filter(|f| !f.bold)
}

fn bold_faces() -> impl Iterator<Item = Face> {
    Face::ALL.into_iter().filter(|f| f.bold)
}

/// The font definitions with the bundled Noto faces first.
pub fn definitions() -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    for f in Face::ALL {
        defs.font_data.insert(
            face_name(f).to_string(),
            Arc::new(FontData::from_static(f.bytes())),
        );
    }
    let regular: Vec<String> = regular().map(|f| face_name(f).to_string()).collect();
    let bold: Vec<String> = bold_faces().map(|f| face_name(f).to_string()).collect();
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
    // One family per face, for the badge preview (each span names the face that has it).
    for f in Face::ALL {
        defs.families.insert(
            FontFamily::Name(face_name(f).into()),
            vec![face_name(f).to_string()],
        );
    }
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

/// Whether the bundled fonts can draw this character: the badge's own coverage check
/// ([`Fonts::family_for`]), so the UI and the badges agree.
pub fn covers(c: char) -> bool {
    c.is_control() || c.is_whitespace() || Fonts::get().family_for(c, false).is_some()
}

/// The text as the UI can show it: unchanged when the fonts cover it, else a short note
/// (never boxes for missing glyphs). The badge leaves such a line off in the same way.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(covers) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(crate::tr!("app-script-not-covered"))
    }
}
