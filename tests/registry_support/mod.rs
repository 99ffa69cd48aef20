//! Helpers shared by the registry and CSV tests: real SQLite files in temporary folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use accredit::Registry;
use accredit::csv_io::{self, CsvError};
use accredit::progress::NoProgress;
use rusqlite::types::ValueRef;

/// The sample nominations shipped with the tests (64 rows).
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/delegates-sample.csv")
}

/// A CSV fixture of `tests/fixtures/csv/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name)
}

/// A fresh registry file in its own temporary folder.
pub fn fresh() -> (tempfile::TempDir, Registry) {
    let dir = tempfile::tempdir().expect("tempdir");
    let reg = Registry::open(&dir.path().join("accredit.sqlite3")).expect("open");
    (dir, reg)
}

/// A registry with the sample imported.
pub fn with_sample() -> (tempfile::TempDir, Registry) {
    let (dir, mut reg) = fresh();
    let s = csv_io::import_file(&mut reg, &sample(), &NoProgress).expect("sample imports");
    assert_eq!(s.imported, 64);
    (dir, reg)
}

/// Every row of every table (and the schema version), as text, in a stable order.
pub fn dump(reg: &Registry) -> String {
    let conn = reg.conn();
    let mut out = String::new();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    out += &format!("user_version {v}\n");
    let mut tables = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type IN ('table','index') ORDER BY name")
        .expect("tables");
    let names: Vec<(String, Option<String>)> = tables
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for (name, sql) in &names {
        out += &format!("schema {name}: {}\n", sql.as_deref().unwrap_or(""));
    }
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("tables");
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for t in tables {
        let mut s = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
            .expect("select");
        let n = s.column_count();
        let mut rows = s.query([]).expect("query");
        while let Some(r) = rows.next().expect("row") {
            out += &format!("{t}:");
            for i in 0..n {
                let cell = match r.get_ref(i).expect("cell") {
                    ValueRef::Null => "NULL".to_string(),
                    ValueRef::Integer(x) => x.to_string(),
                    ValueRef::Real(x) => x.to_string(),
                    ValueRef::Text(b) => format!("{:?}", String::from_utf8_lossy(b)),
                    ValueRef::Blob(b) => format!("blob{:x?}", b),
                };
                out += &format!(" {cell}");
            }
            out += "\n";
        }
    }
    out
}

/// Writes `content` to `name` in `dir` and returns the path.
pub fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write");
    p
}

/// Imports a file that must be refused; checks that the database did not change and returns
/// the problems as `FILE:LINE: column NAME: message` lines with the folder part of FILE
/// removed.
pub fn refused(reg: &mut Registry, path: &Path) -> Vec<String> {
    let before = dump(reg);
    let plan = csv_io::plan_import(reg, path).expect("plan");
    assert!(!plan.errors.is_empty(), "the plan should have errors");
    assert!(matches!(
        csv_io::apply_import(reg, &plan, &NoProgress),
        Err(CsvError::PlanHasErrors { .. })
    ));
    let issues = match csv_io::import_file(reg, path, &NoProgress) {
        Err(CsvError::Rejected { issues, .. }) => issues,
        other => panic!("expected a rejection, got {other:?}"),
    };
    // On a file, import_file checks and writes at once: it must find exactly what the plan
    // (the Import screen's preview) finds.
    assert_eq!(issues, plan.errors, "checking while writing found other problems");
    assert_eq!(dump(reg), before, "a refused import changed the database");
    let prefix = format!("{}/", path.parent().expect("parent").display());
    issues
        .iter()
        .map(|i| i.to_string().replace(&prefix, ""))
        .collect()
}
