//! `accredit reissue REF`: a new badge version, revoking the previous pass.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

/// Arguments of `accredit reissue`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The delegate: registry id or external id.
    #[arg(value_name = "REF")]
    reference: String,
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut reg = super::open(db)?;
    let d = reg
        .find_delegate(&args.reference)
        .with_context(|| format!("cannot reissue {}", args.reference))?;
    let version = reg
        .reissue(d.id)
        .with_context(|| format!("cannot reissue the badge of delegate {}", d.id))?;
    writeln!(
        std::io::stdout().lock(),
        "Delegate {} {}: badge version {version} issued; version {} and older are revoked. \
         Print it with `accredit badges --out FILE.pdf --id {}`.",
        d.id,
        d.display_name(),
        version - 1,
        d.id
    )?;
    Ok(ExitCode::SUCCESS)
}
