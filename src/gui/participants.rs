//! The list of participants screen: the protocol list (delegations in protocol order, then
//! their delegates) as a PDF or CSV file, in English or French order, written on a worker
//! thread by the same core call as `accredit participants`, then opened or printed.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::gui::context::{Command, Cx, Shell, chain};
use crate::gui::jobs::Running;
use crate::registry::NameOrder;

/// State of the screen.
#[derive(Debug, Default)]
pub struct ParticipantsView {
    /// Where to write the list (`.pdf` or `.csv`).
    pub path: String,
    /// Protocol order; `None` follows the app's order.
    pub order: Option<NameOrder>,
}

impl ParticipantsView {
    /// The screen with the list beside the database by default.
    pub fn beside(db: Option<&Path>) -> Self {
        let folder = db.and_then(Path::parent).unwrap_or(Path::new(""));
        let folder = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
        Self {
            path: folder.join("participants.pdf").display().to_string(),
            order: None,
        }
    }
}

fn is_pdf(path: &str) -> bool {
    Path::new(path.trim())
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Draws the screen.
pub fn ui(view: &mut ParticipantsView, printer: &str, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.heading(crate::tr!("part-title"));
    ui.label(RichText::new(crate::tr!("part-explained")).weak());
    let mut order = view.order.unwrap_or(cx.data.order);
    ui.horizontal(|ui| {
        ui.label(crate::tr!("part-order"));
        ui.radio_value(&mut order, NameOrder::En, crate::tr!("part-english-names"));
        ui.radio_value(&mut order, NameOrder::Fr, crate::tr!("part-french-names"));
        // The other official languages, each by its own name.
        for lang in [NameOrder::De, NameOrder::It, NameOrder::Ru, NameOrder::Es] {
            ui.radio_value(&mut order, lang, lang.native_name());
        }
    });
    view.order = Some(order);
    ui.horizontal(|ui| {
        ui.label(crate::tr!("part-format"));
        let pdf = is_pdf(&view.path);
        if ui.radio(pdf, "PDF").clicked() && !pdf {
            view.path = PathBuf::from(view.path.trim())
                .with_extension("pdf")
                .display()
                .to_string();
        }
        if ui.radio(!pdf, "CSV").clicked() && pdf {
            view.path = PathBuf::from(view.path.trim())
                .with_extension("csv")
                .display()
                .to_string();
        }
    });
    ui.horizontal(|ui| {
        let l = ui.label(crate::tr!("part-write-to"));
        ui.add(
            egui::TextEdit::singleline(&mut view.path)
                .hint_text(crate::tr!("part-path-hint"))
                .desired_width(420.0),
        )
        .labelled_by(l.id);
    });
    let path = PathBuf::from(view.path.trim());
    let ok = !view.path.trim().is_empty() && !cx.busy;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                ok,
                egui::Button::new(RichText::new(crate::tr!("part-write")).strong()),
            )
            .clicked()
        {
            cx.send(Command::WriteParticipants {
                path: path.clone(),
                order,
            });
        }
        let written = ok && path.is_file();
        if ui
            .add_enabled(written, egui::Button::new(crate::tr!("part-open")))
            .clicked()
        {
            cx.send(Command::OpenPdf(path.clone()));
        }
        let can_print = written && is_pdf(&view.path) && !printer.is_empty();
        let print = ui
            .add_enabled(can_print, egui::Button::new(crate::tr!("part-print")))
            .on_disabled_hover_text(crate::tr!("part-print-disabled"));
        if print.clicked() {
            cx.send(Command::SendToPrinter(path.clone()));
        }
        if !printer.is_empty() {
            ui.label(RichText::new(crate::tr!("part-printer", printer = printer)).weak());
        }
    });
}

/// Writes the list on a worker thread (PDF or CSV by the extension).
pub fn write(sh: &mut Shell<'_>, path: PathBuf, order: NameOrder) {
    let label = crate::tr!("part-writing", path = path.display().to_string());
    // The worker says its result in the app's language of now.
    let lang = crate::i18n::current();
    sh.start(label, Running::Task, move |reg, _| {
        let r = crate::badge::participants::write_file(reg, order, &path).map_err(|e| chain(&e))?;
        let tr = |id: &str, args: &[(&str, crate::i18n::Arg)]| crate::i18n::tr_in(lang, id, args);
        let pages = if r.pages > 0 {
            tr("part-pages", &[("pages", r.pages.into())])
        } else {
            String::new()
        };
        let warn = if r.warnings.is_empty() {
            String::new()
        } else {
            tr("part-warnings", &[("warnings", r.warnings.join("; ").into())])
        };
        Ok((
            tr(
                "part-written",
                &[
                    ("persons", r.persons.into()),
                    ("delegations", r.delegations.into()),
                    ("pages", pages.into()),
                    ("path", path.display().to_string().into()),
                    ("warnings", warn.into()),
                ],
            ),
            false,
        ))
    });
}
