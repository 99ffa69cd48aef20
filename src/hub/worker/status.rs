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
    /// A heartbeat (and refreshed station list) at least this often.
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
            apply_batch: 100,
            heartbeat: Duration::from_secs(5),
        }
    }
}

/// The network state of a station, for the status command, the door screen and the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HubStatus {
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
