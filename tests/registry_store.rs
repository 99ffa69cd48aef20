//! The store: seed, migrations, file mode, corruption, protocol order, audit, event changes.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // tests and benches may panic

mod registry_support;

use accredit::Registry;
use accredit::registry::{Delegate, DelegationKind, NameOrder, RegistryError, migrations};
use registry_support::{dump, fresh, with_sample};

#[test]
fn seed_counts_and_codes() {
    let (_dir, reg) = fresh();
    let all = reg.delegations(NameOrder::En).unwrap();
    assert_eq!(all.len(), 97);
    let of = |k: DelegationKind| all.iter().filter(|d| d.kind == k).collect::<Vec<_>>();
    let states = of(DelegationKind::ParticipatingState);
    assert_eq!(states.len(), 57);
    for code in ["AT", "VA", "MK", "US", "RU", "UA", "MN", "GB", "KZ", "SM", "AD"] {
        assert!(states.iter().any(|d| d.code == code), "{code}");
    }
    let partners = of(DelegationKind::Partner);
    assert_eq!(partners.len(), 11);
    let group = |g: &str| {
        let mut v: Vec<&str> = partners
            .iter()
            .filter(|d| d.group == g)
            .map(|d| d.code.as_str())
            .collect();
        v.sort();
        v
    };
    assert_eq!(group("mediterranean"), ["DZ", "EG", "IL", "JO", "MA", "TN"]);
    assert_eq!(group("asian"), ["AF", "AU", "JP", "KR", "TH"]);
    let orgs = of(DelegationKind::Organization);
    assert_eq!(orgs.len(), 29);
    for code in [
        "UNODC", "UNHCR", "IOM", "OHCHR", "UNICEF", "ILO", "UNWOMEN", "COE", "EU", "EUROPOL", "INTERPOL",
        "ICMPD", "LSI", "ASI", "ECPAT", "TDH", "CARITAS", "OSCE", "MEDIA", "ACADEMIA", "CIVIL",
    ] {
        assert!(orgs.iter().any(|d| d.code == code), "{code}");
    }
    let io_or_ngo = orgs
        .iter()
        .filter(|d| d.group == "international_organization" || d.group == "ngo")
        .count();
    assert!(io_or_ngo >= 20, "{io_or_ngo}");
    assert!(all.iter().all(|d| !d.name_en.is_empty() && !d.name_fr.is_empty()));
    let ev = reg.event().unwrap();
    assert_eq!(
        ev.title,
        "15th Alliance against Trafficking in Persons Conference"
    );
    assert_eq!(ev.days.len(), 2);
    let cats: Vec<&str> = ev.categories.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        cats,
        ["HOD", "DEL", "PARTNER", "IO", "NGO", "MEDIA", "STAFF", "GUEST"]
    );
    for z in ["PLENARY", "PRESS", "BILATERAL"] {
        assert!(ev.has_zone(z));
    }
}

#[test]
fn opening_twice_seeds_and_migrates_once() {
    let (dir, reg) = with_sample();
    let first = dump(&reg);
    drop(reg);
    let path = dir.path().join("accredit.sqlite3");
    let reg = Registry::open(&path).unwrap();
    assert_eq!(dump(&reg), first);
    drop(reg);
    let reg = Registry::open(&path).unwrap();
    assert_eq!(dump(&reg), first);
    let v: i64 = reg
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v as usize, migrations::latest());
    // No pre-migration copy is taken when nothing migrates.
    let copies = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("pre-migration")
        })
        .count();
    assert_eq!(copies, 0);
}

#[test]
fn a_version_1_database_is_copied_then_upgraded_with_its_data() {
    let (dir, mut reg) = with_sample();
    let d = reg.find_delegate("REG-1-000001").unwrap();
    reg.set_status(d.id, accredit::registry::Status::Withdrawn)
        .unwrap();
    let before = reg.delegates().unwrap();
    // Back to the schema of version 1, as an earlier accredit left it.
    reg.conn()
        .execute_batch(
            "DELETE FROM audit_batch; DELETE FROM audit WHERE entity = 'import';
             DELETE FROM meta WHERE key IN ('audit_head', 'network_legacy_signed');",
        )
        .unwrap();
    downgrade_to_v1(reg.conn());
    drop(reg);
    let path = dir.path().join("accredit.sqlite3");
    let reg = Registry::open(&path).unwrap();
    let v: i64 = reg
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v as usize, migrations::latest());
    assert_eq!(reg.delegates().unwrap(), before);
    // The migration linked the existing entries into the audit chain.
    assert!(accredit::registry::chain::verify(reg.conn()).unwrap().is_ok());
    let h = reg.history("delegate", &d.id.to_string()).unwrap();
    assert_eq!(h.last().unwrap().action, "update");
    assert!(
        h.last()
            .unwrap()
            .after
            .as_deref()
            .unwrap()
            .contains("\"status\":\"withdrawn\"")
    );
    let index: i64 = reg
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'delegate_delegation'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 0);
    // The copy taken first is the version-1 file, whole.
    let copy = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("pre-migration-v1-"))
        .expect("a pre-migration copy");
    let old = rusqlite::Connection::open(&copy).unwrap();
    let (v, n): (i64, i64) = old
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT COUNT(*) FROM delegate)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((v, n), (1, 64));
}

