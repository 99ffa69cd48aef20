//! The core's layering, enforced: every module of `src/` imports only modules of lower layers,
//! and no core module names egui or eframe.
//!
//! The layers, bottom to top (README, "Architecture in short"):
//! leaves (`text`, `progress`, `io_error`, `envelope`, `output_guard`, then `interrupt`, then
//! `atomic_file`) → `registry` → `pass`, `csv_io`, `records` → `badge` → `checkin` → `network`
//! → `hub` → `sync` → `gui` → `cli`. A module may use its own layer's files freely; a use of a
//! higher layer, or of a module of the same layer, is a circle waiting to happen and fails
//! here with the file and line. Test modules (`tests.rs`, code after `#[cfg(test)]`) are left
//! out: a test may drive a higher layer.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` with its layer.
const LAYERS: &[(&str, u32)] = &[
    ("text", 0),
    ("progress", 0),
    ("io_error", 0),
    ("envelope", 0),
    ("output_guard", 0),
    ("i18n", 0),
    ("interrupt", 1),
    ("atomic_file", 2),
    ("registry", 3),
    ("pass", 4),
    ("csv_io", 4),
    ("records", 4),
    ("badge", 5),
    ("checkin", 6),
    ("network", 7),
    ("hub", 8),
    ("sync", 9),
    ("gui", 10),
    ("cli", 11),
];

/// The shells and the crate roots, which may use everything.
const ROOTS: &[&str] = &["lib", "main"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file as the message shows it: `src/checkin/door/mod.rs`.
fn shown(file: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    file.strip_prefix(root).unwrap_or(file).display().to_string()
}

/// The module a file belongs to: `src/checkin/door/mod.rs` -> `checkin`.
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next().unwrap().as_os_str().to_str().unwrap();
    first.trim_end_matches(".rs").to_string()
}

/// The code lines of a file (comments and test modules left out), numbered from 1.
fn code_lines(file: &Path) -> Vec<(usize, String)> {
    if file.file_name().is_some_and(|n| n == "tests.rs") {
        return Vec::new();
    }
    let text = std::fs::read_to_string(file).unwrap();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        out.push((i + 1, line.to_string()));
    }
    out
}

/// The top-level modules a line names as `crate::NAME`.
fn crate_paths(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let before = &rest[..at];
        let is_word_start = before
            .chars()
            .last()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let after = &rest[at + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        if is_word_start && !name.is_empty() {
            found.push(name);
        }
        rest = after;
    }
    found
}

