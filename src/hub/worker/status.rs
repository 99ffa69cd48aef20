//! What the worker is told (its options) and what it tells (its status, a round's report).

use std::time::Duration;

use crate::hub::client::StationSeen;
use crate::hub::local::Applied;

/// Timing and batch sizes of the worker.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long one wait for a notification lasts before looking at local changes.
    pub slice: Duration,
    /// A catch-up round at least this often.
    pub catch_up: Duration,
    /// While the hub is away, a reconnection attempt this often (at most 2 s).
    pub retry: Duration,
    /// Items uploaded per hub transaction.
    pub upload_batch: usize,
    /// Items downloaded per query.
    pub download_batch: i64,
    /// Items applied per local transaction.
    pub apply_batch: usize,
    /// A heartbeat (and refreshed station list) at least this often; the state recorded in
    /// the station's database at least this often too.
    pub heartbeat: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            slice: Duration::from_millis(20),
            catch_up: Duration::from_secs(3),
            retry: Duration::from_millis(1000),
            upload_batch: 5000,
            download_batch: 2000,
            apply_batch: 25,
            heartbeat: Duration::from_secs(5),
        }
    }
}

/// The worker's verdict on the network.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NetState {
    /// Not tried yet.
    #[default]
    Connecting,
    /// The last round reached the hub.
    Connected,
    /// The hub cannot be reached, or did not answer in time.
    Offline,
    /// The hub refused this station's login (a renewed password: join again).
    AuthRefused,
    /// The hub serves another event (code or key): this station is refused.
    EventRefused,
}

impl NetState {
    /// As printed: `connected`, `offline`, `authentication refused`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connecting => "connecting",
            Self::Connected => "connected",
            Self::Offline => "offline",
            Self::AuthRefused => "authentication refused",
            Self::EventRefused => "refused: another event",
        }
    }
}

/// The network state of a station, for the status command, the door screen and the
/// dashboard. The worker records it in the station's database ([`record`]), so every
/// process (`station status`, the app, another door screen) reads the same truth.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct HubStatus {
    /// The worker's verdict.
    pub state: NetState,
    /// What to do about it (authentication refused, another event), empty when nothing.
    pub advice: String,
    /// When the worker recorded this (RFC 3339 UTC).
    pub recorded_at: Option<String>,
    /// The process id of the worker that recorded it.
    pub pid: u32,
    /// Items skipped for being larger than their kind may be (never read whole).
    pub oversize: u64,
    /// The hub, without password.
    pub url: String,
    /// Whether the last attempt reached the hub.
    pub connected: bool,
    /// Since when the hub has been unreachable (RFC 3339 UTC), while it is.
    pub offline_since: Option<String>,
    /// Why the hub is unreachable or the last round failed.
    pub last_error: Option<String>,
    /// Local items waiting to be sent.
    pub waiting: u64,
    /// When the last complete round ended (RFC 3339 UTC).
    pub last_sync: Option<String>,
    /// The stations the hub knows, with when each was last heard from.
    pub stations: Vec<StationSeen>,
    /// Items uploaded since the worker started.
    pub uploaded: u64,
    /// Items downloaded and applied since the worker started.
    pub applied: u64,
    /// Items refused since the worker started, by reason.
    pub refused: Vec<(String, u64)>,
    /// Complete rounds since the worker started.
    pub rounds: u64,
}

/// What one round moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    /// Items uploaded (new to the hub).
    pub uploaded: u64,
    /// Items the hub knew already.
    pub upload_known: u64,
    /// Items downloaded from the hub.
    pub downloaded: u64,
    /// What applying them did.
    pub applied: Applied,
    /// Items skipped for their size (local ones not sent, the hub's not read).
    pub oversize: u64,
}

impl RoundReport {
    /// Whether anything moved.
    pub fn moved(&self) -> bool {
        self.uploaded + self.upload_known + self.downloaded > 0
    }
}

pub(super) fn now() -> String {
    crate::registry::now_rfc3339()
}

/// The `meta` key the worker's state is recorded under.
const STATE_KEY: &str = "hub_state";

/// Records the worker's state in the station's database (one statement).
pub fn record(conn: &rusqlite::Connection, status: &HubStatus) -> crate::hub::Result<()> {
    let json = serde_json::to_string(status).map_err(|e| crate::hub::HubError::Local(e.to_string()))?;
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [STATE_KEY, &json],
    )?;
    Ok(())
}

/// The state the worker last recorded in this database, if any (never asks the hub).
pub fn recorded(conn: &rusqlite::Connection) -> crate::hub::Result<Option<HubStatus>> {
    use rusqlite::OptionalExtension;
    let json: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [STATE_KEY], |r| r.get(0))
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// Seconds since an RFC 3339 time (`None` when it does not parse).
pub fn age_secs(rfc3339: &str) -> Option<i64> {
    let t = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339).ok()?;
    Some((time::OffsetDateTime::now_utc() - t).whole_seconds())
}

impl HubStatus {
    /// One line for logs (`checkin --stdin` and `sync` print it every minute).
    pub fn line(&self) -> String {
        let refused: u64 = self.refused.iter().map(|(_, n)| n).sum();
        let mut s = match self.state {
            NetState::Connected => format!("network: connected to {}", self.url),
            NetState::Connecting => format!("network: connecting to {}", self.url),
            NetState::Offline => format!(
                "network: OFFLINE since {} ({})",
                self.offline_since.as_deref().unwrap_or("?"),
                self.last_error.as_deref().unwrap_or("no answer")
            ),
            NetState::AuthRefused | NetState::EventRefused => format!(
                "network: {} since {}: {}",
                self.state.as_str().to_uppercase(),
                self.offline_since.as_deref().unwrap_or("?"),
                self.last_error.as_deref().unwrap_or("")
            ),
        };
        s.push_str(&format!(
            "; last round {}; {} waiting to be sent",
            self.last_sync.as_deref().unwrap_or("never"),
            self.waiting
        ));
        if refused > 0 {
            let why: Vec<String> = self.refused.iter().map(|(r, n)| format!("{n} {r}")).collect();
            s.push_str(&format!("; refused: {}", why.join(", ")));
        }
        if self.oversize > 0 {
            s.push_str(&format!("; {} oversize items skipped", self.oversize));
        }
        s
    }
}
