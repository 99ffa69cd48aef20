//! `accredit audit verify`: checks the audit trail's hash chain and prints its head.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use accredit::registry::chain;
use anyhow::Context;

/// Arguments of `accredit audit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Check every entry of the audit trail against the hash chain; name the first entry that
    /// does not match (exit 1); print the head hash (write it down or sign it).
    Verify,
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let Sub::Verify = args.command;
    let reg = super::open(db)?;
    let started = std::time::Instant::now();
    let result = chain::verify(reg.conn()).context("cannot read the audit trail")?;
    let mut out = std::io::stdout().lock();
    // Delegates edited behind accredit's back (sqlite3 at the desk): compared with the
    // trail's last entry for each. A door copy keeps no trail.
    let drift = match &result {
        Ok(_) if !reg.is_door_copy()? => {
            accredit::registry::delegates::drift(reg.conn(), 20).context("cannot read the audit trail")?
        }
        _ => (Vec::new(), 0),
    };
    if let (Ok(_), (differences, n)) = (&result, &drift)
        && *n > 0
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "audit chain verified, but {n} delegate(s) differ from it:")?;
        for d in differences {
            writeln!(out, "  {d}")?;
        }
        if *n > differences.len() {
            writeln!(out, "  and {} more", n - differences.len())?;
        }
        writeln!(
            std::io::stderr().lock(),
            "accredit: error: {n} delegate(s) were changed outside accredit (their values differ \
             from the audit trail's last entry for them); restore the latest backup that verifies"
        )?;
        return Ok(ExitCode::FAILURE);
    }
    match result {
        Ok(v) => {
            writeln!(
                out,
                "audit chain verified: {} entries in {:.0} ms",
                v.entries,
                started.elapsed().as_secs_f64() * 1000.0
            )?;
            match v.head {
                Some((id, h)) => writeln!(out, "head: entry {id} {}", chain::hex(&h))?,
                None => writeln!(out, "head: none (the audit trail is empty)")?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(broken) => {
            writeln!(out, "audit chain BROKEN: {broken}")?;
            writeln!(
                std::io::stderr().lock(),
                "accredit: error: the audit trail was changed outside accredit: {broken}; \
                 restore the latest backup that verifies"
            )?;
            Ok(ExitCode::FAILURE)
        }
    }
}
