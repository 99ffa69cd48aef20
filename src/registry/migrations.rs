//! Schema migrations, append-only, counted by `PRAGMA user_version` (the cargo pattern).
//!
//! Never remove or edit an entry: add a new one at the end.

use rusqlite::{Connection, TransactionBehavior};

/// The migrations, in order. Entry N brings the schema from version N to N+1.
pub const MIGRATIONS: &[&str] = &[
    // 1: the registry, the event, the audit trail and the scan log.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE event (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        code        TEXT NOT NULL,
        title       TEXT NOT NULL,
        subtitle    TEXT NOT NULL DEFAULT '',
        venue       TEXT NOT NULL DEFAULT '',
        city        TEXT NOT NULL DEFAULT '',
        utc_offset  TEXT NOT NULL DEFAULT '+00:00',
        reentry     INTEGER NOT NULL DEFAULT 0,
        public_key  BLOB NOT NULL,
        secret_key  BLOB
    );
    CREATE TABLE event_day (
        date  TEXT PRIMARY KEY,
        label TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE zone (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        sort INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE category (
        code   TEXT PRIMARY KEY,
        label  TEXT NOT NULL,
        colour TEXT NOT NULL,
        zones  TEXT NOT NULL DEFAULT '',
        sort   INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE delegation (
        code             TEXT PRIMARY KEY,
        kind             TEXT NOT NULL CHECK (kind IN ('participating_state','partner','organization')),
        grp              TEXT NOT NULL DEFAULT '',
        name_en          TEXT NOT NULL,
        name_fr          TEXT NOT NULL,
        default_category TEXT NOT NULL REFERENCES category(code)
    );
    CREATE TABLE delegate (
        id              INTEGER PRIMARY KEY,
        external_id     TEXT UNIQUE,
        delegation      TEXT NOT NULL REFERENCES delegation(code),
        title           TEXT NOT NULL DEFAULT '',
        given_name      TEXT NOT NULL DEFAULT '',
        family_name     TEXT NOT NULL CHECK (family_name <> ''),
        native_name     TEXT NOT NULL DEFAULT '',
        function        TEXT NOT NULL DEFAULT '',
        category        TEXT NOT NULL REFERENCES category(code),
        email           TEXT NOT NULL DEFAULT '',
        days            TEXT NOT NULL DEFAULT '',
        zones           TEXT NOT NULL DEFAULT '',
        photo           BLOB,
        status          TEXT NOT NULL DEFAULT 'accredited'
                        CHECK (status IN ('pending','accredited','rejected','withdrawn')),
        attention       TEXT NOT NULL DEFAULT '',
        badge_version   INTEGER NOT NULL DEFAULT 1,
        printed_version INTEGER NOT NULL DEFAULT 0,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
    );
    CREATE INDEX delegate_delegation ON delegate(delegation);
    CREATE TABLE audit (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        operator  TEXT NOT NULL,
        entity    TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        action    TEXT NOT NULL,
        before    TEXT,
        after     TEXT
    );
    CREATE INDEX audit_entity ON audit(entity, entity_id);
    CREATE TABLE checkin (
        uuid      TEXT PRIMARY KEY,
        station   TEXT NOT NULL,
        at        TEXT NOT NULL,
        day       TEXT NOT NULL,
        verdict   TEXT NOT NULL,
        serial    INTEGER,
        version   INTEGER,
        zone      TEXT NOT NULL DEFAULT '',
        override_reason TEXT NOT NULL DEFAULT '',
        operator  TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX checkin_serial_day ON checkin(serial, day);
    "#,
    // 2: an import audits the delegates it creates in one entry (see audit::CreationLog):
    // the entry's id, the range of delegate ids it created, and their records after, as
    // JSON lines in id order, compressed in blocks (`blocks`: JSON [[first id, offset], ...])
    // so that one delegate's record is read without inflating the whole import.
    r#"
    CREATE TABLE audit_batch (
        audit_id INTEGER PRIMARY KEY REFERENCES audit(id) ON DELETE CASCADE,
        first_id INTEGER NOT NULL,
        last_id  INTEGER NOT NULL,
        blocks   TEXT NOT NULL,
        created  BLOB NOT NULL
    );
    CREATE INDEX audit_batch_range ON audit_batch(first_id, last_id);
    -- No query reads delegates by delegation (lists filter in memory) and delegation codes
    -- are never changed or deleted, so this index only slowed every insert down.
    DROP INDEX delegate_delegation;
    "#,
    // 3: the door's direction (entry or exit) and annulments. An annulment is a scan row of
    // its own (verdict `ANNULLED`) whose `annuls` names the UUID of the scan it cancels and
    // whose `override_reason` holds the supervisor's reason; nothing is ever deleted.
    r#"
    ALTER TABLE checkin ADD COLUMN direction TEXT NOT NULL DEFAULT 'in'
        CHECK (direction IN ('in', 'out'));
    ALTER TABLE checkin ADD COLUMN annuls TEXT NOT NULL DEFAULT '';
    "#,
    // 4: the badge template (JSON of `BadgeTemplate`; empty: the built-in default) and the
    // event's images (the emblem, `name = 'emblem'`), kept out of the event row so that
    // loading the event (every scan at the door) never reads them.
    r#"
    ALTER TABLE event ADD COLUMN badge_template TEXT NOT NULL DEFAULT '';
    CREATE TABLE event_image (
        name  TEXT PRIMARY KEY,
        bytes BLOB NOT NULL
    );
    "#,
    // The audit chain and the retention period (see AUDIT_CHAIN).
    AUDIT_CHAIN,
    // The event's automatic check-out time (event-local HH:MM): who entered and did not
    // leave through an exit counts as inside until then.
    r#"
    ALTER TABLE event ADD COLUMN checkout TEXT NOT NULL DEFAULT '23:59';
    "#,
    // The event network (src/network). `station_key`: this database's own station key
    // (never the event key; a door copy gets a new one) and the station id it is certified
    // under (the signer of its scans; `meta.station_id` only names it in the log). `station_cert`: certificates of the
    // stations this database knows, each signed by the event key. Scans get their signer's
    // station id and Ed25519 signature (`verified` = 0: a row from before, kept but not
    // trusted). `door_record`: the newest signed door record per badge serial.
    // `record_dirty`: delegates changed at a desk whose record is not yet published (filled
    // by triggers, so changes by any process or write path are seen). `outbox`: the items
    // made or published here, in local order. `held_item`: received items that wait for
    // something they refer to (a scan of a badge whose record has not arrived yet).
    r#"
    CREATE TABLE station_key (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        station_id TEXT NOT NULL,
        name       TEXT NOT NULL DEFAULT '',
        role       TEXT NOT NULL CHECK (role IN ('desk', 'door')),
        secret_key BLOB NOT NULL,
        public_key BLOB NOT NULL
    );
    CREATE TABLE station_cert (
        station_id TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        role       TEXT NOT NULL,
        public_key BLOB NOT NULL,
        body       BLOB NOT NULL,
        received_at TEXT NOT NULL
    );
    ALTER TABLE checkin ADD COLUMN signer TEXT NOT NULL DEFAULT '';
    ALTER TABLE checkin ADD COLUMN signature BLOB;
    ALTER TABLE checkin ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE door_record (
        serial     INTEGER PRIMARY KEY,
        revision   INTEGER NOT NULL,
        signed     BLOB NOT NULL,
        photo_hash TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE record_dirty (
        id     INTEGER PRIMARY KEY AUTOINCREMENT,
        serial INTEGER NOT NULL
    );
    CREATE TABLE outbox (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        kind     TEXT NOT NULL,
        key      TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE held_item (
        kind     TEXT NOT NULL,
        key      TEXT NOT NULL,
        revision INTEGER NOT NULL,
        body     BLOB NOT NULL,
        reason   TEXT NOT NULL,
        PRIMARY KEY (kind, key, revision)
    );
    CREATE TRIGGER delegate_record_insert AFTER INSERT ON delegate
        WHEN (SELECT secret_key FROM event WHERE id = 1) IS NOT NULL
        BEGIN INSERT INTO record_dirty(serial) VALUES (NEW.id); END;
    CREATE TRIGGER delegate_record_update AFTER UPDATE ON delegate
        WHEN (SELECT secret_key FROM event WHERE id = 1) IS NOT NULL
        BEGIN INSERT INTO record_dirty(serial) VALUES (NEW.id); END;
    INSERT INTO record_dirty(serial)
        SELECT id FROM delegate WHERE (SELECT secret_key FROM event WHERE id = 1) IS NOT NULL
        ORDER BY id;
    "#,
    // The reason given with a delegate's latest status change (required to reject or
    // withdraw; see registry::status). On the delegate row, so that door copies carry a
    // withdrawal's reason to the REVOKED verdict.
    r#"
    ALTER TABLE delegate ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
    "#,
    // Station revocations (a certificate withdrawn by the event key: the station's items
    // from `since` on are refused and dropped), and held items indexed by the badge serial
    // they wait for (applying stays linear however many are held).
    r#"
    CREATE TABLE station_revocation (
        station_id TEXT PRIMARY KEY,
        since      TEXT NOT NULL,
        body       BLOB NOT NULL
    );
    ALTER TABLE held_item ADD COLUMN serial INTEGER;
    ALTER TABLE held_item ADD COLUMN signer TEXT;
    CREATE INDEX held_item_serial ON held_item(serial);
    "#,
    // The person's record (see registry::fields): gender, nationality, date of birth, the
    // identity document, the vehicle plate and the security vetting verdict of each
    // delegate; the event's security vetting switch, how long each privacy class is kept
    // (`retention_days` is the door class's) and whether gender is kept for statistics.
    r#"
    ALTER TABLE delegate ADD COLUMN gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'F', 'M', 'X'));
    ALTER TABLE delegate ADD COLUMN nationality TEXT NOT NULL DEFAULT '';
    ALTER TABLE delegate ADD COLUMN birth_date TEXT NOT NULL DEFAULT '';
    ALTER TABLE delegate ADD COLUMN id_type TEXT NOT NULL DEFAULT '';
    ALTER TABLE delegate ADD COLUMN id_number TEXT NOT NULL DEFAULT '';
    ALTER TABLE delegate ADD COLUMN id_country TEXT NOT NULL DEFAULT '';
    ALTER TABLE delegate ADD COLUMN id_expiry TEXT NOT NULL DEFAULT '';
    ALTER TABLE delegate ADD COLUMN vehicle_plate TEXT NOT NULL DEFAULT '';
    ALTER TABLE delegate ADD COLUMN vetting_verdict TEXT NOT NULL DEFAULT ''
        CHECK (vetting_verdict IN ('', 'cleared', 'refused'));
    ALTER TABLE delegate ADD COLUMN vetting_note TEXT NOT NULL DEFAULT '';
    ALTER TABLE event ADD COLUMN vetting_mode TEXT NOT NULL DEFAULT 'off'
        CHECK (vetting_mode IN ('off', 'required'));
    ALTER TABLE event ADD COLUMN retention_desk_days INTEGER NOT NULL DEFAULT 90
        CHECK (retention_desk_days >= 0);
    ALTER TABLE event ADD COLUMN retention_sensitive_days INTEGER NOT NULL DEFAULT 1
        CHECK (retention_sensitive_days >= 0);
    ALTER TABLE event ADD COLUMN keep_gender INTEGER NOT NULL DEFAULT 1;
    "#,
    // Nominations (see registry::nominations): quotas per delegation kind or delegation and
    // category, the nomination settings of the event (deadline, approval), the workbooks
    // issued to delegations (by serial) and what a returned workbook said of each row last
    // time (for the three-way merge of a re-sent workbook; personal data, purged).
    r#"
    CREATE TABLE nomination_quota (
        target   TEXT NOT NULL,
        category TEXT NOT NULL,
        quota    INTEGER NOT NULL CHECK (quota >= 0),
        PRIMARY KEY (target, category)
    );
    CREATE TABLE nomination_setting (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        deadline TEXT NOT NULL DEFAULT '',
        approval INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO nomination_setting(id) VALUES (1);
    CREATE TABLE nomination_workbook (
        serial      INTEGER PRIMARY KEY AUTOINCREMENT,
        delegation  TEXT NOT NULL,
        issued_at   TEXT NOT NULL,
        returned_at TEXT
    );
    CREATE TABLE nomination_row (
        external_id TEXT PRIMARY KEY,
        serial      INTEGER NOT NULL,
        cells       TEXT NOT NULL
    );
    "#,
    // The delegations' names in the OSCE's other official languages (German, Russian,
    // Spanish, Italian); the seed fills them (data/delegations.csv).
    r#"
    ALTER TABLE delegation ADD COLUMN name_de TEXT NOT NULL DEFAULT '';
    ALTER TABLE delegation ADD COLUMN name_ru TEXT NOT NULL DEFAULT '';
    ALTER TABLE delegation ADD COLUMN name_es TEXT NOT NULL DEFAULT '';
    ALTER TABLE delegation ADD COLUMN name_it TEXT NOT NULL DEFAULT '';
    "#,
    // Re-imports merge three ways (registry::import_base): what each import file said about
    // each person (by external id, else `id:N`), and the cells a re-import found changed both
    // in the file and at the desk (kept at the desk's value until resolved).
    r#"
    CREATE TABLE import_base (
        key    TEXT PRIMARY KEY,
        file   TEXT NOT NULL,
        fields TEXT NOT NULL,
        at     TEXT NOT NULL
    );
    CREATE TABLE import_conflict (
        serial     INTEGER NOT NULL,
        field      TEXT NOT NULL,
        base       TEXT NOT NULL,
        desk       TEXT NOT NULL,
        file_value TEXT NOT NULL,
        file       TEXT NOT NULL,
        at         TEXT NOT NULL,
        PRIMARY KEY (serial, field)
    );
    "#,
    // Several desks (registry::desk_log): the signed desk changes known here (`desk_item`, the
    // bytes; `desk_change`, one row per field), each delegate's registers as last published
    // or merged here (`desk_shadow`), the delegates changed here and not yet published
    // (`desk_dirty`, filled by triggers once the desk is part of a desk network, whatever
    // process or write path changed them), and the fields in conflict between desks.
    r#"
    CREATE TABLE desk_item (
        key  TEXT PRIMARY KEY,
        body BLOB NOT NULL
    );
    CREATE TABLE desk_change (
        item   TEXT NOT NULL,
        signer TEXT NOT NULL,
        hlc    TEXT NOT NULL,
        serial INTEGER NOT NULL,
        field  TEXT NOT NULL,
        value  TEXT NOT NULL,
        seen   TEXT NOT NULL,
        author TEXT NOT NULL,
        PRIMARY KEY (signer, hlc, serial, field)
    );
    CREATE INDEX desk_change_field ON desk_change(serial, field);
    CREATE TABLE desk_shadow (
        serial INTEGER PRIMARY KEY,
        fields TEXT NOT NULL
    );
    CREATE TABLE desk_dirty (
        seq    INTEGER PRIMARY KEY AUTOINCREMENT,
        serial INTEGER NOT NULL,
        force  TEXT
    );
    CREATE TABLE desk_conflict (
        serial INTEGER NOT NULL,
        field  TEXT NOT NULL,
        PRIMARY KEY (serial, field)
    );
    CREATE TRIGGER delegate_desk_insert AFTER INSERT ON delegate
        WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'desk_network')
        BEGIN INSERT INTO desk_dirty(serial) VALUES (NEW.id); END;
    CREATE TRIGGER delegate_desk_update AFTER UPDATE ON delegate
        WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'desk_network')
        BEGIN INSERT INTO desk_dirty(serial) VALUES (NEW.id); END;
    -- Which desk copy issued a badge's current version (no row: the event key's desk), so
    -- that doors admit only that desk's version 2 passes for it.
    CREATE TABLE badge_issuer (
        serial INTEGER PRIMARY KEY,
        signer TEXT NOT NULL
    );
    CREATE TRIGGER delegate_issuer_insert AFTER INSERT ON delegate
        WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'desk_network')
            AND (SELECT secret_key FROM event WHERE id = 1) IS NULL
        BEGIN INSERT OR REPLACE INTO badge_issuer(serial, signer)
            SELECT NEW.id, station_id FROM station_key WHERE id = 1; END;
    CREATE TRIGGER delegate_issuer_reissue AFTER UPDATE OF badge_version ON delegate
        WHEN NEW.badge_version > OLD.badge_version
            AND EXISTS (SELECT 1 FROM meta WHERE key = 'desk_network')
        BEGIN
            DELETE FROM badge_issuer WHERE serial = NEW.id;
            INSERT INTO badge_issuer(serial, signer)
                SELECT NEW.id, station_id FROM station_key
                 WHERE id = 1 AND (SELECT secret_key FROM event WHERE id = 1) IS NULL;
        END;
    "#,
];

/// The migration that links the audit trail into a hash chain (see [`super::chain`]):
/// each entry's `hash`, and the event's retention period for personal data (days after the
/// last day; see `crate::records::purge`). After it runs, [`super::chain::link_unlinked`]
/// links the existing entries in the same transaction (found by content, not by position).
pub const AUDIT_CHAIN: &str = r#"
    ALTER TABLE audit ADD COLUMN hash BLOB;
    ALTER TABLE event ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 90
        CHECK (retention_days >= 0);
    "#;

/// Runs every migration not yet applied, all in one exclusive transaction.
///
/// Returns the schema version before migrating.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<usize> {
    let before: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let before = before as usize;
    if before >= MIGRATIONS.len() {
        return Ok(before);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    for sql in &MIGRATIONS[before..] {
        tx.execute_batch(sql)?;
        if *sql == AUDIT_CHAIN {
            super::chain::link_unlinked(&tx)?;
        }
    }
    tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
    tx.commit()?;
    Ok(before)
}

/// The schema version this build expects.
pub fn latest() -> usize {
    MIGRATIONS.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_is_harmless() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), 0);
        assert_eq!(migrate(&mut conn).unwrap(), latest());
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v as usize, latest());
    }
}
