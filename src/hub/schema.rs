//! The hub's own schema (append-only migrations counted in `accredit_hub.hub_version`) and
//! its two roles, created by `accredit hub init` with the administrator's login.
//!
//! Tables, all in schema `accredit_hub`:
//! - `item(seq, kind, key, revision, body, station, received)`: the set of signed items,
//!   primary key (kind, key, revision); `seq` comes from one global sequence while a
//!   statement trigger holds a lock on `turn` (a table no login may lock itself) until
//!   commit, so sequence numbers become visible in increasing order; the same trigger sends
//!   `NOTIFY accredit_hub`. A body longer than its kind allows (`max_body`) is refused.
//! - `station(id, role, name, login, last_heard, refused)`: when each station was last heard
//!   from, and why it was refused (another event); written only through
//!   `heartbeat(id, role, name, refused)`.
//! - `hub_meta(key, value)`: `hub_id` (random, so stations notice a recreated hub), the two
//!   role names, and `event` ("CODE KEYHEX": the event the hub serves, recorded by the
//!   first desk through `claim_event`).
//!
//! Roles (named after the database: `<db>_desk`, `<db>_door`, scram-sha-256 passwords):
//! both read every item and the station list and may record their own heartbeat (a door
//! login only door rows of its own login); the desk may insert items of every kind, the
//! door only `scan` (row-level security). Nobody may update or delete an item. The door
//! login has a connection limit that keeps [`DESK_CONNECTIONS`] free for desks. Every
//! session runs with a statement and a lock timeout ([`super::pg::SERVER_SETTINGS`]).

use super::config::HubLogin;
use super::pg::Pg;
use super::{HubError, Result};

/// The channel stations `LISTEN` on.
pub const CHANNEL: &str = "accredit_hub";

