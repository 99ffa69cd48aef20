//! One validation of a delegate: the same bad delegate is refused with the same field and
//! message by the CSV importer, by every save (`add_delegate`, `update_delegate`) and by the
//! GUI's edit form, on a real SQLite file.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

use accredit::csv_io;
use accredit::gui::data::Data;
use accredit::gui::form::EditForm;
use accredit::registry::{Delegate, NameOrder, Registry, RegistryError};

/// A registry in a fresh folder, with one good delegate.
fn registry() -> (tempfile::TempDir, Registry, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut reg = Registry::open(&dir.path().join("accredit.sqlite3")).unwrap();
    let id = reg
        .add_delegate(&Delegate {
            delegation: "AT".into(),
            family_name: "Huber".into(),
            category: "DEL".into(),
            ..Default::default()
        })
        .unwrap();
    (dir, reg, id)
}

/// What the importer says of a one-row file with these columns and cells: (column, message).
fn importer(dir: &tempfile::TempDir, reg: &Registry, header: &str, row: &str) -> Vec<(String, String)> {
    let path = dir.path().join("one.csv");
    std::fs::write(&path, format!("{header}\n{row}\n")).unwrap();
    let plan = csv_io::plan_import(reg, &path).unwrap();
    plan.errors
        .into_iter()
        .map(|i| (i.column.unwrap_or_default(), i.message))
        .collect()
}

/// What a save says: (field, message) of the refusal.
fn refusal(r: accredit::registry::Result<impl std::fmt::Debug>) -> (String, String) {
    match r {
        Err(RegistryError::Invalid { field, message }) => (field, message),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// What the edit form's validation says: (field, message) of each problem.
fn form(reg: &Registry, d: &Delegate) -> Vec<(String, String)> {
    let data = Data::load(reg, NameOrder::En).unwrap();
    EditForm::new(d.clone(), Vec::new())
        .problems(&data)
        .into_iter()
        .map(|p| (p.field.to_string(), p.message))
        .collect()
}

#[test]
fn a_bad_email_is_refused_alike_everywhere() {
    let (dir, mut reg, id) = registry();
    let expected = (
        "email".to_string(),
        "\"nobody\" is not an e-mail address".to_string(),
    );
    assert_eq!(
        importer(&dir, &reg, "delegation,family_name,email", "AT,Gruber,nobody"),
        std::slice::from_ref(&expected)
    );
    let bad = Delegate {
        delegation: "AT".into(),
        family_name: "Gruber".into(),
        category: "DEL".into(),
        email: "nobody".into(),
        ..Default::default()
    };
    assert_eq!(refusal(reg.add_delegate(&bad)), expected);
    let mut stored = reg.delegate(id).unwrap();
    stored.email = "nobody".into();
    assert_eq!(refusal(reg.update_delegate(&stored)), expected);
    assert_eq!(form(&reg, &bad), std::slice::from_ref(&expected));
    assert_eq!(form(&reg, &stored), [expected]);
    // Nothing was written by any of them.
    assert_eq!(reg.delegates().unwrap().len(), 1);
    assert_eq!(reg.delegate(id).unwrap().email, "");
}

#[test]
fn unknown_codes_and_a_missing_name_are_refused_alike_everywhere() {
    let (dir, mut reg, _) = registry();
    let cases = [
        (
            "AT,Gruber,DEL,2015-07-09,",
            Delegate {
                days: vec!["2015-07-09".into()],
                ..good()
            },
            (
                "days",
                "2015-07-09 is not a day of the event (2015-07-06, 2015-07-07)",
            ),
        ),
        (
            "AT,Gruber,DEL,,lounge",
            Delegate {
                zones: vec!["lounge".into()],
                ..good()
            },
            (
                "zones",
                "unknown zone \"lounge\"; one of PLENARY, PRESS, BILATERAL",
            ),
        ),
        (
            "AT,Gruber,VIP,,",
            Delegate {
                category: "VIP".into(),
                ..good()
            },
            (
                "category",
                "unknown category \"VIP\"; one of HOD, DEL, PARTNER, IO, NGO, MEDIA, STAFF, GUEST",
            ),
        ),
        (
            "ZZ,Gruber,DEL,,",
            Delegate {
                delegation: "ZZ".into(),
                ..good()
            },
            (
                "delegation",
                "unknown delegation \"ZZ\"; see `accredit registry list`",
            ),
        ),
        (
            "AT,,DEL,,",
            Delegate {
                family_name: String::new(),
                ..good()
            },
            ("family_name", "is required"),
        ),
    ];
    for (row, bad, (field, message)) in cases {
        let expected = (field.to_string(), message.to_string());
        assert_eq!(
            importer(&dir, &reg, "delegation,family_name,category,days,zones", row),
            std::slice::from_ref(&expected),
            "import of {row}"
        );
        assert_eq!(refusal(reg.add_delegate(&bad)), expected, "save of {row}");
        assert_eq!(form(&reg, &bad), [expected], "form of {row}");
    }
    assert_eq!(reg.delegates().unwrap().len(), 1);
}

fn good() -> Delegate {
    Delegate {
        delegation: "AT".into(),
        family_name: "Gruber".into(),
        category: "DEL".into(),
        ..Default::default()
    }
}
