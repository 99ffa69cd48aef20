//! The desktop app (egui/eframe): desk, badge printing, door kiosk and dashboard.
//!
//! [`app::AccreditApp`] holds the state; each screen is one file drawing from a narrow
//! context ([`app::Cx`]) and sending [`app::Command`]s, applied in one place after the frame.
//! Every action calls the same core functions as the command line.

pub mod app;
pub mod apply;
pub mod badges;
pub mod clock;
pub mod command;
pub mod dashboard;
pub mod data;
pub mod delegates;
pub mod design;
pub mod door;
pub mod door_side;
pub mod event;
pub mod fonts;
pub mod form;
pub mod import;
pub mod jobs;
pub mod messages;
pub mod network;
pub mod participants;
pub mod picker;
pub mod pin;
pub mod preview;
pub mod printing;
pub mod records;
pub mod records_work;
pub mod registry;
pub mod sound;
pub mod stations;
pub mod unsaved;
pub mod wedge;
pub mod widgets;

pub use app::{AccreditApp, Command, Prefs, Screen};

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
