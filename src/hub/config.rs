//! A station's hub login and sync cursors, kept in its own SQLite `meta` table.
//!
//! Keys: `hub_url` (the URL without password: all that is ever shown), `hub_password`,
//! `hub_door_url` / `hub_door_password` (on a desk: the door login its door copies get),
//! `hub_id` (the hub database the cursors count in), `hub_sent` (the last local item number
//! uploaded), `hub_cursor` (the last hub sequence number downloaded), `hub_last_sync`, and
//! `hub_recheck` / `hub_recheck_certs` (scans refused for a station not known yet are fetched
//! again from that point once a newer certificate is on the hub).
//! A station with no `hub_url` is not on a network: the single-machine default.

use rusqlite::Connection;

use super::tls::SslMode;
use super::{HubError, Result};
use crate::Registry;

/// A PostgreSQL login, split into the URL shown to people and the password kept apart.
#[derive(Clone, PartialEq, Eq)]
pub struct HubLogin {
    /// `postgres://user@host:port/db?...`, without password.
    pub url: String,
    /// The password as written in the URL (percent-encoded), empty when none.
    pub password: String,
}

impl std::fmt::Debug for HubLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubLogin")
            .field("url", &self.url)
            .field("password", &if self.password.is_empty() { "" } else { "***" })
            .finish()
    }
}

/// The parts of a PostgreSQL URL this module needs.
struct UrlParts<'a> {
    scheme: &'a str,
    user: &'a str,
    password: Option<&'a str>,
    rest: &'a str,
}

fn split_url(url: &str) -> Result<UrlParts<'_>> {
    let bad = || {
        HubError::BadUrl(format!(
            "{:?} is not a PostgreSQL URL like postgres://USER:PASSWORD@HOST:PORT/DATABASE",
            strip_password_lossy(url)
        ))
    };
    let (scheme, after) = url
        .split_once("://")
        .filter(|(s, _)| *s == "postgres" || *s == "postgresql")
        .ok_or_else(bad)?;
    let authority_end = after.find(['/', '?']).unwrap_or(after.len());
    let (authority, tail) = after.split_at(authority_end);
    let (userinfo, hosts) = match authority.rfind('@') {
        Some(i) => (
            authority.get(..i).unwrap_or(""),
            authority.get(i + 1..).unwrap_or(""),
        ),
        None => ("", authority),
    };
    if hosts.is_empty() {
        return Err(bad());
    }
    let (user, password) = match userinfo.split_once(':') {
        Some((u, p)) => (u, Some(p)),
        None => (userinfo, None),
    };
    let rest = after.get(authority_end - hosts.len()..).unwrap_or("");
    debug_assert!(rest.ends_with(tail));
    Ok(UrlParts {
        scheme,
        user,
        password,
        rest,
    })
}

/// The URL with any password removed, for messages, even when it does not parse.
fn strip_password_lossy(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, after)) => {
            let end = after.find(['/', '?']).unwrap_or(after.len());
            let (authority, tail) = after.split_at(end);
            match authority.rfind('@') {
                Some(i) => {
                    let userinfo = authority.get(..i).unwrap_or("");
                    let user = userinfo.split(':').next().unwrap_or("");
                    format!("{scheme}://{user}@{}{tail}", authority.get(i + 1..).unwrap_or(""))
                }
                None => url.to_string(),
            }
        }
        None => "(not a URL)".to_string(),
    }
}

impl HubLogin {
    /// Splits a URL given by a person into URL and password.
    pub fn parse(url: &str) -> Result<Self> {
        let url = url.trim();
        let p = split_url(url)?;
        if p.user.is_empty() {
            return Err(HubError::BadUrl(format!(
                "{url}: the URL names no login; write postgres://USER:PASSWORD@HOST:PORT/DATABASE"
            )));
        }
        Ok(Self {
            url: format!("{}://{}@{}", p.scheme, p.user, p.rest),
            password: p.password.unwrap_or("").to_string(),
        })
    }

    /// The same server and database with another login.
    pub fn with_user(&self, user: &str, password: &str) -> Result<Self> {
        let p = split_url(&self.url)?;
        Ok(Self {
            url: format!("{}://{}@{}", p.scheme, user, p.rest),
            password: password.to_string(),
        })
    }