#[test]
fn migrations_run_twice_on_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = rusqlite::Connection::open(dir.path().join("m.sqlite3")).unwrap();
    assert_eq!(migrations::migrate(&mut conn).unwrap(), 0);
    assert_eq!(migrations::migrate(&mut conn).unwrap(), migrations::latest());
}

#[test]
fn wal_foreign_keys_and_private_file() {
    let (dir, reg) = fresh();
    let mode: String = reg
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = reg
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let sync: i64 = reg
        .conn()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(dir.path().join("accredit.sqlite3")).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn a_file_that_is_not_a_database_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.sqlite3");
    std::fs::write(&path, vec![0x5Au8; 8192]).unwrap();
    let err = Registry::open(&path).unwrap_err();
    assert!(matches!(err, RegistryError::Corrupt { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.starts_with("the database is damaged ("), "{msg}");
    assert!(
        msg.contains("restore the latest copy") && msg.ends_with("junk.sqlite3"),
        "{msg}"
    );
}

#[test]
fn a_damaged_page_is_found_by_the_integrity_check() {
    let (dir, reg) = with_sample();
    let path = dir.path().join("accredit.sqlite3");
    reg.conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(reg);
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() > 4 * page);
    // Scribble over the b-tree headers of every page after the first.
    for p in (page..bytes.len()).step_by(page) {
        for b in &mut bytes[p..p + 16] {
            *b = 0xFF;
        }
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Registry::open(&path).unwrap_err();
    assert!(matches!(err, RegistryError::Corrupt { .. }), "{err:?}");
}

#[test]
fn a_newer_schema_is_refused() {
    let (dir, reg) = fresh();
    reg.conn().execute_batch("PRAGMA user_version = 99").unwrap();
    drop(reg);
    let err = Registry::open(&dir.path().join("accredit.sqlite3")).unwrap_err();
    assert!(matches!(err, RegistryError::TooNew { found: 99, .. }), "{err:?}");
}

#[test]
fn protocol_order_by_english_and_french_name() {
    let (_dir, reg) = fresh();
    let codes = |order, kind| {
        reg.delegations(order)
            .unwrap()
            .into_iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.code)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes(NameOrder::En, DelegationKind::Partner),
        ["AF", "DZ", "AU", "EG", "IL", "JP", "JO", "MA", "KR", "TH", "TN"]
    );
    // French: Afghanistan, Algérie, Australie, Égypte (under E), Israël, Japon, Jordanie,
    // Maroc, République de Corée, Thaïlande, Tunisie.
    assert_eq!(
        codes(NameOrder::Fr, DelegationKind::Partner),
        ["AF", "DZ", "AU", "EG", "IL", "JP", "JO", "MA", "KR", "TH", "TN"]
    );
    let states_en = codes(NameOrder::En, DelegationKind::ParticipatingState);
    assert_eq!(states_en.first().map(String::as_str), Some("AL"));
    assert_eq!(states_en.last().map(String::as_str), Some("UZ"));
    let pos = |v: &[String], c: &str| v.iter().position(|x| x == c).unwrap();
    // As in the OSCE's lists: "Tajikistan, the former Yugoslav Republic of Macedonia, Turkey".
    assert_eq!(pos(&states_en, "MK"), pos(&states_en, "TJ") + 1);
    assert_eq!(pos(&states_en, "TR"), pos(&states_en, "MK") + 1);
    let states_fr = codes(NameOrder::Fr, DelegationKind::ParticipatingState);
    // "Espagne, Estonie, États-Unis d'Amérique, Fédération de Russie, Finlande": É sorts as E.
    assert_eq!(pos(&states_fr, "US"), pos(&states_fr, "EE") + 1);
    assert_eq!(pos(&states_fr, "RU"), pos(&states_fr, "US") + 1);
    assert_eq!(pos(&states_fr, "FI"), pos(&states_fr, "RU") + 1);
    // "Lettonie, l'ex-République yougoslave de Macédoine, Liechtenstein".
    assert_eq!(pos(&states_fr, "MK"), pos(&states_fr, "LV") + 1);
    assert_eq!(pos(&states_fr, "LI"), pos(&states_fr, "MK") + 1);
    // Participating States, then Partners, then organizations.
    let kinds: Vec<DelegationKind> = reg
        .delegations(NameOrder::Fr)
        .unwrap()
        .iter()
        .map(|d| d.kind)
        .collect();
    assert!(kinds.is_sorted());
}

#[test]
fn audit_trail_records_operator_time_before_and_after() {
    let (_dir, mut reg) = fresh();
    reg.set_operator("maria");
    let d = Delegate {
        delegation: "at".into(),
        family_name: " Gruber ".into(),
        given_name: "Eva".into(),
        category: "del".into(),
        zones: vec!["press".into()],
        ..Default::default()
    };
    let id = reg.add_delegate(&d).unwrap();
    let mut stored = reg.delegate(id).unwrap();
    // Writes are normalised: trimmed, codes in upper case.
    assert_eq!(
        (stored.delegation.as_str(), stored.family_name.as_str()),
        ("AT", "Gruber")
    );
    assert_eq!(
        (stored.category.as_str(), stored.zones.as_slice()),
        ("DEL", &["PRESS".to_string()][..])
    );
    stored.function = "Ambassador".into();
    reg.set_operator("paul");
    reg.update_delegate(&stored).unwrap();
    let h = reg.history("delegate", &id.to_string()).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[0].action.as_str(), h[0].operator.as_str()),
        ("create", "maria")
    );
    assert!(h[0].before.is_none());
    assert!(
        h[0].after
            .as_deref()
            .unwrap()
            .contains("\"family_name\":\"Gruber\"")
    );
    assert_eq!((h[1].action.as_str(), h[1].operator.as_str()), ("update", "paul"));
    assert!(
        !h[1].before.as_deref().unwrap().contains("\"function\""),
        "empty fields are left out"
    );
    assert!(
        h[1].after
            .as_deref()
            .unwrap()
            .contains("\"function\":\"Ambassador\"")
    );
    assert!(time::OffsetDateTime::parse(&h[1].at, &time::format_description::well_known::Rfc3339).is_ok());
}

