//! The app: persisted preferences, runtime state, the command list behind menus and
//! shortcuts, and the one [`Command`] enum every screen sends and [`AccreditApp`] applies
//! once per frame, after drawing.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};
use serde::{Deserialize, Serialize};

use super::data::Data;
use super::door::OverrideTarget;
use super::jobs::Job;
use super::widgets::Photos;
use super::{badges, dashboard, delegates, door, import, registry};
use crate::Registry;
use crate::checkin::{self, Door, ScanContext, Subject};
use crate::csv_io::{self, ImportPlan, ImportSummary};
use crate::registry::{Delegate, NameOrder, Status};

/// The screens, in the order of the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Screen {
    /// Delegations by kind with their counts.
    #[default]
    Registry,
    /// The table of delegates and the edit form.
    Delegates,
    /// CSV import with preview.
    Import,
    /// Badge preview and printing.
    Badges,
    /// The door kiosk.
    Door,
    /// Counts and arrivals.
    Dashboard,
}

impl Screen {
    /// Every screen, in tab order.
    pub const ALL: [Screen; 6] = [
        Self::Registry,
        Self::Delegates,
        Self::Import,
        Self::Badges,
        Self::Door,
        Self::Dashboard,
    ];

    /// The tab's title.
    pub fn title(self) -> &'static str {
        match self {
            Self::Registry => "Registry",
            Self::Delegates => "Delegates",
            Self::Import => "Import",
            Self::Badges => "Badges",
            Self::Door => "Door",
            Self::Dashboard => "Dashboard",
        }
    }
}

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
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            screen: Screen::Registry,
            dark: false,
            order: NameOrder::En,
            layout: "cr80".into(),
            printer: String::new(),
        }
    }
}

/// Everything a user can ask for from a menu or a shortcut: the one command list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Go to a screen.
    Go(Screen),
    /// Ctrl+F: focus the delegate search.
    Search,
    /// Ctrl+P: print the selected badges.
    PrintSelection,
    /// Ctrl+I: import a CSV.
    Import,
    /// F11: door kiosk full screen.
    DoorFullScreen,
    /// Switch light / dark.
    ToggleTheme,
    /// Protocol order by English names.
    OrderEnglish,
    /// Protocol order by French names.
    OrderFrench,
    /// F5: reload from the database.
    Reload,
    /// Ctrl+Q: quit.
    Quit,
}

/// The menus of the menu bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// File.
    File,
    /// View.
    View,
    /// Go.
    Go,
}

impl Menu {
    /// The menus in bar order.
    pub const ALL: [Menu; 3] = [Self::File, Self::View, Self::Go];
    /// Title in the bar.
    pub fn title(self) -> &'static str {
        match self {
            Self::File => "File",
            Self::View => "View",
            Self::Go => "Go",
        }
    }
}

/// The command list: every action, in menu order.
pub const ACTIONS: &[Action] = &[
    Action::Import,
    Action::PrintSelection,
    Action::Reload,
    Action::Quit,
    Action::Search,
    Action::DoorFullScreen,
    Action::ToggleTheme,
    Action::OrderEnglish,
    Action::OrderFrench,
    Action::Go(Screen::Registry),
    Action::Go(Screen::Delegates),
    Action::Go(Screen::Import),
    Action::Go(Screen::Badges),
    Action::Go(Screen::Door),
    Action::Go(Screen::Dashboard),
];

