//! One station's connection to the hub: rights, upload, download, heartbeat, notifications.

use std::time::Duration;

use super::config::HubLogin;
use super::pg::Pg;
use super::schema::{self, CHANNEL};
use super::{HubError, Result, WireItem};

/// About the most body bytes one download answer carries (a prefix of at least one item).
pub const DOWNLOAD_BYTES: i64 = 4 * 1024 * 1024;

/// What a login may do on the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rights {
    /// The server's administrator (may do everything).
    pub admin: bool,
    /// May publish every kind (certificates, door records, scans).
    pub desk: bool,
    /// May append scans.
    pub door: bool,
}

/// What an upload did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UploadReport {
    /// Items new to the hub.
    pub added: u64,
    /// Items the hub had already, identical.
    pub known: u64,
    /// Items the hub had with other bytes under the same kind, key and revision (the hub's
    /// copy stays; the stations' verification decides which one counts).
    pub conflicting: u64,
}

/// A station as the hub last heard from it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StationSeen {
    /// Station id.
    pub id: String,
    /// `desk` or `door`.
    pub role: String,
    /// Human name, when the station gave one.
    pub name: String,
    /// Last heard, RFC 3339 UTC.
    pub last_heard: String,
    /// Why the station was refused (another event, another event key), empty when not.
    #[serde(default)]
    pub refused: String,
    /// Whether a certificate for this id is on the hub (a station listed without one was
    /// not packaged or enrolled by a desk of this event).
    #[serde(default)]
    pub certified: bool,
}

/// A connection to the hub for one station.
pub struct Hub {
    client: Pg,
    login: HubLogin,
    hub_id: String,
    rights: Rights,
    listening: bool,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("url", &self.login.url)
            .field("hub_id", &self.hub_id)
            .field("rights", &self.rights)
            .finish()
    }
}

impl Hub {
    /// Connects, and checks the hub has a schema this build knows.
    pub fn connect(login: &HubLogin) -> Result<Self> {
        let mut client = Pg::connect(login)?;
        let no_hub = |detail: String| {
            HubError::Schema(format!(
                "{}: no accredit hub in this database ({detail}); run `accredit hub init URL` with the administrator's login first",
                login.url
            ))
        };
        let version: i32 = client
            .query_one(
                "SELECT COALESCE(max(version), 0) FROM accredit_hub.hub_version",
                &[],
            )
            .map_err(|e| match e {
                HubError::Postgres(e) => no_hub(schema::describe(&e)),
                other => other,
            })?
            .get(0);
        if version as usize > schema::latest() {
            return Err(HubError::Schema(format!(
                "{}: the hub has schema version {version}, newer than this accredit ({}); use a newer accredit",
                login.url,
                schema::latest()
            )));
        }
        if version <= 0 {
            return Err(no_hub("no schema version".into()));
        }
        if (version as usize) < schema::latest() {
            return Err(HubError::Schema(format!(
                "{}: the hub has schema version {version}, older than this accredit ({}); run `accredit hub init URL` again with the administrator's login",
                login.url,
                schema::latest()
            )));
        }
        let row = client.query_one(
            "SELECT (SELECT value FROM accredit_hub.hub_meta WHERE key = 'hub_id'),
                    r.rolsuper,
                    pg_has_role(current_user, m.desk, 'MEMBER'),
                    pg_has_role(current_user, m.door, 'MEMBER')
               FROM pg_roles r,
                    (SELECT (SELECT value FROM accredit_hub.hub_meta WHERE key = 'desk_role') AS desk,
                            (SELECT value FROM accredit_hub.hub_meta WHERE key = 'door_role') AS door) m
              WHERE r.rolname = current_user",
            &[],
        )?;
        let admin: bool = row.get(1);
        let desk = admin || row.get::<_, bool>(2);
        let door = desk || row.get::<_, bool>(3);
        Ok(Self {
            client,
            login: login.clone(),
            hub_id: row.get(0),
            rights: Rights { admin, desk, door },
            listening: false,
        })
    }

    /// The hub's random id (a recreated hub has another one).
    pub fn hub_id(&self) -> &str {
        &self.hub_id
    }