    /// The login name.
    pub fn user(&self) -> String {
        split_url(&self.url)
            .map(|p| p.user.to_string())
            .unwrap_or_default()
    }

    /// The full URL, with password: only for connecting and for `hub init`'s one-time output.
    pub fn full_url(&self) -> String {
        match split_url(&self.url) {
            Ok(p) if !self.password.is_empty() => {
                format!("{}://{}:{}@{}", p.scheme, p.user, self.password, p.rest)
            }
            _ => self.url.clone(),
        }
    }

    /// The client configuration and its TLS, with short timeouts so that an absent hub is
    /// noticed fast, and the server-side deadlines of [`super::pg::SERVER_SETTINGS`]. The
    /// URL's `sslmode` (`disable`, `prefer`, `require`, `verify-ca`, `verify-full`) and
    /// `sslrootcert` are read here (see [`super::tls`]).
    pub fn client_config(&self) -> Result<(tokio_postgres::Config, Tls)> {
        let full = self.full_url();
        let (base, query) = match full.split_once('?') {
            Some((b, q)) => (b.to_string(), q.to_string()),
            None => (full.clone(), String::new()),
        };
        let mut mode = SslMode::Prefer;
        let mut root: Option<std::path::PathBuf> = None;
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "sslmode" => {
                    mode = SslMode::parse(v).ok_or_else(|| {
                        HubError::BadUrl(format!(
                            "{}: sslmode={v} is not one of disable, prefer, require, verify-ca, verify-full",
                            self.url
                        ))
                    })?;
                }
                "sslrootcert" => root = Some(percent_decode(v).into()),
                _ => kept.push(pair),
            }
        }
        let url = if kept.is_empty() {
            base
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| HubError::BadUrl(format!("{}: {e}", self.url)))?;
        config
            .connect_timeout(super::pg::CONNECT_DEADLINE)
            .tcp_user_timeout(std::time::Duration::from_secs(5))
            .keepalives(true)
            .keepalives_idle(std::time::Duration::from_secs(5))
            .keepalives_interval(std::time::Duration::from_secs(1))
            .keepalives_retries(3);
        let options = match config.get_options() {
            Some(o) if !o.is_empty() => format!("{o} {}", super::pg::SERVER_SETTINGS),
            _ => super::pg::SERVER_SETTINGS.to_string(),
        };
        config.options(&options);
        if config.get_application_name().is_none() {
            config.application_name("accredit");
        }
        let tls = match mode {
            SslMode::Disable => {
                config.ssl_mode(tokio_postgres::config::SslMode::Disable);
                Tls::Plain
            }
            m => {
                config.ssl_mode(if m == SslMode::Prefer {
                    tokio_postgres::config::SslMode::Prefer
                } else {
                    tokio_postgres::config::SslMode::Require
                });
                Tls::Rustls(tokio_postgres_rustls::MakeRustlsConnect::new(
                    super::tls::client_config(&self.url, m, root.as_deref())?,
                ))
            }
        };
        Ok((config, tls))
    }
}

