//! The command list behind menus and shortcuts ([`Action`], [`ACTIONS`]) and the one
//! [`Command`] enum every screen sends; the app applies them after the frame, each in the
//! screen that owns it (`gui::apply`).

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::{Choice, DesignCommand, OverrideTarget, RecordsCommand, Screen};
use crate::registry::{Delegate, NameOrder, Status};

/// Everything a user can ask for from a menu or a shortcut: the one command list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Go to a screen.
    Go(Screen),
    /// Ctrl+F: focus the delegate search.
    Search,
    /// Ctrl+P: print the selected badges.
    PrintSelection,
    /// Ctrl+I: import a CSV (opens the file dialog).
    Import,
    /// F11: the Door screen, full screen (again: leave full screen).
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
    pub fn title(self) -> String {
        crate::i18n::tr(match self {
            Self::File => "menu-file",
            Self::View => "menu-view",
            Self::Go => "menu-go",
        })
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
    // In the tabs' order, which is the order of their shortcuts (Ctrl+1 ... Ctrl+0, Ctrl+B).
    Action::Go(Screen::Registry),
    Action::Go(Screen::Delegates),
    Action::Go(Screen::Import),
    Action::Go(Screen::Badges),
    Action::Go(Screen::Door),
    Action::Go(Screen::Dashboard),
    Action::Go(Screen::Event),
    Action::Go(Screen::Participants),
    Action::Go(Screen::Stations),
    Action::Go(Screen::Records),
    Action::Go(Screen::Design),
];

impl Action {
    /// The menu entry.
    pub fn label(self) -> String {
        crate::i18n::tr(match self {
            Self::Go(s) => return s.title(),
            Self::Search => "action-search",
            Self::PrintSelection => "action-print-selection",
            Self::Import => "action-import",
            Self::DoorFullScreen => "action-door-full-screen",
            Self::ToggleTheme => "action-toggle-theme",
            Self::OrderEnglish => "action-order-english",
            Self::OrderFrench => "action-order-french",
            Self::Reload => "action-reload",
            Self::Quit => "action-quit",
        })
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
                Screen::Event => Key::Num7,
                Screen::Participants => Key::Num8,
                Screen::Stations => Key::Num9,
                Screen::Records => Key::Num0,
                // Ctrl+B: the badge's design (the digits are all taken).
                Screen::Design => Key::B,
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
            Self::Import => Command::ChooseImportFile,
            Self::DoorFullScreen => Command::DoorFullScreen,
            Self::ToggleTheme => Command::ToggleTheme,
            Self::OrderEnglish => Command::SetOrder(NameOrder::En),
            Self::OrderFrench => Command::SetOrder(NameOrder::Fr),
            Self::Reload => Command::Reload,
            Self::Quit => Command::Quit,
        }
    }
}