#[test]
fn every_module_imports_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let layers: BTreeMap<&str, u32> = LAYERS.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let top = top_module(&src, file);
        if ROOTS.contains(&top.as_str()) {
            continue;
        }
        let Some(&own) = layers.get(top.as_str()) else {
            problems.push(format!(
                "{}: module `{top}` has no layer: add it to LAYERS in tests/layering.rs and to the README",
                shown(file)
            ));
            continue;
        };
        for (n, line) in code_lines(file) {
            for used in crate_paths(&line) {
                if used == top {
                    continue;
                }
                // `crate::Registry` and other names re-exported at the root live in registry.
                let layer = match layers.get(used.as_str()) {
                    Some(&l) => l,
                    None => continue,
                };
                if layer >= own {
                    problems.push(format!(
                        "{}:{n}: `{top}` (layer {own}) uses `crate::{used}` (layer {layer}): \
                         move what it needs down, or call it from above",
                        shown(file)
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "layering broken:\n{}", problems.join("\n"));
    // The table names every module there is, and nothing more.
    let mut tops: Vec<String> = files.iter().map(|f| top_module(&src, f)).collect();
    tops.sort();
    tops.dedup();
    for (name, _) in LAYERS {
        assert!(
            tops.iter().any(|t| t == name),
            "LAYERS names `{name}`, which src/ does not have"
        );
    }
}

#[test]
fn the_core_never_names_the_gui_toolkit() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let top = top_module(&src, file);
        if matches!(top.as_str(), "gui" | "cli" | "lib" | "main") {
            continue;
        }
        for (n, line) in code_lines(file) {
            for word in ["egui", "eframe", "rfd::", "wgpu"] {
                let hit = line.match_indices(word).any(|(at, _)| {
                    line[..at]
                        .chars()
                        .last()
                        .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
                });
                if hit {
                    problems.push(format!("{}:{n}: the core names `{word}`", shown(file)));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checker_sees_what_it_must() {
    assert_eq!(
        crate_paths("use crate::registry::{Delegate}; let x = crate::network::y();"),
        ["registry", "network"]
    );
    assert!(crate_paths("use accredit_crate::x;").is_empty());
    assert!(crate_paths("let s = \"no paths here\";").is_empty());
}

/// The GUI's floors: the app on top, the screens, and below them the context and helpers.
const GUI_TOP: &[&str] = &["app", "apply", "bars", "poll", "mod"];
const GUI_SCREENS: &[&str] = &[
    "badges",
    "dashboard",
    "delegates",
    "design",
    "door",
    "event",
    "form",
    "import",
    "participants",
    "records",
    "registry",
    "stations",
];

/// The module path of a file under `src/gui`: `door/apply.rs` -> `["door", "apply"]`,
/// `door/mod.rs` -> `["door"]`.
fn gui_module(gui: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(gui).unwrap();
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| {
            c.as_os_str()
                .to_str()
                .unwrap()
                .trim_end_matches(".rs")
                .to_string()
        })
        .collect();
    if parts.last().is_some_and(|p| p == "mod") && parts.len() > 1 {
        parts.pop();
    }
    parts
}

/// The `gui` modules (first level) a line names: `crate::gui::X` or `super::...::X` resolved
/// from the file's own module path.
fn gui_paths(module: &[String], line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::gui::") {
        let after = &rest[at + "crate::gui::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        if !name.is_empty() {
            found.push(name);
        }
        rest = after;
    }
    let mut rest = line;
    while let Some(at) = rest.find("super::") {
        let before = &rest[..at];
        let starts = before
            .chars()
            .last()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'));
        let mut after = &rest[at..];
        let mut ups = 0;
        while let Some(a) = after.strip_prefix("super::") {
            ups += 1;
            after = a;
        }
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        // A mod.rs's own module is its folder: `super` from `door/mod.rs` is `gui`.
        if starts && !name.is_empty() && ups <= module.len() {
            let base = &module[..module.len() - ups];
            match base.first() {
                None => found.push(name),
                Some(first) => found.push(first.clone()),
            }
        }
        rest = after;
    }
    found
}

#[test]
fn the_gui_floors_have_no_circle() {
    let gui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join("gui");
    let mut files = Vec::new();
    rust_files(&gui, &mut files);
    files.sort();
    let floor = |name: &str| {
        if GUI_TOP.contains(&name) {
            2
        } else if GUI_SCREENS.contains(&name) {
            1
        } else {
            0
        }
    };
    let mut problems = Vec::new();
    let mut graph: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let module = gui_module(&gui, file);
        let own = module[0].clone();
        let own_floor = floor(&own);
        for (n, line) in code_lines(file) {
            for used in gui_paths(&module, &line) {
                if used == own || used == "mod" {
                    continue;
                }
                graph.entry(own.clone()).or_default().insert(used.clone());
                if own_floor == 2 {
                    continue;
                }
                let used_floor = floor(&used);
                // Helpers use helpers; screens may use the edit form (Delegates shows it).
                let allowed = used_floor < own_floor
                    || (used_floor == 0 && own_floor == 0)
                    || (used == "form" && own_floor == 1);
                if !allowed {
                    problems.push(format!(
                        "{}:{n}: gui `{own}` (floor {own_floor}) uses gui `{used}` (floor {used_floor}): \
                         screens use only context/, the form and the helpers; helpers use no screen",
                        shown(file)
                    ));
                }
            }
        }
    }
    // No circle among the gui modules (depth-first search for a way back).
    fn reaches(
        graph: &BTreeMap<String, std::collections::BTreeSet<String>>,
        from: &str,
        to: &str,
        seen: &mut std::collections::BTreeSet<String>,
    ) -> bool {
        let Some(next) = graph.get(from) else { return false };
        next.iter()
            .any(|n| n == to || (seen.insert(n.clone()) && reaches(graph, n, to, seen)))
    }
    for (module, uses) in &graph {
        for used in uses {
            if reaches(&graph, used, module, &mut Default::default()) {
                problems.push(format!(
                    "gui `{module}` uses `{used}`, which leads back to `{module}`: a circle"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
