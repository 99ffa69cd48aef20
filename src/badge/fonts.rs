//! The bundled fonts (Noto Sans and its Georgian and Armenian companions, OFL, in
//! `assets/fonts/`), their coverage and text measurement.
//!
//! printpdf does no shaping and no font fallback, so accredit decides the font itself: a string
//! is cut into [`Span`]s, each drawn with one [`Face`] that has every one of its characters
//! (Noto Sans first, which covers Latin, Greek and Cyrillic; then Georgian; then Armenian). A
//! character no bundled font has (Japanese, Arabic, Hebrew, Thai, Korean...) makes the string
//! unprintable: see [`Fonts::shape`]. Widths come from the fonts' `hmtx` advances without
//! kerning, exactly what the PDF text operators produce, so a measured line is the drawn line.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// Millimetres per PostScript point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// A typeface family of the bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Noto Sans: Latin with every diacritic, Greek, Cyrillic.
    Sans,
    /// Noto Sans Georgian.
    Georgian,
    /// Noto Sans Armenian.
    Armenian,
}

/// One font file of the bundle: a family in regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Face {
    /// The family.
    pub family: Family,
    /// Bold rather than regular.
    pub bold: bool,
}

impl Face {
    /// The six faces, in [`Face::index`] order.
    pub const ALL: [Face; 6] = [
        Face::new(Family::Sans, false),
        Face::new(Family::Sans, true),
        Face::new(Family::Georgian, false),
        Face::new(Family::Georgian, true),
        Face::new(Family::Armenian, false),
        Face::new(Family::Armenian, true),
    ];

    /// A face.
    pub const fn new(family: Family, bold: bool) -> Self {
        Self { family, bold }
    }

    /// Position in [`Face::ALL`].
    pub fn index(self) -> usize {
        let f = match self.family {
            Family::Sans => 0,
            Family::Georgian => 2,
            Family::Armenian => 4,
        };
        f + usize::from(self.bold)
    }

    /// The TrueType file, as bundled (for embedding, or for loading into a GUI toolkit).
    pub fn bytes(self) -> &'static [u8] {
        match (self.family, self.bold) {
            (Family::Sans, false) => include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
            (Family::Sans, true) => include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
            (Family::Georgian, false) => include_bytes!("../../assets/fonts/NotoSansGeorgian-Regular.ttf"),
            (Family::Georgian, true) => include_bytes!("../../assets/fonts/NotoSansGeorgian-Bold.ttf"),
            (Family::Armenian, false) => include_bytes!("../../assets/fonts/NotoSansArmenian-Regular.ttf"),
            (Family::Armenian, true) => include_bytes!("../../assets/fonts/NotoSansArmenian-Bold.ttf"),
        }
    }

    /// The file name in `assets/fonts/`.
    pub fn file_name(self) -> &'static str {
        match (self.family, self.bold) {
            (Family::Sans, false) => "NotoSans-Regular.ttf",
            (Family::Sans, true) => "NotoSans-Bold.ttf",
            (Family::Georgian, false) => "NotoSansGeorgian-Regular.ttf",
            (Family::Georgian, true) => "NotoSansGeorgian-Bold.ttf",
            (Family::Armenian, false) => "NotoSansArmenian-Regular.ttf",
            (Family::Armenian, true) => "NotoSansArmenian-Bold.ttf",
        }
    }
}

/// A piece of a line drawn with one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The face that has every character of `text`.
    pub face: Face,
    /// NFC text.
    pub text: String,
    /// Advance width at 1 pt, in millimetres (multiply by the size in points).
    pub width_per_pt_mm: f32,
}

/// A string cut into spans, ready to measure and draw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shaped {
    /// The spans, left to right.
    pub spans: Vec<Span>,
}

impl Shaped {
    /// Width at 1 pt, in millimetres.
    pub fn width_per_pt_mm(&self) -> f32 {
        self.spans.iter().map(|s| s.width_per_pt_mm).sum()
    }
    /// Width at `size_pt`, in millimetres.
    pub fn width_mm(&self, size_pt: f32) -> f32 {
        self.width_per_pt_mm() * size_pt
    }
    /// The text of all spans.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

struct Loaded {
    face: ttf_parser::Face<'static>,
    per_unit_mm: f32,
    ascender: f32,
    descender: f32,
}

/// The parsed bundle; get it with [`Fonts::get`].
pub struct Fonts {
    faces: Vec<Loaded>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts").field("faces", &self.faces.len()).finish()
    }
}

/// Prepares a string for printing: NFC, control characters and line breaks as spaces, runs of
/// blanks collapsed, trimmed.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    for c in s.nfc() {
        if c.is_whitespace() || c.is_control() {
            blank = true;
            continue;
        }
        if blank && !out.is_empty() {
            out.push(' ');
        }
        blank = false;
        out.push(c);
    }
    out
}