    /// What this login may do.
    pub fn rights(&self) -> Rights {
        self.rights
    }

    /// The login, without password in its URL.
    pub fn login(&self) -> &HubLogin {
        &self.login
    }

    /// Whether the login may do what a station of this role needs; a clear error if not.
    pub fn check_role(&self, desk_station: bool) -> Result<()> {
        let ok = if desk_station {
            self.rights.desk
        } else {
            self.rights.door
        };
        if ok {
            return Ok(());
        }
        Err(HubError::Rights(format!(
            "{}: login {:?} may not {}; use the {} login that `accredit hub init` printed (or the administrator's)",
            self.login.url,
            self.login.user(),
            if desk_station {
                "publish door records and certificates"
            } else {
                "append scans"
            },
            if desk_station { "desk" } else { "door" },
        )))
    }

    /// Adds items to the hub's set, in one transaction; items the hub has already are
    /// counted, not added again.
    pub fn upload(&mut self, station: &str, items: &[WireItem]) -> Result<UploadReport> {
        let mut report = UploadReport::default();
        if items.is_empty() {
            return Ok(report);
        }
        let kinds: Vec<&str> = items.iter().map(|i| i.kind.as_str()).collect();
        let keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
        let revisions: Vec<i64> = items.iter().map(|i| i.revision).collect();
        let bodies: Vec<&[u8]> = items.iter().map(|i| i.body.as_slice()).collect();
        let added = self.client.query(
            "INSERT INTO accredit_hub.item(kind, key, revision, body, station)
             SELECT k, y, r, b, $5
               FROM unnest($1::text[], $2::text[], $3::int8[], $4::bytea[]) AS u(k, y, r, b)
             ON CONFLICT (kind, key, revision) DO NOTHING
             RETURNING kind, key, revision",
            &[&kinds, &keys, &revisions, &bodies, &station],
        )?;
        report.added = added.len() as u64;
        if added.len() < items.len() {
            let new: std::collections::HashSet<(String, String, i64)> =
                added.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect();
            for item in items {
                if new.contains(&(item.kind.clone(), item.key.clone(), item.revision)) {
                    continue;
                }
                let same: bool = self.client
                    .query_one(
                        "SELECT body = $4 FROM accredit_hub.item WHERE kind = $1 AND key = $2 AND revision = $3",
                        &[&item.kind, &item.key, &item.revision, &item.body],
                    )?
                    .get(0);
                if same {
                    report.known += 1;
                } else {
                    report.conflicting += 1;
                }
            }
        }
        Ok(report)
    }

    /// Up to `limit` items after hub sequence number `after`, in order, with their sequence
    /// numbers, leaving out the items `station` uploaded itself (and, with `kind`, items of
    /// other kinds) and those after `upto`; returns them with the last sequence number looked
    /// at.
    pub fn download(
        &mut self,
        after: i64,
        limit: i64,
        station: &str,
    ) -> Result<(Vec<(i64, WireItem)>, i64, u64)> {
        self.download_range(after, i64::MAX, None, limit, station)
    }

