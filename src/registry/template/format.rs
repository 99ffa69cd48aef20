//! The badge formats: badge and page sizes, where each badge sits on a page (front and, for
//! duplex printing, back) and the cut marks of a sheet.

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

    /// Top-left corner of each badge's back on the back page of a duplex sheet, slot by slot
    /// as [`Layout::slots_mm`]: mirrored across for `a4x4` (a sheet turned over its long edge
    /// puts the back of the left badge on the right), the same elsewhere.
    pub fn back_slots_mm(self) -> Vec<(f32, f32)> {
        let (pw, _) = self.page_size_mm();
        let (bw, _) = self.badge_size_mm();
        self.slots_mm().iter().map(|&(x, y)| (pw - x - bw, y)).collect()
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
