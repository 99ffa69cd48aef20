//! Drawing [`BadgeLayout`]s into a PDF with printpdf.
//!
//! - Text: the bundled faces embedded as subset TrueType fonts (printpdf `text_layout`), one
//!   `Tj` per span, so `pdftotext` gives the strings back exactly.
//! - QR: one Form XObject per badge whose content is the merged module rectangles in module
//!   units (`x y w h re` ... `f`), placed with a scale: a few hundred bytes per badge, and the
//!   document keeps only these bytes in memory, not one operation per rectangle.
//! - Photo: the JPEG bytes as an Image XObject with `/Filter /DCTDecode`, never re-encoded.
//! - Emblem: one Image XObject for the whole document (a JPEG passed through, a PNG as its
//!   pixels with an `/SMask` when it has transparency), drawn on every badge that shows it.
//! - Back sides: the back's QR code draws the front's Form XObject again; cr80 and a6 print
//!   front then back page; `a4x4` follows each sheet of fronts with a sheet of backs mirrored
//!   across, so they line up after long-edge duplex printing.
//!
//! printpdf keeps the whole document in memory until it is saved; [`PdfSheets`] keeps that as
//! small as it can (compact streams, layouts dropped as soon as they are drawn).

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::OnceLock;

use printpdf::{
    Color, DictItem, ExternalStream, ExternalXObject, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem as PdfText, TextMatrix,
    XObjectTransform,
};

use super::BadgeError;
use super::emblem::{Emblem, EmblemFormat};
use super::fonts::{Face, MM_PER_PT};
use super::layout::{BadgeLayout, Item, QrItem, Rgb};
use printpdf::XObjectId;

const PT_PER_MM: f32 = 1.0 / MM_PER_PT;

fn parsed_fonts() -> &'static Vec<ParsedFont> {
    static PARSED: OnceLock<Vec<ParsedFont>> = OnceLock::new();
    PARSED.get_or_init(|| {
        Face::ALL
            .iter()
            .map(|f| {
                let mut warnings = Vec::new();
                // Compiled-in files, checked by the tests.
                ParsedFont::from_bytes(f.bytes(), 0, &mut warnings)
                    .unwrap_or_else(|| panic!("printpdf cannot read bundled font {}", f.file_name()))
            })
            .collect()
    })
}

/// Rounds to 1/100: PDF numbers stay short (printpdf writes every digit of an f32).
fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn colour(c: Rgb) -> Color {
    let f = |b: u8| (f32::from(b) / 255.0 * 1000.0).round() / 1000.0;
    Color::Rgb(printpdf::Rgb {
        r: f(c[0]),
        g: f(c[1]),
        b: f(c[2]),
        icc_profile: None,
    })
}

fn colour_space(components: u8) -> &'static str {
    match components {
        1 => "DeviceGray",
        4 => "DeviceCMYK",
        _ => "DeviceRGB",
    }
}

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

/// A PDF document being filled with pages of text, badges or both.
pub struct PdfSheets {
    doc: PdfDocument,
    fonts: Vec<FontId>,
    page_size: (f32, f32),
    ops: Vec<Op>,
    open: bool,
    emblem: Option<XObjectId>,
    /// The QR Form XObjects of the last few badges, by payload (a back draws its front's).
    qr_cache: Vec<(String, XObjectId)>,
}

impl std::fmt::Debug for PdfSheets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfSheets")
            .field("pages", &self.doc.pages.len())
            .field("page_size", &self.page_size)
            .finish()
    }
}

impl PdfSheets {
    /// A new document titled `title` with pages of `page_size_mm` (width, height).
    pub fn new(title: &str, page_size_mm: (f32, f32)) -> Self {
        let mut doc = PdfDocument::new(title);
        // The real time of writing (printpdf's default is 1 January 1970), in UTC: a PDF
        // viewer shows it in the reader's own zone.
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        if let Ok(t) = printpdf::OffsetDateTime::from_unix_timestamp(now) {
            doc.metadata.info.creation_date = t.clone();
            doc.metadata.info.modification_date = t.clone();
            doc.metadata.info.metadata_date = t;
        }
        let fonts = parsed_fonts().iter().map(|f| doc.add_font(f)).collect();
        Self {
            doc,
            fonts,
            page_size: page_size_mm,
            ops: Vec::new(),
            open: false,
            emblem: None,
            qr_cache: Vec::new(),
        }
    }

