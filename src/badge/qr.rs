//! The pass as a QR code: the module matrix (level M) and its dark modules merged into few
//! rectangles, drawn as vector shapes.

use qrcode::{Color, EcLevel, QrCode};

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
    /// Encodes `payload` at error-correction level M (smallest version that fits).
    pub fn encode(payload: &str) -> Result<Self, qrcode::types::QrError> {
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)?;
        let width = code.width() as u32;
        let dark = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
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

    /// The dark modules as rectangles: runs of dark modules in each row, then identical runs
    /// of consecutive rows merged into one taller rectangle. Covers exactly the dark modules.
    pub fn rects(&self) -> Vec<ModuleRect> {
        let mut done: Vec<ModuleRect> = Vec::new();
        let mut open: Vec<ModuleRect> = Vec::new();
        for y in 0..self.width {
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
            let mut next_open = Vec::with_capacity(runs.len());
            for (start, len) in runs {
                if let Some(i) = open.iter().position(|r| r.x == start && r.w == len) {
                    let mut r = open.swap_remove(i);
                    r.h += 1;
                    next_open.push(r);
                } else {
                    next_open.push(ModuleRect {
                        x: start,
                        y,
                        w: len,
                        h: 1,
                    });
                }
            }
            done.append(&mut open);
            open = next_open;
        }
        done.append(&mut open);
        done
    }

    /// A PDF content stream filling the dark modules in black, in module units with the
    /// origin at the bottom-left of the code (scale it with `cm`).
    pub fn pdf_content(&self) -> Vec<u8> {
        use std::fmt::Write;
        let rects = self.rects();
        let mut s = String::with_capacity(8 + rects.len() * 14);
        s.push_str("0 g\n");
        for r in rects {
            let y = self.width - r.y - r.h;
            let _ = writeln!(s, "{} {} {} {} re", r.x, y, r.w, r.h);
        }
        s.push_str("f\n");
        s.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rects_cover_exactly_the_dark_modules() {
        let m = QrMatrix::encode("AC1:AATIP15:42:1:DEL:*:BILATERAL.PLENARY:ABCDEF").unwrap();
        let mut painted = vec![false; m.dark.len()];
        let rects = m.rects();
        for r in &rects {
            for y in r.y..r.y + r.h {
                for x in r.x..r.x + r.w {
                    let i = (y * m.width + x) as usize;
                    assert!(!painted[i], "overlap at {x},{y}");
                    painted[i] = true;
                }
            }
        }
        assert_eq!(painted, m.dark);
        let dark = m.dark.iter().filter(|d| **d).count();
        assert!(rects.len() * 2 < dark, "{} rects for {dark} modules", rects.len());
    }
}