impl Action {
    /// The menu entry.
    pub fn label(self) -> &'static str {
        match self {
            Self::Go(s) => s.title(),
            Self::Search => "Search delegates",
            Self::PrintSelection => "Print selected badges",
            Self::Import => "Import CSV…",
            Self::DoorFullScreen => "Door full screen",
            Self::ToggleTheme => "Light / dark theme",
            Self::OrderEnglish => "Protocol order: English",
            Self::OrderFrench => "Protocol order: French",
            Self::Reload => "Reload from database",
            Self::Quit => "Quit",
        }
    }

    /// The menu it belongs to.
    pub fn menu(self) -> Menu {
        match self {
            Self::Import | Self::PrintSelection | Self::Reload | Self::Quit => Menu::File,
            Self::Search
            | Self::DoorFullScreen
            | Self::ToggleTheme
            | Self::OrderEnglish
            | Self::OrderFrench => Menu::View,
            Self::Go(_) => Menu::Go,
        }
    }

    /// The keyboard shortcut.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let ctrl = |k| Some(KeyboardShortcut::new(Modifiers::COMMAND, k));
        match self {
            Self::Search => ctrl(Key::F),
            Self::PrintSelection => ctrl(Key::P),
            Self::Import => ctrl(Key::I),
            Self::DoorFullScreen => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F11)),
            Self::Reload => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F5)),
            Self::Quit => ctrl(Key::Q),
            Self::Go(s) => ctrl(match s {
                Screen::Registry => Key::Num1,
                Screen::Delegates => Key::Num2,
                Screen::Import => Key::Num3,
                Screen::Badges => Key::Num4,
                Screen::Door => Key::Num5,
                Screen::Dashboard => Key::Num6,
            }),
            Self::ToggleTheme | Self::OrderEnglish | Self::OrderFrench => None,
        }
    }

    /// The command it sends.
    pub fn command(self) -> Command {
        match self {
            Self::Go(s) => Command::Show(s),
            Self::Search => Command::FocusSearch,
            Self::PrintSelection => Command::PrintSelection,
            Self::Import => Command::Show(Screen::Import),
            Self::DoorFullScreen => Command::ToggleFullScreen,
            Self::ToggleTheme => Command::ToggleTheme,
            Self::OrderEnglish => Command::SetOrder(NameOrder::En),
            Self::OrderFrench => Command::SetOrder(NameOrder::Fr),
            Self::Reload => Command::Reload,
            Self::Quit => Command::Quit,
        }
    }
}

/// A request from the UI, applied by [`AccreditApp::apply`] after the frame is drawn.
///
/// Every change to the database goes through one of these, so door mode can refuse the
/// editing ones in a single place ([`Command::edits`]).
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Show a screen (door mode allows only the door).
    Show(Screen),
    /// Show the delegates and put the keyboard in the search field.
    FocusSearch,
    /// Print the selected delegates' badges (goes to the Badges screen).
    PrintSelection,
    /// Enter or leave full screen.
    ToggleFullScreen,
    /// Switch light / dark theme.
    ToggleTheme,
    /// Change the language of protocol order.
    SetOrder(NameOrder),
    /// Reload the cache from the database.
    Reload,
    /// Close the app.
    Quit,
    /// Show one delegation's delegates in the Delegates screen.
    OpenDelegation(String),
    /// Open a delegate in the edit form.
    OpenDelegate(i64),
    /// Open an empty edit form for a new delegate.
    NewDelegate,
    /// Save the edit form (insert when `id` is 0).
    SaveDelegate(Box<Delegate>),
    /// Approve, reject or withdraw.
    SetStatus(i64, Status),
    /// Read a photo file into the edit form.
    LoadPhoto(PathBuf),
    /// Enter door mode (needs a PIN set).
    EnterDoorMode,
    /// Leave door mode with this PIN.
    LeaveDoorMode(String),
    /// Set the door-mode PIN.
    SetPin(String),
    /// Check a CSV file (on a worker thread); writes nothing.
    PlanImport(PathBuf),
    /// Write the checked plan (on a worker thread, with progress).
    ApplyImport,
    /// Export every delegate to a CSV file (on a worker thread).
    Export(PathBuf),
    /// Ask the running work to stop; it then leaves no trace.
    CancelJob,
    /// Judge a scanned payload at the door (logged durably before it shows).
    Scan(String),
    /// Find delegates by name at the door.
    LookUp(String),
    /// Admit by a supervisor's override with a reason (logged).
    Override {
        /// Whom.
        target: OverrideTarget,
        /// Why (required).
        reason: String,
    },
    /// Recompute the dashboard's figures.
    RefreshStats,
    /// Lay out the badge of a delegate for the preview.
    PreviewBadge(i64),
    /// Check glyphs, then print (ids, or `None` for every badge not printed yet); asks first
    /// when some characters cannot be printed.
    PreparePrint(Option<Vec<i64>>),
    /// Print now (on a worker thread, with progress); marks the badges printed.
    Print(Option<Vec<i64>>),
    /// Issue a new badge version, revoking the old badge.
    Reissue(i64),
    /// Open a PDF with the system viewer (`xdg-open`).
    OpenPdf(PathBuf),
    /// Send a PDF to the chosen CUPS printer (`lp -d NAME`).
    SendToPrinter(PathBuf),
    /// Look for CUPS printers (`lpstat -e`).
    ListPrinters,
}

