//! First-start seed: the default event and the delegations, from the files in `data/`.
//!
//! Idempotent: delegations are inserted when missing, the event only when there is none.
//! The fingerprint of the seeded delegations is kept in `meta` (key [`SEED_KEY`]), so that an
//! open of a database already seeded with the same data reads two values and writes nothing
//! (every `accredit checkin` opens the database: it must not pay for a write and an fsync).

use rusqlite::{Connection, OptionalExtension, params};

use super::model::{DelegationKind, Event};
use super::{RegistryError, Result, event};

/// The default event definition (`data/event.json`).
pub const EVENT_JSON: &str = include_str!("../../data/event.json");
/// The seed delegations (`data/delegations.csv`).
pub const DELEGATIONS_CSV: &str = include_str!("../../data/delegations.csv");

/// The default event as shipped.
pub fn default_event() -> Event {
    // The file is part of the build and checked by a test.
    serde_json::from_str(EVENT_JSON).unwrap_or_else(|e| panic!("data/event.json is invalid: {e}"))
}

/// The `meta` key holding the fingerprint of the delegations last seeded.
pub const SEED_KEY: &str = "seed_delegations";

/// The fingerprint of the seed delegations: FNV-1a 64 of the CSV text, in hex.
pub fn delegations_fingerprint() -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in DELEGATIONS_CSV.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

/// Seeds an empty or partly seeded database, in one transaction; does nothing (and opens no
/// write transaction) when the event exists and the delegations were seeded from the same
/// data.
pub fn seed(conn: &mut Connection) -> Result<()> {
    let fingerprint = delegations_fingerprint();
    let has_event: bool = conn.query_row("SELECT EXISTS(SELECT 1 FROM event)", [], |r| r.get(0))?;
    let seeded: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [SEED_KEY], |r| r.get(0))
        .optional()?;
    if has_event && seeded.as_deref() == Some(fingerprint.as_str()) {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let has_event: bool = tx.query_row("SELECT EXISTS(SELECT 1 FROM event)", [], |r| r.get(0))?;
    if !has_event {
        event::create(&tx, &default_event())?;
        let station = format!(
            "ST-{}",
            &uuid::Uuid::new_v4().simple().to_string()[..6].to_ascii_uppercase()
        );
        tx.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('station_id', ?1)",
            [station],
        )?;
    }
    let mut rdr = csv::Reader::from_reader(DELEGATIONS_CSV.as_bytes());
    // A schema from before the six languages (a database being migrated step by step) has
    // the English and French names only.
    let six: bool = tx.query_row(
        "SELECT COUNT(*) > 0 FROM pragma_table_info('delegation') WHERE name = 'name_de'",
        [],
        |r| r.get(0),
    )?;
    {
        let mut stmt = tx.prepare_cached(if !six {
            "INSERT OR IGNORE INTO delegation(code, kind, grp, name_en, name_fr, default_category)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE ?7 IS NOT NULL AND ?8 IS NOT NULL
                AND ?9 IS NOT NULL AND ?10 IS NOT NULL"
        } else {
            // A delegation already there keeps its row; names it lacks in the other languages
            // are filled in (a database seeded before the six languages).
            "INSERT INTO delegation(code, kind, grp, name_en, name_fr, default_category,
                                    name_de, name_ru, name_es, name_it)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT(code) DO UPDATE SET
                name_de = CASE WHEN name_de = '' THEN excluded.name_de ELSE name_de END,
                name_ru = CASE WHEN name_ru = '' THEN excluded.name_ru ELSE name_ru END,
                name_es = CASE WHEN name_es = '' THEN excluded.name_es ELSE name_es END,
                name_it = CASE WHEN name_it = '' THEN excluded.name_it ELSE name_it END"
        })?;
        for (i, rec) in rdr.records().enumerate() {
            let bad = |m: String| RegistryError::Invalid {
                field: format!("data/delegations.csv line {}", i + 2),
                message: m,
            };
            let rec = rec.map_err(|e| bad(e.to_string()))?;
            let f = |n: usize| rec.get(n).unwrap_or("").to_string();
            if DelegationKind::parse(&f(1)).is_none() {
                return Err(bad(format!("unknown kind {:?}", f(1))));
            }
            stmt.execute(params![
                f(0),
                f(1),
                f(2),
                f(3),
                f(4),
                f(5),
                f(6),
                f(7),
                f(8),
                f(9)
            ])?;
        }
    }
    tx.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [SEED_KEY, fingerprint.as_str()],
    )?;
    tx.commit()?;
    Ok(())
}
