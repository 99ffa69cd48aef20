//! The dispatcher: each command is checked against door mode and the unsaved-edits guard,
//! then routed to the screen that owns it (`door::apply`, `delegates::apply`, ...). Only the
//! app's own commands (screens, theme, order, full screen, quit) are applied here.

use super::app::AccreditApp;
use super::context::{Command, Message, Screen, printers};
use super::delegates::unsaved::{self, Next};
use super::jobs::Outcome;
use super::records::work::Effects;
use super::{badges, dashboard, delegates, design, door, event, import, participants, records, stations};

impl AccreditApp {
    /// Reads the cache again from the database.
    pub(super) fn reload(&mut self) {
        if let Err(e) = self.data.reload(&self.reg) {
            let why = super::causes::chain(&e);
            self.message = Some(Message::error(crate::tr!("door-msg-db-unreadable", error = why)));
        }
    }

    /// Applies one command: the only place where UI requests change state.
    pub fn apply(&mut self, ctx: &egui::Context, cmd: Command) {
        if self.locked && cmd.needs_supervisor() && !self.door.supervisor {
            shell!(self, ctx).error(crate::tr!("app-door-mode-pin-opens"));
            return;
        }
        if self.locked && cmd.refused_in_door_mode() {
            let what = if cmd == Command::Quit {
                "door-msg-quit-locked"
            } else {
                "app-door-mode-edit"
            };
            shell!(self, ctx).error(crate::tr!(what));
            return;
        }
        if unsaved::hold(&mut self.delegates, &mut self.prefs.screen, &cmd) {
            return;
        }
        match cmd {
            Command::Show(s) => self.show_screen(ctx, s),
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
                import::apply::apply(&mut self.import, &mut shell!(self, ctx), cmd);
            }
            Command::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Command::SetLanguage(lang) => {
                // At once: this frame's remaining words and every later frame.
                self.prefs.lang = Some(lang);
                crate::i18n::set_current(lang);
                shell!(self, ctx).info(crate::tr!("app-language-set", language = lang.native_name()));
            }
            Command::ShowHelp => self.help_open = true,
            Command::SetOrder(order) => {
                self.prefs.order = order;
                if let Err(e) = self.data.set_order(&self.reg, order) {
                    let why = super::causes::chain(&e);
                    shell!(self, ctx).error(crate::tr!("door-msg-db-unreadable", error = why));
                }
            }
            Command::Reload => {
                let mut sh = shell!(self, ctx);
                sh.reload();
                sh.info(crate::tr!("app-reloaded"));
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::CancelJob => {
                if let Some(job) = &self.job {
                    job.progress().cancel();
                }
            }
            Command::ResolveUnsaved(choice) => match unsaved::resolve(&mut self.delegates, choice) {
                Next::Stay => {}
                Next::Run(held) => self.apply(ctx, held),
                Next::SaveThen(d, held) => {
                    self.apply(ctx, Command::SaveDelegate(d));
                    if !self.has_unsaved_edits() {
                        self.apply(ctx, held);
                    }
                }
            },
            Command::OpenPdf(path) => shell!(self, ctx).open_pdf(path),
            Command::SendToPrinter(path) => shell!(self, ctx).send_to_printer(&path),
            Command::ListPrinters => shell!(self, ctx).errand(|| Outcome::Printers(printers())),
            Command::FocusSearch
            | Command::OpenDelegation(_)
            | Command::OpenDelegate(_)
            | Command::NewDelegate
            | Command::SaveDelegate(_)
            | Command::SetStatus(..)
            | Command::ChangeStatus { .. }
            | Command::ResolveConflict { .. }
            | Command::CloseForm
            | Command::LoadPhoto(_) => {
                delegates::apply::apply(&mut self.delegates, &mut shell!(self, ctx), cmd)
            }
            Command::EnterDoorMode => {
                door::apply::apply(&mut self.door, &self.prefs.door, &mut shell!(self, ctx), cmd);
                if self.locked {
                    self.delegates.form = None;
                }
            }
            Command::Scan(_)
            | Command::Override { .. }
            | Command::Annul { .. }
            | Command::SupervisorPin(_)
            | Command::FindByName(_)
            | Command::PresenceRoll
            | Command::RefreshDoor
            | Command::SetPin(_)
            | Command::NameStation(_)
            | Command::LeaveDoorMode(_) => {
                door::apply::apply(&mut self.door, &self.prefs.door, &mut shell!(self, ctx), cmd);
            }
            Command::RefreshStats => {
                let at = self.door.now();
                dashboard::refresh(&mut self.dashboard, &mut shell!(self, ctx), at);
            }
            Command::SaveEvent(ev) => event::save(&mut self.event, &mut shell!(self, ctx), &ev),
            Command::WriteParticipants { path, order } => {
                participants::write(&mut shell!(self, ctx), path, order);
            }
            Command::PackageStation(_) | Command::ExportScans(_) | Command::MergeScans(_) => {
                stations::apply(&mut shell!(self, ctx), cmd);
            }
            Command::PlanImport(_) | Command::ApplyImport | Command::Export(_) => {
                import::apply::apply(&mut self.import, &mut shell!(self, ctx), cmd);
            }
            Command::PreviewBadge(_) | Command::PreparePrint(_) | Command::Print(_) | Command::Reissue(_) => {
                let mut sh = shell!(self, ctx);
                if let Some(id) = badges::apply::apply(&mut self.badges, &mut sh, cmd) {
                    delegates::apply::reopen_form(&mut self.delegates, &mut sh, id);
                }
            }
            Command::Design(c) => self.apply_design(ctx, c),
            Command::Records(c) => {
                let effects = records::work::apply(&mut self.records, &mut shell!(self, ctx), c);
                self.records_effects(ctx, effects);
            }
        }
    }

    /// Shows a screen; the Door, Dashboard, Records and Badge design screens read what they
    /// show when they open.
    fn show_screen(&mut self, ctx: &egui::Context, s: Screen) {
        self.prefs.screen = s;
        ctx.request_repaint();
        match s {
            Screen::Door => door::apply::on_show(&mut self.door, &mut shell!(self, ctx)),
            Screen::Dashboard => {
                let at = self.door.now();
                dashboard::refresh(&mut self.dashboard, &mut shell!(self, ctx), at);
            }
            Screen::Records => {
                let refresh = records::RecordsCommand::Refresh;
                let effects = records::work::apply(&mut self.records, &mut shell!(self, ctx), refresh);
                self.records_effects(ctx, effects);
            }
            Screen::Design => self.apply_design(ctx, design::DesignCommand::Load),
            _ => {}
        }
    }

    fn apply_design(&mut self, ctx: &egui::Context, c: design::DesignCommand) {
        let focus = self
            .badges
            .focus
            .or_else(|| self.delegates.selected.iter().next().copied());
        design::apply::apply(&mut self.design, &mut shell!(self, ctx), focus, c);
    }

    /// What the Records screen's work means for the other screens.
    pub(super) fn records_effects(&mut self, ctx: &egui::Context, effects: Effects) {
        if effects.head_read {
            self.dashboard.head = self.records.head.clone();
        }
        if effects.replaced {
            // The door engine caches the event, key and station names of the old file.
            self.door.engine = None;
            dashboard::after_replace(&mut self.dashboard, &mut shell!(self, ctx));
        }
    }
}