/// The hub's migrations, in order; never edit or remove one, append.
pub const MIGRATIONS: &[&str] = &[
    // 1: items, stations, meta; ordering trigger.
    r#"
    CREATE TABLE accredit_hub.hub_meta (
        key   text PRIMARY KEY,
        value text NOT NULL
    );
    INSERT INTO accredit_hub.hub_meta(key, value)
        VALUES ('hub_id', md5(random()::text || clock_timestamp()::text));
    CREATE SEQUENCE accredit_hub.item_seq;
    CREATE TABLE accredit_hub.item (
        seq      bigint NOT NULL DEFAULT nextval('accredit_hub.item_seq') UNIQUE,
        kind     text   NOT NULL CHECK (kind IN ('cert', 'record', 'scan')),
        key      text   NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        revision bigint NOT NULL,
        body     bytea  NOT NULL CHECK (length(body) <= 4194304),
        station  text   NOT NULL CHECK (length(station) BETWEEN 1 AND 64),
        received timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, key, revision)
    );
    CREATE TABLE accredit_hub.station (
        id         text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
        role       text NOT NULL,
        name       text NOT NULL DEFAULT '',
        login      text NOT NULL DEFAULT current_user,
        last_heard timestamptz NOT NULL DEFAULT now()
    );
    -- Writers take turns (the lock is held until commit), so sequence numbers are visible
    -- in the order they were given and a download cursor never steps over a late commit.
    CREATE FUNCTION accredit_hub.item_turn() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock(7301170511);
        RETURN NULL;
    END $$;
    CREATE FUNCTION accredit_hub.item_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('accredit_hub', '');
        RETURN NULL;
    END $$;
    CREATE TRIGGER item_turn BEFORE INSERT ON accredit_hub.item
        FOR EACH STATEMENT EXECUTE FUNCTION accredit_hub.item_turn();
    CREATE TRIGGER item_notify AFTER INSERT ON accredit_hub.item
        FOR EACH STATEMENT EXECUTE FUNCTION accredit_hub.item_notify();
    ALTER TABLE accredit_hub.item ENABLE ROW LEVEL SECURITY;
    "#,
    // 2: the hub's event; refused stations; heartbeats only through a function (a door
    // login writes only door rows of its own login); the writers' turn on a table no login
    // may lock itself; a size per kind of item.
    r#"
    ALTER TABLE accredit_hub.station ADD COLUMN refused text NOT NULL DEFAULT '';
    CREATE TABLE accredit_hub.turn (one integer PRIMARY KEY);
    INSERT INTO accredit_hub.turn VALUES (1);
    CREATE OR REPLACE FUNCTION accredit_hub.item_turn() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = pg_catalog, accredit_hub AS $$
    BEGIN
        LOCK TABLE accredit_hub.turn IN EXCLUSIVE MODE;
        RETURN NULL;
    END $$;
    CREATE FUNCTION accredit_hub.max_body(k text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE k WHEN 'scan' THEN 16384 WHEN 'cert' THEN 16384 ELSE 1048576 END
    $$;
    ALTER TABLE accredit_hub.item ADD CONSTRAINT item_size
        CHECK (length(body) <= accredit_hub.max_body(kind)) NOT VALID;
    CREATE FUNCTION accredit_hub.is_desk() RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, accredit_hub AS $$
        SELECT COALESCE((SELECT r.rolsuper OR pg_has_role(session_user,
                   (SELECT value FROM accredit_hub.hub_meta WHERE key = 'desk_role'), 'MEMBER')
          FROM pg_roles r WHERE r.rolname = session_user), false)
    $$;
    CREATE FUNCTION accredit_hub.heartbeat(p_id text, p_role text, p_name text, p_refused text)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, accredit_hub AS $$
    DECLARE
        owner text;
    BEGIN
        IF length(p_id) NOT BETWEEN 1 AND 64 OR length(p_name) > 64 OR length(p_refused) > 300
           OR p_role NOT IN ('desk', 'door') THEN
            RAISE EXCEPTION 'heartbeat: a station id of 1 to 64 characters, role desk or door, a name of at most 64';
        END IF;
        IF NOT accredit_hub.is_desk() THEN
            SELECT login INTO owner FROM accredit_hub.station WHERE id = p_id;
            IF p_role <> 'door' OR (owner IS NOT NULL AND owner <> session_user) THEN
                RAISE EXCEPTION 'heartbeat: the door login may write only its own door rows';
            END IF;
        END IF;
        INSERT INTO accredit_hub.station(id, role, name, login, last_heard, refused)
             VALUES (p_id, p_role, p_name, session_user, now(), p_refused)
        ON CONFLICT (id) DO UPDATE SET role = excluded.role, name = excluded.name,
             login = excluded.login, last_heard = excluded.last_heard, refused = excluded.refused;
    END $$;
    CREATE FUNCTION accredit_hub.claim_event(p_code text, p_key text) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, accredit_hub AS $$
    BEGIN
        IF p_code <> '' AND p_key <> '' AND accredit_hub.is_desk() THEN
            INSERT INTO accredit_hub.hub_meta(key, value) VALUES ('event', p_code || ' ' || p_key)
                ON CONFLICT (key) DO NOTHING;
        END IF;
        RETURN (SELECT value FROM accredit_hub.hub_meta WHERE key = 'event');
    END $$;
    REVOKE ALL ON FUNCTION accredit_hub.heartbeat(text, text, text, text),
        accredit_hub.claim_event(text, text), accredit_hub.is_desk() FROM PUBLIC;
    "#,
    // 3: any kind of item a desk publishes (revocations, and kinds of later versions, which
    // stations that do not know them skip and count); the door login still appends scans
    // only (row-level security). Revocations are small.
    r#"
    ALTER TABLE accredit_hub.item DROP CONSTRAINT item_kind_check;
    ALTER TABLE accredit_hub.item ADD CONSTRAINT item_kind_check CHECK (kind ~ '^[a-z_]{1,16}$') NOT VALID;
    CREATE OR REPLACE FUNCTION accredit_hub.max_body(k text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE k WHEN 'scan' THEN 16384 WHEN 'cert' THEN 16384 WHEN 'revoke' THEN 16384 ELSE 1048576 END
    $$;
    "#,
];

/// The largest body of an item of each kind, as an SQL expression over the column `kind`
/// (the same rule as the hub's `accredit_hub.max_body`, written out so a station reads it
/// from hubs of any schema version): scans, certificates and revocations 16 KiB, door records (a
/// normalised photo of at most 600 px is far smaller) and other kinds 1 MiB.
pub const MAX_BODY_SQL: &str =
    "(CASE kind WHEN 'scan' THEN 16384 WHEN 'cert' THEN 16384 WHEN 'revoke' THEN 16384 ELSE 1048576 END)";

/// [`MAX_BODY_SQL`] in Rust: the largest body of an item of `kind`.
pub fn max_body(kind: &str) -> usize {
    match kind {
        "scan" | "cert" | "revoke" => 16384,
        _ => 1_048_576,
    }
}

/// Connections kept free of the door login for desks and the administrator: the door
/// login's connection limit is the server's `max_connections` less this (and less the
/// superuser's reserve); the desk login's limit is this.
pub const DESK_CONNECTIONS: i64 = 20;

/// A role `hub init` made or found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleLogin {
    /// The role name.
    pub role: String,
    /// The login (with the new password when one was set by this run).
    pub login: HubLogin,
    /// Whether this run set its password (created it, or `--new-passwords`).
    pub new_password: bool,
}

