//! The hub's own schema (append-only migrations counted in `accredit_hub.hub_version`) and
//! its two roles, created by `accredit hub init` with the administrator's login.
//!
//! Tables, all in schema `accredit_hub`:
//! - `item(seq, kind, key, revision, body, station, received)`: the set of signed items,
//!   primary key (kind, key, revision); `seq` comes from one global sequence while a
//!   statement trigger holds an advisory lock until commit, so sequence numbers become
//!   visible in increasing order; the same trigger sends `NOTIFY accredit_hub`.
//! - `station(id, role, name, login, last_heard)`: when each station was last heard from.
//! - `hub_meta(key, value)`: `hub_id` (random, so stations notice a recreated hub) and the
//!   two role names.
//!
//! Roles (named after the database: `<db>_desk`, `<db>_door`, scram-sha-256 passwords):
//! both read every item and the station list and may record their own heartbeat; the desk
//! may insert items of every kind, the door only `scan` (row-level security). Nobody may
//! update or delete an item.

use postgres::Client;

use super::config::HubLogin;
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
    // Desk changes travel too (kind `desk`, signed by a desk's station key; private values
    // sealed), so several desks converge through the hub.
    r#"
    ALTER TABLE accredit_hub.item DROP CONSTRAINT IF EXISTS item_kind_check;
    ALTER TABLE accredit_hub.item ADD CONSTRAINT item_kind_check
        CHECK (kind IN ('cert', 'record', 'scan', 'desk'));
    "#,
];

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

/// Connects with a login (2 s connect timeout).
pub fn connect(login: &HubLogin) -> Result<Client> {
    login
        .client_config()?
        .connect(postgres::NoTls)
        .map_err(|e| HubError::Unreachable {
            url: login.url.clone(),
            detail: describe(&e),
        })
}

/// A client error in one line, with the server's message when there is one.
pub fn describe(e: &postgres::Error) -> String {
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
    let mut client = connect(admin)?;
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
    let desk_role = format!("{db}_desk");
    let door_role = format!("{db}_door");
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock(7301170510)", &[])?;
    tx.batch_execute(
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
        tx.batch_execute(sql)?;
        tx.execute(
            "INSERT INTO accredit_hub.hub_version(version) VALUES ($1)",
            &[&((i + 1) as i32)],
        )?;
    }
    tx.batch_execute("SET LOCAL password_encryption = 'scram-sha-256'")?;
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
            tx.batch_execute(&format!(
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
    tx.batch_execute(&format!(
        "GRANT CONNECT ON DATABASE {db} TO {desk}, {door};
         GRANT USAGE ON SCHEMA accredit_hub TO {desk}, {door};
         GRANT SELECT ON accredit_hub.hub_meta, accredit_hub.hub_version TO {desk}, {door};
         GRANT SELECT, INSERT ON accredit_hub.item TO {desk}, {door};
         GRANT USAGE ON SEQUENCE accredit_hub.item_seq TO {desk}, {door};
         GRANT SELECT, INSERT, UPDATE ON accredit_hub.station TO {desk}, {door};
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
        db = quote_ident(&db),
        dr = desk_role.replace('\'', "''"),
        or = door_role.replace('\'', "''"),
    ))?;
    tx.commit()?;
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
