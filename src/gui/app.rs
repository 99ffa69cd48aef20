//! The app: persisted preferences, runtime state and the frame. Screens send
//! [`Command`]s (see [`super::context`], with the command list behind menus and shortcuts);
//! after drawing, the app routes each to the screen that owns it ([`super::apply`]) and takes
//! the results of background work ([`super::poll`]).
//!
//! This is the top floor: it imports the screens; the screens import only
//! [`super::context`] and the widgets.

use egui::Ui;
use serde::{Deserialize, Serialize};

use super::context::{ACTIONS, Command, Cx, Message, Screen};
use super::data::Data;
use super::jobs::{Errand, Outcome, Running};
use super::widgets::Photos;
use super::{badges, dashboard, delegates, door, import, records, registry};
use crate::Registry;
use crate::registry::NameOrder;

/// What is remembered between runs (eframe persistence). Never any delegate data.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// The last screen shown.
    pub screen: Screen,
    /// Dark theme (else light).
    pub dark: bool,
    /// Protocol order language.
    pub order: NameOrder,
    /// Badge layout name (`cr80`, `a6`, `a4x4`).
    pub layout: String,
    /// CUPS printer to send badges to; empty = open the PDF in the system viewer.
    pub printer: String,
    /// The door station's settings: reset time, scanner, sound, direction, zone, language.
    pub door: door::DoorPrefs,
    /// The language of the app's words (`None`: the system's, see
    /// [`crate::i18n::Lang::from_env`]).
    pub lang: Option<crate::i18n::Lang>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            screen: Screen::Registry,
            dark: false,
            order: NameOrder::En,
            layout: "cr80".into(),
            printer: String::new(),
            door: door::DoorPrefs::default(),
            lang: None,
        }
    }
}

/// The desktop app.
pub struct AccreditApp {
    pub(super) reg: Registry,
    /// Remembered preferences.
    pub prefs: Prefs,
    /// The cached registry.
    pub data: Data,
    /// Registry screen state.
    pub registry: registry::RegistryView,
    /// Delegates screen state.
    pub delegates: delegates::DelegatesView,
    /// Import screen state.
    pub import: import::ImportView,
    /// Badges screen state.
    pub badges: badges::BadgesView,
    /// Door screen state.
    pub door: door::DoorView,
    /// Dashboard state.
    pub dashboard: dashboard::DashboardView,
    /// Records screen state (backups, audit chain, purge).
    pub records: records::RecordsView,
    /// Badge design screen state.
    pub design: super::design::DesignView,
    /// Event screen state.
    pub event: super::event::EventView,
    /// List of participants screen state.
    pub participants: super::participants::ParticipantsView,
    /// Door stations screen state.
    pub stations: super::stations::StationsView,
    /// Door mode: every editing screen is locked until the PIN is given.
    pub locked: bool,
    /// The slow work running, if any.
    pub job: Option<Running>,
    /// The latest message for the status bar.
    pub message: Option<Message>,
    /// The screen the message belongs to (see [`super::messages`]).
    pub(super) message_scope: super::messages::MessageScope,
    pub(super) photos: Photos,
    pub(super) pending: Vec<Command>,
    /// Outside commands running on threads of their own (`lpstat`, `lp`, `xdg-open`).
    pub(super) errands: Vec<Errand<Outcome>>,
    pub(super) theme_applied: Option<bool>,
    pub(super) fonts_installed: bool,
    pub(super) started: bool,
    /// The delegates loading on a worker thread, and the data generation when it started.
    pub(super) loading: Option<(std::sync::mpsc::Receiver<Result<Data, String>>, u64)>,
    /// The sync worker of a station that joined a hub (its own thread and connection).
    pub(super) sync: Option<crate::hub::WorkerHandle>,
    /// The network state as of this frame (`None`: a single station).
    pub network: Option<crate::hub::HubStatus>,
    /// The question asked when the desk is closed while doors depend on it.
    pub(super) close_guard: super::network::CloseGuard,
    /// The language of the desk when none is chosen: the system's for the app, English for
    /// an app made by [`AccreditApp::new`] (tests).
    pub system_lang: crate::i18n::Lang,
    /// The window is checked against its monitor (at start, after door mode).
    pub(super) fit: super::window::Fit,
    /// The data generation the screens were last told about.
    pub(super) notified: u64,
    /// The Help window (Help menu) is open.
    pub help_open: bool,
}

