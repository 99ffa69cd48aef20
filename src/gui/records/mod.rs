//! The Records screen: backups (one click, and automatic every N minutes into a chosen folder
//! keeping the last K), restore from a copy with a confirmation, the audit chain (verify, head
//! hash), and the purge of personal data after the event behind a confirmation in which the
//! operator types the event code. The retention reminder shows here and above every screen.
//!
//! Everything slow runs on a worker thread of its own ([`work`]) with its own
//! connection to the database file; the UI thread only draws and sends
//! [`RecordsCommand`]s.

use std::path::PathBuf;
use std::time::Instant;

use egui::{RichText, Ui};

pub mod work;

pub use crate::gui::context::RecordsCommand;
use crate::gui::context::{Command, Cx};
use crate::gui::widgets::{error_colour, field_ui};
use crate::records::{PurgePlan, Reminder, RestorePlan};

/// The automatic-backup settings, kept in the database's `meta` (they belong to this file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSettings {
    /// The folder (empty: `backups` beside the database).
    pub folder: String,
    /// Automatic backups on.
    pub auto: bool,
    /// Every so many minutes.
    pub every_minutes: u32,
    /// Keep the last so many.
    pub keep: u32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self {
            folder: String::new(),
            auto: false,
            every_minutes: 15,
            keep: 10,
        }
    }
}

/// A UTC offset that defaults to UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offset(pub time::UtcOffset);

impl Default for Offset {
    fn default() -> Self {
        Self(time::UtcOffset::UTC)
    }
}

/// State of the Records screen.
#[derive(Debug, Default)]
pub struct RecordsView {
    /// Read from the database once (on the first frame of the screen, or the first tick).
    pub loaded: bool,
    /// The event's UTC offset (backup file names, the reminder's day).
    pub offset: Offset,
    /// The door's rehearsal clock, when one runs (the reminder's day follows it).
    pub clock_shift: Option<time::Duration>,
    /// The settings as saved.
    pub settings: BackupSettings,
    /// The fields being typed: folder, minutes, keep.
    pub folder: String,
    /// Minutes, as typed.
    pub every: String,
    /// How many to keep, as typed.
    pub keep: String,
    /// Auto backups, as ticked.
    pub auto: bool,
    /// When the next automatic backup is due.
    pub next_auto: Option<Instant>,
    /// The audit chain's head, in words (`entry N HEX`).
    pub head: Option<String>,
    /// The last result of a verification: `Ok(text)` or `Err(text)`.
    pub verified: Option<Result<String, String>>,
    /// The last backup: `Ok(text)` or `Err(text)`.
    pub last_backup: Option<Result<String, String>>,
    /// The retention reminder, when due.
    pub reminder: Option<Reminder>,
    /// The purge confirmation, when open, and the code typed in it.
    pub purge: Option<PurgePlan>,
    /// The code typed in the purge confirmation.
    pub purge_code: String,
    /// The confirmation just opened: its field takes the keyboard.
    pub focus_purge: bool,
    /// The path typed for a restore.
    pub restore_path: String,
    /// The restore confirmation, when open.
    pub restore: Option<(PathBuf, RestorePlan)>,
    /// The work running on the worker thread, if any.
    pub(super) work: Option<work::Work>,
    /// The latest message of this screen (`Err` in red).
    pub message: Option<Result<String, String>>,
}

impl RecordsView {
    /// Whether work runs.
    pub fn busy(&self) -> bool {
        self.work.is_some()
    }
}

/// Draws the screen.
pub fn ui(view: &mut RecordsView, ui: &mut Ui, cx: &mut Cx<'_>) {
    if !view.loaded {
        cx.send(Command::Records(RecordsCommand::Refresh));
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading(crate::tr!("screen-records"));
        if let Some(r) = &view.reminder {
            reminder_ui(ui, r);
        }
        if let Some(m) = &view.message {
            message_ui(ui, m);
        }
        if let Some(w) = &view.work {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(w.label());
            });
        }
        ui.add_space(8.0);
        backups_ui(view, ui, cx);
        ui.separator();
        restore_ui(view, ui, cx);
        ui.separator();
        audit_ui(view, ui, cx);
        ui.separator();
        purge_ui(view, ui, cx);
    });
}

/// The reminder in a frame of its own (also drawn above every screen).
pub fn reminder_ui(ui: &mut Ui, r: &Reminder) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new(reminder_text(r)).color(error_colour(ui)).strong());
    });
}

/// The retention reminder in words of the app's language, its dates written out
/// ("Tuesday 7 July 2015").
pub fn reminder_text(r: &Reminder) -> String {
    let lang = crate::i18n::current();
    let w = |d: time::Date| crate::i18n::dates::with_weekday(lang, d);
    let mut say = r.say();
    say.args.retain(|(k, _)| k != "ended" && k != "due");
    say.arg("ended", w(r.retention.last_day))
        .arg("due", w(r.retention.due))
        .text()
}

fn message_ui(ui: &mut Ui, m: &Result<String, String>) {
    match m {
        Ok(t) => ui.label(t),
        Err(t) => ui.label(RichText::new(t).color(error_colour(ui))),
    };
}

