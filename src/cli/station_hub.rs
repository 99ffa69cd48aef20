//! `accredit station join URL` and `accredit station status`: a station and its hub.

use std::io::Write;

use accredit::Registry;
use accredit::hub::worker::{self, NetState};
use accredit::hub::{Hub, HubLogin, JoinConfig, config};
use anyhow::Context;

/// A worker's record older than this means no worker is running (it records at least
/// every heartbeat period, 5 s, and a round is bounded by the hub's deadlines).
const STALE_SECS: i64 = 30;

/// `station join URL [--door-url URL]`: checks the login's rights and that the hub serves
/// this station's event (a desk records its event on a hub that has none), then stores it.
pub fn join(reg: &mut Registry, url: &str, door_url: Option<&str>) -> anyhow::Result<()> {
    let login = HubLogin::parse(url)?;
    let me = accredit::hub::local::station_info(reg)?;
    let (desk, station) = (me.desk, me.id.clone());
    let mut hub = Hub::connect(&login).context("cannot join the hub")?;
    hub.check_role(desk)?;
    let event = accredit::hub::local::event_of(reg)?;
    worker::check_event(&mut hub, &me, &event).context("cannot join the hub")?;
    let door_login = match door_url {
        Some(_) if !desk => anyhow::bail!(
            "--door-url is for the desk (its door copies get that login); a door joins with its own URL only"
        ),
        Some(u) => {
            let door = HubLogin::parse(u)?;
            let other = Hub::connect(&door).context("cannot check the door login")?;
            other.check_role(false)?;
            if other.hub_id() != hub.hub_id() {
                anyhow::bail!(
                    "--door-url {} is another hub than {}; give the door login of the same hub",
                    door.url,
                    login.url
                );
            }
            Some(door)
        }
        None => None,
    };
    hub.heartbeat(&station, if desk { "desk" } else { "door" }, &me.name, "")?;
    config::save(
        reg,
        &JoinConfig {
            login: login.clone(),
            door_login: door_login.clone(),
        },
    )?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "station {station} ({}) of event {} joined the hub {} with login {}; `accredit sync` or the app keeps it in step",
        if desk { "desk" } else { "door" },
        event.0,
        login.url,
        login.user()
    )?;
    if let Some(d) = door_login {
        writeln!(out, "door copies packaged here join with login {}", d.url)?;
    } else if desk {
        writeln!(
            out,
            "door copies packaged here are not joined: give --door-url with the door login of `accredit hub init` to join them"
        )?;
    }
    Ok(())
}

/// `station status`, the hub part: the hub, waiting items, and the state the sync worker
/// last recorded in this database (never waits on the hub); with `probe`, a fresh login
/// under the worker's deadline.
pub fn status(reg: &Registry, probe: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let Some(cfg) = config::load(reg.conn())? else {
        writeln!(
            out,
            "hub: none (a single station; `accredit station join URL` joins a hub)"
        )?;
        return Ok(());
    };
    writeln!(out, "hub: {}", cfg.login.url)?;
    if let Some(d) = &cfg.door_login {
        writeln!(out, "door copies join with: {}", d.url)?;
    }
    let sent = config::cursor(reg.conn(), "hub_sent")?;
    let (certs, scans, records) = accredit::network::waiting_after(reg.conn(), sent)?;
    writeln!(
        out,
        "waiting to be sent: {scans} scans, {records} door records, {certs} certificates"
    )?;
    writeln!(
        out,
        "last sync: {}",
        config::last_sync(reg.conn())?.unwrap_or_else(|| "never".into())
    )?;
    match worker::recorded(reg.conn())? {
        None => writeln!(
            out,
            "connection: unknown (no sync worker has run here yet: start `accredit sync`, `accredit checkin --stdin` or the app)"
        )?,
        Some(st) => {
            let at = st.recorded_at.clone().unwrap_or_default();
            let age = worker::age_secs(&at).unwrap_or(i64::MAX);
            let stale = age > STALE_SECS;
            let state = match st.state {
                NetState::Offline => format!(
                    "offline since {} because {}",
                    st.offline_since.as_deref().unwrap_or("?"),
                    st.last_error.as_deref().unwrap_or("the hub did not answer")
                ),
                NetState::AuthRefused | NetState::EventRefused => format!(
                    "{} since {}: {}",
                    st.state.as_str(),
                    st.offline_since.as_deref().unwrap_or("?"),
                    st.last_error.as_deref().unwrap_or("")
                ),
                s => s.as_str().to_string(),
            };
            if stale {
                writeln!(
                    out,
                    "connection: no sync worker running (its last record, {at}, said: {state}); start `accredit sync` to keep this station in step"
                )?;
            } else {
                writeln!(
                    out,
                    "connection: {state} (recorded by the sync worker, pid {}, at {at})",
                    st.pid
                )?;
            }
            if !st.advice.is_empty() {
                writeln!(out, "what to do: {}", st.advice)?;
            }
            writeln!(out, "last round: {}", st.last_sync.as_deref().unwrap_or("never"))?;
            let refused: Vec<String> = st.refused.iter().map(|(r, n)| format!("{n} {r}")).collect();
            writeln!(
                out,
                "refused since the worker started: {}",
                if refused.is_empty() {
                    "none".to_string()
                } else {
                    refused.join(", ")
                }
            )?;
            if st.oversize > 0 {
                writeln!(out, "oversize items skipped: {}", st.oversize)?;
            }
            writeln!(out, "stations the hub heard from: {}", st.stations.len())?;
            for s in &st.stations {
                let name = if s.name.is_empty() {
                    String::new()
                } else {
                    format!(" {:?}", s.name)
                };
                let mut marks = String::new();
                if !s.refused.is_empty() {
                    marks.push_str(&format!(" REFUSED: {}", s.refused));
                } else if !s.certified {
                    marks.push_str(" (no certificate on the hub)");
                }
                writeln!(
                    out,
                    "  {} {}{name} last heard {}{marks}",
                    s.id, s.role, s.last_heard
                )?;
            }
        }
    }
    if probe {
        let t = std::time::Instant::now();
        match Hub::connect(&cfg.login) {
            Ok(mut hub) => {
                let info = accredit::hub::local::station_info(reg)?;
                let event = accredit::hub::local::event_of(reg)?;
                match worker::check_event(&mut hub, &info, &event) {
                    Ok(()) => writeln!(
                        out,
                        "probe: a fresh login succeeded in {} ms",
                        t.elapsed().as_millis()
                    )?,
                    Err(e) => writeln!(out, "probe: logged in, but refused: {e}")?,
                }
            }
            Err(e) => writeln!(out, "probe: failed after {} ms: {e}", t.elapsed().as_millis())?,
        }
    }
    Ok(())
}
