//! `accredit stats`: to be written.

use std::path::Path;
use std::process::ExitCode;

/// Arguments of `accredit stats`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args, _db: Option<&Path>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`accredit stats` is not written yet")
}
