//! `accredit station join URL` and `accredit station status`: a station and its hub.

use std::io::Write;

use accredit::Registry;
use accredit::hub::{Hub, HubLogin, JoinConfig, config};
use anyhow::Context;

/// `station join URL [--door-url URL]`: checks the login's rights, then stores it.
pub fn join(reg: &mut Registry, url: &str, door_url: Option<&str>) -> anyhow::Result<()> {
    let login = HubLogin::parse(url)?;
    let me = accredit::hub::local::station_info(reg)?;
    let (desk, station) = (me.desk, me.id);
    let mut hub = Hub::connect(&login).context("cannot join the hub")?;
    hub.check_role(desk)?;
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
    hub.heartbeat(&station, if desk { "desk" } else { "door" }, &me.name)?;
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
        "station {station} ({}) joined the hub {} with login {}; `accredit sync` or the app keeps it in step",
        if desk { "desk" } else { "door" },
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

/// `station status`, the hub part: hub, connection, waiting items, last sync, stations the
/// hub heard from.
pub fn status(reg: &Registry, out: &mut impl Write) -> anyhow::Result<()> {
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
    match Hub::connect(&cfg.login) {
        Ok(mut hub) => {
            writeln!(out, "connection: connected")?;
            let stations = hub.stations()?;
            writeln!(out, "stations the hub heard from: {}", stations.len())?;
            for s in stations {
                let name = if s.name.is_empty() {
                    String::new()
                } else {
                    format!(" {:?}", s.name)
                };
                writeln!(out, "  {} {}{name} last heard {}", s.id, s.role, s.last_heard)?;
            }
        }
        Err(e) => {
            writeln!(out, "connection: offline ({e})")?;
        }
    }
    Ok(())
}