#[test]
fn event_changes_are_checked_and_audited() {
    let (_dir, mut reg) = with_sample();
    let mut ev = reg.event().unwrap();
    ev.title = "16th Alliance Conference".into();
    reg.save_event(&ev).unwrap();
    assert_eq!(reg.event().unwrap().title, "16th Alliance Conference");
    let h = reg.history("event", "1").unwrap();
    assert!(
        h.last()
            .unwrap()
            .after
            .as_deref()
            .unwrap()
            .contains("16th Alliance Conference")
    );
    // A day still listed by delegates cannot be dropped.
    let before = dump(&reg);
    let mut ev2 = reg.event().unwrap();
    ev2.days.retain(|d| d.date != "2015-07-07");
    let err = reg.save_event(&ev2).unwrap_err();
    assert!(
        err.to_string()
            .contains("day 2015-07-07 is still listed by delegate"),
        "{err}"
    );
    // A category in use cannot be dropped either.
    let mut ev3 = reg.event().unwrap();
    ev3.categories.retain(|c| c.code != "DEL");
    assert!(
        reg.save_event(&ev3)
            .unwrap_err()
            .to_string()
            .contains("category DEL is still used")
    );
    assert_eq!(dump(&reg), before);
}

#[test]
fn opening_a_seeded_database_writes_nothing_and_a_new_seed_is_applied_once() {
    use accredit::registry::seed::{SEED_KEY, delegations_fingerprint};
    let (dir, reg) = fresh();
    let path = dir.path().join("accredit.sqlite3");
    assert_eq!(reg.meta(SEED_KEY).unwrap(), Some(delegations_fingerprint()));
    // Another process holds the write lock: an open that wanted to write would wait for it
    // (and fail after the busy timeout); an open that only reads goes through at once.
    let writer = rusqlite::Connection::open(&path).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    let t = std::time::Instant::now();
    drop(Registry::open(&path).expect("a seeded database opens without writing"));
    assert!(
        t.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        t.elapsed()
    );
    writer.execute_batch("ROLLBACK").unwrap();

    // When the seed data differs from the one recorded, the next open seeds again (missing
    // delegations come back, nothing is duplicated) and records the new fingerprint.
    reg.conn()
        .execute("DELETE FROM delegation WHERE code = 'SM'", [])
        .unwrap();
    reg.set_meta(SEED_KEY, "fnv1a64:older").unwrap();
    drop(reg);
    let reg = Registry::open(&path).unwrap();
    let all = reg.delegations(NameOrder::En).unwrap();
    assert_eq!(all.len(), 97);
    assert!(all.iter().any(|d| d.code == "SM"));
    assert_eq!(reg.meta(SEED_KEY).unwrap(), Some(delegations_fingerprint()));
    // And after that, opening writes nothing again.
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    drop(Registry::open(&path).expect("opens without writing"));
    writer.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn printing_is_audited_only_when_the_printed_version_changes() {
    let (_dir, mut reg) = fresh();
    let d = Delegate {
        delegation: "AT".into(),
        family_name: "Gruber".into(),
        category: "DEL".into(),
        ..Default::default()
    };
    let id = reg.add_delegate(&d).unwrap();
    let prints = |reg: &Registry| {
        reg.history("delegate", &id.to_string())
            .unwrap()
            .into_iter()
            .filter(|a| a.action == "print")
            .collect::<Vec<_>>()
    };
    reg.mark_printed(&[(id, 1), (999_999, 1)]).unwrap();
    let p = prints(&reg);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].before.as_deref(), Some("{\"printed_version\":0}"));
    assert_eq!(p[0].after.as_deref(), Some("{\"printed_version\":1}"));
    assert!(reg.history("delegate", "999999").unwrap().is_empty());
    // The same version again, or an older one, changes nothing and is not audited.
    reg.mark_printed(&[(id, 1)]).unwrap();
    reg.mark_printed(&[(id, 0)]).unwrap();
    assert_eq!(prints(&reg).len(), 1);
    assert_eq!(reg.delegate(id).unwrap().printed_version, 1);
}

