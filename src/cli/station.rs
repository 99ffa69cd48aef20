//! `accredit station`: door copies, certificates, exports and merges between stations, and the
//! station's state.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accredit::network::{self, Role};
use accredit::sync;
use anyhow::Context;

/// Arguments of `accredit station`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub action: Action,
}

/// The station actions.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Write a door copy of the registry (no signing key, no e-mails) or, with `--role desk`,
    /// a desk copy (everything but the event key; its own serials; comes joined with the
    /// desk login): a new station id and key, certified by the event key.
    Package {
        /// The station database to create (must not exist).
        #[arg(long, value_name = "DOOR.sqlite3")]
        out: PathBuf,
        /// The station's name for people ("Door A, Heldenplatz", "Desk B").
        #[arg(long, value_name = "NAME", default_value = "")]
        name: String,
        /// What the copy is: a door (default) or another desk.
        #[arg(long, value_enum, default_value = "door")]
        role: RoleArg,
    },
    /// Certify an existing station database (a door copy from an earlier version) with the
    /// event key (desk only).
    Enroll {
        /// The station database.
        #[arg(value_name = "STATION.sqlite3")]
        station: PathBuf,
        /// The station's name for people.
        #[arg(long, value_name = "NAME", default_value = "")]
        name: String,
        /// The station's role.
        #[arg(long, value_enum, default_value = "door")]
        role: RoleArg,
    },
    /// This station's identity, what it waits to send, the stations it knows, and its hub
    /// as its sync worker last recorded it (never waits on the hub).
    Status {
        /// Also try a fresh login to the hub now (under the same deadline as the worker's).
        #[arg(long)]
        probe: bool,
    },
    /// Write every certificate, door record and scan this station knows to an export file
    /// (SQLite; from the desk it carries reissues, withdrawals and new delegates to doors).
    Export {
        /// The file to write (replaced if it exists).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Verify and merge what other stations exported (export files or station databases),
    /// idempotently; refused items are counted by reason.
    Merge {
        /// Scan export files or station databases.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Make this station sync through a hub (login checked, URL and password stored here).
    Join {
        /// The login's URL, postgres://USER:PASSWORD@HOST:PORT/DB (desk, door or administrator).
        url: String,
        /// At the desk: the door login that door copies packaged here get.
        #[arg(long, value_name = "URL")]
        door_url: Option<String>,
    },
    /// Leave the hub: the station works alone again (nothing local is removed).
    Leave,
    /// Revoke a station (a door copy or desk lost or stolen), at a desk: signed by the event
    /// key, sent to every station; its items from --since on are refused everywhere and
    /// dropped (who is inside is computed again).
    Revoke {
        /// The station id (as `station status` lists it).
        id: String,
        /// From when its items count for nothing, RFC 3339 (default: now). Give the time the
        /// copy left your hands: what a thief dates earlier cannot be told apart.
        #[arg(long, value_name = "RFC3339")]
        since: Option<String>,
        /// Why (kept with the revocation).
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Print this database's station id, or change it with --set.
    Id {
        /// The new station id (letters, digits, '-', '_').
        #[arg(long, value_name = "ID")]
        set: Option<String>,
        /// Also name the station (what guards read, e.g. "Door A").
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
    /// Print the station's name (what the Door screen shows instead of its id), or set it.
    Name {
        /// The new name, 1 to 64 characters ("" removes it).
        #[arg(long, value_name = "NAME")]
        set: Option<String>,
        /// Another station's id as it appears in merged logs (default: this database's).
        #[arg(long, value_name = "ID")]
        station: Option<String>,
    },
}

/// `--role desk|door`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    /// A desk (holds the event key).
    Desk,
    /// A door.
    Door,
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut reg = super::open(db)?;
    let mut out = std::io::stdout().lock();
    match args.action {
        Action::Package {
            out: file,
            name,
            role: RoleArg::Desk,
        } => {
            let r = sync::package_desk(&mut reg, &file, &name).context("cannot package a desk copy")?;
            writeln!(
                out,
                "packaged desk copy {} with station id {}{}: {} delegates, no event key (its changes are signed by its own certified key)",
                file.display(),
                r.station_id,
                if name.trim().is_empty() {
                    String::new()
                } else {
                    format!(" ({})", name.trim())
                },
                r.delegates,
            )?;
            if let Some(url) = &r.hub {
                writeln!(out, "the desk copy syncs with the hub {url} (desk login)")?;
            }
        }
        Action::Package {
            out: file,
            name,
            role: RoleArg::Door,
        } => {
            let r = sync::package_named(&reg, &file, &name).context("cannot package a door copy")?;
            writeln!(
                out,
                "packaged door copy {} with station id {}{}: {} delegates, {} photos, no signing key, no e-mails",
                file.display(),
                r.station_id,
                if name.trim().is_empty() {
                    String::new()
                } else {
                    format!(" ({})", name.trim())
                },
                r.delegates,
                r.photos
            )?;
            if let Some(url) = &r.hub {
                writeln!(out, "the door copy syncs with the hub {url} (door login)")?;
            }
        }
        Action::Enroll { station, name, role } => {
            let role = match role {
                RoleArg::Desk => Role::Desk,
                RoleArg::Door => Role::Door,
            };
            let id = sync::enroll(&reg, &station, &name, role)
                .with_context(|| format!("cannot enroll {}", station.display()))?;
            writeln!(
                out,
                "certified station {id} ({}) as {} in {}",
                name.trim(),
                role.as_str(),
                station.display()
            )?;
        }
        Action::Status { probe } => {
            status(&reg, &mut out)?;
            super::station_hub::status(&reg, probe, &mut out)?;
        }
        Action::Export { out: file } => {
            let r = sync::export(&reg, &file).context("cannot export")?;
            writeln!(
                out,
                "exported {} scans, {} door records and {} certificates of station {} to {}",
                r.scans,
                r.records,
                r.certs,
                r.station_id,
                file.display()
            )?;
        }
        Action::Merge { files } => {
            let mut suspicious = 0;
            for file in files {
                let r = sync::merge(&mut reg, &file)?;
                suspicious += r
                    .refused
                    .iter()
                    .filter(|(why, _)| !why.is_routine())
                    .map(|(_, n)| n)
                    .sum::<u64>();
                let refused: Vec<String> = r.refused.iter().map(|(why, n)| format!("{n} {why}")).collect();
                writeln!(
                    out,
                    "merged {} from station {}: {} items read, {} added, {} already known, {} refused{}",
                    file.display(),
                    r.from_station,
                    r.read,
                    r.added,
                    r.known,
                    r.refused_total(),
                    if refused.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", refused.join(", "))
                    }
                )?;
            }
            if suspicious > 0 {
                out.flush()?;
                writeln!(
                    std::io::stderr(),
                    "accredit: {suspicious} items refused (forged, damaged, unsigned or of another event): \
                     nothing refused was applied; the rest was merged"
                )?;
                return Ok(ExitCode::FAILURE);
            }
        }
        Action::Join { url, door_url } => {
            super::station_hub::join(&mut reg, &url, door_url.as_deref())?;
        }
        Action::Revoke { id, since, reason } => {
            let r = network::revoke::revoke(&mut reg, id.trim(), since.as_deref(), &reason)
                .with_context(|| format!("cannot revoke station {}", id.trim()))?;
            writeln!(
                out,
                "revoked station {} from {}: {} of its scans dropped here; every station refuses its items from then on once the revocation reaches it (hub or `station export`)",
                r.station, r.since, r.dropped
            )?;
        }
        Action::Leave => {
            accredit::hub::config::leave(&mut reg)?;
            writeln!(out, "station {} left its hub and works alone", reg.station_id()?)?;
        }
        Action::Id { set, name } => {
            if let Some(id) = set {
                sync::set_station_id(&reg, &id)?;
            }
            let id = reg.station_id()?;
            if let Some(name) = name {
                accredit::checkin::set_station_name(&reg, &id, &name)?;
            }
            writeln!(out, "{id}")?;
        }
        Action::Name { set, station } => {
            let id = match station {
                Some(s) => s.trim().to_string(),
                None => reg.station_id()?,
            };
            if let Some(name) = set {
                accredit::checkin::set_station_name(&reg, &id, &name)?;
            }
            let names = accredit::checkin::station_names(&reg)?;
            match names.get(&id) {
                Some(n) => writeln!(out, "{id}\t{n}")?,
                None => writeln!(out, "{id}\t(no name: the Door screen shows the id)")?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `accredit station status`: the local part (identity, queue, known stations).
fn status(reg: &accredit::Registry, out: &mut impl Write) -> anyhow::Result<()> {
    let st = network::status::local(reg)?;
    writeln!(out, "station: {} ({})", st.station_id, st.role.as_str())?;
    if !st.name.is_empty() {
        writeln!(out, "name: {}", st.name)?;
    }
    writeln!(out, "logged as: {}", st.log_name)?;
    writeln!(out, "event: {}", st.event)?;
    writeln!(
        out,
        "certificate: {}",
        if st.certified {
            "signed by the event key"
        } else {
            "none: scans from here are refused elsewhere; enroll this station at the desk"
        }
    )?;
    writeln!(
        out,
        "scans: {} ({} made here, {} unverified from before signing), door records: {}, held: {}",
        st.scans, st.own_scans, st.unverified, st.records, st.held
    )?;
    writeln!(out, "double entries: {}", st.double_entries)?;
    writeln!(out, "local items: {} (last seq {})", st.local_items, st.last_seq)?;
    let revoked = network::revoke::all_items(reg.conn())?;
    if !revoked.is_empty() {
        let ids: Vec<String> = revoked
            .iter()
            .map(|i| {
                let since = network::revoke::stored(reg.conn(), &i.key)
                    .ok()
                    .flatten()
                    .map(|(s, _)| s)
                    .unwrap_or_default();
                format!("{} (from {since})", i.key)
            })
            .collect();
        writeln!(out, "revoked stations: {}", ids.join(", "))?;
    }
    writeln!(out, "stations known: {}", st.stations.len())?;
    for s in &st.stations {
        writeln!(
            out,
            "  {} {} ({}): {} scans, last heard {}",
            s.id,
            s.role.as_str(),
            if s.name.is_empty() { "unnamed" } else { &s.name },
            s.scans,
            if s.last_scan.is_empty() {
                "never"
            } else {
                &s.last_scan
            }
        )?;
    }
    Ok(())
}