/// What `hub init` did.
#[derive(Debug, Clone)]
pub struct InitReport {
    /// Schema version before.
    pub version_before: usize,
    /// Schema version now.
    pub version: usize,
    /// The desk login.
    pub desk: RoleLogin,
    /// The door login.
    pub door: RoleLogin,
}

/// The schema version this build writes.
pub fn latest() -> usize {
    MIGRATIONS.len()
}

/// A client error in one line, with the server's message when there is one.
pub fn describe(e: &postgres::Error) -> String {
    use tokio_postgres::error::SqlState;
    if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) {
        return "the hub's writers' turn is held by another session for more than 3 s (a stuck or hostile login): uploads wait; trying again (the server ends an idle transaction after 10 s)".into();
    }
    if e.code() == Some(&SqlState::QUERY_CANCELED) {
        return "the hub took more than 4 s for one statement (an overloaded or stuck hub); trying again"
            .into();
    }
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(inner) = src {
                let t = inner.to_string();
                if !s.contains(&t) {
                    s = format!("{s}: {t}");
                }
                src = inner.source();
            }
            s
        }
    }
}

fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn new_password() -> String {
    let mut bytes = [0u8; 18];
    if getrandom::fill(&mut bytes).is_err() {
        // Without the OS generator there is no safe password: fall back to the clock-seeded
        // UUID generator, still 122 random bits.
        return uuid::Uuid::new_v4().simple().to_string();
    }
    data_encoding::HEXLOWER.encode(&bytes)
}

/// Creates or brings up to date the hub's schema and roles on the database of `admin`
/// (a login that may create roles: the server's administrator). Idempotent: a second run
/// changes nothing, and keeps the passwords unless `new_passwords`.
pub fn init(admin: &HubLogin, new_passwords: bool) -> Result<InitReport> {
    let mut client = Pg::connect(admin)?;
    let (db, can): (String, bool) = {
        let row = client.query_one(
            "SELECT current_database(), rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user",
            &[],
        )?;
        (row.get(0), row.get(1))
    };
    if !can {
        return Err(HubError::Rights(format!(
            "{}: `hub init` needs the server administrator's login (a role that may create roles, e.g. postgres)",
            admin.url
        )));
    }
    let (max_conn, reserved): (i64, i64) = {
        let row = client.query_one(
            "SELECT current_setting('max_connections')::int8, current_setting('superuser_reserved_connections')::int8",
            &[],
        )?;
        (row.get(0), row.get(1))
    };
    let door_limit = (max_conn - reserved - DESK_CONNECTIONS).max(1);
    let report = client.transaction(|tx| init_in(tx, admin, &db, new_passwords, door_limit))?;
    if new_passwords {
        // Sessions opened with the old passwords end now (after the commit, so none logs in
        // again with an old one): every station must log in again, and one still holding
        // an old password says so (authentication refused).
        client.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename IN ($1, $2) AND pid <> pg_backend_pid()",
            &[&report.desk.role, &report.door.role],
        )?;
    }
    Ok(report)
}

