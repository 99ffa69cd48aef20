//! The floor below the screens (as rerun's viewer context): the [`Command`] enum with the
//! command list behind menus and shortcuts, the [`Screen`] names, the small types commands
//! carry, the narrow context a screen draws with ([`Cx`]) and the wider one its commands are
//! applied with ([`Shell`]).
//!
//! Screens import this module and the widgets, never the app; the app imports the screens
//! and routes each command to the screen that owns it.

mod command;
mod printers;
mod screen;
mod shared;
mod shell;

pub use command::{ACTIONS, Action, Command, Menu};
pub use printers::{printers, send_to_printer};
pub use screen::Screen;
pub use shared::{Choice, DesignCommand, OverrideTarget, RecordsCommand};
pub use shell::Shell;

pub use super::causes::chain;
use super::data::Data;
use super::widgets::Photos;

/// A message for the user in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// An error (red) or information.
    pub error: bool,
    /// Plain words.
    pub text: String,
}

impl Message {
    /// Information.
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            error: false,
            text: text.into(),
        }
    }

    /// An error.
    pub fn error(text: impl Into<String>) -> Self {
        Self {
            error: true,
            text: text.into(),
        }
    }
}

/// What a screen may read and send while it draws: the narrow context passed to each screen.
pub struct Cx<'a> {
    /// The cached registry.
    pub data: &'a Data,
    /// Whether door mode is on (editing locked).
    pub locked: bool,
    /// Photo textures.
    pub photos: &'a mut Photos,
    /// Whether slow work is running (one at a time).
    pub busy: bool,
    /// The network state (`None`: a single station, no hub).
    pub network: Option<&'a crate::hub::HubStatus>,
    /// The delegates are still loading (the first seconds after start).
    pub loading: bool,
    cmds: &'a mut Vec<Command>,
}

impl<'a> Cx<'a> {
    /// The context of one frame; commands sent go to `cmds`.
    pub fn new(
        data: &'a Data,
        locked: bool,
        photos: &'a mut Photos,
        busy: bool,
        network: Option<&'a crate::hub::HubStatus>,
        cmds: &'a mut Vec<Command>,
    ) -> Self {
        Self {
            data,
            locked,
            photos,
            busy,
            network,
            loading: false,
            cmds,
        }
    }

    /// Queues a command, applied after this frame.
    pub fn send(&mut self, cmd: Command) {
        self.cmds.push(cmd);
    }
}
