//! One round of the worker: upload what this station made, download and apply what the hub
//! has, in small transactions, with the cursors advanced only after the work they count.

use std::time::{Duration, Instant};

use super::status::now;
use super::{NetState, RoundReport, Worker};
use crate::hub::config;
use crate::hub::local::LocalStation;
use crate::hub::{DOOR_KIND, HubError, Result};

/// Largest upload in one hub statement, in bytes of item bodies (door records carry
/// photos): far inside the hub's 4 s statement deadline on a slow LAN.
const UPLOAD_BYTES: usize = 2 * 1024 * 1024;

/// The refusal reason of a scan whose station has no certificate here (yet).
const UNKNOWN_STATION: &str = "unknown_station";

/// Whether `e` is SQLite's "database is locked" (another process is writing the station's
/// file): worth trying again shortly, not a failure of the round.
fn is_busy(e: &HubError) -> bool {
    matches!(
        e,
        HubError::Registry(crate::RegistryError::Sqlite(rusqlite::Error::SqliteFailure(f, _)))
            if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Runs a local step, trying again for up to about two seconds while the file is locked.
pub(super) fn local_step<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    let mut tries = 0;
    loop {
        match f() {
            Err(e) if is_busy(&e) && tries < 200 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// Whether `e` says the hub is unreachable or refused us (rather than a local failure).
fn is_hub_error(e: &HubError) -> bool {
    matches!(
        e,
        HubError::Unreachable { .. }
            | HubError::Stalled { .. }
            | HubError::AuthRefused { .. }
            | HubError::OtherEvent(_)
            | HubError::Postgres(_)
            | HubError::Schema(_)
            | HubError::Rights(_)
            | HubError::BadUrl(_)
    )
}

fn conn_has(conn: &rusqlite::Connection, key: &str) -> Result<bool> {
    Ok(
        conn.query_row("SELECT COUNT(*) FROM meta WHERE key = ?1", [key], |r| {
            r.get::<_, i64>(0)
        })? > 0,
    )
}

impl<L: LocalStation> Worker<L> {
    /// One complete round: upload, download and apply, heartbeat. On failure the connection
    /// is dropped (the next round reconnects) and the status says offline. The state is
    /// recorded in the station's database (when it changed, else every heartbeat period).
    pub fn round(&mut self) -> Result<RoundReport> {
        let r = self.round_outcome();
        self.record_state();
        r
    }

    fn round_outcome(&mut self) -> Result<RoundReport> {
        match self.round_inner() {
            Ok(r) => {
                let waiting = self
                    .local
                    .waiting(config::cursor(self.local.conn(), "hub_sent").unwrap_or(0))
                    .unwrap_or(0);
                let at = now();
                // Written for `station status` in other processes: when something moved, else
                // at most every heartbeat period, so an idle worker hardly writes.
                let stale = self
                    .last_sync_written
                    .is_none_or(|t| t.elapsed() >= self.opts.heartbeat);
                if (r.moved() || stale) && config::set_last_sync(self.local.conn(), &at).is_ok() {
                    self.last_sync_written = Some(Instant::now());
                }
                self.update(|s| {
                    s.connected = true;
                    s.state = NetState::Connected;
                    s.advice.clear();
                    s.offline_since = None;
                    s.last_error = None;
                    s.oversize += r.oversize;
                    s.waiting = waiting;
                    s.last_sync = Some(at);
                    s.uploaded += r.uploaded;
                    s.applied += r.applied.accepted;
                    for (reason, n) in &r.applied.refused {
                        match s.refused.iter_mut().find(|(x, _)| x == reason) {
                            Some((_, m)) => *m += n,
                            None => s.refused.push((reason.clone(), *n)),
                        }
                    }
                    s.rounds += 1;
                });
                Ok(r)
            }
            Err(e) => {
                let offline = is_hub_error(&e);
                if offline {
                    self.hub = None;
                }
                let waiting = self
                    .local
                    .waiting(config::cursor(self.local.conn(), "hub_sent").unwrap_or(0))
                    .unwrap_or(0);
                let msg = e.to_string();
                let (state, advice) = match &e {
                    HubError::AuthRefused { .. } => (
                        NetState::AuthRefused,
                        "the hub refused this station's login: if `accredit hub init --new-passwords` was run, join again with the new login it printed (accredit station join 'NEW-URL'); this worker picks it up without a restart".to_string(),
                    ),
                    HubError::OtherEvent(_) => (
                        NetState::EventRefused,
                        "this station belongs to another event (code or key) than the hub's: use a door copy packaged by the desk of this hub".to_string(),
                    ),
                    _ => (NetState::Offline, String::new()),
                };
                self.update(|s| {
                    if offline {
                        s.connected = false;
                        if s.offline_since.is_none() || s.state != state {
                            s.offline_since = Some(now());
                        }
                        s.state = state;
                        s.advice = advice;
                    }
                    s.last_error = Some(msg);
                    s.waiting = waiting;
                });
                Err(e)
            }
        }
    }

    fn round_inner(&mut self) -> Result<RoundReport> {
        let mut report = RoundReport::default();
        self.connect()?;
        let station = self
            .station
            .clone()
            .ok_or_else(|| HubError::Local("internal: no station".into()))?;
        // Upload. A door login may append scans only: what else a door made (its own
        // certificate) reaches the hub from the desk that issued it.
        let mut sent = config::cursor(self.local.conn(), "hub_sent")?;
        loop {
            let (local, n) = (&mut self.local, self.opts.upload_batch);
            let batch = local_step(|| local.items_after(sent, n))?;
            let Some(last) = batch.last().map(|(s, _)| *s) else {
                break;
            };
            let full = batch.len() >= self.opts.upload_batch;
            let desk = self.connect()?.rights().desk;
            // Sent in parts of at most UPLOAD_BYTES (door records carry photos), each one
            // statement well inside the hub's deadline; the cursor advances after each.
            let mut part: Vec<crate::hub::WireItem> = Vec::new();
            let mut bytes = 0usize;
            let mut part_last;
            let mut iter = batch.into_iter().peekable();
            while let Some((seq, item)) = iter.next() {
                let fits = item.body.len() <= crate::hub::schema::max_body(&item.kind);
                if !fits {
                    // The hub refuses an item larger than its kind may be: skipped, counted.
                    report.oversize += 1;
                } else if desk || item.kind == DOOR_KIND {
                    bytes += item.body.len();
                    part.push(item);
                }
                part_last = seq;
                if bytes >= UPLOAD_BYTES || iter.peek().is_none() {
                    let hub = self.connect()?;
                    let up = hub.upload(&station.id, &part)?;
                    report.uploaded += up.added;
                    report.upload_known += up.known + up.conflicting;
                    sent = part_last;
                    let conn = self.local.conn();
                    local_step(|| config::set_cursor(conn, "hub_sent", sent))?;
                    part.clear();
                    bytes = 0;
                }
            }
            debug_assert_eq!(sent, last);
            if !full {
                break;
            }
        }
        // Download and apply.
        let mut cursor = config::cursor(self.local.conn(), "hub_cursor")?;
        loop {
            let limit = self.opts.download_batch;
            let hub = self.connect()?;
            let (items, last, oversize) = hub.download(cursor, limit, &station.id)?;
            if last == cursor {
                break;
            }
            report.oversize += oversize;
            report.downloaded += items.len() as u64;
            self.apply_chunks(&items, cursor, &mut report)?;
            cursor = last;
            let conn = self.local.conn();
            local_step(|| config::set_cursor(conn, "hub_cursor", cursor))?;
        }
        self.recheck(&station.id, cursor, &mut report)?;
        // Heartbeat and the station list.
        let due = self
            .last_heartbeat
            .is_none_or(|t| t.elapsed() >= self.opts.heartbeat);
        if due {
            let role = if station.desk { "desk" } else { "door" };
            let hub = self.connect()?;
            hub.heartbeat(&station.id, role, &station.name, "")?;
            let stations = hub.stations()?;
            self.last_heartbeat = Some(Instant::now());
            self.update(|s| s.stations = stations);
        }
        Ok(report)
    }

    /// Applies downloaded items in small transactions. Scans refused because their station's
    /// certificate is not known here yet (it reaches the hub from the desk, possibly after
    /// the door's first scans) mark a recheck point: see [`Worker::recheck`].
    fn apply_chunks(
        &mut self,
        items: &[(i64, crate::hub::WireItem)],
        before: i64,
        report: &mut RoundReport,
    ) -> Result<()> {
        let mut start = before;
        for chunk in items.chunks(self.opts.apply_batch.max(1)) {
            let wire: Vec<_> = chunk.iter().map(|(_, i)| i.clone()).collect();
            let local = &mut self.local;
            let a = local_step(|| local.apply(&wire))?;
            report.applied.accepted += a.accepted;
            report.applied.known += a.known;
            for (reason, n) in a.refused {
                if reason == UNKNOWN_STATION && n > 0 {
                    // The certificate these scans need can only come after them on the hub
                    // (one before them would have been applied first): recheck from `start`
                    // once a certificate after `end` is there.
                    let end = chunk.last().map(|(s, _)| *s).unwrap_or(start);
                    let conn = self.local.conn();
                    let from = config::cursor(conn, "hub_recheck")?;
                    if !conn_has(conn, "hub_recheck")? || start < from {
                        config::set_cursor(conn, "hub_recheck", start.max(0))?;
                    }
                    let base = config::cursor(conn, "hub_recheck_certs")?;
                    if !conn_has(conn, "hub_recheck_certs")? || end < base {
                        config::set_cursor(conn, "hub_recheck_certs", end)?;
                    }
                }
                match report.applied.refused.iter_mut().find(|(x, _)| *x == reason) {
                    Some((_, m)) => *m += n,
                    None => report.applied.refused.push((reason, n)),
                }
            }
            start = chunk.last().map(|(s, _)| *s).unwrap_or(start);
        }
        Ok(())
    }

    /// Once a certificate newer than the scans refused for an unknown station reaches the
    /// hub, downloads the scans after the recheck point again and applies them (applying is
    /// idempotent; only what is accepted now is counted again). Scans whose station is still
    /// unknown keep a recheck point, waiting for a certificate after `cursor`.
    fn recheck(&mut self, station: &str, cursor: i64, report: &mut RoundReport) -> Result<()> {
        if !conn_has(self.local.conn(), "hub_recheck")? {
            return Ok(());
        }
        let from = config::cursor(self.local.conn(), "hub_recheck")?;
        let base = config::cursor(self.local.conn(), "hub_recheck_certs")?;
        let hub = self.connect()?;
        if hub.last_cert_seq()? <= base {
            return Ok(());
        }
        self.local.conn().execute(
            "DELETE FROM meta WHERE key IN ('hub_recheck', 'hub_recheck_certs')",
            [],
        )?;
        let mut again = RoundReport::default();
        let mut at = from;
        loop {
            let limit = self.opts.download_batch;
            let hub = self.connect()?;
            let (items, last, _) = hub.download_range(at, cursor, Some(DOOR_KIND), limit, station)?;
            if last == at {
                break;
            }
            self.apply_chunks(&items, at, &mut again)?;
            at = last;
        }
        report.applied.accepted += again.applied.accepted;
        let conn = self.local.conn();
        if conn_has(conn, "hub_recheck")? {
            config::set_cursor(conn, "hub_recheck_certs", cursor)?;
        }
        Ok(())
    }
}