/// How a connection is made: plain, or TLS with rustls.
pub enum Tls {
    /// No TLS (`sslmode=disable`).
    Plain,
    /// TLS as the URL's `sslmode` says.
    Rustls(tokio_postgres_rustls::MakeRustlsConnect),
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1..i + 3)) {
            (b'%', Some(h)) => match std::str::from_utf8(h)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                None => out.push(b'%'),
            },
            (b, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What a station stores about its hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinConfig {
    /// This station's login.
    pub login: HubLogin,
    /// On a desk: the door login that its door copies get.
    pub door_login: Option<HubLogin>,
}

fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// The station's hub, or `None` when it is not on a network.
pub fn load(conn: &Connection) -> Result<Option<JoinConfig>> {
    let Some(url) = get(conn, "hub_url")?.filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    let password = get(conn, "hub_password")?.unwrap_or_default();
    let door_login = match get(conn, "hub_door_url")?.filter(|u| !u.is_empty()) {
        Some(url) => Some(HubLogin {
            url,
            password: get(conn, "hub_door_password")?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(Some(JoinConfig {
        login: HubLogin { url, password },
        door_login,
    }))
}

/// Stores the station's hub (one transaction); the cursors start again from zero.
pub fn save(reg: &mut Registry, cfg: &JoinConfig) -> Result<()> {
    let tx = reg.conn_mut().transaction()?;
    write(&tx, cfg)?;
    for key in [
        "hub_sent",
        "hub_cursor",
        "hub_id",
        "hub_last_sync",
        "hub_recheck",
        "hub_recheck_certs",
    ] {
        tx.execute("DELETE FROM meta WHERE key = ?1", [key])?;
    }
    tx.commit()?;
    Ok(())
}

fn write(conn: &Connection, cfg: &JoinConfig) -> Result<()> {
    set(conn, "hub_url", &cfg.login.url)?;
    set(conn, "hub_password", &cfg.login.password)?;
    match &cfg.door_login {
        Some(d) => {
            set(conn, "hub_door_url", &d.url)?;
            set(conn, "hub_door_password", &d.password)?;
        }
        None => {
            conn.execute(
                "DELETE FROM meta WHERE key IN ('hub_door_url', 'hub_door_password')",
                [],
            )?;
        }
    }
    Ok(())
}

/// Leaves the hub: the station is an island again (its data stays).
pub fn leave(reg: &mut Registry) -> Result<()> {
    reg.conn()
        .execute("DELETE FROM meta WHERE key LIKE 'hub\\_%' ESCAPE '\\'", [])?;
    Ok(())
}

/// For a door copy being built from scratch (`door` on the copy, `desk` on the desk's
/// registry): writes only the door login of the desk's hub configuration (the desk's own
/// login never reaches the copy's file, not even in a free page) and the desk's download
/// cursor (the copy holds everything the desk had applied, so a door packaged from 100,000
/// delegates does not fetch them all again); its own upload cursor starts at zero. Returns
/// whether the copy is joined.
pub fn door_copy_from(desk: &Connection, door: &Connection) -> Result<bool> {
    let Some(login) = load(desk)?.and_then(|c| c.door_login) else {
        return Ok(false);
    };
    let kept: Vec<(String, String)> = {
        let mut stmt = desk.prepare(
            "SELECT key, value FROM meta
              WHERE key IN ('hub_id', 'hub_cursor', 'hub_recheck', 'hub_recheck_certs')",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    write(
        door,
        &JoinConfig {
            login,
            door_login: None,
        },
    )?;
    for (k, v) in kept {
        set(door, &k, &v)?;
    }
    Ok(true)
}

/// A sync cursor (`hub_sent`, `hub_cursor`), 0 when unset.
pub fn cursor(conn: &Connection, key: &str) -> Result<i64> {
    Ok(get(conn, key)?.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// Stores a sync cursor.
pub fn set_cursor(conn: &Connection, key: &str, value: i64) -> Result<()> {
    set(conn, key, &value.to_string())
}

/// The hub id the cursors count in.
pub fn hub_id(conn: &Connection) -> Result<Option<String>> {
    get(conn, "hub_id")
}

/// Records another hub id and starts the cursors from zero (a new or recreated hub).
pub fn reset_for_hub(conn: &Connection, hub_id: &str) -> Result<()> {
    set(conn, "hub_id", hub_id)?;
    conn.execute(
        "DELETE FROM meta WHERE key IN ('hub_recheck', 'hub_recheck_certs')",
        [],
    )?;
    set(conn, "hub_sent", "0")?;
    set(conn, "hub_cursor", "0")?;
    Ok(())
}

/// When this station last completed a sync round (RFC 3339), if ever.
pub fn last_sync(conn: &Connection) -> Result<Option<String>> {
    get(conn, "hub_last_sync")
}

/// Records a completed sync round.
pub fn set_last_sync(conn: &Connection, at: &str) -> Result<()> {
    set(conn, "hub_last_sync", at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_kept_apart_from_the_url() {
        let l = HubLogin::parse("postgres://hub_door:s3cr%40t@10.0.0.5:5433/hub?sslmode=disable").unwrap();
        assert_eq!(l.url, "postgres://hub_door@10.0.0.5:5433/hub?sslmode=disable");
        assert_eq!(l.password, "s3cr%40t");
        assert_eq!(
            l.full_url(),
            "postgres://hub_door:s3cr%40t@10.0.0.5:5433/hub?sslmode=disable"
        );
        let (c, _) = l.client_config().unwrap();
        assert_eq!(c.get_password(), Some(&b"s3cr@t"[..]));
        assert_eq!(l.user(), "hub_door");
        let d = l.with_user("hub_desk", "x").unwrap();
        assert_eq!(
            d.full_url(),
            "postgres://hub_desk:x@10.0.0.5:5433/hub?sslmode=disable"
        );
        assert!(!format!("{l:?}").contains("s3cr"));
    }

    #[test]
    fn sslmode_and_sslrootcert_are_read_here_with_libpq_meanings() {
        let l = HubLogin::parse(
            "postgres://hub_door:pw@10.0.0.5:5433/hub?sslmode=verify-full&application_name=x",
        )
        .unwrap();
        let e = l.client_config().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("sslrootcert"), "verify-full needs the CA file: {e}");
        let l = HubLogin::parse("postgres://hub_door:pw@h/hub?sslmode=maybe").unwrap();
        let e = l.client_config().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("sslmode=maybe") && !e.contains(":pw@"), "{e}");
        let l =
            HubLogin::parse("postgres://hub_door:pw@h/hub?sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem")
                .unwrap();
        let e = l.client_config().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            e.contains("/nonexistent/ca.pem") && e.contains("cannot read"),
            "{e}"
        );
        let (c, tls) = HubLogin::parse("postgres://u:p@h/hub?sslmode=disable&application_name=door")
            .unwrap()
            .client_config()
            .unwrap();
        assert!(matches!(tls, Tls::Plain));
        assert_eq!(c.get_application_name(), Some("door"));
        assert!(c.get_options().unwrap_or("").contains("statement_timeout"));
        let (_, tls) = HubLogin::parse("postgres://u:p@h/hub?sslmode=require")
            .unwrap()
            .client_config()
            .unwrap();
        assert!(matches!(tls, Tls::Rustls(_)));
    }

    #[test]
    fn bad_urls_are_refused_without_echoing_the_password() {
        for bad in [
            "mysql://a:b@h/db",
            "hub",
            "postgres://a:pw@/db",
            "postgres://h:5432/db",
        ] {
            let e = HubLogin::parse(bad).unwrap_err().to_string();
            assert!(!e.contains(":pw@") && !e.contains(":b@"), "{e}");
        }
    }

    #[test]
    fn a_door_copy_keeps_only_the_door_login() {
        let mut reg = Registry::open_in_memory().unwrap();
        let cfg = JoinConfig {
            login: HubLogin::parse("postgres://hub_desk:D@h/hub").unwrap(),
            door_login: Some(HubLogin::parse("postgres://hub_door:d@h/hub").unwrap()),
        };
        save(&mut reg, &cfg).unwrap();
        set_cursor(reg.conn(), "hub_cursor", 42).unwrap();
        set_cursor(reg.conn(), "hub_sent", 7).unwrap();
        assert_eq!(load(reg.conn()).unwrap(), Some(cfg));
        let desk = reg;
        let reg = Registry::open_in_memory().unwrap();
        assert!(door_copy_from(desk.conn(), reg.conn()).unwrap());
        let door = load(reg.conn()).unwrap().unwrap();
        assert_eq!(door.login.full_url(), "postgres://hub_door:d@h/hub");
        assert_eq!(door.door_login, None);
        assert_eq!(
            cursor(reg.conn(), "hub_cursor").unwrap(),
            42,
            "the desk's download cursor"
        );
        assert_eq!(reg.meta("hub_sent").unwrap(), None);
        let all: String = reg
            .conn()
            .query_row("SELECT group_concat(value) FROM meta", [], |r| r.get(0))
            .unwrap();
        assert!(!all.contains("hub_desk"), "{all}");
    }
}
