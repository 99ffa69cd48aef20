//! Badges onto sheets: one badge per page (cr80, a6) or four per A4 with cut marks (a4x4),
//! each front followed by its back for duplex printing (the a4x4 sheet of backs mirrored).

use std::io::Write;

use super::BadgeError;
use super::emblem::Emblem;
use super::layout::{BadgeLayout, Layout};
use super::pdf::PdfSheets;

/// Draws badges onto sheets of a layout: one badge per page, or four per A4 with cut marks;
/// with back sides, each front page is followed by its back page (mirrored across for
/// `a4x4`), in order for duplex printers.
#[derive(Debug)]
pub struct BadgeSheets {
    sheets: PdfSheets,
    layout: Layout,
    on_page: usize,
    /// Backs of the open `a4x4` sheet, by slot.
    backs: Vec<(usize, BadgeLayout)>,
}

impl BadgeSheets {
    /// A new document for `layout`.
    pub fn new(title: &str, layout: Layout) -> Self {
        Self {
            sheets: PdfSheets::new(title, layout.page_size_mm()),
            layout,
            on_page: 0,
            backs: Vec::new(),
        }
    }

    /// Adds the event's emblem (one image object, drawn wherever a badge shows it).
    pub fn with_emblem(mut self, emblem: Option<&Emblem>) -> Self {
        if let Some(e) = emblem {
            self.sheets.set_emblem(e);
        }
        self
    }

    /// Adds a badge (front only) in the next slot, starting a page when needed.
    pub fn add(&mut self, b: &BadgeLayout) {
        self.add_sides(b, None);
    }

    /// Adds a badge and its back: the back on the next page (cr80, a6) or in the mirrored
    /// slot of the sheet of backs that follows the sheet (a4x4).
    pub fn add_sides(&mut self, front: &BadgeLayout, back: Option<&BadgeLayout>) {
        let slots = self.layout.slots_mm();
        if self.on_page == 0 || self.on_page >= slots.len() {
            self.finish_sheet();
            self.sheets.new_page();
            self.on_page = 0;
        }
        let origin = slots.get(self.on_page).copied().unwrap_or((0.0, 0.0));
        self.sheets.badge(front, origin);
        if let Some(b) = back {
            if slots.len() == 1 {
                self.sheets.new_page();
                self.sheets.badge(b, origin);
            } else {
                self.backs.push((self.on_page, b.clone()));
            }
        }
        self.on_page += 1;
    }

    /// Pages so far (with the sheet of backs the open sheet will get).
    pub fn page_count(&self) -> usize {
        self.sheets.page_count() + usize::from(!self.backs.is_empty())
    }

    /// Finishes the open sheet: its cut marks, then the sheet of its backs, if any.
    fn finish_sheet(&mut self) {
        self.mark_cuts();
        if self.backs.is_empty() {
            return;
        }
        self.sheets.new_page();
        let slots = self.layout.back_slots_mm();
        for (i, b) in std::mem::take(&mut self.backs) {
            let origin = slots.get(i).copied().unwrap_or((0.0, 0.0));
            self.sheets.badge(&b, origin);
        }
        self.mark_cuts();
    }

    /// Draws the cut marks of the open sheet, over its badges: black on a white line, so that
    /// they show on white paper and on a dark category band alike.
    fn mark_cuts(&mut self) {
        if self.sheets.page_count() == 0 {
            return;
        }
        for m in self.layout.cut_marks_mm() {
            self.sheets.line(m.from, m.to, 0.7, [255, 255, 255]);
            self.sheets.line(m.from, m.to, 0.25, [0, 0, 0]);
        }
    }

    /// Finishes and writes the document.
    pub fn write(mut self, w: &mut impl Write) -> Result<(), BadgeError> {
        self.finish_sheet();
        self.sheets.write(w)
    }
}
