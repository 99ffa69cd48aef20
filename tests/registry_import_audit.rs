//! An import's audit entry (one per import, with every created delegate's record after) and
//! checking-while-writing on a database file: same problems as the plan, nothing half-written.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod registry_support;

use accredit::Registry;
use accredit::csv_io::{self, CsvError};
use accredit::progress::{NoProgress, ProgressHandle};
use registry_support::{dump, fresh, sample, write};
use serde_json::Value;

fn count(reg: &Registry, sql: &str) -> i64 {
    reg.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn an_import_is_one_audit_entry_and_every_delegate_history_starts_with_it() {
    let (_dir, mut reg) = fresh();
    reg.set_operator("anna.desk");
    let s = csv_io::import_file(&mut reg, &sample(), &NoProgress).unwrap();
    assert_eq!(s.imported, 64);
    assert_eq!(
        count(&reg, "SELECT COUNT(*) FROM audit WHERE entity = 'delegate'"),
        0
    );
    assert_eq!(
        count(&reg, "SELECT COUNT(*) FROM audit WHERE entity = 'import'"),
        1
    );
    let (file, summary): (String, String) = reg
        .conn()
        .query_row(
            "SELECT entity_id, after FROM audit WHERE entity = 'import'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(file.ends_with("delegates-sample.csv"), "{file}");
    let summary = json(&summary);
    assert_eq!(summary["created"], 64);
    assert_eq!(summary["updated"], 0);

    let delegates = reg.delegates().unwrap();
    assert_eq!(delegates.len(), 64);
    for d in &delegates {
        let h = reg.history("delegate", &d.id.to_string()).unwrap();
        assert_eq!(h.len(), 1, "delegate {}", d.id);
        let e = &h[0];
        assert_eq!(e.action, "import");
        assert_eq!(e.operator, "anna.desk");
        assert_eq!(e.at, d.created_at);
        assert_eq!(e.source.as_deref(), Some(file.as_str()));
        assert!(e.before.is_none());
        let after = json(e.after.as_deref().unwrap());
        assert_eq!(after["id"], d.id);
        assert_eq!(after["family_name"], d.family_name.as_str());
        assert_eq!(after["delegation"], d.delegation.as_str());
        assert_eq!(after["category"], d.category.as_str());
        assert_eq!(after["created_at"], d.created_at.as_str());
        assert_eq!(after["badge_version"], 1);
        match &d.external_id {
            Some(x) => assert_eq!(after["external_id"], x.as_str()),
            None => assert!(after.get("external_id").is_none()),
        }
    }

    // A later edit is audited on its own, and its "before" is the import's "after".
    let mut d = reg.find_delegate("REG-1-000005").unwrap();
    d.function = "Ambassador".into();
    reg.set_operator("boris.desk");
    reg.update_delegate(&d).unwrap();
    let h = reg.history("delegate", &d.id.to_string()).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[1].action, "update");
    assert_eq!(h[1].operator, "boris.desk");
    assert_eq!(h[1].source, None);
    assert_eq!(
        json(h[1].before.as_deref().unwrap()),
        json(h[0].after.as_deref().unwrap()),
        "the edit's before must be what the import created"
    );
    assert_eq!(json(h[1].after.as_deref().unwrap())["function"], "Ambassador");
}

#[test]
fn two_imports_keep_their_own_entries() {
    let (dir, mut reg) = fresh();
    let a = write(
        dir.path(),
        "a.csv",
        b"external_id,delegation,family_name\nA-1,AT,Gruber\nA-2,FR,Martin\n",
    );
    let b = write(
        dir.path(),
        "b.csv",
        b"external_id,delegation,family_name,function\nA-2,FR,Martin,Counsellor\nB-1,GE,Beridze,\n",
    );
    reg.set_operator("first");
    csv_io::import_file(&mut reg, &a, &NoProgress).unwrap();
    reg.set_operator("second");
    let s = csv_io::import_file(&mut reg, &b, &NoProgress).unwrap();
    assert_eq!((s.imported, s.updated), (1, 1));
    assert_eq!(
        count(&reg, "SELECT COUNT(*) FROM audit WHERE entity = 'import'"),
        2
    );
    assert_eq!(count(&reg, "SELECT COUNT(*) FROM audit_batch"), 2);

    let history = |reg: &Registry, ext: &str| {
        let id = reg.find_delegate(ext).unwrap().id;
        reg.history("delegate", &id.to_string()).unwrap()
    };
    let gruber = history(&reg, "A-1");
    assert_eq!(gruber.len(), 1);
    assert_eq!(gruber[0].operator, "first");
    // Updated by the second import: created by the first, then one update entry.
    let martin = history(&reg, "A-2");
    assert_eq!(
        martin
            .iter()
            .map(|e| (e.action.as_str(), e.operator.as_str()))
            .collect::<Vec<_>>(),
        // The import is the author of what it changed (with who ran it).
        [("import", "first"), ("update", "import b.csv (second)")]
    );
    let beridze = history(&reg, "B-1");
    assert_eq!(beridze.len(), 1);
    assert_eq!(beridze[0].operator, "second");
    assert_eq!(
        json(beridze[0].after.as_deref().unwrap())["family_name"],
        "Beridze"
    );
}

/// Rows of a clean file, `n` of them.
fn many_rows(n: usize) -> String {
    let mut text = String::from("external_id,delegation,given_name,family_name,days\n");
    for i in 0..n {
        text += &format!("M-{i:05},AT,Eva,Gruber {i},2015-07-06\n");
    }
    text
}

#[test]
fn a_problem_on_the_last_line_of_a_long_file_leaves_nothing_written() {
    let (dir, mut reg) = fresh();
    csv_io::import_file(&mut reg, &sample(), &NoProgress).unwrap();
    let mut text = many_rows(5_000);
    text += "M-BAD,AT,Eva,Gruber,2015-07-09\n";
    let p = write(dir.path(), "long.csv", text.as_bytes());
    let before = dump(&reg);
    let issues = match csv_io::import_file(&mut reg, &p, &NoProgress) {
        Err(CsvError::Rejected { issues, .. }) => issues,
        other => panic!("expected a rejection, got {other:?}"),
    };
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].line, 5_002);
    assert_eq!(issues[0].column.as_deref(), Some("days"));
    assert_eq!(dump(&reg), before);
    // The same file, fixed, goes in whole.
    let p = write(dir.path(), "long.csv", many_rows(5_000).as_bytes());
    let s = csv_io::import_file(&mut reg, &p, &NoProgress).unwrap();
    assert_eq!(s.imported, 5_000);
    assert_eq!(reg.delegates().unwrap().len(), 5_064);
    // Its records are kept in several compressed blocks; every delegate's is found.
    let blocks: String = reg
        .conn()
        .query_row(
            "SELECT blocks FROM audit_batch ORDER BY audit_id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let blocks: Vec<(i64, usize)> = serde_json::from_str(&blocks).unwrap();
    assert!(blocks.len() >= 3, "{blocks:?}");
    for d in reg.delegates().unwrap().iter().skip(64) {
        let h = reg.history("delegate", &d.id.to_string()).unwrap();
        assert_eq!(h.len(), 1, "delegate {}", d.id);
        let after = json(h[0].after.as_deref().unwrap());
        assert_eq!(after["id"], d.id);
        assert_eq!(after["family_name"], d.family_name.as_str());
    }
}