fn backups_ui(view: &mut RecordsView, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.strong(crate::tr!("rec-backups"));
    ui.label(crate::tr!("rec-backups-explained"));
    egui::Grid::new("backup_settings").num_columns(2).show(ui, |ui| {
        field_ui(
            ui,
            &crate::tr!("rec-folder"),
            &mut view.folder,
            &crate::tr!("rec-folder-hint"),
        );
        ui.end_row();
        field_ui(ui, &crate::tr!("rec-every"), &mut view.every, "15");
        ui.end_row();
        field_ui(ui, &crate::tr!("rec-keep"), &mut view.keep, "10");
        ui.end_row();
    });
    ui.checkbox(&mut view.auto, crate::tr!("rec-auto"));
    let typed = (view.folder.trim(), view.every.trim(), view.keep.trim(), view.auto);
    let saved = &view.settings;
    let changed = typed
        != (
            saved.folder.as_str(),
            saved.every_minutes.to_string().as_str(),
            saved.keep.to_string().as_str(),
            saved.auto,
        );
    ui.horizontal(|ui| {
        if ui
            .add_enabled(changed, egui::Button::new(crate::tr!("rec-save-settings")))
            .clicked()
        {
            cx.send(Command::Records(RecordsCommand::SaveSettings));
        }
        if ui
            .add_enabled(!view.busy(), egui::Button::new(crate::tr!("rec-backup-now")))
            .clicked()
        {
            cx.send(Command::Records(RecordsCommand::BackupNow));
        }
    });
    if let Some(r) = &view.last_backup {
        message_ui(ui, r);
    }
    if view.settings.auto
        && let Some(next) = view.next_auto
    {
        let mins = next
            .saturating_duration_since(Instant::now())
            .as_secs()
            .div_ceil(60);
        ui.label(RichText::new(crate::tr!("rec-next", minutes = mins)).weak());
    }
}

fn restore_ui(view: &mut RecordsView, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.strong(crate::tr!("rec-restore-title"));
    ui.label(crate::tr!("rec-restore-explained"));
    ui.horizontal(|ui| {
        field_ui(
            ui,
            &crate::tr!("rec-backup-file"),
            &mut view.restore_path,
            &crate::tr!("rec-backup-file-hint"),
        );
        let path = view.restore_path.trim();
        if ui
            .add_enabled(
                !path.is_empty() && !view.busy(),
                egui::Button::new(crate::tr!("rec-restore-button")),
            )
            .clicked()
        {
            cx.send(Command::Records(RecordsCommand::PlanRestore(PathBuf::from(path))));
        }
    });
    if let Some((path, plan)) = &view.restore {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let f = &plan.file;
            let current = plan
                .current
                .as_ref()
                .map(|c| crate::tr!("rec-now", delegates = c.delegates, entries = c.audit_entries))
                .unwrap_or_else(|| crate::tr!("rec-no-db"));
            ui.label(crate::tr!(
                "rec-restore-question",
                path = path.display().to_string(),
                event = &f.event_code,
                delegates = f.delegates,
                entries = f.audit_entries,
                current = &current
            ));
            ui.horizontal(|ui| {
                if ui.button(crate::tr!("rec-restore")).clicked() {
                    cx.send(Command::Records(RecordsCommand::Restore(path.clone())));
                }
                if ui.button(crate::tr!("door-cancel")).clicked() {
                    cx.send(Command::Records(RecordsCommand::Cancel));
                }
            });
        });
    }
}

fn audit_ui(view: &mut RecordsView, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.strong(crate::tr!("rec-audit"));
    ui.label(crate::tr!("rec-audit-explained"));
    ui.horizontal(|ui| {
        ui.label(crate::tr!("rec-head"));
        ui.monospace(view.head.clone().unwrap_or_else(|| crate::tr!("rec-no-entries")));
    });
    if ui
        .add_enabled(!view.busy(), egui::Button::new(crate::tr!("rec-verify")))
        .clicked()
    {
        cx.send(Command::Records(RecordsCommand::Verify));
    }
    if let Some(v) = &view.verified {
        message_ui(ui, v);
    }
}

fn purge_ui(view: &mut RecordsView, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.strong(crate::tr!("rec-personal-data"));
    if cx.data.door_copy {
        ui.label(crate::tr!("rec-door-copy"));
        return;
    }
    ui.label(crate::tr!("rec-purge-explained"));
    if view.purge.is_none() {
        if ui
            .add_enabled(!view.busy(), egui::Button::new(crate::tr!("rec-purge-button")))
            .clicked()
        {
            cx.send(Command::Records(RecordsCommand::PlanPurge));
        }
        return;
    }
    let Some(plan) = view.purge.clone() else { return };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new(plan.question()).strong());
        ui.label(crate::tr!("rec-backups-too"));
        let label = crate::tr!("rec-type-code", code = &plan.event_code);
        let r = field_ui(ui, &label, &mut view.purge_code, "");
        if std::mem::take(&mut view.focus_purge) {
            r.request_focus();
        }
        let typed = view.purge_code.trim() == plan.event_code;
        ui.horizontal(|ui| {
            let go = ui.add_enabled(typed && !view.busy(), egui::Button::new(crate::tr!("rec-purge")));
            if go.clicked() || (typed && r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))) {
                cx.send(Command::Records(RecordsCommand::Purge(
                    view.purge_code.trim().to_string(),
                )));
            }
            if ui.button(crate::tr!("door-cancel")).clicked() {
                cx.send(Command::Records(RecordsCommand::Cancel));
            }
        });
    });
}
