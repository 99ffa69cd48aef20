//! Applying commands: the one place where requests from the UI change the registry, start
//! slow work on a worker thread, or move between screens. Door mode refuses editing commands
//! here ([`Command::edits`]).

use super::app::{AccreditApp, DOOR_MODE_KEY, Message, Screen};
use super::badges;
use super::command::Command;
use super::data::Data;
use super::door::{self, OverrideTarget};
use super::jobs::{Errand, Job};
use crate::Registry;
use crate::checkin::{self, Door, ScanContext, Subject};
use crate::csv_io::{self, ImportPlan, ImportSummary};
use crate::registry::{Delegate, Status};

impl AccreditApp {
    fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            error: false,
            text: text.into(),
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            error: true,
            text: text.into(),
        });
    }

    pub(super) fn reload(&mut self) {
        if let Err(e) = self.data.reload(&self.reg) {
            self.error(format!("Could not read the database: {e}"));
        }
    }

    /// Applies one command: the only place where UI requests change state.
    pub fn apply(&mut self, ctx: &egui::Context, cmd: Command) {
        let supervised = matches!(
            cmd,
            Command::Annul { .. } | Command::PresenceRoll | Command::Override { .. }
        );
        if self.locked && supervised && !self.door.supervisor {
            self.error("Door mode is on: the supervisor's PIN opens this.");
            return;
        }
        if self.locked && cmd.edits() {
            if cmd == Command::Quit {
                self.error("Door mode is on: leave door mode with the PIN to quit.");
            } else {
                self.error("Door mode is on: leave door mode with the PIN to edit.");
            }
            return;
        }
        if self.hold_for_unsaved(&cmd) {
            return;
        }
        match cmd {
            Command::Show(s) => {
                self.prefs.screen = s;
                ctx.request_repaint();
                match s {
                    Screen::Door => {
                        self.door.focus_scan = true;
                        self.refresh_door();
                    }
                    Screen::Dashboard => self.refresh_stats(),
                    Screen::Records => {
                        self.apply_records(ctx, super::records::RecordsCommand::Refresh);
                    }
                    Screen::Design => self.apply_design(super::design::DesignCommand::Load),
                    _ => {}
                }
            }
            Command::FocusSearch => {
                self.prefs.screen = Screen::Delegates;
                self.delegates.focus_search = true;
            }
            Command::PrintSelection => {
                self.prefs.screen = Screen::Badges;
                if !self.delegates.selected.is_empty() {
                    let ids = self.delegates.selected.iter().copied().collect();
                    self.apply(ctx, Command::PreparePrint(Some(ids)));
                }
            }
            Command::ToggleFullScreen => {
                let full = ctx.input(|i| i.viewport().fullscreen.unwrap_or(false));
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(!full));
            }
            Command::DoorFullScreen => {
                self.apply(ctx, Command::Show(Screen::Door));
                self.apply(ctx, Command::ToggleFullScreen);
            }
            Command::ChooseImportFile => {
                self.apply(ctx, Command::Show(Screen::Import));
                // The dialog opens once the Import screen has been drawn behind it.
                self.import.open_dialog = Some(ctx.cumulative_frame_nr() + 2);
                ctx.request_repaint();
            }
            Command::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Command::SetOrder(order) => {
                self.prefs.order = order;
                if let Err(e) = self.data.set_order(&self.reg, order) {
                    self.error(format!("Could not read the database: {e}"));
                }
            }
            Command::Reload => {
                self.reload();
                self.info("Reloaded from the database.");
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::OpenDelegation(code) => {
                self.delegates.filter.delegation = Some(code);
                self.prefs.screen = Screen::Delegates;
            }
            Command::OpenDelegate(id) => {
                self.prefs.screen = Screen::Delegates;
                match self.reg.delegate(id) {
                    Ok(d) => {
                        let history = self.reg.history("delegate", &id.to_string()).unwrap_or_default();
                        self.delegates.open(d, history);
                    }
                    Err(e) => self.error(format!("Could not open delegate {id}: {e}")),
                }
            }
            Command::NewDelegate => {
                self.prefs.screen = Screen::Delegates;
                let mut d = Delegate::default();
                if let Some(code) = &self.delegates.filter.delegation {
                    d.delegation = code.clone();
                    d.category = self
                        .data
                        .delegation(code)
                        .map(|g| g.default_category.clone())
                        .unwrap_or_default();
                }
                self.delegates.open(d, Vec::new());
            }
            Command::SaveDelegate(d) => self.save_delegate(*d),
            Command::SetStatus(id, status) => self.change_status(id, status, String::new()),
            Command::ChangeStatus { id, status, reason } => self.change_status(id, status, reason),
            Command::CloseForm => {
                self.delegates.form = None;
                // Back to the search, on the same row, for the next person.
                self.delegates.focus_search = self.prefs.screen == Screen::Delegates;
            }
            Command::ResolveUnsaved(choice) => self.resolve_unsaved(ctx, choice),
            Command::WriteParticipants { path, order } => {
                let label = format!("Writing the list of participants to {}", path.display());
                self.start(ctx, label, Running::Task, move |reg, _| {
                    let r = crate::badge::participants::write_file(reg, order, &path).map_err(|e| e.to_string())?;
                    let pages = if r.pages > 0 { format!(", {} page(s)", r.pages) } else { String::new() };
                    let warn = if r.warnings.is_empty() {
                        String::new()
                    } else {
                        format!(" Warnings: {}", r.warnings.join("; "))
                    };
                    Ok((
                        format!(
                            "List of participants written: {} participant(s) in {} delegation(s){pages}, {}.{warn}",
                            r.persons,
                            r.delegations,
                            path.display()
                        ),
                        false,
                    ))
                });
            }
            Command::PackageStation(path) => {
                let label = format!("Packaging a door copy to {}", path.display());
                self.start(ctx, label, Running::Task, move |reg, _| {
                    let r = crate::sync::package(reg, &path).map_err(|e| e.to_string())?;
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
            Command::ExportScans(path) => {
                let label = format!("Exporting the scans to {}", path.display());
                self.start(ctx, label, Running::Task, move |reg, _| {
                    let r = crate::sync::export(reg, &path).map_err(|e| e.to_string())?;
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
            Command::MergeScans(path) => {
                let label = format!("Merging the scans of {}", path.display());
                self.start(ctx, label, Running::Task, move |reg, _| {
                    let r = crate::sync::merge(reg, &path).map_err(|e| e.to_string())?;
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
            Command::SaveEvent(ev) => match self.reg.save_event(&ev) {
                Ok(()) => {
                    self.reload();
                    self.event.draft = None;
                    self.event.error = None;
                    self.info(format!("Event {} saved.", ev.code));
                }
                Err(e) => self.event.error = Some(format!("Not saved: {e}")),
            },
            Command::LoadPhoto(path) => match crate::registry::photo::load(&path) {
                Ok(jpeg) => {
                    if let Some(form) = &mut self.delegates.form {
                        form.set_photo(jpeg, &path);
                    }
                }
                Err(e) => {
                    if let Some(form) = &mut self.delegates.form {
                        form.photo_error = Some(format!("{e}"));
                    }
                }
            },
            Command::EnterDoorMode => match super::pin::is_set(&self.reg) {
                Ok(true) => {
                    if let Err(e) = self.reg.set_meta(DOOR_MODE_KEY, "on") {
                        self.error(format!("Could not enter door mode: {e}"));
                        return;
                    }
                    self.locked = true;
                    self.door.supervisor = false;
                    self.delegates.form = None;
                    self.prefs.screen = Screen::Door;
                    self.door.focus_scan = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
                    self.info("Door mode on. Editing is locked until the PIN is given.");
                }
                Ok(false) => self.error("Set a door PIN first (Door screen, at the desk)."),
                Err(e) => self.error(format!("Could not read the PIN: {e}")),
            },
            Command::LeaveDoorMode(pin) => match super::pin::check(&self.reg, &pin) {
                Ok(true) => {
                    if let Err(e) = self.reg.set_meta(DOOR_MODE_KEY, "off") {
                        self.error(format!("Could not leave door mode: {e}"));
                        return;
                    }
                    self.locked = false;
                    self.door.supervisor = false;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
                    self.info("Door mode off.");
                }
                Ok(false) => self.error("Wrong PIN. Door mode stays on."),
                Err(e) => self.error(format!("Could not read the PIN: {e}")),
            },
            Command::SetPin(pin) => match super::pin::set(&self.reg, &pin) {
                Ok(()) => self.info("Door PIN set."),
                Err(e) => self.error(format!("{e}")),
            },
            Command::PlanImport(path) => {
                self.import.plan = None;
                let label = format!("Checking {}", path.display());
                self.start(ctx, label, Running::Plan, move |reg, _| {
                    csv_io::plan_import(reg, &path).map_err(|e| e.to_string())
                });
            }
            Command::ApplyImport => {
                let Some(plan) = self.import.plan.clone() else {
                    return;
                };
                let label = format!("Importing {} rows", plan.rows.len());
                let order = self.data.order;
                self.start(ctx, label, Running::Import, move |reg, progress| {
                    let summary = csv_io::apply_import(reg, &plan, progress).map_err(|e| e.to_string())?;
                    let data = Data::load(reg, order).map_err(|e| format!("imported, but {e}"))?;
                    Ok((summary, data))
                });
            }
            Command::Export(path) => {
                let label = format!("Exporting to {}", path.display());
                self.start(ctx, label, Running::Export, move |reg, progress| {
                    csv_io::export_file(reg, &path, progress)
                        .map(|n| format!("Exported {n} delegates to {}.", path.display()))
                        .map_err(|e| e.to_string())
                });
            }
            Command::CancelJob => {
                if let Some(job) = &self.job {
                    job.progress().cancel();
                }
            }
            Command::Scan(payload) => self.scan(ctx, payload),
            Command::Override { target, reason } => self.override_admit(ctx, target, reason),
            Command::Annul { scan_id, reason } => self.annul(ctx, scan_id, reason),
            Command::SupervisorPin(pin) => match super::pin::check(&self.reg, &pin) {
                Ok(true) => {
                    self.door.supervisor = true;
                    self.refresh_door();
                    self.info("Supervisor tools open. Close them when done.");
                }
                Ok(false) => self.error("Wrong PIN."),
                Err(e) => self.error(format!("Could not read the PIN: {e}")),
            },
            Command::LookupPhotos(ids) => {
                for id in ids {
                    let photo = crate::registry::delegates::photo(self.reg.conn(), id).unwrap_or(None);
                    self.door.photos.insert(id, photo);
                }
                if self.door.photos.len() > 256 {
                    self.door.photos.clear();
                }
            }
            Command::PresenceRoll => self.presence_roll(ctx),
            Command::RefreshDoor => self.refresh_door(),
            Command::RefreshStats => self.refresh_stats(),
            Command::PreviewBadge(id) => self.preview(id),
            Command::Design(c) => self.apply_design(c),
            Command::PreparePrint(ids) => self.prepare_print(ctx, ids),
            Command::Print(ids) => self.print(ctx, ids),
            Command::Reissue(id) => match self.reg.reissue(id) {
                Ok(v) => {
                    self.after_change(id);
                    let name = self.data.row(id).map(|r| r.name.clone()).unwrap_or_default();
                    self.info(format!(
                        "{name} now has badge version {v}; the previous badge is refused at the door."
                    ));
                }
                Err(e) => self.error(format!("Not reissued: {e}")),
            },
            Command::OpenPdf(path) => match std::process::Command::new("xdg-open").arg(&path).spawn() {
                Ok(mut child) => {
                    self.info(format!("Opening {}", path.display()));
                    // Waited for on its own thread: no zombie, and a failure is reported.
                    self.errand(ctx, move || match child.wait() {
                        Ok(status) if status.success() => Outcome::Nothing,
                        Ok(status) => Outcome::Error(format!(
                            "xdg-open could not open the PDF ({status}); it is at {}",
                            path.display()
                        )),
                        Err(e) => Outcome::Error(format!("xdg-open: {e}; the PDF is at {}", path.display())),
                    });
                }
                Err(e) => self.error(format!(
                    "Cannot open the PDF with xdg-open ({e}); it is at {}",
                    path.display()
                )),
            },
            Command::SendToPrinter(path) => self.send_to_printer(ctx, &path),
            Command::ListPrinters => {
                self.errand(ctx, || Outcome::Printers(super::printing::printers()));
            }
            Command::Records(c) => self.apply_records(ctx, c),
        }
    }

    fn preview(&mut self, id: i64) {
        let result = super::printing::layout_for(&self.reg, id, self.badges.layout);
        self.badges.preview = Some(badges::Preview {
            id,
            layout: self.badges.layout,
            generation: self.data.generation,
            result,
        });
    }

    /// Keeps the accredited delegates among `ids` (only they get a badge); says in the
    /// status bar how many ticked ones are left out and why. `None` when none is left.
    fn accredited_only(&mut self, ids: Vec<i64>) -> Option<Vec<i64>> {
        let mut keep = Vec::with_capacity(ids.len());
        let mut skipped: std::collections::BTreeMap<&'static str, usize> = Default::default();
        for id in ids {
            match self.data.row(id).map(|r| r.d.status) {
                Some(Status::Accredited) => keep.push(id),
                Some(other) => *skipped.entry(other.as_str()).or_default() += 1,
                None => *skipped.entry("no longer in the registry").or_default() += 1,
            }
        }
        let n: usize = skipped.values().sum();
        self.badges.skipped = (n > 0).then(|| {
            let why: Vec<String> = skipped.iter().map(|(s, k)| format!("{k} {s}")).collect();
            format!(
                "Skipped {n} ticked delegate(s) not accredited ({}): only accredited delegates get a badge.",
                why.join(", ")
            )
        });
        if keep.is_empty() {
            let why = self.badges.skipped.take().unwrap_or_default();
            self.error(format!("Nothing printed. {why}"));
            return None;
        }
        if let Some(note) = self.badges.skipped.clone() {
            self.info(note);
        }
        Some(keep)
    }

    fn prepare_print(&mut self, ctx: &egui::Context, ids: Option<Vec<i64>>) {
        self.prefs.screen = Screen::Badges;
        let ids = match ids {
            Some(ids) => match self.accredited_only(ids) {
                Some(keep) => Some(keep),
                None => return,
            },
            None => {
                self.badges.skipped = None;
                None
            }
        };
        let warnings = match &ids {
            Some(ids) => crate::badge::glyph_warnings(&self.reg, ids),
            None => crate::badge::selected(&self.reg, &crate::badge::Selection::Unprinted).and_then(|ds| {
                let ids: Vec<i64> = ds.iter().map(|d| d.id).collect();
                crate::badge::glyph_warnings(&self.reg, &ids)
            }),
        };
        match warnings {
            Ok(w) if w.is_empty() => self.print(ctx, ids),
            Ok(warnings) => self.badges.confirm = Some(badges::PendingPrint { ids, warnings }),
            Err(e) => self.error(format!("Cannot print: {e}")),
        }
    }

    fn print(&mut self, ctx: &egui::Context, ids: Option<Vec<i64>>) {
        let offset = match self.data.event.offset() {
            Ok(o) => o,
            Err(e) => {
                self.error(format!("Cannot print: {e}"));
                return;
            }
        };
        let wanted = match super::printing::output_path(&self.badges.out_path, self.reg.path(), offset) {
            Ok(p) => p,
            Err(e) => {
                self.error(e);
                return;
            }
        };
        let job = crate::badge::PrintJob {
            layout: self.badges.layout,
            selection: match ids {
                Some(ids) => crate::badge::Selection::Ids(ids),
                None => crate::badge::Selection::Unprinted,
            },
        };
        let label = format!("Printing badges to {}", wanted.display());
        let order = self.data.order;
        self.start(ctx, label, Running::Print, move |reg, progress| {
            // A name of its own: two prints in one second never overwrite each other, nor
            // any file already there.
            let out = super::printing::reserve(&wanted)?;
            let report = match crate::badge::print(reg, &job, &out, progress) {
                Ok(r) => r,
                Err(e) => {
                    super::printing::release(&out);
                    return Err(e.to_string());
                }
            };
            if report.path.is_none() {
                super::printing::release(&out);
            }
            let data = Data::load(reg, order).ok();
            Ok((report, data))
        });
    }

    /// Takes a cache loaded by a worker, keeping the generation moving forward.
    pub(super) fn set_data(&mut self, mut data: Data) {
        data.generation = self.data.generation + 1;
        self.data = data;
    }

    fn printed(&mut self, ctx: &egui::Context, report: crate::badge::PrintReport) {
        let Some(path) = report.path.clone() else {
            self.badges.skipped = None;
            self.info("Nothing to print: every accredited badge is printed already.");
            self.badges.last = Some(report);
            return;
        };
        let skipped = self
            .badges
            .skipped
            .take()
            .map(|s| format!(" {s}"))
            .unwrap_or_default();
        self.info(format!(
            "Printed {} badge(s), {} page(s) to {}.{skipped}",
            report.printed.len(),
            report.pages,
            path.display()
        ));
        self.badges.last = Some(report);
        if !self.prefs.printer.is_empty() {
            self.send_to_printer(ctx, &path);
        } else if self.badges.open_after {
            self.pending.push(Command::OpenPdf(path));
        }
    }

    /// Sends a PDF to the chosen printer with `lp` on a thread of its own.
    fn send_to_printer(&mut self, ctx: &egui::Context, path: &std::path::Path) {
        let printer = self.prefs.printer.clone();
        let path = path.to_path_buf();
        if let Some(m) = &mut self.message {
            m.text.push_str(&format!(" Sending to {printer}…"));
        } else {
            self.info(format!("Sending {} to {printer}…", path.display()));
        }
        self.errand(ctx, move || {
            match super::printing::send_to_printer(&printer, &path) {
                Ok(msg) => Outcome::Info(msg),
                Err(e) => Outcome::Error(e),
            }
        });
    }

    /// Runs outside work (`lpstat`, `lp`, waiting for `xdg-open`) on a thread of its own.
    fn errand(&mut self, ctx: &egui::Context, work: impl FnOnce() -> Outcome + Send + 'static) {
        self.errands.push(Errand::spawn(ctx, work));
    }

    /// Takes the results of finished errands.
    pub(super) fn poll_errands(&mut self) {
        let mut done = Vec::new();
        self.errands.retain(|e| match e.poll() {
            Some(r) => {
                done.push(r);
                false
            }
            None => true,
        });
        for r in done {
            match r {
                Ok(Outcome::Printers(p)) => self.badges.printers = Some(p),
                Ok(Outcome::Info(m)) => self.info(m),
                Ok(Outcome::Error(e)) | Err(e) => self.error(e),
                Ok(Outcome::Nothing) => {}
            }
        }
    }

    /// Starts slow work on a worker thread, unless some is already running.
    fn start<T: Send + 'static>(
        &mut self,
        ctx: &egui::Context,
        label: String,
        wrap: fn(Job<T>) -> Running,
        work: impl FnOnce(&mut Registry, &crate::progress::ProgressHandle) -> Result<T, String> + Send + 'static,
    ) {
        if self.job.is_some() {
            self.error("Other work is still running; wait for it or cancel it.");
            return;
        }
        let Some(db) = self.reg.path().map(std::path::Path::to_path_buf) else {
            self.error("This database is in memory; slow work needs a database file.");
            return;
        };
        let operator = self.reg.operator().to_string();
        self.job = Some(wrap(Job::spawn(label, ctx, db, operator, work)));
    }

    /// Takes the result of finished work.
    /// Takes the delegates loaded at start, unless something changed meanwhile (then reads
    /// them again, now).
    pub(super) fn poll_loading(&mut self) {
        let Some((rx, generation)) = &self.loading else {
            return;
        };
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err("the loader stopped".into()),
        };
        let unchanged = self.data.generation == *generation;
        self.loading = None;
        match result {
            Ok(data) if unchanged && data.order == self.data.order => self.set_data(data),
            Ok(_) => self.reload(),
            Err(e) => self.error(format!("Could not read the delegates: {e}")),
        }
    }

    pub(super) fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.job else { return };
        match job {
            Running::Plan(j) => {
                if let Some(r) = j.poll() {
                    self.job = None;
                    match r {
                        Ok(plan) => {
                            let n = plan.errors.len() + plan.omitted_errors;
                            self.import.plan = Some(plan);
                            if n == 0 {
                                self.info("The file is correct: check the rows, then press Import.");
                            } else {
                                self.error(format!("The file has {n} problem(s); nothing was imported."));
                            }
                        }
                        Err(e) => self.error(format!("Cannot check the file: {e}")),
                    }
                }
            }
            Running::Import(j) => {
                if let Some(r) = j.poll() {
                    self.job = None;
                    match r {
                        Ok((summary, data)) => {
                            self.import.plan = None;
                            self.set_data(data);
                            self.info(format!("Import done: {summary}."));
                        }
                        Err(e) => self.error(format!("Import not done: {e}")),
                    }
                }
            }
            Running::Print(j) => {
                if let Some(r) = j.poll() {
                    self.job = None;
                    match r {
                        Ok((report, data)) => {
                            match data {
                                Some(data) => self.set_data(data),
                                // Printed, but the worker could not read the cache back.
                                None => self.reload(),
                            }
                            self.printed(ctx, report);
                        }
                        Err(e) => {
                            // A failed or cancelled print marks nothing: the cache is right.
                            self.badges.skipped = None;
                            self.error(format!("Not printed: {e}"));
                        }
                    }
                }
            }
            Running::Export(j) => {
                if let Some(r) = j.poll() {
                    self.job = None;
                    match r {
                        Ok(msg) => self.info(msg),
                        Err(e) => self.error(format!("Export not done: {e}")),
                    }
                }
            }
            Running::Task(j) => {
                if let Some(r) = j.poll() {
                    let what = j.label.clone();
                    self.job = None;
                    match r {
                        Ok((msg, reload)) => {
                            if reload {
                                self.reload();
                            }
                            self.info(msg);
                        }
                        Err(e) => self.error(format!("{what}: not done: {e}")),
                    }
                }
            }
        }
    }

    /// Opens the door engine on first use; the one engine keeps its scan count between
    /// scans, so [`Door::housekeeping`] knows when a checkpoint is due.
    fn ensure_door_engine(&mut self) -> bool {
        if self.door_engine.is_none() {
            match Door::open(&self.reg) {
                Ok(d) => self.door_engine = Some(d),
                Err(e) => {
                    self.error(format!("The door cannot start: {e}"));
                    return false;
                }
            }
        }
        true
    }

    fn scan_context(&mut self) -> Option<ScanContext> {
        if !self.ensure_door_engine() {
            return None;
        }
        let door = self.door_engine.as_ref()?;
        Some(ScanContext {
            station: door.station_id().to_string(),
            zone: self.door.zone.clone(),
            at: self.door.now(),
            direction: self.door.direction,
        })
    }

    /// Runs the door's housekeeping (a WAL checkpoint every so many scans) once the frame
    /// showing the last verdict has been drawn, so its disk flushes never delay a verdict.
    pub(super) fn door_housekeeping(&mut self, ctx: &egui::Context) {
        let Some(due) = self.housekeeping_after else {
            return;
        };
        if ctx.cumulative_frame_nr() < due {
            ctx.request_repaint();
            return;
        }
        self.housekeeping_after = None;
        if let Some(door) = &self.door_engine
            && let Err(e) = door.housekeeping(&self.reg)
        {
            self.error(format!(
                "Scan log checkpoint failed (scans are still recorded): {e}"
            ));
        }
    }

    /// Asks for housekeeping after the next frame (the one that shows the verdict) is drawn.
    fn housekeeping_after_next_frame(&mut self, ctx: &egui::Context) {
        self.housekeeping_after = Some(ctx.cumulative_frame_nr() + 2);
        ctx.request_repaint();
    }

    /// Shows a verdict that was just logged: restarts the reset time, plays its sound.
    fn show_verdict(&mut self, ctx: &egui::Context, v: crate::checkin::Verdict) {
        if v.admits()
            && let Some(s) = v.serial
        {
            self.data.set_checked_in(s);
        }
        if self.prefs.door.sound {
            super::sound::play(v.code.tone());
        }
        let now = ctx.input(|i| i.time);
        self.door.show_verdict(v, now);
        self.refresh_door();
        self.housekeeping_after_next_frame(ctx);
    }

    fn scan(&mut self, ctx: &egui::Context, payload: String) {
        let Some(sctx) = self.scan_context() else {
            return;
        };
        let Some(door) = self.door_engine.as_ref() else {
            return;
        };
        match door.scan(&mut self.reg, &payload, &sctx) {
            Ok(v) => {
                // A new badge: a dialog about the previous one no longer applies.
                self.door.override_target = None;
                self.door.reason.clear();
                self.door.last_payload = payload;
                self.show_verdict(ctx, v);
            }
            Err(e) => {
                self.door.verdict = None;
                self.error(format!("The scan was not recorded: {e}"));
            }
        }
    }

    fn override_admit(&mut self, ctx: &egui::Context, target: OverrideTarget, reason: String) {
        let Some(sctx) = self.scan_context() else {
            return;
        };
        let Some(door) = self.door_engine.as_ref() else {
            return;
        };
        let result = match &target {
            OverrideTarget::Payload { payload, .. } => {
                door.override_admit(&mut self.reg, Subject::Payload(payload), &reason, &sctx)
            }
            OverrideTarget::Delegate { id, .. } => {
                door.override_admit(&mut self.reg, Subject::Delegate(*id), &reason, &sctx)
            }
        };
        match result {
            Ok(v) => {
                self.door.lookup.clear();
                self.door.matches.clear();
                self.door.focus_scan = true;
                self.show_verdict(ctx, v);
            }
            Err(e) => {
                self.door.focus_scan = true;
                self.error(format!("Not admitted: {e}"));
            }
        }
    }

    fn annul(&mut self, ctx: &egui::Context, scan_id: String, reason: String) {
        let Some(sctx) = self.scan_context() else {
            return;
        };
        let Some(door) = self.door_engine.as_ref() else {
            return;
        };
        match door.annul(&mut self.reg, &scan_id, &reason, &sctx) {
            Ok(v) => {
                // The desk's "checked in" marks come from the log: read them again.
                if let Some(s) = v.serial
                    && let Err(e) = self.data.refresh_one(&self.reg, s)
                {
                    self.error(format!("Could not read the database: {e}"));
                }
                self.door.focus_scan = true;
                self.info(format!("Annulled: {}", v.detail));
                self.show_verdict(ctx, v);
            }
            Err(e) => {
                self.door.focus_scan = true;
                self.error(format!("Not annulled: {e}"));
            }
        }
    }

    /// Writes the evacuation roll (who is inside now) as a PDF beside the database, and opens
    /// it at the desk (in door mode the status bar names the file).
    fn presence_roll(&mut self, ctx: &egui::Context) {
        let at = self.door.now();
        let p = match checkin::presence(&self.reg, at, None) {
            Ok(p) => p,
            Err(e) => {
                self.error(format!("Cannot read the scan log: {e}"));
                return;
            }
        };
        let dir = self
            .reg
            .path()
            .and_then(std::path::Path::parent)
            .map(std::path::Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let stamp = p.at_local.replace([' ', ':'], "-");
        let wanted = dir.join(format!("evacuation-roll-{stamp}.pdf"));
        let result = super::printing::reserve(&wanted).and_then(|out| {
            checkin::presence::write_file(&self.reg, &p, &out)
                .map(|n| (out, n))
                .map_err(|e| e.to_string())
        });
        match result {
            Ok((out, n)) => {
                self.door.inside = Some(p);
                self.info(format!(
                    "Evacuation roll: {n} people inside, written to {}.",
                    out.display()
                ));
                if !self.locked {
                    self.apply(ctx, Command::OpenPdf(out));
                }
            }
            Err(e) => self.error(format!("The evacuation roll was not written: {e}")),
        }
    }

    pub(super) fn refresh_door(&mut self) {
        if !self.ensure_door_engine() {
            return;
        }
        let Some(door) = self.door_engine.as_ref() else {
            return;
        };
        let at = self.door.now();
        self.door.station_names = door.station_names().clone();
        // The last scans of today (a merged log may also hold other days).
        match (
            door.recent(&self.reg, 500),
            door.today_counts(&self.reg, at),
            checkin::presence(&self.reg, at, None),
        ) {
            (Ok(r), Ok(t), Ok(p)) => {
                self.door.annulled = r
                    .iter()
                    .filter(|e| e.verdict == checkin::VerdictCode::Annulled)
                    .map(|e| e.annuls.clone())
                    .collect();
                self.door.recent = r.into_iter().filter(|e| e.day == t.day).take(10).collect();
                self.door.today = t;
                self.door.inside = Some(p);
            }
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                self.error(format!("Cannot read the scan log: {e}"))
            }
        }
    }

    fn refresh_stats(&mut self) {
        match checkin::stats(&self.reg) {
            Ok(s) => self.dashboard.stats = Some(s),
            Err(e) => self.error(format!("Cannot compute the figures: {e}")),
        }
        self.dashboard.head = crate::registry::chain::head(self.reg.conn())
            .ok()
            .flatten()
            .map(|(id, h)| format!("entry {id} {}", crate::registry::chain::hex(&h)));
        match checkin::presence(&self.reg, self.door.now(), None) {
            Ok(p) => self.dashboard.inside = Some(p),
            Err(e) => self.error(format!("Cannot read the scan log: {e}")),
        }
    }

    fn save_delegate(&mut self, d: Delegate) {
        let result = if d.id == 0 {
            self.reg.add_delegate(&d)
        } else {
            self.reg.update_delegate(&d).map(|()| d.id)
        };
        match result {
            Ok(id) => {
                if d.id == 0 {
                    self.reload();
                } else {
                    self.after_change(id);
                }
                if let Ok(saved) = self.reg.delegate(id) {
                    let history = self.reg.history("delegate", &id.to_string()).unwrap_or_default();
                    self.delegates.open(saved, history);
                }
                self.info(format!("Saved {}.", d.display_name()));
            }
            Err(e) => {
                if let Some(form) = &mut self.delegates.form {
                    form.save_error = Some(format!("Not saved: {e}"));
                }
                self.error(format!("Not saved: {e}"));
            }
        }
    }

    fn change_status(&mut self, id: i64, status: Status, reason: String) {
        match self.reg.change_status(id, status, &reason) {
            Ok(()) => {
                self.after_change(id);
                let name = self.data.row(id).map(|r| r.name.clone()).unwrap_or_default();
                self.info(format!("{name} (delegate {id}) is now {}.", status.as_str()));
            }
            Err(e) => self.error(format!("Could not change the status: {e}")),
        }
    }

    fn after_change(&mut self, id: i64) {
        if let Err(e) = self.data.refresh_one(&self.reg, id) {
            self.error(format!("Could not read the database: {e}"));
        }
        if let Some(form) = &self.delegates.form
            && form.id == id
            && let Ok(d) = self.reg.delegate(id)
        {
            let history = self.reg.history("delegate", &id.to_string()).unwrap_or_default();
            self.delegates.open(d, history);
        }
    }
}

/// Loads the delegates on a worker thread with its own connection to `db`.
pub(super) fn load_in_background(
    ctx: &egui::Context,
    db: std::path::PathBuf,
    order: crate::registry::NameOrder,
) -> std::sync::mpsc::Receiver<Result<Data, String>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let result = Registry::open(&db)
            .and_then(|reg| Data::load(&reg, order))
            .map_err(|e| e.to_string());
        let _ = tx.send(result);
        ctx.request_repaint();
    });
    rx
}

/// Slow work in progress: one at a time.
#[derive(Debug)]
pub enum Running {
    /// Checking an import file.
    Plan(Job<ImportPlan>),
    /// Writing an import (the worker also reloads the cache, so the UI never waits).
    Import(Job<(ImportSummary, Data)>),
    /// Exporting delegates.
    Export(Job<String>),
    /// Printing badges (the worker also reloads the cache; `None` when it could not).
    Print(Job<(crate::badge::PrintReport, Option<Data>)>),
    /// Other file work (participants list, door copies, scan exports and merges): the
    /// message to show, and whether the cache must be read again.
    Task(Job<(String, bool)>),
}

impl Running {
    pub(super) fn label(&self) -> &str {
        match self {
            Self::Plan(j) => &j.label,
            Self::Import(j) => &j.label,
            Self::Export(j) => &j.label,
            Self::Print(j) => &j.label,
            Self::Task(j) => &j.label,
        }
    }

    pub(super) fn progress(&self) -> &crate::progress::ProgressHandle {
        match self {
            Self::Plan(j) => &j.progress,
            Self::Import(j) => &j.progress,
            Self::Export(j) => &j.progress,
            Self::Print(j) => &j.progress,
            Self::Task(j) => &j.progress,
        }
    }
}

/// The door view, with the rehearsal clock from `ACCREDIT_AT` (RFC 3339) when set.
pub(super) fn door_view_from_env() -> door::DoorView {
    let mut v = door::DoorView::default();
    if let Some(at) = std::env::var("ACCREDIT_AT")
        .ok()
        .and_then(|s| checkin::log::parse_at(&s))
    {
        v.set_rehearsal_clock(at);
    }
    v
}

/// What an errand brings back.
#[derive(Debug)]
pub enum Outcome {
    /// The CUPS printers found.
    Printers(Vec<String>),
    /// A message for the status bar.
    Info(String),
    /// An error for the status bar.
    Error(String),
    /// Nothing to say.
    Nothing,
}
