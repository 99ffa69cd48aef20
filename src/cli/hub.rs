//! `accredit hub init URL` (creates or updates the hub's schema and its two logins) and
//! `accredit hub serve --data DIR --listen ADDR:PORT` (a private PostgreSQL hub in one
//! command).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accredit::hub::{Hub, HubLogin, schema};
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
    /// logins; run again at any time: nothing changes but what is missing. With --db (the
    /// desk's database), the hub records that database's event (code and key): stations of
    /// another event are refused.
    Init {
        /// The administrator's URL of the database, postgres://postgres:PASSWORD@HOST:PORT/DB.
        url: String,
        /// Give both logins new passwords (stations must join again with the new URLs;
        /// sessions with the old ones are ended).
        #[arg(long)]
        new_passwords: bool,
    },
    /// Run a private PostgreSQL hub from the installed server binaries: a cluster in DIR
    /// (made on first use: scram-sha-256 logins, TLS with a certificate of its own CA),
    /// reachable at ADDR:PORT, set up with `hub init`; prints the logins and the exact
    /// `station join` lines; stops cleanly on Ctrl+C or SIGTERM.
    Serve {
        /// The hub's folder (created; holds the cluster, the CA and the logins, mode 0700).
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// The address and port stations reach it at (0.0.0.0:5432 for every interface).
        #[arg(long, value_name = "ADDR:PORT")]
        listen: String,
        /// Host names or IP addresses the certificate names besides the listen address (for
        /// stations that reach the hub by name); may be repeated.
        #[arg(long, value_name = "HOST")]
        name: Vec<String>,
    },
    /// Remove this event's people from the hub: its door records (names, photos) in every
    /// revision, or with --whole-event every item of the event. Needs the administrator's
    /// login; asks for the event code unless --yes.
    Purge(super::hub_purge::Args),
}

/// Runs the subcommand (needs no station database; `--db` names the desk's).
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    match args.action {
        Action::Init { url, new_passwords } => init(&url, new_passwords, db),
        Action::Serve { data, listen, name } => super::hub_serve::run(&data, &listen, &name, db),
        Action::Purge(a) => super::hub_purge::run(a, db),
    }
}

fn init(url: &str, new_passwords: bool, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let admin = HubLogin::parse(url)?;
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
    if let Some(db) = db {
        let event = record_event(&admin, db)?;
        writeln!(out, "hub event: {event}")?;
    }
    print_logins(&mut out, &r, db)?;
    Ok(ExitCode::SUCCESS)
}

/// Records the event of the desk database `db` at the hub (the administrator's login may
/// claim it); returns "CODE (key KEYHEX…)". Refused when the hub serves another event.
pub fn record_event(admin: &HubLogin, db: &Path) -> anyhow::Result<String> {
    let reg = accredit::Registry::open(db).with_context(|| format!("cannot open {}", db.display()))?;
    if reg.is_door_copy()? {
        anyhow::bail!(
            "{} is a door copy: give the desk's database with --db (the hub records the desk's event)",
            db.display()
        );
    }
    let (code, key) = accredit::hub::local::event_of(&reg)?;
    let mut hub = Hub::connect(admin).context("cannot record the event at the hub")?;
    match hub.event(Some((&code, &key)))? {
        Some((c, k)) if c == code && k == key => {
            Ok(format!("{code} (key {}…)", key.get(..16).unwrap_or(&key)))
        }
        Some((c, _)) => anyhow::bail!(
            "the hub already serves the event {c} (another event or another event key than {} in {}); a hub serves one event: use another database for this one",
            code,
            db.display()
        ),
        None => anyhow::bail!("the hub did not record the event"),
    }
}

/// Prints the desk and door logins and the exact `station join` lines.
pub fn print_logins(out: &mut impl Write, r: &schema::InitReport, db: Option<&Path>) -> anyhow::Result<()> {
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
        let desk_db = db
            .map(|p| {
                shell_quote(
                    &std::path::absolute(p)
                        .unwrap_or_else(|_| p.to_path_buf())
                        .display()
                        .to_string(),
                )
            })
            .unwrap_or_else(|| "DESK.sqlite3".into());
        writeln!(
            out,
            "join the desk (its door copies then come joined):\n  accredit --db {desk_db} station join {} --door-url {}",
            shell_quote(&r.desk.login.full_url()),
            shell_quote(&r.door.login.full_url())
        )?;
        writeln!(
            out,
            "join a door copy made before (packaged by this desk):\n  accredit --db DOOR.sqlite3 station join {}",
            shell_quote(&r.door.login.full_url())
        )?;
    }
    Ok(())
}

/// `s` quoted for a POSIX shell (single quotes).
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}