fn init_in(
    tx: &mut Pg,
    admin: &HubLogin,
    db: &str,
    new_passwords: bool,
    door_limit: i64,
) -> Result<InitReport> {
    let desk_role = format!("{db}_desk");
    let door_role = format!("{db}_door");
    tx.execute("SELECT pg_advisory_xact_lock(7301170510)", &[])?;
    tx.batch(
        "CREATE SCHEMA IF NOT EXISTS accredit_hub;
         CREATE TABLE IF NOT EXISTS accredit_hub.hub_version (
             version    integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now()
         );",
    )?;
    let before: i32 = tx
        .query_one(
            "SELECT COALESCE(max(version), 0) FROM accredit_hub.hub_version",
            &[],
        )?
        .get(0);
    let before = before.max(0) as usize;
    if before > latest() {
        return Err(HubError::Schema(format!(
            "{}: the hub has schema version {before}, newer than this accredit ({}); use a newer accredit",
            admin.url,
            latest()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(before) {
        tx.batch(sql)?;
        tx.execute(
            "INSERT INTO accredit_hub.hub_version(version) VALUES ($1)",
            &[&((i + 1) as i32)],
        )?;
    }
    tx.batch("SET LOCAL password_encryption = 'scram-sha-256'")?;
    let mut logins = Vec::new();
    for role in [&desk_role, &door_role] {
        let exists = tx
            .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[role])?
            .is_some();
        let mut password = String::new();
        if !exists || new_passwords {
            password = new_password();
            // The verifier is computed here, so the password itself never reaches the server.
            let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
            let verb = if exists { "ALTER" } else { "CREATE" };
            tx.batch(&format!(
                "{verb} ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{}'",
                quote_ident(role),
                verifier.replace('\'', "''")
            ))?;
        }
        logins.push(RoleLogin {
            role: role.clone(),
            login: admin.with_user(role, &password)?,
            new_password: !password.is_empty(),
        });
    }
    let (desk, door) = (quote_ident(&desk_role), quote_ident(&door_role));
    tx.batch(&format!(
        "GRANT CONNECT ON DATABASE {db} TO {desk}, {door};
         GRANT USAGE ON SCHEMA accredit_hub TO {desk}, {door};
         GRANT SELECT ON accredit_hub.hub_meta, accredit_hub.hub_version TO {desk}, {door};
         GRANT SELECT, INSERT ON accredit_hub.item TO {desk}, {door};
         GRANT USAGE ON SEQUENCE accredit_hub.item_seq TO {desk}, {door};
         GRANT SELECT ON accredit_hub.station TO {desk}, {door};
         REVOKE INSERT, UPDATE, DELETE ON accredit_hub.station FROM {desk}, {door};
         GRANT EXECUTE ON FUNCTION accredit_hub.heartbeat(text, text, text, text),
             accredit_hub.claim_event(text, text), accredit_hub.is_desk() TO {desk}, {door};
         ALTER ROLE {door} CONNECTION LIMIT {door_limit};
         ALTER ROLE {desk} CONNECTION LIMIT {desk_limit};
         ALTER ROLE {door} SET idle_in_transaction_session_timeout = '10s';
         ALTER ROLE {desk} SET idle_in_transaction_session_timeout = '10s';
         ALTER ROLE {door} SET lock_timeout = '3s';
         ALTER ROLE {desk} SET lock_timeout = '3s';
         DROP POLICY IF EXISTS item_read ON accredit_hub.item;
         DROP POLICY IF EXISTS item_desk ON accredit_hub.item;
         DROP POLICY IF EXISTS item_door ON accredit_hub.item;
         CREATE POLICY item_read ON accredit_hub.item FOR SELECT TO {desk}, {door} USING (true);
         CREATE POLICY item_desk ON accredit_hub.item FOR INSERT TO {desk} WITH CHECK (true);
         CREATE POLICY item_door ON accredit_hub.item FOR INSERT TO {door}
             WITH CHECK (kind = 'scan');
         INSERT INTO accredit_hub.hub_meta(key, value) VALUES
             ('desk_role', '{dr}'), ('door_role', '{or}')
             ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
        db = quote_ident(db),
        desk_limit = DESK_CONNECTIONS,
        dr = desk_role.replace('\'', "''"),
        or = door_role.replace('\'', "''"),
    ))?;
    let door_login = logins.pop();
    let desk_login = logins.pop();
    match (desk_login, door_login) {
        (Some(desk), Some(door)) => Ok(InitReport {
            version_before: before,
            version: latest(),
            desk,
            door,
        }),
        _ => Err(HubError::Schema("internal: roles missing".into())),
    }
}