/// A request from the UI, applied after the frame is drawn.
///
/// Every change to the database goes through one of these, so door mode can refuse what the
/// kiosk must not do in a single place ([`Command::refused_in_door_mode`],
/// [`Command::needs_supervisor`]).
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
    /// Show the Door screen and enter or leave full screen (F11).
    DoorFullScreen,
    /// Show the Import screen and open the file dialog (Ctrl+I); without a dialog the
    /// typed-path field takes the keyboard.
    ChooseImportFile,
    /// Switch light / dark theme.
    ToggleTheme,
    /// Change the language of protocol order.
    SetOrder(NameOrder),
    /// Change the language of the app's words (View > Language); remembered.
    SetLanguage(crate::i18n::Lang),
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
    /// Approve (or set pending): a status that needs no reason. Reject and withdraw go by
    /// [`Command::ChangeStatus`]; without a reason the core refuses them.
    SetStatus(i64, Status),
    /// Change a delegate's status with a reason (required to reject or withdraw).
    ChangeStatus {
        /// The delegate.
        id: i64,
        /// The new status.
        status: Status,
        /// Why (kept in the history; a withdrawal's is shown at the door).
        reason: String,
    },
    /// Resolve the conflict of a delegate's field by keeping one value (one audited change;
    /// the other desks see it resolved after their next sync).
    ResolveConflict {
        /// The delegate.
        serial: i64,
        /// The field.
        field: String,
        /// Which value.
        keep: crate::registry::conflicts::Keep,
    },
    /// Save the event (checked by the core, audited).
    SaveEvent(Box<crate::registry::Event>),
    /// Write the list of participants (PDF or CSV by the extension; on a worker thread).
    WriteParticipants {
        /// The file.
        path: PathBuf,
        /// Protocol order.
        order: NameOrder,
    },
    /// Package a door copy of the registry (on a worker thread).
    PackageStation(PathBuf),
    /// Export this station's scans (on a worker thread).
    ExportScans(PathBuf),
    /// Merge another station's scans (on a worker thread; the cache is read again after).
    MergeScans(PathBuf),
    /// Close the edit form (asks first when it has unsaved edits).
    CloseForm,
    /// The answer to "unsaved changes": save, discard or stay.
    ResolveUnsaved(Choice),
    /// Read a photo file into the edit form.
    LoadPhoto(PathBuf),
    /// Enter door mode (needs a PIN set).
    EnterDoorMode,
    /// Leave door mode with this PIN.
    LeaveDoorMode(String),
    /// Set the door-mode PIN.
    SetPin(String),
    /// Name this station ("Door A"): verdicts say "ALREADY ENTERED 09:12 AT DOOR A".
    NameStation(String),
    /// Open the Help window (getting started, the keys).
    ShowHelp,
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
    /// Admit by a supervisor's override with a reason (logged).
    Override {
        /// Whom.
        target: OverrideTarget,
        /// Why (required).
        reason: String,
    },
    /// Annul a mistaken admission or exit with a supervisor's reason (logged).
    Annul {
        /// The scan's UUID.
        scan_id: String,
        /// Why (required).
        reason: String,
    },
    /// In door mode: open the supervisor's tools with this PIN.
    SupervisorPin(String),
    /// Find delegates by name for a forgotten badge, with their photos (the door's lookup
    /// field changed, or the cache did).
    FindByName(String),
    /// Write the evacuation roll (who is inside now) as a PDF.
    PresenceRoll,
    /// Read the door's log again: last scans, counters, who is inside.
    RefreshDoor,
    /// Recompute the dashboard's figures.
    RefreshStats,
    /// Lay out the badge of a delegate for the preview.
    PreviewBadge(i64),
    /// A Badge design screen action.
    Design(DesignCommand),
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
    /// A request of the Records screen (backups, restore, audit chain, purge).
    Records(RecordsCommand),
}

impl Command {
    /// Whether door mode refuses this command outright: it changes the registry, opens a
    /// desk screen, or would end or reshape the kiosk (quit, full screen, theme). The door's
    /// own commands are allowed; some of them need the supervisor ([`Self::needs_supervisor`]).
    pub fn refused_in_door_mode(&self) -> bool {
        match self {
            Self::Show(s) => *s != Screen::Door,
            Self::FocusSearch
            | Self::PrintSelection
            | Self::OpenDelegation(_)
            | Self::OpenDelegate(_)
            | Self::NewDelegate
            | Self::SaveDelegate(_)
            | Self::SetStatus(..)
            | Self::ChangeStatus { .. }
            | Self::ResolveConflict { .. }
            | Self::CloseForm
            | Self::SaveEvent(_)
            | Self::WriteParticipants { .. }
            | Self::PackageStation(_)
            | Self::ExportScans(_)
            | Self::MergeScans(_)
            | Self::ResolveUnsaved(_)
            | Self::LoadPhoto(_)
            | Self::SetPin(_)
            | Self::NameStation(_)
            | Self::SetOrder(_)
            | Self::SetLanguage(_)
            | Self::EnterDoorMode
            | Self::ChooseImportFile
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
            | Self::ListPrinters
            | Self::Records(_)
            | Self::Design(_)
            // The kiosk cannot be closed without the PIN.
            | Self::Quit
            // The kiosk stays full screen.
            | Self::ToggleFullScreen
            | Self::DoorFullScreen
            | Self::ToggleTheme
            | Self::ShowHelp => true,
            Self::SupervisorPin(_)
            | Self::FindByName(_)
            | Self::RefreshDoor
            // Refused in door mode unless the supervisor gave the PIN (checked when applied).
            | Self::Annul { .. }
            | Self::PresenceRoll
            | Self::Reload
            | Self::LeaveDoorMode(_)
            | Self::CancelJob
            | Self::Scan(_)
            | Self::Override { .. } => false,
        }
    }

    /// Whether, in door mode, this command needs the supervisor's PIN first (annul, the
    /// evacuation roll, override).
    pub fn needs_supervisor(&self) -> bool {
        matches!(
            self,
            Self::Annul { .. } | Self::PresenceRoll | Self::Override { .. }
        )
    }
}
