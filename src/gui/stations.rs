//! The door stations screen: package a door copy of the registry (no signing key, no
//! e-mails, a station id of its own), export this station's scans to a file, and merge the
//! scans of other stations; the same core calls as `accredit station`, on a worker thread.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::gui::context::{Command, Cx, Shell, chain};
use crate::gui::jobs::Running;

/// State of the screen.
#[derive(Debug, Default)]
pub struct StationsView {
    /// Where to write a door copy.
    pub package_path: String,
    /// Where to write this station's scans.
    pub export_path: String,
    /// A scan export or station database to merge.
    pub merge_path: String,
}

impl StationsView {
    /// The screen with files beside the database by default.
    pub fn beside(db: Option<&Path>) -> Self {
        let folder = db.and_then(Path::parent).unwrap_or(Path::new(""));
        let folder = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
        let p = |n: &str| folder.join(n).display().to_string();
        Self {
            package_path: p("door-1.sqlite3"),
            export_path: p("scans.sqlite3"),
            merge_path: String::new(),
        }
    }
}

fn path_row(ui: &mut Ui, label: &str, path: &mut String, hint: &str) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(path)
                .hint_text(hint)
                .desired_width(420.0),
        )
        .labelled_by(l.id);
    });
}

/// Draws the screen.
pub fn ui(view: &mut StationsView, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.heading("Stations");
    known(ui, cx);
    ui.separator();
    ui.heading("Door stations");
    if cx.data.door_copy {
        ui.label(
            RichText::new("This database is a door station copy: package door copies at the desk.").strong(),
        );
    }
    let free = !cx.busy;

    ui.separator();
    ui.label(RichText::new("Package a door copy").strong());
    ui.label(
        "A copy of the registry for one door computer: names, photos, statuses and the event's public \
         key; no signing key, no e-mails, no external ids, no audit trail. It gets a station id of its own.",
    );
    path_row(
        ui,
        "Door copy file",
        &mut view.package_path,
        "/media/usb/door-1.sqlite3",
    );
    let ok = free && !view.package_path.trim().is_empty() && !cx.data.door_copy;
    if ui
        .add_enabled(ok, egui::Button::new("Package door copy"))
        .clicked()
    {
        cx.send(Command::PackageStation(view.package_path.trim().into()));
    }

    ui.separator();
    ui.label(RichText::new("Export this station's scans").strong());
    ui.label("Every scan this database knows, in a file to carry to the desk or to another door.");
    path_row(
        ui,
        "Scan export file",
        &mut view.export_path,
        "/media/usb/scans-door-1.sqlite3",
    );
    let ok = free && !view.export_path.trim().is_empty();
    if ui.add_enabled(ok, egui::Button::new("Export scans")).clicked() {
        cx.send(Command::ExportScans(view.export_path.trim().into()));
    }

    ui.separator();
    ui.label(RichText::new("Merge scans from another station").strong());
    ui.label("A scan export or a station database. Merging twice adds nothing twice.");
    path_row(
        ui,
        "File to merge",
        &mut view.merge_path,
        "/media/usb/scans-door-2.sqlite3",
    );
    let ok = free && !view.merge_path.trim().is_empty();
    if ui.add_enabled(ok, egui::Button::new("Merge scans")).clicked() {
        cx.send(Command::MergeScans(view.merge_path.trim().into()));
    }
}

/// Applies one of the screen's commands on a worker thread: package a door copy, export
/// this station's scans, merge another station's (others are not its own and are ignored).
pub fn apply(sh: &mut Shell<'_>, cmd: Command) {
    match cmd {
        Command::PackageStation(path) => package(sh, path),
        Command::ExportScans(path) => {
            let label = format!("Exporting the scans to {}", path.display());
            sh.start(label, Running::Task, move |reg, _| {
                let r = crate::sync::export(reg, &path).map_err(|e| chain(&e))?;
                Ok((
                    format!(
                        "Exported {} scans of station {} to {}.",
                        r.scans,
                        r.station_id,
                        path.display()
                    ),
                    false,
                ))
            });
        }
        Command::MergeScans(path) => merge(sh, path),
        _ => {}
    }
}

fn package(sh: &mut Shell<'_>, path: PathBuf) {
    let label = format!("Packaging a door copy to {}", path.display());
    sh.start(label, Running::Task, move |reg, _| {
        let r = crate::sync::package(reg, &path).map_err(|e| chain(&e))?;
        Ok((
            format!(
                "Door copy {} written, station id {}: {} delegates, {} photos, no signing key, no e-mails.",
                path.display(),
                r.station_id,
                r.delegates,
                r.photos
            ),
            false,
        ))
    });
}

fn merge(sh: &mut Shell<'_>, path: PathBuf) {
    let label = format!("Merging the scans of {}", path.display());
    sh.start(label, Running::Task, move |reg, _| {
        let r = crate::sync::merge(reg, &path).map_err(|e| chain(&e))?;
        let conflicts = if r.conflicting > 0 {
            format!(", {} conflicting (kept as they were here)", r.conflicting)
        } else {
            String::new()
        };
        Ok((
            format!(
                "Merged {} from station {}: {} scans read, {} added, {} already known{conflicts}.",
                path.display(),
                r.from_station,
                r.read,
                r.added,
                r.known
            ),
            true,
        ))
    });
}

/// The certified stations known here: the desks (with the event key's desk and desk copies),
/// then the doors; a revoked one says since when.
fn known(ui: &mut Ui, cx: &mut Cx<'_>) {
    let stations = &cx.data.stations;
    let desks = stations.iter().filter(|c| c.role.as_str() == "desk").count();
    ui.label(format!(
        "{desks} desk{} and {} door{} certified",
        if desks == 1 { "" } else { "s" },
        stations.len() - desks,
        if stations.len() - desks == 1 { "" } else { "s" }
    ));
    egui::Grid::new("known_stations").striped(true).show(ui, |ui| {
        for c in stations {
            ui.label(RichText::new(c.role.as_str()).strong());
            ui.label(&c.station);
            ui.label(if c.name.is_empty() {
                "(no name)"
            } else {
                c.name.as_str()
            });
            if c.revoked.is_empty() {
                ui.label(format!("certified {}", c.issued_at));
            } else {
                ui.label(RichText::new(format!("revoked {}", c.revoked)).color(ui.visuals().warn_fg_color));
            }
            ui.end_row();
        }
    });
}
