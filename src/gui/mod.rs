//! The desktop app (egui/eframe): desk, badge printing, door kiosk and dashboard.
//!
//! Three floors, no circle:
//! - the app ([`app::AccreditApp`]: state and frame; [`bars`]: menus, tabs, status bar;
//!   [`apply`]: the dispatcher routing each command to the screen that owns it; [`poll`]:
//!   background results) imports the screens;
//! - the screens, one file or folder each, own their state, their commands' effects and their
//!   background jobs (e.g. [`door`]: `mod.rs` state, `view.rs`, `side.rs`, `apply.rs`);
//! - below them [`context`] (the [`Command`] enum, [`Screen`] names, the narrow [`context::Cx`]
//!   a screen draws with, the [`context::Shell`] its commands are applied with) and the
//!   helpers (widgets, the cache in [`data`], jobs, fonts, the scanner's [`wedge`]).
//!
//! Every action calls the same core functions as the command line.

/// Lends the app's shared state as a [`context::Shell`] for one command (a macro, so the
/// borrow of each field stays separate from the screens' own state).
macro_rules! shell {
    ($app:ident, $ctx:expr) => {
        $crate::gui::context::Shell {
            ctx: $ctx,
            reg: &mut $app.reg,
            data: &mut $app.data,
            screen: &mut $app.prefs.screen,
            locked: &mut $app.locked,
            printer: &$app.prefs.printer,
            photos: &mut $app.photos,
            message: &mut $app.message,
            job: &mut $app.job,
            errands: &mut $app.errands,
            pending: &mut $app.pending,
        }
    };
}

pub mod app;
pub mod apply;
pub mod badges;
pub mod bars;
pub mod causes;
pub mod clock;
pub mod context;
pub mod dashboard;
pub mod data;
pub mod delegates;
pub mod design;
pub mod dialog;
pub mod door;
pub mod event;
pub mod fonts;
pub mod form;
pub mod help;
pub mod import;
pub mod jobs;
pub mod messages;
pub mod network;
pub mod participants;
pub mod picker;
pub mod poll;
pub mod preview;
pub mod records;
pub mod registry;
pub mod sound;
pub mod stations;
pub mod wedge;
pub mod widgets;
pub mod window;

pub use app::{AccreditApp, Prefs};
pub use context::{Command, Screen};

/// The window options: title, size, persistence of window size and app state.
pub fn native_options() -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("accredit")
            .with_app_id("accredit")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 560.0]),
        persist_window: true,
        ..Default::default()
    }
}
