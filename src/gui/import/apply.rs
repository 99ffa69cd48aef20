//! What the Import screen's commands do: check a file (writes nothing), write the checked
//! plan with progress, export every delegate; each on a worker thread, its result taken here.

use super::ImportView;
use crate::csv_io::{self, ImportPlan, ImportSummary};
use crate::gui::context::{Command, Shell, chain};
use crate::gui::data::Data;
use crate::gui::jobs::Running;

/// Applies one of the Import screen's commands (others are not its own and are ignored).
pub fn apply(view: &mut ImportView, sh: &mut Shell<'_>, cmd: Command) {
    match cmd {
        Command::ChooseImportFile => {
            // The dialog opens once the Import screen has been drawn behind it.
            view.open_dialog = Some(sh.ctx.cumulative_frame_nr() + 2);
            sh.ctx.request_repaint();
        }
        Command::PlanImport(path) => {
            view.plan = None;
            let label = crate::tr!("imp-checking", path = path.display().to_string());
            sh.start(label, Running::Plan, move |reg, _| {
                csv_io::plan_import(reg, &path).map_err(|e| chain(&e))
            });
        }
        Command::ApplyImport => {
            let Some(plan) = view.plan.clone() else {
                return;
            };
            let label = crate::tr!("imp-importing", rows = plan.rows.len());
            let order = sh.data.order;
            sh.start(label, Running::Import, move |reg, progress| {
                let summary = csv_io::apply_import(reg, &plan, progress).map_err(|e| chain(&e))?;
                let data = Data::load(reg, order).map_err(|e| format!("imported, but {}", chain(&e)))?;
                Ok((summary, data))
            });
        }
        Command::Export(path) => {
            let label = crate::tr!("imp-exporting", path = path.display().to_string());
            let lang = crate::i18n::current();
            sh.start(label, Running::Export, move |reg, progress| {
                csv_io::export_file(reg, &path, progress)
                    .map(|n| {
                        crate::i18n::tr_in(
                            lang,
                            "imp-exported",
                            &[("count", n.into()), ("path", path.display().to_string().into())],
                        )
                    })
                    .map_err(|e| chain(&e))
            });
        }
        _ => {}
    }
}

/// The check of a file ended.
pub fn plan_finished(view: &mut ImportView, sh: &mut Shell<'_>, result: Result<ImportPlan, String>) {
    match result {
        Ok(plan) => {
            let n = plan.errors.len() + plan.omitted_errors;
            view.plan = Some(plan);
            if n == 0 {
                sh.info(crate::tr!("imp-msg-correct"));
            } else {
                sh.error(crate::tr!("imp-msg-problems", count = n));
            }
        }
        Err(e) => sh.error(crate::tr!("imp-msg-cannot-check", error = e.to_string())),
    }
}

/// The import ended.
pub fn import_finished(
    view: &mut ImportView,
    sh: &mut Shell<'_>,
    result: Result<(ImportSummary, Data), String>,
) {
    match result {
        Ok((summary, data)) => {
            view.plan = None;
            sh.set_data(data);
            sh.info(crate::tr!("imp-msg-done", summary = summary.to_string()));
        }
        Err(e) => sh.error(crate::tr!("imp-msg-not-done", error = e.to_string())),
    }
}

/// The export ended.
pub fn export_finished(sh: &mut Shell<'_>, result: Result<String, String>) {
    match result {
        Ok(msg) => sh.info(msg),
        Err(e) => sh.error(crate::tr!("imp-msg-export-not-done", error = e.to_string())),
    }
}
