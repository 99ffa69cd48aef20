//! `accredit purge --personal-data`: removes the personal data of every delegate after the
//! event, keeping the counts and a verifiable audit trail.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

/// Arguments of `accredit purge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Remove every personal field of every delegate but those kept for statistics
    /// (delegation, category, days, zones, status; gender when the event keeps it), and
    /// their signed door records.
    #[arg(long, required_unless_present = "sensitive", conflicts_with = "sensitive")]
    personal_data: bool,
    /// Remove only the sensitive fields (date of birth, identity document, vetting note).
    #[arg(long)]
    sensitive: bool,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
}

/// Runs the subcommand.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let scope = if args.sensitive && !args.personal_data {
        accredit::records::Scope::Sensitive
    } else {
        accredit::records::Scope::Personal
    };
    let mut reg = super::open(db)?;
    let plan = accredit::records::purge::plan_scope(&reg, scope).context("nothing was purged")?;
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
    let hub = accredit::hub::config::load(reg.conn())
        .ok()
        .flatten()
        .map(|c| c.login.url);
    let report =
        accredit::records::purge::purge_scope(&mut reg, scope).context("the purge did not finish")?;
    let mut out = std::io::stdout().lock();
    if scope == accredit::records::Scope::Sensitive {
        writeln!(
            out,
            "purged the sensitive data of {} people of {}; file vacuumed ({} -> {} bytes)",
            report.people, plan.event_code, report.bytes_before, report.bytes_after
        )?;
    } else {
        writeln!(
            out,
            "purged the personal data of {} people of {}: {} audit values and {} import batches replaced by their hashes, \
             {} scan reasons removed, {} door records and waiting items removed; file vacuumed ({} -> {} bytes)",
            report.people,
            plan.event_code,
            report.audit_values,
            report.batches,
            report.reasons,
            report.door_records,
            report.bytes_before,
            report.bytes_after
        )?;
    }
    writeln!(err, "Not reached by this purge:")?;
    if let Some(url) = hub
        && scope == accredit::records::Scope::Personal
    {
        writeln!(
            err,
            "  the hub {url}: run `accredit hub purge URL --yes` with the administrator's login"
        )?;
    }
    for line in &report.unreachable {
        writeln!(err, "  {line}")?;
    }
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
