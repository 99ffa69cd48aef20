//! accredit: accreditation desk, badge printing and door check-in for diplomatic conferences.
//!
//! The core (`registry`, `csv_io`, `pass`, `badge`, `checkin`, `network`, `hub`, `sync`,
//! `text`) never depends on egui; the GUI in [`gui`] and the command line in the binary are
//! thin shells over it.

pub mod atomic_file;
pub mod badge;
pub mod checkin;
pub mod csv_io;
pub mod envelope;
#[cfg(feature = "gui")]
pub mod gui;
pub mod hub;
pub mod i18n;
pub mod interrupt;
pub mod io_error;
pub mod network;
pub mod output_guard;
pub mod pass;
pub mod progress;
pub mod records;
pub mod registry;
pub mod sync;
pub mod text;

pub use registry::{Registry, RegistryError};
