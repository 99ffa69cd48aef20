//! `accredit hub purge URL [--whole-event] [--yes]`: removes this event's people from the hub
//! with the administrator's login, after asking (like `purge`) unless `--yes`.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use accredit::hub::HubLogin;
use accredit::hub::purge::{self, HubScope};
use anyhow::Context;

/// Arguments of `accredit hub purge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The administrator's URL of the hub's database, postgres://postgres:PASSWORD@HOST:PORT/DB.
    url: String,
    /// Remove every item of the event (door records, scans, certificates), not only the
    /// door records that hold the people's names and photos.
    #[arg(long)]
    whole_event: bool,
    /// The event whose items go (default: the event of this database).
    #[arg(long, value_name = "CODE")]
    event: Option<String>,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let admin = HubLogin::parse(&args.url)?;
    let event = match args.event {
        Some(e) => e.trim().to_ascii_uppercase(),
        None => super::open(db)?.event()?.code,
    };
    let scope = if args.whole_event {
        HubScope::WholeEvent
    } else {
        HubScope::Personal
    };
    let counts = purge::count(&admin, &event).context("nothing was purged")?;
    let what = match scope {
        HubScope::Personal => "door records (names and photos, every revision)",
        HubScope::WholeEvent => "items (door records, scans, certificates)",
    };
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "Remove the {} {what} of {event} from the hub {}? This cannot be undone.",
        counts.of(scope),
        admin.url
    )?;
    if !args.yes {
        write!(err, "Type the event code ({event}) to purge: ")?;
        err.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if answer.trim() != event {
            writeln!(err, "not purged: the event code was not typed; nothing changed")?;
            return Ok(ExitCode::FAILURE);
        }
    }
    let n = purge::purge(&admin, &event, scope).context("the hub purge did not finish")?;
    writeln!(
        std::io::stdout().lock(),
        "removed {n} {} of {event} from the hub {}",
        match scope {
            HubScope::Personal => "door records",
            HubScope::WholeEvent => "items",
        },
        admin.url
    )?;
    writeln!(
        err,
        "Stations keep their own copies: purge the desks (`accredit purge --personal-data`) and delete the door copies."
    )?;
    Ok(ExitCode::SUCCESS)
}