impl Command {
    /// Whether this command changes the registry or opens an editing screen.
    pub fn edits(&self) -> bool {
        match self {
            Self::Show(s) => *s != Screen::Door,
            Self::FocusSearch
            | Self::PrintSelection
            | Self::OpenDelegation(_)
            | Self::OpenDelegate(_)
            | Self::NewDelegate
            | Self::SaveDelegate(_)
            | Self::SetStatus(..)
            | Self::LoadPhoto(_)
            | Self::SetPin(_)
            | Self::SetOrder(_)
            | Self::EnterDoorMode
            | Self::PlanImport(_)
            | Self::ApplyImport
            | Self::Export(_)
            | Self::RefreshStats
            | Self::PreviewBadge(_)
            | Self::PreparePrint(_)
            | Self::Print(_)
            | Self::Reissue(_)
            | Self::OpenPdf(_)
            | Self::SendToPrinter(_)
            | Self::ListPrinters => true,
            Self::ToggleFullScreen
            | Self::ToggleTheme
            | Self::Reload
            | Self::Quit
            | Self::LeaveDoorMode(_)
            | Self::CancelJob
            | Self::Scan(_)
            | Self::LookUp(_)
            | Self::Override { .. } => false,
        }
    }
}

/// A message for the user in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// An error (red) or information.
    pub error: bool,
    /// Plain words.
    pub text: String,
}

/// What a screen may read and send: the narrow context passed to each screen.
pub struct Cx<'a> {
    /// The cached registry.
    pub data: &'a Data,
    /// Whether door mode is on (editing locked).
    pub locked: bool,
    /// Photo textures.
    pub photos: &'a mut Photos,
    /// Whether slow work is running (one at a time).
    pub busy: bool,
    cmds: &'a mut Vec<Command>,
}

impl Cx<'_> {
    /// Queues a command, applied after this frame.
    pub fn send(&mut self, cmd: Command) {
        self.cmds.push(cmd);
    }
}

