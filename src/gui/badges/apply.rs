//! What the Badges screen's commands do: the preview of one badge, the glyph check before a
//! print, the print on a worker thread (into a file name of its own, see
//! [`crate::badge::output`]), what follows a print (open the PDF or send it to the printer),
//! and the reissue of a badge.

use super::{BadgesView, PendingPrint, Preview};
use crate::badge::{self, PrintReport, Selection, output};
use crate::gui::context::{Command, Screen, Shell, chain};
use crate::gui::data::Data;
use crate::gui::jobs::Running;
use crate::registry::Status;

/// Applies one of the Badges screen's commands (others are not its own and are ignored).
/// Returns the delegate whose record changed (a reissue), for the other screens to read.
pub fn apply(view: &mut BadgesView, sh: &mut Shell<'_>, cmd: Command) -> Option<i64> {
    match cmd {
        Command::PreviewBadge(id) => preview(view, sh, id),
        Command::PreparePrint(ids) => prepare_print(view, sh, ids),
        Command::Print(ids) => print(view, sh, ids),
        Command::Reissue(id) => return reissue(sh, id),
        _ => {}
    }
    None
}

fn preview(view: &mut BadgesView, sh: &mut Shell<'_>, id: i64) {
    let result = badge::preview(sh.reg, id, view.layout).map_err(|e| chain(&e));
    view.preview = Some(Preview {
        id,
        layout: view.layout,
        generation: sh.data.generation,
        result,
    });
}

fn reissue(sh: &mut Shell<'_>, id: i64) -> Option<i64> {
    match sh.reg.reissue(id) {
        Ok(v) => {
            if let Err(e) = sh.data.refresh_one(sh.reg, id) {
                sh.error(format!("Could not read the database: {}", chain(&e)));
            }
            let name = sh.data.row(id).map(|r| r.name.clone()).unwrap_or_default();
            sh.info(format!(
                "{name} now has badge version {v}; the previous badge is refused at the door."
            ));
            Some(id)
        }
        Err(e) => {
            sh.error(format!("Not reissued: {}", chain(&e)));
            None
        }
    }
}

/// Keeps the accredited delegates among `ids` (only they get a badge); says in the
/// status bar how many ticked ones are left out and why. `None` when none is left.
fn accredited_only(view: &mut BadgesView, sh: &mut Shell<'_>, ids: Vec<i64>) -> Option<Vec<i64>> {
    let mut keep = Vec::with_capacity(ids.len());
    let mut skipped: std::collections::BTreeMap<&'static str, usize> = Default::default();
    for id in ids {
        match sh.data.row(id).map(|r| r.d.status) {
            Some(Status::Accredited) => keep.push(id),
            Some(other) => *skipped.entry(other.as_str()).or_default() += 1,
            None => *skipped.entry("no longer in the registry").or_default() += 1,
        }
    }
    let n: usize = skipped.values().sum();
    view.skipped = (n > 0).then(|| {
        let why: Vec<String> = skipped.iter().map(|(s, k)| format!("{k} {s}")).collect();
        format!(
            "Skipped {} not accredited ({}): only accredited delegates get a badge.",
            crate::gui::widgets::count(n, "ticked delegate", "ticked delegates"),
            why.join(", ")
        )
    });
    if keep.is_empty() {
        let why = view.skipped.take().unwrap_or_default();
        sh.error(format!("Nothing printed. {why}"));
        return None;
    }
    if let Some(note) = view.skipped.clone() {
        sh.info(note);
    }
    Some(keep)
}

/// Checks glyphs, then prints; asks first when some characters cannot be printed.
pub fn prepare_print(view: &mut BadgesView, sh: &mut Shell<'_>, ids: Option<Vec<i64>>) {
    *sh.screen = Screen::Badges;
    let ids = match ids {
        Some(ids) => match accredited_only(view, sh, ids) {
            Some(keep) => Some(keep),
            None => return,
        },
        None => {
            view.skipped = None;
            None
        }
    };
    let warnings = match &ids {
        Some(ids) => badge::glyph_warnings(sh.reg, ids),
        None => badge::selected(sh.reg, &Selection::Unprinted).and_then(|ds| {
            let ids: Vec<i64> = ds.iter().map(|d| d.id).collect();
            badge::glyph_warnings(sh.reg, &ids)
        }),
    };
    match warnings {
        Ok(w) if w.is_empty() => print(view, sh, ids),
        Ok(warnings) => view.confirm = Some(PendingPrint { ids, warnings }),
        Err(e) => sh.error(format!("Cannot print: {}", chain(&e))),
    }
}

fn print(view: &mut BadgesView, sh: &mut Shell<'_>, ids: Option<Vec<i64>>) {
    let offset = match sh.data.event.offset() {
        Ok(o) => o,
        Err(e) => {
            sh.error(format!("Cannot print: {}", chain(&e)));
            return;
        }
    };
    let wanted = match output::badges_pdf(&view.out_path, sh.reg.path(), offset) {
        Ok(p) => p,
        Err(e) => {
            sh.error(chain(&e));
            return;
        }
    };
    let job = badge::PrintJob {
        layout: view.layout,
        selection: match ids {
            Some(ids) => Selection::Ids(ids),
            None => Selection::Unprinted,
        },
    };
    let label = format!("Printing badges to {}", wanted.display());
    let order = sh.data.order;
    sh.start(label, Running::Print, move |reg, progress| {
        // A name of its own: two prints in one second never overwrite each other, nor
        // any file already there.
        let out = output::reserve(&wanted).map_err(|e| chain(&e))?;
        let report = match badge::print(reg, &job, &out, progress) {
            Ok(r) => r,
            Err(e) => {
                output::release(&out);
                return Err(chain(&e));
            }
        };
        if report.path.is_none() {
            output::release(&out);
        }
        let data = Data::load(reg, order).ok();
        Ok((report, data))
    });
}

/// The print on the worker thread ended.
pub fn print_finished(
    view: &mut BadgesView,
    sh: &mut Shell<'_>,
    result: Result<(PrintReport, Option<Data>), String>,
) {
    match result {
        Ok((report, data)) => {
            match data {
                Some(data) => sh.set_data(data),
                // Printed, but the worker could not read the cache back.
                None => sh.reload(),
            }
            printed(view, sh, report);
        }
        Err(e) => {
            // A failed or cancelled print marks nothing: the cache is right.
            view.skipped = None;
            sh.error(format!("Not printed: {e}"));
        }
    }
}

fn printed(view: &mut BadgesView, sh: &mut Shell<'_>, report: PrintReport) {
    let Some(path) = report.path.clone() else {
        view.skipped = None;
        sh.info("Nothing to print: every accredited badge is printed already.");
        view.last = Some(report);
        return;
    };
    let skipped = view.skipped.take().map(|s| format!(" {s}")).unwrap_or_default();
    sh.info(format!(
        "Printed {}, {} to {}.{skipped}",
        crate::gui::widgets::count(report.printed.len(), "badge", "badges"),
        crate::gui::widgets::count(report.pages, "page", "pages"),
        path.display()
    ));
    view.last = Some(report);
    if !sh.printer.is_empty() {
        sh.send_to_printer(&path);
    } else if view.open_after {
        sh.send(Command::OpenPdf(path));
    }
}
