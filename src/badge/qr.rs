//! The pass as a QR code: the module matrix (level M) and its dark modules merged into few
//! rectangles, drawn as vector shapes.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::types::QrError;
use qrcode::{Color, EcLevel};

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The mask penalty of ISO/IEC 18004 section 7.8.3: runs of five or more modules of one
/// colour (3 + extra length), 2x2 blocks of one colour (3), finder-like 1:1:3:1:1 patterns
/// with four light modules on a side (40), and imbalance of dark and light (10 per 5 %).
fn penalty(dark: &[bool], n: u32) -> u32 {
    let n = n as usize;
    if n == 0 || dark.len() != n * n {
        return u32::MAX;
    }
    // Columns as rows, so both directions scan contiguous slices.
    let mut columns = vec![false; n * n];
    for (y, row) in dark.chunks(n).enumerate() {
        for (x, &d) in row.iter().enumerate() {
            columns[x * n + y] = d;
        }
    }
    let mut score: u32 = dark.chunks(n).chain(columns.chunks(n)).map(line_penalty).sum();
    for pair in dark.windows(2 * n).step_by(n) {
        let (a, b) = pair.split_at(n);
        for x in 0..n - 1 {
            let c = a[x];
            if a[x + 1] == c && b[x] == c && b[x + 1] == c {
                score += 3;
            }
        }
    }
    let dark_count = dark.iter().filter(|d| **d).count();
    let percent = dark_count * 100 / dark.len();
    score + (percent.abs_diff(50) / 5) as u32 * 10
}

/// Runs (rule 1) and finder-like patterns (rule 3) of one row or column.
fn line_penalty(line: &[bool]) -> u32 {
    const FINDER: [bool; 7] = [true, false, true, true, true, false, true];
    let mut score = 0;
    let mut run = 1;
    for j in 1..=line.len() {
        if j < line.len() && line[j] == line[j - 1] {
            run += 1;
        } else {
            if run >= 5 {
                score += run - 2;
            }
            run = 1;
        }
    }
    for j in 0..line.len().saturating_sub(6) {
        if line[j..j + 7] == FINDER {
            // Outside the symbol counts as light.
            let before = line[j.saturating_sub(4)..j].iter().all(|d| !d);
            let after = line[j + 7..(j + 11).min(line.len())].iter().all(|d| !d);
            if before || after {
                score += 40;
            }
        }
    }
    score
}

/// Quiet zone around the code, in modules (ISO/IEC 18004 asks for 4).
pub const QUIET_MODULES: u32 = 4;
/// Smallest module printed, in millimetres.
pub const MIN_MODULE_MM: f32 = 0.4;

/// The modules of a QR code, row by row, `true` = dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side (without quiet zone).
    pub width: u32,
    /// `width * width` modules, row-major from the top-left.
    pub dark: Vec<bool>,
}

/// A rectangle of dark modules, in module units from the top-left of the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModuleRect {
    /// Column of the left edge.
    pub x: u32,
    /// Row of the top edge.
    pub y: u32,
    /// Width in modules.
    pub w: u32,
    /// Height in modules.
    pub h: u32,
}