    /// Adds the emblem to the document, once; every [`Item::Image`] draws it.
    pub fn set_emblem(&mut self, emblem: &Emblem) {
        let image = |w: u32, h: u32, space: &str| {
            let mut dict = BTreeMap::new();
            dict.insert("Type".to_string(), name("XObject"));
            dict.insert("Subtype".to_string(), name("Image"));
            dict.insert("Width".to_string(), DictItem::Int(i64::from(w)));
            dict.insert("Height".to_string(), DictItem::Int(i64::from(h)));
            dict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
            dict.insert("ColorSpace".to_string(), name(space));
            dict
        };
        let stream = match emblem.format {
            EmblemFormat::Jpeg => {
                let info = super::jpeg::JpegInfo::parse(&emblem.bytes);
                let components = info.map_or(3, |i| i.components);
                let mut dict = image(emblem.width, emblem.height, colour_space(components));
                dict.insert("Filter".to_string(), name("DCTDecode"));
                if components == 4 {
                    dict.insert(
                        "Decode".to_string(),
                        DictItem::Array([1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec()),
                    );
                }
                ExternalStream {
                    dict,
                    content: emblem.bytes.to_vec(),
                    compress: false,
                }
            }
            EmblemFormat::Png => {
                let px = &emblem.rgba;
                let rgb: Vec<u8> = px.pixels().flat_map(|p| [p.0[0], p.0[1], p.0[2]]).collect();
                let mut dict = image(emblem.width, emblem.height, "DeviceRGB");
                if emblem.has_alpha() {
                    let alpha: Vec<u8> = px.pixels().map(|p| p.0[3]).collect();
                    let mask = ExternalStream {
                        dict: image(emblem.width, emblem.height, "DeviceGray"),
                        content: alpha,
                        compress: true,
                    };
                    dict.insert("SMask".to_string(), DictItem::Stream { stream: mask });
                }
                ExternalStream {
                    dict,
                    content: rgb,
                    compress: true,
                }
            }
        };
        self.emblem = Some(self.doc.add_xobject(&ExternalXObject {
            stream,
            width: None,
            height: None,
            dpi: None,
        }));
    }

    /// Pages finished so far (plus the open one).
    pub fn page_count(&self) -> usize {
        self.doc.pages.len() + usize::from(self.open)
    }

    /// Starts a new page (finishing the open one).
    pub fn new_page(&mut self) {
        self.end_page();
        self.open = true;
    }

    fn end_page(&mut self) {
        if self.open {
            let ops = std::mem::take(&mut self.ops);
            let (w, h) = self.page_size;
            self.doc.pages.push(PdfPage::new(Mm(w), Mm(h), ops));
            self.open = false;
        }
    }

    fn x(&self, x_mm: f32) -> Pt {
        Pt(r2(x_mm * PT_PER_MM))
    }

    fn y(&self, y_mm: f32) -> Pt {
        Pt(r2((self.page_size.1 - y_mm) * PT_PER_MM))
    }

    /// Draws a filled rectangle (mm, from the page's top-left).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgb) {
        let rect = Rect {
            x: self.x(x),
            y: self.y(y + h),
            width: Pt(r2(w * PT_PER_MM)),
            height: Pt(r2(h * PT_PER_MM)),
            mode: Some(PaintMode::Fill),
            winding_order: None,
        };
        self.ops.push(Op::SetFillColor { col: colour(fill) });
        self.ops.push(Op::DrawRectangle { rectangle: rect });
    }

