//! `accredit hub init URL`: creates or updates the hub's schema and its two logins.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use accredit::hub::{HubLogin, schema};
use anyhow::Context;

/// Arguments of `accredit hub`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub action: Action,
}

/// The hub actions.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Create (or bring up to date) the hub in a PostgreSQL database, with the desk and door
    /// logins; run again at any time: nothing changes but what is missing.
    Init {
        /// The administrator's URL of the database, postgres://postgres:PASSWORD@HOST:PORT/DB.
        url: String,
        /// Give both logins new passwords (stations must join again with the new URLs).
        #[arg(long)]
        new_passwords: bool,
    },
    /// Remove this event's people from the hub: its door records (names, photos) in every
    /// revision, or with --whole-event every item of the event. Needs the administrator's
    /// login; asks for the event code unless --yes.
    Purge(super::hub_purge::Args),
}

/// Runs the subcommand (needs no station database).
pub fn run(args: Args, _db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let (url, new_passwords) = match args.action {
        Action::Init { url, new_passwords } => (url, new_passwords),
        Action::Purge(a) => return super::hub_purge::run(a, _db),
    };
    let admin = HubLogin::parse(&url)?;
    let r = schema::init(&admin, new_passwords).context("cannot set up the hub")?;
    let mut out = std::io::stdout().lock();
    if r.version_before == r.version {
        writeln!(
            out,
            "hub {} is up to date (schema version {})",
            admin.url, r.version
        )?;
    } else {
        writeln!(
            out,
            "hub {}: schema version {} -> {}",
            admin.url, r.version_before, r.version
        )?;
    }
    for (what, role) in [("desk", &r.desk), ("door", &r.door)] {
        if role.new_password {
            writeln!(out, "{what} login: {}", role.login.full_url())?;
        } else {
            writeln!(
                out,
                "{what} login: {} (password unchanged; `accredit hub init URL --new-passwords` sets new ones)",
                role.login.url
            )?;
        }
    }
    if r.desk.new_password && r.door.new_password {
        writeln!(
            out,
            "join the desk (its door copies then come joined):\n  accredit station join '{}' --door-url '{}'",
            r.desk.login.full_url(),
            r.door.login.full_url()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
