//! The command line: one file per subcommand, each a thin shell over the core.

mod audit;
mod backup;
mod badges;
mod checkin;
mod conflicts;
mod delegate;
mod event;
mod export;
mod hub;
mod hub_purge;
mod hub_serve;
mod import;
mod nominations;
mod participants;
mod presence;
mod purge;
mod registry;
mod reissue;
mod restore;
mod station;
mod station_hub;
mod stats;
mod sync;
mod vetting;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accredit::Registry;
use anyhow::Context;
use clap::{Parser, Subcommand};

/// Accreditation desk, badge printing and door check-in.
///
/// With no subcommand, opens the desktop app.
#[derive(Debug, Parser)]
#[command(name = "accredit", version, about)]
pub struct Cli {
    /// The database file (default: accredit.sqlite3 in the platform data folder).
    #[arg(long, global = true, env = "ACCREDIT_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The delegations of the registry.
    Registry(registry::Args),
    /// Import nominations from CSV.
    Import(import::Args),
    /// Export delegates or check-ins to CSV.
    Export(export::Args),
    /// Nomination workbooks for the delegations' focal points.
    Nominations(nominations::Args),
    /// Show or change the event: title, dates, venue, zones, categories.
    Event(event::Args),
    /// Print badges to PDF.
    Badges(badges::Args),
    /// Issue a new badge version, revoking the previous one.
    Reissue(reissue::Args),
    /// The list of participants, in protocol order (PDF or CSV).
    Participants(participants::Args),
    /// Check a scanned badge in at the door (or out at an exit; annul a mistaken admission).
    Checkin(checkin::Args),
    /// Who is inside now, by delegation with time of entry (the evacuation roll).
    Presence(presence::Args),
    /// Counts per delegation and category: accredited, printed, checked in.
    Stats(stats::Args),
    /// Door stations: package a door copy, export and merge scan logs.
    Station(station::Args),
    /// The audit trail's hash chain: verify it and print its head.
    Audit(audit::Args),
    /// A consistent, verified copy of the database (while the app or a door runs).
    Backup(backup::Args),
    /// Replace the database by a backup of the same event (the replaced one is kept).
    Restore(restore::Args),
    /// After the event: remove the personal data, keep the counts.
    Purge(purge::Args),
    /// The event network's hub (PostgreSQL): set it up.
    Hub(hub::Args),
    /// Sync this station with its hub in the foreground (`--once`: one round).
    Sync(sync::Args),
    /// One delegate: show it, change fields, change its status with a reason.
    Delegate(delegate::Args),
    /// Fields with two values (desks that changed them concurrently, a re-import): list, resolve.
    Conflicts(conflicts::Args),
    /// Security vetting: export the people to vet, import the verdicts.
    Vetting(vetting::Args),
}

/// Runs the program; errors are printed once, with their causes.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Leftovers of a killed run in the working folder (see `atomic_file::sweep`).
    accredit::atomic_file::sweep(std::path::Path::new("."));
    let result = match cli.command {
        None => run_gui(cli.db.as_deref()),
        Some(cmd) => run(cmd, cli.db.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "accredit: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cmd: Command, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Registry(a) => registry::run(a, db),
        Command::Import(a) => import::run(a, db),
        Command::Export(a) => export::run(a, db),
        Command::Nominations(a) => nominations::run(a, db),
        Command::Event(a) => event::run(a, db),
        Command::Badges(a) => badges::run(a, db),
        Command::Reissue(a) => reissue::run(a, db),
        Command::Participants(a) => participants::run(a, db),
        Command::Checkin(a) => checkin::run(a, db),
        Command::Presence(a) => presence::run(a, db),
        Command::Stats(a) => stats::run(a, db),
        Command::Station(a) => station::run(a, db),
        Command::Audit(a) => audit::run(a, db),
        Command::Backup(a) => backup::run(a, db),
        Command::Restore(a) => restore::run(a, db),
        Command::Purge(a) => purge::run(a, db),
        Command::Hub(a) => hub::run(a, db),
        Command::Sync(a) => sync::run(a, db),
        Command::Delegate(a) => delegate::run(a, db),
        Command::Conflicts(a) => conflicts::run(a, db),
        Command::Vetting(a) => vetting::run(a, db),
    }
}

/// Without the `gui` feature there is no desktop app: say so and how to get it.
#[cfg(not(feature = "gui"))]
fn run_gui(_db: Option<&Path>) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this accredit was built without the desktop app (cargo feature `gui`); \
         run a subcommand (accredit --help) or build with default features"
    )
}

/// Opens the desktop app on the database (created and seeded on first start).
#[cfg(feature = "gui")]
fn run_gui(db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let reg = open(db)?;
    let title = format!("accredit: {}", reg.event().map(|e| e.title).unwrap_or_default());
    let mut options = accredit::gui::native_options();
    options.viewport = options.viewport.with_title(title);
    eframe::run_native(
        "accredit",
        options,
        Box::new(move |cc| {
            let app = accredit::gui::AccreditApp::from_creation_context(cc, reg)?;
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The database path: `--db`, `ACCREDIT_DB`, else the platform default.
pub fn db_path(db: Option<&Path>) -> anyhow::Result<PathBuf> {
    match db {
        Some(p) => Ok(p.to_path_buf()),
        None => Registry::default_path().context("no platform data folder; pass --db PATH"),
    }
}

/// Opens the registry for a subcommand.
pub fn open(db: Option<&Path>) -> anyhow::Result<Registry> {
    let path = db_path(db)?;
    let mut reg =
        Registry::open(&path).with_context(|| format!("cannot open the database {}", path.display()))?;
    for notice in reg.take_notices() {
        let _ = writeln!(std::io::stderr(), "accredit: note: {notice}");
    }
    Ok(reg)
}

/// `--order en|fr|de|ru|es|it` (also `--lang`): protocol order, delegation names and the
/// list's own words in one of the OSCE's six languages.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OrderArg {
    /// English.
    En,
    /// French.
    Fr,
    /// German.
    De,
    /// Russian.
    Ru,
    /// Spanish.
    Es,
    /// Italian.
    It,
}

impl From<OrderArg> for accredit::registry::NameOrder {
    fn from(o: OrderArg) -> Self {
        match o {
            OrderArg::En => Self::En,
            OrderArg::Fr => Self::Fr,
            OrderArg::De => Self::De,
            OrderArg::Ru => Self::Ru,
            OrderArg::Es => Self::Es,
            OrderArg::It => Self::It,
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
