//! The desktop app (egui/eframe). To be written: see issue 5.
