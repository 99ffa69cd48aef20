//! `accredit station`: door copies, scan exports and merges between door stations.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    /// Write a door copy of the registry: no signing key, no e-mails, a new station id.
    Package {
        /// The door database to create (must not exist).
        #[arg(long, value_name = "DOOR.sqlite3")]
        out: PathBuf,
    },
    /// Write every scan this station knows to a scan export file (SQLite).
    Export {
        /// The file to write (replaced if it exists).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Merge the scans of other stations (scan exports or station databases), idempotently.
    Merge {
        /// Scan export files or station databases.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
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

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut reg = super::open(db)?;
    let mut out = std::io::stdout().lock();
    match args.action {
        Action::Package { out: file } => {
            let r = sync::package(&reg, &file).context("cannot package a door copy")?;
            writeln!(
                out,
                "packaged door copy {} with station id {}: {} delegates, {} photos, no signing key, no e-mails",
                file.display(),
                r.station_id,
                r.delegates,
                r.photos
            )?;
        }
        Action::Export { out: file } => {
            let r = sync::export(&reg, &file).context("cannot export the scans")?;
            writeln!(
                out,
                "exported {} scans of station {} to {}",
                r.scans,
                r.station_id,
                file.display()
            )?;
        }
        Action::Merge { files } => {
            for file in files {
                let r = sync::merge(&mut reg, &file)?;
                writeln!(
                    out,
                    "merged {} from station {}: {} scans read, {} added, {} already known{}",
                    file.display(),
                    r.from_station,
                    r.read,
                    r.added,
                    r.known,
                    if r.conflicting > 0 {
                        format!(", {} conflicting (kept as they were here)", r.conflicting)
                    } else {
                        String::new()
                    }
                )?;
            }
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