    /// [`Hub::download`] within (`after`, `upto`], of one kind or all. Items larger than
    /// their kind may be ([`schema::max_body`]) are not read (the hub measures them) and
    /// come back as the count of the third value.
    pub fn download_range(
        &mut self,
        after: i64,
        upto: i64,
        kind: Option<&str>,
        limit: i64,
        station: &str,
    ) -> Result<(Vec<(i64, WireItem)>, i64, u64)> {
        // At most `limit` items and about DOWNLOAD_BYTES of bodies (door records carry
        // photos), so one answer stays far inside the deadline on a slow LAN: a prefix of
        // the items in order, at least one.
        let sql = format!(
            "SELECT seq, kind, key, revision,
                    CASE WHEN skip OR oversize THEN NULL ELSE body END, NOT skip AND oversize
               FROM (SELECT seq, kind, key, revision, body, skip, oversize,
                            sum(CASE WHEN skip OR oversize THEN 0 ELSE len END) OVER (ORDER BY seq) AS running,
                            CASE WHEN skip OR oversize THEN 0 ELSE len END AS mine
                       FROM (SELECT seq, kind, key, revision, body, length(body) AS len,
                                    station = $3 OR ($5::text IS NOT NULL AND kind <> $5) AS skip,
                                    length(body) > {max} AS oversize
                               FROM accredit_hub.item WHERE seq > $1 AND seq <= $4 ORDER BY seq LIMIT $2) i
                    ) w
              WHERE running - mine < {cap}
              ORDER BY seq",
            max = schema::MAX_BODY_SQL,
            cap = DOWNLOAD_BYTES
        );
        let rows = self
            .client
            .query(&sql, &[&after, &limit, &station, &upto, &kind])?;
        let mut last = after;
        let mut oversize = 0;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            last = r.get(0);
            if r.get::<_, bool>(5) {
                oversize += 1;
            }
            if let Some(body) = r.get::<_, Option<Vec<u8>>>(4) {
                items.push((
                    last,
                    WireItem {
                        kind: r.get(1),
                        key: r.get(2),
                        revision: r.get(3),
                        body,
                    },
                ));
            }
        }
        Ok((items, last, oversize))
    }

    /// The sequence number of the hub's latest certificate (0: none).
    pub fn last_cert_seq(&mut self) -> Result<i64> {
        Ok(self
            .client
            .query_one(
                "SELECT COALESCE(max(seq), 0) FROM accredit_hub.item WHERE kind = 'cert'",
                &[],
            )?
            .get(0))
    }

    /// The hub's last sequence number (0 when empty).
    pub fn last_seq(&mut self) -> Result<i64> {
        Ok(self
            .client
            .query_one("SELECT COALESCE(max(seq), 0) FROM accredit_hub.item", &[])?
            .get(0))
    }

    /// Records that this station was heard from now, with why it is refused (empty: it is
    /// not). Through the hub's function: a door login may write only door rows of its own
    /// login, never a desk's.
    pub fn heartbeat(&mut self, station: &str, role: &str, name: &str, refused: &str) -> Result<()> {
        self.client.execute(
            "SELECT accredit_hub.heartbeat($1, $2, $3, $4)",
            &[&station, &role, &name, &refused],
        )?;
        Ok(())
    }

    /// The event the hub serves: (event code, event public key in hex), `None` before the
    /// first desk joined. With `claim` (a desk), records `event` when the hub has none yet.
    pub fn event(&mut self, claim: Option<(&str, &str)>) -> Result<Option<(String, String)>> {
        let (code, key) = claim.unwrap_or(("", ""));
        let row = self
            .client
            .query_one("SELECT accredit_hub.claim_event($1, $2)", &[&code, &key])?;
        let v: Option<String> = row.get(0);
        Ok(v.and_then(|v| v.split_once(' ').map(|(c, k)| (c.to_string(), k.to_string()))))
    }

    /// Every station the hub has heard from, by id.
    pub fn stations(&mut self) -> Result<Vec<StationSeen>> {
        let rows = self.client.query(
            "SELECT s.id, s.role, s.name,
                    to_char(s.last_heard AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                    s.refused,
                    EXISTS (SELECT 1 FROM accredit_hub.item i WHERE i.kind = 'cert' AND i.key = s.id)
               FROM accredit_hub.station s ORDER BY s.id",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| StationSeen {
                id: r.get(0),
                role: r.get(1),
                name: r.get(2),
                last_heard: r.get(3),
                refused: r.get(4),
                certified: r.get(5),
            })
            .collect())
    }

    /// Waits up to `timeout` for a notification that items were added (`LISTEN` on first
    /// use); returns whether one came. Pending notifications are all consumed. A quiet hub
    /// is asked `SELECT 1` every few seconds under the deadline ([`Pg::wait`]).
    pub fn wait(&mut self, timeout: Duration) -> Result<bool> {
        if !self.listening {
            self.client.batch(&format!("LISTEN {CHANNEL}"))?;
            self.listening = true;
        }
        self.client.wait(timeout)
    }

    /// Whether the connection still answers (within the deadline).
    pub fn is_valid(&mut self) -> bool {
        self.client.batch("SELECT 1").is_ok()
    }
}
