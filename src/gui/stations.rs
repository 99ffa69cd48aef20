//! The door stations screen: package a door copy of the registry (no signing key, no
//! e-mails, a station id of its own), export this station's scans to a file, and merge the
//! scans of other stations; the same core calls as `accredit station`, on a worker thread.

use std::path::Path;

use egui::{RichText, Ui};

use super::app::{Command, Cx};

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
