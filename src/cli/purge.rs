//! `accredit purge --personal-data`: removes the personal data of every delegate after the
//! event, keeping the counts and a verifiable audit trail.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

/// Arguments of `accredit purge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Remove names, native names, e-mails, functions, photos, attention notes and external
    /// ids of every delegate (required: says what is purged).
    #[arg(long, required = true)]
    personal_data: bool,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let _ = args.personal_data;
    let mut reg = super::open(db)?;
    let plan = accredit::records::purge::plan(&reg).context("nothing was purged")?;
    let mut err = std::io::stderr().lock();
    writeln!(err, "{}", plan.question())?;
    if let Some(at) = &plan.purged_at {
        writeln!(err, "(It was purged before, at {at}.)")?;
    }
    if !args.yes {
        write!(err, "Type the event code ({}) to purge: ", plan.event_code)?;
        err.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if answer.trim() != plan.event_code {
            writeln!(err, "not purged: the event code was not typed; nothing changed")?;
            return Ok(ExitCode::FAILURE);
        }
    }
    let report = accredit::records::purge::purge(&mut reg).context("the purge did not finish")?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "purged the personal data of {} people of {}: {} audit values and {} import batches replaced by their hashes, \
         {} scan reasons removed; file vacuumed ({} -> {} bytes)",
        report.people,
        plan.event_code,
        report.audit_values,
        report.batches,
        report.reasons,
        report.bytes_before,
        report.bytes_after
    )?;
    for copy in &report.copies {
        writeln!(
            err,
            "warning: this copy still holds personal data; delete it: {}",
            copy.display()
        )?;
    }
    writeln!(
        err,
        "Backups made before the purge still hold personal data: delete them too."
    )?;
    Ok(ExitCode::SUCCESS)
}
