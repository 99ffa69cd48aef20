//! GUI benchmark with 100,000 delegates: time to first frame, a search keystroke, scrolling.
//!
//! Run with `cargo bench --bench gui`. Frames are run headless through `egui::Context`
//! (layout and tessellation, the CPU work of a frame; no GPU).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

use std::time::{Duration, Instant};

use accredit::Registry;
use accredit::gui::{AccreditApp, Command, Prefs, Screen};
use accredit::progress::NoProgress;
use accredit::registry::{Delegate, Status};
use egui::{Event, Pos2, RawInput, Rect, vec2};

const N: usize = 100_000;

const GIVEN: &[&str] = &[
    "Dušan",
    "Łukasz",
    "Zoë",
    "Søren",
    "Ștefan",
    "Nino",
    "Armen",
    "Alesia",
    "Maria del Carmen",
    "Åsa",
    "Zeynep",
    "Ji-woo",
    "Anne",
    "Giorgi",
    "Ólafur",
];
const FAMILY: &[&str] = &[
    "Đorđević",
    "Wróbel",
    "Brontë",
    "Høj",
    "Popescu",
    "Beridze",
    "Sargsyan",
    "Karpovich",
    "Fernández",
    "Lindström",
    "Çağlar",
    "Kim",
    "Martin",
    "Kapanadze",
    "Þórsson",
    "Müller",
    "Nováková",
];
const NATIVE: &[&str] = &[
    "",
    "",
    "Алеся Карповіч",
    "Արմեն Սարգսյան",
    "ნინო ბერიძე",
    "Ζωή Μπροντέ",
    "",
];

fn make_db(path: &std::path::Path) -> Registry {
    let mut reg = Registry::open(path).expect("open");
    let codes: Vec<(String, String)> = reg
        .delegations(accredit::registry::NameOrder::En)
        .expect("delegations")
        .into_iter()
        .map(|d| (d.code, d.default_category))
        .collect();
    let mut csv = String::from("external_id,delegation,given_name,family_name,native_name,category\n");
    for i in 0..N {
        let (code, cat) = &codes[i % codes.len()];
        csv.push_str(&format!(
            "B-{i:06},{code},{},{},{},{cat}\n",
            GIVEN[i % GIVEN.len()],
            FAMILY[(i / 7) % FAMILY.len()],
            NATIVE[i % NATIVE.len()],
        ));
    }
    let plan =
        accredit::csv_io::plan_import_bytes(&reg, "bench.csv", std::path::Path::new("."), csv.as_bytes())
            .expect("plan");
    assert!(plan.errors.is_empty(), "{:?}", plan.errors.first());
    accredit::csv_io::apply_import(&mut reg, &plan, &NoProgress).expect("import");
    reg
}

fn input(events: Vec<Event>, t: f64) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
        time: Some(t),
        events,
        ..Default::default()
    }
}

struct Runner {
    ctx: egui::Context,
    app: AccreditApp,
    t: f64,
}

impl Runner {
    /// Whether a widget labelled `label` is on screen (one frame with accessibility on).
    fn shows(&mut self, label: &str) -> bool {
        self.ctx.enable_accesskit();
        self.t += 1.0 / 60.0;
        let app = &mut self.app;
        let out = self.ctx.run_ui(input(Vec::new(), self.t), |ui| app.show(ui));
        self.ctx.disable_accesskit();
        out.platform_output.accesskit_update.is_some_and(|u| {
            u.nodes
                .iter()
                .any(|(_, n)| n.label() == Some(label) || n.value() == Some(label))
        })
    }

    /// One frame: layout and tessellation. Returns its CPU time.
    fn frame(&mut self, events: Vec<Event>) -> Duration {
        self.t += 1.0 / 60.0;
        let start = Instant::now();
        let app = &mut self.app;
        let out = self.ctx.run_ui(input(events, self.t), |ui| app.show(ui));
        let prims = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(prims);
        start.elapsed()
    }
}

