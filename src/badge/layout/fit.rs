//! Fitting text into boxes: shrink to one line, wrap on two, and the details column fitted as
//! a whole (shrunk together, lines left off by priority).

use super::super::fonts::{Fonts, MM_PER_PT, Shaped};
use super::super::template::Align;
use super::items::{BASELINE, Field, Item, LINE_HEIGHT, Reason, Rgb, TextItem, Unprintable};
use super::strings::check_glyphs;

/// A text block: where, how big, how many lines.
#[derive(Debug, Clone, Copy)]
pub(super) struct Block {
    pub x: f32,
    pub width: f32,
    pub max_pt: f32,
    pub min_pt: f32,
    pub lines: usize,
    pub bold: bool,
    pub align: Align,
    pub colour: Rgb,
}

/// A text fitted into a block: its size and lines.
#[derive(Debug, Clone)]
pub(super) struct Fitted {
    pub size_pt: f32,
    pub lines: Vec<Shaped>,
    /// The height, not the width or the block's maximum, decided the size.
    pub squeezed: bool,
}

/// Height of one line at `size_pt`.
pub(super) fn line_mm(size_pt: f32) -> f32 {
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
pub(super) fn fit(fonts: &Fonts, text: &str, b: &Block, height: f32) -> Fitted {
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

/// Builder collecting items and unprintable strings.
pub(super) struct Out<'a> {
    pub fonts: &'a Fonts,
    pub items: Vec<Item>,
    pub unprintable: Vec<Unprintable>,
}

impl Out<'_> {
    /// Checks `text` against the fonts ([`check_glyphs`]): `None` (and a record) when it must
    /// be left off.
    pub fn printable(&mut self, field: Field, text: &str, bold: bool) -> Option<String> {
        let (print, problem) = check_glyphs(self.fonts, field, text, bold);
        self.unprintable.extend(problem);
        print
    }

    /// Places fitted lines with their top at `top`, centred vertically in `height` when
    /// `vcentre`; returns the bottom of the last line.
    pub fn place(&mut self, field: Field, f: Fitted, b: &Block, top: f32, height: f32, vcentre: bool) -> f32 {
        let lh = line_mm(f.size_pt);
        let total = lh * f.lines.len() as f32;
        let mut y = if vcentre {
            top + ((height - total) / 2.0).max(0.0)
        } else {
            top
        };
        for line in f.lines {
            let width = line.width_mm(f.size_pt);
            let x = match b.align {
                Align::Left => b.x,
                Align::Centre => b.x + (b.width - width) / 2.0,
                Align::Right => b.x + b.width - width,
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

/// The box and rules of a details column.
pub(super) struct ColumnSpec {
    /// Height of the box.
    pub height: f32,
    /// No line is shrunk below this (pt); past it, lines are left off.
    pub floor_pt: f32,
    /// Gap between lines.
    pub gap_mm: f32,
}

/// The details column, fitted: the lines to place, top to bottom, and those left off.
pub(super) struct Column {
    pub fitted: Vec<(Field, Fitted, Block)>,
    pub left_off: Vec<Unprintable>,
}

/// The details lines left off, in this order, when the column does not fit at the floor.
pub(super) const LEAVE_OFF_FIRST: [Field; 3] = [Field::Function, Field::Zones, Field::Days];

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
pub(super) fn fit_column(fonts: &Fonts, mut texts: Vec<(Field, String, Block)>, s: &ColumnSpec) -> Column {
    let height = s.height;
    let floor = s.floor_pt;
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
        used += line_mm(f.size_pt) * f.lines.len() as f32 + s.gap_mm;
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
    s: &ColumnSpec,
    scale: f32,
) -> (Vec<(Field, Fitted, Block)>, bool) {
    let height = s.height;
    let mut fitted = Vec::with_capacity(texts.len());
    let mut used = 0.0;
    let mut squeezed = false;
    for (field, text, b) in texts {
        let b = floored(b, scale, s.floor_pt);
        let room = height - used;
        let f = fit(fonts, text, &b, room);
        // A line that may be left off must also stay legible across its width.
        let too_small = LEAVE_OFF_FIRST.contains(field) && f.size_pt < s.floor_pt;
        squeezed |= f.squeezed || room <= 0.0 || too_small;
        used += line_mm(f.size_pt) * f.lines.len() as f32 + s.gap_mm;
        fitted.push((*field, f, b));
    }
    (fitted, squeezed)
}

/// Black or white, whichever reads on `fill`.
pub(super) fn band_text_colour(fill: Rgb) -> Rgb {
    let [r, g, b] = fill.map(f32::from);
    let luminance = (0.299 * r + 0.587 * g + 0.114 * b) / 255.0;
    if luminance < 0.6 {
        [255, 255, 255]
    } else {
        [0, 0, 0]
    }
}

/// The narrowest width `text` needs at `size_pt` on at most `lines` lines (wrapped where
/// [`fit`] may wrap it): what the template check asks of a box.
pub(crate) fn width_needed(fonts: &Fonts, text: &str, size_pt: f32, lines: usize, bold: bool) -> f32 {
    let one = fonts.shape_lossy(text, bold);
    let mut best = one.width_mm(size_pt);
    if lines >= 2 {
        for (a, c) in splits(&one.text()) {
            let w = fonts
                .measure_mm(&a, bold, size_pt)
                .max(fonts.measure_mm(&c, bold, size_pt));
            best = best.min(w);
        }
    }
    best
}
