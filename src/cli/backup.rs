//! `accredit backup --out FILE`: a consistent, verified copy of the database, made while the
//! app or a door goes on using it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accredit::registry::chain;
use anyhow::Context;

/// Arguments of `accredit backup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The copy to write (mode 0600; never replaces an existing file).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let path = super::db_path(db)?;
    if !path.exists() {
        anyhow::bail!("no database to back up: {}", path.display());
    }
    // Open it as the registry first: a damaged or newer file is named as such.
    let reg = super::open(db)?;
    let report = accredit::records::backup(reg.conn(), &args.out)
        .with_context(|| format!("the backup was not written: {}", args.out.display()))?;
    let id = &report.identity;
    let head = id
        .head
        .map(|(n, h)| format!("entry {n} {}", chain::hex(&h)))
        .unwrap_or_else(|| "none".into());
    writeln!(
        std::io::stdout().lock(),
        "backup written and verified: {} ({} bytes; event {}, {} delegates, {} audit entries, audit head {head})",
        report.path.display(),
        report.bytes,
        id.event_code,
        id.delegates,
        id.audit_entries,
    )?;
    Ok(ExitCode::SUCCESS)
}