    /// Draws a straight line (mm, from the page's top-left).
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width_mm: f32, stroke: Rgb) {
        let point = |x: f32, y: f32| LinePoint {
            p: Point {
                x: self.x(x),
                y: self.y(y),
            },
            bezier: false,
        };
        let line = Line {
            points: vec![point(from.0, from.1), point(to.0, to.1)],
            is_closed: false,
        };
        self.ops.push(Op::SetOutlineColor { col: colour(stroke) });
        self.ops.push(Op::SetOutlineThickness {
            pt: Pt(width_mm * PT_PER_MM),
        });
        self.ops.push(Op::DrawLine { line });
    }

    /// Draws one line of spans with its left end at `x` and its baseline at `baseline` (mm).
    pub fn text(&mut self, x: f32, baseline: f32, size_pt: f32, fill: Rgb, spans: &[super::fonts::Span]) {
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFillColor { col: colour(fill) });
        let mut dx = 0.0;
        for span in spans {
            let font = self.fonts[span.face.index()].clone();
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size_pt),
            });
            self.ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(self.x(x + dx), self.y(baseline)),
            });
            self.ops.push(Op::ShowText {
                items: vec![PdfText::Text(span.text.clone())],
            });
            dx += span.width_per_pt_mm * size_pt;
        }
        self.ops.push(Op::EndTextSection);
    }

    fn place_xobject(&mut self, stream: ExternalStream, x: f32, y_bottom: f32, sx: f32, sy: f32) {
        let id = self.doc.add_xobject(&ExternalXObject {
            stream,
            width: None,
            height: None,
            dpi: None,
        });
        self.use_xobject(id, x, y_bottom, sx, sy);
    }

    fn use_xobject(&mut self, id: XObjectId, x: f32, y_bottom: f32, sx: f32, sy: f32) {
        self.ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(self.x(x)),
                translate_y: Some(self.y(y_bottom)),
                scale_x: Some(sx),
                scale_y: Some(sy),
                ..Default::default()
            },
        });
    }

    /// Draws a QR code: its Form XObject, made once per pass (a back side reuses the front's).
    fn qr(&mut self, q: &QrItem, ox: f32, oy: f32) {
        let m = (q.module_mm * PT_PER_MM * 1000.0).round() / 1000.0;
        let (x, y) = (ox + q.x_mm, oy + q.y_mm + q.size_mm());
        if let Some((_, id)) = self.qr_cache.iter().find(|(p, _)| *p == q.payload) {
            let id = id.clone();
            self.use_xobject(id, x, y, m, m);
            return;
        }
        let n = q.matrix.width;
        let mut dict = BTreeMap::new();
        dict.insert("Type".to_string(), name("XObject"));
        dict.insert("Subtype".to_string(), name("Form"));
        dict.insert(
            "BBox".to_string(),
            DictItem::Array(vec![
                DictItem::Int(0),
                DictItem::Int(0),
                DictItem::Int(i64::from(n)),
                DictItem::Int(i64::from(n)),
            ]),
        );
        let stream = ExternalStream {
            dict,
            content: q.matrix.pdf_content(),
            compress: true,
        };
        let id = self.doc.add_xobject(&ExternalXObject {
            stream,
            width: None,
            height: None,
            dpi: None,
        });
        if self.qr_cache.len() >= 8 {
            self.qr_cache.remove(0);
        }
        self.qr_cache.push((q.payload.clone(), id.clone()));
        self.use_xobject(id, x, y, m, m);
    }

    /// Draws a badge with its top-left corner at `origin` (mm on the page).
    pub fn badge(&mut self, b: &BadgeLayout, origin: (f32, f32)) {
        let (ox, oy) = origin;
        for item in &b.items {
            match item {
                Item::Rect(r) => self.rect(ox + r.x_mm, oy + r.y_mm, r.w_mm, r.h_mm, r.fill),
                Item::Text(t) => self.text(ox + t.x_mm, oy + t.baseline_mm, t.size_pt, t.colour, &t.spans),
                Item::Qr(q) => self.qr(q, ox, oy),
                Item::Image(e) => {
                    if let Some(id) = self.emblem.clone() {
                        self.use_xobject(
                            id,
                            ox + e.x_mm,
                            oy + e.y_mm + e.h_mm,
                            e.w_mm * PT_PER_MM,
                            e.h_mm * PT_PER_MM,
                        );
                    }
                }
                Item::Photo(p) => {
                    let mut dict = BTreeMap::new();
                    dict.insert("Type".to_string(), name("XObject"));
                    dict.insert("Subtype".to_string(), name("Image"));
                    dict.insert("Width".to_string(), DictItem::Int(i64::from(p.info.width)));
                    dict.insert("Height".to_string(), DictItem::Int(i64::from(p.info.height)));
                    dict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
                    dict.insert("Filter".to_string(), name("DCTDecode"));
                    let space = colour_space(p.info.components);
                    dict.insert("ColorSpace".to_string(), name(space));
                    if p.info.components == 4 {
                        // Adobe writes CMYK JPEGs inverted.
                        dict.insert(
                            "Decode".to_string(),
                            DictItem::Array([1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec()),
                        );
                    }
                    let stream = ExternalStream {
                        dict,
                        content: p.jpeg.to_vec(),
                        compress: false,
                    };
                    self.place_xobject(
                        stream,
                        ox + p.x_mm,
                        oy + p.y_mm + p.h_mm,
                        p.w_mm * PT_PER_MM,
                        p.h_mm * PT_PER_MM,
                    );
                }
            }
        }
    }

    /// Finishes the document and writes it (fonts subset, streams compressed, objects in
    /// object streams).
    pub fn write(mut self, w: &mut impl Write) -> Result<(), BadgeError> {
        self.end_page();
        let opts = PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let doc = self.doc.to_lopdf_document(&opts, &mut warnings);
        drop(self.doc);
        let mut doc = doc;
        doc.compress();
        // PDF 1.5 object and cross-reference streams: the per-page dictionaries (a few hundred
        // bytes each, one or two pages per badge) are compressed together.
        doc.version = "1.5".into();
        doc.save_modern(w).map_err(|e| BadgeError::Pdf(e.to_string()))?;
        Ok(())
    }
}

pub use super::sheets::BadgeSheets;
