//! CSV export: round trip, spreadsheet safety, cancellation.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod registry_support;

use accredit::csv_io::{self, CsvError, EXPORT_COLUMNS};
use accredit::progress::{NoProgress, ProgressHandle};
use accredit::registry::{Delegate, Status};
use registry_support::{dump, fresh, sample, with_sample, write};

fn export(reg: &accredit::Registry) -> String {
    let mut out = Vec::new();
    csv_io::export_delegates(reg, &mut out, &NoProgress).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn export_has_the_import_columns_then_id_status_badge_version() {
    let (_dir, reg) = with_sample();
    let text = export(&reg);
    let mut lines = text.lines();
    assert_eq!(lines.next().unwrap(), csv_io::export_columns(false).join(","));
    assert_eq!(&EXPORT_COLUMNS[..15], &csv_io::export_columns(false)[..15]);
    assert_eq!(
        lines.next().unwrap(),
        "REG-1-000000,GB,Mr.,Alesia,Karpovich,Алеся Карповіч,\"Senior Policy Officer, Migration and Asylum\",DEL,,2015-07-06,,,1,accredited,1,,,"
    );
    assert_eq!(text.lines().count(), 65);
}

#[test]
fn export_import_export_gives_the_same_file_and_changes_nothing() {
    let (dir, mut reg) = with_sample();
    let id = reg.find_delegate("REG-1-000003").unwrap().id;
    reg.set_status(id, Status::Withdrawn).unwrap();
    reg.reissue(id).unwrap();
    let first = export(&reg);
    let p = write(dir.path(), "export.csv", first.as_bytes());
    let before = registry_dump(&reg);
    let s = csv_io::import_file(&mut reg, &p, &NoProgress).unwrap();
    assert_eq!((s.imported, s.updated, s.unchanged), (0, 0, 64));
    assert_eq!(
        registry_dump(&reg),
        before,
        "re-importing an export must change nothing"
    );
    assert_eq!(export(&reg), first);
    // Into a fresh database: same delegates, same file.
    let (_d2, mut other) = fresh();
    csv_io::import_file(&mut other, &sample(), &NoProgress).unwrap();
    let again = export(&other);
    let p2 = write(dir.path(), "again.csv", again.as_bytes());
    csv_io::import_file(&mut other, &p2, &NoProgress).unwrap();
    assert_eq!(export(&other), again);
}

#[test]
fn dangerous_cells_are_neutralised_and_restored() {
    let (dir, mut reg) = fresh();
    let d = Delegate {
        external_id: Some("@ext".into()),
        delegation: "AT".into(),
        title: "+43".into(),
        given_name: "-Eva".into(),
        family_name: "=HYPERLINK(\"http://x\",\"y\")".into(),
        native_name: "'=already quoted".into(),
        function: "'plain".into(),
        category: "DEL".into(),
        email: "@x@example.org".into(),
        ..Default::default()
    };
    reg.add_delegate(&d).unwrap();
    let first = export(&reg);
    let row = first.lines().nth(1).unwrap();
    assert_eq!(
        row,
        "'@ext,AT,'+43,'-Eva,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",''=already quoted,'plain,DEL,'@x@example.org,,,,1,accredited,1,,,"
    );
    for cell in csv::Reader::from_reader(first.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
    {
        assert!(
            !matches!(
                cell.as_bytes().first(),
                Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
            ),
            "{cell:?}"
        );
    }
    // Import restores the exact values (as an update of the same person).
    let p = write(dir.path(), "inj.csv", first.as_bytes());
    let before = registry_dump(&reg);
    csv_io::import_file(&mut reg, &p, &NoProgress).unwrap();
    assert_eq!(registry_dump(&reg), before);
    let stored = reg.find_delegate("@ext").unwrap();
    assert_eq!(stored.family_name, d.family_name);
    assert_eq!(stored.native_name, d.native_name);
    assert_eq!(stored.function, "'plain");
    assert_eq!(export(&reg), first);
}

#[test]
fn a_cancelled_export_to_a_file_leaves_no_file() {
    let (dir, reg) = with_sample();
    let progress = ProgressHandle::new();
    progress.cancel();
    let path = dir.path().join("out.csv");
    assert!(matches!(
        csv_io::export_file(&reg, &path, &progress),
        Err(CsvError::Cancelled)
    ));
    assert!(!path.exists());
    assert_eq!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".csv")
            })
            .count(),
        0
    );
    assert_eq!(csv_io::export_file(&reg, &path, &NoProgress).unwrap(), 64);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), export(&reg));
}

/// Every row of every table but `import_base`: an import remembers what each file said about
/// each person (for the next import's three-way merge), so re-importing an export records
/// that, and changes nothing else.
fn registry_dump(reg: &accredit::Registry) -> String {
    dump(reg)
        .lines()
        .filter(|l| !l.starts_with("import_base: "))
        .map(|l| format!("{l}\n"))
        .collect()
}