impl Fonts {
    /// The bundle, parsed once per process.
    pub fn get() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| {
            let faces = Face::ALL
                .iter()
                .map(|f| {
                    // The files are compiled in and checked by a unit test.
                    let face = ttf_parser::Face::parse(f.bytes(), 0)
                        .unwrap_or_else(|e| panic!("bundled font {} is invalid: {e}", f.file_name()));
                    let upem = f32::from(face.units_per_em());
                    Loaded {
                        per_unit_mm: MM_PER_PT / upem,
                        ascender: f32::from(face.ascender()) / upem,
                        descender: f32::from(face.descender()) / upem,
                        face,
                    }
                })
                .collect();
            Fonts { faces }
        })
    }

    fn loaded(&self, face: Face) -> &Loaded {
        &self.faces[face.index()]
    }

    /// Whether `face` has a glyph for `c`.
    pub fn covers(&self, face: Face, c: char) -> bool {
        self.loaded(face).face.glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// The first family (Sans, Georgian, Armenian) whose face has `c`.
    pub fn family_for(&self, c: char, bold: bool) -> Option<Family> {
        [Family::Sans, Family::Georgian, Family::Armenian]
            .into_iter()
            .find(|&f| self.covers(Face::new(f, bold), c))
    }

    /// The characters of `text` (after [`clean`]) that no bundled face has, each once.
    pub fn missing(&self, text: &str, bold: bool) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in clean(text).chars() {
            if self.family_for(c, bold).is_none() && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// Ascender above the baseline, as a fraction of the size (the same for every face used
    /// on one line: the Sans value, which is the tallest).
    pub fn ascent(&self) -> f32 {
        self.loaded(Face::new(Family::Sans, false)).ascender
    }

    /// Descender below the baseline (positive), as a fraction of the size.
    pub fn descent(&self) -> f32 {
        -self.loaded(Face::new(Family::Sans, false)).descender
    }

    fn advance_mm(&self, face: Face, c: char) -> f32 {
        let l = self.loaded(face);
        l.face
            .glyph_index(c)
            .and_then(|g| l.face.glyph_hor_advance(g))
            .map_or(0.0, |a| f32::from(a) * l.per_unit_mm)
    }

    /// Cuts `text` (after [`clean`]) into spans of one face each, or returns the characters no
    /// bundled face has. A character stays in the current span while its face has it, so
    /// spaces and punctuation inside a Georgian or Armenian name do not switch fonts.
    pub fn shape(&self, text: &str, bold: bool) -> Result<Shaped, Vec<char>> {
        let text = clean(text);
        let missing = self.missing(&text, bold);
        if !missing.is_empty() {
            return Err(missing);
        }
        let mut spans: Vec<Span> = Vec::new();
        for c in text.chars() {
            let keep = spans.last().is_some_and(|s| self.covers(s.face, c));
            if !keep {
                let family = self.family_for(c, bold).unwrap_or(Family::Sans);
                spans.push(Span {
                    face: Face::new(family, bold),
                    text: String::new(),
                    width_per_pt_mm: 0.0,
                });
            }
            if let Some(s) = spans.last_mut() {
                s.text.push(c);
                s.width_per_pt_mm += self.advance_mm(s.face, c);
            }
        }
        Ok(Shaped { spans })
    }

    /// Like [`Fonts::shape`] but drops the characters no face has (used for text that must
    /// print in any case, such as the Latin name; the caller warns).
    pub fn shape_lossy(&self, text: &str, bold: bool) -> Shaped {
        let kept: String = clean(text)
            .chars()
            .filter(|&c| self.family_for(c, bold).is_some())
            .collect();
        self.shape(&kept, bold).unwrap_or_default()
    }

    /// Width of `text` in millimetres at `size_pt` (characters no face has count as zero).
    pub fn measure_mm(&self, text: &str, bold: bool, size_pt: f32) -> f32 {
        self.shape_lossy(text, bold).width_mm(size_pt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_faces_parse_and_cover_their_scripts() {
        let f = Fonts::get();
        for bold in [false, true] {
            for c in "ĐłÞőșţėђћџљњәғқңөұүһіҷӣӯҳΩλ".chars() {
                assert_eq!(f.family_for(c, bold), Some(Family::Sans), "{c}");
            }
            assert_eq!(f.family_for('ნ', bold), Some(Family::Georgian));
            assert_eq!(f.family_for('Ա', bold), Some(Family::Armenian));
            for c in "佐김يא".chars() {
                assert_eq!(f.family_for(c, bold), None, "{c}");
            }
        }
    }

    #[test]
    fn spans_switch_font_only_when_needed() {
        let f = Fonts::get();
        let s = f.shape("Nino ნინო ბერიძე (GE)", false).unwrap();
        let faces: Vec<Family> = s.spans.iter().map(|s| s.face.family).collect();
        assert_eq!(faces, vec![Family::Sans, Family::Georgian, Family::Sans]);
        assert_eq!(s.text(), "Nino ნინო ბერიძე (GE)");
        assert_eq!(
            f.shape("佐藤 健二", false).unwrap_err(),
            vec!['佐', '藤', '健', '二']
        );
    }

    #[test]
    fn clean_normalises_and_collapses_blanks() {
        assert_eq!(clean("  S\u{0326}tefan\t\nPOPESCU "), "Ștefan POPESCU");
    }

    #[test]
    fn width_scales_with_size() {
        let f = Fonts::get();
        let a = f.measure_mm("Wróbel", true, 10.0);
        let b = f.measure_mm("Wróbel", true, 20.0);
        assert!(a > 5.0 && (b - 2.0 * a).abs() < 1e-3, "{a} {b}");
    }
}
