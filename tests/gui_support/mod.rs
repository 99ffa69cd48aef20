//! Shared set-up for the GUI tests: a real SQLite file in a temporary folder, the app, and
//! a kittest harness driving it through accessibility labels.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use accredit::Registry;
use accredit::gui::{AccreditApp, Prefs, Screen};
use accredit::registry::{Delegate, Status};
use egui_kittest::Harness;

/// A temporary database with a few delegates.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("test.sqlite3");
        Registry::open(&db).unwrap();
        Self { dir, db }
    }

    pub fn reg(&self) -> Registry {
        Registry::open(&self.db).unwrap()
    }

    /// Adds a delegate and returns its id.
    pub fn add(&self, delegation: &str, given: &str, family: &str, category: &str) -> i64 {
        let mut reg = self.reg();
        reg.add_delegate(&Delegate {
            delegation: delegation.into(),
            given_name: given.into(),
            family_name: family.into(),
            category: category.into(),
            status: Status::Accredited,
            ..Default::default()
        })
        .unwrap()
    }

    /// The harness on the app, showing `screen`.
    pub fn harness(&self, screen: Screen) -> Harness<'static, AccreditApp> {
        let prefs = Prefs {
            screen,
            ..Prefs::default()
        };
        let app = AccreditApp::new(self.reg(), prefs).unwrap();
        let mut h = Harness::builder()
            .with_size(egui::vec2(1400.0, 900.0))
            .build_ui_state(|ui, app: &mut AccreditApp| app.show(ui), app);
        h.run_ok();
        h
    }
}

/// Steps the harness until `done` holds (worker threads finish in real time).
pub fn wait_until(h: &mut Harness<'_, AccreditApp>, what: &str, done: impl Fn(&AccreditApp) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_ok();
}

/// A file "dropped" on the window, as a desktop would deliver it.
#[derive(Debug)]
pub struct Dropped(pub PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops a file on the window.
pub fn drop_file(h: &mut Harness<'_, AccreditApp>, path: &std::path::Path) {
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.to_path_buf())));
    h.run_ok();
}

/// Writes a small PNG picture.
pub fn write_png(path: &std::path::Path, w: u32, h: u32) {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
    });
    img.save(path).unwrap();
}
