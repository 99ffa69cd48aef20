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
    ui.heading(crate::tr!("sta-title"));
    known(ui, cx);
    ui.separator();
    ui.heading(crate::tr!("sta-door-stations"));
    if cx.data.door_copy {
        ui.label(RichText::new(crate::tr!("sta-door-copy")).strong());
    }
    let free = !cx.busy;
    ui.separator();
    egui::CollapsingHeader::new(crate::gui::network::headline(cx.network))
        .id_salt("stations_network")
        .default_open(true)
        .show(ui, |ui| crate::gui::network::network_ui(ui, cx.network));

    ui.separator();
    ui.label(RichText::new(crate::tr!("sta-package-title")).strong());
    ui.label(crate::tr!("sta-package-explained"));
    path_row(
        ui,
        &crate::tr!("sta-door-copy-file"),
        &mut view.package_path,
        "/media/usb/door-1.sqlite3",
    );
    let ok = free && !view.package_path.trim().is_empty() && !cx.data.door_copy;
    if ui
        .add_enabled(ok, egui::Button::new(crate::tr!("sta-package")))
        .clicked()
    {
        cx.send(Command::PackageStation(view.package_path.trim().into()));
    }

    ui.separator();
    ui.label(RichText::new(crate::tr!("sta-export-title")).strong());
    ui.label(crate::tr!("sta-export-explained"));
    path_row(
        ui,
        &crate::tr!("sta-export-file"),
        &mut view.export_path,
        "/media/usb/scans-door-1.sqlite3",
    );
    let ok = free && !view.export_path.trim().is_empty();
    if ui
        .add_enabled(ok, egui::Button::new(crate::tr!("sta-export")))
        .clicked()
    {
        cx.send(Command::ExportScans(view.export_path.trim().into()));
    }

    ui.separator();
    ui.label(RichText::new(crate::tr!("sta-merge-title")).strong());
    ui.label(crate::tr!("sta-merge-explained"));
    path_row(
        ui,
        &crate::tr!("sta-merge-file"),
        &mut view.merge_path,
        "/media/usb/scans-door-2.sqlite3",
    );
    let ok = free && !view.merge_path.trim().is_empty();
    if ui
        .add_enabled(ok, egui::Button::new(crate::tr!("sta-merge")))
        .clicked()
    {
        cx.send(Command::MergeScans(view.merge_path.trim().into()));
    }
}

/// Applies one of the screen's commands on a worker thread: package a door copy, export
/// this station's scans, merge another station's (others are not its own and are ignored).
pub fn apply(sh: &mut Shell<'_>, cmd: Command) {
    match cmd {
        Command::PackageStation(path) => package(sh, path),
        Command::ExportScans(path) => {
            let label = crate::tr!("sta-exporting", path = path.display().to_string());
            let lang = crate::i18n::current();
            sh.start(label, Running::Task, move |reg, _| {
                let r = crate::sync::export(reg, &path).map_err(|e| chain(&e))?;
                Ok((
                    crate::i18n::tr_in(
                        lang,
                        "sta-exported",
                        &[
                            ("scans", r.scans.into()),
                            ("station", r.station_id.into()),
                            ("path", path.display().to_string().into()),
                        ],
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
    let label = crate::tr!("sta-packaging", path = path.display().to_string());
    let lang = crate::i18n::current();
    sh.start(label, Running::Task, move |reg, _| {
        let r = crate::sync::package(reg, &path).map_err(|e| chain(&e))?;
        Ok((
            crate::i18n::tr_in(
                lang,
                "sta-packaged",
                &[
                    ("path", path.display().to_string().into()),
                    ("station", r.station_id.into()),
                    ("delegates", r.delegates.into()),
                    ("photos", r.photos.into()),
                ],
            ),
            false,
        ))
    });
}

fn merge(sh: &mut Shell<'_>, path: PathBuf) {
    let label = crate::tr!("sta-merging", path = path.display().to_string());
    let lang = crate::i18n::current();
    sh.start(label, Running::Task, move |reg, _| {
        let r = crate::sync::merge(reg, &path).map_err(|e| chain(&e))?;
        let conflicts = if r.conflicting > 0 {
            crate::i18n::tr_in(lang, "sta-conflicting", &[("count", r.conflicting.into())])
        } else {
            String::new()
        };
        Ok((
            crate::i18n::tr_in(
                lang,
                "sta-merged",
                &[
                    ("path", path.display().to_string().into()),
                    ("station", r.from_station.into()),
                    ("read", r.read.into()),
                    ("added", r.added.into()),
                    ("known", r.known.into()),
                    ("conflicts", conflicts.into()),
                ],
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
    ui.label(crate::tr!(
        "sta-certified-count",
        desks = desks,
        doors = stations.len() - desks
    ));
    egui::Grid::new("known_stations").striped(true).show(ui, |ui| {
        for c in stations {
            let role = if c.role.as_str() == "desk" {
                crate::tr!("sta-role-desk")
            } else {
                crate::tr!("sta-role-door")
            };
            ui.label(RichText::new(role).strong());
            ui.label(&c.station);
            ui.label(if c.name.is_empty() {
                crate::tr!("sta-no-name")
            } else {
                c.name.clone()
            });
            if c.revoked.is_empty() {
                ui.label(crate::tr!(
                    "sta-certified-at",
                    at = crate::gui::clock::local(&c.issued_at, &cx.data.event)
                ));
            } else {
                ui.label(
                    RichText::new(crate::tr!(
                        "sta-revoked-at",
                        at = crate::gui::clock::local(&c.revoked, &cx.data.event)
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
            }
            ui.end_row();
        }
    });
}