fn stats(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p = |q: f64| ms(v[((v.len() - 1) as f64 * q).round() as usize]);
    (p(0.5), p(0.95), ms(*v.last().unwrap_or(&Duration::ZERO)))
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("bench.sqlite3");
    let t0 = Instant::now();
    drop(make_db(&db));
    println!(
        "setup: {N} delegates imported in {:.1} s",
        t0.elapsed().as_secs_f64()
    );

    // First frame: open the database, load the cache, install fonts, lay out the first frame.
    let start = Instant::now();
    let reg = Registry::open(&db).expect("open");
    let prefs = Prefs {
        screen: Screen::Delegates,
        ..Prefs::default()
    };
    let app = AccreditApp::new(reg, prefs).expect("app");
    let loaded = start.elapsed();
    let mut r = Runner {
        ctx: egui::Context::default(),
        app,
        t: 0.0,
    };
    r.frame(Vec::new());
    let first = start.elapsed();
    for _ in 0..3 {
        r.frame(Vec::new());
    }

    // Search: type "dordevic" one key per frame; each frame filters 100,000 rows.
    let mut typing = Vec::new();
    for round in 0..5 {
        r.app.delegates.query.clear();
        r.frame(Vec::new());
        for c in "dordevic".chars() {
            r.app.delegates.query.push(c);
            typing.push(r.frame(Vec::new()));
        }
        if round == 0 {
            println!(
                "search \"dordevic\": {} of {N} rows match",
                r.app.delegates.visible().len()
            );
        }
    }
    // Clearing the search (the most rows shown again) is a keystroke too.
    let mut clearing = Vec::new();
    for _ in 0..10 {
        r.app.delegates.query = "d".into();
        r.frame(Vec::new());
        r.app.delegates.query.clear();
        clearing.push(r.frame(Vec::new()));
    }

    // Scrolling the full table with the mouse wheel.
    r.app.delegates.query.clear();
    r.frame(vec![Event::PointerMoved(Pos2::new(500.0, 400.0))]);
    assert!(r.shows("B-000000"), "the first row is on screen before scrolling");
    let mut scrolling = Vec::new();
    for i in 0..300 {
        if i == 200 {
            assert!(!r.shows("B-000000"), "the wheel scrolled the table");
        }
        let dy = if i < 200 { -120.0 } else { 400.0 };
        scrolling.push(r.frame(vec![Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        }]));
    }
    // Adding one delegate by hand, then editing one: the frame that saves (one transaction,
    // one row read again) and the frame after it (the table re-sorted for the new row).
    r.app.prefs.screen = Screen::Delegates;
    r.frame(Vec::new());
    let mut adding = Vec::new();
    let mut editing = Vec::new();
    for i in 0..10 {
        let d = Delegate {
            delegation: "AT".into(),
            given_name: format!("Bench{i}"),
            family_name: "Added".into(),
            category: "DEL".into(),
            status: Status::Accredited,
            ..Default::default()
        };
        r.app.send(Command::SaveDelegate(Box::new(d)));
        adding.push(r.frame(Vec::new()));
        adding.push(r.frame(Vec::new()));
        let id = r.app.data.rows.last().map(|row| row.d.id).expect("a row");
        let mut d = r.app.data.row(id).expect("the new row").d.clone();
        d.function = format!("Edited {i}");
        r.app.send(Command::SaveDelegate(Box::new(d)));
        editing.push(r.frame(Vec::new()));
        editing.push(r.frame(Vec::new()));
    }
    assert_eq!(r.app.data.rows.len(), N + 10, "ten delegates added");
    // The frame after an import: the worker hands over a whole new cache (loaded on its
    // thread, as the import job does); the table is sorted and filtered again.
    let mut replaced = Vec::new();
    for _ in 0..5 {
        let reg3 = Registry::open(&db).expect("open");
        let mut fresh = accredit::gui::data::Data::load(&reg3, r.app.data.order).expect("load");
        fresh.generation = r.app.data.generation + 1;
        r.app.data = fresh;
        replaced.push(r.frame(Vec::new()));
    }
    // Idle frames on the Registry screen.
    r.app.prefs.screen = Screen::Registry;
    let registry: Vec<Duration> = (0..30).map(|_| r.frame(Vec::new())).collect();
    // Opening the Dashboard computes the figures once (on the UI thread).
    let reg2 = Registry::open(&db).expect("open");
    let t = Instant::now();
    std::hint::black_box(accredit::checkin::stats(&reg2).expect("stats"));
    let dashboard = t.elapsed();

    println!();
    println!("| measure (100,000 delegates, 1280x800) | median ms | p95 ms | max ms |");
    println!("|---|---|---|---|");
    println!("| open + load cache | {:.0} | | |", loaded.as_secs_f64() * 1000.0);
    println!(
        "| start to first frame laid out | {:.0} | | |",
        first.as_secs_f64() * 1000.0
    );
    println!(
        "| dashboard figures (checkin::stats) | {:.0} | | |",
        dashboard.as_secs_f64() * 1000.0
    );
    for (name, v) in [
        ("search keystroke (frame)", typing),
        ("clearing the search (frame)", clearing),
        ("scrolling (frame)", scrolling),
        ("Registry screen (frame)", registry),
        ("adding one delegate (the saving frame and the next)", adding),
        ("editing one delegate (the saving frame and the next)", editing),
        ("the frame after an import (a new cache handed over)", replaced),
    ] {
        let (m, p95, max) = stats(v);
        println!("| {name} | {m:.2} | {p95:.2} | {max:.2} |");
    }
}