impl QrMatrix {
    /// Encodes `payload` at error-correction level M (smallest version that fits, the mask
    /// with the lowest ISO/IEC 18004 penalty).
    ///
    /// Same steps as `QrCode::with_error_correction_level`, but the mask penalties are scored
    /// here on a plain bit matrix: the `qrcode` crate allocates a closure per module and pixel
    /// row when scoring, which made encoding 1.3 ms per badge, more than all the rest.
    pub fn encode(payload: &str) -> Result<Self, QrError> {
        let bits = qrcode::bits::encode_auto(payload.as_bytes(), EcLevel::M)?;
        let version = bits.version();
        let data = bits.into_bytes();
        let (encoded, ec) = qrcode::ec::construct_codewords(&data, version, EcLevel::M)?;
        let mut canvas = Canvas::new(version, EcLevel::M);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&encoded, &ec);
        let width = version.width() as u32;
        let mut best: Option<(u32, Vec<bool>)> = None;
        for mask in MASKS {
            let mut c = canvas.clone();
            c.apply_mask(mask);
            let dark: Vec<bool> = c.into_colors().into_iter().map(|c| c == Color::Dark).collect();
            let score = penalty(&dark, width);
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, dark));
            }
        }
        let (_, dark) = best.ok_or(QrError::DataTooLong)?;
        Ok(Self { width, dark })
    }

    /// Whether the module at column `x`, row `y` is dark.
    pub fn is_dark(&self, x: u32, y: u32) -> bool {
        x < self.width
            && y < self.width
            && self
                .dark
                .get((y * self.width + x) as usize)
                .copied()
                .unwrap_or(false)
    }

    /// Modules per side including the quiet zone on both sides.
    pub fn outer_modules(&self) -> u32 {
        self.width + 2 * QUIET_MODULES
    }

    /// The dark modules as few rectangles (they may overlap; their union is exactly the dark
    /// modules): from each dark module not yet covered, in reading order, the larger of the
    /// widest-then-tallest and tallest-then-widest all-dark rectangles.
    pub fn rects(&self) -> Vec<ModuleRect> {
        let n = self.width;
        let mut covered = vec![false; self.dark.len()];
        let mut out = Vec::new();
        let row_dark = |x0: u32, x1: u32, y: u32| (x0..x1).all(|x| self.is_dark(x, y));
        let col_dark = |y0: u32, y1: u32, x: u32| (y0..y1).all(|y| self.is_dark(x, y));
        for y in 0..n {
            for x in 0..n {
                if !self.is_dark(x, y) || covered[(y * n + x) as usize] {
                    continue;
                }
                // Widest first, then as tall as that width allows.
                let mut w = 1;
                while x + w < n && self.is_dark(x + w, y) {
                    w += 1;
                }
                let mut h = 1;
                while y + h < n && row_dark(x, x + w, y + h) {
                    h += 1;
                }
                // Tallest first, then as wide as that height allows.
                let mut h2 = 1;
                while y + h2 < n && self.is_dark(x, y + h2) {
                    h2 += 1;
                }
                let mut w2 = 1;
                while x + w2 < n && col_dark(y, y + h2, x + w2) {
                    w2 += 1;
                }
                let (w, h) = if w2 * h2 > w * h { (w2, h2) } else { (w, h) };
                for yy in y..y + h {
                    for xx in x..x + w {
                        covered[(yy * n + xx) as usize] = true;
                    }
                }
                out.push(ModuleRect { x, y, w, h });
            }
        }
        out
    }

    /// The runs of dark modules in row `y`: `(first column, length)`.
    pub fn runs(&self, y: u32) -> Vec<(u32, u32)> {
        let mut runs = Vec::new();
        let mut x = 0;
        while x < self.width {
            if self.is_dark(x, y) {
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                runs.push((start, x - start));
            } else {
                x += 1;
            }
        }
        runs
    }

    /// A PDF content stream painting the dark modules in black, in module units with the
    /// origin at the bottom-left of the code (scale it with `cm`).
    ///
    /// Each row is one stroked line one module thick with butt caps whose dash pattern is the
    /// row's runs (on = dark, off = light): vector shapes exactly covering the dark modules,
    /// and about half the bytes of one rectangle per merged run, which keeps a badge under 2 KB.
    pub fn pdf_content(&self) -> Vec<u8> {
        use std::fmt::Write;
        let n = self.width;
        let mut s = String::with_capacity(64 + n as usize * 48);
        // Stroke black, 1 module wide, butt caps, miter joins; row centres on integer y.
        s.push_str("0 G 1 w 0 J 1 0 0 1 0 0.5 cm\n");
        for y in 0..n {
            let runs = self.runs(y);
            let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
                continue;
            };
            s.push('[');
            let mut prev_end = first.0;
            for (i, (start, len)) in runs.iter().enumerate() {
                if i > 0 {
                    let _ = write!(s, " {} ", start - prev_end);
                }
                let _ = write!(s, "{len}");
                prev_end = start + len;
            }
            let row = n - 1 - y;
            let _ = writeln!(s, "] 0 d {} {row} m {} {row} l S", first.0, last.0 + last.1);
        }
        s.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rects_paint_exactly_the_dark_modules() {
        let sig: String = "QK7ZB2XW4MNP3RTY5VJ6HGF".chars().cycle().take(103).collect();
        let m = QrMatrix::encode(&format!(
            "AC1:AATIP15:4242:1:DEL:20150706:BILATERAL.PLENARY:{sig}"
        ))
        .unwrap();
        let mut painted = vec![false; m.dark.len()];
        let rects = m.rects();
        for r in &rects {
            for y in r.y..r.y + r.h {
                for x in r.x..r.x + r.w {
                    let i = (y * m.width + x) as usize;
                    assert!(m.dark[i], "light module painted at {x},{y}");
                    painted[i] = true;
                }
            }
        }
        assert_eq!(painted, m.dark);
        let dark = m.dark.iter().filter(|d| **d).count();
        assert!(rects.len() * 2 < dark, "{} rects for {dark} modules", rects.len());
        eprintln!("{} rects for {dark} dark modules", rects.len());
    }

    #[test]
    fn dashed_rows_paint_exactly_the_dark_modules() {
        let m = QrMatrix::encode("AC1:AATIP15:7:3:HOD:*:*:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567").unwrap();
        let content = String::from_utf8(m.pdf_content()).unwrap();
        let mut painted = vec![false; m.dark.len()];
        for line in content.lines().skip(1) {
            // "[a b c ...] 0 d x0 row m x1 row l S"
            let (dash, rest) = line.trim_start_matches('[').split_once(']').unwrap();
            let dash: Vec<u32> = dash.split(' ').map(|v| v.parse().unwrap()).collect();
            let rest: Vec<&str> = rest.split_whitespace().collect();
            assert_eq!(
                (rest[0], rest[1], rest[4], rest[7], rest[8]),
                ("0", "d", "m", "l", "S")
            );
            let (x0, row, x1): (u32, u32, u32) = (
                rest[2].parse().unwrap(),
                rest[3].parse().unwrap(),
                rest[5].parse().unwrap(),
            );
            let y = m.width - 1 - row;
            let mut x = x0;
            for (i, len) in dash.iter().enumerate() {
                if i % 2 == 0 {
                    for xx in x..x + len {
                        painted[(y * m.width + xx) as usize] = true;
                    }
                }
                x += len;
            }
            assert_eq!(x, x1, "the line ends with the last run");
        }
        assert_eq!(painted, m.dark);
    }

    #[test]
    fn encoded_codes_decode_with_rqrr() {
        for payload in [
            "AC1:AATIP15:1:1:DEL:*:*:ABC",
            "AC1:AATIP15:4242:17:HOD:20150706.20150707:BILATERAL.PLENARY.PRESS:QK7ZB2XW4MNP3RTY5VJ6HGF",
        ] {
            let m = QrMatrix::encode(payload).unwrap();
            let reference = qrcode::QrCode::with_error_correction_level(payload, EcLevel::M).unwrap();
            assert_eq!(
                m.width as usize,
                reference.width(),
                "same version as the qrcode crate"
            );
            let scale = 4;
            let side = m.outer_modules() * scale;
            let img = image::GrayImage::from_fn(side, side, |x, y| {
                let (mx, my) = (x / scale, y / scale);
                let inside = |v: u32| (QUIET_MODULES..QUIET_MODULES + m.width).contains(&v);
                let dark = inside(mx) && inside(my) && m.is_dark(mx - QUIET_MODULES, my - QUIET_MODULES);
                image::Luma([if dark { 0 } else { 255 }])
            });
            let mut prepared = rqrr::PreparedImage::prepare(img);
            let grids = prepared.detect_grids();
            assert_eq!(grids.len(), 1);
            let (meta, text) = grids[0].decode().unwrap();
            assert_eq!(text, payload);
            assert_eq!(meta.ecc_level, 0, "level M");
        }
    }
}