impl std::fmt::Debug for AccreditApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccreditApp")
            .field("screen", &self.prefs.screen)
            .field("locked", &self.locked)
            .finish()
    }
}

impl AccreditApp {
    /// The app on an open registry, with remembered preferences. The fonts are installed
    /// on the first frame.
    pub fn new(reg: Registry, prefs: Prefs) -> Result<Self, crate::RegistryError> {
        let data = Data::load(&reg, prefs.order)?;
        Self::with_data(reg, prefs, data)
    }

    fn with_data(reg: Registry, prefs: Prefs, data: Data) -> Result<Self, crate::RegistryError> {
        let locked = reg.meta(door::DOOR_MODE_KEY)?.is_some_and(|v| v == "on");
        let mut prefs = prefs;
        let layout_pref = prefs.layout.parse().unwrap_or_default();
        if locked {
            prefs.screen = Screen::Door;
        }
        let mut door = door::DoorView::default();
        // A rehearsal (`ACCREDIT_AT`): the door's clock runs on from that instant.
        door.clock_shift = std::env::var("ACCREDIT_AT")
            .ok()
            .and_then(|raw| super::clock::rehearsal_shift(&reg, &raw));
        door.direction = prefs.door.direction;
        door.zone = prefs.door.zone.clone().filter(|z| data.event.has_zone(z));
        let participants = super::participants::ParticipantsView::beside(reg.path());
        let stations = super::stations::StationsView::beside(reg.path());
        Ok(Self {
            reg,
            prefs,
            data,
            registry: Default::default(),
            delegates: Default::default(),
            import: Default::default(),
            badges: badges::BadgesView::with_layout(layout_pref),
            door,
            dashboard: Default::default(),
            records: Default::default(),
            design: Default::default(),
            event: Default::default(),
            participants,
            stations,
            job: None,
            errands: Vec::new(),
            locked,
            message: None,
            message_scope: Default::default(),
            photos: Photos::default(),
            pending: Vec::new(),
            theme_applied: None,
            fonts_installed: false,
            started: false,
            loading: None,
            sync: None,
            network: None,
            close_guard: Default::default(),
            system_lang: crate::i18n::Lang::En,
            fit: Default::default(),
            notified: 0,
            help_open: false,
        })
    }

    /// Starts the sync worker when this station has joined a hub (nothing otherwise: the
    /// single-machine default). A worker that cannot start is reported in the status bar.
    pub fn start_sync(&mut self) {
        let Some(path) = self.reg.path() else {
            return;
        };
        match crate::hub::WorkerHandle::spawn(path, crate::hub::worker::Options::default()) {
            Ok(w) => self.sync = w,
            Err(e) => {
                self.message = Some(Message::error(crate::tr!(
                    "app-no-sync",
                    error = super::causes::chain(&e)
                )));
            }
        }
    }

    /// The app for eframe: preferences from its storage. The first frame shows at once; the
    /// delegates load on a worker thread (a second or so with 100,000 of them).
    pub fn from_creation_context(
        cc: &eframe::CreationContext<'_>,
        reg: Registry,
    ) -> Result<Self, crate::RegistryError> {
        // On the first start, protocol order follows the system's language too.
        let prefs = cc
            .storage
            .and_then(|s| eframe::get_value::<Prefs>(s, eframe::APP_KEY))
            .unwrap_or_else(|| Prefs {
                order: crate::i18n::Lang::from_env(),
                ..Prefs::default()
            });
        super::fonts::install(&cc.egui_ctx);
        let data = Data::without_delegates(&reg, prefs.order)?;
        let loading = reg
            .path()
            .map(|p| super::jobs::load_in_background(&cc.egui_ctx, p.to_path_buf(), prefs.order));
        let mut app = Self::with_data(reg, prefs, data)?;
        app.system_lang = crate::i18n::Lang::from_env();
        crate::i18n::set_current(app.desk_lang());
        app.fonts_installed = true;
        app.start_sync();
        match loading {
            Some(rx) => app.loading = Some((rx, app.data.generation)),
            None => app.reload(),
        }
        Ok(app)
    }