#[test]
fn checking_while_writing_stores_what_plan_then_apply_stores() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "many.csv", many_rows(2_000).as_bytes());
    let (_d1, mut on_file) = fresh();
    csv_io::import_file(&mut on_file, &sample(), &NoProgress).unwrap();
    csv_io::import_file(&mut on_file, &p, &NoProgress).unwrap();
    let mut in_memory = Registry::open_in_memory().unwrap();
    csv_io::import_file(&mut in_memory, &sample(), &NoProgress).unwrap();
    csv_io::import_file(&mut in_memory, &p, &NoProgress).unwrap();
    let export = |reg: &Registry| {
        let mut out = Vec::new();
        csv_io::export_delegates(reg, &mut out, &NoProgress).unwrap();
        out
    };
    assert_eq!(export(&on_file), export(&in_memory));
}

#[test]
fn a_cancelled_import_on_a_file_writes_nothing() {
    let (dir, mut reg) = fresh();
    let p = write(dir.path(), "many.csv", many_rows(3_000).as_bytes());
    let before = dump(&reg);
    let progress = ProgressHandle::new();
    progress.cancel();
    assert!(matches!(
        csv_io::import_file(&mut reg, &p, &progress),
        Err(CsvError::Cancelled)
    ));
    assert_eq!(dump(&reg), before);
}
