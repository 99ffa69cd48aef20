//! One name lookup: the door's lookup in the GUI (its in-memory table) and
//! `checkin::lookup_by_name` (the database) find the same people in the same order, on a real
//! SQLite file.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

use accredit::checkin::lookup_by_name;
use accredit::gui::data::Data;
use accredit::registry::{Delegate, NameOrder, Registry};

#[test]
fn the_gui_and_the_core_lookup_agree() {
    let dir = tempfile::tempdir().unwrap();
    let mut reg = Registry::open(&dir.path().join("accredit.sqlite3")).unwrap();
    for (delegation, title, given, family, native, ext) in [
        ("RS", "Mr.", "Dušan", "Đorđević", "Душан Ђорђевић", Some("REG-1")),
        ("RS", "Ms.", "Jelena", "Petrović", "", None),
        ("DE", "Dr.", "Anna", "Schmidt", "", Some("REG-2")),
        ("FR", "", "Anne", "Martin", "", None),
        ("PL", "H.E. Mr.", "Łukasz", "Wróbel", "", None),
    ] {
        reg.add_delegate(&Delegate {
            delegation: delegation.into(),
            title: title.into(),
            given_name: given.into(),
            family_name: family.into(),
            native_name: native.into(),
            external_id: ext.map(str::to_string),
            category: "DEL".into(),
            ..Default::default()
        })
        .unwrap();
    }
    let data = Data::load(&reg, NameOrder::En).unwrap();
    for (query, expected) in [
        ("dordevic", 1),
        ("rs", 2),
        ("serbia", 2),
        ("allemagne", 1),
        ("ann", 2),
        ("dr.", 1),
        ("ђорђевић", 1),
        ("reg-2", 1),
        ("lukasz wrobel", 1),
        ("nobody", 0),
        ("  ", 0),
    ] {
        let core = lookup_by_name(&reg, query, 10).unwrap();
        assert_eq!(core.len(), expected, "{query:?}: {core:?}");
        assert_eq!(data.lookup(query, 10), core, "{query:?}");
        assert_eq!(
            data.lookup(query, 1),
            lookup_by_name(&reg, query, 1).unwrap(),
            "{query:?}"
        );
    }
}