/// The desktop app.
pub struct AccreditApp {
    reg: Registry,
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
    /// Door mode: every editing screen is locked until the PIN is given.
    pub locked: bool,
    /// The slow work running, if any.
    pub job: Option<Running>,
    /// The latest message for the status bar.
    pub message: Option<Message>,
    photos: Photos,
    pending: Vec<Command>,
    door_engine: Option<Door>,
    theme_applied: Option<bool>,
    fonts_installed: bool,
    started: bool,
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
        let locked = reg.meta(DOOR_MODE_KEY)?.is_some_and(|v| v == "on");
        let mut prefs = prefs;
        let layout_pref = prefs.layout.parse().unwrap_or_default();
        if locked {
            prefs.screen = Screen::Door;
        }
        Ok(Self {
            reg,
            prefs,
            data,
            registry: Default::default(),
            delegates: Default::default(),
            import: Default::default(),
            badges: badges::BadgesView::with_layout(layout_pref),
            door: door_view_from_env(),
            dashboard: Default::default(),
            job: None,
            door_engine: None,
            locked,
            message: None,
            photos: Photos::default(),
            pending: Vec::new(),
            theme_applied: None,
            fonts_installed: false,
            started: false,
        })
    }

    /// The app for eframe: preferences from its storage.
    pub fn from_creation_context(
        cc: &eframe::CreationContext<'_>,
        reg: Registry,
    ) -> Result<Self, crate::RegistryError> {
        let prefs = cc
            .storage
            .and_then(|s| eframe::get_value::<Prefs>(s, eframe::APP_KEY))
            .unwrap_or_default();
        super::fonts::install(&cc.egui_ctx);
        let mut app = Self::new(reg, prefs)?;
        app.fonts_installed = true;
        Ok(app)
    }

    /// The registry (read-only; changes go through commands).
    pub fn registry_handle(&self) -> &Registry {
        &self.reg
    }

    /// Queues a command as if a widget had sent it (menus, tests).
    pub fn send(&mut self, cmd: Command) {
        self.pending.push(cmd);
    }

    /// Draws one frame, then applies the commands it produced.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            super::fonts::install(&ctx);
            self.fonts_installed = true;
        }
        if !self.started {
            // Opening on the remembered screen loads what it shows (the door's log, figures).
            self.started = true;
            self.pending.push(Command::Show(self.prefs.screen));
        }
        if self.theme_applied != Some(self.prefs.dark) {
            ctx.set_theme(if self.prefs.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            self.theme_applied = Some(self.prefs.dark);
        }
        for action in ACTIONS {
            if let Some(sc) = action.shortcut() {
                if ctx.input_mut(|i| i.consume_shortcut(&sc)) {
                    self.pending.push(action.command());
                }
            }
        }
        self.poll_job();
        self.top_bar(ui);
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
            locked,
            photos,
            pending,
            ..
        } = self;
        let mut cx = Cx {
            data,
            locked: *locked,
            photos,
            busy,
            cmds: pending,
        };
        egui::CentralPanel::default().show(ui, |ui| match prefs.screen {
            Screen::Registry => registry::ui(registry, ui, &mut cx),
            Screen::Delegates => delegates::ui(delegates, ui, &mut cx),
            Screen::Import => import::ui(import, ui, &mut cx),
            Screen::Door => door::ui(door, ui, &mut cx),
            Screen::Dashboard => dashboard::ui(dashboard, ui, &mut cx),
            Screen::Badges => badges::ui(badges, &mut delegates.selected, &mut prefs.printer, ui, &mut cx),
        });
        self.prefs.layout = self.badges.layout.to_string();
        let cmds = std::mem::take(&mut self.pending);
        for cmd in cmds {
            self.apply(&ctx, cmd);
        }
    }

    fn top_bar(&mut self, ui: &mut Ui) {
        egui::Panel::top("top_bar").show(ui, |ui| {
            if !self.locked {
                egui::MenuBar::new().ui(ui, |ui| {
                    for menu in Menu::ALL {
                        ui.menu_button(menu.title(), |ui| {
                            for action in ACTIONS.iter().filter(|a| a.menu() == menu) {
                                let mut b = egui::Button::new(action.label());
                                if let Some(sc) = action.shortcut() {
                                    b = b.shortcut_text(ui.ctx().format_shortcut(&sc));
                                }
                                if ui.add(b).clicked() {
                                    self.pending.push(action.command());
                                    ui.close();
                                }
                            }
                        });
                    }
                });
            }
            ui.horizontal(|ui| {
                for s in Screen::ALL {
                    let enabled = !self.locked || s == Screen::Door;
                    let r = ui.add_enabled(
                        enabled,
                        egui::Button::selectable(self.prefs.screen == s, RichText::new(s.title()).size(16.0)),
                    );
                    if r.clicked() {
                        self.pending.push(Command::Show(s));
                    }
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if self.locked {
                        ui.label(RichText::new("DOOR MODE: editing locked").strong());
                    } else {
                        ui.label(RichText::new(&self.data.event.title).weak());
                    }
                });
            });
        });
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            if let Some(job) = &self.job {
                if super::widgets::progress_ui(ui, job.label(), job.progress()) {
                    self.pending.push(Command::CancelJob);
                }
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(50));
            }
            ui.horizontal(|ui| {
                match &self.message {
                    Some(m) if m.error => {
                        ui.label(RichText::new(&m.text).color(super::widgets::error_colour(ui)));
                    }
                    Some(m) => {
                        ui.label(&m.text);
                    }
                    None => {
                        ui.label(RichText::new("Ready").weak());
                    }
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let db = self
                        .reg
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| "in memory".into());
                    ui.label(RichText::new(format!("{} delegates · {db}", self.data.rows.len())).weak());
                });
            });
        });
    }

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

    fn reload(&mut self) {
        if let Err(e) = self.data.reload(&self.reg) {
            self.error(format!("Could not read the database: {e}"));
        }
    }

    /// Applies one command: the only place where UI requests change state.
    pub fn apply(&mut self, ctx: &egui::Context, cmd: Command) {
        if self.locked && cmd.edits() {
            self.error("Door mode is on: leave door mode with the PIN to edit.");
            return;
        }
        match cmd {
            Command::Show(s) => {
                self.prefs.screen = s;
                match s {
                    Screen::Door => self.refresh_door(),
                    Screen::Dashboard => self.refresh_stats(),
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
            Command::SetStatus(id, status) => match self.reg.set_status(id, status) {
                Ok(()) => {
                    self.after_change(id);
                    self.info(format!("Delegate {id} is now {}.", status.as_str()));
                }
                Err(e) => self.error(format!("Could not change the status: {e}")),
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
                    self.delegates.form = None;
                    self.prefs.screen = Screen::Door;
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
            Command::Scan(payload) => self.scan(payload),
            Command::LookUp(q) => match checkin::lookup_by_name(&self.reg, &q, 12) {
                Ok(m) => self.door.matches = m,
                Err(e) => self.error(format!("Lookup failed: {e}")),
            },
            Command::Override { target, reason } => self.override_admit(target, reason),
            Command::RefreshStats => self.refresh_stats(),
            Command::PreviewBadge(id) => self.preview(id),
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
                Ok(_) => self.info(format!("Opening {}", path.display())),
                Err(e) => self.error(format!(
                    "Cannot open the PDF with xdg-open ({e}); it is at {}",
                    path.display()
                )),
            },
            Command::SendToPrinter(path) => self.send_to_printer(&path),
            Command::ListPrinters => self.badges.printers = Some(super::printing::printers()),
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

    fn prepare_print(&mut self, ctx: &egui::Context, ids: Option<Vec<i64>>) {
        self.prefs.screen = Screen::Badges;
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
        let out = match super::printing::output_path(&self.badges.out_path, self.reg.path()) {
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
        let label = format!("Printing badges to {}", out.display());
        let order = self.data.order;
        self.start(ctx, label, Running::Print, move |reg, progress| {
            let report = crate::badge::print(reg, &job, &out, progress).map_err(|e| e.to_string())?;
            let data = Data::load(reg, order).map_err(|e| format!("printed, but {e}"))?;
            Ok((report, data))
        });
    }

    /// Takes a cache loaded by a worker, keeping the generation moving forward.
    fn set_data(&mut self, mut data: Data) {
        data.generation = self.data.generation + 1;
        self.data = data;
    }

    fn printed(&mut self, report: crate::badge::PrintReport) {
        let Some(path) = report.path.clone() else {
            self.info("Nothing to print: every accredited badge is printed already.");
            self.badges.last = Some(report);
            return;
        };
        self.info(format!(
            "Printed {} badge(s), {} page(s) to {}.",
            report.printed.len(),
            report.pages,
            path.display()
        ));
        self.badges.last = Some(report);
        if !self.prefs.printer.is_empty() {
            self.send_to_printer(&path);
        } else if self.badges.open_after {
            self.pending.push(Command::OpenPdf(path));
        }
    }

    fn send_to_printer(&mut self, path: &std::path::Path) {
        let printer = self.prefs.printer.clone();
        match super::printing::send_to_printer(&printer, path) {
            Ok(msg) => self.info(msg),
            Err(e) => self.error(e),
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
    fn poll_job(&mut self) {
        let Some(job) = &self.job else { return };
        match job {
            Running::Plan(j) => {
                if let Some(r) = j.poll() {
                    self.job = None;
                    match r {
                        Ok(plan) => {
                            let n = plan.errors.len();
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
                            self.set_data(data);
                            self.printed(report);
                        }
                        Err(e) => {
                            self.reload();
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
        }
    }

    fn door_engine(&mut self) -> Option<&Door> {
        if self.door_engine.is_none() {
            match Door::open(&self.reg) {
                Ok(d) => self.door_engine = Some(d),
                Err(e) => {
                    self.error(format!("The door cannot start: {e}"));
                    return None;
                }
            }
        }
        self.door_engine.as_ref()
    }

    fn scan_context(&mut self) -> Option<(Door, ScanContext)> {
        let at = self.door.now();
        let zone = self.door.zone.clone();
        let door = self.door_engine()?.clone();
        let ctx = ScanContext {
            station: door.station_id().to_string(),
            zone,
            at,
        };
        Some((door, ctx))
    }

    fn scan(&mut self, payload: String) {
        let Some((door, sctx)) = self.scan_context() else {
            return;
        };
        match door.scan(&mut self.reg, &payload, &sctx) {
            Ok(v) => {
                if v.admits() {
                    if let Some(s) = v.serial {
                        self.data.set_checked_in(s);
                    }
                }
                self.door.last_payload = payload;
                self.door.verdict = Some(v);
                self.refresh_door();
            }
            Err(e) => {
                self.door.verdict = None;
                self.error(format!("The scan was not recorded: {e}"));
            }
        }
    }

    fn override_admit(&mut self, target: OverrideTarget, reason: String) {
        let Some((door, sctx)) = self.scan_context() else {
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
                if let Some(s) = v.serial {
                    self.data.set_checked_in(s);
                }
                self.door.verdict = Some(v);
                self.door.lookup.clear();
                self.door.matches.clear();
                self.refresh_door();
            }
            Err(e) => self.error(format!("Not admitted: {e}")),
        }
    }

    fn refresh_door(&mut self) {
        let at = self.door.now();
        let Some(door) = self.door_engine().cloned() else {
            return;
        };
        match (door.recent(&self.reg, 10), door.today_counts(&self.reg, at)) {
            (Ok(r), Ok(t)) => {
                self.door.recent = r;
                self.door.today = t;
            }
            (Err(e), _) | (_, Err(e)) => self.error(format!("Cannot read the scan log: {e}")),
        }
    }

    fn refresh_stats(&mut self) {
        match checkin::stats(&self.reg) {
            Ok(s) => self.dashboard.stats = Some(s),
            Err(e) => self.error(format!("Cannot compute the figures: {e}")),
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

    fn after_change(&mut self, id: i64) {
        if let Err(e) = self.data.refresh_one(&self.reg, id) {
            self.error(format!("Could not read the database: {e}"));
        }
        if let Some(form) = &self.delegates.form {
            if form.id == id {
                if let Ok(d) = self.reg.delegate(id) {
                    let history = self.reg.history("delegate", &id.to_string()).unwrap_or_default();
                    self.delegates.open(d, history);
                }
            }
        }
    }
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
    /// Printing badges (the worker also reloads the cache).
    Print(Job<(crate::badge::PrintReport, Data)>),
}

impl Running {
    fn label(&self) -> &str {
        match self {
            Self::Plan(j) => &j.label,
            Self::Import(j) => &j.label,
            Self::Export(j) => &j.label,
            Self::Print(j) => &j.label,
        }
    }

    fn progress(&self) -> &crate::progress::ProgressHandle {
        match self {
            Self::Plan(j) => &j.progress,
            Self::Import(j) => &j.progress,
            Self::Export(j) => &j.progress,
            Self::Print(j) => &j.progress,
        }
    }
}

/// The door view, with the rehearsal clock from `ACCREDIT_AT` (RFC 3339) when set.
fn door_view_from_env() -> door::DoorView {
    let mut v = door::DoorView::default();
    if let Some(at) = std::env::var("ACCREDIT_AT")
        .ok()
        .and_then(|s| checkin::log::parse_at(&s))
    {
        v.set_rehearsal_clock(at);
    }
    v
}

/// The `meta` key remembering that the station is in door mode (survives a restart).
pub const DOOR_MODE_KEY: &str = "gui.door_mode";

impl eframe::App for AccreditApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}
