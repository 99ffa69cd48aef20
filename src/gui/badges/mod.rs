//! The Badges screen: pick delegates, see the live preview drawn from the same layout
//! geometry as the PDF, check glyph warnings, print to PDF on a worker thread, then open
//! the PDF or send it to a CUPS printer; reissue a badge.
//!
//! Parts: this file (state), [`view`] (list, preview, print), [`apply`] (what its commands
//! do: preview, glyph check, print on a worker thread, reissue).

pub mod apply;
pub mod view;

pub use view::ui;

use std::collections::BTreeSet;

use crate::badge::{BadgeLayout, GlyphWarning, Layout, PrintReport};
use crate::gui::context::Cx;
use crate::registry::Status;

/// Which delegates the list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Show {
    /// Accredited, current badge not printed yet.
    #[default]
    Unprinted,
    /// Every accredited delegate.
    Accredited,
    /// Only the ticked ones.
    Ticked,
}

/// The preview of one badge.
#[derive(Debug, Clone)]
pub struct Preview {
    /// Whose badge.
    pub id: i64,
    /// In which format.
    pub layout: Layout,
    /// The data generation it was made from.
    pub generation: u64,
    /// The geometry, or why there is none.
    pub result: Result<BadgeLayout, String>,
}

/// A print waiting for the user to accept its glyph warnings.
#[derive(Debug, Clone)]
pub struct PendingPrint {
    /// Delegates to print (`None`: every accredited badge not printed yet).
    pub ids: Option<Vec<i64>>,
    /// What the fonts cannot print.
    pub warnings: Vec<GlyphWarning>,
}

/// State of the Badges screen.
#[derive(Debug)]
pub struct BadgesView {
    /// The format.
    pub layout: Layout,
    /// Which delegates are listed.
    pub show: Show,
    /// Search text.
    pub query: String,
    /// The delegate whose badge is previewed.
    pub focus: Option<i64>,
    /// The preview.
    pub preview: Option<Preview>,
    /// Where to write the PDF (empty: beside the database, named by date and time).
    pub out_path: String,
    /// CUPS printers found (`None`: not looked for yet).
    pub printers: Option<Vec<String>>,
    /// Open the PDF with the system viewer after printing (when no printer is chosen).
    pub open_after: bool,
    /// A print waiting for confirmation of its glyph warnings.
    pub confirm: Option<PendingPrint>,
    /// The last print run.
    pub last: Option<PrintReport>,
    /// A reissue waiting for confirmation (delegate id).
    pub confirm_reissue: Option<i64>,
    /// Why some ticked delegates were left out of the print running now.
    pub skipped: Option<String>,
    list: Vec<usize>,
    list_for: Option<(u64, Show, String, usize)>,
}

impl Default for BadgesView {
    fn default() -> Self {
        Self {
            layout: Layout::Cr80,
            show: Show::Unprinted,
            query: String::new(),
            focus: None,
            preview: None,
            out_path: String::new(),
            printers: None,
            open_after: true,
            confirm: None,
            last: None,
            confirm_reissue: None,
            skipped: None,
            list: Vec::new(),
            list_for: None,
        }
    }
}

impl BadgesView {
    /// The screen in a given format.
    pub fn with_layout(layout: Layout) -> Self {
        Self {
            layout,
            ..Self::default()
        }
    }

    pub(super) fn refresh(&mut self, cx: &Cx<'_>, ticked: &BTreeSet<i64>) {
        let key = (cx.data.generation, self.show, self.query.clone(), ticked.len());
        if self.list_for.as_ref() == Some(&key) {
            return;
        }
        let search = crate::registry::matching::Search::new(&self.query);
        self.list = cx
            .data
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.d.status == Status::Accredited)
            .filter(|(_, r)| match self.show {
                Show::Unprinted => !r.d.is_printed(),
                Show::Accredited => true,
                Show::Ticked => ticked.contains(&r.d.id),
            })
            .filter(|(_, r)| search.matches(&r.search))
            .map(|(i, _)| i)
            .collect();
        self.list_for = Some(key);
    }
}