/// Brings a current database back to the schema of migration 1: drops every table, index and
/// column that migration 1 did not create (whatever later migrations added) and recreates
/// the indexes it had.
fn downgrade_to_v1(conn: &rusqlite::Connection) {
    let v1 = rusqlite::Connection::open_in_memory().unwrap();
    v1.execute_batch(migrations::MIGRATIONS[0]).unwrap();
    let names = |c: &rusqlite::Connection, kind: &str| -> Vec<String> {
        let mut st = c
            .prepare("SELECT name FROM sqlite_master WHERE type = ?1 AND name NOT LIKE 'sqlite_%'")
            .unwrap();
        st.query_map([kind], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let columns = |c: &rusqlite::Connection, table: &str| -> Vec<String> {
        let mut st = c
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    for trigger in names(conn, "trigger") {
        conn.execute_batch(&format!("DROP TRIGGER \"{trigger}\""))
            .unwrap();
    }
    for index in names(conn, "index") {
        conn.execute_batch(&format!("DROP INDEX \"{index}\"")).unwrap();
    }
    for view in names(conn, "view") {
        conn.execute_batch(&format!("DROP VIEW \"{view}\"")).unwrap();
    }
    let v1_tables = names(&v1, "table");
    for table in names(conn, "table") {
        if !v1_tables.contains(&table) {
            conn.execute_batch(&format!("DROP TABLE \"{table}\"")).unwrap();
            continue;
        }
        let keep = columns(&v1, &table);
        for column in columns(conn, &table) {
            if !keep.contains(&column) {
                conn.execute_batch(&format!("ALTER TABLE \"{table}\" DROP COLUMN \"{column}\""))
                    .unwrap();
            }
        }
    }
    let mut st = v1
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .unwrap();
    let indexes: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for sql in indexes {
        conn.execute_batch(&sql).unwrap();
    }
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA user_version = 1;")
        .unwrap();
}

#[test]
fn a_malformed_utc_offset_is_an_error_not_utc() {
    let (_dir, mut reg) = fresh();
    let mut ev = reg.event().unwrap();
    assert_eq!(ev.offset().unwrap(), time::UtcOffset::from_hms(2, 0, 0).unwrap());
    // Saving refuses it, naming the field, the value and the form to write.
    ev.utc_offset = "+2".into();
    let err = reg.save_event(&ev).unwrap_err().to_string();
    assert!(err.starts_with("utc_offset: "), "{err}");
    assert!(err.contains("\"+2\" must look like +02:00"), "{err}");
    assert_eq!(reg.event().unwrap().utc_offset, "+02:00", "nothing saved");
    // A file edited by hand: the offset is an error where it is needed, never UTC.
    reg.conn()
        .execute("UPDATE event SET utc_offset = 'CET' WHERE id = 1", [])
        .unwrap();
    let ev = reg.event().unwrap();
    let err = ev.offset().unwrap_err();
    assert!(
        matches!(&err, RegistryError::Invalid { field, message } if field == "utc_offset" && message.contains("\"CET\" must look like +02:00")),
        "{err}"
    );
    let door = accredit::checkin::Door::open(&reg).expect_err("the door refuses to open");
    assert!(
        door.to_string().contains("\"CET\" must look like +02:00"),
        "{door}"
    );
    let stats = accredit::checkin::stats(&reg).expect_err("stats refuse");
    assert!(stats.to_string().contains("utc_offset"), "{stats}");
}