    /// The language of the desk's words: the chosen one, else the system's.
    pub fn desk_lang(&self) -> crate::i18n::Lang {
        self.prefs.lang.unwrap_or(self.system_lang)
    }

    /// The language of the Door screen: its own, else the desk's.
    pub fn door_lang(&self) -> crate::i18n::Lang {
        self.prefs.door.lang.unwrap_or(self.desk_lang())
    }

    /// Queues a command as if a widget had sent it (menus, tests).
    pub fn send(&mut self, cmd: Command) {
        self.pending.push(cmd);
    }

    /// Whether the edit form is open with unsaved edits.
    pub fn has_unsaved_edits(&self) -> bool {
        self.delegates.has_unsaved_edits()
    }

    /// One frame as eframe runs it: [`Self::logic`] (the work between frames), then
    /// [`Self::draw`] (tests and benchmarks call this).
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.logic(&ctx);
        self.draw(ui);
    }

    /// The work between frames, also while the window is hidden (eframe's `App::logic`):
    /// the results of background work, errands, the delegates loaded at start, the door's
    /// housekeeping, automatic backups, the sync status and the window's fit. It reads no
    /// input events (while hidden they are the last shown frame's).
    pub fn logic(&mut self, ctx: &egui::Context) {
        // The work between frames speaks the desk's language (the Door screen's own is set
        // while it is drawn).
        crate::i18n::set_current(self.desk_lang());
        if !self.fonts_installed {
            super::fonts::install(ctx);
            self.fonts_installed = true;
        }
        if self.theme_applied != Some(self.prefs.dark) {
            ctx.set_theme(if self.prefs.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            // A focus ring that is seen: the focused widget (and a focused text field) has a
            // thick ring in a strong colour, in both themes.
            for (theme, ring) in [
                (egui::Theme::Light, egui::Color32::from_rgb(0, 84, 190)),
                (egui::Theme::Dark, egui::Color32::from_rgb(110, 180, 255)),
            ] {
                ctx.style_mut_of(theme, |s| {
                    s.visuals.widgets.active.bg_stroke = egui::Stroke::new(2.5, ring);
                    s.visuals.selection.stroke = egui::Stroke::new(2.5, ring);
                });
            }
            self.theme_applied = Some(self.prefs.dark);
        }
        self.records.clock_shift = self.door.clock_shift;
        if let Some(w) = &self.sync {
            self.network = Some(w.status());
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
        self.fit.check(ctx, self.locked);
        self.before_drawing(ctx);
        // The one change notification: whatever changed the registry (a save, a print, an
        // import, a design saved, a scan), every screen that keeps a copy reads it again.
        if self.data.generation != self.notified {
            self.notified = self.data.generation;
            self.registry_changed(ctx);
        }
    }

    /// Every screen holding its own copy of registry data shows it as it is now: an open
    /// form without edits (printed state, status, history), the retention reminder.
    fn registry_changed(&mut self, ctx: &egui::Context) {
        if let Some(f) = &self.delegates.form
            && f.id != 0
            && !f.is_dirty()
        {
            let (id, keyboard) = (f.id, self.delegates.open_by_keyboard);
            delegates::apply::reopen_form(&mut self.delegates, &mut shell!(self, ctx), id);
            self.delegates.open_by_keyboard = keyboard;
            if let Some(f) = &mut self.delegates.form {
                // The same form, read again: it stays where the user had scrolled.
                f.scroll_top = false;
            }
        }
        records::work::reread_reminder(&mut self.records, &shell!(self, ctx));
    }

    /// Draws one frame, then applies the commands it produced.
    pub fn draw(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        // The menus and tabs speak the desk's language; the Door screen (its panel, its
        // status bar and its commands' messages) its own.
        crate::i18n::set_current(self.desk_lang());
        if !self.started {
            // Opening on the remembered screen loads what it shows (the door's log, figures).
            self.started = true;
            self.pending.push(Command::Show(self.prefs.screen));
            // Back in door mode after a crash or a reboot: the kiosk is full screen again.
            if self.locked {
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
            }
        }
        // In door mode the window's close button is refused too: only the PIN ends the kiosk.
        if self.locked && ctx.input(|i| i.viewport().close_requested()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.message = Some(Message::error(crate::i18n::with_lang(self.door_lang(), || {
                crate::tr!("door-msg-quit-locked")
            })));
        }
        // Scanner bursts are taken from the frame's events before any widget or shortcut
        // sees them.
        if self.prefs.screen == Screen::Door {
            door::intercept_scanner(&mut self.door, &self.prefs.door, &ctx, &mut self.pending);
        }
        for action in ACTIONS {
            if let Some(sc) = action.shortcut()
                && ctx.input_mut(|i| i.consume_shortcut(&sc))
            {
                self.pending.push(action.command());
            }
        }
        self.top_bar(ui);
        if self.prefs.screen == Screen::Door {
            crate::i18n::set_current(self.door_lang());
        }
        let now = ctx.input(|i| i.time);
        if let Some(left) = self
            .message_scope
            .scope(&mut self.message, self.prefs.screen, now)
        {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(left.max(0.05)));
        }
        self.status_bar(ui);
        let busy = self.job.is_some();
        let Self {
            prefs,
            data,
            registry,
            delegates,
            import,
            badges,
            door,
            dashboard,
            records,
            design,
            event,
            participants,
            stations,
            locked,
            photos,
            pending,
            network,
            loading,
            ..
        } = self;
        let mut cx = Cx::new(data, *locked, photos, busy, network.as_ref(), pending);
        cx.loading = loading.is_some();
        egui::CentralPanel::default().show(ui, |ui| match prefs.screen {
            Screen::Registry => registry::ui(registry, ui, &mut cx),
            Screen::Delegates => delegates::ui(delegates, ui, &mut cx),
            Screen::Import => import::ui(import, ui, &mut cx),
            Screen::Door => door::ui(door, &mut prefs.door, ui, &mut cx),
            Screen::Dashboard => dashboard::ui(dashboard, ui, &mut cx),
            Screen::Records => records::ui(records, ui, &mut cx),
            Screen::Event => super::event::ui(event, ui, &mut cx),
            Screen::Participants => super::participants::ui(participants, &prefs.printer, ui, &mut cx),
            Screen::Stations => super::stations::ui(stations, ui, &mut cx),
            Screen::Badges => badges::ui(badges, &mut delegates.selected, &mut prefs.printer, ui, &mut cx),
            Screen::Design => super::design::ui(design, ui, &mut cx),
        });
        if !self.locked {
            super::network::guard_close(
                &mut self.close_guard,
                self.network.as_ref(),
                self.data.door_copy,
                &ctx,
            );
        }
        super::network::close_dialog(&mut self.close_guard, &ctx);
        super::help::window(&mut self.help_open, &ctx);
        if let Some(answer) = delegates::unsaved::dialog(&mut self.delegates, &self.data, &ctx) {
            self.pending.push(answer);
        }
        self.prefs.layout = self.badges.layout.to_string();
        let cmds = std::mem::take(&mut self.pending);
        if !cmds.is_empty() {
            // What the commands changed shows on the next frame, without waiting for input.
            ctx.request_repaint();
        }
        for cmd in cmds {
            self.apply(&ctx, cmd);
        }
        crate::i18n::set_current(self.desk_lang());
    }
}

impl eframe::App for AccreditApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        AccreditApp::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}
